"""A file box for text a run trains on (a corpus, pairs), checked by engine.uploads before use.

The checked file is kept in session state under `_<key>_file`, not only in the widget: a page
that draws the same settings elsewhere (the Gates page's "Model and training" expander) draws a
new, empty file box, and the run must not lose its data because of that. Removing the file in
its box (the x) forgets it; a refused file keeps the previous one, also when the browser
replaced it (which sends the removal first).
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable

import streamlit as st

from engine.fields import SettingError
from engine.uploads import (
    MAX_UPLOAD_MB,
    TEXT_TYPES,
    TextFile,
    cap,
    read_text_bytes,
    used_note,
)
from playground.i18n import say, t
from playground.kit.urlstate import drawing_widgets
from playground.literal import literal


def _stored(key: str) -> str:
    return f"_{key}_file"


def _changed(key: str, box: str) -> None:
    """on_change of the file box: the x removes the file, and the run forgets it (the same box
    stays: a browser replacing the file sends the removal, then the new file to this box)."""
    state = st.session_state
    if state.get(box) is None:  # kept aside until the next file is read: if that one is
        dropped = state.pop(_stored(key), None)  # refused, this one comes back
        if dropped is not None:
            state[f"_{key}_before"] = dropped
        state.pop(f"_{key}_seen", None)


def text_file(key: str, label: str, types: tuple[str, ...], help: str,
              where=None) -> TextFile | None:
    """Draw the file box; -> the file the run should use (just uploaded or kept), or None.
    Each upload is read once; a refused one shows why (on every rerun while it sits in the box)
    and the file kept before it, if any, stays in use."""
    where = where or st
    state = st.session_state
    if not drawing_widgets():   # in a closed fold: the file kept, if any
        return state.get(_stored(key))
    box = key + "_" * state.get(f"_{key}_gen", 0)  # a new box after `forget`: empty
    upload = where.file_uploader(label, type=list(types), key=box, help=help,
                                 max_upload_size=MAX_UPLOAD_MB, on_change=_changed, args=(key, box))
    seen = state.get(f"_{key}_seen")  # (file_id, error message or None) of the last upload read
    if upload is not None and (seen is None or seen[0] != upload.file_id):
        with where.status(t("upload.reading", name=literal(upload.name))) as status:
            try:
                file = read_text_bytes(upload.getvalue(), upload.name)
            except SettingError as exc:
                status.update(label=t("upload.refused", name=literal(upload.name)), state="error")
                seen = (upload.file_id, say(exc))
                if _stored(key) not in state and f"_{key}_before" in state:
                    state[_stored(key)] = state.pop(f"_{key}_before")
            else:
                status.update(label=t("upload.read", name=literal(file.name), chars=file.chars),
                              state="complete")
                state[_stored(key)] = file
                state.pop(f"_{key}_before", None)
                seen = (upload.file_id, None)
        state[f"_{key}_seen"] = seen
    if upload is not None and seen and seen[1]:
        kept = state.get(_stored(key))
        where.error(literal(seen[1]) + (" " + t("upload.still", name=literal(kept.name))
                                        if kept else ""),
                    icon=":material/block:")
    return state.get(_stored(key))


def file_or_pasted(key: str, max_chars: int | None, paste: Callable[[bool], str], where=None,
                   *, label: str | None = None, types: tuple[str, ...] = TEXT_TYPES,
                   what: str | None = None) -> str:
    """A file box over a paste box: an uploaded file's text (its first `max_chars` characters;
    None: all of it) while one is loaded, else what `paste(disabled)` returns (the paste box,
    drawn greyed out while a file is used)."""
    where = where or st
    used = t("upload.used_all") if max_chars is None else t("upload.used_first", chars=max_chars)
    file = text_file(key, label or t("upload.label"), types, where=where,
                     help=t("upload.help", what=what or t("upload.utf8"), mb=MAX_UPLOAD_MB,
                            types=", ".join("." + x for x in types), used=used))
    if file is not None and drawing_widgets():
        note = used_note(file, file.chars if max_chars is None else max_chars)
        where.caption(literal(note) + " " + t("upload.not_in_link"))
        where.button(t("upload.forget"), key=f"{key}_forget", on_click=forget,
                     args=(key,), icon=":material/close:")
    pasted = paste(file is not None)
    if file is None:
        return pasted
    return file.text if max_chars is None else cap(file.text, max_chars)


def keep_text(key: str, name: str, text: str) -> dict:
    """{session key: file} that makes `text` the kept file of `key` (for a loaded checkpoint
    whose text is longer than a paste box takes); set it before the page draws the box."""
    raw = text.encode("utf-8")
    return {_stored(key): TextFile(name, text, len(raw), hashlib.sha256(raw).hexdigest())}


def forget(key: str) -> None:
    """Drop the kept file and what was read of the box, and draw the box anew, empty (also a
    button's on_click)."""
    state = st.session_state
    if state.pop(_stored(key), None) is not None or f"_{key}_seen" in state:
        state[f"_{key}_gen"] = state.get(f"_{key}_gen", 0) + 1
    state.pop(f"_{key}_seen", None)
    state.pop(f"_{key}_before", None)


def in_use(key: str) -> list[str]:
    """[name] of the file kept for `key`, or []: for copy_link's note."""
    file = st.session_state.get(_stored(key))
    return [file.name] if file is not None else []
