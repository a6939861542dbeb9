"""The Python API: Corpus answers as the command line does, and both build the same corpus."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import newscorpus as nc
from newscorpus.cli import app

runner = CliRunner()


def cli_json(*args: str):
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def records(frame: pd.DataFrame) -> list[dict]:
    """DataFrame rows as the JSON output writes them (NaN of an absent value as None)."""
    return json.loads(frame.to_json(orient="records", force_ascii=False))


@pytest.fixture(scope="module")
def corpus(seed_db):
    return nc.Corpus(seed_db)


@pytest.mark.parametrize("method, args, cli", [
    ("officials", {}, ["officials", "--top", "0"]),
    ("enterprises", {}, ["enterprises", "--top", "0"]),
    ("phrases", {"min_articles": 0}, ["phrases", "--top", "0", "--min-articles", "0"]),
    ("articles", {"kind": "photo"}, ["articles", "--kind", "photo"]),
    ("kwic", {"text": "高质量发展"}, ["kwic", "高质量发展", "--limit", "0"]),
    ("leftovers", {}, ["stats", "--leftovers"]),
    ("network", {}, ["network", "--top", "0"]),
])
def test_each_dataframe_equals_the_json_of_the_command_line(corpus, seed_db, method, args, cli):
    frame = getattr(corpus, method)(**args)
    assert isinstance(frame, pd.DataFrame) and len(frame)
    assert records(frame) == cli_json(*cli, "--db", str(seed_db))


@pytest.mark.parametrize("method, arg, cli", [
    ("who", "乔俊杰", "who"), ("enterprise", "常发集团", "enterprise"), ("phrase", "高质量发展", "phrase"),
    ("show", 6, "show"),
])
def test_each_record_equals_the_json_of_the_command_line(corpus, seed_db, method, arg, cli):
    assert getattr(corpus, method)(arg) == cli_json(cli, str(arg), "--db", str(seed_db))


def test_an_empty_answer_is_an_empty_frame_with_the_columns(corpus):
    frame = corpus.officials(title="不存在的职务")
    assert frame.empty and list(frame.columns)[:2] == ["name", "title"]


def test_python_and_the_command_line_build_the_same_corpus(seed_dir, tmp_path, tables):
    lexicon = '[block]\nofficials = ["乔俊杰"]\n[add]\nphrases = ["武食吾安"]\n'
    for side in ("py", "cli"):
        (tmp_path / side).mkdir()
        (tmp_path / side / "lexicon.toml").write_text(lexicon, encoding="utf-8")
    nc.Corpus(tmp_path / "py" / "c.db").ingest([seed_dir], jobs=1)
    assert runner.invoke(app, ["ingest", str(seed_dir), "--db", str(tmp_path / "cli" / "c.db"), "-j", "1"]).exit_code == 0
    assert tables(tmp_path / "py" / "c.db") == tables(tmp_path / "cli" / "c.db")
    assert "乔俊杰" not in set(nc.Corpus(tmp_path / "py" / "c.db").officials()["name"])


def test_python_and_the_command_line_read_the_same_formats(seed_dir, tmp_path, tables):
    formats = Path(__file__).resolve().parent.parent / "examples" / "formats"
    pages = tmp_path / "mixed"
    pages.mkdir()
    for doc in [*(d for d in formats.iterdir() if d.suffix != ".jsonl"), sorted(seed_dir.glob("*.txt"))[0]]:
        (pages / doc.name).write_bytes(doc.read_bytes())
    corpus = nc.Corpus(tmp_path / "py.db")
    report = corpus.ingest([pages], jobs=1)
    assert report.read == len(list(pages.iterdir())) and not report.failed
    feed = corpus.ingest([formats / "feed.jsonl"], fields={"headline": "TITLE", "body": "CONTENT", "date": "WHEN"}, jobs=1)
    assert feed.read == 1 and not feed.failed
    for args in ([str(pages)], [str(formats / "feed.jsonl"), "--fields", "headline=TITLE,body=CONTENT,date=WHEN"]):
        assert runner.invoke(app, ["ingest", *args, "--db", str(tmp_path / "cli.db"), "-j", "1"]).exit_code == 0
    assert tables(tmp_path / "py.db") == tables(tmp_path / "cli.db")


def test_mentions_pivot_by_month(tmp_path, seed_dir):
    for i, page in enumerate(sorted(seed_dir.glob("*.txt"))):
        page.rename(seed_dir / f"2024-0{i + 1}-01.txt")
    corpus = nc.Corpus(tmp_path / "c.db")
    corpus.ingest([seed_dir], jobs=1)
    mentions = corpus.mentions()
    assert list(mentions.columns) == ["name", "article_id", "date", "count"]
    totals = mentions.groupby("name")["count"].sum()
    assert totals.to_dict() == {r["name"]: r["mentions"] for r in nc.Corpus(tmp_path / "c.db").officials().to_dict("records")}


def test_the_command_line_never_imports_pandas(seed_db):
    import subprocess
    import sys

    code = ("import sys; from newscorpus.cli import main; "
            f"sys.argv = ['newscorpus', 'officials', '--db', {str(seed_db)!r}]; "
            "import atexit; atexit.register(lambda: print('pandas' in sys.modules, file=sys.stderr)); main()")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stderr.strip().splitlines()[-1] == "False"
