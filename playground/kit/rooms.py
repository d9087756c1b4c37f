"""Rooms: one live run trained once on the server and watched by a whole class.

A leader (the teacher) shares the run of a live page. The room then owns the training: a
background thread trains it slice by slice, as the leader's page did, and after each slice
publishes a *frame*, a deep copy of the run at that step with the page's probes already
computed. Every session, the leader's included, draws the newest frame, so a follower costs no
training and no probe, and nothing a follower does can block or change the run. Followers may
still look inside the frame's model with their own inputs: the frame is theirs to read, under
its own lock.

A follower can fork: a deep copy of the run (model, optimizer state, data stream, history and
settings) becomes an ordinary run of its own session.

No Streamlit here: rooms are tested with plain pytest. The page side is playground/kit/room_ui.py.
"""
from __future__ import annotations

import copy
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from playground.kit.lockstep import LockStepRun
from playground.kit.pacing import _env_number

ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{22}")   # secrets.token_urlsafe(16)
MAX_ROOMS = int(_env_number("RNNPG_MAX_ROOMS", 4, 0, 64))
OWNER_GRACE = 30.0     # seconds a leader's session may be gone (a reload, a network blip)
FOLLOWER_SEEN = 10.0   # a follower counts as present this long after its last redraw
IDLE_WAIT = 0.1        # a paused room looks for changes this often
MIN_TRAIN = 0.1        # seconds a playing room trains at least between two frames
# seconds of training per frame before publishing takes its share (a page of one's own trains
# kit.TRAIN_SLICE, 0.4 s): publishing to 40 followers takes 0.05-0.15 s more, and frames at
# 0.4 s + that came less than twice a second (0.48-0.50 s median, worst 0.50-0.52, against
# 0.45-0.46 / 0.48 at 0.35; the room trained 100-107 steps/s either way)
ROOM_SLICE = 0.35


class RoomError(Exception):
    """Why a room cannot be created or joined; `key` names the message (rooms.<key> in the
    catalogue) and `values` fill it in."""

    def __init__(self, key: str, **values):
        super().__init__(key)
        self.key, self.values = key, values


def snapshot(run: LockStepRun) -> LockStepRun:
    """A deep copy of `run`: models, optimizers, data streams (their random generators
    included), histories and caches, with a fresh lock, not playing. The tasks (their data, the
    largest part) are shared: nothing trains or draws by changing a task."""
    with run.lock:
        memo = {id(run.lock): threading.RLock()}
        for trainer in run.trainers.values():
            task = trainer.task
            memo[id(task)] = task
            for value in vars(task).values():
                memo[id(value)] = value
        copied = copy.deepcopy(run, memo)
    copied.playing = False
    copied.pace.reset()
    return copied


