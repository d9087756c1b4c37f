"""The active lesson step on the page it opened: its text and a checklist that ticks itself
while the run plays (drawn inside the page's live fragment), and the way on to the next step."""
from __future__ import annotations

import urllib.parse
from pathlib import Path

import streamlit as st

from playground.fields import FIELDS, PAGES, format_value, page_fields
from playground.i18n import t
from playground.kit.urlstate import publish
from playground.lessons import snapshot
from playground.lessons.catalogue import LESSONS
from playground.lessons.localize import localized, said
from playground.lessons.model import BLOCKED, PASS, WAIT, Lesson, Step, Verdict
from playground.lessons.progress import format_done, parse_done
from playground.literal import literal
from playground.presets import PAGE_FILES, open_with

MARKS = {PASS: ":green[:material/check_circle:]", BLOCKED: ":orange[:material/warning:]",
         WAIT: ":gray[:material/pending:]"}
SHOWN_ON = {"train": ("train", "gates")}   # a Train step's run is also the Gates page's


def active() -> tuple[Lesson, int, Step] | None:
    """(lesson, step number from 1, step) being followed, or None."""
    state = st.session_state
    lesson = LESSONS.get(state.get("lesson", 0))
    n = state.get("lesson_step", 1)
    if lesson is None or not 1 <= n <= len(lesson.steps):
        return None
    return lesson, n, lesson.steps[n - 1]


def step_setting(page: str, keys) -> tuple[int, int] | None:
    """(lesson, step) of the step being followed when it is on `page` and sets one of the
    fields `keys` (e.g. the words of the Embeddings page's analogy), else None."""
    found = active()
    if found is None or found[2].page != page:
        return None
    lesson, n, step = found
    return (lesson.number, n) if any(k in step.settings for k in keys) else None


def judge(check, run_state) -> Verdict:
    """The check's verdict; a check that fails to compute says so instead of raising."""
    try:
        return check.judge(run_state)
    except Exception as exc:  # noqa: BLE001 - a lesson card must not break its page
        return Verdict(BLOCKED, t("lessons.check_error", error=type(exc).__name__))


def step_link(lesson: Lesson, n: int) -> str:
    """The step's own link (relative): its page, its settings and the lesson step."""
    step = lesson.steps[n - 1]
    query = {k: format_value(FIELDS[k], v) for k, v in step.settings.items()}
    query.update(lesson=str(lesson.number), lesson_step=str(n))
    return "/" + Path(PAGE_FILES[step.page]).stem + "?" + urllib.parse.urlencode(query, doseq=True)


def open_step(lesson: Lesson, n: int, later: bool = False) -> None:
    """on_click: follow step n of `lesson`: its page with its settings, as its link would.
    `later`: from a live fragment, whose widgets' states the next full run would restore over
    the new settings: the app menu applies them at the start of that run instead."""
    step = lesson.steps[n - 1]
    if later:
        st.session_state["_open_pending"] = (step.page, step.settings)
    else:
        open_with(step.page, step.settings)
    st.session_state["lesson"], st.session_state["lesson_step"] = lesson.number, n


def back_to_lessons() -> None:
    st.session_state["_preset_goto"] = PAGE_FILES["lessons"]


def mark_done(lesson: Lesson, n: int, page: str) -> None:
    """Keep step n as done (also once the run moves on), in the session and the link: a live
    fragment's rerun does not reach the page's own publish, so publish here."""
    done = parse_done(st.session_state.get("lesson_done", ""))
    if (lesson.number, n) not in done:
        st.session_state["lesson_done"] = format_done(done | {(lesson.number, n)})
        publish(page)


def settings_of(page: str) -> dict:
    state = st.session_state
    return {f.key: state.get(f.key, f.default) for f in page_fields(page)}


def lesson_card(page: str, run=None, toy_config=None, cliff=None) -> None:
    """Draw the active step's card if it belongs on `page` (`run`: the page's live run;
    `toy_config`, `cliff`: the Gradient flow page's toy and cliff settings)."""
    if st.session_state.pop("_lesson_go", False):
        st.rerun()   # a card button was pressed in a fragment: the whole app must run
    found = active()
    if found is None or page not in PAGES:
        return
    lesson, n, step = found
    if page not in SHOWN_ON.get(step.page, (step.page,)):
        return
    # a check once met stays ticked for this step (the learner saw it happen: a noisy batch or
    # the next setting the step asks for does not take it back), and is not computed again;
    # all ticked: the step is done
    seen: dict = st.session_state.setdefault("_lesson_seen", {})   # (lesson, step, i) -> verdict
    open_checks = [(i, c) for i, c in enumerate(step.checks) if (lesson.number, n, i) not in seen]
    uses = {name for _, c in open_checks for name in c.uses}
    waiting: dict[int, Verdict] = {}
    if run is not None:
        state = snapshot.of_run(page, run, settings_of(page), uses)
    else:
        state = snapshot.of_toy(settings_of(page), toy_config, uses, cliff)
    for i, check in open_checks:
        verdict = judge(check, state)
        if verdict.passed:
            seen[(lesson.number, n, i)] = verdict
        else:
            waiting[i] = verdict
    verdicts = [seen.get((lesson.number, n, i)) or waiting[i] for i in range(len(step.checks))]
    if verdicts and all(v.passed for v in verdicts):
        mark_done(lesson, n, page)
    with st.container(border=True):
        shown = localized(lesson).steps[n - 1]   # the same step in the session's language
        st.markdown(t("lessons.card_title", number=lesson.number, step=n,
                      steps=len(lesson.steps), title=shown.title))
        st.caption(shown.text)
        for check, v in zip(shown.checks, verdicts):
            detail = f" — {literal(said(v.detail))}" if v.detail else ""
            st.markdown(f"{MARKS[v.state]} {check.text}{detail}")
        c1, c2, _ = st.columns([1, 1, 2])
        if n < len(lesson.steps):
            c1.button(t("lessons.next_step"), key=f"lesson_next_{page}", on_click=go,
                      args=(open_step, lesson, n + 1, True), icon=":material/arrow_forward:",
                      type="primary" if all(v.passed for v in verdicts) else "secondary")
        c2.button(t("lessons.to_lesson"), key=f"lesson_back_{page}", on_click=go,
                  args=(back_to_lessons,), icon=":material/school:")


def go(action, *args) -> None:
    """on_click of the card's buttons: `action` sets the settings (a callback may, before any
    widget is drawn); the card, drawn inside a live fragment, then asks for the full rerun
    that switches the page."""
    action(*args)
    st.session_state["_lesson_go"] = True
