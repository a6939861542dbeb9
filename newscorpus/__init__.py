"""newscorpus: turn Chinese official news into a queryable corpus of officials, enterprises and phrases.

Python use::

    import newscorpus as nc
    corpus = nc.Corpus("c.db")          # lexicon.toml next to the file applies, as on the command line
    corpus.ingest(["seeds"])
    corpus.officials()                  # a pandas DataFrame

`newscorpus.queries` gives the same answers as plain rows (lists of dicts) without pandas.
"""
__version__ = "0.2.0"

__all__ = ["Corpus", "ingest", "IngestReport", "__version__"]


def __getattr__(name: str):
    """Load the machinery only when asked, so query commands start fast."""
    if name == "Corpus":
        from .corpus import Corpus

        return Corpus
    if name in ("ingest", "IngestReport"):
        from . import ingestion

        return getattr(ingestion, name)
    raise AttributeError(name)
