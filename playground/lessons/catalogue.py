"""The lessons, in the course's order. Every string a learner reads is in `course/` (the
lessons, in English; `localize.localized` gives them in the session's language) and the
catalogue's `lessons.*` keys (their interface); settings are URL field keys, so each step is
also a link."""
from __future__ import annotations

from playground.lessons.course.gradients import BPTT, DEEP, EXPLODING, GATED
from playground.lessons.course.rnn import FORWARD, LANGUAGE, SHAPES
from playground.lessons.course.words import ATTENTION, BAHDANAU, DECODING, EMBEDDINGS

LESSONS = {lesson.number: lesson for lesson in (SHAPES, FORWARD, LANGUAGE, BPTT, EXPLODING,
                                                GATED, DEEP, EMBEDDINGS, DECODING, ATTENTION)}

__all__ = [
                                                "ATTENTION",
                                                "BAHDANAU",
                                                "BPTT",
                                                "DECODING",
                                                "DEEP",
                                                "EMBEDDINGS",
                                                "EXPLODING",
                                                "FORWARD",
                                                "GATED",
                                                "LANGUAGE",
                                                "LESSONS",
                                                "SHAPES",
]
