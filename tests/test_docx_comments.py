"""Reviewed DOCX: one Word comment per finding on exactly the flagged text,
body text unchanged."""

import docx
import pytest
from docx.oxml.ns import qn

from shinsa.ingest import ingest
from shinsa.report.docx_comments import AUTHOR, write_reviewed
from shinsa.scan import analyze_document


def _make(path):
    d = docx.Document()
    d.add_paragraph("個人情報取扱特記事項")
    d.add_paragraph("（事故発生時の報告）")
    p = d.add_paragraph()
    for piece in ("第1条　乙は、事故が発生したときは、", "速やか", "に甲に報告", "しなければならない。"):
        r = p.add_run(piece)
        r.bold = piece == "速やか"
    d.add_paragraph("２　乙は、○○について適切に管理しなければならない。")
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "保存期間"
    t.cell(0, 1).text = "【要確認】"
    d.save(str(path))


def _anchored_texts(document):
    """Text between commentRangeStart and commentRangeEnd per comment id."""
    body = document.element.body
    out, active = {}, set()
    for el in body.iter():
        if el.tag == qn("w:commentRangeStart"):
            active.add(el.get(qn("w:id")))
        elif el.tag == qn("w:commentRangeEnd"):
            active.discard(el.get(qn("w:id")))
        elif el.tag == qn("w:t"):
            for cid in active:
                out[cid] = out.get(cid, "") + (el.text or "")
    return out


def test_one_comment_per_finding_on_exact_text(tmp_path):
    src = tmp_path / "draft.docx"
    _make(src)
    doc = ingest(src)
    result = analyze_document(doc)
    text = doc.text
    wanted = ["速やかに", "適切に", "○○", "【要確認】", "乙は、事故"]
    findings = []
    for q in wanted:
        a = text.index(q)
        findings.append(result.facts.finding("vague_wording", None, "info", a, a + len(q), f"「{q}」の指摘", "修正案"))
    result.findings = findings
    dest = tmp_path / "draft.reviewed.docx"
    assert write_reviewed(src, result, dest) == len(findings)

    reviewed = docx.Document(str(dest))
    comments = list(reviewed.comments)
    assert len(comments) == len(findings)
    assert all(c.author == AUTHOR for c in comments)
    anchored = sorted(_anchored_texts(reviewed).values())
    assert anchored == sorted(wanted)
    # body text unchanged (our reader and python-docx agree)
    assert ingest(dest).text == text
    assert [p.text for p in reviewed.paragraphs] == [p.text for p in docx.Document(str(src)).paragraphs]
    # formatting kept on the split run
    bold = [r.text for p in reviewed.paragraphs for r in p.runs if r.bold]
    assert bold == ["速やか"]


@pytest.mark.parametrize("name", ["cloud_tokki", "kojin_joho_tokki", "copied_template_keiyaku"])
def test_corpus_docx_round_trip(tmp_path, name):
    from conftest import DRAFTS

    src = DRAFTS / f"{name}.docx"
    if not src.exists():
        pytest.skip("draft not generated")
    doc = ingest(src)
    result = analyze_document(doc)
    dest = tmp_path / f"{name}.reviewed.docx"
    n = write_reviewed(src, result, dest)
    assert n == len(result.findings)
    reviewed = docx.Document(str(dest))
    assert len(list(reviewed.comments)) == len(result.findings)
    assert ingest(dest).text == doc.text
