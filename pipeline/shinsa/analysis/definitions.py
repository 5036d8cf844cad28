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
import functools
import itertools
import operator
import re
from dataclasses import dataclass

from ..textnorm import fold
from ..vocabulary import party_words, pattern_file, term_words
from .references import _FRAG, Tree, _inside, _quoted_spans, _scan_chain, _State, _step, _trim_frags

# Every word and every Japanese mark these recognisers look for is in lexicons/vocab/definitions.yaml
# (with examples tests/test_vocab_definitions.py runs); the shape of each pattern is here: {list}
# stands for the alternatives of that list, {num} for a number (ASCII digits or the file's numerals).
DEFINITION_LISTS = (
    # document and scope words
    "this_doc", "documents", "scope_tails", "scope_joiners", "article_units", "paragraph_units",
    "item_units", "chapter_units", "section_units", "subsection_units", "division_units", "part_units",
    "appendix_units", "branch", "unit_parts",
    # bracket definitions (以下「X」という)
    "hereafter", "hereafter_pause", "phrase_char", "comma", "period", "collective", "quote_open",
    "quote_close", "term_char", "term_joiners", "strong_verbs", "soft_verbs", "party_terms",
    "bare_def_prev", "bare_def_after", "unquoted_char", "unquoted_verbs", "unquoted_not_starts",
    # 「X」とは / Xとは
    "toha", "toha_joiners", "means", "means_bare", "means_bare_stem", "polite", "clause_end",
    "item_labels", "bullets", "opening_scope", "phrase_heads", "phrase_body_char", "phrase_tails",
    # glossary articles
    "glossary_lead", "glossary_articles", "def_captions", "item_term_char", "colon", "including",
    "particles", "object_marks",
    # （…をいう。以下同じ。）
    "same", "except_lead", "marker_char", "marker_in", "marker_among", "explains", "extends",
    "not_period", "not_quote_close", "says", "pointers", "sub_pointer", "pointer_parts",
    # noun phrases, uses and near variants
    "word_boundary", "hiragana", "strip_lead", "run_trail", "run_lead", "compound_marks", "middle_dot",
    "modifiers", "referring", "other_instance", "generic_notion_tails", "law_name_stops", "law_endings", "numbered_units", "coordinators", "xref_defining",
    "xref_genitive", "etc_suffix", "explained_at_use", "head_links", "suru_norm",
    # Sudachi part-of-speech names
    "adjectival_links", "noun_pos", "prefix_pos", "suffix_pos", "adjectival_pos", "symbol_pos", "common_noun_pos",
    "adnominal_pos", "role_topic_marks",
)
_WORDS = pattern_file("definitions.yaml", DEFINITION_LISTS)
_NUM = rf"[0-9{re.escape(_WORDS.numerals)}]+"
_DOC = "{this_doc}{documents}"  # この契約, 本規則, この法律 …
_QUOTED = "{quote_open}{term_char}{1,40}{quote_close}"  # 「X」
_UNIT_KINDS = ("article", "paragraph", "item", "chapter", "section", "subsection", "division", "part",
               "appendix")
_ANY_UNIT = "|".join(f"{{{k}_units}}" for k in _UNIT_KINDS)

# the longest scope phrase before the tail of a bracket definition (…において「X」という), in characters
_BRACKET_PHRASE = 60

# name -> (how the code applies the pattern: search, match or fullmatch; its template)
TEMPLATES: dict[str, tuple[str, str]] = {
    # --- scope phrases: この条において, この契約中, 次条及び第五条において …
    "doc": ("fullmatch", _DOC),
    "role_topic_mark": ("match", "{role_topic_marks}"),
    "scope_tail_end": ("search", "{scope_tails}{comma}?$"),
    "scope_joiners": ("search", "{scope_joiners}"),
    # この条 / 本章 …: the named group is the unit kind
    "this_unit": ("fullmatch", "{this_doc}(?:" + "|".join(f"(?P<{k}>{{{k}_units}})" for k in _UNIT_KINDS) + ")"),
    # the phrase of 「…において「X」という」 (without 以下) names a unit or a document
    "unit_phrase": ("search", "(?:(?:" + _ANY_UNIT + ")(?:{branch}{num})*{unit_parts}?|" + _DOC + "){scope_tails}"),
    # --- bracket definitions: optional 以下 + scope phrase + 単に/それぞれ + 「X」(又は「Y」)* + verb;
    # the verb: a strong one (という, と総称する …), or after 以下 only a soft one (とする, と呼ぶ …) or
    # none when the parenthesis holds only 以下「X」 (このBot（以下「本Bot」）は) — checked in _bracket_defs
    "bracket": ("search", r"(?P<ika>{hereafter}{hereafter_pause}*)?(?P<phrase>{phrase_char}{0,"
                + str(_BRACKET_PHRASE) + r"}?{scope_tails}{comma}?)?" +
                r"{collective}?(?P<terms>" + _QUOTED + "(?:{term_joiners}" + _QUOTED + r")*)"
                r"(?P<verb>{strong_verbs}|(?P<soft>{soft_verbs})|(?=\)))"),
    # every bracket definition ends with this anchor (」という …): the window the regex above runs in
    "bracket_anchor": ("search", r"{quote_close}(?:{strong_verbs}|{soft_verbs}|(?=\)))"),
    "term": ("search", "{quote_open}(?P<term>{term_char}{1,40}){quote_close}"),
    "phrase_stop": ("search", r"{period}|\)"),
    "party": ("fullmatch", "{party_terms}"),
    "bare_prev": ("fullmatch", "{bare_def_prev}"),
    "bare_after": ("search", r"{bare_def_after}\Z"),
    # the unquoted form inside a parenthesis: 〇〇株式会社（以下、甲という。）/（以下乙という）
    "unquoted": ("search", r"\({hereafter}{hereafter_pause}*(?P<term>{unquoted_char}{1,12}?){unquoted_verbs}{period}?\)"),
    "unquoted_not": ("match", "{unquoted_not_starts}"),
    "hereafter": ("match", "{hereafter}"),
    # --- 「X」とは、…をいう and Xとは、…をいう (X opens a sentence, an item or a list line)
    "toha": ("search", _QUOTED + "(?:{toha_joiners}" + _QUOTED + ")*{toha}"),
    "means": ("search", "{means}"),
    "bare_toha": ("search", "{toha}{comma}"),
    "opening": ("fullmatch", r"[\s]*{item_labels}?[\s]*(?:" + _DOC + r"{opening_scope}{comma}?)?[\s]*"),
    "means_bare": ("search", "(?:{means_bare}|{means_bare_stem}{polite}?)(?={clause_end}|$)"),
    "phrase": ("search", "((?:{hereafter})?{phrase_heads}{phrase_body_char}{0,40}?{phrase_tails}){comma}?"),
    # --- glossary articles (次の各号に掲げる用語の意義は…) and their items
    "glossary_lead": ("search", "{glossary_lead}"),
    "def_article": ("search", "{glossary_articles}"),
    "def_caption": ("fullmatch", "{def_captions}"),
    "item_term": ("match", r"[\u3000 ]*(?:{quote_open}(?P<q>{term_char}{1,40}){quote_close}|(?P<t>{item_term_char}{1,30}?))"
                  r"(?:[\u3000 ]+|{colon}|{toha}{comma}?|(?={quote_open}))"),
    "including": ("search", "{including}"),
    "period_end": ("search", r"{period}\Z"),
    "particle": ("fullmatch", "{particles}"),
    "object_mark": ("match", "{object_marks}"),
    "bullet_line": ("match", r"[ \t\u3000]*{bullets}[ \t\u3000]*(?=\S)"),
    # --- a noun phrase + （…をいう。以下同じ。） / （…を含む。以下この条において同じ。）
    "paren_close": ("search", r"{same}{period}?\)"),
    "same_marker": ("search", "(?:{marker_char}{0,30}?{except_lead}{comma}?)?(?P<ika>{hereafter})?"
                    "(?P<phrase>{marker_char}{0,60}?{marker_in}|{marker_char}{0,30}?{marker_among})?{same}{period}?$"),
    "quote_open": ("search", "{quote_open}"),
    "quote_close": ("fullmatch", "{quote_close}"),
    "explains_end": ("search", "{explains}{period}?$"),
    "extends_end": ("search", "{extends}{not_period}{0,20}{period}?$"),
    "says_quoted": ("search", "{quote_open}{not_quote_close}*{quote_close}{says}"),
    "period_trail": ("search", r"(?:{period})+\Z"),
    "comma_trim": ("search", r"^(?:{comma})+|(?:{comma})+\Z"),
    # a parenthesis right after a pointer (第十二条第一項ただし書（…。以下この号において同じ。）) qualifies it
    "ref_head": ("search", "{pointers}{sub_pointer}*{pointer_parts}?$"),
    "sentence_marks": ("search", r"(?P<open>\(|{quote_open})|(?P<close>\)|{quote_close})|(?P<stop>{period})"),
    # --- noun phrases, uses and near variants
    "word_boundary": ("fullmatch", "{word_boundary}"),
    "hiragana": ("fullmatch", "{hiragana}*"),
    "strip_lead": ("fullmatch", "{strip_lead}"),
    "run_trail": ("fullmatch", "{run_trail}"),
    "run_lead": ("fullmatch", "{run_lead}"),
    "compound_mark": ("fullmatch", "{compound_marks}"),
    "middle_dot": ("search", "{middle_dot}"),
    "modifier": ("fullmatch", "{modifiers}"),
    "referring": ("fullmatch", "{referring}"),
    "other_instance": ("search", "(?:{other_instance})$"),
    "law_name_stop": ("match", "{law_name_stops}"),
    "generic_notion": ("match", "{generic_notion_tails}"),
    "law_like": ("search", "{law_endings}$"),
    "numberish": ("search", "{num}{numbered_units}"),
    "coord": ("fullmatch", "{coordinators}"),
    # a use right after 第N条に規定する / 第N条の is a cross-reference
    "xref_gap": ("fullmatch", r"(?:\([^()]*\))?(?:(?P<defining>{xref_defining})|{xref_genitive})"),
    "etc_end": ("search", r"{etc_suffix}\Z"),
    "explained_at_use": ("search", "{explained_at_use}"),
    "head_link": ("fullmatch", "{head_links}"),
    "suru": ("fullmatch", "{suru_norm}"),
    # --- part-of-speech classes (Token.pos starts with one of them)
    "pos_noun": ("match", "{noun_pos}"),
    "pos_noun_suffix": ("match", "{noun_pos}|{suffix_pos}"),
    "pos_noun_prefix": ("match", "{noun_pos}|{prefix_pos}"),
    "pos_nounish": ("match", "{noun_pos}|{prefix_pos}|{suffix_pos}"),
    "pos_compound": ("match", "{noun_pos}|{prefix_pos}|{suffix_pos}|{adjectival_pos}"),
    "pos_noun_adjectival": ("match", "{noun_pos}|{adjectival_pos}"),
    "pos_suffix": ("match", "{suffix_pos}"),
    "pos_adjectival": ("match", "{adjectival_pos}"),
    "adjectival_link": ("fullmatch", "{adjectival_links}"),
    "pos_symbol": ("match", "{symbol_pos}"),
    "pos_common_noun": ("match", "{common_noun_pos}"),
    "pos_adnominal": ("match", "{adnominal_pos}"),
}
_RX = {name: re.compile(_WORDS.regex(t, num=_NUM)) for name, (_mode, t) in TEMPLATES.items()}


