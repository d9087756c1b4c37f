"""Sidebar widgets for the Train and Compare pages, drawn from the URL field table.

Returns a `Choice` or raises SettingError with the message of the first invalid setting.
"""
from __future__ import annotations

import dataclasses

import streamlit as st

from engine.config import ModelConfig, TrainConfig
from engine.fields import SettingError
from engine.tasks import task_config
from playground.session import Choice
from playground.url_fields import CELL_LABELS, YOUR_TEXT  # noqa: F401  (re-exported)
from playground.urlstate import FIELDS, widget


def setting_meta(cls, name):
    return next(f for f in dataclasses.fields(cls) if f.name == name).metadata


def task_controls(task: str, p: str = "train") -> dict:
    """The chosen task's own settings (widget keys start with `p`)."""
    if task == "copy":
        return {"lag": widget(f"{p}_lag"), "symbols": widget(f"{p}_symbols")}
    if task == "agreement":
        return {"clause": widget(f"{p}_clause")}
    if task == "charlm":
        corpus = widget(f"{p}_corpus")
        params = {"length": widget(f"{p}_length")}
        if corpus == YOUR_TEXT:
            params["text"] = widget(f"{p}_text", height=120,
                                    placeholder="Paste at least a few hundred characters, any "
                                                "language; the last 10% is held out…")
            if not params["text"].strip():
                raise SettingError("Paste some text to train on (or pick a shipped corpus).")
        else:
            params["corpus"] = corpus
        return params
    return {}


def sidebar() -> Choice:
    """Draw the Train page's settings; -> the Choice, or raise SettingError with the message."""
    return _settings("train", lambda: [widget("train_cell")])[0]


def compare_sidebar() -> tuple[Choice, list[str]]:
    """The Compare page's settings: the same, but several cells at once (model.cell = first)."""
    def cells():
        picked = widget("cmp_cells")
        if not picked:
            raise SettingError("Pick at least one cell to train.")
        return picked
    return _settings("cmp", cells)


def _settings(p: str, cell_widget) -> tuple[Choice, list[str]]:
    task = widget(f"{p}_task")
    params = task_controls(task, p)
    st.subheader("Model")
    cells = cell_widget()
    lm = task in ("hello", "charlm")
    model = dict(cell=cells[0],
                 activation=widget(f"{p}_activation", disabled="rnn" not in cells),
                 hidden=widget(f"{p}_hidden"),
                 layers=widget(f"{p}_layers"),
                 bidirectional=False if lm else widget(f"{p}_bidirectional"),
                 embedding=widget(f"{p}_embedding"),
                 forget_bias=widget(f"{p}_forget_bias", disabled="lstm" not in cells),
                 init=widget(f"{p}_init"))
    if lm:
        st.caption("Bidirectional is off for language models: they must not read the future.")
    st.subheader("Training")
    clip_on = widget(f"{p}_clip_on")
    clip = widget(f"{p}_clip", disabled=not clip_on)
    train = dict(optimizer=widget(f"{p}_optimizer"),
                 lr=widget(f"{p}_lr", help=FIELDS[f"{p}_lr"].help + " Applies live."),
                 clip=clip if clip_on else 0.0,
                 batch=widget(f"{p}_batch"),
                 tbptt=widget(f"{p}_tbptt"),
                 seed=widget(f"{p}_seed"))
    if p == "cmp" and model["init"] == "identity":
        model["cell"] = "rnn"  # validated as the RNN's; compare_run applies it to the RNN only
    return (Choice(task, task_config(task, **params), ModelConfig(**model), TrainConfig(**train)),
            cells)
