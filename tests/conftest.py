from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = next((b / "shared" for b in ROOT.parents if (b / "shared").is_dir()), ROOT.parent / "shared")
# (beside the checkout, or beside a parent of it: a git worktree under wt/NAME)
LAWS = SHARED / "corpora" / "laws"
REAL = SHARED / "corpora" / "real"
DRAFTS = ROOT / "corpora" / "drafts"


def need(path: Path) -> Path:
    """Skip cleanly when ../shared (statutes, real files) is absent."""
    if not path.exists():
        pytest.skip(f"{path} not available")
    return path


def edited_vocab(tmp_path: Path, name: str, old: str, new: str) -> str:
    """A copy of the built-in ``lexicons/vocab/<name>`` in ``tmp_path`` with ``old`` (which must be in it)
    replaced once by ``new``; returns the folder, for a loader's ``directory`` argument."""
    from shinsa.vocabulary import VOCAB_DIR

    text = (VOCAB_DIR / name).read_text(encoding="utf-8")
    assert old in text, f"{name}: {old!r} not found"
    (tmp_path / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    return str(tmp_path)
