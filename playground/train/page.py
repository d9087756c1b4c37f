"""Train page: pick a task and a cell, press Play, watch the model learn live."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from engine import heldout
from engine.history import History
from engine.trainer import EVAL_EVERY
from playground.i18n import t
from playground.kit import MAX_POINTS, charts, room_ui
from playground.kit.fold import folded
from playground.kit.live import live_chart, once_per_frame
from playground.kit.shell import (
    controls_row,
    live_fragment,
    page_shell,
    show_notice,
    sidebar_problem,
    status_row,
)
from playground.kit.urlstate import copy_link, widget
from playground.train.export_panel import adopt, apply_pending_values, export_panel
from playground.train.lm_panel import lm_panel
from playground.train.names_panel import names_panel
from playground.train.network_panel import draw_network, view_controls
from playground.train.run import KEY, LiveRun, series_name
from playground.train.sidebar import folded_sidebar, settle_run, uploaded_files

HISTORY_COLUMNS = ("step", "loss", "accuracy", "grad_norm", "perplexity", "val_perplexity")
SUBSETS = ("accuracy", "accuracy_ambiguous", "accuracy_needs_past")  # train.subset.<key>


def chart_rows(history: History) -> list[dict]:
    """The history thinned to about MAX_POINTS rows, plus every held-out evaluation it keeps:
    thinning by position would drop most of them (one record in EVAL_EVERY has one)."""
    rows = history.view(MAX_POINTS)
    shown = {r["step"] for r in rows}
    evals = [r for r in history.records if "val_perplexity" in r and r["step"] not in shown]
    return sorted(rows + evals, key=lambda r: r["step"]) if evals else rows


def history_frame(run: LiveRun) -> tuple[list[dict], pd.DataFrame | None]:
    """The chart rows of the run's history, and their table (None before the first step)."""
    rows = chart_rows(run.trainer.history)
    if not rows:
        return rows, None
    df = pd.DataFrame(rows).reindex(columns=HISTORY_COLUMNS).astype(float)
    return rows, df.replace([float("inf"), float("-inf")], float("nan")).dropna(subset=["loss"])


def draw_charts(run: LiveRun, ngram_n: int | None, ngram_k: float) -> None:
    rows, df = once_per_frame(("history",), lambda: history_frame(run))
    if not rows:
        st.info(t("train.press_play"))
        return
    log = st.session_state.get("_train_log", True)
    step = run.trainer.state.step
    left, mid, right = st.columns(3)
    live_chart(left, t("kit.loss"), "loss", lambda d: charts.loss_chart(d, log), df,
               t("train.alt.loss", n=len(df), step=step), log)
    left.caption(t("train.loss_caption"))
    task = run.trainer.task
    if task.is_lm:
        ref, label, ppl, note = pd.DataFrame({"label": [], "value": []}), "", None, ""
        if ngram_n:
            ppl = run.ngram_reference(ngram_k)[ngram_n]
            label = t("train.ngram.label", n=ngram_n, k=ngram_k)
            note = " " + t("train.ngram.note", label=label, ppl=ppl)
            ref = pd.DataFrame({"label": [t("train.ngram.tooltip", label=label)], "value": [ppl]})
        # the n-gram line is a constant of the cached spec: its value is part of the cache key
        live_chart(mid, t("charts.perplexity").capitalize(), "perplexity",
                   lambda d: charts.perplexity_chart(d, ref, log), df,
                   t("train.alt.perplexity", n=len(df)), log, label, ppl)
        mid.caption(t("train.perplexity_caption",
                      every=EVAL_EVERY, source=t(f"train.heldout_source.{task.name}"),
                      warmup=heldout.WARMUP,
                      scored=heldout.scored_count(len(task.heldout_ids))) + note)
    elif hasattr(task, "subsets"):
        subset_accuracy(mid, task, rows)
    else:
        chance = 1 / task.config.symbols if task.name == "copy" else 0.5
        live_chart(mid, t("charts.accuracy").capitalize(), "accuracy",
                   lambda d: charts.accuracy_chart(d, chance), df,
                   t("train.alt.accuracy", n=len(df)), chance)
        mid.caption(t("train.accuracy_caption", chance=chance))
    clip = run.choice.train.clip
    live_chart(right, t("train.grad_norm"), "grad_norm",
               lambda d: charts.grad_norm_chart(d, clip, log), df,
               t("train.alt.grad_norm", n=len(df)), log, clip)
    right.caption(t("train.grad_norm_caption") + (" " + t("train.clip_note") if clip else ""))
    draw_gradient_flow(run)


def subset_frame(rows: list[dict], labels: dict[str, str]) -> pd.DataFrame:
    """Long frame (step, series, accuracy) of the accuracy on every word and on each subset
    of words the task marks (tagging: the words one reading direction cannot tag)."""
    df = pd.DataFrame(rows).reindex(columns=["step", *labels]).astype(float)
    long = df.melt("step", var_name="series", value_name="value").dropna()
    return long.assign(series=long["series"].map(labels)).rename(columns={"value": "accuracy"})


