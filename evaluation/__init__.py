"""Evaluation and benchmarks of shinsa (not installed with the wheel).

Run from the repository root: ``python -m evaluation.evaluate`` (make eval) and
``python -m evaluation.bench`` (make bench).
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    """The team's ``shared`` folder: beside the checkout, or beside a parent of it (a git worktree
    under ``wt/NAME`` sits two levels below it)."""
    for base in ROOT.parents:
        if (base / "shared").is_dir():
            return base / "shared"
    return ROOT.parent / "shared"
