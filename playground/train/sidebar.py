"""Sidebar of the Train page (and, with prefix `cmp`, of Compare), drawn from the field table,
and how the Train page's run follows it (also for Gates and Embeddings, which show that run).

`sidebar()` returns a `Choice` or raises SettingError with the message of the first invalid setting.
"""
from __future__ import annotations

import streamlit as st

from engine.config import ModelConfig, TrainConfig
from engine.fields import SettingError
from engine.tasks import TASKS, make_task, task_config
from engine.tasks.lm import MAX_TEXT_CHARS
from playground.fields import YOUR_TEXT
from playground.i18n import field_help, t
from playground.kit.fold import more, sidebar_settings
from playground.kit.lockstep import describe_change
from playground.kit.shell import change_words, from_sidebar, settle
from playground.kit.upload import file_or_pasted, in_use
from playground.kit.urlstate import FIELDS, drawing_widgets, widget
from playground.train.run import BOTH_WAYS, KEY, Choice, LiveRun


def task_controls(task: str, p: str = "train") -> dict:
    """The chosen task's own settings (widget keys start with `p`)."""
    if task == "copy":
        return {"lag": widget(f"{p}_lag"), "symbols": widget(f"{p}_symbols")}
    if task == "agreement":
        return {"clause": widget(f"{p}_clause")}
    if task == "sentiment":
        return {"language": widget(f"{p}_language")}
    if task == "tagging":
        return {"language": widget(f"{p}_language"), "gap": widget(f"{p}_gap")}
    if task == "names":
        return {"language": widget(f"{p}_names_language"), "names": widget(f"{p}_names"),
                "length": widget(f"{p}_length")}
    if task == "charlm":
        corpus = widget(f"{p}_corpus")
        params = {"length": widget(f"{p}_length")}
        if corpus == YOUR_TEXT:
            params["text"] = your_text(p)
        else:
            params["corpus"] = corpus
        return params
    return {}


def your_text(p: str) -> str:
    """An uploaded file (its first MAX_TEXT_CHARS characters) or else the pasted text."""
    text = file_or_pasted(f"{p}_text_file", MAX_TEXT_CHARS, lambda disabled: widget(
        f"{p}_text", height=120, disabled=disabled,
        placeholder=t("train.paste_placeholder")))
    if not text.strip():
        raise SettingError(t("train.paste_some"))
    return text


def uploaded_files(p: str = "train") -> list[str]:
    """The uploaded file the run trains on, if any (a link cannot carry it)."""
    state = st.session_state
    if state.get(f"{p}_task") == "charlm" and state.get(f"{p}_corpus") == YOUR_TEXT:
        return in_use(f"{p}_text_file")
    return []


# every setting the Train page's sidebar draws (its fold opens by itself when one is changed)
SETTINGS = tuple(f"train_{k}" for k in (
    "task", "lag", "symbols", "clause", "corpus", "language", "gap", "names_language", "names",
    "length", "text", "cell", "activation", "hidden", "layers", "bidirectional", "embedding",
    "forget_bias", "init", "clip_on", "clip", "optimizer", "lr", "batch", "tbptt", "seed"))
SETTINGS_FOLD = "train_settings_open"


def sidebar() -> Choice:
    """Draw the Train page's settings; -> the Choice, or raise SettingError with the message."""
    return _settings("train", lambda: [widget("train_cell")])[0]


def folded_sidebar() -> Choice | None:
    """The Train page's settings in their sidebar fold (closed for a new visitor, open once a
    setting differs from its default); -> the Choice, or None after showing the problem."""
    return sidebar_settings(t("train.settings"), SETTINGS_FOLD,
                            lambda: from_sidebar(sidebar), SETTINGS)


def compare_sidebar() -> tuple[Choice, list[str]]:
    """The Compare page's settings: the same, but several cells at once (model.cell = first);
    with 'one way and both ways', each cell twice (variants `lstm` and `lstm_bi`)."""
    def cells():
        picked = widget("cmp_cells")
        if not picked:
            raise SettingError(t("train.pick_a_cell"))
        if widget("cmp_directions"):
            if TASKS[st.session_state.get("cmp_task")][1].causal:
                raise SettingError(t("train.no_both_ways_for_lm"))
            return [v for cell in picked for v in (cell, cell + BOTH_WAYS)]
        return picked
    return _settings("cmp", cells)


