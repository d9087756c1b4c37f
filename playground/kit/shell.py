"""The page shell and the rows every live page draws the same way.

`page_shell` reads the link, draws the page, then writes the link; `settle` starts, resets or
retunes the session's run to match the sidebar; `controls_row` is the Play/Step/Reset row;
`status_row` the Step / Steps/s / Loss / Status metrics; `live_fragment` the timed fragment that
trains a slice, then redraws.
"""
from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable

import streamlit as st

from engine.fields import SettingError
from playground.i18n import DEFAULT, field_label, lang, say, t
from playground.i18n.catalogue import has
from playground.kit import REDRAW_EVERY, room_ui
from playground.kit.live import (
    delivered,
    drawing,
    reset_run,
    set_playing,
    step_once,
    visitor_gone,
)
from playground.kit.lockstep import LockStepRun
from playground.kit.pacing import caps_text
from playground.kit.urlstate import FIELDS, publish, restore, show_notices
from playground.lessons.companion import lesson_card
from playground.literal import literal
from playground.runtime import one_torch_thread

# Streamlit fades ("stale") every element a running script or fragment has not redrawn yet. A
# live fragment reruns several times a second and redraws its charts at the end of each training
# slice, so they would spend most of the time faded. Inside the live area (LIVE_CLASS) its
# outputs (charts, metrics, text) stay at full strength; widgets there, and everything outside,
# still fade when they really are stale.
LIVE_CLASS = "st-key-live_area"
# The outputs, by the test id of an element container's own child: charts and tables sit in a
# full-screen frame, captions in a markdown block. A child (`>`) test, not a descendant one:
# the browser then re-checks only a changed container's own children (about 0.07 s less work on a
# new visitor's first paint of a live page).
LIVE_OUTPUTS = ("stFullScreenFrame", "stMetric", "stMarkdown", "stHeading", "stAlert")
LIVE_STYLE = ("<style>." + LIVE_CLASS + ' .stElementContainer[data-stale="true"]:has('
              + ", ".join(f'> [data-testid="{t}"]' for t in LIVE_OUTPUTS)
              + ") { opacity: 1 !important; transition: none !important; }</style>")


PROBLEM = "_sidebar_problem"


def change_words(prefix: str) -> dict:
    """describe_change's `say` and `name` in the session's language. English keeps the
    settings' own short names ("hidden 32 → 64"); another language names a setting by its
    field's label on the page with key prefix `prefix` ("은닉 유닛(hidden units): 32 → 64")."""
    def name(setting: str) -> str:
        f = FIELDS.get(f"{prefix}_{setting}")
        return field_label(f) if f is not None and lang() != DEFAULT else setting
    return {"say": lambda key, **values: t(f"kit.change.{key}", **values), "name": name}


def page_shell(page: str, body: Callable[[], None], *, title: str | None = None,
               caption: str | None = None, before: Callable[[], None] | None = None) -> None:
    """Title (the catalogue's page.<page>.title and .caption unless given), then: restore the
    link -> (before) -> its notices -> body -> publish the link (also when the body fails, so
    the address bar stays a link to what is on screen)."""
    one_torch_thread()    # this run's own thread (playground/runtime.py)
    st.html(LIVE_STYLE)   # a style only: it takes no room on the page
    st.title(title or t(f"page.{page}.title"))
    caption = caption or (t(f"page.{page}.caption") if has(f"page.{page}.caption") else None)
    if caption:
        st.caption(caption)
    st.session_state["_page"] = page   # where a lesson step's card belongs (lesson_card)
    room_ui.join_from_link()
    room_ui.check_followed()
    restore(page)
    if before is not None:
        before()
    show_notices(page)
    room_ui.show_messages()
    st.session_state.pop(PROBLEM, None)  # from_sidebar sets it again if still wrong
    try:
        body()
    finally:
        publish(page)


