"""Window-based co-occurrence counts X_ij, the input of GloVe.

X_ij = how many times word j appears within `window` words of word i, on the same line (windows
never cross a line). Counting is symmetric, so X_ij = X_ji. With window 1 the course's three
sentences "I like deep learning / I like NLP / I enjoy flying" give its table exactly.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.fields import SettingError, setting, validate

COURSE_TEXT = "I like deep learning\nI like NLP\nI enjoy flying"
MAX_COOC_WORDS = 60  # words the table view (and `python -m engine cooc`) will print


@dataclass(frozen=True)
class CoocConfig:
    window: int = setting(1, "Words on each side that count as context (the course's table "
                          "uses 1).", lo=1, hi=10)

    def __post_init__(self):
        validate(self)


def pairs_at_distance(ids: list[np.ndarray], window: int):
    """For d = 1 .. window: (d, a, b), the int64 arrays of every pair of words d apart on one
    line (a before b)."""
    if not ids:
        return
    words = np.concatenate(ids).astype(np.int64)
    line = np.repeat(np.arange(len(ids)), [len(x) for x in ids])  # line number of each token
    for d in range(1, window + 1):
        same = line[:-d] == line[d:]  # w_t and w_{t+d} on one line
        yield d, words[:-d][same], words[d:][same]


def window_pairs(ids: list[np.ndarray], window: int) -> tuple[np.ndarray, np.ndarray]:
    """Every (center, context) id pair with 1 <= |offset| <= window inside one line.
    -> two int64 arrays of equal length (both directions are listed)."""
    centers, contexts = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
    for _, a, b in pairs_at_distance(ids, window):
        # w_t with w_{t+d} and w_{t+d} with w_t
        centers += [a, b]
        contexts += [b, a]
    return np.concatenate(centers), np.concatenate(contexts)


def cooccurrence(ids: list[np.ndarray], vocab_size: int, window: int) -> np.ndarray:
    """(V, V) float64 counts X_ij over all lines."""
    X = np.zeros((vocab_size, vocab_size))
    i, j = window_pairs(ids, window)
    np.add.at(X, (i, j), 1.0)
    return X


def cooc_table(text: str, window: int = 1) -> dict:
    """{"vocab": words in order of first appearance, "counts": V x V ints} for a tiny text,
    tokens split on whitespace and case kept (as in the course's table)."""
    CoocConfig(window=window)
    lines = [line.split() for line in text.splitlines() if line.split()]
    if not lines:
        raise SettingError.of("cooc_empty")
    vocab = list(dict.fromkeys(w for line in lines for w in line))
    if len(vocab) > MAX_COOC_WORDS:
        raise SettingError.of("cooc_words", count=len(vocab), limit=MAX_COOC_WORDS)
    index = {w: k for k, w in enumerate(vocab)}
    ids = [np.array([index[w] for w in line], dtype=np.int64) for line in lines]
    X = cooccurrence(ids, len(vocab), window)
    return {"vocab": vocab, "counts": X.astype(int).tolist()}
