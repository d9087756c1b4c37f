"""First paint (on demand, not CI): how long a new session waits for each page's first chart.

    python benchmarks/first_paint.py               # every page, median of 5
    python benchmarks/first_paint.py --rounds 3 --pages train,gates
    python benchmarks/first_paint.py --against /tmp/old   # also an older checkout, side by side

A new visitor opens a link and waits. For every page, and for a bare Streamlit page that draws
one Altair chart (the floor the framework sets, served by its own server in the same run), this
opens the page in a new Chromium context (a new Streamlit session) on a warm server and times
from navigation to the first chart drawn (a Vega canvas or SVG with content); the Lessons page,
and Compare, which
draws its charts only once Play is pressed, are timed to their first text (the list of lessons,
the note that asks for Play). The pages are taken in turn, round after
round, so a noisy moment touches every page alike. It prints the median of `--rounds` per page
and its ratio to the bare page (target <= 1.25), the median of the per-round ratios (each round's
page over that round's bare page: steadier when the machine's speed drifts during the run), and
the median main-thread work up to that moment (Chrome's task time), then starts a cold server
and times its first page from the process start (target < 8 s).
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.browser.harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    free_port,
    stop,
    wait_until_up,
)

BARE = '''import altair as alt
import pandas as pd
import streamlit as st

st.title("One chart")
data = pd.DataFrame({"step": range(50), "loss": [1 / (1 + s) for s in range(50)]})
st.altair_chart(alt.Chart(data).mark_line().encode(x="step", y="loss"))
'''
# a chart is drawn once Vega has put marks on its canvas (or SVG)
CHART = "[data-testid='stVegaLiteChart'] canvas.marks, [data-testid='stVegaLiteChart'] svg.marks"
PAGES = {  # name -> (path, what shows that it is drawn)
    "bare": ("", CHART),
    "lessons": ("", "text=Sequence data and the shapes of an RNN"),
    "train": ("train", CHART),
    "gates": ("gates", CHART),
    "compare": ("compare", "text=Press Play (or Step) to start all cells"),  # no chart before Play
    "gradients": ("gradients", CHART),
    "attention": ("attention", CHART),
    "embeddings": ("embeddings", CHART),
}


def serve(script: str, cwd: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false"],
        cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    return proc, f"http://127.0.0.1:{port}"


def first_paint(browser, url: str, selector: str, timeout: float = 60) -> tuple[float, float]:
    """Seconds from navigation to `selector` visible, in a new context (a new session), and the
    seconds of work the page's main thread had done by then (Chrome's own count: steadier than
    the wall clock on a busy machine, for comparing two versions)."""
    context = browser.new_context(viewport={"width": 1500, "height": 1200})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    try:
        start = time.perf_counter()
        page.goto(url)
        page.locator(selector).first.wait_for(state="visible", timeout=timeout * 1000)
        seconds = time.perf_counter() - start
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        return seconds, metrics["TaskDuration"]
    finally:
        context.close()


def per_round(times: list[float], bare: list[float]) -> float:
    """The median over rounds of a page's time over the bare page's time in the same round."""
    return statistics.median(t / b for t, b in zip(times, bare))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pages", default=",".join(p for p in PAGES if p != "bare"))
    parser.add_argument("--against", help="another checkout of the app (e.g. a git worktree of "
                        "an older commit), served too and timed in the same rounds")
    args = parser.parse_args()
    pages = [p for p in args.pages.split(",") if p != "bare"]
    names = ["bare"] + pages + ([f"{p}@against" for p in pages] if args.against else [])
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        Path(tmp, "bare.py").write_text(BARE)
        app, app_url = serve("streamlit_app.py", ROOT)
        bare, bare_url = serve("bare.py", Path(tmp))
        old, old_url = serve("streamlit_app.py", Path(args.against)) if args.against else (None, "")
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            wait_until_up(app_url, app, 90, "app")
            wait_until_up(bare_url, bare, 90, "bare page")
            if old is not None:
                wait_until_up(old_url, old, 90, "the other checkout")
            page = {n: n.split("@")[0] for n in names}
            base = {n: bare_url if n == "bare" else old_url if "@" in n else app_url for n in names}
            urls = {n: f"{base[n]}/{PAGES[page[n]][0]}" for n in names}
            for name in names:   # warm: the server has imported everything each page needs
                print(f"warm-up: {name} "
                      f"{first_paint(browser, urls[name], PAGES[page[name]][1])[0]:.2f} s",
                      flush=True)
            times: dict[str, list[float]] = {n: [] for n in names}
            work: dict[str, list[float]] = {n: [] for n in names}
            for r in range(args.rounds):
                for name in names:
                    seconds, busy = first_paint(browser, urls[name], PAGES[page[name]][1])
                    times[name].append(seconds)
                    work[name].append(busy)
                print(f"round {r + 1}: " + ", ".join(f"{n} {times[n][-1]:.2f}" for n in names),
                      flush=True)
        finally:
            stop(app)
            stop(bare)
            if old is not None:
                stop(old)
        floor = statistics.median(times["bare"])
        print(f"\nfirst chart of a new session on a warm server, median of {args.rounds}"
              f" (target: <= 1.25 x the bare page)")
        print(f"{'page':<20}{'median s':>10}{'min s':>8}{'max s':>8}{'x bare':>8}"
              f"{'per round':>11}{'main thread s':>15}")
        for name in names:
            t = times[name]
            print(f"{name:<20}{statistics.median(t):>10.2f}{min(t):>8.2f}{max(t):>8.2f}"
                  f"{statistics.median(t) / floor:>8.2f}{per_round(t, times['bare']):>11.2f}"
                  f"{statistics.median(work[name]):>15.2f}")
        print("x bare: the page's median over the bare page's median (the target's measure); "
              "per round: the median of each round's ratio to that round's bare page, which a "
              "slow or fast moment of the machine touches on both sides")

        start = time.perf_counter()
        cold, cold_url = serve("streamlit_app.py", ROOT)
        try:
            wait_until_up(cold_url, cold, 90, "app")
            up = time.perf_counter() - start
            paint, _ = first_paint(browser, cold_url + "/", PAGES["lessons"][1])
        finally:
            stop(cold)
            browser.close()
        print(f"\ncold server: health answers after {up:.2f} s, first page (Lessons) drawn "
              f"{up + paint:.2f} s after the process started (target < 8 s)")


if __name__ == "__main__":
    main()
