"""Rooms (playground/kit/rooms.py): one run trained once and watched by many, without Streamlit."""
from __future__ import annotations

import gc
import time
import weakref

import pytest
import torch

from engine.config import ModelConfig, TrainConfig
from engine.tasks import make_task
from engine.tasks.copy import CopyConfig
from playground.kit.rooms import ID_PATTERN, Room, RoomError, Rooms, snapshot
from playground.train.run import Choice, LiveRun


def copy_run(seed: int = 0) -> LiveRun:
    choice = Choice("copy", CopyConfig(lag=3), ModelConfig(cell="lstm", hidden=16),
                    TrainConfig(seed=seed, batch=16))
    return LiveRun.start(choice, make_task("copy", choice.task_config))


def params(run) -> list[torch.Tensor]:
    return [p.detach().clone() for p in run.trainer.model.parameters()]


def same(a, b) -> bool:
    return all(torch.equal(x, y) for x, y in zip(a, b, strict=True))


def wait_for(condition, seconds: float = 20.0) -> None:
    deadline = time.time() + seconds
    while not condition():
        assert time.time() < deadline, "timed out"
        time.sleep(0.02)


def test_a_snapshot_is_independent_and_shares_the_task():
    run = copy_run()
    run.step(3)
    copy = snapshot(run)
    assert copy.trainer.task is run.trainer.task            # the data is shared
    assert copy.trainer.model is not run.trainer.model
    assert copy.lock is not run.lock and copy.step_count == 3
    before = params(copy)
    run.step(2)
    assert same(params(copy), before) and copy.step_count == 3   # training the run leaves it


def test_a_fork_takes_the_same_next_step_as_the_room():
    """Model, optimizer state and data stream are copied: the same batch, the same update."""
    run = copy_run()
    run.step(5)
    room = Room("x" * 22, "train", "Teacher", run)
    fork = room.fork()
    assert fork.choice == run.choice and fork.trainer.history.records == run.trainer.history.records
    assert same(params(fork), params(run))
    run.step(1)
    fork.step(1)
    assert same(params(fork), params(run))
    assert fork.trainer.history.last["loss"] == run.trainer.history.last["loss"]
    fork.step(1)   # and it is its own: the room does not move with it
    assert run.step_count == 6 and fork.step_count == 7


def test_publishing_a_frame_counts_against_the_next_slice():
    """Frames come once per slice, as a page of one's own redraws: the time the last frame took
    to publish (its probes and copy; slower with many followers drawing) is trained less."""
    import playground.kit.rooms as rooms_module

    run = copy_run()
    asked = []
    real = run.train_for

    def train_for(seconds, stop=None):
        asked.append(seconds)
        return real(0.01, stop)

    run.train_for = train_for
    room = Room("x" * 22, "train", "Teacher", run, prepare=lambda frame: time.sleep(0.2))
    run.playing = True
    room.start()
    try:
        wait_for(lambda: len(asked) >= 3)
    finally:
        room.close()
    base = run.slice_seconds(rooms_module.ROOM_SLICE)
    assert base == rooms_module.ROOM_SLICE < run.slice_seconds()   # a room's frames come sooner
    assert asked[0] == base                                          # nothing published before
    assert room.publish_seconds >= 0.2
    assert all(rooms_module.MIN_TRAIN <= s <= base - 0.2 for s in asked[1:3])


def test_the_room_trains_once_and_publishes_frames_with_probes():
    rooms = Rooms(limit=2)
    run = copy_run()
    prepared = []
    room = rooms.create("train", "Teacher", run,
                        prepare=lambda f: prepared.append(f.gradient_probe()))
    try:
        assert ID_PATTERN.fullmatch(room.id) and rooms.get(room.id) is room
        assert room.frame is not None and room.step == 0
        run.playing = True
        room.wake()
        wait_for(lambda: room.step >= 5 and room.frames >= 3)
        frame = room.frame
        assert frame is not run and frame.step_count <= run.step_count
        assert frame._probe[0] == frame.step_count   # the probe was computed for this frame
        # a follower draws the frame: its probe is read, not computed again
        n = len(prepared)
        frame.gradient_probe()
        assert len(prepared) == n
        run.pause()
        room.wake()
        wait_for(lambda: not room.frame.playing)
        step = room.step
        time.sleep(0.3)
        assert room.step == step == run.step_count    # paused: nothing trains
    finally:
        rooms.close(room)


def test_the_leaders_reset_reaches_the_room():
    rooms = Rooms()
    run = copy_run()
    run.step(4)
    room = rooms.create("train", "Teacher", run)
    try:
        fresh = run.restart()
        room.replace(fresh)
        wait_for(lambda: room.frame.step_count == 0)
        assert room.run is fresh
    finally:
        rooms.close(room)


def test_a_closed_room_frees_its_model():
    rooms = Rooms()
    run = copy_run()
    model = weakref.ref(run.trainer.model)
    room = rooms.create("train", "Teacher", run)
    frame_model = weakref.ref(room.frame.trainer.model)
    room_id = room.id
    del run
    run_playing = room.run
    run_playing.playing = True
    room.wake()
    wait_for(lambda: room.step > 0)
    del run_playing
    rooms.close(room)   # a follower's page may still hold the Room: it must let go of the models
    gc.collect()
    assert model() is None and frame_model() is None
    assert len(rooms) == 0
    with pytest.raises(RoomError) as err:
        rooms.get(room_id)
    assert err.value.key == "unknown"


def test_a_full_server_refuses_a_new_room_clearly():
    rooms = Rooms(limit=1)
    room = rooms.create("train", "Teacher", copy_run(), start=False)
    with pytest.raises(RoomError) as err:
        rooms.create("train", "Another", copy_run(), start=False)
    assert err.value.key == "full" and err.value.values == {"limit": 1}
    rooms.close(room)
    rooms.close(rooms.create("train", "Another", copy_run(), start=False))   # room again


@pytest.mark.parametrize("bad, key", [(None, "malformed"), ("", "malformed"), ("abc", "malformed"),
                                      ("../../etc/passwd", "malformed"), ("x" * 23, "malformed"),
                                      ("é" * 22, "malformed"), (["x" * 22], "malformed"),
                                      ("x" * 22, "unknown")])
def test_unknown_or_malformed_ids_raise_a_room_error(bad, key):
    with pytest.raises(RoomError) as err:
        Rooms().get(bad)
    assert err.value.key == key


def test_the_room_ends_when_its_leader_is_gone(monkeypatch):
    import playground.kit.rooms as rooms_module

    monkeypatch.setattr(rooms_module, "OWNER_GRACE", 0.2)
    alive = [True]
    rooms = Rooms()
    room = rooms.create("train", "Teacher", copy_run(), owner_alive=lambda: alive[0])
    time.sleep(0.3)
    assert not room.closed
    alive[0] = False
    wait_for(lambda: room.closed and len(rooms) == 0, 5)
    assert room.run is None


def test_followers_are_counted_while_they_draw(monkeypatch):
    import playground.kit.rooms as rooms_module

    room = Room("x" * 22, "train", "Teacher", copy_run())
    room.seen("a")
    room.seen("b")
    assert room.present() == 2
    monkeypatch.setattr(rooms_module, "FOLLOWER_SEEN", -1.0)
    assert room.present() == 0
