"""The word lists the readers join into their layout patterns (lexicons/vocab/layout.yaml): every
example runs against the compiled patterns of ingest/labels, ingest/markdown and ingest/pdf the list
takes part in, and a broken file is an error with file, line and reason."""

from __future__ import annotations


import pytest

from shinsa.ingest import labels, markdown, pdf
from shinsa.ingest.labels import LAYOUT_LISTS, LAYOUT_WORDS, leading_marks, starts_structure
from shinsa.lexfile import LexiconError
from shinsa.textnorm import fold
from shinsa.vocabulary import VOCAB_DIR, pattern_file
from conftest import edited_vocab

MODULES = (labels, markdown, pdf)


def _patterns(name: str) -> list:
    return [rx for mod in MODULES for rx in mod.patterns_using(name)]


@pytest.mark.parametrize("lst", LAYOUT_WORDS.lists, ids=[lst.name for lst in LAYOUT_WORDS.lists])
def test_list_examples(lst):
    patterns = _patterns(lst.name)
    where = f"{LAYOUT_WORDS.path}:{lst.line}"
    assert patterns, f"{where}: list '{lst.name}' takes part in no pattern"
    assert lst.found, f"{where}: list '{lst.name}' has no 'found' example"
    assert lst.not_found, f"{where}: list '{lst.name}' has no 'not_found' example"
    for ex in lst.found:
        assert any(rx.search(fold(ex)) for rx in patterns), f"{where}: '{ex}' not found"
    for ex in lst.not_found:
        hits = [m.group(0) for rx in patterns if (m := rx.search(fold(ex)))]
        assert not hits, f"{where}: '{ex}' must not be found (found {hits})"


def test_every_list_is_read():
    assert tuple(lst.name for lst in LAYOUT_WORDS.lists) == LAYOUT_LISTS
    # one file, read once per process: the modules share the object pattern_file caches
    assert pattern_file("layout.yaml", LAYOUT_LISTS) is LAYOUT_WORDS
    assert markdown._WORDS is LAYOUT_WORDS and pdf._WORDS is LAYOUT_WORDS


def test_words_reach_the_readers():
    """The lists work through the functions the readers call, not only in the raw patterns."""
    assert starts_structure("別表第１　単価表") and starts_structure("附　則") and starts_structure("以上")
    assert not starts_structure("別表のとおりとする。")
    text = "社外秘\n（案）\n\n業務委託契約書\n"
    assert text[leading_marks(text):] == "業務委託契約書\n"
    assert pdf._is_marker_or_number("３ページ／１０ページ") and pdf._is_marker_or_number("Page 3 of 10")
    assert pdf._mask("第三ページ") == pdf._mask("第五ページ") == "第#ページ"
    assert markdown._ANNOUNCE.search("乙は、次に掲げる事項を守る")


def _broken(tmp_path, old: str, new: str):
    edited_vocab(tmp_path, "layout.yaml", old, new)
    with pytest.raises(LexiconError) as e:
        pattern_file("layout.yaml", LAYOUT_LISTS, str(tmp_path))
    return e.value.problems


def _line_of(tmp_path, snippet: str) -> int:
    lines = (tmp_path / "layout.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, ln in enumerate(lines, 1) if snippet in ln)


@pytest.mark.parametrize("old, new, reason, at", [
    ("items: [記, '以\\s*上']", "items: [記, '以\\s*上', 記]", "'記' is twice in list 'alone_on_line'", "items: [記,"),
    ("items: [注]", "items: ['注(']", "is not a valid pattern", "items: ['注(']"),
    ("items: [注]", "items: ['{notes}']", "unknown list '{notes}'", "items: ['{notes}']"),
    ("items: [注]", "items: ['{note_heads}']", "names itself", "items: ['{note_heads}']"),
    ("items: [注]", "items: []", "list 'note_heads' needs 'items'", "items: []"),
    ("items: [注]", "items: [注, '']", "'items' items must be non-empty text", "items: [注, '']"),
    ("  found: [注　金額", "  example: [注　金額", "unknown key 'example'", "  example: [注"),
    ("latin_page_of:\n", "latin_page_by:\n", "unknown key 'latin_page_by'", "latin_page_by:"),
])
def test_broken_file_names_file_line_and_reason(tmp_path, old, new, reason, at):
    problems = _broken(tmp_path, old, new)
    line = _line_of(tmp_path, at)
    assert any(f.endswith("layout.yaml") and ln == line and reason in r for f, ln, r in problems), problems


def test_missing_list_is_named(tmp_path):
    text = (VOCAB_DIR / "layout.yaml").read_text(encoding="utf-8")
    start, end = text.index("sheet_words:\n"), text.index("latin_page_words:\n")
    problems = _broken(tmp_path, text[start:end], "")
    assert any(f.endswith("layout.yaml") and ln > 0 and "missing list(s): sheet_words" in r
               for f, ln, r in problems), problems


def test_a_long_number_wrapped_to_a_line_start_is_no_label():
    # 「ISO/IEC」 at a line end and 「27001）の認証を…」 on the next: a PDF wraps a Latin word, not a new item
    from shinsa.ingest.labels import starts_structure

    assert not starts_structure("27001）の認証を2010年に取得しており")
    assert not starts_structure("2026 年度の計画")
    assert starts_structure("1）乙は")
    assert starts_structure("12．受注者は")
    assert starts_structure("２　乙は")
