"""The run behind every live page: one or several trainers advanced in lock-step.

Train, Gates and Embeddings drive one trainer; Compare drives one per cell and Attention the
chosen model plus a comparison model. They all step, pace, retune, pause and report divergence
the same way, here. No Streamlit: the run is tested with plain pytest on a fake clock.
"""
from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from playground.kit import MAX_SLICE, PROBE_SHARE, TRAIN_SLICE
from playground.kit.pacing import Pace


def changes(old, new) -> list[str]:
    """'name old → new' for every field of two dataclasses of one kind that differs."""
    return [f"{f.name} {getattr(old, f.name)} → {getattr(new, f.name)}"
            for f in dataclasses.fields(new) if getattr(old, f.name) != getattr(new, f.name)]


CHANGE_WORDS = {"task": "task {old} → {new}", "seed": "seed {old} → {new}",
                "field": "{name} {old} → {new}", "field_changed": "{name} changed",
                "none": "settings changed"}


def _english(key: str, **values) -> str:
    return CHANGE_WORDS[key].format(**values)


def describe_change(old, new, say=_english, name=str) -> str:
    """Human words for what made a run reset (two choices with task, task_config, model
    and train), e.g. 'hidden 32 → 64, seed 0 → 1'. A page passes `say(key, **values)` for its
    language's words (keys of CHANGE_WORDS) and `name(setting)` for a setting's label."""
    parts = []
    if old.task != new.task:
        parts.append(say("task", old=old.task, new=new.task))
    elif old.task_config != new.task_config:
        parts += _diff(old.task_config, new.task_config, say, name)
    parts += _diff(old.model, new.model, say, name)
    if old.train.seed != new.train.seed:
        parts.append(say("seed", old=old.train.seed, new=new.train.seed))
    return ", ".join(parts) or say("none")


def _diff(a, b, say, name) -> list[str]:
    out = []
    for f in dataclasses.fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if x != y:
            if isinstance(x, str) and len(x) > 20 or isinstance(y, str) and len(y) > 20:
                out.append(say("field_changed", name=name(f.name)))
            else:
                out.append(say("field", name=name(f.name), old=x, new=y))
    return out


@dataclass
class LockStepRun:
    """`trainers` maps a label to a trainer (anything with `step(n)`, `state.step`,
    `state.status`, `state.diverged_at` and, to retune, `retune(train)`); the first is the
    main one. A round steps every trainer that has not diverged, so all live trainers always
    share one step count. With `main_only`, the run stops when the main trainer diverges (the
    others only compare against it); otherwise it goes on while any trainer is alive."""
    choice: object                                   # the page's frozen settings (with .train to retune)
    trainers: dict = field(default_factory=dict)     # label -> trainer; the main one first
    main_only: bool = True
    playing: bool = False
    pace: Pace = field(default_factory=Pace)         # slice loop, measured rate, the host's caps
    probe_seconds: float = 0.0                       # what the page's probe costs per redraw
    # Streamlit may run an old script thread (finishing its slice) beside a new one, e.g. just
    # after a page switch; everything that touches a model holds this lock.
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)

    # ---- what is there -------------------------------------------------------------------
    @property
    def main(self):
        return next(iter(self.trainers.values()))

    @property
    def trainer(self):
        """The main trainer (the only one on single-model pages)."""
        return self.main

    def alive(self) -> list:
        return [t for t in self.trainers.values() if t.state.status == "ok"]

    def diverged(self) -> dict[str, int]:
        """label -> the step at which that trainer diverged, for each one that did."""
        return {label: t.state.diverged_at for label, t in self.trainers.items()
                if t.state.status != "ok"}

    @property
    def can_play(self) -> bool:
        if self.main_only:
            return self.main.state.status == "ok"
        return bool(self.alive())

    @property
    def step_count(self) -> int:
        """Rounds taken: the step of the trainers still training (a diverged one stops
        counting, the others go on)."""
        return max(t.state.step for t in self.trainers.values())

    @property
    def status(self) -> str:
        """'diverged' (nothing left to train), 'training' or 'paused'."""
        return "diverged" if not self.can_play else ("training" if self.playing else "paused")

    @property
    def rate(self) -> float:
        """Rounds per second of wall-clock time while playing, redraws included."""
        return self.pace.rate

    # ---- what it does ----------------------------------------------------------------------
    def _round(self) -> bool:
        """One step of every live trainer; False when the run can no longer play."""
        if not self.can_play:
            return False
        for t in self.alive():
            t.step(1)
        return True

    def step(self, n: int = 1) -> int:
        """Up to n rounds (fewer if the run stops); returns how many were taken."""
        with self.lock:
            done = 0
            while done < n and self._round():
                done += 1
            return done

    def train_for(self, seconds: float, stop: Callable[[], bool] | None = None) -> int:
        """Rounds until `seconds` of wall time have passed, the run stops or `stop()` says so
        (the page's visitor has gone); stops playing when nothing is left to train. Returns
        the rounds taken."""
        with self.lock:
            done = self.pace.run(seconds, self._round, stop)
            if not self.can_play:
                self.playing = False
            return done

    def slice_seconds(self, base: float = TRAIN_SLICE) -> float:
        """Training time before the next redraw: `base`, or longer when the page's probe is
        slow (long sequences, or a busy server), so that the probe stays under PROBE_SHARE of
        the training; never more than MAX_SLICE. The probe is timed on the wall clock, so on a
        busy server a page redraws less often and trains more in between; without the ceiling
        one probe that waited 2 s while 40 followers joined a room made its next slice 16 s
        (every follower saw the step stand still)."""
        return min(MAX_SLICE, max(base, self.probe_seconds / PROBE_SHARE))

    def retune(self, train) -> list[str]:
        """Apply live optimiser settings (learning rate, optimizer, clipping, batch) to every
        trainer; returns what changed ('lr 0.01 → 0.1'), empty when nothing did."""
        changed = changes(self.choice.train, train)
        if changed:
            with self.lock:
                for t in self.trainers.values():
                    t.retune(train)
            self.choice = dataclasses.replace(self.choice, train=train)
        return changed

    def pause(self) -> None:
        """Stop playing (idempotent); the next slice starts a fresh rate measurement."""
        self.playing = False
        self.pace.reset()
