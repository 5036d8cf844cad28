"""JSON of a comparison (``shinsa diff``; ``schema_version`` 1 of the diff output).

``pairs`` are in reading order of NEW (deleted clauses after their old
predecessor's partner), one per aligned clause at every level; ``ops`` is the
reading-unit diff of the pair's full text (empty when unchanged).
"""

from __future__ import annotations

import json
from typing import Any

from .. import SCHEMA_VERSION



def _side(result) -> dict:
    prof = (result.facts.extra.get("profile") or {}) if result.facts else {}
    return {"source": result.source, "format": result.format, "status": result.status,
            "profile": prof.get("id") if isinstance(prof, dict) else None}


def pair_text(result, unit) -> str:
    if unit is None:
        return ""
    return result.doc.text[unit.clause.start:unit.end]


def pair_json(cmp, p) -> dict:
    c = (p.new or p.old).clause
    return {"old_path": p.old_path, "new_path": p.new_path, "status": p.status, "relation": p.relation,
            "kind": c.kind, "level": p.depth,
            "old_caption": p.old.clause.caption if p.old else None,
            "new_caption": p.new.clause.caption if p.new else None,
            "old_text": pair_text(cmp.old, p.old), "new_text": pair_text(cmp.new, p.new),
            "ops": [op.to_json() for op in p.ops]}


def to_json(cmp) -> dict:
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "old": _side(cmp.old),
        "new": _side(cmp.new),
        "summary": {"pairs": cmp.counts(), "findings": cmp.finding_counts(), "dismissed": cmp.dismissed},
        "pairs": [pair_json(cmp, p) for p in cmp.pairs],
        "findings": [f.to_json() for f in cmp.findings],
    }
    if cmp.template is not None:
        out["template"] = cmp.template
    return out


def dumps(cmp) -> str:
    return json.dumps(to_json(cmp), ensure_ascii=False, indent=1)
