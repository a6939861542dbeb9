"""Policy phrases as a reindex kind: quoted slogans and a sample -> phrases chosen -> exact counts."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ...extract import phrases as phr
from ...parallel import Later, meanwhile
from ...parse import Article
from ...store.chunks import texts_containing
from ...store.entities import drop_phrase_mentions, phrase_seen_outside, write_rows
from ..protocol import Job, Kind, Totals


@dataclass
class Candidates:
    quoted: phr.QuotedStats = field(default_factory=phr.QuotedStats)
    sample: list[list[str]] = field(default_factory=list)  # texts of every k-th article, for discovery
    findings: Later | None = None  # discovery, running meanwhile (set by prepare)


@dataclass
class Decision:
    sources: dict[str, str]  # phrase -> lexicon | quoted | discovered
    scores: dict[str, float]


class Phrases(Kind):
    name = "phrase"
    table = "phrase_mentions"
    related = True

    def collect(self, articles: list[Article], job: Job, first: int) -> Candidates:
        found = Candidates()
        for art in articles:
            found.quoted.add(art.texts)
        found.sample = [a.texts for i, a in enumerate(articles, first) if i % job.sample_step == 0]
        return found

    def fold(self, total: Candidates | None, part: Candidates, scratch) -> Candidates:
        if total is None:
            return part
        total.quoted.merge(part.quoted)
        total.sample.extend(part.sample)
        return total

    def prepare(self, collected: Candidates | None, job: Job) -> None:
        """Discovery needs no names: it runs in a process of its own while names are decided."""
        collected = collected or Candidates()
        collected.findings = meanwhile(job.jobs, phr.discover_phrases, collected.quoted, collected.sample,
                                       job.sample_step, job.lexicon)
        return None

    def decide(self, collected: Candidates, answer, decided: dict, job: Job, scratch) -> Decision:
        blocked = set(decided["person"].people) | set(decided["enterprise"].owner)
        sources, scores = phr.choose_phrases(collected.findings.result(), blocked)
        return Decision(sources, scores)

    def counting(self, decision: Decision, decided: dict) -> list[str]:
        return list(decision.sources)

    def ready(self, phrases: list[str]) -> phr.PhraseCounter:
        return phr.PhraseCounter(phrases)

    def count(self, state: phr.PhraseCounter, article: Article, tally) -> Counter:
        return state.count(article.texts)

    def write(self, conn, decision: Decision, totals: Totals, tally, scratch) -> set[str]:
        counts, sources = totals.mentions, decision.sources
        folded = _folded(conn, [p for p in sources if sources[p] != "lexicon" and counts[p]], list(counts))
        drop_phrase_mentions(conn, folded)
        rows = [(p, src, counts[p], totals.articles[p], decision.scores.get(p, 0.0))
                for p, src in sources.items() if p not in folded and (src == "lexicon" or counts[p])]
        write_rows(conn, "phrases", rows)
        return {r[0] for r in rows}


def _folded(conn, candidates: list[str], counted: list[str]) -> set[str]:
    """Discovered or quoted phrases never seen outside a longer one.

    An article where a phrase occurs more often than its hosts can hold it proves it is seen
    outside (from the mention counts alone); the others are read article by article, streamed,
    stopping at the first occurrence outside.
    """
    folded = set()
    for p in candidates:
        hosts = [q for q in counted if p in q and p != q]
        if not hosts or phrase_seen_outside(conn, p, hosts):
            continue
        if all(phr.fold_nested([p], hosts, texts) for texts in texts_containing(conn, p)):
            folded.add(p)
    return folded
