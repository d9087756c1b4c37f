"""`python -m engine seq2seq` and `decode`: JSON keys, checkpoints, one-line errors (exit 2)."""
import contextlib
import io
import json

import numpy as np
import pytest
import torch

from engine.cli import main
from engine.fields import SettingError
from engine.seq2seq.checkpoint import load_seq2seq
from engine.seq2seq.decode import sequence_logprobs


def run_cli(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """A reversal model trained for 120 steps by the CLI, and its JSON."""
    path = tmp_path_factory.mktemp("s2s") / "rev.pt"
    buf = io.StringIO()  # capsys is function-scoped: capture this module-wide run by hand
    with contextlib.redirect_stdout(buf):
        code = main(["seq2seq", "--task", "reverse", "--length", "5", "--min-length", "2",
                     "--attention", "bahdanau", "--hidden", "16", "--steps", "120", "--seed", "0",
                     "--heldout", "80", "--save", str(path), "--json"])
    assert code == 0
    return path, json.loads(buf.getvalue())


def test_seq2seq_json_has_history_and_heldout_scores(saved):
    _, result = saved
    assert result["status"] == "ok" and result["config"]["model"]["attention"] == "bahdanau"
    assert result["config"]["task_params"] == {"length": 5, "min_length": 2, "symbols": 26}
    assert [r["step"] for r in result["history"]] == list(range(1, 121))
    assert {"loss", "accuracy", "exact_match", "grad_norm"} <= set(result["history"][0])
    assert result["history"][-1]["loss"] < 0.5 * result["history"][0]["loss"]
    for key in ("exact_match", "token_accuracy"):
        assert 0 <= result[key] <= 1
    assert 0 <= result["bleu"] <= 100 and result["heldout_size"] == 80
    assert [r["length"] for r in result["by_length"]] == [2, 3, 4, 5]
    assert sum(r["n"] for r in result["by_length"]) == 80


def test_checkpoint_loads_back_with_the_same_weights(saved):
    path, _ = saved
    task, model, model_config, train_config, step = load_seq2seq(path)
    assert task.name == "reverse" and task.config.length == 5 and step == 120
    assert model_config.hidden == 16 and train_config.seed == 0
    assert all(not p.requires_grad or p.grad is None for p in model.parameters())


def test_decode_json_beams_and_attention(saved, capsys):
    path, _ = saved
    code, out, _ = run_cli(capsys, "decode", "--checkpoint", str(path), "--input", "abcd",
                           "--beam", "5", "--alpha", "0.7", "--json")
    assert code == 0
    result = json.loads(out)
    beams = result["beams"]
    assert len(beams) == 5 and set(beams[0]) >= {"tokens", "logprob", "score"}
    assert [b["score"] for b in beams] == sorted((b["score"] for b in beams), reverse=True)
    att = np.array(result["attention"])
    assert att.shape == (len(beams[0]["tokens"]), 4)
    np.testing.assert_allclose(att.sum(1), 1.0, atol=1e-5)
    task, model, *_ = load_seq2seq(path)
    lp = sequence_logprobs(model, task.encode_source("abcd"), beams[0]["tokens"], task.tgt_vocab)
    assert beams[0]["logprob"] == pytest.approx(lp.sum(), abs=1e-4)
    assert beams[0]["score"] == pytest.approx(lp.sum() / len(beams[0]["tokens"]) ** 0.7, abs=1e-4)
    code, out, _ = run_cli(capsys, "decode", "--checkpoint", str(path), "--input", "abcd",
                           "--beam", "1", "--json")
    (greedy,) = json.loads(out)["beams"]  # --beam 1: greedy, scored with the default alpha 0.7
    assert greedy["score"] == pytest.approx(greedy["logprob"] / len(greedy["tokens"]) ** 0.7)


@pytest.mark.parametrize("argv, message", [
    (["decode", "--input", "ab안😀<b>", "--beam", "2"], "'안', '😀', '<', '>'"),
    (["decode", "--input", "abc", "--beam", "11"], "beam=11 is above its maximum 10"),
    (["decode", "--input", "", "--beam", "3"], "Type an input"),
    (["decode", "--input", "abc", "--alpha", "nan"], "alpha must be a finite number"),
])
def test_bad_decode_arguments_are_one_line_errors(saved, capsys, argv, message):
    path, _ = saved
    code, out, err = run_cli(capsys, *argv[:1], "--checkpoint", str(path), *argv[1:])
    assert code == 2 and out == "" and message in err and len(err.strip().splitlines()) == 1


def test_bad_seq2seq_arguments_and_files(tmp_path, capsys):
    code, _, err = run_cli(capsys, "seq2seq", "--task", "dates", "--symbols", "5")
    assert code == 2 and "--symbols does not apply to task 'dates'" in err
    code, _, err = run_cli(capsys, "seq2seq", "--attention", "soft")
    assert code == 2 and "invalid choice: 'soft'" in err
    junk = tmp_path / "junk.pt"
    junk.write_text("not a checkpoint")
    code, _, err = run_cli(capsys, "decode", "--checkpoint", str(junk), "--input", "ab")
    assert code == 2 and "not a checkpoint this app can read safely" in err
    torch.save({"format": "rnn-playground/1"}, tmp_path / "train.pt")
    with pytest.raises(SettingError, match="Train-page checkpoint"):
        load_seq2seq(tmp_path / "train.pt")


def test_mismatched_weights_are_a_clear_error(saved, tmp_path):
    path, _ = saved
    ckpt = torch.load(path, weights_only=True)
    ckpt["model_config"]["hidden"] = 8
    torch.save(ckpt, tmp_path / "bad.pt")
    with pytest.raises(SettingError, match="weights do not fit"):
        load_seq2seq(tmp_path / "bad.pt")
