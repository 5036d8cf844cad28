"""Wording checks on small documents, on the nine statutes and on the gold corpus."""

from __future__ import annotations

import pytest
from conftest import DRAFTS, LAWS, need

from shinsa import examples as xm
from shinsa.checks import CheckContext, run_checks

WORDING = frozenset({"vague_wording", "deadline_missing", "conditional_mandatory",
                     "placeholder_leftover", "conjunction_misuse"})


def findings(text: str, rules=WORDING):
    facts = xm.example_facts(text)
    return facts, run_checks(facts, CheckContext(select=frozenset(rules) if isinstance(rules, (set, frozenset))
                                                 else frozenset({rules})))


def by_quote(fs):
    return {f.quote: f for f in fs}


DOC = """個人情報取扱特記事項

（事故発生時の報告）
第1条　乙は、個人情報の漏えいが発生したときは、速やかに甲に報告しなければならない。
２　乙は、前項の事故の原因を直ちに甲に報告しなければならない。
（管理）
第2条　乙は、個人情報を適切に管理しなければならない。
２　乙は、作業の結果を甲に報告しなければならない。
（返還）
第3条　乙は、契約が終了したときは、資料を甲に返還し、又は廃棄するものとする。
２　乙は、契約が終了したときは、速やかに（30日以内に）資料を甲に返還しなければならない。

住所　　　　　　　　　　
氏名　　　　　　　　　　印
"""


def test_vague_wording_severity_follows_the_topic_and_clause_path():
    facts, fs = findings(DOC, "vague_wording")
    q = {(f.clause, f.quote): f for f in fs}
    incident = q[("第1条第1項", "速やかに")]
    assert incident.severity == "warning" and incident.detail == "time"
    assert incident.message and incident.suggestion and "24時間以内" in incident.suggestion
    degree = q[("第2条第1項", "適切に")]
    assert degree.severity == "info" and degree.detail == "degree"
    # 直ちに is a deadline, and 速やかに（30日以内に） gives one
    assert not any(f.quote == "直ちに" for f in fs)
    assert ("第3条第2項", "速やかに") not in q
    for f in fs:
        assert facts.text[f.start:f.end] == f.quote and f.fingerprint


def test_deadline_missing_quotes_object_verb_and_modal_and_merges_coordinated_duties():
    _, fs = findings(DOC, "deadline_missing")
    got = {(f.clause, f.quote) for f in fs}
    # from what is handed over (with what names it) to the modal: what has no deadline
    assert ("第2条第2項", "作業の結果を甲に報告しなければならない") in got
    assert ("第3条第1項", "返還し、又は廃棄するものとする") in got
    # 速やかに (vague_wording), 直ちに and 30日以内 all keep these out
    assert not any(c in ("第1条第1項", "第1条第2項", "第3条第2項") for c, _ in got)
    assert all(f.severity == "warning" for f in fs)


def test_back_reference_with_a_deadline_satisfies_the_duty():
    _, fs = findings("第1条　乙は、事故が発生したときは、甲に報告しなければならない。\n"
                     "２　前項の報告は、事故を知った時から24時間以内に行わなければならない。", "deadline_missing")
    assert not fs
    # a deadline for a different act in the same article does not
    _, fs = findings("第1条　乙は、毎月10日までに作業報告書を提出しなければならない。\n"
                     "２　乙は、障害が復旧したときは、作業記録を甲に提出しなければならない。", "deadline_missing")
    assert [(f.clause, f.quote) for f in fs] == [("第1条第2項", "作業記録を甲に提出しなければならない")]


def test_a_duty_on_request_has_its_timing_set_by_the_request():
    for lead in ("乙は、甲から求めがあったときは、", "乙は、甲の求めに応じ、", "乙は、甲から請求を受けたときは、"):
        _, fs = findings(f"第1条　{lead}作業記録を甲に提出しなければならない。", "deadline_missing")
        assert not fs, lead
    # 速やかに on request is still vague, but not a missing deadline
    _, fs = findings("第1条　乙は、甲の求めに応じ、速やかに作業記録を提出しなければならない。", "vague_wording")
    assert [f.quote for f in fs] == ["速やかに"]


