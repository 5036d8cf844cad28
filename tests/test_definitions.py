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
