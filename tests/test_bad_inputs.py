"""Every bad input gives status "error" with a Japanese and an English message
through the same path a batch takes (analyze_path), and never raises."""

import io
import zipfile
from pathlib import Path

import pytest

from shinsa.scan import analyze_path

FONT = Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")


def _has_both_languages(msg: str) -> bool:
    ja = any("\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff" for c in msg)
    en = sum(c.isascii() and c.isalpha() for c in msg) >= 8
    return ja and en


def _pdf(path: Path, encrypt=None, text=True):
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    c = canvas.Canvas(str(path), encrypt=encrypt)
    if text:
        if not FONT.exists():
            pytest.skip("IPAex font not installed")
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        pdfmetrics.registerFont(TTFont("IPAexG", str(FONT)))
        c.setFont("IPAexG", 11)
        c.drawString(72, 720, "第1条　乙は、個人情報を適正に管理しなければならない。")
    else:  # a scanned page: only drawn shapes, no text layer
        for k in range(20):
            c.rect(72, 700 - 20 * k, 400, 8, fill=1)
    c.showPage()
    c.save()


def _encrypted(path: Path):
    from reportlab.lib.pdfencrypt import StandardEncryption

    _pdf(path, encrypt=StandardEncryption("userpw", ownerPassword="ownerpw"))


def _broken_docx(path: Path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document")  # truncated XML
    path.write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])  # and a truncated zip


CASES = {
    "empty.txt": (lambda p: p.write_bytes(b""), "empty", "空"),
    "empty.pdf": (lambda p: p.write_bytes(b""), "empty", "空"),
    "garbage.pdf": (lambda p: p.write_bytes(bytes(range(256)) * 40), "corrupt_pdf", "PDF"),
    "locked.pdf": (_encrypted, "encrypted", "パスワード"),
    "scan.pdf": (lambda p: _pdf(p, text=False), "no_text_layer", "テキスト層がありません（スキャン画像の可能性）"),
    "broken.docx": (_broken_docx, None, "DOCX"),
    "draft.xls": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0 legacy"), "unsupported_format", "対応していない形式"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_reports_error(tmp_path, name):
    make, code, fragment = CASES[name]
    path = tmp_path / name
    make(path)
    r = analyze_path(path)
    assert r.status == "error"
    if code:
        assert r.error_code == code, r.error
    else:
        assert r.error_code not in (None, "internal"), r.error
    assert fragment in r.error
    assert _has_both_languages(r.error), r.error


def test_shift_jis_text_is_ok(tmp_path):
    p = tmp_path / "sjis.txt"
    p.write_bytes("（目的）\n第１条　この契約は、委託について定める。\n".encode("cp932"))
    r = analyze_path(p)
    assert r.status == "ok" and r.doc.meta["encoding"] == "cp932"
    assert any(c.path == "第1条" for c in r.facts.clauses)


def test_good_pdf_is_ok(tmp_path):
    p = tmp_path / "ok.pdf"
    _pdf(p)
    r = analyze_path(p)
    assert r.status == "ok", r.error
    assert "第1条" in r.doc.text
