"""Lexicons: the shipped data files plus a user's TOML file, loaded once per process."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import UsageError


@lru_cache(maxsize=None)
def terms(name: str) -> tuple[str, ...]:
    """The terms of one data file in newscorpus/data: whitespace-separated, `#` starts a comment."""
    text = resources.files("newscorpus.data").joinpath(f"{name}.txt").read_text(encoding="utf-8")
    out: list[str] = []
    for line in text.splitlines():
        out.extend(line.split("#", 1)[0].split())
    return tuple(dict.fromkeys(out))


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
        [add]
        titles = ["党工委书记"]
        phrases = ["新质生产力"]
    """
    if path is None:
        return UserLexicon()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot read lexicon {path}: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"lexicon {path} is not valid TOML: {exc}") from None
    block = data.get("block", {})
    add = data.get("add", {})
    try:
        return UserLexicon(
            enterprises={str(k): [str(a) for a in v] for k, v in data.get("enterprises", {}).items()},
            not_enterprises=[str(x) for x in block.get("enterprises", [])],
            officials={str(k): [str(t) for t in v] for k, v in data.get("officials", {}).items()},
            not_officials=[str(x) for x in block.get("officials", [])],
            titles=[str(x) for x in add.get("titles", [])],
            phrases=[str(x) for x in add.get("phrases", [])],
            not_phrases=[str(x) for x in block.get("phrases", [])],
        )
    except (AttributeError, TypeError) as exc:
        raise UsageError(f"lexicon {path} has an unexpected shape: {exc}") from None


@lru_cache(maxsize=1)
def dictionary_words(min_freq: int = 50) -> dict[str, str]:
    """Common words of jieba's dictionary (2-4 characters, frequent enough) with their POS tags.

    Read straight from jieba's dict.txt so that no jieba tokenizer is built: officials use it to
    tell a name that is also an everyday word (文明, 高峰) from an ordinary name.
    """
    import importlib.util

    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        return {}
    words: dict[str, str] = {}
    with open(Path(spec.origin).parent / "dict.txt", encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2 and 2 <= len(parts[0]) <= 4 and int(parts[1]) >= min_freq:
                words[parts[0]] = parts[2] if len(parts) > 2 else ""
    return words
