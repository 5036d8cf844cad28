"""Hard-wrapped text: lines broken at a fixed width, not where the drafter ended a line.

A PDF copied into a text file, or a Markdown source typed with its lines wrapped, breaks
sentences (and words: 「協\\n議によっても」) wherever the width runs out. Our TXT convention
is one paragraph per line, and the sentence splitter ends a sentence at every line break,
so such breaks are joined back, as the PDF reader joins the lines of a page:

* the document is hard-wrapped when many lines (a tenth of the lines of 10 characters or
  more, and at least 3) fill the width of its long lines (the 90th percentile) and go on,
  mid-sentence, on the next line;
* in such a document a line break is a wrap when the line fills that width, does not end a
  sentence, and the next line is text that does not open a unit (a label, a bullet, a
  caption, a paragraph indented with U+3000, a ruled line).

Short lines stay lines: 「委託者（以下「甲」という）」 / 「住所：…」 / 「会社名：…」 above the
articles are lines of their own even in a wrapped document. One paragraph per line (every
draft, statute and template we have but one) is never taken for wrapped text.
"""

from __future__ import annotations

import re

from .labels import starts_structure

#: a line ending a sentence: the next line is a new line, wrapped text or not
SENTENCE_END = re.compile(r"。[」』）)]*$")
#: a ruled line typed with box-drawing characters (━━━ around a heading)
RULE_LINE = re.compile(r"[━─═＝]{3,}")
_FULL = 0.9          # a line this close to the width fills it
_MIN_SHARE = 0.1     # share of the long lines that must be wrapped mid-sentence
_MIN_WRAPS = 3


def width(s: str) -> float:
    """Display width: a full-width character counts 1, a half-width one 0.5."""
    half = len(s.encode("latin-1", "ignore"))  # the characters up to U+00FF, counted in C
    return len(s) - 0.5 * half


def _breaks(line: str, nxt: str, w: float) -> bool:
    s = line.rstrip(" \t")
    if w <= 0 or width(s) < _FULL * w or SENTENCE_END.search(s) or RULE_LINE.search(s) or "\t" in s:
        return False
    return bool(nxt.strip()) and nxt[:1] not in " \t\u3000" and not starts_structure(nxt) \
        and not RULE_LINE.search(nxt)


def wrap_width(lines: list[str]) -> float:
    """The width at which ``lines`` are hard-wrapped, or 0.0 when they are not."""
    widths = sorted(width(ln.strip()) for ln in lines if len(ln.strip()) >= 10)
    if len(widths) < 10:
        return 0.0
    w = widths[int(len(widths) * 0.9)]
    wraps = sum(_breaks(a, b, w) for a, b in zip(lines, lines[1:]))
    return w if wraps >= max(_MIN_WRAPS, _MIN_SHARE * len(widths)) else 0.0


def wraps(line: str, nxt: str, w: float) -> bool:
    """Is the break between ``line`` and ``nxt`` a wrap in a text wrapped at width ``w``?"""
    return _breaks(line, nxt, w)


def fills(line: str, w: float) -> bool:
    """Does ``line`` fill the wrap width ``w`` (0.0: the text is not wrapped, every line does)?"""
    return w <= 0 or width(line.strip()) >= _FULL * w
