"""The normalised document is cut and set from the reader's text and folded text, not folded twice:
this holds only while every reader gives ``folded == fold(text)`` and the result is what
``label_separators`` + ``fold`` gave (issue 14, ingest speed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from shinsa.ingest import SUPPORTED, _normalised, _read, ingest
from shinsa.ingest.labels import label_separator_offsets, label_separators, leading_marks
from shinsa.model import Document
from shinsa.textnorm import fold

DRAFTS = Path(__file__).resolve().parent.parent / "corpora" / "drafts"


@pytest.mark.parametrize("text", [
    "第1条 乙は、報告する。\n2 甲は、確認する。\n（１） 報告書\nア　別記\n",
    "CONFIDENTIAL\n\n契約書\n\n第１条\t乙は、報告する。\n二 甲は、確認する。",
    "社外秘\n契約書\n",                       # a mark cut, no separator set
    "契約書\n第2条\u3000乙は、報告する。\n",   # nothing to change: the same document back
    "",
])
def test_normalised_as_label_separators_then_fold(text):
    doc = Document(source="x.txt", format="txt", text=text, folded=fold(text))
    got = _normalised(doc)
    cut = leading_marks(text)
    cut = cut if cut and text[cut:].strip() else 0
    want = label_separators(text[cut:])
    assert got.text == want
    assert got.folded == fold(want)
    assert (got is doc) == (want == text)


def test_offsets_are_where_label_separators_sets_u3000():
    text = "第1条 乙は\n2 甲は\n（３）\tイ\n200 OK\n"
    out = label_separators(text)
    assert [i for i, (a, b) in enumerate(zip(text, out)) if a != b] == label_separator_offsets(text)


@pytest.mark.parametrize("path", sorted(p for p in DRAFTS.iterdir() if p.suffix in SUPPORTED), ids=lambda p: p.name)
def test_readers_fold_per_character(path):
    """What _normalised relies on: each reader's folded text is fold(text), before and after."""
    raw = _read(SUPPORTED[path.suffix], path.read_bytes(), path, False)
    assert raw.folded == fold(raw.text)
    doc = ingest(path, ocr=False)
    assert doc.folded == fold(doc.text)
