"""Gradient flow page: the course's toy recurrence, a vector RNN's Jacobians and the exploding-gradient cliff.

Every chart redraws on each slider move from engine.toy / engine.cliff; a bad setting shows its message
and the last valid settings stay drawn. The tabs live in toy_tab.py and cliff_tab.py.
"""
from __future__ import annotations

import streamlit as st

from playground.gradients.cliff_tab import cliff_tab
from playground.gradients.toy_tab import scalar_tab, vector_tab
from playground.i18n import t
from playground.kit.shell import page_shell
from playground.kit.urlstate import copy_link
from playground.lessons.companion import lesson_card

PAGE = "gradients"


def body() -> None:
    card = st.container()   # a lesson step's checklist, filled once the toy is computed
    scalar, vector, cliff = st.tabs([t("gradients.tab_scalar"), t("gradients.tab_vector"),
                                     t("gradients.tab_cliff")])
    with scalar:
        scalar_tab()
    with vector:
        vector_tab()
    with cliff:
        cliff_tab()
    with card:
        state = st.session_state
        lesson_card(PAGE, toy_config=state.get("toy_config"),
                    cliff=(state.get("cliff_config"), state.get("cliff_descent")))
    with st.sidebar:
        copy_link(PAGE)


def main() -> None:
    page_shell(PAGE, body)
