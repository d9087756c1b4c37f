"""What one does with word vectors: cosine neighbours, analogies, class separation, and the
course's debiasing (Bolukbasi et al. 2016): a gender direction, neutralise, equalise.

All functions take plain numpy arrays: vectors (V, d) and the vocabulary `words` (V,).
"""
from __future__ import annotations

import numpy as np

from engine.fields import SettingError

EPS = 1e-12


def unit(vectors: np.ndarray) -> np.ndarray:
    """Each row divided by its L2 norm (zero rows stay zero)."""
    v = np.asarray(vectors, dtype=np.float64)
    return v / np.maximum(np.linalg.norm(v, axis=-1, keepdims=True), EPS)


def cosine(u: np.ndarray, v: np.ndarray) -> float:
    # sim(u, v) = u^T v / (||u||_2 ||v||_2)
    return float(u @ v / max(np.linalg.norm(u) * np.linalg.norm(v), EPS))


def _id(words: list[str], word: str) -> int:
    try:
        return words.index(word)
    except ValueError:
        raise SettingError.of("word_unknown", word=word, count=len(words)) from None


def nearest(vectors, words, word: str, k: int = 10) -> list[tuple[str, float]]:
    """The k words most cosine-similar to `word` (itself excluded), with the similarities."""
    U = unit(vectors)
    i = _id(words, word)
    sims = U @ U[i]
    sims[i] = -np.inf
    order = np.argsort(-sims, kind="stable")[:k]
    return [(words[j], float(sims[j])) for j in order]


def analogy(vectors, words, a: str, b: str, c: str, k: int = 5) -> list[tuple[str, float]]:
    """a - b + c: the k words whose vectors are most cosine-similar to e_a - e_b + e_c
    (on unit vectors, the three query words excluded). king - man + woman -> queen."""
    U = unit(vectors)
    ids = [_id(words, w) for w in (a, b, c)]
    # argmax_w sim(e_w, e_a - e_b + e_c)
    target = U[ids[0]] - U[ids[1]] + U[ids[2]]
    sims = U @ target / max(np.linalg.norm(target), EPS)
    sims[ids] = -np.inf
    order = np.argsort(-sims, kind="stable")[:k]
    return [(words[j], float(sims[j])) for j in order]


def class_separation(vectors, classes: list[str], ignore=("other",)) -> dict:
    """Mean cosine similarity of pairs of words of the same class, of different classes, and
    the difference (words of an ignored class are left out)."""
    keep = np.array([c not in ignore for c in classes])
    U = unit(np.asarray(vectors)[keep])
    cls = np.array(classes)[keep]
    S = U @ U.T
    same = cls[:, None] == cls[None, :]
    off_diag = ~np.eye(len(cls), dtype=bool)
    if not (same & off_diag).any() or not (~same).any():
        raise SettingError.of("separation_classes")
    within, between = float(S[same & off_diag].mean()), float(S[~same].mean())
    return {"within": within, "between": between, "difference": within - between}


def gender_direction(vectors, words, pairs) -> np.ndarray:
    """g = mean over definitional pairs of (e_female - e_male) on unit vectors, normalised
    (the course's g = e_woman - e_man, averaged over pairs so one pair's noise matters less)."""
    U = unit(vectors)
    present = [(m, f) for m, f in pairs if m in words and f in words]
    if not present:
        raise SettingError.of("gender_pairs")
    g = np.mean([U[words.index(f)] - U[words.index(m)] for m, f in present], axis=0)
    return g / max(np.linalg.norm(g), EPS)


def projection(vectors, g: np.ndarray) -> np.ndarray:
    """Cosine of each (unit) word vector with g: > 0 leans female, < 0 male (V,)."""
    return unit(vectors) @ g


def gender_gap(vectors, words, word: str, male: str, female: str) -> float:
    """sim(e_word, e_male) - sim(e_word, e_female) (cosines): > 0 when `word` sits nearer the
    male word of the pair. After neutralise + equalise it is 0 for a neutral word."""
    U = unit(vectors)
    k, i, j = _id(words, word), _id(words, male), _id(words, female)
    # sim(w, m) - sim(w, f) = u_w . u_m - u_w . u_f  on unit vectors
    return float(U[k] @ U[i] - U[k] @ U[j])


def neutralise(e: np.ndarray, g: np.ndarray) -> np.ndarray:
    """Remove the bias component of a word that should carry none (e.g. 'doctor')."""
    # e_bias = (e . g / ||g||^2) g
    e_bias = (e @ g) / (g @ g) * g
    # e_debiased = e - e_bias
    return e - e_bias


def equalise(e1: np.ndarray, e2: np.ndarray, g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Make a definitional pair (actor/actress) differ only along g, symmetrically, so every
    neutral word is equally far from both. Inputs are unit vectors; outputs are unit vectors."""
    # mu = (e_1 + e_2) / 2;  mu_B = (mu . g / ||g||^2) g;  mu_orth = mu - mu_B
    mu = (e1 + e2) / 2
    mu_b = (mu @ g) / (g @ g) * g
    mu_orth = mu - mu_b
    # e_iB = (e_i . g / ||g||^2) g
    e1_b, e2_b = (e1 @ g) / (g @ g) * g, (e2 @ g) / (g @ g) * g
    # e_iB' = sqrt(|1 - ||mu_orth||^2|) (e_iB - mu_B) / ||e_iB - mu_B||
    scale = np.sqrt(abs(1 - mu_orth @ mu_orth))
    e1_bc = scale * (e1_b - mu_b) / max(np.linalg.norm(e1_b - mu_b), EPS)
    e2_bc = scale * (e2_b - mu_b) / max(np.linalg.norm(e2_b - mu_b), EPS)
    # e_i = e_iB' + mu_orth
    return e1_bc + mu_orth, e2_bc + mu_orth


def debias(vectors, words, pairs, neutral) -> tuple[np.ndarray, np.ndarray]:
    """(unit vectors after neutralising `neutral` words and equalising `pairs`, g).
    g is found before the edit; words in neither list keep their unit vector."""
    U = unit(vectors)
    g = gender_direction(U, words, pairs)
    out = U.copy()
    for w in neutral:
        if w in words:
            out[words.index(w)] = unit(neutralise(U[words.index(w)], g))
    for m, f in pairs:
        if m in words and f in words:
            i, j = words.index(m), words.index(f)
            out[i], out[j] = equalise(U[i], U[j], g)
    return out, g
