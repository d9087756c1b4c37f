"""The network itself: the course's unrolled RNN drawn with the live values of one probe input.

`engine.unroll` computes every number (hidden states, gates, the top guesses, ‖∂L/∂a<t>‖ and the
gradient passed back along W_aa); this module only places them: `network_frame` turns one unroll
into the rows of a diagram (boxes, unit cells, labels, arrows, hover areas) at pixel positions,
and `playground.train.network_chart` draws those rows.
"""
from __future__ import annotations

import math

import pandas as pd

from playground.i18n import t as tr

GATE_W, LEFT = 20, 92                  # pixels: a c<t> or gate column, the row labels
MARGIN = 24                            # between two nodes
BUDGET = 860                           # the diagram's width at most (a laptop's wide layout)
GAP, IN_H, OUT_H = 42, 28, 72          # between rows, the input row, the output row
TIGHT = 14                             # between the two directions of one bidirectional layer
OVER_H = 34                            # the overview of every time step (inputs longer than the window)
NUMBERS_UP_TO = 8                      # units whose values are written out (else a colour strip)
SHOWN_UNITS = 32                       # a wider layer shows its first 32 units as a strip
WINDOW = 10                            # time steps drawn at once; a scrubber moves the window
COLUMNS = ["mark", "x", "x2", "y", "y2", "text", "value", "grad", "matrix", "width", "angle",
           "title", "values", "equation", "gates"]
GATE_ORDER = {"lstm": ("i", "f", "g", "o"), "gru": ("r", "z", "n"), "rnn": ()}


def gate_name(name: str) -> str:
    """What gate `name` (i, f, g, o, r, z, n) is, in the course's notation, in a tooltip."""
    return tr(f"network.gate.{name}")


def node_columns(unrolled: dict, gates: bool) -> list[str]:
    """The columns inside a node: a<t>, then (gates on) c<t> and the gates of an LSTM/GRU."""
    if not gates:
        return ["a"]
    return ["a"] + (["c"] if unrolled["cell"] == "lstm" else []) + list(GATE_ORDER[unrolled["cell"]])


def a_width(unrolled: dict, gates: bool) -> int:
    """The a<t> column: wide enough for its numbers (at most NUMBERS_UP_TO units), else a strip."""
    numbers = unrolled["hidden_size"] <= NUMBERS_UP_TO
    return (58 if numbers else 30) if gates else (96 if numbers else 44)


def box_width(unrolled: dict, gates: bool) -> int:
    return 8 + a_width(unrolled, gates) + GATE_W * (len(node_columns(unrolled, gates)) - 1)


def fit_window(unrolled: dict, gates: bool, budget: int = BUDGET) -> int:
    """Time steps drawn at once: at most WINDOW, as many as fit in `budget` pixels."""
    steps = (budget - LEFT) // (box_width(unrolled, gates) + MARGIN)
    return int(max(1, min(WINDOW, steps, len(unrolled["tokens"]))))


def hidden_height(units: int, gates: bool = False) -> int:
    return (18 * units + 8 if units <= NUMBERS_UP_TO else 80) + (16 if gates else 0)


def rows_of(unrolled: dict) -> list[dict]:
    """The hidden rows from top to bottom: the last layer first, forward above backward."""
    layers = unrolled["layers"]
    return sorted(layers, key=lambda L: (-L["layer"], L["direction"] != "forward"))


def row_name(L: dict, several: bool) -> str:
    arrow = " →" if L["direction"] == "forward" else " ←"
    return (f"a [{L['layer'] + 1}]" if several else "a") + (arrow if several or arrow == " ←" else "")


def row_tops(rows: list[dict], hh: float) -> tuple[list[float], float]:
    """The top of each hidden row (rows_of order) and of the input row. The two directions of a
    layer sit close together, one band that reads the same input and feeds the same output."""
    tops, y = [], OUT_H + GAP
    for n, L in enumerate(rows):
        tops.append(y)
        same_layer = n + 1 < len(rows) and rows[n + 1]["layer"] == L["layer"]
        y += hh + (TIGHT if same_layer else GAP)
    return tops, y


def size_of(unrolled: dict, window: int, gates: bool = False) -> tuple[int, int]:
    """(width, height) in pixels of the diagram for `window` time steps (and, when the input is
    longer than the window, the overview strip of every step beneath it)."""
    H = min(unrolled["hidden_size"], SHOWN_UNITS)
    step_w = box_width(unrolled, gates) + MARGIN
    over = OVER_H if len(unrolled["tokens"]) > window else 0
    _, y_in = row_tops(rows_of(unrolled), hidden_height(H, gates))
    return LEFT + window * step_w, y_in + IN_H + 20 + over


def shown(token: str) -> str:
    """A token as drawn: blanks made visible."""
    return {" ": "␣", "\n": "↵", "\t": "⇥", "": "∅"}.get(token, token)


