"""Helpers for the reader tests: a result as a small golden dict, and the characters it holds."""
from __future__ import annotations

from collections import Counter

import pytest

from newscorpus.pages import normalize
from newscorpus.readers import article_texts


def _summary(result) -> dict:
    return {
        "format": result.format, "date": result.date, "date_from": result.date_from,
        "coverage": result.coverage(),
        "articles": [{"seq": a.seq, "kind": a.kind, "label": a.label, "headline": a.headline,
                      "headline_lines": a.headline_lines, "byline": a.byline, "reporters": a.reporters,
                      "photographers": a.photographers, "paragraphs": a.paragraphs, "date": a.date, "url": a.url,
                      "record": a.record, "section": a.section, "page": a.page, "author": a.author}
                     for a in result.articles],
        "set_aside": [{"kind": s.kind, "text": s.text, "record": s.record} for s in result.set_aside],
        "leftovers": [{"kind": lo.kind, "text": lo.text} for lo in result.leftovers],
    }


def _held(result) -> Counter:
    """Non-space characters of everything a result holds: articles, set-aside parts, leftovers."""
    texts = [t for a in result.articles for t in article_texts(a)]
    texts += [s.text for s in result.set_aside] + [lo.text for lo in result.leftovers]
    return Counter(ch for t in texts for ch in t if not ch.isspace())


def _visible(*texts: str) -> Counter:
    return Counter(ch for t in texts for ch in normalize(t) if not ch.isspace())


@pytest.fixture(scope="session")
def summary():
    return _summary


@pytest.fixture(scope="session")
def held():
    return _held


@pytest.fixture(scope="session")
def visible():
    return _visible


@pytest.fixture
def write(tmp_path):
    """Write a document (text or bytes) under a name and return its path."""

    def put(name: str, content: str | bytes):
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return put
