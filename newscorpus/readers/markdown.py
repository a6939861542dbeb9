"""Markdown (.md, .markdown, and .txt that is Markdown): front matter, headings, quotes, links, inline HTML.

Parsed with markdown-it-py (CommonMark), which gives each block its source lines; inline HTML
and HTML blocks go through the HTML reader's parser. YAML front matter is metadata, never body
text; `#` headings are headline lines or story boundaries (see story.assemble); `>` quotes under a
headline are bylines; a paragraph that is a lone link (`[查看原文](url)`) is a link footer.
"""
from __future__ import annotations

import html as htmllib
import re

from ..errors import PageError
from ..pages import compact
from .meta import FIELD_NAMES, iso_date, page_of
from .result import ReadResult
from .story import Assembly, Block, assemble

_FRONT_KEY = re.compile(r"^[A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff -]*:(?:\s|$)")
_ATX = re.compile(r"^ {0,3}#{1,6}\s+\S", re.MULTILINE)
_SIGNS = re.compile(r"^ {0,3}>\s|\[[^\]\n]+\]\([^)\s]+\)|\*\*[^*\n]+\*\*|^ {0,3}(?:---|\*\*\*)\s*$|<p>|<br\s*/?>",
                    re.MULTILINE)


def looks_like_markdown(text: str) -> bool:
    """Markdown in a .txt file: front matter, or headings together with other Markdown marks."""
    if front_matter_bounds(text) is not None:
        return True
    headings = len(_ATX.findall(text)) if "#" in text else 0  # a line-start regex tries every line
    return headings >= 2 or (headings >= 1 and _SIGNS.search(text) is not None)


def front_matter_bounds(text: str) -> tuple[int, int] | None:
    """(end of the front matter's text, end of its closing fence), or None when the file has none.

    A file opening with `---` followed by a `key:` line has front matter; without its closing
    fence it is broken, not a rule followed by text.
    """
    if not text.startswith("---"):
        return None
    first = text.find("\n")
    if first < 0 or text[:first].strip() != "---":
        return None
    second = text[first + 1:].split("\n", 1)[0]
    if not _FRONT_KEY.match(second):
        return None
    close = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE).search(text, first + 1)
    if close is None:
        raise PageError("front matter opened with --- has no closing ---")
    return close.start(), close.end()


def front_matter(block: str) -> dict[str, str]:
    """Flat YAML `key: value` pairs (quotes removed, lists kept as written): what metadata needs."""
    values: dict[str, str] = {}
    for line in block.split("\n"):
        match = re.match(r"^([^:#\s][^:]*?)\s*:\s*(.*)$", line)
        if not match:
            continue
        value = match[2].strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[match[1].strip().lower()] = value
    return values


def pick(values: dict, role: str, fields: dict[str, str] | None = None) -> str | None:
    """The first non-empty value of a role (headline, date, url, ...) under its usual names."""
    names = ((fields or {}).get(role),) + FIELD_NAMES[role]
    for name in names:
        if name and values.get(name) not in (None, "", [], {}):
            return values[name]
    return None


def read_markdown(page) -> ReadResult:
    """Read a Markdown file into articles, set-aside parts and leftovers."""
    text = page.text
    result = ReadResult("markdown", page.original, text, page.encoding, page.sha256, page.size)
    bounds = front_matter_bounds(text)
    meta: dict[str, str] = {}
    body_from = 0
    if bounds is not None:
        inner_start = text.find("\n") + 1
        block = text[inner_start:bounds[0]]
        meta = front_matter(block)
        from ..parse import SetAside

        result.set_aside.append(SetAside("front_matter", block.strip("\n"), inner_start, bounds[0]))
        body_from = bounds[1]
    blocks = markdown_blocks(text, body_from)
    if not any(b.text for b in blocks) and not meta:
        raise PageError("no text in this Markdown file")
    assembly = assemble(blocks, single=bool(pick(meta, "headline")))
    apply_metadata(assembly, meta)
    result.articles, result.leftovers = assembly.articles, assembly.leftovers
    result.set_aside += assembly.set_aside
    url = pick(meta, "url")
    for day, source in ((iso_date(pick(meta, "date")), "front_matter"), (assembly.date, "title"),
                        (iso_date(url) if url else None, "url")):
        if day:
            result.date, result.date_from = day, source
            break
    return result


