"""Party checks: one_sided_exemption, unilateral_right, party_role_inversion."""

from __future__ import annotations

import pytest

from shinsa.checks import CheckContext, run_checks
from shinsa.facts import build_facts
from shinsa.ingest import ingest
from shinsa.ingest.text import read_text

from conftest import DRAFTS, LAWS, need

RULES = frozenset({"one_sided_exemption", "unilateral_right", "party_role_inversion"})
PRE = "東山市（以下「甲」という。）と株式会社みなと（以下「乙」という。）は、次のとおり契約する。\n"


def _findings(*articles: str):
    text = PRE + "".join(f"第{i}条　{a}\n" for i, a in enumerate(articles, 1))
    f = build_facts(read_text(text.encode("utf-8"), "<t>", "txt"))
    return [x for x in run_checks(f, CheckContext(select=RULES))]


def _one(findings, rule):
    got = [f for f in findings if f.rule == rule]
    assert len(got) == 1, [(f.rule, f.quote) for f in findings]
    return got[0]


def test_vendor_only_exemption_for_broad_causes_is_a_cause_finding():
    f = _one(_findings("乙は、停電、通信回線の障害その他乙の責めに帰さない事由により生じた損害について、一切の責任を負わない。"),
             "one_sided_exemption")
    # quoted from the first cause it excuses to the exemption: the causes are what the reviewer must strike
    assert f.detail == "cause" and f.quote.startswith("停電") and f.quote.endswith("責任を負わない")
    assert f.severity == "warning"
    assert "乙" in f.message and "停電" in f.message and f.suggestion


def test_mutual_force_majeure_and_symmetric_cap_are_not_flagged():
    assert not _findings("甲及び乙は、天災地変その他の不可抗力により生じた損害について、その責任を負わない。",
                         "甲又は乙が相手方に対して負う損害賠償の額は、委託料の額を上限とする。")


def test_a_mutual_clause_does_not_excuse_an_extra_vendor_exemption():
    fs = _findings("甲及び乙は、天災地変により生じた損害について、その責任を負わない。",
                   "乙は、システムの障害により生じた損害について、その責任を負わない。")
    f = _one(fs, "one_sided_exemption")
    assert f.clause == "第2条第1項" and f.detail == "cause"


def test_vendor_only_cap():
    f = _one(_findings("乙が甲に対して負う損害賠償の額は、月額利用料の額を上限とする。"), "one_sided_exemption")
    assert f.detail == "cap" and "上限とする" in f.quote


def test_exemptions_given_to_each_party_separately_are_symmetric():
    assert not _findings("甲は、乙が提供した資料の誤りにより生じた損害について責任を負わない。",
                         "乙は、甲が提供した資料の誤りにより生じた損害について責任を負わない。")


def _ends(got, want):
    """Each one-sided right found where expected, its quote running from the holder to the right."""
    assert [g[:2] for g in got] == [w[:2] for w in want], got
    for g, w in zip(got, want):
        assert g[2].endswith(w[2]), (g, w)


def test_a_one_sided_right_is_quoted_from_its_holder_to_the_right():
    fs = _findings("乙は、3か月前までに甲に通知することにより、いつでもこの契約を解約することができる。",
                   "乙は、乙が必要と認めるときは、本サービスの提供を停止することができる。")
    assert _uni(fs) == [("第1条第1項", "termination", "乙は、3か月前までに甲に通知することにより、いつでもこの契約を解約することができる"),
                        ("第2条第1項", "suspension", "乙は、乙が必要と認めるときは、本サービスの提供を停止することができる")]
    # the message still names the right itself
    assert "「解約することができる」" in next(f.message for f in fs if f.clause == "第1条第1項")


def test_unilateral_termination_change_and_suspension():
    fs = _findings("乙は、3か月前までに甲に通知することにより、いつでもこの契約を解約することができる。",
                   "乙は、甲に通知することにより、本サービスの内容及び利用料を変更することができる。",
                   "乙は、乙が必要と認めるときは、本サービスの提供を停止することができる。")
    got = sorted((f.clause, f.detail, f.quote) for f in fs if f.rule == "unilateral_right")
    _ends(got, [("第1条第1項", "termination", "解約することができる"),
                   ("第2条第1項", "change", "変更することができる"),
                   ("第3条第1項", "suspension", "停止することができる")])


def test_grounded_or_mutual_rights_and_inspection_are_not_flagged():
    assert not _findings("甲は、乙がこの契約に違反したときは、この契約を解除することができる。",
                         "甲は、本業務の実施状況を確認するため、乙の事業所に立ち入り、検査することができる。",
                         "甲又は乙は、相手方に通知することにより、いつでもこの契約を解約することができる。",
                         "この契約の内容は、甲乙の書面による合意により変更することができる。",
                         "乙は、甲が利用料を60日以上支払わないときは、本サービスを停止することができる。")


def test_same_right_for_both_parties_written_twice_is_not_flagged():
    assert not _findings("甲は、3か月前までに通知することにより、この契約を解約することができる。",
                         "乙は、3か月前までに通知することにより、この契約を解約することができる。")


def test_client_only_right_is_not_reported_and_the_vendors_is_a_warning():
    """The municipality reviews the draft: a right only it holds is nothing to ask the vendor to change
    (blind reviewers of rounds 7 and 8 counted it as a false positive); the vendor's is a warning."""
    assert not [f for f in _findings("甲は、乙に通知することにより、この契約を解除することができる。")
                if f.rule == "unilateral_right"]
    f = _one(_findings("乙は、甲に通知することにより、この契約を解除することができる。"), "unilateral_right")
    assert f.severity == "warning"


def test_own_breach_as_ground_of_own_termination_is_inverted():
    fs = _findings("甲は、乙が次の各号のいずれかに該当するときは、この契約を解除することができる。\n"
                   "（１）正当な理由なく業務に着手しないとき。\n"
                   "（２）甲がこの契約に違反して乙が是正を求めたにもかかわらず、是正しないとき。",
                   "乙は、甲がこの契約に違反したときは、この契約を解除することができる。")
    f = _one(fs, "party_role_inversion")
    assert f.clause == "第1条第1項第2号" and f.quote.startswith("甲がこの契約に違反し")


def test_vendor_duty_put_on_the_client_is_inverted_only_with_evidence():
    fs = _findings("甲は、本業務の実施状況を、毎月10日までに乙に報告しなければならない。",
                   "乙は、事故が発生したときは、直ちに甲に報告しなければならない。")
    f = _one(fs, "party_role_inversion")
    assert f.clause == "第1条第1項" and f.quote.startswith("甲は、本業務の実施状況")
    # without any clause putting reporting on the vendor there is no evidence of a swap
    assert not _findings("甲は、本業務の実施状況を、毎月10日までに乙に報告しなければならない。")
    # the client's own acts (payment, notifying its inspection result) are its role
    assert not _findings("甲は、月次報告書を受理した日から10日以内に検査し、その結果を乙に通知しなければならない。",
                         "乙は、毎月10日までに月次報告書を甲に提出しなければならない。",
                         "甲は、乙に対し、委託料を支払う。")


