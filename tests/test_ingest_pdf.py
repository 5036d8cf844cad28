"""PDF ingest: layout repair on generated PDFs (reportlab + IPAex), errors, real files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from shinsa.ingest import IngestError, ingest
from shinsa.ingest.pdf import read_pdf
from shinsa.textnorm import fold

from conftest import REAL, need

FONTS = [Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"),
         Path("/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf")]
FONT = next((f for f in FONTS if f.exists()), None)
needs_font = pytest.mark.skipif(FONT is None, reason="IPAex font not installed")

A4_W, A4_H = 595.27, 841.89
LEFT = 72.0
SIZE = 10.5
PER_LINE = 42                 # 42 x 10.5 pt = 441 pt: full lines end at x = 513
LEADING = 18.0
TOP = A4_H - 90               # first baseline, well below the header band
LINES_PER_PAGE = 10


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "IPAex" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("IPAex", str(FONT)))
    return "IPAex"


def _wrap(par: str, indent: int = 0) -> list[tuple[int, str]]:
    """Cut a paragraph into (indent in em, text) visual lines of PER_LINE em."""
    out = []
    first = True
    while par:
        width = PER_LINE - (indent if first else 0)
        out.append((indent if first else 0, par[:width]))
        par = par[width:]
        first = False
    return out


# A draft whose article 2 runs across the page break, with an indented preamble.
PREAMBLE_1 = ("甲市（以下「甲」という。）と株式会社乙（以下「乙」という。）は、甲が保有する個人情報を取り扱う"
              "事務の委託について、関係法令の趣旨に従い、次のとおりこの契約を締結する。")
PREAMBLE_2 = "この契約の各条項は、別に定めがある場合を除き、委託事務の全部に適用する。"
ART1 = ("第１条　乙は、この契約による事務を処理するに当たり、個人情報の保護の重要性を認識し、"
        "個人の権利利益を侵害することのないよう、個人情報を適正に取り扱わなければならない。")
ART1_2 = "２　乙は、Service Level Agreementに定める水準を維持する。"
ART2 = ("第２条　乙は、この契約による事務に関して知り得た個人情報をみだりに他に知らせ、又は不当な目的に"
        "使用してはならない。この契約が終了し、又は解除された後においても、同様とする。乙は、その"
        "事務に従事する者に対し、在職中及び退職後においても、個人情報の保護に関する事項を遵守させ"
        "なければならない。")
ART3 = "第３条　乙は、甲の承諾があるときを除き、この契約による事務を第三者に委託してはならない。"
ART4 = ("第４条　乙は、この契約による事務を処理するために甲から提供を受けた個人情報が記録された資料等を、"
        "この契約の完了後直ちに甲に返還し、又は引き渡すものとする。")
ART5 = "第５条　乙は、この契約に違反する事態が生じたときは、速やかに甲に報告し、甲の指示に従うものとする。"


def _draft_lines() -> list[tuple[int, str, float]]:
    """(indent em, text, font size) lines in reading order, paginated by the caller."""
    lines: list[tuple[int, str, float]] = [(15, "個人情報取扱特記事項", 14.0)]
    assert len(PREAMBLE_1) == 2 * PER_LINE - 1  # indented first line + one full line: ends at the edge
    for par in (PREAMBLE_1, PREAMBLE_2):
        lines += [(i, t, SIZE) for i, t in _wrap(par, indent=1)]
    lines.append((0, "（秘密の保持）", SIZE))
    lines += [(i, t, SIZE) for i, t in _wrap(ART1)]
    lines += [(i, t, SIZE) for i, t in _wrap(ART1_2)]
    lines.append((0, "（目的外利用の禁止）", SIZE))
    lines += [(i, t, SIZE) for i, t in _wrap(ART2)]
    lines.append((0, "（再委託の禁止）", SIZE))
    lines += [(i, t, SIZE) for i, t in _wrap(ART3)]
    lines.append((0, "（資料等の返還）", SIZE))
    lines += [(i, t, SIZE) for i, t in _wrap(ART4)]
    lines.append((0, "（事故報告）", SIZE))
    lines += [(i, t, SIZE) for i, t in _wrap(ART5)]
    return lines


def make_draft(path: Path, lines_per_page: int = LINES_PER_PAGE) -> int:
    """Write the draft with a running header 「（案）」 and footer 「- N -」; return pages."""
    from reportlab.pdfgen import canvas

    font = _font()
    c = canvas.Canvas(str(path), pagesize=(A4_W, A4_H))
    lines = _draft_lines()
    pages = [lines[i:i + lines_per_page] for i in range(0, len(lines), lines_per_page)]
    for no, page in enumerate(pages, start=1):
        c.setFont(font, 10)
        c.drawRightString(A4_W - LEFT, A4_H - 36, "（案）")
        c.drawCentredString(A4_W / 2, 30, f"- {no} -")
        y = TOP
        for indent, text, size in page:
            c.setFont(font, size)
            c.drawString(LEFT + indent * SIZE, y, text)
            y -= LEADING
        c.showPage()
    c.save()
    return len(pages)


def _line_of(doc, needle: str) -> str:
    i = doc.text.index(needle)
    start = doc.text.rfind("\n", 0, i) + 1
    end = doc.text.find("\n", i)
    return doc.text[start:end]


@pytest.fixture(scope="module")
def draft(tmp_path_factory):
    if FONT is None:
        pytest.skip("IPAex font not installed")
    path = tmp_path_factory.mktemp("pdf") / "draft.pdf"
    pages = make_draft(path)
    assert pages == 3
    return path


@needs_font
def test_draft_headers_footers_removed(draft):
    doc = ingest(draft)
    assert doc.format == "pdf"
    assert doc.meta["pages"] == 3 and doc.meta["engine"] == "pypdfium2"
    assert "（案）" not in doc.text
    assert not re.search(r"-\s*\d\s*-", doc.text)
    removed = doc.meta["removed_lines"]
    assert removed.count("（案）") == 3
    assert sorted(r for r in removed if r != "（案）") == ["- 1 -", "- 2 -", "- 3 -"]
    assert doc.meta["chars"] == len(doc.text)
    assert doc.folded == fold(doc.text)
    assert doc.text.startswith("個人情報取扱特記事項\n")


@needs_font
def test_draft_wrapped_paragraphs_rejoined(draft):
    doc = ingest(draft)
    lines = doc.text.split("\n")
    # wrapped paragraphs come back whole, with no space inserted between Japanese characters;
    # the 1-em indent of a paragraph start comes back as the U+3000 a drafter types for it
    assert "\u3000" + PREAMBLE_1 in lines
    assert ART1 in lines
    assert ART3 in lines and ART4 in lines and ART5 in lines
    # an indented first line starts a new paragraph although the line above is full
    assert "\u3000" + PREAMBLE_2 in lines
    # labels and captions always start a line
    for label in ("（秘密の保持）", "第１条　", "２　乙は", "（目的外利用の禁止）", "第２条　", "第３条　"):
        assert "\n" + label in doc.text
    # real spaces between ASCII words are kept
    assert ART1_2 in lines


@needs_font
def test_draft_sentence_across_page_break(draft):
    doc = ingest(draft)
    assert ART2 in doc.text.split("\n")
    # the article starts on page 1 and ends on page 2 (after the break at line 14)
    start = doc.text.index(ART2)
    assert doc.page_at(start) == 1
    assert doc.page_at(doc.text.index("退職後")) == 2
    assert doc.page_at(doc.text.index("再委託の禁止")) == 2
    off = doc.text.index("第３条")
    span = doc.locate(off)
    assert span.page == 2 and span.start == off
    # spans are ordered, non-overlapping and cover the visible text
    for a, b in zip(doc.spans, doc.spans[1:]):
        assert a.end <= b.start
    # spans cover the visible text; only line breaks and restored indents (U+3000 at a line
    # start, synthetic) fall between them
    covered = set()
    for s in doc.spans:
        covered.update(range(s.start, s.end))
    outside = [i for i in range(len(doc.text)) if i not in covered]
    assert all(doc.text[i] == "\n" or (doc.text[i] == "\u3000" and doc.text[i - 1] in "\n\u3000")
               for i in outside)
    assert sum(1 for i in outside if doc.text[i] == "\u3000") == 2  # the two indented preamble lines


@needs_font
def test_draft_line_numbers_in_source_map(draft):
    doc = ingest(draft)
    # page 1: line 1 is the header （案）, line 2 the title
    span = doc.locate(doc.text.index("個人情報取扱特記事項"))
    assert (span.page, span.line) == (1, 2)
    first_p2 = [s for s in doc.spans if s.page == 2][0]
    assert first_p2.line == 2  # after the removed header


@needs_font
def test_pdfplumber_fallback_engine_agrees(draft):
    fast = read_pdf(draft.read_bytes(), str(draft))
    slow = read_pdf(draft.read_bytes(), str(draft), engine="pdfplumber")
    assert slow.meta["engine"] == "pdfplumber"
    assert slow.text == fast.text


@needs_font
def test_owner_password_only_opens(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    path = tmp_path / "owner.pdf"
    c = canvas.Canvas(str(path), encrypt=StandardEncryption("", ownerPassword="owner", canModify=0))
    c.setFont(_font(), SIZE)
    c.drawString(LEFT, TOP, "第１条　この契約は、業務の委託について定める。")
    c.save()
    doc = ingest(path)
    assert doc.text == "第１条　この契約は、業務の委託について定める。\n"


@needs_font
def test_user_password_is_reported(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    path = tmp_path / "locked.pdf"
    c = canvas.Canvas(str(path), encrypt=StandardEncryption("secret", ownerPassword="owner"))
    c.setFont(_font(), SIZE)
    c.drawString(LEFT, TOP, "秘密の本文")
    c.save()
    with pytest.raises(IngestError) as e:
        ingest(path)
    assert e.value.code == "encrypted"
    assert "パスワード" in e.value.ja


def test_image_only_pdf(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path), pagesize=(A4_W, A4_H))
    for _ in range(2):
        c.rect(60, 60, 400, 600, fill=0)
        for k in range(30):  # strokes standing in for scanned lines of text
            c.line(80, 640 - 18 * k, 440, 640 - 18 * k)
        c.showPage()
    c.save()
    with pytest.raises(IngestError) as e:
        ingest(path)
    assert e.value.code == "no_text_layer"
    assert "テキスト層がありません（スキャン画像の可能性）" in e.value.ja


@pytest.mark.parametrize("data", [
    bytes(range(256)) * 16,
    b"PK\x03\x04" + b"\x00" * 200,          # a DOCX renamed to .pdf
    b"%PDF-1.7\n" + b"\x8f\x11garbage" * 50,  # a header and nothing else
])
def test_garbage_is_corrupt(tmp_path, data):
    path = tmp_path / "bad.pdf"
    path.write_bytes(data)
    with pytest.raises(IngestError) as e:
        ingest(path)
    assert e.value.code == "corrupt_pdf"
    assert e.value.ja == "PDFとして読み込めません（ファイルが壊れているか、PDFではありません）。"


def test_zero_length(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(IngestError) as e:
        ingest(path)
    assert e.value.code == "empty"
    with pytest.raises(IngestError) as e:
        read_pdf(b"", "empty.pdf")
    assert e.value.code == "empty"


def _minimal_pdf(objs: list[str]) -> bytes:
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_zero_pages():
    data = _minimal_pdf(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"])
    with pytest.raises(IngestError) as e:
        read_pdf(data, "nopages.pdf")
    assert e.value.code == "no_pages"
    assert e.value.ja and e.value.en


def test_blank_page_is_no_text():
    data = _minimal_pdf(["<< /Type /Catalog /Pages 2 0 R >>",
                         "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                         "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"])
    with pytest.raises(IngestError) as e:
        read_pdf(data, "blank.pdf")
    assert e.value.code == "no_text_layer"


@needs_font
def test_truncated_pdf_never_crashes(draft):
    data = draft.read_bytes()
    for cut in (len(data) // 3, len(data) // 2, len(data) - 200):
        try:
            doc = read_pdf(data[:cut], "cut.pdf")
        except IngestError as e:
            assert e.code in ("corrupt_pdf", "no_text_layer", "no_pages", "garbled_text")
        else:
            assert doc.text


@needs_font
def test_letter_spacing_and_typed_spaces(tmp_path):
    """Justified letter spacing never becomes a space; a visibly typed gap does."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "spacing.pdf"
    font = _font()
    c = canvas.Canvas(str(path), pagesize=(A4_W, A4_H))
    t = c.beginText(LEFT, TOP)
    t.setFont(font, SIZE)
    t.setCharSpace(3.0)  # ~0.3 em between every character
    t.textLine("乙は、甲の指示に従い業務を行う。")
    t.setCharSpace(0)
    t.textLine("ＡＢＣ株式会社　代表取締役")  # real U+3000 in the text layer
    c.drawText(t)
    c.setFont(font, SIZE)
    y = TOP - 3 * LEADING
    c.drawString(LEFT, y, "代表取締役")
    c.drawString(LEFT + 6 * SIZE, y, "山田太郎")  # a one-em gap, no space character
    c.drawString(LEFT + 20 * SIZE, y, "印")       # a form field gap
    c.drawString(LEFT, y - LEADING, "Webサイト")
    c.save()
    doc = ingest(path)
    lines = doc.text.split("\n")
    assert lines[0] == "乙は、甲の指示に従い業務を行う。"
    assert lines[1] == "ＡＢＣ株式会社　代表取締役"
    assert lines[2] == "代表取締役　山田太郎　印"
    assert lines[3] == "Webサイト"


