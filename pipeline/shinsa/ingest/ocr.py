"""OCR for PDF pages without a text layer (scanned drafts).

A page without a text layer is rendered with pypdfium2 (300 dpi, grayscale),
denoised when its paper is noisy, deskewed, cleared of table rulings (which
go to the line builder as drawn lines), scaled to 200 dpi and read by the
Tesseract command line (``-l jpn --psm 6``, hOCR with a box per character).
The characters are turned into the same tuples the text-layer reader
produces, ``(ch, x0, x1, top, bottom)`` in PDF points, display coordinates,
so :mod:`shinsa.ingest.pdf` builds lines, removes running headers and
re-joins wrapped lines exactly as for a text layer, and every offset still
maps to a page and a line (whose box is kept in ``meta``).

Spacing. Tesseract's LSTM character boxes are approximate (a box may cover
the next character) and ink gaps depend on the glyph (after 「、」 half an em
is blank), so spaces are decided from the white column runs of each line
image, and the characters are handed on touching, except that

- a blank of at least ``WIDE_GAP_EM`` (more next to punctuation) is written as
  U+3000: the separator after 第1条 / ２ / ア and between table cells, the
  convention of our TXT drafts;
- a blank of at least ``WORD_GAP_EM`` between two ASCII letters or digits is
  one space; two digits or kanji numerals are only parted by a table cell gap
  (full-width 「１１」 and 「三十一」 have wide blank margins).

Known misreadings of the jpn model are handled where a rule of the writing
system says the reading is impossible: a line after a label gap does not
start with hiragana (the party 「乙」 was dropped: the line is read again
without its label, :func:`reread_after_labels`), and a line does not start
with 「ー」 (the item number 一).

Cost: Tesseract runs with one thread (``OMP_THREAD_LIMIT=1``): on the shared
2-core machine its OpenMP threads made a page 3x slower (4.5 s vs 1.6 s).
Every page has a deadline (``PAGE_TIMEOUT_S``, render included); a page that
misses it fails the file with a clear error, never the batch.

No Python dependency: Pillow comes with pdfplumber, numpy with spaCy, and the
image goes to Tesseract's stdin as PGM (no temporary files).
"""

from __future__ import annotations

import bisect
import html
import io
import os
import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass, field
from statistics import median
from typing import Optional

from .errors import ingest_error as _error

DPI = 300               # rendering (denoise and deskew work on this)
OCR_DPI = 200           # what Tesseract gets: measured 300/200/150, see prepare()
LANG = "jpn"
PSM = 6                 # one uniform block per page: psm 4 measured worse on clean scans (README)
PAGE_TIMEOUT_S = 10.0   # per page, render + OCR
RULE_EM = 4.0           # an ink run this long (in ems) is a drawn line, not a character ...
RULE_MAX_PT = 1.5       # ... when it is at most this thick
MAX_SKEW = 2.0          # degrees of skew looked for (and undone) before OCR
NOISY_PAPER_STD = 6.0   # gray-level spread of the paper above which a page is denoised
INK_LEVEL = 128         # gray level below which a pixel is ink
MIN_CONF = 20.0         # words below this confidence without a letter are noise (specks, rules)
MARGIN_BAND = 0.08      # top/bottom share of the page where running headers and page numbers sit
WIDE_GAP_EM = 1.0       # ink gap (in kanji ink heights, about 0.9 em) written as U+3000
WORD_GAP_EM = 0.35      # gap between ASCII words written as a space (「I」 alone has 0.25 em of margins)
CELL_GAP_EM = 2.0       # gap between numbers that still parts them (table cells)
LABEL_CHARS = 8         # a label (第12条の2, （１）, ア) has at most this many characters

NOTICE = "OCRで読み取った文書です。引用は原本と照合してください。"
NOTICE_EN = "read by OCR; check quotes against the original"
INSTALL_HINT = "apt install tesseract-ocr tesseract-ocr-jpn"

MSG_NO_TESSERACT = (
    "PDFにテキスト層がありません（スキャン画像の可能性）。OCRで読み取るには Tesseract と日本語データを"
    f"インストールしてください（{INSTALL_HINT}）。または、元のWord・テキストファイルを指定してください。",
    f"the PDF has no text layer (scanned image?) and Tesseract OCR with Japanese data is not installed "
    f"({INSTALL_HINT})")
