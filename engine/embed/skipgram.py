"""Skip-gram with negative sampling (Mikolov et al. 2013), trained a minibatch at a time.

For a (context c, target t) pair from a window, and k words drawn from the 3/4-power unigram
distribution P(w) = f(w)^(3/4) / sum_j f(w_j)^(3/4), the loss is k + 1 binary classifications:
    L = -log sigma(theta_t . e_c) - sum_{i=1..k} log sigma(-theta_{w_i} . e_c)
e_c are the rows of the embedding matrix E (what is plotted); theta are the output vectors.
As in word2vec, training walks through the corpus in shuffled passes; each pass first drops
frequent words ("the", ",") at random and keeps a pair d words apart with probability
(window - d + 1) / window (word2vec's shrinking window: near words count more). The gradient is
written out by hand (it touches only the rows of the batch's words; a test checks it against
autograd).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from engine.embed.base import EmbeddingTrainer
from engine.embed.cooc import pairs_at_distance, window_pairs
from engine.embed.corpus import WordCorpus
from engine.fields import SettingError, setting, validate
from engine.seeding import seeded

UNIGRAM_POWER = 0.75


@dataclass(frozen=True)
class SkipGramConfig:
    dim: int = setting(24, "Embedding size: the length of each word vector e_w.", lo=2, hi=128)
    window: int = setting(2, "Words on each side of the context word that count as its targets.",
                          lo=1, hi=10)
    negatives: int = setting(5, "k: negative words drawn per pair (the course: 5-20 for small "
                             "data, 2-5 for large).", lo=1, hi=20)
    subsample: float = setting(1e-3, "t: a word of frequency f is kept with probability "
                               "(sqrt(f/t) + 1) t/f per pass (word2vec), so 'the' and ',' "
                               "stop crowding the pairs; 0 keeps every word.", lo=0.0, hi=1.0)
    batch: int = setting(128, "(context, target) pairs per training step.", lo=8, hi=4096)
    optimizer: str = setting("adam", "Update rule: Adam, or plain SGD as in the original papers.",
                             choices=("adam", "sgd"))
    lr: float = setting(0.02, "Learning rate (step size).", lo=1e-5, hi=100.0, log=True)
    seed: int = setting(0, "Random seed for the weights, the pairs and the negatives.", lo=0,
                        hi=2**31 - 1)

    def __post_init__(self):
        validate(self)


def negative_distribution(counts: np.ndarray, power: float = UNIGRAM_POWER) -> np.ndarray:
    """P(w_i) = f(w_i)^power / sum_j f(w_j)^power (V,)."""
    weights = np.asarray(counts, dtype=np.float64) ** power
    return weights / weights.sum()


def keep_probability(counts: np.ndarray, t: float) -> np.ndarray:
    """(V,) chance that one occurrence of each word stays in a pass: word2vec's
    P_keep(w) = (sqrt(f(w)/t) + 1) t / f(w), capped at 1, f(w) the word's share of the tokens."""
    if t <= 0:
        return np.ones(len(counts))
    f = np.asarray(counts, dtype=np.float64) / np.sum(counts)
    return np.minimum(1.0, (np.sqrt(f / t) + 1) * t / f)


