"""Several cells trained side by side: same task, data stream, seed and settings.

Each cell gets its own Trainer (its own copy of the seeded data stream), and they advance in
lock-step, one step each in turn, so after any slice all have taken the same number of steps.
"""
from __future__ import annotations

import dataclasses
import threading
import time
from dataclasses import dataclass, field

from engine.gradflow import gradient_by_step, probe_batch
from engine.tasks import make_task
from engine.trainer import Trainer
from playground.pacing import Pace, Paced
from playground.session import Choice

NAMES = {"rnn": "RNN", "gru": "GRU", "lstm": "LSTM"}


def cell_config(choice: Choice, cell: str):
    """The shared model settings for one cell: identity W_hh (an RNN-only init) falls back to
    torch's default for GRU/LSTM."""
    init = "default" if choice.model.init == "identity" and cell != "rnn" else choice.model.init
    return dataclasses.replace(choice.model, cell=cell, init=init)


@dataclass
class CompareRun(Paced):
    choice: Choice
    cells: tuple[str, ...]
    trainers: dict = field(default_factory=dict)
    playing: bool = False
    probes: dict = field(default_factory=dict)         # cell -> (step, grad_norm_by_k)
    decay_history: list = field(default_factory=list)  # {"step", "series", "grad_norm"}
    pace: Pace = field(default_factory=Pace)  # slice loop, rounds/s and the host's caps
    probe_seconds: float = 0.0        # how long the last probe of all cells took
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)

    @property
    def key(self) -> tuple:
        return (self.choice.arch_key, self.choice.model, self.cells)

    @classmethod
    def start(cls, choice: Choice, cells) -> "CompareRun":
        run = cls(choice, tuple(cells))
        for cell in run.cells:  # each trainer builds its own task: identical data streams
            task = make_task(choice.task, choice.task_config)
            run.trainers[cell] = Trainer(task, cell_config(choice, cell), choice.train)
        return run

    @property
    def can_play(self) -> bool:
        """True while at least one cell has not diverged."""
        return any(t.state.status == "ok" for t in self.trainers.values())

    @property
    def step(self) -> int:
        return min(t.state.step for t in self.trainers.values())

    def train_for(self, seconds: float) -> None:
        with self.lock:
            self._train_for(seconds)

    def _train_for(self, seconds: float) -> None:
        self.pace.run(seconds, self._round)
        if not self.can_play:
            self.playing = False

    def _round(self) -> bool:
        """One step of every cell that has not diverged; False when none is left."""
        alive = [t for t in self.trainers.values() if t.state.status == "ok"]
        for t in alive:
            t.step(1)
        return bool(alive)

    def retune(self, train) -> bool:
        if train == self.choice.train:
            return False
        with self.lock:
            for t in self.trainers.values():
                t.retune(train)
        self.choice = dataclasses.replace(self.choice, train=train)
        return True

    def gradient_probe(self) -> dict:
        """cell -> ||dL_T/dh_k|| for k = 1..T (top layer, forward), cached per step."""
        with self.lock:
            return self._gradient_probe()

    def _gradient_probe(self) -> dict:
        out, start = {}, time.perf_counter()
        for cell, t in self.trainers.items():
            step = t.state.step
            if cell not in self.probes or self.probes[cell][0] != step:
                x, y = probe_batch(t.task)
                rows = gradient_by_step(t.model, x, y, truncate=t.config.tbptt)
                g = [r for r in rows if r["direction"] == "forward"][-1]["grad_norm_by_k"]
                self.probes[cell] = (step, g)
                self.decay_history.append({"step": step, "series": NAMES[cell],
                                           "grad_norm": g[0]})
            out[cell] = self.probes[cell][1]
        self.probe_seconds = max(self.probe_seconds * 0.5, time.perf_counter() - start)
        if len(self.decay_history) > 900:
            self.decay_history = self.decay_history[::2]
        return out
