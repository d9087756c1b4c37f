"""Gates-view probes: traced gates match hand-computed cells, saturation, unit ranking."""
import itertools

import numpy as np
import pytest
import torch

from engine.config import ModelConfig, TrainConfig
from engine.fields import SettingError
from engine.gates import (
    FEATURES,
    MAX_PROBE_TOKENS,
    correlations,
    encode_probe,
    gate_traces,
    inside_quotes_or_brackets,
    rank_units,
    saturation,
)
from engine.model import GATES, build_model
from engine.tasks import make_task, task_config
from engine.trainer import Trainer

IDS = torch.tensor([[3, 0, 7, 2, 9, 1]])  # (1, T=6)


def _first_input(model, ids):
    return model.inputs(ids)[0, 0]  # x_0: (E,)


def test_lstm_gates_equal_hand_computed_first_step():
    model = build_model(10, ModelConfig(cell="lstm", hidden=5, embedding=4), seed=1)
    out = gate_traces(model, IDS)
    rnn = model.rnn
    with torch.no_grad():
        x = _first_input(model, IDS)
        # h_{-1} = c_{-1} = 0, so W_hh h contributes nothing: pre = W_ih x + b_ih + b_hh
        W_i, W_f, W_g, W_o = rnn.weight_ih_l0.chunk(4)
        b = (rnn.bias_ih_l0 + rnn.bias_hh_l0).chunk(4)
        i = torch.sigmoid(W_i @ x + b[0])
        f = torch.sigmoid(W_f @ x + b[1])
        g = torch.tanh(W_g @ x + b[2])
        o = torch.sigmoid(W_o @ x + b[3])
        c = i * g  # f * c_{-1} = 0
        h = o * torch.tanh(c)
    layer = out["layers"][0]
    for name, want in (("i", i), ("f", f), ("g", g), ("o", o)):
        assert torch.allclose(torch.tensor(layer["gates"][name][0]), want, atol=1e-6), name
    assert torch.allclose(torch.tensor(layer["cell_state"][0]), c, atol=1e-6)
    assert torch.allclose(torch.tensor(layer["hidden"][0]), h, atol=1e-6)
    assert out["cell"] == "lstm"


def test_gru_gates_equal_hand_computed_first_step():
    model = build_model(10, ModelConfig(cell="gru", hidden=5, embedding=4), seed=2)
    out = gate_traces(model, IDS)
    rnn = model.rnn
    with torch.no_grad():
        x = _first_input(model, IDS)
        W_r, W_z, W_n = rnn.weight_ih_l0.chunk(3)
        bi_r, bi_z, bi_n = rnn.bias_ih_l0.chunk(3)
        bh_r, bh_z, bh_n = rnn.bias_hh_l0.chunk(3)
        r = torch.sigmoid(W_r @ x + bi_r + bh_r)
        z = torch.sigmoid(W_z @ x + bi_z + bh_z)
        n = torch.tanh(W_n @ x + bi_n + r * bh_n)  # W_hn h_{-1} = 0, b_hn stays inside r *
        h = (1 - z) * n                            # z * h_{-1} = 0
    layer = out["layers"][0]
    for name, want in (("r", r), ("z", z), ("n", n)):
        assert torch.allclose(torch.tensor(layer["gates"][name][0]), want, atol=1e-6), name
    assert torch.allclose(torch.tensor(layer["hidden"][0]), h, atol=1e-6)
    assert "cell_state" not in layer


@pytest.mark.parametrize("cell,layers,bidirectional",
                         list(itertools.product(("rnn", "gru", "lstm"), (1, 2), (False, True))))
def test_gate_trace_shapes_and_backward_reading_order(cell, layers, bidirectional):
    cfg = ModelConfig(cell=cell, hidden=3, layers=layers, bidirectional=bidirectional,
                      embedding=4)
    model = build_model(10, cfg, seed=0)
    out = gate_traces(model, IDS[0])  # a 1-D sequence is accepted too
    T, H = IDS.shape[1], 3
    assert [(r["layer"], r["direction"]) for r in out["layers"]] == [
        (k, d) for k in range(layers) for d in (("forward", "backward") if bidirectional
                                                else ("forward",))]
    for row in out["layers"]:
        assert np.array(row["hidden"]).shape == (T, H)
        assert set(row["gates"]) == set(GATES[cell])
        for g in row["gates"].values():
            assert np.array(g).shape == (T, H)
        assert ("cell_state" in row) == (cell == "lstm")
        if cell == "lstm":
            assert np.array(row["cell_state"]).shape == (T, H)
    with torch.no_grad():
        fused, _ = model.rnn(model.inputs(IDS))  # (1, T, H * D), top layer
    top = out["layers"][-cfg.directions:]
    assert np.allclose(top[0]["hidden"], fused[0, :, :H].numpy(), atol=1e-5)
    if bidirectional:
        # reading order: the backward run's state at t=0 is its last step, fused[:, 0, H:]
        assert np.allclose(top[1]["hidden"][0], fused[0, 0, H:].numpy(), atol=1e-5)
        assert np.allclose(top[1]["hidden"], fused[0, :, H:].numpy(), atol=1e-5)


