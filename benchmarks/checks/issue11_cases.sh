#!/usr/bin/env bash
# Before/after check of the defects of issue 11 ("Reliability").
#
#   bash benchmarks/checks/issue11_cases.sh old|new [CASE...]   e.g. ... old 1 2 3   (default: every case 1..11)
#
# old: the package of commit $OLD_COMMIT (954b36d, before the fixes), from $OLD_TREE if set, else
#      extracted from this repository with git archive into the temp dir, run with this repo's venv as
#      PYTHONPATH=$OLD_TREE python -m newscorpus (from the temp dir, so the checkout does not shadow it).
# new: the venv's installed console script (main).
# Every case works in its own folder under a fresh temp dir (kept; its path is printed first).
# Environment: VENV (.venv of this repo), SEEDS (seeds/ of this repo), OLD_TREE, SIZES11 and PAGES11
# (case 11's article sizes in MB: body text, default "2 5 10"; whole-page text, default "2 5"),
# LIMIT11 (case 11's time limit per ingest, default 600 s).
# Needs Linux (/proc), python3 in $VENV with openpyxl, and chattr (root) for case 7.
# Each command is reported as: exit code, stderr lines, whether a Python traceback appears, the first
# stderr line (and the last, when there are several), and the case's key fact.
set -u
VERSION=${1:?usage: run_cases.sh old|new [CASE...]}; shift
CASES=${*:-1 2 3 4 5 6 7 8 9 10 11}
REPO=$(cd "$(dirname "$0")/../.." && pwd)
VENV=${VENV:-$REPO/.venv}
PY=$VENV/bin/python
SEEDS=${SEEDS:-$REPO/seeds}
OLD_TREE=${OLD_TREE:-}
ROOT=$(mktemp -d "${TMPDIR:-/tmp}/issue11-$VERSION.XXXXXX")
if [ "$VERSION" = old ] && { [ -z "$OLD_TREE" ] || [ ! -d "$OLD_TREE/newscorpus" ]; }; then  # no checkout: the package, read from git
  OLD_TREE=$ROOT/old-src; mkdir -p "$OLD_TREE"
  git -C "$REPO" archive "${OLD_COMMIT:-954b36d}" newscorpus | tar -x -C "$OLD_TREE" || exit 1
fi
case $VERSION in
  old) PYV=(env PYTHONPATH="$OLD_TREE" "$PY"); NC=("${PYV[@]}" -m newscorpus) ;;
  new) PYV=("$PY"); NC=("$VENV/bin/newscorpus") ;;
  *) echo "usage: run_cases.sh old|new [CASE...]" >&2; exit 2 ;;
esac
cd "$ROOT" || exit 1   # not inside the repo: '' on sys.path must not shadow PYTHONPATH
echo "version: $VERSION   package: $("${PYV[@]}" -c 'import newscorpus; print(newscorpus.__file__)')"
echo "work dir: $ROOT"

# run LABEL ARGS... : newscorpus ARGS, stdout to ./out, stderr to ./err; one report line
run() {
  local label=$1; shift
  "${NC[@]}" "$@" >out 2>err; RC=$?
  NERR=$(awk 'END{print NR}' err)
  if grep -q 'Traceback' err; then TB=yes; else TB=no; fi   # plain or rich-formatted
  local first; first=$(head -n1 err | cut -c1-150)
  local extra=""
  [ "$NERR" -gt 1 ] && extra=" last_stderr=\"$(tail -n1 err | cut -c1-150)\""
  echo "  [$label] exit=$RC stderr_lines=$NERR traceback=$TB first_stderr=\"$first\"$extra"
}
fact() { echo "    => $*"; }
sql() { "$PY" - "$@" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); r = c.execute(sys.argv[2]).fetchall(); c.commit()
print(r[0][0] if len(r) == 1 and len(r[0]) == 1 else r)
EOF
}
json_get() { "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$@"; }
page() {  # page FILE HEADLINE BODY   (printf escapes allowed in both)
  mkdir -p "$(dirname "$1")"; printf "$2"'\n\n本报讯 (记者 张三) '"$3"'\n' >"$1"
}
seedcorpus() {  # seedcorpus DB : the five seed pages, ingested (one job)
  "${NC[@]}" ingest "$SEEDS" --db "$1" --jobs 1 >/dev/null 2>&1
}
lexicon_as_read() {  # what this version's load_user_lexicon makes of a file (officials, blocks)
  "${PYV[@]}" -c 'import sys; from pathlib import Path; from newscorpus.lexicon import load_user_lexicon
try:
    u = load_user_lexicon(Path(sys.argv[1])); print("officials =", u.officials)
except Exception as e: print(type(e).__name__ + ":", str(e)[:140])' "$1" 2>&1 | tail -n1
}
newcase() { echo; echo "== case $1: $2"; mkdir -p "$ROOT/c$1"; cd "$ROOT/c$1" || exit 1; }

