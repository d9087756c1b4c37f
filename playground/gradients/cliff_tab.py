"""The Gradient flow page's cliff tab: Pascanu's one-unit loss surface with the plain and the clipped
descent paths drawn over it (engine.cliff computes; this draws)."""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import streamlit as st

from engine.cliff import (
    CliffConfig,
    DescentConfig,
    compare,
    loss_surface,
    path_frame,
    surface_frame,
)
from playground.gradients import charts
from playground.gradients.controls import cliff_controls
from playground.i18n import t
from playground.kit.charts import draw as draw_chart


@st.cache_data(max_entries=16, show_spinner=False)
def cached_surface(**settings) -> dict:
    return loss_surface(CliffConfig(**settings))


@st.cache_data(max_entries=64, show_spinner=False)
def cached_paths(cliff: dict, descent: dict) -> dict:
    return compare(CliffConfig(**cliff), DescentConfig(**descent))


def cliff_metrics(plain: dict, clipped: dict) -> None:
    cols = st.columns(4)
    for i, (run, name) in enumerate(((plain, t("gradients.cliff.plain")),
                                     (clipped, t("gradients.cliff.clipped")))):
        final = f"{run['loss'][-1]:.3g}" if run["loss"] else "–"
        cols[2 * i].metric(t("gradients.cliff.final_loss", name=name), final,
                           help=t("gradients.cliff.final_loss_help"))
        cols[2 * i + 1].metric(t("gradients.cliff.largest_step", name=name),
                               f"{max(run['step_size'], default=0.0):.3g}",
                               help=t("gradients.cliff.largest_step_help"))


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
        for run, name in ((plain, "plain_descent"), (clipped, "clipped_descent")):
            if run["diverged_at"] is not None:
                st.error(t("gradients.cliff.diverged", name=t(f"gradients.cliff.{name}"),
                           step=run["diverged_at"]))
        window = (cliff.w_min, cliff.w_max, cliff.b_min, cliff.b_max)
        paths = pd.concat([path_frame(plain, charts.PLAIN), path_frame(clipped, charts.CLIPPED)])
        st.markdown(t("gradients.cliff.surface"))
        draw_chart(st, charts.cliff_chart(surface_frame(surface), paths, window), width="stretch")
        if plain["step_size"]:
            i = int(np.argmax(plain["step_size"]))
            w, b = plain["w"], plain["b"]
            st.markdown(t("gradients.cliff.largest", step=i + 1, norm=plain["grad_norm"][i],
                          w0=w[i], b0=b[i], w1=w[i + 1], b1=b[i + 1],
                          clipped=sum(clipped["clipped"]), total=len(clipped["clipped"]),
                          clip=descent.clip))
        st.markdown(t("gradients.cliff.story"))
