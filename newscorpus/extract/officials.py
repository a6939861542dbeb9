"""Officials: person names anchored on titles and lists, resolved across the corpus.

Extraction runs in two steps so that counts do not depend on ingest order: `candidates()` reads
one text and returns every titled, listed or postfixed occurrence with the name lengths it allows;
`choose()` looks at all occurrences of the corpus at once and decides each name's length from
evidence (a name seen whole in a `、` list beats a longer guess such as 王岩应 in 副区长王岩应邀参加).

The rules, each applied here and tested in tests/extract/test_officials.py:

* **Titles before a name** (`市委常委、区委书记张三`). A title ends in a post word (posts.txt, and
  foreign_posts.txt, executive_posts.txt, expert_posts.txt, other_posts.txt for the other roles);
  its left edge is found by segmenting the text before the post word and stopping at the last
  word that cannot belong to a title: punctuation, a verb or link word (boundary_words.txt:
  会见, 陪同, 和, 应 ...) or a function word. So organ and place prefixes stay whole
  (`国家市场监管总局局长`, `四川某某高新区生物产业局党组书记`) and no place is cut mid-word. A `、` joins
  titles only where the text before it ends in a post word; `兼` joins two posts into one title.
* **Roles.** The longest post word ending a title gives its role; a title that names a company,
  a research or teaching institution, a medium or an international body (institution_words.txt,
  international_orgs.txt) is an executive's, an expert's or an other person's, not an
  official's (`某某电子有限公司党支部书记、董事长` is an executive). `代表` is an official's title only
  with a congress or CPPCC organ (`全国人大代表`) or written after the name.
* **Foreign office-holders.** A title naming a country other than China (countries.txt), an organ
  found only abroad (foreign_organs.txt: 参议院, 国会 ...) or a post held only abroad
  (foreign_posts.txt: 总统, 首相, 国王, 大臣 ...) is foreign. A title with no place of its own that
  follows a titled name in the same run (`某国总理A,外交部部长B`, `某市委书记A和市长B`) inherits
  that one's place and foreign flag. A foreign name is any run of 2 to 8 characters (with or
  without `·`), its end decided by evidence like any other name.
* **Titles after the name**: `X总书记`, `X主席`, `X总理`, `X首相`, `X国王`, `X代表` (only before
  punctuation or a verb of speech, never `X代表中央…`: there 代表 is a verb). The name is read
  from the segmentation of the text before it, so it never starts inside a word (`…共和国主席`
  gives no name `和国`) and a country or place is never a name (`马来西亚总理`).
* **Lists.** A title before a `、` list is shared by each item (`全国政协副主席A、B、C`); a post
  or a group word after a list with `等` is too (`A、B、C等五位副首相`, `A、B等陪同人员`,
  `A、B等6位委员`); group labels before a list (`区领导A、B`) give group and place.
* **Names.** A Chinese name is a surname (surnames.txt) and one or two characters; it never ends
  in a place suffix (`政协某州市长安区委员会` gives no official `安区`) and never opens with a
  function word (`总书记关于党的…`). Every occurrence of a known official's name counts as a mention
  (`count_mentions`), also with no separator between names (`张某某李某某王某某出席`).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Iterator, NamedTuple

from ..lexicon import dictionary_words, leading_title, surnames, terms
from ..patterns import HAN, alternation
from ..segment import cut, cut_tagged

# Characters that never open a place name: they end a clause before a title (会议由|区人大常委会主任).
_STOP = "由在对向与和及的了是为将把被从到于等会议并或且而同跟率请让使给经据按以"
_LINK_CHARS = set("和与及同向对在为于把将被从跟应")
_NOT_IN_NAME = set("的了在和与及等是为对向从到将把被之其并或且而")
_CLAUSE_END = ",，。;；:：!！?？()（）“”‘’《》【】\n—…"
# Punctuation a title never spans: the search for its left edge stops there.
_TITLE_STOPS = set(",，。;；:：!！?？()（）“”‘’\"《》【】\n—…")
_LABEL_STOPS = _TITLE_STOPS | {" "}
_CLAUSE_MARK = re.compile("[" + re.escape(_CLAUSE_END) + "]")
_TITLE_REACH = 40  # characters looked back from a post word for the start of its title chain
_FOREIGN_NAME = 8  # longest foreign name read after a title (Han characters, `·` not counted)
_LIST_REACH = 400  # characters a name list after a title may run before it must end
# POS tags of words that never belong to a title: they end the search for its left edge.
_FUNCTION_TAGS = {"p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud", "r", "rr", "rz", "y", "e", "o", "t", "tg", "d"}
# Words that jieba tags as verbs or numbers but that belong to titles.
_TITLE_WORDS = {"兼", "驻", "副", "常务", "代理", "执行", "第一", "第一副", "时任", "前任", "现任", "原", "候补", "专职",
                "驻会", "主持工作", "督察", "纪检监察", "监察", "组长", "发展", "改革", "建设", "管理", "保障", "援"}
_NUMBER_TAGS = {"m", "mq"}
_PREPOSITIONS = set("由在对向与和及为将把被从到于同跟率请让使给经据按以应")
_LEVEL_CHARS = set("省市区县州镇乡村旗盟")
# Characters that open a verb or a link, not a foreign name, right after a title (总统|将访华, 国王|率…).
_FOREIGN_NOT_FIRST = set("称率致将在和与及同向对为于把被从跟应等已也")
# Postfix titles: posts that may follow the name they belong to.
_POSTFIX = ("总书记", "国家主席", "主席", "副主席", "总理", "副总理", "委员长", "副委员长", "代表", "委员")
_FOREIGN_POSTFIX = ("总统", "副总统", "首相", "副首相", "国王", "女王", "王储", "苏丹", "国务卿", "总督", "议长")
# A postfix title in a sentence about the past names no office-holder of today (毛某主席、周某总理等老一辈领导人).
_HISTORY = re.compile("老一辈|已故|生前|诞辰|逝世|缅怀|故居|遗愿|先辈|开国")
# Endings of organ names: a postfix reading ending in one is no name (某某部|大臣).
_ORGAN_END = set("部局委院会厅党组处团盟府署行社台队办所室")
# After 代表/委员 written behind a name: what shows the word is a title, not a verb (X代表中央作报告).
_DEPUTY_AFTER = re.compile("[,，。;；:：!！?？、)）”]|说|表示|认为|建议|介绍|告诉|提出|指出|坦言|谈到|呼吁|等|和|与|也|还")
_COUNT_WORD = "[0-9一二三四五六七八九十两几多]+(?:位|名|个)"


class Occurrence(NamedTuple):
    """One titled, listed or credited occurrence of a person in a text. A named tuple: pass 1
    makes one or two of these per candidate and counts them by value (a frozen dataclass took
    four times as long to build and to hash)."""

    options: tuple[str, ...]  # possible names, shortest first
    closed: tuple[bool, ...]  # per option: does the text show the name ending there?
    titles: tuple[str, ...] = ()
    group: str = ""
    place: str = ""
    list_pos: int = 0  # 1-based position in a name list; 0 when the name stands alone
    role: str = "official"  # official | executive | expert | other
    window: str = ""  # the text from the name on, for segmentation as a tie-breaker
    foreign: bool = False  # a foreign office-holder's title (or a list under one)


def without_window(occ: Occurrence) -> Occurrence:
    """The occurrence as a key (built directly: _replace takes three times as long)."""
    return Occurrence(*occ[:7], "", occ.foreign) if occ.window else occ


@dataclass
class Person:
    name: str
    role: str
    titles: Counter = field(default_factory=Counter)
    groups: Counter = field(default_factory=Counter)
    places: Counter = field(default_factory=Counter)
    list_positions: list[int] = field(default_factory=list)
    foreign_votes: int = 0  # occurrences under a foreign title
    seen: int = 0  # occurrences in all

    @property
    def foreign(self) -> bool:
        """A foreign office-holder: most of the person's titled or listed occurrences say so."""
        return self.foreign_votes * 2 > self.seen


