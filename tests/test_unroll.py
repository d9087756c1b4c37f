"""engine.unroll, the numbers of the network view, against independent computations: the fused
model's own softmax and losses, and a reference that steps torch's fused cells one time step at
a time (per layer and direction) and takes every gradient by plain autograd."""
import itertools
import json
import math

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from engine.checkpoint import save_checkpoint
from engine.cli.commands import main
from engine.config import ModelConfig, TrainConfig
from engine.model import build_model
from engine.tasks import IGNORE, make_task
from engine.trace import trace
from engine.trainer import Trainer
from engine.unroll import text_targets, unroll

CASES = [(cell, act, layers, bi) for cell, act in (("rnn", "tanh"), ("rnn", "relu"), ("gru", "tanh"),
                                                   ("lstm", "tanh"))
         for layers, bi in itertools.product((1, 2, 3), (False, True))]
MODULES = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}


def one_direction(model, layer: int, reverse: bool) -> nn.Module:
    """A one-layer fused module holding one layer/direction's weights of `model.rnn`."""
    cfg, rnn = model.config, model.rnn
    kw = {"nonlinearity": cfg.activation} if cfg.cell == "rnn" else {}
    m = MODULES[cfg.cell](rnn.input_size if layer == 0 else cfg.hidden * cfg.directions,
                          cfg.hidden, batch_first=True, **kw)
    suffix = f"_l{layer}" + ("_reverse" if reverse else "")
    with torch.no_grad():
        for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
            getattr(m, name + "_l0").copy_(getattr(rnn, name + suffix))
    return m


def reference(model, ids, y, truncate=0):
    """Step the fused cells one step at a time; -> hidden (per layer/dir: T x H), logits (T, V),
    the loss, ||dL/da<t>|| and the gradient passed back along each recurrent arrow."""
    cfg = model.config
    T = ids.shape[1]
    inp = model.inputs(ids)
    rows, hidden, kept = [], [], []   # kept: per layer/dir, T x (h, c or None), in time order
    for layer in range(cfg.layers):
        outs = []
        for reverse in ([False, True] if cfg.bidirectional else [False]):
            m = one_direction(model, layer, reverse)
            states, feed = [None] * T, None
            order = range(T - 1, -1, -1) if reverse else range(T)
            for n, t in enumerate(order):
                if truncate and n and n % truncate == 0:
                    feed = tuple(s.detach() for s in feed) if cfg.cell == "lstm" else feed.detach()
                _, state = m(inp[:, t:t + 1], feed)
                states[t], feed = state, state
            h = [s[0][0] if cfg.cell == "lstm" else s[0] for s in states]        # (1, H) each
            c = [s[1][0] if cfg.cell == "lstm" else None for s in states]
            kept.append((h, c, states, reverse))
            hidden.append(torch.cat(h).detach())
            outs.append(torch.stack(h, dim=1))
        inp = torch.cat(outs, dim=-1)
        rows.append(outs)
    logits = model.head(inp)[0]
    scored = y != IGNORE
    loss = F.cross_entropy(logits[scored], y[scored])
    nodes = [s for h, c, st, _ in kept for s in st]
    leaves = [x for s in nodes for x in (s if isinstance(s, tuple) else (s,))]
    grads = torch.autograd.grad(loss, leaves, retain_graph=True, allow_unused=True)
    grads = [torch.zeros_like(x) if g is None else g for g, x in zip(grads, leaves)]
    per = 2 if cfg.cell == "lstm" else 1
    norms, flows, i = [], [], 0
    for h, c, states, reverse in kept:
        g = [grads[i + per * t:i + per * (t + 1)] for t in range(T)]
        i += per * T
        norms.append([float(gt[0].norm()) for gt in g])
        flow = [None] * T
        order = list(range(T - 1, -1, -1) if reverse else range(T))
        for n in range(1, T):
            t, prev = order[n], order[n - 1]
            outs_t = states[t] if per == 2 else (states[t],)
            ins = states[prev] if per == 2 else (states[prev],)
            passed = torch.autograd.grad(outs_t, ins, grad_outputs=g[t], retain_graph=True,
                                         allow_unused=True)
            flow[t] = math.sqrt(sum(float(p.pow(2).sum()) for p in passed if p is not None))
        flows.append(flow)
    return hidden, logits.detach(), float(loss.detach()), norms, flows


