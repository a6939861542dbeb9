"""While pages are written, the write-ahead log is checkpointed by a thread beside the writer: the
log stays about a commit long, the writer checkpoints by itself again afterwards (or when the
thread cannot open the corpus), and no process is forked while the thread is inside SQLite."""
from __future__ import annotations

import os
import random
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from newscorpus import ingest
from newscorpus.store import checkpoints, connect
from newscorpus.store import pages as page_store
from newscorpus.store.schema import WAL_AUTOCHECKPOINT


def _autocheckpoint(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]


def _pages(folder: Path, n: int) -> None:
    """n dated pages of about 12 KB of text each, every one different."""
    rng = random.Random(7)
    chars = [chr(c) for c in range(0x4E00, 0x4E00 + 2000)]
    folder.mkdir()
    for i in range(n):  # dated in 2024, day by day
        paragraphs = ["".join(rng.choices(chars, k=400)) + "。" for _ in range(10)]
        (folder / f"2024-{1 + i // 28:02d}-{1 + i % 28:02d}.txt").write_text(f"第{i}版标题\n\n" + "\n\n".join(paragraphs), encoding="utf-8")


def test_the_log_stays_about_a_commit_long_while_pages_are_written(tmp_path, monkeypatch):
    """A commit every few pages (every second in an ingest): the log would hold every page until
    32 MB (the writer's own checkpoints) or for ever (none at all); with the thread it holds a
    few pages (its file keeps its largest size, from the tables as created on)."""
    monkeypatch.setattr(page_store.Batch, "COMMIT_SECONDS", 0.02)
    db = tmp_path / "c.db"
    log = Path(f"{db}-wal")
    sizes: list[int] = []

    def progress(done: int, total: int, stage: str) -> None:
        if stage.endswith(".txt"):
            sizes.append(log.stat().st_size if log.exists() else 0)
            time.sleep(0.01)  # pages come from the workers about this far apart

    _pages(tmp_path / "pages", 120)
    report = ingest([tmp_path / "pages"], db=db, jobs=1, progress=progress)
    assert report.read == 120 and not report.failed and len(sizes) == 120
    # without the thread the log grows by three times the pages' size (text stored twice, rows,
    # indexes); with it, by what a thread kept waiting on a busy machine lets through
    written = sum(p.stat().st_size for p in (tmp_path / "pages").iterdir())
    assert max(sizes) - sizes[0] < written, (sizes[0], max(sizes), written)
    assert not checkpoints._LIVE  # the thread ended with the ingest


def test_the_writer_checkpoints_by_itself_again_afterwards(tmp_path):
    conn = connect(tmp_path / "c.db", create=True)
    with checkpoints.aside(conn) as checkpointer:
        assert _autocheckpoint(conn) == 0
        checkpointer.request(conn)
    assert _autocheckpoint(conn) == WAL_AUTOCHECKPOINT
    checkpoints.join_all()
    assert not checkpointer.thread.is_alive()
    conn.close()


@pytest.mark.parametrize("trouble", ["cannot open the corpus", "falls behind the commits"])
def test_a_thread_in_trouble_hands_checkpoints_back_to_the_writer(tmp_path, monkeypatch, trouble):
    monkeypatch.setattr(checkpoints, "BEHIND", 2)  # frames in the log
    conn = connect(tmp_path / "c.db", create=True)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("CREATE TABLE t (x TEXT)")
    conn.executemany("INSERT INTO t VALUES (?)", [("x" * 1000,)] * 50)
    conn.commit()
    cannot_open = trouble.startswith("cannot")
    checkpointer = checkpoints.Checkpointer(str(tmp_path / ("no such folder" if cannot_open else "") / "c.db"))
    checkpointer.request(conn)
    checkpointer.join()
    assert (checkpointer.failed, checkpointer.behind) == (cannot_open, not cannot_open)
    assert _autocheckpoint(conn) == 0  # until the writer's next commit asks
    checkpointer.request(conn)
    assert _autocheckpoint(conn) == WAL_AUTOCHECKPOINT
    conn.close()


def test_a_fork_waits_for_the_thread_to_end_and_the_writer_checkpoints_again(tmp_path):
    """A child forked while the thread is inside SQLite would inherit its locks."""
    conn = connect(tmp_path / "c.db", create=True)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    checkpointer = checkpoints.Checkpointer(str(tmp_path / "c.db"))
    checkpointer.request(conn)
    assert checkpointer.thread.is_alive()
    pid = os.fork()
    if pid == 0:  # the child: nothing to do
        os._exit(0)
    os.waitpid(pid, 0)
    assert not checkpointer.thread.is_alive()
    assert checkpointer not in checkpoints._LIVE
    assert all(t.name != "newscorpus-checkpoints" for t in threading.enumerate())
    checkpointer.request(conn)  # the next commit's: the writer's own checkpoints are back
    assert _autocheckpoint(conn) == WAL_AUTOCHECKPOINT
    conn.close()
