"""Live charts that redraw without rebuilding their spec, and the Play/Pause/Step/Reset callbacks."""
from __future__ import annotations

import hashlib
import pickle
import threading
import time

import pandas as pd
import streamlit as st

from playground.i18n import lang
from playground.kit import charts

# Specs that are a function of their key alone, shared by every session of this server process:
# the network view's spec takes 0.1-0.2 s to build, which each new session paid before its first
# chart. LiveSpec.with_rows copies, so a shared spec is only ever read.
SHARED_SPECS: dict = {}


def live_chart(column, title: str, kind: str, build, df: pd.DataFrame, alt_text: str,
               *options, store: str = "live_specs", shared: bool = False) -> None:
    """Draw chart `kind` in `column` under a bold title. Its Vega-Lite spec is built by
    `build(empty frame)` once per set of `options`; later redraws only swap in `df`'s rows.
    `shared`: `build` depends on nothing but `kind` and `options` (not on the session's data,
    nor on `df` beyond its columns), so one spec serves every session."""
    column.markdown(f"**{title}**")
    specs = SHARED_SPECS if shared else st.session_state.setdefault(store, {})
    key = (kind, lang(), *options, *(tuple(df.columns) if shared else ()))  # titles: per language
    if key not in specs:
        if len(specs) > (256 if shared else 32):
            specs.clear()
        specs[key] = charts.LiveSpec(build(df.iloc[:0]))
    column.vega_lite_chart(spec=as_arrow(specs[key].with_rows(df)), width="stretch", alt=alt_text)


# Arrow IPC bytes of chart data, by the data's content, shared by every session of this process.
# Streamlit converts each dataset of a spec to Arrow on every draw (about 1 ms for a network view
# of 450 rows, 0.6 ms for a short history, 1.3 ms for a constant reference line); a room's
# followers draw the same frame's data, and every live page redraws the same constants, so each
# distinct dataset is converted once. The key hashes the pickled data (0.25 ms for that network
# view): equal data, equal bytes; different data never shares them.
ARROW: dict[bytes, bytes] = {}
ARROW_BYTES = 16 * 2**20   # at most this much is kept (independent runs rarely repeat their data)
_arrow_kept = 0            # bytes in ARROW


def as_arrow(spec: dict) -> dict:
    """`spec` with each dataset replaced by its Arrow IPC bytes (which Streamlit passes on as
    they are), converted once per distinct content."""
    from streamlit import dataframe_util

    datasets = {}
    for name, data in spec.get("datasets", {}).items():
        key = hashlib.sha1(pickle.dumps(data, protocol=5)).digest()
        packed = ARROW.get(key)
        if packed is None:
            packed = dataframe_util.convert_anything_to_arrow_bytes(data)
            global _arrow_kept
            if _arrow_kept + len(packed) > ARROW_BYTES:
                ARROW.clear()
                _arrow_kept = 0
            ARROW[key] = packed
            _arrow_kept += len(packed)
        datasets[name] = packed
    return {**spec, "datasets": datasets} if datasets else spec


def delivered(timeout: float = 0.5) -> bool:
    """Block this script thread until what it has drawn so far has left for the browser (or
    `timeout` seconds). -> whether it was seen to leave.

    Why: a script thread hands each element to the server's event loop, which queues it for the
    browser, and the next run of a fragment drops whatever of that fragment is still queued
    (Streamlit's ForwardMsgQueue.clear when a run starts). A live fragment has its next rerun
    waiting as soon as it ends, so on a busy server (a class on one replica: many script
    threads and trainers sharing the GIL) the event loop fell behind and most redraws were
    dropped before they were sent: measured with 10 followers of a room, every follower drew
    every frame and received about one in ten. Waiting here (the GIL released) lets the loop
    queue and send them first.

    Uses two private attributes of Streamlit's AppSession (its event loop and browser queue,
    Streamlit 1.67, pinned); without them it waits 20 ms instead."""
    from streamlit import runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    session = (runtime.get_instance().get_app_session(ctx.session_id)
               if ctx is not None and runtime.exists() else None)
    loop, queue = getattr(session, "_event_loop", None), getattr(session, "_browser_queue", None)
    if loop is None or queue is None:
        time.sleep(0.02)
        return False
    deadline = time.monotonic() + timeout
    queued = threading.Event()   # the loop runs callbacks in order: ours comes after the deltas
    try:
        loop.call_soon_threadsafe(queued.set)
    except RuntimeError:         # the session's loop has closed
        return False
    if not queued.wait(timeout):
        return False
    while not queue.is_empty():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


def set_playing(key: str, playing: bool) -> None:
    """on_click of a Play/Pause button, for the run object stored under st.session_state[key].

    Pages give the Play and the Pause button different widget keys: Streamlit can deliver a
    click again in a later (coalesced) rerun, and it then calls the callback registered by the
    latest render. With one key, a replayed Pause ran the Play callback and training restarted;
    with two, the replayed Pause belongs to a button that is no longer drawn."""
    run = st.session_state.get(key)
    if run is None:
        return
    if not playing:
        run.pause()
    elif run.can_play:
        run.playing = True


def step_once(key: str) -> None:
    """on_click of a Step button: pause the run under st.session_state[key], then one round."""
    run = st.session_state.get(key)
    if run is not None:
        run.pause()
        run.step(1)


def reset_run(key: str, notice_key: str, notice: str | None = None) -> None:
    """on_click of a Reset button: the same run afresh (same settings and seed)."""
    run = st.session_state.get(key)
    if run is not None:
        with run.lock:
            st.session_state[key] = run.restart()
        if notice:
            st.session_state[notice_key] = notice
