"""Definitions, their scopes and the occurrence index, as shared facts.

Recognised forms (matched on ``Document.folded``):

- bracket: 〜（以下「X」という。）, 「A」又は「B」, と総称する, 以下単に「X」という, 以下 「X」,
  polite and kanji verbs (といいます, と言う, と称します, 以下、総じて「X」といいます), after 以下 in a
  parenthesis also とします / と呼ぶ / と表記 and no verb at all (このBot（以下「本Bot」）は),
  and unquoted inside a parenthesis: 〇〇株式会社（以下、甲という。）,
  with scope phrases (以下この条において「X」という, 次項において「X」という …);
  party definitions (東山市（以下「甲」という。）) are bracket definitions of kind ``party``;
- ``toha``: 「X」とは、…をいう / を言います / を指します (scope from この法律/この契約/この条において …
  in the sentence), and without 「」 when X opens a sentence, an item or a list line
  (個人情報とは、…をいう。/ この法律で使用者とは、…をいう。/ ・会員とは、…のことをいいます。);
- ``article_item``: the items of a definition article (次の各号に掲げる用語の意義は…, 以下の各用語は
  以下の意味を有する, 用語の定義は次のとおりです): ``一　法令　…をいう`` / ``（１）成果物　…をいう`` /
  ``(1) 「X」 …`` / ``* X: …をいう`` — the tree's items, or the bullet lines right after the lead;
- ``paren``: a noun phrase followed by （…をいう。以下同じ。）/（…を含む。以下この条において同じ。）;
  the term is the noun phrase before the parenthesis, found from Sudachi tokens
  (``paren_extend`` when the parenthesis only extends/narrows: を含む / を除く).
  Without 以下…同じ the parenthesis is a ``local`` definition.

Scopes are lists of half-open ranges (Lawtext ``declarations``): ``document``,
``part``/``chapter``/``section``, ``article``, ``paragraph``, ``item``, ``table``,
``until-end`` (from the definition to the end of its text), ``custom`` (named units
such as この条及び第二十四条第三項) and ``local``. In a consolidated statute an
amendment 附則 is a separate text: scopes stop at its border.

The occurrence index is computed once: every defined term is searched in the
folded text with line breaks removed (a term wrapped across lines still matches),
longest term first (a use of 特定個人情報 is not a use of 個人情報), and each
definition keeps the offsets of its uses inside its scope. Checks never re-scan.

=============  ==============================================================
term           the term as written (``Document.text``)
start, end     span of the term at the definition
clause         clause path of the definition
scope          scope label (see above)
scope_start    first offset of the scope; ``scope_end`` the last
ranges         tuple of (start, end) ranges where the definition applies
kind           ``bracket`` ``party`` ``toha`` ``article_item`` ``paren``
               ``paren_extend`` ``local``
uses           offsets of uses inside the scope (the JSON gives their count)
before         offsets of uses in the same text before an ``until-end`` definition
marker         span of 以下同じ / 以下この条において同じ (paren forms) or None
head           the referent phrase before the parenthesis (bracket/paren), folded
variants       ((variant, (offsets…)), …) near variants the definition does not cover
=============  ==============================================================
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass

from ..textnorm import fold
from ..vocabulary import term_words
from .references import _FRAG, Tree, _inside, _quoted_spans, _scan_chain, _State, _step, _trim_frags

_NOUNISH = ("名詞", "接頭辞", "接尾辞")
_PARTY = set("甲乙丙丁") | {"発注者", "受注者", "委託者", "受託者", "貸主", "借主", "委任者", "受任者"}
_DOC_WORDS = r"(?:この|本)(?:法律|政令|省令|府令|規則|条例|契約書?|特記事項|特記仕様書|仕様書|要領|要綱|規程|規約|約款|覚書|協定書?|基準|告示|細則|指針|特約条項|特約)"
_SCOPE_TAIL = r"(?:において|中|に関し)"
# bracket definitions: optional 以下 + scope phrase + 単に/それぞれ + 「X」(又は「Y」)* + という/と総称する …
# the verb: という / といい(ます) / と言う / と総称する(し) …; after 以下 only also the softer とする /
# とします / と呼ぶ / と表記 (（以下「本サービス」とします。）), or nothing when the parenthesis holds
# only 以下「X」 (このBot（以下「本Bot」）は) — both checked in _bracket_defs
_VERB_STRONG = r"という(?=[。),、]|$)|といい|と言う|と言い|と(?:総称|略称|略|称)(?:する|し)"
_VERB_SOFT = r"とする|とし(?=ま|[、。),])|と(?:呼ぶ|呼び|表記|記載|記す|略記)"
_BRACKET_VERB = r"(?P<verb>" + _VERB_STRONG + r"|(?P<soft>" + _VERB_SOFT + r")|(?=\)))"
_BRACKET = re.compile(
    r"(?P<ika>以下[、, \u3000]*)?(?P<phrase>[^()「」。\n]{0,60}?" + _SCOPE_TAIL + r"[、,]?)?"
    r"(?:単に|それぞれ|併せて|あわせて|総称して|総じて|まとめて)?"
    r"(?P<terms>「[^「」\n]{1,40}」(?:(?:又は|若しくは|及び|並びに|、|,|と)「[^「」\n]{1,40}」)*)" + _BRACKET_VERB)
_TOHA = re.compile(r"「(?P<term>[^「」\n]{1,40})」(?:(?:又は|若しくは|及び|、)「[^「」\n]{1,40}」)*とは")
# the predicate that states a meaning: をいう / を言います / のことをいいます / を指します / を意味する …
_MEANS = re.compile(r"を(?:いう|いい|言う|言い|意味する|意味し|指す|指し)|とする")
_GLOSSARY_LEAD = re.compile(r"用語の(?:意義|定義|意味)")
_DEF_ARTICLE = re.compile(r"(?:各号|次)に掲げる用語の意義|用語の意義は|用語の定義は|次の各号に定めるところによる|用語の意味は"
                          r"|用語(?:は|を)[、,]?[^。\n]{0,20}?(?:(?:意味|意義)(?:を有する|で(?:使用|用い))"
                          r"|(?:のとおり|のように)定義)")
_SAME_MARKER = re.compile(r"(?:[^()。]{0,30}?を除き[、,]?)?(?P<ika>以下)?(?P<phrase>[^()。]{0,60}?において|[^()。]{0,30}?中)?同じ。?$")
# a parenthesis right after a pointer (第十二条第一項ただし書（…。以下この号において同じ。）) qualifies the pointer
_REF_HEAD = re.compile(r"(?:(?:第[0-9〇一二三四五六七八九十百千]+(?:条|項|号)|の[0-9〇一二三四五六七八九十百千]+)+"
                       r"|(?:前|次|同)(?:条|項|号))(?:第[0-9〇一二三四五六七八九十百千]+(?:項|号))*"
                       r"(?:ただし書|本文|前段|後段|柱書|各号)?$")
_STRIP_LEAD = ("当該",)


_INF = float("inf")


@dataclass(frozen=True)
class Definition:
    term: str
    start: int
    end: int
    clause: str | None
    scope: str
    scope_start: int
    scope_end: int
    ranges: tuple[tuple[int, int], ...]
    kind: str
    key: str
    uses: tuple[int, ...] = ()
    before: tuple[int, ...] = ()
    marker: tuple[int, int] | None = None
    head: str = ""
    variants: tuple = ()

    def covers(self, offset: int) -> bool:
        # ranges are sorted and disjoint (_make merges them): bisect, since a statute's main
        # text has one range between every two amendment 附則 and this runs millions of times
        r = self.ranges
        i = bisect.bisect_right(r, (offset, _INF)) - 1
        return i >= 0 and offset < r[i][1]

    def to_json(self) -> dict:
        return {"term": self.term, "start": self.start, "end": self.end, "clause": self.clause,
                "scope": self.scope, "uses": len(self.uses), "kind": self.kind, "scope_end": self.scope_end}


@dataclass(frozen=True)
class Orphan:
    """A 以下同じ parenthesis with no noun phrase in front of it (defines nothing)."""

    start: int  # marker span
    end: int
    paren_start: int


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

def _key(s: str) -> str:
    return s.replace("\n", "").replace("\r", "").strip(" \u3000")


class _Ctx:
    """Per-document lookups shared by the recognisers."""

    def __init__(self, facts, tree: Tree):
        self.facts = facts
        self.tree = tree
        self.folded = facts.folded
        self.n = len(self.folded)
        self.index = {id(c): i for i, c in enumerate(facts.clauses)}
        self.tokens = [t for s in facts.sentences for t in s.tokens]
        self.tok_starts = [t.start for t in self.tokens]
        self.boundaries = set()
        for t in self.tokens:
            self.boundaries.add(t.start)
            self.boundaries.add(t.end)
        # texts: main provisions (+ original 附則) and each amendment 附則 separately
        amend = [i for i, c in enumerate(facts.clauses) if c.kind == "suppl" and tree.is_amendment_suppl(i)]
        self.text_bounds: list[tuple[int, int]] = []
        first = min((facts.clauses[i].start for i in amend), default=self.n)
        self.text_bounds.append((0, first))
        for i in amend:
            c = facts.clauses[i]
            self.text_bounds.append((c.start, c.end))
        self.skip = self._skip_spans()
        # quoted wording (「…」とあるのは「…」) and rows of 読み替え tables belong to another text
        self.quoted = getattr(tree, "quoted", None) or _quoted_spans(self.folded)
        self.law_rows = getattr(tree, "law_rows", [])

    def foreign(self, p: int) -> bool:
        """``p`` is inside quoted wording or a 読み替え table row (not this text's own words)."""
        return _inside(self.quoted, p) or _inside(self.law_rows, p)

    def _skip_spans(self) -> list[tuple[int, int]]:
        """Title, table of contents and captions: words there are not uses."""
        out = []
        for c in self.facts.clauses:
            if c.kind in ("title", "toc"):
                out.append((c.start, c.end))
            elif c.kind in ("article", "chapter", "part", "section", "subsection", "division") and c.caption \
                    and c.label_start is not None and c.label_start > c.start:
                out.append((c.start, c.label_start))
            elif c.kind == "article" and c.caption:
                # DOCX auto-numbered articles: 第1条　（目的） on one line, the body on the next
                nl = self.folded.find("\n", c.start, c.end)
                line_end = nl if nl >= 0 else c.end
                cap = fold(c.caption).strip()
                k = self.folded.find(cap, c.start, line_end) if cap else -1
                if k >= 0:
                    out.append((k, k + len(cap)))
            elif c.kind in ("chapter", "part", "section", "subsection", "division", "suppl", "appendix"):
                nl = self.folded.find("\n", c.start)
                out.append((c.start, nl if nl >= 0 else c.end))
        return sorted(out)

    keys: set = frozenset()
    _compact: tuple | None = None

    def compact(self) -> tuple[str, list[int]]:
        if self._compact is None:
            self._compact = _compact(self.folded)
        return self._compact

    def skipped(self, p: int) -> bool:
        k = bisect.bisect_right(self.skip, (p, 10**12)) - 1
        return k >= 0 and self.skip[k][0] <= p < self.skip[k][1]

    def clause_idx(self, p: int) -> int | None:
        c = self.facts.clause_at(p)
        return self.index.get(id(c)) if c is not None else None

    def whole(self, p: int, start: int = 0) -> list[tuple[int, int]]:
        """Ranges of the text holding ``p`` from ``start`` on (the main text skips amendment 附則)."""
        a, b = self.text_of(p)
        if (a, b) != self.text_bounds[0]:
            return [(max(a, start), b)]
        out, cur = [], max(0, start)
        for x, y in self.text_bounds[1:]:
            if y <= cur:
                continue
            if x > cur:
                out.append((cur, x))
            cur = max(cur, y)
        if cur < self.n:
            out.append((cur, self.n))
        return out

    def text_of(self, p: int) -> tuple[int, int]:
        best = self.text_bounds[0]
        for a, b in self.text_bounds[1:]:
            if a <= p < b:
                return (a, b)
        return best

    def token_at_end(self, p: int) -> int:
        """Index of the token that ends at ``p`` (or -1)."""
        k = bisect.bisect_left(self.tok_starts, p) - 1
        while k >= 0 and self.tokens[k].end > p:
            k -= 1
        return k if k >= 0 and self.tokens[k].end == p else -1


def _noun_phrase_before(ctx: _Ctx, p: int) -> tuple[int, int] | None:
    """The noun phrase ending at ``p`` (maximal run of nouns/prefixes/suffixes), from tokens."""
    q = p
    while q > 0 and ctx.folded[q - 1] == "\n":  # wrapped line
        q -= 1
    if q > 0 and ctx.folded[q - 1] == ")":
        # 外国（…をいう。以下同じ。）（…を除く。以下この条において同じ。）: the second parenthesis
        # qualifies the same noun phrase as the first
        depth, k = 0, q - 1
        while k >= max(0, q - 1500):
            ch = ctx.folded[k]
            if ch == ")":
                depth += 1
            elif ch == "(":
                depth -= 1
                if depth == 0:
                    return _noun_phrase_before(ctx, k)
            k -= 1
        return None
    k = ctx.token_at_end(q)
    if k < 0:
        return _word_before(ctx, q)
    toks = ctx.tokens
    if not (toks[k].pos.startswith(("名詞", "接尾辞")) or (toks[k].pos.startswith("補助記号") and toks[k].surface == "」")):
        return _word_before(ctx, q)
    if toks[k].surface == "」":  # 「X」（…）: the bracketed term
        a = ctx.folded.rfind("「", 0, toks[k].start)
        return (a + 1, toks[k].start) if a >= 0 and toks[k].start - a <= 41 else None
    j = k
    while j - 1 >= 0:
        t = toks[j - 1]
        if toks[j].start - t.end > 1 or (toks[j].start != t.end and ctx.folded[t.end:toks[j].start] != "\n"):
            break
        if t.pos.startswith(("名詞", "接頭辞", "接尾辞")) and not _kana_only(t.surface):
            j -= 1
            continue
        if t.pos.startswith("形状詞") and toks[j].pos.startswith("名詞") and not _kana_only(t.surface):  # 特別特定機械等
            j -= 1
            continue
        if t.surface in ("・", "ー") and j - 2 >= 0 and toks[j - 2].pos.startswith(("名詞", "形状詞")):
            j -= 1
            continue
        if t.pos.startswith("形状詞") and toks[j].surface == "・":
            j -= 1
            continue
        break
    # a run does not start with a suffix
    while j < k and toks[j].pos.startswith("接尾辞"):
        j += 1
    while j < k and toks[j].surface in _STRIP_LEAD:
        j += 1
    if toks[j].pos.startswith("接尾辞"):
        return None
    return (toks[j].start, toks[k].end)


def _kana_only(s: str) -> bool:
    return all("\u3041" <= ch <= "\u309f" for ch in s)


_WORD_BOUNDARY = "\u3000 、,。「)\n"


def _word_before(ctx: _Ctx, q: int) -> tuple[int, int] | None:
    """Fallback when the tokenizer sees no noun: a short word written right after a delimiter
    (a table cell ``はい（倉庫…をいう。以下同じ。）``)."""
    a = q
    while a > 0 and q - a < 8 and ctx.folded[a - 1] not in _WORD_BOUNDARY and ctx.folded[a - 1] != "(":
        a -= 1
    if a == q or q - a >= 8 or (a > 0 and ctx.folded[a - 1] not in _WORD_BOUNDARY):
        return None
    w = ctx.folded[a:q]
    if not all(ch.isalpha() for ch in w) or any(ch.isascii() for ch in w):
        return None
    return (a, q)


def _matching_close(folded: str, open_pos: int) -> int:
    depth = 0
    for i in range(open_pos, min(len(folded), open_pos + 2000)):
        ch = folded[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
    return -1


def _enclosing_paren(folded: str, p: int, limit: int = 400) -> int:
    depth = 0
    for i in range(p - 1, max(-1, p - limit), -1):
        ch = folded[i]
        if ch == ")":
            depth += 1
        elif ch == "(":
            if depth == 0:
                return i
            depth -= 1
        elif ch == "\n":
            return -1
    return -1


# ---------------------------------------------------------------------------
# scope
# ---------------------------------------------------------------------------

_UNIT_KIND = {"条": "article", "項": "paragraph", "号": "item", "章": "chapter", "節": "section", "款": "subsection",
              "目": "division", "編": "part", "表": "appendix"}


def _resolve_scope(ctx: _Ctx, phrase: str, phrase_start: int, def_pos: int, ika: bool, def_end: int
                   ) -> tuple[str, list[tuple[int, int]]]:
    """Scope label and ranges for a definition whose scope phrase is ``phrase``."""
    clauses = ctx.facts.clauses
    base = ctx.clause_idx(def_pos)
    phrase = phrase or ""
    core = re.sub(r"(において|中|に関し)[、,]?$", "", phrase).strip()
    if not core:
        return "until-end", ctx.whole(def_pos, def_end)
    if re.fullmatch(_DOC_WORDS, core):
        return "document", ctx.whole(def_pos)
    # この条 / 本条 / この章 … (possibly several units joined by 及び/並びに/、)
    ranges: list[tuple[int, int]] = []
    labels: list[str] = []
    pos = 0
    parts = re.split(r"及び|並びに|、|,", core)
    offset = phrase_start
    for part in parts:
        part_start = phrase_start + phrase.find(part, pos) if part else offset
        pos = phrase.find(part, pos) + len(part) if part else pos
        m = re.fullmatch(r"(?:この|本)(条|項|号|章|節|款|目|編|表)", part)
        if m:
            kind = _UNIT_KIND[m.group(1)]
            j = ctx.tree.ancestor(base, kind)
            if j is None:
                continue
            c = clauses[j]
            ranges.append((c.start, c.end))
            labels.append(kind)
            continue
        if re.fullmatch(_DOC_WORDS, part):
            ranges.extend(ctx.whole(def_pos))
            labels.append("document")
            continue
        # a pointer: 次条 / 次項 / 第三項 / 第四十六条 / 附則第N条 …
        frags = _trim_frags(_scan_chain(ctx.folded, part_start, part_start + len(part)), False)
        if not frags:
            continue
        state = _State()
        c_ctx: dict = {}
        targets: list[int] = []
        good = True
        for f in frags:
            if f.kind in ("mod", "law", "suppl"):
                continue
            res = _step(ctx.tree, f, c_ctx, base, None, state, False)
            if not res:
                good = False
                break
            targets = res
            c_ctx[f.unit] = res[0]
        if not good or not targets:
            continue
        for t in targets:
            ranges.append((clauses[t].start, clauses[t].end))
        labels.append("custom")
    if not ranges:
        return "until-end", ctx.whole(def_pos, def_end)
    if ika:
        # 以下この条において: from the definition to the end of the unit
        ranges = [(max(a, def_end) if a <= def_pos < b else a, b) for a, b in ranges]
    else:
        ranges = list(ranges)
    label = labels[0] if len(labels) == 1 else "custom"
    if len(labels) > 1 or label not in ("document", "article", "paragraph", "item", "chapter", "section",
                                          "part", "subsection", "division", "appendix"):
        label = "custom"
    if label == "appendix":
        label = "table"
    return label, _merge(ranges)


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if a >= b:
            continue
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


# ---------------------------------------------------------------------------
# recognisers
# ---------------------------------------------------------------------------

def _make(ctx: _Ctx, term_start: int, term_end: int, kind: str, scope: str, ranges: list, head: str = "",
          marker: tuple[int, int] | None = None) -> Definition | None:
    text = ctx.facts.text
    term = text[term_start:term_end]
    key = _key(ctx.folded[term_start:term_end])
    if not key or len(key) > 40:
        return None
    c = ctx.facts.clause_at(term_start)
    ranges = _merge(list(ranges))
    return Definition(term=term, start=term_start, end=term_end, clause=c.path if c else None, scope=scope,
                      scope_start=ranges[0][0] if ranges else term_end,
                      scope_end=ranges[-1][1] if ranges else term_end, ranges=tuple(ranges), kind=kind, key=key,
                      marker=marker, head=head)


def _bracket_defs(ctx: _Ctx) -> list[Definition]:
    folded = ctx.folded
    out = []
    for m in _bracket_matches(folded):
        ika = bool(m.group("ika"))
        phrase = m.group("phrase") or ""
        if (m.group("soft") or not m.group("verb")) and not (ika and m.start() > 0 and folded[m.start() - 1] == "("):
            continue  # a soft verb or none: only in a parenthesis opening with 以下 (（以下「X」とします。）)
        # the phrase must not swallow text from before the parenthesis / sentence
        if phrase and re.search(r"[。)]", phrase):
            continue
        if not ika and not phrase:
            # bare 「X」という: a definition only inside a parenthesis or after a comma (…を「甲」という)
            prev = folded[m.start() - 1] if m.start() > 0 else ""
            if prev not in "(、,を" and not folded[max(0, m.start() - 4):m.start()].endswith("単に"):
                continue
        if phrase and not ika:
            # 「…において「X」という」 needs a real unit phrase, not arbitrary words
            if not re.search(r"(?:(?:条|項|号|章|節|款|目|編|表)(?:の[0-9〇一二三四五六七八九十百千]+)*"
                             r"(?:まで|前段|後段|ただし書|本文)?|" + _DOC_WORDS + r")" + _SCOPE_TAIL, phrase):
                continue
        foreign = ctx.foreign(m.start("terms"))
        paren = _enclosing_paren(folded, m.start())
        head_span = _noun_phrase_before(ctx, paren) if paren >= 0 else None
        head = folded[head_span[0]:head_span[1]] if head_span else ""
        close = _matching_close(folded, paren) if paren >= 0 else -1
        def_end = close + 1 if close >= 0 else m.end()
        scope, ranges = _resolve_scope(ctx, phrase.strip("、,"), m.start("phrase") if phrase else m.start(),
                                       m.start(), ika or not phrase, def_end)
        if foreign:
            # inside quoted wording (「…（以下「X」という。）…」とあるのは) or a 読み替え table: a
            # definition of the other text, recorded but applying nowhere in this one
            scope, ranges = "quoted", []
        for t in re.finditer(r"「([^「」\n]{1,40})」", m.group("terms")):
            a = m.start("terms") + t.start(1)
            b = m.start("terms") + t.end(1)
            kind = "party" if _key(folded[a:b]) in _PARTY else "bracket"
            d = _make(ctx, a, b, kind, scope, ranges, head=head)
            if d:
                out.append(d)
    return out


# the unquoted form inside a parenthesis: 〇〇株式会社（以下、甲という。）/（以下乙という）
_UNQUOTED = re.compile(r"\(以下[、, \u3000]*(?P<term>[^「」()、。,\s]{1,12}?)(?:という|といい|と称する)。?\)")


def _unquoted_defs(ctx: _Ctx) -> list[Definition]:
    folded = ctx.folded
    out = []
    for m in _UNQUOTED.finditer(folded):
        a, b = m.start("term"), m.end("term")
        if folded[a:b] == "同じ" or folded[a:b].startswith(("この", "次", "同", "単に")) or ctx.foreign(a):
            continue
        head_span = _noun_phrase_before(ctx, m.start())
        head = folded[head_span[0]:head_span[1]] if head_span else ""
        scope, ranges = _resolve_scope(ctx, "", m.start(), m.start(), True, m.end())
        d = _make(ctx, a, b, "party" if _key(folded[a:b]) in _PARTY else "bracket", scope, ranges, head=head)
        if d:
            out.append(d)
    return out


_BRACKET_ANCHOR = re.compile(r"」(?:" + _VERB_STRONG + "|" + _VERB_SOFT + r"|(?=\)))")


def _bracket_matches(folded: str):
    """``_BRACKET.finditer(folded)`` without trying the regex at every character: each match ends
    with an anchor (」という …), so the regex runs only in a window before each anchor."""
    last = 0
    n = len(folded)
    for am in _BRACKET_ANCHOR.finditer(folded):
        e = am.end()
        if e <= last:
            continue
        lo = max(last, e - 400)
        for m in _BRACKET.finditer(folded, lo, min(n, e + 1)):
            if m.end() == e:
                last = e
                yield m
                break


def _toha_defs(ctx: _Ctx, taken: set[int]) -> list[Definition]:
    folded = ctx.folded
    out = []
    for m in _TOHA.finditer(folded):
        sent = ctx.facts.sentence_at(m.start())
        s_start = sent.start if sent else max(0, folded.rfind("\n", 0, m.start()) + 1)
        s_end = sent.end if sent else m.end() + 200
        body = folded[m.end():s_end + 1]
        if not _MEANS.search(body[:400]):
            continue
        before = folded[s_start:m.start()]
        pm = _last_phrase(before, anchored=True)
        phrase = pm.group(1) if pm else ""
        ika = phrase.startswith("以下")
        if ika:
            phrase = phrase[2:]
        if phrase:
            scope, ranges = _resolve_scope(ctx, phrase, s_start + (pm.start(1) if pm else 0) + (2 if ika else 0),
                                           m.start(), ika, s_end)
        else:
            scope, ranges = "document", ctx.whole(m.start())
        for t in re.finditer(r"「([^「」\n]{1,40})」", m.group(0)):
            a, b = m.start() + t.start(1), m.start() + t.end(1)
            if a in taken:
                continue
            d = _make(ctx, a, b, "toha", scope, ranges)
            if d:
                out.append(d)
    return out


# 「」-less Xとは、…をいう: X opens a sentence, an item or a list line (after its label or bullet and
# an optional 本規約において), and the sentence states a meaning (…をいう, …を指します, …のことをいいます)
_BARE_TOHA = re.compile(r"とは[、,]")
_OPENING = re.compile(r"[\s]*(?:[*・•\-‐－◦]|\(?[0-9]{1,3}[.)]?|[一二三四五六七八九十]{1,3}|[①-⑳]"
                      r"|第[0-9一二三四五六七八九十百]+条(?:の[0-9]+)?)?[\s]*"
                      r"(?:" + _DOC_WORDS + r"(?:において|における|で)[、,]?)?[\s]*")
_MEANS_BARE = re.compile(r"を(?:いう|言う|指す|意味する)(?=[。、,)\s]|$)|を(?:いい|言い|指し|意味し)(?:ます)?(?=[。、,)\s]|$)")


def _bare_toha_defs(ctx: _Ctx, taken: set[int]) -> list[Definition]:
    folded = ctx.folded
    out = []
    for m in _BARE_TOHA.finditer(folded):
        p = m.start()
        if p == 0 or folded[p - 1] == "」" or ctx.foreign(p) or ctx.skipped(p):
            continue
        span = _noun_phrase_before(ctx, p)
        if span is None or span[1] != p or span[0] in taken:
            continue
        sent = ctx.facts.sentence_at(p)
        line_start = folded.rfind("\n", 0, span[0]) + 1
        start = max(line_start, sent.start if sent else 0)
        if not _OPENING.fullmatch(folded, start, span[0]):
            continue  # Xとは inside a sentence (甲は、乙とは、…) is not a definition
        end = sent.end if sent else (folded.find("\n", p) if "\n" in folded[p:] else ctx.n)
        if not _MEANS_BARE.search(folded, m.end(), min(end + 1, m.end() + 400)):
            continue
        d = _make(ctx, span[0], span[1], "toha", "document", ctx.whole(p))
        if d:
            out.append(d)
    return out


_ITEM_TERM = re.compile(r"[\u3000 ]*(?:「(?P<q>[^「」\n]{1,40})」|(?P<t>[^\u3000 、。()「」\n:：]{1,30}?))"
                        r"(?:[\u3000 ]+|[:：]|とは[、,]?|(?=「))")


_PHRASE = re.compile(r"((?:以下)?(?:この|本|次|前|同|第)[^、。()\u3000「」]{0,40}?(?:において|中))[、,]?")


def _last_phrase(before: str, anchored: bool):
    last = None
    for m in _PHRASE.finditer(before):
        last = m
    if last is None or (anchored and last.end() != len(before)):
        return None
    return last


def _article_item_defs(ctx: _Ctx, taken: set[int]) -> list[Definition]:
    """The items under a glossary lead (次の各号に掲げる用語の意義は…, 用語の定義は次のとおりです): the
    tree's items of the lead's paragraph, or else the bullet lines right after the lead."""
    folded = ctx.folded
    clauses = ctx.facts.clauses
    out = []
    for m in _DEF_ARTICLE.finditer(folded):
        base = ctx.clause_idx(m.start())
        if base is None:
            continue
        par = ctx.tree.ancestor(base, "paragraph")
        holder = par if par is not None else base
        spans = [(c.body_start if c.body_start is not None else _after_label(folded, c), c.end)
                 for c in (clauses[i] for i in ctx.tree.kids(holder, "item"))]
        if not spans:
            spans = _bullet_lines(folded, m.end())
        if not spans:
            continue
        sent = ctx.facts.sentence_at(m.start())
        s_start = sent.start if sent else clauses[holder].start
        pm = _last_phrase(folded[s_start:m.start()], anchored=False)
        if pm:
            phrase = pm.group(1)
            ika = phrase.startswith("以下")
            scope, ranges = _resolve_scope(ctx, phrase[2:] if ika else phrase, s_start + pm.start(1),
                                           m.start(), ika, clauses[holder].end)
        else:
            scope, ranges = "document", ctx.whole(m.start())
        glossary_lead = bool(_GLOSSARY_LEAD.search(m.group(0)))
        for body, end in spans:
            span = _item_term(folded, body, end, glossary_lead)
            if span is None or span[0] in taken:
                continue
            d = _make(ctx, span[0], span[1], "article_item", scope, ranges)
            if d:
                out.append(d)
    return out


_DEF_CAPTION = re.compile(r"(?:用語の)?(?:定義|意義)等?")


def _caption_glossary_defs(ctx: _Ctx, taken: set[int]) -> list[Definition]:
    """A 定義 article written as a bullet list without a lead sentence (第2条（定義）/ ・利用者：…をいいます。):
    the bullet lines right after its heading line, each stating a meaning (…をいう). Numbered items
    are not read here (a statute's 定義 article also lists 一　第一項第一号に該当する個人情報　…)."""
    folded = ctx.folded
    out = []
    for c in ctx.facts.clauses:
        if c.kind != "article" or not c.caption or not _DEF_CAPTION.fullmatch(fold(c.caption).strip("() \u3000")):
            continue
        for body, end in _bullet_lines(folded, c.label_start if c.label_start is not None else c.start):
            span = _item_term(folded, body, end, False)
            if span is None or span[0] in taken or folded[span[1] - 1] in "はがをにのもへと":
                continue  # a sentence (甲は「X」を…), not a term
            d = _make(ctx, span[0], span[1], "article_item", "document", ctx.whole(c.start))
            if d:
                taken.add(span[0])
                out.append(d)
    return out


def _item_term(folded: str, body: int, end: int, glossary_lead: bool) -> tuple[int, int] | None:
    """The term an item of a glossary defines: 「X」 / X followed by a space, a colon or とは, when the
    rest states its meaning (…をいう) — or, under a lead naming the items as the meanings
    (用語の意義は、当該各号に定めるところによる), is a noun phrase (（１）　提供データ　委託者が提供する個人情報)."""
    im = _ITEM_TERM.match(folded, body, end)
    if not im:
        return None
    g = "q" if im.group("q") else "t"
    a, b = im.start(g), im.end(g)
    rest = folded[im.end():end]
    glossary = glossary_lead and g == "t" and folded[b:b + 1] in "\u3000 " \
        and rest.strip() and not rest.rstrip().endswith("。")
    if not glossary and not _MEANS.search(rest) and "を含む" not in rest:
        return None
    return (a, b)


_BULLET_LINE = re.compile(r"[ \t\u3000]*[*・•\-‐－◦][ \t\u3000]*(?=\S)")


def _bullet_lines(folded: str, p: int) -> list[tuple[int, int]]:
    """The bullet lines (・X：…, * X: …, - X …) right after the line holding ``p`` (blank lines
    between them allowed), as (text start, line end); none when the next line is not a bullet."""
    out = []
    q = folded.find("\n", p)
    while 0 <= q < len(folded) and len(out) < 100:
        a = q + 1
        q = folded.find("\n", a)
        e = q if q >= 0 else len(folded)
        if not folded[a:e].strip():
            continue
        bm = _BULLET_LINE.match(folded, a, e)
        if not bm:
            break
        out.append((bm.end(), e))
    return out


def _after_label(folded: str, c) -> int:
    p = c.label_start if c.label_start is not None else c.start
    p += len(c.label or "")
    while p < c.end and folded[p] in " \u3000":
        p += 1
    return p


def _paren_defs(ctx: _Ctx, taken_parens: set[int]) -> tuple[list[Definition], list[Orphan]]:
    folded = ctx.folded
    out: list[Definition] = []
    orphans: list[Orphan] = []
    for m in re.finditer(r"同じ。?\)", folded):
        close = m.end() - 1
        # find the matching "("
        depth = 0
        open_pos = -1
        for i in range(close, max(-1, close - 1500), -1):
            ch = folded[i]
            if ch == ")":
                depth += 1
            elif ch == "(":
                depth -= 1
                if depth == 0:
                    open_pos = i
                    break
        if open_pos < 0 or open_pos in taken_parens or ctx.foreign(open_pos):
            continue
        inner = folded[open_pos + 1:close]
        # the last sentence of the parenthesis is the marker
        last_start = _last_sentence_start(inner)
        last = inner[last_start:]
        mm = _SAME_MARKER.search(last)
        if not mm or mm.start() != 0:
            continue
        if "「" in last:
            continue  # 以下「X」という … handled as bracket
        ika = bool(mm.group("ika"))
        phrase = mm.group("phrase") or ""
        marker = (open_pos + 1 + last_start, open_pos + 1 + last_start + len(last.rstrip("。")))
        explained = inner[:last_start]
        kind = "paren"
        if explained and not re.search(r"(?:をいう|をいい|を意味する|を指す)。?$", explained) \
                and re.search(r"(?:を含む|を除く|に限る|を含み|に限り|を除き)[^。]{0,20}。?$", explained):
            kind = "paren_extend"
        if _REF_HEAD.search(folded, max(0, open_pos - 40), open_pos):
            continue  # 次条第一項ただし書（…を除く。以下この号において同じ。）: qualifies a pointer
        head = _noun_phrase_before(ctx, open_pos)
        if head is None or "「" in explained and re.search(r"「[^」]*」という", explained):
            if head is None:
                orphans.append(Orphan(marker[0], marker[1], open_pos))
            continue
        scope, ranges = _resolve_scope(ctx, phrase, open_pos + 1 + last_start + (2 if ika else 0), open_pos,
                                       ika or not phrase, close + 1)
        if not ika and not phrase:
            continue
        # 第四十六条において同じ (no 以下): the named unit plus the place of definition
        d = _make(ctx, head[0], head[1], kind, scope, ranges, head=folded[head[0]:head[1]], marker=marker)
        if d:
            out.append(d)
    return out, orphans


def _last_sentence_start(inner: str) -> int:
    depth = 0
    last = 0
    for i, ch in enumerate(inner):
        if ch in "(「":
            depth += 1
        elif ch in ")」":
            depth = max(0, depth - 1)
        elif ch == "。" and depth == 0 and i < len(inner) - 1:
            last = i + 1
    return last


# ---------------------------------------------------------------------------
# occurrence index
# ---------------------------------------------------------------------------

class _KeepMap:
    """Offset in the text without line breaks -> offset in the text (``keep[p]``)."""

    def __init__(self, folded: str):
        self.breaks = [m.start() for m in re.finditer(r"[\n\r]", folded)]
        # compact offsets at which one more break has been skipped
        self.at = [b - k for k, b in enumerate(self.breaks)]

    def __getitem__(self, p: int) -> int:
        return p + bisect.bisect_right(self.at, p)


def _compact(folded: str) -> tuple[str, _KeepMap]:
    return folded.replace("\n", "").replace("\r", ""), _KeepMap(folded)


def occurrence_index(ctx: _Ctx, keys: set[str]) -> dict[str, list[int]]:
    """Start offsets of every key, longest key first, never inside a longer defined term."""
    compact, keep = ctx.compact()
    covered = bytearray(len(compact))
    out: dict[str, list[int]] = {}
    for key in sorted(keys, key=lambda k: (-len(k), k)):
        ckey = key
        hits = []
        p = compact.find(ckey)
        L = len(ckey)
        while p >= 0:
            if not any(covered[p:p + L]):
                a = keep[p]
                b = keep[p + L - 1] + 1
                if L > 2 or (a in ctx.boundaries and b in ctx.boundaries):
                    hits.append(a)
                    covered[p:p + L] = b"\x01" * L
            p = compact.find(ckey, p + 1)
        out[key] = hits
    return out


_RUN_TRAIL = {"上", "等", "内", "中", "間", "外", "側", "ら", "たち"}
_RUN_LEAD = ("当該", "各", "全", "諸")


def _noun_runs(ctx: _Ctx) -> dict[str, list[int]]:
    """Maximal noun runs of the document as strings -> start offsets (for near variants).

    A run keeps its own string; when it is not itself a defined term, the run without a
    leading 当該/各 and without trailing positional/plural suffixes (上, 等, 内 …) is added as
    well (クラウドサービス上のデータ is a use of the string クラウドサービス)."""
    keys = ctx.keys
    folded = ctx.folded
    out: dict[str, list[int]] = {}
    for s in ctx.facts.sentences:
        toks = s.tokens
        n = len(toks)
        i = 0
        while i < n:
            t = toks[i]
            if not (t.pos.startswith(("名詞", "接頭辞")) or (
                    t.pos.startswith("形状詞") and i + 1 < n and toks[i + 1].surface == "・")):
                i += 1
                continue
            j = i
            while j + 1 < n and toks[j + 1].start == toks[j].end and (
                    toks[j + 1].pos.startswith(("名詞", "接尾辞"))
                    or (toks[j + 1].surface == "・" and j + 2 < n and toks[j + 2].pos.startswith("名詞"))):
                j += 1
            a, b = t.start, toks[j].end
            full = folded[a:b]
            out.setdefault(full, []).append(a)
            if full not in keys:
                k = j
                while k > i and toks[k].surface in _RUN_TRAIL and toks[k].pos.startswith(("接尾辞", "名詞")):
                    k -= 1
                a2 = a
                for lead in _RUN_LEAD:
                    if full.startswith(lead) and toks[i].end - toks[i].start == len(lead) and k > i:
                        a2 = toks[i + 1].start
                        break
                core = folded[a2:toks[k].end]
                if core != full and len(core) >= 2:
                    out.setdefault(core, []).append(a2)
            i = j + 1
    return out


_COMPOUND_POS = ("名詞", "接頭辞", "接尾辞", "形状詞")
_LAWLIKE = re.compile(r"(?:法|法律|令|規則|条例|規程|条約|憲法)$")
_NUMBERISH = re.compile(r"[0-9〇一二三四五六七八九十百千]+(?:号|条|項|年)")
_COORD = re.compile(r"(?:及び|又は|若しくは|並びに|、|,|・|と|や|その他の?)")


def _variants_of(d: Definition, def_tokens: list) -> tuple[set[str], set[str]]:
    """Near-variant strings of a term: (cores without a leading modifier, other variants)."""
    key = d.key
    cores: set[str] = set()
    other: set[str] = set()
    # a variant only of a single compound noun (not of a phrase such as 令和三年度の料金減免)
    if not def_tokens or not all(t.pos.startswith(_COMPOUND_POS) or t.surface in ("・", "ー") for t in def_tokens):
        return cores, other
    # strip a leading modifier at a token boundary or after ・ (パブリック・クラウドサービス → クラウドサービス)
    cuts = {t.start - d.start for t in def_tokens if d.start < t.start < d.end}
    cuts |= {i + 1 for i, ch in enumerate(key) if ch == "・"}
    for c in cuts:
        core = key[c:]
        n_tok = sum(1 for t in def_tokens if d.start + c <= t.start < d.end)
        if len(core) >= 4 and n_tok >= 2 and not core.startswith("・"):
            cores.add(core)
    for a, b in term_words().head_pairs():
        if key.endswith(a) and len(key) - len(a) >= 2:
            other.add(key[: -len(a)] + b)
    if "・" in key:
        other.add(key.replace("・", ""))
    return cores, other


def _bare_head(d: Definition, def_tokens: list) -> str | None:
    """The head noun of a defined compound (入力データ → データ, 作業用端末 → 端末): a common noun
    of two or more characters closing a term of two or more words."""
    if len(def_tokens) < 2 or def_tokens[-1].end != d.end:
        return None
    last = def_tokens[-1]
    if not last.pos.startswith("名詞-普通名詞") or not all(
            t.pos.startswith(_COMPOUND_POS) or t.surface in ("・", "ー") for t in def_tokens):
        return None
    if not any(t.pos.startswith("名詞") for t in def_tokens[:-1]):
        return None  # 本契約, 当該業務: a prefix, not a modifier that narrows the head
    head = d.key[last.start - d.start:]
    return head if len(head) >= 2 and head != d.key else None


def _stray_head(tables: "_Tables", d: Definition, head: str, offs: list[int], n_uses: int) -> bool:
    """The bare head is a slip for the term, not a word of its own: the document uses the term
    consistently (at least twice as often as the bare head, after its definition) and never wrote
    the bare head before defining the term (where it would be the general word)."""
    if n_uses < 2 * len(offs):
        return False
    if tables.other_kinds(head) - {d.key}:
        return False  # the head names other kinds here too (住民記録データ, 帳票データ): a category word
    if not tables.has_parties:
        return False  # a statute names the genus on purpose (行政機関 … 機関); a slip matters between parties
    return not any(p < d.start for p in tables.runs.get(head, ()))


_ADNOMINAL_POS = ("動詞", "助動詞", "形容詞", "連体詞")
_REFERRING = ("本", "同", "当該", "各", "当", "本件")


def _unmodified_noun(ctx: _Ctx, a: int, b: int) -> bool:
    """The noun at [a, b) names a thing by itself: no modifier before it (本業務で作成したデータ,
    クラウドサービス上のデータ, 必要なデータ, 当該データ say which one) and not a verbal noun used
    as a verb (通知する)."""
    k = ctx.token_at_end(a)
    if k >= 0:
        prev = ctx.tokens[k]
        if prev.surface == "の" or prev.pos.startswith(_ADNOMINAL_POS) or prev.surface in _RUN_LEAD + ("同",):
            return False
    k2 = bisect.bisect_left(ctx.tok_starts, b)
    return not (k2 < len(ctx.tokens) and ctx.tokens[k2].start == b and ctx.tokens[k2].norm == "為る")


def _is_standalone(ctx: _Ctx, a: int, b: int) -> bool:
    """The string at [a, b) is a whole word, not part of a longer noun compound."""
    if a not in ctx.boundaries or b not in ctx.boundaries:
        return False
    k = ctx.token_at_end(a)
    if k >= 0 and ctx.tokens[k].end == a and ctx.tokens[k].pos.startswith(("名詞", "接頭辞")):
        return False
    k2 = bisect.bisect_left(ctx.tok_starts, b)
    if k2 < len(ctx.tokens) and ctx.tokens[k2].start == b and ctx.tokens[k2].pos.startswith("名詞"):
        return False
    return True


_XREF_GAP = re.compile(r"(?:\([^()]*\))?(?:に規定する|に定める|に掲げる|の規定による|の)")


class _Refs:
    """References by end offset (a use right after 第N条に規定する is a cross-reference)."""

    def __init__(self, refs):
        self.refs = sorted(refs, key=lambda r: r.end)
        self.ends = [r.end for r in self.refs]

    def cites_before(self, folded: str, p: int, defining_only: bool = False) -> bool:
        """A reference right before ``p`` names where the word is defined (第N条に規定するX;
        with ``defining_only`` False also 第N条のX)."""
        k = bisect.bisect_right(self.ends, p) - 1
        while k >= 0 and p - self.ends[k] <= 40:
            gap = folded[self.ends[k]:p]
            m = _XREF_GAP.fullmatch(gap)
            if m and (not defining_only or not gap.endswith("の") or gap.endswith("の規定による")):
                return True
            k -= 1
        return False

    def in_sentence_to(self, s0: int, p: int, targets: set[int]) -> bool:
        lo = bisect.bisect_left(self.ends, s0)
        k = lo
        while k < len(self.refs) and self.ends[k] <= p:
            if targets & set(self.refs[k].targets):
                return True
            k += 1
        return False


# ---------------------------------------------------------------------------
# orchestrator
# ---------------------------------------------------------------------------

def find_definitions(facts, tree: Tree | None = None) -> tuple[tuple[Definition, ...], tuple[Orphan, ...]]:
    tree = tree or facts.extra.get("_tree") or Tree(facts.clauses, facts.text)
    ctx = _Ctx(facts, tree)
    defs = _bracket_defs(ctx) + _unquoted_defs(ctx)
    taken = {d.start for d in defs}
    defs += _toha_defs(ctx, taken)
    taken = {d.start for d in defs}
    defs += _bare_toha_defs(ctx, taken)
    taken = {d.start for d in defs}
    defs += _article_item_defs(ctx, taken)
    defs += _caption_glossary_defs(ctx, {d.start for d in defs})
    taken_parens = set()
    for d in defs:
        if d.kind in ("bracket", "party"):
            p = _enclosing_paren(ctx.folded, d.start)
            if p >= 0:
                taken_parens.add(p)
    pdefs, orphans = _paren_defs(ctx, taken_parens)
    defs += pdefs
    defs.sort(key=lambda d: (d.start, d.end))
    # occurrence index (once)
    keys = {d.key for d in defs}
    ctx.keys = keys
    occ = occurrence_index(ctx, keys)
    runs = _noun_runs(ctx)
    tables = _Tables(ctx, defs, runs)
    refs = _Refs(facts.references)
    index = ctx.index
    out = []
    hits_of: dict[str, list[int]] = {}  # per key, not per definition (a term defined in many places)
    for d in defs:
        hits = hits_of.get(d.key)
        if hits is None:
            hits = hits_of[d.key] = [p for p in occ.get(d.key, []) if not ctx.skipped(p)]
        uses = tuple(p for p in _within(hits, d.ranges) if d.covers(p) and not (d.start <= p < d.end))
        if not uses and d.kind in ("paren", "paren_extend"):
            d, uses = _extend_head(ctx, d, uses)
        before = _before_uses(ctx, d, hits, refs, index) if d.kind in ("bracket", "party", "paren") else ()
        variants = _variants_in_scope(ctx, d, keys, occ, tables, refs, len(uses))
        out.append(dataclasses.replace(d, uses=uses, before=before, variants=tuple(variants)))
    return tuple(out), tuple(orphans)


def _within(hits: list[int], ranges: tuple[tuple[int, int], ...]) -> list[int]:
    """The sorted ``hits`` from the first range's start to the last range's end (bisect)."""
    if not ranges:
        return []
    lo, hi = min(a for a, _ in ranges), max(b for _, b in ranges)
    return hits[bisect.bisect_left(hits, lo):bisect.bisect_left(hits, hi)]


def _extend_head(ctx: _Ctx, d: Definition, uses: tuple) -> tuple[Definition, tuple]:
    """行政機関の長等（…を除く。以下この款において同じ。）: the phrase is 行政機関の長等, not 長等."""
    if d.start < 2 or ctx.folded[d.start - 1] != "の":
        return d, uses
    prev = _noun_phrase_before(ctx, d.start - 1)
    if prev is None or prev[1] != d.start - 1:
        return d, uses
    key = _key(ctx.folded[prev[0]:d.end])
    compact, keep = ctx.compact()
    found = []
    p = compact.find(key)
    while p >= 0:
        a = keep[p]
        if d.covers(a) and not (prev[0] <= a < d.end) and not ctx.skipped(a):
            found.append(a)
        p = compact.find(key, p + 1)
    if not found:
        return d, uses
    d2 = dataclasses.replace(d, term=ctx.facts.text[prev[0]:d.end], start=prev[0], key=key)
    return d2, tuple(found)


def _before_uses(ctx: _Ctx, d: Definition, hits: list[int], refs: _Refs, index: dict) -> tuple[int, ...]:
    """Uses of the term before its definition that mean the defined term.

    Only in the same scope: the same text (an amendment 附則 and an attachment 別記/別紙 are
    texts of their own), the same unit for a unit-scoped definition (以下この章において).
    Not: words in captions/目次 (skipped), quoted wording, a word inside a longer compound
    (個人情報保護委員会 is not a use of 委員会), a use cited to its definition
    (第十九条第八号に規定する情報照会者), a one-word ordinary term (期間, 職員) defined later for a
    narrower meaning — unless it names a party."""
    if not (d.scope == "until-end" or (d.ranges and d.ranges[0][0] >= d.start)):
        return ()
    ta, _tb = ctx.text_of(d.start)
    base = ctx.clause_idx(d.start)
    appx = ctx.tree.ancestor(base, "appendix") if base is not None else None
    if appx is not None:
        ta = max(ta, ctx.facts.clauses[appx].start)
    if d.scope not in ("until-end", "document"):
        unit = {"table": "appendix"}.get(d.scope, d.scope)
        u = ctx.tree.ancestor(base, unit) if base is not None and unit in _UNIT_KIND.values() else None
        if u is None:
            return ()
        ta = max(ta, ctx.facts.clauses[u].start)
    sent = ctx.facts.sentence_at(d.start)
    s0 = sent.start if sent else d.start
    cand = [p for p in hits if ta <= p < s0]
    if d.kind == "paren":
        # the preamble names the subject (個人情報の取扱い) before an article pins the word down
        # (個人情報（…をいう。以下同じ。）); an abbreviation (以下「番号法」という) does not exist before
        cand = [p for p in cand if (c := ctx.facts.clause_at(p)) is None or c.kind != "preamble"]
    if not cand:
        return ()
    if d.kind != "party":
        k = bisect.bisect_left(ctx.tok_starts, d.start)
        if k < len(ctx.tokens) and ctx.tokens[k].start == d.start and ctx.tokens[k].end >= d.end - (
                1 if ctx.folded[d.end - 1] == "等" else 0):
            return ()  # one ordinary word (期間, 職員): earlier uses are its ordinary sense
        toks = []
        while k < len(ctx.tokens) and ctx.tokens[k].start < d.end:
            toks.append(ctx.tokens[k])
            k += 1
        if any(not (t.pos.startswith(_COMPOUND_POS) or t.surface in ("・", "ー")) for t in toks):
            return ()  # a phrase of ordinary words (選挙権を有する者): earlier, the same ordinary phrase
        if d.kind == "bracket" and d.head and _key(d.head) == d.key:
            # 前条の検査証（以下「検査証」という。）: the definition pins down which X is meant;
            # the word X itself was already in use
            return ()
    targets = set()
    if base is not None:
        j: int | None = base
        while j is not None:
            targets.add(j)
            j = ctx.facts.clauses[j].parent
    out = []
    L = len(d.key)
    for p in cand:
        if ctx.foreign(p) or not _is_standalone(ctx, p, _end_of(ctx, p, L)):
            continue
        if refs.cites_before(ctx.folded, p):
            continue
        e = _end_of(ctx, p, L)
        if ctx.folded.startswith("(", e) and "をいう" in ctx.folded[e:e + 200].split(")", 1)[0]:
            continue  # explained where it is used: 電磁的記録（電子的方式…をいう。）
        sp = ctx.facts.sentence_at(p)
        if sp is not None and refs.in_sentence_to(sp.start, p, targets):
            continue
        out.append(p)
    return tuple(out)


def _end_of(ctx: _Ctx, p: int, length: int) -> int:
    """End offset of a match of ``length`` characters at ``p`` (line breaks inside do not count)."""
    q, n = p, 0
    while q < ctx.n and n < length:
        if ctx.folded[q] not in "\n\r":
            n += 1
        q += 1
    return q


def _variants_in_scope(ctx: _Ctx, d: Definition, keys: set[str], occ: dict, tables: _Tables, refs: _Refs,
                       n_uses: int = 0) -> list[tuple[str, tuple[int, ...]]]:
    """Near variants of ``d`` that its definition does not reach, written where it applies.

    A variant is another string (not defined itself) that differs from the term by a leading
    modifier (パブリック・クラウドサービス / クラウドサービス), one inserted character (本業務 /
    本件業務) or a synonymous head (利用者データ / 利用者情報), written as a whole noun inside the
    definition's scope. It is NOT a mismatch — the drafter distinguishes the two on purpose — when
    the variant is the genus named in the definition itself (特定電子計算機: 電子計算機のうち…),
    the common core of several defined species (第一種圧力容器, 第二種圧力容器 → 圧力容器),
    coordinated with the term somewhere (独立行政法人及び地方独立行政法人), a law's name
    (新労働基準法 / 労働基準法), or quoted wording of another text."""
    at = d.start - 1 if d.start > 0 and ctx.folded[d.start - 1] == "「" else d.start
    if d.kind not in _STRONG_KINDS or ctx.foreign(at) or _LAWLIKE.search(d.key) or _NUMBERISH.search(d.key):
        return []
    cores, head, cands = _candidates(ctx, d, tables.by_shape)
    runs = tables.runs
    if not cands:
        return []
    out = []
    def_sent = ctx.facts.sentence_at(d.start)
    span = _definition_span(ctx, d, def_sent)
    for v in sorted(cands - keys):
        if _LAWLIKE.search(v) or _NUMBERISH.search(v):
            continue
        offs = [p for p in runs.get(v, ()) if d.covers(p) and not ctx.skipped(p) and not ctx.foreign(p)
                # the word in the meaning of another defined term (ガバメントクラウド　…クラウドサービスの
                # 利用環境をいう) is the general word that definition uses, not a slip for this term
                and tables.item_key_at(p) in (None, d.key)]
        if not offs:
            continue
        if v == head and v not in cores:
            if not _stray_head(tables, d, v, offs, n_uses):
                continue
            offs = [p for p in offs if _unmodified_noun(ctx, p, p + len(v))]
            if not offs:
                continue
        if v in cores or v == head:
            # genus written in the definition itself, or shared by several defined species
            if any(span[0] <= p < span[1] for p in runs.get(v, ())):
                continue
            if sum(1 for key in keys if key != d.key and key.endswith(v)) >= 1:
                continue
        if _coordinated(ctx, v, runs.get(v, ()), keys, occ):
            continue
        if any(refs.cites_before(ctx.folded, p, defining_only=True) for p in runs.get(v, ())):
            continue  # 独立行政法人通則法第二条第一項に規定する独立行政法人: a term defined elsewhere
        out.append((v, tuple(offs)))
    return out


class _Tables:
    """What the near-variant checks read for every definition, built once per document: the noun runs,
    the runs by shape, which term's definition item holds an offset, whether the document is between
    parties, and (on demand) the other compounds that end with a head."""

    def __init__(self, ctx: _Ctx, defs: list, runs: dict):
        self.runs = runs
        self.by_shape: dict[tuple, list[str]] = {}
        for r in runs:
            if r:
                self.by_shape.setdefault((len(r), r[0], r[-1]), []).append(r)
        self.items = sorted((*_definition_span(ctx, e, ctx.facts.sentence_at(e.start)), e.key)
                            for e in defs if e.kind == "article_item")
        self.item_starts = [a for a, _, _ in self.items]
        self.has_parties = any(x.kind == "party" for x in defs)
        self._kinds: dict[str, set] = {}

    def item_key_at(self, p: int) -> str | None:
        """The term whose definition item holds ``p`` (items are disjoint), or None."""
        k = bisect.bisect_right(self.item_starts, p) - 1
        if k >= 0 and self.items[k][0] <= p < self.items[k][1]:
            return self.items[k][2]
        return None

    def other_kinds(self, head: str) -> set:
        """Noun runs ending with ``head`` that name a kind of their own (not 本・同・当該 + head)."""
        if head not in self._kinds:
            self._kinds[head] = {r for r in self.runs if r != head and r.endswith(head)
                                 and r[:-len(head)] not in _REFERRING}
        return self._kinds[head]


def _candidates(ctx: _Ctx, d: Definition, by_shape: dict) -> tuple[set[str], str | None, set[str]]:
    """(cores, bare head, every candidate string) of the near variants of ``d``."""
    k = bisect.bisect_left(ctx.tok_starts, d.start)
    toks = []
    while k < len(ctx.tokens) and ctx.tokens[k].start < d.end:
        toks.append(ctx.tokens[k])
        k += 1
    cores, other = _variants_of(d, toks)
    head = _bare_head(d, toks)
    if not cores and not other and not head and len(d.key) < 3:
        return cores, head, set()
    cands = set(cores) | other | ({head} if head else set())
    if len(d.key) >= 3 and toks and all(t.pos.startswith(_COMPOUND_POS) for t in toks):
        for s in by_shape.get((len(d.key) + 1, d.key[0], d.key[-1]), ()):
            if _is_subseq(d.key, s):
                cands.add(s)
    return cores, head, cands


_STRONG_KINDS = ("bracket", "party", "toha", "article_item", "paren")


def _definition_span(ctx: _Ctx, d: Definition, sent) -> tuple[int, int]:
    """The text that states the meaning: the definition item, or the sentence."""
    base = ctx.clause_idx(d.start)
    if d.kind == "article_item" and base is not None:
        c = ctx.facts.clauses[base]
        return (c.start, c.end)
    if sent is not None:
        return (sent.start, sent.end)
    return (d.start, d.end)


def _coordinated(ctx: _Ctx, v: str, offs, keys: set[str], occ: dict) -> bool:
    """Some occurrence of ``v`` is coordinated with a defined term ending in / containing it."""
    folded = ctx.folded
    rel = [key for key in keys if key != v and v in key]
    if not rel:
        return False
    starts = sorted((p, len(key)) for key in rel for p in occ.get(key, ()))
    pos = [p for p, _ in starts]
    for p in offs:
        e = p + len(v)
        k = bisect.bisect_left(pos, p - 60)
        while k < len(starts) and starts[k][0] < e + 60:
            q, L = starts[k]
            k += 1
            gap = folded[e:q] if q >= e else folded[q + L:p] if q + L <= p else None
            if gap is None:
                continue
            gap = _strip(gap)
            if gap and len(gap) <= 6 and _COORD.fullmatch(gap):
                return True
    return False


def _strip(s: str) -> str:
    out, depth = [], 0
    for ch in s:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and ch not in "\n":
            out.append(ch)
    return "".join(out)


def _is_subseq(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def analyze(facts):
    """Facts -> Facts with ``definitions`` filled (orphan 以下同じ markers in extra)."""
    defs, orphans = find_definitions(facts)
    extra = dict(facts.extra)
    extra["_definition_orphans"] = orphans
    return dataclasses.replace(facts, definitions=defs, extra=extra)


__all__ = ["_FRAG", "Definition", "Orphan", "analyze", "find_definitions", "occurrence_index"]