MSG_OCR_EMPTY = ("PDFにテキスト層がありません（スキャン画像の可能性）。OCRでも文字を読み取れませんでした。"
                 "元のWord・テキストファイルを指定してください。",
                 "the PDF has no text layer (scanned image?) and OCR found no text")


@dataclass
class OcrLine:
    """One line as Tesseract saw it: box in PDF points (display coordinates) and its words."""

    x0: float
    top: float
    x1: float
    bottom: float
    chars: list[tuple[str, float, float, float, float]]  # (ch, x0, top, x1, bottom)


@dataclass
class OcrPage:
    no: int                 # 1-based
    chars: list[tuple]      # (ch, x0, x1, top, bottom) in points, display coordinates
    confidence: float       # mean word confidence (0-100) of the kept words
    seconds: float
    dropped: list[str] = field(default_factory=list)  # texts dropped as noise (see parse_hocr)
    skew: float = 0.0       # degrees the image was rotated before OCR (boxes are in that frame)
    reread: int = 0         # lines corrected by reading them again without their label
    hs: list[tuple[float, float, float]] = field(default_factory=list)  # rulings (y, x0, x1), points
    vs: list[tuple[float, float, float]] = field(default_factory=list)  # rulings (x, y0, y1), points


@dataclass
class Tesseract:
    """The Tesseract command found on PATH, or why it cannot be used."""

    path: Optional[str]
    version: str = ""
    problem: str = ""       # empty when usable

    @property
    def usable(self) -> bool:
        return bool(self.path) and not self.problem


_FOUND: dict[str, Tesseract] = {}
_FOUND_LOCK = threading.Lock()


def find_tesseract() -> Tesseract:
    """Tesseract on the current PATH with the ``jpn`` data (cached per PATH value)."""
    key = os.environ.get("PATH", "")
    with _FOUND_LOCK:
        hit = _FOUND.get(key)
        if hit is None:
            hit = _probe(shutil.which("tesseract"))
            _FOUND[key] = hit
        return hit


def _probe(path: Optional[str]) -> Tesseract:
    if not path:
        return Tesseract(None, problem="tesseract not found on PATH")
    try:
        langs = subprocess.run([path, "--list-langs"], capture_output=True, text=True, timeout=10)
        ver = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError) as e:
        return Tesseract(path, problem=f"cannot run tesseract: {e}")
    version = (ver.stdout or ver.stderr).splitlines()[0].strip() if (ver.stdout or ver.stderr) else ""
    names = {ln.strip() for ln in (langs.stdout + langs.stderr).splitlines()}
    if LANG not in names:
        return Tesseract(path, version, problem=f"no '{LANG}' language data for {version or 'tesseract'}")
    return Tesseract(path, version)


def require_tesseract() -> Tesseract:
    """The usable Tesseract, or the install message as an :class:`IngestError`."""
    t = find_tesseract()
    if not t.usable:
        raise _error("no_text_layer", MSG_NO_TESSERACT, t.problem)
    return t


# ---------------------------------------------------------------------------
# render + recognise

