"""The lessons in Korean: every lesson, step, check and question of the course has its Korean
text (playground/i18n/ko_lessons.toml, by lesson number and 1-based step / question index) with
the same number of checks and options and the same {braces}; a Korean lesson keeps its settings,
answers and checks' judges; the Lessons page, a lesson, its questions and a step's card show
Korean, and an answer survives switching language."""
import urllib.parse

import pytest
from streamlit.testing.v1 import AppTest

from playground.i18n.catalogue import placeholders, ui
from playground.lessons.catalogue import LESSONS
from playground.lessons.companion import step_link
from playground.lessons.localize import course, localized
from playground.presets import PAGE_FILES
from tests.conftest import ROOT
from tests.test_i18n import literal_texts

MODULES = sorted((ROOT / "playground" / "lessons").rglob("*.py"))


def hangul(text: str) -> bool:
    return any("\uac00" <= c <= "\ud7a3" for c in text)


def korean_or_kept(english: str, korean: str) -> bool:
    """Translated, or an equation kept as it is ("king − man + woman", "3 × 4")."""
    return hangul(korean) or korean == english


@pytest.mark.parametrize("number", list(LESSONS))
def test_every_lesson_step_check_and_question_has_its_korean_text(number):
    english, own = LESSONS[number], course("ko").get(str(number))
    assert own, f"lesson {number} has no Korean table"
    assert set(own["steps"]) == {str(n) for n in range(1, len(english.steps) + 1)}
    assert set(own["questions"]) == {str(n) for n in range(1, len(english.questions) + 1)}
    for n, step in enumerate(english.steps, 1):
        row = own["steps"][str(n)]
        assert row.get("title") and row.get("text"), (number, n)
        assert len(row.get("checks", [])) == len(step.checks), (number, n)
    for n, question in enumerate(english.questions, 1):
        row = own["questions"][str(n)]
        assert row.get("prompt") and row.get("explanation"), (number, n)
        assert len(row.get("options", [])) == len(question.options), (number, n)
        assert len(set(row["options"])) == len(row["options"]), (number, n)  # radio values


@pytest.mark.parametrize("number", list(LESSONS))
def test_a_korean_lesson_keeps_everything_but_its_words(number):
    en, ko = LESSONS[number], localized(LESSONS[number], "ko")
    assert localized(en, "en") is en
    pairs = [(en.title, ko.title), (en.summary, ko.summary)]
    assert (ko.number, len(ko.steps), len(ko.questions)) == (en.number, len(en.steps),
                                                             len(en.questions))
    for a, b in zip(en.steps, ko.steps):
        assert (b.page, b.settings) == (a.page, a.settings)
        assert len(b.checks) == len(a.checks)
        for c, d in zip(a.checks, b.checks):
            assert d.judge is c.judge and d.uses == c.uses
        pairs += [(a.title, b.title), (a.text, b.text)]
        pairs += [(c.text, d.text) for c, d in zip(a.checks, b.checks)]
    for a, b in zip(en.questions, ko.questions):
        assert b.answer == a.answer and len(b.options) == len(a.options)
        pairs += [(a.prompt, b.prompt), (a.explanation, b.explanation), *zip(a.options, b.options)]
        assert hangul(b.prompt) and hangul(b.explanation)
    for a, b in pairs:
        assert korean_or_kept(a, b), (a, b)
        assert placeholders(a) == placeholders(b), (a, b)   # h_{t-1} and the like, kept


def test_the_interface_keys_are_in_both_catalogues_and_the_modules_pass_no_literal_text():
    en, ko = ui("en"), ui("ko")
    keys = {k for k in en if k.startswith("lessons.")}
    assert len(keys) >= 19 and keys == {k for k in ko if k.startswith("lessons.")}
    assert en["lessons.page_title"] == "Lessons" and ko["lessons.page_title"] == "레슨"
    for path in MODULES:
        assert literal_texts(path) == [], path


def korean_app(query: dict | None = None, page: str = "lessons") -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=90)
    at.query_params["lang"] = "ko"
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.switch_page(PAGE_FILES.get(page, page))
    return at.run()


def test_the_lessons_page_in_korean():
    at = korean_app(page="playground/pages/lessons.py")
    assert not at.exception, at.exception
    assert at.title[0].value == "레슨"
    text = "\n".join(m.value for m in at.markdown)
    assert f"레슨 1: {course('ko')['1']['title']}" in text
    assert all(f"레슨 {n}:" in text for n in LESSONS)
    assert [b.label for b in at.button if b.key == "lesson_open_1"] == ["시작"]


def test_a_korean_lesson_its_questions_and_an_answer_across_a_language_switch():
    at = korean_app({"lesson": "6"})
    assert not at.exception, at.exception
    ko = localized(LESSONS[6], "ko")
    assert at.header[0].value == f"레슨 6: {ko.title}"
    radio = at.radio(key="lesson_q_6_1")
    assert radio.label == f"1. {ko.questions[0].prompt}"
    assert sorted(radio.options) == sorted(ko.questions[0].options)
    radio.set_value(ko.questions[0].options[ko.questions[0].answer]).run()
    assert at.success and at.success[0].value.startswith("정답입니다.")
    assert at.session_state["lesson_answers"] == f"6.1:{ko.questions[0].answer}"
    at.session_state["lang"] = "en"   # the sidebar's switch: the answer stays, in English
    at.run()
    assert not at.exception, at.exception
    en = LESSONS[6].questions[0]
    assert at.radio(key="lesson_q_6_1").value == en.options[en.answer]
    assert at.success and at.success[0].value.startswith("Right.")


def test_a_steps_card_in_korean():
    lesson = LESSONS[2]
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(step_link(lesson, 2)).query)
    at = korean_app(query, page="train")
    assert not at.exception, at.exception
    ko = localized(lesson, "ko").steps[1]
    text = "\n".join(m.value for m in at.markdown)
    assert f"**레슨 2 · 단계 2/3: {ko.title}**" in text
    assert f":gray[:material/pending:] {ko.checks[0].text}" in text
    assert ko.text in [c.value for c in at.caption]
    assert [b.label for b in at.button if b.key == "lesson_next_train"] == ["다음 단계"]
