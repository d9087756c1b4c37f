"""Load test (on demand, not CI): N real browser sessions press Play on different tasks at once.

    python benchmarks/load.py --sessions 1,5,10,20 --seconds 30              # one server
    python benchmarks/load.py --sessions 1,5,10,20 --seconds 30 --replicas 2  # 2 behind nginx

For each N it starts a fresh server (or deploy/replicas.sh), opens N Chromium contexts (N separate
Streamlit sessions), each on a different task from a link, presses Play, and measures for
`--seconds`: training steps/s per session (from the loss chart's step counter), chart redraws/s
per session (a MutationObserver counting changes of the chart's label), and the servers' total RSS
idle (after a warm-up tab has loaded the libraries and closed), during, and after every tab has
closed (Streamlit keeps a closed tab's session for server.disconnectedSessionTTL, set to 10 s
here; after it, RSS should be back within 20% of idle). "read" counts the sessions whose step
counter could be read across at least a third of the window; the rates are theirs. "server CPU"
is the cores the servers (not Chromium) used during the window: on this machine Chromium
renders every tab on the same 2 cores, where a class's browsers run on the learners' machines.
Caps (playground/pacing.py) apply when set in the environment, e.g.
RNNPG_SESSION_CPU_SHARE=0.5 python benchmarks/load.py --sessions 10.
"""
from __future__ import annotations

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.browser.harness import CHROMIUM, CHROMIUM_ARGS, PLAY, free_port

TASKS = ["train_task=copy&train_lag=30", "train_task=hello", "train_task=agreement",
         "train_task=charlm", "train_task=copy&train_cell=gru", "train_task=charlm&train_corpus=korean"]
LABEL = re.compile(r"Loss chart: (\d+) points up to step (\d+)")
COUNT_REDRAWS = """() => { window.__redraws = 0; let last = null;
  new MutationObserver(() => {
    const el = document.querySelector('div[aria-label^="Loss chart:"]');
    const label = el && el.getAttribute('aria-label');
    if (label && label !== last) { last = label; window.__redraws += 1; }
  }).observe(document.body, {subtree: true, childList: true, attributes: true,
                             attributeFilter: ['aria-label']}); }"""


def process_tree(pids: list[int]) -> list[int]:
    """These processes and all their descendants."""
    seen, todo = [], list(pids)
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.append(pid)
        try:
            todo += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        except OSError:
            pass
    return seen


