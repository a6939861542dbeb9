#!/usr/bin/env bash
# Export the dated seed corpus as Parquet and ask DuckDB what the command line answers. Run from the repo root:
#   bash examples/export_duckdb.sh          (needs newscorpus[export] and duckdb)
set -euo pipefail
cd "$(dirname "$0")/.."
NC=${NEWSCORPUS:-$PWD/.venv/bin/newscorpus}
PY=${PYTHON:-$PWD/.venv/bin/python}
sql=$PWD/examples/monthly_mentions.sql
work=$(mktemp -d)
export NEWSCORPUS_DB=$work/dated.db
mkdir -p "$work/pages/2023/11/02"
cp seeds/000_e1c08d356f2e3085.txt "$work/pages/2023/11/02/01.txt"
cp seeds/001_d79f8d38181cc832.txt "$work/pages/2024-02-24.txt"
cp seeds/002_218366687a23ef97.txt "$work/pages/wjrb_20241030.txt"
cp seeds/003_04e94acb881a18bc.txt "$work/pages/2024_10_13.txt"
cp seeds/004_44a8789aef0a7005.txt "$work/pages/2023-03-14.txt"

$NC ingest "$work/pages" 2>/dev/null
cd "$work"
$NC export export/ --format parquet
# every official by month; the lines of one of them:
$PY -c "import duckdb, sys; duckdb.sql(open(sys.argv[1]).read()).write_csv('monthly.csv')" "$sql"
head -1 monthly.csv && grep '^乔俊杰,' monthly.csv
# the same from the command line (which also lists the months without a mention)
$NC timeline 乔俊杰 --by month --format csv | awk -F, 'NR == 1 || $3 > 0'
