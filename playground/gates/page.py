"""Gates page: what every gate of the Train page's model does at every step of your input."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from engine.fields import SettingError
from engine.gates import encode_probe, gate_traces, spaced
from engine.unroll import text_targets, unroll
from playground.gates.charts import gate_heatmaps
from playground.gates.equations import EQUATIONS, equations_html
from playground.gates.panels import panels
from playground.i18n import say, t
from playground.kit import room_ui
from playground.kit.fold import folded
from playground.kit.live import live_chart, set_playing
from playground.kit.shell import live_fragment, page_shell, show_notice
from playground.kit.urlstate import copy_link, set_default, unseen, widget
from playground.literal import literal
from playground.train.export_panel import adopt, apply_pending_values
from playground.train.network_panel import draw_network, view_controls
from playground.train.run import KEY, LiveRun
from playground.train.sidebar import run_from_sidebar, uploaded_files

MAX_UNITS, MAX_STEPS = 64, 80
NET_FIELDS = ("gates_net_backward", "gates_net_gates", "gates_net_start")
NET_BUDGET = 610   # pixels: the network view in the page's right column, its legend beside it


def default_probe(run: LiveRun, nonce: int) -> str:
    """A probe input in the task's own alphabet: the course word, held-out text or an example."""
    task = run.trainer.task
    if task.name == "hello":
        return "hello"
    if task.name == "charlm":
        ids = task.heldout_ids
        start = int(np.random.default_rng(nonce).integers(0, max(1, len(ids) - 48)))
        return "".join(task.vocab.decode(ids[start:start + 48]))
    x = task.batch(np.random.default_rng(1000 + nonce), 1).x[0]
    return (" " if spaced(task) else "").join(task.vocab.decode(x))


def shown_tokens(tokens) -> list[str]:
    """The first MAX_STEPS tokens as the heatmaps' x axis names them (a space as ␣)."""
    return [tok if tok.strip() else "␣" for tok in tokens[:MAX_STEPS]]


def heatmap_rows(values_of: dict, tokens, units: int) -> pd.DataFrame:
    """{gate or state: T x H values} -> a row per (step, unit) of the first MAX_STEPS steps and
    `units` units: step (from 1), token (a space shown as ␣), unit, and a column of values per
    gate."""
    T = min(len(tokens), MAX_STEPS)
    steps = np.repeat(np.arange(T), units)
    df = pd.DataFrame({"step": steps + 1, "token": np.array(shown_tokens(tokens))[steps],
                       "unit": np.tile(np.arange(units), T)})
    for name, values in values_of.items():
        df[name] = np.asarray(values)[:T, :units].reshape(-1)
    return df


def network_of_text(run: LiveRun, ids) -> None:
    """The network view on the learner's input (its first MAX_STEPS tokens), in a fold: it sits
    below the heatmaps, and a closed fold costs a new visitor's browser nothing (kit.fold). A
    link that sets one of its fields opens it."""
    box = folded(t("gates.network.fold"), "gates_net_open", icon=":material/account_tree:",
                 help_open=NET_FIELDS)
    if box is None:
        return
    with box:
        network_in_fold(run, ids)


def network_in_fold(run: LiveRun, ids) -> None:
    task = run.trainer.task
    ids = ids[:, :MAX_STEPS]

    def unrolled_for(backward: bool) -> dict:
        with run.lock:
            return unroll(run.trainer.model, task, ids, text_targets(task, ids),
                          truncate=run.choice.train.tbptt, flows=backward)

    view = view_controls("gates", run.trainer.model_config.cell, unrolled_for, budget=NET_BUDGET)
    unrolled = unrolled_for(view.backward)
    what = (t("gates.network.input_cut", n=MAX_STEPS) if ids.shape[1] == MAX_STEPS
            else t("gates.network.input"))
    draw_network(unrolled, run.trainer.state.step, view, task.is_lm,
                 what + (t("gates.network.scored_next") if task.is_lm else ""),
                 title=t("gates.network.title"), store="gates_specs")


def draw(run: LiveRun, text: str, layer: int, direction: str, focus: str) -> None:
    task, model = run.trainer.task, run.trainer.model
    try:
        ids = encode_probe(task, text)
    except SettingError as exc:
        st.error(literal(say(exc)))
        return
    with run.lock:
        trace = gate_traces(model, ids)
    tokens = task.vocab.decode(ids[0])
    chosen = next(L for L in trace["layers"] if L["layer"] == layer and L["direction"] == direction)
    panels = dict(chosen["gates"])
    if "cell_state" in chosen:
        panels["c"] = chosen["cell_state"]
    panels["h"] = chosen["hidden"]
    H = len(chosen["hidden"][0])
    units = min(H, MAX_UNITS)
    df = heatmap_rows(panels, tokens, units)
    # the cell state's colour range, rounded up to a power of 2 so the spec stays put
    limits = [(name, 1.0 if name != "c" else 2.0 ** max(0, int(np.ceil(np.log2(
        max(1e-9, float(np.abs(values).max()))))))) for name, values in panels.items()]
    labels = tuple(shown_tokens(tokens))
    live_chart(st, t("gates.heatmaps.title"), "gates",
               lambda d, p=tuple(limits), o=labels: gate_heatmaps(d, list(p), list(o), focus), df,
               t("gates.heatmaps.alt", names=", ".join(panels), steps=len(labels), units=units),
               tuple(limits), labels, units, focus, store="gates_specs", shared=True)
    st.caption(t("gates.heatmaps.caption", step=run.trainer.state.step, layer=layer + 1,
                 direction=t(f"gates.direction.{direction}"), tokens=len(tokens), units=H,
                 shown=t("gates.heatmaps.first_units", n=MAX_UNITS) if H > MAX_UNITS else ""))
    network_of_text(run, ids)


