"""Cross-references as shared facts (Lawtext-style pointers: RelPos x target).

A reference is a chain of fragments such as ``第三条第二項第一号`` or
``前項各号``; each fragment has a relative position (``named`` 第3条,
``prev`` 前条, ``next`` 次条, ``here`` 本条/この条, ``same`` 同条, ``each``
各号) and a target type (article, paragraph, item, subitem, chapter…,
appendix). Chains joined by 及び/又は/若しくは/並びに/、/から…まで inherit
the higher levels of the chain before them (第三条第二項及び第四項).

Internal references are resolved against the clause tree from the clause
where they sit; external ones (a law name, optionally with its number in
parentheses, before the chain; 同法/同令; another document such as 契約書)
are recognised and never resolved. In a statute, plain article numbers
inside an amendment 附則 belong to the amending law, and 附則 marked 抄 are
excerpts: such references are ``external`` (scope ``amending_law`` /
``abridged``) rather than dangling.

=============  ==============================================================
text           the reference as written
start, end     span in ``Document.text``
kind           ``internal`` | ``external``
external       why it is external: ``law`` ``other_document`` ``amending_law``
               ``abridged`` ``form`` (None for internal)
target_type    ``article`` ``paragraph`` ``item`` ``subitem`` ``chapter``
               ``part`` ``section`` ``subsection`` ``division`` ``appendix``
relpos         relative position of the first fragment
clause         path of the clause where the reference sits
target         index of the target clause in ``Facts.clauses`` or None
target_path    path of the target (None when unresolved)
targets        every target index (前各号 → several)
=============  ==============================================================
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from dataclasses import dataclass

from ..regexscan import first_chars
from ..textnorm import fold, kanji_to_int
from ..vocabulary import pattern_file

# the lists of lexicons/vocab/references.yaml (every word of a reference); the numbering grammar
# (第・条・項・号・の, the units 編章節款目, numerals, the labels 附則 / 別表 / 別紙 / 別記 / 様式) stays here
REFERENCE_LISTS = ("same_law", "relative_prev", "relative_next", "relative_same", "relative_here",
                   "relative_antecedent", "relative_listed", "not_unit_after", "not_item_after", "counters",
                   "provision_parts", "connectors", "not_branch", "own_prefixes", "own_documents",
                   "other_doc_prefixes", "other_documents", "law_name_ends", "law_kinds", "rewording_leads",
                   "range_words", "range_end", "section_ref_cues")
_WORDS = pattern_file("references.yaml", REFERENCE_LISTS, fixed=())

_DIGIT = r"[0-9〇一二三四五六七八九十百千]"  # numerals: ASCII digits (after folding) or kanji
NUM = _DIGIT + "+"
_UNITS = {"編": "part", "章": "chapter", "節": "section", "款": "subsection", "目": "division",
          "条": "article", "項": "paragraph", "号": "item"}
_LEVEL = {"part": 0, "chapter": 1, "section": 2, "subsection": 3, "division": 4,
          "article": 5, "paragraph": 6, "item": 7, "subitem": 8, "appendix": 5}
_IROHA = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス"
_AIUEO = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ"

# The shape of each pattern; {list} stands for the alternatives of that list of references.yaml,
# {num} for a number, {digit} for one numeral and {br} for branch numbers (の二の三).
TEMPLATES: dict[str, str] = {
    # a numbered section of a specification cited by its number (5.3に定める手順, 4.1に定める移行作業)
    "section_ref": r"(?<![0-9.])([0-9]+(?:\.[0-9]+)+)(?![0-9.])(?={section_ref_cues})",
    # the same with hyphens, in a specification numbered 「1-2　業務の目的」 (3-4に定める方法)
    "section_ref_hyphen": r"(?<![0-9-])([0-9]+(?:-[0-9]+)+)(?![0-9-])(?={section_ref_cues})",
    # 「８(4)に定める年次報告」: an item (号) of a numbered section
    "section_item_ref": r"(?<![0-9.(])(([0-9]+)\(([0-9]+)\))(?={section_ref_cues})",
    # a section cited by the document's own name and its number (本特記事項３１の定め, この仕様書4.2): the
    # numbered headings of a document without 条 (１　目的 / 4.2　報告)
    "own_section_ref": r"(?:{own_prefixes})(?:{own_documents})([0-9]+(?:\.[0-9]+)*)(?![0-9.]|{counters})",
    # a branch number (第三条の二), not 第三条の一部 / 三分の一
    "branch": r"の{num}(?!{not_branch})",
    # one fragment of a pointer chain (see _frag_of). Order matters: longer forms first.
    "fragment": (
        r"(?P<law>{same_law})"
        r"|(?P<suppl>附則)"
        r"|(?P<appx>(?P<appx_kind>別表|別紙|別記)(?:第?(?P<appx_num>{num}){br})?"
        r"|(?P<style>様式)第(?P<style_num>{num})号?{br})"
        r"|(?P<form>第(?P<form_num>{num}{br})号様式)"
        r"|(?P<rel>(?P<rel_prev>{relative_prev})|(?P<rel_next>{relative_next})|(?P<rel_same>{relative_same})"
        r"|(?P<rel_here>{relative_here})|(?P<rel_antecedent>{relative_antecedent})|(?P<rel_listed>{relative_listed}))"
        r"(?P<rel_each>各)?(?P<rel_count>{num})?(?P<rel_unit>編|章|節|款|目|条|項|号)(?!{not_unit_after})"
        r"|(?P<each>各号|各項(?!目))"  # not 各項目 (the rows of a table)
        r"|(?P<named>第(?P<named_num>{num})(?P<named_unit>編|章|節|款|目|条|項|号(?!{not_item_after}))"
        r"(?P<named_br>{br}))"
        r"|(?P<bare>第(?P<bare_num>{num}{br})(?!{digit}|の{digit}|[条項号章節款目編]|{counters}))"
        r"|(?P<mod>{provision_parts})"
    ),
    # where a chain may start (searched through the whole text: see _flat)
    "start": "{same_law}|附則|別表|別紙|別記|様式|第|{relative_prev}|{relative_next}|{relative_same}"
             "|{relative_here}|{relative_antecedent}|{relative_listed}|各",
    # what may stand between two chains that continue each other
    "connect": "(?:{connectors}|{provision_parts})+",
    # the words before a chain that name this very text (本契約第5条)
    # (本 of 基本協定 is part of the name of another text: 「基本協定第23条」 cites it)
    "own_text": "(?<![\u4e00-\u9fff々])(?:{own_prefixes})(?:{own_documents})$",
    # 〜の before a chain that names another document (契約書の第5条)
    "other_document": "{other_doc_prefixes}?({other_documents})の$",
    # the name of a law or rule before a chain (地方自治法第2条)
    "law_name": "{law_name_ends}$",
    # the first cell of an appendix row that names a law
    "law_cell": r"[\u3000 ]*[^\u3000\n]*{law_kinds}(?:\([^()\n]*\))?\u3000",
    "rewording": "{rewording_leads}",
    # a range label (第十条から第十二条まで)
    "range": r"第?({num}{br})[条号項]?{range_words}第?({num}{br})[条号項]?{range_end}?",
    # 前条 / 次条 in cited_nodes
    "cited_relative": "({relative_prev})条|({relative_next})条",
}
_FIXED = ("num", "digit", "br")


def _flat(template: str, **fixed: str) -> str:
    """A template of plain alternatives (``{list}|word|…``) with the items of each list as alternatives
    of their own: a flat alternation of words lets the regex engine skip ahead by their first
    characters, a group around them does not."""
    return "|".join("|".join(_WORDS.regex(i, **fixed) for i in _WORDS.get(alt[1:-1]).items)
                    if alt.startswith("{") and alt.endswith("}") else alt for alt in template.split("|"))


BR = "(?:" + _WORDS.regex(TEMPLATES["branch"], num=NUM) + ")*"
_PIECES = {"num": NUM, "digit": _DIGIT, "br": BR}
_RX = {name: re.compile(_flat(t) if name == "start" else _WORDS.regex(t, **_PIECES)) for name, t in TEMPLATES.items()}


def patterns_using(list_name: str) -> list[re.Pattern]:
    """The compiled patterns that ``list_name`` of references.yaml takes part in (for its examples)."""
    return [_RX[name] for name, t in TEMPLATES.items() if list_name in _WORDS.uses(t, _FIXED)]


_FRAG = _RX["fragment"]
_FRAG_OPENS = first_chars(_FRAG)
_SUBITEM = re.compile(rf"[{_IROHA}](?![ぁ-んァ-ヶー])|\(\d+\)|\([{_AIUEO}]\)")
_CONNECT = _RX["connect"]
# what a connector may open with, and the parentheses (dropped before the connector is matched)
_CONNECT_FIRST = first_chars(_CONNECT)
_CONNECT_OPENS = _CONNECT_FIRST | frozenset("()") if _CONNECT_FIRST is not None else None
_SELF = _RX["own_text"]


@dataclass(frozen=True)
class Reference:
    text: str
    start: int
    end: int
    kind: str
    target_type: str
    relpos: str
    clause: str | None
    target: int | None = None
    target_path: str | None = None
    targets: tuple[int, ...] = ()
    external: str | None = None

    @property
    def resolved(self) -> bool:
        return self.target is not None

    def to_json(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "kind": self.kind,
                "target_type": self.target_type, "relpos": self.relpos, "clause": self.clause,
                "target": self.target_path, "external": self.external}


# ---------------------------------------------------------------------------
# clause-tree index
# ---------------------------------------------------------------------------

@functools.lru_cache(maxsize=4096)
def _nums(s: str) -> tuple[int, ...]:
    out = []
    for part in s.split("の"):
        n = kanji_to_int(part)
        if n is None:
            return ()
        out.append(n)
    return tuple(out)


_RANGE = _RX["range"]


def clause_nums(c) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(first, last) number tuples of a clause (a range such as 第十条から第十二条まで)."""
    from ..textnorm import fold

    label = fold(c.label or "")
    m = _RANGE.search(label)
    if m:
        return _nums(m.group(1)), _nums(m.group(2))
    num = tuple(c.num or ())
    return num, num


