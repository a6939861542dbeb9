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

from ..lexicon import UserLexicon, dictionary_words, terms
from ..patterns import alternation

HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_NAME_CHAR = re.compile(f"[{HAN}A-Za-z0-9()&·]")
_MAX_NAME = 40
_ANCHOR = re.compile("公司|集团|企业|厂|合伙")


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
        self.group = re.compile(f"(?:{alternation(terms('company_groups'))})(?!有限|股份|公司|化|军|团)")
        self.region = re.compile(alternation(terms("regions")))
        self.boundary_multi = re.compile(alternation(w for w in terms("boundary_words") if len(w) > 1))
        self.boundary_single = "".join(w for w in terms("boundary_words") if len(w) == 1)
        self.not_endings = tuple(terms("not_enterprise_endings"))
        self.industry = tuple(sorted(terms("industry_words"), key=len, reverse=True))
        self.regions = tuple(sorted(terms("regions"), key=len, reverse=True))
        self.legal_forms = tuple(sorted(terms("legal_forms"), key=len, reverse=True))
        self.brand = re.compile(
            f"(?:^|(?<=[,。;:!?]))(?P<x>[{HAN}A-Za-z0-9]{{2,8}}?)是(?:一家)?[^。;!?]{{0,50}}?"
            f"(?:企业|公司|车企|厂商|厂家)(?=[。;,!?]|$)")
        self.items = re.compile(
            f"(?P<items>[{HAN}A-Za-z0-9、]{{4,80}}?)等(?:[0-9一二三四五六七八九十两几多]+家)?(?:企业|公司)")


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
    while run.startswith(("(", ")")) or (run.count("(") < run.count(")") and ")" in run):
        run = run[run.index(")") + 1:] if ")" in run and run.count("(") < run.count(")") else run[1:]
    return run


def _run_before(text: str, end: int, limit: int = _MAX_NAME) -> str:
    start = end
    while start > 0 and end - start < limit and _NAME_CHAR.match(text[start - 1]):
        start -= 1
    return text[start:end]


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
    return len(name) >= 2 and not name.endswith(pat.not_endings) and not re.search("[我该其这此本]", name[:1])


def forms(text: str) -> list[Form]:
    """The company names written in one text, in order, each found once."""
    if not _ANCHOR.search(text):  # every form below needs one of these words
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
    for m in pat.brand.finditer(text):
        x = trim_left(m.group("x"))
        if _is_enterprise_like(x) and not any(s <= m.start("x") < e for s, e in taken):
            found.append((m.start("x"), m.end("x"), Form(x, "brand")))
    for m in pat.items.finditer(text):
        items = m.group("items").split("、")
        items[0] = trim_left(items[0])
        if len(items) >= 2 and all(2 <= len(i) <= 8 and _is_enterprise_like(i) for i in items):
            found.extend((m.start(), m.end(), Form(i, "item")) for i in items)
    found.sort(key=lambda t: (t[0], -t[1]))
    return [f for _, _, f in found]


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
    for full in fulls:
        if full in blocked:
            continue
        ents[full] = Enterprise(full, {full} | set(lexicon.enterprises.get(full, [])))
        stem = _stem(full)
        if len(stem) >= 4 and stem != full:
            ents[full].surfaces.add(stem)  # 某某数字能源(股份有限公司), as in 某某数字能源智能充电设备项目
        by_core[core(full)].append(full)
    shorts = sorted({f.surface for f in all_forms if f.kind != "full"} - set(fulls) - blocked, key=lambda s: (-len(s), s))
    short_groups: dict[str, str] = {}
    for short in shorts:
        if any(short in e.surfaces for e in ents.values()):
            continue
        c = core(short)
        owners = by_core.get(c, [])
        if len(owners) == 1:
            ents[owners[0]].surfaces.add(short)
        elif len(owners) > 1:
            ents[short] = Enterprise(short, {short}, sorted(owners))
        elif c in short_groups:
            ents[short_groups[c]].surfaces.add(short)
        else:
            short_groups[c] = short
            ents[short] = Enterprise(short, {short})
            by_core[c].append(short)
    for c, owners in by_core.items():
        if len(owners) == 1 and len(c) >= 2 and c not in words and c not in terms("industry_words") \
                and not patterns().region.fullmatch(c):
            ents[owners[0]].surfaces.add(c)
    return ents


def surface_pattern(ents: dict[str, Enterprise]) -> tuple[re.Pattern | None, dict[str, str]]:
    """One regex for every surface form, longest first, and the enterprise each belongs to."""
    owner = {s: e.name for e in ents.values() for s in e.surfaces}
    return compile_surfaces(owner), owner


def compile_surfaces(owner: dict[str, str]) -> re.Pattern | None:
    return re.compile(alternation(owner)) if owner else None


def full_name_pattern(names: list[str]) -> re.Pattern | None:
    """A regex for registered full names (with a legal form): spans where no person is named."""
    legal = patterns().legal_forms
    full = [n for n in names if n.endswith(legal)]
    return re.compile(alternation(full)) if full else None
