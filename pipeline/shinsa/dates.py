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
from .vocabulary import pattern_file

# first Gregorian year of each era (year 1 = 元年): calendar arithmetic, not vocabulary (DOMAIN.md §9)
ERAS = {"令和": 2019, "平成": 1989, "昭和": 1926, "大正": 1912, "明治": 1868}
_ERA_LETTERS = dict(zip("RHSTM", ERAS))  # R5.4.1 = 令和5年4月1日 …, in the order of ERAS

# Every other word is in lexicons/vocab/dates.yaml (with examples the tests run); the shape of each
# pattern is here: {list} stands for the alternatives of that list, {n} for a number, {era} for an era.
DATE_LISTS = ("first_year", "fiscal_year", "month_end", "length_units", "bound_min", "bound_max",
              "range_links", "not_length_after", "not_length_before", "frequency_after", "min_negations")
_WORDS = pattern_file("dates.yaml", DATE_LISTS, fixed=())
_N = r"(?:\d{1,4}|[〇一二三四五六七八九十百千]{1,6})"
_ERA = "|".join(ERAS)
TEMPLATES: dict[str, str] = {
    "date": r"(?:(?P<era>{era})\s*(?P<ey>(?P<first>{first_year})|{n})"
            r"|(?P<gy>(?:1[89]|20|21)\d\d|[一二][〇一二三四五六七八九]{3}))\s*年{fiscal_year}?"
            r"(?:\s*(?P<m>{n})\s*月(?:\s*(?P<d>{n})\s*日|\s*(?P<end>{month_end}))?)?",
    # a length of time and its bound (72時間以上, 三年間, 30日以内)
    "length": r"(?P<n>\d+(?:\.\d+)?|[〇一二三四五六七八九十百千]+|半)\s*(?P<u>{length_units})"
              r"(?P<b>(?P<min>{bound_min})|(?P<max>{bound_max}))?",
    # what joins two dates into a range
    "range_link": r"\s*{range_links}\s*",
    # after a length: a point in time (30日前), before it: an ordinal or a frequency (第3日, 毎月)
    "point_after": r"\s*{not_length_after}",
    "ordinal_before": "{not_length_before}$",
    # after a length: a frequency (1年ごと, 3か月に1回)
    "frequency_after": r"\s*{frequency_after}",
    "min_negated": r"{min_negations}",
}
_RX = {name: re.compile(_WORDS.regex(t, n=_N, era=_ERA)) for name, t in TEMPLATES.items()}


def patterns_using(list_name: str) -> list[re.Pattern]:
    """The compiled patterns that ``list_name`` of dates.yaml takes part in (for its examples)."""
    return [_RX[name] for name, t in TEMPLATES.items() if list_name in _WORDS.uses(t, ("n", "era"))]


_JP = _RX["date"]
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
    return None if s is None else kanji_to_int(s)


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
            n = 1 if m.group("first") else _num(m.group("ey"))
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

# hours of one unit of length (dates.yaml length_units: a year 8766, a month 730.5)
HOURS = dict(_WORDS.hours)
_DUR = _RX["length"]
_RANGE_SEP = _RX["range_link"]


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
        if _RX["point_after"].match(f, m.end()) or _RX["ordinal_before"].search(f, 0, m.start()):
            continue  # 30日前 / 第3日 / 毎月 are points or frequencies, not lengths
        if _RX["frequency_after"].match(f, m.end()):
            continue
        n = 0.5 if m.group("n") == "半" else (float(m.group("n")) if m.group("n")[0].isdigit()
                                             else float(kanji_to_int(m.group("n")) or 0))
        if n <= 0:
            continue
        bound = "min" if m.group("min") else "max" if m.group("max") else "exact"
        if bound == "min" and _RX["min_negated"].match(f, m.end()):
            bound = "max"  # 14日を超えない: at most 14 days
        out.append(Length(a, b, n * HOURS[m.group("u")], bound, text[a:b]))
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
