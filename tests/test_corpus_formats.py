"""The corpus drafts read the same in TXT, DOCX and PDF (tools/make_corpus.py).

For every draft NAME with NAME.txt, NAME.docx and NAME.pdf in corpora/drafts:
the clause paths agree across formats, the body text agrees (whitespace aside),
gold quotes are findable in every format, running headers / page numbers stay out
of the text, and the generated files are up to date with the TXT.
"""

from __future__ import annotations

import difflib
import functools
import importlib.util
import re
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import DRAFTS, ROOT

GEN_PATH = ROOT / "tools" / "make_corpus.py"
PATH_KINDS = {"article", "paragraph", "item", "subitem", "appendix"}


def _load_generator():
    spec = importlib.util.spec_from_file_location("make_corpus", GEN_PATH)
    mod = importlib.util.module_from_spec(spec)
    sys.modules["make_corpus"] = mod
    spec.loader.exec_module(mod)
    return mod


gen = _load_generator()


def _have_font() -> bool:
    try:
        gen.find_font("ipaexm.ttf")
        gen.find_font("ipaexg.ttf")
        return True
    except gen.FontMissing:
        return False


HAVE_FONT = _have_font()
needs_font = pytest.mark.skipif(not HAVE_FONT, reason="IPAex fonts not installed (Debian fonts-ipaexfont)")

ALL_TXT = sorted(p.stem for p in DRAFTS.glob("*.txt"))
COMPLETE = [n for n in ALL_TXT if (DRAFTS / f"{n}.docx").exists() and (DRAFTS / f"{n}.pdf").exists()]
if not COMPLETE:
    COMPLETE = [pytest.param(None, marks=pytest.mark.skip(reason="no draft with .txt/.docx/.pdf yet"))]
if not ALL_TXT:
    ALL_TXT = [pytest.param(None, marks=pytest.mark.skip(reason="no drafts yet"))]


@functools.cache
def _doc(path: Path):
    from shinsa.ingest import ingest

    try:
        return ingest(path)
    except ImportError as e:  # a reader not on main yet
        pytest.skip(f"reader for {path.suffix} not importable: {e}")


def _docs(name: str) -> dict:
    return {ext: _doc(DRAFTS / f"{name}.{ext}") for ext in ("txt", "docx", "pdf")}


def _paths(doc) -> list[str]:
    try:
        from shinsa.structure import parse
    except ImportError as e:
        pytest.skip(f"shinsa.structure not importable: {e}")
    return [c.path for c in parse(doc) if c.kind in PATH_KINDS]


def _squeeze(s: str) -> str:
    return "".join(s.split())


def _coverage(a: str, b: str) -> tuple[float, float]:
    """Share of a's and b's characters that the other text also has, in order or moved.

    difflib's matching blocks, plus deleted chunks that reappear verbatim as inserted
    chunks (Word prints an auto-numbered heading as 「第1条 （目的）」 where the TXT has
    「（目的）」 above 「第1条」: the same characters in a different order).
    """
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    matched = sum(m.size for m in sm.get_matching_blocks())
    deleted: dict[str, int] = {}
    inserted: dict[str, int] = {}
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op in ("delete", "replace"):
            deleted[a[i1:i2]] = deleted.get(a[i1:i2], 0) + 1
        if op in ("insert", "replace"):
            inserted[b[j1:j2]] = inserted.get(b[j1:j2], 0) + 1
    moved = sum(len(k) * min(v, inserted.get(k, 0)) for k, v in deleted.items())
    return (matched + moved) / max(1, len(a)), (matched + moved) / max(1, len(b))


# --------------------------------------------------------------------------------------
# the committed corpus


@pytest.mark.parametrize("name", COMPLETE)
def test_clause_paths_identical_across_formats(name):
    docs = _docs(name)
    want = _paths(docs["txt"])
    assert want, "the TXT has no clauses"
    for fmt in ("docx", "pdf"):
        got = _paths(docs[fmt])
        if got != want:
            diff = "\n".join(difflib.unified_diff(want, got, "txt", fmt, lineterm="", n=1))
            pytest.fail(f"{name}.{fmt}: clause paths differ from the TXT\n{diff}")


@pytest.mark.parametrize("name", COMPLETE)
def test_clause_labels_and_captions_identical_across_formats(name):
    """Word's computed labels and the captions of auto-numbered headings read like the TXT."""
    try:
        from shinsa.structure import parse
    except ImportError as e:
        pytest.skip(f"shinsa.structure not importable: {e}")
    import unicodedata

    def key(doc):
        return [(c.path, c.kind, unicodedata.normalize("NFKC", c.label or ""), c.caption) for c in parse(doc)]

    docs = _docs(name)
    want = key(docs["txt"])
    for fmt in ("docx", "pdf"):
        got = key(docs[fmt])
        if got != want:
            diff = "\n".join(difflib.unified_diff([str(x) for x in want], [str(x) for x in got], "txt", fmt,
                                                  lineterm="", n=0))
            pytest.fail(f"{name}.{fmt}: clause labels/captions differ from the TXT\n{diff}")


