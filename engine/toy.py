"""Gradient flow through the course's toy recurrence h_t = g(w_xh x_t + w_hh h_{t-1} + b), and a vector RNN.

`run_toy` gets dh_T/dh_k twice: from torch autograd and from the chain-rule product
prod_{t=k+1..T} w_hh g'(a_t). `run_vector` does the same with Jacobian matrices and their singular values.
Verdict rule (both): |dh_T/dh_0| < 1e-3 is vanishing, > 1e3 is exploding, anything between is stable.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from engine.fields import SettingError, setting, validate

ACTIVATIONS = {"tanh": torch.tanh, "sigmoid": torch.sigmoid, "relu": torch.relu, "identity": lambda a: a}
G_MAX = {"tanh": 1.0, "sigmoid": 0.25, "relu": 1.0, "identity": 1.0}  # the largest slope g' can have
INPUT_KINDS = ("constant", "alternating", "random", "typed")
STRUCTURES = ("gaussian", "orthogonal", "identity")
VANISHING, EXPLODING = 1e-3, 1e3
INPUT_SIZE = 4  # features per input vector x_t in the vector RNN
TINY = np.finfo(np.float64).tiny  # below this float64 is subnormal: too few digits to compare


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
            raise SettingError(f"The input sequence has {len(self.x)} numbers but T = {self.length}; "
                               f"give exactly {self.length}.")
        if not all(math.isfinite(v) for v in self.x):
            raise SettingError("Every input x_t must be a finite number.")


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
        raise SettingError(f"Input kind {kind!r} is not one of {', '.join(INPUT_KINDS)}.")
    numbers = []
    for token in (t.strip() for t in typed.split(",")):
        if not token:
            continue
        try:
            number = float(token)
        except ValueError:
            raise SettingError(f"'{token}' in the typed inputs is not a number.") from None
        if not math.isfinite(number):
            raise SettingError(f"'{token}' in the typed inputs is not a finite number.")
        numbers.append(number)
    if not numbers:
        raise SettingError(f"Type {length} comma-separated numbers (or one number to repeat).")
    if len(numbers) == 1:
        return (numbers[0],) * length
    if len(numbers) != length:
        raise SettingError(f"The typed inputs have {len(numbers)} numbers but T = {length}: type exactly "
                           f"{length}, or one number to repeat.")
    return tuple(numbers)


def g_prime(activation: str, a: np.ndarray, h: np.ndarray) -> np.ndarray:
    """g'(a_t), written through h_t = g(a_t) as autograd does (so 1 - tanh^2 rounds to 0 past a ~ 19)."""
    if activation == "tanh":
        # tanh'(a) = 1 - tanh(a)^2 = 1 - h^2
        return 1.0 - h * h
    if activation == "sigmoid":
        # sigma'(a) = sigma(a) (1 - sigma(a)) = h (1 - h)
        return h * (1.0 - h)
    if activation == "relu":
        return (a > 0).astype(np.float64)  # relu'(0) = 0, as in torch
    return np.ones_like(a)


def _plain(values) -> list:
    """Floats for JSON: non-finite values become None."""
    return [float(v) if math.isfinite(v) else None for v in np.asarray(values, dtype=np.float64).tolist()]


