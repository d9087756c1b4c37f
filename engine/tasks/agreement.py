"""`agreement`: "The cat(s), which already ate ..., was/were full" (many-to-one).

Example (clause=1):  the cats , which already ate a fish ,   target at the last ","  -> were
Each phrase of the relative clause adds 5 words and an object noun whose number is random, so
the last noun seen is no clue: the model must carry the subject's number across the clause.
Chance accuracy is 50%.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.fields import setting, validate
from engine.tasks.base import IGNORE, Batch, Task
from engine.vocab import Vocab

SUBJECTS = (("cat", "cats"), ("dog", "dogs"), ("bird", "birds"), ("child", "children"),
            ("mouse", "mice"), ("fox", "foxes"), ("teacher", "teachers"), ("horse", "horses"))
OBJECTS = (("fish", "fish"), ("apple", "apples"), ("cake", "cakes"), ("bone", "bones"),
           ("seed", "seeds"), ("pear", "pears"), ("cookie", "cookies"), ("worm", "worms"))
ADVERBS = ("already", "quickly", "happily", "never", "often")
VERBS = ("ate", "saw", "chased", "liked", "found")
DETS = (("a", "one", "the"), ("some", "two", "the"))  # singular, plural
PHRASE_WORDS = 5  # conjunction, adverb, verb, determiner, object


@dataclass(frozen=True)
class AgreementConfig:
    clause: int = setting(2, f"Phrases in the 'which ...' clause; each adds {PHRASE_WORDS} words "
                          "between the subject and was/were.", lo=0, hi=20)

    def __post_init__(self):
        validate(self)


def _words() -> tuple[str, ...]:
    words = ["the", ",", "which", "and", "was", "were"]
    for group in (SUBJECTS, OBJECTS, (ADVERBS,), (VERBS,), DETS):
        for pair in group:
            words.extend(pair)
    return tuple(dict.fromkeys(words))


class AgreementTask(Task):
    """Predict was/were after "the cat(s) , which ... ," from the subject's number."""

    name = "agreement"

    def __init__(self, config: AgreementConfig = AgreementConfig()):
        self.config = config
        self.vocab = Vocab(_words())
        v = self.vocab.id
        self._subj = np.array([[v(s), v(p)] for s, p in SUBJECTS])   # (n_subjects, 2)
        self._obj = np.array([[v(s), v(p)] for s, p in OBJECTS])
        self._det = np.array([[v(d) for d in ds] for ds in DETS]).T  # (3, 2): choice x number
        self._adv = np.array([v(a) for a in ADVERBS])
        self._verb = np.array([v(w) for w in VERBS])
        self._answer = np.array([v("was"), v("were")])

    def batch(self, rng: np.random.Generator, batch_size: int) -> Batch:
        B, C = batch_size, self.config.clause
        plural = rng.integers(0, 2, size=B)
        cols = [np.full(B, self.vocab.id("the")),
                self._subj[rng.integers(0, len(SUBJECTS), size=B), plural]]
        if C:
            cols.append(np.full(B, self.vocab.id(",")))
            for k in range(C):
                obj_plural = rng.integers(0, 2, size=B)  # attractor: number independent of subject
                cols += [np.full(B, self.vocab.id("which" if k == 0 else "and")),
                         self._adv[rng.integers(0, len(ADVERBS), size=B)],
                         self._verb[rng.integers(0, len(VERBS), size=B)],
                         self._det[rng.integers(0, 3, size=B), obj_plural],
                         self._obj[rng.integers(0, len(OBJECTS), size=B), obj_plural]]
            cols.append(np.full(B, self.vocab.id(",")))
        x = np.stack(cols, axis=1).astype(np.int64)
        y = np.full_like(x, IGNORE)
        y[:, -1] = self._answer[plural]
        return Batch(x, y)
