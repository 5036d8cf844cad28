"""DOCX reader: the body text a reader sees in Word, with Word's automatic numbering.

``read_docx(data, source)`` opens the package with python-docx and walks the
body (``w:body``) children in document order. Decisions, in one place:

* **Body only.** Headers, footers, footnotes, endnotes and comments are other
  parts of the package and are never read; footnote/endnote/comment reference
  marks in the body are dropped.
* **Paragraphs.** ``w:t`` as written; ``w:tab``/``w:ptab`` → 「　」 (U+3000; a run
  of tabs gives one 「　」) so that ``第1条<tab>本文`` reads like the typed
  convention ``第1条　本文``; ``w:br`` (text wrapping / column) and ``w:cr`` →
  a newline inside the paragraph's text: in real files a soft break separates
  logical lines (caption / body, ``（1）…`` items, address blocks), it is not a
  mid-word wrap. Leading/trailing breaks are dropped. ``w:br w:type="page"``
  only moves the page counter. ``w:sym`` → its character (Symbol/Wingdings
  private-use codes mapped to the common Unicode glyph), ``w:noBreakHyphen``
  → ``-``, ``w:softHyphen`` → nothing. Runs hidden with ``w:vanish`` are
  dropped. Ruby: base text only.
* **Fields.** The displayed result (between ``separate`` and ``end``) is kept,
  the instruction (``w:instrText``) dropped; ``w:fldSimple`` keeps its result.
  A result-less ``EQ \\o\\ac(○,印)`` (the usual way to draw a seal mark) becomes
  the enclosed character Unicode has for it (``㊞``; a boxed ``□`` overlay gives
  the bare character); any other result-less field shows nothing.
* **Tracked changes** are shown as accepted: ``w:ins``/``w:moveTo`` kept,
  ``w:del``/``w:delText``/``w:moveFrom`` dropped, deleted table rows dropped,
  a paragraph whose mark was deleted and whose text is all deleted vanishes.
  (Known gap: a deleted mark with surviving text is not merged into the
  next paragraph as Word would; the two stay separate lines.)
* **Text boxes** (``w:txbxContent``) in a body paragraph: included once (the
  DrawingML choice of an ``mc:AlternateContent``, never also its VML
  fallback), one line per text-box paragraph right after the paragraph,
  span block ``p{N}/txbx``. Inside table cells they join the cell text.
* **Tables.** One line per row, cells joined by 「　」; a cell's own paragraphs
  and breaks are joined without a separator (Japanese), or one space between
  two ASCII letters/digits; nested tables are flattened into their cell the
  same way. Continuation cells of a vertical merge (``w:vMerge`` without
  ``restart``) and legacy ``w:hMerge`` continuations are skipped; a
  ``gridSpan`` cell is one cell. Empty cells stay as empty fields so
  columns keep their places.
* **Numbering.** Word's list labels are computed from ``numbering.xml`` and
  ``styles.xml`` (see :class:`_Numbering`) and prepended with their suffix
  (tab → 「　」, space → `` ``, nothing → nothing); blanks typed at the ends of
  ``lvlText`` are layout and dropped before a tab/space suffix (``%1. ``+tab →
  ``1.　``). Numbering inside text boxes is not rendered. Bullets are rendered as the
  bullet character (private-use Symbol/Wingdings codes mapped, unknown ones
  as 「・」); never as an invented number.
* **Empty lines** are kept (they separate blocks), runs of them collapsed
  to one, none at the start or end; a whitespace-only paragraph counts as empty.
* **Source map.** One :class:`SourceSpan` per body paragraph (``p{N}``, 1-based
  index of the ``w:p`` among the body's paragraphs) and per table cell
  (``t{T}/r{R}/c{C}``, C = the cell's position among the row's ``w:tc``).
  ``page`` is *approximate*: only when Word left ``w:lastRenderedPageBreak``
  marks (i.e. Word laid the file out), counting those plus explicit page
  breaks; otherwise None. ``meta["page_approximate"]`` says so.
* **Packages.** Transitional and Strict Open XML, ``.docx``/``.docm``/
  ``.dotx``; OLE files (encrypted Office files, old ``.doc``) are told apart
  by their directory stream names (``EncryptionInfo`` / ``WordDocument``).
"""

from __future__ import annotations

import io
import re
import struct
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree

from ..model import Document, SourceSpan
from ..textnorm import fold

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_W = f"{{{W_NS}}}"


_TAGS: dict[str, str] = {}


def _w(tag: str) -> str:
    t = _TAGS.get(tag)
    if t is None:
        t = _TAGS[tag] = _W + tag
    return t


IDEO_SPACE = "\u3000"

# ---------------------------------------------------------------------------
# errors


