"""Benchmark: one t-SNE frame of the Embeddings page, cold vs warm-started, for 100/500/2000 points.

    python benchmarks/tsne_speed.py [--frames 5] [--play-frames 8] [--slice 100]

Points are word-vector-like: 24-d, unit-normalised, 20 classes (Gaussian clusters), as skip-gram
gives on the synthetic corpus (which has only ~220 words, too few for 2000 points). Between two
frames every vector moves a little (noise of 5% of its norm), as during training. "cold" is a full
t-SNE (early exaggeration + 500 iterations); "warm" starts from the previous layout and runs 100
iterations without exaggeration, then the Procrustes rotation onto the previous frame. Both use
openTSNE with n_jobs=1, exact neighbours and the Barnes-Hut gradient (the page's settings).
Target (issue 6): a warm 500-word frame under 1 s on this 2-core machine.

Second table (issue 21): the frames after Play. Skip-gram trains on the synthetic corpus (page
defaults, seed 0) and the 150 most frequent class words are projected at step 0 (a cold frame)
and after every --slice steps, as the page does. Each frame's trustworthiness@5 (scikit-learn,
cosine: how many of each point's 5 nearest neighbours in the picture are true neighbours) is
printed for a projector that always warm-starts (restart_above=1, the old behaviour), for the
page's projector (afresh while over 40% of the 5-nearest neighbours changed since the last frame),
and for a cold frame of the same vectors.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.embed.corpus import CorpusConfig, load_corpus
from engine.embed.project import ProjectionConfig, TSNEProjector
from engine.embed.skipgram import SkipGram, SkipGramConfig
from engine.embed.view import shown_words

SIZES = (100, 500, 2000)


def vectors(n: int, rng: np.random.Generator, d: int = 24, classes: int = 20) -> np.ndarray:
    centres = rng.normal(size=(classes, d))
    return centres[np.arange(n) % classes] + 0.4 * rng.normal(size=(n, d))


def timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - wall, time.process_time() - cpu


def trust(X: np.ndarray, Y: np.ndarray, k: int = 5) -> float:
    """Trustworthiness@k of layout Y (n, 2) for vectors X (n, d), cosine in the vector space."""
    from sklearn.manifold import trustworthiness
    return float(trustworthiness(X, Y, n_neighbors=k, metric="cosine"))


def play_frames(frames: int, slice_steps: int) -> None:
    """Trustworthiness per frame after Play: always-warm, the page's projector, and cold."""
    corpus = load_corpus(CorpusConfig())
    trainer = SkipGram(corpus, SkipGramConfig())
    ids = shown_words(corpus, 150, True)
    keys = tuple(ids.tolist())
    always = TSNEProjector(ProjectionConfig(restart_above=1.0))
    page = TSNEProjector(ProjectionConfig())
    print("\n| frame (step) | always warm | page: afresh while neighbours change "
          "(neighbours changed, wall) | cold frame |")
    print("| --- | --- | --- | --- |")
    for frame in range(frames + 1):
        X = trainer.vectors()[ids]
        Ya = always.fit(X, keys)
        Yp, wall, _ = timed(lambda X=X: page.fit(X, keys))
        cold = TSNEProjector(ProjectionConfig()).fit(X, keys)
        how = "warm" if page.warm_ else "afresh"
        print(f"| {frame} ({trainer.state.step}) | {trust(X, Ya):.3f} | {trust(X, Yp):.3f} "
              f"({how}, {page.moved_:.2f}, {wall:.2f} s) | {trust(X, cold):.3f} |", flush=True)
        trainer.step(slice_steps)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=5, help="warm frames timed per size")
    parser.add_argument("--play-frames", type=int, default=8, help="frames after Play")
    parser.add_argument("--slice", type=int, default=100, help="training steps between frames")
    parser.add_argument("--only-play", action="store_true", help="skip the timing table")
    args = parser.parse_args()
    torch.set_num_threads(1)
    if args.only_play:
        return play_frames(args.play_frames, args.slice)
    rng = np.random.default_rng(0)
    print("| points | cold frame (wall / CPU) | warm frame, median (wall / CPU) | warm move / spread |")
    print("| --- | --- | --- | --- |")
    for n in SIZES:
        X = vectors(n, rng)
        projector = TSNEProjector(ProjectionConfig(perplexity=10.0))
        keys = tuple(range(n))
        Y, cold_wall, cold_cpu = timed(lambda p=projector, X=X, k=keys: p.fit(X, k))
        walls, cpus, moves = [], [], []
        for _ in range(args.frames):
            X = X + 0.05 * np.linalg.norm(X, axis=1, keepdims=True) * rng.normal(size=X.shape) / np.sqrt(X.shape[1])
            Y2, wall, cpu = timed(lambda p=projector, X=X, k=keys: p.fit(X, k))
            assert projector.warm_
            spread = np.linalg.norm(Y - Y.mean(0), axis=1).mean()
            moves.append(np.linalg.norm(Y2 - Y, axis=1).mean() / spread)
            walls.append(wall)
            cpus.append(cpu)
            Y = Y2
        print(f"| {n} | {cold_wall:.2f} s / {cold_cpu:.2f} s | {statistics.median(walls):.3f} s / "
              f"{statistics.median(cpus):.3f} s | {statistics.median(moves):.2f} |", flush=True)
    play_frames(args.play_frames, args.slice)


if __name__ == "__main__":
    main()
