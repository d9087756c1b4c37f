"""What the Embeddings page's picture shows of a run: which words, where, and which get a label.

`layout` makes one frame: PCA rotated onto the previous frame when that frame showed the same
words, or a t-SNE that warm-starts from its previous layout. Pure numpy (+ the projector).
"""
from __future__ import annotations

import numpy as np

from engine.embed.corpus import WordCorpus
from engine.embed.project import ProjectionConfig, TSNEProjector, pca

MIN_CLASSED = 20  # fewer words with a class than this (pasted text): show every word


def shown_words(corpus: WordCorpus, n: int, hide_other: bool) -> np.ndarray:
    """Ids (n,) of the n most frequent words to plot (class words only, when asked and when
    the corpus has at least MIN_CLASSED of them). Corpus ids are in order of frequency."""
    ids = np.arange(len(corpus.words))
    if hide_other:
        classed = ids[np.array(corpus.classes) != "other"]
        if len(classed) >= MIN_CLASSED:
            ids = classed
    return ids[:n]


def thin_labels(x: np.ndarray, y: np.ndarray, width: float = 0.09, height: float = 0.035) -> np.ndarray:
    """(n,) bool: which points get a text label. Greedily, in the given order (most frequent
    first), a label is kept unless its box (width x height, as fractions of the plot's range)
    overlaps one already kept."""
    def scaled(v):
        span = float(v.max() - v.min()) if len(v) else 0.0
        return (v - v.min()) / span if span > 0 else np.zeros_like(v)
    sx, sy = scaled(np.asarray(x, float)), scaled(np.asarray(y, float))
    kept: list[int] = []
    show = np.zeros(len(sx), dtype=bool)
    for i in range(len(sx)):
        if all(abs(sx[i] - sx[j]) > width or abs(sy[i] - sy[j]) > height for j in kept):
            kept.append(i)
            show[i] = True
    return show


def pca_reference(ids: np.ndarray, previous_ids: np.ndarray | None,
                  previous_layout: np.ndarray | None) -> np.ndarray | None:
    """The previous frame's layout (n, 2) to rotate a new PCA onto (Procrustes), when it showed
    the same word ids in the same order; else None (nothing to align to)."""
    if previous_ids is None or previous_layout is None:
        return None
    if len(previous_ids) != len(ids) or not np.array_equal(previous_ids, ids):
        return None
    return np.asarray(previous_layout)


def layout(X: np.ndarray, ids: np.ndarray, config: ProjectionConfig,
           projector: TSNEProjector | None = None, previous_ids: np.ndarray | None = None,
           previous_layout: np.ndarray | None = None) -> tuple[np.ndarray, TSNEProjector | None]:
    """One frame of the words `ids` with vectors X (n, d) -> (layout (n, 2), projector to keep).

    PCA: aligned to the previous frame if it showed the same ids (`pca_reference`); the
    projector is passed through. t-SNE: `projector` is reused (its `fit` warm-starts when the
    ids are the same as last time) unless its settings differ from `config`, then a new one."""
    if config.method == "pca":
        return pca(X, pca_reference(ids, previous_ids, previous_layout)), projector
    if projector is None or projector.config != config:
        projector = TSNEProjector(config)
    return projector.fit(X, keys=tuple(np.asarray(ids).tolist())), projector
