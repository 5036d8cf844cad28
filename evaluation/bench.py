"""Benchmark (``make bench``): medians of repeated runs on a fixed corpus.

First the acceptance figures of issue 14, all measured in the same run: whole-process
``shinsa scan`` of the statutes against raw SudachiPy on the same lines (its own whole
process), peak RSS of one job on the largest statute, cold start, ``--jobs 2`` against
``--jobs 1`` on the draft PDFs, and time per character on a statute repeated 1x–8x.

Then the breakdown: PDF ingest pages/s, DOCX ingest paragraphs/s, structure+tokenize
characters/s with raw SudachiPy characters/s on the same sentences as the
reference limit, and the time the analyses and checks add on top.

The fixed corpus: ``corpora/drafts`` (PDF, DOCX, TXT) and, when present,
the statutes and real files under ``../shared/corpora``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

from .evaluate import DRAFTS, LAWS, SHARED


def median_time(fn: Callable[[], object], runs: int, clock: Callable[[], float] = time.perf_counter) -> float:
    times = []
    for _ in range(runs):
        t0 = clock()
        fn()
        times.append(clock() - t0)
    return statistics.median(times)


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
    ap.add_argument("--copies", type=int, default=3,
                    help="copies of each draft PDF in the batch bench corpus (default 3)")
    ap.add_argument("--skip-batch", action="store_true", help="skip the end-to-end batch measurement")
    ap.add_argument("--acceptance-only", action="store_true", help="print only the acceptance figures")
    args = ap.parse_args(argv)
    runs = max(3, args.runs)
    print(f"shinsa bench — median of {runs} runs (load average before: {os.getloadavg()[0]:.2f} on "
          f"{os.cpu_count()} cores; other work on the machine slows every figure, --jobs 2 most)")
    print_acceptance(runs, args.copies, skip_batch=args.skip_batch)
    if args.acceptance_only:
        return 0

    from shinsa import nlp, structure
    from shinsa.checks import CheckContext, run_checks
    from shinsa.analysis import run_analyses
    from shinsa.facts import Facts
    from shinsa.ingest import ingest

    print("breakdown (in process)")
    pdfs = sorted(DRAFTS.glob("*.pdf")) + sorted((SHARED / "corpora" / "real").glob("*.pdf"))
    if pdfs:
        pages, t = bench_pdf(pdfs, runs)
        print(f"PDF ingest:   {pages:6d} pages in {t:.3f} s  = {pages / t:8.1f} pages/s  ({len(pdfs)} files)")
    bench_pdf_path(runs, None if args.skip_batch else args.copies)
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
    try:  # shinsa diff (issue 15) against scanning both versions
        from .eval_diff import print_bench
    except ImportError:
        print_bench = None
    if print_bench is not None:
        print_bench(runs)
    return 0


def bench_batch(runs: int, copies: int) -> float | None:
    """End to end (PDF in, JSON+HTML out) at --jobs 1 and 2 on copies of the draft PDFs (in
    process, as ``shinsa scan --out`` runs it); returns the speed-up of --jobs 2."""
    import shutil
    import tempfile

    from shinsa.batch import BatchOptions, run_batch
    from shinsa.ingest.pdf import read_pdf
    from shinsa.scan import collect_inputs

    pdfs = sorted(DRAFTS.glob("*.pdf"))
    if not pdfs:
        return None
    pages_each = {p: read_pdf(p.read_bytes(), str(p)).meta.get("pages", 0) for p in pdfs}
    with tempfile.TemporaryDirectory() as tmp:
        src = _copies(pdfs, Path(tmp), copies)
        inputs = collect_inputs([src])
        n_files = len(inputs)
        n_pages = copies * sum(pages_each.values())
        print(f"  batch (PDF in, JSON+HTML out): {n_files} files, {n_pages} pages")
        base = None
        for jobs in (1, 2):
            def once(jobs=jobs):
                out = Path(tmp) / f"out{jobs}"
                shutil.rmtree(out, ignore_errors=True)
                run_batch(inputs, BatchOptions(out=out, jobs=jobs, use_cache=False))

            t = median_time(once, runs)
            base = base or t
            print(f"    --jobs {jobs}: {t:6.2f} s = {n_files / t:6.2f} files/s, {n_pages / t:6.1f} pages/s "
                  f"({n_pages / t / jobs:6.1f} pages/s per worker), speed-up {base / t:4.2f}x")
        speedup = base / t
        bench_dask(inputs, Path(tmp), runs, n_files, t)
        return speedup


def bench_dask(inputs: list, tmp: Path, runs: int, n_files: int, t_jobs2: float) -> None:
    """The same batch on a Dask LocalCluster of 2 worker processes (started once, outside the timing)."""
    import shutil

    from shinsa.batch import BatchOptions, run_batch

    try:
        from shinsa import cluster
    except ImportError:  # a shinsa without the Dask executor (benchmarking an older version)
        print("    dask: this shinsa has no Dask executor — skipped")
        return
    if not cluster.available():
        print("    dask: not installed (pip install '.[dask]') — skipped")
        return
    from distributed import LocalCluster

    t0 = time.perf_counter()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as c:
        start = time.perf_counter() - t0
        out = tmp / "out-dask"

        def once():
            shutil.rmtree(out, ignore_errors=True)
            run_batch(inputs, BatchOptions(out=out, use_cache=False), runner=cluster.runner(c.scheduler_address))

        once()  # warm-up: each worker builds Sudachi and the lexicons on its first task
        t = median_time(once, runs)
    print(f"    dask, LocalCluster of 2 worker processes (warm): {t:6.2f} s = {n_files / t:6.2f} files/s "
          f"= {t_jobs2 / t:4.2f}x of --jobs 2 (cluster start {start:.1f} s, not counted)")


# ---------------------------------------------------------------- acceptance figures (issue 14)
# Raw SudachiPy in its own whole process: the same lines of the same files, reading the
# surface, POS and normalised form of every morpheme (the reference limit of a scan).
RAW_SUDACHI = """
import sys
from pathlib import Path
from sudachipy import dictionary, tokenizer
tok = dictionary.Dictionary().create(mode=tokenizer.Tokenizer.SplitMode.A)
n = 0
for name in sys.argv[1:]:
    for line in Path(name).read_text(encoding="utf-8").splitlines():
        for i in range(0, len(line), 12000):  # SudachiPy's input limit is 49,149 bytes
            for m in tok.tokenize(line[i:i + 12000]):
                m.surface(); m.part_of_speech(); m.normalized_form()
                n += 1
