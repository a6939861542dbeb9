"""The closed vocabularies users choose from, declared once for the library and the command line."""
from __future__ import annotations

from enum import Enum

ARTICLE_KINDS = ("news", "wire", "broadcast", "photo")  # what the readers make of a file's parts (see parse.py)
PHRASE_SOURCES = ("lexicon", "quoted", "discovered")
PERIODS = ("day", "week", "month", "year")
TARGET_KINDS = ("official", "enterprise", "phrase")
NETWORK_KINDS = ("officials", "officials+enterprises")
KWIC_SORTS = ("left", "right", "match")  # AntConc: by the words nearest the match on that side
MEASURES = ("mi", "t", "ll", "dice")  # collocation scores (see wordlists.score)
KEYNESS_UNITS = ("phrases", "words")
EXPORT_FORMATS = ("parquet",)  # export DIR: a folder of tables


def choices(name: str, values: tuple[str, ...]) -> type[Enum]:
    """An Enum of the values (the command line's choices), its members named and valued as written."""
    return Enum(name, {v: v for v in values}, type=str)
