"""One draft, one review, whatever the file (issue 13): parity as a tested property.

For every document we have in several formats, the set of findings — (rule, clause
path, quote) — and the clause tree (every clause path, in order) must be identical to
those of its TXT. Formats compared:

* the committed TXT / DOCX / PDF of ``corpora/drafts`` and every held-out round
  (``corpora/heldout*``), and DOCX of each TXT typed the other ways (all Word
  auto-numbering / all labels typed);
* Markdown renderings of each TXT, as public templates are published
  (``tools/make_corpus.build_markdown``: ``###`` article headings, ordered lists that
  repeat ``1.``, nested lists, front matter, comments, emphasis, pipe tables);
* stress PDFs of each TXT (``tools/make_stress_pdf.py``: lists, captions and sentences
  split by page breaks, running header 「CONFIDENTIAL」 and 「n / N」 footer between,
  justified lines, half-width spaces after labels, narrow-column 別表 with wrapped cells);
* PDFs exported by LibreOffice from our DOCX: committed fixtures
  (``tests/fixtures/libreoffice``, tools/make_lo_pdfs.py) and, when ``soffice`` is
  installed, every draft converted on the fly;
* the real public templates of ``corpora/real_public`` published as Markdown, against their
  TXT (issue 12);
* the real pair r03 DOCX / r04 PDF in ``../shared/corpora/real`` (same document).

Quotes are compared with whitespace removed and the checks' own character fold
(``textnorm.fold``: full-width digits/brackets as ASCII), because a Markdown list
marker ``3.`` is the label 「３」 of the TXT. On failure the test prints every finding
and path that only one side has.
"""

from __future__ import annotations

import difflib
import functools
import importlib.util
import sys
from pathlib import Path

import pytest
from conftest import REAL, ROOT

from shinsa.scan import analyze_path
from shinsa.textnorm import fold

CORPORA = sorted(p for p in (ROOT / "corpora").iterdir() if p.is_dir() and (p.name == "drafts"
                                                                             or p.name.startswith("heldout")))
TXTS = sorted((t for d in CORPORA for t in d.glob("*.txt")), key=lambda p: (p.parent.name, p.name))
IDS = [f"{t.parent.name}/{t.stem}" for t in TXTS]
LO_FIXTURES = ROOT / "tests" / "fixtures" / "libreoffice"


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


sys.path.insert(0, str(ROOT / "tools"))
gen = _load("make_corpus", ROOT / "tools" / "make_corpus.py")
stress = _load("make_stress_pdf", ROOT / "tools" / "make_stress_pdf.py")
lo = _load("make_lo_pdfs", ROOT / "tools" / "make_lo_pdfs.py")

try:
    gen.find_font("ipaexm.ttf")
    gen.find_font("ipaexg.ttf")
    HAVE_FONT = True
except gen.FontMissing:
    HAVE_FONT = False
needs_font = pytest.mark.skipif(not HAVE_FONT, reason="IPAex fonts not installed (Debian fonts-ipaexfont)")


@functools.cache
def review(path: Path) -> tuple[frozenset, tuple[str, ...]]:
    """(finding keys, clause paths) of one file."""
    res = analyze_path(path)
    assert res.status == "ok", f"{path}: {res.error}"
    keys = frozenset((f.rule, f.clause or "", "".join(fold(f.quote or "").split())) for f in res.findings)
    return keys, tuple(c.path for c in res.facts.clauses)


def assert_same(txt: Path, other: Path, label: str) -> None:
    want_keys, want_paths = review(txt)
    got_keys, got_paths = review(other)
    problems = []
    for k in sorted(want_keys - got_keys):
        problems.append(f"  only in TXT:    {k}")
    for k in sorted(got_keys - want_keys):
        problems.append(f"  only in {label}: {k}")
    if got_paths != want_paths:
        problems.append("  clause paths differ:")
        problems += ["    " + ln for ln in difflib.unified_diff(want_paths, got_paths, "txt", label, lineterm="", n=0)]
    if problems:
        pytest.fail(f"{other.name} ({label}) does not review like {txt.name}:\n" + "\n".join(problems))


# --------------------------------------------------------------------------------------
# committed formats


