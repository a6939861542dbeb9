"""A cache on disk for tables built from large data files (jieba's dictionary and IDF table).

Reading and filtering those files costs most of a second in every process that needs them; a
pickle of the result loads in a tenth of that. The cache is keyed by the source file's path, size
and modification time, lives in $XDG_CACHE_HOME/newscorpus (~/.cache/newscorpus), and is only a
speed-up: where it cannot be read or written, the table is built from the source again.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")


def cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newscorpus"


def cached(name: str, source: Path, build: Callable[[], T]) -> T:
    """build(), or its result as saved the last time for the same version of `source`."""
    try:
        stat = source.stat()
    except OSError:
        return build()
    tag = hashlib.sha1(f"{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    path = cache_dir() / f"{name}-{tag}.pickle"
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(fh.name, path)  # whole or not at all, even with two processes at once
    except OSError:
        pass
    return value
