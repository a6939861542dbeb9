"""Dispatch: suffixes and content decide the reader; a mixed folder ingests, bad files one line each."""
from __future__ import annotations

import json

import pytest

from newscorpus import ingest
from newscorpus.readers import SUFFIXES, detect_format


@pytest.mark.parametrize("suffix, text, fmt", [
    (".md", "plain words", "markdown"),
    (".htm", "<p>x</p>", "html"),
    (".jsonl", '{"title": "x"}', "json"),
    (".txt", '[{"title": "x"}]', "json"),
    (".txt", "<!DOCTYPE html><html><body>x</body></html>", "html"),
    (".txt", "# 标题\n\n> 本报记者 张三\n\n正文。", "markdown"),
    (".txt", "标题\n\n本报讯(记者 张三)正文。", "text"),
    (".txt", "[1] 一段以方括号开头的正文。", "text"),
])
def test_format_by_suffix_then_content(suffix, text, fmt):
    assert detect_format(suffix, text) == fmt


def test_every_format_has_a_suffix():
    assert {".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl"} <= set(SUFFIXES)


def test_mixed_folder_ingests_every_format_and_goes_on_past_bad_files(tmp_path):
    pages = tmp_path / "in"
    pages.mkdir()
    (pages / "2024-11-03.txt").write_text("青山镇迎来丰收\n\n本报讯(记者 张三)今年青山镇茶叶丰收。\n", encoding="utf-8")
    (pages / "a.md").write_text("---\ntitle: 茶园新貌\ndate: 2024-11-04\n---\n\n# 茶园新貌\n\n茶园换了新貌。\n",
                                encoding="utf-8")
    (pages / "b.html").write_text("<html><body><h1>西洲地震</h1><p>西洲国发生地震。</p></body></html>", encoding="utf-8")
    (pages / "c.json").write_text(json.dumps([{"title": "新线开通", "content": "某某铁路开通。"}], ensure_ascii=False),
                                  encoding="utf-8")
    (pages / "d.json").write_text('[{"title": "坏了"', encoding="utf-8")
    (pages / "e.md").write_text("---\ntitle: 没有结束\n\n正文。\n", encoding="utf-8")
    report = ingest([pages], db=tmp_path / "c.db", jobs=1)
    assert report.formats == {"text": 1, "markdown": 1, "html": 1, "json": 1}
    assert report.articles == 4 and report.read == 4
    assert sorted(path for path, _ in report.failed) == ["d.json", "e.md"]
    assert all("\n" not in reason for _, reason in report.failed)
