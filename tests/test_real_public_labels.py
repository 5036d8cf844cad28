"""Format and consistency of the hand labels for the real public templates (issue 12).

corpora/labels/real_public.yaml labels every document in corpora/real_public/ (parties,
defined terms, article labels, placeholders, findings and traps). These tests check the
labels file's shape, that every quote, placeholder and defined term really occurs in the
document's TXT, and that every file the index lists exists. Nothing is skipped: the
documents are in the repository.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from shinsa.rules import RULES

from conftest import ROOT

REAL_PUBLIC = ROOT / "corpora" / "real_public"
LABELS = ROOT / "corpora" / "labels" / "real_public.yaml"
INDEX = REAL_PUBLIC / "INDEX.md"

KINDS = {"nda", "saas_terms", "itaku_keiyaku", "kobetsu_keiyaku", "privacy_policy", "shiyosho", "other"}
ROLES = {"client", "vendor", "both", "user", "provider"}
DOC_KEYS = {"kind", "parties", "defined_terms", "articles", "placeholders", "findings", "traps", "notes"}
REQUIRED = DOC_KEYS - {"notes"}
PARTY_KEYS = {"label", "name", "role"}
FINDING_KEYS = {"rule", "detail", "clause", "quote", "related_quote", "related_clause", "note"}
TRAP_KEYS = {"clause", "quote", "rules", "why"}
ARTICLE = re.compile(r"^第[1-9][0-9]*条(の[1-9][0-9]*)*$")
PATH = re.compile(r"^第[1-9][0-9]*条(の[1-9][0-9]*)*(第[1-9][0-9]*項)?(第[1-9][0-9]*号)?$")


def _labels() -> dict:
    return yaml.safe_load(LABELS.read_text(encoding="utf-8"))


def _txt(name: str) -> str:
    return (REAL_PUBLIC / f"{name}.txt").read_text(encoding="utf-8")


def _index_rows() -> list[list[str]]:
    rows = []
    for line in INDEX.read_text(encoding="utf-8").splitlines():
        if not line.startswith("| ") or line.startswith("| file ") or set(line) <= set("|- "):
            continue
        rows.append([c.strip() for c in line.strip().strip("|").split("|")])
    return rows


LABEL_NAMES = sorted(_labels())


def test_corpus_size():
    """At least 20 documents from at least six publishers (issue 12)."""
    rows = _index_rows()
    assert len(rows) >= 20
    assert len({r[2] for r in rows}) >= 6


def test_every_index_file_exists():
    for row in _index_rows():
        for cell in row[0].split(","):
            name = cell.strip().strip("`")
            assert (REAL_PUBLIC / name).exists(), f"INDEX.md lists {name}, which is not in corpora/real_public/"


def test_index_and_labels_cover_the_same_documents():
    stems = {Path(r[0].split(",")[0].strip().strip("`")).stem for r in _index_rows()}
    assert stems == set(LABEL_NAMES)
    txts = {p.stem for p in REAL_PUBLIC.glob("*.txt")}
    assert txts == set(LABEL_NAMES)


def test_every_markdown_original_has_its_txt():
    for md in REAL_PUBLIC.glob("*.md"):
        if md.name in ("README.md", "INDEX.md"):
            continue
        assert md.with_suffix(".txt").exists(), md.name


def test_txt_is_the_trivial_conversion_of_the_markdown():
    import importlib.util

    spec = importlib.util.spec_from_file_location("real_public_txt", ROOT / "tools" / "real_public_txt.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    for md in REAL_PUBLIC.glob("*.md"):
        if md.name in ("README.md", "INDEX.md"):
            continue
        assert md.with_suffix(".txt").read_text(encoding="utf-8") == mod.convert(md.read_text(encoding="utf-8")), md.name


@pytest.mark.parametrize("name", LABEL_NAMES)
def test_document_labels_format(name):
    doc = _labels()[name]
    assert set(doc) <= DOC_KEYS, set(doc) - DOC_KEYS
    assert REQUIRED <= set(doc), REQUIRED - set(doc)
    assert doc["kind"] in KINDS
    for p in doc["parties"]:
        assert set(p) == PARTY_KEYS, p
        assert p["role"] in ROLES, p
        assert p["name"] is None or (isinstance(p["name"], str) and p["name"] and "\n" not in p["name"])
    for a in doc["articles"]:
        assert ARTICLE.match(a), a
    assert len(doc["articles"]) == len(set(doc["articles"])), "an article label is listed twice"
    for f in doc["findings"]:
        assert set(f) <= FINDING_KEYS, f
        assert f["rule"] in RULES, f["rule"]
        assert f["rule"] != "placeholder_leftover", "placeholders are labelled under `placeholders`"
        if f.get("clause"):
            assert PATH.match(f["clause"]), f["clause"]
    for t in doc["traps"]:
        assert set(t) <= TRAP_KEYS, t
        assert t.get("quote") and t.get("why")
        for r in t.get("rules") or []:
            assert r in RULES, r
        if t.get("clause"):
            assert PATH.match(t["clause"]), t["clause"]


@pytest.mark.parametrize("name", LABEL_NAMES)
def test_labels_occur_in_the_txt(name):
    doc, text = _labels()[name], _txt(name)
    for p in doc["parties"]:
        assert p["label"] in text, p["label"]
        if p["name"]:
            assert p["name"] in text, p["name"]
    for term in doc["defined_terms"]:
        assert term in text, term
    for ph in doc["placeholders"]:
        assert ph in text, ph
    unwrapped = re.sub(r"\s", "", text)  # a quote may run across a wrapped line (hicre_itaku), as the eval reads it
    for entry in [*doc["findings"], *doc["traps"]]:
        if entry.get("quote"):
            assert re.sub(r"\s", "", entry["quote"]) in unwrapped, entry["quote"]
    squashed = re.sub(r"[ \t\u3000]", "", text)
    import unicodedata

    folded = unicodedata.normalize("NFKC", squashed)
    for a in doc["articles"]:
        assert a in folded, a


@pytest.mark.parametrize("name", LABEL_NAMES)
def test_articles_in_document_order(name):
    import unicodedata

    doc = _labels()[name]
    nums = [int(unicodedata.normalize("NFKC", a)[1:].split("条")[0]) for a in doc["articles"]]
    assert nums == sorted(nums)
