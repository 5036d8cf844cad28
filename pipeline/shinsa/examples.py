"""Running the examples that lexicons declare: every entry's ``flag``/``pass``
sentences are read exactly like a document (ingest → structure → nlp → analyses
→ checks) and must behave as declared. Used by ``shinsa lexicon test`` and the
test suite; it sits above the stages because it runs all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from .checks import check_modules
from .facts import build_facts
from .ingest.text import read_text
from .lexicon import Entry, Example, LexiconSet
from .textnorm import fold




@dataclass(frozen=True)
class ExampleResult:
    entry: Entry
    example: Example
    ok: bool
    found: tuple[str, ...]  # quotes this entry produced

    def describe(self) -> str:
        want = "flag" if self.example.expect == "flag" else "pass"
        got = "、".join(f"「{q}」" for q in self.found) or "なし"
        q = f"（quote「{self.example.quote}」）" if self.example.quote else ""
        return (f"{self.entry.file}:{self.example.line}: [{self.entry.id}] {want}{q}: "
                f"{self.example.text}  → 検出: {got}")


def example_facts(text: str):
    """Facts for one example sentence, built exactly like a document's."""
    doc = read_text(text.encode("utf-8"), "<example>", "txt")
    return build_facts(doc)


def entry_hits(facts, lexset: LexiconSet, rule: str) -> list[tuple[str, Any]]:
    """(entry id, finding or match) pairs for ``rule``: through the check module that
    implements the rule when it exposes ``lexicon_hits``, else the raw matches."""
    for mod in check_modules():
        if rule in getattr(mod, "RULE_IDS", ()) and hasattr(mod, "lexicon_hits"):
            return list(mod.lexicon_hits(facts, lexset, rule))
    return [(m.entry.id, m) for m in lexset.scan(facts).by_rule.get(rule, [])]


def run_examples(lexset: LexiconSet, only: Iterable[str] | None = None) -> list[ExampleResult]:
    """Run every entry's examples; ``ok`` tells whether each behaved as declared."""
    wanted = set(only) if only else None
    results = []
    cache: dict[str, Any] = {}
    for e in lexset.entries:
        if wanted and e.id not in wanted and e.rule not in wanted:
            continue
        for ex in e.examples:
            facts = cache.get(ex.text)
            if facts is None:
                facts = cache[ex.text] = example_facts(ex.text)
            hits = entry_hits(facts, lexset, e.rule)
            quotes = tuple(facts.text[h.start:h.end] for eid, h in hits if eid == e.id)
            if ex.expect == "flag":
                ok = bool(quotes) and (ex.quote is None or any(
                    fold(ex.quote) in fold(q) or fold(q) in fold(ex.quote) for q in quotes))
            else:
                ok = not quotes
            results.append(ExampleResult(e, ex, ok, quotes))
    return results


def run_consistency_examples(ctx=None) -> list[tuple[str, str, str, bool, list[str]]]:
    """(file:line, entry id, expect, ok, quotes) for every example of the consistency lexicons."""
    from .checks.consistency import check, example_document, lexicon_for

    lex = lexicon_for(ctx)
    results = []

    def run(rule, detail, examples, file):
        for expect, text, line in examples:
            facts = example_facts(example_document(text))
            got = [f for f in check(facts, ctx) if f.rule == rule and (detail is None or f.detail == detail)]
            ok = bool(got) if expect == "flag" else not got
            results.append((f"{file}:{line}", detail or rule, expect, ok, [f.quote for f in got]))

    for ann in lex.announcements.values():
        run("empty_heading", ann.id, ann.examples, ann.file)
    for group in (lex.pairs, lex.quantities, lex.windows, lex.measures, lex.exclusives, lex.permissions,
                  lex.deadlines, lex.term_dates, lex.amount_totals, lex.frequencies):
        for entry in (group or {}).values():
            run("contradiction", entry.id, entry.examples, entry.file)
    run("stale_certification", None, lex.cert_examples, lex.cert_file)
    return results
