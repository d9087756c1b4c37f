"""The Lessons page, the app's landing page: every lesson with its progress, and one lesson's
steps (each opens its page with its settings, or is a link) and questions."""
from __future__ import annotations

import random

import streamlit as st

from playground.fields import LESSON, PAGES
from playground.i18n import t
from playground.kit.shell import page_shell
from playground.lessons.catalogue import LESSONS
from playground.lessons.companion import open_step, step_link
from playground.lessons.localize import localized
from playground.lessons.model import Lesson
from playground.lessons.progress import format_answers, parse_answers, parse_done
from playground.presets import PAGE_FILES

PAGE = "lessons"


def progress(lesson: Lesson) -> tuple[int, int]:
    """(steps done, questions answered right) from the session (and so the link)."""
    state = st.session_state
    done = {s for a, s in parse_done(state.get("lesson_done", "")) if a == lesson.number}
    answers = parse_answers(state.get("lesson_answers", ""))
    right = sum(answers.get((lesson.number, q), -1) == question.answer
                for q, question in enumerate(lesson.questions, 1))
    return len(done & set(range(1, len(lesson.steps) + 1))), right


def progress_text(lesson: Lesson) -> str:
    done, right = progress(lesson)
    return t("lessons.progress", done=done, steps=len(lesson.steps), right=right,
             questions=len(lesson.questions))


def show_lesson(number: int) -> None:
    """on_click: open lesson `number` on this page (0: the list)."""
    st.session_state["lesson"], st.session_state["lesson_step"] = number, 1


def overview() -> None:
    for lesson in map(localized, LESSONS.values()):
        with st.container(border=True):
            st.markdown("#### " + t("lessons.lesson_heading", number=lesson.number,
                                    title=lesson.title))
            st.caption(lesson.summary)
            done, right = progress(lesson)
            total = len(lesson.steps) + len(lesson.questions)
            st.progress((done + right) / total, text=progress_text(lesson))
            st.button(t("lessons.continue") if done or right else t("lessons.start"),
                      key=f"lesson_open_{lesson.number}", on_click=show_lesson,
                      args=(lesson.number,))


def record_answer(lesson: Lesson, q: int) -> None:
    """on_change of a question's radio: keep the answer in the session (and so the link)."""
    choice = st.session_state.get(f"lesson_q_{lesson.number}_{q}")
    question = lesson.questions[q - 1]
    answers = parse_answers(st.session_state.get("lesson_answers", ""))
    if choice is None:
        answers.pop((lesson.number, q), None)
    else:
        answers[(lesson.number, q)] = question.options.index(choice)
    st.session_state["lesson_answers"] = format_answers(answers)


def shuffled(lesson: Lesson, q: int) -> list[str]:
    """Question q's options in an order of its own (the same at every visit), so the right
    answer is not always in one place."""
    options = list(lesson.questions[q - 1].options)
    random.Random(lesson.number * 100 + q).shuffle(options)
    return options


def questions(lesson: Lesson) -> None:
    st.subheader(t("lessons.questions"))
    answers = parse_answers(st.session_state.get("lesson_answers", ""))
    for q, question in enumerate(lesson.questions, 1):
        key = f"lesson_q_{lesson.number}_{q}"
        given = answers.get((lesson.number, q))
        if st.session_state.get(key) not in (None, *question.options):
            del st.session_state[key]   # chosen in the other language: restored below
        if key not in st.session_state and given is not None and given < len(question.options):
            st.session_state[key] = question.options[given]   # restored from the link
        choice = st.radio(f"{q}. {question.prompt}", shuffled(lesson, q), index=None, key=key,
                          on_change=record_answer, args=(lesson, q))
        if choice is not None:
            if question.options.index(choice) == question.answer:
                st.success(t("lessons.right") + " " + question.explanation,
                           icon=":material/check:")
            else:
                st.error(t("lessons.wrong", answer=question.options[question.answer]) + " " +
                         question.explanation, icon=":material/close:")


def lesson_view(lesson: Lesson) -> None:
    st.button(t("lessons.all_lessons"), key="lesson_all", on_click=show_lesson, args=(0,),
              icon=":material/arrow_back:")
    st.header(t("lessons.lesson_heading", number=lesson.number, title=lesson.title))
    st.write(lesson.summary)
    st.progress(sum(progress(lesson)) / (len(lesson.steps) + len(lesson.questions)),
                text=progress_text(lesson))
    done = parse_done(st.session_state.get("lesson_done", ""))
    for n, step in enumerate(lesson.steps, 1):
        with st.container(border=True):
            mark = (f" :green[:material/check_circle: {t('lessons.step_done')}]"
                    if (lesson.number, n) in done else "")
            st.markdown("**" + t("lessons.step_heading", step=n, title=step.title) + f"**{mark}")
            st.write(step.text)
            st.caption(t("lessons.checks") + " " + "; ".join(c.text for c in step.checks) + ".")
            c1, c2 = st.columns([1, 3])
            c1.button(t("lessons.open_step"), key=f"lesson_step_{lesson.number}_{n}",
                      on_click=open_step, args=(lesson, n), type="primary",
                      icon=":material/play_arrow:")
            c2.markdown(f"[{t('lessons.step_link')}]({step_link(lesson, n)})")
    questions(lesson)


def follow_old_link() -> None:
    """A link made before Lessons became the landing page (/?train_task=…): open its page."""
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    for page, prefixes in PAGES.items():
        own = tuple(p for p in prefixes if p != LESSON)
        if page != PAGE and any(k.startswith(own) for k in params):
            st.switch_page(PAGE_FILES[page], query_params=params)


def body() -> None:
    lesson = LESSONS.get(st.session_state.get("lesson", 0))
    if lesson is None:
        overview()
    else:
        lesson_view(localized(lesson))


def main() -> None:
    follow_old_link()
    page_shell(PAGE, body, title=t("lessons.page_title"), caption=t("lessons.page_caption"))
