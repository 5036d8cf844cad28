"""The word lists that checks/wording.py and checks/consistency.py join into patterns
(lexicons/vocab/wording.yaml, consistency.yaml): every example runs against the compiled patterns
the list takes part in, and a broken file is an error with file, line and reason."""

from __future__ import annotations


import pytest

from shinsa.checks import consistency, wording
from shinsa.lexfile import LexiconError
from shinsa.textnorm import fold
from shinsa.vocabulary import pattern_file
from conftest import edited_vocab

FILES = {"wording.yaml": (wording, wording.WORDING_LISTS),
         "consistency.yaml": (consistency, consistency.CONSISTENCY_LISTS)}
CASES = [(name, mod, lst) for name, (mod, lists) in FILES.items() for lst in pattern_file(name, lists, fixed=()).lists]


def _hit(rx, text: str) -> str | None:
    """The first non-empty match (a pattern that may match the empty string, such as the closing
    marks of a sentence, finds nothing by matching nothing)."""
    return next((m.group(0) for m in rx.finditer(text) if m.group(0)), None)


@pytest.mark.parametrize("name, mod, lst", CASES, ids=[f"{n}:{lst.name}" for n, _, lst in CASES])
def test_list_examples(name, mod, lst):
    patterns = mod.patterns_using(lst.name)
    where = f"{name}:{lst.line}"
    assert patterns, f"{where}: list '{lst.name}' takes part in no pattern"
    assert lst.found, f"{where}: list '{lst.name}' has no 'found' example"
    for ex in lst.found:
        assert any(_hit(rx, fold(ex)) for rx in patterns), f"{where}: '{ex}' not found"
    for ex in lst.not_found:
        hits = [h for rx in patterns if (h := _hit(rx, fold(ex)))]
        assert not hits, f"{where}: '{ex}' must not be found (found {hits})"


def test_lists_in_file_order():
    """Each module names exactly the lists of its file, in the file's order (a list the file has
    and the module does not name is an error of the loader: unknown key)."""
    for name, (_mod, lists) in FILES.items():
        assert tuple(lst.name for lst in pattern_file(name, lists, fixed=()).lists) == lists


def test_patterns_work_in_the_checks():
    """A few of the moved words, through the code that reads them."""
    assert wording._is("authority", "総務大臣") and not wording._is("authority", "受託者")
    assert wording._is("topic_stop", "場合") and not wording._is("topic_stop", "乙")
    assert wording._RX["sentence_tail"].sub("", "乙は、報告する。\u3000 ", count=1) == "乙は、報告する"
    assert consistency._owner_terms("本システムの操作ログ及び乙の入退室記録") == frozenset({"システムの操作ログ", "入退室記録"})
    assert consistency._subject_terms("電話による問い合わせ") == frozenset({"電話"})


def _broken(tmp_path, name, old, new):
    edited_vocab(tmp_path, name, old, new)
    with pytest.raises(LexiconError) as e:
        pattern_file(name, FILES[name][1], str(tmp_path), fixed=())
    return e.value.problems


@pytest.mark.parametrize("name, old, new, reason", [
    ("wording.yaml", "items: [目的, 趣旨]", "items: [目的, 趣旨, '{nowhere}']", "unknown list '{nowhere}'"),
    ("wording.yaml", "items: [目的, 趣旨]", "items: [目的, '趣旨(']", "not a valid pattern"),
    ("wording.yaml", "items: [目的, 趣旨]", "items: [目的, 趣旨, 目的]", "'目的' is twice"),
    ("wording.yaml", "purpose_captions:\n", "purpose_caption:\n", "unknown key 'purpose_caption'"),
    ("wording.yaml", "purpose_captions:\n  items: [目的, 趣旨]\n  found: [(目的), (趣旨)]\n  not_found: [(定義)]\n", "",
     "missing list(s): purpose_captions"),
    ("wording.yaml", "  found: [(目的), (趣旨)]", "  examples: [(目的), (趣旨)]", "unknown key 'examples'"),
    ("wording.yaml", "items: ['{ideographic_comma}', ',']", "items: ['{commas}', ',']", "names itself"),
    ("consistency.yaml", "items: [平日", "items: [平日, '(?P<x'", "not a valid pattern"),
    ("consistency.yaml", "generic_subjects:\n  items:", "generic_subjects:\n  words:", "unknown key 'words'"),
])
def test_broken_file_names_file_and_line(tmp_path, name, old, new, reason):
    problems = _broken(tmp_path, name, old, new)
    assert any(reason in r and f.endswith(name) and line > 0 for f, line, r in problems), problems
