"""The word lists that analysis/references, structure and dates join into their patterns
(lexicons/vocab/references.yaml, structure.yaml, dates.yaml): every example runs against the
compiled patterns the list takes part in, and a broken file is an error with file, line and reason."""

from __future__ import annotations


import pytest

from shinsa import dates, structure
from shinsa.analysis import references
from shinsa.lexfile import LexiconError
from shinsa.textnorm import fold
from shinsa.vocabulary import pattern_file
from conftest import edited_vocab

FILES = [("references.yaml", references.REFERENCE_LISTS, references.patterns_using),
         ("structure.yaml", structure.STRUCTURE_LISTS, structure.patterns_using),
         ("dates.yaml", dates.DATE_LISTS, dates.patterns_using)]
CASES = [(name, using, lst) for name, lists, using in FILES for lst in pattern_file(name, lists, fixed=()).lists]


@pytest.mark.parametrize("name, using, lst", CASES, ids=[f"{n}:{lst.name}" for n, _, lst in CASES])
def test_list_examples(name, using, lst):
    patterns = using(lst.name)
    assert patterns, f"{name}:{lst.line}: list '{lst.name}' takes part in no pattern"
    assert lst.found, f"{name}:{lst.line}: list '{lst.name}' has no 'found' example"
    for ex in lst.found:
        assert any(rx.search(fold(ex)) for rx in patterns), f"{name}:{lst.line}: '{ex}' not found"
    for ex in lst.not_found:
        hits = [m.group(0) for rx in patterns if (m := rx.search(fold(ex)))]
        assert not hits, f"{name}:{lst.line}: '{ex}' must not be found (found {hits})"


def test_every_list_is_read():
    for name, lists, _ in FILES:
        words = pattern_file(name, lists, fixed=())
        assert [lst.name for lst in words.lists] == list(lists)


def test_words_reach_the_analysis():
    """The lists are what the analysis reads: 当該各号 takes the items of the last 各号, 本目的 is no
    reference, 第三者 no bare article, 同法 an external law."""
    from shinsa.examples import example_facts

    facts = references.analyze(example_facts(
        "第1条　甲は、次の各号に掲げる事項を行う。\n一　報告\n二　通知\n"
        "第2条　甲は、本目的のため、第三者に前条各号の事項を行わせ、同法第5条の規定に従う。\n"
        "第3条　乙は、第1条各号に掲げる事項を、当該各号に定める日までに行う。\n"))
    got = [(r.text, r.kind, r.target_path) for r in facts.references]
    assert ("前条各号", "internal", "第1条第1項第1号") in got
    assert ("当該各号", "internal", "第1条第1項第1号") in got
    assert ("同法第5条", "external", None) in got
    assert not any(r.text.startswith(("本目", "第三")) for r in facts.references), got


def test_words_reach_the_parser():
    """structure.yaml is what the parser reads: a line ending in 及び runs on (the skipped （４） on the
    next line is no item), 「3年以内に」 is no paragraph 3, 第3条　削除 has no caption."""
    from shinsa.model import Document
    from shinsa.textnorm import fold

    text = ("第1条　乙は、次の事項を行う。\n（１）報告\n（２）通知及び\n（４）書類を出す。\n"
            "第2条　乙は報告する。\n２　乙は通知する。\n3年以内に報告する。\n第3条　削除\n　なお書き。\n")
    clauses = structure.parse(Document(source="t.txt", format="txt", text=text, folded=fold(text)))
    paths = [c.path for c in clauses]
    assert "第1条第1項第2号" in paths and "第1条第1項第4号" not in paths, paths
    assert "第2条第2項" in paths and "第2条第3項" not in paths, paths
    assert next(c for c in clauses if c.path == "第3条").caption is None


def test_lengths_have_hours():
    hours = dates.HOURS
    assert hours["年間"] == hours["年"] == 8766 and hours["ヶ月"] == 730.5 and hours["時間"] == 1
    assert set(hours) == set(pattern_file("dates.yaml", dates.DATE_LISTS, fixed=()).get("length_units").items)


def test_words_reach_the_dates():
    """dates.yaml is what dates reads: 元年, 年度 and 末日 in a date, the bound of a length, a point
    (30日前) and a frequency (1年ごと) that are no lengths, a range written with ～."""
    from datetime import date

    assert [(d.date, d.precision) for d in dates.find_dates("令和元年5月1日、令和8年度、令和3年5月末日")] == [
        (date(2019, 5, 1), "day"), (date(2026, 1, 1), "year"), (date(2021, 5, 31), "day")]
    got = [(x.text, x.bound) for x in dates.find_lengths("72時間以上、3年を超え、30日以内、三年間、30日前、1年ごと")]
    assert got == [("72時間以上", "min"), ("3年を超え", "min"), ("30日以内", "max"), ("三年間", "exact")]
    assert len(dates.date_ranges("令和8年4月1日～令和13年3月31日")) == 1


def _broken(tmp_path, name, lists, old, new):
    edited_vocab(tmp_path, name, old, new)
    with pytest.raises(LexiconError) as e:
        pattern_file(name, lists, str(tmp_path), fixed=())
    return e.value.problems


@pytest.mark.parametrize("name, lists, old, new, reason", [
    ("references.yaml", references.REFERENCE_LISTS, "items: [前]", "items: [前, '{nowhere}']",
     "unknown list '{nowhere}'"),
    ("references.yaml", references.REFERENCE_LISTS, "items: [前]", "items: ['前(']", "not a valid pattern"),
    ("references.yaml", references.REFERENCE_LISTS, "items: [本, この]\n", "items: [本, この, 本]\n", "'本' is twice"),
    ("references.yaml", references.REFERENCE_LISTS, "range_end:\n", "range_ends:\n", "unknown key 'range_ends'"),
    ("references.yaml", references.REFERENCE_LISTS, "  items: [まで]\n", "  words: [まで]\n", "unknown key 'words'"),
    ("references.yaml", references.REFERENCE_LISTS, "range_end:\n  items: [まで]\n  found: [第十条から第十二条まで]\n",
     "", "missing list(s): range_end"),
    ("references.yaml", references.REFERENCE_LISTS, "law_kinds:\n  items: [法, 法律, 令, 規則, 条例]",
     "law_kinds:\n  items: ['{rewording_leads}']", "names itself"),
    ("structure.yaml", structure.STRUCTURE_LISTS, "items: [御中, 殿, 様]", "items: [御中, 殿, '様[']",
     "not a valid pattern"),
    ("structure.yaml", structure.STRUCTURE_LISTS, "deleted:\n", "deletion:\n", "unknown key 'deletion'"),
    ("structure.yaml", structure.STRUCTURE_LISTS, "  items: [削除]\n", "  items: []\n", "list 'deleted' needs 'items'"),
    ("dates.yaml", dates.DATE_LISTS, "時間: 1}", "時間: 0}", "hours: '時間'"),
    ("dates.yaml", dates.DATE_LISTS, "日: 24, 時間: 1}", "日: 24}", "every item of 'length_units' needs its hours"),
    ("dates.yaml", dates.DATE_LISTS, "first_year:\n", "first_years:\n", "unknown key 'first_years'"),
])
def test_broken_file_names_file_and_line(tmp_path, name, lists, old, new, reason):
    problems = _broken(tmp_path, name, lists, old, new)
    assert any(reason in r and f.endswith(name) and line > 0 for f, line, r in problems), problems
