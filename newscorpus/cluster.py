"""Ingest and reindex on a Dask cluster: the `Executor` seam implemented by a dask.distributed client.

Parsing, candidate collection and counting run as Dask tasks on the cluster's workers; the
corpus-wide decisions and every write stay in this process, as without a cluster, so the tables
are the same. Each task carries its whole input (file paths that the workers read through a
shared filesystem; chunks with their articles, since a worker elsewhere cannot read the corpus
file), so a task lost with its worker is run again elsewhere by Dask with the same result.
dask is imported only here and only when a cluster is asked for (`pip install 'newscorpus[cluster]'`).
"""
from __future__ import annotations

import pickle
import re
import threading
import uuid
from collections import deque
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .errors import ClusterError, UsageError
from .parallel import jobs_or_cores

LOCAL = "local"  # the address that starts a cluster on this machine
CONNECT_TIMEOUT = "10s"
WAIT_FOR_WORKERS = 120  # seconds for a first worker to join a running scheduler
_ADDRESS = re.compile(r"^(?:[a-z0-9+]+://)?\[?[\w.:-]+\]?:\d+/?$|^[a-z0-9+]+://\S+$")


class DaskExecutor:
    """Maps as Dask tasks, submitted in order through a bounded window and taken back in order.

    Small items travel several to a task (a task costs the client and the scheduler a few
    milliseconds, more than parsing a few pages), large ones (a chunk of articles) one to a task;
    a few tasks per worker thread are in flight, so neither the cluster nor this process holds
    more than a window of inputs and results, however large the corpus.
    """

    reads_corpus = False  # chunks carry their articles

    def __init__(self, client: Any):
        self.client = client

    def threads(self) -> int:
        """Worker threads in the cluster now (at least one: a window is never empty)."""
        return max(1, sum(self.client.nthreads().values()))

    def map(self, func: Callable, items: Iterable, *, ahead: int = 2, initializer: Callable | None = None,
            initargs: tuple = ()) -> Iterator:
        args: tuple = ()
        if initializer is not None:
            # the initializer's arguments as a task's result: Dask sends it to each worker once, and
            # computes it again should the workers holding it be lost
            given = self.client.submit(_given, initargs, pure=False)
            func, args = _initialised, (uuid.uuid4().hex, initializer, given, func)
        per_thread = max(TASKS_PER_THREAD, ahead // GROUP_ITEMS)
        window, pending = per_thread * self.threads(), deque()
        try:
            for n, group in enumerate(_groups(items), 1):
                pending.append(self.client.submit(_run_group, func, args, group, pure=False))
                if n % 64 == 0:  # workers come and go (an adaptive cluster): the window follows
                    window = per_thread * self.threads()
                while len(pending) >= window:
                    yield from _result(pending.popleft())
            while pending:
                yield from _result(pending.popleft())
        finally:
            if pending:  # stopped early (an error, an interrupt): the cluster drops the rest
                self.client.cancel(list(pending))


GROUP_ITEMS = 8  # items per task at most ...
GROUP_BYTES = 1 << 20  # ... or until they weigh this much, pickled
TASKS_PER_THREAD = 3  # in flight: one running, the next ones sent or on their way


def _groups(items: Iterable) -> Iterator[list[bytes]]:
    """Items pickled once, here, and grouped: as bytes they cross the scheduler untouched (a chunk
    of articles would otherwise be unpickled and pickled again on its way to a worker)."""
    group, size = [], 0
    for item in items:
        payload = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
        group.append(payload)
        size += len(payload)
        if len(group) >= GROUP_ITEMS or size >= GROUP_BYTES:
            yield group
            group, size = [], 0
    if group:
        yield group


def _run_group(func: Callable, args: tuple, payloads: list[bytes]) -> list:
    """On a worker: func over a group of pickled items."""
    return [func(*args, pickle.loads(payload)) for payload in payloads]


def _result(future: Any) -> list:
    """A task's results; a task that killed every worker it ran on, or was cancelled, as a ClusterError."""
    from concurrent.futures import CancelledError

    from distributed import KilledWorker

    try:
        return future.result()
    except KilledWorker as exc:
        raise ClusterError(f"a task was lost with every worker that ran it ({exc}): the workers may be "
                           "running out of memory") from None
    except CancelledError as exc:
        raise ClusterError(f"a task was cancelled by the cluster ({exc})") from None


def _given(value: Any) -> Any:
    return value


_INITIALISED: set[str] = set()
_INIT_LOCK = threading.Lock()


def _initialised(token: str, initializer: Callable, initargs: tuple, func: Callable, item: Any) -> Any:
    """On a worker: `initializer(*initargs)` before the first item of a map (`token`), then func(item).

    Only the latest map's state is kept (an initializer replaces the worker's state), and a worker
    that joins late, or replaces a lost one, initialises itself on its first item.
    """
    with _INIT_LOCK:
        if token not in _INITIALISED:
            initializer(*initargs)
            _INITIALISED.clear()
            _INITIALISED.add(token)
    return func(item)


@contextmanager
def connect(address: str, jobs: int | None = None, *, wait: float = WAIT_FOR_WORKERS) -> Iterator[DaskExecutor]:
    """An executor on a Dask cluster, closed on exit.

    `address`: `local` starts a cluster on this machine with `jobs` worker processes (default one
    per core);
    `tcp://HOST:PORT` (or HOST:PORT) is a running `dask scheduler`; an existing file is a scheduler
    file (`dask scheduler --scheduler-file`). The workers must have newscorpus installed and read
    the input files at the paths this process sees them (a shared filesystem).
    """
    distributed = _distributed()
    cluster = None
    if address == LOCAL:
        cluster = _local_cluster(distributed, jobs_or_cores(jobs))
        client = distributed.Client(cluster, set_as_default=False)
    else:
        client = _client(distributed, address)
    try:
        _wait_for_workers(client, address, wait)
        yield DaskExecutor(client)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# A local cluster's housekeeping, made rarer: with its defaults (an event-loop tick every 20 ms,
# a statistical profiler sampling every task every 10 ms, memory polled every 100 ms) an idle
# cluster took 6% of a core and slowed the work it shares two cores with. The same settings can
# be given to remote workers (README: Running on a cluster).
QUIET = {"distributed.admin.tick.interval": "1s", "distributed.admin.system-monitor.interval": "2s",
         "distributed.worker.memory.monitor-interval": "1s", "distributed.worker.profile.enabled": False}


def _local_cluster(distributed: Any, workers: int) -> Any:
    """Worker processes of one thread each (the work is pure Python: threads would share one core)."""
    import logging

    import dask

    with dask.config.set(QUIET):
        return distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                                        dashboard_address=None, silence_logs=logging.CRITICAL)


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise UsageError("running on a Dask cluster needs dask: pip install 'newscorpus[cluster]'") from None
    return distributed


def _client(distributed: Any, address: str) -> Any:
    """A client of a running scheduler, named by its address or its scheduler file."""
    is_file = Path(address).is_file()
    if not is_file and not _ADDRESS.match(address):
        raise UsageError(f"a Dask scheduler is named by tcp://HOST:PORT, a scheduler file or {LOCAL!r}, "
                         f"not {address!r}")
    try:
        if is_file:
            return distributed.Client(scheduler_file=address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        return distributed.Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, ValueError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from None


def _wait_for_workers(client: Any, address: str, wait: float) -> None:
    try:
        client.wait_for_workers(1, timeout=wait)
    except TimeoutError:
        raise ClusterError(f"no Dask worker joined the scheduler at {address} within {wait:g} s: "
                           "start workers with `dask worker ADDRESS`") from None
