"""What the Embeddings picture shows (engine/embed/view.py) and the bias table's gender gap."""
import numpy as np
import pytest

from engine.embed.corpus import WordCorpus
from engine.embed.project import ProjectionConfig, TSNEProjector, pca
from engine.embed.tools import debias, gender_gap
from engine.embed.view import (
    MIN_CLASSED,
    layout,
    pca_reference,
    shown_words,
    thin_labels,
)
from engine.fields import SettingError


def corpus(classes: list[str]) -> WordCorpus:
    words = [f"w{i}" for i in range(len(classes))]
    return WordCorpus(lines=[words], words=words, counts=np.arange(len(words), 0, -1),
                      classes=classes, language="english", name="test")


def test_shown_words_keeps_class_words_only_when_there_are_enough():
    many = corpus(["other", "animal", "other"] * 15)          # 15 class words: too few to hide
    assert shown_words(many, 5, hide_other=True).tolist() == [0, 1, 2, 3, 4]
    rich = corpus(["other", "animal", "colour"] * 15)         # 30 class words
    assert MIN_CLASSED == 20
    assert shown_words(rich, 5, hide_other=True).tolist() == [1, 2, 4, 5, 7]
    assert shown_words(rich, 4, hide_other=False).tolist() == [0, 1, 2, 3]
    assert len(shown_words(rich, 100, hide_other=True)) == 30


def test_thin_labels_drops_a_label_that_overlaps_an_earlier_one():
    x = np.array([0.0, 0.05, 0.5, 1.0, 0.5])
    y = np.array([0.0, 0.01, 0.5, 1.0, 0.52])
    # point 1 sits 0.05 right, 0.01 up of point 0 (box 0.09 x 0.035): hidden; point 4 is
    # 0.02 above point 2, inside its box: hidden; the others are far apart
    assert thin_labels(x, y).tolist() == [True, False, True, True, False]
    assert thin_labels(x, y, width=0.01, height=0.005).tolist() == [True] * 5
    assert thin_labels(np.zeros(3), np.zeros(3)).tolist() == [True, False, False]


def test_pca_reference_only_for_the_same_ids_in_the_same_order():
    prev = np.array([[1.0, 2.0], [3.0, 4.0]])
    assert pca_reference(np.array([4, 7]), np.array([4, 7]), prev) is prev
    assert pca_reference(np.array([7, 4]), np.array([4, 7]), prev) is None
    assert pca_reference(np.array([4, 7, 9]), np.array([4, 7]), prev) is None
    assert pca_reference(np.array([4, 7]), None, None) is None


def test_layout_aligns_pca_to_the_previous_frame_and_reuses_the_tsne_projector():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(12, 5))
    ids = np.arange(12)
    plain, none = layout(X, ids, ProjectionConfig(method="pca"))
    assert none is None and np.allclose(plain, pca(X))
    turned = plain @ np.array([[0.0, -1.0], [1.0, 0.0]]) + 5.0   # the previous frame, rotated
    Y, _ = layout(X, ids, ProjectionConfig(method="pca"), None, ids, turned)
    assert np.abs(Y - turned).max() < 1e-9                        # rotated onto it exactly
    other, _ = layout(X, ids, ProjectionConfig(method="pca"), None, ids[::-1], turned)
    assert np.allclose(other, plain)                              # other words: no alignment
    cfg = ProjectionConfig(perplexity=3, iterations=60, warm_iterations=20)
    _Y1, p = layout(X, ids, cfg)
    Y2, p2 = layout(X, ids, cfg, p)
    assert p2 is p and p.warm_ and p.frames_ == 2 and Y2.shape == (12, 2)
    _, p3 = layout(X, ids, ProjectionConfig(perplexity=2, iterations=60), p)
    assert isinstance(p3, TSNEProjector) and p3 is not p and not p3.warm_


def test_gender_gap_is_a_difference_of_cosines_and_vanishes_after_debiasing():
    words = ["doctor", "he", "she", "him", "her"]
    V = np.array([[2.0, 0.0, 0.0], [3.0, 3.0, 0.0], [0.0, 5.0, 0.0],
                  [1.0, 1.0, 1.0], [0.0, 1.0, 1.0]])
    # cos(doctor, he) = 1/sqrt(2), cos(doctor, she) = 0
    assert gender_gap(V, words, "doctor", "he", "she") == pytest.approx(0.70710678)
    # cos(doctor, him) = 1/sqrt(3), cos(doctor, her) = 0
    assert gender_gap(V, words, "doctor", "him", "her") == pytest.approx(0.57735027)
    assert gender_gap(V, words, "doctor", "she", "he") == pytest.approx(-0.70710678)
    after, _ = debias(V, words, [("he", "she"), ("him", "her")], ["doctor"])
    assert gender_gap(after, words, "doctor", "he", "she") == pytest.approx(0.0, abs=1e-12)
    with pytest.raises(SettingError, match="'nurse' is not in the vocabulary"):
        gender_gap(V, words, "nurse", "he", "she")
