"""shinsa diff: clause alignment, inline diff, findings follow-up, stale references, CLI."""

import json

import pytest

from shinsa.cli import main
from shinsa.compare import compare, path_map
from shinsa.compare.followup import load_findings
from shinsa.scan import analyze_path

OLD = """業務委託契約書

東山市（以下「甲」という。）と株式会社みなと情報システム（以下「乙」という。）は、次のとおり契約を締結する。

（目的）
第1条　この契約は、甲の窓口業務の委託について定める。
（再委託）
第2条　乙は、本業務を第三者に委託してはならない。ただし、甲の書面による承諾を得たときは、この限りでない。
（事故の報告）
第3条　乙は、事故が発生したときは、速やかに甲に報告しなければならない。
２　乙は、前項の報告の後、再発防止策を甲に提出しなければならない。
（秘密の保持）
第4条　乙は、本業務に関して知り得た秘密を他に漏らしてはならない。
（検査）
第5条　甲は、第2条の承諾をした場合、再委託先の業務の状況を検査することができる。
（協議）
第6条　この契約に定めのない事項は、甲乙協議して定める。
"""

# 第2条の2 inserted, 第3条 reworded (fixes 速やかに), 第4条 deleted, 第6条 moved before 第5条,
# and 第5条 still cites 第2条 (right: 第2条 kept its number)
NEW = """業務委託契約書

東山市（以下「甲」という。）と株式会社みなと情報システム（以下「乙」という。）は、次のとおり契約を締結する。

（目的）
第1条　この契約は、甲の窓口業務の委託について定める。
（再委託）
第2条　乙は、本業務を第三者に委託してはならない。ただし、甲の書面による承諾を得たときは、この限りでない。
（作業場所）
第2条の2　乙は、甲が指定する場所で本業務を行わなければならない。
（事故の報告）
第3条　乙は、事故が発生したときは、事故を知った時から24時間以内に甲に報告しなければならない。
２　乙は、前項の報告の後、再発防止策を甲に提出しなければならない。
（協議）
第4条　この契約に定めのない事項は、甲乙協議して定める。
（検査）
第5条　甲は、第2条の承諾をした場合、再委託先の業務の状況を検査することができる。
"""

# an article inserted before 第2条 without updating 第5条's 「第2条」
RENUM = OLD.replace("（再委託）\n第2条", "（作業場所）\n第2条　乙は、甲が指定する場所で本業務を行わなければならない。\n（再委託）\n第3条") \
    .replace("（事故の報告）\n第3条", "（事故の報告）\n第4条").replace("（秘密の保持）\n第4条", "（秘密の保持）\n第5条") \
    .replace("（検査）\n第5条", "（検査）\n第6条").replace("（協議）\n第6条", "（協議）\n第7条")


