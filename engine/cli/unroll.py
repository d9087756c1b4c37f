"""`python -m engine unroll`: the unrolled network of a model saved with `train --save`, on your
text: what the Train page's network view draws (issue 14), as JSON.
"""
from __future__ import annotations

import json

from engine.cli.common import jsonable, read_checkpoint
from engine.fields import SettingError


def cmd_unroll(args) -> int:
    """Hidden states, gates, top guesses, losses and the backward pass of a saved model."""
    from engine.checkpoint import load_checkpoint
    from engine.gates import encode_probe
    from engine.unroll import text_targets, unroll

    task, model, _, train_config, _ = read_checkpoint(load_checkpoint, args.checkpoint)
    ids = encode_probe(task, args.text)
    target_ids = None
    if args.target is not None:
        target_ids = encode_probe(task, args.target)
    truncate = train_config.tbptt if args.truncate is None else args.truncate
    if truncate < 0:
        raise SettingError(f"--truncate must be 0 (full backpropagation) or more; got {truncate}.")
    if args.top < 1:
        raise SettingError(f"--top must be at least 1; got {args.top}.")
    targets = text_targets(task, ids, target_ids)
    result = unroll(model, task, ids, targets, truncate=truncate, top=args.top)
    print(json.dumps(jsonable(result), indent=None if args.json else 1, ensure_ascii=False))
    return 0


def register(sub) -> None:
    """Add the `unroll` subcommand to the `python -m engine` parser."""
    p = sub.add_parser("unroll", help="the unrolled network of a saved model (--save) on your text")
    p.add_argument("--checkpoint", required=True, metavar="PATH", help="from train --save")
    p.add_argument("--text", required=True, help="the input x<1..T>, in the model's vocabulary")
    p.add_argument("--target", default=None,
                   help="one target per input token (default for a language model: the next "
                        "token of --text, the last step unscored; other tasks: none)")
    p.add_argument("--truncate", type=int, default=None, metavar="K",
                   help="cut the backward pass every K steps (default: the checkpoint's tbptt)")
    p.add_argument("--top", type=int, default=3, help="guesses shown per step (default 3)")
    p.add_argument("--json", action="store_true", help="print one JSON object (else indented)")
    p.set_defaults(run=cmd_unroll)