KU = "南川区（以下「委託者」という。）と株式会社あさひデータ（以下「受託者」という。）は、次のとおり契約する。\n"


def _findings_with(pre: str, *articles: str):
    text = pre + "".join(f"第{i}条　{a}\n" for i, a in enumerate(articles, 1))
    f = build_facts(read_text(text.encode("utf-8"), "<t>", "txt"))
    return [x for x in run_checks(f, CheckContext(select=RULES))]


def test_each_exemption_sentence_is_judged_by_its_own_bearer_and_causes():
    # a mutual paragraph and a separate vendor-only paragraph in the same article
    fs = _findings_with(KU, "委託者及び受託者は、天災地変その他の不可抗力により生じた損害について、その責任を負わない。\n"
                            "２　前項に定めるもののほか、停電、通信回線の障害、第三者による不正アクセスにより生じた損害について、"
                            "受託者は一切の責任を負わない。")
    f = _one(fs, "one_sided_exemption")
    assert f.clause == "第1条第2項" and f.detail == "cause" and "受託者" in f.message
    # a client exemption for another matter is no counterpart of the vendor's exemption for broad causes
    fs = _findings("甲は、乙が提供した資料の誤りにより生じた損害について責任を負わない。",
                   "乙は、停電又はシステムの障害により生じた損害について責任を負わない。")
    assert [x.clause for x in fs if x.rule == "one_sided_exemption" and x.detail == "cause"] == ["第2条第1項"]
    # a party-less sentence excusing service causes exempts the vendor
    fs = _findings_with(KU, "停電、通信回線の障害その他の事象により生じた損害については、一切の責任を負わないものとする。")
    assert _one(fs, "one_sided_exemption").severity == "warning"


def test_no_compensation_after_terminating_for_breach_is_not_one_sided():
    assert not _findings("甲は、乙がこの契約に違反したときは、この契約を解除することができる。\n"
                         "２　前項の規定により契約を解除した場合、甲はこれによって乙に生じた損害を賠償しない。")
    # the same words without a breach behind them exempt the client one-sidedly (info: it favours the client)
    f = _one(_findings("甲は、本業務の実施により乙に生じた損害を賠償しない。"), "one_sided_exemption")
    assert f.severity == "info"


def test_ending_the_service_on_notice_is_a_unilateral_termination():
    fs = _findings_with(KU, "受託者は、委託者に対し、終了日の3か月前までに通知することにより、本サービスの提供を終了することができる。",
                        "受託者は、受託者の都合により、本サービスを廃止することができる。",
                        "受託者は、30日前までに委託者に書面で知らせて、本サービスの提供を打ち切ることができる。")
    got = sorted((x.clause, x.detail, x.quote) for x in fs if x.rule == "unilateral_right")
    _ends(got, [("第1条第1項", "termination", "終了することができる"),
                   ("第2条第1項", "termination", "廃止することができる"),
                   ("第3条第1項", "termination", "打ち切ることができる")])


def test_planned_suspension_with_notice_is_operational_but_discretionary_suspension_is_not():
    assert not _findings_with(KU, "受託者は、保守作業のため、7日前までに委託者に通知して、本サービスを計画停止することができる。")
    fs = _findings_with(KU, "受託者は、委託者に通知することなく、いつでも本サービスを停止することができる。",
                        "受託者は、受託者が必要と認めるときは、7日前までに通知して、本サービスを停止することができる。")
    assert sorted(x.clause for x in fs if x.rule == "unilateral_right") == ["第1条第1項", "第2条第1項"]


@pytest.mark.parametrize("pre", [KU, "西谷町（以下「発注者」という。）と株式会社みなと（以下「受注者」という。）は、次のとおり契約する。\n",
                                 "南川区（以下「区」という。）と株式会社あさひデータ（以下「事業者」という。）は、次のとおり契約する。\n",
                                 ""])
def test_role_inversion_with_any_party_naming(pre):
    client, vendor = {KU: ("委託者", "受託者"), "": ("発注者", "受注者")}.get(pre, (None, None))
    if client is None:
        client, vendor = ("発注者", "受注者") if "発注者" in pre else ("区", "事業者")
    fs = _findings_with(pre, f"{vendor}は、障害が発生したときは、直ちに{client}に報告しなければならない。",
                        f"{client}は、毎月末日までに、改善状況を{vendor}に報告しなければならない。",
                        f"{client}は、{vendor}が設置した機器に障害が発生したときは、その原因を調査しなければならない。",
                        f"{client}は、機器の異常に気付いたときは、直ちに{vendor}に連絡する。")
    got = sorted(x.clause for x in fs if x.rule == "party_role_inversion")
    assert got == ["第2条第1項", "第3条第1項"], [(x.clause, x.quote) for x in fs]


def test_client_investigating_its_own_equipment_is_not_inverted():
    assert not _findings_with(KU, "委託者は、委託者が貸与した端末に不具合が生じたときは、その原因を調査しなければならない。",
                              "受託者は、障害が発生したときは、直ちに委託者に報告しなければならない。")


@pytest.mark.parametrize("name", ["vendor_shiyosho", "copied_template_keiyaku", "datacenter_tokki",
                                  "hoshu_vendor_keiyaku", "seijo_keiyaku", "ku_yoyaku_saas_keiyaku",
                                  "cho_kiki_hoshu_shiyosho", "shitei_kanri_kyotei"])
def test_gold_findings_of_the_party_rules_on_text(name):
    import yaml

    gold = yaml.safe_load((DRAFTS / f"{name}.gold.yaml").read_text(encoding="utf-8"))
    want = {(g["rule"], g["clause"]) for g in gold.get("findings", []) if g["rule"] in RULES}
    f = build_facts(ingest(DRAFTS / f"{name}.txt"))
    got = {(x.rule, x.clause) for x in run_checks(f, CheckContext(select=RULES))}
    assert got == want


def test_statutes_get_no_party_findings():
    laws = sorted(need(LAWS / "text").glob("*.txt"))
    assert len(laws) >= 9
    for path in laws:
        f = build_facts(ingest(path))
        assert not f.parties, path.name
        assert not run_checks(f, CheckContext(select=RULES)), path.name


# --- lessons from the second blind set (each rule stated in our own words) --------------------

TOWN = "北浦町（以下「町」という。）と株式会社しおさい（以下「指定管理者」という。）は、次のとおり協定を締結する。\n"


def _uni(fs):
    return sorted((x.clause, x.detail, x.quote) for x in fs if x.rule == "unilateral_right")


