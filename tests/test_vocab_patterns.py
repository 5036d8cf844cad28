"""The word lists that timeexpr and analysis/groups join into patterns (lexicons/vocab/time.yaml,
quantities.yaml): every example runs against the compiled patterns the list takes part in, and a
broken file is an error with file, line and reason."""

from __future__ import annotations


import pytest

from shinsa import timeexpr
from shinsa.analysis import groups
from shinsa.lexfile import LexiconError
from shinsa.textnorm import fold
from shinsa.vocabulary import quantity_words, time_words
from conftest import edited_vocab

CASES = [(time_words(), timeexpr.patterns_using, lst) for lst in time_words().lists] + \
        [(quantity_words(), groups.patterns_using, lst) for lst in quantity_words().lists]


@pytest.mark.parametrize("words, using, lst", CASES, ids=[f"{w.path.rsplit('/', 1)[-1]}:{lst.name}"
                                                         for w, _, lst in CASES])
def test_list_examples(words, using, lst):
    patterns = using(lst.name)
    assert patterns, f"{words.path}:{lst.line}: list '{lst.name}' takes part in no pattern"
    assert lst.found, f"{words.path}:{lst.line}: list '{lst.name}' has no 'found' example"
    for ex in lst.found:
        assert any(rx.search(fold(ex)) for rx in patterns), f"{words.path}:{lst.line}: '{ex}' not found"
    for ex in lst.not_found:
        hits = [m.group(0) for rx in patterns if (m := rx.search(fold(ex)))]
        assert not hits, f"{words.path}:{lst.line}: '{ex}' must not be found (found {hits})"


def test_units_have_hours():
    hours = dict(time_words().hours)
    assert hours["時間"] == 1 and hours["営業日"] == 24 and hours["ヶ月"] == 720 and hours["分"] == 1 / 60
    assert set(hours) == set(time_words().get("units").items)


def _broken(tmp_path, name, old, new):
    edited_vocab(tmp_path, name, old, new)
    loader = time_words if name == "time.yaml" else quantity_words
    with pytest.raises(LexiconError) as e:
        loader(str(tmp_path))
    return e.value.problems


@pytest.mark.parametrize("name, old, new, reason", [
    ("time.yaml", "items: [から, より, 後]", "items: [から, より, 後, '{nowhere}']", "unknown list '{nowhere}'"),
    ("time.yaml", "items: [から, より, 後]", "items: [から, より, '後(']", "not a valid pattern"),
    ("time.yaml", "items: [から, より, 後]", "items: [から, より, 後, から]", "'から' is twice"),
    ("time.yaml", "分: 1/60,", "分: zero,", "hours: '分'"),
    ("time.yaml", "分: 1/60,", "", "every item of 'units' needs its hours"),
    ("time.yaml", "prior:\n", "priors:\n", "unknown key 'priors'"),
    ("time.yaml", "  found: [発生から２時間以内に]", "  examples: [発生から２時間以内に]", "unknown key 'examples'"),
    ("quantities.yaml", "times:\n  items: [回]", "times:\n  items: ['{times}']", "names itself"),
])
def test_broken_file_names_file_and_line(tmp_path, name, old, new, reason):
    problems = _broken(tmp_path, name, old, new)
    assert any(reason in r and f.endswith(name) and line > 0 for f, line, r in problems), problems


def test_a_topic_group_written_plain_also_reads_the_polite_form():
    from shinsa.analysis.groups import Unit, compile_group, match_group

    g = compile_group(["知り得", "漏ら", "ならない|ものとする"])
    for text, hit in (("乙は、業務上知り得た情報を第三者に漏らしてはなりません。", True),
                      ("乙は、業務上知り得た情報を第三者に漏らしてはならない。", True),
                      ("乙は、業務上知り得た情報を第三者に漏らすことがあります。", False)):
        assert (match_group(g, Unit(0, len(text), text, "", (), 0)) is not None) is hit, text
