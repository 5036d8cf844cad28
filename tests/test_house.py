"""House rules that keep the code easy to change: vocabulary as data, short functions.

- The Japanese literals still written as Python are counted per module
  (``evaluation/literals.py``; the table is printed, ``pytest -s`` shows it); modules whose
  vocabulary moved to ``lexicons/`` must keep none.
- Every function longer than 60 lines under ``pipeline/shinsa/`` is in ``LONG_FUNCTIONS`` with
  its length when it was recorded; a new long function, or a listed one that grew, fails. Split
  it into named steps instead (or, when a function must stay long, say why in a comment and add
  it here in the same commit). When you shorten a listed function, lower or remove its entry.
"""

from __future__ import annotations

import ast
from pathlib import Path

from evaluation import literals

PKG = Path(__file__).resolve().parent.parent / "pipeline" / "shinsa"
MAX_LINES = 60

# module (path under pipeline/shinsa) :: qualified name -> length in lines when recorded
LONG_FUNCTIONS: dict[str, int] = {
}

# modules whose word lists and patterns live in lexicons/ (only docstrings and messages stay)
VOCABULARY_MOVED: tuple[str, ...] = ("timeexpr", "analysis.groups", "analysis.modality", "analysis.propositions",
                                     "checks.wording", "checks.consistency", "analysis.definitions",
                                     "analysis.inventory", "analysis.coverage")


def function_lengths(pkg: Path = PKG) -> dict[str, int]:
    """``path::Class.function`` -> lines from ``def`` to the last line, for every function."""
    out: dict[str, int] = {}

    def visit(node: ast.AST, rel: str, prefix: str) -> None:
        for ch in ast.iter_child_nodes(node):
            if isinstance(ch, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = prefix + ch.name
                if not isinstance(ch, ast.ClassDef):
                    out[f"{rel}::{name}"] = ch.end_lineno - ch.lineno + 1
                visit(ch, rel, name + ".")
            else:
                visit(ch, rel, prefix)

    for p in sorted(pkg.rglob("*.py")):
        visit(ast.parse(p.read_text(encoding="utf-8")), p.relative_to(pkg).as_posix(), "")
    return out


def long_functions(pkg: Path = PKG) -> dict[str, int]:
    return {k: n for k, n in function_lengths(pkg).items() if n > MAX_LINES}


def test_no_new_or_longer_long_function():
    now = long_functions()
    print("\nfunctions over 60 lines:\n" + "\n".join(f"  {n:>4}  {k}" for k, n in
                                                     sorted(now.items(), key=lambda kv: -kv[1])))
    new = [f"{k}: {n} lines (new; split it into named steps)" for k, n in now.items()
           if k not in LONG_FUNCTIONS]
    grown = [f"{k}: {n} lines (recorded {LONG_FUNCTIONS[k]}; it may only shrink)" for k, n in now.items()
             if k in LONG_FUNCTIONS and n > LONG_FUNCTIONS[k]]
    assert not new and not grown, "\n".join(new + grown)


def test_function_length_reader(tmp_path):
    body = "\n".join(f"    x{i} = {i}" for i in range(61))
    (tmp_path / "m.py").write_text(f"class C:\n    def long(self):\n{body.replace('    ', '        ')}\n"
                                   f"\n\ndef short():\n    return 1\n", encoding="utf-8")
    got = function_lengths(tmp_path)
    assert got == {"m.py::C.long": 62, "m.py::short": 2}
    assert long_functions(tmp_path) == {"m.py::C.long": 62}


def test_literal_table_prints():
    counts = literals.count_all()
    print("\nJapanese literals per module (evaluation/literals.py):\n" + literals.table(counts))
    by_module = {c.module: c for c in counts}
    assert "analysis.modality" in by_module and by_module["analysis.modality"].total > 0
    for mod in VOCABULARY_MOVED:
        left = [f"{mod}:{lit.line}: {lit.text[:60]!r}" for lit in by_module[mod].literals
                if lit.kind == "vocab"]
        assert not left, "vocabulary written as Python again (move it to lexicons/):\n" + "\n".join(left)


def test_literal_kinds(tmp_path):
    src = '''"""モジュールの説明。"""
import re

_WORDS = ("速やかに", "遅滞なく")
_RX = re.compile(r"(?:毎月|翌月)\\s*\\d+日")


def check(facts, s, e, w):
    """関数の説明"""
    msg = f"「{w}」 期限が特定されていません"
    yield facts.finding("vague", None, "warning", s, e, msg, "期限を明記してください")
    print("見つかりません / not found")
    return "英語だけ english only"
'''
    (tmp_path / "m.py").write_text(src, encoding="utf-8")
    got = [(lit.kind, lit.text) for lit in literals.count_module(tmp_path / "m.py", tmp_path).literals]
    assert sorted(got) == sorted([
        ("doc", "モジュールの説明。"), ("doc", "関数の説明"),
        ("vocab", "速やかに"), ("vocab", "遅滞なく"), ("vocab", r"(?:毎月|翌月)\s*\d+日"),
        ("message", "「{}」 期限が特定されていません"), ("message", "期限を明記してください"),
        ("message", "見つかりません / not found"), ("vocab", "英語だけ english only"),
    ])
