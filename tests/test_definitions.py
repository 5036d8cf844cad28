"""Definitions analysis: forms, scopes, occurrence index (on small texts and real statutes)."""

from __future__ import annotations

import json

import pytest
from conftest import LAWS, need

from shinsa.facts import build_facts
from shinsa.model import Document
from shinsa.textnorm import fold


def facts_of(text: str):
    return build_facts(Document(source="t.txt", format="txt", text=text, folded=fold(text)))


DRAFT = """個人情報取扱特記事項

東山市（以下「甲」という。）と株式会社ひかり（以下「乙」という。）は、次のとおり合意する。

（定義）
第１条　この特記事項において「個人情報」とは、個人に関する情報であって、特定の個人を識別することができるものをいう。
２　乙は、甲から提供を受けた保有個人情報（甲が保有する個人情報であって、乙に提供されるものをいう。以下同じ。）を適正に管理する。

（秘密の保持）
第２条　乙は、本業務（以下この条において「対象業務」という。）に関して知り得た保有個人情報を漏らしてはならない。
２　乙は、対象業務の終了後も、前項の義務を負う。

（返還）
第３条　乙は、保有個人情報を甲に返還する。甲及び乙は協議する。
"""


def by_term(f):
    return {d.term: d for d in f.definitions}


def test_forms_and_kinds():
    d = by_term(facts_of(DRAFT))
    assert d["甲"].kind == "party" and d["乙"].kind == "party"
    assert d["個人情報"].kind == "toha" and d["個人情報"].scope == "document"
    assert d["保有個人情報"].kind == "paren" and d["保有個人情報"].scope == "until-end"
    assert d["対象業務"].kind == "bracket" and d["対象業務"].scope == "article"


def test_scope_ranges_and_uses():
    f = facts_of(DRAFT)
    d = by_term(f)
    art2 = next(c for c in f.clauses if c.path == "第2条")
    assert d["対象業務"].scope_end == art2.end
    assert len(d["対象業務"].uses) == 1  # 第2条第2項 only
    # longest match first: 保有個人情報 is not a use of 個人情報
    assert all(f.text[p:p + 6] != "保有個人情報" for p in [u - 2 for u in d["個人情報"].uses])
    assert len(d["保有個人情報"].uses) == 2
    assert len(d["乙"].uses) >= 4


def test_use_across_line_break_and_width():
    text = "第1条　受託者（以下「受託者」という。）は、次の事項を守る。\n２　受託\n者は、報告する。ＡＢＣシステム（以下「ABCシステム」という。）を使う。\n３　ABCシステムを停止する。\n"
    d = by_term(facts_of(text))
    assert len(d["受託者"].uses) == 1
    assert len(d["ABCシステム"].uses) == 1


def test_paren_term_is_noun_phrase_from_tokens():
    text = "第1条　乙は、貸与資料を複写し、又は複製（電磁的記録媒体への複製を含む。以下同じ。）してはならない。\n"
    d = by_term(facts_of(text))
    assert "複製" in d and d["複製"].kind == "paren_extend"
    assert d["複製"].uses == ()


def test_json_contract():
    f = facts_of(DRAFT)
    j = f.definitions[0].to_json()
    assert {"term", "start", "end", "clause", "scope", "uses"} <= set(j)
    assert isinstance(j["uses"], int)


def test_statute_bracket_recall_gyosei():
    from evaluation.eval_laws import build

    path = need(LAWS / "text" / "gyosei_tetsuzuki_405AC0000000088.txt")
    f = build(path, gold_structure=True)
    gold = json.loads((LAWS / "gold" / f"{path.stem}.definitions.json").read_text(encoding="utf-8"))["definitions"]
    starts = {d.start for d in f.definitions}
    brackets = [g for g in gold if not g["term_is_guess"]]
    found = sum(1 for g in brackets if g["term_offset"] in starts)
    assert found / len(brackets) >= 0.95
    d = {x.term: x for x in f.definitions}
    # 以下この項において「役員等」という: scope is the rest of that paragraph
    assert d["役員等"].scope == "paragraph"


