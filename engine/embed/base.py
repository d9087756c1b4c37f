"""What both embedding trainers share: step(n) with plain records, bounded history, divergence.

A subclass builds its parameters and implements `_loss(rng)` (one minibatch's loss tensor) and
`vectors()` (the word vectors to plot, V x d numpy). A loss that is NaN/inf stops the run with
status "diverged" at that step, as on the Train page.
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

    def _make_optimizer(self):
        if self.config.optimizer == "sgd":
            return torch.optim.SGD(self.parameters(), lr=self.config.lr)
        return torch.optim.Adam(self.parameters(), lr=self.config.lr)

    def _one_step(self) -> dict:
        loss = self._loss()
        value = loss.item()
        self.state.step += 1
        record = {"step": self.state.step, "loss": value}
        if not math.isfinite(value):
            self._diverge()
        else:
            self.optimizer.zero_grad(set_to_none=True)
            loss.backward()
            self.optimizer.step()
            if not all(torch.isfinite(p).all() for p in self.parameters()):
                self._diverge()
        self.history.append(record)
        return record