def ocr_pages(data: bytes, numbers: list[int], lock: threading.Lock, *, tesseract: Tesseract,
              psm: Optional[int] = None, timeout: Optional[float] = None) -> dict[int, OcrPage]:
    """OCR the given 1-based pages of a PDF; pages with nothing drawn on them are skipped.

    ``lock`` is the PDFium lock of the caller (PDFium is not thread-safe);
    it is held while rendering, not while Tesseract runs.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    from PIL import Image

    psm = PSM if psm is None else psm
    timeout = PAGE_TIMEOUT_S if timeout is None else timeout
    out: dict[int, OcrPage] = {}
    for no in numbers:
        t0 = time.perf_counter()
        with lock:
            pdf = pdfium.PdfDocument(data)
            try:
                page = pdf[no - 1]
                try:
                    if raw.FPDFPage_CountObjects(page.raw) <= 0:
                        continue  # an empty page: nothing to read
                    image = page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
                finally:
                    page.close()
            finally:
                pdf.close()
        image, angle = prepare(image)
        if OCR_DPI != DPI:
            image = image.resize((round(image.width * OCR_DPI / DPI), round(image.height * OCR_DPI / DPI)),
                                 Image.LANCZOS)
        image, hs, vs = remove_rulings(image, 72.0 / OCR_DPI)
        hocr = _run(tesseract, _pgm(image), psm, timeout - (time.perf_counter() - t0), no, timeout)
        lines, confs, dropped = parse_hocr(hocr)
        dark = _dark(image)
        reread = reread_after_labels(image, dark, lines, lambda img, t0=t0, no=no: _run(
            tesseract, _pgm(img), psm, timeout - (time.perf_counter() - t0), no, timeout))
        chars = line_chars(lines, dark, 72.0 / OCR_DPI)
        out[no] = OcrPage(no, chars, sum(confs) / len(confs) if confs else 0.0,
                          time.perf_counter() - t0, dropped, angle, reread, hs, vs)
    return out


def _pgm(image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PPM")  # PGM: Tesseract reads it from stdin as is
    return buf.getvalue()


def _long_runs(dark, length: int):
    """Mask of the pixels on horizontal runs of ink at least ``length`` long (row-wise, O(pixels))."""
    import numpy as np

    c = np.zeros((dark.shape[0], dark.shape[1] + 1), dtype=np.int32)
    np.cumsum(dark, axis=1, out=c[:, 1:])
    full = (c[:, length:] - c[:, :-length]) == length  # a run of `length` starts here
    cover = np.zeros((dark.shape[0], dark.shape[1] + 1), dtype=np.int32)
    cover[:, :full.shape[1]] += full
    cover[:, length:length + full.shape[1]] -= full
    return np.cumsum(cover, axis=1)[:, :-1] > 0


def _segments(mask, scale: float) -> list[tuple[float, float, float]]:
    """(position, start, end) in points of the ruled lines in a row-wise mask; a thick line is one."""
    import numpy as np

    out: list[list[float]] = []
    for y in np.nonzero(mask.any(axis=1))[0]:
        d = np.diff(np.concatenate(([0], mask[y].astype(np.int8), [0])))
        for a, b in zip(np.nonzero(d == 1)[0], np.nonzero(d == -1)[0]):
            prev = next((s for s in reversed(out[-8:]) if y - s[3] <= 2 and abs(s[1] - a) < 6
                         and abs(s[2] - b) < 6), None)
            if prev is not None:
                prev[3] = y  # the same line, one pixel row further
            else:
                out.append([float(y), float(a), float(b), float(y)])
    return [((s[0] + s[3]) / 2 * scale, s[1] * scale, s[2] * scale) for s in out]


def remove_rulings(image, scale: float) -> tuple[object, list, list]:
    """Whiten table rulings (ink runs of at least ``RULE_EM`` page ems) before OCR; return them too.

    Tesseract skipped whole ruled tables (別表 rows read as nothing) or read
    the rules as 「|」「一」. The rulings go to the line builder as the
    text-layer path's drawn lines do, so cells are joined the same way.
    """
    import numpy as np
    from PIL import Image

    a = np.asarray(image)
    dark = a < INK_LEVEL
    length = int(RULE_EM * OCR_DPI * 10.5 / 72)  # ems of 10.5 pt type
    thick = max(2, int(RULE_MAX_PT / scale)) + 1
    h = _long_runs(dark, length)
    h &= ~_long_runs(h.T, thick).T  # a filled bar or a black area is not a ruling
    v = _long_runs(dark.T, length).T
    v &= ~_long_runs(v, thick)
    if not h.any() and not v.any():
        return image, [], []
    hs = _segments(h, scale)
    vs = [(x, y0, y1) for x, y0, y1 in _segments(v.T, scale)]
    gone = h | v
    gone[1:] |= h[:-1]  # and the anti-aliased pixel row/column on each side
    gone[:-1] |= h[1:]
    gone[:, 1:] |= v[:, :-1]
    gone[:, :-1] |= v[:, 1:]
    b = a.copy()
    b[gone] = 255
    return Image.fromarray(b), hs, vs


def _dark(image):
    import numpy as np

    return np.asarray(image) < INK_LEVEL


def prepare(image) -> tuple[object, float]:
    """Denoise (3x3 median, only when the paper is noisy) and deskew a grayscale page.

    Returns (image, degrees rotated). Measured on noisy 1°-skewed scans of our
    drafts (see evaluation/eval_ocr.py): CER 5–9 % raw, 2.4–3.4 % after both;
    on clean renderings the median filter made kana worse (「乙」 read as 「忌」).
    The caller then scales the page to ``OCR_DPI``: the jpn model reads 10.5 pt
    type better at 200 dpi than at 300 (「（以下「乙」という。）」 read as 「忌」 at
    300); on 13 pages of three drafts, (rule, clause) findings found again were
    28/39 at 300 dpi, 32/39 at 200 and 30/39 at 150, and 200 is faster.
    The median filter also keeps Tesseract from reading noise as text, which
    took 45 s instead of 1.2 s on one noisy page. The skew is the angle in
    ``[-MAX_SKEW, MAX_SKEW]`` (0.1° steps) that makes the row profile of a
    quarter-size copy the most uneven (text lines sharp, gaps white).
    """
    import numpy as np
    from PIL import Image, ImageFilter

    sample = np.asarray(image)[::4, ::4]
    paper = sample[sample > 160]
    if paper.size and float(paper.std()) > NOISY_PAPER_STD:  # a clean rendering has white paper
        image = image.filter(ImageFilter.MedianFilter(3))
    small = image.reduce(4)
    best, best_score = 0.0, -1.0
    for k in range(-int(MAX_SKEW * 10), int(MAX_SKEW * 10) + 1):
        rows = (np.asarray(small.rotate(k / 10, resample=Image.NEAREST, fillcolor=255)) < INK_LEVEL).sum(axis=1)
        score = float(np.var(rows))
        if score > best_score:
            best, best_score = k / 10, score
    if abs(best) < 0.15:
        return image, 0.0
    return image.rotate(best, resample=Image.BILINEAR, fillcolor=255), best


def _run(tesseract: Tesseract, image: bytes, psm: int, left: float, no: int, limit: float) -> str:
    cmd = [tesseract.path, "stdin", "stdout", "-l", LANG, "--psm", str(psm), "--dpi", str(OCR_DPI),
           "-c", "hocr_char_boxes=1", "hocr"]
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    msg_timeout = (f"{no}ページ目のOCRが{limit:g}秒以内に終わりませんでした。ページ数の少ないPDFに分けるか、"
                   "元のWord・テキストファイルを指定してください。",
                   f"OCR of page {no} did not finish within {limit:g} s")
    if left <= 0:
        raise _error("ocr_timeout", msg_timeout)
    try:
        p = subprocess.run(cmd, input=image, capture_output=True, timeout=left, env=env)
    except subprocess.TimeoutExpired as e:
        raise _error("ocr_timeout", msg_timeout) from e
    except OSError as e:
        raise _error("ocr_failed", (f"{no}ページ目のOCRを実行できませんでした。", f"cannot run tesseract on page {no}"),
                     str(e)) from e
    if p.returncode != 0:
        err = p.stderr.decode("utf-8", "replace").strip().splitlines()
        raise _error("ocr_failed", (f"{no}ページ目のOCRに失敗しました。", f"tesseract failed on page {no}"),
                     err[-1] if err else f"exit {p.returncode}")
    return p.stdout.decode("utf-8", "replace")


# ---------------------------------------------------------------------------
# hOCR -> lines -> characters

_LINE_RE = re.compile(r"<span class='ocr_(?:line|caption|textfloat|header)'[^>]*title=\"bbox (\d+) (\d+) (\d+) (\d+)")
_WORD_RE = re.compile(r"<span class='ocrx_word'[^>]*x_wconf (\d+)")
_CHAR_RE = re.compile(r"<span class='ocrx_cinfo' title='x_bboxes (\d+) (\d+) (\d+) (\d+); x_conf ([\d.]+)'>([^<]*)</span>")
_PAGE_RE = re.compile(r"<div class='ocr_page'[^>]*title='[^']*bbox 0 0 (\d+) (\d+)")
_TOKEN_RE = re.compile("|".join(f"(?:{r.pattern})" for r in (_LINE_RE, _WORD_RE, _CHAR_RE)))


def _has_letters(text: str) -> bool:
    return any(ch.isalnum() for ch in text)  # kana and kanji are alphanumeric to str.isalnum


def _has_kanji(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" for ch in text)


_RULE_CHARS = frozenset("|｜")


def parse_hocr(hocr: str) -> tuple[list[OcrLine], list[float], list[str]]:
    """Tesseract hOCR with character boxes -> lines in reading order, kept confidences, dropped texts.

    Dropped: characters below ``MIN_CONF`` that are not a letter, digit, kana
    or kanji (specks and rules read as 「-」「|」), and short lines in the
    top/bottom ``MARGIN_BAND`` without a kanji or with as many symbols as
    letters: page numbers in small type (「- 1 -」 read as 「-]-」, 「ュジェ」 or
    「=商=」) that the text-layer rules would no longer recognise; 「(案)」 goes
    too, as the text-layer reader would drop it. A low confidence alone drops nothing: single kana and
    kanji (「乙」) often come with a confidence near 0 and are right.
    """
    m = _PAGE_RE.search(hocr)
    page_h = int(m.group(2)) if m else 0.0
    lines: list[OcrLine] = []
    confs: list[list[float]] = []
    dropped: list[str] = []
    for t in _TOKEN_RE.finditer(hocr):
        g = t.groups()
        if g[0] is not None:  # a line
            x0, top, x1, bottom = (int(v) for v in g[0:4])
            lines.append(OcrLine(x0, top, x1, bottom, []))
            confs.append([])
        elif g[4] is not None:  # a word: its confidence
            if lines:
                confs[-1].append(float(g[4]))
        elif lines:  # a character
            ch = html.unescape(g[10])
            conf = float(g[9])
            if not ch.strip() or ch in _RULE_CHARS:
                continue  # (a vertical rule that survived remove_rulings, read as 「|」)
            if conf < MIN_CONF and not _has_letters(ch):
                dropped.append(ch)
                continue
            x0, top, x1, bottom = (int(v) for v in g[5:9])
            lines[-1].chars.append((ch, x0, top, x1, bottom))
    kept, kept_conf = [], []
    for ln, cs in zip(lines, confs):
        text = "".join(w[0] for w in ln.chars)
        if not text:
            continue
        in_band = page_h and (ln.bottom < MARGIN_BAND * page_h or ln.top > (1 - MARGIN_BAND) * page_h)
        symbols = sum(not ch.isalnum() for ch in text)
        if in_band and len(text) <= 6 and (not _has_kanji(text) or 2 * symbols >= len(text)):
            dropped.append(text)
            continue
        kept.append(ln)
        kept_conf.extend(cs)
    return kept, kept_conf, dropped


def _is_ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


#: punctuation whose ink fills only part of its em box (、 at the left, 「 at the right,
#: brackets narrow in the middle): next to one, the ink gap is larger by up to half an em
_PUNCT = set("、。，．,.」』）)]］】〕〉》「『（([［【〔〈《・：；:;！？!?")
_NARROW = _PUNCT | set("一ーｰ-－")  # (before 一 and ー, one thin stroke; not after: 「一　仕様書」)
_CLOSING = set("、。，．,.」』）)]］】〕〉》")


def _monotone(chars: list[tuple]) -> list[tuple]:
    """Character boxes in Tesseract's reading order, each ending where the next begins at the latest.

    Tesseract sometimes gives a character the box of the rest of its line
    (「本」 from x=465 to 654 with 「的」 at 516); clipping keeps the order.
    """
    out = []
    cursor = None
    for k, (text, x0, top, x1, bottom) in enumerate(chars):
        if cursor is not None and x0 < cursor:
            x0 = cursor
        if k + 1 < len(chars) and x0 < chars[k + 1][1] < x1:
            x1 = chars[k + 1][1]
        if x1 <= x0:
            x1 = x0 + 0.01
        out.append((text, x0, top, x1, bottom))
        cursor = x1
    return out


def _em(chars: list[tuple], default: float) -> float:
    """Median ink height of the kanji (about 0.9 em) when there are three, else ``default``.

    (Kana are smaller: a wrapped line of kana only, 「ることができる。」, must not
    look like smaller type, or it is not joined to its paragraph.)
    """
    kanji = [c[4] - c[2] for c in chars if _has_kanji(c[0])]
    return median(kanji) if len(kanji) >= 3 else default


def _white_runs(dark, ln: OcrLine, min_w: float) -> list[tuple[int, int]]:
    """Column ranges (pixels) inside a line's box without ink, at least ``min_w`` wide."""
    import numpy as np

    x0, x1 = int(ln.x0), int(ln.x1) + 1
    band = dark[int(ln.top):int(ln.bottom) + 1, x0:x1]
    if band.size == 0:
        return []
    white = (band.sum(axis=0) < 2).astype(np.int8)  # a lone speck does not fill a gap
    d = np.diff(np.concatenate(([0], white, [0])))
    starts, ends = np.nonzero(d == 1)[0], np.nonzero(d == -1)[0]
    return [(x0 + int(a), x0 + int(b)) for a, b in zip(starts, ends) if b - a >= min_w]


