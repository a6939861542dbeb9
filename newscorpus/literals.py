"""Finding many literal strings at once with one Aho-Corasick automaton (ahocorasick-rs, in Rust).

Names, company forms and phrases are literal sets of thousands of strings; a regex alternation
(even trie-shaped, see patterns.py) is tried at every position in Python's engine, where an
automaton reads each character once. Same matches: leftmost-longest without overlaps where the
counting rule is "the longest name wins" (names, company forms, masks), every occurrence of every
string where counts overlap (nested phrases each keep their own count). A hypothesis test checks
both against the regex they replace.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable, Iterator


class Match:
    """What `finditer` yields: the parts of re.Match that the extractors read."""

    __slots__ = ("_text", "_start", "_end")

    def __init__(self, text: str, start: int, end: int):
        self._text, self._start, self._end = text, start, end

    def group(self, index: int = 0) -> str:
        return self._text

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def span(self) -> tuple[int, int]:
        return self._start, self._end


def longest(words: Iterable[str]) -> "Longest | None":
    """A Longest of the strings, or None when there are none (as extractors expect of a pattern)."""
    words = sorted({w for w in words if w})
    return Longest(words) if words else None


class Longest:
    """Leftmost-longest, non-overlapping matches of a set of strings: re.finditer of the set's
    longest-first alternation, read by an automaton."""

    def __init__(self, words: Iterable[str]):
        import ahocorasick_rs as ac

        self.words = sorted({w for w in words if w})
        self.longest = max(map(len, self.words))
        self.automaton = ac.AhoCorasick(self.words, matchkind=ac.MatchKind.LeftmostLongest)

    def finditer(self, text: str) -> Iterator[Match]:
        for word, start, end in self.spans(text):
            yield Match(word, start, end)

    def spans(self, text: str) -> list[tuple[str, int, int]]:
        """(string, start, end) of `finditer`'s matches, as a list: no Match object per match
        where a pass only reads where they are (pass 3 counts every name in every article)."""
        words = self.words
        return [(words[index], start, end) for index, start, end in self.automaton.find_matches_as_indexes(text)]

    def match(self, text: str, pos: int = 0) -> Match | None:
        """The longest string starting at `pos`, as re.Pattern.match(text, pos) finds it."""
        found = self.automaton.find_matches_as_indexes(text[pos:pos + self.longest])
        if found and found[0][1] == 0:
            index, _, end = found[0]
            return Match(self.words[index], pos, pos + end)
        return None

    def __getstate__(self) -> list[str]:  # the automaton is built again where it is unpickled
        return self.words

    def __setstate__(self, words: list[str]) -> None:
        self.__init__(words)


class Guarded:
    """What a regex of `longest-first alternation | guarded short strings` finds, read by an
    automaton: at each position the longest unguarded string, else the first guarded one (in
    sorted order) whose preceding character is not among its guard's; the scan goes on after a
    match, and at the next position otherwise."""

    def __init__(self, words: Iterable[str], guards: dict[str, str]):
        import ahocorasick_rs as ac

        self.words = sorted({w for w in words if w} | set(guards))
        self.guards = guards
        self.automaton = ac.AhoCorasick(self.words) if self.words else None

    def finditer(self, text: str) -> Iterator[Match]:
        if self.automaton is None:
            return
        starts: dict[int, list[str]] = {}
        for index, start, _ in self.automaton.find_matches_as_indexes(text, overlapping=True):
            starts.setdefault(start, []).append(self.words[index])
        pos = 0
        for start in sorted(starts):
            if start < pos:
                continue
            word = self._pick(text, start, starts[start])
            if word is not None:
                yield Match(word, start, start + len(word))
                pos = start + len(word)

    def _pick(self, text: str, start: int, found: list[str]) -> str | None:
        free = [w for w in found if w not in self.guards]
        if free:
            return max(free, key=len)
        before = text[start - 1] if start else ""
        return next((w for w in sorted(found) if not before or before not in self.guards[w]), None)


class Overlapping:
    """Exact substring counts of many strings at once: every occurrence of every string, nested
    ones included (what phrases.PhraseCounter counts with a regex)."""

    def __init__(self, words: Iterable[str]):
        import ahocorasick_rs as ac

        self.words = sorted({w for w in words if w})
        self.automaton = ac.AhoCorasick(self.words) if self.words else None

    def count(self, texts: Iterable[str]) -> Counter:
        counts: Counter = Counter()
        if self.automaton is None:
            return counts
        find = self.automaton.find_matches_as_indexes
        found = Counter(index for text in texts for index, _, _ in find(text, overlapping=True))  # one update
        words = self.words
        for index, n in found.items():
            counts[words[index]] = n
        return counts
