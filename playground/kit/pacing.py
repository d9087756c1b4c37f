"""How a live page trains between two redraws, and the per-session CPU cap of a hosted demo.

Every live run (Train, Compare, Attention, Embeddings) trains in slices inside its page's
fragment: step until the slice's wall time has passed, then redraw. `Pace.run` is that loop. It
also measures the run's steps per second (redraws included) and enforces two optional caps, read
once from the environment, so a host can share a small server fairly between a class:

- RNNPG_SESSION_CPU_SHARE (0.05-1, default 1): a session's training may use at most this share
  of one core. After each step the loop compares the thread's CPU time with the wall time of the
  slice and sleeps off any excess (sleeping releases the GIL for the other sessions).
- RNNPG_SESSION_MAX_STEPS (steps per second, default 0 = no cap): the same, counted in steps.

With one torch thread per session (playground/runtime.py) a session's maths runs on its own
script thread, so the thread's CPU time is the session's training cost.
"""
from __future__ import annotations

import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass


def _env_number(name: str, default: float, lo: float, hi: float) -> float:
    """A cap from the environment; a bad value is reported once on the server log and ignored."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and lo <= value <= hi):
        print(f"RNN Playground: ignoring {name}={raw!r} (expected a number from {lo:g} to {hi:g})")
        return default
    return value


CPU_SHARE = _env_number("RNNPG_SESSION_CPU_SHARE", 1.0, 0.05, 1.0)
MAX_STEPS = _env_number("RNNPG_SESSION_MAX_STEPS", 0.0, 0.0, 100_000.0)


def caps_text(cpu: str = "{share:.0%} of a core", steps: str = "{steps:g} steps/s",
              joiner: str = " and ") -> str:
    """The caps a status line names ('' when there are none), in the words given (templates
    with {share} and {steps}: the page passes its language's)."""
    parts = []
    if CPU_SHARE < 1:
        parts.append(cpu.format(share=CPU_SHARE))
    if MAX_STEPS:
        parts.append(steps.format(steps=MAX_STEPS))
    return joiner.join(parts)


STOP_CHECK = 0.1   # seconds between two looks at whether a slice should end early (Pace.run)


@dataclass
class Pace:
    """The slice loop and its measured rate. One per run object; `reset()` when paused."""
    rate: float = 0.0                  # steps (or lock-step rounds) per second, redraws included
    cpu_share: float = CPU_SHARE
    max_steps: float = MAX_STEPS
    _tick: float | None = None         # when the last slice ended

    def run(self, seconds: float, step: Callable[[], object],
            stop: Callable[[], bool] | None = None) -> int:
        """Call `step()` until `seconds` of wall time have passed, it returns something falsy (the
        run diverged or stopped), or `stop()` (asked about every STOP_CHECK seconds) is true.
        Returns how many steps were taken."""
        start, cpu0, done = time.perf_counter(), time.thread_time(), 0
        checked = start
        while (now := time.perf_counter()) - start < seconds:
            if stop is not None and now - checked >= STOP_CHECK:
                checked = now
                if stop():
                    break
            if not step():
                break
            done += 1
            self._hold(start, cpu0, done, seconds)
        now = time.perf_counter()
        if self._tick is not None and now > self._tick:
            measured = done / (now - self._tick)   # includes the redraw between two slices
            self.rate = measured if self.rate == 0 else 0.7 * self.rate + 0.3 * measured
        self._tick = now
        return done

    def _hold(self, start: float, cpu0: float, done: int, seconds: float) -> None:
        """Sleep off whatever this slice used beyond its caps (never past the slice's end)."""
        wall = time.perf_counter() - start
        due = 0.0
        if self.cpu_share < 1:
            due = (time.thread_time() - cpu0) / self.cpu_share - wall
        if self.max_steps:
            due = max(due, done / self.max_steps - wall)
        if due > 0:
            time.sleep(min(due, max(0.0, seconds - wall)))

    def reset(self) -> None:
        """Paused: the next slice starts a fresh measurement interval."""
        self._tick = None

