"""HTML reader: e-paper pages and web articles, boilerplate set aside, dates from <meta>, loss-free."""
from __future__ import annotations

import html

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscorpus.errors import PageError
from newscorpus.readers import read_file

EPAPER = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>示例日报 第5版</title>
<meta name="publishdate" content="2024-11-03"><script>var pageNo = "第5版";</script><style>p{margin:0}</style></head>
<body>
<div class="nav"><a href="/">首页</a> <a href="/b">版面导航</a></div>
<div class="article">
<h3>云岭县推动特色产业提质增效</h3>
<h1>青山镇茶产业迈出新步伐</h1>
<h2>村企合作带动千户增收</h2>
<p class="sec">本报记者 张三</p>
<div id="ozoom"><p>清晨，青山镇的茶园里一片繁忙。</p><p>云岭县委书记王五说：“茶产业是我们的当家产业。”<br>公司今年新建了两条生产线。</p></div>
</div>
<div class="footer">示例日报社版权所有</div>
</body></html>
"""

WEB = """<html><head><meta property="og:url" content="https://example.org/2024/12/01/n1.html"></head><body>
<header><a href="/">示例网</a></header>
<article><h1>西洲国发生地震</h1><p>示例网消息：西洲国今天发生地震。</p><p>救援正在进行。</p></article>
<aside><p>相关新闻</p></aside>
<footer>联系我们</footer></body></html>
"""


def test_epaper_page_golden(write, golden, summary):
    golden("readers_html_epaper", summary(read_file(write("p.html", EPAPER))))


def test_epaper_page_parts(write):
    result = read_file(write("p.html", EPAPER))
    (article,) = result.articles
    assert article.headline_lines == ["云岭县推动特色产业提质增效", "青山镇茶产业迈出新步伐", "村企合作带动千户增收"]
    assert article.headline == "青山镇茶产业迈出新步伐" and article.reporters == ["张三"]
    assert article.paragraphs == ["清晨,青山镇的茶园里一片繁忙。", "云岭县委书记王五说:“茶产业是我们的当家产业。”",
                                  "公司今年新建了两条生产线。"]
    assert {s.text for s in result.set_aside if s.kind == "boilerplate"} == {"首页 版面导航", "示例日报社版权所有"}
    assert (result.date, result.date_from) == ("2024-11-03", "meta")
    assert not any("pageNo" in p for p in article.paragraphs)


def test_web_article_date_from_url_and_chrome_set_aside(write):
    result = read_file(write("w.htm", WEB))
    (article,) = result.articles
    assert article.headline == "西洲国发生地震" and article.url == "https://example.org/2024/12/01/n1.html"
    assert (result.date, result.date_from) == ("2024-12-01", "url")
    assert result.coverage()["leftover_chars"] == 0


@pytest.mark.parametrize("content", ["<html><head><title>空</title></head><body>  </body></html>",
                                     "<html><head><script>x=1</script></head></html>"])
def test_html_without_a_body_gives_one_line(write, content):
    with pytest.raises(PageError, match="HTML without a body"):
        read_file(write("e.html", content))


_TEXT = st.text(alphabet="张三李四王五青山镇茶产业的是在和了一有中人说，。、：“”<>&", min_size=1, max_size=30)
_PART = st.tuples(st.sampled_from(["h1", "h2", "h3", "p", "nav", "footer", "br", "script", "blockquote"]), _TEXT)


@settings(max_examples=150, deadline=None)
@given(parts=st.lists(_PART, min_size=1, max_size=12).filter(lambda ps: any(t != "script" for t, _ in ps)))
def test_no_visible_text_is_lost(tmp_path_factory, held, visible, parts):
    body, shown = [], []
    for tag, text in parts:
        safe = html.escape(text, quote=False)
        if tag == "script":
            body.append(f"<script>var s = '{safe}';</script>")  # not visible: never counted
            continue
        shown.append(text)
        if tag == "br":
            safe = f"{html.escape(text[:2], quote=False)}<br>{html.escape(text[2:], quote=False)}"
        body.append(f"<p>{safe}</p>" if tag == "br" else f"<{tag}>{safe}</{tag}>")
    path = tmp_path_factory.mktemp("html") / "doc.html"
    path.write_text(f"<html><body>{''.join(body)}</body></html>", encoding="utf-8")
    result = read_file(path)
    assert held(result) == visible(*shown)
