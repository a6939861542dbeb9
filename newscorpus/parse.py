"""Page text -> articles: headlines, bylines, bodies with page breaks repaired, captions, labels.

Pure functions over normalised text (see pages.normalize); no I/O and no segmentation. Every
non-space character of a page ends up in exactly one place: a headline line, a byline, a body
paragraph, a caption's credit, or a page-level leftover (column labels, stray text).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import surnames
from .pages import compact

# A paragraph that ends in one of these is complete; one that does not was cut by a page or column
# break and continues in the next fragment.
SENTENCE_END = "。!?”’)》…"
_CLAUSE_PUNCT = set(",、;:。!?，；：")
HEADLINE_MAX = 40
LABEL_MAX = 16

_HAN = r"\u4e00-\u9fff\u3400-\u4dbf"
_ROLE = r"(?:见习记者|实习记者|特约记者|首席记者|摄影记者|全媒体记者|记者|特约通讯员|通讯员|实习生|摄影|摄|报道|整理)"
_BYLINE = re.compile(
    rf"^(?P<lead>本报讯|本报[{_HAN}]{{1,12}}讯|(?:新华社|中新社|人民网|新华网|央视网|中新网|[{_HAN}]{{2,8}}社)"
    rf"[{_HAN}0-9]{{0,16}}电|据[{_HAN}]{{2,12}}(?:报道|消息))?"
    r"\s*(?P<paren>[(\[【〔][^()\[\]【】〔〕]{0,80}[)\]】〕])?"
)
_BYLINE_ONLY = re.compile(rf"^本报(?:记者|通讯员)\s*(?P<names>[{_HAN}· ]{{2,30}})$")
_ROLE_SPLIT = re.compile(_ROLE)
_CREDIT = re.compile(
    rf"(?:(?<=[。!?”’)》])|(?<=\s)|^)\s*\(?\s*(?:本报)?(?:摄影记者|记者|通讯员|摄影)?\s*"
    rf"(?P<names>[{_HAN}]{{2,4}}(?:\s*[、 ]\s*[{_HAN}]{{2,4}})*)\s*摄(?:影)?\s*\)?\s*$"
)


@dataclass
class Article:
    """One article of a page. Offsets are into the normalised page text."""

    seq: int
    kind: str  # news | wire | photo
    headline_lines: list[str]
    byline: str
    reporters: list[str]
    correspondents: list[str]
    photographers: list[str]
    paragraphs: list[str]
    start: int
    end: int
    label: str = ""  # a column tag kept apart from the headline
    date: str | None = None  # ISO date: the article's own, else its page's (as read from the corpus)
    id: int = 0  # once stored
    source: str = ""  # once stored: the source's path

    @property
    def texts(self) -> list[str]:
        """Headline lines and paragraphs: everything entities are found and counted in."""
        return self.headline_lines + self.paragraphs

    @property
    def headline(self) -> str:
        """The main headline line: the longest, since kickers and subheadlines are shorter."""
        return max(self.headline_lines, key=len, default="")

    @property
    def body(self) -> str:
        return "\n".join(self.paragraphs)

    @property
    def chars(self) -> int:
        return sum(len(p.replace(" ", "")) for p in self.paragraphs)


@dataclass
class Leftover:
    """Page text that belongs to no article: column labels or stray text."""

    kind: str  # label | text
    text: str
    start: int
    end: int


@dataclass
class Page:
    articles: list[Article] = field(default_factory=list)
    leftovers: list[Leftover] = field(default_factory=list)


@dataclass
class _Line:
    text: str  # compacted
    start: int
    end: int


@dataclass
class _Para:
    text: str
    start: int
    end: int
    heading: bool = False  # short unpunctuated line standing alone (label or subheading)
    credit_only: bool = False


def parse_page(text: str) -> Page:
    """Split a normalised page into articles and leftovers. Never raises on any string."""
    lines = _lines(text)
    bylines = [i for i, line in enumerate(lines) if _byline_match(line.text)]
    page = Page()
    heads: list[tuple[int, int]] = []  # (headline start index, byline index)
    floor = 0
    for b in bylines:
        if b < floor:
            continue
        start = b
        while start > floor and b - start < 3 and _headline_like(lines[start - 1].text):
            start -= 1
        heads.append((start, b))
        floor = b + 1
    prefix_end = heads[0][0] if heads else len(lines)
    _fill_region(page, _paragraphs(lines[:prefix_end]), None)
    for k, (start, b) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
        match = _byline_match(lines[b].text)
        assert match is not None
        byline = match.group(0).strip()
        rest = lines[b].text[match.end():].strip()
        body_lines = ([_Line(rest, lines[b].start, lines[b].end)] if rest else []) + lines[b + 1:end]
        kind = "wire" if (match.groupdict().get("lead") or "").endswith("电") else "news"
        reporters, correspondents, photographers = _byline_people(byline)
        article = Article(0, kind, [lines[i].text for i in range(start, b)], byline, reporters,
                          correspondents, photographers, [], lines[start].start, lines[end - 1].end)
        _fill_region(page, _paragraphs(body_lines), article)
    page.articles.sort(key=lambda a: a.start)
    for seq, article in enumerate(page.articles, 1):
        article.seq = seq
    page.leftovers.sort(key=lambda left: left.start)
    return page


def _lines(text: str) -> list[_Line]:
    lines, pos = [], 0
    for raw in text.split("\n"):
        stripped = compact(raw)
        if stripped:
            lines.append(_Line(stripped, pos, pos + len(raw)))
        pos += len(raw) + 1
    return lines


def _byline_match(text: str) -> re.Match | None:
    only = _BYLINE_ONLY.match(text)
    if only:
        return only
    match = _BYLINE.match(text)
    if not match or not match.group(0).strip():
        return None
    paren = match.group("paren") or ""
    if match.group("lead") or re.search(r"记者|通讯员", paren):
        return match
    return None


def _headline_like(text: str) -> bool:
    """A line that can stand above a byline: short, not a sentence, not a credit or byline."""
    return (
        1 < len(text) <= HEADLINE_MAX
        and text[-1] not in "。!?;:,、…"
        and "。" not in text
        and re.search(f"[{_HAN}]", text) is not None
        and not _CREDIT.search(text)
        and _byline_match(text) is None
    )


def _label_like(text: str) -> bool:
    return len(text) <= LABEL_MAX and not (_CLAUSE_PUNCT & set(text)) and not _CREDIT.fullmatch(text)


def _ends_sentence(text: str) -> bool:
    return bool(text) and text[-1] in SENTENCE_END


def _join(left: str, right: str) -> str:
    """Join two fragments of a paragraph torn by a break: nothing between, except Latin words."""
    if left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() and right[:1].isalnum():
        return f"{left} {right}"
    return left + right


def _paragraphs(lines: list[_Line]) -> list[_Para]:
    """Rejoin fragments torn by breaks; standalone short unpunctuated lines stay apart."""
    paras: list[_Para] = []
    for line in lines:
        prev = paras[-1] if paras else None
        closed = (prev is None or prev.heading or prev.credit_only or _ends_sentence(prev.text)
                  or _CREDIT.search(prev.text) is not None)
        if _CREDIT.fullmatch(line.text) and closed:
            paras.append(_Para(line.text, line.start, line.end, credit_only=True))
        elif closed and _label_like(line.text):
            paras.append(_Para(line.text, line.start, line.end, heading=True))
        elif closed:
            paras.append(_Para(line.text, line.start, line.end))
        else:
            prev.text = _join(prev.text, line.text)
            prev.end = line.end
    return paras


def _fill_region(page: Page, paras: list[_Para], article: Article | None) -> None:
    """Sort a region's paragraphs into the article's body, photo captions and labels."""
    captions: dict[int, tuple[str, str, list[str]]] = {}  # para index -> (text, credit, names)
    consumed: set[int] = set()  # credit-only paragraphs that belong to the caption before them
    for i, para in enumerate(paras):
        if para.credit_only:
            continue
        nxt = paras[i + 1] if i + 1 < len(paras) else None
        match = _CREDIT.search(para.text) if not para.heading else None
        if match and match.start() > 0:
            captions[i] = (para.text[: match.start()].strip(), match.group(0).strip(), _names(match["names"]))
        elif nxt is not None and nxt.credit_only and not para.heading:
            credit = _CREDIT.search(nxt.text)
            captions[i] = (para.text, nxt.text, _names(credit["names"]) if credit else [])
            consumed.add(i + 1)
    labels = _label_indexes(paras, captions, consumed)
    # Outside an article, a plain paragraph right before a caption is the caption's own first
    # paragraph (a caption torn by a break at a full stop); one at most, so text continued from
    # another page stays a leftover.
    lead_in: dict[int, list[int]] = {}
    if article is None:
        for i in sorted(captions):
            j = i - 1
            if j >= 0 and j not in captions and j not in labels and j not in consumed and not paras[j].heading \
                    and not paras[j].credit_only and not any(j in v for v in lead_in.values()):
                j -= 1
            lead_in[i] = list(range(j + 1, i))
    taken = {j for v in lead_in.values() for j in v}
    body: list[_Para] = []
    for i, para in enumerate(paras):
        if i in captions:
            text, credit, names = captions[i]
            end = paras[i + 1].end if i + 1 in consumed else para.end
            before = lead_in.get(i, [])
            start = paras[before[0]].start if before else para.start
            page.articles.append(Article(0, "photo", [], credit, [], [], names,
                                         [paras[j].text for j in before] + [text], start, end))
        elif i in consumed or i in taken:
            continue
        elif i in labels:
            _add_label(page, para)
        elif article is None:
            page.leftovers.append(Leftover("text", para.text, para.start, para.end))
        else:
            body.append(para)
    if article is not None:
        article.paragraphs = [p.text for p in body]
        page.articles.append(article)


def _label_indexes(paras: list[_Para], captions: dict, consumed: set[int]) -> set[int]:
    """Headings next to a caption or at the end of a region are column labels, not body text."""
    labels: set[int] = set()
    for i in captions:
        j = i - 1
        while j >= 0 and paras[j].heading:
            labels.add(j)
            j -= 1
        j = i + 1 + (1 if i + 1 in consumed else 0)
        while j < len(paras) and paras[j].heading:
            labels.add(j)
            j += 1
    j = len(paras) - 1
    while j >= 0 and paras[j].heading:
        labels.add(j)
        j -= 1
    for i, para in enumerate(paras):  # a credit with no caption before it stays visible
        if para.credit_only and i not in consumed:
            labels.add(i)
    return labels


def _add_label(page: Page, para: _Para) -> None:
    """Consecutive label lines (重点项目 / 进行时) make one label."""
    last = page.leftovers[-1] if page.leftovers else None
    if last and last.kind == "label" and para.heading and _adjacent(last.end, para.start):
        last.text = f"{last.text} {para.text}"
        last.end = para.end
        return
    page.leftovers.append(Leftover("label" if para.heading else "text", para.text, para.start, para.end))


def _adjacent(end: int, start: int) -> bool:
    """Lines split by one newline, not a blank line, belong to one label."""
    return 0 <= start - end <= 1


def _byline_people(byline: str) -> tuple[list[str], list[str], list[str]]:
    """Reporters, correspondents and photographers named in a byline."""
    only = _BYLINE_ONLY.match(byline)
    if only:
        text = ("通讯员 " if byline.startswith("本报通讯员") else "记者 ") + only["names"]
    else:
        match = _BYLINE.match(byline)
        text = (match.group("paren") or "")[1:-1] if match else ""
    pairs: list[tuple[str, list[str]]] = []  # (role word before, names)
    role, pos = "记者", 0
    for m in _ROLE_SPLIT.finditer(text):
        pairs.append((role, _names(text[pos:m.start()])))
        role, pos = m.group(0), m.end()
    pairs.append((role, _names(text[pos:])))
    reporters: list[str] = []
    correspondents: list[str] = []
    photographers: list[str] = []
    for k, (role, names) in enumerate(pairs):
        after = pairs[k + 1][0] if k + 1 < len(pairs) else ""
        if after == "摄" or role in ("摄影", "摄影记者"):
            photographers.extend(names)  # "记者 张三 摄": the name before 摄 took the photo
        elif role in ("通讯员", "特约通讯员"):
            correspondents.extend(names)
        elif role not in ("报道", "整理", "摄"):
            reporters.extend(names)
    return reporters, correspondents, photographers


def _names(chunk: str) -> list[str]:
    """Person names in a credit chunk: split on spaces and marks, then run-together names."""
    names: list[str] = []
    for part in re.split(rf"[^{_HAN}·]+", chunk):
        if len(part) >= 2:
            names.extend(split_run_together(part))
    return names


def split_run_together(run: str) -> list[str]:
    """Split names written without a space (张丽王芳 -> 张丽, 王芳) where surnames show the seams.

    A run that cannot be cut into 2-3 character pieces each opening with a surname stays whole.
    """
    if len(run) <= 3 or "·" in run:
        return [run]
    known = surnames()
    if len(run) == 4 and run[:2] in known:
        return [run]

    best: list[str] | None = None

    def walk(rest: str, acc: list[str]) -> None:
        nonlocal best
        if not rest:
            if best is None or len(acc) < len(best) or (len(acc) == len(best) and _pref(acc) > _pref(best)):
                best = list(acc)
            return
        for size in (2, 3):
            piece = rest[:size]
            if len(piece) == size and (piece[0] in known or piece[:2] in known):
                walk(rest[size:], acc + [piece])

    walk(run, [])
    return best if best and len(best) > 1 else [run]


def _pref(parts: list[str]) -> int:
    """Among equal splits prefer later pieces that also open with a surname: more evidence."""
    known = surnames()
    return sum(1 for p in parts if p[0] in known)
