"""Word lists that the analyses read as data (``lexicons/vocab/*.yaml``).

Unlike the rule lexicons (one file per rule, entries with examples run by the
test suite), these files hold plain vocabulary an analysis needs: the words that
name parties and their sides, heads of terms, and the word lists that
``timeexpr`` and ``analysis.groups`` join into their regular expressions
(:class:`PatternWords`: the structure of each pattern stays in the code, every
word is in ``time.yaml`` / ``quantities.yaml`` with examples the tests run). They are validated when loaded; a bad file fails
with file, line and reason (:class:`~shinsa.lexicon.LexiconError`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path

from .lexfile import BUILTIN_DIR, LexiconError, _check_keys, _Problems, read_yaml

VOCAB_DIR = BUILTIN_DIR / "vocab"


@dataclass(frozen=True)
class PartyWords:
    labels: tuple[str, ...]
    client: tuple[str, ...]
    vendor: tuple[str, ...]
    defined_client: tuple[str, ...] = ()
    defined_vendor: tuple[str, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    provider_verbs: tuple[str, ...] = ()  # 「（以下「運営」と称する）が提供する」: the defined one is the provider
    commission_verbs: tuple[str, ...] = ()  # 「甲は、乙に対し…委託する」: the one who commissions / pays
    disclose_verbs: tuple[str, ...] = ()  # 「甲が乙に対して開示した」: the discloser of an NDA
    mutual: tuple[str, ...] = ()  # phrases of a mutual NDA (相手方から開示を受けた …)
    name_fields: tuple[str, ...] = ()  # 「会社名：…」 lines under a party definition
    self_names: tuple[str, ...] = ()  # 本市, 当町: the municipality naming itself in its own rulebook

    @property
    def all(self) -> frozenset[str]:
        return frozenset(self.labels) | frozenset(self.client) | frozenset(self.vendor)


# (path, mtime, size) -> parsed file: the start-up check and the module that reads a file share one parse
_PARSED: dict[tuple[str, int, int], object] = {}


_COMPILED_OK: set[tuple[str, int, int]] = set()  # files whose every item compiled


def _file_key(path: Path) -> tuple[str, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (str(path), st.st_mtime_ns, st.st_size)


def _read_once(path: Path, probs: _Problems):
    key = _file_key(path)
    if key is None:
        return read_yaml(path, probs)
    if key not in _PARSED:
        data = read_yaml(path, probs)
        if probs:
            return data
        _PARSED[key] = data
    return _PARSED[key]


def _read(path: Path, allowed: dict, nested: tuple[str, ...] = ("pairs",)) -> dict:
    probs = _Problems()
    data = _read_once(path, probs)
    if probs:
        raise LexiconError(list(probs))
    if not isinstance(data, dict):
        raise LexiconError([(str(path), 1, "a vocabulary file must be a mapping")])
    _check_keys(data, allowed, str(path), "vocabulary", probs)
    for key, typ in allowed.items():
        if typ is list and key not in nested:
            for item, line in zip(data.get(key) or [], getattr(data.get(key), "item_lines", [])):
                if not isinstance(item, str) or not item.strip():
                    probs.add(str(path), line, f"'{key}' items must be non-empty text")
    if probs:
        raise LexiconError(list(probs))
    return data


@cache
def party_words(directory: str | None = None) -> PartyWords:
    path = Path(directory) / "parties.yaml" if directory else VOCAB_DIR / "parties.yaml"
    data = _read(path, {"version": int, "labels": list, "client": list, "vendor": list,
                        "defined_client": list, "defined_vendor": list, "pairs": list,
                        "provider_verbs": list, "commission_verbs": list, "disclose_verbs": list,
                        "mutual": list, "name_fields": list, "self_names": list})
    pairs = []
    for item, line in zip(data.get("pairs") or [], getattr(data.get("pairs"), "item_lines", [])):
        if not (isinstance(item, list) and len(item) == 2 and all(isinstance(w, str) and w for w in item)):
            raise LexiconError([(str(path), line, "a pair must be [client word, vendor word]")])
        pairs.append((item[0], item[1]))
    words = PartyWords(tuple(data.get("labels") or ()), tuple(data.get("client") or ()),
                       tuple(data.get("vendor") or ()), tuple(data.get("defined_client") or ()),
                       tuple(data.get("defined_vendor") or ()), tuple(pairs),
                       *(tuple(data.get(k) or ()) for k in ("provider_verbs", "commission_verbs", "disclose_verbs",
                                                             "mutual", "name_fields", "self_names")))
    seen: dict[str, str] = {}
    for side in ("labels", "client", "vendor", "defined_client", "defined_vendor"):
        for w in getattr(words, side):
            if w in seen and seen[w] != side:
                line = next((ln for item, ln in zip(data[side], data[side].item_lines) if item == w), data.line)
                raise LexiconError([(str(path), line, f"'{w}' is in both '{seen[w]}' and '{side}'")])
            seen[w] = side
    return words


@dataclass(frozen=True)
class TermWords:
    """Heads that name the same kind of thing (資料 / 書類): a defined 貸与資料 written as 貸与書類 is a
    near variant the definition does not reach."""
    head_synonyms: tuple[tuple[str, ...], ...] = ()
    party_modifiers: tuple[str, ...] = ()  # 利用者データ written 顧客データ: a party word swapped at the front
    # 貸与資料 written 提供資料: an act word at the front swapped for another of its family
    modifier_synonyms: tuple[tuple[str, ...], ...] = ()

    def head_pairs(self) -> tuple[tuple[str, str], ...]:
        return tuple((a, b) for fam in self.head_synonyms for a in fam for b in fam if a != b)


@cache
def term_words(directory: str | None = None) -> TermWords:
    path = Path(directory) / "terms.yaml" if directory else VOCAB_DIR / "terms.yaml"
    data = _read(path, {"version": int, "head_synonyms": list, "party_modifiers": list, "modifier_synonyms": list},
                 nested=("head_synonyms", "modifier_synonyms"))
    families = {}
    for key in ("head_synonyms", "modifier_synonyms"):
        fams = []
        for item, line in zip(data.get(key) or [], getattr(data.get(key), "item_lines", [])):
            if not (isinstance(item, list) and len(item) >= 2 and all(isinstance(w, str) and w for w in item)):
                raise LexiconError([(str(path), line, "a family must be a list of two or more words")])
            fams.append(tuple(item))
        families[key] = tuple(fams)
    return TermWords(families["head_synonyms"], tuple(data.get("party_modifiers") or ()), families["modifier_synonyms"])


# ---------------------------------------------------------------------------
# pattern vocabularies: word lists that code joins into regular expressions
# (lexicons/vocab/time.yaml for timeexpr, quantities.yaml for analysis/groups)
# ---------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class PatternList:
    """One list of a pattern vocabulary: alternatives in order (at one position the first listed
    wins), each a word or a small regular expression that may name another list as ``{name}``."""
    name: str
    items: tuple[str, ...]
    found: tuple[str, ...] = ()
    not_found: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class PatternWords:
    """The lists of one pattern vocabulary file; :meth:`regex` fills a template of the code."""
    path: str
    lists: tuple[PatternList, ...]
    numerals: str = ""
    hours: tuple[tuple[str, float], ...] = ()  # unit word -> hours of one unit (time.yaml units)
    fixed_names: tuple[str, ...] = ()  # the pieces the code fills in ({num})
    items_checked: bool = True  # every item was compiled when the file was read

    def get(self, name: str) -> PatternList:
        for lst in self.lists:
            if lst.name == name:
                return lst
        raise KeyError(f"{self.path}: no list '{name}'")

    def regex(self, template: str, **fixed: str) -> str:
        """``template`` with each ``{list}`` replaced by ``(?:item|item…)`` (items filled in turn) and
        each ``{key}`` of ``fixed`` by its value (pieces the code builds, such as ``{num}``).

        A built-in file's items are not compiled one by one when it is read (the test suite runs every
        list's examples; compiling them at each start doubled the start-up time): the filled pattern is
        compiled here, and only when it fails are the items checked, to name the file and line."""
        filled = _fill(self, template, fixed, ())
        if not self.items_checked:
            try:
                re.compile(filled)  # kept in re's cache: the caller's compile of the same text is a lookup
            except re.error:
                probs = _Problems()
                _check_patterns(self, _read_once(Path(self.path), probs), self.fixed_names, probs, True)
                if probs:
                    raise LexiconError(list(probs)) from None
                raise
        return filled

    def uses(self, template: str, fixed: tuple[str, ...] = ()) -> frozenset[str]:
        """Names that ``template`` reaches (directly or through other lists): its lists, and those of
        ``fixed`` (pieces the code fills in, not followed further)."""
        out: set[str] = set()
        todo = [template]
        while todo:
            for name in _PLACEHOLDER.findall(todo.pop()):
                if name not in out:
                    out.add(name)
                    if name not in fixed:
                        todo.extend(self.get(name).items)
        return frozenset(out)


def _fill(words: PatternWords, text: str, fixed: dict, seen: tuple[str, ...]) -> str:
    def one(m: re.Match) -> str:
        name = m.group(1)
        if name in fixed:
            return fixed[name]
        if name in seen:
            raise ValueError(f"list '{name}' names itself through {' -> '.join(seen)}")
        items = words.get(name).items
        return "(?:" + "|".join(_fill(words, i, fixed, (*seen, name)) for i in items) + ")"

    return _PLACEHOLDER.sub(one, text)


def _hours_value(value) -> float | None:
    """A positive number of hours, or a fraction written as text (``1/60`` for a minute)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if value > 0 else None
    try:
        v = Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        return None
    return float(v) if v > 0 else None


