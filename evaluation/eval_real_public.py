"""First score on the real public templates (corpora/real_public/, issue 12).

Scans every document of ``corpora/real_public/`` with the current tool — the TXT, and
the published Markdown where there is one (``.md`` is an ingest format) — and compares
what it reads with the hand labels in ``corpora/labels/real_public.yaml``:

party label recall
    labelled parties whose label (甲, ユーザ, 当社, 利用者 …) the tool reports as a party
    (its label or one of its aliases).
role accuracy
    of those found parties, the share with the labelled role. The tool knows ``client`` and
    ``vendor``; a label's ``user`` counts as ``client`` (the customer side) and ``provider``
    as ``vendor``; ``both`` (mutual NDA) only as ``both``.
name accuracy
    of the found parties, the share whose name equals the labelled name (whitespace and
    width folded); a ``null`` label (blank or placeholder only) wants an empty name or one
    made only of blank marks.
definition recall / precision
    labelled defined terms against the terms of ``facts.definitions`` (as sets per document).
article recall (and precision)
    labelled 第N条 labels against the paths of the ``article`` clauses.
placeholder recall
    labelled blanks with a ``placeholder_leftover`` finding on one of their occurrences.
dangling_reference precision
    the tool's ``dangling_reference`` findings that match a labelled one.
findings P/R
    matched as in evaluation/evaluate.py (same rule, same clause path, overlapping quote;
    a label without a clause matches any clause), one to one, over every rule except
    ``placeholder_leftover`` (scored by placeholder recall) and ``missing_clause``
    (the labels name no checklist topics), plus the number of trap violations.

    .venv/bin/python -m evaluation.eval_real_public [-v] [--json FILE]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Optional

import yaml

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "corpora" / "real_public"
LABELS = ROOT / "corpora" / "labels" / "real_public.yaml"
FORMATS = ("txt", "md")
UNSCORED_RULES = {"placeholder_leftover", "missing_clause"}
ROLE_CLASS = {"client": "client", "user": "client", "vendor": "vendor", "provider": "vendor", "both": "both"}
_BLANK_MARKS = re.compile(r"[\s\u3000＿_○〇●△□×xX・\-ー－【】\[\]［］（）()]*")


def _norm(s: Optional[str]) -> str:
    from shinsa.textnorm import fold

    return "".join(fold(s or "").split())


def load_labels(path: Path = LABELS) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _gold_doc(name: str, lab: dict):
    from evaluation.evaluate import Gold, GoldDoc, Trap

    findings = [Gold(rule=f["rule"], clause=f.get("clause"), quote=f.get("quote"), detail=f.get("detail"),
                     related_quote=f.get("related_quote")) for f in lab.get("findings") or []]
    traps = [Trap(quote=t["quote"], clause=t.get("clause"),
                  rules=frozenset(t["rules"]) if t.get("rules") else None, why=t.get("why", ""))
             for t in lab.get("traps") or []]
    return GoldDoc(name=name, findings=findings, traps=traps, profile=lab.get("kind"))


@dataclasses.dataclass
class Counts:
    parties: int = 0
    parties_found: int = 0
    roles_ok: int = 0
    names_ok: int = 0
    terms: int = 0
    terms_found: int = 0
    pred_terms: int = 0
    pred_terms_ok: int = 0
    articles: int = 0
    articles_found: int = 0
    pred_articles: int = 0
    pred_articles_ok: int = 0
    placeholders: int = 0
    placeholders_found: int = 0
    dangling_pred: int = 0
    dangling_ok: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    traps: int = 0
    docs: int = 0
    failed: int = 0

    def add(self, o: "Counts") -> None:
        for f in dataclasses.fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(o, f.name))


def _ratio(a: int, b: int) -> Optional[float]:
    return a / b if b else None


def _name_ok(label_name: Optional[str], got: str) -> bool:
    if label_name is None:
        return not got or _BLANK_MARKS.fullmatch(got) is not None
    return _norm(label_name) == _norm(got)


def score_document(name: str, lab: dict, result, verbose: list | None = None,
                   per_rule: dict | None = None) -> Counts:
    from evaluation.evaluate import evaluate_result

    c = Counts(docs=1)
    parties = lab.get("parties") or []
    terms = {_norm(t) for t in lab.get("defined_terms") or []}
    articles = list(lab.get("articles") or [])
    placeholders = list(lab.get("placeholders") or [])
    c.parties, c.terms, c.articles, c.placeholders = len(parties), len(terms), len(articles), len(placeholders)
    gold = _gold_doc(name, lab)
    c.fn = len(gold.findings)
    if result.status != "ok" or result.facts is None:
        c.failed = 1
        if verbose is not None:
            verbose.append(f"  FAILED {name}.{result.format}: {result.error}")
        return c
    facts = result.facts
    say = verbose.append if verbose is not None else (lambda _s: None)
    # parties
    for p in parties:
        want = _norm(p["label"])
        got = next((q for q in facts.parties if want in {_norm(f) for f in (q.label, *q.aliases)}), None)
        if got is None:
            say(f"  party MISS {name}.{result.format} {p['label']}")
            continue
        c.parties_found += 1
        if ROLE_CLASS.get(p["role"]) == ROLE_CLASS.get(got.role, got.role):
            c.roles_ok += 1
        else:
            say(f"  role  {name}.{result.format} {p['label']}: label {p['role']}, got {got.role}")
        if _name_ok(p.get("name"), got.name):
            c.names_ok += 1
        else:
            say(f"  name  {name}.{result.format} {p['label']}: label {p.get('name')!r}, got {got.name!r}")
    # definitions
    pred_terms = {_norm(d.term) for d in facts.definitions}
    c.pred_terms = len(pred_terms)
    c.terms_found = len(terms & pred_terms)
    c.pred_terms_ok = len(pred_terms & terms)
    if terms - pred_terms:
        say(f"  terms MISS {name}.{result.format} " + "、".join(sorted(terms - pred_terms)))
    if pred_terms - terms:
        say(f"  terms EXTRA {name}.{result.format} " + "、".join(sorted(pred_terms - terms)))
    # articles
    pred_articles = [cl.path for cl in facts.clauses if cl.kind == "article"]
    c.pred_articles = len(pred_articles)
    c.articles_found = sum(a in pred_articles for a in articles)
    c.pred_articles_ok = sum(a in articles for a in pred_articles)
    if set(articles) - set(pred_articles):
        say(f"  articles MISS {name}.{result.format} " + " ".join(a for a in articles if a not in pred_articles))
    if set(pred_articles) - set(articles):
        say(f"  articles EXTRA {name}.{result.format} " + " ".join(a for a in pred_articles if a not in articles))
    # placeholders
    text = facts.text
    ph_findings = [f for f in result.findings if f.rule == "placeholder_leftover"]
    for ph in placeholders:
        spans = [(m.start(), m.end()) for m in re.finditer(re.escape(ph), text)]
        hit = any(f.start < e and s < f.end for f in ph_findings for s, e in spans) or any(
            _norm(ph) and (_norm(ph) in _norm(f.quote) or _norm(f.quote) in _norm(ph)) for f in ph_findings
            if _norm(f.quote))
        c.placeholders_found += hit
        if not hit:
            say(f"  placeholder MISS {name}.{result.format} 「{ph}」")
    # findings (every rule but the two scored elsewhere / not labelled)
    scored = dataclasses.replace(result, findings=[f for f in result.findings if f.rule not in UNSCORED_RULES])
    ev = evaluate_result(gold, scored)
    for rule, t in ev.tallies.items():
        c.tp += t.tp
        c.traps += t.traps
        if per_rule is not None:
            per_rule.setdefault(rule, [0, 0, 0, 0])
            per_rule[rule][0] += t.tp
            per_rule[rule][1] += t.fp
            per_rule[rule][2] += t.fn
            per_rule[rule][3] += t.traps
    c.fn = len(ev.false_negatives)
    c.fp = len(ev.false_positives)
    dangling = [f for f in scored.findings if f.rule == "dangling_reference"]
    c.dangling_pred = len(dangling)
    c.dangling_ok = c.dangling_pred - sum(f.rule == "dangling_reference" for f in ev.false_positives)
    for g in ev.false_negatives:
        say(f"  FN {name}.{result.format} {g.rule} {g.clause or '-'} 「{g.quote or g.detail}」")
    for p in ev.false_positives:
        say(f"  FP {name}.{result.format} {p.rule}/{p.detail} {p.clause} 「{p.quote}」")
    for trap, p in ev.trap_hits:
        say(f"  TRAP {name}.{result.format} {p.rule} {p.clause} 「{trap.quote}」")
    return c


def evaluate(labels_path: Path = LABELS, folder: Path = FOLDER, verbose: bool = False):
    from shinsa.scan import analyze_path

    labels = load_labels(labels_path)
    per_format: dict[str, Counts] = defaultdict(Counts)
    per_rule: dict[str, dict] = defaultdict(dict)
    lines: list[str] = []
    for name in sorted(labels):
        for fmt in FORMATS:
            path = folder / f"{name}.{fmt}"
            if not path.exists():
                continue
            res = analyze_path(path)
            per_format[fmt].add(score_document(name, labels[name], res, lines if verbose else None,
                                               per_rule[fmt]))
    return dict(per_format), lines, dict(per_rule)


def summary(c: Counts) -> dict:
    return {
        "documents": c.docs, "failed": c.failed,
        "party_label_recall": _ratio(c.parties_found, c.parties),
        "role_accuracy": _ratio(c.roles_ok, c.parties_found),
        "name_accuracy": _ratio(c.names_ok, c.parties_found),
        "definition_recall": _ratio(c.terms_found, c.terms),
        "definition_precision": _ratio(c.pred_terms_ok, c.pred_terms),
        "article_recall": _ratio(c.articles_found, c.articles),
        "article_precision": _ratio(c.pred_articles_ok, c.pred_articles),
        "placeholder_recall": _ratio(c.placeholders_found, c.placeholders),
        "dangling_reference_precision": _ratio(c.dangling_ok, c.dangling_pred),
        "findings_precision": _ratio(c.tp, c.tp + c.fp),
        "findings_recall": _ratio(c.tp, c.tp + c.fn),
        "counts": dataclasses.asdict(c),
    }


def _f(x: Optional[float]) -> str:
    return "  -  " if x is None else f"{x:5.3f}"


def print_report(per_format: dict[str, Counts], out=sys.stdout) -> None:
    rows = [
        ("party label recall", "party_label_recall", lambda c: f"{c.parties_found}/{c.parties}"),
        ("role accuracy (found parties)", "role_accuracy", lambda c: f"{c.roles_ok}/{c.parties_found}"),
        ("name accuracy (found parties)", "name_accuracy", lambda c: f"{c.names_ok}/{c.parties_found}"),
        ("definition recall", "definition_recall", lambda c: f"{c.terms_found}/{c.terms}"),
        ("definition precision", "definition_precision", lambda c: f"{c.pred_terms_ok}/{c.pred_terms}"),
        ("article recall", "article_recall", lambda c: f"{c.articles_found}/{c.articles}"),
        ("article precision", "article_precision", lambda c: f"{c.pred_articles_ok}/{c.pred_articles}"),
        ("placeholder recall", "placeholder_recall", lambda c: f"{c.placeholders_found}/{c.placeholders}"),
        ("dangling_reference precision", "dangling_reference_precision", lambda c: f"{c.dangling_ok}/{c.dangling_pred}"),
        ("findings precision", "findings_precision", lambda c: f"{c.tp}/{c.tp + c.fp}"),
        ("findings recall", "findings_recall", lambda c: f"{c.tp}/{c.tp + c.fn}"),
    ]
    fmts = [f for f in FORMATS if f in per_format]
    print(f"{'measure':32s}" + "".join(f" {fmt:>16s}" for fmt in fmts), file=out)
    sums = {fmt: summary(per_format[fmt]) for fmt in fmts}
    for title, key, frac in rows:
        print(f"{title:32s}" + "".join(f" {_f(sums[fmt][key]):>6s} {frac(per_format[fmt]):>9s}" for fmt in fmts),
              file=out)
    print(f"{'trap violations':32s}" + "".join(f" {per_format[fmt].traps:>16d}" for fmt in fmts), file=out)
    print(f"{'documents (failed to ingest)':32s}" + "".join(
        f" {per_format[fmt].docs:>10d} ({per_format[fmt].failed})" for fmt in fmts), file=out)


def print_rules(per_rule: dict, out=sys.stdout) -> None:
    print("findings per rule (TP FP FN traps; TXT | MD)", file=out)
    rules = sorted({r for tallies in per_rule.values() for r in tallies})
    for rule in rules:
        cells = []
        for fmt in FORMATS:
            t = per_rule.get(fmt, {}).get(rule)
            cells.append("   -" if t is None else f"{t[0]:3d} {t[1]:3d} {t[2]:3d} {t[3]:3d}")
        print(f"  {rule:26s} " + " | ".join(cells), file=out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evaluation.eval_real_public",
                                 description="reading and findings on the real public templates against hand labels")
    ap.add_argument("--labels", default=str(LABELS))
    ap.add_argument("--verbose", "-v", action="store_true", help="list every miss")
    ap.add_argument("--json", metavar="FILE", help="also write the numbers as JSON")
    args = ap.parse_args(argv)
    per_format, lines, per_rule = evaluate(Path(args.labels), verbose=args.verbose)
    print_report(per_format)
    print_rules(per_rule)
    for line in lines:
        print(line)
    if args.json:
        Path(args.json).write_text(json.dumps({fmt: summary(c) for fmt, c in per_format.items()},
                                              ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
