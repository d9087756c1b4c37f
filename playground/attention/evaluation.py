"""The Attention page's held-out evaluation: every model's scores by input length."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from playground.attention import charts
from playground.attention.run import EVAL_SIZE, AttentionRun
from playground.kit.urlstate import widget


def draw_evaluation(run: AttentionRun) -> None:
    st.subheader("Held-out evaluation by input length")
    c1, c2 = st.columns([1, 3])
    pressed = c1.button("Evaluate", key="attn_evaluate", icon=":material/query_stats:",
                        help=f"Greedy-decode {run.task.heldout_count(EVAL_SIZE):,} held-out examples with "
                             "every model (computed once per training step).")
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
