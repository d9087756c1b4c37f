"""AppTest: Lessons is the landing page; every step's link restores its page and settings;
Open this step does the same; the step's card ticks on its page; answers and progress live in
the session and the link; a link made before Lessons existed still opens its page."""
import urllib.parse

import pytest
from streamlit.testing.v1 import AppTest

from playground.lessons.catalogue import LESSONS
from playground.lessons.companion import step_link
from playground.presets import PAGE_FILES
from tests.conftest import ROOT

STEPS = [(lesson, n) for lesson in LESSONS.values() for n in range(1, len(lesson.steps) + 1)]


def app(query: dict | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=90)
    if page:
        at.switch_page(PAGE_FILES[page])
    for k, v in (query or {}).items():
        at.query_params[k] = v
    return at.run()


def markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_the_app_opens_on_the_lessons_list():
    at = app()
    assert not at.exception
    assert at.title[0].value == "Lessons"
    text = markdown(at)
    assert all(f"Lesson {n}:" in text for n in LESSONS)


@pytest.mark.parametrize("lesson,n", STEPS, ids=lambda x: str(getattr(x, "number", x)))
def test_every_steps_link_restores_its_page_and_settings(lesson, n):
    step = lesson.steps[n - 1]
    link = urllib.parse.urlsplit(step_link(lesson, n))
    assert link.path == "/" + PAGE_FILES[step.page].split("/")[-1].removesuffix(".py")
    at = app(urllib.parse.parse_qs(link.query), page=step.page)
    assert not at.exception, at.exception
    assert not at.warning or all("adjusted or ignored" not in w.value for w in at.warning)
    for key, value in step.settings.items():
        got = at.session_state[key]
        assert (tuple(got) if isinstance(value, tuple) else got) == value, key
    assert at.session_state["lesson"] == lesson.number and at.session_state["lesson_step"] == n
    assert f"Lesson {lesson.number} · step {n} of {len(lesson.steps)}" in markdown(at)


def test_open_this_step_sets_the_page_and_the_card_follows():
    at = app()
    at.button(key="lesson_open_6").click().run()
    assert "Lesson 6: GRU and LSTM" in at.header[0].value
    at.button(key="lesson_step_6_1").click().run()
    assert not at.exception
    assert at.session_state["cmp_task"] == "copy" and at.session_state["cmp_lag"] == 30
    assert tuple(at.session_state["cmp_cells"]) == ("rnn", "lstm")
    assert "Compare" in at.title[0].value and "step 1 of 3: RNN against LSTM" in markdown(at)


def test_the_card_ticks_when_the_run_shows_it_and_the_step_is_kept_done():
    lesson = LESSONS[2]
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(step_link(lesson, 2)).query)
    at = app(query, page="train")
    assert ":gray[:material/pending:] The loss fell below 0.05" in markdown(at)
    at.session_state["train_run"].step(300)
    at.run()
    text = markdown(at)
    assert ":green[:material/check_circle:] The loss fell below 0.05" in text
    assert ":green[:material/check_circle:] Every ŷ<t> ranks its target first" in text
    assert at.session_state["lesson_done"] == "2.2"
    assert at.query_params["lesson_done"] == "2.2"   # in the link too


def test_a_question_answered_right_then_wrong_and_restored_from_the_link():
    at = app({"lesson": "6"})
    question = LESSONS[6].questions[0]
    at.radio(key="lesson_q_6_1").set_value(question.options[question.answer]).run()
    assert at.success and at.success[0].value.startswith("Right.")
    assert at.session_state["lesson_answers"] == f"6.1:{question.answer}"
    wrong = (question.answer + 1) % len(question.options)
    at.radio(key="lesson_q_6_1").set_value(question.options[wrong]).run()
    assert at.error and "the answer is “The forget gate Γf”" in at.error[0].value
    again = app({"lesson": "6", "lesson_answers": f"6.1:{question.answer} 6.2:9 junk"})
    assert again.radio(key="lesson_q_6_1").value == question.options[question.answer]
    bars = [p.proto.text for p in again.get("progress")]
    assert bars == ["0 of 3 steps done · 1 of 3 questions right"]


def test_a_link_from_before_lessons_opens_its_page():
    at = app({"train_task": "hello", "train_hidden": "3"})
    assert not at.exception
    assert at.title[0].value == "Train a recurrent network"
    assert at.session_state["train_run"].choice.model.hidden == 3


def test_checks_met_one_after_the_other_stay_ticked_and_complete_the_step():
    """Lesson 4 step 2 asks for w_hh = 0.9, then 1.1: the first stays ticked after the change."""
    lesson = LESSONS[4]
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(step_link(lesson, 2)).query)
    at = app(query, page="gradients")
    text = markdown(at)
    assert ":green[:material/check_circle:] |∂h_T/∂h_1| equals 0.9^19" in text
    assert ":orange[:material/warning:] With w_hh = 1.1" in text
    assert "lesson_done" not in at.session_state   # one check of two: not done yet
    at.slider(key="toy_w_hh").set_value(1.1).run()
    text = markdown(at)
    assert ":green[:material/check_circle:] |∂h_T/∂h_1| equals 0.9^19" in text
    assert ":green[:material/check_circle:] With w_hh = 1.1" in text
    assert at.session_state["lesson_done"] == "4.2"


def test_the_right_answer_is_not_always_in_the_same_place():
    from playground.lessons.page import shuffled
    places = {shuffled(lesson, q).index(question.options[question.answer])
              for lesson in LESSONS.values() for q, question in enumerate(lesson.questions, 1)}
    assert len(places) >= 3
    assert shuffled(LESSONS[6], 1) == shuffled(LESSONS[6], 1)   # the same at every visit


def test_next_step_on_the_card_applies_the_next_steps_settings_on_the_same_page():
    lesson = LESSONS[6]
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(step_link(lesson, 1)).query)
    at = app(query, page="compare")
    assert tuple(at.session_state["cmp_cells"]) == ("rnn", "lstm")
    at.button(key="lesson_next_compare").click().run()
    assert not at.exception
    assert tuple(at.session_state["cmp_cells"]) == ("rnn", "gru", "lstm")
    assert at.session_state["lesson_step"] == 2 and "step 2 of 3: The GRU too" in markdown(at)
    at.button(key="lesson_back_compare").click().run()
    assert at.title[0].value == "Lessons" and "Lesson 6: GRU and LSTM" in at.header[0].value
