"""corpora/pairs/: the gold is well-formed, matches its generator, and shinsa diff meets the acceptance bar."""

import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from evaluation import eval_diff  # noqa: E402

GOLDS = sorted((ROOT / "corpora" / "pairs").glob("*.gold.yaml"))
STATUSES = {"unchanged", "modified", "added", "deleted", "moved", "renumbered"}


@pytest.mark.parametrize("path", GOLDS, ids=lambda p: p.name)
def test_gold_is_well_formed(path):
    g = yaml.safe_load(path.read_text(encoding="utf-8"))
    for side in ("old", "new"):
        assert (ROOT / "corpora" / g[side]).exists(), g[side]
    if g.get("identity"):
        return
    seen = set()
    for p in g["pairs"]:
        assert p["status"] in STATUSES
        assert (p["old"] is None) == (p["status"] == "added") and (p["new"] is None) == (p["status"] == "deleted")
        assert (p["old"], p["new"]) not in seen, f"pair twice: {p}"  # one old path twice only for a merge/split
        seen.add((p["old"], p["new"]))
    for f in g.get("findings") or []:
        assert f["status"] in ("resolved", "new") and f["rule"]


def test_generator_recipes_are_the_committed_files():
    sys.path.insert(0, str(ROOT / "tools"))
    import make_pairs

    names = {r["name"] for r in make_pairs.RECIPES} | {f"format_{n}" for n in make_pairs.FORMAT_ONLY}
    assert names == {p.name[:-len(".gold.yaml")] for p in GOLDS}
    for r in make_pairs.RECIPES:
        d = make_pairs.parse((ROOT / "corpora/drafts" / f"{r.get('base') or Path(r['old']).stem}.txt").read_text(encoding="utf-8"))
        make_pairs.apply(d, r["edits"])
        assert make_pairs.render(d) == (ROOT / "corpora/pairs" / f"{r['name']}.new.txt").read_text(encoding="utf-8")


def test_acceptance_on_the_pairs():
    scores = eval_diff.evaluate()
    gold = sum(s.gold for s in scores)
    correct = sum(s.correct for s in scores)
    predicted = sum(s.predicted for s in scores)
    assert correct / gold >= 0.98 and correct / predicted >= 0.98, eval_diff.format_table(scores, verbose=True)
    assert all(s.changes == 0 for s in scores if s.identity)
    assert sum(s.findings_right for s in scores) / sum(s.findings for s in scores) >= 0.95
    assert all(s.template_ok is not False for s in scores)


def test_real_docx_and_pdf_of_one_document_have_no_changes():
    """r03 (DOCX) and r04 (PDF) in ../shared are the same contract: 0 changes, every finding persisting."""
    from shinsa.compare import compare
    from shinsa.scan import analyze_path

    old, new = (eval_diff.REAL / name for name in eval_diff.REAL_PAIR)
    if not (old.exists() and new.exists()):
        pytest.skip(f"{eval_diff.REAL} not available")
    cmp = compare(analyze_path(old), analyze_path(new))
    assert cmp.changes == [] and cmp.stale == []
    assert len(cmp.pairs) > 10
    assert {f.status for f in cmp.findings} <= {"persisting"}
