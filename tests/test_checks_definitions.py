"""Definition and reference checks on small drafts with planted defects."""

from __future__ import annotations

from shinsa.checks import CheckContext, run_checks
from shinsa.facts import build_facts
from shinsa.model import Document
from shinsa.textnorm import fold

RULES = frozenset({"ika_onaji_no_antecedent", "unused_definition", "undefined_term_use", "term_scope_mismatch",
                   "duplicate_definition", "dangling_reference", "numbering_gap"})

TEXT = """クラウド特記仕様書

東山市（以下「甲」という。）と株式会社みなと（以下「乙」という。）は、次のとおり定める。

（定義）
第1条　この特記仕様書において、次の各号に掲げる用語の意義は、当該各号に定めるところによる。
（１）パブリック・クラウドサービス　事業者が不特定多数の利用者に提供する情報処理サービスをいう。
（２）秘密情報　甲が秘密と指定した情報をいう。
（３）知的財産権　著作権その他の権利をいう。
（利用）
第2条　乙は、作業従事者に、パブリック・クラウドサービスを利用させる。
２　乙は、クラウドサービスの障害を甲に報告する。
（従事者）
第3条　乙は、本業務に従事する者（以下「作業従事者」という。）を定め、甲に届け出る。
２　乙は、貸与資料を複製（電磁的記録媒体への複製を含む。以下同じ。）してはならない。
（秘密）
第5条　乙は、業務上の情報（以下「秘密情報」という。）を漏らしてはならない。秘密情報は返還する。
２　第3条第4項及び別表第2の規定による。
"""


def findings():
    f = build_facts(Document(source="t.txt", format="txt", text=TEXT, folded=fold(TEXT)))
    return run_checks(f, CheckContext(select=RULES)), f


def test_each_rule_fires_once_where_planted():
    fs, f = findings()
    got = {(x.rule, x.quote) for x in fs}
    assert ("term_scope_mismatch", "クラウドサービス") in got
    assert ("undefined_term_use", "作業従事者") in got
    assert ("ika_onaji_no_antecedent", "以下同じ") in got
    assert ("unused_definition", "知的財産権") in got
    assert ("duplicate_definition", "秘密情報") in got
    assert ("dangling_reference", "第3条第4項") in got
    assert ("dangling_reference", "別表第2") in got
    assert ("numbering_gap", "第5条") in got


def test_no_false_positives_on_used_terms():
    fs, _ = findings()
    quotes = {(x.rule, x.quote) for x in fs}
    assert ("unused_definition", "パブリック・クラウドサービス") not in quotes
    assert ("unused_definition", "甲") not in quotes
    # the defined term itself is not a variant of itself
    assert all(not (x.rule == "term_scope_mismatch" and x.quote == "パブリック・クラウドサービス") for x in fs)


def test_findings_link_the_definition():
    fs, f = findings()
    for x in fs:
        if x.rule in ("term_scope_mismatch", "undefined_term_use", "duplicate_definition"):
            assert x.related, x
            r = x.related[0]
            assert 0 <= r.start < r.end <= len(f.text)


def test_docs_have_headings():
    from shinsa.checks import definitions, references
    from shinsa.rules import DOC_HEADINGS
    from shinsa.rules import RULES as REGISTRY

    for mod in (definitions, references):
        for rid in mod.RULE_IDS:
            assert all(f"## {h}" in REGISTRY[rid].doc for h in DOC_HEADINGS), rid


def _run(text: str):
    f = build_facts(Document(source="t.txt", format="txt", text=text, folded=fold(text)))
    return {(x.rule, x.quote) for x in run_checks(f, CheckContext(select=RULES))}


def _found(text: str, rule: str) -> list[tuple[str, str]]:
    """(clause, quote) of the findings of ``rule``, in document order."""
    f = build_facts(Document(source="t.txt", format="txt", text=text, folded=fold(text)))
    return [(x.clause, x.quote) for x in run_checks(f, CheckContext(select=RULES)) if x.rule == rule]


