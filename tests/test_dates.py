"""shinsa.dates: era and Gregorian dates in running text, kanji and full-width numerals."""

from datetime import date

import pytest

from shinsa.dates import add_years, era_year, find_dates, parse_date


@pytest.mark.parametrize("text, expected, precision", [
    ("令和元年5月1日", date(2019, 5, 1), "day"),
    ("令和元年五月一日", date(2019, 5, 1), "day"),
    ("平成十九年", date(2007, 1, 1), "year"),
    ("平成31年4月30日", date(2019, 4, 30), "day"),
    ("昭和六十四年一月七日", date(1989, 1, 7), "day"),
    ("2007年3月", date(2007, 3, 1), "month"),
    ("２０２３年４月１日", date(2023, 4, 1), "day"),
    ("二〇〇七年三月", date(2007, 3, 1), "month"),
    ("R5.4.1", date(2023, 4, 1), "day"),
    ("H19.3", date(2007, 3, 1), "month"),
    ("2024/6/30", date(2024, 6, 30), "day"),
    ("令和3年5月末日", date(2021, 5, 31), "day"),
    ("令和8年度", date(2026, 1, 1), "year"),
])
def test_single_dates(text, expected, precision):
    found = find_dates(text)
    assert len(found) == 1, found
    assert found[0].date == expected and found[0].precision == precision
    assert found[0].text == text


def test_offsets_in_running_text_are_absolute_and_ordered():
    text = "有効期間：令和6年8月1日から令和8年7月31日まで（初回登録日：2007年4月12日）"
    found = find_dates(text)
    assert [d.date for d in found] == [date(2024, 8, 1), date(2026, 7, 31), date(2007, 4, 12)]
    for d in found:
        assert text[d.start:d.end] == d.text
    # a window keeps offsets absolute
    inner = find_dates(text, 15, len(text))
    assert inner and all(text[d.start:d.end] == d.text for d in inner)


@pytest.mark.parametrize("text", [
    "令和　　年　　月　　日",              # a signature line still to be filled in
    "第10820123(05)号",                    # a registration number
    "ISO/IEC 27001:2013",                 # a standard's version, not a date
    "毎月10日までに報告する。",             # a day of the month, no year
    "2,640,000円",
    "令和2年13月1日",                      # no such month: the year alone is not taken as a date either
])
def test_not_dates(text):
    found = find_dates(text)
    assert not [d for d in found if d.precision != "year"] or text.startswith("令和2年13月")
    if text.startswith("令和2年13月"):
        assert all(d.date.month != 13 for d in found)
    else:
        assert found == []


def test_last_day_of_partial_dates():
    (y,) = find_dates("2007年")
    (m,) = find_dates("2024年2月")
    assert y.last_day == date(2007, 12, 31)
    assert m.last_day == date(2024, 2, 29)


def test_era_boundaries_and_helpers():
    assert era_year("令和", 1) == 2019
    assert era_year("平成", 1) == 1989
    assert era_year("昭和", 64) == 1989
    assert parse_date("契約日は令和7年4月1日とする。") == date(2025, 4, 1)
    assert parse_date("日付なし") is None
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)


def test_lengths_and_ranges():
    from shinsa.dates import find_lengths, lengths_disagree

    rng = find_lengths("指定期間は、令和8年4月1日から令和13年3月31日までとする。")
    assert len(rng) == 1 and rng[0].from_range  # the dates hold no 「8年」 or 「1日」
    three = find_lengths("指定期間（三年間）")[0]
    five = find_lengths("５年間")[0]
    assert lengths_disagree(rng[0], three) and not lengths_disagree(rng[0], five)
    at_least = find_lengths("72時間以上")[0]
    assert at_least.bound == "min"
    assert lengths_disagree(at_least, find_lengths("48時間")[0])
    assert not lengths_disagree(at_least, find_lengths("96時間")[0])
    # points in time and frequencies are not lengths
    assert find_lengths("30日前までに") == [] and find_lengths("3か月ごとに") == []
