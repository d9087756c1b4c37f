"""Sidebar widgets of the Embeddings page, built from the engine's setting tables (help text,
range, choices). Keys are `emb_<config field>`; the functions raise SettingError, never crash."""
from __future__ import annotations

import dataclasses

import streamlit as st

from engine.embed.corpus import MAX_TEXT_CHARS, CorpusConfig
from engine.embed.glove import GloVeConfig
from engine.embed.project import ProjectionConfig
from engine.embed.skipgram import SkipGramConfig
from engine.fields import SettingError

CORPUS_LABELS = {"synthetic": "synthetic (known classes)", "english": "shipped English",
                 "korean": "shipped Korean", "text": "your text (paste or upload)"}


def _field(cls, name):
    return next(f for f in dataclasses.fields(cls) if f.name == name)


def number(cls, name: str, key: str, label: str, *, lo=None, hi=None, step=None, disabled=False):
    """A slider for an int/float setting, its range, default and help taken from the table."""
    f = _field(cls, name)
    kind = type(f.default)
    lo = f.metadata["lo"] if lo is None else lo
    hi = f.metadata["hi"] if hi is None else hi
    return st.slider(label, min_value=kind(lo), max_value=kind(hi), value=f.default, step=step,
                     key=key, help=f.metadata["help"], disabled=disabled)


def choice(cls, name: str, key: str, label: str, labels: dict | None = None, disabled=False):
    """A select box over a setting's choices."""
    f = _field(cls, name)
    options = list(f.metadata["choices"])
    return st.selectbox(label, options, index=options.index(f.default), key=key,
                        help=f.metadata["help"], disabled=disabled,
                        format_func=labels.get if labels else str)


def corpus_controls() -> CorpusConfig:
    C = CorpusConfig
    corpus = choice(C, "corpus", "emb_corpus", "Corpus", CORPUS_LABELS)
    params = {"corpus": corpus, "seed": st.number_input("Seed", 0, 2**31 - 1, 0, key="emb_seed",
                                                        help="Seeds the corpus and the weights.")}
    if corpus == "synthetic":
        params["language"] = choice(C, "language", "emb_language", "Language")
        params["sentences"] = number(C, "sentences", "emb_sentences", "Sentences", step=100)
    elif corpus == "text":
        upload = st.file_uploader("Upload a .txt file", type=["txt"], key="emb_upload",
                                  help=f"UTF-8 text, at most {MAX_TEXT_CHARS:,} characters.")
        text = st.text_area("…or paste text", key="emb_text", height=120,
                            placeholder="One sentence per line.",
                            help=f"At most {MAX_TEXT_CHARS:,} characters; any language.")
        if upload is not None:
            raw = upload.getvalue()
            if len(raw) > 4 * MAX_TEXT_CHARS:
                raise SettingError(f"The file has {len(raw):,} bytes; the limit is "
                                   f"{MAX_TEXT_CHARS:,} characters. Use a shorter excerpt.")
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise SettingError("The file is not UTF-8 text. Save it as UTF-8 and upload it "
                                   "again.") from None
        params["text"] = text
        params["lowercase"] = st.toggle("Lower-case", value=False, key="emb_lowercase",
                                        help="Treat 'The' and 'the' as one word.")
    return C(**params)


def trainer_controls(method: str, seed: int):
    if method == "skipgram":
        S = SkipGramConfig
        return S(dim=number(S, "dim", "emb_dim", "Embedding size", hi=64),
                 window=number(S, "window", "emb_window", "Window"),
                 negatives=number(S, "negatives", "emb_negatives", "k negatives"),
                 batch=number(S, "batch", "emb_batch", "Pairs per step", lo=16, hi=1024, step=16),
                 optimizer=choice(S, "optimizer", "emb_optimizer", "Optimizer"),
                 lr=st.select_slider("Learning rate", (1e-3, 3e-3, 0.01, 0.03, 0.1, 1.0, 10.0, 100.0),
                                     value=0.01, key="emb_lr", format_func=lambda v: f"{v:g}"),
                 seed=seed)
    G = GloVeConfig
    return G(dim=number(G, "dim", "emb_dim", "Embedding size", hi=64),
             window=number(G, "window", "emb_window", "Window"),
             x_max=number(G, "x_max", "emb_x_max", "x_max", hi=200.0, step=1.0),
             alpha=number(G, "alpha", "emb_alpha", "alpha", step=0.05),
             batch=number(G, "batch", "emb_batch", "Cells per step", lo=64, hi=8192, step=64),
             optimizer=choice(G, "optimizer", "emb_optimizer", "Optimizer"),
             lr=st.select_slider("Learning rate", (1e-3, 3e-3, 0.01, 0.05, 0.1, 1.0, 10.0, 100.0),
                                 value=0.05, key="emb_lr", format_func=lambda v: f"{v:g}"),
             seed=seed)


def projection_controls() -> tuple[ProjectionConfig, int, bool]:
    P = ProjectionConfig
    method = choice(P, "method", "emb_method", "Projection", {"tsne": "t-SNE", "pca": "PCA"})
    cfg = P(method=method,
            perplexity=number(P, "perplexity", "emb_perplexity", "Perplexity", hi=50.0, step=1.0,
                              disabled=method == "pca"),
            iterations=number(P, "iterations", "emb_iterations", "Iterations (first frame)",
                              hi=1000, step=50, disabled=method == "pca"),
            warm_iterations=number(P, "warm_iterations", "emb_warm_iterations",
                                   "Iterations per later frame", hi=300, step=10,
                                   disabled=method == "pca"),
            learning_rate=number(P, "learning_rate", "emb_learning_rate",
                                 "t-SNE learning rate (0 = auto)", hi=1000.0, step=10.0,
                                 disabled=method == "pca"))
    n = st.slider("Words shown", 20, 500, 150, step=10, key="emb_words",
                  help="The most frequent words; a t-SNE frame of 500 words takes well under 1 s.")
    hide = st.toggle("Only words with a class", value=True, key="emb_hide_other",
                     help="Hide function words (the, is, …) that belong to no class.")
    return cfg, n, hide
