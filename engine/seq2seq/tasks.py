"""Translation tasks: generated and seeded (dates in many formats -> ISO, reversal, sorting),
or a user's own list of pairs (`pairs`, read by engine/seq2seq/pairs.py).

Every task maps a source string to a target string, one character per token. A tenth of all
possible examples is held out (chosen by a hash of the date or of the input string), never
drawn for training, and `heldout(n)` samples only from that tenth, so held-out scores measure
generalisation, not memory.
"""
from __future__ import annotations

import datetime
import math
import zlib
from dataclasses import dataclass

import numpy as np

from engine.fields import SettingError, setting, validate
from engine.messages import message
from engine.seq2seq.pairs import PairsConfig, parse_pairs
from engine.tasks.base import IGNORE
from engine.vocab import Vocab

PAD, SOS, EOS = "<pad>", "<s>", "</s>"  # padding, start of output, end of output
MAX_INPUT = 60                          # longest input a probe may have (characters)
HELD_OUT_EVERY = 10                     # 1 in 10 examples (by hash) is held out


def key_hash(key: str) -> int:
    """A fixed hash of an example's key (the same in every run and on every machine)."""
    return zlib.crc32(key.encode("utf-8"))


def is_held_out(key: str) -> bool:
    return key_hash(key) % HELD_OUT_EVERY == 0


@dataclass
class Seq2SeqBatch:
    src: np.ndarray      # (B, Tx) int64 source ids, PAD (0) after each sequence's end
    src_len: np.ndarray  # (B,) int64 true source lengths
    tgt_in: np.ndarray   # (B, Ty) decoder inputs: <s> y_1 ... y_{n}, then PAD
    tgt_out: np.ndarray  # (B, Ty) targets: y_1 ... y_n </s>, then IGNORE


_HELDOUT: dict = {}   # (task class, its frozen config, n, seed) -> the held-out pairs


