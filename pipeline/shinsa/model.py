"""Small typed values shared by every stage.

Offsets (``start``/``end``) are always half-open indices into ``Document.text``,
the text a reader sees. ``Document.folded`` is the same text with a
length-preserving character fold (see :mod:`shinsa.textnorm`): checks match on
``folded`` and quote from ``text``, so offsets never need translating.
"""

from __future__ import annotations

import bisect
import hashlib
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple, Optional

if TYPE_CHECKING:  # the facts module builds on this one
    from .facts import Facts


@dataclass(frozen=True)
class SourceSpan:
    """Where a run of text came from in the original file.

    ============  ==========================================================
    start, end    offsets into ``Document.text`` covered by this span
    page          1-based page number (PDF), or None
    line          1-based line number (text files, and line within page for PDF)
    block         DOCX location such as ``p12`` (body paragraph index) or
                  ``t1/r2/c3`` (table, row, cell, all 1-based); None otherwise
    ============  ==========================================================
    """

    start: int
    end: int
    page: Optional[int] = None
    line: Optional[int] = None
    block: Optional[str] = None


@dataclass(frozen=True)
class Document:
    """The ingested text of one file plus its source map.

    ``spans`` are sorted by ``start`` and cover every character of ``text``
    that came from the file (synthetic separators such as joined newlines may
    fall between spans; :meth:`locate` then answers with the span before).
    """

    source: str
    format: str  # "txt" | "md" | "docx" | "pdf"
    text: str
    folded: str
    spans: tuple[SourceSpan, ...] = ()
    meta: dict = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if len(self.text) != len(self.folded):
            raise ValueError("folded text must have the same length as text")
        # span starts for bisect, computed once per document (frozen: set through object)
        object.__setattr__(self, "_starts", [s.start for s in self.spans])

    def locate(self, offset: int) -> Optional[SourceSpan]:
        """The source span containing ``offset`` (or the nearest one before it)."""
        if not self.spans:
            return None
        i = bisect.bisect_right(self._starts, offset) - 1
        if i < 0:
            return self.spans[0]
        return self.spans[i]

    def page_at(self, offset: int) -> Optional[int]:
        span = self.locate(offset)
        return span.page if span else None


class Token(NamedTuple):
    """One Sudachi morpheme with absolute offsets.

    ``norm`` is Sudachi's normalized form (速やか for すみやか / 速か),
    ``lemma`` its dictionary form, ``pos`` the first two POS fields joined by
    ``-`` (e.g. ``名詞-普通名詞``). A NamedTuple: immutable like the other
    values, and about 4x cheaper to build than a frozen dataclass, which
    matters because every morpheme of every document becomes one.
    """

    surface: str
    norm: str
    lemma: str
    pos: str
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    """A sentence (split at 。 outside brackets, and at line ends) with its tokens."""

    start: int
    end: int
    tokens: tuple[Token, ...]


@dataclass(frozen=True)
class Clause:
    """One node of the clause tree.

    ===========  ============================================================
    path         normalised citation path, e.g. ``第3条の2第2項第1号``
    label        the label as written (``第三条の二``, ``２``, ``（１）``, ``ア``)
    kind         ``title`` ``preamble`` ``part`` ``chapter`` ``section``
                 ``subsection`` ``division`` ``article`` ``paragraph``
                 ``item`` ``subitem`` ``suppl`` ``appendix`` ``toc``
    caption      the caption as written, e.g. ``（目的）``, or None
    start, end   span in ``Document.text`` (an article starts at its caption)
    page         page of ``start`` for PDFs, else None
    depth        0 for top-level nodes
    parent       index of the parent node in the clause tuple, or None
    num          the numbers of the label, e.g. (3, 2) for 第3条の2; () if none
    ===========  ============================================================
    """

    path: str
    label: str
    kind: str
    caption: Optional[str]
    start: int
    end: int
    page: Optional[int] = None
    depth: int = 0
    parent: Optional[int] = None
    num: tuple[int, ...] = ()
    label_start: Optional[int] = None
    body_start: Optional[int] = None


@dataclass(frozen=True)
class Related:
    start: int
    end: int
    note: str


@dataclass(frozen=True)
class Finding:
    """One reported problem (the ``findings`` items of the JSON contract)."""

    rule: str
    detail: Optional[str]
    severity: str  # "error" | "warning" | "info"
    start: int
    end: int
    quote: str
    clause: Optional[str]
    page: Optional[int]
    message: str
    suggestion: str
    related: tuple[Related, ...] = ()
    fingerprint: str = ""

    def to_json(self) -> dict:
        return {
            "rule": self.rule,
            "detail": self.detail,
            "severity": self.severity,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "clause": self.clause,
            "page": self.page,
            "message": self.message,
            "suggestion": self.suggestion,
            "related": [{"start": r.start, "end": r.end, "note": r.note} for r in self.related],
            "fingerprint": self.fingerprint,
        }


SEVERITIES = ("info", "warning", "error")


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity) if severity in SEVERITIES else -1


def fingerprint(rule: str, quote: str, clause: Optional[str]) -> str:
    """Stable hash of rule + normalised quote + clause path (contract)."""
    q = "".join(unicodedata.normalize("NFKC", quote).split())
    raw = f"{rule}\x1f{q}\x1f{clause or ''}".encode()
    return hashlib.sha1(raw).hexdigest()[:16]


# ---------------------------------------------------------------------------
# the result of reading one file (what reports render)
# ---------------------------------------------------------------------------


@dataclass
class Result:
    source: str
    format: str
    status: str  # "ok" | "error"
    error: Optional[str] = None
    error_code: Optional[str] = None
    doc: Optional[Document] = None
    facts: Optional[Facts] = None
    findings: list[Finding] = field(default_factory=list)
