"""Worker processes: an ordered, bounded map and one call run meanwhile (ingest and reindex)."""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")


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


def meanwhile(jobs: int, func: Callable[..., T], *args) -> Callable[[], T]:
    """func(*args) in a process of its own while the caller goes on, when there is a core to
    spare (jobs > 1); otherwise computed when the result is asked for. Returns the asking function."""
    if jobs <= 1:
        return lambda: func(*args)
    pool = ProcessPoolExecutor(max_workers=1)
    future = pool.submit(func, *args)

    def result() -> T:
        try:
            return future.result()
        finally:
            pool.shutdown()

    return result
