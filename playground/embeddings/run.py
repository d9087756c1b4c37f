"""The Embeddings page's run: one skip-gram or GloVe trainer, stepped by the lock-step kit, and
its t-SNE / PCA frames.

Stored in st.session_state["emb_run"]. Everything that touches the trainer or the projector holds
`lock` (Streamlit can run two script threads of one session at once, as on the Train page).
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from engine.embed.corpus import CorpusConfig, WordCorpus, load_corpus
from engine.embed.project import ProjectionConfig, TSNEProjector
from engine.embed.run import make_trainer
from engine.embed.view import layout, thin_labels
from playground.kit.lockstep import LockStepRun

KEY = "emb_run"


@dataclass(frozen=True)
class EmbedChoice:
    """Everything the sidebar asks for that defines a run; any change starts a new run."""
    method: str
    corpus: CorpusConfig
    config: object


@dataclass
class EmbedRun(LockStepRun):
    """One trainer under the label "vectors"; `frame` projects its vectors once per step."""
    projector: TSNEProjector | None = None
    _frame: tuple | None = None        # (step, key, DataFrame) of the last projection
    frame_seconds: float = 0.0         # what the last frame cost (shown under the picture)

    @classmethod
    def start(cls, choice: EmbedChoice, corpus: WordCorpus | None = None) -> EmbedRun:
        corpus = corpus if corpus is not None else load_corpus(choice.corpus)
        return cls(choice, {"vectors": make_trainer(choice.method, corpus, choice.config)})

    def restart(self) -> EmbedRun:
        """Fresh vectors, same settings, corpus and seed."""
        return EmbedRun.start(self.choice, self.corpus)

    @property
    def corpus(self) -> WordCorpus:
        return self.trainer.corpus

    def vectors(self) -> np.ndarray:
        with self.lock:
            return self.trainer.vectors()

    def frame(self, ids: np.ndarray, config: ProjectionConfig) -> pd.DataFrame:
        """id, word, class, count, x, y, label of the words `ids` at the current step: a
        warm-started t-SNE frame (or PCA, aligned to the previous frame). Cached per step and
        settings."""
        with self.lock:
            step = self.trainer.state.step
            key = (tuple(ids.tolist()), config)
            if self._frame is not None and self._frame[:2] == (step, key):
                return self._frame[2]
            previous = None if self._frame is None else self._frame[2]
            start = time.perf_counter()
            Y, self.projector = layout(
                self.trainer.vectors()[ids], ids, config, self.projector,
                None if previous is None else previous["id"].to_numpy(),
                None if previous is None else previous[["x", "y"]].to_numpy())
            self.frame_seconds = time.perf_counter() - start
            c = self.corpus
            df = pd.DataFrame({"id": ids, "word": [c.words[i] for i in ids],
                               "class": [c.classes[i] for i in ids],
                               "count": c.counts[ids], "x": Y[:, 0], "y": Y[:, 1]})
            df["label"] = np.where(thin_labels(Y[:, 0], Y[:, 1]), df["word"], "")
            self._frame = (step, key, df)
            return df
