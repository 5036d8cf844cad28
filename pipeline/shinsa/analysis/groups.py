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

# ---------------------------------------------------------------------------
# quantities (folded text)
# ---------------------------------------------------------------------------

_NUM = r"(?:\d+(?:\.\d+)?|[〇一二三四五六七八九十百千]+|[○●◯X×]{1,4}|【[^】]{0,10}】)"
QUANTITIES: dict[str, re.Pattern] = {
    # a length of time: 1年, 3か月間, 五年, 30日, 永年, 契約期間中
    "duration": re.compile(
        rf"{_NUM}\s*(?:年間|年|か月間|か月|カ月|ヶ月|ケ月|箇月|ヵ月|月間|週間|日間|日|時間)(?!前)"
        r"|永年|永久|無期限|常用|契約期間中|契約期間の満了まで|契約の終了まで|終了するまで|完了するまで"),
    # a time range or round-the-clock statement
    "time_range": re.compile(
        rf"(?:午前|午後)?\s*{_NUM}\s*時(?:\s*{_NUM}\s*分)?\s*(?:から|~|〜|～|-|－|—|まで)"
        r"|\d{1,2}:\d{2}|24時間|二十四時間|終日|365日|三百六十五日"),
    # a count of people / units
    "number": re.compile(rf"{_NUM}\s*(?:名|人|台|班|チーム)"),
    # a frequency: 毎月, 年2回, 週1回以上, 3か月ごと, 四半期に1回, 作業の都度
    "frequency": re.compile(
        rf"毎(?:日|週|月|年|朝|晩|夜|営業日|開庁日|四半期|年度)|(?:年|月|週|日|年度|四半期|半期|半年)\s*(?:に)?\s*{_NUM}\s*回"
        rf"|{_NUM}\s*(?:年|か月|カ月|ヶ月|ケ月|箇月|ヵ月|月|週間|週|日|時間)\s*(?:ごと|毎|おき|に\s*{_NUM}\s*回|に1度|に一度)"
        r"|隔(?:日|週|月|年)|四半期ごと|半期ごと|都度|つど|常時"),
    # an organisation: named roles (責任者・担当者 …), their division of work, or a count of people
    "organisation": re.compile(
        rf"{_NUM}\s*(?:名|人|班|チーム)"
        r"|(?:責任者|担当者|管理者|リーダー|主任|統括者|監督者|要員|オペレーター|スーパーバイザー|技術者|従事者|作業員"
        r"|相談員|窓口|プロジェクトマネージャー|PM|SE)(?:を|は|及び|並びに|又は|として|、|・)"
        r"|役割分担|業務分担|分担|体制図|組織図|連絡体制表|体制表"),
    # a place: an address, a building/room, or 'in Japan'
    "place": re.compile(
        r"[一-龥ぁ-んァ-ヶ]{1,12}(?:都|道|府|県|市|区|町|村)[一-龥ぁ-んァ-ヶ0-9\-]{0,16}"
        r"(?:丁目|番地|番|号|階|庁舎|役所|役場|分室|支所|ビル|室)"
        r"|東京都|北海道|(?:京都|大阪)府|[一-龥]{2,3}県(?!内外)"
        r"|庁舎|役場|分室|支所|\d+\s*階|号室|番地|丁目|日本国内|国内に所在|国内に設置|国内の(?:データセンター|施設)"),
}


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
            span = slot_span(slot, text, tokens, unit.start)
            held = span is not None
            key = span
        else:
            held = slot_holds(slot, text, tokens)
        if not held:
            if not unit.ctx:
                return None
            missing.append(slot)
    # slots not in the sentence itself may be in its context (the lead of an item, the sentence that a
    # ただし／この場合 sentence qualifies), as long as the sentence holds at least one of them
    if key is None or (missing and any(not slot_holds(sl, unit.ctx) for sl in missing)):
        return None
    return key
