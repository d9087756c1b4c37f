"""Probes for the Gates view: traced gates as plain lists, gate saturation, interesting units.

`gate_traces` and `saturation` read the per-step cells of `engine.trace`; `rank_units` correlates
every hidden (and LSTM cell-state) unit with simple features of the input text (and, read as
Python source, its indentation, bracket depth, strings and comments: engine.text_features), as in
Karpathy, Johnson & Fei-Fei (2015), "Visualizing and Understanding Recurrent Networks".
"""
from __future__ import annotations

import string
from dataclasses import dataclass

import numpy as np
import torch

from engine.fields import SettingError
from engine.model import SequenceModel
from engine.tasks import Task
from engine.tasks.lm import HELDOUT_WINDOWS
from engine.text_features import PYTHON_FEATURES, python_feature
from engine.trace import trace

MAX_PROBE_TOKENS = 2000
PROBE_WARMUP = 256  # held-out characters read before each language-model probe window
SIGMOID_GATES = {"rnn": (), "gru": ("r", "z"), "lstm": ("i", "f", "o")}
OPENERS, CLOSERS = {"(": ")", "[": "]", "\u201c": "\u201d"}, {")", "]", "\u201d"}
EPS = 1e-8  # a unit or feature whose std is below this is constant: never correlated


def _as_ids(ids) -> torch.Tensor:
    ids = torch.as_tensor(ids, dtype=torch.long)
    return ids.unsqueeze(0) if ids.dim() == 1 else ids


def spaced(task: Task) -> bool:
    """Whether a probe of `task` is written as tokens between spaces (a vocabulary of words,
    or of characters with markers such as <s>) rather than character by character."""
    return not all(len(t) == 1 for t in task.vocab.tokens)


def encode_probe(task: Task, text: str) -> torch.Tensor:
    """User text -> ids (1, T). Character vocabularies read `text` char by char, others
    (agreement, tagging, sentiment, names' <s> ... </s>) split it on spaces. SettingError names unknown tokens."""
    if not text:
        raise SettingError.of("probe_empty")
    tokens = text.split() if spaced(task) else text
    if not tokens:
        raise SettingError.of("probe_no_words")
    if len(tokens) > MAX_PROBE_TOKENS:
        raise SettingError.of("probe_too_long", tokens=len(tokens), limit=MAX_PROBE_TOKENS)
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
        raise SettingError.of("saturation", lo=lo, hi=hi)
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
    # the text read as Python source: indentation, bracket depth, inside a string / a comment
    **{name: python_feature(name) for name in PYTHON_FEATURES},
    # the copy task's symbols are a, b, c, ...: one indicator per symbol
    **{f"remembered={s}": remembered(s) for s in string.ascii_lowercase},
}
# the features that mean something on text (not copy's '=' and remembered symbol)
TEXT_FEATURES = {k: f for k, f in FEATURES.items() if k != "is_recall" and "=" not in k}


def correlations(acts: np.ndarray, feats: np.ndarray) -> np.ndarray:
    """Pearson correlation of acts (N, U) with feats (N, K) -> (U, K); 0 where either side
    is constant (std < EPS), never NaN. A feature that is NaN (unknown) at some rows is
    correlated over the rows where it is known."""
    known = ~np.isnan(feats)
    if known.all():
        return _pearson(acts, feats)
    out = np.zeros((acts.shape[1], feats.shape[1]))
    for k in range(feats.shape[1]):
        rows = known[:, k]
        if rows.sum() > 1:
            out[:, k] = _pearson(acts[rows], feats[rows, k:k + 1])[:, 0]
    return out


def _pearson(acts: np.ndarray, feats: np.ndarray) -> np.ndarray:
    a, f = acts - acts.mean(0), feats - feats.mean(0)
    sa, sf = a.std(0), f.std(0)
    ok_a, ok_f = sa > EPS, sf > EPS
    a = np.where(ok_a, a / np.where(ok_a, sa, 1.0), 0.0)
    f = np.where(ok_f, f / np.where(ok_f, sf, 1.0), 0.0)
    return np.clip(a.T @ f / len(acts), -1.0, 1.0)


