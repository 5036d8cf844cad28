"""Lexicons: YAML word lists that drive the wording checks.

A lexicon file (``lexicons/*.yaml``) holds one rule family or one detail of it;
each entry matches either a sequence of Sudachi normalized forms (so 速やかに,
すみやかに and 速かに are one entry) or a surface regex on the folded text, may
carry context conditions, and must carry examples (``flag:`` / ``pass:``) that
the test suite and ``shinsa lexicon test`` run through the real pipeline
(textlint fixtures, prh ``specs``). The format is described for authors in
``lexicons/README.md``.

Life cycle::

    load(dirs)      -> LexiconSet   (validated, compiled once per process per dirs)
    lexset.scan(facts) -> Scan      (one pass over facts tokens; cached per facts)
    shinsa.examples.run_examples(lexset) -> [ExampleResult]

Errors in a file raise :class:`LexiconError` listing ``file:line: reason`` for
every problem found (unknown key, missing message, empty match, bad regex …).
Matching never re-tokenizes: it reads ``facts.sentences[i].tokens``.
"""

from __future__ import annotations

import bisect
import difflib
import itertools
import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .lexfile import BUILTIN_DIR, LexiconError, _check_keys, _is_type, _LDict, _LList, _Loader, _Problems, _type_name, load_yaml  # noqa: F401
from . import regexscan
from .memo import PerDocument
from .model import SEVERITIES, Token
from .textnorm import fold



SCHEMA_VERSION = 1

# ---------------------------------------------------------------------------
# schema
# ---------------------------------------------------------------------------

ONLY_IN = ("obligation_sentence", "duty_predicate", "not_right", "prose", "not_catch_all", "not_aim",
           "party_attributed", "enclosed_by_larger", "beyond_topic", "same_group")
UNLESS_TIME = ("phrase", "sentence", "sentence_or_clause")

# keys valid both at file level (defaults for every entry) and on an entry
_SHARED_KEYS = {
    "detail": str, "severity": str, "message": str, "suggestion": str,
    "only_in": (list, str), "unless_time": str, "unless_sentence_has": (list, str),
    "unless_followed_by": (list, str), "unless_preceded_by": (list, str),
    "unless_next_sentence_has": (list, str), "skip_in_quotes": bool, "severity_if_topic": dict,
}
FILE_KEYS = {"version": int, "rule": str, "description": str, "entries": list, "settings": dict, **_SHARED_KEYS}
ENTRY_KEYS = {"id": str, "match": (str, list), "variants": (str, list), "regex": str, "note": str, "examples": dict,
              "disable": bool, **_SHARED_KEYS}
EXAMPLE_KEYS = {"flag": list, "pass": list}
TOPIC_KEYS = {"severity": str, "words": list}
_ID_RE = re.compile(r"^[A-Za-z0-9_.\-]+$")


# ---------------------------------------------------------------------------
# compiled values
# ---------------------------------------------------------------------------

Element = tuple[frozenset, bool]  # (alternatives; empty = any token, optional?)


@dataclass(frozen=True)
class Example:
    text: str
    quote: str | None
    expect: str  # "flag" | "pass"
    line: int


@dataclass(frozen=True)
class Topic:
    severity: str
    words: tuple[Pattern, ...]
    raw: tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    """One compiled lexicon entry (file-level defaults already applied)."""

    id: str
    rule: str
    detail: str | None
    severity: str
    message: str
    suggestion: str
    file: str
    line: int
    patterns: tuple[Pattern, ...] = ()  # token patterns (variants), or () for a regex entry
    regex: re.Pattern | None = None
    match_text: str = ""  # the pattern as written (for listings)
    only_in: tuple[str, ...] = ()
    unless_time: str | None = None
    unless_sentence_has: tuple[Pattern, ...] = ()
    unless_sentence_text: tuple[str, ...] = ()  # folded substrings (text items of unless_sentence_has)
    unless_followed_by: tuple[Pattern, ...] = ()
    unless_preceded_by: tuple[Pattern, ...] = ()
    unless_next_text: tuple[str, ...] = ()  # folded substrings of the next sentence of the article
    skip_in_quotes: bool = False
    topic: Topic | None = None
    note: str = ""
    examples: tuple[Example, ...] = ()

    def render_message(self, quote: str) -> str:
        return self.message.replace("{quote}", quote)

    def render_suggestion(self, quote: str) -> str:
        return self.suggestion.replace("{quote}", quote)


@dataclass(frozen=True)
class Match:
    """A lexicon entry found in a document. ``sent`` indexes ``facts.sentences``;
    ``i``/``j`` are the first and last token index inside that sentence (None for regex)."""

    entry: Entry
    start: int
    end: int
    sent: int
    i: int | None = None
    j: int | None = None


# ---------------------------------------------------------------------------
# token patterns
# ---------------------------------------------------------------------------


def _tokenize_pattern(text: str) -> list[Token]:
    from . import nlp

    f = fold(text)
    return list(nlp.tokenize_span(f, 0, len(f)))


Pattern = tuple[Element, ...]


def compile_pattern(spec: Any, split: bool = True) -> tuple[Pattern, ...]:
    """Compile a pattern into one or more token sequences (variants).

    Written as text, it is tokenized like a document (each token matches its
    normalized form or surface). Written as a list, each element is ``a|b``
    alternatives, ``*`` any one token, with a trailing ``?`` when optional;
    an alternative is compared with the token's normalized form, surface and
    dictionary form. An alternative that Sudachi splits into several tokens
    (発注者 = 発注 + 者) becomes its own variant of the pattern (``split``).
    """
    if isinstance(spec, str):
        toks = _tokenize_pattern(spec)
        return (tuple((frozenset({t.norm, t.surface}), False) for t in toks if t.surface.strip()),)
    variants: list[list[Element]] = [[]]
    for el in spec:
        el = str(el).strip()
        optional = el.endswith("?") and len(el) > 1
        if optional:
            el = el[:-1]
        if el == "*":
            choices: list[list[Element]] = [[(frozenset(), optional)]]
        else:
            single: set[str] = set()
            multi: list[list[Element]] = []
            for a in (fold(a.strip()) for a in el.split("|") if a.strip()):
                toks = [t for t in _tokenize_pattern(a) if t.surface.strip()] if split else []
                if len(toks) > 1:
                    multi.append([(frozenset({t.norm, t.surface}), optional) for t in toks])
                else:
                    single.add(a)
                    single.update({t.norm for t in toks})
            choices = ([[(frozenset(single), optional)]] if single else []) + multi
        variants = [v + c for v in variants for c in choices]
    return tuple(tuple(v) for v in variants)


def compile_patterns(specs: Iterable[Any]) -> tuple[Pattern, ...]:
    return tuple(p for spec in specs for p in compile_pattern(spec))


def _tok_ok(tok: Token, alts: frozenset) -> bool:
    return not alts or tok.norm in alts or tok.surface in alts or tok.lemma in alts


def match_at(tokens: tuple[Token, ...], k: int, pattern: tuple[Element, ...], p: int = 0) -> int | None:
    """Index one past the last token matched by ``pattern[p:]`` from ``tokens[k]``, or None."""
    n, m = len(tokens), len(pattern)
    while p < m:  # required elements in a loop: only an optional one needs the recursion
        alts, optional = pattern[p]
        if optional:
            break
        if k >= n:
            return None
        tok = tokens[k]
        if alts and tok.norm not in alts and tok.surface not in alts and tok.lemma not in alts:
            return None
        k += 1
        p += 1
    else:
        return k
    # an optional element: with it (greedy) if the rest then matches, else without it
    if k < n and _tok_ok(tokens[k], alts):
        r = match_at(tokens, k + 1, pattern, p + 1)
        if r is not None:
            return r
    return match_at(tokens, k, pattern, p + 1)


