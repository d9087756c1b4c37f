"""The Gradient flow page's first two tabs: the course's scalar toy recurrence, unrolled with the
learner's numbers, and a vector RNN's Jacobian norms, singular values and W_hh's spectrum."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from engine.toy import circle_points, floats, run_toy, run_vector, unrolled_latex
from playground.gradients import charts
from playground.gradients.controls import toy_controls, vector_controls
from playground.gradients.unrolled import unrolled_html
from playground.i18n import say, t
from playground.kit.charts import draw as draw_chart
from playground.kit.live import shared_spec

VERDICT_BOX = {"vanishing": st.warning, "exploding": st.error, "stable": st.success}
VERDICT_ICON = {"vanishing": ":material/trending_down:", "exploding": ":material/trending_up:",
                "stable": ":material/check_circle:"}
NORM_W = "‖W_hh‖₂"  # a symbol, the same in every language


def verdict_box(run: dict) -> None:
    """The verdict and the engine's reason for it, in the session's language."""
    VERDICT_BOX[run["verdict"]](f"**{t('gradients.verdict.' + run['verdict'])}.** "
                                f"{say(run['reason'])}",
                                icon=VERDICT_ICON[run["verdict"]])


def with_verdict(controls, compute, draw) -> None:
    """Controls in a narrow left column; on the right, the verdict of `compute(config)` and then
    `draw(config, run)`. Nothing on the right while no valid config exists yet."""
    left, right = st.columns([1, 3], gap="large")
    with left:
        config = controls()
    if config is None:
        return
    run = compute(config)
    with right:
        verdict_box(run)
        draw(config, run)


def scalar_tab() -> None:
    with_verdict(toy_controls, run_toy, draw_scalar)


def vector_tab() -> None:
    with_verdict(vector_controls, run_vector, lambda _, run: draw_vector(run))


def draw_scalar(config, run: dict) -> None:
    st.markdown(t("gradients.scalar.unrolled"))
    st.html(unrolled_html(unrolled_latex(config)))
    # the charts' specs are built once per language and shared (live.shared_spec): a slider move
    # only swaps their rows in
    c1, c2 = st.columns(2)
    T = config.length
    c1.markdown(t("gradients.scalar.hidden"))
    hidden = pd.DataFrame({"t": range(1, T + 1), "h": run["h"]})
    c1.vega_lite_chart(spec=shared_spec("toy_hidden", charts.hidden_chart, hidden),
                       width="stretch")
    c2.markdown(t("gradients.scalar.factor"))
    factors = pd.DataFrame({"t": range(1, T + 1), "factor": floats(run["factor"])})
    c2.vega_lite_chart(spec=shared_spec("toy_factor", charts.factor_chart, factors),
                       width="stretch")
    c2.caption(t("gradients.scalar.factor_caption"))
    k = np.arange(T + 1)
    grads = charts.shown(pd.concat(
        [pd.DataFrame({"k": k, "value": np.abs(floats(run[key])), "source": source})
         for key, source in (("dhT_dhk", charts.AUTOGRAD), ("analytic", charts.FORMULA))]),
        "source")
    st.markdown(t("gradients.scalar.depends"))
    spec = shared_spec("toy_dependence", charts.gradient_chart, grads)
    spec["title"] = {**spec["title"], "text": t("gradients.scalar.note", diff=run["max_rel_diff"])}
    st.vega_lite_chart(spec=spec, width="stretch")
    st.caption(t("gradients.scalar.verdict_caption"))


def by_k(run: dict, series: dict) -> pd.DataFrame:
    """Long form for a chart with one line per series: k, value, series (run key -> series key)."""
    k = np.arange(len(run[next(iter(series))]))
    return pd.concat([pd.DataFrame({"k": k, "value": floats(run[key]), "series": name})
                      for key, name in series.items()])


def vector_metrics(run: dict) -> None:
    m = st.columns(4)
    m[0].metric(t("gradients.vector.radius"), f"{run['spectral_radius']:.3g}",
                help=t("gradients.vector.radius_help"))
    m[1].metric(NORM_W, f"{run['norm_W_hh']:.3g}", help=t("gradients.vector.norm_help"))
    m[2].metric(t("gradients.vector.mean_g"), f"{run['mean_g_prime']:.3g}",
                help=t("gradients.vector.mean_g_help"))
    diff = run["autograd_rel_diff"]
    m[3].metric(t("gradients.vector.check"), "–" if diff is None else f"{diff:.0e}",
                help=t("gradients.vector.check_help"))


def draw_vector(run: dict) -> None:
    vector_metrics(run)
    c1, c2 = st.columns(2)
    c1.markdown(t("gradients.vector.norms"))
    norms = by_k(run, {"frobenius_by_k": "frobenius", "grad_norm_by_k": "spectral"})
    draw_chart(c1, charts.norm_chart(norms), width="stretch")
    c2.markdown(t("gradients.vector.sigmas"))
    sigmas = by_k(run, {"grad_norm_by_k": "σ_max", "sigma_min_by_k": "σ_min"})
    draw_chart(c2, charts.sigma_chart(sigmas), width="stretch")
    c2.caption(t("gradients.vector.sigma_caption"))
    rho = run["spectral_radius"]
    circles = circle_points({t("gradients.vector.unit_circle"): 1.0,
                             t("gradients.vector.radius_circle", rho=rho): rho})
    c3, c4 = st.columns([1, 1])
    c3.markdown(t("gradients.vector.eigenvalues"))
    spectrum = charts.spectrum_chart(pd.DataFrame(run["eigenvalues"]), circles, max(1.0, rho) * 1.15)
    draw_chart(c3, spectrum, width="content")  # its own square size, so circles stay round
    c4.markdown(t("gradients.vector.reading"))
    c4.markdown(t("gradients.vector.reading_body"))
