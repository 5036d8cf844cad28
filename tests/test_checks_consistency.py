"""empty_heading, contradiction, stale_certification: lexicon examples, validation, document dates,
injectable today, linked spans, traps, the gold corpus (text) and statutes."""

import datetime as dt

import pytest

from shinsa import examples as xm
from shinsa.checks import CheckContext, run_checks
from shinsa.checks import consistency as cons
from shinsa.examples import example_facts
from shinsa.lexicon import LexiconError

from conftest import LAWS, need

RESULTS = xm.run_consistency_examples()


@pytest.mark.parametrize("where, entry, expect, ok, quotes", RESULTS, ids=[f"{r[1]}-{r[2]}-{r[0].rsplit(':', 1)[1]}"
                                                                          for r in RESULTS])
def test_consistency_lexicon_examples(where, entry, expect, ok, quotes):
    assert ok, f"{where}: [{entry}] expected {expect}, got {quotes}"


def test_every_entry_has_flag_and_pass_examples():
    lex = cons.lexicon_for(None)
    groups = list(lex.announcements.values()) + list(lex.pairs.values()) + list(lex.quantities.values())
    assert {a.announces for a in lex.announcements.values()} == {"duration", "time_range", "deadline", "place",
                                                                "number", "organisation", "frequency", "statement"}
    assert {a.id for a in lex.announcements.values()} >= {"period", "frequency", "criteria", "limit"}
    groups += list(lex.windows.values()) + list(lex.measures.values()) + list(lex.exclusives.values())
    groups += list(lex.permissions.values()) + list(lex.deadlines.values()) + list(lex.term_dates.values())
    groups += list(lex.frequencies.values())
    assert {f.id for f in lex.frequencies.values()} >= {"frequency"}
    assert {p.id for p in lex.permissions.values()} >= {"banned_then_allowed"}
    assert {m.id for m in lex.measures.values()} >= {"retention_length", "runtime_length", "term_length"}
    assert {w.id for w in lex.windows.values()} >= {"service_hours", "reception_hours", "monitoring_hours"}
    for e in groups:
        assert {k for k, _, _ in e.examples} == {"flag", "pass"}, e.id
    assert {k for k, _, _ in lex.cert_examples} == {"flag", "pass"}
    assert {s.id: s.cycle_years for s in lex.schemes.values()} == {"isms": 3, "isms_cloud": 3, "iso27018": 3,
                                                                     "cs_mark": 1, "pmark": 2, "ismap": 1, "soc2": 1}


def test_validation_reports_file_and_line(tmp_path):
    (tmp_path / "x.yaml").write_text(
        "version: 1\nkind: empty_heading\nentries:\n  - id: a\n    announces: colour\n    captions: [色]\n"
        "    message: m\n    suggestion: s\n    examples: {flag: [x], pass: [y]}\n", encoding="utf-8")
    (tmp_path / "y.yaml").write_text(
        "version: 1\nkind: contradiction\nquantities:\n  - id: q\n    kind: count\n    subject: '('\n"
        "    value: '\\d+名'\n    message: m\n    suggestion: s\n    examples: {flag: [x], pass: [y]}\n",
        encoding="utf-8")
    with pytest.raises(LexiconError) as e:
        cons.load_consistency((str(tmp_path),))
    msg = str(e.value)
    assert "x.yaml:5: entry 'a': announces must be one of" in msg
    assert "y.yaml:4: quantity 'q': bad regex" in msg
    assert "y.yaml:4: quantity 'q': value needs a (?P<n>…) group" in msg


def _facts(body: str):
    return example_facts(cons.example_document(body))


