"""The unrolled network on one input: every number the network view draws (issue 14).

`unroll(model, task, ids, targets)` runs the explicit per-step cells of `engine.trace` over the
model's own parameters and returns, in the course's notation (x<t>, a<t>, y-hat<t>):

- per layer and direction, the hidden states a<t> (and for an LSTM the cell states c<t>; for
  LSTM/GRU the gates), and for a vanilla RNN the three terms inside the activation,
  a<t> = g(W_aa a<t-1> + W_ax x<t> + b_a), so the view can print the equation with its numbers;
- per step, the model's top guesses y-hat<t> (softmax of the head), the target and its loss;
- the backward pass through time of L, the mean cross-entropy over the scored steps (the
  training loss of this one example): ||dL/da<t>|| at every node, and the "flow": the norm of
  the gradient that step t's cell passes back to a<t-1> (and c<t-1> for an LSTM) along the
  recurrent arrow. With truncated BPTT (`truncate` = k) the path is cut every k steps, as in
  training, and the flow across a cut is 0.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from engine.model import SequenceModel
from engine.tasks import IGNORE, Task
from engine.trace import trace

TOP = 3


def _rows(t: torch.Tensor) -> list:
    return t.detach()[0].tolist()


def _rnn_terms(model: SequenceModel, inp: torch.Tensor, lt) -> dict:
    """Vanilla RNN: W_aa a<t-1>, W_ax x<t> and b_a (torch's b_ih + b_hh) of one layer/direction.
    `inp` is what the layer reads (1, T, in); time in reading order as everywhere."""
    rnn = model.rnn
    suffix = f"_l{lt.layer}" + ("_reverse" if lt.direction == "backward" else "")
    W_ih, W_hh = getattr(rnn, "weight_ih" + suffix), getattr(rnn, "weight_hh" + suffix)
    b = getattr(rnn, "bias_ih" + suffix) + getattr(rnn, "bias_hh" + suffix)
    h = lt.hidden.detach()
    prev = torch.zeros_like(h)
    if lt.direction == "forward":
        prev[:, 1:] = h[:, :-1]
    else:
        prev[:, :-1] = h[:, 1:]
    return {"recurrent": _rows(prev @ W_hh.T), "input": _rows(inp.detach() @ W_ih.T),
            "bias": b.detach().tolist()}


def _flows(lt, grads_h, grads_c) -> list:
    """Per step t (reading order): ||gradient passed from step t's cell back to the previous
    state|| (None at the first step of the direction)."""
    T = len(lt.hidden_steps)
    order = range(T) if lt.direction == "forward" else range(T - 1, -1, -1)
    order = list(order)
    out = [None] * T
    for n in range(1, T):
        t, prev = order[n], order[n - 1]
        outs, cots = [lt.hidden_steps[t]], [grads_h[t]]
        ins = [lt.hidden_steps[prev]]
        if lt.cell_steps:
            # dL/dc<t> already holds the path c<t> -> a<t>, which the a<t> cotangent also
            # carries back: keep only what reaches c<t> from later steps
            through_h = torch.autograd.grad(lt.hidden_steps[t], lt.cell_steps[t], grads_h[t],
                                            retain_graph=True)[0]
            outs.append(lt.cell_steps[t])
            cots.append(grads_c[t] - through_h)
            ins.append(lt.cell_steps[prev])
        passed = list(torch.autograd.grad(outs, ins, grad_outputs=cots, retain_graph=True,
                                          allow_unused=True))
        if lt.cell_steps and passed[0] is not None and passed[1] is not None:
            # likewise c<t-1> -> a<t-1> is inside the previous step: what reached c<t-1> that
            # way is not passed along the recurrent arrow
            passed[1] = passed[1] - torch.autograd.grad(
                lt.hidden_steps[prev], lt.cell_steps[prev], passed[0], retain_graph=True)[0]
        total = sum(float(g.pow(2).sum()) for g in passed if g is not None)
        out[t] = math.sqrt(total)
    return out


def unroll(model: SequenceModel, task: Task, ids: torch.Tensor, targets=None,
           truncate: int = 0, top: int = TOP, flows: bool = True) -> dict:
    """ids (1, T) -> the network view's numbers (see the module doc). `targets`: T ids with
    IGNORE where nothing is scored, or None (nothing scored: no loss, grad_norm and flow None).
    `flows=False` skips the gradient along each recurrent arrow (flow None), which costs one
    small backward pass per step; the values view does not draw it."""
    ids = torch.as_tensor(ids, dtype=torch.long)
    if ids.dim() == 1:
        ids = ids.unsqueeze(0)
    if ids.shape[0] != 1:
        raise ValueError(f"unroll draws one sequence; got a batch of {ids.shape[0]}")
    T = ids.shape[1]
    y = None if targets is None else torch.as_tensor(targets, dtype=torch.long).reshape(-1)
    if y is not None and y.shape[0] != T:
        raise ValueError(f"{y.shape[0]} targets for {T} inputs")
    was_training = model.training
    model.eval()
    try:
        with torch.enable_grad():
            tr = trace(model, ids, truncate=truncate)
            logits = tr.logits[0]                                  # (T, V)
            probs = torch.softmax(logits.detach(), dim=-1)
            scored = (y != IGNORE) if y is not None else torch.zeros(T, dtype=torch.bool)
            losses = (F.cross_entropy(logits, y.clamp(min=0), reduction="none")
                      if y is not None else None)
            grad_norm = flow = None
            loss = None
            if bool(scored.any()):
                L = losses[scored].mean()
                loss = float(L.detach())
                nodes = [h for lt in tr.layers for h in lt.hidden_steps]
                cells = [c for lt in tr.layers for c in lt.cell_steps]
                g_all = torch.autograd.grad(L, nodes + cells, retain_graph=True,
                                            allow_unused=True)
                zero = lambda g, like: torch.zeros_like(like) if g is None else g
                g_h = [zero(g, n) for g, n in zip(g_all[:len(nodes)], nodes)]
                g_c = [zero(g, c) for g, c in zip(g_all[len(nodes):], cells)]
                grad_norm, flow = [], [] if flows else None
                for i, lt in enumerate(tr.layers):
                    gh = g_h[i * T:(i + 1) * T]
                    gc = g_c[i * T:(i + 1) * T] if lt.cell_steps else []
                    grad_norm.append([float(g.norm()) for g in gh])
                    if flows:
                        flow.append(_flows(lt, gh, gc))
            layers = []
            for lt in tr.layers:
                row = {"layer": lt.layer, "direction": lt.direction, "hidden": _rows(lt.hidden)}
                if lt.cell_state is not None:
                    row["cell_state"] = _rows(lt.cell_state)
                if lt.gates:
                    row["gates"] = {name: _rows(g) for name, g in lt.gates.items()}
                if tr.cell == "rnn":
                    below = [x.hidden for x in tr.layers if x.layer == lt.layer - 1]
                    inp = torch.cat(below, dim=-1) if below else model.inputs(ids)
                    row["terms"] = _rnn_terms(model, inp, lt)
                layers.append(row)
    finally:
        model.train(was_training)
    tokens = task.vocab.tokens
    outputs = []
    for t in range(T):
        p, k = probs[t].topk(min(top, probs.shape[1]))
        out = {"t": t + 1, "top": [{"token": tokens[int(i)], "p": float(v)} for v, i in zip(p, k)],
               "scored": bool(scored[t])}
        if out["scored"]:
            target = int(y[t])
            out.update(target=tokens[target], p_target=float(probs[t, target]),
                       loss=float(losses[t].detach()))
        outputs.append(out)
    return {"cell": tr.cell, "activation": model.config.activation,
            "hidden_size": model.config.hidden, "tokens": task.vocab.decode(ids[0]),
            "layers": layers, "outputs": outputs, "loss": loss, "truncate": truncate,
            "grad_norm": grad_norm, "flow": flow}


def text_targets(task: Task, ids: torch.Tensor, target_ids=None) -> torch.Tensor | None:
    """Targets for a user's probe: the given ids, else for a language model the next token of
    the text itself (the course's "hello": x = h,e,l,l scored against e,l,l,o), else None."""
    T = ids.shape[-1]
    if target_ids is not None:
        target_ids = torch.as_tensor(target_ids, dtype=torch.long).reshape(-1)
        if target_ids.shape[0] != T:
            from engine.fields import SettingError
            raise SettingError.of("target_count", count=target_ids.shape[0], T=T)
        return target_ids
    if not task.is_lm:
        return None
    y = torch.full((T,), IGNORE, dtype=torch.long)
    y[:-1] = ids.reshape(-1)[1:]
    return y
