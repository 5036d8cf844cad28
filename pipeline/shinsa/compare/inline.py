"""Character-level diff inside a modified clause, in reading units.

The units are the Sudachi morphemes the pipeline already computed for each
document (``Facts.sentences``; nothing is tokenized again), with the text
between them (newlines, spaces) as units of their own. The diff is the
standard library's :class:`difflib.SequenceMatcher` over the folded
surfaces: the Ratcliff/Obershelp longest-match strategy gives the
human-looking result a 新旧対照表 needs, and diffing morphemes rather than
characters keeps a reworded phrase whole (「速やかに」→「24時間以内に」 instead of
scattered single-character edits). ``autojunk`` is off because frequent
particles (の, を) are content here, not noise.
"""

from __future__ import annotations

import difflib
from typing import NamedTuple


class Op(NamedTuple):
    op: str  # "equal" | "insert" | "delete" | "replace"
    old: str
    new: str

    def to_json(self) -> dict:
        return {"op": self.op, "old": self.old, "new": self.new}


def reading_units(facts, start: int, end: int) -> list[tuple[str, str]]:
    """(comparison key, text as written) for each unit covering text[start:end]."""
    text, folded = facts.text, facts.folded
    out: list[tuple[str, str]] = []
    pos = start
    for t in facts.tokens_in(start, end):
        if t.start > pos:
            out.extend(_gap_units(text, folded, pos, t.start))
        out.append((folded[t.start:t.end], text[t.start:t.end]))
        pos = t.end
    if pos < end:
        out.extend(_gap_units(text, folded, pos, end))
    return out


def _gap_units(text: str, folded: str, a: int, b: int) -> list[tuple[str, str]]:
    # text no token covers (line breaks, indentation, labels split off): one unit per character
    return [(folded[i], text[i]) for i in range(a, b)]


def diff_units(old: list[tuple[str, str]], new: list[tuple[str, str]]) -> tuple[Op, ...]:
    """Opcodes over the unit keys, with each side's text as written; whitespace-only changes are equal."""
    sm = difflib.SequenceMatcher(None, [k for k, _ in old], [k for k, _ in new], autojunk=False)
    ops: list[Op] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        a = "".join(t for _, t in old[i1:i2])
        b = "".join(t for _, t in new[j1:j2])
        if tag != "equal" and "".join(a.split()) == "".join(b.split()):
            tag = "equal"
        if ops and ops[-1].op == tag:
            ops[-1] = Op(tag, ops[-1].old + a, ops[-1].new + b)
        else:
            ops.append(Op(tag, a, b))
    return tuple(ops)


def unit_ops(old_facts, old_unit, new_facts, new_unit) -> tuple[Op, ...]:
    """The diff of two aligned units' own texts (:attr:`shinsa.compare.align.Unit.end`)."""
    return diff_units(reading_units(old_facts, old_unit.clause.start, old_unit.end),
                      reading_units(new_facts, new_unit.clause.start, new_unit.end))
