"""Train page: pick a task and a cell, press Play, watch the model learn live."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from engine import heldout
from engine.history import History
from engine.trainer import EVAL_EVERY
from playground.kit import MAX_POINTS, charts
from playground.kit.live import live_chart
from playground.kit.shell import (
    controls_row,
    from_sidebar,
    live_fragment,
    page_shell,
    show_notice,
    sidebar_problem,
    status_row,
)
from playground.kit.urlstate import copy_link, widget
from playground.train.export_panel import apply_pending_values, export_panel
from playground.train.lm_panel import lm_panel
from playground.train.names_panel import names_panel
from playground.train.network_panel import draw_network, view_controls
from playground.train.run import KEY, LiveRun, series_name
from playground.train.sidebar import settle_run, sidebar, uploaded_files

HISTORY_COLUMNS = ("step", "loss", "accuracy", "grad_norm", "perplexity", "val_perplexity")
PERPLEXITY_CAPTION = ("Thin: training batch. Dots: every {every} steps, {source}: {scored:,} "
                      "characters, each predicted from the {warmup} or more characters before it "
                      "(the first {warmup} see fewer).")
HELDOUT_SOURCE = {"charlm": "the held-out text (last 10%)",
                  "names": "the held-out names (last 10% of the list, as <s> name </s>)",
                  "hello": "“hello” itself (nothing is held out)"}
SUBSET_LABELS = {"accuracy": "every word", "accuracy_ambiguous": "first names",
                 "accuracy_needs_past": "place names"}
NGRAM_LABEL = "{n}-gram, add-{k:g}"
NGRAM_TOOLTIP = "{label}, same characters and context"
NGRAM_NOTE = " Dashed: a {label} model on the same characters with the same context, {ppl:.2f}."


def chart_rows(history: History) -> list[dict]:
    """The history thinned to about MAX_POINTS rows, plus every held-out evaluation it keeps:
    thinning by position would drop most of them (one record in EVAL_EVERY has one)."""
    rows = history.view(MAX_POINTS)
    shown = {r["step"] for r in rows}
    evals = [r for r in history.records if "val_perplexity" in r and r["step"] not in shown]
    return sorted(rows + evals, key=lambda r: r["step"]) if evals else rows


def draw_charts(run: LiveRun, ngram_n: int | None, ngram_k: float) -> None:
    rows = chart_rows(run.trainer.history)
    if not rows:
        st.info("Press Play (or Step) to start training.")
        return
    df = pd.DataFrame(rows).reindex(columns=HISTORY_COLUMNS).astype(float)
    df = df.replace([float("inf"), float("-inf")], float("nan")).dropna(subset=["loss"])
    log = st.session_state.get("_train_log", True)
    step = run.trainer.state.step
    left, mid, right = st.columns(3)
    live_chart(left, "Loss", "loss", lambda d: charts.loss_chart(d, log), df,
               f"Loss chart: {len(df)} points up to step {step}", log)
    left.caption("Mean cross-entropy of the training batch.")
    task = run.trainer.task
    if task.is_lm:
        ref, label, ppl, note = pd.DataFrame({"label": [], "value": []}), "", None, ""
        if ngram_n:
            ppl = run.ngram_reference(ngram_k)[ngram_n]
            label = NGRAM_LABEL.format(n=ngram_n, k=ngram_k)
            note = NGRAM_NOTE.format(label=label, ppl=ppl)
            ref = pd.DataFrame({"label": [NGRAM_TOOLTIP.format(label=label)], "value": [ppl]})
        # the n-gram line is a constant of the cached spec: its value is part of the cache key
        live_chart(mid, "Perplexity", "perplexity", lambda d: charts.perplexity_chart(d, ref, log), df,
                   f"Perplexity chart: {len(df)} points", log, label, ppl)
        mid.caption(PERPLEXITY_CAPTION.format(
            every=EVAL_EVERY, source=HELDOUT_SOURCE[task.name], warmup=heldout.WARMUP,
            scored=heldout.scored_count(len(task.heldout_ids))) + note)
    elif hasattr(task, "subsets"):
        subset_accuracy(mid, task, rows)
    else:
        chance = 1 / task.config.symbols if task.name == "copy" else 0.5
        live_chart(mid, "Accuracy", "accuracy", lambda d: charts.accuracy_chart(d, chance), df,
                   f"Accuracy chart: {len(df)} points", chance)
        mid.caption(f"On the scored steps of each training batch. Dashed: chance ({chance:.2f}).")
    clip = run.choice.train.clip
    live_chart(right, "Gradient norm", "grad_norm", lambda d: charts.grad_norm_chart(d, clip, log), df,
               f"Gradient norm chart: {len(df)} points", log, clip)
    right.caption("‖∇θ L‖ over all parameters, before clipping." +
                  (" Dashed red: the clipping threshold." if clip else ""))
    draw_gradient_flow(run)


def subset_frame(rows: list[dict], labels: dict[str, str]) -> pd.DataFrame:
    """Long frame (step, series, accuracy) of the accuracy on every word and on each subset
    of words the task marks (tagging: the words one reading direction cannot tag)."""
    df = pd.DataFrame(rows).reindex(columns=["step", *labels]).astype(float)
    long = df.melt("step", var_name="series", value_name="value").dropna()
    return long.assign(series=long["series"].map(labels)).rename(columns={"value": "accuracy"})


def subset_accuracy(column, task, rows: list[dict]) -> None:
    labels = {"accuracy": SUBSET_LABELS["accuracy"]} | {
        key: SUBSET_LABELS.get(key, key) for key in rows[-1] if key.startswith("accuracy_")}
    df = subset_frame(rows, labels)
    live_chart(column, "Accuracy", "accuracy_subsets", lambda d: charts.series_chart(
        d, "accuracy", "accuracy", False, ".3f", [0, 1], cells=False), df,
        f"Accuracy chart: {len(df)} points by word kind", tuple(labels.values()))
    majority = task.majority_ambiguous_accuracy()
    column.caption("On each training batch: every word, and the words one reading direction "
                   "cannot tag: first names (Teddy: the next word decides) and place names "
                   "(Washington: the word before decides). A left-to-right model stays near "
                   f"{majority:.2f} on first names (always the commoner tag); a bidirectional "
                   "one reads the next word too.")


def draw_gradient_flow(run: LiveRun) -> None:
    """||dL_T/dh_k|| through time for the current weights, and its value at k = 1 over training."""
    rows = run.gradient_probe()
    relative = st.session_state.get("_train_relative", False)
    frames = []
    for r in rows:
        g = r["grad_norm_by_k"]
        scale = g[-1] if relative else 1.0
        frames.append(pd.DataFrame({"k": range(1, len(g) + 1), "grad_norm": [v / scale for v in g],
                                    "series": series_name(r)}))
    decay = pd.concat(frames, ignore_index=True)
    left, right = st.columns(2)
    live_chart(left, "Gradient through time", "decay", lambda d: charts.decay_chart(d), decay,
               f"Gradient-through-time chart: {len(decay)} points", relative)
    left.caption("How much of the loss's gradient at the last step reaches the hidden state at "
                 "each earlier step k (mean over 8 fixed probe sequences; autograd through the "
                 "step-by-step cells)." + (" Divided by its value at the last step." if relative
                                           else " As the loss nears 0, every gradient shrinks "
                                           "with it: tick 'relative' to compare shapes."))
    history = pd.DataFrame(run.decay_history.view())
    live_chart(right, "Gradient reaching step 1, over training", "decay_history",
               charts.decay_history_chart, history, f"Gradient history: {len(history)} points")
    right.caption("‖dL_T/dh_1‖ each time the charts redraw: vanishing gradients sit orders of "
                  "magnitude down.")


def draw(run: LiveRun, ngram_n, ngram_k, view) -> None:
    draw_network(run.network(flows=view.backward), run.trainer.state.step, view,
                 run.trainer.task.is_lm, "Probe input: a fixed example of the task")
    status_row(run, rate_help="Training steps per second of wall-clock time, redraws included.")
    draw_charts(run, ngram_n, ngram_k)


def sidebar_and_body() -> None:
    with st.sidebar:
        choice = from_sidebar(sidebar)
        copy_link("train", uploaded_files())
    if choice is not None:
        settle_run(choice)
    run: LiveRun | None = st.session_state.get(KEY)
    if sidebar_problem(run):
        return
    show_notice("train_notice")
    task = run.trainer.task
    with st.expander(f"What is `{task.name}`?  ·  {type(task).__doc__.strip()}"):
        ex = task.example()
        st.dataframe(pd.DataFrame({"input": ex["input"], "target": [t or "·" for t in ex["target"]]}).T,
                     width="stretch")
        st.caption("One encoded example: the model reads the input row; the loss is scored only "
                   "where a target is shown (· = nothing to predict).")
    extras = controls_row("train", KEY, run,
                          play_help="Train continuously; charts redraw a few times a second.",
                          step_help="One optimisation step (pauses first).",
                          reset_notice="Reset: fresh weights from the same seed.")
    st.session_state["_train_log"] = widget("train_log", extras)
    st.session_state["_train_relative"] = widget("train_relative", extras)
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
