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
