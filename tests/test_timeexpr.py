"""Time expressions: what counts as a deadline (and what does not)."""

import pytest

from shinsa import timeexpr
from shinsa.textnorm import fold


@pytest.mark.parametrize("text, kind, hours", [
    ("事故を知った時から24時間以内に報告", "period", 24),
    ("事故を知った時から２４時間以内に報告", "period", 24),
    ("二十四時間以内に", "period", 24),
    ("５営業日以内に", "period", 120),
    ("契約終了後３０日以内に返還", "period", 720),
    ("契約終了後三十日を経過する日までに", "period", 720),
    ("作業の７日前までに通知", "period", 168),
    ("１か月以内に", "period", 720),
])
def test_periods(text, kind, hours):
    found = timeexpr.find(fold(text))
    assert found and found[0].kind == kind and found[0].hours == hours, found


@pytest.mark.parametrize("text", [
    "毎月１０日までに報告する", "毎月五日に提出する", "翌月１０日まで", "翌月五日までに",
    "令和７年３月３１日までに", "甲が指定する期日までに", "事故を知った後直ちに", "直ちに報告する",
    "あらかじめ届け出る", "作業の着手前に届け出る", "契約の終了と同時に返還する", "毎年度４月末日までに",
    "その日から○○日以内に", "その時から【要確認】時間以内に",
])
def test_deadlines_are_recognised(text):
    assert timeexpr.has_time(fold(text)), text


@pytest.mark.parametrize("text", [
    "速やかに報告する", "遅滞なく報告する", "適宜報告する", "随時報告する", "契約終了後、速やかに",
    "５年間保存する", "１日当たりの件数", "定期的に報告する",
])
def test_vague_or_non_deadlines_are_not(text):
    assert not timeexpr.has_time(fold(text)), (text, timeexpr.find(fold(text)))


def test_offsets_are_absolute_and_quote_the_text():
    text = "乙は、事故発生後２４時間以内に甲に報告する。"
    f = fold(text)
    (t,) = timeexpr.find(f, 3, len(f))
    assert text[t.start:t.end] == "発生後２４時間以内"
