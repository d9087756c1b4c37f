"""The Embeddings page's tools: neighbours and analogies, the bias panel, the co-occurrence
table and the Train page model's vectors. Each reads vectors; none trains."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from engine.embed import synth
from engine.embed.cooc import cooc_table
from engine.embed.learned import embedding_matrix, final_hidden_states, token_class
from engine.embed.project import ProjectionConfig, TSNEProjector, pca
from engine.embed.tools import (
    analogy,
    debias,
    gender_direction,
    gender_gap,
    nearest,
    projection,
)
from engine.fields import SettingError
from playground.embeddings import charts as embed_charts
from playground.fields import ANALOGY
from playground.i18n import say, t
from playground.kit.charts import draw as draw_chart
from playground.kit.urlstate import relink, set_default, widget
from playground.literal import literal

WORD_KEYS = ("emb_word", "emb_analogy_a", "emb_analogy_b", "emb_analogy_c")
# engine.embed.learned.embedding_matrix's "where the vectors came from", in the catalogue
WHERE = {"nn.Embedding weight E (V x E)": "embeddings.learned.where_embed",
         "columns of the first layer's W_ih (one-hot input)": "embeddings.learned.where_wih"}


def word_defaults(words: list[str], language: str) -> None:
    """The word pickers' defaults follow the corpus: the course's words in its language (king,
    man, woman or 왕, 남자, 여자), else its most frequent words. A chosen word the vocabulary has
    is kept; one it lacks (a new corpus, a link's typo) falls back to the default."""
    a, b, c = ANALOGY.get(language, ANALOGY["english"])
    vocab = set(words)
    for key, word, fallback in zip(WORD_KEYS, (a, a, b, c), (0, 0, 1, 2)):
        set_default(key, word if word in vocab else words[min(fallback, len(words) - 1)], keep=vocab)


def neighbours_panel(vectors: np.ndarray, words: list[str], language: str, step: int) -> None:
    """Nearest neighbours of a word by cosine, and a - b + c, with the similarity values.
    The word fields hold words of this vocabulary (`word_defaults`)."""
    left, right = st.columns(2)
    with left:
        st.markdown(t("embeddings.neighbours.heading"))
        word = widget("emb_word", options=words, on_change=relink)
        k = widget("emb_k", on_change=relink)
        rows = nearest(vectors, words, word, k)
        df = pd.DataFrame(rows, columns=["word", "similarity"])
        draw_chart(st, embed_charts.similarity_bars(df, t("embeddings.neighbours.chart_title",
                                                          word=word)),
                   width="stretch")
    with right:
        st.markdown(t("embeddings.analogy.heading"))
        picked = [widget(key, col, options=words, on_change=relink)
                  for col, key in zip(st.columns(3), WORD_KEYS[1:])]
        rows = analogy(vectors, words, *picked, k=5)
        cosine = t("embeddings.analogy.cosine")
        table = pd.DataFrame([(r + 1, w, s) for r, (w, s) in enumerate(rows)],
                             columns=[t("embeddings.analogy.rank"), t("embeddings.analogy.word"),
                                      cosine])
        # a static table, not an interactive grid: five rows on the first screen, and a data
        # grid is a large component for a new visitor's browser to load and build
        st.table(table.style.format({cosine: "{:.3f}"}), hide_index=True)
        st.caption(t("embeddings.analogy.caption", a=picked[0], b=picked[1], c=picked[2],
                     best=rows[0][0], step=step))


def bias_panel(vectors: np.ndarray, words: list[str], language: str) -> None:
    """The gender direction, each word's projection on it, and neutralise + equalise."""
    pairs, neutral = synth.gender_pairs(language), synth.neutral_words(language)
    present = [w for w in neutral if w in words]
    try:
        g = gender_direction(vectors, words, pairs)
    except SettingError as exc:
        st.info(t("embeddings.bias.no_direction", error=literal(say(exc))))
        return
    after, g_after = debias(vectors, words, pairs, present)
    shown = [w for m, f in pairs[:8] for w in (m, f)] + present
    group = {w: "neutral" for w in present} | {m: "male" for m, _ in pairs} | {f: "female" for _, f in pairs}
    shown = [w for w in dict.fromkeys(shown) if w in words]
    ids = [words.index(w) for w in shown]
    before = pd.DataFrame({"word": shown, "group": [group[w] for w in shown],
                           "projection": projection(vectors, g)[ids]})
    fixed = pd.DataFrame({"word": shown, "group": [group[w] for w in shown],
                          "projection": projection(after, g_after)[ids]})
    lim = float(max(0.3, np.abs(before["projection"]).max(), np.abs(fixed["projection"]).max()))
    st.markdown(t("embeddings.bias.heading", pairs=", ".join(f"{m}/{f}" for m, f in pairs[:4])))
    left, right = st.columns(2)
    draw_chart(left, embed_charts.projection_bars(before, t("embeddings.bias.before_title"),
                                                  [-lim, lim]), width="stretch")
    draw_chart(right, embed_charts.projection_bars(fixed, t("embeddings.bias.after_title"),
                                                   [-lim, lim]), width="stretch")
    columns = [t(f"embeddings.bias.{c}") for c in ("pair", "word", "before", "after")]
    rows = [dict(zip(columns, (f"{m} / {f}", present[0],
                               round(gender_gap(vectors, words, present[0], m, f), 3),
                               round(gender_gap(after, words, present[0], m, f), 3))))
            for m, f in pairs[:6] if m in words and f in words and present]
    st.caption(t("embeddings.bias.caption"))
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def cooc_panel() -> None:
    """The window co-occurrence counts X_ij of a tiny text (the course's example by default)."""
    left, right = st.columns([1, 2])
    with left:
        text = widget("emb_cooc_text", height=120)
        window = widget("emb_cooc_window")
        st.caption(t("embeddings.cooc.notes"))
    with right:
        try:
            table = cooc_table(text, window)
        except SettingError as exc:
            st.error(literal(say(exc)))
            return
        vocab, counts = table["vocab"], np.array(table["counts"])
        df = pd.DataFrame([{"row": vocab[i], "column": vocab[j], "count": int(counts[i, j])}
                           for i in range(len(vocab)) for j in range(len(vocab))])
        draw_chart(st, embed_charts.cooc_heatmap(df, vocab))
        st.caption(t("embeddings.cooc.caption", counts=int(counts.sum()), words=len(vocab)))


def _projector(name: str, perplexity: float) -> TSNEProjector:
    key = f"_emb_{name}_projector"
    p = st.session_state.get(key)
    if p is None or p.config.perplexity != perplexity:
        p = st.session_state[key] = TSNEProjector(ProjectionConfig(perplexity=perplexity,
                                                                   iterations=400))
    return p


def learned_panel(train_run, method: str) -> None:
    """The Train page model's input embedding matrix, projected, one point per token."""
    if train_run is None:
        st.info(t("embeddings.learned.no_run"))
        return
    with train_run.lock:
        E, where = embedding_matrix(train_run.trainer.model)
        tokens = list(train_run.trainer.task.vocab.tokens)
        step = train_run.trainer.state.step
    words = [tok if tok.strip() else "␣" for tok in tokens]
    df = embed_charts.with_class_names(
        pd.DataFrame({"word": words, "class": [token_class(tok) for tok in tokens]}))
    try:
        Y = pca(E) if method == "pca" else _projector("learned", min(10.0, (len(E) - 1) // 3)).fit(
            E, keys=tuple(tokens))
    except SettingError as exc:
        st.error(literal(say(exc)))
        return
    df["x"], df["y"] = Y[:, 0], Y[:, 1]
    draw_chart(st, embed_charts.scatter_chart(df, height=420), width="stretch")
    st.caption(t("embeddings.learned.caption", n=len(tokens), task=train_run.trainer.task.name,
                 step=step, where=t(WHERE[where]) if where in WHERE else where))
    st.button(t("embeddings.learned.refresh"), key="emb_learned_refresh", icon=":material/refresh:")


def hidden_panel(train_run) -> None:
    """t-SNE of the Train model's final hidden states over a batch, coloured by the label."""
    st.markdown(t("embeddings.hidden.heading"))
    if train_run is None:
        st.info(t("embeddings.hidden.no_run"))
        return
    method = widget("emb_hidden_method")
    if not st.button(t("embeddings.hidden.button"), key="emb_hidden_go",
                     icon=":material/scatter_plot:"):
        st.caption(t("embeddings.hidden.press"))
        return
    with train_run.lock:
        H, labels = final_hidden_states(train_run.trainer.model, train_run.trainer.task)
        step, task = train_run.trainer.state.step, train_run.trainer.task.name
    Y = pca(H) if method == "PCA" else _projector("hidden", 30.0).fit(H, keys=None)
    df = pd.DataFrame({"word": [f"#{i}" for i in range(len(H))],
                       "label": [tok if tok.strip() else "␣" for tok in labels], "x": Y[:, 0], "y": Y[:, 1]})
    draw_chart(st, embed_charts.scatter_chart(df, labels=False, height=420, color_field="label",
                                              title=t("embeddings.hidden.legend")),
               width="stretch")
    st.caption(t("embeddings.hidden.caption", task=task, step=step))
