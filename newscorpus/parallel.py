"""Worker processes: an ordered, bounded map and one call run meanwhile (ingest and reindex)."""
from __future__ import annotations

import ctypes
import gc
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator, Protocol, TypeVar

T = TypeVar("T")


def jobs_or_cores(jobs: int | None) -> int:
    return jobs or os.cpu_count() or 1


# Young objects allowed between two collections while an ingest runs (Python's default: 700).
# The passes make millions of short-lived tuples and lists that reference counting frees; the
# cycle collector found next to nothing in them and took 2% of an ingest's CPU (1,100
# collections in one process at 10k articles). Forked workers inherit the setting.
RARE_COLLECTIONS = 50_000


@contextmanager
def rare_collections() -> Iterator[None]:
    """Collect cyclic garbage rarely while the body runs; the old thresholds come back after."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], RARE_COLLECTIONS), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def ordered_map(func: Callable, items: Iterable, jobs: int, initializer: Callable | None = None,
                initargs: tuple = (), ahead: int = 2) -> Iterator:
    """func over items, results in order, in `jobs` worker processes (in this one when jobs <= 1).

    At most `ahead` x jobs items are in flight, so memory stays flat however far the consumer (the
    SQLite writer) falls behind; Executor.map would submit everything at once and queue the results.
    Small items need a larger `ahead`, or workers idle while the consumer works.
    """
    if jobs <= 1:
        if initializer:
            initializer(*initargs)
        yield from map(func, items)
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker,
                             initargs=(initializer, initargs, NICE, os.getpid())) as pool:
        pending = []
        for item in items:
            pending.append(pool.submit(func, item))
            if len(pending) >= ahead * jobs:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()


class Executor(Protocol):
    """Where the maps of an ingest and a reindex run: this machine's processes (`Processes`) or a
    Dask cluster (`newscorpus.cluster`). The passes are written once against this seam."""

    reads_corpus: bool  # can the workers open the corpus file themselves (else chunks carry their articles)

    def map(self, func: Callable, items: Iterable, *, ahead: int = 2, initializer: Callable | None = None,
            initargs: tuple = ()) -> Iterator:
        """func over items, results in order, at most about `ahead` items per worker in flight;
        `initializer(*initargs)` runs once in each worker before its first item."""
        ...


class Processes:
    """The default executor: `jobs` worker processes of this machine (this process when jobs <= 1)."""

    reads_corpus = True

    def __init__(self, jobs: int):
        self.jobs = jobs

    def map(self, func: Callable, items: Iterable, *, ahead: int = 2, initializer: Callable | None = None,
            initargs: tuple = ()) -> Iterator:
        return ordered_map(func, items, self.jobs, initializer, initargs, ahead)


# Map workers yield the CPU to the one-off calls running meanwhile (the trigram index), whose
# results the main process waits for at the end of a pass; the workers' total work is the same.
NICE = 5


def _start_worker(initializer: Callable | None = None, initargs: tuple = (), nice: int = 0,
                  parent: int | None = None) -> None:
    """First thing in a forked worker: die with the parent, leave the inherited objects out of
    garbage collection.

    A collection walks every object and writes to each one's header, which copies every page a
    worker shares with the main process: with a large corpus's file list that was 200 MB a worker.
    """
    die_with_parent(parent)
    gc.freeze()
    if nice:
        os.nice(nice)
    if initializer:
        initializer(*initargs)


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent: int | None) -> None:
    """Have the kernel kill this worker when the process that started it dies (even by SIGKILL),
    so a killed ingest leaves no worker behind blocked on its pipes. Linux only (prctl); where it
    is missing, a thread polls for the parent instead."""
    if parent is None:
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL) != 0:
            raise OSError(ctypes.get_errno(), "prctl")
    except (OSError, AttributeError):
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


class Later:
    """The result of a call that runs meanwhile (see `meanwhile`)."""

    def __init__(self, func: Callable[..., T], args: tuple, jobs: int, fresh: bool = False):
        self.func, self.args = func, args
        self.pool, self.future = None, None  # no core to spare: computed in result()
        if jobs > 1 and fresh:
            self.future = _FreshCall(func, args)
        elif jobs > 1:
            self.pool = ProcessPoolExecutor(max_workers=1, initializer=_start_worker,
                                            initargs=(None, (), 0, os.getpid()))
            self.future = self.pool.submit(func, *args)

    def result(self) -> T:
        """The call's value (computed here if no process of its own runs it); asked again, the same."""
        if not hasattr(self, "value"):
            if self.future is None:  # no core to spare: computed here, the first time it is asked for
                self.value = self.func(*self.args)
            else:
                try:
                    self.value = self.future.result()
                finally:
                    if self.pool:
                        self.pool.shutdown()
        return self.value

    def ready(self) -> bool:
        """Is the value there without waiting (a call with no process of its own is not, until asked for)?"""
        if hasattr(self, "value"):
            return True
        return self.future is not None and self.future.done()


class _FreshCall:
    """func(*args) in a new interpreter (`python -c`), not a fork: func and args go to it pickled
    (func by its module and name), the result or the exception comes back pickled.

    Not multiprocessing's "spawn", which imports the caller's main module again in the child: a
    user's script without an `if __name__ == "__main__"` guard would ingest again there."""

    def __init__(self, func: Callable[..., T], args: tuple):
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        self.proc = subprocess.Popen([sys.executable, "-c", "from newscorpus.parallel import _fresh_main; _fresh_main()"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        with self.proc.stdin:
            self.proc.stdin.write(pickle.dumps((os.getpid(), func, args)))

    def done(self) -> bool:
        """Has the child exited? One whose result outgrows the pipe's buffer (64 KB) waits for
        result() to read it, so it is not done until then (no deadlock: result() reads first)."""
        return self.proc.poll() is not None

    def result(self) -> T:
        with self.proc.stdout:
            out = self.proc.stdout.read()
        code = self.proc.wait()
        if code != 0 or not out:
            raise RuntimeError(f"a helper process exited with code {code}")
        ok, value = pickle.loads(out)
        if not ok:
            raise value
        return value


def _fresh_main() -> None:
    """The child's side of _FreshCall (stdout carries only the pickled result)."""
    parent, func, args = pickle.loads(sys.stdin.buffer.read())
    die_with_parent(parent)
    out, sys.stdout = sys.stdout.buffer, sys.stderr
    try:
        result = (True, func(*args))
    except Exception as exc:  # sent back to be raised in the caller
        result = (False, exc)
    try:
        data = pickle.dumps(result)
    except Exception:  # an exception that cannot be pickled: its text
        data = pickle.dumps((False, RuntimeError(str(result[1]))))
    out.write(data)
    out.flush()


def meanwhile(jobs: int, func: Callable[..., T], *args, fresh: bool = False) -> Later:
    """func(*args) in a process of its own while the caller goes on, when there is a core to
    spare (jobs > 1); otherwise computed when the result is asked for.

    `fresh`: a new interpreter rather than a fork, for a long call with small arguments. A forked
    process keeps its own copy of every page of the caller's memory that the caller writes while
    it runs: over a long ingest that was the caller's whole heap (130 MB for the trigram index of
    100k articles, against 25 MB started fresh)."""
    return Later(func, args, jobs, fresh)
