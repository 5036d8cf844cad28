"""Markdown: markup -> the logical text of our TXT convention, each line mapped to its source line.

Public templates are often published as Markdown (``# 題名``, ``## 第1章 総則``,
``### 第1条（目的）``, ordered lists that repeat ``1.``, ``**強調**``, tables). The
structure parser reads the TXT convention (corpora/README.md 「TXT の書き方」), so
this reader rewrites the markup into it:

=============================  =================================================
Markdown                       logical text
=============================  =================================================
front matter, ``<!-- -->``     dropped
``# 題名`` (first heading)     the title line
``### 第1条（目的）``           caption line ``（目的）``; ``第1条　`` opens the next
``### 第1条 目的``              text line (the article's first paragraph)
``## 第1章 総則``               ``第1章　総則``
ordered list under an article  paragraphs ``第1条　…``, ``2　…`` (項)
list after 「次の各号」「次に      items ``(1)　…`` (号); a list nested in an item keeps
掲げる」 or a lead ending ：      its numbers as shown (``1.　…``): subitems, as in the TXT
``- `` / ``* `` bullets         bullet lines as written (``- …``); items when announced
``| a | b |`` rows              cells joined by U+3000 (the 別表 convention)
``**x**`` ``[x](u)`` ```x```   x
soft line breaks               joined, unless the next line opens a unit (２　, （１）)
                               or the line before ends a sentence (。): drafters
                               who type one paragraph per line mean a new paragraph
                               In a source hard-wrapped at a width (wrap.py), a soft
                               break after a line short of the width is a line break
                               (「住所：…」 / 「会社名：…」 lines of their own)
a line left of an indented     not a lazy continuation: the text after the list, a
list marker                    new paragraph (a blank line is written before it)
``1.`` after a ``- `` list      the next paragraph, numbered by position (a renderer
that broke the paragraphs      restarts the count; the drafter goes on)
=============================  =================================================

A lead announces only the list right below it: a heading or a table in between
ends the announcement (「…は以下のとおりです。」, a table, then 「### 9.…」 and a list:
the list holds the section's paragraphs).

List numbers: a list whose items all carry the same number (``1.`` repeated, the
usual way to let the renderer count) is numbered in order from its first number;
a list with distinct numbers keeps them as written, so a drafting gap (1, 3) stays
visible to ``numbering_gap``. Labels keep the marker's ASCII digits (``3.`` -> ``3　``),
as a renderer shows them; kana labels (ア, イ) cannot be written as Markdown lists and
are read as typed.

``Document.spans`` hold one span per piece of source line in each output line, so
every offset locates the Markdown line it came from (``line`` is 1-based); the
label of an article (``第1条``) maps to its heading line.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Optional

from ..model import Document, SourceSpan
from ..textnorm import fold
from .labels import LAYOUT_WORDS as _WORDS
from .labels import starts_structure
from .wrap import RULE_LINE as _RULE_LINE
from .wrap import SENTENCE_END as _SENTENCE_END
from .wrap import fills, wrap_width

_NUM = r"(?:[0-9０-９]+|[一二三四五六七八九十百千〇]+)"
_ARTICLE_HEAD = re.compile(rf"^(第\s*{_NUM}\s*条(?:\s*の\s*{_NUM})*|第\s*{_NUM})(?=[\s　(（]|$)[\s　]*(.*)$")
_CHAPTER_HEAD = re.compile(rf"^(第\s*{_NUM}\s*(?:編|章|節|款|目))(?=[\s　(（]|$)[\s　]*(.*)$")
_CAPTION = re.compile(r"^[(（][^()（）]{1,40}[)）]$")
#: a lead sentence that announces a list of items (号): a lead phrase of layout.yaml (次の, 次に掲げる;
#: 以下の「甲」 is a quote) or a colon at the end
TEMPLATES: dict[str, str] = {"announce": r"{list_leads}(?!「)|{list_lead_verbs}|[：:]$"}
_RX = {name: re.compile(_WORDS.regex(t)) for name, t in TEMPLATES.items()}
_ANNOUNCE = _RX["announce"]


def patterns_using(list_name: str) -> list[re.Pattern]:
    """The compiled patterns of this module that ``list_name`` of layout.yaml takes part in."""
    return [_RX[name] for name, t in TEMPLATES.items() if list_name in _WORDS.uses(t)]


_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t\u3000]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_HR = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LIST = re.compile(r"^([ \t]*)(?:(\d{1,9})([.)])|([-*+]))(?:[ \t]+|$)")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_HARD_BREAK = re.compile(r"(?: {2,}|\\)$")
_BR = re.compile(r"<br\s*/?>", re.I)
_COMMENT = re.compile(r"<!--.*?-->", re.S)

#: one piece of an output line: (text, source line number)
_Piece = tuple[str, int]


@dataclass
class _Block:
    """A Markdown block: ``heading`` ``para`` ``list`` ``table`` ``code`` ``blank``.

    ``lines`` are logical lines (pieces) for heading/para/code/table rows;
    a list has ``items``.
    """

    kind: str
    lines: list[list[_Piece]] = field(default_factory=list)
    level: int = 0              # heading level
    emphasized: bool = False    # a paragraph written entirely in **bold**
    items: list["_Item"] = field(default_factory=list)
    ordered: bool = False


@dataclass
class _Item:
    number: Optional[int]       # written number of an ordered item
    line: int                   # source line of the marker
    blocks: list[_Block]        # the item's content, parsed as blocks
    mark: str = "."             # the delimiter of an ordered item (``.`` ``)``), the bullet (``-`` ``*`` ``+``)


# ---------------------------------------------------------------------------
# inline markup

_ESCAPABLE = re.compile(r"\\([!-/:-@\[-`{-~])")
_INLINE = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),                      # images -> alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),                        # links
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),                       # reference links
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), r"\1"),                # autolinks
    (re.compile(r"(`+)(.+?)\1"), r"\2"),                                  # code spans
    (re.compile(r"</?[A-Za-z][^>]*>"), ""),                               # other HTML tags
    (re.compile(r"\*\*([^*\s](?:[^*]*[^*\s])?)\*\*"), r"\1"),             # **strong**
    (re.compile(r"(?<![A-Za-z0-9_])__([^_\s](?:[^_]*[^_\s])?)__(?![A-Za-z0-9_])"), r"\1"),
    (re.compile(r"(?<!\*)\*([^*\s](?:[^*]*[^*\s])?)\*(?!\*)"), r"\1"),    # *em*
    (re.compile(r"(?<![A-Za-z0-9_])_([^_\s](?:[^_]*[^_\s])?)_(?![A-Za-z0-9_])"), r"\1"),
    (re.compile(r"~~([^~]+)~~"), r"\1"),                                  # strikethrough
]


def inline(s: str) -> str:
    """The text a reader sees: emphasis, links, code spans and tags removed, escapes resolved.

    Runs of underscores (blanks to fill in, ``＿＿`` or ``____``) are not emphasis and stay.
    """
    escaped: list[str] = []

    def hide(m: re.Match) -> str:
        escaped.append(m.group(1))
        return f"\ue000{len(escaped) - 1}\ue001"

    s = _ESCAPABLE.sub(hide, s)
    for rx, rep in _INLINE:
        s = rx.sub(rep, s)
    s = re.sub("\ue000(\\d+)\ue001", lambda m: escaped[int(m.group(1))], s)
    return html.unescape(s).replace("\u00a0", " ")


def _clean(pieces: list[_Piece]) -> list[_Piece]:
    out = [(inline(t), n) for t, n in pieces]
    out = [(t, n) for t, n in out if t]
    if out:
        out[0] = (out[0][0].lstrip(" \t"), out[0][1])
        out[-1] = (out[-1][0].rstrip(" \t"), out[-1][1])
    return [(t, n) for t, n in out if t]


def _text(pieces: list[_Piece]) -> str:
    return "".join(t for t, _ in pieces)


# ---------------------------------------------------------------------------
# blocks

def _strip_hidden(lines: list[str]) -> list[tuple[int, str]]:
    """(line number, text) without front matter and HTML comments (lines that held only a comment vanish)."""
    n = len(lines)
    k0 = 0
    if lines and lines[0].strip() in ("---", "+++"):
        close = lines[0].strip()
        for j in range(1, min(n, 200)):
            if lines[j].strip() in (close, "...") and j > 1:
                k0 = j + 1
                break
    out = []
    in_comment = False
    for k in range(k0, n):
        s = lines[k]
        had = "<!--" in s or in_comment
        if in_comment:
            end = s.find("-->")
            if end < 0:
                continue
            s = s[end + 3:]
            in_comment = False
        s = _COMMENT.sub("", s)
        start = s.find("<!--")
        if start >= 0:
            s = s[:start]
            in_comment = True
        if had and not s.strip():
            continue
        out.append((k + 1, s))
    return out


def _indent(s: str) -> int:
    w = 0
    for ch in s:
        if ch == " ":
            w += 1
        elif ch == "\t":
            w += 4 - w % 4
        else:
            break
    return w


def _dedent(s: str, width: int) -> str:
    k = 0
    w = 0
    while k < len(s) and w < width and s[k] in " \t":
        w += 1 if s[k] == " " else 4 - w % 4
        k += 1
    return s[k:]


def _is_table_start(lines: list[tuple[int, str]], k: int) -> bool:
    s = lines[k][1].strip()
    if s.startswith("|") and s.count("|") >= 2:
        return True
    return "|" in s and k + 1 < len(lines) and bool(_TABLE_SEP.match(lines[k + 1][1]))


def _interrupts(lines: list[tuple[int, str]], k: int) -> bool:
    """Whether line k starts a new block (ends a paragraph)."""
    s = lines[k][1]
    return (not s.strip() or bool(_ATX.match(s) or _FENCE.match(s) or _HR.match(s) or _LIST.match(s))
            or s.lstrip().startswith(">") or _is_table_start(lines, k))


def parse_blocks(lines: list[tuple[int, str]], wrap: float = 0.0) -> list[_Block]:
    """Block structure of (line number, text) lines (a pragmatic subset of CommonMark);
    ``wrap``: the width the source is hard-wrapped at (wrap.py), 0.0 if it is not."""
    blocks: list[_Block] = []
    k, n = 0, len(lines)
    while k < n:
        no, s = lines[k]
        if not s.strip():
            blocks.append(_Block("blank"))
            k += 1
        elif m := _FENCE.match(s):
            fence = m.group(1)
            j = k + 1
            while j < n and not lines[j][1].strip().startswith(fence):
                j += 1
            blocks.append(_Block("code", [[(t, ln)] for ln, t in lines[k + 1:j]]))
            k = j + 1
        elif m := _ATX.match(s):
            blocks.append(_Block("heading", [_clean([(m.group(2) or "", no)])], level=len(m.group(1))))
            k += 1
        elif _HR.match(s):
            blocks.append(_Block("blank"))
            k += 1
        elif _is_table_start(lines, k):
            rows = []
            while k < n and "|" in lines[k][1] and lines[k][1].strip():
                if not _TABLE_SEP.match(lines[k][1]):
                    rows.append(_table_row(*lines[k]))
                k += 1
            blocks.append(_Block("table", rows))
        elif _LIST.match(s):
            block, k = _parse_list(lines, k, wrap)
            blocks.append(block)
        elif s.lstrip().startswith(">"):
            quoted = []
            while k < n and lines[k][1].lstrip().startswith(">"):
                t = lines[k][1].lstrip()[1:]
                quoted.append((lines[k][0], t[1:] if t.startswith(" ") else t))
                k += 1
            blocks.extend(parse_blocks(quoted, wrap))
        else:
            j = k + 1
            while j < n and not _interrupts(lines, j):
                j += 1
            if j == k + 2 and (m2 := _SETEXT.match(lines[k + 1][1])) and not _LIST.match(lines[k + 1][1]):
                blocks.append(_Block("heading", [_clean([(s, no)])], level=1 if m2.group(1)[0] == "=" else 2))
            else:
                blocks.append(_paragraph(lines[k:j], wrap))
            k = j
    return blocks


# a line written entirely in bold (**第三者の著作権**): a heading of its own, not joined to the next line
_BOLD_LINE = re.compile(r"(\*\*|__)[^*_](?:.*[^*_])?\1")


def _paragraph(lines: list[tuple[int, str]], wrap: float = 0.0) -> _Block:
    """A paragraph's logical lines: soft breaks joined, except before a line that opens a unit,
    after a line that ends a sentence, and, in a hard-wrapped source, after a line that stops
    short of the width (「委託者（以下「甲」という）」 / 「住所：…」: lines of their own)."""
    out: list[list[_Piece]] = []
    hard = True
    whole = " ".join(t.strip() for _, t in lines)
    before = ""
    for no, raw in lines:
        for j, part in enumerate(_BR.split(raw)):
            piece = part.strip(" \t")
            brk = bool(_HARD_BREAK.search(part))
            if brk:
                piece = piece.rstrip("\\").rstrip()
            text = inline(piece)
            if hard or j > 0 or not out or starts_structure(text) or _SENTENCE_END.search(inline(_text(out[-1]))) \
                    or _RULE_LINE.fullmatch(text) or _RULE_LINE.fullmatch(inline(_text(out[-1]))) \
                    or not fills(before, wrap) or _BOLD_LINE.fullmatch(before.strip(" \t")):
                out.append([])
            out[-1].append((piece, no))
            hard = brk
            before = part
    emphasized = bool(re.fullmatch(r"(\*\*|__)[^*_].*\1", whole))
    return _Block("para", [p for p in (_clean(x) for x in out) if p], emphasized=emphasized)


def _table_row(no: int, s: str) -> list[_Piece]:
    s = s.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    cells = [inline(_BR.sub("", c.replace("\\|", "|"))).strip() for c in re.split(r"(?<!\\)\|", s)]
    return [("\u3000".join(cells), no)]


def _parse_list(lines: list[tuple[int, str]], k: int, wrap: float = 0.0) -> tuple[_Block, int]:
    """One list starting at line k; each item's content is parsed again as blocks."""
    first = _LIST.match(lines[k][1])
    base = _indent(lines[k][1])
    ordered = first.group(2) is not None
    items: list[_Item] = []
    n = len(lines)
    while k < n:
        no, s = lines[k]
        m = _LIST.match(s)
        if not m or _indent(s) >= base + 2 or (m.group(2) is not None) != ordered or _HR.match(s):
            break
        mark = m.group(3) or m.group(4)
        content_at = len(m.group(0))
        if content_at - len(m.group(1)) > 6:  # marker followed by a code-block indent: one space counts
            content_at = len(m.group(1)) + len(m.group(2) or "") + 2
        body = [(no, s[content_at:])]
        k += 1
        while k < n:
            no2, s2 = lines[k]
            if not s2.strip():
                # a blank line continues the item only when indented content follows
                j = k
                while j < n and not lines[j][1].strip():
                    j += 1
                if j < n and _indent(lines[j][1]) >= base + 2:
                    body.extend((lines[i][0], "") for i in range(k, j))
                    k = j
                    continue
                break
            if _indent(s2) >= base + 2:
                body.append((no2, _dedent(s2, content_at)))
            elif not _interrupts(lines, k) and _indent(s2) >= base:
                # lazy continuation of the item's paragraph; a line back left of an indented
                # marker is the text after the list (as the TXT of the same lines reads)
                body.append((no2, s2.strip()))
            else:
                break
            k += 1
        items.append(_Item(int(m.group(2)) if ordered else None, no, parse_blocks(body, wrap), mark))
        # blank lines between items of the same list (a loose list)
        j = k
        while j < n and not lines[j][1].strip():
            j += 1
        if j > k and j < n and (m3 := _LIST.match(lines[j][1])) and _indent(lines[j][1]) < base + 2 \
                and (m3.group(2) is not None) == ordered:
            k = j
    return _Block("list", items=items, ordered=ordered), k