class Seq2SeqTask:
    """Base: subclasses set `name`, `config`, `source_alphabet`, `target_alphabet`, `key` and
    implement `sample(rng) -> (source, target)` (any example, held out or not), or override
    `pairs` and `heldout` when the examples are a fixed list (PairsTask)."""

    name = ""
    config: object
    hint = ""  # what a user may type, in words
    longest_output = 0  # the longest target the task has (0: as long as the source)
    bin_width = 1  # held-out scores group input lengths in bins this wide

    @property
    def longest_input(self) -> int:
        """The longest input the model trained on (characters)."""
        return self.config.length

    def __init__(self, source_alphabet: str, target_alphabet: str):
        self.src_vocab = Vocab((PAD,) + tuple(sorted(set(source_alphabet))))
        self.tgt_vocab = Vocab((PAD, SOS, EOS) + tuple(sorted(set(target_alphabet))))

    def key(self, source: str, target: str) -> str:
        """What decides whether an example is held out (dates: the date, in every format)."""
        return source

    def _draw(self, rng: np.random.Generator, held_out: bool) -> tuple[str, str]:
        for _ in range(10_000):
            source, target = self.sample(rng)
            if is_held_out(self.key(source, target)) == held_out:
                return source, target
        raise SettingError.of("draw_heldout" if held_out else "draw_training", task=self.name)

    def pairs(self, rng: np.random.Generator, n: int) -> list[tuple[str, str]]:
        """n training examples (never a held-out one)."""
        return [self._draw(rng, False) for _ in range(n)]

    def heldout_count(self, n: int) -> int:
        """How many examples `heldout(n)` gives (a pair list may hold out fewer than n)."""
        return n

    def heldout(self, n: int = 400, seed: int = 12_345) -> list[tuple[str, str]]:
        """n examples from the held-out tenth, the same ones for the same task settings: drawn
        once per process (each trainer of a run, and every new visitor's, asks for them before
        the Attention page can draw; about 15 ms a draw)."""
        key = (type(self), self.config, n, seed)
        pairs = _HELDOUT.get(key)
        if pairs is None:
            rng = np.random.default_rng(seed)
            pairs = tuple(self._draw(rng, True) for _ in range(n))
            if len(_HELDOUT) >= 64:
                _HELDOUT.clear()
            _HELDOUT[key] = pairs
        return list(pairs)

    def batch(self, rng: np.random.Generator, batch_size: int) -> Seq2SeqBatch:
        return self.encode_pairs(self.pairs(rng, batch_size))

    def encode_pairs(self, pairs) -> Seq2SeqBatch:
        B = len(pairs)
        Tx = max(len(s) for s, _ in pairs)
        Ty = max(len(t) for _, t in pairs) + 1  # + </s> (targets) / + <s> (inputs)
        src = np.zeros((B, Tx), dtype=np.int64)
        tgt_in = np.zeros((B, Ty), dtype=np.int64)
        tgt_out = np.full((B, Ty), IGNORE, dtype=np.int64)
        sos, eos = self.tgt_vocab.id(SOS), self.tgt_vocab.id(EOS)
        for b, (s, t) in enumerate(pairs):
            src[b, :len(s)] = self.src_vocab.encode(s)
            y = self.tgt_vocab.encode(t)
            tgt_in[b, 0], tgt_in[b, 1:len(t) + 1] = sos, y
            tgt_out[b, :len(t)], tgt_out[b, len(t)] = y, eos
        lengths = np.array([len(s) for s, _ in pairs], dtype=np.int64)
        return Seq2SeqBatch(src, lengths, tgt_in, tgt_out)

    def encode_source(self, text: str) -> np.ndarray:
        """A user's input -> (1, Tx) ids; SettingError with a readable message otherwise."""
        if not text:
            raise SettingError.of("input_empty", hint=self.hint)
        if len(text) > MAX_INPUT:
            raise SettingError.of("input_too_long", chars=len(text), limit=MAX_INPUT,
                                  longest=self.longest_input)
        missing = self.src_vocab.unknown(text)
        if missing:
            shown = ", ".join(repr(c) for c in missing[:10]) + (" ..." if len(missing) > 10 else "")
            raise SettingError.of("input_unknown", task=self.name, shown=shown, hint=self.hint)
        return self.src_vocab.encode(text)[None, :]

    def target(self, source: str) -> str | None:
        """The right answer for a typed input, if the task can tell (None if it cannot)."""
        return None

    def longest_answer(self, src_len: int) -> int:
        """The longest right answer an input of `src_len` characters can have: a reversal or a
        sort is as long as its input, a date or a listed pair at most the task's longest target."""
        return self.longest_output or src_len

    def example(self, seed: int = 0) -> tuple[str, str]:
        return self.pairs(np.random.default_rng(seed), 1)[0]


def _check_lengths(config) -> None:
    validate(config)
    if config.min_length > config.length:
        raise SettingError.of("min_length", min_length=config.min_length, length=config.length)


# ---- dates -------------------------------------------------------------------------------
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
FIRST, LAST = datetime.date(1950, 1, 1), datetime.date(2049, 12, 31)  # two-digit years: 50-49


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


DATE_FORMATS = (  # (d: date, M: month name, W: weekday name) -> text; year yy = d.year % 100
    lambda d, M, W: f"{d.day} {M} {d.year}",                    # 3 May 1979
    lambda d, M, W: f"{W}, {M} {d.day}, {d.year}",              # Thursday, May 3, 1979
    lambda d, M, W: f"{d.month:02d}/{d.day:02d}/{d.year % 100:02d}",  # 05/03/79 (US order)
    lambda d, M, W: f"{M} {d.day}, {d.year}",                   # May 3, 1979
    lambda d, M, W: f"{d.day:02d}.{d.month:02d}.{d.year}",      # 03.05.1979 (day first)
    lambda d, M, W: f"{d.day} {M.upper()} {d.year}",            # 3 MAY 1979
    lambda d, M, W: f"{W[:3]} {d.day} {M[:3]} {d.year}",        # Thu 3 May 1979
    lambda d, M, W: f"{d.month}/{d.day}/{d.year}",              # 5/3/1979
    lambda d, M, W: f"{_ordinal(d.day)} of {M} {d.year}",       # 3rd of May 1979
    lambda d, M, W: f"{M.lower()} {d.day} {d.year}",            # may 3 1979
    lambda d, M, W: f"{d.day} {M[:3]} '{d.year % 100:02d}",     # 3 May '79
    lambda d, M, W: f"{W} {d.day} {M} {d.year}",                # Thursday 3 May 1979
)
_NAMES = " ".join(MONTHS + WEEKDAYS)
DATE_ALPHABET = _NAMES + _NAMES.upper() + _NAMES.lower() + "0123456789 ,./'"