@pytest.mark.parametrize("name", COMPLETE)
def test_body_text_agrees_across_formats(name):
    docs = _docs(name)
    txt = _squeeze(docs["txt"].text)
    for fmt in ("docx", "pdf"):
        other = _squeeze(docs[fmt].text)
        cov_txt, cov_other = _coverage(txt, other)
        assert cov_txt >= 0.98 and cov_other >= 0.98, (
            f"{name}.{fmt}: only {cov_txt:.3f} of the TXT / {cov_other:.3f} of the {fmt} text agree")


@pytest.mark.parametrize("name", COMPLETE)
def test_gold_quotes_findable_in_every_format(name):
    gold = DRAFTS / f"{name}.gold.yaml"
    if not gold.exists():
        pytest.skip("no gold file")
    import yaml

    data = yaml.safe_load(gold.read_text(encoding="utf-8")) or {}
    quotes = []
    for entry in (data.get("findings") or []) + (data.get("traps") or []):
        for key in ("quote", "related_quote"):
            if isinstance(entry, dict) and entry.get(key):
                quotes.append(str(entry[key]))
    docs = _docs(name)
    txt = _squeeze(docs["txt"].text)
    quotes = [q for q in quotes if _squeeze(q) in txt]  # a quote missing from the TXT is gold's problem
    for fmt in ("docx", "pdf"):
        text = _squeeze(docs[fmt].text)
        missing = [q for q in quotes if _squeeze(q) not in text]
        assert not missing, f"{name}.{fmt}: gold quotes not found: {missing}"


RE_PAGE_NUMBER = re.compile(r"^\s*[-‐－―]\s*[0-9０-９]+\s*[-‐－―]\s*$", re.MULTILINE)


@pytest.mark.parametrize("name", COMPLETE)
def test_running_header_and_page_numbers_not_in_text(name):
    docs = _docs(name)
    n_header = docs["txt"].text.count(gen.HEADER_TEXT)
    for fmt in ("docx", "pdf"):
        text = docs[fmt].text
        assert text.count(gen.HEADER_TEXT) == n_header, f"{name}.{fmt}: running header 「（案）」 leaked"
        assert not RE_PAGE_NUMBER.search(text), f"{name}.{fmt}: page number line leaked"


