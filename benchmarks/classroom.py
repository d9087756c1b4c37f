"""How many learners one server holds, without browsers (on demand, not CI; issue 19).

    python benchmarks/classroom.py                          # N = 1, 10, 20, 40, 80; 30 s each
    python benchmarks/classroom.py --learners 1,10 --seconds 20 --json out.json
    python benchmarks/classroom.py --url http://127.0.0.1:8080 --server-pid 1234   # a running one
    python benchmarks/classroom.py --replicas 2     # deploy/replicas.sh: 2 servers behind nginx

Each learner is a `benchmarks/stclient.py` client: a websocket session speaking Streamlit's own
protocol, so a class of 80 costs this process little where 80 Chromium tabs would take the same
2 cores as the server. For each N it starts a fresh server (`benchmarks/load.py`'s start: closed
sessions are dropped after 10 s), warms it with one learner, then N learners open /train, each
with a different task from the link (learner 0: copy, the default LSTM with 32 hidden units, the
reference), press Play, and stay `--seconds`, following the live fragment's auto-reruns as a
browser does. Per learner: time from opening the page to its first chart, steps/s of its run
(from the Step metric over the window), the median interval between chart redraws, errors
(Exception elements, a closed socket, a page that never drew). Per row: medians and the worst
learner; the server's CPU (its process tree, in % of one core) and RSS before (idle after the
warm-up), during the window, and after every learner has left and the sessions expired.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.load import cpu_seconds, rss_mb, start_servers, wait_healthy
from benchmarks.stclient import StClient

# The Train page's tasks (python -m engine tasks), one per learner in turn; copy first.
TASKS = ["copy", "hello", "charlm", "agreement", "tagging", "sentiment", "names"]
WARMUP = 3.0       # seconds after the last Play before the window opens (first slices, specs)
EXPIRED = 15.0     # seconds after leaving: past load.py's 10 s session TTL and a sweep


@dataclass
class Learner:
    """One learner's measurements over the window."""
    task: str
    first_chart_s: float | None
    steps_per_s: float | None
    redraw_interval_s: float | None
    redraws: int
    errors: list[str]


@dataclass
class Row:
    """One class size: per-learner medians and worst, and the server's cost."""
    n: int
    joined: int
    first_chart_median_s: float | None
    first_chart_worst_s: float | None
    steps_per_s_median: float | None
    steps_per_s_worst: float | None
    steps_per_s_total: float
    redraw_median_s: float | None
    redraw_worst_s: float | None
    errors: int
    cpu_before_pct: float | None
    cpu_during_pct: float | None
    cpu_after_pct: float | None
    rss_before_mb: float | None
    rss_during_mb: float | None
    rss_after_mb: float | None
    client_cpu_pct: float
    learners: list[Learner]


def link(i: int) -> str:
    """Learner i's query string: a task in turn and its own seed."""
    return f"train_task={TASKS[i % len(TASKS)]}&train_seed={i}"


async def join(client: StClient, i: int) -> None:
    """Open /train from the learner's link and press Play; failures are the learner's errors."""
    try:
        await client.connect()
        await client.open("train", link(i), timeout=300)
        await client.click("Play", timeout=300)
    except (TimeoutError, OSError, LookupError) as exc:
        client.events.errors.append(f"did not start: {type(exc).__name__}: {exc}")


def measure(client: StClient, i: int, since: float, until: float) -> Learner:
    e = client.events
    gaps = e.redraw_intervals(since, until)
    first = None if e.first_chart_at is None else e.first_chart_at - e.opened_at
    errors = list(e.errors)
    if first is None:   # e.g. a follower sent to a replica without the room: it drew no chart
        errors.append("the page drew no chart")
    return Learner(TASKS[i % len(TASKS)], first, e.steps_per_second(since, until),
                   statistics.median(gaps) if gaps else None,
                   sum(since <= t <= until for t in e.redraws), errors)


class Server:
    """The server's process tree as seen from /proc (nothing when its pids are unknown)."""

    def __init__(self, pids: list[int], after: float = 0.0):
        self.pids = pids
        self.after = after   # more seconds to wait before the after-sample (--after)

    def rss(self) -> float | None:
        return rss_mb(self.pids) if self.pids else None

    async def cpu_pct(self, seconds: float) -> float | None:
        """% of one core the tree uses over the next `seconds`."""
        if not self.pids:
            await asyncio.sleep(seconds)
            return None
        t0, c0 = time.monotonic(), cpu_seconds(self.pids)
        await asyncio.sleep(seconds)
        return 100 * (cpu_seconds(self.pids) - c0) / (time.monotonic() - t0)


