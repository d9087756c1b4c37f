"""Save and load on the Train page: metrics as CSV, the model as a checkpoint, and uploading one.

An upload is read with torch.load(weights_only=True) by engine.checkpoint, which checks its
format, settings and weight shapes; then its settings must also fit this page's sliders, so that
the loaded run is exactly what the sidebar shows.
"""
from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from engine.checkpoint import checkpoint_bytes, load_checkpoint
from engine.fields import SettingError
from engine.uploads import MAX_UPLOAD_MB
from playground.fields import YOUR_TEXT
from playground.kit.upload import keep_text
from playground.kit.urlstate import FIELDS, format_value, parse_value
from playground.literal import literal
from playground.train.run import KEY, Choice, LiveRun


def history_csv(run: LiveRun) -> bytes:
    with run.lock:
        rows = run.trainer.history.view()
    return pd.DataFrame(rows).to_csv(index=False).encode()


def widget_values(choice: Choice, name: str = "the checkpoint") -> dict:
    """The Train sidebar's widget values that show `choice` (SettingError if one cannot). A
    text longer than the paste box takes is shown as an uploaded file, `name`'s text."""
    values = {"train_task": choice.task}
    task_values = dataclasses.asdict(choice.task_config)
    kept = {}
    if choice.task == "charlm":
        text = task_values.pop("text")
        values["train_corpus"] = YOUR_TEXT if text else task_values.pop("corpus")
        task_values.pop("corpus", None)
        if len(text) > FIELDS["train_text"].max_chars:
            kept = keep_text("train_text_file", f"the text saved in {name}", text)
        elif text:
            values["train_text"] = text
    values.update({f"train_{k}": v for k, v in task_values.items()})
    values.update({f"train_{k}": v for k, v in dataclasses.asdict(choice.model).items()})
    train = dataclasses.asdict(choice.train)
    values["train_clip_on"] = train["clip"] > 0
    if train.pop("clip") > 0:
        values["train_clip"] = choice.train.clip
    values.update({f"train_{k}": v for k, v in train.items()})
    for key, value in values.items():
        f = FIELDS[key]
        got, notice = parse_value(f, format_value(f, value))
        if notice or got != value:
            raise SettingError(f"This checkpoint's {key.removeprefix('train_')} = {str(value)[:60]!r} is outside "
                               "what this page offers, so the page could not show it. Load it with "
                               "`python -m engine gates --checkpoint ...` instead.")
    return values | kept


def load_upload(data: bytes, name: str) -> LiveRun:
    """A paused run holding the uploaded weights; its settings go into the sidebar's widgets."""
    task, model, model_config, train_config, step = load_checkpoint(data, name)
    choice = Choice(task.name, task.config, model_config, train_config)
    values = widget_values(choice, name)
    run = LiveRun.start(choice, task)
    run.trainer.model.load_state_dict(model.state_dict())
    run.trainer.state.step = step
    st.session_state["_train_pending_values"] = values  # applied before the widgets are drawn
    return run


def apply_pending_values() -> None:
    """At the top of the Train page: show a loaded checkpoint's settings in the sidebar."""
    for key, value in st.session_state.pop("_train_pending_values", {}).items():
        st.session_state[key] = value


def export_panel(run: LiveRun) -> None:
    with st.expander("Save, share and load", icon=":material/save:"):
        c1, c2 = st.columns(2)
        c1.download_button("Metrics history (CSV)", lambda: history_csv(run),
                           file_name=f"rnn-playground-{run.choice.task}-metrics.csv", mime="text/csv",
                           icon=":material/table:", key="train_csv",
                           help="Every recorded step: loss, accuracy, gradient norm, perplexity.")

        def weights():
            with run.lock:
                return checkpoint_bytes(run.trainer)
        c2.download_button("Model checkpoint (.pt)", weights,
                           file_name=f"rnn-playground-{run.choice.task}-step{run.trainer.state.step}.pt",
                           mime="application/octet-stream", icon=":material/download:",
                           key="train_ckpt",
                           help="Weights and settings; `python -m engine gates --checkpoint FILE` "
                                "reads it too. Contains no optimizer state.")
        st.caption("Each chart's ⋯ menu saves it as PNG or SVG. The Copy link button in the "
                   "sidebar shares these settings and seed.")
        upload = st.file_uploader("Load a checkpoint", type=["pt"], key="train_upload",
                                  max_upload_size=MAX_UPLOAD_MB,
                                  help="A file saved here or by `python -m engine train --save`. "
                                       "Only weights and settings are read, never code.")
        st.caption(f"Files of at most {MAX_UPLOAD_MB} MB (a checkpoint here is a few hundred kB); "
                   "the browser refuses a larger one before it is sent.")
        if upload is not None and st.session_state.get("_train_uploaded") != upload.file_id:
            st.session_state["_train_uploaded"] = upload.file_id
            st.session_state.pop("train_upload_error", None)
            try:
                st.session_state[KEY] = load_upload(upload.getvalue(), upload.name)
            except SettingError as exc:
                st.session_state["train_upload_error"] = str(exc)
            else:
                st.session_state["train_notice"] = (f"Loaded {literal(upload.name)}: the model at step "
                                                    f"{st.session_state[KEY].trainer.state.step:,}. "
                                                    "Press Play to train on from there.")
            st.rerun()
        error = st.session_state.get("train_upload_error")
        if error and upload is not None:
            st.error(literal(error))
