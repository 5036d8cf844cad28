"""Modality per sentence: bearer, modality, predicate; the balance against hand counts;
the accuracy on the hand-labelled sentences."""

from __future__ import annotations

import pytest

from shinsa.facts import build_facts
from shinsa.ingest import ingest
from shinsa.ingest.text import read_text

from conftest import DRAFTS

PRE = "東山市（以下「甲」という。）と株式会社みなと（以下「乙」という。）は、次のとおり契約する。\n"


def _one(body: str):
    f = build_facts(read_text((PRE + "第1条　" + body + "\n").encode("utf-8"), "<t>", "txt"))
    sts = [s for s in f.statements if s.clause and s.clause.startswith("第1条")]
    assert len(sts) == 1, sts
    return f, sts[0]


@pytest.mark.parametrize("body, bearer, modality", [
    ("乙は、個人情報を甲に返還しなければならない。", "乙", "obligation"),
    ("乙は、月次報告書を甲に提出するものとする。", "乙", "obligation"),
    ("乙は、個人情報を第三者に提供してはならない。", "乙", "prohibition"),
    ("乙は、個人情報を目的外に利用しないものとする。", "乙", "prohibition"),
    ("甲は乙に対し違約金を請求することができる。", "甲", "right"),
    ("乙は、甲に対し、その損害を賠償しなければならない。", "乙", "indemnity"),
    ("乙は、障害の復旧に努めるものとする。", "乙", "best_effort"),
    ("乙は、停電により生じた損害について一切の責任を負わない。", "乙", "exemption"),
    ("乙が甲に対して負う損害賠償の額は、委託料の額を上限とする。", "乙", "liability_cap"),
    ("乙が本業務に違反したときは、甲は、この契約を解除することができる。", "甲", "right"),
    ("甲及び乙は、天災地変により生じた損害について責任を負わない。", "both", "exemption"),
    ("甲又は乙は、相手方が破産したときは、この契約を解除することができる。", "both", "right"),
    ("この契約に定めのない事項は、甲乙協議して定める。", "both", "obligation"),
    ("甲は、乙に対し、委託料を支払う。", "甲", "obligation"),
    ("この契約の期間は、令和9年4月1日から令和10年3月31日までとする。", "none", "none"),
    ("乙は、2014年にプライバシーマークの付与を受けている。", "乙", "none"),
    # plain forms in a party's sentence are undertakings; descriptive sentences are not
    ("乙は、業務の実施状況を甲に報告する。", "乙", "obligation"),
    ("乙は、個人情報を第三者に提供しない。", "乙", "prohibition"),
    ("乙は、甲の承諾を得ないで、本業務を第三者に委託しない。", "乙", "prohibition"),
    ("本業務に要する費用は、乙が負担する。", "乙", "obligation"),
    ("乙は、本業務を誠実に履行します。", "乙", "obligation"),
    ("前項の規定により解除した場合、甲は、乙に生じた損害を賠償しない。", "甲", "exemption"),
    ("乙は、甲に通知することにより、この契約を解約できる。", "乙", "right"),
    ("乙は、甲の承諾なく再委託できない。", "乙", "prohibition"),
    ("乙の責任は、委託料の総額を限度とする。", "乙", "liability_cap"),
    ("この契約は、本業務の実施に必要な事項を定める。", "none", "none"),
    ("本サービスは、インターネットを通じて提供される。", "none", "none"),
    ("甲は、本業務を乙に委託し、乙は、これを受託する。", "both", "none"),
    # each of the parties named before のいずれも / の双方は is the topic
    ("天災地変により履行が困難となった場合は、甲及び乙のいずれも、その責めを負わないものとする。", "both", "exemption"),
])
def test_bearer_and_modality(body, bearer, modality):
    f, st = _one(body)
    assert (st.bearer(f.parties), st.modality) == (bearer, modality)


def test_predicate_object_and_counterparty():
    f, st = _one("甲は、本業務の実施状況を、毎月10日までに乙に報告しなければならない。")
    assert st.verb == "報告"
    assert f.text[st.predicate[0]:st.predicate[1]] == "報告しなければならない"
    assert f.text[st.obj[0]:st.obj[1]] == "本業務の実施状況"
    assert st.counterparty == ("乙",)
    assert f.text[st.topic[0]:st.topic[1]] == "甲は"


def test_same_as_before_and_items_inherit_the_bearer():
    f = build_facts(read_text((PRE + "第1条　乙は、秘密を漏らしてはならない。契約が終了した後も、同様とする。\n"
                               "第2条　乙は、次に掲げる措置を講じなければならない。\n（１）端末を施錠すること。\n"
                               "第3条　甲は、乙が次の各号のいずれかに該当するときは、契約を解除することができる。\n"
                               "（１）この契約に違反したとき。\n").encode("utf-8"), "<t>", "txt"))
    by = {(s.clause, f.text[s.start:s.end][:6]): (s.bearer(f.parties), s.modality) for s in f.statements}
    assert by[("第1条第1項", "契約が終了し")] == ("乙", "prohibition")
    assert by[("第2条第1項第1号", "端末を施錠す")] == ("乙", "obligation")
    assert by[("第3条第1項第1号", "この契約に違")] == ("none", "none")


