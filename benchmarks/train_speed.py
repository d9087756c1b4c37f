"""Benchmark: the engine's training step vs a plain PyTorch loop, and the live page vs headless.

    python benchmarks/train_speed.py            # both parts
    python benchmarks/train_speed.py --no-browser

Workload (issue 3): LSTM, hidden 64, batch 32, sequence length 50, Adam, one torch thread.
Part 1 alternates engine and baseline rounds on the same task data and prints
engine_time / baseline_time (target <= 1.10). Part 2 starts the app, sets the same workload in
headless Chromium, presses Play and prints page steps/s / headless steps/s (target >= 0.70); the
Train page draws the network view at its top, so this is the page with the view on. Part 3
(issue 14) times one redraw of the network view on that workload, as the page does it (the
unroll of the probe, its diagram rows, the chart spec with the rows swapped in and their Arrow
encoding), and prints it as a share of a training slice (target < 10%).
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.config import ModelConfig, TrainConfig
from engine.model import build_model
from engine.tasks import make_task, task_config
from engine.trainer import Trainer

TASK = ("charlm", {"length": 50})
MODEL = ModelConfig(cell="lstm", hidden=64)
TRAIN = TrainConfig(optimizer="adam", lr=0.01, batch=32)


def baseline_loop(task):
    """The plain PyTorch loop a person would write: same model, data stream and optimizer."""
    model = build_model(len(task.vocab), MODEL, TRAIN.seed)
    opt = torch.optim.Adam(model.parameters(), lr=TRAIN.lr)
    rng = np.random.default_rng(TRAIN.seed)

    def run(n):
        for _ in range(n):
            b = task.batch(rng, TRAIN.batch)
            logits, _ = model(torch.from_numpy(b.x))
            loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), torch.from_numpy(b.y).reshape(-1))
            opt.zero_grad()
            loss.backward()
            opt.step()
    return run


def engine_loop(task):
    trainer = Trainer(task, MODEL, TRAIN)
    return lambda n: trainer.step(n)


def timed(run, n) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this thread): with one torch thread all the maths runs on
    the calling thread, so CPU time is not inflated when another process takes the core."""
    wall, cpu = time.perf_counter(), time.thread_time()
    run(n)
    return time.perf_counter() - wall, time.thread_time() - cpu


def part1(rounds: int, steps: int) -> float:
    task = make_task(TASK[0], task_config(TASK[0], **TASK[1]))
    base, eng = baseline_loop(task), engine_loop(task)
    base(10), eng(10)  # warm-up
    b_wall = b_cpu = e_wall = e_cpu = 0.0
    for r in range(rounds):  # short interleaved chunks: both see the same machine conditions
        order = (base, eng) if r % 2 == 0 else (eng, base)
        for run in order:
            wall, cpu = timed(run, steps)
            if run is base:
                b_wall, b_cpu = b_wall + wall, b_cpu + cpu
            else:
                e_wall, e_cpu = e_wall + wall, e_cpu + cpu
    n = rounds * steps
    ratio = e_cpu / b_cpu
    print(f"[engine vs plain PyTorch] {TASK[0]} len 50, LSTM 64, batch 32, Adam, 1 thread, "
          f"{rounds} interleaved rounds x {steps} steps each")
    print(f"  plain PyTorch loop : {n / b_wall:7.1f} steps/s wall, {1000 * b_cpu / n:6.2f} ms CPU/step")
    print(f"  engine Trainer.step: {n / e_wall:7.1f} steps/s wall, {1000 * e_cpu / n:6.2f} ms CPU/step")
    print(f"  wall-time ratio engine/plain = {e_wall / b_wall:.3f} (noisy on a shared machine)")
    print(f"  CPU-time ratio engine/plain  = {ratio:.3f}  (target <= 1.10: "
          f"{'PASS' if ratio <= 1.10 else 'FAIL'})")
    return n / e_wall


def headless_rate(seconds: float) -> float:
    task = make_task(TASK[0], task_config(TASK[0], **TASK[1]))
    trainer = Trainer(task, MODEL, TRAIN)
    trainer.step(10)
    start, n = time.perf_counter(), 0
    while time.perf_counter() - start < seconds:
        n += len(trainer.step(5))
    return n / (time.perf_counter() - start)


