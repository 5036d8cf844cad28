#!/usr/bin/env python3
"""Generate NAME.docx and NAME.pdf from every corpora/drafts/NAME.txt.

The TXT file is the source of truth. The generated files look the way municipal
drafts really look, so that the DOCX and PDF readers are tested on realistic input:

DOCX (python-docx plus a numbering.xml written here)
  * drafts listed with ``articles: auto`` in :data:`DOCX_STYLE` use real Word automatic
    numbering: one multi-level list whose level 0 (``第%1条`` / ``第%1``) is bound to the
    paragraph style 「条見出し」, so a heading paragraph's own text is only its caption
    （目的）; level 1 numbers the 2nd+ paragraphs (``%2`` starting at 2, restarted by every
    article heading), levels 2/3 number items and subitems through direct ``w:numPr``.
    Whatever Word could not produce from its counters (branch articles 第5条の2, labels
    after a planted gap or repeat, paragraphs after a literal article) is typed literally,
    as drafters do, and the counters are simulated so every auto number equals the TXT label.
  * other drafts type the labels literally, captions as separate paragraphs, and number
    some item groups automatically (a single-level list per label style, one ``w:num``
    with ``w:startOverride`` per group = Word's "restart numbering").
  * 別表 rows (cells separated by U+3000 after a 別表 heading) become Word tables.
  * running header 「（案）」 and a footer PAGE field live in the header/footer parts.

PDF (reportlab, embedded IPAex fonts), A4: header 「（案）」 top right, footer 「- N -」,
own line breaker with kinsoku (no line starts with 。、）」…, no line ends with （「…,
句読点ぶら下げ), hanging indents for paragraphs and items, captions kept with the
next line, tables drawn as ruled cells.

Output is deterministic: fixed core properties and zip timestamps for DOCX, reportlab
``invariant`` mode for PDF.

Usage: python tools/make_corpus.py [--out DIR] [TXT ...]
"""

from __future__ import annotations

import argparse
import copy
import io
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DRAFTS = ROOT / "corpora" / "drafts"

# How each draft is typed in Word. Drafts not listed use DEFAULT_STYLE.
#   articles: "auto"    -> 第N条 through Word numbering bound to a heading style
#             "literal" -> labels typed in the text
#   items:    "auto" | "literal" | "mixed" (every other item group auto-numbered)
DOCX_STYLE: dict[str, dict] = {
    "cloud_tokki": {"articles": "auto", "items": "auto"},
    "copied_template_keiyaku": {"articles": "auto", "items": "auto"},
    "itaku_kojin_joho": {"articles": "auto", "items": "auto"},
    "kojin_joho_tokki": {"articles": "literal", "items": "mixed"},
    "datacenter_tokki": {"articles": "literal", "items": "mixed"},
    "seijo_keiyaku": {"articles": "auto", "items": "literal"},  # 第十条の二 typed between auto articles
    "vendor_shiyosho": {"articles": "literal", "items": "mixed"},
    "callcenter_shiyosho": {"articles": "literal", "items": "mixed"},
    "unyo_yoryo": {"articles": "literal", "items": "mixed"},
}
DEFAULT_STYLE = {"articles": "literal", "items": "mixed"}

FIXED_DATE = "2025-04-01T09:00:00Z"
ZIP_DATE = (2025, 4, 1, 9, 0, 0)
HEADER_TEXT = "（案）"

# --------------------------------------------------------------------------------------
# TXT -> blocks
# --------------------------------------------------------------------------------------

KANJI_DIGITS = "〇一二三四五六七八九"
KANJI_NUM = "〇一二三四五六七八九十百千"
AIUEO = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
IROHA = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス"
CIRCLED = "".join(chr(c) for c in range(0x2460, 0x2474))

SEP = "　 \t"
RE_ARTICLE = re.compile(
    rf"^(第([0-9０-９]+|[{KANJI_NUM}]+)(条)?((?:の(?:[0-9０-９]+|[{KANJI_NUM}]+))*))([{SEP}]|(?=（)|$)")
RE_CHAPTER = re.compile(rf"^第([0-9０-９]+|[{KANJI_NUM}]+)[章節款目]")
RE_PARAGRAPH = re.compile(rf"^([0-9０-９]+)([{SEP}])")
RE_PARAGRAPH_DOT = re.compile(r"^([0-9]+)(\. )(?=\S.*。)")


def _in_article(blocks: list["Block"]) -> bool:
    """The last unit opened is an article (第3条（…）), not a chapter, attachment or 附則."""
    for b in reversed(blocks):
        if b.kind == "article":
            return True
        if b.kind in ("chapter", "appendix", "suppl", "title"):
            return False
    return False
RE_CAPTION = re.compile(r"^[（(][^（）()]+[）)]$")
RE_APPENDIX = re.compile(rf"^(別表|別紙|別記|別添|様式)(第?[0-9０-９{KANJI_NUM}]+)?")
RE_SUPPL = re.compile(r"^附\s*則")
ITEM_PATTERNS = [
    ("paren_fw", re.compile(r"^（([０-９]+)）")),
    ("paren_ascii", re.compile(r"^\(([0-9]+)\)")),
    ("paren_kana", re.compile(rf"^[（(]([{AIUEO}])[）)]")),
    ("circled", re.compile(rf"^([{CIRCLED}])")),
    ("kanji", re.compile(rf"^([{KANJI_NUM}]+)([{SEP}])")),
    ("kana", re.compile(rf"^([{AIUEO}])([{SEP}])")),
]


def kanji_to_int(s: str) -> int:
    if all(c in KANJI_DIGITS for c in s):
        return int("".join(str(KANJI_DIGITS.index(c)) for c in s))
    total, cur = 0, 0
    for c in s:
        if c in KANJI_DIGITS:
            cur = KANJI_DIGITS.index(c)
        else:
            unit = {"十": 10, "百": 100, "千": 1000}[c]
            total += (cur or 1) * unit
            cur = 0
    return total + cur


def num_value(s: str) -> int:
    s = s.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    return int(s) if s.isdigit() else kanji_to_int(s)


def digit_style(s: str) -> str:
    if s[0] in "0123456789":
        return "decimal"
    if s[0] in "０１２３４５６７８９":
        return "decimalFullWidth"
    return "japaneseCounting"


