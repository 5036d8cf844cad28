"""Definitions, their scopes and the occurrence index, as shared facts.

Recognised forms (matched on ``Document.folded``):

- bracket: 〜（以下「X」という。）, 「A」又は「B」, と総称する, 以下単に「X」という,
  with scope phrases (以下この条において「X」という, 次項において「X」という …);
  party definitions (東山市（以下「甲」という。）) are bracket definitions of kind ``party``;
- ``toha``: 「X」とは、…をいう (scope from この法律/この契約/この条において … in the sentence);
- ``article_item``: the items of a definition article (次の各号に掲げる用語の意義は…):
  ``一　法令　…をいう`` / ``（１）成果物　…をいう`` / ``(1) 「X」 …``;
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

from .references import _FRAG, Tree, _scan_chain, _State, _step, _trim_frags

_NOUNISH = ("名詞", "接頭辞", "接尾辞")
_PARTY = set("甲乙丙丁") | {"発注者", "受注者", "委託者", "受託者", "貸主", "借主", "委任者", "受任者"}
_DOC_WORDS = r"(?:この|本)(?:法律|政令|省令|府令|規則|条例|契約書?|特記事項|特記仕様書|仕様書|要領|要綱|規程|規約|約款|覚書|協定書?|基準|告示|細則|指針|特約条項|特約)"
_SCOPE_TAIL = r"(?:において|中|に関し)"
# bracket definitions: optional 以下 + scope phrase + 単に/それぞれ + 「X」(又は「Y」)* + という/と総称する …
_BRACKET = re.compile(
    r"(?P<ika>以下[、,]?)?(?P<phrase>[^()「」。\n]{0,60}?" + _SCOPE_TAIL + r"[、,]?)?(?:単に|それぞれ|併せて|あわせて|総称して)?"
    r"(?P<terms>「[^「」\n]{1,40}」(?:(?:又は|若しくは|及び|並びに|、|,|と)「[^「」\n]{1,40}」)*)"
    r"(?P<verb>という(?=[。),、]|$)|といい|と総称する|と略称する|と略する|と称する)")
_TOHA = re.compile(r"「(?P<term>[^「」\n]{1,40})」(?:(?:又は|若しくは|及び|、)「[^「」\n]{1,40}」)*とは")
_DEF_ARTICLE = re.compile(r"(?:各号|次)に掲げる用語の意義|用語の意義は|用語の定義は|次の各号に定めるところによる|用語の意味は")
_SAME_MARKER = re.compile(r"(?P<ika>以下)?(?P<phrase>[^()。]{0,60}?において|[^()。]{0,30}?中)?同じ。?$")
_STRIP_LEAD = ("当該",)


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
        return any(a <= offset < b for a, b in self.ranges)

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

    def _skip_spans(self) -> list[tuple[int, int]]:
        """Title, table of contents and captions: words there are not uses."""
        out = []
        for c in self.facts.clauses:
            if c.kind in ("title", "toc"):
                out.append((c.start, c.end))
            elif c.kind in ("article", "chapter", "part", "section", "subsection", "division") and c.caption \
                    and c.label_start is not None and c.label_start > c.start:
                out.append((c.start, c.label_start))
            elif c.kind in ("chapter", "part", "section", "subsection", "division"):
                nl = self.folded.find("\n", c.start)
                out.append((c.start, nl if nl >= 0 else c.end))
        return sorted(out)

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
    k = ctx.token_at_end(q)
    if k < 0:
        return None
    toks = ctx.tokens
    if not (toks[k].pos.startswith(("名詞", "接尾辞")) or (toks[k].pos.startswith("補助記号") and toks[k].surface == "」")):
        return None
    if toks[k].surface == "」":  # 「X」（…）: the bracketed term
        a = ctx.folded.rfind("「", 0, toks[k].start)
        return (a + 1, toks[k].start) if a >= 0 and toks[k].start - a <= 41 else None
    j = k
    while j - 1 >= 0:
        t = toks[j - 1]
        if toks[j].start - t.end > 1 or (toks[j].start != t.end and ctx.folded[t.end:toks[j].start] != "\n"):
            break
        if t.pos.startswith(("名詞", "接頭辞", "接尾辞")):
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
        elif ch == "\n" and i > open_pos and folded[i - 1] not in "、":
            pass
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
    ok = True
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
                ok = False
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
            ok = False
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
            ok = False
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
    for m in _BRACKET.finditer(folded):
        ika = bool(m.group("ika"))
        phrase = m.group("phrase") or ""
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
            if not re.search(r"(?:条|項|号|章|節|款|目|編|表|" + _DOC_WORDS + r")" + _SCOPE_TAIL, phrase):
                continue
        paren = _enclosing_paren(folded, m.start())
        head_span = _noun_phrase_before(ctx, paren) if paren >= 0 else None
        head = folded[head_span[0]:head_span[1]] if head_span else ""
        close = _matching_close(folded, paren) if paren >= 0 else -1
        def_end = close + 1 if close >= 0 else m.end()
        scope, ranges = _resolve_scope(ctx, phrase.strip("、,"), m.start("phrase") if phrase else m.start(),
                                       m.start(), ika or not phrase, def_end)
        for t in re.finditer(r"「([^「」\n]{1,40})」", m.group("terms")):
            a = m.start("terms") + t.start(1)
            b = m.start("terms") + t.end(1)
            kind = "party" if _key(folded[a:b]) in _PARTY else "bracket"
            d = _make(ctx, a, b, kind, scope, ranges, head=head)
            if d:
                out.append(d)
    return out


def _toha_defs(ctx: _Ctx, taken: set[int]) -> list[Definition]:
    folded = ctx.folded
    out = []
    for m in _TOHA.finditer(folded):
        sent = ctx.facts.sentence_at(m.start())
        s_start = sent.start if sent else max(0, folded.rfind("\n", 0, m.start()) + 1)
        s_end = sent.end if sent else m.end() + 200
        body = folded[m.end():s_end + 1]
        if not re.search(r"(?:をいう|を意味する|とする|をいい|を指す)", body[:400]):
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
    folded = ctx.folded
    clauses = ctx.facts.clauses
    out = []
    for m in _DEF_ARTICLE.finditer(folded):
        base = ctx.clause_idx(m.start())
        if base is None:
            continue
        par = ctx.tree.ancestor(base, "paragraph")
        holder = par if par is not None else base
        items = ctx.tree.kids(holder, "item")
        if not items:
            continue
        sent = ctx.facts.sentence_at(m.start())
        s_start = sent.start if sent else clauses[holder].start
        before = folded[s_start:m.start()]
        pm = _last_phrase(before, anchored=False)
        if pm:
            phrase = pm.group(1)
            ika = phrase.startswith("以下")
            scope, ranges = _resolve_scope(ctx, phrase[2:] if ika else phrase, s_start + pm.start(1),
                                           m.start(), ika, clauses[holder].end)
        else:
            scope, ranges = "document", ctx.whole(m.start())
        for i in items:
            c = clauses[i]
            body = c.body_start if c.body_start is not None else _after_label(folded, c)
            im = _ITEM_TERM.match(folded, body, c.end)
            if not im:
                continue
            g = "q" if im.group("q") else "t"
            a, b = im.start(g), im.end(g)
            if a in taken:
                continue
            rest = folded[im.end():c.end]
            if not re.search(r"(?:をいう|を意味する|をいい|とする|を指す|を含む)", rest):
                continue
            d = _make(ctx, a, b, "article_item", scope, ranges)
            if d:
                out.append(d)
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
        if open_pos < 0 or open_pos in taken_parens:
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

def _compact(folded: str) -> tuple[str, list[int]]:
    keep = [i for i, ch in enumerate(folded) if ch not in "\n\r"]
    return "".join(folded[i] for i in keep), keep


def occurrence_index(ctx: _Ctx, keys: set[str]) -> dict[str, list[int]]:
    """Start offsets of every key, longest key first, never inside a longer defined term."""
    compact, keep = _compact(ctx.folded)
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


def _noun_runs(ctx: _Ctx) -> list[tuple[int, int]]:
    """Maximal noun runs of the document (for near-variant detection)."""
    runs = []
    for s in ctx.facts.sentences:
        toks = s.tokens
        i = 0
        while i < len(toks):
            if not toks[i].pos.startswith(("名詞", "接頭辞")) and not (
                    toks[i].pos.startswith("形状詞") and i + 1 < len(toks) and toks[i + 1].surface == "・"):
                i += 1
                continue
            j = i
            while j + 1 < len(toks) and toks[j + 1].start == toks[j].end and (
                    toks[j + 1].pos.startswith(("名詞", "接尾辞"))
                    or (toks[j + 1].surface == "・" and j + 2 < len(toks) and toks[j + 2].pos.startswith("名詞"))):
                j += 1
            runs.append((toks[i].start, toks[j].end))
            i = j + 1
    return runs


_HEAD_SYNONYMS = (("データ", "情報"), ("情報", "データ"), ("事業者", "業者"), ("業者", "事業者"))


def _variants_of(d: Definition, def_tokens: list) -> set[str]:
    """Near-variant strings of a term: the core without a prefix, and head synonyms."""
    key = d.key
    out: set[str] = set()
    # strip a leading modifier at a token boundary or after ・ (パブリック・クラウドサービス → クラウドサービス)
    cuts = {t.start - d.start for t in def_tokens if d.start < t.start < d.end}
    cuts |= {i + 1 for i, ch in enumerate(key) if ch == "・"}
    for c in cuts:
        core = key[c:]
        n_tok = sum(1 for t in def_tokens if d.start + c <= t.start < d.end)
        if len(core) >= 4 and n_tok >= 2 and not core.startswith("・"):
            out.add(core)
    for a, b in _HEAD_SYNONYMS:
        if key.endswith(a) and len(key) - len(a) >= 2:
            out.add(key[: -len(a)] + b)
    if "・" in key:
        out.add(key.replace("・", ""))
    return out


# ---------------------------------------------------------------------------
# orchestrator
# ---------------------------------------------------------------------------

def find_definitions(facts, tree: Tree | None = None) -> tuple[tuple[Definition, ...], tuple[Orphan, ...]]:
    tree = tree or facts.extra.get("_tree") or Tree(facts.clauses, facts.text)
    ctx = _Ctx(facts, tree)
    defs = _bracket_defs(ctx)
    taken = {d.start for d in defs}
    defs += _toha_defs(ctx, taken)
    taken = {d.start for d in defs}
    defs += _article_item_defs(ctx, taken)
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
    occ = occurrence_index(ctx, keys)
    runs = _noun_runs(ctx)
    run_strs: dict[str, list[int]] = {}
    for a, b in runs:
        s = _key(ctx.folded[a:b])
        for lead in ("当該", "各", "全", "諸"):
            if s.startswith(lead) and len(s) > len(lead) + 1:
                s = s[len(lead):]
                a += len(lead)
                break
        if s.endswith("等") and len(s) > 2:
            s = s[:-1]
        run_strs.setdefault(s, []).append(a)
    all_keys = keys
    by_shape: dict[tuple, list[str]] = {}
    for s in run_strs:
        if s:
            by_shape.setdefault((len(s), s[0], s[-1]), []).append(s)
    out = []
    for d in defs:
        hits = [p for p in occ.get(d.key, []) if not ctx.skipped(p)]
        uses = tuple(p for p in hits if d.covers(p) and not (d.start <= p < d.end))
        before: tuple[int, ...] = ()
        if d.scope == "until-end" or (d.ranges and d.ranges[0][0] >= d.start):
            ta, _tb = ctx.text_of(d.start)
            sent = facts.sentence_at(d.start)
            s0 = sent.start if sent else d.start
            before = tuple(p for p in hits if ta <= p < s0)
        variants = []
        if d.kind not in ("local",):
            k = bisect.bisect_left(ctx.tok_starts, d.start)
            toks = []
            while k < len(ctx.tokens) and ctx.tokens[k].start < d.end:
                toks.append(ctx.tokens[k])
                k += 1
            vs = _variants_of(d, toks)
            for v in sorted(vs - all_keys):
                offs = tuple(p for p in run_strs.get(v, []) if not ctx.skipped(p))
                if offs:
                    variants.append((v, offs))
            # one inserted character (本業務 → 本件業務)
            if len(d.key) >= 3:
                for s in by_shape.get((len(d.key) + 1, d.key[0], d.key[-1]), ()):
                    offs = run_strs[s]
                    if s not in all_keys and _is_subseq(d.key, s):
                        offs2 = tuple(p for p in offs if not ctx.skipped(p))
                        if offs2:
                            variants.append((s, offs2))
        out.append(dataclasses.replace(d, uses=uses, before=before, variants=tuple(variants)))
    return tuple(out), tuple(orphans)


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
