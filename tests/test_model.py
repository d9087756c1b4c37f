"""Initialisation schemes and the config checks that guard them."""
import pytest
import torch

from engine.config import ModelConfig, TrainConfig
from engine.fields import SettingError
from engine.model import build_model


def test_identity_init_sets_recurrent_weights_to_identity_and_biases_to_zero():
    m = build_model(6, ModelConfig(cell="rnn", activation="relu", hidden=5, init="identity"), seed=0)
    assert torch.equal(m.rnn.weight_hh_l0, torch.eye(5))
    assert m.rnn.bias_hh_l0.abs().sum().item() == 0 and m.rnn.bias_ih_l0.abs().sum().item() == 0


def test_orthogonal_init_makes_each_gate_block_orthogonal():
    m = build_model(6, ModelConfig(cell="gru", hidden=5, init="orthogonal"), seed=0)
    for block in m.rnn.weight_hh_l0.detach().split(5):
        assert torch.allclose(block @ block.T, torch.eye(5), atol=1e-5)


def test_lstm_forget_bias_is_set_only_on_the_forget_rows():
    m = build_model(6, ModelConfig(cell="lstm", hidden=4, forget_bias=2.0), seed=0)
    b = (m.rnn.bias_ih_l0 + m.rnn.bias_hh_l0).detach()
    assert torch.allclose(b[4:8], torch.full((4,), 2.0))
    assert b[:4].abs().max().item() < 1.0  # input-gate rows keep torch's small uniform init


def test_same_seed_same_weights_and_global_rng_untouched():
    torch.manual_seed(123)
    before = torch.rand(1)
    torch.manual_seed(123)
    a = build_model(6, ModelConfig(), seed=7)
    after = torch.rand(1)
    b = build_model(6, ModelConfig(), seed=7)
    c = build_model(6, ModelConfig(), seed=8)
    assert torch.equal(before, after)
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters()))
    assert not torch.equal(a.rnn.weight_hh_l0, c.rnn.weight_hh_l0)


@pytest.mark.parametrize("kwargs", [{"init": "identity", "cell": "lstm"}, {"hidden": 0},
                                    {"layers": 4}, {"cell": "transformer"}])
def test_bad_model_settings_raise_clear_errors(kwargs):
    with pytest.raises(SettingError):
        ModelConfig(**kwargs)


@pytest.mark.parametrize("kwargs", [{"lr": float("nan")}, {"lr": 0}, {"batch": 0},
                                    {"optimizer": "lbfgs"}, {"clip": -1.0}])
def test_bad_train_settings_raise_clear_errors(kwargs):
    with pytest.raises(SettingError):
        TrainConfig(**kwargs)
