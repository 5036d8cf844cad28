"""The stable rule ids (contract) and their registry.

Like ruff's rule table: ids never change meaning and are never reused. Each rule
is declared in one file, ``lexicons/rules/<id>.yaml``: its Japanese name, group,
default severity, the check module that reports it, the lexicons it reads, the
order of its colour in the HTML legend, and its explanation ``doc`` with the
headings of :data:`DOC_HEADINGS` (何を検出するか / なぜ問題か / 例 / 修正例), which
``shinsa explain RULE`` prints. A new rule family is one check module listing the id
in ``RULE_IDS`` plus this one registry file (CONTRIBUTING.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from .lexfile import BUILTIN_DIR, LexiconError, _check_keys, _Problems, read_yaml

DOC_HEADINGS = ("何を検出するか", "なぜ問題か", "例", "修正例")
RULES_DIR = BUILTIN_DIR / "rules"
GROUPS = ("wording", "definitions", "references", "parties", "coverage")
_KEYS = {"id": str, "name": str, "group": str, "order": int, "severity": str, "since": str, "check": str,
         "lexicons": list, "doc": str}
_REQUIRED = ("id", "name", "group", "order", "severity", "check", "doc")


@dataclass(frozen=True)
class Rule:
    id: str
    name: str  # Japanese name shown in reports
    group: str  # wording | definitions | references | parties | coverage
    since: str = "0.1.0"
    severity: str = "warning"  # default severity
    check: str = ""  # module under shinsa.checks that reports it
    lexicons: tuple[str, ...] = ()  # lexicon files it reads (relative to lexicons/)
    order: int = 0  # place in the legend (colour)
    doc: str = ""  # explanation with DOC_HEADINGS
    file: str = ""


def _rule(path, probs: _Problems) -> Rule | None:
    f = str(path)
    before = len(probs)
    data = read_yaml(path, probs)
    if len(probs) > before:
        return None
    if not isinstance(data, dict):
        probs.add(f, 1, "a rule file must be a mapping")
        return None
    _check_keys(data, _KEYS, f, "rule", probs)
    for key in _REQUIRED:
        if not data.get(key):
            probs.add(f, data.line, f"missing '{key}'")
    if len(probs) > before:
        return None
    line = data.key_lines.get
    if data["id"] != path.stem:
        probs.add(f, line("id"), f"id '{data['id']}' must equal the file name '{path.stem}'")
    if data["group"] not in GROUPS:
        probs.add(f, line("group"), f"group must be one of {', '.join(GROUPS)}")
    if data["severity"] not in ("error", "warning", "info"):
        probs.add(f, line("severity"), "severity must be error, warning or info")
    missing = [h for h in DOC_HEADINGS if f"## {h}" not in data["doc"]]
    if missing:
        probs.add(f, line("doc"), "doc lacks the heading(s) " + "、".join(f"## {h}" for h in missing))
    return Rule(id=data["id"], name=data["name"], group=data["group"], since=str(data.get("since") or "0.1.0"),
                severity=data["severity"], check=data["check"], lexicons=tuple(data.get("lexicons") or ()),
                order=data["order"], doc=data["doc"], file=f)


def load_rules(directory=RULES_DIR) -> dict[str, Rule]:
    """Every rule of ``directory`` in legend order; a bad file raises LexiconError (file, line, reason)."""
    probs = _Problems()
    files = sorted(directory.glob("*.yaml")) if directory.is_dir() else []
    if not files:
        raise LexiconError([(str(directory), 0, "rule registry folder not found or empty")])
    rules = [r for r in (_rule(p, probs) for p in files) if r is not None]
    orders: dict[int, str] = {}
    for r in rules:
        if r.order in orders:
            probs.add(r.file, 0, f"order {r.order} is also used by {orders[r.order]}")
        orders[r.order] = r.id
    if probs:
        raise LexiconError(list(probs))
    return {r.id: r for r in sorted(rules, key=lambda r: r.order)}


try:
    RULES: dict[str, Rule] = load_rules()
except LexiconError as _e:  # reported at start-up by the CLI (exit 2); importing must not fail
    RULES = {}
    LOAD_ERROR: LexiconError | None = _e
else:
    LOAD_ERROR = None