@dataclass
class Block:
    kind: str  # title blank text caption article paragraph item chapter appendix suppl table
    text: str  # the whole line as in the TXT
    label: str = ""  # label as written (第1条, ２, （１）, ア)
    sep: str = ""  # separator after the label (U+3000 or "")
    body: str = ""  # text after label + separator
    num: int = 0  # ordinal of the label (第10条の2 -> 10)
    branch: bool = False  # 第N条のM
    level: int = 0  # item level (1 = 号, 2 = subitem, ...)
    itype: str = ""  # item label type (paren_fw, kanji, kana, iroha, ...)
    numfmt: str = ""  # Word numFmt reproducing the label's digits
    rows: list = field(default_factory=list)  # table rows (list of cells)
    group: int = -1  # item group id (consecutive siblings)


def item_type(line: str, stack: list[str]) -> tuple[str, re.Match] | None:
    for name, rx in ITEM_PATTERNS:
        m = rx.match(line)
        if not m:
            continue
        if name == "kana":
            # ア イ ウ (aiueo) vs イ ロ ハ (iroha): イ opens an iroha list unless an aiueo list is open
            ch = m.group(1)
            if ch == "イ" and "kana" not in stack:
                return "iroha", m
            if "iroha" in stack and ch in IROHA and "kana" not in stack:
                return "iroha", m
        return name, m
    return None


def item_ordinal(itype: str, label_core: str) -> int:
    if itype in ("paren_fw", "paren_ascii", "kanji"):
        return num_value(label_core)
    if itype in ("kana", "paren_kana"):
        return AIUEO.index(label_core) + 1
    if itype == "iroha":
        return IROHA.index(label_core) + 1
    if itype == "circled":
        return CIRCLED.index(label_core) + 1
    return 0


def parse_txt(text: str) -> list[Block]:
    lines = text.replace("\r\n", "\n").split("\n")
    while lines and lines[-1] == "":
        lines.pop()
    blocks: list[Block] = []
    stack: list[str] = []  # item label types open in the current paragraph
    in_table = False
    seen_title = False
    group_id = 0
    last_item_at: dict[int, int] = {}  # level -> group id of the last item at that level
    for line in lines:
        if not line.strip():
            blocks.append(Block("blank", line))
            in_table = False
            continue
        if not seen_title:
            blocks.append(Block("title", line))
            seen_title = True
            continue
        m_art = RE_ARTICLE.match(line)
        if m_art and not RE_CHAPTER.match(line):
            num = m_art.group(2)
            blocks.append(Block(
                "article", line, label=m_art.group(1), sep=m_art.group(5) or "",
                body=line[m_art.end():], num=num_value(num), branch=bool(m_art.group(4)),
                numfmt=digit_style(num), itype="jou" if m_art.group(3) else "dai"))
            stack, last_item_at, in_table = [], {}, False
            continue
        if RE_CHAPTER.match(line):
            blocks.append(Block("chapter", line))
            stack, last_item_at, in_table = [], {}, False
            continue
        m_app = RE_APPENDIX.match(line)
        if m_app:
            blocks.append(Block("appendix", line))
            stack, last_item_at = [], {}
            in_table = m_app.group(1) == "別表"
            continue
        if RE_SUPPL.match(line):
            blocks.append(Block("suppl", line))
            stack, last_item_at, in_table = [], {}, False
            continue
        if in_table and "\u3000" in line.strip("\u3000"):
            cells = line.split("\u3000")
            if blocks[-1].kind == "table" and len(blocks[-1].rows[0]) == len(cells):
                blocks[-1].rows.append(cells)
                blocks[-1].text += "\n" + line
            else:
                blocks.append(Block("table", line, rows=[cells]))
            continue
        if RE_CAPTION.match(line):
            blocks.append(Block("caption", line))
            continue
        m_par = RE_PARAGRAPH.match(line)
        if m_par is None and _in_article(blocks):
            m_par = RE_PARAGRAPH_DOT.match(line)  # 「1. 当社は、…」: a 規約's paragraph, under its article
        if m_par:
            blocks.append(Block("paragraph", line, label=m_par.group(1), sep=m_par.group(2),
                                body=line[m_par.end():], num=num_value(m_par.group(1)),
                                numfmt=digit_style(m_par.group(1))))
            stack, last_item_at = [], {}
            continue
        it = item_type(line, stack)
        if it:
            name, m = it
            if name in stack:
                level = stack.index(name) + 1
                del stack[level:]
            else:
                stack.append(name)
                level = len(stack)
            sep = m.group(2) if m.lastindex and m.lastindex >= 2 else ""
            label = m.group(0)[: len(m.group(0)) - len(sep)]
            core = m.group(1)
            # consecutive siblings share a group; a deeper level in between does not break it
            for lv in [k for k in last_item_at if k > level]:
                del last_item_at[lv]
            if level not in last_item_at:
                group_id += 1
                last_item_at[level] = group_id
            numfmt = {"paren_fw": "decimalFullWidth", "paren_ascii": "decimal", "kanji": "japaneseCounting",
                      "kana": "aiueoFullWidth", "paren_kana": "aiueoFullWidth", "iroha": "irohaFullWidth",
                      "circled": "decimalEnclosedCircle"}[name]
            blocks.append(Block("item", line, label=label, sep=sep, body=line[m.end():],
                                num=item_ordinal(name, core), level=level, itype=name, numfmt=numfmt,
                                group=last_item_at[level]))
            continue
        blocks.append(Block("text", line))
    return blocks


# --------------------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NUMBERING_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:numbering xmlns:w="{W_NS}">'
)
ITEM_LVLTEXT = {"paren_fw": "（%{n}）", "paren_ascii": "(%{n})", "kanji": "%{n}", "kana": "%{n}",
                "paren_kana": "（%{n}）", "iroha": "%{n}", "circled": "%{n}"}
TWIPS_PER_CHAR = 210  # 10.5pt


