"""Write N realistic pages for benchmarks, with the true count of every substituted name.

    python benchmarks/make_corpus.py N OUT/ [--gold ../shared/gold] [--seed 1]

Pages recombine the articles of the hand-checked seed pages (headlines, bylines, bodies with their
page breaks), tear more paragraphs at random places, and replace every official, reporter,
enterprise core and the district name with names drawn from generated pools (20 districts, each
with its own officials, so names recur across pages as they do in a real paper). Files are dated
over several years (OUT/YYYY/MM/DD/NN.txt), one in five written in GB18030. OUT/truth.json holds
the number of times each substituted official and enterprise was written, to check counts at scale,
and every other name the tool may report (reporters, seed enterprises left as written): a reported
official or enterprise that is in none of these is an error of the tool (benchmarks/run.py).
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newscorpus.extract.enterprises import core  # noqa: E402
from newscorpus.lexicon import dictionary_words  # noqa: E402
from newscorpus.pages import read_page  # noqa: E402
from newscorpus.parse import parse_page  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华辉鹏飞玲宇浩凯健俊帆帅旭宁龙林欣佳晨阳博文斌波亮嘉琪昊泽轩睿晓峰蕾雪婷倩颖琳慧志忠毅"
CORE = "瑞丰泰恒盛鑫隆昌鼎华宏达源德康润嘉凯联诚信安欣益远航晟科锐豪祥福禄伦爵峻辰煜炜铭钧锦绮骏麒璟琦珂瀚淼沛溢渊澜霖霆雯翔翰羿"
PLACE = "临江云溪青阳南湖北塘东岭西山金坛清河平川长安"
SLOT = re.compile(r"\{([ORE]):(\d+)\}|\{PLACE\}")
WORDS = dictionary_words()
KEPT: set[str] = set()  # seed enterprises left unsubstituted (doubtful ones): in the truth, uncounted


def article_blocks(gold_dir: Path, seeds: Path) -> list[dict]:
    """Each gold article as raw text with its names replaced by slots, and the slots it holds."""
    blocks = []
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        raw = read_page(seeds / gold["file"]).text
        page = parse_page(raw)
        officials = sorted((o["name"] for o in gold["officials"]), key=len, reverse=True)
        reporters = sorted({p["name"] for p in gold["other_people"]}, key=len, reverse=True)
        enterprises = []
        for ent in gold["enterprises"]:
            if ent.get("doubtful") or ent["canonical"] not in raw and ent["canonical"] not in ent["surface_forms"] \
                    or not all(f in raw for f in ent["surface_forms"]):
                # left as written: the tool may report it under any of its forms
                KEPT.update([ent["canonical"], *ent["surface_forms"]])
                continue
            enterprises.append((ent["canonical"], core(ent["canonical"]), sorted(ent["surface_forms"], key=len, reverse=True)))
        for article in page.articles:
            text = raw[article.start:article.end]
            for i, name in enumerate(officials):
                text = text.replace(name, f"{{O:{i}}}")
            for i, name in enumerate(reporters):
                text = text.replace(name, f"{{R:{i}}}")
            for i, (_, c, forms) in enumerate(enterprises):
                for form in forms:
                    text = text.replace(form, form.replace(c, f"{{E:{i}}}") if c in form else f"{{E:{i}}}")
            text = text.replace("武进", "{PLACE}")
            blocks.append({"page": gold["file"], "text": text, "enterprises": [(e[0], e[1]) for e in enterprises],
                           "sizes": (len(officials), len(reporters), len(enterprises))})
    # Every (seed page, slot) gets a pool index of its own, so two seed names never share a new one.
    offsets, base = {}, [0, 0, 0]
    for block in blocks:
        if block["page"] not in offsets:
            offsets[block["page"]] = tuple(base)
            base = [b + n for b, n in zip(base, block["sizes"])]
    for block in blocks:
        block["offsets"] = offsets[block["page"]]
    return blocks


def tear(text: str, rng: random.Random) -> str:
    """Insert a page break into one long body paragraph, away from its ends and from slots."""
    lines = text.split("\n")
    long = [i for i, line in enumerate(lines) if len(line) > 80 and not line.startswith("本报讯")]
    if not long:
        return text
    i = rng.choice(long)
    line = lines[i]
    for _ in range(10):
        cut = rng.randrange(20, len(line) - 5)
        if not any(m.start() < cut < m.end() for m in SLOT.finditer(line)):
            lines[i] = line[:cut] + "\n\n" + line[cut:]
            break
    return "\n".join(lines)


class Pools:
    """Generated names: 20 districts, each with its officials, reporters and enterprise cores."""

    def __init__(self, rng: random.Random, districts: int = 20, per: int = 80):
        used: set[str] = set()

        def person() -> str:
            while True:
                name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
                if name not in used and name not in WORDS:
                    used.add(name)
                    return name

        def unique(chars: str, n: int) -> str:
            while True:
                word = "".join(rng.sample(chars, n))
                # an everyday word (渊源) is no company core the tool should count alone: not drawn
                if word not in used and word not in WORDS:
                    used.add(word)
                    return word

        self.places = [unique(PLACE, 2) for _ in range(districts)]
        self.officials = [[person() for _ in range(per)] for _ in range(districts)]
        self.reporters = [[person() for _ in range(per)] for _ in range(districts)]
        self.cores = [[unique(CORE, 2) for _ in range(per)] for _ in range(districts)]


def fill(block: dict, district: int, pools: Pools, truth: dict) -> str:
    """Replace a block's slots with the district's names, counting what is written."""
    def sub(m: re.Match) -> str:
        if m.group(0) == "{PLACE}":
            return pools.places[district]
        kind = m.group(1)
        i = int(m.group(2)) + block["offsets"]["ORE".index(kind)]
        if kind == "O":
            name = pools.officials[district][i]
            truth["officials"][name] += 1
            return name
        if kind == "R":
            truth["not_officials"][pools.reporters[district][i]] += 1
            return pools.reporters[district][i]
        return pools.cores[district][i]

    text = SLOT.sub(sub, block["text"])
    for j, (canonical, c) in enumerate(block["enterprises"]):
        slot = f"{{E:{j}}}"
        if slot in block["text"]:
            i = j + block["offsets"][2]
            name = canonical.replace(c, pools.cores[district][i]).replace("武进", pools.places[district])
            truth["enterprises"][name] += block["text"].count(slot)
    return text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pages", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "gold")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    blocks = article_blocks(args.gold, ROOT / "seeds")
    pools = Pools(rng)
    truth = {"officials": Counter(), "enterprises": Counter(), "not_officials": Counter(), "pages": 0, "articles": 0,
             "bytes": 0}
    start = date(2019, 1, 1)
    args.out.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()
    for n in range(args.pages):
        while True:  # no page twice: the corpus stores the same content once, and the truth would count it twice
            counts = {"officials": Counter(), "enterprises": Counter(), "not_officials": Counter()}
            district = rng.randrange(len(pools.places))
            chosen = rng.sample(blocks, rng.randint(3, 6))
            text = "\n\n".join(tear(fill(b, district, pools, counts), rng) if rng.random() < 0.5
                               else fill(b, district, pools, counts) for b in chosen) + "\n"
            if text not in seen:
                break
        seen.add(text)
        for key, counter in counts.items():
            truth[key].update(counter)
        day = start + timedelta(days=n // 4)
        path = args.out / f"{day:%Y/%m/%d}" / f"{n % 4 + 1:02d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("gb18030" if rng.random() < 0.2 else "utf-8")
        path.write_bytes(data)
        truth["pages"] += 1
        truth["articles"] += len(chosen)
        truth["bytes"] += len(data)
    # every name the tool may report: the substituted officials and enterprises (with their true
    # counts), the reporters it must not list as officials, and the seed enterprises left as written
    truth["kept_enterprises"] = sorted(KEPT)
    (args.out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{truth['pages']} pages, {truth['articles']} articles, {truth['bytes'] / 1e6:.1f} MB -> {args.out}")


if __name__ == "__main__":
    main()
