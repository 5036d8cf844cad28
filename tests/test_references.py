"""References analysis: resolution against the clause tree, external references."""

from __future__ import annotations

import pytest
from conftest import LAWS, need

from shinsa.facts import build_facts
from shinsa.model import Document
from shinsa.textnorm import fold

TEXT = """業務委託契約書

（目的）
第1条　甲は、本業務を乙に委託する。
２　前項の委託は、次の各号による。
（１）仕様書によるもの
（２）前号に準ずるもの
（３）前各号に掲げるもののほか、甲が定めるもの
（再委託）
第2条　乙は、前条第2項第1号の規定にかかわらず、個人情報の保護に関する法律（平成15年法律第57号）第66条第2項及び同法第2条に従う。
２　第1条第2項及び第3項の規定は、この条に準用する。別表第1に定める。別表第3に定める。第12条第4項による。同条第2項による。
別表第1（第2条関係）
場所　東山市
"""


@pytest.fixture(scope="module")
def refs():
    f = build_facts(Document(source="t.txt", format="txt", text=TEXT, folded=fold(TEXT)))
    return {(r.text, r.clause): r for r in f.references}


def test_relative_references(refs):
    assert refs[("前項", "第1条第2項")].target_path == "第1条第1項"
    assert refs[("前号", "第1条第2項第2号")].target_path == "第1条第2項第1号"
    assert refs[("前各号", "第1条第2項第3号")].target_path is not None
    assert refs[("前条第2項第1号", "第2条第1項")].target_path == "第1条第2項第1号"


def test_external_not_resolved(refs):
    r = refs[("第66条第2項", "第2条第1項")]
    assert r.kind == "external" and r.target is None
    assert refs[("同法第2条", "第2条第1項")].kind == "external"


def test_dangling_and_appendix(refs):
    assert refs[("別表第1", "第2条第2項")].target_path.startswith("別表")
    assert refs[("別表第3", "第2条第2項")].kind == "internal" and refs[("別表第3", "第2条第2項")].target is None
    assert refs[("第12条第4項", "第2条第2項")].target is None
    # 第3項 after 第1条第2項及び inherits the article; 第1条 has no 第3項
    assert refs[("第3項", "第2条第2項")].target is None


@pytest.mark.parametrize("name", ["gyosei_tetsuzuki_405AC0000000088", "fusei_access_411AC0000000128"])
def test_statute_resolution_rate(name):
    from evaluation.eval_laws import evaluate_law

    path = need(LAWS / "text" / f"{name}.txt")
    res = evaluate_law(path, gold_structure=True)
    assert res.resolved_pct >= 98.0, [(u.clause, u.text) for u in res.unresolved]


def test_chain_continues_across_parenthesis():
    text = """第1条　乙は、個人情報の保護に関する法律第六十一条、第六十六条第一項（同条第二項（第一号に係る部分に限る。）において準用する場合を含む。）、第六十七条及び第九十条の規定に従う。
２　第1条第1項（前項において準用する場合を含む。）及び第2項の規定による。
"""
    f = build_facts(Document(source="t.txt", format="txt", text=text, folded=fold(text)))
    by = {r.text: r for r in f.references}
    assert by["第六十七条"].kind == "external" and by["第九十条"].kind == "external"
    assert by["第2項"].kind == "internal" and by["第2項"].target_path == "第1条第2項"


def test_previous_article_inside_a_bekki_does_not_crash():
    """A 別記 holding its own article: 前条 counts among the 別記's articles (was a ValueError)."""
    from shinsa.examples import example_facts

    facts = example_facts("業務委託契約書\n\n東山市（以下「甲」という。）と株式会社みなと（以下「乙」という。）は、次のとおり契約する。\n"
                          "\n別記\n第36条　乙は、損害を賠償しなければならない。\n第37条　前条の規定は、契約終了後も適用する。\n")
    ref = next(r for r in facts.references if "前条" in facts.text[r.start:r.end])
    assert [facts.clauses[t].path for t in ref.targets] == ["第36条"]


# --------------------------------------------------------------------------------------
# real templates (issue 12): positional numbering, headings, attachments outside the file


def _facts(text: str):
    return build_facts(Document(source="t.txt", format="txt", text=text, folded=fold(text)))


def _dangling(f) -> list[tuple[str, str]]:
    from shinsa.checks.references import check

    return [(x.quote, x.severity) for x in check(f, None) if x.rule == "dangling_reference"]


