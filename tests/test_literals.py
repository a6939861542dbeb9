"""Automata find what the regexes they replace find: longest first without overlaps, or every occurrence."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from newscorpus.literals import Guarded, Overlapping, longest
from newscorpus.patterns import alternation

_CHARS = st.sampled_from("王岩松李强发展高质量新区")
_WORDS = st.lists(st.text(_CHARS, min_size=1, max_size=4), min_size=1, max_size=12)
_TEXT = st.text(st.sampled_from("王岩松李强发展高质量新区,。 "), max_size=80)


@settings(max_examples=300, deadline=None)
@given(_WORDS, _TEXT)
def test_longest_matches_equal_the_longest_first_regex(words, text):
    regex = re.compile(alternation(words))
    expected = [(m.group(0), m.span()) for m in regex.finditer(text)]
    assert [(m.group(0), m.span()) for m in longest(words).finditer(text)] == expected
    assert [(w, (start, end)) for w, start, end in longest(words).spans(text)] == expected
    for pos in range(len(text) + 1):
        found, want = longest(words).match(text, pos), regex.match(text, pos)
        assert (found.group(0), found.span()) == (want.group(0), want.span()) if want else found is None


@settings(max_examples=300, deadline=None)
@given(_WORDS, st.lists(_TEXT, max_size=3))
def test_overlapping_counts_equal_exact_substring_counts(words, texts):
    for word, n in Overlapping(words).count(texts).items():
        assert n == sum(sum(t.startswith(word, i) for i in range(len(t))) for t in texts)


@settings(max_examples=300, deadline=None)
@given(_WORDS, st.dictionaries(st.text(_CHARS, min_size=2, max_size=3), st.text(_CHARS, max_size=3), max_size=4),
       _TEXT)
def test_guarded_matches_equal_the_regex_with_lookbehinds(words, guards, text):
    guards = {w: g for w, g in guards.items() if w not in words}
    branches = [alternation(words)] + [(f"(?<![{re.escape(g)}])" if g else "") + re.escape(w)
                                        for w, g in sorted(guards.items())]
    regex = re.compile("|".join(f"(?:{b})" for b in branches))
    expected = [(m.group(0), m.span()) for m in regex.finditer(text)]
    assert [(m.group(0), m.span()) for m in Guarded(words, guards).finditer(text)] == expected


def test_an_empty_set_matches_nothing():
    assert longest([]) is None and longest([""]) is None
    assert Overlapping([]).count(["任何文字"]) == {}


def test_a_set_travels_to_worker_processes():
    import pickle

    again = pickle.loads(pickle.dumps(longest(["王岩", "王岩松"])))
    assert [m.group(0) for m in again.finditer("王岩松和王岩")] == ["王岩松", "王岩"]
