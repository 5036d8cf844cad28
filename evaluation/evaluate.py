"""Evaluation: findings against the gold corpus, and the statute measurements.

``make eval`` runs :func:`main`, which prints

1. per rule family and per input format: TP, FP, FN, precision, recall, and
   trap violations, over ``corpora/drafts/*.gold.yaml``;
2. structure accuracy on the statutes (``evaluation.eval_structure``);
3. findings per 10,000 characters on the statutes, per rule;
4. the statute measurements of the definitions/references analyses
   (``evaluation.eval_laws``) when that module is present.

Matching (documented in corpora/README.md): a predicted finding matches a gold
finding when the rule is equal, the clause path is equal and the quotes
overlap (span overlap, or one folded quote contains the other). ``missing_clause``
is matched on rule + detail (the topic id). Matching is one-to-one.
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

import yaml

from evaluation import shared_dir
from shinsa.checks import CheckContext, implemented_rules
from shinsa.model import Finding
from shinsa.scan import Result, analyze_path
from shinsa.textnorm import fold, kanji_to_int

ROOT = Path(__file__).resolve().parent.parent
DRAFTS = ROOT / "corpora" / "drafts"
HELDOUT = ROOT / "corpora" / "heldout"  # blind drafts: written without reading the rules, never tuned on
SHARED = shared_dir()
LAWS = SHARED / "corpora" / "laws"
FORMATS = ("txt", "docx", "pdf")


@dataclass
class Gold:
    rule: str
    clause: Optional[str]
    quote: Optional[str]
    detail: Optional[str] = None
    related_quote: Optional[str] = None


@dataclass
class Trap:
    quote: str
    clause: Optional[str]
    rules: Optional[frozenset[str]]
    why: str = ""


@dataclass
class GoldDoc:
    name: str
    findings: list[Gold]
    traps: list[Trap]
    profile: Optional[str] = None
    present_topics: list[str] = field(default_factory=list)


def load_gold(path: Path) -> GoldDoc:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    name = data.get("document") or path.name.removesuffix(".gold.yaml")
    findings = [Gold(rule=g["rule"], clause=g.get("clause"), quote=g.get("quote"), detail=g.get("detail"),
                     related_quote=g.get("related_quote")) for g in data.get("findings") or []]
    traps = [Trap(quote=t["quote"], clause=t.get("clause"),
                  rules=frozenset(t["rules"]) if t.get("rules") else None, why=t.get("why", ""))
             for t in data.get("traps") or []]
    return GoldDoc(name=name, findings=findings, traps=traps, profile=data.get("profile"),
                   present_topics=list(data.get("present_topics") or []))


_NUMERAL = re.compile(r"[〇一二三四五六七八九十百千]+")


def same_path(a: Optional[str], b: Optional[str]) -> bool:
    """Clause paths equal up to how their numbers are written (別表第一 = 別表第1, 第１ = 第1):
    the tool keeps an attachment's label as written, gold writers may normalise it."""
    if a == b:
        return True
    if a is None or b is None:
        return False
    return _skeleton(a) == _skeleton(b)


# 第3条第2項第1号 / 第3第2項第1号 / 3.2第1号 / 3.2.1: the same place written with or without 条・項・号
# (a document numbered 「1.」「2.1」 or 「１　見出し」 has no such words; the tool keeps its own labels and a
# gold writer may convert them)
_LEVEL = re.compile(r"第(\d+)(?:条|項|号)?")


# an attachment's clause whose number the body also uses is 別紙1の2 in the tool; gold writers asked to
# prefer the bare number write 2 (the quote tells the two apart)
_ANNEX_PREFIX = re.compile(r"^(?:別紙|別記|別添)[0-9０-９一二三四五六七八九十]*の(?=[0-9０-９])")


def _skeleton(path: str) -> str:
    p = _NUMERAL.sub(lambda m: str(kanji_to_int(m.group())), fold(_ANNEX_PREFIX.sub("", path)))
    p = _LEVEL.sub(lambda m: "." + m.group(1) + ".", p)
    return re.sub(r"\.+", ".", p).strip(".")


# findings about an article as a whole (its caption, its number) may be placed by a gold writer on the
# article or on its first paragraph, which shares the label's line (第12 / 第12第1項)
_ARTICLE_LEVEL = ("empty_heading", "numbering_gap")


