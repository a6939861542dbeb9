"""People as a reindex kind: titled and listed occurrences -> names decided over the corpus -> mentions.

Reporters, correspondents and photographers come from bylines and are kept with their role.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ...extract import officials as off
from ...lexicon import dictionary_words
from ...literals import longest
from ...parse import Article
from ...store import entities
from ...tally import add_signed
from ..protocol import Job, Kind

ROLES = ("reporter", "correspondent", "photographer")  # in the order of the byline fields


_KEY_FIELDS = tuple(f for f in off.Occurrence._fields if f != "window")


def key_text(key: off.Occurrence) -> str:
    """An occurrence (without its window) as text: how the store names it."""
    return json.dumps([getattr(key, name) for name in _KEY_FIELDS], ensure_ascii=False)


@dataclass
class Part:
    """Candidates of a chunk: occurrences, windows of the open ones, titled rows, bylines."""

    occurrences: Counter = field(default_factory=Counter)
    windows: Counter = field(default_factory=Counter)  # (key, window) -> n, for keys nothing closes
    titled: list = field(default_factory=list)  # (key text, article id, date, n)
    bylines: Counter = field(default_factory=Counter)  # (name, role) -> articles signed


@dataclass
class Decision:
    people: dict[str, off.Person]  # person id -> person (the id is the name, or name(place) for a namesake)
    words: dict[str, str]  # names that are also everyday words -> their POS
    lexicon_officials: frozenset[str]
    key_names: dict[str, str]  # titled key text -> the id of the person it was decided to be
    key_titles: dict[str, tuple[str, ...]]
    split: dict[str, tuple[str, dict[int, str]]]  # a name of several people -> (the most seen one's id,
    #                                               article -> the id of the one its titles name there)


@dataclass
class State:
    occurrences: Counter = field(default_factory=Counter)
    windows: Counter = field(default_factory=Counter)
    evidence: Counter = field(default_factory=Counter)  # option -> closed occurrences over the corpus
    asked: frozenset | None = None  # the options `evidence` covers
    bylines: Counter = field(default_factory=Counter)
    totals: dict = field(default_factory=dict)  # name -> [mentions, articles, headline mentions, lead articles]
    kept_titles: dict = field(default_factory=dict)  # titled key -> name, for kept people (as last written)
    spans: dict = field(default_factory=dict)  # titled key -> [first date, last date]
    stale_spans: set = field(default_factory=set)  # keys that lost an occurrence on their first or last date


class Officials(Kind):
    name = "person"
    tables = ("person_mentions",)
    related = True

    def new_state(self) -> State:
        return State()

    def scratch(self, conn) -> entities.TitleScratch:
        return entities.TitleScratch(conn)

    def collect(self, articles: list[Article], job: Job) -> Part:
        part = Part()
        extra = tuple(job.lexicon.titles)
        titled: Counter = Counter()
        key_texts: dict[off.Occurrence, str] = {}  # news repeats its title chains: each written once
        for art in articles:
            for text in art.texts:
                for occ in off.candidates(text, extra):
                    key = off.without_window(occ)
                    part.occurrences[key] += 1
                    if not any(occ.closed):
                        part.windows[(key, occ.window)] += 1
                    if occ.titles:
                        if key not in key_texts:
                            key_texts[key] = key_text(key)
                        titled[(key_texts[key], art.id, art.date)] += 1
            for role, names in zip(ROLES, (art.reporters, art.correspondents, art.photographers)):
                part.bylines.update((name, role) for name in names)
        part.titled = [(k, a, d, n) for (k, a, d), n in titled.items()]
        return part

    def fold(self, state: State, part: Part, sign: int, scratch: entities.TitleScratch) -> None:
        add_signed(state.occurrences, part.occurrences, sign)
        add_signed(state.windows, part.windows, sign)
        add_signed(state.bylines, part.bylines, sign)
        if sign > 0:
            scratch.add_titled(part.titled)
        for key, _, day, _ in part.titled:
            span = state.spans.get(key)
            if day is None:
                continue
            if sign > 0:
                state.spans[key] = [min(span[0], day), max(span[1], day)] if span else [day, day]
            elif span and day in span:
                state.stale_spans.add(key)  # read again from the corpus once it is written

    def answer(self, question: frozenset[str], articles: list[Article]) -> Counter:
        return off.closed_elsewhere(set(question), (t for art in articles for t in art.texts))

    def decide(self, state: State, decided: dict, run: Any) -> Decision:
        words = dictionary_words()
        window: dict = {}
        for (key, text), _ in sorted(state.windows.items(), key=lambda kv: kv[0][1]):
            window.setdefault(key, text)  # the smallest window: the same whatever the ingest order
        keys = sorted(state.occurrences, key=key_text)
        occurrences = [k._replace(window=window.get(k, "")) for k in keys]
        weights = [state.occurrences[k] for k in keys]
        options = frozenset(off.open_options(off.drop_words(o, words) for o in occurrences))
        evidence = _evidence(self.name, state, options, run)
        names = off.choose(occurrences, weights=weights, blocked=frozenset(run.job.lexicon.not_officials),
                           words=words, elsewhere=evidence)
        people, ids = off.people_of(occurrences, names, weights)
        for name, titles in run.job.lexicon.officials.items():
            person = people.setdefault(name, off.Person(name, "official"))
            person.role = "official"
            person.titles.update({t: 0 for t in titles if t not in person.titles})
        titled = [(key_text(k), i, k.titles) for k, i in zip(keys, ids) if i in people and k.titles]
        key_names = {k: i for k, i, _ in titled}
        return Decision(people, {p.name: words[p.name] for p in people.values() if p.name in words},
                        frozenset(run.job.lexicon.officials), key_names, {k: t for k, _, t in titled},
                        _split(people, key_names, run))

    def changed(self, old: dict | None, new: dict) -> set[str] | None:
        """Names added or dropped, names whose namesakes changed, and company full names that mask
        names, added or dropped."""
        if old is None:
            return None
        before, after = old["person"], new["person"]
        names = {p.name for p in before.people.values()} ^ {p.name for p in after.people.values()}
        names |= {n for n in before.split.keys() | after.split.keys() if before.split.get(n) != after.split.get(n)}
        return names | (set(old["enterprise"].masking) ^ set(new["enterprise"].masking))

    def counting(self, decision: Decision, decided: dict) -> dict:
        return {"names": sorted({p.name for p in decision.people.values()}), "words": decision.words,
                "mask": decided["enterprise"].masking, "split": decision.split}

    def ready(self, counting: dict) -> dict:
        """Names and masking company names matched by automata (literals), longest first."""
        return {"people": longest(counting["names"]), "words": counting["words"], "mask": longest(counting["mask"]),
                "split": counting["split"]}

    def count(self, ready: dict, article: Article) -> dict[str, list[tuple]]:
        people, words, mask = ready["people"], ready["words"], ready["mask"]
        first = off.count_mentions(article.paragraphs[:1], people, words, mask)
        lead = set(first)
        body = off.count_mentions(article.paragraphs[1:], people, words, mask, into=first)  # the lead's counts too
        head = off.count_mentions(article.headline_lines, people, words, mask)
        split = ready["split"]
        rows = []
        for name, n in (body + head).items():
            person = split[name][1].get(article.id, split[name][0]) if name in split else name
            rows.append((person, article.id, n, head[name], int(name in lead)))
        return {"person_mentions": rows}

    def tally(self, state: State, table: str, rows: list[tuple], sign: int) -> None:
        for name, _, n, head, lead in rows:
            total = state.totals.setdefault(name, [0, 0, 0, 0])
            for i, value in enumerate((n, 1, head, lead)):
                total[i] += sign * value
            if total[1] == 0:
                del state.totals[name]

    def write(self, conn, state: State, decided: dict, scratch: entities.TitleScratch, touched: Any) -> None:
        decision: Decision = decided["person"]
        people, totals = decision.people, state.totals
        kept = {n for n in people if n in totals or n in decision.lexicon_officials}
        rows = [_person_row(person_id, people[person_id], totals.get(person_id, [0, 0, 0, 0])) for person_id in sorted(kept)]
        entities.replace_rows(conn, "people", rows + _byline_people(state.bylines, {people[i].name for i in kept} | kept))
        scratch.keep()
        kept_titles = {k: n for k, n in decision.key_names.items() if n in kept}
        redo = None if touched is None else (set(touched) | scratch.articles_of(
            {k for k in kept_titles.keys() | state.kept_titles.keys() if kept_titles.get(k) != state.kept_titles.get(k)}))
        scratch.attribute(kept_titles, decision.key_titles, redo)
        if state.stale_spans:
            for key in state.stale_spans:
                state.spans.pop(key, None)
            state.spans.update(scratch.spans(state.stale_spans))
            state.stale_spans = set()
        dates = _title_dates(state.spans, kept_titles, decision.key_titles)
        entities.replace_rows(conn, "person_titles", [
            (name, title, count, *dates.get((name, title), (None, None)))
            for name in sorted(kept) for title, count in people[name].titles.items()])
        state.kept_titles = kept_titles


def _title_dates(spans: dict[str, list[str]], key_people: dict[str, str],
                 key_titles: dict[str, tuple[str, ...]]) -> dict[tuple[str, str], tuple[str, str]]:
    """Each (person, title)'s first and last date, from the first and last dates of its keys."""
    out: dict[tuple[str, str], list[str]] = {}
    for key, person in key_people.items():
        first_last = spans.get(key)
        for title in key_titles.get(key, ()) if first_last else ():
            span = out.setdefault((person, title), list(first_last))
            span[0], span[1] = min(span[0], first_last[0]), max(span[1], first_last[1])
    return {k: (first, last) for k, (first, last) in out.items()}


