"""Plain text: encoding detection, hard-wrapped lines joined (wrap.py), line map (Markdown: see markdown.py)."""

from __future__ import annotations

import re

from ..model import Document, SourceSpan
from ..textnorm import fold

# control characters other than \t, \n and \f (\r is gone by then): counted in C, not per character
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0d-\x1f]")
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 with BOM, or CP932.

    CP932 is Microsoft's Shift_JIS superset (①, ㈱, NEC/IBM kanji), which is
    what Japanese Windows writes when it says "Shift_JIS"; EUC-JP is tried last.
    """
    from .errors import IngestError

    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(enc, errors="strict"), enc
    for enc in ("utf-8", "cp932", "euc_jp"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc != "utf-8" and not _looks_japanese(text):
            continue
        return text, enc
    raise IngestError("bad_encoding", "文字コードを判別できません（UTF-8、Shift_JIS、EUC-JP のいずれでもありません）。",
                      "cannot detect the text encoding (not UTF-8, Shift_JIS/CP932 or EUC-JP)")


def _looks_japanese(text: str) -> bool:
    """Reject decodings that are mostly half-width katakana or control characters."""
    if not text:
        return False
    jp = sum(1 for c in text if "\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff" or c == "\u3000")
    hw = sum(1 for c in text if "\uff61" <= c <= "\uff9f")
    ctrl = sum(1 for c in text if ord(c) < 32 and c not in "\r\n\t")
    return ctrl == 0 and jp > hw


def read_text(data: bytes, source: str, fmt: str = "txt") -> Document:
    from .errors import IngestError

    text, enc = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise IngestError("empty", "ファイルに本文がありません。", "the file contains no text")
    ctrl = len(_CONTROL.findall(text))
    if ctrl > max(8, len(text) // 100):
        raise IngestError("not_text", "テキストファイルとして読めません（バイナリの可能性）。",
                          "the file does not look like text (binary data?)")
    text, spans, w, joined = _unwrap(text.replace("\f", "\n"))
    meta = {"encoding": enc, **({"wrap_width": w, "joined_wrapped_lines": joined} if joined else {})}
    return Document(source=source, format=fmt, text=text, folded=fold(text), spans=tuple(spans), meta=meta)


def _unwrap(text: str) -> tuple[str, list[SourceSpan], float, int]:
    """The text with the line breaks of a hard-wrapped file joined (see wrap.py), one span per
    source line (``line`` is 1-based), the wrap width and the number of breaks joined. A file
    typed one paragraph per line comes back unchanged."""
    from .wrap import wrap_width, wraps

    lines = text.split("\n")
    w = wrap_width(lines)
    parts: list[str] = []
    spans: list[SourceSpan] = []
    pos = joined = 0
    for i, line in enumerate(lines):
        join = i + 1 < len(lines) and w > 0 and wraps(line, lines[i + 1], w)
        piece = line.rstrip(" \t") if join else line
        spans.append(SourceSpan(pos, pos + len(piece), line=i + 1))
        parts.append(piece if join or i + 1 == len(lines) else piece + "\n")
        pos += len(parts[-1])
        joined += join
    return "".join(parts), spans, w, joined
