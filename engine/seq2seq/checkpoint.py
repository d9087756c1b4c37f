"""Save and load a seq2seq run: state dict plus the configs that rebuild it (weights_only load)."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import torch

from engine.checkpoint import load_weights, read_safely
from engine.config import TrainConfig
from engine.fields import SettingError
from engine.seq2seq.model import Seq2Seq, Seq2SeqConfig, build_seq2seq
from engine.seq2seq.tasks import Seq2SeqTask, make_seq2seq_task

FORMAT = "rnn-playground-seq2seq/1"


def save_seq2seq(trainer, path: str | Path) -> None:
    torch.save({
        "format": FORMAT,
        "task": trainer.task.name,
        "task_config": dataclasses.asdict(trainer.task.config),
        "model_config": dataclasses.asdict(trainer.model_config),
        "train_config": dataclasses.asdict(trainer.config),
        "src_vocab": list(trainer.task.src_vocab.tokens),
        "tgt_vocab": list(trainer.task.tgt_vocab.tokens),
        "step": trainer.state.step,
        "model_state": trainer.model.state_dict(),
    }, path)


def load_seq2seq(path: str | Path) -> tuple[Seq2SeqTask, Seq2Seq, Seq2SeqConfig, TrainConfig, int]:
    """-> (task, model, model_config, train_config, step). SettingError on a file that is not
    a seq2seq checkpoint of this app or whose weights do not fit its config."""
    ckpt = read_safely(path)
    if not isinstance(ckpt, dict) or ckpt.get("format") != FORMAT:
        hint = (" It is a Train-page checkpoint: use `python -m engine gates` with it."
                if isinstance(ckpt, dict) and ckpt.get("format") == "rnn-playground/1" else "")
        raise SettingError(f"Not a seq2seq checkpoint (expected format {FORMAT}; save one with "
                           f"`python -m engine seq2seq --save PATH`).{hint}")
    try:
        task = make_seq2seq_task(ckpt["task"], **ckpt["task_config"])
        model_config = Seq2SeqConfig(**ckpt["model_config"])
        train_config = TrainConfig(**ckpt["train_config"])
    except (KeyError, TypeError) as exc:
        raise SettingError(f"The checkpoint's configuration is incomplete or unknown: {exc}") from None
    if (list(task.src_vocab.tokens) != list(ckpt["src_vocab"])
            or list(task.tgt_vocab.tokens) != list(ckpt["tgt_vocab"])):
        raise SettingError("The checkpoint's vocabularies do not match its task's alphabets.")
    model = build_seq2seq(len(task.src_vocab), len(task.tgt_vocab), model_config,
                          train_config.seed)
    load_weights(model, ckpt["model_state"])
    return task, model, model_config, train_config, int(ckpt.get("step", 0))
