"""Markdown reader: front matter, headline lines, quoted bylines, transcripts, inline HTML, loss-free."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscorpus.errors import PageError
from newscorpus.readers import read_file

ARTICLE = """---
title: "青山镇茶产业迈出新步伐（县域观察）"
date: 2024-11-03
section: "第05版"
section_name: "经济"
author: "张  三  李小四"
keywords: [茶叶, 青山镇]
source_url: "https://example.org/paper/2024/11/03/content_1.html"
---

### 云岭县推动特色产业提质增效

# 青山镇茶产业迈出新步伐（县域观察）

## 村企合作带动千户增收

> 本报记者  张  三  李小四《示例日报》（2024年11月03日第 05 版）

清晨，青山镇的茶园里一片**繁忙**。

云岭县委书记王五说：“茶产业是我们的[当家产业](https://example.org/x)。”

王  六摄（示例视觉）

青山茶业有限公司总经理赵七介绍，公司今年新建了两条生产线。

本期统筹：周八
"""

TRANSCRIPT = """# 《晚间新闻》 (20240315)

## 新闻摘要

本期节目主要内容：


1.张三在东湖省调研时强调 做好春耕生产；


2.【晚间快评】春耕正当时；


3.国内快讯：


（1）某某铁路开通运营；


4.西洲国发生地震。
（《晚间新闻》 20240315 19:00）

## 详细新闻

### 张三在东湖省调研时强调 做好春耕生产

<p><strong>示例网消息</strong>（晚间新闻）：张三日前在东湖省调研。</p><p>他指出，要抓好春耕。<br></p>

[查看原文](https://example.org/news/2024/03/15/a1.shtml)

### 【晚间快评】春耕正当时

<p>春耕正当时，各地要抢抓农时。</p>

[查看原文](https://example.org/news/2024/03/15/a2.shtml)

### 国内快讯

<p><strong>某某铁路开通运营</strong><br></p><p>今天，某某铁路开通运营，全长120公里。</p>

[查看原文](https://example.org/news/2024/03/15/a3.shtml)

### 西洲国发生地震

[查看原文](https://example.org/news/2024/03/15/a4.shtml)



---

(更新时间戳: 1710500000000)
"""


def test_article_with_front_matter_golden(write, golden, summary):
    golden("readers_markdown_article", summary(read_file(write("a.md", ARTICLE))))


def test_transcript_golden(write, golden, summary):
    golden("readers_markdown_transcript", summary(read_file(write("t.md", TRANSCRIPT))))


def test_article_parts_go_where_they_belong(write):
    result = read_file(write("a.md", ARTICLE))
    (article,) = result.articles
    assert article.headline == "青山镇茶产业迈出新步伐" and article.label == "(县域观察)"
    assert article.headline_lines == ["云岭县推动特色产业提质增效", "青山镇茶产业迈出新步伐", "村企合作带动千户增收"]
    assert article.reporters == ["张三", "李小四"] and article.photographers == ["王六"]
    assert article.date == "2024-11-03" and article.page == "05" and article.section == "经济"
    assert not any("title:" in p or "《示例日报》" in p or "周八" in p for p in article.paragraphs)
    assert "云岭县委书记王五说:“茶产业是我们的当家产业。”" in article.paragraphs
    assert (result.date, result.date_from) == ("2024-11-03", "front_matter")
    assert [s.kind for s in result.set_aside] == ["front_matter"]


def test_transcript_stories_summary_and_footers(write):
    result = read_file(write("t.md", TRANSCRIPT))
    assert [a.headline for a in result.articles] == [
        "张三在东湖省调研时强调 做好春耕生产", "春耕正当时", "国内快讯", "西洲国发生地震"]
    assert all(a.kind == "broadcast" for a in result.articles)
    assert result.articles[1].label == "【晚间快评】"
    assert result.articles[0].byline == "示例网消息(晚间新闻):"
    assert result.articles[0].paragraphs == ["张三日前在东湖省调研。", "他指出,要抓好春耕。"]
    assert result.articles[3].paragraphs == [] and result.articles[3].url.endswith("a4.shtml")
    kinds = [s.kind for s in result.set_aside]
    assert kinds.count("links") == 4 and {"summary", "title", "section", "timestamp"} <= set(kinds)
    assert (result.date, result.date_from) == ("2024-03-15", "title")
    assert result.coverage()["leftover_chars"] == 0


def test_sections_of_one_article_are_not_stories(write):
    doc = "# 总标题\n\n> 本报记者 张三\n\n导语。\n\n## 一、第一部分\n\n正文一。\n\n## 二、第二部分\n\n正文二。\n"
    (article,) = read_file(write("s.md", doc)).articles
    assert article.headline == "总标题" and article.paragraphs == ["导语。", "一、第一部分", "正文一。", "二、第二部分", "正文二。"]


def test_markdown_in_a_txt_file_is_read_as_markdown(write):
    result = read_file(write("a.txt", ARTICLE))
    assert result.format == "markdown" and len(result.articles) == 1


@pytest.mark.parametrize("name, content, message", [
    ("open.md", "---\ntitle: 没有结束\ndate: 2024-01-01\n\n# 标题\n\n正文。\n", "front matter"),
    ("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    ("empty.md", "  \n\n", "empty"),
])
def test_malformed_markdown_gives_one_line(write, name, content, message):
    with pytest.raises(PageError) as err:
        read_file(write(name, content))
    assert message in str(err.value) and "\n" not in str(err.value)


# Visible text made of Han characters and Chinese punctuation only, so that no piece is itself
# Markdown syntax; the structure around the pieces is what the reader has to see through.
_TEXT = st.text(alphabet="张三李四王五青山镇茶产业的是在和了一有中人说，。、：“”（）", min_size=1, max_size=30)
_BLOCK = st.one_of(
    st.tuples(st.just("h"), st.integers(1, 4), _TEXT),
    st.tuples(st.just("p"), st.just(0), _TEXT),
    st.tuples(st.just("q"), st.just(0), _TEXT),
    st.tuples(st.just("html"), st.just(0), _TEXT),
    st.tuples(st.just("link"), st.just(0), _TEXT),
    st.tuples(st.just("strong"), st.just(0), _TEXT),
)


@settings(max_examples=150, deadline=None)
@given(front=st.lists(_TEXT, max_size=3), blocks=st.lists(_BLOCK, min_size=1, max_size=14))
def test_no_visible_text_is_lost(tmp_path_factory, held, visible, front, blocks):
    shown = list(front)
    lines = []
    if front:
        lines += ["---"] + [f"key{i}: {v}" for i, v in enumerate(front)] + ["---", ""]
        shown += [f"key{i}:" for i in range(len(front))]
    for kind, level, text in blocks:
        shown.append(text)
        lines.append({"h": f"{'#' * level} {text}", "p": text, "q": f"> {text}",
                      "html": f"<p><strong>{text[:1]}</strong>{text[1:]}<br></p>",
                      "link": f"[{text}](https://example.org/a)", "strong": f"**{text}**"}[kind])
        lines.append("")
    path = tmp_path_factory.mktemp("md") / "doc.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = read_file(path)
    assert held(result) == visible(*shown)
    cover = result.coverage()
    assert cover["chars"] == cover["article_chars"] + cover["set_aside_chars"] + cover["leftover_chars"]


@pytest.mark.parametrize("doc, headlines, set_aside", [
    ("# 《晚间新闻》 (20240315)\n\n## 新闻摘要\n\n1.独条新闻。\n\n## 详细新闻\n\n### 独条新闻\n\n<p>正文。</p>\n",
     ["独条新闻"], ["title", "summary", "section"]),
    ("# 晚间新闻 20240315\n\n### 第一条\n\n<p>正文一。</p>\n\n### 第二条\n\n<p>正文二。</p>\n",
     ["第一条", "第二条"], ["title"]),
    ("## 甲地新闻\n\n本报讯(记者 张三)正文一。\n\n## 乙地新闻\n\n新华社北京3月1日电 正文二。\n",
     ["甲地新闻", "乙地新闻"], []),
    ("### 引题一行\n\n# 主标题\n\n## 副题\n\n正文。\n\n### 引题二\n\n# 第二篇\n\n> 本报记者 李四\n\n正文二。\n",
     ["主标题", "第二篇"], []),
])
def test_layouts_of_other_files(write, doc, headlines, set_aside):
    result = read_file(write("x.md", doc))
    assert [a.headline for a in result.articles] == headlines
    assert [s.kind for s in result.set_aside] == set_aside
    assert result.coverage()["leftover_chars"] == 0
