"""Gradient flow page: the course's toy recurrence, a vector RNN's Jacobians and the exploding-gradient cliff.

Every chart redraws on each slider move from engine.toy / engine.cliff; a bad setting shows its message
and the last valid settings stay drawn.
"""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import streamlit as st

from engine.cliff import CliffConfig, DescentConfig, compare, loss_surface
from engine.fields import SettingError
from engine.toy import ToyConfig, VectorConfig, make_inputs, run_toy, run_vector, unrolled_latex
from playground import toy_charts as charts
from playground.urlstate import copy_link, publish, restore, show_notices, widget

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


def floats(values) -> np.ndarray:
    """Engine lists (None = not finite) as floats, with NaN where a log axis cannot go (0, None)."""
    out = np.array([np.nan if v is None else v for v in values], dtype=float)
    out[out == 0] = np.nan
    return out


def last_valid(key: str, build):
    """Build a config; on SettingError show the message and fall back to the last valid one."""
    try:
        config = build()
    except SettingError as exc:
        config = st.session_state.get(key)
        st.error(f"{exc}" + (" Showing the last valid settings." if config else ""))
        return config
    st.session_state[key] = config
    return config


def toy_controls() -> ToyConfig:
    w_hh, w_xh, b = widget("toy_w_hh"), widget("toy_w_xh"), widget("toy_b")
    length, h0, activation = widget("toy_length"), widget("toy_h0"), widget("toy_activation")
    kind = widget("toy_input_kind")
    value, seed, typed = 0.5, 0, ""
    if kind != "typed":
        value = widget("toy_value")
    if kind == "random":
        seed = widget("toy_seed")
    if kind == "typed":
        typed = widget("toy_typed")
    return last_valid("toy_config", lambda: ToyConfig(
        w_hh=w_hh, w_xh=w_xh, b=b, length=length, h0=h0, activation=activation,
        x=make_inputs(kind, length, value, seed, typed)))


def scalar_tab() -> None:
    left, right = st.columns([1, 3], gap="large")
    with left:
        config = toy_controls()
    if config is None:
        return
    run = run_toy(config)
    with right:
        VERDICT_BOX[run["verdict"]](f"**{run['verdict'].capitalize()}.** {run['reason']}",
                                    icon=VERDICT_ICON[run["verdict"]])
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


def circles_frame(radii: dict) -> pd.DataFrame:
    """Points along circles centred at 0 (name -> radius), to draw in the complex plane."""
    angle = np.linspace(0, 2 * np.pi, 121)
    return pd.concat([pd.DataFrame({"x": r * np.cos(angle), "y": r * np.sin(angle), "order": range(121),
                                    "circle": name}) for name, r in radii.items()])


def vector_controls() -> VectorConfig | None:
    settings = dict(hidden=widget("vec_hidden"), spectral_radius=widget("vec_radius"),
                    structure=widget("vec_structure"), activation=widget("vec_activation"),
                    length=widget("vec_length"), seed=widget("vec_seed"))
    return last_valid("vec_config", lambda: VectorConfig(**settings))


def by_k(run: dict, series: dict) -> pd.DataFrame:
    """Long form for a chart with one line per series: k, value, series (run key -> series name)."""
    k = np.arange(len(run[next(iter(series))]))
    return pd.concat([pd.DataFrame({"k": k, "value": floats(run[key]), "series": name})
                      for key, name in series.items()])


def vector_tab() -> None:
    left, right = st.columns([1, 3], gap="large")
    with left:
        config = vector_controls()
    if config is None:
        return
    run = run_vector(config)
    with right:
        VERDICT_BOX[run["verdict"]](f"**{run['verdict'].capitalize()}.** {run['reason']}",
                                    icon=VERDICT_ICON[run["verdict"]])
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
        circles = circles_frame({"unit circle": 1.0, f"spectral radius {rho:.3g}": rho})
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


@st.cache_data(max_entries=16, show_spinner=False)
def cached_surface(**settings) -> dict:
    return loss_surface(CliffConfig(**settings))


@st.cache_data(max_entries=64, show_spinner=False)
def cached_paths(cliff: dict, descent: dict) -> dict:
    return compare(CliffConfig(**cliff), DescentConfig(**descent))


def surface_frame(surface: dict) -> pd.DataFrame:
    """One row per grid cell, its edges about half a grid step either side of the sample point."""
    w, b = np.array(surface["w"]), np.array(surface["b"])
    W, B = np.meshgrid(w, b)
    dw, db = (w[1] - w[0]) * 0.6, (b[1] - b[0]) * 0.6  # cells overlap a little: no seams between them
    return pd.DataFrame({"w": (W - dw).ravel(), "w2": (W + dw).ravel(), "b": (B - db).ravel(),
                         "b2": (B + db).ravel(), "loss": np.array(surface["loss"]).ravel()})


