"""The catalogues: every string a learner reads, by key, in English and Korean.

`<lang>/*.toml` hold the interface's own strings (navigation, page titles, the kit's buttons and
messages, each page's text), nested tables read as dotted keys ("nav.train", "kit.play"). The settings' labels,
help and option labels are the URL field table's own English (playground/fields) and
`ko_fields.toml` in Korean, one table per field key. No Streamlit here: tests read it directly.
"""
from __future__ import annotations

import functools
import re
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
LANGS = {"en": "English", "ko": "한국어"}
DEFAULT = "en"
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def _flat(table: dict, prefix: str = "") -> dict[str, str]:
    out = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flat(value, name + "."))
        else:
            out[name] = value
    return out


@functools.cache
def ui(lang: str) -> dict[str, str]:
    """The interface strings of `lang`, by dotted key: every `<lang>/*.toml` (one file per part
    of the interface: core, train, gates, ...), merged; a key in two files is an error."""
    out: dict[str, str] = {}
    for path in sorted((HERE / lang).glob("*.toml")):
        with open(path, "rb") as f:
            part = _flat(tomllib.load(f))
        twice = set(part) & set(out)
        if twice:
            raise ValueError(f"{path.name} repeats keys of another {lang} file: {sorted(twice)}")
        out.update(part)
    return out


@functools.cache
def fields(lang: str) -> dict[str, dict]:
    """{field key: {"label", "help"?, "options"?: {str(option): text}}} of `lang` (empty for
    English, whose texts are the field table's own)."""
    path = HERE / f"{lang}_fields.toml"
    if lang == DEFAULT or not path.exists():
        return {}
    with open(path, "rb") as f:
        return tomllib.load(f)


def placeholders(text: str) -> set[str]:
    """The names of the `{name}` / `{name:,}` placeholders a string formats."""
    return set(PLACEHOLDER.findall(text))


def text(lang: str, key: str) -> str:
    """The string `key` in `lang`, or English where `lang` lacks it (a test keeps them equal)."""
    strings = ui(lang)
    return strings[key] if key in strings else ui(DEFAULT)[key]


def has(key: str) -> bool:
    """Whether the catalogue has `key` (in English, which every language matches)."""
    return key in ui(DEFAULT)


@functools.cache
def engine(lang: str) -> dict[str, str]:
    """The engine's keyed messages (engine/messages.py) in `lang` (empty for English, whose
    text is the engine's own)."""
    path = HERE / f"{lang}_engine.toml"
    if lang == DEFAULT or not path.exists():
        return {}
    with open(path, "rb") as f:
        return tomllib.load(f)
