"""Character language models: the course's `hello` and `charlm` on a corpus or your text.

hello:   input  h e l l      target  e l l o      (vocabulary h, e, l, o; one-hot by default)
charlm:  input  "the ca"     target  "he cat"   (a random window of the training text)
The last 10% of a charlm text is held out to measure perplexity on text the model never saw.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from engine import pytexts
from engine.fields import SettingError, setting, validate
from engine.tasks.base import Batch, Task
from engine.vocab import Vocab

CORPORA_DIR = Path(__file__).resolve().parents[2] / "assets" / "corpora"
# english, korean: shipped in assets/corpora; python, pydoc: read from the running Python
# (its standard library's source, its documentation topics: engine.pytexts)
CORPORA = ("english", "korean", "python", "pydoc")
RUNTIME_CORPORA = {"python": pytexts.python_source, "pydoc": pytexts.pydoc_prose}
MAX_TEXT_CHARS = 300_000
MAX_VOCAB = 3000
HELDOUT_FRACTION = 0.1
HELDOUT_WINDOWS = 32


@dataclass(frozen=True)
class HelloConfig:
    """The course's example has no settings: the word is always "hello"."""


class HelloTask(Task):
    """The course's "hello": input h e l l, target e l l o, over the vocabulary h, e, l, o."""

    name = "hello"
    is_lm = causal = True

    def __init__(self, config: HelloConfig = HelloConfig()):
        self.config = config
        self.vocab = Vocab(("h", "e", "l", "o"))  # the course's order
        self._ids = self.vocab.encode("hello")
        self.heldout_ids = self._ids  # nothing is held out: "hello" is scored on itself

    def batch(self, rng: np.random.Generator, batch_size: int) -> Batch:
        seq = np.tile(self._ids, (batch_size, 1))
        return Batch(seq[:, :-1].copy(), seq[:, 1:].copy())


@dataclass(frozen=True)
class CharLMConfig:
    corpus: str = setting("english", "Training text (ignored when you give your own text): the "
                          "shipped English or Korean corpus, or your Python's own standard-library "
                          "source (python) or documentation topics (pydoc).", choices=CORPORA)
    text: str = setting("", "Your own training text; when given it replaces the corpus.")
    length: int = setting(64, "Characters per training sequence (BPTT length).", lo=2, hi=400)

    def __post_init__(self):
        validate(self)


def load_corpus(name: str) -> str:
    """A corpus's text: a shipped file, or one read (once per process) from this Python."""
    if name in RUNTIME_CORPORA:
        return RUNTIME_CORPORA[name]()
    return (CORPORA_DIR / f"{name}.txt").read_text(encoding="utf-8")


class CharLMTask(Task):
    """Next-character prediction on a corpus or pasted text (last 10% held out)."""

    name = "charlm"
    is_lm = causal = True

    def __init__(self, config: CharLMConfig = CharLMConfig()):
        self.config = config
        text = config.text if config.text.strip() else load_corpus(config.corpus)
        L = config.length
        need = 2 * (L + 1) + max(L + 1, 20)
        if len(text) < need:
            raise SettingError.of("text_too_short", chars=len(text), length=L, need=need)
        if len(text) > MAX_TEXT_CHARS:
            raise SettingError.of("text_too_long", chars=len(text), limit=MAX_TEXT_CHARS)
        self.vocab = Vocab.from_text(text)
        if len(self.vocab) > MAX_VOCAB:
            raise SettingError.of("text_vocab", count=len(self.vocab), limit=MAX_VOCAB)
        ids = self.vocab.encode(text)
        split = len(ids) - max(int(len(ids) * HELDOUT_FRACTION), L + 1)
        self.train_ids, self.heldout_ids = ids[:split], ids[split:]
        self.text = text

    def batch(self, rng: np.random.Generator, batch_size: int) -> Batch:
        L = self.config.length
        starts = rng.integers(0, len(self.train_ids) - L, size=batch_size)
        window = self.train_ids[starts[:, None] + np.arange(L + 1)]  # (B, L+1)
        return Batch(window[:, :-1].copy(), window[:, 1:].copy())

    def heldout(self) -> Batch:
        """Non-overlapping windows covering (the start of) the held-out text: the Gates page's
        probe inputs. Held-out perplexity reads all of `heldout_ids` (engine.heldout)."""
        L, ids = self.config.length, self.heldout_ids
        n = min(HELDOUT_WINDOWS, (len(ids) - 1) // L)
        starts = np.arange(n) * L
        window = ids[starts[:, None] + np.arange(L + 1)]
        return Batch(window[:, :-1].copy(), window[:, 1:].copy())
