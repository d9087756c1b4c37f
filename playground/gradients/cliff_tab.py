"""The Gradient flow page's cliff tab: Pascanu's one-unit loss surface with the plain and the clipped
descent paths drawn over it (engine.cliff computes; this draws)."""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import streamlit as st

from engine.cliff import CliffConfig, DescentConfig, compare, loss_surface, path_frame, surface_frame
from playground.gradients import charts
from playground.gradients.controls import cliff_controls


@st.cache_data(max_entries=16, show_spinner=False)
def cached_surface(**settings) -> dict:
    return loss_surface(CliffConfig(**settings))


@st.cache_data(max_entries=64, show_spinner=False)
def cached_paths(cliff: dict, descent: dict) -> dict:
    return compare(CliffConfig(**cliff), DescentConfig(**descent))


def cliff_metrics(plain: dict, clipped: dict) -> None:
    cols = st.columns(4)
    for i, (run, name) in enumerate(((plain, "Plain"), (clipped, "Clipped"))):
        final = f"{run['loss'][-1]:.3g}" if run["loss"] else "–"
        cols[2 * i].metric(f"{name}: final loss", final, help="Loss at the last finite point of the path.")
        cols[2 * i + 1].metric(f"{name}: largest step", f"{max(run['step_size'], default=0.0):.3g}",
                               help="Largest distance |Δ(w, b)| moved by one update.")


def cliff_tab() -> None:
    left, right = st.columns([1, 3], gap="large")
    with left:
        cliff, descent = cliff_controls()
    if cliff is None or descent is None:
        return
    surface = cached_surface(**dataclasses.asdict(cliff))
    runs = cached_paths(dataclasses.asdict(cliff), dataclasses.asdict(descent))
    plain, clipped = runs["plain"], runs["clipped"]
    with right:
        cliff_metrics(plain, clipped)
        for run, name in ((plain, "Plain descent"), (clipped, "Clipped descent")):
            if run["diverged_at"] is not None:
                st.error(f"{name} diverged at step {run['diverged_at']}: the loss or gradient overflowed "
                         "float64. The path is drawn up to there.")
        window = (cliff.w_min, cliff.w_max, cliff.b_min, cliff.b_max)
        paths = pd.concat([path_frame(plain, charts.PLAIN), path_frame(clipped, charts.CLIPPED)])
        st.markdown("**Loss surface L(w, b) = (h_T − 0.7)², and both descent paths from ◆**")
        st.altair_chart(charts.cliff_chart(surface_frame(surface), paths, window), width="stretch")
        if plain["step_size"]:
            i = int(np.argmax(plain["step_size"]))
            w, b = plain["w"], plain["b"]
            st.markdown(f"Plain descent's largest step is number {i + 1}: a gradient of norm "
                        f"{plain['grad_norm'][i]:.3g} moved (w, b) from ({w[i]:.2f}, {b[i]:.2f}) to "
                        f"({w[i + 1]:.3g}, {b[i + 1]:.3g}). Clipping rescaled {sum(clipped['clipped'])} of "
                        f"{len(clipped['clipped'])} gradients to norm {descent.clip:g}.")
        st.markdown(
            "h_t = w·σ(h_{t−1}) + b, h_0 = 0.5, loss (h_T − 0.7)² after T steps (Pascanu, Mikolov & Bengio "
            "2013; CS224n lecture 8). For w > 4 the unit has two stable states, and the sharp lower edge "
            "of the dark valley is the wall between their basins: crossing it, h_T jumps from one state to "
            "the other. A step that lands on the wall meets a huge gradient. Plain descent is thrown off "
            "the map; the clipped step keeps its direction but not its size. Move the start a little: the "
            "plain path's fate changes wildly, the clipped path's hardly at all.")
