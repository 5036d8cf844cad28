"""Japanese string literals per module of ``pipeline/shinsa/`` (vocabulary still written as Python).

Every string constant and f-string that holds a Japanese character (kana, kanji, 「」、。 and the
other full-width marks) is counted once and sorted into one of three kinds:

``message``
    text a user reads: a string passed to ``finding(...)`` / ``Related(...)``, assigned to a name
    such as ``msg`` / ``message`` / ``suggestion`` / ``reason``, or a string that does not look like a
    regular expression and is printed by ``report/`` or ``cli``, quotes with 「」, ends in 。, is a
    bilingual line (``日本語 / English``), a template with holes (f-string) or HTML;
``doc``
    a docstring (module, class or function);
``vocab``
    everything else: word lists, synonym sets, role tables and regular-expression patterns, the
    vocabulary that belongs in ``lexicons/``.

Run ``python -m evaluation.literals`` (``--module PREFIX`` to show one module's vocabulary
literals); ``tests/test_house.py`` prints the table.
"""

from __future__ import annotations

import argparse
import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "pipeline" / "shinsa"

_JAPANESE = re.compile(r"[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e]")
# regex syntax that a message never contains
_REGEX = re.compile(r"\(\?|\\[sdwSDWbnt]|\[\^|\]\+|\]\*|\|\S|[^\\]\.\*|\{\d+,?\d*\}")
_MESSAGE_CALLS = {"finding", "Related", "_finding", "note", "error", "LexiconError"}
_MESSAGE_NAMES = re.compile(r"msg|message|suggest|reason|note|hint|title|label_ja|text_ja|why|explain",
                            re.IGNORECASE)
# modules whose every non-pattern string is output for a reader (labels, headings, HTML)
_OUTPUT_MODULES = {"report", "cli"}
KINDS = ("message", "doc", "vocab")


@dataclass
class Literal:
    line: int
    kind: str
    text: str


@dataclass
class ModuleCount:
    module: str
    literals: list[Literal] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for lit in self.literals if lit.kind == kind)

    @property
    def total(self) -> int:
        return len(self.literals)


def _text(node: ast.AST) -> str | None:
    """The text of a string constant, or of an f-string with its holes as ``{}``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else "{}"
                       for v in node.values)
    return None


def _docstring_nodes(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and _text(body[0].value) is not None:
                out.add(id(body[0].value))
    return out


def _call_name(node: ast.Call) -> str:
    f = node.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""


def _target_names(node: ast.AST) -> list[str]:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    names = []
    for t in targets:
        names += [n.id if isinstance(n, ast.Name) else n.attr for n in ast.walk(t)
                  if isinstance(n, (ast.Name, ast.Attribute))]
    return names


def _message_nodes(tree: ast.AST) -> set[int]:
    """Strings inside a message call, a message assignment, or a keyword ``message=``."""
    out: set[int] = set()

    def mark(node: ast.AST) -> None:
        out.update(id(n) for n in ast.walk(node) if _text(n) is not None)

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if _call_name(node) in _MESSAGE_CALLS:
                for a in [*node.args, *(k.value for k in node.keywords)]:
                    mark(a)
            for k in node.keywords:
                if k.arg and _MESSAGE_NAMES.search(k.arg):
                    mark(k.value)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and node.value is not None:
            if any(_MESSAGE_NAMES.search(n) for n in _target_names(node)):
                mark(node.value)
    return out


def _looks_like_message(text: str, module: str) -> bool:
    """Text for a reader: not a pattern, and printed by a report or the CLI, quoting with 「」, a
    sentence (。), a bilingual line (`` / ``), a template with holes or HTML."""
    if _REGEX.search(text):
        return False
    if module.split(".")[0] in _OUTPUT_MODULES:
        return True
    s = text.rstrip()
    return ("「" in s or s.endswith(("。", "？")) or " / " in s or "{}" in s
            or bool(re.search(r"</?[a-z]+[ >]", s)))


def _strings(tree: ast.AST):
    """String nodes, each counted once: an f-string, not the constant parts inside it."""
    inner = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
    for node in ast.walk(tree):
        if id(node) not in inner and _text(node) is not None:
            yield node


def count_module(path: Path, pkg: Path = PKG) -> ModuleCount:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs, messages = _docstring_nodes(tree), _message_nodes(tree)
    rel = path.relative_to(pkg).with_suffix("")
    mc = ModuleCount(".".join(rel.parts).removesuffix(".__init__").removesuffix("__init__") or "__init__")
    for node in _strings(tree):
        text = _text(node) or ""
        if not _JAPANESE.search(text):
            continue
        if id(node) in docs:
            kind = "doc"
        elif id(node) in messages or _looks_like_message(text, mc.module):
            kind = "message"
        else:
            kind = "vocab"
        mc.literals.append(Literal(node.lineno, kind, text))
    return mc


def count_all(pkg: Path = PKG) -> list[ModuleCount]:
    return [count_module(p, pkg) for p in sorted(pkg.rglob("*.py"))]


def table(counts: list[ModuleCount], min_total: int = 1) -> str:
    rows = [c for c in counts if c.total >= min_total]
    rows.sort(key=lambda c: (-c.count("vocab"), c.module))
    width = max([len(c.module) for c in rows] + [len("module")])
    head = f"{'module':<{width}}  {'vocab':>5}  {'message':>7}  {'doc':>4}  {'total':>5}"
    lines = [head, "-" * len(head)]
    for c in rows:
        lines.append(f"{c.module:<{width}}  {c.count('vocab'):>5}  {c.count('message'):>7}  "
                     f"{c.count('doc'):>4}  {c.total:>5}")
    tot = {k: sum(c.count(k) for c in counts) for k in KINDS}
    lines.append("-" * len(head))
    lines.append(f"{'(all)':<{width}}  {tot['vocab']:>5}  {tot['message']:>7}  {tot['doc']:>4}  "
                 f"{sum(tot.values()):>5}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--module", help="list the literals of the modules whose name starts with this")
    ap.add_argument("--kind", choices=KINDS, default="vocab", help="with --module: which kind to list")
    args = ap.parse_args(argv)
    counts = count_all()
    if args.module:
        for c in counts:
            if c.module.startswith(args.module):
                for lit in c.literals:
                    if lit.kind == args.kind:
                        print(f"{c.module}:{lit.line}: {lit.text[:100]!r}", flush=True)
        return 0
    print(table(counts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
