"""Altair builders for the Gates page: one heatmap (time step x unit) per gate or state."""
from __future__ import annotations

import altair as alt
import pandas as pd

from playground.i18n import t

SIGMOID_GATES = {"i", "f", "o", "r", "z"}  # values in (0, 1): sequential colours
GATE_NAMES = ("i", "f", "g", "o", "r", "z", "n", "c", "h")  # the ones with a title


def gate_title(name: str) -> str:
    """A heatmap's title: what gate or state `name` is and what it decides."""
    return t(f"gates.gate.{name}") if name in GATE_NAMES else name


def gate_heatmap(df: pd.DataFrame, name: str, order: list[str], limit: float = 1.0) -> alt.Chart:
    """df: step (int), token, column (unique x label), unit (int), value; `order` lists the
    columns in time order. Gates in (0, 1) use a sequential scale; states and candidates a
    diverging one around 0 (+-limit)."""
    if name in SIGMOID_GATES:
        scale = alt.Scale(scheme="viridis", domain=[0, 1])
    else:
        scale = alt.Scale(scheme="redblue", domain=[-limit, limit], reverse=True)
    return alt.Chart(df).mark_rect().encode(
        alt.X("column:O", sort=order, title=t("gates.chart.time"),
              axis=alt.Axis(labelAngle=0, labelExpr="split(datum.value, ' ')[1]")),
        alt.Y("unit:O", title=t("gates.chart.unit"), axis=alt.Axis(values=list(range(0, 256, 4)))),
        alt.Color("value:Q", scale=scale, title=None, legend=alt.Legend(gradientLength=120)),
        tooltip=[alt.Tooltip("step:Q", title="t"),
                 alt.Tooltip("token:N", title=t("gates.chart.token")),
                 alt.Tooltip("unit:Q", title=t("gates.chart.unit")),
                 alt.Tooltip("value:Q", format=".4f", title=t("gates.chart.value"))],
    ).properties(height=alt.Step(9)).configure(aria=False)   # see kit.charts (MANY_MARKS)
