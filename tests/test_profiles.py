"""Profiles (lexicons/profiles): loading and validation, every topic's flag/pass examples,
detection from the title and content, statutes without a contract profile, --profile."""

from pathlib import Path

import pytest
import yaml

from shinsa.analysis.coverage import topic_evidence
from shinsa.analysis.profile import PROFILE_DIR, _load, load_profiles
from shinsa.checks import CheckContext
from shinsa.facts import build_facts
from shinsa.ingest import ingest
from shinsa.examples import example_facts
from shinsa.lexicon import LexiconError

from conftest import DRAFTS, LAWS, need

PROFILE_IDS = {"kojin_joho_tokki", "cloud_tokki", "itaku_keiyaku", "datacenter_tokki", "shiyosho", "unyo_yoryo",
               "nda", "saas_terms", "shitei_kyotei", "chintaishaku"}
TOPIC_IDS = {"secrecy", "purpose_limit", "copy_limit", "subcontract", "takeout", "safety_measures",
             "staff_registration", "staff_pledge", "incident_report", "return_deletion", "deletion_certificate",
             "audit", "media_management", "retention_period", "termination_damages", "data_location",
             "governing_law", "certification", "facility_tier", "backup_logs",
             "nda_definition", "nda_exceptions", "nda_purpose", "nda_term", "nda_return", "nda_breach_notice",
             "nda_remedies", "nda_mutuality", "saas_terms_change", "saas_own_fault", "saas_data_return",
             "saas_suspension_notice", "saas_liability_cap"}

PS = load_profiles()
CASES = [(p.id, t.id, kind, text, line)
         for p in PS.ordered() for t in p.topics for kind, text, line in t.examples]
_FACTS: dict[str, object] = {}


def _facts(text: str):
    if text not in _FACTS:
        _FACTS[text] = example_facts(text)
    return _FACTS[text]


def test_every_profile_and_topic_is_defined():
    assert set(PS.profiles) == PROFILE_IDS
    assert set(PS.topics) == TOPIC_IDS
    used = {t.id for p in PS.profiles.values() for t in p.topics}
    assert used == TOPIC_IDS
    for p in PS.profiles.values():
        assert p.name and p.title, p.id
        for t in p.topics:
            assert t.level in ("required", "recommended")
            assert t.why and t.suggestion and t.name
            kinds = {k for k, _, _ in t.examples}
            assert kinds == {"flag", "pass"}, f"{p.id}/{t.id} needs flag and pass examples"


@pytest.mark.parametrize("pid, tid, kind, text, line", CASES,
                         ids=[f"{c[0]}-{c[1]}-{c[2]}-{c[4]}" for c in CASES])
def test_profile_topic_examples(pid, tid, kind, text, line):
    """flag: the topic is absent from the text (→ missing_clause); pass: present."""
    topic = PS.profiles[pid].topic(tid)
    ev = topic_evidence(_facts(text), topic)
    if kind == "flag":
        assert ev == [], f"{topic.file}:{line}: {tid} should be absent from: {text} (found {ev})"
    else:
        assert ev, f"{topic.file}:{line}: {tid} should be present in: {text}"


def _write(tmp: Path, name: str, text: str) -> None:
    (tmp / name).write_text(text, encoding="utf-8")


def test_validation_reports_file_and_line(tmp_path):
    topics = yaml.safe_load((PROFILE_DIR / "topics.yaml").read_text(encoding="utf-8"))
    assert topics["kind"] == "topics"
    _write(tmp_path, "topics.yaml", (PROFILE_DIR / "topics.yaml").read_text(encoding="utf-8"))
    _write(tmp_path, "bad.yaml", "version: 1\nkind: profile\nid: bad\nname: 悪い例\ndetect:\n  title: ['(']\n"
                                 "topics:\n  - {id: secrecy, level: must}\n  - {id: no_such_topic, level: required}\n"
                                 "  - {id: audit, level: required, colour: red}\n")
    with pytest.raises(LexiconError) as e:
        _load((str(tmp_path),))
    msg = str(e.value)
    assert "bad.yaml:6: detect.title: bad regex" in msg
    assert "bad.yaml:8: topic 'secrecy': level must be one of" in msg
    assert "bad.yaml:9: unknown topic id 'no_such_topic'" in msg
    assert "bad.yaml:10: unknown key 'colour'" in msg


