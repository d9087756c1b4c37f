"""The Train page's run, shared with the Gates and Embeddings pages: start, reset or retune it."""
from __future__ import annotations

import streamlit as st

from engine.fields import SettingError
from engine.tasks import make_task
from playground.controls import sidebar
from playground.session import LiveRun, describe_change

KEY = "train_run"


def settle_run(choice) -> None:
    """Start, reset or retune the session's run to match the sidebar; never loses it on error."""
    run: LiveRun | None = st.session_state.get(KEY)
    if run is not None and choice.arch_key == run.choice.arch_key:
        changed = run.retune(choice.train)
        if changed:
            st.toast(f"Applied live at step {run.trainer.state.step}: " + ", ".join(changed))
        return
    try:
        new = LiveRun.start(choice, make_task(choice.task, choice.task_config))
    except SettingError as exc:
        st.error(f"{exc}" + (" The current run is kept." if run else ""))
        return
    if run is not None:
        new.playing = run.playing  # a learner who changes the model while playing keeps watching
        st.session_state["train_notice"] = (f"The run was reset because {describe_change(run.choice, choice)} "
                                            "changed the model or its data; learning rate, optimizer, "
                                            "clipping and batch size apply live instead.")
    st.session_state[KEY] = new



def run_from_sidebar(expanded: bool = False) -> LiveRun | None:
    """For pages that show the Train page's run: its settings in a sidebar expander (the same
    widgets and link fields), so a link to such a page rebuilds the same model."""
    with st.sidebar.expander("Model and training (shared with the Train page)", expanded=expanded):
        try:
            choice = sidebar()
        except SettingError as exc:
            st.error(str(exc))
            choice = None
    if choice is not None:
        settle_run(choice)
    return st.session_state.get(KEY)