def subset_accuracy(column, task, rows: list[dict]) -> None:
    labels = {key: t(f"train.subset.{key}") if key in SUBSETS else key
              for key in ("accuracy", *(k for k in rows[-1] if k.startswith("accuracy_")))}
    df = once_per_frame(("subsets",), lambda: subset_frame(rows, labels))
    live_chart(column, t("charts.accuracy").capitalize(), "accuracy_subsets",
               lambda d: charts.series_chart(d, "accuracy", t("charts.accuracy"), False, ".3f",
                                             [0, 1], cells=False), df,
               t("train.alt.subsets", n=len(df)), tuple(labels.values()))
    column.caption(t("train.subsets_caption", majority=task.majority_ambiguous_accuracy()))


def decay_frame(run: LiveRun, relative: bool) -> pd.DataFrame:
    """||dL_T/dh_k|| by k for each probe series (divided by its value at k = T if `relative`)."""
    frames = []
    for r in run.gradient_probe():
        g = r["grad_norm_by_k"]
        scale = g[-1] if relative else 1.0
        frames.append(pd.DataFrame({"k": range(1, len(g) + 1), "grad_norm": [v / scale for v in g],
                                    "series": series_name(r)}))
    return pd.concat(frames, ignore_index=True)


def draw_gradient_flow(run: LiveRun) -> None:
    """||dL_T/dh_k|| through time for the current weights, and its value at k = 1 over training."""
    relative = st.session_state.get("_train_relative", False)
    decay = once_per_frame(("decay", relative), lambda: decay_frame(run, relative))
    left, right = st.columns(2)
    live_chart(left, t("train.decay"), "decay", lambda d: charts.decay_chart(d), decay,
               t("train.alt.decay", n=len(decay)), relative)
    left.caption(t("train.decay_caption") + " " +
                 t("train.decay_relative" if relative else "train.decay_absolute"))
    history = once_per_frame(("decay_history",), lambda: pd.DataFrame(run.decay_history.view()))
    live_chart(right, t("train.decay_history"), "decay_history",
               charts.decay_history_chart, history, t("train.alt.decay_history", n=len(history)))
    right.caption(t("train.decay_history_caption"))


def draw(run: LiveRun, ngram_n, ngram_k, view) -> None:
    draw_network(run.network(flows=view.backward), run.trainer.state.step, view,
                 run.trainer.task.is_lm, t("train.probe_input"))
    status_row(run, rate_help=t("train.rate_help"))
    draw_charts(run, ngram_n, ngram_k)


def what_is(task) -> None:
    """One example of the task: its input and target row by row."""
    ex = task.example()
    st.dataframe(pd.DataFrame({t("train.row_input"): ex["input"],
                               t("train.row_target"): [y or "·" for y in ex["target"]]}).T,
                 width="stretch")
    st.caption(t("train.example_caption"))


def sidebar_and_body() -> None:
    room = room_ui.following(KEY)
    with st.sidebar:
        if room is not None:
            room_ui.follow_sidebar(room)
        else:
            choice = folded_sidebar()
            copy_link("train", uploaded_files())
    room_ui.settle_or_follow(room, "train", KEY, lambda: choice is not None and settle_run(choice),
                             LiveRun.warm)
    run: LiveRun | None = st.session_state.get(KEY)
    if sidebar_problem(run):
        return
    show_notice("train_notice")
    room_ui.leader_banner("train", KEY)
    task = run.trainer.task
    box = folded(t("train.what_is", task=task.name, about=t(f"tasks.{task.name}")),
                 "train_what_open")
    if box is not None:
        with box:
            what_is(task)
    if room is not None:
        extras = room_ui.follow_bar(room, KEY, adopt)
    else:
        extras = controls_row("train", KEY, run, play_help=t("train.play_help"),
                              step_help=t("train.step_help"), reset_notice=t("train.reset_notice"))
    st.session_state["_train_log"] = widget("train_log", extras)
    st.session_state["_train_relative"] = widget("train_relative", extras)
    if room is None:
        export_panel(run)
    ngram_n, ngram_k = None, 0.1
    if task.name == "charlm":
        c1, c2, _ = st.columns([1, 1, 3])
        ngram_n = widget("train_ngram", c1)
        ngram_k = widget("train_ngram_k", c2)
    view = view_controls("train", run.choice.model.cell, lambda back: run.network(flows=back))
    live_fragment(KEY, lambda live: draw(live, ngram_n, ngram_k, view))
    if task.name == "names":
        names_panel(run)
    elif task.is_lm:
        lm_panel(run)


def main() -> None:
    page_shell("train", sidebar_and_body, before=apply_pending_values)