def _text_items(lst, path: str, key: str, probs: _Problems) -> tuple[str, ...]:
    out = []
    for item, line in zip(lst or [], getattr(lst, "item_lines", [])):
        if not isinstance(item, str) or not item:
            probs.add(path, line, f"'{key}' items must be non-empty text")
        else:
            out.append(item)
    return tuple(out)


def _read_list(name: str, d, path: str, probs: _Problems, hours: list) -> PatternList | None:
    if not isinstance(d, dict):
        probs.add(path, getattr(d, "line", 0), f"list '{name}' must be a mapping with 'items'")
        return None
    allowed = {"items": list, "found": list, "not_found": list, "hours": dict}
    _check_keys(d, allowed, path, f"list '{name}'", probs)
    items = _text_items(d.get("items"), path, "items", probs)
    if not items:
        probs.add(path, d.line, f"list '{name}' needs 'items'")
    lines = dict(zip(items, getattr(d.get("items"), "item_lines", [])))
    for i, item in enumerate(items):
        if item in items[:i]:
            probs.add(path, lines.get(item, d.line), f"'{item}' is twice in list '{name}'")
    for word, value in (d.get("hours") or {}).items():
        h = _hours_value(value)
        if word not in items or h is None:
            probs.add(path, d["hours"].key_lines.get(word, d.line),
                      f"hours: '{word}' must be an item of '{name}' with a positive number (or a/b)")
        else:
            hours.append((word, h))
    if "hours" in d and any(i not in (d["hours"] or {}) for i in items):
        probs.add(path, d.key_lines["hours"], f"hours: every item of '{name}' needs its hours")
    return PatternList(name, items, _text_items(d.get("found"), path, "found", probs),
                       _text_items(d.get("not_found"), path, "not_found", probs), d.line)


