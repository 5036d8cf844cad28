"""Structure accuracy on the nine statutes (``corpora/laws``).

For every gold node of kind article / paragraph / item (条・項・号, including
those in 附則 and 別表) we count it as found when :func:`shinsa.structure.parse`
produced a node with the same path whose start offset is within
``TOLERANCE`` characters of the gold ``text_start_offset``.

    .venv/bin/python -m evaluation.eval_structure [LAWS_DIR] [--misses N]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from evaluation import shared_dir
from shinsa.ingest.text import read_text
from shinsa.structure import parse

KINDS = ("article", "paragraph", "item")
TOLERANCE = 2
DEFAULT_LAWS = shared_dir() / "corpora" / "laws"


def evaluate_law(text_path: Path, gold_path: Path) -> dict:
    doc = read_text(text_path.read_bytes(), str(text_path))
    t0 = time.perf_counter()
    clauses = parse(doc)
    seconds = time.perf_counter() - t0
    ours: dict[str, int] = {}
    for c in clauses:
        ours.setdefault(c.path, c.start)
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    total = found = 0
    by_kind: dict[str, list[int]] = {k: [0, 0] for k in KINDS}
    misses = []
    for g in gold["nodes"]:
        if g["kind"] not in KINDS:
            continue
        total += 1
        by_kind[g["kind"]][1] += 1
        start = ours.get(g["path"])
        if start is not None and abs(start - g["text_start_offset"]) <= TOLERANCE:
            found += 1
            by_kind[g["kind"]][0] += 1
        else:
            misses.append({"path": g["path"], "kind": g["kind"], "gold_start": g["text_start_offset"],
                           "our_start": start,
                           "context": doc.text[g["text_start_offset"]:g["text_start_offset"] + 40]})
    gold_paths = {g["path"] for g in gold["nodes"]}
    extra = [c.path for c in clauses if c.kind in KINDS and c.path not in gold_paths]
    return {
        "name": text_path.stem,
        "found": found,
        "total": total,
        "pct": 100.0 * found / total if total else 100.0,
        "by_kind": by_kind,
        "misses": misses,
        "extra": extra,
        "chars": len(doc.text),
        "seconds": seconds,
    }


def evaluate_laws(laws_dir: Path) -> list[dict]:
    """One result per statute in ``laws_dir/text`` that has ``gold/NAME.structure.json``."""
    laws_dir = Path(laws_dir)
    out = []
    for text_path in sorted((laws_dir / "text").glob("*.txt")):
        gold_path = laws_dir / "gold" / f"{text_path.stem}.structure.json"
        if gold_path.exists():
            out.append(evaluate_law(text_path, gold_path))
    return out


def format_table(results: list[dict]) -> str:
    lines = [f"{'statute':<36} {'found':>6} {'total':>6} {'%':>7}  {'条':>9} {'項':>9} {'号':>9} {'extra':>5} {'sec':>5}"]
    tf = tt = 0
    for r in results:
        bk = r["by_kind"]
        cols = " ".join(f"{bk[k][0]:>4}/{bk[k][1]:<4}" for k in KINDS)
        lines.append(f"{r['name']:<36} {r['found']:>6} {r['total']:>6} {r['pct']:>6.2f}%  {cols} "
                     f"{len(r['extra']):>5} {r['seconds']:>5.2f}")
        tf += r["found"]
        tt += r["total"]
    if tt:
        lines.append(f"{'TOTAL':<36} {tf:>6} {tt:>6} {100.0 * tf / tt:>6.2f}%")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="statute structure accuracy (条・項・号 path + start ±2)")
    ap.add_argument("laws_dir", nargs="?", default=str(DEFAULT_LAWS))
    ap.add_argument("--misses", type=int, default=0, help="print up to N misses per statute")
    ap.add_argument("--extra", type=int, default=0, help="print up to N extra (non-gold) paths per statute")
    args = ap.parse_args(argv)
    laws = Path(args.laws_dir)
    if not (laws / "text").is_dir():
        print(f"no statutes under {laws}", file=sys.stderr)
        return 2
    results = evaluate_laws(laws)
    print(format_table(results))
    for r in results:
        for m in r["misses"][: args.misses]:
            print(f"  MISS {r['name'][:12]} {m['kind']:<9} {m['path']} gold={m['gold_start']} "
                  f"ours={m['our_start']} {m['context']!r}")
        for p in r["extra"][: args.extra]:
            print(f"  EXTRA {r['name'][:12]} {p}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
