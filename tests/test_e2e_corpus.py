"""End to end over corpora/drafts in every format: every input ingests, and
every finding is well-formed (offsets inside the text, quote equals the text
at its offsets, clause path exists) — textlint-tester style sanity for all rules."""

import json

import pytest

from conftest import DRAFTS
from shinsa.report.json_report import to_json
from shinsa.scan import analyze_path

FILES = sorted(p for p in DRAFTS.glob("*") if p.suffix in (".txt", ".docx", ".pdf"))


@pytest.mark.skipif(not FILES, reason="no drafts")
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_draft_scans_cleanly(path):
    r = analyze_path(path)
    assert r.status == "ok", r.error
    data = json.loads(json.dumps(to_json(r), ensure_ascii=False))
    text = data["text"]
    paths = {c["path"] for c in data["clauses"]}
    assert any(c["kind"] == "article" for c in data["clauses"])
    for f in data["findings"]:
        assert 0 <= f["start"] < f["end"] <= len(text), f
        assert text[f["start"]:f["end"]] == f["quote"], f
        assert f["clause"] is None or f["clause"] in paths, f
        assert f["message"] and f["suggestion"], f
        assert f["severity"] in ("info", "warning", "error")
        assert f["fingerprint"]
        for rel in f["related"]:
            assert 0 <= rel["start"] <= rel["end"] <= len(text)
    if path.suffix == ".pdf":
        assert all(c["page"] for c in data["clauses"] if c["kind"] == "article")
