"""The two texts read from the running Python (engine.pytexts) and the Python-source features
of "find interesting units" (engine.text_features), on a hand-written snippet."""
from __future__ import annotations

import math
import sys
import sysconfig
from pathlib import Path

import numpy as np
import pytest

from engine import pytexts
from engine.config import ModelConfig, TrainConfig
from engine.fields import SettingError
from engine.gates import FEATURES, TEXT_FEATURES, correlations, rank_units, text_probe
from engine.ngram import ngram_perplexities
from engine.tasks import make_task, task_config
from engine.tasks.lm import CORPORA, load_corpus
from engine.text_features import scan_python
from engine.trainer import Trainer


@pytest.fixture
def fresh(monkeypatch):
    """Clear the per-process caches before and after (a test may change what they read)."""
    pytexts._python_source.cache_clear()
    pytexts.pydoc_prose.cache_clear()
    yield monkeypatch
    monkeypatch.undo()
    pytexts._python_source.cache_clear()
    pytexts.pydoc_prose.cache_clear()


def test_python_source_is_the_listed_modules_in_order_and_capped():
    text, files = pytexts.python_source(), pytexts.python_source_files()
    assert pytexts.python_source() is text  # built once per process
    assert 140_000 < len(text) <= pytexts.MAX_CHARS and text.endswith("\n")
    assert set(text) <= pytexts.PRINTABLE and len(set(text)) <= 96
    assert list(files) == [m for m in pytexts.STDLIB_MODULES if m in files]  # the fixed order
    root = Path(sysconfig.get_paths()["stdlib"])
    first = (root / files[0]).read_text(encoding="utf-8")
    assert files[0] == "abc.py" and text.startswith(first)  # abc.py is plain ASCII: unchanged
    task = make_task("charlm", task_config("charlm", corpus="python"))
    assert "python" in CORPORA and load_corpus("python") is text
    assert len(task.vocab) == len(set(text)) and len(task.heldout_ids) == len(text) // 10


def test_the_cap_cuts_at_a_line_break_and_keeps_a_prefix(fresh):
    full = pytexts.python_source()
    pytexts._python_source.cache_clear()
    fresh.setattr(pytexts, "MAX_CHARS", 20_000)
    short = pytexts.python_source()
    assert 19_000 < len(short) <= 20_000 and short.endswith("\n")
    assert full.startswith(short)
    assert pytexts.python_source_files() == ("abc.py", "bisect.py", "calendar.py")


def test_pydoc_prose_is_the_documentation_topics_in_name_order(fresh):
    from pydoc_data.topics import topics
    text = pytexts.pydoc_prose()
    first = min(topics)
    assert text.startswith(topics[first].strip("\n") + "\n\n")
    assert 140_000 < len(text) <= pytexts.MAX_CHARS and text.endswith("\n")
    assert 'The "assert" statement' in text[:100]
    task = make_task("charlm", task_config("charlm", corpus="pydoc"))
    assert 60 < len(task.vocab) < 140


def test_a_fake_standard_library_is_read_in_the_listed_order_with_rare_characters_mapped(
        fresh, tmp_path):
    (tmp_path / "json").mkdir()
    (tmp_path / "json" / "__init__.py").write_text("j = 1\n" * 2000, encoding="utf-8")
    (tmp_path / "abc.py").write_text("# Fran\u00e7ois\r\n\tx = '\u00b1'\x0c\r\n" * 400,
                                     encoding="utf-8")
    (tmp_path / "zzz.py").write_text("not listed\n", encoding="utf-8")
    fresh.setattr(sysconfig, "get_paths", lambda: {"stdlib": str(tmp_path)})
    text = pytexts.python_source()
    assert pytexts.python_source_files() == ("abc.py", "json/__init__.py")
    assert text == "# Fran?ois\n?x = '?'?\n" * 400 + "j = 1\n" * 2000
    assert "not listed" not in text


def test_a_python_without_the_texts_gets_a_message(fresh, tmp_path):
    fresh.setitem(sys.modules, "pydoc_data.topics", None)  # import fails
    with pytest.raises(SettingError, match="no pydoc_data"):
        make_task("charlm", task_config("charlm", corpus="pydoc"))
    fresh.setattr(sysconfig, "get_paths", lambda: {"stdlib": str(tmp_path)})
    with pytest.raises(SettingError, match="standard library"):
        make_task("charlm", task_config("charlm", corpus="python"))


