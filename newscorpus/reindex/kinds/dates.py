"""Event dates as a reindex kind: dates an article names, resolved against its own date."""
from __future__ import annotations

import json
from datetime import date

from ...dates import event_dates
from ...parse import Article
from ..protocol import Kind


class EventDates(Kind):
    name = "date"
    tables = ("article_dates",)

    def count(self, ready, article: Article) -> dict[str, list[tuple]]:
        found = event_dates(" ".join(article.texts), date.fromisoformat(article.date) if article.date else None)
        return {"article_dates": [(article.id, json.dumps([d.isoformat() for d in found]))] if found else []}
