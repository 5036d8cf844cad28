"""Findings are identical to the committed snapshot (tests/snapshots/*.tsv).

A change that is meant to change findings regenerates the snapshot
(``python -m evaluation.snapshot --write``) so that the diff shows what moved.
"""

from __future__ import annotations

import pytest

from evaluation import snapshot


def _compare(target, inputs):
    now = snapshot.lines_for(inputs)
    old = target.read_text(encoding="utf-8").splitlines()
    gone, new = sorted(set(old) - set(now)), sorted(set(now) - set(old))
    assert not gone and not new, ("findings changed; if intended run python -m evaluation.snapshot --write\n"
                                  + "\n".join(["- " + g for g in gone[:30]] + ["+ " + n for n in new[:30]]))


def test_own_corpora_findings_unchanged():
    _compare(snapshot.OWN, snapshot.own_inputs())


def test_shared_corpora_findings_unchanged():
    if not snapshot.SHARED.is_dir():
        pytest.skip("../shared is absent")
    _compare(snapshot.SHARED_FILE, snapshot.shared_inputs())
