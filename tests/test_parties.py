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


def test_a_rulebook_naming_itself_and_a_vendor_word_has_those_parties():
    text = ("第1　趣旨\n１　この要領は、職員が外部のサービスを利用する場合の手続を定めるものとします。\n"
            "第2　契約\n１　事業者は、本市の情報を国内で保存するものとします。\n"
            "２　事業者は、本市に通知することにより、サービスの内容を変更することができるものとします。\n")
    ps = _ps(text)
    assert {(p.label, p.role) for p in ps.values()} == {("本市", "client"), ("事業者", "vendor")}
    # the vendor word once only, or the municipality named once: no parties
    assert _ps(text.replace("２　事業者は、", "２　同社は、")) == {}
    assert _ps(text.replace("本市に通知", "市に通知")) == {}


# --- parties from any wording (issue 12) -------------------------------------------------------


def _ps(text: str) -> dict:
    return {p.label: p for p in _facts_text(text).parties}


def test_provider_of_terms_of_use_and_the_customer_word_it_uses():
    ps = _ps("利用規約\n\n本規約は、クシダ柔工（以下「運営者」）が提供する「すとろりあ」（以下「本アプリ」）の利用条件を定める。\n"
             "利用者は、本アプリを利用することにより、本規約に同意したものとみなされる。\n"
             "第1条　利用者は、本アプリを自己の責任で利用する。\n")
    assert (ps["運営者"].name, ps["運営者"].role) == ("クシダ柔工", "vendor")
    assert ps["利用者"].role == "client" and ps["利用者"].name == ""


def test_a_term_that_provides_the_service_is_a_party_whatever_the_word():
    ps = _ps("目安箱利用規約\n\n第1条　本規約は、狭山高等学校生徒会（以下「運営」と称する）が提供する「目安箱」（以下「本サービス」と称する）"
             "の利用に関し、利用者と運営との間の権利義務を定める。\n第2条　運営は、利用者の情報を適切に管理する。\n")
    assert ps["運営"].role == "vendor" and ps["運営"].name == "狭山高等学校生徒会"
    assert "提供" in ps["運営"].evidence
    assert "本サービス" not in ps and ps["利用者"].role == "client"


def test_unquoted_definition_names_and_punctuation():
    ps = _ps("業務委託契約書\n東山商事株式会社（以下、甲という。）と株式会社みなと（以下乙という。）は、次のとおり契約する。\n"
             "第1条　甲は、乙に対し、次の業務を委託する。\n")
    assert (ps["甲"].name, ps["乙"].name) == ("東山商事株式会社", "株式会社みなと")
    ps = _ps("この利用規約は，株式会社 旗指物（以下，「当社」といいます。）が提供するサービスの利用条件を定めるものです。\n"
             "ユーザーは、本規約に従う。ユーザーは、登録情報を管理する。\n")
    assert ps["当社"].name == "株式会社 旗指物"
    ps = _ps("目的\nエヌ・ティ・ティ・コミュニケーションズ株式会社（以下「当社」といいます。）は、この規約を定め、契約者にサービスを提供します。\n"
             "契約者は、この規約に従う。契約者は、料金を支払う。\n")
    assert ps["当社"].name == "エヌ・ティ・ティ・コミュニケーションズ株式会社"


def test_name_from_a_labelled_line_under_the_definition():
    ps = _ps("業務委託契約書\n\n委託者（以下「甲」という）\n住所：宮崎市\n会社名：hicre design studio\n\n受託者（以下「乙」という）\n住所：\n氏名：\n\n"
             "第1条　甲は、乙に対して業務を委託する。\n")
    assert ps["甲"].name == "hicre design studio" and ps["甲"].role == "client"
    assert ps["乙"].name == "" and ps["乙"].role == "vendor"


def test_description_is_not_a_name():
    ps = _ps("本規約は、株式会社あおば（以下「当社」といいます。）が定める。登録ユーザーの皆さま（以下「ユーザー」といいます。）は本規約に従う。\n")
    assert ps["ユーザー"].name == "" and ps["ユーザー"].role == "client"


def test_one_way_nda_discloser_is_the_client_with_evidence():
    ps = _ps("秘密保持契約書\nABC株式会社（以下「甲」という）及びXYZ株式会社（以下「乙」という）は、秘密保持契約を締結する。\n"
             "第1条　「秘密情報」とは、甲が乙に対して開示した情報をいう。\n"
             "第2条　乙は、甲に対し、本契約の終了後直ちに、乙が甲より開示を受けた秘密情報を返却する。\n")
    assert (ps["甲"].role, ps["乙"].role) == ("client", "vendor")
    assert ps["甲"].evidence.startswith("甲が乙に対して開示")


def test_mutual_nda_gives_both_parties_both_roles():
    ps = _ps("秘密保持契約書\nABC株式会社（以下「甲」という）とXYZ株式会社（以下「乙」という）は、相互に開示する秘密情報の取扱いについて契約する。\n"
             "第1条　「秘密情報」とは、甲又は乙が相手方に開示した情報をいう。\n"
             "第2条　甲及び乙は、相手方から開示を受けた秘密情報を第三者に開示してはならない。\n")
    assert (ps["甲"].role, ps["乙"].role) == ("both", "both")


def test_commissioning_beats_company_names():
    ps = _ps("業務委託契約書\nABC株式会社（以下「甲」という）とXYZ株式会社（以下「乙」という）は、次のとおり契約する。\n"
             "第1条　甲は、乙に対し、システムの保守を委託し、乙はこれを受託する。\n"
             "第2条　乙は、甲から開示を受けた情報を秘密として保持する。\n")
    assert (ps["甲"].role, ps["乙"].role) == ("client", "vendor")
    assert "委託" in ps["甲"].evidence


