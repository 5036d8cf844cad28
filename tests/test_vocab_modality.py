"""The word lists of the modality and proposition analyses (lexicons/vocab/modality.yaml,
propositions.yaml): every example runs against what the list takes part in — the compiled patterns
of the module's templates, or the tokens of the sentence compared the way the analysis compares
them — and a broken file is an error with file, line and reason."""

from __future__ import annotations


import pytest

from shinsa.analysis import modality, propositions
from shinsa.lexfile import LexiconError
from shinsa.textnorm import fold
from conftest import edited_vocab

MODULES = {"modality.yaml": modality, "propositions.yaml": propositions}
CASES = [(name, mod, lst) for name, mod in MODULES.items() for lst in mod.vocabulary().lists]


@pytest.mark.parametrize("name, mod, lst", CASES, ids=[f"{n}:{lst.name}" for n, _, lst in CASES])
def test_list_examples(name, mod, lst):
    probes = mod.patterns_using(lst.name)
    assert probes, f"{name}:{lst.line}: list '{lst.name}' takes part in no pattern and is compared with no token"
    assert lst.found, f"{name}:{lst.line}: list '{lst.name}' has no 'found' example"
    assert lst.not_found, f"{name}:{lst.line}: list '{lst.name}' has no 'not_found' example"
    for ex in lst.found:
        assert any(p.search(fold(ex)) for p in probes), f"{name}:{lst.line}: '{ex}' not found"
    for ex in lst.not_found:
        hits = [h for p in probes if (h := p.search(fold(ex)))]
        assert not hits, f"{name}:{lst.line}: '{ex}' must not be found (found {hits})"


@pytest.mark.parametrize("mod", MODULES.values(), ids=MODULES)
def test_every_list_of_the_module_is_in_the_file(mod):
    words = mod.vocabulary()
    assert set(mod.TOKEN_LISTS) <= {lst.name for lst in words.lists}
    names = [n for t in mod.TEMPLATES.values() for n in words.uses(t, ())]
    assert set(names) <= {lst.name for lst in words.lists}


def test_token_lists_are_what_the_analysis_reads():
    # the sets the code compares with are the file's words (escapes undone)
    assert modality._OPEN == {"(", "（", "「", "『", "[", "［", "【", "〔"}
    assert modality._PUNCT == {"。", "、", ",", ".", " ", "\u3000"}
    assert ("に", "おい", "て") in propositions._COMPOUND_BY_FIRST["に"][0]
    assert propositions._COMPOUND_BY_FIRST["を"] == [(("を", "もっ", "て"), "をもって")]


def _broken(tmp_path, name, old, new):
    edited_vocab(tmp_path, name, old, new)
    with pytest.raises(LexiconError) as e:
        MODULES[name].vocabulary(str(tmp_path))
    return e.value.problems


@pytest.mark.parametrize("name, old, new, reason", [
    ("modality.yaml", "items: [上限, 限度, 最高限度]", "items: [上限, 限度, '{nowhere}']", "unknown list '{nowhere}'"),
    # a list that names the broken one (cap_endings names cap_nouns) is reported too, not a KeyError
    ("modality.yaml", "items: [上限, 限度, 最高限度]", "items: [上限, 限度, '{nowhere}']", "no list 'nowhere'"),
    ("modality.yaml", "items: [上限, 限度, 最高限度]", "items: [上限, '限度(']", "not a valid pattern"),
    ("modality.yaml", "items: [上限, 限度, 最高限度]", "items: [上限, 限度, 上限]", "'上限' is twice"),
    ("modality.yaml", "items: [ます, です]", "items: ['{polite_endings}']", "names itself"),
    ("modality.yaml", "polite_endings:\n", "polite_ending:\n", "unknown key 'polite_ending'"),
    ("modality.yaml", "  found: [乙は、本業務を誠実に履行します]", "  example: [乙は、本業務を誠実に履行します]",
     "unknown key 'example'"),
    ("modality.yaml", "items: [解除, 解約, 終了]", "items: [解除, '解約|終了']", "must be a word, not a pattern"),
    ("modality.yaml", "items: [申し込む, 申込む", "items: ['申(?:し)?込む'", "must be a word, not a pattern"),
    ("propositions.yaml", "items: [に おい て, と し て", "items: [に おい て, '(?:と|に) し て'",
     "must be a word, not a pattern"),
    ("propositions.yaml", "items: [れる, られる]", "items: []", "list 'passive_lemmas' needs 'items'"),
])
def test_broken_file_names_file_and_line(tmp_path, name, old, new, reason):
    problems = _broken(tmp_path, name, old, new)
    assert any(reason in r and f.endswith(name) and line > 0 for f, line, r in problems), problems