def test_deliberate_variants_are_not_mismatches():
    text = """第1条　この契約において「特定電子計算機」とは、甲の電子計算機のうち本業務に用いるものをいう。
第2条　乙は、特定電子計算機を管理する。電子計算機の更新は甲が行う。
第3条　この契約において「第一種記録媒体」とは紙をいい、「第二種記録媒体」とは電磁的なものをいう。
第4条　乙は、第一種記録媒体及び第二種記録媒体を保管する。記録媒体は施錠して保管する。
"""
    got = _run(text)
    assert not any(r == "term_scope_mismatch" for r, _ in got), got


def test_narrow_term_then_broad_variant_is_flagged():
    text = """第1条　この契約において「外部クラウドサービス」とは、事業者が提供する情報処理サービスで甲が承認したものをいう。
第2条　乙は、外部クラウドサービスを利用することができる。
第3条　乙は、クラウドサービス上のデータを消去する。
"""
    assert ("term_scope_mismatch", "クラウドサービス") in _run(text)


_HEAD_DOC = """受託者株式会社（以下「乙」という。）と市（以下「甲」という。）は、次のとおり契約する。
第1条　この契約において「作業用端末」とは、乙が本業務に用いる電子計算機で甲が承認したものをいう。
第2条　乙は、作業用端末を作業室に設置する。
第3条　乙は、作業用端末に暗号化を施す。
第4条　乙は、作業用端末を持ち出してはならない。
第5条　乙は、{use}
"""


def test_bare_head_of_a_defined_compound_is_flagged():
    got = _run(_HEAD_DOC.format(use="端末をインターネットに接続してはならない。"))
    assert ("term_scope_mismatch", "端末") in got, got


def test_bare_head_that_is_modified_or_a_verb_or_general_is_not_flagged():
    for use in ("甲が貸与する端末を使用する。", "当該端末を管理する。", "必要な端末を用意する。"):
        got = _run(_HEAD_DOC.format(use=use))
        assert not any(r == "term_scope_mismatch" for r, _ in got), (use, got)
    # the bare head written before the definition is the general word
    text = _HEAD_DOC.format(use="作業用端末を返還する。").replace("次のとおり契約する。", "端末の調達について次のとおり契約する。")
    assert not any(r == "term_scope_mismatch" for r, _ in _run(text))
    # used as often as the term: a word of its own, not a slip
    text = _HEAD_DOC.format(use="端末を点検する。端末を清掃する。端末を更新する。")
    assert not any(r == "term_scope_mismatch" for r, _ in _run(text))
    # the head names other kinds in the document too (管理端末): a category word
    text = _HEAD_DOC.format(use="端末をインターネットに接続してはならない。管理端末は甲が管理する。")
    assert not any(r == "term_scope_mismatch" for r, _ in _run(text))
    # a verbal noun used as a verb (通知する) is an act, not the defined thing
    text = ("受託者株式会社（以下「乙」という。）と市（以下「甲」という。）は、次のとおり契約する。\n"
            "第1条　この契約において「勧奨通知」とは、甲が対象者に送付する文書をいう。\n"
            "第2条　乙は、勧奨通知を印刷する。勧奨通知を封入する。勧奨通知を発送する。\n第3条　乙は、甲に通知する。\n")
    assert not any(r == "term_scope_mismatch" for r, _ in _run(text))


def test_before_use_inside_compound_or_cross_reference_or_caption():
    text = """第1条　（目的）
この契約は、個人情報保護委員会の指針及び第3条第1項に規定する作業責任者について定める。
第2条　乙は、業務を行う。
（作業責任者）
第3条　乙は、本業務の責任者（以下「作業責任者」という。）を定め、委員会（以下「委員会」という。）に届け出る。
"""
    got = _run(text)
    assert not any(r == "undefined_term_use" for r, _ in got), got


def test_docx_style_caption_after_label_is_not_a_use():
    text = """第1条　（従事者の監督）
乙は、本業務に従事する者（以下「従事者」という。）を監督する。
２　従事者は、誓約書を提出する。
"""
    assert not any(r == "undefined_term_use" for r, _ in _run(text))