def patterns_using(list_name: str) -> list[tuple[str, re.Pattern]]:
    """(mode, compiled pattern) of every pattern that ``list_name`` of definitions.yaml takes part in."""
    return [(mode, _RX[name]) for name, (mode, t) in TEMPLATES.items() if list_name in _WORDS.uses(t, ("num",))]


class _Memo(dict):
    """``test(s) is not None`` once per distinct string, for token POS names and surfaces (a bounded set
    that nlp already interns per process): the hot loops read a dict instead of running a regex for
    every token."""

    def __init__(self, test):
        super().__init__()
        self.test = test

    def __missing__(self, s: str) -> bool:
        v = self[s] = self.test(s) is not None
        return v


def _pos(name: str) -> _Memo:
    return _Memo(_RX[name].match)


def _word(name: str) -> _Memo:
    return _Memo(_RX[name].fullmatch)


_POS_NOUN, _POS_NOUN_SUFFIX, _POS_NOUN_PREFIX, _POS_NOUNISH, _POS_COMPOUND, _POS_NOUN_ADJ, _POS_SUFFIX, \
    _POS_ADJ, _POS_SYMBOL, _POS_COMMON_NOUN, _POS_ADNOMINAL = (
        _pos(n) for n in ("pos_noun", "pos_noun_suffix", "pos_noun_prefix", "pos_nounish", "pos_compound",
                          "pos_noun_adjectival", "pos_suffix", "pos_adjectival", "pos_symbol", "pos_common_noun",
                          "pos_adnominal"))
_IS_HIRAGANA, _IS_STRIP_LEAD, _IS_RUN_TRAIL, _IS_RUN_LEAD, _IS_COMPOUND_MARK, _IS_MODIFIER, _IS_SURU, \
    _IS_CLOSE_QUOTE = (_word(n) for n in ("hiragana", "strip_lead", "run_trail", "run_lead", "compound_mark",
                                          "modifier", "suru", "quote_close"))
_IS_DOT = _Memo(_RX["middle_dot"].fullmatch)
_BRACKET, _BRACKET_ANCHOR, _TOHA, _MEANS, _GLOSSARY_LEAD, _DEF_ARTICLE, _SAME_MARKER, _REF_HEAD = (
    _RX[n] for n in ("bracket", "bracket_anchor", "toha", "means", "glossary_lead", "def_article", "same_marker",
                     "ref_head"))
# spaces around a key and the parentheses around a caption (not vocabulary: layout)
_KEY_TRIM = re.compile(r"^[ \u3000]+|[ \u3000]+\Z")
_CAPTION_TRIM = re.compile(r"^[() \u3000]+|[() \u3000]+\Z")
_SPACE = re.compile(r"[\u3000 ]")


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
    # variants with a word inserted or left out (管理運営業務 for 管理業務): checked only between parties,
    # since a statute names related terms on purpose (地方独立行政法人 / 地方法人)
    spliced: tuple[str, ...] = ()

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
    return _KEY_TRIM.sub("", s.replace("\n", "").replace("\r", ""))


_TOKEN_START, _TOKEN_END = operator.attrgetter("start"), operator.attrgetter("end")