@needs_font
def test_ruled_table_rows_with_wrapped_cells(tmp_path):
    """A ruled 別表: one line per row, cells joined by U+3000, wrapped cell text rejoined."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "table.pdf"
    font = _font()
    c = canvas.Canvas(str(path), pagesize=(A4_W, A4_H))
    c.setFont(font, SIZE)
    c.drawString(LEFT, TOP, "別表第1（第5条関係）")
    rows = [(["区分"], ["内容"], ["期限"]),
            (["組織的措置"], ["個人情報の取扱いに関する責任者を", "置き、取扱状況を記録すること"], ["毎月末日"]),
            (["技術的措置"], ["端末を暗号化すること"], ["契約締結後", "直ちに"])]
    col_x = [LEFT, LEFT + 110, LEFT + 290, LEFT + 441]
    y = TOP - 12
    c.setLineWidth(0.5)
    for cells in rows:
        h = 6 + LEADING * max(len(t) for t in cells)
        c.rect(col_x[0], y - h, col_x[-1] - col_x[0], h)
        for k, texts in enumerate(cells):
            if k:
                c.line(col_x[k], y, col_x[k], y - h)
            for j, t in enumerate(texts):
                c.drawString(col_x[k] + 4, y - 2 - LEADING * (j + 1) + 5, t)
        y -= h
    c.drawString(LEFT, y - 2 * LEADING, "第６条　この契約に定めのない事項は、甲乙協議して定める。")
    c.save()
    doc = ingest(path)
    assert doc.text.split("\n")[:-1] == [
        "別表第1（第5条関係）",
        "区分　内容　期限",
        "組織的措置　個人情報の取扱いに関する責任者を置き、取扱状況を記録すること　毎月末日",
        "技術的措置　端末を暗号化すること　契約締結後 直ちに",
        "第６条　この契約に定めのない事項は、甲乙協議して定める。",
    ]


@needs_font
def test_rotated_watermark_is_set_aside(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "watermark.pdf"
    font = _font()
    c = canvas.Canvas(str(path), pagesize=(A4_W, A4_H))
    c.saveState()
    c.translate(150, 250)
    c.rotate(45)
    c.setFont(font, 60)
    c.drawString(0, 0, "DRAFT")
    c.restoreState()
    c.setFont(font, SIZE)
    for k, line in enumerate(["第１条　この契約は、業務の委託について定める。", "第２条　乙は、誠実に業務を行う。"]):
        c.drawString(LEFT, TOP - k * LEADING, line)
    c.save()
    doc = ingest(path)
    assert doc.text == "第１条　この契約は、業務の委託について定める。\n第２条　乙は、誠実に業務を行う。\n"
    assert doc.meta["rotated_text"] == ["DRAFT"]


@needs_font
def test_300_pages(tmp_path):
    """A long generated PDF ingests; pages/s is printed (measured, not asserted tightly)."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "long.pdf"
    font = _font()
    c = canvas.Canvas(str(path), pagesize=(A4_W, A4_H))
    body = "乙は、甲の指示に従い、この契約に定める業務を誠実に遂行しなければならない。" * 3
    for no in range(1, 301):
        c.setFont(font, 9)
        c.drawCentredString(A4_W / 2, 30, f"{no} / 300")
        c.setFont(font, SIZE)
        y = TOP
        c.drawString(LEFT, y, f"第{no}条　業務の内容")
        for _, text in _wrap(body):
            y -= LEADING
            c.drawString(LEFT, y, text)
        c.showPage()
    c.save()
    data = path.read_bytes()
    doc = read_pdf(data, str(path))  # speed is measured by make bench, not asserted here
    assert doc.meta["pages"] == 300
    assert len(doc.meta["removed_lines"]) == 300
    heads = re.findall(r"^第(\d+)条", doc.text, flags=re.M)
    assert [int(h) for h in heads] == list(range(1, 301))
    assert doc.text.count(body) == 300
    assert doc.page_at(doc.text.index("第150条")) == 150


