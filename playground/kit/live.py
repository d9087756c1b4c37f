"""Live charts that redraw without rebuilding their spec, and the Play/Pause/Step/Reset callbacks."""
from __future__ import annotations

import hashlib
import pickle
import threading
import time
from contextlib import contextmanager

import pandas as pd
import streamlit as st

from playground.i18n import lang
from playground.kit import charts

# Specs that are a function of their key alone, shared by every session of this server process:
# the network view's spec takes 0.1-0.2 s to build, which each new session paid before its first
# chart. LiveSpec.with_rows copies, so a shared spec is only ever read.
SHARED_SPECS: dict = {}


# A room's frame (playground/kit/rooms.py) is drawn by every follower, unchanged: what a page
# derives from it (tables, Arrow bytes) is built by the first session that draws it and kept on
# the frame (its `drawn` dict) for the others. Measured with 40 followers of a Train room: about
# 40% of each redraw was building the same frame's tables again, and each redraw holds the GIL
# that the room's training needs.
_drawing = threading.local()   # .memo: the frame's `drawn` dict while a script thread draws it
_KEPT = "kept ids"             # drawn[_KEPT]: ids of values kept in `drawn` (live_chart's check)
_LOCK = "lock"                 # drawn[_LOCK]: held while a value is built


@contextmanager
def drawing(run):
    """Within: `once_per_frame` keeps what it builds on `run` when `run` is a room's frame
    (it has a `drawn` dict); an ordinary run changes with every slice and keeps nothing."""
    _drawing.memo = getattr(run, "drawn", None)
    try:
        yield
    finally:
        _drawing.memo = None


def once_per_frame(key: tuple, build, anchor: object = None):
    """`build()`, or, while `drawing` a room's frame, what it gave the first session that drew
    the frame with this `key` (and the session's language). `key` must name everything the
    value depends on besides the frame: a follower's own inputs and view settings. `anchor`:
    an object the value is built from, named in `key` by its id; it is kept with the value, so
    its id cannot be reused by another object while the frame remembers it."""
    memo = getattr(_drawing, "memo", None)
    if memo is None:
        return build()
    key = (lang(), *key)
    kept = memo.get(key)
    if kept is None:
        # followers wake together on a new frame: one builds, the others wait for it
        with memo.setdefault(_LOCK, threading.RLock()):
            kept = memo.get(key)
            if kept is None:
                kept = memo[key] = (anchor, build())
                parts = kept[1] if isinstance(kept[1], tuple) else (kept[1],)
                memo.setdefault(_KEPT, set()).update(map(id, (kept[1], *parts)))
    return kept[1]


def shared_spec(kind: str, build, df: pd.DataFrame, *options) -> dict:
    """The Vega-Lite spec of `build(df)` as `charts.draw` would send it, `df` as Arrow. `build`
    depends on nothing but `kind`, `options` and df's columns (not on its rows, nor on the
    session): it runs once per key and language on an empty frame, for every session of this
    process, and each call only swaps `df`'s rows in. For a chart redrawn on every slider move:
    building the Gradient flow's three toy charts took about 70 ms of each run's 90 ms."""
    key = ("static", kind, lang(), *options, tuple(df.columns))
    return as_arrow(_kept_spec(SHARED_SPECS, key, build, df, as_static=True).with_rows(df))


def _kept_spec(specs: dict, key: tuple, build, df: pd.DataFrame, limit: int = 256,
               as_static: bool = False) -> charts.LiveSpec:
    """specs[key], built from `build(df's empty frame)` the first time (the store emptied once it
    holds more than `limit`)."""
    if key not in specs:
        if len(specs) > limit:
            specs.clear()
        specs[key] = charts.LiveSpec(build(df.iloc[:0]), as_static=as_static)
    return specs[key]


def live_chart(column, title: str, kind: str, build, df: pd.DataFrame, alt_text: str,
               *options, store: str = "live_specs", shared: bool = False) -> None:
    """Draw chart `kind` in `column` with `title` (plain text, in the chart: charts.titled).
    Its Vega-Lite spec is built by `build(empty frame)` once per set of `options`; later
    redraws only swap in `df`'s rows.
    `shared`: `build` depends on nothing but `kind` and `options` (not on the session's data,
    nor on `df` beyond its columns), so one spec serves every session."""
    specs = SHARED_SPECS if shared else st.session_state.setdefault(store, {})
    key = (kind, lang(), *options, *(tuple(df.columns) if shared else ()))  # titles: per language
    live = _kept_spec(specs, key, build, df, limit=256 if shared else 32)
    memo = getattr(_drawing, "memo", None)
    if memo is not None and id(df) in memo.get(_KEPT, ()):   # df is the frame's, kept in memo
        spec = once_per_frame(("chart", key, shared, store, id(df)),
                              lambda: as_arrow(live.with_rows(df)), anchor=df)
    else:
        spec = as_arrow(live.with_rows(df))
    column.vega_lite_chart(spec=charts.titled(spec, title), width="stretch", alt=alt_text)


# Arrow IPC bytes of chart data, by the data's content, shared by every session of this process.
# Streamlit converts each dataset of a spec to Arrow on every draw (about 1 ms for a network view
# of 450 rows, 0.6 ms for a short history, 1.3 ms for a constant reference line); a room's
# followers draw the same frame's data, and every live page redraws the same constants, so each
# distinct dataset is converted once. The key hashes the pickled data (0.25 ms for that network
# view): equal data, equal bytes; different data never shares them.
# Only small datasets are kept (the constants: reference lines, thresholds): a live run's history
# or network view is new at every redraw and would only fill the store, and a room's frame keeps
# its own once per frame (`once_per_frame`).
ARROW: dict[bytes, bytes] = {}
ARROW_BYTES = 4 * 2**20    # at most this much is kept
ARROW_KEEP = 16 * 2**10    # and only datasets up to this size
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
            if len(packed) <= ARROW_KEEP:
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
    Streamlit 1.67, pinned); without them it waits 20 ms instead. The queue is watched from
    the event loop itself: a script thread that woke every few ms to look would compete for
    the GIL with the loop it waits for (40 followers: 8,000 wake-ups a second)."""
    from streamlit import runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    session = (runtime.get_instance().get_app_session(ctx.session_id)
               if ctx is not None and runtime.exists() else None)
    loop, queue = getattr(session, "_event_loop", None), getattr(session, "_browser_queue", None)
    if loop is None or queue is None:
        time.sleep(0.02)
        return False
    sent = threading.Event()

    def check() -> None:   # on the event loop, after the deltas this thread queued before it
        if queue.is_empty():
            sent.set()
        elif not sent.is_set():
            loop.call_later(0.005, check)

    try:
        loop.call_soon_threadsafe(check)
    except RuntimeError:         # the session's loop has closed
        return False
    done = sent.wait(timeout)
    sent.set()                   # stops a check still scheduled
    return done


def visitor_gone():
    """For a training slice in a script thread: a check that the session's browser has gone
    (closed tab, lost connection), or None outside a Streamlit server. Streamlit keeps a
    disconnected session for a while and only stops its script at the next Streamlit call; a
    slice in progress makes none, and under load slices are long, so without this check
    sessions went on training after their visitors had left (measured: 190% CPU 15 s after
    20 simulated learners left)."""
    from streamlit import runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None or not runtime.exists():
        return None
    server, session = runtime.get_instance(), ctx.session_id
    return lambda: not server.is_active_session(session)


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
