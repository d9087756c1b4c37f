"""Gradient flow through time inside a model: ||dL_T / dh_k|| for every step k and layer.

L_T is the loss at the last scored step of each probe sequence (the recall step of `copy`, the
was/were of `agreement`, the last character of a language model). The gradient is taken by
autograd through the traced per-step cells, so it is exactly what backpropagation through time
delivers to h_k; with a truncation window it is what truncated BPTT delivers.
"""
from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from engine.model import SequenceModel
from engine.tasks import IGNORE, Task
from engine.trace import trace

PROBE_BATCH = 8
FLOOR = 1e-30  # gradients that are exactly 0 (cut by truncation) are reported as this


def probe_batch(task: Task, seed: int = 12345, n: int = PROBE_BATCH):
    """A fixed small batch: the same sequences at every redraw, so curves are comparable."""
    b = task.batch(np.random.default_rng(seed), n)
    return torch.from_numpy(b.x), torch.from_numpy(b.y)


def last_scored_loss(logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Sum over the batch of the cross-entropy at each sequence's last scored step."""
    B, T, _ = logits.shape  # batch, time, vocabulary
    scored = y != IGNORE
    last = T - 1 - torch.flip(scored, dims=[1]).float().argmax(dim=1)  # (B,) last scored index
    rows = torch.arange(B)
    return F.cross_entropy(logits[rows, last], y[rows, last], reduction="sum")


def gradient_by_step(model: SequenceModel, x: torch.Tensor, y: torch.Tensor,
                     truncate: int = 0) -> list[dict]:
    """-> one dict per layer and direction: {"layer", "direction", "grad_norm_by_k"} where
    grad_norm_by_k[k-1] = mean over the probe batch of ||dL_T / dh_k|| for k = 1..T
    (k in reading order for both directions)."""
    was_training = model.training
    model.eval()
    tr = trace(model, x, truncate=truncate)
    loss = last_scored_loss(tr.logits, y)
    nodes = [h for layer in tr.layers for h in layer.hidden_steps]
    grads = torch.autograd.grad(loss, nodes, allow_unused=True)
    model.train(was_training)
    out, i, T = [], 0, x.shape[1]
    for layer in tr.layers:
        norms = []
        for g in grads[i:i + T]:
            value = 0.0 if g is None else g.norm(dim=-1).mean().item()  # (B, H) -> mean_b ||.||
            norms.append(max(value, FLOOR))
        i += T
        out.append({"layer": layer.layer, "direction": layer.direction, "grad_norm_by_k": norms})
    return out
