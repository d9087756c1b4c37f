"""Text a user or a file hands the engine: it must be a str that can be written out as UTF-8.

A lone surrogate (such as U+DCFF, what Python makes of undecodable bytes) is a str that no page,
terminal or file can show: it is refused here with a clear message instead of crashing later.
"""
from __future__ import annotations

from engine.fields import SettingError


def check_text(text: str, what: str) -> str:
    """`text` unchanged when it is a str that encodes as UTF-8; SettingError naming `what`
    (e.g. "The checkpoint's vocabulary") and the first bad character otherwise."""
    if not isinstance(text, str):
        raise SettingError.of("text_not_str", what=what, type=type(text).__name__)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = text[exc.start]
        raise SettingError.of("text_surrogate", what=what, position=exc.start + 1,
                              code=ord(bad)) from None
    return text
