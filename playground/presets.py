"""One-click runs that reproduce the course's examples: a page and its settings from the field table.

Choosing one sets that page's fields (the rest back to their defaults) and opens the page, exactly
as its link would.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from playground.fields import FIELDS, PAGES, page_fields

# Absolute paths: st.Page and st.switch_page resolve them the same from any entrypoint's folder.
PAGES_DIR = Path(__file__).resolve().parent / "pages"
PAGE_FILES = {name: str(PAGES_DIR / f"{name}.py") for name in
              ("lessons", "train", "compare", "gates", "gradients", "attention", "embeddings")}
PRESETS = {  # label -> (page, settings, what to do next)
    "“hello”: the character LM": (
        "train", {"train_task": "hello", "train_cell": "rnn", "train_hidden": 3,
                  "train_embedding": 0, "train_lr": 0.03},
        "The course's figure, live: 3 hidden units, one-hot inputs. Hover a node for its "
        "equation, then press Play: within a few hundred steps every ŷ<t> ticks its target."),
    "The toy example h_t = tanh(2x_t + 3h_{t-1} + 1)": (
        "gradients", {"toy_w_hh": 3.0, "toy_w_xh": 2.0, "toy_b": 1.0, "toy_activation": "tanh"},
        "tanh saturates: watch |dh_T/dh_k| collapse as k moves back."),
    "Copy with lag 30: RNN vs LSTM": (
        "compare", {"cmp_task": "copy", "cmp_lag": 30, "cmp_cells": ("rnn", "lstm")},
        "Press Play: the LSTM learns to recall, the RNN stays at chance."),
    "Dates with attention": (
        "attention", {"attn_task": "dates", "attn_attention": "bahdanau"},
        "Press Play and watch the attention heatmap sharpen onto the day, month and year."),
}


def apply(label: str) -> None:
    """on_click: set the preset's page to its settings; the app then switches to that page."""
    open_with(*PRESETS[label])


def open_with(page: str, values: dict, hint: str | None = None) -> None:
    """Set `page`'s own fields to `values` and the rest of them to their defaults, exactly as
    its link would; the next full run of the app switches to that page (and toasts `hint`)."""
    state = st.session_state
    defaults = state.get("_url_defaults", {})  # those that follow the model (e.g. a probe input)
    for f in page_fields(page) if page in PAGES else []:
        if f.key.startswith(PAGES[page][0]):
            state[f.key] = values.get(f.key, defaults.get(f.key, f.default))
    for key, value in values.items():
        state[key] = value
    state.setdefault("_url_restored", set()).add(page)  # the preset wins over the old link
    state["_preset_goto"], state["_preset_hint"] = PAGE_FILES[page], hint


def menu() -> None:
    """Sidebar: the course's examples, one click each."""
    with st.sidebar.popover("Course examples", icon=":material/school:", width="stretch",
                            help="Runs that reproduce the course notes' examples."):
        for i, label in enumerate(PRESETS):
            page = PRESETS[label][0]
            known = page not in PAGES or all(k in FIELDS for k in PRESETS[label][1])
            st.button(label, key=f"preset_{i}", on_click=apply, args=(label,), width="stretch",
                      disabled=not known)
    pending = st.session_state.pop("_open_pending", None)
    if pending is not None:   # asked for inside a fragment: applied before any widget is drawn
        open_with(*pending)
    goto = st.session_state.pop("_preset_goto", None)
    if goto and goto != PAGE_FILES.get(st.session_state.get("_page", "")):
        st.switch_page(goto)
    hint = st.session_state.pop("_preset_hint", None)
    if hint:
        st.toast(hint, icon=":material/school:")
