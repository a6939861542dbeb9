"""Word lists over the project's segmentation: word and n-gram frequencies, collocates, word keyness.

Every article of the slice is segmented when asked (rjieba, ~17 MB/s): no token cache is kept
in the corpus, because counting the tokens costs about as much as reading cached ones would
(measured: segmentation 6-17 MB/s, counting 22 MB/s, splitting stored tokens 26 MB/s).
A word is a token holding a letter or a Han character (tokens.is_word); stop words (the shipped
newscorpus/data/stopwords.txt, `[block] words` of the user lexicon, `--stopwords FILE`) are
counted in the totals but never listed.
"""
from __future__ import annotations

import math
from collections import Counter
from pathlib import Path
from typing import Iterable, Iterator

from .errors import LexiconError, UsageError
from .lexicon import terms
from .queries import Db, corpus_file, folded, opened
from .store import reads
from .tokens import count_words, drop_non_words, is_word, runs, tokens
from .vocab import MEASURES


def stopwords(extra: Iterable[str] = (), files: Iterable[Path] = ()) -> frozenset[str]:
    """The shipped stop words, plus `extra` words and the words of `files` (the data-file format:
    whitespace-separated, `#` starts a comment)."""
    words = set(terms("stopwords")) | set(extra)
    for path in files:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise LexiconError(f"cannot read the stop word file {path}: {getattr(exc, 'strerror', None) or exc}") from None
        for line in text.splitlines():
            words.update(line.split("#", 1)[0].split())
    return frozenset(words)


def stopwords_for(db: Db, lexicon: Path | None = None, files: Iterable[Path] = (), *, keep: bool = False) -> frozenset[str]:
    """The stop words a command line user means: shipped ones, `[block] words` of the lexicon the
    corpus is built with (lexicon.toml beside it, or `lexicon`), and `files`; none with `keep`."""
    from .lexicon import lexicon_beside

    if keep:
        return frozenset()
    path = Path(corpus_file(db))
    return stopwords(lexicon_beside(path, lexicon).not_words, files)


def _texts(db: Db, since: str | None, until: str | None, source: str | None) -> Iterator[tuple[int, list[str]]]:
    with opened(db) as conn:
        yield from reads.texts_in(conn, reads.article_filter(since, until, source))


def word_counts(db: Db, *, since: str | None = None, until: str | None = None,
                source: str | None = None) -> tuple[Counter, Counter, int]:
    """(count of each word, articles holding it, all words) over a slice of the corpus."""
    counts: Counter = Counter()
    articles: Counter = Counter()
    for _, chunks in _texts(db, since, until, source):
        articles.update(count_words(chunks, counts))
    drop_non_words(counts)
    return counts, articles, sum(counts.values())


def _ranked(rows: list[dict], key: str, top: int) -> list[dict]:
    """Count desc, then articles desc, then the text: a total order."""
    rows.sort(key=lambda r: (-r["count"], -r["articles"], r[key]))
    return rows[:top] if top else rows


def words(db: Db, *, since: str | None = None, until: str | None = None, source: str | None = None,
          stop: frozenset[str] = frozenset(), top: int = 50, min_count: int = 1) -> list[dict]:
    """The word list: {word, count, articles, per_10k} (per 10,000 words of the slice)."""
    counts, articles, total = word_counts(db, since=since, until=until, source=source)
    rows = [{"word": w, "count": n, "articles": articles[w], "per_10k": round(n / total * 10_000, 3)}
            for w, n in counts.items() if n >= min_count and w not in stop]
    return _ranked(rows, "word", top)


def ngrams(db: Db, n: int = 2, *, since: str | None = None, until: str | None = None, source: str | None = None,
           stop: frozenset[str] = frozenset(), top: int = 50, min_count: int = 2) -> list[dict]:
    """n consecutive words (never across punctuation): {ngram (words joined by spaces), count,
    articles, per_10k}; an n-gram that starts or ends with a stop word is left out."""
    if not 2 <= n <= 4:
        raise UsageError(f"n-grams are 2 to 4 words long, not {n}")
    counts: Counter = Counter()
    articles: Counter = Counter()
    total = 0
    for _, chunks in _texts(db, since, until, source):
        grams: list[tuple[str, ...]] = []
        for chunk in chunks:
            for run in runs(chunk):
                total += len(run)
                grams.extend(zip(*(run[i:] for i in range(n))))
        counts.update(grams)
        articles.update(set(grams))
    rows = [{"ngram": " ".join(g), "count": c, "articles": articles[g], "per_10k": round(c / total * 10_000, 3)}
            for g, c in counts.items() if c >= min_count and g[0] not in stop and g[-1] not in stop]
    return _ranked(rows, "ngram", top)


