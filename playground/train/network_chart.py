"""Draws the unrolled network from `network.network_frame`'s rows (pixel positions): boxes, unit
cells coloured by value, arrows per weight matrix, and hover areas with the numbers.

Hovering an arrow highlights the same matrix at every time step (one W_aa shared across time).
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from playground.i18n import t

VALUE_COLORS = alt.Scale(scheme="redblue", domain=[-1, 1], reverse=True, clamp=True)
GRAD_COLORS = alt.Scale(scheme="goldred", domain=[-8, 1], clamp=True)  # log10 of a gradient norm
HIGHLIGHT = "#f58518"
VALID = "isValid(datum.grad) && isFinite(datum.grad)"   # rows that carry a gradient


def _of(base: alt.Chart, mark: str) -> alt.Chart:
    return base.transform_filter(f"datum.mark == '{mark}'")


# The words of the diagram, by their row's mark: size, colour, alignment, weight, style. One text
# layer draws them all (each layer costs a new visitor's browser a Vega-Lite compile and a
# dataflow branch: nine layers of text made the view's first draw about 0.1 s slower).
WORDS = {
    "text": (13, "black", "center", "normal", "normal"),       # inputs, node names
    "small": (11, "#b03a2e", "center", "normal", "normal"),    # targets, y-hat
    "tag": (11, "#6b6b6b", "left", "normal", "normal"),        # row tags (layer, direction)
    "colhead": (10, "#444444", "center", "bold", "normal"),    # a<t>, c<t>, gates over a node
    "gradtag": (10, "#b03a2e", "left", "normal", "normal"),    # gradient norms by a node
    "label": (13, "black", "left", "bold", "normal"),          # the diagram's row labels
    "wlabel_v": (10, "#6b6b6b", "right", "normal", "italic"),  # W_aa, W_ax, W_ya (vertical)
    "wlabel_h": (9, "#6b6b6b", "center", "normal", "italic"),  # W_aa (horizontal)
    "note": (12, "#6b6b6b", "left", "normal", "normal"),       # notes beside the diagram
}


def _by_mark(index: int) -> str:
    """A Vega expression: WORDS[datum.mark][index]."""
    expr = repr(WORDS["text"][index])
    for mark, style in WORDS.items():
        expr = f"datum.mark == '{mark}' ? {style[index]!r} : {expr}"
    return expr


def words(base: alt.Chart, X: alt.X, Y: alt.Y) -> alt.Chart:
    """Every row whose mark is in WORDS, as text styled by its mark."""
    marks = ", ".join(f"'{m}'" for m in WORDS)
    return base.transform_filter(f"indexof([{marks}], datum.mark) >= 0").transform_calculate(
        word_size=_by_mark(0), word_color=_by_mark(1)).mark_text(
        align=alt.ExprRef(_by_mark(2)), fontWeight=alt.ExprRef(_by_mark(3)),
        fontStyle=alt.ExprRef(_by_mark(4))).encode(
        X, Y, text="text:N", size=alt.Size("word_size:Q", scale=None),
        color=alt.Color("word_color:N", scale=None))


def network_chart(df: pd.DataFrame, width: int, height: int, backward: bool,
                  gated: bool = False) -> alt.LayerChart:
    """df: network_frame's columns. Colours: unit values on red (+) / blue (−); in the backward
    view, nodes and W_aa arrows by log10 of the gradient they carry. `gated`: an LSTM/GRU (its
    node tooltips list the gates)."""
    base = alt.Chart(df)
    X, Y = alt.X("x:Q", scale=None, axis=None), alt.Y("y:Q", scale=None, axis=None)
    X2, Y2 = alt.X2("x2:Q"), alt.Y2("y2:Q")
    pick = alt.selection_point(name="matrix_pick", fields=["matrix"], on="pointerover",
                               clear="pointerout", empty=False)
    picked = alt.when(pick)
    grad_legend = alt.Legend(title="log₁₀ ‖∂L/∂a‖", orient="right")
    grey = picked.then(alt.value(HIGHLIGHT)).otherwise(alt.value("#9a9a9a"))
    edges = _of(base, "edge").mark_rule().encode(
        X, Y, X2, Y2, color=grey, strokeWidth=picked.then(alt.value(3.5)).otherwise(alt.value(1.5)))
    if backward:  # arrows that carry a gradient: coloured and sized by it; the rest stay grey
        edges = alt.layer(
            edges.transform_filter(f"!({VALID})"),
            _of(base, "edge").transform_filter(VALID).mark_rule().encode(
                X, Y, X2, Y2, strokeWidth=alt.StrokeWidth("width:Q", scale=None),
                color=picked.then(alt.value(HIGHLIGHT)).otherwise(
                    alt.Color("grad:Q", scale=GRAD_COLORS, legend=None))))
    edge_tip = [alt.Tooltip("matrix:N", title=t("network.tip.weights"))]
    if backward:
        edge_tip.append(alt.Tooltip("text:N", title=t("network.tip.flow")))
    hit = _of(base, "edge").mark_rule(opacity=0.001, strokeWidth=12).encode(
        X, Y, X2, Y2, tooltip=edge_tip).add_params(pick)
    heads = _of(base, "head").mark_point(shape="triangle", filled=True, size=45).encode(
        X, Y, angle=alt.Angle("angle:Q", scale=None),
        color=picked.then(alt.value(HIGHLIGHT)).otherwise(alt.value("#9a9a9a")),
        opacity=alt.value(1))
    box = _of(base, "box").mark_rect(stroke="#6b6b6b", strokeWidth=1, cornerRadius=4)
    boxes = box.encode(X, Y, X2, Y2, fill=alt.value("white"))
    if backward:  # a node is filled by its gradient; inputs and outputs (no gradient) stay white
        boxes = alt.layer(boxes.transform_filter(f"!({VALID})"),
                          box.transform_filter(VALID).encode(X, Y, X2, Y2, fill=alt.Fill(
                              "grad:Q", scale=GRAD_COLORS, legend=grad_legend)))
    cells = _of(base, "cell").mark_rect(opacity=0.25 if backward else 0.9).encode(
        X, Y, X2, Y2, color=alt.Color("value:Q", scale=VALUE_COLORS, legend=None if backward
                                      else alt.Legend(title=t("network.tip.unit_value"),
                                                      orient="right")))
    numbers = _of(base, "cell").transform_calculate(
        xc="(datum.x + datum.x2) / 2", yc="(datum.y + datum.y2) / 2").mark_text(
        fontSize=12, font="monospace").encode(
        alt.X("xc:Q", scale=None, axis=None), alt.Y("yc:Q", scale=None, axis=None), text="text:N",
        color=alt.when("abs(datum.value) > 0.6").then(alt.value("white")).otherwise(
            alt.value("black")))

    texts = words(base, X, Y)
    bands = _of(base, "band").mark_rect(fill=None, stroke="#9a9a9a", strokeDash=[3, 3],
                                        cornerRadius=6).encode(X, Y, X2, Y2)
    cuts = _of(base, "cut").mark_rule(strokeDash=[6, 4], color="#b03a2e", strokeWidth=2).encode(
        X, Y, Y2, tooltip=[alt.Tooltip("text:N", title=t("network.tip.truncated"))])
    mini = _of(base, "mini").mark_rect(stroke="white", strokeWidth=0.3)
    mini_tip = [alt.Tooltip("title:N", title=t("network.tip.time_step")),
                alt.Tooltip("values:N", title="x")]
    if backward:
        mini_tip.append(alt.Tooltip("text:N", title=t("network.tip.largest_row")))
        mini = alt.layer(
            mini.transform_filter(f"!({VALID})").encode(X, Y, X2, Y2, fill=alt.value("#d9d9d9"),
                                                        tooltip=mini_tip),
            mini.transform_filter(VALID).encode(X, Y, X2, Y2, tooltip=mini_tip, fill=alt.Fill(
                "grad:Q", scale=GRAD_COLORS, legend=None)))
    else:
        mini = mini.encode(X, Y, X2, Y2, fill=alt.value("#d9d9d9"), tooltip=mini_tip)
    ticks = _of(base, "minitick").mark_rule(color="#b03a2e", strokeWidth=2).encode(X, Y, Y2)
    window = _of(base, "miniwin").mark_rect(fill=None, stroke="#333333", strokeWidth=1.5).encode(
        X, Y, X2, Y2)
    node_tip = [alt.Tooltip("title:N", title=t("network.tip.node")),
                alt.Tooltip("values:N", title=t("network.tip.values")),
                alt.Tooltip("equation:N", title=t("network.tip.unit_1"))]
    if gated:
        node_tip.append(alt.Tooltip("gates:N", title=t("network.tip.gates")))
    if backward:
        node_tip.append(alt.Tooltip("text:N", title="‖∂L/∂a‖"))
    hover = _of(base, "hover").mark_rect(opacity=0.001, fill="white").encode(
        X, Y, X2, Y2, tooltip=node_tip)
    hover_out = _of(base, "hover_out").mark_rect(opacity=0.001, fill="white").encode(
        X, Y, X2, Y2, tooltip=[alt.Tooltip("title:N", title=t("network.tip.output")),
                               alt.Tooltip("values:N", title=t("network.tip.top_guesses")),
                               alt.Tooltip("equation:N", title=t("network.tip.loss"))])
    layers = [edges, hit, heads, bands, boxes, cells, numbers, texts, cuts, mini, ticks, window,
              hover, hover_out]
    return alt.layer(*layers).properties(width=width, height=height).resolve_scale(
        color="independent").configure(aria=False)   # see kit.charts (MANY_MARKS)
