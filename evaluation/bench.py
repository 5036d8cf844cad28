"""Benchmark (``make bench``): medians of repeated runs on a fixed corpus.

Prints PDF ingest pages/s, the PDF path of the draft PDFs stage by stage
(ingest, analysis, JSON+HTML) and end to end (PDF in, JSON+HTML out, pages/s
per core), DOCX ingest paragraphs/s, structure+tokenize characters/s with raw
SudachiPy characters/s on the same sentences as the reference limit, and the
time the analyses and checks add on top.

The fixed corpus: ``corpora/drafts`` (PDF, DOCX, TXT) and, when present,
the statutes and real files under ``../shared/corpora``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

from .evaluate import DRAFTS, LAWS, SHARED


def median_time(fn: Callable[[], object], runs: int) -> float:
    return median_times(fn, runs)[0]


def median_times(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall time and median CPU time of this process (the CPU figure is less sensitive to
    other work on a shared machine; it leaves out child processes)."""
    walls, cpus = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return statistics.median(walls), statistics.median(cpus)


def bench_pdf(files: list[Path], runs: int) -> tuple[int, float]:
    from shinsa.ingest.pdf import read_pdf

    blobs = [(p.read_bytes(), str(p)) for p in files]
    pages = sum(read_pdf(b, s).meta.get("pages", 0) for b, s in blobs)
    return pages, median_time(lambda: [read_pdf(b, s) for b, s in blobs], runs)


def bench_docx(files: list[Path], runs: int) -> tuple[int, float]:
    from shinsa.ingest.docx import read_docx

    blobs = [(p.read_bytes(), str(p)) for p in files]
    paras = sum(read_docx(b, s).meta.get("paragraphs", 0) for b, s in blobs)
    return paras, median_time(lambda: [read_docx(b, s) for b, s in blobs], runs)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evaluation.bench")
    ap.add_argument("--runs", type=int, default=3, help="runs per measurement (median; default 3)")
    ap.add_argument("--copies", type=int, default=6,
                    help="copies of each draft PDF in the batch bench corpus (default 6)")
    ap.add_argument("--skip-batch", action="store_true", help="skip the end-to-end batch measurement")
    args = ap.parse_args(argv)
    runs = max(3, args.runs)

    from shinsa import nlp, structure
    from shinsa.checks import CheckContext, run_checks
    from shinsa.analysis import run_analyses
    from shinsa.facts import Facts
    from shinsa.ingest import ingest

    print(f"shinsa bench — median of {runs} runs")
    pdfs = sorted(DRAFTS.glob("*.pdf")) + sorted((SHARED / "corpora" / "real").glob("*.pdf"))
    if pdfs:
        pages, t = bench_pdf(pdfs, runs)
        print(f"PDF ingest:   {pages:6d} pages in {t:.3f} s  = {pages / t:8.1f} pages/s  ({len(pdfs)} files)")
    batch = None if args.skip_batch else bench_batch(runs, args.copies)
    bench_pdf_path(runs, batch)
    docxs = sorted(DRAFTS.glob("*.docx")) + sorted((SHARED / "corpora" / "real").glob("*.docx"))
    if docxs:
        paras, t = bench_docx(docxs, runs)
        print(f"DOCX ingest:  {paras:6d} paragraphs in {t:.3f} s = {paras / t:8.1f} paragraphs/s  "
              f"({len(docxs)} files)")

    texts = sorted((LAWS / "text").glob("*.txt")) if LAWS.exists() else []
    texts = texts or sorted(DRAFTS.glob("*.txt"))
    docs = [ingest(p) for p in texts]
    chars = sum(len(d.text) for d in docs)
    nlp.tokenizer()

    def structure_and_tokens():
        return [(structure.parse(d), nlp.sentences(d.folded)) for d in docs]

    t_struct = median_time(structure_and_tokens, runs)
    print(f"structure+tokenize: {chars:8d} chars in {t_struct:.3f} s = {chars / t_struct:10.0f} chars/s "
          f"({len(docs)} texts)")

    def raw():
        for d in docs:
            nlp.raw_tokenize_chars_per_call(d.folded)

    t_raw = median_time(raw, runs)
    print(f"raw SudachiPy (reference limit, same sentences): {chars / t_raw:10.0f} chars/s")

    base = [Facts(doc=d, clauses=c, sentences=s) for d, (c, s) in zip(docs, structure_and_tokens())]
    ctx = CheckContext()

    def analyses_and_checks():
        for f in base:
            run_checks(run_analyses(f), ctx)

    analyses_and_checks()  # warm caches (lexicons compiled once per process)
    t_checks = median_time(analyses_and_checks, runs)
    print(f"analyses+checks:    {t_checks:.3f} s on top = +{t_checks / t_struct * 100:5.1f}% of structure+tokenize "
          f"({chars / (t_struct + t_checks):10.0f} chars/s end to end after ingest)")

    from shinsa.checks import check_modules

    analysed = [run_analyses(f) for f in base]
    t_an = median_time(lambda: [run_analyses(f) for f in base], runs)
    print(f"  analyses (definitions, references, parties …): +{t_an / t_struct * 100:5.1f}%")
    for mod in check_modules():
        t = median_time(lambda m=mod: [list(m.check(f, ctx)) for f in analysed], runs)
        print(f"  checks {mod.__name__.rsplit('.', 1)[-1]:22s} +{t / t_struct * 100:5.1f}%  "
              f"({', '.join(mod.RULE_IDS)})")
    if batch:
        print_batch(*batch)
    try:  # shinsa diff (issue 15) against scanning both versions
        from .eval_diff import print_bench
    except ImportError:
        print_bench = None
    if print_bench is not None:
        print_bench(runs)
    return 0


