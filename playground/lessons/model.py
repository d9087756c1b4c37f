"""What a lesson is made of: steps that open a page with settings, checks that judge the run on
screen, and quiz questions. Plain frozen dataclasses; no Streamlit."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from playground.i18n import catalogue

PASS, WAIT, BLOCKED = "pass", "wait", "blocked"   # met / not yet / cannot be met in these settings


class Detail(str):
    """A verdict's detail in English (the catalogue's `lessons.verdict.<key>` with `values`),
    keeping key and values so the card says it in the session's language
    (`localize.said`). A value may itself be a Detail or a SettingName, said in turn."""

    key: str
    values: dict


def detail(key: str, **values) -> Detail:
    """The English detail `lessons.verdict.<key>` with `values` filled in, keeping both."""
    text = Detail(catalogue.text(catalogue.DEFAULT, f"lessons.verdict.{key}").format(**values))
    text.key, text.values = f"lessons.verdict.{key}", values
    return text


class SettingName(str):
    """A setting's English label, or one of its options' (the URL field table's), that keeps
    its field key (and option), so a detail names it as the page shows it in the learner's
    language."""

    field: str
    option: object


def setting_name(field: str, label: str, option=None) -> SettingName:
    name = SettingName(label)
    name.field, name.option = field, option
    return name


@dataclass(frozen=True)
class Verdict:
    state: str          # PASS, WAIT or BLOCKED
    detail: str = ""    # the number behind it ("LSTM 0.94, RNN 0.13 at step 700"), or why not:
    #                     a Detail (said in Korean on the card) or a formula ("|∂h_T/∂h_1| = 0.1")

    @property
    def passed(self) -> bool:
        return self.state == PASS


@dataclass(frozen=True)
class RunState:
    """A snapshot of one page's run, all a check may read: the settings and, per trained model
    (label -> records), the history; `extra` holds what a page computes (a probe, a toy run)."""
    page: str
    settings: dict                                 # URL field key -> value, as on screen
    series: dict = field(default_factory=dict)     # label -> list of history records
    extra: dict = field(default_factory=dict)

    def last(self, label: str) -> dict:
        rows = self.series.get(label) or []
        return rows[-1] if rows else {}

    @property
    def step(self) -> int:
        return max((self.last(k).get("step", 0) for k in self.series), default=0)


@dataclass(frozen=True)
class Check:
    text: str                                # what the learner should see happen
    judge: Callable[[RunState], Verdict]     # pure: the same snapshot, the same verdict
    uses: tuple[str, ...] = ()               # RunState.extra entries it reads (computed on demand)


@dataclass(frozen=True)
class Step:
    title: str
    page: str                 # a key of playground.fields.PAGES
    settings: dict            # URL field key -> value; every other field of the page at its default
    text: str                 # two to four sentences: what to do, what to look for
    checks: tuple[Check, ...] = ()


@dataclass(frozen=True)
class Question:
    prompt: str
    options: tuple[str, ...]
    answer: int               # index of the right option
    explanation: str          # why, pointing at what the page showed


@dataclass(frozen=True)
class Lesson:
    number: int
    title: str
    summary: str
    steps: tuple[Step, ...]
    questions: tuple[Question, ...]