def test_repeated_paragraph_label_is_its_own_node():
    text = """第1条　乙は、甲に報告する。
２　乙は、記録を保管する。
３　乙は、場所を限る。
３　乙は、データを消去する。
第2条　乙は、協議する。
"""
    f = build_facts(Document(source="t.txt", format="txt", text=text, folded=fold(text)))
    paras = [c for c in f.clauses if c.kind == "paragraph" and c.path.startswith("第1条")]
    assert [c.num for c in paras] == [(1,), (2,), (3,), (3,)]
    fs = [x for x in run_checks(f, CheckContext(select=RULES)) if x.rule == "numbering_gap"]
    assert len(fs) == 1 and fs[0].detail == "repeat" and fs[0].start == text.rindex("３")


def test_subitem_skip_is_a_numbering_gap():
    text = ("第1条　乙は、次の措置を講ずる。\n（１）　端末について、次の措置を講ずること。\nア　パスワードを設定すること。\n"
            "イ　ウイルス対策をすること。\nエ　画面を見えない位置に置くこと。\n（２）　書類を施錠して保管すること。\n")
    f = build_facts(Document(source="t.txt", format="txt", text=text, folded=fold(text)))
    fs = [x for x in run_checks(f, CheckContext(select=RULES)) if x.rule == "numbering_gap"]
    assert [(x.clause, x.quote, x.detail) for x in fs] == [("第1条第1項第1号エ", "エ", "skip")]


def test_skip_in_the_numbering_of_an_annex_is_a_numbering_gap():
    """A 別記 個人情報取扱特記事項 numbered 第１, 第２ … after the articles of the agreement: 第７ then 第９
    is a gap of the annex (the agreement's own 第1条… are counted apart)."""
    text = ("基本協定書\n\n第１条　甲は、乙を指定する。\n第２条　乙は、業務を行う。\n\n別記　個人情報取扱特記事項\n\n"
            "（基本的事項）\n第１　乙は、個人情報を適正に取り扱う。\n（秘密の保持）\n第２　乙は、秘密を保持する。\n"
            "（複写の禁止）\n第４　乙は、複写してはならない。\n")
    f = build_facts(Document(source="t.txt", format="txt", text=text, folded=fold(text)))
    fs = [x for x in run_checks(f, CheckContext(select=RULES)) if x.rule == "numbering_gap"]
    assert [(x.clause, x.quote, x.detail) for x in fs] == [("第4", "第４", "skip")]


def test_contract_term_redefined_for_one_article_is_a_duplicate():
    from shinsa.examples import example_facts

    facts = example_facts(
        "特記仕様書\n\n東山市（以下「甲」という。）と株式会社みなと（以下「乙」という。）は、次のとおり定める。\n"
        "（定義）\n第1条　この仕様書において、次の各号に掲げる用語の意義は、当該各号に定めるところによる。\n"
        "（１）　甲データ　甲が本サービスに入力したデータをいう。\n"
        "第2条　乙は、甲データを国内に保管する。\n"
        "第3条　乙は、甲データ（甲が登録した電磁的記録をいう。以下この条において同じ。）のバックアップを取得する。\n")
    found = [(f.rule, f.clause) for f in run_checks(facts, CheckContext(select=RULES))]
    assert ("duplicate_definition", "第3条第1項") in found
    assert not any(r == "ika_onaji_no_antecedent" for r, _ in found)


def test_sibling_head_of_a_defined_term_is_flagged_and_the_families_are_data(tmp_path):
    text = """第1条　乙は、甲から提供を受けた申請書その他の書類及び電磁的記録（以下「貸与資料」という。）を持ち出してはならない。
第2条　乙は、貸与資料を施錠できる保管庫に保管しなければならない。
第3条　乙は、この契約が終了したときは、貸与書類を甲に返還しなければならない。
"""
    assert ("term_scope_mismatch", "貸与書類") in _run(text)
    from shinsa.lexicon import LexiconError
    from shinsa.vocabulary import term_words
    (tmp_path / "terms.yaml").write_text("version: 1\nhead_synonyms:\n  - [資料]\n", encoding="utf-8")
    import pytest
    with pytest.raises(LexiconError, match="terms.yaml:3"):
        term_words(str(tmp_path))


