"""Attention page: an encoder-decoder learns a toy translation live; its attention weights
alpha<t,t'> are drawn for your input, decoded greedily or by beam search, and scored on a
held-out set against a model without attention."""
from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from engine.seq2seq.decode import DecodeConfig
from playground.attention import charts
from playground.attention.evaluation import draw_evaluation
from playground.attention.probe import SPECS, draw_probe
from playground.attention.run import KEY, AttentionRun, AttnChoice
from playground.attention.sidebar import (
    SETTINGS,
    SETTINGS_FOLD,
    attn_sidebar,
    uploaded_pairs,
    widget_values,
)
from playground.i18n import t
from playground.i18n.catalogue import has
from playground.kit import MAX_POINTS, room_ui
from playground.kit.fold import folded, sidebar_settings
from playground.kit.live import live_chart, once_per_frame
from playground.kit.lockstep import describe_change
from playground.kit.shell import (
    change_words,
    controls_row,
    from_sidebar,
    live_fragment,
    page_shell,
    settle,
    show_notice,
    sidebar_problem,
    status_row,
)
from playground.kit.urlstate import copy_link, set_default, widget
from playground.literal import code

EQUATIONS = [(r"e^{\langle t,t'\rangle} = v^\top \tanh\left(W s^{\langle t-1\rangle} + U a^{\langle t'\rangle}\right)"
              r"\quad\text{(Luong: } e^{\langle t,t'\rangle} = s^{\langle t-1\rangle}\cdot a^{\langle t'\rangle}\text{)}"),
             (r"\alpha^{\langle t,t'\rangle} = \frac{\exp(e^{\langle t,t'\rangle})}"
              r"{\sum_{t''=1}^{T_x} \exp(e^{\langle t,t''\rangle})}, \qquad "
              r"c^{\langle t\rangle} = \sum_{t'} \alpha^{\langle t,t'\rangle} a^{\langle t'\rangle}"),
             (r"\text{beam score} = \frac{1}{T_y^{\,\alpha}} \sum_{t=1}^{T_y} "
              r"\log P(y^{\langle t\rangle} \mid x, y^{\langle 1\rangle}, \dots, y^{\langle t-1\rangle})")]


def default_probe(task) -> str:
    """The longest of a few held-out inputs: a long diagonal shows attention best."""
    return max((s for s, _ in task.heldout(12, seed=7)), key=len)


def task_about(task) -> str:
    """What the task is, in the session's language (else the engine's docstring)."""
    key = f"attention.task.{task.name}.about"
    return t(key) if has(key) else type(task).__doc__.strip()


def task_hint(task) -> str:
    """What a learner may type for the task, in the session's language (else the engine's hint;
    its own error messages keep theirs)."""
    key = f"attention.task.{task.name}.hint"
    if not has(key):
        return task.hint
    letters = getattr(task, "letters", None) or "?"
    return t(key, first=letters[0], last=letters[-1])


def settle_run(choice: AttnChoice) -> None:
    """Start, reset or retune the run to match the sidebar; never loses it on error."""
    def start(c: AttnChoice) -> AttentionRun:
        run = AttentionRun.start(c)
        probe_follows(run, c)
        return run

    def notice(run: AttentionRun, c: AttnChoice) -> str:
        what = (t("attention.page.notice_task", old=run.choice.task, new=c.task)
                if run.choice.task != c.task else
                describe_change(run.choice, c, **change_words("attn"))
                if run.choice.compare == c.compare else
                t("attention.page.notice_compare"))
        return t("attention.page.notice", what=what)

    settle(KEY, choice, start, same=lambda run, c: c.arch_key == run.choice.arch_key,
           notice=notice, notice_key="attn_notice")


def probe_follows(run: AttentionRun, choice: AttnChoice) -> None:
    """A new task (or new input lengths) brings a fresh default probe; a link's own probe is
    kept, since the same link chose the task."""
    state, task = st.session_state, (choice.task, choice.task_config)
    written_for = state.get("_attn_probe_for")
    if written_for != task and not (written_for is None and state.get("attn_probe")):
        set_default("attn_probe", default_probe(run.task))
    state["_attn_probe_for"] = task


def status_line(run: AttentionRun) -> None:
    held = run.main.heldout_curve[-1]["val_exact_match"] if run.main.heldout_curve else None
    col, = status_row(run, rate_format=".1f", extra=1, rate_help=t("attention.page.rate_help"))
    col.metric(t("attention.page.heldout_metric"), "–" if held is None else f"{held:.0%}",
               help=t("attention.page.heldout_help", n=run.main.heldout_size))


