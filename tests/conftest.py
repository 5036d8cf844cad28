from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
LAWS = SHARED / "corpora" / "laws"
REAL = SHARED / "corpora" / "real"
DRAFTS = ROOT / "corpora" / "drafts"


def need(path: Path) -> Path:
    """Skip cleanly when ../shared (statutes, real files) is absent."""
    if not path.exists():
        pytest.skip(f"{path} not available")
    return path
