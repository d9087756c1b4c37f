"""Altair builders for the Attention page: the attention heatmap, exact match over training and
held-out scores by input length. Each takes a DataFrame and returns a chart."""
from __future__ import annotations

import altair as alt
import pandas as pd

from playground.fields.words import METRICS
from playground.kit.charts import HEIGHT, STEP_AXIS

COLORS = {"Bahdanau attention": "#4c78a8", "Luong (dot) attention": "#54a24b",
          "no attention": "#e45756"}


def _color(series: tuple[str, ...]) -> alt.Color:
    """The same colour for a kind of model on every chart; the legend lists only `series`."""
    return alt.Color("series:N", title=None, legend=alt.Legend(orient="top"),
                     scale=alt.Scale(domain=list(series), range=[COLORS[s] for s in series]))


def attention_heatmap(df: pd.DataFrame) -> alt.Chart:
    """df: src, out (ordinal labels 'NN token', NN = zero-padded position, so they sort in
    reading order), src_pos, src_token, out_pos, out_token, weight (alpha<t,t'>).
    Source tokens run along x, output tokens down y; the colour scale is fixed to [0, 1]."""
    strip = "substring(datum.value, 4)"
    return alt.Chart(df).mark_rect(stroke="white", strokeWidth=0.5).encode(
        alt.X("src:O", title="source token t' (the input)",
              axis=alt.Axis(labelExpr=strip, labelAngle=0, orient="top", labelFontSize=13,
                            labelFont="monospace")),
        alt.Y("out:O", title="output token t",
              axis=alt.Axis(labelExpr=strip, labelFontSize=13, labelFont="monospace")),
        alt.Color("weight:Q", title="α<t,t'>", scale=alt.Scale(scheme="blues", domain=[0, 1]),
                  legend=alt.Legend(orient="top", direction="horizontal", gradientLength=180,
                                    titleOrient="left")),
        tooltip=[alt.Tooltip("out_pos:Q", title="output t"), alt.Tooltip("out_token:N", title="output"),
                 alt.Tooltip("src_pos:Q", title="source t'"), alt.Tooltip("src_token:N", title="source"),
                 alt.Tooltip("weight:Q", title="α<t,t'>", format=".4f")],
    ).properties(height=alt.Step(30), width=alt.Step(30))


def exact_match_chart(df: pd.DataFrame, series: tuple[str, ...]) -> alt.Chart:
    """df: step, series, exact_match (training batch, teacher forcing), val_exact_match
    (held-out greedy decodes, NaN between evaluations)."""
    y = alt.Y("exact_match:Q", title="exact match (whole output right)",
              scale=alt.Scale(domain=[0, 1]))
    train = alt.Chart(df).mark_line(strokeWidth=1, opacity=0.5).encode(
        STEP_AXIS, y, _color(series),
        tooltip=["series:N", "step:Q", alt.Tooltip("exact_match:Q", title="training batch",
                                                   format=".3f")])
    held = alt.Chart(df).transform_filter("isValid(datum.val_exact_match)").mark_line(
        point=True, strokeWidth=2).encode(
        STEP_AXIS, alt.Y("val_exact_match:Q", scale=alt.Scale(domain=[0, 1])), _color(series),
        tooltip=["series:N", "step:Q", alt.Tooltip("val_exact_match:Q", title="held-out greedy",
                                                   format=".3f")])
    return alt.layer(train, held).properties(height=HEIGHT + 40)


def loss_chart(df: pd.DataFrame, log: bool, series: tuple[str, ...]) -> alt.Chart:
    """df: step, series, loss."""
    scale = alt.Scale(type="log") if log else alt.Scale(zero=False)
    return alt.Chart(df).mark_line(strokeWidth=1.5).encode(
        STEP_AXIS, alt.Y("loss:Q", title="loss (cross-entropy per output token)", scale=scale),
        _color(series), tooltip=["series:N", "step:Q", alt.Tooltip("loss:Q", format=".4f")],
    ).properties(height=HEIGHT + 40)


def length_chart(df: pd.DataFrame, metric: str, series: tuple[str, ...]) -> alt.Chart:
    """df: length (first length of the bin), label, n, series, and the metric columns."""
    title, fmt, domain = METRICS[metric]
    order = list(dict.fromkeys(df.sort_values("length")["label"]))
    return alt.Chart(df).mark_line(point=alt.OverlayMarkDef(size=50)).encode(
        alt.X("label:O", sort=order, title="input length (characters)",
              axis=alt.Axis(labelAngle=0)),
        alt.Y(f"{metric}:Q", title=f"held-out {title}", scale=alt.Scale(domain=domain)),
        _color(series),
        tooltip=["series:N", alt.Tooltip("label:N", title="input length"),
                 alt.Tooltip("n:Q", title="examples"), alt.Tooltip(f"{metric}:Q", format=fmt)],
    ).properties(height=HEIGHT + 60)
