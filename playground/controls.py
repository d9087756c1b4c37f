"""Sidebar widgets built from the engine's setting tables (help text, range, choices).

Returns a `Choice` or the message of the first invalid setting; the widgets never raise.
"""
from __future__ import annotations

import dataclasses

import streamlit as st

from engine.config import ModelConfig, TrainConfig
from engine.fields import SettingError
from engine.tasks import TASKS, task_config
from engine.tasks.lm import CORPORA
from playground.session import Choice

LEARNING_RATES = (1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
TASK_LABELS = {"hello": "hello: the course's 4-letter char LM",
               "charlm": "charlm: next-character prediction",
               "copy": "copy: remember a symbol over a lag",
               "agreement": "agreement: the cat(s) … was/were"}
YOUR_TEXT = "your text"


def setting_meta(cls, name):
    return next(f for f in dataclasses.fields(cls) if f.name == name).metadata


def number(cls, name: str, key: str, label: str, *, lo=None, hi=None, step=None, disabled=False):
    """A slider for an int/float setting, its range and help taken from the table."""
    m, default = setting_meta(cls, name), next(f.default for f in dataclasses.fields(cls) if f.name == name)
    lo = m["lo"] if lo is None else lo
    hi = m["hi"] if hi is None else hi
    return st.slider(label, min_value=type(default)(lo), max_value=type(default)(hi),
                     value=default, step=step, key=key, help=m["help"], disabled=disabled)


def choice(cls, name: str, key: str, label: str, labels: dict | None = None, disabled=False):
    m = setting_meta(cls, name)
    options = list(m["choices"])
    default = next(f.default for f in dataclasses.fields(cls) if f.name == name)
    return st.selectbox(label, options, index=options.index(default), key=key, help=m["help"],
                        format_func=(labels or {}).get if labels else str, disabled=disabled)


def task_controls(task: str, p: str = "train") -> dict:
    """The chosen task's own settings (widget keys start with `p`)."""
    if task == "copy":
        from engine.tasks.copy import CopyConfig as C
        return {"lag": number(C, "lag", f"{p}_lag", "Lag (distractor steps)"),
                "symbols": number(C, "symbols", f"{p}_symbols", "Symbols to remember")}
    if task == "agreement":
        from engine.tasks.agreement import AgreementConfig as C
        return {"clause": number(C, "clause", f"{p}_clause", "Clause phrases")}
    if task == "charlm":
        from engine.tasks.lm import CharLMConfig as C
        corpus = st.selectbox("Training text", list(CORPORA) + [YOUR_TEXT], key=f"{p}_corpus",
                              help="A shipped corpus (English or Korean, see assets/README.md) "
                                   "or text you paste.")
        params = {"length": number(C, "length", f"{p}_length", "Sequence length (BPTT)", hi=200)}
        if corpus == YOUR_TEXT:
            params["text"] = st.text_area("Your text", key=f"{p}_text", height=120,
                                          help=setting_meta(C, "text")["help"] + " Any language; "
                                          "the last 10% is held out.",
                                          placeholder="Paste at least a few hundred characters…")
            if not params["text"].strip():
                raise SettingError("Paste some text to train on (or pick a shipped corpus).")
        else:
            params["corpus"] = corpus
        return params
    return {}


CELL_LABELS = {"rnn": "vanilla RNN", "gru": "GRU", "lstm": "LSTM"}


def sidebar() -> Choice:
    """Draw the Train page's settings; -> the Choice, or raise SettingError with the message."""
    return _settings("train", lambda M: [choice(M, "cell", "train_cell", "Cell", CELL_LABELS)])[0]


def compare_sidebar() -> tuple[Choice, list[str]]:
    """The Compare page's settings: the same, but several cells at once (model.cell = first)."""
    def cells(M):
        picked = st.multiselect("Cells to compare", list(CELL_LABELS), default=list(CELL_LABELS),
                                key="cmp_cells", format_func=CELL_LABELS.get,
                                help="Each trains its own copy on the same data stream and seed.")
        if not picked:
            raise SettingError("Pick at least one cell to train.")
        return picked
    return _settings("cmp", cells)


def _settings(p: str, cell_widget) -> tuple[Choice, list[str]]:
    task = st.selectbox("Task", list(TASKS), key=f"{p}_task", format_func=TASK_LABELS.get,
                        help="What the model learns. `python -m engine tasks` lists them too.")
    params = task_controls(task, p)
    st.subheader("Model")
    M = ModelConfig
    cells = cell_widget(M)
    cell = cells[0]
    model = dict(cell=cell,
                 activation=choice(M, "activation", f"{p}_activation", "RNN activation",
                                   disabled="rnn" not in cells),
                 hidden=number(M, "hidden", f"{p}_hidden", "Hidden units", hi=128),
                 layers=number(M, "layers", f"{p}_layers", "Layers"),
                 bidirectional=st.toggle("Bidirectional", key=f"{p}_bidirectional",
                                         help=setting_meta(M, "bidirectional")["help"],
                                         disabled=task in ("hello", "charlm")),
                 embedding=number(M, "embedding", f"{p}_embedding", "Embedding size (0 = one-hot)",
                                  hi=64),
                 forget_bias=number(M, "forget_bias", f"{p}_forget_bias", "LSTM forget-gate bias",
                                    lo=-2.0, hi=5.0, step=0.5, disabled="lstm" not in cells),
                 init=choice(M, "init", f"{p}_init", "Initialisation"))
    if task in ("hello", "charlm"):
        model["bidirectional"] = False
    st.subheader("Training")
    T = TrainConfig
    clip_on = st.toggle("Clip gradient norm", key=f"{p}_clip_on",
                        help="Rescale the gradient when its norm exceeds the threshold "
                             "(Pascanu et al. 2013). Applies live.")
    clip = st.select_slider("Clip threshold", (0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 50.0),
                            value=1.0, key=f"{p}_clip", disabled=not clip_on,
                            help=setting_meta(T, "clip")["help"])
    train = dict(optimizer=choice(T, "optimizer", f"{p}_optimizer", "Optimizer"),
                 lr=st.select_slider("Learning rate", LEARNING_RATES, value=0.01, key=f"{p}_lr",
                                     help=setting_meta(T, "lr")["help"] + " Applies live.",
                                     format_func=lambda v: f"{v:g}"),
                 clip=clip if clip_on else 0.0,
                 batch=number(T, "batch", f"{p}_batch", "Batch size", hi=128),
                 tbptt=number(T, "tbptt", f"{p}_tbptt", "Truncated BPTT window (0 = full)",
                              hi=100),
                 seed=st.number_input("Seed", 0, 2**31 - 1, 0, key=f"{p}_seed",
                                      help=setting_meta(T, "seed")["help"]))
    if p == "cmp" and model["init"] == "identity":
        model["cell"] = "rnn"  # validated as the RNN's; compare_run applies it to the RNN only
    return (Choice(task, task_config(task, **params), ModelConfig(**model), TrainConfig(**train)),
            cells)