def _classes() -> dict[str, tuple[str, ...]]:
    """institution_words.txt: `role:` followed by the words that give a title that role."""
    out: dict[str, list[str]] = {}
    role = ""
    for term in terms("institution_words"):
        if term.endswith(":"):
            role = term[:-1]
            out.setdefault(role, [])
        elif role:
            out[role].append(term)
    return {k: tuple(v) for k, v in out.items()}


class _Patterns:
    """Regexes and word sets built once from the data files (and a user's extra titles)."""

    def __init__(self, extra_titles: tuple[str, ...] = ()):
        official = terms("posts") + extra_titles
        self.roles: dict[str, str] = {}
        for role, words in (("other", terms("other_posts")), ("expert", terms("expert_posts")),
                            ("executive", terms("executive_posts")), ("official", terms("foreign_posts")),
                            ("official", official)):
            self.roles.update({w: role for w in words})
        self.foreign_posts = frozenset(terms("foreign_posts"))
        self.post_lengths = tuple(sorted({len(p) for p in self.roles}, reverse=True))
        posts = alternation(self.roles)
        self.posts = posts
        # a post word, then (after at most one space) where a name may start
        self.post = re.compile(f"(?:{posts})(?=[ ]?[{HAN}])")
        self.post_end = re.compile(f"(?:{posts})\\Z")
        self.postfix = re.compile(alternation(_POSTFIX + _FOREIGN_POSTFIX))
        self.post_in = re.compile(posts)
        groups = alternation(terms("group_words"))
        levels = alternation(terms("levels"))
        organs = alternation(terms("organs"))
        suffixes = alternation(terms("place_suffixes"))
        place_char = f"(?:(?![{_STOP}])[{HAN}])"
        place = f"(?:{place_char}{{1,7}}?(?:{suffixes}))"
        body = f"(?:(?:第[一二三四五六七八九十百0-9]+批)?{place_char}{{0,8}}?(?:工作组|指挥部|领导小组|工作队))"
        name_start = f"(?:{alternation(s for s in surnames() if len(s) == 2)}|[{''.join(s for s in surnames() if len(s) == 1)}]|[{HAN}]{{1,6}}·)"
        scope = f"(?:(?:{levels})、)?(?:{place}(?:{levels})?|{levels})(?:{organs})*"
        self.group_tail = re.compile(f"(?:{groups})(?=(?:{name_start}))")
        self.group = re.compile(f"{scope}(?:{groups})\\Z")
        self.place_head = re.compile(place)
        self.place = re.compile(f"^(?P<place>{place})(?:{levels})?(?:(?:{organs})|{body})*(?:(?:{posts})|(?:{groups}))$")
        self.after_list = re.compile(f"等(?:{_COUNT_WORD})?(?P<label>{posts}|陪同人员|{groups})")
        countries = terms("countries")
        self.home = frozenset(countries[:3])  # China's own names open countries.txt
        self.country = re.compile(alternation(countries))
        self.countries = frozenset(countries)
        self.foreign_organ = re.compile(alternation(terms("foreign_organs")))
        self.abbreviations = frozenset(terms("country_abbreviations"))
        self.intl = re.compile(alternation(terms("international_orgs")))
        self.intl_words = frozenset(terms("international_orgs"))
        classes = _classes()
        self.institution = {role: re.compile(alternation(words)) for role, words in classes.items()}
        self.boundary = frozenset(terms("boundary_words"))
        self.followers = tuple(sorted(set(terms("name_followers") + terms("expert_posts") + terms("posts")),
                                      key=len, reverse=True))
        self.place_suffix_chars = frozenset("区县省旗盟")
        self.place_end_chars = frozenset("市镇乡州村")
        self.organ_start = re.compile(f"(?:委|政府|人大|政协|党|纪委|常委|人民|法院|检察|管委|工委|{organs})")

    def post_of(self, unit: str) -> str:
        """The longest post word a title ends in ("" for none): a look-up per length, not per word."""
        for n in self.post_lengths:
            if n <= len(unit) and unit[-n:] in self.roles:
                return unit[-n:]
        return ""

    def role_of(self, unit: str) -> str:
        """The role a title gives: from its longest post word, then from the body it names."""
        post = self.post_of(unit)
        role = self.roles.get(post, "official")
        if role != "official":
            return role
        head = unit[: len(unit) - len(post)]
        if self.intl.search(head):
            return "other"
        for kind in ("executive", "expert", "other"):
            regex = self.institution.get(kind)
            if regex is not None and regex.search(head):
                return kind
        if post == "代表" and not re.search("人大|党代|政协|代表大会", head):
            return "other"
        return "official"

    def is_foreign(self, unit: str) -> bool:
        """Does a title name a country other than China, an organ or a post found only abroad?"""
        post = self.post_of(unit)
        if post in self.foreign_posts:
            return True
        m = self.country.search(unit)
        if m and m.group(0) not in self.home and not unit[: m.start()].endswith("驻"):
            # 中国驻某国大使 is China's: a country after 驻 is where the post is, not whose
            home = self.country.search(unit[: m.start()])
            return not (home and home.group(0) in self.home)
        if unit[:1] in self.abbreviations and unit[1:] in self.roles:
            return True  # 俄外长, 美国务卿
        return bool(self.foreign_organ.search(unit))


