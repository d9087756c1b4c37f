"""One-click runs that reproduce the course's examples: a page and its settings from the field table.

Choosing one sets that page's fields (the rest back to their defaults) and opens the page, exactly
as its link would.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from playground.fields import FIELDS, PAGES, page_fields
from playground.i18n import t
from playground.kit.popover import popped

# Absolute paths: st.Page and st.switch_page resolve them the same from any entrypoint's folder.
PAGES_DIR = Path(__file__).resolve().parent / "pages"
PAGE_FILES = {name: str(PAGES_DIR / f"{name}.py") for name in
              ("lessons", "train", "compare", "gates", "gradients", "attention", "embeddings")}
PRESETS = {  # id -> (page, settings); its label and hint are the catalogue's presets.<id>.*
    "hello": ("train", {"train_task": "hello", "train_cell": "rnn", "train_hidden": 3,
                        "train_embedding": 0, "train_lr": 0.03}),
    "toy": ("gradients", {"toy_w_hh": 3.0, "toy_w_xh": 2.0, "toy_b": 1.0,
                          "toy_activation": "tanh"}),
    "copy30": ("compare", {"cmp_task": "copy", "cmp_lag": 30, "cmp_cells": ("rnn", "lstm")}),
    "dates": ("attention", {"attn_task": "dates", "attn_attention": "bahdanau"}),
}


def apply(preset: str) -> None:
    """on_click: set the preset's page to its settings; the app then switches to that page (and
    the menu closes)."""
    st.session_state[MENU_KEY] = False
    open_with(*PRESETS[preset], t(f"presets.{preset}.hint"))


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


MENU_KEY = "_presets_open"   # the menu's open state


def menu() -> None:
    """Sidebar: the course's examples, one click each."""
    box = popped(t("presets.menu"), MENU_KEY, where=st.sidebar, icon=":material/school:",
                 width="stretch", help=t("presets.help"))
    if box is not None:   # its buttons are sent only while it is open
        with box:
            for i, (preset, (page, settings)) in enumerate(PRESETS.items()):
                known = page not in PAGES or all(k in FIELDS for k in settings)
                st.button(t(f"presets.{preset}.label"), key=f"preset_{i}", on_click=apply,
                          args=(preset,), width="stretch", disabled=not known)
    pending = st.session_state.pop("_open_pending", None)
    if pending is not None:   # asked for inside a fragment: applied before any widget is drawn
        open_with(*pending)
    goto = st.session_state.pop("_preset_goto", None)
    if goto and goto != PAGE_FILES.get(st.session_state.get("_page", "")):
        st.switch_page(goto)
    hint = st.session_state.pop("_preset_hint", None)
    if hint:
        st.toast(hint, icon=":material/school:")
