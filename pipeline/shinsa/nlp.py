"""One Sudachi tokenizer (SudachiPy + sudachidict-core) per process.

The tokenizer is built once (:func:`tokenizer`) exactly as spaCy's ``Japanese``
language builds its own (``Dictionary().create(mode=SplitMode.A)``), so tokens are
those of ``spacy.blank("ja")``, without importing spaCy (0.4–0.7 s of start-up that
a scan does not use). We produce light :class:`~shinsa.model.Token` values with
absolute offsets. Building full spaCy ``Doc`` objects costs ~8x the tokenizer time
(ARCHITECTURE.md), so spaCy is imported only by :func:`get_nlp` /
:func:`to_spacy_doc`, for notebooks and exploration.

Sentences are split at 。 outside brackets and at line ends; each sentence is
tokenized on the folded text, never more than once per document.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Iterator

from .memo import paused_gc
from .model import Sentence, Token

_OPEN = "「『（(【〔［[｛{〈《"
_CLOSE = "」』）)】〕］]｝}〉》"
_PAIR = dict(zip(_CLOSE, _OPEN))
_SPECIAL = re.compile("[\n。" + re.escape(_OPEN + _CLOSE) + "]")
# SudachiPy rejects inputs above 49,149 bytes; Japanese is 3 bytes a char.
_MAX_CHARS = 12_000
_lock = threading.Lock()


@lru_cache(maxsize=1)
def get_nlp():
    """The process-wide spaCy Japanese pipeline (tokenizer only, no model); exploration only."""
    import spacy

    with _lock:
        return spacy.blank("ja")


@lru_cache(maxsize=1)
def tokenizer():
    """The process-wide Sudachi tokenizer, configured as spaCy's Japanese tokenizer is."""
    from sudachipy import dictionary
    from sudachipy import tokenizer as sudachi_tokenizer

    # only the fields the tokens copy out are decoded (Sudachi's partial loading): the
    # surface is sliced from our own text, so headwords, readings and splits stay unread
    # (15 % off Sudachi's own time on the statutes; the morphemes are the same)
    with _lock:
        return dictionary.Dictionary().tokenizer(mode=sudachi_tokenizer.Tokenizer.SplitMode.A,
                                                 fields=_FIELDS)


_FIELDS = {"pos", "normalized_form", "dictionary_form"}


_sudachi = tokenizer


def split_sentences(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of sentences: split at 。 outside brackets and at newlines.

    Leading/trailing whitespace (including U+3000) is trimmed from each span.
    """
    end = len(text) if end is None else end
    depth = 0
    s = start
    # only brackets, 。 and newlines change the state: jump between them
    for m in _SPECIAL.finditer(text, start, end):
        c = m.group()
        i = m.start()
        if c == "\n":
            depth = 0
            stop = i
        elif c == "。":
            if depth:
                continue
            stop = i + 1
        elif c in _PAIR:
            if depth:
                depth -= 1
            continue
        else:
            depth += 1
            continue
        a, b = _trim(text, s, stop)
        if a < b:
            yield a, b
        s = i + 1
    a, b = _trim(text, s, end)
    if a < b:
        yield a, b


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in " \t\r\u3000":
        a += 1
    while b > a and text[b - 1] in " \t\r\u3000":
        b -= 1
    return a, b


def tokenize_span(folded: str, start: int, end: int) -> tuple[Token, ...]:
    """Tokens of ``folded[start:end]`` with absolute offsets."""
    return tuple(_tokenize_into([], _sudachi(), folded, start, end, None)[0])


def _tokenize_into(out: list, tok, folded: str, start: int, end: int, buf):
    """Append the tokens of ``folded[start:end]`` to ``out``; returns (out, buf).

    ``buf`` is a Sudachi ``MorphemeList`` reused between calls (``out=`` parameter):
    every field is copied out before the next call overwrites it. Tokens are built
    with ``tuple.__new__`` directly (what the NamedTuple constructor does, minus a
    Python-level call per morpheme).

    Memory and speed: the normalised form, dictionary form and POS name of a
    dictionary word depend only on its word id, so they are read from Sudachi once
    per word id per process (:data:`_WORDS`) and every token of that word shares
    the same string objects; surfaces are interned the same way (:data:`_SURFACES`),
    and a token's start is the previous token's end object. Unknown words (OOV ids
    carry only their POS) are read from Sudachi each time."""
    append = out.append
    new = tuple.__new__
    token_cls = Token
    words = _WORDS
    surfaces = _SURFACES
    intern = surfaces.setdefault
    tokenize = tok.tokenize
    pos = start
    while pos < end:
        stop = min(end, pos + _MAX_CHARS)
        chunk = folded[pos:stop]
        buf = tokenize(chunk, None, None, buf) if buf is not None else tokenize(chunk)
        # Sudachi's morphemes cover the chunk without gaps (each begins where the one before ends):
        # ``b`` is the previous end, so only end() crosses into Sudachi; the token's start is the
        # previous token's end object
        b = 0
        prev_end = pos
        for m in buf:
            wid = m.word_id()
            word = words.get(wid)
            if word is None:
                word = _word(m)
                if wid < _OOV_ID:
                    words[wid] = word
            e = m.end()
            surface = chunk[b:e]
            first = prev_end
            prev_end = pos + e
            b = e
            append(new(token_cls, (surfaces.get(surface) or intern(surface, surface),
                                   word[0], word[1], word[2], first, prev_end)))
        pos = stop
    return out, buf


def _word(m) -> tuple[str, str, str]:
    """(normalised form, dictionary form, POS name) of a morpheme, strings shared per process."""
    pid = m.part_of_speech_id()
    name = _POS_NAMES.get(pid)
    if name is None:
        p = m.part_of_speech()
        name = _POS_NAMES[pid] = f"{p[0]}-{p[1]}"
    norm = m.normalized_form()
    lemma = m.dictionary_form()
    intern = _SURFACES.setdefault
    return intern(norm, norm), intern(lemma, lemma), name


# Sudachi marks unknown words with ids at or above this (the low bits are the POS id)
_OOV_ID = 0xF000_0000
_WORDS: dict[int, tuple[str, str, str]] = {}
_SURFACES: dict[str, str] = {}
_POS_NAMES: dict[int, str] = {}


def sentences(folded: str) -> tuple[Sentence, ...]:
    """Split and tokenize a whole (folded) document once.

    The cyclic garbage collector is paused meanwhile: this makes hundreds of thousands of
    tuples (no cycles among them), and every collection they trigger walked the whole
    heap (a third of the tokenizing time on the statutes)."""
    tok = _sudachi()
    buf = None
    out = []
    with paused_gc():
        for a, b in split_sentences(folded):
            toks, buf = _tokenize_into([], tok, folded, a, b, buf)
            out.append(Sentence(a, b, tuple(toks)))
    return tuple(out)


def raw_tokenize_chars_per_call(text: str) -> int:
    """Reference limit for the benchmark: raw Sudachi over the same sentences."""
    tok = _sudachi()
    n = 0
    for a, b in split_sentences(text):
        for m in tok.tokenize(text[a:b]):
            m.surface(); m.normalized_form(); m.part_of_speech()  # noqa: E702 - read the same fields
            n += 1
    return n


def to_spacy_doc(text: str):
    """A full spaCy ``Doc`` for one sentence or clause (exploration only)."""
    return get_nlp()(text)
