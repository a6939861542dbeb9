"""Crawler records (.json list or object, .jsonl JSON Lines): one article per record.

Fields are found under their usual names (meta.FIELD_NAMES) or the names a `fields` mapping gives
(headline=TITLE, body=CONTENT, ...; dotted names reach into nested objects). A record holding its
text twice (content and markdown_body, a summary repeating the first lines) is counted once: the
richest form is read (Markdown, then HTML, then plain text) and the repeats are set aside as
duplicates. Every other string value is set aside as the record's metadata.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections import Counter

from ..errors import PageError
from ..pages import compact, normalize
from ..parse import SetAside
from .markdown import apply_metadata, looks_like_markdown, markdown_blocks
from .meta import FIELD_NAMES, iso_date
from .result import ReadResult
from .story import Block, assemble

_HTML = re.compile(r"<(?:p|br|div|h[1-6]|span|strong|section|article)\b[^>]*>", re.IGNORECASE)
_LIST_KEYS = ("data", "articles", "items", "records", "results", "list", "docs", "news", "rows", "entries")


def read_json(page, *, fields: dict[str, str] | None = None) -> ReadResult:
    """Read a JSON or JSON Lines file (decided by content, whatever the suffix)."""
    records, spans, fmt = _records(page.original)
    result = ReadResult(fmt, page.original, page.text, page.encoding, page.sha256, page.size)
    to_text = _offset_map(page.original)
    any_text = False
    for index, record in enumerate(records):
        start, end = (to_text(spans[index][0]), to_text(spans[index][1])) if index < len(spans) else (0, 0)
        any_text |= _read_record(result, index, record, start, end, fields)
    if not any_text:
        looked = ", ".join(FIELD_NAMES["headline"][:2] + FIELD_NAMES["body"][:7])
        raise PageError(f"no record has a text field (looked for {looked}, …); name them with fields "
                        "such as headline=TITLE,body=CONTENT")
    for seq, article in enumerate(result.articles, 1):
        article.seq = seq
    dates = Counter(a.date for a in result.articles if a.date)
    if dates:
        result.date, result.date_from = min(dates, key=lambda d: (-dates[d], d)), "record"
    return result


def _records(original: str) -> tuple[list, list[tuple[int, int]], str]:
    """The records of a JSON list, object or JSON Lines text, with their spans in the file."""
    try:
        data = json.loads(original)
    except json.JSONDecodeError as exc:
        lines = _json_lines(original)
        if lines is None:
            raise PageError(f"broken JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
        return [r for r, _ in lines], [s for _, s in lines], "jsonl"
    if isinstance(data, list):
        return data, _list_spans(original, len(data)), "json"
    if isinstance(data, dict):
        if not _has_text(data, None):
            for key in _LIST_KEYS + tuple(k for k, v in data.items() if isinstance(v, list)):
                inner = data.get(key)
                if isinstance(inner, list) and inner and all(isinstance(x, dict) for x in inner):
                    return inner, [], "json"
        return [data], [(0, len(original))], "json"
    raise PageError("JSON holds a single value, not records")


def _json_lines(original: str) -> list[tuple[object, tuple[int, int]]] | None:
    """Records of a JSON Lines text, or None when it is not one (a line fails to parse)."""
    out = []
    pos = 0
    for line in original.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            try:
                out.append((json.loads(stripped), (pos, pos + len(line.rstrip("\r\n")))))
            except json.JSONDecodeError:
                return None
        pos += len(line)
    return out if len(out) >= 2 or (out and original.strip().count("\n") >= 1) else None


def _list_spans(original: str, count: int) -> list[tuple[int, int]]:
    """Where each element of a top-level JSON list starts and ends (for offsets into the file)."""
    decoder = json.JSONDecoder()
    spans = []
    pos = original.index("[") + 1
    for _ in range(count):
        while original[pos] in " \t\r\n,\ufeff":
            pos += 1
        _, end = decoder.raw_decode(original, pos)
        spans.append((pos, end))
        pos = end
    return spans


def _offset_map(original: str):
    """Offsets into the original -> offsets into pages.normalize(original) (CRLF and BOMs shrink)."""
    removed = [m.start() for m in re.finditer("\r\n|\ufeff", original)]
    return lambda pos: pos - bisect_left(removed, pos)


def _get(record: dict, name: str | None):
    """A field by name; a dotted name reaches into nested objects."""
    if not name:
        return None
    value = record
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _names(role: str, fields: dict[str, str] | None) -> list[str]:
    given = (fields or {}).get(role)
    return ([given] if given else []) + [n for n in FIELD_NAMES[role] if n != given]


def _has_text(record: dict, fields: dict[str, str] | None) -> bool:
    return any(isinstance(_get(record, n), str) and _get(record, n).strip()
               for role in ("headline", "body") for n in _names(role, fields))


def _read_record(result: ReadResult, index: int, record, start: int, end: int,
                 fields: dict[str, str] | None) -> bool:
    """One record -> its article, duplicates and metadata. False when it holds no text field."""
    if isinstance(record, str):
        record = {"text": record}
    if not isinstance(record, dict):
        return False
    used: set[str] = set()
    headline_key = next((n for n in _names("headline", fields) if _text(_get(record, n))), None)
    bodies = [n for n in _names("body", fields) if _text(_get(record, n))]
    if headline_key is None and not bodies:
        _metadata(result, index, record, used, start, end)
        return False
    primary = max(bodies, key=lambda n: _richness(n, _get(record, n)), default=None)
    blocks: list[Block] = []
    if primary is not None:
        blocks = _body_blocks(primary, normalize(_get(record, primary)), start, end)
        used.add(primary)
    title = normalize(_get(record, headline_key)) if headline_key else ""
    if not any(b.kind == "heading" for b in blocks):  # headline lines from the fields, in page order
        lines = [(_first(record, "kicker", fields), 3), (headline_key, 1), (_first(record, "subtitle", fields), 2)]
        heads = [Block("heading", compact(normalize(_get(record, k))), start, end, level) for k, level in lines if k]
        blocks[:0] = heads
        used.update(k for k, _ in lines if k)
    assembly = assemble(blocks, single=True)
    apply_metadata(assembly, record, fields)
    for article in assembly.articles:
        article.record, article.start, article.end = index, start, end
    visible = _flat([t for a in assembly.articles for t in (a.label, *a.headline_lines, a.byline, *a.paragraphs,
                                                            *(line + a.label for line in a.headline_lines))])
    if title and headline_key not in used:
        used.add(headline_key)
        result.set_aside.append(SetAside("duplicate" if _within(title, visible) else "title", compact(title),
                                         start, end, index))
    for name in bodies + [n for n in _names("summary", fields) if _text(_get(record, n))] \
            + [n for role in ("kicker", "subtitle") for n in _names(role, fields) if _text(_get(record, n))]:
        if name in used:
            continue
        used.add(name)
        value = compact(normalize(_plain(_get(record, name))))
        if _within(value, visible):
            result.set_aside.append(SetAside("duplicate", value, start, end, index))
        elif name in FIELD_NAMES["summary"] or name == (fields or {}).get("summary"):
            result.set_aside.append(SetAside("summary", value, start, end, index))
        else:
            result.leftovers.append(_leftover(value, start, end))
    result.articles.extend(assembly.articles)
    result.set_aside.extend(SetAside(s.kind, s.text, start, end, index) for s in assembly.set_aside)
    result.leftovers.extend(assembly.leftovers)
    _metadata(result, index, record, used, start, end)
    return True


def _first(record: dict, role: str, fields: dict[str, str] | None) -> str | None:
    return next((n for n in _names(role, fields) if _text(_get(record, n))), None)


def _leftover(text: str, start: int, end: int):
    from ..parse import Leftover

    return Leftover("text", text, start, end)


def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _richness(name: str, value: str) -> tuple[int, int]:
    """Markdown over HTML over plain text; then the longer."""
    if "markdown" in name.lower() or looks_like_markdown(value):
        return 2, len(value)
    if _HTML.search(value):
        return 1, len(value)
    return 0, len(value)


def _body_blocks(name: str, value: str, start: int, end: int) -> list[Block]:
    """A body field's blocks; offsets are the record's, since a field has no place in the text."""
    if _richness(name, value)[0] == 2:
        blocks = markdown_blocks(value)
    elif _richness(name, value)[0] == 1:
        from .html import fragment_pieces

        blocks = [Block(p.kind, p.text, 0, 0, p.level) for p in fragment_pieces(value) if p.kind != "rule"]
    else:
        blocks = [Block("para", compact(line), 0, 0) for line in value.split("\n") if compact(line)]
    for block in blocks:
        block.start, block.end = start, end
    return blocks


def _plain(value: str) -> str:
    """A field's visible text: HTML read by the parser, Markdown marks left as they are."""
    if _HTML.search(value):
        from .html import fragment_pieces

        return "\n".join(p.text for p in fragment_pieces(value))
    return value


def _flat(texts) -> str:
    return "".join("".join(t.split()) for t in texts)


def _within(value: str, visible: str) -> bool:
    """Every line of a field is already in the article's text (the same text written twice)."""
    lines = [_flat([line]) for line in value.split("\n") if line.strip()]
    return bool(lines) and all(line in visible for line in lines)


def _metadata(result: ReadResult, index: int, record: dict, used: set[str], start: int, end: int) -> None:
    """The record's other string values (date, url, author, keywords ...), readable, never body."""
    values = []
    for key, value in record.items():
        if key in used:
            continue
        values.extend(_strings(value))
    text = "\n".join(compact(normalize(v)) for v in values if v.strip())
    if text:
        result.set_aside.append(SetAside("metadata", text, start, end, index))


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    return []
