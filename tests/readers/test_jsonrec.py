"""JSON and JSON Lines records: field names, text written twice counted once, metadata, loss-free."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscorpus.errors import PageError
from newscorpus.readers import read_file

BODY = "清晨，青山镇的茶园里一片繁忙。\n云岭县委书记王五说：“茶产业是我们的当家产业。”\n公司今年新建了两条生产线。"
RECORDS = [
    {"title": "青山镇茶产业迈出新步伐（县域观察）",
     "content": BODY,
     "markdown_body": "### 云岭县推动特色产业提质增效\n\n# 青山镇茶产业迈出新步伐（县域观察）\n\n"
                      "> 本报记者  张  三《示例日报》（2024年11月03日第 05 版）\n\n" + BODY.replace("\n", "\n\n"),
     "author": "张  三", "plate": "经济", "url": "https://example.org/paper/2024/11/03/c1.html",
     "date": "2024-11-03", "keywords": ["茶叶", "青山镇"], "summary": BODY.split("\n")[0], "word_count": 60},
    {"title": "西洲国发生地震", "content": "示例网消息：西洲国今天发生地震。\n救援正在进行。",
     "date": "2024-11-04", "section_name": "国际"},
]


def test_crawler_list_golden(write, golden, summary):
    golden("readers_json_list", summary(read_file(write("day.json", json.dumps(RECORDS, ensure_ascii=False, indent=2)))))


def test_text_written_twice_is_counted_once(write):
    result = read_file(write("day.json", json.dumps(RECORDS, ensure_ascii=False)))
    first, second = result.articles
    assert first.headline == "青山镇茶产业迈出新步伐" and first.label == "(县域观察)"
    assert first.headline_lines[0] == "云岭县推动特色产业提质增效" and first.reporters == ["张三"]
    assert first.paragraphs == BODY.replace("，", ",").replace("：", ":").split("\n")
    assert (first.record, first.date, first.section, first.page, first.author) == (0, "2024-11-03", "经济", "05", "张三")
    duplicates = [s for s in result.set_aside if s.kind == "duplicate" and s.record == 0]
    assert len(duplicates) == 3  # the title, content and summary fields
    assert second.headline == "西洲国发生地震" and second.byline == "示例网消息:"
    assert second.paragraphs == ["西洲国今天发生地震。", "救援正在进行。"]
    assert (result.date, result.date_from) == ("2024-11-03", "record")
    assert result.coverage()["leftover_chars"] == 0


def test_json_lines_and_a_json_suffix_that_lies(write):
    lines = "\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS)
    for name in ("day.jsonl", "day.json", "day.txt"):
        result = read_file(write(name, lines))
        assert result.format == "jsonl" and len(result.articles) == 2


def test_fields_mapping_and_nested_records(write):
    doc = {"status": "ok", "data": [{"TITLE": "青山镇迎来丰收", "CONTENT": "今年青山镇茶叶丰收。", "WHEN": "2024/11/05"}]}
    path = write("x.json", json.dumps(doc, ensure_ascii=False))
    (article,) = read_file(path, fields={"headline": "TITLE", "body": "CONTENT", "date": "WHEN"}).articles
    assert (article.headline, article.paragraphs, article.date) == ("青山镇迎来丰收", ["今年青山镇茶叶丰收。"], "2024-11-05")


@pytest.mark.parametrize("content, message", [
    ('[{"title": "缺了括号", "content": "正文"}', "broken JSON"),
    ('{"id": 7, "tags": ["甲", "乙"]}', "no record has a text field"),
    ("42", "single value"),
])
def test_malformed_json_gives_one_line(write, content, message):
    with pytest.raises(PageError) as err:
        read_file(write("bad.json", content))
    assert message in str(err.value) and "\n" not in str(err.value)


_TEXT = st.text(alphabet="张三李四王五青山镇茶产业的是在和了一有中人说，。、：“”\"", min_size=1, max_size=30)


@settings(max_examples=150, deadline=None)
@given(records=st.lists(st.tuples(_TEXT, st.lists(_TEXT, min_size=1, max_size=4), _TEXT, st.booleans()),
                        min_size=1, max_size=4))
def test_no_visible_text_is_lost(tmp_path_factory, held, visible, records):
    data, shown = [], []
    for title, paras, author, twice in records:
        record = {"title": title, "content": "\n".join(paras), "author": author}
        shown += [title, *paras, author]
        if twice:  # the same text again as Markdown, with a summary of its first line
            record["markdown_body"] = f"# {title}\n\n" + "\n\n".join(paras)
            record["summary"] = paras[0]
            shown += [title, *paras, paras[0]]
        data.append(record)
    path = tmp_path_factory.mktemp("json") / "day.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = read_file(path)
    assert held(result) == visible(*shown)
    assert len(result.articles) == len(records)