def _fmt(v: float) -> str:
    return "nan" if v is None or not math.isfinite(v) else f"{v:.3f}"


def _log(v) -> float:
    return math.log10(v) if v is not None and math.isfinite(v) and v > 0 else float("nan")


def equation(unrolled: dict, L: dict, t: int) -> str:
    """Unit 1's update at step t (0-based) with the actual numbers, in the course's notation."""
    cell, s = unrolled["cell"], t + 1
    h = L["hidden"][t][0]
    forward = L["direction"] == "forward"
    prev_t = t - 1 if forward else t + 1
    inside = 0 <= prev_t < len(L["hidden"])
    prev = f"a<{prev_t + 1}>" if inside else "a<0>"
    h_prev = L["hidden"][prev_t][0] if inside else 0.0
    if cell == "rnn":
        terms = L["terms"]
        rec, inp, b = terms["recurrent"][t][0], terms["input"][t][0], terms["bias"][0]
        g = unrolled["activation"]
        return (f"a<{s}>₁ = {g}(W_aa·{prev} + W_ax·x<{s}> + b_a)₁ = "
                f"{g}({_fmt(rec)} + {_fmt(inp)} + {_fmt(b)}) = {_fmt(h)}")
    G = {name: values[t][0] for name, values in L["gates"].items()}
    if cell == "lstm":
        c = L["cell_state"][t][0]
        c_prev = L["cell_state"][prev_t][0] if inside else 0.0
        return (f"c<{s}>₁ = f·c<prev> + i·g = {_fmt(G['f'])}·{_fmt(c_prev)} + {_fmt(G['i'])}·"
                f"{_fmt(G['g'])} = {_fmt(c)};  a<{s}>₁ = o·tanh(c) = {_fmt(G['o'])}·tanh({_fmt(c)})"
                f" = {_fmt(h)}")
    return (f"a<{s}>₁ = (1 − z)·n + z·{prev} = (1 − {_fmt(G['z'])})·{_fmt(G['n'])} + "
            f"{_fmt(G['z'])}·{_fmt(h_prev)} = {_fmt(h)}  (r = {_fmt(G['r'])})")


def _node(add, unrolled: dict, L: dict, t: int, x0: float, top: float, gates: bool) -> None:
    """The cells inside one node: a column per quantity (a<t>, then c<t> and the gates), a row
    per unit; with at most NUMBERS_UP_TO units the a<t> (and c<t>) values are written out."""
    H = unrolled["hidden_size"]
    shown = min(H, SHOWN_UNITS)
    cols = node_columns(unrolled, gates)
    head = 16 if gates else 0
    cell_h = (hidden_height(shown, gates) - head - 8) / shown
    x = x0 + 4
    for name in cols:
        w = a_width(unrolled, gates) if name == "a" else GATE_W
        series = {"a": L["hidden"], "c": L.get("cell_state")}.get(name) or L["gates"][name]
        if gates:
            add("colhead", x=x + w / 2, y=top + 10, text=name)
        for u, v in enumerate(series[t][:shown]):
            finite = v is not None and math.isfinite(v)
            written = H <= NUMBERS_UP_TO and name == "a"   # the rest: colour, numbers on hover
            add("cell", x=x, x2=x + w - 1, y=top + 4 + head + u * cell_h,
                y2=top + 4 + head + (u + 1) * cell_h, value=v if finite else float("nan"),
                text=(_fmt(v) if len(cols) == 1 else _fmt2(v)) if written else "")
        x += w


def _fmt2(v: float) -> str:
    return "nan" if v is None or not math.isfinite(v) else f"{v:.2f}"


def _gate_tip(unrolled: dict, L: dict, t: int) -> str:
    parts = []
    for name in GATE_ORDER[unrolled["cell"]]:
        values = ", ".join(_fmt(v) for v in L["gates"][name][t][:8])
        parts.append(f"{name} ({gate_name(name)}) = [{values}{' …' if len(L['gates'][name][t]) > 8 else ''}]")
    return "; ".join(parts)


def _overview(add, unrolled: dict, start: int, window: int, y: float, right: float, grads,
              backward: bool) -> None:
    """A strip of every time step under the diagram: the drawn window outlined, scored steps
    ticked and, in the backward view, each step coloured by ‖∂L/∂a<t>‖ (its largest over the
    rows), so the whole input's gradient is in sight while a window of it is drawn."""
    T = len(unrolled["tokens"])
    x_left = LEFT + MARGIN / 2
    w = (right - x_left) / T
    add("label", x=4, y=y + 9, text=tr("network.all_steps", n=T))
    for t in range(T):
        norms = [row[t] for row in grads] if backward and grads else []
        g = max(norms) if norms else None
        add("mini", x=x_left + t * w, x2=x_left + (t + 1) * w - (1 if w > 3 else 0), y=y,
            y2=y + 18, grad=_log(g), value=float("nan"), title=tr("network.step", n=t + 1),
            values=shown(unrolled["tokens"][t]), text=f"{g:.3g}" if g is not None else "")
        if unrolled["outputs"][t].get("scored"):
            add("minitick", x=x_left + (t + 0.5) * w, y=y + 18, y2=y + 24)
    add("miniwin", x=x_left + start * w - 1, x2=x_left + (start + window) * w, y=y - 2,
        y2=y + 20)