@lru_cache(maxsize=8)
def patterns(extra_titles: tuple[str, ...] = ()) -> _Patterns:
    return _Patterns(extra_titles)


_ETHNIC = re.compile(f"[{HAN}]{{1,6}}·[{HAN}]{{1,8}}")
_ALL_HAN = re.compile(f"[{HAN}]+")


def _name_options(text: str) -> list[str]:
    """Names that may start at text[0]: single or double surname plus one or two characters."""
    ethnic = _ETHNIC.match(text) if "·" in text[:7] else None
    if ethnic:  # 阿卜杜·热合曼: the part after the dot may run into the next words
        head = ethnic.group(0).index("·") + 1
        return [ethnic.group(0)[: head + n] for n in range(1, len(ethnic.group(0)) - head + 1)]
    known = surnames()
    head = 2 if text[:2] in known else 1 if text[:1] in known else 0
    if not head:
        return []
    han = _ALL_HAN.match(text, 0, head + 2)  # a name is Han characters only
    out = []
    for end in range(head + 1, min(head + 2, han.end() if han else 0) + 1):
        name = text[:end]
        if not _NOT_IN_NAME.isdisjoint(name[1:]):
            break  # the longer name holds the same character
        out.append(name)
    return out


_FOREIGN_RUN = re.compile(f"[{HAN}]{{1,{_FOREIGN_NAME}}}(?:·[{HAN}]{{1,{_FOREIGN_NAME}}}){{0,2}}")


def _foreign_options(text: str) -> list[str]:
    """Names that may start at text[0] under a foreign title: 2 to 8 characters, `·` parts joined."""
    m = _FOREIGN_RUN.match(text)
    if not m:
        return []
    run = m.group(0)
    cut = next((i for i, ch in enumerate(run) if ch in _NOT_IN_NAME and i > 0), len(run))
    run = run[:cut]
    out = []
    for end in range(2, len(run) + 1):
        name = run[:end]
        if name[-1] != "·" and len(name.replace("·", "")) >= 2:
            out.append(name)
    return out


def _closed(text: str, end: int, followers: tuple[str, ...]) -> bool:
    """Does the text show a name ending at `end`: punctuation, a list mark, a digit or a typical verb?"""
    rest = text[end:end + 8]
    return (not rest or rest[0] in _CLAUSE_END or rest[0] in "、 " or rest[0].isascii()
            or rest.startswith(followers))


def _is_boundary(token: str, tag: str, pat: _Patterns) -> bool:
    """A word that cannot be part of a title: a verb or link of boundary_words.txt, a function word."""
    if token in _TITLE_WORDS:
        return False
    if token in pat.boundary or token.strip() == "":
        return True
    if tag in _FUNCTION_TAGS:
        return True
    if tag in _NUMBER_TAGS and not token.startswith("第"):
        return True
    return tag == "v" and len(token) > 1 and token not in pat.roles


def _back_to_stop(text: str, end: int, reach: int, stops: set[str] = _TITLE_STOPS) -> int:
    """The start of the text before `end` back to the nearest stop character, at most `reach` back."""
    start = end
    low = max(0, end - reach)
    while start > low and text[start - 1] not in stops:
        start -= 1
    return start


def _title_start(text: str, post_start: int, pat: _Patterns) -> int:
    """Where the title chain that ends with the post word at `post_start` begins."""
    low = _back_to_stop(text, post_start, _TITLE_REACH)
    if low == post_start:
        return post_start
    tokens = cut_tagged(text[low:post_start])
    ends = []
    pos = low
    for token, _ in tokens:
        pos += len(token)
        ends.append(pos)
    start = post_start
    for i in range(len(tokens) - 1, -1, -1):
        token, tag = tokens[i]
        token_start = ends[i] - len(token)
        if token == "、":
            # a comma of enumeration joins two titles only when a post word ends right before it
            if pat.post_end.search(text[max(low, token_start - 12):token_start]):
                start = token_start
                continue
            break
        if token in ("和", "与", "及") and i > 0 and tokens[i - 1][1] in ("n", "vn", "nz", "l") \
                and re.search("(?:部|局|委员会|厅|委|办)", text[ends[i]:post_start]):
            start = token_start  # 人力资源和社会保障局, 发展和改革委员会: a link inside the organ's name
            continue
        if len(token) == 2 and token[0] in _PREPOSITIONS and token[1] in _LEVEL_CHARS:
            start = token_start + 1  # 会议|由区|人大常委会主任: jieba glued the link to the level
            break
        if _is_boundary(token, tag, pat):
            break
        start = token_start
    for regex in (pat.intl, pat.country):  # never cut a country or an international body in two
        for m in regex.finditer(text, low, post_start):
            if m.start() < start < m.end():
                start = m.start()
    while start < post_start and text[start] in "、 ":
        start += 1
    return start


