"""Save and load a run: state dicts plus the configs that rebuild it (loads with weights_only).

Loading trusts nothing in the file: read_safely bounds what it may inflate to, every entry's
type is checked (engine/checkpoint_fields.py), and the weights must fit and be finite.
"""
from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import torch

from engine import checkpoint_fields as fields
from engine.config import ModelConfig
from engine.fields import SettingError
from engine.model import SequenceModel, build_model
from engine.safeload import read_safely
from engine.tasks import TASKS, make_task
from engine.tasks.lm import MAX_VOCAB

FORMAT = "rnn-playground/1"
KEYS = ("format", "task", "task_config", "model_config", "train_config", "vocab", "step",
        "model_state")

__all__ = ["FORMAT", "checkpoint_bytes", "load_checkpoint", "load_weights", "read_safely",
           "run_record", "save_checkpoint"]


def run_record(trainer, fmt: str, **vocabularies) -> dict:
    """What every checkpoint of this app holds: its format, the task and its settings, the
    model and training configs, the step, the weights, plus the task's vocabularies."""
    return {"format": fmt, "task": trainer.task.name,
            "task_config": dataclasses.asdict(trainer.task.config),
            "model_config": dataclasses.asdict(trainer.model_config),
            "train_config": dataclasses.asdict(trainer.config),
            **{name: list(vocab.tokens) for name, vocab in vocabularies.items()},
            "step": trainer.state.step, "model_state": trainer.model.state_dict()}


def save_checkpoint(trainer, path) -> None:
    """Write a checkpoint to `path` (a file name or a binary file object)."""
    torch.save(run_record(trainer, FORMAT, vocab=trainer.task.vocab), path)


def checkpoint_bytes(trainer) -> bytes:
    buffer = io.BytesIO()
    save_checkpoint(trainer, buffer)
    return buffer.getvalue()


def format_of(ckpt) -> str | None:
    """The checkpoint's format tag, or None when it is not a table with a text tag."""
    tag = ckpt.get("format") if isinstance(ckpt, dict) else None
    return tag if isinstance(tag, str) else None


def load_checkpoint(path: str | Path | bytes, name: str | None = None):
    """-> (task, model, model_config, train_config, step) from a file name or the file's bytes
    (an upload). SettingError, in one line, on a file that is not a checkpoint of this app, has
    an entry missing or of the wrong type, or whose weights do not fit its config or hold
    NaN/inf. Only weights and plain settings are read (weights_only=True): a pickle carrying
    code is refused, never run."""
    ckpt = read_safely(path, name)
    if format_of(ckpt) != FORMAT:
        raise SettingError.of("ckpt_format", format=FORMAT)
    fields.known_keys(ckpt, KEYS)
    task_name, task_config, model_config, train_config = fields.run_configs(ckpt, TASKS,
                                                                             ModelConfig)
    vocab = fields.tokens(ckpt, "vocab", MAX_VOCAB)
    step = fields.step_of(ckpt)
    state = fields.entry(ckpt, "model_state", dict)
    with fields.building("task"):
        task = make_task(task_name, task_config)
    if list(task.vocab.tokens) != vocab:
        raise SettingError.of("ckpt_vocab")
    with fields.building("model"):
        model: SequenceModel = build_model(len(task.vocab), model_config, train_config.seed)
    load_weights(model, state)
    return task, model, model_config, train_config, step


def load_weights(model: torch.nn.Module, state) -> None:
    """Put a checkpoint's weights into a freshly built model (then in eval mode); SettingError
    when they do not fit it (names, shapes, dtypes) or hold NaN/inf."""
    fields.check_state(model, state)
    try:
        model.load_state_dict(state)
    except (RuntimeError, TypeError, AttributeError) as exc:
        raise SettingError.of("ckpt_weights_unfit", error=fields.one_line(exc)) from None
    model.eval()
