"""`python -m engine gates`: gates, cell states and hidden states of a model saved with
`train --save`, on your text (issue 5). Prints what the Gates page draws, as JSON.
"""
from __future__ import annotations

import json

from engine.cli.common import jsonable, read_checkpoint


def cmd_gates(args) -> int:
    """Gates, cell states and hidden states of a saved model on your text (issue 5)."""
    from engine.checkpoint import load_checkpoint
    from engine.gates import encode_probe, gate_traces

    task, model, *_ = read_checkpoint(load_checkpoint, args.checkpoint)
    ids = encode_probe(task, args.text)
    result = {"tokens": task.vocab.decode(ids[0]), **gate_traces(model, ids)}
    print(json.dumps(jsonable(result), indent=None if args.json else 1))
    return 0


def register(sub) -> None:
    """Add the `gates` subcommand to the `python -m engine` parser."""
    p = sub.add_parser("gates", help="gates and states of a saved model (--save) on your text")
    p.add_argument("--checkpoint", required=True, metavar="PATH", help="from train --save")
    p.add_argument("--text", required=True, help="the probe input, in the model's vocabulary")
    p.add_argument("--json", action="store_true", help="print one JSON object (else indented)")
    p.set_defaults(run=cmd_gates)