def _check_patterns(words: PatternWords, data, fixed: tuple[str, ...], probs: _Problems,
                    compile_items: bool = True) -> None:
    """Every placeholder names a list (no cycle) and every item compiles. Each list is compiled once
    with every item in a group of its own; only a list that fails is compiled item by item, to name
    the line (one compile per item made start-up slow)."""
    names = {lst.name for lst in words.lists}
    stub = {k: "(?:0)" for k in fixed}
    key = _file_key(Path(words.path))
    # the same file compiled before (holes filled alike), or a built-in file (see PatternWords.regex)
    compiled = not compile_items or (key is not None and key in _COMPILED_OK)
    n_before = len(probs)
    for lst in words.lists:
        lines = data[lst.name]["items"].item_lines
        good = []
        for item, line in zip(lst.items, lines):
            unknown = [n for n in _PLACEHOLDER.findall(item) if n not in names and n not in fixed]
            if unknown:
                probs.add(words.path, line, f"unknown list '{{{unknown[0]}}}' in '{item}'")
            else:
                good.append((item, line))
        if compiled:
            continue
        try:
            re.compile("|".join(f"(?:{_fill(words, item, stub, (lst.name,))})" for item, _ in good))
            continue
        except (re.error, ValueError, KeyError):
            pass
        for item, line in good:
            try:
                re.compile(_fill(words, item, stub, (lst.name,)))
            except (re.error, ValueError, KeyError) as e:  # KeyError: a list it names names an unknown one
                probs.add(words.path, line, f"'{item}' is not a valid pattern: {e}")
    if key is not None and len(probs) == n_before and not compiled:
        _COMPILED_OK.add(key)