case1() {
  newcase 1 "two folders, same file name -> both pages kept?"
  page paperA/2024-10-13.txt '标题' '区委书记王大明出席。'
  page paperB/2024-10-13.txt '另一标题' '区长赵小刚出席。'
  run "ingest paperA paperB --db c.db --jobs 1" ingest paperA paperB --db c.db --jobs 1
  fact "summary: $(tail -n1 err)"
  run "stats --db c.db --format json" stats --db c.db --format json
  fact "sources=$(json_get out 'd["sources"]') articles=$(json_get out 'd["articles"]')  (2 pages written)"
}

case2() {
  newcase 2 "ingest pages/2023 then pages/2024, 11/02/01.txt in each -> both kept?"
  page pages/2023/11/02/01.txt '二〇二三年的标题' '区委书记王大明出席。'
  page pages/2024/11/02/01.txt '二〇二四年的标题' '区长赵小刚出席。'
  run "ingest pages/2023 --db c.db --jobs 1" ingest pages/2023 --db c.db --jobs 1
  run "ingest pages/2024 --db c.db --jobs 1" ingest pages/2024 --db c.db --jobs 1
  run "stats --db c.db --format json" stats --db c.db --format json
  fact "sources=$(json_get out 'd["sources"]') articles=$(json_get out 'd["articles"]')  (2 pages written)"
}

case3() {
  newcase 3 "form feed and ESC sequence in a headline"
  page p/x.txt '标\x0c题\033]0;title\007新闻' '区委书记王大明出席。'
  "${NC[@]}" ingest p --db c.db --jobs 1 >/dev/null 2>&1
  fact "stored headline: $("$PY" -c 'import sqlite3, sys; print(repr(sqlite3.connect(sys.argv[1]).execute("SELECT headline FROM articles").fetchone()[0]))' c.db 2>&1 | tail -n1)"
  run "articles --db c.db -o out.xlsx" articles --db c.db -o out.xlsx
  fact "out.xlsx written: $([ -s out.xlsx ] && "$PY" -c 'import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).active
print("yes; headline cell:", *[repr(c.value) for c in next(ws.iter_rows(min_row=2)) if isinstance(c.value, str) and "title" in c.value])' out.xlsx || echo no)"
  run "articles --db c.db (table)" articles --db c.db
  fact "raw ESC bytes in stdout: $(tr -cd '\033' <out | wc -c); raw form feeds: $(tr -cd '\014' <out | wc -c); headline cell: $("$PY" -c 'import re, sys; print(repr(re.search("标.*新闻", open(sys.argv[1], encoding="utf-8").read()).group()))' out)"
}

case4() {
  newcase 4 "lexicon name with a control character -> network GraphML/GEXF well-formed?"
  printf '[officials]\n"李\\u0001红" = ["副区长"]\n' >lexicon.toml
  page p/x.txt '会议召开' '区委书记王大明、副区长李\001红出席会议。王大明讲话。李\001红主持。'
  run "ingest p --db c.db --jobs 1" ingest p --db c.db --jobs 1
  for fmt in graphml gexf; do
    run "network --db c.db --min-weight 1 -o g.$fmt" network --db c.db --min-weight 1 -o g.$fmt
    fact "g.$fmt: $("$PY" -c 'import sys, xml.etree.ElementTree as E
try:
    t = E.parse(sys.argv[1]); print("well-formed;", len([e for e in t.iter() if e.tag.endswith("node")]), "nodes")
except Exception as e: print("NOT well-formed:", e)' g.$fmt 2>&1)"
  done
  fact "node ids in g.graphml: $("$PY" -c 'import sys, xml.etree.ElementTree as E
print([e.get("id") for e in E.parse(sys.argv[1]).iter() if e.tag.endswith("node")])' g.graphml 2>/dev/null || grep -a -o 'node id="[^"]*"' g.graphml | cat -v | tr '\n' ' ')"
}

