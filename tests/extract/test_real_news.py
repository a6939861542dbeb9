"""Officials, enterprises and phrases on news of every level (issue 14): one small written document
per kind of error seen on real national, provincial, county and foreign-affairs news. All names of
people and companies here are invented."""
from __future__ import annotations

import re
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from newscorpus.extract.enterprises import build, forms
from newscorpus.extract.officials import candidates, count_mentions, mention_pattern
from newscorpus.extract.phrases import _idiom_or_date, _near_duplicate
from newscorpus.lexicon import dictionary_words

from .helpers import decide_people


def people(*texts: str) -> dict:
    return decide_people(*texts)


# ---- fragments taken for names ----------------------------------------------------------------

def test_no_name_from_the_tail_of_a_word_or_a_country_before_a_title():
    p = people("中华人民共和国主席张三丰发表讲话。", "马来西亚总理安瓦达表示欢迎。", "向伊朗总统致慰问电。")
    assert set(p) == {"张三丰", "安瓦达"}


def test_no_name_from_a_title_word_inside_a_place_name():
    p = people("政协某州市长安区委员会召开会议,李四海出席。", "安徽省长丰县委书记王五一讲话。")
    assert "安区" not in p and "丰县" not in p and not any(n.endswith(("区", "县")) for n in p)
    assert p["王五一"].titles == {"安徽省长丰县委书记": 1}


def test_no_name_with_a_verb_particle_or_link_glued_on():
    p = people("钟飞明总书记关于党的建设的重要思想。", "国会第一副主席钱小业以及赵一、钱二等两位副首相出席。",
               "在看望教育界委员时强调,要办好教育。")
    assert "关于党" not in p and "时强调" not in p and "钱小业以" not in p
    assert "钱小业" in p


# ---- foreign office-holders -------------------------------------------------------------------

def test_foreign_heads_with_title_before_or_after_and_long_names():
    p = people("应某某国王西索莫尼邀请,国家主席张三丰抵达。", "西索莫尼国王率王室成员迎接。",
               "肯尼亚共和国总统威廉·鲁达将于下月访华。", "钟飞明主席同石田茂首相在利马会晤。",
               "伊朗总统佩泽希纳扬致电祝贺。")
    assert p["西索莫尼"].foreign and p["威廉·鲁达"].foreign and p["石田茂"].foreign and p["佩泽希纳扬"].foreign
    assert not p["张三丰"].foreign
    assert "肯尼亚共和国总统" in p["威廉·鲁达"].titles


def test_a_list_of_foreign_ministers_inherits_the_country_and_a_shared_title_after_it():
    p = people("离开时,马来西亚总理安瓦达,外交部部长穆罕默达,交通部部长陆兆安等高级官员到机场送行。",
               "郭索拉、布拉索安、韩春那达等三位副首相在机场迎接。")
    assert p["穆罕默达"].foreign and p["陆兆安"].foreign and p["陆兆安"].places == {"马来西亚": 1}
    assert all(p[n].titles == {"副首相": 1} and p[n].foreign for n in ("郭索拉", "布拉索安", "韩春那达"))


def test_an_ambassador_of_china_abroad_is_not_foreign():
    p = people("中国驻某某大使汪文达到机场迎接。", "中国驻柬埔寨大使汪文达出席。")
    assert not p["汪文达"].foreign


def test_heads_of_international_bodies_and_royals_are_not_officials():
    p = people("国家主席张三丰会见新开发银行行长罗塞丽。", "欧洲理事会主席科斯达称。",
               "西索莫尼国王率夏卡达亲王、阿伦达公主等王室成员迎接。")
    assert p["罗塞丽"].role == "other" and p["科斯达"].role == "other"
    assert "夏卡达" not in p and "阿伦达" not in p


# ---- titles after the name, shared titles, names elsewhere ------------------------------------

def test_titles_after_the_name_and_deputies():
    p = people("张三丰代表说,要办好民生实事。", "来自某省的李四海代表建议加快改革。", "王五洲委员表示赞同。")
    assert p["张三丰"].titles == {"代表": 1} and "李四海" in p and "王五洲" in p


def test_daibiao_as_a_verb_is_no_title():
    assert "李四海" not in people("李四海代表中央纪律检查委员会常务委员会作工作报告。")


def test_a_title_shared_by_a_long_list_and_a_title_after_a_list():
    names = ["赵一", "钱二", "孙三", "李四", "周五洲", "吴六", "郑七", "王八", "冯九", "陈十", "褚一一", "卫二二"]
    p = people("全国政协副主席" + "、".join(names) + "出席。")
    assert all(p[n].titles == {"全国政协副主席": 1} for n in names)
    p = people("张一丰、李二海、王三山等6位委员作了发言。", "赵四、钱五、孙六等陪同人员同机抵达。")
    assert all(p[n].titles == {"委员": 1} for n in ("张一丰", "李二海", "王三山"))
    assert all(p[n].groups == {"陪同人员": 1} for n in ("赵四", "钱五", "孙六"))


def test_names_run_together_each_count_once_known():
    names = ["李一强", "赵二际", "王三宁"]
    text = "李一强赵二际王三宁出席会议"
    assert count_mentions([text], mention_pattern(names), {"李一强": "nr"}) == Counter({n: 1 for n in names})


def test_appointments_and_removals_give_titles():
    p = people("会议决定免去杨小一某省政协教科卫体委员会副主任职务,撤销杨小一、景亚二某省政协委员资格。")
    assert p["杨小一"].titles == {"某省政协教科卫体委员会副主任": 1, "某省政协委员": 1}
    assert p["景亚二"].titles == {"某省政协委员": 1}


# ---- titles cut or wrong ----------------------------------------------------------------------

