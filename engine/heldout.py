"""Held-out perplexity, defined once: which characters are scored and what each one is given.

Every held-out character after the first (up to MAX_CHARS) is scored once. They are cut into
blocks of BLOCK; a block is read from WARMUP characters before it, so each character is scored
given at least the WARMUP held-out characters before it (all of them near the start). The RNN and
the n-gram both score these blocks; an n-gram needs only n-1 <= WARMUP of them, so its number
equals one continuous pass. Blocks are read side by side: a pass costs ~WARMUP + BLOCK steps.
"""
from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F

from engine.tasks.base import IGNORE

WARMUP = 64       # held-out characters read, unscored, before each block (a context of >= 64)
BLOCK = 64        # characters scored per block
MAX_CHARS = 4096  # characters of held-out text read: bounds the cost on long pasted texts


def blocks(n_chars: int) -> list[tuple[int, int, int]]:
    """(read_from, score_from, end) per block: positions score_from..end-1 are scored, each
    given the characters read_from..position-1. Together they score positions 1..n-1 once
    (n = min(n_chars, MAX_CHARS)); the first block reads from 0, so position 1 sees one character."""
    n = min(n_chars, MAX_CHARS)
    return [(max(0, s - WARMUP), s, min(n, s + BLOCK)) for s in range(1, n, BLOCK)]


def scored_count(n_chars: int) -> int:
    """How many held-out characters the rule scores."""
    return sum(end - start for _, start, end in blocks(n_chars))


@torch.no_grad()
def model_nll(model, ids) -> np.ndarray:
    """-log P(char | the block's characters before it) for every scored position, in order:
    (scored_count,) float64. Each block starts from a zero recurrent state; all blocks are read
    in one batch, and the output layer runs only where a character is scored."""
    ids = torch.as_tensor(np.asarray(ids, dtype=np.int64))
    spans = blocks(len(ids))
    if not spans:
        return np.zeros(0)
    T = max(end - 1 - read for read, _, end in spans)  # the longest block input
    x = torch.zeros(len(spans), T, dtype=torch.int64)  # padding sits after the text:
    y = torch.full((len(spans), T), IGNORE)            # a causal model never reads it
    for row, (read, start, end) in enumerate(spans):
        x[row, :end - 1 - read] = ids[read:end - 1]
        y[row, start - 1 - read:end - 1 - read] = ids[start:end]
    model.eval()
    hidden, _ = model.rnn(model.inputs(x))             # (blocks, T, H)
    scored = y != IGNORE                               # row by row = position order
    logits = model.head(hidden[scored])                # (scored_count, V)
    return F.cross_entropy(logits, y[scored], reduction="none").double().numpy()


def ngram_nll(lm, ids) -> np.ndarray:
    """The same for a fitted engine.ngram.NGramLM: each block is scored from its read_from
    (BOS-padded there), exactly as the RNN reads it."""
    ids = np.asarray(ids, dtype=np.int64)
    parts = [-lm.log_probs(ids[read:end])[start - read:] for read, start, end in blocks(len(ids))]
    return np.concatenate(parts) if parts else np.zeros(0)


def perplexity(nll: np.ndarray) -> float:
    """exp(mean -log P) over the scored characters (capped at e^700 instead of overflowing)."""
    return math.exp(min(float(np.mean(nll)), 700.0))
