"""The word lists that analysis/references joins into its patterns (lexicons/vocab/references.yaml):
every example runs against the compiled patterns the list takes part in, and a broken file is an
error with file, line and reason."""

from __future__ import annotations

import shutil

import pytest

from shinsa.analysis import references
from shinsa.lexfile import LexiconError
from shinsa.textnorm import fold
from shinsa.vocabulary import VOCAB_DIR, pattern_file

FILES = [("references.yaml", references.REFERENCE_LISTS, references.patterns_using)]
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


def _broken(tmp_path, name, lists, old, new):
    shutil.copy(VOCAB_DIR / name, tmp_path / name)
    text = (tmp_path / name).read_text(encoding="utf-8")
    assert old in text
    (tmp_path / name).write_text(text.replace(old, new, 1), encoding="utf-8")
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
    ("references.yaml", references.REFERENCE_LISTS, "law_kinds:\n  items: [法, 法律, 令, 規則, 条例]",
     "law_kinds:\n  items: ['{rewording_leads}']", "names itself"),
])
def test_broken_file_names_file_and_line(tmp_path, name, lists, old, new, reason):
    problems = _broken(tmp_path, name, lists, old, new)
    assert any(reason in r and f.endswith(name) and line > 0 for f, line, r in problems), problems
