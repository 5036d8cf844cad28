"""Compare two versions of a draft: clause alignment, inline diff, findings follow-up.

``compare(old, new)`` takes two analysed :class:`~shinsa.scan.Result` values
(``analyze_path`` on each file: one Sudachi pipeline per process serves both)
and returns a :class:`Comparison` that every diff report renders.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..scan import Result
from .align import Pair, align, build_units
from .followup import FollowUp, follow_up, split_reviewed
from .inline import clause_ops


@dataclass
class Comparison:
    old: Result
    new: Result
    pairs: list[Pair]
    findings: list[FollowUp]
    stale: list = field(default_factory=list)  # stale_reference findings on NEW (also in ``findings``)
    template: Optional[dict] = None  # 加除修正事項 when NEW was compared against a standard
    dismissed: int = 0  # NEW findings left out because the reviewer had removed them from the OLD list

    @property
    def changes(self) -> list[Pair]:
        return [p for p in self.pairs if p.status != "unchanged"]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for p in self.pairs:
            if p.depth == 0:
                out[p.status] = out.get(p.status, 0) + 1
        return out

    def finding_counts(self) -> dict[str, int]:
        out = {"resolved": 0, "persisting": 0, "new": 0}
        for f in self.findings:
            out[f.status] += 1
        return out


def path_map(pairs: list[Pair]) -> dict[str, Optional[str]]:
    """OLD clause path -> NEW clause path (None when deleted); merges and splits do not move paths."""
    out: dict[str, Optional[str]] = {}
    for p in pairs:
        if p.old is not None and p.relation is None:
            out.setdefault(p.old.path, p.new.path if p.new else None)
    return out


def compare(old: Result, new: Result, reviewed: Optional[list] = None, template: bool = False) -> Comparison:
    from ..checks.revision import stale_references

    of, nf = old.facts, new.facts
    pairs = align(build_units(of.folded, of.clauses), build_units(nf.folded, nf.clauses))
    pairs = [Pair(p.old, p.new, p.status, p.relation, clause_ops(of, p.old.clause, nf, p.new.clause))
             if p.old and p.new and p.status != "unchanged" else p for p in pairs]
    stale = list(stale_references(of, nf, pairs))
    new_findings = sorted(list(new.findings) + stale, key=lambda f: (f.start, f.end, f.rule))
    dismissed = split_reviewed(old.findings, reviewed) if reviewed is not None else []
    old_findings = reviewed if reviewed is not None else old.findings
    fu = follow_up(old_findings, new_findings, path_map(pairs), dismissed)
    n_dismissed = len(new_findings) - sum(f.status != "resolved" for f in fu)
    cmp = Comparison(old, new, pairs, fu, stale, dismissed=n_dismissed)
    if template:
        from .template import template_changes

        cmp.template = template_changes(cmp)
    return cmp
