"""The shortcuts of the definitions and references analyses find what the plain scans find.

Each shortcut skips positions where a pattern cannot match; these tests run the plain scan
it replaced (kept here as the reference) on the corpora and on the statutes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import LAWS

from shinsa.analysis import definitions as D
from shinsa.textnorm import fold

ROOT = Path(__file__).resolve().parent.parent


def _texts() -> list[str]:
    paths = sorted((ROOT / "corpora").rglob("*.txt")) + sorted((LAWS / "text").glob("*.txt"))
    return [fold(p.read_text(encoding="utf-8")) for p in paths]


TEXTS = _texts()


def plain_bracket_matches(folded: str):
    """The window scan before the shortcut: the bracket regex tried at every position of the window."""
    last = 0
    for am in D._BRACKET_ANCHOR.finditer(folded):
        e = am.end()
        if e <= last:
            continue
        for m in D._BRACKET.finditer(folded, max(last, e - 400), min(len(folded), e + 1)):
            if m.end() == e:
                last = e
                yield m
                break


def _described(matches) -> list[tuple]:
    return [(m.span(), tuple(sorted(m.groupdict().items()))) for m in matches]


def test_bracket_matches_as_the_plain_scan():
    found = 0
    for text in TEXTS:
        fast = _described(D._bracket_matches(text))
        assert fast == _described(plain_bracket_matches(text))
        found += len(fast)
    assert found > 100


@pytest.mark.parametrize("text", [
    "\u300cA\u300d\u3068\u3044\u3046\u3002",  # 「A」という。
    "x" * 70 + "\u306b\u304a\u3044\u3066\u300cA\u300d\u3068\u3044\u3046\u3002",  # a phrase longer than 60
    "\u4ee5\u4e0b\u3001\u3001\u300cA\u300d\u53ca\u3073\u300cB\u300d\u3068\u3044\u3046\u3002",  # 以下、、「A」及び「B」という。
    "(\u4ee5\u4e0b\u300cA\u300d)\u300cB\u300d\u3068\u3044\u3046\u3002\u300cC\u300d\u3068\u3044\u3044",
])
def test_bracket_matches_on_edge_cases(text):
    assert _described(D._bracket_matches(text)) == _described(plain_bracket_matches(text))
