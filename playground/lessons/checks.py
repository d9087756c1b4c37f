"""The lessons' live checks: each a pure function of a `RunState` (the settings and history on
screen), built by the factories below. A check whose settings cannot lead to what it looks for
is BLOCKED and says which setting to change."""
from __future__ import annotations

import math

from playground.fields import FIELDS
from playground.lessons.model import BLOCKED, PASS, WAIT, Check, RunState, Verdict

CELL_NAMES = {"rnn": "RNN", "gru": "GRU", "lstm": "LSTM"}


def _shown(value) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(CELL_NAMES.get(v, str(v)) for v in value)
    return str(value)


def needs(state: RunState, **want) -> Verdict | None:
    """BLOCKED naming the first setting that differs from `want` (a value, or a predicate
    (value -> bool, what it should be)), else None."""
    for key, wanted in want.items():
        value = state.settings.get(key, FIELDS[key].default if key in FIELDS else None)
        ok, should = (wanted[0](value), wanted[1]) if isinstance(wanted, tuple) and callable(
            wanted[0]) else (value == wanted, _shown(wanted))
        if not ok:
            label = FIELDS[key].label if key in FIELDS else key
            return Verdict(BLOCKED, f"Set {label} to {should} (now {_shown(value)}).")
    return None


SMOOTH = 10   # a metric is the mean of its newest records: one noisy batch does not decide


def _metric(s: RunState, label: str, name: str) -> float | None:
    """Mean of `name` over trainer `label`'s newest SMOOTH records (None when none is finite)."""
    values = [r.get(name) for r in (s.series.get(label) or [])[-SMOOTH:]]
    values = [float(v) for v in values if isinstance(v, (int, float)) and math.isfinite(v)]
    return sum(values) / len(values) if values else None


def settings_are(text: str, **want) -> Check:
    """Met as soon as the page has these settings (the step's set-up, which a learner can undo)."""
    return Check(text, lambda s: needs(s, **want) or Verdict(PASS, "Settings as in the course."))


def metric_reaches(text: str, label: str, name: str, above: float | None = None,
                   below: float | None = None, **want) -> Check:
    """Trainer `label`'s latest `name` (accuracy, loss, …) is above / below a threshold."""
    def judge(s: RunState) -> Verdict:
        blocked = needs(s, **want)
        if blocked:
            return blocked
        if s.step == 0 or label not in s.series:
            return Verdict(WAIT, "Press Play to train.")
        row = s.last(label)
        loss = row.get("loss")
        if isinstance(loss, float) and not math.isfinite(loss):
            return Verdict(BLOCKED, "The run diverged: lower the learning rate and press Reset.")
        v = _metric(s, label, name)
        if v is None:
            return Verdict(WAIT, f"No {name} yet.")
        ok = (above is None or v > above) and (below is None or v < below)
        return Verdict(PASS if ok else WAIT, f"{CELL_NAMES.get(label, label)} {name} {v:.3g} "
                                             f"at step {row.get('step', 0):,}")
    return Check(text, judge)


def one_learns_other_not(text: str, good: str, bad: str, above: float, below: float,
                         **want) -> Check:
    """Trainer `good`'s accuracy passed `above` while `bad`'s stays under `below` (same steps)."""
    def judge(s: RunState) -> Verdict:
        blocked = needs(s, **want)
        if blocked:
            return blocked
        missing = [c for c in (good, bad) if c not in s.series]
        if missing:
            return Verdict(BLOCKED, "Add " + " and ".join(CELL_NAMES[c] for c in missing) +
                           " to the cells compared.")
        a, b = _metric(s, good, "accuracy"), _metric(s, bad, "accuracy")
        if a is None or b is None:
            return Verdict(WAIT, "Press Play to train both.")
        detail = (f"{CELL_NAMES[good]} {a:.2f}, {CELL_NAMES[bad]} {b:.2f} at step "
                  f"{s.last(good).get('step', 0):,}")
        if b >= below:
            return Verdict(WAIT, detail + f": {CELL_NAMES[bad]} is not under {below:.0%}")
        return Verdict(PASS if a > above else WAIT, detail)
    return Check(text, judge)


def toy_gradient(text: str, below: float | None = None, above: float | None = None,
                 near: float | None = None, **want) -> Check:
    """The Gradient flow toy: |∂h_T/∂h_1| (from the page's own toy run, extra['toy']) below /
    above a bound, or within 1% of `near`."""
    def judge(s: RunState) -> Verdict:
        blocked = needs(s, **want)
        if blocked:
            return blocked
        toy = s.extra.get("toy")
        if not toy:
            return Verdict(WAIT, "Open the Gradient flow page's toy tab.")
        g = abs(toy["dhT_dhk"][1])
        ok = ((below is None or g < below) and (above is None or g > above)
              and (near is None or abs(g - near) <= 0.01 * abs(near)))
        return Verdict(PASS if ok else WAIT, f"|∂h_T/∂h_1| = {g:.3g}")
    return Check(text, judge, ("toy",))


