"""Every entity table of a corpus as JSON, keyed by (source path, position) instead of article ids, so that two
corpora built differently (old and new code, one ingest or many) can be compared: python dump_tables.py c.db > c.json."""
import json, sqlite3, sys
db = sys.argv[1]
conn = sqlite3.connect(db)
key = {r[0]: f"{r[1]}#{r[2]}" for r in conn.execute("SELECT a.id, s.path, a.seq FROM articles a JOIN sources s ON s.id = a.source_id")}
out = {}
def q(sql):
    return [list(r) for r in conn.execute(sql)]
out["people"] = sorted(q("SELECT * FROM people"))
out["person_titles"] = sorted(q("SELECT * FROM person_titles"))
out["enterprises"] = sorted(q("SELECT * FROM enterprises"))
out["enterprise_forms"] = sorted(q("SELECT * FROM enterprise_forms"))
out["phrases"] = sorted(q("SELECT * FROM phrases"))
out["related"] = sorted(q("SELECT * FROM related"))
out["pat"] = sorted([n, t, key[a], c] for n, t, a, c in q("SELECT * FROM person_article_titles"))
out["dates"] = sorted([key[a], d] for a, d in q("SELECT * FROM article_dates"))
for t in ("person_mentions", "enterprise_mentions", "phrase_mentions"):
    out[t] = sorted([r[0], key[r[1]], r[2]] for r in q(f"SELECT * FROM {t}"))
arts = sorted([key[r[0]]] + r[1:] for r in q("SELECT id, kind, headline, headline_lines, byline, reporters, correspondents, photographers, body, chars, start, end FROM articles"))
out["articles"] = arts
json.dump(out, sys.stdout, ensure_ascii=False, sort_keys=True)
