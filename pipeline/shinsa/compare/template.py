"""加除修正事項: what a draft adds, deletes and modifies relative to a standard.

A deleted clause is flagged when it carried a topic (see
:mod:`shinsa.analysis.coverage`) that the draft's profile marks as required
and the draft no longer covers anywhere (for example the 再委託 or 返還・廃棄
clause taken out of the standard 個人情報取扱特記事項).
"""

from __future__ import annotations

_KIND = {"added": "追加", "deleted": "削除", "modified": "修正", "moved": "移動"}


def _topics_in(facts, start: int, end: int) -> list[dict]:
    rows = facts.extra.get("coverage") or []
    return [r for r in rows if any(start <= e["start"] < end for e in r.get("evidence", ()))]


def template_changes(cmp) -> dict:
    """{"items": [...], "required_deletions": [...]} over the top-level pairs (条・別表・附則)."""
    of, nf = cmp.old.facts, cmp.new.facts
    new_rows = {r["topic"]: r for r in nf.extra.get("coverage") or []}
    items = []
    flagged = []
    for p in cmp.pairs:
        if p.depth != 0 or p.status not in _KIND:
            continue
        item = _item(p)
        if p.status == "deleted":
            c = p.old.clause
            lost = [r for r in _topics_in(of, c.start, p.old.end)
                    if new_rows.get(r["topic"], {}).get("required") and new_rows[r["topic"]]["status"] == "absent"]
            item["required_topics"] = [{"topic": r["topic"], "name": r["name"]} for r in lost]
            for r in lost:
                flagged.append({"old_path": c.path, "topic": r["topic"], "name": r["name"],
                                "message": f"標準にある「{r['name']}」の条項（{c.path}）が削除されていますが、"
                                           f"この種類の文書では必須の記載事項です。"})
        items.append(item)
    return {"items": items, "required_deletions": flagged}


def _item(p) -> dict:
    return {"kind": _KIND.get(p.status, p.status), "status": p.status, "old_path": p.old_path,
            "new_path": p.new_path, "caption": ((p.new or p.old).clause.caption or "")}