def _err(code: str, ja: str, en: str):
    from .errors import IngestError

    return IngestError(code, ja, en)


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _ole_stream_names(data: bytes) -> list[str] | None:
    """Names in an OLE compound file's directory, or None when it cannot be parsed."""
    try:
        if len(data) < 512:
            return None
        sector_shift = struct.unpack_from("<H", data, 0x1E)[0]
        if sector_shift not in (9, 12):
            return None
        ssize = 1 << sector_shift
        first_dir = struct.unpack_from("<i", data, 0x30)[0]
        n_difat_sectors = struct.unpack_from("<I", data, 0x48)[0]
        first_difat = struct.unpack_from("<i", data, 0x44)[0]
        difat = [x for x in struct.unpack_from("<109i", data, 0x4C) if x >= 0]
        sec = first_difat
        for _ in range(min(n_difat_sectors, 1 << 16)):
            if sec < 0:
                break
            off = (sec + 1) * ssize
            vals = struct.unpack_from(f"<{ssize // 4}i", data, off)
            difat.extend(x for x in vals[:-1] if x >= 0)
            sec = vals[-1]

        def sector(i: int) -> bytes:
            off = (i + 1) * ssize
            return data[off:off + ssize]

        fat: list[int] = []
        for s in difat:
            chunk = sector(s)
            fat.extend(struct.unpack(f"<{len(chunk) // 4}i", chunk[: len(chunk) // 4 * 4]))
        names: list[str] = []
        sec, seen = first_dir, set()
        while 0 <= sec < len(fat) and sec not in seen and len(seen) < 100_000:
            seen.add(sec)
            chunk = sector(sec)
            for k in range(0, len(chunk) - 127, 128):
                entry = chunk[k:k + 128]
                nlen = struct.unpack_from("<H", entry, 0x40)[0]
                if entry[0x42] == 0 or not 2 <= nlen <= 64:
                    continue
                names.append(entry[: nlen - 2].decode("utf-16-le", errors="replace"))
            sec = fat[sec]
        return names or None
    except (struct.error, IndexError, ValueError):
        return None


def _reject_ole(data: bytes):
    names = _ole_stream_names(data)
    if names is None:
        # Directory unreadable: fall back to looking for the stream names themselves.
        enc = any(n.encode("utf-16-le") in data for n in ("EncryptionInfo", "EncryptedPackage"))
        doc = "WordDocument".encode("utf-16-le") in data
        names = (["EncryptionInfo"] if enc else []) + (["WordDocument"] if doc else [])
    lowered = {n.lower() for n in names}
    if "encryptioninfo" in lowered or "encryptedpackage" in lowered:
        return _err("encrypted", "パスワード保護（暗号化）されたファイルは読み込めません。"
                    "パスワードを解除して保存し直してから読み込んでください。",
                    "password-protected (encrypted) Office file; remove the password and save it again")
    if "worddocument" in lowered:
        return _err("legacy_doc", "旧形式の Word 文書（.doc）です。Word で開き、「Word 文書（*.docx）」形式で"
                    "保存し直してから読み込んでください。",
                    "this is an old binary Word document (.doc), not .docx; save it as .docx first")
    return _err("encrypted_or_doc", "パスワード保護（暗号化）されたファイルか、旧形式の Office 文書（.doc など）です。"
                "パスワードを解除し、.docx 形式で保存し直してから読み込んでください。",
                "an OLE compound file: either password-protected (encrypted) or an old binary Office "
                "document; remove the password / save it as .docx")


def _corrupt(detail_en: str):
    return _err("corrupt_docx", "DOCXファイルが壊れています（ZIP として読めません）。Word で開けるか確認し、"
                "保存し直してください。", f"the DOCX file is corrupt ({detail_en})")


_DOCX_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
}


def _open_package(data: bytes):
    """(document element, numbering element|None, styles element|None) or IngestError."""
    zf = _open_zip(data)
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    main = _main_part(data, zf)
    if isinstance(main, tuple):  # Strict Open XML, read straight from the ZIP
        return main
    doc_el = _part_element(main)
    numbering = styles = None
    for rel in main.rels.values():
        if rel.is_external:
            continue
        if rel.reltype == RT.NUMBERING:
            numbering = _part_element(rel.target_part)
        elif rel.reltype == RT.STYLES:
            styles = _part_element(rel.target_part)
    return doc_el, numbering, styles


def _open_zip(data: bytes) -> zipfile.ZipFile:
    """The ZIP archive of a DOCX, or IngestError naming what the file is instead (an OLE file:
    encrypted or .doc; RTF; not a ZIP; encrypted entries; a ZIP without the package parts)."""
    if data.startswith(_OLE_MAGIC):
        raise _reject_ole(data)
    head = data[:16].lstrip()
    if head.startswith(b"{\\rtf"):
        raise _err("not_docx", "RTF 形式のファイルです（拡張子が .docx になっています）。Word で .docx 形式で"
                   "保存し直してください。", "this is an RTF file with a .docx name; save it as .docx")
    if not data.startswith(b"PK"):
        raise _corrupt("not a ZIP archive")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as e:
        raise _corrupt(f"not a readable ZIP archive: {e}") from e
    if any(i.flag_bits & 0x1 for i in infos):
        raise _err("encrypted", "パスワード保護（暗号化）されたファイルは読み込めません。"
                   "パスワードを解除して保存し直してから読み込んでください。",
                   "the ZIP entries are password-protected (encrypted)")
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or "_rels/.rels" not in names:
        raise _err("not_docx", "Word 文書（DOCX）ではありません（本文 word/document.xml がありません）。",
                   "not a Word document: the ZIP has no [Content_Types].xml / main document part")
    return zf


def _main_part(data: bytes, zf: zipfile.ZipFile):
    """The main document part (python-docx), the parsed parts of a Strict Open XML package
    (:func:`_open_strict`), or IngestError."""
    from docx.package import Package

    try:
        pkg = Package.open(io.BytesIO(data))
        main = pkg.main_document_part
    except KeyError as e:
        strict = _open_strict(zf)
        if strict is not None:
            return strict
        raise _err("not_docx", "Word 文書（DOCX）ではありません（本文 word/document.xml がありません）。",
                   f"not a Word document: no main document part ({e})") from e
    except (zipfile.BadZipFile, etree.XMLSyntaxError, OSError, EOFError, ValueError) as e:
        raise _corrupt(f"{type(e).__name__}: {e}") from e
    except Exception as e:  # python-docx raises assorted errors on damaged packages
        raise _corrupt(f"{type(e).__name__}: {e}") from e
    if main.content_type not in _DOCX_TYPES:
        raise _err("not_docx", "Word 文書（DOCX）ではありません（Excel や PowerPoint など別の Office 形式です）。",
                   f"not a Word document (main part content type {main.content_type})")
    return main


def _part_element(part):
    """The XML root of a package part (python-docx's own when it parsed it), or IngestError."""
    el = getattr(part, "element", None)
    if el is not None:
        return el
    try:
        return etree.fromstring(part.blob)
    except etree.XMLSyntaxError as e:
        raise _corrupt(f"{part.partname}: {e}") from e


_STRICT = {
    b"http://purl.oclc.org/ooxml/wordprocessingml/main": W_NS.encode(),
    b"http://purl.oclc.org/ooxml/officeDocument/relationships": b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
_RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _open_strict(zf: zipfile.ZipFile):
    """Strict Open XML (ISO 29500 strict namespaces), which python-docx cannot resolve:
    read the main, numbering and styles parts straight from the ZIP with the
    namespaces mapped to their transitional equivalents. None when not strict."""
    import posixpath

    def rels_of(path: str) -> dict[str, str]:
        folder, name = posixpath.split(path)
        rels_path = posixpath.join(folder, "_rels", name + ".rels")
        try:
            root = etree.fromstring(zf.read(rels_path))
        except (KeyError, etree.XMLSyntaxError):
            return {}
        out = {}
        for rel in root.iter(_RELS_NS + "Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = posixpath.normpath(posixpath.join(folder, rel.get("Target", ""))).lstrip("/")
            out[rel.get("Type", "").rsplit("/", 1)[-1]] = target
        return out

    def parse(path: str):
        raw = zf.read(path)
        for a, b in _STRICT.items():
            raw = raw.replace(a, b)
        return etree.fromstring(raw)

    top = rels_of("")
    main_path = top.get("officeDocument")
    if main_path is None or main_path not in zf.namelist():
        return None
    try:
        if b"purl.oclc.org/ooxml" not in zf.read(main_path)[:4000]:
            return None
        doc_el = parse(main_path)
        rels = rels_of(main_path)
        numbering = parse(rels["numbering"]) if rels.get("numbering") in zf.namelist() else None
        styles = parse(rels["styles"]) if rels.get("styles") in zf.namelist() else None
    except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError) as e:
        raise _corrupt(f"{type(e).__name__}: {e}") from e
    return doc_el, numbering, styles


# ---------------------------------------------------------------------------
# number formats

_AIUEO = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
_IROHA = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセスン"
_KANJI_DIG = "〇一二三四五六七八九"
_LEGAL_DIG = "〇壱弐参四伍六七八九"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_ZODIAC = "子丑寅卯辰巳午未申酉戌亥"
_HALF_OF = {v: k for k, v in ((c, unicodedata.normalize("NFKC", c)) for c in map(chr, range(0xFF66, 0xFF9E)))}


def _kanji(n: int, digits: str = _KANJI_DIG, units: str = "十百千") -> str:
    if n <= 0:
        return digits[0]
    out = []
    big = [(100_000_000, "億"), (10_000, "万")]
    for value, name in big:
        if n >= value:
            out.append(_kanji(n // value, digits, units) + name)
            n %= value
    for value, unit in ((1000, units[2]), (100, units[1]), (10, units[0])):
        q, n = divmod(n, value)
        if q:
            out.append(("" if q == 1 else digits[q]) + unit)
    if n:
        out.append(digits[n])
    return "".join(out)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        q, n = divmod(n, value)
        out.append(sym * q)
    return "".join(out)


def _letter(n: int) -> str:
    if n <= 0:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _cyclic(seq: str, n: int) -> str:
    return seq[(n - 1) % len(seq)] if n > 0 else str(n)


def _circled(n: int) -> str:
    if 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if 21 <= n <= 35:
        return chr(0x3251 + n - 21)
    if 36 <= n <= 50:
        return chr(0x32B1 + n - 36)
    return str(n)


def _fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" else c for c in s)


def format_number(n: int, fmt: str) -> str:
    """Render counter ``n`` in Word's ``w:numFmt`` ``fmt``."""
    if fmt in ("decimal", "decimalHalfWidth", "ordinal", "cardinalText", "ordinalText", ""):
        return str(n)
    if fmt == "none":
        return ""
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return _fullwidth(str(n))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _circled(n)
    if fmt == "decimalEnclosedParen":
        return chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return chr(0x2488 + n - 1) if 1 <= n <= 20 else f"{n}."
    if fmt in ("japaneseCounting", "chineseCounting", "chineseCountingThousand", "taiwaneseCounting",
               "taiwaneseCountingThousand", "ideographEnclosedCircle"):
        return _kanji(n)
    if fmt in ("japaneseLegal",):
        return _kanji(n, _LEGAL_DIG, "拾百千")
    if fmt in ("japaneseDigitalTenThousand", "ideographDigital", "taiwaneseDigital"):
        return "".join(_KANJI_DIG[int(d)] for d in str(n))
    if fmt in ("ideographTraditional",):
        return _cyclic(_STEMS, n)
    if fmt in ("ideographZodiac", "ideographZodiacTraditional"):
        return _cyclic(_ZODIAC, n)
    if fmt == "aiueoFullWidth":
        return _cyclic(_AIUEO, n)
    if fmt == "aiueo":
        c = _cyclic(_AIUEO, n)
        return _HALF_OF.get(c, c)
    if fmt == "irohaFullWidth":
        return _cyclic(_IROHA, n)
    if fmt == "iroha":
        c = _cyclic(_IROHA, n)
        return _HALF_OF.get(c, c)
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "hex":
        return format(n, "X")
    return str(n)


# private-use codes of the symbol fonts Word uses for bullets and w:sym
_SYMBOL_FONT_CHARS = {
    ("symbol", 0xB7): "•", ("symbol", 0xA8): "♦", ("symbol", 0xAA): "♠", ("symbol", 0xA7): "♣",
    ("symbol", 0xA9): "♥", ("symbol", 0xAE): "→", ("symbol", 0xDE): "⇒", ("symbol", 0xB4): "×",
    ("wingdings", 0x6C): "●", ("wingdings", 0x6E): "■", ("wingdings", 0x6F): "□", ("wingdings", 0x71): "❑",
    ("wingdings", 0x75): "◆", ("wingdings", 0x76): "❖", ("wingdings", 0xA7): "▪", ("wingdings", 0xA1): "○",
    ("wingdings", 0x9F): "•", ("wingdings", 0xD8): "➢", ("wingdings", 0xFC): "✓", ("wingdings", 0xFB): "✗",
    ("wingdings", 0xE8): "➔", ("wingdings", 0xA8): "◻", ("wingdings", 0x77): "⬥", ("wingdings", 0x70): "■",
}


def _symbol_char(code: int, font: str) -> str:
    font = (font or "").lower()
    low = code - 0xF000 if 0xF000 <= code <= 0xF0FF else code
    key_font = "wingdings" if font.startswith("wingdings") else ("symbol" if "symbol" in font else font)
    if (key_font, low) in _SYMBOL_FONT_CHARS:
        return _SYMBOL_FONT_CHARS[(key_font, low)]
    if 0xE000 <= code <= 0xF8FF:  # other private-use glyphs: a generic bullet, never a guess at a label
        return "・"
    if key_font in ("symbol", "wingdings") and code < 0x100:
        return "・"
    return chr(code)


# ---------------------------------------------------------------------------
# styles and numbering definitions


def _val(el, tag: str) -> str | None:
    if el is None:
        return None
    x = el.find(_w(tag))
    return None if x is None else x.get(_w("val"))


def _int(s: str | None) -> int | None:
    if s is None:
        return None
    try:
        return int(s)
    except ValueError:
        return None


def _on(el) -> bool:
    """A WordprocessingML on/off property element (absent val = on)."""
    if el is None:
        return False
    v = el.get(_w("val"))
    return v is None or v.lower() not in ("0", "false", "off")


class _Styles:
    def __init__(self, root) -> None:
        self.based_on: dict[str, str | None] = {}
        self.numpr: dict[str, tuple[int | None, int | None]] = {}
        self.default_para: str | None = None
        self._cache: dict[str | None, tuple[int | None, int | None]] = {}
        if root is None:
            return
        for st in root.iter(_w("style")):
            sid = st.get(_w("styleId"))
            if sid is None:
                continue
            self.based_on[sid] = _val(st, "basedOn")
            if st.get(_w("type")) == "paragraph" and _on_attr(st.get(_w("default"))):
                self.default_para = sid
            ppr = st.find(_w("pPr"))
            np = ppr.find(_w("numPr")) if ppr is not None else None
            if np is not None:
                self.numpr[sid] = (_int(_val(np, "numId")), _int(_val(np, "ilvl")))

    def resolve_numpr(self, sid: str | None) -> tuple[int | None, int | None]:
        """numId and ilvl a paragraph style gives, following basedOn (numId 0 stops the chain)."""
        cached = self._cache.get(sid)
        if cached is None:
            cached = self._cache[sid] = self._resolve_numpr(sid)
        return cached

    def _resolve_numpr(self, sid: str | None) -> tuple[int | None, int | None]:
        num_id = ilvl = None
        seen = set()
        while sid is not None and sid not in seen:
            seen.add(sid)
            n, lv = self.numpr.get(sid, (None, None))
            if ilvl is None and lv is not None:
                ilvl = lv
            if n is not None:
                num_id = n
                break
            sid = self.based_on.get(sid)
        return num_id, ilvl


def _on_attr(v: str | None) -> bool:
    return v is not None and v.lower() in ("1", "true", "on")


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str | None = None
    suff: str = "tab"
    is_lgl: bool = False
    restart: int | None = None
    pstyle: str | None = None
    font: str = ""

    @staticmethod
    def parse(el, base: _Level | None = None) -> _Level:
        lv = _Level(**vars(base)) if base else _Level()
        if (s := _int(_val(el, "start"))) is not None:
            lv.start = s
        nf = el.find(_w("numFmt"))
        if nf is not None:
            lv.fmt = nf.get(_w("val")) or "decimal"
        lt = el.find(_w("lvlText"))
        if lt is not None:
            lv.text = lt.get(_w("val"), "")
        if (sf := _val(el, "suff")) is not None:
            lv.suff = sf
        if el.find(_w("isLgl")) is not None:
            lv.is_lgl = _on(el.find(_w("isLgl")))
        if (r := _int(_val(el, "lvlRestart"))) is not None:
            lv.restart = r
        if (ps := _val(el, "pStyle")) is not None:
            lv.pstyle = ps
        fonts = el.find(_w("rPr") + "/" + _w("rFonts"))
        if fonts is not None:
            lv.font = fonts.get(_w("ascii")) or fonts.get(_w("hAnsi")) or fonts.get(_w("eastAsia")) or ""
        return lv


@dataclass
class _Num:
    abstract: int | None
    start_override: dict[int, int] = field(default_factory=dict)
    level_override: dict[int, object] = field(default_factory=dict)  # ilvl -> w:lvl element


class _Numbering:
    """Word's list counters.

    Counters live per (resolved) ``w:abstractNum``: every ``w:num`` that points
    at the same abstract definition continues the same list, which is what
    Word shows. A ``w:num`` with ``w:lvlOverride/w:startOverride`` restarts the
    overridden level at the override value the first time that ``w:num`` is
    used, and keeps using it as that level's start afterwards. Using level L
    resets every deeper level k unless ``w:lvlRestart`` on k says otherwise
    (0 = never; n = only when a level < n is used). ``w:numStyleLink`` is
    followed to the abstract definition that carries the matching
    ``w:styleLink``.
    """

    def __init__(self, root, styles: _Styles) -> None:
        self.styles = styles
        self.abstracts: dict[int, dict[int, _Level]] = {}
        self.num_style_link: dict[int, str] = {}
        self.style_link: dict[str, int] = {}
        self.nums: dict[int, _Num] = {}
        self.counters: dict[int, list[int | None]] = {}
        self.started: set[int] = set()
        self._levels: dict[int, tuple[int | None, dict[int, _Level]]] = {}
        self.used = 0
        if root is None:
            return
        for a in root.iter(_w("abstractNum")):
            aid = _int(a.get(_w("abstractNumId")))
            if aid is None:
                continue
            levels = {}
            for lv in a.findall(_w("lvl")):
                il = _int(lv.get(_w("ilvl")))
                if il is not None and 0 <= il <= 8:
                    levels[il] = _Level.parse(lv)
            self.abstracts[aid] = levels
            if (link := _val(a, "numStyleLink")) is not None:
                self.num_style_link[aid] = link
            if (link := _val(a, "styleLink")) is not None:
                self.style_link[link] = aid
        for n in root.iter(_w("num")):
            nid = _int(n.get(_w("numId")))
            if nid is None:
                continue
            num = _Num(_int(_val(n, "abstractNumId")))
            for ov in n.findall(_w("lvlOverride")):
                il = _int(ov.get(_w("ilvl")))
                if il is None or not 0 <= il <= 8:
                    continue
                so = _int(_val(ov, "startOverride"))
                lvl_el = ov.find(_w("lvl"))
                if lvl_el is not None:
                    num.level_override[il] = lvl_el
                    if so is None:
                        so = _int(_val(lvl_el, "start"))
                if so is not None:
                    num.start_override[il] = so
            self.nums[nid] = num

    def _resolve_abstract(self, aid: int | None) -> int | None:
        seen = set()
        while aid is not None and aid in self.num_style_link and aid not in seen:
            seen.add(aid)
            link = self.num_style_link[aid]
            target = self.style_link.get(link)
            if target is None or target == aid:
                num_id, _ = self.styles.resolve_numpr(link)
                num = self.nums.get(num_id) if num_id else None
                target = num.abstract if num else None
            if target is None or target == aid:
                break
            aid = target
        return aid

    def levels_for(self, num_id: int) -> tuple[int | None, dict[int, _Level]]:
        cached = self._levels.get(num_id)
        if cached is not None:
            return cached
        num = self.nums.get(num_id)
        if num is None:
            return None, {}
        aid = self._resolve_abstract(num.abstract)
        levels = dict(self.abstracts.get(aid, {})) if aid is not None else {}
        for il, el in num.level_override.items():  # an override level refines the abstract one
            levels[il] = _Level.parse(el, base=levels.get(il))
        self._levels[num_id] = (aid, levels)
        return aid, levels

    def label(self, num_id: int, ilvl: int | None, pstyle: str | None) -> str | None:
        """Advance the list and return label + suffix (None: not numbered / nothing shown)."""
        num = self.nums.get(num_id)
        aid, levels = self.levels_for(num_id)
        if num is None or aid is None or not levels:
            return None
        if ilvl is None:
            ilvl = next((i for i, lv in sorted(levels.items()) if pstyle and lv.pstyle == pstyle), 0)
        ilvl = max(0, min(8, ilvl))
        lvl = levels.get(ilvl)
        if lvl is None:
            return None
        counters = self.counters.setdefault(aid, [None] * 9)
        if num_id not in self.started:
            self.started.add(num_id)
            for il in num.start_override:
                counters[il] = None

        def start_of(i: int) -> int:
            if i in num.start_override:
                return num.start_override[i]
            lv = levels.get(i)
            return lv.start if lv else 1

        counters[ilvl] = start_of(ilvl) if counters[ilvl] is None else counters[ilvl] + 1
        for k in range(ilvl + 1, 9):
            lk = levels.get(k)
            # lvlRestart names a 1-based level above k (0 = never); one naming k or deeper is ignored
            threshold = lk.restart if lk is not None and lk.restart is not None and lk.restart <= k else k
            if ilvl < threshold:
                counters[k] = None
        if lvl.fmt == "bullet":
            text = lvl.text or ""
            label = "".join(_symbol_char(ord(c), lvl.font) for c in text) if text else ""
        else:
            template = lvl.text or ""  # no lvlText: nothing is shown (never invent a label)

            def sub(m: re.Match) -> str:
                i = int(m.group(1)) - 1
                value = counters[i] if counters[i] is not None else start_of(i)
                ref = levels.get(i)
                fmt = "decimal" if lvl.is_lgl and (ref is None or ref.fmt != "none") else (
                    ref.fmt if ref is not None else "decimal")
                return format_number(value, fmt)

            label = re.sub(r"%([1-9])", sub, template)
        # indentation typed into lvlText is layout, not label; a tab/space suffix absorbs trailing blanks
        suffix = {"tab": IDEO_SPACE, "space": " ", "nothing": ""}.get(lvl.suff, IDEO_SPACE)
        label = label.lstrip(" ")
        if suffix:
            label = label.rstrip(" ")
        if not label.strip():
            return None
        self.used += 1
        return label + suffix


# ---------------------------------------------------------------------------
# seal marks drawn with EQ fields

_ENCLOSED: dict[str, str] = {}
for _cp in list(range(0x2460, 0x2474)) + list(range(0x3251, 0x3260)) + list(range(0x3280, 0x32C0)):
    _n = unicodedata.normalize("NFKC", chr(_cp))
    if _n and _n not in _ENCLOSED:
        _ENCLOSED[_n] = chr(_cp)
_CIRCLES = {"○", "〇", "◯", "O", "o"}
_FRAMES = {"□", "◇", "△", "◻", "▢"}
_EQ_ARGS = re.compile(r"\\o\s*(?:\\a[cdlr]\s*)?\((.*)\)", re.DOTALL)


def _eq_display(instr: str) -> str:
    """What an EQ overstrike field (``eq \\o\\ac(○,印)``) shows, as one character."""
    s = instr.strip()
    if not s.lower().startswith("eq"):
        return ""
    m = _EQ_ARGS.search(s)
    if not m:
        return ""
    parts = [p.strip() for p in re.split(r"[,，]", m.group(1)) if p.strip()]
    inner = [p for p in parts if p not in _CIRCLES and p not in _FRAMES]
    if len(parts) != 2 or len(inner) != 1:
        return ""
    if any(p in _CIRCLES for p in parts):
        return _ENCLOSED.get(inner[0], inner[0])
    return inner[0]  # boxed / diamond: no Unicode form, the character itself


# ---------------------------------------------------------------------------
# walking the body


class _Para:
    """Text of one paragraph with page changes (offset, page) inside it."""

    __slots__ = ("boxes", "last_tab", "length", "marks", "parts")

    def __init__(self, page: int) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.marks: list[tuple[int, int]] = [(0, page)]
        self.last_tab = False
        self.boxes: list = []

    def add(self, s: str, tab: bool = False) -> None:
        if not s:
            return
        if tab and self.last_tab:
            return
        self.parts.append(s)
        self.length += len(s)
        self.last_tab = tab

    def page(self, page: int) -> None:
        if self.marks[-1][0] == self.length:
            self.marks[-1] = (self.length, page)
        else:
            self.marks.append((self.length, page))

    def text(self) -> str:
        return "".join(self.parts)


@dataclass
class _Field:
    result: bool = False
    instr: list[str] = field(default_factory=list)


_PARA_CONTAINERS = {_w(t) for t in ("ins", "moveTo", "hyperlink", "smartTag", "customXml", "fldSimple",
                                    "bdo", "dir")}
_SKIP_CONTAINERS = {_w(t) for t in ("del", "moveFrom")}
_MC_ALT = f"{{{MC_NS}}}AlternateContent"
_MC_CHOICE = f"{{{MC_NS}}}Choice"
_M_T = f"{{{M_NS}}}t"
_M_OMATH = {f"{{{M_NS}}}oMath", f"{{{M_NS}}}oMathPara"}


def _join(a: str, b: str) -> str:
    """Join two pieces of Japanese text: no separator, except between two ASCII letters/digits."""
    if not a:
        return b
    if not b:
        return a
    if a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
        return a + " " + b
    return a + b


class _Walker:
    def __init__(self, numbering: _Numbering, styles: _Styles) -> None:
        self.numbering = numbering
        self.styles = styles
        self.fields: list[_Field] = []
        self.page = 1
        self.pending_break = False
        self.rendered_breaks = 0
        self.tracked = False
        # output
        self.chunks: list[str] = []
        self.pos = 0
        self.spans: list[SourceSpan] = []
        self.pending_empty = False
        self.n_paras = 0
        self.n_tables = 0

    # -- output -----------------------------------------------------------
    def _emit(self, text: str, pieces: list[tuple[int, int, int, str]]) -> None:
        """Append one line; ``pieces`` are (rel_start, rel_end, page, block)."""
        if not text.strip():
            if self.pos:
                self.pending_empty = True
            return
        if self.pos or self.chunks:
            sep = "\n\n" if self.pending_empty else "\n"
            self.chunks.append(sep)
            self.pos += len(sep)
        self.pending_empty = False
        base = self.pos
        for s, e, page, block in pieces:
            if e > s:
                self.spans.append(SourceSpan(base + s, base + e, page, None, block))
        self.chunks.append(text)
        self.pos += len(text)

    # -- runs ----------------------------------------------------------------
    def _visible(self) -> bool:
        return all(f.result for f in self.fields)

    def _text(self, out: _Para, s: str, tab: bool = False) -> None:
        if not s or not self._visible():
            return
        if self.pending_break:
            self.pending_break = False
            self.page += 1
            out.page(self.page)
        out.add(s, tab)

    def _run(self, r, out: _Para) -> None:
        rpr = r.find(_w("rPr"))
        hidden = rpr is not None and _on(rpr.find(_w("vanish")))
        for c in r:
            tag = c.tag
            if tag == _W + "t":
                if not hidden:
                    self._text(out, c.text or "")
            elif tag == _W + "tab" or tag == _W + "ptab":
                if not hidden:
                    self._text(out, IDEO_SPACE, tab=True)
            elif tag == _W + "br":
                kind = c.get(_w("type"))
                if kind == "page":
                    self.pending_break = True
                elif not hidden:
                    self._text(out, "\n")
            elif tag == _W + "cr":
                if not hidden:
                    self._text(out, "\n")
            elif tag == _W + "lastRenderedPageBreak":
                self.rendered_breaks += 1
                self.pending_break = False
                self.page += 1
                out.page(self.page)
            elif tag == _W + "fldChar":
                kind = c.get(_w("fldCharType"))
                if kind == "begin":
                    self.fields.append(_Field())
                elif kind == "separate" and self.fields:
                    self.fields[-1].result = True
                elif kind == "end" and self.fields:
                    f = self.fields.pop()
                    if not f.result and not hidden:
                        self._text(out, _eq_display("".join(f.instr)))
            elif tag == _W + "instrText":
                if self.fields and not self.fields[-1].result:
                    self.fields[-1].instr.append(c.text or "")
            elif tag == _W + "sym":
                if not hidden:
                    try:
                        code = int(c.get(_w("char")) or "", 16)
                    except ValueError:
                        continue
                    self._text(out, _symbol_char(code, c.get(_w("font")) or ""))
            elif tag == _W + "noBreakHyphen":
                if not hidden:
                    self._text(out, "-")
            elif tag == _W + "delText":
                self.tracked = True
            elif tag in (_W + "drawing", _W + "pict", _MC_ALT):
                self._collect_boxes(c, out)
            elif tag == _W + "ruby":
                base = c.find(_w("rubyBase"))
                if base is not None:
                    self._inline(base, out)

    def _collect_boxes(self, el, out: _Para) -> None:
        """Text boxes under a drawing: the first mc:Choice only, never the VML fallback too."""
        if el.tag == _MC_ALT:
            choice = el.find(_MC_CHOICE)
            if choice is None:
                choice = el.find(f"{{{MC_NS}}}Fallback")
            if choice is not None:
                self._collect_boxes(choice, out)
            return
        stack = list(el)
        while stack:
            node = stack.pop(0)
            if not isinstance(node.tag, str):
                continue
            if node.tag == _W + "txbxContent":
                out.boxes.append(node)
                continue
            if node.tag == _MC_ALT:
                self._collect_boxes(node, out)
                continue
            stack[0:0] = list(node)

    def _inline(self, parent, out: _Para) -> None:
        for c in parent:
            tag = c.tag
            if tag == _W + "r":
                self._run(c, out)
            elif tag in _PARA_CONTAINERS:
                if tag == _W + "ins" or tag == _W + "moveTo":
                    self.tracked = True
                self._inline(c, out)
            elif tag in _SKIP_CONTAINERS:
                self.tracked = True
            elif tag == _W + "sdt":
                content = c.find(_w("sdtContent"))
                if content is not None:
                    self._inline(content, out)
            elif tag == _MC_ALT:
                choice = c.find(_MC_CHOICE)
                if choice is not None:
                    self._inline(choice, out)
            elif tag in _M_OMATH:
                self._text(out, "".join(t.text or "" for t in c.iter(_M_T)))

    # -- paragraphs ----------------------------------------------------------
    def _paragraph(self, p, numbered: bool = True) -> tuple[str | None, list[tuple[int, int]], list]:
        """(text with label, page marks relative to text, text-box elements); text None: the
        paragraph was deleted as a tracked change and is not there at all."""
        ppr = p.find(_w("pPr"))
        if ppr is not None and _on(ppr.find(_w("pageBreakBefore"))):
            self.pending_break = True
        out = _Para(self.page)
        self._inline(p, out)
        # an instruction that never reached 'separate' inside its paragraph is broken markup
        while self.fields and not self.fields[-1].result:
            self.fields.pop()
        text = out.text()
        marks = out.marks
        mark_deleted = ppr is not None and ppr.find(_w("rPr") + "/" + _w("del")) is not None
        if mark_deleted:
            self.tracked = True
            if not text.strip():
                return None, [(0, self.page)], out.boxes
        # trim leading/trailing line breaks
        lead = len(text) - len(text.lstrip("\n"))
        text = text.strip("\n")
        if lead:
            marks = [(max(0, o - lead), pg) for o, pg in marks]
        label = ""
        if numbered:
            num_id, ilvl, pstyle = self._numpr(ppr)
            if num_id:
                label = self.numbering.label(num_id, ilvl, pstyle) or ""
        if label:
            marks = [(0, marks[0][1])] + [(o + len(label), pg) for o, pg in marks[1:]]
        if ppr is not None and ppr.find(_w("sectPr")) is not None:
            sect = ppr.find(_w("sectPr"))
            if _val(sect, "type") in (None, "nextPage", "oddPage", "evenPage"):
                self.pending_break = True
        return label + text, marks, out.boxes

    def _numpr(self, ppr) -> tuple[int | None, int | None, str | None]:
        pstyle = _val(ppr, "pStyle") if ppr is not None else None
        if pstyle is None:
            pstyle = self.styles.default_para
        np = ppr.find(_w("numPr")) if ppr is not None else None
        d_num = _int(_val(np, "numId")) if np is not None else None
        d_ilvl = _int(_val(np, "ilvl")) if np is not None else None
        s_num, s_ilvl = self.styles.resolve_numpr(pstyle)
        num_id = d_num if d_num is not None else s_num
        if not num_id:
            return None, None, pstyle
        ilvl = d_ilvl if d_ilvl is not None else s_ilvl
        return num_id, ilvl, pstyle

    def _box_lines(self, boxes) -> list[str]:
        lines: list[str] = []
        for box in boxes:
            for item in self._blocks(box):
                if item.tag == _W + "p":
                    text, _, inner = self._paragraph(item, numbered=False)
                    if text is not None:
                        lines.append(text)
                    lines.extend(self._box_lines(inner))
                elif item.tag == _W + "tbl":
                    lines.extend(self._table_rows_flat(item))
        return lines

    # -- block level ---------------------------------------------------------
    def _blocks(self, parent) -> Iterable:
        for c in parent:
            tag = c.tag
            if tag == _W + "p" or tag == _W + "tbl":
                yield c
            elif tag == _W + "sdt":
                content = c.find(_w("sdtContent"))
                if content is not None:
                    yield from self._blocks(content)
            elif tag == _W + "customXml" or tag == _W + "ins" or tag == _W + "moveTo":
                yield from self._blocks(c)
            elif tag == _MC_ALT:
                choice = c.find(_MC_CHOICE)
                if choice is not None:
                    yield from self._blocks(choice)

    def walk(self, body) -> None:
        for item in self._blocks(body):
            if item.tag == _W + "p":
                self.n_paras += 1
                block = f"p{self.n_paras}"
                text, marks, boxes = self._paragraph(item)
                if text is None:
                    continue
                pieces = []
                for i, (o, pg) in enumerate(marks):
                    end = marks[i + 1][0] if i + 1 < len(marks) else len(text)
                    pieces.append((o, end, pg, block))
                self._emit(text, pieces)
                for line in self._box_lines(boxes):
                    self._emit(line, [(0, len(line), self.page, f"{block}/txbx")])
            else:
                self.n_tables += 1
                self._table(item, self.n_tables)

    def _rows(self, tbl):
        return self._children(tbl, _W + "tr")

    def _cells(self, tr):
        return self._children(tr, _W + "tc")

    def _children(self, parent, tag):
        """Children with ``tag``, looking through content controls and custom XML wrappers."""
        for c in parent:
            if c.tag == tag:
                yield c
            elif c.tag in (_W + "sdt", _W + "customXml"):
                inner = c.find(_w("sdtContent")) if c.tag == _W + "sdt" else c
                if inner is not None:
                    yield from self._children(inner, tag)

    @staticmethod
    def _row_deleted(tr) -> bool:
        trpr = tr.find(_w("trPr"))
        return trpr is not None and trpr.find(_w("del")) is not None

    @staticmethod
    def _continuation(tc) -> bool:
        tcpr = tc.find(_w("tcPr"))
        if tcpr is None:
            return False
        vm = tcpr.find(_w("vMerge"))
        if vm is not None and vm.get(_w("val")) != "restart":
            return True
        hm = tcpr.find(_w("hMerge"))
        return hm is not None and hm.get(_w("val")) != "restart"

    def _cell_text(self, tc) -> str:
        text = ""
        for item in self._blocks(tc):
            if item.tag == _W + "p":
                t, _, boxes = self._paragraph(item)
                for piece in (t or "").split("\n"):
                    text = _join(text, piece)
                for line in self._box_lines(boxes):
                    text = _join(text, line)
            else:
                for row in self._table_rows_flat(item):
                    text = _join(text, row) if not text else text + IDEO_SPACE + row
        return text

    def _table_rows_flat(self, tbl) -> list[str]:
        rows = []
        for tr in self._rows(tbl):
            if self._row_deleted(tr):
                self.tracked = True
                continue
            cells = [self._cell_text(tc) for tc in self._cells(tr) if not self._continuation(tc)]
            row = IDEO_SPACE.join(cells).strip(IDEO_SPACE)
            if row:
                rows.append(row)
        return [IDEO_SPACE.join(rows)] if rows else []

    def _table(self, tbl, t: int) -> None:
        for r, tr in enumerate(self._rows(tbl), start=1):
            if self._row_deleted(tr):
                self.tracked = True
                continue
            parts: list[str] = []
            pieces = []
            pos = 0
            for c, tc in enumerate(self._cells(tr), start=1):
                if self._continuation(tc):
                    continue
                page = self.page
                text = self._cell_text(tc)
                if parts:
                    pos += len(IDEO_SPACE)
                parts.append(text)
                pieces.append((pos, pos + len(text), page, f"t{t}/r{r}/c{c}"))
                pos += len(text)
            line = IDEO_SPACE.join(parts)
            # drop trailing empty fields (a row that ends in blank cells)
            stripped = line.rstrip(IDEO_SPACE)
            pieces = [(s, min(e, len(stripped)), pg, b) for s, e, pg, b in pieces if s < len(stripped)]
            self._emit(stripped, pieces)


def read_docx(data: bytes, source: str) -> Document:
    """Read a .docx file's body text (see module docstring for every decision)."""
    doc_el, numbering_el, styles_el = _open_package(data)
    body = doc_el.find(_w("body"))
    if body is None:
        raise _corrupt("word/document.xml has no w:body")
    styles = _Styles(styles_el)
    numbering = _Numbering(numbering_el, styles)
    walker = _Walker(numbering, styles)
    walker.walk(body)
    text = "".join(walker.chunks)
    if not text.strip():
        raise _err("no_text", "本文の文字がありません（画像だけの文書や空の文書は読み込めません）。",
                   "the document body contains no text (empty, or images only)")
    spans = walker.spans
    pages_known = walker.rendered_breaks > 0
    if not pages_known:
        spans = [SourceSpan(s.start, s.end, None, s.line, s.block) for s in spans]
    meta = {
        "paragraphs": walker.n_paras,
        "tables": walker.n_tables,
        "numbering_used": numbering.used > 0,
        "numbered_paragraphs": numbering.used,
        "tracked_changes": walker.tracked,
        "pages": walker.page if pages_known else None,
        "page_approximate": True,
        "page_source": "lastRenderedPageBreak" if pages_known else None,
    }
    return Document(source=source, format="docx", text=text, folded=fold(text), spans=tuple(spans), meta=meta)
