"""PDF: text layer -> reading-order lines -> repaired paragraphs, with a page/line map.

Engine (chosen by measurement, see the report in git history): pypdfium2's text
page gives every character with its box at roughly 150–300 pages/s here, while
pdfplumber's ``page.chars`` is 20–50x slower. pdfplumber (pdfminer) is only used
as a fallback when PDFium refuses a file it can still parse.

Steps, per page:

1. characters with boxes, in display coordinates (top-down, page rotation
   applied); PDFium's *generated* spaces and line breaks are dropped, real
   spaces (U+0020, U+3000) are kept; rotated characters (diagonal watermarks,
   vertical stamps) are set aside;
2. lines: characters grouped by vertical centre (tolerance relative to the
   character height), sorted by x; a space is inserted only for a visible gap:
   ASCII–ASCII gap > 0.2 em, Japanese–ASCII gap > 0.5 em, never between two
   Japanese characters (justified letter spacing) unless the gap is ≥ 2 em,
   which separates table cells or form fields and becomes U+3000 (the table
   convention of our TXT drafts);
3. running headers/footers: lines in the top/bottom 8 % of the page that repeat
   on other pages at the same height (digits masked), page numbers
   (「- 3 -」「3/10」「p. 3」「3ページ」, a lone number) and draft/confidentiality
   markers (「（案）」「社外秘」「DRAFT」) are removed; a line outside these bands
   is never removed;
4. wrapped lines are re-joined (also across a page break) when a line reaches
   the right edge of the text block and the next line does not start with a
   structural label, is not an indented paragraph start, and neither line looks
   like a table row or a dotted-leader contents line.

``Document.spans`` hold one span per kept source line (page, 1-based line
number within the page counted over all visual lines, headers included).
"""

from __future__ import annotations

import bisect
import ctypes
import re
import threading
from dataclasses import dataclass, field
from statistics import median
from typing import Optional

from ..model import Document, SourceSpan
from ..textnorm import fold
from .errors import ingest_error as _error  # shared with the OCR reader
from .labels import LAYOUT_WORDS as _WORDS
from .labels import LEADER as _LEADER
from .labels import MARKERS as _MARKERS
from .labels import starts_structure as _starts_structure

#: pdfium is not thread-safe; one document at a time per process.
_LOCK = threading.Lock()

MARGIN_BAND = 0.08        # top/bottom fraction of the page height for headers/footers
MARKER_BAND = 0.12        # 「社外秘」「（案）」 alone on a line: a slightly wider band
REPEAT_MIN_SHARE = 0.4    # a running header/footer is on >= 40 % of the pages (and >= 2)
RIGHT_EDGE_MIN = 0.75     # the text block's right edge is at least this share of the page width
JOIN_EDGE_EM = 1.5        # a line "reaches the right edge" within this many em
CELL_GAP_EM = 2.0         # a gap this wide separates cells/fields (-> U+3000)
MIXED_GAP_EM = 0.5        # Japanese/ASCII gap that is a real space
ASCII_GAP_EM = 0.2        # ASCII/ASCII gap that is a word space
LABEL_ZONE_EM = 5.0       # leading label zone of a line (第10条, （１）) before a tab gap
JJ_GAP_EM = 0.3           # Japanese/Japanese gap that may be a typed space ...
JJ_OVER_SPREAD_EM = 0.25  # ... when it exceeds the line's letter spacing by this much
HANG_MAX_EM = 2.0         # an unlabelled hanging indent is at most this deep

MSG_CORRUPT = ("PDFとして読み込めません（ファイルが壊れているか、PDFではありません）。",
               "cannot read the file as PDF (damaged or not a PDF)")
MSG_ENCRYPTED = ("パスワードで保護されたPDFは読み込めません。パスワードを解除したPDFを指定してください。",
                 "the PDF is password-protected")
MSG_NO_TEXT = ("PDFにテキスト層がありません（スキャン画像の可能性）。OCR済みのPDFか、元のWord・テキストファイルを指定してください。",
               "the PDF has no text layer (scanned image?)")
MSG_NO_PAGES = ("PDFにページがありません。", "the PDF has no pages")
MSG_EMPTY = ("ファイルが空です。", "the file is empty")
MSG_GARBLED = ("PDFの文字情報が壊れているため読み込めません（フォントに文字コードの対応表がない可能性）。"
               "元のWord・テキストファイルを指定してください。",
               "the PDF text layer cannot be mapped to Unicode (fonts without ToUnicode?)")




# ---------------------------------------------------------------------------
# character classes

def is_japanese(ch: str) -> bool:
    """Characters set without inter-word spaces (kana, kanji, CJK punctuation, full-width forms)."""
    return _JP[ch]


class _JapaneseMap(dict):
    """Memo of :func:`is_japanese` per character (called for every character of every line)."""

    def __missing__(self, ch: str) -> bool:
        o = ord(ch)
        v = (0x3000 <= o <= 0x30FF or 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF
             or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF or 0x31F0 <= o <= 0x31FF
             or 0x3200 <= o <= 0x33FF or 0x2460 <= o <= 0x24FF or 0x20000 <= o <= 0x3FFFF
             or ch in "※○●◎△▲▽▼□■◇◆☆★・‥…〜～—―")
        self[ch] = v
        return v


_JP = _JapaneseMap()
_SPACES = frozenset(" \u3000\u00a0\t")


def _is_space(ch: str) -> bool:
    return ch in _SPACES


# ---------------------------------------------------------------------------
# data

@dataclass
class _Line:
    page: int            # 1-based
    no: int              # 1-based visual line number within the page
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float          # em: median character height
    cells: bool = False  # contains a cell/field gap (table row, form line)
    lead_w: float = 0.0  # width of the first word (ASCII run) or character
    kept: bool = True

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class _Page:
    no: int
    width: float
    height: float
    lines: list[_Line] = field(default_factory=list)
    rotated_text: list[str] = field(default_factory=list)


# char tuple: (ch, x0, x1, top, bottom)

# ---------------------------------------------------------------------------
# engine: pypdfium2

