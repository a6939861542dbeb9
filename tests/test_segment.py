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


def test_is_word_is_membership_in_jiebas_dictionary():
    """Every 97th word of jieba's dict.txt (any frequency) is a word; the same words with a
    character added or taken away are words exactly when the file holds them."""
    from newscorpus.lexicon import jieba_file

    with open(jieba_file("dict.txt"), encoding="utf-8") as fh:
        words = {line.split(" ", 1)[0] for line in fh}
    sample = sorted(words)[::97]
    assert all(segment.is_word(w) for w in sample)
    others = {w + "氹" for w in sample} | {w[1:] for w in sample} | {"", " ", "张三李四王五"}
    assert [w for w in others if segment.is_word(w) != (w in words)] == []


def test_user_words_stay_with_their_lexicon():
    """Words a user's lexicon adds segment as one token under that lexicon only: the segmenter
    without user words (rjieba's own) is never changed."""
    text = "今天氹仔岛欢迎你"
    plain = segment.cut(text)
    assert "氹仔岛欢迎" in segment.cut(text, ("氹仔岛欢迎",))
    assert segment.cut(text) == plain and "氹仔岛欢迎" not in plain
    assert not segment.is_word("氹仔岛欢迎")
