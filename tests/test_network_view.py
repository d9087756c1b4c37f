"""The network view draws engine.unroll's numbers and nothing else: every cell, guess, gradient
and equation of `network_frame` against the model's own parameters, softmax and autograd."""
import math
import re

import pytest
import torch

from engine.config import ModelConfig, TrainConfig
from engine.gradflow import probe_batch
from engine.tasks import make_task, task_config
from engine.trainer import Trainer
from engine.unroll import unroll
from playground.train.network import fit_window, network_frame, size_of
from playground.train.network_chart import network_chart

NUMBER = r"(-?\d+\.\d+)"


def run_of(task: str, steps: int = 20, task_kw=None, **model) -> tuple[Trainer, dict]:
    """A trainer after `steps` steps and the unroll of its first probe sequence."""
    t = make_task(task, task_config(task, **(task_kw or {})))
    trainer = Trainer(t, ModelConfig(**model), TrainConfig(seed=3, lr=0.02))
    trainer.step(steps)
    x, y = probe_batch(t)
    return trainer, unroll(trainer.model, t, x[:1], y[0], truncate=0)


@pytest.fixture(scope="module")
def hello():
    """The course's figure: a vanilla RNN with 3 hidden units on one-hot "hell" -> "ello"."""
    return run_of("hello", cell="rnn", hidden=3, embedding=0)


def of(df, mark):
    return df[df["mark"] == mark]


def test_hello_cells_are_the_hidden_states_with_their_numbers(hello):
    trainer, u = hello
    df = network_frame(u)
    cells = of(df, "cell")
    assert len(cells) == 4 * 3  # 4 steps x 3 units, one column (a<t>)
    ids = torch.from_numpy(trainer.task.vocab.encode("hell")).unsqueeze(0)
    with torch.no_grad():
        fused = trainer.model.rnn(trainer.model.inputs(ids))[0][0]   # the fused model: (T, H)
    for (t, unit), (_, row) in zip([(t, k) for t in range(4) for k in range(3)], cells.iterrows()):
        assert row["value"] == pytest.approx(float(fused[t, unit]), abs=1e-6)
        assert row["text"] == f"{float(fused[t, unit]):.3f}"   # written out: at most 8 units


def test_hello_equation_holds_with_the_models_own_weights(hello):
    trainer, u = hello
    rnn = trainer.model.rnn
    x = trainer.model.inputs(torch.from_numpy(trainer.task.vocab.encode("hell")).unsqueeze(0))[0]
    h_prev = torch.zeros(3)
    for t, (_, row) in enumerate(of(network_frame(u), "hover").iterrows()):
        rec, inp, b, out = map(float, re.search(
            rf"tanh\({NUMBER} \+ {NUMBER} \+ {NUMBER}\) = {NUMBER}", row["equation"]).groups())
        with torch.no_grad():
            want_rec = float((rnn.weight_hh_l0 @ h_prev)[0])
            want_inp = float((rnn.weight_ih_l0 @ x[t])[0])
            want_b = float(rnn.bias_ih_l0[0] + rnn.bias_hh_l0[0])
            h_prev = torch.tanh(rnn.weight_ih_l0 @ x[t] + rnn.bias_ih_l0 + rnn.weight_hh_l0 @ h_prev
                                + rnn.bias_hh_l0)
        assert (rec, inp, b) == pytest.approx((want_rec, want_inp, want_b), abs=6e-4)  # 3 decimals
        assert out == pytest.approx(float(h_prev[0]), abs=6e-4)
        assert out == pytest.approx(math.tanh(rec + inp + b), abs=2e-3)
        assert row["title"] == f"a<{t + 1}> layer 1 forward"


def test_outputs_are_the_models_softmax_with_the_target_marked(hello):
    trainer, u = hello
    ids = torch.from_numpy(trainer.task.vocab.encode("hell")).unsqueeze(0)
    with torch.no_grad():
        probs = torch.softmax(trainer.model(ids)[0][0], dim=-1)   # (T, V)
    texts = of(network_frame(u), "text")["text"].tolist()
    tokens = trainer.task.vocab.tokens
    for t, target in enumerate("ello"):
        p, k = probs[t].topk(3)
        want = [f"{tokens[int(i)]} {float(v):.2f}" + (" ✓" if tokens[int(i)] == target else "")
                for v, i in zip(p, k)]
        assert [s for s in texts if s in want] == want  # the step's three lines, in order
    losses = of(network_frame(u), "small")["text"].tolist()
    want_loss = -math.log(float(probs[0, trainer.task.vocab.encode("e")[0]]))
    assert losses[0] == f"→e loss {want_loss:.2f}" and len(losses) == 4


