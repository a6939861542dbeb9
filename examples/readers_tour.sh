#!/usr/bin/env bash
# One small document per input format (examples/formats/), ingested together. Run from the repo root:
#   bash examples/readers_tour.sh
set -euo pipefail
cd "$(dirname "$0")/.."
NC=${NEWSCORPUS:-.venv/bin/newscorpus}
work=$(mktemp -d)
export NEWSCORPUS_DB=$work/formats.db
cp examples/formats/article.md examples/formats/broadcast.md examples/formats/page.html \
   examples/formats/day.json "$work/"
$NC ingest "$work"                                      # every supported suffix by default
$NC ingest examples/formats/feed.jsonl --fields headline=TITLE,body=CONTENT,date=WHEN
$NC articles --format csv
$NC officials --top 5 --format csv