def _docx_parts(path: Path) -> dict[str, bytes]:
    from lxml import etree

    with zipfile.ZipFile(path) as z:
        return {n: etree.tostring(etree.fromstring(z.read(n)), method="c14n")
                for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")}


def _pdf_pages(path: Path) -> list[str]:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


@pytest.mark.parametrize("name", ALL_TXT)
def test_generated_files_up_to_date(name, tmp_path):
    """Fails when a TXT was edited (or added) without running `make corpus`."""
    docx_path, pdf_path = DRAFTS / f"{name}.docx", DRAFTS / f"{name}.pdf"
    assert docx_path.exists() and pdf_path.exists(), f"{name}: run `make corpus` (DOCX/PDF missing)"
    formats = ("docx", "pdf") if HAVE_FONT else ("docx",)
    gen.generate(DRAFTS / f"{name}.txt", tmp_path, formats)
    fresh, committed = _docx_parts(tmp_path / f"{name}.docx"), _docx_parts(docx_path)
    assert fresh.keys() == committed.keys()
    for part in fresh:
        assert fresh[part] == committed[part], f"{name}.docx {part} is stale: run `make corpus`"
    if HAVE_FONT:
        assert _pdf_pages(tmp_path / f"{name}.pdf") == _pdf_pages(pdf_path), (
            f"{name}.pdf is stale: run `make corpus`")


# --------------------------------------------------------------------------------------
# the generator itself, on a small draft with every numbering case

SAMPLE = """\
テスト用特記事項

　○○市（以下「甲」という。）と受託者（以下「乙」という。）は、次のとおり定める。

（目的）
第1条　この特記事項は、個人情報の取扱いについて必要な事項を定める。

（定義）
第2条　この特記事項において、次の各号に掲げる用語の意義は、当該各号に定めるところによる。
（１）個人情報　個人に関する情報をいう。
（２）記録媒体　電磁的記録を保存する媒体をいう。
２　前項に定めるもののほか、用語の意義は、法の例による。
３　乙は、次に掲げる事項を遵守しなければならない。
（１）目的外利用の禁止
（２）次に掲げる複写の制限
ア　甲の承認のない複写の禁止
イ　複写物の管理
（３）持出しの禁止

（再委託の禁止）
第3条　乙は、第三者に委託してはならない。
２　乙は、前項の承認を得た場合であっても、責任を負う。

（再委託先の監督）
第3条の2　乙は、再委託先を監督しなければならない。
２　乙は、再委託先の履行状況を報告しなければならない。
（１）履行状況
（２）事故の有無
３　乙は、甲の指示に従わなければならない。

第4条　乙は、事故が発生したときは、直ちに甲に報告しなければならない。
２　乙は、その原因を調査しなければならない。

（保存期間）
第6条　乙は、甲の指示に従い保存しなければならない。

（返還）
第7条　乙は、契約終了後、資料を返還しなければならない。

別表第1（第2条関係）
区分　内容　期限
責任者　氏名及び所属　7日以内
従事者　氏名　開始前日
"""

KANJI = {"第1条": "第一条", "第2条": "第二条", "第3条の2": "第三条の二", "第3条": "第三条", "第4条": "第四条",
         "第6条": "第六条", "第7条": "第七条", "（１）": "一　", "（２）": "二　", "（３）": "三　"}


def _kanji_variant(text: str) -> str:
    for k, v in KANJI.items():
        text = re.sub("^" + re.escape(k), v, text, flags=re.MULTILINE)
    return text


def _tokki_variant(text: str) -> str:
    text = re.sub(r"^第(\d)条の2", lambda m: f"第{chr(0xFF10 + int(m.group(1)))}の２", text, flags=re.MULTILINE)
    return re.sub(r"^第(\d)条", lambda m: f"第{chr(0xFF10 + int(m.group(1)))}", text, flags=re.MULTILINE)


LABEL = re.compile(r"^(第[0-9０-９〇一二三四五六七八九十]+条?(?:の[0-9０-９一二三四五六七八九十]+)?|[0-9０-９]+(?=[\s　])"
                   r"|（[０-９]+）|[一二三四五六七八九十]+(?=[\s　])|[アイウエオ](?=[\s　]))")


def _labels(text: str) -> list[str]:
    return [m.group(1) for line in text.split("\n") if (m := LABEL.match(line.strip("\u3000 ")))]


@pytest.mark.parametrize("variant", ["arabic", "kanji", "tokki"])
def test_word_auto_numbering_reproduces_labels(variant, tmp_path):
    """Auto-numbered DOCX: Word's counters give exactly the TXT labels, with a branch
    article typed literally in between, a planted gap (第4条 → 第6条) and an article
    without caption."""
    from shinsa.ingest import ingest

    text = {"arabic": SAMPLE, "kanji": _kanji_variant(SAMPLE), "tokki": _tokki_variant(SAMPLE)}[variant]
    txt = tmp_path / "sample.txt"
    txt.write_text(text, encoding="utf-8")
    info = gen.generate(txt, tmp_path, ("docx",), style={"articles": "auto", "items": "auto"})
    assert info["auto_articles"] >= 4 and info["auto_paragraphs"] >= 3 and info["auto_items"] >= 4, info
    assert info["literal_articles"] >= 1  # the branch article
    import docx

    raw = [p.text for p in docx.Document(str(tmp_path / "sample.docx")).paragraphs]
    typed = [t for t in raw if re.match(r"^第[0-9０-９一二三四五六七]", t)]
    assert len(typed) < info["literal_articles"] + 3  # auto labels are not in the paragraph text
    read = ingest(tmp_path / "sample.docx")
    assert _labels(read.text) == _labels(text)
    for row in ("区分　内容　期限", "責任者　氏名及び所属　7日以内"):
        assert row in read.text.split("\n")


def test_literal_draft_mixes_typed_and_auto_items(tmp_path):
    from shinsa.ingest import ingest

    txt = tmp_path / "sample.txt"
    txt.write_text(SAMPLE, encoding="utf-8")
    info = gen.generate(txt, tmp_path, ("docx",), style={"articles": "literal", "items": "mixed"})
    assert info["auto_articles"] == 0 and 0 < info["auto_items"] < SAMPLE.count("（１）") * 3
    read = ingest(tmp_path / "sample.docx")
    assert _labels(read.text) == _labels(SAMPLE)
    with zipfile.ZipFile(tmp_path / "sample.docx") as z:
        numbering = z.read("word/numbering.xml").decode()
        assert "w:startOverride" in numbering
        header = b"".join(z.read(n) for n in z.namelist() if "header" in n).decode()
        assert gen.HEADER_TEXT in header
        footer = b"".join(z.read(n) for n in z.namelist() if "footer" in n).decode()
        assert "PAGE" in footer
    assert gen.HEADER_TEXT not in read.text


@needs_font
def test_output_is_byte_deterministic(tmp_path):
    txt = tmp_path / "sample.txt"
    txt.write_text(SAMPLE, encoding="utf-8")
    out = []
    for k in range(2):
        d = tmp_path / f"run{k}"
        d.mkdir()
        gen.generate(txt, d, style={"articles": "auto", "items": "auto"})
        out.append(((d / "sample.docx").read_bytes(), (d / "sample.pdf").read_bytes()))
    assert out[0] == out[1]


@needs_font
def test_pdf_of_sample_reads_back_line_for_line(tmp_path):
    """Every printed line is a piece of the TXT: nothing added, nothing lost (pypdfium2)."""
    txt = tmp_path / "sample.txt"
    txt.write_text(SAMPLE * 3, encoding="utf-8")  # long enough for several pages
    gen.generate(txt, tmp_path, ("pdf",))
    pages = _pdf_pages(tmp_path / "sample.pdf")
    assert len(pages) >= 2
    body = []
    for n, page in enumerate(pages, start=1):
        lines = [ln for ln in page.replace("\r\n", "\n").split("\n") if ln.strip()]
        assert lines[0].strip() == gen.HEADER_TEXT and lines[1].strip() == f"- {n} -"
        body.extend(lines[2:])
    assert _squeeze("".join(body)) == _squeeze(SAMPLE * 3)


@needs_font
@pytest.mark.parametrize("text", [
    "乙は、前項の規定により廃棄するときは、保有個人情報が復元できないよう、適切な方法により廃棄しなければならない。",
    "「個人情報」とは、個人に関する情報（生存する個人に関するものに限る。）であって、ISO/IEC 27001の認証を受けたものをいう。",
    "（１）" + "あ" * 38 + "。」と" + "い" * 40 + "（" + "う" * 30 + "）",
])
def test_line_breaker_kinsoku(text):
    gen.register_fonts()
    w = 20 * gen.FONT_SIZE
    lines = gen.break_lines(text, w, w - gen.FONT_SIZE)
    assert "".join(lines) == text
    for k, ln in enumerate(lines):
        if k:
            assert ln[0] not in gen.NO_START, lines
        if k < len(lines) - 1:
            assert ln[-1] not in gen.NO_END, lines
        avail = w if k == 0 else w - gen.FONT_SIZE
        extra = gen.width(ln[-1]) if ln[-1] in gen.HANG else 0.0
        assert gen.width(ln) <= avail + extra + 0.01, (ln, gen.width(ln), avail)
    for run in re.findall(r"[A-Za-z0-9][A-Za-z0-9/]+", text):  # Latin words never break
        assert any(run in ln for ln in lines), (run, lines)


def test_auto_numbered_drafts_really_use_word_numbering(tmp_path):
    auto = [n for n, s in gen.DOCX_STYLE.items() if s.get("articles") == "auto"]
    assert len(auto) >= 3
    present = [n for n in auto if (DRAFTS / f"{n}.txt").exists()]
    if not present:
        pytest.skip("no auto-numbered draft written yet")
    for name in present:
        info = gen.generate(DRAFTS / f"{name}.txt", tmp_path, ("docx",))
        total = info["auto_articles"] + info["literal_articles"]
        assert total and info["auto_articles"] * 2 >= total, f"{name}: Word numbering barely used: {info}"


def _body_lines(page_text: str) -> list[str]:
    lines = [ln for ln in page_text.replace("\r\n", "\n").split("\n") if ln.strip()]
    return [ln for ln in lines if ln.strip() != gen.HEADER_TEXT and not RE_PAGE_NUMBER.match(ln)]


@needs_font
def test_some_committed_pdf_breaks_a_sentence_across_pages():
    """At least one draft continues a paragraph on the next page (readers must rejoin it)."""
    names = [n for n in COMPLETE if isinstance(n, str)]
    if not names:
        pytest.skip("no complete drafts")
    found = []
    for name in names:
        source_lines = {_squeeze(ln) for ln in (DRAFTS / f"{name}.txt").read_text(encoding="utf-8").split("\n")}
        pages = [_body_lines(p) for p in _pdf_pages(DRAFTS / f"{name}.pdf")]
        for k in range(len(pages) - 1):
            if not pages[k] or not pages[k + 1]:
                continue
            last, first = _squeeze(pages[k][-1]), _squeeze(pages[k + 1][0])
            if last not in source_lines and any(last + first in s for s in source_lines):
                found.append((name, k + 1))
    assert found, "no paragraph continues across a page boundary in any draft PDF"
