"""Command line: `python -m engine train|tasks ... [--json]`.

`make_parser` gathers every command family's subcommands; `main` runs one and turns a bad
argument, setting, file or text into exit code 2 and one line on stderr, never a traceback.
"""
from __future__ import annotations

import argparse

import torch

from engine.cli import (
    embed,
    gates,
    gradients,
    names,
    sentiment,
    seq2seq,
    tasks,
    train,
    unroll,
)
from engine.cli.common import Parser, check_texts, fail
from engine.fields import SettingError


def make_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python -m engine", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    train.register(sub)  # train, decay
    gradients.register(sub)  # toy, vector, cliff
    gates.register(sub)  # gates
    unroll.register(sub)  # unroll
    tasks.register(sub)  # tasks
    seq2seq.register(sub)  # seq2seq, decode
    embed.register(sub)  # cooc, embed
    sentiment.register(sub)  # naive-bayes, sentiment
    names.register(sub)  # names
    return parser


def main(argv=None) -> int:
    try:
        args = make_parser().parse_args(argv)
    except SystemExit as exc:  # bad flags (code 2, one line already printed) or --help (0)
        return int(exc.code or 0)
    if getattr(args, "threads", None):
        torch.set_num_threads(max(1, args.threads))
    try:
        check_texts(args)
        return args.run(args)
    except SettingError as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(f"{exc.strerror or exc}: {exc.filename or ''}".strip(": "))
    # last guard: one line, not a traceback (Ctrl-C still interrupts)
    except Exception as exc:  # noqa: BLE001
        detail = (str(exc).splitlines() or [""])[0][:200]
        return fail(f"{type(exc).__name__}: {detail} (unexpected: please report the command "
                    "that caused it)")
