"""N-gram baseline (engine/ngram.py) and the shipped corpora it is usually trained on."""
import math
from pathlib import Path

import numpy as np
import pytest

from engine.ngram import NGramLM, ngram_perplexities

CORPORA = Path(__file__).resolve().parents[1] / "assets" / "corpora"


def test_probabilities_sum_to_one_for_seen_and_unseen_contexts():
    rng = np.random.default_rng(0)
    ids = rng.integers(0, 4, 300)  # uses only 0..3 of a vocabulary of 6
    lm = NGramLM(n=3, k=0.5).fit(ids, vocab_size=6)
    for context in ([ids[10], ids[11]], [5, 5], [4, 0], [], [2]):  # seen, unseen, BOS-padded
        assert sum(lm.prob(context, w) for w in range(6)) == pytest.approx(1.0, abs=1e-12)


def test_hand_computed_bigram_on_abab():
    # "abab", a=0 b=1, V=2, n=2, k=1. Padded: BOS a b a b; (context -> token) pairs:
    # BOS->a, a->b, b->a, a->b.  P(b|a) = (2+1)/(2+2*1) = 3/4;  P(a|b) = (1+1)/(1+2) = 2/3;
    # P(a|a) = (0+1)/(2+2) = 1/4;  P(a|BOS) = (1+1)/(1+2) = 2/3.
    lm = NGramLM(n=2, k=1).fit([0, 1, 0, 1], vocab_size=2)
    assert lm.prob([0], 1) == pytest.approx(3 / 4)
    assert lm.prob([1, 0], 0) == pytest.approx(1 / 4)  # only the last id counts
    assert lm.prob([1], 0) == pytest.approx(2 / 3)
    assert np.exp(lm.log_probs([0, 1, 0, 1])) == pytest.approx([2 / 3, 3 / 4, 2 / 3, 3 / 4])


def test_log_probs_agree_with_prob_token_by_token():
    rng = np.random.default_rng(1)
    lm = NGramLM(n=4, k=0.1).fit(rng.integers(0, 5, 500), vocab_size=5)
    seq = rng.integers(0, 5, 12)
    expected = [math.log(lm.prob(seq[:t], seq[t])) for t in range(len(seq))]
    assert lm.log_probs(seq) == pytest.approx(expected, rel=1e-12)


def test_unigram_on_balanced_data_has_perplexity_vocab_size():
    ids = np.tile(np.arange(7), 20)  # every token equally frequent
    assert NGramLM(n=1, k=0.3).fit(ids, 7).perplexity(ids[::-1]) == pytest.approx(7.0)


def test_higher_order_wins_on_periodic_sequence():
    # "a b a c a d" repeated: a is half the tokens, so the unigram perplexity is
    # exp(0.5 ln 2 + 0.5 ln 6) = sqrt(12); after "a" the bigram has 3 equal choices and is
    # certain otherwise, so sqrt(3); the trigram ("b a" -> c) is certain everywhere.
    period = np.array([0, 1, 0, 2, 0, 3])
    train, heldout = np.tile(period, 200), np.tile(period, 100)
    ppl = ngram_perplexities(train, heldout, vocab_size=4, k=0.01, n_max=5)
    assert list(ppl) == [1, 2, 3, 4, 5]
    assert ppl[1] == pytest.approx(math.sqrt(12), rel=1e-2)
    assert ppl[2] == pytest.approx(math.sqrt(3), rel=1e-2)
    assert ppl[3] < 1.01 and ppl[1] > ppl[2] > ppl[3]


@pytest.mark.parametrize("n, k", [(0, 0.1), (6, 0.1), (2.5, 0.1), (True, 0.1), (3, 0), (3, -1)])
def test_invalid_settings_raise(n, k):
    with pytest.raises(ValueError):
        NGramLM(n=n, k=k)


def test_out_of_range_ids_raise():
    lm = NGramLM(n=2).fit([0, 1, 2], vocab_size=3)
    with pytest.raises(ValueError):
        lm.log_probs([0, 3])  # 3 is BOS, never a real token


def read_corpus(name: str) -> str:
    data = (CORPORA / f"{name}.txt").read_bytes()
    assert len(data) > 5_000
    return data.decode("utf-8")  # raises if not UTF-8


def test_english_corpus_has_the_course_example():
    text = read_corpus("english")
    assert text.isascii() and text == text.lower()
    assert text.count("apple and pear salad") >= 5 and "pair salad" not in text


def test_korean_corpus_is_mostly_hangul():
    text = "".join(read_corpus("korean").split())
    hangul = sum("\uac00" <= c <= "\ud7a3" for c in text)
    assert hangul / len(text) > 0.85


def test_english_ngram_prefers_pear_salad_to_pair_salad():
    text = read_corpus("english")
    chars = {c: i for i, c in enumerate(sorted(set(text)))}

    def encode(s):
        return [chars[c] for c in s]

    lm = NGramLM(n=4, k=0.1).fit(encode(text), len(chars))
    pear, pair = (lm.perplexity(encode(f"the apple and {w} salad")) for w in ("pear", "pair"))
    assert pear < 0.7 * pair
