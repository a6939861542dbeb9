"""Work run meanwhile: in a fork, or in a fresh interpreter that sends its result or error back."""
from __future__ import annotations

import os
import sqlite3

import pytest

from newscorpus.parallel import meanwhile


def _where(x: int) -> tuple[int, int]:
    return os.getpid(), x * 2


def _fails(path: str) -> None:
    sqlite3.connect(path).execute("SELECT * FROM no_such_table")


@pytest.mark.parametrize("fresh", [False, True])
def test_a_call_meanwhile_runs_in_another_process_and_returns_its_result(fresh):
    pid, value = meanwhile(2, _where, 21, fresh=fresh).result()
    assert value == 42 and pid != os.getpid()


def test_with_one_job_the_call_runs_here_when_asked():
    assert meanwhile(1, _where, 1, fresh=True).result() == (os.getpid(), 2)


def test_an_error_in_a_fresh_process_is_raised_in_the_caller(tmp_path):
    with pytest.raises(sqlite3.OperationalError, match="no_such_table"):
        meanwhile(2, _fails, str(tmp_path / "x.db"), fresh=True).result()


@pytest.mark.parametrize("jobs, fresh", [(1, True), (2, False), (2, True)])
def test_a_result_asked_again_is_the_same_and_ready_tells_if_it_is_there(jobs, fresh):
    later = meanwhile(jobs, _where, 3, fresh=fresh)
    if jobs == 1:
        assert not later.ready()  # computed only when asked for
    first = later.result()
    assert later.ready() and later.result() == first and first[1] == 6


def test_an_ingest_collects_cyclic_garbage_rarely_and_restores_the_thresholds_after(seed_dir, tmp_path):
    import gc

    from newscorpus import ingest
    from newscorpus.parallel import RARE_COLLECTIONS

    seen = []
    before = gc.get_threshold()
    ingest([seed_dir], db=tmp_path / "c.db", jobs=1, progress=lambda *_: seen.append(gc.get_threshold()[0]))
    assert seen and min(seen) >= RARE_COLLECTIONS > before[0]
    assert gc.get_threshold() == before


def test_a_reindex_alone_collects_cyclic_garbage_rarely_too(seed_dir, tmp_path):
    import gc

    from newscorpus import ingest
    from newscorpus.parallel import RARE_COLLECTIONS
    from newscorpus.reindex import reindex
    from newscorpus.store import connect

    ingest([seed_dir], db=tmp_path / "c.db", jobs=1)
    seen = []
    before = gc.get_threshold()
    conn = connect(tmp_path / "c.db")
    try:
        reindex(conn, jobs=1, progress=lambda *_: seen.append(gc.get_threshold()[0]))
    finally:
        conn.close()
    assert seen and min(seen) >= RARE_COLLECTIONS > before[0]
    assert gc.get_threshold() == before
