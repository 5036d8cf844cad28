"""reference_to_repealed_law: a draft cites a law or ordinance that has been repealed
or renamed (lexicons/repealed_law.yaml), typically left over from an old template.

The vocabulary (which laws, since when, the wording that marks a deliberate reference
to the old law) is the lexicon's; this module only reports the matches, one per place,
and leaves out the supplementary provisions (附則), whose transitional clauses cite
repealed laws by design.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from .. import lexicon as lx
from ..model import Finding

RULE = "reference_to_repealed_law"
RULE_IDS = (RULE,)


def _in_supplementary(facts, start: int) -> bool:
    clause = facts.clause_at(start)
    while clause is not None:
        if (clause.path or "").startswith("附則") or clause.kind == "supplementary":
            return True
        clause = facts.clauses[clause.parent] if clause.parent is not None else None
    return False


def lexicon_hits(facts, lexset: lx.LexiconSet, rule: str = RULE) -> Iterable[tuple[str, Finding]]:
    """(entry id, finding) for every match outside 附則, longest first at one place."""
    seen: list[tuple[int, int]] = []
    scan = lexset.scan(facts)
    for m in sorted(scan.by_rule.get(rule, ()), key=lambda m: (m.start, -(m.end - m.start))):
        if _in_supplementary(facts, m.start) or any(a <= m.start and m.end <= b for a, b in seen):
            continue
        seen.append((m.start, m.end))
        quote = facts.text[m.start:m.end]
        e = m.entry
        yield e.id, facts.finding(e.rule, e.detail, scan.severity(m), m.start, m.end,
                                  e.render_message(quote), e.render_suggestion(quote))


def check(facts, ctx) -> Iterator[Finding]:
    for _, f in lexicon_hits(facts, lx.of(ctx)):
        yield f
