"""Clause alignment between two versions of a draft (not a line diff).

Anchor units (title, 前文, 章, 条, 附則, 別表 …) are aligned across the whole
document per kind, so an article keeps its partner when it is renumbered,
moved or moved into another chapter. Paragraphs, items and sub-items are then
aligned inside each aligned parent. Matching is by content (character
bigrams of the folded text without spaces and without the unit's own label)
plus the caption, greedily from the best score down; identical texts pair
first. Left-over units contained in a partner of the other side are paired
as merged (two old → one new) or split (one old → two new).

Status per pair: ``unchanged`` (same text, same path), ``renumbered`` (same
text, other path), ``modified`` (text differs), ``moved`` (out of order
relative to the other aligned siblings), ``added``, ``deleted``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..model import Clause

ANCHOR_KINDS = frozenset({"title", "preamble", "part", "chapter", "section", "subsection", "division",
                          "article", "suppl", "appendix", "toc"})
CONTAINER_KINDS = frozenset({"part", "chapter", "section", "subsection", "division"})
STATUSES = ("unchanged", "modified", "added", "deleted", "moved", "renumbered")
MATCH_MIN = 0.5  # bigram Dice below which two units are not the same clause
CAPTION_MATCH_MIN = 0.3  # ... unless their captions are equal
CONTAIN_MIN = 0.8  # share of a left-over unit's bigrams found in a partner (merge / split)


@dataclass(frozen=True)
class Unit:
    """One clause of one version as the aligner sees it."""

    index: int  # index in the clause tuple
    clause: Clause
    key: str  # folded text without whitespace and without the own label
    grams: frozenset
    end: int  # end of the unit's own text: before its first nested 条 for a 章 or 別記, else the clause end

    @property
    def path(self) -> str:
        return self.clause.path


@dataclass(frozen=True)
class Pair:
    old: Optional[Unit]
    new: Optional[Unit]
    status: str
    relation: Optional[str] = None  # "merged" | "split" for the extra pairs of a merge/split
    ops: tuple = field(default=(), compare=False)

    @property
    def old_path(self) -> Optional[str]:
        return self.old.path if self.old else None

    @property
    def new_path(self) -> Optional[str]:
        return self.new.path if self.new else None

    @property
    def depth(self) -> int:
        u = self.new or self.old
        return 0 if u.clause.kind in ANCHOR_KINDS else 1


def _bigrams(key: str) -> frozenset:
    if len(key) < 2:
        return frozenset([key])
    return frozenset(key[i:i + 2] for i in range(len(key) - 1))


def own_end(c: Clause, children: list[Clause]) -> int:
    """End of the text a unit stands for: a unit holding articles (章, 節, a 別記 with its own
    第1…) ends before its first article, since the articles are aligned and shown on their own."""
    nested = [k.start for k in children if k.kind in ANCHOR_KINDS]
    if nested:
        return min(nested)
    if c.kind in CONTAINER_KINDS and children:
        return children[0].start
    return c.end


def unit_key(folded: str, c: Clause, children: list[Clause]) -> str:
    """Comparison text of a clause: its span minus its own label, spaces removed.

    A unit holding articles compares by its own text only (:func:`own_end`), so a
    chapter keeps its partner when articles move in or out of it."""
    s = folded[c.start:own_end(c, children)]
    if c.label_start is not None and c.label and c.kind not in ("title", "appendix"):
        # the label may stand before or after the caption (DOCX headings: 「第１条 （目的）」)
        k = c.label_start - c.start
        s = s[:k] + s[k + len(c.label):]
    return "".join(s.split())


def build_units(folded: str, clauses: tuple[Clause, ...]) -> list[Unit]:
    children: dict[int, list[Clause]] = {}
    for c in clauses:
        if c.parent is not None:
            children.setdefault(c.parent, []).append(c)
    out = []
    for i, c in enumerate(clauses):
        kids = children.get(i, [])
        key = unit_key(folded, c, kids)
        out.append(Unit(i, c, key, _bigrams(key), own_end(c, kids)))
    return out


def similarity(a: Unit, b: Unit) -> float:
    if a.key == b.key:
        return 1.0
    if not a.grams or not b.grams:
        return 0.0
    return 2 * len(a.grams & b.grams) / (len(a.grams) + len(b.grams))


def _caption(u: Unit) -> str:
    return "".join((u.clause.caption or "").split())


def match(olds: list[Unit], news: list[Unit]) -> list[tuple[Unit, Unit]]:
    """Greedy one-to-one matching, best score first; identical keys first."""
    pairs: list[tuple[Unit, Unit]] = []
    used_o: set[int] = set()
    used_n: set[int] = set()
    by_key: dict[str, list[Unit]] = {}
    for n in news:
        by_key.setdefault(n.key, []).append(n)
    for o in olds:  # identical text: pair in order (repeated texts keep their order)
        cands = [n for n in by_key.get(o.key, []) if n.index not in used_n]
        if cands:
            n = min(cands, key=lambda n: (n.path != o.path, abs(n.index - o.index)))
            pairs.append((o, n))
            used_o.add(o.index)
            used_n.add(n.index)
    rest_o = [o for o in olds if o.index not in used_o]
    rest_n = [n for n in news if n.index not in used_n]
    scored = []
    for o in rest_o:
        for n in rest_n:
            s = similarity(o, n)
            same_cap = bool(_caption(o)) and _caption(o) == _caption(n)
            if s >= MATCH_MIN or (same_cap and s >= CAPTION_MATCH_MIN):
                scored.append((s + 0.25 * same_cap + 0.05 * (o.path == n.path), -abs(o.index - n.index), o, n))
    scored.sort(key=lambda t: (t[0], t[1]), reverse=True)
    for _, _, o, n in scored:
        if o.index in used_o or n.index in used_n:
            continue
        pairs.append((o, n))
        used_o.add(o.index)
        used_n.add(n.index)
    # a clause rewritten from scratch under the same caption is still that clause,
    # when the caption is unambiguous among what is left on both sides
    left_o = [o for o in olds if o.index not in used_o and _caption(o)]
    left_n = [n for n in news if n.index not in used_n and _caption(n)]
    for o in left_o:
        same_o = [x for x in left_o if _caption(x) == _caption(o)]
        same_n = [n for n in left_n if _caption(n) == _caption(o)]
        if len(same_o) == 1 and len(same_n) == 1:
            pairs.append((o, same_n[0]))
    return pairs


def _in_order(seq: list[int], keep_path: list[bool]) -> set[int]:
    """Positions of the longest increasing subsequence of ``seq``; among equally long
    ones, the one keeping most units at their old path (so in a swap of two articles
    the one that changed its number is the one reported as moved). O(n²) over one
    group of siblings, which is at most a few hundred articles."""
    n = len(seq)
    best = [0] * n
    prev = [-1] * n
    for i in range(n):
        w = 1000 + keep_path[i]
        best[i] = w
        for j in range(i):
            if seq[j] < seq[i] and best[j] + w > best[i]:
                best[i] = best[j] + w
                prev[i] = j
    out: set[int] = set()
    i = max(range(n), key=lambda k: best[k], default=-1)
    while i >= 0:
        out.add(i)
        i = prev[i]
    return out


def _status(o: Unit, n: Unit, in_order: bool) -> str:
    if not in_order:
        return "moved"
    if o.key != n.key:
        return "modified"
    return "unchanged" if o.path == n.path else "renumbered"


def _contained(part: Unit, whole: Unit) -> float:
    return len(part.grams & whole.grams) / len(part.grams) if part.grams else 0.0


def _merge_split(pairs: list[Pair], rest_o: list[Unit], rest_n: list[Unit]) -> tuple[list[Pair], set, set]:
    """Extra pairs for units merged into, or split out of, an aligned unit."""
    extra: list[Pair] = []
    taken_o: set[int] = set()
    taken_n: set[int] = set()
    for o in rest_o:
        best = max((p for p in pairs if p.new is not None and p.new.clause.kind == o.clause.kind),
                   key=lambda p: _contained(o, p.new), default=None)
        if best is not None and _contained(o, best.new) >= CONTAIN_MIN:
            extra.append(Pair(o, best.new, "modified", relation="merged"))
            taken_o.add(o.index)
    for n in rest_n:
        best = max((p for p in pairs if p.old is not None and p.old.clause.kind == n.clause.kind),
                   key=lambda p: _contained(n, p.old), default=None)
        if best is not None and _contained(n, best.old) >= CONTAIN_MIN:
            extra.append(Pair(best.old, n, "modified", relation="split"))
            taken_n.add(n.index)
    return extra, taken_o, taken_n


def align_siblings(olds: list[Unit], news: list[Unit], merge_split: bool = False,
                   by_number: bool = False) -> list[Pair]:
    """Pairs for one group of comparable units (one kind, or the children of one aligned parent).

    ``by_number`` (children of an aligned parent): a paragraph left over on both
    sides under the same number was rewritten in place, so it pairs as modified."""
    matched = match(olds, news)
    if by_number:
        done_o = {o.index for o, _ in matched}
        done_n = {n.index for _, n in matched}
        at = {(n.clause.kind, n.clause.num): n for n in news if n.index not in done_n and n.clause.num}
        for o in olds:
            n = at.pop((o.clause.kind, o.clause.num), None) if o.index not in done_o else None
            if n is not None:
                matched.append((o, n))
    matched.sort(key=lambda p: p[0].index)
    keep = _in_order([n.index for _, n in matched], [o.path == n.path for o, n in matched])
    pairs = [Pair(o, n, _status(o, n, i in keep)) for i, (o, n) in enumerate(matched)]
    used_o = {o.index for o, _ in matched}
    used_n = {n.index for _, n in matched}
    rest_o = [o for o in olds if o.index not in used_o]
    rest_n = [n for n in news if n.index not in used_n]
    if merge_split:
        extra, taken_o, taken_n = _merge_split(pairs, rest_o, rest_n)
        pairs += extra
        rest_o = [o for o in rest_o if o.index not in taken_o]
        rest_n = [n for n in rest_n if n.index not in taken_n]
    pairs += [Pair(o, None, "deleted") for o in rest_o]
    pairs += [Pair(None, n, "added") for n in rest_n]
    return pairs


def _children(units: list[Unit]) -> dict[int, list[Unit]]:
    """parent index -> its non-anchor children (paragraphs, items, sub-items)."""
    out: dict[int, list[Unit]] = {}
    for u in units:
        if u.clause.parent is not None and u.clause.kind not in ANCHOR_KINDS:
            out.setdefault(u.clause.parent, []).append(u)
    return out


def align(old_units: list[Unit], new_units: list[Unit]) -> list[Pair]:
    """Align two clause trees; pairs sorted in reading order of NEW (deleted ones after their old neighbour)."""
    pairs: list[Pair] = []
    for kind in sorted({u.clause.kind for u in old_units + new_units if u.clause.kind in ANCHOR_KINDS}):
        pairs += align_siblings([u for u in old_units if u.clause.kind == kind],
                                [u for u in new_units if u.clause.kind == kind], merge_split=kind == "article")
    old_kids, new_kids = _children(old_units), _children(new_units)
    queue = [p for p in pairs if p.old and p.new and p.relation is None]
    while queue:  # children inside aligned parents, level by level
        p = queue.pop()
        sub = align_siblings(old_kids.get(p.old.index, []), new_kids.get(p.new.index, []), by_number=True)
        pairs += sub
        queue += [q for q in sub if q.old and q.new]
    pairs = _merged_children(pairs, old_units, new_units)
    seen_o = {p.old.index for p in pairs if p.old}
    seen_n = {p.new.index for p in pairs if p.new}
    # children of added / deleted units (and of unaligned parents) are added / deleted too
    pairs += [Pair(u, None, "deleted") for u in old_units if u.index not in seen_o]
    pairs += [Pair(None, u, "added") for u in new_units if u.index not in seen_n]
    return order_pairs(pairs)


def _merged_children(pairs: list[Pair], old_units: list[Unit], new_units: list[Unit]) -> list[Pair]:
    """The paragraphs of a merged article go to the paragraphs its partner gained (and the
    reverse for a split): they are aligned against the children left ``added`` / ``deleted``."""
    for p in [p for p in pairs if p.relation in ("merged", "split")]:
        added = {q.new.index: q for q in pairs if q.status == "added" and q.new.clause.parent == p.new.index}
        deleted = {q.old.index: q for q in pairs if q.status == "deleted" and q.old.clause.parent == p.old.index}
        if p.relation == "merged":
            olds = [u for u in old_units if u.clause.parent == p.old.index]
            news = [new_units[i] for i in added]
        else:
            olds = [old_units[i] for i in deleted]
            news = [u for u in new_units if u.clause.parent == p.new.index]
        sub = [q for q in align_siblings(olds, news) if q.old and q.new]
        done_n = {q.new.index for q in sub}
        done_o = {q.old.index for q in sub}
        pairs = [q for q in pairs if not (q.status == "added" and q.new.index in done_n)
                 and not (q.status == "deleted" and q.old.index in done_o)] + sub
    return pairs


def order_pairs(pairs: list[Pair]) -> list[Pair]:
    """Reading order of NEW; a deleted unit goes right after the NEW partner of its old predecessor."""
    new_pos: dict[int, int] = {}
    for p in pairs:
        if p.new is not None and p.old is not None:
            new_pos.setdefault(p.old.index, p.new.end)

    def key(p: Pair):
        if p.new is not None:
            return (p.new.clause.start, 0, p.old.index if p.old else -1)
        prev = max((i for i in new_pos if i < p.old.index), default=None)
        return (new_pos[prev] if prev is not None else -1, 1, p.old.index)

    return sorted(pairs, key=key)