@pytest.mark.parametrize("txt", TXTS, ids=IDS)
@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_committed_formats_review_alike(txt, fmt):
    other = txt.with_suffix(f".{fmt}")
    if not other.exists():
        pytest.skip(f"no {other.name}")
    assert_same(txt, other, fmt)


# --------------------------------------------------------------------------------------
# DOCX typed the other ways (Word auto-numbering everywhere / every label typed)

DOCX_STYLES = {"auto": {"articles": "auto", "items": "auto"}, "literal": {"articles": "literal", "items": "literal"}}
#: known differences left, with why (strict: the test fails once they are gone); none left
DOCX_STYLE_KNOWN: dict[tuple[str, str], str] = {}


def _docx_style_params():
    for txt, ident in zip(TXTS, IDS):
        for style in DOCX_STYLES:
            why = DOCX_STYLE_KNOWN.get((ident, style))
            marks = [pytest.mark.xfail(strict=True, reason=why)] if why else []
            yield pytest.param(txt, style, id=f"{ident}-{style}", marks=marks)


@pytest.mark.parametrize("txt, style", list(_docx_style_params()))
def test_docx_typed_another_way_reviews_alike(txt, style, md_dir):
    blocks = gen.parse_txt(txt.read_text(encoding="utf-8"))
    title = next((b.text for b in blocks if b.kind == "title"), txt.stem)
    path = md_dir / f"{txt.parent.name}.{txt.stem}.{style}.docx"
    path.write_bytes(gen.build_docx(blocks, title, DOCX_STYLES[style]))
    assert_same(txt, path, f"docx {style}")


# --------------------------------------------------------------------------------------
# Markdown renderings


@pytest.fixture(scope="module")
def md_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("md")


@pytest.mark.parametrize("txt", TXTS, ids=IDS)
@pytest.mark.parametrize("variant", [0, 1])
def test_markdown_rendering_reviews_alike(txt, variant, md_dir):
    blocks = gen.parse_txt(txt.read_text(encoding="utf-8"))
    title = next((b.text for b in blocks if b.kind == "title"), txt.stem)
    md = gen.build_markdown(blocks, title, variant)
    # the rendering really is Markdown of the kind public templates use (articles as ### headings; a
    # document of numbered sections without 第N条 keeps its section lines as paragraphs)
    assert ("\n### 第" in md or not any(b.kind == "article" for b in blocks)) and "# " + title in md
    path = md_dir / f"{txt.parent.name}.{txt.stem}.v{variant}.md"
    path.write_text(md, encoding="utf-8")
    assert_same(txt, path, f"md v{variant}")
    _assert_spans_point_at_markdown_lines(path, md)


def _assert_spans_point_at_markdown_lines(path: Path, md: str) -> None:
    """Every span's text (less a label made from a list marker) is on the Markdown line it names."""
    import re

    from shinsa.ingest import ingest
    from shinsa.ingest.markdown import inline

    doc = ingest(path)
    src = md.split("\n")
    for a, b in zip(doc.spans, doc.spans[1:]):
        assert a.end <= b.start
    for sp in doc.spans:
        piece = re.sub(r"^(?:\d+|\(\d+\)|[ア-ン]|（[ア-ン]）)\u3000", "", doc.text[sp.start:sp.end])
        squeeze = "".join(piece.split())
        line = "".join(inline(src[sp.line - 1]).replace("|", "").split())  # a table row loses its pipes
        # (a caption written without brackets, 「### 第1条 目的」, gets them: 「（目的）」)
        assert squeeze and (squeeze in line or squeeze.strip("（）") in line), (sp, piece, src[sp.line - 1])


# --------------------------------------------------------------------------------------
# stress PDFs


@pytest.fixture(scope="module")
def stress_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("stress")


def _stress(txt: Path, stress_dir: Path) -> Path:
    path = stress_dir / f"{txt.parent.name}.{txt.stem}.pdf"
    if not path.exists():
        path.write_bytes(stress.stress_pdf(txt))
    return path


@needs_font
@pytest.mark.parametrize("txt", TXTS, ids=IDS)
def test_stress_pdf_reviews_alike(txt, stress_dir):
    assert_same(txt, _stress(txt, stress_dir), "stress pdf")