def _fmt_number(n: int, numfmt: str) -> str:
    if numfmt == "decimal":
        return str(n)
    if numfmt == "decimalFullWidth":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if numfmt == "japaneseCounting":
        if n < 10:
            return KANJI_DIGITS[n]
        if n < 100:
            t, o = divmod(n, 10)
            return ("" if t == 1 else KANJI_DIGITS[t]) + "十" + (KANJI_DIGITS[o] if o else "")
        raise ValueError(n)
    if numfmt == "aiueoFullWidth":
        return AIUEO[n - 1]
    if numfmt == "irohaFullWidth":
        return IROHA[n - 1]
    if numfmt == "decimalEnclosedCircle":
        return CIRCLED[n - 1]
    raise ValueError(numfmt)


@dataclass
class Level:
    lvl_text: str  # e.g. 第%1条
    numfmt: str
    start: int = 1
    suff: str = "tab"
    left: int = 0  # twips
    hanging: int = 0
    pstyle: str | None = None

    def render(self, counters: list[int]) -> str:
        out = self.lvl_text
        for i in range(9):
            if f"%{i + 1}" in out:
                out = out.replace(f"%{i + 1}", _fmt_number(counters[i], self.numfmt))
        return out


@dataclass
class ListDef:
    abstract_id: int
    levels: list[Level]
    nsid: str


