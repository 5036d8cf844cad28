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

# numerals: ASCII digits (after folding) or kanji numerals (二十四, 三〇)
_NUM = r"(?:\d+(?:\.\d+)?|[〇一二三四五六七八九十百千]+)"
# a number left blank or as a placeholder (○○日以内, 【要確認】時間以内, （　）日以内): the
# deadline is there, the missing number is a placeholder_leftover
_BLANK_NUM = r"(?:[○●◯×X]+|【[^】\n]{0,12}】|\([\s\u3000]*\)|[\u3000]{1,8})"
_UNIT = (r"(?:営業日|開庁日|執務日|稼働日|業務日|日間|日|時間|分間|分|週間|週|"
         r"か月|カ月|ヶ月|ケ月|箇月|ヵ月|ヵ月|月間|月|年間|年)")
# what turns a quantity into a limit (以内, 前まで, を経過する日まで, ...)
_LIMIT = (r"(?:以内|以上前|前まで|前に|前の日まで|前|以降|内|までに|まで|を経過する日まで|"
          r"を経過した日まで|を経過する日|を超えない|を超えない範囲|が経過する(?:日|まで)?|後)")
_PERIOD = re.compile(rf"(?:(?:から|より|後)\s*)?(?P<n>{_NUM}|{_BLANK_NUM})\s*(?P<u>{_UNIT})\s*(?P<lim>{_LIMIT})")
_PERIOD_AFTER = re.compile(rf"(?:終了|完了|満了|解除|解約|発生|発覚|受領|受理|発見|通知|請求|締結|納品|検収)"
                           rf"(?:の日)?(?:後|から|より)\s*(?P<n>{_NUM})\s*(?P<u>{_UNIT})")
_DATE = re.compile(
    rf"(?:(?:毎月|翌月|翌々月|前月|当月|各月|毎年|翌年|毎年度|翌年度|当該年度|各年度|毎週|毎四半期|各四半期)の?"
    rf"(?:{_NUM}\s*月\s*)?(?:{_NUM}\s*日|末日|末|初日|第{_NUM}営業日|{_NUM}\s*営業日目?)"
    rf"|(?:(?:令和|平成|昭和)(?:{_NUM}|元)\s*年|\d{{4}}\s*年)\s*{_NUM}\s*月\s*{_NUM}\s*日"
    rf"|{_NUM}\s*月\s*(?:{_NUM}\s*日|末日)\s*(?:まで|限り)"
    rf"|(?:月末|年度末|末日|月初|前日|当日|翌日|翌営業日|前営業日)(?:まで|中|限り))"
)
_UNTIL = re.compile(r"までに|期限内に?|期間内に?|期日内に?|期限までに|を期限として|を期限とし")
_IMMEDIATE = re.compile(
    r"直ちに|ただちに|即時に?|即座に|即日|当日中に?|同日中に?|(?:その|当|同)日のうちに|と同時に|"
    r"(?:終了|完了|満了|解除|解約|引渡し|引き渡し|納品)(?:の)?(?:時|とき|際)に"
)
_PRIOR = re.compile(r"あらかじめ|予め|事前に|事前の|に先立ち|に先立って|前までに|前に")
_PATTERNS = (
    ("period", _PERIOD),
    ("period", _PERIOD_AFTER),
    ("date", _DATE),
    ("until", _UNTIL),
    ("immediate", _IMMEDIATE),
    ("prior", _PRIOR),
)

# units converted to hours for TimeExpr.hours (working days counted as days)
_HOURS = {"時間": 1, "日": 24, "日間": 24, "営業日": 24, "開庁日": 24, "執務日": 24, "稼働日": 24, "業務日": 24,
          "週": 168, "週間": 168, "分": 1 / 60, "分間": 1 / 60, "年": 24 * 365, "年間": 24 * 365}


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
        if "月" in self.unit:
            return self.amount * 24 * 30
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


# Event anchors: the timing of a duty is fixed by another act rather than by a
# period (作業のつど報告する, 申請書に添えて提出する, 退職の際に返却する, 搬入に先立ち
# 届け出る, 出勤日に提出する). They are enough for ``deadline_missing`` but are not
# time expressions for a vague word (「退職の際、速やかに返却する」 is still vague).
_EVENT = re.compile(
    r"(?:その)?(?:つど|都度)|(?:の|る|た)際(?:に|は|には)?|に際し(?:て)?|に先立(?:ち|って)|の前に|"
    r"(?:に|を)添えて|(?:に|を)添付して|(?:と|に)(?:併せて|あわせて)|"
    # the steps and their times set in a table or attachment (別表第三に定める手順により報告する)
    r"(?:別表|別紙|別記|別添)(?:第?[0-9〇一二三四五六七八九十]+)?(?:に定める|に掲げる|の)[^、。]{0,16}?"
    r"(?:により|に従い|に従って|のとおり)|"
    # a frequency of a month or less fixes when a duty falls due (作業日ごとに, 毎月、…提出する), as
    # does a daily/weekly/monthly report it is made in (作業日報により, 月次報告書において); a yearly
    # duty (毎年度、事業計画書を提出) still needs its date, and 毎月の結果 names the content, not the time
    r"(?:日|週|月|回|作業日|営業日|開庁日|業務日|稼働日|執務日)ごとに|"
    r"毎(?:日|週|月|作業日|営業日|開庁日|業務日|稼働日|執務日|回)(?!の)|"
    r"(?:日報|週報|月報|(?:月次|週次|日次)報告書?)(?:により|によって|において|に記載して|に記載し|で)|"
    r"(?:[のたる]|出勤|作業|納品|検収|終了|完了|開始|実施|受領|着手|引渡し?)日に(?!おいて|係る|関する)|"
    # the duty is a step of an act someone intends (許可を受けようとする者は、申請書を提出):
    # it falls due with that act
    r"ようとする(?:者|とき|場合)|"
    # manner and time delegated to another instrument or article (省令で定めるところにより,
    # 第8条第1項の例により): the deadline is set there
    r"定めるところにより|の例により|"
    # done within an act another clause schedules (第12条第1項の報告において, 前条の進捗会議において)
    r"(?:第[0-9〇一二三四五六七八九十百]+条(?:の[0-9一二三四五六七八九十]+)?(?:第[0-9一二三四五六七八九十]+[項号])*|前条|同条|前項|同項)"
    r"の[^、。]{0,12}?(?:報告|会議|検査|確認|協議|説明|提出)(?:において|の際に?|に際し(?:て)?|とともに|と併せて)|"
    # a report or submission on the other party's request (甲の求めに応じ, 求めがあったときは,
    # 請求を受けたときは): the request sets the time; 「速やかに」 there is still vague
    r"(?:求め|請求|要求|要請)(?:に応じ|があった(?:とき|場合)|を受けた(?:とき|場合))|"
    r"(?:求め|請求|要求|要請)られた(?:とき|場合)"
)


def find_events(folded: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of event anchors (see ``_EVENT``) in ``folded[start:end]``."""
    end = len(folded) if end is None else end
    return [(start + m.start(), start + m.end()) for m in _EVENT.finditer(folded[start:end])]