def rss_mb(pids: list[int]) -> float:
    """Resident memory of these processes and their children, in MB."""
    total = 0
    for pid in process_tree(pids):
        try:
            total += int(re.search(r"VmRSS:\s+(\d+)", Path(f"/proc/{pid}/status").read_text()).group(1))
        except (OSError, AttributeError):
            pass
    return total / 1024


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time used so far by these processes and their children."""
    total = 0
    for pid in process_tree(pids):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])   # utime, stime (clock ticks)
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def wait_healthy(url: str, timeout: float = 240) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=2).read()
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} never became healthy")


def start_servers(replicas: int):
    """-> (url, process group leader, [server pids], [each server's own URL]).
    0 replicas = one plain server."""
    env = {**os.environ, "STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": "10",
           # uncapped unless asked: deploy/replicas.sh would otherwise apply its hosted default
           "RNNPG_SESSION_CPU_SHARE": os.environ.get("RNNPG_SESSION_CPU_SHARE", "1")}
    port = free_port()
    if replicas == 0:
        proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "streamlit_app.py",
                                 "--server.port", str(port), "--server.address", "127.0.0.1",
                                 "--server.headless", "true"], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url)
        return url, proc, [proc.pid], [url]
    base = free_port()
    proc = subprocess.Popen(["bash", "deploy/replicas.sh", str(replicas)], cwd=ROOT,
                            env={**env, "PORT": str(port), "REPLICA_BASE_PORT": str(base)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for i in range(replicas):
            wait_healthy(f"http://127.0.0.1:{base + i}")
        wait_healthy(url)
    except RuntimeError:  # leave nothing running behind a failed start
        os.killpg(proc.pid, signal.SIGTERM)
        raise
    return url, proc, [proc.pid], [f"http://127.0.0.1:{base + i}" for i in range(replicas)]


def step_of(page, timeout: float = 5000) -> int | None:
    try:
        label = page.locator('div[aria-label^="Loss chart:"]').first.get_attribute("aria-label",
                                                                                   timeout=timeout)
        return int(LABEL.match(label).group(2))
    except Exception:  # noqa: BLE001 - the chart is being redrawn
        return None


def run_once(n: int, seconds: float, replicas: int) -> dict:
    from playwright.sync_api import sync_playwright

    url, proc, pids, direct = start_servers(replicas)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            for server in direct:  # warm-up, past nginx: every replica imports torch, pandas, Altair
                ctx = browser.new_context()
                page = ctx.new_page()
                page.goto(server + "/train")
                page.get_by_role("button", name=PLAY).wait_for(timeout=120_000)
                ctx.close()
            time.sleep(15)  # past the 10 s session TTL: the idle level holds modules, no sessions
            idle = rss_mb(pids)
            contexts, pages = [], []
            for i in range(n):
                ctx = browser.new_context(viewport={"width": 1300, "height": 1000})
                page = ctx.new_page()
                page.goto(f"{url}/train?{TASKS[i % len(TASKS)]}&train_seed={i}")
                contexts.append(ctx)
                pages.append(page)
            for page in pages:  # a session that cannot start on a saturated machine is not read
                try:
                    page.get_by_role("button", name=PLAY).click(timeout=120_000)
                except Exception as exc:  # noqa: BLE001 - reported in the "read" column
                    print(f"    a session did not start: {type(exc).__name__}", flush=True)
            time.sleep(5)  # warm-up: first redraws, chart specs built
            for page in pages:
                page.evaluate(COUNT_REDRAWS)
            # Each session's rate comes from its own first and last readable step counter (a
            # chart being redrawn cannot be read), so a slow page never inflates or zeroes it.
            t0, cpu0, during, reads = time.time(), cpu_seconds(pids), [], [[] for _ in pages]
            while time.time() - t0 < seconds:
                during.append(rss_mb(pids))
                for page, got in zip(pages, reads):
                    step = step_of(page, timeout=2000)
                    if step is not None:
                        got.append((time.time(), step))
                time.sleep(2.0)  # few reads: each costs the saturated browser too
            elapsed = time.time() - t0
            server_cores = (cpu_seconds(pids) - cpu0) / elapsed
            redraws = [pg.evaluate("window.__redraws") for pg in pages]
            for ctx in contexts:
                ctx.close()
            browser.close()
        after, deadline = rss_mb(pids), time.time() + 120  # TTL + a sweep (runtime.py)
        while after > 1.2 * idle and time.time() < deadline:  # sessions linger for the TTL
            time.sleep(3)
            after = rss_mb(pids)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    rates = [(got[-1][1] - got[0][1]) / (got[-1][0] - got[0][0]) for got in reads
             if len(got) >= 2 and got[-1][0] - got[0][0] >= seconds / 3]
    rates = rates or [0.0]
    return {"sessions": n, "measured": len(rates),
            "steps_per_s_median": statistics.median(rates), "steps_per_s_min": min(rates),
            "steps_per_s_total": sum(rates), "redraws_per_s_median": statistics.median(redraws) / elapsed,
            "server_cores": server_cores, "rss_idle_mb": idle, "rss_during_mb": max(during), "rss_after_mb": after,
            "released": after <= 1.2 * idle}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", default="1,5,10,20", help="comma-separated session counts")
    parser.add_argument("--seconds", type=float, default=30, help="measured seconds per count")
    parser.add_argument("--replicas", type=int, default=0, help="0 = one server; N = N behind nginx")
    args = parser.parse_args()
    where = f"{args.replicas} replicas behind nginx" if args.replicas else "one server"
    print(f"Load test, {where}, {os.cpu_count()} cores, {args.seconds:g} s per row")
    print(f"{'N':>3} {'read':>4} {'steps/s median':>15} {'min':>6} {'total':>7} {'redraws/s':>10} "
          f"{'server CPU':>10} {'RSS idle':>9} {'during':>7} {'after':>7}  released")
    for n in [int(x) for x in args.sessions.split(",")]:
        r = run_once(n, args.seconds, args.replicas)
        print(f"{n:>3} {r['measured']:>4} {r['steps_per_s_median']:>15.1f} {r['steps_per_s_min']:>6.1f} "
              f"{r['steps_per_s_total']:>7.1f} {r['redraws_per_s_median']:>10.2f} {r['server_cores']:>9.2f}c "
              f"{r['rss_idle_mb']:>8.0f}M {r['rss_during_mb']:>6.0f}M {r['rss_after_mb']:>6.0f}M  "
              f"{'yes' if r['released'] else 'NO'}", flush=True)


if __name__ == "__main__":
    main()
