"""The vector RNN h_t = g(W_hh h_{t-1} + W_xh x_t): dh_T/dh_k as explicit Jacobian products
prod_{t=k+1..T} diag(g'(a_t)) W_hh, checked against torch autograd, with their singular values and
W_hh's spectrum. Same verdict rule as the scalar toy (engine.toy), which re-exports these names.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch

from engine.fields import setting, validate
from engine.messages import message
from engine.slopes import ACTIVATIONS, EXPLODING, TINY, VANISHING, g_prime, plain

STRUCTURES = ("gaussian", "orthogonal", "identity")
INPUT_SIZE = 4  # features per input vector x_t in the vector RNN
CIRCLE_POINTS = 121  # points per circle drawn in the complex plane (the last one closes it)


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
    last = lambda h: unroll(weights, config.activation, h, start=k)[0][-1]
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
    reason = message("vector_reason", shown=shown, T=T, per_step=f"{per_step:.3g}",
                     radius=f"{np.abs(eig).max():.3g}", norm=f"{norm_W:.3g}",
                     mean_gp=f"{np.mean(np.abs(gp)):.2g}")
    return {"grad_norm_by_k": plain(norms), "sigma_max_by_k": plain(norms),  # the same: ||J||_2 = sigma_max
            "sigma_min_by_k": plain([s.min() for s in sv]),
            "frobenius_by_k": plain([math.sqrt(float(np.sum(s ** 2))) for s in sv]),
            "eigenvalues": {"real": plain(eig.real), "imag": plain(eig.imag),
                            "modulus": plain(np.abs(eig))},
            "spectral_radius": float(np.abs(eig).max()), "norm_W_hh": norm_W,
            "mean_g_prime": float(np.mean(np.abs(gp))), "autograd_rel_diff": plain([rel])[0],
            "verdict": verdict, "reason": reason}


def circle_points(radii: dict, n: int = CIRCLE_POINTS) -> pd.DataFrame:
    """Points on circles centred at 0 in the complex plane, e.g. the unit circle and the circle of
    W_hh's spectral radius. radii: name -> radius. -> (len(radii) * n) rows: x, y, order (0..n-1, the
    drawing order), circle (the name); the first and last point of each circle coincide."""
    angle = np.linspace(0, 2 * np.pi, n)  # (n,)
    return pd.concat([pd.DataFrame({"x": r * np.cos(angle), "y": r * np.sin(angle), "order": range(n),
                                    "circle": name}) for name, r in radii.items()], ignore_index=True)