def _article_level(pred: Finding, gold: Gold) -> bool:
    return (gold.rule in _ARTICLE_LEVEL and pred.clause is not None and gold.clause is not None
            and same_path(pred.clause + "第1項", gold.clause))


def _gap_in_unit(pred: Finding, gold: Gold) -> bool:
    """A skip among the items of an article (一, 二, 三, 五) reported at the item, gold at the article:
    the gold convention points numbering_gap at the article or section number only."""
    if gold.rule != "numbering_gap" or not pred.clause or not gold.clause:
        return False
    m = re.match(r"(.+?)(?=第[0-9]+項)", pred.clause)
    return m is not None and same_path(m.group(1), gold.clause)


def _sole_paragraph_cited_bare(path: Optional[str], result: Result) -> Optional[str]:
    """``path`` without its 第1項 when that paragraph is the only one of its unit: a unit of one
    paragraph is cited without it (第5条第2号, 附則, a section 4.1 and its items 4.1(2)), as a gold
    writer may do."""
    m = re.search(r"第1項(?=第|$)", path or "")
    facts = result.facts
    if m is None or facts is None:
        return None
    unit = path[:m.start()]
    if any(c.path == unit + "第2項" for c in facts.clauses):
        return None
    return unit + path[m.end():]


_DECIMAL_PARAGRAPH = re.compile(r"^(\d+(?:[.-]\d+)+)第\d+項")  # 4.2第2項, 2-3第3項


def _decimal_section_cited(path: Optional[str]) -> Optional[str]:
    """``path`` without the paragraph under a decimal section (4.2第2項 → 4.2): a gold writer who
    cites the section 4.2 as 第4条第2項 has no level left for the paragraphs inside it."""
    m = _DECIMAL_PARAGRAPH.match(path or "")
    return m.group(1) + path[m.end():] if m else None


def _squash(s: str) -> str:
    return "".join(fold(s).split())


def _quote_overlaps(pred: Finding, quote: str) -> bool:
    a, b = _squash(pred.quote), _squash(quote)
    return bool(a) and bool(b) and (a in b or b in a)


def _span_of(result: Result, clause: Optional[str], quote: str) -> Optional[tuple[int, int]]:
    """Locate a gold quote inside its clause in this format's text (whitespace-insensitive)."""
    facts = result.facts
    if facts is None:
        return None
    lo, hi = 0, len(facts.folded)
    if clause:
        node = next((c for c in facts.clauses if same_path(c.path, clause)), None)
        if node is None:
            return None
        lo, hi = node.start, node.end
    target = _squash(quote)
    if not target:
        return None
    # build a whitespace-free view of the clause with an index map
    chars, index = [], []
    for i in range(lo, hi):
        ch = facts.folded[i]
        if not ch.isspace():
            chars.append(ch)
            index.append(i)
    hay = "".join(chars)
    k = hay.find(target)
    if k < 0:
        return None
    return index[k], index[k + len(target) - 1] + 1


def matches(pred: Finding, gold: Gold, result: Result) -> bool:
    if pred.rule != gold.rule:
        return False
    if gold.rule == "missing_clause" or not gold.quote:
        return (gold.detail or None) == (pred.detail or None)
    if gold.clause and not same_path(pred.clause, gold.clause) and not _article_level(pred, gold) \
            and not _gap_in_unit(pred, gold) \
            and not same_path(_sole_paragraph_cited_bare(pred.clause, result), gold.clause) \
            and not same_path(_decimal_section_cited(pred.clause), gold.clause):
        return False
    if _quote_overlaps(pred, gold.quote):
        return True
    span = _span_of(result, gold.clause, gold.quote)
    return span is not None and pred.start < span[1] and span[0] < pred.end


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    traps: int = 0

    def add(self, other: "Tally") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.traps += other.traps

    @property
    def precision(self) -> Optional[float]:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> Optional[float]:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


@dataclass
class DocEval:
    name: str
    format: str
    status: str
    tallies: dict[str, Tally]
    false_positives: list[Finding]
    false_negatives: list[Gold]
    trap_hits: list[tuple[Trap, Finding]]


