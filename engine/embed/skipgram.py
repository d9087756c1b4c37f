"""Skip-gram with negative sampling (Mikolov et al. 2013), trained a minibatch at a time.

For a (context c, target t) pair from a window, and k words drawn from the 3/4-power unigram
distribution P(w) = f(w)^(3/4) / sum_j f(w_j)^(3/4), the loss is k + 1 binary classifications:
    L = -log sigma(theta_t . e_c) - sum_{i=1..k} log sigma(-theta_{w_i} . e_c)
e_c are the rows of the embedding matrix E (what is plotted); theta are the output vectors.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from engine.embed.base import EmbeddingTrainer
from engine.embed.cooc import window_pairs
from engine.embed.corpus import WordCorpus
from engine.fields import SettingError, setting, validate

UNIGRAM_POWER = 0.75


@dataclass(frozen=True)
class SkipGramConfig:
    dim: int = setting(24, "Embedding size: the length of each word vector e_w.", lo=2, hi=128)
    window: int = setting(2, "Words on each side of the context word that count as its targets.",
                          lo=1, hi=10)
    negatives: int = setting(5, "k: negative words drawn per pair (the course: 5-20 for small "
                             "data, 2-5 for large).", lo=1, hi=20)
    batch: int = setting(256, "(context, target) pairs per training step.", lo=8, hi=4096)
    optimizer: str = setting("adam", "Update rule: Adam, or plain SGD as in the original papers.",
                             choices=("adam", "sgd"))
    lr: float = setting(0.01, "Learning rate (step size).", lo=1e-5, hi=100.0, log=True)
    seed: int = setting(0, "Random seed for the weights, the pairs and the negatives.", lo=0,
                        hi=2**31 - 1)

    def __post_init__(self):
        validate(self)


def negative_distribution(counts: np.ndarray, power: float = UNIGRAM_POWER) -> np.ndarray:
    """P(w_i) = f(w_i)^power / sum_j f(w_j)^power (V,)."""
    weights = np.asarray(counts, dtype=np.float64) ** power
    return weights / weights.sum()


class SkipGram(EmbeddingTrainer):
    method = "skipgram"

    def __init__(self, corpus: WordCorpus, config: SkipGramConfig, history_capacity: int = 2000):
        super().__init__(corpus, config, history_capacity)
        self.centers, self.targets = window_pairs(corpus.ids, config.window)
        if len(self.centers) == 0:
            raise SettingError("The corpus has no pair of neighbouring words; put several words "
                               "on a line.")
        V, d = len(corpus.words), config.dim  # vocabulary, embedding size
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(config.seed)
            # word2vec's start: E uniform in +-0.5/d, theta zero
            self.E = ((torch.rand(V, d) - 0.5) / d).requires_grad_()
        self.theta = torch.zeros(V, d, requires_grad=True)
        self.noise = torch.from_numpy(negative_distribution(corpus.counts))
        self.optimizer = self._make_optimizer()

    def parameters(self):
        return [self.E, self.theta]

    def _loss(self) -> torch.Tensor:
        B, k = self.config.batch, self.config.negatives
        pick = torch.from_numpy(self.rng.integers(0, len(self.centers), size=B))
        c = torch.from_numpy(self.centers)[pick]
        t = torch.from_numpy(self.targets)[pick]
        neg = torch.multinomial(self.noise, B * k, replacement=True,
                                generator=self.generator).view(B, k)
        e_c = self.E[c]                                              # (B, d)
        pos = (self.theta[t] * e_c).sum(-1)                          # theta_t . e_c   (B,)
        negs = torch.bmm(self.theta[neg], e_c.unsqueeze(-1)).squeeze(-1)  # (B, k)
        # L = -log sigma(theta_t . e_c) - sum_i log sigma(-theta_{w_i} . e_c), mean over pairs
        return -(F.logsigmoid(pos) + F.logsigmoid(-negs).sum(-1)).mean()

    def vectors(self) -> np.ndarray:
        return self.E.detach().numpy().copy()
