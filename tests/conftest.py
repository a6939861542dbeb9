"""Shared fixtures: the seed corpus ingested once per session, golden-file helpers."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from newscorpus import ingest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from current output")


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
