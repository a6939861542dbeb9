"""Reliability: no page overwritten, nothing crashing on what real pages hold, no orphaned workers,
bounded passes over long text, one-line errors, stale tables said aloud, queries read like pages."""
from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from newscorpus import ingest, queries
from newscorpus.cli import app
from newscorpus.reindex.work import PIECE, pieces

runner = CliRunner()
PAGE = "区领导调研企业\n\n本报讯 (记者 张三) 区委书记王大明、副区长李小红来到某某科技有限公司调研。王大明指出，要推动高质量发展。\n"


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


# 1. no page is ever overwritten ---------------------------------------------------------------

def test_files_with_the_same_name_in_two_folders_are_two_sources(tmp_path):
    for paper, name in (("paperA", "王大明"), ("paperB", "赵小东")):
        (tmp_path / paper).mkdir()
        (tmp_path / paper / "2024-10-13.txt").write_text(PAGE.replace("王大明", name), encoding="utf-8")
    db = tmp_path / "c.db"
    report = ingest([tmp_path / "paperA", tmp_path / "paperB"], db=db, jobs=1)
    assert report.read == 2
    sources = sorted(r["source"] for r in queries.articles(db))
    assert sources == ["2024-10-13.txt", "paperB/2024-10-13.txt"]
    assert {"王大明", "赵小东"} <= {o["name"] for o in queries.officials(db, top=0)}


def test_year_folders_ingested_one_after_the_other_keep_both_pages(tmp_path):
    for year in ("2023", "2024"):
        page = tmp_path / "pages" / year / "11" / "02" / "01.txt"
        page.parent.mkdir(parents=True)
        page.write_text(PAGE.replace("区领导", f"{year}年区领导"), encoding="utf-8")
    db = tmp_path / "c.db"
    ingest([tmp_path / "pages" / "2023"], db=db, jobs=1)
    ingest([tmp_path / "pages" / "2024"], db=db, jobs=1)
    rows = queries.articles(db)
    assert sorted((r["source"], r["date"]) for r in rows) == [("11/02/01.txt", "2023-11-02"),
                                                               ("2024/11/02/01.txt", "2024-11-02")]


def test_a_moved_file_and_a_copy_are_recognised_not_stored_twice(tmp_path):
    first = tmp_path / "a" / "2024-10-13.txt"
    first.parent.mkdir()
    first.write_text(PAGE, encoding="utf-8")
    db = tmp_path / "c.db"
    ingest([first.parent], db=db, jobs=1)
    copy = tmp_path / "b" / "copy.txt"
    copy.parent.mkdir()
    shutil.copy(first, copy)
    report = ingest([copy.parent], db=db, jobs=1)
    assert (report.read, report.unchanged) == (0, 1) and "same content as 2024-10-13.txt" in report.warnings[0]
    moved = tmp_path / "c" / "2024-10-13.txt"
    moved.parent.mkdir()
    first.rename(moved)
    report = ingest([moved.parent], db=db, jobs=1)
    assert (report.read, report.unchanged, report.warnings) == (0, 1, [])
    assert queries.stats(db)["sources"] == 1


# 2. characters real dumps contain ----------------------------------------------------------------

def test_control_characters_leave_safely_in_every_format(tmp_path):
    pages = tmp_path / "p"
    pages.mkdir()
    (pages / "x.txt").write_text("标题\x0c换页\x1b]0;hacked\x07\n\n" + PAGE.split("\n\n", 1)[1], encoding="utf-8")
    db = tmp_path / "c.db"
    ingest([pages], db=db, jobs=1)
    for fmt in ("table", "csv", "tsv"):
        out = run("articles", "--db", db, "--format", fmt).stdout
        assert "\x1b" not in out and "\x0c" not in out and "\\x1b" in out
    assert json.loads(run("articles", "--db", db, "--format", "json").stdout)[0]["headline"].startswith("标题\x0c")
    assert run("show", "1", "--db", db).stdout.count("\\x1b") == 1
    xlsx = tmp_path / "a.xlsx"
    assert run("articles", "--db", db, "-o", xlsx).exit_code == 0
    sheet = load_workbook(xlsx).active
    assert sheet["E2"].value.startswith("标题\\x0c") and sheet.freeze_panes == "A2"