def test_a_term_with_another_party_word_in_front_is_a_near_variant(tmp_path):
    """利用者データ defined, 顧客データ used: the trace of a template written for another party."""
    from shinsa.scan import analyze_path

    p = tmp_path / "t.txt"
    p.write_text("利用規約\n\nこの規約は、株式会社ソラノ（以下「当社」という。）と北瀬市（以下「利用者」という。）の間の"
                 "サービスの利用条件を定める。\n第1条　この規約において「利用者データ」とは、利用者が登録した電磁的記録をいう。\n"
                 "第2条　当社は、利用者データを国内で保管する。\n第3条　当社は、顧客データを暗号化して保管する。\n",
                 encoding="utf-8")
    got = [(f.rule, f.quote) for f in analyze_path(p).findings if f.rule == "term_scope_mismatch"]
    assert got == [("term_scope_mismatch", "顧客データ")]


def test_a_term_bracketed_twice_for_two_kinds_of_person_is_a_duplicate():
    """「本業務に従事する者（以下「従事者」という。）」 and later 「乙が指名した者（以下「従事者」という。）」: the
    head 者 names nothing, so the two are not the same thing restated."""
    text = ("第1条　乙は、本業務に従事する者（以下「従事者」という。）を定め、甲に届け出なければならない。\n"
            "第2条　記録媒体の受渡しは、乙が指名した者（以下「従事者」という。）が行う。\n"
            "第3条　従事者は、受渡簿に記録する。\n")
    assert ("duplicate_definition", "従事者") in _run(text)
    same = ("第1条　乙は、本システム（以下「本システム」という。）を運用する。\n"
            "第2条　乙は、本システム（以下「本システム」という。）の保守を行う。\n")
    assert ("duplicate_definition", "本システム") not in _run(same)


def test_another_modifier_on_the_terms_head_once_is_a_slip():
    """外部記録媒体 defined and used throughout, 可搬記録媒体 written once: the same kind of thing named another
    way, so the definition may not reach it. Written as often as the term, it is a kind of its own."""
    head = "東山市（以下「市」という。）と株式会社みなと（以下「受託者」という。）は、次のとおり定める。\n"
    text = (head + "第1条　この要領において「外部記録媒体」とは、USBメモリその他の持ち運べる記録媒体をいう。\n"
            "第2条　受託者は、外部記録媒体を施錠できる保管庫に保管しなければならない。\n"
            "第3条　受託者は、外部記録媒体の管理台帳を備えなければならない。\n"
            "第4条　受託者は、外部記録媒体を持ち出すときは、市の承認を得なければならない。\n"
            "第5条　受託者は、可搬記録媒体を持ち出す者に施錠できるケースを携行させなければならない。\n")
    assert ("term_scope_mismatch", "可搬記録媒体") in _run(text)
    kinds = text.replace("第5条　受託者は、可搬記録媒体を持ち出す者", "第5条　受託者は、光学記録媒体及び光学記録媒体の複製を持ち出す者")
    kinds += "第6条　受託者は、光学記録媒体を施錠して保管する。\n第7条　光学記録媒体は、市が貸与する。\n"
    assert not [q for r, q in _run(kinds) if r == "term_scope_mismatch"]


