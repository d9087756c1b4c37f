"""Altair chart builders: each takes a DataFrame and returns a chart; none computes anything.

Live charts redraw several times a second, and turning an Altair chart into Vega-Lite costs
20-150 ms of Python each time. `LiveSpec` does it once per chart configuration (built on an empty
history frame) and afterwards only swaps the new history rows in, which Streamlit sends as Arrow.
"""
from __future__ import annotations

import copy
import hashlib
import os
import threading
from contextlib import nullcontext

import altair as alt
import pandas as pd

from playground.i18n import t

HEIGHT = 220
# Altair checks a spec against the Vega-Lite JSON schema when it turns a chart into a dict: 30-40%
# of a new session's first run of Train or Gates here (the network view's spec is large). The
# specs come from the same code on every run, so the test suite checks them (tests/conftest.py
# sets RNNPG_VALIDATE_CHARTS=1: every live chart a page test draws is validated) and the server
# skips the check.
VALIDATE = os.environ.get("RNNPG_VALIDATE_CHARTS", "") == "1"
# MANY_MARKS: charts of hundreds of marks (the Gates heatmaps, 700 cells each; the network view)
# are drawn with `configure(aria=False)`: Vega then writes no ARIA description for every cell
# (work for the browser on each draw, and noise for a screen reader), and the chart is described
# by its `alt` text instead. Streamlit does the same by itself past 5,000 data points.
# The Gates heatmaps are also drawn on a canvas (`usermeta=CANVAS`): as SVG every cell is an element
# for the browser to build (4,800 there), and a new visitor's first chart waited for all of them.
# Streamlit picks the canvas by itself only for data given to it inline, not for the named
# datasets these charts send. (The network view and the attention heatmap, 900-1,600 elements,
# drew no sooner on a canvas, within the benchmark's noise, and stay SVG.)
CANVAS = {"embedOptions": {"renderer": "canvas"}}
TITLE = {"anchor": "start", "fontSize": 16, "fontWeight": 600, "offset": 12}
TITLE_HEIGHT = 32   # px the title adds above a chart: 16 px type, its line height, the offset


def titled(spec: dict, text: str) -> dict:
    """`spec` (a Vega-Lite dict, not changed) with `text` as its title, drawn as the app's bold
    titles are: left, 16 px, semi-bold, in the theme's font and colour; a chart sized as a
    whole (one view of a set height, which Streamlit fits into that height) grows by the
    title's height, so that its plot keeps its size.

    A live chart carries its title rather than following a text element: a live page redraws
    every element of its fragment each slice, and each is one more message for the server (a
    room of 40 followers redraws 80 times a second)."""
    out = {**spec, "title": {"text": text, **TITLE}}
    if isinstance(spec.get("height"), int | float):
        out["height"] = spec["height"] + TITLE_HEIGHT
    return out


CELL_COLORS = alt.Scale(  # one hue per cell; Compare's one-way twin lighter, both ways darker
    domain=["RNN", "GRU", "LSTM", "RNN →", "RNN ⇄", "GRU →", "GRU ⇄", "LSTM →", "LSTM ⇄"],
    range=["#e45756", "#f58518", "#4c78a8", "#ff9d98", "#9e2a26", "#ffbf79", "#a65a00",
           "#9ecae9", "#1f4e79"])


def _series_color(cells) -> alt.Color:
    """Legend colour by series; cell comparisons always use the same colour per cell. `cells`:
    True for every cell's colour, the names of the series drawn (only those in the legend), or
    False for Altair's own colours."""
    if cells is True:
        scale = CELL_COLORS
    elif cells:
        colours = dict(zip(CELL_COLORS.domain, CELL_COLORS.range))
        scale = alt.Scale(domain=list(cells), range=[colours[c] for c in cells])
    else:
        scale = alt.Undefined
    return alt.Color("series:N", title=None, legend=alt.Legend(orient="top"), scale=scale)
def step_axis() -> alt.X:
    return alt.X("step:Q", title=t("charts.step"), axis=alt.Axis(format="~s"))


def _line(df: pd.DataFrame, field: str, title: str, log: bool, color: str, fmt: str):
    scale = alt.Scale(type="log") if log else alt.Scale(zero=False)
    return alt.Chart(df).mark_line(color=color, strokeWidth=1.5).encode(
        step_axis(), alt.Y(f"{field}:Q", title=title, scale=scale),
        tooltip=[alt.Tooltip("step:Q"), alt.Tooltip(f"{field}:Q", format=fmt)])


