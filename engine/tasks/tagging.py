"""`tagging`: one tag per word, where some tags are decided only by LATER words (many-to-many).

The course's bidirectional-RNN example: in "He said, Teddy bears are on sale!" and "He said,
Teddy Roosevelt was a great President!" only the word after "Teddy" says whether it is a name.

    he said , teddy roosevelt met george washington .      O O O PER PER O PER PER O
    she said , teddy bears lived in washington !           O O O O O O O LOC O

- "teddy" (also "jordan", "rose") is PER before a surname and O before a common noun ("bears",
  "sneakers", "gardens"): decided by the future only, so a left-to-right RNN is at chance there.
- "washington" (also "lincoln", "jackson": presidents and US capitals) is PER after a first name
  and LOC after "in"/"near": decided by the past only, so a right-to-left RNN is at chance there.
Everything else has one tag whatever surrounds it. `gap` hesitations ("uh") sit between each
ambiguous word and the word that decides it. Korean follows the same plan with its own words
("테디 베어가" vs "테디 루스벨트가", "조지 워싱턴을" vs "수도 워싱턴을").

Each sentence draws "person or thing" and "person or place" with probability 1/2, so the majority
tag scores 50% on the ambiguous words (`majority_ambiguous_accuracy`). Sentences of one config
all have the same length (9 + 2 * gap words), so nothing is padded and no target is IGNORE.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.fields import setting, validate
from engine.tasks.base import Batch, Task
from engine.vocab import Vocab

TAGS = ("O", "PER", "LOC")  # not a person or place, part of a person's name, a place
P_PERSON = 0.5  # chance that an ambiguous word is part of a name (for both kinds of ambiguity)


@dataclass(frozen=True)
class Lexicon:
    """The words of one language. Pairs are (forward-ambiguous word, its common noun)."""

    intros: tuple[tuple[str, ...], ...]   # words before the first name, all O
    firsts: tuple[tuple[str, str], ...]   # ("teddy", "bears"): PER before a surname, else O
    surnames: tuple[str, ...]             # always PER
    person_cues: tuple[str, ...]          # first names: always PER; make the next name PER
    place_cues: tuple[str, ...]           # always O; make the next name LOC
    places: tuple[str, ...]               # "washington": PER or LOC, decided by the cue before it
    filler: str                           # a hesitation between an ambiguous word and its cue
    end: tuple[str, ...]                  # closing punctuation


ENGLISH = Lexicon(
    intros=(("he", "said", ","), ("she", "said", ",")),
    firsts=(("teddy", "bears"), ("jordan", "sneakers"), ("rose", "gardens")),
    surnames=("roosevelt", "smith", "lee"),
    person_cues=("george", "abraham", "andrew"),
    place_cues=("in", "near"),
    places=("washington", "lincoln", "jackson"),
    filler="uh",
    end=(".", "!"),
)
KOREAN = Lexicon(
    intros=(("그가", "말했다", ","), ("그녀가", "말했다", ",")),
    firsts=(("테디", "베어가"), ("조던", "운동화가"), ("로즈", "가든이")),
    surnames=("루스벨트가", "스미스가", "힐튼이"),
    person_cues=("조지", "에이브러햄", "앤드루"),
    place_cues=("수도", "도시"),
    places=("워싱턴을", "링컨을", "잭슨을"),
    filler="음",
    end=(".", "!"),
)
LEXICONS = {"english": ENGLISH, "korean": KOREAN}
# English verbs come before the cue and go with it ("met george", "lived in"); Korean verbs come
# last and fit a person or a place alike ("봤다": saw), so the words after a place never decide it.
EN_VERBS = {"PER": ("met", "saw", "called"), "LOC": ("lived", "stayed", "waited")}
KO_VERBS = ("봤다", "좋아했다", "기억했다")


@dataclass(frozen=True)
class TaggingConfig:
    language: str = setting("english", "Language of the generated sentences.",
                            choices=tuple(LEXICONS))
    gap: int = setting(0, "Hesitations ('uh') between each ambiguous word and the word that "
                       "decides its tag: the distance the model must carry information.",
                       lo=0, hi=10)

    def __post_init__(self):
        validate(self)


def _words(lex: Lexicon, verbs: tuple[str, ...]) -> tuple[str, ...]:
    """Every word the generator can emit, then the tags (the output layer shares this vocab)."""
    words = [w for intro in lex.intros for w in intro]
    words += [w for pair in lex.firsts for w in pair]
    words += [*lex.surnames, *lex.person_cues, *lex.place_cues, *lex.places, lex.filler,
              *lex.end, *verbs, *TAGS]
    return tuple(dict.fromkeys(words))


class TaggingTask(Task):
    """Tag every word O / PER / LOC; "teddy" needs the next word, "washington" the previous."""

    name = "tagging"

    def __init__(self, config: TaggingConfig = TaggingConfig()):
        self.config = config
        lex = LEXICONS[config.language]
        self.korean = config.language == "korean"
        verbs = KO_VERBS if self.korean else EN_VERBS["PER"] + EN_VERBS["LOC"]
        self.vocab = Vocab(_words(lex, verbs))
        ids = self._ids
        self._intro = np.array([ids(intro) for intro in lex.intros])      # (n_intros, 3)
        self._first = ids([f for f, _ in lex.firsts])
        self._noun = ids([n for _, n in lex.firsts])                      # noun of each first name
        self._surname, self._places = ids(lex.surnames), ids(lex.places)
        self._cue = (ids(lex.place_cues), ids(lex.person_cues))           # indexed by person
        self._verb = ((ids(KO_VERBS),) * 2 if self.korean
                      else (ids(EN_VERBS["LOC"]), ids(EN_VERBS["PER"])))  # indexed by person
        self._end, self._filler = ids(lex.end), self.vocab.id(lex.filler)
        self._tag = {t: self.vocab.id(t) for t in TAGS}

    def _ids(self, words) -> np.ndarray:
        return np.array([self.vocab.id(w) for w in words], dtype=np.int64)

    def majority_ambiguous_accuracy(self) -> float:
        """Accuracy of always answering the commoner tag on the `ambiguous` words: the best a
        left-to-right model can do there, since nothing it has read decides them."""
        return max(P_PERSON, 1 - P_PERSON)

    def batch(self, rng: np.random.Generator, batch_size: int) -> Batch:
        """Sentences as columns of word ids with the tag of each word (see the module doc)."""
        B = batch_size

        def pick(options: np.ndarray) -> np.ndarray:
            return options[rng.integers(0, len(options), size=B)]

        named = rng.random(B) < P_PERSON    # the first name is a person ("teddy roosevelt")
        person = rng.random(B) < P_PERSON   # the place word is a person ("george washington")
        first = rng.integers(0, len(self._first), size=B)
        decider = np.where(named, pick(self._surname), self._noun[first])
        cue = np.where(person, pick(self._cue[1]), pick(self._cue[0]))
        verb = np.where(person, pick(self._verb[1]), pick(self._verb[0]))
        O, PER, LOC = (np.full(B, self._tag[t]) for t in TAGS)
        gap = [(np.full(B, self._filler), O)] * self.config.gap

        intro = pick(self._intro)
        words = [(intro[:, k], O) for k in range(intro.shape[1])]          # (word ids, tags)
        name_tag = np.where(named, PER, O)
        words += [(self._first[first], name_tag), *gap, (decider, name_tag)]
        place = [(cue, np.where(person, PER, O)), *gap,
                 (pick(self._places), np.where(person, PER, LOC))]
        words += (place + [(verb, O)]) if self.korean else ([(verb, O)] + place)
        words.append((pick(self._end), O))
        x = np.stack([w for w, _ in words], axis=1).astype(np.int64)
        y = np.stack([t for _, t in words], axis=1).astype(np.int64)
        return Batch(x, y)

    def subsets(self, x: np.ndarray, y: np.ndarray) -> dict[str, np.ndarray]:
        """Boolean (B, T) masks of the words that one reading direction cannot tag:
        - "ambiguous": first names ("teddy") whose tag only LATER words decide; a left-to-right
          model is at the majority tag there (`majority_ambiguous_accuracy`).
        - "needs_past": place names ("washington") whose tag only EARLIER words decide; a
          right-to-left model would be at chance there, a left-to-right one is not."""
        return {"ambiguous": np.isin(x, self._first), "needs_past": np.isin(x, self._places)}
