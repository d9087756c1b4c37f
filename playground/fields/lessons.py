"""The lessons' place in a link: which lesson and step is open, the steps done and the answers
given, carried by every page's link so a learner can come back to where they were."""
from __future__ import annotations

from playground.fields.core import UrlField


def lesson_fields() -> list[UrlField]:
    return [
        UrlField("lesson", "Lesson", 0, "number", lo=0, hi=10, step=1,
                 help="The lesson being followed (0: none)."),
        UrlField("lesson_step", "Lesson step", 1, "number", lo=1, hi=6, step=1,
                 help="The step of the lesson being followed."),
        UrlField("lesson_done", "Steps done", "", "text", max_chars=200,
                 help="Lesson steps whose checks have all passed, as lesson.step, e.g. 6.1 6.2."),
        UrlField("lesson_answers", "Answers", "", "text", max_chars=200,
                 help="Quiz answers given, as lesson.question:option, e.g. 6.1:1."),
    ]
