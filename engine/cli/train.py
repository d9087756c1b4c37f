"""`python -m engine train|decay`: train a model from the Train page's settings, then print its
history (train) or how the gradient decays back through time (decay).

Flags are generated from the config field tables, so each has the same name, default and range
as the matching control on the Train page.
"""
from __future__ import annotations

import dataclasses
import json

from engine.cli.common import (
    MAX_STEPS,
    add_fields,
    build,
    check_save_path,
    jsonable,
    task_params,
)
from engine.config import ModelConfig, TrainConfig
from engine.fields import SettingError
from engine.tasks import TASKS, make_task, task_config
from engine.tasks.lm import MAX_TEXT_CHARS
from engine.uploads import MAX_UPLOAD_MB, cap, read_text_file, used_note


def build_run_configs(args):
    """Task, ModelConfig and TrainConfig from parsed args; SettingError if inconsistent."""
    params = task_params(args, TASKS)
    if args.text_file:
        params["text"] = text_from_file(args, params)
    task = make_task(args.task, task_config(args.task, **params))
    return task, build(args, ModelConfig), build(args, TrainConfig)


def text_from_file(args, params: dict) -> str:
    """--text-file's text, checked as an upload is and cut to the corpus limit; what was read
    and used is kept in args.text_file_info for the output."""
    if args.task != "charlm":
        raise SettingError("--text-file is the training text of --task charlm.")
    if params.get("text"):
        raise SettingError("Give --text or --text-file, not both.")
    file = read_text_file(args.text_file)
    text = cap(file.text, MAX_TEXT_CHARS)
    args.text_file_info = {"path": str(args.text_file), "bytes": file.size, "sha256": file.sha256,
                           "characters": file.chars, "used_characters": len(text)}
    if not args.json:
        print(used_note(file, MAX_TEXT_CHARS), flush=True)
    return text


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


def _line(r: dict) -> str:
    parts = [f"step {r['step']:>6}", f"loss {r['loss']:.4f}", f"acc {r['accuracy']:.3f}",
             f"grad_norm {r['grad_norm']:.3g}"]
    if "perplexity" in r:
        parts.append(f"ppl {r['perplexity']:.3f}")
    return "  ".join(parts)


def _config_json(trainer, args) -> dict:
    """The run's settings; with --text-file, the file's record stands for its (long) text."""
    params = dataclasses.asdict(trainer.task.config)
    out = {"task": trainer.task.name, "task_params": params,
           "model": dataclasses.asdict(trainer.model_config),
           "train": dataclasses.asdict(trainer.config), "steps": args.steps}
    if getattr(args, "text_file_info", None):
        del params["text"]
        out["text_file"] = args.text_file_info
    return out


def cmd_decay(args) -> int:
    """Train, then measure ||dL_T/dh_k|| for k = 1..T on the fixed probe batch."""
    from engine.gradflow import gradient_by_step, probe_batch

    trainer = _train(args)
    x, y = probe_batch(trainer.task)
    layers = gradient_by_step(trainer.model, x, y, truncate=trainer.config.tbptt)
    top = [r for r in layers if r["direction"] == "forward"][-1]
    result = {"config": _config_json(trainer, args), "status": trainer.state.status,
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

    check_save_path(args.save)  # before training: a bad path must not cost the trained model
    trainer = _train(args)
    task = trainer.task
    final = dict(trainer.history.last or {})
    if task.is_lm and trainer.state.status == "ok":
        final["val_perplexity"] = trainer.heldout_perplexity()
    if args.save:
        save_checkpoint(trainer, args.save)
    result = {
        "config": _config_json(trainer, args),
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


def _run_parser(sub, name: str, help: str, run):
    """A subcommand with every Train-page setting as a flag (same names and defaults)."""
    p = sub.add_parser(name, help=help)
    p.add_argument("--task", choices=list(TASKS), default="copy", help="what to learn")
    seen: set[str] = set()
    for config_cls, _ in TASKS.values():
        add_fields(p, config_cls, none_defaults=True, seen=seen)
    add_fields(p, ModelConfig)
    add_fields(p, TrainConfig)
    p.add_argument("--text-file", metavar="PATH",
                   help=f"charlm: train on this UTF-8 text file (at most {MAX_UPLOAD_MB} MB; its "
                        f"first {MAX_TEXT_CHARS:,} characters are used)")
    p.add_argument("--steps", type=int, default=300, help="optimisation steps to run")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--threads", type=int, default=1, help="torch CPU threads")
    p.set_defaults(run=run)
    return p


def register(sub) -> None:
    """Add the `train` and `decay` subcommands to the `python -m engine` parser."""
    p = _run_parser(sub, "train", "train a model and print its history", cmd_train)
    p.add_argument("--save", metavar="PATH", help="write a checkpoint here at the end")
    _run_parser(sub, "decay", "train, then print ||dL_T/dh_k|| for every step k", cmd_decay)
