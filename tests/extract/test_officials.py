"""Officials: titles, lists, name lengths from evidence, non-officials, mentions."""
from __future__ import annotations

import json

import pytest

from newscorpus import queries
from newscorpus.literals import longest
from newscorpus.extract.officials import (
    candidates,
    count_mentions,
)

from .helpers import decide_people


def people(*texts: str) -> dict:
    return decide_people(*texts)


def test_title_chains_split_on_enumeration_commas():
    p = people("昨天,市委常委、区委书记、武进国家高新区党工委书记乔俊杰主持会议。")
    assert set(p["乔俊杰"].titles) == {"市委常委", "区委书记", "武进国家高新区党工委书记"}


@pytest.mark.parametrize("text, name, titles", [
    ("副区长、第十一批武进援尼工作组组长贾东在区行政中心收听收看会议。", "贾东", {"副区长", "第十一批武进援尼工作组组长"}),
    ("省检察院党组成员、副检察长丁海涛带队来我区调研。", "丁海涛", {"省检察院党组成员", "副检察长"}),
    ("新疆伊犁州政协党组书记、主席赛尔建·乌合拜带领考察团来我区考察。", "赛尔建·乌合拜", {"新疆伊犁州政协党组书记", "主席"}),
    ("会议由区人大常委会主任、党组书记石伟东主持。", "石伟东", {"区人大常委会主任", "党组书记"}),
    ("南京市江北新区管委会主任、浦口区委书记吴勇强来访。", "吴勇强", {"南京市江北新区管委会主任", "浦口区委书记"}),
])
def test_titles_with_organs_places_and_named_bodies(text, name, titles):
    assert set(people(text)[name].titles) == titles


def test_a_shared_title_is_credited_to_each_name_of_the_list():
    p = people("区人大常委会副主任孙金才、刘云英、周庆中参加会议。")
    assert all(p[n].titles == {"区人大常委会副主任": 1} for n in ("孙金才", "刘云英", "周庆中"))
    assert [p[n].list_positions for n in ("孙金才", "刘云英", "周庆中")] == [[1], [2], [3]]


def test_group_lists_give_group_and_place():
    p = people("武进区领导恽淇丞、胡泊、朱岩、张小虎,汉滨区领导范传斌、贺富莉参加活动。")
    assert set(p) == {"恽淇丞", "胡泊", "朱岩", "张小虎", "范传斌", "贺富莉"}
    assert p["范传斌"].places == {"汉滨区": 1} and p["胡泊"].groups == {"武进区领导": 1}
    p = people("市、区政协领导戴源、周效华、郑政平、夷建良陪同考察。")
    assert set(p) == {"戴源", "周效华", "郑政平", "夷建良"}


def test_title_after_the_name():
    assert "习近平" in people("深入学习贯彻习近平总书记重要讲话精神。")


def test_name_length_from_evidence_not_from_the_longest_guess():
    assert set(people("副区长朱岩应邀参加。")) == {"朱岩"}
    assert set(people("区领导李皓、朱慧峰参加活动。")) == {"李皓", "朱慧峰"}
    # alone the title gives no end for 乔俊杰, an untitled list elsewhere does
    assert set(people("市委常委、区委书记乔俊杰继续带队走访。", "乔俊杰、孙益锋一行前往。")) == {"乔俊杰"}


def test_executives_and_experts_are_people_but_not_officials():
    p = people("苏州丝波敦董事长兼总经理黄政杰围绕创新进行了座谈。", "特邀研究员王小广博士作报告。")
    assert p["黄政杰"].role == "executive" and p["王小广"].role == "expert"


def test_everyday_words_are_not_names():
    assert people("习近平总书记关于对口支援合作工作的重要论述。").keys() == {"习近平"}
    assert people("各级领导干部要带头。") == {}


def test_a_name_that_is_an_everyday_word_counts_only_as_a_name():
    pattern = longest(["文明"])
    counts = count_mentions(["副区长文明参加会议。", "推进新时代文明实践。"], pattern, {"文明": "nr"})
    assert counts == {"文明": 1}


def test_mentions_are_whole_names_only():
    counts = count_mentions(["马建立参加会议,建立帮扶机制。", "朱岩松和朱岩"], longest(["马建立", "朱岩", "朱岩松"]))
    assert counts == {"马建立": 1, "朱岩": 1, "朱岩松": 1}


def test_officials_on_the_seeds_golden(seed_db, golden):
    rows = queries.officials(seed_db, top=0)
    golden("officials", [{k: r[k] for k in ("name", "title", "mentions", "articles", "headline_mentions",
                                             "lead_articles", "list_position", "place")} |
                          {"titles": {t["title"]: t["count"] for t in r["titles"]}} for r in rows])
    names = {r["name"] for r in rows}
    assert not names & {"黄雅婷", "吴梦婷", "徐晶玮", "钱垒", "黄政杰", "王小广"}  # reporters, executive, expert


def test_who_profile(seed_db):
    p = queries.who(seed_db, "乔俊杰")
    assert p["role"] == "official" and p["mentions"] == 13 and len(p["articles"]) == 4
    assert {"吴震宇", "朱慧峰"} <= {c["name"] for c in p["co_officials"]}
    assert any(e["name"] == "江苏洛凯机电股份有限公司" for e in p["enterprises"])
    assert {"高质量发展", "习近平总书记"} <= {ph["phrase"] for ph in p["phrases"]}
    assert all(c["match"] == "乔俊杰" for c in p["contexts"])
    json.dumps(p, ensure_ascii=False)


def test_who_by_prefix_and_for_a_reporter(seed_db):
    assert queries.who(seed_db, "赛尔建")["name"] == "赛尔建·乌合拜"
    reporter = queries.who(seed_db, "史莲寅")
    assert reporter["role"] == "reporter" and len(reporter["articles"]) == 5


def test_a_link_word_before_a_postfixed_name_is_not_its_surname():
    assert set(people("贯彻党的全会精神和钟飞总书记重要讲话。", "学习钟飞总书记讲话。")) == {"钟飞"}
    assert set(people("学习卢明强总书记讲话。")) == {"卢明强"}


def test_a_name_that_extends_another_keeps_its_length():
    p = people("区领导龙晨桂、王强参加活动。", "区领导龙晨、李四参加。", "市委常委、区委书记龙晨桂继续带队走访。")
    assert p["龙晨桂"].titles == {"市委常委": 1, "区委书记": 1} and "区委书记" not in p["龙晨"].titles


def test_names_inside_company_names_are_not_mentions():
    counts = count_mentions(["副区长苏华来到江苏华阳机械有限公司。"], longest(["苏华"]),
                            mask=longest(["江苏华阳机械有限公司"]))
    assert counts == {"苏华": 1}
