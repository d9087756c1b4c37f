"""`python -m engine cooc|embed`: co-occurrence counts and trained word vectors as JSON (issue 6).

    python -m engine cooc --text $'I like deep learning\nI like NLP\nI enjoy flying' --window 1 --json
    python -m engine embed --method skipgram --corpus synthetic --seed 0 --json
Flags come from the same setting tables as the Embeddings page's widgets.
"""
from __future__ import annotations

import dataclasses
import json

from engine.cli.common import add_fields, jsonable
from engine.embed.cooc import CoocConfig, cooc_table
from engine.embed.corpus import CorpusConfig
from engine.embed.run import MAX_STEPS, TRAINERS, train
from engine.embed.tools import class_separation
from engine.fields import SettingError, fields_of


def _print(result: dict, compact: bool) -> int:
    print(json.dumps(jsonable(result), ensure_ascii=False, indent=None if compact else 1))
    return 0


def cmd_cooc(args) -> int:
    return _print(cooc_table(args.text, args.window), args.json)


def cmd_embed(args) -> int:
    if not 1 <= args.steps <= MAX_STEPS:
        raise SettingError(f"--steps must be between 1 and {MAX_STEPS}.")
    corpus_config = CorpusConfig(**{f.name: getattr(args, f.name) for f in fields_of(CorpusConfig)})
    config_cls = TRAINERS[args.method][0]
    own = {f.name for f in dataclasses.fields(config_cls)}
    params = {"seed": args.seed}
    for cls, _ in TRAINERS.values():
        for f in fields_of(cls):
            value = getattr(args, f.name)
            if value is None or f.name == "seed":
                continue
            if f.name not in own:
                raise SettingError(f"--{f.name.replace('_', '-')} does not apply to --method "
                                   f"{args.method} (its settings: "
                                   f"{', '.join('--' + n.replace('_', '-') for n in sorted(own))}).")
            params[f.name] = value
    trainer = train(args.method, corpus_config, config_cls(**params), args.steps)
    corpus = trainer.corpus
    vectors = trainer.vectors()
    result = {"method": args.method, "corpus": corpus.name, "config": dataclasses.asdict(trainer.config),
              "steps": trainer.state.step, "status": trainer.state.status,
              "diverged_at": trainer.state.diverged_at,
              "loss": trainer.history.last["loss"] if trainer.history.last else None,
              "words": corpus.words, "classes": corpus.classes,
              "vectors": [[round(float(v), 6) for v in row] for row in vectors],
              "parameters": trainer.parameter_count}
    report = trainer.fit_report()
    if report is not None:  # GloVe: fitted to the non-zero counts X_ij
        result["nonzero_counts"] = report["counts"]
        result["more_parameters_than_counts"] = report["overfits"]
    if trainer.state.status == "ok":
        try:
            result["class_separation"] = class_separation(vectors, corpus.classes)
        except SettingError:  # fewer than two classes of two words: nothing to compare
            pass
    return _print(result, args.json)


def register(sub) -> None:
    """Add the `cooc` and `embed` subcommands to the `python -m engine` parser."""
    p = sub.add_parser("cooc", help="window co-occurrence counts of a tiny text (GloVe's X)")
    p.add_argument("--text", required=True, help="one sentence per line; windows do not cross "
                   "lines; words split on spaces, case kept")
    add_fields(p, CoocConfig)
    p.add_argument("--json", action="store_true", help="print one JSON line (else indented)")
    p.set_defaults(run=cmd_cooc)

    p = sub.add_parser("embed", help="train skip-gram or GloVe word vectors and print them")
    p.add_argument("--method", choices=list(TRAINERS), default="skipgram",
                   help="skip-gram with negative sampling, or GloVe")
    seen = {"seed"}
    add_fields(p, CorpusConfig)  # includes --seed (the corpus's and the trainer's)
    for cls, _ in TRAINERS.values():
        add_fields(p, cls, none_defaults=True, seen=seen)  # each method keeps its own defaults
    p.add_argument("--steps", type=int, default=2000, help="training steps (minibatches)")
    p.add_argument("--json", action="store_true", help="print one JSON line (else indented)")
    p.set_defaults(run=cmd_embed)
