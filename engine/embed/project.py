"""2-D pictures of word vectors: t-SNE (openTSNE) warm-started frame to frame, and PCA.

`TSNEProjector` follows openTSNE/scikit-learn: settings in __init__, work in `fit`, results in
attributes ending in `_`. A first frame is a full t-SNE (early exaggeration, then `iterations`);
later frames of the same points start from the previous layout, run `warm_iterations` without
exaggeration, and are rotated (orthogonal Procrustes) onto the previous frame, so points glide
instead of jumping while the vectors train. While the vectors still change fast (right after Play,
when many words' nearest neighbours changed since the last frame), a warm start cannot catch up
in `warm_iterations`, so that frame is computed afresh and rotated onto the previous one. t-SNE keeps neighbours, not distances or directions:
gaps between clusters and the axes mean nothing.
"""
from __future__ import annotations

import contextlib
import hashlib
import logging
from dataclasses import dataclass

import numpy as np

from engine.fields import SettingError, setting, validate
from engine.messages import message

METHODS = ("tsne", "pca")


@dataclass(frozen=True)
class ProjectionConfig:
    method: str = setting("tsne", "t-SNE (keeps neighbourhoods, slower) or PCA (a linear view, "
                          "instant).", choices=METHODS)
    perplexity: float = setting(10.0, "t-SNE perplexity: roughly how many neighbours each point "
                                "keeps close. Needs at least 3 x perplexity + 1 points.",
                                lo=1.0, hi=100.0)
    iterations: int = setting(500, "t-SNE optimisation steps of a fresh (cold) layout.",
                              lo=50, hi=2000)
    warm_iterations: int = setting(100, "t-SNE steps of each later frame, which starts from the "
                                   "previous layout.", lo=10, hi=1000)
    restart_above: float = setting(0.4, "t-SNE: compute a frame afresh (not from the previous "
                                   "layout) when more than this share of the words' 5 nearest "
                                   "neighbours changed since the last frame.", lo=0.0, hi=1.0)
    learning_rate: float = setting(0.0, "t-SNE learning rate; 0 = automatic (points / 12 during "
                                   "exaggeration, as openTSNE).", lo=0.0, hi=10000.0)
    seed: int = setting(0, "Seed of the first t-SNE layout.", lo=0, hi=2**31 - 1)

    def __post_init__(self):
        validate(self)