def evaluate_result(gold: GoldDoc, result: Result) -> DocEval:
    tallies: dict[str, Tally] = defaultdict(Tally)
    if result.status != "ok":
        for g in gold.findings:
            tallies[g.rule].fn += 1
        return DocEval(gold.name, result.format, result.status, dict(tallies), [], list(gold.findings), [])
    preds = list(result.findings)
    used: set[int] = set()
    fns: list[Gold] = []
    for g in gold.findings:
        hit = next((i for i, p in enumerate(preds) if i not in used and matches(p, g, result)), None)
        if hit is None:
            tallies[g.rule].fn += 1
            fns.append(g)
        else:
            used.add(hit)
            tallies[g.rule].tp += 1
    fps = [p for i, p in enumerate(preds) if i not in used]
    for p in fps:
        tallies[p.rule].fp += 1
    trap_hits = []
    for t in gold.traps:
        for p in preds:
            if t.rules is not None and p.rule not in t.rules:
                continue
            if t.clause and not same_path(p.clause, t.clause) \
                    and not same_path(_sole_paragraph_cited_bare(p.clause, result), t.clause) \
                    and not same_path(_decimal_section_cited(p.clause), t.clause):
                continue  # (a trap's place is written as gold writers write places: 5.1 for 5.1第1項)
            if _quote_overlaps(p, t.quote) or _trap_span_hit(result, t, p):
                trap_hits.append((t, p))
                tallies[p.rule].traps += 1
    return DocEval(gold.name, result.format, result.status, dict(tallies), fps, fns, trap_hits)


def _trap_span_hit(result: Result, trap: Trap, p: Finding) -> bool:
    span = _span_of(result, trap.clause, trap.quote)
    return span is not None and p.start < span[1] and span[0] < p.end


def corpus_inputs(drafts: Path = DRAFTS) -> list[tuple[GoldDoc, dict[str, Path]]]:
    out = []
    for gp in sorted(drafts.glob("*.gold.yaml")):
        gold = load_gold(gp)
        stem = gp.name.removesuffix(".gold.yaml")
        files = {fmt: drafts / f"{stem}.{fmt}" for fmt in FORMATS if (drafts / f"{stem}.{fmt}").exists()}
        out.append((gold, files))
    return out


def evaluate_corpus(drafts: Path = DRAFTS, ctx: CheckContext | None = None,
                    formats: Iterable[str] = FORMATS) -> list[DocEval]:
    evals = []
    for gold, files in corpus_inputs(drafts):
        for fmt in formats:
            if fmt in files:
                evals.append(evaluate_result(gold, analyze_path(files[fmt], ctx)))
    return evals