def gradient_reaches_step_1(text: str, below: float, **want) -> Check:
    """Train page, Gradient through time: ‖dL_T/dh_1‖ / ‖dL_T/dh_T‖ (extra['decay']) < below."""
    def judge(s: RunState) -> Verdict:
        blocked = needs(s, **want)
        if blocked:
            return blocked
        decay = s.extra.get("decay")
        if not decay or not decay[-1]:
            return Verdict(WAIT, "Waiting for the gradient probe.")
        ratio = decay[0] / decay[-1]
        return Verdict(PASS if ratio < below else WAIT, f"‖dL_T/dh_1‖ / ‖dL_T/dh_T‖ = {ratio:.2g}")
    return Check(text, judge, ("decay",))


def guesses(text: str, sure: bool, **want) -> Check:
    """The network view's outputs (extra['network']): `sure` = every scored ŷ<t> ranks its target
    first; not `sure` = no guess has a top probability of 0.5 or more (an untrained network)."""
    def judge(s: RunState) -> Verdict:
        blocked = needs(s, **want)
        if blocked:
            return blocked
        outputs = [o for o in (s.extra.get("network") or {}).get("outputs", []) if o.get("scored")]
        if not outputs:
            return Verdict(WAIT, "Waiting for the network view.")
        if sure:
            wrong = [o for o in outputs if o["top"][0]["token"] != o["target"]]
            if wrong:
                o = wrong[0]
                return Verdict(WAIT, f"ŷ<{o['t']}> still ranks {o['top'][0]['token']!r} above "
                                     f"{o['target']!r}")
            return Verdict(PASS, f"all {len(outputs)} guesses right at step {s.step:,}")
        top = max(outputs, key=lambda o: o["top"][0]["p"])
        p = top["top"][0]["p"]
        if p >= 0.5:
            return Verdict(WAIT, f"ŷ<{top['t']}> is already sure ({p:.2f}): press Reset to see "
                                 "the untrained network")
        return Verdict(PASS, f"largest top probability {p:.2f}")
    return Check(text, judge, ("network",))


def memory_unit(text: str, gate: str, above: float, **want) -> Check:
    """Some unit's `gate` (extra['gates']: name -> T x H on a probe) stays above `above` at every
    step: a unit that keeps its memory across the whole input."""
    def judge(s: RunState) -> Verdict:
        blocked = needs(s, **want)
        if blocked:
            return blocked
        values = (s.extra.get("gates") or {}).get(gate)
        if not values:
            return Verdict(WAIT, "Waiting for the gate trace.")
        H = len(values[0])
        lows = [min(row[u] for row in values) for u in range(H)]
        best = max(range(H), key=lows.__getitem__)
        return Verdict(PASS if lows[best] > above else WAIT,
                       f"unit {best}: {gate} never below {lows[best]:.2f}")
    return Check(text, judge, ("gates",))


def cliff_clipping_saves(text: str, **want) -> Check:
    """The Gradient flow cliff (extra['cliff']: engine.cliff.compare): the plain path takes a step
    over 10x the clipped path's largest, and the clipped path ends at a lower loss."""
    def judge(s: RunState) -> Verdict:
        blocked = needs(s, **want)
        if blocked:
            return blocked
        paths = s.extra.get("cliff")
        if not paths:
            return Verdict(WAIT, "Open the Gradient flow page's cliff tab.")
        plain, clipped = paths["plain"], paths["clipped"]
        if not any(clipped["clipped"]):
            return Verdict(BLOCKED, "Clipping never acted: lower the clip threshold below the "
                                    f"largest gradient norm ({max(plain['grad_norm']):.3g}).")
        jump, held = max(plain["step_size"]), max(clipped["step_size"])
        ends = (plain["loss"][-1], clipped["loss"][-1])
        if plain["diverged_at"] is not None:   # thrown to NaN/inf: the worst jump of all
            ok = clipped["diverged_at"] is None
        else:
            ok = jump > 10 * held and ends[1] < ends[0]
        return Verdict(PASS if ok else WAIT, f"largest step {jump:.3g} plain, {held:.3g} clipped;"
                                             f" final loss {ends[0]:.3g} plain, {ends[1]:.3g} "
                                             "clipped")
    return Check(text, judge, ("cliff",))


def clipping_acts(text: str, label: str, **want) -> Check:
    """Trainer `label` trains with clipping on, and among its newest records the norm was
    clipped at least once while the loss stayed finite."""
    def judge(s: RunState) -> Verdict:
        blocked = needs(s, **want)
        if blocked:
            return blocked
        rows = (s.series.get(label) or [])[-SMOOTH:]
        if not rows or s.step == 0:
            return Verdict(WAIT, "Press Play to train.")
        if any(isinstance(r.get("loss"), float) and not math.isfinite(r["loss"]) for r in rows):
            return Verdict(BLOCKED, "The run diverged: press Reset.")
        n = sum(bool(r.get("clipped")) for r in rows)
        return Verdict(PASS if n else WAIT, f"clipped in {n} of the last {len(rows)} records")
    return Check(text, judge)


