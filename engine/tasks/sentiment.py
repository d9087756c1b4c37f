"""`sentiment`: short movie reviews, positive or negative, where word order decides (many-to-one).

Every review has one of four phrase types (label = the target at the last position):
    plain        the movie is good                   pos    영화 는 좋 다                 긍정
    intensified  the movie is really really boring   neg    영화 는 정말 지루하 다        부정
    negated      the movie is not boring             pos    영화 는 지루하 지 않 다       긍정
                 nothing about the movie was good    neg    영화 는 재미없 지 는 않 다    긍정
    contrasted   the movie was fun but slow          neg    영화 는 재미있 지만 느리 다   부정
In a contrast the clause after "but" / "-지만" decides.

The grammar is built so that a bag of words cannot be enough: "not" and "지 않" occur as often in
positive as in negative reviews, "good" is positive when plain and negative when negated, and
"good but boring" has the same words as "boring but good". Only the order (what the negation
covers, which clause comes last) decides, which a recurrent model reads and a sum of words
cannot. Korean is written as morphemes, stem and ending apart ("좋 지 않 다" for 좋지 않다), as a
morphological analyser would split it, so "좋" is one token whether negated or not.
Reviews in a batch are padded on the left, so the last position is always the review's end.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from engine.embed.synth import has_batchim
from engine.fields import setting, validate
from engine.tasks.base import IGNORE, Batch, Task
from engine.vocab import Vocab

LANGUAGES = ("english", "korean")
TYPES = ("plain", "negated", "contrasted", "intensified")
PAD = "<pad>"

EN = {
    "labels": ("pos", "neg"),
    "positive": ("good", "great", "fun", "funny", "clever", "lovely", "moving", "fresh",
                 "exciting", "charming"),
    "negative": ("bad", "boring", "dull", "silly", "slow", "awful", "weak", "stale",
                 "predictable", "messy"),
    "openers": ((), ("honestly", ","), ("overall", ","), ("i", "think"), ("to", "me", ",")),
    "determiners": ("the", "this", "that"),
    "nouns": ("movie", "film", "story", "plot", "acting", "ending", "music", "script", "cast",
              "dialogue"),
    "verbs": ("is", "was"),
    "intensifiers": ("really", "very", "so", "truly", "extremely"),
    "function": ("not", "never", "nothing", "about", "but"),
}
KO = {
    "labels": ("긍정", "부정"),
    "positive": ("좋", "재미있", "훌륭하", "멋지", "신선하", "감동적이", "유쾌하", "알차"),
    "negative": ("나쁘", "지루하", "재미없", "뻔하", "형편없", "느리", "어색하", "실망스럽"),
    "openers": ((), ("솔직히",), ("전반적으로",), ("내", "생각", "에")),
    "determiners": ((), ("이",), ("그",)),
    "nouns": ("영화", "이야기", "연기", "결말", "음악", "장면", "대사", "주인공"),
    "intensifiers": ("정말", "너무", "아주", "진짜", "매우"),
    "function": ("은", "는", "다", "지", "않", "전혀", "지만"),
}


@dataclass(frozen=True)
class SentimentConfig:
    language: str = setting("english", "Language of the generated reviews (Korean is split into "
                            "morphemes: 좋 지 않 다).", choices=LANGUAGES)

    def __post_init__(self):
        validate(self)


class Review(NamedTuple):
    words: tuple[str, ...]
    label: str   # the answer token: pos/neg or 긍정/부정
    type: str    # one of TYPES


def _pick(rng: np.random.Generator, options):
    return options[rng.integers(len(options))]


def _topic(noun: str) -> str:
    """The Korean topic particle the noun takes: 은 after a final consonant, else 는."""
    return "은" if has_batchim(noun) else "는"


class _Grammar:
    """One method per phrase type (TYPES): `kind(rng, positive)` -> the words of a review whose
    label is positive or not. `words` is the language's word table (EN or KO)."""

    words: dict

    def adjective(self, rng, positive: bool) -> str:
        """A sentiment word (Korean: stem) of the given polarity."""
        return _pick(rng, self.words["positive" if positive else "negative"])


