"""Altair chart builders for the Gradient flow page: each takes DataFrames and returns a chart.

Log axes cannot show 0 or missing values: the page passes NaN for those (engine.slopes.floats) and the
charts skip them. Series are named by stable keys (AUTOGRAD, PLAIN, "spectral", ...), which filters and
colour domains use; what a legend or tooltip shows is `label(key)`, in the session's language.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from playground.i18n import t
from playground.i18n.catalogue import has

HEIGHT = 230
AUTOGRAD, FORMULA = "autograd", "formula"
PLAIN, CLIPPED = "plain", "clipped"
LOG = alt.Scale(type="log")
DECADES = alt.Axis(format="~e")  # 1e-40, 1e+10: for log axes that span many powers of ten
TOP_LEGEND = alt.Legend(orient="top", title="", labelFontSize=12)


def label(key: str) -> str:
    """What a legend shows for the series `key`: its catalogue name, or the key itself (σ_max)."""
    name = f"gradients.chart.series.{key}"
    return t(name) if has(name) else key


def shown(df: pd.DataFrame, column: str) -> pd.DataFrame:
    """df with a `shown` column: label() of each key in `column`."""
    return df.assign(shown=df[column].map(label))


def tip(field: str, key: str, **kwargs) -> alt.Tooltip:
    return alt.Tooltip(field, title=t(f"gradients.chart.tip.{key}"), **kwargs)


def log_title(key: str) -> str:
    return t("gradients.chart.log", axis=key)


def reaches_back() -> alt.X:
    return alt.X("k:Q", title=t("gradients.chart.reaches_back"), axis=alt.Axis(tickMinStep=1))


def hidden_chart(df: pd.DataFrame) -> alt.Chart:
    """df: t, h."""
    return alt.Chart(df).mark_line(point=True, color="#4c78a8").encode(
        alt.X("t:Q", title=t("gradients.chart.time_step"), axis=alt.Axis(tickMinStep=1)),
        alt.Y("h:Q", title=t("gradients.chart.hidden"), scale=alt.Scale(zero=False)),
        tooltip=[alt.Tooltip("t:Q"), alt.Tooltip("h:Q", format=".6g")]).properties(height=HEIGHT)


def gradient_chart(df: pd.DataFrame, note: str = "") -> alt.Chart:
    """df: k, value (|dh_T/dh_k|, NaN where 0), source (AUTOGRAD or FORMULA), shown (its label,
    `shown(df, "source")`). Autograd as points, the formula as a line over them; `note` (the
    largest relative difference) is the title (the page sets it on a shared spec)."""
    color = alt.Color("shown:N", scale=alt.Scale(domain=[label(AUTOGRAD), label(FORMULA)],
                                                 range=["#e45756", "#4c78a8"]), legend=TOP_LEGEND)
    base = alt.Chart(df).encode(
        reaches_back(),
        alt.Y("value:Q", title=log_title("|∂h_T / ∂h_k|"), scale=LOG, axis=DECADES), color,
        tooltip=[tip("shown:N", "source"), alt.Tooltip("k:Q"), tip("value:Q", "value", format=".4g")])
    line = base.transform_filter(alt.datum.source == FORMULA).mark_line(strokeWidth=2)
    points = base.transform_filter(alt.datum.source == AUTOGRAD).mark_point(filled=True, size=55, opacity=0.9)
    title = alt.TitleParams(note, fontSize=12, fontWeight="normal", anchor="start", color="#555")
    return (line + points).properties(height=HEIGHT + 150, title=title)


def factor_chart(df: pd.DataFrame) -> alt.Chart:
    """df: t, factor (|w_hh g'(a_t)|, NaN where 0). A rule at 1 splits shrinking from growing."""
    points = alt.Chart(df).mark_line(point=True, color="#72b7b2").encode(
        alt.X("t:Q", title=t("gradients.chart.time_step"), axis=alt.Axis(tickMinStep=1)),
        alt.Y("factor:Q", title=log_title("|w_hh · g'(a_t)|"),
              scale=alt.Scale(type="log", domain={"unionWith": [0.1, 10]})),  # keep the rule at 1 inside
        tooltip=[alt.Tooltip("t:Q"), tip("factor:Q", "factor", format=".4g")])
    one = alt.Chart(pd.DataFrame({"y": [1.0]}))
    rule = one.mark_rule(color="#e45756", strokeDash=[5, 4]).encode(y="y:Q")
    above = one.mark_text(align="left", dy=-8, color="#e45756").encode(
        x=alt.value(6), y="y:Q", text=alt.value(t("gradients.chart.grows")))
    below = one.mark_text(align="left", dy=10, color="#e45756").encode(
        x=alt.value(6), y="y:Q", text=alt.value(t("gradients.chart.shrinks")))
    return alt.layer(points, rule, above, below).properties(height=HEIGHT)


def _log_lines(df: pd.DataFrame, title: str, domain: list, colors: list) -> alt.Chart:
    """df: k, value, series (keys in `domain`)."""
    return alt.Chart(shown(df, "series")).mark_line(point=alt.OverlayMarkDef(size=20)).encode(
        reaches_back(),
        alt.Y("value:Q", title=title, scale=LOG, axis=DECADES),
        alt.Color("shown:N", scale=alt.Scale(domain=[label(k) for k in domain], range=colors),
                  legend=TOP_LEGEND),
        tooltip=[tip("shown:N", "series"), alt.Tooltip("k:Q"), tip("value:Q", "value", format=".4g")]
    ).properties(height=HEIGHT + 60)


def norm_chart(df: pd.DataFrame) -> alt.Chart:
    """df: k, value, series ("spectral" for ‖·‖₂ or "frobenius")."""
    return _log_lines(df, log_title("‖∂h_T / ∂h_k‖"), ["spectral", "frobenius"], ["#e45756", "#bab0ac"])


def sigma_chart(df: pd.DataFrame) -> alt.Chart:
    """df: k, value, series ("σ_max" or "σ_min") of the Jacobian product dh_T/dh_k."""
    return _log_lines(df, log_title(t("gradients.chart.singular")), ["σ_max", "σ_min"],
                      ["#4c78a8", "#f58518"])


def spectrum_chart(eig: pd.DataFrame, circles: pd.DataFrame, extent: float) -> alt.Chart:
    """eig: real, imag (eigenvalues of W_hh); circles: x, y, order, circle (the unit circle and the
    circle of the spectral radius, named in the session's language), both axes span [-extent, extent]."""
    scale = alt.Scale(domain=[-extent, extent], nice=False)
    names = list(dict.fromkeys(circles["circle"]))  # the unit circle first, then the radius
    rings = alt.Chart(circles).mark_line().encode(
        alt.X("x:Q", scale=scale, title=t("gradients.chart.real")),
        alt.Y("y:Q", scale=scale, title=t("gradients.chart.imaginary")),
        alt.Order("order:Q"),
        alt.Color("circle:N", scale=alt.Scale(domain=names, range=["#999999", "#e45756"]), legend=TOP_LEGEND),
        alt.StrokeDash("circle:N", scale=alt.Scale(domain=names, range=[[1, 0], [5, 4]]), legend=None))
    dots = alt.Chart(eig).mark_point(filled=True, size=45, color="#4c78a8").encode(
        alt.X("real:Q", scale=scale), alt.Y("imag:Q", scale=scale),
        tooltip=[tip("real:Q", "real", format=".3f"), tip("imag:Q", "imag", format=".3f"),
                 alt.Tooltip("modulus:Q", title="|λ|", format=".3f")])
    square = alt.AutoSizeParams(type="pad")  # the plot itself is square, so circles look round
    return (rings + dots).properties(height=300, width=300, autosize=square)


def cliff_chart(surface: pd.DataFrame, paths: pd.DataFrame, window: tuple) -> alt.Chart:
    """surface: w, w2, b, b2 (cell edges), loss; paths: path (PLAIN or CLIPPED), step, w, b, loss,
    grad_norm; window: (w_min, w_max, b_min, b_max). Lines that leave the window are cut at its edge."""
    paths = shown(paths, "path")
    xs = alt.Scale(domain=list(window[:2]), nice=False)
    ys = alt.Scale(domain=list(window[2:]), nice=False)
    heat = alt.Chart(surface).mark_rect(strokeWidth=0, opacity=1, clip=True).encode(
        alt.X("w:Q", scale=xs, title=t("gradients.chart.weight"), axis=alt.Axis(grid=False)), alt.X2("w2:Q"),
        alt.Y("b:Q", scale=ys, title=t("gradients.chart.bias"), axis=alt.Axis(grid=False)), alt.Y2("b2:Q"),
        alt.Color("loss:Q", scale=alt.Scale(type="log", scheme="viridis", domainMin=1e-4, clamp=True),
                  legend=alt.Legend(title=t("gradients.chart.loss_log"), format=".0e", orient="right",
                                    gradientLength=300)),
        tooltip=[alt.Tooltip("w:Q", format=".3f"), alt.Tooltip("b:Q", format=".3f"),
                 tip("loss:Q", "loss", format=".4g")])
    path_colors = alt.Scale(domain=[label(PLAIN), label(CLIPPED)], range=["#ff2b2b", "#ffffff"])
    color = alt.Color("shown:N", scale=path_colors,
                      legend=alt.Legend(orient="top", title="", labelFontSize=13, symbolStrokeWidth=4,
                                        symbolType="stroke", fillColor="#31333f", labelColor="white",
                                        padding=6, cornerRadius=4))
    tips = [tip("shown:N", "path"), tip("step:Q", "step"), alt.Tooltip("w:Q", format=".3f"),
            alt.Tooltip("b:Q", format=".3f"), tip("loss:Q", "loss", format=".4g"),
            alt.Tooltip("grad_norm:Q", title=t("gradients.chart.norm_before"), format=".4g")]
    layers = [heat]
    for name, width, size in ((CLIPPED, 5, 30), (PLAIN, 2, 14)):  # plain drawn on top of clipped
        one = alt.Chart(paths).transform_filter(alt.datum.path == name).encode(
            alt.X("w:Q", scale=xs), alt.Y("b:Q", scale=ys), alt.Order("step:Q"), tooltip=tips)
        line_color = color if name == CLIPPED else alt.Color("shown:N", scale=path_colors, legend=None)
        layers += [one.mark_line(strokeWidth=width, clip=True).encode(line_color),
                   one.mark_point(filled=True, size=size, clip=True, opacity=1).encode(
                       alt.Color("shown:N", scale=path_colors, legend=None))]
    start = alt.Chart(paths).transform_filter(alt.datum.step == 0).mark_point(
        shape="diamond", size=260, filled=True, color="#ffd33d", stroke="black", strokeWidth=1.5,
        clip=True).encode(alt.X("w:Q", scale=xs), alt.Y("b:Q", scale=ys), tooltip=tips)
    return alt.layer(*layers, start).properties(height=580).configure_axis(grid=False)
