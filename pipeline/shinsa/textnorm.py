"""Where character folding happens, and how.

Decision (documented in the README): the text that offsets and quotes refer to
(``Document.text``) is exactly what the reader sees after layout repair
(joined wrapped lines, removed running headers); no character is changed.
Alongside it, :func:`fold` produces ``Document.folded``, the *same length*,
in which each character is replaced by its NFKC form when that form is a
single character: full-width digits and Latin letters become ASCII
(``１２`` → ``12``), ``（）`` become ``()``, half-width katakana become
full-width. Characters whose NFKC form is longer (``㈱``, ``㍻``) or that
carry structure (circled numbers ①②, the ideographic space U+3000) are kept.

Structure parsing, lexicon matching and tokenization read ``folded``; every
quote is cut from ``text``. Because the lengths are equal, an offset found in
one is valid in the other, with no offset map to maintain.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_KEEP = {"\u3000"}


def _keep(ch: str) -> bool:
    if ch in _KEEP:
        return True
    cp = ord(ch)
    # enclosed alphanumerics (①, ⑴, ⒈ …) and enclosed CJK (㈠, ㊀ …) stay as written
    return 0x2460 <= cp <= 0x24FF or 0x3200 <= cp <= 0x32FF


@lru_cache(maxsize=4096)
def fold_char(ch: str) -> str:
    if ch.isascii() or _keep(ch):
        return ch
    n = unicodedata.normalize("NFKC", ch)
    return n if len(n) == 1 else ch


class _FoldTable(dict):
    """code point -> folded character, filled on first sight (for ``str.translate``)."""

    def __missing__(self, cp: int) -> str:
        folded = self[cp] = fold_char(chr(cp))
        return folded


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Length-preserving NFKC-style fold (see module docstring).

    ``str.translate`` over a table that learns each character once: the loop runs in C
    (a per-character Python call folded every document's text a second time over)."""
    if text.isascii():
        return text
    return text.translate(_TABLE)


_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
                 "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_UNITS = {"十": 10, "百": 100, "千": 1000}
_KANJI_BIG = {"万": 10_000, "億": 100_000_000}


@lru_cache(maxsize=8192)  # pure; the same numerals (第三条, 二項) recur thousands of times in a statute
def kanji_to_int(s: str) -> int | None:
    """Parse a kanji numeral (三十五, 百二, 千三百二十四, 二〇二五, 五万) or digits.

    Returns None when ``s`` is not a numeral.
    """
    s = fold(s).strip()
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if all(c in _KANJI_DIGITS for c in s):  # positional: 二〇二五
        return int("".join(str(_KANJI_DIGITS[c]) for c in s))
    total, section, current = 0, 0, None
    for c in s:
        if c in _KANJI_DIGITS:
            current = _KANJI_DIGITS[c] if current is None else current * 10 + _KANJI_DIGITS[c]
        elif c.isdigit():
            current = int(c) if current is None else current * 10 + int(c)
        elif c in _KANJI_UNITS:
            section += (current if current is not None else 1) * _KANJI_UNITS[c]
            current = None
        elif c in _KANJI_BIG:
            section += current or 0
            total += (section or 1) * _KANJI_BIG[c]
            section, current = 0, None
        else:
            return None
    return total + section + (current or 0)