class _Ctx:
    """Per-document lookups shared by the recognisers."""

    def __init__(self, facts, tree: Tree):
        self.facts = facts
        self.tree = tree
        self.folded = facts.folded
        self.n = len(self.folded)
        self.index = {id(c): i for i, c in enumerate(facts.clauses)}
        # (map / chain: one pass in C over every token of the document, not a Python loop)
        self.tokens = list(itertools.chain.from_iterable(s.tokens for s in facts.sentences))
        self.tok_starts = list(map(_TOKEN_START, self.tokens))
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

    @functools.cached_property
    def boundaries(self) -> set[int]:
        """Offsets where a token starts or ends (built when a short term is first looked up)."""
        out = set(self.tok_starts)
        out.update(map(_TOKEN_END, self.tokens))
        return out

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
                # DOCX auto-numbered articles: 第1条　（目的） on one line, the body on the next; a Markdown
                # heading 「### 第7条」 with the caption on the line after it: up to the body
                cap = fold(c.caption).strip()
                nl = self.folded.find("\n", c.start, c.end)
                line_end = nl if nl >= 0 else c.end
                if nl >= 0 and cap not in self.folded[c.start:line_end]:
                    nl2 = self.folded.find("\n", nl + 1, c.end)
                    line_end = nl2 if nl2 >= 0 else c.end
                # (or up to where the body starts: 「### 第５の２」, an empty line, 「1. 収納金の取扱い」)
                k = self.folded.find(cap, c.start, max(line_end, c.body_start or 0)) if cap else -1
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
    if not (_POS_NOUN_SUFFIX[toks[k].pos] or (_POS_SYMBOL[toks[k].pos] and _IS_CLOSE_QUOTE[toks[k].surface])):
        return _word_before(ctx, q)
    if _IS_CLOSE_QUOTE[toks[k].surface]:  # 「X」（…）: the bracketed term
        b = toks[k].start
        opens = [m.start() for m in _RX["quote_open"].finditer(ctx.folded, max(0, b - 41), b)]
        return (opens[-1] + 1, b) if opens else None
    j = k
    while j - 1 >= 0:
        t = toks[j - 1]
        if toks[j].start - t.end > 1 or (toks[j].start != t.end and ctx.folded[t.end:toks[j].start] != "\n"):
            break
        if _POS_NOUNISH[t.pos] and not _IS_HIRAGANA[t.surface]:
            j -= 1
            continue
        if _POS_ADJ[t.pos] and _POS_NOUN[toks[j].pos] and not _IS_HIRAGANA[t.surface]:  # 特別特定機械等
            j -= 1
            continue
        if _IS_COMPOUND_MARK[t.surface] and j - 2 >= 0 and _POS_NOUN_ADJ[toks[j - 2].pos]:
            j -= 1
            continue
        if _POS_ADJ[t.pos] and _IS_DOT[toks[j].surface]:
            j -= 1
            continue
        break
    # a run does not start with a suffix
    while j < k and _POS_SUFFIX[toks[j].pos]:
        j += 1
    while j < k and _IS_STRIP_LEAD[toks[j].surface]:
        j += 1
    if _POS_SUFFIX[toks[j].pos]:
        return None
    return (toks[j].start, toks[k].end)


def _word_before(ctx: _Ctx, q: int) -> tuple[int, int] | None:
    """Fallback when the tokenizer sees no noun: a short word written right after a delimiter
    (a table cell ``はい（倉庫…をいう。以下同じ。）``)."""
    a = q
    boundary = _RX["word_boundary"].fullmatch
    while a > 0 and q - a < 8 and not boundary(ctx.folded[a - 1]) and ctx.folded[a - 1] != "(":
        a -= 1
    if a == q or q - a >= 8 or (a > 0 and not boundary(ctx.folded[a - 1])):
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

def _resolve_scope(ctx: _Ctx, phrase: str, phrase_start: int, def_pos: int, ika: bool, def_end: int
                   ) -> tuple[str, list[tuple[int, int]]]:
    """Scope label and ranges for a definition whose scope phrase is ``phrase``."""
    phrase = phrase or ""
    core = _RX["scope_tail_end"].sub("", phrase).strip()
    if not core:
        return "until-end", ctx.whole(def_pos, def_end)
    if _RX["doc"].fullmatch(core):
        app = _annex_named(ctx, core, def_pos)
        if app is not None:  # 別紙の「この特記事項において「X」とは」: the annex, not the contract before it
            return "annex", [(app.start, app.end)]
        return "document", ctx.whole(def_pos)
    # この条 / 本条 / この章 … (possibly several units joined by 及び/並びに/、)
    base = ctx.clause_idx(def_pos)
    ranges: list[tuple[int, int]] = []
    labels: list[str] = []
    pos = 0
    for part in _RX["scope_joiners"].split(core):
        part_start = phrase_start + phrase.find(part, pos) if part else phrase_start
        pos = phrase.find(part, pos) + len(part) if part else pos
        label, found = _part_ranges(ctx, part, part_start, base, def_pos)
        if label:
            ranges.extend(found)
            labels.append(label)
    if not ranges:
        return "until-end", ctx.whole(def_pos, def_end)
    if ika:
        # 以下この条において: from the definition to the end of the unit
        ranges = [(max(a, def_end) if a <= def_pos < b else a, b) for a, b in ranges]
    return _scope_label(labels), _merge(ranges)


def _part_ranges(ctx: _Ctx, part: str, part_start: int, base: int | None, def_pos: int
                 ) -> tuple[str | None, list[tuple[int, int]]]:
    """What one unit of a scope phrase names: この条 / 本章 (the unit holding the definition), この契約
    (the whole text) or a pointer (次条 / 第三項 / 第四十六条 / 附則第N条 …); (None, []) for nothing."""
    clauses = ctx.facts.clauses
    m = _RX["this_unit"].fullmatch(part)
    if m:
        j = ctx.tree.ancestor(base, m.lastgroup)
        return (m.lastgroup, [(clauses[j].start, clauses[j].end)]) if j is not None else (None, [])
    if _RX["doc"].fullmatch(part):
        app = _annex_named(ctx, part, def_pos)
        if app is not None:
            return "annex", [(app.start, app.end)]
        return "document", ctx.whole(def_pos)
    targets = _pointer_targets(ctx, part_start, part_start + len(part), base)
    return ("custom", [(clauses[t].start, clauses[t].end) for t in targets]) if targets else (None, [])


def _annex_named(ctx: _Ctx, part: str, def_pos: int):
    """The attachment (別紙) holding ``def_pos`` when the document word of ``part`` (この特記事項) names it: its
    head line has the word and the title of the whole file does not; else None."""
    clauses = ctx.facts.clauses
    app = next((c for c in clauses if c.kind == "appendix" and c.start <= def_pos < c.end), None)
    if app is None:
        return None
    folded = ctx.folded
    nl = folded.find("\n", app.start)
    head = folded[app.start:nl if 0 <= nl < app.end else app.end]
    title = "".join(folded[c.start:c.end] for c in clauses if c.kind == "title")
    word = next((part[k:] for k in range(len(part) - 1) if part[k:] in head), "")
    return app if len(word) >= 2 and word not in title else None


def _annex_before(ctx: _Ctx, d: Definition, hits: list[int]) -> tuple[int, ...]:
    """Uses, before the attachment, of a term the attachment defines for itself only (この特記事項において)."""
    a, _b = ctx.text_of(d.scope_start)
    if _ordinary_sense(ctx, d):
        return ()
    return tuple(p for p in hits if a <= p < d.scope_start)


def _pointer_targets(ctx: _Ctx, a: int, b: int, base: int | None) -> list[int]:
    """The clauses a pointer written at ``folded[a:b]`` names, resolved from the definition's clause."""
    frags = _trim_frags(_scan_chain(ctx.folded, a, b), False)
    if not frags:
        return []
    state = _State()
    c_ctx: dict = {}
    targets: list[int] = []
    for f in frags:
        if f.kind in ("mod", "law", "suppl"):
            continue
        res = _step(ctx.tree, f, c_ctx, base, None, state, False)
        if not res:
            return []
        targets = res
        c_ctx[f.unit] = res[0]
    return targets


