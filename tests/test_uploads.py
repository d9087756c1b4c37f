"""engine.uploads: every file a user hands in is checked before it touches a run (size, encoding,
empty or binary content), and `python -m engine train --text-file` trains on one."""
import json
import re

import pytest

from engine.cli import main
from engine.fields import SettingError
from engine.tasks.lm import MAX_TEXT_CHARS
from engine.uploads import MAX_UPLOAD_BYTES, read_text_bytes, read_text_file, used_note

KOREAN = "나는 학교에 간다. 고양이가 잔다.\n" * 40


def test_good_text_comes_back_with_unix_newlines_and_no_byte_order_mark():
    file = read_text_bytes(b"\xef\xbb\xbf" + "첫 줄\r\nsecond\rthird\n".encode(), "dir/notes.md")
    assert file.text == "첫 줄\nsecond\nthird\n"
    assert file.name == "notes.md"  # never a path the user's browser sent
    assert file.chars == len(file.text) and file.size == len("첫 줄\r\nsecond\rthird\n".encode()) + 3
    assert len(file.sha256) == 64


@pytest.mark.parametrize("raw, message", [
    (b"", "is empty"),
    (b" \n\t\r\n", "only spaces and line breaks"),
    ("hello".encode("utf-16"), "UTF-16"),
    (b"PK\x03\x04\x14\x00\x00\x00", "NUL byte at byte 6"),
    ("caf\u00e9 ol\u00e9".encode("latin-1"), "byte 4 (line 1) is 0xE9"),
    (b"line one\nline two\n\x93quoted\x94\n", "line 3"),
    (b"\x1b[31m\x07" * 20 + b"text", "control characters"),
])
def test_bad_content_is_refused_with_what_is_wrong(raw, message):
    with pytest.raises(SettingError, match=re.escape(message)):
        read_text_bytes(raw, "data.txt")


def test_a_few_control_characters_in_long_text_are_fine():
    text = "plain text\n" * 100 + "\x0c\x1b"  # a form feed and one escape in 1,100 characters
    assert read_text_bytes(text.encode(), "t.txt").text.endswith("\x0c\x1b")


def test_over_the_limit_is_refused_before_decoding():
    with pytest.raises(SettingError, match="the limit is 1.0 kB"):
        read_text_bytes(b"a" * 1025, "big.txt", limit=1024)
    assert MAX_UPLOAD_BYTES == 20 * 1024 * 1024


def test_file_checks_size_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"ab\n" * 700)
    with pytest.raises(SettingError, match="--text-file .* has 2.1 kB; the limit is 1.0 kB"):
        read_text_file(path, limit=1024)
    with pytest.raises(SettingError, match="no such file"):
        read_text_file(tmp_path / "missing.txt")
    with pytest.raises(SettingError, match="no such file"):
        read_text_file(tmp_path)  # a folder


def test_used_note_says_how_much_is_used():
    short = read_text_bytes(b"abc\n" * 10, "a.txt")
    assert used_note(short, 100) == "a.txt: all 40 characters (40 bytes)."
    long = read_text_bytes(b"abc\n" * 1000, "b.txt")
    assert used_note(long, 1000) == ("b.txt: the first 1,000 of its 4,000 characters (25%; the "
                                     "limit is 1,000).")


def run_cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_trains_on_a_korean_text_file_and_reports_it(tmp_path, capsys):
    path = tmp_path / "korean.txt"
    path.write_text(KOREAN, encoding="utf-8")
    code, out, _ = run_cli(capsys, "train", "--task", "charlm", "--text-file", str(path),
                           "--hidden", "16", "--length", "16", "--steps", "30", "--json")
    assert code == 0
    result = json.loads(out)
    assert result["config"]["text_file"] == {
        "path": str(path), "bytes": len(KOREAN.encode()), "sha256": read_text_file(path).sha256,
        "characters": len(KOREAN), "used_characters": len(KOREAN)}
    assert "text" not in result["config"]["task_params"]
    first, last = result["history"][0]["loss"], result["final"]["loss"]
    assert last < first and result["final"]["val_perplexity"] is not None


def test_cli_uses_the_first_part_of_a_long_file_and_says_so(tmp_path, capsys):
    path = tmp_path / "long.txt"
    path.write_text("the cat sat on the mat. " * 20_000, encoding="utf-8")  # 480,000 characters
    code, out, _ = run_cli(capsys, "train", "--task", "charlm", "--text-file", str(path),
                           "--hidden", "8", "--steps", "1")
    assert code == 0
    assert f"long.txt: the first {MAX_TEXT_CHARS:,} of its 480,000 characters (62%" in out


@pytest.mark.parametrize("argv, message", [
    (["--task", "copy"], "--text-file is the training text of --task charlm"),
    (["--task", "charlm", "--text", "x" * 400], "not both"),
])
def test_cli_text_file_flag_misuse(tmp_path, capsys, argv, message):
    path = tmp_path / "t.txt"
    path.write_text("abc " * 200, encoding="utf-8")
    code, _, err = run_cli(capsys, "train", "--text-file", str(path), *argv)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("raw, message", [
    (b"", "is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "not a text file"),
    ("한국어".encode("euc-kr") * 50, "not UTF-8"),
])
def test_cli_refuses_bad_files_in_one_line(tmp_path, capsys, raw, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(raw)
    code, _, err = run_cli(capsys, "train", "--task", "charlm", "--text-file", str(path))
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1
