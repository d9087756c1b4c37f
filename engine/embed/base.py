"""What both embedding trainers share: step(n) with plain records, bounded history, divergence.

A subclass builds its parameters and implements `_loss()` (one minibatch's loss tensor) and
`vectors()` (the word vectors to plot, V x d numpy); it may write its gradients by hand instead
(`_loss_and_gradients`). `learning_rate(step)` is the schedule (constant unless overridden). A loss
that is NaN/inf stops the run with status "diverged" at that step, as on the Train page.
"""
from __future__ import annotations

import math

import numpy as np
import torch

from engine.embed.corpus import WordCorpus
from engine.history import History
from engine.trainer import RunState, StepLoop


class EmbeddingTrainer(StepLoop):
    method = ""

    def __init__(self, corpus: WordCorpus, config, history_capacity: int = 2000):
        self.corpus, self.config = corpus, config
        self.rng = np.random.default_rng(config.seed)
        self.state = RunState()
        self.history = History(history_capacity)
        self.generator = torch.Generator().manual_seed(config.seed)

    def parameters(self) -> list[torch.Tensor]:
        raise NotImplementedError

    def _loss(self) -> torch.Tensor:
        raise NotImplementedError

    def vectors(self) -> np.ndarray:
        raise NotImplementedError

    @property
    def parameter_count(self) -> int:
        """Free numbers the trainer fits (vectors and biases)."""
        return sum(p.numel() for p in self.parameters())

    def fit_report(self) -> dict | None:
        """{"parameters", "counts", "overfits"} when the trainer is fitted to a fixed set of
        counts (GloVe's non-zero X_ij): overfits is True when it has more parameters than counts,
        so it can fit every count exactly, noise included. None for trainers that sample pairs."""
        return None

    def learning_rate(self, step: int) -> float:
        """The rate used at step `step` (1, 2, ...): config.lr unless a subclass schedules it."""
        return self.config.lr

    def _make_optimizer(self):
        if self.config.optimizer == "sgd":
            return torch.optim.SGD(self.parameters(), lr=self.config.lr)
        # fused: one kernel per step instead of a dozen small ops (same maths as plain Adam)
        return torch.optim.Adam(self.parameters(), lr=self.config.lr, fused=True)

    def _loss_and_gradients(self) -> float:
        """One minibatch's loss; when it is finite, its gradient is left in each .grad."""
        loss = self._loss()
        value = loss.item()
        if math.isfinite(value):
            self.optimizer.zero_grad(set_to_none=True)
            loss.backward()
        return value

    def _one_step(self) -> dict:
        value = self._loss_and_gradients()
        self.state.step += 1
        record = {"step": self.state.step, "loss": value}
        if not math.isfinite(value):
            self._diverge()
        else:
            for group in self.optimizer.param_groups:
                group["lr"] = self.learning_rate(self.state.step)
            self.optimizer.step()
            if not all(torch.isfinite(p).all() for p in self.parameters()):
                self._diverge()
        self.history.append(record)
        return record
