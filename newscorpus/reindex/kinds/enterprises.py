"""Enterprises as a reindex kind: written forms -> enterprises linked over the corpus -> mentions."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ...extract import enterprises as ent
from ...parse import Article
from ...store.entities import write_rows
from ..protocol import Job, Kind, Totals


@dataclass
class Decision:
    enterprises: dict[str, ent.Enterprise]
    owner: dict[str, str]  # written form -> the enterprise it names

    @property
    def full_names(self) -> list[str]:
        return [e.name for e in self.enterprises.values()]


class Enterprises(Kind):
    name = "enterprise"
    table = "enterprise_mentions"
    related = True

    def collect(self, articles: list[Article], job: Job, first: int) -> Counter:
        forms: Counter = Counter()
        for art in articles:
            for text in art.texts:
                forms.update(ent.forms(text))
        return forms

    def fold(self, total: Counter | None, part: Counter, scratch) -> Counter:
        total = total if total is not None else Counter()
        total.update(part)
        return total

    def decide(self, collected: Counter | None, answer, decided: dict, job: Job, scratch) -> Decision:
        enterprises = ent.build(collected or Counter(), job.lexicon)
        _, owner = ent.surface_pattern(enterprises)
        return Decision(enterprises, owner)

    def counting(self, decision: Decision, decided: dict) -> dict[str, str]:
        return decision.owner

    def ready(self, owner: dict[str, str]) -> tuple:
        return ent.compile_surfaces(owner), owner

    def new_tally(self) -> Counter:
        return Counter()  # written form -> occurrences

    def count(self, state: tuple, article: Article, tally: Counter) -> Counter:
        pattern, owner = state
        companies: Counter = Counter()
        if pattern is not None:
            for text in article.texts:
                for m in pattern.finditer(text):
                    tally[m.group(0)] += 1
                    companies[owner[m.group(0)]] += 1
        return companies

    def fold_tally(self, total: Counter | None, part: Counter) -> Counter:
        if total is None:
            return part
        total.update(part)
        return total

    def write(self, conn, decision: Decision, totals: Totals, tally: Counter, scratch) -> set[str]:
        import json

        rows = [(e.name, totals.mentions[e.name], totals.articles[e.name], json.dumps(e.candidates, ensure_ascii=False))
                for e in decision.enterprises.values() if totals.mentions[e.name]]
        write_rows(conn, "enterprises", rows)
        write_rows(conn, "enterprise_forms", [(decision.owner[s], s, n) for s, n in (tally or {}).items()])
        return {r[0] for r in rows}
