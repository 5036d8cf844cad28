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
        start = regexscan.starts(e.regex)
        accelerated += start is not None
        for text in texts + [fold(x.text) for x in e.examples]:
            assert spans(regexscan.finditer(e.regex, start, text)) == spans(e.regex.finditer(text)), e.id
    assert accelerated >= 5  # the placeholder patterns open with a lookbehind or an optional part


@pytest.mark.parametrize("pattern", [
    "abc", "ab|cd", "[xy]z",  # the engine skips ahead by itself
    "a*", "(?:ab)?", "(?<=a)",  # may match the empty string
    r"(?<!x)\d+", r"(?<!x)[^a]b", r"(?<!x).b",  # too many first characters
    "(?i)(?<!x)ab", "(?<!x)[\u4e00-\u9fa5]+",
])
def test_patterns_left_to_the_engine(pattern):
    assert regexscan.starts(re.compile(pattern)) is None


@pytest.mark.parametrize("pattern, text", [
    (r"(?<![0-9])X+(?![0-9])", "1XX XX2 XXX X"),
    (r"(?:ab)?c+", "c abc abcc bc acb"),
    (r"(?:(?<=:)|^)(?:no|none)(?= |$)", "x:no none\nnone x:none"),
    (r"(?m)(?:(?<=:)|^)(?:no|none)(?= |$)", "x:no none\nnone x:none"),
    (r"_{2,}(?:\([^()\n]{1,30}\)_{2,})?", "a__(b)__ c___ _"),
])
def test_matches_with_lookbehind_before_the_candidate(pattern, text):
    rx = re.compile(pattern)
    start = regexscan.starts(rx)
    assert start is not None
    assert spans(regexscan.finditer(rx, start, text)) == spans(rx.finditer(text))


def test_random_texts():
    rng = random.Random(14)
    patterns = [re.compile(p) for p in (r"(?<![ab])(?:a{2,}|b{2,})(?![ab])", r"(?:x|y)?a[bc]?c",
                                         r"(?<=[^a])(?:ab|c)+", r"(?:a|b)*c(?:a|b)")]
    for _ in range(300):
        text = "".join(rng.choice("abcxy \n") for _ in range(rng.randint(0, 40)))
        for rx in patterns:
            start = regexscan.starts(rx)
            assert start is not None, rx.pattern
            assert spans(regexscan.finditer(rx, start, text)) == spans(rx.finditer(text)), (rx.pattern, text)