def test_backward_view_colours_nodes_and_arrows_by_autograds_norms():
    trainer, u = run_of("copy", steps=0, task_kw={"lag": 8}, cell="rnn", hidden=16)
    T = len(u["tokens"])
    df = network_frame(u, 0, T, backward=True, outputs_at="scored")
    boxes = of(df, "box").dropna(subset=["grad"])
    assert len(boxes) == T
    assert boxes["grad"].tolist() == pytest.approx([math.log10(g) for g in u["grad_norm"][0]])
    # autograd, independently: a<t> = tanh(W_ax x<t> + W_aa a<t-1> + b) stepped by hand from the
    # model's weights, the loss at the scored step differentiated against every a<t>
    x, y = probe_batch(trainer.task)
    rnn, inputs = trainer.model.rnn, trainer.model.inputs(x[:1])[0]
    a, states = torch.zeros(16), []
    for t in range(T):
        a = torch.tanh(rnn.weight_ih_l0 @ inputs[t] + rnn.bias_ih_l0 + rnn.weight_hh_l0 @ a
                       + rnn.bias_hh_l0)
        states.append(a)
    logits = trainer.model.head(torch.stack(states))
    scored = y[0] >= 0
    loss = torch.nn.functional.cross_entropy(logits[scored], y[0][scored])
    grads = torch.autograd.grad(loss, states)
    assert [float(g.norm()) for g in grads] == pytest.approx(u["grad_norm"][0], rel=1e-4)
    arrows = of(df, "edge").dropna(subset=["grad"])
    assert len(arrows) == T - 1   # one W_aa arrow between each pair of steps
    flows = [math.log10(f) for f in u["flow"][0][1:]]
    assert arrows["grad"].tolist() == pytest.approx(flows)
    widths = arrows["width"].tolist()   # thicker = more gradient passed back (log scale)
    order = sorted(range(len(flows)), key=flows.__getitem__)
    assert [widths[i] for i in order] == sorted(widths) and min(widths) == 1 and max(widths) == 9
    assert set(of(df, "gradtag")["text"]) == {f"{g:.0e}" for g in u["grad_norm"][0]}
    # a vanilla RNN at initialisation: the gradient vanishes on its way back to x<1>
    assert u["grad_norm"][0][0] < 1e-2 * u["grad_norm"][0][-1]


def test_truncated_bptt_is_drawn_as_cuts_every_k_steps():
    t = make_task("copy", task_config("copy", lag=8))
    trainer = Trainer(t, ModelConfig(cell="rnn", hidden=8), TrainConfig(tbptt=4))
    x, y = probe_batch(t)
    u = unroll(trainer.model, t, x[:1], y[0], truncate=4)
    cuts = of(network_frame(u, 0, 10, backward=True, outputs_at="scored"), "cut")
    assert len(cuts) == 2 and set(cuts["text"]) == {"BPTT cut every 4"}  # before steps 5 and 9
    assert u["flow"][0][4] == 0 and u["flow"][0][8] == 0


