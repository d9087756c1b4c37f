"""Gradient flow through the course's toy recurrence h_t = g(w_xh x_t + w_hh h_{t-1} + b), and a vector RNN.

`run_toy` gets dh_T/dh_k twice: from torch autograd and from the chain-rule product
prod_{t=k+1..T} w_hh g'(a_t). `run_vector` (engine.toy_vector, re-exported here) does the same with
Jacobian matrices. Verdict rule (both): |dh_T/dh_0| < 1e-3 is vanishing, > 1e3 exploding, else stable.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from engine.fields import SettingError, setting, validate
from engine.messages import message
from engine.slopes import (  # noqa: F401
    ACTIVATIONS,
    EXPLODING,
    G_MAX,
    TINY,
    VANISHING,
    floats,
    g_prime,
    plain,
)
from engine.toy_vector import (  # noqa: F401
    INPUT_SIZE,
    STRUCTURES,
    VectorConfig,
    autograd_jacobian,
    circle_points,
    jacobian_products,
    run_vector,
    unroll,
    vector_weights,
)

INPUT_KINDS = ("constant", "alternating", "random", "typed")


@dataclass(frozen=True)
class ToyConfig:
    w_hh: float = setting(3.0, "Recurrent weight: multiplies h_{t-1} at every step, so it appears T-k "
                          "times in dh_T/dh_k.", lo=-10.0, hi=10.0)
    w_xh: float = setting(2.0, "Input weight: scales the input x_t.", lo=-10.0, hi=10.0)
    b: float = setting(1.0, "Bias added at every step; a large |b| pushes tanh/sigmoid into "
                       "saturation, where g'(a) is nearly 0.", lo=-10.0, hi=10.0)
    length: int = setting(20, "Sequence length T: how many steps the gradient travels back.", lo=2, hi=100)
    h0: float = setting(0.0, "Initial hidden state h_0.", lo=-5.0, hi=5.0)
    activation: str = setting("tanh", "Non-linearity g; its slope g'(a_t) multiplies the gradient at "
                              "every step.", choices=tuple(ACTIVATIONS))
    x: tuple = setting((0.5,) * 20, "The input sequence x_1..x_T: exactly `length` numbers.")

    def __post_init__(self):
        validate(self)
        object.__setattr__(self, "x", tuple(float(v) for v in self.x))
        if len(self.x) != self.length:
            raise SettingError.of("toy_x_count", count=len(self.x), length=self.length)
        if not all(math.isfinite(v) for v in self.x):
            raise SettingError.of("toy_x_finite")


def make_inputs(kind: str, length: int, value: float = 0.5, seed: int = 0, typed: str = "") -> tuple:
    """x_1..x_T: constant v; alternating +v, -v, ...; random normal with std |v| (seeded); or typed
    comma-separated numbers (one number is repeated T times)."""
    if kind == "constant":
        return (float(value),) * length
    if kind == "alternating":
        return tuple(float(value) * (-1) ** t for t in range(length))
    if kind == "random":
        return tuple(float(v) for v in np.random.default_rng(seed).normal(0.0, abs(value), length))
    if kind != "typed":
        raise SettingError.of("toy_kind", kind=repr(kind), choices=", ".join(INPUT_KINDS))
    numbers = []
    for token in (t.strip() for t in typed.split(",")):
        if not token:
            continue
        try:
            number = float(token)
        except ValueError:
            raise SettingError.of("toy_not_number", token=token) from None
        if not math.isfinite(number):
            raise SettingError.of("toy_not_finite", token=token)
        numbers.append(number)
    if not numbers:
        raise SettingError.of("toy_type", length=length)
    if len(numbers) == 1:
        return (numbers[0],) * length
    if len(numbers) != length:
        raise SettingError.of("toy_typed_count", count=len(numbers), length=length)
    return tuple(numbers)


def _verdict(size: float, finite: bool, factor: np.ndarray, gp: np.ndarray, config: ToyConfig) -> tuple:
    """(verdict, one sentence with the numbers) for |dh_T/dh_0| = size."""
    T, w_hh, act = config.length, config.w_hh, config.activation
    with np.errstate(divide="ignore", invalid="ignore"):
        geo = float(np.exp(np.mean(np.log(factor))))  # geometric mean of the per-step factors
    g = f"{geo:.3g}"
    if not finite or not math.isfinite(size):
        return "exploding", message("toy_overflow", geo=g, T=T)
    if size < VANISHING:
        mean_gp = float(np.mean(np.abs(gp)))
        if act == "relu" and size == 0:
            return "vanishing", message("toy_relu_off", t=int(np.argmin(gp)) + 1)
        if act in ("tanh", "sigmoid") and abs(w_hh) >= 1 and mean_gp < 0.5 * G_MAX[act]:
            return "vanishing", message("toy_saturates", act=act, mean_gp=f"{mean_gp:.2g}",
                                        w_hh=f"{w_hh:g}", size=f"{size:.1e}")
        return "vanishing", message("toy_vanishing", geo=g, T=T, size=f"{size:.1e}")
    if size > EXPLODING:
        return "exploding", message("toy_exploding", geo=g, size=f"{size:.1e}")
    return "stable", message("toy_stable", geo=g, T=T, size=f"{size:.3g}")


def run_toy(config: ToyConfig) -> dict:
    """Forward through T steps, then dh_T/dh_k for k = 0..T by autograd and by the product formula."""
    T, g, w_hh = config.length, ACTIVATIONS[config.activation], config.w_hh
    x = torch.tensor(config.x, dtype=torch.float64)  # (T,)
    hs = [torch.tensor(float(config.h0), dtype=torch.float64, requires_grad=True)]
    pre = []
    for t in range(T):
        # a_t = w_xh x_t + w_hh h_{t-1} + b
        a = config.w_xh * x[t] + w_hh * hs[-1] + config.b
        pre.append(a)
        # h_t = g(a_t)
        hs.append(g(a))
    with np.errstate(all="ignore"):
        autograd = np.array([v.item() for v in torch.autograd.grad(hs[-1], hs)])  # dh_T/dh_k, k = 0..T
        a = np.array([v.item() for v in pre])
        h = np.array([v.item() for v in hs[1:]])
        gp = g_prime(config.activation, a, h)
        # dh_T/dh_k = prod_{t=k+1..T} w_hh g'(a_t)   (the empty product for k = T is 1)
        analytic = np.append(np.cumprod((w_hh * gp)[::-1])[::-1], 1.0)
        both = np.isfinite(autograd) & np.isfinite(analytic)
        both &= (np.abs(autograd) >= TINY) | (np.abs(analytic) >= TINY)
        scale = np.maximum(np.abs(autograd), np.abs(analytic))[both]
        rel = np.abs(autograd - analytic)[both] / scale
    factor = np.abs(w_hh * gp)
    finite = bool(np.isfinite(h).all() and np.isfinite(autograd).all())
    verdict, reason = _verdict(abs(float(autograd[0])), finite, factor, gp, config)
    return {"h": plain(h), "a": plain(a), "dhT_dhk": plain(autograd), "analytic": plain(analytic),
            "factor": plain(factor), "max_rel_diff": float(rel.max()) if rel.size else 0.0,
            "verdict": verdict, "reason": reason}


G_TEX = {"tanh": r"\tanh", "sigmoid": r"\sigma", "relu": r"\operatorname{ReLU}", "identity": ""}


def _tex_number(v: float) -> str:
    """4 significant digits; 1.2e-05 becomes 1.2\\times 10^{-5}."""
    text = f"{v:.4g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = rf"{mantissa}\times 10^{{{int(exponent)}}}"
    return text


def _tex_sum(terms: list[tuple[float, str]]) -> str:
    """'2x_1 - 3h_0 + 1' from (coefficient, what it multiplies) pairs; '' marks the constant."""
    out = ""
    for i, (c, what) in enumerate(terms):
        sign = ("-" if c < 0 else "") if i == 0 else (" - " if c < 0 else " + ")
        out += sign + _tex_number(abs(c)) + what
    return out


def _tex_value(v: float) -> str:
    return rf"\cdot {_tex_number(v)}" if v >= 0 else rf"\cdot ({_tex_number(v)})"


def unrolled_latex(config: ToyConfig, steps: int = 3) -> list[str]:
    """One LaTeX line per step t = 1..steps: the nested symbolic form as the course writes h_3,
    then the numbers substituted, then g(a_t) and h_t."""
    run, G = run_toy(config), G_TEX[config.activation]
    top = (lambda s: rf"{G}\left({s}\right)") if G else (lambda s: s)
    nest = lambda s: top(s) if G else rf"\left({s}\right)"
    h = lambda t: f"h_{{{t}}}" if t else "h_0"

    def affine(t: int, prev: str) -> str:  # w_xh x_t + w_hh prev + b
        return _tex_sum([(config.w_xh, f"x_{{{t}}}"), (config.w_hh, prev), (config.b, "")])

    lines, h_prev = [], config.h0
    for t in range(1, min(steps, config.length) + 1):
        a_t, h_t = run["a"][t - 1], run["h"][t - 1]
        if a_t is None or h_t is None:
            break
        # h_t = g(w_xh x_t + w_hh g(w_xh x_{t-1} + w_hh h_{t-2} + b) + b): h_{t-1} expanded one level
        symbolic = top(affine(t, h(0) if t == 1 else nest(affine(t - 1, h(t - 2)))))
        numbers = top(_tex_sum([(config.w_xh, _tex_value(config.x[t - 1])),
                                (config.w_hh, _tex_value(h_prev)), (config.b, "")]))
        value = f" = {top(_tex_number(a_t))}" if G else ""
        lines.append(f"{h(t)} = {symbolic} = {numbers}{value} = {_tex_number(h_t)}")
        h_prev = h_t
    return lines