def summarise(evals: list[DocEval]) -> dict[str, dict[str, Tally]]:
    """rule -> format -> Tally (format "all" sums every format)."""
    table: dict[str, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
    for ev in evals:
        for rule, t in ev.tallies.items():
            table[rule][ev.format].add(t)
            table[rule]["all"].add(t)
    return table


def _fmt(x: Optional[float]) -> str:
    return "  -  " if x is None else f"{x:5.2f}"


def _pr(tp: int, fp: int, fn: int) -> str:
    p = f"{tp / (tp + fp):.2f}" if tp + fp else "  - "
    r = f"{tp / (tp + fn):.2f}" if tp + fn else "  - "
    return f"{p}/{r}"


def print_rounds(tables: dict[str, dict], out=sys.stdout) -> None:
    """Per family, P/R (all formats) on the dev corpus and, for every blind round, its first score
    (``corpora/heldout_rN/first_score.json``, written when it was first scored) beside its current one."""
    rounds = sorted(n for n in tables if n.startswith("heldout_r") and (ROOT / "corpora" / n / "first_score.json").exists())
    if not rounds:
        return
    firsts = {n: json.loads((ROOT / "corpora" / n / "first_score.json").read_text(encoding="utf-8")) for n in rounds}
    cols = ["dev"] + [f"{n.removeprefix('heldout_')} {w}" for n in rounds for w in ("first", "now")]
    print("## Blind rounds: first score (rules frozen, before any change) and current score, P/R over TXT+DOCX+PDF",
          file=out)
    print(f"{'rule':26s} " + " ".join(f"{c:>10s}" for c in cols), file=out)
    rules = sorted(set(tables.get("drafts", {})) | {r for n in rounds for r in tables[n]}
                   | {r for f in firsts.values() for r in f["families"]})
    totals = {c: [0, 0, 0] for c in cols}
    for rule in rules:
        cells = []
        for c in cols:
            if c == "dev":
                t = tables.get("drafts", {}).get(rule, {}).get("all")
                v = (t.tp, t.fp, t.fn) if t else (0, 0, 0)
            else:
                name, which = "heldout_" + c.split()[0], c.split()[1]
                if which == "first":
                    f = firsts[name]["families"].get(rule, {})
                    v = (f.get("tp", 0), f.get("fp", 0), f.get("fn", 0))
                else:
                    t = tables[name].get(rule, {}).get("all")
                    v = (t.tp, t.fp, t.fn) if t else (0, 0, 0)
            totals[c] = [a + b for a, b in zip(totals[c], v)]
            cells.append(_pr(*v) if any(v) else "")
        print(f"{rule:26s} " + " ".join(f"{x:>10s}" for x in cells), file=out)
    print(f"{'(all rules)':26s} " + " ".join(f"{_pr(*totals[c]):>10s}" for c in cols), file=out)
    print(file=out)


def print_corpus_table(table: dict[str, dict[str, Tally]], out=sys.stdout, title: str = "corpora/drafts") -> None:
    implemented = implemented_rules()
    print(f"## Findings vs gold ({title}) — per rule family and input format", file=out)
    print(f"{'rule':26s} {'fmt':5s} {'TP':>4s} {'FP':>4s} {'FN':>4s} {'P':>6s} {'R':>6s} {'traps':>6s}",
          file=out)
    for rule in sorted(table):
        status = "" if rule in implemented else "  (planned: no check yet)"
        for fmt in (*FORMATS, "all"):
            t = table[rule].get(fmt)
            if t is None:
                continue
            print(f"{rule:26s} {fmt:5s} {t.tp:4d} {t.fp:4d} {t.fn:4d} {_fmt(t.precision):>6s} "
                  f"{_fmt(t.recall):>6s} {t.traps:6d}{status if fmt == 'all' else ''}", file=out)
    for fmt in FORMATS:  # every rule together, per input format
        t = Tally()
        for fmts in table.values():
            if fmt in fmts:
                t.add(fmts[fmt])
        print(f"{'(all rules)':26s} {fmt:5s} {t.tp:4d} {t.fp:4d} {t.fn:4d} {_fmt(t.precision):>6s} "
              f"{_fmt(t.recall):>6s} {t.traps:6d}", file=out)


def statute_texts(laws: Path = LAWS) -> list[Path]:
    d = laws / "text"
    return sorted(d.glob("*.txt")) if d.exists() else []


def statute_findings(laws: Path = LAWS, ctx: CheckContext | None = None) -> list[dict]:
    rows = []
    for p in statute_texts(laws):
        r = analyze_path(p, ctx)
        n = len(r.doc.text) if r.doc else 0
        per: dict[str, int] = defaultdict(int)
        for f in r.findings:
            per[f.rule] += 1
        rows.append({"law": p.stem, "chars": n, "status": r.status, "findings": dict(per),
                     "total": sum(per.values()),
                     "per_10k": (sum(per.values()) / n * 10_000) if n else 0.0,
                     "profile": (r.facts.extra.get("profile") if r.facts else None)})
    return rows


def print_statute_findings(rows: list[dict], out=sys.stdout) -> None:
    print("\n## Findings on the statutes (false-positive test) — per 10,000 characters", file=out)
    rules = sorted({k for r in rows for k in r["findings"]})
    for r in rows:
        detail = ", ".join(f"{k}={r['findings'][k]}" for k in rules if r["findings"].get(k))
        print(f"{r['law']:38s} {r['chars']:8d} chars  {r['total']:5d} findings  "
              f"{r['per_10k']:6.2f}/10k  {detail}", file=out)
        prof = r.get("profile")
        if isinstance(prof, dict):  # statutes must get no contract profile (so no missing_clause)
            ev = "、".join(e.get("text", "") for e in prof.get("evidence") or [])
            print(f"{'':38s} profile: {prof.get('id') or 'none'} — {prof.get('name')}（根拠：{ev}）", file=out)
    total_chars = sum(r["chars"] for r in rows) or 1
    per_rule = defaultdict(int)
    for r in rows:
        for k, v in r["findings"].items():
            per_rule[k] += v
    print("all statutes: " + ", ".join(f"{k}={v} ({v / total_chars * 10_000:.2f}/10k)"
                                        for k, v in sorted(per_rule.items())), file=out)


def _optional(module: str):
    try:
        return importlib.import_module(f"{__package__}.{module}")
    except ImportError:
        return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evaluation.evaluate", description="evaluate shinsa")
    ap.add_argument("--json", metavar="FILE", help="also write the numbers as JSON")
    ap.add_argument("--skip-laws", action="store_true", help="only the gold corpus")
    ap.add_argument("--verbose", "-v", action="store_true", help="list false positives and negatives")
    ap.add_argument("--drafts", metavar="DIR", action="append",
                    help="gold corpus folder(s) to score (default: corpora/drafts and corpora/heldout)")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    report: dict = {}

    heldout = sorted(p for p in (ROOT / "corpora").glob("heldout*") if p.is_dir())
    tables: dict[str, dict] = {}
    folders = [Path(d) for d in args.drafts] if args.drafts else [DRAFTS, *heldout]
    for folder in folders:
        if not any(folder.glob("*.gold.yaml")):
            print(f"(no gold files in {folder})")
            continue
        evals = evaluate_corpus(folder)
        table = summarise(evals)
        tables[folder.name] = table
        title = folder.relative_to(ROOT).as_posix() if folder.is_relative_to(ROOT) else str(folder)
        if folder.name.startswith("heldout"):
            title += ": blind held-out drafts (see its README for how it was used)"
        print_corpus_table(table, title=title)
        report[f"corpus:{title}"] = {rule: {fmt: vars(t) | {"precision": t.precision, "recall": t.recall}
                                            for fmt, t in fmts.items()} for rule, fmts in table.items()}
        if args.verbose:
            for ev in evals:
                for g in ev.false_negatives:
                    print(f"  FN {ev.name}.{ev.format} {g.rule} {g.clause} 「{g.quote or g.detail}」")
                for p in ev.false_positives:
                    print(f"  FP {ev.name}.{ev.format} {p.rule}/{p.detail} {p.clause} 「{p.quote}」")
        bad = [f"{ev.name}.{ev.format}" for ev in evals if ev.status != "ok"]
        if bad:
            print("inputs that failed to ingest: " + ", ".join(bad))
        print()
    ed = _optional("eval_diff")  # shinsa diff on corpora/pairs/ (issue 15)
    if ed is not None and hasattr(ed, "main"):
        print("\n## Version comparison (shinsa diff) on corpora/pairs/: alignment and finding status")
        ed.main([])
    if not args.drafts:
        print_rounds(tables)
    ep = _optional("eval_parties")
    if ep is not None and hasattr(ep, "main"):
        print("\n## Parties and modality on the hand-labelled sentences (corpora/labels/)")
        ep.main([])

    if not args.skip_laws and LAWS.exists():
        es = _optional("eval_structure")
        if es is not None:
            print("\n## Structure on the statutes (条/項/号 with gold path and start within 2 chars)")
            rows = es.evaluate_laws(LAWS)
            print(es.format_table(rows))
            report["structure"] = [{k: v for k, v in r.items() if k != "misses"} for r in rows]
        rows = statute_findings()
        print_statute_findings(rows)
        report["statute_findings"] = rows
        el = _optional("eval_laws")
        if el is not None and hasattr(el, "main"):
            print("\n## Definitions and references on the statutes")
            el.main([])
    elif not LAWS.exists():
        print(f"\n(statutes not found at {LAWS}: skipped)")
    er = _optional("eval_real_public")  # real public templates (issue 12), reported separately
    if er is not None and hasattr(er, "main") and er.LABELS.exists():
        print("\n## Real public templates (corpora/real_public/ against corpora/labels/real_public.yaml)")
        er.main([])
    print(f"\n(eval took {time.perf_counter() - t0:.1f} s)")
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str),
                                   encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
