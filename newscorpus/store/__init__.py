"""The corpus store: the only package that speaks SQL.

schema (opening, migrations, transactions), pages (writing files and the trigram index), chunks
(reading articles for the reindex passes), entities (the tables a reindex writes) and reads
(every query the commands answer).
"""
from .schema import (DEFAULT_DB, SCHEMA_VERSION, as_corpus_error, check_file, connect, db_path, get_meta, quick_check,
                     set_meta, transaction, translated)

__all__ = ["DEFAULT_DB", "SCHEMA_VERSION", "as_corpus_error", "check_file", "connect", "db_path", "get_meta", "quick_check",
           "set_meta", "transaction", "translated"]
