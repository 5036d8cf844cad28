"""Ingest: a file on disk -> :class:`~shinsa.model.Document`.

Every reader returns the same value (text, folded text, source map). Anything
unreadable raises :class:`IngestError` with a Japanese and an English message;
the caller turns it into ``status: "error"`` and goes on with the next file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..model import Document

SUPPORTED = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".docx": "docx", ".pdf": "pdf"}


@dataclass
class IngestError(Exception):
    """A file that cannot be read. ``code`` is stable; messages are for people."""

    code: str
    ja: str
    en: str

    def __str__(self) -> str:
        return f"{self.ja} / {self.en}"


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
    if fmt in ("txt", "md"):
        from .text import read_text

        return read_text(data, str(path), fmt)
    if fmt == "docx":
        from .docx import read_docx

        return read_docx(data, str(path))
    from .pdf import read_pdf

    return read_pdf(data, str(path), ocr=ocr)
