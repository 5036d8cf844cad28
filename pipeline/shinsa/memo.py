"""Values computed once per document and cached on the side, freed with the document.

A cache keyed by ``id(facts)`` that keeps its entries until it is full keeps the
tokens of earlier documents alive in a batch worker (each entry holds sentences,
tokens or the facts themselves). :class:`PerDocument` drops an entry as soon as
its facts object is garbage; a cached value must not refer to the facts strongly
(or the two would keep each other alive until a garbage collection).

:func:`paused_gc` keeps the cyclic garbage collector out of the analysis of one
document: it allocates millions of objects and almost no cycles (a few hundred
on the nine statutes), and the collections those allocations trigger walk the
heap again and again (a tenth of the CPU time of a statute scan).
"""

from __future__ import annotations

import gc
import weakref
from contextlib import contextmanager
from typing import Any, Iterator


class PerDocument:
    """``get(facts)`` → the cached value or None; ``put(facts, value)`` → value."""

    def __init__(self) -> None:
        self._entries: dict[int, tuple[weakref.ref, Any]] = {}

    def get(self, facts) -> Any:
        hit = self._entries.get(id(facts))
        if hit is not None and hit[0]() is facts:
            return hit[1]
        return None

    def put(self, facts, value: Any) -> Any:
        key = id(facts)
        entries = self._entries
        entries[key] = (weakref.ref(facts, lambda _ref: entries.pop(key, None)), value)
        return value

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the cyclic garbage collector inside the block (nested blocks leave it to the
    outermost one); reference counting still frees everything that is not in a cycle."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
