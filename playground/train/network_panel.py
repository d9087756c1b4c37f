"""The network view on a page: the unrolled model on one input, its toggles, and its redraw.

The Train page draws it on the task's fixed probe input; the Gates page on the learner's text.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import streamlit as st

from playground.kit.live import live_chart
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
            return ("Nothing in this input is scored, so there is no loss to take the gradient "
                    "of: the backward view needs a scored step.")
        return ("Backward pass through time: each node is coloured by ‖∂L/∂a<t>‖, the gradient "
                "of this example's loss L (the mean over its scored steps) with respect to a<t>; "
                "each W_aa arrow by the gradient it carries back to the step before (thicker = "
                "larger, log scale). "
                + ("A dashed red line is where truncated BPTT cuts the path. "
                   if unrolled.get("truncate") else "")
                + "Watch it shrink (vanish) or grow (explode) as it travels left.")
    text = ("Each box is the hidden state a<t>; its cells are the units (red +, blue −)"
            + (", with their values." if H <= NUMBERS_UP_TO else ".")
            + " Arrows are the weights: W_ax from the input, W_aa from the previous step, W_ya "
              "to the guesses ŷ<t> (top 3, ✓ = the target). Hover an arrow: the same matrix "
              "lights up at every step. Hover a node for its numbers and unit 1's equation.")
    if view.gates:
        text += (" Inside each node: c<t>, then the gates i (input, Γu), f (forget, Γf), "
                 "g (candidate c̃), o (output, Γo)." if unrolled["cell"] == "lstm" else
                 " Inside each node: the gates r (reset, Γr), z (update; the course's Γu is "
                 "1 − z) and n (candidate ã).")
    return text


def draw_network(unrolled: dict, step: int, view: View, lm: bool, what: str,
                 title: str = "The network, unrolled through time",
                 store: str = "net_specs") -> None:
    """Draw `unrolled` (engine.unroll at training step `step`); `lm`: a guess at every step
    (else only where scored); `what`: the input, for the caption."""
    T = len(unrolled["tokens"])
    window = fit_window(unrolled, view.gates, view.budget)
    start = max(0, min(view.start, T - window))
    width, height = size_of(unrolled, window, view.gates)
    df = network_frame(unrolled, start, window, view.backward, "all" if lm else "scored",
                       view.gates)
    H, layers = unrolled["hidden_size"], len(unrolled["layers"])
    gated = unrolled["cell"] != "rnn"
    live_chart(st, title, "network",
               lambda d: network_chart(d, width, height, view.backward, gated), df,
               f"Network view: {T} steps, {layers} row(s) of {H} units at step {step}",
               width, height, view.backward, gated, store=store, shared=True)
    shown = f" Steps {start + 1}–{start + window} of {T}." if T > window else ""
    st.caption(f"{what}, at training step {step:,}.{shown} {explain(unrolled, view)}")
