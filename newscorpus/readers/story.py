"""Blocks of a structured document (headings, paragraphs, quotes, lone links) -> articles.

Markdown and HTML both come down to a list of blocks in page order. A document is split at its
headings: consecutive headings with nothing between them form one headline block (kicker, main
headline, subtitle); a file with several such blocks that each own a story is split into one
article per block, while a single article's later headings are subheads of its body. A
broadcast's summary list, section headings above the stories, link footers and update timestamps
are set aside; every block's text lands in exactly one place.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import parse
from ..parse import Article, Leftover, SetAside
from ..patterns import HAN as _HAN
from .meta import PAPER_SOURCE, iso_date, paper_date_page


@dataclass
class Block:
    """One block of visible text; offsets are into the file's normalised text."""

    kind: str  # heading | para | quote | link | rule
    text: str  # compacted visible text ("" for a rule)
    start: int
    end: int
    level: int = 0  # heading level, 1 = the highest rank
    url: str | None = None  # the target of a paragraph that is a lone link


@dataclass
class Assembly:
    articles: list[Article] = field(default_factory=list)
    set_aside: list[SetAside] = field(default_factory=list)
    leftovers: list[Leftover] = field(default_factory=list)
    date: str | None = None  # a date written in the file's title heading


@dataclass
class _Run:
    heads: list[Block]
    content: list[Block]


# A caption's credit standing alone: 王 六摄(示例视觉), 新华社记者 赵七摄, 图①②均为张三、李四摄影报道,
# 某某管委会供图, 资料图片.
_NAMES = rf"[{_HAN}·][{_HAN}· 、]{{0,40}}?"
CREDIT = re.compile(
    rf"^(?:图[①-⑳0-9、,]*(?:均为|为)?\s*)?(?:(?:新华社|中新社|本报)?(?:特约|实习)?(?:摄影)?记者\s*)?"
    rf"(?P<names>{_NAMES})\s*(?:摄影?报道|摄影?)\s*(?:\([^()]{{1,16}}\))?$"
    rf"|^(?:[^。!?]{{2,24}}供图|资料图片|图片来源[:：].{{1,30}}|本报资料图片)$"
)
# Staff credits of a page or package: 本期统筹: X, 版式设计: Y, 责任编辑: Z
_STAFF = re.compile(r"^(?:本期统筹|本版统筹|统筹|策划|版式设计|设计|制图|美编|责任编辑|责编|编辑|校对|审校|监制|融媒合作)\s*[:：]")
_TIMESTAMP = re.compile(r"^\(?\s*(?:更新时间戳|更新时间|更新于|发布时间|最后更新|last updated|updated)\s*[:：]?\s*[0-9年月日:T .\-/]+\)?$",
                        re.IGNORECASE)


def assemble(blocks: list[Block], *, single: bool = False) -> Assembly:
    """Split blocks into articles, set-aside parts and leftovers.

    `single` says the file is known to hold one article (front matter with a title, a crawler
    record), so its later headings are subheads and never start stories.
    """
    out = Assembly()
    blocks = _take_timestamp(blocks, out)
    preface, runs = _runs(blocks)
    later = [[parse.compact(h.text) for r in runs[i + 1:] for h in r.heads] for i in range(len(runs))]
    summaries = {i for i, run in enumerate(runs) if _is_summary(run, later[i])}
    stories = [i for i in range(len(runs)) if i not in summaries]
    multi = not single and len(stories) >= 2 and not _one_article_with_parts([runs[i] for i in stories])
    broadcast = any("节目" in b.text for i in summaries for b in runs[i].heads + runs[i].content[:2])
    for i in sorted(summaries):
        _set_aside_summary(runs[i], out, first=i == 0)
    # a heading at the level of the summary's own (## 新闻摘要 / ## 详细新闻) is a section, not a story
    sections = {runs[i].heads[-1].level for i in summaries}
    for i in stories:
        others = {runs[j].heads[0].level for j in stories if j != i}
        runs[i].heads = _containers(runs[i].heads, others, sections, out, first_run=i == 0)
    if not multi:
        _single(preface, runs, stories, out, broadcast)
    else:
        for block in preface:
            _leftover(block, out)
        for i in stories:
            out.articles.append(_article(runs[i].heads, runs[i].content, out, broadcast))
    for seq, article in enumerate(out.articles, 1):
        article.seq = seq
    return out