def close(a, b, tol=1e-5):
    return all(abs(x - z) <= tol * max(1.0, abs(z)) for x, z in zip(a, b)) and len(a) == len(b)


@pytest.mark.parametrize("cell,activation,layers,bidirectional", CASES)
def test_every_number_matches_traced_and_fused(cell, activation, layers, bidirectional):
    task = make_task("copy")
    cfg = ModelConfig(cell=cell, activation=activation, hidden=6, layers=layers,
                      bidirectional=bidirectional, embedding=5)
    model = build_model(len(task.vocab), cfg, seed=4)
    b = task.batch(__import__("numpy").random.default_rng(2), 1)
    ids, y = torch.from_numpy(b.x), torch.from_numpy(b.y[0])
    u = unroll(model, task, ids, y)
    with torch.no_grad():
        tr = trace(model, ids)
        fused_logits, _ = model(ids)
    ref_hidden, _, ref_loss, ref_norms, ref_flows = reference(model, ids, y)
    assert len(u["layers"]) == layers * cfg.directions
    for row, lt, ref in zip(u["layers"], tr.layers, ref_hidden):
        assert (row["layer"], row["direction"]) == (lt.layer, lt.direction)
        assert torch.allclose(torch.tensor(row["hidden"]), lt.hidden[0], atol=1e-6)
        assert torch.allclose(torch.tensor(row["hidden"]), ref, atol=1e-5)  # fused, stepwise
        if cell == "lstm":
            assert torch.allclose(torch.tensor(row["cell_state"]), lt.cell_state[0], atol=1e-6)
        for name, g in lt.gates.items():
            assert torch.allclose(torch.tensor(row["gates"][name]), g[0], atol=1e-6)
        if cell == "rnn":  # a<t> = g(W_aa a<t-1> + W_ax x<t> + b_a), term by term
            terms = row["terms"]
            pre = (torch.tensor(terms["recurrent"]) + torch.tensor(terms["input"])
                   + torch.tensor(terms["bias"]))
            act = torch.tanh if activation == "tanh" else torch.relu
            assert torch.allclose(act(pre), torch.tensor(row["hidden"]), atol=1e-5)
    probs = torch.softmax(fused_logits[0], dim=-1)
    for t, out in enumerate(u["outputs"]):
        p, k = probs[t].topk(3)
        assert [g["token"] for g in out["top"]] == [task.vocab.tokens[int(i)] for i in k]
        assert close([g["p"] for g in out["top"]], p.tolist())
        assert out["scored"] == (int(y[t]) != IGNORE)
        if out["scored"]:
            want = F.cross_entropy(fused_logits[0, t:t + 1], y[t:t + 1]).item()
            assert out["loss"] == pytest.approx(want, rel=1e-5, abs=1e-6)
            assert out["p_target"] == pytest.approx(probs[t, y[t]].item(), rel=1e-5)
    assert u["loss"] == pytest.approx(ref_loss, rel=1e-5)
    for got, want in zip(u["grad_norm"], ref_norms):
        assert close(got, want, tol=1e-4)
    for got, want in zip(u["flow"], ref_flows):
        assert [g is None for g in got] == [w is None for w in want]
        assert close([g or 0.0 for g in got], [w or 0.0 for w in want], tol=1e-4)


