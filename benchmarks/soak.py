"""Soak test (on demand, not CI): one browser session trains on the Train page for 30 minutes;
the server's memory must stay flat.

    python benchmarks/soak.py                       # 30 minutes, charlm (probe + n-gram + chart)
    python benchmarks/soak.py --minutes 5 --link "train_task=copy&train_lag=30"

It starts a server, opens the link in headless Chromium, presses Play and samples the server's
RSS every `--every` seconds. Memory is "flat" when the RSS at the end is within `--tolerance`
(default 10%) of the RSS after the warm-up (the first 10% of the run, at least 60 s), and the
chart still holds a bounded number of points. Prints a row per sample and a verdict; exit code 1
when memory grew.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.load import LABEL, rss_mb, start_servers
from tests.browser.harness import CHROMIUM, CHROMIUM_ARGS, PLAY


def chart_label(page) -> tuple[int, int] | None:
    """(points drawn, step) from the loss chart's accessible label."""
    try:
        label = page.locator('div[aria-label^="Loss chart:"]').first.get_attribute("aria-label",
                                                                                   timeout=5000)
        m = LABEL.match(label)
        return int(m.group(1)), int(m.group(2))
    except Exception:  # noqa: BLE001 - the chart is being redrawn
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--every", type=float, default=30, help="seconds between samples")
    parser.add_argument("--link", default="train_task=charlm&train_hidden=64",
                        help="query string of the Train page to train")
    parser.add_argument("--tolerance", type=float, default=0.10)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    url, proc, pids, _ = start_servers(0)
    samples: list[tuple[float, float, int, int]] = []   # (minutes, RSS MB, step, points)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page(viewport={"width": 1300, "height": 1000})
            page.goto(f"{url}/train?{args.link}")
            page.get_by_role("button", name=PLAY).wait_for(timeout=120_000)
            page.get_by_role("button", name=PLAY).click()
            t0 = time.time()
            print(f"Soak: {args.link}, {args.minutes:g} min, RSS of the server every {args.every:g} s")
            print(f"{'min':>6} {'RSS MB':>8} {'step':>8} {'points':>7}", flush=True)
            while (elapsed := time.time() - t0) < args.minutes * 60:
                label = chart_label(page)
                points, step = label if label else ((samples[-1][3], samples[-1][2]) if samples
                                                    else (0, 0))
                samples.append((elapsed / 60, rss_mb(pids), step, points))
                print(f"{elapsed / 60:>6.1f} {samples[-1][1]:>8.0f} {step:>8,} {points:>7}", flush=True)
                time.sleep(args.every)
            browser.close()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)

    warm = max(1.0, 0.1 * args.minutes)
    after_warm = [s for s in samples if s[0] >= warm] or samples
    base, end = after_warm[0][1], samples[-1][1]
    peak = max(s[1] for s in after_warm)
    growth = end / base - 1
    steps = samples[-1][2]
    max_points = max(s[3] for s in samples)
    flat = growth <= args.tolerance
    print(f"\nsteps trained: {steps:,}; chart points at most {max_points}")
    print(f"RSS after warm-up ({after_warm[0][0]:.1f} min) {base:.0f} MB, peak {peak:.0f} MB, "
          f"end {end:.0f} MB: growth {growth:+.1%} (tolerance {args.tolerance:.0%}) -> "
          f"{'flat' if flat else 'GREW'}")
    return 0 if flat else 1


if __name__ == "__main__":
    sys.exit(main())
