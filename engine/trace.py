"""Explicit per-time-step cells over the fused module's own parameters, for drawing.

`trace(model, x)` recomputes every layer and direction one step at a time and keeps what the
fused kernel hides: hidden states, LSTM cell states and every gate by name. It runs only on the
small probe batch being drawn; tests prove it reproduces the fused hidden states.
Weights follow torch's layout: W_ih is (gates*H, in), rows ordered i,f,g,o (LSTM) or r,z,n (GRU).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import torch

from engine.model import SequenceModel


@dataclass
class LayerTrace:
    layer: int
    direction: str                    # "forward" or "backward"
    hidden: torch.Tensor              # (B, T, H), time in reading order for both directions
    cell_state: torch.Tensor | None   # (B, T, H) for LSTM, else None
    gates: dict[str, torch.Tensor] = field(default_factory=dict)  # name -> (B, T, H)
    hidden_steps: list[torch.Tensor] = field(default_factory=list)  # T x (B, H): autograd nodes
    cell_steps: list[torch.Tensor] = field(default_factory=list)    # T x (B, H), LSTM only


@dataclass
class ModelTrace:
    cell: str
    layers: list[LayerTrace]
    logits: torch.Tensor              # (B, T, V), from the traced top layer through the head


# Each step function takes xw_t = W_ih x_t + b_ih, computed for all t in one matmul beforehand.

def rnn_step(xw_t, h, W_hh, b_hh, activation: str):
    # h_t = g(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh),  g = tanh or ReLU
    a = xw_t + h @ W_hh.T + b_hh
    h = torch.tanh(a) if activation == "tanh" else torch.relu(a)
    return h, None, {}


def lstm_step(xw_t, state, W_hh, b_hh):
    h, c = state
    pre_i, pre_f, pre_g, pre_o = (xw_t + h @ W_hh.T + b_hh).chunk(4, dim=-1)
    # i_t = sigma(W_ii x_t + b_ii + W_hi h_{t-1} + b_hi)        input gate: write to the cell?
    i = torch.sigmoid(pre_i)
    # f_t = sigma(W_if x_t + b_if + W_hf h_{t-1} + b_hf)        forget gate: keep the old cell?
    f = torch.sigmoid(pre_f)
    # g_t = tanh(W_ig x_t + b_ig + W_hg h_{t-1} + b_hg)         candidate values to write
    g = torch.tanh(pre_g)
    # o_t = sigma(W_io x_t + b_io + W_ho h_{t-1} + b_ho)        output gate: reveal the cell?
    o = torch.sigmoid(pre_o)
    # c_t = f_t * c_{t-1} + i_t * g_t                           additive update: gradients flow
    c = f * c + i * g
    # h_t = o_t * tanh(c_t)
    h = o * torch.tanh(c)
    return h, c, {"i": i, "f": f, "g": g, "o": o}


def gru_step(xw_t, h, W_hh, b_hh):
    xr, xz, xn = xw_t.chunk(3, dim=-1)
    hr, hz, hn = (h @ W_hh.T + b_hh).chunk(3, dim=-1)
    # r_t = sigma(W_ir x_t + b_ir + W_hr h_{t-1} + b_hr)        reset (relevance) gate
    r = torch.sigmoid(xr + hr)
    # z_t = sigma(W_iz x_t + b_iz + W_hz h_{t-1} + b_hz)        update gate
    z = torch.sigmoid(xz + hz)
    # n_t = tanh(W_in x_t + b_in + r_t * (W_hn h_{t-1} + b_hn))  candidate state
    n = torch.tanh(xn + r * hn)
    # h_t = (1 - z_t) * n_t + z_t * h_{t-1}   (the course writes Gamma_u = 1 - z_t: same cell)
    h = (1 - z) * n + z * h
    return h, None, {"r": r, "z": z, "n": n}


def _run_direction(model: SequenceModel, inp: torch.Tensor, layer: int, reverse: bool,
                   truncate: int = 0):
    """One layer, one direction, step by step. inp: (B, T, in) -> outputs in reading order.

    truncate=k > 0 cuts the gradient path of the recurrent state every k steps, as truncated
    BPTT training does (the forward values are unchanged)."""
    rnn, cell = model.rnn, model.config.cell
    suffix = f"_l{layer}" + ("_reverse" if reverse else "")
    W_ih, W_hh = getattr(rnn, "weight_ih" + suffix), getattr(rnn, "weight_hh" + suffix)
    b_ih, b_hh = getattr(rnn, "bias_ih" + suffix), getattr(rnn, "bias_hh" + suffix)
    B, T, _ = inp.shape  # batch, time, input features
    h = inp.new_zeros(B, model.config.hidden)
    c = inp.new_zeros(B, model.config.hidden)
    xw = inp @ W_ih.T + b_ih  # (B, T, gates*H): the input's share of every step at once
    hs, cs, gates = [None] * T, [None] * T, {}
    for n, t in enumerate(range(T - 1, -1, -1) if reverse else range(T)):
        if truncate and n and n % truncate == 0:
            h, c = h.detach(), c.detach()
        if cell == "lstm":
            h, c, g = lstm_step(xw[:, t], (h, c), W_hh, b_hh)
        elif cell == "gru":
            h, _, g = gru_step(xw[:, t], h, W_hh, b_hh)
        else:
            h, _, g = rnn_step(xw[:, t], h, W_hh, b_hh, model.config.activation)
        hs[t], cs[t] = h, c
        for name, value in g.items():
            gates.setdefault(name, [None] * T)[t] = value
    stack = lambda seq: torch.stack(seq, dim=1)  # list of (B, H) -> (B, T, H)
    return LayerTrace(layer, "backward" if reverse else "forward", stack(hs),
                      stack(cs) if cell == "lstm" else None,
                      {name: stack(v) for name, v in gates.items()}, hs,
                      cs if cell == "lstm" else [])


def trace(model: SequenceModel, x: torch.Tensor, truncate: int = 0) -> ModelTrace:
    """Run `model` on ids x (B, T) step by step, keeping every state and gate.

    Autograd stays on: `hidden_steps[k]` are the very tensors the later steps were computed
    from, so torch.autograd.grad(loss, layer.hidden_steps) gives dL/dh_k for every step k."""
    inp, layers = model.inputs(x), []
    for layer in range(model.config.layers):
        runs = [_run_direction(model, inp, layer, reverse=False, truncate=truncate)]
        if model.config.bidirectional:
            runs.append(_run_direction(model, inp, layer, reverse=True, truncate=truncate))
        layers += runs
        inp = torch.cat([r.hidden for r in runs], dim=-1)  # next layer reads both directions
    return ModelTrace(model.config.cell, layers, model.head(inp))