def _spaces(chars: list[tuple], runs: list[tuple[int, int]], em: float) -> dict[int, tuple[str, int, int]]:
    """index k -> (space, run start, run end): the space written before ``chars[k]``, from the
    white runs of the line image.

    Character boxes from Tesseract's LSTM are approximate (a box may reach into
    the next character), so gaps are measured on the image; a run belongs
    before the first character that starts after its middle.
    """
    starts = [c[1] for c in chars]
    widest: dict[int, tuple[int, int]] = {}
    for a, b in runs:
        k = bisect.bisect_left(starts, (a + b) / 2)
        if 0 < k < len(chars) and b - a > widest.get(k, (0, 0))[1] - widest.get(k, (0, 0))[0]:
            widest[k] = (a, b)
    out = {}
    for k, (a, b) in widest.items():
        w = b - a
        prev, ch = chars[k - 1][0], chars[k][0]
        if (prev in _NUMERALS and ch in _NUMERALS) or (prev.isdigit() and ch.isdigit()):
            # 「三十一」「１１」: a thin glyph with wide margins; only a table cell gap parts numbers
            if w >= CELL_GAP_EM * em:
                out[k] = ("\u3000", a, b)
        elif _is_ascii_word(prev) and _is_ascii_word(ch):
            if w >= WORD_GAP_EM * em:
                out[k] = (" ", a, b)
        elif w >= (WIDE_GAP_EM + 0.5 * (prev in _PUNCT or ch in _NARROW)) * em:
            out[k] = ("\u3000", a, b)
    return out