def test_undefined_ko_otsu_joined_by_to():
    ps = _ps("個別契約書\n甲と乙は、次のとおり契約する。\n第1条　１．本契約は乙が甲の発展に寄与するために締結する。\n")
    assert set(ps) == {"甲", "乙"}


def test_citizens_defined_in_a_city_contract_are_not_a_party():
    ps = _ps("東山市（以下「甲」という。）と株式会社みなと（以下「乙」という。）は、次のとおり契約する。\n"
             "第1条　本業務は、施設を利用する者（以下「利用者」という。）の予約を受け付ける。\n")
    assert set(ps) == {"甲", "乙"}


def test_the_other_side_named_only_by_its_role_word():
    """「青葉県（以下「県」という。）」 and then 「受託者は、…」 throughout: 受託者 is the vendor party."""
    text = ("データセンター利用特記仕様書\n\nこの特記仕様書は、青葉県（以下「県」という。）が委託する業務について、"
            "受託者が遵守すべき事項を定める。\n第1条　受託者は、県機器を施錠できるラックに設置しなければならない。\n"
            "第2条　受託者は、入館の記録を1年間保存しなければならない。\n")
    ps = {p.label: p for p in _facts_text(text).parties}
    assert ps["県"].role == "client" and ps["受託者"].role == "vendor"
    # one mention as a topic is not enough (a passing reference to the contractor)
    once = text.replace("第2条　受託者は、入館の記録を", "第2条　入館の記録は、").replace("受託者が遵守", "遵守")
    once = once.replace("1年間保存しなければならない", "1年間保存するものとする")
    assert set(p.label for p in _facts_text(once).parties) == {"県"}


def test_the_name_decides_the_role_before_the_role_word():
    # a municipality that rents equipment is the 借主 (the role words read the other way in a lease)
    f = _facts_text("機器賃貸借契約書\n\n北峰市（以下「借主」という。）と株式会社みなとリース（以下「貸主」という。）は、"
                    "次のとおり契約を締結する。\n第1条　貸主は、本件機器を借主に貸し付ける。\n")
    assert {p.label: p.role for p in f.parties} == {"借主": "client", "貸主": "vendor"}
    f = _facts_text("貸付契約書\n\n東山市（以下「貸主」という。）と株式会社みなと（以下「借主」という。）は、"
                    "次のとおり契約を締結する。\n第1条　貸主は、土地を借主に貸し付ける。\n")
    assert {p.label: p.role for p in f.parties} == {"貸主": "client", "借主": "vendor"}


RULEBOOK = ("学習用端末管理運用要領\n\n"
            "第1条　この要領は、東山市立小学校（以下「学校」という。）における端末の管理について定める。\n"
            "第2条　この要領において「保守事業者」とは、端末の保守を行う事業者をいう。\n"
            "第3条　学校は、児童に学習用端末を毎日持ち帰らせるものとする。\n"
            "２　学校は、学習用端末が家庭に持ち帰られる場合は、閲覧制限の設定を確認しなければならない。\n"
            "第4条　保守事業者は、毎月1回、端末を点検する。\n"
            "第5条　保守事業者は、点検の結果を学校に報告する。\n")


def test_a_rulebook_between_the_bodies_it_defines():
    f = _facts_text(RULEBOOK)
    assert {(p.label, p.role) for p in f.parties} == {("学校", "client"), ("保守事業者", "vendor")}
    # the same bodies in a text that is no rulebook (a statute defines bodies too) are not parties
    f = _facts_text(RULEBOOK.replace("管理運用要領", "の管理に関する法律"))
    assert not f.parties


def test_a_passive_condition_on_what_a_causative_duty_requires():
    from shinsa.checks import CheckContext, run_checks

    f = _facts_text(RULEBOOK)
    got = [x.quote for x in run_checks(f, CheckContext(select=frozenset({"conditional_mandatory"})))]
    assert got == ["学習用端末が家庭に持ち帰られる場合は"]


def test_labels_in_one_token_with_a_comma_are_all_mentioned():
    from shinsa.analysis.parties import mentions

    f = _facts_text("協定書\n\n東山町（以下「甲」という。）、東山町社会福祉協議会（以下「乙」という。）及び東山町自主防災組織連絡協議会"
                    "（以下「丙」という。）は、次のとおり協定を締結する。\n第1条　甲、乙及び丙は、誠実に協力する。\n")
    s = next(s for s in f.sentences if "誠実" in f.folded[s.start:s.end])
    assert {lab for m in mentions(s.tokens, f.parties) for lab in m.labels} == {"甲", "乙", "丙"}
    assert next(st.bearers for st in f.statements if st.sent == f.sentences.index(s)) == ("甲", "乙", "丙")


def test_terms_of_service_name_the_municipality_by_what_it_is_and_its_staff_are_no_party():
    text = ("電子申請クラウド利用規約\n\n第1条（適用）\n本規約は、株式会社あおば（以下「当社」といいます。）が提供する"
            "電子申請サービス（以下「本サービス」といいます。）の利用に関し、当社と本サービスを利用する地方公共団体"
            "（以下「利用団体」といいます。）との間に適用されます。\n第2条（利用者）\n利用団体は、管理者IDを使用する職員"
            "（以下「利用者」といいます。）を定め、当社に届け出ます。\n")
    ps = {p.label: p for p in _facts_text(text).parties}
    assert set(ps) == {"当社", "利用団体"}
    assert (ps["利用団体"].name, ps["利用団体"].role) == ("本サービスを利用する地方公共団体", "client")