def _scope_label(labels: list[str]) -> str:
    """One unit kind, ``document``, or ``custom`` for several units or a pointer; 表 is ``table``."""
    label = labels[0] if len(labels) == 1 else "custom"
    if len(labels) > 1 or label not in ("document", "annex", *_UNIT_KINDS):
        label = "custom"
    return "table" if label == "appendix" else label


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
        if phrase and _RX["phrase_stop"].search(phrase):
            continue
        if not ika and not phrase:
            # bare 「X」という: a definition only inside a parenthesis or after a comma (…を「甲」という)
            s0 = m.start()
            if s0 > 0 and not _RX["bare_prev"].fullmatch(folded[s0 - 1]) \
                    and not _RX["bare_after"].search(folded, max(0, s0 - 20), s0):
                continue
        if phrase and not ika:
            # 「…において「X」という」 needs a real unit phrase, not arbitrary words
            if not _RX["unit_phrase"].search(phrase):
                continue
        foreign = ctx.foreign(m.start("terms"))
        paren = _enclosing_paren(folded, m.start())
        head_span = _noun_phrase_before(ctx, paren) if paren >= 0 else None
        head = folded[head_span[0]:head_span[1]] if head_span else ""
        close = _matching_close(folded, paren) if paren >= 0 else -1
        def_end = close + 1 if close >= 0 else m.end()
        scope, ranges = _resolve_scope(ctx, _RX["comma_trim"].sub("", phrase), m.start("phrase") if phrase else m.start(),
                                       m.start(), ika or not phrase, def_end)
        if foreign:
            # inside quoted wording (「…（以下「X」という。）…」とあるのは) or a 読み替え table: a
            # definition of the other text, recorded but applying nowhere in this one
            scope, ranges = "quoted", []
        for t in _RX["term"].finditer(m.group("terms")):
            a = m.start("terms") + t.start("term")
            b = m.start("terms") + t.end("term")
            kind = "party" if _RX["party"].fullmatch(_key(folded[a:b])) else "bracket"
            d = _make(ctx, a, b, kind, scope, ranges, head=head)
            if d:
                out.append(d)
    return out


def _unquoted_defs(ctx: _Ctx) -> list[Definition]:
    folded = ctx.folded
    out = []
    for m in _RX["unquoted"].finditer(folded):
        a, b = m.start("term"), m.end("term")
        if _RX["unquoted_not"].match(folded, a, b) or ctx.foreign(a):
            continue
        head_span = _noun_phrase_before(ctx, m.start())
        head = folded[head_span[0]:head_span[1]] if head_span else ""
        scope, ranges = _resolve_scope(ctx, "", m.start(), m.start(), True, m.end())
        kind = "party" if _RX["party"].fullmatch(_key(folded[a:b])) else "bracket"
        d = _make(ctx, a, b, kind, scope, ranges, head=head)
        if d:
            out.append(d)
    return out


def _bracket_matches(folded: str):
    """``_BRACKET.finditer(folded)`` without trying the regex at every character: each match ends
    with an anchor (」という …), so the regex runs only in a window before each anchor, and there
    only where a match can begin (:func:`_bracket_starts`)."""
    last = 0
    n = len(folded)
    heads, tails = _starts_of(_BRACKET_HEADS, folded), _starts_of(_BRACKET_TAILS, folded)
    match = _BRACKET.match
    for am in _BRACKET_ANCHOR.finditer(folded):
        e = am.end()
        if e <= last:
            continue
        lo, hi = max(last, e - 400), min(n, e + 1)
        pos = lo  # as finditer(folded, lo, hi): left to right, each match after the one before
        for p in _bracket_starts(folded, heads, tails, lo, hi):
            if p < pos:
                continue
            m = match(folded, p, hi)
            if m is None:
                continue
            if m.end() == e:
                last = e
                yield m
                break
            pos = m.end()


# where a match of _BRACKET may begin: 以下, a collective word (単に …) or 「 — or a scope phrase,
# that is phrase characters up to a scope tail (において …) at most _BRACKET_PHRASE characters on
def _flat_lists(*names: str) -> re.Pattern:
    """The items of the lists as one flat alternation (which the regex engine skips ahead by the first
    characters of, a group around each list it does not)."""
    return re.compile("|".join(_WORDS.regex(i) for name in names for i in _WORDS.get(name).items))


_BRACKET_HEADS = _flat_lists("hereafter", "collective", "quote_open")
_BRACKET_TAILS = _flat_lists("scope_tails")
_IS_PHRASE_CHAR = _Memo(re.compile(_WORDS.regex("{phrase_char}")).fullmatch)


def _starts_of(rx: re.Pattern, text: str) -> list[int]:
    """Every position where ``rx`` matches, overlapping ones too (each search from the last start + 1)."""
    out = []
    m = rx.search(text)
    while m is not None:
        out.append(m.start())
        m = rx.search(text, m.start() + 1)
    return out


def _bracket_starts(folded: str, heads: list[int], tails: list[int], lo: int, hi: int) -> list[int]:
    """The positions in [lo, hi) where a match of _BRACKET may begin (ascending): the regex fails
    at every other one, so trying only these finds the same matches."""
    out = set(heads[bisect.bisect_left(heads, lo):bisect.bisect_left(heads, hi)])
    phrase_char = _IS_PHRASE_CHAR
    for t in tails[bisect.bisect_left(tails, lo):bisect.bisect_left(tails, hi)]:
        k = t
        while k > lo and k > t - _BRACKET_PHRASE and phrase_char[folded[k - 1]]:
            k -= 1
        out.update(range(k, t + 1))
    return sorted(out)


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
        hm = _RX["hereafter"].match(phrase)
        ika = hm is not None
        if ika:
            phrase = phrase[hm.end():]
        if phrase:
            scope, ranges = _resolve_scope(ctx, phrase, s_start + (pm.start(1) if pm else 0) + (hm.end() if ika else 0),
                                           m.start(), ika, s_end)
        else:
            scope, ranges = "document", ctx.whole(m.start())
        for t in _RX["term"].finditer(m.group(0)):
            a, b = m.start() + t.start("term"), m.start() + t.end("term")
            if a in taken:
                continue
            d = _make(ctx, a, b, "toha", scope, ranges)
            if d:
                out.append(d)
    return out


def _bare_toha_defs(ctx: _Ctx, taken: set[int]) -> list[Definition]:
    """「」-less Xとは、…をいう: X opens a sentence, an item or a list line (after its label or bullet and
    an optional 本規約において), and the sentence states a meaning (…をいう, …を指します, …のことをいいます)."""
    folded = ctx.folded
    out = []
    for m in _RX["bare_toha"].finditer(folded):
        p = m.start()
        if p == 0 or _IS_CLOSE_QUOTE[folded[p - 1]] or ctx.foreign(p) or ctx.skipped(p):
            continue
        span = _noun_phrase_before(ctx, p)
        if span is None or span[1] != p or span[0] in taken:
            continue
        sent = ctx.facts.sentence_at(p)
        line_start = folded.rfind("\n", 0, span[0]) + 1
        start = max(line_start, sent.start if sent else 0)
        if not _RX["opening"].fullmatch(folded, start, span[0]):
            continue  # Xとは inside a sentence (甲は、乙とは、…) is not a definition
        end = sent.end if sent else (folded.find("\n", p) if "\n" in folded[p:] else ctx.n)
        if not _RX["means_bare"].search(folded, m.end(), min(end + 1, m.end() + 400)):
            continue
        d = _make(ctx, span[0], span[1], "toha", "document", ctx.whole(p))
        if d:
            out.append(d)
    return out