def test_price_change_on_notice_alone_is_unilateral_even_with_the_object_apart():
    fs = _findings("乙は、ラック利用料の単価を、適用日の3か月前までに甲に書面で知らせることにより改定することができる。",
                   "乙は、本サービスの手数料を、改定日の60日前までに甲に通知して、改定することができる。",
                   "乙は、電気料金の単価が変動したときは、甲に通知して、施設使用料の額を変更することができる。")
    _ends(_uni(fs), [("第1条第1項", "change", "改定することができる"),
                        ("第2条第1項", "change", "改定することができる"),
                        ("第3条第1項", "change", "変更することができる")])


def test_price_change_with_the_other_partys_consent_or_agreement_is_not_flagged():
    assert not _findings("乙は、甲の書面による承諾を得て、ラック利用料の単価を改定することができる。",
                         "保守料の額は、物価の変動により不相当となったときは、甲乙協議の上、改定することができる。",
                         "乙は、甲乙の書面による合意により、本サービスの料金を変更することができる。")
    # the holder's own approval or a consent the sentence waives is no consent
    fs = _findings("乙は、甲の承諾を要することなく、本サービスの利用料を改定することができる。")
    _ends(_uni(fs), [("第1条第1項", "change", "改定することができる")])


def test_ending_maintenance_on_the_vendors_own_business_grounds_is_unilateral():
    fs = _findings("乙は、交換部品の供給が終了したときその他乙の経営上の理由があるときは、6か月前までに甲に知らせて、"
                   "本件機器の保守を終了することができる。",
                   "乙は、対象機器の生産終了により修理が困難となったときは、本件保守を終了する。",
                   "乙は、乙の事業の廃止その他の事由が生じたときは、甲に通知して、この契約を解約することができる。")
    _ends(_uni(fs), [("第1条第1項", "termination", "終了することができる"),
                        ("第2条第1項", "termination", "終了する"),
                        ("第3条第1項", "termination", "解約することができる")])
    f = next(x for x in fs if x.clause == "第1条第1項" and x.rule == "unilateral_right")
    assert "経営" in f.message and f.severity == "warning"
    # the operator of a public facility withdrawing for its own business reasons
    fs = _findings_with(TOWN, "指定管理者は、経営状況の悪化により管理業務の継続が困難となったときは、町に通知して、この協定を解除することができる。")
    _ends(_uni(fs), [("第1条第1項", "termination", "解除することができる")])


def test_the_other_partys_business_failure_or_a_request_is_not_the_holders_own_ground():
    assert not _findings("甲は、乙の経営状況が著しく悪化し、本業務の継続が困難と認められるときは、この契約を解除することができる。",
                         "甲は、乙が事業を廃止したときは、この契約を解除することができる。")
    assert not _findings_with(TOWN, "指定管理者は、経営上の理由により管理業務の継続が困難となったときは、町に対し、協定の解除を申し出ることができる。")


def test_suspension_needs_a_maintenance_or_safety_purpose_not_just_notice():
    fs = _findings("乙は、甲に通知の上、甲の区画への電源又は回線の供給を一時停止することができる。",
                   "乙は、14日前までに甲に書面で知らせることにより、本サービスの提供を休止することができる。",
                   "乙は、甲に知らせた上で、保守を中止することができる。")
    assert [c for c, d, _ in _uni(fs)] == ["第1条第1項", "第2条第1項", "第3条第1項"]
    assert all(d == "suspension" for _, d, _ in _uni(fs))
    assert not _findings("乙は、受変電設備の定期点検のため、10日前までに甲に通知して、電源の供給を計画停止することができる。",
                         "乙は、空調機の部品交換のため、あらかじめ甲に知らせて、空調を一時停止することができる。",
                         "乙は、火災その他の緊急のやむを得ない場合は、人命及び設備の安全を確保するため、事後速やかに甲に知らせて、"
                         "電力の供給を止めることができる。")


def test_a_plan_submitted_by_the_client_to_the_operator_is_inverted():
    fs = _findings_with(TOWN, "町は、毎年度、次年度の事業計画書を指定管理者に提出する。",
                        "指定管理者は、毎年度終了後60日以内に、事業報告書を町に提出しなければならない。",
                        "指定管理者は、毎月10日までに、前月の利用状況を町に報告しなければならない。")
    f = _one(fs, "party_role_inversion")
    assert f.clause == "第1条第1項" and f.quote.startswith("町は、毎年度、次年度の事業計画書")
    fs = _findings("甲は、作業開始の14日前までに作業計画書を乙に提出しなければならない。",
                   "乙は、作業完了後、作業報告書を甲に提出しなければならない。")
    assert [x.clause for x in fs if x.rule == "party_role_inversion"] == ["第1条第1項"]


def test_submissions_in_the_usual_direction_or_to_third_parties_are_not_inverted():
    assert not _findings_with(TOWN, "指定管理者は、毎年度、次年度の事業計画書を町に提出しなければならない。",
                              "町は、施設の整備計画書を議会に提出する。",
                              "指定管理者は、事業報告書を町に提出しなければならない。")


@pytest.mark.parametrize("pre,town,op", [(TOWN, "町", "指定管理者"),
                                         ("北浦町（以下「発注者」という。）と株式会社しおさい（以下「受注者」という。）は、"
                                          "次のとおり協定を締結する。\n", "発注者", "受注者")])
def test_statutory_nonliability_after_revoking_a_designation_is_not_one_sided(pre, town, op):
    assert not _findings_with(pre, f"{town}は、地方自治法第244条の2第11項の規定により指定を取り消し、又は管理業務の停止を命じた場合において、"
                                   f"{op}に損害が生じても、その賠償の責めを負わない。")
    # without the statute or a breach behind it the same words exempt the town one-sidedly
    fs = _findings_with(pre, f"{town}は、管理業務の実施に関し{op}に損害が生じても、その賠償の責めを負わない。")
    assert _one(fs, "one_sided_exemption").severity == "info"


_PRE = "東山市（以下「甲」という。）と株式会社みなと（以下「乙」という。）は、次のとおり契約する。\n"


def _inv(body: str):
    from shinsa.examples import example_facts

    facts = example_facts("業務委託契約書\n\n" + _PRE + body)
    return [(f.detail, f.quote) for f in run_checks(facts, CheckContext(select=frozenset({"party_role_inversion"})))]


def test_transfer_written_against_the_documents_own_direction():
    body = ("第1条　乙は、毎月10日までに、作業報告書を甲に提出しなければならない。\n"
            "第2条　乙は、従事者の名簿を甲に提出しなければならない。\n"
            "第3条　甲は、従事者の誓約書を徴し、乙に提出しなければならない。\n")
    assert ("flow", "甲は、従事者の誓約書を徴し、乙に提出しなければならない") in _inv(body)


