"""One object holds a browser session's training run: the trainer, play state and measured rate.

It lives in st.session_state (never in a shared cache), so each tab has its own run.
"""
from __future__ import annotations

import dataclasses
import threading
import time
from dataclasses import dataclass, field

from engine.config import ModelConfig, TrainConfig
from engine.gradflow import gradient_by_step, probe_batch
from engine.trainer import Trainer
from playground.pacing import Pace, Paced


PROBE_SHARE = 0.12  # the live gradient probe may cost at most this share of training time (target 20%)


@dataclass(frozen=True)
class Choice:
    """Everything the sidebar asks for. `arch_key` decides whether a change resets the run."""
    task: str
    task_config: object
    model: ModelConfig
    train: TrainConfig

    @property
    def arch_key(self) -> tuple:
        return (self.task, self.task_config, self.model, self.train.seed)


@dataclass
class LiveRun(Paced):
    choice: Choice
    trainer: Trainer
    playing: bool = False
    pace: Pace = field(default_factory=Pace)  # the slice loop, its measured rate and the host's caps
    _ngram: dict = field(default_factory=dict)
    _probe: tuple | None = None       # (step, [per-layer gradient rows]) of the last probe
    probe_seconds: float = 0.0        # how long the last gradient probe took
    decay_history: list = field(default_factory=list)  # ||dL/dh_1|| per series, over steps
    # Streamlit may run an old script thread (finishing its training slice) beside a new one, e.g.
    # just after a page switch; everything that touches the model holds this lock.
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)

    @classmethod
    def start(cls, choice: Choice, task) -> "LiveRun":
        return cls(choice, Trainer(task, choice.model, choice.train))

    def train_for(self, seconds: float) -> int:
        """Train until `seconds` have passed (or the run diverges); update the measured rate."""
        with self.lock:
            return self._train_for(seconds)

    def step(self, n: int = 1) -> None:
        with self.lock:
            self.trainer.step(n)

    def _train_for(self, seconds: float) -> int:
        done = self.pace.run(seconds, lambda: self.trainer.step(1))
        if self.trainer.state.status != "ok":
            self.playing = False
        return done

    def gradient_probe(self) -> list[dict]:
        """||dL_T/dh_k|| per layer/direction on a fixed probe batch, at the current step
        (computed once per step, so redrawing while paused costs nothing)."""
        with self.lock:
            return self._gradient_probe()

    def _gradient_probe(self) -> list[dict]:
        step = self.trainer.state.step
        if self._probe is None or self._probe[0] != step:
            x, y = probe_batch(self.trainer.task)
            start = time.perf_counter()
            rows = gradient_by_step(self.trainer.model, x, y, truncate=self.choice.train.tbptt)
            self.probe_seconds = time.perf_counter() - start
            self._probe = (step, rows)
            self.decay_history += [{"step": step, "series": series_name(r),
                                    "grad_norm": r["grad_norm_by_k"][0]} for r in rows]
            if len(self.decay_history) > 800:  # bounded: keep every other probe
                self.decay_history = self.decay_history[::2]
        return self._probe[1]

    @property
    def can_play(self) -> bool:
        return self.trainer.state.status == "ok"

    def slice_seconds(self, base: float) -> float:
        """Training time before the next redraw: `base`, or longer when the gradient probe is
        slow (long sequences), so that the probe stays under PROBE_SHARE of the training."""
        return max(base, self.probe_seconds / PROBE_SHARE)

    def retune(self, train: TrainConfig) -> list[str]:
        """Apply live optimiser changes; returns a description of what changed."""
        old = self.choice.train
        changed = [f"{f.name} {getattr(old, f.name)} → {getattr(train, f.name)}"
                   for f in dataclasses.fields(train) if getattr(old, f.name) != getattr(train, f.name)]
        if changed:
            with self.lock:
                self.trainer.retune(train)
            self.choice = dataclasses.replace(self.choice, train=train)
        return changed

    def ngram_reference(self, k: float) -> dict[int, float]:
        """Held-out perplexity of add-k n-gram models (n = 1..5) on the charlm text (cached)."""
        from engine.ngram import ngram_perplexities

        task = self.trainer.task
        if k not in self._ngram:
            self._ngram[k] = ngram_perplexities(task.train_ids, task.heldout_ids, len(task.vocab), k=k)
        return self._ngram[k]


def describe_change(old: Choice, new: Choice) -> str:
    """Human words for what made the run reset, e.g. 'hidden 32 → 64, seed 0 → 1'."""
    parts = []
    if old.task != new.task:
        parts.append(f"task {old.task} → {new.task}")
    elif old.task_config != new.task_config:
        parts += _diff(old.task_config, new.task_config)
    parts += _diff(old.model, new.model)
    if old.train.seed != new.train.seed:
        parts.append(f"seed {old.train.seed} → {new.train.seed}")
    return ", ".join(parts) or "settings changed"


def _diff(a, b) -> list[str]:
    out = []
    for f in dataclasses.fields(a):
        x, y = getattr(a, f.name), getattr(b, f.name)
        if x != y:
            if isinstance(x, str) and len(x) > 20 or isinstance(y, str) and len(y) > 20:
                out.append(f"{f.name} changed")
            else:
                out.append(f"{f.name} {x} → {y}")
    return out


def series_name(row: dict) -> str:
    """Legend label of a layer/direction, e.g. "layer 2 ←" for a backward direction."""
    return f"layer {row['layer'] + 1}" + (" ←" if row["direction"] == "backward" else "")
