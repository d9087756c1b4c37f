"""Read a checkpoint file without trusting it: bounded in memory before anything is inflated.

A torch checkpoint is a zip archive. Its central directory declares how big each member will be
once inflated; a "decompression bomb" declares (and holds) hundreds of MB of zeros in a file of a
few hundred KB. So the declared sizes are added up and checked first, the pickle of settings is
checked for size and for how many objects it would build, and torch then reads a fresh copy that
Python's zipfile wrote from the checked members (never the uploaded archive itself).
"""
from __future__ import annotations

import io
import pickletools
import zipfile
from pathlib import Path
from typing import BinaryIO

import torch

from engine.fields import SettingError
from engine.messages import message

MB = 2**20
# The largest model the settings allow is an LSTM of 3 layers of 256 units reading one-hot
# characters of a 3,000-character vocabulary: 5.2M weights = 20 MB (43 MB if it were also
# bidirectional, which language models refuse), plus a 300,000-character text (<= 1.2 MB).
# 64 MB is about three times the largest checkpoint the app writes, and bounded.
MAX_INFLATED = 64 * MB
MAX_DIRECTORY = 256 * 1024   # bytes of zip directory (a checkpoint's ~35 members need ~5 KB)
MAX_MEMBERS = 1000           # files in the archive (one per weight tensor, plus five)
MAX_PICKLE = 2 * MB          # the settings pickle: a 300,000-character text is <= 1.2 MB
MAX_PICKLE_OPS = 100_000     # pickle instructions: each may build one object (a few hundred bytes)


def read_safely(path: str | Path | bytes, name: str | None = None):
    """The object in a checkpoint file (or an upload's bytes), read with weights_only=True:
    tensors and plain settings only. SettingError when there is no such file, it is not a zip
    torch file, it would inflate past MAX_INFLATED, or it carries code."""
    if isinstance(path, bytes):
        name = name or message("ckpt_uploaded")
        clean = bounded_copy(io.BytesIO(path), name)
    else:
        if not Path(path).is_file():
            raise SettingError.of("ckpt_no_file", path=str(path))
        name = Path(path).name
        with open(path, "rb") as source:
            clean = bounded_copy(source, name)
    try:
        return torch.load(clean, map_location="cpu", weights_only=True)
    # a pickle with code in it, or records that do not fit it
    except Exception as exc:  # noqa: BLE001
        raise SettingError.of("ckpt_unsafe", name=name, error=type(exc).__name__) from None


def bounded_copy(source: BinaryIO, name: str) -> io.BytesIO:
    """A stored (uncompressed) copy of the zip in `source`, made only after its file size,
    directory, declared sizes and settings pickle were checked. SettingError otherwise."""
    size = source.seek(0, io.SEEK_END)
    if size > MAX_INFLATED:
        raise SettingError.of("ckpt_too_big", name=name, size=size / MB, limit=MAX_INFLATED // MB)
    try:
        _check_directory(source, name)
        with zipfile.ZipFile(source) as archive:
            infos = archive.infolist()
            pickle_name = _check_listing(infos, name)
            clean = io.BytesIO()
            with zipfile.ZipFile(clean, "w", zipfile.ZIP_STORED) as copy:
                for info in infos:
                    data = archive.read(info)  # at most info.file_size bytes, checked above
                    if info.filename == pickle_name:
                        _check_pickle(data, name)
                    copy.writestr(info.filename, data)
    except SettingError:
        raise
    # not a zip, a truncated or corrupt one, an unknown compression
    except Exception as exc:  # noqa: BLE001
        raise SettingError.of("ckpt_not_zip", name=name, error=type(exc).__name__) from None
    clean.seek(0)
    return clean


def _check_directory(source: BinaryIO, name: str) -> None:
    """Before zipfile reads the archive's directory (one Python object per entry): the
    directory's size as declared by the end record that zipfile itself goes by."""
    end = zipfile._EndRecData(source)  # zipfile's own reader of it (zip64 sizes applied)
    if end is None:
        raise zipfile.BadZipFile("no end of central directory record")
    if end[zipfile._ECD_SIZE] > MAX_DIRECTORY or end[zipfile._ECD_ENTRIES_TOTAL] > MAX_MEMBERS:
        raise SettingError.of("ckpt_directory", name=name, count=end[zipfile._ECD_ENTRIES_TOTAL],
                              size=end[zipfile._ECD_SIZE], limit=MAX_MEMBERS)


def _check_listing(infos: list[zipfile.ZipInfo], name: str) -> str:
    """The name of the archive's one settings pickle, after checking the declared sizes."""
    if len(infos) > MAX_MEMBERS:
        raise SettingError.of("ckpt_members", name=name, count=len(infos), limit=MAX_MEMBERS)
    names = [info.filename for info in infos]
    if len(set(names)) != len(names):
        raise SettingError.of("ckpt_twice", name=name)
    inflated = sum(info.file_size for info in infos)
    if inflated > MAX_INFLATED:
        raise SettingError.of("ckpt_inflates", name=name, size=inflated / MB,
                              limit=MAX_INFLATED // MB)
    pickles = [n for n in names if n.endswith("data.pkl") and n.count("/") == 1]
    if len(pickles) != 1 or not all(n.startswith(pickles[0][:-len("data.pkl")]) for n in names):
        raise SettingError.of("ckpt_layout", name=name)
    size = infos[names.index(pickles[0])].file_size
    if size > MAX_PICKLE:
        raise SettingError.of("ckpt_pickle_big", name=name, size=size / MB,
                              limit=MAX_PICKLE // MB)
    return pickles[0]


def _check_pickle(data: bytes, name: str) -> None:
    """SettingError when the settings pickle has more than MAX_PICKLE_OPS instructions (a few
    bytes each, each may build an object hundreds of bytes big) or is not a pickle."""
    for count, _ in enumerate(pickletools.genops(data), start=1):
        if count > MAX_PICKLE_OPS:
            raise SettingError.of("ckpt_pickle_ops", name=name, limit=MAX_PICKLE_OPS)