def find_pattern(tokens: tuple[Token, ...], pattern: Pattern, lo: int = 0,
                 hi: int | None = None) -> tuple[int, int] | None:
    """The first (start, end) where ``pattern`` matches ``tokens[lo:hi]``.

    Only positions whose token carries one of the pattern's first keys are tried (the
    sentence's key index, built once per token tuple), not every position: the checks
    ask the same sentence for many patterns (topic words, ``unless_sentence_has``)."""
    hi = len(tokens) if hi is None else hi
    toks = tokens[:hi] if hi < len(tokens) else tokens
    keys = _first_keys_of(pattern)
    if keys is None:
        starts: Iterable[int] = range(lo, hi)
    else:
        index = _key_index(tokens)
        found = [index[k] for k in keys if k in index]
        if not found:
            return None
        starts = sorted({k for ks in found for k in ks}) if len(found) > 1 else found[0]
    for k in starts:
        if lo <= k < hi:
            r = match_at(toks, k, pattern)
            if r is not None and r > k:
                return k, r
    return None


# id(tokens) -> (tokens, key -> ascending positions); the tuple is kept so that an id
# reused after a document is freed never answers for another sentence
_KEY_INDEXES: dict[int, tuple[tuple[Token, ...], dict[str, list[int]]]] = {}
_FIRST_KEYS: dict[int, tuple[Pattern, frozenset[str] | None]] = {}


def _key_index(tokens: tuple[Token, ...]) -> dict[str, list[int]]:
    hit = _KEY_INDEXES.get(id(tokens))
    if hit is not None and hit[0] is tokens:
        return hit[1]
    index: dict[str, list[int]] = {}
    for k, t in enumerate(tokens):
        index.setdefault(t.norm, []).append(k)
        if t.surface != t.norm:
            index.setdefault(t.surface, []).append(k)
        if t.lemma != t.norm and t.lemma != t.surface:
            index.setdefault(t.lemma, []).append(k)
    if len(_KEY_INDEXES) >= 4096:
        _KEY_INDEXES.clear()
    _KEY_INDEXES[id(tokens)] = (tokens, index)
    return index


def _first_keys_of(pattern: Pattern) -> frozenset[str] | None:
    hit = _FIRST_KEYS.get(id(pattern))
    if hit is not None and hit[0] is pattern:
        return hit[1]
    keys = _first_keys(pattern)
    out = frozenset(keys) if keys is not None else None
    if len(_FIRST_KEYS) >= 65536:
        _FIRST_KEYS.clear()
    _FIRST_KEYS[id(pattern)] = (pattern, out)
    return out


def find_any(tokens: tuple[Token, ...], patterns: Iterable[Pattern]) -> tuple[int, int] | None:
    for p in patterns:
        r = find_pattern(tokens, p)
        if r:
            return r
    return None


def _first_keys(pattern: tuple[Element, ...]) -> set[str] | None:
    """Index keys for the first required element; None when it may be any token."""
    keys: set[str] = set()
    for alts, optional in pattern:
        if not alts:
            return None
        keys |= alts
        if not optional:
            return keys
    return None


# ---------------------------------------------------------------------------
# modality helpers (token norms; shared by conditions and the wording checks)
# ---------------------------------------------------------------------------

def _fixed(*specs) -> tuple[Pattern, ...]:
    return tuple(p for spec in specs for p in compile_pattern(spec, split=False))


# 「前項の報告は、」: a cited provision's act as the sentence's topic
_MADE_TO = re.compile(r"に(?:対し(?:て)?)?(?![おけよ係関])")  # 受託者に / 受託者に対し (not 受託者における)


def _find_all(text: str, word: str, lo: int, hi: int) -> list[int]:
    out, k = [], text.find(word, lo, hi)
    while k >= 0:
        out.append(k)
        k = text.find(word, k + 1, hi)
    return out


_BY_CITED = re.compile(r"(?:の規定により|に定めるところにより|の定めるところにより|に定める方法により|の方法により)")
_CITED_TOPIC = re.compile(r"の([一-龥ァ-ヶー]{1,8})は[、,]?")


@dataclass(frozen=True)
class _Conditions:
    """The words of ``lexicons/vocab/conditions.yaml`` compiled for the conditions below."""
    modals: tuple[tuple[str, tuple[Pattern, ...]], ...]  # (kind, token patterns) in order
    koto: frozenset[str]
    light: frozenset[str]
    caus: frozenset[str]
    aim: frozenset[str]
    so_that: frozenset[str]
    content_verbs: frozenset[str]
    name_heads: tuple[str, ...]
    catch_all: re.Pattern
    judged: re.Pattern
    boundary: re.Pattern
    cond_before: re.Pattern
    occasion_list: re.Pattern
    occasion_end: re.Pattern


CONDITION_LISTS = ("modal_obligation", "modal_prohibition", "modal_right", "koto", "light_verbs", "causative",
                   "catch_all", "judge_verbs", "aim_words", "so_that", "content_verbs", "name_heads",
                   "cond_nouns", "proviso", "clause_cond_nouns")
# the shapes the condition words are joined into (every word is in conditions.yaml)
CONDITION_TEMPLATES = {
    "catch_all": r"(?:{catch_all})[、,]?の?[^、。\s]{0,5}$",
    "judged": r"[^、。()]{0,12}?と(?:{judge_verbs})",
    # where one clause group of a sentence ends: the condition (…ときは、), a proviso
    "boundary": r"(?:{cond_nouns})(?:に)?(?:は|において)[、,]|において[、,]|(?:{proviso})[、,]|。",
    "cond_before": r"(?:{clause_cond_nouns})[、,]$",
    # 「法令の改正があったときその他必要に応じて」: the listed item is an occasion, and the catch-all
    # after it leaves every other occasion open (not a list that says what is meant)
    "occasion_list": r"(?:{cond_nouns})(?:{catch_all})",
    "occasion_end": r"[^、。]*?(?:{cond_nouns})",
}


@lru_cache(maxsize=1)
def _cond() -> _Conditions:
    from .vocabulary import pattern_file

    words = pattern_file("conditions.yaml", CONDITION_LISTS)

    def items(name: str) -> tuple[str, ...]:
        return words.get(name).items

    def seqs(name: str) -> tuple[Pattern, ...]:
        return _fixed(*(item.split() for item in items(name)))

    rx = {k: re.compile(words.regex(t)) for k, t in CONDITION_TEMPLATES.items()}
    return _Conditions(
        (("obligation", seqs("modal_obligation")), ("prohibition", seqs("modal_prohibition")),
         ("right", seqs("modal_right"))),
        frozenset(items("koto")), frozenset(items("light_verbs")), frozenset(items("causative")),
        frozenset(items("aim_words")), frozenset(items("so_that")), frozenset(items("content_verbs")),
        items("name_heads"), rx["catch_all"], rx["judged"], rx["boundary"], rx["cond_before"],
        rx["occasion_list"], rx["occasion_end"])


_OPEN_BR = {"(", "（", "「", "『"}
_CLOSE_BR = {")", "）", "」", "』"}
_PUNCT = {"。", "、", ",", ".", "」", ")", "）"}


def _final_koto(tokens: tuple[Token, ...]) -> bool:
    """Sentence ends with …すること。 (specification style obligation)."""
    k = len(tokens) - 1
    while k >= 0 and tokens[k].surface in _PUNCT:
        k -= 1
    return k >= 1 and tokens[k].norm in _cond().koto and tokens[k - 1].pos.startswith(("動詞", "助動詞"))


