"""Altair builders for the Attention page: the attention heatmap, exact match over training and
held-out scores by input length. Each takes a DataFrame and returns a chart; titles are in the
session's language (a cached spec must be keyed by it)."""
from __future__ import annotations

import json

import altair as alt
import pandas as pd

from playground.attention.run import shown
from playground.fields import FIELDS
from playground.fields.words import METRICS
from playground.i18n import option_label, t
from playground.kit.charts import HEIGHT, step_axis

COLORS = {"Bahdanau attention": "#4c78a8", "Luong (dot) attention": "#54a24b",
          "no attention": "#e45756"}


def _names(series: tuple[str, ...], field: str) -> str:
    """A Vega expression: the learner's name of the model whose English label is `field`."""
    expr = field
    for s in reversed(series):
        if shown(s) != s:
            expr = (f"{field} === {json.dumps(s, ensure_ascii=False)} ? "
                    f"{json.dumps(shown(s), ensure_ascii=False)} : {expr}")
    return expr


def _color(series: tuple[str, ...]) -> alt.Color:
    """The same colour for a kind of model on every chart; the legend lists only `series`, by
    their names in the session's language (the data keeps the English labels)."""
    names = _names(series, "datum.label")
    legend = alt.Legend(orient="top", **({} if names == "datum.label" else {"labelExpr": names}))
    return alt.Color("series:N", title=None, legend=legend,
                     scale=alt.Scale(domain=list(series), range=[COLORS[s] for s in series]))


def _model(chart: alt.Chart, series: tuple[str, ...]) -> alt.Chart:
    """`chart` with a `model` field: the series' name as the learner reads it (for tooltips)."""
    return chart.transform_calculate(model=_names(series, "datum.series"))


def _model_tip() -> list:
    return [alt.Tooltip("model:N", title=t("attention.chart.series")),
            alt.Tooltip("step:Q", title=t("attention.chart.step"))]


def attention_heatmap(df: pd.DataFrame) -> alt.Chart:
    """df: src, out (ordinal labels 'NN token', NN = zero-padded position, so they sort in
    reading order), src_pos, src_token, out_pos, out_token, weight (alpha<t,t'>).
    Source tokens run along x, output tokens down y; the colour scale is fixed to [0, 1]."""
    strip = "substring(datum.value, 4)"
    return alt.Chart(df).mark_rect(stroke="white", strokeWidth=0.5).encode(
        alt.X("src:O", title=t("attention.chart.source_axis"),
              axis=alt.Axis(labelExpr=strip, labelAngle=0, orient="top", labelFontSize=13,
                            labelFont="monospace")),
        alt.Y("out:O", title=t("attention.chart.output_axis"),
              axis=alt.Axis(labelExpr=strip, labelFontSize=13, labelFont="monospace")),
        alt.Color("weight:Q", title="α<t,t'>", scale=alt.Scale(scheme="blues", domain=[0, 1]),
                  legend=alt.Legend(orient="top", direction="horizontal", gradientLength=180,
                                    titleOrient="left")),
        tooltip=[alt.Tooltip("out_pos:Q", title=t("attention.chart.output_t")),
                 alt.Tooltip("out_token:N", title=t("attention.chart.output")),
                 alt.Tooltip("src_pos:Q", title=t("attention.chart.source_t")),
                 alt.Tooltip("src_token:N", title=t("attention.chart.source")),
                 alt.Tooltip("weight:Q", title="α<t,t'>", format=".4f")],
    ).properties(height=alt.Step(30), width=alt.Step(30))


def exact_match_chart(df: pd.DataFrame, series: tuple[str, ...]) -> alt.Chart:
    """df: step, series, exact_match (training batch, teacher forcing), val_exact_match
    (held-out greedy decodes, NaN between evaluations)."""
    y = alt.Y("exact_match:Q", title=t("attention.chart.exact_axis"),
              scale=alt.Scale(domain=[0, 1]))
    train = _model(alt.Chart(df), series).mark_line(strokeWidth=1, opacity=0.5).encode(
        step_axis(), y, _color(series),
        tooltip=_model_tip() + [alt.Tooltip(
            "exact_match:Q", title=t("attention.chart.training_batch"), format=".3f")])
    held = _model(alt.Chart(df).transform_filter("isValid(datum.val_exact_match)"),
                  series).mark_line(point=True, strokeWidth=2).encode(
        step_axis(), alt.Y("val_exact_match:Q", scale=alt.Scale(domain=[0, 1])), _color(series),
        tooltip=_model_tip() + [alt.Tooltip(
            "val_exact_match:Q", title=t("attention.chart.heldout_greedy"), format=".3f")])
    return alt.layer(train, held).properties(height=HEIGHT + 40)


def loss_chart(df: pd.DataFrame, log: bool, series: tuple[str, ...]) -> alt.Chart:
    """df: step, series, loss."""
    scale = alt.Scale(type="log") if log else alt.Scale(zero=False)
    return _model(alt.Chart(df), series).mark_line(strokeWidth=1.5).encode(
        step_axis(), alt.Y("loss:Q", title=t("attention.chart.loss_axis"), scale=scale),
        _color(series), tooltip=_model_tip() + [
            alt.Tooltip("loss:Q", title=t("attention.chart.loss"), format=".4f")],
    ).properties(height=HEIGHT + 40)


def length_chart(df: pd.DataFrame, metric: str, series: tuple[str, ...]) -> alt.Chart:
    """df: length (first length of the bin), label, n, series, and the metric columns."""
    _, fmt, domain = METRICS[metric]
    title = option_label(FIELDS["attn_metric"], metric)
    order = list(dict.fromkeys(df.sort_values("length")["label"]))
    return _model(alt.Chart(df), series).mark_line(point=alt.OverlayMarkDef(size=50)).encode(
        alt.X("label:O", sort=order, title=t("attention.chart.length_axis"),
              axis=alt.Axis(labelAngle=0)),
        alt.Y(f"{metric}:Q", title=t("attention.chart.heldout_metric", metric=title),
              scale=alt.Scale(domain=domain)),
        _color(series),
        tooltip=[alt.Tooltip("model:N", title=t("attention.chart.series")),
                 alt.Tooltip("label:N", title=t("attention.chart.input_length")),
                 alt.Tooltip("n:Q", title=t("attention.chart.examples")),
                 alt.Tooltip(f"{metric}:Q", format=fmt)],
    ).properties(height=HEIGHT + 60)
