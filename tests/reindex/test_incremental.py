"""An ingest updates the tables in place: the result equals one rebuild of the whole corpus,
however the pages come, in batches, changed or moved."""
from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newscorpus import ingest, queries
from newscorpus.reindex import reindex
from newscorpus.store import connect

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"
# Written to change decisions across batches: a longer name over a known one, a company whose full
# name holds a person's name, a quoted slogan that recurs only once a second page brings it.
EXTRA = {
    "2024-11-01.txt": "副区长朱岩松调研\n\n本报讯 (记者 张三) 昨天,副区长朱岩松来到某某精工有限公司调研“智造强区”建设。"
                      "朱岩松指出,要推动高质量发展。副区长朱岩参加。\n",
    "2024-11-02.txt": "企业走访\n\n本报讯 (记者 李四) 区委书记乔俊杰走访乔俊杰科技有限公司,了解“智造强区”进展。"
                      "乔俊杰科技有限公司负责人介绍了情况。\n",
    "2024-11-04.txt": "考古新发现\n\n本报讯 (记者 王五) 南江省文物考古研究院副院长朱岩介绍,遗址保存完好。朱岩说,发掘还将继续。\n",
    "2024-11-03.txt": "会议召开\n\n本报讯 (记者 王五) 区长恽淇丞主持会议,部署“智造强区”工作。常发集团、某某精工参加。\n",
}
# an article printed twice (on two pages): counts and samples keep both
EXTRA["2024-11-05.txt"] = EXTRA["2024-11-03.txt"] + "\n" + EXTRA["2024-11-01.txt"]
PAGES = sorted([p.name for p in SEEDS.glob("*.txt")] + list(EXTRA))


def _write(folder: Path, name: str, changed: bool = False) -> None:
    target = folder / name
    if name in EXTRA:
        target.write_text(EXTRA[name] + ("区委书记乔俊杰、副区长朱岩出席活动。\n" if changed else ""), encoding="utf-8")
    elif changed:  # the page without its last paragraph
        text = (SEEDS / name).read_text(encoding="utf-8").rstrip("\n")
        target.write_text(text.rsplit("\n", 1)[0] + "\n", encoding="utf-8")
    else:
        shutil.copy(SEEDS / name, target)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(PAGES), cuts=st.lists(st.integers(1, len(PAGES) - 1), max_size=3),
       change=st.sampled_from([None] + PAGES))
def test_batches_and_changes_give_the_tables_of_one_rebuild(tmp_path_factory, tables, order, cuts, change):
    work = tmp_path_factory.mktemp("incremental")
    pages, db = work / "pages", work / "c.db"
    pages.mkdir()
    bounds = [0, *sorted(set(cuts)), len(order)]
    for start, end in zip(bounds, bounds[1:]):
        for name in order[start:end]:
            _write(pages, name)
        assert ingest([pages], db=db, jobs=1).ok
    if change is not None:
        _write(pages, change, changed=True)
        assert ingest([pages], db=db, jobs=1).read == 1
    updated = tables(db)
    conn = connect(db)
    reindex(conn, jobs=1)
    conn.close()
    assert updated == tables(db)
    assert not queries.is_stale(db)


def test_an_update_counts_again_only_what_it_changes(tmp_path, monkeypatch):
    """One new page is collected and counted alone unless it changes a decision."""
    from newscorpus.reindex import work

    pages, db = tmp_path / "pages", tmp_path / "c.db"
    pages.mkdir()
    for name in sorted(p.name for p in SEEDS.glob("*.txt")):
        _write(pages, name)
    ingest([pages], db=db, jobs=1)
    counted: list[int] = []
    real = work.count
    monkeypatch.setattr(work, "count", lambda chunk: counted.append(len(chunk.ids)) or real(chunk))
    (pages / "2024-12-01.txt").write_text("区长调研\n\n本报讯 (记者 张三) 区长恽淇丞调研企业。\n", encoding="utf-8")
    ingest([pages], db=db, jobs=1)
    assert sum(counted) == 1


def test_a_rebuild_looks_for_name_evidence_only_in_articles_that_hold_an_open_name(tmp_path, monkeypatch, tables):
    """The trigram index picks the articles; the tables are those of reading every article."""
    from newscorpus.reindex import Run, work

    pages = tmp_path / "pages"
    pages.mkdir()
    for name in sorted(p.name for p in SEEDS.glob("*.txt")):
        _write(pages, name)
    read: list[int] = []
    real = work.answer
    monkeypatch.setattr(work, "answer", lambda arg: read.extend(arg[0].ids) or real(arg))
    ingest([pages], db=tmp_path / "a.db", jobs=1)
    conn = connect(tmp_path / "a.db")
    total = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    conn.close()
    assert 0 < len(read) < total
    monkeypatch.setattr(Run, "holding", lambda self, strings: self.everything)
    ingest([pages], db=tmp_path / "b.db", jobs=1)
    assert tables(tmp_path / "a.db") == tables(tmp_path / "b.db")


def test_a_rebuild_keeps_every_index_of_the_mention_tables(tmp_path):
    """A rebuild builds the by-article indexes again after the rows are in: the same indexes, in use,
    a user's own index on a mention table too."""
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in sorted(p.name for p in SEEDS.glob("*.txt"))[:2]:
        _write(pages, name)
    db = tmp_path / "c.db"
    ingest([pages], db=db, jobs=1)
    conn = connect(db)
    conn.execute('CREATE INDEX "my ""own"" index" ON phrase_mentions(count) WHERE count > 1')
    conn.commit()
    indexes = "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
    before = conn.execute(indexes).fetchall()
    reindex(conn, jobs=1)
    assert conn.execute(indexes).fetchall() == before
    plan = conn.execute("EXPLAIN QUERY PLAN SELECT * FROM person_mentions WHERE article_id = 1").fetchall()
    assert "person_mentions_article" in str([tuple(r) for r in plan])
    assert tuple(conn.execute("PRAGMA integrity_check").fetchone()) == ("ok",)
    conn.close()
