"""`python -m engine` on bad user input, run as a real process: exit code 2, one `error:` line on
stderr, never a traceback (issue 13): a --save path that cannot be written (refused before
training), damaged or foreign checkpoints, and text that is not valid UTF-8.
"""
import contextlib
import io
import subprocess
import sys
import time

import pytest
import torch

from engine.cli import main
from tests.conftest import ROOT


def run(*argv, timeout=60):
    """(exit code, stdout, stderr, seconds) of `python -m engine argv...` (bytes args allowed)."""
    start = time.monotonic()
    out = subprocess.run([sys.executable, "-m", "engine", *argv], cwd=ROOT, capture_output=True,
                         timeout=timeout, check=False)
    return (out.returncode, out.stdout.decode(errors="replace"),
            out.stderr.decode(errors="replace"), time.monotonic() - start)


def assert_one_line_error(code, err, *words):
    assert code == 2 and "Traceback" not in err, err
    assert err.startswith("error: ") and err.count("\n") == 1, err
    for word in words:
        assert word in err, err


@pytest.mark.parametrize("command,where", [
    (["train", "--task", "hello"], "missing dir"), (["train", "--task", "hello"], "a directory"),
    (["seq2seq", "--heldout", "5"], "missing dir")])
def test_unwritable_save_path_fails_before_training(tmp_path, command, where):
    path = tmp_path / "no" / "such" / "x.pt" if where == "missing dir" else tmp_path
    code, out, err, seconds = run(*command, "--steps", "100000", "--save", str(path))
    assert_one_line_error(code, err, "--save", str(path))
    assert out == "" and seconds < 20  # no step printed: 100000 steps would take minutes
    assert list(tmp_path.iterdir()) == []  # nothing written


@pytest.fixture(scope="module")
def checkpoints(tmp_path_factory):
    """A Train-page checkpoint (hello, 2 steps) and a seq2seq one (reverse, 2 steps)."""
    folder = tmp_path_factory.mktemp("ckpt")
    with contextlib.redirect_stdout(io.StringIO()):  # capsys is function-scoped
        assert main(["train", "--task", "hello", "--steps", "2", "--save", str(folder / "lm.pt"),
                     "--json"]) == 0
        assert main(["seq2seq", "--steps", "2", "--heldout", "5", "--save",
                     str(folder / "s2s.pt"), "--json"]) == 0
    return folder


def _damaged(folder, base: str, change) -> str:
    ckpt = torch.load(folder / base, weights_only=True)
    change(ckpt)
    path = folder / f"damaged-{base}"
    torch.save(ckpt, path)
    return str(path)


@pytest.mark.parametrize("command,base,change,words", [
    ("gates", "lm.pt", lambda c: c.pop("vocab"), "no 'vocab' entry"),
    ("gates", "lm.pt", lambda c: c["model_config"].update(hidden="16"),
     "hidden must be a whole number"),
    ("gates", "lm.pt", lambda c: c.update(step="last"), "step must be a whole number"),
    ("decode", "s2s.pt", lambda c: c.pop("src_vocab"), "no 'src_vocab' entry"),
    ("decode", "s2s.pt", lambda c: c["train_config"].update(seed="zero"),
     "seed must be a whole number"),
], ids=["no-vocab", "hidden-str", "step-str", "no-src-vocab", "seed-str"])
def test_checkpoint_with_missing_keys_or_wrong_types_is_one_line(checkpoints, command, base,
                                                                  change, words, capsys):
    path = _damaged(checkpoints, base, change)
    flag = "--text" if command == "gates" else "--input"
    code = main([command, "--checkpoint", path, flag, "hel"])  # in-process: same code, faster
    out, err = capsys.readouterr()
    assert_one_line_error(code, err, words)
    assert out == ""


def test_damaged_checkpoint_as_a_real_process(checkpoints):
    path = _damaged(checkpoints, "lm.pt", lambda c: c.pop("model_state"))
    code, _out, err, _ = run("gates", "--checkpoint", path, "--text", "hel")
    assert_one_line_error(code, err, "no 'model_state' entry")


@pytest.mark.parametrize("path,command,words", [
    ("half.pt", "gates", "not a checkpoint this app can read"),
    ("noise.pt", "decode", "not a checkpoint this app can read"),
    ("lm.pt", "decode", "Train-page checkpoint"),
    ("s2s.pt", "gates", "Not an RNN Playground checkpoint"),
])
def test_truncated_garbage_and_foreign_files_are_one_line(checkpoints, capsys, path, command,
                                                          words):
    raw = (checkpoints / "lm.pt").read_bytes()
    (checkpoints / "half.pt").write_bytes(raw[:len(raw) // 2])
    (checkpoints / "noise.pt").write_bytes(bytes(range(256)) * 4)
    flag = "--text" if command == "gates" else "--input"
    code = main([command, "--checkpoint", str(checkpoints / path), flag, "ab"])
    assert_one_line_error(code, capsys.readouterr().err, words)


def test_text_that_is_not_utf8_is_refused_before_training(tmp_path):
    code, out, err, _ = run("train", "--task", "charlm", "--steps", "2", "--text",
                            b"abcd \xff\n" * 80, "--save", str(tmp_path / "x.pt"))
    assert_one_line_error(code, err, "--text", "not valid UTF-8 text", "character 6 is U+DCFF")
    assert out == "" and list(tmp_path.iterdir()) == []  # nothing trained, nothing saved


@pytest.mark.parametrize("argv,flag", [  # what Python makes of bytes b"\xff" in argv
    (["cooc", "--text", "I like deep learning\nI like \udcffNLP"], "--text"),
    (["embed", "--corpus", "text", "--steps", "2", "--text", "a b c \udcfe d e\n" * 5], "--text"),
    (["gates", "--checkpoint", "lm.pt", "--text", "he\udcffl"], "--text"),
    (["decode", "--checkpoint", "s2s.pt", "--input", "a\udcc3"], "--input"),
], ids=["cooc", "embed", "gates", "decode"])
def test_every_text_flag_refuses_invalid_unicode(checkpoints, capsys, argv, flag):
    argv = [str(checkpoints / a) if a.endswith(".pt") else a for a in argv]
    code = main(argv)
    out, err = capsys.readouterr()
    assert_one_line_error(code, err, flag, "not valid UTF-8 text")
    assert out == ""
