"""Files a user hands in as text: a corpus for the character model, pairs for the encoder-decoder.

Every upload (a page's file box, a CLI's --text-file or --pairs) passes `read_text_bytes` before
it touches a run. It refuses, each with a message that says what to do:
  - an empty file, or one of only spaces and newlines;
  - a file over the size limit (the same 20 MB as the server's upload limit);
  - binary content (a NUL byte, or more than 1% control characters: an image, a zip, a .pt);
  - another encoding (UTF-16 by its byte-order mark, else the first byte that is not UTF-8,
    with its line).
What it returns is a str with Unix newlines and no byte-order mark. The caller decides how much
of it to use (`cap`).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from engine.fields import SettingError

MAX_UPLOAD_MB = 20                      # = server.maxUploadSize in .streamlit/config.toml
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
TEXT_TYPES = ("txt", "md", "py", "csv")  # a corpus for the character model
PAIR_TYPES = ("tsv", "txt")              # source<TAB>target lines
CONTROL_SHARE = 0.01                     # more control characters than this: not text
_CONTROL_BYTES = bytes(b for b in [*range(32), 127] if b not in b"\t\n\r\f\v")


@dataclass(frozen=True)
class TextFile:
    """A checked upload: its name, its text and what it was on disk."""
    name: str
    text: str
    size: int      # bytes as uploaded
    sha256: str    # of those bytes: the same file gives the same run

    @property
    def chars(self) -> int:
        return len(self.text)


def read_text_bytes(raw: bytes, name: str, limit: int = MAX_UPLOAD_BYTES) -> TextFile:
    """The checked text of an uploaded file `name`; SettingError saying what is wrong."""
    shown = Path(str(name)).name or "The file"
    if len(raw) > limit:
        raise SettingError.of("upload_too_big", name=shown, size=_size(len(raw)),
                              limit=_size(limit))
    if not raw:
        raise SettingError.of("upload_empty", name=shown)
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise SettingError.of("upload_utf16", name=shown)
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise SettingError.of("upload_binary", name=shown, byte=nul + 1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise SettingError.of("upload_not_utf8", name=shown, byte=exc.start + 1, line=line,
                              hex=f"0x{raw[exc.start]:02X}") from None
    controls = len(raw) - len(raw.translate(None, _CONTROL_BYTES))  # ASCII: one byte each
    if controls > CONTROL_SHARE * len(text):
        raise SettingError.of("upload_controls", name=shown, controls=controls, chars=len(text))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SettingError.of("upload_blank", name=shown)
    return TextFile(shown, text, len(raw), hashlib.sha256(raw).hexdigest())


def read_text_file(path: str | Path, flag: str = "--text-file",
                   limit: int = MAX_UPLOAD_BYTES) -> TextFile:
    """The CLI's way in: the file at `path`, checked like an upload (its size before reading it)."""
    p = Path(path)
    if not p.is_file():
        raise SettingError.of("file_missing", flag=flag, path=str(path))
    size = p.stat().st_size
    if size > limit:
        raise SettingError.of("file_too_big", flag=flag, path=str(path), size=_size(size),
                              limit=_size(limit))
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise SettingError.of("file_unreadable", flag=flag, path=str(path),
                              error=str(exc.strerror)) from None
    return read_text_bytes(raw, p.name, limit)


def cap(text: str, max_chars: int) -> str:
    """The part of `text` a run uses: its first `max_chars` characters."""
    return text[:max_chars]


def used_note(file: TextFile, max_chars: int) -> str:
    """One line on how much of `file` a run uses, e.g. for a caption or the CLI."""
    if file.chars <= max_chars:
        return f"{file.name}: all {file.chars:,} characters ({_size(file.size)})."
    return (f"{file.name}: the first {max_chars:,} of its {file.chars:,} characters "
            f"({max_chars / file.chars:.0%}; the limit is {max_chars:,}).")


def _size(n: int) -> str:
    if n < 1024:
        return f"{n:,} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} kB"
    return f"{n / (1024 * 1024):.1f} MB"
