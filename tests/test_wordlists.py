"""words, ngrams, collocates and keyness --units words against a small corpus counted by hand.

The two pages below are written so that segmentation is plain (words between spaces and
punctuation); their hand counts, per chunk (headline line or paragraph):

  2024-01-02  headline  苹果 西瓜
              para 1    苹果 香蕉 西瓜,苹果 香蕉。的 苹果 香蕉 的。
              para 2    西瓜 苹果 香蕉,葡萄 苹果。
              -> 苹果 6, 香蕉 4, 西瓜 3, 的 2, 葡萄 1: 16 words
  2024-02-03  headline  葡萄 西瓜
              para      葡萄 葡萄 香蕉。葡萄 西瓜。
              -> 葡萄 4, 西瓜 2, 香蕉 1: 7 words
"""
from __future__ import annotations

import json
import math

import pytest
from typer.testing import CliRunner

from newscorpus import ingest
from newscorpus.cli import app

PAGES = {
    "2024-01-02.txt": "苹果 西瓜\n\n本报讯（记者 张三）苹果 香蕉 西瓜，苹果 香蕉。的 苹果 香蕉 的。\n\n西瓜 苹果 香蕉，葡萄 苹果。\n",
    "2024-02-03.txt": "葡萄 西瓜\n\n本报讯（记者 李四）葡萄 葡萄 香蕉。葡萄 西瓜。\n",
}
N = 23  # words in the corpus, stop words included


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    pages = tmp_path_factory.mktemp("hand")
    for name, text in PAGES.items():
        (pages / name).write_text(text, encoding="utf-8")
    path = pages / "hand.db"
    assert ingest([pages], db=path, jobs=1).ok
    return str(path)


def run(*args: str):
    result = CliRunner().invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def per_10k(count: int, total: int = N) -> float:
    return round(count / total * 10_000, 3)


def test_words(db):
    rows = run("words", "--db", db)
    assert rows == [{"word": "苹果", "count": 6, "articles": 1, "per_10k": per_10k(6)},
                    # ties by articles, then by the word (code point order: 葡 < 西 < 香)
                    {"word": "葡萄", "count": 5, "articles": 2, "per_10k": per_10k(5)},
                    {"word": "西瓜", "count": 5, "articles": 2, "per_10k": per_10k(5)},
                    {"word": "香蕉", "count": 5, "articles": 2, "per_10k": per_10k(5)}]
    assert {"word": "的", "count": 2, "articles": 1, "per_10k": per_10k(2)} in run("words", "--db", db,
                                                                                  "--keep-stopwords")
    assert [(r["word"], r["count"]) for r in run("words", "--db", db, "--since", "2024-02-01")] == \
        [("葡萄", 4), ("西瓜", 2), ("香蕉", 1)]
    assert [r["word"] for r in run("words", "--db", db, "--source", "2024-01", "--min-count", "4")] == ["苹果", "香蕉"]


def test_stop_words_from_a_file_and_from_the_lexicon(db, tmp_path):
    stop = tmp_path / "stop.txt"
    stop.write_text("苹果  # fruit we do not care about\n", encoding="utf-8")
    assert "苹果" not in [r["word"] for r in run("words", "--db", db, "--stopwords", str(stop))]
    lexicon = tmp_path / "lexicon.toml"
    lexicon.write_text('[block]\nwords = ["西瓜", "葡萄"]\n', encoding="utf-8")
    assert [r["word"] for r in run("words", "--db", db, "--lexicon", str(lexicon))] == ["苹果", "香蕉"]


def test_ngrams(db):
    # never across a comma or full stop; n-grams starting or ending with a stop word (的) left out
    assert run("ngrams", "--db", db) == [
        {"ngram": "苹果 香蕉", "count": 4, "articles": 1, "per_10k": per_10k(4)},
        {"ngram": "葡萄 西瓜", "count": 2, "articles": 1, "per_10k": per_10k(2)}]
    ones = run("ngrams", "--db", db, "--min-count", "1")
    assert [r["ngram"] for r in ones[2:]] == sorted(["苹果 西瓜", "香蕉 西瓜", "西瓜 苹果", "葡萄 苹果", "葡萄 葡萄",
                                                    "葡萄 香蕉"])  # count 1 each: by text
    assert [(r["ngram"], r["count"]) for r in run("ngrams", "--n", "3", "--min-count", "1", "--db", db)] == \
        [("苹果 香蕉 西瓜", 1), ("葡萄 葡萄 香蕉", 1), ("西瓜 苹果 香蕉", 1)]
    bad = CliRunner().invoke(app, ["ngrams", "--n", "5", "--db", db])
    assert bad.exit_code == 2 and bad.stderr.startswith("Error:")


