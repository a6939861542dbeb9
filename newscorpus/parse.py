"""Page text -> articles: headlines, bylines, bodies with page breaks repaired, captions, labels.

Pure functions over normalised text (see pages.normalize); no I/O and no segmentation. Every
non-space character of a page ends up in exactly one place: a headline line, a column label, a
byline, a body paragraph, a caption's credit, a set-aside part (a broadcast's summary list) or a
page-level leftover (column labels, stray text).

An article starts at a byline (本报讯, 新华社…电, 本报记者 X) or at a lead line that opens a story
without one (示例网消息(晚间新闻):, 本报北京1月6日电), with the headline lines right above it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import surnames
from .pages import compact
from .patterns import HAN as _HAN

# A paragraph that ends in one of these is complete; one that does not was cut by a page or column
# break and continues in the next fragment.
SENTENCE_END = "。!?”’)》…"
_CLAUSE_PUNCT = set(",、;:。!?，；：")
HEADLINE_MAX = 40
LABEL_MAX = 16

_ROLE = r"(?:见习记者|实习记者|特约记者|首席记者|摄影记者|全媒体记者|记者|特约通讯员|通讯员|实习生|摄影|摄|报道|整理)"
_BYLINE = re.compile(
    rf"^(?P<lead>本报讯|本报[{_HAN}]{{1,12}}讯|(?:新华社|中新社|人民网|新华网|央视网|中新网|[{_HAN}]{{2,8}}社)"
    rf"[{_HAN}0-9]{{0,16}}电|本报[{_HAN}]{{2,8}}[0-9]{{1,2}}月[0-9]{{1,2}}日电|据[{_HAN}]{{2,12}}(?:报道|消息))?"
    r"\s*(?P<paren>[(\[【〔][^()\[\]【】〔〕]{0,80}[)\]】〕])?"
)
_BYLINE_ONLY = re.compile(rf"^本报(?:记者|通讯员)\s*(?P<names>[{_HAN}· ]{{2,30}})$")
# A story opened by its source, no reporter named: 示例网消息(晚间新闻):, 某某网消息: (after width folding).
# The colon is required: 好消息 and 据…消息 inside a sentence are not leads.
LEAD = re.compile(rf"^(?P<source>[{_HAN}A-Za-z]{{2,10}}?)消息\s*(?:\((?P<programme>[^()]{{1,16}})\))?\s*:")
# Bylines written at the end of an article: (作者为…), 本报记者X采访整理, (本报记者 X).
TRAILING_BYLINE = re.compile(
    rf"(?:[(\[【](?:作者(?:为|系|是|单位)|本报记者|记者|通讯员)[^()\[\]【】]{{1,60}}[)\]】]"
    rf"|(?:本报|新华社)?(?:记者|通讯员)\s*[{_HAN}· ]{{2,30}}?(?:采访)?整理)\s*$"
)
# A column tag in front of a headline: 【乡村观察】…, 某台快评:…, 某报评论员文章:…
_COLUMN_WORDS = r"(?:快评|短评|时评|热评|锐评|述评|评论|评论员文章|评论员|社论|观察|时论|论坛|专访|访谈|特稿|综述|侧记|手记|札记|随笔|漫谈|聚焦|关注)"
LEADING_LABEL = re.compile(
    rf"^(?:【[^【】]{{1,40}}】|\[[^\[\]]{{1,40}}\]|[{_HAN}A-Za-z·]{{0,10}}{_COLUMN_WORDS}\s*:)\s*(?=\S)"
)
# A series or column name after a headline: …(发展各具特色的县域经济), …(今日谈)
TRAILING_LABEL = re.compile(rf"(?<=\S)\s*\((?P<name>[^()。,!?;:]{{2,24}})\)$")
# The list of a broadcast's stories read at its start; it repeats the stories, so it is no article.
SUMMARY_HEAD = re.compile(r"^(?:新闻摘要|内容摘要|内容提要|本期(?:节目)?(?:主要)?内容|今日(?:要闻|导读|提要)|本期导读|目录)\s*[:：]?$")
_ITEM = re.compile(r"^\(?[0-9]{1,2}[.、)]|^\([0-9]{1,2}\)|^[一二三四五六七八九十]{1,3}、")
_ROLE_SPLIT = re.compile(_ROLE)
_CREDIT = re.compile(
    rf"(?:(?<=[。!?”’)》])|(?<=\s)|^)\s*\(?\s*(?:本报)?(?:摄影记者|记者|通讯员|摄影)?\s*"
    rf"(?P<names>[{_HAN}]{{2,4}}(?:\s*[、 ]\s*[{_HAN}]{{2,4}})*)\s*摄(?:影)?\s*\)?\s*$"
)


def _credit(text: str, whole: bool = False) -> re.Match | None:
    """_CREDIT searched in (or, `whole`, matched to) the text. A credit always holds 摄, and the
    regex is tried at every character of a text that has none: it runs only where there is one."""
    if "摄" not in text:
        return None
    return _CREDIT.fullmatch(text) if whole else _CREDIT.search(text)


@dataclass
class Article:
    """One article of a page. Offsets are into the normalised page text.

    The optional fields come from structured input (Markdown headings, front matter, JSON records);
    their defaults are what a plain page dump gives.
    """

    seq: int
    kind: str  # news | wire | photo | broadcast
    headline_lines: list[str]
    byline: str
    reporters: list[str]
    correspondents: list[str]
    photographers: list[str]
    paragraphs: list[str]
    start: int
    end: int
    main_headline: str | None = None  # the main line when the layout says which (a Markdown `#`)
    label: str = ""  # column tag kept apart from the headline: 【…】, 某台快评:, (某某谈)
    date: str | None = None  # ISO date of the article itself (a record's or story's own; from the
    #                          corpus: its own, else its page's)
    url: str | None = None
    record: int | None = None  # index of the JSON record it came from
    section: str | None = None
    page: str | None = None
    author: str | None = None
    id: int = 0  # once stored
    source: str = ""  # once stored: the source's path

    @property
    def texts(self) -> list[str]:
        """Headline lines and paragraphs: everything entities are found and counted in."""
        return self.headline_lines + self.paragraphs

    @property
    def headline(self) -> str:
        """The main headline line: the one the layout marks, else the longest, since kickers and
        subheadlines are shorter."""
        if self.main_headline is not None:
            return self.main_headline
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
class SetAside:
    """A named part of a file that is no article and no leftover: front matter, a summary list,
    link footers, a timestamp, boilerplate, a duplicate field. Readable, never counted as mentions."""

    kind: str  # front_matter | summary | links | timestamp | boilerplate | duplicate | metadata | title | section
    text: str
    start: int
    end: int
    record: int | None = None


@dataclass
class Page:
    articles: list[Article] = field(default_factory=list)
    leftovers: list[Leftover] = field(default_factory=list)
    set_aside: list[SetAside] = field(default_factory=list)


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
    bylines = [i for i, line in enumerate(lines) if _byline_match(line.text) or LEAD.match(line.text)]
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
    prefix = _set_aside_summary(page, lines[:prefix_end], [lines[s].text for s, b in heads for s in range(s, b)])
    _fill_region(page, _paragraphs(prefix), None)
    for k, (start, b) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
        match = _byline_match(lines[b].text)
        lead = LEAD.match(lines[b].text) if match is None else None
        byline = (match or lead).group(0).strip()
        rest = lines[b].text[(match or lead).end():].strip()
        body_lines = ([_Line(rest, lines[b].start, lines[b].end)] if rest else []) + lines[b + 1:end]
        if lead is not None:
            kind, people = ("broadcast" if lead["programme"] else "news"), ([], [], [])
        else:
            kind = "wire" if _agency_lead(match.groupdict().get("lead") or "") else "news"
            people = _byline_people(byline)
        label, heads_text = split_label([lines[i].text for i in range(start, b)])
        article = Article(0, kind, heads_text, byline, *people, [], lines[start].start, lines[end - 1].end,
                          label=label)
        _fill_region(page, _paragraphs(body_lines), article)
        take_trailing_byline(article)
    page.articles.sort(key=lambda a: a.start)
    for seq, article in enumerate(page.articles, 1):
        article.seq = seq
    page.leftovers.sort(key=lambda left: left.start)
    return page


def _agency_lead(lead: str) -> bool:
    """新华社…电 is a wire story; 本报北京1月6日电 is the paper's own dateline."""
    return lead.endswith("电") and not lead.startswith("本报")


