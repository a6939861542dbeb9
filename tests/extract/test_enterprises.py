"""Enterprises: full names, boundaries, short forms, cores, ambiguity, the user lexicon."""
from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newscorpus import ingest, queries
from newscorpus.extract.enterprises import _items, build, core, forms, patterns


def surfaces(text: str) -> list[str]:
    return [f.surface for f in forms(text)]


@pytest.mark.parametrize("text, expected", [
    ("恽淇丞一行首先来到江苏常发实业集团有限公司,详细了解", ["江苏常发实业集团有限公司"]),
    ("前往江苏鑫和泰机械集团有限公司及常州市凯宏铝业有限公司,仔细询问", ["江苏鑫和泰机械集团有限公司", "常州市凯宏铝业有限公司"]),
    ("在江苏泛亚微透科技股份有限公司、中铁建电气化局集团轨道交通器材有限公司及江苏旷达集团股份有限公司,",
     ["江苏泛亚微透科技股份有限公司", "中铁建电气化局集团轨道交通器材有限公司", "江苏旷达集团股份有限公司"]),
    ("位于武进国家高新区的区重点项目——江苏君华特种高分子材料股份有限公司新厂区项目", ["江苏君华特种高分子材料股份有限公司"]),
    ("走进博世汽车部件(苏州)有限公司参观", ["博世汽车部件(苏州)有限公司"]),
    ("在新誉集团,恽淇丞与企业负责人深入交流", ["新誉集团"]),
    ("新增落地安瑞智造、柏润袜业、润杰明纺纱等3家企业。", ["安瑞智造", "柏润袜业", "润杰明纺纱"]),
    ("苏州丝波敦是一家集研发、生产为一体的生物技术创新公司。", ["苏州丝波敦"]),
])
def test_full_and_short_forms_with_their_left_boundary(text, expected):
    assert surfaces(text) == expected


def test_names_torn_by_a_page_break_are_found_after_the_repair(seed_db):
    names = {e["name"] for e in queries.enterprises(seed_db, top=0)}
    assert {"常州市凯宏铝业有限公司", "江苏洛凯机电股份有限公司", "江苏丰润电器集团有限公司"} <= names


def test_parks_organs_and_schools_are_not_enterprises(seed_db):
    names = " ".join(s for e in queries.enterprises(seed_db, top=0) for s in e["aliases"])
    for word in ("产业园", "高新区", "科技园", "中学", "医院", "协会", "管委会", "市场"):
        assert word not in names


def test_cores_strip_region_legal_form_and_industry_words():
    assert core("江苏常发实业集团有限公司") == "常发"
    assert core("常发集团") == "常发"
    assert core("今创控股集团") == "今创"


def test_short_forms_link_to_their_full_name_and_bare_cores_count():
    ents = build(Counter([Form("江苏常发实业集团有限公司", "full"), Form("常发集团", "group"),
                          Form("今创控股集团", "group")]))
    assert ents["江苏常发实业集团有限公司"].surfaces >= {"常发集团", "常发"}
    assert "今创" in ents["今创控股集团"].surfaces


def test_an_ambiguous_short_form_is_not_merged_silently():
    ents = build(Counter([Form("江苏华达电器有限公司", "full"), Form("常州华达机械有限公司", "full"),
                          Form("华达集团", "group")]))
    assert ents["华达集团"].candidates == ["常州华达机械有限公司", "江苏华达电器有限公司"]
    assert "华达集团" not in ents["江苏华达电器有限公司"].surfaces


def test_jin_chuang_trap_on_the_seeds(seed_db):
    by_name = {e["name"]: e for e in queries.enterprises(seed_db, top=0)}
    assert by_name["今创控股集团"]["aliases"] == {"今创": 2, "今创控股集团": 1}
    assert by_name["江苏常发实业集团有限公司"]["aliases"] == {"江苏常发实业集团有限公司": 1, "常发集团": 1}


def test_enterprises_golden(seed_db, golden):
    golden("enterprises", queries.enterprises(seed_db, top=0))


def test_enterprise_profile_and_unknown_name(seed_db):
    p = queries.enterprise(seed_db, "常发集团")
    assert p["name"] == "江苏常发实业集团有限公司" and p["officials"][0]["name"] == "恽淇丞"
    from newscorpus.errors import NotFound

    with pytest.raises(NotFound) as err:
        queries.enterprise(seed_db, "常发电器")
    assert err.value.suggestions


def test_user_lexicon_adds_and_blocks(seed_dir, tmp_path):
    lexicon = tmp_path / "lexicon.toml"
    lexicon.write_text('[enterprises]\n"武进人民商场有限公司" = ["武进人民商场"]\n'
                       '[block]\nenterprises = ["理想汽车"]\nofficials = ["王斐"]\n'
                       '[add]\nphrases = ["武食吾安"]\n', encoding="utf-8")
    from newscorpus.lexicon import load_user_lexicon

    db = tmp_path / "c.db"
    ingest([seed_dir], db=db, jobs=1, lexicon=load_user_lexicon(lexicon))
    names = {e["name"]: e for e in queries.enterprises(db, top=0)}
    assert names["武进人民商场有限公司"]["aliases"] == {"武进人民商场": 1}
    assert "理想汽车" not in names
    assert "王斐" not in {o["name"] for o in queries.officials(db, top=0)}
    assert {"phrase": "武食吾安", "count": 1, "articles": 1, "source": "lexicon"} in queries.phrases(db, top=0)


from newscorpus.extract.enterprises import Form  # noqa: E402


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from("安瑞柏润、等3家企业公司重点园区,。"), max_size=120))
def test_item_lists_are_looked_for_only_where_one_can_end_and_found_the_same(text):
    """The scan starts before the first 等 that 企业/公司 follows as a list needs: what a scan of the whole text finds."""
    pat = patterns()
    whole = [(m.span(), m.group("items")) for m in pat.items.finditer(text)]
    assert [(m.span(), m.group("items")) for m in _items(text, pat)] == whole