def test_a_statutes_species_does_not_make_its_genus_a_variant():
    """「番号法第２条第８項に規定する特定個人情報をいう」 gives the term a statute's meaning: 個人情報 elsewhere
    is the general word, not a slip for 特定個人情報; a term the drafter defines in own words still is."""
    head = "特記事項\n\n東山市（以下「甲」という。）と株式会社みなと（以下「乙」という。）は、次のとおり定める。\n"
    tail = "第2条　乙は、個人情報を取り扱う端末を施錠できる室に置かなければならない。\n第3条　乙は、特定個人情報を複製してはならない。\n"
    statutory = head + ("第1条　乙が取り扱う特定個人情報（行政手続における特定の個人を識別するための番号の利用等に関する法律"
                        "（平成２５年法律第２７号）第２条第８項に規定する特定個人情報をいう。以下同じ。）は、甲が指示する項目に限る。\n") + tail
    own = head + "第1条　乙が取り扱う特定個人情報（個人番号を含む住民の情報をいう。以下同じ。）は、甲が指示する項目に限る。\n" + tail

    def scope(text):
        f = build_facts(Document(source="t.txt", format="txt", text=text, folded=fold(text)))
        return [x.quote for x in run_checks(f, CheckContext(select=RULES)) if x.rule == "term_scope_mismatch"]

    assert scope(statutory) == []
    assert scope(own) == ["個人情報"]


def test_a_term_used_only_before_its_definition_is_undefined_not_unused():
    text = """第1条　乙は、特権IDの利用を記録する。
第2条　乙は、管理者の権限を持つ利用者の識別符号（以下「特権ID」という。）を管理する。
"""
    got = _run(text)
    assert ("undefined_term_use", "特権ID") in got and not any(r == "unused_definition" for r, _ in got), got


def test_another_holder_of_the_role_is_no_variant_of_the_party():
    text = """市（以下「委託者」という。）と株式会社あさひ（以下「受託者」という。）は、次のとおり定める。
第1条　受託者は、現在の受託事業者から業務の引継ぎを受け、次期の受託事業者に引き継ぐこと。
第2条　受託者は、受託事業者の名簿を提出すること。
"""
    f = build_facts(Document(source="t.txt", format="txt", text=text, folded=fold(text)))
    got = [x.clause for x in run_checks(f, CheckContext(select=RULES)) if x.rule == "term_scope_mismatch"]
    assert got == ["第2条第1項"], got  # 第2条's bare 受託事業者 only


def test_a_bare_ika_onaji_defines_nothing_even_when_the_word_recurs():
    text = """第1条　乙は、置換えに用いた方法に関する情報（以下同じ。）を分離して管理しなければならない。
第2条　乙は、情報を他の情報と照合してはならない。
"""
    assert ("ika_onaji_no_antecedent", "以下同じ") in _run(text)
    text = """第1条　乙は、置換えに用いた方法に関する情報（以下「削除情報」という。）を分離して管理しなければならない。
第2条　乙は、削除情報を他の情報と照合してはならない。
"""
    assert not any(r == "ika_onaji_no_antecedent" for r, _ in _run(text))


def test_a_word_inside_a_laws_title_is_no_use_before_the_definition():
    text = """第1条　乙は、個人情報の保護に関する法律を遵守する。
第2条　乙は、児童の個人情報（氏名及び住所をいう。以下同じ。）を適正に管理する。
第3条　乙は、個人情報を第三者に提供してはならない。
"""
    assert not any(r == "undefined_term_use" for r, _ in _run(text))
    assert ("undefined_term_use", "個人情報") in _run(text.replace("個人情報の保護に関する法律を遵守する", "個人情報を保護する"))


def test_a_word_in_a_cited_laws_name_is_no_variant_of_a_term():
    text = ("給食調理業務委託契約書\n\n東山市（以下「甲」という。）と株式会社みなと（以下「乙」という。）は、次のとおり契約する。\n"
            "第1条　この契約において「アレルギー関係個人情報」とは、甲が乙に提供する児童の原因食物をいう。\n"
            "第2条　乙は、個人情報の保護に関する法律（平成１５年法律第５７号）を遵守しなければならない。\n"
            "２　乙は、従事者に個人情報の保護に関する研修を行わなければならない。\n"
            "第3条　乙は、甲から提供を受けた個人情報を返還しなければならない。\n")
    assert _found(text, "term_scope_mismatch") == [("第3条第1項", "個人情報")]


