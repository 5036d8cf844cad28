"""The proposition layer: predicates with their arguments, conditions and presuppositions."""

from __future__ import annotations

import pytest

from shinsa.analysis.propositions import explain, sentence_propositions
from shinsa.nlp import tokenize_span
from shinsa.textnorm import fold


def props(text: str):
    folded = fold(text)
    return sentence_propositions(0, tokenize_span(folded, 0, len(folded)))


def test_condition_with_place_between_object_and_verb():
    p = next(p for p in props("事業者は、本サービスをパブリック・クラウド基盤上で提供するときは、国内に保存する。")
             if p.condition)
    assert p.act == "提供" and p.arg("を").text == "本サービス" and p.arg("で").head == "基盤上"


def test_parenthetical_definition_does_not_hide_the_object():
    p = next(p for p in props("乙は、個人情報（生存する個人に関する情報をいう。以下同じ。）を取り扱う場合は、法令を遵守する。")
             if p.condition)
    assert p.act == "取り扱う" and p.arg("を").text == "個人情報"


def test_relative_clause_presupposes_the_act():
    p = props("甲は、乙が本業務において取り扱う個人情報の管理状況を確認する。")[0]
    assert p.act == "取り扱う" and p.modifies.head == "個人情報" and p.arg("において").text == "本業務"
    assert p.arg("が").text == "乙"


def test_a_relative_clause_with_its_own_no_subject_leaves_the_ga_argument_to_the_main_predicate():
    ps = props("職員が入力した情報が事業者の管理する設備に保存される。")
    rel = next(p for p in ps if p.act == "管理" and not p.nominal)
    main = next(p for p in ps if p.act == "保存")
    assert rel.modifies.head == "設備" and rel.arg("が") is None
    assert main.arg("が").text == "情報" and main.arg("に").text == "設備"
    # without its own subject the relative clause keeps the が-argument (乙 handles the data)
    p = props("甲は、乙が管理する設備を確認する。")[0]
    assert p.act == "管理" and p.arg("が").text == "乙"


def test_ni_okeru_is_a_case_not_a_verb():
    ps = props("所属長は、事業者における保存期間を確認してください。")
    assert [p.act for p in ps if not p.nominal] == ["確認"]


@pytest.mark.parametrize("text,act,flag", [
    ("乙は、個人情報を第三者に提供してはならない。", "提供", "negated"),
    ("乙は、事故の内容を甲に報告しなければならない。", "報告", None),
    ("乙は、甲の承認を得たときは、通知する。", "得る", "past"),
    ("本サービスが停止されるときは、乙は通知する。", "停止", "passive"),
])
def test_flags(text, act, flag):
    p = next(p for p in props(text) if p.act == act)
    for name in ("negated", "past", "passive"):
        assert getattr(p, name) == (name == flag), (name, p.describe())


def test_modifier_use_of_baai_is_not_a_condition():
    assert not any(p.condition for p in props("乙が責任を負う場合における乙の責任の総額は、委託料を上限とする。")
                   if p.act == "負う")


def test_nominal_act_and_coordinated_object():
    ps = props("乙は、個人情報の取扱いに関する教育を行い、個人情報を取得し、又は利用するときは、承認を得る。")
    nominal = next(p for p in ps if p.nominal)
    assert nominal.act == "取扱い" and nominal.arg("の").text == "個人情報"
    use = next(p for p in ps if p.act == "利用")
    assert use.condition and use.arg("を").text == "個人情報"


def test_explain_lines():
    lines = explain("乙は、個人情報を取り扱うときは、別記を遵守しなければならない。")
    assert any("取り扱う(" in ln and "条件" in ln for ln in lines)


def test_a_te_iru_predicate_heads_its_condition():
    cond = [p for p in props("受託者は、作業室に入退室管理設備を設置している場合は、記録を保存する。") if p.condition]
    assert [(p.act, p.arg("を").text) for p in cond] == [("設置", "入退室管理設備")]
    assert [p.past for p in props("乙は、設備を設置していたときは、報告する。") if p.condition] == [True]


def test_ni_atatte_wa_heads_a_condition_but_a_preamble_ni_atari_does_not():
    cond = [p.act for p in props("乙は、健診データを仮名加工情報に加工するに当たっては、氏名を削除する。") if p.condition]
    assert cond == ["加工"]
    assert not [p for p in props("甲が本サービスを利用するに当たり、次のとおり定める。") if p.condition]


def test_a_formal_noun_ending_the_phrase_before_is_not_part_of_an_argument():
    p = next(p for p in props("氏名が返礼品の発送のため返礼品事業者に提供される。") if p.act == "提供")
    assert p.arg("に").text == "返礼品事業者"


def test_a_causative_predicate_is_marked():
    p = next(p for p in props("学校は、児童生徒に学習用端末を毎日持ち帰らせるものとする。") if p.act == "持ち帰る")
    assert p.causative and not next(q for q in props("児童生徒は、学習用端末を持ち帰る。") if q.act == "持ち帰る").causative


def test_a_relative_clause_takes_no_topic_and_no_phrase_set_off_by_a_comma():
    ps = props("甲は、乙が収納した家賃等を、収納した日の翌日から起算して３日以内に、甲名義の口座に払い込む。")
    rel = next(p for p in ps if p.act == "収納" and p.modifies.head == "家賃等")
    assert rel.arg("は") is None and rel.arg("が").text == "乙"
    main = next(p for p in ps if p.act == "払い込む")
    assert main.arg("は").text == "甲" and main.arg("を").text == "家賃等"


def test_a_new_topic_replaces_the_one_of_the_clause_before():
    ps = props("乙は、委託料を甲に請求するものとし、甲は、請求書を受理した日から30日以内に委託料を支払う。")
    pay = next(p for p in ps if p.act == "支払う")
    assert [a.text for a in pay.args if a.case == "は"] == ["甲"]


def test_the_words_of_a_past_condition_are_no_argument():
    ps = props("発注者は、保守作業を実施したときは、作業報告書を受注者に提出する。")
    assert next(p for p in ps if p.act == "提出").arg("は") is None


def test_a_clause_with_its_own_subject_does_not_share_the_object_before():
    ps = props("乙は、調査票を保管庫に保管し、調査員が訪問のために持ち出すときは、持出簿に記録する。")
    out = next(p for p in ps if p.act == "持ち出す")
    assert out.arg("を") is None and out.arg("が").text == "調査員"


def test_ni_yoru_is_a_case_not_a_verb():
    ps = props("乙が訪問による督促を行った滞納者")
    act = next(p for p in ps if p.act == "行う")
    assert act.arg("が").text == "乙" and act.arg("による").text == "訪問"


def test_an_act_before_koto_ga_aru_or_koto_to_naru_is_the_condition():
    """「引き渡すことがあるときは」「実施することとなった場合は」: the condition is about the act before こと;
    「提供することが困難となったときは」 is about the difficulty, not the providing."""
    for text, act in (("所管課は、電子データを受託者に引き渡すことがあるときは、暗号化しなければならない。", "引き渡す"),
                      ("受注者は、リモート保守を実施することとなった場合は、閉域網を使用すること。", "実施")):
        p = next(p for p in props(text) if p.act == act)
        assert p.condition and not p.past, text
    hard = next(p for p in props("乙は、本サービスを提供することが困難となったときは、甲に通知する。") if p.act == "提供")
    assert not hard.condition