def test_topic_without_examples_or_recogniser_is_rejected(tmp_path):
    _write(tmp_path, "topics.yaml", "version: 1\nkind: topics\ntopics:\n  - id: x\n    name: X\n    why: w\n"
                                    "    suggestion: s\n  - id: y\n    name: Y\n    why: w\n    suggestion: s\n"
                                    "    match:\n      - ['@nonsense']\n    examples:\n      flag: [a]\n")
    with pytest.raises(LexiconError) as e:
        _load((str(tmp_path),))
    msg = str(e.value)
    assert "topics.yaml:4: topic 'x': give 'captions' or 'match'" in msg
    assert "topics.yaml:4: topic 'x': missing examples" in msg
    assert "unknown quantity '@nonsense'" in msg
    assert "topic 'y': examples need at least one 'pass:' text" in msg


def _gold_profiles():
    out = []
    for gp in sorted(DRAFTS.glob("*.gold.yaml")):
        g = yaml.safe_load(gp.read_text(encoding="utf-8")) or {}
        if g.get("profile"):
            out.append((gp.name.removesuffix(".gold.yaml"), g["profile"]))
    return out


@pytest.mark.parametrize("name, expected", _gold_profiles())
def test_detected_profile_matches_gold(name, expected):
    facts = build_facts(ingest(DRAFTS / f"{name}.txt"))
    prof = facts.extra["profile"]
    assert prof["id"] == expected, prof
    assert prof["evidence"] and prof["reason"]
    ev = prof["evidence"][0]
    assert facts.text[ev["start"]:ev["end"]] == ev["text"]


def test_profile_from_content_when_the_title_says_nothing():
    text = ("資料\n\n東山市（以下「甲」という。）と株式会社みなと（以下「乙」という。）は、次のとおり契約を締結する。\n"
            "第1条　甲は、委託料を支払う。\n第2条　甲又は乙は、契約の解除をすることができる。\n"
            "第3条　乙は、損害賠償の責任を負う。\n第4条　履行期間は令和8年4月1日から令和9年3月31日までとする。\n")
    prof = example_facts(text).extra["profile"]
    assert prof["id"] == "itaku_keiyaku" and prof["source"] == "content"


def test_unknown_document_gets_no_profile_and_no_coverage():
    facts = example_facts("メモ\n\n来週の打合せは午後3時から行う。\n")
    assert facts.extra["profile"]["id"] is None
    assert facts.extra["coverage"] == []


def test_forced_profile(tmp_path):
    doc = ingest(DRAFTS / "unyo_yoryo.txt")
    facts = build_facts(doc, CheckContext(profile="kojin_joho_tokki"))
    assert facts.extra["profile"]["id"] == "kojin_joho_tokki"
    assert facts.extra["profile"]["source"] == "forced"
    assert {r["topic"] for r in facts.extra["coverage"]} >= {"secrecy", "termination_damages"}


@pytest.mark.parametrize("law", sorted(p.name for p in (LAWS / "text").glob("*.txt")) if (LAWS / "text").exists()
                         else ["-"])
def test_statutes_get_no_contract_profile(law):
    path = need(LAWS / "text" / law)
    doc = ingest(path)
    from shinsa.analysis.profile import detect
    from shinsa.facts import Facts
    from shinsa import structure

    facts = Facts(doc=doc, clauses=structure.parse(doc), sentences=())
    prof = detect(facts)
    assert prof["id"] is None and prof.get("kind") == "statute", prof
    assert "法令" in prof["reason"] and "missing_clause" in prof["reason"]
    assert prof["evidence"][0]["text"]


