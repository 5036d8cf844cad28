"""Time expressions that give a measurable deadline or time point.

:func:`find` scans *folded* text (``Document.folded``: ASCII digits, ``()``)
and returns :class:`TimeExpr` spans with offsets valid in ``Document.text``.
It recognises what a reviewer accepts as a deadline:

=============  ===============================================================
kind           examples
=============  ===============================================================
``period``     24時間以内, 三十日以内, 5営業日以内, 7日前まで, 1か月を経過する日まで,
               契約終了後30日, 発生から2時間
``date``       毎月5日, 翌月10日まで, 毎年度4月末日, 令和7年3月31日まで, 末日までに
``until``      〜までに (契約締結の日までに, 甲が指定する期日までに), 期限内に
``immediate``  直ちに, 即時, 即日, 当日中, 〜と同時に, 終了時に
``prior``      あらかじめ, 事前に, 〜前に, 〜に先立ち (timing fixed relative to an act)
``after``      6か月間保存した後に, 5年間保管した後 (the act that ends a kept length falls due then)
=============  ===============================================================

:func:`find_events` finds event anchors (〜のつど, 〜の際, 〜に添えて, 〜の日に) that
fix when a duty falls due without being a time expression of their own, and
requests (甲の求めに応じ, 求めがあったときは) that make the duty fall due on demand.

Vague time words (速やかに, 遅滞なく, 適宜) are deliberately *not* time
expressions: they are reported as ``vague_wording``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .textnorm import kanji_to_int
from .vocabulary import time_words

# Every word is in lexicons/vocab/time.yaml (with examples the tests run); the shape of each
# pattern is here: {list} stands for the alternatives of that list, {num} for a number.
_WORDS = time_words()
# numerals: ASCII digits (after folding) or kanji numerals (二十四, 三〇)
_NUM = rf"(?:\d+(?:\.\d+)?|[{re.escape(_WORDS.numerals)}]+)"
TEMPLATES: dict[str, str] = {
    # a number (or a blank left for it), a unit and what makes it a limit (24時間以内, 7日前まで);
    # a blank number (○○日以内) is still a deadline, the blank is a placeholder_leftover
    "period": r"(?:{period_from}\s*)?(?P<n>{num}|{blank_number})\s*(?P<u>{units})\s*(?P<lim>{limits})",
    # an act, then the period after it (契約終了後30日, 発生から2時間)
    "period_after": r"{period_after_acts}{on_the_day}?{period_after_links}\s*(?P<n>{num})\s*(?P<u>{units})",
    # a length of keeping, then the act that ends it (6か月間保存した後に消去する): the act falls due then
    "after_kept": r"(?P<n>{num})\s*(?P<u>{units})\s*(?:{kept_then})",
    "date": "{calendar_dates}",
    "until": "{until}",
    "immediate": "{immediate}",
    "prior": "{prior}",
    # event anchors: see find_events
    "event": "{events}",
}
_RX = {name: re.compile(_WORDS.regex(t, num=_NUM)) for name, t in TEMPLATES.items()}
_PATTERNS = (
    ("period", _RX["period"]),
    ("period", _RX["period_after"]),
    ("after", _RX["after_kept"]),
    ("date", _RX["date"]),
    ("until", _RX["until"]),
    ("immediate", _RX["immediate"]),
    ("prior", _RX["prior"]),
)

# units converted to hours for TimeExpr.hours (working days counted as days, months as 30 days)
_HOURS = dict(_WORDS.hours)


def patterns_using(list_name: str) -> list[re.Pattern]:
    """The compiled patterns that ``list_name`` of time.yaml takes part in (for its examples)."""
    return [_RX[name] for name, t in TEMPLATES.items() if list_name in _WORDS.uses(t, ("num",))]


@dataclass(frozen=True)
class TimeExpr:
    """One recognised time expression.

    ``amount``/``unit`` are set for periods (``24``/``時間``); ``hours`` is the
    period in hours when the unit allows it (months count 30 days).
    """

    start: int
    end: int
    kind: str
    text: str
    amount: float | None = None
    unit: str | None = None

    @property
    def hours(self) -> float | None:
        if self.amount is None or self.unit is None:
            return None
        if self.unit in _HOURS:
            return self.amount * _HOURS[self.unit]
        return None


def _amount(s: str) -> float | None:
    try:
        return float(s)
    except ValueError:
        v = kanji_to_int(s)
        return float(v) if v is not None else None


def find(folded: str, start: int = 0, end: int | None = None) -> list[TimeExpr]:
    """All time expressions in ``folded[start:end]`` (absolute offsets, sorted, non-overlapping)."""
    end = len(folded) if end is None else end
    text = folded[start:end]
    found: list[TimeExpr] = []
    for kind, rx in _PATTERNS:
        for m in rx.finditer(text):
            amount = unit = None
            if "n" in rx.groupindex and m.group("n"):
                amount, unit = _amount(m.group("n")), m.group("u")
            found.append(TimeExpr(start + m.start(), start + m.end(), kind, m.group(0), amount, unit))
    # overlapping matches (終了後30日 + 30日以内) merge into one expression
    found.sort(key=lambda t: (t.start, -(t.end - t.start)))
    out: list[TimeExpr] = []
    for t in found:
        if out and t.start < out[-1].end:
            prev = out[-1]
            if t.end > prev.end:
                keep = prev if prev.kind == "date" or prev.amount is not None else t  # a date has no amount
                out[-1] = TimeExpr(prev.start, t.end, prev.kind, folded[prev.start:t.end], keep.amount, keep.unit)
            continue
        out.append(t)
    return out


def has_time(folded: str, start: int = 0, end: int | None = None) -> bool:
    return bool(find(folded, start, end))


# Event anchors (time.yaml ``events``): the timing of a duty is fixed by another act rather
# than by a period (作業のつど報告する, 申請書に添えて提出する, 退職の際に返却する, 搬入に先立ち
# 届け出る, 出勤日に提出する, 甲の求めに応じ). They are enough for ``deadline_missing`` but are not
# time expressions for a vague word (「退職の際、速やかに返却する」 is still vague).
_EVENT = _RX["event"]


def find_events(folded: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of event anchors (see ``_EVENT``) in ``folded[start:end]``."""
    end = len(folded) if end is None else end
    return [(start + m.start(), start + m.end()) for m in _EVENT.finditer(folded[start:end])]