@dataclass(frozen=True)
class DatesConfig:
    length: int = setting(40, "Longest input in characters (formats that come out longer are "
                          "not drawn).", lo=8, hi=40)
    min_length: int = setting(1, "Shortest input in characters.", lo=1, hi=20)

    def __post_init__(self):
        _check_lengths(self)


class DatesTask(Seq2SeqTask):
    """Human-readable dates in 12 formats -> ISO: '3 May 1979' -> '1979-05-03'."""

    name = "dates"
    hint = message("hint_dates")
    bin_width = 4
    longest_output = len("1979-05-03")  # every answer is an ISO date

    def __init__(self, config: DatesConfig = DatesConfig()):
        self.config = config
        super().__init__(DATE_ALPHABET, "0123456789-")

    def sample(self, rng: np.random.Generator) -> tuple[str, str]:
        for _ in range(1000):
            day = FIRST + datetime.timedelta(days=int(rng.integers(0, (LAST - FIRST).days + 1)))
            fmt = DATE_FORMATS[int(rng.integers(0, len(DATE_FORMATS)))]
            text = fmt(day, MONTHS[day.month - 1], WEEKDAYS[day.weekday()])
            if self.config.min_length <= len(text) <= self.config.length:
                return text, day.isoformat()
        raise SettingError.of("dates_no_format")

    def key(self, source: str, target: str) -> str:
        return target  # the date itself: a held-out date is held out in every format


# ---- reversal and sorting -------------------------------------------------------------------
@dataclass(frozen=True)
class ReverseConfig:
    length: int = setting(8, "Longest input (characters).", lo=1, hi=30)
    min_length: int = setting(1, "Shortest input (characters).", lo=1, hi=30)
    symbols: int = setting(26, "Letters in the alphabet (a, b, c, ...).", lo=2, hi=26)

    def __post_init__(self):
        _check_lengths(self)


class ReverseTask(Seq2SeqTask):
    """Reverse a string of letters: 'abcde' -> 'edcba'. Output t reads input T - t + 1."""

    name = "reverse"

    def __init__(self, config: ReverseConfig = ReverseConfig()):
        self.config = config
        self.letters = "".join(chr(ord("a") + i) for i in range(config.symbols))
        self.hint = message("hint_letters", first=self.letters[0], last=self.letters[-1])
        super().__init__(self.letters, self.letters)

    def sample(self, rng: np.random.Generator) -> tuple[str, str]:
        n = int(rng.integers(self.config.min_length, self.config.length + 1))
        text = "".join(self.letters[i] for i in rng.integers(0, len(self.letters), size=n))
        return text, text[::-1]

    def target(self, source: str) -> str:
        return source[::-1]


@dataclass(frozen=True)
class SortConfig:
    length: int = setting(8, "Longest input (digits).", lo=1, hi=30)
    min_length: int = setting(1, "Shortest input (digits).", lo=1, hi=30)

    def __post_init__(self):
        _check_lengths(self)


