"""The word lists that analysis/definitions joins into patterns (lexicons/vocab/definitions.yaml): every
example runs against the compiled patterns the list takes part in (the way the code applies each: search,
match or fullmatch), and a broken file is an error with file, line and reason."""

from __future__ import annotations

import shutil

import pytest

from shinsa.analysis import definitions
from shinsa.lexfile import LexiconError
from shinsa.textnorm import fold
from shinsa.vocabulary import VOCAB_DIR, pattern_file

FILES = [("definitions.yaml", definitions.DEFINITION_LISTS, definitions.patterns_using)]
CASES = [(name, using, lst) for name, lists, using in FILES for lst in pattern_file(name, lists).lists]


def _hit(mode: str, rx, text: str):
    return getattr(rx, mode)(text)


@pytest.mark.parametrize("name, using, lst", CASES, ids=[f"{n}:{lst.name}" for n, _, lst in CASES])
def test_list_examples(name, using, lst):
    patterns = using(lst.name)
    assert patterns, f"{name}:{lst.line}: list '{lst.name}' takes part in no pattern"
    assert lst.found, f"{name}:{lst.line}: list '{lst.name}' has no 'found' example"
    for ex in lst.found:
        assert any(_hit(mode, rx, fold(ex)) for mode, rx in patterns), f"{name}:{lst.line}: '{ex}' not found"
    for ex in lst.not_found:
        hits = [m.group(0) for mode, rx in patterns if (m := _hit(mode, rx, fold(ex)))]
        assert not hits, f"{name}:{lst.line}: '{ex}' must not be found (found {hits})"


def _broken(tmp_path, name, lists, old, new):
    shutil.copy(VOCAB_DIR / name, tmp_path / name)
    text = (tmp_path / name).read_text(encoding="utf-8")
    assert old in text
    (tmp_path / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(LexiconError) as e:
        pattern_file(name, lists, str(tmp_path))
    return e.value.problems


@pytest.mark.parametrize("name, lists, old, new, reason", [
    ("definitions.yaml", definitions.DEFINITION_LISTS, "items: [この, 本]", "items: [この, 本, '{nowhere}']",
     "unknown list '{nowhere}'"),
    ("definitions.yaml", definitions.DEFINITION_LISTS, "items: [この, 本]", "items: [この, '本(']", "not a valid pattern"),
    ("definitions.yaml", definitions.DEFINITION_LISTS, "items: [この, 本]", "items: [この, 本, この]", "'この' is twice"),
    ("definitions.yaml", definitions.DEFINITION_LISTS, "this_doc:\n", "this_docs:\n", "unknown key 'this_docs'"),
    ("definitions.yaml", definitions.DEFINITION_LISTS, "  found: [甲, 受託者, 貸主]", "  examples: [甲, 受託者, 貸主]",
     "unknown key 'examples'"),
    ("definitions.yaml", definitions.DEFINITION_LISTS, "modifiers:\n  items: [の, '{run_lead}', 同]",
     "modifiers:\n  items: [の, '{modifiers}', 同]", "names itself"),
])
def test_broken_file_names_file_and_line(tmp_path, name, lists, old, new, reason):
    problems = _broken(tmp_path, name, lists, old, new)
    assert any(reason in r and f.endswith(name) and line > 0 for f, line, r in problems), problems
