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
    WORD_KEYS,
    bias_panel,
    cooc_panel,
    hidden_panel,
    learned_panel,
    neighbours_panel,
    word_defaults,
)
from playground.embeddings.run import KEY, EmbedRun
from playground.embeddings.sidebar import (
    PROJECTION_FOLD,
    PROJECTION_SETTINGS,
    RUN_FOLD,
    RUN_SETTINGS,
    projection_controls,
    run_choice,
)
from playground.i18n import say, t
from playground.kit import MAX_POINTS, charts
from playground.kit.fold import folded, open_once, sidebar_settings
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
from playground.lessons.companion import step_setting
from playground.literal import literal
from playground.train.run import KEY as TRAIN_KEY

TOOLS_KEY = "emb_tools_open"   # the vector tools' fold


def settle_run(source: str) -> EmbedRun | None:
    """The corpus and trainer widgets, then the session's run made to match them (a setting
    error keeps the run that was there)."""
    choice = from_sidebar(lambda: run_choice(source))
    if choice is not None:
        settle(KEY, choice, EmbedRun.start, same=lambda run, c: run.choice == c,
               notice=lambda run, c: t("embeddings.sidebar.new_run"),
               notice_key="emb_notice")
    return st.session_state.get(KEY)


def separation_metric(column, run: EmbedRun) -> None:
    """Within − between class cosine of the current vectors, or '–' without two classes."""
    try:
        sep = class_separation(run.vectors(), run.corpus.classes)
    except SettingError:  # fewer than two classes of two words (most pasted texts)
        column.metric(t("embeddings.status.separation"), "–",
                      help=t("embeddings.status.separation_none"))
    else:
        column.metric(t("embeddings.status.separation"), f"{sep['difference']:.3f}",
                      help=t("embeddings.status.separation_help", within=sep["within"],
                             between=sep["between"]))


def draw_picture(live: EmbedRun, proj: ProjectionConfig, n_words: int, hide: bool) -> None:
    """The t-SNE (or PCA) scatter of the most frequent words, with how long its frame took."""
    ids = shown_words(live.corpus, n_words, hide)
    try:
        df = embed_charts.with_class_names(live.frame(ids, proj))
    except SettingError as exc:
        st.error(literal(say(exc)))
        return
    name = "t-SNE" if proj.method == "tsne" else "PCA"
    live_chart(st, t("embeddings.picture.title", name=name, n=len(df)), "emb_scatter",
               lambda d: embed_charts.scatter_chart(d), df,
               t("embeddings.picture.alt", name=name, n=len(df)), store="emb_specs")
    warm = proj.method == "tsne" and live.projector is not None and live.projector.warm_
    st.caption(t("embeddings.picture.caption_warm" if warm else "embeddings.picture.caption",
                 step=live.trainer.state.step, ms=live.frame_seconds * 1000))


def draw_loss(live: EmbedRun) -> None:
    """The loss over training, the trainer's loss in the course's symbols, and t-SNE's caveat."""
    rows = live.trainer.history.view(MAX_POINTS)
    if rows:
        hist = pd.DataFrame(rows).reindex(columns=["step", "loss"]).astype(float)
        hist = hist.replace([math.inf, -math.inf], math.nan).dropna()
        live_chart(st, t("embeddings.loss.title"), "emb_loss", lambda d: charts.loss_chart(d, False),
                   hist, t("embeddings.loss.alt", n=len(hist)), store="emb_specs")
        st.caption(t("embeddings.loss.skipgram" if live.trainer.method == "skipgram"
                     else "embeddings.loss.glove"))
    else:
        st.info(t("embeddings.loss.press_play"))
    st.warning(t("embeddings.picture.tsne_warning"), icon=":material/info:")


def draw(live: EmbedRun, proj: ProjectionConfig, n_words: int, hide: bool) -> None:
    """One redraw of the live part: metrics, picture and loss, then the vector tools."""
    extra = status_row(live, rate_help=t("embeddings.status.rate_help"), extra=1,
                       what=t("embeddings.status.what"), advice=t("embeddings.status.advice"))
    if not live.can_play:
        return
    separation_metric(extra[0], live)
    left, right = st.columns([2.2, 1])
    with left:
        draw_picture(live, proj, n_words, hide)
    with right:
        draw_loss(live)
    box = tools_fold()
    if box is None:
        return
    with box:
        vector_tools(live)


