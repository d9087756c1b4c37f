"""The Attention page's held-out evaluation: every model's scores by input length."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from playground.attention import charts
from playground.attention.run import EVAL_SIZE, AttentionRun, shown
from playground.fields import FIELDS
from playground.i18n import option_label, t
from playground.kit.charts import draw as draw_chart
from playground.kit.urlstate import widget


def draw_evaluation(run: AttentionRun) -> None:
    st.subheader(t("attention.eval.subheader"))
    c1, c2 = st.columns([1, 3])
    pressed = c1.button(t("attention.eval.button"), key="attn_evaluate", icon=":material/query_stats:",
                        help=t("attention.eval.button_help", n=run.task.heldout_count(EVAL_SIZE)))
    metric = widget("attn_metric", c2)
    if pressed:
        bar = st.progress(0.0, text=t("attention.eval.progress"))
        run.evaluate(lambda f: bar.progress(min(1.0, f), text=t("attention.eval.progress")))
        bar.empty()
    if not run.evaluations:
        st.caption(t("attention.eval.prompt"))
        return
    step, results = next(iter(run.evaluations.items()))
    rows = [dict(r, series=label) for label, res in results.items() for r in res["by_length"]]
    draw_chart(st, charts.length_chart(pd.DataFrame(rows), metric, tuple(results)),
               width="stretch", alt=t("attention.eval.alt", metric=metric, step=step))
    # column headers in the session's language ("exact match", "token accuracy": the Score
    # setting's own option labels); BLEU is a name
    exact, accuracy = (option_label(FIELDS["attn_metric"], m) for m in ("exact_match", "token_accuracy"))
    summary = pd.DataFrame([{t("attention.eval.model"): shown(label), exact: res["exact_match"],
                             accuracy: res["token_accuracy"], "BLEU": res["bleu"],
                             t("attention.eval.examples"): res["n"]} for label, res in results.items()])
    st.dataframe(summary, hide_index=True, column_config={
        exact: st.column_config.NumberColumn(format="%.3f"),
        accuracy: st.column_config.NumberColumn(format="%.3f"),
        "BLEU": st.column_config.NumberColumn(format="%.1f")})
    moved = "" if step == run.step_count else t("attention.eval.moved", now=run.step_count)
    st.caption(t("attention.eval.caption", step=step, moved=moved))
