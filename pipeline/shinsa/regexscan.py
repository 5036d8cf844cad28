"""``pattern.finditer(text)`` that only tries the positions a match can start at.

A match contains every run of plain characters of the pattern's top-level
sequence (…個人情報(?:の)?保護条例): a text without one of them has no match.

A pattern that opens with a lookbehind, an optional part or an alternation of
character classes (``(?<![一二三])[○●]…``, ``(?:令和|平成)?…``) gives the regex
engine no first character to skip ahead by: ``finditer`` runs the whole pattern
at every character of the document. When the characters a match may begin with
are few, :func:`prefilter` compiles a class of them; :func:`finditer` searches that
class (which the engine does skip ahead by) and tries the pattern only where it
finds one. The matches are the same, in the same order: a match cannot begin at
any other character, and ``pattern.match(text, p)`` reads the text before ``p``
for lookbehinds and anchors just as a search through the whole text does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

try:  # the parser of the re module (private; named sre_parse before 3.11)
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

#: more possible first characters than this: searching for them skips too little to pay
MAX_CHARS = 512
#: this many or fewer: listed one by one (searched with str.find)
FEW_CHARS = 16

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


class Prefilter(NamedTuple):
    """What a text needs for ``pattern`` to match in it, and where a match may begin."""

    required: tuple[str, ...]  # strings every match contains
    cls: re.Pattern | None  # the characters a match may begin with (None: let the engine search)
    chars: str  # the same characters listed, or "" when more than FEW_CHARS


def _required(seq) -> tuple[str, ...]:
    """The runs of plain characters in the top-level sequence of the pattern (in every match)."""
    out, run = [], []
    for op, av in seq:
        if op is _sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            out.append("".join(run))
        run = []
    if run:
        out.append("".join(run))
    return tuple(out)


def _start_class(parsed) -> tuple[re.Pattern | None, str]:
    if _engine_skips(parsed):
        return None, ""
    try:
        ranges, empty = _first(parsed)
    except _Unknown:
        return None, ""
    size = sum(b - a + 1 for a, b in ranges)
    if empty or not ranges or size > MAX_CHARS:
        return None, ""
    cls = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    chars = "".join(sorted({chr(c) for a, b in ranges for c in range(a, b + 1)})) if size <= FEW_CHARS else ""
    return re.compile(f"[{cls}]"), chars


def prefilter(pattern: re.Pattern) -> Prefilter | None:
    """The :class:`Prefilter` of ``pattern``, or None when it has nothing to offer: no plain
    string every match contains, and first characters that the engine skips to by itself, that
    cannot be listed or are too many, or a pattern that may match the empty string."""
    if not isinstance(pattern.pattern, str) or pattern.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    try:
        parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
    except (re.error, TypeError, ValueError, IndexError):
        return None
    required = _required(parsed)
    cls, chars = _start_class(parsed)
    if cls is None and not required:
        return None
    return Prefilter(required, cls, chars)


def finditer(pattern: re.Pattern, pre: Prefilter | None, text: str) -> Iterator[re.Match]:
    """The matches of ``pattern.finditer(text)``: none when the text lacks a string that
    ``pre`` (from :func:`prefilter`; None: plain ``finditer``) requires, else the pattern
    tried only where one of the characters a match may begin with stands."""
    if pre is None:
        yield from pattern.finditer(text)
        return
    if not all(s in text for s in pre.required):
        return
    if pre.cls is None:
        yield from pattern.finditer(text)
        return
    if pre.chars:
        # a few characters: none in the text (no match), or rare enough to list by str.find
        # (which runs much faster than the engine's search for a class of several characters)
        total = sum(map(text.count, pre.chars))
        if total == 0:
            return
        if total * 64 < len(text):
            yield from _tried_at(pattern, text, _positions(text, pre.chars))
            return
    yield from _tried_at(pattern, text, (c.start() for c in pre.cls.finditer(text)))


def _positions(text: str, chars: str) -> list[int]:
    out = []
    for ch in chars:
        i = text.find(ch)
        while i >= 0:
            out.append(i)
            i = text.find(ch, i + 1)
    out.sort()
    return out


def _tried_at(pattern: re.Pattern, text: str, positions: Iterable[int]) -> Iterator[re.Match]:
    """Matches of ``pattern`` tried at ascending ``positions``, left to right without overlap."""
    match = pattern.match
    pos = 0
    for p in positions:
        if p < pos:
            continue  # inside the last match
        m = match(text, p)
        if m is not None:
            yield m
            pos = m.end()  # > p: the pattern cannot match the empty string


def first_chars(pattern: re.Pattern) -> frozenset[str] | None:
    """The characters a match of ``pattern`` may begin with, or None when they cannot be listed,
    are more than MAX_CHARS, or the pattern may match the empty string (a quick test before a
    ``fullmatch``: a string opening with another character cannot match)."""
    if not isinstance(pattern.pattern, str) or pattern.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    try:
        ranges, empty = _first(_sre_parse.parse(pattern.pattern, pattern.flags))
    except (_Unknown, re.error, TypeError, ValueError, IndexError):
        return None
    if empty or not ranges or sum(b - a + 1 for a, b in ranges) > MAX_CHARS:
        return None
    return frozenset(chr(c) for a, b in ranges for c in range(a, b + 1))
