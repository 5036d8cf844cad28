"""OCR accuracy and speed on scans made from our own PDFs (issue 13, item 4).

For each draft PDF (``corpora/drafts``), ``tools/make_scans.py`` makes a clean
300 dpi image-only PDF and a noisy, 1°-skewed one. Each is read through the
product path (``read_pdf``, OCR of pages without a text layer) and compared
with the text-layer reading of the original PDF:

- CER: Levenshtein distance / reference length, both texts NFKC-normalised
  with all whitespace removed (so full-width vs half-width and spacing do not
  count, a wrong, missing or extra character does);
- speed: OCR pages per second (render + Tesseract, one thread) as measured
  inside the reader;
- findings found again: the share of the text-layer version's findings, as
  (rule, clause path) pairs, that the clean scan also gives.

``python -m evaluation.eval_ocr [--docs N | --names A,B] [--psm 6]``; without Tesseract and
its ``jpn`` data it says so and exits 0. Pages are slow (about 1.5 s each), so
the default is a few documents.
"""

from __future__ import annotations

import argparse
import sys
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .evaluate import DRAFTS

#: a few drafts of different kinds and lengths (10 pages in all); --docs 0 takes every draft
DEFAULT_DOCS = ("kojin_joho_tokki", "cloud_tokki", "cho_kiki_hoshu_shiyosho")


def squash(text: str) -> str:
    """NFKC with every whitespace character removed."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insert, delete, substitute = 1), one numpy row per character of ``a``.

    Within a row, insertions are a running minimum: d[j] = min_k<=j (t[k] + j - k).
    """
    import numpy as np

    if not a or not b:
        return len(a) or len(b)
    bb = np.frombuffer(b.encode("utf-32-le"), dtype=np.uint32)
    idx = np.arange(len(b) + 1, dtype=np.int64)
    prev = idx.copy()
    for i, ch in enumerate(a, start=1):
        cost = (bb != ord(ch)).astype(np.int64)
        t = np.empty_like(prev)
        t[0] = i
        t[1:] = np.minimum(prev[1:] + 1, prev[:-1] + cost)
        prev = np.minimum.accumulate(t - idx) + idx
    return int(prev[-1])


def cer(ref: str, hyp: str) -> tuple[int, int]:
    """(edit distance, reference length) after :func:`squash`."""
    r, h = squash(ref), squash(hyp)
    return levenshtein(r, h), len(r)


@dataclass
class DocResult:
    name: str
    variant: str
    pages: int
    ocr_seconds: float
    errors: int
    ref_chars: int
    found: int = 0
    expected: int = 0
    error: str = ""


def _finding_keys(doc) -> set[tuple[str, str]]:
    from shinsa.scan import analyze_document

    return {(f.rule, f.clause or "") for f in analyze_document(doc).findings}


def evaluate_doc(pdf: Path, seed: int, psm: int) -> list[DocResult]:
    from shinsa.ingest import IngestError, ocr
    from shinsa.ingest.pdf import read_pdf

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
    from make_scans import make_scans

    ref_doc = read_pdf(pdf.read_bytes(), str(pdf), ocr=False)
    ref_keys = _finding_keys(ref_doc)
    clean, noisy = make_scans(pdf.read_bytes(), seed=seed)
    out = []
    for variant, data in (("clean", clean), ("noisy", noisy)):
        old = ocr.PSM
        ocr.PSM = psm
        try:
            doc = read_pdf(data, f"{pdf.stem}.{variant}.pdf")
        except IngestError as e:
            out.append(DocResult(pdf.stem, variant, 0, 0.0, 0, 0, error=str(e)))
            continue
        finally:
            ocr.PSM = old
        pages = [p for p in doc.meta["ocr"]["pages"] if p["ocr"]]
        errs, n = cer(ref_doc.text, doc.text)
        r = DocResult(pdf.stem, variant, len(pages), sum(p["seconds"] for p in pages), errs, n)
        if variant == "clean":
            keys = _finding_keys(doc)
            r.expected, r.found = len(ref_keys), len(ref_keys & keys)
        out.append(r)
    return out


def print_table(results: list[DocResult], out=sys.stdout) -> None:
    print(f"{'document':28s} {'scan':5s} {'pages':>5s} {'pages/s':>7s} {'CER':>6s} {'findings again':>15s}", file=out)
    for r in results:
        if r.error:
            print(f"{r.name:28s} {r.variant:5s} error: {r.error}", file=out)
            continue
        again = f"{r.found}/{r.expected}" if r.expected else ""
        print(f"{r.name:28s} {r.variant:5s} {r.pages:5d} {r.pages / max(r.ocr_seconds, 1e-9):7.2f} "
              f"{100 * r.errors / max(r.ref_chars, 1):5.2f}% {again:>15s}", file=out)
    for variant in ("clean", "noisy"):
        rs = [r for r in results if r.variant == variant and not r.error]
        if not rs:
            continue
        pages = sum(r.pages for r in rs)
        secs = sum(r.ocr_seconds for r in rs)
        errs, n = sum(r.errors for r in rs), sum(r.ref_chars for r in rs)
        line = (f"all {variant}: {pages} pages, {pages / max(secs, 1e-9):.2f} pages/s, "
                f"CER {100 * errs / max(n, 1):.2f}% ({errs}/{n} chars)")
        exp = sum(r.expected for r in rs)
        if exp:
            line += f", findings (rule, clause) found again {sum(r.found for r in rs)}/{exp} " \
                    f"= {100 * sum(r.found for r in rs) / exp:.1f}%"
        print(line, file=out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evaluation.eval_ocr")
    ap.add_argument("--docs", type=int, default=None,
                    help=f"number of drafts (default: {', '.join(DEFAULT_DOCS)}; 0 = every draft)")
    ap.add_argument("--names", help="comma-separated draft names instead (e.g. unyo_yoryo,seijo_keiyaku)")
    ap.add_argument("--psm", type=int, default=None, help="Tesseract page segmentation mode (default: the product's)")
    args = ap.parse_args(argv)
    from shinsa.ingest import ocr

    t = ocr.find_tesseract()
    if not t.usable:
        print(f"## OCR: skipped ({t.problem}; install: {ocr.INSTALL_HINT})")
        return 0
    pdfs = sorted(DRAFTS.glob("*.pdf"))
    if args.names:
        pdfs = [p for p in pdfs if p.stem in args.names.split(",")]
    elif args.docs is None:
        pdfs = [p for p in pdfs if p.stem in DEFAULT_DOCS]
    elif args.docs > 0:
        pdfs = pdfs[:args.docs]
    psm = args.psm or ocr.PSM
    print(f"## OCR on scans of our PDFs (300 dpi clean; noisy + 1° skew) — {t.version}, -l jpn --psm {psm}")
    t0 = time.perf_counter()
    results = []
    for k, pdf in enumerate(pdfs):
        results.extend(evaluate_doc(pdf, k, psm))
    print_table(results)
    print(f"({time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
