"""Compare two versions of a draft: clause alignment, inline diff, findings follow-up.

``compare(old, new)`` takes two analysed :class:`~shinsa.scan.Result` values
(``analyze_path`` on each file: one Sudachi pipeline per process serves both)
and returns a :class:`Comparison` that every diff report renders.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..model import Result
from .align import Pair, align, build_units
from .followup import FollowUp, follow_up, split_reviewed
from .inline import unit_ops


# what a reader sees for each pair status and finding status (reports, Japanese)
STATUS_JA = {"unchanged": "変更なし", "modified": "修正", "added": "追加", "deleted": "削除",
             "moved": "移動", "renumbered": "番号変更"}
FINDING_STATUS_JA = {"resolved": "解消", "persisting": "未解消", "new": "新規"}
RELATION_JA = {"merged": "（統合）", "split": "（分割）"}


def status_ja(pair) -> str:
    """区分 as a reader sees it: 修正（統合）, 番号変更, …"""
    return STATUS_JA[pair.status] + RELATION_JA.get(pair.relation or "", "")


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


@dataclass(frozen=True)
class Row:
    """One row of a 新旧対照表: a top-level pair (条, 別表, 附則 …) and the findings inside it."""

    pair: Pair
    findings: tuple[FollowUp, ...]

    def finding_summary(self) -> str:
        n: dict[str, int] = {}
        for f in self.findings:
            n[f.status] = n.get(f.status, 0) + 1
        return "・".join(f"{FINDING_STATUS_JA[s]} {n[s]}" for s in ("resolved", "persisting", "new") if s in n)


def _anchor_paths(facts) -> dict[str, str]:
    """clause path -> path of its top-level unit (the nearest enclosing 条, 別表, 附則 …)."""
    from .align import ANCHOR_KINDS, CONTAINER_KINDS

    out = {}
    for c in facts.clauses:
        a = c
        while a.kind not in ANCHOR_KINDS - CONTAINER_KINDS and a.parent is not None:
            a = facts.clauses[a.parent]
        out[c.path] = a.path
    return out


def rows(cmp: Comparison) -> list[Row]:
    """Top-level pairs in order, each with the follow-up of the findings inside it."""
    old_anchor, new_anchor = _anchor_paths(cmp.old.facts), _anchor_paths(cmp.new.facts)
    top = [p for p in cmp.pairs if p.depth == 0]
    by_new: dict[str, int] = {}
    by_old: dict[str, int] = {}
    for i, p in enumerate(top):  # a merged / split extra pair never takes the findings of the main one
        if p.new and p.relation != "merged":
            by_new.setdefault(p.new_path, i)
        if p.old and p.relation != "split":
            by_old.setdefault(p.old_path, i)
    found: list[list[FollowUp]] = [[] for _ in top]
    for f in cmp.findings:
        clause = f.finding.clause
        i = by_old.get(old_anchor.get(clause)) if f.status == "resolved" else by_new.get(new_anchor.get(clause))
        if i is not None:
            found[i].append(f)
    return [Row(p, tuple(fs)) for p, fs in zip(top, found)]


def changed_subclauses(cmp: Comparison) -> list[Pair]:
    """Paragraphs and items that are modified, moved, added or deleted inside a clause both
    versions have (the children of an added or deleted article follow it and are left out)."""
    gone_old = {p.old.index for p in cmp.pairs if p.old and not p.new}
    gone_new = {p.new.index for p in cmp.pairs if p.new and not p.old}
    out = []
    for p in cmp.pairs:
        if p.depth == 0 or p.status not in ("modified", "moved", "added", "deleted"):
            continue
        if (p.old and p.old.clause.parent in gone_old) or (p.new and p.new.clause.parent in gone_new):
            continue
        out.append(p)
    return out


def path_map(pairs: list[Pair]) -> dict[str, Optional[str]]:
    """OLD clause path -> NEW clause path (None when deleted); merges and splits do not move paths."""
    out: dict[str, Optional[str]] = {}
    for p in pairs:
        if p.old is not None and p.relation is None:
            out.setdefault(p.old.path, p.new.path if p.new else None)
    return out


def _shown(facts, unit) -> str:
    return facts.text[unit.clause.start:unit.end]


def compare(old: Result, new: Result, reviewed: Optional[list] = None, template: bool = False) -> Comparison:
    from ..checks.revision import stale_references

    for r in (old, new):
        if r.status != "ok" or r.facts is None:
            raise ValueError(f"cannot compare {r.source}: {(r.error or '').splitlines()[0] if r.error else r.status}")
    of, nf = old.facts, new.facts
    pairs = align(build_units(of.folded, of.clauses), build_units(nf.folded, nf.clauses))
    pairs = [Pair(p.old, p.new, p.status, p.relation, unit_ops(of, p.old, nf, p.new))
             if p.old and p.new and p.status != "unchanged" and _shown(of, p.old) != _shown(nf, p.new) else p
             for p in pairs]
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
