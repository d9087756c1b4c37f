"""Embeddings page: watch skip-gram or GloVe word vectors organise themselves, seen through t-SNE,
and check them with neighbours, analogies and the course's debiasing."""
from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from engine.embed.project import ProjectionConfig
from engine.embed.tools import class_separation
from engine.embed.view import shown_words
from engine.fields import SettingError
from playground.embeddings import charts as embed_charts
from playground.embeddings.panels import (
    bias_panel,
    cooc_panel,
    hidden_panel,
    learned_panel,
    neighbours_panel,
    word_defaults,
)
from playground.embeddings.run import KEY, EmbedRun
from playground.embeddings.sidebar import projection_controls, run_choice
from playground.kit import MAX_POINTS, charts
from playground.kit.live import live_chart
from playground.kit.shell import (
    controls_row,
    from_sidebar,
    live_fragment,
    page_shell,
    settle,
    show_notice,
    sidebar_problem,
    status_row,
)
from playground.kit.upload import in_use
from playground.kit.urlstate import copy_link, follow_link, widget
from playground.literal import literal
from playground.train.run import KEY as TRAIN_KEY

FIT_OVER = ("**More parameters than counts.** This GloVe model has {parameters:,} parameters "
            "(θ, e, b and b′ of {words:,} words) and the corpus has only {counts:,} non-zero "
            "counts Xᵢⱼ to fit. It can match every count exactly, noise included, and then its "
            "vectors drift.")
FIT_SETTLES = (" The learning rate decays (lr / (1 + t / {decay:g})), so the vectors settle; "
               "set the rate decay to 0 to watch them drift instead.")
FIT_DRIFTS = (" With a constant rate they keep drifting: set a rate decay, a smaller embedding "
              "size, or more sentences.")
FIT_OK = ("This GloVe model has {parameters:,} parameters for {counts:,} non-zero counts Xᵢⱼ: "
          "fewer parameters than counts, so it cannot fit every count exactly.")


def settle_run(source: str) -> EmbedRun | None:
    """The corpus and trainer widgets, then the session's run made to match them (a setting
    error keeps the run that was there)."""
    choice = from_sidebar(lambda: run_choice(source))
    if choice is not None:
        settle(KEY, choice, EmbedRun.start, same=lambda run, c: run.choice == c,
               notice=lambda run, c: "New run: the corpus or a trainer setting changed.",
               notice_key="emb_notice")
    return st.session_state.get(KEY)


def separation_metric(column, run: EmbedRun) -> None:
    """Within − between class cosine of the current vectors, or '–' without two classes."""
    try:
        sep = class_separation(run.vectors(), run.corpus.classes)
    except SettingError:  # fewer than two classes of two words (most pasted texts)
        column.metric("Within − between class cosine", "–",
                      help="Needs two word classes with two words each in the corpus.")
    else:
        column.metric("Within − between class cosine", f"{sep['difference']:.3f}",
                      help=f"Mean cosine of word pairs of one class ({sep['within']:.3f}) minus "
                           f"that of pairs from different classes ({sep['between']:.3f}).")


def draw_picture(live: EmbedRun, proj: ProjectionConfig, n_words: int, hide: bool) -> None:
    """The t-SNE (or PCA) scatter of the most frequent words, with how long its frame took."""
    ids = shown_words(live.corpus, n_words, hide)
    try:
        df = live.frame(ids, proj)
    except SettingError as exc:
        st.error(literal(exc))
        return
    name = "t-SNE" if proj.method == "tsne" else "PCA"
    live_chart(st, f"{name} of the {len(df)} most frequent words", "emb_scatter",
               lambda d: embed_charts.scatter_chart(d), df,
               f"{name} scatter of {len(df)} words", store="emb_specs")
    warm = proj.method == "tsne" and live.projector is not None and live.projector.warm_
    st.caption(f"Step {live.trainer.state.step:,}. Crowded labels are thinned; hover "
               "a point for its word. Frame took "
               f"{live.frame_seconds * 1000:.0f} ms"
               + (" (warm start from the previous layout, rotated onto it)." if warm else "."))


