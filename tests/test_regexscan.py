"""regexscan.finditer gives exactly the matches of pattern.finditer, trying fewer positions."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from shinsa import lexicon as lx
from shinsa import regexscan
from shinsa.textnorm import fold

ROOT = Path(__file__).resolve().parent.parent


def spans(matches) -> list[tuple]:
    return [(m.span(), m.groups()) for m in matches]


def test_every_lexicon_regex_matches_as_finditer():
    lexset = lx.load()
    texts = [fold(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "corpora").rglob("*.txt"))][:60]
    accelerated = 0
    for e in lexset.entries:
        if e.regex is None:
            continue
        pre = regexscan.prefilter(e.regex)
        accelerated += pre is not None and pre.cls is not None
        for text in texts + [fold(x.text) for x in e.examples]:
            assert spans(regexscan.finditer(e.regex, pre, text)) == spans(e.regex.finditer(text)), e.id
    assert accelerated >= 5  # the placeholder patterns open with a lookbehind or an optional part


@pytest.mark.parametrize("pattern", [
    "abc", "ab|cd", "[xy]z",  # the engine skips ahead by itself
    "a*", "(?:ab)?", "(?<=a)",  # may match the empty string
    r"(?<!x)\d+", r"(?<!x)[^a]b", r"(?<!x).b",  # too many first characters
    "(?i)(?<!x)ab", "(?<!x)[\u4e00-\u9fa5]+",
])
def test_patterns_left_to_the_engine(pattern):
    pre = regexscan.prefilter(re.compile(pattern))
    assert pre is None or pre.cls is None


@pytest.mark.parametrize("pattern, required", [
    ("abc", ("abc",)), ("ab|cd", None), ("[xy]zw+v", ("z", "v")), (r"(?<!x)[a-c]{0,3}?(?:d|e)fgh(?:i)?jk", ("fgh", "jk")),
])
def test_required_strings(pattern, required):
    pre = regexscan.prefilter(re.compile(pattern))
    assert (pre.required if pre else None) == required


def test_a_text_without_a_required_string_has_no_match():
    rx = re.compile("(?<![\u4e00-\u9fa5])[\u4e00-\u9fa5]{0,3}?(?:p|q)xyz(?:_)?end")
    pre = regexscan.prefilter(rx)
    assert pre is not None and pre.cls is None and pre.required == ("xyz", "end")
    for text in ("\u4e00pxyzend \u4e01\u4e02qxyz_end", "qxyz en", "pxyzend", ""):
        assert spans(regexscan.finditer(rx, pre, text)) == spans(rx.finditer(text))


@pytest.mark.parametrize("pattern, text", [
    (r"(?<![0-9])X+(?![0-9])", "1XX XX2 XXX X"),
    (r"(?:ab)?c+", "c abc abcc bc acb"),
    (r"(?:(?<=:)|^)(?:no|none)(?= |$)", "x:no none\nnone x:none"),
    (r"(?m)(?:(?<=:)|^)(?:no|none)(?= |$)", "x:no none\nnone x:none"),
    (r"_{2,}(?:\([^()\n]{1,30}\)_{2,})?", "a__(b)__ c___ _"),
])
def test_matches_with_lookbehind_before_the_candidate(pattern, text):
    rx = re.compile(pattern)
    pre = regexscan.prefilter(rx)
    assert pre is not None and pre.cls is not None
    assert spans(regexscan.finditer(rx, pre, text)) == spans(rx.finditer(text))
    sparse = text + " " * (64 * len(text))  # the first characters rare: listed by str.find
    assert spans(regexscan.finditer(rx, pre, sparse)) == spans(rx.finditer(sparse))


def test_random_texts():
    rng = random.Random(14)
    patterns = [re.compile(p) for p in (r"(?<![ab])(?:a{2,}|b{2,})(?![ab])", r"(?:x|y)?a[bc]?c",
                                         r"(?<=[^a])(?:ab|c)+", r"(?:a|b)*c(?:a|b)")]
    for _ in range(300):
        text = "".join(rng.choice("abcxy \n") for _ in range(rng.randint(0, 40)))
        for rx in patterns:
            pre = regexscan.prefilter(rx)
            assert pre is not None and pre.cls is not None, rx.pattern
            for t in (text, text + "-" * 64 * len(text)):
                assert spans(regexscan.finditer(rx, pre, t)) == spans(rx.finditer(t)), (rx.pattern, t)


def test_first_chars_is_necessary_for_a_match():
    rng = random.Random(7)
    for pattern in (r"(?:(?:ab|c)|(?:d|e))+", r"(?<!x)(?:a|b)?c", r"x*y", r"(?:a|)b"):
        rx = re.compile(pattern)
        first = regexscan.first_chars(rx)
        assert first is not None, pattern
        for _ in range(300):
            text = "".join(rng.choice("abcdexy") for _ in range(rng.randint(1, 6)))
            if text[0] not in first:
                assert rx.match(text) is None, (pattern, text)
    assert regexscan.first_chars(re.compile("a*")) is None  # may match the empty string
    assert regexscan.first_chars(re.compile(r"\w+")) is None  # cannot be listed
