"""The words behind the lexicon conditions (lexicons/vocab/conditions.yaml): every list's found /
not_found sentences run through the condition that reads the list, on real tokens, and a broken
file is an error with file, line and reason."""

from __future__ import annotations

import shutil

import pytest

from shinsa import lexicon as lx
from shinsa.lexfile import LexiconError
from shinsa.model import Sentence
from shinsa.nlp import tokenize_span
from shinsa.textnorm import fold
from shinsa.vocabulary import VOCAB_DIR, pattern_file
from conftest import edited_vocab


def _toks(text: str):
    f = fold(text)
    return tokenize_span(f, 0, len(f))


def _modal(kind):
    return lambda s: lx.sentence_modality(_toks(s)) == kind


def _governed(s: str) -> bool:
    """Some predicate noun or verb of the sentence is governed by an obligation through the list's words
    (点検を「行わ」なければならない, 報告「させ」なければならない)."""
    toks = _toks(s)
    return any(lx.governed_modal(toks, k)[0] == "obligation" and lx.governed_modal(toks, k)[1] > k + 1
               for k in range(len(toks)) if toks[k].pos.startswith("名詞"))


def _regex(name):
    """The pattern finds a place in the sentence before its closing 。 (which always ends a group)."""
    return lambda s: bool(getattr(lx._cond(), name).search(fold(s).rstrip("。")))


def _aim(s: str) -> bool:
    """A purpose phrase or a title (only_in: not_aim) follows 適切 / 適正 in the sentence."""
    toks = _toks(s)
    scan_like = lx.Scan.__new__(lx.Scan)
    return any(_aim_at(scan_like, toks, s, k) for k in range(len(toks))
               if toks[k].surface.startswith(("適切", "適正", "円滑")))


def _aim_at(scan, toks, text, k) -> bool:
    class _Facts:
        folded = fold(text)
        sentences = (Sentence(0, len(fold(text)), toks),)

    scan._facts = lambda: _Facts
    return scan.aim_or_name(lx.Match(None, toks[k].start, toks[k].end, 0, k, k))


PROBES = {
    "modal_obligation": _modal("obligation"),
    "modal_prohibition": _modal("prohibition"),
    "modal_right": _modal("right"),
    "koto": _modal("obligation"),
    "light_verbs": _governed,
    "causative": _governed,
    "catch_all": lambda s: any(lx._cond().catch_all.search(fold(s)[:i]) for i in range(len(s) + 1)),
    "judge_verbs": lambda s: any(lx._cond().judged.match(fold(s), i) for i in range(len(s))),
    "aim_words": _aim,
    "so_that": _aim,
    "content_verbs": lambda s: not _aim(s),
    "name_heads": _aim,
    "cond_nouns": _regex("boundary"),
    "proviso": _regex("boundary"),
    "clause_cond_nouns": lambda s: any(lx._cond().cond_before.search(fold(s)[:i]) for i in range(len(s) + 1)),
}
WORDS = pattern_file("conditions.yaml", lx.CONDITION_LISTS)


def test_every_list_has_a_probe():
    assert set(PROBES) == set(lx.CONDITION_LISTS)


@pytest.mark.parametrize("lst", WORDS.lists, ids=[lst.name for lst in WORDS.lists])
def test_list_examples(lst):
    probe = PROBES[lst.name]
    assert lst.found, f"{WORDS.path}:{lst.line}: list '{lst.name}' has no 'found' example"
    for ex in lst.found:
        assert probe(ex), f"{WORDS.path}:{lst.line}: '{ex}' must be found"
    for ex in lst.not_found:
        assert not probe(ex), f"{WORDS.path}:{lst.line}: '{ex}' must not be found"


@pytest.mark.parametrize("old, new, reason", [
    ("  items: [ただし]", "  items: [ただし, '(']", "not a valid pattern"),
    ("  items: [ただし]", "  items: [ただし, ただし]", "'ただし' is twice"),
    ("proviso:\n", "provisos:\n", "unknown key 'provisos'"),
])
def test_broken_file_names_file_and_line(tmp_path, old, new, reason):
    edited_vocab(tmp_path, "conditions.yaml", old, new)
    with pytest.raises(LexiconError) as e:
        pattern_file("conditions.yaml", lx.CONDITION_LISTS, str(tmp_path))
    assert any(reason in r and f.endswith("conditions.yaml") and line > 0 for f, line, r in e.value.problems)


def test_startup_check_reads_every_pattern_file(tmp_path):
    """``shinsa`` checks every pattern vocabulary before a run (cli.load_all_lexicons): a broken one is
    reported with file, line and reason, not as an internal error in each file of the batch."""
    for p in VOCAB_DIR.glob("*.yaml"):
        shutil.copy(p, tmp_path / p.name)
    from shinsa.vocabulary import check_pattern_files

    check_pattern_files(str(tmp_path))  # the shipped files are sound
    text = (tmp_path / "layout.yaml").read_text(encoding="utf-8")
    (tmp_path / "layout.yaml").write_text(text + "\nbroken_list:\n  items: ['(']\n", encoding="utf-8")
    with pytest.raises(LexiconError) as e:
        check_pattern_files(str(tmp_path))
    assert any(f.endswith("layout.yaml") and line > 0 and "not a valid pattern" in r
               for f, line, r in e.value.problems), e.value.problems


def test_a_broken_item_of_an_unchecked_file_is_named_when_its_pattern_is_built(tmp_path):
    """Built-in files are not compiled item by item at each start (PatternWords.regex compiles the
    filled pattern); a broken item still fails with file, line and reason, not a bare re.error."""
    shutil.copy(VOCAB_DIR / "conditions.yaml", tmp_path / "conditions.yaml")
    text = (tmp_path / "conditions.yaml").read_text(encoding="utf-8")
    (tmp_path / "conditions.yaml").write_text(text.replace("  items: [ただし]", "  items: [ただし, '(']", 1),
                                              encoding="utf-8")
    from shinsa import vocabulary

    data = vocabulary._read_once(tmp_path / "conditions.yaml", vocabulary._Problems())
    lists = tuple(vocabulary._read_list(n, data[n], str(tmp_path / "conditions.yaml"), vocabulary._Problems(), [])
                  for n in lx.CONDITION_LISTS)
    words = vocabulary.PatternWords(str(tmp_path / "conditions.yaml"), lists, items_checked=False)
    with pytest.raises(LexiconError) as e:
        words.regex(lx.CONDITION_TEMPLATES["boundary"])
    assert any(f.endswith("conditions.yaml") and line > 0 and "not a valid pattern" in r
               for f, line, r in e.value.problems), e.value.problems