@pytest.mark.parametrize("title, expected", [
    ("個人情報取扱特記事項", "kojin_joho_tokki"),
    ("個人情報の取扱いに関する特約条項", "kojin_joho_tokki"),
    ("個人情報の保護に関する特記事項", "kojin_joho_tokki"),
    ("個人情報の取扱いに関する覚書", "kojin_joho_tokki"),
    ("個人情報の取扱いに関する合意書", "kojin_joho_tokki"),
    # a 特記事項 on personal data in a cloud service: the cloud profile (data location, certification, tier)
    ("クラウドサービスの利用に係る個人情報取扱特記事項", "cloud_tokki"),
    ("秘密保持に関する覚書", "nda"),
    ("住民記録システム標準化対応業務特記仕様書", "cloud_tokki"),
    ("電子申請サービス（ＳａａＳ）利用に係る特記仕様書", "cloud_tokki"),
    ("庁舎清掃業務特記仕様書", "shiyosho"),
    ("データセンター利用に関する特記事項", "datacenter_tokki"),
    ("ハウジングサービス特記仕様書", "datacenter_tokki"),
    ("業務委託契約書（案）", "itaku_keiyaku"),
    ("公共施設予約システム保守業務委託契約約款", "itaku_keiyaku"),
    ("窓口業務委託仕様書", "shiyosho"),
    ("北浜市情報システム運用要領", "unyo_yoryo"),
    ("個人情報の保護に関する法律", None),
    ("北浦町交流センターの管理に関する基本協定書", "itaku_keiyaku"),
    ("東山市立図書館指定管理者基本協定書（案）", "shitei_kyotei"),
    ("庁内ネットワーク機器賃貸借契約書（案）", "chintaishaku"),
    ("複合機賃貸借及び保守契約書", "chintaishaku"),
    ("公共施設予約システム賃貸借契約書", "itaku_keiyaku"),
])
def test_title_detection(title, expected):
    body = "東山市（以下「甲」という。）と株式会社みなと（以下「乙」という。）は、次のとおり定める。\n第1条　本文。\n"
    prof = example_facts(f"{title}\n\n{body}").extra["profile"]
    assert prof["id"] == expected, prof


def test_main_body_decides_over_the_attached_personal_data_annex():
    # a 基本協定 (指定管理) whose 別記 is a 個人情報取扱事項 full of that vocabulary: the title decides
    annex = ("別記\n個人情報取扱事項\n（秘密の保持）\n第1　乙は、保有個人情報を漏らしてはならない。\n"
             "（目的外利用）\n第2　乙は、保有個人情報を目的外利用してはならない。\n"
             "（複写の禁止）\n第3　乙は、保有個人情報を複写してはならない。\n"
             "（再委託）\n第4　乙は、個人情報の取扱いを再委託してはならない。\n"
             "（返還）\n第5　乙は、保有個人情報を返還しなければならない。\n（持ち出し）\n第6　乙は、持ち出してはならない。\n")
    body = ("東山市（以下「甲」という。）と株式会社みなと（以下「乙」という。）は、東山市立図書館の管理に関し、"
            "次のとおり協定を締結する。\n" + "".join(f"第{i}条　乙は、図書館の管理の業務を誠実に行う。\n" for i in range(1, 12))
            + "第12条　乙は、個人情報の取扱いについては、別記を遵守しなければならない。\n\n")
    prof = example_facts("東山市立図書館の管理に関する基本協定書\n\n" + body + annex).extra["profile"]
    assert prof["id"] == "itaku_keiyaku" and prof["source"] == "title", prof
    # without a telling title, the body's words are scored, not the annex's
    from shinsa.analysis.profile import _main_body

    facts = example_facts("資料\n\n" + body + annex)
    assert "保有個人情報" not in _main_body(facts)


def test_weak_title_word_needs_a_system_in_the_body():
    """「電子」「データ」 in a title are also words of scanning and data-entry work: they make a cloud
    特記仕様書 only when the body names something of a system."""
    from shinsa.analysis.profile import detect
    from shinsa.facts import build_facts
    from shinsa.model import Document
    from shinsa.textnorm import fold

    def prof(text):
        return detect(build_facts(Document(source="t.txt", format="txt", text=text, folded=fold(text))))["id"]

    scan = "介護保険関係書類電子化業務特記仕様書\n\n第1条　受託者は、対象文書を読み取り、画像データを作成する。\n"
    assert prof(scan) != "cloud_tokki"
    cloud = "電子申請サービス特記仕様書\n\n第1条　受注者は、本サービスをクラウド上で提供する。\n"
    assert prof(cloud) == "cloud_tokki"
    # the upkeep of a system already in use is not a cloud or system procurement
    upkeep = "住民記録システム等運用保守業務特記仕様書\n\n第1条　受注者は、本システムの稼働状況を監視する。\n"
    assert prof(upkeep) != "cloud_tokki"
    assert prof(upkeep.replace("運用保守業務", "クラウド移行業務")) == "cloud_tokki"

