"""Encoder-decoder: a bidirectional GRU/LSTM reads the source, a GRU/LSTM cell writes the output.

Attention (Bahdanau et al. 2015, as in the course): before each output step t the decoder scores
every source position t' from its previous state s<t-1> and the annotation a<t'>, turns the
scores into weights alpha<t,t'> that sum to 1, and reads the context c<t> = sum alpha a<t'>.
Without attention the context is the encoder's final summary at every step: one fixed vector
for the whole input (the bottleneck the course describes).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from engine.fields import setting, validate
from engine.seeding import seeded

ATTENTIONS = ("bahdanau", "luong", "none")
ENCODERS = {"gru": nn.GRU, "lstm": nn.LSTM}
DECODERS = {"gru": nn.GRUCell, "lstm": nn.LSTMCell}


@dataclass(frozen=True)
class Seq2SeqConfig:
    cell: str = setting("gru", "Recurrent cell of the encoder and the decoder.",
                        choices=tuple(ENCODERS))
    attention: str = setting("bahdanau", "How the decoder reads the source: additive (Bahdanau) "
                             "attention, dot-product (Luong) attention, or none (one fixed "
                             "summary vector of the whole input).", choices=ATTENTIONS)
    hidden: int = setting(32, "Encoder units per direction; the decoder has twice as many, the "
                          "size of an annotation a<t'> = [forward; backward].", lo=4, hi=128)
    embedding: int = setting(16, "Size of the learned character embeddings.", lo=2, hi=64)
    attention_size: int = setting(32, "Width of the small network that scores each source "
                                  "position (Bahdanau only).", lo=2, hi=128)

    def __post_init__(self):
        validate(self)


class Encoded(NamedTuple):
    annotations: torch.Tensor  # (B, Tx, 2H): a<t'> = [forward a<t'>; backward a<t'>]
    mask: torch.Tensor         # (B, Tx) True where a real source token is
    keys: torch.Tensor | None  # (B, Tx, A) U a<t'> + b (Bahdanau), computed once per input
    summary: torch.Tensor      # (B, 2H) [forward state at the end; backward state at the start]


class Seq2Seq(nn.Module):
    def __init__(self, src_size: int, tgt_size: int, config: Seq2SeqConfig):
        super().__init__()
        self.config = config
        H, E, A = config.hidden, config.embedding, config.attention_size
        D = 2 * H  # decoder state size = annotation size, so Luong's dot product s . a is defined
        self.src_embed = nn.Embedding(src_size, E, padding_idx=0)
        self.encoder = ENCODERS[config.cell](E, H, batch_first=True, bidirectional=True)
        self.bridge = nn.Linear(2 * H, D)    # s<0> = tanh(W_b summary + b_b)
        self.tgt_embed = nn.Embedding(tgt_size, E)
        self.decoder = DECODERS[config.cell](E + 2 * H, D)
        if config.attention == "bahdanau":
            self.W = nn.Linear(D, A, bias=False)     # W s<t-1>
            self.U = nn.Linear(2 * H, A)             # U a<t'> + b
            self.v = nn.Linear(A, 1, bias=False)     # v^T
        self.out = nn.Linear(D + 2 * H, tgt_size)  # logits from [s<t>; c<t>]

    def encode(self, src: torch.Tensor, src_len: torch.Tensor):
        """src (B, Tx) ids, src_len (B,) -> (Encoded, initial decoder state)."""
        Tx = src.shape[1]  # source length (src is batch x Tx)
        packed = pack_padded_sequence(self.src_embed(src), src_len.cpu(), batch_first=True,
                                      enforce_sorted=False)  # pads never reach the backward RNN
        out, final = self.encoder(packed)
        annotations, _ = pad_packed_sequence(out, batch_first=True, total_length=Tx)
        h_n = final[0] if isinstance(final, tuple) else final  # (2, B, H): forward, backward
        summary = torch.cat([h_n[0], h_n[1]], dim=-1)          # (B, 2H)
        mask = torch.arange(Tx)[None, :] < src_len[:, None]
        keys = self.U(annotations) if self.config.attention == "bahdanau" else None
        # s<0> = tanh(W_b [forward a<Tx>; backward a<1>] + b_b)
        s0 = torch.tanh(self.bridge(summary))
        state = (s0, torch.zeros_like(s0)) if self.config.cell == "lstm" else s0
        return Encoded(annotations, mask, keys, summary), state

    def attend(self, s_prev: torch.Tensor, enc: Encoded):
        """s_prev (B, D) -> attention weights alpha (B, Tx) (None without attention), context (B, 2H)."""
        kind = self.config.attention
        if kind == "none":
            return None, enc.summary
        if kind == "bahdanau":
            # e<t,t'> = v^T tanh(W s<t-1> + U a<t'> + b)
            e = self.v(torch.tanh(self.W(s_prev)[:, None, :] + enc.keys)).squeeze(-1)
        else:
            # e<t,t'> = s<t-1> . a<t'>   (Luong's dot score)
            e = torch.bmm(enc.annotations, s_prev[:, :, None]).squeeze(-1)
        e = e.masked_fill(~enc.mask, float("-inf"))  # padding gets exactly zero weight
        # alpha<t,t'> = exp(e<t,t'>) / sum_t'' exp(e<t,t''>)
        alpha = torch.softmax(e, dim=-1)
        # c<t> = sum_t' alpha<t,t'> a<t'>
        context = torch.bmm(alpha[:, None, :], enc.annotations).squeeze(1)
        return alpha, context

    def step(self, y_prev: torch.Tensor, state, enc: Encoded):
        """One output step: y_prev (B,) ids -> log-probabilities (B, V), new state, alpha (B, Tx)."""
        s_prev = state[0] if isinstance(state, tuple) else state
        alpha, context = self.attend(s_prev, enc)
        # s<t> = cell([embed(y<t-1>); c<t>], s<t-1>)
        state = self.decoder(torch.cat([self.tgt_embed(y_prev), context], dim=-1), state)
        s = state[0] if isinstance(state, tuple) else state
        # P(y<t> | x, y<1..t-1>) = softmax(W_o [s<t>; c<t>] + b_o)
        logprobs = F.log_softmax(self.out(torch.cat([s, context], dim=-1)), dim=-1)
        return logprobs, state, alpha

    def forward(self, src, src_len, tgt_in):
        """Teacher forcing: the decoder reads the true previous token. -> log-probabilities
        (B, Ty, V) and attention weights (B, Ty, Tx) (None without attention)."""
        enc, state = self.encode(src, src_len)
        outs, alphas = [], []
        for t in range(tgt_in.shape[1]):
            logprobs, state, alpha = self.step(tgt_in[:, t], state, enc)
            outs.append(logprobs)
            alphas.append(alpha)
        attention = None if alphas[0] is None else torch.stack(alphas, dim=1)
        return torch.stack(outs, dim=1), attention


def build_seq2seq(src_size: int, tgt_size: int, config: Seq2SeqConfig, seed: int) -> Seq2Seq:
    """Same seed + same config = the same initial weights, without touching global RNG state."""
    with seeded(seed):
        return Seq2Seq(src_size, tgt_size, config)