def test_organ_and_place_prefixes_stay_whole():
    p = people("国家市场监管总局局长张三丰出席。", "四川绵阳高新区生物产业局党组书记、局长王小二:我们要发展。",
               "安平县人力资源和社会保障局局长贾学一介绍。")
    assert p["张三丰"].titles == {"国家市场监管总局局长": 1}
    assert p["王小二"].titles == {"四川绵阳高新区生物产业局党组书记": 1, "局长": 1}
    assert "安平县人力资源和社会保障局局长" in p["贾学一"].titles


def test_company_posts_are_executives_unless_a_public_post_is_held():
    p = people("位于开发区的某州国宇电子有限公司党支部书记、董事长顾晓一说。",
               "某某集团董事长、全国人大代表刘永一表示。")
    assert p["顾晓一"].role == "executive" and p["刘永一"].role == "official"


def test_village_township_banner_and_zone_posts():
    p = people("某某村党委书记张三一说。", "村委会主任李四一介绍。", "某某召镇党委书记付国一获悉后。",
               "某格尔旗委书记王国一说。", "扬州市委常委、经开区党工委书记张一利表示。", "管委会主任刘一山说。")
    assert all(p[n].role == "official" for n in ("张三一", "李四一", "付国一", "王国一", "张一利", "刘一山"))


def test_an_abbreviated_title_inherits_its_place_and_interviews_end_in_a_colon():
    p = people("在某海市委书记陈吉一和市长龚正一陪同下考察。", "天津某海高新区党委书记、管委会主任夏青一:立足资源。")
    assert p["龚正一"].titles == {"市长": 1} and p["龚正一"].places == {"某海市": 1}
    assert p["夏青一"].titles == {"天津某海高新区党委书记": 1, "管委会主任": 1}


def test_experts_and_institute_heads_are_not_officials():
    p = people("某县蔬菜产业技术研究院副院长丁美一介绍。", "中国社会科学院学部委员高培一作讲解。")
    assert p["丁美一"].role == "expert" and p["高培一"].role == "expert"


# ---- enterprises ------------------------------------------------------------------------------

def surfaces(text: str) -> list[str]:
    return [f.surface for f in forms(text)]


def test_verbs_prepositions_and_people_are_cut_from_the_left():
    assert surfaces("记者从国达集团了解到") == ["国达集团"]
    assert surfaces("走访某某柏达机械有限公司") == ["某某柏达机械有限公司"]
    assert surfaces("图为中航沈达民用飞机有限责任公司厂区") == ["中航沈达民用飞机有限责任公司"]


def test_groupings_of_countries_organs_and_banks_of_states_are_no_enterprises():
    assert surfaces("七国集团峰会召开。") == [] and surfaces("新开发银行行长表示。") == []
    assert surfaces("中国人民银行等六部门印发文件。") == []


def test_legal_names_with_nested_parentheses():
    assert surfaces("中国某寿保险(集团)公司;") == ["中国某寿保险(集团)公司"]


def test_short_forms_with_no_legal_suffix():
    assert surfaces("高新区内的瑞霖药业建议加快发展。") == ["瑞霖药业"]
    assert surfaces("我到湘达等园区重点企业走访。") == ["湘达"]
    assert surfaces("协助航天电池生产企业电科蓝达举办了大会。") == ["电科蓝达"]
    assert surfaces("一家航空复合材料公司落户高新区。") == []
    assert surfaces("帮助企业办实事解难题。") == []


def test_an_abbreviation_joins_its_full_name_and_a_core_is_not_counted_inside_a_word():
    found = Counter(forms("中航沈达民用飞机有限责任公司厂区。依托沈达民机公司订单。湖北省嘉达农业有限公司,嘉达农业有限公司。"))
    ents = build(found)
    full = ents["中航沈达民用飞机有限责任公司"]
    assert "沈达民机公司" in full.surfaces
    assert "嘉达农业有限公司" in ents["湖北省嘉达农业有限公司"].surfaces


# ---- phrases ----------------------------------------------------------------------------------

def test_labels_idioms_dates_and_near_duplicates_are_no_phrases():
    assert _idiom_or_date(("行稳", "致远")) and _idiom_or_date(("五一",))
    assert _near_duplicate("新时代新征程", {"新时代", "新征程"})
    assert _near_duplicate("构建新发展格局", {"新发展格局"})
    assert not _near_duplicate("乡村振兴", {"乡村"})


# ---- property: no official is only a piece of a longer word or place --------------------------

_PLACES = ["长安区", "长丰县", "马来西亚", "中华人民共和国", "共和国", "丰台区"]
_TITLES = ["市长", "省长", "总理", "总统", "主席", "区长", "书记"]
_FILLER = ["召开会议", "出席活动", "发表讲话", "的委员会", "政协", "考察"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["某州", "某省", "政协某州", ""]), st.sampled_from(_TITLES),
                          st.sampled_from(_PLACES), st.sampled_from(_FILLER)), min_size=1, max_size=6))
def test_no_official_name_occurs_only_inside_a_longer_word_or_place(parts):
    texts = ["".join(p) + "。" for p in parts]
    found = people(*texts)
    words = set(dictionary_words()) | set(_PLACES)
    for name in found:
        whole = 0
        for text in texts:
            for m in re.finditer(re.escape(name), text):
                inside = any(w != name and name in w and text.find(w, max(0, m.start() - len(w)), m.end() + len(w)) >= 0
                             and any(text[i:i + len(w)] == w and i <= m.start() and m.end() <= i + len(w)
                                     for i in range(max(0, m.start() - len(w)), m.start() + 1))
                             for w in words if len(w) > len(name) and name in w)
                whole += not inside
        assert whole, f"{name} occurs only inside longer words or places"
