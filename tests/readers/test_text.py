"""Page dumps without bylines: lead lines open stories, summary lists set aside, trailing bylines."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newscorpus.readers import read_file

DUMP = """晚间新闻 2024年3月15日

本期节目主要内容:
1.张三在东湖省调研时强调 做好春耕生产;
2.【晚间快评】春耕正当时;
3.西洲国发生地震。

张三在东湖省调研时强调
做好春耕生产
示例网消息(晚间新闻):张三日前在东湖省调研。
他指出,要抓好春耕。

【晚间快评】春耕正当时
示例网消息(晚间新闻):春耕正当时,各地要抢抓农时。

西洲国发生地震
新华社西洲3月15日电 西洲国今天发生地震。
救援正在进行。(记者 李  四)

青山镇的茶
本报东湖3月14日电 青山镇茶叶丰收。
(作者为东湖省农业专家,本报记者王  五采访整理)
"""


def test_dump_without_bylines_golden(write, golden, summary):
    golden("readers_text_dump", summary(read_file(write("2024-03-15.txt", DUMP))))


def test_lead_lines_open_stories_and_summary_is_set_aside(write):
    result = read_file(write("2024-03-15.txt", DUMP))
    assert [a.headline for a in result.articles] == ["张三在东湖省调研时强调", "春耕正当时", "西洲国发生地震", "青山镇的茶"]
    assert [a.kind for a in result.articles] == ["broadcast", "broadcast", "wire", "news"]
    assert result.articles[0].headline_lines == ["张三在东湖省调研时强调", "做好春耕生产"]
    assert result.articles[1].label == "【晚间快评】"
    assert [s.kind for s in result.set_aside] == ["summary"]
    assert [lo.text for lo in result.leftovers] == ["晚间新闻2024年3月15日"]
    assert result.articles[2].reporters == ["李四"] and result.articles[2].paragraphs[-1] == "救援正在进行。"
    assert result.articles[3].reporters == ["王五"] and result.articles[3].paragraphs == ["青山镇茶叶丰收。"]
    assert (result.date, result.date_from) == ("2024-03-15", "path")


_LINE = st.one_of(
    st.text(alphabet="张三李四王五青山镇茶产业的是在和了一有中人说,。、:“” ", min_size=1, max_size=40),
    st.sampled_from(["本期节目主要内容:", "1.张三调研;", "2.春耕正当时;", "示例网消息(晚间新闻):春耕。",
                     "新华社西洲3月15日电 地震。", "本报记者 李  四", "【快评】春耕正当时", "(作者为农业专家)",
                     "王  六摄", "本报讯(记者 张三)今天。"]),
)


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(_LINE, min_size=1, max_size=20), blank=st.lists(st.booleans(), min_size=20, max_size=20))
def test_no_visible_text_is_lost(tmp_path_factory, held, visible, lines, blank):
    text = "".join(line + ("\n\n" if gap else "\n") for line, gap in zip(lines, blank))
    if not text.strip():
        return
    path = tmp_path_factory.mktemp("txt") / "page.txt"
    path.write_text(text, encoding="utf-8")
    assert held(read_file(path)) == visible(text)