def _last_phrase(before: str, anchored: bool):
    last = None
    for m in _RX["phrase"].finditer(before):
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
        kind = "item"
        if clauses[base].kind == "item" and ctx.tree.kids(base, "subitem"):
            holder, kind = base, "subitem"  # the lead in an item (（２）用語の定義): its ①② list the terms
        spans = [(c.body_start if c.body_start is not None else _after_label(folded, c), c.end)
                 for c in (clauses[i] for i in ctx.tree.kids(holder, kind))]
        if not spans:
            spans = _bullet_lines(folded, m.end())
        if not spans:
            continue
        sent = ctx.facts.sentence_at(m.start())
        s_start = sent.start if sent else clauses[holder].start
        pm = _last_phrase(folded[s_start:m.start()], anchored=False)
        if pm:
            phrase = pm.group(1)
            hm = _RX["hereafter"].match(phrase)
            ika = hm is not None
            scope, ranges = _resolve_scope(ctx, phrase[hm.end():] if ika else phrase, s_start + pm.start(1),
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


def _caption_glossary_defs(ctx: _Ctx, taken: set[int]) -> list[Definition]:
    """A 定義 article written as a bullet list without a lead sentence (第2条（定義）/ ・利用者：…をいいます。):
    the bullet lines right after its heading line, each stating a meaning (…をいう). Numbered items
    are not read here (a statute's 定義 article also lists 一　第一項第一号に該当する個人情報　…)."""
    folded = ctx.folded
    out = []
    for c in ctx.facts.clauses:
        if c.kind != "article" or not c.caption or not _RX["def_caption"].fullmatch(_CAPTION_TRIM.sub("", fold(c.caption))):
            continue
        for body, end in _bullet_lines(folded, c.label_start if c.label_start is not None else c.start):
            span = _item_term(folded, body, end, False)
            if span is None or span[0] in taken or _RX["particle"].fullmatch(folded[span[1] - 1]):
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
    im = _RX["item_term"].match(folded, body, end)
    if not im:
        return None
    g = "q" if im.group("q") else "t"
    a, b = im.start(g), im.end(g)
    rest = folded[im.end():end]
    glossary = glossary_lead and g == "t" and (b >= len(folded) or _SPACE.match(folded, b)) \
        and rest.strip() and not _RX["period_end"].search(rest.rstrip())
    if not glossary and not _MEANS.search(rest) and not _RX["including"].search(rest):
        return None
    return (a, b)


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
        bm = _RX["bullet_line"].match(folded, a, e)
        if not bm:
            break
        out.append((bm.end(), e))
    return out


def _after_label(folded: str, c) -> int:
    p = c.label_start if c.label_start is not None else c.start
    p += len(c.label or "")
    while p < c.end and _SPACE.match(folded, p):
        p += 1
    return p


def _paren_defs(ctx: _Ctx, taken_parens: set[int]) -> tuple[list[Definition], list[Orphan]]:
    folded = ctx.folded
    out: list[Definition] = []
    orphans: list[Orphan] = []
    for m in _RX["paren_close"].finditer(folded):
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
        if _RX["quote_open"].search(last):
            continue  # 以下「X」という … handled as bracket
        ika = bool(mm.group("ika"))
        phrase = mm.group("phrase") or ""
        marker = (open_pos + 1 + last_start, open_pos + 1 + last_start + len(_RX["period_trail"].sub("", last)))
        explained = inner[:last_start]
        kind = "paren"
        if explained and not _RX["explains_end"].search(explained) and _RX["extends_end"].search(explained):
            kind = "paren_extend"
        if _REF_HEAD.search(folded, max(0, open_pos - 40), open_pos):
            continue  # 次条第一項ただし書（…を除く。以下この号において同じ。）: qualifies a pointer
        head = _noun_phrase_before(ctx, open_pos)
        if head is None or _RX["quote_open"].search(explained) and _RX["says_quoted"].search(explained):
            if head is None:
                orphans.append(Orphan(marker[0], marker[1], open_pos))
            continue
        scope, ranges = _resolve_scope(ctx, phrase, open_pos + 1 + last_start + (len(mm.group("ika")) if ika else 0), open_pos,
                                       ika or not phrase, close + 1)
        if not ika and not phrase:
            continue
        # 第四十六条において同じ (no 以下): the named unit plus the place of definition
        d = _make(ctx, head[0], head[1], kind, scope, ranges, head=folded[head[0]:head[1]], marker=marker)
        if d:
            out.append(d)
    return out, orphans


def _last_sentence_start(inner: str) -> int:
    """Where the last sentence of a parenthesis starts (after its last 。 outside inner brackets)."""
    depth = 0
    last = 0
    n = len(inner)
    for m in _RX["sentence_marks"].finditer(inner):
        kind = m.lastgroup
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth = max(0, depth - 1)
        elif depth == 0 and m.end() < n:
            last = m.end()
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
    find, free = compact.find, covered.find
    at, n_at, after = keep.at, len(keep.at), bisect.bisect_right  # keep[p] = p + after(at, p)
    for key in sorted(keys, key=lambda k: (-len(k), k)):
        hits = []
        L = len(key)
        mark = b"\x01" * L
        p = find(key)
        bounds = ctx.boundaries if L <= 2 and p >= 0 else None
        while p >= 0:
            if free(1, p, p + L) < 0:  # no character of this occurrence inside a longer term's
                i = after(at, p)
                a = p + i
                q = p + L - 1  # the last character: the same breaks before it unless one lies in between
                b = q + (i if L and (i == n_at or at[i] > q) else after(at, q)) + 1
                if bounds is None or (a in bounds and b in bounds):
                    hits.append(a)
                    covered[p:p + L] = mark
            p = find(key, p + 1)
        out[key] = hits
    return out


def _noun_runs(ctx: _Ctx) -> dict[str, list[int]]:
    """Maximal noun runs of the document as strings -> start offsets (for near variants).

    A run keeps its own string; when it is not itself a defined term, the run without a
    leading 当該/各 and without trailing positional/plural suffixes (上, 等, 内 …) is added as
    well (クラウドサービス上のデータ is a use of the string クラウドサービス). Each list is in document
    order (sorted), so a definition takes the runs of its scope by bisection (:func:`_in_ranges`)."""
    keys = ctx.keys
    folded = ctx.folded
    out: dict[str, list[int]] = {}
    get = out.get
    starts, goes_on, dot, noun = _POS_NOUN_PREFIX, _POS_NOUN_SUFFIX, _IS_DOT, _POS_NOUN
    adj, trail, lead = _POS_ADJ, _IS_RUN_TRAIL, _IS_RUN_LEAD
    for s in ctx.facts.sentences:
        toks = s.tokens
        n = len(toks)
        i = 0
        while i < n:
            t = toks[i]
            if not starts[t.pos] and not (adj[t.pos] and i + 1 < n and dot[toks[i + 1].surface]):
                i += 1
                continue
            j, end = i, t.end
            while j + 1 < n:
                u = toks[j + 1]
                if u.start != end or not (goes_on[u.pos] or (dot[u.surface] and j + 2 < n and noun[toks[j + 2].pos])):
                    break
                j += 1
                end = u.end
            a = t.start
            full = folded[a:end]
            hits = get(full)
            if hits is None:
                out[full] = [a]
            else:
                hits.append(a)
            if j > i and full not in keys:  # (the core of a one-token run is the run itself)
                k = j
                while k > i and trail[toks[k].surface] and goes_on[toks[k].pos]:
                    k -= 1
                # a leading 当該/各 … (the run's first word) is not part of the core
                a2 = toks[i + 1].start if k > i and lead[t.surface] else a
                if k < j or a2 != a:
                    core = folded[a2:toks[k].end]
                    if core != full and len(core) >= 2:
                        out.setdefault(core, []).append(a2)
            i = j + 1
    return out


_LAWLIKE, _NUMBERISH, _COORD = _RX["law_like"], _RX["numberish"], _RX["coord"]


def _compound_word(t) -> bool:
    """A token that can stand inside a compound noun (nouns, prefixes, suffixes, 形状詞, ・ and ー)."""
    return _POS_COMPOUND[t.pos] or _IS_COMPOUND_MARK[t.surface]


def _variants_of(d: Definition, def_tokens: list) -> tuple[set[str], set[str]]:
    """Near-variant strings of a term: (cores without a leading modifier, other variants)."""
    key = d.key
    cores: set[str] = set()
    other: set[str] = set()
    # a variant only of a single compound noun (not of a phrase such as 令和三年度の料金減免)
    if not def_tokens or not all(_compound_word(t) for t in def_tokens):
        return cores, other
    # strip a leading modifier at a token boundary or after ・ (パブリック・クラウドサービス → クラウドサービス)
    dot = _RX["middle_dot"]
    cuts = {t.start - d.start for t in def_tokens if d.start < t.start < d.end}
    cuts |= {m.end() for m in dot.finditer(key)}
    for c in cuts:
        core = key[c:]
        n_tok = sum(1 for t in def_tokens if d.start + c <= t.start < d.end)
        if len(core) >= 4 and n_tok >= 2 and not dot.match(core):
            cores.add(core)
    for a, b in term_words().head_pairs():
        if key.endswith(a) and len(key) - len(a) >= 2:
            other.add(key[: -len(a)] + b)
    if dot.search(key):
        other.add(dot.sub("", key))
    return cores, other


def _bare_head(d: Definition, def_tokens: list) -> str | None:
    """The head noun of a defined compound (入力データ → データ, 作業用端末 → 端末): a common noun
    of two or more characters closing a term of two or more words."""
    if len(def_tokens) < 2 or def_tokens[-1].end != d.end:
        return None
    last = def_tokens[-1]
    if not _POS_COMMON_NOUN[last.pos] or not all(_compound_word(t) for t in def_tokens):
        return None
    if not any(_POS_NOUN[t.pos] for t in def_tokens[:-1]):
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


def _unmodified_noun(ctx: _Ctx, a: int, b: int) -> bool:
    """The noun at [a, b) names a thing by itself: no modifier before it (本業務で作成したデータ,
    クラウドサービス上のデータ, 必要なデータ, 当該データ say which one) and not a verbal noun used
    as a verb (通知する)."""
    k = ctx.token_at_end(a)
    if k >= 0:
        prev = ctx.tokens[k]
        if _IS_MODIFIER[prev.surface] or _POS_ADNOMINAL[prev.pos]:
            return False
    k2 = bisect.bisect_left(ctx.tok_starts, b)
    return not (k2 < len(ctx.tokens) and ctx.tokens[k2].start == b and _IS_SURU[ctx.tokens[k2].norm])


def _is_standalone(ctx: _Ctx, a: int, b: int) -> bool:
    """The string at [a, b) is a whole word, not part of a longer noun compound."""
    if a not in ctx.boundaries or b not in ctx.boundaries:
        return False
    k = ctx.token_at_end(a)
    if k >= 0 and ctx.tokens[k].end == a and _POS_NOUN_PREFIX[ctx.tokens[k].pos]:
        return False
    k2 = bisect.bisect_left(ctx.tok_starts, b)
    if k2 < len(ctx.tokens) and ctx.tokens[k2].start == b and _POS_NOUN[ctx.tokens[k2].pos]:
        return False
    return True


class _Refs:
    """References by end offset (a use right after 第N条に規定する is a cross-reference)."""

    def __init__(self, refs, folded: str = ""):
        self.refs = sorted(refs, key=lambda r: r.end)
        self.ends = [r.end for r in self.refs]
        # the names of the laws cited with their number (個人情報の保護に関する法律（平成15年法律第57号）):
        # from the parenthesis back to the last comma, period or line start
        self.law_names: list[tuple[int, int]] = []
        for r in self.refs:
            k = folded.rfind("(", max(0, r.start - 30), r.start) if r.external == "law" else -1
            # the number of the law named right before its parenthesis (…に関する法律（平成15年法律第57号）)
            if k > 0 and _LAWLIKE.search(folded, max(0, k - 4), k) and _LAWLIKE.search(folded, k, r.start):
                j = k
                while j > 0 and k - j < 40 and not _RX["law_name_stop"].match(folded, j - 1):
                    j -= 1
                self.law_names.append((j, k))
        self.law_names.sort()
        self._law_starts = [a for a, _ in self.law_names]

    def in_law_name(self, p: int) -> bool:
        # (the spans run back at most 40 characters from their parenthesis: a few before ``p`` can hold it)
        k = bisect.bisect_right(self._law_starts, p)
        return any(a <= p < b for a, b in self.law_names[max(0, k - 4):k])

    def cites_before(self, folded: str, p: int, defining_only: bool = False) -> bool:
        """A reference right before ``p`` names where the word is defined (第N条に規定するX;
        with ``defining_only`` False also 第N条のX)."""
        k = bisect.bisect_right(self.ends, p) - 1
        while k >= 0 and p - self.ends[k] <= 40:
            gap = folded[self.ends[k]:p]
            m = _RX["xref_gap"].fullmatch(gap)
            if m and (not defining_only or m.group("defining")):
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
    refs = _Refs(facts.references, facts.folded)
    index = ctx.index
    out = []
    hits_of: dict[str, list[int]] = {}  # per key, not per definition (a term defined in many places)
    for d in defs:
        hits = hits_of.get(d.key)
        if hits is None:
            hits = hits_of[d.key] = [p for p in occ.get(d.key, []) if not ctx.skipped(p)]
        uses = tuple(p for p in _in_ranges(hits, d.ranges) if not (d.start <= p < d.end))
        if not uses and d.kind in ("paren", "paren_extend"):
            d, uses = _extend_head(ctx, d, uses)
        before = _before_uses(ctx, d, hits, refs, index) if d.kind in ("bracket", "party", "paren") else \
            _annex_before(ctx, d, hits) if d.scope == "annex" else ()
        variants, spliced = _variants_in_scope(ctx, d, keys, occ, tables, refs, len(uses))
        out.append(dataclasses.replace(d, uses=uses, before=before, variants=tuple(variants), spliced=spliced))
    return tuple(out), tuple(orphans)


def _in_ranges(hits: list[int], ranges: tuple[tuple[int, int], ...]) -> list[int]:
    """The sorted ``hits`` inside the (sorted, disjoint) ``ranges``: one slice per range, not a test per
    hit (a term defined again and again — a statute repeated in the linear-cost benchmark — made the
    per-hit test quadratic)."""
    out: list[int] = []
    for a, b in ranges:
        out.extend(hits[bisect.bisect_left(hits, a):bisect.bisect_left(hits, b)])
    return out


def _extend_head(ctx: _Ctx, d: Definition, uses: tuple) -> tuple[Definition, tuple]:
    """行政機関の長等（…を除く。以下この款において同じ。）: the phrase is 行政機関の長等, not 長等."""
    if d.start < 2 or not _RX["head_link"].fullmatch(ctx.folded, d.start - 1, d.start):
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
    base = ctx.clause_idx(d.start)
    ta = _before_start(ctx, d, base)
    if ta is None:
        return ()
    sent = ctx.facts.sentence_at(d.start)
    s0 = sent.start if sent else d.start
    cand = [p for p in hits if ta <= p < s0]
    if d.kind == "paren":
        # the preamble names the subject (個人情報の取扱い) before an article pins the word down
        # (個人情報（…をいう。以下同じ。）); an abbreviation (以下「番号法」という) does not exist before
        cand = [p for p in cand if (c := ctx.facts.clause_at(p)) is None or c.kind != "preamble"]
    if not cand or (d.kind != "party" and _ordinary_sense(ctx, d)):
        return ()
    targets = set()
    j = base
    while j is not None:
        targets.add(j)
        j = ctx.facts.clauses[j].parent
    return tuple(p for p in cand if _means_term(ctx, d, p, refs, targets))


def _before_start(ctx: _Ctx, d: Definition, base: int | None) -> int | None:
    """The first offset an earlier use may stand at: the start of the definition's text (an amendment
    附則 and an attachment 別記/別紙 are texts of their own) and, for a unit-scoped definition, of
    its unit (以下この章において); None when that unit is not found."""
    ta, _tb = ctx.text_of(d.start)
    appx = ctx.tree.ancestor(base, "appendix") if base is not None else None
    if appx is not None:
        ta = max(ta, ctx.facts.clauses[appx].start)
    if d.scope in ("until-end", "document"):
        return ta
    unit = {"table": "appendix"}.get(d.scope, d.scope)
    u = ctx.tree.ancestor(base, unit) if base is not None and unit in _UNIT_KINDS else None
    return None if u is None else max(ta, ctx.facts.clauses[u].start)


def _ordinary_sense(ctx: _Ctx, d: Definition) -> bool:
    """Earlier occurrences of the term's words are their ordinary sense: the term is one ordinary word
    (期間, 職員, also with 等), a phrase of ordinary words (選挙権を有する者), or a bracket definition
    that pins down which X is meant (前条の検査証（以下「検査証」という。）: the word was in use)."""
    tokens = ctx.tokens
    k = bisect.bisect_left(ctx.tok_starts, d.start)
    etc = _RX["etc_end"].search(ctx.folded, d.start, d.end)
    if k < len(tokens) and tokens[k].start == d.start and tokens[k].end >= d.end - (len(etc.group()) if etc else 0):
        return True
    toks = []
    while k < len(tokens) and tokens[k].start < d.end:
        toks.append(tokens[k])
        k += 1
    if any(not _compound_word(t) for t in toks):
        return True
    return d.kind == "bracket" and bool(d.head) and _key(d.head) == d.key


def _means_term(ctx: _Ctx, d: Definition, p: int, refs: _Refs, targets: set[int]) -> bool:
    """The earlier occurrence at ``p`` stands for the defined term: a whole word of this text, not cited to
    where it is defined (第十九条第八号に規定する情報照会者), not explained where it stands, and not in a
    sentence that points to the definition's own clause."""
    if ctx.foreign(p):
        return False
    e = _end_of(ctx, p, len(d.key))
    if not _is_standalone(ctx, p, e) or refs.cites_before(ctx.folded, p):
        return False
    if ctx.folded.startswith("(", e) and _RX["explained_at_use"].search(ctx.folded[e:e + 200].split(")", 1)[0]):
        return False  # explained where it is used: 電磁的記録（電子的方式…をいう。）
    sp = ctx.facts.sentence_at(p)
    return not (sp is not None and refs.in_sentence_to(sp.start, p, targets))


def _end_of(ctx: _Ctx, p: int, length: int) -> int:
    """End offset of a match of ``length`` characters at ``p`` (line breaks inside do not count)."""
    q, n = p, 0
    while q < ctx.n and n < length:
        if ctx.folded[q] not in "\n\r":
            n += 1
        q += 1
    return q


def _variants_in_scope(ctx: _Ctx, d: Definition, keys: set[str], occ: dict, tables: _Tables, refs: _Refs,
                       n_uses: int = 0) -> tuple[list[tuple[str, tuple[int, ...]]], tuple[str, ...]]:
    """Near variants of ``d`` that its definition does not reach, written where it applies.

    A variant is another string (not defined itself) that differs from the term by a leading
    modifier (パブリック・クラウドサービス / クラウドサービス), one inserted character (本業務 /
    本件業務) or a synonymous head (利用者データ / 利用者情報), written as a whole noun inside the
    definition's scope. It is NOT a mismatch — the drafter distinguishes the two on purpose — when
    the variant is the genus named in the definition itself (特定電子計算機: 電子計算機のうち…),
    the common core of several defined species (第一種圧力容器, 第二種圧力容器 → 圧力容器),
    coordinated with the term somewhere (独立行政法人及び地方独立行政法人), a law's name
    (新労働基準法 / 労働基準法), or quoted wording of another text."""
    at = d.start - 1 if d.start > 0 and _RX["quote_open"].fullmatch(ctx.folded, d.start - 1, d.start) else d.start
    if d.kind not in _STRONG_KINDS or ctx.foreign(at) or _LAWLIKE.search(d.key) or _NUMBERISH.search(d.key):
        return [], ()
    cores, head, cands, spliced = _candidates(ctx, d, tables.by_shape)
    span = _definition_span(ctx, d, ctx.facts.sentence_at(d.start))
    siblings = _siblings(ctx, d, tables) - cands if tables.has_parties else set()
    meant = _definiens_siblings(ctx, d, tables, span) - cands - siblings if tables.has_parties else set()
    cands, spliced = cands | siblings | meant, spliced | siblings | meant
    runs = tables.runs
    if not cands:
        return _adjectival_variant(ctx, d, keys, n_uses, tables.has_parties), ()
    out = []
    for v in sorted(cands - keys):
        if _LAWLIKE.search(v) or _NUMBERISH.search(v):
            continue
        offs = _variant_offsets(ctx, d, v, runs, tables, refs)
        if not offs:
            continue
        if v == head and v not in cores:
            if not _stray_head(tables, d, v, offs, n_uses):
                continue
            offs = [p for p in offs if _unmodified_noun(ctx, p, p + len(v))]
            if not offs:
                continue
        if (v in cores or v == head) and _statutory(ctx, d, span, refs):
            continue  # 「…番号法第２条第８項に規定する特定個人情報をいう」: a statute's species; its genus is the general word
        if v in cores or v == head:
            # genus written in the definition itself, or shared by several defined species — unless,
            # between parties, the term is used throughout and the genus stands alone once or twice
            # where the term applies (「内蔵記憶装置　物件に内蔵された…記憶装置をいう」, later 「物件の記憶装置に
            # 記録された全ての情報を…」): then it is a slip for the term
            if any(span[0] <= p < span[1] for p in runs.get(v, ())):
                offs = _genus_slips(tables, d, v, offs, span, n_uses)
                if not offs:
                    continue
            if sum(1 for key in keys if key != d.key and key.endswith(v)) >= 1:
                continue
        if (v in siblings or v in meant) and not _stray_sibling(d, v, runs.get(v, ()), offs, n_uses, span,
                                                                ratio=3 if v in siblings else 2):
            continue
        if _coordinated(ctx, v, runs.get(v, ()), keys, occ):
            continue
        if any(refs.cites_before(ctx.folded, p, defining_only=True) for p in runs.get(v, ())):
            continue  # 独立行政法人通則法第二条第一項に規定する独立行政法人: a term defined elsewhere
        out.append((v, tuple(offs)))
    out += _adjectival_variant(ctx, d, keys, n_uses, tables.has_parties)
    return out, tuple(v for v, _ in out if v in spliced)


def _adjectival_variant(ctx: _Ctx, d: Definition, keys: set[str], n_uses: int,
                        between_parties: bool) -> list[tuple[str, tuple[int, ...]]]:
    """重大障害 written 重大な障害: a term opening with an adjectival noun, written with な between its words, once
    or twice where the term applies (between parties): the same thing, outside the definition's wording."""
    if not between_parties:
        return []
    toks = _term_tokens(ctx, d)
    if len(toks) != 2 or not _POS_ADJ[toks[0].pos]:
        return []
    cut = toks[1].start - d.start
    v = d.key[:cut] + _WORDS.get("adjectival_links").items[0] + d.key[cut:]
    if v in keys:
        return []
    offs = []
    p = ctx.folded.find(v, d.end)
    while p >= 0:
        if d.covers(p) and not ctx.skipped(p) and not ctx.foreign(p):
            offs.append(p)
        p = ctx.folded.find(v, p + len(v))
    return [(v, tuple(offs))] if 1 <= len(offs) <= 2 and n_uses >= len(offs) else []


def _genus_slips(tables: "_Tables", d: Definition, v: str, offs: list[int], span: tuple[int, int],
                 n_uses: int) -> list[int]:
    """Where the genus named in the definition (記憶装置 of 「内蔵記憶装置　物件に内蔵された…記憶装置をいう」) is a
    slip for the term: written alone once or twice after the definition, between parties, while the term
    itself is used at least as often and the genus names no other kind here ([] when it is none)."""
    outside = [p for p in offs if not span[0] <= p < span[1] and p > d.start]
    slip = (tables.has_parties and 1 <= len(outside) <= 2 and n_uses >= len(outside)
            and not (tables.other_kinds(v) - {d.key}) and not any(p < d.start for p in tables.runs.get(v, ())))
    return outside if slip else []


def _variant_offsets(ctx: _Ctx, d: Definition, v: str, runs: dict, tables, refs: _Refs) -> list[int]:
    """Where ``v`` stands in the scope of ``d`` as a word that could be a slip for the term."""
    return [p for p in _in_ranges(runs.get(v, ()), d.ranges) if not ctx.skipped(p) and not ctx.foreign(p)
            # the word in the meaning of another defined term (ガバメントクラウド　…クラウドサービスの
            # 利用環境をいう) is the general word that definition uses, not a slip for this term
            and tables.item_key_at(p) in (None, d.key)
            # 現在の受託事業者 / 次期の受託事業者: another holder of the role, not a slip for the term
            and not _RX["other_instance"].search(ctx.folded, max(0, p - 4), p)
            # a word of a cited law's name (個人情報の保護に関する法律（平成15年法律第57号）), or the general
            # notion (個人情報の保護に関する研修)
            and not refs.in_law_name(p) and not _RX["generic_notion"].match(ctx.folded, p + len(v))]


def _role_topics(folded: str) -> bool:
    """The text is between parties named only by their roles (発注者は／受注者は, or 本市は beside
    受注者は: a specification that defines neither): parties.yaml ``pairs`` and ``self_names``."""
    pw = party_words()
    mark = _RX["role_topic_mark"].pattern

    def topic(w: str) -> bool:
        return w in folded and re.search(re.escape(w) + "(?:" + mark + ")", folded) is not None

    return any(topic(vendor) and (topic(client) or any(topic(n) for n in pw.self_names)) for client, vendor in pw.pairs)


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
        self.has_parties = any(x.kind == "party" for x in defs) or _role_topics(ctx.folded)
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
                                 and not _RX["referring"].fullmatch(r[:-len(head)])}
        return self._kinds[head]


