"""An ordered, bounded process map: what ingest and reindex run their workers through."""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterable, Iterator


def jobs_or_cores(jobs: int | None) -> int:
    return jobs or os.cpu_count() or 1


def ordered_map(func: Callable, items: Iterable, jobs: int, initializer: Callable | None = None,
                initargs: tuple = ()) -> Iterator:
    """func over items, results in order, in `jobs` worker processes (in this one when jobs <= 1).

    At most 2 x jobs items are in flight, so memory stays flat however far the consumer (the
    SQLite writer) falls behind; Executor.map would submit everything at once and queue the results.
    """
    if jobs <= 1:
        if initializer:
            initializer(*initargs)
        yield from map(func, items)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=initializer, initargs=initargs) as pool:
        pending = []
        for item in items:
            pending.append(pool.submit(func, item))
            if len(pending) >= 2 * jobs:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()
