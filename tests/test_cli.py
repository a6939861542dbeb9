"""The command line: formats, errors, exit codes, through typer's CliRunner."""
from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from newscorpus.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_ingest_summary_and_exit_codes(seed_dir, tmp_path):
    db = str(tmp_path / "c.db")
    result = run("ingest", str(seed_dir), "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary == {"files_read": 5, "unchanged": 0, "failed": 0, "articles": 24, "captions": 3,
                       "warnings": summary["warnings"], "formats": {"text": 5}, "article_share": 0.9986}
    (seed_dir / "bad.txt").write_bytes(b"\x00\x01binary")
    result = run("ingest", str(seed_dir), "--db", db)
    assert result.exit_code == 1
    assert "skipped bad.txt: binary file" in result.stderr
    result = run("ingest", str(tmp_path / "nowhere"), "--db", db)
    assert result.exit_code == 2 and result.stderr.startswith("Error: no such file")


def test_articles_json_contract(seed_db):
    rows = json.loads(run("articles", "--db", str(seed_db), "--format", "json").stdout)
    assert len(rows) == 27
    first = rows[0]
    for key, kind in (("id", int), ("source", str), ("seq", int), ("kind", str), ("headline", str),
                      ("headline_lines", list), ("reporters", list), ("photographers", list), ("chars", int)):
        assert isinstance(first[key], kind), key
    assert first["source"] == "000_e1c08d356f2e3085.txt" and first["seq"] == 1
    assert {r["kind"] for r in rows} == {"news", "photo"}


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "jsonl", "table"])
def test_every_format_parses_back(seed_db, fmt):
    result = run("articles", "--db", str(seed_db), "--format", fmt, "--kind", "photo")
    assert result.exit_code == 0
    out = result.stdout
    if fmt == "json":
        rows = json.loads(out)
    elif fmt == "jsonl":
        rows = [json.loads(line) for line in out.splitlines()]
    elif fmt in ("csv", "tsv"):
        rows = list(csv.DictReader(io.StringIO(out), delimiter="," if fmt == "csv" else "\t"))
    else:
        assert "徐晶玮" in out and "钱垒" in out
        return
    assert [str(r["photographers"]).strip("[]'\"") for r in rows] == ["徐晶玮", "钱垒", "徐晶玮"]


def test_csv_for_excel_has_bom_and_no_formulas(seed_db, tmp_path):
    out = tmp_path / "a.csv"
    assert run("articles", "--db", str(seed_db), "--format", "csv", "--excel", "--output", str(out)).exit_code == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 27 and rows[0]["headline"] == "区领导走访重点工业企业"


def test_excel_neutralises_formula_cells():
    from newscorpus.report import Format, to_string

    text = to_string([{"a": "=1+1", "b": "-3", "c": "ok"}], ["a", "b", "c"], Format.csv, excel=True)
    assert text.splitlines()[1] == "'=1+1,'-3,ok"


def test_xlsx_output(seed_db, tmp_path):
    out = tmp_path / "officials.xlsx"
    assert run("officials", "--db", str(seed_db), "--output", str(out)).exit_code == 0
    sheet = load_workbook(out).active
    assert sheet.cell(1, 1).value == "name" and sheet.cell(2, 1).value == "习近平"


def test_show_one_article(seed_db):
    row = json.loads(run("show", "1", "--db", str(seed_db), "--format", "json").stdout)
    assert row["headline"] == "区领导走访重点工业企业" and len(row["paragraphs"]) == 6
    assert row["body"] == "\n".join(row["paragraphs"])
    table = run("show", "1", "--db", str(seed_db)).stdout
    assert "本报讯(记者 黄雅婷)" in table and "近年来,常发集团聚焦" in table


def test_stats(seed_db):
    row = json.loads(run("stats", "--db", str(seed_db), "--format", "json").stdout)
    assert (row["sources"], row["articles"], row["kinds"]) == (5, 27, {"news": 24, "photo": 3})
    assert row["column_labels"] == 3


@pytest.mark.parametrize("args, code, message", [
    (["show", "999", "--db", "{db}"], 1, "Error: no article with id 999"),
    (["show", "abc", "--db", "{db}"], 2, "Error: Invalid value for 'ID'"),
    (["articles", "--kind", "poem", "--db", "{db}"], 2, "Error: Invalid value for '--kind'"),
    (["articles", "--colour", "--db", "{db}"], 2, "Error: No such option: --colour"),
    (["articles", "--since", "yesterday", "--db", "{db}"], 2, "Error: --since takes a date"),
    (["who", "张三丰", "--db", "{db}"], 1, "Error: no person named '张三丰'"),
    (["officials", "--top", "-1", "--db", "{db}"], 2, "Error: Invalid value for '--top'"),
    (["officials", "--format", "poem", "--db", "{db}"], 2, "Error: Invalid value for '--format'"),
    (["stats", "--db", "{missing}"], 1, "Error: no corpus at"),
])
def test_user_errors_are_one_line_without_traceback(seed_db, tmp_path, args, code, message):
    args = [a.format(db=seed_db, missing=tmp_path / "none.db") for a in args]
    result = run(*args)
    assert result.exit_code == code
    assert "Traceback" not in result.output
    assert result.stderr.startswith(message) and len(result.stderr.strip().splitlines()) == 1


def test_db_from_environment(seed_db):
    result = runner.invoke(app, ["stats", "--format", "json"], env={"NEWSCORPUS_DB": str(seed_db)})
    assert json.loads(result.stdout)["sources"] == 5


def test_stats_reveals_leftovers(seed_db):
    rows = json.loads(run("stats", "--leftovers", "--db", str(seed_db), "--format", "json").stdout)
    assert rows == [{"source": f, "kind": "label", "text": "重点项目 进行时"}
                    for f in ("000_e1c08d356f2e3085.txt", "002_218366687a23ef97.txt", "004_44a8789aef0a7005.txt")]


@pytest.mark.parametrize("args, panel", [(["who", "乔俊杰"], "who"), (["enterprise", "常发集团"], "enterprise"),
                                         (["phrase", "新质生产力"], "phrase")])
def test_profiles_render_as_panels(seed_db, args, panel):
    out = run(*args, "--db", str(seed_db)).stdout
    assert out.startswith(f"╭─ {panel} ") and "contexts" in out


def test_the_installed_entry_point_builds_one_command_and_still_lists_all(seed_db):
    """main() builds only the command asked for; its output, errors and help match the full app."""
    import subprocess
    import sys

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "newscorpus", *args], capture_output=True, text=True)

    direct = cli("officials", "--db", str(seed_db), "--top", "3", "--format", "json")
    assert direct.returncode == 0
    assert json.loads(direct.stdout) == json.loads(run("officials", "--db", str(seed_db), "--top", "3",
                                                       "--format", "json").stdout)
    listing = cli("--help")
    assert listing.returncode == 0 and all(c in listing.stdout for c in ("ingest", "who", "kwic", "keyness"))
    bad = cli("officials", "--db", str(seed_db), "--format", "xml")
    assert bad.returncode == 2 and "newscorpus officials" in bad.stderr and "Traceback" not in bad.stderr
    unknown = cli("officals")
    assert unknown.returncode == 2 and "No such command" in unknown.stderr
