"""The Gates page's analysis panels: one unit over the text, interesting units, saturation.

All three read a batch of probe inputs from the task and the model's traced cells; they are
recomputed when asked (not on every live redraw), and say at which training step.
"""
from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st
import torch

from engine.fields import SettingError
from engine.gates import (
    FEATURES,
    TEXT_FEATURES,
    gate_traces,
    saturation,
    text_probe,
    unit_correlations,
)
from playground.i18n import t
from playground.kit.charts import draw as draw_chart
from playground.kit.fold import folded
from playground.kit.urlstate import widget
from playground.train.run import LiveRun

ROW = 40  # tokens per line in the unit view


def probe_batch_tokens(run: LiveRun, n: int = 64):
    """(ids (B, T), token lists): held-out windows for charlm, fresh task examples otherwise."""
    task = run.trainer.task
    batch = task.heldout() if task.name == "charlm" else task.batch(np.random.default_rng(7), n)
    ids = torch.from_numpy(batch.x)
    return ids, [task.vocab.decode(row) for row in batch.x]


def unit_strip(tokens, values, limit: float) -> alt.Chart:
    """The text, one cell per token, coloured by one unit's activation (Karpathy et al. 2015)."""
    df = pd.DataFrame({"t": range(len(tokens)), "token": [t if t.strip() else "␣" for t in tokens],
                       "value": values})
    df["row"], df["col"] = df["t"] // ROW, df["t"] % ROW
    base = alt.Chart(df).encode(alt.X("col:O", axis=None), alt.Y("row:O", axis=None))
    cells = base.mark_rect(stroke="white").encode(
        alt.Color("value:Q", scale=alt.Scale(scheme="redblue", domain=[-limit, limit],
                                             reverse=True), title=t("gates.chart.activation"),
        legend=alt.Legend(orient="bottom", direction="horizontal", gradientLength=220)),
        tooltip=[alt.Tooltip("t:Q", title=t("gates.chart.step")),
                 alt.Tooltip("token:N", title=t("gates.chart.token")),
                 alt.Tooltip("value:Q", format=".3f", title=t("gates.chart.value"))])
    text = base.mark_text(fontSize=14, font="monospace").encode(text="token:N")
    return (cells + text).properties(height=alt.Step(26), width=alt.Step(22))


def saturation_chart(df: pd.DataFrame) -> alt.Chart:
    """df: gate, unit, left, right. One point per unit and gate."""
    return alt.Chart(df).mark_circle(size=60, opacity=0.75).encode(
        alt.X("left:Q", title=t("gates.saturation.left"), scale=alt.Scale(domain=[0, 1])),
        alt.Y("right:Q", title=t("gates.saturation.right"), scale=alt.Scale(domain=[0, 1])),
        alt.Color("gate:N", title=t("gates.chart.gate")),
        tooltip=[alt.Tooltip("gate:N", title=t("gates.chart.gate")),
                 alt.Tooltip("unit:Q", title=t("gates.chart.unit")),
                 alt.Tooltip("left:Q", format=".2f", title=t("gates.saturation.left_tip")),
                 alt.Tooltip("right:Q", format=".2f", title=t("gates.saturation.right_tip"))],
    ).properties(height=320)


def unit_view(run: LiveRun, ids, tokens, layer: int, direction: str) -> None:
    with run.lock:
        trace = gate_traces(run.trainer.model, ids)
    chosen = next(L for L in trace["layers"] if L["layer"] == layer and L["direction"] == direction)
    H = len(chosen["hidden"][0])
    c1, c2 = st.columns([1, 1])
    unit = widget("gates_unit", c1, hi=H - 1)
    kinds = ["hidden h_t"] + (["cell state c_t"] if "cell_state" in chosen else [])
    kind = widget("gates_unit_kind", c2, options=kinds)
    values = np.asarray(chosen["cell_state" if kind.startswith("cell") else "hidden"])[:, unit]
    limit = max(1.0, float(np.abs(values).max())) if kind.startswith("cell") else 1.0
    draw_chart(st, unit_strip(tokens, values, limit))