def test_a_glossary_term_widened_for_the_rest_of_the_text_is_defined_twice():
    text = ("端末管理契約書\n\n東山市（以下「甲」という。）と株式会社みなと（以下「乙」という。）は、次のとおり契約する。\n"
            "（定義）\n第1条　この契約において、次の各号に掲げる用語の意義は、当該各号に定めるところによる。\n"
            "（１）学習用端末　甲が児童に貸与するタブレット型の端末をいう。\n"
            "第2条　乙は、学習用端末の設定を行う。\n２　前項の設定は、学習用端末（教職員が使用する指導者用端末を含む。以下同じ。）の全てに行う。\n"
            "第3条　乙は、学習用端末を点検する。\n")
    assert _found(text, "duplicate_definition") == [("第2条第2項", "教職員が使用する指導者用端末を含む。以下同じ。")]
    local = text.replace("を含む。以下同じ。", "を含む。以下この条において同じ。")
    assert not _found(local, "duplicate_definition")


def test_the_genus_of_a_definition_written_alone_between_parties_is_a_slip():
    # the genus named in the definition (記憶装置) stands alone where the term applies, in a contract of roles
    text = """第1条　この仕様書において使用する用語の意義は、次のとおりとする。
(1)　内蔵記憶装置　物件に内蔵されたハードディスクその他の記憶装置をいう。
第2条　受注者は、内蔵記憶装置を交換したときは、これを発注者に引き渡す。
第3条　受注者は、物件の返還を受けた後、物件の記憶装置に記録された全ての情報を消去する。
第4条　発注者は、受注者に物件の仕様を示す。
"""
    assert _found(text, "term_scope_mismatch") == [("第3条第1項", "記憶装置")]
    # a statute (no parties) names the genus in its definitions on purpose
    statute = text.replace("受注者は、", "事業者は、").replace("発注者は、", "国は、")
    assert _found(statute, "term_scope_mismatch") == []


def test_the_municipalitys_own_word_for_itself_in_front_is_a_near_variant():
    """発注者機器 defined, 本市機器 used: the same party named by the word the city uses for itself."""
    head = "川辺野市（以下「発注者」という。）と株式会社データ（以下「受注者」という。）は、次のとおり定める。\n"
    text = (head + "第1条　この仕様書において「発注者機器」とは、発注者が所有し、受注者の施設に設置する機器をいう。\n"
            "第2条　受注者は、発注者機器を専用ラックに収容する。\n"
            "第3条　受注者は、本市機器を常時施錠して管理すること。\n")
    assert ("term_scope_mismatch", "本市機器") in _run(text)


def test_the_term_named_by_the_object_of_its_definition_is_a_slip():
    """録音データ 「通話を録音した電磁的記録」, later 通話データ once: the defined thing named by what it is made
    of. A word that only stands in the definition's list (予約履歴 of 利用者データ) names a kind of its own."""
    head = "早山崎市（以下「委託者」という。）と株式会社コール（以下「受託者」という。）は、次のとおり定める。\n"
    text = (head + "第1条　受託者は、通話を録音した電磁的記録（以下「録音データ」という。）を委託者のサーバに保存する。\n"
            "第2条　受託者は、録音データを暗号化すること。\n"
            "第3条　受託者は、通話データの漏えいを防止すること。\n第4条　受託者は、業務の完了後、録音データを消去すること。\n")
    assert ("term_scope_mismatch", "通話データ") in _run(text)
    listed = (head + "第1条　この仕様書において「利用者データ」とは、利用者が登録した氏名、住所及び予約履歴をいう。\n"
              "第2条　受託者は、利用者データを暗号化すること。\n"
              "第3条　受託者は、予約データを集計して委託者に報告すること。\n第4条　受託者は、利用者データを消去すること。\n")
    assert not [q for r, q in _run(listed) if r == "term_scope_mismatch"]