def path_frame(run: dict, name: str) -> pd.DataFrame:
    """One row per point of a path; grad_norm is the gradient taken there (none after the last step)."""
    n = len(run["loss"])
    norms = run["grad_norm"] + [np.nan] * (n - len(run["grad_norm"]))
    return pd.DataFrame({"path": name, "step": range(n), "w": run["w"], "b": run["b"], "loss": run["loss"],
                         "grad_norm": norms})


def cliff_controls() -> tuple:
    length, resolution = widget("cliff_length"), widget("cliff_resolution")
    c1, c2 = st.columns(2)
    start_w, start_b = widget("cliff_start_w", c1), widget("cliff_start_b", c2)
    lr, steps, clip = widget("cliff_lr"), widget("cliff_steps"), widget("cliff_clip")
    return (last_valid("cliff_config", lambda: CliffConfig(length=length, resolution=resolution)),
            last_valid("cliff_descent", lambda: DescentConfig(start_w, start_b, lr, steps, clip)))


def cliff_metrics(plain: dict, clipped: dict) -> None:
    cols = st.columns(4)
    for i, (run, name) in enumerate(((plain, "Plain"), (clipped, "Clipped"))):
        final = f"{run['loss'][-1]:.3g}" if run["loss"] else "–"
        cols[2 * i].metric(f"{name}: final loss", final, help="Loss at the last finite point of the path.")
        cols[2 * i + 1].metric(f"{name}: largest step", f"{max(run['step_size'], default=0.0):.3g}",
                               help="Largest distance |Δ(w, b)| moved by one update.")


def cliff_tab() -> None:
    left, right = st.columns([1, 3], gap="large")
    with left:
        cliff, descent = cliff_controls()
    if cliff is None or descent is None:
        return
    surface = cached_surface(**dataclasses.asdict(cliff))
    runs = cached_paths(dataclasses.asdict(cliff), dataclasses.asdict(descent))
    plain, clipped = runs["plain"], runs["clipped"]
    with right:
        cliff_metrics(plain, clipped)
        for run, name in ((plain, "Plain descent"), (clipped, "Clipped descent")):
            if run["diverged_at"] is not None:
                st.error(f"{name} diverged at step {run['diverged_at']}: the loss or gradient overflowed "
                         "float64. The path is drawn up to there.")
        window = (cliff.w_min, cliff.w_max, cliff.b_min, cliff.b_max)
        paths = pd.concat([path_frame(plain, charts.PLAIN), path_frame(clipped, charts.CLIPPED)])
        st.markdown("**Loss surface L(w, b) = (h_T − 0.7)², and both descent paths from ◆**")
        st.altair_chart(charts.cliff_chart(surface_frame(surface), paths, window), width="stretch")
        if plain["step_size"]:
            i = int(np.argmax(plain["step_size"]))
            w, b = plain["w"], plain["b"]
            st.markdown(f"Plain descent's largest step is number {i + 1}: a gradient of norm "
                        f"{plain['grad_norm'][i]:.3g} moved (w, b) from ({w[i]:.2f}, {b[i]:.2f}) to "
                        f"({w[i + 1]:.3g}, {b[i + 1]:.3g}). Clipping rescaled {sum(clipped['clipped'])} of "
                        f"{len(clipped['clipped'])} gradients to norm {descent.clip:g}.")
        st.markdown(
            "h_t = w·σ(h_{t−1}) + b, h_0 = 0.5, loss (h_T − 0.7)² after T steps (Pascanu, Mikolov & Bengio "
            "2013; CS224n lecture 8). For w > 4 the unit has two stable states, and the sharp lower edge "
            "of the dark valley is the wall between their basins: crossing it, h_T jumps from one state to "
            "the other. A step that lands on the wall meets a huge gradient. Plain descent is thrown off "
            "the map; the clipped step keeps its direction but not its size. Move the start a little: the "
            "plain path's fate changes wildly, the clipped path's hardly at all.")


def page() -> None:
    st.title("Gradient flow: toy example & cliff")
    st.caption("Why gradients vanish or explode through time, step by step, with every number checked "
               "against autograd.")
    restore("gradients")
    show_notices("gradients")
    scalar, vector, cliff = st.tabs(["Scalar toy", "Vector RNN", "Cliff & clipping"])
    try:
        with scalar:
            scalar_tab()
        with vector:
            vector_tab()
        with cliff:
            cliff_tab()
        with st.sidebar:
            copy_link("gradients")
    finally:
        publish("gradients")


page()
