"""`python -m engine toy|vector|cliff`: what the Gradients page draws, as JSON.

Each command's flags are the fields of the page's config classes (same names and defaults as its
sliders); it prints the engine function's result.
"""
from __future__ import annotations

import json

from engine.cli.common import add_fields, build, jsonable
from engine.cliff import CliffConfig, DescentConfig
from engine.toy import ToyConfig, VectorConfig


def _config_parser(sub, name: str, help: str, config_classes, run, skip=()):
    """A subcommand whose flags are the fields of `config_classes` (same names and defaults as
    the page's sliders); it prints `run(args)` as JSON."""
    p = sub.add_parser(name, help=help)
    seen = set(skip)
    for cls in config_classes:
        add_fields(p, cls, seen=seen)
    p.add_argument("--json", action="store_true", help="print one JSON object (else indented)")

    def go(args):
        print(json.dumps(jsonable(run(args)), indent=None if args.json else 1))
        return 0
    p.set_defaults(run=go)
    return p


def _toy(args):
    from engine.toy import make_inputs, run_toy, unrolled_latex

    config = build(args, ToyConfig, x=make_inputs("typed", args.length, typed=args.x))
    return {**run_toy(config), "unrolled": unrolled_latex(config)}


def _vector(args):
    from engine.toy import run_vector

    return run_vector(build(args, VectorConfig))


def _cliff(args):
    from engine.cliff import compare, loss_surface

    config = build(args, CliffConfig)
    return {"surface": loss_surface(config), **compare(config, build(args, DescentConfig))}


def register(sub) -> None:
    """Add the `toy`, `vector` and `cliff` subcommands to the `python -m engine` parser."""
    p = _config_parser(sub, "toy", "the course's scalar toy RNN: h_t and dh_T/dh_k by autograd "
                       "and by the product formula", [ToyConfig], _toy, skip=("x",))
    p.add_argument("--x", default="0.5", help="the inputs: one number (repeated) or `length` "
                   "comma-separated numbers")
    _config_parser(sub, "vector", "an H-unit RNN: ||dh_T/dh_k|| for a W_hh of chosen spectral "
                   "radius", [VectorConfig], _vector)
    _config_parser(sub, "cliff", "Pascanu's one-unit loss surface, and descent with and without "
                   "clipping", [CliffConfig, DescentConfig], _cliff)
