"""Lexicons: the shipped data files plus a user's TOML file, loaded once per process."""
from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .cache import cached
from .errors import LexiconError


@lru_cache(maxsize=None)
def terms(name: str) -> tuple[str, ...]:
    """The terms of one data file in newscorpus/data: whitespace-separated, `#` starts a comment."""
    text = resources.files("newscorpus.data").joinpath(f"{name}.txt").read_text(encoding="utf-8")
    out: list[str] = []
    for line in text.splitlines():
        out.extend(line.split("#", 1)[0].split())
    return tuple(dict.fromkeys(out))


def seniority(title: str) -> int:
    """Rank of a title by its post word (lower is more senior); unknown posts rank last."""
    posts = terms("posts") + terms("foreign_posts")
    for rank, post in enumerate(posts):
        if title.endswith(post):
            return rank
    return len(posts)


def leading_title(counts: dict[str, int]) -> str:
    """The most frequent title, ties broken by seniority, then by text ("" when there is none)."""
    return min(counts.items(), key=lambda kv: (-kv[1], seniority(kv[0]), kv[0]))[0] if counts else ""


@lru_cache(maxsize=None)
def surnames() -> frozenset[str]:
    return frozenset(terms("surnames"))


@dataclass
class UserLexicon:
    """What a user adds to or blocks from the shipped lexicons (see README: user lexicon)."""

    enterprises: dict[str, list[str]] = field(default_factory=dict)  # full name -> aliases
    not_enterprises: list[str] = field(default_factory=list)
    officials: dict[str, list[str]] = field(default_factory=dict)  # name -> titles
    not_officials: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    not_phrases: list[str] = field(default_factory=list)
    not_words: list[str] = field(default_factory=list)  # stop words of the word lists (no reindex reads them)

    def to_toml_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v}


def load_user_lexicon(path: Path | None) -> UserLexicon:
    """Read a user lexicon TOML file; a missing path means an empty lexicon.

    Format::

        [enterprises]
        "某某科技股份有限公司" = ["某某科技", "某某"]
        [officials]
        "张三" = ["区长"]
        [block]
        officials = ["王五"]
        enterprises = ["某某市场"]
        phrases = ["工作"]
        words = ["开展"]            # stop words of words, ngrams, collocates, keyness --units words
        [add]
        titles = ["党工委书记"]
        phrases = ["新质生产力"]

    Every entry is checked: an unknown section or key, or a string where a list belongs (which
    would be read as a list of characters), is an error that names the entry.
    """
    if path is None:
        return UserLexicon()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LexiconError(f"cannot read the lexicon {path}: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise LexiconError(f"the lexicon {path} is not valid TOML: {exc}") from None
    _check_sections(data, path)
    block, add = data.get("block", {}), data.get("add", {})
    return UserLexicon(
        enterprises=_mapping(data, "enterprises", "aliases", path),
        not_enterprises=_words(block, "block", "enterprises", path),
        officials=_mapping(data, "officials", "titles", path),
        not_officials=_words(block, "block", "officials", path),
        titles=_words(add, "add", "titles", path),
        phrases=_words(add, "add", "phrases", path),
        not_phrases=_words(block, "block", "phrases", path),
        not_words=_words(block, "block", "words", path),
    )


_SECTIONS = {"enterprises": None, "officials": None, "block": ("officials", "enterprises", "phrases", "words"),
             "add": ("titles", "phrases")}


def _check_sections(data: dict, path: Path) -> None:
    for section, value in data.items():
        if section not in _SECTIONS:
            raise LexiconError(f"the lexicon {path} has an unknown section [{section}]; the sections are "
                               + ", ".join(f"[{s}]" for s in _SECTIONS))
        if not isinstance(value, dict):
            raise LexiconError(f"the lexicon {path}: {section} must be a section ([{section}]), not a value")
        keys = _SECTIONS[section]
        for key in value if keys else ():
            if key not in keys:
                raise LexiconError(f"the lexicon {path}: [{section}] has an unknown key {key!r}; it takes "
                                   + ", ".join(keys))


def _strings(value: object, where: str, path: Path) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise LexiconError(f"the lexicon {path}: {where} takes a list of non-empty strings "
                           f"(such as [\"甲\", \"乙\"]), not {value!r}")
    return [v.strip() for v in value]


def _mapping(data: dict, section: str, what: str, path: Path) -> dict[str, list[str]]:
    out = {}
    for key, value in data.get(section, {}).items():
        if not key.strip():
            raise LexiconError(f"the lexicon {path}: [{section}] has an empty name")
        out[key.strip()] = _strings(value, f"[{section}] {key!r} ({what})", path)
    return out


def _words(table: dict, section: str, key: str, path: Path) -> list[str]:
    return _strings(table[key], f"[{section}] {key}", path) if key in table else []


def lexicon_beside(db: Path, path: Path | None = None) -> UserLexicon:
    """The user lexicon a corpus is built with: `path` when given, else lexicon.toml next to the
    corpus file when there is one (the same rule for the command line and for Python)."""
    if path is not None:
        if not Path(path).exists():
            raise LexiconError(f"no such lexicon file: {path}")
        return load_user_lexicon(Path(path))
    beside = Path(db).parent / "lexicon.toml"
    return load_user_lexicon(beside) if beside.exists() else UserLexicon()


def lexicon_key(user: UserLexicon) -> str:
    """A fingerprint of everything a reindex reads besides the articles: the shipped data files
    and the user lexicon. A corpus built with another key is rebuilt at the next ingest."""
    digest = hashlib.sha256(_shipped_digest().encode())
    read = {k: v for k, v in user.to_toml_dict().items() if k not in _NOT_READ_BY_REINDEX}
    digest.update(json.dumps(read, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return digest.hexdigest()[:16]


# What only the query commands read: changing it needs no rebuild of the entity tables.
_NOT_READ_BY_REINDEX = {"not_words"}
_QUERY_DATA_FILES = {"stopwords.txt"}


@lru_cache(maxsize=1)
def _shipped_digest() -> str:
    digest = hashlib.sha256()
    for entry in sorted(resources.files("newscorpus.data").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".txt") and entry.name not in _QUERY_DATA_FILES:
            digest.update(entry.name.encode() + b"\0" + entry.read_bytes())
    return digest.hexdigest()


def jieba_file(*parts: str) -> Path | None:
    """A data file shipped with jieba (dict.txt, analyse/idf.txt), found without importing jieba
    (which would build its tokenizer); None where jieba is not installed."""
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent.joinpath(*parts)


@lru_cache(maxsize=1)
def dictionary_words(min_freq: int = 50) -> dict[str, str]:
    """Common words of jieba's dictionary (2-4 characters, frequent enough) with their POS tags.

    Read straight from jieba's dict.txt so that no jieba tokenizer is built: officials use it to
    tell a name that is also an everyday word (文明, 高峰) from an ordinary name.
    """
    source = jieba_file("dict.txt")
    return cached(f"words{min_freq}", source, lambda: _read_words(source, min_freq)) if source else {}


def _read_words(source: Path, min_freq: int) -> dict[str, str]:
    words: dict[str, str] = {}
    with open(source, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2 and 2 <= len(parts[0]) <= 4 and int(parts[1]) >= min_freq:
                words[parts[0]] = parts[2] if len(parts) > 2 else ""
    return words
