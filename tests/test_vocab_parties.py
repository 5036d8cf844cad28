"""The word lists of the party analysis and the party checks (lexicons/vocab/party_forms.yaml,
party_checks.yaml): every example runs against the compiled patterns the list takes part in, a
broken file is an error with file, line and reason, and what stays in the two modules is grammar
(part-of-speech tags, particles, brackets and spaces), not vocabulary."""

from __future__ import annotations

import re

import pytest

from evaluation import literals
from shinsa.analysis import parties as forms
from shinsa.checks import parties as checks
from shinsa.lexfile import LexiconError
from shinsa.textnorm import fold
from shinsa.vocabulary import pattern_file
from conftest import edited_vocab

FILES = {"party_forms.yaml": (forms.FORM_LISTS, forms._FILLED + forms.RUNTIME),
         "party_checks.yaml": (checks.CHECK_LISTS, checks.RUNTIME)}
CASES = [(forms, lst) for lst in forms.VOCAB.lists] + [(checks, lst) for lst in checks.VOCAB.lists]


@pytest.mark.parametrize("module, lst", CASES, ids=[f"{m.VOCAB.path.rsplit('/', 1)[-1]}:{lst.name}"
                                                    for m, lst in CASES])
def test_list_examples(module, lst):
    path = module.VOCAB.path
    patterns = module.patterns_using(lst.name)
    assert patterns, f"{path}:{lst.line}: list '{lst.name}' takes part in no pattern"
    assert lst.found, f"{path}:{lst.line}: list '{lst.name}' has no 'found' example"
    for ex in lst.found:
        assert any(rx.search(fold(ex)) for rx in patterns), f"{path}:{lst.line}: '{ex}' not found"
    for ex in lst.not_found:
        hits = [m.group(0) for rx in patterns if (m := rx.search(fold(ex)))]
        assert not hits, f"{path}:{lst.line}: '{ex}' must not be found (found {hits})"


def test_lists_read_as_words_hold_no_pattern():
    for name in forms.WORD_LISTS:
        lst = forms.VOCAB.get(name)
        bad = [w for w in lst.items if re.escape(w) != w]
        assert not bad, f"{forms.VOCAB.path}:{lst.line}: '{name}' is read as plain words: {bad}"


def test_every_list_of_the_files_is_read():
    for name, (lists, _fixed) in FILES.items():
        words = forms.VOCAB if name == "party_forms.yaml" else checks.VOCAB
        assert tuple(lst.name for lst in words.lists) == lists


def test_duty_kinds_and_the_generic_party_words():
    assert checks._family("調査") == "fault_verbs" and checks._family("報告書") == "report_verbs"
    assert checks._family("検査") is None
    assert checks._same_kind("復旧", "fault_verbs", "調査") and not checks._same_kind(None, "fault_verbs", "調査")
    assert checks._same_kind("検査", None, "検査") and not checks._same_kind("報告", None, "検査")
    assert forms._GENERIC[0] == "甲乙双方" and "当事者" in forms._GENERIC


def test_per_document_patterns_are_compiled_once():
    one = checks._per_document("owner_phrase", forms="(?:乙)")
    assert checks._per_document("owner_phrase", forms="(?:乙)") is one
    assert one.search("乙が設置した機器") and not one.search("甲が設置した机")


# what stays in the modules: the tokenizer's part-of-speech tags, the light verb, particles,
# punctuation and spaces — grammar a lexicon author never changes
GRAMMAR = {"動詞", "名詞", "接尾辞", "助動詞", "為る", "する", "を", "は", "が", "の", "に", "て", "た", "、",
           "（", "）", "」", "\u3000 ", "、,。・:：", "・:："}


@pytest.mark.parametrize("module", ["analysis.parties", "checks.parties"])
def test_only_grammar_is_left_in_python(module):
    counts = {c.module: c for c in literals.count_all()}
    left = [f"{module}:{lit.line}: {lit.text!r}" for lit in counts[module].literals
            if lit.kind == "vocab" and lit.text not in GRAMMAR]
    assert not left, "vocabulary written as Python again (move it to lexicons/vocab/):\n" + "\n".join(left)


def _broken(tmp_path, name, old, new):
    edited_vocab(tmp_path, name, old, new)
    lists, fixed = FILES[name]
    with pytest.raises(LexiconError) as e:
        pattern_file(name, lists, str(tmp_path), fixed)
    return e.value.problems


@pytest.mark.parametrize("name, old, new, reason", [
    ("party_checks.yaml", "items: [賠償, 損害, 責任]", "items: [賠償, 損害, 責任, '{nowhere}']", "unknown list '{nowhere}'"),
    ("party_checks.yaml", "items: [賠償, 損害, 責任]", "items: [賠償, 損害, '責任(']", "not a valid pattern"),
    ("party_checks.yaml", "items: [賠償, 損害, 責任]", "items: [賠償, 損害, 責任, 損害]", "'損害' is twice"),
    ("party_checks.yaml", "pronouns:\n", "pronoun:\n", "unknown key 'pronoun'"),
    ("party_checks.yaml", "  found: [これ]", "  examples: [これ]", "unknown key 'examples'"),
    ("party_forms.yaml", "items: [甲, 乙, 丙]", "items: ['{implicit_party}']", "names itself"),
    ("party_forms.yaml", "either_party:\n", "either_parties:\n", "unknown key 'either_parties'"),
    ("party_forms.yaml", "either_party:\n  items: [甲乙双方, 両当事者, 各当事者, 当事者, 双方]\n"
                         "  found: [当事者, 甲乙双方]\n  not_found: [相手方]\n", "", "missing list(s): either_party"),
    ("party_forms.yaml", "items: [事業者]", "items: ['']", "items must be non-empty text"),
])
def test_broken_file_names_file_and_line(tmp_path, name, old, new, reason):
    problems = _broken(tmp_path, name, old, new)
    assert any(reason in r and f.endswith(name) and line > 0 for f, line, r in problems), problems