_NUMERALS = set("〇一二三四五六七八九十百千")
#: what Tesseract reads for the item label 一 (a lone horizontal stroke) at the start of a line
_DASH_LABEL = re.compile("^[ー―—‐\\-－:：]{1,2}$")


def _dash_label(chars: list[tuple], spaces: dict) -> tuple[list[tuple], dict]:
    """「ー　仕様書…」 -> 「一　仕様書…」: a line cannot start with a long-vowel mark or a dash
    followed by the label separator, so this is the item number 一 (第1号)."""
    first = min(spaces, default=None)
    if first is None or spaces[first][0] != "\u3000" or not _DASH_LABEL.match("".join(c[0] for c in chars[:first])):
        return chars, spaces
    one = ("一", chars[0][1], min(c[2] for c in chars[:first]), chars[first - 1][3], max(c[4] for c in chars[:first]))
    return [one] + chars[first:], {k - first + 1: v for k, v in spaces.items()}


def _is_hiragana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u309f"


def reread_after_labels(image, dark, lines: list[OcrLine], run) -> int:
    """Read again, without their label, the lines whose text after the label gap starts with hiragana.

    Tesseract's jpn model drops or misreads a party name right after a label
    and its full-width space (「第1条　乙は、」 read as 「第1条 は、」 or
    「第2条 つは、」), while the same text cropped without the label is read
    right. A sentence after 第N条 / ２ / ア seldom starts with hiragana, so
    only those lines are cut out after the gap, stacked into one image and read
    in one more Tesseract call (``run``: image -> hOCR). A re-read replaces the
    characters after the gap when it has at most three characters more or one
    fewer. Returns the number of lines changed.
    """
    from PIL import Image

    todo = []  # (line, index of the first character after the gap, crop box)
    page_em = _em([c for ln in lines for c in ln.chars], 40.0)
    for ln in lines:
        chars = _monotone(ln.chars)
        em = max(_em(chars, page_em), 0.7 * page_em)
        spaces = _spaces(chars, _white_runs(dark, ln, WORD_GAP_EM * em), em)
        wide = [k for k, (s, _a, _b) in spaces.items() if s == "\u3000" and k <= LABEL_CHARS]
        if not wide or not _is_hiragana(chars[min(wide)][0]):
            continue
        k = min(wide)
        box = (max(0, int(spaces[k][2] - 0.2 * em)), max(0, int(ln.top - 0.3 * em)),
               min(image.width, int(ln.x1 + 0.5 * em)), min(image.height, int(ln.bottom + 0.3 * em)))
        todo.append((ln, k, box))
    if not todo:
        return 0
    pad = int(page_em)
    strip = Image.new("L", (max(b[2] - b[0] for _, _, b in todo) + 2 * pad,
                            sum(b[3] - b[1] + pad for _, _, b in todo) + pad), 255)
    spans = []  # y range of each crop in the strip
    y = pad
    for _, _, b in todo:
        strip.paste(image.crop(b), (pad, y))
        spans.append((y, y + b[3] - b[1]))
        y += b[3] - b[1] + pad
    found: dict[int, list[tuple]] = {}
    for ln2 in parse_hocr(run(strip))[0]:
        cy = (ln2.top + ln2.bottom) / 2
        i = next((i for i, (a, b) in enumerate(spans) if a <= cy <= b), None)
        if i is not None:
            found.setdefault(i, []).extend(ln2.chars)
    changed = 0
    for i, (ln, k, box) in enumerate(todo):
        new = found.get(i)
        old = _monotone(ln.chars)[k:]
        if not new or not len(old) - 1 <= len(new) <= len(old) + 3:
            continue
        dx, dy = box[0] - pad, box[1] - spans[i][0]  # strip -> page coordinates
        ln.chars = ln.chars[:k] + [(ch, x0 + dx, t + dy, x1 + dx, b + dy) for ch, x0, t, x1, b in new]
        changed += "".join(c[0] for c in new) != "".join(c[0] for c in old)
    return changed