def _evidence(kind: str, state: State, options: frozenset[str], run: Any) -> Counter:
    """How often each open option is seen ending as a name does anywhere in the corpus: kept from
    the last run and brought up to date with the articles added and removed since; options never
    asked before are counted over the articles that hold them (in a rebuild too: the trigram index
    finds them, a few in a hundred articles where reading every one took 4% of an ingest)."""
    if state.asked is None or run.full:
        evidence = run.answer(kind, options, run.holding(options))
    else:
        kept = options & state.asked
        evidence = Counter({o: state.evidence[o] for o in kept if state.evidence[o]})
        if kept:
            evidence.update(run.answer(kind, kept, run.pending))
            evidence.subtract(run.answer(kind, kept, run.retired, retired=True))
        new = options - state.asked
        if new:
            evidence.update(run.answer(kind, new, run.containing(new)))
    state.evidence, state.asked = Counter(dict(sorted((+evidence).items()))), options  # one order however read
    return state.evidence


def _split(people: dict[str, off.Person], key_names: dict[str, str], run: Any) -> dict:
    """For each name of several people: the most seen one's id, and in each article whose titles
    name another one, that one's id (a bare mention goes to the most seen)."""
    names = {}
    for person_id, person in people.items():
        names.setdefault(person.name, []).append(person_id)
    shared = {name for name, ids in names.items() if len(ids) > 1}
    if not shared:
        return {}
    keys = {k: i for k, i in key_names.items() if people[i].name in shared}
    votes: dict[tuple[str, int], Counter] = {}
    for key, article, n in run.titled(set(keys)):
        votes.setdefault((people[keys[key]].name, article), Counter())[keys[key]] += n
    out = {name: (name, {}) for name in shared}
    for (name, article), counts in votes.items():
        person_id = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        if person_id != name:
            out[name][1][article] = person_id
    return out


def _person_row(person_id: str, person: off.Person, total: list[int]) -> tuple:
    positions = person.list_positions
    mentions, articles, head, lead = total
    return (person_id, person.name, person.role, off.primary_title(person), _top(person.places), mentions, articles,
            head, mentions - head, lead, sum(positions) / len(positions) if positions else None, int(person.foreign))


def _byline_people(bylines: Counter, known: set[str]) -> list[tuple]:
    """Reporters, correspondents and photographers: people with a role, never officials."""
    roles: dict[str, Counter] = {}
    for (name, role), n in bylines.items():
        roles.setdefault(name, Counter())[role] += n
    rows = []
    for name, counts in sorted(roles.items()):
        if name in known:
            continue
        role, _ = min(counts.items(), key=lambda kv: (-kv[1], ROLES.index(kv[0])))
        total = sum(counts.values())
        rows.append((name, name, role, role, "", total, total, 0, 0, 0, None, 0))
    return rows


def _top(counter: Counter[Any]) -> str:
    return min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0] if counter else ""
