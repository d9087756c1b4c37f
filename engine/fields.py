"""One table of settings drives the CLI flags, the UI widgets and (later) the URL state.

Every config field carries `metadata` made by `setting(...)`: a help text and its valid range or
choices. `validate` checks a config against that table and raises `SettingError` with a message
a learner can act on.
"""
from __future__ import annotations

import dataclasses
import math
from typing import Any, ClassVar


class SettingError(ValueError):
    """A setting a user chose is out of range or inconsistent; the message says how to fix it.
    One made by `of` also keeps its message key and values (`key`, `values`), so a page can say
    it in the learner's language; the English text is the same either way."""

    key: str | None = None
    values: ClassVar[dict] = {}   # the class's, read-only: `of` gives an instance its own

    @classmethod
    def of(cls, key: str, **values) -> SettingError:
        """The error with engine.messages' English text for `key`, keeping key and values."""
        from engine.messages import MESSAGES, english

        error = cls(MESSAGES[key].format(**english(values)))
        error.key, error.values = key, values
        return error


def setting(default: Any, help: str, *, lo: float | None = None, hi: float | None = None,
            choices: tuple | None = None, log: bool = False, label: str | None = None) -> Any:
    """A dataclass field with its help text and valid range (lo..hi inclusive) or choices."""
    meta = {"help": help, "lo": lo, "hi": hi, "choices": choices, "log": log, "label": label}
    return dataclasses.field(default=default, metadata=meta)


def fields_of(config_cls) -> list[dataclasses.Field]:
    return [f for f in dataclasses.fields(config_cls) if f.metadata.get("help")]


def describe(config_cls) -> list[dict]:
    """Plain-data description of a config's settings (name, type, default, help, range)."""
    out = []
    for f in fields_of(config_cls):
        m = f.metadata
        row = {"name": f.name, "type": type(f.default).__name__, "default": f.default, "help": m["help"]}
        for key in ("lo", "hi", "choices"):
            if m[key] is not None:
                row[key] = list(m[key]) if key == "choices" else m[key]
        out.append(row)
    return out


def validate(config) -> None:
    """Raise SettingError naming the first field that is out of its range or choices."""
    for f in fields_of(type(config)):
        value, m = getattr(config, f.name), f.metadata
        if m["choices"] is not None and value not in m["choices"]:
            raise SettingError.of("choice", name=f.name, value=repr(value),
                                  choices=", ".join(map(str, m["choices"])))
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if isinstance(value, float) and not math.isfinite(value):
                raise SettingError.of("not_finite", name=f.name, value=value)
            if m["lo"] is not None and value < m["lo"]:
                raise SettingError.of("below", name=f.name, value=value, lo=m["lo"])
            if m["hi"] is not None and value > m["hi"]:
                raise SettingError.of("above", name=f.name, value=value, hi=m["hi"])
