"""Projections (t-SNE warm starts, PCA), the Train model's vectors, and `python -m engine cooc|embed`."""
import json

import numpy as np
import pytest

from engine.cli import main
from engine.config import ModelConfig, TrainConfig
from engine.embed.learned import embedding_matrix, final_hidden_states, token_class
from engine.embed.project import (
    ProjectionConfig,
    TSNEProjector,
    align,
    check_perplexity,
    neighbour_change,
    pca,
)
from engine.fields import SettingError
from engine.tasks import make_task, task_config
from engine.trainer import Trainer


def clusters(n=60, d=10, k=3, seed=0):
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(k, d)) * 3
    labels = np.arange(n) % k
    return centres[labels] + rng.normal(size=(n, d)) * 0.3, labels


def test_perplexity_too_large_is_a_clear_message():
    with pytest.raises(SettingError, match=r"Perplexity 30 is too large for 40 points.*at most 13"):
        check_perplexity(30, 40)
    with pytest.raises(SettingError, match="too large for 20 points"):
        TSNEProjector(ProjectionConfig(perplexity=30)).fit(np.ones((20, 4)))
    check_perplexity(13, 40)  # 3 * 13 + 1 = 40 points: allowed


def test_tsne_keeps_clusters_and_warm_frames_move_little():
    X, labels = clusters()
    p = TSNEProjector(ProjectionConfig(perplexity=5, iterations=250, warm_iterations=50))
    Y = p.fit(X, keys=tuple(range(60)))
    assert Y.shape == (60, 2) and not p.warm_
    # each point's nearest neighbour in the picture is of its own cluster
    D = ((Y[:, None] - Y[None]) ** 2).sum(-1) + np.eye(60) * 1e9
    assert (labels[D.argmin(1)] == labels).mean() > 0.95
    rng = np.random.default_rng(1)
    Y2 = p.fit(X + rng.normal(size=X.shape) * 0.05, keys=tuple(range(60)))
    assert p.warm_ and p.frames_ == 2
    spread = np.linalg.norm(Y - Y.mean(0), axis=1).mean()
    assert np.linalg.norm(Y2 - Y, axis=1).mean() < 0.25 * spread  # glides, no jump
    p.fit(X[:50], keys=tuple(range(50)))
    assert not p.warm_  # other points: a fresh layout


def test_a_frame_starts_afresh_while_neighbourhoods_change():
    X, _ = clusters()
    assert neighbour_change(X, X) == 0.0
    p = TSNEProjector(ProjectionConfig(perplexity=5, iterations=250, warm_iterations=50))
    keys = tuple(range(60))
    Y = p.fit(X, keys)
    shuffled = X[np.random.default_rng(2).permutation(60)]  # same keys, other neighbours
    Y2 = p.fit(shuffled, keys)
    assert not p.warm_ and p.moved_ > 0.8
    assert np.abs(Y2).max() > 0.5 * np.abs(Y).max()  # a full layout, turned onto the last one
    p.fit(shuffled + np.random.default_rng(3).normal(size=X.shape) * 0.01, keys)
    assert p.warm_ and p.moved_ < 0.4


def test_procrustes_alignment_undoes_a_rotation_and_pca_is_deterministic():
    rng = np.random.default_rng(0)
    A = rng.normal(size=(30, 2))
    theta = 0.7
    R = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    assert np.allclose(align(A @ R + 5.0, A), A)
    X, _ = clusters()
    Y = pca(X)
    assert np.allclose(Y, pca(X)) and Y.shape == (60, 2)
    assert Y[:, 0].var() >= Y[:, 1].var()
    Xc = X - X.mean(0)
    assert Y[:, 0].var() == pytest.approx(np.linalg.svd(Xc, compute_uv=False)[0] ** 2 / 60)


