"""Checks: one module per rule family.

A check module exposes ``RULE_IDS`` (the ids it reports) and
``check(facts, ctx) -> Iterable[Finding]``; each id is declared, with its name,
severity and explanation, in ``lexicons/rules/<id>.yaml`` (:mod:`shinsa.rules`).
Modules are discovered, so a new family is one new file plus its registry file
(CONTRIBUTING.md); checks only read :class:`~shinsa.facts.Facts`.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable, Optional

from ..model import Finding


@dataclass
class CheckContext:
    """Per-run settings shared by all checks."""

    lexicons: Any = None  # shinsa.lexicon.LexiconSet, loaded once per process
    profile: Optional[str] = None  # forced document profile id
    select: Optional[frozenset[str]] = None  # only these rule ids (None = all)
    options: dict = field(default_factory=dict)


@lru_cache(maxsize=1)
def check_modules() -> tuple:
    mods = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        mod = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(mod, "check") and hasattr(mod, "RULE_IDS"):
            mods.append(mod)
    return tuple(mods)


def implemented_rules() -> dict[str, str]:
    """rule id -> explanation text (from the registry), for every rule a module implements."""
    from ..rules import RULES

    out: dict[str, str] = {}
    for mod in check_modules():
        for rid in mod.RULE_IDS:
            out[rid] = RULES[rid].doc if rid in RULES else ""
    return out


def run_checks(facts, ctx: CheckContext | None = None) -> list[Finding]:
    """Run every check; deduplicate (one finding per span and rule); sort by position."""
    ctx = ctx or CheckContext()
    seen: dict[tuple, Finding] = {}
    for mod in check_modules():
        if ctx.select is not None and not (set(mod.RULE_IDS) & ctx.select):
            continue
        for f in mod.check(facts, ctx) or ():
            if ctx.select is not None and f.rule not in ctx.select:
                continue
            # findings about absent clauses share the title as their place: one per topic (detail)
            key = (f.rule, f.start, f.end) + ((f.detail,) if f.rule == "missing_clause" else ())
            if key not in seen:
                seen[key] = f
    return sorted(_without_moot(facts, list(seen.values())), key=lambda f: (f.start, f.end, f.rule))


def _without_moot(facts, findings: list[Finding]) -> list[Finding]:
    """A duty put on the wrong party (party_role_inversion) is rewritten as a whole: its missing deadline
    is not a second finding on the same sentence (it is reported again once the bearer is right)."""
    inverted = {id(s) for f in findings if f.rule == "party_role_inversion"
                if (s := facts.sentence_at(f.start)) is not None}
    if not inverted:
        return findings
    return [f for f in findings if not (f.rule == "deadline_missing" and id(facts.sentence_at(f.start)) in inverted)]


def iter_findings(findings: Iterable[Finding], min_severity: str) -> Iterable[Finding]:
    from ..model import severity_rank

    r = severity_rank(min_severity)
    return (f for f in findings if severity_rank(f.severity) >= r)
