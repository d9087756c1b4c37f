"""The Attention page's probe: your input decoded by every model, the attention heatmap of the
chosen one and its top beams."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from engine.fields import SettingError
from engine.seq2seq.decode import DecodeConfig, attention_cells
from playground.attention import charts
from playground.attention.run import AttentionRun
from playground.kit.charts import LiveSpec
from playground.literal import code, literal

SPECS = "attn_specs"
CELL_COLUMNS = ["src", "out", "src_pos", "src_token", "out_pos", "out_token", "weight"]


def heatmap_frame(source: list[str], output: list[str], attention) -> pd.DataFrame:
    """Long frame of alpha<t,t'>: one row per (output t, source t') pair."""
    return pd.DataFrame(attention_cells(source, output, attention), columns=CELL_COLUMNS)


def draw_heatmap(df: pd.DataFrame, alt_text: str) -> None:
    specs = st.session_state.setdefault(SPECS, {})
    if "heatmap" not in specs:
        specs["heatmap"] = LiveSpec(charts.attention_heatmap(df.iloc[:0]))
    st.vega_lite_chart(spec=specs["heatmap"].with_rows(df), width="content", alt=alt_text)


def draw_probe(run: AttentionRun, text: str, config: DecodeConfig) -> None:
    try:
        results = run.decode(text, config)
    except SettingError as exc:
        st.error(literal(exc))
        return
    labels = list(results)
    main = results[labels[0]]
    best = main["beams"][0]
    method = "greedy decoding" if config.beam == 1 else f"beam search, B = {config.beam}"
    answer = run.task.target(text)
    verdict = "" if answer is None else (" ✓ right" if best["text"] == answer else
                                         f" ✗ (right answer: {code(answer)})")
    st.markdown(f"**{labels[0]}** ({method}) writes {code(best['text'])}" +
                ("" if best["ended"] else " (stopped at the length cap, no </s>)") + verdict)
    for label in labels[1:]:
        other = results[label]["beams"][0]
        st.markdown(f"**{label}** (greedy) writes {code(other['text'])}" +
                    ("" if answer is None else " ✓" if other["text"] == answer else " ✗"))
    left, right = st.columns([3, 2]) if len(text) <= 14 else (st.container(), st.container())
    with left:
        if main["attention"] is None:
            st.info("This model has no attention: its decoder reads one fixed summary of the "
                    "whole input at every step, so there are no weights to draw. Pick Bahdanau "
                    "or Luong attention in the sidebar.")
        else:
            df = heatmap_frame(main["source_tokens"], best["tokens"], main["attention"])
            draw_heatmap(df, f"Attention heatmap: {len(best['tokens'])} output tokens × "
                             f"{len(main['source_tokens'])} source tokens at step {run.step_count}")
            st.caption("Each row is one output step t; its cells are the weights α<t,t'> on the "
                       "source characters, which sum to 1. Hover a cell for its value. "
                       "The chosen (best-scoring) beam is drawn.")
    with right:
        st.markdown("**Top beams**")
        beams = pd.DataFrame([{"output": b["text"] + ("" if b["ended"] else " …"),
                               "T_y": len(b["tokens"]), "log P(y|x)": b["logprob"],
                               f"score (α={config.alpha:g})": b["score"]}
                              for b in main["beams"]])
        st.dataframe(beams, hide_index=True, width="stretch",
                     column_config={"log P(y|x)": st.column_config.NumberColumn(format="%.4f"),
                                    f"score (α={config.alpha:g})":
                                    st.column_config.NumberColumn(format="%.4f")})
        st.caption("Best normalised score first. T_y counts the output characters and </s>; "
                   "score = log P / T_y^α, so α = 0 ranks by raw probability (short outputs "
                   "win) and α = 1 by the mean per token.")