# A snippet with a comment, a continuation line inside brackets, an escaped quote, a '#' and a
# '(' inside a string, a triple-quoted string over two lines, a blank line and a dedent.
LINES = ["x = f(a, [1,\n", "  2])  # c\n", "if x:\n", "    s = \"a\\\"#(\" + '''q\n",
         "  )'''\n", "\n", "    y = {}\n", "z\n"]
SNIPPET = "".join(LINES)
# one digit per character, line by line (the line break is each line's last character)
DEPTH = ["0000011112222", "22210000000", "000000", "00000000000000000000000", "0000000", "0",
         "00000000100", "00"]
STRING = ["0000000000000", "00000000000", "000000", "00000000111111000011111", "1111100", "0",
          "00000000000", "00"]
COMMENT = ["0000000000000", "00000001110", "000000", "00000000000000000000000", "0000000", "0",
           "00000000000", "00"]


def test_python_features_on_a_hand_written_snippet():
    scan = scan_python(SNIPPET)
    assert [len(d) for d in DEPTH] == [len(line) for line in LINES]
    for name, expected in (("bracket_depth", DEPTH), ("inside_string", STRING),
                           ("inside_comment", COMMENT)):
        assert "".join(str(int(v)) for v in scan[name]) == "".join(expected), name
    indent = scan["indentation"]
    lines = SNIPPET.index("\nif")  # unknown until the first line start (the continuation too)
    assert np.isnan(indent[:lines + 1]).all() and not np.isnan(indent[lines + 1:]).any()
    at = {i: indent[i] for i in range(len(SNIPPET))}
    assert at[SNIPPET.index("if")] == 0 and at[SNIPPET.index("s =")] == 4
    assert [at[SNIPPET.index("    s") + k] for k in range(4)] == [1, 2, 3, 4]  # spaces so far
    assert at[SNIPPET.index("  )")] == 4   # a line inside a string keeps the statement's
    assert at[SNIPPET.index("y =")] == 4 and at[SNIPPET.index("\nz") - 1] == 4
    assert at[SNIPPET.index("\nz") + 1] == 0  # the dedent
    batch = FEATURES["inside_comment"]([list(SNIPPET), list(SNIPPET)])
    assert batch.shape == (2, len(SNIPPET)) and batch.sum() == 2 * 3


def test_correlations_use_the_rows_where_a_feature_is_known():
    rng = np.random.default_rng(0)
    acts = rng.normal(size=(50, 3))
    feats = np.stack([acts[:, 0] + rng.normal(size=50), rng.normal(size=50)], axis=1)
    feats[:10, 0] = math.nan
    corr = correlations(acts, feats)
    assert corr[0, 0] == pytest.approx(np.corrcoef(acts[10:, 0], feats[10:, 0])[0, 1])
    assert corr[2, 1] == pytest.approx(np.corrcoef(acts[:, 2], feats[:, 1])[0, 1])
    assert not np.isnan(corr).any()


def test_an_lstm_beats_the_3gram_on_python_source_and_a_cell_tracks_indentation():
    """The must-show of issue 17: on the Python-source corpus (seed 0, hidden 64) the LSTM's
    held-out perplexity passes the add-0.1 3-gram's by step 300 (8.38 against 8.47), and the
    unit finder then ranks a cell for indentation with |r| >= 0.5 (cell 21, r = 0.73). ~6 s."""
    task = make_task("charlm", task_config("charlm", corpus="python"))
    trigram = ngram_perplexities(task.train_ids, task.heldout_ids, len(task.vocab), 0.1, 3)[3]
    trainer = Trainer(task, ModelConfig(cell="lstm", hidden=64), TrainConfig(seed=0))
    first = trainer.heldout_perplexity()
    while trainer.state.step < 300:
        trainer.step(50)
        if trainer.heldout_perplexity() < trigram:
            break
    assert first > 50 > trigram > 7  # untrained: near uniform over 95 characters
    assert trainer.heldout_perplexity() < trigram
    ids, tokens, skip = text_probe(task)
    assert ids.shape == (32, 256 + 64) and skip == 256
    per_feature = rank_units(trainer.model, ids, tokens, TEXT_FEATURES, top=20, skip=skip,
                             by="feature")
    assert len({r["feature"] for r in per_feature}) == len(per_feature)
    best = {r["feature"]: r for r in per_feature}
    assert best["indentation"]["kind"] == "cell" and abs(best["indentation"]["correlation"]) >= 0.5
    ranked = rank_units(trainer.model, ids, tokens, TEXT_FEATURES, top=10_000, skip=skip)
    assert any(r["feature"] == "indentation" and abs(r["correlation"]) >= 0.5 for r in ranked)
    assert not any("=" in r["feature"] for r in ranked)
