"""新旧対照表 as xlsx: one row per top-level clause with an empty 対応状況 column.

Written with openpyxl through the sheet helper of :mod:`shinsa.report.xlsx_report`
(the writer the scan summary already uses)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from ..compare import rows as table_rows
from ..compare import FINDING_STATUS_JA, changed_subclauses, status_ja
from .diff_json import pair_text
from .xlsx_report import _clean, _sheet

COLUMNS = ["条項(新)", "条項(旧)", "区分", "新", "旧", "指摘の状況", "対応状況"]
TEMPLATE_COLUMNS = ["区分", "条項(草案)", "条項(標準)", "見出し", "注意", "対応状況"]
FINDING_COLUMNS = ["状況", "条項", "ルールID", "引用", "指摘内容", "備考", "対応状況"]


def write(cmp, path: Path) -> None:
    wb = Workbook(write_only=True)
    rows = []
    for r in table_rows(cmp):
        p = r.pair
        rows.append([_clean(x) for x in (p.new_path or "", p.old_path or "", status_ja(p),
                                         pair_text(cmp.new, p.new), pair_text(cmp.old, p.old),
                                         r.finding_summary(), "")])
    _sheet(wb, "新旧対照表", COLUMNS, rows, [12, 12, 10, 60, 60, 18, 14], wrap_columns=(3, 4))
    # the changed paragraphs and items, for following up below the article level
    sub = [[_clean(x) for x in (p.new_path or "", p.old_path or "", status_ja(p), pair_text(cmp.new, p.new),
                                pair_text(cmp.old, p.old), "", "")]
           for p in changed_subclauses(cmp)]
    _sheet(wb, "項・号の変更", COLUMNS, sub, [16, 16, 10, 60, 60, 4, 14], wrap_columns=(3, 4))
    frows = [[_clean(x) for x in (FINDING_STATUS_JA[f.status], f.finding.clause or "", f.finding.rule,
                                  f.finding.quote, f.finding.message, f.note, "")] for f in cmp.findings]
    _sheet(wb, "指摘の対応状況", FINDING_COLUMNS, frows, [8, 16, 22, 30, 60, 30, 14], wrap_columns=(3, 4))
    if cmp.template is not None:
        t = cmp.template
        need = {d["old_path"]: d["name"] for d in t["required_deletions"]}
        trows = [[_clean(x) for x in (it["kind"], it["new_path"] or "", it["old_path"] or "", it["caption"],
                                      f"必須の記載事項（{need[it['old_path']]}）を含む条項の削除" if it["old_path"] in need
                                      and it["status"] == "deleted" else "", "")] for it in t["items"]]
        _sheet(wb, "加除修正事項", TEMPLATE_COLUMNS, trows, [8, 14, 14, 30, 40, 14])
    tmp = path.with_name(path.name + ".part")
    wb.save(tmp)
    tmp.replace(path)
