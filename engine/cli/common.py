"""What every `python -m engine` command shares: the one-line-error parser, flags made from a
config's setting table, JSON without NaN, and the step limit.

Imports nothing of the command modules, so they can all import it (no cycle).
"""
from __future__ import annotations

import argparse
import math
import sys

from engine.fields import fields_of

MAX_STEPS = 100_000


class Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit code 2 (argparse's own code)
        raise SystemExit(fail(message))


def fail(message: str) -> int:
    """Print `error: message` as one line on stderr; -> 2, the exit code for bad input."""
    print(f"error: {message}", file=sys.stderr)
    return 2


def add_fields(parser, config_cls, *, none_defaults=False, seen=None):
    """One flag per setting of `config_cls` (`--min-length` for `min_length`), with its help,
    type, default (None with `none_defaults`) and choices; names in `seen` are skipped, then added."""
    for f in fields_of(config_cls):
        if seen is not None:
            if f.name in seen:
                continue
            seen.add(f.name)
        m, flag = f.metadata, "--" + f.name.replace("_", "-")
        default = None if none_defaults else f.default
        if isinstance(f.default, bool):
            parser.add_argument(flag, action="store_true", default=default, help=m["help"])
        else:
            parser.add_argument(flag, type=type(f.default), default=default, help=m["help"],
                                choices=m["choices"])


def build(args, cls, **extra):
    """`cls` made from the parsed flags named like its settings, plus `extra` fields."""
    return cls(**{f.name: getattr(args, f.name) for f in fields_of(cls) if f.name not in extra},
               **extra)


def jsonable(value):
    """Replace non-finite floats by None (JSON has no NaN) recursively."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value
