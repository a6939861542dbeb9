"""What Datasette shows of a corpus (`newscorpus serve`): descriptions, facets, hidden tables, canned
queries, and a search box that also finds two-character names.

Only `serve` imports this module (it imports datasette). Descriptions are in Chinese and English.
"""
from __future__ import annotations

from datasette import filters as _datasette_filters
from datasette import hookimpl
from datasette.filters import through_filters, where_filters  # noqa: F401  (registered with this module)

from ..pages import compact, normalize

FTS_TABLE = "article_fts"
SEARCHED_TABLE = "articles"

# Tables a user never needs: the index queue, bookkeeping, what an incremental reindex keeps
# between runs, and the full-text index with its shadow tables (Datasette hides those itself when
# it detects the index; listed to be sure).
HIDDEN = ["fts_pending", "meta", "state", "state_pending", "state_retired", "titled", "form_mentions", FTS_TABLE] \
    + [f"{FTS_TABLE}_{s}" for s in ("data", "idx", "docsize", "config", "content")]

_TABLES: dict[str, dict] = {
    "articles": {
        "description": "文章：标题、署名、正文（跨版已拼接）· Articles: headlines, bylines, bodies (page breaks repaired). "
                       "搜索框可查任意长度的字符串（含两字人名）· The search box finds any string, two-character names included.",
        "columns": {
            "source_id": "所在版面文件 · the page file it is on",
            "kind": "news 本报讯 / wire 新华社电 / photo 图片",
            "headline_lines": "全部标题行 · all headline lines (JSON)",
            "body": "正文，一段一行 · body, one paragraph per line",
            "chars": "正文字数 · body characters",
            "date": "文章自带日期（多为空：见版面日期）· the article's own date (mostly empty: see the page's)",
        },
        "facets": ["kind", "source_id", {"array": "reporters"}],
        "fts_table": FTS_TABLE, "fts_pk": "id", "label_column": "headline",
    },
    "sources": {
        "description": "版面文件 · Page files, one row each",
        "columns": {"path": "相对路径 · path relative to the ingest root", "date": "出版日期 · publication date",
                    "original": "原文 · the page as written", "encoding": "编码 · encoding",
                    "format": "格式 · input format", "sha256": "内容哈希 · content hash"},
        "facets": ["date", "format"], "label_column": "path",
    },
    "people": {
        "description": "人物：官员及其职务，记者、摄影、企业高管、专家 · People: officials with their titles; "
                       "reporters, photographers, executives, experts",
        "columns": {"role": "身份 · role", "title": "最常见职务 · most frequent title", "place": "地区 · place",
                    "mentions": "提及次数 · mentions", "articles": "文章数 · articles",
                    "headline_mentions": "标题中提及 · mentions in headlines",
                    "body_mentions": "正文中提及 · mentions in bodies",
                    "lead_articles": "首段提及的文章数 · articles naming them in the first paragraph",
                    "list_position": "名单中的平均位次 · mean position in name lists",
                    "is_foreign": "外国官员（1/0）· a foreign office-holder (1/0)"},
        "facets": ["role", "title", "place", "is_foreign"], "sort_desc": "mentions", "label_column": "name",
    },
    "person_titles": {"description": "每人的职务及次数、首末日期 · Each person's titles, counts, first and last dates",
                      "facets": ["title"], "sort_desc": "count"},
    "person_article_titles": {"description": "每篇文章中的职务 · Titles per person and article", "facets": ["title"]},
    "person_mentions": {"description": "每人每篇的提及次数 · Mentions per person and article", "facets": ["name"],
                        "columns": {"head": "其中标题中的次数 · of which in headlines",
                                    "lead": "首段是否提及（1/0）· named in the first paragraph (1/0)"}},
    "enterprises": {"description": "企业（全称）· Enterprises by full name",
                    "columns": {"candidates": "简称可能指向的多个全称（JSON）· full names an ambiguous short form may mean"},
                    "sort_desc": "mentions", "label_column": "name"},
    "enterprise_forms": {"description": "企业的各种写法 · Written forms of each enterprise", "facets": ["name"]},
    "enterprise_mentions": {"description": "每家企业每篇的提及次数 · Mentions per enterprise and article",
                            "facets": ["name"]},
    "phrases": {"description": "政策提法 · Policy phrases",
                "columns": {"source": "来源：lexicon 词表 / quoted 引号标语 / discovered 发现 · source"},
                "facets": ["source"], "sort_desc": "articles"},
    "phrase_mentions": {"description": "每个提法每篇的次数 · Mentions per phrase and article", "facets": ["phrase"]},
    "related": {"description": "共现：人物与人物、企业、提法同篇的文章数 · Co-appearances: articles a person shares "
                           "with people, enterprises and phrases",
                "columns": {"a": "人物 · person", "kind": "对方类型 · what b is", "b": "对方 · the other",
                            "articles": "同篇文章数 · shared articles"},
                "facets": ["kind"], "sort_desc": "articles"},
    "article_dates": {"description": "文中提到的事件日期（已按出版日期推算）· Event dates named in each article, "
                                     "resolved against the page date",
                      "facets": [{"array": "dates"}]},
    "leftovers": {"description": "不属于任何文章的版面文字（栏目标签等）· Page text outside articles (column labels, stray text)",
                  "facets": ["kind"]},
}

_OFFICIALS = "SELECT name FROM people WHERE role = 'official'"