def _pattern_words(path: Path, required: tuple[str, ...], fixed: tuple[str, ...]) -> PatternWords:
    """Read a pattern vocabulary: ``version``, ``numerals`` and exactly the lists ``required``."""
    data = _read(path, {"version": int, "numerals": str, **{n: dict for n in required}})
    probs, spath, hours = _Problems(), str(path), []
    missing = [n for n in required if n not in data]
    if missing:
        probs.add(spath, data.line, f"missing list(s): {', '.join(missing)}")
    lists = [lst for n in required if n in data
             if (lst := _read_list(n, data[n], spath, probs, hours)) is not None]
    builtin = path.resolve().parent == VOCAB_DIR.resolve()
    words = PatternWords(spath, tuple(lists), data.get("numerals") or "", tuple(hours), tuple(fixed),
                         items_checked=not builtin)
    if not probs:
        _check_patterns(words, data, fixed, probs, compile_items=not builtin)
    if probs:
        raise LexiconError(list(probs))
    return words


# the lists each file must hold, in the order of the file (the code's templates name them)
TIME_LISTS = ("blank_number", "units", "limits", "period_from", "period_after_acts", "on_the_day",
              "period_after_links", "kept_then", "date_cycles", "cycle_days", "eras", "first_year", "calendar_dates",
              "day_words", "day_limits", "until", "end_acts", "end_moments", "immediate", "prior", "events")
QUANTITY_LISTS = ("blank_number", "duration_units", "duration_not_before", "duration_words",
                  "am_pm", "clock_hour", "clock_minute", "range_marks", "time_range_words",
                  "counters", "every", "per_periods", "per_link", "times", "interval_units", "intervals",
                  "frequency_words", "staff_counters", "roles", "role_links", "division_words",
                  "address", "municipality_units", "place_units", "place_words", "polite_endings")


@cache
def time_words(directory: str | None = None) -> PatternWords:
    """``lexicons/vocab/time.yaml``: deadlines, time points and event anchors (``timeexpr``)."""
    path = Path(directory) / "time.yaml" if directory else VOCAB_DIR / "time.yaml"
    return _pattern_words(path, TIME_LISTS, ("num",))


@cache
def quantity_words(directory: str | None = None) -> PatternWords:
    """``lexicons/vocab/quantities.yaml``: the ``@kind`` quantities of term groups (``analysis.groups``)."""
    path = Path(directory) / "quantities.yaml" if directory else VOCAB_DIR / "quantities.yaml"
    return _pattern_words(path, QUANTITY_LISTS, ("num",))


@cache
def pattern_file(name: str, required: tuple[str, ...], directory: str | None = None,
                 fixed: tuple[str, ...] = ("num",)) -> PatternWords:
    """Any pattern vocabulary ``lexicons/vocab/<name>`` holding exactly the lists ``required`` (the
    module that joins them keeps the tuple beside its templates); ``fixed`` names the pieces the
    code fills in itself. Same checks as ``time.yaml``: file, line and reason on any problem."""
    path = Path(directory) / name if directory else VOCAB_DIR / name
    return _pattern_words(path, required, fixed)


# files read by their own loaders above; every other lexicons/vocab/*.yaml is a pattern vocabulary
_OWN_LOADERS = ("parties.yaml", "terms.yaml")


def check_pattern_files(directory: str | None = None) -> None:
    """Read every pattern vocabulary of ``lexicons/vocab/`` once, with all the lists it holds, so that a
    broken file stops the start of a run (file, line, reason) instead of failing inside each scan;
    which lists a file must hold is checked again by the module that reads it."""
    folder = Path(directory) if directory else VOCAB_DIR
    probs: list = []
    for path in sorted(folder.glob("*.yaml")):
        if path.name in _OWN_LOADERS:
            continue
        try:
            data = _read(path, {"version": int, "numerals": str, **{k: dict for k in _list_keys(path)}})
            lists = tuple(k for k in data if k not in ("version", "numerals"))
            # a placeholder that names no list of the file is a piece its module fills in ({num}, {forms})
            holes = {n for k in lists for item in (data[k].get("items") or []) if isinstance(item, str)
                     for n in _PLACEHOLDER.findall(item)}
            _pattern_words(path, lists, tuple(sorted(holes - set(lists))))
        except LexiconError as e:
            probs.extend(e.problems)
    if probs:
        raise LexiconError(probs)


def _list_keys(path: Path) -> tuple[str, ...]:
    probs = _Problems()
    data = _read_once(path, probs)
    return tuple(k for k in data if k not in ("version", "numerals")) if isinstance(data, dict) else ()
