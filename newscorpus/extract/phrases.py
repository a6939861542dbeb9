"""Policy phrases: a shipped lexicon, recurring quoted slogans and discovered multi-word phrases.

All three are counted the same way, as exact substrings of headlines and bodies (page breaks
repaired), so a nested phrase (中国式现代化 inside 中国式现代化武进答卷) keeps its own count.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from ..lexicon import UserLexicon, terms

HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_QUOTED = re.compile(f"[“‘\"](?P<q>[{HAN}A-Za-z0-9]{{2,8}})[”’\"](?P<after>[{HAN}]{{0,4}})")
_CLAUSE = re.compile(f"[^{HAN}A-Za-z0-9]+")
# Tokens that cannot open or close a phrase: particles, conjunctions, prepositions, auxiliaries.
_FUNCTION = set("的 了 和 与 及 或 是 在 对 将 要 把 被 为 以 从 向 于 等 并 也 都 还 就 又 而 着 过 之 其 这 那 该 此"
                " 各 每 有 个 中 上 下 内 外 后 前 年 月 日 次 项 家 名 位 进一步 不断 加快 全面 持续 积极 充分 深入"
                " 进行 开展 推进 推动 加强 提升 实现 坚持 围绕 通过 我们 我区 全区 今年 近年来 目前 同时 以及".split())


@dataclass(frozen=True)
class PhraseStats:
    phrase: str
    source: str  # lexicon | quoted | discovered
    count: int
    articles: int
    score: float


def count_in(texts: list[str], phrases: list[str]) -> Counter:
    """Exact substring counts of every phrase in the texts, overlapping phrases counted apart."""
    counts: Counter = Counter()
    by_head: dict[str, list[str]] = defaultdict(list)
    for p in phrases:
        by_head[p[:1]].append(p)
    if not by_head:
        return counts
    heads = re.compile("[" + "".join(re.escape(h) for h in by_head) + "]")
    for text in texts:
        for m in heads.finditer(text):
            for p in by_head[m.group(0)]:
                if text.startswith(p, m.start()):
                    counts[p] += 1
    return counts


def quoted_slogans(article_texts: list[list[str]], min_articles: int = 2) -> list[str]:
    """Quoted slogans that recur in several articles, written with the word they qualify where
    they mostly stand before one (“两湖”创新区); a generic word (工作, 活动) is no qualifier."""
    from ..segment import idf

    idf_table, idf_median = idf()
    articles: dict[str, set[int]] = defaultdict(set)
    seen: Counter = Counter()
    tails: dict[str, Counter] = defaultdict(Counter)
    for doc, texts in enumerate(article_texts):
        for text in texts:
            for m in _QUOTED.finditer(text):
                quoted = m.group(0)[: len(m.group("q")) + 2]
                articles[m.group("q")].add(doc)
                seen[quoted] += 1
                after = m.group("after")
                for k in range(1, len(after) + 1):
                    tails[quoted][after[:k]] += 1
    out = []
    for q, docs in articles.items():
        if len(docs) < min_articles:
            continue
        qualified = []
        for quoted, n in seen.items():
            if quoted[1:-1] != q:
                continue
            best = max((t for t, c in tails[quoted].items() if c >= max(2, n / 2)), key=len, default="")
            if len(best) >= 2 and idf_table.get(best, idf_median) >= idf_median:
                qualified.append((quoted + best, tails[quoted][best]))
        bare = sum(n for quoted, n in seen.items() if quoted[1:-1] == q)
        out.extend(p for p, _ in qualified)
        if sum(c for _, c in qualified) * 2 < bare:
            out.append(q)
    return out


# A phrase does not end in a name, place, number, time or function word, nor open with a function word.
_BAD_LAST = {"nr", "nrfg", "nrt", "ns", "m", "mq", "q", "t", "r", "p", "c", "u", "uj", "ul", "d", "f", "x", "eng"}
_BAD_FIRST = {"p", "c", "u", "uj", "ul", "r", "m", "mq", "q", "f", "d", "x"}


def discovered(token_lists: list[list[list[tuple[str, str]]]], blocked: set[str], *, min_count: int = 3,
               min_articles: int = 2) -> list[tuple[str, float]]:
    """Multi-token phrases that recur, hold together and stand free, and are rare in general text.

    token_lists: per article, its clauses as (token, POS tag) lists. Scores combine cohesion (PMI of the
    phrase against its tokens), boundary freedom (left and right branching entropy) and keyness
    (mean IDF of the tokens in jieba's background corpus).
    """
    from ..segment import idf

    idf_table, idf_median = idf()
    grams: Counter = Counter()
    docs: dict[str, set[int]] = defaultdict(set)
    left: dict[str, Counter] = defaultdict(Counter)
    right: dict[str, Counter] = defaultdict(Counter)
    unigrams: Counter = Counter()
    total = 0
    for doc, clauses in enumerate(token_lists):
        for tagged in clauses:
            tokens = [w for w, _ in tagged]
            tags = [t for _, t in tagged]
            unigrams.update(tokens)
            total += len(tokens)
            for n in (2, 3, 4):
                for i in range(len(tokens) - n + 1):
                    gram = tokens[i:i + n]
                    if gram[0] in _FUNCTION or gram[-1] in _FUNCTION or len(gram[0]) < 2 and len(gram[-1]) < 2:
                        continue
                    if tags[i + n - 1] in _BAD_LAST or tags[i] in _BAD_FIRST:
                        continue
                    text = "".join(gram)
                    if not 4 <= len(text) <= 12:
                        continue
                    key = "\x00".join(gram)
                    grams[key] += 1
                    docs[key].add(doc)
                    # a clause boundary or a one-character token (好, 的, 在) is a free boundary:
                    # each counts as a neighbour of its own
                    before = tokens[i - 1] if i else ""
                    after = tokens[i + n] if i + n < len(tokens) else ""
                    left[key][before if len(before) > 1 else f"^{grams[key]}"] += 1
                    right[key][after if len(after) > 1 else f"${grams[key]}"] += 1
    out = []
    for key, n in grams.items():
        if n < min_count or len(docs[key]) < min_articles:
            continue
        tokens = key.split("\x00")
        text = "".join(tokens)
        if any(b in text for b in blocked) or any(t in blocked for t in tokens):
            continue
        pmi = math.log(n * total ** (len(tokens) - 1) / math.prod(unigrams[t] for t in tokens)) / len(tokens)
        entropy = min(_entropy(left[key]), _entropy(right[key]))
        keyness = sum(idf_table.get(t, idf_median) for t in tokens) / len(tokens)
        if pmi < 2.0 or entropy < min(1.0, 0.5 * math.log(n)) or keyness < idf_median * 0.75:
            continue
        out.append((text, round(pmi * (1 + entropy) * keyness / 10, 3)))
    return out


def _entropy(counter: Counter) -> float:
    total = sum(counter.values())
    return -sum(c / total * math.log(c / total) for c in counter.values()) if total else 0.0


def fold_nested(candidates: list[str], longer: list[str], texts: list[str]) -> set[str]:
    """Candidates that never occur outside a longer phrase: they are folded into it."""
    folded = set()
    for p in candidates:
        hosts = [q for q in longer if p in q and p != q]
        if not hosts:
            continue
        outside = False
        for text in texts:
            covered = set()
            for q in hosts:
                start = text.find(q)
                while start >= 0:
                    offset = q.find(p)
                    while offset >= 0:
                        covered.add(start + offset)
                        offset = q.find(p, offset + 1)
                    start = text.find(q, start + 1)
            start = text.find(p)
            while start >= 0 and not outside:
                outside = start not in covered
                start = text.find(p, start + 1)
            if outside:
                break
        if not outside:
            folded.add(p)
    return folded


def index_phrases(arts, lexicon: UserLexicon | None = None, *, jobs: int | None = None,
                  blocked: set[str] | None = None):
    """Rows for the phrases and phrase_mentions tables."""
    from ..segment import cut_tagged

    lexicon = lexicon or UserLexicon()
    not_phrases = set(lexicon.not_phrases)
    lex = [p for p in dict.fromkeys(terms("policy_phrases") + tuple(lexicon.phrases)) if p not in not_phrases]
    texts_of = {a.id: a.texts for a in arts}
    all_texts = [t for ts in texts_of.values() for t in ts]
    quoted = [q for q in quoted_slogans(list(texts_of.values())) if q not in not_phrases and q not in lex]
    user_words = tuple(lex + [q.strip("“”‘’\"") for q in quoted])
    token_lists = [[cut_tagged(clause, user_words) for t in texts for clause in _CLAUSE.split(t) if clause]
                   for texts in texts_of.values()]
    # names (and their first two characters: 区长恽淇), posts and organs never make a phrase
    stop = set(blocked or ()) | {b[:2] for b in blocked or () if len(b) >= 3} | set(terms("posts")) | set(terms("organs"))
    found = [(p, s) for p, s in discovered(token_lists, stop)
             if p not in not_phrases and p not in lex and p not in quoted]
    source = {p: "lexicon" for p in lex} | {q: "quoted" for q in quoted} | {p: "discovered" for p, _ in found}
    score = {p: s for p, s in found}
    counts: dict[str, Counter] = {}
    for art_id, texts in texts_of.items():
        for p, n in count_in(texts, list(source)).items():
            counts.setdefault(p, Counter())[art_id] = n
    stats = {p: (sum(c.values()), len(c)) for p, c in counts.items()}
    candidates = [p for p in source if source[p] != "lexicon" and p in stats]
    folded = fold_nested(candidates, [p for p in stats], all_texts)
    rows, mention_rows = [], []
    for p, src in source.items():
        if p in folded or (src != "lexicon" and p not in stats):
            continue
        count, n_articles = stats.get(p, (0, 0))
        rows.append((p, src, count, n_articles, score.get(p, 0.0)))
        mention_rows.extend((p, art_id, n) for art_id, n in counts.get(p, {}).items())
    return rows, mention_rows
