"""The server's event loop is woken once per burst of a script's messages, not once per element
(playground/runtime.py: _call_soon_batched), and nothing is lost, reordered or run twice."""
from __future__ import annotations

import asyncio
import threading
import time

import pytest

from playground import runtime


class Session:
    """What _call_soon_batched reads of Streamlit's AppSession: its event loop."""

    def __init__(self, loop):
        self._event_loop = loop


@pytest.fixture
def loop():
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    yield loop
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)
    loop.close()


def on_loop(loop, fn):
    done = threading.Event()
    loop.call_soon_threadsafe(lambda: (fn(), done.set()))
    assert done.wait(5)


def test_streamlit_sessions_use_the_batched_call():
    from streamlit.runtime.app_session import AppSession

    assert runtime.BATCHED
    assert AppSession._call_soon_on_event_loop is runtime._call_soon_batched


def test_a_burst_wakes_the_loop_once_and_keeps_the_order(loop):
    session, ran, wakeups = Session(loop), [], []
    real = loop.call_soon_threadsafe
    gate = threading.Event()
    on_loop(loop, lambda: None)

    def counted(callback, *args):
        wakeups.append(callback)
        return real(callback, *args)

    loop.call_soon_threadsafe = counted
    real(gate.wait)                          # the loop is busy while the script draws
    for i in range(37):
        runtime._call_soon_batched(session, lambda i=i: ran.append(i))
    assert len(wakeups) == 1
    gate.set()
    on_loop(loop, lambda: None)
    assert ran == list(range(37))
    # the next burst is a new batch: nothing waits for a wake-up that already ran
    runtime._call_soon_batched(session, lambda: ran.append("next"))
    deadline = time.monotonic() + 5
    while ran[-1] != "next" and time.monotonic() < deadline:
        time.sleep(0.01)
    assert ran[-1] == "next" and len(wakeups) == 3   # one more batch (and on_loop's own call)


def test_a_failing_callback_does_not_lose_the_rest(loop, caplog):
    session, ran = Session(loop), []
    gate = threading.Event()
    loop.call_soon_threadsafe(gate.wait)
    runtime._call_soon_batched(session, lambda: ran.append(1))
    runtime._call_soon_batched(session, lambda: 1 / 0)
    runtime._call_soon_batched(session, lambda: ran.append(3))
    gate.set()
    on_loop(loop, lambda: None)
    assert ran == [1, 3]


def test_a_closed_loop_drops_the_callback_as_streamlit_does():
    loop = asyncio.new_event_loop()
    loop.close()
    session = Session(loop)
    runtime._call_soon_batched(session, lambda: None)   # no exception
    runtime._call_soon_batched(session, lambda: None)   # and the batch is not stuck
    assert session._rnnpg_batch.pending == [] and not session._rnnpg_batch.scheduled
