"""The URL field table's row type and registry: each setting's key (widget key and URL parameter),
default, range or options, and how its value is written to and read from a link.

As in TensorFlow Playground's state.ts, one table drives both reading and writing the link. This
module draws nothing (no Streamlit): `playground.kit.urlstate` draws widgets from the rows.
"""
from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from playground.i18n.catalogue import text
from playground.literal import literal

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


def short(text) -> str:
    """A hostile name or value as a notice repeats it: cut to NOTICE_CHARS, shown literally."""
    text = str(text)
    return literal(text if len(text) <= NOTICE_CHARS else text[:NOTICE_CHARS] + "…")


def number_text(value: float) -> str:
    """A limit as a notice prints it: whole numbers in full (2147483647, not 2.14748e+09)."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


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


def english(key: str, **values) -> str:
    """A link notice's words in English (the catalogue's `link.notice.*`)."""
    return text("en", f"link.notice.{key}").format(**values)


def parse_value(f: UrlField, raw: str | list[str], limits: dict | None = None,
                say: Callable[..., str] = english):
    """-> (value or None to ignore, notice or None). Never raises. `say(key, **values)` words
    the notice (a page passes its language's)."""
    lo, hi, options = f.lo, f.hi, f.options
    if limits:
        lo, hi, options = limits.get("lo", lo), limits.get("hi", hi), limits.get("options", options)
    name = f"`{f.key}`"
    if f.kind == "multiselect":
        values = raw if isinstance(raw, list) else [raw]
        picked = [o for o in options if format_value(dataclass_replace_kind(f), o) in values]
        bad = [v for v in values if v not in {format_value(dataclass_replace_kind(f), o) for o in options}]
        if not picked:
            return None, say("none_of", name=name, values=short(", ".join(values)))
        return picked, (say("ignored", name=name, values=short(", ".join(bad))) if bad else None)
    raw = raw[-1] if isinstance(raw, list) else raw
    if f.kind == "toggle":
        word = raw.strip().lower()
        if word in ("true", "1", "yes", "on"):
            return True, None
        if word in ("false", "0", "no", "off"):
            return False, None
        return None, say("not_bool", name=name, raw=short(raw))
    if f.kind in ("text", "textarea") or (f.kind == "select" and options is None):
        if f.max_chars and len(raw) > f.max_chars:
            return raw[:f.max_chars], say("too_long", name=name, chars=len(raw), limit=f.max_chars)
        return raw, None
    if options is not None:
        by_text = {format_value(f, o): o for o in options}
        if raw in by_text:
            return by_text[raw], None
        number = _number(raw)
        if f.numeric and number is not None:
            nearest = min((o for o in options if o is not None), key=lambda o: abs(math.log(abs(o) + 1e-12)
                          - math.log(abs(number) + 1e-12)) if number > 0 and o > 0 else abs(o - number))
            return nearest, say("nearest", name=name, raw=short(raw), value=number_text(nearest))
        return None, say("not_option", name=name, raw=short(raw),
                         options=short(", ".join(format_value(f, o) for o in options)))
    number = _number(raw)
    if number is None:
        return None, say("not_number", name=name, raw=short(raw))
    if isinstance(f.default, int):
        if number != int(number):
            return None, say("not_whole", name=name, raw=short(raw))
        number = int(number)
    if lo is not None and number < lo:
        return type(f.default)(lo), say("below", name=name, raw=short(raw), value=number_text(lo))
    if hi is not None and number > hi:
        return type(f.default)(hi), say("above", name=name, raw=short(raw), value=number_text(hi))
    return number, None


def _number(raw: str) -> float | None:
    try:
        value = float(raw.strip()) if len(raw) < 40 else None
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) else None


# ---- the registry: playground.fields fills it -------------------------------------------------
FIELDS: dict[str, UrlField] = {}
PAGES: dict[str, tuple[str, ...]] = {}   # page -> key prefixes whose fields its links carry


def register(*fields: UrlField) -> None:
    for f in fields:
        FIELDS[f.key] = f


def page_fields(page: str) -> list[UrlField]:
    prefixes = PAGES[page]
    return [f for f in FIELDS.values() if f.key.startswith(prefixes)]


def from_setting(key: str, cls, name: str, label: str, kind: str = "slider", **overrides) -> UrlField:
    """A field whose default, help and range come from an engine config's setting table."""
    dc = next(x for x in dataclasses.fields(cls) if x.name == name)
    m = dc.metadata
    row = {"key": key, "label": label, "default": dc.default, "kind": kind, "help": m["help"],
           "lo": m["lo"], "hi": m["hi"], "options": m["choices"]}
    if m["choices"] is not None and kind == "slider":
        row["kind"] = "select"
    row.update(overrides)
    return UrlField(**row)