def appendix_kind(c) -> str:
    s = (c.label or "") + " " + (c.path or "")
    for k in ("別表", "別紙", "別記", "様式"):
        if k in s:
            return k
    return "別表"


def appendix_num(c) -> tuple[int, ...]:
    from ..textnorm import fold

    m = re.search(rf"(?:別表|別紙|別記|様式)第?({NUM})号?((?:の{NUM})*)", fold(c.label or c.path or ""))
    if m:
        return _nums(m.group(1) + m.group(2))
    return tuple(c.num or ())


class Tree:
    """Navigation helpers over ``Facts.clauses`` (built once per document)."""

    def __init__(self, clauses, text: str = ""):
        self.clauses = clauses
        self.text = text
        self._folded: str | None = None
        self._units: dict[str, list[int]] = {}
        self._art_index: dict = {}
        self.law_rows: list[tuple[int, int]] = []
        self._articles: dict = {}
        self._nums: dict = {}
        self.children: dict[int | None, list[int]] = {}
        for i, c in enumerate(clauses):
            self.children.setdefault(c.parent, []).append(i)
        self.group_of = [self._group(i) for i in range(len(clauses))]
        # a statute with amendment 附則 is a consolidated text (its 附則 speak as enacted)
        self.consolidated = any(c.kind == "suppl" and self.is_amendment_suppl(i) for i, c in enumerate(clauses))

    def main_units(self, kind: str) -> list[int]:
        """Chapters/sections … of the main provisions (cached)."""
        v = self._units.get(kind)
        if v is None:
            v = self._units[kind] = [i for i, c in enumerate(self.clauses)
                                     if c.kind == kind and self.group_of[i] is None]
        return v

    def find_article(self, group: int | None, num: tuple[int, ...]) -> int | None:
        """``find_num(articles_in_group(group), num)`` through an index of first numbers."""
        v = self._art_index.get(group)
        if v is None:
            idx: dict = {}
            ranges = []
            for j in self.articles_in_group(group):
                first, last = self.nums(j)
                idx.setdefault(first, j)
                if first != last and len(first) == 1:
                    ranges.append((j, first[0], last[0]))
            v = self._art_index[group] = (idx, ranges)
        idx, ranges = v
        j = idx.get(num)
        if len(num) == 1:
            for r, a, b in ranges:  # 第十条から第十二条まで　削除 (an earlier node may cover num)
                if a <= num[0] <= b and (j is None or r < j):
                    return r
        return j

    def text_line_after(self, p: int) -> str:
        if self._folded is None:
            self._folded = fold(self.text)
        nl = self._folded.find("\n", p)
        return self._folded[p:nl if nl >= 0 else len(self._folded)]

    def _group(self, i: int) -> int | None:
        """Index of the enclosing 附則 (suppl) node, or None for the main provisions."""
        j: int | None = i
        while j is not None:
            if self.clauses[j].kind == "suppl":
                return j
            j = self.clauses[j].parent
        return None

    def ancestor(self, i: int | None, kind: str) -> int | None:
        while i is not None:
            if self.clauses[i].kind == kind:
                return i
            i = self.clauses[i].parent
        return None

    def appendices(self, kind: str) -> list[int]:
        """The attachments of one kind (別表, 別紙, 様式 …), in order (cached: every 別表 reference asks)."""
        cache = self.__dict__.setdefault("_appendices", {})
        if kind not in cache:
            cache[kind] = [i for i, c in enumerate(self.clauses) if c.kind == "appendix" and appendix_kind(c) == kind]
        return cache[kind]

    def kids(self, i: int | None, kind: str) -> list[int]:
        return [j for j in self.children.get(i, []) if self.clauses[j].kind == kind]

    def descendants(self, i: int | None, kind: str, stop: tuple[str, ...] = ()) -> list[int]:
        out = []
        stack = list(reversed(self.children.get(i, [])))
        while stack:
            j = stack.pop()
            k = self.clauses[j].kind
            if k == kind:
                out.append(j)
                continue
            if k in stop:
                continue
            stack.extend(reversed(self.children.get(j, [])))
        return out

    def articles_in_group(self, group: int | None) -> list[int]:
        if group not in self._articles:
            self._articles[group] = self._articles_in_group(group)
        return self._articles[group]

    def _articles_in_group(self, group: int | None) -> list[int]:
        if group is None:
            return [i for i, c in enumerate(self.clauses) if c.kind == "article" and self.group_of[i] is None
                    and not self._in_appendix(i)]
        return self.descendants(group, "article", stop=("appendix",))

    def sibling_articles(self, art: int) -> list[int]:
        """The articles that 前条/次条 count among: those of the same group, or of the same
        別記/別表 when the article sits in one (a 別記 holding its own 第36条)."""
        sibs = self.articles_in_group(self.group_of[art])
        if art in sibs:
            return sibs
        app = self.ancestor(art, "appendix")
        sibs = self.descendants(app, "article") if app is not None else []
        return sibs if art in sibs else [art]

    def _in_appendix(self, i: int) -> bool:
        return self.ancestor(i, "appendix") is not None

    def nums(self, j: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
        v = self._nums.get(j)
        if v is None:
            v = self._nums[j] = clause_nums(self.clauses[j])
        return v

    def find_num(self, cands: list[int], num: tuple[int, ...]) -> int | None:
        for j in cands:
            first, last = self.nums(j)
            if first == num:
                return j
            if first != last and len(num) == 1 and len(first) == 1 and first[0] <= num[0] <= last[0]:
                return j
        return None

    def is_amendment_suppl(self, group: int | None) -> bool:
        if group is None:
            return False
        c = self.clauses[group]
        return bool(c.caption) or "（" in c.path or "(" in c.path

    def is_abridged(self, group: int | None) -> bool:
        if group is None:
            return False
        c = self.clauses[group]
        # the group's first line only (slicing the whole group per call made this quadratic)
        nl = self.text.find("\n", c.start, c.end) if self.text else -1
        head = self.text[c.start:nl if nl >= 0 else c.end] if self.text else ""
        return "抄" in (c.label or "") or "抄" in (c.caption or "") or head.rstrip().endswith("抄")


# ---------------------------------------------------------------------------
# parsing
# ---------------------------------------------------------------------------

@dataclass(slots=True)
class _Frag:
    kind: str  # law suppl appx form rel each named bare mod subitem
    start: int
    end: int
    unit: str | None = None  # target type
    num: tuple[int, ...] = ()
    relpos: str = "named"
    count: int = 1
    each: bool = False
    appx_kind: str = ""
    word: str = ""  # the relative word as written (当該, 次の …)
    antecedent: bool = False  # 当該各号: the items of the last 各号 (references.yaml relative_antecedent)


def _scan_chain(folded: str, pos: int, end: int) -> list[_Frag]:
    """Fragments that start exactly at ``pos`` and follow each other without gaps."""
    frags: list[_Frag] = []
    match, opens = _FRAG.match, _FRAG_OPENS
    while pos < end:
        # (a character no fragment opens with ends the chain without running the pattern)
        m = match(folded, pos, end) if opens is None or folded[pos] in opens else None
        if m is None:
            if frags and frags[-1].unit in ("item", "subitem"):
                s = _SUBITEM.match(folded, pos, end)
                if s:
                    frags.append(_Frag("subitem", pos, s.end(), unit="subitem", num=(_sub_num(s.group()),)))
                    pos = s.end()
                    continue
            break
        frags.append(_frag_of(m))
        pos = m.end()
    return frags


def _sub_num(label: str) -> int:
    c = label.strip("()")
    if c in _IROHA:
        return _IROHA.index(c) + 1
    if c.isdigit():
        return int(c)
    if c in _AIUEO:
        return _AIUEO.index(c) + 1
    return 0


# the alternative of _FRAG a match took, by the last group it closed (the outer group of the
# alternative, or rel_unit for a relative fragment): one lookup instead of a group() per alternative
_TOP_OF_LAST = {"law": "law", "suppl": "suppl", "appx": "appx", "form": "form", "rel_unit": "rel",
                "each": "each", "named": "named", "bare": "bare", "mod": "mod"}


def _frag_of(m: re.Match) -> _Frag:
    top = _TOP_OF_LAST.get(m.lastgroup)
    if top == "named" and m.group("named"):  # the most frequent fragment (第三条 …)
        return _Frag("named", m.start(), m.end(), unit=_UNITS[m.group("named_unit")],
                     num=_nums(m.group("named_num") + (m.group("named_br") or "")))
    if top == "rel" and m.group("rel"):
        return _rel_frag(m, m.start(), m.end())
    return _frag_by_groups(m)


def _frag_by_groups(m: re.Match) -> _Frag:
    g = m.lastgroup
    s, e = m.start(), m.end()
    if m.group("law"):
        return _Frag("law", s, e)
    if m.group("suppl"):
        return _Frag("suppl", s, e)
    if m.group("appx"):
        if m.group("style"):
            n = _nums(m.group("style_num") + m.group(0)[m.group(0).index(m.group("style_num")) + len(m.group("style_num")):].lstrip("号"))
            return _Frag("appx", s, e, unit="appendix", num=n, appx_kind="様式")
        n = _nums(m.group(0)[m.start("appx_num") - s:]) if m.group("appx_num") else ()
        return _Frag("appx", s, e, unit="appendix", num=n, appx_kind=m.group("appx_kind"))
    if m.group("form"):
        return _Frag("form", s, e, unit="appendix", num=_nums(m.group("form_num")), appx_kind="様式")
    if m.group("rel"):
        return _rel_frag(m, s, e)
    if m.group("each"):
        return _Frag("each", s, e, unit="item" if m.group("each") == "各号" else "paragraph", relpos="each", each=True)
    if m.group("named"):
        return _Frag("named", s, e, unit=_UNITS[m.group("named_unit")],
                     num=_nums(m.group("named_num") + (m.group("named_br") or "")))
    if m.group("bare"):
        return _Frag("bare", s, e, unit="article", num=_nums(m.group("bare_num")))
    del g
    return _Frag("mod", s, e)


def _rel_frag(m: re.Match, s: int, e: int) -> _Frag:
    rel = "prev" if m.group("rel_prev") else "next" if m.group("rel_next") else \
        "same" if m.group("rel_same") else "here"
    each = bool(m.group("rel_each"))
    count = kanji_to_int(m.group("rel_count")) if m.group("rel_count") else 1
    unit = _UNITS[m.group("rel_unit")]
    antecedent = m.group("rel_antecedent") is not None
    if not each and (antecedent or m.group("rel_listed") is not None):
        return _Frag("mod", s, e)  # 次の号 etc. is not a pointer
    return _Frag("rel", s, e, unit=unit, relpos=rel, count=count or 1, each=each, word=m.group("rel"),
                 antecedent=antecedent)


_START = _RX["start"]


class _State:
    """Antecedents for 同条/同項/同号 and the previous chain for inheritance."""

    def __init__(self) -> None:
        self.same: dict[str, int | None] = {}
        self.same_external = False
        self.prev_ctx: dict[str, int | None] = {}
        self.prev_end = -1
        self.prev_external: str | None = None
        self.sentence_end = -1
        self.sentence_ctx: dict[str, int | None] = {}  # last explicit article in this sentence
        # recent chains of this sentence (chain end, external, ctx): a chain after a parenthesis
        # continues the chain before it (第四十三条第一項（前条において…）、第四項)
        self.hist: list[tuple[int, str | None, dict]] = []
        self.last_each: list[int] = []  # items of the last …各号 in this sentence (for 当該各号)


def find_references(facts, tree: Tree | None = None) -> tuple[Reference, ...]:
    """Every reference in the document, resolved where internal."""
    folded = facts.folded
    clauses = facts.clauses
    tree = tree or Tree(clauses, facts.text)
    quoted = _quoted_spans(folded)
    tree.quoted = quoted
    law_rows = sorted(_law_table_rows(folded, clauses, tree) + _rewording_tables(folded))
    tree.law_rows = law_rows
    index = {id(c): i for i, c in enumerate(clauses)}
    bare_articles = any(c.kind == "article" and "条" not in (c.label or "") and (c.label or "").startswith(("第", "第"))
                        for c in clauses)
    out: list[Reference] = []
    state = _State()
    skip = sorted((c.start, c.end) for c in clauses if c.kind in ("toc", "title"))
    skip_starts = {a for a, _ in skip}
    pos = 0
    n = len(folded)
    while True:
        m = _START.search(folded, pos)
        if m is None:
            break
        p = m.start()
        if skip and (_inside(skip, p + 1) or p in skip_starts):
            pos = p + 1
            continue
        raw = _scan_chain(folded, p, n)
        frags = _trim_frags(raw, bare_articles) if raw else raw  # (第三者, 各自 …: no fragment at all)
        if not frags:
            pos = p + 1
            continue
        end = frags[-1].end
        chain_end = raw[len(frags) + _trailing_mods(raw, len(frags)) - 1].end  # (the fragments follow each other)
        base_clause = facts.clause_at(p)
        base = index.get(id(base_clause)) if base_clause is not None else None
        if quoted and _inside(quoted, p):
            # quoted wording (読み替え): not a pointer of this text, and no antecedent for 同条
            out.append(_plain_ref(facts, frags, base, p, end, "quoted"))
        else:
            forced = "law" if law_rows and _inside(law_rows, p + 1) else None
            out.append(_resolve(facts, tree, folded, frags, base, state, p, end, chain_end, forced))
        pos = end
    return tuple(out)


def _trailing_mods(raw: list[_Frag], k: int) -> int:
    j = k
    while j < len(raw) and raw[j].kind == "mod":
        j += 1
    return j - k


def _plain_ref(facts, frags: list[_Frag], base: int | None, start: int, end: int, ext: str) -> Reference:
    first = next(f for f in frags if f.unit)
    return Reference(text=facts.text[start:end], start=start, end=end, kind="external",
                     target_type=[f.unit for f in frags if f.unit][-1], relpos=first.relpos,
                     clause=facts.clauses[base].path if base is not None else None, external=ext)


_LAW_CELL = _RX["law_cell"]


def _law_table_rows(folded: str, clauses, tree: Tree) -> list[tuple[int, int]]:
    """Rows of appendix tables whose first cell names a law: their pointers refer to that law."""
    out = []
    for c in clauses:
        if c.kind != "appendix":
            continue
        pos = c.start
        while pos < c.end:
            nl = folded.find("\n", pos, c.end)
            stop = c.end if nl < 0 else nl
            m = _LAW_CELL.match(folded, pos, stop)
            if m:
                out.append((m.end() - 1, stop))
            pos = stop + 1
    return out


_REWORDING_LEAD = _RX["rewording"]


def _rewording_tables(folded: str) -> list[tuple[int, int]]:
    """Rows of 読み替え tables (読み替えられる字句 / 読み替える字句): they cite another law's provisions."""
    out = []
    for m in _REWORDING_LEAD.finditer(folded):
        start = folded.find("\n", m.end())
        if start < 0:
            continue
        pos = start + 1
        while pos < len(folded):
            nl = folded.find("\n", pos)
            stop = len(folded) if nl < 0 else nl
            line = folded[pos:stop]
            if not line.startswith("\u3000") or line.count("\u3000") < 2:
                break
            pos = stop + 1
        out.append((start, pos))
    return out


_QUOTE_MARKS = re.compile("[「」\n]")


def _quoted_spans(folded: str) -> list[tuple[int, int]]:
    """Spans inside 「…」 (quoted wording such as 読み替え: not references of this text)."""
    out, stack = [], []
    for m in _QUOTE_MARKS.finditer(folded):  # jump between the marks (C), not over every character
        i, ch = m.start(), m.group()
        if ch == "「":
            stack.append(i)
        elif ch == "」" and stack:
            a = stack.pop()
            if not stack:
                out.append((a, i))
        elif ch == "\n":
            stack = []
    return out


def _inside(spans: list[tuple[int, int]], p: int) -> bool:
    if not spans:
        return False
    k = bisect.bisect_right(spans, (p, 10**12)) - 1
    return k >= 0 and spans[k][0] < p < spans[k][1]


def _trim_frags(frags: list[_Frag], bare_articles: bool) -> list[_Frag]:
    # a chain made only of modifiers / a lone 附則 / lone 同法 is not a reference
    out = []
    for f in frags:
        if f.kind == "bare" and not bare_articles:
            break
        out.append(f)
    while out and out[-1].kind in ("mod", "suppl", "law"):
        out.pop()
    for f in out:
        if f.unit:
            break
    else:  # no fragment with a target type
        return []
    if out and out[0].kind == "mod":
        return []
    return out


_OTHER_DOC_NO = _RX["other_document"]


def _external_prefix(facts, folded: str, p: int) -> str | None:
    """Why a chain at ``p`` belongs to another text (law name / other document), or None."""
    m = _OTHER_DOC_NO.search(folded, max(0, p - 10), p)
    if m:
        title = next((c.label or "" for c in facts.clauses if c.kind == "title"), "")
        if m.group(1) not in fold(title):
            return "other_document"
    q = p
    if q > 0 and folded[q - 1] == ")":
        depth = 0
        k = q - 1
        while k >= 0:
            ch = folded[k]
            if ch == ")":
                depth += 1
            elif ch == "(":
                depth -= 1
                if depth == 0:
                    break
            k -= 1
        if k < 0:
            return None
        q = k  # a law number or abbreviation in parentheses: look at the name before it
    if q > 1 and folded[q - 1] == " " and folded[q - 2] not in " \u3000\n条項号":
        q -= 1  # one half-width space between the name and the chain (U+3000 follows labels)
    if q <= 0:
        return None
    prev = folded[q - 1]
    if not ("\u4e00" <= prev <= "\u9fff" or "\u30a1" <= prev <= "\u30fa" or prev in "々〆ヶ"):
        return None
    before = folded[max(0, q - 12):q]
    if _SELF.search(before):
        return None
    if _RX["law_name"].search(before):
        return "law"
    return "other_document"


_PARENS = re.compile("[()]")
_SENTENCE_MARKS = re.compile("[\n(「)」。]")


def _balanced(s: str) -> bool:
    """Parentheses in ``s`` close in order and never below the level where ``s`` starts."""
    if ")" not in s:
        return "(" not in s
    depth = 0
    for m in _PARENS.finditer(s):  # jump between the parentheses (C), not over every character
        if m.group() == "(":
            depth += 1
        else:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _strip_parens(s: str) -> str:
    if "(" not in s and ")" not in s:
        return s
    out, depth, last = [], 0, 0
    for m in _PARENS.finditer(s):  # copy the runs between parentheses at depth 0
        i = m.start()
        if depth == 0:
            out.append(s[last:i])
        depth = depth + 1 if m.group() == "(" else max(0, depth - 1)
        last = i + 1
    if depth == 0:
        out.append(s[last:])
    return "".join(out)


def _sentence_end(folded: str, p: int) -> int:
    """End of the sentence holding ``p`` (。 outside parentheses, or a line end)."""
    depth = 0
    for m in _SENTENCE_MARKS.finditer(folded, p):  # only these characters change the state
        ch = m.group()
        if ch == "\n":
            return m.start()
        if ch in "(「":
            depth += 1
        elif ch in ")」":
            depth = max(0, depth - 1)
        elif depth == 0:  # 。
            return m.start()
    return len(folded)


def _resolve(facts, tree: Tree, folded: str, frags: list[_Frag], base: int | None, state: _State,
             start: int, end: int, chain_end: int, forced: str | None = None) -> Reference:
    """The reference of one chain: external (and why) or resolved against the clause tree, with
    ``state`` updated for the chains after it (同条, inherited levels, 当該各号)."""
    first = next(f for f in frags if f.unit)
    if start > state.sentence_end:
        _new_sentence(state, folded, start)
    adjacent = _adjacent(state, folded, start)
    group = tree.group_of[base] if base is not None else None
    suppl_prefix = frags[0].kind == "suppl"
    external = forced or _external_kind(facts, tree, folded, frags, first, state, start, adjacent, group,
                                        suppl_prefix)
    state.prev_end = chain_end
    if external:
        if first.relpos in ("named", "same"):
            state.same_external = True
        state.prev_external = external
        state.prev_ctx = {}
        return _reference(facts, frags, first, state, base, start, end, chain_end, [], external, {})

    cur_group = _chain_group(tree, group, suppl_prefix)
    targets: list[int] | None = None
    ctx: dict[str, int | None] = {}
    explicit: set[str] = set()
    for start_ctx in _attempts(tree, first, base, state, adjacent, suppl_prefix):
        targets, ctx, explicit = _walk_chain(tree, frags, start_ctx, base, cur_group, state, suppl_prefix)
        if targets is not None:
            break
    if targets is None:
        if (suppl_prefix and tree.is_abridged(cur_group)) or tree.is_abridged(group):
            return _reference(facts, frags, first, state, base, start, end, chain_end, [], "abridged", ctx)
        if group is not None and tree.consolidated and first.relpos in ("named", "same"):
            # a consolidated statute keeps its 附則 as enacted: they cite the numbering of that time
            return _reference(facts, frags, first, state, base, start, end, chain_end, [], "as_enacted", ctx)
    _remember(state, targets is not None, ctx, explicit)
    return _reference(facts, frags, first, state, base, start, end, chain_end, targets or [], None, ctx)


def _new_sentence(state: _State, folded: str, start: int) -> None:
    """A chain in a new sentence: forget the antecedents that last only one sentence."""
    state.sentence_end = _sentence_end(folded, start)
    state.sentence_ctx = {}
    state.hist = []
    state.last_each = []


def _adjacent(state: _State, folded: str, start: int) -> bool:
    """Does the chain at ``start`` continue the chain before it (及び, から…まで, 、)? A chain may
    also continue one written before a parenthesis holding other references; then the
    external / context of that chain become the previous ones."""
    gap = start - state.prev_end
    if 0 <= state.prev_end and 0 <= gap <= 300:
        connector = folded[state.prev_end:start]
        if connector in ("", "(", " ") or (_may_connect(connector)
                                            and _CONNECT.fullmatch(_strip_parens(connector)) is not None):
            return True
    opens = _CONNECT_OPENS
    for h_end, h_ext, h_ctx in reversed(state.hist[-8:]):
        # a text of 1 to 300 characters opening as a connector may (the first character is read
        # before the text is copied)
        if not 0 < start - h_end <= 300 or (opens is not None and folded[h_end] not in opens):
            continue
        conn = folded[h_end:start]
        if _balanced(conn) and _CONNECT.fullmatch(_strip_parens(conn)):
            state.prev_external, state.prev_ctx = h_ext, h_ctx
            return True
    return False


def _may_connect(s: str) -> bool:
    """Can the non-empty ``s`` be connectors once its parentheses are dropped? Not when it opens with
    a character no connector opens with (the first character outside parentheses is its first)."""
    return _CONNECT_OPENS is None or s[0] in _CONNECT_OPENS


def _external_kind(facts, tree: Tree, folded: str, frags: list[_Frag], first: _Frag, state: _State,
                   start: int, adjacent: bool, group: int | None, suppl_prefix: bool) -> str | None:
    """Why the chain at ``start`` points outside this text, or None (see ``Reference.external``)."""
    clauses = facts.clauses
    head = frags[0]
    if head.kind == "law":
        external = "law"
    elif head.kind == "form" and not any(c.kind == "appendix" and appendix_kind(c) == "様式" for c in clauses):
        external = "form"
    elif head.kind == "appx" and not head.num and not any(c.kind == "appendix" and appendix_kind(c) == head.appx_kind
                                                          for c in clauses):
        # a bare 別紙 / 別表 / 別記 in a file with no attachment of that kind is the sheet sent with the
        # body (「別紙の具体的作業内容」, 別記「個人情報取扱特記事項」 beside a 別表第一 of milestones): it
        # cannot be checked here. A numbered one (別表第2) belongs to the document's own series, and a
        # file with attachments of that kind is checked against them.
        external = "attachment"
    else:
        external = _external_prefix(facts, folded, start)
        if external is None and first.relpos == "same" and state.same_external:
            external = "law"
        if external is None and adjacent and state.prev_external and first.relpos == "named" \
                and head.kind != "suppl":
            external = state.prev_external
    if external is None and first.relpos == "named" and first.unit in ("article", "chapter") and not suppl_prefix \
            and tree.is_amendment_suppl(group):
        external = "amending_law"
    return external


def _reference(facts, frags: list[_Frag], first: _Frag, state: _State, base: int | None, start: int, end: int,
               chain_end: int, targets: list[int], ext: str | None, ctx: dict) -> Reference:
    """The :class:`Reference` of a chain; the chain is remembered for the ones after it."""
    clauses = facts.clauses
    state.hist.append((chain_end, ext, dict(ctx) if ext is None and targets else {}))
    if ext is None and targets and frags[-1].each and frags[-1].unit == "item":
        state.last_each = list(targets)
    t = targets[0] if targets else None
    return Reference(text=facts.text[start:end], start=start, end=end, kind="external" if ext else "internal",
                     target_type=[f.unit for f in frags if f.unit][-1], relpos=first.relpos,
                     clause=clauses[base].path if base is not None else None, target=t,
                     target_path=clauses[t].path if t is not None else None, targets=tuple(targets),
                     external=ext)


def _chain_group(tree: Tree, group: int | None, suppl_prefix: bool) -> int | None:
    """The 附則 whose articles a chain names: None (plain 第N条 names an article of the main
    provisions); for 附則第N条 the 附則 of this text (the original 附則 from the main provisions)."""
    if not suppl_prefix:
        return None
    return group if group is not None and tree.is_amendment_suppl(group) else _main_suppl(tree)


def _attempts(tree: Tree, first: _Frag, base: int | None, state: _State, adjacent: bool,
              suppl_prefix: bool) -> list[dict]:
    """The contexts to resolve a chain in, in order: a bare 第2項 may take its article from the
    chain before it (第三条第一項及び第二項) or from the last article named in the sentence."""
    lvl = _LEVEL.get(first.unit or "", 99)

    def inherited(src: dict) -> dict:
        return {k: v for k, v in src.items() if _LEVEL.get(k, 99) < lvl}

    attempts: list[dict] = [{}]
    if first.relpos == "named" and not suppl_prefix and first.unit in ("paragraph", "item", "subitem"):
        if adjacent and state.prev_ctx:
            attempts.insert(0, inherited(state.prev_ctx))
        elif state.sentence_ctx:
            attempts.append(inherited(state.sentence_ctx))
    if first.relpos == "prev" and first.unit == "paragraph" and _in_bullet(tree, base):
        # a bullet line may be a paragraph of its own (「- 当社は、前項の規定により…」)
        attempts.append({_AS_PARAGRAPH: True})
    return attempts


def _walk_chain(tree: Tree, frags: list[_Frag], start_ctx: dict, base: int | None, cur_group: int | None,
                state: _State, suppl_prefix: bool) -> tuple[list[int] | None, dict, set[str]]:
    """(targets of the last fragment, or None when one fragment cannot be resolved; the context of
    levels reached; the levels the chain names) for one attempt."""
    ctx = dict(start_ctx)
    explicit: set[str] = set()
    targets: list[int] = []
    for f in frags:
        if f.kind in ("mod", "law", "suppl"):
            continue
        res = _step(tree, f, ctx, base, cur_group, state, suppl_prefix)
        if res is None:
            return None, ctx, explicit
        targets = res
        explicit.add(f.unit)
        ctx[f.unit] = targets[0]
        for kind in ("article", "paragraph", "item"):  # a resolved level implies its ancestors
            if _LEVEL[kind] < _LEVEL.get(f.unit, 99):
                a = tree.ancestor(targets[0], kind)
                if a is not None:
                    ctx.setdefault(kind, a)
    return targets, ctx, explicit


def _remember(state: _State, ok: bool, ctx: dict, explicit: set[str]) -> None:
    """After an internal chain: the antecedents of 同条/同項/同号 and of the next chain."""
    state.prev_external = None
    state.same_external = False
    state.prev_ctx = dict(ctx) if ok else {}
    if not ok and "article" in explicit and ctx.get("article") is not None:
        state.same["article"] = ctx["article"]
    if ok:
        named_levels = explicit | set(k for k in ctx if k in ("article", "paragraph") and k not in explicit
                                      and _LEVEL[k] > min((_LEVEL[e] for e in explicit), default=99))
        for k in ("article", "paragraph", "item"):
            if ctx.get(k) is not None and k in named_levels:
                state.same[k] = ctx[k]
        if "article" in explicit:
            state.sentence_ctx = dict(ctx)


#: context key: read the bullet item holding the reference as the paragraph after its own
_AS_PARAGRAPH = "_bullet_as_paragraph"
_BULLET_LABELS = ("・", "•", "-", "*", "+")


def _in_bullet(tree: Tree, base: int | None) -> bool:
    """Does ``base`` sit in an item written as a bullet (numbered only by its position)?"""
    j = tree.ancestor(base, "item")
    return j is not None and (tree.clauses[j].label or "").strip() in _BULLET_LABELS


def _main_suppl(tree: Tree) -> int | None:
    for i, c in enumerate(tree.clauses):
        if c.kind == "suppl" and not tree.is_amendment_suppl(i):
            return i
    return None


def _step(tree: Tree, f: _Frag, ctx: dict, base: int | None, group: int | None, state: _State,
          suppl_prefix: bool) -> list[int] | None:
    """Targets of one fragment given the context so far; None when it cannot be resolved."""
    unit = f.unit
    if f.kind in ("appx", "form"):
        return _step_appendix(tree, f)
    base_art = tree.ancestor(base, "article")
    if unit in ("paragraph", "item", "subitem"):
        # rows and items inside a table are not clause nodes: the appendix itself is the target
        appx = ctx.get("appendix")
        if appx is None and base_art is None and f.relpos != "same":
            appx = tree.ancestor(base, "appendix")
        if appx is not None and not tree.descendants(appx, unit):
            return [appx]
    if f.kind == "subitem":
        return _step_subitem(tree, f, ctx)
    if unit in ("part", "chapter", "section", "subsection", "division"):
        return _step_division(tree, f, ctx, base)
    if unit == "article":
        return _step_article(tree, f, base, base_art, group, state)
    if unit == "paragraph":
        return _step_paragraph(tree, f, ctx, base, base_art, state)
    if unit == "item":
        return _step_item(tree, f, ctx, base, base_art, state)
    return None


def _step_appendix(tree: Tree, f: _Frag) -> list[int] | None:
    """別表第2 / 別紙 / 様式第3号: the attachment of that kind and number."""
    cands = tree.appendices(f.appx_kind)
    if not f.num:
        return cands[:1] or None
    for i in cands:
        if appendix_num(tree.clauses[i]) == f.num:
            return [i]
    if f.appx_kind in ("別紙", "別記") and f.num == (1,) and len(cands) == 1:
        return cands
    return None


def _step_subitem(tree: Tree, f: _Frag, ctx: dict) -> list[int] | None:
    """イ / (1) after an item: the subitem of that item."""
    item = ctx.get("item")
    if item is None:
        return None
    for j in tree.kids(item, "subitem"):
        first, _ = clause_nums(tree.clauses[j])
        if first[:1] == f.num or _sub_num(_label_core(tree.clauses[j].label)) == f.num[0]:
            return [j]
    return None


def _step_article(tree: Tree, f: _Frag, base: int | None, base_art: int | None, group: int | None,
                  state: _State) -> list[int] | None:
    """第N条 (in ``group``), 本条, 同条, 前条 / 次条 / 前各条 / 前二条."""
    if f.relpos in ("named", "bare"):
        j = tree.find_article(group, f.num)
        if j is None and f.kind == "bare" and len(f.num) == 2:
            return _bare_paragraph(tree, f, group)
        return [j] if j is not None else None
    if f.relpos == "here":
        if base_art is None and not tree.articles_in_group(None):
            base_art = tree.ancestor(base, "section")  # 本条 in a 利用規約 of headings: its section
        return [base_art] if base_art is not None else None
    if f.relpos == "same":
        j = state.same.get("article")
        return [j] if j is not None else None
    if base_art is None:
        return None
    sibs = tree.sibling_articles(base_art)
    k = sibs.index(base_art)
    if f.relpos == "prev":
        lo = k - f.count if not f.each else 0
        if lo < 0 or k == 0:
            return None
        return sibs[lo:k][::-1] if f.count > 1 or f.each else [sibs[k - 1]]
    if f.relpos == "next":
        if k + f.count >= len(sibs) + 0 and k + 1 >= len(sibs):
            return None
        return sibs[k + 1:k + 1 + f.count]
    return None


def _bare_paragraph(tree: Tree, f: _Frag, group: int | None) -> list[int] | None:
    """「第10の１」 in a 第１-style document without branch articles: paragraph １ of 第10 (its
    paragraphs are numbered ２, ３ … and the first is unnumbered), not an article 第10の1."""
    if any(len(c.num) > 1 for c in tree.clauses if c.kind == "article"):
        return None  # the document has branch articles (第８の２): 第10の１ would be one
    a = tree.find_article(group, f.num[:1])
    if a is None:
        return None
    paras = tree.kids(a, "paragraph")
    k = f.num[1] - 1
    return [paras[k]] if 0 <= k < len(paras) else None


def _step_paragraph(tree: Tree, f: _Frag, ctx: dict, base: int | None, base_art: int | None,
                    state: _State) -> list[int] | None:
    """第N項 (of the article in ``ctx`` or of this one), 各項, 本項, 同項, 前項 / 次項 / 前各項."""
    base_par = tree.ancestor(base, "paragraph")
    art = ctx.get("article")
    if f.relpos == "named":
        art = art if art is not None else base_art
        if art is None and base_par is not None:
            art = tree.clauses[base_par].parent
        if art is None:
            return None
        j = tree.find_num(tree.kids(art, "paragraph"), f.num)
        return [j] if j is not None else None
    if f.relpos == "each":
        art = art if art is not None else base_art
        ps = tree.kids(art, "paragraph") if art is not None else []
        return ps or None
    if f.relpos == "here":
        return [base_par] if base_par is not None else None
    if f.relpos == "same":
        j = state.same.get("paragraph")
        return [j] if j is not None else None
    if base_par is None:
        return None
    sibs = tree.kids(tree.clauses[base_par].parent, "paragraph")
    k = sibs.index(base_par) + (1 if ctx.get(_AS_PARAGRAPH) else 0)
    if f.relpos == "prev":
        if f.each:
            return sibs[:k][::-1] or None
        if k - f.count < 0:
            return _previous_section(tree, tree.clauses[base_par].parent) if k == 0 and f.count == 1 else None
        return sibs[k - f.count:k][::-1]
    if f.relpos == "next":
        nxt = sibs[k + 1:k + 1 + f.count]
        return nxt or None
    return None


def _previous_section(tree: Tree, unit: int | None) -> list[int] | None:
    """前項 in the first paragraph of a numbered section of a specification (8.2 データの消去: 「前項の
    引渡し」): the section before it, which such a document calls a 項."""
    if unit is None:
        return None
    c = tree.clauses[unit]
    if not c.num or not (
            (c.kind == "section" and c.path in (".".join(map(str, c.num)), "-".join(map(str, c.num))))
            or _uncaptioned_number(c)):
        return None
    # (clauses numbered 「1」「2」 without captions in a 別記 are its 項 too: 「3　…前項の認証の更新を受けたときは」)
    sibs = tree.kids(c.parent, c.kind)
    k = sibs.index(unit) if unit in sibs else -1
    prev = sibs[k - 1] if k > 0 else None
    if prev is None or (c.kind == "article" and not _uncaptioned_number(tree.clauses[prev])):
        return None
    return [prev]


def _uncaptioned_number(c) -> bool:
    """A clause numbered 「2」 without 第 and without a caption."""
    return c.kind == "article" and c.caption is None and len(c.num) == 1 and c.path == str(c.num[0])


def _step_item(tree: Tree, f: _Frag, ctx: dict, base: int | None, base_art: int | None,
               state: _State) -> list[int] | None:
    """第N号, 各号, 次の各号 / 当該各号 / 本号, 同号, 前号 / 次号 / 前各号."""
    base_par = tree.ancestor(base, "paragraph")
    par = ctx.get("paragraph")
    if par is None and ctx.get("appendix") is not None:
        par = ctx["appendix"]  # items listed directly in an appendix
    if par is None and ctx.get("article") is not None:
        ps = tree.kids(ctx["article"], "paragraph")
        par = ps[0] if ps else None
    if f.relpos == "named":
        if par is not None:
            j = tree.find_num(tree.kids(par, "item"), f.num)
            return [j] if j is not None else None
        # 第K号 alone: the items of this paragraph, else of the article's only itemised paragraph
        for p in _item_parents(tree, base_par, base_art):
            j = tree.find_num(tree.kids(p, "item"), f.num)
            if j is not None:
                return [j]
        return None
    if f.relpos == "each":
        p = par if par is not None else base_par
        items = tree.kids(p, "item") if p is not None else []
        if not items and par is None:
            items = _first_items(tree, base_par, base_art)
        return items or None
    base_item = tree.ancestor(base, "item")
    if f.relpos == "here":
        return _here_items(tree, f, base, base_par, base_art, base_item, state)
    if f.relpos == "same":
        j = state.same.get("item")
        return [j] if j is not None else None
    sibs, k = _item_siblings(tree, base_par, base_item)
    if f.relpos == "prev":
        if f.each:
            return sibs[:k][::-1] or None
        if k - f.count < 0:
            return None
        return sibs[k - f.count:k][::-1] or None
    if f.relpos == "next":
        return sibs[k + 1:k + 1 + f.count] or None
    return None


def _first_items(tree: Tree, base_par: int | None, base_art: int | None) -> list[int]:
    """The items of this paragraph, else of the article's first itemised paragraph ([] when none)."""
    for p in _item_parents(tree, base_par, base_art):
        items = tree.kids(p, "item")
        if items:
            return items
    return []


def _here_items(tree: Tree, f: _Frag, base: int | None, base_par: int | None, base_art: int | None,
                base_item: int | None, state: _State) -> list[int] | None:
    """本号, or with 各: 次の各号 / 当該各号 (the items listed here, or those of the last 各号)."""
    if not f.each:
        return [base_item] if base_item is not None else None
    if f.antecedent and state.last_each:
        return list(state.last_each)  # 第五十八条第二項各号に掲げる者が行う当該各号
    items = _first_items(tree, base_par, base_art)
    if items:
        return items
    if base is not None and _INLINE_ITEMS.search(tree.text_line_after(f.end)):
        return [base]  # items written inline (a table cell): 次の各号の一に該当する…一　…二　…
    return None


def _item_siblings(tree: Tree, base_par: int | None, base_item: int | None) -> tuple[list[int], int]:
    """(the items that 前号 / 次号 count among, the position of this one): the items around this
    item, else those of this paragraph, else of the itemised paragraph before it (k = their count)."""
    if base_item is not None:
        sibs = tree.kids(tree.clauses[base_item].parent, "item")
        return sibs, sibs.index(base_item)
    sibs = tree.kids(base_par, "item") if base_par is not None else []
    k = len(sibs)
    if not sibs and base_par is not None:  # paragraph after an itemised paragraph
        prev_pars = [q for q in tree.kids(tree.clauses[base_par].parent, "paragraph") if q < base_par]
        if prev_pars:
            sibs = tree.kids(prev_pars[-1], "item")
            k = len(sibs)
    return sibs, k


_INLINE_ITEMS = re.compile(r"(?<!の)(?:一|\(1\)|①)[\u3000 ]\S.{0,300}?(?:二|\(2\)|②)[\u3000 ]")


def _item_parents(tree: Tree, base_par: int | None, base_art: int | None) -> list[int]:
    out = []
    if base_par is not None:
        out.append(base_par)
    if base_art is not None:
        for p in tree.kids(base_art, "paragraph"):
            if p not in out and tree.kids(p, "item"):
                out.append(p)
    return out


def _label_core(label: str) -> str:
    from ..textnorm import fold

    return fold(label or "").strip().strip("()（）")


def _step_division(tree: Tree, f: _Frag, ctx: dict, base: int | None) -> list[int] | None:
    clauses = tree.clauses
    unit = f.unit
    own = tree.ancestor(base, unit)
    if f.relpos == "here":
        return [own] if own is not None else None
    if f.relpos == "named":
        higher = {"chapter": "part", "section": "chapter", "subsection": "section", "division": "subsection"}.get(unit)
        scope_parent = ctx.get(higher) if higher else None
        if scope_parent is None and higher:
            scope_parent = tree.ancestor(base, higher)
        cands = tree.main_units(unit)
        if higher and scope_parent is not None:
            inside = [i for i in cands if tree.ancestor(i, higher) == scope_parent]
            j = tree.find_num(inside, f.num)
            if j is not None:
                return [j]
        j = tree.find_num(cands, f.num)
        return [j] if j is not None else None
    if own is None:
        return None
    sibs = tree.kids(clauses[own].parent, unit)
    k = sibs.index(own)
    if f.relpos == "prev":
        return sibs[max(0, k - f.count):k][::-1] or None
    if f.relpos == "next":
        return sibs[k + 1:k + 1 + f.count] or None
    if f.relpos == "same":
        return [own]
    return None


def section_references(facts) -> list[Reference]:
    """References by number to the numbered sections of a specification (「5.3に定める手順」). One whose
    parent section exists but it does not is unresolved (dangling); a number whose parent is no section
    of the document (99.9に定める) is left alone."""
    # (a clause numbered without 第 under a caption, 「１５　受託者は…」, is cited the same way: 「１５(3)」)
    paths = {c.path: i for i, c in enumerate(facts.clauses) if c.kind in ("section", "article") and c.num
             and c.path in (".".join(map(str, c.num)), "-".join(map(str, c.num)))}
    # 「第3章」 holding 3.1, 3.2 …: the chapter is the parent of 3.4 as a section 3 would be
    chapters = {str(c.num[0]) for c in facts.clauses if c.kind == "chapter" and c.num and len(c.num) == 1}
    out = []
    for sep, name in ((".", "section_ref"), ("-", "section_ref_hyphen")):
        if not any(sep in p for p in paths):
            continue
        for m in _RX[name].finditer(facts.folded):
            label = m.group(1)
            target = paths.get(label)
            parent = label.rsplit(sep, 1)[0]
            if target is None and parent not in paths and parent not in chapters:
                continue
            out.append(_section_reference(facts, m, target, label))
    if paths:
        # 本特記事項３１: with numbered headings, the number after the document's own name is a heading
        # (unresolved when the document has none of that number, or no parent section for 4.9)
        for m in _RX["own_section_ref"].finditer(facts.folded):
            label = m.group(1)
            target = paths.get(label)
            if target is None and "." in label and label.rsplit(".", 1)[0] not in paths:
                continue
            out.append(_section_reference(facts, m, target, label))
        out.extend(_section_item_references(facts, paths))
    return out


def _section_item_references(facts, paths: dict) -> list[Reference]:
    """「８(4)に定める」 in a document of numbered sections: the item (4) of section 8, unresolved when
    section 8 exists without it (a number that is no section is left alone)."""
    out = []
    for m in _RX["section_item_ref"].finditer(facts.folded):
        sec = paths.get(m.group(2))
        if sec is None:
            continue
        num = int(m.group(3))
        sec_c = facts.clauses[sec]
        target = next((i for i, c in enumerate(facts.clauses) if c.kind == "item" and c.num == (num,)
                       and sec_c.start <= c.start < sec_c.end and facts.clauses[c.parent].parent == sec), None)
        out.append(Reference(text=facts.text[m.start(1):m.end(1)], start=m.start(1), end=m.end(1), kind="internal",
                             target_type="item", relpos="absolute", clause=facts.clause_path(m.start(1)),
                             target=target, target_path=facts.clauses[target].path if target is not None else None))
    return out


def _section_reference(facts, m: re.Match, target: int | None, label: str) -> Reference:
    return Reference(text=facts.text[m.start(1):m.end(1)], start=m.start(1), end=m.end(1), kind="internal",
                     target_type="section", relpos="absolute", clause=facts.clause_path(m.start(1)),
                     target=target, target_path=label if target is not None else None)


def analyze(facts):
    """Facts -> Facts with ``references`` filled (and a JSON-ready copy in extra)."""
    tree = Tree(facts.clauses, facts.text)
    refs = find_references(facts, tree)
    extra_refs = section_references(facts)
    if extra_refs:
        refs = tuple(sorted((*refs, *extra_refs), key=lambda r: r.start)) if isinstance(refs, tuple) \
            else sorted([*refs, *extra_refs], key=lambda r: r.start)
    extra = dict(facts.extra)
    extra["references"] = [r.to_json() for r in refs]
    extra["_tree"] = tree
    return dataclasses.replace(facts, references=refs, extra=extra)


# ---------------------------------------------------------------------------
# citations of whole articles and attachments (read by coverage and consistency)
# ---------------------------------------------------------------------------

_CITED = re.compile(r"(別表|別紙|別記)\s*(?:第\s*)?([0-9一二三四五六七八九十]+)?|第\s*([0-9一二三四五六七八九十百]+)\s*条(?:の\s*([0-9一二三四五六七八九十]+))?")


def _cited_num(s: str | None) -> int | None:
    return kanji_to_int(s) if s else None


def cited_nodes(facts, start: int, end: int) -> list:
    """Attachments and articles cited in ``folded[start:end]`` (別表第2, 第8条, 前条, 次条)."""
    out = []
    rel = _RX["cited_relative"].search(facts.folded[start:end])
    if rel:
        arts = [c for c in facts.clauses if c.kind == "article"]
        here = next((i for i, c in enumerate(arts) if c.start <= start < c.end), None)
        if here is not None:
            k = here - 1 if rel.group(1) is not None else here + 1
            if 0 <= k < len(arts):
                out.append(arts[k])
    for m in _CITED.finditer(facts.folded, start, end):
        if m.group(1):
            kind, n = m.group(1), _cited_num(m.group(2))
            for c in facts.clauses:
                if c.kind == "appendix":
                    lab = fold(c.label or c.path)
                    lm = re.match(r"(別表|別紙|別記)\s*(?:第\s*)?([0-9一二三四五六七八九十]+)?", lab)
                    if lm and lm.group(1) == kind and _cited_num(lm.group(2)) == n:
                        out.append(c)
        else:
            n, b = _cited_num(m.group(3)), _cited_num(m.group(4))
            path = f"第{n}条" + (f"の{b}" if b else "")
            out.extend(c for c in facts.clauses if c.kind == "article" and c.path == path)
    return out
