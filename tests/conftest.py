"""Shared fixtures: the seed corpus ingested once per session, golden-file helpers."""
from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from newscorpus import ingest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from current output")
    parser.addoption("--slow", action="store_true", help="also run the slow tests (whole programs in subprocesses)")


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: runs whole programs in subprocesses (examples, kills, a browser, "
                                       "a cluster); skipped unless --slow (CI runs them)")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


def _tables(db: Path) -> dict:
    """Everything a user can ask of the entity tables, independent of article ids."""
    conn = sqlite3.connect(db)
    key = {r[0]: (r[1], r[2]) for r in conn.execute(
        "SELECT a.id, s.path, a.seq FROM articles a JOIN sources s ON s.id = a.source_id")}
    out = {
        "people": sorted(conn.execute("SELECT * FROM people").fetchall()),
        "titles": sorted(conn.execute("SELECT * FROM person_titles").fetchall()),
        "enterprises": sorted(conn.execute("SELECT * FROM enterprises").fetchall()),
        "forms": sorted(conn.execute("SELECT * FROM enterprise_forms").fetchall()),
        "phrases": sorted(conn.execute("SELECT * FROM phrases").fetchall()),
        "related": sorted(conn.execute("SELECT * FROM related").fetchall()),
        "titles_per_article": sorted((n, t, key[a], c) for n, t, a, c in conn.execute("SELECT * FROM person_article_titles")),
        "event_dates": sorted((key[a], d) for a, d in conn.execute("SELECT * FROM article_dates")),
    }
    for table in ("person_mentions", "enterprise_mentions", "form_mentions", "phrase_mentions"):
        out[table] = sorted((r[0], key[r[1]], *r[2:]) for r in conn.execute(f"SELECT * FROM {table}"))
    out["titled"] = sorted((k, key[a], d, n) for k, a, d, n in conn.execute("SELECT * FROM titled"))
    conn.close()
    return out


@pytest.fixture
def tables():
    """Every entity table of a corpus, keyed by page and place instead of article ids."""
    return _tables


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory) -> Path:
    """The five seed pages ingested into a fresh corpus (read-only for tests)."""
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    report = ingest([SEEDS], db=db, jobs=1)
    assert report.ok and report.read == 5
    return db


@pytest.fixture
def seed_dir(tmp_path) -> Path:
    """A writable copy of the seed pages."""
    target = tmp_path / "pages"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture
def golden(request):
    """Compare data with tests/golden/NAME.json; --update-golden rewrites the file instead."""

    def check(name: str, data) -> None:
        path = GOLDEN / f"{name}.json"
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        if request.config.getoption("--update-golden"):
            path.write_text(text, encoding="utf-8")
            return
        assert path.exists(), f"no golden file {path.name}: run pytest --update-golden and review the diff"
        assert json.loads(text) == json.loads(path.read_text(encoding="utf-8"))

    return check
