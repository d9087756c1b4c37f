"""The Attention page's sidebar, drawn from the URL field table (`url_fields`: help text, range,
choices; keys `attn_*`). Returns an AttnChoice or raises SettingError."""
from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

import streamlit as st

from engine.config import TrainConfig
from engine.fields import SettingError
from engine.seq2seq.model import Seq2SeqConfig
from engine.seq2seq.tasks import SEQ2SEQ_TASKS
from engine.uploads import PAIR_TYPES
from playground.attention.run import AttnChoice
from playground.i18n import t
from playground.kit.fold import more
from playground.kit.upload import file_or_pasted, in_use, keep_text
from playground.kit.urlstate import drawing_widgets, widget

# every setting the sidebar draws (its fold opens by itself when one is changed)
SETTINGS = tuple(f"attn_{k}" for k in (
    "task", "dates_length", "dates_min_length", "length", "min_length", "symbols",
    "pairs_source", "pairs", "attention", "cell", "hidden", "embedding", "attention_size",
    "compare", "clip_on", "clip", "optimizer", "lr", "batch", "seed"))
SETTINGS_FOLD = "attn_settings_open"

LENGTH_KEYS = {"dates": ("attn_dates_length", "attn_dates_min_length")}  # its own range

PAIRS_FILE = "attn_pairs_file"
EXAMPLE = Path(__file__).resolve().parents[2] / "assets" / "pairs" / "numbers_en_ko.tsv"


@functools.cache
def example_pairs() -> str:
    """The shipped example list (English number words -> Sino-Korean numerals)."""
    return EXAMPLE.read_text(encoding="utf-8")


def your_pairs() -> str:
    """The pairs text: the example, or an uploaded file, or else the paste box."""
    if widget("attn_pairs_source") == "numbers":
        return example_pairs()
    text = file_or_pasted(PAIRS_FILE, None, lambda disabled: widget(
        "attn_pairs", height=160, disabled=disabled,
        placeholder=t("attention.sidebar.pairs_placeholder")),
        label=t("attention.sidebar.pairs_upload"), types=PAIR_TYPES,
        what=t("attention.sidebar.pairs_what"))
    if not text.strip():
        raise SettingError(t("attention.sidebar.pairs_missing"))
    return text


def uploaded_pairs() -> list[str]:
    """The uploaded pairs file the run trains on, if any (a link cannot carry it)."""
    state = st.session_state
    if state.get("attn_task") == "pairs" and state.get("attn_pairs_source") == "yours":
        return in_use(PAIRS_FILE)
    return []


def length_text(task: str, which: str) -> dict:
    """The label and help of a length slider (`which`: longest or shortest) in the session's
    language: dates' own fields have theirs in the field table; the shared ones name the unit
    (sort counts digits, reverse characters)."""
    if task in LENGTH_KEYS:
        return {}
    unit = t("attention.sidebar.digits" if task == "sort" else "attention.sidebar.characters")
    return {"label": t(f"attention.sidebar.{which}", unit=unit),
            "help": t(f"attention.sidebar.{which}_help", unit=unit)}


def task_settings(task: str) -> dict:
    if task == "pairs":
        return {"text": your_pairs()}
    longest, shortest = LENGTH_KEYS.get(task, ("attn_length", "attn_min_length"))
    params = {"length": widget(longest, **length_text(task, "longest")),
              "min_length": widget(shortest, **length_text(task, "shortest"))}
    if task == "reverse":
        params["symbols"] = widget("attn_symbols")
    return params


def attn_sidebar() -> AttnChoice:
    task = widget("attn_task", horizontal=False)
    task_config = SEQ2SEQ_TASKS[task][0](**task_settings(task))
    if drawing_widgets():
        st.subheader(t("attention.sidebar.model"))
    attention = widget("attn_attention", horizontal=False)
    cell, hidden = widget("attn_cell"), widget("attn_hidden")
    with more(t("attention.sidebar.more_model"), "attn_more_model_open",
              ["attn_embedding", "attn_attention_size"]):
        model = Seq2SeqConfig(attention=attention, cell=cell, hidden=hidden,
                              embedding=widget("attn_embedding"),
                              attention_size=widget("attn_attention_size"))
    compare = widget("attn_compare")
    if drawing_widgets():
        st.subheader(t("attention.sidebar.training"))
    optimizer, lr = widget("attn_optimizer"), widget("attn_lr")
    with more(t("attention.sidebar.more_training"), "attn_more_training_open",
              ["attn_clip_on", "attn_clip", "attn_batch", "attn_seed"]):
        clip_on = widget("attn_clip_on")
        clip = widget("attn_clip", disabled=not clip_on)
        train = TrainConfig(optimizer=optimizer, lr=lr, clip=clip if clip_on else 0.0,
                            batch=widget("attn_batch"), seed=widget("attn_seed"))
    return AttnChoice(task, task_config, model, train, compare)


def widget_values(choice: AttnChoice, name: str) -> dict:
    """The sidebar's widget values that show `choice` (a forked room's run), to be set before
    the widgets are drawn. Pairs that are not the shipped example are kept as file `name`."""
    values = {"attn_task": choice.task}
    config = dataclasses.asdict(choice.task_config)
    if choice.task == "pairs":
        if config["text"] == example_pairs():
            values["attn_pairs_source"] = "numbers"
        else:
            values["attn_pairs_source"] = "yours"
            values |= keep_text(PAIRS_FILE, name, config["text"])
    else:
        longest, shortest = LENGTH_KEYS.get(choice.task, ("attn_length", "attn_min_length"))
        values[longest], values[shortest] = config["length"], config["min_length"]
        if choice.task == "reverse":
            values["attn_symbols"] = config["symbols"]
    model = choice.model
    values |= {"attn_attention": model.attention, "attn_cell": model.cell,
               "attn_hidden": model.hidden, "attn_embedding": model.embedding,
               "attn_attention_size": model.attention_size, "attn_compare": choice.compare}
    train = choice.train
    values |= {"attn_clip_on": train.clip > 0, "attn_optimizer": train.optimizer,
               "attn_lr": train.lr, "attn_batch": train.batch, "attn_seed": train.seed}
    if train.clip > 0:
        values["attn_clip"] = train.clip
    return values
