"""Language-model probes: sample text at a temperature, and score a sentence char by char.

The course's "The apple and pear salad" vs "pair salad": a good model gives the sentence it has
seen more of a higher probability, so a lower perplexity. A diverged model (NaN/inf weights or
outputs) gets no number: `score_text` flags it and `sample` raises ModelDiverged.
"""
from __future__ import annotations

import math

import numpy as np
import torch

from engine.fields import SettingError
from engine.model import SequenceModel
from engine.vocab import Vocab

MAX_SCORED_CHARS = 2000
MAX_NATS = math.log(torch.finfo(torch.float64).max)  # ~709.8: exp() of more overflows


class ModelDiverged(SettingError):
    """The model's weights or outputs are NaN/inf: there is nothing meaningful to show."""


def weights_finite(model: torch.nn.Module) -> bool:
    return all(bool(torch.isfinite(p).all()) for p in model.parameters())


@torch.no_grad()
def sample(model: SequenceModel, vocab: Vocab, length: int = 200, temperature: float = 1.0,
           prime: str = "", seed: int = 0) -> str:
    """Generate `length` tokens, each drawn from softmax(logits / temperature).

    Low temperature -> the likeliest token nearly always (repetitive); high -> closer to uniform.
    ModelDiverged (a SettingError) when the weights, or the outputs along the way, are NaN/inf."""
    if not 0.01 <= temperature <= 10:
        raise SettingError.of("temperature")
    if not weights_finite(model):
        raise ModelDiverged.of("diverged_weights")
    gen = torch.Generator().manual_seed(seed)
    model.eval()
    prime_ids = vocab.encode(prime) if prime else np.array(
        [int(torch.randint(len(vocab), (1,), generator=gen))])
    x = torch.from_numpy(prime_ids).view(1, -1)
    logits, state = model(x)
    out = []
    for _ in range(length):
        # in float64, so that huge but finite logits / 0.01 do not overflow to inf
        probs = torch.softmax(logits[0, -1].double() / temperature, dim=-1)
        if not torch.isfinite(probs).all():
            raise ModelDiverged.of("diverged_after", chars=len(prime_ids) + len(out))
        nxt = int(torch.multinomial(probs, 1, generator=gen))
        out.append(nxt)
        logits, state = model(torch.tensor([[nxt]]), state)
    return "".join(vocab.decode(prime_ids)) + "".join(vocab.decode(out))


@torch.no_grad()
def score_text(model: SequenceModel, vocab: Vocab, text: str) -> dict:
    """P(char_t | chars before it) for t = 2..n, and the perplexity over those characters.

    -> {"chars": [...], "probs": [...], "perplexity": float, "diverged": bool}. The first
    character has no context, so it is shown but not scored (its prob is None). "diverged" is
    True, and the perplexity inf, when the score is not a number: the weights or the outputs on
    this text are NaN/inf (those probs are nan), or the text's probability underflows a float64
    (a mean -log P above 709 nats: only exploded weights are that sure and that wrong)."""
    if len(text) < 2:
        raise SettingError.of("score_short")
    if len(text) > MAX_SCORED_CHARS:
        raise SettingError.of("score_long", limit=MAX_SCORED_CHARS)
    ids = torch.from_numpy(vocab.encode(text)).view(1, -1)
    model.eval()
    logits, _ = model(ids[:, :-1])
    logp = torch.log_softmax(logits[0].double(), dim=-1).gather(1, ids[0, 1:, None])[:, 0]  # (n-1,)
    nll = -logp.mean().item()  # mean -log P(char | text before it); nan if any output is
    diverged = not (nll < MAX_NATS and weights_finite(model) and bool(torch.isfinite(logits).all()))
    return {"chars": list(text), "probs": [None] + logp.exp().tolist(),
            "perplexity": math.inf if diverged else math.exp(nll), "diverged": diverged}