def modal_at(tokens: tuple[Token, ...], i: int) -> tuple[str, int] | None:
    """The modal starting at token ``i``: ("obligation"|"prohibition"|"right", end index)."""
    cond = _cond()
    for kind, pats in cond.modals:
        for pat in pats:
            r = match_at(tokens, i, pat)
            if r is not None:
                return kind, r
    if i < len(tokens) and tokens[i].norm in cond.koto and all(
            t.surface in _PUNCT for t in tokens[i + 1:]):
        return "obligation", i + 1
    return None


def sentence_modality(tokens: tuple[Token, ...]) -> str | None:
    """The modality of the sentence's last modal (obligation, prohibition, right) or None."""
    last = None
    for i in range(len(tokens)):
        m = modal_at(tokens, i)
        if m:
            last = m[0]
    if last is None and _final_koto(tokens):
        return "obligation"
    return last


def has_obligation(tokens: tuple[Token, ...]) -> bool:
    for i in range(len(tokens)):
        m = modal_at(tokens, i)
        if m and m[0] == "obligation":
            return True
    return _final_koto(tokens)


def _token_range(toks: tuple[Token, ...], start: int, end: int) -> tuple[int | None, int | None]:
    """(first, last) token index of a regex match that starts and ends on token
    boundaries, so that its neighbours can be tested like a token match's; (None, None)
    when the match cuts a token."""
    i = bisect.bisect_left([t.start for t in toks], start)
    if i >= len(toks) or toks[i].start != start:
        return None, None
    j = i
    while j < len(toks) and toks[j].end < end:
        j += 1
    return (i, j) if j < len(toks) and toks[j].end == end else (None, None)


# a noun group ended by its case and a comma (「従事者に対し、」「資料を、」): what follows is another phrase
_GROUP_CLOSED = re.compile(r"(?:に対し(?:て)?|について|を|に|が|は|(?<!ま)で)[、,]")


def _depth0(text: str, a: int, b: int) -> str:
    """``text[a:b]`` without bracketed parts (（…を含む。） holds its own 。 and ときは)."""
    out, depth = [], 0
    for ch in text[a:b]:
        if ch in "(（「『":
            depth += 1
        elif ch in ")）」』":
            depth = max(0, depth - 1)
        elif not depth:
            out.append(ch)
    return "".join(out)


_FROM_GAPS = ("", "の", "の日")
_FROM_MARKS = ("から", "より", "後")


def _counted_from(folded: str, word: str, t, lo: int) -> bool:
    """The time ``t`` runs from the act ``word`` written just before it (報告の後十日以内, 消去の日から14日以内),
    rather than timing it (報告は、24時間以内に)."""
    k = folded.rfind(word, max(lo, t.start - 8), t.start)
    return k >= 0 and folded[k + len(word):t.start] in _FROM_GAPS and t.text.startswith(_FROM_MARKS)


def governed_modal(tokens: tuple[Token, ...], k: int) -> tuple[str | None, int, int]:
    """Modality governing the predicate whose head is ``tokens[k]`` (報告, 提出, 届け出る …).

    Returns (kind, verb_end, modal_end): ``kind`` is obligation / prohibition /
    right or None (subordinate use such as 報告を受けたとき); ``verb_end`` is
    one past the verb's last token, ``modal_end`` one past the modal when it
    directly follows the verb (else ``verb_end``). A verb in a chain
    (報告し、…しなければならない) takes the modality of the sentence's final predicate.
    """
    n = len(tokens)
    i = k + 1
    light, caus = _cond().light, _cond().caus
    if i < n and tokens[i].norm in light:
        i += 1
    elif i + 1 < n and tokens[i].norm in ("を", "の") and tokens[i + 1].norm in light:
        i += 2
    while i < n and tokens[i].norm in caus:
        i += 1
    verb_end = i
    m = modal_at(tokens, i)
    if m:
        return m[0], verb_end, m[1]
    chain = (i < n and tokens[i].surface in ("、", ",")) or (
        i + 1 < n and tokens[i].norm in ("て", "で") and tokens[i + 1].surface in ("、", ",")) or (
        i + 2 < n and tokens[i].norm == "と" and tokens[i + 1].norm == "とも" and tokens[i + 2].norm == "に")
    if chain and verb_end > k + 1:
        return sentence_modality(tokens), verb_end, verb_end
    return None, verb_end, verb_end


# ---------------------------------------------------------------------------
# loading
# ---------------------------------------------------------------------------


def _as_list(v) -> list:
    if v is None:
        return []
    return [v] if isinstance(v, str) else list(v)


def _compile_topic(spec: _LDict, file: str, line: int, probs: _Problems) -> Topic | None:
    _check_keys(spec, TOPIC_KEYS, file, "severity_if_topic", probs)
    sev = spec.get("severity")
    words = spec.get("words") or []
    if sev not in SEVERITIES:
        probs.add(file, line, f"severity_if_topic.severity must be one of {', '.join(SEVERITIES)}")
        return None
    if not words:
        probs.add(file, line, "severity_if_topic.words is empty")
        return None
    return Topic(sev, compile_patterns(words), tuple(str(w) for w in words))


def _compile_entry(raw: _LDict, defaults: _LDict, rule: str, file: str, probs: _Problems,
                   rule_ids: set[str]) -> Entry | None:
    _check_keys(raw, ENTRY_KEYS, file, "entry", probs)
    line = raw.line
    eid = raw.get("id")
    if not eid or not isinstance(eid, str):
        probs.add(file, line, "entry without 'id'")
        return None
    if not _ID_RE.match(eid):
        probs.add(file, raw.key_lines.get("id", line), f"id '{eid}' may contain only letters, digits, _ . -")
    if raw.get("disable"):
        return Entry(id=eid, rule=rule, detail=None, severity="info", message="", suggestion="", file=file,
                     line=line, note="disabled")

    def get(key, default=None):
        return raw[key] if key in raw else defaults.get(key, default)

    n_before = len(probs)
    match, regex = raw.get("match"), raw.get("regex")
    patterns, rx = _entry_matcher(raw, eid, file, probs)
    severity, message, suggestion, only_in, unless_time, topic = _entry_settings(raw, get, eid, file, probs)
    examples = _entry_examples(raw, eid, file, probs)
    if len(probs) > n_before:
        return None
    if rule not in rule_ids:
        return None  # reported at file level
    return Entry(
        id=eid, rule=rule, detail=get("detail"), severity=severity, message=str(message),
        suggestion=str(suggestion), file=file, line=line, patterns=patterns, regex=rx,
        match_text=regex if regex is not None else (match if isinstance(match, str) else " ".join(map(str, match))),
        only_in=only_in, unless_time=unless_time,
        unless_sentence_has=compile_patterns([p for p in _as_list(get("unless_sentence_has")) if not isinstance(p, str)]),
        unless_sentence_text=tuple(fold(p) for p in _as_list(get("unless_sentence_has")) if isinstance(p, str)),
        unless_followed_by=compile_patterns(_as_list(get("unless_followed_by"))),
        unless_preceded_by=compile_patterns(_as_list(get("unless_preceded_by"))),
        unless_next_text=tuple(fold(str(p)) for p in _as_list(get("unless_next_sentence_has"))),
        skip_in_quotes=bool(get("skip_in_quotes", False)), topic=topic, note=str(raw.get("note") or ""),
        examples=tuple(examples),
    )


