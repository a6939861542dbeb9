"""Policy phrases: a shipped lexicon, recurring quoted slogans and discovered multi-word phrases.

All three are counted the same way, as exact substrings of headlines and bodies (page breaks
repaired), so a nested phrase (中国式现代化 inside 中国式现代化某地答卷) keeps its own count.
"""
from __future__ import annotations

import hashlib
import itertools
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from operator import itemgetter
from typing import Iterable, Iterator

from ..lexicon import UserLexicon, terms
from ..patterns import HAN, alternation
from ..tally import add_signed

_QUOTED = re.compile(f"[“‘\"](?P<q>[{HAN}A-Za-z0-9]{{2,8}})[”’\"](?P<after>[{HAN}]{{0,4}})")
_CLAUSE = re.compile(f"[^{HAN}A-Za-z0-9]+")
# Tokens that cannot open or close a phrase: particles, conjunctions, prepositions, auxiliaries.
_FUNCTION = set("的 了 和 与 及 或 是 在 对 将 要 把 被 为 以 从 向 于 等 并 也 都 还 就 又 而 着 过 之 其 这 那 该 此"
                " 各 每 有 个 中 上 下 内 外 后 前 年 月 日 次 项 家 名 位 进一步 不断 加快 全面 持续 积极 充分 深入"
                " 进行 开展 推进 推动 加强 提升 实现 坚持 围绕 通过 我们 我区 全区 今年 近年来 目前 同时 以及".split())


class QuotedStats:
    """Counts of quoted strings and what follows them, mergeable across chunks of articles."""

    def __init__(self):
        self.articles: Counter = Counter()  # bare quoted text -> number of articles
        self.seen: Counter = Counter()  # quoted with its marks -> occurrences
        self.tails: dict[str, Counter] = defaultdict(Counter)

    def add(self, texts: list[str]) -> None:
        """Add one article's texts."""
        inside: set[str] = set()
        for text in texts:
            for m in _QUOTED.finditer(text):
                quoted = m.group(0)[: len(m.group("q")) + 2]
                inside.add(m.group("q"))
                self.seen[quoted] += 1
                after = m.group("after")
                for k in range(1, len(after) + 1):
                    self.tails[quoted][after[:k]] += 1
        self.articles.update(inside)

    def merge(self, other: "QuotedStats", sign: int = 1) -> None:
        """Add another's counts (sign -1: take them away, as when articles leave the corpus)."""
        add_signed(self.articles, other.articles, sign)
        add_signed(self.seen, other.seen, sign)
        for quoted, tails in other.tails.items():
            mine = self.tails[quoted]
            add_signed(mine, tails, sign)
            if not mine:
                del self.tails[quoted]

    def select(self, min_articles: int = 2) -> list[str]:
        """Quoted slogans that recur in several articles, written with the word they qualify where
        they mostly stand before one (“两湖”创新区); a generic word (工作, 活动) is no qualifier, nor
        what opens with a particle or preposition (“两个确立”的决定性意义: a noun phrase of its own)."""
        from ..segment import idf

        marked: dict[str, list[tuple[str, int]]] = defaultdict(list)  # bare text -> its quoted forms, sorted
        for quoted, n in sorted(self.seen.items()):
            marked[quoted[1:-1]].append((quoted, n))
        chosen = sorted(q for q, n in self.articles.items() if n >= min_articles)
        best = {quoted: _usual_tail(self.tails.get(quoted, {}), n) for q in chosen for quoted, n in marked.get(q, ())}
        idf_table, idf_median = idf()
        out = []
        for q in chosen:
            qualified = []
            for quoted, _ in marked.get(q, ()):
                tail = best[quoted]
                if len(tail) >= 2 and idf_table.get(tail, idf_median) >= idf_median and _opens_word(tail):
                    qualified.append((quoted + tail, self.tails[quoted][tail]))
            bare = sum(n for _, n in marked.get(q, ()))
            out.extend(p for p, _ in qualified)
            if sum(c for _, c in qualified) * 2 < bare:
                out.append(q)
        return out