def test_consent_of_the_party_that_elsewhere_asks_for_it():
    body = ("第1条　乙は、甲の承認を得なければ、再委託してはならない。\n第2条　乙は、甲の承諾を得て、資料を複写する。\n"
            "第3条　甲は、本業務の一部を第三者に委託しようとするときは、あらかじめ乙の書面による承諾を得なければならない。\n")
    assert ("authority", "乙の書面による承諾") in _inv(body)


def test_same_direction_throughout_is_not_an_inversion():
    body = ("第1条　乙は、作業報告書を甲に提出しなければならない。\n第2条　乙は、名簿を甲に提出しなければならない。\n"
            "第3条　乙は、甲の承認を得て、再委託することができる。\n")
    assert _inv(body) == []


MUTUAL_NDA = ("ABC株式会社（以下「甲」という）とXYZ株式会社（以下「乙」という）は、相互に開示する秘密情報について契約する。\n"
              "第1条　「秘密情報」とは、甲又は乙が相手方に開示した情報をいう。\n")


def test_mutual_nda_party_duties_are_not_role_inversions():
    # each party of a mutual NDA discloses and receives: a report or a return by either is its own role
    fs = _findings_with(MUTUAL_NDA, "甲は、秘密情報の管理状況を、毎月10日までに乙に報告しなければならない。",
                        "乙は、秘密情報の管理状況を、毎月10日までに甲に報告しなければならない。",
                        "甲及び乙は、相手方から開示を受けた秘密情報を第三者に開示してはならない。",
                        "甲及び乙は、天災地変により生じた損害について、責任を負わない。")
    assert not [f for f in fs if f.rule in ("party_role_inversion", "one_sided_exemption")], [(f.rule, f.quote) for f in fs]


def test_one_way_exemption_in_a_mutual_nda_is_still_one_sided():
    fs = _findings_with(MUTUAL_NDA, "乙は、秘密情報の漏えいにより生じた損害について、一切の責任を負わない。")
    assert [f.rule for f in fs] == ["one_sided_exemption"]


def test_training_the_other_partys_staff_is_an_inversion():
    define = "この契約において「従事者」とは、乙の役員、従業員その他乙の指揮監督を受けて本業務に従事する者をいう。"
    got = _findings(define, "甲は、従事者に対し、個人情報の取扱いに関する研修を行い、教育しなければならない。")
    f = _one(got, "party_role_inversion")
    assert f.detail == "staff" and f.quote.startswith("甲は、従事者に対し")
    # the usual way round, and the client's right to ask for it, are not
    assert not [x for x in _findings(define, "乙は、従事者に対し、個人情報の取扱いに関する教育を行わなければならない。")
                if x.rule == "party_role_inversion"]
    assert not [x for x in _findings(define, "甲は、乙に対し、従事者の教育の実施状況の報告を求めることができる。")
                if x.rule == "party_role_inversion"]


def test_flow_inversion_reads_the_party_among_several_ni_phrases():
    """「5日以内に受注者に提出」: the recipient is the party, not the time before it; an application goes either way."""
    got = _findings("乙は、作業の結果を記載した報告書を、翌月10日までに甲に提出しなければならない。",
                    "乙は、事故の報告書を、事故を知った日から7日以内に甲に提出しなければならない。",
                    "甲は、再発防止策を記載した報告書を、事故を知った日から5日以内に乙に提出しなければならない。")
    f = _one(got, "party_role_inversion")
    assert f.detail == "flow" and f.quote.startswith("甲は、再発防止策")
    ok = _findings("乙は、作業の結果を記載した報告書を、翌月10日までに甲に提出しなければならない。",
                   "乙は、事故の報告書を、事故を知った日から7日以内に甲に提出しなければならない。",
                   "甲は、機器を搬入するときは、5日前までに作業申請書を乙に提出するものとする。")
    assert not [x for x in ok if x.rule == "party_role_inversion"]


def test_forbidding_a_party_to_obstruct_its_own_inspection_is_an_inversion():
    got = _findings("甲は、本業務の実施状況を確認するため、乙の事業所を実地に調査するものとする。",
                    "甲は、前条の調査を正当な理由なく拒み、又は妨げてはならない。")
    f = _one(got, "party_role_inversion")
    assert f.detail == "obstruction"
    ok = _findings("甲は、本業務の実施状況を確認するため、乙の事業所を実地に調査するものとする。",
                   "乙は、前条の調査を正当な理由なく拒み、又は妨げてはならない。")
    assert not [x for x in ok if x.rule == "party_role_inversion"]


def test_custody_written_once_for_the_other_party_is_an_inversion():
    define = "この契約において「秘密情報」とは、甲が乙に開示する情報をいう。"
    got = _findings(define, "乙は、秘密情報を善良な管理者の注意をもって管理しなければならない。",
                    "乙は、秘密情報を契約終了後に甲に返還しなければならない。",
                    "甲は、秘密情報を記録した書類を施錠できる保管庫に保管しなければならない。")
    f = _one(got, "party_role_inversion")
    assert f.detail == "custody" and f.quote.startswith("甲は、秘密情報")
    ok = _findings(define, "乙は、秘密情報を善良な管理者の注意をもって管理しなければならない。",
                   "乙は、秘密情報を契約終了後に甲に返還しなければならない。")
    assert not [x for x in ok if x.rule == "party_role_inversion"]


def test_a_cap_after_a_condition_naming_both_parties_is_mutual():
    mutual = _findings("甲又は乙がこの契約に関して相手方に損害賠償責任を負う場合、その額は、直前12か月間に甲が支払った"
                       "委託料の総額を上限とする。")
    assert not [f for f in mutual if f.rule == "one_sided_exemption"], [(f.rule, f.quote) for f in mutual]
    one = _findings("乙がこの契約に関して甲に損害賠償責任を負う場合、その額は、委託料の総額を上限とする。")
    assert _one(one, "one_sided_exemption").detail == "cap"


def test_a_right_followed_by_its_consequence_is_still_a_right():
    """「…変更することができるものとし、変更後の…は…効力を生じるものとします」: the sentence ends on the
    consequence, the change right stays the vendor's alone."""
    fs = _findings("乙は、いつでもこの契約の条項を変更することができるものとし、変更後の条項は、乙が甲に通知した時から"
                   "効力を生じるものとする。")
    assert _one(fs, "unilateral_right").detail == "change"


