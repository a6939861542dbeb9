"""Parsing pages into articles: golden seeds, page breaks, captions, labels, conservation."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from newscorpus.pages import normalize, read_page
from newscorpus.parse import parse_page, split_run_together

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


def _summary(path: Path) -> dict:
    page = parse_page(read_page(path).text)
    return {
        "articles": [{"seq": a.seq, "kind": a.kind, "headline": a.headline, "headline_lines": a.headline_lines,
                      "byline": a.byline, "reporters": a.reporters, "photographers": a.photographers,
                      "chars": a.chars, "paragraphs": len(a.paragraphs), "first": a.paragraphs[0][:12] if a.paragraphs else ""}
                     for a in page.articles],
        "leftovers": [{"kind": lo.kind, "text": lo.text} for lo in page.leftovers],
    }


def test_seed_pages_golden(golden):
    for path in SEEDS:
        golden(f"parse_{path.stem[:3]}", _summary(path))


def _pieces(page) -> list[str]:
    out = []
    for a in page.articles:
        out += [a.label] + a.headline_lines + [a.byline] + a.paragraphs
    out += [lo.text for lo in page.leftovers] + [part.text for part in page.set_aside]
    return out


def _non_space(texts) -> Counter:
    return Counter(ch for t in texts for ch in t if not ch.isspace())


def test_every_seed_character_ends_up_in_exactly_one_place():
    for path in SEEDS:
        text = read_page(path).text
        assert _non_space(_pieces(parse_page(text))) == _non_space([text]), path.name


def test_torn_names_and_words_are_rejoined():
    page = parse_page(read_page(SEEDS[1]).text)
    body = "".join(page.articles[0].paragraphs)
    assert "走访中,每到一处,乔俊杰都感谢" in body
    assert "常州市凯宏铝业有限公司" in body and "江苏洛凯机电股份有限公司" in body


def test_headlines_are_never_joined_into_bodies():
    page = parse_page(read_page(SEEDS[1]).text)
    last = page.articles[-1]
    assert last.headline_lines == ["我区收听收看", "全省对口支援协作合作工作电视电话会议"]
    assert not any("福袋我区收听" in p for a in page.articles for p in a.paragraphs)


def test_captions_and_column_labels_are_their_own():
    page = parse_page(read_page(SEEDS[4]).text)
    caption = page.articles[-1]
    assert caption.kind == "photo" and caption.photographers == ["徐晶玮"] and caption.headline_lines == []
    assert caption.paragraphs[0].endswith("图为项目航拍。")
    assert [lo.text for lo in page.leftovers] == ["重点项目 进行时"]
    assert not any("重点项目" in p for a in page.articles for p in a.paragraphs)


def test_bylines_with_several_people_and_roles():
    text = normalize("标题一行\n\n本报讯（记者 张三 李四 通讯员 王五）正文开始。\n")
    article = parse_page(text).articles[0]
    assert article.reporters == ["张三", "李四"] and article.correspondents == ["王五"]
    assert article.paragraphs == ["正文开始。"]


def test_run_together_reporters_split_on_surnames():
    assert split_run_together("蒋雯黄鑫") == ["蒋雯", "黄鑫"]
    assert split_run_together("欧阳建国") == ["欧阳建国"]
    assert split_run_together("黄雅婷") == ["黄雅婷"]


def test_wire_stories_are_their_own_kind():
    text = normalize("中方宣布新举措\n\n新华社北京11月5日电（记者 张三）外交部发言人表示。\n")
    article = parse_page(text).articles[0]
    assert article.kind == "wire" and article.reporters == ["张三"]
    assert article.byline.startswith("新华社北京11月5日电")


def test_text_before_the_first_headline_is_kept_as_leftover():
    text = normalize("上接第一版的内容继续,\n\n完。\n\n标题\n\n本报讯 (记者 张三) 正文。")
    page = parse_page(text)
    assert [lo.text for lo in page.leftovers] == ["上接第一版的内容继续,完。"]
    assert page.articles[0].headline_lines == ["标题"]


def test_a_page_without_articles_keeps_its_text():
    page = parse_page("只是一段没有署名的文字。\n\n又一段。")
    assert page.articles == [] and len(page.leftovers) == 2


_PAGE_TEXT = st.lists(st.sampled_from([
    "区领导走访企业", "本报讯 (记者 黄雅婷) ", "昨天下午,区长恽淇丞带队走访。", "近年来,", "乔俊", "杰指出,",
    "徐晶玮 摄", "钱垒摄", "重点项目", "进行时", "\n", "\n\n", " ", "。", "(", ")", "“主力军”", "新华社北京11月5日电",
]), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), _PAGE_TEXT))
def test_parser_conserves_characters_and_never_raises(text):
    text = normalize(text)
    page = parse_page(text)
    assert _non_space(_pieces(page)) == _non_space([text])
    assert [a.seq for a in page.articles] == list(range(1, len(page.articles) + 1))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=2000), max_size=6), st.sampled_from(SEEDS))
def test_seed_pages_cut_anywhere_conserve_characters(cuts, path):
    text = read_page(path).text
    for cut in sorted(cuts, reverse=True):  # insert page breaks at arbitrary places
        cut = min(cut, len(text))
        text = text[:cut] + "\n\n" + text[cut:]
    page = parse_page(text)
    assert _non_space(_pieces(page)) == _non_space([text])


def test_a_caption_torn_at_a_full_stop_before_the_first_headline_stays_whole():
    page = parse_page("上页转来的文字。\n\n位于某地的项目,总投资3亿元。\n\n图为项目航拍。钱垒摄\n\n标题\n\n本报讯 (记者 张三) 正文。")
    caption = page.articles[0]
    assert caption.kind == "photo" and caption.paragraphs == ["位于某地的项目,总投资3亿元。", "图为项目航拍。"]
    assert [lo.text for lo in page.leftovers] == ["上页转来的文字。"]