# ---------------------------------------------------------------------------
# blocks -> logical text

class _Writer:
    """Output lines with their source pieces; builds text and spans."""

    def __init__(self) -> None:
        self.lines: list[list[_Piece]] = []

    def line(self, pieces: list[_Piece]) -> None:
        self.lines.append([p for p in pieces if p[0]])

    def blank(self) -> None:
        if self.lines and self.lines[-1]:
            self.lines.append([])

    def build(self) -> tuple[str, list[SourceSpan]]:
        while self.lines and not self.lines[-1]:
            self.lines.pop()
        parts: list[str] = []
        spans: list[SourceSpan] = []
        pos = 0
        for k, pieces in enumerate(self.lines):
            if k:
                parts.append("\n")
                pos += 1
            for t, no in pieces:
                if spans and spans[-1].line == no and spans[-1].end == pos:
                    spans[-1] = SourceSpan(spans[-1].start, pos + len(t), line=no)
                else:
                    spans.append(SourceSpan(pos, pos + len(t), line=no))
                parts.append(t)
                pos += len(t)
        return "".join(parts) + "\n", spans


def _item_label(level: int, n: int, mark: str) -> str:
    """``(1)`` for an item (号); a list nested deeper keeps its number as a renderer shows it
    (``1.``), as the TXT copy of the same Markdown reads (the structure cites it as written)."""
    if level <= 1:
        return f"({n})\u3000"
    return f"{n}{mark}\u3000"


