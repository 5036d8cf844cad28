"""Terminal lines: ``file:page:clause: severity rule 「quote」 message``."""

from __future__ import annotations

import sys
from typing import Iterable, TextIO

from ..model import Result

_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_RESET = "\033[0m"


def lines(result: Result, colour: bool = False) -> Iterable[str]:
    if result.status != "ok":
        first = (result.error or "").splitlines()[0] if result.error else ""
        yield f"{result.source}: error {result.error_code or 'error'} {first}"
        return
    for f in result.findings:
        quote = f.quote.replace("\n", " ")
        if len(quote) > 40:
            quote = quote[:39] + "…"
        sev = f.severity
        if colour:
            sev = f"{_COLOURS.get(sev, '')}{sev}{_RESET}"
        rule = f.rule + (f"/{f.detail}" if f.detail else "")
        yield f"{result.source}:{f.page or '-'}:{f.clause or '-'}: {sev} {rule} 「{quote}」 {f.message}"


def write(results: Iterable[Result], stream: TextIO | None = None, colour: bool | None = None) -> None:
    stream = stream or sys.stdout
    if colour is None:
        colour = hasattr(stream, "isatty") and stream.isatty()
    for r in results:
        for line in lines(r, colour):
            print(line, file=stream)


def summary_lines(s) -> list[str]:
    """Terminal lines for a batch FileSummary (same shape as :func:`lines`)."""
    if s.status != "ok":
        first = (s.error or "").splitlines()[0] if s.error else ""
        return [f"{s.source}: error {first}"]
    out = []
    for f in s.findings:
        quote = f["quote"].replace("\n", " ")
        if len(quote) > 40:
            quote = quote[:39] + "…"
        rule = f["rule"] + (f"/{f['detail']}" if f.get("detail") else "")
        out.append(f"{s.source}:{f['page'] or '-'}:{f['clause'] or '-'}: {f['severity']} {rule} 「{quote}」 {f['message']}")
    return out
