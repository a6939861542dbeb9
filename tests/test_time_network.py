"""Dated corpora: event dates, timelines, title changes, keyness, the network and the pictures."""
from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from newscorpus import ingest, queries
from newscorpus.cli import app
from newscorpus.dates import event_dates, period_of, period_range
from newscorpus.errors import DataError, UsageError
from newscorpus.keyness import keyness, log_likelihood
from newscorpus.network import co_appearances
from newscorpus.timeline import timeline

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
DATED = {"000_e1c08d356f2e3085.txt": "2023/11/02/01.txt", "001_d79f8d38181cc832.txt": "2024-02-24.txt",
         "002_218366687a23ef97.txt": "wjrb_20241030.txt", "003_04e94acb881a18bc.txt": "2024_10_13.txt",
         "004_44a8789aef0a7005.txt": "2023-03-14.txt"}
runner = CliRunner()


@pytest.fixture(scope="module")
def dated_db(tmp_path_factory) -> Path:
    pages = tmp_path_factory.mktemp("dated")
    for seed, name in DATED.items():
        (pages / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SEEDS / seed, pages / name)
    (pages / "2025-01-03.txt").write_text(
        "区长调研\n\n本报讯 (记者 张三) 12月28日,区委副书记、区长王小明调研企业。\n", encoding="utf-8")
    (pages / "2023-01-05.txt").write_text(
        "副区长出席\n\n本报讯 (记者 张三) 昨天,副区长王小明出席会议。\n", encoding="utf-8")
    db = pages / "dated.db"
    assert ingest([pages], db=db, jobs=1).ok
    return db


def test_page_dates_come_from_file_and_folder_names(dated_db):
    stats = queries.stats(dated_db)
    assert (stats["first_date"], stats["last_date"], stats["undated_sources"]) == ("2023-01-05", "2025-01-03", 0)
    assert {r["date"] for r in queries.articles(dated_db, source="2023/11/02")} == {"2023-11-02"}
    assert len(queries.articles(dated_db, since="2024-01-01", until="2024-12-31")) == 5 + 6 + 6


def test_event_dates_carry_the_year_and_cross_its_boundary():
    assert event_dates("昨天上午,2月21日、23日走访", date(2024, 2, 24)) == [date(2024, 2, 21), date(2024, 2, 23)]
    assert event_dates("12月28日召开", date(2025, 1, 3)) == [date(2024, 12, 28)]
    assert event_dates("10月12日召开", None) == []
    assert event_dates("2019年5月1日", None) == [date(2019, 5, 1)]


def test_event_dates_are_stored_per_article(dated_db):
    import sqlite3

    conn = sqlite3.connect(dated_db)
    rows = dict(conn.execute("SELECT a.headline, d.dates FROM articles a JOIN article_dates d ON d.article_id = a.id"))
    assert json.loads(rows["区长调研"]) == ["2024-12-28"]
    assert json.loads(rows["副区长出席"]) == ["2023-01-04"]


def test_periods():
    assert period_of(date(2024, 12, 30), "week") == "2025-W01"
    assert period_range(date(2024, 12, 20), date(2025, 2, 3), "month") == ["2024-12", "2025-01", "2025-02"]
    assert period_range(date(2023, 5, 1), date(2025, 1, 1), "year") == ["2023", "2024", "2025"]


def test_timeline_counts_with_gaps_as_zero(dated_db):
    rows = timeline(dated_db, "新质生产力", by="month")
    assert rows[0]["period"] == "2023-01" and rows[-1]["period"] == "2025-01" and len(rows) == 25
    by_period = {r["period"]: (r["mentions"], r["articles"]) for r in rows}
    assert by_period["2024-02"] == (3, 1) and by_period["2024-10"] == (2, 2) and by_period["2023-06"] == (0, 0)


def test_timeline_shows_a_change_of_title(dated_db):
    rows = {r["period"]: r for r in timeline(dated_db, "王小明", by="year")}
    assert rows["2023"]["title"] == "副区长" and rows["2025"]["title"] in ("区委副书记", "区长")
    assert rows["2024"] == {"period": "2024", "mentions": 0, "articles": 0, "title": ""}
    who = queries.who(dated_db, "王小明")
    first_last = {t["title"]: (t["first_date"], t["last_date"]) for t in who["titles"]}
    assert first_last["副区长"] == ("2023-01-05", "2023-01-05") and first_last["区长"] == ("2025-01-03", "2025-01-03")


def test_timeline_of_an_enterprise_form_and_errors(dated_db, seed_db):
    rows = timeline(dated_db, "常发集团", by="year")
    assert {r["period"]: r["mentions"] for r in rows}["2023"] == 2
    with pytest.raises(DataError, match="no dated pages"):
        timeline(seed_db, "乔俊杰")
    from newscorpus.errors import NotFound

    with pytest.raises(NotFound):
        timeline(dated_db, "不存在的东西")


