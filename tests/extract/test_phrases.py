"""Phrases: lexicon, quoted slogans, discovered phrases, nesting, kwic."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from newscorpus import queries
from newscorpus.cli import app
from newscorpus.extract.phrases import QuotedStats, fold_nested
from newscorpus.literals import Overlapping


def by_phrase(db) -> dict:
    return {r["phrase"]: r for r in queries.phrases(db, top=0, min_articles=0)}


def test_every_lexicon_phrase_is_counted_found_or_not(seed_db):
    rows = by_phrase(seed_db)
    assert rows["高质量发展"]["source"] == "lexicon" and rows["高质量发展"]["count"] == 13
    assert rows["人类命运共同体"]["count"] == 0  # shipped, never written in the seeds
    assert "人类命运共同体" not in {r["phrase"] for r in queries.phrases(seed_db, top=0)}  # default: in 1+ articles


def test_nested_phrases_keep_their_own_counts(seed_db):
    rows = by_phrase(seed_db)
    assert rows["中国式现代化"]["count"] == 9
    assert rows["中国式现代化武进答卷"]["count"] == 5 and rows["中国式现代化武进答卷"]["source"] == "discovered"
    assert rows["走在前"]["count"] == 4 and rows["走在前列"]["count"] == 2
    assert Overlapping(["中国式现代化", "中国式现代化武进答卷"]).count(["书写好中国式现代化武进答卷"]) == \
        {"中国式现代化": 1, "中国式现代化武进答卷": 1}


def test_a_phrase_only_seen_inside_a_longer_one_is_folded():
    texts = ["甲乙丙丁戊", "甲乙丙丁戊", "甲乙丙"]
    assert fold_nested(["乙丙丁", "甲乙丙"], ["甲乙丙丁戊", "乙丙丁", "甲乙丙"], texts) == {"乙丙丁"}


def test_quoted_slogans_recur_and_take_their_qualifier():
    arts = [["紧扣“两湖”创新区建设,稳住“压舱石”。"], ["来到“两湖”创新区规划展示馆。"],
            ["打造“两湖”创新区,筑牢“压舱石”,推进“检察护企”工作。"], ["开展“检察护企”工作。"], ["“独有”一次。"]]
    stats = QuotedStats()
    for texts in arts:
        stats.add(texts)
    found = stats.select()
    assert "“两湖”创新区" in found and "两湖" not in found
    assert "压舱石" in found
    assert "检察护企" in found and not any(f.endswith("工作") for f in found)  # 工作 is no qualifier
    assert "独有" not in found


def test_a_qualifier_never_opens_with_a_particle():
    # “X”的决定性意义 is X and a noun phrase of its own: the four characters after the mark
    # (的决定性) are no word X qualifies, and cut 意义 in half
    arts = [["深刻领会“三个务必”的决定性意义。"], ["把握“三个务必”的决定性意义,落实“三个务必”。"],
            ["理解“三个务必”的决定性意义。"]]
    stats = QuotedStats()
    for texts in arts:
        stats.add(texts)
    found = stats.select()
    assert found == ["三个务必"]


def test_phrases_are_slogans_not_stopwords(seed_db):
    top = [r["phrase"] for r in queries.phrases(seed_db, top=20)]
    assert top[:3] == ["高质量发展", "习近平总书记", "新时代"]
    for word in ("企业", "发展", "工作", "推进"):
        assert word not in top
    assert "“两湖”创新区" in top


def test_phrases_golden(seed_db, golden):
    golden("phrases_top50", queries.phrases(seed_db, top=50))


def test_phrase_profile(seed_db):
    p = queries.phrase(seed_db, "新质生产力")
    assert p["count"] == 5 and len(p["articles"]) == 3
    assert "乔俊杰" in {o["name"] for o in p["officials"]}


def test_kwic_spans_a_repaired_page_break(seed_db):
    rows = queries.kwic(seed_db, "乔俊杰都感谢")
    assert len(rows) == 1 and rows[0]["left"].endswith("每到一处,")
    rows = queries.kwic(seed_db, "积极抢抓", width=4)
    assert {"left": "要任务,", "match": "积极抢抓", "right": "新能源产"}.items() <= rows[0].items()


def test_kwic_two_character_names_and_limits(seed_db):
    assert len(queries.kwic(seed_db, "朱岩", limit=0)) == 4
    assert len(queries.kwic(seed_db, "武进", limit=3)) == 3


def test_kwic_table_aligns_matches(capsys):
    from rich.cells import cell_len

    from newscorpus.views import show_kwic

    rows = [{"id": 1, "source": "a", "left": "短", "match": "高质量发展", "right": "。"},
            {"id": 22, "source": "a", "left": "很长很长的左边", "match": "高质量发展", "right": "右边"}]
    show_kwic(rows, 20)
    out = capsys.readouterr().out
    columns = [cell_len(line[: line.index("高质量发展")]) for line in out.splitlines() if "高质量发展" in line]
    assert len(columns) == 2 and len(set(columns)) == 1


def test_kwic_json_contract(seed_db):
    out = CliRunner().invoke(app, ["kwic", "压舱石", "--db", str(seed_db), "--format", "json"]).stdout
    rows = json.loads(out)
    assert rows and set(rows[0]) == {"id", "source", "left", "match", "right"}



def test_a_slogan_in_either_kind_of_quotation_marks_is_one_slogan():
    # “两湖” stands before 创新区 three times, ‘两湖’ alone twice: the qualified form is kept, and
    # the bare slogan too once its forms without the qualifier (of either kind) are the majority
    arts = [["紧扣“两湖”创新区建设。"], ["来到“两湖”创新区。"], ["打造“两湖”创新区。"], ["‘两湖’之间。"], ["看‘两湖’。"]]
    stats = QuotedStats()
    for texts in arts:
        stats.add(texts)
    assert stats.select() == ["“两湖”创新区"]
    stats.add(["‘两湖’一带。"])
    stats.add(["‘两湖’风光。"])
    assert stats.select() == ["“两湖”创新区", "两湖"]


def _article(i: int, repeats: int = 1) -> list[list[tuple[str, str]]]:
    """Clauses of one made-up article: a three-token gram between neighbours that vary, and a
    clause of words of its own (the gram must be rare in the sample to hold together)."""
    fillers = ["青山", "绿水", "蓝天", "白云", "长河", "高原", "平原", "海岛", "沙漠", "森林", "草原", "湖泊"]
    gram = [("氢能", "n"), ("算力", "n"), ("枢纽", "n")]
    clauses = [[(fillers[(i + k) % 12], "n"), *gram, (fillers[(i + k + 5) % 12], "n")] for k in range(repeats)]
    return clauses + [[(f"词{i}-{j}", "n") for j in range(40)]]


def test_discovery_wants_a_gram_in_enough_articles_and_keeps_it_through_pruning():
    from newscorpus.extract.phrases import scored_ngrams

    def found(docs, **kw):
        return {"".join(key) for key, _ in scored_ngrams(docs, **kw)}

    spread = [_article(i) for i in range(6)]
    assert "氢能算力枢纽" in found(spread, min_count=6, min_articles=6)
    assert "氢能算力枢纽" not in found(spread, min_count=6, min_articles=7)
    one_article = [[clause for doc in spread for clause in doc]]  # the same six clauses in one article
    assert "氢能算力枢纽" not in found(one_article, min_count=6, min_articles=2)
    assert "氢能算力枢纽" in found(one_article, min_count=6, min_articles=1)
    # grams seen once are dropped when the table grows past prune_at; one seen twice per article stays
    twice = [_article(i, repeats=2) for i in range(6)]
    assert "氢能算力枢纽" in found(twice, min_count=12, min_articles=6, prune_at=1)
