"""Bag-of-words and multinomial Naive Bayes, with the course's worked example computed exactly.

Bag of words: a sentence is the sum of the one-hot vectors of its words over a vocabulary, so
"John really really loves this movie" -> [1 2 1 1 1 0 0 0]; word order is gone.
Naive Bayes picks argmax_c P(c) prod_i P(w_i | c) (Bayes' rule without the constant P(d), words
assumed independent given the class), with P(c) = documents of c / documents and
    P(w | c) = (n_wc + k) / (n_c + k |V|)
n_wc the occurrences of w in the documents of c, n_c all their words, |V| the training
vocabulary. k = 0 is the course's n_k / n; then one word never seen with a class makes that class
impossible however well the other words fit it. Add-k smoothing (k = 1: Laplace) is the fix.
Words outside the training vocabulary are left out of every score. Probabilities are exact
`Fraction`s, so the course's 1/14 and 2/10 come out as written.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from fractions import Fraction

BAG_SENTENCES = ("John really really loves this movie", "Jane really likes this song")
DOCUMENTS = (("Image recognition uses convolutional neural networks", "CV"),
             ("Transformer can be use for image classification task", "CV"),
             ("Language modeling uses transformer", "NLP"),
             ("Document classification task is language task", "NLP"))
QUERY = "Classification task uses transformer"
# "neural" occurs only in CV documents: without smoothing it rules NLP out, although the other
# four words are the query above, which NLP wins
ZERO_QUERY = "Neural classification task uses transformer"


def tokens(text: str, lowercase: bool = True) -> list[str]:
    """The words of `text`, split on spaces ("Transformer" and "transformer" are one word)."""
    return (text.lower() if lowercase else text).split()


def vocabulary(documents: Iterable[Sequence[str]]) -> list[str]:
    """Every word once, in order of first appearance."""
    return list(dict.fromkeys(w for doc in documents for w in doc))


def bag_of_words(words: Sequence[str], vocab: Sequence[str]) -> list[int]:
    """Counts of each vocabulary word in `words`: the sum of their one-hot vectors."""
    counts = Counter(words)
    return [counts[w] for w in vocab]


class NaiveBayes:
    """Multinomial Naive Bayes fitted to (words, class) documents, with add-k smoothing."""

    def __init__(self, documents: Iterable[tuple[Sequence[str], str]], k: Fraction | int = 0):
        documents = list(documents)
        self.k = Fraction(k)
        self.classes = list(dict.fromkeys(c for _, c in documents))
        self.doc_counts = Counter(c for _, c in documents)
        self.word_counts = {c: Counter() for c in self.classes}
        for words, c in documents:
            self.word_counts[c].update(words)
        self.totals = {c: sum(n.values()) for c, n in self.word_counts.items()}
        self.vocab = vocabulary(words for words, _ in documents)
        self._known = set(self.vocab)

    def prior(self, c: str) -> Fraction:
        """P(c): the share of training documents in class c."""
        return Fraction(self.doc_counts[c], sum(self.doc_counts.values()))

    def likelihood(self, word: str, c: str) -> Fraction:
        """P(word | c) = (n_wc + k) / (n_c + k |V|)."""
        return (self.word_counts[c][word] + self.k) / (self.totals[c] + self.k * len(self.vocab))

    def known(self, words: Sequence[str]) -> list[str]:
        """The words that are in the training vocabulary (the others are not scored)."""
        return [w for w in words if w in self._known]

    def score(self, words: Sequence[str], c: str) -> Fraction:
        """P(c) prod_i P(w_i | c), exactly: the course's 'P(c | d)' before normalising."""
        return math.prod((self.likelihood(w, c) for w in self.known(words)), start=self.prior(c))

    def log_score(self, words: Sequence[str], c: str) -> float:
        """log of `score` as a float sum (no underflow on long documents); -inf for a zero."""
        total = math.log(self.prior(c))
        for w in self.known(words):
            p = self.likelihood(w, c)
            if p == 0:
                return -math.inf
            total += math.log(p)
        return total

    def predict(self, words: Sequence[str]) -> str:
        """The class with the highest score (the first class on a tie)."""
        return max(self.classes, key=lambda c: self.log_score(words, c))

    def zeros(self, words: Sequence[str], c: str) -> list[str]:
        """The query's known words never seen with class c: each makes the score 0 when k = 0."""
        return list(dict.fromkeys(w for w in self.known(words) if self.likelihood(w, c) == 0))


def rounded(value: Fraction, digits: int = 2) -> str:
    """A decimal string with `digits` significant digits, trailing zeros dropped (0.000013)."""
    if value == 0:
        return "0"
    places = max(0, digits - 1 - math.floor(math.log10(value)))
    return f"{float(value):.{places}f}".rstrip("0").rstrip(".")


def _likelihood_row(model: NaiveBayes, word: str, c: str) -> dict:
    """One cell of the likelihood table: counts, the formula as written, the reduced value."""
    n, total, k = model.word_counts[c][word], model.totals[c], model.k
    written = f"{n}/{total}" if k == 0 else f"({n} + {k}) / ({total} + {k}*{len(model.vocab)})"
    return {"word": word, "count": n, "total": total, "written": written,
            "value": str(model.likelihood(word, c))}


def classify(model: NaiveBayes, text: str) -> dict:
    """The query's likelihoods and score per class (exact and rounded) and the argmax class."""
    words = tokens(text)
    classes, documents = {}, sum(model.doc_counts.values())
    for c in model.classes:
        score = model.score(words, c)
        rows = [_likelihood_row(model, w, c) for w in model.known(words)]
        classes[c] = {"prior": {"written": f"{model.doc_counts[c]}/{documents}",
                                "value": str(model.prior(c))},
                      "likelihoods": rows,
                      "product": " x ".join([str(model.prior(c))] + [
                          r["written" if model.k == 0 else "value"] for r in rows]),
                      "score": str(score), "decimal": rounded(score), "float": float(score),
                      "zero_words": model.zeros(words, c)}
    return {"query": text, "words": words, "classes": classes, "prediction": model.predict(words)}


def worked_example(k: Fraction | int = 1) -> dict:
    """The course's bag-of-words vectors, its CV/NLP Naive Bayes example, the zero-probability
    problem and the same two queries with add-k smoothing."""
    sentences = [tokens(s, lowercase=False) for s in BAG_SENTENCES]
    vocab = vocabulary(sentences)
    documents = [(tokens(text), c) for text, c in DOCUMENTS]
    plain, smoothed = NaiveBayes(documents), NaiveBayes(documents, k)
    return {"bag_of_words": {"vocabulary": vocab,
                             "vectors": {s: bag_of_words(w, vocab)
                                         for s, w in zip(BAG_SENTENCES, sentences)}},
            "documents": [{"text": text, "class": c, "words": len(tokens(text))}
                          for text, c in DOCUMENTS],
            "vocabulary_size": len(plain.vocab),
            "words_per_class": plain.totals,
            "query": classify(plain, QUERY),
            "zero": classify(plain, ZERO_QUERY),
            "smoothed": {"k": str(smoothed.k), "query": classify(smoothed, QUERY),
                         "zero": classify(smoothed, ZERO_QUERY)}}
