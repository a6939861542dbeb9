"""Input formats -> articles: one reader per format, chosen by suffix and, where that is
ambiguous, by content (a .txt holding Markdown or JSON, a .json holding JSON Lines)."""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import PageError
from ..pages import date_from_path, read_page
from ..parse import SetAside
from .result import ReadResult, article_texts

__all__ = ["SUFFIXES", "ReadResult", "SetAside", "article_texts", "detect_format", "read_file"]

SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl", ".ndjson")
_JSON_START = re.compile(r"^\s*[\[{]")
_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)


def detect_format(suffix: str, text: str) -> str:
    """markdown | html | json | text: the suffix decides, except for plain-text suffixes, whose
    content may be Markdown, HTML or JSON."""
    suffix = suffix.lower()
    if suffix in (".md", ".markdown"):
        return "markdown"
    if suffix in (".html", ".htm"):
        return "html"
    if suffix in (".json", ".jsonl", ".ndjson"):
        return "json"
    from .markdown import looks_like_markdown

    if _JSON_START.match(text) and _parses_as_json(text):
        return "json"
    if _HTML_START.match(text):
        return "html"
    if looks_like_markdown(text):
        return "markdown"
    return "text"


def _parses_as_json(text: str) -> bool:
    import json

    first = text.strip().split("\n", 1)[0]
    for candidate in (text, first):
        try:
            json.loads(candidate)
            return True
        except json.JSONDecodeError:
            continue
    return False


def read_file(path: Path, *, fields: dict[str, str] | None = None,
              date_paths: tuple[str, ...] | None = None) -> ReadResult:
    """Read one input file of any supported format.

    Raises PageError with a one-line reason for unusable input: unreadable, empty, binary,
    undecodable, broken JSON, records without a text field, HTML without a body, front matter
    that is never closed. `fields` names a crawler's own fields (headline=TITLE, body=CONTENT...).
    A date the content does not give is looked for in `date_paths`, most trusted first (default:
    the file's name, then its whole path; an ingest gives the path under the folder named first).
    """
    page = read_page(path)
    fmt = detect_format(path.suffix, page.text)
    if fmt == "markdown":
        from .markdown import read_markdown

        result = read_markdown(page)
    elif fmt == "html":
        from .html import read_html

        result = read_html(page)
    elif fmt == "json":
        from .jsonrec import read_json

        result = read_json(page, fields=fields)
    else:
        from .text import read_text

        result = read_text(page)
    result.set_aside.sort(key=lambda part: part.start)  # page order (stable within a record)
    if result.date is None:
        found = next(filter(None, map(date_from_path, date_paths or (path.name, str(path)))), None)
        if found:
            result.date, result.date_from = found.isoformat(), "path"
    if not result.articles and not any(s.text for s in result.set_aside) and not result.leftovers:
        raise PageError("no text found")
    return result