def test_graph_files_stay_well_formed_xml_with_control_characters_in_names(tmp_path):
    pages = tmp_path / "p"
    pages.mkdir()
    (pages / "x.txt").write_text(PAGE.replace("李小红", "李\x01红"), encoding="utf-8")
    (tmp_path / "lexicon.toml").write_text('[officials]\n"李\\u0001红" = ["副区长"]\n', encoding="utf-8")
    db = tmp_path / "c.db"
    ingest([pages], db=db, jobs=1)
    for suffix in (".graphml", ".gexf"):
        out = tmp_path / f"g{suffix}"
        assert run("network", "--db", db, "-o", out).exit_code == 0
        names = {e.get("id") or e.get("label") for e in ET.parse(out).iter() if e.get("id") or e.get("label")}
        assert "李\\x01红" in names


# 3. workers die with their parent -----------------------------------------------------------------

def _children(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            kids = [int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
        except OSError:
            kids = []
        out += kids
        todo += kids
    return out


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
@pytest.mark.slow
def test_killing_an_ingest_during_reindex_leaves_no_worker_behind(seed_dir, tmp_path):
    pages = _copies(seed_dir, tmp_path / "many", 50)  # over a thousand articles: the count runs in workers
    marker = tmp_path / "counting"
    code = ("import time, pathlib; from newscorpus import ingest; from newscorpus.reindex import work\n"
            "real = work.count\n"
            f"def slow(chunk):\n    pathlib.Path({str(marker)!r}).touch(); time.sleep(30); return real(chunk)\n"
            "work.count = slow\n"
            f"ingest([pathlib.Path({str(pages)!r})], db={str(tmp_path / 'c.db')!r}, jobs=2)")
    proc = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.time() + 60
    while time.time() < deadline and not marker.exists():
        time.sleep(0.2)
    time.sleep(0.5)
    children = _children(proc.pid)
    assert len(children) >= 2, "the count workers never started"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    time.sleep(5)
    assert [c for c in children if _alive(c)] == []


def _copies(seed_dir: Path, target: Path, n: int) -> Path:
    target.mkdir()
    for i in range(n):
        for page in sorted(seed_dir.glob("*.txt")):
            (target / f"{i:03d}_{page.name}").write_bytes(page.read_bytes() + b"\n" * i)
    return target


# 4. every pass linear in the text's length ---------------------------------------------------------

def test_pieces_cut_long_text_after_sentence_ends_and_lose_nothing():
    text = ("区委书记王大明指出，要推动高质量发展。" * 400) + "无标点" * 3000
    parts = pieces(text)
    assert "".join(parts) == text and len(parts) > 3
    assert all(len(p) <= PIECE for p in parts)
    assert all(p.endswith("。") for p in parts if "无" not in p)  # cut after sentence ends where there are some


def test_a_single_paragraph_article_counts_as_the_same_text_in_paragraphs(seed_dir, tmp_path):
    paragraphs = tmp_path / "paras"
    paragraphs.mkdir()
    body = "".join(f"区委书记王大明{i}日来到某某科技有限公司调研。副区长李小红参加。“高质量发展”是关键。\n" for i in range(1, 300))
    (paragraphs / "p.txt").write_text("标题\n\n本报讯 (记者 张三) " + body, encoding="utf-8")
    single = tmp_path / "single"
    single.mkdir()
    (single / "p.txt").write_text("标题\n\n本报讯 (记者 张三) " + body.replace("\n", ""), encoding="utf-8")
    counts = []
    for folder in (paragraphs, single):
        db = tmp_path / f"{folder.name}.db"
        ingest([folder], db=db, jobs=1)
        counts.append(({o["name"]: o["mentions"] for o in queries.officials(db, top=0)},
                       {e["name"]: e["mentions"] for e in queries.enterprises(db, top=0)},
                       {p["phrase"]: p["count"] for p in queries.phrases(db, top=0)}))
    assert counts[0] == counts[1] and counts[0][0]["王大明"] == 299


# 5. one Error line, never a traceback ----------------------------------------------------------------

def _one_line(result, code: int, start: str) -> None:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith(start) and sum(line.startswith("Error:") for line in lines) == 1, result.stderr


def test_a_damaged_corpus_says_so_on_one_line(seed_dir, tmp_path):
    db = tmp_path / "c.db"
    ingest([seed_dir], db=db, jobs=1)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pages = [r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name = 'articles'")]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(db, "r+b") as fh:  # scribble over the pages of the articles table
        for page in pages:
            fh.seek((page - 1) * page_size)
            fh.write(b"\xde\xad" * (page_size // 2))
    for args in (["articles"], ["stats"], ["reindex"]):
        _one_line(run(*args, "--db", db), 1, "Error: the corpus")
    result = run("check", "--db", db)
    assert result.exit_code == 1 and json.loads(result.stdout)["ok"] is False


def test_a_read_only_corpus_is_refused_on_one_line(seed_dir, tmp_path):
    db = tmp_path / "c.db"
    ingest([seed_dir], db=db, jobs=1)
    if os.geteuid() == 0:  # root writes any file whatever its mode: make it immutable instead
        if subprocess.run(["chattr", "+i", str(db)], capture_output=True).returncode != 0:
            pytest.skip("running as root on a filesystem without chattr +i")
    else:
        db.chmod(0o444)
    try:
        for args in (["reindex"], ["ingest", seed_dir]):
            result = run(*args, "--db", db)
            _one_line(result, 1, "Error: the corpus")
            assert "read-only" in result.stderr
        assert run("officials", "--db", db).exit_code == 0  # reading still works
        assert json.loads(run("check", "--db", db, "--format", "json").stdout)["ok"]  # and the check reads it sound
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(db)])


def test_a_corpus_in_a_read_only_folder_answers_queries(seed_dir, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "c.db"
    ingest([seed_dir], db=db, jobs=1)
    if os.geteuid() == 0:
        if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
            pytest.skip("running as root on a filesystem without chattr +i")
    else:
        folder.chmod(0o555)
    try:
        result = run("officials", "--db", db, "--format", "json")
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)[0]["name"] == "习近平"
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(folder)])
        else:
            folder.chmod(0o755)


@pytest.mark.parametrize("where", ["missing/a.xlsx", "missing/a.csv", ".", "missing/t.png"])
def test_outputs_that_cannot_be_written_are_one_line_errors(seed_db, tmp_path, where):
    target = tmp_path / where
    if where.endswith(".png"):
        result = run("timeline", "习近平", "--db", seed_db, "--plot", target)
        expected = "Error: no dated pages"  # nothing to draw on the undated seeds: said before writing
    else:
        result = run("officials", "--db", seed_db, "-o", target)
        expected = "Error: cannot write"
    _one_line(result, 1, expected)


# 6. nothing silently empty ----------------------------------------------------------------------------

def test_stale_tables_are_reported_by_query_commands_and_rebuilt_by_reindex(seed_dir, tmp_path):
    db = tmp_path / "c.db"
    ingest([seed_dir], db=db, jobs=1)
    with sqlite3.connect(db) as conn:  # as an ingest killed before its reindex leaves it
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'entities_stale'")
    for args in (["officials"], ["who", "乔俊杰"], ["phrases"], ["kwic", "高质量"], ["stats"]):
        result = run(*args, "--db", db)
        assert result.exit_code == 0 and "run `newscorpus reindex`" in result.stderr.splitlines()[0]
    assert run("reindex", "--db", db).exit_code == 0
    assert "warning" not in run("officials", "--db", db).stderr


def test_an_empty_folder_is_an_error(tmp_path):
    (tmp_path / "empty").mkdir()
    _one_line(run("ingest", tmp_path / "empty", "--db", tmp_path / "c.db"), 1, "Error: no page files")


def test_a_changed_lexicon_is_applied_by_the_next_ingest(seed_dir, tmp_path):
    db = tmp_path / "c.db"
    ingest([seed_dir], db=db, jobs=1)
    assert "乔俊杰" in {o["name"] for o in queries.officials(db, top=0)}
    (tmp_path / "lexicon.toml").write_text('[block]\nofficials = ["乔俊杰"]\n', encoding="utf-8")
    report = ingest([seed_dir], db=db, jobs=1)
    assert report.unchanged == 5 and report.reindexed
    assert "乔俊杰" not in {o["name"] for o in queries.officials(db, top=0)}
    assert not ingest([seed_dir], db=db, jobs=1).reindexed


# 7. inputs read the way the text was ---------------------------------------------------------------------

def test_queries_are_folded_as_the_stored_text_is(seed_db):
    full = queries.kwic(seed_db, "，加快锻造新质生产力", limit=0)  # copied from the page: full-width comma
    assert full and full == queries.kwic(seed_db, ",加快锻造新质生产力", limit=0)
    assert queries.articles(seed_db, search="，全力推动") == queries.articles(seed_db, search=",全力推动")


@pytest.mark.parametrize("toml, fragment", [
    ('[officials]\n"张三" = "区长"\n', "[officials] '张三' (titles) takes a list"),
    ('[oficials]\n"张三" = ["区长"]\n', "unknown section [oficials]"),
    ('[block]\nofficial = ["张三"]\n', "unknown key 'official'"),
    ('[add]\ntitles = ["", "局长"]\n', "[add] titles takes a list of non-empty strings"),
])
def test_lexicon_shapes_are_checked_naming_the_entry(seed_dir, tmp_path, toml, fragment):
    (tmp_path / "lexicon.toml").write_text(toml, encoding="utf-8")
    result = run("ingest", seed_dir, "--db", tmp_path / "c.db")
    _one_line(result, 1, "Error: the lexicon")
    assert fragment in result.stderr


@pytest.mark.parametrize("args, code, start", [
    (["who", ""], 2, "Error: the name to look for is empty"),
    (["kwic", "  "], 2, "Error: the text to look for is empty"),
    (["stats", "--db", "{tmp}/no/such/folder/c.db"], 1, "Error: cannot open the corpus"),
    (["ingest", "{seeds}", "--db", "{tmp}/no/such/folder/c.db"], 1, "Error: cannot create the corpus"),
])
def test_empty_names_and_missing_folders(seed_db, seed_dir, tmp_path, args, code, start):
    args = [a.format(tmp=tmp_path, seeds=seed_dir) for a in args]
    if "--db" not in args:
        args += ["--db", str(seed_db)]
    _one_line(run(*args), code, start)


# fault injection: a kill at any point leaves a corpus a rerun completes ----------------------------------

_SLOW = {
    # files: killed after more than a second of writing, so that a group of files is committed
    "files": "from newscorpus.store import pages as m\nreal = m.write_page\nseen = []\n"
             "def slow(*a):\n    seen.append(1)\n    len(seen) > 25 and hit(); time.sleep(0.05); return real(*a)\n"
             "m.write_page = slow\n",
    "reindex": "from newscorpus.reindex import work as m\nreal = m.count\n"
               "def slow(c):\n    hit(); time.sleep(30); return real(c)\nm.count = slow\n",
    "fts": "from newscorpus.store import pages as m\n"
           "def slow(conn):\n    conn.execute('BEGIN IMMEDIATE')\n"
           "    conn.execute('INSERT INTO article_fts(rowid, headline_lines, body) SELECT a.id, a.headline_lines, a.body"
           " FROM fts_pending p JOIN articles a ON a.id = p.id')\n    hit(); time.sleep(30)\nm.index_pending = slow\n",
}


@pytest.mark.slow
@pytest.mark.parametrize("phase", sorted(_SLOW))
def test_a_kill_at_any_phase_leaves_a_corpus_that_answers_and_a_rerun_completes(seed_dir, tmp_path, phase, tables):
    pages = _copies(seed_dir, tmp_path / "many", 6)
    db, marker = tmp_path / "c.db", tmp_path / "hit"
    code = (f"import time, pathlib\ndef hit():\n    pathlib.Path({str(marker)!r}).touch()\n" + _SLOW[phase]
            + f"from newscorpus import ingest\ningest([pathlib.Path({str(pages)!r})], db={str(db)!r}, jobs=1)\n")
    proc = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.time() + 60
    while not marker.exists() and time.time() < deadline:
        time.sleep(0.1)
    time.sleep(0.3)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    for args in (["officials"], ["enterprises"], ["phrases"], ["articles"], ["stats"], ["kwic", "高质量"]):
        result = run(*args, "--db", db)
        assert result.exit_code == 0 and "Traceback" not in result.output
    assert "run `newscorpus reindex`" in run("officials", "--db", db).stderr
    ingest([pages], db=db, jobs=1)
    clean = tmp_path / "clean.db"
    ingest([pages], db=clean, jobs=1)
    assert tables(db) == tables(clean)
    assert queries.check(db)["ok"]
