"""The lessons in the session's language. English is the course's own text (`course/*.py`);
another language's is `playground/i18n/<lang>_lessons.toml`, one table per lesson number with
its steps and questions numbered from 1 as the lesson lists them:

    [1]                  title, summary
    [1.steps.1]          title, text, checks = [one per Check, in order]
    [1.questions.1]      prompt, options = [same count and order], explanation

A lesson keeps everything but its words (settings, pages, answers, each check's judge), so
links, progress and checks are the same in every language. Whatever a translation lacks (or
gives with another count of checks or options) stays English."""
from __future__ import annotations

import functools
import tomllib
from dataclasses import replace

from playground.i18n import lang
from playground.i18n.catalogue import DEFAULT, HERE, fields, text
from playground.lessons.model import Lesson, Question, SettingName, Step


@functools.cache
def course(language: str) -> dict:
    """{str(lesson number): table} of `language` (empty for English, the course's own)."""
    path = HERE / f"{language}_lessons.toml"
    if language == DEFAULT or not path.exists():
        return {}
    with open(path, "rb") as f:
        return tomllib.load(f)


def _step(step: Step, own: dict | None) -> Step:
    if not own:
        return step
    checks = own.get("checks", [])
    if len(checks) == len(step.checks):
        checks = tuple(replace(c, text=text) for c, text in zip(step.checks, checks))
    else:
        checks = step.checks
    return replace(step, title=own.get("title", step.title), text=own.get("text", step.text),
                   checks=checks)


def _question(question: Question, own: dict | None) -> Question:
    if not own:
        return question
    options = own.get("options", [])
    return replace(question, prompt=own.get("prompt", question.prompt),
                   options=(tuple(options) if len(options) == len(question.options)
                            else question.options),
                   explanation=own.get("explanation", question.explanation))


def localized(lesson: Lesson, language: str | None = None) -> Lesson:
    """`lesson` in `language` (default: the session's)."""
    own = course(language or lang()).get(str(lesson.number))
    if not own:
        return lesson
    steps, questions = own.get("steps", {}), own.get("questions", {})
    return replace(
        lesson, title=own.get("title", lesson.title), summary=own.get("summary", lesson.summary),
        steps=tuple(_step(s, steps.get(str(n))) for n, s in enumerate(lesson.steps, 1)),
        questions=tuple(_question(q, questions.get(str(n)))
                        for n, q in enumerate(lesson.questions, 1)))


def said(detail: str, language: str | None = None) -> str:
    """A check's detail in `language` (default: the session's): a Detail's catalogue text with
    its values (a Detail or SettingName among them said in turn), a SettingName's label or
    option label, else the detail itself (a formula, the same in every language)."""
    language = language or lang()
    if isinstance(detail, SettingName):
        own = fields(language).get(detail.field, {})
        if detail.option is not None:
            return own.get("options", {}).get(str(detail.option), str(detail))
        return own.get("label", str(detail))
    key = getattr(detail, "key", None)
    if not key:
        return str(detail)
    values = {k: said(v, language) if isinstance(v, SettingName) or getattr(v, "key", None)
              else v for k, v in detail.values.items()}
    return text(language, key).format(**values)
