"""kwic --sort, --regex, --window and --tokens against a brute-force reference over the stored text,
on the seeds and on generated pages."""
from __future__ import annotations

import json
import random
import re
import sqlite3

import pytest
from typer.testing import CliRunner

from newscorpus import ingest, segment
from newscorpus.cli import app
from newscorpus.concordance import required_literal


def kwic(db, *args: str) -> list[dict]:
    result = CliRunner().invoke(app, ["kwic", *args, "--db", str(db), "--limit", "0", "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# ---- the reference: every chunk of every article, read straight from SQLite, searched in Python ----

def chunks(db) -> list[tuple[int, str, int, str]]:
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT a.id, s.path, a.headline_lines, a.body FROM articles a JOIN sources s "
                        "ON s.id = a.source_id ORDER BY a.id").fetchall()
    conn.close()
    return [(i, src, n, chunk) for i, src, lines, body in rows
            for n, chunk in enumerate(json.loads(lines) + body.split("\n"))]


def spans(text: str, pattern: str, regex: bool) -> list[tuple[int, int]]:
    if regex:
        return [m.span() for m in re.finditer(pattern, text) if m.end() > m.start()]
    out, at = [], text.find(pattern)
    while at >= 0:
        out.append((at, at + len(pattern)))
        at = text.find(pattern, at + len(pattern))
    return out


def token_spans(text: str) -> list[tuple[str, int, int]]:
    out, at = [], 0
    for tok in segment.cut(text):
        out.append((tok, at, at + len(tok)))
        at += len(tok)
    return out


def word(tok: str) -> bool:
    return any(ch.isalpha() for ch in tok)


def n_words(toks: list[tuple[str, int, int]], n: int) -> list[tuple[str, int, int]]:
    """Tokens from the start of `toks` up to and including the n-th word."""
    out, seen = [], 0
    for t in toks:
        if seen == n:
            break
        out.append(t)
        seen += word(t[0])
    return out


def reference(db, pattern: str, *, regex: bool = False, width: int = 20, tokens: int = 0,
              sort: str | None = None) -> list[dict]:
    lines = []
    for art_id, source, n, chunk in chunks(db):
        toks = token_spans(chunk)
        for start, end in spans(chunk, pattern, regex):
            if tokens:
                left_t = n_words([t for t in toks if t[2] <= start][::-1], tokens)[::-1]
                right_t = n_words([t for t in toks if t[1] >= end], tokens)
                left, right = "".join(t[0] for t in left_t), "".join(t[0] for t in right_t)
            else:
                left, right = chunk[max(0, start - width):start], chunk[end:end + width]
                left_t = [t for t in toks if t[1] >= start - len(left) and t[2] <= start]
                right_t = [t for t in toks if t[1] >= end and t[2] <= end + len(right)]
            keys = {"left": tuple(t[0] for t in reversed(left_t) if word(t[0])),
                    "right": tuple(t[0] for t in right_t if word(t[0])), "match": chunk[start:end],
                    "place": (art_id, n, start)}
            lines.append(({"id": art_id, "source": source, "left": left, "match": chunk[start:end], "right": right},
                          keys))
    order = {None: ("place",), "left": ("left", "right", "place"), "right": ("right", "left", "place"),
             "match": ("match", "right", "place")}[sort]
    lines.sort(key=lambda pair: tuple(pair[1][k] for k in order))
    return [line for line, _ in lines]


# ---- generated pages: a small vocabulary, so that matches share contexts and sorting has ties ----

VOCAB = ["新质生产力", "高质量发展", "企业", "走访", "朱岩", "区长", "创新", "发展", "生产", "力量", "乔俊杰", "调研",
         "新质", "生产力", "推动", "产业链"]
PUNCT = [",", "。", "、", "“", "”"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    rng = random.Random(16)
    pages = tmp_path_factory.mktemp("generated")
    for p in range(12):
        paragraphs = ["".join(rng.choice(VOCAB) + (rng.choice(PUNCT) if rng.random() < 0.3 else "")
                              for _ in range(rng.randint(5, 30))) + "。" for _ in range(rng.randint(2, 5))]
        text = f"{rng.choice(VOCAB)}{rng.choice(VOCAB)}\n\n本报讯（记者 张三）" + "\n\n".join(paragraphs) + "\n"
        (pages / f"{p:03d}.txt").write_text(text, encoding="utf-8")
    db = pages / "gen.db"
    assert ingest([pages], db=db, jobs=1).ok
    return db


CASES = [  # (pattern, regex): literal 3+ (trigram index), literal 2 (instr), regex with and without a literal
    ("新质生产力", False), ("朱岩", False), ("发展", False), ("新.生产力", True), ("(?:企业|朱岩)", True),
    ("[新生]产力?", True), ("区长|调研", True), ("产业链", True),
]


@pytest.mark.parametrize("pattern, regex", CASES)
@pytest.mark.parametrize("sort", [None, "left", "right", "match"])
def test_kwic_equals_the_reference_on_generated_pages(generated, pattern, regex, sort):
    args = [pattern] + (["--regex"] if regex else []) + (["--sort", sort] if sort else [])
    expected = reference(generated, pattern, regex=regex, width=6, sort=sort)
    assert expected
    assert kwic(generated, *args, "--window", "6") == expected
    assert kwic(generated, *args, "--tokens", "2") == reference(generated, pattern, regex=regex, tokens=2, sort=sort)


@pytest.mark.parametrize("pattern, regex", [("新质生产力", False), ("高质量发展", False), ("朱岩", False),
                                            ("新.生产力", True), ("副?区长", True), ("[武常][进州]", True)])
@pytest.mark.parametrize("sort", ["left", "right"])
def test_kwic_equals_the_reference_on_the_seeds(seed_db, pattern, regex, sort):
    args = [pattern, "--sort", sort] + (["--regex"] if regex else [])
    assert kwic(seed_db, *args) == reference(seed_db, pattern, regex=regex, sort=sort)
    assert kwic(seed_db, *args, "--tokens", "3") == reference(seed_db, pattern, regex=regex, tokens=3, sort=sort)


def test_regex_finds_what_a_literal_search_cannot(seed_db):
    assert kwic(seed_db, "新.生产力") == []
    assert {r["match"] for r in kwic(seed_db, "新.生产力", "--regex")} == {"新质生产力"}


def test_sort_left_reads_the_left_context_backwards(seed_db):
    rows = kwic(seed_db, "新质生产力", "--sort", "left", "--window", "4")
    nearest = [segment.cut(r["left"])[-1] for r in rows]
    assert nearest == sorted(nearest)


@pytest.mark.parametrize("pattern, literal", [("新.生产力", "生产力"), ("abc*d", "ab"), ("ab|cd", ""), ("(?i)abc", ""),
                                              ("[甲乙]丙丁", "丙丁"), ("x+新质生产力", "新质生产力")])
def test_the_prefilter_literal_is_in_every_match(pattern, literal):
    assert required_literal(pattern) == literal


def test_a_bad_regex_is_a_usage_error(seed_db):
    result = CliRunner().invoke(app, ["kwic", "新(", "--regex", "--db", str(seed_db)])
    assert result.exit_code == 2 and result.stderr.startswith("Error: '新(' is not a valid regular expression")
