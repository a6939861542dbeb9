"""`Corpus`: one object for notebooks — ingest, reindex and every query, answers as pandas DataFrames.

List queries return DataFrames whose columns are the keys of the command line's JSON output
(nested values stay Python lists and dicts: `titles` of officials is a list of
{title, count, first_date, last_date}, `aliases` of enterprises a dict form -> count).
Record queries (`who`, `enterprise`, `phrase`, `show`, `stats`, `check`) return the JSON record
as a dict. pandas is imported only here, never on the command line's start-up path.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from . import queries
from .lexicon import UserLexicon, lexicon_beside

if TYPE_CHECKING:
    import pandas as pd

    from .parallel import Executor


class Corpus:
    """A corpus file and the lexicon it is built with (`lexicon`: a TOML file or a UserLexicon;
    default lexicon.toml next to the file, as on the command line)."""

    def __init__(self, path: str | Path, lexicon: str | Path | UserLexicon | None = None):
        self.path = Path(path)
        self.lexicon = lexicon if isinstance(lexicon, UserLexicon) else lexicon_beside(
            self.path, Path(lexicon) if lexicon is not None else None)

    def __repr__(self) -> str:
        return f"Corpus({str(self.path)!r})"

    # building ---------------------------------------------------------------------------
    def ingest(self, paths: Iterable[str | Path], *, glob: str | None = None, jobs: int | None = None,
               page_date: date | None = None, fields: dict[str, str] | None = None, full: bool = False,
               progress: Callable[[int, int, str], None] | None = None, executor: "Executor | None" = None):
        """Read page files and folders into the corpus and rebuild what changed (an IngestReport).
        `glob`: which files of a folder (default: every format read, as on the command line);
        `fields`: a crawler's JSON field names (headline=TITLE, body=CONTENT); `executor`: where the work runs (default: `jobs` processes here; a cluster: newscorpus.cluster.connect)."""
        from .ingestion import ingest

        return ingest([Path(p) for p in paths], db=self.path, glob=glob, jobs=jobs, page_date=page_date,
                      lexicon=self.lexicon, fields=fields, progress=progress, full=full, executor=executor)

    def reindex(self, *, jobs: int | None = None, progress: Callable[[int, int, str], None] | None = None,
                executor: "Executor | None" = None) -> dict:
        """Rebuild the entity tables from the stored articles; how many of each kind were found."""
        from . import store
        from .reindex import reindex

        with store.translated(self.path):
            conn = store.connect(self.path, write=True)
            try:
                return reindex(conn, lexicon=self.lexicon, jobs=jobs, progress=progress, executor=executor)
            finally:
                conn.close()

    @property
    def stale(self) -> bool:
        """Do the entity tables lag behind the articles (an interrupted ingest)? `reindex` fixes it."""
        return queries.is_stale(self.path)

    # list queries: DataFrames -----------------------------------------------------------
    def articles(self, **filters) -> "pd.DataFrame":
        """Articles (filters: source, kind, search, since, until)."""
        return _frame(queries.articles(self.path, **filters), _ARTICLE_COLUMNS)

    def officials(self, *, top: int = 0, title: str | None = None) -> "pd.DataFrame":
        return _frame(queries.officials(self.path, top=top, title=title), _OFFICIAL_COLUMNS)

    def enterprises(self, *, top: int = 0) -> "pd.DataFrame":
        return _frame(queries.enterprises(self.path, top=top), ["name", "aliases", "mentions", "articles", "candidates"])

    def phrases(self, *, top: int = 0, min_articles: int = 1, source: str | None = None,
                since: str | None = None, until: str | None = None) -> "pd.DataFrame":
        rows = queries.phrases(self.path, top=top, min_articles=min_articles, source=source, since=since, until=until)
        return _frame(rows, ["phrase", "count", "articles", "source"])

    def kwic(self, text: str, *, width: int = 20, limit: int = 0, regex: bool = False, words: int = 0,
             sort: str | None = None) -> "pd.DataFrame":
        """Concordance lines (see concordance.concordance: regex, context in words, AntConc sorts)."""
        from .concordance import concordance

        rows = concordance(self.path, text, regex=regex, width=width, words=words, sort=sort, limit=limit)
        return _frame(rows, ["id", "source", "left", "match", "right"])

    def stopwords(self, files: Iterable[str | Path] = ()) -> frozenset[str]:
        """The shipped stop words, `[block] words` of this corpus's lexicon, and those of `files`."""
        from .wordlists import stopwords

        return stopwords(self.lexicon.not_words, [Path(f) for f in files])

    def words(self, *, top: int = 0, min_count: int = 1, since: str | None = None, until: str | None = None,
              source: str | None = None, stop: frozenset[str] | None = None) -> "pd.DataFrame":
        """The word frequency list (stop words: `stop`, default self.stopwords())."""
        from .wordlists import words

        rows = words(self.path, since=since, until=until, source=source, top=top, min_count=min_count,
                     stop=self.stopwords() if stop is None else stop)
        return _frame(rows, ["word", "count", "articles", "per_10k"])

    def ngrams(self, n: int = 2, *, top: int = 0, min_count: int = 2, since: str | None = None,
               until: str | None = None, source: str | None = None, stop: frozenset[str] | None = None) -> "pd.DataFrame":
        from .wordlists import ngrams

        rows = ngrams(self.path, n, since=since, until=until, source=source, top=top, min_count=min_count,
                      stop=self.stopwords() if stop is None else stop)
        return _frame(rows, ["ngram", "count", "articles", "per_10k"])

    def collocates(self, node: str, *, span: int = 5, measure: str = "mi", min_freq: int = 2, top: int = 0,
                   since: str | None = None, until: str | None = None, source: str | None = None,
                   stop: frozenset[str] | None = None) -> "pd.DataFrame":
        from .wordlists import collocates

        rows = collocates(self.path, node, span=span, measure=measure, min_freq=min_freq, top=top, since=since,
                          until=until, source=source, stop=self.stopwords() if stop is None else stop)
        return _frame(rows, ["collocate", "count", "left", "right", "frequency", "score"])

    def timeline(self, target: str, *, by: str = "month", kind: str | None = None) -> "pd.DataFrame":
        from .timeline import timeline

        return _frame(timeline(self.path, target, by=by, kind=kind), ["period", "mentions", "articles"])

    def network(self, *, kind: str = "officials", min_weight: int = 1) -> "pd.DataFrame":
        """The co-appearance edges (source, target, weight)."""
        from .network import co_appearances

        return _frame(co_appearances(self.path, kind=kind, min_weight=min_weight)[1], ["source", "target", "weight"])

    def keyness(self, target: str, reference: str, *, top: int = 30, min_count: int = 2,
                units: str = "phrases") -> "pd.DataFrame":
        """Phrases, or all words (`units="words"`, this corpus's stop words left out), by log-likelihood."""
        from .keyness import keyness

        stop = self.stopwords() if units == "words" else frozenset()
        rows = keyness(self.path, target, reference, top=top, min_count=min_count, units=units, stop=stop)
        return _frame(rows, ["word" if units == "words" else "phrase", "target", "reference", "target_per_10k",
                             "reference_per_10k", "log_likelihood", "direction"])

    def leftovers(self) -> "pd.DataFrame":
        return _frame(queries.leftovers(self.path), ["source", "kind", "text"])

    def mentions(self) -> "pd.DataFrame":
        """One row per official and article: name, article id, date, count (for groupby and pivots)."""
        from .store import reads

        with queries.opened(self.path) as conn:
            rows = reads.official_mentions(conn)
        return _frame(rows, ["name", "article_id", "date", "count"])

    # record queries: dicts ---------------------------------------------------------------
    def who(self, name: str, **kw) -> dict:
        return queries.who(self.path, name, **kw)

    def enterprise(self, name: str, **kw) -> dict:
        return queries.enterprise(self.path, name, **kw)

    def phrase(self, text: str, **kw) -> dict:
        return queries.phrase(self.path, text, **kw)

    def show(self, article_id: int) -> dict:
        return queries.show(self.path, article_id)

    def stats(self) -> dict:
        return queries.stats(self.path)

    def check(self) -> dict:
        return queries.check(self.path)


_ARTICLE_COLUMNS = ["id", "source", "seq", "kind", "headline", "headline_lines", "byline", "reporters",
                    "correspondents", "photographers", "chars", "date"]
_OFFICIAL_COLUMNS = ["name", "title", "titles", "mentions", "articles", "role", "place", "headline_mentions",
                     "body_mentions", "lead_articles", "list_position"]


def _frame(rows: list[dict], columns: list[str]) -> "pd.DataFrame":
    """A DataFrame of the rows, with the given columns even when there are no rows."""
    import pandas as pd

    frame = pd.DataFrame.from_records(rows)
    return frame if rows else pd.DataFrame(columns=columns)
