"""GloVe (Pennington et al. 2014): weighted least squares on log co-occurrence counts.

    J = sum_{i,j: X_ij > 0} f(X_ij) (theta_i . e_j + b_i + b'_j - log X_ij)^2
    f(x) = (x / x_max)^alpha if x < x_max else 1      (f(0) = 0: empty cells never count)
Each step takes a minibatch of the non-zero cells. As in the paper, the plotted vector of a word
is e_w + theta_w (X is symmetric, so both play the same role). On a small corpus the model can
have more parameters than X has non-zero cells: it can then fit every count, noise included, and
drifts if it keeps a constant rate; the rate decays (lr / (1 + t / decay)) so it settles.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from engine.embed.base import EmbeddingTrainer
from engine.embed.cooc import cooccurrence
from engine.embed.corpus import WordCorpus
from engine.fields import SettingError, setting, validate
from engine.seeding import seeded


@dataclass(frozen=True)
class GloVeConfig:
    dim: int = setting(8, "Embedding size: the length of each word vector (a small corpus has "
                       "few reliable counts, so few dimensions fit it best).", lo=2, hi=128)
    window: int = setting(2, "Words on each side counted as co-occurring.", lo=1, hi=10)
    x_max: float = setting(100.0, "Counts at or above x_max get the full weight f = 1 (the "
                           "paper's 100: rare, noisy counts weigh little).",
                           lo=1.0, hi=1000.0)
    alpha: float = setting(0.75, "Exponent of the weighting f(x) = (x/x_max)^alpha.",
                           lo=0.0, hi=2.0)
    batch: int = setting(1024, "Non-zero cells X_ij per training step.", lo=8, hi=65536)
    optimizer: str = setting("adam", "Update rule: Adam, or plain SGD as in the original papers.",
                             choices=("adam", "sgd"))
    lr: float = setting(0.05, "Learning rate at the start (step size).", lo=1e-5, hi=100.0,
                        log=True)
    decay: float = setting(30.0, "Learning-rate schedule: lr_t = lr / (1 + t / decay), half the "
                           "rate after `decay` steps, so the vectors settle instead of drifting; "
                           "0 = constant rate.", lo=0.0, hi=100000.0)
    seed: int = setting(0, "Random seed for the weights and the minibatches.", lo=0, hi=2**31 - 1)

    def __post_init__(self):
        validate(self)


def weighting(x: np.ndarray, x_max: float, alpha: float) -> np.ndarray:
    """f(x) = (x / x_max)^alpha capped at 1."""
    return np.minimum(1.0, (np.asarray(x, dtype=np.float64) / x_max) ** alpha)


class GloVe(EmbeddingTrainer):
    method = "glove"

    def __init__(self, corpus: WordCorpus, config: GloVeConfig, history_capacity: int = 2000):
        super().__init__(corpus, config, history_capacity)
        X = cooccurrence(corpus.ids, len(corpus.words), config.window)
        i, j = np.nonzero(X)
        if len(i) == 0:
            raise SettingError.of("glove_no_pairs")
        self.i, self.j = torch.from_numpy(i), torch.from_numpy(j)
        self.log_x = torch.from_numpy(np.log(X[i, j])).float()
        self.f = torch.from_numpy(weighting(X[i, j], config.x_max, config.alpha)).float()
        V, d = len(corpus.words), config.dim  # vocabulary, embedding size
        with seeded(config.seed):
            self.theta = ((torch.rand(V, d) - 0.5) / d).requires_grad_()
            self.E = ((torch.rand(V, d) - 0.5) / d).requires_grad_()
        self.b = torch.zeros(V, requires_grad=True)
        self.b_prime = torch.zeros(V, requires_grad=True)
        self.optimizer = self._make_optimizer()

    @property
    def cells(self) -> int:
        """Non-zero counts X_ij: the numbers the model is fitted to."""
        return len(self.i)

    def fit_report(self) -> dict:
        return {"parameters": self.parameter_count, "counts": self.cells,
                "overfits": self.parameter_count > self.cells}

    def learning_rate(self, step: int) -> float:
        # lr_t = lr / (1 + t / decay)
        return self.config.lr / (1 + step / self.config.decay) if self.config.decay else self.config.lr

    def parameters(self):
        return [self.theta, self.E, self.b, self.b_prime]

    def _loss(self) -> torch.Tensor:
        n = min(self.config.batch, self.cells)
        pick = torch.from_numpy(self.rng.choice(self.cells, size=n, replace=False))
        i, j = self.i[pick], self.j[pick]
        # theta_i . e_j + b_i + b'_j - log X_ij
        residual = (self.theta[i] * self.E[j]).sum(-1) + self.b[i] + self.b_prime[j] - self.log_x[pick]
        # J = sum f(X_ij) residual^2 (averaged over the minibatch, so lr does not depend on its size)
        return (self.f[pick] * residual ** 2).mean()

    def vectors(self) -> np.ndarray:
        return (self.E + self.theta).detach().numpy().copy()