def training_frame(run: AttentionRun) -> pd.DataFrame:
    """Every model's loss and exact match by step, with the held-out exact match."""
    frames = []
    for label, trainer in run.trainers.items():
        rows = [{k: r[k] for k in ("step", "loss", "exact_match")}
                for r in trainer.history.view(MAX_POINTS)]
        frames.append(pd.DataFrame(rows + trainer.heldout_curve).assign(series=label))
    cols = ["step", "series", "loss", "exact_match", "val_exact_match"]
    df = pd.concat(frames, ignore_index=True).reindex(columns=cols)
    df[cols[2:]] = df[cols[2:]].astype(float).replace([math.inf, -math.inf], math.nan)
    return df


def draw_training_charts(run: AttentionRun) -> None:
    if not run.main.history.last:
        st.info(t("attention.page.press_play"))
        return
    df = once_per_frame(("training",), lambda: training_frame(run))
    log = st.session_state.get("_attn_log", True)
    series = tuple(run.trainers)
    left, right = st.columns(2)
    live_chart(left, t("attention.page.loss"), "attn_loss",
               lambda d: charts.loss_chart(d, log, series),
               df, t("attention.page.loss_alt", n=len(df), step=run.step_count), log, series,
               store=SPECS)
    left.caption(t("attention.page.loss_caption"))
    live_chart(right, t("attention.page.exact"), "attn_exact",
               lambda d: charts.exact_match_chart(d, series),
               df, t("attention.page.exact_alt", n=len(df)), series, store=SPECS)
    right.caption(t("attention.page.exact_caption", n=run.main.heldout_size))


def draw(run: AttentionRun, text: str, config: DecodeConfig) -> None:
    status_line(run)
    draw_training_charts(run)
    st.subheader(t("attention.page.looks"))
    draw_probe(run, text, config)


def body(choice: AttnChoice | None, room=None) -> None:
    def settle() -> None:
        if choice is not None:
            settle_run(choice)
        with st.sidebar:  # after settle_run, which may bring a new default probe
            copy_link("attention", uploaded_pairs())
    room_ui.settle_or_follow(room, "attention", KEY, settle, AttentionRun.warm)
    run: AttentionRun | None = st.session_state.get(KEY)
    if sidebar_problem(run):
        return
    show_notice("attn_notice")
    room_ui.leader_banner("attention", KEY)
    task = run.task
    box = folded(t("attention.page.what_is", name=task.name, about=task_about(task)),
                 "attn_what_open")
    if box is not None:
        with box:
            src, tgt = task.example()
            st.markdown(t("attention.page.pair", src=code(src), tgt=code(tgt)))
            for eq in EQUATIONS:
                st.latex(eq)
    if room is not None:
        extras = room_ui.follow_bar(room, KEY, adopt)
    else:
        extras = controls_row("attn", KEY, run,
                              play_help=t("attention.page.play_help"),
                              step_help=t("attention.page.step_help"),
                              reset_notice=t("attention.page.reset_notice"))
    st.session_state["_attn_log"] = widget("attn_log", extras)
    c1, c2, c3 = st.columns([3, 1, 1])
    if "attn_probe" not in st.session_state or room is not None and \
            st.session_state.get("_attn_probe_for") != (run.choice.task, run.choice.task_config):
        set_default("attn_probe", default_probe(task))   # e.g. after a failed start, or a room's
        st.session_state["_attn_probe_for"] = (run.choice.task, run.choice.task_config)
    text = widget("attn_probe", c1, help=t("attention.page.probe_help", hint=task_hint(task)))
    config = DecodeConfig(beam=widget("attn_beam", c2), alpha=widget("attn_alpha", c3))
    live_fragment(KEY, lambda live: draw(live, text, config))
    draw_evaluation(run)


def adopt(run: AttentionRun) -> None:
    """A forked run's settings into the sidebar, before its widgets are drawn."""
    st.session_state["_attn_pending_values"] = widget_values(run.choice, t("rooms.the_room"))
    st.session_state["_attn_probe_for"] = (run.choice.task, run.choice.task_config)


def apply_pending_values() -> None:
    for key, value in st.session_state.pop("_attn_pending_values", {}).items():
        st.session_state[key] = value


def sidebar_and_body() -> None:
    room = room_ui.following(KEY)
    if room is not None:
        with st.sidebar:
            room_ui.follow_sidebar(room)
        choice = None
    else:
        choice = sidebar_settings(t("attention.sidebar.settings"), SETTINGS_FOLD,
                                  lambda: from_sidebar(attn_sidebar), SETTINGS)
    body(choice, room)


def main() -> None:
    page_shell("attention", sidebar_and_body, before=apply_pending_values)
