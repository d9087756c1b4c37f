"""A page's run as a lesson check sees it: `RunState` from the run object and the settings on
screen. Extras (the network view, the gradient probe, gate traces, the toy) are computed only
when the active step's checks use them, and reuse what the page computed at this step."""
from __future__ import annotations

from playground.lessons.model import RunState

POINTS = 50   # the newest history records kept in a snapshot


def _recent(history) -> list[dict]:
    rows = history.records[-POINTS:]
    if history.last is not None and (not rows or rows[-1] is not history.last):
        rows = rows + [history.last]
    return rows


def _series(run) -> dict:
    """label -> the newest history records; a single-model page labels its trainer by its cell."""
    if len(run.trainers) == 1:
        return {run.choice.model.cell: _recent(run.trainer.history)}
    return {label: _recent(t.history) for label, t in run.trainers.items()}


def _gates(run) -> dict:
    """The first layer's gates (forward) on the task's first probe sequence."""
    from engine.gates import gate_traces
    ids, _ = run.network_input()
    with run.lock:
        layer = gate_traces(run.trainer.model, ids)["layers"][0]
    return layer.get("gates", {})


EXTRAS = {
    "network": lambda run: run.network(),
    "decay": lambda run: run.gradient_probe()[0]["grad_norm_by_k"],
    "gates": _gates,
}


def of_run(page: str, run, settings: dict, uses=()) -> RunState:
    """The snapshot of a live page's run (Train, Gates, Compare)."""
    extra = {name: EXTRAS[name](run) for name in uses if name in EXTRAS}
    return RunState(page, dict(settings), _series(run), extra)


def of_toy(settings: dict, toy_config, uses=(), cliff=None) -> RunState:
    """The Gradient flow page: no training, its numbers follow from the settings (`toy_config`,
    and `cliff` = (CliffConfig, DescentConfig) of its cliff tab)."""
    extra = {}
    if "toy" in uses and toy_config is not None:
        from engine.toy import run_toy
        extra["toy"] = run_toy(toy_config)
    if "cliff" in uses and cliff is not None and None not in cliff:
        from engine.cliff import compare
        extra["cliff"] = compare(*cliff)
    return RunState("gradients", dict(settings), {}, extra)