# ---------------------------------------------------------------------------
# real files (../shared); skipped when absent

def _real(name: str) -> Path:
    hits = sorted(REAL.glob(name)) if REAL.exists() else []
    if not hits:
        pytest.skip(f"{REAL}/{name} not available")
    return need(hits[0])


@pytest.mark.parametrize("name", ["r04_*.pdf", "r10_*.pdf", "r11_*.pdf", "r12_*.pdf", "r13_*.pdf"])
def test_real_pdfs_ingest(name):
    doc = ingest(_real(name))
    assert doc.format == "pdf" and doc.text.strip()
    assert doc.folded == fold(doc.text)
    assert doc.meta["engine"] == "pypdfium2"
    for a, b in zip(doc.spans, doc.spans[1:]):
        assert a.end <= b.start and (a.page, a.line) < (b.page, b.line)
    for s in doc.spans:
        assert 1 <= s.page <= doc.meta["pages"]
        assert "\n" not in doc.text[s.start:s.end]


def _articles(doc) -> list[int]:
    """Article numbers of article headings (第N条 followed by a caption or a space)."""
    return [int(fold(m)) for m in re.findall(r"^第\s*([0-9０-９]+)\s*条\s*[（(　]", doc.text, flags=re.M)]


def test_real_r04_articles_in_order():
    doc = ingest(_real("r04_*.pdf"))
    nums = _articles(doc)
    assert nums == list(range(1, len(nums) + 1)) and len(nums) == 15
    # the last article's sentence runs from page 2 onto page 3 and is joined
    line = _line_of(doc, "東京地方裁判所を第一審")
    assert line.endswith("とする。")
    assert doc.page_at(doc.text.index("第15条")) == 2