@needs_font
def test_stress_pdfs_really_stress(stress_dir):
    """The stress layout does what it promises (else the parity above proves little)."""
    from shinsa.ingest import ingest
    from shinsa.structure import parse

    split_items = split_sentences = foot_captions = with_caption_lines = 0
    for txt in TXTS:
        doc = ingest(_stress(txt, stress_dir))
        assert any("CONFIDENTIAL" in r for r in doc.meta["removed_lines"])  # the running header
        assert any("/" in r for r in doc.meta["removed_lines"])  # 「n / N」 page numbers
        clauses = parse(doc)
        # an item list split by a page break: siblings under one paragraph on two pages
        pages: dict[int, set] = {}
        for c in clauses:
            if c.kind == "item" and c.parent is not None:
                pages.setdefault(c.parent, set()).add(c.page)
        split_items += any(len(p) > 1 for p in pages.values())
        # a sentence across a page: one output line made of spans from two pages
        split_sentences += any(a.page != b.page and "\n" not in doc.text[a.end:b.start]
                               for a, b in zip(doc.spans, doc.spans[1:]))
        # a caption at the foot of a page, its article label on the next
        foot_captions += any(c.kind == "article" and c.caption and c.label_start is not None
                             and doc.page_at(c.start) != doc.page_at(c.label_start) for c in clauses)
        # only a caption on its own line before the label (（目的）\n第1条) can be left at a page's foot;
        # 第1条（目的）, 第１　見出し and 1. 見出し keep the caption on the label's line
        with_caption_lines += any(c.kind == "article" and c.caption and c.label_start is not None
                                  and c.start < c.label_start for c in parse(ingest(txt)))
    n = len(TXTS)
    assert split_items >= 0.8 * n and split_sentences >= 0.8 * n and foot_captions >= 0.8 * with_caption_lines, \
        (split_items, split_sentences, foot_captions, with_caption_lines, n)


# --------------------------------------------------------------------------------------
# LibreOffice exports


def _txt_named(stem: str) -> Path:
    hits = [t for t in TXTS if t.stem == stem]
    assert hits, f"no TXT for {stem}"
    return hits[0]


@pytest.mark.parametrize("pdf", sorted(LO_FIXTURES.glob("*.pdf")), ids=lambda p: p.stem)
def test_libreoffice_fixture_reviews_alike(pdf):
    assert_same(_txt_named(pdf.stem), pdf, "LibreOffice pdf")


@pytest.fixture(scope="module")
def lo_all(tmp_path_factory) -> Path:
    if lo.soffice() is None:
        pytest.skip("LibreOffice (soffice) not installed")
    out = tmp_path_factory.mktemp("lo")
    docx = [t.with_suffix(".docx") for t in TXTS if t.with_suffix(".docx").exists()]
    lo.convert(docx, out)
    return out


@pytest.mark.parametrize("txt", TXTS, ids=IDS)
def test_libreoffice_export_reviews_alike(txt, lo_all):
    pdf = lo_all / f"{txt.stem}.pdf"
    if not pdf.exists():
        pytest.skip(f"no {txt.stem}.docx to export")
    assert_same(txt, pdf, "LibreOffice pdf")


def test_libreoffice_fixtures_up_to_date():
    """Each committed export belongs to a draft of the corpus (regenerate with tools/make_lo_pdfs.py)."""
    names = {Path(p).stem for p in lo.FIXTURE_DRAFTS}
    assert {p.stem for p in LO_FIXTURES.glob("*.pdf")} == names
    for p in LO_FIXTURES.glob("*.pdf"):
        assert p.stat().st_size < 200_000
        assert p.stat().st_mtime >= 0 and p.read_bytes().startswith(b"%PDF")


# --------------------------------------------------------------------------------------
# real public templates published as Markdown, with their TXT (issue 12)

REAL_PUBLIC = ROOT / "corpora" / "real_public"
REAL_PUBLIC_PAIRS = sorted(t for t in REAL_PUBLIC.glob("*.txt") if t.with_suffix(".md").exists())
#: pairs that still review differently, with why (strict: the test fails once they agree); none left
REAL_PUBLIC_KNOWN: dict[str, str] = {}


