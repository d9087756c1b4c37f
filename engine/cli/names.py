"""`python -m engine names`: train a character model on a generated list of names, sample new
ones at a temperature, and report how many are new, valid and repeated (engine.generate).

Flags come from the names task's, the model's and the training settings' tables; bad flags exit
with code 2 and one line (engine.cli.common's conventions).
"""
from __future__ import annotations

import dataclasses
import json

from engine.cli.common import MAX_STEPS, add_fields, build, jsonable
from engine.config import ModelConfig, TrainConfig
from engine.fields import SettingError
from engine.tasks.names import NamesConfig, NamesTask

DEFAULT_STEPS = 600  # measured (LSTM, 32 units): at temperature 1, 85-97% of samples valid
MAX_SAMPLES = 5000


def cmd_names(args) -> int:
    """Train on the list, sample --samples names at --temperature and print the report."""
    from engine.generate import novelty_report, sample_names
    from engine.trainer import Trainer

    if not 1 <= args.steps <= MAX_STEPS:
        raise SettingError(f"--steps must be between 1 and {MAX_STEPS}.")
    if not 1 <= args.samples <= MAX_SAMPLES:
        raise SettingError(f"--samples must be between 1 and {MAX_SAMPLES}.")
    if not 0.01 <= args.temperature <= 10:  # sample_names checks it too, but after training
        raise SettingError("--temperature must be between 0.01 and 10.")
    task = NamesTask(build(args, NamesConfig))
    trainer = Trainer(task, build(args, ModelConfig), build(args, TrainConfig),
                      history_capacity=args.steps + 2)
    every = max(1, args.steps // 10)
    while trainer.state.step < args.steps and trainer.state.status == "ok":
        r = trainer.step(min(every, args.steps - trainer.state.step))[-1]
        if not args.json:
            print(f"step {r['step']:>6}  loss {r['loss']:.4f}", flush=True)
    ok = trainer.state.status == "ok"
    final = dict(trainer.history.last or {})
    report = None
    if ok:
        final["val_perplexity"] = trainer.heldout_perplexity()
        report = novelty_report(sample_names(trainer.model, task, args.samples,
                                             args.temperature, args.seed), task)
    result = {"config": config_json(trainer, args), "status": trainer.state.status,
              "diverged_at": trainer.state.diverged_at, "final": final,
              "train_names": len(task.train_names), "heldout_names": len(task.heldout_names),
              "report": report}
    if args.json:
        print(json.dumps(jsonable(result)))
    elif not ok:
        print(f"diverged at step {trainer.state.diverged_at}: nothing to sample (try a smaller "
              "--lr or --clip 1)")
    else:
        print_report(result, args.temperature)
    return 0


def config_json(trainer, args) -> dict:
    """The run's settings, the sampling ones included."""
    return {"task": trainer.task.name, "task_params": dataclasses.asdict(trainer.task.config),
            "model": dataclasses.asdict(trainer.model_config),
            "train": dataclasses.asdict(trainer.config), "steps": args.steps,
            "temperature": args.temperature, "samples": args.samples}


def print_report(result: dict, temperature: float) -> None:
    """The report in words, then its examples, each marked."""
    r = result["report"]
    print(f"held-out perplexity {result['final']['val_perplexity']:.3f} on "
          f"{result['heldout_names']} unseen names")
    print(f"{r['n']} samples at temperature {temperature:g}: {r['share_new']:.0%} new (not among "
          f"the {result['train_names']} training names), {r['share_valid']:.0%} valid (the "
          f"grammar accepts them), {r['share_repeated']:.0%} repeated")
    print("examples (+ new, = in the training list, ! not valid, xN drawn N times):")
    for e in r["examples"]:
        marks = ("+" if e["new"] else "=") + ("" if e["valid"] else "!")
        print(f"  {marks:<3} {e['name']}" + (f"  x{e['count']}" if e["count"] > 1 else ""))


def register(sub) -> None:
    """Add the `names` subcommand to the `python -m engine` parser."""
    p = sub.add_parser("names", help="train on generated names, sample new ones, report novelty")
    add_fields(p, NamesConfig)
    add_fields(p, ModelConfig)
    add_fields(p, TrainConfig)
    p.add_argument("--steps", type=int, default=DEFAULT_STEPS, help="optimisation steps to run")
    p.add_argument("--temperature", type=float, default=1.0,
                   help="sampling temperature: low repeats the likeliest names, high invents more")
    p.add_argument("--samples", type=int, default=200, help="names to sample")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--threads", type=int, default=1, help="torch CPU threads")
    p.set_defaults(run=cmd_names)
