"""Held-out perplexity (engine/heldout.py): the RNN's val_perplexity and the n-gram line on the
Train page's perplexity chart score the same characters, each given the same context."""
import math
from collections import Counter

import numpy as np
import pytest
import torch

from engine import heldout
from engine.config import ModelConfig, TrainConfig
from engine.ngram import NGramLM, ngram_perplexities
from engine.tasks import make_task, task_config
from engine.tasks.lm import load_corpus
from engine.trainer import Trainer


def context_start(t: int) -> int:
    """The rule in one line: position t is scored given the characters from here to t-1."""
    block_start = t - (t - 1) % heldout.BLOCK
    return max(0, block_start - heldout.WARMUP)


@pytest.mark.parametrize("n_chars", [2, 65, 66, 3000, 4096, 30_000])
def test_every_character_after_the_first_is_scored_once(n_chars):
    spans = heldout.blocks(n_chars)
    positions = [t for _, start, end in spans for t in range(start, end)]
    n = min(n_chars, heldout.MAX_CHARS)
    assert positions == list(range(1, n)) and heldout.scored_count(n_chars) == n - 1
    for read, start, end in spans:
        assert read == context_start(start) and start - read == min(start, heldout.WARMUP)


@pytest.fixture(scope="module")
def english():
    return make_task("charlm")


def test_the_ngram_line_scores_the_same_characters_as_val_perplexity(english):
    """Recomputed by hand: trigram counts over the BOS-padded training text, then every held-out
    character after the first, each given the two before it. The old reference scored all 3,000
    (3.623) while val_perplexity read the first 2,048 in windows of 64 (3.578 on those)."""
    V, train, held = len(english.vocab), english.train_ids.tolist(), english.heldout_ids.tolist()
    bos, k = V, 0.1
    padded = [bos, bos] + train
    trigrams = list(zip(padded, padded[1:], padded[2:]))
    grams, contexts = Counter(trigrams), Counter(g[:2] for g in trigrams)
    held_padded = [bos, bos] + held
    nll = [-math.log((grams[(held_padded[t], held_padded[t + 1], held[t])] + k) /
                     (contexts[(held_padded[t], held_padded[t + 1])] + k * V))
           for t in range(1, len(held))]
    assert len(held) == 3000 and len(nll) == heldout.scored_count(len(held)) == 2999
    expected = math.exp(sum(nll) / len(nll))
    assert expected == pytest.approx(3.6203, abs=1e-4)
    lm = NGramLM(3, k).fit(english.train_ids, V)
    assert heldout.ngram_nll(lm, english.heldout_ids) == pytest.approx(nll, rel=1e-9)
    page = ngram_perplexities(english.train_ids, english.heldout_ids, V, k=k)  # the page's line
    assert page[3] == pytest.approx(expected, rel=1e-12)


def test_val_perplexity_is_a_character_by_character_recomputation():
    """Each scored character alone: run the model from a zero state over the characters the
    rule gives it, and read P(char) off the last output (on 3,000 characters of the English
    corpus, so 300 held out: five blocks)."""
    task = make_task("charlm", task_config("charlm", text=load_corpus("english")[:3000]))
    tr = Trainer(task, ModelConfig(cell="lstm", hidden=8, embedding=8), TrainConfig(lr=0.02))
    tr.step(20)
    ids, model = task.heldout_ids, tr.model
    nll = []
    with torch.no_grad():
        for t in range(1, len(ids)):
            logits, _ = model(torch.from_numpy(ids[context_start(t):t]).view(1, -1))
            nll.append(-torch.log_softmax(logits[0, -1].double(), -1)[ids[t]].item())
    lm = NGramLM(3).fit(task.train_ids, len(task.vocab))
    assert len(ids) == 300 and len(nll) == len(heldout.model_nll(model, ids)) == len(heldout.ngram_nll(lm, ids))
    assert heldout.model_nll(model, ids) == pytest.approx(nll, rel=1e-4)
    assert tr.heldout_perplexity() == pytest.approx(math.exp(np.mean(nll)), rel=1e-6)
    assert tr.step(30)[-1]["val_perplexity"] == tr.heldout_perplexity()  # the step-50 record


def test_long_texts_are_read_from_the_start_up_to_the_cap():
    """A pasted text's held-out part can be 30,000 characters: both read its first MAX_CHARS."""
    rng = np.random.default_rng(0)
    ids = rng.integers(0, 5, 3 * heldout.MAX_CHARS)
    lm = NGramLM(2, 0.5).fit(rng.integers(0, 5, 2000), 5)
    head = ids[:heldout.MAX_CHARS]
    assert heldout.ngram_nll(lm, ids) == pytest.approx(-lm.log_probs(head)[1:], rel=1e-12)
    model = Trainer(make_task("hello"), ModelConfig(hidden=4), TrainConfig()).model
    model_ids = ids % 4  # hello's vocabulary has 4 tokens
    assert len(heldout.model_nll(model, model_ids)) == heldout.MAX_CHARS - 1
