"""RNN Playground's Streamlit user interface: pages, controls and Altair chart builders.

One OpenMP thread in every thread of the server. Streamlit runs each script run, fragment run
and widget callback in a thread of its own, and OpenMP keeps its thread count per thread: a new
thread starts from OMP_NUM_THREADS (default: one worker per core), whatever the main thread set
with torch.set_num_threads. With anything else on the cores, every small torch op then waits
for a second worker to be scheduled (a beam search took 5.6 s instead of 0.2 s). OpenMP reads
the variable when torch loads it, so it is set here, before any page imports torch; a host's
own OMP_NUM_THREADS wins. playground/runtime.py covers a process that loaded torch earlier.
"""
import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
