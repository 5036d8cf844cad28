"""The stages import one way: ingest -> structure -> nlp -> analysis -> checks -> report.

Reads the import statements of every module under ``pipeline/shinsa`` (also those
inside functions; ``if TYPE_CHECKING:`` blocks are type hints only and skipped)
and fails on an upward import, a forbidden one, or an import cycle, naming the
modules and lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "pipeline" / "shinsa"

# layer of each module (first matching prefix wins); a module may import its own layer and lower ones
LAYERS: list[tuple[str, int]] = [
    ("shinsa.ingest", 1),
    ("shinsa.structure", 2),
    ("shinsa.nlp", 3), ("shinsa.lexicon", 3),
    ("shinsa.timeexpr", 3),  # compiles its patterns from vocabulary (lexicons/vocab/time.yaml)
    ("shinsa.analysis", 4),
    ("shinsa.checks", 5),
    ("shinsa.compare", 5),  # aligning two versions: facts of both, the revision check
    ("shinsa.report", 6),
    # orchestration: runs the stages (may import any of them)
    ("shinsa.facts", 7), ("shinsa.scan", 7), ("shinsa.batch", 7), ("shinsa.cli", 7), ("shinsa.examples", 7),
    ("shinsa.diff", 7), ("shinsa.__main__", 7), ("shinsa.cluster", 7),
    # shared values and helpers every stage reads; vocabulary reads lexicons/vocab/ (data, no stage)
    ("shinsa.vocabulary", 0), ("shinsa.regexscan", 0),
    ("shinsa", 0),
]
# lower layers that a stage must not import although they are below it
FORBIDDEN = [
    ("shinsa.checks", "shinsa.ingest", "checks read facts, never files"),
    ("shinsa.checks", "shinsa.report", "checks never format output"),
    ("shinsa.report", "shinsa.nlp", "reports never tokenize"),
    ("shinsa.report", "shinsa.lexicon", "reports never match lexicons"),
    ("shinsa.report", "shinsa.analysis", "reports render facts already computed"),
]


def _layer(mod: str) -> int:
    for prefix, n in LAYERS:
        if mod == prefix or mod.startswith(prefix + "."):
            return n
    raise AssertionError(f"module {mod} has no layer in tests/test_architecture.py")


def modules() -> dict[str, Path]:
    out = {}
    for p in sorted(PKG.rglob("*.py")):
        rel = p.relative_to(PKG.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = p
    return out


def _type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (
        isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING")


def _walk(tree: ast.AST):
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _type_checking(node):
            yield from (n for branch in node.orelse for n in _walk_one(branch))
            continue
        yield node
        yield from _walk(node)


def _walk_one(node):
    yield node
    yield from _walk(node)


def imports(mod: str, path: Path, known: dict[str, Path]) -> list[tuple[str, int]]:
    """(imported module, line) for every import of a shinsa module in ``path``."""
    is_pkg = path.name == "__init__.py"
    base = mod.split(".") if is_pkg else mod.split(".")[:-1]
    out = []
    for node in _walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names if a.name.split(".")[0] == "shinsa"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                pkg = base[:len(base) - (node.level - 1)]
                target = ".".join(pkg + ([node.module] if node.module else []))
            elif (node.module or "").split(".")[0] == "shinsa":
                target = node.module
            else:
                continue
            for a in node.names:
                sub = f"{target}.{a.name}"
                out.append((sub if sub in known else target, node.lineno))
    return [(t, ln) for t, ln in out if t != mod]


def graph() -> dict[str, list[tuple[str, int]]]:
    known = modules()
    return {m: imports(m, p, known) for m, p in known.items()}


def test_every_module_has_a_layer():
    for m in modules():
        _layer(m)


def test_no_upward_or_forbidden_import():
    bad = []
    for mod, deps in graph().items():
        for dep, line in deps:
            if _layer(dep) > _layer(mod):
                bad.append(f"{mod}:{line} imports {dep} (layer {_layer(mod)} -> {_layer(dep)}, upward)")
            for src, dst, why in FORBIDDEN:
                if (mod == src or mod.startswith(src + ".")) and (dep == dst or dep.startswith(dst + ".")):
                    bad.append(f"{mod}:{line} imports {dep}: {why}")
    assert not bad, "\n".join(bad)


def _cycles(g: dict[str, list[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in g.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycle():
    g = {m: sorted({d for d, _ in deps if d in g0}) for g0 in [graph()] for m, deps in g0.items()}
    assert not _cycles(g), _cycles(g)


def test_cycle_detector_sees_a_cycle():
    assert _cycles({"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}) == [["a", "b", "c"]]


@pytest.mark.parametrize("src,expect", [
    ("from ..checks.consistency import cited_nodes\n", "shinsa.checks.consistency"),
    ("from .. import lexicon as lx\n", "shinsa.lexicon"),
    ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..facts import Facts\n", None),
])
def test_import_reader(tmp_path, src, expect):
    p = tmp_path / "x.py"
    p.write_text(src, encoding="utf-8")
    got = [t for t, _ in imports("shinsa.analysis.x", p, modules())]
    assert got == ([expect] if expect else [])