class SkipGram(EmbeddingTrainer):
    method = "skipgram"

    def __init__(self, corpus: WordCorpus, config: SkipGramConfig, history_capacity: int = 2000):
        super().__init__(corpus, config, history_capacity)
        self.lines = corpus.ids
        if len(window_pairs(self.lines, config.window)[0]) == 0:
            raise SettingError.of("skipgram_no_pairs")
        V, d = len(corpus.words), config.dim  # vocabulary, embedding size
        with seeded(config.seed):
            # word2vec's start: E uniform in +-0.5/d, theta zero
            self.E = ((torch.rand(V, d) - 0.5) / d).requires_grad_()
        self.theta = torch.zeros(V, d, requires_grad=True)
        self.noise = torch.from_numpy(negative_distribution(corpus.counts))
        self.noise_cdf = np.cumsum(self.noise.numpy())
        self.keep = keep_probability(corpus.counts, config.subsample)
        self.passes = 0                 # completed passes over the corpus (epochs)
        self._pairs = (torch.zeros(0, dtype=torch.int64),) * 2
        self._next = 0                  # first unused pair of the current pass
        self.optimizer = self._make_optimizer()

    def parameters(self):
        return [self.E, self.theta]

    def _new_pass(self) -> None:
        """Drop frequent words at random (P_keep), list the window pairs (a pair d apart with
        probability (window - d + 1) / window), shuffle them."""
        W = self.config.window
        kept = [line[self.rng.random(len(line)) < self.keep[line]] for line in self.lines]
        if sum(len(line) > 1 for line in kept) == 0:  # a tiny text lost every pair: keep all
            kept = self.lines
        centers, targets = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
        for d, a, b in pairs_at_distance(kept, W):
            near = self.rng.random(len(a)) < (W - d + 1) / W
            centers += [a[near], b[near]]
            targets += [b[near], a[near]]
        centers, targets = np.concatenate(centers), np.concatenate(targets)
        order = self.rng.permutation(len(centers))
        self._pairs = (torch.from_numpy(centers[order]), torch.from_numpy(targets[order]))
        self._next = 0
        self.passes += 1

    def batch(self) -> tuple[torch.Tensor, torch.Tensor]:
        """The next (B,) context ids c and (B, 1 + k) output ids: the target t, then k negatives."""
        B, k = self.config.batch, self.config.negatives
        if self._next + B > len(self._pairs[0]):
            self._new_pass()
        c, t = (p[self._next:self._next + B] for p in self._pairs)
        self._next += B
        # k negatives per pair from P(w): inverse of its cumulative distribution at uniform draws
        negs = np.searchsorted(self.noise_cdf, self.rng.random((len(c), k)) * self.noise_cdf[-1])
        out = torch.from_numpy(np.minimum(negs, len(self.noise_cdf) - 1))
        return c, torch.cat([t.unsqueeze(1), out], 1)

    def _loss_and_gradients(self) -> float:
        c, out = self.batch()
        B, d = len(c), self.E.shape[1]
        with torch.no_grad():
            e_c, theta_o = self.E[c], self.theta[out]                   # (B, d), (B, 1 + k, d)
            score = torch.bmm(theta_o, e_c.unsqueeze(-1)).squeeze(-1)   # theta_o . e_c  (B, 1 + k)
            score[:, 0].neg_()  # the target's label is 1: -log sigma(s) = log(1 + e^{-s})
            # L = mean over pairs of [-log sigma(theta_t . e_c) - sum_i log sigma(-theta_{w_i} . e_c)]
            loss = torch.nn.functional.softplus(score).sum() / B
            # dL/ds_t = sigma(s_t) - 1,  dL/ds_i = sigma(s_i)   (per pair, then / B)
            g = torch.sigmoid(score)
            g[:, 0].neg_()
            g /= B
            # dL/de_c = sum_o g_o theta_o;  dL/dtheta_o = g_o e_c  (summed where a word repeats)
            self.E.grad = torch.zeros_like(self.E).index_add_(0, c, torch.bmm(g.unsqueeze(1),
                                                                                theta_o).squeeze(1))
            self.theta.grad = torch.zeros_like(self.theta).index_add_(
                0, out.reshape(-1), (g.unsqueeze(-1) * e_c.unsqueeze(1)).reshape(-1, d))
        value = loss.item()
        return value if math.isfinite(value) else math.nan

    def _loss(self) -> torch.Tensor:
        """The same loss through autograd (what `_loss_and_gradients` computes by hand)."""
        c, out = self.batch()
        e_c = self.E[c]                                                      # (B, d)
        score = torch.bmm(self.theta[out], e_c.unsqueeze(-1)).squeeze(-1)   # (B, 1 + k)
        pos, negs = score[:, 0], score[:, 1:]
        return -(torch.nn.functional.logsigmoid(pos)
                 + torch.nn.functional.logsigmoid(-negs).sum(-1)).mean()

    def vectors(self) -> np.ndarray:
        return self.E.detach().numpy().copy()
