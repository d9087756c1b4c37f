"""Write assets/corpora/words_english.txt and words_korean.txt: the word-embedding corpora.

    python assets/make_word_corpora.py

Both come from the synthetic grammar in engine/embed/synth.py (word classes, gender pairs,
occupations with a planted he/she imbalance, English singular/plural agreement, Korean particles
split off and agreeing with the batchim) with a fixed seed, one sentence per line, words
separated by single spaces. Re-running rewrites byte-identical files.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.embed import synth

SEED, SENTENCES = 11, {"english": 6000, "korean": 5000}


def main() -> None:
    for language, n in SENTENCES.items():
        path = ROOT / "assets" / "corpora" / f"words_{language}.txt"
        lines = synth.generate(language, n, SEED)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        words = {w for line in lines for w in line.split()}
        print(f"{path.relative_to(ROOT)}: {len(lines)} lines, {len(words)} distinct words, "
              f"{path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