QUERIES: dict[str, dict] = {
    "official": {
        "title": "官员档案 · An official's profile",
        "description": "职务（次数、首末日期）与提及总数，同 `newscorpus who 姓名` · Titles (count, first and last "
                       "date) and mentions, as `newscorpus who NAME` gives them",
        "sql": """SELECT p.name, p.role, p.place, p.mentions, p.articles, t.title, t.count AS title_count,
  t.first_date, t.last_date
FROM people p LEFT JOIN person_titles t ON t.name = p.name
WHERE p.name = :name
ORDER BY t.count DESC, t.title""",
    },
    "mentions_by_month": {
        "title": "按月提及 · Mentions by month",
        "description": "某人每月的提及次数与文章数（无日期的版面单列）· A person's mentions and articles per month "
                       "(pages without a date on a row of their own)",
        "sql": """SELECT coalesce(substr(coalesce(a.date, s.date), 1, 7), '(undated)') AS month,
  sum(m.count) AS mentions, count(*) AS articles
FROM person_mentions m JOIN articles a ON a.id = m.article_id JOIN sources s ON s.id = a.source_id
WHERE m.name = :name
GROUP BY month ORDER BY month""",
    },
    "concordance": {
        "title": "语境检索 · Concordance (KWIC)",
        "description": "正文中每处出现及前后各 20 字（任意长度，含两字人名）；排序、正则、按词语境见 "
                       "`newscorpus kwic` · Every occurrence in bodies with 20 characters each side (any "
                       "length); sorting, regex and word contexts: `newscorpus kwic`",
        "sql": """WITH RECURSIVE found(id) AS (
  SELECT rowid FROM article_fts
  WHERE length(:text) >= 3 AND article_fts MATCH '"' || replace(:text, '"', '""') || '"'
  UNION SELECT p.id FROM fts_pending p CROSS JOIN articles x ON x.id = p.id WHERE instr(x.body, :text) > 0
  UNION SELECT id FROM articles WHERE length(:text) BETWEEN 1 AND 2 AND instr(body, :text) > 0
), hit(id, at) AS (
  SELECT a.id, instr(a.body, :text) FROM found f JOIN articles a ON a.id = f.id WHERE instr(a.body, :text) > 0
  UNION ALL
  SELECT h.id, h.at + length(:text) - 1 + instr(substr(a.body, h.at + length(:text)), :text)
  FROM hit h JOIN articles a ON a.id = h.id
  WHERE instr(substr(a.body, h.at + length(:text)), :text) > 0
)
SELECT h.id AS article_id, s.path AS source,
  substr(a.body, max(1, h.at - 20), h.at - max(1, h.at - 20)) AS left, :text AS match,
  substr(a.body, h.at + length(:text), 20) AS right
FROM hit h JOIN articles a ON a.id = h.id JOIN sources s ON s.id = a.source_id
ORDER BY h.id, h.at""",
    },
    "enterprises_visited": {
        "title": "官员走访的企业 · Enterprises an official visited",
        "description": "与某人同篇出现的企业，按同篇文章数 · Enterprises named in the articles that name the "
                       "person, by shared articles",
        "sql": """SELECT r.b AS enterprise, r.articles, r.b_mentions AS mentions
FROM related r WHERE r.a = :name AND r.kind = 'enterprise'
ORDER BY r.articles DESC, r.b_mentions DESC, r.b""",
    },
    "officials_together": {
        "title": "同篇出现的官员 · Officials who appear together",
        "description": "两位官员同篇出现的文章数（mentions：后者在其中的提及次数）；填姓名只看此人，留空看全部 · "
                       "Articles two officials share (mentions: of the second in them); give a name for one "
                       "person's, leave it empty for all pairs",
        "sql": f"""SELECT r.a AS official, r.b AS together_with, r.articles, r.b_mentions AS mentions
FROM related r
WHERE r.kind = 'person' AND r.a IN ({_OFFICIALS}) AND r.b IN ({_OFFICIALS})
  AND ((:name = '' AND r.a < r.b) OR r.a = :name)
ORDER BY r.articles DESC, r.b_mentions DESC, r.a, r.b""",
    },
}


def metadata(database: str) -> dict:
    """Datasette metadata for the corpus served under the name `database`."""
    tables = {name: dict(meta) for name, meta in _TABLES.items()}
    tables.update({name: {"hidden": True} for name in HIDDEN})
    return {
        "title": "newscorpus · 新闻语料库",
        "description": "官员、企业与政策提法的新闻语料库 · A corpus of news: officials, enterprises, policy phrases. "
                       "Command line: newscorpus --help",
        "databases": {database: {"tables": tables, "queries": QUERIES}},
    }


# What `articles --search` does for a string the trigram index cannot match (under 3 characters).
_SUBSTRING = "(instr(body, :search) > 0 OR instr(headline_lines, :search) > 0)"


# serve registers this module in place of datasette.filters: its other two filters are imported above.
@hookimpl(specname="filters_from_request")
def search_filters(request, database, table, datasette):
    """Datasette's own search, with the query folded as page text is (full-width marks, layout spaces)
    and, for the articles, strings under 3 characters searched with instr(): a trigram index finds
    nothing shorter, and two-character names are what users look for most."""
    inner = _datasette_filters.search_filters(request, database, table, datasette)

    async def folded():
        found = await inner()
        search = found.params.get("search")
        if search is None:
            return found
        search = compact(normalize(search))
        found.params["search"] = found.extra_context["search"] = search
        if table == SEARCHED_TABLE and len(search) < 3 and found.where_clauses:
            found.where_clauses[0] = _SUBSTRING
        return found

    return folded


def pending(conn) -> int:
    """Articles not yet in the trigram index (after an interrupted ingest, or a migration to v6)."""
    return conn.execute("SELECT count(*) FROM fts_pending").fetchone()[0]
