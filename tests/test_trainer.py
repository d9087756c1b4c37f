"""The trainer: learning, determinism, live retuning, clipping, divergence, bounded history."""
import math

import pytest

from engine.config import ModelConfig, TrainConfig
from engine.fields import SettingError
from engine.history import History
from engine.tasks import make_task, task_config
from engine.trainer import Trainer


def test_rnn_learns_hello_to_near_zero_loss():
    tr = Trainer(make_task("hello"), ModelConfig(cell="rnn", hidden=8, embedding=0),
                 TrainConfig(lr=0.05))
    records = tr.step(300)
    assert records[0]["loss"] > 1.0                 # starts near log(4) = 1.39
    assert records[-1]["loss"] < 0.01 and records[-1]["accuracy"] == 1.0
    assert records[-1]["perplexity"] == pytest.approx(math.exp(records[-1]["loss"]))


@pytest.mark.parametrize("cell", ["rnn", "gru", "lstm"])
def test_same_seed_same_curve_bit_for_bit(cell):
    def run(seed):
        tr = Trainer(make_task("copy", task_config("copy", lag=5)), ModelConfig(cell=cell, hidden=16),
                     TrainConfig(seed=seed))
        return [(r["loss"], r["grad_norm"]) for r in tr.step(20)]
    assert run(3) == run(3)
    assert run(3) != run(4)


def test_huge_learning_rate_is_reported_as_diverged_not_raised():
    tr = Trainer(make_task("copy", task_config("copy", lag=5)),
                 ModelConfig(cell="rnn", activation="relu", init="identity"),
                 TrainConfig(optimizer="sgd", lr=100.0))
    records = tr.step(200)
    assert tr.state.status == "diverged"
    assert tr.state.diverged_at == records[-1]["step"] < 200
    assert not (math.isfinite(records[-1]["loss"]) and math.isfinite(records[-1]["grad_norm"]))
    assert tr.step(5) == []  # a diverged run stays stopped


def test_clipping_records_the_norm_before_clipping_and_bounds_the_update():
    task = make_task("copy", task_config("copy", lag=5))
    tr = Trainer(task, ModelConfig(cell="rnn", hidden=16), TrainConfig(optimizer="sgd", lr=1.0,
                                                                          clip=1e-3))
    before = [p.detach().clone() for p in tr.model.parameters()]
    rec = tr.step(1)[0]
    moved = sum(((p.detach() - b) ** 2).sum().item() for p, b in zip(tr.model.parameters(), before))
    assert rec["grad_norm"] > 1e-3 and rec["clipped"]
    assert math.sqrt(moved) == pytest.approx(1e-3, rel=1e-3)  # SGD step = lr * clipped gradient


def test_retune_changes_optimizer_settings_without_losing_the_run():
    tr = Trainer(make_task("hello"), ModelConfig(cell="gru", hidden=8), TrainConfig(lr=0.01))
    tr.step(10)
    weights = tr.model.rnn.weight_hh_l0.detach().clone()
    tr.retune(TrainConfig(lr=0.2))
    assert tr.optimizer.param_groups[0]["lr"] == 0.2 and tr.state.step == 10
    tr.retune(TrainConfig(lr=0.2, optimizer="rmsprop"))
    assert type(tr.optimizer).__name__ == "RMSprop"
    assert tr.model.rnn.weight_hh_l0.detach().equal(weights)
    tr.step(1)
    assert tr.state.step == 11 and len(tr.history) == 11


def test_bidirectional_language_model_is_refused_with_a_reason():
    with pytest.raises(SettingError, match="bidirectional"):
        Trainer(make_task("hello"), ModelConfig(bidirectional=True), TrainConfig())


def test_charlm_records_heldout_perplexity_periodically():
    text = "abcabcabd " * 60
    tr = Trainer(make_task("charlm", task_config("charlm", text=text, length=12)),
                 ModelConfig(cell="lstm", hidden=16), TrainConfig(lr=0.02))
    records = tr.step(100)
    evals = [r["step"] for r in records if "val_perplexity" in r]
    assert evals == [1, 50, 100]
    assert records[-1]["val_perplexity"] < records[0]["val_perplexity"]


def test_history_stays_bounded_and_covers_the_whole_run():
    h = History(capacity=100)
    for step in range(1, 10_001):
        h.append({"step": step})
    assert len(h) < 100
    steps = [r["step"] for r in h.view()]
    assert steps[0] <= 256 and steps[-1] == 10_000
    assert len(h.view(max_points=20)) <= 21
