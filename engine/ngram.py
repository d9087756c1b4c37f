"""Add-k smoothed n-gram language model over integer token ids: the baseline the RNNs must beat.

P(w | c) = (count(c, w) + k) / (count(c) + k * V), c = the previous n-1 ids. The text is padded
at the start with n-1 BOS ids (BOS = vocab_size, never predicted), so every token has a context.
"""
from __future__ import annotations

import numpy as np

from engine import heldout

MAX_N = 5


class NGramLM:
    """Add-k smoothed n-gram language model over integer token ids 0..vocab_size-1."""

    def __init__(self, n: int = 3, k: float = 0.1):
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= MAX_N:
            raise ValueError(f"n-gram order n must be a whole number from 1 to {MAX_N}; got {n!r}.")
        if not isinstance(k, (int, float, np.number)) or not np.isfinite(k) or k <= 0:
            raise ValueError(f"smoothing k must be a positive number; got {k!r}.")
        self.n, self.k = int(n), float(k)

    # Contexts are hashed to int64 codes in base V+1 (ids 0..V-1 plus BOS = V): a context of
    # n-1 ids is one number, and (context, token) is context * (V+1) + token.
    def _check(self, ids, vocab_size: int) -> np.ndarray:
        ids = np.asarray(ids)
        if ids.ndim != 1 or (ids.size and not np.issubdtype(ids.dtype, np.integer)):
            raise ValueError("ids must be a 1-D sequence of integer token ids.")
        ids = ids.astype(np.int64)
        if ids.size and (ids.min() < 0 or ids.max() >= vocab_size):
            raise ValueError(f"token ids must lie in 0..{vocab_size - 1}; got "
                             f"{ids.min()}..{ids.max()}.")
        return ids

    def _codes(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(context code, (context, token) code) for every position of ids."""
        base, m = self.vocab_size_ + 1, self.n - 1
        padded = np.concatenate([np.full(m, self.vocab_size_, dtype=np.int64), ids])
        ctx = np.zeros(len(ids), dtype=np.int64)
        for j in range(m):  # the m ids before position t are padded[t : t + m]
            ctx = ctx * base + padded[j:j + len(ids)]
        return ctx, ctx * base + ids

    def fit(self, ids, vocab_size: int) -> NGramLM:
        if isinstance(vocab_size, bool) or int(vocab_size) != vocab_size or vocab_size < 1:
            raise ValueError(f"vocab_size must be a positive whole number; got {vocab_size!r}.")
        if float(vocab_size + 1) ** self.n >= 2.0 ** 63:
            raise ValueError(f"vocab_size {vocab_size} is too large for a {self.n}-gram model.")
        self.vocab_size_ = int(vocab_size)
        ids = self._check(ids, self.vocab_size_)
        ctx, gram = self._codes(ids)
        self.contexts_, self.context_counts_ = np.unique(ctx, return_counts=True)
        self.grams_, self.gram_counts_ = np.unique(gram, return_counts=True)
        self.n_tokens_ = len(ids)
        return self

    @staticmethod
    def _lookup(keys: np.ndarray, counts: np.ndarray, query: np.ndarray) -> np.ndarray:
        """Count of each query code (0 when unseen), by binary search in the sorted keys."""
        if len(keys) == 0:
            return np.zeros(len(query), dtype=np.int64)
        i = np.minimum(np.searchsorted(keys, query), len(keys) - 1)
        return np.where(keys[i] == query, counts[i], 0)

    def log_probs(self, ids) -> np.ndarray:
        """Natural-log probability of each ids[t] given the ids before it (BOS-padded)."""
        if not hasattr(self, "vocab_size_"):
            raise RuntimeError("call fit() before scoring")
        ids = self._check(ids, self.vocab_size_)
        ctx, gram = self._codes(ids)
        c_ctx = self._lookup(self.contexts_, self.context_counts_, ctx)
        c_gram = self._lookup(self.grams_, self.gram_counts_, gram)
        return np.log((c_gram + self.k) / (c_ctx + self.k * self.vocab_size_))

    def prob(self, context, token: int) -> float:
        """P(token | the last n-1 ids of context); a shorter context is padded with BOS."""
        context = [int(t) for t in context][-(self.n - 1):] if self.n > 1 else []
        ids = self._check(context + [int(token)], self.vocab_size_)
        return float(np.exp(self.log_probs(ids)[-1]))

    def perplexity(self, ids) -> float:
        """exp(-mean log-probability): 1 = always certain and right, V = uniform guessing."""
        lp = self.log_probs(ids)
        if lp.size == 0:
            raise ValueError("perplexity needs at least one token")
        return float(np.exp(-lp.mean()))


def ngram_perplexities(train_ids, heldout_ids, vocab_size: int, k: float = 0.1,
                       n_max: int = MAX_N) -> dict[int, float]:
    """Held-out perplexity for n = 1..n_max, each trained on train_ids and scored on the
    characters of heldout_ids that engine.heldout scores, with its context rule (the RNN's
    val_perplexity reads the same)."""
    return {n: heldout.perplexity(heldout.ngram_nll(NGramLM(n, k).fit(train_ids, vocab_size),
                                                    heldout_ids))
            for n in range(1, n_max + 1)}
