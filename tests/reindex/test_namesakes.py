"""Two people of one name stay two people when their titles tie them to different places or roles."""
from __future__ import annotations

from newscorpus import ingest, queries

PAGES = {
    "2024-05-01.txt": "省委调研\n\n本报讯 (记者 张三) 东湖省委书记陈志远来到西山县调研。陈志远强调,要抓好春耕。\n",
    "2024-05-02.txt": "省委会议\n\n本报讯 (记者 张三) 东湖省委书记陈志远主持会议。\n",
    "2024-05-03.txt": "考古新发现\n\n本报讯 (记者 李四) 南江省文物考古研究院副院长陈志远介绍,遗址年代久远。陈志远说,发掘还将继续。\n",
    "2024-05-04.txt": "春耕观察\n\n本报讯 (记者 李四) 陈志远在西山县调研时指出,要保障农资供应。\n",
    "2024-05-05.txt": "市委常委会\n\n本报讯 (记者 王五) 东湖市委常委、西山区委书记赵明出席。\n",
    "2024-05-06.txt": "区委会议\n\n本报讯 (记者 王五) 西山区委书记赵明主持。东湖市委常委赵明强调。\n",
}


def test_namesakes_are_kept_apart_and_bare_mentions_go_to_the_most_seen(tmp_path):
    for name, text in PAGES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    db = tmp_path / "c.db"
    ingest([tmp_path], db=db, jobs=1)
    people = {p["id"]: p for p in queries.officials(db, top=0, role="official")}
    experts = {p["id"]: p for p in queries.officials(db, top=0, role="expert")}
    assert people["陈志远"]["name"] == "陈志远" and people["陈志远"]["title"] == "东湖省委书记"
    assert people["陈志远"]["mentions"] == 4  # two titled, one bare in a titled article, one bare elsewhere
    second = experts["陈志远(南江省文物考古研究院)"]
    assert second["name"] == "陈志远" and second["mentions"] == 2
    profile = queries.who(db, "陈志远")
    assert profile["id"] == "陈志远" and [n["id"] for n in profile["namesakes"]] == ["陈志远(南江省文物考古研究院)"]
    assert queries.who(db, "陈志远(南江省文物考古研究院)")["articles_total"] == 1


def test_a_city_and_a_district_post_are_one_person(tmp_path):
    for name, text in PAGES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    db = tmp_path / "c.db"
    ingest([tmp_path], db=db, jobs=1)
    assert [p["id"] for p in queries.officials(db, top=0) if p["name"] == "赵明"] == ["赵明"]
