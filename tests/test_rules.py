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


def test_registry_names_the_module_that_reports_each_rule():
    reported_by = {rid: mod.__name__.rsplit(".", 1)[-1] for mod in check_modules() for rid in mod.RULE_IDS}
    for rid, rule in RULES.items():
        assert rule.check == reported_by[rid], (rid, rule.file)


def test_registry_lexicons_exist():
    from shinsa.lexicon import BUILTIN_DIR

    for rule in RULES.values():
        for name in rule.lexicons:
            assert list(BUILTIN_DIR.glob(name)), (rule.file, name)


@pytest.mark.parametrize("text,reason", [
    ("id: x\nname: X\ngroup: wording\norder: 1\nseverity: warning\ncheck: wording\ndoc: '## 何を検出するか'\n",
     "doc lacks the heading"),
    ("id: x\nname: X\ngroup: word\norder: 1\nseverity: warning\ncheck: wording\ndoc: x\n", "group must be"),
    ("id: y\nname: X\ngroup: wording\norder: 1\nseverity: bad\ncheck: wording\ndoc: x\nfoo: 1\n", "unknown key 'foo'"),
])
def test_bad_registry_file_names_file_line_reason(tmp_path, text, reason):
    from shinsa.lexfile import LexiconError
    from shinsa.rules import load_rules

    (tmp_path / "x.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError) as e:
        load_rules(tmp_path)
    assert reason in str(e.value) and "x.yaml:" in str(e.value)
