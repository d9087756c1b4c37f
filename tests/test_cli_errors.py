"""`python -m engine` on bad user input, run as a real process: exit code 2, one `error:` line on
stderr, never a traceback (issue 13): a --save path that cannot be written (refused before
training).
"""
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT


def run(*argv, timeout=60):
    """(exit code, stdout, stderr, seconds) of `python -m engine argv...` (bytes args allowed)."""
    start = time.monotonic()
    out = subprocess.run([sys.executable, "-m", "engine", *argv], cwd=ROOT, capture_output=True,
                         timeout=timeout)
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
