"""Process-wide settings for the app server, applied once, on first import.

One torch thread per session: a tiny model gains little from more, and many sessions then
share the machine's cores fairly.

Memory of closed tabs: Streamlit drops a closed tab's session after
server.disconnectedSessionTTL, but its model sits in reference cycles, and with
runner.postScriptGC off (see .streamlit/config.toml) an idle server allocates too little for
Python's generational collector to reach them. A daemon thread therefore collects once a
minute and hands freed heap pages back to the operating system (glibc's malloc_trim), so the
server's RSS falls back once a class leaves.
"""
import ctypes
import ctypes.util
import gc
import logging
import threading
import time

import torch

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

SWEEP_EVERY = 60.0   # seconds; one full collection costs ~0.25 s here


def _malloc_trim():
    """glibc's malloc_trim(0), or a no-op where there is no glibc."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return lambda: None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return lambda: trim(0)


def sweep(trim=_malloc_trim()) -> int:
    """Collect cyclic garbage and return freed pages to the OS; returns objects collected."""
    found = gc.collect()
    trim()
    return found


def _sweeper() -> None:
    while True:
        time.sleep(SWEEP_EVERY)
        sweep()


threading.Thread(target=_sweeper, name="rnnpg-memory-sweeper", daemon=True).start()
