"""Word lists of a pattern vocabulary that an analysis compares with tokens, not with text.

A list of ``lexicons/vocab/<name>.yaml`` (read by :func:`shinsa.vocabulary.pattern_file`) is
either joined into the regular expressions of the module's templates or, as here, compared
with one field of each Sudachi token: the surface (「は」「及び」), the normalized form (為る), the
dictionary form (行う), the part of speech (名詞 matches 名詞-普通名詞 …), or a run of surfaces
(に おい て → において). Such a list holds plain words; a character that has a meaning in a
pattern is written with ``\\`` before it (``\\(`` for an opening bracket), so that the file still
compiles as a pattern vocabulary. :class:`TokenProbe` runs a list's found / not_found examples
the way the analysis reads tokens (``tests/test_vocab_modality.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Optional

from ..lexfile import LexiconError
from ..vocabulary import PatternWords

# How a module says a token list is compared (its TOKEN_LISTS): token fields, any of which may hold
# the word ("surface", "norm", "lemma"); "pos" (the part of speech starts with the word); "run" (the
# surface of up to three tokens in a row); "sequence" (consecutive surfaces, written apart by
# spaces in the file); or a name the module reads itself (see probes).
_SPECIAL = set(".^$*+?{}[]|()")


def _plain(item: str) -> str | None:
    """The word an item stands for, or None when it is a pattern (an unescaped special character,
    or an escape such as ``\\s`` that is a class)."""
    out, k = [], 0
    while k < len(item):
        c = item[k]
        if c == "\\":
            if k + 1 >= len(item) or item[k + 1].isalnum():
                return None
            out.append(item[k + 1])
            k += 2
            continue
        if c in _SPECIAL:
            return None
        out.append(c)
        k += 1
    return "".join(out)


def check(words: PatternWords, specs: dict[str, tuple[str, ...]]) -> None:
    """Every item of every token list is a plain word (file, list line and reason otherwise)."""
    problems = []
    for name, how in specs.items():
        lst = words.get(name)
        for item in lst.items:
            parts = item.split(" ") if how == ("sequence",) else [item]
            if any(not p or _plain(p) is None for p in parts):
                problems.append((words.path, lst.line, f"list '{name}' is compared with the words of a "
                                                       f"sentence: '{item}' must be a word, not a pattern "
                                                       f"(write \\( for a bracket)"))
    if problems:
        raise LexiconError(problems)


def word_set(words: PatternWords, name: str) -> frozenset[str]:
    return frozenset(_plain(i) for i in words.get(name).items)


def prefixes(words: PatternWords, name: str) -> tuple[str, ...]:
    return tuple(_plain(i) for i in words.get(name).items)


def sequences(words: PatternWords, name: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(_plain(p) for p in i.split(" ")) for i in words.get(name).items)


@dataclass(frozen=True)
class TokenProbe:
    """A token list as the analysis reads it: :meth:`search` gives the first word of a folded text
    that the list takes, else None. ``how`` names what is compared (see the comment above), or
    ``reader`` is the module's function giving the words it compares in a text's tokens."""

    name: str
    how: tuple[str, ...]
    items: tuple
    reader: Optional[Callable] = None

    @classmethod
    def of(cls, words: PatternWords, name: str, how: tuple[str, ...], reader: Optional[Callable] = None):
        if how == ("sequence",):
            return cls(name, how, sequences(words, name))
        return cls(name, how, prefixes(words, name), reader)

    def search(self, text: str) -> str | None:
        from ..nlp import tokenize_span

        toks = tokenize_span(text, 0, len(text))
        if self.reader is not None:
            return next((w for w in self.reader(toks) if w in self.items), None)
        for k, t in enumerate(toks):
            if self.how == ("sequence",):
                hit = next(("".join(q) for q in self.items if tuple(x.surface for x in toks[k:k + len(q)]) == q), None)
            elif self.how == ("run",):
                hit = next((w for n in (1, 2, 3) if k + n <= len(toks)
                            if (w := "".join(x.surface for x in toks[k:k + n])) in self.items), None)
            elif self.how == ("pos",):
                hit = t.surface if t.pos.startswith(self.items) else None
            else:
                hit = t.surface if any(getattr(t, f) in self.items for f in self.how) else None
            if hit is not None:
                return hit
        return None


def probes(words: PatternWords, specs: dict[str, tuple[str, ...]], templates: dict[str, str],
           compiled: dict[str, re.Pattern], name: str, readers: Optional[dict[str, Callable]] = None) -> list:
    """The compiled templates that list ``name`` takes part in, and its token probe if it has one
    (``readers``: the module's functions for the ``how`` that are not token fields)."""
    out: list = [compiled[t] for t, text in templates.items() if name in words.uses(text, ())]
    if name in specs:
        how = specs[name]
        out.append(TokenProbe.of(words, name, how, (readers or {}).get(how[0])))
    return out