def apply_metadata(assembly: Assembly, meta: dict, fields: dict[str, str] | None = None) -> None:
    """Give a one-article file's metadata (front matter, a record's fields) to its article."""
    if len(assembly.articles) != 1 or not meta:
        return
    article = assembly.articles[0]
    section = pick(meta, "section", fields)
    page = pick(meta, "page", fields)
    if isinstance(section, str) and re.fullmatch(r"第?\s*[A-Za-z]?\d{1,3}[A-Za-z]?\s*版", section.strip()):
        section, page = meta.get("section_name") or None, page or section
    article.date = iso_date(pick(meta, "date", fields)) or article.date
    article.url = _str(pick(meta, "url", fields)) or article.url
    article.section = _str(section) or article.section
    article.page = page_of(_str(page)) if page else article.page
    author = pick(meta, "author", fields)
    if isinstance(author, list):
        author = "、".join(str(a) for a in author)
    if author:
        from ..parse import _names

        article.author = "、".join(_names(str(author))) or compact(str(author))
    if not article.headline_lines and article.main_headline is None:
        title = pick(meta, "headline", fields)
        article.main_headline = compact(str(title)) if title else None  # from metadata: not counted twice


def _str(value) -> str | None:
    return str(value) if value not in (None, "") else None


def markdown_blocks(text: str, body_from: int = 0) -> list[Block]:
    """Blocks of a Markdown text from offset `body_from` (after front matter), offsets into `text`."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    skipped = text[:body_from].count("\n")
    source = "\n" * skipped + text[body_from:]
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)

    def span(token_map) -> tuple[int, int]:
        first, last = token_map
        return starts[first], max(starts[first], starts[min(last, len(starts) - 1)] - 1)

    blocks: list[Block] = []
    context: list[tuple[str, str, list | None]] = []  # open containers: type, tag, source lines
    for token in md.parse(source):
        if token.nesting == 1:
            context.append((token.type, token.tag, token.map))
            continue
        if token.nesting == -1:
            context.pop()
            continue
        where = token.map or next((m for _, _, m in reversed(context) if m), None) or [0, 1]
        start, end = span(where)
        kinds = [t for t, _, _ in context]
        if token.type == "inline":
            level = next((int(tag[1]) for _, tag, _ in context if re.fullmatch(r"h[1-6]", tag)), 0)
            if "heading_open" in kinds:
                kind = "heading"
            elif "blockquote_open" in kinds:
                kind = "quote"
            else:
                kind = "para"
            blocks.extend(_inline_blocks(token, kind, level, start, end))
        elif token.type == "html_block":
            from .html import fragment_pieces

            quote = "blockquote_open" in kinds
            for piece in fragment_pieces(token.content):
                kind = "quote" if quote and piece.kind == "para" else piece.kind
                blocks.append(Block(kind, piece.text, start, end, piece.level))
        elif token.type in ("fence", "code_block"):
            blocks.extend(Block("para", compact(line), start, end) for line in token.content.split("\n")
                          if compact(line))
        elif token.type == "hr":
            blocks.append(Block("rule", "", start, end))
    return blocks


def _inline_blocks(token, kind: str, level: int, start: int, end: int) -> list[Block]:
    """An inline token's text: links by their text (a lone link keeps its URL), inline HTML read
    by the HTML parser, one block per source line."""
    children = token.children or []
    link = _lone_link(children)
    if link is not None:
        text, url = link
        return [Block("link", compact(text), start, end, url=url)] if compact(text) or url else []
    if any(c.type == "html_inline" for c in children):
        from .html import fragment_pieces

        parts = []
        for child in children:
            if child.type == "html_inline":
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append("<br>")
            elif child.type in ("text", "code_inline"):
                parts.append(htmllib.escape(child.content))
        lines = [p.text for p in fragment_pieces("".join(parts))]
    else:
        buf: list[str] = []
        for child in children:
            if child.type in ("softbreak", "hardbreak"):
                buf.append("\n")
            elif child.type in ("text", "code_inline"):
                buf.append(child.content)
        lines = "".join(buf).split("\n")
    if kind == "heading":  # a heading is one line whatever its source
        lines = [" ".join(compact(line) for line in lines)]
    return [Block(kind, compact(line), start, end, level) for line in lines if compact(line)]


def _lone_link(children) -> tuple[str, str] | None:
    """(text, url) of inline content that is one link and nothing else."""
    meaningful = [c for c in children if not (c.type == "text" and not c.content.strip())
                  and c.type not in ("softbreak", "hardbreak")]
    if len(meaningful) < 2 or meaningful[0].type != "link_open" or meaningful[-1].type != "link_close":
        return None
    inner = meaningful[1:-1]
    if any(c.type in ("link_open", "link_close") for c in inner):
        return None
    return "".join(c.content for c in inner if c.type in ("text", "code_inline")), meaningful[0].attrs.get("href", "")