def test_real_r12_terms_articles():
    doc = ingest(_real("r12_*.pdf"))
    terms = doc.text[doc.text.index("申込規約\n第1条"):]
    nums = _articles(doc)
    assert nums == list(range(1, 24))
    assert terms.startswith("申込規約\n第1条（適用範囲）\n1 ")
    assert doc.page_at(doc.text.index("第23条")) == 8


def test_real_r13_running_header_and_page_numbers():
    doc = ingest(_real("r13_*.pdf"))
    removed = doc.meta["removed_lines"]
    assert sum("仕様書" in r for r in removed) >= 10
    assert [r for r in removed if r.isdigit()] == [str(n) for n in range(1, 13)]
    # the title page keeps its own title (not a running header)
    assert doc.text.startswith("e-Gov")
    # dotted-leader contents lines are never joined to each other
    toc = [ln for ln in doc.text.split("\n") if re.search(r"\.{5,}\s*\d+$", ln)]
    assert len(toc) >= 25
    assert all(len(re.findall(r"\.{5,}", ln)) == 1 for ln in toc)


def test_real_r10_confidential_marks_removed():
    doc = ingest(_real("r10_*.pdf"))
    assert "CONFIDENTIAL" in doc.meta["removed_lines"]
    assert doc.text.startswith("業務委託契約書\n")
    nums = _articles(doc)
    assert nums == list(range(1, 8))


