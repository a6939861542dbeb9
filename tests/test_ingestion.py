"""Ingest and the corpus store: idempotence, replacement, kills, bad files, order independence."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newscorpus import ingest, queries
from newscorpus.errors import CorpusError, UsageError
from newscorpus.store import SCHEMA_VERSION, connect
from newscorpus.store import pages as pages_store


def test_reingesting_unchanged_files_does_nothing(seed_dir, tmp_path, tables):
    db = tmp_path / "c.db"
    first = ingest([seed_dir], db=db, jobs=1)
    before = tables(db)
    again = ingest([seed_dir], db=db, jobs=1)
    assert (first.read, again.read, again.unchanged) == (5, 0, 5)
    assert tables(db) == before
    assert len(queries.articles(db)) == 27


def test_a_changed_file_replaces_its_articles(seed_dir, tmp_path):
    db = tmp_path / "c.db"
    ingest([seed_dir], db=db, jobs=1)
    assert len(queries.kwic(db, "外卖送餐行业集体协商")) == 3
    page = seed_dir / "000_e1c08d356f2e3085.txt"
    page.write_text("新标题\n\n本报讯 (记者 张三) 副区长王五出席活动。\n", encoding="utf-8")
    report = ingest([seed_dir], db=db, jobs=1)
    assert (report.read, report.unchanged) == (1, 4)
    rows = queries.articles(db, source="000_e1c08d356f2e3085.txt")
    assert [r["headline"] for r in rows] == ["新标题"]
    assert "王五" in {o["name"] for o in queries.officials(db, top=0)}
    assert queries.kwic(db, "外卖送餐行业集体协商") == []  # the trigram index follows the replacement
    assert [r["id"] for r in queries.kwic(db, "副区长王五")] == [rows[0]["id"]]


def test_counts_do_not_depend_on_order_or_batching(seed_dir, tmp_path, tables):
    together = tmp_path / "together.db"
    ingest([seed_dir], db=together, jobs=1)
    one_by_one = tmp_path / "one.db"
    for page in sorted(seed_dir.glob("*.txt"), reverse=True):
        ingest([page], db=one_by_one, jobs=1)
    assert tables(one_by_one) == tables(together)


def test_parallel_ingest_gives_the_same_corpus(seed_dir, tmp_path, tables):
    for i in range(4):  # enough files for the worker pool to start
        (seed_dir / f"copy{i}").mkdir()
        for page in sorted(seed_dir.glob("*.txt")):
            (seed_dir / f"copy{i}" / page.name).write_bytes(page.read_bytes() + b"\n" * (i + 1))  # distinct copies
    serial, parallel = tmp_path / "serial.db", tmp_path / "parallel.db"
    ingest([seed_dir], db=serial, jobs=1)
    ingest([seed_dir], db=parallel, jobs=2)
    assert tables(parallel) == tables(serial)


def _late_index(path):
    """The trigram index, finishing only after counting has begun (run in the indexing process,
    a fresh interpreter that imports this module: the real function is the one imported here)."""
    time.sleep(3)
    return _REAL_INDEX(path)


_REAL_INDEX = pages_store.index_pending_at


def test_a_rebuild_waits_for_a_late_trigram_index(seed_dir, tmp_path, tables):
    """The index is filled in a process of its own while the passes run; counts are staged until it is done."""
    serial, parallel_db = tmp_path / "serial.db", tmp_path / "parallel.db"
    ingest([seed_dir], db=serial, jobs=1)
    pages_store.index_pending_at = _late_index
    try:
        ingest([seed_dir], db=parallel_db, jobs=2, full=True)
    finally:
        pages_store.index_pending_at = _REAL_INDEX
    assert tables(parallel_db) == tables(serial)
    assert len(queries.kwic(parallel_db, "高质量发展", limit=0)) == 13


def test_a_page_date_comes_from_its_path_under_the_folder_given_first(seed_dir, tmp_path):
    root = tmp_path / "dump-2019-05-05"  # a date in the folder named on the command line ...
    page = root / "2024" / "11" / "02" / "01.txt"  # ... and the page's own date below it
    page.parent.mkdir(parents=True)
    page.write_bytes(sorted(seed_dir.glob("*.txt"))[0].read_bytes())
    ingest([root], db=tmp_path / "c.db", jobs=1)
    with connect(tmp_path / "c.db") as conn:
        assert [tuple(r) for r in conn.execute("SELECT date FROM sources")] == [("2024-11-02",)]


def test_bad_files_are_reported_and_skipped(seed_dir, tmp_path):
    (seed_dir / "empty.txt").write_bytes(b"")
    (seed_dir / "binary.txt").write_bytes(b"\x89PNG\x00\x00\x01")
    (seed_dir / "latin.txt").write_bytes(bytes(range(128, 256)))
    (seed_dir / "gbk.txt").write_bytes("测试标题\n\n本报讯 (记者 张三) 正文。".encode("gbk"))
    report = ingest([seed_dir], db=tmp_path / "c.db", jobs=1)
    assert sorted(p for p, _ in report.failed) == ["binary.txt", "empty.txt", "latin.txt"]
    assert report.read == 6 and not report.ok


def test_missing_paths_are_usage_errors(tmp_path):
    with pytest.raises(UsageError):
        ingest([tmp_path / "nowhere"], db=tmp_path / "c.db")


def test_a_newer_schema_is_a_clear_error(tmp_path):
    db = tmp_path / "c.db"
    connect(db, create=True).close()
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(CorpusError, match="newer newscorpus"):
        queries.stats(db)


def test_not_a_database_is_a_clear_error(tmp_path):
    db = tmp_path / "c.db"
    db.write_text("not sqlite at all" * 100)
    with pytest.raises(CorpusError):
        queries.stats(db)


def test_articles_not_yet_in_the_trigram_index_are_found_and_replaced_cleanly(seed_dir, tmp_path, monkeypatch):
    """Bulk indexing runs once per ingest; a kill before it must not hide or corrupt anything."""
    from newscorpus.store import pages

    db = tmp_path / "c.db"
    ingest([seed_dir], db=db, jobs=1)
    real = pages.index_pending
    monkeypatch.setattr(pages, "index_pending", lambda conn: 0)  # as if killed before indexing
    page = seed_dir / "000_e1c08d356f2e3085.txt"
    page.write_text("新标题\n\n本报讯 (记者 张三) 副区长王五出席活动。\n", encoding="utf-8")
    ingest([seed_dir], db=db, jobs=1)
    assert queries.kwic(db, "外卖送餐行业集体协商") == []  # deleted from the index
    assert len(queries.kwic(db, "副区长王五")) == 1  # pending, found by instr()
    page.write_text("新标题\n\n本报讯 (记者 张三) 副区长赵六出席活动。\n", encoding="utf-8")
    ingest([seed_dir], db=db, jobs=1)  # replaces a pending article: nothing to delete from the index
    monkeypatch.setattr(pages, "index_pending", real)
    ingest([seed_dir], db=db, jobs=1)  # nothing changed; the pending article is indexed now
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM fts_pending").fetchone()[0] == 0
    conn.execute("INSERT INTO article_fts(article_fts, rank) VALUES ('integrity-check', 1)")
    everywhere = sum((lines + body).count("高质量发展") for lines, body in conn.execute("SELECT headline_lines, body FROM articles"))
    conn.close()
    assert queries.kwic(db, "副区长王五") == []
    assert len(queries.kwic(db, "副区长赵六")) == 1
    assert len(queries.kwic(db, "高质量发展", limit=0)) == everywhere == 11


def test_a_page_that_cannot_be_stored_is_reported_and_the_rest_kept(seed_dir, tmp_path, monkeypatch):
    from newscorpus.store import pages

    real = pages.write_page

    def failing(conn, page):
        placed = real(conn, page)  # half-written, then the database refuses
        if page.source.path.startswith("002"):
            raise sqlite3.OperationalError("disk I/O error")
        return placed

    monkeypatch.setattr(pages, "write_page", failing)
    db = tmp_path / "c.db"
    report = ingest([seed_dir], db=db, jobs=1)
    assert [path[:3] for path, _ in report.failed] == ["002"] and "disk I/O error" in report.failed[0][1]
    assert report.read == 4
    with sqlite3.connect(db) as conn:
        assert sorted(p[:3] for p, in conn.execute("SELECT path FROM sources")) == ["000", "001", "003", "004"]
    monkeypatch.setattr(pages, "write_page", real)
    assert ingest([seed_dir], db=db, jobs=1).read == 1


@pytest.mark.slow
def test_a_killed_ingest_leaves_a_valid_corpus_and_a_rerun_completes_it(seed_dir, tmp_path):
    pages = tmp_path / "many"
    pages.mkdir()
    for i in range(60):
        for page in sorted(seed_dir.glob("*.txt")):
            # copies made distinct (blank lines at the end): the same content twice is one source
            (pages / f"{i:03d}_{page.name}").write_bytes(page.read_bytes() + b"\n" * i)
    db = tmp_path / "c.db"
    code = ("import sys, time; from pathlib import Path; import newscorpus.ingestion as ing; "
            "from newscorpus.store import pages\n"
            "real = pages.write_page\n"
            "def slow(*a, **k):\n    time.sleep(0.02); return real(*a, **k)\n"
            "pages.write_page = slow\n"
            f"ing.ingest([Path({str(pages)!r})], db={str(db)!r}, jobs=1)")
    proc = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.time() + 60
    while time.time() < deadline:
        time.sleep(0.2)
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=5) as conn:
                    if conn.execute("SELECT count(*) FROM sources").fetchone()[0] >= 20:
                        break
            except sqlite3.OperationalError:
                continue
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = queries.stats(db)
    assert 20 <= partial["sources"] < 300
    assert partial["articles"] == partial["sources"] // 5 * 27 + {0: 0, 1: 5, 2: 10, 3: 16, 4: 22}[partial["sources"] % 5]
    report = ingest([pages], db=db, jobs=1)
    assert report.unchanged == partial["sources"] and report.read == 300 - partial["sources"]
    full = queries.stats(db)
    assert (full["sources"], full["articles"]) == (300, 60 * 27)
    assert json.loads(json.dumps(queries.officials(db, top=1)))[0]["mentions"] == 60 * 15


def test_an_older_corpus_is_migrated_and_rebuilt(seed_dir, tmp_path):
    db = tmp_path / "c.db"
    ingest([seed_dir], db=db, jobs=1)
    conn = sqlite3.connect(db)  # turn it back into a version-1 corpus
    conn.executescript("DROP TRIGGER articles_state_insert; DROP TRIGGER articles_state_delete; DROP TABLE state;"
                       "DROP TABLE state_pending; DROP TABLE state_retired; DROP TABLE titled; DROP TABLE form_mentions;"
                       "ALTER TABLE person_mentions DROP COLUMN head; ALTER TABLE person_mentions DROP COLUMN lead;"
                       "ALTER TABLE people DROP COLUMN is_foreign;"
                       "DROP TABLE related; DROP TRIGGER articles_fts_insert; DROP TRIGGER articles_fts_delete;"
                       "DROP TABLE article_fts; DROP TABLE fts_pending; DROP TABLE article_dates; DROP INDEX sources_date;"
                       "DROP TABLE person_article_titles; DROP INDEX sources_location; DROP INDEX sources_sha256;"
                       "ALTER TABLE sources DROP COLUMN location; ALTER TABLE sources DROP COLUMN format;"
                       "ALTER TABLE sources DROP COLUMN coverage; ALTER TABLE articles DROP COLUMN label;"
                       "ALTER TABLE articles DROP COLUMN date; ALTER TABLE articles DROP COLUMN meta;"
                       "PRAGMA user_version = 1;")
    conn.close()
    assert queries.stats(db)["articles"] == 27  # opening migrates
    assert len(queries.kwic(db, "高质量发展", limit=0)) == 13  # through the rebuilt trigram index
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT value FROM meta WHERE key = 'entities_stale'").fetchone()[0] == "1"
    conn.close()
    report = ingest([seed_dir], db=db, jobs=1)  # nothing changed, but the stale entities are rebuilt
    assert report.unchanged == 5
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM person_article_titles").fetchone()[0] > 0


def test_a_file_is_known_by_its_real_path_through_linked_folders_and_files(tmp_path, monkeypatch):
    """Where a page really is (what tells a moved or changed file from a new one): every link on
    the way resolved, as Path.resolve gives it, for a root given through a link or with `..`."""
    import os
    import sqlite3

    real = tmp_path / "real" / "2024" / "10"
    real.mkdir(parents=True)
    page = "区长调研\n\n本报讯 (记者 张三) 区长某某调研企业。\n"
    for day in (12, 13):
        (real / f"2024-10-{day}.txt").write_text(page.replace("调研企业", f"调研企业{day}"), encoding="utf-8")
    (tmp_path / "real" / "2024" / "11").mkdir()
    (tmp_path / "real" / "2024" / "11" / "2024-11-01.txt").symlink_to(real / "2024-10-12.txt")
    (tmp_path / "linked").symlink_to(tmp_path / "real")
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    db = tmp_path / "c.db"
    ingest([Path("..") / "linked"], db=db, jobs=1)
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT path, location FROM sources ORDER BY path").fetchall()
    conn.close()
    folder = tmp_path / "work" / ".." / "linked"
    expected = [(str((folder / p).resolve()) if p != "2024/11/2024-11-01.txt" else None) for p, _ in rows]
    assert [p for p, _ in rows] == ["2024/10/2024-10-12.txt", "2024/10/2024-10-13.txt"]  # the link is the same file
    assert [loc for _, loc in rows] == expected
    assert all(os.path.realpath(loc) == loc and "linked" not in loc for _, loc in rows)
    from newscorpus.ingestion import _real_path

    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    folders: dict[str, str] = {}
    for path in (folder / "2024" / "11" / "2024-11-01.txt", folder / "2024" / "10" / "2024-10-13.txt",
                 tmp_path / "linked" / ".." / "real" / "2024", tmp_path / "dangling", Path("/"), tmp_path / "linked"):
        assert _real_path(str(path), folders) == str(path.resolve()), path