def _pdfium_pages(data: bytes) -> tuple[list[_Page], int]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        if code == raw.FPDF_ERR_PASSWORD:
            raise _error("encrypted", MSG_ENCRYPTED) from e
        if code == raw.FPDF_ERR_SECURITY:
            raise _error("encrypted", MSG_ENCRYPTED, "unsupported security handler") from e
        raise _PdfiumLoadError(str(e)) from e
    try:
        n_pages = len(pdf)
        pages = []
        for i in range(n_pages):
            page = pdf[i]
            try:
                pages.append(_pdfium_page(page, i + 1, raw))
            finally:
                page.close()
        return pages, n_pages
    finally:
        pdf.close()


class _PdfiumLoadError(Exception):
    pass


_BOX_FN: dict[int, object] = {}


def _fast_box_fn(raw):
    """FPDFText_GetLooseCharBox with plain pointer arguments (skips ctypes type checks)."""
    fn = _BOX_FN.get(id(raw))
    if fn is None:
        proto = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)
        fn = proto(ctypes.cast(raw.FPDFText_GetLooseCharBox, ctypes.c_void_p).value)
        _BOX_FN[id(raw)] = fn
    return fn


def _pdfium_page(page, no: int, raw) -> _Page:
    cl, cb, cr, ct = page.get_cropbox()  # PDF user space, unrotated
    w, h = cr - cl, ct - cb
    rot = page.get_rotation() % 360
    disp_w, disp_h = (h, w) if rot in (90, 270) else (w, h)
    pg = _Page(no, disp_w, disp_h)
    tp = page.get_textpage()
    try:
        tpr = tp.raw
        n = raw.FPDFText_CountChars(tpr)
        if n <= 0:
            return pg
        text = tp.get_text_range(0, n)
        if len(text) != n:  # rare: surrogate pairs or excluded chars; go char by char
            get_u = raw.FPDFText_GetUnicode
            text = [chr(get_u(tpr, i) or 0xFFFE) for i in range(n)]
        ok, vals = _char_boxes(raw, tpr, n)
        raw_chars = _raw_chars(raw, tpr, text, ok, vals, cl, cb)
        rotated: list[str] = []
        chars = _upright_chars(raw_chars, rotated, rot, w, h)
        if rotated:
            pg.rotated_text.append("".join(rotated).strip())
        hs, vs = _pdfium_rulings(page, raw, cl, cb, w, h, rot) if chars else ([], [])
        pg.lines = _page_lines(chars, no, hs, vs, disp_w)
        return pg
    finally:
        tp.close()


def _char_boxes(raw, tpr, n: int) -> tuple[list, list[float]]:
    """Every loose char box of the text page in one C-level pass: per character whether it has one,
    and the flat FS_RECTF values (left, top, right, bottom; four per character)."""
    boxes = (ctypes.c_float * (4 * n))()
    base = ctypes.addressof(boxes)
    get_box = _fast_box_fn(raw)
    tp_ptr = ctypes.cast(tpr, ctypes.c_void_p).value
    ok = [get_box(tp_ptr, i, base + 16 * i) for i in range(n)]
    return ok, boxes[:]


def _raw_chars(raw, tpr, text, ok: list, vals: list[float], cl: float, cb: float) -> list[tuple]:
    """(ch, left, right, bottom, top, angle) relative to the crop box of the characters kept: controls
    and generated spaces dropped, PDFium's hyphens (0x02 / U+FFFE / soft hyphen) made ``-``."""
    is_gen = raw.FPDFText_IsGenerated
    get_angle = raw.FPDFText_GetCharAngle
    raw_chars = []
    angle = 0.0
    pb = pt = None
    for i, ch in enumerate(text):
        if not ok[i]:
            continue
        if ch <= " " or ch >= "\ufffe" or ch == "\u00a0" or ch == "\u00ad":
            if ch == " " or ch == "\u00a0":
                if is_gen(tpr, i):
                    continue
                ch = " "
            elif ch in "\x02\ufffe\u00ad":  # PDFium reports hyphens as 0x02 / U+FFFE
                if vals[4 * i + 2] - vals[4 * i] <= 0.01:
                    continue
                ch = "-"
            else:
                continue
        elif "\ud800" <= ch <= "\udfff":
            continue
        k = 4 * i
        t, b = vals[k + 1], vals[k + 3]
        # The angle is read once per run of characters sharing a box height;
        # diagonal watermarks change the box at every character, so each is checked.
        if t != pt or b != pb:
            angle = get_angle(tpr, i)
            pt, pb = t, b
        raw_chars.append((ch, vals[k] - cl, vals[k + 2] - cl, b - cb, t - cb, angle))
    return raw_chars


def _upright_chars(raw_chars: list[tuple], rotated: list[str], rot: int, w: float, h: float) -> list[tuple]:
    """(ch, x0, x1, top, bottom) in display coordinates of the characters at the page's dominant angle;
    the others (diagonal watermarks, vertical stamps) go to ``rotated``."""
    if not raw_chars:
        return []
    weight: dict[float, int] = {}
    for c in raw_chars:
        weight[c[5]] = weight.get(c[5], 0) + 1
    kept = raw_chars
    if len(weight) > 1:
        dominant = max(weight, key=weight.get)
        kept = []
        for c in raw_chars:
            a = c[5]
            if a != dominant:
                d = abs((a % 6.2832) - dominant)
                if min(d, 6.2832 - d) > 0.06:
                    rotated.append(c[0])
                    continue
            kept.append(c)
    if rot == 0:
        return [(ch, x0, x1, h - t, h - b) for ch, x0, x1, b, t, _a in kept]
    if rot == 90:
        return [(ch, b, t, x0, x1) for ch, x0, x1, b, t, _a in kept]
    if rot == 180:
        return [(ch, w - x1, w - x0, b, t) for ch, x0, x1, b, t, _a in kept]
    return [(ch, h - t, h - b, w - x1, w - x0) for ch, x0, x1, b, t, _a in kept]  # 270