@pytest.mark.parametrize("body, expected", [
    ("第1条　本文。\n\n令和8年4月1日\n\n甲　東山市長", dt.date(2026, 4, 1)),
    ("第1条　本文。\n\n附　則\nこの要領は、令和8年12月1日から施行する。", dt.date(2026, 12, 1)),
    ("本書は、令和8年10月1日付けで乙が提出したものである。\n第1条　本文。", dt.date(2026, 10, 1)),
    ("第1条　本文。\n\n令和７年４月１日　作成", dt.date(2025, 4, 1)),
    ("第1条　本文。\n\n令和　　年　　月　　日\n甲　住所", None),
    ("第1条　履行期間は令和8年4月1日から令和9年3月31日までとする。", None),
])
def test_document_date(body, expected):
    assert cons.document_date(_facts(body)) == expected


def _stale(body: str, today=None):
    ctx = CheckContext(select=frozenset({"stale_certification"}), options={"today": today} if today else {})
    return [f for f in run_checks(_facts(body), ctx) if f.rule == "stale_certification"]


def test_today_is_injectable_and_used_only_without_a_document_date():
    body = "第1条　乙は、プライバシーマーク（2023年5月取得）を保持しなければならない。"
    assert _stale(body, dt.date(2024, 6, 1)) == []
    (f,) = _stale(body, dt.date(2026, 6, 1))
    assert f.quote.startswith("プライバシーマーク") and "2023年5月取得" in f.quote and f.detail == "pmark" and "今日" in f.message
    # with a document date, today does not matter
    dated = body + "\n\n令和6年4月1日"
    assert _stale(dated, dt.date(2030, 1, 1)) == []


def test_cycles_differ_by_scheme():
    isms = "第1条　乙は、ISO/IEC 27001認証（登録日：2022年5月1日）を保持する。\n\n令和7年4月1日"
    pmark = "第1条　乙は、プライバシーマーク（付与日：2022年5月1日）を保持する。\n\n令和7年4月1日"
    assert _stale(isms) == []            # 3-year cycle: still within
    assert len(_stale(pmark)) == 1       # 2-year cycle: past


def test_validity_stated_passes_but_expired_validity_is_flagged():
    ok = "第1条　乙は、ISMAP（登録日：令和6年9月1日、有効期限：令和9年12月31日）に登録されていること。\n\n令和8年12月1日"
    assert _stale(ok) == []
    expired = ("第1条　乙は、プライバシーマーク（有効期間：令和4年8月1日から令和6年7月31日まで）を保持する。\n\n"
               "令和8年4月1日")
    (f,) = _stale(expired)
    assert "切れて" in f.message
    # without a document date a stated validity is accepted (the date it was written is unknown)
    assert _stale("第1条　乙は、プライバシーマーク（有効期間：令和4年8月1日から令和6年7月31日まで）を保持する。",
                  dt.date(2030, 1, 1)) == []


def test_each_certification_gets_its_own_dates():
    body = ("第1条　乙は、ISO/IEC 27001認証（有効期限：2027年9月30日）及びプライバシーマーク（2005年3月取得）を"
            "保持しなければならない。\n\n令和8年4月1日")
    found = _stale(body)
    assert [f.quote for f in found] == ["プライバシーマーク（2005年3月取得）"]


def _contra(body: str):
    ctx = CheckContext(select=frozenset({"contradiction"}))
    return [f for f in run_checks(_facts(body), ctx) if f.rule == "contradiction"]


def test_contradiction_links_both_spans():
    body = ("第1条　本システムで取り扱う情報は電子データとし、紙媒体は取り扱わない。\n"
            "第2条　乙は、データを国内のみに保管する。\n"
            "第3条　出力した帳票は、シュレッダーにより裁断して廃棄する。\n"
            "第4条　乙は、バックアップ媒体を海外の拠点に保管する。")
    facts = _facts(body)
    found = [f for f in run_checks(facts, CheckContext(select=frozenset({"contradiction"})))]
    by = {f.detail: f for f in found}
    assert set(by) == {"paper", "location"}
    paper = by["paper"]
    assert paper.clause == "第3条第1項" and paper.quote == "帳票"
    (rel,) = paper.related
    assert "紙媒体は取り扱わない" in facts.text[rel.start:rel.end] and "第1条" in rel.note
    assert by["location"].quote == "海外" and "国内のみ" in facts.text[by["location"].related[0].start:
                                                                        by["location"].related[0].end]


