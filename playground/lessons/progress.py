"""Lesson progress as the link writes it: steps done ("2.1 6.3") and answers ("6.1:1"). Pure
parsing and formatting; whatever a hand-edited link holds, parsing never raises."""
from __future__ import annotations

import re

STEP = re.compile(r"^(\d{1,2})\.(\d{1,2})$")
ANSWER = re.compile(r"^(\d{1,2})\.(\d{1,2}):(\d{1,2})$")


def parse_done(text: str) -> set[tuple[int, int]]:
    """'2.1 6.3' -> {(2, 1), (6, 3)}; anything else in the text is ignored."""
    out = set()
    for part in str(text or "").split():
        m = STEP.match(part)
        if m:
            out.add((int(m.group(1)), int(m.group(2))))
    return out


def format_done(done: set[tuple[int, int]]) -> str:
    return " ".join(f"{a}.{b}" for a, b in sorted(done))


def parse_answers(text: str) -> dict[tuple[int, int], int]:
    """'6.1:1 6.2:0' -> {(6, 1): 1, (6, 2): 0} (question numbers from 1, options from 0)."""
    out = {}
    for part in str(text or "").split():
        m = ANSWER.match(part)
        if m:
            out[(int(m.group(1)), int(m.group(2)))] = int(m.group(3))
    return out


def format_answers(answers: dict[tuple[int, int], int]) -> str:
    return " ".join(f"{a}.{q}:{o}" for (a, q), o in sorted(answers.items()))
