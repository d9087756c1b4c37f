"""What every `python -m engine` command shares: the one-line-error parser, flags made from a
config's setting table, JSON without NaN, the step limit, and the checks on what a user hands in
(a path to save to, a checkpoint to read, text).

Imports nothing of the command modules, so they can all import it (no cycle).
"""
from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path

from engine.fields import SettingError, fields_of
from engine.text import check_text

MAX_STEPS = 100_000


class Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit code 2 (argparse's own code)
        raise SystemExit(fail(message))


def fail(message: str) -> int:
    """Print `error: message` as one line on stderr; -> 2, the exit code for bad input."""
    print("error: " + " ".join(message.splitlines()), file=sys.stderr)
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


def task_params(args, registry: dict) -> dict:
    """The chosen task's own settings among the flags given (`registry`: task -> (config class,
    ...)); SettingError naming a given flag that belongs to another task."""
    own = {f.name for f in fields_of(registry[args.task][0])}
    params = {}
    for cls, *_ in registry.values():
        for f in fields_of(cls):
            value = getattr(args, f.name)
            if value is None:
                continue
            if f.name not in own:
                names = ", ".join("--" + n.replace("_", "-") for n in sorted(own)) or "none"
                raise SettingError(f"--{f.name.replace('_', '-')} does not apply to task "
                                   f"'{args.task}' (its settings: {names}).")
            params[f.name] = value
    return params


def jsonable(value):
    """Replace non-finite floats by None (JSON has no NaN) recursively."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def check_save_path(path: str | None, flag: str = "--save") -> None:
    """SettingError unless a checkpoint can be written at `path` (None: nothing to save); run it
    before training, so a mistyped folder costs nothing and no trained model is lost."""
    if not path:
        return
    target = Path(path)
    if target.is_dir():
        raise SettingError(f"{flag} {path} is a directory; give a file name, e.g. "
                           f"{target / 'model.pt'}.")
    folder = target.parent
    if not folder.is_dir():
        raise SettingError(f"{flag} {path}: there is no directory {folder}.")
    if not os.access(folder, os.W_OK | os.X_OK) or (target.exists()
                                                     and not os.access(target, os.W_OK)):
        raise SettingError(f"{flag} {path}: no permission to write there.")


def read_checkpoint(load, path: str):
    """`load(path)`; a file that is damaged or not what it claims (a missing entry, a setting of
    the wrong type) becomes a SettingError naming it, like the loaders' own refusals."""
    try:
        return load(path)
    except SettingError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, RuntimeError) as exc:
        detail = (str(exc).splitlines() or [""])[0][:200]
        raise SettingError(f"{Path(path).name} is not a usable checkpoint: it is incomplete or "
                           f"damaged ({type(exc).__name__}: {detail}).") from None


def check_texts(args, paths=("save", "checkpoint", "text_file", "pairs")) -> None:
    """SettingError if any text flag (not a file path, which may be any bytes) is not valid
    Unicode, e.g. `--text` given bytes that are not UTF-8."""
    for name, value in sorted(vars(args).items()):
        if isinstance(value, str) and name not in paths:
            check_text(value, "--" + name.replace("_", "-"))
