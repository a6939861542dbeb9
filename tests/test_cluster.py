"""Ingest on a Dask cluster (two worker processes on 127.0.0.1): the same corpus as one process, lost workers survived."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newscorpus import ingest
from newscorpus.cli import app

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT.parent / "shared" / "gold"
distributed = pytest.importorskip("distributed")


def everything(db: Path) -> dict[str, list]:
    """Every row of every table but the trigram index's own (its layout follows insertion batches)
    and the pickled state of the reindex (the same state, written in another order)."""
    conn = sqlite3.connect(db)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                         "AND name NOT LIKE 'article_fts%' AND name NOT LIKE 'sqlite_%'"
                                         " AND name != 'state'")]
    out = {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
    conn.close()
    return out


@pytest.fixture(scope="module")
def scheduler():
    """A scheduler and two worker processes on 127.0.0.1, as `dask scheduler` and `dask worker` would be."""
    import dask

    from newscorpus.cluster import QUIET

    with dask.config.set(QUIET):
        cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                           dashboard_address=None, silence_logs=50)
    yield cluster.scheduler_address
    cluster.close()


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A small generated corpus (benchmarks/make_corpus.py): 200 files, about 900 articles."""
    if not GOLD.is_dir():
        pytest.skip(f"no gold pages at {GOLD} for benchmarks/make_corpus.py")
    out = tmp_path_factory.mktemp("generated") / "pages"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_corpus.py"), "200", str(out), "--gold", str(GOLD)],
                   check=True, capture_output=True)
    return out


@pytest.fixture(scope="module")
def one_process(generated, tmp_path_factory) -> dict:
    db = tmp_path_factory.mktemp("one") / "c.db"
    assert ingest([generated], db=db, jobs=1, glob="*.txt").ok
    return everything(db)


@pytest.fixture
def small_chunks(monkeypatch) -> None:
    """Chunks of 200 articles: several tasks per pass (the tables do not depend on the chunking)."""
    from newscorpus.store import chunks

    monkeypatch.setattr(chunks, "CHUNK", 200)


def test_the_cluster_builds_the_corpus_one_process_builds(scheduler, generated, one_process, small_chunks, tmp_path):
    seeds_one, seeds_dask, db = tmp_path / "s1.db", tmp_path / "s2.db", tmp_path / "g.db"
    ingest([SEEDS], db=seeds_one, jobs=1)
    runner = CliRunner()
    for pages, target in ((SEEDS, seeds_dask), (generated, db)):
        result = runner.invoke(app, ["ingest", str(pages), "--glob", "*.txt", "--db", str(target), "--scheduler", scheduler])
        assert result.exit_code == 0, result.output
    assert everything(seeds_dask) == everything(seeds_one)
    assert everything(db) == one_process
    result = runner.invoke(app, ["reindex", "--db", str(seeds_dask), "--scheduler", scheduler])
    assert result.exit_code == 0, result.output
    assert everything(seeds_dask) == everything(seeds_one)


def test_a_worker_lost_mid_run_changes_nothing(scheduler, generated, one_process, small_chunks, tmp_path):
    from newscorpus.cluster import connect

    killed = []

    def kill_one_worker(done: int, total: int, stage: str) -> None:
        """Kill a worker half-way through the files, and again half-way through the counts."""
        files = not stage.startswith("reindex")
        if done == total // 2 and (files or stage == "reindex: counts"):
            pids = sorted(executor.client.run(os.getpid).values())
            os.kill(pids[0], signal.SIGKILL)
            killed.append("files" if files else stage)

    db = tmp_path / "c.db"
    with connect(scheduler) as executor:
        report = ingest([generated], db=db, glob="*.txt", progress=kill_one_worker, executor=executor)
    assert report.ok and killed == ["files", "reindex: counts"]
    assert everything(db) == one_process


def test_cluster_errors_are_one_line(tmp_path, monkeypatch):
    import newscorpus.cluster

    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(SEEDS), "--db", str(tmp_path / "c.db"), "--scheduler", "not an address"])
    assert result.exit_code == 2 and result.stderr.startswith("Error: a Dask scheduler is named by")
    monkeypatch.setattr(newscorpus.cluster, "CONNECT_TIMEOUT", "0.5s")
    result = runner.invoke(app, ["ingest", str(SEEDS), "--db", str(tmp_path / "c.db"), "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1 and result.stderr.startswith("Error: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_command_line_starts_without_dask_or_pyarrow():
    code = ("import sys, newscorpus.cli, newscorpus.ingestion, newscorpus.reindex; "
            "print(sorted(m for m in ('dask', 'distributed', 'pyarrow', 'duckdb', 'pandas') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "[]"


def test_missing_extras_are_one_line_usage_errors(tmp_path, monkeypatch):
    """Without newscorpus[cluster] or [export] installed, the command says what to install."""
    runner = CliRunner()
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    result = runner.invoke(app, ["ingest", str(SEEDS), "--db", str(tmp_path / "c.db"), "--scheduler", "local"])
    assert result.exit_code == 2 and "pip install 'newscorpus[cluster]'" in result.stderr
    ingest([SEEDS], db=tmp_path / "c.db", jobs=1)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    result = runner.invoke(app, ["export", str(tmp_path / "out"), "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 2 and "pip install 'newscorpus[export]'" in result.stderr
