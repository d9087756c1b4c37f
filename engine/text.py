"""Text a learner hands the engine (a corpus, a probe, a source sentence) must be real Unicode.

A command line decodes bytes that are not UTF-8 to lone surrogates ('\\udcff'); such text cannot
be saved, shown or sent anywhere, so it is refused with a message instead.
"""
from __future__ import annotations

from engine.fields import SettingError


def check_text(text: str, what: str) -> str:
    """`text` unchanged if it can be encoded as UTF-8, else SettingError naming `what`."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise SettingError(f"{what} holds characters that are not valid Unicode text (the first "
                           f"at position {exc.start}: bytes that are not UTF-8?); give it as "
                           "UTF-8 text.") from None
    return text
