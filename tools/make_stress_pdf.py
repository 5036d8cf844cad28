#!/usr/bin/env python3
"""Stress PDFs: a TXT draft laid out the way real PDFs break our reader (issue 13).

Our corpus PDFs (tools/make_corpus.py) keep captions with their articles, print a
short running header and never stretch a line. Real PDFs do all of that. This tool
lays out a draft from the same blocks with:

* page breaks forced **inside the first item lists** (a definitions list of 第2条 and
  an article's 「次の各号」 items split after their first item), **after a caption**
  (the caption at the foot of a page, its article on the next) and **inside a
  paragraph and inside an item** (a sentence broken across the page), besides the
  ordinary overflow on a shorter page;
* a running header with the title and 「CONFIDENTIAL」 and a footer 「3 / 12」
  between the halves of every broken sentence;
* **justified** lines: every line but a paragraph's last is stretched to the right
  margin by letter spacing (reportlab ``charSpace``);
* a **half-width space** after labels (「第1条 乙は」「2 乙は」「（1） …」) instead of U+3000;
* tables (別表) with a narrow first column, so the wide cells wrap.

Used by tests/test_format_parity.py (generated into a temporary folder; needs the IPAex
fonts, Debian fonts-ipaexfont). ``python tools/make_stress_pdf.py TXT... --out DIR``
writes NAME.stress.pdf for a look.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_corpus as mc  # noqa: E402  (the corpus generator: blocks, line breaker, fonts)

STRESS_LINES = 30                     # a shorter page than Word's 36 lines: more breaks
LEADING = (mc.PAGE_H - mc.MARGIN_T - mc.MARGIN_B) / STRESS_LINES
HEADER_RIGHT = "CONFIDENTIAL"


def _half_width_labels(blocks: list[mc.Block]) -> None:
    """「第1条　乙は」 -> 「第1条 乙は」: the label separator typed as a half-width space."""
    for b in blocks:
        if b.kind in ("article", "paragraph", "item") and b.sep == "\u3000":
            b.sep = " "
            b.text = b.label + " " + b.body


def _tables(items: list) -> list:
    """Re-lay tables with a narrow first column (28 % of the width), so wide cells wrap."""
    out = []
    for it in items:
        if isinstance(it, mc.TableRow):
            n = len(it.col_w)
            first = mc.TEXT_W * (0.28 if n == 2 else 0.2)
            col_w = [first] + [(mc.TEXT_W - first) / (n - 1)] * (n - 1) if n > 1 else [mc.TEXT_W]
            cells = [mc.break_lines("".join(c), w - 8, w - 8) for c, w in zip(it.cells, col_w)]
            it = mc.TableRow(cells, col_w, it.x0, it.header)
        out.append(it)
    return out


def _forced_breaks(items: list, blocks: list[mc.Block]) -> set[int]:
    """Indices of items after which a page must end (see module docstring)."""
    lines = [(k, it) for k, it in enumerate(items) if isinstance(it, mc.Line)]
    breaks: set[int] = set()
    # inside the first two item lists (the definitions list of 第2条 is usually the first):
    # between their first and second item
    groups_done: set[int] = set()
    for (k, it), (_, nxt) in zip(lines, lines[1:]):
        a, b = blocks[it.block], blocks[nxt.block]
        if (a.kind == b.kind == "item" and a is not b and a.group == b.group and a.group not in groups_done
                and len(groups_done) < 2):
            breaks.add(k)
            groups_done.add(a.group)
    # a caption a third of the way in: the caption ends the page
    captions = [k for k, it in lines if it.keep_next and it.x == mc.FONT_SIZE * 0.5]
    if captions:
        k = captions[len(captions) // 3]
        items[k].keep_next = False
        breaks.add(k)
    # a paragraph two thirds in that wraps, and an item half way in that wraps: each broken
    # after its first line (the sentence continues on the next page)
    for start, kinds in ((2 * len(lines) // 3, ("article", "paragraph")), (len(lines) // 2, ("item",))):
        for k, it in lines[start:]:
            nxt = items[k + 1] if k + 1 < len(items) else None
            if (isinstance(nxt, mc.Line) and nxt.block == it.block and blocks[it.block].kind in kinds
                    and it.text and k not in breaks and k - 1 not in breaks):
                breaks.add(k)
                break
    return breaks


def _paginate(items: list, breaks: set[int]) -> list[list]:
    pages: list[list] = [[]]
    y = 0.0
    height = mc.PAGE_H - mc.MARGIN_T - mc.MARGIN_B
    for k, it in enumerate(items):
        h = it.height if isinstance(it, mc.TableRow) else (LEADING * 1.4 if it.font == mc.GOTHIC else LEADING)
        if isinstance(it, mc.Line) and it.keep_next and k + 1 < len(items):
            nxt = items[k + 1]
            h_next = nxt.height if isinstance(nxt, mc.TableRow) else LEADING
        else:
            h_next = 0.0
        if pages[-1] and y + h + h_next > height:
            pages.append([])
            y = 0.0
        if isinstance(it, mc.Line) and not it.text and not pages[-1]:
            continue  # no blank line at a page top
        pages[-1].append((it, h))
        y += h
        if k in breaks:
            pages.append([])
            y = 0.0
    return [p for p in pages if p]


def _draw_line(c, it: mc.Line, y: float, justify: bool) -> None:
    # a tab between cells is drawn as a full-width space, as a word processor lays it out (a tab glyph in
    # the font comes back from PDFium as a hyphen mark that no page shows)
    it = dataclasses.replace(it, text=it.text.replace("\t", "\u3000")) if "\t" in it.text else it
    c.setFont(it.font, it.size)
    if it.align == "center":
        c.drawCentredString(mc.MARGIN_L + mc.TEXT_W / 2, y, it.text)
        return
    x = mc.MARGIN_L + it.x
    natural = mc.width(it.text, it.font, it.size)
    avail = mc.TEXT_W - it.x
    spare = avail - natural
    if justify and len(it.text) > 1 and 0 < spare < 0.6 * it.size * len(it.text):
        t = c.beginText(x, y)
        t.setFont(it.font, it.size)
        t.setCharSpace(spare / (len(it.text) - 1))
        t.textOut(it.text)
        c.drawText(t)
    else:
        c.drawString(x, y, it.text)


def build_stress_pdf(blocks: list[mc.Block], title: str) -> bytes:
    """The stress layout of one draft's blocks (see module docstring)."""
    from reportlab.pdfgen import canvas

    mc.register_fonts()
    blocks = copy.deepcopy(blocks)
    _half_width_labels(blocks)
    items = _tables(mc.layout(blocks))
    pages = _paginate(items, _forced_breaks(items, blocks))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(mc.PAGE_W, mc.PAGE_H), invariant=1, pageCompression=1)
    c.setTitle(title)
    for no, page in enumerate(pages, start=1):
        c.setFont(mc.MINCHO, 9)
        head_y = mc.PAGE_H - 15 * 72 / 25.4 - 9
        # a long title is shortened as running headers are, so it does not run into the mark on the right
        room = mc.PAGE_W - mc.MARGIN_L - mc.MARGIN_R - c.stringWidth(HEADER_RIGHT, mc.MINCHO, 9) - 18
        head = f"{title}（案）"
        while c.stringWidth(head, mc.MINCHO, 9) > room and len(head) > 4:
            head = head[:-2] + "…"
        c.drawString(mc.MARGIN_L, head_y, head)
        c.drawRightString(mc.PAGE_W - mc.MARGIN_R, head_y, HEADER_RIGHT)
        c.drawCentredString(mc.PAGE_W / 2, 12 * 72 / 25.4, f"{no} / {len(pages)}")
        y = mc.PAGE_H - mc.MARGIN_T
        for i, (it, h) in enumerate(page):
            if isinstance(it, mc.Line):
                y -= h
                nxt = page[i + 1][0] if i + 1 < len(page) else None
                last_of_block = not (isinstance(nxt, mc.Line) and nxt.block == it.block) and \
                    not (nxt is None and no < len(pages) and pages[no][0][0].block == it.block)
                _draw_line(c, it, y + 4, justify=not last_of_block and it.align != "center")
            else:
                mc.draw_table_row(c, it, y, h)
                y -= h
        c.showPage()
    c.save()
    return buf.getvalue()


def stress_pdf(txt: Path) -> bytes:
    blocks = mc.parse_txt(txt.read_text(encoding="utf-8"))
    title = next((b.text for b in blocks if b.kind == "title"), txt.stem)
    return build_stress_pdf(blocks, title)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("txt", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for txt in args.txt:
        (args.out / f"{txt.stem}.stress.pdf").write_bytes(stress_pdf(txt))
    return 0


if __name__ == "__main__":
    sys.exit(main())
