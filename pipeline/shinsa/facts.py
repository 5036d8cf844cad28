"""Shared facts about one document, computed once and read by every check.

``build_facts`` is the short orchestrator (Lawtext-style): structure, then
sentences and tokens, then the analyses. Checks receive the frozen
:class:`Facts` and never re-tokenize or re-scan for structure.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any, Optional

from .model import Clause, Document, Finding, Related, Sentence, Token, fingerprint


@dataclass(frozen=True)
class Facts:
    doc: Document
    clauses: tuple[Clause, ...]
    sentences: tuple[Sentence, ...]
    # analyses (filled by shinsa.analysis.*; empty until they run)
    definitions: tuple = ()
    references: tuple = ()
    parties: tuple = ()
    statements: tuple = ()
    propositions: tuple = ()  # analysis.propositions: every predicate with its arguments
    extra: dict = field(default_factory=dict, compare=False)
    _clause_starts: list = field(default_factory=list, compare=False, repr=False)
    _sent_starts: list = field(default_factory=list, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._clause_starts[:] = [c.start for c in self.clauses]
        self._sent_starts[:] = [s.start for s in self.sentences]

    def for_reports(self) -> "Facts":
        """These facts without what only the analyses and checks read (tokens, statements,
        propositions, resolved references, private ``extra`` entries), so that a batch
        worker frees them before it renders the reports (clauses, definitions, parties
        and the public ``extra`` entries stay)."""
        return Facts(doc=self.doc, clauses=self.clauses, sentences=(), definitions=self.definitions,
                     parties=self.parties,
                     extra={k: v for k, v in self.extra.items() if not k.startswith("_")})

    # -- text -------------------------------------------------------------
    @property
    def text(self) -> str:
        return self.doc.text

    @property
    def folded(self) -> str:
        return self.doc.folded

    # -- clause lookup ----------------------------------------------------
    def clause_at(self, offset: int) -> Optional[Clause]:
        """The deepest clause containing ``offset`` (None outside every clause)."""
        i = self.clause_index_at(offset)
        return self.clauses[i] if i is not None else None

    def clause_index_at(self, offset: int) -> Optional[int]:
        """Index into ``clauses`` of :meth:`clause_at` (no search of the tuple for the clause)."""
        i = bisect.bisect_right(self._clause_starts, offset) - 1
        while i >= 0:
            c = self.clauses[i]
            if c.start <= offset < c.end:
                return i
            # walk up: the parent of c may contain offset
            i = c.parent if c.parent is not None and c.parent < i else i - 1
        return None

    def article_of(self, clause: Optional[Clause]) -> Optional[Clause]:
        """The enclosing article (or top-level numbered unit) of ``clause``."""
        c = clause
        while c is not None:
            if c.kind == "article":
                return c
            c = self.clauses[c.parent] if c.parent is not None else None
        return None

    def parent_of(self, clause: Clause) -> Optional[Clause]:
        return self.clauses[clause.parent] if clause.parent is not None else None

    def children_of(self, index: int) -> list[Clause]:
        return [c for c in self.clauses if c.parent == index]

    def clause_path(self, offset: int) -> Optional[str]:
        c = self.clause_at(offset)
        return c.path if c else None

    # -- sentences --------------------------------------------------------
    def sentence_at(self, offset: int) -> Optional[Sentence]:
        i = self.sentence_index_at(offset)
        return self.sentences[i] if i is not None else None

    def sentence_index_at(self, offset: int) -> Optional[int]:
        """Index into ``sentences`` of the sentence holding ``offset`` (or None)."""
        i = bisect.bisect_right(self._sent_starts, offset) - 1
        if i >= 0 and self.sentences[i].start <= offset < self.sentences[i].end:
            return i
        return None

    def sentences_in(self, start: int, end: int) -> list[Sentence]:
        """Sentences overlapping [start, end) (including one that starts before ``start``)."""
        i = bisect.bisect_right(self._sent_starts, start) - 1
        if i < 0 or self.sentences[i].end <= start:
            i += 1
        out = []
        while i < len(self.sentences) and self.sentences[i].start < end:
            out.append(self.sentences[i])
            i += 1
        return out

    def tokens_in(self, start: int, end: int) -> list[Token]:
        return [t for s in self.sentences_in(start, end) for t in s.tokens if start <= t.start and t.end <= end]

    # -- findings ---------------------------------------------------------
    def finding(self, rule: str, detail: Optional[str], severity: str, start: int, end: int,
                message: str, suggestion: str, related: tuple[Related, ...] | list = ()) -> Finding:
        """Build a finding with quote, clause, page and fingerprint filled in."""
        quote = self.doc.text[start:end]
        clause = self.clause_path(start)
        return Finding(rule=rule, detail=detail, severity=severity, start=start, end=end, quote=quote,
                       clause=clause, page=self.doc.page_at(start), message=message,
                       suggestion=suggestion, related=tuple(related),
                       fingerprint=fingerprint(rule, quote, clause))


def build_facts(doc: Document, options: Any = None) -> Facts:
    """Compute every shared fact of ``doc`` once."""
    from . import nlp, structure

    clauses = structure.parse(doc)
    sents = nlp.sentences(doc.folded)
    facts = Facts(doc=doc, clauses=clauses, sentences=sents)
    from .analysis import run_analyses

    return run_analyses(facts, options)