PARTIES = "東山市（以下「委託者」という。）と株式会社みなと（以下「受託者」という。）は、次のとおり契約を締結する。\n"


def test_plain_form_duties_of_a_party_are_checked_like_obligations():
    _, fs = findings(PARTIES + "第1条　受託者は、作業の結果を委託者に報告する。\n"
                     "２　受託者は、貸与された資料を返還し、又は廃棄する。\n"
                     "３　受託者は、作業の日程を委託者に届け出る際に、作業計画を提出する。", "deadline_missing")
    assert [(f.clause, f.quote) for f in fs] == [("第1条第1項", "作業の結果を委託者に報告する"),
                                                 ("第1条第2項", "返還し、又は廃棄する")]
    # statutes have no parties: a plain sentence there is not an undertaking
    _, fs = findings("第1条　行政庁は、処分をしたときは、その旨を申請者に通知する。", "deadline_missing")
    assert not fs


def test_coordinated_duty_is_one_finding_in_every_format():
    from shinsa.checks import CheckContext
    from shinsa.scan import analyze_path
    base = DRAFTS / "kanshi_itaku_shiyosho"
    for ext in ("txt", "docx", "pdf"):
        res = analyze_path(base.with_suffix("." + ext), CheckContext(select=frozenset({"deadline_missing"})))
        got = [f.quote for f in res.findings if f.clause == "第9条第1項"]
        assert len(got) == 1 and "返還し" in got[0] and "廃棄" in got[0], (ext, got)


def test_placeholders_but_not_blank_signature_lines():
    _, fs = findings(DOC + "\n委託料は、金○○円とする。【要確認：財政課】\n", "placeholder_leftover")
    assert {f.quote for f in fs} == {"○○", "【要確認：財政課】"}
    _, fs = findings(DOC, "placeholder_leftover")
    assert not fs


def test_conditional_mandatory_links_its_evidence():
    text = ("クラウドサービス導入に係る特記仕様書\n\n（目的）\n第1条　この仕様書は、住民記録システムをクラウドサービス上に"
            "移行するために必要な事項を定める。\n（クラウドサービス）\n第2条　乙は、クラウドサービスを利用するときは、"
            "国内に所在するデータセンターを使用しなければならない。\n３　乙は、外部記録媒体を利用するときは、暗号化しなければならない。\n")
    facts, fs = findings(text, "conditional_mandatory")
    assert [f.quote for f in fs] == ["クラウドサービスを利用するときは"]
    rel = fs[0].related
    assert rel and any("題名" in r.note for r in rel) and any("目的" in r.note for r in rel)
    assert facts.text[rel[0].start:rel[0].end].startswith("クラウドサービス導入")


def test_conjunction_misuse_in_sentence_and_enumeration():
    text = ("第1条　乙は、個人情報並びに関係資料を返還しなければならない。\n"
            "２　乙は、個人情報及び関係資料並びにこれらの複製物を返還しなければならない。\n"
            "３　乙は、次に掲げる行為又はこれに類する行為をしてはならない。\n"
            "（１）個人情報を複写し、若しくは複製すること。\n"
            "（２）受渡簿に日時、件数並びに受渡者を記録しないこと。\n")
    _, fs = findings(text, "conjunction_misuse")
    assert [(f.clause, f.quote) for f in fs] == [("第1条第1項", "並びに"), ("第1条第3項第2号", "並びに")]


# ---------------------------------------------------------------- statutes


@pytest.fixture(scope="module")
def statute_findings():
    need(LAWS / "text")
    from shinsa.facts import build_facts
    from shinsa.ingest import ingest

    out = {}
    ctx = CheckContext(select=frozenset({"placeholder_leftover", "conjunction_misuse"}))
    for p in sorted((LAWS / "text").glob("*.txt")):
        out[p.stem] = run_checks(build_facts(ingest(p)), ctx)
    return out


def test_statutes_have_no_placeholder_or_conjunction_findings(statute_findings):
    assert len(statute_findings) == 9
    bad = {law: [(f.rule, f.clause, f.quote) for f in fs] for law, fs in statute_findings.items() if fs}
    assert not bad, bad