def line_chars(lines: list[OcrLine], dark, scale: float) -> list[tuple]:
    """Characters of every line, in points, with touching boxes and explicit spaces.

    ``dark`` is the ink mask of the page image the line boxes (pixels) refer to.
    All characters of a line share its vertical centre and em height, so the
    line grouping downstream keeps Tesseract's lines.
    """
    page_em = _em([c for ln in lines for c in ln.chars], 40.0)
    out: list[tuple] = []
    for ln in lines:
        chars = _monotone(ln.chars)
        em = max(_em(chars, page_em), 0.7 * page_em)
        body = [c for c in chars if c[0] not in _CLOSING]
        cy = median((c[2] + c[4]) / 2 for c in body) if body else (ln.top + ln.bottom) / 2
        top, bottom = (cy - em / 2) * scale, (cy + em / 2) * scale
        spaces = _spaces(chars, _white_runs(dark, ln, WORD_GAP_EM * em), em)
        chars, spaces = _dash_label(chars, spaces)
        for k, (ch, x0, _t, x1, _b) in enumerate(chars):
            if k and k not in spaces:
                x0 = chars[k - 1][3]  # close the gap: the characters touch
            elif k:
                out.append((spaces[k][0], chars[k - 1][3] * scale, x0 * scale, top, bottom))
            out.append((ch, x0 * scale, x1 * scale, top, bottom))
    return out


