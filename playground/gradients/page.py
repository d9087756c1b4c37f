"""Gradient flow page: the course's toy recurrence, a vector RNN's Jacobians and the exploding-gradient cliff.

Every chart redraws on each slider move from engine.toy / engine.cliff; a bad setting shows its message
and the last valid settings stay drawn. The tabs live in toy_tab.py and cliff_tab.py.
"""
from __future__ import annotations

import streamlit as st

from playground.gradients.cliff_tab import cliff_tab
from playground.gradients.controls import cliff_controls, toy_controls, vector_controls
from playground.gradients.toy_tab import scalar_tab, vector_tab
from playground.i18n import t
from playground.kit.fold import show_when_changed
from playground.kit.shell import page_shell
from playground.kit.urlstate import copy_link, page_fields, unseen
from playground.lessons.companion import lesson_card

PAGE = "gradients"


def body() -> None:
    card = st.container()   # a lesson step's checklist, filled once the toy is computed
    # Only the open tab is drawn (and computed); a closed tab's settings are still read, without
    # drawing them, for the lesson card. Opening another tab reruns the page.
    labels = [t("gradients.tab_scalar"), t("gradients.tab_vector"), t("gradients.tab_cliff")]
    for label, prefix in zip(labels[1:], ("vec_", "cliff_")):   # a link or lesson step that
        show_when_changed("gradients_tab", label,                # sets them opens their tab
                          [f.key for f in page_fields(PAGE) if f.key.startswith(prefix)])
    tabs = st.tabs(labels, key="gradients_tab", on_change="rerun")
    for tab, draw, settings in zip(tabs, (scalar_tab, vector_tab, cliff_tab),
                                   (toy_controls, vector_controls, cliff_controls)):
        if tab.open:
            with tab:
                draw()
        else:
            with unseen():
                settings()
    with card:
        state = st.session_state
        lesson_card(PAGE, toy_config=state.get("toy_config"),
                    cliff=(state.get("cliff_config"), state.get("cliff_descent")))
    with st.sidebar:
        copy_link(PAGE)


def main() -> None:
    page_shell(PAGE, body)
