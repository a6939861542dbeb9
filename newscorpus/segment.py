"""Word segmentation: the one module that loads a jieba dictionary.

rjieba (the Rust port of jieba) gives jieba's own segmentation with the same dictionary about
20 times faster (see MEASUREMENTS.md: token-for-token identical to jieba.cut on 1 MB), so it is
the only segmenter used; user words are added to it as jieba's user dictionary would be.
"""
from __future__ import annotations

import itertools
from array import array
from bisect import bisect_left
from functools import lru_cache
from pathlib import Path

from .cache import cached
from .lexicon import jieba_file


@lru_cache(maxsize=8)
def _tokenizer(user_words: tuple[str, ...]):
    import rjieba

    default = getattr(rjieba.cut, "__self__", None)  # rjieba builds a segmenter when it is imported
    if not user_words and isinstance(default, rjieba.Jieba):
        # a second one would take 0.1-0.3 s and 25 MB in every ingest and update (a program that
        # adds words to rjieba's own, rjieba.add_word, changes ours too: a user's words go in a lexicon)
        return default
    tok = rjieba.Jieba()
    for word in user_words:
        tok.add_word(word, None, None)
    return tok


def warm() -> None:
    """Build the segmenter now: workers forked after this share its ~60 MB instead of each building one."""
    _tokenizer(())


def cut(text: str, user_words: tuple[str, ...] = ()) -> list[str]:
    """Tokens of `text` in precise mode with HMM for unknown words, as jieba.cut gives them."""
    return _tokenizer(user_words).cut(text, True)


def is_word(text: str) -> bool:
    """Is `text` a word of jieba's dictionary, at any frequency (what is no word at all may be a
    name)? Asked of the segmenter's own copy of the dictionary (the same 349k words as jieba's
    dict.txt): a set of them took 0.2 s to load and 50 MB in every process."""
    return _tokenizer(()).has_word(text)


class IdfTable:
    """jieba's IDF values by word, looked up by binary search in one string of the sorted words.

    Unpickled from the cache in about 10 ms: a dict of its 270k words took 0.2-0.3 s (and 40 MB)
    in every process that scores phrases, a serial step of an ingest."""

    __slots__ = ("words", "starts", "values")

    def __init__(self, table: dict[str, float]):
        ordered = sorted(w for w in table if "\n" not in w)
        self.words = "\n".join(ordered)
        self.starts = array("q", itertools.accumulate((len(w) + 1 for w in ordered[:-1]), initial=0)) \
            if ordered else array("q")
        self.values = array("d", (table[w] for w in ordered))

    def __len__(self) -> int:
        return len(self.values)

    def _word(self, i: int) -> str:
        end = self.starts[i + 1] - 1 if i + 1 < len(self.starts) else len(self.words)
        return self.words[self.starts[i]:end]

    def get(self, word: str, default: float | None = None) -> float | None:
        i = bisect_left(range(len(self.values)), word, key=self._word)
        return self.values[i] if i < len(self.values) and self._word(i) == word else default

    def __contains__(self, word: str) -> bool:
        return self.get(word) is not None

    def __getitem__(self, word: str) -> float:
        value = self.get(word)
        if value is None:
            raise KeyError(word)
        return value

    def __getstate__(self) -> tuple:
        return self.words, self.starts, self.values

    def __setstate__(self, state: tuple) -> None:
        self.words, self.starts, self.values = state


@lru_cache(maxsize=1)
def idf() -> tuple[IdfTable, float]:
    """jieba's IDF table (a general background corpus) and its median, for keyness."""
    source = jieba_file("analyse", "idf.txt")
    return cached("idftable", source, lambda: _read_idf(source)) if source else (IdfTable({}), 0.0)


def _read_idf(source: Path) -> tuple[IdfTable, float]:
    table: dict[str, float] = {}
    with open(source, encoding="utf-8") as fh:
        for line in fh:
            word, _, value = line.strip().partition(" ")
            if value:
                table[word] = float(value)
    values = sorted(table.values())
    return IdfTable(table), values[len(values) // 2] if values else 0.0


def cut_tagged(text: str, user_words: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """Tokens with jieba's dictionary POS tags (nr person, ns place, m numeral, p preposition ...).

    Short texts are remembered: the extractors segment the few characters around each title and
    company name, and news repeats its titles and names page after page."""
    if len(text) <= _REMEMBERED:
        return list(_tagged(text, user_words))
    return _tokenizer(user_words).tag(text, True)


_REMEMBERED = 32


@lru_cache(maxsize=1 << 16)
def _tagged(text: str, user_words: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple(_tokenizer(user_words).tag(text, True))
