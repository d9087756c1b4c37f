"""A session's run is shared by every script thread of that session; it must stay consistent.

Streamlit can run an old script thread (still inside a training slice) next to a new one, e.g.
right after the learner switches pages; both then touch the same model.
"""
import threading

from engine.config import ModelConfig, TrainConfig
from engine.tasks import make_task
from engine.tasks.copy import CopyConfig
from playground.compare.run import CompareRun
from playground.train.run import Choice, LiveRun
from tests.conftest import ROOT


def _choice():
    return Choice("copy", CopyConfig(lag=10), ModelConfig(cell="lstm", hidden=32),
                  TrainConfig(batch=16))


def _hammer(*jobs, seconds=1.5):
    errors = []

    def guarded(job):
        try:
            job()
        except Exception as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(exc)

    threads = [threading.Thread(target=guarded, args=(j,)) for j in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds * 20)
    return errors


def test_live_run_survives_two_threads_training_and_probing():
    choice = _choice()
    run = LiveRun.start(choice, make_task(choice.task, choice.task_config))

    def probe_many():
        for _ in range(40):
            run.gradient_probe()
            run._probe = None  # force a fresh probe each time

    errors = _hammer(lambda: run.train_for(0.8), lambda: run.train_for(0.8), probe_many)
    assert errors == []
    assert run.trainer.state.status == "ok" and run.trainer.state.step > 0


def test_compare_run_survives_two_threads():
    run = CompareRun.start(_choice(), ("rnn", "lstm"))

    def probe_many():
        for _ in range(20):
            run.probes.clear()
            run.gradient_probe()

    errors = _hammer(lambda: run.train_for(0.8), lambda: run.train_for(0.8), probe_many)
    assert errors == []


def test_a_dropped_run_is_freed_by_the_sweeper():
    """A closed tab's session state sits in reference cycles (here: a dict that holds itself);
    the server's sweeper (playground/runtime.py) frees its run although Streamlit's per-run
    gc.collect is off."""
    import gc
    import weakref

    from playground import runtime

    gc.disable()
    runtime.SWEEPING.acquire()   # the server's sweeper thread (started on import) waits meanwhile
    try:
        choice = _choice()
        run = LiveRun.start(choice, make_task(choice.task, choice.task_config))
        run.train_for(0.1)
        run.gradient_probe()
        model = weakref.ref(run.trainer.model)
        state = {"train_run": run}
        state["self"] = state
        del run, state
        assert model() is not None  # only a cyclic collection reaches it
        assert runtime.sweep() > 0
        assert model() is None
    finally:
        runtime.SWEEPING.release()
        gc.enable()


def test_a_run_frozen_while_alive_is_freed_by_the_next_sweep_once_dropped():
    """The sweep freezes what survives it (gc.freeze: the collector's own full collections in a
    page's run then skip the half-million objects of the libraries), and unfreezes before it
    collects: a run that was alive, and so frozen, at one sweep and dropped in a cycle after it
    is freed by the next one, and the collector alone does not free it in between."""
    import gc
    import weakref

    from playground import runtime

    gc.disable()
    runtime.SWEEPING.acquire()   # the server's sweeper thread (started on import) waits meanwhile
    try:
        choice = _choice()
        run = LiveRun.start(choice, make_task(choice.task, choice.task_config))
        run.train_for(0.1)
        model = weakref.ref(run.trainer.model)
        state = {"train_run": run}
        state["self"] = state
        runtime.sweep()
        assert gc.get_freeze_count() > 1000   # the libraries and this run
        del run, state
        gc.collect()
        assert model() is not None   # frozen: a collection between sweeps does not walk it
        runtime.sweep()
        assert model() is None
        assert gc.get_freeze_count() > 1000
    finally:
        runtime.SWEEPING.release()
        gc.unfreeze()
        gc.enable()


def test_the_imports_are_frozen_from_the_start_until_the_first_sweep():
    """Before the first sweep (a minute after start, while a class is arriving) the collector's
    full collections skip what the imports made: playground.runtime freezes it on import."""
    import subprocess
    import sys

    code = ("import gc; before = gc.get_freeze_count(); import playground.runtime; "
            "after = gc.get_freeze_count(); made = [object(), {}]; "
            "print(before, after, any(o is made for o in gc.get_objects()))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         timeout=120, check=True).stdout.split()
    assert out[0] == "0" and int(out[1]) > 100_000 and out[2] == "True"
