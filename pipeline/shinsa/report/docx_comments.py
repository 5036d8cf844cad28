"""Word comments on the original draft (``NAME.reviewed.docx``).

Each finding becomes one Word comment (author 「shinsa」) anchored on exactly
the flagged text: the runs are split at the match boundaries, keeping their
formatting, so the document text is unchanged apart from the comment marks.

Locating: the finding's offset maps through the source map to a body
paragraph (``p{N}``) or table cell (``t{T}/r{R}/c{C}``) of the DOCX reader;
inside it the quote is searched in the paragraph's visible runs (insertions
kept, deletions skipped) nearest to the expected position, since Word
numbering labels are rendered into our text but are not runs.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Optional

import docx
from docx.oxml.ns import qn
from docx.text.run import Run

from ..model import Result

AUTHOR = "shinsa"
_T, _R, _P = qn("w:t"), qn("w:r"), qn("w:p")
_SIMPLE_CHILDREN = {qn("w:rPr"), _T}


def _visible_runs(p_elem) -> list:
    """w:r elements whose text a reader sees, in order (skips w:del and moveFrom)."""
    out = []
    for r in p_elem.iter(_R):
        anc = r.getparent()
        skip = False
        while anc is not None and anc is not p_elem:
            if anc.tag in (qn("w:del"), qn("w:moveFrom")):
                skip = True
                break
            anc = anc.getparent()
        if not skip:
            out.append(r)
    return out


def _run_text(r) -> str:
    return "".join(t.text or "" for t in r.iter(_T))


def _split_run(r, k: int):
    """Split run ``r`` after ``k`` characters; returns the second run (or None)."""
    if any(ch.tag not in _SIMPLE_CHILDREN for ch in r) or len(list(r.iter(_T))) != 1:
        return None  # fields, tabs, breaks: anchor on the whole run instead
    t = next(r.iter(_T))
    text = t.text or ""
    if not 0 < k < len(text):
        return None
    new = copy.deepcopy(r)
    t.text = text[:k]
    next(new.iter(_T)).text = text[k:]
    for node in (t, next(new.iter(_T))):
        node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    r.addnext(new)
    return new


def _anchor_runs(p_elem, start: int, end: int) -> Optional[tuple]:
    """Split runs so that [start, end) of the paragraph's visible text is whole runs."""
    runs = _visible_runs(p_elem)
    pos = 0
    spans = []
    for r in runs:
        n = len(_run_text(r))
        spans.append((r, pos, pos + n))
        pos += n
    first = last = None
    for r, a, b in spans:
        if b <= start or a >= end or a == b:
            continue
        if a < start:
            second = _split_run(r, start - a)
            if second is not None:
                r, a = second, start
        if b > end:
            if _split_run(r, end - a) is not None:
                b = end
        if first is None:
            first = r
        last = r
    return (first, last) if first is not None else None


def _body_paragraphs(document) -> list:
    return [el for el in document.element.body.iterchildren() if el.tag == _P]


def _cell_paragraphs(document, block: str) -> list:
    m = re.fullmatch(r"t(\d+)/r(\d+)/c(\d+)", block)
    if not m:
        return []
    ti, ri, ci = (int(x) - 1 for x in m.groups())
    tables = [el for el in document.element.body.iterchildren() if el.tag == qn("w:tbl")]
    if ti >= len(tables):
        return []
    rows = tables[ti].findall(qn("w:tr"))
    if ri >= len(rows):
        return []
    cells = rows[ri].findall(qn("w:tc"))
    if ci >= len(cells):
        return []
    return list(cells[ci].iter(_P))


def _locate(document, result: Result, start: int, end: int) -> Optional[tuple]:
    doc = result.doc
    span = doc.locate(start)
    if span is None or not span.block:
        return None
    quote = doc.text[start:end].split("\n")[0]
    if not quote:
        return None
    if span.block.startswith("p"):
        try:
            paras = [_body_paragraphs(document)[int(span.block[1:]) - 1]]
        except (ValueError, IndexError):
            return None
    else:
        paras = _cell_paragraphs(document, span.block)
    span_text = doc.text[span.start:span.end]
    best = None
    for p in paras:
        ptext = "".join(_run_text(r) for r in _visible_runs(p))
        prefix = max(0, len(span_text) - len(ptext))  # rendered numbering label
        expect = start - span.start - prefix
        for m in re.finditer(re.escape(quote), ptext):
            d = abs(m.start() - expect)
            if best is None or d < best[0]:
                best = (d, p, m.start(), m.end())
    if best is None:
        # the quote is (partly) a rendered label such as 第7条: anchor on the paragraph
        p = next((p for p in paras if _visible_runs(p)), None)
        return (p, None, None) if p is not None else None
    _, p, a, b = best
    return p, a, b


def comment_text(f) -> str:
    return f"【{f.rule}】{f.message}\n修正案：{f.suggestion}"


def write_reviewed(src: Path, result: Result, dest: Path) -> int:
    """Write ``dest`` with one comment per finding; returns the number anchored."""
    document = docx.Document(str(src))
    n = 0
    for f in result.findings:
        loc = _locate(document, result, f.start, f.end)
        if loc is None:
            continue
        p, a, b = loc
        anchored = _anchor_runs(p, a, b) if a is not None else None
        if anchored is None:
            runs = [r for r in _visible_runs(p) if _run_text(r)] or _visible_runs(p)
            if not runs:
                continue
            anchored = (runs[0], runs[-1])
        first, last = anchored
        document.add_comment([Run(first, None), Run(last, None)], text=comment_text(f),
                             author=AUTHOR, initials="S")
        n += 1
    document.save(str(dest))
    return n
