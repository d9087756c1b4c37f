"""Fuzz the loaders: random bytes, bit flips, cut files, spoiled pickles and re-saved checkpoints
with entries removed, swapped or replaced by values of any type. Each load either succeeds or
raises one printable SettingError line, never another exception, and none grows memory by 100 MB.
Derandomized (the same examples on every run) and with no example database, so CI is stable."""
import io
import math
import resource
import zipfile

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.checkpoint import load_checkpoint
from engine.fields import SettingError
from engine.seq2seq.checkpoint import load_seq2seq
from engine.text import check_text
from tests.hostile import as_dict, hello_bytes, resaved, seq2seq_bytes

FUZZ = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
GOOD = {"train": hello_bytes(cell="lstm", hidden=4), "seq2seq": seq2seq_bytes()}


@pytest.fixture(scope="module")
def load(tmp_path_factory):
    """load(kind, data) -> "loaded" or "refused", checking how the refusal looks and that
    peak memory (ru_maxrss, which sees torch's tensors too) rose by less than 100 MB."""
    path = tmp_path_factory.mktemp("fuzz") / "fuzzed.pt"

    def run(kind: str, data: bytes) -> str:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        try:
            if kind == "train":
                load_checkpoint(data, "fuzzed.pt")
            else:
                path.write_bytes(data)
                load_seq2seq(path)
            outcome = "loaded"
        except SettingError as exc:
            message = str(exc)
            assert message and "\n" not in message, message
            message.encode("utf-8")  # the CLI and the page can print it
            outcome = "refused"
        assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100 * 1024  # KB
        return outcome
    return run


def test_the_unspoiled_checkpoints_load(load):
    assert load("train", GOOD["train"]) == load("seq2seq", GOOD["seq2seq"]) == "loaded"
    assert load("train", GOOD["seq2seq"]) == load("seq2seq", GOOD["train"]) == "refused"


kinds = st.sampled_from(["train", "seq2seq"])


@FUZZ
@given(kind=kinds, data=st.one_of(st.binary(max_size=600),
                                  st.binary(max_size=600).map(lambda b: b"PK\x03\x04" + b)))
def test_random_bytes(load, kind, data):
    assert load(kind, data) == "refused"


@FUZZ
@given(kind=kinds, flips=st.lists(st.tuples(st.floats(0, 1, exclude_max=True),
                                            st.integers(1, 255)), min_size=1, max_size=8),
       cut=st.one_of(st.none(), st.floats(0, 1)))
def test_flipped_and_cut_files(load, kind, flips, cut):
    data = bytearray(GOOD[kind])
    for where, mask in flips:
        data[int(where * len(data))] ^= mask
    if cut is not None:
        data = data[:int(cut * len(data))]
    load(kind, bytes(data))


def rezipped(data: bytes, member: str, spoil) -> bytes:
    """`data` with the zip member ending in `member` replaced by spoil(its bytes), with a
    correct CRC, so the damage reaches torch's unpickler or the weights, not zipfile's check."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as copy:
        for info in source.infolist():
            content = source.read(info)
            if info.filename.endswith(member):
                content = spoil(content)
            copy.writestr(info.filename, content)
    return out.getvalue()


@FUZZ
@given(kind=kinds, member=st.sampled_from(["data.pkl", "data/0", "data/3"]),
       flips=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(1, 255)),
                      min_size=1, max_size=6))
def test_spoiled_pickles_and_weights(load, kind, member, flips):
    def spoil(content: bytes) -> bytes:
        content = bytearray(content)
        for where, mask in flips:
            content[int(where * len(content))] ^= mask
        return bytes(content)
    load(kind, rezipped(GOOD[kind], member, spoil))


texts = st.text(st.characters(exclude_categories=()), max_size=12)  # surrogates included
leaves = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(-3, 300), st.floats(), texts,
    st.sampled_from(["\udcff", "hello", "lstm", "gru", "charlm", "reverse", "bahdanau"]),
    st.builds(torch.zeros, st.lists(st.integers(0, 5), max_size=3).map(tuple),
              dtype=st.sampled_from([torch.float32, torch.float16, torch.int64, torch.bool,
                                     torch.complex64])),
    st.builds(lambda n, v: torch.full((n,), v), st.integers(1, 8),
              st.sampled_from([math.nan, math.inf, 1e30, 0.5])))
values = st.recursive(leaves, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(texts, inner, max_size=4)), max_leaves=8)


@settings(FUZZ, max_examples=200)
@given(kind=kinds, data=st.data())
def test_resaved_checkpoints_with_entries_removed_swapped_or_retyped(load, kind, data):
    ckpt = as_dict(GOOD[kind])
    for _ in range(data.draw(st.integers(1, 3))):
        table = ckpt
        nested = [k for k, v in ckpt.items() if isinstance(v, dict) and v]
        if nested and data.draw(st.booleans()):
            table = ckpt[data.draw(st.sampled_from(nested))]
        key = data.draw(st.sampled_from(sorted(table, key=str)))
        action = data.draw(st.sampled_from(["remove", "swap", "retype"]))
        if action == "remove":
            del table[key]
        elif action == "swap":
            other = data.draw(st.sampled_from(sorted(table, key=str)))
            table[key], table[other] = table[other], table[key]
        else:
            table[key] = data.draw(values)
    for target in ("train", "seq2seq"):
        load(target, resaved(ckpt))


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(text=texts | st.text(max_size=40))
def test_check_text_accepts_exactly_what_encodes_as_utf8(text):
    try:
        text.encode("utf-8")
        fine = True
    except UnicodeEncodeError:
        fine = False
    if fine:
        assert check_text(text, "The text") is text
    else:
        with pytest.raises(SettingError, match="^The text is not valid UTF-8 text: character"):
            check_text(text, "The text")
