"""Held-out scores of a seq2seq model: exact match, token accuracy and BLEU, overall and by
input length (greedy decoding).

BLEU is sacrebleu's corpus BLEU (Papineni et al. 2002) on characters: each output and reference
is written as space-separated characters and scored with tokenize="none", so one character is one
token. With effective_order=True the n-gram orders that have no n-grams at all (outputs shorter
than 4 characters) are left out of the geometric mean instead of zeroing it.
"""
from __future__ import annotations

from collections import defaultdict

import numpy as np
import torch
from sacrebleu.metrics import BLEU

from engine.seq2seq.decode import greedy_batch

_BLEU = BLEU(tokenize="none", effective_order=True)


def bleu(hypotheses: list[str], references: list[str]) -> float:
    """Corpus BLEU (0-100) of output strings against one reference each, on characters."""
    return float(_BLEU.corpus_score([" ".join(h) for h in hypotheses],
                                    [[" ".join(r) for r in references]]).score)


def token_hits(hypothesis: str, reference: str) -> int:
    """Positions i where the output has the reference's character i."""
    return sum(a == b for a, b in zip(hypothesis, reference))


def scores(hypotheses: list[str], references: list[str]) -> dict:
    """exact_match: share of outputs equal to their reference; token_accuracy: characters in
    the right place / the longer of output and reference (so extra or missing characters
    count as errors); bleu: corpus BLEU on characters (0-100)."""
    return {"n": len(references),
            "exact_match": float(np.mean([h == r for h, r in zip(hypotheses, references)])),
            "token_accuracy": sum(map(token_hits, hypotheses, references)) /
            max(1, sum(max(len(h), len(r)) for h, r in zip(hypotheses, references))),
            "bleu": bleu(hypotheses, references)}


def decode_all(model, task, pairs, batch_size: int = 100, progress=None) -> list[str]:
    """Greedy outputs for every (source, target) pair; progress(done, total) after each batch."""
    outputs = []
    for start in range(0, len(pairs), batch_size):
        chunk = pairs[start:start + batch_size]
        batch = task.encode_pairs(chunk)
        hyps = greedy_batch(model, torch.from_numpy(batch.src), torch.from_numpy(batch.src_len),
                            task.tgt_vocab, int(batch.tgt_out.shape[1]) + 4)
        outputs += [h["text"] for h in hyps]
        if progress is not None:
            progress(len(outputs), len(pairs))
    return outputs


def length_bin(length: int, lo: int, width: int) -> tuple[int, str]:
    """Bin of an input length: (first length of the bin, its label such as '8-11')."""
    start = lo + (length - lo) // width * width
    return start, str(start) if width == 1 else f"{start}-{start + width - 1}"


def evaluate(model, task, pairs, bin_width: int = 1, progress=None) -> dict:
    """Decode `pairs` (held-out (source, target) pairs) greedily and score them.
    -> {exact_match, token_accuracy, bleu, n, by_length: [{length, label, n, exact_match,
    token_accuracy, bleu}], examples: first 5 {source, target, output}}."""
    outputs = decode_all(model, task, pairs, progress=progress)
    refs = [t for _, t in pairs]
    groups = defaultdict(list)
    lo = min(len(s) for s, _ in pairs)
    for i, (source, _) in enumerate(pairs):
        groups[length_bin(len(source), lo, bin_width)].append(i)
    by_length = [{"length": start, "label": label,
                  **scores([outputs[i] for i in idx], [refs[i] for i in idx])}
                 for (start, label), idx in sorted(groups.items())]
    return {**scores(outputs, refs), "by_length": by_length,
            "examples": [{"source": s, "target": t, "output": o}
                         for (s, t), o in zip(pairs[:5], outputs)]}
