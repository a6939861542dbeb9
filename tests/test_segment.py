"""The segmenter's background tables: a look-up of a few words agrees with the whole table."""
from __future__ import annotations

import sqlite3

import pytest

from newscorpus import segment
from newscorpus.store.schema import CACHE_KB, small_cache


@pytest.fixture
def cold_idf():
    """idf_of as a process that never loaded the whole table sees it."""
    segment.idf.cache_clear()
    segment._IDF_KNOWN.clear()
    yield
    segment.idf.cache_clear()


def test_idf_of_reads_the_same_values_and_median_as_the_whole_table(cold_idf):
    words = {"发展", "创新区", "工作", "高质量", "没有这个词语", "a b", ""}
    found, median = segment.idf_of(words)
    assert segment.idf.cache_info().currsize == 0  # the whole table was not loaded
    table, whole_median = segment.idf()
    assert median == whole_median
    assert found == {w: table[w] for w in words if w in table}
    assert {"发展", "工作"} <= found.keys() and "没有这个词语" not in found


def test_idf_of_many_words_agrees_with_the_table(cold_idf):
    table, median = segment.idf()
    words = set(sorted(table)[::2000]) | {"没有这个词语"}
    assert len(words) > segment._IDF_FEW
    segment.idf.cache_clear()
    assert segment.idf_of(words) == ({w: table[w] for w in words if w in table}, median)


def test_idf_of_nothing_is_empty(cold_idf):
    assert segment.idf_of(set()) == ({}, segment.idf()[1])


def test_small_cache_holds_for_the_block_and_gives_the_size_back(tmp_path):
    conn = sqlite3.connect(tmp_path / "c.db")
    conn.execute(f"PRAGMA cache_size = -{CACHE_KB}")
    with small_cache(conn, 1024):
        assert conn.execute("PRAGMA cache_size").fetchone()[0] == -1024
    assert conn.execute("PRAGMA cache_size").fetchone()[0] == -CACHE_KB