NDA_TEXT = ("秘密保持契約書\n\nABC株式会社（以下「甲」という）及びXYZ株式会社（以下「乙」という）は、秘密保持契約を締結する。\n"
            "第1条　「秘密情報」とは、甲が乙に対して開示した情報をいう。\n"
            "第2条　乙は、秘密情報を第三者に開示してはならない。\n")


@pytest.mark.parametrize("mark", ["", "CONFIDENTIAL\n\n", "部外秘\n", "DRAFT\n\n", "（案）\n", "機密\n"])
def test_an_nda_is_an_nda_not_a_commissioning_contract_whatever_mark_is_above_it(mark, tmp_path):
    path = tmp_path / "nda.txt"
    path.write_text(mark + NDA_TEXT, encoding="utf-8")
    f = build_facts(ingest(path))
    prof = f.extra["profile"]
    assert prof["id"] == "nda" and prof["evidence"][0]["text"] == "秘密保持契約", prof


def test_nda_checklist_reports_what_a_one_way_nda_lacks():
    from shinsa.checks import run_checks

    f = build_facts(ingest_text(NDA_TEXT))
    missing = {x.detail for x in run_checks(f, CheckContext(select=frozenset({"missing_clause"})))}
    assert {"nda_exceptions", "nda_purpose", "nda_term", "nda_return"} <= missing
    assert "nda_definition" not in missing


def test_terms_of_use_are_saas_terms_with_evidence():
    f = build_facts(ingest_text("○○サービス利用規約\n\n本規約は、当社が提供する本サービスの利用条件を定めるものです。\n"
                                "当社は、利用者に通知することなく、いつでも本規約を変更することができるものとします。\n"))
    prof = f.extra["profile"]
    assert prof["id"] == "saas_terms" and prof["evidence"][0]["text"] == "利用規約"


def test_explain_shows_a_profile_checklist(capsys):
    from shinsa.cli import main

    assert main(["explain", "saas_terms"]) == 0
    out = capsys.readouterr().out
    assert "クラウドサービス利用規約" in out and "saas_terms_change（必須）" in out


def ingest_text(text: str):
    from shinsa.ingest.text import read_text

    return read_text(text.encode("utf-8"), "<t>", "txt")


def test_attached_mark_above_the_title_is_not_the_title(tmp_path):
    """「別記」 above 「個人情報の取扱いに関する特記事項」 (the file is a contract's attachment, whose parties
    are defined in the contract): the title is the line under the mark."""
    from shinsa.scan import analyze_path

    p = tmp_path / "b.txt"
    p.write_text("別記\n\n個人情報の取扱いに関する特記事項\n\n（基本的事項）\n第１　受注者は、個人情報を適正に取り扱わなければならない。\n",
                 encoding="utf-8")
    prof = analyze_path(p).facts.extra["profile"]
    assert prof["id"] == "kojin_joho_tokki" and prof["source"] == "title"


def test_topic_side_must_be_known(tmp_path):
    text = (PROFILE_DIR / "topics.yaml").read_text(encoding="utf-8")
    assert "    by: client\n" in text
    _write(tmp_path, "topics.yaml", text.replace("    by: client\n", "    by: the_city\n", 1))
    with pytest.raises(LexiconError) as e:
        _load((str(tmp_path),))
    assert "topics.yaml" in str(e.value) and "topic 'audit': 'by' must be one of client, vendor" in str(e.value)


def _coverage_missing(text: str) -> tuple:
    from shinsa.checks import run_checks

    facts = example_facts(text)
    return facts.extra["profile"]["id"], {f.detail for f in run_checks(facts, CheckContext()) if f.rule == "missing_clause"}


