"""Modality per sentence: who bears what (obligation, prohibition, right …).

For every sentence of a document with parties, a :class:`Statement` records

- ``bearers``: the party labels the sentence puts the duty/right on: the topic
  (「乙は、」「受託者は」「甲及び乙は」→ both, 「甲乙協議して」→ both); a topic after a
  condition wins (「乙が…したときは、甲は…できる」→ 甲); without a topic, the subject
  of the main clause (「乙が甲に対して負う損害賠償の額は」→ 乙), then the subject of the
  condition (「乙が…利用するときは、…ものとする」→ 乙); an elided subject continues the
  previous sentence of the same clause (同様とする); an item (号) that states a duty
  (…すること。) takes the bearer of its lead sentence; a requirement with no party
  (本施設は…備えていなければならない) is the vendor's;
- ``modality`` from the final predicate: しなければならない / ものとする / すること /
  a plain undertaking (乙は、…を提供する) → obligation; してはならない / しないものとする /
  することができない → prohibition; することができる → right; 努める → best_effort;
  責任を負わない / 免責 / 責を免れる → exemption; 上限とする / を超えない範囲 → liability_cap;
  損害を賠償する / 補償する (as the duty) → indemnity; else none;
- the predicate (verb head + modal), its object (the noun phrase before を), the
  counterparty (「乙に対し」「甲に」), and where the main clause starts (after the last
  「…ときは、」「…場合において、」), so checks can read the condition separately.

Everything is read from the Sudachi tokens of ``facts.sentences``; nothing is re-tokenized.
``facts.extra["balance"]`` gets the party balance (counts and clause lists per party).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import NamedTuple, Optional

from ..vocabulary import PatternWords, pattern_file
from . import tokenwords
from .parties import Mention, mentions

MODALITIES = ("obligation", "prohibition", "right", "best_effort", "exemption", "liability_cap",
              "indemnity", "none")
BALANCE_KEYS = ("obligation", "best_effort", "prohibition", "right", "termination_right", "exemption",
                "liability_cap", "indemnity")

# Every word is in lexicons/vocab/modality.yaml (with examples the tests run); the order of the
# readings is here. The lists of the file, in its order:
MODALITY_LISTS = (
    "open_brackets", "close_brackets", "punctuation", "join_words",
    "cap_nouns", "cap_endings", "exemption_nouns", "not_bear", "exempt_verbs", "exemption_endings",
    "cap_in_exemption", "best_effort_endings", "prohibit_verbs", "prohibition_endings", "right_endings",
    "obligation_endings", "indemnity_acts", "indemnity_endings", "proviso_endings", "same_endings",
    "stative_endings", "negative_endings", "negated_indemnity_endings", "koto", "verb_koto",
    "not_undertaking_endings", "polite_endings", "item_condition_endings", "item_noun_endings",
    "topic_particles", "plain_topic", "subject_particles", "possessive", "each_words", "liability_nouns",
    "pos_compound_noun", "counterparty_particles", "indirect_particle", "not_counterparty_after",
    "agent_heads", "sub_heads", "sub_particles", "commas",
    "verb_head_skip", "formal_nouns", "suru_verbs", "can_verbs", "light_verbs", "particle_verbs",
    "object_particles", "np_links", "sentence_end", "table_gaps", "pos_noun", "pos_verb", "pos_predicate",
    "pos_noun_phrase", "rule_verbs", "performative", "polite_performative", "undertaking_marks",
    "termination_verbs", "termination_words", "ended_things", "ending_verbs", "end_service",
)
# the lists compared with tokens (see tokenwords): the token fields that may hold the word, "pos"
# for a part of speech, "run" for the surface of up to three tokens in a row; the verb lists are
# compared with the predicate's word (the normalized form of a noun, the dictionary form of a verb,
# a verb chain: 申し込む; see _predicate_words)
_PREDICATE_WORD = ("predicate",)
TOKEN_LISTS: dict[str, tuple[str, ...]] = {
    "open_brackets": ("surface",), "close_brackets": ("surface",), "punctuation": ("surface",),
    "join_words": ("run",), "topic_particles": ("surface",), "plain_topic": ("surface",),
    "subject_particles": ("surface",), "possessive": ("surface",), "each_words": ("surface",),
    "liability_nouns": ("norm",), "pos_compound_noun": ("pos",), "counterparty_particles": ("surface",),
    "indirect_particle": ("surface",), "not_counterparty_after": ("surface",), "sub_heads": ("norm", "surface"),
    "sub_particles": ("surface",), "commas": ("surface",), "verb_head_skip": ("norm",), "formal_nouns": ("norm",),
    "suru_verbs": ("norm",), "can_verbs": ("norm",), "light_verbs": ("lemma",), "particle_verbs": ("norm",),
    "object_particles": ("surface",), "np_links": ("surface",), "sentence_end": ("surface",),
    "pos_noun": ("pos",), "pos_verb": ("pos",), "pos_predicate": ("pos",), "pos_noun_phrase": ("pos",),
    "rule_verbs": _PREDICATE_WORD, "performative": _PREDICATE_WORD, "polite_performative": _PREDICATE_WORD,
    "termination_verbs": _PREDICATE_WORD,
}
# text patterns: {list} stands for the alternatives of that list; the tail patterns are tried on
# the depth-0 text of the sentence body without its final punctuation
TEMPLATES: dict[str, str] = {
    # final predicates, tried in this order (the first that matches gives the modality)
    "liability_cap": "{cap_endings}$",
    "exemption": "{exemption_endings}$",
    "best_effort": "{best_effort_endings}$",
    "prohibition": "{prohibition_endings}$",
    "right": "{right_endings}$",
    "obligation": "{obligation_endings}$",
    # other readings of the tail
    "proviso": "{proviso_endings}$",
    "same": "{same_endings}$",
    "stative": "{stative_endings}$",
    "indemnity": "{indemnity_endings}$",
    "cap_in_exemption": "{cap_in_exemption}",
    # a plain negative predicate is a prohibition; a negated compensation exempts its bearer
    "negative": "{negative_endings}$",
    "negated_indemnity": "{negated_indemnity_endings}$",
    "koto": r"{koto}\Z",
    "verb_koto": "{verb_koto}$",
    "not_undertaking": r"{not_undertaking_endings}\Z",
    "polite": r"{polite_endings}\Z",
    "undertaking_mark": "{undertaking_marks}",
    # an item that only states a condition or names a thing
    "item_noun": "{item_noun_endings}$",
    "item_condition": "{item_condition_endings}$",
    # the head of a defined person a party appoints
    "agent": r"{agent_heads}\Z",
    # a termination right (on the main clause)
    "termination": "{termination_words}",
    "end_service": "{end_service}",
    # a table row: no sentence end, a column gap
    "sentence_end": "{sentence_end}",
    "table_gap": "{table_gaps}",
}
_TAIL_KINDS = ("liability_cap", "exemption", "best_effort", "prohibition", "right", "obligation")


def vocabulary(directory: str | None = None) -> PatternWords:
    """``lexicons/vocab/modality.yaml`` with its token lists checked (file, line and reason on a problem)."""
    words = pattern_file("modality.yaml", MODALITY_LISTS, directory, ())
    tokenwords.check(words, TOKEN_LISTS)
    return words


_WORDS = vocabulary()
_RX = {name: re.compile(_WORDS.regex(t)) for name, t in TEMPLATES.items()}
_TAIL = [(kind, _RX[kind]) for kind in _TAIL_KINDS]


def patterns_using(list_name: str) -> list:
    """The compiled patterns (and the token probe) that ``list_name`` takes part in (for its examples)."""
    return tokenwords.probes(_WORDS, TOKEN_LISTS, TEMPLATES, _RX, list_name, {"predicate": _predicate_words})


def _predicate_words(tokens):
    """The words the predicate of a sentence may be read as, at every token (the verb lists'
    examples): the normalized form of a noun, the dictionary form of a verb, a verb chain (申し込む)."""
    depths = bracket_depths(tokens)
    for k, t in enumerate(tokens):
        yield t.norm if t.pos.startswith(_NOUN) else t.lemma
        yield _verb_at(tokens, depths, k, 0)


def _words(name: str) -> frozenset[str]:
    return tokenwords.word_set(_WORDS, name)


def _pos(name: str) -> tuple[str, ...]:
    return tokenwords.prefixes(_WORDS, name)


_OPEN, _CLOSE, _PUNCT, _JOIN = (_words(n) for n in ("open_brackets", "close_brackets", "punctuation", "join_words"))
_TOPIC, _PLAIN_TOPIC, _SUBJECT, _POSSESSIVE, _EACH = (
    _words(n) for n in ("topic_particles", "plain_topic", "subject_particles", "possessive", "each_words"))
# a possessive bearer of liability: 乙の責任は / 受託者の損害賠償責任は / 乙の賠償額は
_LIABILITY_NOUNS = _words("liability_nouns")
_COUNTER, _INDIRECT, _NOT_COUNTER_AFTER = (
    _words(n) for n in ("counterparty_particles", "indirect_particle", "not_counterparty_after"))
_SUB_HEADS, _SUB_PARTICLES, _COMMAS = (_words(n) for n in ("sub_heads", "sub_particles", "commas"))
_VERB_HEAD_SKIP, _FORMAL_NOUNS, _SURU, _CAN = (
    _words(n) for n in ("verb_head_skip", "formal_nouns", "suru_verbs", "can_verbs"))
# light verbs whose object names the act (必要な教育を行う → 教育, 承認を得る → 承認)
_LIGHT_VERBS = _words("light_verbs")
# verbs inside compound particles (により, に対し, について, に関し, に基づき)
_PARTICLE_VERBS = _words("particle_verbs")
_OBJECT, _NP_LINKS, _SENTENCE_END = (_words(n) for n in ("object_particles", "np_links", "sentence_end"))
_NOUN, _VERB_POS, _PREDICATE, _NOUN_PHRASE, _COMPOUND_NOUN = (
    _pos(n) for n in ("pos_noun", "pos_verb", "pos_predicate", "pos_noun_phrase", "pos_compound_noun"))
# predicates that state a rule of the document, not a party's act
_RULE_VERBS = _words("rule_verbs")
# performative verbs of a recital (甲は、本業務を乙に委託し、乙は、これを受託する): no duty
_PERFORMATIVE = _words("performative")
_POLITE_PERFORMATIVE = _words("polite_performative")
_TERMINATION = _words("termination_verbs")


@dataclass(frozen=True)
class Statement:
    sent: int  # index into facts.sentences
    start: int  # sentence body span (clause label excluded)
    end: int
    clause: Optional[str]
    bearers: tuple[str, ...]  # party labels; () = nobody
    modality: str
    predicate: Optional[tuple[int, int]] = None  # verb head .. end of the modal
    verb: str = ""  # normalized head of the final predicate (解除, 報告, 支払う)
    obj: Optional[tuple[int, int]] = None  # noun phrase before を of the final predicate
    counterparty: tuple[str, ...] = ()  # 乙に対し / 甲に
    topic: Optional[tuple[int, int]] = None  # span of the bearer phrase (甲は / 甲及び乙は)
    main_start: int = 0  # offset where the main clause begins (after the last ときは、)
    source: str = ""  # how the bearer was found: topic|subject|condition|inherited|item|default|none

    def bearer(self, parties) -> str:
        """``both`` when every party bears it, the label for one party, ``none`` for nobody."""
        labels = {p.label for p in parties}
        b = set(self.bearers)
        if not b:
            return "none"
        if len(labels) >= 2 and labels <= b:
            return "both"
        if len(b) == 1:
            return next(iter(b))
        return "+".join(sorted(b))

    def to_json(self) -> dict:
        return {"start": self.start, "end": self.end, "clause": self.clause, "bearers": list(self.bearers),
                "modality": self.modality, "verb": self.verb, "predicate": list(self.predicate) if self.predicate else None,
                "object": list(self.obj) if self.obj else None, "counterparty": list(self.counterparty)}


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------


def bracket_depths(tokens) -> list[int]:
    out, d = [], 0
    for t in tokens:
        if t.surface in _OPEN:
            out.append(d)
            d += 1
        elif t.surface in _CLOSE:
            d = max(0, d - 1)
            out.append(d)
        else:
            out.append(d)
    return out


def _body_index(tokens, body_start: Optional[int]) -> int:
    if body_start is None:
        return 0
    for k, t in enumerate(tokens):
        if t.start >= body_start:
            return k
    return len(tokens)


def _groups(ms: list[Mention], tokens) -> list[Mention]:
    """Join mentions linked by 及び/又は/と/、 (甲及び乙, 発注者と受注者) into one."""
    out: list[Mention] = []
    for m in ms:
        if out:
            prev = out[-1]
            between = tokens[prev.j:m.i]
            joined = "".join(t.surface for t in between)
            if between and len(between) <= 3 and (joined in _JOIN or all(t.surface in _JOIN for t in between)):
                out[-1] = Mention(tuple(dict.fromkeys(prev.labels + m.labels)), prev.i, m.j)
                continue
            if not between:
                out[-1] = Mention(tuple(dict.fromkeys(prev.labels + m.labels)), prev.i, m.j)
                continue
        out.append(m)
    return out


def _after(tokens, j: int) -> str:
    return tokens[j].surface if j < len(tokens) else ""


def _sub_ends(tokens, depths, lo: int, hi: int) -> list[int]:
    """Token indexes just after subordinate conditions (…ときは、/…場合において、/…場合は、)."""
    out = []
    for k in range(lo, hi):
        t = tokens[k]
        if depths[k] or t.norm not in _SUB_HEADS and t.surface not in _SUB_HEADS:
            continue
        m = k + 1
        while m < hi and tokens[m].surface in _SUB_PARTICLES:
            m += 1
        if m < hi and tokens[m].surface in _COMMAS:
            out.append(m + 1)
        elif m > k + 1 and m < hi and tokens[m - 1].surface in _TOPIC:
            out.append(m)
    return out


def _tail(tokens, depths, lo: int, hi: int) -> tuple[str, list[int]]:
    """Depth-0 surface text of tokens[lo:hi] and, per char, its token index."""
    chars: list[str] = []
    idx: list[int] = []
    for k in range(lo, hi):
        if depths[k] or tokens[k].surface in _OPEN or tokens[k].surface in _CLOSE:
            continue
        s = tokens[k].surface
        chars.append(s)
        idx.extend([k] * len(s))
    return "".join(chars), idx


def _verb_head(tokens, depths, modal_k: int, lo: int) -> Optional[int]:
    """Token index of the content word the modal attaches to (解除 in 解除することができる)."""
    k = modal_k - 1
    while k >= lo:
        t = tokens[k]
        if depths[k] or t.surface in _PUNCT or t.surface in _CLOSE:
            k -= 1
            continue
        if t.norm in _VERB_HEAD_SKIP and not (t.pos.startswith(_NOUN) and t.norm not in _FORMAL_NOUNS):
            k -= 1
            continue
        return k
    return None


def _object(tokens, depths, head: int, lo: int) -> Optional[tuple[int, int]]:
    """Token range of the noun phrase before the を nearest to the verb head."""
    k = head - 1
    while k >= lo:
        t = tokens[k]
        if depths[k]:
            k -= 1
            continue
        if t.surface in _OBJECT:
            break
        if t.surface in _SENTENCE_END or (t.pos.startswith(_VERB_POS) and k < head - 1
                                          and t.norm not in _PARTICLE_VERBS):
            return None
        k -= 1
    if k < lo:
        return None
    e = k
    s = k
    while s > lo:
        t = tokens[s - 1]
        if depths[s - 1] or t.surface in _CLOSE:
            s -= 1
            continue
        if t.pos.startswith(_NOUN_PHRASE) or t.surface in _NP_LINKS or t.surface in _OPEN:
            s -= 1
            continue
        break
    while s < e and tokens[s].surface in _NP_LINKS:
        s += 1
    return (s, e) if s < e else None


# ---------------------------------------------------------------------------
# one sentence
# ---------------------------------------------------------------------------


def _classify(tokens, depths, lo: int, hi: int) -> tuple[str, Optional[int], str]:
    """(modality, index of the first modal token or None, depth-0 tail text)."""
    text, idx = _tail(tokens, depths, lo, hi)
    if not text:
        return "none", None, text
    if _RX["proviso"].search(text):
        return "proviso", None, text
    for kind, rx in _TAIL:
        m = rx.search(text)
        if m:
            k = idx[m.start()] if m.start() < len(idx) else None
            if kind == "exemption" and _RX["cap_in_exemption"].search(text):
                kind = "liability_cap"
            if kind == "obligation" and _RX["indemnity"].search(text):
                kind = "indemnity"
            if kind == "obligation" and _RX["koto"].search(text) and not _RX["verb_koto"].search(text):
                return "none", None, text  # a noun item ending in こと (…の事) is not a duty
            if kind == "obligation" and _RX["stative"].search(text[:m.start()]):
                return "none", k, text
            return kind, k, text
    if _RX["same"].search(text):
        return "same", None, text
    if _RX["indemnity"].search(text):
        k = idx[_RX["indemnity"].search(text).start()]
        return "indemnity", k, text
    return _plain_predicate(tokens, depths, lo, hi, text)


def _plain_predicate(tokens, depths, lo: int, hi: int, text: str) -> tuple[str, Optional[int], str]:
    """A plain final verb (乙は、…を提供する): an undertaking when a party is the topic."""
    last = hi - 1
    while last >= lo and (depths[last] or tokens[last].surface in _PUNCT or tokens[last].surface in _CLOSE):
        last -= 1
    if last >= lo:
        t = tokens[last]
        if _RX["stative"].search(text):
            return "stative", None, text
        if t.pos.startswith(_PREDICATE) and not _RX["not_undertaking"].search(text):
            k = last
            while k > lo and tokens[k - 1].pos.startswith(_PREDICATE) and not depths[k - 1]:
                k -= 1
            if _RX["negative"].search(text):
                if _RX["negated_indemnity"].search(text):
                    return "plain_exemption", k, text
                return "plain_neg", k, text
            return "plain", k, text
    return "none", None, text


def _each_of(tokens, j: int) -> bool:
    """発注者及び受注者のいずれも / 甲乙の双方は: the parties named before it, each of them, as topic."""
    return (j + 2 < len(tokens) and tokens[j].surface in _POSSESSIVE and tokens[j + 1].surface in _EACH
            and tokens[j + 2].surface in _TOPIC)


def _bearer(tokens, depths, lo: int, hi: int, ms: list[Mention], subs: list[int]):
    """(labels, source, topic token range, main clause start token)."""
    main = subs[-1] if subs else lo
    groups = _groups([m for m in ms if m.i >= lo and not depths[m.i]], tokens)
    topics = [g for g in groups if (_after(tokens, g.j) in _TOPIC or _each_of(tokens, g.j)) and g.j < hi
              and not (g.i > 0 and tokens[g.i - 1].surface in _POSSESSIVE)]
    if topics:
        last = topics[-1]
        labels = list(last.labels)
        # parallel topics with no condition between them: 甲は、…委託し、乙は、…受託する
        for g in reversed(topics[:-1]):
            if not any(g.j <= s <= last.i for s in subs) and set(g.labels) != set(labels):
                labels = list(dict.fromkeys(list(g.labels) + labels))
        main = max(main, lo)
        return tuple(labels), "topic", (last.i, last.j + 1), main
    # 乙の責任は / 受託者の損害賠償責任は: the party whose liability the sentence limits
    for g in groups:
        if g.i < main or _after(tokens, g.j) not in _POSSESSIVE:
            continue
        k = g.j + 1
        nouns = []
        while k < hi and k <= g.j + 5 and tokens[k].pos.startswith(_COMPOUND_NOUN) and not depths[k]:
            nouns.append(tokens[k].norm)
            k += 1
        if nouns and k < hi and tokens[k].surface in _PLAIN_TOPIC and _LIABILITY_NOUNS & set(nouns):
            return tuple(g.labels), "topic", (g.i, k + 1), main
    # 甲乙協議して定める / 発注者と受注者が協議して: a party group acting in the main clause
    for g in groups:
        if g.i >= main and len(g.labels) >= 2 and _after(tokens, g.j) not in _POSSESSIVE:
            return tuple(g.labels), "subject", (g.i, g.j), main
    subj = [g for g in groups if _after(tokens, g.j) in _SUBJECT]
    in_main = [g for g in subj if g.i >= main]
    if in_main:
        g = in_main[0]
        return tuple(g.labels), "subject", (g.i, g.j + 1), main
    in_cond = [g for g in subj if g.i < main]
    if in_cond:
        g = in_cond[0]
        return tuple(g.labels), "condition", (g.i, g.j + 1), main
    return (), "none", None, main


def _resolve_star(labels: tuple[str, ...], parties) -> tuple[str, ...]:
    if "*" in labels:
        return tuple(p.label for p in parties)
    return labels


class _Span(NamedTuple):
    """The sentence being read: its tokens and their bracket depths, the body tokens[lo:hi]
    (clause label and punctuation around it excluded), its offsets and clause."""

    si: int
    tokens: tuple
    depths: list[int]
    lo: int
    hi: int
    start: int
    end: int
    clause: object
    path: Optional[str]

    def empty(self) -> Statement:
        return Statement(self.si, self.start, self.end, self.path, (), "none", main_start=self.start)


def _span(facts, si: int) -> _Span:
    sent = facts.sentences[si]
    tokens = sent.tokens
    clause = facts.clause_at(sent.start)
    body_start = clause.body_start if clause is not None and clause.body_start is not None else None
    lo = _body_index(tokens, body_start if body_start is not None and body_start > sent.start else None)
    while lo < len(tokens) and tokens[lo].surface in _PUNCT:
        lo += 1
    if lo < len(tokens):
        clause = facts.clause_at(tokens[lo].start) or clause
    hi = len(tokens)
    while hi > lo and tokens[hi - 1].surface in _PUNCT:
        hi -= 1
    start = tokens[lo].start if lo < len(tokens) else sent.start
    end = tokens[hi - 1].end if hi > lo else sent.end
    return _Span(si, tokens, bracket_depths(tokens), lo, hi, start, end, clause,
                 clause.path if clause is not None else None)


def _party_mentions(sp: _Span, parties, agents: tuple) -> list[Mention]:
    """The parties named in the sentence; agents (業務責任者 / 作業従事者 defined as persons a party
    appoints) count as that party when they are the topic."""
    ms = mentions(sp.tokens, parties)
    if agents:
        seen = {k for m in ms for k in range(m.i, m.j)}
        for m in mentions(sp.tokens, agents):
            if m.i not in seen and _after(sp.tokens, m.j) in _PLAIN_TOPIC and not sp.depths[m.i]:
                ms.append(m)
        ms.sort(key=lambda m: m.i)
    return ms


_PLAIN_MODALITY = {"plain": "obligation", "plain_neg": "prohibition", "plain_exemption": "exemption"}


def _modality(sp: _Span, kind: str, modal_k: Optional[int], text: str, labels, source: str, topic):
    """(modality, labels, source) from the reading of the final predicate: a proviso bears nothing,
    a state or an uninherited 同様とする is no modality, a plain predicate is read by the bearer."""
    if kind in ("proviso", "stative", "same"):
        return ("none", (), "none") if kind == "proviso" else ("none", labels, source)
    if kind in _PLAIN_MODALITY:
        return _plain_modality(sp, kind, modal_k, text, labels, source, topic), labels, source
    return kind, labels, source


def _plain_modality(sp: _Span, kind: str, modal_k: Optional[int], text: str, labels, source: str, topic) -> str:
    """In a contract the plain form of a party's sentence is an undertaking: 乙は、…を甲に報告する
    (obligation), 乙は、…を提供しない (prohibition), 甲は、…損害を賠償しない (exemption).
    The party must be the topic, a joint subject (甲乙協議して定める), or a が-subject that
    governs the final predicate directly (…に要する費用は、乙が負担する). Polite forms are
    undertakings too (利用規約: 受託者は、…を報告します), except the performative statements of
    a form or letter (申し込みます, 誓約します)."""
    tokens, depths, lo = sp.tokens, sp.depths, sp.lo
    polite = bool(_RX["polite"].search(text))
    # another predicate between the が-subject and the final one (利用者が申込書を提出し、当社が承諾した時に
    # 成立する): the party is the subject of that predicate, not of the sentence; a noun + する counts
    direct = source == "subject" and topic is not None and modal_k is not None and not any(
        tokens[x].pos.startswith(_VERB_POS) and tokens[x].norm not in _PARTICLE_VERBS and not depths[x]
        and (tokens[x].norm not in _SURU or (x > topic[1] and tokens[x - 1].pos.startswith(_NOUN)))
        for x in range(topic[1], _chain_start(tokens, depths, modal_k, lo)))
    if labels and (source == "topic" or (source == "subject" and (len(labels) > 1 or direct))):
        if polite and _verb_at(tokens, depths, modal_k, lo) in _POLITE_PERFORMATIVE \
                and not _RX["undertaking_mark"].search(text):
            return "none"
        return _PLAIN_MODALITY[kind]
    return "none"


def _item_without_duty(text: str, modality: str) -> bool:
    """An item (号) that only states a condition (…したとき) or names a thing (…の者, …をいう)."""
    if _RX["item_noun"].search(text) and modality not in ("obligation", "prohibition"):
        return True
    return bool(_RX["item_condition"].search(text))


def _predicate(sp: _Span, kind: str, modal_k: Optional[int], main: int):
    """(verb, predicate span, object span) of the final predicate: the verb head and its modal, the
    noun phrase before its を in the main clause."""
    tokens, depths, lo = sp.tokens, sp.depths, sp.lo
    head = _verb_head(tokens, depths, modal_k, lo) if modal_k is not None else None
    chain_verb = ""
    if kind.startswith("plain") and modal_k is not None:
        cs = _chain_start(tokens, depths, modal_k, lo)
        if tokens[cs].pos.startswith(_VERB_POS) and tokens[cs].norm not in _SURU and tokens[cs].norm not in _CAN \
                and tokens[cs].lemma not in _LIGHT_VERBS:
            head = cs
            chain_verb = _verb_at(tokens, depths, modal_k, lo)
    if head is None:
        return "", None, None
    verb = chain_verb or (tokens[head].norm if tokens[head].pos.startswith(_NOUN) else tokens[head].lemma)
    predicate = (tokens[head].start, tokens[sp.hi - 1].end)
    o = _object(tokens, depths, head, main)
    return verb, predicate, (tokens[o[0]].start, tokens[o[1] - 1].end) if o else None


def _counterparty(sp: _Span, ms: list[Mention], main: int, parties, labels) -> tuple[str, ...]:
    """The parties the main clause addresses (乙に対し, 甲へ, 甲から), not those of 乙には / 乙において."""
    tokens = sp.tokens
    counter = []
    for m in _groups([m for m in ms if m.i >= main and not sp.depths[m.i]], tokens):
        nxt = _after(tokens, m.j)
        if nxt in _COUNTER and (nxt not in _INDIRECT or _after(tokens, m.j + 1) not in _NOT_COUNTER_AFTER):
            counter.extend(m.labels)
    return tuple(dict.fromkeys(c for c in _resolve_star(tuple(counter), parties) if c not in labels))


def _fallback_bearer(facts, sp: _Span, modality: str, labels, source: str, verb: str, is_item: bool,
                     prev: Optional[Statement], parties):
    """A duty that names no party: the bearer of the lead sentence of its item, else of the previous
    sentence of the clause, else the only vendor (a requirement: 本施設は…備えていなければならない)."""
    if labels or modality == "none":
        return labels, source
    if is_item and sp.clause.parent is not None and modality in ("obligation", "prohibition"):
        lead = _lead_statement(facts, sp.clause)
        if lead is not None and lead.bearers:
            labels, source = lead.bearers, "item"
    if not labels and prev is not None and prev.clause == sp.path and prev.bearers:
        labels, source = prev.bearers, "inherited"
    if not labels and modality in ("obligation", "prohibition") and verb not in _RULE_VERBS:
        vendors = [p.label for p in parties if p.role == "vendor"]
        if len(vendors) == 1:
            labels, source = (vendors[0],), "default"
    return labels, source


def _table_row(folded: str, start: int, end: int) -> bool:
    """A line with no sentence end and a column gap is a row of a table, not a sentence."""
    return not _RX["sentence_end"].search(folded, start, end + 1) and bool(_RX["table_gap"].search(folded, start, end))


def analyze_sentence(facts, si: int, parties, agents: tuple, prev: Optional[Statement]) -> Statement:
    sp = _span(facts, si)
    if sp.hi <= sp.lo:
        return sp.empty()
    tokens, depths, lo, hi = sp.tokens, sp.depths, sp.lo, sp.hi
    kind, modal_k, text = _classify(tokens, depths, lo, hi)
    ms = _party_mentions(sp, parties, agents)
    labels, source, topic, main = _bearer(tokens, depths, lo, hi, ms, _sub_ends(tokens, depths, lo, hi))
    labels = _resolve_star(labels, parties)
    if kind == "same" and prev is not None and prev.clause == sp.path:
        return dataclasses.replace(prev, sent=si, start=sp.start, end=sp.end, source="inherited",
                                   predicate=None, obj=None, topic=None, main_start=sp.start)
    modality, labels, source = _modality(sp, kind, modal_k, text, labels, source, topic)
    is_item = sp.clause is not None and sp.clause.kind in ("item", "subitem")
    if is_item and _item_without_duty(text, modality):
        return sp.empty()
    verb, predicate, obj = _predicate(sp, kind, modal_k, main)
    counter = _counterparty(sp, ms, main, parties, labels)
    labels, source = _fallback_bearer(facts, sp, modality, labels, source, verb, is_item, prev, parties)
    if verb in _RULE_VERBS and source in ("condition", "subject", "default") and len(labels) < 2:
        modality = "none"
    if kind == "plain" and verb in _PERFORMATIVE:  # a recital (委託し…受託する); 委託しない is a prohibition
        modality = "none"
    if _table_row(facts.folded, sp.start, sp.end):
        return sp.empty()
    if modality == "none" and source in ("condition", "subject"):
        labels, source = (), "none"
    if modality in ("obligation", "prohibition") and not labels and verb in _RULE_VERBS:
        modality = "none"
    main_start = tokens[main].start if main < len(tokens) else sp.start
    topic_span = (tokens[topic[0]].start, tokens[min(topic[1], len(tokens)) - 1].end) if topic else None
    return Statement(si, sp.start, sp.end, sp.path, tuple(labels), modality, predicate, verb, obj, counter,
                     topic_span, main_start, source)


def _chain_start(tokens, depths, modal_k: int, lo: int) -> int:
    """First token of the content-verb chain that ends the sentence (引き|渡す, 打ち|切る)."""
    k = modal_k
    while k > lo and not depths[k - 1] and tokens[k - 1].pos.startswith(_VERB_POS) \
            and tokens[k].pos.startswith(_VERB_POS) and tokens[k - 1].norm not in _SURU:
        k -= 1
    return k


def _verb_at(tokens, depths, modal_k: Optional[int], lo: int) -> str:
    """The final predicate as a word: 引き渡す, 支払う, 報告 (noun + する)."""
    if modal_k is None:
        return ""
    k = _chain_start(tokens, depths, modal_k, lo)
    if tokens[k].norm in _SURU and k > lo and tokens[k - 1].pos.startswith(_NOUN):
        return tokens[k - 1].norm
    verbs = []
    x = k
    while x < len(tokens) and tokens[x].pos.startswith(_VERB_POS):
        verbs.append(tokens[x])
        x += 1
    if not verbs:
        return tokens[k].lemma
    return "".join(t.surface for t in verbs[:-1]) + verbs[-1].lemma


_LEAD_CACHE: dict = {}


def _lead_statement(facts, item_clause) -> Optional[Statement]:
    stmts = _LEAD_CACHE.get(id(facts))
    if not stmts:
        return None
    parent = facts.clauses[item_clause.parent]
    # the parent's own sentences, not an earlier sibling item's (「(1) 市が貸与する端末を使用し…」 binds no
    # later item to 市)
    lead = [s for s in stmts if parent.start <= s.start < item_clause.start and s.clause == parent.path]
    return lead[-1] if lead else None


@dataclass(frozen=True)
class _Agent:
    """A person a party appoints (業務責任者), matched like a party but only as a topic."""

    label: str
    forms: tuple[str, ...]


def _agents(facts, stmts_by_sent: dict) -> tuple:
    """Defined persons a party appoints (乙は、…責任者（以下「業務責任者」という。）を定め) → that party."""
    out = []
    for d in facts.definitions:
        term = getattr(d, "term", "")
        if not _RX["agent"].search(term):
            continue
        s = facts.sentence_at(d.start)
        if s is None:
            continue
        st = stmts_by_sent.get(s.start)
        if st is not None and len(st.bearers) == 1 and st.source == "topic":
            out.append(_Agent(st.bearers[0], (term,)))
    return tuple(out)


def statements(facts) -> tuple[Statement, ...]:
    parties = facts.parties
    if not parties:
        return ()
    # two passes: the first finds who appoints 業務責任者-like persons, the second uses them
    agents: tuple = ()
    out: list[Statement] = []
    # the preamble states who the parties are; read it only in a fragment with no articles
    skip = ("title", "preamble", "heading", "caption")
    if not any(c.kind not in skip for c in facts.clauses):
        skip = ("title", "heading", "caption")
    for pass_no in (0, 1):
        out = []
        _LEAD_CACHE[id(facts)] = out
        prev = None
        for si, s in enumerate(facts.sentences):
            c = facts.clause_at(s.start)
            if c is None or c.kind in skip:
                continue
            st = analyze_sentence(facts, si, parties, agents, prev)
            out.append(st)
            prev = st
        if pass_no == 0:
            agents = _agents(facts, {facts.sentences[st.sent].start: st for st in out})
            if not agents:
                break
    _LEAD_CACHE.pop(id(facts), None)
    return tuple(out)


# ---------------------------------------------------------------------------
# balance
# ---------------------------------------------------------------------------


def is_termination(facts, st: Statement) -> bool:
    if st.modality != "right":
        return False
    a = st.main_start
    seg = facts.folded[a:st.end]
    # ending the contract or the service is a termination whatever the verb (終了・廃止・打ち切る)
    return (bool(_RX["termination"].search(seg)) or st.verb in _TERMINATION
            or bool(_RX["end_service"].search(seg)))


def balance(facts, stmts) -> dict:
    out: dict = {}
    for p in facts.parties:
        out[p.label] = {k: {"count": 0, "clauses": []} for k in BALANCE_KEYS}
    for st in stmts:
        keys = []
        if st.modality in BALANCE_KEYS:
            keys.append(st.modality)
        if is_termination(facts, st):
            keys.append("termination_right")
        for label in st.bearers:
            if label not in out:
                continue
            for k in keys:
                cell = out[label][k]
                cell["count"] += 1
                if st.clause and st.clause not in cell["clauses"]:
                    cell["clauses"].append(st.clause)
    return out


def analyze(facts):
    stmts = statements(facts)
    extra = dict(facts.extra)
    if facts.parties:
        extra["balance"] = balance(facts, stmts)
    return dataclasses.replace(facts, statements=stmts, extra=extra)