@pytest.mark.parametrize("cell,gates", [("lstm", ("c", "i", "f", "g", "o")), ("gru", ("r", "z", "n"))])
def test_opened_gates_are_the_traced_gates(cell, gates):
    _, u = run_of("hello", cell=cell, hidden=4)
    df = network_frame(u, gates=True)
    L = u["layers"][0]
    cells = of(df, "cell")
    assert len(cells) == 4 * 4 * (1 + len(gates))   # steps x units x (a<t> + c/gates)
    per_step = 4 * (1 + len(gates))
    for t in range(4):
        rows = cells["value"].tolist()[t * per_step:(t + 1) * per_step]
        want = list(L["hidden"][t])
        for name in gates:
            want += L["cell_state"][t] if name == "c" else L["gates"][name][t]
        assert rows == pytest.approx(want)
    assert list(of(df, "colhead")["text"][:1 + len(gates)]) == ["a", *gates]
    eq = of(df, "hover")["equation"].iloc[1]
    G = {n: L["gates"][n][1][0] for n in L["gates"]}
    if cell == "lstm":   # c<2> = f·c<1> + i·g, a<2> = o·tanh(c<2>), unit 1
        c1, c2 = L["cell_state"][0][0], L["cell_state"][1][0]
        assert c2 == pytest.approx(G["f"] * c1 + G["i"] * G["g"], abs=1e-5)
        assert f"= {c2:.3f}" in eq and f"{G['f']:.3f}·{c1:.3f}" in eq
    else:                # a<2> = (1 − z)·n + z·a<1>
        a1, a2 = L["hidden"][0][0], L["hidden"][1][0]
        assert a2 == pytest.approx((1 - G["z"]) * G["n"] + G["z"] * a1, abs=1e-5)
        assert f"(1 − {G['z']:.3f})·{G['n']:.3f} + {G['z']:.3f}·{a1:.3f} = {a2:.3f}" in eq


def test_a_deep_bidirectional_model_has_a_row_per_layer_and_direction():
    _, u = run_of("copy", steps=0, task_kw={"lag": 3}, cell="gru", hidden=10, layers=2,
                  bidirectional=True)
    df = network_frame(u, outputs_at="scored")
    labels = of(df, "label")["text"].tolist()
    assert labels[:5] == ["ŷ (top 3)", "a [2] →", "a [2] ←", "a [1] →", "a [1] ←"]
    recurrent = of(df, "edge")[of(df, "edge")["matrix"].str.startswith("W_aa")]
    right_to_left = recurrent[recurrent["matrix"].str.endswith("←]")]
    assert len(right_to_left) == 2 * (len(u["tokens"]) - 1)
    assert (right_to_left["x"] > right_to_left["x2"]).all()   # the backward row runs right to left
    # one input arrow per layer and step, into the band both directions share, crossing no node
    inputs = of(df, "edge")[of(df, "edge")["matrix"].str.startswith("W_ax")]
    assert sorted(set(inputs["matrix"])) == ["W_ax [1→←]", "W_ax [2→←]"]
    assert len(inputs) == 2 * len(u["tokens"])
    boxes = of(df, "box")
    for _, arrow in inputs.iterrows():
        lo, hi = sorted((arrow["y"], arrow["y2"]))
        crossed = boxes[(boxes["x"] <= arrow["x"]) & (boxes["x2"] >= arrow["x"])
                        & (boxes["y"] < hi - 1) & (boxes["y2"] > lo + 1)]
        assert crossed.empty, arrow
    strips = of(df, "cell")
    assert len(strips) == 4 * len(u["tokens"]) * 10 and strips["text"].eq("").all()  # > 8 units
    out = of(df, "hover_out")
    assert len(out) == 1 and out["title"].iloc[0] == f"ŷ<{len(u['tokens'])}>"   # scored once


def test_a_long_input_shows_a_window_and_an_overview_of_every_step():
    _, u = run_of("copy", steps=0, task_kw={"lag": 40}, cell="rnn", hidden=16)
    T = len(u["tokens"])
    window = fit_window(u, False)
    assert window < T
    df = network_frame(u, 5, window, backward=True, outputs_at="scored")
    titles = of(df, "hover")["title"].tolist()
    assert titles == [f"a<{t}> layer 1 forward" for t in range(6, 6 + window)]
    mini = of(df, "mini")
    assert len(mini) == T and mini["grad"].tolist() == pytest.approx(
        [math.log10(g) for g in u["grad_norm"][0]])
    frame = of(df, "miniwin").iloc[0]
    step = (mini["x2"].iloc[0] - mini["x"].iloc[0]) + 1   # one step's width in the strip
    assert frame["x"] == pytest.approx(mini["x"].iloc[5] - 1)
    assert frame["x2"] - frame["x"] == pytest.approx(window * step + 1)
    assert "scored at step" in of(df, "note")["text"].iloc[0]  # the output is out of the window
    width, height = size_of(u, window)
    assert of(df, "mini")["y2"].max() <= height and df["x2"].max() <= width


