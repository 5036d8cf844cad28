"""Analyses: shared facts derived from structure and tokens (definitions,
references, parties, modality). Each analysis is a function ``Facts -> Facts``
(returning a copy with its field filled) listed in ``ANALYSES`` in the order
they depend on each other.
"""

from __future__ import annotations

import importlib
from typing import Any, Callable

# (module, function) in dependency order; a module added here must exist.
ANALYSES: list[tuple[str, str]] = [("references", "analyze"), ("definitions", "analyze"),
                                    ("parties", "analyze"), ("modality", "analyze"), ("propositions", "analyze"),
                                    ("profile", "analyze"), ("coverage", "analyze"), ("inventory", "analyze")]


def run_analyses(facts, options: Any = None):
    for mod, fn in ANALYSES:
        func: Callable = getattr(importlib.import_module(f"{__name__}.{mod}"), fn)
        # an analysis with an ``options`` parameter receives the options (the CheckContext: --profile)
        code = func.__code__
        facts = func(facts, options=options) if "options" in code.co_varnames[:code.co_argcount] else func(facts)
    return facts