def split_label(lines: list[str]) -> tuple[str, list[str]]:
    """Headline lines without their column tags, and the tags (【…】 or 某台快评: in front of a
    line, a series name in brackets after it). A line that is only a tag stays a headline line."""
    labels: list[str] = []
    out: list[str] = []
    for line in lines:
        lead = LEADING_LABEL.match(line)
        if lead and lead.end() < len(line):
            labels.append(lead.group(0).strip())
            line = line[lead.end():]
        tail = TRAILING_LABEL.search(line) if ")" in line[-2:] else None  # (its pattern tries every character)
        if tail and tail.start() >= 4 and _label_name(tail["name"]):
            labels.append(tail.group(0).strip())
            line = line[:tail.start()].rstrip()
        out.append(line)
    return " ".join(labels), out


def _label_name(name: str) -> bool:
    """A series or column name, not a headline's own parenthesis (a version, a count, a place)."""
    return not re.search(r"[0-9]+[^0-9·]*$|版$|稿$", name) or "·" in name


def take_trailing_byline(article: Article) -> None:
    """Move a byline written at the end of the article out of its body (and read its names)."""
    if not article.paragraphs:
        return
    last = article.paragraphs[-1]
    # every trailing byline names 作者, 记者 or 通讯员; its pattern is tried at every character
    match = TRAILING_BYLINE.search(last) if any(w in last for w in ("作者", "记者", "通讯员")) else None
    if not match or (match.start() > 0 and last[match.start() - 1] not in SENTENCE_END + " "):
        return
    trailing = match.group(0).strip()
    rest = last[: match.start()].rstrip()
    article.paragraphs[-1:] = [rest] if rest else []
    article.byline = f"{article.byline}\n{trailing}" if article.byline else trailing
    for credit in re.finditer(rf"(?:本报|新华社)?(?:记者|通讯员)\s*(?P<names>[{_HAN}· 、]{{2,30}}?)\s*(?:采访)?整理"
                              rf"|^[(\[【](?:本报|新华社)?(?:记者|通讯员)\s*(?P<only>[{_HAN}· 、]{{2,30}})[)\]】]$", trailing):
        names = _names(credit["names"] or credit["only"] or "")
        article.reporters.extend(n for n in names if n not in article.reporters)


