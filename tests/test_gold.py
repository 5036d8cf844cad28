"""Consistency of the gold annotations in corpora/drafts/*.gold.yaml.

Every gold file must name rules from the contract, topics and profiles from the
coverage list, and quotes that really occur in the draft. Once the structure
parser is available, each quote must also sit in the clause the gold names, as the
deepest clause containing it (the convention the evaluation matches on), and be
unique in that clause's own text so the evaluation cannot pick another occurrence.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from shinsa.rules import RULES
from shinsa.textnorm import fold

from conftest import DRAFTS

TOPICS = {
    "secrecy", "purpose_limit", "copy_limit", "subcontract", "takeout", "safety_measures",
    "staff_registration", "staff_pledge", "incident_report", "return_deletion", "deletion_certificate",
    "audit", "media_management", "retention_period", "termination_damages", "data_location",
    "governing_law", "certification", "facility_tier", "backup_logs",
}
PROFILES = {"kojin_joho_tokki", "cloud_tokki", "itaku_keiyaku", "datacenter_tokki", "shiyosho", "unyo_yoryo"}
DETAILS = {
    "vague_wording": {"time", "degree", "discretion", "deferral", "best_effort"},
    "one_sided_exemption": {"cause", "cap", "exemption"},
}
TOP_KEYS = {"document", "profile", "findings", "traps", "present_topics", "delegated_topics"}
FINDING_KEYS = {"rule", "detail", "clause", "quote", "related_quote", "related_clause", "note"}
TRAP_KEYS = {"clause", "quote", "rules", "why"}

GOLD_FILES = sorted(DRAFTS.glob("*.gold.yaml"))


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _txt(path: Path) -> str:
    return (path.parent / (path.name.removesuffix(".gold.yaml") + ".txt")).read_text(encoding="utf-8")


def _entries(gold: dict):
    """(kind, entry) for every finding and trap that carries a quote."""
    for f in gold.get("findings") or []:
        if f.get("quote"):
            yield "finding", f
    for t in gold.get("traps") or []:
        yield "trap", t


def test_gold_files_exist():
    assert GOLD_FILES, "no gold files under corpora/drafts"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_gold_schema(path: Path):
    gold = _load(path)
    stem = path.name.removesuffix(".gold.yaml")
    assert gold.get("document") == stem
    assert not set(gold) - TOP_KEYS, f"unknown top-level keys {set(gold) - TOP_KEYS}"
    if gold.get("profile") is not None:
        assert gold["profile"] in PROFILES
    findings = gold.get("findings") or []
    traps = gold.get("traps") or []
    assert isinstance(findings, list) and isinstance(traps, list)
    for f in findings:
        assert not set(f) - FINDING_KEYS, f"unknown keys in {f}"
        assert f.get("rule") in RULES, f"unknown rule in {f}"
        if f["rule"] == "missing_clause":
            # topic ids, plus the personal-data inventory's info finding (data collected without a purpose)
            assert f.get("detail") in TOPICS | {"purpose_of_collection"}, f
            assert not f.get("quote") and not f.get("clause"), f
            continue
        assert f.get("clause") and f.get("quote"), f"clause and quote required: {f}"
        if f["rule"] in DETAILS:
            assert f.get("detail") in DETAILS[f["rule"]], f
        if f["rule"] == "contradiction":
            assert f.get("related_quote"), f"contradiction needs related_quote: {f}"
    for t in traps:
        assert not set(t) - TRAP_KEYS, f"unknown keys in trap {t}"
        assert t.get("quote") and t.get("why"), t
        for r in t.get("rules") or []:
            assert r in RULES, f"unknown rule in trap {t}"
    present = set(gold.get("present_topics") or [])
    delegated = set(gold.get("delegated_topics") or [])
    missing = {f["detail"] for f in findings if f["rule"] == "missing_clause"} - {"purpose_of_collection"}
    assert present <= TOPICS and delegated <= TOPICS
    assert not present & missing, f"topics both present and missing: {present & missing}"
    assert not delegated & (present | missing)
    # a trap must not sit on a gold finding of a rule it protects
    for t in traps:
        for f in findings:
            if f.get("clause") == t.get("clause") and f.get("quote") and (t.get("rules") is None or f["rule"] in t["rules"]):
                a, b = fold(f["quote"]), fold(t["quote"])
                assert a not in b and b not in a, f"trap {t['quote']} overlaps gold finding {f}"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_gold_quotes_occur_in_draft(path: Path):
    gold = _load(path)
    text = _txt(path)
    for kind, e in _entries(gold):
        assert e["quote"] in text, f"{kind} quote not in {path.name}: {e['quote']!r}"
        if e.get("related_quote"):
            assert e["related_quote"] in text, f"related_quote not in {path.name}: {e['related_quote']!r}"


def _parse(path: Path):
    try:
        from shinsa.ingest import ingest
        from shinsa.structure import parse
    except Exception as exc:  # structure is written in parallel; skip until it imports
        pytest.skip(f"shinsa.structure not importable: {exc}")
    doc = ingest(path.parent / (path.name.removesuffix(".gold.yaml") + ".txt"))
    return doc, parse(doc)


def _own_ranges(clauses, node) -> list[tuple[int, int]]:
    """The parts of a clause's span not covered by any of its descendants."""
    idx = clauses.index(node)
    kids = sorted((c.start, c.end) for c in clauses if c.start >= node.start and c.end <= node.end
                  and c is not node and _is_descendant(clauses, c, idx))
    out, pos = [], node.start
    for s, e in kids:
        if s > pos:
            out.append((pos, s))
        pos = max(pos, e)
    if pos < node.end:
        out.append((pos, node.end))
    return out


