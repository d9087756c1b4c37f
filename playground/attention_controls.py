"""The Attention page's sidebar, built from the engine's setting tables. Every widget that sets
a config field has the key `attn_<field name>`. Returns an AttnChoice or raises SettingError."""
from __future__ import annotations

import dataclasses

import streamlit as st

from engine.config import TrainConfig
from engine.seq2seq.model import Seq2SeqConfig
from engine.seq2seq.tasks import SEQ2SEQ_TASKS
from playground.attention_run import LABELS, AttnChoice

LEARNING_RATES = (1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)

TASK_LABELS = {"dates": "dates: '3 May 1979' → 1979-05-03",
               "reverse": "reverse: abcde → edcba",
               "sort": "sort digits: 4131 → 1134"}


def _field(cls, name: str) -> dataclasses.Field:
    return next(f for f in dataclasses.fields(cls) if f.name == name)


def setting_help(cls, name: str) -> str:
    return _field(cls, name).metadata["help"]


def number(cls, name: str, key: str, label: str, *, hi=None, step=None):
    """A slider for an int/float setting; range, default and help from its setting table."""
    f = _field(cls, name)
    kind = type(f.default)
    return st.slider(label, min_value=kind(f.metadata["lo"]),
                     max_value=kind(f.metadata["hi"] if hi is None else hi), value=f.default,
                     step=step, key=key, help=f.metadata["help"])


def choice(cls, name: str, key: str, label: str, labels: dict | None = None):
    f = _field(cls, name)
    options = list(f.metadata["choices"])
    return st.selectbox(label, options, index=options.index(f.default), key=key,
                        help=f.metadata["help"], format_func=(labels or {}).get if labels else str)


def task_settings(task: str) -> dict:
    C = SEQ2SEQ_TASKS[task][0]
    unit = "digits" if task == "sort" else "characters"
    params = {"length": number(C, "length", "attn_length", f"Longest input ({unit})"),
              "min_length": number(C, "min_length", "attn_min_length", f"Shortest input ({unit})")}
    if task == "reverse":
        params["symbols"] = number(C, "symbols", "attn_symbols", "Alphabet size (letters)")
    return params


def attn_sidebar() -> AttnChoice:
    task = st.selectbox("Task", list(SEQ2SEQ_TASKS), key="attn_task", format_func=TASK_LABELS.get,
                        help="What the encoder-decoder learns to translate. "
                             "`python -m engine seq2seq --task ...` trains the same.")
    cls = SEQ2SEQ_TASKS[task][0]
    task_config = cls(**task_settings(task))
    st.subheader("Model")
    M = Seq2SeqConfig
    model = M(attention=choice(M, "attention", "attn_attention", "Attention", LABELS),
              cell=choice(M, "cell", "attn_cell", "Cell", {"gru": "GRU", "lstm": "LSTM"}),
              hidden=number(M, "hidden", "attn_hidden", "Encoder units per direction", hi=64),
              embedding=number(M, "embedding", "attn_embedding", "Embedding size", hi=32),
              attention_size=number(M, "attention_size", "attn_attention_size",
                                    "Attention network width", hi=64))
    compare = st.toggle("Train a comparison model alongside", value=True, key="attn_compare",
                        help="A second model, identical except that it has no attention (or "
                             "Bahdanau attention if yours has none), trained on the same batches.")
    st.subheader("Training")
    T = TrainConfig
    clip_on = st.toggle("Clip gradient norm", key="attn_clip_on", value=True,
                        help="Rescale the gradient when its norm exceeds the threshold. Applies live.")
    clip = st.select_slider("Clip threshold", (0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 50.0),
                            value=5.0, key="attn_clip", disabled=not clip_on,
                            help=setting_help(T, "clip"))
    train = T(optimizer=choice(T, "optimizer", "attn_optimizer", "Optimizer"),
              lr=st.select_slider("Learning rate", LEARNING_RATES, value=0.01, key="attn_lr",
                                  help=setting_help(T, "lr") + " Applies live.",
                                  format_func=lambda v: f"{v:g}"),
              clip=clip if clip_on else 0.0,
              batch=number(T, "batch", "attn_batch", "Batch size", hi=128),
              seed=st.number_input("Seed", 0, 2**31 - 1, 0, key="attn_seed",
                                   help=setting_help(T, "seed")))
    return AttnChoice(task, task_config, model, train, compare)