def test_references_resolve_against_unnumbered_paragraphs_and_bullets():
    text = ("利用規約\n\n第5条（提供）\n\n当社は、次に掲げる場合を除いて、提供しません。\n"
            "- 法令に基づく場合\n- 前号に準ずる場合\n\n前項の定めにかかわらず、委託先は第三者に該当しません。\n\n"
            "当社は、前2項の記録を保存します。\n\n第6条（停止）\n\n当社は、次のいずれかのときは停止します。\n"
            "- 料金を支払わないとき。\n- 前各号のほか、規約に反したとき。\n"
            "- 当社は、前項各号に該当する場合には、契約を解除できます。\n")
    f = _facts(text)
    by = {r.text: r for r in f.references}
    assert by["前項"].target_path == "第5条第1項"
    assert [f.clauses[t].path for t in by["前2項"].targets] == ["第5条第2項", "第5条第1項"]
    assert by["前号"].target_path == "第5条第1項第1号"
    # a bullet that is really a paragraph: 前項各号 are the items of the paragraph holding it
    assert by["前項各号"].target_path == "第6条第1項第1号"
    assert _dangling(f) == []


def test_this_article_in_a_document_of_headings_is_its_section():
    text = ("サービス利用規約\n\n知的財産権\n当社は、プログラムを貸与します。\n\n本条の規定は、契約終了後も効力を有します。\n\n"
            "管轄\n当社と契約者との紛争は、当社の本店所在地の裁判所の管轄とします。\n")
    f = _facts(text)
    ref = next(r for r in f.references if r.text == "本条")
    assert ref.target_path == "知的財産権"


def test_unresolved_reference_among_positional_paragraphs_is_a_warning():
    f = _facts("利用規約\n\n第5条（提供）\n\n当社は、提供しません。\n\n第3項の場合は、この限りでありません。\n\n"
               "第6条（開示）\n２　当社は、第4項により開示します。\n")
    assert sorted(_dangling(f)) == [("第3項", "warning"), ("第4項", "error")]


def test_attachments_outside_a_file_that_holds_none():
    f = _facts("個別契約書\n\n第1条（業務）\nベンダは、別紙に記載された業務を行う。\n")
    assert _dangling(f) == [] and next(r for r in f.references if r.text == "別紙").external == "attachment"
    f = _facts("契約書\n\n第1条（業務）\n乙は、別表第2に定める業務を行う。\n\n別表第1（第1条関係）\n区分　内容\n")
    assert _dangling(f) == [("別表第2", "error")]
    f = _facts("契約書\n\n第1条（業務）\n乙は、別表第2に定める業務を行う。\n")  # a numbered one: this file's series
    assert _dangling(f) == [("別表第2", "error")]
    # a bare 別記 beside a 別表 of this file: the 別記 is a sheet sent with the contract
    f = _facts("契約書\n\n第1条（個人情報）\n乙は、別記「個人情報取扱特記事項」を遵守しなければならない。\n"
               "第2条（納期）\n納期は、別表第1のとおりとする。\n\n別表第1（第2条関係）\n区分　納期\n")
    assert _dangling(f) == [] and next(r for r in f.references if r.text == "別記").external == "attachment"
    # a numbered one is still checked against the file's own series of that kind
    f = _facts("契約書\n\n第1条（様式）\n乙は、別記第3の様式を用いる。\n\n別記第1（第1条関係）\n様式\n")
    assert [t for t, _ in _dangling(f)] == ["別記第3"]


def test_law_name_then_a_space_then_the_article_is_external():
    f = _facts("方針\n\n第1条（開示）\n当社は、個人データ（個人情報の保護に関する法律 第二条 第七項に定める情報）を開示します。\n")
    assert {r.text: r.external for r in f.references if r.clause != "第1条"} == {"第二条": "law", "第七項": "law"}


def test_words_that_start_like_a_unit_are_not_references():
    """本目的・この目的・本条件・この条例 are words, not 本目 / この条 (a dangling 目 in a contract)."""
    from shinsa.facts import build_facts
    from shinsa.model import Document
    from shinsa.textnorm import fold

    text = "第1条　乙は、本目的のために限り秘密情報を使用する。この条件に違反したときは、この条の規定を適用する。\n"
    f = build_facts(Document(source="t.txt", format="txt", text=text, folded=fold(text)))
    texts = [r.text for r in f.references if r.kind == "internal"]
    assert "この条" in texts and not [t for t in texts if t in ("本目", "この目")] and texts.count("この条") == 1


def test_numbered_sections_are_cited_by_number():
    from shinsa.facts import build_facts
    from shinsa.ingest.text import read_text

    text = ("仕様書\n\n1.\u3000概要\n\u3000本書は、3.1に定める作業と5.3に定める手順を定める。稼働率は99.9に定める値とする。\n"
            "2.\u3000体制\n\u3000体制を置く。\n3.\u3000作業\n3.1\u3000移行\n\u3000移行すること。\n"
            "5.\u3000障害\n5.1\u3000連絡\n\u3000連絡すること。\n")
    f = build_facts(read_text(text.encode("utf-8"), "<t>", "txt"))
    refs = {r.text: r for r in f.references if r.target_type == "section"}
    assert refs["3.1"].target_path == "3.1" and refs["5.3"].target is None
    assert "99.9" not in refs  # 99 is no section: a number, not a citation