def from_sidebar(draw: Callable[[], object]):
    """Run `draw()` (which draws widgets); a SettingError becomes a red message and None (and
    is kept for `sidebar_problem`, which repeats it where the page's body can be seen)."""
    try:
        choice = draw()
    except SettingError as exc:
        st.error(literal(say(exc)))
        st.session_state.setdefault(PROBLEM, say(exc))  # the first problem of this run
        return None
    return choice


def sidebar_problem(run) -> bool:
    """In the page's body: what is wrong in the sidebar, if anything (the sidebar's own message
    may sit below a long text box). -> True when there is no run to show."""
    problem = st.session_state.get(PROBLEM)
    if run is None:
        st.warning(t("kit.fix_sidebar", problem=literal(problem)) if problem else
                   t("kit.fix_sidebar_plain"), icon=":material/tune:")
        return True
    if problem:
        st.warning(t("kit.sidebar_problem", problem=literal(problem)), icon=":material/tune:")
    return False


def settle(key: str, choice, start: Callable[[object], LockStepRun], *,
           same: Callable[[LockStepRun, object], bool], notice: Callable[[LockStepRun, object], str],
           notice_key: str, applied: str | None = None) -> LockStepRun | None:
    """Make st.session_state[key] match the sidebar's `choice`: when `same(run, choice)`, apply
    the live settings (a toast names them); otherwise start a new run, which keeps playing if
    the old one was, with `notice(old, choice)` shown once. A SettingError keeps the old run."""
    run: LockStepRun | None = st.session_state.get(key)
    if run is not None and same(run, choice):
        train, before = getattr(choice, "train", None), getattr(run.choice, "train", None)
        if train is not None and run.retune(train):
            words = change_words(notice_key.removesuffix("_notice"))
            changed = [words["say"]("field", name=words["name"](f.name), old=getattr(before, f.name),
                                    new=getattr(train, f.name))
                       for f in dataclasses.fields(train)
                       if getattr(before, f.name) != getattr(train, f.name)]
            st.toast((applied or t("kit.applied")).format(step=run.step_count,
                                                          changes=", ".join(changed)))
        return run
    try:
        new = start(choice)
    except SettingError as exc:
        st.error(literal(say(exc)) + (" " + t("kit.run_kept") if run else ""))
        return run
    if run is not None:
        new.playing = run.playing and new.can_play  # a learner who changes the model keeps watching
        st.session_state[notice_key] = notice(run, choice)
    st.session_state[key] = new
    return new


def show_notice(notice_key: str) -> None:
    """The one-off notice a reset or restart left (then forget it)."""
    notice = st.session_state.pop(notice_key, None)
    if notice:
        st.info(notice)


def controls_row(prefix: str, key: str, run: LockStepRun, *, play_help: str, step_help: str,
                 reset_notice: str | None = None):
    """Play/Pause, Step and Reset for the run under st.session_state[key] (widget keys
    `{prefix}_play`, `_pause`, `_step`, `_reset`); returns the wide fourth column for extras."""
    c1, c2, c3, c4 = st.columns([1, 1, 1, 4])
    stopped = not run.can_play
    c1.button(t("kit.pause") if run.playing else t("kit.play"),  # two keys: see set_playing
              key=f"{prefix}_{'pause' if run.playing else 'play'}", on_click=set_playing,
              args=(key, not run.playing),
              icon=":material/pause:" if run.playing else ":material/play_arrow:",
              type="primary", disabled=stopped, width="stretch", help=play_help)
    c2.button(t("kit.step"), key=f"{prefix}_step", on_click=step_once, args=(key,), disabled=stopped,
              width="stretch", help=step_help)
    c3.button(t("kit.reset"), key=f"{prefix}_reset", on_click=reset_run,
              args=(key, f"{prefix}_notice", reset_notice), width="stretch",
              help=t("kit.reset_help"))
    return c4


