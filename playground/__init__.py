"""RNN Playground's Streamlit user interface: pages, controls and Altair chart builders.

One OpenMP thread in every thread of the server. Streamlit runs each script run, fragment run
and widget callback in a thread of its own, and OpenMP keeps its thread count per thread: a new
thread starts from OMP_NUM_THREADS (default: one worker per core), whatever the main thread set
with torch.set_num_threads. With anything else on the cores, every small torch op then waits
for a second worker to be scheduled (a beam search took 5.6 s instead of 0.2 s). OpenMP reads
the variable when torch loads it, so it is set here, before any page imports torch; a host's
own OMP_NUM_THREADS wins. playground/runtime.py covers a process that loaded torch earlier.

Arrow's buffers (every chart's and table's data, converted by Streamlit) from the C library's
malloc rather than pyarrow's bundled mimalloc: mimalloc keeps the pages of threads that have
ended, and a server's script threads end with every session, so after 20 learners had left
the server stayed 110 MB above idle (24%); with the system allocator, whose free pages the
memory sweeper of playground/runtime.py hands back, 8-12% (benchmarks/classroom.py, README).
Arrow reads the variable when it first allocates; a host's own setting wins.
"""
import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
