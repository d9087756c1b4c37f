"""`python -m engine naive-bayes|sentiment`: the course's Naive Bayes example, computed exactly,
and three sentiment models (Naive Bayes, averaged embeddings, LSTM) compared by phrase type.

    python -m engine naive-bayes [--k K] [--json]
    python -m engine sentiment [--language english|korean] [--steps N] [--seed S] [--threads T]
                               [--json]

JSON of `naive-bayes` (fractions are strings such as "1/14"; "decimal" is rounded to two
significant digits as in the notes, "float" is the exact value as a float):
    bag_of_words: {vocabulary: [word], vectors: {sentence: [count per vocabulary word]}}
    documents: [{text, class, words}]     vocabulary_size     words_per_class: {class: n_c}
    query, zero: one classified query each (k = 0, the course's n_k / n)
    smoothed: {k, query, zero}: the same two queries with add-k smoothing
  where a classified query is {query, words, prediction, classes: {class: {prior: {written,
  value}, likelihoods: [{word, count, total, written, value}], product, score, decimal, float,
  zero_words}}} and zero_words lists the words never seen with that class.
JSON of `sentiment`:
    language, seed, steps, k, train_reviews, test_reviews, test_by_type: {type: reviews},
    examples: {type: {review, label}},
    models: {naive_bayes, average, recurrent}, each {accuracy, by_type: {plain, negated,
      contrasted, intensified}, seconds}; average also has pretrained_words, recurrent also
      cell, steps (taken) and status ("ok" or "diverged").
"""
from __future__ import annotations

import argparse
import json
from fractions import Fraction

from engine import naive_bayes, sentiment
from engine.cli.common import MAX_STEPS, jsonable
from engine.fields import SettingError
from engine.tasks.sentiment import LANGUAGES, TYPES


def positive_fraction(text: str) -> Fraction:
    """argparse type for --k: a positive number written as 1, 0.5 or 1/2."""
    try:
        value = Fraction(text)
    except (ValueError, ZeroDivisionError):
        value = None
    if value is None or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number such as 1, 0.5 or 1/2, "
                                         f"not {text!r}")
    return value


def _query_lines(result: dict) -> list[str]:
    """One classified query as text: each class's product, its value, then the argmax."""
    lines = [f"  d = \"{result['query']}\""]
    for c, row in result["classes"].items():
        zero = f"   (zero: {', '.join(row['zero_words'])} never seen with {c})" if row[
            "zero_words"] else ""
        lines.append(f"    {c:4} P(c) = {row['prior']['written']}; {row['product']} = "
                     f"{row['score']} ~ {row['decimal']}{zero}")
    lines.append(f"    argmax -> {result['prediction']}")
    return lines


def cmd_naive_bayes(args) -> int:
    result = naive_bayes.worked_example(args.k)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    bag = result["bag_of_words"]
    lines = ["Bag of words over {" + ", ".join(bag["vocabulary"]) + "}:"]
    lines += [f"  {s:38} {v}" for s, v in bag["vectors"].items()]
    lines.append("Naive Bayes, training documents (n_c: " + ", ".join(
        f"{c} {n} words" for c, n in result["words_per_class"].items()) + "):")
    lines += [f"  {d['class']:4} {d['text']}" for d in result["documents"]]
    lines.append("Score P(c) prod P(w|c), P(w|c) = n_wc / n_c:")
    lines += _query_lines(result["query"])
    lines.append("The zero-probability problem: one word unseen with a class zeroes it.")
    lines += _query_lines(result["zero"])
    smoothed = result["smoothed"]
    lines.append(f"Add-k smoothing, P(w|c) = (n_wc + k) / (n_c + k|V|), k = {smoothed['k']}, "
                 f"|V| = {result['vocabulary_size']}:")
    lines += _query_lines(smoothed["query"]) + _query_lines(smoothed["zero"])
    print("\n".join(lines))
    return 0


def cmd_sentiment(args) -> int:
    if not 1 <= args.steps <= MAX_STEPS:
        raise SettingError(f"--steps must be between 1 and {MAX_STEPS}.")
    result = sentiment.compare(args.language, args.steps, args.seed)
    if args.json:
        print(json.dumps(jsonable(result), ensure_ascii=False))
        return 0
    lines = [(f"sentiment ({result['language']}): {result['train_reviews']} training reviews, "
              f"{result['test_reviews']} held-out ones none of which was trained on; seed "
              f"{result['seed']}, {result['steps']} steps for the two neural models."),
             "examples:"]
    lines += [f"  {t:12} {ex['review']}  -> {ex['label']}"
              for t, ex in result["examples"].items() if ex]
    lines.append(f"  {'model':18}{'overall':>9}" + "".join(f"{t:>12}" for t in TYPES)
                 + f"{'seconds':>9}")
    for name, row in result["models"].items():
        label = f"{name} ({row['cell']})" if name == "recurrent" else name
        lines.append(f"  {label:18}{row['accuracy']:>9.3f}" + "".join(
            f"{row['by_type'][t]:>12.3f}" for t in TYPES) + f"{row['seconds']:>9.2f}")
    print("\n".join(lines))
    return 0


def register(sub) -> None:
    """Add the `naive-bayes` and `sentiment` subcommands to the `python -m engine` parser."""
    p = sub.add_parser("naive-bayes", help="the course's bag-of-words and Naive Bayes example, "
                       "exact fractions, and add-k smoothing")
    p.add_argument("--k", type=positive_fraction, default=Fraction(1),
                   help="add-k smoothing constant for the smoothed part (1, 0.5, 1/2 ...)")
    p.add_argument("--json", action="store_true", help="print one JSON line")
    p.set_defaults(run=cmd_naive_bayes)

    p = sub.add_parser("sentiment", help="Naive Bayes, averaged embeddings and an LSTM on the "
                       "same reviews: accuracy by phrase type")
    p.add_argument("--language", choices=LANGUAGES, default="english", help="review language")
    p.add_argument("--steps", type=int, default=sentiment.STEPS,
                   help="training steps (minibatches) of the averaging and the recurrent model")
    p.add_argument("--seed", type=int, default=0, help="seed of the reviews and the weights")
    p.add_argument("--threads", type=int, default=1, help="torch CPU threads")
    p.add_argument("--json", action="store_true", help="print one JSON line")
    p.set_defaults(run=cmd_sentiment)
