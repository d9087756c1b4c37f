"""The `pairs` task: a user's own source<TAB>target lines, parsed, split, trained, saved, and
`python -m engine seq2seq --pairs FILE` / `decode` on them."""
import contextlib
import hashlib
import io
import json
import random

import numpy as np
import pytest
import torch

from engine.cli import main
from engine.config import TrainConfig
from engine.fields import SettingError
from engine.seq2seq.checkpoint import MAX_ALPHABET, load_seq2seq, save_seq2seq
from engine.seq2seq.decode import SPARE, DecodeConfig, decode_text
from engine.seq2seq.evaluate import evaluate
from engine.seq2seq.model import Seq2SeqConfig
from engine.seq2seq.pairs import (
    MAX_CHARS,
    MAX_PAIRS,
    MAX_SIDE,
    english,
    korean,
    number_pairs,
    pairs_text,
    parse_pairs,
)
from engine.seq2seq.tasks import EOS, MAX_INPUT, PAD, SOS, key_hash, make_seq2seq_task
from engine.seq2seq.trainer import Seq2SeqTrainer
from tests.conftest import ROOT

NUMBERS = ROOT / "assets" / "pairs" / "numbers_en_ko.tsv"
TINY = Seq2SeqConfig(hidden=4, embedding=2, attention_size=2)


def numbered(n: int, start: int = 0) -> list[str]:
    """n good lines 'w0<TAB>x0', 'w1<TAB>x1', ..."""
    return [f"w{i}\tx{i}" for i in range(start, start + n)]