def test_registering_the_other_partys_staff_with_that_party_is_an_inversion():
    """甲 files a list of 乙's own people with 乙: the one who reports on its staff is the party they work for."""
    define = "この契約において「従事者」とは、乙の役員、従業員その他乙の指揮監督を受けて本業務に従事する者をいう。"
    got = _findings(define, "甲は、従事者の氏名及び担当業務を記載した名簿を、作業開始前に乙に届け出なければならない。")
    f = _one(got, "party_role_inversion")
    assert f.detail == "staff" and f.quote.startswith("甲は、従事者の氏名")
    ok = _findings(define, "乙は、従事者の氏名及び担当業務を記載した名簿を、作業開始前に甲に届け出なければならない。",
                   "甲は、従事者が遵守すべき事項を記載した書面を乙に交付するものとする。")
    assert not [x for x in ok if x.rule == "party_role_inversion"]
    # a count of the people (従事者数、受検率) is no roster of them
    counts = _findings(define, "甲は、毎週1回、従事者数及び研修の受講率を乙に報告するものとする。")
    assert not [x for x in counts if x.rule == "party_role_inversion"]


def test_paying_the_fee_one_requests_is_an_inversion():
    """受注者 requests the 委託料 from 発注者 and is also written as paying it to 発注者: the payment runs the
    wrong way. License fees requested by each side of the other are no single payee."""
    got = _findings("乙は、検査に合格したときは、当該月分の委託料を甲に請求するものとする。",
                    "乙は、請求書を受理した日から30日以内に、当該月分の委託料を甲に支払う。")
    f = _one(got, "party_role_inversion")
    assert f.detail == "payment" and f.quote.startswith("乙は、請求書を受理した日から")
    ok = _findings("乙は、検査に合格したときは、当該月分の委託料を甲に請求するものとする。",
                   "甲は、請求書を受理した日から30日以内に、当該月分の委託料を乙に支払う。")
    assert not [x for x in ok if x.rule == "party_role_inversion"]
    both = _findings("甲は、乙に使用を許諾した対象の使用の対価を請求し、乙はこれを支払うものとする。",
                     "乙は、甲に使用を許諾した対象の使用の対価を甲に請求し、甲はこれを支払うものとする。")
    assert not [x for x in both if x.detail == "payment"]


def test_a_right_over_part_of_the_object_is_read_with_the_object():
    # 「仕様の一部を」「機能の全部又は一部を」: the right changes or ends the specification / the functions
    fs = _findings("乙は、乙が必要と判断したときは、甲に通知することにより、本システムの仕様の一部を変更することができる。",
                   "乙は、乙の判断により、本サービスの機能の全部又は一部を廃止することができる。")
    _ends(_uni(fs), [("第1条第1項", "change", "変更することができる"),
                     ("第2条第1項", "termination", "廃止することができる")])
    # a duty to change part of something the other side asked for is no right
    assert not _uni(_findings("乙は、甲の指示があったときは、本システムの仕様の一部を変更しなければならない。"))


def test_a_return_running_the_same_way_as_the_loan_is_inverted():
    fs = _findings("甲は、本業務の履行に必要な資料を乙に貸与する。",
                   "甲は、この契約が解除されたときは、貸与を受けた資料を7日以内に乙に返還しなければならない。")
    got = [(f.clause, f.detail) for f in fs if f.rule == "party_role_inversion"]
    assert got == [("第2条第1項", "flow")]
    assert "返還するのは受け取った側" in next(f.suggestion for f in fs if f.rule == "party_role_inversion")
    # the borrower returning what it was lent is the normal way
    assert not [f for f in _findings("甲は、本業務の履行に必要な資料を乙に貸与する。",
                                     "乙は、この契約が解除されたときは、貸与を受けた資料を7日以内に甲に返還しなければならない。")
                if f.rule == "party_role_inversion"]


def test_a_remedy_for_neglecting_a_duty_the_other_party_bears_is_inverted():
    fs = _findings("乙は、個人情報の漏えいを防止するため、安全管理措置を講じなければならない。",
                   "甲が安全管理措置を怠ったことにより個人情報の漏えいが生じたときは、乙は、甲に対し、その是正を求めることができる。")
    assert [(f.clause, f.detail) for f in fs if f.rule == "party_role_inversion"] == [("第2条第1項", "breach")]
    # the party that bears the duty neglecting it is the ordinary ground of the remedy
    assert not [f for f in _findings(
        "乙は、個人情報の漏えいを防止するため、安全管理措置を講じなければならない。",
        "乙が安全管理措置を怠ったことにより個人情報の漏えいが生じたときは、甲は、乙に対し、その是正を求めることができる。")
        if f.rule == "party_role_inversion"]


def test_a_breach_of_a_document_whose_duties_all_bind_the_other_party_is_inverted():
    duties = ["乙は、個人情報を漏らしてはならない。", "乙は、個人情報を複写してはならない。",
              "乙は、個人情報を適正に管理しなければならない。", "乙は、従事者を監督しなければならない。",
              "乙は、事故を7日以内に甲に報告しなければならない。", "乙は、資料を7日以内に甲に返還しなければならない。"]
    bad = "乙は、甲が本特記事項に違反したことにより損害を受けたときは、その賠償を甲に請求することができる。"
    fs = _findings(*duties, bad)
    assert [(f.clause, f.detail) for f in fs if f.rule == "party_role_inversion"] == [("第7条第1項", "breach")]
    good = "甲は、乙が本特記事項に違反したことにより損害を受けたときは、その賠償を乙に請求することができる。"
    assert not [f for f in _findings(*duties, good) if f.rule == "party_role_inversion"]
    # a contract that binds both parties (甲 pays): either may breach it
    both = [*duties, "甲は、委託料を30日以内に乙に支払わなければならない。"]
    assert not [f for f in _findings(*both, bad) if f.rule == "party_role_inversion"]


def test_a_return_naming_the_lent_thing_among_others_is_inverted():
    fs = _findings("甲は、本業務の実施に必要な範囲で、端末の台帳を乙に貸与する。",
                   "甲は、本業務の終了後10日以内に、端末台帳及び記録媒体を乙に返還しなければならない。")
    assert [(f.clause, f.detail) for f in fs if f.rule == "party_role_inversion"] == [("第2条第1項", "flow")]


def test_a_defined_thing_handed_against_its_definition_is_inverted():
    d = "この特記事項において「健診データ」とは、甲が乙に提供する特定健康診査の結果をいう。"
    fs = _findings(d, "乙は、健診データを、暗号化した記録媒体に格納した上で甲に提供するものとする。")
    assert [(f.clause, f.detail) for f in fs if f.rule == "party_role_inversion"] == [("第2条第1項", "flow")]
    fs = _findings(d, "甲は、健診データを、暗号化した記録媒体に格納した上で乙に提供するものとする。")
    assert not [f for f in fs if f.rule == "party_role_inversion"]