def _slider_to(page, label: str, target: int, current: int) -> None:
    handle = page.get_by_role("slider", name=label)
    handle.focus()
    key = "ArrowRight" if target > current else "ArrowLeft"
    for _ in range(abs(target - current)):
        handle.press(key)
    time.sleep(1.0)


def part2(seconds: float) -> None:
    from tests.browser.harness import (
        PAUSE,
        PLAY,
        chromium_page,
        open_train_page,
        running_app,
    )
    from tests.test_browser import loss_points

    headless_before = headless_rate(8)
    with running_app() as url, chromium_page() as page:
        open_train_page(page, url)
        page.get_by_role("combobox").first.click()  # the Task select box
        page.get_by_role("option", name="charlm: next-character prediction").click()
        page.get_by_role("slider", name="Sequence length (BPTT)").wait_for(timeout=30_000)
        _slider_to(page, "Sequence length (BPTT)", 50, 64)
        _slider_to(page, "Hidden units", 64, 32)
        page.get_by_text(re.compile(r"hidden \d+ → 64")).wait_for(timeout=30_000)  # the reset has landed
        time.sleep(1.0)
        page.get_by_role("button", name=PLAY).click()
        time.sleep(5)  # warm-up: first redraws, n-gram reference
        t0, (_, s0) = time.perf_counter(), loss_points(page)
        time.sleep(seconds)
        t1, (_, s1) = time.perf_counter(), loss_points(page)
        page.get_by_role("button", name=PAUSE).click()
        page.screenshot(path=str(ROOT / "artifacts" / "benchmark_page.png"))
    page_rate = (s1 - s0) / (t1 - t0)
    head = (headless_before + headless_rate(8)) / 2  # machine speed drifts: average both sides
    share = page_rate / head
    print(f"[live page vs headless] same workload, Chromium on the same 2 cores, {seconds:.0f} s")
    print(f"  headless engine : {head:7.1f} steps/s")
    print(f"  page while drawing: {page_rate:7.1f} steps/s")
    print(f"  share = {share:.2f}  (target >= 0.70: {'PASS' if share >= 0.70 else 'FAIL'})")


def view_redraw_seconds(gates: bool, backward: bool, repeats: int = 15) -> float:
    """Median seconds of one network-view redraw on the benchmark's workload (LSTM 64, length
    50, the view's window of time steps), done by the same functions the Train page calls."""
    import pyarrow as pa

    from engine.gradflow import probe_batch
    from engine.unroll import unroll
    from playground.kit.charts import LiveSpec
    from playground.train.network import fit_window, network_frame, size_of
    from playground.train.network_chart import network_chart

    task = make_task(TASK[0], task_config(TASK[0], **TASK[1]))
    trainer = Trainer(task, MODEL, TRAIN)
    x, y = probe_batch(task)
    times, spec = [], None
    for _ in range(repeats):
        trainer.step(1)   # the page unrolls again only when the step has changed
        start = time.perf_counter()
        u = unroll(trainer.model, task, x[:1], y[0].numpy(), truncate=TRAIN.tbptt,
                   flows=backward)
        window = fit_window(u, gates)
        df = network_frame(u, 0, window, backward, "all", gates)
        if spec is None:   # built once per view setting, as live_chart does
            spec = LiveSpec(network_chart(df.iloc[:0], *size_of(u, window, gates), backward,
                                          True))
        rows = spec.with_rows(df)
        pa.Table.from_pandas(rows["datasets"][spec.history])   # what Streamlit sends
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def part3() -> None:
    from playground.kit import TRAIN_SLICE

    print(f"[network view redraw] {TASK[0]} len 50, LSTM 64, one probe sequence, median of 15")
    for name, gates, backward in (("values       ", False, False), ("gates open   ", True, False),
                                  ("backward view", False, True)):
        cost = view_redraw_seconds(gates, backward)
        share = cost / TRAIN_SLICE
        print(f"  {name}: {1000 * cost:6.1f} ms per redraw = "
              f"{100 * share:4.1f}% of a {TRAIN_SLICE:.2f} s training slice (target < 10%: "
              f"{'PASS' if share < 0.10 else 'FAIL'})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(1)
    (ROOT / "artifacts").mkdir(exist_ok=True)
    part1(args.rounds, args.steps)
    part3()
    if not args.no_browser:
        part2(args.seconds)


if __name__ == "__main__":
    main()
