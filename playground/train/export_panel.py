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
from playground.i18n import say, t
from playground.kit.fold import folded
from playground.kit.upload import keep_text
from playground.kit.urlstate import FIELDS, format_value, parse_value
from playground.literal import literal
from playground.train.run import KEY, Choice, LiveRun


def history_csv(run: LiveRun) -> bytes:
    with run.lock:
        rows = run.trainer.history.view()
    return pd.DataFrame(rows).to_csv(index=False).encode()


def widget_values(choice: Choice, name: str = "the checkpoint", p: str = "train") -> dict:
    """The sidebar's widget values (keys `{p}_…`: the Train page's, or Compare's with `cmp`)
    that show `choice` (SettingError if one cannot). A text longer than the paste box takes is
    shown as an uploaded file, `name`'s text."""
    values = {f"{p}_task": choice.task}
    task_values = dataclasses.asdict(choice.task_config)
    kept = {}
    if choice.task == "charlm":
        text = task_values.pop("text")
        values[f"{p}_corpus"] = YOUR_TEXT if text else task_values.pop("corpus")
        task_values.pop("corpus", None)
        if len(text) > FIELDS[f"{p}_text"].max_chars:
            kept = keep_text(f"{p}_text_file", t("export.saved_text", name=name), text)
        elif text:
            values[f"{p}_text"] = text
    values.update({f"{p}_{k}": v for k, v in task_values.items()})
    values.update({f"{p}_{k}": v for k, v in dataclasses.asdict(choice.model).items()})
    train = dataclasses.asdict(choice.train)
    values[f"{p}_clip_on"] = train["clip"] > 0
    if train.pop("clip") > 0:
        values[f"{p}_clip"] = choice.train.clip
    values.update({f"{p}_{k}": v for k, v in train.items()})
    for key, value in values.items():
        f = FIELDS.get(key)
        if f is None:      # a model setting this page does not show (Compare's cell)
            continue
        got, notice = parse_value(f, format_value(f, value))
        if notice or got != value:
            raise SettingError(t("export.outside", setting=key.removeprefix(f"{p}_"),
                                 value=repr(str(value)[:60])))
    return {k: v for k, v in values.items() if k in FIELDS} | kept


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


def adopt(run: LiveRun) -> None:
    """A forked run's settings into the sidebar, before its widgets are drawn (as a loaded
    checkpoint's)."""
    st.session_state["_train_pending_values"] = widget_values(run.choice, t("rooms.the_room"))


def apply_pending_values() -> None:
    """At the top of the Train page: show a loaded checkpoint's settings in the sidebar."""
    for key, value in st.session_state.pop("_train_pending_values", {}).items():
        st.session_state[key] = value


def export_panel(run: LiveRun) -> None:
    box = folded(t("export.title"), "train_export_open", icon=":material/save:")
    if box is None:
        return
    with box:
        c1, c2 = st.columns(2)
        c1.download_button(t("export.csv"), lambda: history_csv(run),
                           file_name=f"rnn-playground-{run.choice.task}-metrics.csv", mime="text/csv",
                           icon=":material/table:", key="train_csv", help=t("export.csv_help"))

        def weights():
            with run.lock:
                return checkpoint_bytes(run.trainer)
        c2.download_button(t("export.checkpoint"), weights,
                           file_name=f"rnn-playground-{run.choice.task}-step{run.trainer.state.step}.pt",
                           mime="application/octet-stream", icon=":material/download:",
                           key="train_ckpt",
                           help=t("export.checkpoint_help"))
        st.caption(t("export.caption"))
        upload = st.file_uploader(t("export.load"), type=["pt"], key="train_upload",
                                  max_upload_size=MAX_UPLOAD_MB, help=t("export.load_help"))
        st.caption(t("export.limit", mb=MAX_UPLOAD_MB))
        if upload is not None and st.session_state.get("_train_uploaded") != upload.file_id:
            st.session_state["_train_uploaded"] = upload.file_id
            st.session_state.pop("train_upload_error", None)
            try:
                st.session_state[KEY] = load_upload(upload.getvalue(), upload.name)
            except SettingError as exc:
                st.session_state["train_upload_error"] = say(exc)
            else:
                st.session_state["train_notice"] = t(
                    "export.loaded", name=literal(upload.name),
                    step=st.session_state[KEY].trainer.state.step)
            st.rerun()
        error = st.session_state.get("train_upload_error")
        if error and upload is not None:
            st.error(literal(error))