def _numbers(block: _Block) -> list[int]:
    """Written numbers when they differ, else the renderer's count from the first number."""
    written = [it.number for it in block.items]
    if block.ordered and len(set(written)) > 1:
        return [w or 1 for w in written]
    start = written[0] if block.ordered and written[0] is not None else 1
    return list(range(start, start + len(written)))


class _Converter:
    """Walks the blocks keeping the state a reader keeps: title seen, open article, last lead."""

    def __init__(self) -> None:
        self.out = _Writer()
        self.title_done = False
        self.under_title = 0  # the output length right after the title: a bracketed note there is the title's
        self.in_article = False
        self.pending: Optional[_Piece] = None   # article label waiting for its first text line
        self.para_no = 0                        # last paragraph number of the open article
        self.lead = ""                          # last text line written (announces a list?)

    def run(self, blocks: list[_Block]) -> None:
        for k, b in enumerate(blocks):
            if b.kind == "heading":
                self.heading(b.lines[0] if b.lines else [])
            elif b.kind == "para":
                if k and blocks[k - 1].kind == "list":
                    self.out.blank()  # text back at the margin after an indented list: a new paragraph
                for ln in b.lines:
                    if b.emphasized and len(b.lines) == 1 and self._heading_like(ln):
                        self.heading(ln)
                    else:
                        self.text(ln)
            elif b.kind == "list":
                self.top_list(b, after_bullets=k > 0 and blocks[k - 1].kind == "list" and not blocks[k - 1].ordered)
            elif b.kind == "table":
                self.flush()
                self.out.blank()
                for row in b.lines:
                    self.out.line(row)
                self.out.blank()
                self.lead = ""  # a table answers the lead that announced it
            elif b.kind == "code":
                for ln in b.lines:
                    self.out.line(ln)
            elif b.kind == "blank" and self.pending is None:
                self.out.blank()  # a blank line sets paragraphs apart, as in the TXT
        self.flush()

    @staticmethod
    def _heading_like(pieces: list[_Piece]) -> bool:
        t = _text(pieces)
        return bool(_ARTICLE_HEAD.match(t) or _CHAPTER_HEAD.match(t))

    def flush(self) -> None:
        """An article heading with no text line of its own: its label alone."""
        if self.pending is not None:
            self.out.line([self.pending])
            self.pending = None
            self.para_no = 1

    def heading(self, pieces: list[_Piece]) -> None:
        self.flush()
        self.under_title = 0  # (set again below when this heading is the title)
        self.lead = ""  # a lead before a heading announces nothing below it
        text = _text(pieces)
        no = pieces[0][1] if pieces else 0
        if not text:
            return
        m = _ARTICLE_HEAD.match(text)
        if m:
            rest = m.group(2).strip(" \u3000")
            self.out.blank()
            self.title_done = True
            self.in_article = True
            self.para_no = 0
            label = re.sub(r"\s+", "", m.group(1))
            if not rest or _CAPTION.match(rest):
                caption = rest
            elif "。" not in rest and len(rest) <= 40:
                caption = f"（{rest}）"
            else:  # 「### 第1条 甲は、…する。」: the heading holds the text itself
                self.pending = (label, no)
                self.text([(rest, no)])
                return
            if caption:
                self.out.line([(caption, no)])
            self.pending = (label, no)
            return
        # a heading that is no article or chapter (「### 利用停止」「### 4.取得する個人情報」) opens a
        # section: a list right below it holds the section's paragraphs, as under an article
        self.in_article = self.title_done and not _CHAPTER_HEAD.match(text)
        self.para_no = 0
        self.out.blank()
        if (c := _CHAPTER_HEAD.match(text)) and c.group(2):
            self.out.line([(re.sub(r"\s+", "", c.group(1)) + "\u3000" + c.group(2).strip(), no)])
        else:
            self.out.line(pieces)
        if not self.title_done:
            self.title_done = True
            self.out.blank()
            self.under_title = len(self.out.lines)  # the line count right after the title's blank line

    def text(self, pieces: list[_Piece]) -> None:
        text = _text(pieces)
        self.title_done = True
        if self.under_title and self.under_title == len(self.out.lines) and _CAPTION.match(text.strip(" \u3000")) \
                and self.out.lines and not self.out.lines[-1]:
            # 「（夕凪市 契約審査用…）」 right below the title: the title's own line, as a TXT or DOCX keeps it
            self.out.lines.pop()
            self.out.line(pieces)
            self.out.blank()
            self.under_title = 0
            return
        if self.pending is not None and _CAPTION.match(text.strip(" \u3000")) and self.para_no == 0:
            # 「### 第7条」 then 「（情報セキュリティ）」 on a line of its own: the caption, before the label
            # (as 「（目的）」 stands before 「第1条」 in a TXT); the label still waits for the body
            self.out.line(pieces)
            return
        if self.pending is not None and starts_structure(text):
            self.flush()  # 「### 第5条（定義）」 then 「(1) …」: the label on a line of its own
        elif self.pending is not None:
            label, no = self.pending
            self.pending = None
            pieces = [(label, no), ("\u3000", no)] + pieces
            self.para_no = 1
        elif m := _ARTICLE_HEAD.match(text):
            # 「第3条（個別契約）」 typed as a line of its own: the list below holds its paragraphs
            rest = m.group(2).strip(" \u3000")
            self.in_article, self.para_no = True, 0 if not rest or _CAPTION.match(rest) else 1
        elif self.in_article and (m := re.match(r"^([0-9０-９]+)[\u3000 ]", text)):
            self.para_no = int(m.group(1).translate(str.maketrans("０１２３４５６７８９", "0123456789")))
        self.out.line(pieces)
        self.lead = text

    def top_list(self, b: _Block, after_bullets: bool = False) -> None:
        nums = _numbers(b)
        if _ANNOUNCE.search(self.lead.rstrip("。")) and self.pending is None:
            self.items(b, 1)
        elif b.ordered and after_bullets and self.in_article and self.pending is None \
                and self.para_no >= 2 and nums[0] == 1:
            # 「1.」 again after a 「- 」 list that interrupted the list of paragraphs: the renderer
            # restarts the count, the paragraphs go on (numbered by position, as the TXT reads)
            self.paragraphs(b, [self.para_no + n for n in range(1, len(nums) + 1)])
        elif b.ordered and (self.pending is not None or (self.in_article and nums[0] == self.para_no + 1)):
            self.paragraphs(b, nums)
        elif b.ordered:
            self.items(b, 1)
        else:
            self.bullets(b)

    def paragraphs(self, b: _Block, nums: list[int]) -> None:
        for it, n in zip(b.items, nums):
            if self.pending is not None:
                label = [self.pending, ("\u3000", self.pending[1])]
                self.pending = None
            else:
                label = [(f"{n}\u3000", it.line)]
            self.para_no = n
            self.item_content(it, label, 1)

    def items(self, b: _Block, level: int) -> None:
        if not b.ordered:
            # bullets stay bullets: the structure reads them as items after an announcing lead,
            # numbered by position, as it reads 「- 」「・」 lines of a TXT
            self.bullets(b, max(0, level - 1))
            return
        for it, n in zip(b.items, _numbers(b)):
            self.item_content(it, [(_item_label(level, n, it.mark), it.line)], level + 1)

    def bullets(self, b: _Block, depth: int = 0) -> None:
        """Bullet lines with the bullet as written (``- …``, as in the TXT of the same lines),
        indented by U+3000 per nesting level (a nested bullet is a subitem)."""
        for it in b.items:
            self.item_content(it, [("\u3000" * depth + it.mark + " ", it.line)], 0, depth + 1)

    def item_content(self, it: _Item, label: list[_Piece], child_level: int, depth: int = 0) -> None:
        """The item's first text line gets the label; nested lists go one level down."""
        labelled = False
        for blk in it.blocks:
            if blk.kind == "para":
                for ln in blk.lines:
                    if not labelled:
                        ln = label + ln
                        labelled = True
                    self.out.line(ln)
                    self.lead = _text(ln)
            elif blk.kind == "list":
                if not labelled:
                    self.out.line(label)
                    labelled = True
                if child_level == 0:
                    self.bullets(blk, depth)
                else:
                    self.items(blk, child_level)
            elif blk.kind in ("table", "code"):
                for row in blk.lines:
                    self.out.line(row)
        if not labelled:
            self.out.line(label)


def read_markdown(data: bytes, source: str) -> Document:
    """Read a Markdown file into a :class:`Document` in the TXT convention (see module docstring)."""
    from .errors import IngestError
    from .text import decode

    raw, enc = decode(data)
    raw = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    conv = _Converter()
    lines = _strip_hidden(raw.split("\n"))
    wrap = wrap_width([t for _, t in lines])
    conv.run(parse_blocks(lines, wrap))
    text, spans = conv.out.build()
    if not text.strip():
        raise IngestError("empty", "ファイルに本文がありません。", "the file contains no text")
    return Document(source=source, format="md", text=text, folded=fold(text), spans=tuple(spans),
                    meta={"encoding": enc, "markup": "markdown", **({"wrap_width": wrap} if wrap else {})})
