"""Two real texts every Python installation carries, read at run time (nothing is shipped):
its standard library's source code and the documentation topics of `pydoc_data` (English prose).

Each is chosen by a fixed rule and capped at MAX_CHARS, built once per process and shared.
Both come under the PSF licence of the Python that runs the app; see assets/README.md.
"""
from __future__ import annotations

import functools
import sys
import sysconfig
from pathlib import Path

from engine.fields import SettingError

MAX_CHARS = 150_000  # each text is cut at the last line break before this many characters
# Pure-Python standard-library modules present in every Python since 3.9, read in this order
# (alphabetical) until the cap: code with nested brackets, strings, docstrings and comments.
STDLIB_MODULES = (
    "abc.py", "bisect.py", "calendar.py", "colorsys.py", "contextlib.py", "copy.py",
    "dataclasses.py", "fnmatch.py", "fractions.py", "functools.py", "genericpath.py", "glob.py",
    "graphlib.py", "heapq.py", "json/__init__.py", "json/decoder.py", "json/encoder.py",
    "numbers.py", "operator.py", "queue.py", "random.py", "reprlib.py", "sched.py", "shlex.py",
    "string.py", "textwrap.py",
)
PRINTABLE = frozenset(map(chr, range(32, 127))) | {"\n"}


def python_version() -> str:
    return ".".join(map(str, sys.version_info[:3]))


def _cap(text: str) -> str:
    """The text up to its last line break within MAX_CHARS characters."""
    limit = MAX_CHARS
    if len(text) <= limit:
        return text
    return text[:text.rindex("\n", 0, limit) + 1]


def stdlib_files() -> list[tuple[str, Path]]:
    """(name, path) of the STDLIB_MODULES this Python has, in that order (missing ones skipped)."""
    root = Path(sysconfig.get_paths()["stdlib"])
    return [(name, root / name) for name in STDLIB_MODULES if (root / name).is_file()]


def python_source() -> str:
    """The running interpreter's own standard-library source: STDLIB_MODULES concatenated until
    MAX_CHARS. Line ends become "\\n"; any other character outside printable ASCII (a few names
    and symbols in comments, tabs, form feeds) becomes "?", so the vocabulary is at most 96."""
    return _python_source()[0]


def python_source_files() -> tuple[str, ...]:
    """The module files python_source() read, in order (the last one cut at the cap)."""
    return _python_source()[1]


@functools.lru_cache(maxsize=1)
def _python_source() -> tuple[str, tuple[str, ...]]:
    parts, names, total = [], [], 0
    for name, path in stdlib_files():
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        text = "".join(ch if ch in PRINTABLE else "?" for ch in text)
        parts.append(text if text.endswith("\n") else text + "\n")
        names.append(name)
        total += len(parts[-1])
        if total >= MAX_CHARS:
            break
    if total < 10_000:
        raise SettingError.of("pysource_missing", version=python_version())
    return _cap("".join(parts)), tuple(names)


@functools.lru_cache(maxsize=1)
def pydoc_prose() -> str:
    """The documentation topics that ship with the interpreter (`pydoc_data.topics`, the text
    behind `help("if")`): every topic in alphabetical order of its name, until MAX_CHARS."""
    try:
        from pydoc_data.topics import topics
    except ImportError:
        raise SettingError.of("pydoc_missing", version=python_version()) from None
    text = "\n".join(topics[name].strip("\n") + "\n" for name in sorted(topics))
    return _cap(text.replace("\r\n", "\n"))
