"""The names task (one-to-many generation): a seeded grammar makes the list and recognises valid
names, batches are <s> name </s> packed, and a trained LSTM samples names that are mostly valid,
partly new, and repeat more at a low temperature."""
import json
import math

import numpy as np
import pytest

from engine.cli import main
from engine.config import ModelConfig, TrainConfig
from engine.fields import SettingError
from engine.generate import novelty_report, sample_names
from engine.tasks.names import (
    END,
    GRAMMARS,
    LANGUAGES,
    START,
    NamesConfig,
    NamesTask,
    make_names,
)
from engine.trainer import Trainer

STEPS = 600  # the CLI's default; ~3 s per language on one thread
# measured at STEPS (LSTM, 32 units, seeds 0-3): share new at temperature 1.0 was 0.90-0.94
# (english) and 0.54-0.67 (korean); share valid 0.80-0.87 and 0.95-0.99
NEW_AT_1 = {"english": (0.8, 0.99), "korean": (0.4, 0.8)}
VALID_AT_1 = {"english": 0.75, "korean": 0.9}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_list_is_deterministic_distinct_and_accepted_by_its_recogniser(language):
    names = make_names(language, 500, seed=3)
    assert names == make_names(language, 500, seed=3) and len(set(names)) == 500
    assert names != make_names(language, 500, seed=4)
    assert make_names(language, 100, seed=3) == names[:100]  # fewer names: the same first ones
    assert all(GRAMMARS[language].accepts(n) for n in names)


@pytest.mark.parametrize("language, bad", [
    ("english", ["", "saurus", "tandonx", "xyzsaurus", "Tandon", "taaasaurus", "tatatatadon",
                 "tandon saurus", "trkosaurus"]),
    ("korean", ["", "김", "민서", "김민민", "김민서준", "kim", "김 민", "김민<s>"]),
])
def test_the_recogniser_rejects_non_names(language, bad):
    assert not any(GRAMMARS[language].accepts(name) for name in bad)


@pytest.mark.parametrize("language", LANGUAGES)
def test_batches_pack_start_name_end_and_targets_are_shifted_by_one(language):
    task = NamesTask(NamesConfig(language=language, names=200, length=40))
    b = task.batch(np.random.default_rng(1), 16)
    assert b.x.shape == b.y.shape == (16, 40)
    np.testing.assert_array_equal(b.y[:, :-1], b.x[:, 1:])
    assert (b.x[:, 0] == task.vocab.id(START)).all()
    for x, y in zip(b.x, b.y):
        row = " ".join(task.vocab.decode(np.append(x, y[-1])))
        *whole, last = row.split(END)
        for part in whole:  # every complete name: <s> + a training name
            assert part.strip().startswith(START)
            assert part.replace(START, "").replace(" ", "") in task.train_names
        assert last.strip() == "" or last.strip().startswith(START)
    assert len(task.train_names) == 180 and len(task.heldout_names) == 20
    assert not set(task.train_names) & set(task.heldout_names)
    held = task.vocab.decode(task.heldout_ids)
    assert held[0] == START and held[-1] == END and held.count(START) == 20


def test_novelty_report_counts_samples_copies_included():
    task = NamesTask(NamesConfig(language="korean", names=100))
    known = task.train_names[0]
    samples = [known, known, "김민민", "김민민", "김민민", task.heldout_names[0], "이서<s>김"]
    r = novelty_report(samples, task)
    assert (r["n"], r["new"], r["valid"], r["repeated"]) == (7, 5, 3, 5)
    assert r["share_new"] == pytest.approx(5 / 7) and r["share_repeated"] == pytest.approx(5 / 7)
    assert r["examples"][0] == {"name": known, "count": 2, "new": False, "valid": True}
    assert r["examples"][1] == {"name": "김민민", "count": 3, "new": True, "valid": False}
    assert novelty_report([], task)["share_new"] == 0.0


@pytest.fixture(scope="module", params=LANGUAGES)
def trained(request):
    """A 32-unit LSTM trained STEPS steps (seed 0) on the default list of 1000 names."""
    task = NamesTask(NamesConfig(language=request.param))
    trainer = Trainer(task, ModelConfig(cell="lstm"), TrainConfig(seed=0))
    first = trainer.step(1)[0]["val_perplexity"]
    trainer.step(STEPS - 1)
    return task, trainer, first


def test_trained_model_invents_valid_names_and_repeats_more_when_cold(trained):
    task, trainer, first_perplexity = trained
    assert math.isfinite(trainer.heldout_perplexity()) and trainer.heldout_perplexity() < (
        first_perplexity / 2)
    cold, warm = (novelty_report(sample_names(trainer.model, task, 200, t, seed=0), task)
                  for t in (0.3, 1.0))
    lo, hi = NEW_AT_1[task.config.language]
    assert lo <= warm["share_new"] <= hi
    assert warm["share_valid"] >= VALID_AT_1[task.config.language]
    assert cold["share_repeated"] > warm["share_repeated"] + 0.3
    assert cold["share_new"] < warm["share_new"]  # a cold model recites its likeliest names


def test_sampling_is_seeded_and_temperature_is_checked(trained):
    task, trainer, _ = trained
    first = sample_names(trainer.model, task, 30, 1.0, seed=5)
    assert first == sample_names(trainer.model, task, 30, 1.0, seed=5)
    assert first != sample_names(trainer.model, task, 30, 1.0, seed=6)
    with pytest.raises(SettingError):
        sample_names(trainer.model, task, 5, 0.0, seed=0)


def run_cli(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_json_has_config_final_and_report(capsys):
    code, out, _ = run_cli(capsys, "names", "--language", "korean", "--names", "100", "--steps",
                           "20", "--samples", "15", "--temperature", "0.5", "--seed", "2",
                           "--json")
    result = json.loads(out)
    assert code == 0 and set(result) == {"config", "status", "diverged_at", "final",
                                         "train_names", "heldout_names", "report"}
    assert set(result["report"]) == {"n", "new", "valid", "repeated", "share_new", "share_valid",
                                     "share_repeated", "examples"}
    assert result["report"]["n"] == 15 and result["config"]["temperature"] == 0.5
    assert result["config"]["task_params"] == {"language": "korean", "names": 100, "length": 32}
    assert (result["train_names"], result["heldout_names"]) == (90, 10)
    assert math.isfinite(result["final"]["val_perplexity"])


@pytest.mark.parametrize("argv", [
    ["--language", "klingon"], ["--names", "5"], ["--temperature", "0"], ["--samples", "0"],
    ["--steps", "0"], ["--hidden", "x"], ["--bogus"],
])
def test_bad_flags_exit_2_with_one_line(capsys, argv):
    code, out, err = run_cli(capsys, "names", *argv)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1
