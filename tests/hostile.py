"""Test helper: small valid checkpoints of both kinds, and ways to spoil them (not a test file)."""
import io
import struct
import zipfile

import torch

from engine.checkpoint import checkpoint_bytes
from engine.config import ModelConfig, TrainConfig
from engine.seq2seq.checkpoint import save_seq2seq
from engine.seq2seq.model import Seq2SeqConfig
from engine.seq2seq.tasks import make_seq2seq_task
from engine.seq2seq.trainer import Seq2SeqTrainer
from engine.tasks import make_task, task_config
from engine.trainer import Trainer


def hello_bytes(cell: str = "rnn", hidden: int = 8) -> bytes:
    """An untrained hello checkpoint (4-character vocabulary), a few KB."""
    return checkpoint_bytes(Trainer(make_task("hello"), ModelConfig(cell=cell, hidden=hidden),
                                    TrainConfig()))


def charlm_bytes(text: str) -> bytes:
    task = make_task("charlm", task_config("charlm", text=text, length=8))
    return checkpoint_bytes(Trainer(task, ModelConfig(cell="gru", hidden=6), TrainConfig()))


def seq2seq_bytes() -> bytes:
    task = make_seq2seq_task("reverse", length=4, symbols=5)
    trainer = Seq2SeqTrainer(task, Seq2SeqConfig(hidden=4, embedding=2, attention_size=2),
                             TrainConfig())
    buffer = io.BytesIO()
    save_seq2seq(trainer, buffer)
    return buffer.getvalue()


def as_dict(data: bytes) -> dict:
    return torch.load(io.BytesIO(data), weights_only=True)


def resaved(ckpt) -> bytes:
    buffer = io.BytesIO()
    torch.save(ckpt, buffer)
    return buffer.getvalue()


def bomb_bytes(data: bytes, inflated: int = 2**29) -> bytes:
    """`data` (a checkpoint) with one more weight, `bomb`: `inflated` zero bytes, deflated.
    Built without ever holding the big tensor: a small one is saved, its size patched in the
    pickle, and its zeros streamed into the zip (512 MB -> ~2 MB on disk, ~2 s)."""
    small = 777_777  # a size no other number in the pickle has
    ckpt = as_dict(data)
    ckpt["model_state"]["bomb"] = torch.zeros(small, dtype=torch.uint8)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(resaved(ckpt))) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as bomb:
        for info in source.infolist():
            member = source.read(info)
            if info.filename.endswith("data.pkl"):  # BININT small -> BININT inflated
                old, new = (b"J" + struct.pack("<i", n) for n in (small, inflated))
                assert member.count(old) == 2  # the storage's size and the tensor's shape
                member = member.replace(old, new)
            if info.file_size != small:
                bomb.writestr(info.filename, member)
                continue
            with bomb.open(info.filename, "w", force_zip64=True) as stream:
                zeros = bytes(2**22)
                for _ in range(inflated // len(zeros)):
                    stream.write(zeros)
    return out.getvalue()
