"""Compare page: an RNN, a GRU and an LSTM trained side by side on the same data and seed."""
from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from playground.compare.run import KEY, CompareRun, label
from playground.compare.sentiment_panel import sentiment_panel
from playground.i18n import t
from playground.kit import MAX_POINTS, charts, room_ui
from playground.kit.live import live_chart, once_per_frame
from playground.kit.shell import (
    controls_row,
    from_sidebar,
    live_fragment,
    page_shell,
    settle,
    show_notice,
    sidebar_problem,
)
from playground.kit.urlstate import copy_link
from playground.train.export_panel import widget_values
from playground.train.run import BOTH_WAYS
from playground.train.sidebar import compare_sidebar, uploaded_files

FOCUS = "accuracy_ambiguous"  # tagging's words that only a later word decides


def history_frame(run: CompareRun) -> pd.DataFrame:
    frames = []
    for cell, trainer in run.trainers.items():
        df = pd.DataFrame(trainer.history.view(MAX_POINTS)).reindex(
            columns=["step", "loss", "accuracy", "perplexity", FOCUS]).astype(float)
        df["series"] = label(cell, run.cells)
        frames.append(df)
    df = pd.concat(frames, ignore_index=True)
    return df.replace([math.inf, -math.inf], math.nan).dropna(subset=["loss"])


def draw(run: CompareRun) -> None:
    cols = st.columns(len(run.trainers) + 1)
    cols[0].metric(t("compare.steps"), f"{run.step_count:,}", help=t("compare.steps_help"))
    for col, (cell, trainer) in zip(cols[1:], run.trainers.items()):
        last = trainer.history.last
        if trainer.state.status != "ok":
            col.metric(label(cell, run.cells), t("kit.diverged"),
                       help=t("compare.diverged_at", step=trainer.state.diverged_at))
        elif last is not None:
            metric = (t("compare.ppl", value=last["perplexity"]) if "perplexity" in last
                      else t("compare.acc", value=last["accuracy"]))
            col.metric(label(cell, run.cells), metric, help=t("compare.latest_batch"))
    df = once_per_frame(("history",), lambda: history_frame(run))
    if df.empty:
        st.info(t("compare.press_play"))
        return
    task = next(iter(run.trainers.values())).task
    left, mid, right = st.columns(3)
    names = tuple(label(c, run.cells) for c in run.cells)  # legend: only the models drawn
    live_chart(left, t("compare.chart.loss"), "cmp_loss", lambda d: charts.series_chart(
        d, "loss", t("compare.chart.loss_axis"), True, cells=names),
        df, t("compare.chart.loss_alt", n=len(df)), names, store="cmp_specs")
    if task.is_lm:
        ppl = once_per_frame(("ppl",), lambda: df.dropna(subset=["perplexity"]))
        log = bool(len(ppl)) and ppl["perplexity"].max() > 10 * ppl["perplexity"].min()
        live_chart(mid, t("compare.chart.ppl"), "cmp_ppl", lambda d: charts.series_chart(
            d, "perplexity", t("compare.chart.ppl_axis"), log, cells=names), ppl,
            t("compare.chart.ppl_alt"), log, names, store="cmp_specs")  # log axis only over a wide range
    elif hasattr(task, "subsets"):  # tagging: where one direction cannot know the tag
        focus = once_per_frame(("focus",), lambda: df.dropna(subset=[FOCUS]))
        live_chart(mid, t("compare.chart.focus"), "cmp_focus", lambda d: charts.series_chart(
            d, FOCUS, t("compare.chart.focus_axis"), False, ".3f", [0, 1], cells=names), focus,
            t("compare.chart.focus_alt"), names, store="cmp_specs")
        mid.caption(t("compare.focus_caption", majority=task.majority_ambiguous_accuracy()))
    else:
        live_chart(mid, t("compare.chart.acc"), "cmp_acc", lambda d: charts.series_chart(
            d, "accuracy", t("charts.accuracy"), False, ".3f", [0, 1], cells=names), df,
            t("compare.chart.acc_alt"), names, store="cmp_specs")
    decay = once_per_frame(("decay",), lambda: pd.concat([
        pd.DataFrame({"k": range(1, len(g) + 1), "grad_norm": g, "series": label(c, run.cells)})
        for c, g in run.gradient_probe().items()]))
    live_chart(right, t("compare.chart.decay"), "cmp_decay",
               lambda d: charts.decay_chart(d, cells=names), decay,
               t("compare.chart.decay_alt", n=len(decay)), names, store="cmp_specs")
    right.caption(t("compare.decay_caption"))
    hist = once_per_frame(("decay_history",), lambda: pd.DataFrame(run.decay_history.view()))
    live_chart(st, t("compare.chart.history"), "cmp_decay_hist",
               lambda d: charts.decay_history_chart(d, cells=names), hist,
               t("compare.chart.history_alt", n=len(hist)), names, store="cmp_specs")
    st.caption(t("compare.history_caption"))


def adopt(run: CompareRun) -> None:
    """A forked run's settings and cells into the sidebar, before its widgets are drawn."""
    values = widget_values(run.choice, t("rooms.the_room"), "cmp")
    values["cmp_cells"] = [c for c in run.cells if not c.endswith(BOTH_WAYS)]
    values["cmp_directions"] = any(c.endswith(BOTH_WAYS) for c in run.cells)
    st.session_state["_cmp_pending_values"] = values


def apply_pending_values() -> None:
    for key, value in st.session_state.pop("_cmp_pending_values", {}).items():
        st.session_state[key] = value


def sidebar_and_body() -> None:
    room = room_ui.following(KEY)
    with st.sidebar:
        if room is not None:
            room_ui.follow_sidebar(room)
        else:
            picked = from_sidebar(compare_sidebar)
            copy_link("compare", uploaded_files("cmp"))
    def settle_run() -> None:
        if picked is not None:
            choice, cells = picked
            settle(KEY, choice, lambda c: CompareRun.start(c, cells),
                   same=lambda run, c: (c.arch_key, c.model, tuple(cells)) == run.key,
                   notice=lambda run, c: t("compare.restarted"),
                   notice_key="cmp_notice", applied=t("compare.applied"))
    room_ui.settle_or_follow(room, "compare", KEY, settle_run, CompareRun.warm)
    run: CompareRun | None = st.session_state.get(KEY)
    if sidebar_problem(run):
        return
    show_notice("cmp_notice")
    room_ui.leader_banner("compare", KEY)
    if room is not None:
        room_ui.follow_bar(room, KEY, adopt)
    else:
        controls_row("cmp", KEY, run, play_help=t("compare.play_help"),
                     step_help=t("compare.step_help"))
    live_fragment(KEY, draw)
    if run.choice.task == "sentiment":
        sentiment_panel(run.choice)


def main() -> None:
    page_shell("compare", sidebar_and_body, before=apply_pending_values)
