"""A user's own translation pairs, one `source<TAB>target` per line, for the encoder-decoder.

`parse_pairs` reads them and refuses, with one message a learner can act on, a list that cannot
be trained on: malformed lines (all of them counted, the first ten shown with their line numbers),
too few or too many pairs, too many different characters. `PairsConfig` holds the text itself,
so a checkpoint carries its pairs. The task that trains on them, and its held-out split, are
`PairsTask` and `split_pairs` in tasks.py: they build on the Seq2SeqTask base and the held-out
hash there, and tasks.py imports this module (so this one must not import it).

`number_pairs` makes the example list, 1..999 in English words -> Sino-Korean numerals:
    python -c "from engine.seq2seq.pairs import *; print(pairs_text(number_pairs()), end='')" \
        > assets/pairs/numbers_en_ko.tsv
"""
from __future__ import annotations

from dataclasses import dataclass

from engine.fields import SettingError, setting
from engine.messages import message

MAX_SIDE = 60         # characters per source or target (= tasks.MAX_INPUT, the longest probe)
MIN_PAIRS = 20        # a tenth is held out: fewer leaves too little to train or to test on
MAX_PAIRS = 20_000
MAX_CHARS = 1000      # different characters per side: each is a token the model must learn
SHOWN = 10            # malformed lines quoted in the message


def _problem(line: str) -> tuple[tuple[str, str] | None, str | None]:
    """One non-blank line -> ((source, target), None), or (None, what is wrong with it)."""
    tabs = line.count("\t")
    if tabs == 0:
        return None, message("pair_no_tab")
    if tabs > 1:
        return None, message("pair_tabs", tabs=tabs)
    source, target = (side.strip() for side in line.split("\t"))
    for side, text in (("source", source), ("target", target)):
        if not text:
            return None, message(f"pair_empty_{side}")
        if len(text) > MAX_SIDE:
            return None, message(f"pair_long_{side}", chars=len(text), limit=MAX_SIDE)
    return (source, target), None


def _malformed(problems: list[tuple[int, str]]) -> SettingError:
    """The one error for every malformed line: how many, the first SHOWN, what to do."""
    n = len(problems)
    lines = tuple(message("pair_line", number=number, reason=reason)
                  for number, reason in problems[:SHOWN])
    more = message("pairs_more", count=n - SHOWN) if n > SHOWN else ""
    return SettingError.of("pairs_malformed_many" if n > 1 else "pairs_malformed_one", count=n,
                           lines=lines, more=more)


def _check_alphabet(pairs: list[tuple[str, str]], side: int, name: str) -> None:
    """SettingError when side 0 (sources) or 1 (targets) has over MAX_CHARS characters."""
    distinct = len({c for pair in pairs for c in pair[side]})
    if distinct > MAX_CHARS:
        raise SettingError.of(f"pairs_alphabet_{name}", count=distinct, limit=MAX_CHARS)


def parse_pairs(text: str) -> list[tuple[str, str]]:
    """`source<TAB>target` lines -> [(source, target)] in file order. Blank lines are skipped
    (they still count for line numbers), each side is stripped of surrounding spaces (and so
    of the "\\r" of a Windows line end).
    SettingError for malformed lines, fewer than MIN_PAIRS or more than MAX_PAIRS pairs, or more
    than MAX_CHARS different characters on either side."""
    pairs, problems = [], []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        pair, problem = _problem(line)
        if problem:
            problems.append((number, problem))
        else:
            pairs.append(pair)
    if problems:
        raise _malformed(problems)
    if not pairs:
        raise SettingError.of("pairs_none", least=MIN_PAIRS)
    if len(pairs) < MIN_PAIRS:
        raise SettingError.of("pairs_few" if len(pairs) > 1 else "pairs_few_one",
                              count=len(pairs), least=MIN_PAIRS)
    if len(pairs) > MAX_PAIRS:
        raise SettingError.of("pairs_many", count=len(pairs), limit=MAX_PAIRS)
    _check_alphabet(pairs, 0, "sources")
    _check_alphabet(pairs, 1, "targets")
    return pairs


@dataclass(frozen=True)
class PairsConfig:
    """The pairs task's one setting: the pairs themselves (checked by parsing them)."""

    text: str = setting("", "Your pairs: one source<TAB>target per line (e.g. "
                        "'twelve<TAB>십이'), at least 20. A tenth of them is held out to test "
                        "the model on sources it never trained on.")

    def __post_init__(self):
        parse_pairs(self.text)


# ---- the example: numbers in English words -> Sino-Korean numerals --------------------------
ONES = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
        "eighteen", "nineteen")
TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
KOREAN_DIGITS = " 일이삼사오육칠팔구"  # index = digit (0 is never written)


def english(n: int) -> str:
    """1..999 in American English words without "and": 342 -> 'three hundred forty-two'."""
    hundreds, rest = divmod(n, 100)
    words = [f"{ONES[hundreds]} hundred"] if hundreds else []
    if rest >= 20:
        words.append(TENS[rest // 10] + (f"-{ONES[rest % 10]}" if rest % 10 else ""))
    elif rest:
        words.append(ONES[rest])
    return " ".join(words)


def korean(n: int) -> str:
    """1..999 as a Sino-Korean numeral: 342 -> '삼백사십이'; a 1 before 백 or 십 is not written
    (110 -> '백십')."""
    hundreds, tens, ones = n // 100, n // 10 % 10, n % 10
    out = ""
    for digit, unit in ((hundreds, "백"), (tens, "십")):
        if digit:
            out += ("" if digit == 1 else KOREAN_DIGITS[digit]) + unit
    return out + (KOREAN_DIGITS[ones] if ones else "")


def number_pairs() -> list[tuple[str, str]]:
    """(English words, Sino-Korean numeral) for 1..999: assets/pairs/numbers_en_ko.tsv."""
    return [(english(n), korean(n)) for n in range(1, 1000)]


def pairs_text(pairs: list[tuple[str, str]]) -> str:
    """Pairs as the file holds them: `source<TAB>target` lines, each ending in a newline."""
    return "".join(f"{source}\t{target}\n" for source, target in pairs)
