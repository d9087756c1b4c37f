"""The traced per-step cells reproduce torch's fused RNN/GRU/LSTM on the same parameters."""
import itertools

import pytest
import torch

from engine.config import ModelConfig
from engine.model import GATES, build_model
from engine.trace import trace

CASES = [(cell, act, layers, bi) for cell, act in (("rnn", "tanh"), ("rnn", "relu"), ("gru", "tanh"),
                                                   ("lstm", "tanh"))
         for layers, bi in itertools.product((1, 2, 3), (False, True))]


@pytest.mark.parametrize("cell,activation,layers,bidirectional", CASES)
def test_trace_matches_fused(cell, activation, layers, bidirectional):
    cfg = ModelConfig(cell=cell, activation=activation, hidden=7, layers=layers,
                      bidirectional=bidirectional, embedding=5)
    model = build_model(11, cfg, seed=3)
    x = torch.randint(0, 11, (4, 9), generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        fused_out, fused_state = model.rnn(model.inputs(x))
        logits, _ = model(x)
        tr = trace(model, x)
    D = cfg.directions
    assert len(tr.layers) == layers * D
    top = torch.cat([t.hidden for t in tr.layers[-D:]], dim=-1)
    assert (top - fused_out).abs().max().item() <= 1e-5
    assert (tr.logits - logits).abs().max().item() <= 1e-5
    h_n = fused_state[0] if cell == "lstm" else fused_state  # (layers * D, B, H)
    for k, lt in enumerate(tr.layers):
        # the final state of each layer/direction: last step forward, first step backward
        last = lt.hidden[:, -1] if lt.direction == "forward" else lt.hidden[:, 0]
        assert (last - h_n[k]).abs().max().item() <= 1e-5
        if cell == "lstm":
            c_last = lt.cell_state[:, -1] if lt.direction == "forward" else lt.cell_state[:, 0]
            assert (c_last - fused_state[1][k]).abs().max().item() <= 1e-5
        assert set(lt.gates) == set(GATES[cell])
        for name, g in lt.gates.items():
            assert g.shape == (4, 9, 7)
            lo = -1.0 if name in ("g", "n") else 0.0  # tanh candidates vs sigmoid gates
            assert g.min().item() >= lo and g.max().item() <= 1.0


def test_trace_keeps_autograd_to_hidden_states():
    model = build_model(5, ModelConfig(cell="gru", hidden=4), seed=0)
    tr = trace(model, torch.tensor([[0, 1, 2, 3]]))
    steps = tr.layers[0].hidden_steps
    grads = torch.autograd.grad(tr.logits[0, -1].sum(), steps, retain_graph=True)
    assert len(grads) == 4 and grads[0].shape == (1, 4)
    assert grads[0].abs().sum().item() > 0  # the first step still influences the last output
    # the output at step 1 does not depend on h_2: the gradient of logits[0, 0] w.r.t. it is 0
    g_early = torch.autograd.grad(tr.logits[0, 0].sum(), steps[1], allow_unused=True)[0]
    assert g_early is None or g_early.abs().sum().item() == 0
