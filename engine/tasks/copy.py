"""`copy`: remember the first token, then emit it after L distractors (long-range dependency).

Example (lag=3, symbols=4):   input  c 7 2 9 =      target  . . . . c
The symbol (a, b, c, ...) comes first, then `lag` random digits, then `=` asks for the answer.
Only the last step is scored, so chance accuracy is 1/symbols.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.fields import setting, validate
from engine.tasks.base import IGNORE, Batch, Task
from engine.vocab import Vocab

DIGITS = tuple("0123456789")


@dataclass(frozen=True)
class CopyConfig:
    lag: int = setting(20, "Distractor steps between the symbol and the moment to recall it.",
                       lo=1, hi=100)
    symbols: int = setting(8, "How many different symbols can be remembered (chance = 1/symbols).",
                           lo=2, hi=26)

    def __post_init__(self):
        validate(self)


class CopyTask(Task):
    """Recall the first symbol after `lag` random digits; scored only at the final '='."""

    name = "copy"

    def __init__(self, config: CopyConfig = CopyConfig()):
        self.config = config
        self.symbols = tuple(chr(ord("a") + i) for i in range(config.symbols))
        self.vocab = Vocab(self.symbols + DIGITS + ("=",))

    def batch(self, rng: np.random.Generator, batch_size: int) -> Batch:
        B, L, S = batch_size, self.config.lag, self.config.symbols
        T = L + 2  # symbol, L distractors, "="
        x = np.empty((B, T), dtype=np.int64)
        answer = rng.integers(0, S, size=B)              # symbol ids are 0..S-1
        x[:, 0] = answer
        x[:, 1:L + 1] = S + rng.integers(0, len(DIGITS), size=(B, L))
        x[:, L + 1] = self.vocab.id("=")
        y = np.full((B, T), IGNORE, dtype=np.int64)
        y[:, -1] = answer
        return Batch(x, y)
