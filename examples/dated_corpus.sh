#!/usr/bin/env bash
# Time and relations on the seed pages copied under dated file names. Run from the repo root:
#   bash examples/dated_corpus.sh
set -euo pipefail
cd "$(dirname "$0")/.."
NC=${NEWSCORPUS:-.venv/bin/newscorpus}
work=$(mktemp -d)
export NEWSCORPUS_DB=$work/dated.db
mkdir -p "$work/pages/2023/11/02"
cp seeds/000_e1c08d356f2e3085.txt "$work/pages/2023/11/02/01.txt"
cp seeds/001_d79f8d38181cc832.txt "$work/pages/2024-02-24.txt"
cp seeds/002_218366687a23ef97.txt "$work/pages/wjrb_20241030.txt"
cp seeds/003_04e94acb881a18bc.txt "$work/pages/2024_10_13.txt"
cp seeds/004_44a8789aef0a7005.txt "$work/pages/2023-03-14.txt"

$NC ingest "$work/pages"
$NC timeline 乔俊杰 --by year --format csv
$NC timeline 新质生产力 --by month --plot "$work/xinzhi.png" --format csv | head -5
$NC network --top 3 --format csv
$NC network --kind officials+enterprises --output "$work/graph.gexf"
$NC keyness --target 2024 --reference 2023 --top 5 --format csv
echo "pictures and graph in $work" >&2
