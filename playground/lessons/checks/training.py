"""Checks on a run's history: a metric past a threshold, one model learning while another
does not, clipping at work, held-out exact match."""
from __future__ import annotations

import math

from playground.fields import FIELDS
from playground.lessons.checks.base import (
    CELL_NAMES,
    SMOOTH,
    _metric,
    both,
    guarded,
    metric,
    model_name,
)
from playground.lessons.model import (
    BLOCKED,
    PASS,
    WAIT,
    Check,
    RunState,
    Verdict,
    detail,
    setting_name,
)


def metric_reaches(text: str, label: str, name: str, above: float | None = None,
                   below: float | None = None, **want) -> Check:
    """Trainer `label`'s latest `name` (accuracy, loss, …) is above / below a threshold."""
    def judge(s: RunState) -> Verdict:
        if s.step == 0 or label not in s.series:
            return Verdict(WAIT, detail("press_play"))
        row = s.last(label)
        loss = row.get("loss")
        if isinstance(loss, float) and not math.isfinite(loss):
            return Verdict(BLOCKED, detail("diverged_lower"))
        v = _metric(s, label, name)
        if v is None:
            return Verdict(WAIT, detail("no_metric", metric=metric(name)))
        ok = (above is None or v > above) and (below is None or v < below)
        return Verdict(PASS if ok else WAIT, detail("metric_at_step",
                                                    model=model_name(label),
                                                    metric=metric(name), value=v,
                                                    step=row.get("step", 0)))
    return guarded(text, want, judge)


def _down(fraction: float) -> str:
    """0.8996 -> '0.89': two decimals, rounded down, so a number shown never passes a
    threshold the value itself has not."""
    return f"{math.floor(fraction * 100 + 1e-9) / 100:.2f}"


def one_learns_other_not(text: str, good: str, bad: str, above: float, below: float,
                         name: str = "accuracy", **want) -> Check:
    """Trainer `good`'s accuracy (or metric `name`, e.g. tagging's accuracy_ambiguous) passed
    `above` while `bad`'s stays under `below` (same steps)."""
    def judge(s: RunState) -> Verdict:
        missing = [c for c in (good, bad) if c not in s.series]
        if missing:
            return Verdict(BLOCKED, detail("add_cells",
                                           cells=both(CELL_NAMES[c] for c in missing)))
        a, b = _metric(s, good, name), _metric(s, bad, name)
        if a is None or b is None:
            return Verdict(WAIT, detail("press_play_both"))
        # rounded down: 0.8996 (not yet past 0.9) must not read as 0.90
        shown = detail("two_at_step", good=CELL_NAMES[good], a=_down(a), bad=CELL_NAMES[bad],
                       b=_down(b), step=s.last(good).get("step", 0))
        if b >= below:
            return Verdict(WAIT, detail("not_under", shown=shown, bad=CELL_NAMES[bad],
                                        below=below))
        return Verdict(PASS if a > above else WAIT, shown)
    return guarded(text, want, judge)


def clipping_acts(text: str, label: str, **want) -> Check:
    """Trainer `label` trains with clipping on, and among its newest records the norm was
    clipped at least once while the loss stayed finite."""
    def judge(s: RunState) -> Verdict:
        rows = (s.series.get(label) or [])[-SMOOTH:]
        if not rows or s.step == 0:
            return Verdict(WAIT, detail("press_play"))
        if any(isinstance(r.get("loss"), float) and not math.isfinite(r["loss"]) for r in rows):
            return Verdict(BLOCKED, detail("diverged_reset"))
        n = sum(bool(r.get("clipped")) for r in rows)
        return Verdict(PASS if n else WAIT, detail("clipped_in", n=n, count=len(rows)))
    return guarded(text, want, judge)


def heldout_beats(text: str, good: str, bad: str | None, above: float,
                  below: float | None = None, **want) -> Check:
    """The Attention page's held-out exact match (the dots, every 50 steps): model `good`'s
    newest above `above` (and model `bad`'s under `below`)."""
    def judge(s: RunState) -> Verdict:
        def newest(label):
            vals = [r["val_exact_match"] for r in s.series.get(label) or []
                    if isinstance(r.get("val_exact_match"), float)]
            return vals[-1] if vals else None
        missing = [m for m in (good, bad) if m and m not in s.series]
        if missing:
            setting = {k: setting_name(f"attn_{k}", FIELDS[f"attn_{k}"].label)
                       for k in ("attention", "compare")}
            return Verdict(BLOCKED, detail("train_models", models=both(map(model_name, missing)),
                                           **setting))
        a = newest(good)
        b = newest(bad) if bad else None
        if a is None or (bad and b is None):
            return Verdict(WAIT, detail("press_play_heldout"))
        shown = (detail("exact_two", good=model_name(good), a=_down(a), bad=model_name(bad),
                        b=_down(b)) if bad else
                 detail("exact_one", good=model_name(good), a=_down(a)))
        ok = a > above and (bad is None or below is None or b < below)
        return Verdict(PASS if ok else WAIT, shown)
    return guarded(text, want, judge)
