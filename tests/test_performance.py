"""The performance rewrites give what the plain versions gave, and a batch worker lets go of
each document (issue 14). Timings themselves are measured by ``make bench``, not here."""

from __future__ import annotations

import gc
import io
import random
from pathlib import Path

from shinsa import batch, nlp, textnorm
from shinsa.analysis.definitions import Definition
from shinsa.checks import CheckContext
from shinsa.examples import example_facts
from shinsa.facts import Facts
from shinsa.lexicon import Scan, load
from shinsa.report import json_report
from shinsa.scan import analyze_path

DRAFTS = Path(__file__).resolve().parent.parent / "corpora" / "drafts"


def test_streamed_json_is_the_same_text():
    r = analyze_path(DRAFTS / "kojin_joho_tokki.txt", CheckContext())
    buf = io.StringIO()
    json_report.dump(r, buf)
    assert buf.getvalue() == json_report.dumps(r)


def test_fold_table_equals_the_per_character_fold():
    rnd = random.Random(14)
    text = (DRAFTS / "cloud_tokki.txt").read_text(encoding="utf-8") + "".join(
        chr(rnd.randrange(0x20, 0x30000)) for _ in range(20000)) + "ｱｲｳ①（１）ＡＢＣ\u3000㈱"
    assert textnorm.fold(text) == "".join(textnorm.fold_char(c) for c in text)


def test_covers_bisect_equals_the_linear_walk():
    rnd = random.Random(7)
    for _ in range(200):
        cuts = sorted(rnd.sample(range(1000), 2 * rnd.randrange(0, 6)))
        ranges = tuple(zip(cuts[::2], cuts[1::2]))
        d = Definition(term="t", start=0, end=1, clause=None, scope="s", scope_start=0, scope_end=0,
                       ranges=ranges, kind="paren", key="t")
        for p in range(-2, 1002, 7):
            assert d.covers(p) == any(a <= p < b for a, b in ranges), (ranges, p)


def test_in_quotes_equals_the_walk_over_every_quote():
    facts = example_facts("乙は、「本件業務（「個人情報」を含む。）」を速やかに行う。\n甲は「適切に」と書く。「閉じない\n"
                          "「外「内」外」の後。")
    scan = Scan(facts, load())
    folded = facts.folded
    spans, stack = [], []
    for i, ch in enumerate(folded):
        if ch == "「":
            stack.append(i)
        elif ch == "」" and stack:
            spans.append((stack.pop(), i))
        elif ch == "\n":
            stack.clear()
    for start in range(len(folded)):
        for end in range(start + 1, min(len(folded), start + 6) + 1):
            want = any(a < start and end <= b + 1 for a, b in spans)
            assert scan.in_quotes(start, end) == want, (start, end)


def test_tokens_share_strings_and_offsets_chain():
    toks = [t for s in nlp.sentences(textnorm.fold("乙は速やかに報告する。乙は速やかに報告する。")) for t in s.tokens]
    assert toks[0].surface == toks[7].surface and toks[0].surface is toks[7].surface
    assert toks[2].norm is toks[9].norm
    assert all(a.end == b.start for a, b in zip(toks, toks[1:]) if a.end == b.start)
    assert [t.surface for t in toks[:6]] == ["乙", "は", "速やか", "に", "報告", "する"]


def test_a_worker_keeps_no_document_after_writing_it(tmp_path):
    batch._init_worker((), None, None)
    for name in ("cloud_tokki.txt", "kojin_joho_tokki.docx"):
        s = batch.process_one(str(DRAFTS / name), name, str(tmp_path), ("json", "html"))
        assert s.status == "ok"
    gc.collect()
    assert [o for o in gc.get_objects() if isinstance(o, Facts)] == []


def test_libyaml_loader_reads_every_lexicon_like_the_python_loader(tmp_path):
    import pytest
    import yaml

    from shinsa import lexfile

    if lexfile._FastLoader is None:
        pytest.skip("PyYAML without libyaml")
    root = Path(__file__).resolve().parent.parent

    def same(a, b):
        assert type(a) is type(b)
        for attr in ("line", "key_lines", "item_lines"):
            assert getattr(a, attr, None) == getattr(b, attr, None)
        if isinstance(a, dict):
            assert list(a) == list(b)
            for k in a:
                same(a[k], b[k])
        elif isinstance(a, list):
            assert len(a) == len(b)
            for x, y in zip(a, b):
                same(x, y)
        else:
            assert a == b

    files = sorted((root / "lexicons").rglob("*.yaml"))
    assert len(files) > 20
    for f in files:
        text = f.read_text(encoding="utf-8")
        same(yaml.load(text, Loader=lexfile._FastLoader), yaml.load(text, Loader=lexfile._Loader))
    # a document libyaml rejects is read by the Python loader: the same problem, the same line
    text = "rule: vague_wording\nentries:\n  - id: a\n    match: [x\n"
    with pytest.raises(yaml.MarkedYAMLError) as want:
        yaml.load(text, Loader=lexfile._Loader)
    bad = tmp_path / "broken.yaml"
    bad.write_text(text, encoding="utf-8")
    probs = lexfile._Problems()
    assert lexfile.read_yaml(bad, probs) is None
    mark = want.value.problem_mark or want.value.context_mark
    assert probs == [(str(bad), mark.line + 1, f"YAML syntax error: {want.value.problem or want.value}")]
