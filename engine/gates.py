"""Probes for the Gates view: traced gates as plain lists, gate saturation, interesting units.

`gate_traces` and `saturation` read the per-step cells of `engine.trace`; `rank_units` correlates
every hidden (and LSTM cell-state) unit with simple features of the input text, as in
Karpathy, Johnson & Fei-Fei (2015), "Visualizing and Understanding Recurrent Networks".
"""
from __future__ import annotations

import string

import numpy as np
import torch

from engine.fields import SettingError
from engine.model import SequenceModel
from engine.tasks import Task
from engine.trace import trace

MAX_PROBE_TOKENS = 2000
SIGMOID_GATES = {"rnn": (), "gru": ("r", "z"), "lstm": ("i", "f", "o")}
OPENERS, CLOSERS = {"(": ")", "[": "]", "\u201c": "\u201d"}, {")", "]", "\u201d"}
EPS = 1e-8  # a unit or feature whose std is below this is constant: never correlated


def _as_ids(ids) -> torch.Tensor:
    ids = torch.as_tensor(ids, dtype=torch.long)
    return ids.unsqueeze(0) if ids.dim() == 1 else ids


def encode_probe(task: Task, text: str) -> torch.Tensor:
    """User text -> ids (1, T). Character vocabularies read `text` char by char, word
    vocabularies (agreement) split it on spaces. SettingError names unknown tokens."""
    if not text:
        raise SettingError("The probe text is empty. Type a few characters the model knows.")
    char_vocab = all(len(t) == 1 for t in task.vocab.tokens)
    tokens = text if char_vocab else text.split()
    if not tokens:
        raise SettingError("The probe text has no words. Type a few words the model knows.")
    if len(tokens) > MAX_PROBE_TOKENS:
        raise SettingError(f"The probe text has {len(tokens):,} tokens; the limit is "
                           f"{MAX_PROBE_TOKENS:,}. Use a shorter excerpt.")
    return torch.from_numpy(task.vocab.encode(tokens)).unsqueeze(0)


def gate_traces(model: SequenceModel, ids: torch.Tensor) -> dict:
    """ids (1, T) or (T,) -> {"cell", "layers": [{"layer", "direction", "hidden": T x H,
    "cell_state": T x H (LSTM only), "gates": {name: T x H}}]} as nested lists of floats,
    time in reading order for both directions."""
    ids = _as_ids(ids)
    if ids.shape[0] != 1:
        raise ValueError(f"gate_traces draws one sequence; got a batch of {ids.shape[0]}")
    with torch.no_grad():
        tr = trace(model, ids)
    layers = []
    for lt in tr.layers:
        row = {"layer": lt.layer, "direction": lt.direction, "hidden": lt.hidden[0].tolist()}
        if lt.cell_state is not None:
            row["cell_state"] = lt.cell_state[0].tolist()
        row["gates"] = {name: g[0].tolist() for name, g in lt.gates.items()}
        layers.append(row)
    return {"cell": tr.cell, "layers": layers}


def saturation(model: SequenceModel, ids: torch.Tensor, lo: float = 0.1, hi: float = 0.9) -> dict:
    """ids (B, T) -> {"layers": [{"layer", "direction", "gates": {name: {"left": H floats,
    "right": H floats}}}]}: per unit, the fraction of the B*T (sequence, step) pairs where the
    sigmoid gate (LSTM i, f, o; GRU r, z) is < lo (left) or > hi (right)."""
    if not 0.0 <= lo < hi <= 1.0:
        raise SettingError(f"Saturation thresholds need 0 <= lo < hi <= 1; got lo={lo}, hi={hi}.")
    with torch.no_grad():
        tr = trace(model, _as_ids(ids))
    layers = []
    for lt in tr.layers:
        gates = {}
        for name in SIGMOID_GATES[tr.cell]:
            g = lt.gates[name]  # (B, T, H)
            gates[name] = {"left": (g < lo).float().mean(dim=(0, 1)).tolist(),
                           "right": (g > hi).float().mean(dim=(0, 1)).tolist()}
        layers.append({"layer": lt.layer, "direction": lt.direction, "gates": gates})
    return {"layers": layers}


# ---- features: token lists (B lists of T strings) -> (B, T) float array -------------------

def _per_token(test):
    return lambda token_lists: np.array([[float(test(t)) for t in seq] for seq in token_lists])