print(n)
"""
LARGEST_LAW = "chiho_jichi_322AC0000000067.txt"  # 地方自治法, 1.25 MB
LINEAR_LAW = "kojin_joho_hogo_415AC0000000057.txt"  # 個人情報保護法, concatenated 1x..8x
ONE_LINE = "第1条　乙は、個人情報の漏えいを知ったときは、速やかに甲に報告しなければならない。\n"


def measured(cmd: list[str], env: dict | None = None) -> tuple[float, float, float]:
    """Run ``cmd`` as a whole process: (wall seconds, peak RSS in MB, CPU seconds user+system)."""
    import subprocess
    import tempfile

    with tempfile.TemporaryFile() as err:  # a file, not a pipe: a chatty child never blocks
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(p.pid, 0)
        t = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode not in (0, 1):
            err.seek(0)
            raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}): {err.read()[-500:].decode(errors='replace')}")
    return t, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime  # Linux reports KiB


def median_measured(cmd: list[str], runs: int, env: dict | None = None) -> tuple[float, float, float]:
    """Medians of (wall, peak RSS, CPU) over ``runs`` runs."""
    results = [measured(cmd, env) for _ in range(runs)]
    return tuple(statistics.median(r[i] for r in results) for i in range(3))  # type: ignore[return-value]


def shinsa_cmd() -> list[str]:
    script = Path(sys.executable).with_name("shinsa")
    return [str(script)] if script.exists() else [sys.executable, "-m", "shinsa.cli"]


def scan_cmd(paths: list[Path], out: Path, jobs: int = 1) -> list[str]:
    return shinsa_cmd() + ["scan", *map(str, paths), "--out", str(out), "--jobs", str(jobs), "--no-cache",
                           "--format", "json", "--fail-on", "never"]


def print_acceptance(runs: int, copies: int, skip_batch: bool = False) -> None:
    """Every figure of issue 14, measured in this run (median of ``runs``), with its target."""
    import tempfile

    print(f"acceptance (issue 14) — median of {runs}, whole processes unless noted")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        laws = sorted((LAWS / "text").glob("*.txt")) if LAWS.exists() else []
        if laws:
            _print_statutes(laws, tmp, runs)
        else:
            print("  statutes: ../shared/corpora/laws absent — ratio, peak RSS and linear cost skipped")
        one = tmp / "one-line.txt"
        one.write_text(ONE_LINE, encoding="utf-8")
        cmd = shinsa_cmd() + ["scan", str(one), "--fail-on", "never"]
        # as installed (pip compiles the bytecode): a first run writes it when this environment does not
        # forbid it; PYTHONDONTWRITEBYTECODE=1 (set on some machines) recompiles every module every time
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        measured(cmd, env)
        t, _, cpu = median_measured(cmd, runs, env)
        print(f"  cold start: shinsa scan one-line.txt {t:.2f} s  (target ≤ 0.5 s) {_ok(t <= 0.5)}  (CPU {cpu:.2f} s; "
              f"with the bytecode cache an installed package has)")
        if not skip_batch:
            load = os.getloadavg()[0]
            speedup = bench_batch(runs, copies)
            if speedup:
                print(f"  --jobs 2 vs --jobs 1 on the PDF drafts: {speedup:.2f}x  (target ≥ 1.85x) "
                      f"{_ok(speedup >= 1.85)}  (load average {load:.2f} before, {os.getloadavg()[0]:.2f} after: "
                      f"two workers need two idle cores)")
        if laws:
            print_linear(LAWS / "text" / LINEAR_LAW, tmp, runs)


def _ok(flag: bool) -> str:
    return "ok" if flag else "MISSED"


def _print_statutes(laws: list[Path], tmp: Path, runs: int) -> None:
    chars = sum(len(p.read_text(encoding="utf-8")) for p in laws)
    t_scan, rss_all, cpu_scan = median_measured(scan_cmd([laws[0].parent], tmp / "laws"), runs)
    t_raw, rss_raw_all, cpu_raw = median_measured([sys.executable, "-c", RAW_SUDACHI, *map(str, laws)], runs)
    ratio = t_raw / t_scan
    print(f"  statutes ({len(laws)} files, {chars} chars, --jobs 1, JSON+HTML+index+xlsx): shinsa scan "
          f"{t_scan:.2f} s, raw SudachiPy {t_raw:.2f} s → {ratio:.2f} of raw  (target ≥ 0.35) {_ok(ratio >= 0.35)}")
    print(f"    CPU time (less sensitive to other work on the machine): {cpu_scan:.2f} s vs {cpu_raw:.2f} s "
          f"→ {cpu_raw / cpu_scan:.2f}; peak RSS of the scan of all {len(laws)} {rss_all:.0f} MB, "
          f"raw SudachiPy {rss_raw_all:.0f} MB")
    big = LAWS / "text" / LARGEST_LAW
    if big.exists():
        _, rss, _ = median_measured(scan_cmd([big], tmp / "big"), runs)
        _, floor, _ = median_measured([sys.executable, "-c", RAW_SUDACHI, str(big)], runs)
        print(f"  peak RSS of one job on {big.stem} (地方自治法): {rss:.0f} MB  (target ≤ 300 MB) {_ok(rss <= 300)}; "
              f"floor = raw SudachiPy on the same text {floor:.0f} MB (mostly the mmapped dictionary)")


def print_linear(law: Path, tmp: Path, runs: int) -> None:
    """Time per character of one scan (in process, after warm-up) on ``law`` repeated 1x, 2x, 4x, 8x."""
    from shinsa.checks import CheckContext
    from shinsa.report import html_report, json_report
    from shinsa.scan import analyze_path

    ctx = CheckContext()
    text = law.read_text(encoding="utf-8").rstrip("\n") + "\n"
    per_char = {}
    for k in (1, 2, 4, 8):
        p = tmp / f"linear-{k}x.txt"
        p.write_text(text * k, encoding="utf-8")

        def once(p=p):
            r = analyze_path(p, ctx)
            json_report.dumps(r)
            html_report.render(r)

        if k == 1:
            once()  # warm-up: lexicons compiled, dictionary pages touched
        # CPU time of this process: a shape over sizes, so other work on the machine must not bend it
        per_char[k] = median_time(once, runs, clock=time.process_time) / (len(text) * k)
        p.unlink()
    base = per_char[1]
    worst = max(abs(v / base - 1) for v in per_char.values())
    cells = ", ".join(f"{k}x {v * 1e6:.2f} µs/char ({(v / base - 1) * 100:+.0f}%)" for k, v in per_char.items())
    print(f"  linear cost ({law.stem} {len(text)} chars repeated, scan+JSON+HTML in process, CPU time): {cells}  "
          f"(target within ±15%) {_ok(worst <= 0.15)}")


def _copies(pdfs: list[Path], tmp: Path, copies: int) -> Path:
    """A folder ``tmp/in`` holding ``copies`` copies of each PDF (the batch corpus of the bench)."""
    import shutil

    src = tmp / "in"
    src.mkdir()
    for k in range(copies):
        for p in pdfs:
            shutil.copy(p, src / f"{p.stem}-{k}.pdf")
    return src


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


def bench_pdf_path(runs: int, copies: int | None) -> None:
    """The draft PDFs on one core, stage by stage (median of ``runs``), and end to end.

    End to end is the product path: ``run_batch --jobs 1`` over ``copies`` copies of the drafts, PDF in
    and per-file JSON + HTML (with index.html and summary.xlsx) out. Process start-up (imports, the
    Sudachi dictionary) is left out, as in every figure of the breakdown."""
    import shutil
    import tempfile

    from shinsa import batch as batch_mod
    from shinsa.batch import BatchOptions, run_batch
    from shinsa.checks import run_checks
    from shinsa.facts import build_facts
    from shinsa.ingest import ingest
    from shinsa.model import Result
    from shinsa.report import html_report, json_report
    from shinsa.scan import collect_inputs

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
    if not copies:
        return
    with tempfile.TemporaryDirectory() as tmp:
        src = _copies(pdfs, Path(tmp), copies)
        out = Path(tmp) / "out"

        def once():
            shutil.rmtree(out, ignore_errors=True)
            run_batch(collect_inputs([src]), BatchOptions(out=out, use_cache=False, formats=("json", "html")))

        once()
        wall, cpu = median_times(once, runs)
    n = pages * copies
    print(f"  end to end (PDF in, JSON + HTML out; batch --jobs 1, {len(pdfs) * copies} files, {n} pages): "
          f"{n / wall:6.1f} pages/s per core (wall; {n / cpu:6.1f} by CPU time)  (target ≥ 100) {_ok(n / wall >= 100)}")


if __name__ == "__main__":
    sys.exit(main())