def _settings(p: str, cell_widget) -> tuple[Choice, list[str]]:
    task = widget(f"{p}_task")
    params = task_controls(task, p)
    shown = drawing_widgets()
    if shown:
        st.subheader(t("train.model"))
    cells = cell_widget()
    lm = TASKS[task][1].causal
    both = any(c.endswith(BOTH_WAYS) for c in cells)
    model = {"cell": cells[0], "hidden": widget(f"{p}_hidden"), "layers": widget(f"{p}_layers")}
    with more_of(p, "model", ["activation", "embedding", "forget_bias", "init"] +
              ([] if lm or both else ["bidirectional"])):
        model.update(activation=widget(f"{p}_activation", disabled="rnn" not in cells),
                     bidirectional=False if lm or both else widget(f"{p}_bidirectional"),
                     embedding=widget(f"{p}_embedding"),
                     forget_bias=widget(f"{p}_forget_bias", disabled="lstm" not in cells),
                     init=widget(f"{p}_init"))
        if drawing_widgets() and lm:
            st.caption(t("train.bi_off_for_lm"))
        elif drawing_widgets() and both:
            st.caption(t("train.bi_per_model"))
    if shown:
        st.subheader(t("train.training"))
    train = {"optimizer": widget(f"{p}_optimizer"),
             "lr": widget(f"{p}_lr", help=field_help(FIELDS[f"{p}_lr"]) + " " +
                          t("train.applies_live"))}
    with more_of(p, "training", ["clip_on", "clip", "batch", "tbptt", "seed"]):
        clip_on = widget(f"{p}_clip_on")
        clip = widget(f"{p}_clip", disabled=not clip_on)
        train.update(clip=clip if clip_on else 0.0, batch=widget(f"{p}_batch"),
                     tbptt=widget(f"{p}_tbptt"), seed=widget(f"{p}_seed"))
    if p == "cmp" and model["init"] == "identity":
        model["cell"] = "rnn"  # validated as the RNN's; compare_run applies it to the RNN only
    return (Choice(task, task_config(task, **params), ModelConfig(**model), TrainConfig(**train)),
            cells)


def more_of(p: str, group: str, settings: list[str]):
    """The less-used settings of a group (train.more.<group>), folded (kit.fold.more)."""
    return more(t(f"train.more.{group}"), f"{p}_more_{group}_open", [f"{p}_{k}" for k in settings])


def settle_run(choice: Choice) -> LiveRun | None:
    """Start, reset or retune the session's Train run to match the sidebar; never loses it on error."""
    return settle(KEY, choice, start_run,
                  same=lambda run, c: c.arch_key == run.choice.arch_key,
                  notice=lambda run, c: t("train.reset_because",
                                          what=describe_change(run.choice, c,
                                                               **change_words("train"))),
                  notice_key="train_notice")


BIG_TEXT = 50_000  # characters of your own text from which starting a run shows its steps


def start_run(choice: Choice) -> LiveRun:
    """A new run for `choice`; on a large text of your own, each step of the preparation
    (vocabulary, held-out split, n-gram reference) is shown as it happens."""
    text = getattr(choice.task_config, "text", "")
    if len(text) < BIG_TEXT:
        return LiveRun.start(choice, make_task(choice.task, choice.task_config))
    with st.status(t("train.preparing", chars=len(text)), expanded=True) as box:
        box.write(t("train.preparing_vocab"))
        task = make_task(choice.task, choice.task_config)
        box.write(t("train.preparing_split", vocab=len(task.vocab), train=len(task.train_ids),
                    heldout=len(task.heldout_ids)))
        run = LiveRun.start(choice, task)
        box.write(t("train.preparing_ngram"))
        run.ngram_reference(st.session_state.get("train_ngram_k", 0.1))
        box.update(label=t("train.ready", chars=len(text), vocab=len(task.vocab)),
                   state="complete", expanded=False)
    return run


def run_from_sidebar() -> LiveRun | None:
    """For pages that show the Train page's run: its settings in a folded sidebar group (the
    same widgets and link fields), so a link to such a page rebuilds the same model. Closed, the
    settings are read without being drawn (a problem with them still shows in the sidebar)."""
    choice = sidebar_settings(t("train.shared_settings"), "train_shared_open",
                              lambda: from_sidebar(sidebar))
    if choice is not None:
        settle_run(choice)
    return st.session_state.get(KEY)
