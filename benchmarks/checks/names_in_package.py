"""Search newscorpus/ for person and enterprise names of the hand-checked gold files.

    python benchmarks/checks/names_in_package.py ../shared/gold ../shared/real/gold

Besides each full name, an enterprise's core is tried (legal form and group words taken off, a
leading country or province word dropped) with its first two and four characters, so that a short
form in a comment or a lexicon is caught too; heads that are place or country words of the shipped
lexicons (江苏, 美国) are not tried. Prints every hit as file:line, to be read by hand (a national
formulation such as 习近平新时代中国特色社会主义思想 holds a name and is a policy phrase).
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent.parent / "newscorpus"
LEGAL = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|分公司|集团|公司)+$")
LEADING = re.compile(r"^(?:中国|[\u4e00-\u9fff]{2,3}?省)")


def place_words() -> set[str]:
    words: set[str] = set()
    for name in ("regions.txt", "countries.txt"):
        for line in (PACKAGE / "data" / name).read_text(encoding="utf-8").splitlines():
            if not line.startswith("#"):
                words.update(line.split())
    return words


def gold_names(folders: list[Path]) -> set[str]:
    names: set[str] = set()
    places = place_words()
    for path in (p for folder in folders for p in sorted(folder.glob("*.json"))):
        gold = json.loads(path.read_text(encoding="utf-8"))
        names.update(p["name"] for key in ("officials", "other_people") for p in gold.get(key, []))
        for ent in gold.get("enterprises", []):
            for form in [ent.get("canonical", ""), *ent.get("surface_forms", {})]:
                names.add(form)
                core = LEADING.sub("", LEGAL.sub("", form))
                if len(core) >= 3:
                    names.update(h for h in (core[:2], core[:4]) if h not in places and not h.isascii())
    return {n for n in names if len(n) >= 2}


def main() -> int:
    names = gold_names([Path(a) for a in sys.argv[1:]])
    hits = 0
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix not in (".py", ".txt", ".toml", ".json", ".md") or not path.is_file():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for name in sorted(n for n in names if n in line):
                print(f"{path.relative_to(PACKAGE.parent)}:{number}: [{name}] {line.strip()[:100]}")
                hits += 1
    print(f"{len(names)} strings from {len(sys.argv) - 1} gold folders checked, {hits} hits")
    return 0


if __name__ == "__main__":
    sys.exit(main())
