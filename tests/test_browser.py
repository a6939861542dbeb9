"""`newscorpus serve` in a real headless browser: the system's Chromium driven by Playwright.

Searches the full-text box for a two- and a four-character string, opens an official's profile
query and checks both against the command line's JSON, and takes the README's picture: it is
written to docs/serve.png when that is missing or with --update-golden (Chromium's PNGs differ in
bytes between runs, so a plain run leaves the work tree clean). Skipped only when no Chromium is
installed (.ci/run installs Debian's).
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newscorpus.cli import app as cli_app

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOT = ROOT / "docs" / "serve.png"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def browser() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


def cli_json(*args: str):
    result = CliRunner().invoke(cli_app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def served(seed_db, tmp_path):
    """`newscorpus serve` on a copy of the seed corpus, on a free local port; stopped after the test."""
    db = tmp_path / "seeds.db"
    shutil.copy(seed_db, db)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "newscorpus", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):  # up to 30 s for Datasette to start
            if proc.poll() is not None:
                pytest.fail(f"serve exited: {proc.stderr.read().decode()}")
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("serve did not answer in 30 s")
        yield base, db
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def cjk_fonts(tmp_path: Path) -> dict:
    """A fontconfig file adding the Noto CJK fonts that mplfonts installs, so that the page (and the
    screenshot) shows Chinese and not boxes on a machine without Chinese system fonts."""
    import mplfonts

    fonts = Path(mplfonts.__file__).parent / "fonts"
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                    f"<dir>{fonts}</dir><cachedir>{tmp_path / 'fontcache'}</cachedir></fontconfig>")
    return dict(os.environ, FONTCONFIG_FILE=str(conf))


def article_ids(page) -> list[int]:
    """The ids in the first column of Datasette's table of articles."""
    return [int(t) for t in page.locator("table.rows-and-columns tbody tr td.col-id").all_inner_texts()]


def search(page, base: str, text: str) -> list[int]:
    page.goto(base + "/seeds/articles")
    page.fill("input[name=_search]", text)
    page.press("input[name=_search]", "Enter")
    page.wait_for_load_state("load")
    assert f"_search={text}" in urllib.request.unquote(page.url)
    return article_ids(page)


@pytest.mark.slow
@pytest.mark.skipif(browser() is None and not os.environ.get("CI"),
                    reason="no Chromium found (apt-get install chromium; .ci/run does)")
def test_serve_in_a_real_browser(served, tmp_path, request):
    from playwright.sync_api import sync_playwright

    base, db = served
    assert browser() is not None, "CI must have Chromium: .ci/run installs it"
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=browser(), headless=True, args=FLAGS,
            env=cjk_fonts(tmp_path), viewport={"width": 1440, "height": 860}, locale="zh-CN")
        page = context.new_page()
        for text in ("朱岩", "乡村振兴"):  # two characters (instr), four (the trigram index)
            expected = [r["id"] for r in cli_json("articles", "--search", text, "--db", str(db))]
            assert search(page, base, text) == expected and expected
        page.screenshot(path=str(tmp_path / "search.png"))

        page.goto(base + "/seeds")
        page.click("text=官员档案 · An official's profile")
        page.fill("input[name=name]", "乔俊杰")
        page.click("input[type=submit]")
        page.wait_for_load_state("load")
        header = page.locator("table.rows-and-columns thead th").all_inner_texts()
        cells = [dict(zip(header, [c.strip() for c in row.locator("td").all_inner_texts()]))
                 for row in page.locator("table.rows-and-columns tbody tr").all()]
        who = cli_json("who", "乔俊杰", "--db", str(db))
        assert [(c["title"], int(c["title_count"])) for c in cells] == [(t["title"], t["count"]) for t in who["titles"]]
        assert {(int(c["mentions"]), int(c["articles"])) for c in cells} == {(who["mentions"], who["articles_total"])}

        search(page, base, "新质生产力")
        page.evaluate("window.scrollTo(0, document.querySelector('h3').offsetTop - 12)")
        shot = tmp_path / "serve.png"
        page.screenshot(path=str(shot))
        context.close()
    assert shot.stat().st_size > 10_000
    if request.config.getoption("--update-golden") or not SCREENSHOT.exists():
        SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copy(shot, SCREENSHOT)