case5() {
  newcase 5 "SIGKILL of an ingest while its workers run -> children alive 5 s later?"
  "$PY" - "$SEEDS" many 50 <<'EOF'
import sys; from pathlib import Path
seeds, target, n = sorted(Path(sys.argv[1]).glob("*.txt")), Path(sys.argv[2]), int(sys.argv[3])
target.mkdir(exist_ok=True)
for i in range(n):
    for p in seeds:
        (target / f"{i:03d}_{p.name}").write_bytes(p.read_bytes() + b"\n" * i)
EOF
  local phase
  for phase in 1 2; do
  echo "  [$(ls many | wc -l) distinct pages in many/: ingest many --db c.db --jobs 2, SIGKILL of the parent in worker phase $phase ($([ $phase = 1 ] && echo 'file loop' || echo 'first reindex pass, after the files are written')) once >= 2 workers exist]"
  "$PY" - "$phase" "${NC[@]}" ingest many --db c.db --jobs 2 <<'EOF'
import os, signal, subprocess, sys, time
from pathlib import Path

def children(pid):  # every descendant, from /proc/PID/task/PID/children recursively
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            kids = [int(c) for c in Path(f"/proc/{p}/task/{p}/children").read_text().split()]
        except OSError:
            kids = []
        out += kids; todo += kids
    return out

def alive(pid):
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False

def describe(pid):
    try:
        ppid = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[2]
        rss = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 2**20
        return f"pid {pid} (ppid {ppid}, {rss} MB)"
    except OSError:
        return f"pid {pid}"

target = int(sys.argv[1])
for attempt in range(3):
    for f in ("c.db", "c.db-wal", "c.db-shm"):
        Path(f).unlink(missing_ok=True)
    t0 = time.time()
    proc = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    phase, had, first_seen = 0, False, None
    while proc.poll() is None:
        kids = children(proc.pid)
        if kids and not had:   # workers appear: a new phase (1 = file loop, 2 = first reindex pass)
            phase += 1; first_seen = time.time()
        had = bool(kids)
        if phase == target and len(kids) >= 2 and time.time() - first_seen > 0.2:
            break
        time.sleep(0.05)
    if proc.poll() is not None:
        print(f"    attempt {attempt + 1}: the ingest ended (exit {proc.returncode}) before the kill; retrying")
        continue
    kids = children(proc.pid)
    os.kill(proc.pid, signal.SIGKILL); proc.wait()
    print(f"    killed parent {proc.pid} at {time.time() - t0:.1f} s; its descendants then: {len(kids)}")
    time.sleep(5)
    left = [k for k in kids if alive(k)]
    print(f"    => alive 5 s after the kill: {len(left)} " + " ".join(describe(k) for k in left))
    for k in left:  # clean up the orphans this check made
        try:
            os.kill(k, signal.SIGKILL)
        except OSError:
            pass
    break
EOF
  done
  # what the killed ingest left: a query on it, then a rerun against a clean ingest of the same pages
  run "officials --db c.db --top 5 (after the kill in phase 2)" officials --db c.db --top 5
  fact "rows listed: $(grep -c '^│' out)"
  run "ingest many --db c.db --jobs 2 (rerun)" ingest many --db c.db --jobs 2
  "${NC[@]}" ingest many --db clean.db --jobs 2 >/dev/null 2>&1
  "${NC[@]}" officials --db c.db -f json --top 0 >rerun.json 2>/dev/null
  "${NC[@]}" officials --db clean.db -f json --top 0 >clean.json 2>/dev/null
  fact "officials after the rerun equal a clean ingest: $(cmp -s rerun.json clean.json && echo yes || echo NO) ($("$PY" -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' clean.json) officials)"
}

