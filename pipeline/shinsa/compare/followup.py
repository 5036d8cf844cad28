"""Findings follow-up: was each finding of OLD fixed in NEW?

Each OLD finding is looked up in NEW by its fingerprint after translating its
clause path through the alignment (第5条第2項 in OLD is 第6条第2項 in NEW
after an inserted article): same rule, detail and normalised quote in the
aligned clause → ``persisting``; otherwise the same fingerprint anywhere, or
for findings about absent topics (missing_clause) the same rule and detail →
``persisting``; otherwise ``resolved``. NEW findings nobody claimed are
``new``.

A reviewer's list (``--findings OLD.json``) may have rows deleted: those
findings were dismissed by the reviewer, so the NEW finding that continues
one of them is left out instead of being reported as new.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..model import Finding, Related, fingerprint

# findings whose place is the document, not a clause: matched on rule + detail
_DOCUMENT_LEVEL = frozenset({"missing_clause"})


@dataclass(frozen=True)
class FollowUp:
    status: str  # "resolved" | "persisting" | "new"
    finding: Finding  # the NEW finding for persisting/new, the OLD one for resolved
    old: Optional[Finding] = None
    note: str = ""

    def to_json(self) -> dict:
        out = {"status": self.status, "note": self.note, **self.finding.to_json()}
        if self.old is not None and self.status == "persisting":
            out["old_clause"] = self.old.clause
            out["old_fingerprint"] = self.old.fingerprint
        return out


def _q(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", s or "").split())


def _claim(index: dict, key: tuple, taken: set) -> Optional[Finding]:
    for f in index.get(key, ()):
        if id(f) not in taken:
            taken.add(id(f))
            return f
    return None


def follow_up(old: list[Finding], new: list[Finding], path_map: dict[str, Optional[str]],
              dismissed: list[Finding] = ()) -> list[FollowUp]:
    """Status of every OLD finding and every unclaimed NEW one (``dismissed`` claim silently)."""
    by_place: dict[tuple, list[Finding]] = {}
    by_fp: dict[tuple, list[Finding]] = {}
    by_rule: dict[tuple, list[Finding]] = {}
    for f in new:
        by_place.setdefault((f.rule, f.detail, _q(f.quote), f.clause), []).append(f)
        by_fp.setdefault((f.fingerprint,), []).append(f)
        by_rule.setdefault((f.rule, f.detail), []).append(f)
    taken: set[int] = set()
    out: list[FollowUp] = []
    for f in list(old) + list(dismissed):
        mapped = path_map.get(f.clause, f.clause) if f.clause else f.clause
        hit = None
        if f.rule in _DOCUMENT_LEVEL:
            hit = _claim(by_rule, (f.rule, f.detail), taken)
        elif mapped is not None:
            hit = (_claim(by_place, (f.rule, f.detail, _q(f.quote), mapped), taken)
                   or _claim(by_fp, (fingerprint(f.rule, f.quote, mapped),), taken))
        if hit is None and f.clause and mapped == f.clause:
            hit = _claim(by_fp, (f.fingerprint,), taken)
        if any(f is d for d in dismissed):
            continue
        if hit is not None:
            out.append(FollowUp("persisting", hit, f, "修正後も同じ指摘が残っています。"))
        elif f.clause and f.clause in path_map and path_map[f.clause] is None:
            out.append(FollowUp("resolved", f, f, "指摘のあった条項が削除されました。"))
        else:
            out.append(FollowUp("resolved", f, f, "修正後の草案では指摘が解消されています。"))
    out += [FollowUp("new", f, None, "修正後の草案で新たに見つかった指摘です。") for f in new if id(f) not in taken]
    return out


def finding_from_json(d: dict) -> Finding:
    """A finding of our scan JSON (a reviewer may have edited or removed fields)."""
    rule = d.get("rule") or ""
    quote = d.get("quote") or ""
    clause = d.get("clause")
    return Finding(rule=rule, detail=d.get("detail"), severity=d.get("severity") or "warning",
                   start=int(d.get("start") or 0), end=int(d.get("end") or 0), quote=quote, clause=clause,
                   page=d.get("page"), message=d.get("message") or "", suggestion=d.get("suggestion") or "",
                   related=tuple(Related(int(r.get("start", 0)), int(r.get("end", 0)), r.get("note", ""))
                                 for r in d.get("related") or () if isinstance(r, dict)),
                   fingerprint=d.get("fingerprint") or fingerprint(rule, quote, clause))


class FindingsFileError(ValueError):
    pass


def load_findings(path: str | Path) -> list[Finding]:
    """Findings of a scan JSON: one document object, a list of them, or a bare list of findings."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise FindingsFileError(f"指摘の JSON を読み込めません: {path} / cannot read findings JSON: {e}") from e
    docs = data if isinstance(data, list) else [data]
    rows: list = []
    for d in docs:
        if isinstance(d, dict) and isinstance(d.get("findings"), list):
            rows += d["findings"]
        elif isinstance(d, dict) and "rule" in d:
            rows.append(d)
    if not rows and not any(isinstance(d, dict) and "findings" in d for d in docs):
        raise FindingsFileError(f"指摘（findings）が見つかりません: {path} / no findings in {path}")
    return [finding_from_json(r) for r in rows if isinstance(r, dict) and r.get("rule")]


def split_reviewed(analysed: list[Finding], reviewed: list[Finding]) -> list[Finding]:
    """OLD analysis findings the reviewer removed from the list (dismissed)."""
    kept = {f.fingerprint for f in reviewed} | {(f.rule, _q(f.quote), f.clause) for f in reviewed}
    return [f for f in analysed if f.fingerprint not in kept and (f.rule, _q(f.quote), f.clause) not in kept]
