"""Altair builder for the Gates page: the gates and states of one input as heatmaps (time step x
unit), one panel per gate or state, all in one chart."""
from __future__ import annotations

import json

import altair as alt
import pandas as pd

from playground.i18n import t
from playground.kit.charts import CANVAS

SIGMOID_GATES = {"i", "f", "o", "r", "z"}  # values in (0, 1): sequential colours
GATE_NAMES = ("i", "f", "g", "o", "r", "z", "n", "c", "h")  # the ones with a title
# A grid of views cannot stretch to its column as a single view can, so each panel has a fixed
# width: two panels, their unit axes and their legends (below each panel) fit the page's
# heatmap column on a 1280-pixel-wide screen.
PANEL_WIDTH = 190


def gate_title(name: str) -> str:
    """A panel's title: what gate or state `name` is and what it decides."""
    return t(f"gates.gate.{name}") if name in GATE_NAMES else name


def step_labels(tokens: list[str]) -> str:
    """A Vega label expression that names time step t (1, 2, ...) by its token: the x axis runs
    over the integer steps, which sort by themselves (a field sorted by a list of its values
    costs Vega a chain of comparisons per row and panel, in the browser's expression
    interpreter, before the first draw)."""
    return json.dumps(list(tokens)) + "[datum.value - 1]"


def gate_heatmaps(df: pd.DataFrame, panels: list[tuple[str, float]], tokens: list[str],
                  focus: str) -> alt.Chart:
    """df: step (int, from 1), token, unit (int), and a column of values per gate or state
    (named by it: i, f, ...), a row per (step, unit); `panels`: (gate, colour limit) in drawing
    order; `tokens` are the x axis' labels, step 1 first; the `focus` gate's panel says it is
    the one highlighted in the equations.

    One chart of two panels per row rather than one chart per gate: the browser builds and
    redraws one Vega view instead of six (the page's first paint, and every live redraw), and
    each panel colours the cells by its own column of the same rows. Gates in (0, 1) use a
    sequential scale; states and candidates a diverging one around 0 (+-limit); each panel has
    its own scale and legend."""
    labels = step_labels(tokens)
    views = []
    for name, limit in panels:
        if name in SIGMOID_GATES:
            scale = alt.Scale(scheme="viridis", domain=[0, 1])
        else:
            scale = alt.Scale(scheme="redblue", domain=[-limit, limit], reverse=True)
        title = alt.TitleParams(gate_title(name), anchor="start", subtitleColor="#9a6700",
                                subtitle=t("gates.heatmaps.focus") if name == focus
                                else alt.Undefined)
        views.append(alt.Chart(title=title).mark_rect().encode(
            alt.X("step:O", title=t("gates.chart.time"),
                  axis=alt.Axis(labelAngle=0, labelExpr=labels)),
            alt.Y("unit:O", title=t("gates.chart.unit"),
                  axis=alt.Axis(values=list(range(0, 256, 4)))),
            alt.Color(f"{name}:Q", scale=scale, title=None,
                      legend=alt.Legend(orient="bottom", direction="horizontal",
                                        gradientLength=120)),
            tooltip=[alt.Tooltip("step:Q", title="t"),
                     alt.Tooltip("token:N", title=t("gates.chart.token")),
                     alt.Tooltip("unit:Q", title=t("gates.chart.unit")),
                     alt.Tooltip(f"{name}:Q", format=".4f", title=t("gates.chart.value"))],
        ).properties(width=PANEL_WIDTH, height=alt.Step(9)))
    return alt.concat(*views, columns=2, data=df, usermeta=CANVAS).resolve_scale(
        color="independent").configure(aria=False)   # see kit.charts (MANY_MARKS: no ARIA, canvas)
