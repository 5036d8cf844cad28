"""The word lists that analysis/definitions, analysis/inventory and analysis/coverage join into patterns
(lexicons/vocab/definitions.yaml, personal_data.yaml, coverage.yaml): every example runs against the
compiled patterns the list takes part in (the way the code applies each: search, match or fullmatch),
and a broken file is an error with file, line and reason."""

from __future__ import annotations


import pytest

from shinsa.analysis import coverage, definitions, inventory
from shinsa.lexfile import LexiconError
from shinsa.textnorm import fold
from shinsa.vocabulary import pattern_file
from conftest import edited_vocab

FILES = [("definitions.yaml", definitions.DEFINITION_LISTS, definitions.patterns_using),
         ("personal_data.yaml", inventory.INVENTORY_LISTS, inventory.patterns_using),
         ("coverage.yaml", coverage.COVERAGE_LISTS, coverage.patterns_using)]
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


def test_every_delegating_verb_starts_with_a_quick_verb():
    """coverage skips a sentence without a deleg_verb_starts word before trying the slow pattern: every
    deleg_verbs item must start with one, or its delegations would be missed."""
    words = pattern_file("coverage.yaml", coverage.COVERAGE_LISTS)
    quick = words.regex("{deleg_verb_starts}")
    import re
    for verb in words.get("deleg_verbs").items:
        assert re.match(quick, verb), f"coverage.yaml: deleg_verbs '{verb}' starts with no deleg_verb_starts item"


def test_items_keep_their_category_and_label():
    assert {i for i, _ in inventory.ITEM_CATEGORIES} == set(inventory.ITEM_LABEL_JA)
    assert [i for i, _, _, _ in inventory.ITEMS][:3] == ["name", "address", "birthdate"]
    assert dict((i, c) for i, _, c, _ in inventory.ITEMS)["my_number"] == "specific"


def _broken(tmp_path, name, lists, old, new):
    edited_vocab(tmp_path, name, old, new)
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
    ("personal_data.yaml", inventory.INVENTORY_LISTS, "sex:\n", "gender:\n", "unknown key 'gender'"),
    ("personal_data.yaml", inventory.INVENTORY_LISTS, "sex:\n  items: [性別]\n  found: [性別]\n  not_found: [個別]\n", "",
     "missing list(s): sex"),
    ("personal_data.yaml", inventory.INVENTORY_LISTS, "items: [性別]", "items: []", "list 'sex' needs 'items'"),
    ("coverage.yaml", coverage.COVERAGE_LISTS, "items: [ただし, この場合, なお, また]", "items: [ただし, '(?P<x']",
     "not a valid pattern"),
])
def test_broken_file_names_file_and_line(tmp_path, name, lists, old, new, reason):
    problems = _broken(tmp_path, name, lists, old, new)
    assert any(reason in r and f.endswith(name) and line > 0 for f, line, r in problems), problems


def test_a_one_character_head_written_with_its_synonym_is_a_variant():
    # 成果物 / 成果品, 作業員 / 作業者 (terms.yaml head_synonyms): the same thing, outside the definition
    from shinsa.checks import CheckContext, run_checks
    from shinsa.examples import example_facts

    text = ("北野市（以下「甲」という。）と株式会社みなと（以下「乙」という。）は、次のとおり契約する。\n"
            "第1条　この契約において「成果物」とは、乙が本業務により作成する設計書及びプログラムをいう。\n"
            "第2条　乙は、成果物を甲に納入しなければならない。\n"
            "第3条　甲は、成果品の検査を行う。")
    fs = run_checks(example_facts(text), CheckContext(select=frozenset({"term_scope_mismatch"})))
    assert [(f.clause, f.quote) for f in fs] == [("第3条第1項", "成果品")]
