"""Folded groups whose content is sent to the browser only while they are open.

A collapsed `st.expander` still sends everything inside it, and the browser builds it all (a
new visitor's browser spends most of its first seconds building elements, about as much for one
that sits in a closed expander as for one on show). `folded()` draws an expander that reruns the
page when it is opened or closed and hands back its container only while it is open: a closed
one costs the browser one row. Widgets drawn in it keep their values while it is closed (their
state is kept for the session: `urlstate.widget`), and `urlstate.unseen()` reads them without
drawing them.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import nullcontext

import streamlit as st

from playground.kit.urlstate import FIELDS, drawing_widgets, unseen


def folded(label: str, key: str, *, expanded: bool = False, icon: str | None = None,
           where=None, help_open: Iterable[str] = ()):
    """An expander under `key` (its open state is kept for the session); -> its container while
    it is open, else None. It opens by itself, once, while one of the settings `help_open` (field
    keys) differs from its default, so a link or a course example that changes one shows it."""
    where = where or st
    show_when_changed(key, True, help_open)
    box = where.expander(label, expanded=expanded, key=key, icon=icon, on_change="rerun")
    return box if box.open else None


def more(label: str, key: str, settings: Iterable[str], where=None):
    """A context for the less-used `settings` (field keys) of a sidebar group: the open fold
    `key` to draw them in, or, closed, `unseen()` to read them without drawing them (and
    nothing new inside a group that is itself read unseen)."""
    if not drawing_widgets():
        return nullcontext()
    box = folded(label, key, where=where, help_open=settings)
    return box if box is not None else unseen()


def sidebar_settings(label: str, key: str, draw: Callable[[], object],
                     settings: Iterable[str] = ()):
    """A page's sidebar settings in one fold `key` (closed for a new visitor): open, `draw()`
    runs inside it; closed, it runs under `unseen()`, so its values (kept for the session, or
    the defaults) are read without drawing a widget, and a problem with them still shows in
    the sidebar. It opens by itself, once, when one of `settings` (field keys) differs from its
    default (a link, a course example, a lesson step). -> what `draw()` returns.
    Why: a new visitor's browser builds every element it is sent before it draws the page's
    first chart, and a dozen sidebar widgets cost about 0.3 s of that (README, "First paint")."""
    box = folded(label, key, where=st.sidebar, help_open=settings)
    if box is not None:
        with box:
            return draw()
    with st.sidebar, unseen():
        return draw()


def open_once(key: str, reason) -> None:
    """Open the fold `key` once for `reason` (e.g. the lesson step that needs what is in it); a
    learner who then closes it keeps it closed. Call before the fold is drawn."""
    seen = st.session_state.setdefault("_fold_opened", set())
    mark = (key, repr(reason))
    if mark not in seen:
        st.session_state[key] = True
        seen.add(mark)


def show_when_changed(key: str, value, settings: Iterable[str]) -> None:
    """Set the state of the widget `key` (a fold, a tab bar) to `value`, once, when one of
    `settings` comes to differ from its default (a link, a course example); a learner who then
    closes it keeps it closed. Call before the widget is drawn."""
    state = st.session_state
    defaults = state.get("_url_defaults", {})
    changed = any(k in state and state[k] != defaults.get(k, FIELDS[k].default) for k in settings)
    seen = state.setdefault("_fold_opened", set())
    mark = (key, repr(value))
    if changed and mark not in seen:
        state[key] = value
        seen.add(mark)
    elif not changed:
        seen.discard(mark)
