"""The trie alternation matches exactly what the plain longest-first alternation matches."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from newscorpus.patterns import alternation

# a small alphabet so that words share prefixes and overlap in the text
_CHARS = st.sampled_from("王岩松李华江苏有限公司.*")


def _plain(words: set[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@settings(max_examples=300, deadline=None)
@given(st.sets(st.text(_CHARS, min_size=1, max_size=5), min_size=1, max_size=12), st.text(_CHARS, max_size=60))
def test_trie_alternation_finds_the_same_matches(words, text):
    trie, plain = re.compile(alternation(words)), re.compile(_plain(words))
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]
    # inside a larger pattern, backtracking into shorter words works the same way
    trie, plain = re.compile(f"(?:{alternation(words)})+\\Z"), re.compile(f"(?:{_plain(words)})+\\Z")
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_longest_word_wins():
    assert re.findall(alternation(["王岩", "王岩松", "李"]), "王岩松和王岩、李") == ["王岩松", "王岩", "李"]
    assert alternation([]) == ""
