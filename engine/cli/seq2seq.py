"""`python -m engine seq2seq ...` (train an encoder-decoder) and `decode ...` (beam search).

Flags come from the same setting tables as the Attention page's controls; `--pairs FILE` trains
on a user's own source<TAB>target lines instead of a generated task. Bad arguments exit
with code 2 and one line (engine.cli.common's conventions).
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
    read_checkpoint,
    task_params,
)
from engine.config import TrainConfig
from engine.fields import SettingError, fields_of
from engine.seq2seq.decode import DecodeConfig, decode_text
from engine.seq2seq.model import Seq2SeqConfig
from engine.seq2seq.pairs import MIN_PAIRS
from engine.seq2seq.tasks import SEQ2SEQ_TASKS, make_seq2seq_task
from engine.uploads import MAX_UPLOAD_MB, read_text_file

MAX_HELDOUT = 5000
GENERATED = {name: entry for name, entry in SEQ2SEQ_TASKS.items() if name != "pairs"}  # flags


def build_task(args):
    """The task from --task (or --pairs) and its own settings; SettingError names a flag that
    does not apply. With --pairs, what was read is kept in args.pairs_file for the output."""
    if args.pairs is not None:
        return pairs_task(args)
    args.task = args.task or "reverse"
    if args.task == "pairs":
        raise SettingError("--task pairs trains on your own pairs: give them with --pairs FILE "
                           "(one source<TAB>target per line).")
    return make_seq2seq_task(args.task, **task_params(args, GENERATED))


def pairs_task(args):
    """The pairs task on the file --pairs names, read and checked as an upload is."""
    if args.task not in (None, "pairs"):
        raise SettingError(f"--pairs trains on your own pairs, not on task '{args.task}'; "
                           "leave out --task (or give --task pairs).")
    args.task = "pairs"
    for cls, _ in GENERATED.values():
        for f in fields_of(cls):
            if getattr(args, f.name) is not None:
                raise SettingError(f"--{f.name.replace('_', '-')} does not apply to --pairs "
                                   "(the pairs file is the whole task).")
    file = read_text_file(args.pairs, "--pairs")
    task = make_seq2seq_task("pairs", text=file.text)
    n_train, n_held = len(task.train_pairs), len(task.heldout_pairs)
    args.pairs_file = {"path": str(args.pairs), "bytes": file.size, "sha256": file.sha256,
                       "pairs": n_train + n_held, "train_pairs": n_train, "heldout_pairs": n_held}
    if not args.json:
        print(f"{file.name}: {n_train + n_held:,} pairs; {n_held:,} of them (a tenth, by source) "
              f"are held out to test the model, {n_train:,} train it.", flush=True)
    return task


def config_json(trainer, args) -> dict:
    """The run's settings; with --pairs, the file's record stands for its (long) text."""
    params = dataclasses.asdict(trainer.task.config)
    out = {"task": trainer.task.name, "task_params": params,
           "model": dataclasses.asdict(trainer.model_config),
           "train": dataclasses.asdict(trainer.config), "steps": args.steps}
    if args.pairs is not None:
        del params["text"]
        out["pairs_file"] = args.pairs_file
    return out


def cmd_seq2seq(args) -> int:
    from engine.seq2seq.checkpoint import save_seq2seq
    from engine.seq2seq.evaluate import evaluate
    from engine.seq2seq.trainer import Seq2SeqTrainer

    if not 1 <= args.steps <= MAX_STEPS:
        raise SettingError(f"--steps must be between 1 and {MAX_STEPS}.")
    if not 1 <= args.heldout <= MAX_HELDOUT:
        raise SettingError(f"--heldout must be between 1 and {MAX_HELDOUT}.")
    check_save_path(args.save)  # before training: a bad path must not cost the trained model
    task = build_task(args)
    trainer = Seq2SeqTrainer(task, build(args, Seq2SeqConfig),
                             build(args, TrainConfig, tbptt=0), history_capacity=args.steps + 2)
    every = max(1, args.steps // 10)
    while trainer.state.step < args.steps and trainer.state.status == "ok":
        r = trainer.step(min(every, args.steps - trainer.state.step))[-1]
        if not args.json:
            print(f"step {r['step']:>6}  loss {r['loss']:.4f}  token acc {r['accuracy']:.3f}  "
                  f"exact {r['exact_match']:.3f}  grad_norm {r['grad_norm']:.3g}", flush=True)
    heldout = task.heldout(args.heldout)  # a pairs task may hold out fewer
    scores = evaluate(trainer.model, task, heldout, bin_width=task.bin_width)
    if args.save:
        save_seq2seq(trainer, args.save)
    result = {"config": config_json(trainer, args),
              "history": trainer.history.view(), "final": trainer.history.last,
              "status": trainer.state.status, "diverged_at": trainer.state.diverged_at,
              "heldout_size": len(heldout), **scores}
    if args.json:
        print(json.dumps(jsonable(result)))
        return 0
    if trainer.state.status == "diverged":
        print(f"diverged at step {trainer.state.diverged_at} (try a smaller --lr or --clip 1)")
    print(f"held-out ({len(heldout)} greedy decodes): exact match {scores['exact_match']:.3f}, "
          f"token accuracy {scores['token_accuracy']:.3f}, BLEU {scores['bleu']:.1f}")
    for row in scores["by_length"]:
        print(f"  input length {row['label']:>5}: n={row['n']:<4} exact {row['exact_match']:.3f}  "
              f"tokens {row['token_accuracy']:.3f}  BLEU {row['bleu']:.1f}")
    if args.save:
        print(f"saved checkpoint to {args.save}")
    return 0


def cmd_decode(args) -> int:
    from engine.seq2seq.checkpoint import load_seq2seq

    config = build(args, DecodeConfig)
    task, model, *_ = read_checkpoint(load_seq2seq, args.checkpoint)
    result = decode_text(task, model, args.input, config)
    print(json.dumps(jsonable(result), indent=None if args.json else 1, ensure_ascii=False))
    return 0


def register(sub) -> None:
    """Add the `seq2seq` and `decode` subcommands to engine.cli's parser."""
    p = sub.add_parser("seq2seq", help="train an encoder-decoder with or without attention and "
                       "print its history and held-out exact match, token accuracy and BLEU")
    p.add_argument("--task", choices=list(SEQ2SEQ_TASKS),
                   help="what to learn (default: reverse; pairs: your own, from --pairs)")
    p.add_argument("--pairs", metavar="FILE",
                   help=f"train on your own pairs: a UTF-8 file of source<TAB>target lines, at "
                        f"least {MIN_PAIRS} (at most {MAX_UPLOAD_MB} MB); implies --task pairs")
    seen = {"text"}  # the pairs' text comes from --pairs
    for cls, _ in SEQ2SEQ_TASKS.values():
        add_fields(p, cls, none_defaults=True, seen=seen)
    add_fields(p, Seq2SeqConfig)
    add_fields(p, TrainConfig, seen={"tbptt"})
    p.add_argument("--steps", type=int, default=300, help="optimisation steps to run")
    p.add_argument("--heldout", type=int, default=400, help="held-out examples to decode")
    p.add_argument("--save", metavar="PATH", help="write a checkpoint here at the end")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--threads", type=int, default=1, help="torch CPU threads")
    p.set_defaults(run=cmd_seq2seq)
    p = sub.add_parser("decode", help="greedy or beam-search decoding of your input by a model "
                       "saved with `seq2seq --save`")
    p.add_argument("--checkpoint", required=True, metavar="PATH", help="from seq2seq --save")
    p.add_argument("--input", required=True, help="the source text, in the task's alphabet")
    add_fields(p, DecodeConfig)
    p.add_argument("--json", action="store_true", help="print one JSON object (else indented)")
    p.set_defaults(run=cmd_decode)