# ---------------------------------------------------------------- gold corpus


THRESHOLDS = {"vague_wording": 0.9, "deadline_missing": 0.9, "placeholder_leftover": 0.9,
              "conjunction_misuse": 0.9, "conditional_mandatory": 0.8}


def test_gold_corpus_precision_and_recall_on_text():
    need(DRAFTS)
    from evaluation import evaluate as ev

    if not list(DRAFTS.glob("*.gold.yaml")):
        pytest.skip("no gold drafts")
    evals = ev.evaluate_corpus(ctx=CheckContext(select=WORDING), formats=("txt",))
    table = ev.summarise(evals)
    for rule, minimum in THRESHOLDS.items():
        t = table.get(rule, {}).get("all")
        if t is None or t.tp + t.fn == 0:
            continue
        assert t.precision is not None and t.precision >= minimum, (rule, vars(t))
        assert t.recall >= minimum, (rule, vars(t))
        assert t.traps == 0, (rule, vars(t))


def test_coordinated_duties_with_words_between_are_one_deadline_finding():
    facts = xm.example_facts("乙は、本契約が終了したときは、資料を甲に返還し、又は甲の指示に従い消去しなければならない。\n"
                             "２　乙は、貸与品を返還するとともに、複製を消去しなければならない。")
    found = [f for f in run_checks(facts, CheckContext(select=frozenset({"deadline_missing"})))]
    assert [f.quote for f in found] == ["返還し、又は甲の指示に従い消去しなければならない",
                                        "返還するとともに、複製を消去しなければならない"]


def test_duty_inside_a_condition_is_not_a_deadline_duty():
    facts = xm.example_facts("乙は、甲の指示により個人情報を廃棄し、又は消去するときは、復元できない方法により行わなければならない。")
    assert not run_checks(facts, CheckContext(select=frozenset({"deadline_missing"})))


def test_chained_duties_are_one_deadline_finding():
    facts = xm.example_facts("乙は、納品後、端末に保存されたデータを消去し、その結果を甲に報告しなければならない。")
    found = [f.quote for f in run_checks(facts, CheckContext(select=frozenset({"deadline_missing"})))]
    assert found == ["消去し、その結果を甲に報告しなければならない"]


def _placeholders(text: str, **options):
    from shinsa.checks import CheckContext, run_checks
    from shinsa.facts import build_facts
    from shinsa.ingest.text import read_text

    f = build_facts(read_text(text.encode("utf-8"), "<t>", "txt"))
    return [x for x in run_checks(f, CheckContext(select=frozenset({"placeholder_leftover"}), options=options))]


TEMPLATE = ("業務委託契約書\n\n＿＿＿＿＿＿＿＿（以下「甲」という。）と＿＿＿＿＿＿＿＿（以下「乙」という。）は、次のとおり契約する。\n"
            "第1条　委託期間は、20＿＿年＿＿月＿＿日から○○までとする。\n"
            "第2条　委託料は、金【　　　】円とする。\n"
            "上記内容を確認し、合意します。\n\n締結日：　　　年　　月　　日\n")


def test_blanks_of_every_kind_are_placeholders():
    got = [f.quote for f in _placeholders(TEMPLATE)]
    assert got.count("＿＿＿＿＿＿＿＿") == 2 and "○○" in got and "【　　　】" in got
    assert "　　　年　　月　　日" in got and all(f.severity == "warning" for f in _placeholders(TEMPLATE))


def test_signing_date_under_the_execution_formula_is_not_a_placeholder():
    text = ("東山市（以下「甲」という。）と株式会社みなと（以下「乙」という。）は、次のとおり契約する。\n"
            "第1条　乙は、業務を行う。\n"
            "この契約の締結を証するため、本書二通を作成し、甲乙記名押印の上、各自一通を保有する。\n\n令和　　年　　月　　日\n\n甲　東山市\n")
    assert not _placeholders(text)
    # the same blank date in the body is a leftover
    assert [f.quote for f in _placeholders("第1条　本契約の期間は、令和　　年　　月　　日までとする。\n")] == ["令和　　年　　月　　日"]