def test_money_paid_into_a_partys_account_goes_to_that_party():
    # the term defined inside the duty to pay it in gives the direction: 乙 collects, 甲 receives
    d = "乙は、窓口で収納した水道料金等（以下「収納金」という。）を、翌営業日までに甲の指定金融機関に払い込まなければならない。"
    fs = _findings(d, "甲は、訪問により収納した収納金を、翌営業日までに乙の指定する口座に払い込むものとする。")
    got = [f for f in fs if f.rule == "party_role_inversion"]
    assert [(f.clause, f.detail) for f in got] == [("第2条第1項", "flow")]
    assert got[0].quote.startswith("乙の指定する口座")
    fs = _findings(d, "乙は、訪問により収納した収納金を、翌営業日までに甲の指定する口座に払い込むものとする。")
    assert not [f for f in fs if f.rule == "party_role_inversion"]
    # data handed to the client's bank is no payment to the client
    fs = _findings("甲は、調定データを乙に引き渡す。", "乙は、口座振替データを作成し、甲の指定金融機関に引き渡す。",
                   "乙は、返戻された督促状を甲に引き渡さなければならない。")
    assert not [f for f in fs if f.rule == "party_role_inversion"]


def test_an_inverted_handing_over_is_quoted_through_the_duty_it_opens():
    pre = "高森市（以下「市」という。）と学校法人みどり大学（以下「大学」という。）は、次のとおり協定を締結する。\n"
    fs = _findings_with(pre, "大学は、研究計画書を市に提出しなければならない。", "大学は、実績報告書を市に提出しなければならない。",
                        "市は、公表予定日の30日前までに、その内容を大学に提出し、大学の確認を受けなければならない。")
    got = [f for f in fs if f.rule == "party_role_inversion"]
    assert got and got[0].quote.endswith("大学の確認を受けなければならない")


def test_a_causative_handing_over_runs_from_the_one_made_to_act():
    fs = _findings("乙は、月次の作業報告書を甲に提出しなければならない。", "乙は、点検の結果を甲に提出しなければならない。",
                   "甲は、必要に応じて、乙に作業日誌を提出させることができる。")
    assert not [f for f in fs if f.rule == "party_role_inversion"]


def test_a_thing_provided_to_two_parties_is_returned_by_them():
    pre = ("東山町（以下「甲」という。）、東山町社会福祉協議会（以下「乙」という。）及び東山町自主防災組織連絡協議会"
           "（以下「丙」という。）は、次のとおり協定を締結する。\n")
    give = "甲は、名簿情報を作成し、乙及び丙に提供する。"
    fs = _findings_with(pre, give, "甲は、名簿情報を更新したときは、更新前の名簿情報を乙及び丙に返還しなければならない。")
    got = [f for f in fs if f.rule == "party_role_inversion"]
    assert [(f.clause, f.detail) for f in got] == [("第2条第1項", "flow")] and "提供" in got[0].message
    fs = _findings_with(pre, give, "乙及び丙は、協定が終了したときは、名簿情報を甲に返還しなければならない。")
    assert not [f for f in fs if f.rule == "party_role_inversion"]
    # what the returner received from the one it goes back to
    fs = _findings("乙は、作業報告書を甲に提供する。", "乙は、甲から提供を受けた記録媒体を甲に返還しなければならない。")
    assert not [f for f in fs if f.rule == "party_role_inversion"]


def test_a_penalty_paid_by_the_party_that_may_terminate_is_inverted():
    right = "甲は、乙がこの契約に違反したときは、この契約を解除することができる。"
    bad = "前条の規定によりこの契約が解除されたときは、甲は、委託料の10分の1に相当する額を違約金として乙に支払わなければならない。"
    fs = _findings(right, bad)
    assert [(f.clause, f.detail) for f in fs if f.rule == "party_role_inversion"] == [("第2条第1項", "payment")]
    good = bad.replace("甲は、", "乙は、").replace("違約金として乙に", "違約金として甲に")
    assert not [f for f in _findings(right, good) if f.rule == "party_role_inversion"]


def test_damages_owed_to_the_party_whose_breach_is_the_ground_are_inverted():
    right = "甲は、乙がこの契約に違反したときは、この契約を解除することができる。"
    bad = "前条の規定によりこの契約を解除した場合において、甲は、これにより乙に生じた損害を賠償しなければならない。"
    got = [f for f in _findings(right, bad) if f.rule == "party_role_inversion"]
    assert [(f.clause, f.detail) for f in got] == [("第2条第1項", "breach")]
    good = "前条の規定によりこの契約を解除した場合において、乙は、これにより甲に生じた損害を賠償しなければならない。"
    assert not [f for f in _findings(right, good) if f.rule == "party_role_inversion"]
    # the ground in the sentence itself, and the loss as 被った損害
    own = "乙の責めに帰すべき事由により業務が履行されなかったときは、甲は、乙が被った損害を賠償しなければならない。"
    assert [f.detail for f in _findings(own) if f.rule == "party_role_inversion"] == ["breach"]
    # a termination for the holder's own convenience names no breach: the holder compensates
    free = "甲は、必要があるときは、この契約を解除することができる。"
    assert not [f for f in _findings(free, bad) if f.rule == "party_role_inversion"]


def test_a_thing_lent_both_ways_is_inverted_where_the_vendor_lends_to_the_client():
    pre = "早山崎市（以下「委託者」という。）と株式会社コール（以下「受託者」という。）は、次のとおり契約する。\n"
    bad = "委託者は、受託者から貸与された端末及び資料を、善良な管理者の注意をもって管理すること。"
    back = "受託者は、業務が完了したときは、委託者から貸与された資料を返還すること。"
    got = [f for f in _findings_with(pre, bad, back) if f.rule == "party_role_inversion"]
    assert [(f.clause, f.detail) for f in got] == [("第1条第1項", "flow")] and got[0].related
    good = bad.replace("委託者は、受託者から", "受託者は、委託者から")
    assert not [f for f in _findings_with(pre, good, back) if f.rule == "party_role_inversion"]
    # each side lends something of its own: a lease of the vendor's terminals is no slip
    # information is provided both ways: 提供 is no loan
    told = "受託者は、報告に必要な資料を委託者に提供すること。"
    assert not [f for f in _findings_with(pre, told, back) if f.rule == "party_role_inversion"]
    lease = "委託者は、受託者から貸与された端末を、善良な管理者の注意をもって管理すること。"
    assert not [f for f in _findings_with(pre, lease, back) if f.rule == "party_role_inversion"]


def test_a_record_made_by_the_client_that_the_vendor_keeps_is_inverted():
    pre = "川辺野市（以下「発注者」という。）と株式会社データ（以下「受注者」という。）は、次のとおり契約する。\n"
    bad = "発注者は、入退室の記録を作成し、これを１年間保存すること。"
    keep = "受注者は、入退室記録、作業記録及び障害記録を電子データとして保管し、発注者の求めに応じて閲覧に供すること。"
    got = [f for f in _findings_with(pre, bad, keep) if f.rule == "party_role_inversion"]
    assert [(f.clause, f.detail) for f in got] == [("第1条第1項", "duty")] and "入退室記録" in got[0].message
    good = bad.replace("発注者は、", "受注者は、")
    assert not [f for f in _findings_with(pre, good, keep) if f.rule == "party_role_inversion"]
    # the client keeping what the vendor made and handed over is right
    kept = "発注者は、受注者から提出された作業記録を５年間保存する。"
    made = "受注者は、作業記録を作成し、毎月発注者に提出すること。"
    assert not [f for f in _findings_with(pre, made, kept) if f.rule == "party_role_inversion"]


