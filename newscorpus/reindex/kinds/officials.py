"""People as a reindex kind: titled and listed occurrences -> names decided over the corpus -> mentions.

Reporters, correspondents and photographers come from bylines and are kept with their role.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from ...extract import officials as off
from ...lexicon import dictionary_words
from ...parse import Article
from ...store.entities import TitleScratch, write_rows
from ..protocol import Job, Kind, Totals

ROLES = ("reporter", "correspondent", "photographer")  # in the order of the byline fields


@dataclass
class Candidates:
    """Occurrences (deduplicated, with counts), a window of text for each, and the articles that
    held each titled one (spilled to the store as they come)."""

    occurrences: Counter = field(default_factory=Counter)
    windows: dict = field(default_factory=dict)
    titled: Counter = field(default_factory=Counter)  # (key, article id, date) -> n; per chunk only
    key_ids: dict = field(default_factory=dict)  # titled key -> id in the scratch tables
    keys: list = field(default_factory=list)  # set by prepare: occurrences with their windows
    words: dict = field(default_factory=dict)


@dataclass
class Decision:
    people: dict[str, off.Person]
    words: dict[str, str]
    lexicon_officials: frozenset[str]


@dataclass
class Tally:
    head: Counter = field(default_factory=Counter)  # mentions in headlines
    lead: Counter = field(default_factory=Counter)  # articles naming the person in the first paragraph
    bylines: Counter = field(default_factory=Counter)  # (name, role) -> articles signed

    def __iadd__(self, other: "Tally") -> "Tally":
        self.head.update(other.head)
        self.lead.update(other.lead)
        self.bylines.update(other.bylines)
        return self


class Officials(Kind):
    name = "person"
    table = "person_mentions"
    related = True

    def scratch(self, conn) -> TitleScratch:
        return TitleScratch(conn)

    def collect(self, articles: list[Article], job: Job, first: int) -> Candidates:
        found = Candidates()
        extra = tuple(job.lexicon.titles)
        for art in articles:
            for text in art.texts:
                for occ in off.candidates(text, extra):
                    key = replace(occ, window="")
                    found.occurrences[key] += 1
                    found.windows.setdefault(key, occ.window)
                    if occ.titles:
                        found.titled[(key, art.id, art.date)] += 1
        return found

    def fold(self, total: Candidates | None, part: Candidates, scratch: TitleScratch) -> Candidates:
        total = total or Candidates()
        total.occurrences.update(part.occurrences)
        for key, window in part.windows.items():
            total.windows.setdefault(key, window)
        ids = total.key_ids
        scratch.add_titled([(ids.setdefault(k, len(ids)), a, d, n) for (k, a, d), n in part.titled.items()])
        return total

    def prepare(self, collected: Candidates, job: Job) -> frozenset[str]:
        """Names that nothing closes where they stand: pass 2 looks for them ending elsewhere."""
        collected.keys = [replace(k, window=collected.windows[k]) for k in collected.occurrences]
        collected.words = dictionary_words()
        return frozenset(off.open_options(off.drop_words(k, collected.words) for k in collected.keys))

    def answer(self, question: frozenset[str], articles: list[Article]) -> Counter:
        return off.closed_elsewhere(set(question), (t for art in articles for t in art.texts))

    def decide(self, collected: Candidates, answer: Counter, decided: dict, job: Job,
               scratch: TitleScratch) -> Decision:
        keys, weights = collected.keys, list(collected.occurrences.values())
        names = off.choose(keys, weights=weights, blocked=frozenset(job.lexicon.not_officials),
                           words=collected.words, elsewhere=answer or Counter())
        people = off.merge(keys, names, weights)
        for name, titles in job.lexicon.officials.items():
            person = people.setdefault(name, off.Person(name, "official"))
            person.role = "official"
            person.titles.update({t: 0 for t in titles if t not in person.titles})
        ids = collected.key_ids
        scratch.decide([(ids[replace(k, window="")], n) for k, n in zip(keys, names) if n in people and k.titles],
                       [(i, t) for k, i in ids.items() for t in k.titles])
        return Decision(people, collected.words, frozenset(job.lexicon.officials))

    def counting(self, decision: Decision, decided: dict) -> dict:
        names = sorted(decision.people)
        return {"names": names, "words": {n: decision.words[n] for n in names if n in decision.words},
                "full_names": decided["enterprise"].full_names}

    def ready(self, state: dict) -> dict:
        from ...extract import enterprises as ent

        return {"people": off.mention_pattern(state["names"]), "words": state["words"],
                "mask": ent.full_name_pattern(state["full_names"])}

    def new_tally(self) -> Tally:
        return Tally()

    def count(self, state: dict, article: Article, tally: Tally) -> Counter:
        people, words, mask = state["people"], state["words"], state["mask"]
        body = off.count_mentions(article.paragraphs, people, words, mask)
        head = off.count_mentions(article.headline_lines, people, words, mask)
        tally.head.update(head)
        if article.paragraphs:
            tally.lead.update(off.count_mentions(article.paragraphs[:1], people, words, mask).keys())
        for role, names in zip(ROLES, (article.reporters, article.correspondents, article.photographers)):
            tally.bylines.update((name, role) for name in names)
        return body + head

    def fold_tally(self, total: Tally | None, part: Tally) -> Tally:
        if total is None:
            return part
        total += part
        return total

    def write(self, conn, decision: Decision, totals: Totals, tally: Tally, scratch: TitleScratch) -> set[str]:
        people, mentions = decision.people, totals.mentions
        kept = {n for n in people if mentions[n] or n in decision.lexicon_officials}
        rows = [_person_row(people[name], totals, tally) for name in sorted(kept)]
        write_rows(conn, "people", rows + _byline_people(tally.bylines, kept))
        title_dates = scratch.attribute(sorted(kept))
        write_rows(conn, "person_titles", [(name, title, count, *title_dates.get((name, title), (None, None)))
                                           for name in sorted(kept) for title, count in people[name].titles.items()])
        return kept

    def close_scratch(self, scratch: TitleScratch) -> None:
        scratch.drop()


def _person_row(person: off.Person, totals: Totals, tally: Tally) -> tuple:
    name, positions, total = person.name, person.list_positions, totals.mentions[person.name]
    return (name, person.role, off.primary_title(person), _top(person.places), total, totals.articles[name],
            tally.head[name], total - tally.head[name], tally.lead[name],
            sum(positions) / len(positions) if positions else None)


def _byline_people(bylines: Counter, known: set[str]) -> list[tuple]:
    """Reporters, correspondents and photographers: people with a role, never officials."""
    roles: dict[str, Counter] = defaultdict(Counter)
    for (name, role), n in bylines.items():
        roles[name][role] += n
    rows = []
    for name, counts in sorted(roles.items()):
        if name in known:
            continue
        role, _ = min(counts.items(), key=lambda kv: (-kv[1], ROLES.index(kv[0])))
        total = sum(counts.values())
        rows.append((name, role, role, "", total, total, 0, 0, 0, None))
    return rows


def _top(counter: Counter[Any]) -> str:
    return min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0] if counter else ""