def _name_ok(text: str, pos: int, name: str, pat: _Patterns) -> bool:
    """A name option is no place, no fragment of a place name and no function word."""
    if name in pat.countries or name in pat.intl_words or pat.post_in.search(name) or pat.country.match(name):
        return False
    last = name[-1]
    if last in pat.place_suffix_chars or not pat.place_suffix_chars.isdisjoint(name[1:-1]):
        return False
    after = text[pos + len(name):pos + len(name) + 4]
    if last in pat.place_end_chars and pat.organ_start.match(after):
        return False  # 政协某州市长|安区委员会, 某省长|丰县委
    return True


def _after_title(text: str, pos: int, foreign: bool, pat: _Patterns) -> tuple[list[str], int]:
    """Name options after a title ending at `pos` (one space may stand between) and where they start."""
    if text[pos:pos + 1] == " ":
        pos += 1
    rest = text[pos:pos + 20]
    options = _name_options(rest)
    if foreign:
        options = sorted(set(options) | set(_foreign_options(rest)), key=len)
    if not options:
        return [], pos
    head = cut_tagged(rest[:8])
    if head:
        first, tag = head[0]
        if len(first) >= 2 and tag in _FUNCTION_TAGS and tag not in ("t", "tg"):
            return [], pos  # 总书记|关于党的…
        if len(first) == 1 and first in _LINK_CHARS and tag in ("p", "c") and len(head) > 1 \
                and head[1][1].startswith("nr"):
            return [], pos  # 主任|和|张三: the surname is a conjunction
        if len(first) >= 3 and tag.startswith("ns") and not foreign:
            return [], pos  # 市长|长安区: the name would start inside a place name
        if len(first) == 1 and not tag.startswith("nr") and len(head) > 1 and len(head[1][0]) >= 2 \
                and head[1][1] in ("v", "d", "p", "c", "ad", "u") and head[1][0] in dictionary_words():
            # 委员|时|强调: a surname-like character before a verb is a word of its own
            options = [o for o in options if not o.startswith(first) or len(o) < 2] if not foreign else \
                [o for o in options if o in _foreign_options(rest) and o not in _name_options(rest)]
        if foreign and len(first) >= 2 and first in dictionary_words() \
                and not dictionary_words()[first].startswith("nr") and first not in _name_options(rest):
            options = [o for o in options if o in _name_options(rest)]  # 总统|新闻秘书…: a noun, no name
    if foreign and rest[:1] in _FOREIGN_NOT_FIRST:
        options = [o for o in options if o in _name_options(rest) and rest[0] not in _LINK_CHARS]
    if foreign and head:
        first, tag = head[0]
        if first in pat.boundary or (len(first) == 1 and (tag in _FUNCTION_TAGS or tag in ("v", "p", "c"))) \
                or (tag == "v" and first not in options):
            # 某国总统|将访华, 总统|致慰问电, 国王|和…: a verb or link, no name
            options = [o for o in options if o in _name_options(rest) and not first in _LINK_CHARS]
    country = pat.country.match(text, pos) or pat.intl.match(text, pos)
    if country:  # 总统|中华人民共和国…: a country or body is no name, nor is a piece of one
        options = [o for o in options if o in _name_options(rest) and len(o) > country.end() - pos]
    ok = [o for o in options if _name_ok(text, pos, o, pat)]
    return ok, pos


def _token_closed(text: str, pos: int, options: list[str], pat: _Patterns) -> set[str]:
    """Options (of a foreign name) that end where jieba ends a word and a verb or link follows."""
    closed = set()
    at = pos
    tokens = cut_tagged(text[pos:pos + _FOREIGN_NAME + 6])
    for token, tag in tokens:
        at += len(token)
        name = text[pos:at]
        if name in options:
            rest = tokens[tokens.index((token, tag)) + 1:] if (token, tag) in tokens else []
            if rest:
                nxt, nxt_tag = rest[0]
                known = len(nxt) > 1 and (nxt in dictionary_words() or nxt_tag in ("i", "l"))
                if nxt in pat.boundary or nxt in pat.followers or (len(nxt) == 1 and nxt_tag in _FUNCTION_TAGS) \
                        or (known and nxt_tag in ("v", "vn", "i", "l", "p", "c", "d", "t")):
                    closed.add(name)
        if at - pos > _FOREIGN_NAME + 2:
            break
    return closed


def _units(title: str) -> list[str]:
    return [t for t in title.split("、") if t]


def _place(title: str, pat: _Patterns) -> str:
    """The named place a title belongs to (汉滨区领导 -> 汉滨区, 马来西亚总理 -> 马来西亚), if any."""
    m = pat.country.match(title)
    if m and m.group(0) not in pat.home:
        return m.group(0)
    m = pat.place.match(title)
    return m.group("place") if m else ""


