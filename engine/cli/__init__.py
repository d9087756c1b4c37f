"""`python -m engine <command> ...`: one module per command family (train, gradients, gates,
tasks, seq2seq, embed), the flags and helpers they share in `common`, the parser in `commands`.

Every module imports `common`, none imports another command module or this package's `main`.
"""
from engine.cli.commands import main, make_parser

__all__ = ["main", "make_parser"]
