"""A diverged language model (lr 100, NaN weights) is reported, never a crash: score_text
flags it and sample raises ModelDiverged, a SettingError the page shows as a message."""
import math

import pytest
import torch

from engine.config import ModelConfig, TrainConfig
from engine.fields import SettingError
from engine.lm import ModelDiverged, sample, score_text
from engine.tasks import make_task, task_config
from engine.trainer import Trainer

EXPLODING = {"model": ModelConfig(cell="rnn", activation="relu", hidden=32),
             "train": TrainConfig(optimizer="sgd", lr=100)}


def diverged(task):
    trainer = Trainer(task, EXPLODING["model"], EXPLODING["train"])
    trainer.step(50)
    assert trainer.state.status == "diverged" and trainer.state.diverged_at < 10
    return trainer


def test_hello_after_divergence_scores_as_diverged_not_overflow():
    trainer = diverged(make_task("hello"))
    scored = score_text(trainer.model, trainer.task.vocab, "hello")  # was OverflowError
    assert scored["diverged"] is True and scored["perplexity"] == math.inf
    assert scored["chars"] == list("hello") and scored["probs"][0] is None


def test_charlm_after_divergence_samples_raise_model_diverged():
    trainer = diverged(make_task("charlm", task_config("charlm", text="abcd efgh " * 100,
                                                       length=16)))
    with pytest.raises(ModelDiverged, match=r"^The model has diverged \(its outputs overflow to "
                                            r"NaN/inf after \d+ characters\)"):
        sample(trainer.model, trainer.task.vocab, length=200)  # was RuntimeError
    scored = score_text(trainer.model, trainer.task.vocab, "abcd efgh")
    assert scored["diverged"] and scored["perplexity"] == math.inf
    assert any(math.isnan(p) for p in scored["probs"][1:])
    assert issubclass(ModelDiverged, SettingError)


def test_nan_weights_are_reported_by_both(hello):
    task, model = hello
    with torch.no_grad():
        model.head.bias[2] = math.nan
    with pytest.raises(ModelDiverged, match=r"its weights hold NaN/inf"):
        sample(model, task.vocab, length=4, prime="h")
    scored = score_text(model, task.vocab, "hello")
    assert scored["diverged"] and scored["perplexity"] == math.inf


def test_a_healthy_model_is_not_flagged(hello):
    task, model = hello
    scored = score_text(model, task.vocab, "hello")
    assert scored["diverged"] is False and 3 < scored["perplexity"] < 6  # untrained: ~uniform, 4


def test_huge_finite_logits_at_the_lowest_temperature_still_sample(hello):
    """logits ~1e37 / 0.01 overflow a float32 (the old NaN crash) but not a float64."""
    task, model = hello
    with torch.no_grad():
        model.head.weight.zero_()
        model.head.bias.copy_(torch.tensor([0.0, 0.0, 3e37, 0.0]))  # always "l"
    assert sample(model, task.vocab, length=5, temperature=0.01, prime="h") == "hlllll"