case6() {
  newcase 6 "corpus with the articles table's pages overwritten"
  seedcorpus c.db
  "$PY" - c.db <<'EOF'
import os, sqlite3, sys
db = sys.argv[1]
c = sqlite3.connect(db)
c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
size = c.execute("PRAGMA page_size").fetchone()[0]
pages = [r[0] for r in c.execute("SELECT pageno FROM dbstat WHERE name='articles'")]
c.close()
with open(db, "r+b") as f:
    for n in pages:
        f.seek((n - 1) * size); f.write(os.urandom(size))
print(f"    [overwrote {len(pages)} page(s) of table articles with random bytes (page size {size})]")
EOF
  run "articles --db c.db" articles --db c.db
  run "stats --db c.db" stats --db c.db
  run "reindex --db c.db" reindex --db c.db
  run "officials --db c.db (for comparison)" officials --db c.db
}

case7() {
  newcase 7 "read-only corpus (chattr +i, as root)"
  seedcorpus c.db
  "$PY" -c 'import sqlite3,sys; sqlite3.connect(sys.argv[1]).execute("PRAGMA wal_checkpoint(TRUNCATE)")' c.db
  if chattr +i c.db 2>/dev/null; then
    run "reindex --db c.db" reindex --db c.db
    run "ingest SEEDS --db c.db --jobs 1" ingest "$SEEDS" --db c.db --jobs 1
    chattr -i c.db
  else
    echo "  chattr +i not available here; skipped"
  fi
}

