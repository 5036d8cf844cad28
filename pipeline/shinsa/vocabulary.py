"""Word lists that the analyses read as data (``lexicons/vocab/*.yaml``).

Unlike the rule lexicons (one file per rule, entries with examples run by the
test suite), these files hold plain vocabulary an analysis needs: the words that
name parties and their sides. They are validated when loaded; a bad file fails
with file, line and reason (:class:`~shinsa.lexicon.LexiconError`).
"""

from __future__ import annotations

from dataclasses import dataclass
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

    @property
    def all(self) -> frozenset[str]:
        return frozenset(self.labels) | frozenset(self.client) | frozenset(self.vendor)


def _read(path: Path, allowed: dict, nested: tuple[str, ...] = ("pairs",)) -> dict:
    probs = _Problems()
    data = read_yaml(path, probs)
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
                        "mutual": list, "name_fields": list})
    pairs = []
    for item, line in zip(data.get("pairs") or [], getattr(data.get("pairs"), "item_lines", [])):
        if not (isinstance(item, list) and len(item) == 2 and all(isinstance(w, str) and w for w in item)):
            raise LexiconError([(str(path), line, "a pair must be [client word, vendor word]")])
        pairs.append((item[0], item[1]))
    words = PartyWords(tuple(data.get("labels") or ()), tuple(data.get("client") or ()),
                       tuple(data.get("vendor") or ()), tuple(data.get("defined_client") or ()),
                       tuple(data.get("defined_vendor") or ()), tuple(pairs),
                       *(tuple(data.get(k) or ()) for k in ("provider_verbs", "commission_verbs", "disclose_verbs",
                                                             "mutual", "name_fields")))
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

    def head_pairs(self) -> tuple[tuple[str, str], ...]:
        return tuple((a, b) for fam in self.head_synonyms for a in fam for b in fam if a != b)


@cache
def term_words(directory: str | None = None) -> TermWords:
    path = Path(directory) / "terms.yaml" if directory else VOCAB_DIR / "terms.yaml"
    data = _read(path, {"version": int, "head_synonyms": list}, nested=("head_synonyms",))
    fams = []
    for item, line in zip(data.get("head_synonyms") or [], getattr(data.get("head_synonyms"), "item_lines", [])):
        if not (isinstance(item, list) and len(item) >= 2 and all(isinstance(w, str) and w for w in item)):
            raise LexiconError([(str(path), line, "a head family must be a list of two or more words")])
        fams.append(tuple(item))
    return TermWords(tuple(fams))