def _pdfium_rulings(page, raw, cl, cb, w, h, rot) -> tuple[list, list]:
    """Straight horizontal (y, x0, x1) and vertical (x, y0, y1) path segments, display coords."""
    hs: list[tuple[float, float, float]] = []
    vs: list[tuple[float, float, float]] = []
    praw = page.raw
    n_obj = raw.FPDFPage_CountObjects(praw)
    if n_obj <= 0:
        return hs, vs
    m = raw.FS_MATRIX()
    px, py = ctypes.c_float(), ctypes.c_float()
    bpx, bpy = ctypes.byref(px), ctypes.byref(py)
    path_type = raw.FPDF_PAGEOBJ_PATH
    moveto = raw.FPDF_SEGMENT_MOVETO

    def disp(x: float, y: float) -> tuple[float, float]:
        x, y = x - cl, y - cb
        if rot == 0:
            return x, h - y
        if rot == 90:
            return y, x
        if rot == 180:
            return w - x, y
        return h - y, w - x

    dw, dh = (h, w) if rot in (90, 270) else (w, h)

    def add(p0, p1) -> None:
        (x0, y0), (x1, y1) = disp(*p0), disp(*p1)
        if abs(y1 - y0) < 1.0 and abs(x1 - x0) >= 3.0:
            y = (y0 + y1) / 2
            if 2.0 < y < dh - 2.0 and abs(x1 - x0) < 0.97 * dw:  # not a page background / border
                hs.append((y, min(x0, x1), max(x0, x1)))
        elif abs(x1 - x0) < 1.0 and abs(y1 - y0) >= 3.0:
            x = (x0 + x1) / 2
            if 2.0 < x < dw - 2.0 and abs(y1 - y0) < 0.97 * dh:
                vs.append((x, min(y0, y1), max(y0, y1)))

    for i in range(n_obj):
        obj = raw.FPDFPage_GetObject(praw, i)
        if raw.FPDFPageObj_GetType(obj) != path_type:
            continue
        n_seg = raw.FPDFPath_CountSegments(obj)
        if n_seg <= 1 or n_seg > 400 or not raw.FPDFPageObj_GetMatrix(obj, m):
            continue
        a, b, c, d, e, f = m.a, m.b, m.c, m.d, m.e, m.f
        start = prev = None
        for k in range(n_seg):
            seg = raw.FPDFPath_GetPathSegment(obj, k)
            if not raw.FPDFPathSegment_GetPoint(seg, bpx, bpy):
                continue
            x, y = px.value, py.value
            pt = (a * x + c * y + e, b * x + d * y + f)
            if raw.FPDFPathSegment_GetType(seg) == moveto or prev is None:
                start = pt
            else:
                add(prev, pt)
            if raw.FPDFPathSegment_GetClose(seg) and start is not None and start != pt:
                add(pt, start)
            prev = pt
    return hs, vs


# ---------------------------------------------------------------------------
# engine: pdfplumber (fallback)

def _plumber_pages(data: bytes) -> tuple[list[_Page], int]:
    import io

    import pdfplumber

    pages = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for i, page in enumerate(pdf.pages, start=1):
            pg = _Page(i, float(page.width), float(page.height))
            chars = []
            rotated = []
            for c in page.chars:
                ch = c.get("text") or ""
                if len(ch) != 1 or ord(ch) < 0x20:
                    continue
                if not c.get("upright", True):
                    rotated.append(ch)
                    continue
                chars.append((ch, float(c["x0"]), float(c["x1"]), float(c["top"]), float(c["bottom"])))
            if rotated:
                pg.rotated_text.append("".join(rotated))
            hs, vs = [], []
            for e in page.edges if chars else ():
                if e.get("orientation") == "h" and e["x1"] - e["x0"] >= 3.0:
                    hs.append((float(e["top"]), float(e["x0"]), float(e["x1"])))
                elif e.get("orientation") == "v" and e["bottom"] - e["top"] >= 3.0:
                    vs.append((float(e["x0"]), float(e["top"]), float(e["bottom"])))
            pg.lines = _page_lines(chars, i, hs, vs, pg.width)
            pages.append(pg)
        return pages, len(pdf.pages)


# ---------------------------------------------------------------------------
# lines

#: characters that Japanese line breaking (禁則) never puts at the end of a line
_NO_LINE_END = set("（(「『【〔［[｛{〈《“‘")


def _is_word(ch: str) -> bool:
    """Latin letters/digits (half- or full-width) and the joiners of a run like ISO/IEC 27001."""
    return (ch.isascii() and (ch.isalnum() or ch in "/.,-:_")) or "０" <= ch <= "９" \
        or "Ａ" <= ch <= "Ｚ" or "ａ" <= ch <= "ｚ"


#: characters that Japanese line breaking (禁則) never puts at the start of a line
_NO_LINE_START = set("、。，．,.)）]］｝}〕〉》」』】〙〗〟’”ゝゞーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖ・：；:;?？!！‐-")

def _page_lines(chars: list[tuple], page_no: int, hs: list, vs: list, page_w: float) -> list[_Line]:
    """Lines of a page: ruled table rows become one line each (cells joined by U+3000)."""
    table: dict[tuple[float, float], list[tuple]] = {}
    rows: dict[float, float] = {}     # row top -> row bottom
    rights: dict[tuple[float, float], float] = {}
    if len(vs) >= 3 and len(hs) >= 2:
        rest = []
        grid = _Grid(hs, vs)
        for c in chars:
            cell = _cell_of(c, grid)
            if cell is None:
                rest.append(c)
            else:
                top, bottom, left, right = cell
                table.setdefault((top, left), []).append(c)
                rights[(top, left)] = right
                rows[top] = max(bottom, rows.get(top, bottom))
        # a grid is a table when two rows have two or more filled cells, or one such row
        # spans half the page (the last row of a table continued from the previous page);
        # a boxed stamp (「部外秘」) or a framed paragraph stays ordinary text
        extent: dict[float, list[float]] = {}
        for (top, left), right in rights.items():
            e = extent.setdefault(top, [0, left, right])
            e[0] += 1
            e[1], e[2] = min(e[1], left), max(e[2], right)
        multi = [e for e in extent.values() if e[0] >= 2]
        if len(multi) >= 2 or any(e[2] - e[1] >= 0.5 * page_w for e in multi):
            chars = rest
        else:
            table = {}
    lines = _build_lines(chars, page_no)
    if table:
        lines.extend(_table_rows(table, rows, rights, page_no))
        lines.sort(key=lambda ln: (ln.top, ln.x0))
        for k, ln in enumerate(lines, start=1):
            ln.no = k
    return lines


