"""Lexicon engine: examples, validation with file:line, overrides, caching, no re-tokenizing."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from shinsa import examples as xm
from shinsa import lexicon as lx
from shinsa.checks import CheckContext, run_checks

GOOD_ENTRY = """\
  - id: {id}
    match: {match}
    examples:
      flag: [乙は、事故が発生したときは、{word}甲に報告しなければならない。]
      pass: [乙は、事故が発生したときは、直ちに甲に報告しなければならない。]
"""


def write(tmp: Path, name: str, body: str) -> Path:
    tmp.mkdir(parents=True, exist_ok=True)
    p = tmp / name
    p.write_text(textwrap.dedent(body), encoding="utf-8")
    return p


def test_every_builtin_example_passes():
    results = xm.run_examples(lx.load())
    assert len(results) > 100
    bad = [r.describe() for r in results if not r.ok]
    assert not bad, "\n".join(bad)


def test_every_entry_has_flag_and_pass_examples():
    for e in lx.load().entries:
        kinds = {ex.expect for ex in e.examples}
        assert kinds == {"flag", "pass"}, e.id


@pytest.mark.parametrize("body, line, reason", [
    # a typo in a key, with a hint
    ("""\
     version: 1
     rule: vague_wording
     message: m
     sugestion: s
     entries:
       - id: a
         match: 速やかに
         examples: {flag: [速やかに報告する。]}
     """, 4, "unknown key 'sugestion' in file (did you mean 'suggestion'?)"),
    # no message anywhere
    ("""\
     rule: vague_wording
     suggestion: s
     entries:
       - id: a
         match: 速やかに
         examples: {flag: [速やかに報告する。]}
     """, 4, "missing message"),
    # empty match
    ("""\
     rule: vague_wording
     message: m
     suggestion: s
     entries:
       - id: a
         match: ""
         examples: {flag: [速やかに報告する。]}
     """, 6, "empty match"),
    # a broken regex
    ("""\
     rule: placeholder_leftover
     message: m
     suggestion: s
     entries:
       - id: a
         regex: "【[^】"
         examples: {flag: [【要確認】]}
     """, 6, "bad regex"),
    # unknown rule id
    ("""\
     rule: vage_wording
     message: m
     suggestion: s
     entries:
       - id: a
         match: 速やかに
         examples: {flag: [速やかに報告する。]}
     """, 1, "unknown rule 'vage_wording' (did you mean 'vague_wording'?)"),
    # an entry without examples
    ("""\
     rule: vague_wording
     message: m
     suggestion: s
     entries:
       - id: a
         match: 速やかに
     """, 5, "missing examples"),
    # a YAML syntax error
    ("""\
     rule: vague_wording
     entries:
       - id: a
         match: [速やかに
     """, 5, "YAML syntax error"),
])
def test_broken_lexicon_is_rejected_with_file_and_line(tmp_path, body, line, reason):
    p = write(tmp_path / "broken", "broken.yaml", body)
    with pytest.raises(lx.LexiconError) as ei:
        lx.load([tmp_path / "broken"], builtin=False)
    probs = ei.value.problems
    assert any(f == str(p) and ln == line and reason in r for f, ln, r in probs), probs
    assert f"{p}:{line}:" in str(ei.value)


def test_duplicate_ids_and_bad_condition_values(tmp_path):
    p = write(tmp_path / "d", "dup.yaml", """\
        rule: vague_wording
        message: m
        suggestion: s
        only_in: [obligation]
        entries:
          - id: a
            match: 速やかに
            examples: {flag: [速やかに報告しなければならない。]}
          - id: a
            match: 遅滞なく
            examples: {flag: [遅滞なく報告しなければならない。]}
        """)
    with pytest.raises(lx.LexiconError) as ei:
        lx.load([tmp_path / "d"], builtin=False)
    text = str(ei.value)
    assert f"{p}:" in text and "only_in 'obligation' is not one of" in text


def test_extra_folder_overrides_and_adds_entries(tmp_path):
    write(tmp_path / "city", "city.yaml", """\
        rule: vague_wording
        detail: time
        message: 「{quote}」は本市の基準では期限になりません。
        suggestion: 「{quote}」を「3開庁日以内に」のように改めてください。
        entries:
          - id: vague.time.sumiyaka
            disable: true
          - id: city.time.mamonaku
            match: 間もなく
            examples:
              flag: [乙は、間もなく甲に報告しなければならない。]
              pass: [乙は、3開庁日以内に甲に報告しなければならない。]
        """)
    lex = lx.load([tmp_path / "city"])
    assert lex.get("vague.time.sumiyaka") is None
    assert lex.get("city.time.mamonaku") is not None
    assert lex.get("vague.time.chitainaku") is not None  # the rest of the built-in set stays
    facts = xm.example_facts("乙は、速やかに報告し、間もなく甲に通知しなければならない。")
    found = {f.quote: f for f in run_checks(facts, CheckContext(lexicons=lex, select=frozenset({"vague_wording"})))}
    assert "速やかに" not in found
    assert found["間もなく"].message == "「間もなく」は本市の基準では期限になりません。"
    assert all(r.ok for r in xm.run_examples(lex, ["city.time.mamonaku"]))


def test_compiled_once_per_process_per_folder_set(tmp_path):
    assert lx.load() is lx.load()
    assert lx.default() is lx.load()


def test_normalized_forms_match_spelling_variants():
    lex = lx.load()
    for text in ("乙は、速やかに報告しなければならない。", "乙は、すみやかに報告しなければならない。",
                 "乙は、速かに報告しなければならない。"):
        facts = xm.example_facts(text)
        ids = {m.entry.id for m in lex.scan(facts).matches}
        assert "vague.time.sumiyaka" in ids, text


def test_matching_reads_facts_tokens_without_retokenizing(monkeypatch):
    from shinsa import nlp

    facts = xm.example_facts("乙は、事故が発生したときは、速やかに甲に報告しなければならない。")
    lex = lx.load()

    def boom(*a, **k):
        raise AssertionError("a check tokenized again")

    monkeypatch.setattr(nlp, "tokenize_span", boom)
    monkeypatch.setattr(nlp, "sentences", boom)
    lex._scans.clear()
    findings = run_checks(facts, CheckContext(lexicons=lex))
    assert any(f.rule == "vague_wording" for f in findings)


def test_example_runner_reports_a_wrong_example(tmp_path):
    write(tmp_path / "w", "wrong.yaml", """\
        rule: vague_wording
        message: m
        suggestion: s
        entries:
          - id: w.tekigi
            match: 適宜
            examples:
              flag: [乙は、毎月10日までに報告しなければならない。]
              pass: [乙は、適宜報告しなければならない。]
        """)
    lex = lx.load([tmp_path / "w"], builtin=False)
    res = xm.run_examples(lex)
    assert [r.ok for r in res] == [False, False]
    assert "wrong.yaml:8:" in res[0].describe()


def test_cli_lexicon_test_and_list(tmp_path, capsys):
    from shinsa.cli import main

    assert main(["lexicon", "test"]) == 0
    assert main(["lexicon", "list"]) == 0
    out = capsys.readouterr().out
    assert "vague.time.sumiyaka" in out and "conjunction.narabini" in out
    write(tmp_path / "bad", "bad.yaml", """\
        rule: vague_wording
        entries:
          - id: x
            match: 速やかに
            mesage: m
        """)
    assert main(["lexicon", "test", str(tmp_path / "bad")]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml:5: unknown key 'mesage'" in err


def test_cli_explain_shows_lexicon_examples_and_suggestion(capsys):
    from shinsa.cli import main

    assert main(["explain", "vague_wording"]) == 0
    out = capsys.readouterr().out
    assert "## 何を検出するか" in out and "## 修正例" in out
    assert "速やかに" in out and "指摘する" in out and "修正の提案" in out
