"""Language-model probes: sentence scoring agrees with the model's softmax; sampling is seeded."""
import math

import pytest
import torch

from engine.fields import SettingError
from engine.lm import sample, score_text


def test_score_text_probabilities_come_from_the_models_softmax(hello):
    task, model = hello
    scored = score_text(model, task.vocab, "hello")
    ids = torch.from_numpy(task.vocab.encode("hello"))[None]
    logits, _ = model(ids)
    p_e_given_h = torch.softmax(logits[0, 0], -1)[task.vocab.id("e")].item()
    assert scored["probs"][0] is None and scored["probs"][1] == pytest.approx(p_e_given_h, rel=1e-6)
    logs = [math.log(p) for p in scored["probs"][1:]]
    assert scored["perplexity"] == pytest.approx(math.exp(-sum(logs) / 4), rel=1e-6)


def test_unknown_characters_are_named_not_dropped(hello):
    task, model = hello
    with pytest.raises(SettingError, match=r"'x', '안'"):
        score_text(model, task.vocab, "hexl안")


def test_sampling_is_seeded_and_temperature_is_checked(hello):
    task, model = hello
    a = sample(model, task.vocab, length=30, temperature=1.0, seed=5)
    assert a == sample(model, task.vocab, length=30, temperature=1.0, seed=5)
    assert len(a) == 31 and set(a) <= set("helo")
    cold = sample(model, task.vocab, length=30, temperature=0.01, prime="h", seed=1)
    assert cold == sample(model, task.vocab, length=30, temperature=0.01, prime="h", seed=2)
    with pytest.raises(SettingError):
        sample(model, task.vocab, temperature=0)
