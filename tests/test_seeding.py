"""The engine seeds torch's CPU generator alone (engine/seeding.py): the same initial weights as
`torch.manual_seed` gave, the caller's random state left as it was, and no call to
`torch.manual_seed` (which records a stack per accelerator: milliseconds per model under a server)."""
import pytest
import torch

from engine.config import ModelConfig
from engine.model import SequenceModel, build_model, initialise
from engine.seeding import seed_cpu, seeded
from engine.seq2seq.model import Seq2SeqConfig, build_seq2seq


def weights(model) -> list[torch.Tensor]:
    return [p.detach().clone() for p in model.parameters()]


def test_seeded_draws_are_torch_manual_seeds_and_leave_the_caller_alone():
    torch.manual_seed(5)
    expected = torch.rand(4)
    torch.manual_seed(99)
    before = torch.random.get_rng_state()
    with seeded(5):
        assert torch.equal(torch.rand(4), expected)
    assert torch.equal(torch.random.get_rng_state(), before)
    seed_cpu(5)
    assert torch.equal(torch.rand(4), expected)


@pytest.mark.parametrize("cell", ["rnn", "gru", "lstm"])
def test_models_start_from_the_same_weights_as_with_torch_manual_seed(cell):
    config = ModelConfig(cell=cell, hidden=8, embedding=4)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(11)
        reference = SequenceModel(20, config)
        initialise(reference, config.init)
    for mine, theirs in zip(weights(build_model(20, config, 11)), weights(reference), strict=True):
        assert torch.equal(mine, theirs)
    assert not torch.equal(weights(build_model(20, config, 12))[0], weights(reference)[0])


def test_no_model_builder_calls_torch_manual_seed(monkeypatch):
    def refuse(seed):
        raise AssertionError("torch.manual_seed called")
    monkeypatch.setattr(torch, "manual_seed", refuse)
    build_model(20, ModelConfig(cell="lstm", hidden=8, embedding=4), 3)
    build_seq2seq(12, 14, Seq2SeqConfig(), 3)
