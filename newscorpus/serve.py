"""`newscorpus serve`: the corpus in a web browser, through Datasette with the project's metadata."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from . import store
from .errors import CorpusError


def prepare(db: Path) -> tuple[int, int]:
    """Open the corpus (migrating an older one) and bring its trigram index up to date, so that
    Datasette's search box sees every article: (articles indexed now, articles a read-only corpus
    leaves out of the index)."""
    from .store.pages import index_pending
    from .store.web import pending

    with store.translated(db):
        conn = store.connect(db)
        try:
            waiting = pending(conn)
            if not waiting:
                return 0, 0
            if not os.access(db, os.W_OK):
                return 0, waiting
            return index_pending(conn), 0
        finally:
            conn.close()


def app(db: Path):
    """The Datasette instance over the corpus (its ASGI app is `.app()`), with newscorpus's search
    filter in place of Datasette's own (see store.web.search_filters)."""
    from datasette.app import Datasette
    from datasette.plugins import pm

    from .store import web

    if pm.get_plugin("datasette.filters") is not None:
        pm.unregister(name="datasette.filters")
    if pm.get_plugin("newscorpus.web") is None:
        pm.register(web, name="newscorpus.web")
    name = Path(db).stem
    return Datasette([str(db)], metadata=web.metadata(name),
                     settings={"sql_time_limit_ms": 5000, "default_page_size": 50, "facet_time_limit_ms": 500,
                               "truncate_cells_html": 160})  # a body in a table cell: its start


def serve(db: Path, *, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Serve until interrupted (Ctrl-C); the address is printed on stderr."""
    import asyncio

    import uvicorn

    if not Path(db).exists():
        raise CorpusError(f"no corpus at {db}: ingest pages into it first")
    indexed, missing = prepare(Path(db))
    if indexed:
        print(f"indexed {indexed} article(s) for full-text search", file=sys.stderr)
    if missing:
        print(f"warning: {missing} article(s) are not in the full-text index and the corpus is read-only: "
              "the search box misses them for strings of 3+ characters", file=sys.stderr)
    ds = app(Path(db))
    asyncio.run(ds.invoke_startup())
    print(f"serving {db} at http://{host}:{port}/{Path(db).stem} (Ctrl-C stops)", file=sys.stderr)
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning", lifespan="on")