def loss_chart(df: pd.DataFrame, log: bool) -> alt.Chart:
    """df: step, loss."""
    return _line(df, "loss", t("charts.loss"), log, "#4c78a8", ".4f").properties(
        height=HEIGHT)


def accuracy_chart(df: pd.DataFrame, chance: float) -> alt.Chart:
    """df: step, accuracy. A dashed rule marks chance level."""
    line = alt.Chart(df).mark_line(color="#54a24b", strokeWidth=1.5).encode(
        step_axis(), alt.Y("accuracy:Q", title=t("charts.accuracy"), scale=alt.Scale(domain=[0, 1])),
        tooltip=[alt.Tooltip("step:Q"), alt.Tooltip("accuracy:Q", format=".3f")])
    rule = alt.Chart(pd.DataFrame({"chance": [chance],
                                   "label": [t("charts.chance", chance=chance)]})).mark_rule(
        color="gray", strokeDash=[4, 4]).encode(y="chance:Q", tooltip=["label:N"])
    return (line + rule).properties(height=HEIGHT)


def perplexity_chart(df: pd.DataFrame, reference: pd.DataFrame, log: bool) -> alt.Chart:
    """df: step, perplexity (training batch), val_perplexity (held-out, NaN between evaluations);
    reference: label, value (horizontal rules, e.g. an n-gram model's held-out perplexity)."""
    scale = alt.Scale(type="log") if log else alt.Scale(zero=False)
    y = alt.Y("perplexity:Q", title=t("charts.perplexity"), scale=scale)
    train = alt.Chart(df).mark_line(color="#b279a2", strokeWidth=1, opacity=0.6).encode(
        step_axis(), y, tooltip=[alt.Tooltip("step:Q"), alt.Tooltip("perplexity:Q", format=".3f")])
    held = alt.Chart(df).transform_filter("isValid(datum.val_perplexity)").mark_line(
        color="#e45756", point=True).encode(
        step_axis(), alt.Y("val_perplexity:Q", scale=scale),
        tooltip=[alt.Tooltip("step:Q"), alt.Tooltip("val_perplexity:Q", title=t("charts.heldout"),
                                                     format=".3f")])
    layers = [train, held]
    if len(reference):
        layers.append(alt.Chart(reference).mark_rule(color="#f58518", strokeDash=[6, 3]).encode(
            y="value:Q", tooltip=["label:N", alt.Tooltip("value:Q", format=".3f")]))
    return alt.layer(*layers).properties(height=HEIGHT)


def grad_norm_chart(df: pd.DataFrame, clip: float, log: bool) -> alt.Chart:
    """df: step, grad_norm, clipped. The clipping threshold is a dashed red rule."""
    base = _line(df, "grad_norm", t("charts.grad_norm"), log, "#72b7b2", ".4g")
    layers = [base]
    if clip > 0:
        layers.append(alt.Chart(pd.DataFrame({"clip": [clip]})).mark_rule(
            color="#e45756", strokeDash=[4, 4]).encode(y="clip:Q", tooltip=["clip:Q"]))
    return alt.layer(*layers).properties(height=HEIGHT)


def series_chart(df: pd.DataFrame, field: str, title: str, log: bool, fmt: str = ".4f",
                 domain: list | None = None, cells=True) -> alt.Chart:
    """df: step, series, <field>. One line per series (e.g. per cell), same axes."""
    scale = alt.Scale(domain=domain) if domain else (alt.Scale(type="log") if log else
                                                     alt.Scale(zero=False))
    return alt.Chart(df).mark_line(strokeWidth=1.5).encode(
        step_axis(), alt.Y(f"{field}:Q", title=title, scale=scale),
        _series_color(cells),
        tooltip=["series:N", "step:Q", alt.Tooltip(f"{field}:Q", format=fmt)],
    ).properties(height=HEIGHT + 40)


def decay_chart(df: pd.DataFrame, log: bool = True, cells=False) -> alt.Chart:
    """df: k, grad_norm, series (layer/direction or cell). ||dL_T/dh_k|| against k."""
    scale = alt.Scale(type="log") if log else alt.Scale()
    return alt.Chart(df).mark_line(point=alt.OverlayMarkDef(size=14)).encode(
        alt.X("k:Q", title=t("charts.time_step_k")),
        alt.Y("grad_norm:Q", title="‖dL_T / dh_k‖", scale=scale),
        _series_color(cells),
        tooltip=["series:N", "k:Q", alt.Tooltip("grad_norm:Q", format=".3e")],
    ).properties(height=HEIGHT + 40)


