"""Word segmentation: the one module that loads a jieba dictionary.

rjieba (the Rust port of jieba) gives jieba's own segmentation with the same dictionary about
20 times faster (see MEASUREMENTS.md: token-for-token identical to jieba.cut on 1 MB), so it is
the only segmenter used; user words are added to it as jieba's user dictionary would be.
"""
from __future__ import annotations

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


@lru_cache(maxsize=1)
def idf() -> tuple[dict[str, float], float]:
    """jieba's IDF table (a general background corpus) and its median, for keyness."""
    source = jieba_file("analyse", "idf.txt")
    return cached("idf", source, lambda: _read_idf(source)) if source else ({}, 0.0)


_IDF_FEW = 64  # more words than this: the whole table is loaded (0.2 s) rather than looked for one by one
_IDF_KNOWN: dict[str, float | None] = {}  # words looked up in this process (None: not in the table)


def idf_of(words: set[str]) -> tuple[dict[str, float], float]:
    """The IDF of these words only, and the table's median: what a few look-ups need without the
    whole table in memory (about 40 MB of dict in a process that forks workers which share it).
    Each word is looked for in the file's bytes (a few ms each), once per process."""
    source = jieba_file("analyse", "idf.txt")
    if source is None:
        return {}, 0.0
    new = {w for w in words if w not in _IDF_KNOWN}
    if idf.cache_info().currsize or len(new) > _IDF_FEW:  # loaded in this process already, or worth loading
        table, median = idf()
        return {w: table[w] for w in words if w in table}, median
    median = cached("idfmedian", source, lambda: _read_idf(source)[1])
    if new:
        data = b"\n" + source.read_bytes()
        for word in new:
            _IDF_KNOWN[word] = _idf_line(data, word)
    return {w: v for w in words if (v := _IDF_KNOWN.get(w)) is not None}, median


def _idf_line(data: bytes, word: str) -> float | None:
    """The value on the line `word value` of idf.txt's bytes (with a newline put before the first line)."""
    if not word or any(c in word for c in " \r\n"):
        return None
    key = b"\n" + word.encode("utf-8") + b" "
    at = data.find(key)
    if at < 0:
        return None
    end = data.find(b"\n", at + len(key))
    try:
        return float(data[at + len(key):end if end >= 0 else len(data)])
    except ValueError:
        return None


def _read_idf(source: Path) -> tuple[dict[str, float], float]:
    table: dict[str, float] = {}
    with open(source, encoding="utf-8") as fh:
        for line in fh:
            word, _, value = line.strip().partition(" ")
            if value:
                table[word] = float(value)
    values = sorted(table.values())
    return table, values[len(values) // 2] if values else 0.0


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
