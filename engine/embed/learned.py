"""Vectors inside a Train-page model: its input embedding matrix E and its final hidden states.

With an embedding layer, e_j = E O_j is row j of nn.Embedding's weight. With one-hot input
(embedding size 0) the first layer computes W_ih O_j, so column j of W_ih plays the role of e_j.
Final hidden states are read at each sequence's last scored step, labelled by that step's
target (the remembered symbol on `copy`, was/were on `agreement`, the next character of an LM).
"""
from __future__ import annotations

import numpy as np
import torch

from engine.embed import synth
from engine.model import SequenceModel
from engine.tasks import IGNORE, Task

HIDDEN_BATCH = 256


def token_class(token: str) -> str:
    """A colour group for a token: its synthetic-grammar class, else a character class."""
    known = synth.word_classes("english") | synth.word_classes("korean")
    if token in known:
        return known[token]
    if len(token) != 1:
        return "other"
    if token.isspace():
        return "space"
    if "가" <= token <= "힣":
        return "hangul"
    if token.isdigit():
        return "digit"
    if token.isalpha():
        return "vowel" if token.lower() in "aeiou" else "consonant"
    return "punctuation"


def embedding_matrix(model: SequenceModel) -> tuple[np.ndarray, str]:
    """(V, E) vectors, one per vocabulary token, and where they came from."""
    with torch.no_grad():
        if model.embed is not None:
            return model.embed.weight.detach().numpy().copy(), "nn.Embedding weight E (V x E)"
        W_ih = model.rnn.weight_ih_l0  # (gates * H, V): one column per token
        return W_ih.detach().T.numpy().copy(), "columns of the first layer's W_ih (one-hot input)"


def final_hidden_states(model: SequenceModel, task: Task, n: int = HIDDEN_BATCH,
                        seed: int = 4321) -> tuple[np.ndarray, list[str]]:
    """-> (n, H * directions) top-layer hidden states at each sequence's last scored step, and
    the target token there (the label to colour by). A fixed seed: the same batch each time."""
    batch = task.batch(np.random.default_rng(seed), n)
    x, y = torch.from_numpy(batch.x), torch.from_numpy(batch.y)
    scored = y != IGNORE
    T = y.shape[1]
    last = T - 1 - torch.flip(scored, dims=[1]).float().argmax(dim=1)  # (n,)
    model.eval()
    with torch.no_grad():
        out, _ = model.rnn(model.inputs(x))  # (n, T, H * directions)
    rows = torch.arange(len(x))
    labels = [task.vocab.tokens[int(t)] for t in y[rows, last]]
    return out[rows, last].numpy().copy(), labels