def text_probe(task: Task, warmup: int = PROBE_WARMUP) -> tuple[torch.Tensor, list, int]:
    """A language model's probe for rank_units: the held-out windows of task.heldout(), each
    read from the `warmup` held-out characters before it (the first window starts after them)
    -> (ids (B, warmup + L), token lists, warmup). Read from a zero state, every LSTM cell
    drifts for its first few dozen steps and then tracks "position" with |r| near 1; after the
    warm-up the states (and features such as indentation) are those of a long read."""
    L, ids = task.config.length, task.heldout_ids
    n = min(HELDOUT_WINDOWS, (len(ids) - 1 - warmup) // L)
    if n < 1:
        raise SettingError.of("heldout_short", chars=len(ids), length=L, warmup=warmup)
    starts = warmup + np.arange(n) * L
    window = ids[starts[:, None] + np.arange(-warmup, L)]  # (B, warmup + L)
    return torch.from_numpy(window), [task.vocab.decode(row) for row in window], warmup


@dataclass
class UnitCorrelations:
    """Pearson r of every unit with every feature: one (layer, direction, kind, (H, K) array)
    per traced state, and the K feature names that varied."""
    names: list[str]
    tables: list[tuple[int, str, str, np.ndarray]]

    def rank(self, by: str = "unit", top: int = 10) -> list[dict]:
        """by="unit": each unit with its best feature; by="feature": each feature with the
        unit (of any layer and kind) that follows it most, so a feature no unit tracks best
        still shows its best unit. -> the `top` rows by |correlation|: [{"layer", "direction",
        "unit", "kind": "hidden"|"cell", "feature", "correlation"}]."""
        if by not in ("unit", "feature"):
            raise ValueError(f"by must be 'unit' or 'feature'; got {by!r}")
        rows = []
        for layer, direction, kind, corr in self.tables:
            pairs = (enumerate(np.abs(corr).argmax(axis=1)) if by == "unit" else
                     ((u, k) for k, u in enumerate(np.abs(corr).argmax(axis=0))))
            for unit, k in pairs:
                c = float(corr[unit, k])
                if c != 0.0:
                    rows.append({"layer": layer, "direction": direction, "unit": int(unit),
                                 "kind": kind, "feature": self.names[k], "correlation": c})
        rows.sort(key=lambda r: -abs(r["correlation"]))
        if by == "feature":  # the best of each layer and kind, then the best of those
            rows = [r for i, r in enumerate(rows)
                    if all(q["feature"] != r["feature"] for q in rows[:i])]
        return rows[:top]


def unit_correlations(model: SequenceModel, ids: torch.Tensor, tokens, features=None,
                      skip: int = 0) -> UnitCorrelations:
    """ids (B, T), tokens: B lists of T strings (the decoded ids). Pearson r of every hidden
    (and LSTM cell-state) unit with every feature over the (sequence, step) pairs after the first
    `skip` steps of each sequence (read, not correlated: a warm-up) where the feature is known
    (not NaN). Constant features (and, as r = 0, constant units) are left out."""
    ids, features = _as_ids(ids), FEATURES if features is None else features
    B, T = ids.shape  # batch, time
    if len(tokens) != B or any(len(seq) != T for seq in tokens):
        raise ValueError(f"tokens must be {B} lists of {T} tokens, matching ids")
    if not 0 <= skip < T:
        raise ValueError(f"skip must be 0..{T - 1}; got {skip}")
    N = B * (T - skip)  # the (sequence, step) pairs correlated
    names, columns = [], []
    for name, fn in features.items():
        col = np.asarray(fn(tokens), dtype=float)[:, skip:].reshape(N)
        known = col[~np.isnan(col)]
        if known.size > 1 and known.std() > EPS:
            names.append(name)
            columns.append(col)
    if not names:
        return UnitCorrelations([], [])
    feats = np.stack(columns, axis=1)  # (N, K)
    with torch.no_grad():
        tr = trace(model, ids)
    tables = []
    for lt in tr.layers:
        for kind, value in (("hidden", lt.hidden), ("cell", lt.cell_state)):
            if value is not None:
                acts = value[:, skip:].reshape(N, -1).double().numpy()  # (N, H)
                tables.append((lt.layer, lt.direction, kind, correlations(acts, feats)))
    return UnitCorrelations(names, tables)


def rank_units(model: SequenceModel, ids: torch.Tensor, tokens, features=None,
               top: int = 10, skip: int = 0, by: str = "unit") -> list[dict]:
    """The `top` rows of unit_correlations(...).rank(by): by default every unit with its
    best-correlated feature, strongest first."""
    return unit_correlations(model, ids, tokens, features, skip).rank(by, top)
