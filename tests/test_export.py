"""export DIR --format parquet: read back with pyarrow and DuckDB, the same counts as the command line's JSON."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newscorpus import ingest
from newscorpus.cli import app

pa_dataset = pytest.importorskip("pyarrow.dataset")
duckdb = pytest.importorskip("duckdb")
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
runner = CliRunner()

MONTHLY = """
SELECT m.name, strftime(m.date, '%Y-%m') AS month, sum(m.count)::INT AS mentions, count(*)::INT AS articles
FROM read_parquet('{out}/person_mentions/*/*.parquet', hive_partitioning = true) m
JOIN '{out}/people.parquet' p ON p.name = m.name AND p.role = 'official'
WHERE m.date IS NOT NULL
GROUP BY ALL ORDER BY m.name, month
"""


def cli_json(*args: str):
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, Path]:
    """The seed pages under dated names (2023, 2024) and one undated, ingested and exported."""
    pages = tmp_path_factory.mktemp("dated") / "pages"
    names = ["2023-11-02.txt", "2024-02-24.txt", "wjrb_20241030.txt", "2024_10_13.txt", "2023-03-14.txt"]
    (pages / "undated").mkdir(parents=True)
    for seed, name in zip(sorted(SEEDS.glob("*.txt")), names):
        shutil.copy(seed, pages / name)
    (pages / "undated" / "page.txt").write_bytes(sorted(SEEDS.glob("*.txt"))[0].read_bytes() + b"\n")
    db = pages.parent / "c.db"
    assert ingest([pages], db=db, jobs=1).ok
    out = pages.parent / "export"
    result = runner.invoke(app, ["export", str(out), "--db", str(db), "--format", "parquet"])
    assert result.exit_code == 0, result.output
    assert "12 tables" in result.stderr
    return db, out


def test_pyarrow_reads_the_tables_the_command_line_lists(exported):
    db, out = exported
    articles = pa_dataset.dataset(out / "articles", format="parquet", partitioning="hive")
    assert articles.count_rows() == len(cli_json("articles", "--db", str(db)))
    assert sorted(p.name for p in (out / "articles").iterdir()) == ["year=2023", "year=2024", "year=undated"]
    officials = cli_json("officials", "--db", str(db), "--top", "0")
    people = pa_dataset.dataset(out / "people.parquet").to_table().to_pylist()
    assert sorted(p["name"] for p in people if p["role"] == "official") == sorted(o["name"] for o in officials)
    mentions = pa_dataset.dataset(out / "person_mentions", format="parquet", partitioning="hive").to_table()
    totals: dict[str, int] = {}
    for name, count in zip(mentions["name"].to_pylist(), mentions["count"].to_pylist()):
        totals[name] = totals.get(name, 0) + count
    assert {o["name"]: totals[o["name"]] for o in officials} == {o["name"]: o["mentions"] for o in officials}
    first = articles.to_table().slice(0, 1).to_pylist()[0]
    assert isinstance(first["reporters"], list) and first["body"]


def test_duckdb_answers_as_the_command_line(exported):
    db, out = exported
    con = duckdb.connect()
    officials = cli_json("officials", "--db", str(db), "--top", "0")
    got = dict(con.execute(f"SELECT m.name, sum(m.count)::INT FROM read_parquet('{out}/person_mentions/*/*.parquet', "
                       f"hive_partitioning = true) m JOIN '{out}/people.parquet' p USING (name) "
                       "WHERE p.role = 'official' GROUP BY ALL").fetchall())
    assert got == {o["name"]: o["mentions"] for o in officials}
    for table, rows in (("enterprises", cli_json("enterprises", "--db", str(db), "--top", "0")),
                        ("phrases", cli_json("phrases", "--db", str(db), "--top", "0", "--min-articles", "0"))):
        assert con.execute(f"SELECT count(*) FROM '{out}/{table}.parquet'").fetchall()[0][0] == len(rows)
    monthly = con.execute(MONTHLY.format(out=out)).fetchall()
    timeline = cli_json("timeline", "乔俊杰", "--by", "month", "--db", str(db))
    assert [(m, n, a) for name, m, n, a in monthly if name == "乔俊杰"] == [
        (r["period"], r["mentions"], r["articles"]) for r in timeline if r["articles"]]


def test_an_export_never_mixes_with_other_files(exported, tmp_path):
    db, _ = exported
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    result = runner.invoke(app, ["export", str(out), "--db", str(db)])
    assert result.exit_code == 1 and result.stderr.startswith("Error: the folder") and "not empty" in result.stderr
    result = runner.invoke(app, ["export", str(out), "--db", str(db), "--overwrite"])
    assert result.exit_code == 0 and (out / "notes.txt").read_text() == "mine"
    assert runner.invoke(app, ["export", str(out), "--db", str(db), "--overwrite"]).exit_code == 0
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == sorted(
        ["notes.txt", "articles", "person_mentions", "person_article_titles", "enterprise_mentions", "phrase_mentions",
         "sources.parquet", "people.parquet", "person_titles.parquet", "enterprises.parquet",
         "enterprise_forms.parquet", "phrases.parquet", "related.parquet"])
    assert runner.invoke(app, ["export", str(out / "notes.txt"), "--db", str(db)]).exit_code == 1
