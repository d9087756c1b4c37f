"""The network view on a page: the unrolled model on one input, its toggles, and its redraw.

The Train page draws it on the task's fixed probe input; the Gates page on the learner's text.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import streamlit as st

from playground.i18n import t
from playground.kit.live import live_chart, once_per_frame
from playground.kit.urlstate import widget
from playground.train.network import (
    BUDGET,
    NUMBERS_UP_TO,
    fit_window,
    network_frame,
    size_of,
)
from playground.train.network_chart import network_chart


class View(NamedTuple):
    start: int        # first time step drawn, 0-based
    backward: bool    # the backward pass instead of the values
    gates: bool       # LSTM/GRU nodes opened to show c<t> and the gates
    budget: int = BUDGET   # the diagram's width at most, in pixels


def view_controls(prefix: str, cell: str, unrolled_for: Callable[[bool], dict],
                  budget: int = BUDGET) -> View:
    """The backward and gates toggles (`{prefix}_net_*` fields) and, for inputs longer than the
    window, the scrubber. `unrolled_for(backward)` gives the unroll to draw."""
    c1, c2, c3 = st.columns([1, 1, 2])
    backward = widget(f"{prefix}_net_backward", c1)
    gates = bool(cell != "rnn" and widget(f"{prefix}_net_gates", c2))
    unrolled = unrolled_for(backward)
    T, window = len(unrolled["tokens"]), fit_window(unrolled, gates, budget)
    start = 1
    if T > window:
        start = widget(f"{prefix}_net_start", c3, hi=T - window + 1)
    return View(start - 1, backward, gates, budget)


def explain(unrolled: dict, view: View) -> str:
    H = unrolled["hidden_size"]
    if view.backward:
        if unrolled.get("grad_norm") is None:
            return t("network.explain.no_loss")
        return t("network.explain.backward",
                 cut=t("network.explain.cut") if unrolled.get("truncate") else "")
    text = (t("network.explain.units_written" if H <= NUMBERS_UP_TO else "network.explain.units")
            + t("network.explain.arrows"))
    if view.gates:
        text += t("network.explain.lstm" if unrolled["cell"] == "lstm" else "network.explain.gru")
    return text


def draw_network(unrolled: dict, step: int, view: View, lm: bool, what: str,
                 title: str | None = None, store: str = "net_specs") -> None:
    """Draw `unrolled` (engine.unroll at training step `step`) under `title` (by default "The
    network, unrolled through time"); `lm`: a guess at every step (else only where scored);
    `what`: the input, for the caption."""
    T = len(unrolled["tokens"])
    window = fit_window(unrolled, view.gates, view.budget)
    start = max(0, min(view.start, T - window))
    width, height = size_of(unrolled, window, view.gates)
    outputs_at = "all" if lm else "scored"
    df = once_per_frame(("network", id(unrolled), start, window, view.backward, outputs_at,
                         view.gates),
                        lambda: network_frame(unrolled, start, window, view.backward, outputs_at,
                                              view.gates), anchor=unrolled)
    H, layers = unrolled["hidden_size"], len(unrolled["layers"])
    gated = unrolled["cell"] != "rnn"
    live_chart(st, title or t("network.title"), "network",
               lambda d: network_chart(d, width, height, view.backward, gated), df,
               t("network.alt", steps=T, layers=layers, units=H, step=step),
               width, height, view.backward, gated, store=store, shared=True)
    shown = (t("network.steps_shown", first=start + 1, last=start + window, total=T)
             if T > window else "")
    st.caption(t("network.caption", what=what, step=step, shown=shown,
                 explain=explain(unrolled, view)))