@dataclass
class Room:
    """A shared run. `prepare(frame)` computes what the page draws at the frame's step (its
    probes), once per frame for everybody. `owner_alive()` says whether the leader's session is
    still there (the room ends OWNER_GRACE seconds after it is not)."""
    id: str
    key: str                                          # the session-state key of the page's run
    leader: str
    run: LockStepRun
    prepare: Callable[[LockStepRun], None] = lambda frame: None
    owner: str = ""
    owner_alive: Callable[[], bool] = lambda: True
    frame: LockStepRun | None = None
    frames: int = 0                                   # published so far
    followers: dict = field(default_factory=dict)     # session id -> when last seen
    closed: bool = False
    created: float = field(default_factory=time.time)
    registry: Rooms | None = field(default=None, repr=False)
    publish_seconds: float = 0.0                      # what the last frame took to publish
    _owner_gone: float | None = None
    _wake: threading.Event = field(default_factory=threading.Event, repr=False)
    _published: threading.Condition = field(default_factory=threading.Condition, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)

    # ---- what a page reads -------------------------------------------------------------------
    @property
    def step(self) -> int:
        return self.frame.step_count if self.frame is not None else self.run.step_count

    @property
    def playing(self) -> bool:
        return self.run.playing and not self.closed

    def seen(self, session: str) -> None:
        """A follower drew the room (it counts as present for FOLLOWER_SEEN seconds)."""
        self.followers[session] = time.time()

    def present(self) -> int:
        """How many followers drew the room in the last FOLLOWER_SEEN seconds."""
        now = time.time()
        for session, when in list(self.followers.items()):
            if now - when > FOLLOWER_SEEN:
                self.followers.pop(session, None)
        return len(self.followers)

    def fork(self) -> LockStepRun:
        """An independent copy of the run at its current step, paused: the same next batch,
        the same next update."""
        return snapshot(self.run)

    # ---- what the leader does ------------------------------------------------------------------
    def replace(self, run: LockStepRun) -> None:
        """The leader reset the run or changed a setting that starts a new one."""
        if run is not self.run:
            self.run = run
            self.wake()

    def wake(self) -> None:
        """Something changed (play, pause, a step): publish without waiting."""
        self._wake.set()

    # ---- the training thread ---------------------------------------------------------------------
    def publish(self) -> None:
        """A new frame: the run as it is now, with the page's probes computed (on the run, in
        this thread, between two slices; the copy takes them along)."""
        self.prepare(self.run)   # on the run: what a probe adds to its history (the gradient
        frame = snapshot(self.run)   # reaching step 1, over training) outlives the frame
        frame.playing = self.run.playing
        frame.drawn = {}   # what pages derive from this frame, built once (kit.live.once_per_frame)
        with self._published:
            self.frame = frame
            self.frames += 1
            self._published.notify_all()

    def wait_frame(self, after: int, timeout: float) -> LockStepRun | None:
        """The newest frame once there is one newer than number `after` (or when `timeout`
        seconds have passed, or the room closed): a follower's redraw waits here instead of
        redrawing the same frame."""
        with self._published:
            self._published.wait_for(lambda: self.frames > after or self.closed, timeout)
            return self.frame

    def _stale(self) -> bool:
        frame = self.frame
        return (frame is None or frame.step_count != self.run.step_count
                or frame.playing != self.run.playing or frame.choice != self.run.choice
                or type(frame) is not type(self.run) or frame.status != self.run.status)

    def loop(self) -> None:
        """Train while playing, a frame after each slice; paused, a frame whenever the run
        changes. Ends when the room is closed or its leader has been gone OWNER_GRACE seconds."""
        from playground.runtime import one_torch_thread

        one_torch_thread()
        while not self.closed:
            run = self.run
            if run.playing and run.can_play:
                run.train_for(self.slice_seconds(run), stop=lambda: self.closed)
                started = time.perf_counter()
                self.publish()
                self.publish_seconds = time.perf_counter() - started
            elif self._stale():
                self.publish()
            else:
                self._wake.wait(IDLE_WAIT)
                self._wake.clear()
            if not self._check_owner():
                self.closed = True

    def slice_seconds(self, run: LockStepRun) -> float:
        """Training before the next frame: the run's slice (from ROOM_SLICE, longer when its
        probes are slow) less what publishing the last frame took (its probes and copy, longer
        with many followers drawing), so that frames come once per slice, as a page of one's
        own redraws; at least MIN_TRAIN. Measured with 40
        followers on one server: frames every 0.59 s when publishing came on top of the slice
        (README, "A class on one link")."""
        return max(MIN_TRAIN, run.slice_seconds(ROOM_SLICE) - self.publish_seconds)

    def _check_owner(self) -> bool:
        if self.owner_alive():
            self._owner_gone = None
            return True
        now = time.time()
        if self._owner_gone is None:
            self._owner_gone = now
        return now - self._owner_gone < OWNER_GRACE

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run_loop, name=f"rnnpg-room-{self.key}",
                                        daemon=True)
        self._thread.start()

    def _run_loop(self) -> None:
        try:
            self.loop()
        finally:
            self.closed = True
            if self.registry is not None:   # a room made outside a registry (tests) has none
                self.registry.forget(self)
            self.run = self.frame = None   # let go of the models (the leader keeps its own run)

    def close(self, wait: float = 5.0) -> None:
        """End the room: the thread stops and the room lets go of its run and frames."""
        self.closed = True
        self.wake()
        with self._published:
            self._published.notify_all()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(wait)
        self.run = self.frame = None
        self.followers.clear()


class Rooms:
    """The server's rooms by id, at most `limit` at once."""

    def __init__(self, limit: int = MAX_ROOMS):
        self.limit = limit
        self._rooms: dict[str, Room] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._rooms)

    def create(self, key: str, leader: str, run: LockStepRun, *, prepare=None, owner: str = "",
               owner_alive=None, start: bool = True) -> Room:
        """A new room around `run` (which the room then trains); RoomError('full') when the
        server already holds `limit` rooms."""
        with self._lock:
            if len(self._rooms) >= self.limit:
                raise RoomError("full", limit=self.limit)
            room_id = secrets.token_urlsafe(16)
            room = Room(room_id, key, leader, run, owner=owner, registry=self,
                        prepare=prepare or (lambda frame: None),
                        owner_alive=owner_alive or (lambda: True))
            self._rooms[room_id] = room
        room.publish()   # followers have a frame from the start
        if start:
            room.start()
        return room

    def get(self, room_id: object) -> Room:
        """The open room `room_id`; RoomError('malformed') for something that cannot be a room
        id, RoomError('unknown') for one that is not (or no longer) open."""
        if not isinstance(room_id, str) or not ID_PATTERN.fullmatch(room_id):
            raise RoomError("malformed")
        room = self._rooms.get(room_id)
        if room is None or room.closed:
            raise RoomError("unknown")
        return room

    def led_by(self, owner: str, key: str) -> Room | None:
        """The open room that session `owner` leads for the run under `key`, if any."""
        for room in list(self._rooms.values()):
            if room.owner == owner and room.key == key and not room.closed:
                return room
        return None

    def close(self, room: Room) -> None:
        room.close()
        self.forget(room)

    def forget(self, room: Room) -> None:
        with self._lock:
            if self._rooms.get(room.id) is room:
                del self._rooms[room.id]


ROOMS = Rooms()   # the server's rooms; the limit is read once from RNNPG_MAX_ROOMS
