"""The exploding-gradient cliff: a one-unit RNN's loss surface; gradient descent with and without clipping.

h_t = w sigmoid(h_{t-1}) + b from h_0 = 0.5, loss L(w, b) = (h_T - 0.7)^2 (Pascanu, Mikolov & Bengio
2013, Fig. 6; CS224n lecture 8). For w > 4 the unit has two attractors; where their basins meet, h_T
jumps and the surface has a thin, steep wall. A step that lands on it is thrown far unless clipped.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import torch

from engine.fields import SettingError, setting, validate


@dataclass(frozen=True)
class CliffConfig:
    length: int = setting(50, "T: steps the unit runs before h_T is scored. The longer, the thinner "
                          "and steeper the wall.", lo=5, hi=100)
    target: float = setting(0.7, "The value h_T should reach (a tiny memorisation task).", lo=-5.0, hi=5.0)
    h0: float = setting(0.5, "Initial state h_0.", lo=-5.0, hi=5.0)
    w_min: float = setting(2.0, "Left edge of the (w, b) window drawn.", lo=-50.0, hi=50.0)
    w_max: float = setting(9.0, "Right edge of the (w, b) window drawn.", lo=-50.0, hi=50.0)
    b_min: float = setting(-5.0, "Bottom edge of the (w, b) window drawn.", lo=-50.0, hi=50.0)
    b_max: float = setting(1.0, "Top edge of the (w, b) window drawn.", lo=-50.0, hi=50.0)
    resolution: int = setting(80, "Grid points per axis of the loss surface.", lo=20, hi=200)

    def __post_init__(self):
        validate(self)
        if self.w_min >= self.w_max or self.b_min >= self.b_max:
            raise SettingError.of("cliff_window", w_min=self.w_min, w_max=self.w_max,
                                  b_min=self.b_min, b_max=self.b_max)


@dataclass(frozen=True)
class DescentConfig:
    """Defaults chosen by a search over starts: both paths agree for 45 steps; then plain descent
    lands on the wall (|g| ~ 46,000) and is thrown 229 units to (126, 192), ending at loss 1508,
    while the clipped path steps 0.075 and ends at loss 0.047. Nearby starts differ: it is luck
    where the thin wall is hit, and clipping is what makes the outcome not depend on that luck."""
    start_w: float = setting(6.3, "Starting recurrent weight w.", lo=-50.0, hi=50.0)
    start_b: float = setting(-1.1, "Starting bias b.", lo=-50.0, hi=50.0)
    lr: float = setting(0.005, "Learning rate: each step moves (w, b) by lr x gradient.", lo=1e-5, hi=10.0,
                        log=True)
    steps: int = setting(150, "Gradient-descent steps.", lo=1, hi=1000)
    clip: float = setting(15.0, "Clip threshold: a gradient with a larger norm is rescaled to this norm "
                          "(same direction); 0 = no clipping.", lo=0.0, hi=1000.0)

    def __post_init__(self):
        validate(self)


def final_state(config: CliffConfig, w, b):
    """h_T for arrays (numpy) or tensors (torch, keeps autograd) of w and b of one shape."""
    torch_in = isinstance(w, torch.Tensor)
    sigmoid = torch.sigmoid if torch_in else lambda h: 0.5 + 0.5 * np.tanh(0.5 * h)  # no overflow
    h = (torch if torch_in else np).zeros_like(w) + config.h0
    for _ in range(config.length):
        # h_t = w sigmoid(h_{t-1}) + b
        h = w * sigmoid(h) + b
    return h


def loss_surface(config: CliffConfig) -> dict:
    """L(w, b) on a resolution x resolution grid. -> {"w": [R], "b": [R], "loss": [[R] per b],
    "h_T": same shape}; loss[i][j] is at (w[j], b[i])."""
    w = np.linspace(config.w_min, config.w_max, config.resolution)
    b = np.linspace(config.b_min, config.b_max, config.resolution)
    W, B = np.meshgrid(w, b)  # (R, R): rows follow b, columns follow w
    with np.errstate(all="ignore"):
        h = final_state(config, W, B)
        # L(w, b) = (h_T - target)^2
        loss = (h - config.target) ** 2
    return {"w": w.tolist(), "b": b.tolist(), "loss": loss.tolist(), "h_T": h.tolist()}


def surface_frame(surface: dict, overlap: float = 0.6) -> pd.DataFrame:
    """`loss_surface`'s grid as rectangles to draw: one row per grid point (R*R rows, b-major, as
    loss[i][j] at (w[j], b[i]) ravels), columns w, w2, b, b2 (the cell's edges) and loss. Each edge
    lies `overlap` grid steps from its sample point: a little over half, so cells overlap and no
    seams show between them."""
    w, b = np.array(surface["w"]), np.array(surface["b"])  # (R,), (R,)
    W, B = np.meshgrid(w, b)  # (R, R): rows follow b, columns follow w
    dw, db = (w[1] - w[0]) * overlap, (b[1] - b[0]) * overlap
    return pd.DataFrame({"w": (W - dw).ravel(), "w2": (W + dw).ravel(), "b": (B - db).ravel(),
                         "b2": (B + db).ravel(), "loss": np.array(surface["loss"], dtype=float).ravel()})


def loss_and_grad(config: CliffConfig, w, b):
    """L(w, b) and (dL/dw, dL/db) by backpropagation through the T steps, in float64.
    w, b: floats, or equal-length lists (independent points; one backward pass for all)."""
    wt = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    bt = torch.tensor(b, dtype=torch.float64, requires_grad=True)
    # L(w, b) = (h_T - target)^2
    loss = (final_state(config, wt, bt) - config.target) ** 2
    dw, db = torch.autograd.grad(loss.sum(), (wt, bt))
    return loss.tolist(), dw.tolist(), db.tolist()


def _descend_many(config: CliffConfig, start_w, start_b, lr, steps, clips: list) -> list[dict]:
    """One gradient-descent path per clip value (None = no clipping), all from the same start."""
    for clip in clips:
        DescentConfig(start_w, start_b, lr, steps, clip or 0.0)  # raises SettingError when out of range
    n = len(clips)
    runs = [{"w": [float(start_w)], "b": [float(start_b)], "loss": [], "grad_norm": [], "step_size": [],
             "clipped": [], "diverged_at": None} for _ in clips]
    live = list(range(n))
    for step in range(steps + 1):
        if not live:
            break
        losses, dws, dbs = loss_and_grad(config, [runs[i]["w"][-1] for i in live],
                                         [runs[i]["b"][-1] for i in live])
        still = []
        for i, loss, dw, db in zip(live, losses, dws, dbs):
            out, norm = runs[i], math.hypot(dw, db)
            if not (math.isfinite(loss) and math.isfinite(norm)):  # stop; keep the finite part
                out["diverged_at"] = step
                out["w"], out["b"] = out["w"][:step], out["b"][:step]
                for key in ("grad_norm", "step_size", "clipped"):
                    out[key] = out[key][:max(step - 1, 0)]
                continue
            out["loss"].append(loss)
            if step == steps:
                continue
            clip = clips[i]
            # clipping: g <- g * clip / ||g||  when ||g|| > clip
            scale = clip / norm if clip and norm > clip else 1.0
            # (w, b) <- (w, b) - lr * g
            out["w"].append(out["w"][-1] - lr * scale * dw)
            out["b"].append(out["b"][-1] - lr * scale * db)
            out["grad_norm"].append(norm)
            out["step_size"].append(lr * scale * norm)
            out["clipped"].append(scale < 1.0)
            still.append(i)
        live = still
    return runs


def descend(config: CliffConfig, start_w: float, start_b: float, lr: float, steps: int,
            clip: float | None = None) -> dict:
    """Plain gradient descent from (start_w, start_b); clip = None or 0 means no clipping.

    -> {"w", "b", "loss": steps+1 points (start included), "grad_norm", "step_size", "clipped":
    one per step (norm before clipping, |update|, was it rescaled), "diverged_at": None or the step
    whose loss or gradient was not finite (the run stops there; lists hold the finite part)}."""
    return _descend_many(config, start_w, start_b, lr, steps, [clip])[0]


def compare(config: CliffConfig, descent: DescentConfig) -> dict:
    """Both paths from one start, in one batch: {"plain": no clipping, "clipped": clip at descent.clip}."""
    plain, clipped = _descend_many(config, descent.start_w, descent.start_b, descent.lr, descent.steps,
                                   [None, descent.clip or None])
    return {"plain": plain, "clipped": clipped}


def path_frame(run: dict, name: str) -> pd.DataFrame:
    """One descent path (from `descend`/`compare`) as a table: N = len(run["loss"]) rows with
    path (= name), step (0..N-1), w, b, loss, grad_norm (the norm, before clipping, of the gradient
    the step from that point took; NaN at the last point, from which no step was kept)."""
    n = len(run["loss"])
    norms = np.full(n, np.nan)  # (N,)
    norms[:len(run["grad_norm"])] = run["grad_norm"]  # one fewer than the points: none from the last
    return pd.DataFrame({"path": name, "step": range(n), "w": run["w"], "b": run["b"],
                         "loss": run["loss"], "grad_norm": norms})
