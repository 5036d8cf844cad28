"""Bearer and modality accuracy on the hand-labelled sentences (corpora/labels/modality.yaml).

Each label names a draft and a clause path; the sentence is found by its exact
text in that draft (inside the clause when the path resolves), and the statement
of the modality analysis covering it is compared with the label. ``main()``
prints the two accuracies, a confusion summary and (``-v``) every miss.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Optional

import yaml

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "corpora" / "labels" / "modality.yaml"
HELDOUT = ROOT / "corpora" / "labels" / "modality_heldout.yaml"
DRAFTS = ROOT / "corpora" / "drafts"


def _facts(name: str, cache: dict):
    if name not in cache:
        from shinsa.facts import build_facts
        from shinsa.ingest import ingest

        cache[name] = build_facts(ingest(DRAFTS / f"{name}.txt"))
    return cache[name]


def find_statement(facts, text: str, path: Optional[str]):
    """The statement covering the labelled sentence (None when the text is not found)."""
    from shinsa.textnorm import fold

    f = fold(text)
    lo, hi = 0, len(facts.folded)
    if path:
        for c in facts.clauses:
            if c.path == path:
                art = facts.article_of(c) or c
                lo, hi = art.start, art.end
                break
    k = facts.folded.find(f, lo, hi)
    if k < 0:
        k = facts.folded.find(f)
    if k < 0:
        return None, -1
    mid = k + len(f) // 2
    for st in facts.statements:
        if st.start <= mid < st.end + 1:
            return st, k
    return None, k


def evaluate(labels_path: Path = LABELS) -> dict:
    data = yaml.safe_load(labels_path.read_text(encoding="utf-8"))
    cache: dict = {}
    rows = []
    for item in data["sentences"]:
        name, _, path = str(item["source"]).partition(":")
        facts = _facts(name, cache)
        st, k = find_statement(facts, item["text"], path or None)
        got_b = st.bearer(facts.parties) if st is not None else "none"
        got_m = st.modality if st is not None else "none"
        rows.append({"text": item["text"], "source": item["source"], "found": k >= 0,
                     "bearer": str(item["bearer"]), "modality": str(item["modality"]),
                     "got_bearer": got_b, "got_modality": got_m})
    n = len(rows)
    b_ok = sum(r["bearer"] == r["got_bearer"] for r in rows)
    m_ok = sum(r["modality"] == r["got_modality"] for r in rows)
    return {"n": n, "not_found": sum(not r["found"] for r in rows),
            "bearer_accuracy": b_ok / n if n else 0.0, "modality_accuracy": m_ok / n if n else 0.0,
            "rows": rows}


def print_report(res: dict, verbose: bool = False, out=sys.stdout) -> None:
    print(f"labelled sentences: {res['n']} (not found in their draft: {res['not_found']})", file=out)
    print(f"bearer accuracy:   {res['bearer_accuracy']:.3f}", file=out)
    print(f"modality accuracy: {res['modality_accuracy']:.3f}", file=out)
    conf = Counter((r["modality"], r["got_modality"]) for r in res["rows"] if r["modality"] != r["got_modality"])
    if conf:
        print("modality confusions (label -> predicted): " + ", ".join(
            f"{a}->{b}×{c}" for (a, b), c in conf.most_common()), file=out)
    if verbose:
        for r in res["rows"]:
            if r["bearer"] != r["got_bearer"] or r["modality"] != r["got_modality"]:
                print(f"  MISS {r['source']} label={r['bearer']}/{r['modality']} got={r['got_bearer']}/"
                      f"{r['got_modality']} 「{r['text'][:60]}」", file=out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evaluation.eval_parties",
                                 description="bearer and modality accuracy on the labelled sentences")
    ap.add_argument("--labels", default=str(LABELS))
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("--heldout", default=str(HELDOUT), help="a second label file reported separately")
    args = ap.parse_args(argv)
    res = evaluate(Path(args.labels))
    print_report(res, args.verbose)
    if args.heldout and Path(args.heldout).exists() and Path(args.heldout) != Path(args.labels):
        print(f"held-out set ({Path(args.heldout).name}, never used for tuning):")
        print_report(evaluate(Path(args.heldout)), args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