async def warm_up(url: str) -> None:
    """One learner opens the page on every task in turn and leaves: torch, pandas and Altair
    are imported and each task's shipped data is loaded, as on a server that has served a
    class once, so "idle" is what the process keeps between classes, not a fresh start."""
    for i in range(len(TASKS)):
        async with StClient(url) as client:
            await client.open("train", link(i), timeout=300)


async def run_row(url: str, server: Server, n: int, seconds: float) -> Row:
    """N learners join, train for `seconds`, leave; the server is sampled throughout."""
    async def arrive(clients):
        await asyncio.gather(*(join(c, i) for i, c in enumerate(clients)))
    return await window(url, server, n, seconds, arrive, [])


async def window(url: str, server: Server, n: int, seconds: float, arrive, others: list,
                 linger: float = 0) -> Row:
    """Idle server sampled, `arrive(clients)` for n clients, a `seconds` window sampled, then
    everybody (`others` too) leaves and, `linger` s after sessions expire, the server again."""
    await warm_up(url)
    await asyncio.sleep(EXPIRED)
    rss_before, cpu_before = server.rss(), await server.cpu_pct(3)
    clients = [StClient(url) for _ in range(n)]   # new browsers: nginx places them
    await arrive(clients)
    await asyncio.sleep(WARMUP)
    since, proc0 = time.monotonic(), time.process_time()
    during = asyncio.create_task(server.cpu_pct(seconds))
    rss_during = []
    while time.monotonic() - since < seconds:
        rss_during.append(server.rss())
        await asyncio.sleep(1)
    until, cpu_during = time.monotonic(), await during
    client_cpu = 100 * (time.process_time() - proc0) / (until - since)
    learners = [measure(c, i, since, until) for i, c in enumerate(clients)]
    await asyncio.gather(*(c.close() for c in [*others, *clients]), return_exceptions=True)
    await asyncio.sleep(EXPIRED + linger + server.after)
    rss_after, cpu_after = server.rss(), await server.cpu_pct(3)
    return summarise(n, learners, (cpu_before, cpu_during, cpu_after),
                     (rss_before, max(rss_during) if server.pids else None, rss_after), client_cpu)


async def start_room(client: StClient) -> str:
    """A leader opens copy on /train, starts a room (Share live), presses Play; -> the room id."""
    await client.connect()
    await client.open("train", "train_task=copy", timeout=300)
    await client.open_popover("Share live", timeout=300)
    await client.click("Start a room", timeout=300)
    await client.click("Play", timeout=300)
    for node in client.nodes.values():
        if node.kind == "code" and "room=" in node.proto.code_text:
            return node.proto.code_text.split("room=")[1].strip()
    raise LookupError("no room link on the leader's page")


async def follow(client: StClient, room: str) -> None:
    try:
        await client.connect()
        await client.open("train", f"room={room}", timeout=300)
    except (TimeoutError, OSError, LookupError) as exc:
        client.events.errors.append(f"did not start: {type(exc).__name__}: {exc}")


async def run_room_row(url: str, server: Server, n: int, seconds: float) -> Row:
    """A leader's room (copy, LSTM 32) and N followers of it, for `seconds`; the server is
    sampled throughout. A follower's steps/s is the room's, as its redraws show it. The room
    ends 30 s after its leader is gone, so the last sample waits that long more."""
    leader = StClient(url)   # a new browser; nginx's cookie is kept on connect

    async def arrive(clients):
        room = await start_room(leader)
        for c in clients:   # the room link's `via` pins its followers to the leader's replica
            c.replica = leader.replica
        await asyncio.gather(*(follow(c, room) for c in clients))
    return await window(url, server, n, seconds, arrive, [leader], linger=30)


def summarise(n, learners, cpu, rss, client_cpu) -> Row:
    """Medians over the learners that measured something, and the worst of them."""
    def col(name):
        return [getattr(x, name) for x in learners if getattr(x, name) is not None]

    first, rate, gap = col("first_chart_s"), col("steps_per_s"), col("redraw_interval_s")
    med = (lambda v: statistics.median(v) if v else None)
    return Row(n, sum(not x.errors for x in learners), med(first), max(first, default=None),
               med(rate), min(rate, default=None), sum(rate), med(gap), max(gap, default=None),
               sum(len(x.errors) for x in learners), *cpu, *rss, client_cpu, learners)


def where(replicas: int) -> str:
    return (f"{replicas} replicas behind nginx (deploy/replicas.sh)" if replicas
            else "one server")


def caps(started: bool) -> str:
    """The per-session caps the app applies (playground/kit/pacing.py), as the server has them."""
    if not started:
        return "caps: as set on that server (RNNPG_SESSION_CPU_SHARE, RNNPG_SESSION_MAX_STEPS)"
    share = os.environ.get("RNNPG_SESSION_CPU_SHARE", "1")   # load.py's start: uncapped unless set
    steps = os.environ.get("RNNPG_SESSION_MAX_STEPS", "0")
    return (f"caps: RNNPG_SESSION_CPU_SHARE={share} (share of one core per session; 1 = none), "
            f"RNNPG_SESSION_MAX_STEPS={steps} (steps/s per session; 0 = none); live redraw timer "
            f"0.05 s; one torch thread per session")


