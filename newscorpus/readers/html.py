"""HTML (.html, .htm): e-paper article pages and saved web articles, and inline HTML fragments.

Parsed with selectolax (lexbor): a real parser, so `<p>`, `<br>`, entities and broken markup
are read as a browser would. Navigation, headers, footers, sidebars and link lists are set aside
as boilerplate; scripts and styles are not text at all.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import PageError
from ..pages import compact
from .meta import iso_date
from .result import ReadResult
from .story import Block, assemble

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCKS = {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "section", "article", "main", "header",
           "footer", "nav", "aside", "table", "tr", "td", "th", "thead", "tbody", "figure", "figcaption", "pre",
           "address", "center", "form", "hr", "body", "html", *_HEADINGS}
_INVISIBLE = {"script", "style", "noscript", "template", "head", "title", "meta", "link", "svg", "canvas",
              "iframe", "object", "-comment", "img", "input", "select", "button"}
_CHROME_TAGS = {"nav", "footer", "aside", "form", "menu"}
_CHROME_WORDS = re.compile(r"(?:^|[-_ ])(?:nav|navbar|menu|footer|foot|header|head|sidebar|side|breadcrumbs?|crumbs?"
                           r"|share|copyright|banner|ad|ads|advert|toolbar|topbar|login|search|related|recommend"
                           r"|comment|comments|pager|pagination)(?:$|[-_ 0-9])", re.IGNORECASE)
_DATE_META = ("article:published_time", "og:published_time", "publishdate", "pubdate", "publish_date",
              "publication_date", "date", "dc.date", "dc.date.issued", "dcterms.created", "sailthru.date",
              "weibo: article:create_at", "apub:time", "contentdate")
_URL_META = ("og:url", "canonical")


@dataclass
class Piece:
    """A block of visible text found while walking the tree."""

    kind: str  # heading | para | quote | rule
    level: int
    text: str
    chrome: bool = False  # inside navigation, footer, sidebar ...
    links: int = 0  # characters of the text inside <a>


def fragment_pieces(html: str) -> list[Piece]:
    """Visible text blocks of an HTML fragment (a transcript's `<p>…</p><p>…</p>` line)."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    root = tree.body
    return _walk(root) if root is not None else []


def _walk(root) -> list[Piece]:
    """Blocks in document order: a block element or <br> ends the current line."""
    pieces: list[Piece] = []
    buf: list[str] = []
    link_chars = [0]
    state = {"kind": "para", "level": 0}

    def flush(chrome: bool) -> None:
        text = compact("".join(buf))
        if text:
            pieces.append(Piece(state["kind"], state["level"], text, chrome, link_chars[0]))
        buf.clear()
        link_chars[0] = 0

    def visit(node, chrome: bool, quote: bool, in_link: bool) -> None:
        tag = node.tag
        if tag == "-text":
            value = node.text(deep=False) or ""
            buf.append(value.replace("\n", " "))
            if in_link:
                link_chars[0] += len(value.strip())
            return
        if tag in _INVISIBLE:
            return
        if tag == "br":
            flush(chrome)
            return
        chrome = chrome or tag in _CHROME_TAGS or _chrome_attrs(node)
        block = tag in _BLOCKS
        if block:
            flush(chrome)
            if tag in _HEADINGS:
                state.update(kind="heading", level=_HEADINGS[tag])
            elif tag == "blockquote" or quote:
                state.update(kind="quote", level=0)
            else:
                state.update(kind="para", level=0)
        for child in node.iter(include_text=True):
            visit(child, chrome, quote or tag == "blockquote", in_link or tag == "a")
        if block:
            flush(chrome)
            state.update(kind="quote" if quote else "para", level=0)
        if tag == "hr":
            pieces.append(Piece("rule", 0, "", chrome))

    visit(root, False, False, False)
    flush(False)
    return pieces


def _chrome_attrs(node) -> bool:
    attrs = node.attributes or {}
    role = (attrs.get("role") or "").lower()
    if role in ("navigation", "banner", "contentinfo", "complementary", "search"):
        return True
    marks = " ".join(v for k, v in attrs.items() if k in ("class", "id") and v)
    return bool(marks and _CHROME_WORDS.search(marks))


def read_html(page) -> ReadResult:
    """Read a whole HTML page: its article(s), boilerplate set aside, its date from <meta>."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(page.text)
    body = tree.body
    if body is None or not (body.text(deep=True) or "").strip():
        raise PageError("HTML without a body (no visible text)")
    result = ReadResult("html", page.original, page.text, page.encoding, page.sha256, page.size)
    articles = tree.css("article")
    regions = [a for a in articles if not any(p is not a and _contains(p, a) for p in articles)] or [body]
    blocks_by_region: list[list[Block]] = []
    pos = 0
    for region in regions:
        pieces = _walk(region)
        blocks: list[Block] = []
        for piece in pieces:
            start, end, pos = _locate(page.text, piece.text, pos)
            if piece.kind == "rule":
                continue
            if piece.chrome or _link_list(piece):
                result.set_aside.append(_boiler(piece.text, start, end))
            else:
                blocks.append(Block(piece.kind, piece.text, start, end, piece.level))
        blocks_by_region.append(blocks)
    if regions[0] is not body:  # text of the page outside its <article> elements
        inside = {p.text for blocks in blocks_by_region for p in blocks} | {s.text for s in result.set_aside}
        for piece in _walk(body):
            if piece.text and piece.text not in inside:
                start, end, _ = _locate(page.text, piece.text, 0)
                result.set_aside.append(_boiler(piece.text, start, end))
    for blocks in blocks_by_region:
        heads = [b for b in blocks if b.kind == "heading"]
        single = len([h for h in heads if h.level == 1]) <= 1
        assembly = assemble(blocks, single=single)
        result.articles.extend(assembly.articles)
        result.set_aside.extend(assembly.set_aside)
        result.leftovers.extend(assembly.leftovers)
    for seq, article in enumerate(result.articles, 1):
        article.seq = seq
    url = _meta(tree, _URL_META)
    day = iso_date(_meta(tree, _DATE_META) or "") or _time_element(tree)
    for article in result.articles:
        article.url = article.url or url
    if day:
        result.date, result.date_from = day, "meta"
    elif url and iso_date(url):
        result.date, result.date_from = iso_date(url), "url"
    return result


def _boiler(text: str, start: int, end: int):
    from ..parse import SetAside

    return SetAside("boilerplate", text, start, end)


def _contains(outer, inner) -> bool:
    node = inner.parent
    while node is not None:
        if node.mem_id == outer.mem_id:
            return True
        node = node.parent
    return False


def _link_list(piece: Piece) -> bool:
    """A line that is mostly link text (a menu, a list of related stories)."""
    visible = len(piece.text.replace(" ", ""))
    return piece.kind != "heading" and visible > 0 and piece.links >= 0.8 * visible and visible < 60


def _locate(text: str, needle: str, pos: int) -> tuple[int, int, int]:
    """Offsets of a block's text in the page source, when it is written there as is."""
    probe = needle[:12]
    found = text.find(probe, pos) if probe else -1
    if found < 0:
        return pos, pos, pos
    return found, found + len(needle), found + len(probe)


def _meta(tree, names: tuple[str, ...]) -> str | None:
    for node in tree.css("meta"):
        attrs = node.attributes or {}
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        if key in names and attrs.get("content"):
            return attrs["content"]
    if "canonical" in names:
        for node in tree.css("link[rel=canonical]"):
            href = (node.attributes or {}).get("href")
            if href:
                return href
    return None


def _time_element(tree) -> str | None:
    for node in tree.css("time"):
        day = iso_date((node.attributes or {}).get("datetime") or node.text() or "")
        if day:
            return day
    return None