def _analyse(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return analyze_path(p)


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    d = tmp_path_factory.mktemp("diff")
    return compare(_analyse(d, "old.txt", OLD), _analyse(d, "new.txt", NEW))


def _top(cmp):
    return {(p.old_path, p.new_path): p.status for p in cmp.pairs if p.depth == 0}


def test_alignment_statuses_and_paths(edited):
    top = _top(edited)
    assert top[("第1条", "第1条")] == "unchanged"
    assert top[(None, "第2条の2")] == "added"
    assert top[("第3条", "第3条")] == "modified"
    assert top[("第4条", None)] == "deleted"
    # 第6条 (協議) moved before 第5条 and renumbered 第4条; 第5条 stays in order
    assert top[("第6条", "第4条")] == "moved"
    assert top[("第5条", "第5条")] == "unchanged"
    sub = {(p.old_path, p.new_path): p.status for p in edited.pairs if p.depth == 1}
    assert sub[("第3条第1項", "第3条第1項")] == "modified"
    assert sub[("第3条第2項", "第3条第2項")] == "unchanged"
    assert edited.counts()["added"] == 1


def test_inline_diff_keeps_reading_units_whole(edited):
    p = next(p for p in edited.pairs if p.old_path == "第3条第1項")
    changed = [op for op in p.ops if op.op != "equal"]
    assert len(changed) == 1
    # whole morphemes: 速やか(に) is replaced, never a single character of it
    assert changed[0].old in ("速やか", "速やかに") and changed[0].new.startswith("事故を知った時から24時間以内")
    # the ops rebuild both texts exactly
    assert "".join(op.old for op in p.ops) == edited.old.doc.text[p.old.clause.start:p.old.clause.end]
    assert "".join(op.new for op in p.ops) == edited.new.doc.text[p.new.clause.start:p.new.clause.end]


def test_findings_follow_up(edited):
    st = {(f.status, f.finding.rule, f.finding.quote) for f in edited.findings}
    assert ("resolved", "vague_wording", "速やかに") in st
    assert not any(f.status == "new" and f.finding.rule == "vague_wording" for f in edited.findings)
    pm = path_map(edited.pairs)
    assert pm["第4条"] is None and pm["第6条"] == "第4条"


def test_stale_reference_after_renumbering(tmp_path):
    cmp = compare(_analyse(tmp_path, "old.txt", OLD), _analyse(tmp_path, "new.txt", RENUM))
    top = _top(cmp)
    assert top[(None, "第2条")] == "added"
    assert top[("第2条", "第3条")] == "renumbered"
    assert top[("第5条", "第6条")] == "renumbered"
    stale = [(f.clause, f.quote, f.rule) for f in cmp.stale]
    assert stale == [("第6条第1項", "第2条", "stale_reference")]
    assert "第3条" in cmp.stale[0].message
    assert any(f.status == "new" and f.finding.rule == "stale_reference" for f in cmp.findings)


def test_identical_versions_have_no_changes(tmp_path):
    cmp = compare(_analyse(tmp_path, "a.txt", OLD), _analyse(tmp_path, "b.txt", OLD.replace("\u3000", "　 ")))
    assert cmp.changes == [] and not cmp.stale
    assert {f.status for f in cmp.findings} == {"persisting"}


def test_merge_and_split_pair_both_parts(tmp_path):
    merged = OLD.replace("（秘密の保持）\n第4条　乙は、本業務に関して知り得た秘密を他に漏らしてはならない。\n", "") \
        .replace("再発防止策を甲に提出しなければならない。",
                 "再発防止策を甲に提出しなければならない。乙は、本業務に関して知り得た秘密を他に漏らしてはならない。")
    cmp = compare(_analyse(tmp_path, "old.txt", OLD), _analyse(tmp_path, "new.txt", merged))
    rel = {(p.old_path, p.new_path, p.relation) for p in cmp.pairs if p.depth == 0 and p.relation}
    assert ("第4条", "第3条", "merged") in rel
    back = compare(_analyse(tmp_path, "m.txt", merged), _analyse(tmp_path, "o.txt", OLD))
    rel = {(p.old_path, p.new_path, p.relation) for p in back.pairs if p.depth == 0 and p.relation}
    assert ("第3条", "第4条", "split") in rel


def test_cli_text_json_and_exit_codes(tmp_path, capsys):
    (tmp_path / "old.txt").write_text(OLD, encoding="utf-8")
    (tmp_path / "new.txt").write_text(NEW, encoding="utf-8")
    assert main(["diff", str(tmp_path / "old.txt"), str(tmp_path / "old.txt")]) == 0
    capsys.readouterr()
    assert main(["diff", str(tmp_path / "old.txt"), str(tmp_path / "new.txt")]) == 1
    out = capsys.readouterr().out
    assert "追加 - → 第2条の2 （作業場所）" in out and "削除 第4条 → -" in out
    assert "指摘 解消" in out
    assert main(["diff", str(tmp_path / "old.txt"), str(tmp_path / "new.txt"), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["schema_version"] == 1 and {"old", "new", "pairs", "findings"} <= set(data)
    p = next(p for p in data["pairs"] if p["old_path"] == "第3条第1項")
    assert set(p) >= {"old_path", "new_path", "status", "old_text", "new_text", "ops"}
    assert {f["status"] for f in data["findings"]} <= {"resolved", "persisting", "new"}
    assert main(["diff", str(tmp_path / "old.txt"), str(tmp_path / "nope.txt")]) == 2
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    assert main(["diff", str(tmp_path / "old.txt"), str(tmp_path / "empty.txt")]) == 2
    assert "empty.txt" in capsys.readouterr().err
    assert main(["diff", str(tmp_path / "old.txt"), str(tmp_path / "new.txt"), "--format", "html"]) == 2


def test_reviewer_findings_with_rows_deleted(tmp_path, capsys):
    (tmp_path / "old.txt").write_text(OLD, encoding="utf-8")
    (tmp_path / "new.txt").write_text(OLD.replace("速やかに", "直ちに"), encoding="utf-8")
    main(["scan", str(tmp_path / "old.txt"), "--format", "json", "--fail-on", "never"])
    scan = json.loads(capsys.readouterr().out)
    assert len(scan["findings"]) >= 2
    dropped = next(f for f in scan["findings"] if f["quote"] != "速やかに")
    scan["findings"] = [f for f in scan["findings"] if f is not dropped]
    (tmp_path / "reviewed.json").write_text(json.dumps(scan, ensure_ascii=False), encoding="utf-8")
    assert len(load_findings(tmp_path / "reviewed.json")) == len(scan["findings"])
    main(["diff", str(tmp_path / "old.txt"), str(tmp_path / "new.txt"), "--format", "json",
          "--findings", str(tmp_path / "reviewed.json")])
    data = json.loads(capsys.readouterr().out)
    st = [(f["status"], f["quote"]) for f in data["findings"]]
    assert ("resolved", "速やかに") in st
    # the dismissed finding still exists in NEW, but is neither persisting nor new
    assert not any(q == dropped["quote"] and f["clause"] == dropped["clause"] and f["rule"] == dropped["rule"]
                   for f, (_, q) in zip(data["findings"], st))
    assert data["summary"]["dismissed"] == 1
    assert main(["diff", str(tmp_path / "old.txt"), str(tmp_path / "new.txt"),
                 "--findings", str(tmp_path / "new.txt")]) == 2


def test_file_outputs_html_xlsx_docx_json(tmp_path, edited):
    import docx
    from openpyxl import load_workbook

    from shinsa.diff import write_files

    paths = write_files(edited, tmp_path / "out", ["json", "html", "xlsx", "docx"])
    assert [p.name for p in paths] == ["diff.json", "diff.html", "diff.xlsx", "diff.docx"]
    html = (tmp_path / "out" / "diff.html").read_text(encoding="utf-8")
    assert "@page{size:A4 landscape" in html
    assert "<ins>" in html and "<del>" in html and 'class="row st-moved"' in html
    ws = load_workbook(tmp_path / "out" / "diff.xlsx")["新旧対照表"]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == ["条項(新)", "条項(旧)", "区分", "新", "旧", "指摘の状況", "対応状況"]
    by_new = {r[0]: r for r in rows[1:]}
    assert by_new["第2条の2"][2] == "追加" and by_new["第3条"][2] == "修正"
    assert "解消 1" in by_new["第3条"][5] and all(r[6] is None for r in rows[1:])
    assert any(r[1] == "第4条" and r[2] == "削除" for r in rows[1:])
    sub = list(load_workbook(tmp_path / "out" / "diff.xlsx")["項・号の変更"].iter_rows(values_only=True))
    assert [r[:3] for r in sub[1:]] == [("第3条第1項", "第3条第1項", "修正")]
    d = docx.Document(str(tmp_path / "out" / "diff.docx"))
    t = d.tables[0]
    assert [c.text for c in t.rows[0].cells] == ["新", "旧", "備考"]
    assert any("24時間以内" in c.text for r in t.rows for c in r.cells)
    # added text underlined in 新, removed text struck in 旧
    runs = [run for r in t.rows[1:] for run in r.cells[0].paragraphs[0].runs if run.underline]
    assert any("24時間" in run.text for run in runs)
    struck = [run for r in t.rows[1:] for run in r.cells[1].paragraphs[0].runs if run.font.strike]
    assert any("速やか" in run.text for run in struck)
    changed_rows = [p for p in edited.pairs if p.depth == 0 and p.status != "unchanged"]
    assert len(t.rows) - 1 == len(changed_rows)
    data = json.loads((tmp_path / "out" / "diff.json").read_text(encoding="utf-8"))
    assert data["summary"]["pairs"] == edited.counts()


def test_html_escapes_document_text(tmp_path):
    evil = OLD.replace("窓口業務", "<script>window.__pwned=1</script>窓口業務")
    cmp = compare(_analyse(tmp_path, "old.txt", OLD), _analyse(tmp_path, "new.txt", evil))
    from shinsa.report import diff_html

    html = diff_html.render(cmp)
    assert "<script>window.__pwned" not in html and "&lt;script&gt;" in html


def test_template_flags_deleted_required_clause(tmp_path):
    std = (tmp_path / "std.txt")
    src = (__import__("pathlib").Path(__file__).parents[1] / "corpora/drafts/kojin_joho_tokki.txt").read_text(encoding="utf-8")
    std.write_text(src, encoding="utf-8")
    lines = src.split("\n")
    i = next(k for k, ln in enumerate(lines) if ln.startswith("（再委託"))
    j = next(k for k in range(i + 1, len(lines)) if lines[k].startswith("（"))
    (tmp_path / "draft.txt").write_text("\n".join(lines[:i] + lines[j:]), encoding="utf-8")
    cmp = compare(analyze_path(std), analyze_path(tmp_path / "draft.txt"), template=True)
    t = cmp.template
    assert any(it["kind"] == "削除" for it in t["items"])
    assert [d["topic"] for d in t["required_deletions"]] == ["subcontract"]
    # the same deletion of a clause the profile does not require is listed but not flagged
    k = next(k for k, ln in enumerate(lines) if ln.startswith("（収集の制限"))
    (tmp_path / "d2.txt").write_text("\n".join(lines[:k] + lines[k + 3:]), encoding="utf-8")
    cmp2 = compare(analyze_path(std), analyze_path(tmp_path / "d2.txt"), template=True)
    assert any(it["kind"] == "削除" for it in cmp2.template["items"]) and not cmp2.template["required_deletions"]


def test_cli_template_outputs(tmp_path, capsys):
    from openpyxl import load_workbook

    src = (__import__("pathlib").Path(__file__).parents[1] / "corpora/drafts/kojin_joho_tokki.txt").read_text(encoding="utf-8")
    (tmp_path / "std.txt").write_text(src, encoding="utf-8")
    (tmp_path / "draft.txt").write_text(src.replace("（返還及び廃棄）\n", "（返還）\n").replace(
        "甲の指示に従い保存しなければならない", "適切に保存しなければならない"), encoding="utf-8")
    code = main(["diff", str(tmp_path / "std.txt"), str(tmp_path / "draft.txt"), "--template",
                 "--out", str(tmp_path / "out"), "--format", "text,json,html,xlsx"])
    assert code == 1
    out = capsys.readouterr().out
    assert "修正 第16 → 第16 （返還）" in out and "修正 第17 → 第17" in out
    data = json.loads((tmp_path / "out" / "diff.json").read_text(encoding="utf-8"))
    assert {(i["kind"], i["new_path"]) for i in data["template"]["items"]} == {("修正", "第16"), ("修正", "第17")}
    assert data["template"]["required_deletions"] == []
    assert "加除修正事項" in (tmp_path / "out" / "diff.html").read_text(encoding="utf-8")
    rows = list(load_workbook(tmp_path / "out" / "diff.xlsx")["加除修正事項"].iter_rows(values_only=True))
    assert [r[:3] for r in rows[1:]] == [("修正", "第16", "第16"), ("修正", "第17", "第17")]


def test_rewritten_article_keeps_its_partner_by_caption(tmp_path):
    rewritten = OLD.replace("乙は、本業務に関して知り得た秘密を他に漏らしてはならない。",
                            "乙及び乙の従業者は、契約の期間中はもとより終了後も、業務上知った情報を第三者に開示しない。")
    cmp = compare(_analyse(tmp_path, "old.txt", OLD), _analyse(tmp_path, "new.txt", rewritten))
    assert _top(cmp)[("第4条", "第4条")] == "modified"
    assert not [p for p in cmp.pairs if p.status in ("added", "deleted")]


def test_repeated_identical_paragraphs_pair_in_order(tmp_path):
    twice = OLD.replace("２　乙は、前項の報告の後、再発防止策を甲に提出しなければならない。",
                        "２　甲は、必要と認めるときは、乙に説明を求めることができる。\n"
                        "３　甲は、必要と認めるときは、乙に説明を求めることができる。")
    inserted = twice.replace("２　甲は、必要と認めるときは", "２　乙は、事故の記録を保存しなければならない。\n３　甲は、必要と認めるときは") \
        .replace("３　甲は、必要と認めるときは、乙に説明を求めることができる。\n（秘密",
                 "４　甲は、必要と認めるときは、乙に説明を求めることができる。\n（秘密")
    cmp = compare(_analyse(tmp_path, "old.txt", twice), _analyse(tmp_path, "new.txt", inserted))
    sub = {(p.old_path, p.new_path): p.status for p in cmp.pairs if p.depth == 1 and p.old_path
           and p.old_path.startswith("第3条")}
    assert sub[("第3条第2項", "第3条第3項")] == "renumbered"
    assert sub[("第3条第3項", "第3条第4項")] == "renumbered"
    assert [p.new_path for p in cmp.pairs if p.status == "added"] == ["第3条第2項"]


def test_pairs_are_in_reading_order_of_new_with_deletions_in_place(edited):
    top = [(p.old_path, p.new_path) for p in edited.pairs if p.depth == 0]
    assert top.index(("第3条", "第3条")) < top.index(("第4条", None)) < top.index(("第6条", "第4条"))
    assert top[:2] == [("題名", "題名"), ("前文", "前文")]


def test_paragraph_rewritten_in_a_renumbered_article_is_modified(tmp_path):
    text = RENUM.replace("乙は、前項の報告の後、再発防止策を甲に提出しなければならない。",
                         "甲は、報告を受けたときは、必要な指示をすることができる。")
    cmp = compare(_analyse(tmp_path, "old.txt", OLD), _analyse(tmp_path, "new.txt", text))
    sub = {(p.old_path, p.new_path): p.status for p in cmp.pairs if p.depth == 1}
    assert sub[("第3条第2項", "第4条第2項")] == "modified"


def test_stale_reference_check_runs_through_run_checks_with_a_previous_version(tmp_path):
    from shinsa.checks import CheckContext, run_checks
    from shinsa.checks.revision import STALE

    old, new = _analyse(tmp_path, "old.txt", OLD), _analyse(tmp_path, "new.txt", RENUM)
    cmp = compare(old, new)
    plain = run_checks(new.facts, CheckContext(select=frozenset({STALE})))
    assert plain == []  # a single version cannot show a stale reference
    found = run_checks(new.facts, CheckContext(select=frozenset({STALE}),
                                               options={"previous": (old.facts, cmp.pairs)}))
    assert [(f.clause, f.quote) for f in found] == [(f.clause, f.quote) for f in cmp.stale]


CHAPTERS = """業務委託契約書

第1章　総則
（目的）
第1条　この契約は、甲の窓口業務の委託について定める。
（定義）
第2条　この契約において「本業務」とは、窓口における受付の業務をいう。
第2章　業務の実施
（実施体制）
第3条　乙は、本業務の責任者を定め、甲に届け出なければならない。
（報告）
第4条　乙は、毎月10日までに前月の業務の実施状況を甲に報告しなければならない。
"""


def test_article_moved_into_another_chapter(tmp_path):
    moved = CHAPTERS.replace("（定義）\n第2条　この契約において「本業務」とは、窓口における受付の業務をいう。\n", "") \
        .replace("第2章　業務の実施\n（実施体制）\n第3条", "第2章　業務の実施\n（実施体制）\n第2条") \
        .replace("（報告）\n第4条　乙は、毎月10日までに前月の業務の実施状況を甲に報告しなければならない。",
                 "（報告）\n第3条　乙は、毎月10日までに前月の業務の実施状況を甲に報告しなければならない。\n"
                 "（定義）\n第4条　この契約において「本業務」とは、窓口における受付の業務をいう。")
    cmp = compare(_analyse(tmp_path, "old.txt", CHAPTERS), _analyse(tmp_path, "new.txt", moved))
    top = _top(cmp)
    assert top[("第1章", "第1章")] == "unchanged" and top[("第2章", "第2章")] == "unchanged"
    assert top[("第2条", "第4条")] == "moved"
    assert top[("第3条", "第2条")] == "renumbered" and top[("第4条", "第3条")] == "renumbered"
    # a chapter's row stands for its heading, not for the articles it holds
    from shinsa.report.diff_json import pair_text

    ch = next(p for p in cmp.pairs if p.new_path == "第2章")
    assert pair_text(cmp.new, ch.new).strip() == "第2章　業務の実施"


def test_references_updated_with_the_renumbering_are_not_stale(tmp_path):
    # 第5条 cites two articles; both shift by one and the drafter updated both (the new 「第3条」 is
    # the old 「第2条」's successor, not the old 「第3条」 left behind)
    old = OLD.replace("第2条の承諾をした場合", "第2条又は第3条の規定による承諾をした場合")
    new = RENUM.replace("第2条の承諾をした場合", "第3条又は第4条の規定による承諾をした場合")
    cmp = compare(_analyse(tmp_path, "old.txt", old), _analyse(tmp_path, "new.txt", new))
    assert cmp.stale == []
    forgot = RENUM.replace("第2条の承諾をした場合", "第3条又は第3条の規定による承諾をした場合")
    cmp = compare(_analyse(tmp_path, "old.txt", old), _analyse(tmp_path, "f.txt", forgot))
    assert [(f.clause, f.quote) for f in cmp.stale] == [("第6条第1項", "第3条")]
    assert "第4条" in cmp.stale[0].message


def test_cli_rejects_unknown_format(tmp_path, capsys):
    (tmp_path / "old.txt").write_text(OLD, encoding="utf-8")
    with pytest.raises(SystemExit) as e:
        main(["diff", str(tmp_path / "old.txt"), str(tmp_path / "old.txt"), "--format", "text,pdf"])
    assert e.value.code == 2
    assert "unknown format: pdf" in capsys.readouterr().err
