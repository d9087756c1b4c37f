"""Reading a checkpoint is bounded before anything inflates: bombs, huge directories and
pickles that would build millions of objects are refused; the largest real checkpoint loads."""
import io
import pickle
import subprocess
import sys
import zipfile

import pytest
import torch

from engine.checkpoint import checkpoint_bytes, load_checkpoint, read_safely
from engine.config import ModelConfig, TrainConfig
from engine.fields import SettingError
from engine.tasks import make_task, task_config
from engine.tasks.lm import MAX_TEXT_CHARS, MAX_VOCAB
from engine.trainer import Trainer
from tests.conftest import ROOT
from tests.hostile import bomb_bytes, hello_bytes

MB = 2**20

# Loads a file in a fresh process and prints how far its peak memory rose, then the outcome.
MEASURE = """
import resource, sys
from engine.checkpoint import load_checkpoint
from engine.seq2seq.checkpoint import load_seq2seq
from engine.fields import SettingError
load = {"train": load_checkpoint, "seq2seq": load_seq2seq}[sys.argv[2]]
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    load(sys.argv[1])
    outcome = "loaded"
except SettingError as exc:
    outcome = str(exc)
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
print(outcome)
"""


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    path = tmp_path_factory.mktemp("bomb") / "hello.pt"
    path.write_bytes(bomb_bytes(hello_bytes()))
    return path


@pytest.mark.parametrize("loader", ["train", "seq2seq"])
def test_a_decompression_bomb_is_refused_before_it_inflates(bomb, loader):
    assert bomb.stat().st_size < 4 * MB  # 512 MB of zeros in a file of ~2 MB
    with zipfile.ZipFile(bomb) as archive:
        assert sum(i.file_size for i in archive.infolist()) > 512 * MB
    done = subprocess.run([sys.executable, "-c", MEASURE, str(bomb), loader], check=False, cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    grown_mb, outcome = done.stdout.splitlines()
    assert "would inflate to 512 MB" in outcome and "at most 64 MB" in outcome
    assert int(grown_mb) < 50  # before the fix: +516 MB


def test_the_largest_checkpoint_the_settings_allow_still_loads():
    """One-hot input over a 3,000-character vocabulary into 3 LSTM layers of 256, and a text of
    300,000 four-byte characters: the biggest weights and the biggest settings pickle."""
    alphabet = [chr(0x20000 + i) for i in range(MAX_VOCAB)]
    text = "".join(alphabet) * (MAX_TEXT_CHARS // MAX_VOCAB)
    task = make_task("charlm", task_config("charlm", text=text))
    model = ModelConfig(cell="lstm", hidden=256, layers=3, embedding=0)
    data = checkpoint_bytes(Trainer(task, model, TrainConfig()))
    assert 20 * MB < len(data) < 22 * MB  # 5.2M weights: 20 MB, a third of the 64 MB cap
    loaded_task, loaded_model, *_ = load_checkpoint(data)
    assert len(loaded_task.vocab) == MAX_VOCAB and loaded_task.text == text
    fresh = Trainer(task, model, TrainConfig()).model
    assert torch.equal(loaded_model.head.weight, fresh.head.weight)


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_zip_listing_thousands_of_files_is_refused_before_they_are_listed():
    data = zipped({f"archive/data/{i}": b"" for i in range(5000)})
    with pytest.raises(SettingError, match="lists 5,000 files in .* bytes of directory"):
        read_safely(data, "many.pt")


def test_a_pickle_that_would_build_too_many_objects_is_refused():
    # [set(), set(), ...]: 2 bytes of pickle for each 216-byte set
    sets = b"\x80\x02]" + b"\x8fa" * 50_001 + b"."  # 100,004 instructions
    assert pickle.loads(sets)[-1] == set()
    data = zipped({"archive/data.pkl": sets, "archive/version": b"3\n"})
    with pytest.raises(SettingError, match="more than 100,000 objects"):
        read_safely(data, "sets.pt")


@pytest.mark.parametrize("make,message", [
    (lambda: pickle.dumps({"format": "rnn-playground/1"}), "not a zip-format torch file"),
    (lambda: hello_bytes()[:-30], "not a zip-format torch file"),  # cut: no end record
    (lambda: zipped({"a/data.pkl": b".", "b/data.pkl": b"."}), "not laid out as a torch"),
])
def test_files_that_are_not_whole_torch_zips_are_refused(make, message):
    with pytest.raises(SettingError, match=message):
        read_safely(make(), "odd.pt")


def test_a_legacy_torch_file_is_refused(tmp_path):
    path = tmp_path / "legacy.pt"
    torch.save({"format": "rnn-playground/1"}, path, _use_new_zipfile_serialization=False)
    with pytest.raises(SettingError, match="legacy.pt is not a checkpoint this app can read "
                                           "safely: it is not a zip-format torch file"):
        load_checkpoint(path)