def bench_pdf_path(runs: int, batch: tuple | None) -> None:
    """The draft PDFs on one core, stage by stage (median of ``runs``), and end to end.

    End to end is the product path: ``run_batch --jobs 1`` over copies of the drafts, PDF in and
    per-file JSON + HTML (with index.html and summary.xlsx) out, wall time. Process start-up
    (imports, the Sudachi dictionary) is left out, as in every figure here."""
    from shinsa import batch as batch_mod
    from shinsa.checks import run_checks
    from shinsa.facts import build_facts
    from shinsa.ingest import ingest
    from shinsa.model import Result
    from shinsa.report import html_report, json_report

    pdfs = sorted(DRAFTS.glob("*.pdf"))
    if not pdfs:
        return
    batch_mod._init_worker((), None, None)
    ctx = batch_mod._CTX
    docs = [ingest(p) for p in pdfs]
    pages = sum(d.meta.get("pages", 0) for d in docs)
    facts = [build_facts(d, ctx) for d in docs]
    results = [Result(source=d.source, format=d.format, status="ok", doc=d, facts=f, findings=run_checks(f, ctx))
               for d, f in zip(docs, facts)]
    t_ing = median_time(lambda: [ingest(p) for p in pdfs], runs)
    t_an = median_time(lambda: [run_checks(build_facts(d, ctx), ctx) for d in docs], runs)
    t_rep = median_time(lambda: [(json_report.dumps(r), html_report.render(r)) for r in results], runs)
    print(f"PDF path on the drafts ({len(pdfs)} files, {pages} pages), one core:")
    for name, t in (("ingest", t_ing), ("analysis (structure, tokens, analyses, checks)", t_an),
                    ("JSON + HTML", t_rep)):
        print(f"  {name:48s} {pages / t:8.1f} pages/s  ({t / pages * 1000:5.2f} ms/page)")
    if batch:
        n_files, n_pages, times = batch
        print(f"  end to end (PDF in, JSON + HTML out; batch --jobs 1, {n_files} files, {n_pages} pages): "
              f"{n_pages / times[1]:6.1f} pages/s per core (wall; {n_pages / times[0]:6.1f} by CPU time)")


def bench_batch(runs: int, copies: int) -> tuple[int, int, dict[int, float]] | None:
    """End to end (PDF in, JSON+HTML out) at --jobs 1 and 2 on copies of the draft PDFs:
    (files, pages, {jobs: median wall seconds, 0: median CPU seconds of --jobs 1})."""
    import shutil
    import tempfile

    from shinsa.batch import BatchOptions, run_batch
    from shinsa.ingest.pdf import read_pdf
    from shinsa.scan import collect_inputs

    pdfs = sorted(DRAFTS.glob("*.pdf"))
    if not pdfs:
        return None
    pages_each = {p: read_pdf(p.read_bytes(), str(p)).meta.get("pages", 0) for p in pdfs}
    times: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        for k in range(copies):
            for p in pdfs:
                shutil.copy(p, src / f"{p.stem}-{k}.pdf")
        inputs = collect_inputs([src])
        for jobs in (1, 2):
            def once(jobs=jobs):
                out = Path(tmp) / f"out{jobs}"
                shutil.rmtree(out, ignore_errors=True)
                run_batch(inputs, BatchOptions(out=out, jobs=jobs, use_cache=False))

            times[jobs], cpu = median_times(once, runs)
            if jobs == 1:
                times[0] = cpu  # CPU time of the one-process run
    return len(inputs), copies * sum(pages_each.values()), times


def print_batch(n_files: int, n_pages: int, times: dict[int, float]) -> None:
    print(f"batch (PDF in, JSON+HTML out): {n_files} files, {n_pages} pages")
    base = times[1]
    for jobs, t in ((j, t) for j, t in times.items() if j):
        print(f"  --jobs {jobs}: {t:6.2f} s = {n_files / t:6.2f} files/s, {n_pages / t:6.1f} pages/s "
              f"({n_pages / t / jobs:6.1f} pages/s per worker), speed-up {base / t:4.2f}x")


if __name__ == "__main__":
    sys.exit(main())
