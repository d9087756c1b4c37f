"""The lock-step run every live page uses, with plain pytest on a fake clock (no Streamlit)."""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from engine.config import ModelConfig, TrainConfig
from engine.tasks.copy import CopyConfig
from playground.compare.run import CompareRun
from playground.kit.lockstep import LockStepRun
from playground.kit.pacing import Pace
from playground.train.run import Choice


@dataclass
class State:
    step: int = 0
    status: str = "ok"
    diverged_at: int | None = None


@dataclass
class FakeTrainer:
    """Takes `cost` seconds of the clock per step and diverges at step `dies_at` (if any)."""
    clock: object   # the fake clock (tests/conftest.py)
    cost: float = 0.01
    dies_at: int | None = None
    state: State = field(default_factory=State)
    config: object = None

    def step(self, n: int = 1) -> None:
        for _ in range(n):
            if self.state.status != "ok":
                return
            self.clock.burn(self.cost)
            self.state.step += 1
            if self.state.step == self.dies_at:
                self.state.status, self.state.diverged_at = "diverged", self.state.step

    def retune(self, config) -> None:
        self.config = config


@dataclass(frozen=True)
class Settings:
    train: TrainConfig = field(default_factory=TrainConfig)


def run_of(clock, *trainers, main_only=False) -> LockStepRun:
    return LockStepRun(Settings(), {f"t{i}": t for i, t in enumerate(trainers)}, main_only=main_only,
                       pace=Pace(cpu_share=1.0, max_steps=0))


def test_two_trainers_advance_together(clock):
    a, b = FakeTrainer(clock, cost=0.125), FakeTrainer(clock, cost=0.25)
    run = run_of(clock, a, b)
    assert run.step(5) == 5
    assert a.state.step == b.state.step == run.step_count == 5
    done = run.train_for(3.0)  # each round costs 0.375 s of the clock
    assert done == 8 and a.state.step == b.state.step == 13


def test_a_slice_never_runs_past_its_time(clock):
    run = run_of(clock, FakeTrainer(clock, cost=0.07))
    start = clock.wall
    run.train_for(0.4)
    # the loop checks the clock before each round: it may finish the round it started, no more
    assert clock.wall - start < 0.4 + 0.07 + 1e-9


def test_retune_reports_what_changed_and_reaches_every_trainer(clock):
    a, b = FakeTrainer(clock), FakeTrainer(clock)
    run = run_of(clock, a, b)
    assert run.retune(TrainConfig()) == []
    assert a.config is None  # nothing changed: nobody was touched
    changed = run.retune(TrainConfig(lr=0.1, batch=8))
    assert changed == ["lr 0.01 → 0.1", "batch 32 → 8"]
    assert a.config == b.config == TrainConfig(lr=0.1, batch=8) == run.choice.train


def test_one_diverging_trainer_is_marked_and_the_other_goes_on(clock):
    dies, lives = FakeTrainer(clock, dies_at=3), FakeTrainer(clock)
    run = run_of(clock, dies, lives)
    run.playing = True
    run.step(10)
    assert run.diverged() == {"t0": 3}
    assert dies.state.step == 3 and lives.state.step == 10
    assert run.step_count == 10 and run.can_play and run.status == "training"


def test_with_main_only_the_run_stops_when_the_main_trainer_diverges(clock):
    main, other = FakeTrainer(clock, dies_at=4), FakeTrainer(clock)
    run = run_of(clock, main, other, main_only=True)
    run.playing = True
    assert run.train_for(1.0) == 4
    assert not run.can_play and not run.playing and run.status == "diverged"
    assert other.state.step == 4  # stopped with the main one
    assert run.step(3) == 0


def test_when_every_trainer_diverges_playing_stops(clock):
    run = run_of(clock, FakeTrainer(clock, dies_at=2), FakeTrainer(clock, dies_at=5))
    run.playing = True
    assert run.train_for(1.0) == 5
    assert not run.playing and run.diverged() == {"t0": 2, "t1": 5}


def test_pause_is_idempotent(clock):
    run = run_of(clock, FakeTrainer(clock, cost=0.125))
    run.playing = True
    run.train_for(0.5)
    run.train_for(0.5)
    assert run.rate == 8.0  # 4 rounds in the 0.5 s since the previous slice ended
    run.pause()
    run.pause()
    assert not run.playing and run.pace._tick is None
    run.playing = True
    clock.wall += 60  # a minute paused
    run.train_for(0.5)  # a fresh measurement interval: the paused minute does not count
    assert run.step_count == 12 and run.rate == 8.0


def test_slices_stretch_when_the_probe_is_slow(clock):
    run = run_of(clock, FakeTrainer(clock))
    assert run.slice_seconds(0.4) == 0.4
    run.probe_seconds = 0.12
    assert run.slice_seconds(0.4) == pytest.approx(1.0)  # probe at most 12% of training


def test_compare_run_step_counter_moves_on_after_one_cell_diverges():
    """Real trainers: the RNN is made to diverge; the LSTM trains on and the counter follows it."""
    import torch

    choice = Choice("copy", CopyConfig(lag=3), ModelConfig(hidden=8), TrainConfig(batch=4))
    run = CompareRun.start(choice, ("rnn", "lstm"))
    run.step(2)
    with torch.no_grad():
        next(run.trainers["rnn"].model.parameters()).fill_(float("nan"))
    run.step(3)
    assert run.diverged() == {"rnn": 3}
    assert run.trainers["lstm"].state.step == 5 and run.step_count == 5


def test_a_slice_ends_early_once_its_visitor_has_gone(clock):
    """A closed tab must not keep a 10 s slice training: `stop` is asked every STOP_CHECK
    seconds of the slice (not every step), and a true answer ends the slice there."""
    from playground.kit.pacing import STOP_CHECK

    run = run_of(clock, FakeTrainer(clock, cost=0.02))
    asked = []

    def gone() -> bool:
        asked.append(clock.wall)
        return clock.wall >= 1.0
    done = run.train_for(10.0, stop=gone)
    assert 1.0 <= clock.wall < 1.0 + STOP_CHECK + 0.02 and done == run.step_count
    assert done == pytest.approx(clock.wall / 0.02, abs=1)
    assert len(asked) == pytest.approx(1.0 / STOP_CHECK, abs=1)   # about ten looks, not 50
    assert run.train_for(0.5) == 25                                # no stop: the whole slice


def test_a_slow_probe_never_holds_a_redraw_back_more_than_max_slice(clock):
    """One probe that waited 2 s on a busy server (40 followers joining a room) made the next
    slice 16 s; the ceiling keeps a redraw at least every MAX_SLICE seconds."""
    from engine.tasks import make_task
    from playground.kit import MAX_SLICE
    from playground.train.run import LiveRun

    run = run_of(clock, FakeTrainer(clock))
    run.probe_seconds = 2.0
    assert run.slice_seconds(0.4) == MAX_SLICE == 2.0
    choice = Choice("copy", CopyConfig(lag=3), ModelConfig(hidden=8), TrainConfig(batch=4))
    live = LiveRun.start(choice, make_task(choice.task, choice.task_config))
    live.probe_seconds, live.net_seconds = 0.03, 0.03
    assert live.slice_seconds(0.4) == pytest.approx(0.5)    # both probes under 12% of training
    live.probe_seconds, live.net_seconds = 1.0, 1.0
    assert live.slice_seconds(0.4) == MAX_SLICE
