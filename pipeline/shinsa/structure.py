"""Clause tree of a draft or statute: title, 前文, 編章節款目, 条, 項, 号, 細分, 附則, 別表.

One linear pass over the lines of ``doc.folded`` (full-width digits and
brackets already folded to ASCII, U+3000 kept); labels and captions are cut
from ``doc.text`` so they read as written. Paths follow the statute gold
(see ``/work/team/CONTEXT.md``): ``第3条の2第2項第1号イ``, ``附則第1項``,
``附則（平成一五年五月三〇日法律第六一号）第1条``, ``別表第一第2号``.

Recognition is deliberately conservative, because drafts are full of numbers:

* a numbered paragraph (``2`` ``２`` ``2.`` ``２．`` ``2)``) must continue the
  article's paragraph sequence, so ``2025年4月1日から…`` is never a paragraph;
* items (``(1)`` ``1)`` ``一`` ``ア`` …) exist only inside an article,
  paragraph, 附則 or 別表 and must also run in sequence; every label style
  that appears under a paragraph opens one level deeper (号, then 細分);
* ``第1`` without 条 (特記事項 style) must be the next number in sequence;
* 目次 lines (``第一章　総則（第一条―第四条）``) never create nodes;
* 別表 that are tables (rows of cells separated by U+3000) get no items.

Spans are half-open offsets into ``doc.text`` without leading indentation or
trailing blank space. An article starts at its caption line; the first
paragraph starts at the body text after ``第二条　``; later paragraphs start
at their label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .ingest.labels import starts_structure
from .model import Clause, Document
from .textnorm import kanji_to_int
from .vocabulary import pattern_file

# --------------------------------------------------------------------------
# label patterns (all applied to folded text, after the indentation)

_KD = "〇一二三四五六七八九十百千"
_NUM = rf"(?:[0-9]+|[{_KD}]+)"
_SP = "[\u3000 \t]"
_INDENT = " \u3000\t"
_KNUM = rf"[{_KD}]+"
_KANA = "ア-ン"

# The words the parser reads are in lexicons/vocab/structure.yaml (with examples the tests run); the
# numbering grammar (第・条・項・号・の, 編章節款目, numerals, kana orders, the labels 附則 / 別表 /
# 目次, punctuation) is here. In a template {list} stands for the alternatives of that list, {num} for
# a number, {knum} for a kanji number, {kana} for the katakana range and {sp} for one space.
STRUCTURE_LISTS = ("range_words", "range_end", "list_leads", "list_announcers", "counters", "particles",
                   "honorifics", "runs_on", "deleted", "body_endings", "proviso_starts")
_WORDS = pattern_file("structure.yaml", STRUCTURE_LISTS, fixed=())
TEMPLATES: dict[str, str] = {
    # 「第 1 条」: a template typed with half-width spaces around the number is the same label
    "article": r"第 ?({num}) ?条((?:の{num})*)(?:({range_words}|~|-)第({num})条((?:の{num})*){range_end}?)?"
               r"(?=$|{sp}|\()",
    "item_kanji": r"({knum}(?:の{knum})*)(?:({range_words})({knum}(?:の{knum})*){range_end}?)?[\u3000 \t]+",
    "item_kana": r"([{kana}])(?:({range_words})([{kana}]){range_end}?)?[\u3000 \t]+",
    # a lead line that announces a list (次の各号, 次に掲げる, 以下の, a closing colon)
    "announce": r"{list_leads}の(?!「)|{list_announcers}|[：:]$",
    # a number glued to what follows is a quantity, not a paragraph label (2年, 3か月)
    "counter": "{counters}",
    # what follows a same-line caption when it is a sentence's word (第3条（目的）の規定)
    "particle": "{particles}|[、。]",
    # what an item's body never starts with
    "item_not_start": r"[、。,.)」』:：\-―ー・]|{particles}",
    # an addressee above the title (株式会社○○御中)
    "addressee": r"[^。、]{1,40}?[\u3000 ]*{honorifics}",
    # a line ending so runs on (not の / と: こと, もの end items)
    "runs_on": "{runs_on}$",
    # a proviso of the sentence before (「　ただし、…」 on its own line) opens no paragraph
    "proviso": "{proviso_starts}",
    # what after an article label is no caption (第十条　削除, 第5条　…を置く)
    "not_caption": "^{deleted}$|{body_endings}$",
}
_FIXED = {"num": _NUM, "knum": _KNUM, "kana": _KANA, "sp": _SP}
_RX = {name: re.compile(_WORDS.regex(t, **_FIXED)) for name, t in TEMPLATES.items()}


def patterns_using(list_name: str) -> list[re.Pattern]:
    """The compiled patterns that ``list_name`` of structure.yaml takes part in (for its examples)."""
    return [_RX[name] for name, t in TEMPLATES.items() if list_name in _WORDS.uses(t, tuple(_FIXED))]


_HEADING_KINDS = {"編": ("part", 0), "章": ("chapter", 1), "節": ("section", 2),
                  "款": ("subsection", 3), "目": ("division", 4)}
_HEADING = re.compile(rf"第({_NUM})(編|章|節|款|目)((?:の{_NUM})*)(?:{_SP}*$|{_SP}+(\S.*)$|(\(.*)$)")
_ARTICLE = _RX["article"]
_TOKKI = re.compile(rf"第({_NUM})((?:の{_NUM})*)(?=$|{_SP}|\()")
_CAPTION_LINE = re.compile(r"\(([^()]{1,120})\)$")
_SUPPL = re.compile(rf"附{_SP}*則(?:{_SP}*\(([^()]*)\))?(?:{_SP}*抄)?{_SP}*$")
_APPENDIX = re.compile(
    rf"(別表|別紙|別記|別添|様式)((?:第)?{_NUM}(?:号)?(?:の{_NUM})*)?(?=$|{_SP}|\()")
_ATTACHED_MARK = re.compile(rf"\(?(?:別記|別紙|別添|別冊)(?:第?{_NUM}号?)?\)?")
_TOC = re.compile(rf".{{0,30}}?目{_SP}*次$")
_LAWNUM = re.compile(r"\([^()]*第[^()]*号\)$")
_PARA = re.compile(r"([0-9]{1,3})(?:(\.|\))(?![0-9])|(?=[\u3000 \t]))[\u3000 \t]*(?=\S)")
# ①②… as paragraph numbers: an article whose body opens with ① on its own line numbers its paragraphs so
# (第2条（定義）\n① この協定において、次の各号に…\n(1) …\n② 市は、…); group 2 never takes part
_PARA_CIRCLED = re.compile("([\u2460-\u2473])(\\.)?[\u3000 \t]*(?=\\S)")
#: a bullet: ・ • (a dash, star or plus only before a space, as Markdown writes them)
_BULLET = re.compile(r"([・•]|[-*+](?=[ \t\u3000]))[ \t\u3000]*(?=\S)")
_ANNOUNCE = _RX["announce"]
_SENTENCE_END = re.compile(r"。[」』)]*$")
#: a heading numbered without a space (「4.取得する個人情報」; 「4. …」 is a list item)
_NUM_HEADING = re.compile(r"([0-9]{1,2})\.(?=[^\s0-9.])")
#: a list label typed as Markdown renders it: 「1. 」「1) 」 (a space or tab after the mark)
_AUTO_LABEL = re.compile(r"([0-9]{1,3})[.)][ \t]+(?=\S)")
_PARA_ATTACHED = re.compile(r"([0-9]{1,2})(?=[ぁ-んァ-ヶ一-龥「『])")
_PARA_ATTACHED_STOP = _RX["counter"]
_NUM_CAPTION = re.compile(r"([0-9]{1,2})[\u3000 ]?\(([^()]{1,40})\)")
#: a numbered section heading: 「1 概要」「4.2　要件」, or 「1.総則」 typed with a period and no space
_CAPTIONED_NUMBER = re.compile(r"([0-9]{1,2})[\u3000 ]+(?=\S)")
# 「1.2　目的」, or with hyphens 「1-2　業務の目的」 (one separator throughout: 1-2-3)
_TECH_SECTION = re.compile(r"([0-9]{1,2}(?:\.[0-9]{1,2}){0,3}|[0-9]{1,2}(?:-[0-9]{1,2}){1,3})"
                           r"(?:\.?[\u3000 \t]+|\.(?=[^\s0-9.(]))(\S.{0,60})$")

_ITEM_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("p1", re.compile(r"\(([0-9]{1,3})\)[\u3000 \t]*")),
    ("pk", re.compile(rf"\(([{_KANA}])\)[\u3000 \t]*")),
    ("pkj", re.compile(rf"\(({_KNUM})\)[\u3000 \t]*")),
    ("pr", re.compile(r"\((i{1,3}|iv|vi{0,3}|ix|xi{0,3})\)[\u3000 \t]*")),
    ("pa", re.compile(r"\(([a-z])\)[\u3000 \t]*")),
    ("c", re.compile("([\u2460-\u2473\u3251-\u325f\u32b1-\u32bf])[\u3000 \t]*")),
    ("k", _RX["item_kanji"]),
    ("kana", _RX["item_kana"]),
]
_AIUEO = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
_IROHA = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセスン"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9,
          "x": 10, "xi": 11, "xii": 12, "xiii": 13}
_PARTICLES = _RX["particle"]
_MAX_CAPTION = 40
_MAX_ITEM_SKIP = 5
_ADDRESSEE = _RX["addressee"]
_ITEM_NOT_START = _RX["item_not_start"]
_CONTINUES = _RX["runs_on"]


def _is_cells(s: str) -> bool:
    """Cells separated by U+3000 / tabs, no sentence (a table row, not prose)."""
    s = s.strip(_INDENT)
    return bool(s) and ("\u3000" in s or "\t" in s) and "。" not in s


def _phrase_line(text: str) -> bool:
    """A line that reads as a phrase written out (a comma, or longer than a heading), not a short heading."""
    text = text.rstrip(_INDENT)
    return "、" in text or _width(text) > 24


def _width(s: str) -> float:
    return sum(1.0 if ord(ch) > 0xFF else 0.5 for ch in s)


def _num(s: str) -> int | None:
    return kanji_to_int(s) if s else None


def _branch(s: str) -> tuple[int, ...]:
    """``の二の三`` -> (2, 3)."""
    if not s:
        return ()
    out = []
    for part in s.split("の")[1:]:
        n = _num(part)
        if n is None:
            return ()
        out.append(n)
    return tuple(out)


def _numtuple(s: str) -> tuple[int, ...] | None:
    """``三の二`` -> (3, 2)."""
    head, _, rest = s.partition("の")
    n = _num(head)
    if n is None:
        return None
    return (n,) + (_branch("の" + rest) if rest else ())


def _circled(ch: str) -> int:
    cp = ord(ch)
    if 0x2460 <= cp <= 0x2473:
        return cp - 0x2460 + 1
    if 0x3251 <= cp <= 0x325F:
        return cp - 0x3251 + 21
    return cp - 0x32B1 + 36


def _cite(n: tuple[int, ...], unit: str) -> str:
    """(3, 2), 条 -> 第3条の2."""
    return f"第{n[0]}{unit}" + "".join(f"の{b}" for b in n[1:])


def _successor(last: tuple[int, ...], new: tuple[int, ...]) -> bool:
    return new > last and new[0] <= last[0] + 1


# --------------------------------------------------------------------------


@dataclass
class _Node:
    path: str
    label: str
    kind: str
    caption: str | None
    start: int
    parent: int | None
    num: tuple[int, ...] = ()
    label_start: int | None = None
    body_start: int | None = None
    end: int = -1


@dataclass
class _Level:
    style: str
    last: tuple[int, ...]
    node: int


@dataclass
class _Unit:
    """The article (or 附則 / 別表 acting as one) whose paragraphs and items we are in."""

    node: int | None           # article node, or the 附則 / 別表 node
    path: str                     # prefix for paragraph paths
    para: int | None = None    # current paragraph node
    para_num: int = 0
    numbered: bool = False        # a numbered paragraph label was seen
    need_p1: bool = False         # first paragraph not yet started
    p1_anchor: int = 0            # where an empty first paragraph starts
    items: list = field(default_factory=list)  # list[_Level]
    allow_paragraphs: bool = True
    allow_items: bool = True
    in_table: bool = False
    plain: bool | None = None     # numbers none of its paragraphs (computed when first needed)
    circled: bool = False         # its paragraphs are numbered ①②…


class _Parser:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.text
        self.f = doc.folded
        self.nodes: list[_Node] = []
        self.paths: dict[str, int] = {}
        self.headings: list[tuple[int, int]] = []   # (level, node)
        self.container: int | None = None         # 附則 / 別表 node
        self.container_path = ""
        self.unit: _Unit | None = None
        self.last_article: tuple[int, ...] | None = None
        self.last_tokki = 0
        self.captioned_numbers = False
        self.last_tokki_num: tuple[int, ...] = (0,)
        self.numbered_in: int | None = None
        self.caption: tuple[int, int] | None = None  # pending caption line (start, end)
        self.toc = False
        self.toc_first_key: str | None = None
        self.toc_entries = 0
        self.preamble: int | None = None
        self.seen_body = False
        self.title_done = False
        self.table_appendix = False
        self.has_articles = False
        self.tech_sections: list[tuple[tuple[int, ...], int]] = []
        #: how far the first section heading is indented: a line indented deeper is a list item
        self.tech_indent: int | None = None
        self._skip_until = -1
        self.para_styles: set[str] = set()  # d. / d) when paragraphs are labelled 2. / 2)
        self.heading_sections = False  # a document of headings without 第N条 (利用規約, ポリシー)
        self.section_group: int | None = None  # the heading above a run of section headings
        self._line_width: float | None = None
        self._wrap: bool | None = None

    # -- nodes --------------------------------------------------------------
    def add(self, path: str, label: str, kind: str, caption: str | None, start: int,
            parent: int | None, num: tuple[int, ...] = (), label_start: int | None = None,
            body_start: int | None = None) -> int:
        # paths stay unique: a repeated label (two 「３」 in one article) becomes 第15条第3項#2
        if path in self.paths:
            k = 2
            while f"{path}#{k}" in self.paths:
                k += 1
            path = f"{path}#{k}"
        idx = len(self.nodes)
        self.nodes.append(_Node(path, label, kind, caption, start, parent, num, label_start, body_start))
        self.paths[path] = idx
        return idx

    def heading_parent(self) -> int | None:
        if self.headings:
            return self.headings[-1][1]
        return self.container

    def close_unit(self) -> None:
        u = self.unit
        if u is not None and u.need_p1 and u.node is not None and self.nodes[u.node].kind == "article":
            self._new_paragraph(u, 1, "", u.p1_anchor, None, None)
        self.unit = None

    # -- main loop ------------------------------------------------------------
    def run(self) -> list[_Node]:
        f = self.f
        lines: list[tuple[int, int, int]] = []  # (line start, content start, line end)
        pos = 0
        n = len(f)
        while pos <= n:
            e = f.find("\n", pos)
            if e < 0:
                e = n
            c = pos
            while c < e and f[c] in _INDENT:
                c += 1
            lines.append((pos, c, e))
            pos = e + 1
        self.lines = lines
        self.has_articles = self.prescan_articles = self._prescan_articles()
        self.auto_num = self._auto_numbers()
        self.heading_sections = not self.prescan_articles and not self._prescan_tech() and sum(
            self._is_heading(j) for j in range(len(lines))) >= 2
        self.closing = self._closing_lines()
        for i, (ls, cs, le) in enumerate(lines):
            self.cur = i
            if cs < self._skip_until:
                continue
            if cs >= le:
                if not self._caption_over_blank(i):
                    self.caption = None
                if self.toc and self.toc_entries:
                    self.toc = False
                continue
            self.line(i, ls, cs, le)
        self.close_unit()
        return self.nodes

    def _prescan_articles(self) -> bool:
        f = self.f
        expect = 1
        for _, cs, le in self.lines:
            if f.startswith("第", cs):
                if _ARTICLE.match(f, cs, le):
                    return True
                m = _TOKKI.match(f, cs, le)
                if m and _num(m.group(1)) == expect:
                    expect += 1
                    if expect > 2:
                        return True
        return False

    def _auto_numbers(self) -> dict[int, int]:
        """Line index -> the number a renderer shows, for lists that repeat one number.

        Markdown templates (and TXT copied from them) write every item of an ordered
        list as 「1.」 and let the renderer count. A run of such labels at one
        indentation — lines deeper in between belong to the items, a line of text
        at that indentation or shallower ends the run — is numbered in order from
        its first number, as a reader sees it. Runs whose numbers differ keep them
        as written (a drafting gap stays visible to numbering_gap).
        """
        f = self.f
        out: dict[int, int] = {}
        runs: dict[int, list[tuple[int, int]]] = {}  # indent -> [(line index, number)]

        def close(keep_below: int) -> None:
            for w in [w for w in runs if w >= keep_below]:
                run = runs.pop(w)
                if len(run) >= 2 and len({n for _, n in run}) == 1:
                    out.update((j, run[0][1] + k) for k, (j, _n) in enumerate(run))

        for j, (ls, cs, le) in enumerate(self.lines):
            if cs >= le:
                continue
            w = cs - ls
            m = _AUTO_LABEL.match(f, cs, le)
            if m is None:
                close(w)
                continue
            close(w + 1)
            runs.setdefault(w, []).append((j, int(m.group(1))))
        close(0)
        return out

    def next_content(self, i: int) -> tuple[int, int, int] | None:
        for j in range(i + 1, min(i + 6, len(self.lines))):
            _ls, cs, le = self.lines[j]
            if cs < le:
                return self.lines[j]
        return None

    def line(self, i: int, ls: int, cs: int, le: int) -> None:
        content = self.f[cs:le]
        if self._front_line(i, cs, le, content) or self._labelled_line(i, cs, le, content):
            return
        if self._captioned_clause(cs, le, content):
            return
        if not self.prescan_articles and self._articleless_line(i, cs, le, content):
            return
        if self.unit is not None:
            if self._in_unit(cs, le, content, cs - ls):
                self.caption = None
                return
        elif (not self.seen_body and self.container is None and not self.headings
              and not self.tech_sections and self.preamble is None):
            self.preamble = self.add("前文", "", "preamble", None, cs, None)
        self.caption = None

    def _front_line(self, i: int, cs: int, le: int, content: str) -> bool:
        """The title (the first line of the file, unless it is already structure), a 目次 heading
        or one of its entries."""
        if not self.title_done:
            self.title_done = True
            if self._title(i, cs, le, content):
                return True
        if self.toc:
            if self._toc_line(content):
                self.toc_entries += 1
                return True
            self.toc = False
        if not self.seen_body and "目" in content[:34] and _TOC.fullmatch(content):
            self._close_all()
            self.add("目次", self.text[cs:le].strip(), "toc", None, cs, None, label_start=cs)
            self.toc = True
            self.toc_entries = 0
            self.toc_first_key = None
            return True
        return False

    def _labelled_line(self, i: int, cs: int, le: int, content: str) -> bool:
        """A line that opens a unit by its label (附則, 別表, 第N章, 第N条, 第N) or a caption line
        （目的） above the article or paragraph it names."""
        first = content[0]
        if first == "附" and (m := _SUPPL.fullmatch(content)):
            self._suppl(cs, le, m)
            return True
        if first in "別様" and (m := _APPENDIX.match(content)) and self._appendix(cs, le, m):
            return True
        if first == "第":
            m = _HEADING.match(content)
            if m and "。" not in content and self._heading(cs, le, m):
                return True
            m = _ARTICLE.match(content)
            if m and self._article(i, cs, le, m):
                return True
            m = _TOKKI.match(content)
            if m and self._tokki(i, cs, le, m):
                return True
        if first == "(" and _CAPTION_LINE.fullmatch(content):
            if self._caption_of_bare_article(cs, le):
                return True
            nxt = self.next_content(i)
            if nxt is not None:
                self.caption = (cs, le)
                # a caption belongs to the next article or paragraph; it is not body text
                if self._caption_target(nxt):
                    return True
            self.caption = None
        return False

    def _next_captioned(self, content: str) -> bool:
        """``content`` is the next clause numbered without 第 (「３　受託者は、…。」 after clause 2): a sentence,
        numbered one past the last, where no 第N articles or 第１-style clauses run their own numbering."""
        m = _CAPTIONED_NUMBER.match(content)
        return (m is not None and "。" in content and int(m.group(1)) == self.last_tokki + 1
                and self.last_article is None and (self.captioned_numbers or not self.last_tokki))

    def _caption_over_blank(self, i: int) -> bool:
        """A caption line, a blank line, then the clause it names (Markdown puts a blank line between
        「（秘密の保持）」 and 「３　受託者は、…」): the caption waits for it."""
        nxt = self.next_content(i) if self.caption is not None else None
        if nxt is None:
            return False
        return self._next_captioned(self.f[nxt[1]:nxt[2]])

    def _opens_attachment(self, cs: int) -> bool:
        """The line at ``cs`` is the open attachment's first line after its head line."""
        head = self.next_content(self._line_index(self.nodes[self.container].start))
        return head is not None and head[1] == cs

    def _captioned_clause(self, cs: int, le: int, content: str) -> bool:
        """「（秘密の保持）」 on its own line, then 「３　受託者は、…。」: a clause numbered without 第, in a document
        without articles or in an attachment (別紙) of one, numbered 1, 2, 3 … under captions."""
        app = self.container is not None and self.nodes[self.container].kind == "appendix"
        # in an attachment (別記) the clauses may stand without captions: 「1　受注者は、…。」「2　…。」
        # (a table attachment's 備考 「１　…。」 is a note, unless the numbered sentence opens the attachment)
        uncaptioned = app and self.caption is None and (
            (self.numbered_in == self.container and self.last_tokki > 0)
            or (content[:1] in "1１" and self._opens_attachment(cs)))
        if (self.caption is None and not uncaptioned) or not self._next_captioned(content):
            return False
        # (an attachment read as a table from its first lines is prose once a captioned sentence opens it)
        if not ((not self.prescan_articles and self.container is None) or app):
            return False
        m = _CAPTIONED_NUMBER.match(content)
        n = int(m.group(1))
        self.numbered_in = self.container  # the attachment whose clauses are numbered 1, 2, 3 …
        self.last_tokki, self.last_tokki_num, self.captioned_numbers = n, (n,), True
        self.table_appendix = False
        self._new_article(str(n), self.text[cs:cs + m.end(1)], (n,), cs, le, cs + m.end(1))
        self.last_article = None
        return True

    def _articleless_line(self, i: int, cs: int, le: int, content: str) -> bool:
        """In a document without 第N条: a numbered caption line (誓約書), a heading of a document of
        headings (利用規約) or a numbered section of a specification."""
        m = _NUM_CAPTION.fullmatch(content)
        if m and int(m.group(1)) == self.last_tokki + 1 and self.container is None:
            # 誓約書 style: １（秘密保持の誓約） on its own line, numbered 1, 2, 3 …
            n = int(m.group(1))
            self.last_tokki = n
            self.last_tokki_num = (n,)
            self._new_article(f"第{n}", self.text[cs:cs + m.end(1)], (n,), cs, le, cs + m.end(1))
            self.last_article = None
            return True
        if self.heading_sections and self.container is None and self.last_tokki == 0 \
                and self._is_heading(i):
            self._heading_section(i, cs, le)
            return True
        return (self.unit is None or self._in_tech_section()) and self._tech_section(cs, le, content)

    def _in_tech_section(self) -> bool:
        """Is the open unit a numbered section of a specification (its paragraphs and items so far)?"""
        u = self.unit
        return u is not None and u.node is not None and self.nodes[u.node].kind == "section" \
            and bool(self.tech_sections) and self.tech_sections[-1][1] == u.node

    # -- title / toc ----------------------------------------------------------
    def _title(self, i: int, cs: int, le: int, content: str) -> bool:
        nxt = self.next_content(i)
        if _ATTACHED_MARK.fullmatch(content) and nxt is not None:
            # 「別記」「別紙2」 above the title: the whole file is the attachment of a contract, the mark
            # belongs to the title (it is neither an appendix of this file nor a reference)
            j = self._line_index(nxt[1])
            ncontent = self.f[nxt[1]:nxt[2]]
            if self._title(j, nxt[1], nxt[2], ncontent):
                self.nodes[-1].start = self.nodes[-1].label_start = cs
                return True
        if "。" in content or len(content) > 60 or content[0] in "第(附別様" or _TOC.fullmatch(content):
            return False
        if _PARA.match(content) or _PARA_ATTACHED.match(content):
            return False
        nxt = self.next_content(i)
        if _ADDRESSEE.fullmatch(content) and nxt is not None:
            # 株式会社○○御中 / ○○市長　様 above the title: the addressee is not the title
            j = self._line_index(nxt[1])
            ncontent = self.f[nxt[1]:nxt[2]]
            if not _ADDRESSEE.fullmatch(ncontent) and self._title(j, nxt[1], nxt[2], ncontent):
                return True
        end = le
        if nxt is not None and _LAWNUM.fullmatch(self.f[nxt[1]:nxt[2]]):
            end = nxt[2]
        elif nxt is not None and self._note_under_title(i, nxt):
            end = le = nxt[2]  # 「（夕凪市 契約審査用…）」 on the next line, a blank line after it: the title's note
        self.add("題名", self.text[cs:le], "title", None, cs, None, label_start=cs)
        self._skip_until = end
        return True

    def _note_under_title(self, i: int, nxt: tuple[int, int, int]) -> bool:
        """The line right below the title is a bracketed note (no blank line between: 「（令和７年３月２５日
        総務部長決定）」「（夕凪市 契約審査用…）」) that is no caption of the line after it (an article label):
        it belongs to the title, however the file spaces what follows."""
        j = self._line_index(nxt[1])
        if j != i + 1 or not _CAPTION_LINE.fullmatch(self.f[nxt[1]:nxt[2]]):
            return False
        if j + 1 >= len(self.lines):
            return True
        _ls, cs, le = self.lines[j + 1]
        return not (cs < le and _ARTICLE.match(self.f[cs:le]))

    def _toc_line(self, content: str) -> bool:
        key = None
        m = _HEADING.match(content)
        if m:
            key = content[:m.end(3)]
        else:
            m = _ARTICLE.match(content) or _TOKKI.match(content)
            if m:
                key = re.sub(r"[\u3000 \t]", "", m.group(0))
            elif content.startswith("附") and _SUPPL.fullmatch(content):
                key = "附則"
            elif mm := re.match(r"([0-9]+(?:\.[0-9]+)*)\.?[\u3000 \t]+\D", content):
                key = mm.group(1)
        if key is not None:
            if self.toc_first_key is None:
                self.toc_first_key = key
            elif key == self.toc_first_key:
                return False  # the body starts again with the first entry
            return "。" not in content
        if "。" in content:
            return False
        if re.search(r"(…|‥|\.{3,}|・{3,}|[0-9]+$|\(第.*\))", content):
            return True
        return bool(re.match(r"[0-9]+(\.[0-9]+)*\.?[\u3000 \t]", content) or content.startswith(("別表", "別紙", "別記", "様式", "附")))

    # -- containers -----------------------------------------------------------
    def _close_all(self) -> None:
        self.close_unit()
        self.caption = None

    def _suppl(self, cs: int, le: int, m: re.Match) -> None:
        self._close_all()
        self.seen_body = True
        self.headings = []
        label_end = cs + m.end(0)
        # label: 附　則 as written (without the amendment number and 抄)
        lab = re.match(rf"附{_SP}*則", self.f[cs:le])
        label = self.text[cs:cs + lab.end()]
        inner = m.group(1)
        if inner is not None:
            o = self.f.index("(", cs) + 1
            written = self.text[o:o + len(inner)]
            path = f"附則（{written}）"
            caption = written
        else:
            path, caption = "附則", None
        idx = self.add(path, label, "suppl", caption, cs, None, label_start=cs)
        self.container = idx
        self.container_path = self.nodes[idx].path
        self.last_article = None
        self.last_tokki = 0
        self.last_tokki_num = (0,)
        self.unit = _Unit(node=idx, path=self.container_path, need_p1=True, p1_anchor=label_end)
        self.table_appendix = False

    def _appendix(self, cs: int, le: int, m: re.Match) -> bool:
        content = self.f[cs:le]
        rest = content[m.end():]
        if "。" in rest and not rest.lstrip(_INDENT).startswith("("):
            return False
        if len(rest) > 80:
            return False
        # a table row that starts with an attachment number (別表第七　別表第十三) is not a heading
        outside = re.sub(r"\([^()]*\)", "", rest)
        # (a caption may hold a comma: 「別記　受注者が取得し、維持すべき第三者認証」; a row of cells may not)
        if re.search("別表|別紙|別記|別添|様式|。", outside) or (
                "、" in outside and re.search(r"\S[ \u3000\t]+\S", outside.strip(_INDENT))):
            return False
        if cs > self.lines[self._line_index(cs)][0] and outside.strip(_INDENT):
            return False
        if not m.group(2) and re.search(r"[ \u3000\t]\S*[ \u3000\t-]", outside.strip(_INDENT) + " "):
            return False  # bare 別表 followed by table cells (別表　全半角 -（指定なし）)
        self._close_all()
        self.seen_body = True
        self.headings = []
        label = self.text[cs:cs + m.end()]
        path = self.f[cs:cs + m.end()]
        caption = self.text[cs + m.end():le] or None
        num: tuple[int, ...] = ()
        if m.group(2):
            mm = re.search(_NUM, m.group(2))
            if mm and (v := _num(mm.group(0))) is not None:
                num = (v,) + _branch(m.group(2)[mm.end():].replace("号", ""))
        idx = self.add(path, label, "appendix", caption, cs, None, num=num, label_start=cs,
                       body_start=cs + m.end())
        self.container = idx
        self.container_path = self.nodes[idx].path
        self.last_article = None
        self.last_tokki = 0
        self.last_tokki_num = (0,)
        self.table_appendix = self._is_table(le)
        self.unit = _Unit(node=idx, path=self.container_path, allow_paragraphs=False,
                          allow_items=not self.table_appendix)
        return True

    def _is_table(self, after: int) -> bool:
        """Does the attachment starting after offset ``after`` hold rows of cells?"""
        f = self.f
        i = self._line_index(after)
        for _ls, cs, le in self.lines[i + 1:]:
            if cs >= le:
                continue
            content = f[cs:le]
            if content[0] in "別様附" and (_APPENDIX.match(content) or _SUPPL.fullmatch(content)):
                break
            if content[0] == "第" and _ARTICLE.match(content):
                break
            body = content
            for _, pat in _ITEM_PATTERNS:
                mm = pat.match(content)
                if mm:
                    body = content[mm.end():]
                    break
            if "\u3000" in body.strip("\u3000"):
                return True
        return False

    def _line_index(self, offset: int) -> int:
        lo, hi = 0, len(self.lines) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.lines[mid][0] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def _heading(self, cs: int, le: int, m: re.Match) -> bool:
        n = _num(m.group(1))
        if n is None:
            return False
        rest = (m.group(4) or m.group(5) or "")
        if len(rest) > 60:
            return False
        kind, level = _HEADING_KINDS[m.group(2)]
        self._close_all()
        self.seen_body = True
        while self.headings and self.headings[-1][0] >= level:
            self.headings.pop()
        num = (n,) + _branch(m.group(3))
        comp = _cite(num, m.group(2))
        parent = self.heading_parent()
        prefix = ""
        if self.headings:
            prefix = self.nodes[self.headings[-1][1]].path
        elif self.container is not None:
            prefix = self.container_path
        label_end = cs + m.start(4) if m.group(4) else (cs + m.start(5) if m.group(5) else le)
        label = self.text[cs:cs + m.end(3)] if m.group(3) is not None else self.text[cs:label_end]
        cap_start = cs + (m.start(4) if m.group(4) else m.start(5)) if rest else None
        caption = self.text[cap_start:le] if cap_start is not None else None
        idx = self.add(prefix + comp, label, kind, caption, cs, parent, num=num, label_start=cs,
                       body_start=cap_start)
        self.headings.append((level, idx))
        return True

    def _caption_of_bare_article(self, cs: int, le: int) -> bool:
        """「### 第7条」 then 「（本サービスの停止）」: a caption line right under an article label that has
        no caption and no body yet is that article's caption, as 第7条（本サービスの停止） on one line."""
        u = self.unit
        if u is None or not u.need_p1 or u.node is None:
            return False
        nd = self.nodes[u.node]
        prev = self._prev_line(cs)
        if nd.kind != "article" or nd.caption is not None or prev is None or prev[1] != nd.label_start \
                or self.f[prev[1]:prev[2]].rstrip(_INDENT) != self.f[prev[1]:prev[1] + len(nd.label)]:
            return False
        nd.caption = self.text[cs:le].rstrip(_INDENT)
        u.p1_anchor = le
        return True

    def _caption_target(self, nxt: tuple[int, int, int]) -> bool:
        """Is the line after a caption line an article (or, in 附則, a paragraph)?"""
        content = self.f[nxt[1]:nxt[2]]
        if content.startswith("第") and (_ARTICLE.match(content) or _TOKKI.match(content)):
            return True
        if self._next_captioned(content):
            return True  # 「（秘密の保持）」 over 「３　受託者は、…」 (see _captioned_clause)
        if self.unit is not None and self.unit.allow_paragraphs:
            m = _PARA.match(content)
            if m and self._para_ok(self.unit, int(m.group(1)), m, False, nxt[1]):
                return True
            if self.unit.need_p1:
                return True
        return False

    # -- articles -------------------------------------------------------------
    def _split_caption(self, cs: int, le: int, after: int) -> tuple[tuple[int, int] | None, int, bool]:
        """After a label: same-line caption ``（目的）`` and where the body starts.

        Returns (caption span, body start, ok); ok is False when the label is
        followed by text that reads as a sentence referring to the article.
        """
        f = self.f
        p = after
        while p < le and f[p] in _INDENT:
            p += 1
        if p < le and f[p] == "(":
            close = f.find(")", p, min(le, p + _MAX_CAPTION + 2))
            if close > 0 and "(" not in f[p + 1:close]:
                q = close + 1
                body = q
                while body < le and f[body] in _INDENT:
                    body += 1
                if body < le and body == q and _PARTICLES.match(f, body, le):
                    return None, p, False
                return (p, close + 1), body, True
            if p == after:
                return None, p, False
        return None, p, True

    def _new_article(self, path: str, label: str, num: tuple[int, ...], cs: int, le: int,
                     label_end: int) -> None:
        cap, body, _ok = self._split_caption(cs, le, label_end)
        start = cs
        caption = None
        if self.caption is not None:
            start = self.caption[0]
            caption = self.text[self.caption[0]:self.caption[1]]
        if cap is not None:
            caption = self.text[cap[0]:cap[1]]
        elif body < le:
            rest = self.f[body:le]
            if (len(rest) <= 25 and not re.search("[、。,.]", rest) and not _RX["not_caption"].search(rest)
                    and self._body_follows(le)):
                caption = self.text[body:le]
                body = le
        self._close_all()
        self.seen_body = True
        if self.container is not None and self.nodes[self.container].kind == "suppl":
            path = self.container_path + path
        elif path in self.paths and self.container is not None:
            # the body has the same number (仕様書 sections 1, 2 …): the attachment's clause is 別紙1の2
            path = self.container_path + "の" + path
        parent = self.heading_parent()
        idx = self.add(path, label, "article", caption, start, parent, num=num, label_start=cs,
                       body_start=body if body < le else None)
        self.unit = _Unit(node=idx, path=self.nodes[idx].path, need_p1=True, p1_anchor=le)
        if body < le:
            c = _PARA_CIRCLED.match(self.f, body, le)
            # 「第1条（目的）①本契約は…」: ① on the label's line numbers the paragraphs ①②…
            self.unit.circled = c is not None and _circled(c.group(1)) == 1
            self._new_paragraph(self.unit, 1, "", body, None, body)
        self.has_articles = True

    def _body_follows(self, le: int) -> bool:
        i = self._line_index(le)
        nxt = self.next_content(i)
        if nxt is None:
            return False
        content = self.f[nxt[1]:nxt[2]]
        return not (content.startswith("第") and (_ARTICLE.match(content) or _HEADING.match(content)))

    def _article(self, i: int, cs: int, le: int, m: re.Match) -> bool:
        n = _num(m.group(1))
        if n is None:
            return False
        if self.container is not None and self.nodes[self.container].kind == "appendix" and cs != self.lines[i][0]:
            return False
        num = (n,) + _branch(m.group(2))
        cap, body, ok = self._split_caption(cs, le, cs + m.end())
        if not ok:
            return False
        if cs > self.lines[i][0] and ("\u3000" in self.f[body:le].strip("\u3000")
                                     or (cap is None and self.caption is None and "。" not in self.f[body:le])):
            return False  # an indented table row that starts with an article number
        # out of sequence: a sentence that starts with a reference, or a quoted article — unless the
        # line starts with the label under a caption, on the line before (TXT 「（指定の取消し）\n第十二条」)
        # or right after it (a Word heading 「第十二条　（指定の取消し）」): a repeated number
        if (self.last_article is not None and not num > self.last_article
                and (cs != self.lines[i][0] or (self.caption is None and cap is None))):
            return False
        if m.group(3):
            n2 = _num(m.group(4))
            end_num = (n2,) + _branch(m.group(5))
            comp = f"第{_cite(num, '条')}から第{_cite(end_num, '条')}まで"
            self.last_article = end_num
        else:
            comp = _cite(num, "条")
            self.last_article = num
        label = self.text[cs:cs + m.end()]
        self._new_article(comp, label, num, cs, le, cs + m.end())
        return True

    def _tokki(self, i: int, cs: int, le: int, m: re.Match) -> bool:
        n = _num(m.group(1))
        branch = _branch(m.group(2)) if m.group(2) else ()
        if n is None:
            return False
        # 第１１の２ follows 第１１ (or 第１１の１…); otherwise the next number
        if branch:
            if n != self.last_tokki or not (n,) + branch > self.last_tokki_num:
                return False
        skipped = not branch and n != self.last_tokki + 1
        if skipped and not self.last_tokki < n <= self.last_tokki + 3:
            return False
        if self.last_article is not None and self.last_tokki == 0 and self.container is None:
            return False  # 第N条 articles already; a bare 第1 is something else
        _cap, _body, ok = self._split_caption(cs, le, cs + m.end())
        if not ok:
            return False
        heading = _body > cs + m.end() and 0 < le - _body <= 24 and not re.search("[。、]", self.f[_body:le]) \
            and self._body_follows(le)
        if skipped and self.caption is None and not _cap and not heading:
            return False  # a skipped number (第８ → 第１０) is an article only under a caption (line before or
            # after, or 「第９　検査」 written as a heading on its own line)
        self.last_tokki = n
        self.last_tokki_num = (n,) + branch
        self.last_article = None
        label = self.text[cs:cs + m.end()]
        self._new_article(_cite((n,) + branch, ""), label, (n,) + branch, cs, le, cs + m.end())
        self.last_article = None
        return True

    # -- paragraphs and items ---------------------------------------------------
    def _new_paragraph(self, u: _Unit, k: int, label: str, start: int, label_start: int | None,
                       body_start: int | None) -> None:
        caption = None
        if self.caption is not None and label_start is not None:
            start = self.caption[0]
            caption = self.text[self.caption[0]:self.caption[1]]
        sep = self.f[label_start + len(label) - 1] if label_start is not None and label else ""
        if sep in ".)" and len(label) >= 2:
            self.para_styles.add("d" + sep)
        idx = self.add(f"{u.path}第{k}項", label, "paragraph", caption, start, u.node, num=(k,),
                       label_start=label_start, body_start=body_start)
        u.para = idx
        u.para_num = k
        u.need_p1 = False
        u.items = []
        u.in_table = False

    def _paragraph_label(self, u: _Unit, cs: int, content: str, indent: int) -> tuple[re.Match | None, bool]:
        """(match of a paragraph number, attached): 「２　乙は」, or 「２乙は」 glued to its sentence after
        a finished one."""
        m = _PARA.match(content)
        if m is None:
            c = _PARA_CIRCLED.match(content)
            k = _circled(c.group(1)) if c else 0
            if c and ((k == 1 and u.need_p1 and u.para is None) or (u.circled and k == u.para_num + 1)):
                u.circled = True
                return c, False
        if m is not None or indent != 0 or u.para_num < 1:
            return m, False
        m = _PARA_ATTACHED.match(content)
        if m is not None and not _PARA_ATTACHED_STOP.match(content, m.end()) and self._prev_sentence_end(cs):
            return m, True
        return None, False

    def _in_unit(self, cs: int, le: int, content: str, indent: int) -> bool:
        u = self.unit
        assert u is not None
        if u.allow_paragraphs:
            done = self._numbered_line(u, cs, le, content, indent)
            if done is not None:
                return done
        if self._table_row(u, content, indent):
            return False
        if u.allow_items and self._item_line(u, cs, le, content):
            return True
        if self._bullet(u, cs, content, indent):
            return True
        if not u.allow_paragraphs:
            return False
        return self._plain_paragraph(u, cs, content, indent)

    def _numbered_line(self, u: _Unit, cs: int, le: int, content: str, indent: int) -> bool | None:
        """A line that starts with a paragraph number: True when it opens a paragraph or an item
        labelled like one, False for a numbered table row (１　サーバ　毎月, read by nothing
        else), None when it is not such a line or neither takes it."""
        m, attached = self._paragraph_label(u, cs, content, indent)
        if m is None:
            return None
        if not attached and self._numbered_row(cs, le, cs + m.end()):
            # a numbered table row (１　サーバ　毎月) under a header or after another row
            u.in_table = True
            return False
        n = _circled(m.group(1)) if m.re is _PARA_CIRCLED else int(m.group(1))
        k = n if attached else self.auto_num.get(self.cur, n)
        sep = None if attached else m.group(2)
        style = {".": "d.", ")": "d)"}.get(sep or "")
        label_len = len(m.group(0).rstrip(_INDENT))
        lvl = self._numbered_item_level(u, style, k, cs, le, label_len, m.end(), attached, indent)
        if lvl is None and self._restarted_after_bullets(u, k, style, cs, indent):
            k = u.para_num + 1  # 「1.」 again after a 「- 」 list: the next paragraph, by position
        if lvl is None and self._numbered_paragraph(u, k, m, attached, cs, label_len):
            return True
        if (k == 1 and lvl is None and u.para_num == 1 and not u.items and u.para is not None
                and (style is not None or self.nodes[u.para].label) and not self._prev_sentence_end(cs, "。:")):
            # 第7条（営業秘密）営業秘密の遵守\n1．甲及び乙は… : the note is not paragraph 1
            nd = self.nodes[u.para]
            art = self.nodes[u.node] if u.node is not None else None
            if art is not None and art.kind == "article" and art.caption is None and nd.body_start is not None:
                # 「### 第５の２」 then 「1. 収納金の取扱い」 and 「1. 乙は…」: the first line is the caption
                note = self.text[nd.body_start:cs].strip(_INDENT + "\n")
                if note and "\n" not in note:
                    art.caption = note
                    art.body_start = cs
            nd.start = nd.label_start = cs
            nd.label = self.text[cs:cs + label_len]
            nd.body_start = cs + m.end()
            u.numbered = True
            return True
        if (style is not None and (lvl is not None or k == 1) and u.allow_items
                and self._item(u, style, (k,), cs, cs + label_len, cs + m.end(), None, lvl)):
            return True
        return None

    def _numbered_item_level(self, u: _Unit, style: str | None, k: int, cs: int, le: int, label_len: int,
                             body_off: int, attached: bool, indent: int) -> int | None:
        """The item level that a paragraph-like label 「2.」「4)」 continues, or None (a paragraph)."""
        lvl = self._find_level(u, style, (k,)) if style else None
        if lvl is not None and self.cur in self.auto_num and self._label_indent(u.items[lvl].node) != indent:
            lvl = None  # a counted list at another indentation: not the items' sequence
        if (lvl is None and style is not None and not attached and u.allow_items
                and self._prefer_item(u, style, k)):
            lvl = self._out_of_sequence_item(u, style, (k,), cs, le, label_len, body_off)
        return lvl

    def _numbered_paragraph(self, u: _Unit, k: int, m: re.Match, attached: bool, cs: int, label_len: int) -> bool:
        """Open paragraph ``k`` at the label ``m`` when it continues the sequence (or is the first)."""
        if self._para_ok(u, k, m, attached, cs):
            if u.need_p1 and k != 1:
                self._new_paragraph(u, 1, "", u.p1_anchor, None, None)
        elif not (k == 1 and u.need_p1):
            return False
        self._new_paragraph(u, k, self.text[cs:cs + label_len], cs, cs, cs + m.end())
        u.numbered = True
        return True

    def _table_row(self, u: _Unit, content: str, indent: int) -> bool:
        """A row of a table inside a paragraph (its rows may start with 一 but are not items)."""
        if u.in_table:
            if indent > 0 and "\u3000" in content.strip("\u3000"):
                return True
            u.in_table = False
        if indent > 0 and u.para is not None and "\u3000" in content.strip("\u3000") \
                and "。" not in content and not self._match_item(u, content) and not _BULLET.match(content):
            u.in_table = True  # (a bullet line 「  * 口座番号　○○」 is an item, not a row)
            return True
        return False

    def _item_line(self, u: _Unit, cs: int, le: int, content: str) -> bool:
        """A line that starts with an item label （１）, 一, ア … in sequence (or skipping a few)."""
        r = self._match_item(u, content)
        if r is None and content[:1] == "「" and content.count("「") > content.count("」"):
            # items quoted over several lines by an amendment (「(1)　…」 … 「(4)　…。」 after 「次の各号を
            #加える。」): the quotation mark opens the first item, the items are this clause's
            r = self._match_item(u, content[1:])
            if r is not None:
                cs, content = cs + 1, content[1:]
        if r is None:
            return False
        style, num, end_num, label_len, body_off, level = r
        if level is None and num != (1,) and end_num is None:
            level = self._out_of_sequence_item(u, style, num, cs, le, label_len, body_off)
        if u.need_p1 and u.allow_paragraphs:
            self._new_paragraph(u, 1, "", cs, None, cs)
        return self._item(u, style, num, cs, cs + label_len, cs + body_off, end_num, level)

    def _plain_paragraph(self, u: _Unit, cs: int, content: str, indent: int) -> bool:
        """A paragraph without a number: the first one of a unit whose label line had no body, an
        old-style indented one (地方自治法, lone 附則 paragraphs) or one line of a unit that numbers
        none of its paragraphs."""
        if u.need_p1:
            self._new_paragraph(u, 1, "", cs, None, cs)
            return True
        if indent > 0 and not u.numbered and "\u3000" not in content.strip("\u3000") \
                and self.f[cs] not in "(「" and (content.rstrip(_INDENT).endswith("。") or self._after_sentence(cs)) \
                and not self._item_continuation(u, indent) and not _RX["proviso"].match(self.f, cs):
            self._new_paragraph(u, u.para_num + 1, "", cs, None, cs)
            return True
        if self._unnumbered_paragraph(u, cs, content, indent):
            self._new_paragraph(u, u.para_num + 1, "", cs, None, cs)
            return True
        return False

    def _after_sentence(self, cs: int) -> bool:
        """The line before ends a sentence: an indented line after it starts a paragraph even when a
        PDF wraps it (「　受託者は、…講じなければなら」 / 「ない。」)."""
        prev = self._prev_line(cs)
        return prev is not None and bool(_SENTENCE_END.search(self.f[prev[1]:prev[2]].rstrip(_INDENT)))

    def _writes_no_paragraph_numbers(self, i: int) -> bool:
        """Does the article (or section) holding line ``i`` go on without a line that starts with a
        paragraph number (２　, 2., 2)) before the next article or heading? If it numbers any, its
        other lines are sentences of numbered paragraphs, never paragraphs of their own."""
        f = self.f
        for j in range(i, len(self.lines)):
            _ls, cs, le = self.lines[j]
            if cs >= le:
                continue
            c = f[cs]
            if (c == "第" and (_ARTICLE.match(f, cs, le) or _TOKKI.match(f, cs, le))) or (
                    c in "別様附" and (_APPENDIX.match(f, cs, le) or _SUPPL.fullmatch(f, cs, le))) or (
                    self.heading_sections and self._is_heading(j)):
                return True
            m = _PARA.match(f, cs, le)
            if m and self.auto_num.get(j, int(m.group(1))) >= 2:
                return False
        return True

    def _label_indent(self, node: int) -> int | None:
        lab = self.nodes[node].label_start
        return None if lab is None else lab - self.lines[self._line_index(lab)][0]

    def _item_continuation(self, u: _Unit, indent: int) -> bool:
        """Is a line indented deeper than the current item's label the body of that item?

        （１）委託期間 / 　　　令和8年5月30日から…までとする。 : the indented sentence
        belongs to item (1), it is not an unnumbered paragraph.
        """
        if not u.items:
            return False
        lab = self.nodes[u.items[-1].node].label_start
        if lab is None:
            return False
        lab_indent = lab - self.lines[self._line_index(lab)][0]
        # items at the margin whose last one ends its sentence, then a line indented by the one space
        # that opens every paragraph of the document (「（２）…困難となったとき。」 / 「　当社は、前項第１号の…」):
        # the next paragraph, not the item's body
        # — unless the item's label line is a short heading (「（１）ＫＰＩ」): then every indented line
        # below it, after a sentence or a table, is the body of that item
        lab_line = self.lines[self._line_index(lab)]
        if lab_indent == 0 and indent == 1 and self._written_out(self.f[lab:lab_line[2]]) and (
                self._after_sentence(self.lines[self.cur][1]) or self._complete_item_line(self.lines[self.cur][1])):
            return False
        return indent > lab_indent

    @staticmethod
    def _written_out(text: str) -> bool:
        """An item line that is a whole sentence or phrase, not a short heading of its body."""
        return "。" in text or _phrase_line(text)

    def _complete_item_line(self, cs: int) -> bool:
        """The line before is an item written out in full (「（３）前二号に掲げるもののほか、当社が不適切と
        判断する行為」), not an item's short heading whose body follows (「（１）委託期間」)."""
        prev = self._prev_line(cs)
        if prev is None:
            return False
        return _phrase_line(self.f[prev[1]:prev[2]])

    def _para_ok(self, u: _Unit, k: int, m: re.Match, attached: bool, cs: int) -> bool:
        """Does label ``k`` continue the paragraph sequence of ``u``?

        The next number always does. Forward jumps (deleted paragraphs, 附則　抄
        excerpts) are accepted only for the statute form ``１１　`` (U+3000 after
        the number at the line start) or small jumps after a finished sentence.
        """
        at_line_start = cs == self.lines[self._line_index(cs)][0]
        statute_form = m.group(0).endswith("\u3000") and m.group(2) is None and at_line_start
        if u.need_p1:
            # 第九条\n２　… (an excerpt that leaves the first paragraph out)
            return k == 1 or (statute_form and u.node is not None and self.nodes[u.node].kind == "article")
        if k == u.para_num + 1:
            return True
        if attached:
            return False
        if k <= u.para_num:
            # a repeated or backward label (a copied template with two 「３」): its own paragraph node
            # only in the unambiguous layout — line start, U+3000 after the number, inside an
            # article, after a finished sentence — so numbering checks can see the repeat
            return (statute_form and k >= 2 and u.node is not None and self.nodes[u.node].kind == "article"
                    and not u.in_table and self._prev_sentence_end(cs, "。"))
        if statute_form:
            return True
        # small jumps (a deleted paragraph) only with explicit punctuation: 4. / 4)
        return m.group(2) is not None and k <= u.para_num + 3 and self._prev_sentence_end(cs)

    def _restarted_after_bullets(self, u: _Unit, k: int, style: str | None, cs: int, indent: int) -> bool:
        """「1.」 right after bullet lines, at the margin of the article's paragraphs labelled
        「1.」「2.」: Markdown restarts the count after a 「- 」 list that interrupts the list of
        paragraphs, but the line goes on with the paragraphs (a reader numbers it by position)."""
        if k != 1 or style is None or style not in self.para_styles or u.para is None or u.para_num < 2:
            return False
        para = self.nodes[u.para]
        if para.label_start is None or self._label_indent(u.para) != indent or self.cur in self.auto_num:
            return False
        prev = self._prev_line(cs)
        return prev is not None and bool(_BULLET.match(self.f[prev[1]:prev[2]])) \
            and self.f[para.label_start:para.label_start + len(para.label)].endswith(style[1:])

    def _prev_sentence_end(self, cs: int, ends: str = "。)」") -> bool:
        p = cs - 1
        while p >= 0 and self.f[p] in "\n" + _INDENT:
            p -= 1
        return p >= 0 and self.f[p] in ends

    def _find_level(self, u: _Unit, style: str, num: tuple[int, ...]) -> int | None:
        for k in range(len(u.items) - 1, -1, -1):
            lv = u.items[k]
            if lv.style == style:
                return k if _successor(lv.last, num) else None
        return None

    def _match_item(self, u: _Unit, content: str):
        """(style, num, end_num, label length, body offset, level or None) or None."""
        for style, pat in _ITEM_PATTERNS:
            m = pat.match(content)
            if not m:
                continue
            label_len = len(m.group(0).rstrip(_INDENT))
            g = m.group(1)
            if style in ("p1", "pkj", "pa", "c"):
                v = int(g) if style == "p1" else _num(g) if style == "pkj" else \
                    ord(g) - 96 if style == "pa" else _circled(g)
                if style == "pkj" and not v:  # （〇）: no item number
                    return None
                return style, (v,), None, label_len, m.end(), self._find_level(u, style, (v,))
            if style == "pr":
                r = self._roman_item(u, g, label_len, m.end())
                if r is None:
                    continue
                return r
            if style == "pk":
                return self._bracketed_kana_item(u, g, label_len, m.end())
            if style == "k":
                num = _numtuple(g)
                if num is None:
                    return None
                end_num = _numtuple(m.group(3)) if m.group(3) else None
                return style, num, end_num, label_len, m.end(), self._find_level(u, style, num)
            if style == "kana":
                return self._kana_item(u, g, m.group(3), label_len, m.end())
        return None

    def _roman_item(self, u: _Unit, g: str, label_len: int, body_off: int):
        """(i) (ii) …, or (i) (v) (x) as letters after (h) (u) (w); None when (iv) cannot start a list."""
        v = _ROMAN[g]
        lvl = self._find_level(u, "pr", (v,))
        if lvl is None and g in ("i", "v", "x"):
            pa = self._find_level(u, "pa", (ord(g) - 96,))
            if pa is not None:
                return "pa", (ord(g) - 96,), None, label_len, body_off, pa
        if lvl is None and v != 1 and self._style_level(u, "pr") is None:
            return None
        return "pr", (v,), None, label_len, body_off, lvl

    def _bracketed_kana_item(self, u: _Unit, g: str, label_len: int, body_off: int):
        """（ア）（イ）…: in アイウ order or in イロハ order, whichever list runs (ア / イ start one)."""
        for sub, order in (("pk-a", _AIUEO), ("pk-i", _IROHA)):
            v = order.find(g) + 1
            if v and (lvl := self._find_level(u, sub, (v,))) is not None:
                return sub, (v,), None, label_len, body_off, lvl
        if g == "ア":
            return "pk-a", (1,), None, label_len, body_off, None
        if g == "イ":
            return "pk-i", (1,), None, label_len, body_off, None
        for sub, order in (("pk-a", _AIUEO), ("pk-i", _IROHA)):
            # out of sequence (ア イ エ): the caller decides whether it is a skipped item
            if (v := order.find(g) + 1) and self._style_level(u, sub) is not None:
                return sub, (v,), None, label_len, body_off, None
        return None

    def _kana_item(self, u: _Unit, g: str, g_end: str | None, label_len: int, body_off: int):
        """ア　… / ア及びイ　…: in アイウ or イロハ order (the list that runs, else one that starts)."""
        cands = []
        for sub, order in (("kana-a", _AIUEO), ("kana-i", _IROHA)):
            v = order.find(g) + 1
            v2 = order.find(g_end) + 1 if g_end else 0
            if v:
                cands.append((sub, v, v2))
        for sub, v, v2 in cands:
            lvl = self._find_level(u, sub, (v,))
            if lvl is not None:
                return sub, (v,), ((v2,) if v2 else None), label_len, body_off, lvl
        for sub, v, v2 in cands:
            if v == 1:
                return sub, (v,), ((v2,) if v2 else None), label_len, body_off, None
        for sub, v, v2 in cands:
            if not v2 and self._style_level(u, sub) is not None:
                return sub, (v,), None, label_len, body_off, None
        return None

    @staticmethod
    def _style_level(u: _Unit, style: str) -> int | None:
        for k in range(len(u.items) - 1, -1, -1):
            if u.items[k].style == style:
                return k
        return None

    def _prefer_item(self, u: _Unit, style: str, k: int) -> bool:
        """``4)`` in a paragraph whose items are ``1) 2)``: an item, unless paragraphs use that style."""
        return self._style_level(u, style) is not None and style not in self.para_styles

    def _out_of_sequence_item(self, u: _Unit, style: str, num: tuple[int, ...], cs: int, le: int,
                              label_len: int, body_off: int) -> int | None:
        """The level of an item whose label skips or repeats (（１）（２）（３）（５）), or None.

        Like a repeated paragraph label, only in the unambiguous layout: the label at
        the line start in the style of an item sequence already running in this
        paragraph, then U+3000 or a space (or nothing after a bracketed label such as
        （５）), then text that reads as an item (not a
        table row, a date or a counter); the previous item ends a sentence or ends
        on a line that is not a wrapped (full-width) line. Tables in attachments and
        their kanji rows are never touched.
        """
        if u.node is None or self.nodes[u.node].kind == "appendix" or u.in_table:
            return None
        level = self._style_level(u, style)
        if level is None:
            return None
        last = u.items[level].last
        # a skip (forward by a few), a repeat, or a backward label (一 三 二) other than a new list's 1
        if not (len(num) == 1 and 2 <= num[0] <= last[0] + _MAX_ITEM_SKIP) and num != last:
            return None
        f = self.f
        # U+3000 / a space after the label; a bracketed label (（５）) closes itself, as in （１）秘密の保持
        if (body_off <= label_len or f[cs + label_len] not in "\u3000 \t") and f[cs + label_len - 1] != ")":
            return None
        body = f[cs + body_off:le].rstrip(_INDENT)
        if len(body) < 2 or body[0].isdigit() or _PARA_ATTACHED_STOP.match(body) or _ITEM_NOT_START.match(body):
            return None  # 三　年間… / (5) 2025年… / a cross-reference continued on the next line
        sib = self.nodes[u.items[level].node]
        if _is_cells(body) and not (sib.body_start is not None and _is_cells(
                self.f[sib.body_start:self.lines[self._line_index(sib.body_start)][2]])):
            return None  # a table row (cells, no sentence) after prose items
        if sib.label_start is not None:
            sib_line = self.lines[self._line_index(sib.label_start)]
            here = self.lines[self._line_index(cs)]
            if abs((sib.label_start - sib_line[0]) - (cs - here[0])) > 1:
                return None  # indented differently from its siblings
        if self._prev_sentence_end(cs, "。"):
            return level
        prev = self._prev_line(cs)
        if prev is None or prev[1] < (sib.label_start or 0):
            return None
        tail = f[prev[1]:prev[2]].rstrip(_INDENT)
        if _CONTINUES.search(tail) or self._full_line(tail):
            return None  # the previous line runs on: this one is its continuation
        return level

    def _numbered_row(self, cs: int, le: int, body: int) -> bool:
        """Is the line at ``cs`` (a number, then ``body``) a row of a table?

        Its cells are separated by U+3000 / tabs and hold no sentence, and the line
        before is a row too (the header 番号　対象　頻度, or the previous numbered row).
        """
        if not _is_cells(self.f[body:le]):
            return False
        prev = self._prev_line(cs)
        return prev is not None and _is_cells(self.f[prev[1]:prev[2]])

    def _prev_line(self, cs: int) -> tuple[int, int, int] | None:
        for j in range(self._line_index(cs) - 1, -1, -1):
            ls, c, le = self.lines[j]
            if c < le:
                return self.lines[j]
        return None

    def _full_line(self, content: str) -> bool:
        """Does ``content`` fill the document's line width (a line wrapped by a PDF/hard-wrapped text)?
        A reader that joined the wrapped lines (ingest/wrap.py) gives the width it found."""
        if self._line_width is None:
            widths = sorted(_width(self.f[c:e].rstrip(_INDENT)) for _, c, e in self.lines if e - c >= 10)
            self._line_width = self.doc.meta.get("wrap_width") or (
                widths[int(len(widths) * 0.9)] if len(widths) >= 20 else 0.0)
        return self._line_width > 0 and _width(content) >= 0.9 * self._line_width

    def _item(self, u: _Unit, style: str, num: tuple[int, ...], cs: int, label_end: int,
              body: int, end_num: tuple[int, ...] | None, level: int | None, comp: str | None = None) -> bool:
        if level is None:
            if num != (1,):
                return False
            level = len(u.items)
        del u.items[level:]
        if level == 0:
            parent = u.para if u.para is not None else u.node
            ppath = self.nodes[parent].path if parent is not None else ""
            comp = _cite(num, "号")
            if end_num is not None:
                comp = f"第{comp}から第{_cite(end_num, '号')}まで"
            kind = "item"
        else:
            parent = u.items[level - 1].node
            ppath = self.nodes[parent].path
            comp = comp or self.f[cs:label_end]
            kind = "subitem"
        label = self.text[cs:label_end]
        idx = self.add(ppath + comp, label, kind, None, cs, parent, num=num, label_start=cs,
                       body_start=max(label_end, body))
        u.items.append(_Level(style, end_num or num, idx))
        return True

    # -- documents of headings without 第N条 (利用規約, プライバシーポリシー) -----------
    def _prescan_tech(self) -> bool:
        """Does the document number its sections 「1 概要」「2 …」 (a specification)?"""
        seen = 0
        for ls, cs, le in self.lines:
            m = _TECH_SECTION.match(self.f, cs, le) if cs == ls else None
            if m and not re.search("[。、\u3000]", m.group(2)) and m.group(1) == str(seen + 1):
                seen += 1
                if seen == 2:
                    return True
        return False

    def _heading_shape(self, j: int) -> bool:
        """Could line ``j`` be a heading: a short line that is no sentence, label or table row?"""
        _ls, cs, le = self.lines[j]
        content = self.f[cs:le].rstrip(_INDENT)
        if not content or _width(content) > 30 or re.search(r"[。、,|\u3000\t]", content):
            return False
        if content.endswith((":", "：")) or content[0] in "(「『【[<":
            return False
        if _NUM_HEADING.match(content):
            return True
        return not starts_structure(content) and not _BULLET.match(content)

    def _is_heading(self, j: int) -> bool:
        """A heading line: heading-shaped, after a blank line, a finished sentence or another
        heading, and followed by body text (a sentence or a list) or by one more heading."""
        if j == 0 or not self._heading_shape(j):
            return False
        _ls, cs, _le = self.lines[j]
        prev = self._prev_line(cs)
        if prev is not None and self.lines[j - 1][1] < self.lines[j - 1][2] and not (
                _SENTENCE_END.search(self.f[prev[1]:prev[2]].rstrip(_INDENT))
                or self._heading_shape(self._line_index(prev[1])) or prev[1] == self.lines[0][1]):
            return False
        for depth in range(2):
            nxt = self.next_content(j)
            if nxt is None:
                return False
            j = self._line_index(nxt[1])
            body = self.f[nxt[1]:nxt[2]]
            if "。" in body or _BULLET.match(body) or _PARA.match(body):
                return True
            if depth or not self._heading_shape(j):
                return False
        return False

    def _heading_section(self, i: int, cs: int, le: int) -> None:
        """A heading opens a section that holds paragraphs and items as an article does;
        a heading directly followed by another heading groups the sections below it."""
        self._close_all()
        self.seen_body = True
        nxt = self.next_content(i)
        label = self.text[cs:le].rstrip(_INDENT)
        m = _NUM_HEADING.match(self.f[cs:le])
        num = (int(m.group(1)),) if m else ()
        group = nxt is not None and self._heading_shape(self._line_index(nxt[1])) and not self._is_body_next(nxt)
        parent = None if group else self.section_group
        idx = self.add(label, label, "section", label, cs, parent, num=num, label_start=cs, body_start=cs)
        if group:
            self.section_group = idx
            return
        self.unit = _Unit(node=idx, path=self.nodes[idx].path, need_p1=True, p1_anchor=le)

    def _is_body_next(self, nxt: tuple[int, int, int]) -> bool:
        """Is the heading-shaped line ``nxt`` itself the body (no heading follows it)?"""
        return not self._is_heading(self._line_index(nxt[1]))

    def _closing_lines(self) -> set[int]:
        """Lines of the closing sentence (後文: 「この契約の締結を証するため…」): the last sentence
        before a signature block — lines that are no sentences (date, names) up to the end or
        to the next 別表 / 附則. It follows the last article but is not its paragraph."""
        out: set[int] = set()
        clean, block = True, 0
        for j in range(len(self.lines) - 1, -1, -1):
            _ls, cs, le = self.lines[j]
            content = self.f[cs:le].rstrip(_INDENT)
            if not content:
                continue
            if content[0] in "別様附" and (_APPENDIX.match(content) or _SUPPL.fullmatch(content)):
                clean, block = True, 0
            elif _SENTENCE_END.search(content):
                if clean and block:
                    out.add(j)
                clean = False
            else:
                block += 1
        return out

    def _wrapped(self) -> bool:
        """Is the text hard-wrapped (a PDF copy: most long lines end at the same width)?
        One line per paragraph, the TXT convention, gives widths all over the place."""
        if self._wrap is None:
            widths = sorted(_width(self.f[c:e].rstrip(_INDENT)) for _, c, e in self.lines if e - c >= 10)
            w = widths[int(len(widths) * 0.9)] if len(widths) >= 10 else 0.0
            near = sum(0.9 * w <= x <= 1.05 * w for x in widths)
            self._wrap = bool(self.doc.meta.get("wrap_width")) or (w > 0 and near >= 0.3 * len(widths))
        return self._wrap

    # -- bullets and unnumbered paragraphs ---------------------------------------
    def _bullet(self, u: _Unit, cs: int, content: str, indent: int) -> bool:
        """・ / - / * lines as items (号) after a lead that announces them, numbered by position;
        a bullet indented deeper than the bullet before it is a subitem."""
        m = _BULLET.match(content)
        if m is None or not u.allow_items or u.in_table:
            return False
        style = f"b{indent}"
        level = self._style_level(u, style)
        if level is not None:
            num = (u.items[level].last[0] + 1,)
        else:
            last = u.items[-1].style if u.items else ""
            deeper = last.startswith("b") and int(last[1:]) < indent
            prev = self._prev_line(cs)
            lead = self.f[prev[1]:prev[2]].rstrip(_INDENT + "。") if prev is not None else ""
            if not deeper and not _ANNOUNCE.search(lead):
                return False
            num, level = (1,), len(u.items)
        if u.need_p1 and u.allow_paragraphs:
            self._new_paragraph(u, 1, "", cs, None, cs)
        return self._item(u, style, num, cs, cs + len(m.group(1)), cs + m.end(), None, level,
                          comp=f"({num[0]})")

    def _unnumbered_paragraph(self, u: _Unit, cs: int, content: str, indent: int) -> bool:
        """A sentence line after a finished sentence, a list or a blank line, in an article or heading
        section that numbers none of its paragraphs: the next paragraph (TXT: one line, one
        paragraph). A line that continues a wrapped line, a table row and the closing
        sentence after the last article are not."""
        if indent or u.numbered or u.node is None or self.nodes[u.node].kind not in ("article", "section"):
            return False
        if u.plain is None:
            u.plain = self._writes_no_paragraph_numbers(self.cur)
        if not u.plain:
            return False
        body = content.rstrip(_INDENT)
        if body[0] in "(「『【[<" or _BULLET.match(body) or "\u3000" in body or "\t" in body \
                or not body.endswith(("。", ":")) \
                or (self.cur in self.closing and self.nodes[u.node].kind == "article"):
            return False
        prev = self._prev_line(cs)
        if prev is None:
            return False
        tail = self.f[prev[1]:prev[2]].rstrip(_INDENT)
        # back at the margin after an indented list (a list at the margin may carry its item's
        # body on the next line: （５）遂行状況の報告 / 乙は、…)
        lab = self.nodes[u.items[-1].node].label_start if u.items else None
        after_items = lab is not None and prev[1] >= lab and (
            lab > self.lines[self._line_index(lab)][0]
            # items at the margin too, the last one written out in full (（３）その他当社が…と判断した場合):
            # a sentence at the margin after it is the next paragraph
            or (prev[1] == lab and self._complete_item_line(cs)))
        blank = self.lines[self.cur - 1][1] >= self.lines[self.cur - 1][2]
        if not (_SENTENCE_END.search(tail) or after_items or blank) or _CONTINUES.search(tail):
            return False
        return not (self._wrapped() and self._full_line(tail))

    # -- documents without articles (technical specifications) -------------------
    def _chapter_opens(self, num: tuple[int, ...]) -> bool:
        """``num`` is the first decimal section (2.1) of the chapter just opened (第2章), which has
        no section of its own yet."""
        if len(num) != 2 or num[1] != 1 or not self.headings:
            return False
        node = self.nodes[self.headings[-1][1]]
        return node.kind == "chapter" and tuple(node.num or ()) == (num[0],) and not any(
            s[0][0] == num[0] for s in self.tech_sections)

    def _chapter_numbered(self, num: tuple[int, ...]) -> bool:
        """``num`` (2.3) carries the number of the open chapter (第2章): the chapter holds it. Sections
        numbered through the chapters (第2章 then 6, 7 …) stay at the top."""
        if len(num) != 2 or not self.headings:
            return False
        node = self.nodes[self.headings[-1][1]]
        return node.kind == "chapter" and tuple(node.num or ()) == (num[0],)

    def _tech_section(self, cs: int, le: int, content: str) -> bool:
        m = _TECH_SECTION.match(content)
        if not m or "。" in content or "、" in m.group(2) or m.group(2)[0].isdigit() \
                or "\u3000" in m.group(2):
            return False  # table rows (1 1.0版 2017/6/26　新規作成) are not headings
        indent = cs - self.lines[self.cur][0]
        if self.tech_indent is not None and indent > self.tech_indent:
            return False  # 「\t5. 閲覧したサイト」 under 「4.取得する個人情報」 is an item of the list
        try:
            num = tuple(int(x) for x in re.split(r"[.-]", m.group(1)))
        except ValueError:
            return False
        # sequence: 1, 1.1, 1.2, 2, 2.1 …
        stack = self.tech_sections
        ok = False
        for k in range(len(stack) - 1, -1, -1):
            prev, _ = stack[k]
            if len(prev) == len(num) and prev[:-1] == num[:-1] and num[-1] == prev[-1] + 1:
                del stack[k:]
                ok = True
                break
        if not ok:
            parent_num = stack[-1][0] if stack else ()
            if num == parent_num + (1,):
                ok = True
        if not ok:
            # one number skipped (4.2 then 4.4): still the next section, and numbering_gap reports it
            for k in range(len(stack) - 1, -1, -1):
                prev, _ = stack[k]
                if len(prev) == len(num) and prev[:-1] == num[:-1] and num[-1] == prev[-1] + 2:
                    del stack[k:]
                    ok = True
                    break
        if not ok and self._chapter_opens(num):
            stack.clear()  # 「第2章　業務内容」 then 「2.1　運用業務」: the chapter is the section's 2
            ok = True
        if not ok:
            return False
        parent = stack[-1][1] if stack else (self.heading_parent() if self._chapter_numbered(num) else None)
        label = self.text[cs:cs + m.start(2)].rstrip(_INDENT)
        self.close_unit()
        sep = "-" if "-" in m.group(1) else "."  # the path keeps the separator as written (1-2, 1.2)
        idx = self.add(sep.join(str(x) for x in num), label, "section", self.text[cs + m.start(2):le],
                       cs, parent, num=num, label_start=cs, body_start=cs + m.start(2))
        stack.append((num, idx))
        self.tech_indent = indent if self.tech_indent is None else self.tech_indent
        # the section holds its paragraphs and items as an article does (4.1第2項, 4.1第1項第3号)
        self.unit = _Unit(node=idx, path=self.nodes[idx].path, need_p1=True, p1_anchor=le)
        return True


def _finish(doc: Document, nodes: list[_Node]) -> tuple[Clause, ...]:
    text = doc.text
    n = len(text)
    stack: list[int] = []
    for i, nd in enumerate(nodes):
        while stack and stack[-1] != nd.parent:
            nodes[stack.pop()].end = nd.start
        stack.append(i)
    while stack:
        nodes[stack.pop()].end = n
    # trim trailing blank space; a node never ends before its label line
    out = []
    depth: list[int] = []
    for nd in nodes:
        e = nd.end
        while e > nd.start and text[e - 1] in "\n\r \u3000\t":
            e -= 1
        d = 0 if nd.parent is None else depth[nd.parent] + 1
        depth.append(d)
        out.append(Clause(path=nd.path, label=nd.label, kind=nd.kind, caption=nd.caption,
                          start=nd.start, end=max(e, nd.start), page=doc.page_at(nd.start), depth=d,
                          parent=nd.parent, num=nd.num, label_start=nd.label_start,
                          body_start=nd.body_start))
    return tuple(out)


def parse(doc: Document) -> tuple[Clause, ...]:
    """The clause tree of ``doc`` in document order (see module docstring)."""
    p = _Parser(doc)
    nodes = p.run()
    return _finish(doc, nodes)
