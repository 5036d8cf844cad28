"""Party checks: one_sided_exemption, unilateral_right, party_role_inversion."""

from __future__ import annotations

import pytest

from pipeline.checks import CheckContext, run_checks
from pipeline.facts import build_facts
from pipeline.ingest import ingest
from pipeline.ingest.text import read_text

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
    assert f.detail == "cause" and f.quote == "責任を負わない" and f.severity == "warning"
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


def test_unilateral_termination_change_and_suspension():
    fs = _findings("乙は、3か月前までに甲に通知することにより、いつでもこの契約を解約することができる。",
                   "乙は、甲に通知することにより、本サービスの内容及び利用料を変更することができる。",
                   "乙は、乙が必要と認めるときは、本サービスの提供を停止することができる。")
    got = sorted((f.clause, f.detail, f.quote) for f in fs if f.rule == "unilateral_right")
    assert got == [("第1条第1項", "termination", "解約することができる"),
                   ("第2条第1項", "change", "変更することができる"),
                   ("第3条第1項", "suspension", "停止することができる")]


def test_grounded_or_mutual_rights_and_inspection_are_not_flagged():
    assert not _findings("甲は、乙がこの契約に違反したときは、この契約を解除することができる。",
                         "甲は、本業務の実施状況を確認するため、乙の事業所に立ち入り、検査することができる。",
                         "甲又は乙は、相手方に通知することにより、いつでもこの契約を解約することができる。",
                         "この契約の内容は、甲乙の書面による合意により変更することができる。",
                         "乙は、甲が利用料を60日以上支払わないときは、本サービスを停止することができる。")


def test_same_right_for_both_parties_written_twice_is_not_flagged():
    assert not _findings("甲は、3か月前までに通知することにより、この契約を解約することができる。",
                         "乙は、3か月前までに通知することにより、この契約を解約することができる。")


def test_client_only_right_is_info():
    f = _one(_findings("甲は、乙に通知することにより、この契約を解除することができる。"), "unilateral_right")
    assert f.severity == "info"


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


@pytest.mark.parametrize("name", ["vendor_shiyosho", "copied_template_keiyaku", "datacenter_tokki",
                                  "hoshu_vendor_keiyaku", "seijo_keiyaku"])
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