def test_restoration_by_the_party_that_does_not_keep_the_thing_is_inverted():
    pre = "朝霧市（以下「甲」という。）と株式会社あさぎり（以下「乙」という。）は、次のとおり協定を締結する。\n"
    keep = "乙が朝霧市総合体育館（以下「本施設」という。）の管理を行う期間は、５年間とする。"
    bad = "指定期間が満了したときは、甲は、その費用により本施設を原状に回復し、乙に引き渡さなければならない。"
    got = [f for f in _findings_with(pre, keep, bad) if f.rule == "party_role_inversion"]
    assert [(f.clause, f.detail) for f in got] == [("第2条第1項", "duty")]
    good = "指定期間が満了したときは、乙は、その費用により本施設を原状に回復し、甲に引き渡さなければならない。"
    assert not [f for f in _findings_with(pre, keep, good) if f.rule == "party_role_inversion"]
    # the municipality as tenant: it uses the premises and restores them
    made_to = "甲が乙に本施設の管理を行わせる期間は、５年間とする。"
    assert not [f for f in _findings_with(pre, made_to, good) if f.rule == "party_role_inversion"]
    lease = "甲は、本物件を事務所として使用する。"
    own = "契約が終了したときは、甲は、本物件を原状に回復し、乙に返還しなければならない。"
    assert not [f for f in _findings_with(pre, lease, own) if f.rule == "party_role_inversion"]


def test_returning_a_lent_thing_is_not_matched_to_another_hand_over():
    """The vendor hands the fees it collected over to the client, the client lends 貸与品: the vendor's return of
    the 貸与品 runs the right way (the loan word in 貸与品 names the client's loan, not the fees' hand-over)."""
    pre = "灯ヶ浦市（以下「委託者」という。）と株式会社あかり（以下「受託者」という。）は、次のとおり契約する。\n"
    fees = "受託者は、収納した手数料を翌開庁日までに委託者に引き渡すこと。"
    lend = "委託者は、証明書発行端末を受託者に貸与する。"
    back = "受託者は、履行期間の満了の日から5日以内に、貸与品を原状に復して委託者に返還すること。"
    assert not [f for f in _findings_with(pre, fees, lend, back) if f.rule == "party_role_inversion"]
    wrong = "委託者は、履行期間の満了の日から5日以内に、貸与品を受託者に返還すること。"
    got = [f for f in _findings_with(pre, fees, lend, wrong) if f.rule == "party_role_inversion"]
    assert [f.detail for f in got] == ["flow"]


def test_the_client_written_as_the_one_who_subcontracts_is_inverted():
    """Only the party that took the work subcontracts it and binds its subcontractor (roles.yaml subcontract_*)."""
    pre = "御影野市（以下「委託者」という。）と株式会社みかげ（以下「受託者」という。）は、次のとおり契約する。\n"
    rule = "受託者は、本業務の一部を第三者に委託しようとするときは、あらかじめ委託者の承諾を得なければならない。"
    bad = "委託者は、前条の承諾を得て再委託する場合には、再委託先に対し、受託者と同等の義務を負わせなければならない。"
    got = [f for f in _findings_with(pre, rule, bad) if f.rule == "party_role_inversion"]
    assert [(f.clause, f.detail) for f in got] == [("第2条第1項", "duty")]
    binds = "委託者は、再委託先に対し、受託者と同等の義務を負わせなければならない。"
    got = [f for f in _findings_with(pre, rule, binds) if f.rule == "party_role_inversion"]
    assert [(f.clause, f.detail) for f in got] == [("第2条第1項", "duty")]
    good = bad.replace("委託者は、前条", "受託者は、前条")
    assert not [f for f in _findings_with(pre, rule, good) if f.rule == "party_role_inversion"]
    # the client's own right over the subcontractor, and a subcontractor the client names
    audit = "委託者は、必要があると認めるときは、再委託先に対し、報告を求めることができる。"
    named = "受託者は、委託者が指定した再委託先に再委託することができる。"
    assert not [f for f in _findings_with(pre, rule, audit, named) if f.rule == "party_role_inversion"]


def test_collected_money_paid_to_the_collector_is_inverted():
    pre = "南町（以下「町」という。）と株式会社ポータル（以下「受注者」という。）は、次のとおり定める。\n"
    work = "受注者は、次に掲げる業務を行う。\n(1) 寄附金の収納代行\nア　クレジットカードによる寄附金の収納\nイ　収納した寄附金の町への引渡し\n"
    bad = "町は、ポータルサイトにより収納した寄附金を、受注者の指定する口座に振り込むものとする。"
    fs = _findings_with(pre, work, bad)
    got = [f for f in fs if f.rule == "party_role_inversion"]
    assert [(f.clause, f.detail) for f in got] == [("第2条第1項", "payment")]
    good = "受注者は、ポータルサイトにより収納した寄附金を、町の指定する口座に振り込むものとする。"
    assert not [f for f in _findings_with(pre, work, good) if f.rule == "party_role_inversion"]


def test_collected_money_paid_by_the_other_party_into_its_own_account_is_inverted():
    # the relative clause 「乙が収納した」 takes no topic and 「家賃等を、収納した日の…」 is the object of 払い込む
    duty = "乙は、入居者から家賃等を収納するものとする。"
    bad = ("甲は、前条の規定により乙が収納した家賃等を、収納した日の翌日から起算して３日以内に、"
           "甲の指定金融機関に開設された甲名義の口座に払い込まなければならない。")
    fs = [f for f in _findings(duty, bad) if f.rule == "party_role_inversion"]
    assert [(f.clause, f.detail) for f in fs] == [("第2条第1項", "payment")]
    assert "自分の口座" in fs[0].message
    good = bad.replace("甲は、", "乙は、", 1)
    assert not [f for f in _findings(duty, good) if f.rule == "party_role_inversion"]