def _real_public_params():
    for txt in REAL_PUBLIC_PAIRS:
        why = REAL_PUBLIC_KNOWN.get(txt.stem)
        yield pytest.param(txt, id=txt.stem, marks=[pytest.mark.xfail(strict=True, reason=why)] if why else [])


def test_real_public_pairs_exist():
    """The corpus holds the pairs this parity is about (18 templates as both TXT and MD)."""
    assert len(REAL_PUBLIC_PAIRS) >= 18, [t.name for t in REAL_PUBLIC_PAIRS]


@pytest.mark.parametrize("txt", list(_real_public_params()))
def test_real_public_markdown_reviews_like_its_txt(txt):
    """issue 12: 「The Markdown … of a template gives the same findings as its TXT」 — findings
    (rule, clause path, quote without whitespace) and the clause tree of NAME.md equal NAME.txt."""
    assert_same(txt, txt.with_suffix(".md"), "md")


# --------------------------------------------------------------------------------------
# the real pair


def test_real_docx_and_pdf_of_one_document_review_alike():
    docx = sorted(REAL.glob("r03_*.docx")) if REAL.exists() else []
    pdf = sorted(REAL.glob("r04_*.pdf")) if REAL.exists() else []
    if not docx or not pdf:
        pytest.skip(f"{REAL} r03/r04 not available")
    assert_same(docx[0], pdf[0], "r04 pdf")


# --------------------------------------------------------------------------------------
# a classification mark above the title (the PDF drops it as a header line)


@pytest.mark.parametrize("mark", ["CONFIDENTIAL", "社外秘", "（案）", "【DRAFT】"])
@pytest.mark.parametrize("fmt", ["txt", "md"])
def test_classification_mark_above_title_changes_nothing(mark, fmt, md_dir):
    """issue 13/12: 「CONFIDENTIAL」 as the first line became the title of the TXT, while the PDF
    dropped it, so the profile (read from the title) differed between formats."""
    from shinsa.ingest import ingest

    for txt in TXTS[:: max(1, len(TXTS) // 4)]:
        text = txt.read_text(encoding="utf-8")
        if fmt == "md":
            blocks = gen.parse_txt(text)
            title = next((b.text for b in blocks if b.kind == "title"), txt.stem)
            text = gen.build_markdown(blocks, title, 0)
        path = md_dir / f"marked.{txt.stem}.{abs(hash(mark))}.{fmt}"
        path.write_text(f"{mark}\n\n{text}", encoding="utf-8")
        assert_same(txt, path, f"{fmt} under {mark}")
        doc = ingest(path)
        assert doc.meta["removed_lines"][0] == mark
        assert doc.locate(0).line == 3  # offsets still point at the original lines


def _assert_spans_point_at_pdf_pages(path: Path) -> None:
    """Every span of a PDF holds characters of the page it names (whitespace aside; compared as
    multisets, since the drawing order of a page is not its reading order: LibreOffice draws
    「○○」 after the line it sits in)."""
    from collections import Counter

    import pypdfium2 as pdfium

    from shinsa.ingest import ingest

    doc = ingest(path)
    pdf = pdfium.PdfDocument(str(path))
    try:
        pages = []
        for i in range(len(pdf)):
            tp = pdf[i].get_textpage()
            pages.append(Counter("".join(tp.get_text_range().split())))
            tp.close()
    finally:
        pdf.close()
    for sp in doc.spans:
        piece = "".join(doc.text[sp.start:sp.end].split())
        assert piece and not Counter(piece) - pages[sp.page - 1], (path.name, sp, piece)


@needs_font
@pytest.mark.parametrize("txt", TXTS[::3], ids=IDS[::3])
def test_stress_pdf_spans_point_at_their_page(txt, stress_dir):
    _assert_spans_point_at_pdf_pages(_stress(txt, stress_dir))


@pytest.mark.parametrize("pdf", sorted(LO_FIXTURES.glob("*.pdf")), ids=lambda p: p.stem)
def test_libreoffice_fixture_spans_point_at_their_page(pdf):
    _assert_spans_point_at_pdf_pages(pdf)