def _list_items(text: str, start: int, followers: tuple[str, ...], foreign: bool = False,
                pat: _Patterns | None = None) -> list[tuple[tuple[str, ...], tuple[bool, ...], str]]:
    """The names of a `、` list starting at `start`: whole items first, then one open-ended name.

    Reads at most _LIST_REACH characters: a list that long has ended (and a paragraph of
    megabytes is never scanned to its end once per title)."""
    limit = min(len(text), start + _LIST_REACH)
    items: list[tuple[tuple[str, ...], tuple[bool, ...], str]] = []
    pos = start
    while pos < limit:
        comma = text.find("、", pos, limit)
        clause = _clause_mark(text, pos, min(limit, pos + 12), -1)
        part = text[pos:comma] if comma >= 0 and (clause < 0 or comma < clause) else None
        if part is not None and 2 <= len(part) <= 12 and (part in _name_options(part)
                                                           or (foreign and part in _foreign_options(part))):
            items.append(((part,), (True,), part))
            pos = comma + 1
            continue
        clause_end = _clause_mark(text, pos, min(len(text), pos + 12), pos + 12)
        if items and pat is not None and pat.post_in.search(text, pos, comma if part is not None else clause_end):
            break  # 市委书记A、市长B: the next item opens a title of its own
        options = _name_options(text[pos:pos + 20])
        if foreign:
            options = sorted(set(options) | set(_foreign_options(text[pos:pos + 20])), key=len)
        if pat is not None:
            options = [o for o in options if _name_ok(text, pos, o, pat)]
        if options:
            closed = [_closed(text, pos + len(o), followers) for o in options]
            by_tokens = _token_closed(text, pos, options, pat) if foreign and pat is not None else set()
            if by_tokens:
                # a foreign name may hold characters of a following verb (某某顶风冒雪访华): where jieba
                # ends a word right before a dictionary word or a link, that is the end
                closed = [o in by_tokens for o in options]
            items.append((tuple(options), tuple(closed), text[pos:pos + 8]))
        break
    return items


def _clause_mark(text: str, start: int, end: int, default: int) -> int:
    """Where the first clause mark in text[start:end] is, else `default`."""
    m = _CLAUSE_MARK.search(text, start, end)
    return m.start() if m else default


def _labels(text: str, tail: re.Pattern, full: re.Pattern) -> Iterator[tuple[str, int]]:
    """Group labels that end right before a name: the longest ending at each tail."""
    for m in tail.finditer(text):
        # a label holds only Han characters and 、: the regex is tried on the few characters
        # back to the last punctuation (looked for at most _TITLE_REACH back: linear in the text)
        start = _back_to_stop(text, m.start(), _TITLE_REACH, _LABEL_STOPS)
        found = full.search(text, start, m.end())
        if found:
            yield found.group(0), m.end()


def _postfix_reading(text: str, end: int, foreign: bool, pat: _Patterns) -> str | None:
    """The name written right before a postfix title ending the text at `end` (学习|钟飞|总书记)."""
    low = _back_to_stop(text, end, 12, _TITLE_STOPS | {"、", " "})
    if low == end:
        return None
    tokens = cut_tagged(text[low:end])
    acc = ""
    limit = _FOREIGN_NAME if foreign else 4
    tokens_all: list[tuple[str, str]] = []
    while tokens:
        token, tag = tokens.pop()
        if (_is_boundary(token, tag, pat) and not (len(token) == 1 and tag in _NUMBER_TAGS)
                and not (tag in ("t", "tg") and token not in pat.boundary)) \
                or token in pat.countries or token in pat.roles:
            break
        if len(acc) >= 2 and not foreign and (len(token) > 1 or token + acc not in _name_options(token + acc)):
            break
        if not foreign and len(token) >= 2 and token[0] in _LINK_CHARS and token[1:] + acc in _name_options(token[1:] + acc) \
                and len(token[1:] + acc) <= 3:
            acc = token[1:] + acc  # 精神|和田|平|总书记: the link opens the name's word, not the name
            tokens_all.insert(0, (token[1:], tag))
            break
        if len(acc + token) > limit:
            if acc:
                break
            return None  # the name would start inside a longer word (…共和国|主席)
        acc = token + acc
        tokens_all.insert(0, (token, tag))
    if foreign and len(acc) >= 3 and acc[0] in _PREPOSITIONS and tokens_all and len(tokens_all[0][0]) > 1:
        acc = acc[1:]  # 主席|同石某茂|首相: jieba glued the link to the name
    if len(acc) < 2 or acc in pat.countries or acc in pat.intl_words or pat.post_end.search(acc):
        return None
    if not foreign and acc not in _name_options(acc):
        return None
    if foreign and pat.country.match(acc):
        return None
    if foreign and len(tokens_all) == 1 and tokens_all[0][1].startswith("ns"):
        return None  # 俄美|总统: countries, no name
    if any(c in pat.place_suffix_chars for c in acc) or acc[-1] in _ORGAN_END:
        return None
    return acc


def _after_list_items(text: str, end: int, foreign: bool, pat: _Patterns) -> list[str]:
    """The names of a `、` list that ends at `end` (before 等…): each item whole, the first one read
    back to its start by segmentation (以及|郭某、布某)."""
    low = _back_to_stop(text, end, _LIST_REACH, _LABEL_STOPS)
    parts = text[low:end].split("、")
    if len(parts) > 30:
        parts = parts[-30:]
    names: list[str] = []
    for k, part in enumerate(reversed(parts)):
        first = k == len(parts) - 1
        ok = 2 <= len(part) <= (_FOREIGN_NAME + 2 if foreign else 4) and _ALL_HAN.fullmatch(part.replace("·", ""))
        if ok and not foreign:
            ok = part in _name_options(part)
        if ok:
            ok = part not in pat.countries and _name_ok(part, 0, part, pat) and not (_NOT_IN_NAME & set(part[1:]))
        if not ok and first:
            reading = _postfix_reading(part, len(part), foreign, pat)
            if reading:
                names.append(reading)
            break
        if not ok:
            return []  # an item that is no name: this is no list of names
        names.append(part)
    return names[::-1]


# (决定)免去…: only where the verb ends matters, so 决定 is not matched (a pattern opening with an
# optional part is tried at every character; one opening with these verbs skips ahead to them)
_PERSONNEL = re.compile("免去|撤销|罢免|任命|增补|补选|选举|提名|推选|批准")
_TITLE_HEAD = re.compile("的?(?:中共|中国共产党|全国|中央|国家|国务院|省|市|区|县|政协|人大|第[一二三四五六七八九十百0-9]+届)")


