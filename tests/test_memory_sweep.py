"""A server gives back what a class used once it has left (issue 19: memory back within 20% of
idle). Two causes were found with benchmarks/classroom.py and are checked here on the real
server: Streamlit kept the last closed sessions (with their runs) for as long as the server
stayed idle, and pyarrow's bundled allocator kept the pages of ended script threads."""
import asyncio
import os
import subprocess
import sys
import time

from benchmarks.stclient import StClient
from tests.browser.harness import ROOT, free_port, stop, wait_until_up

ENDED = "session(s) closed longer than server.disconnectedSessionTTL"


def _import_as_the_server_does(*first: str) -> subprocess.CompletedProcess:
    """A fresh interpreter that imports Streamlit's server (and `first`), then the app's
    runtime settings, as `streamlit run streamlit_app.py` does; prints Arrow's allocator."""
    code = "; ".join([*first, "import streamlit.web.bootstrap",
                      "import playground.runtime as r", "print(r.arrow_pool())"])
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120, check=True)


def test_arrow_allocates_with_the_system_allocator_in_the_server():
    done = _import_as_the_server_does()
    assert done.stdout.split() == ["system"]
    assert "ARROW_DEFAULT_MEMORY_POOL" not in done.stderr


def test_a_process_that_used_arrow_first_is_told_how_to_fix_it():
    done = _import_as_the_server_does("import pyarrow", "pyarrow.array([1])")
    assert done.stdout.split() != ["system"]
    assert "set ARROW_DEFAULT_MEMORY_POOL=system before the server starts" in done.stderr


async def _leave_while_another_stays(url: str, log, seconds: float) -> tuple[int, int]:
    """One learner plays a run and closes the tab; another stays and plays. -> the staying
    learner's step when the first left and `seconds` later (after the sweeps)."""
    async with StClient(url) as stays:
        await stays.open("train", "train_task=copy")
        await stays.click("Play")
        async with StClient(url) as leaves:
            await leaves.open("train", "train_task=hello")
            await leaves.click("Play")
            await asyncio.sleep(2)
        before = stays.step() or 0
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and ENDED not in log.read_text():
            await asyncio.sleep(0.5)
        await asyncio.sleep(3)   # a sweep with the staying session still connected
        return before, stays.step() or 0


def test_the_sweeper_ends_closed_sessions_and_keeps_connected_ones(tmp_path):
    """TTL 1 s and a sweep every second: the closed tab's session is ended by the sweeper
    (Streamlit itself would keep it until another tab disconnects), and the tab that is still
    connected goes on training."""
    port, log = free_port(), tmp_path / "server.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.port",
             str(port), "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "RNNPG_SWEEP_EVERY": "1",
                 "STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": "1"})
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url, proc, 90, "streamlit", log)
        before, after = asyncio.run(_leave_while_another_stays(url, log, 30))
    finally:
        stop(proc)
    text = log.read_text()
    assert f"Ended 1 {ENDED}" in text, text
    assert text.count(ENDED) == 1, text     # the connected session was never ended
    assert after > before, (before, after)
    assert "Traceback" not in text and "Memory sweep failed" not in text, text
