"""Hand-edited and hostile checkpoints: every missing entry, wrong type, bad text or NaN weight
is refused with one clear SettingError line by both loaders, never a traceback."""
import math

import pytest
import torch

from engine.checkpoint import load_checkpoint
from engine.fields import SettingError
from engine.seq2seq.checkpoint import load_seq2seq
from tests.hostile import as_dict, charlm_bytes, hello_bytes, resaved, seq2seq_bytes

HELLO = as_dict(hello_bytes())
SEQ2SEQ = as_dict(seq2seq_bytes())


def spoiled(ckpt: dict, path: tuple, value=None, delete: bool = False) -> bytes:
    """A copy of `ckpt` with the entry at `path` (keys, outermost first) set or deleted."""
    ckpt = {k: (dict(v) if isinstance(v, dict) else v) for k, v in ckpt.items()}
    parent = ckpt
    for key in path[:-1]:
        parent = parent[key]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return resaved(ckpt)


def nan_weight(ckpt: dict, name: str) -> torch.Tensor:
    weight = ckpt["model_state"][name].clone()
    weight.view(-1)[1] = math.nan
    return weight


TRAIN_CASES = [
    (("model_config", "hidden"), 8.0, "model_config's hidden must be a whole number, not float"),
    (("model_config", "hidden"), "8", "model_config's hidden must be a whole number, not str"),
    (("model_config", "layers"), 1.0, "model_config's layers must be a whole number, not float"),
    (("model_config", "bidirectional"), 1, "bidirectional must be true or false, not int"),
    (("model_config", "cell"), "transformer", "model_config: cell='transformer' is not one of"),
    (("model_config", "colour"), "red", "model_config has a setting this app does not know"),
    (("train_config", "lr"), "fast", "train_config's lr must be a number, not str"),
    (("train_config", "seed"), 10**40, "train_config's seed = 1000000000000000000000000000"),
    (("train_config",), [1, 2], "train_config must be a table, not list"),
    (("task_config",), "hello", "task_config must be a table, not str"),
    (("task",), 7, "task must be text, not int"),
    (("task",), "chess", "task 'chess' is not one of hello, charlm, copy, agreement"),
    (("vocab",), 4, "vocab must be a list, not int"),
    (("vocab",), ["h", "e", "l", 0], "vocab (token 4) must be text, not int"),
    (("vocab",), ["h", "e", "l", "\udcff"], "vocab (token 4) is not valid UTF-8 text"),
    (("step",), "abc", "step must be a whole number, not str"),
    (("step",), -5, "step must be between 0 and"),
    (("extra",), torch.zeros(10), "has an entry this app does not know: 'extra'"),
    (("model_state",), [1], "model_state must be a table, not list"),
    (("model_state", "rnn.weight_hh_l0"), [[0.0]], "rnn.weight_hh_l0 is a list, not a tensor"),
    (("model_state", "head.bias"), torch.zeros(4, dtype=torch.int64),
     "head.bias holds torch.int64"),
    (("model_state", "head.bias"), torch.zeros(5),
     "head.bias has shape (5,), the configuration needs (4,)"),
    (("model_state", "bomb"), torch.zeros(1000), "unexpected 'bomb'"),
    (("model_state", "head.weight"), nan_weight(HELLO, "head.weight"),
     "weights hold NaN/inf (head.weight)"),
]


@pytest.mark.parametrize("path,value,message", TRAIN_CASES)
def test_train_checkpoint_entries_are_checked(path, value, message):
    with pytest.raises(SettingError) as caught:
        load_checkpoint(spoiled(HELLO, path, value), "edited.pt")
    assert message in str(caught.value) and "\n" not in str(caught.value)
    str(caught.value).encode("utf-8")  # printable: no lone surrogate from the file


@pytest.mark.parametrize("key", ["task", "task_config", "model_config", "train_config", "vocab",
                                 "model_state"])
def test_each_missing_entry_is_named(key):
    with pytest.raises(SettingError, match=f"The checkpoint has no '{key}' entry"):
        load_checkpoint(spoiled(HELLO, (key,), delete=True))


def test_a_missing_step_is_step_zero():
    assert load_checkpoint(spoiled(HELLO, ("step",), delete=True))[4] == 0


def test_a_training_text_with_a_lone_surrogate_is_refused_on_load():
    data = charlm_bytes("ab\udcffcd efg " * 30)  # saves and re-reads (pickle passes surrogates)
    assert "\udcff" in as_dict(data)["vocab"]
    with pytest.raises(SettingError, match=r"task_config's text is not valid UTF-8 text: "
                                           r"character 3 is U\+DCFF"):
        load_checkpoint(data)


def test_a_task_that_cannot_be_built_is_a_setting_error():
    data = charlm_bytes("abcd efgh " * 30)
    with pytest.raises(SettingError, match="The text has 20 characters"):
        load_checkpoint(spoiled(as_dict(data), ("task_config", "text"), "abcd efgh " * 2))


SEQ2SEQ_CASES = [
    (("model_config", "hidden"), "4", "model_config's hidden must be a whole number, not str"),
    (("model_config", "attention"), 2, "model_config's attention must be text, not int"),
    (("task_config", "length"), 4.5, "task_config's length must be a whole number, not float"),
    (("task_config", "symbols"), 99, "task_config: symbols=99 is above its maximum 26"),
    (("tgt_vocab",), "abc", "tgt_vocab must be a list, not str"),
    (("src_vocab", 1), "\udcff", "src_vocab (token 2) is not valid UTF-8 text"),
    (("step",), 2.5, "step must be a whole number, not float"),
    (("model_state", "out.bias"), nan_weight(SEQ2SEQ, "out.bias"),
     "weights hold NaN/inf (out.bias)"),
    (("model_state", "out.bias"), torch.zeros(3), "out.bias has shape (3,)"),
]


@pytest.mark.parametrize("path,value,message", SEQ2SEQ_CASES)
def test_seq2seq_checkpoint_entries_are_checked(tmp_path, path, value, message):
    ckpt = {k: (list(v) if isinstance(v, list) else v) for k, v in SEQ2SEQ.items()}
    file = tmp_path / "edited.pt"
    file.write_bytes(spoiled(ckpt, path, value))
    with pytest.raises(SettingError) as caught:
        load_seq2seq(file)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_seq2seq_missing_vocabulary_is_named(tmp_path):
    file = tmp_path / "edited.pt"
    file.write_bytes(spoiled(SEQ2SEQ, ("src_vocab",), delete=True))
    with pytest.raises(SettingError, match="The checkpoint has no 'src_vocab' entry"):
        load_seq2seq(file)


def test_a_retyped_setting_holding_a_tensor_is_named_on_one_line():
    """Hypothesis found it: a tensor's repr spans lines, and the message must not."""
    import dataclasses

    from engine.checkpoint_fields import setting_value
    from engine.config import ModelConfig

    field = next(f for f in dataclasses.fields(ModelConfig) if f.name == "activation")
    with pytest.raises(SettingError) as err:
        setting_value(field, torch.zeros(2, 1), "The checkpoint's model_config's activation")
    assert "\n" not in str(err.value) and "Tensor (tensor([[0.], [0.]]))" in str(err.value)
