"""Altair builders for the Gates page: one heatmap (time step x unit) per gate or state."""
from __future__ import annotations

import altair as alt
import pandas as pd

SIGMOID_GATES = {"i", "f", "o", "r", "z"}  # values in (0, 1): sequential colours
GATE_TITLES = {
    "i": "input gate i_t: write to the cell?", "f": "forget gate f_t: keep the old cell?",
    "g": "candidate g_t: what to write", "o": "output gate o_t: reveal the cell?",
    "r": "reset gate r_t: use the old state?", "z": "update gate z_t: keep the old state?",
    "n": "candidate n_t: the new state", "c": "cell state c_t", "h": "hidden state h_t",
}


def gate_heatmap(df: pd.DataFrame, name: str, order: list[str], limit: float = 1.0) -> alt.Chart:
    """df: step (int), token, column (unique x label), unit (int), value; `order` lists the
    columns in time order. Gates in (0, 1) use a sequential scale; states and candidates a
    diverging one around 0 (+-limit)."""
    if name in SIGMOID_GATES:
        scale = alt.Scale(scheme="viridis", domain=[0, 1])
    else:
        scale = alt.Scale(scheme="redblue", domain=[-limit, limit], reverse=True)
    return alt.Chart(df).mark_rect().encode(
        alt.X("column:O", sort=order, title="input token (time →)",
              axis=alt.Axis(labelAngle=0, labelExpr="split(datum.value, ' ')[1]")),
        alt.Y("unit:O", title="unit", axis=alt.Axis(values=list(range(0, 256, 4)))),
        alt.Color("value:Q", scale=scale, title=None, legend=alt.Legend(gradientLength=120)),
        tooltip=[alt.Tooltip("step:Q", title="t"), "token:N", "unit:Q",
                 alt.Tooltip("value:Q", format=".4f")],
    ).properties(height=alt.Step(9))
