"""Officials: person names anchored on title chains and group lists, resolved across the corpus.

Extraction runs in two steps so that counts do not depend on ingest order: `candidates()` reads
one text and returns every titled or listed occurrence with the name lengths it allows;
`resolve()` looks at all occurrences of the corpus at once and decides each name's length from
evidence (a name seen whole in a `、` list beats a longer guess such as 王岩应 in 副区长王岩应邀参加).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Iterable, Iterator

from ..lexicon import surnames, terms
from ..patterns import alternation

HAN = "\u3400-\u4dbf\u4e00-\u9fff"
# Characters that never open a place name: they end a clause before a title (会议由|区人大常委会主任).
_STOP = "由在对向与和及的了是为将把被从到于等会议并或且而同跟率请让使给经据按以"
_LINK_CHARS = set("和与及同向对在为于把将被从跟")
_NOT_IN_NAME = set("的了在和与及等是为对向从到将把被之其并或且而")
_CLAUSE_END = ",，。;；:：!！?？()（）“”‘’《》【】\n—…"


@dataclass(frozen=True)
class Occurrence:
    """One titled, listed or credited occurrence of a person in a text."""

    options: tuple[str, ...]  # possible names, shortest first
    closed: tuple[bool, ...]  # per option: does the text show the name ending there?
    titles: tuple[str, ...] = ()
    group: str = ""
    place: str = ""
    list_pos: int = 0  # 1-based position in a name list; 0 when the name stands alone
    role: str = "official"  # official | executive | expert
    window: str = ""  # the text from the name on, for segmentation as a tie-breaker


@dataclass
class Person:
    name: str
    role: str
    titles: Counter = field(default_factory=Counter)
    groups: Counter = field(default_factory=Counter)
    places: Counter = field(default_factory=Counter)
    list_positions: list[int] = field(default_factory=list)


class _Patterns:
    """Regexes built once from the data files (and a user's extra titles)."""

    def __init__(self, extra_titles: tuple[str, ...] = ()):
        posts = alternation(terms("posts") + extra_titles)
        organs = alternation(terms("organs"))
        levels = alternation(terms("levels"))
        suffixes = alternation(terms("place_suffixes"))
        place_char = f"(?:(?![{_STOP}])[{HAN}])"
        place = f"(?:{place_char}{{1,7}}?(?:{suffixes}))"
        body = f"(?:(?:第[一二三四五六七八九十百0-9]+批)?{place_char}{{0,8}}?(?:工作组|指挥部|领导小组|工作队))"
        unit = f"(?:(?:{place})?(?:{levels})?(?:(?:{organs})|{body})*(?:{posts}))"
        name_start = f"(?:{alternation(s for s in surnames() if len(s) == 2)}|[{''.join(s for s in surnames() if len(s) == 1)}]|[{HAN}]{{1,6}}·)"
        # Titles are found from their last post word (cheap to search for) back to their start.
        self.title_tail = re.compile(f"(?:{posts})(?=(?:{name_start}))")
        self.title_chain = re.compile(f"(?:{unit}、)*{unit}\\Z")
        groups = alternation(terms("group_words"))
        scope = f"(?:(?:{levels})、)?(?:{place}(?:{levels})?|{levels})(?:{organs})*"
        self.group_tail = re.compile(f"(?:{groups})(?=(?:{name_start}))")
        self.group = re.compile(f"{scope}(?:{groups})\\Z")
        self.place = re.compile(f"^(?P<place>{place})(?:{levels})?(?:(?:{organs})|{body})*(?:(?:{posts})|(?:{groups}))$")
        self.executive = re.compile(f"(?:{alternation(terms('executive_posts'))})(?=(?:{name_start}))")
        self.expert = re.compile(f"(?:{alternation(terms('expert_posts'))})(?=(?:{name_start}))")
        self.postfix = re.compile(f"(?P<name>[{HAN}]{{2,3}})(?P<title>总书记|总理|委员长)")
        self.followers = tuple(sorted(set(terms("name_followers") + terms("expert_posts") + terms("posts")),
                                      key=len, reverse=True))


@lru_cache(maxsize=8)
def patterns(extra_titles: tuple[str, ...] = ()) -> _Patterns:
    return _Patterns(extra_titles)


_ETHNIC = re.compile(f"[{HAN}]{{1,6}}·[{HAN}]{{1,8}}")
_ALL_HAN = re.compile(f"[{HAN}]+")


def _name_options(text: str) -> list[str]:
    """Names that may start at text[0]: single or double surname plus one or two characters."""
    ethnic = _ETHNIC.match(text) if "·" in text[:7] else None
    if ethnic:  # 阿卜杜·热合曼: the part after the dot may run into the next words
        head = ethnic.group(0).index("·") + 1
        return [ethnic.group(0)[: head + n] for n in range(1, len(ethnic.group(0)) - head + 1)]
    known = surnames()
    head = 2 if text[:2] in known else 1 if text[:1] in known else 0
    if not head:
        return []
    out = []
    for given in (1, 2):
        name = text[: head + given]
        if len(name) == head + given and _ALL_HAN.fullmatch(name) and not (_NOT_IN_NAME & set(name[1:])):
            out.append(name)
    return out


def _closed(text: str, end: int, followers: tuple[str, ...]) -> bool:
    """Does the text show a name ending at `end`: punctuation, a list mark or a typical verb?"""
    rest = text[end:]
    return not rest or rest[0] in _CLAUSE_END or rest[0] in "、 " or rest.startswith(followers)


def _list_items(text: str, start: int, followers: tuple[str, ...]) -> list[tuple[tuple[str, ...], tuple[bool, ...], str]]:
    """The names of a `、` list starting at `start`: whole items first, then one open-ended name."""
    end = start
    while end < len(text) and text[end] not in _CLAUSE_END:
        end += 1
    parts = text[start:end].split("、")
    items: list[tuple[tuple[str, ...], tuple[bool, ...], str]] = []
    pos = start
    for k, part in enumerate(parts):
        if k < len(parts) - 1 and part in _name_options(part):
            items.append(((part,), (True,), part))
            pos += len(part) + 1
            continue
        options = _name_options(text[pos:])
        if options:
            items.append((tuple(options), tuple(_closed(text, pos + len(o), followers) for o in options),
                          text[pos:pos + 8]))
        break
    return items


_WINDOW = 60
_TITLE_STOPS = ",。;:!?“”‘’()《》 "


def _labels(text: str, tail: re.Pattern, full: re.Pattern) -> Iterator[tuple[str, int]]:
    """Titles (or group labels) that end right before a name: the longest ending at each tail."""
    for m in tail.finditer(text):
        # a title holds only Han characters, digits and 、: start the search after the last
        # punctuation, so the regex is tried at a few places instead of _WINDOW
        start = max(max(text.rfind(p, 0, m.start()) for p in _TITLE_STOPS) + 1, m.start() - _WINDOW, 0)
        window = text[start:m.end()]
        found = full.search(window)
        if found:
            yield found.group(0), m.end()


def candidates(text: str, extra_titles: tuple[str, ...] = ()) -> list[Occurrence]:
    """Every titled, listed or postfixed person occurrence in one paragraph or headline."""
    pat = patterns(extra_titles)
    found: list[Occurrence] = []
    for tail, regex, kind in ((pat.title_tail, pat.title_chain, "title"), (pat.group_tail, pat.group, "group")):
        for label, end in _labels(text, tail, regex):
            items = _list_items(text, end, pat.followers)
            titles: tuple[str, ...] = ()
            group = place = ""
            if kind == "title":
                titles = tuple(t for t in label.split("、") if t)
                place = _place(titles[0], pat)
            else:
                group = label
                place = _place(label, pat)
            for pos, (options, closed, window) in enumerate(items, 1):
                found.append(Occurrence(options, closed, titles, group, place, pos if len(items) > 1 else 0,
                                        window=window))
    for regex, role in ((pat.executive, "executive"), (pat.expert, "expert")):
        for m in regex.finditer(text):
            options = _name_options(text[m.end():])
            if options:
                found.append(Occurrence(tuple(options), tuple(_closed(text, m.end() + len(o), pat.followers) for o in options),
                                        (m.group(0),), role=role, window=text[m.end():m.end() + 8]))
    for m in pat.postfix.finditer(text):
        name = m.group("name")
        # 学习钟飞总书记 / 落实卢明强总书记: where the name starts is read by segmenting what precedes
        readings = [o for o in (name, name[1:]) if len(o) >= 2 and o in _name_options(o)]
        if readings:
            reading = _left_reading(text[max(0, m.start("name") - 4):m.end("name")], readings)
            found.append(Occurrence((reading,), (True,), (m.group("title"),), window=name))
    return found


def _place(title: str, pat: _Patterns) -> str:
    """The named place a title belongs to (汉滨区领导 -> 汉滨区), if the title names one."""
    m = pat.place.match(title)
    return m.group("place") if m else ""


def choose(occurrences: list[Occurrence], *, weights: list[int] | None = None, blocked: frozenset[str] = frozenset(),
           words: dict[str, str] | None = None, texts: Iterable[str] = (),
           elsewhere: Counter | None = None) -> list[str | None]:
    """The name each occurrence stands for (None: not a name), decided from corpus-wide evidence.

    An option counts as evidence where the text shows it ending (a list mark, punctuation or a
    typical verb after it). Each occurrence takes its own closed option if any, else the option
    with most evidence elsewhere, else jieba's reading. An option that is an everyday word of
    another kind (关于, 干部: `words` maps words to jieba POS tags) is never a name. `texts` (the
    corpus) adds evidence from untitled occurrences (王建国、李四一行); `elsewhere` is that evidence
    counted beforehand (see `open_options` and `closed_elsewhere`). `weights` counts how often
    each (deduplicated) occurrence was seen.
    """
    words = words or {}
    occurrences = [drop_words(occ, words) for occ in occurrences]
    weights = weights or [1] * len(occurrences)
    evidence: Counter = Counter()
    for occ, weight in zip(occurrences, weights):
        for option, closed in zip(occ.options, occ.closed):
            if closed:
                evidence[option] += weight
    evidence.update(elsewhere if elsewhere is not None else closed_elsewhere(open_options(occurrences), texts))
    chosen: list[str | None] = []
    for occ in occurrences:
        # closed here beats evidence elsewhere; between equals the shorter wins, since a longer
        # option that also looks closed has swallowed a one-character verb (王岩在 -> 王岩|在)
        scored = [(closed, evidence[o], -len(o), o) for o, closed in zip(occ.options, occ.closed)]
        best = max(scored, default=None)
        if best is not None and not best[0]:
            # nothing closes here: the longest reading seen whole elsewhere is a person of its own
            # (龙晨桂 继续…, while another 龙晨 exists); a shorter one would cut that name
            seen = [o for o in occ.options if evidence[o]]
            if seen:
                best = (False, evidence[max(seen, key=len)], 0, max(seen, key=len))
        name = None if best is None else best[3] if best[1] else _segmented(occ.window, occ.options)
        chosen.append(None if name in blocked else name)
    return chosen


def resolve(occurrences: list[Occurrence], **kw) -> dict[str, Person]:
    """Merge occurrences into people by the names `choose` gives them."""
    return merge(occurrences, choose(occurrences, **kw))


def merge(occurrences: list[Occurrence], names: list[str | None], weights: list[int] | None = None) -> dict[str, Person]:
    people: dict[str, Person] = {}
    for occ, name, weight in zip(occurrences, names, weights or [1] * len(occurrences)):
        if name is None:
            continue
        person = people.get(name)
        if person is None:
            person = people[name] = Person(name, occ.role)
        if occ.role == "official":
            person.role = "official"
        for title in occ.titles:
            person.titles[title] += weight
        if occ.group:
            person.groups[occ.group] += weight
        if occ.place:
            person.places[occ.place] += weight
        if occ.list_pos:
            person.list_positions.extend([occ.list_pos] * weight)
    return people


def _left_reading(window: str, readings: list[str]) -> str:
    """The reading of a name that ends the window, as jieba segments it (学习|钟飞, 和|钟飞)."""
    from ..segment import cut

    tokens = cut(window)
    acc = ""
    while tokens:
        token = tokens.pop()
        if len(acc) >= 2 and (len(token) > 1 or token in _LINK_CHARS or token + acc not in readings):
            break
        acc = token + acc
    if acc in readings:
        return acc
    longest = max(readings, key=len)
    return readings[-1] if longest[0] in _LINK_CHARS and len(readings) > 1 else longest


def _segmented(window: str, options: tuple[str, ...]) -> str | None:
    """jieba's reading of the name as a last resort (王志强|来访), when no text shows where it ends."""
    from ..segment import cut

    acc = ""
    for token in cut(window):
        if len(acc) >= 2 and (len(token) > 1 or acc + token not in options):
            break
        acc += token
    return acc if acc in options else None


def open_options(occurrences: Iterable[Occurrence]) -> set[str]:
    """Options of occurrences that nothing closes where they stand: they need evidence elsewhere."""
    return {o for occ in occurrences if not any(occ.closed) for o in occ.options}


def closed_elsewhere(options: set[str], texts: Iterable[str]) -> Counter:
    """How often each option is seen ending as a name does anywhere in the texts."""
    found: Counter = Counter()
    if not options:
        return found
    starts = re.compile(f"(?=(?:{alternation({o[:2] for o in options})}))")
    followers = patterns().followers
    sizes = sorted({len(o) for o in options})
    for text in texts:
        for m in starts.finditer(text):
            for size in sizes:
                option = text[m.start(): m.start() + size]
                if option in options and _closed(text, m.start() + size, followers):
                    found[option] += 1
    return found


def drop_words(occ: Occurrence, words: dict[str, str]) -> Occurrence:
    """The occurrence without the options that are everyday words of another kind (关于, 干部)."""
    keep = [(o, c) for o, c in zip(occ.options, occ.closed) if not (o in words and not words[o].startswith("nr"))]
    return replace(occ, options=tuple(o for o, _ in keep), closed=tuple(c for _, c in keep))


def seniority(title: str) -> int:
    """Rank of a title by its post word (lower is more senior); unknown posts rank last."""
    posts = terms("posts")
    for rank, post in enumerate(posts):
        if title.endswith(post):
            return rank
    return len(posts)


def primary_title(person: Person) -> str:
    """The most frequent title, ties broken by seniority; a group label when no title was seen."""
    if person.titles:
        return min(person.titles.items(), key=lambda kv: (-kv[1], seniority(kv[0]), kv[0]))[0]
    if person.groups:
        return min(person.groups.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    return ""


def mention_pattern(names: list[str]) -> re.Pattern | None:
    """One regex for all known names, longest first, so 王岩 never matches inside 王岩松."""
    if not names:
        return None
    return re.compile(alternation(names))


def count_mentions(texts: list[str], pattern: re.Pattern | None, words: dict[str, str] | None = None,
                   mask: re.Pattern | None = None) -> Counter:
    """Occurrences of each known name in the texts of one article.

    A name that is also an everyday word (in `words`) counts only where the text shows it ending
    as a name does (a list mark, punctuation, a typical verb), so 文明 in 文明实践 is not a person.
    Nothing inside a span of `mask` counts (an official 苏华 is not in 江苏华阳机械有限公司).
    """
    counts: Counter = Counter()
    if pattern is None:
        return counts
    words = words or {}
    followers = patterns().followers
    for text in texts:
        masked = [m.span() for m in mask.finditer(text)] if mask is not None else []
        for m in pattern.finditer(text):
            name = m.group(0)
            if name in words and not _closed(text, m.end(), followers):
                continue
            if any(s < m.end() and m.start() < e for s, e in masked):
                continue
            counts[name] += 1
    return counts
