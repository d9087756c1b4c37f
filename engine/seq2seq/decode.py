"""Greedy decoding and beam search with length normalisation, as in the course.

A hypothesis y<1..Ty> (its last token </s> if it ended) has
    logprob = sum_t log P(y<t> | x, y<1..t-1>)      and      score = logprob / Ty^alpha,
so alpha = 0 is the raw log-probability (which favours short outputs) and alpha = 1 the mean
per token. Beam search keeps the `width` most probable partial outputs at every step.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from engine.fields import setting, validate
from engine.seq2seq.tasks import EOS, PAD, SOS


@dataclass(frozen=True)
class DecodeConfig:
    beam: int = setting(3, "Beam width B: how many partial outputs are kept at each step "
                        "(1 = greedy decoding).", lo=1, hi=10)
    alpha: float = setting(0.7, "Length normalisation exponent: score = log P / Ty^alpha "
                           "(0 = raw log-probability, 1 = per-token mean).", lo=0.0, hi=1.5)

    def __post_init__(self):
        validate(self)


def max_output(src_len: int) -> int:
    """Output length cap when the task is not known: room for a reversal/sort (same length)
    or an ISO date (10)."""
    return 2 * src_len + 12


# Tokens a typed input's decoding may run past the longest right answer before it is cut:
# the answer's </s> and 4 more, the room held-out evaluation gives (evaluate.decode_all). An
# untrained model that never says </s> then shows a short row of guesses, not a page-long one.
SPARE = 5


def _score(logprob: float, length: int, alpha: float) -> float:
    # score = (1 / Ty^alpha) * sum_t log P(y<t> | x, y<1..t-1>)
    return logprob / max(length, 1) ** alpha


def _hypothesis(vocab, ids, logprob, rows, alpha) -> dict:
    tokens = vocab.decode(ids)
    ended = bool(tokens) and tokens[-1] == EOS
    return {"tokens": tokens, "text": "".join(tokens[:-1] if ended else tokens),
            "ended": ended, "logprob": float(logprob),
            "score": _score(float(logprob), len(tokens), alpha),
            "attention": None if rows is None else np.stack(rows) if rows else np.zeros((0, 0))}


def _masked(logprobs: torch.Tensor, vocab) -> torch.Tensor:
    """Never emit padding or a second <s>."""
    out = logprobs.clone()
    out[:, [vocab.id(PAD), vocab.id(SOS)]] = float("-inf")
    return out


@torch.no_grad()
def greedy_batch(model, src: torch.Tensor, src_len: torch.Tensor, vocab, max_len: int,
                 alpha: float = 0.0) -> list[dict]:
    """Pick the most probable token at every step for each sequence of the batch.
    src (B, Tx) -> B hypotheses (tokens, text, ended, logprob, score, attention (Ty, Tx))."""
    model.eval()
    enc, state = model.encode(src, src_len)
    B = src.shape[0]
    y = torch.full((B,), vocab.id(SOS), dtype=torch.long)
    eos = vocab.id(EOS)
    done = torch.zeros(B, dtype=torch.bool)
    ids, total, rows = [], torch.zeros(B), []
    for _ in range(max_len):
        logprobs, state, alpha_t = model.step(y, state, enc)
        best, y = _masked(logprobs, vocab).max(dim=-1)
        total += torch.where(done, torch.zeros_like(best), best)
        ids.append(y)
        rows.append(alpha_t)
        done = done | (y == eos)
        if bool(done.all()):
            break
    ids = torch.stack(ids, dim=1).tolist()
    out = []
    for b in range(B):
        n = ids[b].index(eos) + 1 if eos in ids[b] else len(ids[b])
        attn = None if rows[0] is None else [r[b, :int(src_len[b])].numpy() for r in rows[:n]]
        out.append(_hypothesis(vocab, ids[b][:n], total[b].item(), attn, alpha))
    return out


def greedy(model, src_ids: np.ndarray, vocab, alpha: float = 0.0,
           max_len: int | None = None) -> dict:
    """Greedy decoding of one source (1, Tx) -> one hypothesis."""
    src = torch.as_tensor(src_ids)
    return greedy_batch(model, src, torch.tensor([src.shape[1]]), vocab,
                        max_len or max_output(src.shape[1]), alpha)[0]


@torch.no_grad()
def beam_search(model, src_ids: np.ndarray, vocab, width: int = 3, alpha: float = 0.7,
                max_len: int | None = None) -> list[dict]:
    """Beam search over one source (1, Tx). Every step extends each kept hypothesis by every
    token and keeps the `width` with the highest log-probability; one that ends in </s> is set
    aside. Stops when `width` hypotheses have ended (or at max_len). -> up to `width`
    hypotheses, best normalised score first."""
    DecodeConfig(beam=width, alpha=alpha)  # SettingError if out of range
    model.eval()
    src = torch.as_tensor(src_ids)
    Tx = src.shape[1]
    max_len = max_len or max_output(Tx)
    enc, state = model.encode(src, torch.tensor([Tx]))
    eos = vocab.id(EOS)
    alive = [([], 0.0, [])]  # (token ids, logprob, attention rows)
    finished = []
    for _ in range(max_len):
        k = len(alive)
        enc_k = type(enc)(*(None if v is None else v.expand(k, *v.shape[1:]) for v in enc))
        prev = torch.tensor([ids[-1] if ids else vocab.id(SOS) for ids, _, _ in alive])
        logprobs, state, alpha_t = model.step(prev, state, enc_k)
        # log P(y<1..t>) = log P(y<1..t-1>) + log P(y<t> | x, y<1..t-1>)
        total = torch.tensor([lp for _, lp, _ in alive])[:, None] + _masked(logprobs, vocab)
        values, flat = total.reshape(-1).topk(min(width, total.numel()))
        parents, survivors = [], []
        for value, index in zip(values.tolist(), flat.tolist()):
            if value == float("-inf"):  # tiny vocabularies: fewer than `width` real extensions
                break
            beam, token = divmod(index, total.shape[1])
            ids, _, rows = alive[beam]
            row = None if alpha_t is None else alpha_t[beam].numpy()
            hyp = (ids + [token], value, rows + [row])
            (finished if token == eos else survivors).append(hyp)
            if token != eos:
                parents.append(beam)
        if len(finished) >= width or not survivors:
            break
        index = torch.tensor(parents)
        state = tuple(s[index] for s in state) if isinstance(state, tuple) else state[index]
        alive = survivors
    else:
        finished += alive  # max_len reached: unfinished hypotheses compete too
    hyps = [_hypothesis(vocab, ids, lp, None if not rows or rows[0] is None else rows, alpha)
            for ids, lp, rows in finished]
    return sorted(hyps, key=lambda h: h["score"], reverse=True)[:width]


@torch.no_grad()
def sequence_logprobs(model, src_ids: np.ndarray, tokens: list[str], vocab) -> np.ndarray:
    """log P(y<t> | x, y<1..t-1>) of every token of a given output, by one teacher-forced pass
    (independent of the search that produced it). tokens may end with </s>."""
    model.eval()
    ids = [vocab.id(t) for t in tokens]
    tgt_in = torch.tensor([[vocab.id(SOS)] + ids[:-1]])
    src = torch.as_tensor(src_ids)
    logprobs, _ = model(src, torch.tensor([src.shape[1]]), tgt_in)
    return logprobs[0, torch.arange(len(ids)), torch.tensor(ids)].numpy()


def decode_text(task, model, text: str, config: DecodeConfig) -> dict:
    """Beams (best normalised score first) for a typed input, and the best beam's attention."""
    src = task.encode_source(text)
    limit = task.longest_answer(src.shape[1]) + SPARE
    beams = ([greedy(model, src, task.tgt_vocab, config.alpha, limit)] if config.beam == 1 else
             beam_search(model, src, task.tgt_vocab, config.beam, config.alpha, limit))
    best = beams[0]["attention"]
    return {"input": text, "source_tokens": list(text), "attention_kind": model.config.attention,
            "beams": [{k: b[k] for k in ("tokens", "text", "ended", "logprob", "score")}
                      for b in beams],
            "attention": None if best is None else best.tolist()}


def attention_cells(source: list[str], output: list[str], attention) -> list[dict]:
    """alpha<t,t'> as one record per (output step t, source position t'), for a heatmap:
    src/out are sortable labels ('003 a'), positions count from 1, a space shows as '␣'.
    `attention` is T_y x T_x (rows sum to 1)."""
    def show(token: str) -> str:
        return "␣" if token == " " else token
    return [{"src": f"{s:03d} {show(a)}", "out": f"{t:03d} {show(b)}", "src_pos": s + 1,
             "src_token": show(a), "out_pos": t + 1, "out_token": show(b), "weight": float(w)}
            for t, (b, row) in enumerate(zip(output, attention))
            for s, (a, w) in enumerate(zip(source, row))]
