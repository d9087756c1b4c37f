"""The Train page's run: its settings (`Choice`) and the one trainer, stepped by the lock-step kit.

It lives in st.session_state (never in a shared cache), so each tab has its own run. No
Streamlit here: benchmarks and tests drive it headless.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from engine.config import ModelConfig, TrainConfig
from engine.gradflow import gradient_by_step, probe_batch
from engine.history import History
from engine.trainer import Trainer
from engine.unroll import unroll
from playground.kit import MAX_SLICE, PROBE_SHARE, TRAIN_SLICE
from playground.kit.lockstep import LockStepRun

KEY = "train_run"   # st.session_state key of the Train page's run (Gates and Embeddings read it)
BOTH_WAYS = "_bi"   # Compare: a cell name with this suffix trains bidirectionally


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
class LiveRun(LockStepRun):
    """The Train page's run: one trainer, plus its gradient probe and n-gram references."""
    _ngram: dict = field(default_factory=dict)
    _probe: tuple | None = None       # (step, [per-layer gradient rows]) of the last probe
    _net: tuple | None = None         # (step, unroll) of the network view's probe
    net_seconds: float = 0.0          # how long the last network unroll took
    decay_history: History = field(default_factory=lambda: History(capacity=800))
    # ||dL/dh_1|| per series, over steps (bounded: thinned evenly as the run grows)

    @classmethod
    def start(cls, choice: Choice, task) -> LiveRun:
        return cls(choice, {"model": Trainer(task, choice.model, choice.train)})

    def restart(self) -> LiveRun:
        """Fresh weights, same settings, seed and data."""
        return LiveRun.start(self.choice, self.trainer.task)

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
            for r in rows:
                self.decay_history.append({"step": step, "series": series_name(r),
                                           "grad_norm": r["grad_norm_by_k"][0]})
        return self._probe[1]

    def network_input(self):
        """The network view's probe: the first of the fixed probe sequences -> (ids (1, T), targets (T,))."""
        x, y = probe_batch(self.trainer.task)
        return x[:1], y[0].numpy()

    def network(self, flows: bool = False) -> dict:
        """engine.unroll of the probe at the current step (computed once per step); `flows`:
        with the gradient along each W_aa arrow (the backward view draws it)."""
        with self.lock:
            step = self.trainer.state.step
            if self._net is None or self._net[0] != step or (flows and not self._net[1]["flow"]
                                                             and self._net[1]["grad_norm"]):
                ids, targets = self.network_input()
                start = time.perf_counter()
                net = unroll(self.trainer.model, self.trainer.task, ids, targets,
                             truncate=self.choice.train.tbptt, flows=flows)
                self.net_seconds = time.perf_counter() - start
                self._net = (step, net)
            return self._net[1]

    def warm(self) -> None:
        """Compute what the page draws at this step (a room does it once per frame, for everybody
        who follows): the gradient probe and the network view with its gradient flows."""
        self.gradient_probe()
        self.network(flows=True)

    def slice_seconds(self, base: float = TRAIN_SLICE) -> float:
        """As the kit's, counting the gradient probe and the network view together."""
        return min(MAX_SLICE, max(base, (self.probe_seconds + self.net_seconds) / PROBE_SHARE))

    def ngram_reference(self, k: float) -> dict[int, float]:
        """Held-out perplexity of add-k n-gram models (n = 1..5) on the charlm text (cached)."""
        from engine.ngram import ngram_perplexities

        task = self.trainer.task
        if k not in self._ngram:
            self._ngram[k] = ngram_perplexities(task.train_ids, task.heldout_ids, len(task.vocab), k=k)
        return self._ngram[k]


def series_name(row: dict) -> str:
    """Legend label of a layer/direction, e.g. "layer 2 ←" for a backward direction."""
    return f"layer {row['layer'] + 1}" + (" ←" if row["direction"] == "backward" else "")
