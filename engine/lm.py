"""Language-model probes: sample text at a temperature, and score a sentence char by char.

The course's "The apple and pear salad" vs "pair salad": a good model gives the sentence it has
seen more of a higher probability, so a lower perplexity.
"""
from __future__ import annotations

import math

import numpy as np
import torch

from engine.fields import SettingError
from engine.model import SequenceModel
from engine.vocab import Vocab

MAX_SCORED_CHARS = 2000


@torch.no_grad()
def sample(model: SequenceModel, vocab: Vocab, length: int = 200, temperature: float = 1.0,
           prime: str = "", seed: int = 0) -> str:
    """Generate `length` tokens, each drawn from softmax(logits / temperature).

    Low temperature -> the likeliest token nearly always (repetitive); high -> closer to uniform."""
    if not 0.01 <= temperature <= 10:
        raise SettingError("Temperature must be between 0.01 and 10.")
    gen = torch.Generator().manual_seed(seed)
    model.eval()
    prime_ids = vocab.encode(prime) if prime else np.array(
        [int(torch.randint(len(vocab), (1,), generator=gen))])
    x = torch.from_numpy(prime_ids).view(1, -1)
    logits, state = model(x)
    out = []
    for _ in range(length):
        probs = torch.softmax(logits[0, -1] / temperature, dim=-1)
        nxt = int(torch.multinomial(probs, 1, generator=gen))
        out.append(nxt)
        logits, state = model(torch.tensor([[nxt]]), state)
    return "".join(vocab.decode(prime_ids)) + "".join(vocab.decode(out))


@torch.no_grad()
def score_text(model: SequenceModel, vocab: Vocab, text: str) -> dict:
    """P(char_t | chars before it) for t = 2..n, and the perplexity over those characters.

    -> {"chars": [...], "probs": [...], "perplexity": float}. The first character has no
    context, so it is shown but not scored (its prob is None)."""
    if len(text) < 2:
        raise SettingError("Type at least two characters: the first one is the context.")
    if len(text) > MAX_SCORED_CHARS:
        raise SettingError(f"Type at most {MAX_SCORED_CHARS} characters to score.")
    ids = torch.from_numpy(vocab.encode(text)).view(1, -1)
    model.eval()
    logits, _ = model(ids[:, :-1])
    logp = torch.log_softmax(logits[0], dim=-1).gather(1, ids[0, 1:, None])[:, 0]  # (n-1,)
    probs = logp.exp().tolist()
    return {"chars": list(text), "probs": [None] + probs,
            "perplexity": math.exp(-logp.mean().item())}