def test_template_mode_lowers_blanks_to_info_once_each():
    got = _placeholders(TEMPLATE, template=True)
    assert {f.severity for f in got} == {"info"}
    quotes = [f.quote for f in got]
    assert quotes.count("＿＿＿＿＿＿＿＿") == 1 and len(quotes) == len(set(quotes))
    blank = next(f for f in got if f.quote == "＿＿＿＿＿＿＿＿")
    assert "全2箇所" in blank.message


def test_a_duty_on_the_wrong_party_is_not_also_a_missing_deadline():
    """The inverted duty is one finding (party_role_inversion); its deadline comes when the bearer is fixed."""
    from shinsa.checks import CheckContext, run_checks
    from shinsa.facts import build_facts
    from shinsa.model import Document
    from shinsa.textnorm import fold

    text = ("東山市（以下「甲」という。）と株式会社みなと（以下「乙」という。）は、次のとおり契約する。\n"
            "第1条　乙は、作業報告書を翌月10日までに甲に提出しなければならない。\n"
            "第2条　乙は、事故の報告書を事故を知った日から7日以内に甲に提出しなければならない。\n"
            "第3条　甲は、従事者の名簿を乙に提出しなければならない。\n")
    f = build_facts(Document(source="t.txt", format="txt", text=text, folded=fold(text)))
    rules = {x.rule for x in run_checks(f, CheckContext()) if x.clause and x.clause.startswith("第3条")}
    assert "party_role_inversion" in rules and "deadline_missing" not in rules


def test_rules_for_an_act_do_not_make_the_act_mandatory():
    """In a 要領 (rules for whoever takes media out) 「持ち出す外部記録媒体は…」 says what holds when it happens;
    the same sentence in a contract's work presupposes the act. A definition of another term (所管課　…を使用して
    …事務を所掌する課) describes a class and asserts nothing."""
    rules = ("外部記録媒体の取扱いに関する運用要領\n\n市（以下「市」という。）と株式会社みなと（以下「受託者」という。）は、"
             "次のとおり定める。\n（定義）\n第1条　この要領において、次の各号に掲げる用語の意義は、当該各号に定めるところによる。\n"
             "（１）所管課　外部記録媒体を使用して個人情報を取り扱う事務を所掌する課をいう。\n"
             "第2条　受託者は、外部記録媒体を庁舎外に持ち出すときは、所管課長の承認を得なければならない。\n"
             "第3条　受託者は、持ち出す外部記録媒体を施錠できるケースに収納しなければならない。\n"
             "第4条　受託者は、外部記録媒体を使用させるときは、この要領を遵守させなければならない。\n")
    _, fs = findings(rules, "conditional_mandatory")
    assert not fs, [f.quote for f in fs]
    work = rules.replace("外部記録媒体の取扱いに関する運用要領", "外部記録媒体運搬業務委託仕様書")
    _, fs = findings(work, "conditional_mandatory")
    assert "外部記録媒体を庁舎外に持ち出すときは" in [f.quote for f in fs]


def test_an_act_named_inside_another_condition_is_not_asserted():
    """「外部記録媒体の廃棄を事業者に委託するときは」 names the 廃棄 as what may be commissioned, not a
    duty to dispose: it is no evidence that 「外部記録媒体を廃棄するときは」 is mandatory. The same
    article's other paragraphs are compared however the article's label is written (TXT 「第２条　…」
    on the first line, DOCX heading above it)."""
    head = ("外部記録媒体運搬業務委託仕様書\n\n市（以下「市」という。）と株式会社みなと（以下「受託者」という。）は、"
            "次のとおり定める。\n")
    cond = "受託者は、外部記録媒体を廃棄するときは、復元できない状態にしなければならない。\n"
    inside = "２　受託者は、外部記録媒体の廃棄を事業者に委託するときは、証明書を提出させなければならない。\n"
    duty = "２　受託者は、外部記録媒体の廃棄を年度末に行わなければならない。\n"
    for label in ("第2条　", "第2条\n"):
        _, fs = findings(head + label + cond + inside, "conditional_mandatory")
        assert not fs, (label, [f.quote for f in fs])
        _, fs = findings(head + label + cond + duty, "conditional_mandatory")
        assert [f.quote for f in fs] == ["外部記録媒体を廃棄するときは"], label


