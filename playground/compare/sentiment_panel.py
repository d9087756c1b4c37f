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
from playground.i18n import t
from playground.kit.charts import draw as draw_chart
from playground.kit.fold import folded
from playground.literal import code
from playground.train.run import Choice

MODELS = ("naive_bayes", "average", "recurrent")  # engine.sentiment's keys, in drawing order
RESULT = "_cmp_sentiment"


def model_name(model: str) -> str:
    """A model's name as the chart's legend and the table show it."""
    return t(f"compare.sentiment.model.{model}")


def phrase_name(phrase: str) -> str:
    """A phrase type (engine key: plain, negated, contrasted, intensified) as the page shows it."""
    return t(f"compare.sentiment.phrase.{phrase}")


def label_expr(names: dict) -> str:
    """A Vega labelExpr that shows each key of `names` as its name: the data keeps the keys."""
    expr = "datum.value"
    for key, name in reversed(names.items()):
        expr = f"datum.value === {key!r} ? {name!r} : {expr}"
    return expr


def by_type_chart(result: dict) -> alt.Chart:
    rows = [{"model": m, "model_name": model_name(m), "phrase": p, "phrase_name": phrase_name(p),
             "accuracy": r["by_type"][p]} for m, r in result["models"].items() for p in TYPES]
    phrases = label_expr({p: phrase_name(p) for p in TYPES})
    models = label_expr({m: model_name(m) for m in MODELS})
    return alt.Chart(pd.DataFrame(rows)).mark_bar().encode(
        alt.X("phrase:N", title=t("compare.sentiment.phrase_type"), sort=list(TYPES),
              axis=alt.Axis(labelAngle=0, labelExpr=phrases)),
        alt.XOffset("model:N", sort=list(MODELS)),
        alt.Y("accuracy:Q", title=t("charts.accuracy"), scale=alt.Scale(domain=[0, 1])),
        alt.Color("model:N", sort=list(MODELS), legend=alt.Legend(orient="top", title=None,
                                                                  labelExpr=models)),
        tooltip=[alt.Tooltip("model_name:N", title=t("compare.sentiment.model_title")),
                 alt.Tooltip("phrase_name:N", title=t("compare.sentiment.phrase_title")),
                 alt.Tooltip("accuracy:Q", title=t("charts.accuracy"), format=".3f")],
    ).properties(height=300)


def sentiment_panel(choice: Choice) -> None:
    st.subheader(t("compare.sentiment.title"))
    st.caption(t("compare.sentiment.caption"))
    vectors = None
    embed_run = st.session_state.get(EMBED_KEY)
    pretrained = embed_run is not None and st.toggle(
        t("compare.sentiment.pretrained"), key="cmp_sent_vectors",
        help=t("compare.sentiment.pretrained_help"))
    if pretrained:
        with embed_run.lock:
            vectors = vectors_of(embed_run.main)
    language = choice.task_config.language
    if st.button(t("compare.sentiment.train", steps=STEPS), key="cmp_sent_train",
                 icon=":material/model_training:"):
        with st.status(t("compare.sentiment.training")) as box:
            st.session_state[RESULT] = result = compare(language, seed=choice.train.seed,
                                                        model_config=choice.model,
                                                        vectors=vectors)
            seconds = sum(r["seconds"] for r in result["models"].values())
            box.update(label=t("compare.sentiment.trained", seconds=seconds), state="complete")
    result = st.session_state.get(RESULT)
    if result is None or result["language"] != language:
        st.caption(t("compare.sentiment.press"))
    else:
        draw_result(result)
    box = folded(t("compare.sentiment.example"), "cmp_nb_example_open")
    if box is not None:
        with box:
            naive_bayes_example()


def draw_result(result: dict) -> None:
    draw_chart(st, by_type_chart(result), width="stretch",
               alt=t("compare.sentiment.chart_alt", language=result["language"]))
    table = pd.DataFrame([{"model": model_name(m), "overall": r["accuracy"], **r["by_type"],
                           "seconds": r["seconds"]} for m, r in result["models"].items()])
    number = st.column_config.NumberColumn
    st.dataframe(table, hide_index=True, width="stretch", column_config={  # keyed columns, shown names
        "model": st.column_config.TextColumn(t("compare.sentiment.model_title")),
        "overall": number(t("compare.sentiment.overall"), format="%.3f"),
        **{p: number(phrase_name(p), format="%.3f") for p in TYPES},
        "seconds": number(t("compare.sentiment.seconds"), format="%.2f")})
    examples = " · ".join(f"{phrase_name(p)}: {code(e['review'])} → {e['label']}"
                          for p, e in result["examples"].items() if e)
    counts = {phrase_name(p): n for p, n in result["test_by_type"].items()}
    st.caption(t("compare.sentiment.per_type", counts=counts, examples=examples))
    pretrained = result["models"]["average"].get("pretrained_words", 0)
    if pretrained:
        st.caption(t("compare.sentiment.pretrained_words", n=pretrained))


def naive_bayes_example() -> None:
    ex = worked_example()
    bags = ex["bag_of_words"]
    st.markdown(t("compare.nb.bag"))
    st.dataframe(pd.DataFrame(bags["vectors"], index=bags["vocabulary"]).T, width="stretch")
    st.markdown(t("compare.nb.rule"))
    text = st.column_config.TextColumn
    st.dataframe(pd.DataFrame(ex["documents"]).drop(columns="words", errors="ignore"),
                 hide_index=True, width="stretch",
                 column_config={"text": text(t("compare.nb.text")),
                                "class": text(t("compare.nb.class"))})
    k = ex["smoothed"]["k"]
    for title, block in ((t("compare.nb.query"), ex["query"]), (t("compare.nb.zero"), ex["zero"]),
                         (t("compare.nb.smoothed_query", k=k), ex["smoothed"]["query"]),
                         (t("compare.nb.smoothed_zero", k=k), ex["smoothed"]["zero"])):
        st.markdown(f"**{title}**: {code(block['query'])} → {block['prediction']}")
        st.dataframe(pd.DataFrame([{"class": c, "P(c)": v["prior"]["written"],
                                    **{f"P({w['word']}|c)": w["written"] for w in v["likelihoods"]},
                                    "score": v["score"], "≈": v["decimal"]}
                                   for c, v in block["classes"].items()]),
                     hide_index=True, width="stretch",
                     column_config={"class": text(t("compare.nb.class")),
                                    "score": text(t("compare.nb.score"))})
    st.caption(t("compare.nb.caption"))
