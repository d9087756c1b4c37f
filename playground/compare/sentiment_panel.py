"""The Compare page's sentiment panel: bag-of-words Naive Bayes, averaged word embeddings and a
recurrent model trained on the same reviews and scored by phrase type (engine.sentiment), and
the course notes' Naive Bayes worked example (engine.naive_bayes)."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from engine.naive_bayes import worked_example
from engine.sentiment import STEPS, compare, vectors_of
from engine.tasks.sentiment import TYPES
from playground.embeddings.run import KEY as EMBED_KEY
from playground.literal import code
from playground.train.run import Choice

MODELS = {"naive_bayes": "Naive Bayes (bag of words)", "average": "average of word vectors",
          "recurrent": "recurrent model (word order)"}
RESULT = "_cmp_sentiment"


def by_type_chart(result: dict) -> alt.Chart:
    rows = [{"model": MODELS[m], "phrase": t, "accuracy": r["by_type"][t]}
            for m, r in result["models"].items() for t in TYPES]
    return alt.Chart(pd.DataFrame(rows)).mark_bar().encode(
        alt.X("phrase:N", title="phrase type", sort=list(TYPES), axis=alt.Axis(labelAngle=0)),
        alt.XOffset("model:N", sort=list(MODELS.values())),
        alt.Y("accuracy:Q", scale=alt.Scale(domain=[0, 1])),
        alt.Color("model:N", sort=list(MODELS.values()), legend=alt.Legend(orient="top",
                                                                           title=None)),
        tooltip=["model:N", "phrase:N", alt.Tooltip("accuracy:Q", format=".3f")],
    ).properties(height=300)


def sentiment_panel(choice: Choice) -> None:
    st.subheader("Bag of words, averaged vectors, and a model that reads in order")
    st.caption("Three models learn from the same 2,000 generated reviews and are scored on the "
               "same 800 held-out ones, by phrase type. Naive Bayes and the average of word "
               "vectors see which words occur, not their order, so “not good” and “good” look "
               "alike to them; the recurrent model reads the words in order.")
    vectors = None
    embed_run = st.session_state.get(EMBED_KEY)
    pretrained = embed_run is not None and st.toggle(
        "Start the averaging model from the Embeddings page's vectors", key="cmp_sent_vectors",
        help="Transfer learning: words the Embeddings page's corpus shares with the reviews "
             "start from its trained vectors.")
    if pretrained:
        with embed_run.lock:
            vectors = vectors_of(embed_run.main)
    language = choice.task_config.language
    if st.button(f"Train the three models ({STEPS} steps each)", key="cmp_sent_train",
                 icon=":material/model_training:"):
        with st.status("Fitting Naive Bayes, training the averaging and the recurrent "
                       "model…") as box:
            st.session_state[RESULT] = result = compare(language, seed=choice.train.seed,
                                                        model_config=choice.model,
                                                        vectors=vectors)
            seconds = sum(r["seconds"] for r in result["models"].values())
            box.update(label=f"Trained the three models in {seconds:.1f} s", state="complete")
    result = st.session_state.get(RESULT)
    if result is None or result["language"] != language:
        st.caption("Press the button: it takes a few seconds.")
    else:
        draw_result(result)
    with st.expander("The notes' Naive Bayes example, computed"):
        naive_bayes_example()


def draw_result(result: dict) -> None:
    st.altair_chart(by_type_chart(result), width="stretch",
                    alt=f"Held-out accuracy by phrase type of three models ({result['language']})")
    table = pd.DataFrame([{"model": MODELS[m], "overall": r["accuracy"], **r["by_type"],
                           "seconds": r["seconds"]} for m, r in result["models"].items()])
    st.dataframe(table, hide_index=True, width="stretch", column_config={
        c: st.column_config.NumberColumn(format="%.3f") for c in ("overall", *TYPES)} | {
        "seconds": st.column_config.NumberColumn(format="%.2f")})
    examples = " · ".join(f"{t}: {code(e['review'])} → {e['label']}"
                          for t, e in result["examples"].items() if e)
    st.caption(f"Held-out reviews per type: {result['test_by_type']}. Examples: " + examples)
    pretrained = result["models"]["average"].get("pretrained_words", 0)
    if pretrained:
        st.caption(f"The averaging model started {pretrained} words from the Embeddings page's "
                   "vectors.")


def naive_bayes_example() -> None:
    ex = worked_example()
    bags = ex["bag_of_words"]
    st.markdown("**Bag of words.** Each sentence becomes the count of every vocabulary word:")
    st.dataframe(pd.DataFrame(bags["vectors"], index=bags["vocabulary"]).T, width="stretch")
    st.markdown("**Naive Bayes**: P(c | d) ∝ P(c) · Π P(w | c), with P(w | c) = count(w, c) / "
                "(words in c). The training documents:")
    st.dataframe(pd.DataFrame(ex["documents"]).drop(columns="words", errors="ignore"),
                 hide_index=True, width="stretch")
    for title, block in (("Query", ex["query"]), ("A word NLP never saw", ex["zero"]),
                         (f"Add-{ex['smoothed']['k']} smoothing, same query",
                          ex["smoothed"]["query"]),
                         (f"Add-{ex['smoothed']['k']} smoothing, unseen word",
                          ex["smoothed"]["zero"])):
        st.markdown(f"**{title}**: {code(block['query'])} → {block['prediction']}")
        st.dataframe(pd.DataFrame([{"class": c, "P(c)": v["prior"]["written"],
                                    **{f"P({w['word']}|c)": w["written"] for w in v["likelihoods"]},
                                    "score": v["score"], "≈": v["decimal"]}
                                   for c, v in block["classes"].items()]),
                     hide_index=True, width="stretch")
    st.caption("`python -m engine naive-bayes --json` prints the same numbers. A zero "
               "likelihood wipes out every other word's evidence; add-k smoothing gives each "
               "unseen word a small count instead.")
