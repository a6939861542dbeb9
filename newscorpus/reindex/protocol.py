"""The protocol every entity kind follows: collect candidates, decide over the corpus, count.

A kind's counts must not depend on the order or batching of ingests, so nothing is decided from
one article alone. Pass 1 collects candidates from articles (in workers) and the main process
folds them into the kind's state: the candidates of the whole corpus, kept in the store between
runs. An ingest folds in the new articles and folds out the removed ones (sign -1), so the state
always equals what one pass over today's corpus would give. Each kind then decides over its
state (which names, which company forms, which phrases); where a decision changed, it names
the strings whose articles must be counted again. Pass 3 counts every decided thing in the new
and affected articles (in workers); the per-article rows replace the old ones, and each kind's
entity tables are written from its state and the totals of those rows.

A full rebuild is the same run from an empty state with every article new: an update and a
rebuild give the same tables by construction (and a property test checks it).

Adding an entity kind: a module in `reindex/kinds/` with a `Kind` subclass, registered in
`reindex/kinds/__init__.py`, plus its tables in `store/` (schema, writes, reads).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..lexicon import UserLexicon
from ..parse import Article


def add_rows(totals: dict[str, list[int]], rows: list[tuple], sign: int) -> None:
    """Mentions and articles per key from per-article rows (key, article, count, ...); sign -1
    takes rows away, and a key left in no article is dropped."""
    for key, _, n, *_ in rows:
        total = totals.setdefault(key, [0, 0])
        total[0] += sign * n
        total[1] += sign
        if total[1] == 0:
            del totals[key]


@dataclass(frozen=True)
class Job:
    """What every pass may need to know about the run (picklable: it travels to the workers)."""

    db: str
    lexicon: UserLexicon
    jobs: int
    sample_step: int  # phrase discovery reads the articles whose text hash is a multiple of it


class Kind:
    """One entity kind. `collect`, `answer` and `count` run in workers; the rest in the main
    process. Results are plain, picklable data."""

    name = ""  # the kind's key in states, decisions and co-appearances
    tables: tuple[str, ...] = ()  # per-article tables its count rows go to; the first holds (key, article, count, ...)
    related = False  # co-appearances with people are kept (store: related)

    def new_state(self) -> Any:
        """The state of an empty corpus."""
        return None

    # pass 1 -----------------------------------------------------------------------------
    def collect(self, articles: list[Article], job: Job) -> Any:
        """Candidates of a chunk of articles."""
        return None

    def fold(self, state: Any, part: Any, sign: int, scratch: Any) -> None:
        """Add a chunk's candidates to the state (sign -1: they leave the corpus). `scratch`
        keeps per-article rows for the store (see `scratch`)."""

    def scratch(self, conn: Any) -> Any:
        """Where `fold` leaves per-article rows until the run is written, or None."""
        return None

    # decisions --------------------------------------------------------------------------
    def prepare(self, state: Any, run: Any) -> None:
        """Before any kind decides: start slow work that needs no other decision (runs meanwhile)."""

    def answer(self, question: Any, articles: list[Article]) -> Counter:
        """What `decide` asked of a chunk of articles (through `run.answer`), as a Counter."""
        return Counter()

    def decide(self, state: Any, decided: dict[str, Any], run: Any) -> Any:
        """Decide over the state; `decided` holds the kinds registered earlier, `run` can read
        articles again (evidence for what the state leaves open)."""
        return None

    def changed(self, old: dict[str, Any] | None, new: dict[str, Any]) -> set[str] | None:
        """Strings whose articles must be counted again because the decisions changed (None:
        every article). `old` is None when there is no earlier decision."""
        return None if old is None else set()

    # pass 3 -----------------------------------------------------------------------------
    def counting(self, decision: Any, decided: dict[str, Any]) -> Any:
        """What the count workers need (picklable, compiled there once by `ready`)."""
        return None

    def ready(self, counting: Any) -> Any:
        return counting

    def count(self, ready: Any, article: Article) -> dict[str, list[tuple]]:
        """One article's rows for each of the kind's tables."""
        return {}

    def tally(self, state: Any, table: str, rows: list[tuple], sign: int) -> None:
        """Keep totals of the per-article rows (sign -1: rows that are replaced or removed)."""

    # writing ----------------------------------------------------------------------------
    def write(self, conn: Any, state: Any, decided: dict[str, Any], scratch: Any, touched: Any) -> None:
        """Write the kind's entity tables from its state (inside the run's transaction). `touched`:
        the articles whose rows changed in this run (None: all)."""
