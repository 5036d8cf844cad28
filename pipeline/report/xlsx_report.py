"""``summary.xlsx`` for legal staff: one row per finding with an empty
対応状況 column to work through, and a sheet of file statuses."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..rules import RULES

FINDING_COLUMNS = ["ファイル", "条項", "ページ", "種類", "ルールID", "重大度", "引用", "指摘内容", "修正案", "対応状況"]
FILE_COLUMNS = ["ファイル", "形式", "状態", "指摘件数", "エラー"]
_SEV = {"error": "重大", "warning": "警告", "info": "情報"}
_WIDTHS = [28, 18, 6, 18, 22, 8, 30, 50, 50, 14]


def _sheet(ws, columns, rows, widths=None):
    ws.append(columns)
    for c in ws[1]:
        c.font = Font(bold=True)
        c.fill = PatternFill("solid", fgColor="DDDDDD")
    for r in rows:
        ws.append(r)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, ws.max_row)}"
    for i, w in enumerate(widths or [20] * len(columns), start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _clean(s):
    # openpyxl rejects control characters other than tab/newline
    if isinstance(s, str):
        return "".join(ch for ch in s if ch in "\t\n" or ord(ch) >= 32)
    return s


def write(summaries, path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "指摘一覧"
    rows = []
    for s in summaries:
        for f in s.findings:
            rows.append([_clean(x) for x in (
                s.source, f["clause"] or "", f["page"], RULES[f["rule"]].name if f["rule"] in RULES else f["rule"],
                f["rule"] + (f"/{f['detail']}" if f.get("detail") else ""), _SEV.get(f["severity"], f["severity"]),
                f["quote"], f["message"], f["suggestion"], "")])
    _sheet(ws, FINDING_COLUMNS, rows, _WIDTHS)
    for row in ws.iter_rows(min_row=2):
        for c in row[6:9]:
            c.alignment = Alignment(wrap_text=True, vertical="top")
    fs = wb.create_sheet("ファイル状況")
    _sheet(fs, FILE_COLUMNS, [[_clean(x) for x in (s.source, s.format, "OK" if s.status == "ok" else "失敗",
                                                    len(s.findings), (s.error or "").splitlines()[0] if s.error else "")]
                              for s in summaries], [30, 8, 8, 10, 80])
    tmp = path.with_name(path.name + ".part")
    wb.save(tmp)
    tmp.replace(path)
