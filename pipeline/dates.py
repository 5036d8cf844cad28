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
