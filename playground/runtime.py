"""Process-wide settings for the app server, applied once, on first import.

One torch thread per session: a tiny model gains little from more, and many sessions then
share the machine's cores fairly.

Memory of closed tabs: Streamlit keeps a closed tab's session for
server.disconnectedSessionTTL in case the tab reconnects, but it removes an expired session
only when another session disconnects (its store reaps lazily, on a write), so the last tabs of
a class stayed in memory with their runs for as long as the server was idle. And a dropped
session's model sits in reference cycles which, with runner.postScriptGC off (see
.streamlit/config.toml), an idle server allocates too little for Python's generational
collector to reach. A daemon thread therefore, once a minute, ends the sessions whose time to
reconnect has passed (as Streamlit ends a closed session: its uploads, media and caches go
too), collects, and hands freed heap pages back to the operating system (glibc's
malloc_trim), so the server's RSS falls back once a class leaves. (Arrow's buffers come from
that same malloc: see playground/__init__.py.)

Pauses of a page's run: with runner.postScriptGC off, Python's generational collector still
runs a full collection when enough new objects have piled up, and a full collection walks every
object the server holds (torch, pandas, Altair, Streamlit: about half a million): 30 ms-0.5 s
with every thread stopped, often in the middle of a new visitor's first page (about 11 in 35
page loads besides the sweeps' own, timed with a gc callback; none once frozen). So the sweep,
after its own full collection, freezes what survived (`gc.freeze`): the collector's later
collections walk only what was made since, and the next sweep unfreezes everything first, so a
cycle that became garbage while frozen is still found within a sweep's time. Before the first
sweep, this module freezes what the imports made when it is imported (the end of this file).
"""
import ctypes
import ctypes.util
import gc
import logging
import os
import threading
import time

import torch
from streamlit.logger import get_logger

torch.set_num_threads(1)


def one_torch_thread() -> None:
    """One torch (OpenMP) thread for the calling thread; every script and fragment run calls it.

    For a process that loaded torch before `playground` could set OMP_NUM_THREADS (see
    playground/__init__.py): a test process, a notebook. Setting it costs 0.3 us.
    """
    torch.set_num_threads(1)

# A link's values are put into widget state before the widgets are drawn (urlstate.restore);
# Streamlit logs a warning with a stack trace for each such widget. The values are meant.
logging.getLogger("streamlit.elements.lib.policies").setLevel(logging.ERROR)

_LOG = get_logger(__name__)   # the server's log, for whoever runs it (English, not the page's)


def arrow_pool() -> str:
    """The allocator behind pyarrow's default memory pool ("system" is what
    playground/__init__.py asks for; see there)."""
    import pyarrow

    return pyarrow.default_memory_pool().backend_name


if arrow_pool() != "system":
    _LOG.log(
        logging.WARNING, "pyarrow allocates with %s, which keeps the memory of ended sessions' threads: set "
        "ARROW_DEFAULT_MEMORY_POOL=system before the server starts", arrow_pool())

# seconds; one full collection costs ~0.25 s here (RNNPG_SWEEP_EVERY: a test sweeps sooner)
SWEEP_EVERY = float(os.environ.get("RNNPG_SWEEP_EVERY", "60"))