def _runs(blocks: list[Block]) -> tuple[list[Block], list[_Run]]:
    """Blocks before the first heading, then each run of consecutive headings with its content."""
    preface: list[Block] = []
    runs: list[_Run] = []
    for block in blocks:
        if block.kind == "heading":
            if runs and not runs[-1].content:
                runs[-1].heads.append(block)
            else:
                runs.append(_Run([block], []))
        elif runs:
            runs[-1].content.append(block)
        else:
            preface.append(block)
    return preface, runs


def _take_timestamp(blocks: list[Block], out: Assembly) -> list[Block]:
    """An update timestamp at the very end (after a rule, or standing alone) is set aside."""
    end = len(blocks)
    while end and (blocks[end - 1].kind == "rule" or _TIMESTAMP.match(blocks[end - 1].text)):
        end -= 1
    for block in blocks[end:]:
        if block.text:
            out.set_aside.append(SetAside("timestamp", block.text, block.start, block.end))
    return blocks[:end]


def _is_summary(run: _Run, later_headlines: list[str]) -> bool:
    """A summary list: named so (新闻摘要, 本期节目主要内容), or numbered items that repeat the
    headlines of the stories after it."""
    texts = [h.text for h in run.heads] + [b.text for b in run.content[:1]]
    if any(parse.SUMMARY_HEAD.match(t) for t in texts):
        return True
    items = [b.text for b in run.content if parse._ITEM.match(b.text)]
    if len(items) < 2 or not later_headlines:
        return False
    flat = [h.replace(" ", "") for h in later_headlines]
    hits = 0
    for item in items:
        item = re.sub(r"^\(?[0-9一二三四五六七八九十]{1,3}[.、)]\)?|[;。]$", "", item).replace(" ", "")
        hits += any(item and (item in h or h in item) for h in flat)
    return hits * 2 >= len(items)


def _evidence(run: _Run) -> bool:
    """A run that reads as a story of its own: a byline, a lead line or a link footer."""
    for k, block in enumerate(run.content):
        if block.kind in ("quote", "link"):
            return True
        if block.kind == "para" and (parse._BYLINE_ONLY.match(block.text) or
                                     (k < 2 and (parse._byline_match(block.text) or parse.LEAD.match(block.text)))):
            return True
    return False


def _one_article_with_parts(runs: list[_Run]) -> bool:
    """A headed article (byline under its headline) whose later headings own no byline, lead or
    link: its sections, not stories of their own."""
    return _evidence(runs[0]) and not any(_evidence(run) for run in runs[1:])


def _set_aside_summary(run: _Run, out: Assembly, *, first: bool) -> None:
    heads = list(run.heads)
    if first and len(heads) > 1 and not parse.SUMMARY_HEAD.match(heads[0].text):
        _title(heads.pop(0), out)
    parts = heads + run.content
    out.set_aside.append(SetAside("summary", "\n".join(b.text for b in parts if b.text), parts[0].start, parts[-1].end))


def _title(block: Block, out: Assembly) -> None:
    out.set_aside.append(SetAside("title", block.text, block.start, block.end))
    out.date = out.date or iso_date(block.text)


def _containers(heads: list[Block], others: set[int], sections: set[int], out: Assembly, *,
                first_run: bool) -> list[Block]:
    """Drop the section headings that stand above a run's story (## 详细新闻 over ### story):
    leading headings of a higher rank than the rest, where other stories open directly at the
    level below them, or which stand at the level of the summary's heading. The file's own title
    is one of them when it comes first."""
    heads = list(heads)
    while len(heads) > 1 and heads[0].level < min(h.level for h in heads[1:]) \
            and (heads[1].level in others or heads[0].level in sections):
        head = heads.pop(0)
        if first_run and head.level == 1 and not any(s.kind == "title" for s in out.set_aside):
            _title(head, out)
        else:
            out.set_aside.append(SetAside("section", head.text, head.start, head.end))
    return heads