def loss_text(loss: float | None) -> str:
    return "–" if loss is None else f"{loss:.4f}" if math.isfinite(loss) else t("kit.diverged")


def status_row(run: LockStepRun, *, rate_help: str, rate_format: str = ".0f", extra: int = 0,
                what: str | None = None, advice: str | None = None):
    """Step, Steps / s, Loss (of the main trainer) and Status in one row, then room for `extra`
    metrics of the page's own (returned: one container per metric, to call `.metric` on once
    each, in order); one red message per diverged trainer.

    The row is one horizontal container, not columns: a live page redraws it every slice, and
    each column is one more element for the server to send (5 fewer per redraw of 4 metrics;
    a room's 40 followers redraw it 80 times a second)."""
    row = st.container(horizontal=True, gap="small")
    last = run.main.history.last or {}
    row.metric(t("kit.step_metric"), f"{run.step_count:,}")
    caps = caps_text(t("kit.caps_cpu"), t("kit.caps_steps"), t("kit.caps_and"))
    row.metric(t("kit.rate"), format(run.rate, rate_format) if run.playing and run.rate else "–",
               help=rate_help + (" " + t("kit.caps", caps=caps) if caps else ""))
    row.metric(t("kit.loss"), loss_text(last.get("loss")))
    row.metric(t("kit.status"), t(f"kit.status_{run.status}") if run.main.state.status == "ok"
               else t("kit.diverged"))
    several = len(run.trainers) > 1
    for label, at in run.diverged().items():
        words = {"step": at, "what": what or t("kit.diverged_what"),
                 "advice": advice or t("kit.diverged_advice")}
        st.error(t("kit.model_diverged_at", model=literal(label), **words) if several else
                 t("kit.diverged_at", **words))
    return [row] * extra


def live_fragment(key: str, draw: Callable[[LockStepRun], None], *, frozen: bool = False,
                  before: Callable[[], None] | None = None) -> None:
    """While the run plays (and is not `frozen`), a fragment that reruns every REDRAW_EVERY
    seconds: train one slice, then `draw(run)`. Paused, it draws once. When the session leads
    or follows a room for this run (playground/kit/rooms.py), the room trains: each rerun waits
    for the room's next frame and draws that."""
    run: LockStepRun = st.session_state[key]
    room = room_ui.watched(key)
    following = room is not None and room_ui.following(key) is room
    if room is not None:   # followers keep polling while paused, to see the leader press Play
        every = room_ui.FOLLOW_EVERY if following else REDRAW_EVERY
        timer = every if room.playing or following else None
    else:
        timer = REDRAW_EVERY if run.playing and not frozen else None

    @st.fragment(run_every=None if frozen else timer)
    def panel():
        one_torch_thread()
        if before is not None:
            before()
        shared = room_ui.watched(key)
        if shared is not None:
            seen = st.session_state.get("_room_frames", -1)
            live = room_ui.next_frame(shared, key, seen)
            st.session_state["_room_frames"] = shared.frames
            if live is None or (not following and shared.playing != (timer is not None)):
                st.rerun()   # the room ended, or the leader's timer must start or stop
        else:
            if room is not None or key not in st.session_state:
                st.rerun()   # the room ended while this page was drawn (its frame is gone)
            live = st.session_state[key]
            if live.playing and not frozen:
                live.train_for(live.slice_seconds(), stop=visitor_gone())
                if not live.playing:  # it stopped during this slice: redraw the buttons, stop the timer
                    st.rerun()
        with st.container(key="live_area"), drawing(live):   # LIVE_STYLE: charts unfaded
            if shared is not None:
                room_ui.live_line(shared, live)
            lesson_card(st.session_state.get("_page", ""), live)   # ticks with every redraw
            draw(live)
        if timer is not None:
            # before the next rerun can drop this redraw (kit.live.delivered)
            delivered(room_ui.FOLLOW_DELIVER if following else 0.5)

    panel()
