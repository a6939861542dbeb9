#!/usr/bin/env bash
# A tour of newscorpus on the seed pages, in a throw-away corpus. Run from the repo root:
#   bash examples/seeds_tour.sh
set -euo pipefail
cd "$(dirname "$0")/.."
NC=${NEWSCORPUS:-.venv/bin/newscorpus}
export NEWSCORPUS_DB=$(mktemp -d)/tour.db

$NC ingest seeds/
$NC stats
$NC officials --top 10
$NC who 乔俊杰
$NC enterprises --top 10
$NC phrases --top 20 --format csv
$NC kwic 高质量发展 --limit 5
$NC articles --search 援疆 --format json