class Numbering:
    """numbering.xml under construction plus a simulation of Word's list counters.

    As in Word, counters belong to the abstract list: every ``w:num`` pointing at the
    same ``w:abstractNum`` continues it, except that a ``w:num`` with
    ``w:lvlOverride/w:startOverride`` restarts that level at the override the first time
    it is used ("restart numbering" / "set numbering value"). Using level L restarts
    every deeper level (no ``w:lvlRestart``). The generator only ever uses a level right
    after its parent level, so the Word behaviour for skipped levels never matters.
    """

    def __init__(self) -> None:
        self.lists: list[ListDef] = []
        self.nums: list[tuple[int, int, dict[int, int]]] = []  # (numId, abstractId, startOverrides)
        self.state: dict[int, list[int | None]] = {}  # abstractId -> counters per level
        self.used_nums: set[int] = set()

    def add_list(self, levels: list[Level]) -> int:
        aid = len(self.lists)
        self.lists.append(ListDef(aid, levels, f"{0x5A1E0000 + aid * 0x111:08X}"))
        return aid

    def add_num(self, abstract_id: int, overrides: dict[int, int] | None = None) -> int:
        num_id = len(self.nums) + 1
        self.nums.append((num_id, abstract_id, dict(overrides or {})))
        return num_id

    def _levels(self, num_id: int) -> list[Level]:
        return self.lists[self.nums[num_id - 1][1]].levels

    def peek(self, num_id: int, ilvl: int) -> str:
        """The label Word would print for the next paragraph at (num_id, ilvl)."""
        return self._levels(num_id)[ilvl].render(self._next(num_id, ilvl))

    def _next(self, num_id: int, ilvl: int) -> list[int]:
        _, aid, overrides = self.nums[num_id - 1]
        levels = self._levels(num_id)
        st = self.state.get(aid) or [None] * len(levels)
        counters = []
        for i, lv in enumerate(levels):
            if i < ilvl:
                counters.append(st[i] if st[i] is not None else lv.start)
            elif i == ilvl:
                if num_id not in self.used_nums and i in overrides:
                    counters.append(overrides[i])
                else:
                    counters.append(st[i] + 1 if st[i] is not None else lv.start)
            else:
                counters.append(0)
        return counters

    def use(self, num_id: int, ilvl: int) -> None:
        counters = self._next(num_id, ilvl)
        self.used_nums.add(num_id)
        aid = self.nums[num_id - 1][1]
        self.state[aid] = [counters[i] if i <= ilvl else None for i in range(len(counters))]

    def xml(self) -> str:
        parts = [NUMBERING_HEAD]
        for ld in self.lists:
            parts.append(f'<w:abstractNum w:abstractNumId="{ld.abstract_id}">'
                         f'<w:nsid w:val="{ld.nsid}"/>'
                         f'<w:multiLevelType w:val="{"multilevel" if len(ld.levels) > 1 else "singleLevel"}"/>')
            for i, lv in enumerate(ld.levels):
                parts.append(f'<w:lvl w:ilvl="{i}"><w:start w:val="{lv.start}"/>'
                             f'<w:numFmt w:val="{lv.numfmt}"/>')
                if lv.pstyle:
                    parts.append(f'<w:pStyle w:val="{lv.pstyle}"/>')
                parts.append(f'<w:suff w:val="{lv.suff}"/><w:lvlText w:val="{lv.lvl_text}"/>'
                             f'<w:lvlJc w:val="left"/><w:pPr>')
                if lv.suff == "tab":
                    parts.append(f'<w:tabs><w:tab w:val="num" w:pos="{lv.left}"/></w:tabs>')
                parts.append(f'<w:ind w:left="{lv.left}" w:hanging="{lv.hanging}"/></w:pPr>'
                             '<w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr></w:lvl>')
            parts.append("</w:abstractNum>")
        for num_id, aid, overrides in self.nums:
            parts.append(f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{aid}"/>')
            for ilvl, start in sorted(overrides.items()):
                parts.append(f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>')
            parts.append("</w:num>")
        parts.append("</w:numbering>")
        return "".join(parts)


def _dominant(values: list[str], default: str) -> str:
    counts: dict[str, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return max(counts, key=lambda k: (counts[k], -values.index(k))) if counts else default


def _set_ind(p, left_chars: float, hanging_chars: float = 0.0, first_chars: float = 0.0) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = p._p.get_or_add_pPr()
    ind = OxmlElement("w:ind")
    if left_chars:
        ind.set(qn("w:leftChars"), str(int(left_chars * 100)))
        ind.set(qn("w:left"), str(int(left_chars * TWIPS_PER_CHAR)))
    if hanging_chars:
        ind.set(qn("w:hangingChars"), str(int(hanging_chars * 100)))
        ind.set(qn("w:hanging"), str(int(hanging_chars * TWIPS_PER_CHAR)))
    elif first_chars:
        ind.set(qn("w:firstLineChars"), str(int(first_chars * 100)))
        ind.set(qn("w:firstLine"), str(int(first_chars * TWIPS_PER_CHAR)))
    ppr.append(ind)


def _set_numpr(p, num_id: int, ilvl: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = p._p.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    e_ilvl = OxmlElement("w:ilvl")
    e_ilvl.set(qn("w:val"), str(ilvl))
    e_num = OxmlElement("w:numId")
    e_num.set(qn("w:val"), str(num_id))
    numpr.append(e_ilvl)
    numpr.append(e_num)
    _insert_ppr_child(ppr, numpr)


_PPR_BEFORE_NUMPR = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl")


def _insert_ppr_child(ppr, numpr) -> None:
    """Insert w:numPr where the schema wants it (after pStyle ... widowControl)."""
    from docx.oxml.ns import qn

    pos = 0
    for k, child in enumerate(ppr):
        if child.tag in {qn("w:" + t) for t in _PPR_BEFORE_NUMPR}:
            pos = k + 1
    ppr.insert(pos, numpr)


def _label_len(label: str) -> float:
    return sum(0.5 if ord(c) < 0x100 else 1.0 for c in label)


def _add_field(paragraph, instr: str, shown: str) -> None:
    from docx.oxml import parse_xml

    paragraph._p.append(parse_xml(
        f'<w:fldSimple xmlns:w="{W_NS}" w:instr=" {instr} "><w:r><w:t>{shown}</w:t></w:r></w:fldSimple>'))


def _style_fonts(style, east_asia: str, size_pt: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style.font.size = Pt(size_pt)
    style.font.bold = bold
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        from docx.oxml import OxmlElement

        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:ascii"), "Century")
    rfonts.set(qn("w:hAnsi"), "Century")
    rfonts.set(qn("w:eastAsia"), east_asia)


def build_docx(blocks: list[Block], title: str, style: dict) -> bytes:
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement, parse_xml
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(35), Mm(30)  # as the PDF: Word's Japanese A4 default
    sec.left_margin, sec.right_margin = Mm(30), Mm(30)
    sec.header_distance, sec.footer_distance = Mm(15), Mm(12)

    normal = d.styles["Normal"]
    _style_fonts(normal, "ＭＳ 明朝", 10.5)
    heading = d.styles.add_style("条見出し", WD_STYLE_TYPE.PARAGRAPH)
    heading.base_style = normal
    heading.paragraph_format.keep_with_next = True
    heading.paragraph_format.space_before = Pt(6)
    caption_style = d.styles.add_style("見出し（条）", WD_STYLE_TYPE.PARAGRAPH)
    caption_style.base_style = normal
    caption_style.paragraph_format.keep_with_next = True
    title_style = d.styles.add_style("表題", WD_STYLE_TYPE.PARAGRAPH)
    title_style.base_style = normal
    _style_fonts(title_style, "ＭＳ ゴシック", 14, bold=True)
    title_style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    numbering = Numbering()
    auto_articles = style.get("articles") == "auto"
    items_mode = style.get("items", "mixed")
    articles = [b for b in blocks if b.kind == "article"]
    paragraphs = [b for b in blocks if b.kind == "paragraph"]
    items = [b for b in blocks if b.kind == "item"]
    art_num_id = None
    art_aid = None
    heading_style_id = heading.style_id
    p_fmt = _dominant([p.numfmt for p in paragraphs], "decimalFullWidth")
    series: dict[tuple[str, str], tuple[int, int]] = {}  # (条 or not, numFmt) -> (abstractId, numId)

    def article_series(a: Block) -> tuple[int, int]:
        """One Word list per article numbering series (契約本文 第一条… / 別記 第1…)."""
        key = (a.itype, a.numfmt)
        if key not in series:
            aid = numbering.add_list([
                Level("第%1条" if a.itype == "jou" else "第%1", a.numfmt, 1, "space", 0, 0,
                      pstyle=heading_style_id if not series else None),
                Level("%2", p_fmt, 2, "tab", TWIPS_PER_CHAR, TWIPS_PER_CHAR),
            ])
            series[key] = (aid, numbering.add_num(aid))
        return series[key]

    if auto_articles and articles:
        art_aid, art_num_id = article_series(articles[0])
        _insert_ppr_child(heading.element.get_or_add_pPr(), parse_xml(
            f'<w:numPr xmlns:w="{W_NS}"><w:numId w:val="{art_num_id}"/></w:numPr>'))
    style_num_id = art_num_id  # the numId the heading style carries
    cur_series = (articles[0].itype, articles[0].numfmt) if articles else None
    # Items: a two-level list (号 / 細分) for the draft's usual item labels, one w:num with
    # startOverride per item group (Word's "restart numbering"); other label styles get a
    # single-level list each.
    lv1_type = _dominant([i.itype for i in items if i.level == 1], "paren_fw")
    lv2_type = _dominant([i.itype for i in items if i.level == 2], "kana")
    item_fmt = {i.itype: i.numfmt for i in items}
    two_level = numbering.add_list([
        Level(ITEM_LVLTEXT[lv1_type].format(n=1), item_fmt.get(lv1_type, "decimalFullWidth"), 1, "tab",
              TWIPS_PER_CHAR * 4, TWIPS_PER_CHAR * 3),
        Level(ITEM_LVLTEXT[lv2_type].format(n=2), item_fmt.get(lv2_type, "aiueoFullWidth"), 1, "tab",
              TWIPS_PER_CHAR * 5, TWIPS_PER_CHAR * 1),
    ]) if items_mode != "literal" and items else None
    item_lists: dict[str, int] = {}
    group_num: dict[int, tuple[int, int] | None] = {}  # item group -> (numId, ilvl) or None (typed)
    parent_group: dict[int, int] = {}  # level -> group id of the last item at that level
    auto_group_count = 0

    def item_list(it: Block) -> int:
        if it.itype not in item_lists:
            item_lists[it.itype] = numbering.add_list([
                Level(ITEM_LVLTEXT[it.itype].format(n=1), it.numfmt, 1, "tab",
                      TWIPS_PER_CHAR * (it.level + 3), TWIPS_PER_CHAR * 3)])
        return item_lists[it.itype]

    def item_numbering(it: Block) -> tuple[int, int] | None:
        nonlocal auto_group_count
        if items_mode == "literal":
            return None
        if it.group not in group_num:
            parent = group_num.get(parent_group.get(it.level - 1, -1))
            if it.level > 1 and parent is None:
                group_num[it.group] = None  # typed items under a typed item stay typed
            elif items_mode == "mixed" and it.level == 1 and auto_group_count % 2:
                auto_group_count += 1
                group_num[it.group] = None
            else:
                if it.level == 1:
                    auto_group_count += 1
                if it.level == 1 and it.itype == lv1_type:
                    group_num[it.group] = (numbering.add_num(two_level, {0: it.num}), 0)
                elif (it.level == 2 and it.itype == lv2_type and parent is not None
                      and numbering.nums[parent[0] - 1][1] == two_level and parent[1] == 0):
                    group_num[it.group] = (parent[0], 1)
                else:
                    group_num[it.group] = (numbering.add_num(item_list(it), {0: it.num}), 0)
        parent_group[it.level] = it.group
        return group_num[it.group]

    stats = {"auto_articles": 0, "literal_articles": 0, "auto_paragraphs": 0, "auto_items": 0, "tables": 0}
    pending_caption: Block | None = None

    def flush_caption() -> None:
        nonlocal pending_caption
        if pending_caption is not None:
            p = d.add_paragraph(pending_caption.text, style=caption_style)
            _set_ind(p, 1)
            pending_caption = None

    def add_text(text: str, style_=None):
        return d.add_paragraph(text, style=style_) if text else d.add_paragraph(style=style_)

    for i, b in enumerate(blocks):
        if b.kind == "caption":
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if pending_caption is not None:
                flush_caption()
            if nxt is not None and nxt.kind == "article":
                pending_caption = b
                continue
            p = d.add_paragraph(b.text, style=caption_style)
            _set_ind(p, 1)
            continue
        if b.kind == "article":
            auto = False
            direct = False
            if art_num_id is not None and not b.branch:
                if (b.itype, b.numfmt) != cur_series:
                    cur_series = (b.itype, b.numfmt)
                    art_aid, art_num_id = article_series(b)
                if numbering.peek(art_num_id, 0) != b.label:
                    # a gap or repeat: Word's "set numbering value" = a new w:num whose
                    # startOverride gives this label; later headings carry it directly
                    candidate = numbering.add_num(art_aid, {0: b.num})
                    if numbering.peek(candidate, 0) == b.label:
                        art_num_id = candidate
                    else:
                        numbering.nums.pop()
                auto = numbering.peek(art_num_id, 0) == b.label
                direct = art_num_id != style_num_id
            if auto:
                numbering.use(art_num_id, 0)
                stats["auto_articles"] += 1
                if pending_caption is not None:
                    # Word prints 「第1条 （目的）」; the first paragraph follows unnumbered
                    hp = d.add_paragraph(pending_caption.text, style=heading)
                    pending_caption = None
                    p = d.add_paragraph(b.body)
                    _set_ind(p, 1, hanging_chars=1)
                else:
                    hp = d.add_paragraph(b.body, style=heading)
                if direct:
                    _set_numpr(hp, art_num_id, 0)
            else:
                stats["literal_articles"] += 1
                flush_caption()
                p = d.add_paragraph(b.text, style=normal)
                _set_ind(p, 1, hanging_chars=1)
            continue
        flush_caption()
        if b.kind == "title":
            d.add_paragraph(b.text, style=title_style)
        elif b.kind == "blank":
            d.add_paragraph()
        elif b.kind == "paragraph":
            if art_num_id is not None and numbering.peek(art_num_id, 1) == b.label:
                numbering.use(art_num_id, 1)
                stats["auto_paragraphs"] += 1
                p = d.add_paragraph(b.body)
                _set_numpr(p, art_num_id, 1)
            else:
                p = d.add_paragraph(b.text)
                _set_ind(p, 1, hanging_chars=1)
        elif b.kind == "item":
            num_id, ilvl = item_numbering(b) or (None, 0)
            if num_id is not None and numbering.peek(num_id, ilvl) == b.label:
                numbering.use(num_id, ilvl)
                stats["auto_items"] += 1
                p = d.add_paragraph(b.body)
                _set_numpr(p, num_id, ilvl)
            else:
                p = d.add_paragraph(b.text)
                _set_ind(p, b.level + 1 + _label_len(b.label + b.sep), hanging_chars=_label_len(b.label + b.sep))
        elif b.kind == "table":
            stats["tables"] += 1
            ncols = len(b.rows[0])
            t = d.add_table(rows=len(b.rows), cols=ncols)
            t.style = d.styles["Table Grid"]
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
            for r, row in enumerate(b.rows):
                for c, cell_text in enumerate(row):
                    t.cell(r, c).text = cell_text
        elif b.kind in ("chapter", "suppl"):
            p = d.add_paragraph(b.text)
            _set_ind(p, 2)
        else:  # text, appendix heading
            d.add_paragraph(b.text)
    flush_caption()

    # numbering part: replace the template's with ours
    num_part = d.part.numbering_part
    num_part._element = parse_xml(numbering.xml().encode("utf-8"))

    # running header and footer page number
    hp = sec.header.paragraphs[0]
    hp.text = HEADER_TEXT
    hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fp.add_run("- ")
    _add_field(fp, "PAGE", "1")
    fp.add_run(" -")

    # Japanese document grid (40 chars x 36 lines), as Word's Japanese default
    sect_pr = sec._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round((297 - 35 - 30) / 25.4 * 1440 / LINES_PER_PAGE)))

    cp = d.core_properties
    import datetime as _dt

    fixed = _dt.datetime.strptime(FIXED_DATE, "%Y-%m-%dT%H:%M:%SZ")
    cp.title = title
    cp.author = "○○市"
    cp.last_modified_by = "○○市"
    cp.comments = ""
    cp.created = fixed
    cp.modified = fixed
    cp.last_printed = fixed
    cp.revision = 1

    buf = io.BytesIO()
    d.save(buf)
    build_docx.stats = stats  # type: ignore[attr-defined]
    return _normalise_zip(buf.getvalue())


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps and attributes so reruns give the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename == "docProps/thumbnail.jpeg":
                continue
            blob = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(b'<Override PartName="/docProps/thumbnail.jpeg" '
                                    b'ContentType="image/jpeg"/>', b"")
            if info.filename == "_rels/.rels":
                blob = re.sub(rb'<Relationship [^>]*Target="docProps/thumbnail.jpeg"/>', b"", blob)
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, blob)
    return out.getvalue()


# --------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------

FONT_DIRS = [Path("/usr/share/fonts/opentype/ipaexfont-mincho"), Path("/usr/share/fonts/opentype/ipaexfont-gothic"),
             Path("/usr/share/fonts/truetype/ipaexfont-mincho"), Path("/usr/share/fonts/truetype/ipaexfont-gothic"),
             Path("/usr/share/fonts/opentype/ipaexfont"), Path("/usr/share/fonts/truetype/ipaexfont")]
MINCHO, GOTHIC = "IPAexMincho", "IPAexGothic"

PAGE_W, PAGE_H = 595.2756, 841.8898  # A4 in points
# Word's Japanese A4 default page: margins 35/30/30/30 mm, 40 characters x 36 lines
MARGIN_L = MARGIN_R = 30 * 72 / 25.4
MARGIN_T = 35 * 72 / 25.4
MARGIN_B = 30 * 72 / 25.4
FONT_SIZE = 10.5
LINES_PER_PAGE = 36
LEADING = (PAGE_H - MARGIN_T - MARGIN_B) / LINES_PER_PAGE
BLANK_GAP = LEADING  # an empty paragraph takes one grid line, as in Word
TEXT_W = PAGE_W - MARGIN_L - MARGIN_R

NO_START = set("、。，．,.)）」』】〕］｝〉》・：；:;!?！？ー―ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々ゝゞ")
NO_END = set("（「『【〔［｛〈《(")
HANG = set("、。，．,.")
RE_UNIT = re.compile(r"[A-Za-z0-9０-９Ａ-Ｚａ-ｚ][A-Za-z0-9０-９Ａ-Ｚａ-ｚ/.,\-:]*|.", re.DOTALL)


class FontMissing(RuntimeError):
    pass


def find_font(filename: str) -> Path:
    for d in FONT_DIRS:
        if (d / filename).exists():
            return d / filename
    raise FontMissing(f"IPAex font {filename} not found (apt-get install fonts-ipaexfont)")


def register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if MINCHO not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(MINCHO, str(find_font("ipaexm.ttf"))))
        pdfmetrics.registerFont(TTFont(GOTHIC, str(find_font("ipaexg.ttf"))))


def width(s: str, font: str = MINCHO, size: float = FONT_SIZE) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(s, font, size)


def break_lines(text: str, first_w: float, rest_w: float, font: str = MINCHO, size: float = FONT_SIZE) -> list[str]:
    """Greedy Japanese line breaking with kinsoku shori.

    Units are single characters, except runs of Latin letters/digits (ISO/IEC 27001, 24)
    which never break. A line never starts with NO_START (。 and 、 hang into the margin,
    other characters push the previous unit down: 追い出し) and never ends with NO_END.
    """
    units = RE_UNIT.findall(text)
    lines: list[str] = []
    cur: list[str] = []
    cur_w = 0.0
    avail = first_w
    i = 0
    while i < len(units):
        u = units[i]
        uw = width(u, font, size)
        if cur_w + uw <= avail + 0.01 or not cur:
            if uw > avail and not cur and len(u) > 1:  # an over-long Latin run: split by chars
                units[i:i + 1] = list(u)
                continue
            cur.append(u)
            cur_w += uw
            i += 1
            continue
        # u does not fit
        if u[0] in HANG and (i + 1 >= len(units) or units[i + 1][0] not in NO_START):
            cur.append(u)  # ぶら下げ: hang 。、 into the right margin
            i += 1
        else:
            # 追い出し: the next line must not start with a NO_START character
            while len(cur) > 1 and i < len(units) and units[i][0] in NO_START:
                units.insert(i, cur.pop())
        # and this line must not end with an opening bracket
        while len(cur) > 1 and cur[-1][-1] in NO_END:
            units.insert(i, cur.pop())
        lines.append("".join(cur))
        cur, cur_w, avail = [], 0.0, rest_w
    if cur or not lines:
        lines.append("".join(cur))
    return lines


@dataclass
class Line:
    text: str
    x: float
    font: str = MINCHO
    size: float = FONT_SIZE
    align: str = "left"
    keep_next: bool = False
    gap: float = LEADING  # vertical advance
    block: int = -1  # index of the TXT block the line belongs to


@dataclass
class TableRow:
    cells: list[list[str]]  # wrapped lines per cell
    col_w: list[float]
    x0: float
    header: bool = False

    @property
    def height(self) -> float:
        return max(len(c) for c in self.cells) * LEADING + 4


def layout(blocks: list[Block]) -> list:
    """Blocks -> a flat list of Line / TableRow in reading order."""
    em = FONT_SIZE
    out: list = []
    for bi, b in enumerate(blocks):
        start = len(out)
        if b.kind == "title":
            for ln in break_lines(b.text, TEXT_W, TEXT_W, GOTHIC, 14):
                out.append(Line(ln, 0, GOTHIC, 14, "center", keep_next=True, gap=LEADING * 1.4))
        elif b.kind == "blank":
            out.append(Line("", 0, gap=BLANK_GAP))
        elif b.kind == "caption":
            out.append(Line(b.text, em * 0.5, keep_next=True))
        elif b.kind in ("article", "paragraph"):
            lines = break_lines(b.text, TEXT_W, TEXT_W - em)
            out.extend(Line(ln, 0 if k == 0 else em) for k, ln in enumerate(lines))
        elif b.kind == "item":
            x0 = em * b.level
            hang = width(b.label + b.sep)
            lines = break_lines(b.text, TEXT_W - x0, TEXT_W - x0 - hang)
            out.extend(Line(ln, x0 if k == 0 else x0 + hang) for k, ln in enumerate(lines))
        elif b.kind in ("chapter", "suppl", "appendix"):
            x0 = em * 2 if b.kind != "appendix" else 0
            for ln in break_lines(b.text, TEXT_W - x0, TEXT_W - x0):
                out.append(Line(ln, x0, keep_next=True))
        elif b.kind == "table":
            out.extend(layout_table(b.rows))
        else:
            lines = break_lines(b.text, TEXT_W, TEXT_W)
            out.extend(Line(ln, 0) for ln in lines)
        for ln in out[start:]:
            if isinstance(ln, Line):
                ln.block = bi
    return out


def layout_table(rows: list[list[str]]) -> list[TableRow]:
    """Word's inserted table: equal column widths over the text width; long cells wrap."""
    pad = 4.0
    ncols = len(rows[0])
    col_w = [TEXT_W / ncols] * ncols
    out = []
    for k, r in enumerate(rows):
        cells = [break_lines(r[c], col_w[c] - 2 * pad, col_w[c] - 2 * pad) for c in range(ncols)]
        out.append(TableRow(cells, col_w, 0.0, header=k == 0))
    return out


def draw_table_row(c, it, y: float, h: float) -> None:
    """One ruled table row (cells side by side, each cell's lines top down) with its top at ``y``."""
    x = MARGIN_L + it.x0
    c.setLineWidth(0.5)
    c.rect(x, y - h, sum(it.col_w), h)
    cx = x
    for k, (cell, w) in enumerate(zip(it.cells, it.col_w)):
        if k:
            c.line(cx, y, cx, y - h)
        c.setFont(GOTHIC if it.header else MINCHO, FONT_SIZE)
        for j, ln in enumerate(cell):
            c.drawString(cx + 4, y - 2 - LEADING * (j + 1) + 5, ln)
        cx += w


def build_pdf(blocks: list[Block], title: str) -> bytes:
    from reportlab.pdfgen import canvas

    register_fonts()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=1)
    c.setTitle(title)
    c.setAuthor("○○市")
    c.setCreator("shinsa tools/make_corpus.py")
    c.setProducer("ReportLab")
    items = layout(blocks)
    top = PAGE_H - MARGIN_T
    bottom = MARGIN_B
    page = 1

    def decorate(n: int) -> None:
        c.setFont(MINCHO, FONT_SIZE)
        c.drawRightString(PAGE_W - MARGIN_R, PAGE_H - 15 * 72 / 25.4 - FONT_SIZE, HEADER_TEXT)
        c.drawCentredString(PAGE_W / 2, 12 * 72 / 25.4, f"- {n} -")

    decorate(page)
    y = top
    split_blocks = 0  # paragraphs continued on the next page
    last_block_page: dict[int, int] = {}
    for idx, it in enumerate(items):
        if isinstance(it, Line):
            need = it.gap
            if it.keep_next and idx + 1 < len(items):
                nxt = items[idx + 1]
                need += nxt.gap if isinstance(nxt, Line) else nxt.height
            if y - need < bottom and y < top:
                c.showPage()
                page += 1
                decorate(page)
                y = top
            if not it.text and y == top:
                continue  # no blank line at a page top
            y -= it.gap
            if it.block in last_block_page and last_block_page[it.block] != page:
                split_blocks += 1
            last_block_page[it.block] = page
            c.setFont(it.font, it.size)
            if it.align == "center":
                c.drawCentredString(MARGIN_L + TEXT_W / 2, y + 4, it.text)
            else:
                # a typed tab (cells of a table in the body) has no glyph in the fonts: draw it as U+3000,
                # the space a word processor shows there
                c.drawString(MARGIN_L + it.x, y + 4, it.text.replace("\t", "\u3000"))
        else:
            h = it.height
            if y - h < bottom:
                c.showPage()
                page += 1
                decorate(page)
                y = top
            draw_table_row(c, it, y, h)
            y -= h
    c.showPage()
    c.save()
    build_pdf.stats = {"pages": page, "split_paragraphs": split_blocks}  # type: ignore[attr-defined]
    return buf.getvalue()


