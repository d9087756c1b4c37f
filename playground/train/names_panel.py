"""The names task's panel: sample new names from <s> at a temperature and see how many are new,
valid-looking and repeated (engine.generate)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from engine.fields import SettingError
from engine.generate import novelty_report, sample_names
from playground.kit.urlstate import follow_link, widget
from playground.literal import literal
from playground.train.run import KEY, LiveRun

REPORT_HELP = {
    "new": "Samples that are not in the training list (a held-out name counts as new: the "
           "model never saw it).",
    "valid": "Samples the list's own grammar accepts: they look like the names it learned.",
    "repeated": "Samples whose exact text comes out more than once (every copy counts).",
}


def names_panel(run: LiveRun) -> None:
    @st.fragment
    def panel():
        follow_link()
        live: LiveRun = st.session_state[KEY]
        st.subheader(f"New names from the model (step {live.trainer.state.step:,})")
        st.caption("Each name starts from the start token <s> and ends when the model writes "
                   "</s>. Low temperature repeats the likeliest names; high temperature invents "
                   "more, and more of them stop looking like names.")
        c1, c2, c3 = st.columns([2, 2, 1])
        temperature = widget("train_temperature", c1)
        n = widget("train_name_samples", c2)
        if c3.button("Sample", key="train_names_sample", width="stretch"):
            st.session_state["train_sample_seed"] = st.session_state.get("train_sample_seed", 0) + 1
        try:
            with live.lock:
                samples = sample_names(live.trainer.model, live.trainer.task, n, temperature,
                                       seed=st.session_state.get("train_sample_seed", 0))
        except SettingError as exc:  # a diverged model (NaN/inf weights) cannot sample
            st.warning(literal(exc))
            return
        report = novelty_report(samples, live.trainer.task)
        cols = st.columns(3)
        for col, what in zip(cols, ("new", "valid", "repeated")):
            col.metric(what, f"{report['share_' + what]:.0%}", help=REPORT_HELP[what] +
                       f" {report[what]} of {report['n']}.")
        rows = pd.DataFrame(report["examples"]).rename(columns={"name": "sample"})
        st.dataframe(rows, hide_index=True, width="stretch", column_config={
            "new": st.column_config.CheckboxColumn(help=REPORT_HELP["new"]),
            "valid": st.column_config.CheckboxColumn(help=REPORT_HELP["valid"])})
        st.caption(f"The first {len(rows)} different samples of {report['n']}; `python -m engine "
                   "names --json` gives the same report.")

    panel()
