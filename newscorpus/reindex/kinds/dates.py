"""Event dates as a reindex kind: dates an article names, resolved against its own date."""
from __future__ import annotations

import json
from collections import Counter
from datetime import date

from ...dates import event_dates
from ...parse import Article
from ..protocol import Kind


class EventDates(Kind):
    name = "date"
    table = "article_dates"
    totals = False  # one row per article: the dates it names

    def count(self, state, article: Article, tally) -> Counter:
        found = event_dates(" ".join(article.texts), date.fromisoformat(article.date) if article.date else None)
        return Counter(d.isoformat() for d in found)

    def rows(self, article_id: int, found: Counter) -> list[tuple]:
        return [(article_id, json.dumps(sorted(found)))] if found else []
