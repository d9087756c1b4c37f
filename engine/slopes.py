"""What the scalar toy (engine.toy) and the vector RNN (engine.toy_vector) share: the non-linearities g,
their slopes g'(a), the vanishing/exploding thresholds, and the two conversions between float arrays
and the engine's JSON lists (where None marks a value that is not finite).
"""
from __future__ import annotations

import math

import numpy as np
import torch

ACTIVATIONS = {"tanh": torch.tanh, "sigmoid": torch.sigmoid, "relu": torch.relu, "identity": lambda a: a}
G_MAX = {"tanh": 1.0, "sigmoid": 0.25, "relu": 1.0, "identity": 1.0}  # the largest slope g' can have
VANISHING, EXPLODING = 1e-3, 1e3
TINY = np.finfo(np.float64).tiny  # below this float64 is subnormal: too few digits to compare


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


def plain(values) -> list:
    """Floats for JSON: non-finite values become None. (N,) array-like -> list of N."""
    return [float(v) if math.isfinite(v) else None for v in np.asarray(values, dtype=np.float64).tolist()]


def floats(values) -> np.ndarray:
    """The way back for a log axis: a list of N (None = not finite) -> (N,) float64, with NaN for None
    and for 0 (which a log axis cannot show either), so a chart skips those points."""
    out = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
    out[out == 0] = np.nan
    return out