def tools_fold():
    """The vector tools under the picture, in a fold (kit.fold): open, they were a fifth of a
    new visitor's browser work before the picture, about 0.4 s (four pickers of every word, a
    chart, a table), and they sit below the first screen. A link or a lesson step that sets one of
    their words opens it."""
    lesson_step = step_setting("embeddings", WORD_KEYS)
    if lesson_step is not None:
        open_once(TOOLS_KEY, lesson_step)
    return folded(t("embeddings.expander.tools"), TOOLS_KEY, icon=":material/calculate:",
                  help_open=WORD_KEYS)


def vector_tools(live: EmbedRun) -> None:
    """Nearest neighbours and analogies, and the bias tab: only the open tab is drawn."""
    tools, bias = st.tabs([t("embeddings.tabs.tools"), t("embeddings.tabs.bias")],
                          key="emb_tools_tab", on_change="rerun")
    vectors, words = live.vectors(), live.corpus.words
    if tools.open:
        with tools:
            try:
                neighbours_panel(vectors, words, live.corpus.language, live.trainer.state.step)
            except SettingError as exc:
                st.error(literal(say(exc)))
    if bias.open:
        with bias:
            bias_panel(vectors, words, live.corpus.language)


def live_run(run: EmbedRun, proj: ProjectionConfig, n_words: int, hide: bool) -> None:
    """The notice, the Play/Step/Reset row with the corpus's size, and the live fragment."""
    show_notice("emb_notice")
    extras = controls_row("emb", KEY, run,
                          play_help=t("embeddings.controls.play_help"),
                          step_help=t("embeddings.controls.step_help"),
                          reset_notice=t("embeddings.controls.reset_notice"))
    extras.caption(t("embeddings.controls.corpus", name=run.corpus.name,
                     words=len(run.corpus.words), tokens=run.corpus.tokens,
                     lines=len(run.corpus.lines)))
    fit_note(run)
    live_fragment(KEY, lambda live: draw(live, proj, n_words, hide), before=follow_link)


def fit_note(run: EmbedRun) -> None:
    """GloVe only: its number of parameters against the corpus's non-zero counts."""
    report = run.trainer.fit_report()
    if report is None:
        return
    values = dict(report, words=len(run.corpus.words), decay=run.trainer.config.decay)
    if report["overfits"]:
        tail = "embeddings.fit.settles" if run.trainer.config.decay else "embeddings.fit.drifts"
        st.info(t("embeddings.fit.over", **values) + " " + t(tail, **values),
                icon=":material/functions:")
    else:
        st.caption(t("embeddings.fit.ok", **values))


def body() -> None:
    with st.sidebar:
        source = widget("emb_source", horizontal=False)
        run = None
        if source != "train":
            run = sidebar_settings(t("embeddings.sidebar.run_fold"), RUN_FOLD,
                                   lambda: settle_run(source), RUN_SETTINGS)
            if run is not None:  # before Copy link: a word the new corpus lacks is replaced
                word_defaults(run.corpus.words, run.corpus.language)
        view = sidebar_settings(t("embeddings.sidebar.projection_fold"), PROJECTION_FOLD,
                                lambda: from_sidebar(projection_controls), PROJECTION_SETTINGS)
        text_corpus = source != "train" and st.session_state.get("emb_corpus") == "text"
        copy_link("embeddings", in_use("emb_upload") if text_corpus else ())
    if view is None:
        return
    proj, n_words, hide = view
    if source == "train":
        learned_panel(st.session_state.get(TRAIN_KEY), proj.method)
    elif not sidebar_problem(run):
        live_run(run, proj, n_words, hide)
    box = folded(t("embeddings.expander.cooc"), "emb_cooc_open", expanded=source == "glove",
                 help_open=("emb_cooc_text", "emb_cooc_window"))
    if box is not None:
        with box:
            cooc_panel()
    box = folded(t("embeddings.expander.hidden"), "emb_hidden_open",
                 help_open=("emb_hidden_method",))
    if box is not None:
        with box:
            hidden_panel(st.session_state.get(TRAIN_KEY))


def main() -> None:
    page_shell("embeddings", body)
