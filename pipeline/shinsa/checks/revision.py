"""References left behind by a renumbering (needs the previous version).

A single document cannot show that 「第5条」 should now read 「第6条」: only
the previous version and the clause alignment can. ``shinsa diff`` passes
them in ``ctx.options["previous"]`` as ``(old_facts, pairs)``; a plain scan
has no previous version and this check reports nothing.

A NEW reference is stale when the same reference (same text, same place in
the aligned clause) in OLD pointed at a clause that NEW still has under
another path, or that NEW deleted, while the NEW reference points elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..model import Finding

STALE = "stale_reference"
RULE_IDS = (STALE,)

def check(facts, ctx) -> Iterable[Finding]:
    prev = (ctx.options or {}).get("previous") if ctx is not None else None
    if not prev:
        return ()
    old_facts, pairs = prev
    return list(stale_references(old_facts, facts, pairs))


def _refs_by_clause(facts) -> dict:
    out: dict = {}
    for r in facts.references:
        if r.kind == "internal":
            out.setdefault(r.clause, []).append(r)
    return out


def _old_offset(p, old_facts, new_facts, start: int, end: int) -> int | None:
    """Where NEW text[start:end] of pair ``p`` stood in OLD, when that text is unchanged
    (inside an ``equal`` op of the inline diff); None when the drafter edited it."""
    oc, nc = p.old.clause, p.new.clause
    if not p.ops:
        if old_facts.text[oc.start:p.old.end] == new_facts.text[nc.start:p.new.end]:
            return oc.start + (start - nc.start)
        return None
    o, n = oc.start, nc.start
    for op in p.ops:
        if op.op == "equal" and n <= start and end <= n + len(op.new):
            return o + (start - n)
        o += len(op.old)
        n += len(op.new)
    return None


def _same_reference(p, r, old_facts, new_facts, olds: list, news: list):
    """The OLD reference that NEW reference ``r`` continues: at the same place of unchanged text,
    or, for clauses whose text differs only in layout (status unchanged), the same text in the same order."""
    at = _old_offset(p, old_facts, new_facts, r.start, r.end)
    if at is not None:
        return next((o for o in olds if o.start == at and o.text == r.text), None)
    if p.status != "unchanged":
        return None
    same = [o for o in olds if o.text == r.text]
    nth = sum(1 for x in news if x.text == r.text and x.start < r.start)
    return same[nth] if nth < len(same) else None


def stale_references(old_facts, new_facts, pairs) -> Iterator[Finding]:
    """Findings on NEW for references that did not follow the renumbering of their target."""
    old_to_new = {p.old.index: p.new for p in pairs if p.old and p.new and p.relation is None}
    deleted = {p.old.index for p in pairs if p.old and not p.new}
    old_refs = _refs_by_clause(old_facts)
    new_refs = _refs_by_clause(new_facts)
    for p in pairs:
        if not (p.old and p.new) or p.relation is not None:
            continue
        news = new_refs.get(p.new.path, [])
        for r in news:
            before = _same_reference(p, r, old_facts, new_facts, old_refs.get(p.old.path, []), news)
            if before is None or before.target is None:
                continue
            target = before.target
            if target in deleted:
                yield new_facts.finding(
                    STALE, "deleted_target", "error", r.start, r.end,
                    f"「{r.text}」が指していた改正前の{old_facts.clauses[target].path}は削除されています。",
                    "参照を削除するか、参照先の規定を復活させてください。")
            elif target in old_to_new:
                now = old_to_new[target]
                if r.target != now.index:
                    yield new_facts.finding(
                        STALE, "renumbered", "error", r.start, r.end,
                        f"「{r.text}」は改正前の{old_facts.clauses[target].path}を指していましたが、"
                        f"その条項は現在{now.path}です。番号の変更に合わせて参照が更新されていません。",
                        f"「{now.path}」に直すか、参照先を確認してください。")