def _set_aside_summary(page: Page, lines: list[_Line], headlines: list[str]) -> list[_Line]:
    """Take a broadcast's summary list (本期节目主要内容: 1.… 2.…) out of the text before the first
    story; return the lines that remain. A numbered list counts as a summary when it has a summary
    heading or repeats the stories' headlines."""
    items = [i for i, line in enumerate(lines) if _ITEM.match(line.text)]
    heads = [i for i, line in enumerate(lines) if SUMMARY_HEAD.match(line.text)]
    if len(items) < 2:
        return lines
    first = heads[0] if heads and heads[0] < items[0] else items[0]
    last = items[-1]
    # an item's text may go on over the next line (2.某台快评: / 春耕正当时;)
    while last + 1 < len(lines) and not _ends_item(lines[last].text) and len(lines[last + 1].text) <= HEADLINE_MAX * 3:
        last += 1
    if not heads and not _repeats(lines[items[0]:last + 1], headlines):
        return lines
    chosen = lines[first:last + 1]
    page.set_aside.append(SetAside("summary", "\n".join(line.text for line in chosen), chosen[0].start, chosen[-1].end))
    return lines[:first] + lines[last + 1:]


def _ends_item(text: str) -> bool:
    return text[-1:] in ";。.!?" or text.endswith(")")


def _repeats(lines: list[_Line], headlines: list[str]) -> bool:
    """At least half the numbered items name a story headline that follows."""
    flat = {h.replace(" ", "") for h in headlines}
    items = [re.sub(r"^\(?[0-9一二三四五六七八九十]{1,3}[.、)]\)?|[;。]$", "", line.text).replace(" ", "")
             for line in lines if _ITEM.match(line.text)]
    hits = sum(1 for item in items if any(item and (item in h or h in item) for h in flat))
    return hits * 2 >= len(items)


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
    if not match.group("lead") and re.search(r"^[(\[【]作者|整理[)\]】]$", paren):
        return None  # a byline that closes an article: (作者为…), (本报记者 X 采访整理)
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
        and not _credit(text)
        and _byline_match(text) is None
    )


def _label_like(text: str) -> bool:
    return len(text) <= LABEL_MAX and not (_CLAUSE_PUNCT & set(text)) and not _credit(text, whole=True)


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
                  or _credit(prev.text) is not None)
        if _credit(line.text, whole=True) and closed:
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
        match = _credit(para.text) if not para.heading else None
        if match and match.start() > 0:
            captions[i] = (para.text[: match.start()].strip(), match.group(0).strip(), _names(match["names"]))
        elif nxt is not None and nxt.credit_only and not para.heading:
            credit = _credit(nxt.text)
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
    return people_in(text)


def people_in(text: str) -> tuple[list[str], list[str], list[str]]:
    """Reporters, correspondents and photographers of a credit text (记者 张三 通讯员 李四); names
    with no role word before them are reporters."""
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
    """Person names in a credit chunk: split on spaces and marks, then run-together names.

    A two-character name padded to the width of three (张  三) comes apart into single characters
    separated by spaces only; those are joined back.
    """
    names: list[str] = []
    for part in unpad(chunk).split("\0"):
        for piece in re.split(rf"[^{_HAN}·]+", part):
            if len(piece) >= 2:
                names.extend(split_run_together(piece))
    return names


def unpad(chunk: str) -> str:
    """Join single Han characters separated only by spaces (张  三 -> 张三); other name boundaries
    become NUL, so a padded name next to a whole one (张  三  李四海) stays two names."""
    parts = re.split(rf"([^{_HAN}·]+)", chunk)
    out: list[str] = []
    for k in range(0, len(parts), 2):
        word = parts[k]
        sep = parts[k - 1] if k else ""
        prev = parts[k - 2] if k >= 2 else ""
        if out and sep.strip() == "" and len(word) == 1 and len(prev) == 1 and not out[-1].endswith("\0"):
            out[-1] += word
            continue
        if out:
            out.append("\0")
        out.append(word)
    return "".join(out)


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