class _Grid:
    """Ruling lookup with per-height / per-column caches (the rulings of a page rarely change)."""

    def __init__(self, hs: list, vs: list) -> None:
        self.hs = sorted({(round(y, 1), round(x0, 1), round(x1, 1)) for y, x0, x1 in hs})
        self.vs = sorted({(round(x, 1), round(y0, 1), round(y1, 1)) for x, y0, y1 in vs})
        self._cols: dict[float, list[float]] = {}
        self._rows: dict[tuple[float, float], list[float]] = {}

    def cols(self, cy: float) -> list[float]:
        key = round(cy, 1)
        xs = self._cols.get(key)
        if xs is None:
            xs = sorted({x for x, y0, y1 in self.vs if y0 - 1.0 <= cy <= y1 + 1.0})
            self._cols[key] = xs
        return xs

    def rows(self, left: float, right: float) -> list[float]:
        ys = self._rows.get((left, right))
        if ys is None:
            ys = sorted({y for y, x0, x1 in self.hs if x0 - 2.0 <= left and x1 + 2.0 >= right})
            self._rows[(left, right)] = ys
        return ys


def _cell_of(c: tuple, grid: _Grid) -> Optional[tuple[float, float, float, float]]:
    """(row top, row bottom, cell left, cell right) of the ruled cell holding char c, if any."""
    cx, cy = (c[1] + c[2]) / 2, (c[3] + c[4]) / 2
    xs = grid.cols(cy)
    # a cell of a grid: at least three column rulings cross this height (a framed
    # paragraph or a page border alone is not a table)
    if len(xs) < 3:
        return None
    k = bisect.bisect_right(xs, cx)
    if k == 0 or k == len(xs):
        return None
    left, right = xs[k - 1], xs[k]
    ys = grid.rows(left, right)
    j = bisect.bisect_right(ys, cy)
    if j == 0 or j == len(ys):
        return None
    return ys[j - 1], ys[j], left, right


def _table_rows(table: dict, rows: dict, rights: dict, page_no: int) -> list[_Line]:
    out = []
    by_row: dict[float, list[tuple[float, list[tuple]]]] = {}
    for (top, left), cs in table.items():
        by_row.setdefault(top, []).append((left, cs))
    for top, cells in by_row.items():
        texts = []
        ems = []
        x0 = x1 = None
        for left, cs in sorted(cells, key=lambda t: t[0]):
            cl = _build_lines(cs, page_no)
            if not cl:
                continue
            right = max(ln.x1 for ln in cl)
            # the cell's text limit: its right ruling less the padding seen on the left
            limit = rights[(top, left)] - max(0.0, min(ln.x0 for ln in cl) - left)
            parts = [cl[0].text]
            for a, b in zip(cl, cl[1:]):
                # wrapped inside the cell: the line ran up to the cell's right side
                wrapped = a.x1 >= limit - max(JOIN_EDGE_EM * a.size, b.lead_w + 0.6 * a.size)
                pa, pb = parts[-1][-1:], b.text[:1]
                if wrapped and not (pa.isascii() and pb.isascii() and pa.isalnum() and pb.isalnum()):
                    parts.append(b.text)
                else:
                    parts.append(" " + b.text)
            texts.append("".join(parts))
            ems.extend(ln.size for ln in cl)
            x0 = cl[0].x0 if x0 is None else min(x0, min(ln.x0 for ln in cl))
            x1 = right if x1 is None else max(x1, right)
        if texts:
            out.append(_Line(page=page_no, no=0, text="\u3000".join(texts), x0=x0, x1=x1, top=top,
                             bottom=rows[top], size=median(ems), cells=True, lead_w=0.0))
    return out


def _build_lines(chars: list[tuple], page_no: int) -> list[_Line]:
    """Group characters (ch, x0, x1, top, bottom) into visual lines, top-down."""
    if not chars:
        return []
    keyed = sorted(((c[3] + c[4]) * 0.5, c[4] - c[3], c) for c in chars)
    groups: list[list[tuple]] = []
    cur: list[tuple] = []
    cy_sum = 0.0
    ref_h = 0.0
    for cy, ch_h, c in keyed:
        if cur:
            if abs(cy - cy_sum / len(cur)) <= 0.45 * (ch_h if ch_h > ref_h else ref_h):
                cur.append(c)
                cy_sum += cy
                if ch_h > ref_h:
                    ref_h = ch_h
                continue
            groups.append(cur)
        cur = [c]
        cy_sum = cy
        ref_h = ch_h
    groups.append(cur)

    lines = []
    for g in groups:
        line = _make_line(g, page_no)
        if line is not None:
            line.no = len(lines) + 1
            lines.append(line)
    return lines


def _x0(c: tuple) -> float:
    return c[1]


#: a leading paragraph/item number or article label (what precedes a tab in a numbered paragraph)
_LEAD_LABEL = re.compile(r"^(?:[0-9０-９]{1,2}|[(（][0-9０-９]{1,2}[)）]|[一二三四五六七八九十]{1,3}|[ア-ン]|第[0-9０-９]{1,2})$")


