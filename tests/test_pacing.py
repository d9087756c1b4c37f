"""The live slice loop: the host's per-session caps hold, on a simulated clock (no timing)."""
from __future__ import annotations

import importlib

import pytest

from playground.kit import pacing
from playground.kit.pacing import Pace


def test_uncapped_slice_trains_the_whole_time(clock):
    pace = Pace(cpu_share=1.0, max_steps=0)
    done = pace.run(0.4, lambda: clock.burn(0.01))
    assert done == pytest.approx(40, abs=1)
    assert clock.slept == 0


@pytest.mark.parametrize("share", [0.25, 0.5])
def test_cpu_share_cap_sleeps_off_the_excess(clock, share):
    pace = Pace(cpu_share=share, max_steps=0)
    done = pace.run(0.4, lambda: clock.burn(0.01))
    assert clock.cpu / clock.wall == pytest.approx(share, rel=0.1)
    assert done == pytest.approx(40 * share, abs=1)
    assert clock.wall <= 0.4 + 0.011  # never sleeps past the slice


def test_steps_per_second_cap(clock):
    pace = Pace(cpu_share=1.0, max_steps=20)
    done = pace.run(1.0, lambda: clock.burn(0.001))
    assert done == pytest.approx(20, abs=1)


def test_stops_when_the_run_stops_and_measures_the_rate(clock):
    pace = Pace(cpu_share=1.0, max_steps=0)
    steps = iter([True] * 5 + [False])
    assert pace.run(10.0, lambda: next(steps) and clock.burn(0.1)) == 5
    assert pace.rate == 0  # the first slice only starts the measurement
    clock.wall += 0.5      # a redraw
    pace.run(1.0, lambda: clock.burn(0.1))
    assert pace.rate == pytest.approx(10 / 1.5, rel=0.05)
    pace.reset()
    assert pace._tick is None


@pytest.mark.parametrize("raw, share", [("0.5", 0.5), ("", 1.0), ("abc", 1.0), ("0", 1.0),
                                        ("nan", 1.0), ("7", 1.0)])
def test_cpu_share_from_the_environment(monkeypatch, raw, share):
    monkeypatch.setenv("RNNPG_SESSION_CPU_SHARE", raw)
    try:
        assert importlib.reload(pacing).CPU_SHARE == share
    finally:
        monkeypatch.delenv("RNNPG_SESSION_CPU_SHARE")
        importlib.reload(pacing)


def test_caps_text():
    assert Pace().cpu_share == pacing.CPU_SHARE
    assert pacing.caps_text() == ""
