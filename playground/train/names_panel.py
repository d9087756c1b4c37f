"""The names task's panel: sample new names from <s> at a temperature and see how many are new,
valid-looking and repeated (engine.generate)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from engine.fields import SettingError
from engine.generate import novelty_report, sample_names
from playground.i18n import say, t
from playground.kit.urlstate import widget
from playground.literal import literal
from playground.train.lm_panel import sampling_header
from playground.train.run import LiveRun


def names_panel(run: LiveRun) -> None:
    @st.fragment
    def panel():
        live, temperature, c2, c3 = sampling_header("names")
        n = widget("train_name_samples", c2)
        if c3.button(t("lm.sample"), key="train_names_sample", width="stretch"):
            st.session_state["train_sample_seed"] = st.session_state.get("train_sample_seed", 0) + 1
        try:
            with live.lock:
                samples = sample_names(live.trainer.model, live.trainer.task, n, temperature,
                                       seed=st.session_state.get("train_sample_seed", 0))
        except SettingError as exc:  # a diverged model (NaN/inf weights) cannot sample
            st.warning(literal(say(exc)))
            return
        report = novelty_report(samples, live.trainer.task)
        cols = st.columns(3)
        for col, what in zip(cols, ("new", "valid", "repeated")):
            col.metric(t(f"names.{what}"), f"{report['share_' + what]:.0%}",
                       help=t(f"names.{what}_help") + " " +
                       t("names.of", count=report[what], n=report["n"]))
        rows = pd.DataFrame(report["examples"]).rename(columns={"name": "sample"})
        st.dataframe(rows, hide_index=True, width="stretch", column_config={
            "sample": st.column_config.TextColumn(t("names.sample")),
            "count": st.column_config.NumberColumn(t("names.count")),
            "new": st.column_config.CheckboxColumn(t("names.new"), help=t("names.new_help")),
            "valid": st.column_config.CheckboxColumn(t("names.valid"),
                                                     help=t("names.valid_help"))})
        st.caption(t("names.table_caption", shown=len(rows), n=report["n"]))

    panel()
