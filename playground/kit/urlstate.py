"""Page settings in the URL, drawn from the field table (`playground.fields`).

`widget(key)` draws a field's widget from
its table row; `restore(page)` reads a link once per session into the widgets' state, clamping or
ignoring bad values with a notice; `publish(page)` writes the non-default values back into the URL
after each run, so the address bar is always a link to what is on screen (the seed included).
"""
from __future__ import annotations

import contextlib
import contextvars
import urllib.parse
from collections.abc import Callable, Collection, Sequence

import streamlit as st

from playground import i18n
from playground.fields import (
    FIELDS,
    LINK_TEXT_MAX,
    UrlField,
    format_value,
    page_fields,
    parse_value,
)
from playground.fields.core import short as _short
from playground.kit import room_ui
from playground.kit.popover import popped
from playground.literal import literal


def restore(page: str, params: dict[str, list[str]] | None = None) -> list[str]:
    """Once per session and page: put the link's values into the widgets' state.
    Returns the notices (also kept in session state for `show_notices`)."""
    done = st.session_state.setdefault("_url_restored", set())
    if page in done:
        return []
    done.add(page)
    if params is None:
        params = {k: st.query_params.get_all(k) for k in st.query_params}
    known = {f.key: f for f in page_fields(page)}
    notices = []
    for name, raw in params.items():
        if name in (i18n.KEY, room_ui.PARAM, room_ui.VIA):  # i18n.init_language, room_ui; `via`
            continue                                          # is nginx's (a room's replica)
        f = known.get(name)
        if f is None:
            notices.append(i18n.t("link.notice.unknown", name=_short(name)))
            continue
        value, notice = parse_value(f, raw if f.kind == "multiselect" else raw[-1],
                                    say=lambda key, **v: i18n.t(f"link.notice.{key}", **v))
        if notice:
            notices.append(notice)
        if value is not None or (f.options is not None and None in f.options and raw[-1] == "none"):
            st.session_state[name] = value
    unknown = i18n.t("link.notice.unknown", name="\0").split("\0")[0]
    notices.sort(key=lambda n: not n.startswith(unknown))  # unknown names first
    st.session_state.setdefault("_url_notices", {})[page] = notices
    return notices


def show_notices(page: str) -> None:
    notices = st.session_state.get("_url_notices", {}).get(page)
    if notices:
        with st.container(border=True):
            st.warning(i18n.t("link.adjusted") + "\n\n" +
                       "\n".join(f"- {n}" for n in notices[:12]) +
                       ("\n- " + i18n.t("link.more", n=len(notices) - 12)
                        if len(notices) > 12 else ""),
                       icon=":material/link_off:")
            if st.button(i18n.t("link.dismiss"), key=f"_url_dismiss_{page}"):
                st.session_state["_url_notices"][page] = []
                st.rerun()


def shown(f: UrlField) -> bool:
    """Whether the page shows field f now: its `when`, and that field's `when`, … all hold."""
    state = st.session_state
    while f.when:
        key, allowed = f.when
        if state.get(key, FIELDS[key].default) not in allowed:
            return False
        f = FIELDS[key]
    return True


def current_query(page: str) -> dict[str, str | list[str]]:
    """The page's non-default settings as URL parameters (what a link must carry), and the
    language when it is not English."""
    state = st.session_state
    out = {} if i18n.lang() == i18n.DEFAULT else {i18n.KEY: i18n.lang()}
    out |= room_ui.room_query()   # a follower's address bar stays the room's link
    for f in page_fields(page):
        if f.key not in state or not shown(f):
            continue
        value = state[f.key]
        default = state.get("_url_defaults", {}).get(f.key, f.default)
        if value != default and not (isinstance(value, str) and len(value) > LINK_TEXT_MAX):
            out[f.key] = format_value(f, value)
    return out


def left_out(page: str) -> list[str]:
    """Labels of settings too long to put in a link."""
    state = st.session_state
    return [i18n.field_label(f) for f in page_fields(page)
            if isinstance(state.get(f.key), str) and len(state[f.key]) > LINK_TEXT_MAX]


def set_default(key: str, value, keep: Collection = ()) -> None:
    """Set a field whose default depends on the model (e.g. example text for its vocabulary);
    links leave it out while it keeps this value. A value already there that is in `keep` (e.g.
    a word of the corpus now drawn) stays: then only the default changes."""
    state = st.session_state
    if key not in state or state[key] not in keep:
        state[key] = value
    state.setdefault("_url_defaults", {})[key] = value


def publish(page: str) -> None:
    """Make the address bar a link to what is on screen (only writes when something changed)."""
    query = current_query(page)
    now = {k: st.query_params.get_all(k) for k in st.query_params}
    if {k: v if isinstance(v, list) else [v] for k, v in query.items()} != now:
        st.query_params.from_dict(query)


def share_link(page: str) -> str:
    base = st.context.url or ""
    query = urllib.parse.urlencode(current_query(page), doseq=True)
    return base + ("?" + query if query else "")


LINK_POPOVER = "_link_open"   # the Copy link popover's open state


