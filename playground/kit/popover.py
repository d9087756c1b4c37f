"""Popovers whose content is sent to the browser only while they are open.

A closed `st.popover` still sends everything inside it, and a new visitor's browser loads and
builds it all before the page's first chart: the Copy link popover's code block alone (the code
highlighter the browser loads for it, open or not) made a new session's first chart about 0.4 s
later on a synthetic page. Like `kit.fold.folded` for expanders, `popped()` reruns the page when
the popover opens or closes and hands back its container only while it is open.
"""
from __future__ import annotations

import streamlit as st


def popped(label: str, key: str, *, where=None, **style):
    """A popover under `key` (its open state is kept for the session); -> its container while it
    is open, else None. `where`: the container to draw it in (default: the page's current one);
    `style`: st.popover's other arguments (icon, width, help, ...)."""
    box = (where or st).popover(label, key=key, on_change="rerun", **style)
    return box if box.open else None