def check_perplexity(perplexity: float, n_points: int) -> None:
    """SettingError unless 3 * perplexity + 1 <= n_points (each point needs 3 x perplexity
    neighbours; openTSNE would otherwise silently lower the perplexity)."""
    if 3 * perplexity + 1 > n_points:
        most = int((n_points - 1) // 3)
        hint = message("tsne_lower", most=most) if most >= 1 else message("tsne_more")
        raise SettingError.of("tsne_perplexity", perplexity=perplexity, points=n_points,
                              need=3 * perplexity + 1, hint=hint)


def neighbour_change(before: np.ndarray, after: np.ndarray, k: int = 5) -> float:
    """Share of the k nearest neighbours (by cosine; rows unit-normalised) that differ between
    two versions (n, d) of the same n points: 0 = same neighbourhoods, 1 = all new."""
    k = min(k, len(before) - 1)
    if k < 1:
        return 0.0
    def neighbours(X):
        S = X @ X.T
        np.fill_diagonal(S, -np.inf)
        return np.argpartition(-S, k - 1, axis=1)[:, :k]
    old, new = neighbours(before), neighbours(after)
    same = sum(len(set(a) & set(b)) for a, b in zip(old.tolist(), new.tolist()))
    return 1.0 - same / (k * len(before))


def align(layout: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Rotate/reflect `layout` (n, 2) about its centre to best match `reference` (n, 2), then
    move it onto the reference's centre (orthogonal Procrustes: min_R ||A R - B||, R^T R = I)."""
    from scipy.linalg import (
        orthogonal_procrustes,  # imported when used: see TSNEProjector.fit
    )

    a, b = layout - layout.mean(0), reference - reference.mean(0)
    R, _ = orthogonal_procrustes(a, b)
    return a @ R + reference.mean(0)


def pca(X: np.ndarray, reference: np.ndarray | None = None) -> np.ndarray:
    """(n, d) -> (n, 2): the two directions of largest variance (SVD of the centred X), with
    signs fixed so the largest |loading| is positive; aligned to `reference` if given."""
    X = np.asarray(X, dtype=np.float64)
    Xc = X - X.mean(0)
    if len(X) < 2:
        return np.zeros((len(X), 2))
    _, _, Vt = np.linalg.svd(Xc, full_matrices=False)
    Vt = Vt[:2]
    Vt *= np.sign(Vt[np.arange(len(Vt)), np.abs(Vt).argmax(1)])[:, None]
    Y = Xc @ Vt.T
    if Y.shape[1] < 2:
        Y = np.hstack([Y, np.zeros((len(Y), 2 - Y.shape[1]))])
    return Y if reference is None or len(reference) != len(Y) else align(Y, reference)


@contextlib.contextmanager
def _quiet_warm_start():
    """openTSNE logs a warning for any initial layout with std > 1e-4; a warm start has one
    on purpose (the previous frame), so that warning is silenced while it runs."""
    logger = logging.getLogger("openTSNE.tsne")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


class TSNEProjector:
    """t-SNE frames of a changing (n, d) matrix whose rows are the same n items each time."""

    def __init__(self, config: ProjectionConfig = ProjectionConfig()):
        self.config = config
        self.layout_: np.ndarray | None = None
        self.warm_: bool = False   # whether the last fit started from the previous layout
        self.moved_: float = 1.0   # share of 5-nearest neighbours that changed since last frame
        self.frames_: int = 0

    def fit(self, X: np.ndarray, keys: tuple | None = None) -> np.ndarray:
        """(n, d) -> (n, 2). Rows are compared by cosine (vectors are unit-normalised first).
        Warm-starts when the previous frame had the same `keys` (row identities)."""
        # openTSNE brings scikit-learn and SciPy: 1.3 s of imports, paid when the first picture
        # is drawn rather than by every process that reads this module's settings (the app's
        # field table does, so a cold server's first page waited for them)
        from openTSNE import TSNE, initialization
        from openTSNE.affinity import PerplexityBasedNN

        cfg = self.config
        X = np.asarray(X, dtype=np.float64)
        n = len(X)
        check_perplexity(cfg.perplexity, n)
        X = X / np.maximum(np.linalg.norm(X, axis=1, keepdims=True), 1e-12)
        if not np.isfinite(X).all():
            raise SettingError.of("tsne_nan")
        affinities = PerplexityBasedNN(X, perplexity=cfg.perplexity, method="exact", n_jobs=1,
                                       random_state=cfg.seed)
        lr = "auto" if cfg.learning_rate == 0 else cfg.learning_rate
        same = self.layout_ is not None and len(self.layout_) == n and keys == self._keys
        self.moved_ = neighbour_change(self._X, X) if same else 1.0
        warm = same and self.moved_ <= cfg.restart_above
        if warm:
            tsne = TSNE(n_iter=cfg.warm_iterations, early_exaggeration_iter=0, learning_rate=lr,
                        n_jobs=1, negative_gradient_method="bh", random_state=cfg.seed)
            with _quiet_warm_start():
                Y = np.asarray(tsne.fit(affinities=affinities, initialization=self.layout_))
            Y = align(Y, self.layout_)
        else:
            Y = _cold_fit(X, cfg, lambda: np.asarray(TSNE(
                n_iter=cfg.iterations, learning_rate=lr, n_jobs=1, negative_gradient_method="bh",
                random_state=cfg.seed).fit(affinities=affinities, initialization=initialization.pca(
                    X, random_state=cfg.seed))))   # start: std 1e-4, as openTSNE wants
            if same:  # afresh because the vectors moved a lot: still turned onto the last frame
                Y = align(Y, self.layout_)
        self.layout_, self._keys, self.warm_, self._X = Y, keys, warm, X
        self.frames_ += 1
        return Y

    _keys: tuple | None = None
    _X: np.ndarray | None = None


# Cold t-SNE layouts by their input: a fit from the PCA start is a function of the vectors and
# the settings alone, and every new session of the Embeddings page starts from the same vectors
# (its model at step 0, same seed), which cost each one 0.19 s here before its first picture.
_COLD: dict[tuple, np.ndarray] = {}
COLD_KEPT = 32


def _cold_fit(X: np.ndarray, cfg: ProjectionConfig, fit) -> np.ndarray:
    key = (cfg, X.shape, hashlib.sha1(np.ascontiguousarray(X).tobytes()).digest())
    Y = _COLD.get(key)
    if Y is None:
        Y = fit()
        if len(_COLD) >= COLD_KEPT:
            _COLD.pop(next(iter(_COLD)))
        _COLD[key] = Y
    return Y.copy()


def project(X: np.ndarray, config: ProjectionConfig, previous: np.ndarray | None = None):
    """One-shot projection (no state): t-SNE cold, or PCA aligned to `previous`."""
    if config.method == "pca":
        return pca(X, previous)
    return TSNEProjector(config).fit(X)
