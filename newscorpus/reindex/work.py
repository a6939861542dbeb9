"""What the workers do with one chunk of articles in each pass (run in worker processes)."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from typing import Any

from ..parse import Article
from ..store.chunks import Chunk
from .kinds import BY_NAME, KINDS
from .protocol import Job

# Paragraphs longer than this are read in pieces cut after a sentence end (OCR and PDF dumps can
# hold megabytes without a line break): every pass stays linear in the text's length. No name,
# company form or phrase spans a sentence end, so the counts are those of the whole paragraph.
PIECE = 2000
_ENDS = "。！？!?；;"


def pieces(text: str, size: int = PIECE) -> list[str]:
    """`text` cut into pieces of at most about `size` characters, after a sentence end where there is one."""
    if len(text) <= size:
        return [text]
    out, start = [], 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = max(window.rfind(c) for c in _ENDS) + 1
        if cut <= 0:
            cut = max(window.rfind(c) for c in "，,、：:") + 1 or size
        out.append(text[start:start + cut])
        start += cut
    out.append(text[start:])
    return out


def bounded(articles: list[Article]) -> list[Article]:
    return [a if all(len(p) <= PIECE for p in a.paragraphs)
            else replace(a, paragraphs=[piece for p in a.paragraphs for piece in pieces(p)]) for a in articles]


def collect(arg: tuple[Chunk, Job]) -> dict[str, Any]:
    """Pass 1: every kind's candidates in a chunk."""
    chunk, job = arg
    articles = bounded(chunk.articles())
    return {k.name: k.collect(articles, job, chunk.first) for k in KINDS}


def answer(arg: tuple[Chunk, dict[str, Any]]) -> dict[str, Any]:
    """Pass 2: what the kinds asked about, looked for in a chunk."""
    chunk, questions = arg
    articles = bounded(chunk.articles())
    return {name: BY_NAME[name].answer(q, articles) for name, q in questions.items()}


@dataclass
class ChunkCounts:
    """Pass 3's result for a chunk: mention rows per kind, each kind's tally, co-appearances."""

    rows: dict[str, list[tuple]]
    tallies: dict[str, Any]
    related: dict[tuple[str, str, str], list[int]]  # (person, kind, other) -> [articles, a mentions, b mentions]


_READY: dict[str, Any] = {}


def init_count(states: dict[str, Any]) -> None:
    """Compile what the kinds decided, once per worker process."""
    _READY.clear()
    _READY.update({name: BY_NAME[name].ready(state) for name, state in states.items()})


def count(chunk: Chunk) -> ChunkCounts:
    """Pass 3: mentions of everything decided, in each article of a chunk."""
    tallies = {k.name: k.new_tally() for k in KINDS}
    rows: dict[str, list[tuple]] = {k.name: [] for k in KINDS}
    related: dict = defaultdict(lambda: [0, 0, 0])
    for art in bounded(chunk.articles()):
        found = {k.name: k.count(_READY[k.name], art, tallies[k.name]) for k in KINDS}
        for k in KINDS:
            rows[k.name].extend(k.rows(art.id, found[k.name]))
        _relate(found, related)
    return ChunkCounts(rows, tallies, dict(related))


def _relate(found: dict[str, Counter], related: dict) -> None:
    """Co-appearances in one article: each person with every other person, enterprise and phrase."""
    others = [(k.name, found[k.name]) for k in KINDS if k.related]
    for a, a_n in found["person"].items():
        for kind, counts in others:
            for b, b_n in counts.items():
                if b != a:
                    pair = related[(a, kind, b)]
                    pair[0] += 1
                    pair[1] += a_n
                    pair[2] += b_n
