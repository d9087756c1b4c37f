"""Bounded training history: memory stays flat however long a run goes.

Records are kept for every step until `capacity` is reached; then every other record is
dropped and only every `stride`-th step is kept from then on, so the whole run stays covered
evenly. `last` is always the newest record, kept or not.
"""
from __future__ import annotations


class History:
    def __init__(self, capacity: int = 2000):
        if capacity < 2:
            raise ValueError("capacity must be at least 2")
        self.capacity, self.stride = capacity, 1
        self.records: list[dict] = []
        self.last: dict | None = None

    def append(self, record: dict) -> None:
        self.last = record
        if record["step"] % self.stride:
            return
        self.records.append(record)
        if len(self.records) >= self.capacity:
            self.stride *= 2
            self.records = [r for r in self.records if r["step"] % self.stride == 0]

    def __len__(self) -> int:
        return len(self.records)

    def view(self, max_points: int | None = None) -> list[dict]:
        """The kept records (thinned to about `max_points`), always ending with the newest."""
        rows = self.records
        if max_points and len(rows) > max_points:
            every = -(-len(rows) // max_points)
            rows = rows[::every]
        if self.last is not None and (not rows or rows[-1] is not self.last):
            rows = rows + [self.last]
        return rows