def test_numbers_for_different_quantities_are_not_contradictions():
    body = ("第1条　乙は、監視要員を常時5名以上配置し、保守技術者を2名配置しなければならない。\n"
            "第2条　乙は、データのバックアップを日次で取得し、週1回遠隔地に保管する。\n"
            "第3条　要員の配置は、別表第1のとおりとする。\n\n別表第1（第3条関係）\n区分　人数\n"
            "監視要員　6名以上\n保守技術者　2名\n警備員　2名以上")
    assert _contra(body) == []
    (f,) = _contra(body.replace("監視要員　6名以上", "監視要員　3名以上"))
    assert f.quote == "3名以上" and f.clause == "別表第1"
    assert f.related and "常時5名以上" in f.message


def test_tier_for_different_facilities_is_not_a_contradiction():
    body = "第1条　主センターはTier 4とする。\n第2条　バックアップセンターはTier 3の基準を満たすこと。"
    assert _contra(body) == []


def _empty(body: str):
    ctx = CheckContext(select=frozenset({"empty_heading"}))
    return [f for f in run_checks(_facts(body), ctx) if f.rule == "empty_heading"]


def test_empty_heading_follows_the_cited_attachment_and_article():
    cited_table = "（保存期間）\n第1条　保存期間は、別表第2のとおりとする。\n\n別表第2（第1条関係）\n対象　保存期間\nログ　1年"
    assert _empty(cited_table) == []
    empty_table = "（保存期間）\n第1条　保存期間は、別表第2のとおりとする。\n\n別表第2（第1条関係）\n対象　期間\nログ　甲が定める"
    (f,) = _empty(empty_table)
    assert f.quote == "（保存期間）" and f.clause == "第1条"
    cited_article = "（保存期間）\n第1条　保存期間は、第2条に定めるとおりとする。\n第2条　記録は5年間保存する。"
    assert _empty(cited_article) == []
    # the caption's head decides: (作業場所の管理) announces management, not a place
    assert _empty("（作業場所の管理）\n第1条　乙は、入室者を記録しなければならない。") == []


def test_a_heading_whose_body_announces_a_list_that_never_comes_is_empty():
    """「（引継ぎ）第1条　業務の移管については、次のとおりとする。」 and nothing after: the heading promises what the
    document never says. With its items, or pointing at a 別表, it is complete."""
    bare = "（引継ぎ）\n第1条　契約期間の満了時に行う業務の移管については、次のとおりとする。\n（疑義）\n第2条　疑義は協議する。"
    (f,) = _empty(bare)
    assert f.detail == "list" and f.quote == "（引継ぎ）" and f.clause == "第1条"
    listed = bare.replace("次のとおりとする。\n", "次のとおりとする。\n(1)　引継書を作成すること。\n(2)　立会いの下で引き渡すこと。\n")
    assert _empty(listed) == []
    table = bare.replace("次のとおりとする。", "別表のとおりとする。")
    assert _empty(table) == []


@pytest.mark.parametrize("law", ["fusei_access_411AC0000000128.txt", "gyosei_tetsuzuki_405AC0000000088.txt",
                                 "kojin_joho_hogo_415AC0000000057.txt"])
def test_no_consistency_findings_on_statutes(law):
    from shinsa.scan import analyze_path

    r = analyze_path(need(LAWS / "text" / law), CheckContext(select=frozenset(cons.RULE_IDS)))
    assert r.status == "ok"
    assert [f for f in r.findings if f.rule in ("stale_certification", "contradiction")] == []


def test_gold_corpus_text():
    from evaluation import evaluate as ev

    table = ev.summarise(ev.evaluate_corpus(formats=("txt",)))
    for rule, minimum in (("empty_heading", 0.85), ("stale_certification", 0.85), ("contradiction", 0.7)):
        t = table[rule]["all"]
        assert t.precision is not None and t.precision >= minimum, (rule, vars(t))
        assert t.recall >= minimum, (rule, vars(t))
        assert t.traps == 0, (rule, vars(t))


