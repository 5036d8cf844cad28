"""DOCX ingest: body walk, Word numbering, tracked changes, tables, errors, real files.

Synthetic fixtures are written as raw WordprocessingML into a ZIP built in
memory (or with python-docx) so every numbering construct is explicit.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile

import pytest

from shinsa.ingest import IngestError, ingest
from shinsa.ingest.docx import format_number, read_docx
from tests.conftest import REAL, need

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (f'xmlns:w="{W}" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:v="urn:schemas-microsoft-com:vml"')
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def make_docx(body: str, numbering: str | None = None, styles: str | None = None,
              parts: dict[str, tuple[str, str, str]] | None = None) -> bytes:
    """A minimal .docx. ``parts``: name -> (relationship type suffix, content type, xml)."""
    parts = dict(parts or {})
    if numbering is not None:
        parts["numbering.xml"] = ("numbering", f"{CT_MAIN}.numbering+xml",
                                  f"<w:numbering {NS}>{numbering}</w:numbering>")
    if styles is not None:
        parts["styles.xml"] = ("styles", f"{CT_MAIN}.styles+xml", f"<w:styles {NS}>{styles}</w:styles>")
    overrides = "".join(f'<Override PartName="/word/{n}" ContentType="{ct}"/>' for n, (_, ct, _) in parts.items())
    ct = ('<?xml version="1.0" encoding="UTF-8"?>'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          f'<Override PartName="/word/document.xml" ContentType="{CT_MAIN}.document.main+xml"/>'
          f"{overrides}</Types>")
    rels = ('<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/>'
            "</Relationships>")
    doc_rels = ('<?xml version="1.0" encoding="UTF-8"?>'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                + "".join(f'<Relationship Id="rId{i}" Type="{REL}/{rt}" Target="{n}"/>'
                          for i, (n, (rt, _, _)) in enumerate(parts.items(), start=10))
                + "</Relationships>")
    document = f'<?xml version="1.0" encoding="UTF-8"?><w:document {NS}><w:body>{body}</w:body></w:document>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", document)
        z.writestr("word/_rels/document.xml.rels", doc_rels)
        for n, (_, _, xml) in parts.items():
            z.writestr(f"word/{n}", xml)
    return buf.getvalue()


def p(text: str = "", style: str | None = None, num: tuple[int, int] | None = None, ilvl: int | None = None,
      extra: str = "") -> str:
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if num is not None:
        ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    elif ilvl is not None:
        ppr += f'<w:numPr><w:ilvl w:val="{ilvl}"/></w:numPr>'
    run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:p>{'<w:pPr>' + ppr + '</w:pPr>' if ppr else ''}{run}{extra}</w:p>"


def lvl(ilvl: int, text: str, fmt: str = "decimal", start: int = 1, suff: str | None = None,
        extra: str = "") -> str:
    s = f'<w:suff w:val="{suff}"/>' if suff else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{s}'
            f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>')


def abstract(aid: int, *levels: str, extra: str = "") -> str:
    return f'<w:abstractNum w:abstractNumId="{aid}">{extra}{"".join(levels)}</w:abstractNum>'


def num(nid: int, aid: int, overrides: str = "") -> str:
    return f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{overrides}</w:num>'


def style(sid: str, name: str, based_on: str | None = None, numpr: str = "") -> str:
    b = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    return (f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{name}"/>{b}'
            f"<w:pPr>{numpr}</w:pPr></w:style>")


def lines(doc) -> list[str]:
    return doc.text.split("\n")


# ---------------------------------------------------------------- basics


def test_paragraphs_empty_lines_and_spans():
    body = (p("業務委託契約書") + p() + p() + p() + p("第1条　本文") + p("　") + p("２　次項")
            + p() + '<w:sectPr/>')
    doc = read_docx(make_docx(body), "x.docx")
    assert doc.text == "業務委託契約書\n\n第1条　本文\n\n２　次項"
    assert doc.format == "docx" and doc.folded == "業務委託契約書\n\n第1条　本文\n\n2　次項"
    assert [s.block for s in doc.spans] == ["p1", "p5", "p7"]
    span = doc.locate(doc.text.index("本文"))
    assert span.block == "p5" and doc.text[span.start:span.end] == "第1条　本文"
    assert doc.meta["paragraphs"] == 8 and doc.meta["tables"] == 0
    assert doc.meta["numbering_used"] is False
    assert doc.page_at(0) is None  # no layout information in a generated file


def test_run_content_tab_break_sym_hyphen_hidden_ruby():
    runs = ('<w:r><w:t>第1条</w:t><w:tab/><w:tab/><w:t>甲は</w:t></w:r>'
            '<w:r><w:br/><w:t>乙に</w:t><w:noBreakHyphen/><w:t>通知</w:t></w:r>'
            '<w:r><w:rPr><w:vanish/></w:rPr><w:t>隠し文字</w:t></w:r>'
            '<w:r><w:sym w:font="Wingdings" w:char="F06C"/></w:r>'
            '<w:r><w:softHyphen/><w:t>する。</w:t><w:br/></w:r>'
            '<w:r><w:ruby><w:rt><w:r><w:t>かし</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>瑕疵</w:t></w:r>'
            '</w:rubyBase></w:ruby></w:r>')
    doc = read_docx(make_docx(f"<w:p>{runs}</w:p>"), "x.docx")
    assert doc.text == "第1条　甲は\n乙に-通知●する。\n瑕疵"
    assert "隠し文字" not in doc.text and "かし" not in doc.text


def test_trailing_break_is_dropped_and_page_break_is_not_text():
    body = ('<w:p><w:r><w:t>前の段落。</w:t><w:br/></w:r></w:p>'
            '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
            '<w:p><w:r><w:lastRenderedPageBreak/><w:t>次の頁</w:t></w:r></w:p>')
    doc = read_docx(make_docx(body), "x.docx")
    assert doc.text == "前の段落。\n\n次の頁"  # the page-break paragraph is an empty line
    # Word laid this file out: approximate pages from lastRenderedPageBreak (explicit break not double-counted)
    assert doc.page_at(0) == 1 and doc.page_at(doc.text.index("次")) == 2
    assert doc.meta["pages"] == 2 and doc.meta["page_approximate"] is True


def test_fields_keep_result_drop_instruction_and_seal_eq():
    body = ('<w:p><w:r><w:t>第</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText> SEQ 条 \\* ARABIC </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>条</w:t></w:r></w:p>'
            '<w:p><w:r><w:t>代表者</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> </w:instrText></w:r><w:r><w:instrText>eq \\o\\ac(</w:instrText></w:r>'
            '<w:r><w:instrText>○</w:instrText></w:r><w:r><w:instrText>,</w:instrText></w:r>'
            '<w:r><w:instrText>印</w:instrText></w:r><w:r><w:instrText>)</w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
            '<w:p><w:fldSimple w:instr=" PAGE "><w:r><w:t>7</w:t></w:r></w:fldSimple></w:p>')
    body += ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>EQ \\o(□,秘)</w:instrText>'
             '</w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
             '<w:r><w:instrText>eq \\o\\ac(○,秘)</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/>'
             '</w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>eq \\f(1,2)</w:instrText>'
             '</w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    doc = read_docx(make_docx(body), "x.docx")
    assert lines(doc) == ["第3条", "代表者㊞", "7", "秘㊙"]
    assert "SEQ" not in doc.text and "eq" not in doc.text


def test_tracked_changes_accepted():
    body = ('<w:p><w:r><w:t>甲は</w:t></w:r>'
            '<w:ins w:id="1" w:author="a"><w:r><w:t>速やかに</w:t></w:r></w:ins>'
            '<w:del w:id="2" w:author="a"><w:r><w:delText>遅滞なく</w:delText></w:r></w:del>'
            '<w:moveFrom w:id="3" w:author="a"><w:r><w:t>旧位置</w:t></w:r></w:moveFrom>'
            '<w:moveTo w:id="4" w:author="a"><w:r><w:t>新位置</w:t></w:r></w:moveTo>'
            '<w:r><w:t>通知する。</w:t></w:r></w:p>'
            '<w:p><w:pPr><w:rPr><w:del w:id="5" w:author="a"/></w:rPr></w:pPr>'
            '<w:del w:id="6" w:author="a"><w:r><w:delText>削除された段落</w:delText></w:r></w:del></w:p>'
            + p("残る段落"))
    doc = read_docx(make_docx(body), "x.docx")
    assert lines(doc) == ["甲は速やかに新位置通知する。", "残る段落"]
    assert doc.meta["tracked_changes"] is True


def test_header_footer_footnote_excluded(tmp_path):
    import docx

    d = docx.Document()
    sec = d.sections[0]
    sec.header.paragraphs[0].text = "ヘッダー秘"
    sec.footer.paragraphs[0].text = "フッター頁"
    d.add_paragraph("第1条　本文である。")
    path = tmp_path / "hf.docx"
    d.save(path)
    doc = ingest(path)
    assert doc.text == "第1条　本文である。"
    # a footnotes part with a reference mark in the body
    foot = (f'<w:footnotes {NS}><w:footnote w:id="1"><w:p><w:r><w:t>脚注の本文</w:t></w:r></w:p>'
            "</w:footnote></w:footnotes>")
    body = ('<w:p><w:r><w:t>本文</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r>'
            '<w:r><w:t>続き</w:t></w:r><w:commentRangeStart w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>')
    data = make_docx(body, parts={"footnotes.xml": ("footnotes", f"{CT_MAIN}.footnotes+xml", foot)})
    assert read_docx(data, "f.docx").text == "本文続き"


def test_text_box_included_once_after_paragraph():
    box = ('<w:txbxContent><w:p><w:r><w:t>収入印紙</w:t></w:r></w:p></w:txbxContent>')
    drawing = ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>'
               f'<a:graphicData><wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></a:graphicData></a:graphic>'
               '</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>'
               f'{box}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')
    body = f'<w:p><w:r><w:t>契約書</w:t></w:r>{drawing}</w:p>' + p("本文")
    doc = read_docx(make_docx(body), "x.docx")
    assert lines(doc) == ["契約書", "収入印紙", "本文"]
    assert doc.locate(doc.text.index("収入")).block == "p1/txbx"


# ---------------------------------------------------------------- numbering


ARTICLE_STYLES = (
    '<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>'
    + style("1", "heading 1", "a", '<w:numPr><w:numId w:val="1"/></w:numPr>')
    + style("Art", "条見出し", "1")  # inherits numbering through basedOn
    + style("NoNum", "番号なし", "1", '<w:numPr><w:numId w:val="0"/></w:numPr>')
)


def test_numbering_through_style_basedon_and_direct_numid0():
    numbering = (abstract(0, lvl(0, "第%1条", suff="space", extra='<w:pStyle w:val="1"/>'),
                          lvl(1, "%2", "decimalFullWidth"))
                 + num(1, 0))
    body = (p("（目的）", style="1") + p("本文") + p("（定義）", style="Art")
            + p("（番号なし）", style="NoNum")
            + '<w:p><w:pPr><w:pStyle w:val="1"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr>'
              '<w:r><w:t>（直接解除）</w:t></w:r></w:p>'
            + p("（期間）", style="1") + p("項", style="1", ilvl=1) + p("項", style="1", ilvl=1))
    doc = read_docx(make_docx(body, numbering, ARTICLE_STYLES), "x.docx")
    assert lines(doc) == ["第1条 （目的）", "本文", "第2条 （定義）", "（番号なし）", "（直接解除）",
                          "第3条 （期間）", "１　項", "２　項"]
    assert doc.meta["numbering_used"] is True and doc.meta["numbered_paragraphs"] == 5


def test_style_numid_without_ilvl_uses_level_linked_to_style():
    numbering = (abstract(0, lvl(0, "第%1章", extra='<w:pStyle w:val="Ch"/>'),
                          lvl(1, "第%2条", extra='<w:pStyle w:val="Art"/>'))
                 + num(1, 0))
    styles = (style("Ch", "章", numpr='<w:numPr><w:numId w:val="1"/></w:numPr>')
              + style("Art", "条", numpr='<w:numPr><w:numId w:val="1"/></w:numPr>'))
    body = p("総則", "Ch") + p("（目的）", "Art") + p("（定義）", "Art") + p("契約", "Ch") + p("（成立）", "Art")
    doc = read_docx(make_docx(body, numbering, styles), "x.docx")
    # second-level lvlText 第%2条 references only its own level: articles restart per chapter here
    assert lines(doc) == ["第1章　総則", "第1条　（目的）", "第2条　（定義）", "第2章　契約", "第1条　（成立）"]


def test_start_values_start_override_and_shared_abstract_continues():
    numbering = (abstract(0, lvl(0, "%1.", start=3)) + abstract(1, lvl(0, "(%1)"))
                 + num(1, 0) + num(2, 0)
                 + num(3, 0, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>')
                 + num(4, 1) + num(5, 1, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride>'))
    body = (p("a", num=(1, 0)) + p("b", num=(1, 0)) + p("c", num=(2, 0))  # same abstract: continues
            + p("d", num=(3, 0)) + p("e", num=(3, 0)) + p("f", num=(2, 0))  # override restarts, then shared
            + p("g", num=(4, 0)) + p("h", num=(5, 0)) + p("i", num=(5, 0)))
    doc = read_docx(make_docx(body, numbering), "x.docx")
    assert lines(doc) == ["3.　a", "4.　b", "5.　c", "1.　d", "2.　e", "3.　f", "(1)　g", "(5)　h", "(6)　i"]


def test_multilevel_restart_and_lvlrestart_zero():
    numbering = (abstract(0, lvl(0, "第%1条"), lvl(1, "%2", "decimalFullWidth"), lvl(2, "（%3）"))
                 + abstract(1, lvl(0, "%1."), lvl(1, "(%2)", extra='<w:lvlRestart w:val="0"/>'))
                 + num(1, 0) + num(2, 1))
    body = (p("x", num=(1, 0)) + p("y", num=(1, 1)) + p("z", num=(1, 2)) + p("z", num=(1, 2))
            + p("y", num=(1, 1)) + p("z", num=(1, 2)) + p("x", num=(1, 0)) + p("y", num=(1, 1))
            + p("m", num=(2, 0)) + p("n", num=(2, 1)) + p("m", num=(2, 0)) + p("n", num=(2, 1)))
    doc = read_docx(make_docx(body, numbering), "x.docx")
    assert lines(doc) == ["第1条　x", "１　y", "（1）　z", "（2）　z", "２　y", "（1）　z", "第2条　x", "１　y",
                          "1.　m", "(1)　n", "2.　m", "(2)　n"]


def test_lvl_restart_only_after_named_level():
    # level 3 restarts only when level 1 (1-based) is used, not when level 2 is
    numbering = (abstract(0, lvl(0, "第%1条"), lvl(1, "%2", "decimalFullWidth"),
                          lvl(2, "（%3）", extra='<w:lvlRestart w:val="1"/>'))
                 + num(1, 0))
    body = (p("a", num=(1, 0)) + p("b", num=(1, 2)) + p("c", num=(1, 1)) + p("d", num=(1, 2))
            + p("e", num=(1, 0)) + p("f", num=(1, 2)))
    doc = read_docx(make_docx(body, numbering), "x.docx")
    assert lines(doc) == ["第1条　a", "（1）　b", "１　c", "（2）　d", "第2条　e", "（1）　f"]


def test_content_controls_and_strict_namespace():
    numbering = abstract(0, lvl(0, "第%1条")) + num(1, 0)
    body = (p("前文")
            + '<w:sdt><w:sdtPr/><w:sdtContent>' + p("（目的）", num=(1, 0)) + "</w:sdtContent></w:sdt>"
            + '<w:p><w:sdt><w:sdtContent><w:r><w:t>入力欄</w:t></w:r></w:sdtContent></w:sdt></w:p>'
            + "<w:tbl><w:tr><w:sdt><w:sdtContent><w:tc>" + p("セル") + "</w:tc></w:sdtContent></w:sdt>"
            + "</w:tr></w:tbl>" + p("（定義）", num=(1, 0)))
    data = make_docx(body, numbering)
    doc = read_docx(data, "x.docx")
    assert lines(doc) == ["前文", "第1条　（目的）", "入力欄", "セル", "第2条　（定義）"]
    assert [s.block for s in doc.spans] == ["p1", "p2", "p3", "t1/r1/c1", "p4"]
    # the same document in Strict Open XML namespaces reads the same
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            raw = src.read(info).replace(W.encode(), b"http://purl.oclc.org/ooxml/wordprocessingml/main")
            raw = raw.replace(REL.encode(), b"http://purl.oclc.org/ooxml/officeDocument/relationships")
            dst.writestr(info, raw)
    assert read_docx(buf.getvalue(), "strict.docx").text == doc.text


def test_formats_and_suffixes_in_a_document():
    numbering = (abstract(0, lvl(0, "%1", "japaneseCounting", suff="nothing"),
                          lvl(1, "%2", "aiueoFullWidth", suff="space"),
                          lvl(2, "%3", "irohaFullWidth"),
                          lvl(3, "%4", "decimalEnclosedCircle", suff="nothing"))
                 + abstract(1, lvl(0, "%1.", "upperRoman"), lvl(1, "%1.%2", "lowerRoman",
                                                                extra="<w:isLgl/>"))
                 + num(1, 0) + num(2, 1))
    body = (p("　号", num=(1, 0)) + p("細目", num=(1, 1)) + p("細目", num=(1, 1)) + p("細々目", num=(1, 2))
            + p("丸", num=(1, 3)) + p("丸", num=(1, 3)) + p("　次号", num=(1, 0)) + p("細目", num=(1, 1))
            + p("節", num=(2, 0)) + p("項", num=(2, 1)) + p("項", num=(2, 1)))
    doc = read_docx(make_docx(body, numbering), "x.docx")
    assert lines(doc) == ["一　号", "ア 細目", "イ 細目", "イ　細々目", "①丸", "②丸", "二　次号", "ア 細目",
                          "I.　節", "1.1　項", "1.2　項"]  # isLgl: every number arabic


@pytest.mark.parametrize("n,fmt,expected", [
    (1, "japaneseCounting", "一"), (10, "japaneseCounting", "十"), (11, "japaneseCounting", "十一"),
    (20, "japaneseCounting", "二十"), (105, "japaneseCounting", "百五"), (3, "aiueoFullWidth", "ウ"),
    (47, "aiueoFullWidth", "ア"), (3, "irohaFullWidth", "ハ"), (2, "iroha", "ﾛ"), (2, "aiueo", "ｲ"),
    (12, "decimalFullWidth", "１２"), (3, "decimalEnclosedCircle", "③"), (21, "decimalEnclosedCircle", "㉑"),
    (2, "decimalEnclosedParen", "⑵"), (4, "lowerRoman", "iv"), (9, "upperRoman", "IX"),
    (27, "lowerLetter", "aa"), (3, "upperLetter", "C"), (2, "ideographTraditional", "乙"),
    (5, "none", ""), (7, "decimalZero", "07"), (3, "japaneseLegal", "参"),
])
def test_format_number(n, fmt, expected):
    assert format_number(n, fmt) == expected


def test_num_style_link_and_bullets():
    numbering = (abstract(0, lvl(0, "第%1条"), extra='<w:styleLink w:val="ListArt"/>')
                 + abstract(1, extra='<w:numStyleLink w:val="ListArt"/>')
                 + abstract(2, '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
                               '<w:lvlText w:val="\uf0b7"/><w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/>'
                               '</w:rPr></w:lvl>',
                            '<w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/><w:lvlText w:val="・"/></w:lvl>')
                 + num(1, 0) + num(2, 1) + num(3, 2))
    styles = ('<w:style w:type="numbering" w:styleId="ListArt"><w:name w:val="List Art"/>'
              '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>')
    body = (p("（目的）", num=(2, 0)) + p("（定義）", num=(2, 0)) + p("箇条", num=(3, 0))
            + p("箇条", num=(3, 1)) + p("（期間）", num=(1, 0)))
    doc = read_docx(make_docx(body, numbering, styles), "x.docx")
    # numStyleLink shares the counters of the abstractNum carrying the styleLink
    assert lines(doc) == ["第1条　（目的）", "第2条　（定義）", "•　箇条", "・　箇条", "第3条　（期間）"]


def test_lvl_override_with_its_own_level_definition():
    numbering = (abstract(0, lvl(0, "%1."))
                 + num(1, 0) + num(2, 0, '<w:lvlOverride w:ilvl="0">'
                                         + lvl(0, "第%1", "decimalFullWidth", start=1) + "</w:lvlOverride>"))
    body = p("a", num=(1, 0)) + p("b", num=(2, 0)) + p("c", num=(2, 0))
    assert lines(read_docx(make_docx(body, numbering), "x.docx")) == ["1.　a", "第１　b", "第２　c"]
    # an override level carrying only a start refines the abstract level; no lvlText shows nothing
    numbering = (abstract(0, lvl(0, "(%1)", "aiueoFullWidth"), '<w:lvl w:ilvl="1"><w:start w:val="1"/></w:lvl>')
                 + num(1, 0, '<w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:start w:val="3"/></w:lvl>'
                             "</w:lvlOverride>"))
    body = p("a", num=(1, 0)) + p("b", num=(1, 1)) + p("c", num=(1, 0))
    assert lines(read_docx(make_docx(body, numbering), "x.docx")) == ["(ウ)　a", "b", "(エ)　c"]


# ---------------------------------------------------------------- tables


def test_table_rows_cells_merges_nested(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("別表第1（第5条関係）")
    t = d.add_table(rows=3, cols=3)
    for r in range(3):
        for c in range(3):
            t.cell(r, c).text = f"R{r + 1}C{c + 1}"
    t.cell(0, 0).merge(t.cell(0, 1))  # gridSpan
    t.cell(1, 2).merge(t.cell(2, 2))  # vMerge
    t.cell(0, 0).text = "区分"
    t.cell(1, 2).text = "縦結合"
    inner = t.cell(2, 0).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "入れ子A"
    inner.cell(0, 1).text = "入れ子B"
    d.add_paragraph("以上")
    path = tmp_path / "t.docx"
    d.save(path)
    doc = ingest(path)
    assert lines(doc) == ["別表第1（第5条関係）", "区分　R1C3", "R2C1　R2C2　縦結合",
                          "R3C1　入れ子A　入れ子B　R3C2", "以上"]
    assert doc.text.count("縦結合") == 1 and doc.text.count("区分") == 1
    assert doc.meta["tables"] == 1
    blocks = [(doc.text[s.start:s.end], s.block) for s in doc.spans]
    assert ("区分", "t1/r1/c1") in blocks and ("R1C3", "t1/r1/c2") in blocks
    assert ("縦結合", "t1/r2/c3") in blocks and ("R3C2", "t1/r3/c2") in blocks
    assert blocks[-1] == ("以上", "p2")


def test_table_cell_paragraphs_join_and_numbering_in_cells():
    numbering = abstract(0, lvl(0, "%1")) + num(1, 0)
    cell = ("<w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>"
            + p("甲") + p("(委託者)") + "</w:tc>")
    row1 = f"<w:tr>{cell}<w:tc>{p('Tokyo')}{p('Japan')}</w:tc><w:tc>{p('項目', num=(1, 0))}</w:tc></w:tr>"
    row2 = ("<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr>" + p() + "</w:tc>"
            f"<w:tc>{p('住所')}</w:tc><w:tc>{p('項目', num=(1, 0))}</w:tc></w:tr>")
    row3 = f"<w:tr><w:trPr><w:del w:id=\"1\" w:author=\"a\"/></w:trPr><w:tc>{p('削除行')}</w:tc></w:tr>"
    doc = read_docx(make_docx(f"<w:tbl>{row1}{row2}{row3}</w:tbl>", numbering), "x.docx")
    assert lines(doc) == ["甲(委託者)　Tokyo Japan　1　項目", "住所　2　項目"]
    assert doc.locate(doc.text.index("住所")).block == "t1/r2/c2"


# ---------------------------------------------------------------- errors


def _ole(names: list[str]) -> bytes:
    """A minimal OLE compound file (512-byte sectors) whose directory holds ``names``."""
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 0x2C, 1)  # one FAT sector
    struct.pack_into("<i", header, 0x30, 1)  # directory starts at sector 1
    struct.pack_into("<I", header, 0x38, 4096)
    struct.pack_into("<iIiI", header, 0x3C, -2, 0, -2, 0)
    difat = [0] + [-1] * 108
    struct.pack_into("<109i", header, 0x4C, *difat)
    fat = bytearray(512)
    struct.pack_into("<128i", fat, 0, -3, -2, *([-1] * 126))
    directory = bytearray(512)
    for i, name in enumerate(["Root Entry"] + names[:3]):
        raw = (name + "\0").encode("utf-16-le")
        off = i * 128
        directory[off:off + len(raw)] = raw
        struct.pack_into("<H", directory, off + 0x40, len(raw))
        directory[off + 0x42] = 5 if i == 0 else 2
    return bytes(header + fat + directory)


def _raises(data: bytes, code: str) -> IngestError:
    with pytest.raises(IngestError) as exc:
        read_docx(data, "bad.docx")
    e = exc.value
    assert e.code == code, (e.code, e.en)
    assert e.ja.strip() and e.en.strip()
    return e


def test_error_not_a_zip_and_truncated_zip():
    e = _raises(b"this is plain text, not a docx", "corrupt_docx")
    assert e.ja.startswith("DOCXファイルが壊れています")
    good = make_docx(p("本文"))
    _raises(good[: len(good) // 2], "corrupt_docx")


def test_error_zip_without_document():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "こんにちは")
    _raises(buf.getvalue(), "not_docx")


def _retype(data: bytes, old: str, new: str, rename: tuple[str, str] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            raw = src.read(info)
            if info.filename in ("[Content_Types].xml", "_rels/.rels"):
                raw = raw.replace(old.encode(), new.encode())
                if rename:
                    raw = raw.replace(rename[0].encode(), rename[1].encode())
            name = rename[1] if rename and info.filename == rename[0] else info.filename
            dst.writestr(name, raw)
    return buf.getvalue()


def test_macro_enabled_docm_reads_and_spreadsheet_is_rejected():
    data = make_docx(p("本文"))
    docm = _retype(data, f"{CT_MAIN}.document.main+xml", "application/vnd.ms-word.document.macroEnabled.main+xml")
    assert read_docx(docm, "x.docm").text == "本文"
    xlsx = _retype(data, f"{CT_MAIN}.document.main+xml",
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                   rename=("word/document.xml", "xl/workbook.xml"))
    e = _raises(xlsx, "not_docx")
    assert "Excel" in e.ja


def test_error_broken_xml():
    data = make_docx(p("本文"))
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "word/document.xml":
                body = body[:-40]
            dst.writestr(info, body)
    _raises(buf.getvalue(), "corrupt_docx")


def test_error_encrypted_ole():
    e = _raises(_ole(["EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"]), "encrypted")
    assert e.ja == "パスワード保護（暗号化）されたファイルは読み込めません。" + e.ja.split("。", 1)[1]
    assert e.ja.startswith("パスワード保護（暗号化）されたファイルは読み込めません。")


def test_error_legacy_doc_and_unknown_ole():
    e = _raises(_ole(["WordDocument", "1Table", "\x05SummaryInformation"]), "legacy_doc")
    assert ".doc" in e.ja
    _raises(_ole(["Something"]), "encrypted_or_doc")
    # directory unreadable: the stream names are still recognised
    broken = bytearray(_ole(["EncryptedPackage"]))
    struct.pack_into("<H", broken, 0x1E, 3)
    _raises(bytes(broken), "encrypted")


def test_error_no_text():
    _raises(make_docx(p() + p("　") + "<w:tbl><w:tr><w:tc>" + p() + "</w:tc></w:tr></w:tbl>"), "no_text")


def test_error_through_ingest(tmp_path):
    path = tmp_path / "enc.docx"
    path.write_bytes(_ole(["EncryptionInfo", "EncryptedPackage"]))
    with pytest.raises(IngestError) as exc:
        ingest(path)
    assert exc.value.code == "encrypted"


# ---------------------------------------------------------------- speed


def test_large_document():
    numbering = abstract(0, lvl(0, "第%1条"), lvl(1, "%2", "decimalFullWidth")) + num(1, 0)
    para = "甲は、乙に対し、本契約に基づく業務の遂行に必要な資料を速やかに提供するものとし、乙はこれを善良な管理者の注意をもって管理する。"
    body = "".join(p("（見出し）", num=(1, 0)) + p(para, num=(1, 1)) * 3 for _ in range(320))
    data = make_docx(body, numbering)
    doc = read_docx(data, "big.docx")  # speed is measured by make bench, not asserted here
    assert len(doc.text) > 60_000  # ~57 A4 pages of dense Japanese text (about 1,100 characters a page)
    assert "第320条　（見出し）" in doc.text


# ---------------------------------------------------------------- real files

ARTICLE_AT_LINE_START = re.compile(r"^第(\d+)条", re.MULTILINE)


def _real(prefix: str):
    need(REAL)
    found = sorted(REAL.glob(prefix + "*"))
    if not found:
        pytest.skip(f"{prefix} not in {REAL}")
    return found[0]


def test_real_docx_all_ingest():
    need(REAL)
    files = sorted(REAL.glob("r0*.docx"))
    assert files
    for f in files:
        doc = ingest(f)
        assert doc.format == "docx" and len(doc.text) > 500, f.name
        assert len(doc.folded) == len(doc.text)
        assert "\n\n\n" not in doc.text
        starts = [s.start for s in doc.spans]
        assert starts == sorted(starts)
        assert all(s.block and re.fullmatch(r"p\d+(/txbx)?|t\d+/r\d+/c\d+", s.block) for s in doc.spans)


@pytest.mark.parametrize("prefix,count", [("r01", 16), ("r02", 10)])
def test_real_auto_numbered_articles(prefix, count):
    doc = ingest(_real(prefix))
    labels = [int(n) for n in ARTICLE_AT_LINE_START.findall(doc.text)]
    assert labels == list(range(1, count + 1))
    assert doc.meta["numbering_used"] is True


def test_real_r01_details():
    doc = ingest(_real("r01"))
    assert "第1条　(契約の目的)" in doc.text
    assert "eq" not in doc.text.lower() and "㊞" in doc.text  # EQ seal field
    m = re.search(r"^第2条.*\n(.*)\n(.*)\n(.*)\n第3条", doc.text, re.MULTILINE)
    assert m and [x[:2] for x in m.groups()] == ["1.", "2.", "3."]
    # items (%2) under a paragraph list restart at (1)
    assert re.search(r"^\(1\)　本契約もしくは個別契約に違反し", doc.text, re.MULTILINE)
    assert re.search(r"^\(10\)　", doc.text, re.MULTILINE)


def test_real_r03_labels_match_word_pdf_export():
    pdfplumber = pytest.importorskip("pdfplumber")
    docx_path, pdf_path = _real("r03"), _real("r04")
    doc = ingest(docx_path)
    label = re.compile(r"^(\d+)\.\s*(\S{1,6})")
    ours = [m.groups() for m in map(label.match, doc.text.split("\n")) if m]
    with pdfplumber.open(pdf_path) as pdf:
        pdf_lines = [ln for page in pdf.pages for ln in (page.extract_text() or "").split("\n")]
    word = [m.groups() for m in map(label.match, pdf_lines) if m]
    assert len(ours) == 27
    assert ours == word
    # numbering restarts per article (new list per article, one list starts at 2 like Word shows)
    assert [int(n) for n, _ in ours][:12] == [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 1, 2]
