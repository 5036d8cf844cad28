"""Evaluation of ``shinsa diff`` on corpora/pairs/ (called from ``make eval``).

Alignment: the predicted pairs are every top-level pair (題名, 前文, 条, 別表 …)
plus every deeper pair that is modified / moved / added / deleted inside a
parent that both versions have; the gold lists the same (see
corpora/pairs/README.md). A pair is right when its old path, new path and
status all agree. Format-only pairs (``identity: true``) expect every clause
``unchanged`` at its own path and 0 changes.

Finding status: every OLD finding is expected ``persisting`` unless the gold
says ``resolved``; a finding reported ``new`` is right only when the gold (or
its ``stale`` list) announces it. Accuracy = right / (OLD findings + NEW-only
findings reported + gold new findings not reported).

``bench`` times ``shinsa diff`` against scanning both versions on two
~30-page drafts built from every draft of corpora/drafts (``make bench``).
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .evaluate import SHARED

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT / "corpora" / "pairs"
# ../shared beside the checkout; a git worktree under wt/ has it two levels up
REAL = next((d / "corpora" / "real" for d in (SHARED, ROOT.parents[1] / "shared") if (d / "corpora" / "real").is_dir()),
            SHARED / "corpora" / "real")
REAL_PAIR = ("r03_spc-jp_gyomu-itaku-keiyakusho.docx", "r04_spc-jp_gyomu-itaku-keiyakusho.pdf")


@dataclass
class PairScore:
    name: str
    gold: int = 0
    predicted: int = 0
    correct: int = 0
    changes: int = 0
    identity: bool = False
    findings: int = 0
    findings_right: int = 0
    template_ok: bool | None = None
    errors: list = field(default_factory=list)


def _q(s: str | None) -> str:
    return "".join(unicodedata.normalize("NFKC", s or "").split())


def scored_pairs(cmp) -> set[tuple]:
    """(old_path, new_path, status) of the pairs the gold covers (see the module doc)."""
    from shinsa.compare import changed_subclauses

    top = [p for p in cmp.pairs if p.depth == 0]
    return {(p.old_path, p.new_path, p.status) for p in top + changed_subclauses(cmp)}


def _gold_finding_hit(g: dict, f) -> bool:
    if g.get("rule") != f.rule:
        return False
    if g.get("detail") and g["detail"] != f.detail:
        return False
    if g.get("quote") and _q(g["quote"]) != _q(f.quote):
        return False
    return not g.get("clause") or g["clause"] == f.clause


def finding_score(cmp, gold: dict) -> tuple[int, int, list[str]]:
    resolved = [g for g in gold.get("findings") or [] if g["status"] == "resolved"]
    new = [g for g in gold.get("findings") or [] if g["status"] == "new"]
    new += [{"rule": "stale_reference", **s} for s in gold.get("stale") or []]
    total = right = 0
    errors = []
    for fu in cmp.findings:
        f = fu.old if fu.status != "new" else fu.finding
        total += 1
        if fu.status == "new":
            hit = next((g for g in new if _gold_finding_hit(g, f)), None)
            if hit is not None:
                new.remove(hit)
                right += 1
            else:
                errors.append(f"new but expected persisting: {f.rule} {f.clause} 「{f.quote}」")
            continue
        expected = "resolved" if any(_gold_finding_hit(g, f) for g in resolved) else "persisting"
        if fu.status == expected:
            right += 1
        else:
            errors.append(f"{fu.status} but expected {expected}: {f.rule} {f.clause} 「{f.quote}」")
    total += len(new)
    errors += [f"missing new finding: {g}" for g in new]
    return total, right, errors


def evaluate_pair(name: str, gold: dict, analyse) -> PairScore:
    from shinsa.compare import compare

    old, new = analyse(gold["old"]), analyse(gold["new"])
    s = PairScore(name, identity=bool(gold.get("identity")))
    if old.status != "ok" or new.status != "ok":
        s.errors.append(f"unreadable: {old.error or new.error}")
        return s
    cmp = compare(old, new, template=bool(gold.get("template")))
    pred = scored_pairs(cmp)
    if s.identity:
        want = {(p.old_path, p.old_path, "unchanged") for p in cmp.pairs if p.old and p.depth == 0}
    else:
        want = {(g["old"], g["new"], g["status"]) for g in gold["pairs"]}
    s.gold, s.predicted, s.correct = len(want), len(pred), len(pred & want)
    s.changes = len(cmp.changes)
    s.errors += [f"predicted {x}" for x in sorted(pred - want, key=str)]
    s.errors += [f"missed {x}" for x in sorted(want - pred, key=str)]
    s.findings, s.findings_right, ferr = finding_score(cmp, gold)
    s.errors += ferr
    if "template_required" in gold:
        got = sorted(d["topic"] for d in (cmp.template or {}).get("required_deletions", []))
        s.template_ok = got == sorted(gold["template_required"])
        if not s.template_ok:
            s.errors.append(f"template required deletions {got} != {gold['template_required']}")
    return s


def load_pairs() -> list[tuple[str, dict, Path]]:
    out = [(p.name[:-len(".gold.yaml")], yaml.safe_load(p.read_text(encoding="utf-8")), ROOT / "corpora")
           for p in sorted(PAIRS.glob("*.gold.yaml"))]
    if all((REAL / f).exists() for f in REAL_PAIR):
        out.append(("real_r03_docx_r04_pdf", {"old": REAL_PAIR[0], "new": REAL_PAIR[1], "identity": True}, REAL))
    return out


def evaluate(verbose: bool = False) -> list[PairScore]:
    from shinsa.scan import analyze_path

    cache: dict[Path, object] = {}

    scores = []
    for name, gold, base in load_pairs():
        def analyse(rel, base=base):
            path = base / rel
            if path not in cache:
                cache[path] = analyze_path(path, display=rel)
            return cache[path]

        scores.append(evaluate_pair(name, gold, analyse))
    return scores


def format_table(scores: list[PairScore], verbose: bool = False) -> str:
    lines = [f"{'pair':34s} {'gold':>5s} {'pred':>5s} {'right':>5s} {'P':>6s} {'R':>6s} {'changes':>7s} "
             f"{'findings':>8s} {'acc':>6s}"]
    for s in scores:
        p = s.correct / s.predicted if s.predicted else 1.0
        r = s.correct / s.gold if s.gold else 1.0
        acc = s.findings_right / s.findings if s.findings else 1.0
        tpl = "" if s.template_ok is None else ("  template ok" if s.template_ok else "  template WRONG")
        lines.append(f"{s.name:34s} {s.gold:5d} {s.predicted:5d} {s.correct:5d} {p:6.3f} {r:6.3f} "
                     f"{s.changes:7d}{'*' if s.identity else ' '} {s.findings:7d} {acc:6.3f}{tpl}")
        if verbose:
            lines += [f"    {e}" for e in s.errors]
    g = sum(s.gold for s in scores)
    pr = sum(s.predicted for s in scores)
    c = sum(s.correct for s in scores)
    fn = sum(s.findings for s in scores)
    fr = sum(s.findings_right for s in scores)
    ident = [s for s in scores if s.identity]
    lines.append(f"alignment: precision {c / max(pr, 1):.3f}, recall {c / max(g, 1):.3f} "
                 f"({c} of {g} gold pairs with right status and paths); format-only pairs with 0 changes: "
                 f"{sum(s.changes == 0 for s in ident)} of {len(ident)} (* = format-only)")
    lines.append(f"finding status: {fr} of {fn} right = {fr / max(fn, 1):.3f}")
    return "\n".join(lines)


def _long_draft(insert: bool, max_chars: int = 10 ** 9) -> str:
    """The drafts' articles in one document (until ``max_chars``), renumbered 第1条…;
    ``insert`` adds one after 第1条."""
    drafts = sorted((ROOT / "corpora" / "drafts").glob("*.txt"))
    out = drafts[0].read_text(encoding="utf-8").split("\n")[:3]
    body: list[str] = []
    for d in drafts:
        if sum(map(len, body)) >= max_chars:
            break
        lines = d.read_text(encoding="utf-8").split("\n")
        first = next(i for i, ln in enumerate(lines) if re.match(r"^（[^）]+）$", ln))
        # one flat run of articles: no 別表, 章 headings or 附則 of the individual drafts
        body += [ln for ln in lines[first:] if not re.match(r"別表|別記|附\s*則|第\S+章", ln)] + [""]
    n = 0
    for ln in body:
        m = re.match(r"^第[0-9０-９一二三四五六七八九十]+条?(?:の[0-9]+)?\u3000", ln)
        if m:
            n += 1
            ln = f"第{n + (insert and n > 1)}条\u3000" + ln[m.end():]
            if insert and n == 2:
                out += ["（挿入した条）", "第2条\u3000乙は、本業務の開始前に、業務計画書を甲に提出しなければならない。", ""]
        out.append(ln)
    return "\n".join(out)


def bench(runs: int = 3, pages: int = 30) -> tuple[int, float, float]:
    """(characters per version, median seconds scanning both, median seconds of shinsa diff)
    on two versions of about ``pages`` pages."""
    import statistics

    from shinsa.compare import compare
    from shinsa.scan import analyze_path

    with tempfile.TemporaryDirectory() as tmp:
        a, b = Path(tmp) / "old.txt", Path(tmp) / "new.txt"
        size = int(pages * _chars_per_page())
        a.write_text(_long_draft(False, size), encoding="utf-8")
        b.write_text(_long_draft(True, size), encoding="utf-8")
        analyze_path(a)  # warm up (lexicons, Sudachi)
        scan_t, diff_t = [], []
        for _ in range(runs):
            t0 = time.perf_counter()
            analyze_path(a), analyze_path(b)
            scan_t.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            compare(analyze_path(a), analyze_path(b))
            diff_t.append(time.perf_counter() - t0)
        return len(a.read_text(encoding="utf-8")), statistics.median(scan_t), statistics.median(diff_t)


def _chars_per_page() -> float:
    """Characters per PDF page in the draft corpus (TXT length over the pages of its PDF)."""
    from shinsa.ingest.pdf import read_pdf

    chars = pages = 0
    for txt in sorted((ROOT / "corpora" / "drafts").glob("*.txt")):
        pdf = txt.with_suffix(".pdf")
        if pdf.exists():
            chars += len(txt.read_text(encoding="utf-8"))
            pages += read_pdf(pdf.read_bytes(), str(pdf)).meta.get("pages", 0)
    return chars / pages if pages else 1000.0


def print_bench(runs: int = 3) -> None:
    chars, scan_t, diff_t = bench(runs)
    pages = chars / _chars_per_page()
    print(f"diff (two versions of {chars} chars ≈ {pages:.0f} pages each at the corpus PDFs' density, "
          f"one article inserted so all later ones are renumbered): "
          f"scan both {scan_t:.2f} s, shinsa diff {diff_t:.2f} s = {diff_t / scan_t:.2f}x")


def main(argv: list[str] | None = None) -> int:
    argv = list(argv or [])
    scores = evaluate()
    print(format_table(scores, verbose="-v" in argv))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
