"""The trigram index gathers more terms in memory before it writes a segment than SQLite's default
(INDEX_HASH_BYTES): fewer, larger segments to merge, set for a new corpus and for one from before,
and the index finds what a plain search finds, phrase queries included (outside tools search it too)."""
from __future__ import annotations

import random
import sqlite3

from newscorpus.store import connect
from newscorpus.store import pages as page_store

from test_containing import _add  # tests/store is on the path (pytest, rootdir-less tests)

_RNG = random.Random(1)
_CHARS = [chr(c) for c in range(0x4E00, 0x4E00 + 400)]
# about 1 MB of trigrams and more: SQLite's default buffer is written out several times on the way
ROWS = [("标题", "".join(_RNG.choices(_CHARS, k=500))) for _ in range(1500)]
QUERIES = [body[i:i + 4] for _, body in ROWS[::300] for i in (0, 200)] + [ROWS[7][1][490:] + ROWS[8][1][:2]]


def _buffer(conn: sqlite3.Connection) -> int | None:
    row = conn.execute("SELECT v FROM article_fts_config WHERE k = 'hashsize'").fetchone()
    return row[0] if row else None


def _segments(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(DISTINCT segid) FROM article_fts_idx").fetchone()[0]


def _found(conn: sqlite3.Connection) -> dict[str, list[int]]:
    """Each query as a phrase query of the index (positions needed), checked against a plain search."""
    rows = conn.execute("SELECT id, headline_lines, body FROM articles").fetchall()
    found = {q: [r[0] for r in conn.execute("SELECT rowid FROM article_fts WHERE article_fts MATCH ? ORDER BY rowid",
                                            (f'"{q}"',))] for q in QUERIES}
    assert found == {q: sorted(i for i, head, body in rows if q in head or q in body) for q in QUERIES}
    return found


def _default_index(path, monkeypatch) -> None:
    """A corpus indexed as before the setting: SQLite's default buffer."""
    with monkeypatch.context() as m:
        m.setattr(page_store, "gather_terms", lambda conn: None)
        conn = connect(path, create=True)
        _add(conn, ROWS, 0)
        page_store.index_pending(conn)
        assert _buffer(conn) is None
        conn.close()


def test_the_index_is_written_in_fewer_segments_and_finds_the_same(tmp_path, monkeypatch):
    _default_index(tmp_path / "before.db", monkeypatch)
    conn = connect(tmp_path / "now.db", create=True)
    _add(conn, ROWS, 0)
    assert page_store.index_pending(conn) == len(ROWS)
    assert _buffer(conn) == page_store.INDEX_HASH_BYTES
    before = connect(tmp_path / "before.db")
    assert _segments(conn) < _segments(before)
    assert _found(conn) == _found(before)
    conn.close()
    before.close()


def test_a_corpus_from_before_gets_it_at_its_next_index(tmp_path, monkeypatch):
    _default_index(tmp_path / "c.db", monkeypatch)
    conn = connect(tmp_path / "c.db")
    found = _found(conn)
    _add(conn, [("标题", "又见" + QUERIES[0])], len(ROWS))
    page_store.index_pending(conn)
    assert _buffer(conn) == page_store.INDEX_HASH_BYTES
    assert _found(conn) == {**found, QUERIES[0]: found[QUERIES[0]] + [len(ROWS) + 1]}
    conn.execute("INSERT INTO article_fts(article_fts, rank) VALUES ('integrity-check', 1)")
    conn.close()
