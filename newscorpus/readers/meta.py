"""Metadata shared by the structured readers: field names, dates, bylines of papers."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone

# Field names as crawlers and front matter write them, most specific first. A user's `fields`
# mapping (headline=TITLE, body=CONTENT, ...) puts its own names in front.
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "headline": ("headline", "title", "标题", "题目", "name"),
    "body": ("markdown_body", "markdown", "body_markdown", "content_html", "html", "body_html", "content",
             "body", "text", "article", "article_body", "articleBody", "正文", "内容", "fulltext", "full_text"),
    "summary": ("summary", "abstract", "description", "digest", "lead", "excerpt", "摘要", "导语"),
    "date": ("date", "pub_date", "publish_date", "publish_time", "published", "published_at", "pubdate",
             "pub_time", "release_date", "datetime", "time", "日期", "发布时间"),
    "url": ("url", "source_url", "link", "permalink", "href", "original_url", "网址", "链接"),
    "section": ("section_name", "section", "plate", "column", "channel", "版面", "栏目"),
    "page": ("page", "page_no", "section_no", "page_number", "版次"),
    "author": ("author", "authors", "byline", "reporter", "reporters", "作者", "记者"),
    "kicker": ("kicker", "pretitle", "pre_title", "引题", "肩题"),
    "subtitle": ("subtitle", "sub_title", "subheadline", "副题", "副标题"),
}

_YMD = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*(?:[-/._年]\s*(\d{1,2})\s*[-/._月]\s*(\d{1,2})|(\d\d)(\d\d))(?!\d)")
_EPOCH = re.compile(r"^\d{10}(?:\d{3})?$")


def iso_date(value: object) -> str | None:
    """The date in a field value or a piece of text: 2025-01-05, 2025/1/5, 20250105, 2025年1月5日,
    a Unix time in seconds or milliseconds."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(int(value))
    if not isinstance(value, str):
        return None
    value = value.strip()
    if _EPOCH.match(value):
        seconds = int(value) / (1000 if len(value) == 13 else 1)
        return datetime.fromtimestamp(seconds, tz=timezone.utc).date().isoformat()
    for match in _YMD.finditer(value):
        month, day = (match[2], match[3]) if match[2] else (match[4], match[5])
        try:
            return date(int(match[1]), int(month), int(day)).isoformat()
        except ValueError:
            continue
    return None


def page_of(value: str) -> str | None:
    """A page number written as 第01版, 01, A3 or 第 01 版."""
    match = re.search(r"第?\s*([A-Za-z]?\d{1,3}[A-Za-z]?)\s*版?", value)
    return match.group(1) if match else None


# The paper's own line under the headline: 本报记者 张三《某某日报》(2025年01月05日第 01 版)
PAPER_SOURCE = re.compile(r"《[^《》]{2,20}》\s*(?:\((?P<when>[^()]{0,40})\))?")


def paper_date_page(text: str) -> tuple[str | None, str | None]:
    """Date and page of a paper source line: (2025年01月05日第 01 版) -> 2025-01-05, 01."""
    for match in PAPER_SOURCE.finditer(text):
        when = match["when"] or ""
        page = re.search(r"第\s*([A-Za-z]?\d{1,3}[A-Za-z]?)\s*版", when)
        return iso_date(when), page.group(1) if page else None
    return None, None
