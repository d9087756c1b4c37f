"""`python -m engine <command> ...`: the command line, as a package."""
from engine.cli.train import main

__all__ = ["main"]