def _term_tokens(ctx: _Ctx, d: Definition) -> list:
    """The tokens that start inside the defined term."""
    return list(ctx.tokens[bisect.bisect_left(ctx.tok_starts, d.start):bisect.bisect_left(ctx.tok_starts, d.end)])


def _candidates(ctx: _Ctx, d: Definition, by_shape: dict) -> tuple[set[str], str | None, set[str], set[str]]:
    """(cores, bare head, every candidate string, the spliced ones among them) of the near variants of ``d``."""
    toks = _term_tokens(ctx, d)
    cores, other = _variants_of(d, toks)
    head = _bare_head(d, toks)
    if not cores and not other and not head and len(d.key) < 3:
        return cores, head, set(), set()
    cands = set(cores) | other | ({head} if head else set())
    spliced: set[str] = set()
    if len(d.key) >= 3 and toks and all(_POS_COMPOUND[t.pos] for t in toks):
        for s in by_shape.get((len(d.key) + 1, d.key[0], d.key[-1]), ()):
            if _is_subseq(d.key, s):
                cands.add(s)
        spliced = (_spliced(d, toks, by_shape) | _party_swapped(d.key) | _modifier_swapped(d.key, toks, d.start)) - cands
        cands |= spliced
    return cores, head, cands, spliced


def _siblings(ctx: _Ctx, d: Definition, tables: "_Tables") -> set[str]:
    """Compounds that put another modifier on the term's head of two or more words (外部記録媒体 →
    可搬記録媒体, 電子記録媒体: head 記録媒体): the same kind of thing named another way."""
    toks = _term_tokens(ctx, d)
    if len(toks) < 3 or toks[-1].end != d.end or not all(_POS_COMPOUND[t.pos] for t in toks):
        return set()
    head = d.key[toks[-2].start - d.start:]
    if len(head) < 3:
        return set()
    return {r for r in tables.other_kinds(head) if not r.endswith(d.key) and not d.key.endswith(r)
            and len(r) - len(head) >= 2 and not _IS_HIRAGANA[r[0]]}