def _entry_matcher(raw: _LDict, eid: str, file: str, probs: _Problems) -> tuple[tuple[Pattern, ...], Any]:
    """The token patterns (``match`` + ``variants``) or the compiled ``regex`` of an entry."""
    line = raw.line
    match, regex = raw.get("match"), raw.get("regex")
    if match is not None and regex is not None:
        probs.add(file, line, f"entry '{eid}': give either 'match' or 'regex', not both")
    elif match is None and regex is None:
        probs.add(file, line, f"entry '{eid}': missing 'match' (or 'regex')")
    elif match is not None:
        mline = raw.key_lines.get("match", line)
        if (isinstance(match, str) and not match.strip()) or (isinstance(match, list) and not match):
            probs.add(file, mline, f"entry '{eid}': empty match")
        elif isinstance(match, (str, list)):
            variants = raw.get("variants") or []
            if not isinstance(variants, list):
                variants = [variants]
            patterns = compile_patterns([match, *variants])
            if any(not p or all(opt for _, opt in p) for p in patterns):
                probs.add(file, mline, f"entry '{eid}': empty match (no token to match)")
            return patterns, None
    else:
        rline = raw.key_lines.get("regex", line)
        if not str(regex).strip():
            probs.add(file, rline, f"entry '{eid}': empty regex")
            return (), None
        try:
            rx = re.compile(str(regex))
        except re.error as e:
            probs.add(file, rline, f"entry '{eid}': bad regex: {e}")
            return (), None
        if rx.match(""):
            probs.add(file, rline, f"entry '{eid}': regex matches the empty string")
        return (), rx
    return (), None


def _entry_settings(raw: _LDict, get, eid: str, file: str, probs: _Problems) -> tuple:
    """(severity, message, suggestion, only_in, unless_time, topic) of an entry, each from the entry
    or the file level, checked."""
    line = raw.line
    severity = get("severity", "info")
    if severity not in SEVERITIES:
        probs.add(file, raw.key_lines.get("severity", line), f"severity must be one of {', '.join(SEVERITIES)}")
    message, suggestion = get("message"), get("suggestion")
    for key, val in (("message", message), ("suggestion", suggestion)):
        if not val or not str(val).strip():
            probs.add(file, line, f"entry '{eid}': missing {key} (set it on the entry or at file level)")
    only_in = tuple(_as_list(get("only_in")))
    for o in only_in:
        if o not in ONLY_IN:
            probs.add(file, raw.key_lines.get("only_in", line), f"only_in '{o}' is not one of {', '.join(ONLY_IN)}")
    unless_time = get("unless_time")
    if unless_time is not None and unless_time not in UNLESS_TIME:
        probs.add(file, raw.key_lines.get("unless_time", line),
                  f"unless_time '{unless_time}' is not one of {', '.join(UNLESS_TIME)}")
    topic = None
    tspec = get("severity_if_topic")
    if tspec is not None:
        topic = _compile_topic(tspec, file, getattr(tspec, "line", line), probs)
    return severity, message, suggestion, only_in, unless_time, topic


def _entry_examples(raw: _LDict, eid: str, file: str, probs: _Problems) -> list[Example]:
    """The ``examples:`` (flag / pass sentences, or {text, quote}) of an entry."""
    examples: list[Example] = []
    ex = raw.get("examples")
    if not isinstance(ex, dict):
        probs.add(file, raw.line, f"entry '{eid}': missing examples (flag: and pass: sentences)")
        return examples
    _check_keys(ex, EXAMPLE_KEYS, file, "examples", probs)
    if not ex.get("flag"):
        probs.add(file, ex.line, f"entry '{eid}': examples need at least one 'flag:' sentence")
    for kind in ("flag", "pass"):
        items = ex.get(kind) or []
        lines = getattr(items, "item_lines", [ex.line] * len(items))
        for item, ln in zip(items, lines):
            if isinstance(item, str) and item.strip():
                examples.append(Example(item, None, kind, ln))
            elif isinstance(item, dict) and isinstance(item.get("text"), str):
                _check_keys(item, {"text": str, "quote": str}, file, "example", probs)
                examples.append(Example(item["text"], item.get("quote"), kind, ln))
            else:
                probs.add(file, ln, f"entry '{eid}': an example must be a sentence or {{text, quote}}")
    return examples


def load_file(path: Path, probs: _Problems | None = None, settings: dict | None = None) -> list[Entry]:
    """Validate and compile one lexicon file (problems are appended to ``probs``).

    A file's ``settings:`` mapping (rule-specific vocabulary that is not an
    entry, e.g. which objects imply a data centre) is merged into
    ``settings[rule]``: mappings update, lists extend.
    """
    own = probs is None
    probs = _Problems() if probs is None else probs
    file = str(path)
    data = _read_lexicon(path, probs)
    entries: list[Entry] = []
    if data is not None and not isinstance(data, _LDict):
        probs.add(file, 1, "a lexicon file must be a mapping with 'rule' and 'entries'")
    elif data is not None:
        rule = _file_rule(data, file, probs)
        if isinstance(data.get("settings"), dict) and settings is not None and rule:
            _merge_settings(settings.setdefault(str(rule), {}), data["settings"])
        entries = _file_entries(data, str(rule), file, probs)
    if own and probs:
        raise LexiconError(list(probs))
    return entries


def _read_lexicon(path: Path, probs: _Problems):
    """The parsed YAML of a lexicon file (line-aware mappings), or None with the problem noted."""
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        probs.add(str(path), (mark.line + 1) if mark else 0, f"YAML syntax error: {e.problem or e}")
    except (OSError, UnicodeDecodeError) as e:
        probs.add(str(path), 0, f"cannot read: {e}")
    return None