def collocates(db: Db, node: str, *, span: int = 5, measure: str = "mi", min_freq: int = 2, top: int = 50,
               since: str | None = None, until: str | None = None, source: str | None = None,
               stop: frozenset[str] = frozenset()) -> list[dict]:
    """Words within `span` words left or right of each occurrence of `node` (any string; within
    one paragraph, across punctuation), seen there at least `min_freq` times: {collocate, count,
    left, right, frequency (in the whole slice), score} by score, then count, then word."""
    if measure not in MEASURES:
        raise UsageError(f"the measure is one of {', '.join(MEASURES)}, not {measure!r}")
    if span < 1:
        raise UsageError(f"the span is at least one word, not {span}")
    node = folded(node)
    freq: Counter = Counter()
    left: Counter = Counter()
    right: Counter = Counter()
    hits = window = 0
    for _, chunks in _texts(db, since, until, source):
        count_words(chunks, freq)
        for chunk in chunks:
            at = chunk.find(node)
            ws = [t for t in tokens(chunk) if is_word(t[0])] if at >= 0 else []
            while at >= 0:
                end = at + len(node)
                before_words = [t[0] for t in ws if t[2] <= at][-span:]
                after_words = [t[0] for t in ws if t[1] >= end][:span]
                hits += 1
                window += len(before_words) + len(after_words)
                left.update(before_words)
                right.update(after_words)
                at = chunk.find(node, end)
    total = sum(drop_non_words(freq).values())
    rows = []
    for word, count in (left + right).items():
        if count < min_freq or word == node or word in stop:
            continue
        rows.append({"collocate": word, "count": count, "left": left[word], "right": right[word],
                     "frequency": freq[word], "score": round(score(measure, count, window, freq[word], total, hits), 3)})
    rows.sort(key=lambda r: (-r["score"], -r["count"], r["collocate"]))
    return rows[:top] if top else rows


def score(measure: str, o11: int, r1: int, c1: int, n: int, f_node: int) -> float:
    """Association of a collocate seen `o11` times in the node's windows (`r1` words in all),
    `c1` times in the slice of `n` words, with a node seen `f_node` times.

    Expected co-occurrence E11 = r1 * c1 / n (Evert's surface co-occurrence): mi = log2(O11/E11);
    t = (O11 - E11) / sqrt(O11); ll = Dunning's G2 over the 2x2 table (windows / rest of the
    slice x collocate / other words), negative where
    O11 < E11; dice = 2 * O11 / (f_node + c1).
    """
    expected = r1 * c1 / n
    if measure == "mi":
        return math.log2(o11 / expected)
    if measure == "t":
        return (o11 - expected) / math.sqrt(o11)
    if measure == "dice":
        return 2 * o11 / (f_node + c1)
    observed = (o11, r1 - o11, c1 - o11, n - r1 - c1 + o11)
    expected_cells = (expected, r1 * (n - c1) / n, (n - r1) * c1 / n, (n - r1) * (n - c1) / n)
    g2 = 2 * sum(o * math.log(o / e) for o, e in zip(observed, expected_cells) if o > 0 and e > 0)
    return g2 if o11 >= expected else -g2  # signed: rarer near the node than elsewhere is negative


def keyness_counts(db: Db, where: tuple[str, list], stop: frozenset[str]) -> tuple[dict[str, int], int]:
    """Each word's count in a slice (`reads.slice_where`) and the slice's size in words."""
    counts: Counter = Counter()
    with opened(db) as conn:
        for _, chunks in reads.texts_in(conn, where):
            count_words(chunks, counts)
    total = sum(drop_non_words(counts).values())
    return {w: n for w, n in counts.items() if w not in stop}, total
