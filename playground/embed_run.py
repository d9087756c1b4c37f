"""The Embeddings page's run: a skip-gram or GloVe trainer, play state, and its t-SNE frames.

Stored in st.session_state["emb_run"]. Everything that touches the trainer or the projector holds
`lock` (Streamlit can run two script threads of one session at once, as on the Train page).
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from engine.embed.corpus import CorpusConfig, WordCorpus, load_corpus
from engine.embed.project import ProjectionConfig, TSNEProjector, pca
from engine.embed.run import make_trainer
from playground.pacing import Pace, Paced

KEY = "emb_run"
MIN_CLASSED = 20  # fewer words with a class than this (pasted text): show every word


@dataclass(frozen=True)
class EmbedChoice:
    """Everything the sidebar asks for that defines a run; any change starts a new run."""
    method: str
    corpus: CorpusConfig
    config: object


def shown_words(corpus: WordCorpus, n: int, hide_other: bool) -> np.ndarray:
    """Ids of the n most frequent words to plot (class words only, when asked and possible)."""
    ids = np.arange(len(corpus.words))
    if hide_other:
        classed = ids[np.array(corpus.classes) != "other"]
        if len(classed) >= MIN_CLASSED:
            ids = classed
    return ids[:n]


def thin_labels(x: np.ndarray, y: np.ndarray, width: float = 0.09, height: float = 0.035) -> np.ndarray:
    """Which points get a text label: greedily, in the given order (most frequent first), a
    label is kept unless its box (a fraction of the plot's range) overlaps one already kept."""
    def scaled(v):
        span = float(v.max() - v.min()) if len(v) else 0.0
        return (v - v.min()) / span if span > 0 else np.zeros_like(v)
    sx, sy = scaled(np.asarray(x, float)), scaled(np.asarray(y, float))
    kept: list[int] = []
    show = np.zeros(len(sx), dtype=bool)
    for i in range(len(sx)):
        if all(abs(sx[i] - sx[j]) > width or abs(sy[i] - sy[j]) > height for j in kept):
            kept.append(i)
            show[i] = True
    return show


@dataclass
class EmbedRun(Paced):
    choice: EmbedChoice
    trainer: object
    playing: bool = False
    pace: Pace = field(default_factory=Pace)  # slice loop, steps/s and the host's caps
    projector: TSNEProjector | None = None
    _frame: tuple | None = None        # (step, key, DataFrame) of the last projection
    frame_seconds: float = 0.0
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)

    @classmethod
    def start(cls, choice: EmbedChoice, corpus: WordCorpus | None = None) -> "EmbedRun":
        corpus = corpus if corpus is not None else load_corpus(choice.corpus)
        return cls(choice, make_trainer(choice.method, corpus, choice.config))

    @property
    def corpus(self) -> WordCorpus:
        return self.trainer.corpus

    @property
    def can_play(self) -> bool:
        return self.trainer.state.status == "ok"

    def step(self, n: int = 1) -> None:
        with self.lock:
            self.trainer.step(n)

    def train_for(self, seconds: float) -> int:
        """Train until `seconds` pass (or the run diverges); update the measured rate."""
        with self.lock:
            done = self.pace.run(seconds, lambda: self.trainer.step(1))
            if self.trainer.state.status != "ok":
                self.playing = False
            return done

    def vectors(self) -> np.ndarray:
        with self.lock:
            return self.trainer.vectors()

    def frame(self, ids: np.ndarray, config: ProjectionConfig) -> pd.DataFrame:
        """word, class, count, x, y of the words `ids` at the current step: a warm-started
        t-SNE frame (or PCA, aligned to the previous frame). Cached per step and settings."""
        with self.lock:
            step = self.trainer.state.step
            key = (tuple(ids.tolist()), config)
            if self._frame is not None and self._frame[:2] == (step, key):
                return self._frame[2]
            X = self.trainer.vectors()[ids]
            start = time.perf_counter()
            previous = None if self._frame is None else self._frame[2]
            if config.method == "pca":
                ref = None
                if previous is not None and len(previous) == len(ids) and \
                        list(previous["id"]) == ids.tolist():
                    ref = previous[["x", "y"]].to_numpy()
                Y = pca(X, ref)
            else:
                if self.projector is None or self.projector.config != config:
                    self.projector = TSNEProjector(config)
                Y = self.projector.fit(X, keys=key[0])
            self.frame_seconds = time.perf_counter() - start
            c = self.corpus
            df = pd.DataFrame({"id": ids, "word": [c.words[i] for i in ids],
                               "class": [c.classes[i] for i in ids],
                               "count": c.counts[ids], "x": Y[:, 0], "y": Y[:, 1]})
            df["label"] = np.where(thin_labels(Y[:, 0], Y[:, 1]), df["word"], "")
            self._frame = (step, key, df)
            return df