def _contradictions(text):
    facts = example_facts(cons.example_document(text))
    return [f for f in cons.check(facts, CheckContext()) if f.rule == "contradiction"]


def test_measure_contradiction_links_both_spans_and_keeps_different_objects_apart():
    got = _contradictions("第1条　非常用発電機の連続運転時間は、72時間以上とする。\n第2条　設備の要件は、別表第1のとおりとする。"
                          "\n\n別表第1（第2条関係）\n設備　要件\n非常用発電機の連続運転時間　48時間\n無停電電源装置の給電可能時間　10分")
    assert [f.quote for f in got] == ["48時間"] and got[0].clause == "別表第1"
    assert got[0].related and "72時間以上" in got[0].message
    # records with different retention periods, and a period counted from the end of the contract
    assert not _contradictions("第1条　入退館記録の保存期間は5年とする。\n第2条　乙は、操作ログを1年間保存する。\n"
                               "第3条　契約期間は、令和8年4月1日から令和9年3月31日までとする。\n"
                               "第4条　乙は、報告書を契約期間の満了後5年間保存する。")


def test_term_range_against_kanji_length():
    got = _contradictions("第1条　指定期間は、令和８年４月１日から令和１３年３月３１日までとする。\n"
                          "第2条　町は、指定期間である三年間の管理の実績を評価する。")
    assert [f.detail for f in got] == ["term_length"] and got[0].quote == "三年間"


def test_exclusive_place_is_one_finding_with_the_location_pair():
    got = _contradictions("第1条　保管データは、国内においてのみ保管するものとする。\n"
                          "第2条　乙は、保管データを海外のデータセンターにおいて保管する。")
    assert len(got) == 1


def test_a_survival_period_names_the_cited_provision_it_disagrees_on():
    facts = example_facts(cons.example_document(
        "第1条　乙は、秘密情報を第三者に開示してはならない。\n第2条　乙は、秘密情報を複製してはならない。\n"
        "第3条　乙は、秘密情報を返還しなければならない。\n第4条　第1条から第3条までの規定は、本契約の終了後5年間存続する。\n"
        "第5条　第2条の規定は、本契約の終了後2年間なお効力を有する。"))
    fs = [f for f in cons.check_measures(facts, cons.lexicon_for(None)) if f.detail == "survival_length"]
    assert [(f.clause, f.quote) for f in fs] == [("第5条第1項", "2年間")]
    assert "第2条の規定" in fs[0].message and "第4条第1項「5年間」" in fs[0].message


def test_a_table_typed_in_a_section_contradicts_the_body_when_its_row_names_the_event():
    """「｜重大障害時の復旧時間｜4時間以内｜発生から業務再開まで｜」 under 3.1 against 「重大障害が発生したときは、発生から
    8時間以内に本番環境を復旧させること」 in 2.3: the bare period counts from the event its remark cell names."""
    text = ("運用保守仕様書\n\n第1章　業務\n\n1.1　障害対応\n本仕様書は、千鳥原市（以下「発注者」という。）が株式会社千鳥（以下"
            "「受注者」という。）に委託する業務について定める。受注者は、重大障害が発生したときは、発生から8時間以内に本番環境を復旧させること。\n\n"
            "1.2　サービスレベル\n受注者は、次の表に定める目標値を達成するものとする。\n"
            "｜項目｜目標値｜備考｜\n｜重大障害時の復旧時間｜4時間以内｜発生から業務再開まで｜\n｜運用実績の報告｜毎月1回｜月次報告書による｜\n")
    facts = example_facts(text)
    got = [f for f in run_checks(facts, CheckContext(select=frozenset({"contradiction"}))) if f.rule == "contradiction"]
    assert [f.quote for f in got] == ["4時間以内"]
    same = text.replace("｜4時間以内｜", "｜8時間以内｜")
    assert not [f for f in run_checks(example_facts(same), CheckContext(select=frozenset({"contradiction"})))
                if f.rule == "contradiction"]