def equations(cell: str, focus: str) -> None:
    """The cell's equations, the `focus` line highlighted: two picture layers, the ink in the
    theme's text colour (gates.equations)."""
    st.html(equations_html(cell, focus))
    if cell == "gru":
        st.caption(t("gates.equations.gru"))


def probe_text(run: LiveRun, nonce: int) -> None:
    """Keep the probe text in the model's alphabet: a new task (or New example) brings a fresh
    default; a link's text is kept, since the same link chose the task."""
    state, task = st.session_state, run.trainer.task.name
    written_for = state.get("_gates_text_for")
    if (written_for, state.get("_gates_text_nonce")) != (task, nonce) and \
            not (written_for is None and state.get("gates_text")):
        set_default("gates_text", default_probe(run, nonce))
    state["_gates_text_for"], state["_gates_text_nonce"] = task, nonce


def body() -> None:
    room = room_ui.following(KEY)   # a room's run: its settings are the leader's
    if room is not None:
        with st.sidebar:
            room_ui.follow_sidebar(room)
        run: LiveRun | None = room_ui.show_frame(room, KEY)
    else:
        run = run_from_sidebar()
        room_ui.sync(KEY)
    if run is None:
        st.info(t("gates.no_model"))
        return
    show_notice("train_notice")
    room_ui.leader_banner("gates", KEY)
    cfg, task = run.trainer.model_config, run.trainer.task
    st.caption(t("gates.model_bidirectional" if cfg.bidirectional else "gates.model",
                 cell=cfg.cell.upper(), layers=cfg.layers, hidden=cfg.hidden, task=task.name))
    nonce = st.session_state.setdefault("gates_nonce", 0)
    probe_text(run, nonce)
    # the layer and direction choices only where there is a choice (the caption under the
    # heatmaps names both either way)
    choices = int(cfg.layers > 1) + int(cfg.bidirectional)
    c1, c2, *rest = st.columns([4, 1] + [1] * choices)
    text = widget("gates_text", c1)
    if c2.button(t("gates.new_example"), key="gates_new", width="stretch",
                 help=t("gates.new_example_help")):
        st.session_state["gates_nonce"] = nonce + 1
        st.rerun()
    layer = widget("gates_layer", rest.pop(0), options=list(range(cfg.layers))) \
        if cfg.layers > 1 else 0
    direction = widget("gates_direction", rest.pop(0), options=["forward", "backward"]) \
        if cfg.bidirectional else "forward"
    names = [n for n, _ in EQUATIONS[cfg.cell]]
    left, right = st.columns([1.4, 3])
    with left:
        if st.session_state.get("gates_focus") not in names:
            set_default("gates_focus", names[0])  # the cell's first gate
        focus = widget("gates_focus", options=names)
        equations(cfg.cell, focus)
        if run.playing or room is not None:
            frozen = widget("gates_freeze")
        else:   # paused, nothing redraws: no Freeze to offer; a choice made is kept for Play
            with unseen():
                frozen = widget("gates_freeze")
        if room is not None:
            room_ui.follow_bar(room, KEY, adopt)
        else:
            st.button(t("gates.pause") if run.playing else t("gates.play"),
                      key=f"gates_{'pause' if run.playing else 'play'}", on_click=set_playing,
                      args=(KEY, not run.playing), disabled=not run.can_play,
                      icon=":material/pause:" if run.playing else ":material/play_arrow:",
                      help=t("gates.play_help"))
            copy_link("gates", uploaded_files())
            room_ui.share_live("gates", KEY, LiveRun.warm)
        if run.trainer.state.status != "ok":
            st.error(t("gates.diverged"))
        elif run.playing and not frozen:
            st.caption(t("gates.playing"))
        else:
            st.caption(t("gates.paused"))

    with right:
        live_fragment(KEY, lambda live: draw(live, text, layer, direction, focus), frozen=frozen)

    try:
        ids = encode_probe(task, text)
    except SettingError:
        return  # the message is shown above the heatmaps
    panels(run, ids, task.vocab.decode(ids[0]), layer, direction)


def main() -> None:
    page_shell("gates", body, before=apply_pending_values)
