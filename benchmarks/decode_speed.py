"""Benchmark: decoding time per sequence for greedy decoding and beam widths 1, 5 and 10.

    python benchmarks/decode_speed.py
    python benchmarks/decode_speed.py --task reverse --length 20 --steps 300

Trains a Bahdanau encoder-decoder briefly (the default page settings: GRU, 32 units per
direction, one torch thread), then decodes the same held-out inputs with each method, taking the
median of several rounds of CPU time on this thread (so other processes on the machine do not
inflate it). Prints a table with the ratio to greedy decoding. Not a test.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.config import TrainConfig
from engine.seq2seq.decode import beam_search, greedy
from engine.seq2seq.model import Seq2SeqConfig
from engine.seq2seq.tasks import make_seq2seq_task
from engine.seq2seq.trainer import Seq2SeqTrainer


def per_sequence(decode, sources, rounds: int) -> float:
    """Median over rounds of (CPU seconds of this thread / sequences)."""
    times = []
    for _ in range(rounds):
        start = time.thread_time()
        for src in sources:
            decode(src)
        times.append((time.thread_time() - start) / len(sources))
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--task", default="dates", choices=["dates", "reverse", "sort"])
    parser.add_argument("--length", type=int, default=None, help="longest input (task default)")
    parser.add_argument("--steps", type=int, default=300, help="training steps before timing")
    parser.add_argument("--sequences", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--alpha", type=float, default=0.7)
    args = parser.parse_args()
    torch.set_num_threads(1)
    params = {} if args.length is None else {"length": args.length}
    task = make_seq2seq_task(args.task, **params)
    trainer = Seq2SeqTrainer(task, Seq2SeqConfig(), TrainConfig(clip=5.0))
    trainer.step(args.steps)
    model, vocab = trainer.model, task.tgt_vocab
    pairs = task.heldout(args.sequences, seed=99)
    sources = [task.encode_source(s) for s, _ in pairs]
    mean_in = sum(len(s) for s, _ in pairs) / len(pairs)
    mean_out = sum(len(t) for _, t in pairs) / len(pairs)
    methods = [("greedy", lambda s: greedy(model, s, vocab, args.alpha))]
    methods += [(f"beam {w}", lambda s, w=w: beam_search(model, s, vocab, w, args.alpha))
                for w in (1, 5, 10)]
    for _, decode in methods:  # warm-up
        decode(sources[0])
    print(f"[decode speed] {args.task}, GRU 32/direction + Bahdanau, trained {args.steps} steps, "
          f"{len(pairs)} held-out inputs (mean {mean_in:.1f} chars in, {mean_out:.1f} out), "
          f"1 thread, median of {args.rounds} rounds (CPU time)")
    greedy_time = None
    print(f"  {'method':<8} {'ms / sequence':>14} {'x greedy':>9}")
    for name, decode in methods:
        t = per_sequence(decode, sources, args.rounds)
        greedy_time = greedy_time or t
        print(f"  {name:<8} {1000 * t:14.2f} {t / greedy_time:9.2f}")


if __name__ == "__main__":
    main()
