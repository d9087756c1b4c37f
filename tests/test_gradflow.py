"""Gradient through time: the probe agrees with the fused module, truncation cuts it, and on
`copy` an LSTM keeps the gradient (and learns) where a vanilla RNN loses it."""
import json

import pytest
import torch

from engine.cli import main
from engine.config import ModelConfig, TrainConfig
from engine.gradflow import FLOOR, gradient_by_step, last_scored_loss, probe_batch
from engine.model import build_model
from engine.tasks import make_task, task_config
from engine.trainer import Trainer, forward_truncated


@pytest.mark.parametrize("cell", ["rnn", "gru", "lstm"])
def test_probe_equals_the_gradient_of_the_fused_model_restarted_at_step_k(cell):
    """dL/dh_k is the gradient w.r.t. the initial state of the fused RNN run from step k on."""
    task = make_task("copy", task_config("copy", lag=6))
    model = build_model(len(task.vocab), ModelConfig(cell=cell, hidden=5), seed=1)
    x, y = probe_batch(task, n=3)
    probe = gradient_by_step(model, x, y)[0]["grad_norm_by_k"]
    inp = model.inputs(x)
    with torch.no_grad():
        out, _ = model.rnn(inp)
    for k in (1, 4, 7):  # h_k = out[:, k-1]; restart the fused module on x_{k+1..T}
        h_k = out[:, k - 1].clone().requires_grad_(True)
        state = h_k[None]
        if cell == "lstm":  # c_k does not depend on h_k: recover it from a prefix run
            with torch.no_grad():
                _, (_, c_k) = model.rnn(inp[:, :k])
            state = (h_k[None], c_k)
        rest, _ = model.rnn(inp[:, k:], state)
        logits = model.head(torch.cat([out[:, :k], rest], dim=1))
        grad = torch.autograd.grad(last_scored_loss(logits, y), h_k)[0]
        assert probe[k - 1] == pytest.approx(grad.norm(dim=-1).mean().item(), rel=1e-4)


def test_truncation_cuts_the_gradient_beyond_the_window():
    task = make_task("copy", task_config("copy", lag=10))  # T = 12, scored at the last step
    model = build_model(len(task.vocab), ModelConfig(cell="gru", hidden=6), seed=0)
    x, y = probe_batch(task)
    full = gradient_by_step(model, x, y)[0]["grad_norm_by_k"]
    cut = gradient_by_step(model, x, y, truncate=5)[0]["grad_norm_by_k"]
    assert all(g > FLOOR for g in full)
    assert cut[:10] == [FLOOR] * 10  # chunks [1-5], [6-10] are cut off from the loss at step 12
    assert cut[10:] == pytest.approx(full[10:], rel=1e-6)


def test_truncated_forward_changes_gradients_not_values():
    task = make_task("copy", task_config("copy", lag=10))
    model = build_model(len(task.vocab), ModelConfig(cell="lstm", hidden=6, layers=2), seed=0)
    x, _ = probe_batch(task)
    assert torch.allclose(forward_truncated(model, x, 4), model(x)[0], atol=1e-6)
    long = Trainer(task, ModelConfig(cell="lstm", hidden=6), TrainConfig(tbptt=100))
    full = Trainer(task, ModelConfig(cell="lstm", hidden=6), TrainConfig(tbptt=0))
    assert [r["loss"] for r in long.step(5)] == [r["loss"] for r in full.step(5)]


def test_lstm_keeps_the_gradient_and_learns_copy_where_the_rnn_does_not():
    """Issue 4: copy with lag 20, same data stream, seed and steps (about 15 s on CPU)."""
    results = {}
    for cell in ("rnn", "lstm"):
        tr = Trainer(make_task("copy", task_config("copy", lag=20)), ModelConfig(cell=cell),
                     TrainConfig(seed=0))
        tr.step(200)
        x, y = probe_batch(tr.task)
        results[cell] = (tr.evaluate()["accuracy"],
                         gradient_by_step(tr.model, x, y)[0]["grad_norm_by_k"][0])
    (rnn_acc, rnn_g1), (lstm_acc, lstm_g1) = results["rnn"], results["lstm"]
    assert rnn_acc < 0.3 and lstm_acc > 0.9          # chance is 1/8
    assert lstm_g1 > 100 * rnn_g1                    # orders of magnitude more gradient at k = 1


def test_decay_command_prints_accuracy_and_gradient_by_step(capsys):
    code = main(["decay", "--task", "copy", "--lag", "5", "--cell", "gru", "--hidden", "8",
                 "--steps", "20", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["status"] == "ok"
    assert len(out["grad_norm_by_k"]) == 7 and 0 <= out["accuracy"] <= 1
    assert out["layers"][0]["grad_norm_by_k"] == out["grad_norm_by_k"]


def test_toy_command_matches_the_course_example_and_agrees_with_the_product_formula(capsys):
    code = main(["toy", "--w-hh", "3", "--w-xh", "2", "--b", "1", "--length", "20", "--h0", "0",
                 "--x", "0.5", "--activation", "tanh", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["verdict"] == "vanishing"
    assert out["h"][0] == pytest.approx(__import__("math").tanh(2.0))  # tanh(2*0.5 + 3*0 + 1)
    assert len(out["dhT_dhk"]) == 21 and out["dhT_dhk"][-1] == 1.0
    assert out["dhT_dhk"] == pytest.approx(out["analytic"], rel=1e-6)


@pytest.mark.parametrize("argv,words", [
    (["toy", "--length", "3", "--x", "1,2"], "2 numbers"),
    (["toy", "--x", "1,abc"], "'abc'"),
    (["toy", "--w-hh", "99"], "w_hh=99.0 is above"),
    (["vector", "--spectral-radius", "-1"], "spectral_radius"),
])
def test_toy_and_vector_bad_flags_exit_2(capsys, argv, words):
    assert main(argv) == 2
    assert words in capsys.readouterr().err


def test_vector_and_cliff_commands_print_what_the_page_draws(capsys):
    assert main(["vector", "--structure", "orthogonal", "--activation", "identity", "--length", "10",
                 "--json"]) == 0
    vec = json.loads(capsys.readouterr().out)
    assert vec["grad_norm_by_k"] == pytest.approx([1.0] * 11, rel=1e-9)  # orthogonal: norm kept
    assert main(["cliff", "--resolution", "20", "--steps", "60", "--json"]) == 0
    cliff = json.loads(capsys.readouterr().out)
    assert len(cliff["surface"]["loss"]) == 20 and len(cliff["plain"]["w"]) == 61
    assert set(cliff) == {"surface", "plain", "clipped"}