def test_gate_traces_refuses_a_batch():
    model = build_model(10, ModelConfig(cell="gru", hidden=3), seed=0)
    with pytest.raises(ValueError, match="one sequence"):
        gate_traces(model, IDS.repeat(2, 1))


def test_saturation_fractions_and_huge_forget_bias():
    x = torch.randint(0, 10, (16, 12), generator=torch.Generator().manual_seed(0))
    model = build_model(10, ModelConfig(cell="lstm", hidden=8, forget_bias=10.0), seed=0)
    sat = saturation(model, x)
    gates = sat["layers"][0]["gates"]
    assert set(gates) == {"i", "f", "o"}  # sigmoid gates only, not the tanh candidate g
    for g in gates.values():
        for side in ("left", "right"):
            assert len(g[side]) == 8
            assert all(0.0 <= v <= 1.0 for v in g[side])
        assert all(a + b <= 1.0 for a, b in zip(g["left"], g["right"]))
    assert np.mean(gates["f"]["right"]) > 0.9   # sigma(10 + small) > 0.9 almost always
    assert np.mean(gates["f"]["left"]) == 0.0
    assert np.mean(gates["i"]["right"]) < 0.5   # the other gates start unsaturated
    gru = saturation(build_model(10, ModelConfig(cell="gru", hidden=4, bidirectional=True),
                                 seed=0), x)
    assert [set(r["gates"]) for r in gru["layers"]] == [{"r", "z"}, {"r", "z"}]


def test_saturation_counts_by_hand():
    """Fractions equal a direct count over the trace for one unit."""
    from engine.trace import trace
    x = torch.randint(0, 10, (5, 7), generator=torch.Generator().manual_seed(3))
    model = build_model(10, ModelConfig(cell="gru", hidden=4), seed=5)
    with torch.no_grad():
        z = trace(model, x).layers[0].gates["z"][:, :, 2]  # (B, T), unit 2
    sat = saturation(model, x, lo=0.4, hi=0.6)["layers"][0]["gates"]["z"]
    assert sat["left"][2] == pytest.approx((z < 0.4).sum().item() / 35)
    assert sat["right"][2] == pytest.approx((z > 0.6).sum().item() / 35)
    with pytest.raises(SettingError):
        saturation(model, x, lo=0.9, hi=0.1)


def test_encode_probe_errors_name_the_problem():
    task = make_task("copy", task_config("copy", lag=3))
    assert encode_probe(task, "c12=").tolist() == [[2, 9, 10, 18]]
    with pytest.raises(SettingError, match="'x'"):
        encode_probe(task, "c1x2=")
    with pytest.raises(SettingError, match="empty"):
        encode_probe(task, "")
    with pytest.raises(SettingError, match="2,000"):
        encode_probe(task, "1" * (MAX_PROBE_TOKENS + 1))
    words = make_task("agreement")
    assert encode_probe(words, "the cats , which").shape == (1, 4)


def test_features():
    toks = [list('a"bc"(d)e'), list("g0123456=")]
    inside = inside_quotes_or_brackets(toks)
    assert inside[0].tolist() == [0, 1, 1, 1, 0, 1, 1, 0, 0]
    assert inside[1].sum() == 0
    assert FEATURES["position"](toks)[1].tolist() == list(range(9))
    assert FEATURES["remembered=g"](toks).tolist() == [[0] * 9, [1] * 9]
    assert FEATURES["is_digit"](toks)[1].sum() == 7


def test_correlations_skip_constants_without_nan():
    acts = np.array([[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]])   # unit 1 is constant
    feats = np.array([[2.0, 0.0], [4.0, 0.0], [6.5, 0.0]])  # feature 1 is constant
    corr = correlations(acts, feats)
    assert corr[0, 0] == pytest.approx(np.corrcoef(acts[:, 0], feats[:, 0])[0, 1])
    assert corr[0, 1] == 0.0 and corr[1, 0] == 0.0 and not np.isnan(corr).any()


def test_trained_copy_lstm_has_a_unit_that_remembers_the_symbol():
    """The must-show: after an LSTM learns `copy`, the top-ranked unit holds the symbol."""
    task = make_task("copy", task_config("copy", lag=10))
    trainer = Trainer(task, ModelConfig(cell="lstm", hidden=32), TrainConfig(seed=0))
    probe = task.batch(np.random.default_rng(7), 64)  # fresh sequences, never trained on
    x, tokens = torch.from_numpy(probe.x), [task.vocab.decode(row) for row in probe.x]

    def best_remembered(model):
        rows = rank_units(model, x, tokens, top=10_000)
        return max(abs(r["correlation"]) for r in rows if r["feature"].startswith("remembered="))

    before = best_remembered(trainer.model)
    while trainer.evaluate()["accuracy"] <= 0.95 and trainer.state.step < 600:
        trainer.step(20)
    assert trainer.evaluate()["accuracy"] > 0.95
    top = rank_units(trainer.model, x, tokens, top=5)
    assert len(top) == 5
    assert top[0]["feature"].startswith("remembered=")
    assert abs(top[0]["correlation"]) >= 0.8
    assert all(abs(a["correlation"]) >= abs(b["correlation"]) for a, b in itertools.pairwise(top))
    assert before < 0.6  # the untrained model has no such unit: training made it
