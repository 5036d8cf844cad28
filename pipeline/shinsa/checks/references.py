"""Reference checks: internal references with no target, and numbering that
skips or repeats. Reads ``facts.references`` (resolved once by
:mod:`shinsa.analysis.references`) and the clause tree.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..analysis.references import Tree
from ..model import Finding, Related

DANGLING, GAP = "dangling_reference", "numbering_gap"
RULE_IDS = (DANGLING, GAP)


def check(facts, ctx) -> Iterable[Finding]:
    yield from _dangling(facts)
    yield from _gaps(facts)


def _dangling(facts) -> Iterator[Finding]:
    tree = facts.extra.get("_tree") or Tree(facts.clauses, facts.text)
    for r in facts.references:
        if r.kind != "internal" or r.target is not None:
            continue
        # (a reference by absolute number, 「８(4)」, does not depend on how the citing article counts)
        if r.target_type in ("paragraph", "item", "subitem") and r.relpos != "absolute" \
                and _positional(facts, tree, r.start):
            # the paragraphs (or items) are counted by position, not written: the reference may
            # count them another way, so it is a question to the drafter, not a certain error
            yield facts.finding(DANGLING, "unnumbered", "warning", r.start, r.end,
                                f"「{r.text}」が指す条項を特定できません。この条の項・号には番号が書かれておらず、"
                                "数え方によって参照先が変わります。",
                                "項・号に番号（２、（１）など）を振り、参照先が番号で特定できるようにしてください。")
            continue
        yield facts.finding(DANGLING, None, "error", r.start, r.end,
                            f"「{r.text}」が指す条項・別表がこの文書にありません。",
                            "参照先の番号を確認し、正しい条項に直してください。")


_BULLETS = ("・", "•", "-", "*", "+")


def _positional(facts, tree: Tree, pos: int) -> bool:
    """Are the paragraphs or items of the article (or heading section) at ``pos`` numbered only
    by position — a paragraph after the first without a label, or bullet items?"""
    i = facts.clause_index_at(pos)
    if i is None:
        return False
    unit = tree.ancestor(i, "article")
    if unit is None:
        unit = tree.ancestor(i, "section")
    if unit is None:
        return False
    paras = tree.kids(unit, "paragraph")
    if any(not (facts.clauses[p].label or "") for p in paras[1:]):
        return True
    items = [j for p in paras for j in tree.descendants(p, "item")]
    return any((facts.clauses[j].label or "").strip() in _BULLETS for j in items)


def _successors(prev: tuple[int, ...]) -> set[tuple[int, ...]]:
    out = {prev + (2,)}
    for k in range(1, len(prev) + 1):
        out.add(prev[:k - 1] + (prev[k - 1] + 1,))
    return out


def _gaps(facts) -> Iterator[Finding]:
    clauses = facts.clauses
    tree = facts.extra.get("_tree") or Tree(clauses, facts.text)
    seqs: list[list[int]] = []
    # articles: numbered through the main provisions, and separately in each 附則 of this text
    seqs.append(tree.articles_in_group(None))
    for i, c in enumerate(clauses):
        if c.kind == "suppl" and not tree.is_amendment_suppl(i) and not tree.is_abridged(i):
            seqs.append(tree.articles_in_group(i))
            seqs.append(tree.kids(i, "paragraph"))
    for i, c in enumerate(clauses):
        if c.kind == "article" and not _in_skipped_suppl(tree, i):
            seqs.append(tree.kids(i, "paragraph"))
        elif c.kind in ("paragraph", "appendix") and not _in_skipped_suppl(tree, i):
            seqs.append(tree.kids(i, "item"))
            if c.kind == "appendix":  # a 別記 that has its own 第１, 第２ … (個人情報取扱特記事項)
                seqs.append(tree.articles_in_group(i))
        elif c.kind == "item" and not _in_skipped_suppl(tree, i):
            seqs.append(tree.kids(i, "subitem"))  # ア、イ、エ: the 細分 skip ウ
    for seq in seqs:
        yield from _check_seq(facts, tree, seq)
    yield from _section_gaps(facts)


def _section_gaps(facts) -> Iterator[Finding]:
    """Numbered sections of a specification (1. 2. / 4.1 4.2 4.4): each run of siblings counts 1, 2, 3 …
    by its last number."""
    clauses = facts.clauses
    runs: dict[int | None, list[int]] = {}
    for i, c in enumerate(clauses):
        if c.kind == "section" and c.num and c.path == ".".join(map(str, c.num)):
            runs.setdefault(c.parent, []).append(i)
    for seq in runs.values():
        prev_i = None
        for i in seq:
            c = clauses[i]
            want = clauses[prev_i].num[-1] + 1 if prev_i is not None else 1
            if c.num[-1] > want:
                a = c.label_start if c.label_start is not None else c.start
                rel = [Related(clauses[prev_i].start, clauses[prev_i].end, "直前の番号")] if prev_i is not None else []
                yield facts.finding(GAP, "skip", "warning", a, a + max(1, len(c.label or "")),
                                    f"「{c.label}」の番号が飛んでいます（直前は"
                                    f"{clauses[prev_i].label if prev_i is not None else 'なし'}）。",
                                    "番号を振り直し、条項の参照もあわせて確認してください。", rel)
            prev_i = i


def _in_skipped_suppl(tree: Tree, i: int) -> bool:
    g = tree.group_of[i]
    return g is not None and (tree.is_amendment_suppl(g) or tree.is_abridged(g))


def _check_seq(facts, tree: Tree, seq: list[int]) -> Iterator[Finding]:
    clauses = facts.clauses
    prev: tuple[int, ...] | None = None
    prev_i: int | None = None
    for i in seq:
        first, last = tree.nums(i)
        if not first:
            continue
        c = clauses[i]
        if prev is None:
            ok = first == (1,)
        else:
            ok = first in _successors(prev)
        if not ok and prev is not None or (prev is None and first[0] > 1 and len(first) == 1):
            a = c.label_start if c.label_start is not None else c.start
            b = a + max(1, len(c.label or ""))
            repeated = prev is not None and first == prev
            what = "重複しています" if repeated else "飛んでいます"
            rel = [Related(clauses[prev_i].start, clauses[prev_i].end, "直前の番号")] if prev_i is not None else []
            yield facts.finding(GAP, "repeat" if repeated else "skip", "warning", a, b,
                                f"「{c.label}」の番号が{what}（直前は{_fmt(prev)}）。",
                                "番号を振り直し、条項の参照もあわせて確認してください。", rel)
        prev, prev_i = last, i


def _fmt(num: tuple[int, ...] | None) -> str:
    if not num:
        return "なし"
    return "の".join(str(n) for n in num)