def test_a_report_on_the_state_of_what_the_recipient_keeps_is_inverted():
    keep = "乙は、個人情報を乙の事業所において保管しなければならない。"
    bad = "甲は、乙の求めに応じ、個人情報の管理状況を乙に報告しなければならない。"
    fs = [f for f in _findings(keep, bad) if f.rule == "party_role_inversion"]
    assert [(f.clause, f.detail) for f in fs] == [("第2条第1項", "flow")]
    assert "自ら管理" in fs[0].message
    good = "乙は、甲の求めに応じ、個人情報の管理状況を甲に報告しなければならない。"
    assert not [f for f in _findings(keep, good) if f.rule == "party_role_inversion"]
    # the state of the recipient's own place, with no keeping written elsewhere
    place = "利用者は、当社の求めに応じ、当社のデータセンターにおける申請データの管理状況を当社に報告する。"
    pre = "株式会社あおば（以下「当社」という。）と本サービスを利用する地方公共団体（以下「利用者」という。）は、次のとおり定める。\n"
    got = [f for f in _findings_with(pre, place) if f.rule == "party_role_inversion"]
    assert [f.detail for f in got] == ["flow"]


def test_a_budget_cut_right_of_the_client_does_not_balance_a_vendor_price_change():
    # 長期継続契約: 「歳出予算の当該金額について減額又は削除があったときは」 is the statute's ground even uncited
    vendor = "乙は、経済情勢の変動その他の事由により賃借料が不相当となったと認めるときは、甲に通知して賃借料を改定することができる。"
    budget = "甲は、翌年度以降において、歳出予算の当該金額について減額又は削除があったときは、この契約を変更し、又は解除することができる。"
    fs = [f for f in _findings(vendor, budget) if f.rule == "unilateral_right"]
    assert [f.clause for f in fs] == ["第1条第1項"]


def test_a_rulebook_binds_the_vendor_by_making_it_act():
    """A 運用要領 addresses the department in charge: 「所管課は、受託者に、従事者に対して…周知させる」 makes the
    vendor instruct its own staff, and 「…消去させるものとする」 makes it erase — neither is the department's
    own act on the vendor's staff or data. 「所管課は、受託者に対し、従事者の誓約書を提出しなければならない」 is."""
    text = ("早瀬台市個人情報取扱事務の外部委託に関する運用要領\n\n第１　定義\n　この要領において、次の各号に掲げる用語の意義は、"
            "当該各号に定めるところによる。\n(1)　所管課　事務を所掌する課をいう。\n(2)　受託者　所管課から委託を受けた事業者をいう。\n"
            "(3)　従事者　受託者の従業員であって委託された事務に従事する者をいう。\n"
            "第２　従事者の管理\n１　所管課は、受託者に、従事者の名簿を提出させなければならない。\n"
            "２　所管課は、受託者に対し、従事者の誓約書を提出しなければならない。\n"
            "３　所管課は、受託者に、従事者に対して罰則を周知させるものとする。\n"
            "４　受託者は、従事者に対し、研修を実施しなければならない。\n５　受託者は、従事者の誓約書を所管課に提出しなければならない。\n"
            "第３　返還\n１　受託者は、委託個人情報を所管課に返還しなければならない。\n２　受託者は、委託個人情報を消去しなければならない。\n"
            "３　委託契約が終了したときは、委託個人情報を返還させ、又は消去させるものとする。\n")
    f = build_facts(read_text(text.encode("utf-8"), "<t>", "txt"))
    assert {p.label: p.role for p in f.parties} == {"所管課": "client", "受託者": "vendor"}
    got = [(x.clause, x.detail) for x in run_checks(f, CheckContext(select=RULES)) if x.rule == "party_role_inversion"]
    assert got == [("第2第2項", "duty")] or got == [("第2第2項", "flow")], got


def test_a_cap_on_the_amount_one_party_owes_is_one_sided():
    """「受注者が…発注者に対して負う損害賠償の額は、…月額利用料の額を上限とする」: the topic is the amount, the
    capped party is the が of the clause describing it."""
    pre = "峰市（以下「発注者」という。）と株式会社霧島（以下「受注者」という。）は、次のとおり契約する。\n"
    duty = "受注者は、この契約に違反して発注者に損害を与えたときは、その損害を賠償しなければならない。"
    cap = "受注者が本件業務に関して発注者に対して負う損害賠償の額は、損害が生じた月の月額利用料の額を上限とする。"
    got = [(f.clause, f.detail) for f in _findings_with(pre, duty, cap) if f.rule == "one_sided_exemption"]
    assert got == [("第2条第1項", "cap")]
    both = "発注者又は受注者が相手方に対して負う損害賠償の額は、月額利用料の額を上限とする。"
    assert not [f for f in _findings_with(pre, duty, both) if f.rule == "one_sided_exemption"]


def test_both_sides_excused_after_a_one_sided_sentence_are_mutual():
    """「受注者は、…不具合に起因して…生じた損害については、その責任を負わない。天災地変その他…事由により…遅延したときは、
    双方その責任を負わない。」: the second sentence names both sides; only the first is one-sided, quoted from its causes."""
    pre = "千鳥原市（以下「発注者」という。）と株式会社千鳥（以下「受注者」という。）は、次のとおり契約する。\n"
    text = ("受注者は、本システムに組み込まれた他社製ソフトウェアの不具合又は第三者による不正アクセスに起因して発注者に生じた"
            "損害については、その責任を負わない。天災地変その他発注者及び受注者のいずれの責めにも帰することができない事由により"
            "本業務の履行が遅延したときは、双方その責任を負わない。")
    got = [f for f in _findings_with(pre, text) if f.rule == "one_sided_exemption"]
    assert len(got) == 1 and got[0].detail == "cause" and got[0].quote.startswith("ソフトウェアの不具合")


def test_an_exemption_that_keeps_only_the_gravest_fault_is_quoted_from_its_exception():
    text = "乙は、乙の故意又は重大な過失による場合を除き、個人情報の漏えい等により甲に生じた損害について、責任を負わない。"
    got = [f for f in _findings(text) if f.rule == "one_sided_exemption"]
    assert len(got) == 1 and got[0].quote.startswith("乙の故意又は重大な過失による場合を除き")
    assert got[0].quote.endswith("責任を負わない")


def test_erasing_what_came_back_to_the_bearer_is_no_custody_slip():
    """A lessor who erases the data on the equipment returned to it (「乙は、物件の返還を受けたときは、…本件データを…
    消去しなければならない」) acts on what is in its hands, though the lessee keeps the data everywhere else."""
    pre = "青葉野市（以下「甲」という。）と株式会社リース（以下「乙」という。）は、次のとおり契約する。\n"
    defn = "この契約において「本件データ」とは、物件に記録された甲の個人情報をいう。"
    keep = ["甲は、本件データを適切に管理しなければならない。", "甲は、本件データを施錠できる場所で保管しなければならない。"]
    back = "乙は、物件の返還を受けたときは、物件の記憶装置に記録された本件データを、復元できない方法で消去しなければならない。"
    assert not [f for f in _findings_with(pre, defn, *keep, back) if f.rule == "party_role_inversion"]
    slip = "乙は、本件データを消去しなければならない。"
    assert [f.detail for f in _findings_with(pre, defn, *keep, slip) if f.rule == "party_role_inversion"] == ["custody"]