def _usual_tail(tails: dict[str, int], n: int) -> str:
    """The longest tail a quoted form has at least half of the times it is seen (at least twice)."""
    return max((t for t, c in tails.items() if c >= max(2, n / 2)), key=len, default="")


def _opens_word(tail: str) -> bool:
    from ..segment import cut_tagged

    first, tag = cut_tagged(tail)[0]
    return first not in _FUNCTION and tag not in _BAD_FIRST


# A phrase does not end in a name, place, number, time or function word, nor open with a function word.
_BAD_LAST = {"nr", "nrfg", "nrt", "ns", "m", "mq", "q", "t", "r", "p", "c", "u", "uj", "ul", "d", "f", "x", "eng"}
_BAD_FIRST = {"p", "c", "u", "uj", "ul", "r", "m", "mq", "q", "f", "d", "x"}


def drop_blocked(scored: list[tuple[tuple[str, ...], float]], blocked: set[str]) -> list[tuple[str, float]]:
    """(phrase, score) for the scored n-grams that neither are made of nor contain a blocked word."""
    out = []
    for key, score in scored:
        text = "".join(key)
        if any(t in blocked for t in key) or not blocked.isdisjoint(_substrings(text)):
            continue
        out.append((text, score))
    return out


def scored_ngrams(token_lists: Iterable[list[list[tuple[str, str]]]], *, min_count: int = 3,
                  min_articles: int = 2, prune_at: int = 500_000) -> list[tuple[tuple[str, ...], float]]:
    """Multi-token phrases that recur, hold together and stand free, and are rare in general text.

    token_lists: per article, its clauses as (token, POS tag) lists; read twice. Scores combine
    cohesion (PMI of the phrase against its tokens), boundary freedom (left and right branching
    entropy) and keyness (mean IDF of the tokens in jieba's background corpus). Candidates are
    counted with lossy pruning (grams seen once are dropped when the table grows past
    `prune_at`), which bounds memory; the counts reported for a phrase are exact substring
    counts made afterwards, so pruning can only cost a borderline candidate, never a count.
    """
    from ..segment import idf

    idf_table, idf_median = idf()
    token_lists = token_lists if isinstance(token_lists, list) else list(token_lists)
    grams: Counter = Counter()
    docs: Counter = Counter()  # articles each gram is in
    for clauses in token_lists:
        keys = [key for tagged in clauses for _, _, key in _grams(tagged)]
        grams.update(keys)  # one update per article: Counter counts a list in C
        docs.update(set(keys))
        if len(grams) > prune_at:
            for key in [k for k, c in grams.items() if c == 1]:
                del grams[key], docs[key]
    unigrams = Counter(w for clauses in token_lists for tagged in clauses for w, _ in tagged)
    keep = {k for k, n in grams.items() if n >= min_count and docs[k] >= min_articles}
    lefts, rights = [], []  # (gram, neighbour) per occurrence, counted at once below
    free = itertools.count()
    firsts = {key[0] for key in keep}
    for clauses in token_lists:
        for tagged in clauses:
            if firsts.isdisjoint(map(itemgetter(0), tagged)):
                continue  # no kept gram can start in this clause
            for i, n, key in _grams(tagged):
                if key in keep:
                    # a clause boundary or a one-character token (好, 的, 在) is a free boundary:
                    # each counts as a neighbour of its own (a number no token equals)
                    before = tagged[i - 1][0] if i else ""
                    after = tagged[i + n][0] if i + n < len(tagged) else ""
                    lefts.append((key, before if len(before) > 1 else next(free)))
                    rights.append((key, after if len(after) > 1 else next(free)))
    left, right = _neighbours(lefts), _neighbours(rights)
    total = sum(unigrams.values())
    out = []
    for key in keep:
        n = grams[key]
        pmi = math.log(n * total ** (len(key) - 1) / math.prod(unigrams[t] for t in key)) / len(key)
        entropy = min(_entropy(left[key]), _entropy(right[key]))
        if pmi < 2.0 or entropy < min(1.0, 0.5 * math.log(n)):
            continue
        keyness = sum(idf_table.get(t, idf_median) for t in key) / len(key)  # looked up for the few left
        if keyness < idf_median * 0.75:
            continue
        out.append((key, round(pmi * (1 + entropy) * keyness / 10, 3)))
    return sorted(out, key=lambda ks: ("".join(ks[0]), ks[1]))