def copy_link(page: str, files: Sequence[str] = ()) -> None:
    """A 'Copy link' popover: the link to this page with its settings (and seed). `files`:
    names of uploaded files the run uses, which no link can carry."""
    box = popped(i18n.t("link.copy"), LINK_POPOVER, icon=":material/link:", width="stretch",
                 help=i18n.t("link.help"))
    if box is None:   # closed: its content is drawn when it opens
        return
    with box:
        st.code(share_link(page), language=None, wrap_lines=True)
        st.caption(i18n.t("link.caption"))
        skipped = left_out(page)
        if skipped:
            st.warning(i18n.t("link.too_long", limit=LINK_TEXT_MAX, fields=", ".join(skipped)))
        if files:
            st.warning(i18n.t("link.file", files=", ".join(map(literal, files))),
                       icon=":material/upload_file:")


# ---- widgets drawn from the table ----------------------------------------------------------
_UNSEEN = contextvars.ContextVar("unseen", default=False)


@contextlib.contextmanager
def unseen():
    """Inside: `widget(key)` draws nothing and returns the value its widget would (the one kept
    for the session, else the table's default); for settings in a closed `kit.fold.folded`."""
    token = _UNSEEN.set(True)
    try:
        yield
    finally:
        _UNSEEN.reset(token)


def drawing_widgets() -> bool:
    """False inside `unseen()`: whatever goes with the widgets (headings, notes) is left out too."""
    return not _UNSEEN.get()


def widget(key: str, where=None, *, disabled: bool = False, label: str | None = None,
           options: tuple | list | None = None, hi: float | None = None,
           on_change: Callable | None = None, **extra):
    """Draw the field's widget (range, default, help from the table); returns its value.
    `options`/`hi` narrow the table's ones for this model (e.g. its number of layers), or give a
    select without options in the table its options (e.g. a corpus's words)."""
    f = FIELDS[key]
    where = where or st
    state = st.session_state
    opts = list(options if options is not None else f.options or ())
    top = f.hi if hi is None else hi
    if key in state and opts and f.kind in ("select", "radio", "select_slider") and state[key] not in opts:
        state[key] = f.default if f.default in opts else opts[0]
    if key in state and top is not None and f.kind in ("slider", "number") and state[key] > top:
        state[key] = type(f.default)(top)
    if _UNSEEN.get():
        value = state.get(key, list(f.default) if f.kind == "multiselect" else f.default)
        if opts and f.kind in ("select", "radio", "select_slider") and value not in opts:
            value = opts[0]   # what the drawn widget would show (its index 0)
        if f.kind in ("text", "textarea") and f.max_chars and value and len(value) > f.max_chars:
            value = value[:f.max_chars]
        return value
    # Always the table's default: a widget's identity includes it, so passing another one on a
    # later run (or page) would make Streamlit forget the value kept for this key.
    common = {"key": key, "help": i18n.field_help(f) or None, "disabled": disabled,
              "on_change": on_change, "persist_state": "session"}
    common.update(extra)
    text = label or i18n.field_label(f)
    drawn_in = i18n.lang()
    fmt = (lambda o: i18n.option_label(f, o, drawn_in)) if f.labels else None
    if f.kind == "slider":
        return where.slider(text, type(f.default)(f.lo), type(f.default)(top),
                            f.default, f.step, **common)
    if f.kind == "number":
        # always the real default: value=None would make an empty, None-returning field
        return where.number_input(text, type(f.default)(f.lo), type(f.default)(top),
                                  f.default, f.step, **common)
    if f.kind == "select":
        index = opts.index(f.default) if f.default in opts else 0
        return where.selectbox(text, opts, index=index, format_func=fmt or str, **common)
    if f.kind == "radio":
        index = opts.index(f.default) if f.default in opts else 0
        return where.radio(text, opts, index=index, format_func=fmt or str,
                           **{"horizontal": True, **common})
    if f.kind == "select_slider":
        return where.select_slider(text, opts, value=f.default,
                                   format_func=fmt or (lambda v: f"{v:g}"), **common)
    if f.kind == "multiselect":
        return where.multiselect(text, opts, default=list(f.default),
                                 format_func=fmt or str, **common)
    if f.kind == "toggle":
        return where.toggle(text, value=f.default, **common)
    if f.kind in ("text", "textarea"):
        return _text(where, f, text, common)
    raise ValueError(f"unknown widget kind {f.kind}")


def _text(where, f, label: str, common: dict) -> str:
    """A text box. Its limit is applied here, not by the browser: a browser drops a paste over
    `max_chars` whole (the box stays empty), so the box takes it and the page keeps the allowed
    part and says so."""
    draw = where.text_input if f.kind == "text" else where.text_area
    value = draw(label, f.default, **common)
    if f.max_chars and value is not None and len(value) > f.max_chars:
        where.warning(i18n.t("link.cut", label=label, chars=len(value), limit=f.max_chars),
                      icon=":material/content_cut:")
        value = value[:f.max_chars]
    return value


RELINK = "_url_relink"


def relink() -> None:
    """on_change of a widget drawn inside a fragment: a fragment's rerun does not reach
    `publish`, so ask for one full rerun (see `follow_link`) to bring the address bar up to date."""
    st.session_state[RELINK] = True


def follow_link() -> None:
    """At the top of a fragment: rerun the whole page once if a widget in it asked to."""
    if st.session_state.pop(RELINK, False):
        st.rerun(scope="app")
