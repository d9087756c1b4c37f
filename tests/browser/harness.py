"""Start the app on a free port and drive it in Debian's headless Chromium through Playwright.

Shared by the real-browser test and the page-speed benchmark. Never downloads a browser.
"""
from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
PLAY, PAUSE = re.compile(r"Play$"), re.compile(r"Pause$")  # accessible names (icon + label)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float, name: str,
                  log: Path | None = None) -> None:
    """Poll `url`/_stcore/health until it answers; RuntimeError (with the log's text) when the
    process exits or `timeout` seconds pass first."""
    deadline = time.time() + timeout
    while True:
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=2).read()
            return
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                text = log.read_text() if log is not None and log.exists() else ""
                raise RuntimeError(f"{name} did not start (exit code {proc.poll()}) {text}".strip())
            time.sleep(0.3)


@contextlib.contextmanager
def running_app(timeout: float = 90, script: str = "streamlit_app.py", env: dict | None = None):
    """Yield the URL of a fresh `streamlit run <script>` (run from the repository root, as
    Community Cloud does) on loopback; stop it after."""
    port = free_port()
    with contextlib.ExitStack() as files:   # the server's log is closed once it has stopped
        log = files.enter_context(open(ROOT / "artifacts" / f"streamlit-{port}.log", "w")) \
            if (ROOT / "artifacts").is_dir() else subprocess.DEVNULL
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false"],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})})
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(url, proc, timeout, "streamlit")
            yield url
        finally:
            stop(proc)


def stop(proc: subprocess.Popen) -> None:
    """Terminate a server process, killing it if it has not exited after 10 s."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@contextlib.contextmanager
def chromium_page(width: int = 1500, height: int = 1600):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser.new_page(viewport={"width": width, "height": height})
        finally:
            browser.close()


IDLE = ("() => document.querySelector('[data-test-script-state]')"
        "?.getAttribute('data-test-script-state') === 'notRunning'")


def wait_idle(page, timeout: float = 30) -> None:
    """Until the page's script run has finished (Streamlit marks the app `notRunning`). A click
    on a widget that a running script is still sending can be undone by the rest of that run:
    a fold clicked open while the run that drew it goes on was found closed again."""
    page.wait_for_function(IDLE, timeout=timeout * 1000)


def open_train_page(page, url: str) -> None:
    page.goto(url + "/train")   # the landing page is Lessons
    page.get_by_text("Train a recurrent network").wait_for(timeout=60_000)
    page.get_by_role("button", name=PLAY).wait_for(timeout=60_000)
