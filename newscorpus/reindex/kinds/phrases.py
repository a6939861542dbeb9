"""Policy phrases as a reindex kind: quoted slogans and a sample -> phrases chosen -> exact counts."""
from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ...extract import phrases as phr
from ...parallel import Later, meanwhile
from ...literals import Overlapping
from ...parse import Article
from ...store import entities
from ...store.chunks import texts_containing
from ..protocol import Job, Kind, add_rows


@dataclass
class Part:
    quoted: phr.QuotedStats = field(default_factory=phr.QuotedStats)
    keys: list[int] = field(default_factory=list)  # every article's text key
    sample: list[tuple[int, list[str]]] = field(default_factory=list)  # (key, texts) of each article sampled


@dataclass
class Decision:
    sources: dict[str, str]  # phrase -> lexicon | quoted | discovered
    scores: dict[str, float]


@dataclass
class State:
    quoted: phr.QuotedStats = field(default_factory=phr.QuotedStats)
    sample: dict[int, list] = field(default_factory=dict)  # text key -> [articles with that text, texts]
    step: int | None = None
    findings: phr.Findings | None = None
    findings_key: str = ""  # what the findings were discovered from
    later: Later | None = None  # discovery running meanwhile (not kept)
    totals: dict = field(default_factory=dict)  # phrase -> [count, articles]

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "later"}

    def __setstate__(self, values: dict) -> None:
        self.__dict__.update(values, later=None)


class Phrases(Kind):
    name = "phrase"
    tables = ("phrase_mentions",)
    related = True

    def new_state(self) -> State:
        return State()

    def collect(self, articles: list[Article], job: Job) -> Part:
        part = Part()
        for art in articles:
            part.quoted.add(art.texts)
            key = phr.text_key(art.texts)
            part.keys.append(key)
            if phr.in_sample(key, job.sample_step):
                part.sample.append((key, art.texts))  # every one: two articles may hold the same text
        return part

    def fold(self, state: State, part: Part, sign: int, scratch) -> None:
        state.quoted.merge(part.quoted, sign)
        if sign > 0:
            for key, texts in part.sample:
                state.sample.setdefault(key, [0, texts])[0] += 1
            return
        for key in part.keys:
            if key in state.sample:
                state.sample[key][0] -= 1
                if not state.sample[key][0]:
                    del state.sample[key]

    def answer(self, question: int, articles: list[Article]) -> Counter:
        """The sample at another step: texts of the articles it takes (key -> texts)."""
        return Counter({(k, tuple(a.texts)): 1 for a in articles if phr.in_sample(k := phr.text_key(a.texts), question)})

    def prepare(self, state: State, run: Any) -> None:
        """Discovery needs no names: it runs in a process of its own while names are decided,
        and only when what it reads (the sample, the slogans, the step) changed."""
        step = run.job.sample_step
        if state.step is not None and step != state.step:
            if step % state.step == 0:  # a larger step samples a subset of the smaller one's sample
                state.sample = {k: v for k, v in state.sample.items() if phr.in_sample(k, step)}
            else:
                found = run.answer(self.name, step, run.everything)
                state.sample = {}
                for (key, texts), n in found.items():
                    state.sample[key] = [n, list(texts)]
        state.step = step
        key = _findings_key(state, run.job)
        if key != state.findings_key or state.findings is None:
            sample = [texts for _, (n, texts) in sorted(state.sample.items()) for _ in range(n)]
            state.later = meanwhile(run.job.jobs, phr.discover_phrases, state.quoted, sample, step, run.job.lexicon)
            state.findings_key = key

    def decide(self, state: State, decided: dict, run: Any) -> Decision:
        if state.later is not None:
            state.findings, state.later = state.later.result(), None
        blocked = set(decided["person"].people) | set(decided["enterprise"].owner)
        sources, scores = phr.choose_phrases(state.findings, blocked)
        return Decision(sources, scores)

    def changed(self, old: dict | None, new: dict) -> set[str] | None:
        """Phrases added (and dropped: their articles are counted again without them)."""
        if old is None:
            return None
        return set(old["phrase"].sources) ^ set(new["phrase"].sources)

    def counting(self, decision: Decision, decided: dict) -> list[str]:
        return sorted(decision.sources)

    def ready(self, phrases: list[str]) -> Overlapping:
        return Overlapping(phrases)  # every occurrence of every phrase, nested ones too (literals)

    def count(self, ready: Overlapping, article: Article) -> dict[str, list[tuple]]:
        return {"phrase_mentions": [(p, article.id, n) for p, n in ready.count(article.texts).items()]}

    def tally(self, state: State, table: str, rows: list[tuple], sign: int) -> None:
        add_rows(state.totals, rows, sign)

    def write(self, conn, state: State, decided: dict, scratch, touched: Any) -> None:
        decision: Decision = decided["phrase"]
        counts = {p: t[0] for p, t in state.totals.items() if p in decision.sources}
        folded = _folded(conn, sorted(p for p in counts if decision.sources[p] != "lexicon"), sorted(counts))
        rows = [(p, src, *state.totals.get(p, [0, 0]), decision.scores.get(p, 0.0))
                for p, src in decision.sources.items() if p not in folded and (src == "lexicon" or p in counts)]
        entities.replace_rows(conn, "phrases", sorted(rows))


def _findings_key(state: State, job: Job) -> str:
    """What discovery reads: the step, the sampled texts and the quoted slogans (lexicon changes
    rebuild everything, so it is not part of the key)."""
    digest = hashlib.blake2b(f"{state.step}".encode(), digest_size=16)
    for key, (n, _) in sorted(state.sample.items()):
        digest.update(f"{key}:{n};".encode())
    digest.update("\n".join(state.quoted.select()).encode("utf-8"))
    return digest.hexdigest()


def _folded(conn, candidates: list[str], counted: list[str]) -> set[str]:
    """Discovered or quoted phrases never seen outside a longer one.

    An article where a phrase occurs more often than its hosts can hold it proves it is seen
    outside (from the mention counts alone); the others are read article by article, streamed,
    stopping at the first occurrence outside.
    """
    folded = set()
    for p in candidates:
        hosts = [q for q in counted if p in q and p != q]
        if not hosts or entities.phrase_seen_outside(conn, p, hosts):
            continue
        if all(phr.fold_nested([p], hosts, texts) for texts in texts_containing(conn, p)):
            folded.add(p)
    return folded