def _is_descendant(clauses, c, idx: int) -> bool:
    p = c.parent
    while p is not None:
        if p == idx:
            return True
        p = clauses[p].parent
    return False


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_gold_quotes_in_named_clause(path: Path):
    """Each quote lies in the own text of the clause the gold names, exactly once."""
    doc, clauses = _parse(path)
    by_path = {c.path: c for c in clauses}
    gold = _load(path)
    errors = []
    for kind, e in _entries(gold):
        clause = e.get("clause")
        if not clause:
            continue
        node = by_path.get(clause)
        if node is None:
            errors.append(f"{kind} {e['quote']!r}: no clause {clause}")
            continue
        quote = e["quote"]
        own = [doc.text[s:t] for s, t in _own_ranges(clauses, node)]
        count = sum(part.count(quote) for part in own)
        if count != 1:
            where = sorted({c.path for c in clauses if quote in doc.text[c.start:c.end]}, key=len)
            errors.append(f"{kind} {quote!r}: {count} occurrences in own text of {clause} (found in {where})")
            continue
        # the first occurrence within the whole span is the one in the own text
        first = doc.text.find(quote, node.start, node.end)
        owner = max((c for c in clauses if c.start <= first and first + len(quote) <= c.end),
                    key=lambda c: c.depth)
        if owner.path != clause:
            errors.append(f"{kind} {quote!r}: first occurrence in {clause} lies in {owner.path}")
        rel, rel_clause = e.get("related_quote"), e.get("related_clause")
        if rel and rel_clause:
            rnode = by_path.get(rel_clause)
            if rnode is None or rel not in doc.text[rnode.start:rnode.end]:
                errors.append(f"{kind} related_quote {rel!r} not in {rel_clause}")
            elif rnode.start >= node.start:
                errors.append(f"{kind} related_quote {rel!r} must be the earlier statement")
    assert not errors, f"{path.name}:\n" + "\n".join(errors)


def test_same_path_compares_numbers_and_levels():
    from evaluation.evaluate import same_path

    assert same_path("4.1", "第4条第1項") and same_path("4.2第3号", "第4条第2項第3号")
    assert same_path("第3第1項", "第3条第1項") and same_path("別表第一", "別表第1") and same_path("3", "第3")
    assert not same_path("第1条", "第11条") and not same_path("第3条", "第3条第1項")
    assert not same_path("4.1", "第4条第2項") and not same_path("第3条の2", "第3条")


def test_a_sole_paragraph_may_be_cited_without_its_number(tmp_path):
    from evaluation.evaluate import _sole_paragraph_cited_bare
    from shinsa.scan import analyze_path

    p = tmp_path / "s.txt"
    p.write_text("仕様書\n\n1.\u3000概要\n\u3000本書は、仕様を定める。\n2.\u3000業務\n2.1\u3000清掃\n"
                 "\u3000受注者は、次の作業を行うこと。\n(1) 床の清掃\n(2) ごみの回収\n"
                 "2.2\u3000報告\n\u3000受注者は、毎月報告すること。\n\u3000受注者は、記録を保存すること。\n",
                 encoding="utf-8")
    r = analyze_path(p)
    assert _sole_paragraph_cited_bare("2.1第1項第2号", r) == "2.1第2号"
    assert _sole_paragraph_cited_bare("2.2第1項", r) is None  # 2.2 has a second paragraph
    assert _sole_paragraph_cited_bare("2.1", r) is None


def test_a_decimal_section_cited_as_an_article_paragraph_holds_its_paragraphs():
    from evaluation.evaluate import _decimal_section_cited, same_path

    # a writer who cites 4.2 as 第4条第2項 has no level left for 4.2's second paragraph
    assert same_path(_decimal_section_cited("4.2第2項"), "第4条第2項")
    assert same_path(_decimal_section_cited("4.2第1項第3号"), "第4条第2項第3号")
    assert _decimal_section_cited("第4条第2項") is None and _decimal_section_cited("4第2項") is None