def draw_loss(live: EmbedRun) -> None:
    """The loss over training, the trainer's loss in the course's symbols, and t-SNE's caveat."""
    rows = live.trainer.history.view(MAX_POINTS)
    if rows:
        hist = pd.DataFrame(rows).reindex(columns=["step", "loss"]).astype(float)
        hist = hist.replace([math.inf, -math.inf], math.nan).dropna()
        live_chart(st, "Loss", "emb_loss", lambda d: charts.loss_chart(d, False), hist,
                   f"Loss chart: {len(hist)} points", store="emb_specs")
        st.caption("Skip-gram: mean of −log σ(θₜ·e_c) − Σₖ log σ(−θₖ·e_c) over the pairs."
                   if live.trainer.method == "skipgram" else
                   "GloVe: mean of f(Xᵢⱼ)(θᵢ·eⱼ + bᵢ + b′ⱼ − log Xᵢⱼ)² over the cells.")
    else:
        st.info("Press Play (or Step) to start training.")
    st.warning("t-SNE is non-linear: it keeps each word's neighbours, not distances or "
               "directions. Do not read analogies or cluster gaps off this picture; use "
               "the cosine tools below.", icon=":material/info:")


def draw(live: EmbedRun, proj: ProjectionConfig, n_words: int, hide: bool) -> None:
    """One redraw of the live part: metrics, picture and loss, then the vector tools."""
    extra = status_row(live, rate_help="Training steps per second of wall-clock time, redraws "
                                       "and t-SNE frames included.",
                       extra=1, what="the loss or the vectors",
                       advice="Lower the learning rate (or use Adam), then press Reset.")
    if not live.can_play:
        return
    separation_metric(extra[0], live)
    left, right = st.columns([2.2, 1])
    with left:
        draw_picture(live, proj, n_words, hide)
    with right:
        draw_loss(live)
    tools, bias = st.tabs(["Neighbours & analogies", "Bias"])
    vectors, words = live.vectors(), live.corpus.words
    with tools:
        try:
            neighbours_panel(vectors, words, live.corpus.language, live.trainer.state.step)
        except SettingError as exc:
            st.error(literal(exc))
    with bias:
        bias_panel(vectors, words, live.corpus.language)


def live_run(run: EmbedRun, proj: ProjectionConfig, n_words: int, hide: bool) -> None:
    """The notice, the Play/Step/Reset row with the corpus's size, and the live fragment."""
    show_notice("emb_notice")
    extras = controls_row("emb", KEY, run,
                          play_help="Train continuously; the picture redraws after each slice.",
                          step_help="One training step (pauses first).",
                          reset_notice="Reset: fresh vectors from the same seed.")
    extras.caption(f"Corpus: {run.corpus.name} · {len(run.corpus.words):,} words, "
                   f"{run.corpus.tokens:,} tokens, {len(run.corpus.lines):,} lines.")
    fit_note(run)
    live_fragment(KEY, lambda live: draw(live, proj, n_words, hide), before=follow_link)


def fit_note(run: EmbedRun) -> None:
    """GloVe only: its number of parameters against the corpus's non-zero counts."""
    report = run.trainer.fit_report()
    if report is None:
        return
    values = dict(report, words=len(run.corpus.words), decay=run.trainer.config.decay)
    if report["overfits"]:
        tail = FIT_SETTLES if run.trainer.config.decay else FIT_DRIFTS
        st.info((FIT_OVER + tail).format(**values), icon=":material/functions:")
    else:
        st.caption(FIT_OK.format(**values))


def body() -> None:
    with st.sidebar:
        source = widget("emb_source", horizontal=False)
        run = None
        if source != "train":
            st.subheader("Corpus")
            run = settle_run(source)
            if run is not None:  # before Copy link: a word the new corpus lacks is replaced
                word_defaults(run.corpus.words, run.corpus.language)
        st.subheader("Projection")
        view = from_sidebar(projection_controls)
        text_corpus = source != "train" and st.session_state.get("emb_corpus") == "text"
        copy_link("embeddings", in_use("emb_upload") if text_corpus else ())
    if view is None:
        return
    proj, n_words, hide = view
    if source == "train":
        learned_panel(st.session_state.get(TRAIN_KEY), proj.method)
    elif not sidebar_problem(run):
        live_run(run, proj, n_words, hide)
    with st.expander("Co-occurrence matrix of a tiny corpus (GloVe's X)", expanded=source == "glove"):
        cooc_panel()
    with st.expander("Hidden states of the Train page's model"):
        hidden_panel(st.session_state.get(TRAIN_KEY))


def main() -> None:
    page_shell("embeddings", body)