def test_a_sentence_ending_at_the_edge_ends_an_unnumbered_paragraph():
    """A 利用規約 starts its paragraphs without numbers; when a sentence ends exactly at the right edge the
    PDF has lost the line break the TXT keeps. There the next line starts a new paragraph unless it
    goes on with the sentence (ただし、…); in a document of numbered paragraphs nothing changes."""
    from shinsa.ingest.pdf import _Line, _Page, _assemble

    def page(rows):
        lines = []
        for n, (text, width) in enumerate(rows, 1):
            lines.append(_Line(1, n, text, 85.0, 85.0 + 10.0 * width, 100.0 + 18.0 * n, 110.0 + 18.0 * n, 10.0,
                               lead_w=10.0))
        return [_Page(1, 595.0, 842.0, lines)]

    full = 42  # characters of a full line: x1 = 505
    plain = [("第1条（目的）", 7), ("当社は、本規約を定めます。", 13), ("利用者は、本規約に同意します。", 15),
             ("当社は、本サービスを提供します。", 16), ("当社は、料金を請求し、利用者はこれを支払うものとします。", full),
             ("利用者は、請求書を受理した日から30日以内に支払います。", 20),
             ("当社は、利用者データを第三者に提供してはならないものとします。", full),
             ("ただし、法令に基づく場合は、この限りでありません。", 24), ("当社は、データを保存します。", 14)]
    text = _assemble(page(plain))[0]
    assert "支払うものとします。\n利用者は、請求書" in text
    assert "ものとします。ただし、法令" in text
    numbered = [(t, w) for t, w in plain]
    numbered[2:4] = [("２　利用者は、本規約に同意します。", 16), ("３　当社は、本サービスを提供します。", 17)]
    numbered[8] = ("４　当社は、データを保存します。", 15)
    text = _assemble(page(numbered))[0]
    assert "支払うものとします。利用者は、請求書" in text  # a second sentence of a numbered paragraph
    assert "提供してはならないものとします。ただし" in text


def test_a_typed_table_row_wrapped_by_the_page_is_one_row():
    """A Markdown row too long for the page goes on a second line (「○ |」): the two are one row, so the
    table keeps its total row under the same header as in TXT and DOCX."""
    from shinsa.ingest.pdf import _Line, _Page, _assemble

    rows = [("| 区分 | 対象人数 | 紙の調査票 |", 12), ("| 第1期 | 680人 | － |", 10),
            ("| 第3期 | 保育園、学校給食センター及び消防本部 | 250人 | 令和7年10月1日～10月10日 |", 42),
            ("○ |", 2), ("| 合計 | 1,240人 | |", 10)]
    lines = [_Line(1, n, t, 85.0, 85.0 + 10.0 * w, 100.0 + 18.0 * n, 110.0 + 18.0 * n, 10.0, lead_w=10.0)
             for n, (t, w) in enumerate(rows, 1)]
    text = _assemble([_Page(1, 595.0, 842.0, lines)])[0]
    assert "10月10日 |○ |\n| 合計" in text