def _make_line(g: list[tuple], page_no: int) -> Optional[_Line]:
    """One visual line from its characters (ch, x0, x1, top, bottom): the visible characters with
    the spaces typed before them, the spacing the gaps between them stand for, the first word's width."""
    g.sort(key=_x0)
    vis, before, lead_space = _visible_chars(g)
    if not vis:
        return None
    heights = sorted(c[4] - c[3] for c in vis)
    em = heights[len(heights) // 2]
    if em <= 0:
        em = 10.0
    text, cells = _spaced_text(vis, before, lead_space, em)
    # Symbol/Wingdings bullets come out as private-use code points (U+F06C, U+F0B7 ...)
    lead = len(lead_space)
    if "\uf000" <= text[lead] <= "\uf0ff":
        text = text[:lead] + "・" + text[lead + 1:]
    return _Line(page=page_no, no=0, text=text, x0=vis[0][1], x1=max(c[2] for c in vis),
                 top=min(c[3] for c in vis), bottom=max(c[4] for c in vis), size=em, cells=cells,
                 lead_w=_lead_width(vis, before, em))


def _visible_chars(g: list[tuple]) -> tuple[list[tuple], list[str], str]:
    """The visible characters of a line (left to right), the real space characters typed before each
    (ASCII spaces collapsed to one) and the U+3000 typed before the first."""
    vis: list[tuple] = []
    before: list[str] = []
    lead_space = ""
    pending = ""
    for c in g:
        ch = c[0]
        if ch in _SPACES:
            if ch == "\u3000":
                pending += ch
            elif not pending:
                pending = " "  # collapse ASCII spaces
            continue
        if vis:
            p = vis[-1]
            # the same glyph drawn twice at (almost) the same place: fake bold, shadow
            if ch == p[0] and abs(c[1] - p[1]) < 1.0 and abs(c[3] - p[3]) < 1.0:
                continue
            before.append(pending)
        else:
            lead_space = pending.replace(" ", "")  # keep a leading U+3000 as typed
            before.append("")
        vis.append(c)
        pending = ""
    return vis, before, lead_space


def _spaced_text(vis: list[tuple], before: list[str], lead_space: str, em: float) -> tuple[str, bool]:
    """The text of a line with the spaces its gaps stand for, and whether a gap separates cells.

    One pass per character of every line of every page (the hot loop of the PDF reader), with the
    spacing decisions side by side so they stay consistent."""
    jp = [_JP[c[0]] for c in vis]
    n = len(vis)
    # Letter spacing of this line (justification spreads every gap alike): a
    # Japanese/Japanese gap only counts as a space when it stands out from it.
    jj = sorted(vis[k + 1][1] - vis[k][2] for k in range(n - 1) if jp[k] and jp[k + 1])
    spread = jj[len(jj) // 4] if len(jj) >= 3 else 0.0  # lower quartile: robust to typed spaces
    jj_gap = max(JJ_GAP_EM * em, spread + JJ_OVER_SPREAD_EM * em)
    cell_gap = CELL_GAP_EM * em
    mixed_gap = MIXED_GAP_EM * em
    ascii_gap = ASCII_GAP_EM * em
    label_zone = vis[0][1] + LABEL_ZONE_EM * em
    label_gap = max(ASCII_GAP_EM * em, spread + 0.15 * em)  # a half-width space after a label is ~0.25 em
    out = [lead_space, vis[0][0]]
    cells = False
    for k in range(1, n):
        c, p = vis[k], vis[k - 1]
        gap = c[1] - p[2]
        sp = before[k]
        if gap >= cell_gap:
            if p[1] > label_zone:
                cells = True  # (a wide gap right after a leading label is a tab, not a cell)
            out.append(sp if "\u3000" in sp else "\u3000")
        elif sp:
            out.append(sp)
        elif k <= 4 and gap > (jj_gap if p[0].isascii() else label_gap) and _LEAD_LABEL.match("".join(out[1:])):
            # (「第4」 of a 第１-style article too: 「第４ 副責任者」 set with a gap)
            # the tab after a leading label (「2」「（1）」「ア」) that a word processor set as a
            # gap, not a character: a separator like the U+3000 of the TXT convention. After an
            # ASCII digit the gap must beat LibreOffice's Asian/Western autospace (≈ 0.25 em,
            # 「30日」 at the start of a wrapped line)
            out.append("\u3000")
        elif jp[k - 1]:
            if jp[k]:
                if gap > jj_gap:
                    out.append("\u3000")
            elif gap > mixed_gap:
                out.append(" ")
        elif jp[k]:
            if gap > mixed_gap:
                out.append(" ")
        elif gap > ascii_gap:
            out.append(" ")
        out.append(c[0])
    return "".join(out), cells


def _lead_width(vis: list[tuple], before: list[str], em: float) -> float:
    """Width of the first word: a wrapped line may stop short of the edge by that much (with the
    closing punctuation that line-breaking rules keep attached to it, and opening brackets keep
    attached to what follows)."""
    ascii_gap = ASCII_GAP_EM * em
    lead_w = vis[0][2] - vis[0][1]
    for k in range(1, len(vis)):
        a, b = vis[k - 1], vis[k]
        gap = b[1] - a[2]
        if before[k] or gap > ascii_gap or gap < -0.5 * em:
            break
        if not (a[0] in _NO_LINE_END or b[0] in _NO_LINE_START or (_is_word(a[0]) and _is_word(b[0]))):
            break
        lead_w = b[2] - vis[0][1]
    return lead_w


# ---------------------------------------------------------------------------
# running headers / footers

_DASH = "-−–—ー―‐－﹣"
# the page words are in lexicons/vocab/layout.yaml ({list} holes); numbers and marks stay here
TEMPLATES: dict[str, str] = {
    "latin_page": r"^{latin_page_words}\.?\s*\d+(?:\s*(?:/|{latin_page_of})\s*\d+)?$",  # p. 3, Page 3 of 10
    "page": r"^(?:第\s*)?\d+\s*(?:{page_words}|{sheet_words})(?:\s*/\s*\d+\s*{page_words}?)?$",  # 3ページ 2枚目
    "kanji_page": r"[一二三四五六七八九十〇]+(?=\s*{page_words})",        # 三ページ (masked as a number)
    "continuation": r"^(?:{sentence_continuations})",                   # ただし、… この場合において、…
}
_RX = {name: re.compile(_WORDS.regex(t), re.I if name == "latin_page" else 0) for name, t in TEMPLATES.items()}
_PAGE_NUM = [
    re.compile(rf"^[{_DASH}~〜～]?\s*\d+\s*[{_DASH}~〜～]?$"),            # 3, - 3 -, −3−
    re.compile(r"^\d+\s*/\s*\d+$"),                                     # 3/10, 3 / 10
    _RX["latin_page"],
    _RX["page"],
    re.compile(rf"^\d+\s*[{_DASH}]\s*\d+$"),                    # 2-3 (chapter-page)
    re.compile(r"^[(\[]\s*\d+\s*[)\]]$"),                                # (3)
    re.compile(r"^(?:[ivxlc]+|[IVXLC]+)$"),                              # roman page numbers
]
_KANJI_PAGE = _RX["kanji_page"]


def patterns_using(list_name: str) -> list[re.Pattern]:
    """The compiled patterns of this module that ``list_name`` of layout.yaml takes part in."""
    return [_RX[name] for name, t in TEMPLATES.items() if list_name in _WORDS.uses(t)]


def _squash(s: str) -> str:
    return re.sub(r"\s+", " ", fold(s)).strip()


def _is_marker_or_number(seg: str) -> bool:
    s = _squash(seg)
    if not s:
        return True
    if _MARKERS.match(s):
        return True
    return any(p.match(s) for p in _PAGE_NUM)


def _mask(s: str) -> str:
    """Repeat key: folded, digits masked, spaces removed (page numbers inside headers vary)."""
    s = fold(s)
    s = re.sub(r"\d+", "#", s)
    s = _KANJI_PAGE.sub("#", s)
    return re.sub(r"\s+", "", s)


def _band(line: _Line, pg: _Page, frac: float) -> Optional[str]:
    """The margin band a line reaches into, if any."""
    if line.top < pg.height * frac:
        return "top"
    if line.bottom > pg.height * (1 - frac):
        return "bottom"
    return None


def _remove_running(pages: list[_Page]) -> list[str]:
    """Mark header/footer lines as not kept; return their texts (for transparency)."""
    cands: dict[tuple[str, str], list[_Line]] = {}
    markers: list[_Line] = []
    for pg in pages:
        if pg.height <= 0:
            continue
        for line in pg.lines:
            band = _band(line, pg, MARGIN_BAND)
            if band is not None:
                cands.setdefault((band, _mask(line.text)), []).append(line)
            elif _band(line, pg, MARKER_BAND) is not None and _MARKERS.match(_squash(line.text)):
                markers.append(line)
    n_text_pages = sum(1 for pg in pages if pg.lines)
    min_pages = max(2, -(-REPEAT_MIN_SHARE * n_text_pages // 1))
    removed_ids: set[int] = {id(ln) for ln in markers}
    # 1. repeated on enough pages at about the same height
    for (_band_name, key), lines in cands.items():
        if not key or len({ln.page for ln in lines}) < min_pages:
            continue
        lines = sorted(lines, key=lambda ln: ln.cy)
        cys = [ln.cy for ln in lines]
        for ln in lines:
            tol = max(4.0, 1.0 * ln.size)
            lo, hi = bisect.bisect_left(cys, ln.cy - tol), bisect.bisect_right(cys, ln.cy + tol)
            if hi - lo >= min_pages and len({o.page for o in lines[lo:hi]}) >= min_pages:
                removed_ids.add(id(ln))
    # 2. page numbers / draft markers, also when a header line holds several segments
    for lines in cands.values():
        for ln in lines:
            if id(ln) in removed_ids:
                continue
            segs = [s for s in re.split(r"\u3000+|\s{2,}", ln.text) if s.strip()]
            if segs and all(_is_marker_or_number(s) for s in segs):
                removed_ids.add(id(ln))
    removed = []
    for pg in pages:
        for ln in pg.lines:
            if id(ln) in removed_ids:
                ln.kept = False
                removed.append(ln.text)
    return removed


# ---------------------------------------------------------------------------
# wrapped lines

def _right_edges(pages: list[_Page]) -> dict[int, float]:
    """Right edge of the text block, per page.

    Justified lines all end at the right margin, ragged ones within an em or
    two of it, while a wide table or a single stray line may stick out. So the
    edge is the end of the 1-em window holding the most line ends among the
    long prose lines of all pages of the same width (ties: the rightmost).
    """
    groups: dict[int, list[_Page]] = {}
    for pg in pages:
        groups.setdefault(round(pg.width), []).append(pg)
    out: dict[int, float] = {}
    for same in groups.values():
        ends: list[tuple[float, float]] = []  # (x1, em)
        for pg in same:
            kept = [ln for ln in pg.lines if ln.kept]
            if not kept:
                continue
            left = min(ln.x0 for ln in kept)
            right = max(ln.x1 for ln in kept)
            for ln in kept:
                if ln.cells or _LEADER.search(ln.text):
                    continue
                if ln.x1 - ln.x0 >= 0.5 * (right - left):
                    ends.append((ln.x1, ln.size))
        if not ends:
            for pg in same:
                xs = [ln.x1 for ln in pg.lines if ln.kept]
                if xs:
                    out[pg.no] = max(xs)
            continue
        xs = sorted(x for x, _ in ends)
        em = median(e for _, e in ends)
        best, best_n = xs[-1], 0
        lo = 0
        for hi, x in enumerate(xs):
            while xs[lo] < x - em:
                lo += 1
            if hi - lo + 1 >= best_n:
                best, best_n = x, hi - lo + 1
        # pages holding only short lines (a signature page, a short letter) have no
        # visible edge; a text block never ends before 3/4 of the page width
        for pg in same:
            out[pg.no] = max(best, RIGHT_EDGE_MIN * pg.width)
    return out


def _left_edges(pages: list[_Page]) -> dict[int, float]:
    out = {}
    for pg in pages:
        xs = [ln.x0 for ln in pg.lines if ln.kept]
        if xs:
            out[pg.no] = min(xs)
    return out


@dataclass
class _Para:
    """Join state of the paragraph being built."""

    first: _Line
    labelled: bool
    cont_x0: Optional[float] = None  # x0 of continuation lines once known
    depth: int = 0  # brackets opened and not yet closed in the paragraph so far


_BULLETS = "・●○■□◆◇※＊*•◎△▲▼▽★☆"
_OPEN, _CLOSE = "（(「『【〔［", "）)」』】〕］"


def _bullet_continues(cur: str, nxt: str) -> bool:
    """A wrapped line that starts with a bullet-like mark but continues the line before:
    a run of placeholder marks cut by the wrap (「（●」 / 「●年度版）」) or a mark inside a
    bracket the line before left open."""
    s = nxt.lstrip(" \u3000")
    if not s or s[0] not in _BULLETS:
        return False
    if cur.rstrip()[-1:] == s[0]:
        return True
    return sum(cur.count(c) for c in _OPEN) > sum(cur.count(c) for c in _CLOSE)


def _unfinished_row(cur: str, nxt: str) -> bool:
    """A row of a typed table (| 区分 | 人数 |) that the page wrapped: it opens with a bar, and the next
    line closes a row without opening one (「○ |」: the rest of the row, whether the wrap fell inside a
    cell or after a bar)."""
    a, b = cur.strip(), nxt.strip()
    return a.startswith("|") and b.endswith("|") and not b.startswith("|")


def _joins(cur: _Line, nxt: _Line, para: _Para, right: float, left: float, page_break: bool,
           after: Optional[_Line] = None, plain: bool = False) -> bool:
    em = max(cur.size, 1.0)
    if cur.cells or nxt.cells:
        return False
    if _unfinished_row(cur.text, nxt.text):
        return True
    # "Reaches the right edge": within 1.5 em, or the next line's first word would not have fit
    if cur.x1 < right - max(JOIN_EDGE_EM * em, nxt.lead_w + 0.6 * em):
        return False
    if (cur.x1 - cur.x0) < 0.5 * max(right - left, 1.0):  # short right-aligned line (dates, signatures)
        return False
    if para.depth > 0 and abs(nxt.size - cur.size) <= 0.2 * em and not _starts_structure(nxt.text):
        return True  # inside an open bracket (「…を含む。」 then 「以下同じ。）」): the sentence cannot end here
    if cur.text.rstrip().endswith("。") and cur.x1 <= right - 0.9 * em and nxt.text[:1] not in "「『（([【〔":
        return False  # a sentence ends with room for one more character: the next line starts anew
    if plain and cur.text.rstrip().endswith("。") and not _RX["continuation"].match(fold(nxt.text)):
        return False  # a sentence ends at the edge of a document of unnumbered paragraphs (see _plain_paragraphs)
    if abs(nxt.size - cur.size) > 0.2 * em:
        return False
    if _LEADER.search(cur.text) or _LEADER.search(nxt.text):
        return False
    if _starts_structure(nxt.text) and not _bullet_continues(cur.text, nxt.text):
        return False
    if nxt.text.startswith("\u3000"):
        return False  # a paragraph start typed with a full-width space
    if not page_break:
        pitch = nxt.cy - cur.cy
        if pitch <= 0 or pitch > 3.0 * em:
            return False
    tol = 0.5 * em
    if para.cont_x0 is not None:
        return abs(nxt.x0 - para.cont_x0) <= tol
    if (not para.labelled and cur.text.rstrip().endswith("。") and cur.x0 - left > tol
            and abs(nxt.x0 - cur.x0) <= tol):
        # an indented one-line paragraph that ends at the edge, then a line indented the same (字下げ):
        # a paragraph's own next line would go back to the margin, so this one starts a paragraph
        return False
    if nxt.x0 <= cur.x0 + tol:
        return True  # same margin or the first line was indented (字下げ)
    # the next line is indented further: a hanging indent after a label, ...
    if para.labelled:
        return True
    # ... the rest of a centred line (a long title wrapped: both centred on the same axis), ...
    if (abs((cur.x0 - left) - (right - cur.x1)) <= em and abs((cur.x0 + cur.x1) - (nxt.x0 + nxt.x1)) <= 2 * em
            and nxt.x0 - left > em):
        return True
    # ... or an unlabelled hanging indent (Word/LibreOffice 「ぶら下げ」 of a paragraph under a
    # heading line 「第1条　（目的）」), unless it looks like a new indented paragraph (字下げ):
    # the line before ends a sentence and the line after falls back to the first line's margin
    if nxt.x0 - cur.x0 > HANG_MAX_EM * em:
        return False
    indented_paragraph = (cur.text.rstrip().endswith("。") and after is not None and after.page == nxt.page
                          and abs(after.x0 - cur.x0) <= tol)
    return not indented_paragraph


def _typed_indent(ln: _Line, left: float, labelled: bool) -> str:
    """U+3000 for the 1–2 em indent of an unlabelled paragraph start that has no space character.

    A drafter indents a paragraph with a typed full-width space (「　この契約の締結を証するため」);
    LibreOffice exports it as an offset without a character. The TXT convention keeps the space,
    and the structure reads an indented unlabelled line as a new paragraph, so it is restored
    (synthetic: outside every source span).
    """
    if labelled or ln.cells or ln.text[:1] in _SPACES:
        return ""
    em = max(ln.size, 1.0)
    k = round((ln.x0 - left) / em)
    if k in (1, 2) and abs(ln.x0 - left - k * em) <= 0.2 * em:
        return "\u3000" * k
    return ""


_PARA_NUMBER = re.compile(r"^[0-9０-９]{1,2}[ \u3000]")


def _plain_paragraphs(kept: list[_Line], rights: dict, lefts: dict) -> bool:
    """The document starts its paragraphs without a number (利用規約, 約款: 「当社は、…」 on a new line)
    more often than with one (「２　…」): counted where the break is certain — a sentence ending short
    of the right edge, the next line at the margin. There a sentence that ends exactly at the edge
    ends its paragraph too, unless the next line goes on with it (ただし、この場合…: layout.yaml
    ``sentence_continuations``); the line break the TXT keeps is lost in the PDF."""
    plain = numbered = 0
    for prev, ln in zip(kept, kept[1:]):
        if ln.cells or prev.cells or prev.page != ln.page:
            continue
        em = max(prev.size, 1.0)
        if _PARA_NUMBER.match(ln.text):
            numbered += 1
        elif (prev.text.rstrip().endswith("。") and prev.x1 < rights.get(prev.page, prev.x1) - JOIN_EDGE_EM * em
              and abs(ln.x0 - lefts.get(ln.page, ln.x0)) <= 0.5 * em and not _starts_structure(ln.text)):
            plain += 1
    return plain >= 3 and plain > numbered


def _assemble(pages: list[_Page]) -> tuple[str, list[SourceSpan], int]:
    rights = _right_edges(pages)
    lefts = _left_edges(pages)
    parts: list[str] = []
    spans: list[SourceSpan] = []
    pos = 0
    joined = 0
    prev: Optional[_Line] = None
    para: Optional[_Para] = None
    kept = [ln for pg in pages for ln in pg.lines if ln.kept]
    plain = _plain_paragraphs(kept, rights, lefts)
    for i, ln in enumerate(kept):
        join = False
        if prev is not None and para is not None:
            page_break = prev.page != ln.page
            join = _joins(prev, ln, para, rights.get(prev.page, prev.x1), lefts.get(prev.page, prev.x0),
                          page_break, kept[i + 1] if i + 1 < len(kept) else None, plain)
        if prev is not None:
            if join:
                joined += 1
                a, b = parts[-1][-1:], ln.text[:1]
                if a and b and a.isascii() and b.isascii() and a.isalnum() and b.isalnum():
                    parts.append(" ")
                    pos += 1
                if para.cont_x0 is None:
                    para.cont_x0 = ln.x0
            else:
                parts.append("\n")
                pos += 1
        if not join:
            para = _Para(ln, _starts_structure(ln.text))
            indent = _typed_indent(ln, lefts.get(ln.page, ln.x0), para.labelled)
            parts.append(indent)
            pos += len(indent)
        parts.append(ln.text)
        para.depth = max(0, para.depth + sum(ln.text.count(c) for c in _OPEN) - sum(ln.text.count(c) for c in _CLOSE))
        spans.append(SourceSpan(pos, pos + len(ln.text), page=ln.page, line=ln.no))
        pos += len(ln.text)
        prev = ln
    text = "".join(parts)
    if text:
        text += "\n"
    return text, spans, joined


# ---------------------------------------------------------------------------
# entry point

_GARBLED = re.compile("[\ufffd\ue000-\uf8ff\x80-\x9f]")


def _garbled_ratio(pages: list[_Page]) -> float:
    """Share of characters without a usable Unicode mapping (U+FFFD, private use, C1 controls)."""
    text = "".join(ln.text for pg in pages for ln in pg.lines)
    visible = len(text) - text.count(" ") - text.count("\u3000")
    return len(_GARBLED.findall(text)) / visible if visible > 0 else 0.0


def read_pdf(data: bytes, source: str, *, engine: str = "pypdfium2", ocr: bool = True) -> Document:
    """Read a PDF's text layer into a :class:`Document` (see module docstring).

    ``engine="pdfplumber"`` forces the slow fallback engine (for comparisons).
    Pages without a text layer are read by OCR (:mod:`shinsa.ingest.ocr`)
    unless ``ocr`` is false.
    """
    if not data or not data.strip():
        raise _error("empty", MSG_EMPTY)
    try:
        if engine == "pdfplumber":
            pages, n_pages = _fallback(data, "forced")
        else:
            engine = "pypdfium2"
            with _LOCK:
                pages, n_pages = _pdfium_pages(data)
    except _PdfiumLoadError as e:
        # PDFium refuses zero-page documents and some damaged files; pdfminer may still parse them.
        engine = "pdfplumber"
        pages, n_pages = _fallback(data, str(e))
    except Exception as e:  # noqa: BLE001 - never crash on odd PDFs
        from .errors import IngestError

        if isinstance(e, IngestError) or engine == "pdfplumber":
            raise
        engine = "pdfplumber"
        pages, n_pages = _fallback(data, f"{type(e).__name__}: {e}")

    if n_pages == 0:
        raise _error("no_pages", MSG_NO_PAGES)
    ocr_meta = _ocr_hook(data, pages) if ocr and not all(pg.lines for pg in pages) else None
    if not any(pg.lines for pg in pages):
        raise _error("no_text_layer", MSG_NO_TEXT)
    if _garbled_ratio(pages) > 0.3:
        raise _error("garbled_text", MSG_GARBLED)

    removed = _remove_running(pages)
    text, spans, joined = _assemble(pages)
    if not text.strip():
        raise _error("no_text_layer", MSG_NO_TEXT)
    meta = {
        "engine": engine,
        "pages": n_pages,
        "chars": len(text),
        "removed_lines": removed,
        "joined_lines": joined,
        "pages_without_text": [pg.no for pg in pages if not pg.lines],
    }
    rotated = [t for pg in pages for t in pg.rotated_text]
    if rotated:
        meta["rotated_text"] = rotated
    if ocr_meta:
        meta["ocr"] = ocr_meta
    return Document(source=source, format="pdf", text=text, folded=fold(text), spans=tuple(spans), meta=meta)


def _ocr_hook(data: bytes, pages: list[_Page]) -> Optional[dict]:
    """Fill the pages without a text layer by OCR; the OCR summary for ``meta``, if any page was read.

    A document with no text at all needs Tesseract (else the install message);
    a document with some text layer goes on without it.
    """
    from . import ocr

    blank = [pg for pg in pages if not pg.lines]
    needed = len(blank) == len(pages)
    tess = ocr.require_tesseract() if needed else ocr.find_tesseract()
    if not tess.usable:
        return None
    read = ocr.ocr_pages(data, [pg.no for pg in blank], _LOCK, tesseract=tess)
    for pg in blank:
        if pg.no in read:
            pg.lines = _page_lines(read[pg.no].chars, pg.no, read[pg.no].hs, read[pg.no].vs, pg.width)
    if needed and not any(pg.lines for pg in pages):
        raise _error("no_text_layer", ocr.MSG_OCR_EMPTY)
    return ocr.summary(tess, pages, read)


def _fallback(data: bytes, why: str) -> tuple[list[_Page], int]:
    if b"%PDF" not in data[:1024]:
        raise _error("corrupt_pdf", MSG_CORRUPT, why)
    try:
        return _plumber_pages(data)
    except Exception as e:  # noqa: BLE001
        msg = f"{type(e).__name__}: {e}"
        if "password" in msg.lower() or "encrypt" in msg.lower():
            raise _error("encrypted", MSG_ENCRYPTED) from e
        raise _error("corrupt_pdf", MSG_CORRUPT, why) from e
