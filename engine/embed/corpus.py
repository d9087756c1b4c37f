"""Word corpora for the embedding trainers: synthetic, shipped (English, Korean), the English
prose of this Python's help topics (pydoc), or your text.

A corpus is a list of lines, each a list of word tokens (windows never cross a line), a
vocabulary ordered by frequency, and each word's class (animal, food ... or "other") used to
colour plots and to score how well a trainer separated the classes.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from engine import pytexts
from engine.embed import synth
from engine.fields import SettingError, setting, validate

CORPORA = ("synthetic", "english", "korean", "pydoc", "text")
ASSETS = Path(__file__).resolve().parents[2] / "assets" / "corpora"
SHIPPED = {"english": ASSETS / "words_english.txt", "korean": ASSETS / "words_korean.txt"}
MAX_TEXT_CHARS = 200_000  # pasted/uploaded text; a bigger text is refused with a message
MAX_VOCAB = 2000          # the most frequent words are kept; rarer ones are dropped
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class CorpusConfig:
    corpus: str = setting("synthetic", "Training text: the generated corpus (known word classes), "
                          "a shipped English or Korean word corpus, the help topics of the "
                          "Python that runs this (pydoc, English prose), or your own text.",
                          choices=CORPORA)
    sentences: int = setting(20000, "Sentences the synthetic corpus generates (its size; GloVe "
                             "needs many to count reliably).", lo=100, hi=50000)
    language: str = setting("english", "Language of the synthetic corpus.", choices=synth.LANGUAGES)
    text: str = setting("", f"Your text (corpus=text): one sentence per line, at most "
                        f"{MAX_TEXT_CHARS:,} characters; words are split on spaces and "
                        "punctuation.")
    lowercase: bool = setting(False, "Lower-case your text first (so 'The' and 'the' are one word).")
    seed: int = setting(0, "Seed of the synthetic corpus (and of the trainer).", lo=0, hi=2**31 - 1)

    def __post_init__(self):
        validate(self)


@dataclass
class WordCorpus:
    lines: list[list[str]]       # tokens per line; windows do not cross lines
    words: list[str]             # vocabulary, most frequent first
    counts: np.ndarray           # (V,) occurrences of each word
    classes: list[str]           # (V,) class of each word, "other" when unknown
    language: str
    name: str

    def __post_init__(self):
        self.index = {w: i for i, w in enumerate(self.words)}

    @functools.cached_property
    def ids(self) -> list[np.ndarray]:
        """Each line as an int64 array of word ids (read-only: a shipped corpus is built once
        per process and shared by every session's trainer; made once, 0.07 s for 20,000 lines)."""
        lines = [np.fromiter((self.index[w] for w in line), dtype=np.int64, count=len(line))
                 for line in self.lines]
        for a in lines:
            a.flags.writeable = False
        return lines

    @property
    def tokens(self) -> int:
        return int(self.counts.sum())


def tokenize(text: str, lowercase: bool = False) -> list[list[str]]:
    """One list of tokens per non-empty line: words (letters/digits in any script, keeping
    inner apostrophes and hyphens) and single punctuation marks. Emoji count as punctuation."""
    lines = []
    for raw in text.splitlines():
        toks = WORD.findall(raw.lower() if lowercase else raw)
        if toks:
            lines.append(toks)
    return lines


def guess_language(lines: list[list[str]]) -> str:
    hangul = sum(1 for line in lines[:200] for w in line if any("가" <= ch <= "힣" for ch in w))
    return "korean" if hangul > 0 else "english"


def build_corpus(lines: list[list[str]], name: str, language: str | None = None) -> WordCorpus:
    """Vocabulary (frequency order, ties alphabetical) and classes; keeps the MAX_VOCAB most
    frequent words and drops the others from the lines."""
    counts = Counter(w for line in lines for w in line)
    words = sorted(counts, key=lambda w: (-counts[w], w))[:MAX_VOCAB]
    keep = set(words)
    if len(keep) < len(counts):
        lines = [[w for w in line if w in keep] for line in lines]
        lines = [line for line in lines if line]
    language = language or guess_language(lines)
    known = synth.word_classes(language)
    return WordCorpus(lines, words, np.array([counts[w] for w in words], dtype=np.int64),
                      [known.get(w, "other") for w in words], language, name)


@functools.lru_cache(maxsize=8)
def _made(corpus: str, language: str, sentences: int, seed: int) -> WordCorpus:
    """A generated or shipped corpus, built once per process and shared by every run that reads
    it (nothing changes a corpus): 20,000 synthetic sentences take ~0.2 s, which a new session
    of the Embeddings page paid before its first picture."""
    if corpus == "synthetic":
        lines = [s.split() for s in synth.generate(language, sentences, seed)]
        return build_corpus(lines, f"synthetic {language}, {sentences} sentences, seed {seed}",
                            language)
    if corpus == "pydoc":  # lower-cased and split like pasted text, one line per line
        return build_corpus(tokenize(pytexts.pydoc_prose(), lowercase=True),
                            f"pydoc topics of Python {pytexts.python_version()}", "english")
    path = SHIPPED[corpus]
    text = path.read_text(encoding="utf-8")
    return build_corpus([line.split() for line in text.splitlines() if line.strip()],
                        f"{path.name}", corpus)


def check_text(text: str) -> None:
    """SettingError (with the numbers) when pasted text is empty, too big or has < 2 words."""
    if not text or not text.strip():
        raise SettingError.of("corpus_empty")
    if len(text) > MAX_TEXT_CHARS:
        raise SettingError.of("corpus_too_long", chars=len(text), limit=MAX_TEXT_CHARS)


def load_corpus(config: CorpusConfig) -> WordCorpus:
    """The corpus the config names; SettingError with a readable message for bad text."""
    if config.corpus == "synthetic":
        return _made(config.corpus, config.language, config.sentences, config.seed)
    if config.corpus in SHIPPED or config.corpus == "pydoc":
        return _made(config.corpus, config.corpus, 0, 0)
    check_text(config.text)
    lines = tokenize(config.text, config.lowercase)
    distinct = len({w for line in lines for w in line})
    if distinct < 2:
        raise SettingError.of("corpus_one_word", count=distinct)
    if not any(len(line) > 1 for line in lines):
        raise SettingError.of("corpus_lone_words")
    return build_corpus(lines, "your text")
