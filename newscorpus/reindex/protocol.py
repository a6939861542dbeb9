"""The protocol every entity kind follows in a reindex: collect candidates, decide over the corpus, count.

A kind's counts must not depend on the order or batching of ingests, so nothing is decided from
one article alone: pass 1 collects candidates from every chunk of articles (in workers), the
main process folds them and decides over the whole corpus (which names, which company forms,
which phrases), and pass 3 counts what was decided in every article (in workers again). A kind
that needs corpus-wide evidence before deciding asks a question answered by pass 2.

Adding an entity kind: a module in `reindex/kinds/` with a `Kind` subclass, registered in
`reindex/kinds/__init__.py`, plus its tables in `store/` (schema, writes, reads).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..lexicon import UserLexicon
from ..parse import Article


@dataclass(frozen=True)
class Job:
    """What every pass may need to know about the run (picklable: it travels to the workers)."""

    db: str
    lexicon: UserLexicon
    jobs: int
    sample_step: int  # phrase discovery reads every k-th article


class Kind:
    """One entity kind. Methods run in workers (collect, answer, count) or in the main process
    (fold, prepare, decide, counting, write); their results are plain, picklable data."""

    name = ""  # the kind's key: in related, in results and in the mention rows
    table: str | None = None  # the store table its per-article rows go to
    totals = True  # rows are (key, article_id, count): total mentions and articles per key are kept
    related = False  # co-appearances with people are kept (store: related)

    def scratch(self, conn: Any) -> Any:
        """Room in the store for what the kind keeps between passes (temp tables), or None."""
        return None

    def close_scratch(self, scratch: Any) -> None:
        """Drop what `scratch` made, once the reindex is written."""

    # pass 1 -----------------------------------------------------------------------------
    def collect(self, articles: list[Article], job: Job, first: int) -> Any:
        """Candidates of a chunk of articles; `first` is the corpus position of the first."""
        return None

    def fold(self, total: Any, part: Any, scratch: Any) -> Any:
        """Merge a chunk's candidates into the total (None at first); `scratch` spills to the store."""
        return total

    # pass 2 (only when a kind asks) -----------------------------------------------------
    def prepare(self, collected: Any, job: Job) -> Any:
        """A question for pass 2 (None: none); may also start work that runs meanwhile."""
        return None

    def answer(self, question: Any, articles: list[Article]) -> Any:
        return None

    def fold_answer(self, total: Any, part: Any) -> Any:
        return part if total is None else total + part

    # decisions --------------------------------------------------------------------------
    def decide(self, collected: Any, answer: Any, decided: dict[str, Any], job: Job, scratch: Any) -> Any:
        """Decide over the corpus; `decided` holds the decisions of the kinds registered earlier."""
        return None

    # pass 3 -----------------------------------------------------------------------------
    def counting(self, decision: Any, decided: dict[str, Any]) -> Any:
        """What the count workers need (picklable, compiled there once)."""
        return None

    def ready(self, state: Any) -> Any:
        """`counting`'s result as the worker uses it (compiled patterns), built once per worker."""
        return state

    def new_tally(self) -> Any:
        """Per-chunk figures besides the mention rows (headline mentions, written forms ...)."""
        return None

    def count(self, state: Any, article: Article, tally: Any) -> Counter:
        """What of the decided set one article holds, key -> count."""
        return Counter()

    def rows(self, article_id: int, found: Counter) -> list[tuple]:
        return [(key, article_id, n) for key, n in found.items()]

    def fold_tally(self, total: Any, part: Any) -> Any:
        return part if total is None else total

    def write(self, conn: Any, decision: Any, totals: "Totals", tally: Any, scratch: Any) -> set[str]:
        """Write the kind's entity tables (inside the reindex transaction); returns the keys kept."""
        return set()


@dataclass
class Totals:
    """Mentions and articles per key of one kind, over the whole corpus."""

    mentions: Counter
    articles: Counter