def test_an_item_takes_the_bearer_of_the_lead_sentence_not_of_an_earlier_item():
    f = build_facts(read_text((PRE + "第1条　乙は、次に掲げる措置を講じなければならない。\n"
                               "（１）出欠を記録する場合には、甲が貸与する端末を使用し、時刻を記録すること。\n"
                               "（２）事故が発生したときは、保護者及び甲に報告すること。\n").encode("utf-8"), "<t>", "txt"))
    by = {s.clause: s.bearer(f.parties) for s in f.statements}
    assert by["第1条第1項第2号"] == "乙"


def _balance(name: str) -> dict:
    f = build_facts(ingest(DRAFTS / f"{name}.txt"))
    return {p: {k: v["count"] for k, v in cats.items()} for p, cats in f.extra["balance"].items()}, f


# Hand counts: one per sentence, from reading the drafts (both-party sentences count for each party).
def test_balance_matches_hand_count_vendor_shiyosho():
    bal, f = _balance("vendor_shiyosho")
    # 甲: obligations 3-3 (甲乙別途協議), 11-1 (支払う), 12-3 (甲乙協議の上定める), 16-2 (変更するものとする),
    #     17 (協議の上定める); prohibitions 13-1 ×2 (秘密 + 同様とする), 16-1; right 11-2 (予算減額の解除);
    #     exemption 14 (甲及び乙は…責任を負わない)
    assert bal["甲"] == {"obligation": 5, "best_effort": 0, "prohibition": 3, "right": 1, "termination_right": 1,
                         "exemption": 1, "liability_cap": 0, "indemnity": 0}
    # 乙: obligations 3-1, 4-2, 4-3, 4-4, 6-1 ×2, 6-2, 6-4, 7-1, 7-3, 8-2, 8-3 + both 3-3, 12-3, 17;
    #     best effort 8-1; prohibitions 6-3, 13-1 ×2; rights 5-1 (変更), 10-1 (停止), 12-2 (解約);
    #     exemptions 9-1, 14; cap 9-2
    assert bal["乙"] == {"obligation": 15, "best_effort": 1, "prohibition": 3, "right": 3, "termination_right": 1,
                         "exemption": 2, "liability_cap": 1, "indemnity": 0}
    cells = f.extra["balance"]["乙"]
    assert cells["liability_cap"]["clauses"] == ["第9条第2項"]
    assert cells["termination_right"]["clauses"] == ["第12条第2項"]


def test_balance_matches_hand_count_copied_template():
    bal, f = _balance("copied_template_keiyaku")
    # 甲: obligations 3-1, 3-3, 3-4, 8-1 (the inverted report), 12-3, 17 (甲乙協議); prohibitions 10-1 ×2;
    #     rights 11-1 (検査), 12-1 (解除), 12-2 (違約金)
    assert bal["甲"] == {"obligation": 6, "best_effort": 0, "prohibition": 2, "right": 3, "termination_right": 1,
                         "exemption": 0, "liability_cap": 0, "indemnity": 0}
    # 乙: obligations 3-2, 4-1, 4-2 (業務責任者), 5-1 ×2, 5-2, 6-2, 8-2, 9-3, 11-3, 15-1, 15-3 ×2, 17;
    #     prohibitions 6-1, 9-1, 9-2, 10-1 ×2, 11-2, 15-2; rights 13-1 (解除), 14-2 (賠償請求); indemnity 14-1
    assert bal["乙"] == {"obligation": 14, "best_effort": 0, "prohibition": 7, "right": 2, "termination_right": 1,
                         "exemption": 0, "liability_cap": 0, "indemnity": 1}


def test_labelled_sentences_accuracy():
    from evaluation import eval_parties

    res = eval_parties.evaluate()
    assert res["n"] >= 150 and res["not_found"] == 0
    assert res["bearer_accuracy"] >= 0.9
    assert res["modality_accuracy"] >= 0.85
    held = eval_parties.evaluate(eval_parties.HELDOUT)
    assert held["bearer_accuracy"] >= 0.9 and held["modality_accuracy"] >= 0.85


def test_party_subject_of_an_earlier_predicate_is_no_undertaking(tmp_path):
    """「利用契約は、利用者が申込書を当社に提出し、当社がこれを承諾した時に成立する。」 states when the contract
    is made; the user is the subject of 提出し, not a party undertaking the sentence."""
    from shinsa.scan import analyze_path

    p = tmp_path / "k.txt"
    p.write_text("利用規約\n\n第1条　利用契約は、利用者が申込書を当社に提出し、当社がこれを承諾した時に成立する。\n"
                 "第2条　前条の費用は、利用者が負担する。\n", encoding="utf-8")
    f = analyze_path(p).facts
    mods = {f.folded[s.start:s.end][:6]: s.modality for s in f.statements}
    assert mods["利用契約は、"] == "none"
    assert mods["前条の費用は"] == "obligation"  # …は、乙が負担する: the が-subject governs the final predicate
