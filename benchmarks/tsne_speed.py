"""Benchmark: one t-SNE frame of the Embeddings page, cold vs warm-started, for 100/500/2000 points.

    python benchmarks/tsne_speed.py [--frames 5]

Points are word-vector-like: 24-d, unit-normalised, 20 classes (Gaussian clusters), as skip-gram
gives on the synthetic corpus (which has only ~220 words, too few for 2000 points). Between two
frames every vector moves a little (noise of 5% of its norm), as during training. "cold" is a full
t-SNE (early exaggeration + 500 iterations); "warm" starts from the previous layout and runs 100
iterations without exaggeration, then the Procrustes rotation onto the previous frame. Both use
openTSNE with n_jobs=1, exact neighbours and the Barnes-Hut gradient (the page's settings).
Target (issue 6): a warm 500-word frame under 1 s on this 2-core machine.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.embed.project import ProjectionConfig, TSNEProjector  # noqa: E402

SIZES = (100, 500, 2000)


def vectors(n: int, rng: np.random.Generator, d: int = 24, classes: int = 20) -> np.ndarray:
    centres = rng.normal(size=(classes, d))
    return centres[np.arange(n) % classes] + 0.4 * rng.normal(size=(n, d))


def timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=5, help="warm frames timed per size")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    print("| points | cold frame (wall / CPU) | warm frame, median (wall / CPU) | warm move / spread |")
    print("| --- | --- | --- | --- |")
    for n in SIZES:
        X = vectors(n, rng)
        projector = TSNEProjector(ProjectionConfig(perplexity=10.0))
        keys = tuple(range(n))
        Y, cold_wall, cold_cpu = timed(lambda: projector.fit(X, keys))
        walls, cpus, moves = [], [], []
        for _ in range(args.frames):
            X = X + 0.05 * np.linalg.norm(X, axis=1, keepdims=True) * rng.normal(size=X.shape) / np.sqrt(X.shape[1])
            Y2, wall, cpu = timed(lambda: projector.fit(X, keys))
            assert projector.warm_
            spread = np.linalg.norm(Y - Y.mean(0), axis=1).mean()
            moves.append(np.linalg.norm(Y2 - Y, axis=1).mean() / spread)
            walls.append(wall)
            cpus.append(cpu)
            Y = Y2
        print(f"| {n} | {cold_wall:.2f} s / {cold_cpu:.2f} s | {statistics.median(walls):.3f} s / "
              f"{statistics.median(cpus):.3f} s | {statistics.median(moves):.2f} |", flush=True)


if __name__ == "__main__":
    main()
