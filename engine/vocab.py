"""Token vocabulary: string tokens <-> integer ids, with unknown tokens reported, never dropped."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.fields import SettingError


@dataclass(frozen=True)
class Vocab:
    tokens: tuple[str, ...]  # id -> token, in a fixed order

    def __post_init__(self):
        if len(set(self.tokens)) != len(self.tokens):
            raise ValueError("vocabulary tokens must be unique")
        object.__setattr__(self, "_index", {t: i for i, t in enumerate(self.tokens)})

    def __len__(self) -> int:
        return len(self.tokens)

    def __contains__(self, token: str) -> bool:
        return token in self._index

    def id(self, token: str) -> int:
        return self._index[token]

    def unknown(self, tokens) -> list[str]:
        """Tokens not in the vocabulary, each once, in order of first appearance."""
        return list(dict.fromkeys(t for t in tokens if t not in self._index))

    def encode(self, tokens) -> np.ndarray:
        """Ids of `tokens` (a string is read char by char); SettingError names unknown ones."""
        missing = self.unknown(tokens)
        if missing:
            shown = ", ".join(repr(t) for t in missing[:10]) + (" ..." if len(missing) > 10 else "")
            raise SettingError.of("vocab_unknown", shown=shown, count=len(self))
        return np.fromiter((self._index[t] for t in tokens), dtype=np.int64, count=len(tokens))

    def decode(self, ids) -> list[str]:
        return [self.tokens[int(i)] for i in ids]

    @classmethod
    def from_text(cls, text: str) -> Vocab:
        """Character vocabulary of `text`, sorted so the same text always gives the same ids."""
        return cls(tuple(sorted(set(text))))
