"""Scanned PDFs (pages without a text layer) read by OCR, and every way it can fail.

The scan is made in the test: a one-page draft written with reportlab and the
IPAex font, rendered at 300 dpi and saved back by Pillow as an image-only PDF.
Tests that run Tesseract skip when it (or its jpn data) is not installed;
the failure paths use a stand-in ``tesseract`` script and always run.
"""

from __future__ import annotations

import io
import json
import os
import stat
from pathlib import Path

import pytest

from shinsa.ingest import ocr
from shinsa.scan import analyze_path

FONT = Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")

DRAFT = [
    "個人情報取扱特記事項",
    "（秘密の保持）",
    "第1条　乙は、本業務に関して知り得た個人情報を他人に知らせてはならない。",
    "２　乙は、事故が発生したときは、速やかに甲に報告しなければならない。",
    "（再委託の禁止）",
    "第2条　乙は、本業務を第三者に委託してはならない。",
    "２　乙は、再委託先に対し、次の事項を守らせなければならない。",
    "（１）　個人情報を複写しないこと。",
    "（２）　個人情報を返還すること。",
]


def _text_pdf() -> bytes:
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    if not FONT.exists():
        pytest.skip("IPAex font not installed")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("IPAexG", str(FONT)))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont("IPAexG", 11)
    for k, line in enumerate(DRAFT):
        c.drawString(72, 760 - 24 * k, line)
    c.showPage()
    c.save()
    return buf.getvalue()


def _image_pdf(pdf: bytes) -> bytes:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    img = doc[0].render(scale=300 / 72, grayscale=True).to_pil().convert("L")
    doc.close()
    out = io.BytesIO()
    img.save(out, format="PDF", resolution=300)
    return out.getvalue()


@pytest.fixture(scope="module")
def scan_pdf(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("scan") / "scan.pdf"
    path.write_bytes(_image_pdf(_text_pdf()))
    return path


@pytest.fixture(scope="module")
def tesseract():
    t = ocr.find_tesseract()
    if not t.usable:
        pytest.skip(f"Tesseract OCR not usable: {t.problem}")
    return t


@pytest.fixture(scope="module")
def scanned(scan_pdf, tesseract):
    r = analyze_path(scan_pdf)
    assert r.status == "ok", r.error
    return r


def test_fixture_has_no_text_layer(scan_pdf):
    r = analyze_path(scan_pdf, ocr=False)
    assert r.status == "error" and r.error_code == "no_text_layer"
    assert "テキスト層がありません" in r.error and "apt install" not in r.error


def test_ocr_gives_article_structure(scanned):
    paths = [c.path for c in scanned.facts.clauses]
    for p in ("第1条", "第1条第2項", "第2条", "第2条第2項", "第2条第2項第1号", "第2条第2項第2号"):
        assert p in paths, (p, paths, scanned.doc.text)
    # the label/text separator is U+3000 as in our TXT drafts, and no space is left between kanji
    text = scanned.doc.text
    assert "第1条\u3000乙は、" in text
    assert "第三者" in text and "本業務" in text


def test_ocr_is_marked_in_json(scanned):
    from shinsa.report import json_report

    data = json.loads(json_report.dumps(scanned))
    assert data["notes"] == [ocr.NOTICE]
    assert data["ocr"]["pages"] == [1]
    page = data["pages"][0]
    assert page["page"] == 1 and page["ocr"] is True
    assert 0 < page["confidence"] <= 100
    # every quote maps to a page and a line box of that page
    finding = next(f for f in scanned.findings if f.rule == "vague_wording")
    assert finding.quote == "速やかに" and finding.page == 1
    span = scanned.doc.locate(finding.start)
    x0, top, x1, bottom = page["lines"][span.line - 1]
    assert 0 <= x0 < x1 <= 595 and 0 <= top < bottom <= 842
    # the 4th line of the draft: baseline at y=688 of 842 (154 top-down), 11 pt type
    assert abs((top + bottom) / 2 - (154 - 0.4 * 11)) < 6, (top, bottom)


def test_ocr_notice_in_html(scanned):
    from shinsa.report import html_report

    assert ocr.NOTICE in html_report.render(scanned)


def test_cli_no_ocr_gives_the_old_error(scan_pdf, capsys):
    from shinsa.cli import main

    assert main(["scan", str(scan_pdf), "--no-ocr"]) == 2
    out = capsys.readouterr().out
    assert "no_text_layer" in out and "テキスト層がありません" in out


def _fake_tesseract(folder: Path, langs: str, body: str = "") -> None:
    """A stand-in ``tesseract`` on PATH: answers --list-langs/--version, then runs ``body``."""
    folder.mkdir(parents=True, exist_ok=True)
    exe = folder / "tesseract"
    exe.write_text("#!/bin/sh\n"
                   'if [ "$1" = "--list-langs" ]; then printf "List of available languages (1):\\n' + langs + '\\n"; exit 0; fi\n'
                   'if [ "$1" = "--version" ]; then echo "tesseract 0.0-fake"; exit 0; fi\n'
                   + body + "\n")
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)


