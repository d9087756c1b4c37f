"""Save and load a seq2seq run: state dict plus the configs that rebuild it (weights_only load).

Loading checks what it reads as the Train-page checkpoints do: bounded inflation, every entry's
type (engine/checkpoint_fields.py), weights that fit and are finite. A pairs task's text (up to
20,000 pairs, several MB) is saved as a tensor of its UTF-8 bytes, since the settings pickle is
capped at 2 MB (engine/safeload.py); loading turns it back into text.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

import torch

from engine import checkpoint_fields as fields
from engine.checkpoint import FORMAT as TRAIN_FORMAT
from engine.checkpoint import format_of, load_weights, run_record
from engine.config import TrainConfig
from engine.fields import SettingError
from engine.messages import message
from engine.safeload import read_safely
from engine.seq2seq.model import Seq2Seq, Seq2SeqConfig, build_seq2seq
from engine.seq2seq.pairs import MAX_CHARS
from engine.seq2seq.tasks import SEQ2SEQ_TASKS, Seq2SeqTask, make_seq2seq_task

FORMAT = "rnn-playground-seq2seq/1"
KEYS = ("format", "task", "task_config", "model_config", "train_config", "src_vocab",
        "tgt_vocab", "step", "model_state")
MAX_ALPHABET = MAX_CHARS + 3  # a pairs task's characters, plus <pad>, <s> and </s>


def save_seq2seq(trainer, path: str | Path) -> None:
    record = run_record(trainer, FORMAT, src_vocab=trainer.task.src_vocab,
                        tgt_vocab=trainer.task.tgt_vocab)
    settings = record["task_config"]
    if "text" in settings:  # a pairs task: its text as bytes, outside the settings pickle
        settings["text"] = torch.frombuffer(bytearray(settings["text"].encode("utf-8")),
                                            dtype=torch.uint8)
    torch.save(record, path)


def with_text(ckpt: dict) -> dict:
    """`ckpt` with a task_config text saved as UTF-8 bytes turned back into a str (anything
    else is left for the settings checks); SettingError if those bytes are not UTF-8 text."""
    settings = ckpt.get("task_config")
    raw = settings.get("text") if isinstance(settings, dict) else None
    if not isinstance(raw, torch.Tensor):
        return ckpt
    if raw.dtype != torch.uint8 or raw.dim() != 1 or raw.layout != torch.strided:
        raise SettingError.of("s2s_text_bytes", dtype=str(raw.dtype), shape=str(tuple(raw.shape)))
    try:
        text = bytes(raw.numpy()).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SettingError.of("s2s_text_utf8", byte=exc.start + 1,
                              hex=f"0x{exc.object[exc.start]:02X}") from None
    return {**ckpt, "task_config": {**settings, "text": text}}


def load_seq2seq(path: str | Path) -> tuple[Seq2SeqTask, Seq2Seq, Seq2SeqConfig, TrainConfig, int]:
    """-> (task, model, model_config, train_config, step). SettingError, in one line, on a file
    that is not a seq2seq checkpoint of this app, has an entry missing or of the wrong type,
    or whose weights do not fit its config or hold NaN/inf."""
    ckpt = read_safely(path)
    if format_of(ckpt) != FORMAT:
        hint = message("s2s_train_ckpt") if format_of(ckpt) == TRAIN_FORMAT else ""
        raise SettingError.of("s2s_format", format=FORMAT, hint=hint)
    fields.known_keys(ckpt, KEYS)
    ckpt = with_text(ckpt)
    task_name, task_config, model_config, train_config = fields.run_configs(ckpt, SEQ2SEQ_TASKS,
                                                                             Seq2SeqConfig)
    src_vocab = fields.tokens(ckpt, "src_vocab", MAX_ALPHABET)
    tgt_vocab = fields.tokens(ckpt, "tgt_vocab", MAX_ALPHABET)
    step = fields.step_of(ckpt)
    state = fields.entry(ckpt, "model_state", dict)
    with fields.building("task"):
        task = make_seq2seq_task(task_name, **dataclasses.asdict(task_config))
    if list(task.src_vocab.tokens) != src_vocab or list(task.tgt_vocab.tokens) != tgt_vocab:
        raise SettingError.of("s2s_vocab")
    with fields.building("model"):
        model = build_seq2seq(len(task.src_vocab), len(task.tgt_vocab), model_config,
                              train_config.seed)
    load_weights(model, state)
    return task, model, model_config, train_config, step