def test_an_act_named_in_the_phrase_of_another_definition_is_not_asserted():
    """「…サービスの利用を管理する者（以下「利用管理者」という。）を指名し」 names a post: it does not say
    the service will be used, so 「外部サービスを業務に利用するときは」 stays a real condition. The
    same act written as a duty of the vendor is evidence."""
    head = ("外部サービス利用業務委託仕様書\n\n市（以下「市」という。）と株式会社みなと（以下「受託者」という。）は、"
            "次のとおり定める。\n")
    cond = "第2条　受託者は、外部サービスを業務に利用するときは、市の承認を得なければならない。\n"
    named = "第3条　受託者は、外部サービスの利用を管理する者（以下「利用管理者」という。）を指名しなければならない。\n"
    duty = "第3条　受託者は、外部サービスの利用を年度末までに開始しなければならない。\n"
    _, fs = findings(head + cond + named, "conditional_mandatory")
    assert not fs, [f.quote for f in fs]
    _, fs = findings(head + cond + duty, "conditional_mandatory")
    assert [f.quote for f in fs] == ["外部サービスを業務に利用するときは"]


def test_the_definition_of_the_documents_own_subject_asserts_what_it_says():
    """The term the title names (クラウドサービス in a クラウドサービス利用仕様書) is what the whole document
    is about: its definition 「…市の情報が受託者の設備に保存されるものをいう」 says the storing happens, so
    「情報が受託者の設備に保存される場合は」 is no real condition. The definition of another term (a class
    the document mentions) asserts nothing."""
    def doc(title: str) -> str:
        return (f"{title}\n\n市（以下「市」という。）と株式会社みなと（以下「受託者」という。）は、次のとおり定める。\n"
                "（定義）\n第1条　この仕様書において、次の各号に掲げる用語の意義は、当該各号に定めるところによる。\n"
                "（１）クラウドサービス　受託者が提供するサービスであって、市の情報が受託者の管理する設備に保存されるものをいう。\n"
                "第2条　受託者は、市の情報が受託者の設備に保存される場合は、保存の場所を市に届け出なければならない。\n")
    _, fs = findings(doc("クラウドサービス利用業務仕様書"), "conditional_mandatory")
    assert [f.quote for f in fs] == ["情報が受託者の設備に保存される場合は"]
    _, fs = findings(doc("窓口受付業務仕様書"), "conditional_mandatory")
    assert not fs, [f.quote for f in fs]


PARTIES3 = ("避難行動要支援者名簿情報の提供に関する協定書\n\n東山町（以下「甲」という。）、東山町社会福祉協議会（以下「乙」という。）"
            "及び東山町自主防災組織連絡協議会（以下「丙」という。）は、次のとおり協定を締結する。\n")


def test_a_duty_timed_in_its_own_article_needs_no_time_where_it_is_first_stated():
    timed = "（管理状況の報告）\n第9条　乙は、毎年3月31日現在の名簿情報等の管理状況を、同年4月30日までに甲に報告しなければならない。\n"
    general = "（管理）\n第2条　乙は、名簿情報の管理状況を甲に報告しなければならない。\n"
    _f, fs = findings(PARTIES3 + general + timed, "deadline_missing")
    assert not fs
    # another report, worded without the same qualifier, is not timed by it
    other = "（報告書）\n第2条　乙は、事故の原因を記載した報告書を甲に提出しなければならない。\n"
    timed2 = "（月次報告）\n第9条　乙は、毎月10日までに作業の報告書を甲に提出しなければならない。\n"
    _f, fs = findings(PARTIES3 + other + timed2, "deadline_missing")
    assert [f.clause for f in fs] == ["第2条第1項"]