def _malloc_trim():
    """glibc's malloc_trim(0), or a no-op where there is no glibc."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return lambda: None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return lambda: trim(0)


def end_expired_sessions(timeout: float = 5.0) -> int:
    """End the sessions whose browsers left more than server.disconnectedSessionTTL ago, as
    Streamlit ends a closed one (AppSession.shutdown, on the server's event loop); -> how many.

    0 outside a Streamlit server. Uses private attributes of Streamlit 1.67 (pinned; checked
    by tests/test_memory_sweep.py): the runtime's event loop, its session manager's store of
    disconnected sessions and that store's lock. Without them it does nothing."""
    from streamlit import runtime

    if not runtime.exists():
        return 0
    server = runtime.get_instance()
    manager = getattr(server, "_session_mgr", None)
    store = getattr(getattr(manager, "_session_storage", None), "_cache", None)
    lock = getattr(manager, "_storage_lock", None)
    loop = getattr(getattr(server, "_async_objs", None), "eventloop", None)
    if store is None or lock is None or loop is None or not hasattr(store, "expire"):
        return 0
    ended: list[int] = []
    done = threading.Event()

    def on_loop() -> None:
        try:
            with lock:
                expired = store.expire()
            for _, info in expired:
                info.session.shutdown()
            ended.append(len(expired))
        finally:
            done.set()

    try:
        loop.call_soon_threadsafe(on_loop)
    except RuntimeError:   # the server is stopping
        return 0
    done.wait(timeout)
    return ended[0] if ended else 0


_TRIM = _malloc_trim()


# One sweep at a time: a sweep unfreezes, collects and freezes again, and a second one between
# those steps would collect what the first is about to count. Reentrant, so that a test can hold
# the background sweeper off while it sweeps by hand (tests/test_session.py).
SWEEPING = threading.RLock()


def sweep(trim=None) -> int:
    """End expired sessions, collect cyclic garbage over every object (frozen ones too), return
    freed pages to the OS and freeze the survivors (see the module's docstring); returns objects
    collected."""
    with SWEEPING:
        ended = end_expired_sessions()
        if ended:
            _LOG.log(logging.INFO,
                     "Ended %d session(s) closed longer than server.disconnectedSessionTTL", ended)
        gc.unfreeze()
        found = gc.collect()
        gc.freeze()
        (trim or _TRIM)()
        return found


def _sweeper() -> None:
    while True:
        time.sleep(SWEEP_EVERY)
        try:
            sweep()
        except Exception:  # noqa: BLE001 - a failed sweep must not end the sweeping
            _LOG.log(logging.ERROR, "Memory sweep failed", exc_info=True)


threading.Thread(target=_sweeper, name="rnnpg-memory-sweeper", daemon=True).start()
# Until the first sweep, a minute after the server started (when a class that opens a link
# together is arriving), freeze what the imports made: the collector's full collections then
# walk only what was made since, 0-30 ms instead of 0.1-0.25 s (a gc callback, 7 pages in 4
# rounds). Freezing moves the collector's lists, so it costs nothing; the first sweep unfreezes
# and collects everything.
gc.freeze()


# ---- one wake-up of the event loop per burst of a script's messages --------------------------
# Each element a script draws reaches the server's event loop as one callback
# (AppSession._call_soon_on_event_loop: loop.call_soon_threadsafe), and each such call writes to
# the loop's wake-up socket and hands the GIL away. A follower's redraw of Train is 37 elements,
# and a class of 40 followers draws 80 of them a second, all on the one core the GIL allows:
# measured there, with a callback per element, 0.14 ms of server CPU per element. Batched, the
# callbacks of a session that arrive while one wake-up is pending ride along with it, in their
# order: on a page of 37 elements redrawn by 60 sessions twice a second, 7.6 -> 6.0 ms of CPU per
# redraw (benchmarks in README, "A class on one link").
class _Batched:
    """The callbacks of one session waiting for the event loop, run in order by one wake-up."""

    def __init__(self):
        self.lock = threading.Lock()
        self.pending: list = []
        self.scheduled = False

    def run(self) -> None:
        with self.lock:
            callbacks, self.pending, self.scheduled = self.pending, [], False
        for callback in callbacks:
            try:
                callback()
            except Exception:  # noqa: BLE001 - as asyncio does for a failed callback: log, go on
                _LOG.log(logging.ERROR, "Exception in callback %r", callback, exc_info=True)


def _call_soon_batched(session, callback) -> None:
    """AppSession._call_soon_on_event_loop, one wake-up of the loop per batch (see above); as
    Streamlit's, a callback for a closed loop is dropped."""
    batch = session.__dict__.get("_rnnpg_batch")
    if batch is None:
        batch = session.__dict__.setdefault("_rnnpg_batch", _Batched())
    with batch.lock:
        batch.pending.append(callback)
        if batch.scheduled:
            return
        batch.scheduled = True
    loop = session._event_loop
    try:
        loop.call_soon_threadsafe(batch.run)
    except RuntimeError:
        with batch.lock:
            batch.pending.clear()
            batch.scheduled = False
        if not loop.is_closed():
            raise


def batch_loop_callbacks() -> bool:
    """Install _call_soon_batched on Streamlit's AppSession (1.67, pinned; checked by
    tests/test_runtime_batching.py); -> whether it is installed. Without that private method it
    leaves Streamlit as it is."""
    from streamlit.runtime.app_session import AppSession

    if getattr(AppSession, "_call_soon_on_event_loop", None) is None:
        _LOG.log(logging.WARNING, "Streamlit's AppSession has no _call_soon_on_event_loop: "
                 "script messages reach the event loop one wake-up each")
        return False
    AppSession._call_soon_on_event_loop = _call_soon_batched
    return True


BATCHED = batch_loop_callbacks()
