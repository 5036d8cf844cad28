"""reference_to_repealed_law end to end: lexicon, check module, registry, report."""

from __future__ import annotations

from shinsa.checks import CheckContext, run_checks
from shinsa.examples import example_facts
from shinsa.rules import RULES

DOC = """業務委託契約書

東山市（以下「甲」という。）と株式会社みなと（以下「乙」という。）は、次のとおり契約を締結する。
（法令の遵守）
第1条　乙は、東山市個人情報保護条例（平成12年東山市条例第3号）を遵守しなければならない。
２　乙は、個人情報の保護に関する法律（平成15年法律第57号）を遵守しなければならない。
附　則
１　この契約の締結前に行政機関の保有する個人情報の保護に関する法律の規定により行われた届出は、なお従前の例による。
"""


def test_repealed_ordinance_is_found_and_transitional_clause_is_not():
    facts = example_facts(DOC)
    found = [f for f in run_checks(facts, CheckContext(select=frozenset({"reference_to_repealed_law"})))]
    assert [(f.clause, f.quote) for f in found] == [("第1条第1項", "東山市個人情報保護条例")]
    assert found[0].severity == RULES["reference_to_repealed_law"].severity
    assert "廃止" in found[0].message


def test_registered():
    rule = RULES["reference_to_repealed_law"]
    assert rule.check == "repealed_law" and rule.lexicons == ("repealed_law.yaml",)
