"""What a reader returns: one file's text, its articles, its set-aside parts and leftovers."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..parse import Article, Leftover, SetAside


@dataclass
class ReadResult:
    """One input file as read.

    `original` is the decoded file and `text` is `pages.normalize(original)`, what article offsets
    point into (for JSON, `Article.record` is the provenance and offsets span the record).
    `date` is the file's own date (ISO) and `date_from` says where it was found: front_matter,
    record, title, url or path, in that order of trust.
    """

    format: str  # text | markdown | html | json | jsonl
    original: str
    text: str
    encoding: str
    sha256: str
    size: int
    date: str | None = None
    date_from: str | None = None
    articles: list[Article] = field(default_factory=list)
    leftovers: list[Leftover] = field(default_factory=list)
    set_aside: list[SetAside] = field(default_factory=list)

    def coverage(self) -> dict[str, int]:
        """Non-space visible characters by where they went (markup, keys and URLs are not text).

        `chars` is the sum of the three parts: every visible character lands in exactly one
        (the readers' tests prove that against the visible text of documents they generate).
        """
        article_chars = sum(_count(article_texts(a)) for a in self.articles)
        set_aside_chars = sum(_count([s.text]) for s in self.set_aside)
        leftover_chars = sum(_count([lo.text]) for lo in self.leftovers)
        return {"chars": article_chars + set_aside_chars + leftover_chars, "article_chars": article_chars,
                "set_aside_chars": set_aside_chars, "leftover_chars": leftover_chars}


def article_texts(article: Article) -> list[str]:
    """Every piece of an article's visible text: label, headline lines, byline, paragraphs."""
    return [article.label, *article.headline_lines, article.byline, *article.paragraphs]


_SPACE = re.compile(r"\s")


def _count(texts: list[str]) -> int:
    """Non-space characters (counted by the regex engine: this runs over every character read)."""
    return sum(len(t) - len(_SPACE.findall(t)) for t in texts)