def test_diverged_values_are_drawn_as_nan_not_an_error():
    trainer, _ = run_of("hello", steps=0, cell="rnn", hidden=3, embedding=0)
    with torch.no_grad():
        trainer.model.rnn.weight_hh_l0.fill_(float("nan"))
    x, y = probe_batch(trainer.task)
    u = unroll(trainer.model, trainer.task, x[:1], y[0])
    df = network_frame(u, backward=True)
    later = of(df, "cell").iloc[3:]
    assert later["text"].eq("nan").all() and later["value"].isna().all()
    assert "= nan" in of(df, "hover")["equation"].iloc[1]
    spec = network_chart(df.iloc[:0], *size_of(u, 4), backward=True).to_dict()
    assert spec["layer"]   # the chart still builds


def test_without_flows_the_values_are_the_same_and_no_flow_is_drawn():
    trainer, with_flows = run_of("copy", steps=5, task_kw={"lag": 5}, cell="lstm", hidden=6)
    x, y = probe_batch(trainer.task)
    u = unroll(trainer.model, trainer.task, x[:1], y[0], flows=False)
    assert u["flow"] is None and u["grad_norm"] == with_flows["grad_norm"]
    assert u["layers"] == with_flows["layers"] and u["outputs"] == with_flows["outputs"]
    arrows = of(network_frame(u, backward=True, outputs_at="scored"), "edge")
    assert arrows["grad"].isna().all() and arrows["width"].eq(1.5).all()


def flat_layers(spec: dict) -> list[dict]:
    out = []
    for layer in spec.get("layer", []):
        out += flat_layers(layer) if "layer" in layer else [layer]
    return out


def style_of(expr: str, mark: str):
    """Read a `datum.mark == 'm' ? v : ...` chain as Vega would, for one mark."""
    for m, value in re.findall(r"datum\.mark == '(\w+)' \? ('[^']*'|[\d.]+) :", expr):
        if m == mark:
            return value.strip("'") if value.startswith("'") else float(value)
    last = expr.rsplit(" : ", 1)[-1]
    return last.strip("'") if last.startswith("'") else float(last)


@pytest.mark.parametrize("backward", [False, True])
def test_every_mark_is_drawn_and_the_words_are_one_text_layer_styled_by_mark(backward):
    from playground.train.network_chart import WORDS
    _, u = run_of("copy", steps=2, task_kw={"lag": 3}, cell="lstm", hidden=4, layers=2,
                  bidirectional=True)
    u = dict(u, truncate=3)
    df = network_frame(u, 0, 12, backward=backward, gates=True)
    layers = flat_layers(network_chart(df.iloc[:0], 900, 700, backward, True).to_dict())
    filters = [" ".join(str(t.get("filter", "")) for t in layer.get("transform", []))
               for layer in layers]
    for mark in set(df["mark"]):            # no kind of row is left undrawn
        assert any(f"'{mark}'" in f for f in filters), mark
    texts = [layer for layer, f in zip(layers, filters)
             if (layer["mark"] if isinstance(layer["mark"], str) else layer["mark"]["type"]) == "text"]
    assert len(texts) == 2    # the cells' numbers, and every other word in one layer
    words = next(layer for layer in texts if "indexof" in str(layer["transform"]))
    assert set(re.findall(r"'(\w+)'", words["transform"][0]["filter"])) == set(WORDS)
    size = next(c["calculate"] for c in words["transform"] if c.get("as") == "word_size")
    color = next(c["calculate"] for c in words["transform"] if c.get("as") == "word_color")
    mark_def = words["mark"]
    for mark, (font, fill, align, weight, style) in WORDS.items():
        assert style_of(size, mark) == font and style_of(color, mark) == fill
        assert style_of(mark_def["align"]["expr"], mark) == align
        assert style_of(mark_def["fontWeight"]["expr"], mark) == weight
        assert style_of(mark_def["fontStyle"]["expr"], mark) == style
    assert WORDS["label"][3] == "bold" and WORDS["wlabel_v"][2:] == ("right", "normal", "italic")
