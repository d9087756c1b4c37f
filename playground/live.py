"""Drawing a chart that redraws several times a second without rebuilding its spec each time."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from playground import charts


def live_chart(column, title: str, kind: str, build, df: pd.DataFrame, alt_text: str,
               *options, store: str = "live_specs") -> None:
    """Draw chart `kind` in `column` under a bold title. Its Vega-Lite spec is built by
    `build(empty frame)` once per set of `options`; later redraws only swap in `df`'s rows."""
    column.markdown(f"**{title}**")
    specs = st.session_state.setdefault(store, {})
    key = (kind, *options)
    if key not in specs:
        if len(specs) > 32:
            specs.clear()
        specs[key] = charts.LiveSpec(build(df.iloc[:0]))
    column.vega_lite_chart(spec=specs[key].with_rows(df), width="stretch", alt=alt_text)
