"""Regex building blocks shared by the extractors."""
from __future__ import annotations

import re
from typing import Iterable

# The Han ideographs, as a character-class body: CJK Extension A and the Unified block.
HAN = "\u3400-\u4dbf\u4e00-\u9fff"


def alternation(words: Iterable[str]) -> str:
    """A regex for any of `words` that prefers the longest, written as a trie.

    Same matches as `a|b|c` sorted longest first, but the engine reads one character per step
    instead of trying every word at every position: with thousands of names or company forms
    this is what makes counting them over a corpus affordable.
    """
    trie: dict = {}
    for word in set(words):
        if word:
            node = trie
            for char in word:
                node = node.setdefault(char, {})
            node[""] = {}
    return "|".join(re.escape(char) + _rest(child) for char, child in sorted(trie.items()))


def _rest(node: dict) -> str:
    """What may follow once the trie reached `node`; a word ending here makes it optional."""
    branches = [re.escape(char) + _rest(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    inner = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{inner})?" if "" in node else inner