def test_absent_tesseract_gives_the_install_message(scan_pdf, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    r = analyze_path(scan_pdf)
    assert r.status == "error" and r.error_code == "no_text_layer"
    assert "テキスト層がありません" in r.error
    assert "apt install tesseract-ocr tesseract-ocr-jpn" in r.error


def test_tesseract_without_japanese_gives_the_install_message(scan_pdf, tmp_path, monkeypatch):
    _fake_tesseract(tmp_path / "bin", "eng", "exit 1")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    r = analyze_path(scan_pdf)
    assert r.error_code == "no_text_layer" and "tesseract-ocr-jpn" in r.error
    assert "jpn" in r.error  # the reason: no 'jpn' language data


def test_slow_page_times_out_with_a_clear_error(scan_pdf, tmp_path, monkeypatch):
    _fake_tesseract(tmp_path / "bin", "jpn", "sleep 20")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(ocr, "PAGE_TIMEOUT_S", 1.0)
    r = analyze_path(scan_pdf)
    assert r.status == "error" and r.error_code == "ocr_timeout"
    assert "1ページ目" in r.error and "1秒以内" in r.error and "page 1" in r.error


def test_batch_with_a_scanned_pdf_completes(scan_pdf, tesseract, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    from shinsa.batch import BatchOptions, run_batch
    from shinsa.scan import collect_inputs

    src = tmp_path / "in"
    src.mkdir()
    (src / "a_scan.pdf").write_bytes(scan_pdf.read_bytes())
    (src / "b.txt").write_text("\n".join(DRAFT) + "\n", encoding="utf-8")
    (src / "c_empty.pdf").write_bytes(b"")
    out = tmp_path / "out"
    summaries, interrupted = run_batch(collect_inputs([src]), BatchOptions(out=out, jobs=2))
    assert not interrupted
    status = {s.source: s.status for s in summaries}
    assert status == {"a_scan.pdf": "ok", "b.txt": "ok", "c_empty.pdf": "error"}
    scan = next(s for s in summaries if s.source == "a_scan.pdf")
    assert scan.notes == [ocr.NOTICE] and scan.findings
    assert ocr.NOTICE in (out / "a_scan.pdf.html").read_text(encoding="utf-8")
    wb = openpyxl.load_workbook(out / "summary.xlsx")
    rows = list(wb["指摘一覧"].iter_rows(values_only=True))
    col = rows[0].index("注記")
    assert {r[col] or "" for r in rows[1:] if r[0] == "a_scan.pdf"} == {ocr.NOTICE}
    assert {r[col] or "" for r in rows[1:] if r[0] == "b.txt"} == {""}
    files = list(wb["ファイル状況"].iter_rows(values_only=True))
    assert any(r[0] == "a_scan.pdf" and r[-1] == ocr.NOTICE for r in files[1:])
    # --no-ocr is part of the cache key: the scan is not served from the OCR run's cache
    again, _ = run_batch(collect_inputs([src]), BatchOptions(out=out, jobs=1, ocr=False))
    assert {s.source: (s.status, s.cached) for s in again}["a_scan.pdf"] == ("error", False)


# --------------------------------------------------------------------------- units

def _line(text: str, x_starts: list[int], width: int = 40) -> ocr.OcrLine:
    chars = [(ch, x, 100, x + width, 140) for ch, x in zip(text, x_starts)]
    return ocr.OcrLine(x_starts[0], 100, x_starts[-1] + width, 140, chars)


def test_spaces_come_from_the_white_gaps_of_the_image():
    np = pytest.importorskip("numpy")
    # 第 1 | wide gap | 乙 は 、 | gap after 、 (narrow ink) | 甲
    text = "第1乙は、甲"
    xs = [0, 45, 130, 175, 220, 262]
    ink = [(0, 40), (48, 62), (130, 170), (175, 215), (220, 230), (262, 302)]  # 、 has little ink
    dark = np.zeros((200, 400), dtype=bool)
    for a, b in ink:
        dark[105:135, a:b] = True
    line = _line(text, xs)
    chars = ocr.line_chars([line], dark, 1.0)
    got = "".join(c[0] for c in chars)
    assert got == "第1\u3000乙は、甲"  # 68 px after 「1」 (1.7 em) is a space, 32 px after 「、」 is not
    # the characters touch: no gap left for the line builder to read as a space
    vis = [c for c in chars if c[0].strip()]
    assert all(b[1] == a[2] for a, b in zip(vis, vis[1:]) if (a[0], b[0]) != ("1", "乙"))


def test_page_numbers_misread_in_the_margin_are_dropped():
    hocr = ("<div class='ocr_page' id='page_1' title='image \"x\"; bbox 0 0 1000 1400; ppageno 0'>"
            "<span class='ocr_line' id='l1' title=\"bbox 100 500 300 540\">"
            "<span class='ocrx_word' id='w1' title='bbox 100 500 300 540; x_wconf 90'>"
            "<span class='ocrx_cinfo' title='x_bboxes 100 500 140 540; x_conf 90.0'>第</span>"
            "<span class='ocrx_cinfo' title='x_bboxes 140 500 160 540; x_conf 5.0'>乙</span>"
            "<span class='ocrx_cinfo' title='x_bboxes 160 500 170 540; x_conf 5.0'>-</span>"
            "<span class='ocrx_cinfo' title='x_bboxes 170 500 180 540; x_conf 90.0'>&amp;</span></span></span>"
            "<span class='ocr_line' id='l2' title=\"bbox 480 1350 520 1370\">"
            "<span class='ocrx_word' id='w2' title='bbox 480 1350 520 1370; x_wconf 70'>"
            "<span class='ocrx_cinfo' title='x_bboxes 480 1350 520 1370; x_conf 70.0'>-]-</span></span></span>"
            "<span class='ocr_line' id='l3' title=\"bbox 400 1350 600 1370\">"
            "<span class='ocrx_word' id='w3' title='bbox 400 1350 600 1370; x_wconf 90'>"
            "<span class='ocrx_cinfo' title='x_bboxes 400 1350 600 1370; x_conf 90.0'>東山市</span></span></span>"
            "</div>")
    lines, confs, dropped = ocr.parse_hocr(hocr)
    assert ["".join(c[0] for c in ln.chars) for ln in lines] == ["第乙&", "東山市"]
    assert dropped == ["-", "-]-"]  # a low-confidence 「乙」 stays; a speck and a page number go
    assert confs == [90.0, 90.0]
