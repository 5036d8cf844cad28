import pytest

from shinsa.ingest import IngestError, ingest
from shinsa.textnorm import fold

SAMPLE = "（目的）\n第１条　この契約は、業務の委託について定める。\n２　乙は、速やかに報告する。\n"


def test_utf8_with_bom_and_crlf(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(b"\xef\xbb\xbf" + SAMPLE.replace("\n", "\r\n").encode("utf-8"))
    doc = ingest(p)
    assert doc.text == SAMPLE
    assert doc.meta["encoding"] == "utf-8"
    assert doc.folded.startswith("(目的)\n第1条")


def test_shift_jis_detected(tmp_path):
    p = tmp_path / "sjis.txt"
    p.write_bytes((SAMPLE + "①㈱").encode("cp932"))
    doc = ingest(p)
    assert doc.text == SAMPLE + "①㈱"
    assert doc.meta["encoding"] == "cp932"


def test_line_source_map(tmp_path):
    p = tmp_path / "a.md"
    p.write_text(SAMPLE, encoding="utf-8")
    doc = ingest(p)
    off = doc.text.index("速やか")
    assert doc.locate(off).line == 3
    assert doc.format == "md"


@pytest.mark.parametrize("name,data,code", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\n", "empty"),
    ("garbage.txt", bytes(range(256)) * 8, "bad_encoding"),
    ("draft.xls", "本文".encode(), "unsupported_format"),
])
def test_bad_text_inputs(tmp_path, name, data, code):
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(IngestError) as e:
        ingest(p)
    assert e.value.code == code
    assert e.value.ja and e.value.en


def test_locate_never_uses_another_documents_spans():
    """Regression: span starts were cached by id(spans); a freed document's id could be reused by a new one
    with the same number of spans, giving wrong pages (seen as flipped PDF page numbers in a batch)."""
    from shinsa.model import Document, SourceSpan

    text = "あ" * 100
    for i in range(200):
        early = i % 2 == 0  # alternate a page break at 10 and at 90
        cut = 10 if early else 90
        spans = (SourceSpan(0, cut, page=1), SourceSpan(cut + 1, 100, page=2))
        doc = Document("x.pdf", "pdf", text, text, spans)
        assert doc.page_at(50) == (2 if early else 1)
        del doc, spans


@pytest.mark.parametrize("line, want", [
    ("第２条 この特記仕様書において", "第２条\u3000この特記仕様書において"),
    ("2 乙は、報告する。", "2\u3000乙は、報告する。"),
    ("（１）\t移行対象データ", "（１）\u3000移行対象データ"),
    ("第3条の2 甲は", "第3条の2\u3000甲は"),
    ("ロ 消防用設備", "ロ\u3000消防用設備"),
    ("ISO 27001 の認証", "ISO 27001 の認証"),        # not a label
    ("乙は、第2条 に定める", "乙は、第2条 に定める"),  # not at a line start
    ("第1条\u3000乙は", "第1条\u3000乙は"),            # already the convention
    ("200 OK\u3000正常時", "200 OK\u3000正常時"),        # a status code in a table, not a paragraph
])
def test_label_separator_normalised(line, want):
    """issue 13: 「第2条 この…」 (half-width space, as PDFs and Word set it) lost the definitions
    list of 第2条 (every term reported as unused); every reader now gives the TXT convention."""
    from shinsa.ingest.labels import label_separators

    assert label_separators(line) == want
    assert len(label_separators(line)) == len(line)


def test_ingest_normalises_label_separators(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("契約書\n\n第1条 乙は、報告する。\n2 甲は、確認する。\n", encoding="utf-8")
    doc = ingest(p)
    assert "第1条\u3000乙は" in doc.text and "\n2\u3000甲は" in doc.text
    assert doc.folded == fold(doc.text)


@pytest.mark.parametrize("text, cut", [
    ("CONFIDENTIAL\n\n契約書\n", len("CONFIDENTIAL\n\n")),
    ("\n社外秘\n（案）\n契約書\n", len("\n社外秘\n（案）\n")),
    ("契約書\nCONFIDENTIAL\n", 0),                 # below the title: not a leading mark
    ("CONFIDENTIAL INFORMATION POLICY\n", 0),      # a title that starts with the word
    ("秘密保持契約書\n", 0),
])
def test_leading_marks(text, cut):
    from shinsa.ingest.labels import leading_marks

    assert leading_marks(text) == cut