def position(token_lists) -> np.ndarray:
    """Steps since the first token: 0, 1, 2, ..."""
    return np.array([np.arange(len(seq), dtype=float) for seq in token_lists])


def inside_quotes_or_brackets(token_lists) -> np.ndarray:
    """1 from an opening '"', '(' or '[' up to (not including) its closing one, else 0:
    the state after reading each character, so a left-to-right unit can hold it."""
    out = np.zeros((len(token_lists), len(token_lists[0]) if token_lists else 0))
    for b, seq in enumerate(token_lists):
        quoted, depth = False, 0
        for t, tok in enumerate(seq):
            if tok == '"':
                quoted = not quoted
                out[b, t] = float(quoted)
                continue
            if tok in CLOSERS:
                depth = max(depth - 1, 0)
            out[b, t] = float(quoted or depth > 0)
            if tok in OPENERS:
                depth += 1
                out[b, t] = 1.0
    return out


def remembered(symbol: str):
    """Feature "remembered=symbol": 1 at every step of a sequence that starts with `symbol`."""
    def feature(token_lists) -> np.ndarray:
        return np.array([[float(bool(seq) and seq[0] == symbol)] * len(seq)
                         for seq in token_lists])
    return feature


FEATURES = {
    "position": position,
    "inside_quotes_or_brackets": inside_quotes_or_brackets,
    "is_digit": _per_token(str.isdigit),
    "is_space": _per_token(str.isspace),
    "is_punctuation": _per_token(lambda t: t in string.punctuation),
    "is_recall": _per_token(lambda t: t == "="),  # copy's '=' asks for the remembered symbol
    # the copy task's symbols are a, b, c, ...: one indicator per symbol
    **{f"remembered={s}": remembered(s) for s in string.ascii_lowercase},
}


def correlations(acts: np.ndarray, feats: np.ndarray) -> np.ndarray:
    """Pearson correlation of acts (N, U) with feats (N, K) -> (U, K); 0 where either side
    is constant (std < EPS), never NaN."""
    a, f = acts - acts.mean(0), feats - feats.mean(0)
    sa, sf = a.std(0), f.std(0)
    ok_a, ok_f = sa > EPS, sf > EPS
    a = np.where(ok_a, a / np.where(ok_a, sa, 1.0), 0.0)
    f = np.where(ok_f, f / np.where(ok_f, sf, 1.0), 0.0)
    return np.clip(a.T @ f / len(acts), -1.0, 1.0)


def rank_units(model: SequenceModel, ids: torch.Tensor, tokens, features=None,
               top: int = 10) -> list[dict]:
    """ids (B, T), tokens: B lists of T strings (the decoded ids). For every hidden unit (and
    LSTM cell-state unit) its best-correlated feature over all B*T (sequence, step) pairs ->
    the `top` units by |correlation|: [{"layer", "direction", "unit", "kind": "hidden"|"cell",
    "feature", "correlation"}]. Constant features and units are skipped."""
    ids, features = _as_ids(ids), FEATURES if features is None else features
    B, T = ids.shape  # batch, time
    if len(tokens) != B or any(len(seq) != T for seq in tokens):
        raise ValueError(f"tokens must be {B} lists of {T} tokens, matching ids")
    names, columns = [], []
    for name, fn in features.items():
        col = np.asarray(fn(tokens), dtype=float).reshape(B * T)
        if col.std() > EPS:
            names.append(name)
            columns.append(col)
    if not names:
        return []
    feats = np.stack(columns, axis=1)  # (N, K), N = B*T
    with torch.no_grad():
        tr = trace(model, ids)
    rows = []
    for lt in tr.layers:
        for kind, value in (("hidden", lt.hidden), ("cell", lt.cell_state)):
            if value is None:
                continue
            acts = value.reshape(B * T, -1).double().numpy()  # (N, H)
            corr = correlations(acts, feats)                  # (H, K)
            best = np.abs(corr).argmax(axis=1)
            for unit, k in enumerate(best):
                c = float(corr[unit, k])
                if c != 0.0:
                    rows.append({"layer": lt.layer, "direction": lt.direction, "unit": unit,
                                 "kind": kind, "feature": names[k], "correlation": c})
    rows.sort(key=lambda r: -abs(r["correlation"]))
    return rows[:top]
