"""Findings snapshot: every finding on every corpus, one tab-separated line each.

A refactoring (moving code between stages, compiling lexicons, columns of
tokens) must not change what the tool finds. ``tests/test_snapshot.py`` compares
the current findings with ``tests/snapshots/findings.tsv``; when a change is
meant to change findings, regenerate the file and let the diff show what moved::

    .venv/bin/python -m evaluation.snapshot --write

Lines: ``corpus/file<TAB>format<TAB>rule<TAB>detail<TAB>clause path<TAB>quote``
(quote with whitespace removed), sorted. The statutes and the shared real files
are read from ``../shared`` and written to a second file, ``findings_shared.tsv``,
compared only when ``../shared`` is present.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from . import shared_dir

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOTS = ROOT / "tests" / "snapshots"
OWN = SNAPSHOTS / "findings.tsv"
SHARED_FILE = SNAPSHOTS / "findings_shared.tsv"
SHARED = shared_dir() / "corpora"  # beside the checkout or beside a parent (a worktree under wt/NAME)
SUFFIXES = (".txt", ".docx", ".pdf", ".md")


def own_inputs() -> list[tuple[str, Path]]:
    out = []
    for d in sorted((ROOT / "corpora").iterdir()):
        if d.is_dir():
            out += [(f"{d.name}/{p.name}", p) for p in sorted(d.rglob("*")) if p.suffix in SUFFIXES
                    and p.is_file() and p.stem.upper() not in ("README", "INDEX")]
    return out


def shared_inputs() -> list[tuple[str, Path]]:
    out = []
    for sub in ("laws/text", "real"):
        d = SHARED / sub
        if d.is_dir():
            out += [(f"{sub}/{p.name}", p) for p in sorted(d.iterdir()) if p.suffix in SUFFIXES
                    and p.stem.upper() not in ("README", "SOURCES")]
    return out


def lines_for(inputs: list[tuple[str, Path]]) -> list[str]:
    from shinsa.checks import CheckContext
    from shinsa.scan import analyze_path

    ctx = CheckContext()
    out = []
    for name, path in inputs:
        res = analyze_path(path, ctx)
        if res.status != "ok":
            out.append(f"{name}\t{res.format}\terror\t{res.error_code}\t\t")
            continue
        for f in res.findings:
            quote = re.sub(r"\s+", "", f.quote or "")
            out.append(f"{name}\t{res.format}\t{f.rule}\t{f.detail or ''}\t{f.clause or ''}\t{quote}")
    return sorted(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write or compare the findings snapshot.")
    ap.add_argument("--write", action="store_true", help="rewrite tests/snapshots/*.tsv")
    args = ap.parse_args(argv)
    pairs = [(OWN, own_inputs())] + ([(SHARED_FILE, shared_inputs())] if SHARED.is_dir() else [])
    changed = 0
    for target, inputs in pairs:
        now = lines_for(inputs)
        old = target.read_text(encoding="utf-8").splitlines() if target.exists() else []
        if now != old:
            changed += 1
            gone, new = sorted(set(old) - set(now)), sorted(set(now) - set(old))
            print(f"{target.name}: -{len(gone)} +{len(new)}")
            for ln in gone[:40]:
                print("  - " + ln)
            for ln in new[:40]:
                print("  + " + ln)
        if args.write:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("\n".join(now) + "\n", encoding="utf-8")
        print(f"{target.name}: {len(now)} findings")
    return 0 if args.write or not changed else 1


if __name__ == "__main__":
    sys.exit(main())
