"""Reading pages: encodings, line endings, width folding, dates, bad files."""
from __future__ import annotations

import codecs
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscorpus.errors import PageError
from newscorpus.pages import compact, date_from_path, find_pages, normalize, read_page

TEXT = "区领导走访重点工业企业\n\n本报讯（记者 黄雅婷）昨天下午，区长恽淇丞带队走访。\n"


@pytest.mark.parametrize("encoding, prefix", [
    ("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("gb18030", b""), ("gbk", b""),
    ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
])
def test_every_encoding_reads_to_the_same_text(tmp_path, encoding, prefix):
    path = tmp_path / "p.txt"
    path.write_bytes(prefix + TEXT.encode(encoding))
    page = read_page(path)
    assert page.text == normalize(TEXT)
    assert "本报讯(记者 黄雅婷)昨天下午,区长" in page.text  # full-width punctuation folded


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_line_endings_are_unified(tmp_path, newline):
    path = tmp_path / "p.txt"
    path.write_bytes(TEXT.replace("\n", newline).encode("utf-8"))
    assert read_page(path).text == normalize(TEXT)


def test_original_text_is_kept_as_written(tmp_path):
    path = tmp_path / "p.txt"
    path.write_bytes(TEXT.replace("\n", "\r\n").encode("gb18030"))
    page = read_page(path)
    assert page.original == TEXT.replace("\n", "\r\n")
    assert page.encoding == "gb18030"


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"), (b"  \n\n ", "empty"), (b"\x00\x01\x02PNG\x00", "binary"),
    (b"\xff\xfe\xfa" + bytes(range(128, 256)) * 3, "invalid utf-16"),
    (b"\xfa\xfb" + bytes(range(128, 256)) * 3, "cannot decode"),
])
def test_bad_files_raise_one_line_page_errors(tmp_path, data, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(PageError) as err:
        read_page(path)
    assert "\n" not in str(err.value) and reason in str(err.value)


def test_width_folding_keeps_one_character_for_one():
    text = "ＡＢＣ１２３（）：，　。“”"
    assert len(normalize(text)) == len(text)
    assert normalize(text) == "ABC123():, 。“”"


def test_compact_drops_layout_spaces_only():
    assert compact("昨天上午, 区委常委会") == "昨天上午,区委常委会"
    assert compact("成立 75 周年") == "成立75周年"
    assert compact("记者 黄雅婷") == "记者 黄雅婷"
    assert compact("Model 3 车") == "Model 3车"


def _kept_spaces(text: str) -> str:
    """compact's rule read character by character: a run of spaces becomes one, kept only between two
    Latin letters or digits or between two Han characters."""
    import re

    def kind(ch: str) -> str:
        return "latin" if re.fullmatch("[A-Za-z0-9]", ch) else "han" if "\u3400" <= ch <= "\u4dbf" or "\u4e00" <= ch <= "\u9fff" else ""

    out = re.sub("[ \t\u200b]+", " ", text)
    kept = [ch for i, ch in enumerate(out) if ch != " " or 0 < i < len(out) - 1
            and kind(out[i - 1]) and kind(out[i - 1]) == kind(out[i + 1])]
    return "".join(kept).strip()


@settings(max_examples=500, deadline=None)
@given(st.text(st.sampled_from("ab3 \t\u200b中文,。()Ａ"), max_size=30))
def test_compact_keeps_a_space_only_between_two_words_of_one_script(text):
    assert compact(text) == _kept_spaces(text)


@pytest.mark.parametrize("path, expected", [
    ("2024-10-13.txt", date(2024, 10, 13)), ("wjrb_20241013_01.txt", date(2024, 10, 13)),
    ("2024_10_13/a.txt", date(2024, 10, 13)), ("2024/10/13/01.txt", date(2024, 10, 13)),
    ("000_e1c08d356f2e3085.txt", None), ("2024-13-45.txt", None),
])
def test_dates_from_paths(path, expected):
    assert date_from_path(path) == expected


def test_find_pages_recurses_in_a_stable_order(tmp_path):
    for name in ("b/2.txt", "a/1.txt", "a/skip.md", "c.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p, _ in find_pages([tmp_path])]
    assert found == ["a/1.txt", "b/2.txt", "c.txt"]