def unit_table(rows: list[dict]) -> None:
    df = pd.DataFrame(rows)
    df["layer"] += 1
    df["strength"] = df["correlation"].abs()
    shown = {name: t(f"gates.units.{name}") for name in ("layer", "direction", "unit", "kind",
                                                          "feature")}
    st.dataframe(df[["layer", "direction", "unit", "kind", "feature", "correlation", "strength"]],
                 hide_index=True, width="stretch",
                 column_config={**shown,   # headers shown in the page's language, data keys kept
                                "correlation": st.column_config.NumberColumn(
                                    t("gates.units.correlation"), format="%.3f"),
                                "strength": st.column_config.ProgressColumn(
                                    "|r|", min_value=0, max_value=1, format="%.2f")})


def interesting_units(run: LiveRun, layer: int, direction: str) -> None:
    ids, tokens = probe_batch_tokens(run)
    skip, features = 0, FEATURES
    if run.trainer.task.name == "charlm":  # each held-out window read after the text before it
        features = TEXT_FEATURES
        try:
            ids, tokens, skip = text_probe(run.trainer.task)
        except SettingError:
            pass  # held-out text too short for a warm-up: the windows from a zero state
    with run.lock:
        found = unit_correlations(run.trainer.model, ids, tokens, features, skip=skip)
    rows, per_feature = found.rank("unit", top=10), found.rank("feature", top=12)
    if not rows:
        st.info(t("gates.units.none"))
        return
    st.markdown(t("gates.units.top"))
    unit_table(rows)
    st.markdown(t("gates.units.per_feature"))
    unit_table(per_feature)
    st.caption(t("gates.units.caption", n=len(ids),
                 warm=t("gates.units.warm", skip=skip) if skip else "",
                 copy="." if features is TEXT_FEATURES else t("gates.units.copy")))


def saturation_view(run: LiveRun, layer: int, direction: str) -> None:
    ids, _ = probe_batch_tokens(run)
    with run.lock:
        sat = saturation(run.trainer.model, ids)
    chosen = next(L for L in sat["layers"] if L["layer"] == layer and L["direction"] == direction)
    rows = [{"gate": g, "unit": u, "left": left, "right": right}
            for g, v in chosen["gates"].items() for u, (left, right) in enumerate(zip(v["left"], v["right"]))]
    if not rows:
        st.info(t("gates.saturation.no_gates"))
        return
    draw_chart(st, saturation_chart(pd.DataFrame(rows)), width="stretch")
    st.caption(t("gates.saturation.caption"))


def panels(run: LiveRun, ids, tokens, layer: int, direction: str) -> None:
    """Look closer, in a fold at the foot of the page: a closed fold costs a new visitor's browser
    nothing (kit.fold); a link that sets the unit view's fields opens it."""
    box = folded(t("gates.panels.fold"), "gates_panels_open", icon=":material/zoom_in:",
                 help_open=("gates_unit", "gates_unit_kind"))
    if box is not None:
        with box:
            open_panels(run, ids, tokens, layer, direction)


def open_panels(run: LiveRun, ids, tokens, layer: int, direction: str) -> None:
    st.caption(t("gates.panels.at_step", step=run.trainer.state.step))
    # only the open tab is computed and drawn (the ranking reads a batch of 64 probes)
    tabs = st.tabs([t("gates.panels.unit"), t("gates.panels.rank"), t("gates.panels.saturation")],
                   key="gates_panel_tab", on_change="rerun")
    views = (lambda: unit_view(run, ids, tokens, layer, direction),
             lambda: interesting_units(run, layer, direction),
             lambda: saturation_view(run, layer, direction))
    for tab, view in zip(tabs, views):
        if tab.open:
            with tab:
                view()