def test_an_article_listing_the_parties_roles_asks_no_deadline():
    roles = ("第3条（役割）　甲、乙及び丙の役割は、次の各号に定めるとおりとする。\n(1) 甲は、名簿情報を作成し、乙及び丙に提供する。\n"
             "(2) 乙は、個別避難計画の案を作成し、甲に提出する。\n")
    _f, fs = findings(PARTIES3 + roles, "deadline_missing")
    assert not fs
    _f, fs = findings(PARTIES3 + roles.replace("（役割）", "（計画の案）"), "deadline_missing")
    assert [f.clause for f in fs] == ["第3条第1項第2号"]


def test_a_passive_condition_on_the_partys_own_things_that_the_purpose_installs():
    """「本市機器が設置される場合には」 in a housing spec whose purpose is 「…機器を設置するために調達する」: the
    passive's が is the object, 本市機器 is 機器 said to be the city's, and 「鍵の貸出しの都度」 in the main
    clause times the lending of keys, not each installation."""
    head = ("ハウジングサービス特記仕様書\n\n１　総則\n（１）目的\n　この特記仕様書は、川辺野市（以下「発注者」という。）が"
            "基幹系システムの機器を設置するために調達するハウジングサービスについて、受注者が遵守すべき事項を定める。\n"
            "２　設備\n（１）ラック\n")
    cond = "　本市機器が設置される場合には、受注者は、専用ラックを常時施錠し、鍵の貸出しの都度その記録を残すこと。\n"
    _, fs = findings(head + cond, "conditional_mandatory")
    assert [f.quote for f in fs] == ["本市機器が設置される場合には"]
    # an occasion of the conditioned act itself is a genuine condition per occasion
    each = "　本市機器が設置される場合には、受注者は、その都度作業記録を作成すること。\n"
    _, fs = findings(head + each, "conditional_mandatory")
    assert not fs
    # another party's things are not the city's
    other = cond.replace("本市機器", "保守事業者機器")
    _, fs = findings(head + other, "conditional_mandatory")
    assert not fs


def test_a_condition_on_the_other_partys_act_is_no_mandatory_work():
    """「発注者が個人情報の保護に関する法律…の規定による報告を行うときは、受注者はこれに協力すること」: the report is the
    client's (the が-phrase even when the law's name swallows it), so the vendor's listed report is no evidence."""
    head = ("保守業務仕様書\n\n第1章　総則\n\n1.1　目的\n本仕様書は、千鳥原市（以下「発注者」という。）が委託する保守業務について、"
            "受注者が履行すべき事項を定める。\n\n1.2　運用業務\n受注者は、次の運用業務を行う。\n(1)　本番環境の稼働監視\n"
            "(2)　月次報告書の作成及び提出\n\n1.3　事故\n")
    other = "受注者は、事故が発生したときは、直ちに発注者に報告すること。発注者が個人情報の保護に関する法律第68条第1項の規定による報告を行うときは、受注者はこれに協力すること。\n"
    _, fs = findings(head + other, "conditional_mandatory")
    assert not fs, [f.quote for f in fs]


def test_an_activity_the_scope_names_as_the_way_of_working_is_not_optional():
    """「本業務は、受注者の保守拠点からのリモート保守により…行うものである」 in 業務の概要, then 「リモート保守を実施すること
    となった場合は」: whether it happens is settled. A place that narrows the occasion (「庁舎内で…を行うときは」) stays."""
    head = ("保守業務仕様書\n\n第1章　総則\n\n1.1　目的\n本仕様書は、千鳥原市（以下「発注者」という。）が委託する保守業務について、"
            "受注者が履行すべき事項を定める。\n\n1.2　業務の概要\n本業務は、受注者の保守拠点からのリモート保守により、"
            "本システムの保守及び障害対応を行うものである。\n\n1.3　安全管理\n受注者は、次の措置を講じること。\n")
    _, fs = findings(head + "(1)　リモート保守を実施することとなった場合は、閉域網を使用すること。\n", "conditional_mandatory")
    assert [f.quote for f in fs] == ["リモート保守を実施することとなった場合は"]
    _, fs = findings(head + "(1)　庁舎内でリモート保守を実施する場合は、名札を着用すること。\n", "conditional_mandatory")
    assert not fs, [f.quote for f in fs]