def test_a_yearly_agreement_under_a_basic_agreement_is_a_facility_management_agreement():
    """A 年度協定 (「基本協定…の規定に基づき、令和７年度における…管理運営について」) need not say 指定管理者 at all:
    基本協定 and 利用の許可 in its body make it the 指定管理 kind, not a 業務委託契約."""
    body = ("汐見台市立文化会館の管理運営に関する令和７年度協定書\n\n汐見台市（以下「甲」という。）と株式会社しおさい（以下「乙」"
            "という。）は、基本協定第４条の規定に基づき、次のとおり協定を締結する。\n"
            "第1条　乙は、文化会館の維持管理及び利用の許可に関する業務を行う。\n"
            "第2条　乙は、業務に関して知り得た秘密を他に漏らしてはならない。\n"
            "第3条　甲は、乙に委託料を支払う。乙が損害を与えたときは、損害賠償の責めを負う。\n")
    pid, _plain = _coverage_missing(body)
    assert pid == "shitei_kyotei"
    plain = body.replace("基本協定第４条の規定に基づき、", "").replace("及び利用の許可に関する業務", "業務")
    assert _coverage_missing(plain)[0] != "shitei_kyotei"


def test_a_facility_management_agreement_leaves_the_handling_details_to_its_annex():
    """A 指定管理 基本協定 carries a general 個人情報の保護 article; the handling details (複写, 誓約書, 消去証明 …)
    are required only when the file holds its own 別記 of personal-information handling."""
    body = ("東浦町立図書館の管理に関する基本協定書\n\n東浦町（以下「甲」という。）と株式会社ふみ（以下「乙」という。）は、"
            "指定管理者による公の施設の管理について、次のとおり協定を締結する。\n"
            "第1条　乙は、指定期間中、図書館の管理業務を行う。\n"
            "第2条　乙は、管理業務に関して知り得た秘密を他に漏らしてはならない。協定の終了後も同様とする。\n"
            "第3条　乙は、個人情報の保護に関する法律及び東浦町個人情報保護条例を遵守しなければならない。\n")
    pid, plain = _coverage_missing(body)
    assert pid == "shitei_kyotei"
    assert not plain & {"copy_limit", "staff_pledge", "deletion_certificate", "staff_registration"}
    assert "subcontract" in plain  # still required of every agreement
    annex = body + "\n別記\n個人情報取扱事項\n第1　乙は、個人情報を適正に取り扱わなければならない。\n"
    _pid, with_annex = _coverage_missing(annex)
    assert {"copy_limit", "staff_pledge", "staff_registration"} <= with_annex


def test_a_lease_asks_for_secrecy_termination_and_erasure_not_the_commission_details():
    """An equipment lease (chintaishaku): the lessor holds none of the city's data to process, so the
    commission's handling details are only recommended; secrecy, termination/damages and erasing the
    returned devices' storage are required."""
    from shinsa.checks import run_checks

    head = ("庁内ネットワーク機器賃貸借契約書\n\n東山市（以下「借主」という。）と株式会社みなとリース（以下「貸主」という。）は、"
            "次のとおり契約する。\n第1条　貸主は、別表の物件を借主に賃貸し、借主は賃借料を支払う。\n"
            "２　物件の記憶装置には、借主の住民の個人情報が記録される。\n")
    full = head + ("第2条　貸主は、この契約により知り得た借主の秘密を他に漏らしてはならない。契約終了後も同様とする。\n"
                   "第3条　借主は、貸主が契約に違反したときは、この契約を解除し、損害の賠償を請求することができる。\n"
                   "第4条　貸主は、物件の返還を受けたときは、記憶装置のデータを復元できない方法により消去しなければならない。\n")
    facts = example_facts(full)
    assert facts.extra["profile"]["id"] == "chintaishaku"
    missing = {f.detail for f in run_checks(facts, None) if f.rule == "missing_clause"}
    assert not missing, missing
    facts = example_facts(head)
    missing = {f.detail for f in run_checks(facts, None) if f.rule == "missing_clause"}
    assert {"secrecy", "termination_damages", "return_deletion"} <= missing and "subcontract" not in missing, missing
