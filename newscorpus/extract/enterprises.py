"""Enterprises: full names anchored on legal forms, short forms linked to them by their core.

Two steps, like officials: `forms()` finds the written forms in one text (full names, `X集团`,
brands introduced as companies, items of `A、B等3家企业`); `build()` links the forms of the whole
corpus into enterprises through each name's core (region prefix, legal form and generic
industry words stripped), never merging a short form that fits two full names.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterator

from ..lexicon import UserLexicon, dictionary_words, terms
from ..patterns import HAN, alternation
from ..segment import cut, cut_tagged, is_word

_NAME_RUN = re.compile(f"[{HAN}A-Za-z0-9()&·]*\\Z")  # searched up to a position: the run of name characters ending there
_MAX_NAME = 40
_ANCHOR = re.compile("公司|集团|企业|厂|合伙")
_ITEMS_RUN = 80  # the longest run of items written before 等 (pat.items)


@dataclass(frozen=True)
class Form:
    surface: str
    kind: str  # full | group | brand | item


@dataclass
class Enterprise:
    name: str  # canonical: the fullest name
    surfaces: set[str] = field(default_factory=set)
    candidates: list[str] = field(default_factory=list)  # full names an ambiguous short form may mean


class _Patterns:
    def __init__(self):
        self.legal = re.compile(alternation(terms("legal_forms")))
        self.group = re.compile(f"(?:{alternation(terms('company_groups'))})(?!有限|股份|公司|化|军|团|\\))")
        self.short = re.compile(alternation(terms("company_short_endings")))
        self.company = re.compile("(?<![分子母总])公司")
        self.intl = re.compile(alternation(terms("international_orgs")))
        self.intl_words = frozenset(terms("international_orgs"))
        self.organs = frozenset(terms("organs"))
        self.apposition = re.compile(f"(?<=企业|公司|厂商|车企)(?=[{HAN}A-Za-z])")
        self.region = re.compile(alternation(terms("regions")))
        self.boundary_multi = re.compile(alternation(w for w in terms("boundary_words") if len(w) > 1))
        self.boundary_single = "".join(w for w in terms("boundary_words") if len(w) == 1)
        self.not_endings = tuple(terms("not_enterprise_endings"))
        self.industry = tuple(sorted(terms("industry_words"), key=len, reverse=True))
        self.regions = tuple(sorted(terms("regions"), key=len, reverse=True))
        self.region_set = frozenset(self.regions)
        self.region_lengths = tuple(sorted({len(r) for r in self.regions}, reverse=True))
        self.legal_forms = tuple(sorted(terms("legal_forms"), key=len, reverse=True))
        self.brand = re.compile(
            f"(?:^|(?<=[,。;:!?]))(?P<x>[{HAN}A-Za-z0-9]{{2,8}}?)是(?:一家)?[^。;!?]{{0,50}}?"
            f"(?:企业|公司|车企|厂商|厂家)(?=[。;,!?]|$)")
        # A、B等(3家)(园区重点)企业: up to six characters may qualify the companies after 等
        tail = f"等(?:[0-9一二三四五六七八九十两几多]+家)?[{HAN}]{{0,6}}?(?:企业|公司)"
        self.items = re.compile(f"(?P<items>[{HAN}A-Za-z0-9、]{{2,{_ITEMS_RUN}}}?){tail}")
        self.items_tail = re.compile(tail)


@lru_cache(maxsize=1)
def patterns() -> _Patterns:
    return _Patterns()


def trim_left(run: str) -> str:
    """Cut what stands before a company name: verbs (来到), links (及), `…的`, region after a link."""
    pat = patterns()
    cut = 0
    for m in pat.boundary_multi.finditer(run):
        if len(run) - m.end() >= 2:
            cut = max(cut, m.end())
    if "的" in run[cut:]:
        cut = max(cut, run.rindex("的") + 1) if len(run) - run.rindex("的") - 1 >= 2 else cut
    run = run[cut:]
    for m in pat.region.finditer(run):  # 及江苏某达…: a link word right before a region opens the name
        if m.start() > 0 and run[m.start() - 1] in pat.boundary_single:
            run = run[m.start():]
            break
    while len(run) > 2 and run[0] in pat.boundary_single:
        run = run[1:]
    run = _cut_link(run)
    while run.startswith(("(", ")")) or (run.count("(") < run.count(")") and ")" in run):
        run = run[run.index(")") + 1:] if ")" in run and run.count("(") < run.count(")") else run[1:]
    return run


def _cut_link(run: str) -> str:
    """Cut at a one-character link or preposition that follows a whole word (记者|从|某铁集团,
    某某区|与|某投集团); one inside a name (某源和泰) stays, since jieba reads it with a single character."""
    pat = patterns()
    if not any(ch in pat.boundary_single for ch in run[1:-2]):
        return run
    tokens = cut_tagged(run)
    pos = 0
    cut = 0
    for i, (token, tag) in enumerate(tokens):
        if 0 < i and token in pat.boundary_single and tag in ("p", "c", "v", "u", "uj") \
                and (len(tokens[i - 1][0]) >= 2 or tokens[i - 1][1] == "r") \
                and len(run) - (pos + len(token)) >= 2:
            cut = pos + len(token)
        pos += len(token)
    return run[cut:]


def _run_before(text: str, end: int, limit: int = _MAX_NAME) -> str:
    return _NAME_RUN.search(text, max(0, end - limit), end).group(0)


def core(name: str) -> str:
    """A company name without region prefix, legal form and generic industry words (江苏某达实业集团有限公司 -> 某达)."""
    pat = patterns()
    for form in pat.legal_forms:
        if name.endswith(form) and len(name) > len(form):
            name = name[: -len(form)]
            break
    name = re.sub(r"\([^()]*\)", "", name)
    changed = True
    while changed:
        changed = False
        for region in pat.regions:
            if name.startswith(region) and len(name) - len(region) >= 2:
                name, changed = name[len(region):], True
                break
        for word in pat.industry + pat.regions:
            if name.endswith(word) and len(name) - len(word) >= 2:
                name, changed = name[: -len(word)], True
                break
    return name


def _stem(name: str) -> str:
    for form in patterns().legal_forms:
        if name.endswith(form):
            return name[: -len(form)]
    return name


def _is_enterprise_like(name: str) -> bool:
    pat = patterns()
    return len(name) >= 2 and not name.endswith(pat.not_endings) and not re.search("[我该其这此本]", name[:1]) \
        and name not in pat.intl_words and not pat.intl.fullmatch(name) and name not in pat.organs


def _proper(x: str, regional: bool = True) -> bool:
    """Is `x` (the part of a short company name before its ending) a name of its own: no everyday
    word, region or place, and not opened by a quantifier (一家|某某公司)?"""
    pat = patterns()
    if not 2 <= len(x) <= 6 or not re.fullmatch(f"[{HAN}A-Za-z0-9]+", x):
        return False
    if re.match("[一两几多各每该这那此本其某全我贵]", x) or x[-1] in "的地得省市区县镇乡村":
        return False
    bare = x
    for n in pat.region_lengths:  # the longest region it opens with (a look-up per length, not per region)
        if len(x) >= n and x[:n] in pat.region_set:
            bare = x[n:]
            break
    words = dictionary_words()
    if len(bare) < 2 or x in words or pat.region.fullmatch(x):
        return False
    if bare != x and regional:
        # 某省石化(公司): a region and its trade name a regional company, if no verb or adverb is in it
        return len(bare) <= 4 and not any(tag[:1] in ("v", "p", "c", "d", "u", "r", "m") for _, tag in cut_tagged(bare))
    if bare in pat.industry:
        return False
    # at least one part is no word at all or an abbreviation (生物技术创新 is all words: a kind, not a name)
    tokens = cut_tagged(bare)
    if len(tokens) == 1 and tokens[0][1] == "j":
        return True
    if any(tag[:1] in ("v", "p", "c", "d", "u", "r", "m", "a", "f", "t") for t, tag in tokens):
        return False  # 实施更多|科技, 技术在|钢铁: a clause, not a name
    return bare not in words and any(not is_word(t) and t not in pat.industry or tag == "j" for t, tag in tokens)


def forms(text: str) -> list[Form]:
    """The company names written in one text, in order, each found once."""
    if not _ANCHOR.search(text) and not patterns().short.search(text):  # every form needs one of these
        return []
    pat = patterns()
    found: list[tuple[int, int, Form]] = []
    for m in pat.legal.finditer(text):
        name = trim_left(_run_before(text, m.start())) + m.group(0)
        if len(name) - len(m.group(0)) >= 2:
            found.append((m.end() - len(name), m.end(), Form(name, "full")))
    taken = [(s, e) for s, e, _ in found]
    for m in pat.group.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        head = trim_left(_run_before(text, m.start(), 10))
        if len(head) >= 2 and _is_enterprise_like(head + m.group(0)) and not pat.region.fullmatch(head):
            found.append((m.start() - len(head), m.end(), Form(head + m.group(0), "group")))
    for m in pat.short.finditer(text):  # 某克药业, 某某重工: written with no legal form
        if any(s <= m.start() < e for s, e, _ in found):
            continue
        head = trim_left(_run_before(text, m.start(), 6))
        if len(head) <= 4 and _proper(head, regional=False) and _is_enterprise_like(head + m.group(0)) and _word_ends(text, m.start() - len(head), m.end()):
            found.append((m.start() - len(head), m.end(), Form(head + m.group(0), "group")))
    for m in pat.company.finditer(text) if "公司" in text else ():  # 某某石化公司, 某飞民机公司
        if any(s <= m.start() < e for s, e, _ in found):
            continue
        before = text[max(0, m.start() - 8):m.start()]
        head = trim_left(_run_before(text, m.start(), 8))
        if re.search(r"(?:[一两几多每该这那此本其]家?|家)\Z", before[: len(before) - len(head)]):
            continue  # 一家航空复合材料公司: a kind of company, not a name
        if _proper(head) and _is_enterprise_like(head + "公司") and _word_ends(text, m.start() - len(head), m.end()):
            found.append((m.start() - len(head), m.end(), Form(head + "公司", "group")))
    for m in pat.apposition.finditer(text) if _has_any(text, _HEADS) else ():  # 某某生产企业某科某某举办…
        if any(s <= m.start() < e for s, e, _ in found):
            continue  # inside a name already found (某某有限公司|的): no segmentation needed
        x = _apposed(text, m.start())
        if x and _is_enterprise_like(x):
            found.append((m.start(), m.start() + len(x), Form(x, "brand")))
    for m in pat.brand.finditer(text) if "是" in text and _has_any(text, _BRAND_HEADS) else ():
        x = trim_left(m.group("x"))
        if _is_enterprise_like(x) and not any(s <= m.start("x") < e for s, e in taken):
            found.append((m.start("x"), m.end("x"), Form(x, "brand")))
    for m in _items(text, pat):
        items = m.group("items").split("、")
        items[0] = trim_left(items[0])
        if all(2 <= len(i) <= 8 and _is_enterprise_like(i) for i in items) and (len(items) >= 2 or _proper(items[0]) and _named(items[0])):
            found.extend((m.start(), m.end(), Form(i, "item")) for i in items)
    found.sort(key=lambda t: (t[0], -t[1]))
    return [f for _, _, f in found]


# The regexes below scan from every position (a lookbehind, a lazy run before 等): each is run
# only on texts holding the literals any match of it must hold, and `items` only from 80
# characters before the first 等 that 企业/公司 follows as a match needs, where a match can begin at
# the earliest. The matches are the same.
_HEADS = ("企业", "公司", "厂商", "车企")
_BRAND_HEADS = ("企业", "公司", "车企", "厂商", "厂家")


def _has_any(text: str, words: tuple[str, ...]) -> bool:
    return any(w in text for w in words)


def _items(text: str, pat: _Patterns) -> Iterator[re.Match]:
    first = text.find("等")
    if first < 0 or not _has_any(text, ("企业", "公司")):
        return iter(())
    tail = pat.items_tail.search(text, first)  # the first 等 that a match can end with
    if tail is None:
        return iter(())
    return pat.items.finditer(text, max(0, tail.start() - _ITEMS_RUN))


def warm() -> None:
    """Load the patterns and word lists now: workers forked after this share them."""
    patterns()
    dictionary_words()


@lru_cache(maxsize=1)
def _word_heads() -> dict[str, str]:
    """For each character, the characters that make a two-character word when written before it."""
    heads: dict[str, set[str]] = {}
    for w in dictionary_words():
        if len(w) == 2:
            heads.setdefault(w[1], set()).add(w[0])
    return {k: "".join(sorted(v)) for k, v in heads.items()}


def _named(x: str) -> bool:
    """Does jieba read a proper noun or an abbreviation in `x` (某钢), not only common nouns (米面油)?"""
    return any(tag in ("j", "nz", "nt", "nr", "ns", "eng", "nrt", "nrfg") for _, tag in cut_tagged(x))


def _word_ends(text: str, start: int, end: int) -> bool:
    """Does jieba end a word at `end` (某克药业|建议, not 某某电子商务)?"""
    if end >= len(text) or not re.match(f"[{HAN}]", text[end]):
        return True
    at = start
    for token in cut(text[start:end + 4]):
        at += len(token)
        if at >= end:
            return at == end
    return True


def _apposed(text: str, pos: int) -> str:
    """A company name written right after a generic head noun (某某生产企业|某科某某|举办了…).

    The head must be a word of its own in jieba's reading (not 企业家), preceded by what it
    qualifies (生产企业, 龙头企业); the name is the nouns up to the next verb, link or punctuation,
    one of them at least no everyday word (a brand or an abbreviation), the whole no everyday word.
    """
    at = max(0, pos - 4)
    starts, before_tag = set(), None
    for token, tag in cut_tagged(text[at:pos + 10]):
        starts.add(at)
        at += len(token)
        if at == pos - 2:  # the word right before the head noun
            before_tag = tag
    if pos not in starts or pos - 2 not in starts or before_tag not in ("n", "vn", "nz", "j", "b"):
        return ""  # 企业家…, or 企业 with no noun qualifying it (帮助企业|办实事)
    tokens = cut_tagged(text[pos:pos + 10])
    acc = ""
    proper = False
    rest_tag = ""
    for token, tag in tokens:
        if not (tag.startswith("n") or tag in ("j", "eng")) or not re.fullmatch(f"[{HAN}A-Za-z]+", token):
            rest_tag = tag
            break
        acc += token
        proper = proper or not is_word(token) or tag in ("j", "nz", "nr", "ns", "eng")
        if len(acc) > 6:
            return ""
    if not acc or not proper or is_word(acc) or len(acc) < 2:
        return ""
    if rest_tag not in ("v", "p", "c", "u", "uj", "x", "d"):
        return ""
    return acc if _proper(acc) else ""


def _abbreviates(short: str, full: str) -> bool:
    """Is `short` an abbreviation of `full`: its characters in order in the full name, the first two
    together at the start of a word of it (某飞民机公司 of 某航某飞民用飞机有限责任公司; 海运 is no
    abbreviation of 东海运输…, where 海运 straddles 东海|运输)?"""
    bare = re.sub("(?:公司|集团)$", "", short)
    stem = _stem(full)
    if len(bare) < 3 or bare[:2] not in stem:
        return False
    starts, at = set(), 0
    for token in cut(stem):
        starts.add(at)
        at += len(token)
    i = stem.find(bare[:2])
    if i not in starts:
        return False
    it = iter(stem[i:])
    return all(ch in it for ch in bare)


def build(all_forms: Counter, lexicon: UserLexicon | None = None) -> dict[str, Enterprise]:
    """Link written forms into enterprises.

    A full name is an enterprise of its own. A short form joins the one full name that shares
    its core; when two full names share it, the short form stays apart with both as candidates.
    Short forms with no full name group by core under their longest form. A core that is no
    everyday word also counts when written alone (某创 in 某创新能源项目: 某创 + 新能源项目).
    """
    lexicon = lexicon or UserLexicon()
    blocked = set(lexicon.not_enterprises)
    words = dictionary_words()
    fulls = sorted({f.surface for f in all_forms if f.kind == "full"} | set(lexicon.enterprises))
    ents: dict[str, Enterprise] = {}
    by_core: dict[str, list[str]] = defaultdict(list)
    fulls_set = set(fulls)
    bare_of: dict[str, str] = {}  # 某省某某有限公司 and 某某有限公司: one company, the fuller name
    for full in fulls:
        for region in patterns().regions:
            if full.startswith(region) and full[len(region):] in fulls_set:
                bare_of[full[len(region):]] = full
                break
    fulls = [f for f in fulls if f not in bare_of]
    for full in fulls:
        if full in blocked:
            continue
        ents[full] = Enterprise(full, {full} | set(lexicon.enterprises.get(full, []))
                                | {b for b, f in bare_of.items() if f == full})
        stem = _stem(full)
        if len(stem) >= 4 and stem != full:
            ents[full].surfaces.add(stem)  # 某某数字能源(股份有限公司), as in 某某数字能源智能充电设备项目
        by_core[core(full)].append(full)
    shorts = sorted({f.surface for f in all_forms if f.kind != "full"} - set(fulls) - blocked, key=lambda s: (-len(s), s))
    short_groups: dict[str, str] = {}
    surfaced = set().union(*(e.surfaces for e in ents.values()))  # every branch below adds the short form
    by_pair = _by_pair(fulls)
    for short in shorts:
        if short in surfaced:
            continue
        surfaced.add(short)
        c = core(short)
        owners = by_core.get(c, [])
        if len(owners) == 1:
            ents[owners[0]].surfaces.add(short)
        elif len(owners) > 1:
            ents[short] = Enterprise(short, {short}, sorted(owners))
        elif c in short_groups:
            ents[short_groups[c]].surfaces.add(short)
        elif len(abbreviated := [f for f in by_pair.get(short[:2], ()) if f in ents and _abbreviates(short, f)]) == 1:
            ents[abbreviated[0]].surfaces.add(short)
        else:
            short_groups[c] = short
            ents[short] = Enterprise(short, {short})
            by_core[c].append(short)
    for c, owners in by_core.items():
        if len(owners) == 1 and len(c) >= 2 and c not in words and c not in terms("industry_words") \
                and not patterns().region.fullmatch(c):
            ents[owners[0]].surfaces.add(c)
    return ents


def _by_pair(fulls: list[str]) -> dict[str, list[str]]:
    """Full names by each two characters of their stems, in order: an abbreviation's first two
    characters stand together in its full name's stem (_abbreviates), so only those are tried."""
    out: dict[str, list[str]] = defaultdict(list)
    for full in fulls:
        stem = _stem(full)
        for pair in dict.fromkeys(stem[i:i + 2] for i in range(len(stem) - 1)):
            out[pair].append(full)
    return out


def owners(ents: dict[str, Enterprise]) -> dict[str, str]:
    """Every written form and the enterprise it names (counted by literals.Guarded, see surface_guards)."""
    return {s: e.name for e in ents.values() for s in e.surfaces}


def surface_guards(owner: dict[str, str]) -> dict[str, str]:
    """A form of two or three characters with no company word in it (a core such as 某铁) does not
    count where the character before it makes a word with its first one (东海运输 holds no 海运):
    those forms, each with the characters that may not stand before it."""
    return {s: _word_heads().get(s[0], "") for s in sorted(owner) if len(s) <= 3 and not _ANCHOR.search(s)}


