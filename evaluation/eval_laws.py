"""Statute metrics for definitions and references (issue 4).

On the nine statutes in ``../shared/corpora/laws`` (carefully drafted, so a
good false-positive test) this measures, per statute:

- the share of internal references resolved to a clause node;
- recall of bracket definitions (以下「X」という / 「X」という / 「X」とは)
  against the heuristic ``gold/*.definitions.json`` (matched by term offset);
- findings per 50,000 characters for ika_onaji_no_antecedent,
  dangling_reference, duplicate_definition and numbering_gap.

``main()`` prints the tables; ``python -m evaluation.eval_laws [--gold-structure]
[--show]`` runs it. ``--gold-structure`` builds the clause tree from
``gold/*.structure.json`` instead of :func:`shinsa.structure.parse`, which
isolates this stage from structure parsing errors.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from evaluation import shared_dir
from shinsa.model import Clause, Document
from shinsa.textnorm import fold, kanji_to_int

LAWS = shared_dir() / "corpora" / "laws"
RULES = ("ika_onaji_no_antecedent", "dangling_reference", "duplicate_definition", "numbering_gap")
_KIND = {"law_title": "title", "appdx_table": "appendix", "appdx_style": "appendix", "appdx": "appendix"}


def gold_clauses(structure: dict) -> tuple[Clause, ...]:
    """A clause tree built from a gold ``*.structure.json`` (for isolating this stage)."""
    nodes = structure["nodes"]
    index = {n["path"]: i for i, n in enumerate(nodes)}
    out = []
    for n in nodes:
        num: tuple[int, ...] = ()
        raw = (n.get("num") or "").split(":")[0]
        if raw and re.fullmatch(r"[0-9_]+", raw):
            num = tuple(int(x) for x in raw.split("_"))
        elif n["kind"] in ("subitem",):
            lab = fold(n.get("label") or "").strip("()")
            from shinsa.analysis.references import _sub_num

            num = (_sub_num(lab),) if lab else ()
        elif n["kind"].startswith("appdx"):
            m = re.search(r"第([0-9〇一二三四五六七八九十百千の]+)", fold(n.get("label") or ""))
            if m:
                parts = [kanji_to_int(x) for x in m.group(1).split("の")]
                num = tuple(p for p in parts if p is not None)
        lab = n.get("label_offsets")
        out.append(Clause(path=n["path"], label=n.get("label") or "", kind=_KIND.get(n["kind"], n["kind"]),
                          caption=n.get("caption") or None, start=n["text_start_offset"],
                          end=n["text_end_offset"], depth=n.get("depth", 0),
                          parent=index.get(n["parent"]) if n.get("parent") else None, num=num,
                          label_start=lab[0] if lab else None, body_start=None))
    return tuple(out)


@dataclass
class LawResult:
    name: str
    chars: int
    refs_internal: int = 0
    refs_resolved: int = 0
    refs_external: int = 0
    gold_brackets: int = 0
    found_brackets: int = 0
    missed: list = field(default_factory=list)
    findings: dict = field(default_factory=dict)
    finding_list: list = field(default_factory=list)
    unresolved: list = field(default_factory=list)
    seconds: float = 0.0

    @property
    def resolved_pct(self) -> float:
        return 100.0 * self.refs_resolved / self.refs_internal if self.refs_internal else 100.0

    @property
    def recall_pct(self) -> float:
        return 100.0 * self.found_brackets / self.gold_brackets if self.gold_brackets else 100.0

    @property
    def per_50k(self) -> float:
        return sum(self.findings.values()) * 50_000 / self.chars if self.chars else 0.0


def build(text_path: Path, gold_structure: bool = False):
    """Facts for one statute (real structure parser unless ``gold_structure``)."""
    from shinsa import nlp
    from shinsa.analysis import run_analyses
    from shinsa.facts import Facts

    text = text_path.read_text(encoding="utf-8")
    doc = Document(source=str(text_path), format="txt", text=text, folded=fold(text))
    if gold_structure:
        st = json.loads((LAWS / "gold" / f"{text_path.stem}.structure.json").read_text(encoding="utf-8"))
        clauses = gold_clauses(st)
    else:
        from shinsa import structure

        clauses = structure.parse(doc)
    facts = Facts(doc=doc, clauses=clauses, sentences=nlp.sentences(doc.folded))
    return run_analyses(facts)


_BRACKET_PATTERNS = ("以下「X」という", "「X」という", "「X」とは")


def evaluate_law(text_path: Path, gold_structure: bool = False) -> LawResult:
    from shinsa.checks import CheckContext, run_checks

    t0 = time.time()
    facts = build(text_path, gold_structure)
    res = LawResult(name=text_path.stem, chars=len(facts.text))
    for r in facts.references:
        if r.kind == "internal":
            res.refs_internal += 1
            if r.target is not None:
                res.refs_resolved += 1
            else:
                res.unresolved.append(r)
        else:
            res.refs_external += 1
    gold_path = LAWS / "gold" / f"{text_path.stem}.definitions.json"
    if gold_path.exists():
        gold = json.loads(gold_path.read_text(encoding="utf-8"))["definitions"]
        starts = {d.start for d in facts.definitions}
        for g in gold:
            if g["pattern"] not in _BRACKET_PATTERNS:
                continue
            res.gold_brackets += 1
            if g["term_offset"] in starts:
                res.found_brackets += 1
            else:
                res.missed.append(g)
    findings = run_checks(facts, CheckContext(select=frozenset(RULES)))
    for f in findings:
        res.findings[f.rule] = res.findings.get(f.rule, 0) + 1
        res.finding_list.append(f)
    res.seconds = time.time() - t0
    return res


def run(gold_structure: bool = False, names: list[str] | None = None) -> list[LawResult]:
    paths = sorted((LAWS / "text").glob("*.txt"))
    if names:
        paths = [p for p in paths if any(n in p.stem for n in names)]
    return [evaluate_law(p, gold_structure) for p in paths]


def print_tables(results: list[LawResult], show: bool = False, out=sys.stdout) -> None:
    w = out.write
    w("\n## 参照の解決 / internal references resolved (target ≥ 98%)\n")
    w(f"{'statute':36} {'internal':>8} {'resolved':>8} {'%':>7} {'external':>8}\n")
    for r in results:
        w(f"{r.name:36} {r.refs_internal:8d} {r.refs_resolved:8d} {r.resolved_pct:7.2f} {r.refs_external:8d}\n")
    w("\n## 括弧書き定義の再現率 / bracket definitions vs gold heuristic (target ≥ 95%)\n")
    w(f"{'statute':36} {'gold':>6} {'found':>6} {'%':>7}\n")
    tg = tf = 0
    for r in results:
        tg += r.gold_brackets
        tf += r.found_brackets
        w(f"{r.name:36} {r.gold_brackets:6d} {r.found_brackets:6d} {r.recall_pct:7.2f}\n")
    w(f"{'TOTAL':36} {tg:6d} {tf:6d} {100.0 * tf / tg if tg else 100.0:7.2f}\n")
    w("\n## 指摘数 / findings per 50,000 chars (target ≤ 1)\n")
    w(f"{'statute':36} {'chars':>8} " + " ".join(f"{x[:12]:>12}" for x in RULES) + f" {'per50k':>7}\n")
    tc = tn = 0
    for r in results:
        tc += r.chars
        tn += sum(r.findings.values())
        w(f"{r.name:36} {r.chars:8d} " + " ".join(f"{r.findings.get(x, 0):12d}" for x in RULES)
          + f" {r.per_50k:7.2f}\n")
    w(f"{'TOTAL':36} {tc:8d} {'':>51} {tn * 50_000 / tc if tc else 0:7.2f}\n")
    if show:
        for r in results:
            for f in r.finding_list:
                w(f"  {r.name[:20]} {f.rule} {f.clause} 「{f.quote}」 {f.message}\n")
            for u in r.unresolved:
                w(f"  {r.name[:20]} UNRESOLVED {u.clause} 「{u.text}」\n")
            for g in r.missed:
                w(f"  {r.name[:20]} MISSED-DEF {g['path']} 「{g['term']}」 {g['context']}\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="statute metrics for definitions and references")
    ap.add_argument("--gold-structure", action="store_true", help="use gold clause trees")
    ap.add_argument("--show", action="store_true", help="list findings, unresolved refs and missed definitions")
    ap.add_argument("names", nargs="*")
    a = ap.parse_args(argv)
    if not (LAWS / "text").exists():
        print(f"statutes not found under {LAWS}", file=sys.stderr)
        return 0
    print_tables(run(a.gold_structure, a.names), a.show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
