"""Enterprises as a reindex kind: written forms -> enterprises linked over the corpus -> mentions."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ...extract import enterprises as ent
from ...literals import Guarded
from ...parse import Article
from ...store import entities
from ...tally import add_signed
from ..protocol import Job, Kind, add_rows


@dataclass
class Decision:
    enterprises: dict[str, ent.Enterprise]
    owner: dict[str, str]  # written form -> the enterprise it names

    @property
    def masking(self) -> list[str]:
        """Registered full names (with a legal form): no person is named inside one."""
        legal = ent.patterns().legal_forms
        return sorted(e.name for e in self.enterprises.values() if e.name.endswith(legal))


@dataclass
class State:
    forms: Counter = field(default_factory=Counter)
    totals: dict = field(default_factory=dict)  # name -> [mentions, articles]
    surfaces: Counter = field(default_factory=Counter)  # written form -> occurrences


class Enterprises(Kind):
    name = "enterprise"
    tables = ("enterprise_mentions", "form_mentions")
    related = True

    def new_state(self) -> State:
        return State()

    def collect(self, articles: list[Article], job: Job) -> Counter:
        forms: Counter = Counter()
        for art in articles:
            for text in art.texts:
                forms.update(ent.forms(text))
        return forms

    def fold(self, state: State, part: Counter, sign: int, scratch) -> None:
        add_signed(state.forms, part, sign)

    def decide(self, state: State, decided: dict, run: Any) -> Decision:
        enterprises = ent.build(state.forms, run.job.lexicon)
        return Decision(enterprises, ent.owners(enterprises))

    def changed(self, old: dict | None, new: dict) -> set[str] | None:
        """Written forms added, dropped, or now naming another enterprise."""
        if old is None:
            return None
        before, after = old["enterprise"].owner, new["enterprise"].owner
        return {s for s in before.keys() | after.keys() if before.get(s) != after.get(s)}

    def counting(self, decision: Decision, decided: dict) -> dict[str, str]:
        return decision.owner

    def ready(self, owner: dict[str, str]) -> tuple:
        """Written forms, longest first, short cores guarded (extract.enterprises.surface_guards),
        read by an automaton (literals)."""
        return Guarded(owner, ent.surface_guards(owner)), owner

    def count(self, ready: tuple, article: Article) -> dict[str, list[tuple]]:
        pattern, owner = ready
        companies: Counter = Counter()
        surfaces: Counter = Counter()
        if pattern is not None:
            for text in article.texts:
                for m in pattern.finditer(text):
                    surfaces[m.group(0)] += 1
                    companies[owner[m.group(0)]] += 1
        return {"enterprise_mentions": [(name, article.id, n) for name, n in companies.items()],
                "form_mentions": [(s, article.id, n) for s, n in surfaces.items()]}

    def tally(self, state: State, table: str, rows: list[tuple], sign: int) -> None:
        if table == "form_mentions":
            for surface, _, n in rows:
                add_signed(state.surfaces, {surface: n}, sign)
            return
        add_rows(state.totals, rows, sign)

    def write(self, conn, state: State, decided: dict, scratch, touched: Any) -> None:
        decision: Decision = decided["enterprise"]
        rows = [(e.name, *state.totals[e.name], json.dumps(e.candidates, ensure_ascii=False))
                for e in decision.enterprises.values() if e.name in state.totals]
        entities.replace_rows(conn, "enterprises", sorted(rows))
        entities.replace_rows(conn, "enterprise_forms", sorted((decision.owner[s], s, n) for s, n in state.surfaces.items()))