# 苹果 occurs 6 times; one word each side (punctuation skipped, within the paragraph):
#   headline: _ 苹果 西瓜 | para 1: _ 苹果 香蕉, 西瓜 苹果 香蕉, 的 苹果 香蕉 | para 2: 西瓜 苹果 香蕉, 葡萄 苹果 _
# window words R1 = 9; in them 香蕉 4 (all right), 西瓜 3 (2 left), 葡萄 1 (left), 的 1 (a stop word)
def expected_score(measure: str, o11: int, c1: int, r1: int = 9, n: int = N, f_node: int = 6) -> float:
    e11 = r1 * c1 / n
    if measure == "mi":
        return math.log2(o11 / e11)
    if measure == "t":
        return (o11 - e11) / math.sqrt(o11)
    if measure == "dice":
        return 2 * o11 / (f_node + c1)
    cells = [(o11, e11), (r1 - o11, r1 * (n - c1) / n), (c1 - o11, (n - r1) * c1 / n),
             (n - r1 - c1 + o11, (n - r1) * (n - c1) / n)]
    g2 = 2 * sum(o * math.log(o / e) for o, e in cells if o)
    return g2 if o11 >= e11 else -g2


@pytest.mark.parametrize("measure", ["mi", "t", "ll", "dice"])
def test_collocates(db, measure):
    rows = run("collocates", "苹果", "--span", "1", "--min-freq", "1", "--measure", measure, "--db", db)
    counts = {r["collocate"]: (r["count"], r["left"], r["right"], r["frequency"]) for r in rows}
    assert counts == {"香蕉": (4, 0, 4, 5), "西瓜": (3, 2, 1, 5), "葡萄": (1, 1, 0, 5)}
    for r in rows:
        assert r["score"] == round(expected_score(measure, r["count"], r["frequency"]), 3)
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    assert [r["collocate"] for r in run("collocates", "苹果", "--span", "1", "--db", db)] == ["香蕉", "西瓜"]


def test_keyness_of_words(db):
    rows = run("keyness", "--target", "2024-01", "--reference", "2024-02", "--units", "words", "--db", db)
    got = {r["word"]: (r["target"], r["reference"], r["target_per_10k"], r["reference_per_10k"], r["direction"])
           for r in rows}
    assert got == {"苹果": (6, 0, per_10k(6, 16), 0, "rose"), "香蕉": (4, 1, per_10k(4, 16), per_10k(1, 7), "rose"),
                   "西瓜": (3, 2, per_10k(3, 16), per_10k(2, 7), "fell"),
                   "葡萄": (1, 4, per_10k(1, 16), per_10k(4, 7), "fell")}

    def g2(a: int, b: int, size_a: int = 16, size_b: int = 7) -> float:
        ea, eb = size_a * (a + b) / (size_a + size_b), size_b * (a + b) / (size_a + size_b)
        return 2 * ((a * math.log(a / ea) if a else 0) + (b * math.log(b / eb) if b else 0))

    for r in rows:
        assert r["log_likelihood"] == round(g2(r["target"], r["reference"]), 3)
    assert [r["word"] for r in rows] == [w for _, w in sorted((-r["log_likelihood"], r["word"]) for r in rows)]


@pytest.mark.parametrize("method, args, cli", [
    ("words", {}, ["words", "--top", "0"]),
    ("ngrams", {"n": 2, "min_count": 1}, ["ngrams", "--top", "0", "--min-count", "1"]),
    ("collocates", {"node": "苹果", "span": 1, "min_freq": 1, "measure": "ll"},
     ["collocates", "苹果", "--span", "1", "--min-freq", "1", "--measure", "ll", "--top", "0"]),
    ("keyness", {"target": "2024-01", "reference": "2024-02", "units": "words", "top": 0},
     ["keyness", "--target", "2024-01", "--reference", "2024-02", "--units", "words", "--top", "0"]),
    ("kwic", {"text": "苹果 香蕉", "sort": "right", "words": 1},
     ["kwic", "苹果 香蕉", "--sort", "right", "--tokens", "1", "--limit", "0"]),
])
def test_the_python_api_answers_as_the_command_line(db, method, args, cli):
    import newscorpus

    frame = getattr(newscorpus.Corpus(db), method)(**args)
    assert len(frame) and json.loads(frame.to_json(orient="records", force_ascii=False)) == run(*cli, "--db", db)