# --------------------------------------------------------------------------------------
# Markdown (the way public templates are published)
# --------------------------------------------------------------------------------------

def _md_numbers(nums: list[int]) -> list[str]:
    """Markdown list markers: 「1.」 repeated when the labels count 1, 2, 3 …, else the labels' numbers.

    Public templates let the renderer count (every item written 「1.」); a draft whose
    labels skip or repeat (a planted numbering gap) keeps its own numbers.
    """
    if nums == list(range(nums[0], nums[0] + len(nums))) and nums[0] == 1:
        return ["1."] * len(nums)
    return [f"{n}." for n in nums]


_MD_SECTION = re.compile(r"[0-9]+(?:\.[0-9]+)*\.?[ \u3000][^。、\s][^。、]{0,30}$")


def build_markdown(blocks: list[Block], title: str, variant: int = 0) -> str:
    """A Markdown rendering of the blocks, as real templates are published.

    variant 0: ``### 第1条（目的）``, the paragraphs of a multi-paragraph article as an
    ordered list, items (号) as ordered lists nested under their paragraph;
    variant 1 adds YAML front matter, an HTML comment, captions without brackets
    (``### 第1条 目的``), ``**`` emphasis in the preamble and ``1)`` markers.
    Tables become pipe tables. The logical text is that of the TXT (see ingest/markdown.py).
    """
    out: list[str] = []
    if variant == 1:
        out += ["---", f"title: {title}", "source: shinsa corpus", "---", "",
                "<!-- 自動生成：tools/make_corpus.py -->", ""]
    mark = ")" if variant == 1 else "."
    caption = ""
    emphasised = False
    k = 0
    while k < len(blocks):
        b = blocks[k]
        if b.kind == "title":
            out += [f"# {b.text}", ""]
        elif b.kind == "caption":
            if k + 1 < len(blocks) and blocks[k + 1].kind == "article":
                caption = b.text
            else:
                # a bracketed line that heads no article (「（令和７年３月２５日　総務部長決定）」 under
                # the title) is published as a paragraph of its own, as the DOCX keeps it
                out += [b.text, ""]
        elif b.kind == "article":
            cap = caption if variant == 0 else (" " + caption.strip("（）()") if caption else "")
            out += [f"### {b.label}{cap}", ""]
            caption = ""
            lines, k = _md_article(blocks, k, mark)
            out += lines
            continue
        elif b.kind in ("chapter", "appendix", "suppl"):
            m = RE_CHAPTER.match(b.text)
            text = b.text if not m else m.group(0) + " " + b.text[m.end():].strip("　 ")
            out += [f"## {text.strip()}", ""]
        elif b.kind == "table":
            rows = b.rows
            out.append("| " + " | ".join(rows[0]) + " |")
            out.append("|" + "---|" * len(rows[0]))
            out += ["| " + " | ".join(r) + " |" for r in rows[1:]]
            out.append("")
        elif b.kind == "text" and _MD_SECTION.match(b.text):
            # a numbered section of a specification (1. 概要 / 3.1 本番環境): a Markdown heading, as a
            # Markdown author writes it (a bare 「1. 概要」 would be an ordered list)
            depth = b.text.split()[0].rstrip(".").count(".") + 2
            out += [f"{'#' * min(depth, 6)} {b.text.strip()}", ""]
        elif b.kind in ("text", "paragraph", "item"):
            text = b.text
            if variant == 1 and "（以下「" in text and not emphasised:
                cut = text.index("（以下「")
                lead = len(text) - len(text.lstrip("　 "))  # emphasis may not open before a space
                text = text[:lead] + "**" + text[lead:cut] + "**" + text[cut:]
                emphasised = True
            out += [text, ""]
        k += 1
    return "\n".join(out).rstrip("\n") + "\n"