def decay_history_chart(df: pd.DataFrame, cells=False) -> alt.Chart:
    """df: step, grad_norm, series. The gradient reaching k = 1, over training."""
    return alt.Chart(df).mark_line(strokeWidth=1.5).encode(
        step_axis(), alt.Y("grad_norm:Q", title="‖dL_T / dh_1‖", scale=alt.Scale(type="log")),
        _series_color(cells),
        tooltip=["series:N", "step:Q", alt.Tooltip("grad_norm:Q", format=".3e")],
    ).properties(height=HEIGHT + 40)


def char_probability_chart(df: pd.DataFrame) -> alt.Chart:
    """df: position, char, prob, context. One bar per scored character, the character above it."""
    x = alt.X("position:O", axis=None)
    bars = alt.Chart(df).mark_bar(color="#4c78a8").encode(
        x, alt.Y("prob:Q", title=t("charts.char_prob"),
                 scale=alt.Scale(type="log", domain=[1e-3, 1.5], clamp=True)),
        tooltip=["char:N", alt.Tooltip("prob:Q", format=".4f"), "context:N"])
    letters = alt.Chart(df).mark_text(dy=-9, fontSize=14).encode(x, y="prob:Q", text="char:N")
    return (bars + letters).properties(height=170)


def altair_globals():
    """The lock Streamlit holds while it switches Altair's process-wide data transformer (and
    theme) to convert a chart for st.altair_chart. Altair reads them in `to_dict`: a LiveSpec
    built in one session while another session drew an Altair chart got Streamlit's transformer,
    a spec without its empty history dataset, and a ValueError (seen with 20 learners on one
    server). Streamlit 1.67's private lock, pinned; a lock of our own without it."""
    try:
        from streamlit.elements.vega_charts import _altair_globals_lock
    except ImportError:
        return _OWN_LOCK
    return _altair_globals_lock


_OWN_LOCK = threading.Lock()


def _arrow_dataset(data, datasets: dict) -> dict:
    """Altair data transformer: the data as Arrow IPC bytes, named by their hash (as Streamlit's
    own transformer for st.altair_chart does)."""
    from streamlit import dataframe_util

    packed = dataframe_util.convert_anything_to_arrow_bytes(data)
    name = hashlib.sha1(packed).hexdigest()
    datasets[name] = packed
    return {"name": name}


alt.data_transformers.register("rnnpg_arrow", _arrow_dataset)


def _streamlit_theme():
    """Altair's theme as st.altair_chart converts a chart: "none" unless the app chose one."""
    return alt.theme.enable("none") if alt.theme.active == "default" else nullcontext()


def static_spec(chart: alt.TopLevelMixin) -> dict:
    """The Vega-Lite spec st.altair_chart would send for `chart` (Altair's theme "none", the
    data as Arrow), without the JSON-schema check unless VALIDATE: st.altair_chart always runs
    it, and it was 40% of the Gradient flow page's first run (0.27 s of its 0.62 s)."""
    datasets: dict = {}
    with altair_globals(), _streamlit_theme(), alt.data_transformers.enable(
            "rnnpg_arrow", datasets=datasets):
        spec = chart.to_dict(validate=VALIDATE)
    spec["datasets"] = {**spec.get("datasets", {}), **datasets}
    return spec


def draw(where, chart: alt.TopLevelMixin, **kwargs):
    """`where.altair_chart(chart, **kwargs)` for a chart drawn once per run (see static_spec)."""
    return where.vega_lite_chart(spec=static_spec(chart), **kwargs)


class LiveSpec:
    """A chart's Vega-Lite spec, made once; `with_rows(df)` swaps in the newest history rows.

    Build the chart on an empty history frame (same columns): its dataset is the one with no
    rows. Other datasets (threshold rules, reference lines) are constants kept in the spec.
    `as_static`: in the theme a chart drawn once per run gets (`static_spec`), so that a chart
    moved from `draw` to a shared spec looks the same."""

    def __init__(self, chart: alt.TopLevelMixin, as_static: bool = False):
        with altair_globals(), (_streamlit_theme() if as_static else nullcontext()):
            self.spec = chart.to_dict(validate=VALIDATE)
        empty = [name for name, rows in self.spec.get("datasets", {}).items() if rows == []]
        if len(empty) != 1:
            raise ValueError("build the chart on exactly one empty history frame")
        self.history = empty[0]

    def with_rows(self, df: pd.DataFrame) -> dict:
        spec = copy.deepcopy({k: v for k, v in self.spec.items() if k != "datasets"})
        spec["datasets"] = {**self.spec["datasets"], self.history: df}
        return spec