def _definiens_siblings(ctx: _Ctx, d: Definition, tables: "_Tables", span: tuple[int, int]) -> set[str]:
    """Compounds of the term's head with the object of its definition's act in front (録音データ 「通話を録音
    した電磁的記録」 → 通話データ): the defined thing named by what the definition says it is made of."""
    toks = _term_tokens(ctx, d)
    if len(toks) < 2 or toks[-1].end != d.end or not all(_POS_COMPOUND[t.pos] for t in toks):
        return set()
    head = d.key[toks[-1].start - d.start:]
    if len(head) < 2:
        return set()
    meaning = ctx.folded[span[0]:span[1]].replace(d.key, "")
    if head in meaning:
        return set()  # 「本業務　調理及び配送の業務」: 調理業務 is a part the definition names, not a slip
    # the word is the object of the act the definition names (通話「を」録音した): the thing made of it, not a
    # kind of the thing's contents (予約履歴 in 利用者データ's list) nor its role (対象として)
    return {r for r in tables.other_kinds(head) if len(r) - len(head) >= 2 and r[:-len(head)] not in d.key
            and not _IS_HIRAGANA[r[0]] and _object_in(meaning, r[:-len(head)])}


def _object_in(text: str, word: str) -> bool:
    """``word`` stands in ``text`` as an object (通話「を」録音した)."""
    k = text.find(word)
    while k >= 0:
        if _RX["object_mark"].match(text, k + len(word)):
            return True
        k = text.find(word, k + 1)
    return False


