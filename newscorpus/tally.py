"""Counts that articles add and take away again (the incremental update folds both ways)."""
from __future__ import annotations

from collections import Counter
from typing import Mapping


def add_signed(counter: Counter, counts: Mapping, sign: int) -> None:
    """Add `counts` to `counter` (sign -1: take them away); a key whose count reaches 0 is dropped,
    so a state after adding and removing the same articles equals one that never saw them."""
    for key, n in counts.items():
        counter[key] += sign * n
        if counter[key] <= 0:
            del counter[key]
