import pytest

from shinsa.textnorm import fold, kanji_to_int


@pytest.mark.parametrize("text,expected", [
    ("第１２条", "第12条"),
    ("（１）", "(1)"),
    ("ｶﾀｶﾅ", "カタカナ"),
    ("ＩＳＯ／ＩＥＣ２７００１", "ISO/IEC27001"),
    ("住所　　氏名", "住所　　氏名"),  # ideographic spaces kept
    ("①②", "①②"),  # circled numbers kept
    ("㈱", "㈱"),  # multi-char NFKC kept
])
def test_fold(text, expected):
    assert fold(text) == expected
    assert len(fold(text)) == len(text)


@pytest.mark.parametrize("s,n", [
    ("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("百二", 102), ("千三百二十四", 1324),
    ("三十五", 35), ("二〇二五", 2025), ("５", 5), ("12", 12), ("五万", 50000), ("百十一", 111),
])
def test_kanji_to_int(s, n):
    assert kanji_to_int(s) == n


def test_kanji_to_int_rejects_words():
    assert kanji_to_int("条") is None
    assert kanji_to_int("") is None