def _substrings(text: str) -> Iterator[str]:
    return (text[i:j] for i in range(len(text)) for j in range(i + 1, len(text) + 1))


def _grams(tagged: list[tuple[str, str]]) -> Iterator[tuple[int, int, tuple[str, ...]]]:
    """Candidate token n-grams (2-4 tokens, 4-12 characters) with sound first and last tokens."""
    size = len(tagged)
    words = [w for w, _ in tagged]
    for i in range(size - 1):
        first, first_tag = tagged[i]
        if first in _FUNCTION or first_tag in _BAD_FIRST:
            continue
        length = len(first)
        for n in (2, 3, 4):
            if i + n > size:
                break
            last, last_tag = tagged[i + n - 1]
            length += len(last)
            if length > 12:
                break
            if length < 4 or last in _FUNCTION or last_tag in _BAD_LAST or (len(first) < 2 and len(last) < 2):
                continue
            yield i, n, tuple(words[i:i + n])


def _neighbours(pairs: list[tuple]) -> dict[tuple, dict]:
    """gram -> {neighbour: occurrences}, neighbours in the order first seen (as counting them one
    by one into a Counter per gram would give, so entropies are summed in the same order)."""
    out: dict[tuple, dict] = defaultdict(dict)
    for (key, neighbour), n in Counter(pairs).items():
        out[key][neighbour] = n
    return out


def _entropy(counter: Counter | dict) -> float:
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


# Discovery reads at most this many characters (an even sample of articles): phrases worth
# listing recur, so a sample finds them, and their counts are then made exactly on every article.
SAMPLE_CHARS = 400_000


def sample_step(total_chars: int, budget: int = SAMPLE_CHARS) -> int:
    """Sample about one article in k, k a power of two, so that the sample fits the budget.

    Articles are picked by a hash of their text (see in_sample), not by their place in the
    corpus, so that adding pages adds to the sample rather than reshuffling it; with k a power of
    two a growing corpus's sample at 2k is a subset of the one at k.
    """
    if total_chars <= budget:
        return 1
    return 1 << math.ceil(math.log2(total_chars / budget))


def text_key(texts: list[str]) -> int:
    """A stable 64-bit hash of an article's texts (its identity in the discovery sample)."""
    return int.from_bytes(hashlib.blake2b("\n".join(texts).encode("utf-8"), digest_size=8).digest(), "big")


def in_sample(key: int, step: int) -> bool:
    return key % step == 0


@dataclass
class Findings:
    """What phrase discovery found before names are known: see discover_phrases."""

    lexicon: list[str]
    slogans: list[str]
    scored: list[tuple[tuple[str, ...], float]]
    not_phrases: set[str]


def discover_phrases(quoted: QuotedStats, sample: list[list[str]], step: int,
                     lexicon: UserLexicon | None = None) -> Findings:
    """The slow part of choosing phrases (segmenting the sample, scoring n-grams). It needs no
    names, so reindex runs it while officials and enterprises are decided."""
    from ..segment import cut_tagged

    lexicon = lexicon or UserLexicon()
    not_phrases = set(lexicon.not_phrases)
    lex = [p for p in dict.fromkeys(terms("policy_phrases") + tuple(lexicon.phrases)) if p not in not_phrases]
    slogans = [q for q in quoted.select() if q not in not_phrases and q not in lex]
    user_words = tuple(lex + [q.strip("“”‘’\"") for q in slogans])
    token_lists = [[cut_tagged(clause, user_words) for t in texts for clause in _CLAUSE.split(t) if clause]
                   for texts in sample]
    scored = scored_ngrams(token_lists, min_count=max(3, round(3 * step)), min_articles=max(2, round(2 * step)))
    labels = _labels(["".join(k) for k, _ in scored] + slogans, sample)
    scored = [(k, v) for k, v in scored if "".join(k) not in labels and not _idiom_or_date(k) and not _event(k)]
    slogans = [q for q in slogans if q not in labels and not _idiom_or_date((q,))]
    return Findings(lex, slogans, scored, not_phrases)


