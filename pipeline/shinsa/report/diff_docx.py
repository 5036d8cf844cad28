"""新旧対照表 as DOCX (python-docx): the conventional table 新 | 旧 on A4 landscape.

Added text is underlined in the 新 column and removed text struck through in
the 旧 column; a narrow 備考 column holds the 区分 and the findings follow-up.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..compare import rows as table_rows
from ..compare import status_ja
from .diff_json import pair_text

HEADER = ("新", "旧", "備考")


def _fill(cell, ops, side: str, fallback: str) -> None:
    par = cell.paragraphs[0]
    if not ops:
        par.add_run(fallback)
        return
    for op in ops:
        piece = op.new if side == "new" else op.old
        if not piece:
            continue
        run = par.add_run(piece)
        if op.op != "equal":
            if side == "new":
                run.underline = True
            else:
                run.font.strike = True


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _landscape(document) -> None:
    s = document.sections[0]
    s.orientation = WD_ORIENT.LANDSCAPE
    s.page_width, s.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(s, side, Mm(15))


def write(cmp, path: Path) -> None:
    d = docx.Document()
    _landscape(d)
    style = d.styles["Normal"]
    style.font.size = Pt(9.5)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "ＭＳ 明朝")
    d.add_heading("新旧対照表", level=1)
    d.add_paragraph(f"新：{cmp.new.source}　旧：{cmp.old.source}")
    table = d.add_table(rows=1, cols=len(HEADER))
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, HEADER):
        cell.text = name
    _repeat_header(table.rows[0])
    for r in table_rows(cmp):
        p = r.pair
        if p.status == "unchanged":
            continue  # a 新旧対照表 lists what changed; the unchanged clauses stay in the xlsx and HTML
        cells = table.add_row().cells
        if p.new:
            _fill(cells[0], p.ops, "new", pair_text(cmp.new, p.new))
        if p.old:
            _fill(cells[1], p.ops, "old", pair_text(cmp.old, p.old))
        note = f"{status_ja(p)}\n{p.old_path or '－'} → {p.new_path or '－'}"
        cells[2].text = note + (f"\n指摘：{r.finding_summary()}" if r.findings else "")
    for row in table.rows:
        for cell, w in zip(row.cells, (Mm(118), Mm(118), Mm(31))):
            cell.width = w
    if len(table.rows) == 1:
        d.add_paragraph("変更のある条項はありません。")
    tmp = path.with_name(path.name + ".part")
    d.save(str(tmp))
    tmp.replace(path)
