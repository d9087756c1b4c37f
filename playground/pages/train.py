"""Train page: pick a task and a cell, press Play, watch the model learn live."""
from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from engine.fields import SettingError
from playground import charts
from playground.controls import sidebar
from playground.live import live_chart, set_playing, step_once
from playground.export_panel import apply_pending_values, export_panel
from playground.lm_panel import lm_panel
from playground.session import LiveRun, series_name
from playground.train_run import KEY, settle_run
from playground.pacing import caps_text
from playground.urlstate import copy_link, publish, restore, show_notices, widget

TRAIN_SLICE = 0.40   # seconds of training per live redraw (~2.3 redraws a second)
REDRAW_EVERY = 0.05  # the browser's timer; ticks that come while a slice runs are coalesced
MAX_POINTS = 150     # history points sent to each chart (downsampled evenly; the browser draws them)


def _reset():
    run = st.session_state.get(KEY)
    if run is not None:
        st.session_state[KEY] = LiveRun.start(run.choice, run.trainer.task)
        st.session_state["train_notice"] = "Reset: fresh weights from the same seed."


def controls_row(run: LiveRun) -> None:
    c1, c2, c3, c4 = st.columns([1, 1, 1, 4])
    diverged = run.trainer.state.status != "ok"
    c1.button("Pause" if run.playing else "Play",  # two keys: see set_playing
              key=f"train_{'pause' if run.playing else 'play'}", on_click=set_playing,
              args=(KEY, not run.playing),
              icon=":material/pause:" if run.playing else ":material/play_arrow:",
              type="primary", disabled=diverged, width="stretch",
              help="Train continuously; charts redraw a few times a second.")
    c2.button("Step", key="train_step", on_click=step_once, args=(KEY,), disabled=diverged, width="stretch",
              help="One optimisation step (pauses first).")
    c3.button("Reset", key="train_reset", on_click=_reset, width="stretch",
              help="Start again from fresh weights with the same settings and seed.")
    st.session_state["_train_log"] = widget("train_log", c4)
    st.session_state["_train_relative"] = widget("train_relative", c4)


def status_line(run: LiveRun) -> None:
    s = run.trainer.state
    last = run.trainer.history.last
    cols = st.columns(4)
    cols[0].metric("Step", f"{s.step:,}")
    cols[1].metric("Steps / s", f"{run.rate:.0f}" if run.playing and run.rate else "–",
                   help="Training steps per second of wall-clock time, redraws included."
                        + (f" This server is {caps_text()} per session." if caps_text() else ""))
    loss = None if last is None else last["loss"]
    cols[2].metric("Loss", "–" if loss is None else f"{loss:.4f}" if math.isfinite(loss) else "diverged")
    cols[3].metric("Status", "diverged" if s.status == "diverged" else
                   ("training" if run.playing else "paused"))
    if s.status == "diverged":
        st.error(f"Diverged at step {s.diverged_at}: the loss or gradient became NaN/inf. "
                 "Lower the learning rate or turn on gradient clipping, then press Reset.")


HISTORY_COLUMNS = ("step", "loss", "accuracy", "grad_norm", "perplexity", "val_perplexity")


def draw_charts(run: LiveRun, ngram_n: int | None, ngram_k: float) -> None:
    rows = run.trainer.history.view(MAX_POINTS)
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
        ref, label, note = pd.DataFrame({"label": [], "value": []}), "", ""
        if ngram_n:
            ppl = run.ngram_reference(ngram_k)[ngram_n]
            label = f"{ngram_n}-gram, add-{ngram_k:g}"
            note = f"Dashed: a {label} model's held-out perplexity, {ppl:.2f}."
            ref = pd.DataFrame({"label": [label], "value": [ppl]})
        live_chart(mid, "Perplexity", "perplexity", lambda d: charts.perplexity_chart(d, ref, log), df,
                   f"Perplexity chart: {len(df)} points", log, label)
        mid.caption(f"Thin: training batch. Dots: held-out text (last 10%). {note}")
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
    history = pd.DataFrame(run.decay_history)
    live_chart(right, "Gradient reaching step 1, over training", "decay_history",
               charts.decay_history_chart, history, f"Gradient history: {len(history)} points")
    right.caption("‖dL_T/dh_1‖ each time the charts redraw: vanishing gradients sit orders of "
                  "magnitude down.")


def live_panel(ngram_n, ngram_k) -> None:
    run: LiveRun = st.session_state[KEY]

    @st.fragment(run_every=REDRAW_EVERY if run.playing else None)
    def panel():
        live: LiveRun = st.session_state[KEY]
        if live.playing:
            live.train_for(live.slice_seconds(TRAIN_SLICE))
            if not live.playing:  # diverged during this slice: redraw buttons and stop the timer
                st.rerun()
        status_line(live)
        draw_charts(live, ngram_n, ngram_k)

    panel()


def page() -> None:
    st.title("Train a recurrent network")
    restore("train")
    apply_pending_values()
    show_notices("train")
    with st.sidebar:
        try:
            choice = sidebar()
        except SettingError as exc:
            choice = None
            st.error(str(exc))
        copy_link("train")
    try:
        body(choice)
    finally:
        publish("train")


def body(choice) -> None:
    if choice is not None:
        settle_run(choice)
    run: LiveRun | None = st.session_state.get(KEY)
    if run is None:
        st.warning("Fix the settings in the sidebar to start a run.")
        return
    notice = st.session_state.pop("train_notice", None)
    if notice:
        st.info(notice)
    task = run.trainer.task
    with st.expander(f"What is `{task.name}`?  ·  {type(task).__doc__.strip()}"):
        ex = task.example()
        st.dataframe(pd.DataFrame({"input": ex["input"], "target": [t or "·" for t in ex["target"]]}).T,
                     width="stretch")
        st.caption("One encoded example: the model reads the input row; the loss is scored only "
                   "where a target is shown (· = nothing to predict).")
    controls_row(run)
    export_panel(run)
    ngram_n, ngram_k = None, 0.1
    if task.name == "charlm":
        c1, c2, _ = st.columns([1, 1, 3])
        ngram_n = widget("train_ngram", c1)
        ngram_k = widget("train_ngram_k", c2)
    live_panel(ngram_n, ngram_k)
    if task.is_lm:
        lm_panel(run)


page()
