"""The passes read the articles in chunks of CHUNK, the last two chunks' worth in smaller ones (the
workers share the end of a pass): every article once, in order, and the progress a pass reports
counts those chunks."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newscorpus import ingest
from newscorpus.reindex import reindex
from newscorpus.store import chunks, connect


@given(st.integers(min_value=0, max_value=30 * chunks.CHUNK))
def test_chunks_hold_every_article_once_and_end_small(n):
    sizes = chunks.sizes(n)
    assert sum(sizes) == n and all(0 < s <= chunks.CHUNK for s in sizes)
    if n <= chunks.CHUNK:
        assert len(sizes) == min(n, 1)  # one chunk: run in the main process, no worker started
        return
    small = [s for s in sizes if s < chunks.CHUNK]
    assert sizes[:len(sizes) - len(small)] == [chunks.CHUNK] * (len(sizes) - len(small))
    assert sum(small) <= 2 * chunks.CHUNK and len(small) >= chunks.TAIL  # the end is shared
    assert max(small) - min(small) <= 1 and max(small) <= chunks.CHUNK // chunks.TAIL + 1


def test_a_pass_reads_each_article_once_in_order_and_counts_its_chunks(seed_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(chunks, "CHUNK", 8)  # the seeds' articles make full chunks and small ones
    db = tmp_path / "c.db"
    ingest([seed_dir], db=db, jobs=1)
    conn = connect(db)
    ids = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id DESC")]
    read = [chunk.ids for chunk in chunks.chunked(conn, ids)]
    assert [i for part in read for i in part] == ids and len(read) == len(chunks.sizes(len(ids)))
    assert {len(part) for part in read[:-chunks.TAIL]} >= {8} and max(map(len, read[-chunks.TAIL:])) <= 2
    seen: dict[str, list[tuple[int, int]]] = {}
    reindex(conn, jobs=1, progress=lambda done, total, stage: seen.setdefault(stage, []).append((done, total)))
    conn.close()
    count = len(chunks.sizes(len(ids)))
    assert seen["reindex: candidates"] == [(k, count) for k in range(1, count + 1)]
    assert seen["reindex: counts"] == [(k, count) for k in range(1, count + 1)]
