"""``pattern.finditer(text)`` that only tries the positions a match can start at.

A pattern that opens with a lookbehind, an optional part or an alternation of
character classes (``(?<![一二三])[○●]…``, ``(?:令和|平成)?…``) gives the regex
engine no first character to skip ahead by: ``finditer`` runs the whole pattern
at every character of the document. When the characters a match may begin with
are few, :func:`starts` compiles a class of them; :func:`finditer` searches that
class (which the engine does skip ahead by) and tries the pattern only where it
finds one. The matches are the same, in the same order: a match cannot begin at
any other character, and ``pattern.match(text, p)`` reads the text before ``p``
for lookbehinds and anchors just as a search through the whole text does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

try:  # the parser of the re module (private; named sre_parse before 3.11)
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

#: more possible first characters than this: searching for them skips too little to pay
MAX_CHARS = 512

_ZERO_WIDTH = {_sre.ASSERT, _sre.ASSERT_NOT, _sre.AT}
_REPEATS = {_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", _sre.MAX_REPEAT)}


class _Unknown(Exception):
    """The first characters of a part of the pattern cannot be listed."""


def _class_ranges(items) -> list[tuple[int, int]]:
    out = []
    for op, av in items:
        if op is _sre.LITERAL:
            out.append((av, av))
        elif op is _sre.RANGE:
            out.append(av)
        else:  # NEGATE, CATEGORY (\s, \d …): too many characters to list
            raise _Unknown
    return out


def _first(seq) -> tuple[list[tuple[int, int]], bool]:
    """(ranges of the characters a match of ``seq`` may begin with, whether it may match empty)."""
    ranges: list[tuple[int, int]] = []
    for op, av in seq:
        if op in _ZERO_WIDTH:
            continue  # lookarounds and anchors consume nothing: the next part begins the match
        if op is _sre.LITERAL:
            return ranges + [(av, av)], False
        if op is _sre.IN:
            return ranges + _class_ranges(av), False
        if op is _sre.SUBPATTERN:
            if av[1] & re.IGNORECASE:
                raise _Unknown
            part, empty = _first(av[-1])
        elif op is _sre.BRANCH:
            parts = [_first(alt) for alt in av[1]]
            part, empty = [r for p, _ in parts for r in p], any(e for _, e in parts)
        elif op in _REPEATS:
            part, empty = _first(av[2])
            empty = empty or av[0] == 0
        else:  # ANY, back references, …
            raise _Unknown
        ranges += part
        if not empty:
            return ranges, False
    return ranges, True


def _engine_skips(seq) -> bool:
    """Does the regex engine itself skip ahead to the first character (a pattern opening with a
    character, a class, or alternatives that each open with a character)?"""
    if not seq:
        return False
    op, av = seq[0]
    if op is _sre.LITERAL or op is _sre.IN:
        return True
    if op is _sre.BRANCH:
        return all(alt and alt[0][0] is _sre.LITERAL for alt in av[1])
    if op is _sre.SUBPATTERN and not av[1]:
        return _engine_skips(av[-1])
    return False


def starts(pattern: re.Pattern) -> re.Pattern | None:
    """A character class of the characters a match of ``pattern`` may begin with, or None when
    the engine skips ahead by itself, or they cannot be listed, are too many, or the pattern
    may match the empty string."""
    if not isinstance(pattern.pattern, str) or pattern.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    try:
        parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
        if _engine_skips(parsed):
            return None
        ranges, empty = _first(parsed)
    except (_Unknown, re.error, TypeError, ValueError, IndexError):
        return None
    if empty or not ranges or sum(b - a + 1 for a, b in ranges) > MAX_CHARS:
        return None
    cls = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return re.compile(f"[{cls}]")


def finditer(pattern: re.Pattern, start: re.Pattern | None, text: str) -> Iterator[re.Match]:
    """The matches of ``pattern.finditer(text)``, trying the pattern only at the characters of
    ``start`` (from :func:`starts`; None: plain ``finditer``)."""
    if start is None:
        yield from pattern.finditer(text)
        return
    search, match = start.search, pattern.match
    pos = 0
    while True:
        c = search(text, pos)
        if c is None:
            return
        p = c.start()
        m = match(text, p)
        if m is None:
            pos = p + 1
            continue
        yield m
        pos = m.end()  # > p: the pattern cannot match the empty string
