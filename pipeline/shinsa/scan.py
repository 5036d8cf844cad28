"""Analyse one file end to end: ingest -> facts -> checks -> result.

``analyze_path`` never raises for a bad file: it returns a :class:`Result`
with ``status == "error"`` and a bilingual message, so one bad file never
stops a batch.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from .checks import CheckContext, run_checks
from .facts import build_facts
from .ingest import SUPPORTED, IngestError, ingest
from .memo import paused_gc
from .model import Document, Finding, Result  # noqa: F401  (Result re-exported)


def analyze_document(doc: Document, ctx: CheckContext | None = None) -> Result:
    with paused_gc():  # see shinsa.memo: millions of objects, almost no cycles
        facts = build_facts(doc, ctx)
        findings = run_checks(facts, ctx)
    return Result(source=doc.source, format=doc.format, status="ok", doc=doc, facts=facts, findings=findings)


def analyze_path(path: str | Path, ctx: CheckContext | None = None, display: str | None = None,
                 *, ocr: bool = True) -> Result:
    path = Path(path)
    source = display or str(path)
    fmt = SUPPORTED.get(path.suffix.lower(), path.suffix.lstrip(".").lower() or "unknown")
    try:
        doc = ingest(path, ocr=ocr)
    except IngestError as e:
        return Result(source=source, format=fmt, status="error", error=str(e), error_code=e.code)
    except Exception as e:  # a reader bug must not stop the batch
        return Result(source=source, format=fmt, status="error", error_code="internal",
                      error=f"読み込み中に内部エラーが発生しました。 / internal error while reading: "
                            f"{type(e).__name__}: {e}\n{traceback.format_exc(limit=3)}")
    if display:
        doc = Document(source=source, format=doc.format, text=doc.text, folded=doc.folded,
                       spans=doc.spans, meta=doc.meta)
    try:
        return analyze_document(doc, ctx)
    except Exception as e:
        return Result(source=source, format=doc.format, status="error", error_code="internal", doc=doc,
                      error=f"解析中に内部エラーが発生しました。 / internal error while analysing: "
                            f"{type(e).__name__}: {e}\n{traceback.format_exc(limit=3)}")


def collect_inputs(paths: list[str | Path]) -> list[tuple[Path, str]]:
    """Expand folders into supported files (sorted); keep explicit files as given.

    Returns (path, display name relative to the folder given).
    """
    out: list[tuple[Path, str]] = []
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in SUPPORTED and not f.name.startswith((".", "~$")):
                    out.append((f, f.relative_to(p).as_posix()))
        else:
            out.append((p, p.name))
    return out
