"""Command line: `python -m engine train|tasks ... [--json]`.

Flags are generated from the config field tables, so each has the same name, default and range
as the matching control on the Train page. Bad arguments exit with code 2 and one line.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import math
import sys

import torch

from engine.config import ModelConfig, TrainConfig
from engine.fields import SettingError, describe, fields_of
from engine.tasks import TASKS, make_task, task_config

MAX_STEPS = 100_000


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit code 2 (argparse's own code)
        raise SystemExit(_fail(message))


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def _add_fields(parser, config_cls, *, none_defaults=False, seen=None):
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


def jsonable(value):
    """Replace non-finite floats by None (JSON has no NaN) recursively."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def _pick(args, config_cls) -> dict:
    return {f.name: getattr(args, f.name) for f in fields_of(config_cls)}


def build_run_configs(args):
    """Task, ModelConfig and TrainConfig from parsed args; SettingError if inconsistent."""
    cls = TASKS[args.task][0]
    own = {f.name for f in dataclasses.fields(cls)}
    params = {}
    for config_cls, _ in TASKS.values():
        for f in fields_of(config_cls):
            value = getattr(args, f.name)
            if value is None:
                continue
            if f.name not in own:
                names = ", ".join("--" + n for n in sorted(own)) or "none"
                raise SettingError(f"--{f.name} does not apply to task '{args.task}' "
                                   f"(its settings: {names}).")
            params[f.name] = value
    task = make_task(args.task, task_config(args.task, **params))
    return task, ModelConfig(**_pick(args, ModelConfig)), TrainConfig(**_pick(args, TrainConfig))


