"""Several cells trained side by side: same task, data stream, seed and settings.

Each cell gets its own Trainer (its own copy of the seeded data stream), and the lock-step kit
advances them one step each in turn, so after any slice all live cells have taken the same number
of steps. A cell that diverges stops; the others train on.
"""
from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field

from engine.gradflow import gradient_by_step, probe_batch
from engine.history import History
from engine.tasks import make_task
from engine.trainer import Trainer
from playground.kit.lockstep import LockStepRun
from playground.train.run import BOTH_WAYS, Choice

KEY = "cmp_run"
CELLS = {"rnn": "RNN", "gru": "GRU", "lstm": "LSTM"}


def label(variant: str, variants=()) -> str:
    """A model's name on the page: "LSTM"; "LSTM ⇄" bidirectional, and then "LSTM →" for its
    one-way twin."""
    cell = variant.removesuffix(BOTH_WAYS)
    if variant.endswith(BOTH_WAYS):
        return f"{CELLS[cell]} ⇄"
    return f"{CELLS[cell]} →" if cell + BOTH_WAYS in variants else CELLS[cell]


def cell_config(choice: Choice, variant: str):
    """The shared model settings for one model: its cell, both ways for a `_bi` variant, and
    identity W_hh (an RNN-only init) falling back to torch's default for GRU/LSTM."""
    cell = variant.removesuffix(BOTH_WAYS)
    init = "default" if choice.model.init == "identity" and cell != "rnn" else choice.model.init
    both = variant.endswith(BOTH_WAYS) or choice.model.bidirectional
    return dataclasses.replace(choice.model, cell=cell, init=init, bidirectional=both)


@dataclass
class CompareRun(LockStepRun):
    cells: tuple[str, ...] = ()
    main_only: bool = False                            # train on while any cell is alive
    probes: dict = field(default_factory=dict)         # cell -> (step, grad_norm_by_k)
    decay_history: History = field(default_factory=lambda: History(capacity=900))

    @property
    def key(self) -> tuple:
        return (self.choice.arch_key, self.choice.model, self.cells)

    @classmethod
    def start(cls, choice: Choice, cells) -> CompareRun:
        run = cls(choice, cells=tuple(cells))
        for cell in run.cells:  # each trainer builds its own task: identical data streams
            task = make_task(choice.task, choice.task_config)
            run.trainers[cell] = Trainer(task, cell_config(choice, cell), choice.train)
        return run

    def warm(self) -> None:
        """What the page draws at this step, computed once per room frame: the probes."""
        self.gradient_probe()

    def restart(self) -> CompareRun:
        return CompareRun.start(self.choice, self.cells)

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
                self.decay_history.append({"step": step, "series": label(cell, self.cells),
                                          "grad_norm": g[0]})
            out[cell] = self.probes[cell][1]
        self.probe_seconds = max(self.probe_seconds * 0.5, time.perf_counter() - start)
        return out
