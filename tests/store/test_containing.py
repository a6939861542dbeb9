"""Which articles hold a string (what an update counts again when a decision about it changed, what
a search or a concordance reads): the trigram index, its list of trigrams for two-character
strings, the index of body endings and the scans of unindexed articles give exactly what reading
every text gives."""
from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newscorpus.store import connect
from newscorpus.store import pages as page_store
from newscorpus.store.reads import texts_with
from newscorpus.store.state import containing

# a few Han characters (two-character names and cores), punctuation, a line break, a space, ASCII
TEXT = st.text(alphabet="张三李四王五。、\n A", max_size=24)
WANTED = st.text(alphabet="张三李四王五、A", min_size=1, max_size=4)


def _add(conn, rows: list[tuple[str, str]], first: int) -> None:
    for n, (headline, body) in enumerate(rows, first):
        source = conn.execute("INSERT INTO sources(path, sha256, encoding, size, original) VALUES (?, ?, 'utf-8', 0, '')",
                              (f"p{n}.txt", f"h{n}")).lastrowid
        conn.execute("INSERT INTO articles(source_id, seq, kind, headline, headline_lines, byline, reporters,"
                     " correspondents, photographers, body, chars, start, end) VALUES (?, 0, 'article', ?, ?, '',"
                     " '[]', '[]', '[]', ?, ?, 0, 0)",
                     (source, headline, json.dumps([headline], ensure_ascii=False), body, len(body)))
    conn.commit()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(indexed=st.lists(st.tuples(TEXT, TEXT), max_size=6), pending=st.lists(st.tuples(TEXT, TEXT), max_size=3),
       wanted=st.lists(WANTED, min_size=1, max_size=4), dropped=st.integers(0, 2))
def test_the_articles_holding_a_string_are_those_a_plain_search_finds(tmp_path_factory, indexed, pending, wanted,
                                                                      dropped):
    conn = connect(tmp_path_factory.mktemp("c") / "c.db", create=True)
    _add(conn, indexed, 0)
    page_store.index_pending(conn)
    conn.execute("DELETE FROM sources WHERE id IN (SELECT id FROM sources ORDER BY id LIMIT ?)", (dropped,))
    conn.commit()  # a page replaced: its articles leave the index
    _add(conn, pending, len(indexed))  # written, not yet in the trigram index
    rows = conn.execute("SELECT id, headline_lines, body FROM articles").fetchall()
    expected = {i for i, head, body in rows if any(w in head or w in body for w in wanted)}
    assert containing(conn, wanted) == expected
    for w in wanted:  # one string at a time, as searches and concordances ask
        assert [i for i, _, _ in texts_with(conn, w)] == sorted(i for i, head, body in rows if w in head or w in body)
    conn.close()


def test_a_two_character_name_ending_a_body_is_found(tmp_path):
    conn = connect(tmp_path / "c.db", create=True)
    _add(conn, [("标题", "记者 张三"), ("标题", "张三说"), ("张三", "正文"), ("标题", "李四")], 0)
    page_store.index_pending(conn)
    assert containing(conn, ["张三"]) == {1, 2, 3}
    conn.close()


def test_every_trigram_of_a_string_is_not_the_string(tmp_path):
    """An article holding each trigram of 张三李四 apart (in the body, or one in the headline and
    one in the body) holds no 张三李四."""
    conn = connect(tmp_path / "c.db", create=True)
    _add(conn, [("标题", "张三李,三李四"), ("张三李", "三李四"), ("标题", "是张三李四")], 0)
    page_store.index_pending(conn)
    assert containing(conn, ["张三李四"]) == {3}
    assert [i for i, _, _ in texts_with(conn, "张三李四")] == [3]
    conn.close()