@pytest.mark.parametrize("text,term", [
    ("第1条　この契約において、次の各号に掲げる用語の意義は、当該各号に定めるところによる。\n（１）成果物　乙が作成するものをいう。\n（２）貸与資料　甲が貸与する資料をいう。\n第2条　乙は成果物を納める。\n", "成果物"),
])
def test_definition_article_items(text, term):
    d = by_term(facts_of(text))
    assert d[term].kind == "article_item" and d[term].scope == "document"
    assert len(d[term].uses) == 1
    assert d["貸与資料"].uses == ()


def test_unquoted_ika_to_iu_is_a_definition():
    from shinsa.facts import build_facts
    from shinsa.ingest.text import read_text

    text = ("業務委託契約書\n〇〇株式会社（以下、甲という。）と株式会社みなと（以下乙という）は、次のとおり契約する。\n"
            "第1条　甲は、乙に対し、保守業務（以下、本業務という。）を委託する。\n第2条　乙は、本業務を誠実に行う。\n")
    f = build_facts(read_text(text.encode("utf-8"), "<t>", "txt"))
    got = {d.term: d.kind for d in f.definitions}
    assert got == {"甲": "party", "乙": "party", "本業務": "bracket"}
    assert len(next(d for d in f.definitions if d.term == "本業務").uses) == 1
    # 以下同じ in a parenthesis is a scope marker, not a term
    f = build_facts(read_text("第1条　乙は、個人情報（特定個人情報を含む。以下同じ。）を適正に取り扱う。\n".encode(), "<t>", "txt"))
    assert "同じ" not in {d.term for d in f.definitions}


def test_glossary_items_without_wo_iu_are_definitions():
    """「次の各号に掲げる用語の意義は、当該各号に定めるところによる」 and items 「用語　意味」 (a noun phrase, no をいう)."""
    from shinsa.facts import build_facts
    from shinsa.model import Document
    from shinsa.textnorm import fold

    text = ("特記事項\n\n第１　この特記事項において、次の各号に掲げる用語の意義は、当該各号に定めるところによる。\n"
            "（１）　提供データ　委託者が受託者に提供する個人情報\n（２）　管理区域　提供データを取り扱う区域\n"
            "第２　受託者は、提供データを管理しなければならない。\n")
    f = build_facts(Document(source="t.txt", format="txt", text=text, folded=fold(text)))
    keys = {d.key: d for d in f.definitions}
    assert {"提供データ", "管理区域"} <= set(keys) and keys["提供データ"].kind == "article_item"
    # a sentence item under a weaker lead is not read as a glossary entry
    text2 = text.replace("次の各号に掲げる用語の意義は、当該各号に定めるところによる", "次の各号に掲げる事項を守る")
    f2 = build_facts(Document(source="t.txt", format="txt", text=text2, folded=fold(text2)))
    assert "提供データ" not in {d.key for d in f2.definitions}


def test_a_glossary_lead_in_an_item_defines_its_subitems():
    """「（２）用語の定義」 with its lead sentence, then 「①　本データセンター　…をいう。」: the subitems of that item."""
    text = ("ハウジング特記仕様書\n\n１　総則\n（１）目的\n　この仕様書は、川辺野市（以下「発注者」という。）が調達するサービス"
            "について定める。\n（２）用語の定義\n　この仕様書において使用する用語の意義は、次のとおりとする。\n"
            "①　本データセンター　受注者がサービスの提供に使用する施設をいう。\n②　監視センター　受注者が設備を監視する拠点をいう。\n"
            "（３）契約期間\n　５年間とする。\n２　設備\n（１）水準\n　本データセンターは、国内に置くこと。\n")
    keys = {d.key: d for d in facts_of(text).definitions}
    assert {"本データセンター", "監視センター"} <= set(keys) and keys["監視センター"].kind == "article_item"