_LABEL_END = re.compile("[:：]|$")


def _labels(candidates: list[str], sample: list[list[str]]) -> set[str]:
    """Programme and column labels (央视快评:…, 国内联播快讯): phrases written mostly at the head of a
    line, ending it or followed by a colon, which name a slot of the paper or broadcast, not a policy."""
    if not candidates:
        return set()
    regex = re.compile(alternation(candidates))
    at_head: Counter = Counter()
    seen: Counter = Counter()
    for texts in sample:
        for text in texts:
            for m in regex.finditer(text):
                seen[m.group(0)] += 1
                if m.start() <= 2 and _LABEL_END.match(text, m.end()):
                    at_head[m.group(0)] += 1
    return {p for p, n in at_head.items() if n * 2 >= seen[p]}


def _event(tokens: tuple[str, ...]) -> bool:
    """A phrase that names an event (…记者见面会, …签约仪式: event_words.txt) is no policy formulation."""
    return "".join(tokens).endswith(tuple(terms("event_words")))


def _idiom_or_date(tokens: tuple[str, ...]) -> bool:
    """A single four-character idiom (行稳致远) or a holiday or date (五一) is no policy formulation."""
    from ..segment import cut_tagged

    if len(tokens) != 1:
        text = "".join(tokens)
        tagged = cut_tagged(text)
        if not any(tag[:1] in ("n", "j", "l") or tag == "vn" for _, tag in tagged):
            return True  # 行稳|致远: no noun, a manner of saying rather than a formulation
        return len(tagged) == 1 and tagged[0][1] in ("i", "t", "m")
    tagged = cut_tagged(tokens[0])
    return len(tagged) == 1 and tagged[0][1] in ("i", "t", "m", "mq")


def choose_phrases(findings: Findings, blocked: set[str] | None = None) -> tuple[dict[str, str], dict[str, float]]:
    """Every phrase to count, with its source (lexicon, quoted, discovered), and discovery scores."""
    blocked = blocked or set()
    # names (and any two characters of them: 区长恽淇), posts and organs never make a phrase
    stop = set(blocked) | {b[i:i + 2] for b in blocked if len(b) >= 3 for i in range(len(b) - 1)} \
        | set(terms("posts")) | set(terms("organs"))
    lex, slogans = findings.lexicon, findings.slogans
    found = [(p, s) for p, s in drop_blocked(findings.scored, stop)
             if p not in findings.not_phrases and p not in lex and p not in slogans]
    # a discovered phrase made of two listed ones (新时代新征程 of 新时代 and 新征程) or of a verb and a
    # listed one (构建新发展格局 of 新发展格局) repeats them: the parts are listed, not the sum
    listed = set(lex) | set(slogans)
    found = [(p, sc) for p, sc in found if not _near_duplicate(p, listed)]
    source = {p: "lexicon" for p in lex} | {q: "quoted" for q in slogans} | {p: "discovered" for p, _ in found}
    return source, dict(found)


def _near_duplicate(phrase: str, listed: set[str]) -> bool:
    for i in range(2, len(phrase) - 1):
        head, tail = phrase[:i], phrase[i:]
        if head in listed and tail in listed:
            return True
    from ..segment import cut_tagged

    tagged = cut_tagged(phrase)
    if len(tagged) >= 2 and tagged[0][1][:1] in ("v", "d") and phrase[len(tagged[0][0]):] in listed:
        return True  # 构建|新发展格局
    head = phrase[: -len(tagged[-1][0])] if len(tagged) >= 2 else ""
    # 民族复兴|伟业: a listed phrase of four or more characters and one more common noun
    return len(head) >= 4 and head in listed and tagged[-1][1] == "n" and len(tagged[-1][0]) == 2