def test_a_rulebook_of_the_department_in_charge_is_between_parties():
    """A 運用要領 written to 所管課 about 受託者 (no 甲乙 preamble): a word left out of a defined term
    (委託個人情報 → 委託情報) is a slip there, as in a contract — not a statute's deliberate kin term."""
    text = ("運用要領\n\n第１　定義\n　この要領において、次の各号に掲げる用語の意義は、当該各号に定めるところによる。\n"
            "(1)　委託個人情報　受託者が取り扱う個人情報をいう。\n"
            "第２　安全管理\n１　所管課は、受託者に委託個人情報を管理させなければならない。\n"
            "２　受託者は、委託個人情報を複写してはならない。\n３　受託者は、委託情報を持ち出してはならない。\n"
            "４　受託者は、委託個人情報を返還しなければならない。\n５　所管課は、委託個人情報の返還を確認する。\n")
    assert ("term_scope_mismatch", "委託情報") in _run(text)


def test_one_term_bracketed_twice_for_different_places_is_a_duplicate():
    """「受託者が委託個人情報を取り扱う場所（以下「作業場所」という。）」, later 「所管課が承認した場所（以下「作業場所」
    という。）」: the same head (場所) but another meaning. The same phrase bracketed again is a restatement."""
    text = ("第1条　所管課は、受託者が委託個人情報を取り扱う場所（以下「作業場所」という。）を契約書に明記する。\n"
            "第2条　所管課は、受託者の事業所のうち所管課が承認した場所（以下「作業場所」という。）を検査する。\n"
            "第3条　受託者は、作業場所から持ち出してはならない。\n")
    assert ("duplicate_definition", "作業場所") in _run(text)
    same = text.replace("受託者の事業所のうち所管課が承認した場所", "受託者が委託個人情報を取り扱う場所")
    assert ("duplicate_definition", "作業場所") not in _run(same)


def test_a_term_with_its_act_word_swapped_is_a_near_variant():
    """貸与資料 defined, 提供資料 written once (terms.yaml modifier_synonyms): the same thing handed over another way."""
    head = "青葉浦市（以下「甲」という。）と株式会社汐見（以下「乙」という。）は、次のとおり契約する。\n"
    text = (head + "第1条　この契約において「貸与資料」とは、甲が乙に貸与する申告書その他の書類をいう。\n"
            "第2条　乙は、貸与資料を施錠できる保管庫に保管すること。\n第3条　乙は、貸与資料を持ち出さないこと。\n"
            "第4条　乙は、業務が終了したときは、提供資料を甲に返還しなければならない。\n")
    assert ("term_scope_mismatch", "提供資料") in _run(text)


def test_secret_written_with_its_synonym_and_a_client_word_swapped_are_near_variants():
    """秘密情報 defined, 機密情報 written once (modifier_synonyms 秘密/機密); 利用団体データ defined, 顧客データ
    written once (party_modifiers: 利用団体 is the client of a SaaS 利用規約)."""
    head = "白鷺台市（以下「甲」という。）と株式会社ハクロ（以下「乙」という。）は、次のとおり契約する。\n"
    text = (head + "第1条　この契約において「秘密情報」とは、甲が秘密である旨を明示して開示した情報をいう。\n"
            "第2条　乙は、秘密情報を目的外に使用してはならない。\n第3条　乙は、秘密情報を複製してはならない。\n"
            "第4条　乙は、機密情報の漏えいを知ったときは、直ちに甲に報告しなければならない。\n")
    assert _found(text, "term_scope_mismatch") == [("第4条第1項", "機密情報")]
    head = "株式会社ツバメ（以下「当社」という。）と利用団体は、次のとおり定める。\n"
    text = (head + "第1条　この規約において「利用団体データ」とは、利用団体が本サービスに登録したデータをいう。\n"
            "第2条　当社は、利用団体データを目的外に利用しません。\n第3条　当社は、利用団体データを複製しません。\n"
            "第4条　当社は、顧客データを第三者に提供しません。\n")
    assert ("term_scope_mismatch", "顧客データ") in _run(text)