class _English(_Grammar):
    """the movie is (not / really) good [but ...]; "nothing about the movie was good"."""

    words = EN

    def subject(self, rng) -> list[str]:
        return [_pick(rng, EN["determiners"]), _pick(rng, EN["nouns"])]

    def clause(self, rng, adjective: str, before: tuple[str, ...] = ()) -> list[str]:
        return self.subject(rng) + [_pick(rng, EN["verbs"]), *before, adjective]

    def plain(self, rng, positive):
        return self.clause(rng, self.adjective(rng, positive))

    def intensified(self, rng, positive):
        times = 1 + rng.integers(2)  # "really really", as in the course's bag-of-words example
        intensifier = _pick(rng, EN["intensifiers"])
        return self.clause(rng, self.adjective(rng, positive), (intensifier,) * times)

    def negated(self, rng, positive):
        adjective = self.adjective(rng, not positive)
        form = rng.integers(3)
        if form == 2:  # the negation before the subject, five words before the adjective
            return ["nothing", "about"] + self.clause(rng, adjective)
        return self.clause(rng, adjective, (("not",), ("never",))[form])

    def contrasted(self, rng, positive):
        first, last = self.adjective(rng, not positive), self.adjective(rng, positive)
        if rng.integers(2):
            return self.clause(rng, first) + ["but", last]
        return self.clause(rng, first) + ["but"] + self.clause(rng, last)


class _Korean(_Grammar):
    """The same four types as Korean morphemes: subject + 은/는, stem, ending 다 (or 지만)."""

    words = KO

    def subject(self, rng) -> list[str]:
        noun = _pick(rng, KO["nouns"])
        return [*_pick(rng, KO["determiners"]), noun, _topic(noun)]

    def plain(self, rng, positive):
        return self.subject(rng) + [self.adjective(rng, positive), "다"]

    def intensified(self, rng, positive):
        times = 1 + rng.integers(2)
        return self.subject(rng) + [_pick(rng, KO["intensifiers"])] * times + [
            self.adjective(rng, positive), "다"]

    def negated(self, rng, positive):
        stem, form = self.adjective(rng, not positive), rng.integers(3)
        if form == 0:
            return self.subject(rng) + [stem, "지", "않", "다"]       # 좋지 않다
        if form == 1:
            return self.subject(rng) + [stem, "지", "는", "않", "다"]  # 재미없지는 않다
        return self.subject(rng) + ["전혀", stem, "지", "않", "다"]    # 전혀 좋지 않다

    def contrasted(self, rng, positive):
        first, last = self.adjective(rng, not positive), self.adjective(rng, positive)
        if rng.integers(2):
            return self.subject(rng) + [first, "지만", last, "다"]
        return self.subject(rng) + [first, "지만"] + self.subject(rng) + [last, "다"]


GRAMMARS = {"english": _English, "korean": _Korean}


def _flatten(value):
    """The word strings inside nested tuples, in order."""
    if isinstance(value, str):
        yield value
    else:
        for item in value:
            yield from _flatten(item)


def _vocabulary(words: dict) -> tuple[str, ...]:
    """The padding token, every token the grammar can write, then the two answers."""
    tokens = [PAD]
    for key, group in words.items():
        if key != "labels":
            tokens.extend(_flatten(group))
    return tuple(dict.fromkeys(tokens + list(words["labels"])))


class SentimentTask(Task):
    """Label a short review pos/neg (긍정/부정) at its last word; negation and "but" decide."""

    name = "sentiment"

    def __init__(self, config: SentimentConfig = SentimentConfig()):
        self.config = config
        self.grammar = GRAMMARS[config.language]()
        self.labels = self.grammar.words["labels"]  # (positive, negative) answer tokens
        self.vocab = Vocab(_vocabulary(self.grammar.words))

    def labelled(self, rng: np.random.Generator, n: int) -> list[Review]:
        """n reviews, each with its label and phrase type (types and labels equally likely)."""
        reviews = []
        for _ in range(n):
            kind, positive = _pick(rng, TYPES), bool(rng.integers(2))
            body = getattr(self.grammar, kind)(rng, positive)
            words = tuple(_pick(rng, self.grammar.words["openers"])) + tuple(body)
            reviews.append(Review(words, self.labels[0 if positive else 1], kind))
        return reviews

    def encode(self, reviews: list[Review]) -> Batch:
        """Left-padded ids (B, T) with each review's label at the last position."""
        T = max(len(r.words) for r in reviews)
        x = np.full((len(reviews), T), self.vocab.id(PAD), dtype=np.int64)
        for row, review in zip(x, reviews):
            row[T - len(review.words):] = self.vocab.encode(review.words)
        y = np.full_like(x, IGNORE)
        y[:, -1] = [self.vocab.id(r.label) for r in reviews]
        return Batch(x, y)

    def batch(self, rng: np.random.Generator, batch_size: int) -> Batch:
        return self.encode(self.labelled(rng, batch_size))