def test_decimal_sections_under_chapters_are_cited_by_number():
    """「第3章」 holds 3.1 to 3.3: 「3.4に定める月次報告書」 cites a section that chapter 3 does not have."""
    text = ("保守仕様書\n\n第1章　総則\n\n1.1　目的\n本書は、3.2に定める報告と3.4に定める月次報告書を定める。\n\n"
            "第3章　報告\n\n3.1　目標\n目標を置く。\n\n3.2　報告\n毎月報告すること。\n\n3.3　措置\n措置を講じること。\n")
    f = _facts(text)
    refs = {r.text: r for r in f.references if r.target_type == "section"}
    assert refs["3.2"].target_path == "3.2" and refs["3.4"].target is None
    assert [t for t, _ in _dangling(f)] == ["3.4"]


def test_a_heading_cited_by_the_documents_own_name_and_number():
    text = ("データセンター利用特記事項\n\n１　目的\n　この特記事項は、利用の条件を定める。\n"
            "２　損害賠償\n　乙は、損害を賠償する。\n３　解除\n　甲は、解除できる。この場合の損害賠償については、"
            "本特記事項２の定めるところによる。違約金は、本特記事項３１の定めるところによる。\n")
    f = _facts(text)
    refs = {r.text: r for r in f.references if r.target_type == "section"}
    assert refs["２"].target is not None and refs["３１"].target is None
    assert _dangling(f) == [("３１", "error")]
    # a count after the name (本要領2年) is no heading
    assert not [r for r in _facts(text.replace("本特記事項３１の定め", "本特記事項2年の定め")).references
                if r.target_type == "section" and r.target is None]


def test_a_paragraph_cited_as_dai_n_no_m_in_a_document_without_branch_articles():
    text = ("運用要領\n\n第1　目的\n　この要領は、利用の条件を定める。\n第2　消去\n　所属長は、情報を消去する。\n"
            "２　所属長は、記録を保存する。\n第3　終了\n　所属長は、第2の２に定める記録を確認し、第2の３の定めに従う。\n")
    f = _facts(text)
    assert [t for t, _ in _dangling(f)] == ["第2の３"]  # 第2 has two paragraphs; 第2の２ is the second


def test_an_item_of_a_numbered_section_is_cited_by_number():
    from shinsa.checks import CheckContext, run_checks
    from shinsa.examples import example_facts

    text = ("ポータル運営業務仕様書\n\n１　業務報告\n(1) 受注者は、毎月10日までに月次報告書を提出しなければならない。\n"
            "(2) 受注者は、毎年4月30日までに年次報告書を提出しなければならない。\n"
            "２　検査\n(1) 受注者は、１(2)に定める年次報告書に管理状況を記載しなければならない。\n"
            "(2) 受注者は、１(4)に定める報告に検査の結果を記載しなければならない。\n")
    f = example_facts(text)
    got = [(x.quote, x.detail) for x in run_checks(f, CheckContext(select=frozenset({"dangling_reference"})))]
    assert got == [("１(4)", None)]


def test_each_item_of_a_table_is_no_reference():
    """「前表の各項目」 names the rows of a table: no 各項 reference (it dangled in a specification of
    sections without 項); 「前項の各号」 and 「各項の規定」 still are references."""
    f = _facts("第1条　受注者は、前表の各項目の達成状況を報告すること。\n2　各項の規定は、契約終了後も適用する。\n")
    texts = [f.text[r.start:r.end] for r in f.references]
    assert "各項" in texts and texts.count("各項") == 1
    assert not any(r.start == f.text.index("各項目") for r in f.references)


def test_an_item_of_a_captioned_clause_without_dai_is_cited_by_number():
    """「（返還）\n１５　受託者は、次に…(1)…(2)…」 and later 「１５(3)の規定により」: clause 15 has no item (3)."""
    text = ("個人情報取扱特記事項\n\n（基本的事項）\n１　受託者は、個人情報を適正に取り扱う。\n（返還）\n"
            "２　受託者は、次に定めるところにより返還する。\n(1) 資料は、返還すること。\n(2) 電子データは、消去すること。\n"
            "（保存期間）\n３　保存期間が経過したときは、２(2)及び２(3)の規定により取り扱うものとする。\n")
    f = _facts(text)
    assert [t for t, _ in _dangling(f)] == ["２(3)"]


def test_the_name_of_another_agreement_ending_in_its_own_word_is_external():
    """基本協定 ends with 本協定 (本 of 基本): 「基本協定第２３条」 cites the basic agreement, not this one's 第23条;
    「本協定第２条」 is this text's own article."""
    text = ("令和７年度協定書\n\n甲と乙は、基本協定書（以下「基本協定」という。）に基づき、次のとおり協定を締結する。\n"
            "第１条　甲は、基本協定第２３条の規定により指定を取り消したときは、この協定を解除する。\n"
            "第２条　乙は、本協定第１条の規定による解除について、損害の賠償を請求することができない。\n")
    f = _facts(text)
    ext = {r.text: r.kind for r in f.references}
    assert ext["第２３条"] == "external" and ext["第１条"] == "internal"