def _single(preface: list[Block], runs: list[_Run], stories: list[int], out: Assembly, broadcast: bool) -> None:
    """One article: the first story run's headings are its headline; all else is its body."""
    if not stories:
        for block in preface:
            _leftover(block, out)
        return
    head_run = runs[stories[0]]
    content = list(preface) + head_run.content
    for i in stories[1:]:
        content += [Block("para", h.text, h.start, h.end) for h in runs[i].heads] + runs[i].content
    article = _article(head_run.heads, content, out, broadcast)
    if preface:
        article.start = min(article.start, preface[0].start)
    out.articles.append(article)


def _leftover(block: Block, out: Assembly) -> None:
    if block.kind == "link":
        out.set_aside.append(SetAside("links", block.text, block.start, block.end))
    elif block.text:
        out.leftovers.append(Leftover("text", block.text, block.start, block.end))


def _article(heads: list[Block], content: list[Block], out: Assembly, broadcast: bool) -> Article:
    """One article from its headline block and its content blocks."""
    label, lines = parse.split_label([h.text for h in heads])
    main = min(range(len(heads)), key=lambda k: (heads[k].level, -len(lines[k]))) if heads else None
    spans = heads + content
    article = Article(0, "broadcast" if broadcast else "news", lines, "", [], [], [], [],
                      spans[0].start if spans else 0, spans[-1].end if spans else 0,
                      main_headline=lines[main] if main is not None else None, label=label)
    bylines: list[str] = []
    body: list[str] = []
    for k, block in enumerate(content):
        text = block.text
        if block.kind == "link":
            out.set_aside.append(SetAside("links", text, block.start, block.end))
            article.url = block.url or article.url
        elif block.kind == "rule" or not text:
            continue
        elif block.kind == "quote" and (not body or PAPER_SOURCE.search(text)):
            bylines.append(text)
            _quote_people(article, text)
        elif block.kind in ("para", "quote") and not body and _lead(article, text, bylines, body):
            continue
        elif parse._BYLINE_ONLY.match(text):
            bylines.append(text)
            _add_people(article, parse._byline_people(text))
        elif _STAFF.match(text) and len(text) <= 40:
            bylines.append(text)
        elif CREDIT.match(text):
            bylines.append(text)
            names = CREDIT.match(text)["names"]
            article.photographers.extend(n for n in parse._names(names or "") if n not in article.photographers)
        else:
            body.append(text)
    article.byline = "\n".join(bylines)
    article.paragraphs = body
    parse.take_trailing_byline(article)
    return article


def _lead(article: Article, text: str, bylines: list[str], body: list[str]) -> bool:
    """The first paragraph opens with a byline or a lead line: split it off (kind from it)."""
    match = parse._byline_match(text)
    lead = parse.LEAD.match(text) if match is None else None
    if match is None and lead is None:
        return False
    bylines.append((match or lead).group(0).strip())
    rest = text[(match or lead).end():].strip()
    if rest:
        body.append(rest)
    if lead is not None:
        if lead["programme"]:
            article.kind = "broadcast"
    else:
        if parse._agency_lead(match.groupdict().get("lead") or ""):
            article.kind = "wire"
        _add_people(article, parse._byline_people(match.group(0).strip()))
    return True


def _quote_people(article: Article, text: str) -> None:
    """A quoted byline under the headline: 本报记者 张三《某某日报》(2025年01月05日第 01 版)."""
    day, page = paper_date_page(text)
    article.date = article.date or day
    article.page = article.page or page
    names = PAPER_SOURCE.sub(" ", text).strip()
    if names:
        _add_people(article, parse.people_in(re.sub(r"^(?:本报|新华社|中新社|[^ ]{2,6}社)(?=记者|通讯员|特约|见习|实习)", "", names)))


def _add_people(article: Article, people: tuple[list[str], list[str], list[str]]) -> None:
    for have, new in zip((article.reporters, article.correspondents, article.photographers), people):
        have.extend(n for n in new if n not in have)
