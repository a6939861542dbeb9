"""Co-appearances as pass 3 adds them up: each person with every other person, enterprise and
phrase of an article, summed over articles; taking an article out takes its pairs out."""
from __future__ import annotations

from newscorpus.reindex import work

ARTICLE_1 = {"person_mentions": [("甲", 1, 2, 0, 1), ("乙", 1, 1, 0, 0)],
             "enterprise_mentions": [("某公司", 1, 3)], "phrase_mentions": [("高质量发展", 1, 1)]}
ARTICLE_2 = {"person_mentions": [("甲", 2, 1, 0, 0)], "enterprise_mentions": [("某公司", 2, 2)]}


def test_pairs_sum_articles_and_mentions_and_leave_out_a_person_with_themself():
    related: dict = {}
    for rows in (ARTICLE_1, ARTICLE_2):
        work.relate(rows, related, 1)
    assert work.pairs(related) == {
        ("甲", "person", "乙"): [1, 2, 1], ("乙", "person", "甲"): [1, 1, 2],
        ("甲", "enterprise", "某公司"): [2, 3, 5], ("乙", "enterprise", "某公司"): [1, 1, 3],
        ("甲", "phrase", "高质量发展"): [1, 2, 1], ("乙", "phrase", "高质量发展"): [1, 1, 1],
    }


def test_an_article_taken_out_cancels_what_it_added():
    related: dict = {}
    work.relate(ARTICLE_1, related, 1)
    work.relate(ARTICLE_2, related, 1)
    work.relate(ARTICLE_1, related, -1)
    assert {k: v for k, v in work.pairs(related).items() if any(v)} == {("甲", "enterprise", "某公司"): [1, 1, 2]}


def test_nothing_is_paired_with_the_persons_own_name():
    related: dict = {}
    work.relate({"person_mentions": [("甲", 4, 1, 0, 0)], "enterprise_mentions": [("甲", 4, 1)]}, related, 1)
    assert work.pairs(related) == {}


def test_an_article_without_people_adds_no_pairs():
    related: dict = {}
    work.relate({"enterprise_mentions": [("某公司", 3, 1)], "phrase_mentions": [("高质量发展", 3, 2)]}, related, 1)
    assert work.pairs(related) == {}
