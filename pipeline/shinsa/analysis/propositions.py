"""Propositions: every predicate of every sentence with its arguments.

For each sentence, each predicate (a verb, a compound verb 取り扱う, or a サ変 noun
with する: 提供する, 提供される) becomes a :class:`Proposition` with

* ``act``: the predicate's key (dictionary form of a verb, folded surface of a サ変
  noun: 取り扱う, 提供, 利用);
* ``args``: the noun phrases before it with their case (を に で から が へ と
  として において に対し より は); parentheticals （…） are skipped, so a definition
  written inside the object does not hide it;
* ``condition``: the predicate heads a 「…とき(は)」「…場合(は|には)」 clause;
* ``modifies``: the noun phrase a predicate modifies as a relative clause
  (「乙が本業務において取り扱う個人情報」 presupposes that 乙 handles it);
* ``passive``/``negated``; ``nominal`` for 「Xの取扱い」 (the act written as a noun with
  its object before の).

Checks query these values instead of matching words: a condition that restates
what the document asserts without condition elsewhere (conditional_mandatory) is
found by comparing propositions, whatever the verb. The layer is computed once per
document (``facts.propositions``); ``shinsa explain-sentence`` prints it.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Optional

from ..textnorm import fold
from ..vocabulary import PatternWords, pattern_file
from . import tokenwords

# Every word is in lexicons/vocab/propositions.yaml (with examples the tests run); the reading is
# here. The lists of the file, in its order:
PROPOSITION_LISTS = (
    "open_parens", "close_parens", "compound_cases", "cond_sequences", "cases", "pos_particle", "cond_nouns", "not_modified",
    "pos_nounish", "pos_head", "np_skip", "pos_after_verb", "te_particles", "te_forms", "pos_verb",
    "pos_dependent_verb", "pos_noun", "suru_verbs", "pos_auxiliary", "passive_lemmas", "past_lemmas",
    "negation_lemmas", "duty_links", "nai_lemma", "conditional_links", "prohibition_tails",
    "cond_modifier_links", "middle_dots", "quote_marks", "commas", "shared_cases", "shared_objects",
    "nominal_links", "pos_clause_link", "sentence_end", "causative_lemmas", "topic_cases",
    "aspect_acts", "aspect_nouns",
)
# the lists compared with tokens (see tokenwords): the token fields that may hold the word, "pos"
# for a part of speech, "sequence" for a run of surfaces
TOKEN_LISTS: dict[str, tuple[str, ...]] = {
    "open_parens": ("surface",), "close_parens": ("surface",), "compound_cases": ("sequence",),
    "cond_sequences": ("sequence",),
    "cases": ("surface",), "pos_particle": ("pos",), "cond_nouns": ("norm",), "not_modified": ("norm",),
    "pos_nounish": ("pos",), "pos_head": ("pos",), "np_skip": ("surface",), "pos_after_verb": ("pos",),
    "te_particles": ("surface",), "te_forms": ("surface",), "pos_verb": ("pos",), "pos_dependent_verb": ("pos",),
    "pos_noun": ("pos",), "suru_verbs": ("norm",), "pos_auxiliary": ("pos",), "passive_lemmas": ("lemma",),
    "past_lemmas": ("lemma",), "negation_lemmas": ("lemma",), "duty_links": ("surface",), "nai_lemma": ("lemma",),
    "conditional_links": ("surface",), "middle_dots": ("surface",), "quote_marks": ("surface",),
    "commas": ("surface",), "shared_cases": ("surface",), "shared_objects": ("surface",), "nominal_links": ("surface",),
    "pos_clause_link": ("pos",), "sentence_end": ("surface",), "causative_lemmas": ("lemma",),
    "topic_cases": ("surface",), "aspect_acts": ("norm",), "aspect_nouns": ("surface",),
}
# text patterns on what follows a predicate (its start): {list} stands for the alternatives of that list
TEMPLATES: dict[str, str] = {
    "prohibition_tail": r"\A{prohibition_tails}",
    "cond_modifier": r"\A{cond_modifier_links}",
}


def vocabulary(directory: str | None = None) -> PatternWords:
    """``lexicons/vocab/propositions.yaml`` with its token lists checked (file, line and reason on a problem)."""
    words = pattern_file("propositions.yaml", PROPOSITION_LISTS, directory, ())
    tokenwords.check(words, TOKEN_LISTS)
    return words


_WORDS = vocabulary()
_RX = {name: re.compile(_WORDS.regex(t)) for name, t in TEMPLATES.items()}


def patterns_using(list_name: str) -> list:
    """The compiled patterns (and the token probe) that ``list_name`` takes part in (for its examples)."""
    return tokenwords.probes(_WORDS, TOKEN_LISTS, TEMPLATES, _RX, list_name)


def _words(name: str) -> frozenset[str]:
    return tokenwords.word_set(_WORDS, name)


def _pos(name: str) -> tuple[str, ...]:
    return tokenwords.prefixes(_WORDS, name)


_OPEN, _CLOSE, _CASES, _COND_NOUNS, _NOT_MODIFIED, _NP_SKIP = (
    _words(n) for n in ("open_parens", "close_parens", "cases", "cond_nouns", "not_modified", "np_skip"))
_NOUNISH, _HEAD, _PARTICLE, _AFTER_VERB, _VERB, _DEPENDENT, _NOUN, _AUXILIARY, _CLAUSE_LINK = (
    _pos(n) for n in ("pos_nounish", "pos_head", "pos_particle", "pos_after_verb", "pos_verb",
                      "pos_dependent_verb", "pos_noun", "pos_auxiliary", "pos_clause_link"))
_TE_PARTICLES, _TE_FORMS, _SURU, _PASSIVE, _PAST, _NEGATION = (
    _words(n) for n in ("te_particles", "te_forms", "suru_verbs", "passive_lemmas", "past_lemmas",
                        "negation_lemmas"))
_DUTY_LINKS, _NAI, _COND_LINKS, _DOTS, _QUOTES, _COMMAS, _SHARED, _OBJECT, _NOMINAL, _END = (
    _words(n) for n in ("duty_links", "nai_lemma", "conditional_links", "middle_dots", "quote_marks", "commas",
                        "shared_cases", "shared_objects", "nominal_links", "sentence_end"))
_CAUSATIVE, _TOPIC = _words("causative_lemmas"), _words("topic_cases")
_ASPECT_ACTS, _ASPECT_NOUNS = _words("aspect_acts"), _words("aspect_nouns")
_COND_SEQUENCES = tokenwords.sequences(_WORDS, "cond_sequences")
_COND_SEQUENCE_FIRSTS = frozenset(seq[0] for seq in _COND_SEQUENCES)
OBJECT_CASES = tuple(_OBJECT)  # the case of a direct object (を), for checks that compare objects
# flags of Proposition.describe (shinsa explain-sentence prints them)
_FLAG_LABEL_JA = {"condition": "条件", "passive": "受身", "negated": "否定", "nominal": "名詞化", "past": "過去",
                  "causative": "使役"}


@dataclass(frozen=True)
class Argument:
    case: str  # を, に, で, が, として … ("の" for the object of a nominal act)
    text: str  # folded noun phrase
    head: str  # its last two noun tokens, folded (クラウドサービス of パブリック・クラウドサービス)
    start: int
    end: int


@dataclass(frozen=True)
class Proposition:
    sent: int
    act: str
    start: int  # predicate span
    end: int
    args: tuple[Argument, ...] = ()
    condition: bool = False
    modifies: Optional[Argument] = None
    passive: bool = False
    negated: bool = False
    nominal: bool = False
    past: bool = False  # 「…したときは」: an event that has happened, not a way of doing the work
    causative: bool = False  # 「児童生徒に端末を持ち帰らせる」: its に-phrase is who is made to act

    def arg(self, *cases: str) -> Optional[Argument]:
        return next((a for a in self.args if a.case in cases), None)

    def describe(self) -> str:
        parts = [f"{a.case}:{a.text}" for a in self.args]
        flags = [label for attr, label in _FLAG_LABEL_JA.items() if getattr(self, attr)]
        note = "・".join(flags)
        mod = f" → {self.modifies.text}" if self.modifies else ""
        return f"{self.act}({', '.join(parts)}){mod}" + (f" [{note}]" if flags else "")


def _noun_phrase(toks, a: int, b: int) -> Optional[Argument]:
    # a formal noun ending the phrase before (「発送のため返礼品事業者に」: ため) is not part of this one
    while a < b - 1 and toks[a].norm in _NOT_MODIFIED and toks[a + 1].pos.startswith(_NOUNISH):
        a += 1
    parts = [t for t in toks[a:b] if t.surface not in _NP_SKIP]
    if not parts:
        return None
    heads = [t for t in parts if t.pos.startswith(_HEAD)]
    head = fold("".join(t.surface for t in (heads or parts)[-2:]))
    return Argument("", fold("".join(t.surface for t in toks[a:b])), head, toks[a].start, toks[b - 1].end)


def _visible(toks) -> list[int]:
    """Indices of the tokens outside parentheses （…）.

    An empty token (Sudachi makes some of 「……」) opens a parenthesis: the test was a substring
    test on the bracket characters before they were data, and the propositions stay as they were."""
    out, depth = [], 0
    for i, t in enumerate(toks):
        if t.surface in _OPEN or not t.surface:
            depth += 1
        elif t.surface in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(i)
    return out


_COMPOUND_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = {}
# multi-token case markers: the tokens after a noun phrase that make one case (に おい て → において)
for _seq in tokenwords.sequences(_WORDS, "compound_cases"):
    _COMPOUND_BY_FIRST.setdefault(_seq[0], []).append((_seq, "".join(_seq)))


def _case_at(toks, idx: list[int], n: int) -> tuple[Optional[str], int]:
    """The case marker starting at visible position ``n`` and how many tokens it spans."""
    t = toks[idx[n]]
    for seq, name in _COMPOUND_BY_FIRST.get(t.surface, ()):
        if n + len(seq) <= len(idx) and all(toks[idx[n + k]].surface == s for k, s in enumerate(seq)):
            return name, len(seq)
    if t.pos.startswith(_PARTICLE) and t.surface in _CASES:
        return t.surface, 1
    return None, 0


def _is_suru(t) -> bool:
    return t.norm in _SURU


def _predicate_at(toks, idx: list[int], n: int) -> tuple[Optional[str], int]:
    """(act, number of visible tokens) of a predicate starting at visible position ``n``."""
    t = toks[idx[n]]
    prev = toks[idx[n - 1]] if n > 0 else None
    after_verb = prev is not None and (prev.pos.startswith(_AFTER_VERB) or (
        prev.surface in _TE_PARTICLES and n > 1 and toks[idx[n - 2]].surface in _TE_FORMS))
    if t.pos.startswith(_VERB) and not (t.pos.startswith(_DEPENDENT) and after_verb):
        k = n + 1
        # a compound verb: verbs written together (取り扱う; 持ち出す, 届け出る, whose second verb Sudachi
        # tags as dependent, are compounds too when nothing stands between the two verbs)
        while k < len(idx) and toks[idx[k]].pos.startswith(_VERB) and (
                not toks[idx[k]].pos.startswith(_DEPENDENT) or toks[idx[k - 1]].end == toks[idx[k]].start
                and toks[idx[k - 1]].pos.startswith(_VERB) and not _is_suru(toks[idx[k - 1]])):
            k += 1
        if k - n == 1:
            return t.lemma, 1
        return fold("".join(toks[idx[j]].surface for j in range(n, k - 1)) + toks[idx[k - 1]].lemma), k - n
    if (t.pos.startswith(_NOUN) and n + 1 < len(idx) and toks[idx[n + 1]].norm in _SURU
            and toks[idx[n + 1]].pos.startswith(_VERB)):
        return fold(t.surface), 2
    return None, 0


def _causative(toks, idx: list[int], n: int) -> bool:
    """The predicate ending before ``n`` is made causative (持ち帰らせる, 提出させる: せる/させる, after
    the する of a verbal noun)."""
    if n < len(idx) and toks[idx[n]].norm in _SURU:
        n += 1
    return n < len(idx) and toks[idx[n]].lemma in _CAUSATIVE


def _after(toks, idx: list[int], n: int) -> tuple[bool, bool, bool, Optional[tuple[int, int]], bool]:
    """(passive, negated, condition, modified noun run, past) after the predicate ending before ``n``."""
    passive = negated = past = False
    while n < len(idx):
        # 「設置している場合は」「保存しておくときは」: the て-form and its dependent verb belong to the predicate
        if toks[idx[n]].surface in _TE_FORMS and n + 1 < len(idx) and toks[idx[n + 1]].pos.startswith(_DEPENDENT):
            n += 2
            continue
        if not toks[idx[n]].pos.startswith(_AUXILIARY):
            break
        s = toks[idx[n]].lemma
        passive |= s in _PASSIVE
        past |= s in _PAST
        nxt = toks[idx[n + 1]].surface if n + 1 < len(idx) else ""
        # 「しなければならない」「しなくてはならない」 are duties, not negations
        negated |= s in _NEGATION and nxt not in _DUTY_LINKS
        if nxt in _COND_LINKS and s in _NAI:
            break
        n += 1
    tail = "".join(toks[idx[k]].surface for k in range(n, min(len(idx), n + 4)))
    if _RX["prohibition_tail"].search(tail):
        return passive, True, False, None, past  # a prohibition: the act is not asserted
    if n < len(idx) and toks[idx[n]].surface in _COND_SEQUENCE_FIRSTS:  # 「加工するに当たっては」: like 「…するときは」
        for seq in _COND_SEQUENCES:
            if tuple(toks[idx[k]].surface for k in range(n, min(len(idx), n + len(seq)))) == seq:
                return passive, negated, True, None, past
    if n < len(idx) and toks[idx[n]].norm in _COND_NOUNS:
        nxt = "".join(toks[idx[k]].surface for k in range(n + 1, min(len(idx), n + 3)))
        if _RX["cond_modifier"].search(nxt):  # 「…場合の手数料」「…場合における総額」: a modifier
            return passive, negated, False, None, past
        return passive, negated, True, None, past
    if n < len(idx) and toks[idx[n]].pos.startswith(_NOUN) and toks[idx[n]].norm not in _NOT_MODIFIED:
        k = n
        while k < len(idx) and (toks[idx[k]].pos.startswith(_NOUNISH) or toks[idx[k]].surface in _DOTS):
            k += 1
        return passive, negated, False, (idx[n], idx[k - 1] + 1), past
    return passive, negated, False, None, past


def sentence_propositions(si: int, toks) -> list[Proposition]:
    """Every predicate of one sentence (tokens) with the arguments before it."""
    idx = _visible(toks)
    out: list[Proposition] = []
    pending: list[Argument] = []
    np_start: Optional[int] = None
    n = 0
    while n < len(idx):
        t = toks[idx[n]]
        act, width = _predicate_at(toks, idx, n)
        if act is not None:
            passive, negated, cond, mod, past = _after(toks, idx, n + width)
            modifies = None
            if mod is not None:
                np = _noun_phrase(toks, *mod)
                modifies = dataclasses.replace(np, case="rel") if np else None
            # 「情報が事業者の管理する設備に保存される」: a relative clause with its own の-subject leaves the
            # arguments before it to the predicate that follows
            own_subject = modifies is not None and n > 0 and toks[idx[n - 1]].surface in _NOMINAL
            args, held = _arguments(toks, t.start, pending, out, modifies is not None and not own_subject)
            args = () if own_subject else args
            out.append(Proposition(si, act, toks[idx[n]].start, toks[idx[n + width - 1]].end, args, cond, modifies,
                                   passive, negated, past=past, causative=_causative(toks, idx, n + width)))
            if own_subject:
                pass  # the arguments wait for the predicate the relative clause's noun goes with
            elif cond or _clause_break(toks, idx, n + width):
                pending = []
            elif modifies is not None:
                pending = held
            else:  # a coordinated predicate follows: it shares the topic/subject, not the objects
                pending = [a for a in pending if a.case in _SHARED]
            np_start = None
            n += width
            if cond:  # skip the auxiliaries (した), 「とき」「場合」 and their particles
                while n < len(idx) and (toks[idx[n]].norm in _COND_NOUNS or toks[idx[n]].pos.startswith(_PARTICLE)
                                        or toks[idx[n]].pos.startswith(_AUXILIARY) or toks[idx[n]].surface in _COMMAS):
                    n += 1
            continue
        if t.pos.startswith(_NOUNISH) or t.surface in _DOTS or t.surface in _QUOTES:
            np_start = n if np_start is None else np_start
            n += 1
            continue
        case, width = _case_at(toks, idx, n)
        if case is not None and np_start is not None:
            np = _noun_phrase(toks, idx[np_start], idx[n - 1] + 1)
            if np is not None:
                if case in _TOPIC:  # a new topic replaces the one carried from the clause before (「乙は、…し、甲は、」)
                    pending = [a for a in pending if a.case not in _TOPIC]
                pending.append(dataclasses.replace(np, case=case))
        elif t.surface in _NOMINAL and np_start is not None:
            out.extend(_nominal(si, toks, idx, np_start, n))
        np_start = None
        n += max(width, 1)
    return _aspect_conditions(out)


def _aspect_conditions(out: list[Proposition]) -> list[Proposition]:
    """「電子データを引き渡すことがあるときは」「リモート保守を実施することとなった場合は」: the condition is about
    the act before こと (ある / なる only say whether it happens), so that act is the condition."""
    for k in range(1, len(out)):
        q, p = out[k], out[k - 1]
        # (こと right before the verb: not 「提供することが困難となったとき」)
        if q.condition and q.act in _ASPECT_ACTS and any(a.text in _ASPECT_NOUNS and q.start - a.end <= 1 for a in q.args) \
                and not (p.condition or p.nominal or p.modifies is not None or p.negated):
            out[k - 1] = dataclasses.replace(p, condition=True)
    return out


def _arguments(toks, at: int, pending: list[Argument], out: list[Proposition],
               relative: bool) -> tuple[tuple[Argument, ...], list[Argument]]:
    """(arguments, arguments held for the next predicate) of the predicate at offset ``at``."""
    # a relative clause takes no topic (「甲は、乙が収納した家賃等を」) and no phrase set off from it by a
    # comma (「家賃等を、収納した日の翌日から…払い込む」): those wait for the predicate that follows
    held = [a for a in pending if a.case in _TOPIC or _comma_between(toks, a.end, at)] if relative else []
    args = tuple(a for a in pending if a not in held)
    # 「取得し、又は利用する」 share the object: the last predicate before, not an act written as a noun
    # inside the arguments since (「甲の口座に」) — and not to a clause with a subject of its own
    # (「…保管し、調査員が…持ち出すときは」)
    last = next((q for q in reversed(out) if not q.nominal), None)
    if last is None or last.condition or any(a.case in _OBJECT for a in args):
        return args, held
    if any(a.case in _SHARED and a.case not in _TOPIC and a not in last.args for a in args):
        return args, held
    return args + tuple(a for a in last.args if a.case in _OBJECT), held


def _comma_between(toks, a: int, b: int) -> bool:
    """A comma stands between the offsets ``a`` and ``b`` of the sentence."""
    return any(a <= x.start < b and x.surface in _COMMAS for x in toks)


def _clause_break(toks, idx: list[int], n: int) -> bool:
    """The predicate ends a clause of its own (。 or 「…し、」 before new arguments)."""
    while n < len(idx) and toks[idx[n]].pos.startswith(_CLAUSE_LINK):
        n += 1
    return n >= len(idx) or toks[idx[n]].surface in _END


def _nominal(si: int, toks, idx: list[int], np_start: int, no: int) -> list[Proposition]:
    """「<object>の<act noun>」: the act written as a noun (個人情報の取扱い)."""
    k = no + 1
    while k < len(idx) and toks[idx[k]].pos.startswith(_NOUNISH):
        k += 1
    if k == no + 1:
        return []
    obj = _noun_phrase(toks, idx[np_start], idx[no - 1] + 1)
    last = toks[idx[k - 1]]
    if obj is None:
        return []
    return [Proposition(si, fold(last.surface), toks[idx[no + 1]].start, last.end,
                        (dataclasses.replace(obj, case=toks[idx[no]].surface),), nominal=True)]


def analyze(facts):
    """Fill ``facts.propositions`` for documents between parties (contracts, specifications): the
    checks that query the layer judge what a party undertakes. A document without parties (a
    statute) gets none; :func:`of_sentence` reads one sentence on demand."""
    if not facts.parties:
        return facts
    props = tuple(p for si, s in enumerate(facts.sentences) for p in sentence_propositions(si, s.tokens))
    return dataclasses.replace(facts, propositions=props)


def of_sentence(facts, si: int) -> list[Proposition]:
    """The propositions of sentence ``si``: from the layer, or read now when it was not computed."""
    if facts.propositions:
        return [p for p in facts.propositions if p.sent == si]
    return sentence_propositions(si, facts.sentences[si].tokens)


def explain(text: str) -> list[str]:
    """Lines describing the propositions of ``text`` (for ``shinsa explain-sentence``)."""
    from ..nlp import tokenize_span

    folded = fold(text)
    return [p.describe() for p in sentence_propositions(0, tokenize_span(folded, 0, len(folded)))]