def _train(args):
    """Build the run from the flags and train it for --steps, printing progress unless --json."""
    from engine.trainer import Trainer

    if not 1 <= args.steps <= MAX_STEPS:
        raise SettingError(f"--steps must be between 1 and {MAX_STEPS}.")
    task, model_config, train_config = build_run_configs(args)
    trainer = Trainer(task, model_config, train_config, history_capacity=args.steps + 2)
    every = max(1, args.steps // 10)
    while trainer.state.step < args.steps and trainer.state.status == "ok":
        records = trainer.step(min(every, args.steps - trainer.state.step))
        if not args.json:
            print(_line(records[-1]), flush=True)
    return trainer


def _config_json(trainer, steps: int) -> dict:
    return {"task": trainer.task.name, "task_params": dataclasses.asdict(trainer.task.config),
            "model": dataclasses.asdict(trainer.model_config),
            "train": dataclasses.asdict(trainer.config), "steps": steps}


def cmd_decay(args) -> int:
    """Train, then measure ||dL_T/dh_k|| for k = 1..T on the fixed probe batch."""
    from engine.gradflow import gradient_by_step, probe_batch

    trainer = _train(args)
    x, y = probe_batch(trainer.task)
    layers = gradient_by_step(trainer.model, x, y, truncate=trainer.config.tbptt)
    top = [r for r in layers if r["direction"] == "forward"][-1]
    result = {"config": _config_json(trainer, args.steps), "status": trainer.state.status,
              "diverged_at": trainer.state.diverged_at, **trainer.evaluate(),
              "grad_norm_by_k": top["grad_norm_by_k"], "layers": layers}
    if args.json:
        print(json.dumps(jsonable(result)))
    else:
        g = top["grad_norm_by_k"]
        print(f"accuracy {result['accuracy']:.3f} on fresh sequences; ||dL_T/dh_k|| from "
              f"{g[-1]:.3g} at k={len(g)} to {g[0]:.3g} at k=1 (ratio {g[0] / g[-1]:.3g})")
    return 0


def cmd_train(args) -> int:
    from engine.checkpoint import save_checkpoint

    trainer = _train(args)
    task = trainer.task
    final = dict(trainer.history.last or {})
    if task.is_lm and trainer.state.status == "ok":
        final["val_perplexity"] = trainer.heldout_perplexity()
    if args.save:
        save_checkpoint(trainer, args.save)
    result = {
        "config": _config_json(trainer, args.steps),
        "history": trainer.history.view(),
        "final": final, "status": trainer.state.status, "diverged_at": trainer.state.diverged_at,
    }
    if args.json:
        print(json.dumps(jsonable(result)))
    elif trainer.state.status == "diverged":
        print(f"diverged at step {trainer.state.diverged_at}: loss or gradient is not finite "
              "(try a smaller --lr or --clip 1)")
    if args.save and not args.json:
        print(f"saved checkpoint to {args.save}")
    return 0


def _line(r: dict) -> str:
    parts = [f"step {r['step']:>6}", f"loss {r['loss']:.4f}", f"acc {r['accuracy']:.3f}",
             f"grad_norm {r['grad_norm']:.3g}"]
    if "perplexity" in r:
        parts.append(f"ppl {r['perplexity']:.3f}")
    return "  ".join(parts)


def cmd_tasks(args) -> int:
    rows = []
    for name, (cfg, cls) in TASKS.items():
        example = make_task(name).example()
        rows.append({"name": name, "doc": cls.__doc__.strip(), "settings": describe(cfg),
                     "example": example})
    if args.json:
        print(json.dumps(rows))
        return 0
    for row in rows:
        ex = row["example"]
        print(f"{row['name']}: {row['doc']}")
        print("    input : " + " ".join(ex["input"]))
        print("    target: " + " ".join("." if t is None else t for t in ex["target"]))
        for s in row["settings"]:
            rng = f" one of {s['choices']}" if "choices" in s else (
                f" {s.get('lo')}..{s.get('hi')}" if "lo" in s else "")
            print(f"    --{s['name']} (default {s['default']!r};{rng}) {s['help']}")
        print()
    return 0


def _run_parser(sub, name: str, help: str, run):
    """A subcommand with every Train-page setting as a flag (same names and defaults)."""
    p = sub.add_parser(name, help=help)
    p.add_argument("--task", choices=list(TASKS), default="copy", help="what to learn")
    seen: set[str] = set()
    for config_cls, _ in TASKS.values():
        _add_fields(p, config_cls, none_defaults=True, seen=seen)
    _add_fields(p, ModelConfig)
    _add_fields(p, TrainConfig)
    p.add_argument("--steps", type=int, default=300, help="optimisation steps to run")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--threads", type=int, default=1, help="torch CPU threads")
    p.set_defaults(run=run)
    return p


def _config_parser(sub, name: str, help: str, config_classes, run, skip=()):
    """A subcommand whose flags are the fields of `config_classes` (same names and defaults as
    the page's sliders); it prints `run(args)` as JSON."""
    p = sub.add_parser(name, help=help)
    seen = set(skip)
    for cls in config_classes:
        _add_fields(p, cls, seen=seen)
    p.add_argument("--json", action="store_true", help="print one JSON object (else indented)")

    def go(args):
        print(json.dumps(jsonable(run(args)), indent=None if args.json else 1))
        return 0
    p.set_defaults(run=go)
    return p


def _build(args, cls, **extra):
    return cls(**{f.name: getattr(args, f.name) for f in fields_of(cls) if f.name not in extra},
               **extra)


def _toy(args):
    from engine.toy import ToyConfig, make_inputs, run_toy, unrolled_latex

    config = _build(args, ToyConfig, x=make_inputs("typed", args.length, typed=args.x))
    return {**run_toy(config), "unrolled": unrolled_latex(config)}


def _vector(args):
    from engine.toy import VectorConfig, run_vector

    return run_vector(_build(args, VectorConfig))


def _cliff(args):
    from engine.cliff import CliffConfig, DescentConfig, compare, loss_surface

    config = _build(args, CliffConfig)
    return {"surface": loss_surface(config), **compare(config, _build(args, DescentConfig))}


def cmd_gates(args) -> int:
    """Gates, cell states and hidden states of a saved model on your text (issue 5)."""
    from engine.checkpoint import load_checkpoint
    from engine.gates import encode_probe, gate_traces

    task, model, *_ = load_checkpoint(args.checkpoint)
    ids = encode_probe(task, args.text)
    result = {"tokens": task.vocab.decode(ids[0]), **gate_traces(model, ids)}
    print(json.dumps(jsonable(result), indent=None if args.json else 1))
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m engine", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    p = _run_parser(sub, "train", "train a model and print its history", cmd_train)
    p.add_argument("--save", metavar="PATH", help="write a checkpoint here at the end")
    _run_parser(sub, "decay", "train, then print ||dL_T/dh_k|| for every step k", cmd_decay)
    from engine.cliff import CliffConfig, DescentConfig
    from engine.toy import ToyConfig, VectorConfig

    p = _config_parser(sub, "toy", "the course's scalar toy RNN: h_t and dh_T/dh_k by autograd "
                       "and by the product formula", [ToyConfig], _toy, skip=("x",))
    p.add_argument("--x", default="0.5", help="the inputs: one number (repeated) or `length` "
                   "comma-separated numbers")
    _config_parser(sub, "vector", "an H-unit RNN: ||dh_T/dh_k|| for a W_hh of chosen spectral "
                   "radius", [VectorConfig], _vector)
    _config_parser(sub, "cliff", "Pascanu's one-unit loss surface, and descent with and without "
                   "clipping", [CliffConfig, DescentConfig], _cliff)
    p = sub.add_parser("gates", help="gates and states of a saved model (--save) on your text")
    p.add_argument("--checkpoint", required=True, metavar="PATH", help="from train --save")
    p.add_argument("--text", required=True, help="the probe input, in the model's vocabulary")
    p.add_argument("--json", action="store_true", help="print one JSON object (else indented)")
    p.set_defaults(run=cmd_gates)
    p = sub.add_parser("tasks", help="list the tasks and their settings")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=cmd_tasks)
    from engine.cli import seq2seq; seq2seq.register(sub)  # noqa: E702  seq2seq, decode
    from engine.cli import embed; embed.register(sub)  # noqa: E702  cooc, embed
    return parser


def main(argv=None) -> int:
    try:
        args = make_parser().parse_args(argv)
    except SystemExit as exc:  # bad flags (code 2, one line already printed) or --help (0)
        return int(exc.code or 0)
    if getattr(args, "threads", None):
        torch.set_num_threads(max(1, args.threads))
    try:
        return args.run(args)
    except SettingError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"{exc.strerror or exc}: {exc.filename or ''}".strip(": "))