def test_train_model_vectors_and_hidden_states():
    task = make_task("copy", task_config("copy", lag=3, symbols=4))
    onehot = Trainer(task, ModelConfig(cell="gru", hidden=8, embedding=0), TrainConfig())
    E, where = embedding_matrix(onehot.model)
    assert E.shape == (len(task.vocab), 3 * 8) and "W_ih" in where
    embedded = Trainer(task, ModelConfig(cell="lstm", hidden=8, embedding=5), TrainConfig())
    assert embedding_matrix(embedded.model)[0].shape == (len(task.vocab), 5)
    H, labels = final_hidden_states(embedded.model, task, n=64)
    assert H.shape == (64, 8) and set(labels) <= {"a", "b", "c", "d"} and len(set(labels)) == 4
    agree = make_task("agreement")
    _, words = final_hidden_states(Trainer(agree, ModelConfig(), TrainConfig()).model, agree, n=32)
    assert set(words) == {"was", "were"}
    assert [token_class(t) for t in ("cat", "e", "x", "7", " ", "한", ",")] == [
        "animal", "vowel", "consonant", "digit", "space", "hangul", "punctuation"]


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_cooc_prints_the_course_table(capsys):
    code, out, _ = run(capsys, "cooc", "--text", "I like deep learning\nI like NLP\nI enjoy flying",
                       "--window", "1", "--json")
    result = json.loads(out)
    assert code == 0 and result["vocab"][:2] == ["I", "like"]
    assert result["counts"][0] == [0, 2, 0, 0, 0, 1, 0]  # I: like twice, enjoy once
    code, _, err = run(capsys, "cooc", "--text", "", "--json")
    assert code == 2 and err.startswith("error: The text is empty")


def test_cli_embed_prints_words_classes_vectors(capsys):
    code, out, _ = run(capsys, "embed", "--method", "glove", "--corpus", "synthetic",
                       "--sentences", "300", "--seed", "0", "--steps", "20", "--dim", "6", "--json")
    result = json.loads(out)
    assert code == 0 and result["status"] == "ok" and result["steps"] == 20
    assert len(result["words"]) == len(result["classes"]) == len(result["vectors"])
    assert len(result["vectors"][0]) == 6 and "queen" in result["words"]
    V = len(result["words"])  # GloVe: theta, e (6 each), b, b' per word, against the counts
    assert result["parameters"] == V * (2 * 6 + 2)
    assert result["more_parameters_than_counts"] == (result["parameters"] > result["nonzero_counts"])
    code, _, err = run(capsys, "embed", "--method", "glove", "--negatives", "3")
    assert code == 2 and "--negatives does not apply to --method glove" in err
    code, _, err = run(capsys, "embed", "--corpus", "text", "--text", "x" * 300_000)
    assert code == 2 and "limit is 200,000" in err


def test_a_cold_tsne_of_the_same_vectors_is_fitted_once_per_process(monkeypatch):
    """Every new Embeddings session starts from the same step-0 vectors: their first layout is
    computed once; it equals a fresh fit, and a caller changing its copy changes nothing kept."""
    import openTSNE

    from engine.embed import project

    monkeypatch.setattr(project, "_COLD", {})
    X, _ = clusters(seed=7)
    cfg = ProjectionConfig(method="tsne", perplexity=10, iterations=250)
    fits = []
    real = openTSNE.TSNE.fit
    monkeypatch.setattr(openTSNE.TSNE, "fit", lambda self, *a, **k: fits.append(1) or real(self, *a, **k))
    first = TSNEProjector(cfg).fit(X)
    first[:] = 0.0                                   # the caller's copy
    second = TSNEProjector(cfg).fit(X)
    assert len(fits) == 1 and np.abs(second).max() > 0
    monkeypatch.setattr(project, "_COLD", {})
    assert np.array_equal(TSNEProjector(cfg).fit(X), second) and len(fits) == 2  # = a fresh fit
    TSNEProjector(cfg).fit(X + 0.5)                  # other vectors: fitted
    assert len(fits) == 3


def test_a_corpus_makes_its_word_ids_once_and_they_are_read_only():
    from engine.embed.corpus import WordCorpus

    corpus = WordCorpus([["a", "b"], ["b", "c", "a"]], ["a", "b", "c"], np.array([2, 2, 1]),
                        ["other"] * 3, "english", "toy")
    assert corpus.ids is corpus.ids
    assert [a.tolist() for a in corpus.ids] == [[0, 1], [1, 2, 0]]
    with pytest.raises(ValueError):
        corpus.ids[0][0] = 2
