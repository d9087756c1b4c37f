"""The Gradient flow page's first two tabs: the course's scalar toy recurrence, unrolled with the
learner's numbers, and a vector RNN's Jacobian norms, singular values and W_hh's spectrum."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from engine.toy import circle_points, floats, run_toy, run_vector, unrolled_latex
from playground.gradients import charts
from playground.gradients.controls import toy_controls, vector_controls

VERDICT_BOX = {"vanishing": st.warning, "exploding": st.error, "stable": st.success}
VERDICT_ICON = {"vanishing": ":material/trending_down:", "exploding": ":material/trending_up:",
                "stable": ":material/check_circle:"}


def two_rows(line: str) -> str:
    """'h = symbolic = numbers = … = value' as two aligned rows, so long steps fit the column."""
    parts = line.split(" = ")
    if len(parts) < 3:
        return line
    return (rf"\begin{{aligned}} {parts[0]} &= {parts[1]} \\ "
            rf"&= {' = '.join(parts[2:])} \end{{aligned}}")


def verdict_box(run: dict) -> None:
    VERDICT_BOX[run["verdict"]](f"**{run['verdict'].capitalize()}.** {run['reason']}",
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
    st.markdown("**The recurrence unrolled** (the course's toy example, with your numbers):")
    for line in unrolled_latex(config):
        st.latex(two_rows(line))
    c1, c2 = st.columns(2)
    T = config.length
    c1.markdown("**Hidden state h_t**")
    c1.altair_chart(charts.hidden_chart(pd.DataFrame({"t": range(1, T + 1), "h": run["h"]})),
                    width="stretch")
    c2.markdown("**Per-step factor |w_hh · g'(a_t)|**")
    factors = pd.DataFrame({"t": range(1, T + 1), "factor": floats(run["factor"])})
    c2.altair_chart(charts.factor_chart(factors), width="stretch")
    c2.caption("∂h_T/∂h_k is the product of these factors for t = k+1..T. Missing points are 0 "
               "(a ReLU that is off), which a log axis cannot show.")
    k = np.arange(T + 1)
    grads = pd.concat([pd.DataFrame({"k": k, "value": np.abs(floats(run[key])), "source": source})
                       for key, source in (("dhT_dhk", charts.AUTOGRAD), ("analytic", charts.FORMULA))])
    st.markdown("**How much h_T depends on each earlier state: |∂h_T / ∂h_k|**")
    note = (f"Points: torch autograd. Line: ∏ w_hh·g'(a_t) over t = k+1..T. "
            f"Largest relative difference: {run['max_rel_diff']:.1e}")
    st.altair_chart(charts.gradient_chart(grads, note), width="stretch")
    st.caption("Vanishing if |∂h_T/∂h_0| < 1e-3, exploding if > 1e3, stable in between. "
               "Missing points are exactly 0 or not finite.")


def by_k(run: dict, series: dict) -> pd.DataFrame:
    """Long form for a chart with one line per series: k, value, series (run key -> series name)."""
    k = np.arange(len(run[next(iter(series))]))
    return pd.concat([pd.DataFrame({"k": k, "value": floats(run[key]), "series": name})
                      for key, name in series.items()])


def vector_metrics(run: dict) -> None:
    m = st.columns(4)
    m[0].metric("Spectral radius ρ(W_hh)", f"{run['spectral_radius']:.3g}",
                help="Largest |eigenvalue|: it sets the long-run growth of ‖W_hh^n‖.")
    m[1].metric("‖W_hh‖₂", f"{run['norm_W_hh']:.3g}",
                help="Largest singular value. For a non-normal matrix it is larger than ρ, so the "
                     "norm can grow for a while even when ρ < 1.")
    m[2].metric("mean |g'(a)|", f"{run['mean_g_prime']:.3g}",
                help="Average slope of g over all units and steps.")
    diff = run["autograd_rel_diff"]
    m[3].metric("explicit vs autograd", "–" if diff is None else f"{diff:.0e}",
                help="Largest difference between the explicit Jacobian product ∂h_T/∂h_0 and "
                     "torch.autograd.functional.jacobian, relative to its largest entry.")


def draw_vector(run: dict) -> None:
    vector_metrics(run)
    c1, c2 = st.columns(2)
    c1.markdown("**‖∂h_T / ∂h_k‖, where ∂h_T/∂h_k = ∏ diag(g'(a_t)) W_hh**")
    norms = by_k(run, {"frobenius_by_k": "Frobenius norm", "grad_norm_by_k": "spectral norm ‖·‖₂"})
    c1.altair_chart(charts.norm_chart(norms), width="stretch")
    c2.markdown("**Largest and smallest singular value of ∂h_T / ∂h_k**")
    sigmas = by_k(run, {"grad_norm_by_k": "σ_max", "sigma_min_by_k": "σ_min"})
    c2.altair_chart(charts.sigma_chart(sigmas), width="stretch")
    c2.caption("σ_max is the most a gradient can be stretched, σ_min the most it can be squashed, "
               "on its way back from step T to step k.")
    rho = run["spectral_radius"]
    circles = circle_points({"unit circle": 1.0, f"spectral radius {rho:.3g}": rho})
    c3, c4 = st.columns([1, 1])
    c3.markdown("**Eigenvalues of W_hh in the complex plane**")
    spectrum = charts.spectrum_chart(pd.DataFrame(run["eigenvalues"]), circles, max(1.0, rho) * 1.15)
    c3.altair_chart(spectrum, width="content")  # its own square size, so circles stay round
    c4.markdown("**Reading the spectrum**")
    c4.markdown("- Eigenvalues inside the unit circle shrink their direction at every step, outside "
                "ones stretch it: the spectral radius sets the long-run rate.\n"
                "- With tanh or ReLU, each step also multiplies by diag(g'(a_t)) ≤ 1, so a radius "
                "above 1 can still vanish.\n"
                "- *orthogonal* puts every eigenvalue on one circle: with g = identity and radius 1 "
                "the norm stays exactly 1 (the idea behind orthogonal and identity initialisation).")
