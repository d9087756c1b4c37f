"""The Attention page's probe: your input decoded by every model, the attention heatmap of the
chosen one and its top beams."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from engine.fields import SettingError
from engine.seq2seq.decode import DecodeConfig, attention_cells
from playground.attention import charts
from playground.attention.run import AttentionRun, shown
from playground.i18n import lang, say, t
from playground.kit.charts import LiveSpec
from playground.literal import code, literal

SPECS = "attn_specs"
CELL_COLUMNS = ["src", "out", "src_pos", "src_token", "out_pos", "out_token", "weight"]


def heatmap_frame(source: list[str], output: list[str], attention) -> pd.DataFrame:
    """Long frame of alpha<t,t'>: one row per (output t, source t') pair."""
    return pd.DataFrame(attention_cells(source, output, attention), columns=CELL_COLUMNS)


def draw_heatmap(df: pd.DataFrame, alt_text: str) -> None:
    specs = st.session_state.setdefault(SPECS, {})
    key = ("heatmap", lang())  # its titles are in the session's language
    if key not in specs:
        specs[key] = LiveSpec(charts.attention_heatmap(df.iloc[:0]))
    st.vega_lite_chart(spec=specs[key].with_rows(df), width="content", alt=alt_text)


def draw_probe(run: AttentionRun, text: str, config: DecodeConfig) -> None:
    try:
        results = run.decode(text, config)
    except SettingError as exc:
        st.error(literal(say(exc)))
        return
    labels = list(results)
    main = results[labels[0]]
    best = main["beams"][0]
    method = (t("attention.probe.greedy") if config.beam == 1 else
              t("attention.probe.beam", beam=config.beam))
    answer = run.task.target(text)
    verdict = "" if answer is None else (t("attention.probe.right") if best["text"] == answer else
                                         t("attention.probe.wrong", answer=code(answer)))
    st.markdown(t("attention.probe.writes", model=shown(labels[0]), method=method,
                  output=code(best["text"]), verdict=verdict,
                  capped="" if best["ended"] else t("attention.probe.capped")))
    for label in labels[1:]:
        other = results[label]["beams"][0]
        st.markdown(t("attention.probe.other", model=shown(label), output=code(other["text"]),
                      verdict="" if answer is None else " ✓" if other["text"] == answer else " ✗"))
    left, right = st.columns([3, 2]) if len(text) <= 14 else (st.container(), st.container())
    with left:
        if main["attention"] is None:
            st.info(t("attention.probe.no_attention"))
        else:
            df = heatmap_frame(main["source_tokens"], best["tokens"], main["attention"])
            draw_heatmap(df, t("attention.probe.alt", out=len(best["tokens"]),
                               src=len(main["source_tokens"]), step=run.step_count))
            st.caption(t("attention.probe.caption"))
    with right:
        st.markdown(t("attention.probe.top"))
        score = t("attention.probe.score", alpha=config.alpha)  # a column header
        beams = pd.DataFrame([{t("attention.probe.output"): b["text"] + ("" if b["ended"] else " …"),
                               "T_y": len(b["tokens"]), "log P(y|x)": b["logprob"],
                               score: b["score"]}
                              for b in main["beams"]])
        # a static table: an interactive data grid is a large component for a new visitor's
        # browser to load and build (0.16 s of this page's first chart), for three rows
        st.table(beams.style.format({"log P(y|x)": "{:.4f}", score: "{:.4f}"}), hide_index=True)
        st.caption(t("attention.probe.beams_caption"))