def _personnel(text: str, pat: _Patterns) -> list[Occurrence]:
    """Appointments and removals: `免去A某职务`, `撤销A、B、C某委员会委员资格`, `任命A为某职`.

    The names follow the verb, separated by `、`; the title is written right after the last name
    (or after 为) and ends before 职务/资格 (or the clause end). Each name gets the title."""
    found = []
    for m in _PERSONNEL.finditer(text):
        end = min(len(text), m.end() + _LIST_REACH)
        clause = next((i for i in range(m.end(), end) if text[i] in _CLAUSE_END), end)
        span = text[m.end():clause]
        parts = span.split("、")
        if len(parts) > 30:
            continue
        names: list[str] = []
        for part in parts[:-1]:
            if part not in _name_options(part):
                names = []
                break
            names.append(part)
        last = parts[-1]
        title = ""
        for option in sorted(_name_options(last), key=len, reverse=True):
            rest = last[len(option):]
            if rest.startswith("为"):
                rest = rest[1:]
            if rest.startswith("的"):
                rest = rest[1:]
            bare = re.sub("(?:的)?(?:职务|资格)$", "", rest)
            if _TITLE_HEAD.match(rest) or pat.place.match(bare) or (pat.place_head.match(rest) and pat.post_end.search(bare)):
                names.append(option)
                title = rest
                break
        if not names or not title:
            continue
        title = re.sub("(?:的)?(?:职务|资格)$", "", title)
        title = re.sub("(?:的)?(?:职务|资格)(?:的决定|的议案).*$", "", title)
        post = pat.post_end.search(title)
        if not post or len(title) > 40:
            continue
        role = pat.role_of(title)
        for n, name in enumerate(names, 1):
            found.append(Occurrence((name,), (True,), (title,), "", "", n if len(names) > 1 else 0, role, name,
                                    pat.is_foreign(title)))
    return found


def warm(extra_titles: tuple[str, ...] = ()) -> None:
    """Compile the patterns and load the word lists now: workers forked after this share them."""
    patterns(extra_titles)
    surnames()
    dictionary_words()


def candidates(text: str, extra_titles: tuple[str, ...] = ()) -> list[Occurrence]:
    """Every titled, listed or postfixed person occurrence in one paragraph or headline."""
    pat = patterns(extra_titles)
    return (_titled(text, pat) + _grouped(text, pat) + _postfixed(text, pat) + _personnel(text, pat)
            + _listed_before(text, pat))


def _no_name_after(text: str, m: re.Match, prev_end: int, prev_foreign: bool, pat: _Patterns) -> bool:
    """A cheap test before segmenting: no name can start after this post word."""
    nxt = text[m.end() + (text[m.end()] == " ")]
    return (nxt not in surnames() and m.group(0) not in pat.foreign_posts and "·" not in text[m.end():m.end() + 8]
            and not (pat.country.search(text, max(0, m.start() - _TITLE_REACH), m.start())
                     or pat.foreign_organ.search(text, max(0, m.start() - _TITLE_REACH), m.start())
                     or m.start() - prev_end < 14 and prev_foreign))


def _titled(text: str, pat: _Patterns) -> list[Occurrence]:
    """Names after a title chain (or a list of names under one)."""
    found: list[Occurrence] = []
    prev = (-100, "", False, set())  # the previous title's end, place, foreign flag and last name (inheritance)
    for m in pat.post.finditer(text):
        if _no_name_after(text, m, prev[0], prev[2], pat):
            continue
        start = _title_start(text, m.start(), pat)
        if text[m.end()] == " " and start > 0:
            continue  # a space after a title: only a byline line (某国主席 张三) has one before the name
        units = _units(text[start:m.end()])
        if not units:
            continue
        roles = [pat.role_of(u) for u in units]
        role = "official" if "official" in roles else roles[0]
        place, foreign = _inherited(text, start, units, prev, pat)
        prev = (m.end(), place, foreign, set())
        items = _named_items(text, m, foreign, pat)
        if not items:
            continue
        last_options, last_closed, _ = items[-1]
        prev = (*prev[:3], {min((o for o, c in zip(last_options, last_closed) if c), key=len, default="")} - {""})
        for n, (options, closed, window) in enumerate(items, 1):
            found.append(Occurrence(options, closed, tuple(units), "", place, n if len(items) > 1 else 0,
                                    role, window, foreign))
    return found


def _inherited(text: str, start: int, units: list[str], prev: tuple, pat: _Patterns) -> tuple[str, bool]:
    """A title's place and foreign flag; 某国总理A,外交部部长B / 某市委书记A和市长B: a title with no
    place of its own right after the previous title's name is read in that one's place."""
    place, foreign = _place(units[0], pat), any(pat.is_foreign(u) for u in units)
    prev_end, prev_place, prev_foreign, prev_names = prev
    gap = text[prev_end:start] if 0 <= prev_end <= start else ""
    sep = re.search("(?:、|,|，|和|及|以及|与)\\Z", gap)
    if sep and gap[: sep.start()] in prev_names and not place:
        return prev_place, foreign or prev_foreign
    return place, foreign


def _named_items(text: str, m: re.Match, foreign: bool, pat: _Patterns) -> list:
    """The names after a title: a list's items, the first one read as a name can start there."""
    items = _list_items(text, m.end() + (text[m.end()] == " "), pat.followers, foreign, pat)
    if not items:
        return []
    first_options, _ = _after_title(text, m.end(), foreign, pat)
    first = [o for o in items[0][0] if o in first_options]
    if not first:
        return []  # 总书记|关于…, 市长|安区委员会: no name after this title
    options, closed, window = items[0]
    keep = [(o, c) for o, c in zip(options, closed) if o in first]
    items[0] = (tuple(o for o, _ in keep), tuple(c for _, c in keep), window)
    return items


def _grouped(text: str, pat: _Patterns) -> list[Occurrence]:
    """Names after a group word (区领导A、B)."""
    found = []
    for label, end in _labels(text, pat.group_tail, pat.group):
        items = _list_items(text, end, pat.followers, False, pat)
        place = _place(label, pat)
        for n, (options, closed, window) in enumerate(items, 1):
            found.append(Occurrence(options, closed, (), label, place, n if len(items) > 1 else 0, window=window))
    return found


