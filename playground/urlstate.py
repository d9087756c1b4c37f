"""Page settings in the URL: one table of fields drives the widgets, reading and writing the link.

As in TensorFlow Playground's state.ts, each field has a name (the widget key and the URL
parameter), a default, and its valid range or options. `widget(key)` draws a field's widget from
its table row; `restore(page)` reads a link once per session into the widgets' state, clamping or
ignoring bad values with a notice; `publish(page)` writes the non-default values back into the URL
after each run, so the address bar is always a link to what is on screen (the seed included).
"""
from __future__ import annotations

import math
import urllib.parse
from dataclasses import dataclass
from typing import Any, Callable, Collection

import streamlit as st

NOTICE_CHARS = 40       # how much of a hostile name or value a notice repeats
LINK_TEXT_MAX = 2000    # longer texts (a pasted corpus) stay out of links


@dataclass(frozen=True)
class UrlField:
    key: str                       # widget key and URL parameter, e.g. "train_hidden"
    label: str
    default: Any
    kind: str                      # slider | number | select | select_slider | radio | toggle | text | textarea | multiselect
    help: str = ""
    lo: float | None = None
    hi: float | None = None
    step: float | None = None
    options: tuple | None = None   # select / select_slider / radio / multiselect; a select
                                   # without them gets its options when drawn (a corpus's words)
    labels: dict | None = None     # option -> what the widget shows
    max_chars: int | None = None   # text (and a select without options): longer values are cut
    when: tuple[str, tuple] | None = None  # only in links while field when[0] is one of when[1]

    @property
    def numeric(self) -> bool:
        return self.kind in ("slider", "number") or (
            self.options is not None and all(isinstance(o, (int, float)) and not isinstance(o, bool)
                                             for o in self.options))


def _short(text: str) -> str:
    text = str(text)
    return text if len(text) <= NOTICE_CHARS else text[:NOTICE_CHARS] + "…"


def format_value(f: UrlField, value) -> str | list[str]:
    """The URL text of a value (parse_value reads it back to the same value)."""
    if f.kind == "multiselect":
        return [format_value(dataclass_replace_kind(f), v) for v in value]
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def dataclass_replace_kind(f: UrlField) -> UrlField:
    return UrlField(f.key, f.label, None, "select", options=f.options)


def parse_value(f: UrlField, raw: str | list[str], limits: dict | None = None):
    """-> (value or None to ignore, notice or None). Never raises."""
    lo, hi, options = f.lo, f.hi, f.options
    if limits:
        lo, hi, options = limits.get("lo", lo), limits.get("hi", hi), limits.get("options", options)
    name = f"`{f.key}`"
    if f.kind == "multiselect":
        values = raw if isinstance(raw, list) else [raw]
        picked = [o for o in options if format_value(dataclass_replace_kind(f), o) in values]
        bad = [v for v in values if v not in {format_value(dataclass_replace_kind(f), o) for o in options}]
        if not picked:
            return None, f"{name}: none of {_short(', '.join(values))} is an option; kept the default."
        return picked, (f"{name}: ignored {_short(', '.join(bad))}." if bad else None)
    raw = raw[-1] if isinstance(raw, list) else raw
    if f.kind == "toggle":
        word = raw.strip().lower()
        if word in ("true", "1", "yes", "on"):
            return True, None
        if word in ("false", "0", "no", "off"):
            return False, None
        return None, f"{name}={_short(raw)} is not true or false; kept the default."
    if f.kind in ("text", "textarea") or (f.kind == "select" and options is None):
        if f.max_chars and len(raw) > f.max_chars:
            return raw[:f.max_chars], f"{name} was {len(raw):,} characters; kept the first {f.max_chars:,}."
        return raw, None
    if options is not None:
        by_text = {format_value(f, o): o for o in options}
        if raw in by_text:
            return by_text[raw], None
        number = _number(raw)
        if f.numeric and number is not None:
            nearest = min((o for o in options if o is not None), key=lambda o: abs(math.log(abs(o) + 1e-12)
                          - math.log(abs(number) + 1e-12)) if number > 0 and o > 0 else abs(o - number))
            return nearest, f"{name}={_short(raw)} is not one of the choices; using the nearest, {nearest:g}."
        return None, (f"{name}={_short(raw)} is not one of "
                      f"{_short(', '.join(format_value(f, o) for o in options))}; kept the default.")
    number = _number(raw)
    if number is None:
        return None, f"{name}={_short(raw)} is not a finite number; kept the default."
    if isinstance(f.default, int):
        if number != int(number):
            return None, f"{name}={_short(raw)} must be a whole number; kept the default."
        number = int(number)
    if lo is not None and number < lo:
        return type(f.default)(lo), f"{name}={_short(raw)} is below its minimum; using {lo:g}."
    if hi is not None and number > hi:
        return type(f.default)(hi), f"{name}={_short(raw)} is above its maximum; using {hi:g}."
    return number, None