def network_frame(unrolled: dict, start: int = 0, window: int = WINDOW, backward: bool = False,
                  outputs_at: str = "all", gates: bool = False) -> pd.DataFrame:
    """Rows of the diagram for time steps start..start+window-1 (0-based). `outputs_at`:
    'all' (a language model guesses at every step) or 'scored' (only where a loss is scored);
    `gates`: open the nodes of an LSTM/GRU to show c<t> and the gates beside a<t>."""
    T = len(unrolled["tokens"])
    steps = range(start, min(T, start + window))
    gates = gates and unrolled["cell"] != "rnn"
    layers = rows_of(unrolled)
    order = {id(L): i for i, L in enumerate(unrolled["layers"])}
    H = unrolled["hidden_size"]
    hh = hidden_height(min(H, SHOWN_UNITS), gates)
    box_w = box_width(unrolled, gates)
    step_w = box_w + MARGIN
    several = len(layers) > 1
    out: list[dict] = []

    def add(mark, **row):
        out.append({"mark": mark, **row})

    tops, y_in = row_tops(layers, hh)
    top_of = {id(L): y for L, y in zip(layers, tops)}
    band_top = {L["layer"]: min(top_of[id(M)] for M in layers if M["layer"] == L["layer"])
                for L in layers}
    band_bottom = {layer: max(top_of[id(M)] for M in layers if M["layer"] == layer) + hh
                   for layer in band_top}
    bidirectional = len(layers) > len(band_top)
    x_of = {t: LEFT + (t - start) * step_w + MARGIN / 2 for t in steps}
    add("label", x=4, y=OUT_H / 2, text=tr("network.row.output"))
    for L in layers:
        add("label", x=4, y=top_of[id(L)] + hh / 2, text=row_name(L, several))
    add("label", x=4, y=y_in + IN_H / 2, text="x")
    grads = unrolled.get("grad_norm") or []
    flows = unrolled.get("flow") or []
    logs = [_log(f) for row in flows for f in row]
    logs = [v for v in logs if math.isfinite(v)] or [0.0]
    lo, hi = min(logs), max(logs)

    def thickness(lf: float) -> float:
        """1 (the weakest gradient passed back in this example) to 9 (the strongest), log scale."""
        return 1.0 + 8.0 * (lf - lo) / (hi - lo) if math.isfinite(lf) and hi > lo else 1.0
    labelled_ya = False
    for t in steps:
        x0 = x_of[t]
        xm = x0 + box_w / 2
        s = t + 1
        token = unrolled["tokens"][t]
        # input x<t> and its arrow into the first layer's rows
        add("box", x=x0, x2=x0 + box_w, y=y_in, y2=y_in + IN_H, value=float("nan"))
        add("text", x=xm, y=y_in + IN_H / 2, text=shown(token))
        add("tag", x=xm + 5, y=y_in + IN_H + 9, text=f"x<{s}>")
        for layer, band_y in band_top.items():  # the input arrow into each layer's band (both ways)
            below = y_in if layer == 0 else band_top[layer - 1]  # reads the layer beneath
            matrix = f"W_ax [{layer + 1}{'→←' if bidirectional else '→'}]"
            add("edge", x=xm, y=below, x2=xm, y2=band_bottom[layer], matrix=matrix, width=1.5)
            if t == start:  # the course's figure names each matrix once
                add("wlabel_v", x=xm - 4, y=(below + band_bottom[layer]) / 2, text="W_ax")
            add("head", x=xm, y=band_bottom[layer] + 4, angle=0, matrix=matrix)
            if bidirectional:
                add("band", x=x0 - 4, x2=x0 + box_w + 4, y=band_y - 4, y2=band_bottom[layer] + 4)
        for L in layers:
            i = order[id(L)]
            top = top_of[id(L)]
            tag = f"{L['layer'] + 1}{'→' if L['direction'] == 'forward' else '←'}"
            upper = top < band_bottom[L["layer"]] - hh   # the band's top row, another under it
            g = grads[i][t] if backward and grads else None
            add("box", x=x0, x2=x0 + box_w, y=top, y2=top + hh, value=float("nan"), grad=_log(g))
            _node(add, unrolled, L, t, x0, top, gates)
            if top == band_top[L["layer"]]:
                add("tag", x=xm + 5, y=top - 8, text=f"a<{s}>")
            if g is not None:   # under the node (in the band's narrow gap for its top row)
                add("gradtag", x=xm + 5, y=top + hh + (7 if upper else 10),
                    text="0" if g == 0 else f"{g:.0e}")
            tip = ", ".join(_fmt(v) for v in L["hidden"][t][:8]) + (" …" if H > 8 else "")
            if L.get("cell_state") is not None:
                tip += "; c = [" + ", ".join(_fmt(v) for v in L["cell_state"][t][:8]) + "]"
            add("hover", x=x0, x2=x0 + box_w, y=top, y2=top + hh,
                title=tr("network.node", s=s, layer=L["layer"] + 1,
                         direction=tr(f"network.direction.{L['direction']}")),
                values=f"[{tip}]", equation=equation(unrolled, L, t),
                gates=_gate_tip(unrolled, L, t) if L.get("gates") else "",
                text=f"{g:.4g}" if g is not None else "")
            # recurrent arrow from the previous step (W_aa), right to left for a backward row
            prev_t = t - 1 if L["direction"] == "forward" else t + 1
            if prev_t in x_of:
                f = flows[i][t] if backward and flows else None
                lf = _log(f)
                xa = x_of[prev_t] + box_w if L["direction"] == "forward" else x_of[prev_t]
                xb = x0 if L["direction"] == "forward" else x0 + box_w
                add("edge", x=xa, y=top + hh / 2, x2=xb, y2=top + hh / 2, matrix=f"W_aa [{tag}]",
                    width=thickness(lf) if f is not None else 1.5, grad=lf,
                    text=f"{f:.3g}" if f is not None else "")
                add("head", x=xb + (-4 if L["direction"] == "forward" else 4), y=top + hh / 2,
                    angle=90 if L["direction"] == "forward" else 270, matrix=f"W_aa [{tag}]")
                if t == (start + 1 if L["direction"] == "forward" else start):
                    add("wlabel_h", x=(xa + xb) / 2, y=top + hh / 2 + 10, text="W_aa")
        # output ŷ<t>, read from the top layer (both directions, concatenated)
        o = unrolled["outputs"][t]
        top_row = top_of[id(layers[0])]
        if outputs_at == "all" or o.get("scored"):
            add("edge", x=xm, y=top_row, x2=xm, y2=OUT_H, matrix="W_ya", width=1.5)
            add("head", x=xm, y=OUT_H + 4, angle=0, matrix="W_ya")
            if not labelled_ya:
                add("wlabel_v", x=xm - 4, y=(top_row + OUT_H) / 2 + 4, text="W_ya")
                labelled_ya = True
            pad = max(0.0, (68 - box_w) / 2)   # room for "→x loss 0.00" above a narrow node
            add("box", x=x0 - pad, x2=x0 + box_w + pad, y=2, y2=OUT_H, value=float("nan"))
            for k, guess in enumerate(o["top"][:3]):
                tok = shown(guess["token"])
                mark = " ✓" if o.get("target") == guess["token"] else ""
                add("text", x=xm, y=13 + 15 * k, text=f"{tok} {guess['p']:.2f}{mark}")
            if o.get("scored"):
                target = shown(o["target"])
                add("small", x=xm, y=13 + 15 * 3, text=tr("network.loss_tag", target=target,
                                                               loss=o["loss"]))
            add("tag", x=xm + 5, y=OUT_H + 11, text=f"ŷ<{s}>")
            add("hover_out", x=x0, x2=x0 + box_w, y=2, y2=OUT_H, title=f"ŷ<{s}>",
                values=", ".join(f"{g['token']!r} {g['p']:.3f}" for g in o["top"]),
                equation=tr("network.out_loss", target=o["target"], p=o["p_target"],
                            loss=o["loss"]) if o.get("scored") else tr("network.not_scored"))
    scored_at = [o["t"] for o in unrolled["outputs"] if o.get("scored")]
    if outputs_at == "scored" and scored_at and not any(t - 1 in x_of for t in scored_at):
        after = [t for t in scored_at if t - 1 >= start]
        note = (tr("network.scored_after", n=after[0]) if after
                else tr("network.scored_before", n=scored_at[-1]))
        add("note", x=LEFT + 8, y=OUT_H / 2, text=note)
    if T > len(x_of):
        _overview(add, unrolled, start, len(x_of), y_in + IN_H + 22,
                  LEFT + len(x_of) * step_w - MARGIN / 2, grads, backward)
    cut = unrolled.get("truncate") or 0
    if cut:
        for t in steps:
            if t and t % cut == 0 and t - 1 in x_of:
                add("cut", x=x_of[t] - MARGIN / 2, y=OUT_H + GAP - 10, y2=y_in - 4,
                    text=tr("network.cut", k=cut))
    return pd.DataFrame(out).reindex(columns=COLUMNS)