def lines_text(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def numbers():
    return make_seq2seq_task("pairs", text=NUMBERS.read_text(encoding="utf-8"))


def run_cli(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


# ---- parsing -----------------------------------------------------------------------------------
def test_good_pairs_are_read_in_order_with_their_sides_stripped():
    text = lines_text(["  three hundred \t 삼백", "a b\tc d"] + numbered(18))
    pairs = parse_pairs(text)
    assert pairs[:2] == [("three hundred", "삼백"), ("a b", "c d")]
    assert pairs[2:] == [(f"w{i}", f"x{i}") for i in range(18)] and len(pairs) == 20


def test_crlf_and_blank_lines_are_skipped():
    lines = numbered(20)
    messy = "\r\n".join(lines[:5] + ["", "   ", " \t "] + lines[5:]) + "\r\n\r\n"
    assert parse_pairs(messy) == parse_pairs(lines_text(lines))


def test_every_malformed_line_is_named_with_its_line_number():
    bad = ["no tab here", "a\tb\tc", "\ttarget only", "source only\t  ",
           "s" * (MAX_SIDE + 1) + "\tx", "x\t" + "t" * (MAX_SIDE + 2)]
    lines = numbered(3) + [""] + bad[:1] + numbered(20, 3) + bad[1:]  # a blank line 4
    with pytest.raises(SettingError) as caught:
        parse_pairs(lines_text(lines))
    assert str(caught.value) == (
        "6 lines are not source<TAB>target pairs: line 5: no tab; line 26: 2 tabs (one tab "
        "separates source and target); line 27: the source is empty; line 28: the target is "
        "empty; line 29: the source has 61 characters (at most 60); line 30: the target has 62 "
        "characters (at most 60). Fix them and load the pairs again.")
    with pytest.raises(SettingError, match="^1 line is not a source<TAB>target pair: line 21: "
                                           "no tab. Fix it and load"):
        parse_pairs(lines_text(numbered(20) + ["one more"]))
    assert parse_pairs(lines_text(numbered(19) + ["s" * MAX_SIDE + "\t" + "t" * MAX_SIDE]))
    assert MAX_SIDE == MAX_INPUT  # a source the task trains on can always be typed in


def test_more_than_ten_malformed_lines_are_counted_and_ten_shown():
    lines = numbered(20) + [f"bad {i}" for i in range(15)]
    with pytest.raises(SettingError) as caught:
        parse_pairs(lines_text(lines))
    message = str(caught.value)
    assert message.startswith("15 lines are not source<TAB>target pairs: line 21: no tab;")
    assert message.count("no tab") == 10 and "line 30: no tab … and 5 more. Fix them" in message


def test_too_few_pairs():
    with pytest.raises(SettingError, match=r"^Only 7 pairs; at least 20 are needed \(a tenth is "
                                           r"held out to test the model\)\.$"):
        parse_pairs(lines_text(numbered(7)))
    with pytest.raises(SettingError, match="^Only 1 pair; at least 20"):
        parse_pairs("a\tb")
    with pytest.raises(SettingError, match="no pairs yet"):
        parse_pairs("\n \n")
    with pytest.raises(SettingError, match="no pairs yet"):
        make_seq2seq_task("pairs")


def test_too_many_pairs():
    assert len(parse_pairs(lines_text(numbered(MAX_PAIRS)))) == MAX_PAIRS
    with pytest.raises(SettingError, match="^20,001 pairs; at most 20,000 are allowed"):
        parse_pairs(lines_text(numbered(MAX_PAIRS + 1)))


@pytest.mark.parametrize("side", ["sources", "targets"])
def test_too_many_different_characters(side):
    def text(n_chars):  # n_chars different characters on `side`, none on the other
        chars = "".join(chr(0x4E00 + i) for i in range(n_chars))
        chunks = [chars[i:i + MAX_SIDE] for i in range(0, n_chars, MAX_SIDE)] + list(chars[:20])
        lines = [f"{c}\tx" if side == "sources" else f"x{i}\t{c}" for i, c in enumerate(chunks)]
        return lines_text(lines)
    assert parse_pairs(text(MAX_CHARS))
    with pytest.raises(SettingError, match=f"Your {side} use 1,001 different characters; at "
                                           "most 1,000 are allowed"):
        parse_pairs(text(MAX_CHARS + 1))


# ---- the held-out split ------------------------------------------------------------------------
def test_split_is_deterministic_and_independent_of_line_order(numbers):
    lines = NUMBERS.read_text(encoding="utf-8").splitlines()
    random.Random(1).shuffle(lines)
    shuffled = make_seq2seq_task("pairs", text=lines_text(lines))
    assert shuffled.heldout_pairs == numbers.heldout_pairs
    assert shuffled.train_pairs == numbers.train_pairs
    again = make_seq2seq_task("pairs", text=NUMBERS.read_text(encoding="utf-8"))
    assert again.heldout_pairs == numbers.heldout_pairs


def test_held_out_are_the_lowest_hashes_a_tenth_of_the_pairs(numbers):
    assert len(numbers.heldout_pairs) == 100 and len(numbers.train_pairs) == 899
    held = {key_hash(s) for s, _ in numbers.heldout_pairs}
    assert max(held) < min(key_hash(s) for s, _ in numbers.train_pairs)
    for n, expected in ((20, 2), (21, 3), (35, 4)):
        assert len(make_seq2seq_task("pairs", text=lines_text(numbered(n))).heldout_pairs) == \
            expected


def test_a_source_is_never_on_both_sides():
    lines = [f"s{i}\tt{i}{k}" for i in range(11) for k in range(3)]  # each source 3 times
    task = make_seq2seq_task("pairs", text=lines_text(lines))
    held = {s for s, _ in task.heldout_pairs}
    assert not held & {s for s, _ in task.train_pairs}
    assert len(task.heldout_pairs) == 6  # ceil(33 / 10) = 4 reaches into a second source: all 3
    with pytest.raises(SettingError, match="Too few different sources"):
        make_seq2seq_task("pairs", text=lines_text([f"same\tt{i}" for i in range(20)]))


# ---- the task ----------------------------------------------------------------------------------
def test_batches_encode_and_decode_back_to_the_training_pairs(numbers):
    pairs = numbers.pairs(np.random.default_rng(3), 16)
    assert pairs == numbers.pairs(np.random.default_rng(3), 16)  # seeded: reproducible
    assert set(pairs) <= set(numbers.train_pairs)
    batch = numbers.encode_pairs(pairs)
    for row, out, (source, target) in zip(batch.src, batch.tgt_out, pairs):
        assert "".join(t for t in numbers.src_vocab.decode(row) if t != PAD) == source
        tokens = numbers.tgt_vocab.decode(out[:len(target) + 1])
        assert "".join(tokens[:-1]) == target and tokens[-1] == EOS
    assert numbers.example(5) in numbers.train_pairs


def test_heldout_sizes_and_every_held_out_character_is_known(numbers):
    assert numbers.heldout(400) == numbers.heldout_pairs and len(numbers.heldout(100)) == 100
    five = numbers.heldout(5)
    assert len(five) == 5 == len(set(five)) and set(five) <= set(numbers.heldout_pairs)
    assert five == numbers.heldout(5) and five != numbers.heldout(5, seed=1)
    unique = [f"{chr(0x4E00 + i)}\t{chr(0xAC00 + i)}" for i in range(30)]  # each char once
    task = make_seq2seq_task("pairs", text=lines_text(unique))
    task.encode_pairs(task.heldout_pairs)  # raises if held-out characters were not in the vocab


def test_target_lengths_and_bins(numbers):
    assert numbers.target("twelve") == "십이" and numbers.target("zero") is None
    assert numbers.target("seven hundred five") == "칠백오"
    twice = make_seq2seq_task("pairs", text=lines_text(["a\tfirst", "a\tsecond"] + numbered(20)))
    assert twice.target("a") == "first"
    assert numbers.longest_input == 27 and numbers.bin_width == 4  # lengths 3..27: 7 bins
    assert make_seq2seq_task("pairs", text=lines_text(numbered(20))).bin_width == 1
    assert make_seq2seq_task("dates").bin_width == 4
    assert make_seq2seq_task("reverse", length=7).longest_input == 7
    assert make_seq2seq_task("sort").bin_width == 1


def test_unknown_characters_at_decode_time_are_a_setting_error(numbers):
    with pytest.raises(SettingError, match="Not in the pairs task's alphabet: 'é', '3'. It reads "
                                           "characters that appear in your pairs' sources"):
        numbers.encode_source("thrée 3")
    with pytest.raises(SettingError, match=r"at most 60 are allowed \(the model was trained on "
                                           r"up to 27\)"):
        numbers.encode_source("one " * 16)


# ---- the example file --------------------------------------------------------------------------
def test_numbers_file_is_the_generators_output():
    raw = NUMBERS.read_bytes()
    assert raw.decode("utf-8") == pairs_text(number_pairs()) and b"\r" not in raw
    assert raw.endswith("구백구십구\n".encode()) and raw.count(b"\n") == 999


@pytest.mark.parametrize("n, words, hangul", [
    (1, "one", "일"), (10, "ten", "십"), (11, "eleven", "십일"), (12, "twelve", "십이"),
    (20, "twenty", "이십"), (40, "forty", "사십"), (99, "ninety-nine", "구십구"),
    (100, "one hundred", "백"), (101, "one hundred one", "백일"),
    (110, "one hundred ten", "백십"), (342, "three hundred forty-two", "삼백사십이"),
    (705, "seven hundred five", "칠백오"), (816, "eight hundred sixteen", "팔백십육"),
    (999, "nine hundred ninety-nine", "구백구십구"),
])
def test_number_rules(n, words, hangul):
    assert english(n) == words and korean(n) == hangul


def test_every_number_has_its_own_words_and_numeral():
    pairs = number_pairs()
    assert len({s for s, _ in pairs}) == len({t for _, t in pairs}) == 999
    assert not any(" and " in s for s, _ in pairs)
    assert set("".join(t for _, t in pairs)) == set("일이삼사오육칠팔구십백")


# ---- training, checkpoints ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def trained(numbers):
    """Bahdanau attention, 16 units, 100 steps on the numbers (seed 0, about 2 s on one core)."""
    trainer = Seq2SeqTrainer(numbers, Seq2SeqConfig(hidden=16, embedding=8, attention_size=16),
                             TrainConfig(lr=0.01, batch=32, seed=0))
    trainer.step(100)
    return trainer


def test_training_on_the_numbers_generalises_to_held_out_numbers(numbers, trained):
    scores = evaluate(trained.model, numbers, numbers.heldout(), bin_width=numbers.bin_width)
    # measured: exact match 0.99, BLEU 99.9 (30 steps: 0.01 and 16.7)
    assert scores["n"] == 100 and scores["exact_match"] >= 0.9 and scores["bleu"] >= 95
    assert [r["label"] for r in scores["by_length"]][:2] == ["3-6", "7-10"]
    assert sum(r["n"] for r in scores["by_length"]) == 100


def test_pairs_checkpoint_round_trip(numbers, trained, tmp_path):
    save_seq2seq(trained, tmp_path / "numbers.pt")
    task, model, model_config, _, step = load_seq2seq(tmp_path / "numbers.pt")
    assert task.name == "pairs" and task.config == numbers.config and step == 100
    assert task.heldout_pairs == numbers.heldout_pairs and model_config.hidden == 16
    for name, weight in trained.model.state_dict().items():
        assert torch.equal(model.state_dict()[name], weight)
    config = DecodeConfig(beam=3)
    assert decode_text(task, model, "twelve", config) == decode_text(numbers, trained.model,
                                                                     "twelve", config)


def test_a_long_pairs_text_with_the_most_characters_saves_and_loads(tmp_path):
    chars = [chr(0xAC00 + i) for i in range(MAX_CHARS)]  # 3 UTF-8 bytes each
    rng = np.random.default_rng(0)
    lines = [f"{i}\t" + "".join(rng.choice(chars, MAX_SIDE)) for i in range(MAX_PAIRS - 20)]
    lines += [f"c{i}\t" + "".join(chars[i * 50:(i + 1) * 50]) for i in range(20)]
    task = make_seq2seq_task("pairs", text=lines_text(lines))  # ~3.7 MB: over the 2 MB pickle
    assert len(task.tgt_vocab) == MAX_ALPHABET
    save_seq2seq(Seq2SeqTrainer(task, TINY, TrainConfig()), tmp_path / "long.pt")
    loaded, *_ = load_seq2seq(tmp_path / "long.pt")
    assert loaded.config.text == task.config.text


@pytest.mark.parametrize("text, message", [
    (torch.zeros(3), "text must be UTF-8 bytes, not a torch.float32 tensor of shape (3,)"),
    (torch.tensor([104, 0xFF], dtype=torch.uint8), "text is not UTF-8: byte 2 is 0xFF"),
    (torch.tensor(list(b"a\tb\nno tab"), dtype=torch.uint8), "line 2: no tab"),
])
def test_a_spoiled_pairs_text_is_a_clear_error(trained, tmp_path, text, message):
    buffer = io.BytesIO()
    save_seq2seq(trained, buffer)
    ckpt = torch.load(io.BytesIO(buffer.getvalue()), weights_only=True)
    ckpt["task_config"]["text"] = text
    torch.save(ckpt, tmp_path / "spoiled.pt")
    with pytest.raises(SettingError) as caught:
        load_seq2seq(tmp_path / "spoiled.pt")
    assert message in str(caught.value) and "\n" not in str(caught.value)


# ---- the command line --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def cli_run(tmp_path_factory):
    """`seq2seq --pairs numbers_en_ko.tsv --json --save`, 100 steps (capsys is function-scoped)."""
    path = tmp_path_factory.mktemp("pairs") / "numbers.pt"
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        code = main(["seq2seq", "--pairs", str(NUMBERS), "--hidden", "16", "--embedding", "8",
                     "--attention-size", "16", "--lr", "0.01", "--steps", "100", "--seed", "0",
                     "--save", str(path), "--json"])
    assert code == 0
    return path, json.loads(buf.getvalue())


def test_cli_json_records_the_pairs_file_not_its_text(cli_run):
    _, result = cli_run
    config = result["config"]
    assert config["task"] == "pairs" and config["task_params"] == {}
    raw = NUMBERS.read_bytes()
    assert config["pairs_file"] == {"path": str(NUMBERS), "bytes": len(raw),
                                    "sha256": hashlib.sha256(raw).hexdigest(), "pairs": 999,
                                    "train_pairs": 899, "heldout_pairs": 100}
    assert result["heldout_size"] == 100 == sum(r["n"] for r in result["by_length"])
    assert result["exact_match"] >= 0.9 and result["bleu"] >= 95


def test_cli_decodes_with_a_pairs_checkpoint(cli_run, capsys):
    path, _ = cli_run
    code, out, _ = run_cli(capsys, "decode", "--checkpoint", path, "--input",
                           "three hundred forty-two", "--json")
    assert code == 0 and json.loads(out)["beams"][0]["text"] == "삼백사십이"
    code, out, err = run_cli(capsys, "decode", "--checkpoint", path, "--input", "thrée")
    assert code == 2 and out == "" and "Not in the pairs task's alphabet: 'é'" in err


def test_cli_human_output_says_how_many_pairs_are_held_out(capsys):
    code, out, _ = run_cli(capsys, "seq2seq", "--pairs", NUMBERS, "--hidden", "4", "--steps", "1")
    assert code == 0
    assert ("numbers_en_ko.tsv: 999 pairs; 100 of them (a tenth, by source) are held out to test "
            "the model, 899 train it.") in out.splitlines()
    assert "held-out (100 greedy decodes)" in out


@pytest.mark.parametrize("argv, message", [
    (["--task", "reverse", "--pairs", NUMBERS], ("--pairs trains on your own pairs, not on task "
                                                 "'reverse'")),
    (["--task", "pairs"], "--task pairs trains on your own pairs: give them with --pairs FILE"),
    (["--pairs", NUMBERS, "--length", "5"], "--length does not apply to --pairs"),
    (["--pairs", NUMBERS, "--text", "a\tb"], "unrecognized arguments: --text"),
    (["--pairs", "/no/such/file.tsv"], "--pairs /no/such/file.tsv: there is no such file"),
])
def test_cli_refuses_inconsistent_pairs_flags(capsys, argv, message):
    code, out, err = run_cli(capsys, "seq2seq", *argv, "--steps", "1")
    assert code == 2 and out == "" and message in err and len(err.strip().splitlines()) == 1


def test_cli_refuses_malformed_and_binary_files(tmp_path, capsys):
    bad = tmp_path / "bad.tsv"
    bad.write_text(lines_text(numbered(20) + ["", "a\tb\tc", "no tab"]), encoding="utf-8")
    code, out, err = run_cli(capsys, "seq2seq", "--pairs", bad, "--steps", "1")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert "2 lines are not source<TAB>target pairs: line 22: 2 tabs" in err
    assert "line 23: no tab" in err
    binary = tmp_path / "model.pt"
    torch.save({"w": torch.zeros(3)}, binary)
    code, out, err = run_cli(capsys, "seq2seq", "--pairs", binary, "--steps", "1")
    assert code == 2 and out == "" and "model.pt is not a text file" in err


def never_ends(task):
    """An untrained model whose output layer always says one target letter, never </s>: the
    length cap decides how long its output is."""
    from engine.seq2seq.model import build_seq2seq

    model = build_seq2seq(len(task.src_vocab), len(task.tgt_vocab), Seq2SeqConfig(hidden=8), 0)
    letter = next(tok for tok in task.tgt_vocab.tokens if tok not in (PAD, SOS, EOS))
    with torch.no_grad():  # </s> far below every other letter: no beam of 2 ever ends
        model.out.bias.fill_(-1e4)
        model.out.bias[task.tgt_vocab.id(EOS)] = -1e5
        model.out.bias[task.tgt_vocab.id(letter)] = 1e4
    return model


@pytest.mark.parametrize("beam", [1, 2])
def test_a_short_source_with_a_long_target_is_decoded_in_full(beam):
    """A pair list can map 5 characters to 24 (Korean numerals back to English words), so a
    typed input is decoded up to the longest target and SPARE tokens more (its </s> and 4, as
    held-out evaluation allows), not up to a length set by the source."""
    flipped = pairs_text([(k, e) for e, k in number_pairs()])
    task = make_seq2seq_task("pairs", text=flipped)
    assert task.longest_output == len("seven hundred seventy-seven")
    out = decode_text(task, never_ends(task), "구", DecodeConfig(beam=beam))
    assert len(out["beams"][0]["tokens"]) == task.longest_output + SPARE
    assert not out["beams"][0]["ended"]


@pytest.mark.parametrize("beam", [1, 2])
@pytest.mark.parametrize("name, text, longest", [
    ("dates", "Wednesday, March 17, 2009", len("2009-03-17")),   # every answer is 10 long
    ("dates", "3/5/79", len("1979-05-03")),
    ("reverse", "abc", 3),                                       # as long as the input
    ("sort", "93151", 5)])
def test_a_model_that_never_ends_is_cut_past_the_longest_answer(name, text, longest, beam):
    """The cap follows the task: an untrained model's guesses for a date stop at 15 tokens
    however long the typed date is (the heatmap of a new visitor's probe is 15 rows, not 2 x
    the source + 12), and a reversal may run 5 past its input."""
    task = make_seq2seq_task(name)
    assert task.longest_answer(len(text)) == longest
    out = decode_text(task, never_ends(task), text, DecodeConfig(beam=beam))
    best = out["beams"][0]
    assert len(best["tokens"]) == longest + SPARE and not best["ended"]
    assert len(out["attention"]) == longest + SPARE


def test_heldout_count_says_how_many_heldout_gives():
    task = make_seq2seq_task("pairs", text=pairs_text(number_pairs()))
    assert task.heldout_count(400) == len(task.heldout(400)) == 100
    assert task.heldout_count(30) == len(task.heldout(30)) == 30
    dates = make_seq2seq_task("dates")
    assert dates.heldout_count(50) == len(dates.heldout(50)) == 50
