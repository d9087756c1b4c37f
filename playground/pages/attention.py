"""Attention page: an encoder-decoder learns a toy translation live; its attention weights
alpha<t,t'> are drawn for your input, decoded greedily or by beam search, and scored on a
held-out set against a model without attention."""
from __future__ import annotations

import math
import re

import pandas as pd
import streamlit as st

from engine.fields import SettingError
from engine.seq2seq.decode import DecodeConfig
from playground import attention_charts as charts
from playground.attention_controls import attn_sidebar
from playground.attention_run import AttentionRun, AttnChoice
from playground.charts import LiveSpec
from playground.live import live_chart, set_playing, step_once
from playground.session import describe_change
from playground.urlstate import copy_link, publish, restore, set_default, show_notices, widget

KEY = "attn_run"
TRAIN_SLICE = 0.40   # seconds of training per live redraw (as on the Train page)
REDRAW_EVERY = 0.05
MAX_POINTS = 150
SPECS = "attn_specs"
EQUATIONS = [r"e^{\langle t,t'\rangle} = v^\top \tanh\left(W s^{\langle t-1\rangle} + U a^{\langle t'\rangle}\right)"
             r"\quad\text{(Luong: } e^{\langle t,t'\rangle} = s^{\langle t-1\rangle}\cdot a^{\langle t'\rangle}\text{)}",
             r"\alpha^{\langle t,t'\rangle} = \frac{\exp(e^{\langle t,t'\rangle})}"
             r"{\sum_{t''=1}^{T_x} \exp(e^{\langle t,t''\rangle})}, \qquad "
             r"c^{\langle t\rangle} = \sum_{t'} \alpha^{\langle t,t'\rangle} a^{\langle t'\rangle}",
             r"\text{beam score} = \frac{1}{T_y^{\,\alpha}} \sum_{t=1}^{T_y} "
             r"\log P(y^{\langle t\rangle} \mid x, y^{\langle 1\rangle}, \dots, y^{\langle t-1\rangle})"]