def _number(raw: str) -> float | None:
    try:
        value = float(raw.strip()) if len(raw) < 40 else None
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) else None


# ---- the registry: url_fields.py fills it -------------------------------------------------
FIELDS: dict[str, UrlField] = {}
PAGES: dict[str, tuple[str, ...]] = {}   # page -> key prefixes whose fields its links carry


def register(*fields: UrlField) -> None:
    for f in fields:
        FIELDS[f.key] = f


def page_fields(page: str) -> list[UrlField]:
    prefixes = PAGES[page]
    return [f for f in FIELDS.values() if f.key.startswith(prefixes)]


def restore(page: str, params: dict[str, list[str]] | None = None) -> list[str]:
    """Once per session and page: put the link's values into the widgets' state.
    Returns the notices (also kept in session state for `show_notices`)."""
    done = st.session_state.setdefault("_url_restored", set())
    if page in done:
        return []
    done.add(page)
    if params is None:
        params = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
    known = {f.key: f for f in page_fields(page)}
    notices = []
    for name, raw in params.items():
        f = known.get(name)
        if f is None:
            notices.append(f"Unknown setting `{_short(name)}` ignored.")
            continue
        value, notice = parse_value(f, raw if f.kind == "multiselect" else raw[-1])
        if notice:
            notices.append(notice)
        if value is not None or (f.options is not None and None in f.options and raw[-1] == "none"):
            st.session_state[name] = value
    notices.sort(key=lambda n: not n.startswith("Unknown"))  # unknown names first
    st.session_state.setdefault("_url_notices", {})[page] = notices
    return notices


def show_notices(page: str) -> None:
    notices = st.session_state.get("_url_notices", {}).get(page)
    if notices:
        with st.container(border=True):
            st.warning("Some settings in this link were adjusted or ignored:\n\n" +
                       "\n".join(f"- {n}" for n in notices[:12]) +
                       (f"\n- … and {len(notices) - 12} more" if len(notices) > 12 else ""),
                       icon=":material/link_off:")
            if st.button("Dismiss", key=f"_url_dismiss_{page}"):
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
    """The page's non-default settings as URL parameters (what a link must carry)."""
    out = {}
    state = st.session_state
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
    return [f.label for f in page_fields(page)
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
    now = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
    if {k: v if isinstance(v, list) else [v] for k, v in query.items()} != now:
        st.query_params.from_dict(query)


def share_link(page: str) -> str:
    base = st.context.url or ""
    query = urllib.parse.urlencode(current_query(page), doseq=True)
    return base + ("?" + query if query else "")


def copy_link(page: str) -> None:
    """A 'Copy link' popover: the link to this page with its settings (and seed)."""
    with st.popover("Copy link", icon=":material/link:", width="stretch",
                    help="A link that opens this page with these settings and seed."):
        st.code(share_link(page), language=None, wrap_lines=True)
        st.caption("Use the copy button at the right of the box. The seed is in the link, so "
                   "pressing Play reproduces the same training curve.")
        skipped = left_out(page)
        if skipped:
            st.warning(f"Not in the link (longer than {LINK_TEXT_MAX:,} characters): "
                       + ", ".join(skipped) + ".")


# ---- widgets drawn from the table ----------------------------------------------------------
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
    # Always the table's default: a widget's identity includes it, so passing another one on a
    # later run (or page) would make Streamlit forget the value kept for this key.
    common = dict(key=key, help=f.help or None, disabled=disabled, on_change=on_change,
                  persist_state="session")
    common.update(extra)
    text = label or f.label
    fmt = (lambda o: f.labels.get(o, str(o))) if f.labels else None
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
        draw = where.text_input if f.kind == "text" else where.text_area
        return draw(text, f.default, max_chars=f.max_chars, **common)
    raise ValueError(f"unknown widget kind {f.kind}")


def from_setting(key: str, cls, name: str, label: str, kind: str = "slider", **overrides) -> UrlField:
    """A field whose default, help and range come from an engine config's setting table."""
    import dataclasses

    dc = next(x for x in dataclasses.fields(cls) if x.name == name)
    m = dc.metadata
    row = dict(key=key, label=label, default=dc.default, kind=kind, help=m["help"], lo=m["lo"],
               hi=m["hi"], options=m["choices"])
    if m["choices"] is not None and kind == "slider":
        row["kind"] = "select"
    row.update(overrides)
    return UrlField(**row)



import playground.url_fields  # noqa: E402,F401  (fills FIELDS and PAGES; it imports this module)