def fmt(value, spec: str) -> str:
    return "–" if value is None else format(value, spec)


def table(rows: list[Row]) -> str:
    """The markdown table, one row per class size."""
    lines = [("| N | started | first chart s (median / worst) | steps/s per learner (median / worst)"
              " | total steps/s | redraw every s (median / worst) | errors | server CPU % before → "
              "during → after | RSS MB before → during → after | client CPU % |"),
             "|" + "---|" * 10]
    for r in rows:
        lines.append(
            f"| {r.n} | {r.joined} | {fmt(r.first_chart_median_s, '.1f')} / "
            f"{fmt(r.first_chart_worst_s, '.1f')} | {fmt(r.steps_per_s_median, '.0f')} / "
            f"{fmt(r.steps_per_s_worst, '.0f')} | {r.steps_per_s_total:.0f} | "
            f"{fmt(r.redraw_median_s, '.2f')} / {fmt(r.redraw_worst_s, '.2f')} | {r.errors} | "
            f"{fmt(r.cpu_before_pct, '.0f')} → {fmt(r.cpu_during_pct, '.0f')} → "
            f"{fmt(r.cpu_after_pct, '.0f')} | {fmt(r.rss_before_mb, '.0f')} → "
            f"{fmt(r.rss_during_mb, '.0f')} → {fmt(r.rss_after_mb, '.0f')} | {r.client_cpu_pct:.0f} |")
    return "\n".join(lines)


def one_row(args, n: int, row=run_row) -> Row:
    """A row against the given URL, or against a fresh server started (and stopped) for it."""
    if args.url:
        wait_healthy(args.url)
        return asyncio.run(row(args.url, Server(args.server_pid, args.after), n, args.seconds))
    url, proc, pids, direct = start_servers(args.replicas)
    try:
        for each in direct[1:]:   # the window warms the first through `url`; the others here
            asyncio.run(warm_up(each))
        return asyncio.run(row(url, Server(pids, args.after), n, args.seconds))
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", default="1,10,20,40,80", help="comma-separated class sizes")
    parser.add_argument("--seconds", type=float, default=30, help="measured seconds per row")
    parser.add_argument("--url", help="an already running server (e.g. deploy/replicas.sh's nginx)")
    parser.add_argument("--server-pid", type=lambda s: [int(p) for p in s.split(",")], default=[],
                        help="with --url: the server's pid(s), for its CPU and RSS")
    parser.add_argument("--replicas", type=int, default=0,
                        help="serve through deploy/replicas.sh with this many replicas (0: one "
                             "plain server)")
    parser.add_argument("--followers", default="40,100",
                        help="comma-separated sizes of a room's class (0 or empty: none)")
    parser.add_argument("--after", type=float, default=0.0,
                        help="seconds more to wait before the server's after-sample (its memory "
                             "is trimmed once a minute: --after 60 shows where it settles)")
    parser.add_argument("--json", help="also write the rows (and every learner) to this file")
    args = parser.parse_args()
    # a `timeout` or Ctrl-C must still stop the server this benchmark started (one_row's finally)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    print(f"Classroom: simulated learners on /train, {os.cpu_count()} cores, "
          f"{args.seconds:g} s per row, "
          f"{'server at ' + args.url if args.url else where(args.replicas)}")
    print(caps(not args.url), flush=True)
    rows, room_rows = [], []
    for n in [int(x) for x in args.learners.split(",") if x.strip() and int(x)]:
        rows.append(one_row(args, n))
        print(f"  N={n} done: {rows[-1].errors} errors\n" + table(rows[-1:]).splitlines()[-1],
              flush=True)
    for n in [int(x) for x in args.followers.split(",") if x.strip() and int(x)]:
        room_rows.append(one_row(args, n, run_room_row))
        print(f"  {n} followers done: {room_rows[-1].errors} errors\n"
              + table(room_rows[-1:]).splitlines()[-1], flush=True)
    if rows:
        print("\nIndependent learners (each trains its own run):\n" + table(rows))
    if room_rows:
        print("\nFollowers of one room (the leader's copy run, LSTM 32, trained once; a follower's "
              "steps/s is the room's):\n" + table(room_rows))
    if args.json:
        Path(args.json).write_text(json.dumps({"learners": [asdict(r) for r in rows],
                                               "followers": [asdict(r) for r in room_rows]},
                                              indent=1))


if __name__ == "__main__":
    main()
