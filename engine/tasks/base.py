"""What every task provides: a vocabulary, a seeded batch generator and one readable example.

Targets use IGNORE (-100) where a step has nothing to predict, so many-to-one tasks (copy,
agreement) and many-to-many tasks (language models) share one loss and one accuracy.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.vocab import Vocab

IGNORE = -100  # target id for "no prediction at this step" (torch's cross_entropy ignore_index)


@dataclass
class Batch:
    x: np.ndarray  # (B, T) int64 input token ids
    y: np.ndarray  # (B, T) int64 target ids, IGNORE where nothing is predicted


class Task:
    """Base class. Subclasses set `name`, `vocab`, `config` and implement `batch`."""

    name: str = ""
    is_lm = False    # next-token prediction at every step: perplexity is meaningful
    causal = False   # a bidirectional model would see the targets, so it is refused
    vocab: Vocab
    config: object
    heldout_ids: np.ndarray | None = None  # language models: the held-out text (engine.heldout)

    def batch(self, rng: np.random.Generator, batch_size: int) -> Batch:
        raise NotImplementedError

    def heldout(self) -> Batch | None:
        """A fixed batch of held-out inputs for probes (charlm: windows of its held-out text),
        or None. Held-out perplexity reads `heldout_ids` instead (engine.heldout)."""
        return None

    def example(self, seed: int = 0) -> dict:
        """One encoded example in words: input tokens and the target at each step (or None)."""
        b = self.batch(np.random.default_rng(seed), 1)
        return {"input": self.vocab.decode(b.x[0]),
                "target": [None if t == IGNORE else self.vocab.tokens[t] for t in b.y[0]]}
