"""newscorpus: turn page dumps of Chinese government newspapers into a queryable corpus.

Python use: `newscorpus.ingest([Path("seeds")], db="c.db")`, then `newscorpus.queries` for rows.
"""
__version__ = "0.1.0"

__all__ = ["ingest", "IngestReport", "reindex", "__version__"]


def __getattr__(name: str):
    """Load the ingest machinery only when asked, so query commands start fast."""
    if name in ("ingest", "IngestReport"):
        from . import ingestion

        return getattr(ingestion, name)
    if name == "reindex":
        from .index import reindex

        return reindex
    raise AttributeError(name)
