"""``summary.xlsx`` for legal staff: one row per finding with an empty
対応状況 column to work through, and a sheet of file statuses.

Written in openpyxl's streaming (write-only) mode: the parent process writes
it after every worker has finished, so its cost is serial batch time.
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path


def _import_openpyxl_without_numpy() -> None:
    """openpyxl imports numpy when it is installed (spaCy brings it) only to accept numpy
    numbers as cell values; these workbooks hold str and int. numpy costs a batch process
    about 15 MB of its peak memory, so it is kept out unless something imported it already."""
    if "openpyxl" in sys.modules or "numpy" in sys.modules:
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]  # makes ``import numpy`` raise ImportError
    try:
        import openpyxl  # noqa: F401
    finally:
        del sys.modules["numpy"]


_import_openpyxl_without_numpy()

from openpyxl import Workbook  # noqa: E402
from openpyxl.cell import WriteOnlyCell  # noqa: E402
from openpyxl.styles import Alignment, Font, PatternFill  # noqa: E402
from openpyxl.utils import get_column_letter  # noqa: E402

from ..rules import RULES  # noqa: E402

FINDING_COLUMNS = ["ファイル", "条項", "ページ", "種類", "ルールID", "重大度", "引用", "指摘内容", "修正案", "注記",
                   "対応状況"]
FILE_COLUMNS = ["ファイル", "形式", "状態", "指摘件数", "エラー", "注記"]
_SEV = {"error": "重大", "warning": "警告", "info": "情報"}
_WIDTHS = [28, 18, 6, 18, 22, 8, 30, 50, 50, 24, 14]
_BOLD = Font(bold=True)
_GREY = PatternFill("solid", fgColor="DDDDDD")
_WRAP = Alignment(wrap_text=True, vertical="top")


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")


def _clean(s):
    # openpyxl rejects control characters other than tab/newline
    if isinstance(s, str):
        return _CONTROL.sub("", s)
    return s


def _sheet(wb, title, columns, rows, widths, wrap_columns=()):
    ws = wb.create_sheet(title)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, len(rows) + 1)}"
    header = []
    for name in columns:
        c = WriteOnlyCell(ws, value=name)
        c.font, c.fill = _BOLD, _GREY
        header.append(c)
    ws.append(header)
    for r in rows:
        if wrap_columns:
            r = list(r)
            for k in wrap_columns:
                c = WriteOnlyCell(ws, value=r[k])
                c.alignment = _WRAP
                r[k] = c
        ws.append(r)


def write(summaries, path: Path) -> None:
    wb = Workbook(write_only=True)
    rows = []
    for s in summaries:
        note = "\n".join(s.notes)  # e.g. 「OCRで読み取った文書です。…」 on every finding of a scanned file
        for f in s.findings:
            rows.append([_clean(x) for x in (
                s.source, f["clause"] or "", f["page"], RULES[f["rule"]].name if f["rule"] in RULES else f["rule"],
                f["rule"] + (f"/{f['detail']}" if f.get("detail") else ""), _SEV.get(f["severity"], f["severity"]),
                f["quote"], f["message"], f["suggestion"], note, "")])
    _sheet(wb, "指摘一覧", FINDING_COLUMNS, rows, _WIDTHS, wrap_columns=(6, 7, 8, 9))
    files = [[_clean(x) for x in (s.source, s.format, "OK" if s.status == "ok" else "失敗", len(s.findings),
                                   (s.error or "").splitlines()[0] if s.error else "", "\n".join(s.notes))]
             for s in summaries]
    _sheet(wb, "ファイル状況", FILE_COLUMNS, files, [30, 8, 8, 10, 80, 40])
    tmp = path.with_name(path.name + ".part")
    wb.save(tmp)
    _reproducible(tmp)
    tmp.replace(path)


_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry
_DATES = re.compile(rb"<dcterms:(created|modified)\b[^>]*>[^<]*</dcterms:\1>")


def _reproducible(path: Path) -> None:
    """Make the workbook a function of its content: openpyxl stamps every zip entry and
    the document properties (created/modified) with the time of writing, so two runs
    over the same findings (a local run and a Dask run, a rerun) gave different bytes.
    Entries get a fixed time and the two dates are left out (they are optional)."""
    with zipfile.ZipFile(path) as z:
        members = [(info, z.read(info)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w") as z:
        for info, data in members:
            if info.filename == "docProps/core.xml":
                data = _DATES.sub(b"", data)
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            entry.external_attr = info.external_attr
            z.writestr(entry, data, compress_type=zipfile.ZIP_DEFLATED)