def test_keyness_log_likelihood(dated_db):
    assert log_likelihood(10, 10, 1000, 1000) == 0
    assert log_likelihood(20, 0, 1000, 1000) > 20
    rows = {r["phrase"]: r for r in keyness(dated_db, "2024", "2023", top=0)}
    assert rows["对口支援"]["direction"] == "rose" and rows["非遗"]["direction"] == "fell"
    with pytest.raises(DataError):
        keyness(dated_db, "2030", "2023")
    with pytest.raises(UsageError):
        keyness(dated_db, "last year", "2023")


def test_phrases_between_dates(dated_db):
    rows = {r["phrase"]: r for r in queries.phrases(dated_db, top=0, since="2024-01-01", until="2024-12-31")}
    assert rows["新质生产力"]["count"] == 5 and "非遗" not in rows


def test_network_graph_files_read_back(dated_db, tmp_path):
    nodes, edges = co_appearances(dated_db, kind="officials")
    assert edges[0] == {"source": "孙金才", "target": "石伟东", "weight": 5}
    for suffix, reader in ((".graphml", nx.read_graphml), (".gexf", nx.read_gexf)):
        path = tmp_path / f"g{suffix}"
        result = runner.invoke(app, ["network", "--db", str(dated_db), "--kind", "officials+enterprises",
                                     "--output", str(path)])
        assert result.exit_code == 0, result.output
        graph = reader(path)
        assert graph.nodes["乔俊杰"]["type"] == "official"
        assert graph.nodes["江苏常发实业集团有限公司"]["type"] == "enterprise"
        assert graph.edges["孙金才", "石伟东"]["weight"] == 5
    path = tmp_path / "g.json"
    runner.invoke(app, ["network", "--db", str(dated_db), "--output", str(path), "--min-weight", "3"])
    graph = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="links")
    assert all(w >= 3 for _, _, w in graph.edges.data("weight"))


def test_pictures_use_a_cjk_font(dated_db, tmp_path):
    from matplotlib import font_manager
    from PIL import Image

    from newscorpus.plots import cjk_font, plot_network, plot_timeline

    family = cjk_font()
    path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    assert "CJK" in Path(path).name
    from fontTools.ttLib import TTFont

    cmap = TTFont(path, fontNumber=0).getBestCmap()
    assert all(ord(ch) in cmap for ch in "恽淇丞乔俊杰区委书记")
    png = tmp_path / "t.png"
    assert plot_timeline(timeline(dated_db, "乔俊杰", by="month"), "乔俊杰", png) == family
    assert Image.open(png).size[1] == 400 and Image.open(png).size[0] >= 600
    png = tmp_path / "n.png"
    nodes, edges = co_appearances(dated_db)
    assert plot_network(nodes, edges, png) == family
    assert Image.open(png).size == (1000, 800)


def test_plot_and_network_cli(dated_db, tmp_path):
    svg = tmp_path / "t.svg"
    result = runner.invoke(app, ["timeline", "乔俊杰", "--db", str(dated_db), "--by", "year", "--plot", str(svg),
                                 "--format", "json"])
    assert result.exit_code == 0 and svg.read_text(encoding="utf-8").startswith("<?xml")
    assert [r["period"] for r in json.loads(result.stdout)] == ["2023", "2024", "2025"]
    bad = runner.invoke(app, ["timeline", "乔俊杰", "--db", str(dated_db), "--plot", str(tmp_path / "t.gif")])
    assert bad.exit_code == 2 and bad.stderr.startswith("Error: a plot is written as .png or .svg")
    table = runner.invoke(app, ["network", "--db", str(dated_db), "--top", "3", "--format", "csv"]).stdout
    assert table.splitlines()[:2] == ["source,target,weight", "孙金才,石伟东,5"]


@pytest.mark.parametrize("limit", [1, 3, 100])
def test_latest_articles_are_the_same_walked_or_sorted(dated_db, monkeypatch, limit):
    """Large article sets walk the date index newest first; small ones are sorted: same rows."""
    sorted_ = {n["name"]: queries.who(dated_db, n["name"], articles=limit)["articles"]
               for n in queries.officials(dated_db, top=8)}
    from newscorpus.store import reads

    monkeypatch.setattr(reads, "WALK_FROM", 0)
    walked = {name: queries.who(dated_db, name, articles=limit)["articles"] for name in sorted_}
    assert walked == sorted_
    assert len(walked["乔俊杰"]) == min(limit, 4)
    dates = [r["date"] for r in walked["乔俊杰"]]
    assert dates == sorted(dates) and (limit == 1 or len(set(dates)) > 1)
