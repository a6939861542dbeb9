"""Page dumps (.txt): today's reader, articles split at bylines and lead lines (parse.parse_page)."""
from __future__ import annotations

from ..parse import parse_page
from .result import ReadResult


def read_text(page) -> ReadResult:
    """A plain page dump: articles, a broadcast's summary list set aside, leftovers."""
    parsed = parse_page(page.text)
    return ReadResult("text", page.original, page.text, page.encoding, page.sha256, page.size,
                      articles=parsed.articles, leftovers=parsed.leftovers, set_aside=parsed.set_aside)
