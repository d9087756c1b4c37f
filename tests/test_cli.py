"""`python -m engine`: JSON output, checkpoints, and one-line errors with exit code 2."""
import json
import subprocess
import sys

import pytest

from engine.checkpoint import load_checkpoint
from engine.cli import main
from tests.conftest import ROOT


def run_cli(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_train_json_has_config_history_final_and_status(capsys):
    code, out, _ = run_cli(capsys, "train", "--task", "copy", "--cell", "gru", "--hidden", "16",
                           "--lag", "3", "--steps", "30", "--seed", "1", "--json")
    assert code == 0
    result = json.loads(out)
    assert result["status"] == "ok" and result["diverged_at"] is None
    assert result["config"]["model"]["cell"] == "gru" and result["config"]["task_params"]["lag"] == 3
    assert [r["step"] for r in result["history"]] == list(range(1, 31))
    assert set(result["history"][0]) >= {"step", "loss", "accuracy", "grad_norm"}
    assert result["final"]["step"] == 30 and result["final"]["loss"] == result["history"][-1]["loss"]


def test_same_flags_same_json_history(capsys):
    argv = ("train", "--task", "agreement", "--clause", "1", "--steps", "15", "--json")
    _, first, _ = run_cli(capsys, *argv)
    _, second, _ = run_cli(capsys, *argv)
    assert json.loads(first)["history"] == json.loads(second)["history"]


def test_diverged_run_is_reported_in_json_with_nulls_not_nan(capsys):
    code, out, _ = run_cli(capsys, "train", "--task", "copy", "--lag", "5", "--cell", "rnn",
                           "--activation", "relu", "--init", "identity", "--optimizer", "sgd",
                           "--lr", "100", "--steps", "200", "--json")
    result = json.loads(out)  # strict JSON: NaN would not parse in other languages
    assert code == 0 and result["status"] == "diverged" and result["diverged_at"] < 200
    assert "NaN" not in out and "Infinity" not in out


def test_save_writes_a_checkpoint_that_loads_back(tmp_path, capsys):
    path = tmp_path / "hello.pt"
    code, _out, _ = run_cli(capsys, "train", "--task", "hello", "--cell", "rnn", "--embedding", "0",
                            "--lr", "0.05", "--steps", "200", "--save", str(path), "--json")
    assert code == 0
    task, model, model_config, _train_config, step = load_checkpoint(path)
    assert task.name == "hello" and model_config.embedding == 0 and step == 200
    from engine.lm import score_text
    assert score_text(model, task.vocab, "hello")["perplexity"] < 1.05


def test_lm_json_reports_perplexity_and_heldout_perplexity(capsys):
    code, out, _ = run_cli(capsys, "train", "--task", "charlm", "--text", "abcd " * 200,
                           "--length", "16", "--steps", "30", "--json")
    final = json.loads(out)["final"]
    assert code == 0 and final["perplexity"] > 1 and final["val_perplexity"] > 1


@pytest.mark.parametrize("argv,words", [
    (["train", "--task", "hello", "--lag", "3"], "does not apply to task 'hello'"),
    (["train", "--lr", "-1"], "lr=-1.0 is below its minimum"),
    (["train", "--hidden", "9999"], "hidden=9999 is above its maximum"),
    (["train", "--cell", "transformer"], "invalid choice"),
    (["train", "--task", "charlm", "--text", "too short"], "at least"),
    (["train", "--task", "hello", "--bidirectional"], "bidirectional"),
    (["train", "--steps", "0"], "--steps"),
    (["train", "--lr", "abc"], "invalid float value"),
])
def test_bad_arguments_exit_2_with_one_line(capsys, argv, words):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1 and "Traceback" not in err


def test_module_entry_point_and_tasks_listing():
    out = subprocess.run([sys.executable, "-m", "engine", "tasks", "--json"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    tasks = {t["name"]: t for t in json.loads(out.stdout)}
    assert list(tasks) == ["hello", "charlm", "copy", "agreement", "tagging", "sentiment",
                           "names"]
    assert tasks["hello"]["example"] == {"input": list("hell"), "target": list("ello")}
    assert {s["name"] for s in tasks["copy"]["settings"]} == {"lag", "symbols"}
    bad = subprocess.run([sys.executable, "-m", "engine", "train", "--optimizer", "lbfgs"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1



def test_gates_command_reads_a_saved_model_on_probe_text(tmp_path, capsys):
    path = tmp_path / "copy.pt"
    assert main(["train", "--task", "copy", "--lag", "3", "--cell", "gru", "--hidden", "6",
                 "--bidirectional", "--steps", "5", "--save", str(path), "--json"]) == 0
    capsys.readouterr()
    assert main(["gates", "--checkpoint", str(path), "--text", "c12=", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["cell"] == "gru" and out["tokens"] == list("c12=")
    assert [(r["layer"], r["direction"]) for r in out["layers"]] == [(0, "forward"), (0, "backward")]
    layer = out["layers"][1]
    assert set(layer["gates"]) == {"r", "z", "n"} and "cell_state" not in layer
    assert len(layer["hidden"]) == 4 and len(layer["hidden"][0]) == 6


@pytest.mark.parametrize("make,words", [
    (lambda p: None, "No checkpoint file"),
    (lambda p: p.write_text("not a checkpoint"), "not a checkpoint this app can read safely"),
])
def test_gates_command_refuses_missing_or_bad_files_in_one_line(tmp_path, capsys, make, words):
    path = tmp_path / "x.pt"
    make(path)
    assert main(["gates", "--checkpoint", str(path), "--text", "hi"]) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1


def test_gates_command_names_unknown_characters(tmp_path, capsys):
    path = tmp_path / "hello.pt"
    main(["train", "--task", "hello", "--steps", "2", "--save", str(path), "--json"])
    capsys.readouterr()
    assert main(["gates", "--checkpoint", str(path), "--text", "hexlo안"]) == 2
    assert "'x', '안'" in capsys.readouterr().err
