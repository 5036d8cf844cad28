"""Term groups: the small matching language of topics and consistency lexicons.

A group is a list of slots; a slot lists alternatives separated by ``|``:
a folded substring (``漏ら`` covers 漏らす/漏らさない), ``~word`` a token whose
Sudachi normalized form or dictionary form is ``word`` (``~漏洩`` covers
漏えい/漏洩), ``/regex/`` on the folded text, or ``@kind`` a quantity
(duration, time_range, number, place, deadline, date; see :data:`QUANTITIES`).
A slot starting with ``!`` must NOT occur in the sentence.

Shared by the profile loader, the coverage analysis and the consistency check,
so that none of them imports another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Optional

from ..textnorm import fold
from ..vocabulary import quantity_words

# ---------------------------------------------------------------------------
# quantities (folded text)
# ---------------------------------------------------------------------------

# Every word is in lexicons/vocab/quantities.yaml (with examples the tests run); the shape of each
# quantity is here: {list} stands for the alternatives of that list, {num} for a number.
_WORDS = quantity_words()
# a number: digits, kanji numerals, or a blank left for it (○○年, 【要確認】名)
_NUM_TEMPLATE = rf"(?:\d+(?:\.\d+)?|[{re.escape(_WORDS.numerals)}]+|{{blank_number}})"
_NUM = _WORDS.regex(_NUM_TEMPLATE)
QUANTITY_TEMPLATES: dict[str, str] = {
    # a length of time: 1年, 3か月間, 五年, 30日, 永年, 契約期間中 (not 7日前, a time point)
    "duration": r"{num}\s*{duration_units}(?!{duration_not_before})|{duration_words}",
    # a time range or round-the-clock statement: 午前9時から, 9:00, 24時間, 終日
    "time_range": r"{am_pm}?\s*{num}\s*{clock_hour}(?:\s*{num}\s*{clock_minute})?\s*{range_marks}"
                  r"|\d{1,2}:\d{2}|{time_range_words}",
    # a count of people / units
    "number": r"{num}\s*{counters}",
    # a frequency: 毎月, 年2回, 週1回以上, 3か月ごと, 四半期に1回, 作業の都度
    "frequency": r"{every}|{per_periods}\s*{per_link}?\s*{num}\s*{times}|{num}\s*{interval_units}\s*{intervals}"
                 r"|{frequency_words}",
    # an organisation: named roles (責任者・担当者 …), their division of work, or a count of people
    "organisation": r"{num}\s*{staff_counters}|{roles}{role_links}|{division_words}",
    # a place: an address, a building/room, or 'in Japan'
    "place": "{address}|{place_words}",
}
QUANTITIES: dict[str, re.Pattern] = {kind: re.compile(_WORDS.regex(t, num=_NUM))
                                     for kind, t in QUANTITY_TEMPLATES.items()}


# plain sentence ending -> polite one (ならない -> なりません): a substring alternative ending in the plain
# form also matches the polite form, so that a group written for である調 reads a です・ます draft
POLITE_ENDINGS: tuple[tuple[str, str], ...] = tuple(
    tuple(fold(x) for x in item.split("=", 1)) for item in _WORDS.get("polite_endings").items)  # type: ignore[misc]
_POLITE_RX = re.compile("|".join(re.escape(b) for _, b in POLITE_ENDINGS))


def polite_variants(value: str) -> list[str]:
    """The polite forms of a plain ending (漏らしてはならない -> 漏らしてはなりません, 漏らしてはいけません);
    every listed ending the value ends with gives one."""
    return [value[:len(value) - len(plain)] + polite for plain, polite in POLITE_ENDINGS if value.endswith(plain)]


def patterns_using(list_name: str) -> list[re.Pattern]:
    """The quantities that ``list_name`` of quantities.yaml takes part in (for its examples)."""
    if list_name == "polite_endings":
        return [_POLITE_RX]
    out = []
    for kind, t in QUANTITY_TEMPLATES.items():
        names = _WORDS.uses(t, ("num",))
        if list_name in names or ("num" in names and list_name in _WORDS.uses(_NUM_TEMPLATE)):
            out.append(QUANTITIES[kind])
    return out


def quantity_spans(kind: str, text: str) -> list[tuple[int, int]]:
    """Spans of quantities of ``kind`` in folded ``text`` (deadline/date use the shared helpers)."""
    if kind == "deadline":
        from .. import timeexpr

        return [(t.start, t.end) for t in timeexpr.find(text, 0, len(text))
                if getattr(t, "kind", "") in ("period", "date", "until")]
    if kind == "date":
        from ..dates import find_dates

        return [(d.start, d.end) for d in find_dates(text)]
    rx = QUANTITIES.get(kind)
    return [m.span() for m in rx.finditer(text)] if rx else []


QUANTITY_KINDS = (*QUANTITIES, "deadline", "date")

# ---------------------------------------------------------------------------
# term groups
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Alt:
    kind: str  # sub | tok | re | q
    value: str
    rx: Optional[re.Pattern] = None


@dataclass(frozen=True)
class Slot:
    alts: tuple[Alt, ...]
    negative: bool = False
    # all alternatives substrings: one pattern for them all, in their order (at one position the
    # first listed alternative wins, as in :func:`slot_span`)
    subs: Optional[re.Pattern] = field(default=None, compare=False)


Group = tuple[Slot, ...]


class GroupError(ValueError):
    pass


def compile_slot(spec: str) -> Slot:
    spec = str(spec).strip()
    neg = spec.startswith("!")
    if neg:
        spec = spec[1:]
    alts: list[Alt] = []
    raw = spec.split("|")
    parts, i = [], 0
    while i < len(raw):  # a /regex/ may itself contain |
        p = raw[i]
        if p.strip().startswith("/"):
            while not (len(p.strip()) > 1 and p.strip().endswith("/")) and i + 1 < len(raw):
                i += 1
                p += "|" + raw[i]
        parts.append(p)
        i += 1
    for p in (p.strip() for p in parts):
        if not p:
            continue
        if len(p) > 2 and p.startswith("/") and p.endswith("/"):
            try:
                alts.append(Alt("re", p, re.compile(p[1:-1])))
            except re.error as e:
                raise GroupError(f"bad regex {p}: {e}") from e
        elif p.startswith("~") and len(p) > 1:
            alts.append(Alt("tok", fold(p[1:])))
        elif p.startswith("@"):
            if p[1:] not in QUANTITY_KINDS:
                raise GroupError(f"unknown quantity '{p}' (one of {', '.join('@' + k for k in QUANTITY_KINDS)})")
            alts.append(Alt("q", p[1:]))
        else:
            alts.append(Alt("sub", fold(p)))
            for polite in polite_variants(fold(p)):
                if polite not in raw:
                    alts.append(Alt("sub", polite))
    if not alts:
        raise GroupError(f"empty slot '{spec}'")
    subs = None
    if all(a.kind == "sub" for a in alts):
        subs = re.compile("|".join(re.escape(a.value) for a in alts))
    return Slot(tuple(alts), neg, subs)


def compile_group(spec: Any) -> Group:
    items = spec if isinstance(spec, list) else [spec]
    group = tuple(compile_slot(s) for s in items)
    if not any(not s.negative for s in group):
        raise GroupError("a group needs at least one positive slot")
    return group


@dataclass
class Unit:
    """A sentence (absolute span) with its folded text and the lead text of its item."""

    start: int
    end: int
    text: str
    ctx: str
    tokens: tuple
    index: int
    caption: bool = False  # the caption line （…） of an article
    # the phrases that define the terms this sentence uses, each with where the term stands:
    # 「調査員」 defined as 「認定調査に従事する者」 reads as that phrase (a staff word)
    aliases: tuple[tuple[str, int, int], ...] = ()


def _alt_span(alt: Alt, text: str, tokens: tuple, base: int) -> Optional[tuple[int, int]]:
    if alt.kind == "sub":
        k = text.find(alt.value)
        return (base + k, base + k + len(alt.value)) if k >= 0 else None
    if alt.kind == "re":
        m = alt.rx.search(text)
        return (base + m.start(), base + m.end()) if m else None
    if alt.kind == "tok":
        for t in tokens:
            if alt.value in (t.norm, t.lemma, t.surface):
                return t.start, t.end
        return None
    spans = quantity_spans(alt.value, text)
    return (base + spans[0][0], base + spans[0][1]) if spans else None


def slot_span(slot: Slot, text: str, tokens: tuple = (), base: int = 0) -> Optional[tuple[int, int]]:
    """The earliest alternative of ``slot`` in ``text`` (at one position, the first listed)."""
    if slot.subs is not None:
        m = slot.subs.search(text)
        return (base + m.start(), base + m.end()) if m else None
    best = None
    for alt in slot.alts:
        s = _alt_span(alt, text, tokens, base)
        if s is not None and (best is None or s[0] < best[0]):
            best = s
    return best


def slot_holds(slot: Slot, text: str, tokens: tuple = ()) -> bool:
    """Whether any alternative of ``slot`` occurs (no span needed: stops at the first that does)."""
    if slot.subs is not None:
        return slot.subs.search(text) is not None
    for alt in slot.alts:
        if alt.kind == "sub":
            if alt.value in text:
                return True
        elif _alt_span(alt, text, tokens, 0) is not None:
            return True
    return False


def may_hold(group: Group, folded: str, words: frozenset) -> bool:
    """False when a positive slot of ``group`` holds nowhere in a document (folded text ``folded``,
    token forms ``words``): the group then matches none of its units, whose text and context are
    parts of ``folded``. Regex and quantity alternatives are not pre-tested (they may hold)."""
    for slot in group:
        if slot.negative:
            continue
        for alt in slot.alts:
            if alt.kind == "sub":
                if alt.value in folded:
                    break
            elif alt.kind == "tok":
                if alt.value in words:
                    break
            else:
                break
        else:
            return False
    return True


def _alias_span(slot: Slot, aliases: tuple) -> Optional[tuple[int, int]]:
    """Where a term stands whose defining phrase holds ``slot`` (None without one)."""
    for phrase, a, b in aliases:
        if slot_holds(slot, phrase):
            return a, b
    return None


def match_group(group: Group, unit: Unit) -> Optional[tuple[int, int]]:
    """The span of the first positive slot when every slot of ``group`` holds in ``unit``.

    Only the first positive slot found needs a span; the others need only to hold, and a slot
    missing from a unit without context settles the answer at once."""
    key = None
    missing = []
    text, tokens = unit.text, unit.tokens
    for slot in group:
        if slot.negative:
            if slot_holds(slot, text, tokens):
                return None
            continue
        if key is None:
            span = slot_span(slot, text, tokens, unit.start) or _alias_span(slot, unit.aliases)
            held = span is not None
            key = span
        else:
            held = slot_holds(slot, text, tokens) or _alias_span(slot, unit.aliases) is not None
        if not held:
            if not unit.ctx:
                return None
            missing.append(slot)
    # slots not in the sentence itself may be in its context (the lead of an item, the sentence that a
    # ただし／この場合 sentence qualifies), as long as the sentence holds at least one of them
    if key is None or (missing and any(not slot_holds(sl, unit.ctx) for sl in missing)):
        return None
    return key