def _md_article(blocks: list[Block], k: int, mark: str) -> tuple[list[str], int]:
    """The body of the article at blocks[k]: its paragraphs as an ordered list when it has
    more than one, each followed by its items; returns the lines and the next block index."""
    out: list[str] = []
    j = k + 1
    units = [[blocks[k]]]
    while j < len(blocks) and blocks[j].kind in ("paragraph", "item", "text", "blank"):
        if blocks[j].kind == "paragraph":
            units.append([blocks[j]])
        elif blocks[j].kind != "blank":
            units[-1].append(blocks[j])
        j += 1
    multi = len(units) > 1
    markers = _md_numbers([1] + [u[0].num for u in units[1:]]) if multi else []
    for u, unit in enumerate(units):
        body = unit[0].body
        pad = ""
        if multi:
            m = markers[u].replace(".", mark)
            out.append(f"{m} {body}")
            pad = " " * (len(m) + 1)
        elif body:
            out.append(body)
        out += _md_items(unit[1:], pad, mark)
        out.append("")
    return out, j


def _md_items(blocks: list[Block], pad: str, mark: str) -> list[str]:
    """Items (and unnumbered lines) of one paragraph as nested ordered lists.

    Only items numbered in digits（１）(1) become list items; kana, kanji and circled
    labels (ア, 一, ①) have no Markdown list form and are typed as lines, indented into
    the list item they belong to.
    """
    out: list[str] = []
    groups: list[list[Block]] = []
    for b in blocks:
        if b.kind == "item" and groups and groups[-1][0].kind == "item":
            groups[-1].append(b)
        else:
            groups.append([b])
    for g in groups:
        if g[0].kind != "item":
            out += ["", pad + g[0].text]
            continue
        base = min(b.level for b in g)
        # the numbers of each run of siblings, to choose 「1.」 or the written numbers
        markers: dict[int, str] = {}
        for lv_run in _item_runs(g):
            for i, m in zip(lv_run, _md_numbers([g[i].num for i in lv_run])):
                markers[i] = m.replace(".", mark)
        out.append("")
        indent = {base: pad}
        for i, b in enumerate(g):
            lv = b.level
            if lv not in indent:
                parent = max(x for x in indent if x < lv)
                step = len(markers[_last_at(g, i, parent)]) + 1 if g[_last_at(g, i, parent)].itype in MD_LIST_TYPES else 0
                indent[lv] = indent[parent] + " " * step
            for x in [x for x in indent if x > lv]:
                del indent[x]
            if b.itype in MD_LIST_TYPES:
                out.append(f"{indent[lv]}{markers[i]} {b.body}")
            else:
                if out[-1] == "" and len(out) > 1 and out[-2].strip():
                    out.pop()  # a typed label line continues the line before it
                out.append(f"{indent[lv]}{b.text}")
    return out


