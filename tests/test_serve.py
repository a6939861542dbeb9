"""`newscorpus serve`: what Datasette sees of a corpus (FTS detection, search, metadata, canned queries),
checked against the command line's JSON; the browser test is in test_browser.py."""
from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from typer.testing import CliRunner

from newscorpus import ingest
from newscorpus.cli import app as cli_app
from newscorpus.serve import app as datasette_app
from newscorpus.store.schema import SCHEMA_VERSION

runner = CliRunner()


def cli_json(*args: str):
    result = runner.invoke(cli_app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def get(db: Path, path: str):
    """A JSON page of the Datasette that `serve` would start, through its in-process client."""
    ds = datasette_app(db)

    async def fetch():
        await ds.invoke_startup()
        response = await ds.client.get(path)
        assert response.status_code == 200, response.text
        return response.json()

    return asyncio.run(fetch())


def as_v5(db: Path) -> None:
    """Turn a corpus back into schema v5: the FTS table declared with single quotes (and none of v7)."""
    conn = sqlite3.connect(db)
    conn.executescript("""
        DROP TRIGGER articles_state_insert; DROP TRIGGER articles_state_delete;
        DROP TABLE state; DROP TABLE state_pending; DROP TABLE state_retired; DROP TABLE titled;
        DROP TABLE form_mentions;
        ALTER TABLE person_mentions DROP COLUMN head; ALTER TABLE person_mentions DROP COLUMN lead;
        ALTER TABLE people DROP COLUMN is_foreign;
        DROP TRIGGER articles_fts_delete; DROP TABLE article_fts;
        CREATE VIRTUAL TABLE article_fts USING fts5(headline_lines, body, content='articles', content_rowid='id',
                                                    tokenize='trigram');
        INSERT INTO article_fts(article_fts) VALUES ('rebuild');
        CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO article_fts(article_fts, rowid, headline_lines, body) VALUES ('delete', old.id,
                old.headline_lines, old.body);
        END;
        DROP INDEX sources_location; DROP INDEX sources_sha256;
        ALTER TABLE sources DROP COLUMN location; ALTER TABLE sources DROP COLUMN format;
        ALTER TABLE sources DROP COLUMN coverage; ALTER TABLE articles DROP COLUMN label;
        ALTER TABLE articles DROP COLUMN date; ALTER TABLE articles DROP COLUMN meta;
        PRAGMA user_version = 5;""")
    conn.close()


def test_sqlite_utils_finds_the_index_of_a_new_corpus(seed_db):
    assert sqlite_utils.Database(seed_db)["articles"].detect_fts() == "article_fts"


def test_sqlite_utils_finds_the_index_of_a_migrated_corpus(seed_dir, tmp_path):
    db = tmp_path / "old.db"
    ingest([seed_dir], db=db, jobs=1)
    as_v5(db)
    assert sqlite_utils.Database(db)["articles"].detect_fts() is None  # what the issue reported
    from newscorpus.serve import prepare

    assert prepare(db) == (27, 0)  # migrated, and the dropped index rebuilt before serving
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert sqlite_utils.Database(db)["articles"].detect_fts() == "article_fts"
    ids = [r["id"] for r in get(db, "/old/articles.json?_search=高质量发展&_col=id&_shape=array&_size=max")]
    assert ids == [r["id"] for r in cli_json("articles", "--search", "高质量发展", "--db", str(db))]


def test_the_search_box_wants_the_string_not_only_its_trigrams(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "2024-11-01.txt").write_text("会议召开\n\n本报讯 (记者 张三) 张三李到会,三李四发言。\n", encoding="utf-8")
    (folder / "2024-11-02.txt").write_text("会议召开\n\n本报讯 (记者 王五) 张三李四到会。\n", encoding="utf-8")
    db = tmp_path / "c.db"
    ingest([folder], db=db, jobs=1)
    rows = get(db, "/c/articles.json?_search=张三李四&_col=id&_col=body&_shape=array&_size=max")
    assert [r["body"] for r in rows] == ["张三李四到会。"]
    assert [r["id"] for r in rows] == [r["id"] for r in cli_json("articles", "--search", "张三李四", "--db", str(db))]
    lines = canned(db, "concordance", text="张三李四")
    assert [(r["left"], r["match"], r["right"]) for r in lines] == [("", "张三李四", "到会。")]


@pytest.mark.parametrize("text", ["高质量发展", "新质生产力", "武进区", "朱岩", "石伟东", "乔俊杰"])
def test_the_search_box_finds_what_articles_search_finds(seed_db, text):
    rows = get(seed_db, f"/seeds/articles.json?_search={text}&_col=id&_shape=array&_size=max")
    assert [r["id"] for r in rows] == [r["id"] for r in cli_json("articles", "--search", text, "--db", str(seed_db))]
    assert rows  # each of these is in the seeds


def test_internal_tables_are_hidden_and_described(seed_db):
    tables = {t["name"]: t for t in get(seed_db, "/seeds.json")["tables"]}
    hidden = {n for n, t in tables.items() if t["hidden"]}
    assert {"fts_pending", "meta", "article_fts", "article_fts_data", "article_fts_idx", "state", "state_pending",
            "state_retired", "titled", "form_mentions"} <= hidden
    assert set(tables) - hidden == {"articles", "sources", "leftovers", "people", "person_titles",
                                    "person_article_titles", "person_mentions", "enterprises", "enterprise_forms",
                                    "enterprise_mentions", "phrases", "phrase_mentions", "related", "article_dates"}
    assert {"articles", "people", "enterprises", "phrases", "sources"}.isdisjoint(hidden)
    page = get(seed_db, "/seeds/people.json?_facet=role&_size=0&_extra=facet_results")
    assert "role" in json.dumps(page, ensure_ascii=False)


def canned(db: Path, query_name: str, **params) -> list[dict]:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return get(db, f"/{db.stem}/{query_name}.json?{query}&_shape=array")


def test_profile_query_equals_who(seed_db):
    for name in ("乔俊杰", "朱岩", "石伟东"):
        who = cli_json("who", name, "--db", str(seed_db))
        rows = canned(seed_db, "official", name=name)
        assert {(r["mentions"], r["articles"], r["role"]) for r in rows} == {(who["mentions"], who["articles_total"],
                                                                              who["role"])}
        assert [{"title": r["title"], "count": r["title_count"], "first_date": r["first_date"],
                 "last_date": r["last_date"]} for r in rows] == who["titles"]


def test_enterprise_and_co_official_queries_equal_who(seed_db):
    who = cli_json("who", "乔俊杰", "--db", str(seed_db))
    visited = canned(seed_db, "enterprises_visited", name="乔俊杰")
    assert [{"name": r["enterprise"], "articles": r["articles"], "mentions": r["mentions"]} for r in visited][:20] \
        == who["enterprises"]
    together = canned(seed_db, "officials_together", name="乔俊杰")
    assert [(r["together_with"], r["articles"], r["mentions"]) for r in together][:20] \
        == [(r["name"], r["articles"], r["mentions"]) for r in who["co_officials"]]
    pairs = canned(seed_db, "officials_together", name="")
    assert pairs and all(r["official"] < r["together_with"] for r in pairs)


def test_mentions_by_month_and_concordance_queries(seed_db):
    months = canned(seed_db, "mentions_by_month", name="乔俊杰")
    assert months == [{"month": "(undated)", "mentions": 13, "articles": 4}]  # the seeds carry no dates
    for text in ("朱岩", "新质生产力"):
        lines = canned(seed_db, "concordance", text=text)
        body_lines = [r for r in cli_json("kwic", text, "--limit", "0", "--db", str(seed_db))
                      if r["left"] or r["right"]]  # kwic also reads headlines: compare the body lines' articles
        assert sorted({r["article_id"] for r in lines}) == sorted({r["id"] for r in body_lines})
        assert all(r["match"] == text and len(r["left"]) <= 20 and len(r["right"]) <= 20 for r in lines)


def test_serve_refuses_a_missing_corpus(tmp_path):
    result = runner.invoke(cli_app, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and result.stderr.startswith("Error: no corpus at")