def summary(tesseract: Tesseract, pages: list, read: dict[int, OcrPage]) -> Optional[dict]:
    """``Document.meta["ocr"]``: the notice, the engine, and per page whether it was read by OCR.

    For an OCR page, ``lines`` holds the box ``[x0, top, x1, bottom]`` (points,
    top-down) of each visual line, indexed by the 1-based line number of the
    source map, so a quote maps to its page and box. For a page deskewed
    before OCR (``skew`` ≠ 0) the boxes are in the deskewed frame: the page
    turned by ``skew`` degrees (counter-clockwise) about its centre.
    """
    if not any(pg.lines for pg in pages if pg.no in read):
        return None
    out = []
    for pg in pages:
        r = read.get(pg.no)
        if r is None:
            out.append({"page": pg.no, "ocr": False})
            continue
        out.append({"page": pg.no, "ocr": True, "confidence": round(r.confidence, 1),
                    "seconds": round(r.seconds, 2), "dropped": r.dropped, "skew": r.skew, "reread": r.reread,
                    "lines": [[round(ln.x0, 1), round(ln.top, 1), round(ln.x1, 1), round(ln.bottom, 1)]
                              for ln in sorted(pg.lines, key=lambda ln: ln.no)]})
    return {"note": NOTICE, "engine": f"{tesseract.version} -l {LANG} --psm {PSM}, {DPI} dpi render, {OCR_DPI} dpi OCR", "pages": out}
