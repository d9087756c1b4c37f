"""Every script run, fragment and callback computes with one OpenMP thread.

Streamlit runs each in a thread of its own, and OpenMP keeps its thread count per thread: a
page's torch ops ran with one OpenMP worker per core whatever the main thread had set, and each
small op waited for the second worker to be scheduled (a beam search on the Attention page took
5.6 s instead of 0.2 s while another process ran). playground/__init__.py sets OMP_NUM_THREADS
before torch loads; playground/runtime.py's one_torch_thread() covers a process that loaded
torch first. Both are checked in fresh interpreters, without the suite's own OMP_NUM_THREADS.
"""
import ctypes
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser.harness import ROOT


def openmp():
    """The OpenMP runtime torch loaded (libgomp on Linux), or None."""
    maps = Path("/proc/self/maps")
    paths = {line.split()[-1] for line in maps.read_text().splitlines()
             if "libgomp" in line} if maps.exists() else set()
    return ctypes.CDLL(min(paths)) if paths else None


OMP = openmp()
pytestmark = pytest.mark.skipif(OMP is None or (os.cpu_count() or 1) < 2,
                                reason="needs torch's OpenMP runtime and two cores")


# In a fresh interpreter without OMP_NUM_THREADS (the suite sets it, as the app does), torch
# loaded before `playground`, as in a notebook: a new thread's OpenMP count, then after asking.
NEW_THREAD = """
import ctypes, sys, threading
import torch
torch.set_num_threads(1)   # what runtime.py does once, in the importing thread
from playground.runtime import one_torch_thread
omp = ctypes.CDLL(sys.argv[1])
seen = []
def plain():
    seen.append(omp.omp_get_max_threads())
def asks():
    one_torch_thread()
    seen.append(omp.omp_get_max_threads())
for fn in (plain, asks):
    t = threading.Thread(target=fn); t.start(); t.join()
print(seen)
"""


def without_omp_setting() -> dict:
    return {k: v for k, v in os.environ.items() if k != "OMP_NUM_THREADS"}


def test_a_new_thread_gets_one_openmp_worker_per_core_until_it_asks_for_one():
    run = subprocess.run([sys.executable, "-c", NEW_THREAD, OMP._name], cwd=ROOT,
                         env=without_omp_setting(), capture_output=True, text=True, timeout=120,
                         check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split("\n")[-2] == f"[{os.cpu_count()}, 1]", run.stdout


# A fresh interpreter imports the app first, as `streamlit run streamlit_app.py` does, then runs
# a page and a Step click (a widget callback, which Streamlit runs before the page's script)
# and prints the OpenMP thread counts every torch module call saw.
PAGE_RUN = """
import ctypes, sys
import playground.app
import torch
from streamlit.testing.v1 import AppTest
omp = ctypes.CDLL(sys.argv[1])
seen = set()
call = torch.nn.Module.__call__
def recording(self, *args, **kwargs):
    seen.add(omp.omp_get_max_threads())
    return call(self, *args, **kwargs)
torch.nn.Module.__call__ = recording
at = AppTest.from_file(sys.argv[2], default_timeout=120)
at.run()
at.button(key=sys.argv[3] + "_step").click().run()
assert not at.exception, at.exception
print(sorted(seen))
"""


@pytest.mark.parametrize("page, prefix", [("train", "train"), ("attention", "attn")])
def test_the_app_runs_its_pages_and_callbacks_with_one_openmp_thread(page, prefix):
    env = without_omp_setting()
    run = subprocess.run([sys.executable, "-c", PAGE_RUN, OMP._name,
                          str(ROOT / "playground" / "pages" / f"{page}.py"), prefix],
                         check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split()[-1] == "[1]", run.stdout[-500:]
