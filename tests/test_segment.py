"""The segmenter's background tables: the IDF table holds jieba's file."""
from __future__ import annotations

import sqlite3

import pytest

from newscorpus import segment
from newscorpus.store.schema import CACHE_KB, small_cache


def _idf_file() -> dict[str, float]:
    table = {}
    for line in segment.jieba_file("analyse", "idf.txt").read_text(encoding="utf-8").splitlines():
        word, _, value = line.strip().partition(" ")
        if value:
            table[word] = float(value)
    return table


def test_the_idf_table_holds_every_value_of_jiebas_file_and_its_median():
    table, median = segment.idf()
    whole = _idf_file()
    assert len(table) == len(whole) and all(table.get(w) == v for w, v in whole.items())
    assert median == sorted(whole.values())[len(whole) // 2]


def test_idf_looks_up_the_same_values_as_the_file():
    whole = _idf_file()
    words = {"发展", "创新区", "工作", "高质量", "没有这个词语", "a b", "", min(whole), max(whole), max(whole) + "一"}
    table, median = segment.idf()
    found = {w: v for w in words if (v := table.get(w)) is not None}
    assert found == {w: whole[w] for w in words if w in whole}
    assert {"发展", "工作", min(whole), max(whole)} <= found.keys() and "没有这个词语" not in found
    assert table.get("没有这个词语", median) == median


def test_an_idf_table_looks_up_what_a_dict_would_and_survives_pickling():
    import pickle

    words = {"乙": 1.5, "甲": 2.0, "甲乙": 3.25, "b": 0.5, "": 9.0}
    for table in (segment.IdfTable(words), pickle.loads(pickle.dumps(segment.IdfTable(words)))):
        assert [table.get(w) for w in words] == list(words.values())
        assert table.get("丙") is None and "甲乙丙" not in table and len(table) == 5
        with pytest.raises(KeyError):
            table["丙"]
    assert segment.IdfTable({}).get("甲", 1.0) == 1.0


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