def _verdict(size: float, finite: bool, factor: np.ndarray, gp: np.ndarray, config: ToyConfig) -> tuple:
    """(verdict, one sentence with the numbers) for |dh_T/dh_0| = size."""
    T, w_hh, act = config.length, config.w_hh, config.activation
    with np.errstate(divide="ignore", invalid="ignore"):
        geo = float(np.exp(np.mean(np.log(factor))))  # geometric mean of the per-step factors
    per_step = f"Each step multiplies the gradient by {geo:.3g} on average (geometric mean)"
    if not finite or not math.isfinite(size):
        return "exploding", f"The values overflowed float64: {per_step} over {T} steps."
    if size < VANISHING:
        mean_gp = float(np.mean(np.abs(gp)))
        if act == "relu" and size == 0:
            t = int(np.argmin(gp)) + 1
            return "vanishing", (f"ReLU is off (a_t <= 0) at step t = {t}, so g'(a_t) = 0 cuts the "
                                 f"gradient: |dh_T/dh_0| = 0.")
        if act in ("tanh", "sigmoid") and abs(w_hh) >= 1 and mean_gp < 0.5 * G_MAX[act]:
            return "vanishing", (f"{act} saturates: mean |g'(a)| ~ {mean_gp:.2g}, so even w_hh = {w_hh:g} "
                                 f"cannot keep the gradient alive: |dh_T/dh_0| = {size:.1e}.")
        return "vanishing", f"{per_step} < 1, so after {T} steps |dh_T/dh_0| = {size:.1e}."
    if size > EXPLODING:
        return "exploding", f"{per_step} > 1, so it grows geometrically: |dh_T/dh_0| = {size:.1e}."
    return "stable", (f"{per_step}, close enough to 1 over {T} steps: |dh_T/dh_0| = {size:.3g}, "
                      f"between 1e-3 and 1e3.")


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
    return {"h": _plain(h), "a": _plain(a), "dhT_dhk": _plain(autograd), "analytic": _plain(analytic),
            "factor": _plain(factor), "max_rel_diff": float(rel.max()) if rel.size else 0.0,
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
    top = (lambda s: rf"{G}\left({s}\right)") if G else (lambda s: s)  # noqa: E731
    nest = lambda s: top(s) if G else rf"\left({s}\right)"  # noqa: E731
    h = lambda t: f"h_{{{t}}}" if t else "h_0"  # noqa: E731

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


@dataclass(frozen=True)
class VectorConfig:
    hidden: int = setting(16, "Hidden units H: W_hh is H x H.", lo=2, hi=64)
    spectral_radius: float = setting(1.0, "Largest |eigenvalue| of W_hh; W_hh is rescaled to have exactly "
                                     "this.", lo=0.1, hi=3.0)
    structure: str = setting("gaussian", "W_hh before rescaling: random Gaussian (non-normal), random "
                             "orthogonal (all |eigenvalues| equal), or the identity (the IRNN trick).",
                             choices=STRUCTURES)
    activation: str = setting("tanh", "Non-linearity g; diag(g'(a_t)) multiplies every Jacobian.",
                              choices=("tanh", "relu", "identity"))
    length: int = setting(30, "Sequence length T.", lo=2, hi=100)
    seed: int = setting(0, "Random seed for W_hh, W_xh and the inputs.", lo=0, hi=2**31 - 1)

    def __post_init__(self):
        validate(self)


def vector_weights(config: VectorConfig) -> dict:
    """W_hh (H, H) with spectral radius exactly `spectral_radius`, W_xh (H, D), inputs x (T, D); float64."""
    H, rho = config.hidden, config.spectral_radius
    gen = torch.Generator().manual_seed(config.seed)
    M = torch.randn(H, H, generator=gen, dtype=torch.float64) / math.sqrt(H)
    if config.structure == "gaussian":
        W_hh = M / torch.linalg.eigvals(M).abs().max() * rho
    elif config.structure == "orthogonal":
        Q, R = torch.linalg.qr(M)
        W_hh = Q * torch.sign(torch.diagonal(R)) * rho  # the sign fix makes Q uniformly random
    else:
        W_hh = torch.eye(H, dtype=torch.float64) * rho
    W_xh = torch.randn(H, INPUT_SIZE, generator=gen, dtype=torch.float64) / math.sqrt(INPUT_SIZE)
    x = torch.randn(config.length, INPUT_SIZE, generator=gen, dtype=torch.float64)
    return {"W_hh": W_hh, "W_xh": W_xh, "x": x}


def unroll(weights: dict, activation: str, h: torch.Tensor, start: int = 0):
    """From h_start (H,), run steps start+1..T; -> ([h_t], [a_t]), each a list of (H,) tensors."""
    g, hs, pre = ACTIVATIONS[activation], [], []
    for t in range(start, weights["x"].shape[0]):
        # a_t = W_hh h_{t-1} + W_xh x_t
        a = weights["W_hh"] @ h + weights["W_xh"] @ weights["x"][t]
        # h_t = g(a_t)
        h = g(a)
        pre.append(a)
        hs.append(h)
    return hs, pre


def _forward(config: VectorConfig):
    weights = vector_weights(config)
    with torch.no_grad():
        hs, pre = unroll(weights, config.activation, torch.zeros(config.hidden, dtype=torch.float64))
    return weights, hs, pre


def jacobian_products(config: VectorConfig, forward=None) -> list[np.ndarray]:
    """[dh_T/dh_k for k = 0..T], each (H, H), as explicit products of per-step Jacobians."""
    weights, hs, pre = forward or _forward(config)
    W, T = weights["W_hh"].numpy(), config.length
    P, out = np.eye(config.hidden), [None] * (T + 1)
    out[T] = P
    with np.errstate(all="ignore"):
        for t in range(T, 0, -1):
            gp = g_prime(config.activation, pre[t - 1].numpy(), hs[t - 1].numpy())
            # dh_t/dh_{t-1} = diag(g'(a_t)) W_hh;   dh_T/dh_{t-1} = dh_T/dh_t dh_t/dh_{t-1}
            P = P @ (gp[:, None] * W)
            out[t - 1] = P
    return out


def autograd_jacobian(config: VectorConfig, k: int, forward=None) -> np.ndarray:
    """dh_T/dh_k (H, H) from torch.autograd.functional.jacobian, to check `jacobian_products`."""
    weights, hs, _ = forward or _forward(config)
    if k == config.length:
        return np.eye(config.hidden)
    h_k = torch.zeros(config.hidden, dtype=torch.float64) if k == 0 else hs[k - 1]
    last = lambda h: unroll(weights, config.activation, h, start=k)[0][-1]  # noqa: E731
    return torch.autograd.functional.jacobian(last, h_k, vectorize=True).numpy()


def run_vector(config: VectorConfig) -> dict:
    """Norms of dh_T/dh_k for k = 0..T (spectral = sigma_max, Frobenius, sigma_min) and W_hh's spectrum."""
    forward = _forward(config)
    products = jacobian_products(config, forward)
    with np.errstate(all="ignore"):
        sv = [np.linalg.svd(P, compute_uv=False) if np.isfinite(P).all() else np.array([np.inf])
              for P in products]
        check = autograd_jacobian(config, 0, forward)
        rel = float(np.abs(check - products[0]).max() / max(np.abs(check).max(), TINY))
    W = forward[0]["W_hh"].numpy()
    eig = np.linalg.eigvals(W)
    gp = np.concatenate([g_prime(config.activation, a.numpy(), h.numpy()) for h, a in zip(*forward[1:])])
    norms = np.array([s.max() for s in sv])
    size, T, norm_W = float(norms[0]), config.length, float(np.linalg.norm(W, 2))
    verdict = ("exploding" if not math.isfinite(size) or size > EXPLODING else
               "vanishing" if size < VANISHING else "stable")
    with np.errstate(all="ignore"):
        per_step = size ** (1 / T)  # geometric mean of the per-step growth of the norm
    shown = f"{size:.3g}" if verdict == "stable" else f"{size:.1e}"
    reason = (f"||dh_T/dh_0|| = {shown} after {T} steps, about {per_step:.3g} per step: W_hh has "
              f"spectral radius {np.abs(eig).max():.3g} and 2-norm {norm_W:.3g}, mean |g'(a)| = "
              f"{np.mean(np.abs(gp)):.2g}.")
    return {"grad_norm_by_k": _plain(norms), "sigma_max_by_k": _plain(norms),  # the same: ||J||_2 = sigma_max
            "sigma_min_by_k": _plain([s.min() for s in sv]),
            "frobenius_by_k": _plain([math.sqrt(float(np.sum(s ** 2))) for s in sv]),
            "eigenvalues": {"real": _plain(eig.real), "imag": _plain(eig.imag),
                            "modulus": _plain(np.abs(eig))},
            "spectral_radius": float(np.abs(eig).max()), "norm_W_hh": norm_W,
            "mean_g_prime": float(np.mean(np.abs(gp))), "autograd_rel_diff": _plain([rel])[0],
            "verdict": verdict, "reason": reason}
