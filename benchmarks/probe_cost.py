"""Benchmark: what the live gradient-through-time probe adds to each redraw.

    python benchmarks/probe_cost.py

Each redraw of the Train page trains for a slice (0.30 s, longer when the probe is slow), then
runs the probe once (||dL_T/dh_k|| through the step-by-step cells on 8 fixed sequences). This
runs that very loop (LiveRun, as the page uses it) for several redraws per workload and prints
the probe's time against one training step and against the training time between two redraws
(the largest share over the redraws; target <= 20%).
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.config import ModelConfig, TrainConfig
from engine.gradflow import gradient_by_step, probe_batch
from engine.tasks import make_task, task_config
from engine.trainer import Trainer
from playground.train.run import Choice, LiveRun  # no streamlit in it

TRAIN_SLICE = 0.30  # playground/pages/train.py: seconds of training per redraw
REDRAWS = 8
WORKLOADS = [
    ("charlm len 50, LSTM 64, batch 32", "charlm", {"length": 50}, ModelConfig(cell="lstm", hidden=64)),
    ("copy lag 30, RNN 32, batch 32", "copy", {"lag": 30}, ModelConfig(cell="rnn")),
    ("copy lag 100, LSTM 32, 2 layers", "copy", {"lag": 100}, ModelConfig(cell="lstm", layers=2)),
    ("charlm len 200, GRU 128, bidir. off", "charlm", {"length": 200}, ModelConfig(cell="gru", hidden=128)),
]


def median_seconds(fn, repeats: int) -> float:
    fn()
    times = []
    for _ in range(repeats):
        start = time.thread_time()
        fn()
        times.append(time.thread_time() - start)
    return statistics.median(times)


def main() -> None:
    torch.set_num_threads(1)
    print(f"probe = ||dL_T/dh_k|| on 8 sequences, once per redraw; training slice >= "
          f"{TRAIN_SLICE:.2f} s; {REDRAWS} redraws per workload (one torch thread)")
    worst = 0.0
    for name, task_name, params, model in WORKLOADS:
        task = make_task(task_name, task_config(task_name, **params))
        trainer = Trainer(task, model, TrainConfig(batch=32))
        x, y = probe_batch(trainer.task)
        step = median_seconds(lambda t=trainer: t.step(1), 10)
        probe = median_seconds(lambda t=trainer, x=x, y=y: gradient_by_step(t.model, x, y), 10)
        run = LiveRun.start(Choice(task_name, task.config, model, TrainConfig(batch=32)), task)
        run.gradient_probe()  # the page probes on its first draw, before any slice
        shares, slices = [], []
        for _ in range(REDRAWS):  # the page's loop: train a slice, then probe and redraw
            seconds = run.slice_seconds(TRAIN_SLICE)
            start = time.perf_counter()
            run.train_for(seconds)
            trained = time.perf_counter() - start
            run.gradient_probe()
            shares.append(run.probe_seconds / trained)
            slices.append(trained)
        share = max(shares)
        worst = max(worst, share)
        print(f"  {name:36s} step {1000 * step:6.1f} ms  probe {1000 * probe:6.1f} ms "
              f"(= {probe / step:4.2f} steps)  slice {statistics.median(slices):.2f} s  "
              f"probe/training per redraw: max {share:5.1%}")
    print(f"worst share = {worst:.1%}  (target <= 20%: {'PASS' if worst <= 0.20 else 'FAIL'})")


if __name__ == "__main__":
    main()
