"""Terminal lines of a comparison: one per changed clause, then the findings follow-up."""

from __future__ import annotations

from typing import Iterable

from ..compare import FINDING_STATUS_JA, STATUS_JA, status_ja


def _short(s: str, n: int = 30) -> str:
    s = "".join(s.split())
    return s if len(s) <= n else s[:n - 1] + "…"


def _ops_summary(p) -> str:
    parts = []
    for op in p.ops:
        if op.op == "delete":
            parts.append(f"－「{_short(op.old)}」")
        elif op.op == "insert":
            parts.append(f"＋「{_short(op.new)}」")
        elif op.op == "replace":
            parts.append(f"「{_short(op.old)}」→「{_short(op.new)}」")
    return " ".join(parts[:3]) + (" …" if len(parts) > 3 else "")


def lines(cmp) -> Iterable[str]:
    for p in cmp.pairs:
        if p.status == "unchanged" or (p.depth and p.status == "renumbered"):
            continue
        c = (p.new or p.old).clause
        head = f"{status_ja(p)} {p.old_path or '-'} → {p.new_path or '-'}"
        if c.caption and p.depth == 0:
            head += f" {c.caption}"
        detail = _ops_summary(p) if p.status in ("modified", "moved") else ""
        yield f"{head}{'  ' + detail if detail else ''}"
    for f in cmp.findings:
        x = f.finding
        rule = x.rule + (f"/{x.detail}" if x.detail else "")
        yield f"指摘 {FINDING_STATUS_JA[f.status]} {x.clause or '-'}: {x.severity} {rule} 「{_short(x.quote, 40)}」 {x.message}"
    if cmp.template:
        for d in cmp.template["required_deletions"]:
            yield f"必須条項の削除 {d['old_path']}: {d['message']}"


def summary(cmp) -> str:
    c = cmp.counts()
    f = cmp.finding_counts()
    parts = "、".join(f"{STATUS_JA[s]} {c[s]}" for s in STATUS_JA if c.get(s))
    return (f"{cmp.old.source} → {cmp.new.source}: 条項 {sum(c.values())} 件（{parts or 'なし'}）、"
            f"指摘 解消 {f['resolved']}・未解消 {f['persisting']}・新規 {f['new']}")