def _postfixed(text: str, pat: _Patterns) -> list[Occurrence]:
    """Names with their title after them (X总书记, X总理, X代表)."""
    found = []
    for m in pat.postfix.finditer(text):
        post = m.group(0)
        if post in ("代表", "委员") and not _DEPUTY_AFTER.match(text, m.end()):
            continue  # X代表中央…: a verb; X委员会: an organ
        if text[m.end():m.end() + 1] in ("会", "团", "处"):
            continue
        foreign = post in pat.foreign_posts
        reading = _postfix_reading(text, m.start(), foreign, pat)
        if reading:
            sentence = text[_back_to_stop(text, m.start(), 60, set("。!?;\n")):m.end() + 60]
            role = "other" if _HISTORY.search(sentence) else "official"
            found.append(Occurrence((reading,), (True,), (post,), role=role, window=reading, foreign=foreign))
    return found


def _listed_before(text: str, pat: _Patterns) -> list[Occurrence]:
    """Names of a list with its title or group word after it (A、B等五位副首相, A、B等陪同人员)."""
    found = []
    for m in pat.after_list.finditer(text):
        label = m.group("label")
        foreign = label in pat.foreign_posts
        names = _after_list_items(text, m.start(), foreign, pat)
        is_post = label in pat.roles
        role = pat.role_of(label) if is_post else "official"
        if role == "other" and label == "代表":
            role = "official"  # A、B等代表: deputies
        for n, name in enumerate(names, 1):
            found.append(Occurrence((name,), (True,), (label,) if is_post else (), "" if is_post else label, "",
                                    n if len(names) > 1 else 0, role, name, foreign))
    return found


def choose(occurrences: list[Occurrence], *, weights: list[int] | None = None, blocked: frozenset[str] = frozenset(),
           words: dict[str, str] | None = None, elsewhere: Counter | None = None) -> list[str | None]:
    """The name each occurrence stands for (None: not a name), decided from corpus-wide evidence.

    An option counts as evidence where the text shows it ending (a list mark, punctuation or a
    typical verb after it). Each occurrence takes its own closed option if any, else the option
    with most evidence elsewhere, else jieba's reading. An option that is an everyday word of
    another kind (关于, 干部: `words` maps words to jieba POS tags) is never a name. `elsewhere` is
    the evidence of untitled occurrences in the whole corpus (王建国、李四一行), counted beforehand
    (see `open_options` and `closed_elsewhere`). `weights` counts how often each (deduplicated)
    occurrence was seen.
    """
    words = words or {}
    occurrences = [drop_words(occ, words) for occ in occurrences]
    weights = weights or [1] * len(occurrences)
    evidence: Counter = Counter()
    for occ, weight in zip(occurrences, weights):
        for option, closed in zip(occ.options, occ.closed):
            if closed:
                evidence[option] += weight
    evidence.update(elsewhere or Counter())
    chosen: list[str | None] = []
    for occ in occurrences:
        # closed here beats evidence elsewhere; between equals the shorter wins, since a longer
        # option that also looks closed has swallowed a one-character verb (王岩在 -> 王岩|在)
        scored = [(closed, evidence[o], -len(o), o) for o, closed in zip(occ.options, occ.closed)]
        best = max(scored, default=None)
        if best is not None and not best[0]:
            # nothing closes here: the longest reading seen whole elsewhere is a person of its own
            # (龙晨桂 继续…, while another 龙晨 exists); a shorter one would cut that name
            seen = [o for o in occ.options if evidence[o]]
            if seen:
                best = (False, evidence[max(seen, key=len)], 0, max(seen, key=len))
        name = None if best is None else best[3] if best[1] else _segmented(occ.window, occ.options)
        chosen.append(None if name in blocked else name)
    return chosen


def merge(occurrences: list[Occurrence], names: list[str | None], weights: list[int] | None = None) -> dict[str, Person]:
    """People by name. The place and organ of each title stay with the person (`places`, `titles`):
    what tells two people of one name apart."""
    people: dict[str, Person] = {}
    for occ, name, weight in zip(occurrences, names, weights or [1] * len(occurrences)):
        if name is None:
            continue
        person = people.get(name)
        if person is None:
            person = people[name] = Person(name, occ.role)
        if occ.role == "official":
            person.role = "official"
        elif person.role != "official" and occ.role in ("executive", "expert") and person.role == "other":
            person.role = occ.role
        for title in occ.titles:
            person.titles[title] += weight
        if occ.group:
            person.groups[occ.group] += weight
        if occ.place:
            person.places[occ.place] += weight
        if occ.list_pos:
            person.list_positions.extend([occ.list_pos] * weight)
        person.seen += weight
        person.foreign_votes += weight * occ.foreign
    return people


def affiliations(occ: Occurrence) -> frozenset[tuple[str, str, str]]:
    """What an occurrence's titles tie the person to, as (role class, level, place or institution).

    An official is tied to the places his titles name (青海省委书记: 省, 青海省); another role to
    the institution before the post (研究院副院长 at a named 研究院); a bare post (区长) only to its
    role. Organs do not tell officials apart (国家主席 and 中央军委主席 are one person).
    """
    pat = patterns()
    out = set()
    for title in occ.titles:
        if occ.role == "official":
            place = _place(title, pat)
            if place:
                out.add(("official", _level(place), place))
        else:
            post = next((p for p in pat.followers if title.endswith(p)), "")
            if len(title) - len(post) >= 2:
                out.add((occ.role, "", title[: len(title) - len(post)]))
    if occ.titles and not out:
        out.add((occ.role, "", ""))
    return frozenset(out)


def _level(place: str) -> str:
    """The kind of place: its suffix (省, 市, 区, 县, 旗 ...), or the whole name for a country."""
    return next((s for s in sorted(terms("place_suffixes"), key=len, reverse=True) if place.endswith(s)), place)


def _conflict(a: tuple[str, str, str], b: tuple[str, str, str]) -> bool:
    """Two ties no one person holds at once: different roles, or two places (institutions) of one kind."""
    return a[0] != b[0] or (a[1] == b[1] and "" not in (a[2], b[2]) and a[2] != b[2])