case8() {
  newcase 8 "-o / --plot into a missing folder"
  seedcorpus c.db
  run "officials --db c.db -o missing/a.xlsx" officials --db c.db -o missing/a.xlsx
  mkdir dated; n=1
  for f in "$SEEDS"/*.txt; do cp "$f" "dated/2024-0$n-01.txt"; n=$((n + 1)); done
  "${NC[@]}" ingest dated --db dated.db --jobs 1 >/dev/null 2>&1
  run "timeline 乔俊杰 --db dated.db --plot missing/t.png" timeline 乔俊杰 --db dated.db --plot missing/t.png
  mkdir adir.xlsx
  run "officials --db c.db -o adir.xlsx (a directory)" officials --db c.db -o adir.xlsx
}

case9() {
  newcase 9 "silent emptiness: stale tables, empty folder, lexicon edits"
  seedcorpus c.db
  sql c.db "UPDATE meta SET value='1' WHERE key='entities_stale'" >/dev/null
  fact "meta entities_stale = $(sql c.db "SELECT value FROM meta WHERE key='entities_stale'")"
  run "officials --db c.db (tables marked stale)" officials --db c.db
  mkdir empty
  run "ingest empty --db e.db" ingest empty --db e.db
  fact "summary: $(tail -n1 err)"
  seedcorpus l.db
  "${NC[@]}" officials --db l.db --format json --top 0 >o1.json 2>/dev/null
  fact "before the edit, 乔俊杰 listed: $(grep -q '"乔俊杰"' o1.json && echo yes || echo no)"
  printf '[block]\nofficials = ["乔俊杰"]\n' >lexicon.toml
  run "ingest SEEDS --db l.db (unchanged pages, lexicon.toml now blocks 乔俊杰)" ingest "$SEEDS" --db l.db --jobs 1
  fact "summary: $(tail -n1 err)"
  "${NC[@]}" officials --db l.db --format json --top 0 >o2.json 2>/dev/null
  fact "after the edit, 乔俊杰 listed by officials --format json: $(grep -q '"乔俊杰"' o2.json && echo yes || echo no)"
}

case10() {
  newcase 10 "inputs read as the text was"
  seedcorpus c.db
  run "kwic '，加快锻造新质生产力' --db c.db -f jsonl" kwic '，加快锻造新质生产力' --db c.db -f jsonl
  fact "hits (stdout lines): $(awk 'END{print NR}' out)"
  run "kwic ',加快锻造新质生产力' --db c.db -f jsonl" kwic ',加快锻造新质生产力' --db c.db -f jsonl
  fact "hits (stdout lines): $(awk 'END{print NR}' out)"
  run "articles --search '镇（街道）' --db c.db -f jsonl" articles --search '镇（街道）' --db c.db -f jsonl
  fact "articles (stdout lines): $(awk 'END{print NR}' out)"
  run "articles --search '镇(街道)' --db c.db -f jsonl" articles --search '镇(街道)' --db c.db -f jsonl
  fact "articles (stdout lines): $(awk 'END{print NR}' out)"
  mkdir s t
  printf '[officials]\n"张三" = "区长"\n' >s/lexicon.toml
  run "ingest SEEDS --db s/c.db  (lexicon: \"张三\" = \"区长\")" ingest "$SEEDS" --db s/c.db --jobs 1
  fact "load_user_lexicon reads it as: $(lexicon_as_read s/lexicon.toml)"
  printf '[oficials]\n"张三" = ["区长"]\n' >t/lexicon.toml
  run "ingest SEEDS --db t/c.db  (lexicon: [oficials])" ingest "$SEEDS" --db t/c.db --jobs 1
  fact "load_user_lexicon reads it as: $(lexicon_as_read t/lexicon.toml)"
  run "who '' --db c.db" who '' --db c.db
  fact "stdout lines: $(awk 'END{print NR}' out)"
  run "stats --db /no/such/folder/c.db" stats --db /no/such/folder/c.db
  run "ingest SEEDS --db /no/such/folder/c.db" ingest "$SEEDS" --db /no/such/folder/c.db --jobs 1
}

case11() {
  newcase 11 "MB-sized article as one paragraph vs in paragraphs (--jobs 1)"
  # body: the seed pages' body sentences (no headline, byline or page-break fragment), SIZES11 MB;
  # pages: the whole seed pages with their newlines removed, as benchmarks/run.py builds it, PAGES11 MB
  local kind mb d t0 t1
  for kind in body pages; do
  for mb in $([ $kind = body ] && echo "${SIZES11:-2 5 10}" || echo "${PAGES11:-2 5}"); do
  "$PY" - "$SEEDS" "$mb" "$kind" <<'EOF'
import sys; from pathlib import Path
seeds, size, kind = sorted(Path(sys.argv[1]).glob("*.txt")), int(float(sys.argv[2]) * 1_000_000), sys.argv[3]
body = ""
for p in seeds:
    if kind == "pages":
        body += p.read_text(encoding="utf-8").replace("\n", "")
        continue
    for line in p.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.endswith(("。", "！", "？", "”")) and not any(w in line for w in ("本报讯", "记者", "通讯员")):
            body += line
text = body * (size // len(body.encode()) + 1)
text = text.encode()[:size].decode(errors="ignore")
text = text[: text.rfind("。") + 1]                # end on a full stop
head = "长篇报道\n\n本报讯 (记者 张三) "
one, split = Path(f"{kind}-one{sys.argv[2]}"), Path(f"{kind}-split{sys.argv[2]}")
one.mkdir(); split.mkdir()
(one / "x.txt").write_text(head + text + "\n", encoding="utf-8")
(split / "x.txt").write_text(head + text.replace("。", "。\n") + "\n", encoding="utf-8")
print(f"    [{one}/x.txt: {(one / 'x.txt').stat().st_size} bytes, the body one paragraph; "
      f"{split}/x.txt: the same with a newline after each 。 ({text.count('。')} paragraphs)]")
EOF
  for d in $kind-split$mb $kind-one$mb; do
    t0=$(date +%s.%N)
    timeout "${LIMIT11:-600}" "${NC[@]}" ingest $d --db $d.db --jobs 1 >out 2>err; RC=$?
    t1=$(date +%s.%N)
    if [ $RC = 124 ]; then
      echo "  [ingest $d --db $d.db --jobs 1] stopped after ${LIMIT11:-600} s: > ${LIMIT11:-600} s"
    else
      echo "  [ingest $d --db $d.db --jobs 1] exit=$RC wall=$(printf '%.1f' "$(echo "$t1 - $t0" | bc)") s; $(tail -n1 err)"
    fi
  done
  done
  done
}

for c in $CASES; do "case$c"; done
echo; echo "done; work dir kept: $ROOT"