class SortTask(Seq2SeqTask):
    """Sort digits: '4131' -> '1134'. Attention has to hunt for the next smallest digit."""

    name = "sort"
    hint = message("hint_digits")

    def __init__(self, config: SortConfig = SortConfig()):
        self.config = config
        super().__init__("0123456789", "0123456789")

    def sample(self, rng: np.random.Generator) -> tuple[str, str]:
        n = int(rng.integers(self.config.min_length, self.config.length + 1))
        text = "".join(str(d) for d in rng.integers(0, 10, size=n))
        return text, "".join(sorted(text))

    def target(self, source: str) -> str:
        return "".join(sorted(source))


# ---- the user's own pairs ---------------------------------------------------------------------
LENGTH_BINS = 8  # held-out scores of a pairs task: about this many groups of source lengths


def split_pairs(pairs: list[tuple[str, str]]) -> tuple[list, list]:
    """-> (training pairs, held-out pairs). Held out: the tenth of the pairs (at least 2, as
    there are at least MIN_PAIRS) whose sources hash lowest, plus every other pair with one of
    those sources, so no held-out source is ever trained on. Both lists are in hash order, so
    the split and every run on it are the same whatever the order of the lines."""
    ranked = sorted(pairs, key=lambda pair: (key_hash(pair[0]), pair))
    cut = math.ceil(len(pairs) / HELD_OUT_EVERY)
    while cut < len(ranked) and ranked[cut][0] == ranked[cut - 1][0]:
        cut += 1
    if cut == len(ranked):
        raise SettingError.of("pairs_sources")
    return ranked[cut:], ranked[:cut]


class PairsTask(Seq2SeqTask):
    """The user's own source<TAB>target pairs (PairsConfig.text), held out by source."""

    name = "pairs"
    hint = message("hint_pairs")

    def __init__(self, config: PairsConfig):
        self.config = config
        every = parse_pairs(config.text)
        self.train_pairs, self.heldout_pairs = split_pairs(every)
        self.targets: dict[str, str] = {}
        for source, target in every:
            self.targets.setdefault(source, target)  # a repeated source: its first target
        self.longest_output = max(len(target) for _, target in every)
        lengths = [len(source) for source, _ in every]
        self._longest = max(lengths)
        self.bin_width = math.ceil((self._longest - min(lengths) + 1) / LENGTH_BINS)
        super().__init__("".join(s for s, _ in every), "".join(t for _, t in every))

    @property
    def longest_input(self) -> int:
        return self._longest

    def pairs(self, rng: np.random.Generator, n: int) -> list[tuple[str, str]]:
        """n training pairs drawn uniformly (with replacement) with `rng`."""
        return [self.train_pairs[i] for i in rng.integers(0, len(self.train_pairs), size=n)]

    def heldout(self, n: int = 400, seed: int = 12_345) -> list[tuple[str, str]]:
        """All held-out pairs when n covers them, else n of them chosen by `seed`."""
        if n >= len(self.heldout_pairs):
            return list(self.heldout_pairs)
        chosen = np.random.default_rng(seed).choice(len(self.heldout_pairs), n, replace=False)
        return [self.heldout_pairs[i] for i in sorted(chosen)]

    def heldout_count(self, n: int) -> int:
        return min(n, len(self.heldout_pairs))

    def target(self, source: str) -> str | None:
        return self.targets.get(source)


SEQ2SEQ_TASKS = {"dates": (DatesConfig, DatesTask), "reverse": (ReverseConfig, ReverseTask),
                 "sort": (SortConfig, SortTask), "pairs": (PairsConfig, PairsTask)}


def make_seq2seq_task(name: str, **params) -> Seq2SeqTask:
    """Task `name` with the settings in params that it has (others are ignored)."""
    if name not in SEQ2SEQ_TASKS:
        raise SettingError.of("task_unknown", name=repr(name), choices=", ".join(SEQ2SEQ_TASKS))
    cls, task_cls = SEQ2SEQ_TASKS[name]
    known = set(cls.__dataclass_fields__)
    return task_cls(cls(**{k: v for k, v in params.items() if k in known}))
