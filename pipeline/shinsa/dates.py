"""Calendar dates in running Japanese text: eras and Gregorian, any numerals.

:func:`find_dates` scans text (raw or folded; full-width digits are folded
here) and returns :class:`DateMention` spans with the date they denote and
how precise it is (``year`` / ``month`` / ``day``)::

    令和元年5月1日      -> 2019-05-01 (day)
    平成十九年          -> 2007       (year)
    2007年3月           -> 2007-03    (month)
    ２０２３年４月１日  -> 2023-04-01 (day)
    R5.4.1 / H19.3      -> 2023-04-01 / 2007-03
    2024/6/30, 2024-06-30

Blank forms such as 「令和　　年　　月　　日」 (a signature line still to be
filled in) are not dates. Why not a library: the PyPI era converters
(japanera, jeraconv) convert a whole string such as "令和元年5月1日" but do not
find dates inside a sentence, do not give offsets, and handle neither
partial dates (2007年, 平成19年3月) nor kanji numerals written positionally
(二〇〇七年); a span finder over one regex is shorter than the glue.

Era boundaries follow DOMAIN.md §9: 令和 from 2019-05-01, 平成 from
1989-01-08, 昭和 from 1926-12-25, 大正 from 1912-07-30.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Optional

from .textnorm import fold, kanji_to_int

# first Gregorian year of each era (year 1 = 元年)
ERAS = {"令和": 2019, "平成": 1989, "昭和": 1926, "大正": 1912, "明治": 1868}
_ERA_LETTERS = {"R": "令和", "H": "平成", "S": "昭和", "T": "大正", "M": "明治"}

_N = r"(?:\d{1,4}|[〇一二三四五六七八九十百千]{1,6})"
_ERA = "|".join(ERAS)
_JP = re.compile(
    rf"(?:(?P<era>{_ERA})\s*(?P<ey>元|{_N})|(?P<gy>(?:1[89]|20|21)\d\d|[一二][〇一二三四五六七八九]{{3}}))\s*年"
    rf"(?:度)?"
    rf"(?:\s*(?P<m>{_N})\s*月(?:\s*(?P<d>{_N})\s*日|\s*(?P<end>末日|末))?)?")
_ABBR = re.compile(r"(?<![A-Za-z0-9])(?P<L>[RHST])\s?(?P<y>\d{1,2})[./](?P<m>\d{1,2})(?:[./](?P<d>\d{1,2}))?(?![0-9])")
_SLASH = re.compile(r"(?<![0-9./])(?P<y>(?:19|20)\d\d)[/\-.](?P<m>\d{1,2})(?:[/\-.](?P<d>\d{1,2}))?(?![0-9]|\.\d)")


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    date: date  # first day of the period when less precise than a day
    precision: str  # "year" | "month" | "day"
    text: str

    @property
    def last_day(self) -> date:
        """The last day the mention can mean (2007年 -> 2007-12-31)."""
        if self.precision == "year":
            return date(self.date.year, 12, 31)
        if self.precision == "month":
            return date(self.date.year, self.date.month,
                        calendar.monthrange(self.date.year, self.date.month)[1])
        return self.date


def _num(s: Optional[str]) -> Optional[int]:
    if s is None:
        return None
    return 1 if s == "元" else kanji_to_int(s)


def _make(y: Optional[int], m: Optional[int], d: Optional[int], end: bool = False) -> Optional[tuple[date, str]]:
    if y is None or not 1868 <= y <= 2200:
        return None
    if m is None:
        return date(y, 1, 1), "year"
    if not 1 <= m <= 12:
        return None
    if end:
        return date(y, m, calendar.monthrange(y, m)[1]), "day"
    if d is None:
        return date(y, m, 1), "month"
    try:
        return date(y, m, d), "day"
    except ValueError:
        return None


def era_year(era: str, year: int) -> int:
    """Gregorian year of ``era`` year ``year`` (元年 = 1)."""
    return ERAS[era] + year - 1


def find_dates(text: str, start: int = 0, end: Optional[int] = None) -> list[DateMention]:
    """Every date in ``text[start:end]`` (offsets are absolute)."""
    end = len(text) if end is None else end
    f = fold(text[start:end])
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for m in _JP.finditer(f):
        if m.group("era"):
            n = _num(m.group("ey"))
            y = era_year(m.group("era"), n) if n is not None and n >= 1 else None
        else:
            y = _num(m.group("gy"))
        made = _make(y, _num(m.group("m")), _num(m.group("d")), bool(m.group("end")))
        if made:
            a, b = m.span()
            out.append(DateMention(start + a, start + b, made[0], made[1], text[start + a:start + b]))
            taken.append((a, b))
    for rx, kind in ((_ABBR, "abbr"), (_SLASH, "slash")):
        for m in rx.finditer(f):
            a, b = m.span()
            if any(a < tb and ta < b for ta, tb in taken):
                continue
            y = int(m.group("y"))
            if kind == "abbr":
                y = era_year(_ERA_LETTERS[m.group("L")], y)
            made = _make(y, int(m.group("m")), int(m.group("d")) if m.group("d") else None)
            if made:
                out.append(DateMention(start + a, start + b, made[0], made[1], text[start + a:start + b]))
                taken.append((a, b))
    out.sort(key=lambda d: d.start)
    return out


def parse_date(text: str) -> Optional[date]:
    """The first date in ``text`` (None when there is none)."""
    found = find_dates(text)
    return found[0].date if found else None


def add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


# ---------------------------------------------------------------------------
# periods and lengths of time
# ---------------------------------------------------------------------------

HOURS = {"年": 8766.0, "月": 730.5, "週": 168.0, "日": 24.0, "時間": 1.0}
_UNIT = re.compile(r"年|か月|カ月|ヶ月|ケ月|箇月|ヵ月|ヵ月|月|週|日|時間")
_DUR = re.compile(
    r"(?P<n>\d+(?:\.\d+)?|[〇一二三四五六七八九十百千]+|半)\s*"
    r"(?P<u>年間|年|か月間|か月|カ月間|カ月|ヶ月間|ヶ月|ケ月|箇月|ヵ月|月間|週間|日間|日|時間)"
    r"(?P<b>以上|以内|超|未満|を超え|を下回らない|まで)?")
_RANGE_SEP = re.compile(r"\s*(?:から|より|~|〜|～|-|－|ー)\s*")


@dataclass(frozen=True)
class Length:
    """A length of time in running text: 72時間以上, 三年間, 5年, or a date range read as its length."""

    start: int
    end: int
    hours: float
    bound: str  # "exact" | "min" | "max"
    text: str
    from_range: bool = False

    @property
    def interval(self) -> tuple[float, float]:
        slack = 48.0 if self.from_range else 0.0  # a range's day count vs a stated number of years
        lo, hi = self.hours * 0.99 - slack, self.hours * 1.01 + slack
        if self.bound == "min":
            return lo, float("inf")
        if self.bound == "max":
            return 0.0, hi
        return lo, hi


def _unit_hours(u: str) -> float:
    u = u.replace("間", "") if u != "時間" else u
    if u in ("年",):
        return HOURS["年"]
    if u in ("週",):
        return HOURS["週"]
    if u in ("日",):
        return HOURS["日"]
    if u == "時間":
        return HOURS["時間"]
    return HOURS["月"]  # か月, カ月, ヶ月, 箇月, 月


def date_ranges(text: str, start: int = 0, end: Optional[int] = None) -> list[tuple[DateMention, DateMention]]:
    """Pairs of day-precision dates written as a range (令和8年4月1日から令和13年3月31日まで)."""
    ds = [d for d in find_dates(text, start, end) if d.precision in ("day", "month")]
    out = []
    for a, b in zip(ds, ds[1:]):
        if _RANGE_SEP.fullmatch(fold(text[a.end:b.start])) and b.last_day >= a.date:
            out.append((a, b))
    return out


def find_lengths(text: str, start: int = 0, end: Optional[int] = None, ranges: bool = True) -> list[Length]:
    """Lengths of time in ``text[start:end]`` (absolute offsets): durations not inside a date
    (令和8年4月1日 holds no 「8年」) and, with ``ranges``, date ranges as their length in days
    (令和8年4月1日から令和13年3月31日まで = 1826 days = 5 years)."""
    end = len(text) if end is None else end
    f = fold(text[start:end])
    dates = find_dates(text, start, end)
    out: list[Length] = []
    for m in _DUR.finditer(f):
        a, b = start + m.start(), start + m.end()
        if any(d.start <= a < d.end for d in dates):
            continue
        if re.match(r"\s*(?:前|後|目)", f[m.end():]) or re.search(r"(?:第|毎|each)$", f[:m.start()]):
            continue  # 30日前 / 第3日 / 毎月 are points or frequencies, not lengths
        if re.match(r"\s*(?:ごと|毎|おき|に\s*\d+\s*回|に一回|に1回)", f[m.end():]):
            continue
        n = 0.5 if m.group("n") == "半" else (float(m.group("n")) if m.group("n")[0].isdigit()
                                             else float(kanji_to_int(m.group("n")) or 0))
        if n <= 0:
            continue
        bnd = m.group("b") or ""
        bound = "min" if bnd in ("以上", "を下回らない") else "max" if bnd in ("以内", "未満", "まで") else \
            "min" if bnd in ("超", "を超え") else "exact"
        out.append(Length(a, b, n * _unit_hours(m.group("u")), bound, text[a:b]))
    if ranges:
        for d1, d2 in date_ranges(text, start, end):
            days = (d2.last_day - d1.date).days + 1
            out.append(Length(d1.start, d2.end, days * 24.0, "exact", text[d1.start:d2.end], True))
    out.sort(key=lambda x: x.start)
    return out


def lengths_disagree(a: Length, b: Length) -> bool:
    """Two lengths for the same quantity that cannot both hold (72時間以上 vs 48時間; 5 years vs 三年間)."""
    (alo, ahi), (blo, bhi) = a.interval, b.interval
    return ahi < blo or bhi < alo
