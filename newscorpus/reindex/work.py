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


def warm(job: Job) -> None:
    """Load the segmenter, lexicons and patterns every pass needs in this process, before it forks
    the passes' workers: they share these pages (rjieba's dictionary alone is about 35 MB) instead
    of each loading its own copy once per pass, which is time and, with two workers, a large part of
    an ingest's memory. Nothing in them is written afterwards (rjieba's dictionary is Rust memory,
    the word lists hold only strings), so the pages stay shared."""
    from ..extract import enterprises, officials
    from .. import segment

    segment.warm()
    officials.warm(tuple(job.lexicon.titles))
    enterprises.warm()


def collect(arg: tuple[Chunk, Job]) -> dict[str, Any]:
    """Pass 1: every kind's candidates in a chunk."""
    chunk, job = arg
    articles = bounded(chunk.articles())
    return {k.name: k.collect(articles, job) for k in KINDS}


def answer(arg: tuple[Chunk, str, Any]) -> Counter:
    """What a kind asked about, looked for in a chunk."""
    chunk, kind, question = arg
    return BY_NAME[kind].answer(question, bounded(chunk.articles()))


@dataclass
class ChunkCounts:
    """Pass 3's result for a chunk: rows per table, co-appearances (to add)."""

    rows: dict[str, list[tuple]]
    related: dict[tuple[str, str, str], list[int]]  # (person, kind, other) -> [articles, a mentions, b mentions]


_READY: dict[str, Any] = {}


def init_count(counting: dict[str, Any]) -> None:
    """Compile what the kinds decided, once per worker process."""
    _READY.clear()
    _READY.update({name: BY_NAME[name].ready(state) for name, state in counting.items()})


def count(chunk: Chunk) -> ChunkCounts:
    """Pass 3: everything decided, counted in each article of a chunk."""
    rows: dict[str, list[tuple]] = defaultdict(list)
    related: dict = {}
    for art in bounded(chunk.articles()):
        found: dict[str, list[tuple]] = {}
        for k in KINDS:
            found.update(k.count(_READY[k.name], art))
        for table, table_rows in found.items():
            rows[table].extend(table_rows)
        relate(found, related, 1)
    return ChunkCounts(dict(rows), pairs(related))


RELATED = {k.tables[0]: k.name for k in KINDS if k.related}  # mention table -> kind, for co-appearances
_PEOPLE_TABLE = next(iter(RELATED))


def relate(rows: dict[str, list[tuple]], related: dict, sign: int) -> None:
    """Co-appearances in one article: each person with every other person, enterprise and phrase,
    added into `related`: (person, kind) -> {other: [articles, a mentions, b mentions]} (see
    `pairs`). Nested, because a pass makes some thirty times more of these additions than there
    are pairs (480k and 14.7k at 10k articles): a key of three strings built for each addition
    took a sixth of pass 3's time."""
    people = {r[0]: r[2] for r in rows.get(_PEOPLE_TABLE, ())}
    if not people:
        return
    for table, kind in RELATED.items():
        counts = people if table == _PEOPLE_TABLE else {r[0]: r[2] for r in rows.get(table, ())}
        if not counts:
            continue
        for a, a_n in people.items():
            others = related.get((a, kind))
            if others is None:
                others = related[(a, kind)] = {}
            a_n *= sign
            for b, b_n in counts.items():
                pair = others.get(b)
                if pair is None:
                    others[b] = [sign, a_n, sign * b_n]
                else:
                    pair[0] += sign
                    pair[1] += a_n
                    pair[2] += sign * b_n


def pairs(related: dict) -> dict[tuple[str, str, str], list[int]]:
    """`relate`'s additions as (person, kind, other) -> [articles, a mentions, b mentions], without
    an other written as the person's name: `relate` adds those too (a person with themself)."""
    return {(a, kind, b): pair for (a, kind), others in related.items() for b, pair in others.items() if b != a}
