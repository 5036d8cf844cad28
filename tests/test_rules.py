"""Every stable rule id is implemented and explained with the same headings
(ruff-style: 何を検出するか / なぜ問題か / 例 / 修正例)."""

import pytest

from shinsa.checks import check_modules, implemented_rules
from shinsa.rules import DOC_HEADINGS, RULES


def test_every_rule_is_implemented():
    assert set(implemented_rules()) == set(RULES)


@pytest.mark.parametrize("rule", sorted(RULES))
def test_rule_explanation_has_all_headings(rule):
    doc = implemented_rules()[rule]
    for heading in DOC_HEADINGS:
        assert f"## {heading}" in doc, (rule, heading)


def test_no_rule_reported_by_two_modules():
    seen = {}
    for mod in check_modules():
        for rid in mod.RULE_IDS:
            assert rid not in seen, (rid, seen.get(rid), mod.__name__)
            seen[rid] = mod.__name__