def _file_rule(data: _LDict, file: str, probs: _Problems):
    """The file's ``rule`` after checking its keys and version (an unknown rule gets a did-you-mean)."""
    from .rules import RULES

    _check_keys(data, FILE_KEYS, file, "file", probs)
    version = data.get("version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        probs.add(file, data.key_lines.get("version", 1), f"unsupported version {version} (expected 1)")
    rule = data.get("rule")
    if not rule:
        probs.add(file, data.line, "missing 'rule'")
    elif rule not in RULES:
        close = difflib.get_close_matches(str(rule), list(RULES), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        probs.add(file, data.key_lines.get("rule", 1), f"unknown rule '{rule}'{hint}")
    return rule


def _merge_settings(target: dict, extra: dict) -> None:
    """Merge a file's ``settings:`` into the rule's: mappings update, lists extend, values replace."""
    for k, v in extra.items():
        if isinstance(v, dict):
            target.setdefault(k, {}).update(v)
        elif isinstance(v, list):
            target.setdefault(k, []).extend(v)
        else:
            target[k] = v


def _file_entries(data: _LDict, rule: str, file: str, probs: _Problems) -> list[Entry]:
    from .rules import RULES

    raw_entries = data.get("entries")
    if not raw_entries:
        probs.add(file, data.key_lines.get("entries", data.line), "no entries")
        return []
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for raw in raw_entries:
        if not isinstance(raw, _LDict):
            probs.add(file, getattr(raw_entries, "line", 1), "an entry must be a mapping")
            continue
        e = _compile_entry(raw, data, rule, file, probs, set(RULES))
        if e is None:
            continue
        if e.id in seen:
            probs.add(file, e.line, f"duplicate id '{e.id}' (first at line {seen[e.id]})")
            continue
        seen[e.id] = e.line
        entries.append(e)
    return entries


def lexicon_files(directory: Path) -> list[Path]:
    return sorted(p for p in Path(directory).glob("*.yaml") if not p.name.startswith("."))


@dataclass
class LexiconSet:
    """All compiled entries of the loaded directories, indexed for one-pass matching."""

    dirs: tuple[str, ...]
    entries: tuple[Entry, ...]
    settings: dict = field(default_factory=dict)  # rule -> file-level ``settings:`` merged
    _index: dict = field(default_factory=dict, repr=False)
    _any_first: list = field(default_factory=list, repr=False)
    _gates: dict = field(default_factory=dict, repr=False)
    _regex: list = field(default_factory=list, repr=False)
    _scans: PerDocument = field(default_factory=PerDocument, repr=False, compare=False)

    def __post_init__(self) -> None:
        for e in self.entries:
            if e.regex is not None:
                self._regex.append((e, regexscan.prefilter(e.regex)))  # see shinsa.regexscan
                continue
            for p in e.patterns:
                keys = _first_keys(p)
                if keys is None:
                    self._any_first.append((e, p, None))
                else:
                    # the second element when both it and the first are required: a token the
                    # scan tests inline before calling match_at (を利用する…, 第三者…: the first
                    # token alone is one of the most frequent)
                    second = p[1][0] if len(p) > 1 and not p[0][1] and not p[1][1] and p[1][0] else None
                    for k in keys:
                        self._index.setdefault(k, []).append((e, p, second))
        # per first key: every second token its patterns require (None when one requires none), so
        # that the scan passes over a key's whole list when the next token is none of them
        for k, cands in self._index.items():
            seconds = [second for _, _, second in cands]
            self._gates[k] = None if None in seconds else frozenset().union(*seconds)

    def __hash__(self) -> int:
        return id(self)

    def for_rule(self, rule: str) -> list[Entry]:
        return [e for e in self.entries if e.rule == rule]

    def get(self, entry_id: str) -> Entry | None:
        return next((e for e in self.entries if e.id == entry_id), None)

    def rules(self) -> list[str]:
        return sorted({e.rule for e in self.entries})

    def scan(self, facts) -> Scan:
        """Every entry match in ``facts`` that satisfies its conditions (cached per facts)."""
        hit = self._scans.get(facts)
        return hit if hit is not None else self._scans.put(facts, Scan(facts, self))


def _unit_of(facts, clause):
    """The article of ``clause``, or the top-level section that holds it (specifications)."""
    art = facts.article_of(clause)
    while art is None and clause.parent is not None and facts.clauses[clause.parent].kind != "preamble":
        clause = facts.clauses[clause.parent]
    return art or clause


def _gated(index: dict, gates: dict, key: str, nxt: Token | None) -> list | None:
    """The index entries of ``key``, or None when the next token is none of the second tokens
    that all of them require."""
    cands = index.get(key)
    if cands is None:
        return None
    gate = gates[key]
    if gate is not None and (nxt is None or (nxt.norm not in gate and nxt.surface not in gate
                                             and nxt.lemma not in gate)):
        return None
    return cands


_QUOTE_MARKS = re.compile("[「」\n]")


class Scan:
    """The matches of one :class:`LexiconSet` in one document (lazy per-sentence facts)."""

    @property
    def facts(self):
        return self._facts()

    def __init__(self, facts, lexset: LexiconSet):
        self._facts = weakref.ref(facts)  # weak: the LexiconSet caches scans per document (memo)
        self.lexset = lexset
        self._obl: dict[int, bool] = {}
        self._modal: dict[int, str | None] = {}
        self._times: dict[tuple[int, int], list] = {}
        self._quotes: list[tuple[int, int]] | None = None
        self._refs: tuple[list, list[int]] | None = None  # references by start, for _cited_head_timed
        self.matches: list[Match] = []
        self._run()
        self.by_rule: dict[str, list[Match]] = {}
        for m in self.matches:
            self.by_rule.setdefault(m.entry.rule, []).append(m)

    # -- per-sentence facts (computed on demand, once) --------------------
    def obligation(self, si: int) -> bool:
        v = self._obl.get(si)
        if v is None:
            v = self._obl[si] = has_obligation(self.facts.sentences[si].tokens)
        return v

    def modality(self, si: int) -> str | None:
        if si not in self._modal:
            self._modal[si] = sentence_modality(self.facts.sentences[si].tokens)
        return self._modal[si]

    def times(self, start: int, end: int) -> list:
        key = (start, end)
        v = self._times.get(key)
        if v is None:
            from . import timeexpr

            v = self._times[key] = timeexpr.find(self.facts.folded, start, end)
        return v

    def in_quotes(self, start: int, end: int) -> bool:
        """``start`` lies inside 「…」 (a word being quoted, not used)."""
        if self._quotes is None:
            spans, stack = [], []
            for q in _QUOTE_MARKS.finditer(self.facts.folded):  # only these three characters matter
                ch = q.group()
                if ch == "「":
                    stack.append(q.start())
                elif ch == "」" and stack:
                    spans.append((stack.pop(), q.start()))
                elif ch == "\n":
                    stack.clear()
            spans.sort()
            self._quotes = spans
            self._quote_starts = [a for a, _ in spans]
            self._quote_reach = list(itertools.accumulate((b + 1 for _, b in spans), max))
        # some 「…」 opening before ``start`` reaches ``end``: the furthest reach of those (bisect,
        # not a walk over every earlier quote, which made long documents quadratic)
        i = bisect.bisect_left(self._quote_starts, start)
        return i > 0 and self._quote_reach[i - 1] >= end

    # -- matching ------------------------------------------------------------
    def _run(self) -> None:
        facts, lex = self.facts, self.lexset
        for si, sent in enumerate(facts.sentences):
            self._run_sentence(si, sent.tokens)
        if lex._regex:
            starts = facts._sent_starts
            for e, pre in lex._regex:
                for rm in regexscan.finditer(e.regex, pre, facts.folded):
                    a, b = rm.span()
                    si = bisect.bisect_right(starts, a) - 1
                    if si < 0 or facts.sentences[si].end <= a:
                        continue
                    m = Match(e, a, b, si)
                    if self.accept(m):
                        self.matches.append(m)
        self.matches.sort(key=lambda m: (m.start, -(m.end - m.start)))

    def _run_sentence(self, si: int, toks: tuple[Token, ...]) -> None:
        """The token-pattern matches of one sentence, in token order (then index order)."""
        lex = self.lexset
        index, gates, any_first = lex._index, lex._gates, lex._any_first
        n = len(toks)
        # only tokens that carry an index key (norm, surface or lemma) can start a match
        positions = range(n) if any_first else \
            [k for k, t in enumerate(toks) if t.norm in index or t.surface in index or t.lemma in index]
        for k in positions:
            tok = toks[k]
            nxt = toks[k + 1] if k + 1 < n else None
            cands = _gated(index, gates, tok.norm, nxt)
            if tok.surface != tok.norm:
                extra = _gated(index, gates, tok.surface, nxt)
                if extra:
                    cands = (cands or []) + extra
            if tok.lemma != tok.norm and tok.lemma != tok.surface:
                extra = _gated(index, gates, tok.lemma, nxt)
                if extra:
                    cands = (cands or []) + extra
            if any_first:
                cands = (cands or []) + any_first
            if not cands:
                continue
            done = set()
            for e, p, second in cands:
                if second is not None and (nxt is None or (
                        nxt.norm not in second and nxt.surface not in second and nxt.lemma not in second)):
                    continue
                if e.id in done:
                    continue
                r = match_at(toks, k, p)
                if r is None or r <= k:
                    continue
                done.add(e.id)
                m = Match(e, tok.start, toks[r - 1].end, si, k, r - 1)
                if self.accept(m):
                    self.matches.append(m)

    # -- conditions --------------------------------------------------------
    def accept(self, m: Match) -> bool:
        e = m.entry
        sent = self.facts.sentences[m.sent]
        toks = sent.tokens
        if e.skip_in_quotes and self.in_quotes(m.start, m.end):
            return False
        for cond in e.only_in:
            if cond == "obligation_sentence" and not self.obligation(m.sent) and not self.requirement_cell(m):
                return False
            if cond == "not_right" and self.modality(m.sent) == "right":
                return False
            if cond == "prose" and self.table_row(m.sent):
                return False
            if cond == "duty_predicate":
                if m.j is None or (governed_modal(toks, m.j)[0] != "obligation" and not self.plain_duty(m)):
                    return False
            if cond == "party_attributed" and not self.party_attributed(m):
                return False
            if cond == "not_catch_all" and self.catch_all(m):
                return False
            if cond == "not_aim" and self.aim_or_name(m):
                return False
        if (e.unless_sentence_has or e.unless_sentence_text) and self.sentence_has(m, e):
            return False
        if e.unless_followed_by or e.unless_preceded_by:
            i, j = (m.i, m.j) if m.i is not None else _token_range(toks, m.start, m.end)
            if i is not None and any(match_at(toks, j + 1, p) for p in e.unless_followed_by) \
                    and not self.party_made_to(m):
                return False
            for p in e.unless_preceded_by if i is not None else ():
                if any(match_at(toks, s, p) == i for s in range(max(0, i - len(p)), i)):
                    return False
        if e.unless_time and self.time_near(m, e.unless_time):
            return False
        return not (e.unless_next_text and self.next_sentence_has(m.sent, e.unless_next_text))

    def party_made_to(self, m: Match) -> bool:
        """A party is named as the one made to act, before ``m`` in its sentence (「所管課は、受託者に…報告させる」: a
        要領 binds the vendor so), not one's own staff (「乙は、従事者に誓約書を提出させる」)."""
        facts = self.facts
        sent = facts.sentences[m.sent]
        forms = {fold(f) for p in facts.parties for f in p.forms if len(fold(f)) >= 2}
        lo = sent.start
        return any(_MADE_TO.match(facts.folded, k + len(f)) for f in forms
                   for k in _find_all(facts.folded, f, lo, m.start))

    def next_sentence_has(self, si: int, words: tuple[str, ...]) -> bool:
        """``unless_next_sentence_has``: the sentence after ``si``, in the same article, holds one of
        ``words`` (「…必要な措置を講じなければならない。」 then 「前項の措置は、次に掲げるものを含む」)."""
        facts = self.facts
        if si + 1 >= len(facts.sentences):
            return False
        here, nxt = facts.clause_at(facts.sentences[si].start), facts.sentences[si + 1]
        there = facts.clause_at(nxt.start)
        if here is None or there is None or _unit_of(facts, here) is not _unit_of(facts, there):
            return False
        text = facts.folded[nxt.start:nxt.end]
        return any(w in text for w in words)

    def statements(self) -> dict:
        st = getattr(self, "_stmts", None)
        if st is None:
            st = self._stmts = {x.sent: x for x in (getattr(self.facts, "statements", ()) or ())}
        return st

    def plain_duty(self, m: Match) -> bool:
        """A party's undertaking in the plain form (受託者は、…を委託者に報告する。): the
        modality analysis reads the sentence as a party's obligation and the matched
        verb is its final predicate, or a verb chained to it (返還し、又は廃棄する。).
        Only documents with parties have such statements (statutes do not)."""
        st = self.statements().get(m.sent)
        if st is None or st.modality != "obligation" or not st.bearers or m.j is None:
            return False
        toks = self.facts.sentences[m.sent].tokens
        if sentence_modality(toks) is not None:
            return False  # an explicit modal governs the sentence; governed_modal decided
        _kind, verb_end, _ = governed_modal(toks, m.j)
        rest = [t for t in toks[verb_end:] if t.surface not in _PUNCT]
        if all(t.surface == "ます" for t in rest):  # 報告する。 / 報告します。
            return True
        n = len(toks)
        return (verb_end < n and toks[verb_end].surface in ("、", ",")) or (
            verb_end + 1 < n and toks[verb_end].norm in ("て", "で") and toks[verb_end + 1].surface in ("、", ","))

    def party_attributed(self, m: Match) -> bool:
        """The word is attributed to a contracting party: 「乙の判断により」「受託者の裁量で」."""
        if m.i is None or m.i < 2:
            return False
        toks = self.facts.sentences[m.sent].tokens
        if toks[m.i - 1].surface not in ("の", "が"):
            return False
        k = m.i - 1
        while k > 0 and toks[k - 1].pos.startswith(("名詞", "接尾辞", "接頭辞")):
            k -= 1
        who = fold("".join(t.surface for t in toks[k:m.i - 1]))
        if not who:
            return False
        from .vocabulary import party_words
        forms = {fold(f) for p in (getattr(self.facts, "parties", ()) or ()) for f in p.forms}
        return who in forms or who in party_words().all

    def catch_all(self, m: Match) -> bool:
        """The word closes an enumeration as its catch-all: 「…の補修その他の必要な措置」,
        「その他甲乙協議の上定めた業務」 (the listed items say what is meant) — not after an occasion
        (「改正があったときその他必要に応じて」: every other occasion is left open)."""
        sent = self.facts.sentences[m.sent]
        folded = self.facts.folded
        found = _cond().catch_all.search(folded, max(sent.start, m.start - 8), m.start)
        if not found:
            return False
        if not _cond().occasion_list.search(folded, max(sent.start, found.start() - 2), found.end()):
            return True
        # 「…ときその他必要があると認めるときは」: a list of occasions, each a condition, closes the list
        return bool(_cond().occasion_end.match(folded, m.end, sent.end))

    def aim_or_name(self, m: Match) -> bool:
        """The word sits in a purpose phrase (適正な取扱いを確保するため, 適正な運営が
        確保されるよう) or a title (…の適正な実施に関する法律): it names an aim, not
        the standard a party must meet."""
        if m.i is None:
            return False
        sent = self.facts.sentences[m.sent]
        # 「…が適切なものであると認められる」「合理的に判断する」: a standard for someone's
        # judgement (like 明らかに認められる), not the standard of a party's performance
        cond = _cond()
        if cond.judged.match(self.facts.folded, m.end, sent.end):
            return True
        toks = sent.tokens
        depth = 0
        for k in range(m.j + 1, len(toks)):
            t = toks[k]
            if t.surface in _OPEN_BR:
                depth += 1
                continue
            if t.surface in _CLOSE_BR:
                depth = max(0, depth - 1)
                continue
            if depth:
                continue
            if t.surface in ("、", "。", ","):
                return False
            if t.pos.startswith("動詞"):
                if t.norm == "関する" and k + 1 < len(toks) and toks[k + 1].surface.endswith(cond.name_heads):
                    return True
                n = k + 1
                while n < len(toks) and (toks[n].pos.startswith("助動詞") or toks[n].norm in cond.caus):
                    n += 1
                if n < len(toks) and toks[n].surface in cond.aim:
                    return True
                if n < len(toks) and toks[n].surface in cond.so_that:
                    # 「…よう努める」「…よう求める」: the よう clause is the content of the duty
                    n += 1 if n + 1 < len(toks) and toks[n + 1].surface == "に" else 0
                    return not (n + 1 < len(toks) and toks[n + 1].norm in cond.content_verbs)
                return False
        return False

    def requirement_cell(self, m: Match) -> bool:
        """The match is a whole cell of a 別表 row (バックアップ世代数　適宜): a table of the required
        levels states a duty in each cell, with no predicate to carry it."""
        c = self.facts.clause_at(m.start)
        while c is not None and c.kind != "appendix":
            c = self.facts.parent_of(c)
        if c is None or not self.table_row(m.sent):
            return False
        f = self.facts.folded
        a = max(f.rfind("\u3000", 0, m.start), f.rfind("\n", 0, m.start)) + 1
        b = min(x for x in (f.find("\u3000", m.end), f.find("\n", m.end), len(f)) if x >= 0)
        return f[a:b].strip() == f[m.start:m.end]

    def table_row(self, si: int) -> bool:
        """A line of table cells (separated by U+3000, no closing 。), not a sentence."""
        sent = self.facts.sentences[si]
        text = self.facts.folded[sent.start:sent.end]
        if text.endswith("。"):
            return False
        clause = self.facts.clause_at(sent.start)
        body = clause.body_start if clause is not None and clause.body_start is not None else sent.start
        cells = text[max(0, body - sent.start):].strip("\u3000 ")
        return "\u3000" in cells

    def sentence_has(self, m: Match, e: Entry) -> bool:
        """``unless_sentence_has``: text items are looked up in the folded sentence,
        list items as token patterns. In an item (号) the whole enumeration counts
        as the sentence: the lead of the parent clause and every sibling item."""
        facts = self.facts
        sent = facts.sentences[m.sent]
        spans = [(sent.start, sent.end)]
        clause = facts.clause_at(m.start)
        if clause is not None and clause.kind in ("item", "subitem") and clause.parent is not None:
            # the lead (柱書き) of the enumeration: the parent clause up to its first item
            pi = clause.parent
            parent = facts.clauses[pi]
            first = next((c.start for c in facts.clauses[pi + 1:] if c.parent == pi), parent.end)
            spans.append((parent.body_start or parent.start, first))
        if "beyond_topic" in e.only_in:  # 「乙及び丙は、名簿情報並びに…」: the topic's 及び joins other things
            st = self.statements().get(m.sent)
            if st is not None and st.topic and st.topic[1] <= m.start:
                spans[0] = (st.topic[1], sent.end)
        for n, (a, b) in enumerate(spans):
            text = facts.folded[a:b]
            if n == 0 and "enclosed_by_larger" in e.only_in:
                if self.enclosed(m, e.unless_sentence_text):
                    return True
                continue
            if n == 0 and "same_group" in e.only_in:
                if self.grouped(m, e.unless_sentence_text, a, b):
                    return True
                continue
            if any(t in text for t in e.unless_sentence_text):
                return True
            if e.unless_sentence_has:
                toks = tuple(facts.tokens_in(a, b)) if (a, b) != (sent.start, sent.end) else sent.tokens
                if find_any(toks, e.unless_sentence_has):
                    return True
        return False

    def grouped(self, m: Match, words: tuple[str, ...], a: int, b: int) -> bool:
        """``only_in: same_group``: the smaller conjunction (及び) before the larger one (並びに) may be anywhere in
        ``[a, b)`` (「第十三項及び第十四項、前条第一項から第四項まで並びに前項」, as statutes write); one after it
        must be in its second group: no phrase closed by a particle or a verb and a comma in between
        (「作業責任者並びに従事者に対し、本業務の着手前及び年１回以上」: that 及び joins other words)."""
        f = self.facts.folded
        commas = ("、", ",")
        if f[max(a, m.start - 1):m.start] in commas:
            return any(w in f[a:b] for w in words)  # 「…収集し、並びに…保管し、及び使用する」: clauses
        for w in words:
            q = f.find(w, a, b)
            while q >= 0:
                if q + len(w) <= m.start:
                    return True
                # 「構造並びに当該機械等を製造し、及び検査する設備」: verbs joined inside the second group; the group
                # is closed by a case-marked phrase and a comma (「従事者に対し、」), not by a list's 「まで、」
                if q >= m.end and (f[q - 1:q] in commas or not _GROUP_CLOSED.search(_depth0(f, m.end, q))):
                    return True
                q = f.find(w, q + len(w), b)
        return False

    def enclosed(self, m: Match, words: tuple[str, ...]) -> bool:
        """``only_in: enclosed_by_larger``: a smaller conjunction (若しくは) is used correctly
        only inside the coordination of the larger one (又は) of the same sentence: no clause
        boundary (…ときは、 …場合には、 ただし) lies between them, and when the smaller one
        joins clauses (「…違反したとき、若しくは…」, after a comma) the larger one joins
        clauses too (「、又は」), not two nouns (「全部又は一部」)."""
        f = self.facts.folded
        sent = self.facts.sentences[m.sent]
        # 「…したとき、若しくは…」: the smaller conjunction joins two conditions of the sentence
        clause_level = bool(_cond().cond_before.search(f, max(sent.start, m.start - 4), m.start))
        for w in words:
            q = f.find(w, sent.start, sent.end)
            while q >= 0:
                if not (q < m.end and m.start < q + len(w)):
                    # a larger conjunction before the pair (A又はB若しくはC, …ときは、…又は) is read
                    # over the whole sentence, as statutes do; one after it must be in its group
                    after = q >= m.end
                    if not (after and _cond().boundary.search(_depth0(f, m.end, q))) and not (
                            clause_level and not (q > sent.start and f[q - 1] in "、,")):
                        return True
                q = f.find(w, q + len(w), sent.end)
        return False

    def phrase_bounds(self, m: Match) -> tuple[int, int]:
        """The predicate phrase around a match: from the end of the previous verb to
        the end of the verb the match modifies (parenthesised notes included)."""
        sent = self.facts.sentences[m.sent]
        toks = sent.tokens
        if m.i is None:
            return max(sent.start, m.start - 12), min(sent.end, m.end + 30)
        lo = sent.start
        for k in range(m.i - 1, -1, -1):
            if toks[k].pos.startswith("動詞"):
                lo = toks[k].end
                break
        hi = sent.end
        depth = 0
        for k in range(m.j + 1, len(toks)):
            s = toks[k].surface
            if s in ("(", "（", "「"):
                depth += 1
            elif s in (")", "）", "」"):
                depth = max(0, depth - 1)
            elif depth == 0 and toks[k].pos.startswith("動詞"):
                hi = toks[k].end
                break
        return lo, hi

    def _times_outside_asides(self, lo: int, hi: int, m: Match) -> list:
        """The times of ``[lo, hi)``, less those in a parenthesis inside the act's condition: 「本契約の有効期間
        （本契約締結の日から2年間）が満了したときは、…返還し」 — the aside describes the term, not when to
        return (「速やかに（30日以内に）返還」 after the condition still times the act)."""
        times = self.times(lo, hi)
        if not times:
            return times  # (most sentences: no need to read the condition)
        facts = self.facts
        folded = facts.folded
        sent = facts.sentences[m.sent]
        # (the proposition layer is read from the facts: this layer may not import analysis)
        cond_end = max((p.end for p in facts.propositions if p.sent == m.sent and p.condition and p.end <= m.start),
                       default=sent.start)
        asides, stack = [], []
        for k in range(sent.start, cond_end):
            ch = folded[k]
            if ch == "(":
                stack.append(k)
            elif ch == ")" and stack:
                a = stack.pop()
                if not stack:
                    asides.append((a, k))
        return [t for t in times if not any(a < t.start and t.end <= b + 1 for a, b in asides)]

    def time_near(self, m: Match, scope: str) -> bool:
        facts = self.facts
        sent = facts.sentences[m.sent]
        if scope == "phrase":
            lo, hi = self.phrase_bounds(m)
            return any(not (t.start < m.end and m.start < t.end) for t in self.times(lo, hi))
        if self._times_outside_asides(sent.start, sent.end, m):
            return True
        if scope == "sentence_or_clause":
            clause = facts.clause_at(m.start)
            if clause is not None and clause.kind not in ("title", "preamble") and \
                    self._times_outside_asides(clause.start, clause.end, m):
                return True
            if self._done_by_cited(sent, m):
                return True
            # 「前項の報告は、24時間以内に行う」: another sentence of the article that
            # refers back to this act (前項の/同項の/当該 + the same word) and sets its time
            if self._cited_head_timed(sent, clause):
                return True
            article = facts.article_of(clause) if clause is not None else None
            if article is not None and m.i is not None:
                word = re.escape(facts.folded[m.start:m.end])
                back = re.compile(rf"(?:前項|同項|前条|同条|前各項|第\d+項|当該)の?{word}")
                for s in facts.sentences_in(article.start, article.end):
                    if s is sent:
                        continue
                    # (a time counted from the act — 「前項の報告の後十日以内に」「前項の消去を行ったときは、消去の日から
                    # 14日以内に」 — times what follows it, not the act itself)
                    plain = facts.folded[m.start:m.end]
                    if back.search(facts.folded, s.start, s.end) and any(
                            not _counted_from(facts.folded, plain, t, s.start) for t in self.times(s.start, s.end)):
                        return True
        return False

    def _sorted_refs(self) -> tuple[list, list[int]]:
        """The document's references by start offset, and their starts (built once per scan)."""
        if self._refs is None:
            refs = sorted(self.facts.references, key=lambda r: r.start)
            self._refs = (refs, [r.start for r in refs])
        return self._refs

    def _done_by_cited(self, sent, m: Match) -> bool:
        """The act is done as a cited clause says (「…入力データは、次項の規定により消去するものとする」) and that
        clause times the same act (「…30日以内に…消去しなければならない」)."""
        facts = self.facts
        word = facts.folded[m.start:m.end]
        refs, starts = self._sorted_refs()
        for r in refs[bisect.bisect_left(starts, sent.start):bisect.bisect_left(starts, m.start)]:
            if r.end > m.start or r.target is None or not _BY_CITED.match(facts.folded, r.end, m.start):
                continue
            target = facts.clauses[r.target]
            if target.start <= m.start < target.end or facts.folded.find(word, target.start, target.end) < 0:
                continue
            if self.times(target.start, target.end):
                return True
        return False

    def _cited_head_timed(self, sent, clause) -> bool:
        """The sentence opens with a provision it continues (「前項の報告は、書面により甲に提出する」):
        the time set there (毎月10日までに…報告しなければならない) is this act's time."""
        facts = self.facts
        head = clause.body_start if clause is not None and clause.body_start is not None else sent.start
        head = max(head, sent.start)
        refs, starts = self._sorted_refs()
        for r in refs[bisect.bisect_left(starts, head):bisect.bisect_right(starts, head + 2)]:
            if r.target is None:
                continue
            # 「前項の報告は」: the cited provision's own act as the topic (not 「前項に基づき…」)
            topic = _CITED_TOPIC.match(facts.folded, r.end, sent.end)
            target = facts.clauses[r.target]
            if topic is None or facts.folded.find(topic.group(1), target.start, target.end) < 0:
                continue
            if not (target.start <= sent.start < target.end) and self.times(target.start, target.end):
                return True
        return False

    def severity(self, m: Match) -> str:
        """The entry's severity, raised when the sentence or its article caption is on a topic."""
        e = m.entry
        if e.topic is None:
            return e.severity
        toks = self.facts.sentences[m.sent].tokens
        hit = find_any(toks, e.topic.words) is not None
        if not hit:
            clause = self.facts.clause_at(m.start)
            art = self.facts.article_of(clause) if clause is not None else None
            cap = (art.caption if art is not None else None) or (clause.caption if clause is not None else None)
            if cap:
                f = fold(cap)
                hit = any(fold(w) in f for w in e.topic.raw)
        if hit and SEVERITIES.index(e.topic.severity) > SEVERITIES.index(e.severity):
            return e.topic.severity
        return e.severity


def _load_dirs(dirs: tuple[str, ...]) -> LexiconSet:
    probs = _Problems()
    settings: dict = {}
    by_id: dict[str, Entry] = {}
    order: list[str] = []
    for d in dirs:
        path = Path(d)
        if not path.is_dir():
            probs.add(str(path), 0, "lexicon folder not found")
            continue
        files = lexicon_files(path)
        if not files:
            probs.add(str(path), 0, "no *.yaml lexicon files in this folder")
        seen_here: dict[str, str] = {}
        for f in files:
            for e in load_file(f, probs, settings):
                if e.id in seen_here:
                    probs.add(e.file, e.line, f"duplicate id '{e.id}' (also in {seen_here[e.id]})")
                    continue
                seen_here[e.id] = f"{e.file}:{e.line}"
                if e.id not in by_id:
                    order.append(e.id)
                by_id[e.id] = e  # a later folder overrides an earlier one
    if probs:
        raise LexiconError(list(probs))
    entries = tuple(by_id[i] for i in order if by_id[i].note != "disabled")
    return LexiconSet(dirs=dirs, entries=entries, settings=settings)


@lru_cache(maxsize=8)
def _cached(dirs: tuple[str, ...]) -> LexiconSet:
    return _load_dirs(dirs)


def load(extra_dirs: Iterable[str | Path] = (), builtin: bool = True) -> LexiconSet:
    """The built-in lexicons plus ``extra_dirs`` (each adds or overrides entries by id).

    Compiled once per process for each combination of folders.
    """
    dirs = ([str(BUILTIN_DIR)] if builtin else []) + [str(Path(d).resolve()) for d in extra_dirs]
    return _cached(tuple(dirs))


def load_lexicons(extra_dirs: Iterable[str | Path] = ()) -> LexiconSet:
    """Name used by the batch runner and the CLI (same as :func:`load`)."""
    return load(extra_dirs)


def default() -> LexiconSet:
    return load()


def of(ctx) -> LexiconSet:
    """The lexicon set of a check context (the built-in set when none was given)."""
    lex = getattr(ctx, "lexicons", None) if ctx is not None else None
    return lex if isinstance(lex, LexiconSet) else default()


# ---------------------------------------------------------------------------
# text for the CLI (shinsa lexicon list / test, shinsa explain RULE)
# ---------------------------------------------------------------------------


def list_lines(lexset: LexiconSet) -> list[str]:
    from .rules import RULES

    out = []
    for rule in lexset.rules():
        entries = lexset.for_rule(rule)
        name = RULES[rule].name if rule in RULES else rule
        out.append(f"# {rule} — {name}（{len(entries)} 件）")
        for e in entries:
            kind = "regex" if e.regex is not None else "match"
            detail = f"[{e.detail}] " if e.detail else ""
            out.append(f"  {e.id:40s} {detail}{e.severity:7s} {kind}: {e.match_text}   ({Path(e.file).name}:{e.line})")
    return out


def explain_lines(lexset: LexiconSet, rule: str) -> list[str]:
    """The lexicon part of ``shinsa explain RULE``: each entry with its suggestion and examples."""
    entries = lexset.for_rule(rule)
    if not entries:
        return []
    out = ["", "## 辞書の語と例（lexicons/）"]
    for e in entries:
        detail = f"（{e.detail}）" if e.detail else ""
        word = next((ex.quote for ex in e.examples if ex.quote), None) or e.match_text.split("|")[0]
        out.append(f"### {e.match_text}{detail} — {e.id}  [{e.severity}]")
        if e.note:
            out.append(f"  注: {e.note}")
        out.append(f"  修正の提案: {e.render_suggestion(word)}")
        for ex in e.examples:
            mark = "指摘する" if ex.expect == "flag" else "指摘しない"
            out.append(f"  - {mark}: {' / '.join(line for line in ex.text.splitlines() if line.strip())}")
    return out
