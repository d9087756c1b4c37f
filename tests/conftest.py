"""Shared test set-up: one torch thread (deterministic, and fair on a 2-core CI machine), every
chart spec checked against the Vega-Lite schema (the server skips that check), and a fake clock
for the live slice loop."""
import os
import sys
from pathlib import Path

# before torch loads: one OpenMP worker in every thread, also in the threads AppTest runs pages
# in (playground/__init__.py does the same for the server)
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ["RNNPG_VALIDATE_CHARTS"] = "1"   # playground/kit/charts.py

import pytest
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
torch.set_num_threads(1)

# Test files that start a real server (most also a Chromium) and time what it does: live
# redraws a second, steps trained in a few seconds, the order of a websocket's messages.
# `.ci/run` runs every other test on all cores at once (pytest-xdist) and then these one at a
# time, with the machine to themselves (tests/test_serial.py checks the list is complete).
SERIAL_FILES = ("test_browser", "test_hosting", "test_http_headers", "test_memory_sweep",
                "test_room_routing", "test_stclient")


def pytest_configure(config):
    config.addinivalue_line("markers", "serial: starts a real server and times it; run alone "
                            "(.ci/run runs these after the parallel part)")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.name.startswith(SERIAL_FILES):
            item.add_marker(pytest.mark.serial)


class FakeClock:
    """Wall and thread-CPU time that only move when a step burns CPU or the loop sleeps."""

    def __init__(self):
        self.wall = self.cpu = 0.0
        self.slept = 0.0

    def burn(self, seconds: float) -> bool:
        self.wall += seconds
        self.cpu += seconds
        return True

    def sleep(self, seconds: float) -> None:
        self.slept += seconds
        self.wall += seconds


@pytest.fixture
def clock(monkeypatch):
    from playground.kit import pacing

    c = FakeClock()
    monkeypatch.setattr(pacing.time, "perf_counter", lambda: c.wall)
    monkeypatch.setattr(pacing.time, "thread_time", lambda: c.cpu)
    monkeypatch.setattr(pacing.time, "sleep", c.sleep)
    return c


@pytest.fixture
def hello():
    """The course's hello task and a small seeded GRU for it (untrained)."""
    from engine.config import ModelConfig
    from engine.model import build_model
    from engine.tasks import make_task

    task = make_task("hello")
    return task, build_model(len(task.vocab), ModelConfig(cell="gru", hidden=6), seed=2)


# the Train page's folded groups (kit/fold.py) that tests of its settings and its Save panel use
TRAIN_FOLDS = ("train_settings_open", "train_more_model_open", "train_more_training_open", "train_export_open")


def train_app(timeout: float = 60, folds=TRAIN_FOLDS):
    """An AppTest of the whole app opened on the Train page (Lessons is the landing page),
    with `folds` open (a visitor's page opens with them closed)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=timeout)
    at.switch_page("playground/pages/train.py")
    return unfold(at, *folds)


def unfold(at, *keys: str):
    """Open folded groups (kit/fold.py) before the next run, so the widgets in them are drawn:
    e.g. unfold(at, "train_more_model_open"). Returns `at`."""
    for key in keys:
        at.session_state[key] = True
    return at


def drawn_formula(svg: str) -> dict:
    """What an equation picture of assets/formulas/ was drawn from: the rows, the layer and
    (on a band) the highlighted index, as assets/make_formulas.py writes them into its
    description."""
    import html
    import json
    import re

    text = re.search(r"<dc:description>(.*?)</dc:description>", svg, re.DOTALL).group(1)
    return json.loads(html.unescape(text))
