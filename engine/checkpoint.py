"""Save and load a run: state dicts plus the configs that rebuild it (loads with weights_only)."""
from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import torch

from engine.config import ModelConfig, TrainConfig
from engine.fields import SettingError
from engine.model import SequenceModel, build_model
from engine.safeload import read_safely
from engine.tasks import make_task, task_config

FORMAT = "rnn-playground/1"

__all__ = ["FORMAT", "checkpoint_bytes", "load_checkpoint", "load_weights", "read_safely",
           "save_checkpoint"]


def save_checkpoint(trainer, path) -> None:
    """Write a checkpoint to `path` (a file name or a binary file object)."""
    torch.save({
        "format": FORMAT,
        "task": trainer.task.name,
        "task_config": dataclasses.asdict(trainer.task.config),
        "model_config": dataclasses.asdict(trainer.model_config),
        "train_config": dataclasses.asdict(trainer.config),
        "vocab": list(trainer.task.vocab.tokens),
        "step": trainer.state.step,
        "model_state": trainer.model.state_dict(),
    }, path)


def checkpoint_bytes(trainer) -> bytes:
    buffer = io.BytesIO()
    save_checkpoint(trainer, buffer)
    return buffer.getvalue()


def load_checkpoint(path: str | Path | bytes, name: str | None = None):
    """-> (task, model, model_config, train_config, step) from a file name or the file's bytes
    (an upload). SettingError on a file that is not a checkpoint of this app or whose weights do
    not fit its config. Only weights and plain settings are read (weights_only=True): a pickle
    carrying code is refused, never run."""
    ckpt = read_safely(path, name)
    if not isinstance(ckpt, dict) or ckpt.get("format") != FORMAT:
        raise SettingError(f"Not an RNN Playground checkpoint (expected format {FORMAT}).")
    try:
        task = make_task(ckpt["task"], task_config(ckpt["task"], **ckpt["task_config"]))
        model_config = ModelConfig(**ckpt["model_config"])
        train_config = TrainConfig(**ckpt["train_config"])
    except (KeyError, TypeError) as exc:
        raise SettingError(f"The checkpoint's configuration is incomplete or unknown: {exc}") from None
    if list(task.vocab.tokens) != list(ckpt["vocab"]):
        raise SettingError("The checkpoint's vocabulary does not match its task's text.")
    model: SequenceModel = build_model(len(task.vocab), model_config, train_config.seed)
    load_weights(model, ckpt["model_state"])
    return task, model, model_config, train_config, int(ckpt.get("step", 0))


def load_weights(model: torch.nn.Module, state) -> None:
    """Put a checkpoint's weights into a freshly built model (then in eval mode); SettingError
    when they do not fit it."""
    try:
        model.load_state_dict(state)
    except (RuntimeError, TypeError, AttributeError) as exc:
        raise SettingError("The checkpoint's weights do not fit its model configuration: "
                           f"{str(exc).splitlines()[0][:200]}") from None
    model.eval()
