"""Altair builders for the Embeddings page: each takes a DataFrame and returns a chart (its
titles in the session's language)."""
from __future__ import annotations

import altair as alt
import pandas as pd

from playground.i18n import t
from playground.i18n.catalogue import has

FONT = "Noto Sans, NanumGothic, sans-serif"  # NanumGothic draws Korean labels
GROUPS = ("male", "female", "neutral")


def class_name(name: str) -> str:
    """A word class as a legend shows it ("animals (plural)" -> its catalogue key
    `embeddings.class.animals_plural`); a class the catalogue lacks shows as it is."""
    key = "embeddings.class." + name.replace(" (plural)", "_plural")
    return t(key) if has(key) else name


def with_class_names(df: pd.DataFrame) -> pd.DataFrame:
    """df with `class_name`, its `class` (the data's key) in the session's language."""
    return df.assign(class_name=[class_name(c) for c in df["class"]])


def scatter_chart(df: pd.DataFrame, labels: bool = True, height: int = 520,
                  color_field: str = "class_name", title: str | None = None) -> alt.Chart:
    """df: word, class_name (or color_field; see `with_class_names`), x, y (+ count, + label:
    the text drawn, "" for none, so crowded points are not written over each other; hover shows
    every word). `title`: the legend's, by default "word class"."""
    title = t("embeddings.chart.word_class") if title is None else title
    base = alt.Chart(df).encode(
        alt.X("x:Q", axis=None, scale=alt.Scale(zero=False, nice=False, padding=24)),
        alt.Y("y:Q", axis=None, scale=alt.Scale(zero=False, nice=False, padding=16)))
    points = base.mark_circle(size=60, opacity=0.85).encode(
        alt.Color(f"{color_field}:N", title=title,
                  legend=alt.Legend(orient="top", columns=6, labelLimit=160),
                  scale=alt.Scale(scheme="tableau10")),
        tooltip=[alt.Tooltip("word:N", title=t("embeddings.chart.word")),
                 alt.Tooltip(f"{color_field}:N", title=title)]
        + ([alt.Tooltip("count:Q", title=t("embeddings.chart.occurrences"))]
           if "count" in df.columns else []))
    layers = [points]
    if labels:
        layers.append(base.mark_text(align="left", dx=5, dy=-4, fontSize=11, font=FONT,
                                     color="#333").encode(
            text=alt.Text("label:N" if "label" in df.columns else "word:N")))
    return alt.layer(*layers).properties(height=height)


def projection_bars(df: pd.DataFrame, title: str, domain: list[float]) -> alt.Chart:
    """df: word, projection, group (male / female / neutral: the key; the legend and tooltip
    show it in the session's language). One horizontal bar per word."""
    order = list(df["word"])
    shown = {g: t(f"embeddings.group.{g}") for g in GROUPS}
    df = df.assign(group_name=df["group"].map(shown))
    return alt.Chart(df).mark_bar().encode(
        alt.Y("word:N", sort=order, title=None,
              axis=alt.Axis(labelFont=FONT, labelLimit=140, labelOverlap=False)),
        alt.X("projection:Q", title=title, scale=alt.Scale(domain=domain)),
        alt.Color("group_name:N", title=None, legend=alt.Legend(orient="top"),
                  scale=alt.Scale(domain=[shown[g] for g in GROUPS],
                                  range=["#4c78a8", "#e45756", "#9d9d9d"])),
        tooltip=[alt.Tooltip("word:N", title=t("embeddings.chart.word")),
                 alt.Tooltip("group_name:N", title=t("embeddings.chart.group")),
                 alt.Tooltip("projection:Q", title=t("embeddings.chart.projection"), format=".3f")],
    ).properties(height=alt.Step(20))


def similarity_bars(df: pd.DataFrame, title: str) -> alt.Chart:
    """df: word, similarity. Cosine similarities, best first."""
    return alt.Chart(df).mark_bar(color="#54a24b").encode(
        alt.Y("word:N", sort=None, title=None, axis=alt.Axis(labelFont=FONT, labelOverlap=False)),
        alt.X("similarity:Q", title=title, scale=alt.Scale(domain=[-1, 1])),
        tooltip=[alt.Tooltip("word:N", title=t("embeddings.chart.word")),
                 alt.Tooltip("similarity:Q", title=t("embeddings.chart.similarity"), format=".3f")],
    ).properties(height=alt.Step(22))


def cooc_heatmap(df: pd.DataFrame, order: list[str]) -> alt.Chart:
    """df: row, column, count. The co-occurrence matrix with its counts written in."""
    base = alt.Chart(df).encode(
        alt.X("column:N", sort=order, title=t("embeddings.chart.context_word"),
              axis=alt.Axis(labelAngle=-40, labelFont=FONT)),
        alt.Y("row:N", sort=order, title=t("embeddings.chart.word_i"), axis=alt.Axis(labelFont=FONT)))
    cells = base.mark_rect(stroke="white").encode(
        alt.Color("count:Q", scale=alt.Scale(scheme="blues"), legend=None),
        tooltip=[alt.Tooltip("row:N", title=t("embeddings.chart.row")),
                 alt.Tooltip("column:N", title=t("embeddings.chart.column")),
                 alt.Tooltip("count:Q", title=t("embeddings.chart.count"))])
    text = base.mark_text(fontSize=12).encode(
        text="count:Q", color=alt.condition("datum.count > 1", alt.value("white"),
                                            alt.value("#333")))
    return (cells + text).properties(width=alt.Step(46), height=alt.Step(26))
