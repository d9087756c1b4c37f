"""Seeding torch's CPU random generator, and only it.

`torch.manual_seed` also queues a seed for every accelerator torch was built to know (CUDA, XPU,
MPS) and, while none is initialised, records the caller's stack for each with
`traceback.format_stack()`. Under a Streamlit server that stack is deep and every frame's source
line is looked up: on the Train page, a new visitor's script run spent about half its time there
(py-spy, 10 new sessions: 173 samples of the script, 80 once the engine seeded like this). The
engine runs on the CPU, so it seeds the CPU generator alone: the same numbers, and no
accelerator state is touched (which `fork_rng(devices=[])` would not restore).
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import torch


def seed_cpu(seed: int) -> None:
    """What `torch.manual_seed(seed)` does to CPU tensors' random numbers."""
    torch.random.default_generator.manual_seed(int(seed))


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """Draws inside the block start from `seed`; the CPU generator is restored after it."""
    with torch.random.fork_rng(devices=[]):
        seed_cpu(seed)
        yield
