"""Sidebar widgets of the Embeddings page, drawn from the URL field table (`url_fields`: help
text, range, choices; keys `emb_*`, skip-gram's `emb_sg_*` and GloVe's `emb_gl_*`). The
functions raise SettingError, never crash; an uploaded file is checked by engine.uploads."""
from __future__ import annotations

import streamlit as st

from engine.embed.corpus import MAX_TEXT_CHARS, CorpusConfig
from engine.embed.glove import GloVeConfig
from engine.embed.project import ProjectionConfig
from engine.embed.skipgram import SkipGramConfig
from playground.embeddings.run import EmbedChoice
from playground.i18n import t
from playground.kit.fold import more
from playground.kit.upload import file_or_pasted
from playground.kit.urlstate import drawing_widgets, widget

# every setting of the sidebar's two folds (each opens by itself when one of its own is changed)
RUN_SETTINGS = ("emb_corpus", "emb_seed", "emb_language", "emb_sentences", "emb_text",
                "emb_lowercase") + tuple(
    f"{p}_{k}" for p, keys in (
        ("emb_sg", ("dim", "window", "negatives", "subsample", "batch", "optimizer", "lr")),
        ("emb_gl", ("dim", "window", "x_max", "alpha", "batch", "optimizer", "decay", "lr")))
    for k in keys)
PROJECTION_SETTINGS = ("emb_method", "emb_words", "emb_hide_other", "emb_perplexity",
                       "emb_iterations", "emb_warm_iterations", "emb_learning_rate")
RUN_FOLD, PROJECTION_FOLD = "emb_settings_open", "emb_projection_open"


def corpus_controls() -> CorpusConfig:
    corpus = widget("emb_corpus", horizontal=False)
    params = {"corpus": corpus, "seed": widget("emb_seed")}
    if corpus == "synthetic":
        params["language"] = widget("emb_language")
        params["sentences"] = widget("emb_sentences")
    elif corpus == "text":
        text = file_or_pasted("emb_upload", MAX_TEXT_CHARS, lambda disabled: widget(
            "emb_text", height=120, placeholder=t("embeddings.sidebar.text_placeholder"), disabled=disabled))
        params["text"] = text
        params["lowercase"] = widget("emb_lowercase")
    return CorpusConfig(**params)


def run_choice(method: str) -> EmbedChoice:
    """The corpus widgets, then the trainer's (under a 'Trainer' heading): the run they define."""
    corpus = corpus_controls()
    if drawing_widgets():
        st.subheader(t("embeddings.sidebar.trainer"))
    return EmbedChoice(method, corpus, trainer_controls(method, corpus.seed))


def trainer_controls(method: str, seed: int):
    """Dimension, window and learning rate on show; the rest in a fold (kit.fold.more)."""
    p = "emb_sg" if method == "skipgram" else "emb_gl"
    dim, window, lr = widget(f"{p}_dim"), widget(f"{p}_window"), widget(f"{p}_lr")
    rest = (["negatives", "subsample", "batch", "optimizer"] if method == "skipgram" else
            ["x_max", "alpha", "batch", "optimizer", "decay"])
    with more(t(f"embeddings.sidebar.more_{method}"), f"{p}_more_open", [f"{p}_{k}" for k in rest]):
        values = {k: widget(f"{p}_{k}") for k in rest}
    config = SkipGramConfig if method == "skipgram" else GloVeConfig
    return config(dim=dim, window=window, lr=lr, seed=seed, **values)


def projection_controls() -> tuple[ProjectionConfig, int, bool]:
    method = widget("emb_method")
    pca = method == "pca"  # t-SNE's settings stay visible, greyed out
    words, hide = widget("emb_words"), widget("emb_hide_other")
    with more(t("embeddings.sidebar.more_tsne"), "emb_more_tsne_open",
              ["emb_perplexity", "emb_iterations", "emb_warm_iterations", "emb_learning_rate"]):
        cfg = ProjectionConfig(method=method,
                               perplexity=widget("emb_perplexity", disabled=pca),
                               iterations=widget("emb_iterations", disabled=pca),
                               warm_iterations=widget("emb_warm_iterations", disabled=pca),
                               learning_rate=widget("emb_learning_rate", disabled=pca))
    return cfg, words, hide