def namesakes(occurrences: list[Occurrence], names: list[str | None], weights: list[int]) -> dict[str, list[list[int]]]:
    """The people behind a name that stands for several: for each such name, the indexes of each
    person's occurrences, the most seen person first.

    Occurrences whose ties conflict (another role, another place of the same kind: 青海省 and
    江苏省) are different people unless one occurrence holds both (a title chain names the person
    once); untitled occurrences (a group list) go with the most seen person. Places of different
    kinds (a city and a district) never split a name: one official often holds both.
    """
    by_name: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        if name is not None:
            by_name.setdefault(name, []).append(i)
    out = {}
    for name, indexes in by_name.items():
        ties = {i: affiliations(occurrences[i]) for i in indexes}
        order = sorted((i for i in indexes if ties[i]), key=lambda i: (-weights[i], sorted(ties[i])))
        clusters: list[tuple[set, list[int]]] = []
        for i in order:
            home = next((c for c in clusters if not any(_conflict(a, b) for a in ties[i] for b in c[0])), None)
            if home is None:
                clusters.append((set(ties[i]), [i]))
            else:
                home[0].update(ties[i])
                home[1].append(i)
        if len(clusters) < 2:
            continue
        # the most seen first; between equals an official, the people this tool is about
        clusters.sort(key=lambda c: (-sum(weights[i] for i in c[1]), not any(t[0] == "official" for t in c[0]),
                                     sorted(c[0])))
        clusters[0][1].extend(i for i in indexes if not ties[i])
        out[name] = [sorted(members) for _, members in clusters]
    return out


def namesake_id(name: str, person: Person) -> str:
    """How a second person of a name is told apart: the name and the place or institution most seen."""
    ties = Counter()
    for title, n in person.titles.items():
        for _, _, where in affiliations(Occurrence((name,), (True,), (title,), role=person.role)):
            ties[where] += n
    where = min(ties.items(), key=lambda kv: (-kv[1], kv[0]))[0] if ties else person.role
    return f"{name}({where})"


def people_of(occurrences: list[Occurrence], names: list[str | None], weights: list[int]) -> tuple[dict[str, Person], list]:
    """People by id, and the id each occurrence stands for: a name is one person unless its
    occurrences tie it to conflicting places or roles (see namesakes)."""
    people = merge(occurrences, names, weights)
    ids = list(names)
    for name, clusters in namesakes(occurrences, names, weights).items():
        del people[name]
        for rank, members in enumerate(clusters):
            person = merge([occurrences[i] for i in members], [name] * len(members), [weights[i] for i in members])[name]
            person_id = name if rank == 0 else namesake_id(name, person)
            while person_id in people:
                person_id += "'"
            people[person_id] = person
            for i in members:
                ids[i] = person_id
    return people, ids


def _segmented(window: str, options: tuple[str, ...]) -> str | None:
    """jieba's reading of the name as a last resort (王志强|来访), when no text shows where it ends."""
    acc = ""
    for token in cut(window):
        if len(acc) >= 2 and (len(token) > 1 or acc + token not in options):
            break
        acc += token
    return acc if acc in options else None


def open_options(occurrences: Iterable[Occurrence]) -> set[str]:
    """Options of occurrences that nothing closes where they stand: they need evidence elsewhere."""
    return {o for occ in occurrences if not any(occ.closed) for o in occ.options}


def closed_elsewhere(options: set[str], texts: Iterable[str]) -> Counter:
    """How often each option is seen ending as a name does anywhere in the texts."""
    found: Counter = Counter()
    if not options:
        return found
    starts = re.compile(f"(?=(?:{alternation({o[:2] for o in options})}))")
    followers = patterns().followers
    sizes = sorted({len(o) for o in options})
    for text in texts:
        for m in starts.finditer(text):
            for size in sizes:
                option = text[m.start(): m.start() + size]
                if option in options and _closed(text, m.start() + size, followers):
                    found[option] += 1
    return found


def drop_words(occ: Occurrence, words: dict[str, str]) -> Occurrence:
    """The occurrence without the options that are everyday words of another kind (关于, 干部)."""
    keep = [(o, c) for o, c in zip(occ.options, occ.closed) if not (o in words and not words[o].startswith("nr"))]
    return occ._replace(options=tuple(o for o, _ in keep), closed=tuple(c for _, c in keep))


def primary_title(person: Person) -> str:
    """The most frequent title, ties broken by seniority; a group label when no title was seen."""
    if person.titles:
        return leading_title(person.titles)
    if person.groups:
        return min(person.groups.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    return ""


def count_mentions(texts: list[str], pattern: "Longest | None", words: dict[str, str] | None = None,
                   mask: "Longest | None" = None, into: Counter | None = None) -> Counter:
    """Occurrences of each known name in the texts of one article (added into `into` if given).

    A name that is also an everyday word (in `words`) counts only where the text shows it ending
    as a name does (a list mark, punctuation, a typical verb), so 文明 in 文明实践 is not a person.
    Nothing inside a span of `mask` counts (an official 苏明 is not in 江苏明远机械有限公司). Masked
    spans are walked with the matches, in order: linear in the length of the text.
    """
    counts: Counter = Counter() if into is None else into
    if pattern is None:
        return counts
    words = words or {}
    followers = patterns().followers
    for text in texts:
        found = pattern.spans(text)
        if not found:
            continue
        spans = mask.spans(text) if mask is not None else []
        at, masked = 0, len(spans)
        for name, start, end in found:
            # a name run into the next known name (张某某李某某王某某出席) ends there as well
            if name in words and words[name] not in ("nrfg", "nrt") and not (
                    _closed(text, end, followers) or pattern.match(text, end)):
                continue
            while at < masked and spans[at][2] <= start:
                at += 1
            if at < masked and spans[at][1] < end and start < spans[at][2]:
                continue
            counts[name] += 1
    return counts
