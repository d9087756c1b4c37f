"""What every lesson check shares: the settings a check needs (BLOCKED naming the one to change)
and a trained model's smoothed metric."""
from __future__ import annotations

import math

from playground.fields import FIELDS
from playground.i18n.catalogue import has
from playground.lessons.model import (
    BLOCKED,
    PASS,
    Check,
    RunState,
    Verdict,
    detail,
    setting_name,
)

CELL_NAMES = {"rnn": "RNN", "gru": "GRU", "lstm": "LSTM",  # and Compare's both-ways twins
              "rnn_bi": "RNN ⇄", "gru_bi": "GRU ⇄", "lstm_bi": "LSTM ⇄"}
SMOOTH = 10   # a metric is the mean of its newest records: one noisy batch does not decide


def _shown(value) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(CELL_NAMES.get(v, str(v)) for v in value)
    return str(value)


def model_name(label: str) -> str:
    """A trained model's label as a detail shows it: a cell's name ("LSTM ⇄"), an Attention
    model's option label (a SettingName, shown in the learner's language), else the label."""
    if label in CELL_NAMES:
        return CELL_NAMES[label]
    kinds = {shown: kind for kind, shown in (FIELDS["attn_attention"].labels or {}).items()}
    return setting_name("attn_attention", label, kinds[label]) if label in kinds else label


def metric(name: str) -> str:
    """A history metric's name as a detail shows it: a Detail when the catalogue has a word for
    it (lessons.verdict.metric.<name>), else the name itself."""
    return detail(f"metric.{name}") if has(f"lessons.verdict.metric.{name}") else name


def both(names) -> str:
    """'A', or 'A and B' (a Detail: a language joins the two its own way)."""
    names = list(names)
    if len(names) == 1:
        return names[0]
    first = names[0] if len(names) == 2 else ", ".join(names[:-1])  # a label stays a label
    return detail("both", first=first, second=names[-1])


def needs(state: RunState, **want) -> Verdict | None:
    """BLOCKED naming the first setting that differs from `want` (a value, or a predicate
    (value -> bool, what it should be)), else None."""
    for key, wanted in want.items():
        value = state.settings.get(key, FIELDS[key].default if key in FIELDS else None)
        ok, should = (wanted[0](value), wanted[1]) if isinstance(wanted, tuple) and callable(
            wanted[0]) else (value == wanted, _shown(wanted))
        if not ok:
            label = setting_name(key, FIELDS[key].label) if key in FIELDS else key
            return Verdict(BLOCKED, detail("set", setting=label, should=should,
                                           value=_shown(value)))
    return None


def _metric(s: RunState, label: str, name: str) -> float | None:
    """Mean of `name` over trainer `label`'s newest SMOOTH records (None when none is finite)."""
    values = [r.get(name) for r in (s.series.get(label) or [])[-SMOOTH:]]
    values = [float(v) for v in values if isinstance(v, (int, float)) and math.isfinite(v)]
    return sum(values) / len(values) if values else None


def guarded(text: str, want: dict, judge, uses: tuple[str, ...] = ()) -> Check:
    """A Check whose `judge` runs only once the settings `want` hold; until then it is BLOCKED
    naming the first setting to change (every factory below starts this way)."""
    return Check(text, lambda s: needs(s, **want) or judge(s), uses)


def settings_are(text: str, **want) -> Check:
    """Met as soon as the page has these settings (the step's set-up, which a learner can undo)."""
    return Check(text, lambda s: needs(s, **want) or Verdict(PASS, detail("as_in_course")))