def test_a_term_an_annex_defines_for_itself_is_undefined_in_the_contract_before_it():
    """「この特記事項において「本件データ」とは」 in the 別紙 is the annex's own term: the contract's use before the
    annex has no definition. Defined 「この契約において」, or in a file whose title is the 特記事項, it covers all."""
    text = ("機器賃貸借契約書\n\n青葉野市（以下「甲」という。）と青嵐リース株式会社（以下「乙」という。）は、次のとおり契約する。\n"
            "第1条　乙は、物件を甲に貸す。\n第2条　物件の記憶装置に記録された本件データの消去は、別紙に定めるところによる。\n\n"
            "別紙　個人情報の取扱いに関する特記事項\n\n１　乙は、秘密を守る。\n"
            "２　この特記事項において「本件データ」とは、物件の記憶装置に記録された甲の個人情報をいう。\n"
            "３　乙は、本件データを複写してはならない。\n")
    assert _found(text, "undefined_term_use") == [("第2条第1項", "本件データ")]
    assert _found(text.replace("この特記事項において", "この契約において"), "undefined_term_use") == []
    titled = text.replace("機器賃貸借契約書", "機器賃貸借に係る特記事項", 1)
    assert _found(titled, "undefined_term_use") == []


def test_a_defined_term_explained_again_in_a_parenthesis_is_a_duplicate():
    """「秘密情報」とは… in 第1条, then 「秘密情報（甲が秘密である旨を明示して開示した情報をいう。）」: a second meaning.
    A parenthesis citing the definition restates it."""
    head = "白鷺台市（以下「甲」という。）と株式会社ハクロ（以下「乙」という。）は、次のとおり契約する。\n"
    text = (head + "第1条　この契約において「秘密情報」とは、甲が乙に開示する一切の情報をいう。\n"
            "第2条　乙は、秘密情報（甲が秘密である旨を明示して開示した情報をいう。）を目的外に使用してはならない。\n")
    assert _found(text, "duplicate_definition") == [("第2条第1項", "秘密情報（甲が秘密である旨を明示して開示した情報をいう")]
    cited = text.replace("甲が秘密である旨を明示して開示した情報をいう。", "第1条に規定する秘密情報をいう。")
    assert _found(cited, "duplicate_definition") == []


def test_a_term_defined_for_one_article_used_in_another_is_beyond_its_scope():
    """「第三者（以下この条において「再委託先」という。）」 in 第2条, 再委託先 again in 第3条: the definition stops at
    its article. Defined again for the later article, it is covered."""
    head = "柏ヶ峰市（以下「発注者」という。）と株式会社霧島（以下「受注者」という。）は、次のとおり定める。\n"
    text = (head + "第1条　受注者は、個人情報を適正に取り扱う。\n"
            "第2条　受注者は、業務の一部を第三者（以下この条において「再委託先」という。）に委託してはならない。\n"
            "２　受注者は、再委託先に同等の義務を負わせなければならない。\n"
            "第3条　受注者は、再委託先における取扱状況を確認しなければならない。\n")
    assert _found(text, "term_scope_mismatch") == [("第3条第1項", "再委託先")]
    again = text.replace("第3条　受注者は、再委託先における", "第3条　受注者は、第三者（以下この条において「再委託先」という。）における")
    assert _found(again, "term_scope_mismatch") == []


def test_an_adjectival_term_written_with_na_is_a_near_variant():
    """重大障害 defined, 重大な障害 written once where the term applies: the definition does not reach the phrase."""
    head = "千鳥原市（以下「発注者」という。）と株式会社千鳥（以下「受注者」という。）は、次のとおり定める。\n"
    text = (head + "第1条　この仕様書において「重大障害」とは、全ての業務が停止する障害をいう。\n"
            "第2条　受注者は、重大な障害が発生したときは、直ちに発注者に報告すること。\n"
            "第3条　受注者は、重大障害の原因を調査すること。\n第4条　受注者は、重大障害の再発を防止すること。\n")
    assert ("term_scope_mismatch", "重大な障害") in _run(text)