def truncation_cuts(text: str, **want) -> Check:
    """Train page, Gradient through time (extra['decay']) with truncated BPTT: nothing reaches
    step 1 (the probe floors an exact 0 at 1e-30), while the last step still gets a gradient."""
    def judge(s: RunState) -> Verdict:
        blocked = needs(s, **want)
        if blocked:
            return blocked
        decay = s.extra.get("decay")
        if not decay:
            return Verdict(WAIT, "Waiting for the gradient probe.")
        cut = decay[0] <= 1e-29 < decay[-1]
        return Verdict(PASS if cut else WAIT, f"‖dL_T/dh_1‖ = {decay[0]:.2g}, ‖dL_T/dh_T‖ = "
                                              f"{decay[-1]:.2g}")
    return Check(text, judge, ("decay",))


def scored_steps(text: str, every: bool, **want) -> Check:
    """The network view's probe (extra['network']): a loss at every step (many-to-many) or at
    one step only (many-to-one)."""
    def judge(s: RunState) -> Verdict:
        blocked = needs(s, **want)
        if blocked:
            return blocked
        outputs = (s.extra.get("network") or {}).get("outputs", [])
        if not outputs:
            return Verdict(WAIT, "Waiting for the network view.")
        n, T = sum(bool(o.get("scored")) for o in outputs), len(outputs)
        ok = n >= T - 1 if every else n == 1   # a language model's last step has no next token
        return Verdict(PASS if ok else WAIT, f"{n} of {T} steps scored")
    return Check(text, judge, ("network",))


def direction_gradient(text: str, layer: int, direction: str, zero: bool, **want) -> Check:
    """The network view's backward pass: row (layer, direction)'s ‖∂L/∂a<t>‖ is exactly 0 at
    every step before the last (`zero`), or not (some earlier step gets a gradient)."""
    def judge(s: RunState) -> Verdict:
        blocked = needs(s, **want)
        if blocked:
            return blocked
        net = s.extra.get("network") or {}
        rows = [i for i, L in enumerate(net.get("layers", []))
                if L["layer"] == layer and L["direction"] == direction]
        if not rows or not net.get("grad_norm"):
            return Verdict(WAIT, "Waiting for the network view's backward pass.")
        early = net["grad_norm"][rows[0]][:-1]
        reached = sum(g > 0 for g in early)
        ok = (reached == 0) if zero else reached > 0
        return Verdict(PASS if ok else WAIT, f"{reached} of {len(early)} earlier steps get a "
                                             "gradient")
    return Check(text, judge, ("network",))


def beats_ngram(text: str, label: str, **want) -> Check:
    """The language model's held-out perplexity (newest val_perplexity) is below the n-gram
    reference the page draws (extra['ngram'] at the page's n)."""
    def judge(s: RunState) -> Verdict:
        blocked = needs(s, **want)
        if blocked:
            return blocked
        n = s.settings.get("train_ngram", 3)
        if n is None:
            return Verdict(BLOCKED, "Pick an n-gram reference under the charts (3 is the "
                                    "course's).")
        ref = (s.extra.get("ngram") or {}).get(n)
        vals = [r["val_perplexity"] for r in s.series.get(label) or []
                if isinstance(r.get("val_perplexity"), float)]
        if ref is None or not vals:
            return Verdict(WAIT, "Press Play: held-out perplexity is measured every 50 steps.")
        return Verdict(PASS if vals[-1] < ref else WAIT,
                       f"model {vals[-1]:.2f}, {n}-gram {ref:.2f}")
    return Check(text, judge, ("ngram",))


def prefers_sentence(text: str, label: str, **want) -> Check:
    """A model that has learned something (held-out perplexity below the unigram's) gives
    Sentence A a lower perplexity than Sentence B (extra['sentences'])."""
    def judge(s: RunState) -> Verdict:
        blocked = needs(s, **want)
        if blocked:
            return blocked
        vals = [r["val_perplexity"] for r in s.series.get(label) or []
                if isinstance(r.get("val_perplexity"), float)]
        unigram = (s.extra.get("ngram") or {}).get(1)
        if not vals or unigram is None or vals[-1] >= unigram:
            return Verdict(WAIT, "Train first: the model must beat a unigram model.")
        a, b = s.extra["sentences"]
        return Verdict(PASS if a < b else WAIT, f"A {a:.2f}, B {b:.2f}")
    return Check(text, judge, ("ngram", "sentences"))


def sample_words(text: str, real_above: float | None = None, real_below: float | None = None,
                 **want) -> Check:
    """A 300-character sample at the page's temperature (extra['sample']): the share of its
    words that occur in the training text is above / below a bound."""
    def judge(s: RunState) -> Verdict:
        blocked = needs(s, **want)
        if blocked:
            return blocked
        smp = s.extra.get("sample") or {}
        if s.step < 200 or not smp.get("words"):
            return Verdict(WAIT, "Train for a few hundred steps first.")
        share = smp["real"] / smp["words"]
        ok = (real_above is None or share > real_above) and (real_below is None or
                                                             share < real_below)
        return Verdict(PASS if ok else WAIT, f"{smp['real']} of {smp['words']} words are real "
                                             f"at temperature {smp['temperature']:g}")
    return Check(text, judge, ("sample",))
