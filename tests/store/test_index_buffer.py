"""The trigram index gathers more terms in memory before it writes a segment than SQLite's default
(INDEX_HASH_BYTES): set for a new corpus and for one from before, and the index it builds finds
what the default one found, phrase queries included (outside tools search it too)."""
from __future__ import annotations

import sqlite3

from newscorpus.store import connect
from newscorpus.store import pages as page_store

from test_containing import _add  # tests/store is on the path (pytest, rootdir-less tests)

ROWS = [("标题一", "张三李四在会上讲话。"), ("张三李四", "正文"), ("标题", "李四张三,三李四")]


def _buffer(conn: sqlite3.Connection) -> int | None:
    row = conn.execute("SELECT v FROM article_fts_config WHERE k = 'hashsize'").fetchone()
    return row[0] if row else None


QUERIES = ("张三李四", "三李四", "李四张三", "会上讲话")


def _found(conn: sqlite3.Connection) -> dict[str, list[int]]:
    """Each query as a phrase query of the index (positions needed), and as a plain search."""
    found, plain = {}, {}
    rows = conn.execute("SELECT id, headline_lines, body FROM articles").fetchall()
    for q in QUERIES:
        found[q] = [r[0] for r in conn.execute(
            "SELECT rowid FROM article_fts WHERE article_fts MATCH ? ORDER BY rowid", (f'"{q}"',))]
        plain[q] = sorted(i for i, head, body in rows if q in head or q in body)
    assert found == plain
    return found


def test_a_new_corpus_indexes_with_the_larger_buffer(tmp_path):
    conn = connect(tmp_path / "c.db", create=True)
    _add(conn, ROWS, 0)
    assert page_store.index_pending(conn) == 3
    assert _buffer(conn) == page_store.INDEX_HASH_BYTES
    conn.close()


def test_a_corpus_from_before_gets_it_and_finds_the_same(tmp_path):
    conn = connect(tmp_path / "c.db", create=True)
    _add(conn, ROWS, 0)
    page_store.index_pending(conn)
    # as an earlier version left it: SQLite's default buffer, the index built with it
    conn.execute("DELETE FROM article_fts_config WHERE k = 'hashsize'")
    conn.execute("INSERT INTO article_fts(article_fts) VALUES ('rebuild')")
    conn.commit()
    conn.close()
    conn = connect(tmp_path / "c.db")
    assert _buffer(conn) is None
    before = _found(conn)
    _add(conn, [("标题", "又见张三李四")], 3)
    page_store.index_pending(conn)
    assert _buffer(conn) == page_store.INDEX_HASH_BYTES
    after = _found(conn)
    assert after == {**before, "张三李四": before["张三李四"] + [4], "三李四": before["三李四"] + [4]}
    conn.execute("INSERT INTO article_fts(article_fts, rank) VALUES ('integrity-check', 1)")
    conn.close()