# --- forms of real public templates (issue 12): 以下「X」 without という, polite verbs, glossary lists,
# 「」-less Xとは、…をいう ---

def terms_of(text: str) -> dict:
    return {d.term: d.kind for d in facts_of(text).definitions}


@pytest.mark.parametrize("text,term", [
    ("このBot（以下「本Bot」）は、開発者が作成したものです。\n1. 本Botは予告なく停止します。\n", "本Bot"),
    ("甲と乙は、次のとおり契約（以下「本契約」）を締結する。\n第1条　本契約は有効とする。\n", "本契約"),
    ("本規約は、株式会社みなと（以下 「当社」という）が定める。\n当社は本規約を変更できる。\n", "当社"),
    ("本規約は、当社が提供するサービス（以下、総じて「本サービス」といいます。）に適用されます。\n", "本サービス"),
    ("本規約は、当社が提供するアプリ（以下「本アプリ」とします。）の利用条件を定めます。\n", "本アプリ"),
    ("本規約は、当社が提供するアプリ（以下「本アプリ」と言う。）の利用条件を定めます。\n", "本アプリ"),
])
def test_bracket_forms_of_real_templates(text, term):
    assert terms_of(text).get(term) == "bracket"


@pytest.mark.parametrize("text,term", [
    # a bracketed word in a parenthesis that does not open with 以下 names nothing
    ("乙は、成果物（「報告書」）を提出する。\n", "報告書"),
    # とする without 以下 is an ordinary predicate, not a definition
    ("第1条　賃料の支払方法は「口座振替」とする。\n", "口座振替"),
    # 以下「X」 followed by more words in the parenthesis
    ("乙は、資料（以下「別表」参照）を提出する。\n", "別表"),
])
def test_bracket_look_alikes_define_nothing(text, term):
    assert term not in terms_of(text)


def test_unquoted_ika_with_space():
    assert terms_of("〇〇株式会社（以下 甲という。）は、次のとおり契約する。\n").get("甲") == "party"


@pytest.mark.parametrize("text,term", [
    ("本規約において、「本サイト」とは、当社が運営するサイトを言います。\n", "本サイト"),
    ("「コンテンツ」とは、ユーザーが投稿する画像のことをいいます。\n", "コンテンツ"),
    ("* 「コンテンツ」とは、ユーザーが本サービスを通じて取り扱う画像を指します。\n", "コンテンツ"),
])
def test_toha_with_polite_predicates(text, term):
    assert terms_of(text).get(term) == "toha"


@pytest.mark.parametrize("text,terms", [
    # the glossary as tree items under 「以下の各用語は以下の意味を有する」
    ("第1条 (目的)\n\n本規約は目安箱の利用条件を定める。\n\n第2条 (定義)\n\n本規約において、以下の各用語は以下の意味を有するものとします。\n\n"
     "* 利用者: 本サービスを利用する個人をいう。\n* コンテンツ: 利用者が投稿する質問をいう。\n\n第3条 (投稿)\n\n利用者はコンテンツを投稿できる。\n",
     {"利用者", "コンテンツ"}),
    # the glossary as bullet lines in a section without 第N条 (no tree items)
    ("利用規約\n\n1. 用語の定義\n本規約において使用する用語の意味は、次のとおりとします。\n- 利用者: 本サービスを利用する者を言います。\n"
     "- 登録情報: 利用者が登録した情報を指します。\n\n2. 適用\n本規約は、利用者に適用されます。\n", {"利用者", "登録情報"}),
    ("利用規約\n\n本規約で使用する用語の定義は次のとおりです。\n\n・会員：当社に登録した者のことをいいます。\n・ポイント：会員に付与される特典をいいます。\n\n"
     "本規約は会員に適用されます。\n", {"会員", "ポイント"}),
    ("利用規約\n\n本規約では、次の用語を以下の意味で使用します。\n・会員：当社に登録した者をいいます。\n\n本規約は会員に適用されます。\n",
     {"会員"}),
    ("利用規約\n\n本規約において使用する以下の用語は、各々以下に定める意味を有するものとします。\n・会員：当社に登録した者を意味します。\n\n"
     "本規約は会員に適用されます。\n", {"会員"}),
    ("利用規約\n\n本規約で用いる用語を次のとおり定義します。\n・会員：当社に登録した者をいいます。\n\n本規約は会員に適用されます。\n",
     {"会員"}),
    # a 定義 article written as a list without a lead sentence: the caption is the lead
    ("利用規約\n\n第1条（目的）\n本規約は利用条件を定めます。\n\n第2条（定義）\n・利用者：本サービスを利用する者をいいます。\n"
     "・登録情報：利用者が登録した情報をいいます。\n\n第3条（適用）\n本規約は利用者に適用されます。\n", {"利用者", "登録情報"}),
])
def test_glossary_lists(text, terms):
    got = terms_of(text)
    assert {t for t in terms if got.get(t) == "article_item"} == terms


