"""Embeddings page: watch skip-gram or GloVe word vectors organise themselves, seen through t-SNE,
and check them with neighbours, analogies and the course's debiasing."""
from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from engine.embed.project import ProjectionConfig
from engine.embed.tools import class_separation
from engine.fields import SettingError
from playground import charts, embed_charts
from playground.embed_controls import corpus_controls, projection_controls, trainer_controls
from playground.embed_panels import (RELINK, bias_panel, cooc_panel, hidden_panel, learned_panel,
                                     neighbours_panel, word_defaults)
from playground.embed_run import KEY, EmbedChoice, EmbedRun, shown_words
from playground.live import live_chart, set_playing, step_once
from playground.urlstate import copy_link, publish, restore, show_notices, widget

TRAIN_SLICE = 0.35   # seconds of training per redraw; a warm t-SNE frame follows each slice
REDRAW_EVERY = 0.05
MAX_POINTS = 150


def settle(source: str) -> EmbedRun | None:
    try:
        corpus = corpus_controls()
        st.subheader("Trainer")
        config = trainer_controls(source, corpus.seed)
    except SettingError as exc:
        st.error(str(exc))
        return st.session_state.get(KEY)
    new = EmbedChoice(source, corpus, config)
    run: EmbedRun | None = st.session_state.get(KEY)
    if run is not None and run.choice == new:
        return run
    try:
        fresh = EmbedRun.start(new)
    except SettingError as exc:
        st.error(f"{exc}" + (" The current run is kept." if run else ""))
        return run
    if run is not None:
        fresh.playing = run.playing and fresh.can_play
        st.session_state["emb_notice"] = "New run: the corpus or a trainer setting changed."
    st.session_state[KEY] = fresh
    return fresh


def _reset():
    run = st.session_state.get(KEY)
    if run is not None:
        with run.lock:
            st.session_state[KEY] = EmbedRun.start(run.choice, run.corpus)
        st.session_state["emb_notice"] = "Reset: fresh vectors from the same seed."


def controls_row(run: EmbedRun) -> None:
    c1, c2, c3, c4 = st.columns([1, 1, 1, 4])
    diverged = not run.can_play
    c1.button("Pause" if run.playing else "Play", key=f"emb_{'pause' if run.playing else 'play'}",
              on_click=set_playing, args=(KEY, not run.playing),
              icon=":material/pause:" if run.playing else ":material/play_arrow:",
              type="primary", disabled=diverged, width="stretch")
    c2.button("Step", key="emb_step", on_click=step_once, args=(KEY,), disabled=diverged, width="stretch")
    c3.button("Reset", key="emb_reset", on_click=_reset, width="stretch")
    c4.caption(f"Corpus: {run.corpus.name} · {len(run.corpus.words):,} words, "
               f"{run.corpus.tokens:,} tokens, {len(run.corpus.lines):,} lines.")


def status_line(run: EmbedRun) -> None:
    s, last = run.trainer.state, run.trainer.history.last
    cols = st.columns(5)
    cols[0].metric("Step", f"{s.step:,}")
    cols[1].metric("Steps / s", f"{run.rate:.0f}" if run.playing and run.rate else "–")
    loss = None if last is None else last["loss"]
    cols[2].metric("Loss", "–" if loss is None else f"{loss:.4f}" if math.isfinite(loss) else "diverged")
    cols[3].metric("Status", "diverged" if s.status == "diverged" else
                   ("training" if run.playing else "paused"))
    if s.status == "diverged":
        st.error(f"Diverged at step {s.diverged_at}: the loss or the vectors became NaN/inf. "
                 "Lower the learning rate (or use Adam), then press Reset.")
        return
    try:
        sep = class_separation(run.vectors(), run.corpus.classes)
    except SettingError:  # fewer than two classes of two words (most pasted texts)
        cols[4].metric("Within − between class cosine", "–",
                       help="Needs two word classes with two words each in the corpus.")
    else:
        cols[4].metric("Within − between class cosine", f"{sep['difference']:.3f}",
                       help=f"Mean cosine of word pairs of one class ({sep['within']:.3f}) minus "
                            f"that of pairs from different classes ({sep['between']:.3f}).")


