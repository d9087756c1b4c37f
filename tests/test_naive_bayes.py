"""The course's bag-of-words and Naive Bayes example, exactly, and add-k smoothing's fix."""
import json
from fractions import Fraction

import pytest

from engine.cli import main
from engine.naive_bayes import (
    DOCUMENTS,
    QUERY,
    ZERO_QUERY,
    NaiveBayes,
    rounded,
    tokens,
    worked_example,
)


@pytest.fixture(scope="module")
def example():
    return worked_example()


def model(k=0):
    return NaiveBayes(((tokens(text), c) for text, c in DOCUMENTS), k)


def test_bag_of_words_vectors_are_the_notes(example):
    bag = example["bag_of_words"]
    assert bag["vocabulary"] == ["John", "really", "loves", "this", "movie", "Jane", "likes", "song"]
    assert bag["vectors"] == {"John really really loves this movie": [1, 2, 1, 1, 1, 0, 0, 0],
                              "Jane really likes this song": [0, 1, 0, 1, 0, 1, 1, 1]}


def test_priors_and_word_likelihoods_are_the_notes_fractions(example):
    nb = model()
    assert nb.prior("CV") == nb.prior("NLP") == Fraction(1, 2)
    assert nb.totals == {"CV": 14, "NLP": 10}
    words = tokens(QUERY)
    assert [nb.likelihood(w, "CV") for w in words] == [Fraction(1, 14)] * 4
    assert [nb.likelihood(w, "NLP") for w in words] == [Fraction(1, 10), Fraction(2, 10),
                                                         Fraction(1, 10), Fraction(1, 10)]
    rows = example["query"]["classes"]["NLP"]["likelihoods"]
    assert [r["written"] for r in rows] == ["1/10", "2/10", "1/10", "1/10"]   # as in the table
    assert example["query"]["classes"]["CV"]["prior"] == {"written": "2/4", "value": "1/2"}


def test_query_scores_are_0_000013_and_0_0001(example):
    nb, words = model(), tokens(QUERY)
    assert nb.score(words, "CV") == Fraction(1, 2) * Fraction(1, 14) ** 4 == Fraction(1, 76832)
    assert nb.score(words, "NLP") == Fraction(1, 10000)
    classes = example["query"]["classes"]
    assert (classes["CV"]["decimal"], classes["NLP"]["decimal"]) == ("0.000013", "0.0001")
    assert classes["CV"]["product"] == "1/2 x 1/14 x 1/14 x 1/14 x 1/14"
    assert example["query"]["prediction"] == nb.predict(words) == "NLP"


def test_one_unseen_word_zeroes_a_class_and_smoothing_removes_the_zero(example):
    zero = example["zero"]["classes"]
    assert zero["NLP"]["score"] == "0" and zero["NLP"]["zero_words"] == ["neural"]
    assert example["zero"]["prediction"] == "CV"      # although four of its five words say NLP
    smoothed = example["smoothed"]
    assert smoothed["k"] == "1" and example["vocabulary_size"] == 17
    nb = model(1)
    assert nb.likelihood("neural", "NLP") == Fraction(0 + 1, 10 + 17)
    assert nb.score(tokens(QUERY), "CV") == Fraction(1, 2) * Fraction(2, 31) ** 4
    assert smoothed["query"]["classes"]["NLP"]["score"] == "4/177147"
    assert smoothed["query"]["prediction"] == "NLP"
    assert all(Fraction(row["score"]) > 0 for row in smoothed["zero"]["classes"].values())
    assert smoothed["zero"]["prediction"] == "NLP" and not smoothed["zero"]["classes"]["NLP"][
        "zero_words"]


@pytest.mark.parametrize("k", [0, Fraction(1, 2), 1, 3])
def test_likelihoods_of_a_class_sum_to_one_for_any_k(k):
    nb = model(k)
    for c in nb.classes:
        assert sum(nb.likelihood(w, c) for w in nb.vocab) == 1


def test_words_outside_the_training_vocabulary_are_not_scored():
    nb = model(1)
    assert nb.score(tokens(QUERY + " models"), "CV") == nb.score(tokens(QUERY), "CV")


def test_rounded_keeps_two_significant_digits():
    assert rounded(Fraction(1, 76832)) == "0.000013" and rounded(Fraction(1, 10000)) == "0.0001"
    assert rounded(Fraction(0)) == "0" and rounded(Fraction(3, 2)) == "1.5"


def test_cli_json_has_the_documented_keys(capsys):
    assert main(["naive-bayes", "--json", "--k", "1/2"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) == {"bag_of_words", "documents", "vocabulary_size", "words_per_class",
                           "query", "zero", "smoothed"}
    assert result["smoothed"]["k"] == "1/2" and set(result["smoothed"]) == {"k", "query", "zero"}
    assert set(result["query"]) == {"query", "words", "classes", "prediction"}
    assert set(result["query"]["classes"]["CV"]) == {"prior", "likelihoods", "product", "score",
                                                    "decimal", "float", "zero_words"}
    assert result["query"]["classes"]["NLP"]["score"] == "1/10000"


def test_cli_text_shows_the_worked_example(capsys):
    assert main(["naive-bayes"]) == 0
    out = capsys.readouterr().out
    assert "[1, 2, 1, 1, 1, 0, 0, 0]" in out and "= 1/76832 ~ 0.000013" in out
    assert "1/2 x 1/10 x 2/10 x 1/10 x 1/10 = 1/10000 ~ 0.0001" in out and ZERO_QUERY in out


@pytest.mark.parametrize("argv,words", [
    (["naive-bayes", "--k", "0"], "positive number"),
    (["naive-bayes", "--k", "-1"], "positive number"),
    (["naive-bayes", "--k", "abc"], "positive number"),
    (["naive-bayes", "--k", "1/0"], "positive number"),
    (["naive-bayes", "--bogus"], "unrecognized arguments"),
])
def test_bad_flags_exit_2_with_one_line(capsys, argv, words):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1 and "Traceback" not in err