def test_glossary_list_look_alikes():
    # placeholder entries without a meaning define nothing
    text = "利用規約\n\n本規約において用いる用語の意味は次のとおりです。\n- 用語1\n- 用語2\n\n本規約は利用者に適用されます。\n"
    assert terms_of(text) == {}
    # bullet lines after an ordinary lead (not a glossary) define nothing, even with をいう
    text = "利用規約\n\n当社は次の情報を取得します。\n・氏名: 利用者が登録する氏名をいう。\n・住所: 利用者の住所をいう。\n"
    assert "氏名" not in terms_of(text)
    # the bullets stop at the first line that is not a bullet
    text = ("利用規約\n\n本規約で使用する用語の定義は次のとおりです。\n・会員：当社に登録した者をいいます。\n"
            "本規約は会員に適用されます。\n・特典：会員に付与される利益をいいます。\n")
    got = terms_of(text)
    assert got.get("会員") == "article_item" and "特典" not in got
    # bullet lines in an article that is not a 定義 article, without a lead, define nothing
    text = ("利用規約\n\n第1条（禁止事項）\n・虚偽情報：事実でない情報をいう。\n\n第2条（適用）\n本規約は利用者に適用されます。\n")
    assert "虚偽情報" not in terms_of(text)
    # a 定義 article whose bullet lines state no meaning
    text = "利用規約\n\n第1条（定義）\n・利用者\n・登録情報\n\n第2条（適用）\n本規約は利用者に適用されます。\n"
    assert terms_of(text) == {}


@pytest.mark.parametrize("text,term", [
    ("個人情報とは、特定の個人を識別することができる情報をいう。\n", "個人情報"),
    ("1. 個人情報とは、当該本人に関するすべての情報の事を指し、漏えいしてはならない事項であることを確認します。\n", "個人情報"),
    ("第2条　本規約において、登録ユーザーとは、本サービスに登録した個人を言います。\n", "登録ユーザー"),
    ("第十条　この法律で使用者とは、事業主のために行為をするすべての者をいう。\n", "使用者"),
    ("・会員とは、当社に登録した者のことをいいます。\n", "会員"),
])
def test_bare_toha_at_the_start_of_a_sentence_or_item(text, term):
    assert terms_of(text).get(term) == "toha"


@pytest.mark.parametrize("text,term", [
    # Xとは inside an ordinary sentence (not at its start)
    ("利用者は、本サービスとは、関係のない情報を送信してはならず、その情報を削除する義務を負うものをいう。\n", "本サービス"),
    # at the start, but the sentence states no meaning
    ("甲とは、別途協議するものとする。\n", "甲"),
    # とは without a comma (とは別に, とは異なる)
    ("本サービスとは別に提供される機能を、オプションという。\n", "本サービス"),
    # a modifier before the noun: the phrase does not open the sentence
    ("当該本人の情報とは、氏名をいう。\n", "情報"),
])
def test_bare_toha_look_alikes(text, term):
    assert term not in terms_of(text)
