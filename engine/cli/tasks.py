"""`python -m engine tasks`: the Train page's tasks, each with its settings (flag, default,
range) and one example input/target pair.
"""
from __future__ import annotations

import json

from engine.fields import describe
from engine.tasks import TASKS, make_task


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


def register(sub) -> None:
    """Add the `tasks` subcommand to the `python -m engine` parser."""
    p = sub.add_parser("tasks", help="list the tasks and their settings")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=cmd_tasks)
