"""Ingest: a file on disk -> :class:`~shinsa.model.Document`.

Every reader returns the same value (text, folded text, source map). Anything
unreadable raises :class:`IngestError` with a Japanese and an English message;
the caller turns it into ``status: "error"`` and goes on with the next file.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Document
from .errors import IngestError

__all__ = ["SUPPORTED", "IngestError", "ingest"]

SUPPORTED = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".docx": "docx", ".pdf": "pdf"}


def ingest(path: str | Path, *, ocr: bool = True) -> Document:
    """Read one file; raise :class:`IngestError` when it cannot be read.

    ``ocr=False`` leaves PDF pages without a text layer unread (``--no-ocr``).
    """
    path = Path(path)
    fmt = SUPPORTED.get(path.suffix.lower())
    if fmt is None:
        raise IngestError(
            "unsupported_format",
            f"対応していない形式です（{path.suffix or '拡張子なし'}）。PDF、DOCX、TXT、MD に対応しています。",
            f"unsupported file type ({path.suffix or 'no extension'}); supported: PDF, DOCX, TXT, MD",
        )
    try:
        data = path.read_bytes()
    except OSError as e:
        raise IngestError("unreadable", f"ファイルを読み込めません（{e.strerror}）。",
                          f"cannot read file: {e.strerror}") from e
    if not data.strip():
        raise IngestError("empty", "ファイルが空です。", "the file is empty")
    return _normalised(_read(fmt, data, path, ocr))


def _normalised(doc: Document) -> Document:
    """Text normalisation shared by every format.

    * draft/classification marks above the title are set aside (listed in
      ``meta["removed_lines"]``, as the PDF reader does with header lines), spans shifted;
    * the separator after a leading label becomes U+3000 (length-preserving).
    """
    from ..model import SourceSpan
    from .labels import label_separator_offsets, leading_marks

    cut = leading_marks(doc.text)
    spans = doc.spans
    meta = doc.meta
    if cut and doc.text[cut:].strip():
        marks = [ln.strip() for ln in doc.text[:cut].split("\n") if ln.strip()]
        meta = dict(meta, removed_lines=marks + list(meta.get("removed_lines", [])))
        spans = tuple(SourceSpan(max(0, s.start - cut), s.end - cut, s.page, s.line, s.block)
                      for s in spans if s.end > cut)
    else:
        cut = 0
    offsets = label_separator_offsets(doc.text[cut:])
    if not cut and not offsets:
        return doc
    # every reader folds its text per character (folded = fold(text)), and U+3000 folds to
    # itself: the new folded text is the old one cut and set alike, not a second fold
    text = _separated(doc.text, cut, offsets)
    folded = _separated(doc.folded, cut, offsets)
    return Document(source=doc.source, format=doc.format, text=text, folded=folded, spans=spans, meta=meta)


def _separated(s: str, cut: int, offsets: list[int]) -> str:
    """``s[cut:]`` with U+3000 at each of ``offsets`` (offsets into ``s[cut:]``)."""
    pieces = []
    pos = cut
    for i in offsets:
        pieces.append(s[pos:cut + i])
        pieces.append("\u3000")
        pos = cut + i + 1
    pieces.append(s[pos:])
    return "".join(pieces)


def _read(fmt: str, data: bytes, path: Path, ocr: bool = True) -> Document:
    if fmt == "txt":
        from .text import read_text

        return read_text(data, str(path), fmt)
    if fmt == "md":
        from .markdown import read_markdown

        return read_markdown(data, str(path))
    if fmt == "docx":
        from .docx import read_docx

        return read_docx(data, str(path))
    from .pdf import read_pdf

    return read_pdf(data, str(path), ocr=ocr)