def _stray_sibling(d: Definition, v: str, all_offs, offs: list[int], n_uses: int, span: tuple[int, int],
                   ratio: int = 3) -> bool:
    """A sibling compound is a slip for the term, not a kind of its own: written once or twice, never
    before the definition nor inside it, while the term is used at least ``ratio`` times as often."""
    return (len(offs) <= 2 and n_uses >= ratio * len(offs) and not any(p < d.start for p in all_offs)
            and not any(span[0] <= p < span[1] for p in all_offs))


def _modifier_swapped(key: str, toks: list, start: int) -> set[str]:
    """貸与資料 → 提供資料, 交付資料: the term with its first word, an act, swapped for another act of its family
    (terms.yaml modifier_synonyms) — the thing named by another way of handing it over."""
    if len(toks) < 2:
        return set()
    first = key[:toks[1].start - start]
    return {w + key[len(first):] for fam in term_words().modifier_synonyms if first in fam for w in fam if w != first}


def _party_swapped(key: str) -> set[str]:
    """利用者データ → 顧客データ, お客様データ …: the term with its leading party word swapped for another
    (terms.yaml party_modifiers), the trace of a template written for another party."""
    words = term_words().party_modifiers
    own = next((w for w in sorted(words, key=len, reverse=True) if key.startswith(w)), None)
    if own is None or len(key) - len(own) < 2:
        return set()
    return {w + key[len(own):] for w in words if w != own}


def _spliced(d: Definition, toks: list, by_shape: dict) -> set[str]:
    """Noun runs that are the term with whole words inserted or left out at a word boundary inside it
    (管理業務 / 管理運営業務, 委託個人情報 / 委託情報): the same first and last word, one part differs."""
    key = d.key
    cuts = sorted({t.start - d.start for t in toks if d.start < t.start < d.end})
    out: set[str] = set()
    for i in cuts:  # insertion of two to four characters at a word boundary
        for n in (2, 3, 4):
            for s in by_shape.get((len(key) + n, key[0], key[-1]), ()):
                if s.startswith(key[:i]) and s.endswith(key[i:]):
                    out.add(s)
    for a in cuts:  # a word (or two) left out, keeping the first and the last word
        for b in cuts:
            if b > a and b - a <= 4 and len(key) - (b - a) >= 3:
                out.add(key[:a] + key[b:])
    return out


_STRONG_KINDS = ("bracket", "party", "toha", "article_item", "paren")


def _statutory(ctx: _Ctx, d: Definition, span: tuple[int, int], refs: "_Refs") -> bool:
    """The definition gives the term a statute's meaning: inside it, the term itself follows a
    reference that names where it is defined (第２条第８項に規定する特定個人情報をいう)."""
    p = ctx.folded.find(d.key, span[0], span[1])
    while p >= 0:
        if refs.cites_before(ctx.folded, p, defining_only=True):
            return True
        p = ctx.folded.find(d.key, p + 1, span[1])
    return False


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
