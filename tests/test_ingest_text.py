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


#: a contract copied from a PDF into a text file: every line broken at the same width
WRAPPED = ("業務委託契約書\n\n委託者（以下「甲」という）\n住所：東山市本町1-2\n会社名：株式会社みなと\n\n第1条（目的）\n"
           "本契約は、甲が乙に対して業務を委託するにあたり、双方の権利・義務・責任範囲を明確にし、適正\n"
           "かつ円滑な業務遂行を目的として締結する。\n\n第2条（損害賠償）\n"
           "1. 乙の故意または過失により甲に損害が生じた場合、乙はこれを賠償するものとします。損害賠\n"
           "償の額は、当該損害が発生した業務に関して甲が乙に支払った報酬総額を上限とします。ただ\n"
           "し、乙の故意または重大な過失による場合はこの限りではありません。甲および乙は誠意をもって協\n"
           "議し、解決を図るものとします。協議によっても解決しない場合、甲の所在地を管轄する地方裁判所\n"
           "を第一審の専属管轄裁判所とします。本契約に定めのない事項は、甲乙が誠実に協議のうえ定める\n"
           "ものとします。なお、本契約の有効期間は、締結日から6か月間とし、期間満了の1か月前までに\n"
           "2. 甲乙いずれかから書面による申出がないときは、同一条件で更新するものとし、以後も同様とする。\n")


def test_hard_wrapped_text_is_joined_short_lines_stay(tmp_path):
    """Words broken by the wrap (「協\\n議」) are joined, so the sentence reads whole; the short
    lines above the articles, lines ending a sentence and a line before a label stay lines."""
    p = tmp_path / "wrapped.txt"
    p.write_text(WRAPPED, encoding="utf-8")
    doc = ingest(p)
    lines = doc.text.splitlines()
    assert "住所：東山市本町1-2" in lines and "会社名：株式会社みなと" in lines
    assert "本契約は、甲が乙に対して業務を委託するにあたり、双方の権利・義務・責任範囲を明確にし、適正かつ円滑な業務遂行を目的として締結する。" in lines
    assert "協議によっても解決しない" in doc.text and "支払った報酬総額を上限" in doc.text
    assert any(ln.startswith("2. 甲乙いずれかから") for ln in lines)  # a label opens a line
    assert doc.meta["joined_wrapped_lines"] == 6 and doc.meta["wrap_width"] > 40
    # every offset still locates its source line
    src = WRAPPED.split("\n")
    for sp in doc.spans:
        assert doc.text[sp.start:sp.end] == src[sp.line - 1].rstrip(" \t")
    assert doc.locate(doc.text.index("議によっても")).line == src.index(next(s for s in src if s.startswith("議し"))) + 1


def test_text_typed_one_paragraph_per_line_is_not_unwrapped(tmp_path):
    """The TXT convention (one paragraph per line): the text is the file, whatever the lengths."""
    src = WRAPPED.split("\n")
    plain = "\n".join(src[:7] + [src[7] + src[8]] + src[9:11] + ["".join(src[11:17]), src[17], ""])
    p = tmp_path / "plain.txt"
    p.write_text(plain, encoding="utf-8")
    doc = ingest(p)
    assert doc.text == plain and "wrap_width" not in doc.meta
    assert [doc.text[sp.start:sp.end] for sp in doc.spans] == plain.split("\n")