def live_view(run_key: str, proj: ProjectionConfig, n_words: int, hide: bool) -> None:
    run: EmbedRun = st.session_state[run_key]

    @st.fragment(run_every=REDRAW_EVERY if run.playing else None)
    def panel():
        if st.session_state.pop(RELINK, False):  # a tool's setting changed: redraw the link too
            st.rerun(scope="app")
        live: EmbedRun = st.session_state[run_key]
        if live.playing:
            live.train_for(TRAIN_SLICE)
            if not live.playing:
                st.rerun()
        status_line(live)
        if not live.can_play:
            return
        left, right = st.columns([2.2, 1])
        with left:
            ids = shown_words(live.corpus, n_words, hide)
            try:
                df = live.frame(ids, proj)
            except SettingError as exc:
                st.error(str(exc))
            else:
                name = "t-SNE" if proj.method == "tsne" else "PCA"
                live_chart(st, f"{name} of the {len(df)} most frequent words", "emb_scatter",
                           lambda d: embed_charts.scatter_chart(d), df,
                           f"{name} scatter of {len(df)} words", store="emb_specs")
                warm = proj.method == "tsne" and live.projector is not None and live.projector.warm_
                st.caption(f"Step {live.trainer.state.step:,}. Crowded labels are thinned; hover "
                           "a point for its word. Frame took "
                           f"{live.frame_seconds * 1000:.0f} ms"
                           + (" (warm start from the previous layout, rotated onto it)." if warm
                              else "."))
        with right:
            rows = live.trainer.history.view(MAX_POINTS)
            if rows:
                hist = pd.DataFrame(rows).reindex(columns=["step", "loss"]).astype(float)
                hist = hist.replace([math.inf, -math.inf], math.nan).dropna()
                live_chart(st, "Loss", "emb_loss", lambda d: charts.loss_chart(d, False), hist,
                           f"Loss chart: {len(hist)} points", store="emb_specs")
                st.caption("Skip-gram: mean of −log σ(θₜ·e_c) − Σₖ log σ(−θₖ·e_c) over the pairs."
                           if run.trainer.method == "skipgram" else
                           "GloVe: mean of f(Xᵢⱼ)(θᵢ·eⱼ + bᵢ + b′ⱼ − log Xᵢⱼ)² over the cells.")
            else:
                st.info("Press Play (or Step) to start training.")
            st.warning("t-SNE is non-linear: it keeps each word's neighbours, not distances or "
                       "directions. Do not read analogies or cluster gaps off this picture; use "
                       "the cosine tools below.", icon=":material/info:")
        tools, bias = st.tabs(["Neighbours & analogies", "Bias"])
        vectors, words = live.vectors(), live.corpus.words
        with tools:
            try:
                neighbours_panel(vectors, words, live.corpus.language, live.trainer.state.step)
            except SettingError as exc:
                st.error(str(exc))
        with bias:
            bias_panel(vectors, words, live.corpus.language)

    panel()


def page() -> None:
    st.title("Word embeddings")
    st.caption("Skip-gram with negative sampling and GloVe learn a vector e_w = E·O_w per word; "
               "words used in similar contexts end up with similar vectors.")
    restore("embeddings")
    show_notices("embeddings")
    try:
        body()
    finally:
        publish("embeddings")


def body() -> None:
    with st.sidebar:
        source = widget("emb_source", horizontal=False)
        if source != "train":
            st.subheader("Corpus")
            run = settle(source)
            if run is not None:  # before Copy link: a word the new corpus lacks is replaced
                word_defaults(run.corpus.words, run.corpus.language)
        else:
            run = None
        st.subheader("Projection")
        try:
            view = projection_controls()
        except SettingError as exc:
            view = None
            st.error(str(exc))
        copy_link("embeddings")
    if view is None:
        return
    proj, n_words, hide = view
    if source == "train":
        learned_panel(st.session_state.get("train_run"), proj.method)
    elif run is None:
        st.warning("Fix the settings in the sidebar to start a run.")
    else:
        notice = st.session_state.pop("emb_notice", None)
        if notice:
            st.info(notice)
        controls_row(run)
        live_view(KEY, proj, n_words, hide)
    with st.expander("Co-occurrence matrix of a tiny corpus (GloVe's X)", expanded=source == "glove"):
        cooc_panel()
    with st.expander("Hidden states of the Train page's model"):
        hidden_panel(st.session_state.get("train_run"))


page()
