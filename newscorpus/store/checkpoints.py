"""WAL checkpoints in a thread of their own while an ingest writes pages.

SQLite copies its write-ahead log into the database file (a checkpoint) in the connection that
commits once the log has grown past `wal_autocheckpoint` pages: while pages were written, that
was the ingest's writer, the busier process then, and its last checkpoint came after the last
page, with the other core idle (0.2 s at 10k articles). Here the writer's own checkpoints are
off while pages are written, and a thread asks for one after each commit, through a connection
of its own: SQLite runs it without Python's lock, on a core the writer leaves, while the writer
goes on (a passive checkpoint copies what no reader still needs and waits for nobody, so the log
stays about one commit long). Nothing about what is committed changes: a checkpoint only moves
committed pages from the log into the file.

No process is forked while the thread is inside SQLite (a forked child would inherit its locks):
a hook waits for the thread before any fork.
"""
from __future__ import annotations

import os
import sqlite3
import threading
from contextlib import contextmanager
from typing import Iterator

from .schema import WAL_AUTOCHECKPOINT, db_path

_LIVE: list["Checkpointer"] = []

# Log frames past which the thread is behind (commits come faster than it copies them, on a slow
# disk say): the writer then checkpoints by itself again, which bounds the log as before.
BEHIND = 4 * WAL_AUTOCHECKPOINT


class Checkpointer:
    """A thread that checkpoints the corpus at `path` each time it is asked to (see module),
    started by the first request: after the first commit, when the workers that parse pages
    have been forked."""

    def __init__(self, path: str):
        self.path = path
        self.wanted = threading.Event()
        self.closing = False
        self.failed = False  # its connection could not be opened
        self.behind = False  # the log grew past BEHIND frames
        self.thread: threading.Thread | None = None

    def request(self, writer: sqlite3.Connection) -> None:
        """Called after the writer commits. If the thread could not open the corpus, fell behind
        or was ended (a fork waits for it to end), the writer checkpoints by itself again."""
        if self.thread is None:  # how it fares is looked at from the next commit on, not as it starts
            self.thread = threading.Thread(target=self._run, name="newscorpus-checkpoints", daemon=True)
            _LIVE.append(self)
            self.thread.start()
        elif self.behind or not self.thread.is_alive():
            writer.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT}")
            return
        self.wanted.set()

    def close(self) -> None:
        """One last checkpoint, then the thread ends (without waiting for it: see `join`)."""
        self.closing = True
        self.wanted.set()

    def join(self) -> None:
        self.close()
        if self.thread is not None:
            self.thread.join()
        if self in _LIVE:
            _LIVE.remove(self)

    def _run(self) -> None:
        try:
            conn = sqlite3.connect(self.path, timeout=30)
        except sqlite3.Error:
            self.failed = True
            return
        try:
            while True:
                self.wanted.wait()
                self.wanted.clear()
                try:
                    _, frames, _ = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                    self.behind = self.behind or frames > BEHIND
                except sqlite3.Error:
                    pass  # another connection is checkpointing: the next commit asks again
                if self.closing:
                    return
        finally:
            conn.close()  # not the corpus's last connection: no checkpoint of its own


def join_all() -> None:
    """Wait for every checkpoint thread to end (before a fork, and before an ingest returns)."""
    for checkpointer in list(_LIVE):
        checkpointer.join()


os.register_at_fork(before=join_all)


@contextmanager
def aside(conn: sqlite3.Connection) -> Iterator[Checkpointer | None]:
    """While the body writes through `conn`, checkpoints happen in a thread (None: a corpus in
    memory, which has no log). Afterwards `conn` checkpoints by itself again; the thread does one
    last checkpoint and ends, waited for before the next fork or by join_all."""
    path = db_path(conn)
    if not path:
        yield None
        return
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    checkpointer = Checkpointer(path)
    try:
        yield checkpointer
    finally:
        checkpointer.close()
        conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT}")