def plain(text: str) -> str:
    """Backslash-escape Markdown punctuation so user text in a message shows as typed."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$:])", r"\\\1", text)


def default_probe(task) -> str:
    """The longest of a few held-out inputs: a long diagonal shows attention best."""
    return max((s for s, _ in task.heldout(12, seed=7)), key=len)


def settle_run(choice: AttnChoice) -> None:
    """Start, reset or retune the run to match the sidebar; never loses it on error."""
    run: AttentionRun | None = st.session_state.get(KEY)
    if run is not None and choice.arch_key == run.choice.arch_key:
        changed = run.retune(choice.train)
        if changed:
            st.toast(f"Applied live at step {run.step_count}: " + ", ".join(changed))
        return
    try:
        new = AttentionRun.start(choice)
    except SettingError as exc:
        st.error(str(exc) + (" The current run is kept." if run else ""))
        return
    if run is not None:
        new.playing = run.playing
        what = (f"task {run.choice.task} → {choice.task}" if run.choice.task != choice.task else
                describe_change(run.choice, choice) if run.choice.compare == choice.compare else
                "the comparison model setting")
        st.session_state["attn_notice"] = (f"The run was reset because {what} changed; learning "
                                           "rate, optimizer, clipping and batch size apply live.")
    probe_follows(new, choice)
    st.session_state[KEY] = new


def probe_follows(run: AttentionRun, choice: AttnChoice) -> None:
    """A new task (or new input lengths) brings a fresh default probe; a link's own probe is
    kept, since the same link chose the task."""
    state, task = st.session_state, (choice.task, choice.task_config)
    written_for = state.get("_attn_probe_for")
    if written_for != task and not (written_for is None and state.get("attn_probe")):
        set_default("attn_probe", default_probe(run.task))
    state["_attn_probe_for"] = task


def _reset():
    run = st.session_state.get(KEY)
    if run is not None:
        st.session_state[KEY] = AttentionRun.start(run.choice)
        st.session_state["attn_notice"] = "Reset: fresh weights from the same seed."


def controls_row(run: AttentionRun) -> None:
    c1, c2, c3, c4 = st.columns([1, 1, 1, 4])
    diverged = not run.can_play
    c1.button("Pause" if run.playing else "Play", key=f"attn_{'pause' if run.playing else 'play'}",
              on_click=set_playing, args=(KEY, not run.playing),
              icon=":material/pause:" if run.playing else ":material/play_arrow:",
              type="primary", disabled=diverged, width="stretch",
              help="Train continuously; charts and the heatmap redraw a few times a second.")
    c2.button("Step", key="attn_step", on_click=step_once, args=(KEY,), disabled=diverged, width="stretch",
              help="One optimisation step of every model (pauses first).")
    c3.button("Reset", key="attn_reset", on_click=_reset, width="stretch",
              help="Start again from fresh weights with the same settings and seed.")
    st.session_state["_attn_log"] = widget("attn_log", c4)


def status_line(run: AttentionRun) -> None:
    main = run.main
    last = main.history.last or {}
    held = main.heldout_curve[-1]["val_exact_match"] if main.heldout_curve else None
    cols = st.columns(5)
    cols[0].metric("Step", f"{run.step_count:,}")
    cols[1].metric("Steps / s", f"{run.rate:.1f}" if run.playing and run.rate else "–",
                   help="Lock-step rounds (one step of every model) per second, redraws included.")
    loss = last.get("loss")
    cols[2].metric("Loss", "–" if loss is None else f"{loss:.4f}" if math.isfinite(loss) else "diverged")
    cols[3].metric("Held-out exact match", "–" if held is None else f"{held:.0%}",
                   help="Greedy decodes of 128 held-out examples, every 50 steps.")
    cols[4].metric("Status", "diverged" if main.state.status == "diverged" else
                   ("training" if run.playing else "paused"))
    for label, t in run.trainers.items():
        if t.state.status == "diverged":
            st.error(f"{label}: diverged at step {t.state.diverged_at}: the loss or gradient "
                     "became NaN/inf. Lower the learning rate or turn on gradient clipping, "
                     "then press Reset.")


def draw_training_charts(run: AttentionRun) -> None:
    frames = []
    for label, t in run.trainers.items():
        rows = [{k: r[k] for k in ("step", "loss", "exact_match")} for r in t.history.view(MAX_POINTS)]
        frames.append(pd.DataFrame(rows + t.heldout_curve).assign(series=label))
    if not run.main.history.last:
        st.info("Press Play (or Step) to start training.")
        return
    cols = ["step", "series", "loss", "exact_match", "val_exact_match"]
    df = pd.concat(frames, ignore_index=True).reindex(columns=cols)
    df[cols[2:]] = df[cols[2:]].astype(float).replace([math.inf, -math.inf], math.nan)
    log = st.session_state.get("_attn_log", True)
    series = tuple(run.trainers)
    left, right = st.columns(2)
    live_chart(left, "Loss", "attn_loss", lambda d: charts.loss_chart(d, log, series), df,
               f"Loss chart: {len(df)} points up to step {run.step_count}", log, series,
               store=SPECS)
    left.caption("Cross-entropy per output token of each training batch (teacher forcing: the "
                 "decoder is fed the true previous token).")
    live_chart(right, "Exact match", "attn_exact", lambda d: charts.exact_match_chart(d, series),
               df, f"Exact match chart: {len(df)} points", series, store=SPECS)
    right.caption("Thin: share of the training batch whose whole output is right under teacher "
                  "forcing. Dots: greedy decoding of 128 held-out examples, every 50 steps.")


def heatmap_frame(source: list[str], output: list[str], attention) -> pd.DataFrame:
    """Long frame of alpha<t,t'>: one row per (output t, source t') pair."""
    show = lambda tok: "␣" if tok == " " else tok  # noqa: E731
    rows = [{"src": f"{s:03d} {show(a)}", "out": f"{t:03d} {show(b)}", "src_pos": s + 1,
             "src_token": show(a), "out_pos": t + 1, "out_token": show(b), "weight": float(w)}
            for t, (b, row) in enumerate(zip(output, attention))
            for s, (a, w) in enumerate(zip(source, row))]
    return pd.DataFrame(rows, columns=["src", "out", "src_pos", "src_token", "out_pos",
                                       "out_token", "weight"])


def draw_heatmap(df: pd.DataFrame, alt_text: str) -> None:
    specs = st.session_state.setdefault(SPECS, {})
    if "heatmap" not in specs:
        specs["heatmap"] = LiveSpec(charts.attention_heatmap(df.iloc[:0]))
    st.vega_lite_chart(spec=specs["heatmap"].with_rows(df), width="content", alt=alt_text)


def draw_probe(run: AttentionRun, text: str, config: DecodeConfig) -> None:
    try:
        results = run.decode(text, config)
    except SettingError as exc:
        st.error(plain(str(exc)))
        return
    labels = list(results)
    main = results[labels[0]]
    best = main["beams"][0]
    method = "greedy decoding" if config.beam == 1 else f"beam search, B = {config.beam}"
    answer = run.task.target(text)
    verdict = "" if answer is None else (" ✓ right" if best["text"] == answer else
                                         f" ✗ (right answer: `{answer}`)")
    st.markdown(f"**{labels[0]}** ({method}) writes `{best['text'] or ' '}`" +
                ("" if best["ended"] else " (stopped at the length cap, no </s>)") + verdict)
    for label in labels[1:]:
        other = results[label]["beams"][0]
        st.markdown(f"**{label}** (greedy) writes `{other['text'] or ' '}`" +
                    ("" if answer is None else " ✓" if other["text"] == answer else " ✗"))
    left, right = st.columns([3, 2]) if len(text) <= 14 else (st.container(), st.container())
    with left:
        if main["attention"] is None:
            st.info("This model has no attention: its decoder reads one fixed summary of the "
                    "whole input at every step, so there are no weights to draw. Pick Bahdanau "
                    "or Luong attention in the sidebar.")
        else:
            df = heatmap_frame(main["source_tokens"], best["tokens"], main["attention"])
            draw_heatmap(df, f"Attention heatmap: {len(best['tokens'])} output tokens × "
                             f"{len(main['source_tokens'])} source tokens at step {run.step_count}")
            st.caption("Each row is one output step t; its cells are the weights α<t,t'> on the "
                       "source characters, which sum to 1. Hover a cell for its value. "
                       "The chosen (best-scoring) beam is drawn.")
    with right:
        st.markdown("**Top beams**")
        beams = pd.DataFrame([{"output": b["text"] + ("" if b["ended"] else " …"),
                               "T_y": len(b["tokens"]), "log P(y|x)": b["logprob"],
                               f"score (α={config.alpha:g})": b["score"]}
                              for b in main["beams"]])
        st.dataframe(beams, hide_index=True, width="stretch",
                     column_config={"log P(y|x)": st.column_config.NumberColumn(format="%.4f"),
                                    f"score (α={config.alpha:g})":
                                    st.column_config.NumberColumn(format="%.4f")})
        st.caption("Best normalised score first. T_y counts the output characters and </s>; "
                   "score = log P / T_y^α, so α = 0 ranks by raw probability (short outputs "
                   "win) and α = 1 by the mean per token.")


def live_panel(text: str, config: DecodeConfig) -> None:
    run: AttentionRun = st.session_state[KEY]

    @st.fragment(run_every=REDRAW_EVERY if run.playing else None)
    def panel():
        live: AttentionRun = st.session_state[KEY]
        if live.playing:
            live.train_for(TRAIN_SLICE)
            if not live.playing:  # diverged during this slice: redraw buttons, stop the timer
                st.rerun()
        status_line(live)
        draw_training_charts(live)
        st.subheader("Where the decoder looks")
        draw_probe(live, text, config)

    panel()


def draw_evaluation(run: AttentionRun) -> None:
    st.subheader("Held-out evaluation by input length")
    c1, c2 = st.columns([1, 3])
    pressed = c1.button("Evaluate", key="attn_evaluate", icon=":material/query_stats:",
                        help="Greedy-decode 400 held-out examples with every model (computed once "
                             "per training step).")
    metric = widget("attn_metric", c2)
    if pressed:
        bar = st.progress(0.0, text="Decoding the held-out set…")
        run.evaluate(lambda f: bar.progress(min(1.0, f), text="Decoding the held-out set…"))
        bar.empty()
    if not run.evaluations:
        st.caption("Press **Evaluate** to score every model on held-out examples it never "
                   "trained on (dates: held-out dates, in every format).")
        return
    step, results = next(iter(run.evaluations.items()))
    rows = [dict(r, series=label) for label, res in results.items() for r in res["by_length"]]
    st.altair_chart(charts.length_chart(pd.DataFrame(rows), metric, tuple(results)),
                    width="stretch",
                    alt=f"Held-out {metric} by input length at step {step}")
    summary = pd.DataFrame([{"model": label, "exact match": res["exact_match"],
                             "token accuracy": res["token_accuracy"], "BLEU": res["bleu"],
                             "examples": res["n"]} for label, res in results.items()])
    st.dataframe(summary, hide_index=True, column_config={
        "exact match": st.column_config.NumberColumn(format="%.3f"),
        "token accuracy": st.column_config.NumberColumn(format="%.3f"),
        "BLEU": st.column_config.NumberColumn(format="%.1f")})
    moved = "" if step == run.step_count else f" The run is now at step {run.step_count}: press again."
    st.caption(f"At training step {step}, greedy decoding.{moved} BLEU is sacrebleu's corpus BLEU "
               "on characters (tokenize='none' on space-separated characters); on outputs "
               "shorter than 4 characters it is harsh, so read exact match there.")


def page() -> None:
    st.title("Attention: where the decoder looks")
    restore("attention")
    show_notices("attention")
    with st.sidebar:
        try:
            choice = attn_sidebar()
        except SettingError as exc:
            choice = None
            st.error(str(exc))
    try:
        body(choice)
    finally:
        publish("attention")


def body(choice: AttnChoice | None) -> None:
    if choice is not None:
        settle_run(choice)
    with st.sidebar:  # after settle_run, which may bring a new default probe
        copy_link("attention")
    run: AttentionRun | None = st.session_state.get(KEY)
    if run is None:
        st.warning("Fix the settings in the sidebar to start a run.")
        return
    notice = st.session_state.pop("attn_notice", None)
    if notice:
        st.info(notice)
    task = run.task
    with st.expander(f"What is `{task.name}`? · {type(task).__doc__.strip()}"):
        src, tgt = task.example()
        st.markdown(f"One training pair: `{src}` → `{tgt}`. A bidirectional encoder reads the "
                    "input into annotations a<t'> = [forward; backward]; the decoder writes one "
                    "character at a time and, before each, weighs every a<t'>:")
        for eq in EQUATIONS:
            st.latex(eq)
    controls_row(run)
    c1, c2, c3 = st.columns([3, 1, 1])
    if "attn_probe" not in st.session_state:  # e.g. after a failed start
        set_default("attn_probe", default_probe(task))
    text = widget("attn_probe", c1,
                  help=f"Any input the task can read ({task.hint}); the heatmap follows it.")
    config = DecodeConfig(beam=widget("attn_beam", c2), alpha=widget("attn_alpha", c3))
    live_panel(text, config)
    draw_evaluation(run)


page()