def test_tanh_flow_is_the_course_formula_and_truncation_cuts_it():
    """Along W_aa the gradient passed back is W_aa^T (dL/da<t> * (1 - a<t>^2)); across a
    truncated-BPTT cut nothing passes, and the norms past the cut agree with the reference."""
    task = make_task("hello")
    model = build_model(len(task.vocab), ModelConfig(cell="rnn", hidden=4, embedding=0), seed=1)
    ids = torch.from_numpy(task.vocab.encode("hellohel")).unsqueeze(0)
    y = text_targets(task, ids)
    u = unroll(model, task, ids, y)
    W = model.rnn.weight_hh_l0.detach()
    a = torch.tensor(u["layers"][0]["hidden"])
    # total dL/da<t> as a vector is not in the output; rebuild it from the reference
    *_, flows = reference(model, ids, y)
    assert close(u["flow"][0][1:], flows[0][1:], tol=1e-4)
    tr = trace(model, ids)
    loss = F.cross_entropy(tr.logits[0][y != IGNORE], y[y != IGNORE])
    g = torch.autograd.grad(loss, tr.layers[0].hidden_steps)
    for t in range(1, 8):
        formula = (W.T @ (g[t][0] * (1 - a[t] ** 2))).norm().item()
        assert u["flow"][0][t] == pytest.approx(formula, rel=1e-4)
    cut = unroll(model, task, ids, y, truncate=3)
    assert cut["truncate"] == 3
    assert [cut["flow"][0][t] for t in (3, 6)] == [0.0, 0.0]
    # a<8> reaches only the unscored last output: nothing to pass back from it
    assert all(f > 0 for t, f in enumerate(cut["flow"][0]) if t not in (0, 3, 6, 7))
    _, _, _, norms_cut, _ = reference(model, ids, y, truncate=3)
    assert close(cut["grad_norm"][0], norms_cut[0], tol=1e-4)
    assert not close(cut["grad_norm"][0], u["grad_norm"][0], tol=1e-4)  # the cut changed them


def test_unscored_input_has_no_backward_pass():
    task = make_task("copy")
    model = build_model(len(task.vocab), ModelConfig(cell="gru", hidden=3), seed=0)
    ids = torch.tensor([[0, 1, 2]])
    u = unroll(model, task, ids, None)
    assert u["loss"] is None and u["grad_norm"] is None and u["flow"] is None
    assert not any(o["scored"] for o in u["outputs"]) and all(len(o["top"]) == 3 for o in u["outputs"])
    assert text_targets(task, ids) is None  # copy: no target without --target


@pytest.fixture(scope="module")
def hello_checkpoint(tmp_path_factory):
    """The course's "hello" network: a vanilla RNN with 3 hidden units, trained briefly."""
    task = make_task("hello")
    trainer = Trainer(task, ModelConfig(cell="rnn", hidden=3), TrainConfig(seed=5))
    trainer.step(60)
    path = tmp_path_factory.mktemp("ck") / "hello.pt"
    save_checkpoint(trainer, path)
    return path, trainer


def test_cli_prints_the_view_of_a_checkpoint(hello_checkpoint, capsys):
    path, trainer = hello_checkpoint
    assert main(["unroll", "--checkpoint", str(path), "--text", "hell", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["cell"] == "rnn" and out["tokens"] == list("hell") and out["hidden_size"] == 3
    assert [o.get("target") for o in out["outputs"]] == ["e", "l", "l", None]  # "hello" shifted
    ids = torch.from_numpy(trainer.task.vocab.encode("hell")).unsqueeze(0)
    want = unroll(trainer.model, trainer.task, ids, text_targets(trainer.task, ids))
    assert torch.allclose(torch.tensor(out["layers"][0]["hidden"]),
                          torch.tensor(want["layers"][0]["hidden"]), atol=1e-6)
    assert out["grad_norm"][0] == pytest.approx(want["grad_norm"][0])
    assert main(["unroll", "--checkpoint", str(path), "--text", "hell", "--target", "ello",
                 "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [o["target"] for o in out["outputs"]] == list("ello")


@pytest.mark.parametrize("argv,words", [
    (["--text", "hxlz"], ["'x'", "'z'"]),
    (["--text", ""], ["empty"]),
    (["--text", "hell", "--target", "el"], ["2 tokens for 4"]),
    (["--text", "hell", "--truncate", "-1"], ["--truncate"]),
    (["--text", "hell", "--top", "0"], ["--top"]),
])
def test_cli_bad_text_exits_2_naming_it(hello_checkpoint, capsys, argv, words):
    path, _ = hello_checkpoint
    assert main(["unroll", "--checkpoint", str(path), *argv, "--json"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and all(w in err for w in words)
