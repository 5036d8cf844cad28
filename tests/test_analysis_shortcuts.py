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


def plain_occurrence_index(ctx, keys):
    """occurrence_index before its loop was tightened (any() over a slice, two lookups per hit)."""
    compact, keep = ctx.compact()
    covered = bytearray(len(compact))
    out = {}
    for key in sorted(keys, key=lambda k: (-len(k), k)):
        hits = []
        p = compact.find(key)
        L = len(key)
        while p >= 0:
            if not any(covered[p:p + L]):
                a = keep[p]
                b = keep[p + L - 1] + 1
                if L > 2 or (a in ctx.boundaries and b in ctx.boundaries):
                    hits.append(a)
                    covered[p:p + L] = b"\x01" * L
            p = compact.find(key, p + 1)
        out[key] = hits
    return out


def plain_noun_runs(ctx):
    """_noun_runs before its loop was tightened."""
    keys, folded, out = ctx.keys, ctx.folded, {}
    for s in ctx.facts.sentences:
        toks, n, i = s.tokens, len(s.tokens), 0
        while i < n:
            t = toks[i]
            if not (D._POS_NOUN_PREFIX[t.pos] or (D._POS_ADJ[t.pos] and i + 1 < n and D._IS_DOT[toks[i + 1].surface])):
                i += 1
                continue
            j = i
            while j + 1 < n and toks[j + 1].start == toks[j].end and (
                    D._POS_NOUN_SUFFIX[toks[j + 1].pos]
                    or (D._IS_DOT[toks[j + 1].surface] and j + 2 < n and D._POS_NOUN[toks[j + 2].pos])):
                j += 1
            a, b = t.start, toks[j].end
            full = folded[a:b]
            out.setdefault(full, []).append(a)
            if full not in keys:
                k = j
                while k > i and D._IS_RUN_TRAIL[toks[k].surface] and D._POS_NOUN_SUFFIX[toks[k].pos]:
                    k -= 1
                a2 = toks[i + 1].start if k > i and D._IS_RUN_LEAD[t.surface] else a
                core = folded[a2:toks[k].end]
                if core != full and len(core) >= 2:
                    out.setdefault(core, []).append(a2)
            i = j + 1
    return out


def _small_documents(limit: int = 12):
    from shinsa.facts import build_facts
    from shinsa.model import Document

    paths = sorted((ROOT / "corpora").rglob("*.txt"))[:limit]
    for p in paths:
        text = p.read_text(encoding="utf-8")
        yield build_facts(Document(source=p.name, format="txt", text=text, folded=fold(text)))


def test_occurrence_index_and_noun_runs_as_the_plain_loops():
    checked = 0
    for facts in _small_documents():
        ctx = D._Ctx(facts, facts.extra["_tree"])
        keys = {d.key for d in facts.definitions}
        keys |= {k[:2] for k in keys} | {k[:1] for k in keys} | {"\n", ""}  # short keys: token boundaries
        assert D.occurrence_index(ctx, keys) == plain_occurrence_index(ctx, keys)
        for ctx.keys in (frozenset(), keys):
            assert D._noun_runs(ctx) == plain_noun_runs(ctx)
        checked += bool(facts.definitions)
    assert checked >= 5


def test_a_connector_opens_with_a_connector_character():
    """references._may_connect rejects only strings that cannot be connectors once their parentheses
    are dropped (every substring after a reference in the statutes, up to 12 characters)."""
    from shinsa.analysis import references as R

    rejected = 0
    for text in TEXTS[-9:]:
        for m in R._START.finditer(text):
            for n in range(1, 13):
                s = text[m.end():m.end() + n]
                if s and not R._may_connect(s):
                    rejected += 1
                    assert R._CONNECT.fullmatch(R._strip_parens(s)) is None, s
    assert rejected > 1000
