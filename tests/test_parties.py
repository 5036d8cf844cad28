"""Parties: labels, names, roles and aliases from the party definitions; none in statutes."""

from __future__ import annotations

import pytest

from shinsa.facts import build_facts
from shinsa.ingest import ingest
from shinsa.ingest.text import read_text

from conftest import DRAFTS, LAWS, need


def _facts_text(text: str):
    return build_facts(read_text(text.encode("utf-8"), "<t>", "txt"))


def _parties(name: str):
    return {p.label: p for p in build_facts(ingest(DRAFTS / f"{name}.txt")).parties}


def test_municipality_and_company_from_the_preamble():
    ps = _parties("copied_template_keiyaku")
    assert set(ps) == {"甲", "乙"}
    assert (ps["甲"].name, ps["甲"].role) == ("東山市", "client")
    assert (ps["乙"].name, ps["乙"].role) == ("株式会社みなと情報システム", "vendor")
    assert ps["乙"].to_json() == {"label": "乙", "name": "株式会社みなと情報システム", "role": "vendor",
                                  "aliases": ["株式会社みなと情報システム"]}


def test_role_words_written_with_the_name_are_aliases():
    ps = _parties("itaku_kojin_joho")  # 委託者西原市（以下「甲」…）と受託者株式会社さくらデータサービス（以下「乙」…）
    assert ps["甲"].name == "西原市" and "委託者" in ps["甲"].aliases
    assert ps["乙"].name == "株式会社さくらデータサービス" and "受託者" in ps["乙"].aliases


def test_role_word_labels_and_a_municipality_named_shi():
    ps = _parties("callcenter_shiyosho")
    assert ps["発注者"].role == "client" and ps["発注者"].name == "南丘市"
    assert ps["受注者"].role == "vendor"
    ps = _parties("unyo_yoryo")
    assert ps["市"].role == "client" and ps["運用事業者"].role == "vendor"


def test_roles_follow_the_names_not_the_labels():
    f = _facts_text("株式会社あさひ（以下「甲」という。）と南野町（以下「乙」という。）は、次のとおり契約する。\n"
                    "第1条　甲は、乙に対し、保守料を請求することができる。\n")
    ps = {p.label: p for p in f.parties}
    assert ps["甲"].role == "vendor" and ps["乙"].role == "client"


def test_undefined_role_word_is_an_alias_of_the_party_with_that_role():
    f = _facts_text("東山市（以下「甲」という。）と株式会社みなと（以下「乙」という。）は、次のとおり契約する。\n"
                    "第1条　受託者は、個人情報を第三者に提供してはならない。\n")
    ps = {p.label: p for p in f.parties}
    assert "受託者" in ps["乙"].aliases
    st = [s for s in f.statements if s.modality == "prohibition"]
    assert st and st[0].bearers == ("乙",)


def test_a_document_without_party_definitions_has_no_parties():
    f = _facts_text("第1条　この規則は、公布の日から施行する。\n第2条　市長は、必要な事項を定めることができる。\n")
    assert f.parties == () and f.statements == ()


@pytest.mark.parametrize("name", ["chiho_jichi_322AC0000000067", "kojin_joho_hogo_415AC0000000057"])
def test_statutes_have_no_parties(name):
    path = need(LAWS / "text" / f"{name}.txt")
    f = build_facts(ingest(path))
    assert f.parties == ()
    assert "balance" not in f.extra


def test_undefined_role_words_are_the_parties():
    f = build_facts(read_text(("第1条　受注者は、点検の結果を翌月7日までに発注者に報告する。\n"
                               "第2条　発注者は、報告を受けたときは、その内容を確認する。\n"
                               "第3条　受注者は、障害が発生したときは、直ちに発注者に連絡する。\n").encode(), "<t>", "txt"))
    assert [(p.label, p.role) for p in f.parties] == [("発注者", "client"), ("受注者", "vendor")]