MD_LIST_TYPES = ("paren_fw", "paren_ascii")


def _item_runs(g: list[Block]) -> list[list[int]]:
    """Indices of consecutive siblings (same level, not separated by a shallower item)."""
    runs: list[list[int]] = []
    open_runs: dict[int, list[int]] = {}
    for i, b in enumerate(g):
        for lv in [lv for lv in open_runs if lv > b.level]:
            del open_runs[lv]
        if b.level not in open_runs:
            open_runs[b.level] = []
            runs.append(open_runs[b.level])
        open_runs[b.level].append(i)
    return runs


def _last_at(g: list[Block], i: int, level: int) -> int:
    return max(j for j in range(i) if g[j].level == level)


# --------------------------------------------------------------------------------------

def generate(txt: Path, out_dir: Path | None = None, formats: tuple[str, ...] = ("docx", "pdf"),
             style: dict | None = None) -> dict:
    """Write NAME.docx / NAME.pdf for one TXT; returns small statistics.

    ``style`` overrides the :data:`DOCX_STYLE` entry of the draft (tests use it).
    """
    out_dir = out_dir or txt.parent
    text = txt.read_text(encoding="utf-8")
    blocks = parse_txt(text)
    title = next((b.text for b in blocks if b.kind == "title"), txt.stem)
    style = style or DOCX_STYLE.get(txt.stem, DEFAULT_STYLE)
    info: dict = {"name": txt.stem}
    if "docx" in formats:
        data = build_docx(copy.deepcopy(blocks), title, style)
        (out_dir / f"{txt.stem}.docx").write_bytes(data)
        info.update(build_docx.stats)  # type: ignore[attr-defined]
    if "pdf" in formats:
        data = build_pdf(blocks, title)
        (out_dir / f"{txt.stem}.pdf").write_bytes(data)
        info.update(build_pdf.stats)  # type: ignore[attr-defined]
    return info


def draft_sources(directory: Path = DRAFTS) -> list[Path]:
    return sorted(p for p in directory.glob("*.txt"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("txt", nargs="*", type=Path, help="TXT drafts (default: corpora/drafts/*.txt)")
    ap.add_argument("--out", type=Path, help="output directory (default: beside each TXT)")
    args = ap.parse_args(argv)
    sources = args.txt or draft_sources()
    if not sources:
        print("原稿（*.txt）が見つかりません / no drafts found", file=sys.stderr)
        return 1
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    for txt in sources:
        try:
            info = generate(txt, args.out)
        except FontMissing as e:
            print(f"PDF を作成できません: IPAex フォントがありません（apt-get install fonts-ipaexfont） / {e}",
                  file=sys.stderr)
            return 2
        print(" ".join(f"{k}={v}" for k, v in info.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
