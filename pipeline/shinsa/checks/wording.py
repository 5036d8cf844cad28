"""Wording checks driven by the lexicons: vague wording, duties without a
deadline, mandatory requirements phrased as conditions, placeholders left in
a draft and misused conjunctions.

The words live in ``lexicons/*.yaml`` (the rules' entries and settings) and
``lexicons/vocab/wording.yaml`` (the words this module joins into its patterns:
which sentences are no party's term, where a document makes an object
mandatory, particles and POS names); this module adds what a word list
cannot say: the span of a duty (報告しなければならない), the object of a
condition (クラウドサービスを利用するときは) and where the document makes that
object mandatory. All matching reads ``facts`` tokens through one
:meth:`shinsa.lexicon.LexiconSet.scan` per document.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator

from .. import lexicon as lx
from .. import timeexpr
from ..analysis.propositions import OBJECT_CASES, of_sentence
from ..model import SEVERITIES, Finding, Related
from ..textnorm import fold
from ..vocabulary import pattern_file

VAGUE, DEADLINE, CONDITIONAL = "vague_wording", "deadline_missing", "conditional_mandatory"
PLACEHOLDER, CONJUNCTION = "placeholder_leftover", "conjunction_misuse"
RULE_IDS = (VAGUE, DEADLINE, CONDITIONAL, PLACEHOLDER, CONJUNCTION)


# Every word is in lexicons/vocab/wording.yaml (with examples the tests run); the shape of each
# pattern is here: {list} stands for the alternatives of that list. A "token" pattern is anchored
# at both ends and tests one morpheme's surface, normalised form, POS name or a case label.
WORDING_LISTS = (
    "counted_frequencies", "penalty_ends", "definition_verbs", "definition_ends", "purpose_ends", "purpose_captions",
    "general_clause_gaps", "general_clause_texts", "doubt_words", "authority_bodies", "authority_heads",
    "topic_stop", "both_parties", "party_letters", "agreement_links", "principle_captions",
    "supervision_words", "catch_all_item_heads", "conjunctions", "coordination_verbs", "coordination_extra",
    "object_prefixes", "compound_marks", "anaphora", "scope_captions", "definition_captions", "work_words",
    "requirement_kinds", "requirement_leads", "not_required_words", "not_requiring_leads", "appendix_scopes",
    "own_subject_prefixes", "own_subject_means", "act_stop_norms", "condition_heads", "condition_norms",
    "condition_tails", "noun_pos", "affix_pos", "adjectival_pos", "verb_pos", "auxiliary_pos",
    "adjective_pos", "particle_pos", "topic_particles", "subject_particles", "object_particles", "genitive",
    "phrase_break_particles", "noun_joiners", "compared_cases", "restricting_cases", "dative_cases", "role_captions", "place_suffixes", "open_parens", "close_parens", "open_quotes",
    "close_quotes", "ideographic_comma", "commas", "periods", "word_char", "sentence_char", "clause_char",
    "phrase_char")
_WORDS = pattern_file("wording.yaml", WORDING_LISTS, fixed=())
TEMPLATES: dict[str, str] = {
    "counted_frequency": "{counted_frequencies}",
    # sentences that are no party's term (_Context.not_a_term)
    "penalty_end": r"{penalty_ends}$",
    "definition_end": r"{definition_ends}$",
    "definition_inner": "{definition_verbs}",
    "purpose_end": r"{purpose_ends}\Z",
    "purpose_sentence": r"{purpose_ends}(?:{periods}|[ \u3000])*\Z",  # before the closing 。
    "purpose_caption": "{purpose_captions}",
    "general_clause": r"{general_clause_gaps}|{general_clause_texts}{sentence_char}{0,12}{doubt_words}",
    # a public body acting under statute, at the end of the topic (総務大臣, 行政庁, …の長)
    "authority": r"(?:{authority_bodies}|{word_char}*{authority_heads})$",
    "topic_stop": r"^{topic_stop}\Z",
    "both_parties": r"^{both_parties}\Z",
    "party_letters": r"^{party_letters}+\Z",
    "agreement_link": r"^{agreement_links}\Z",
    # vague_wording exemptions
    "principle_caption": "{principle_captions}",
    "supervision": "{supervision_words}",
    "catch_all_item": r"{catch_all_item_heads}\s*{periods}*\Z",
    "discretion_gap": r"^(?:{commas}| )*\Z",
    # deadline_missing: coordinated duties
    "coordination": r"^{commas}?{conjunctions}?{commas}?$",
    "coordination_lead": r"^{coordination_verbs}?{commas}?(?:{conjunctions}|{coordination_extra}){sentence_char}*$",
    # conditional_mandatory: the object and where the document makes it mandatory
    "object_prefix": r"^(?:{object_prefixes}|{compound_marks})\Z",
    "compound_mark": r"^{compound_marks}\Z",
    "anaphora_before": r"{anaphora}\Z",
    "scope_caption": "{scope_captions}",
    "definition_caption": "{definition_captions}",
    "requirement_lead": "{requirement_leads}",
    "not_required": "{not_required_words}",
    "lead_not_required": "{not_requiring_leads}",
    "appendix_scope": "{appendix_scopes}",
    "own_subject": r"^{own_subject_prefixes}{phrase_char}{1,20}?{own_subject_means}$",
    "act_stop": r"^{act_stop_norms}\Z",
    "condition_head": r"^{condition_heads}\Z",
    "condition_norm": r"^{condition_norms}\Z",
    "condition_tail": r"^{condition_tails}\Z",
    # POS names (their first field)
    "noun": "^{noun_pos}",
    "noun_or_affix": "^(?:{noun_pos}|{affix_pos})",
    "nounish": "^(?:{noun_pos}|{affix_pos}|{adjectival_pos})",
    "nounish_or_particle": "^(?:{noun_pos}|{affix_pos}|{adjectival_pos}|{particle_pos})",
    "particle": "^{particle_pos}",
    "verb_or_noun": "^(?:{verb_pos}|{noun_pos})",
    "verbal": "^(?:{verb_pos}|{auxiliary_pos})",
    "auxiliary": "^{auxiliary_pos}",
    "predicate": "^(?:{verb_pos}|{adjective_pos}|{auxiliary_pos})",
    # particles (surfaces) and the case labels of the proposition layer
    "topic_particle": r"^{topic_particles}\Z",
    "subject_particle": r"^{subject_particles}\Z",
    "object_particle": r"^{object_particles}\Z",
    "passive_object": r"^(?:{object_particles}|{subject_particles})\Z",
    "subject_marker": r"^(?:{topic_particles}|{subject_particles})\Z",
    "core_case": r"^(?:{topic_particles}|{subject_particles}|{object_particles})\Z",
    "genitive": r"^{genitive}\Z",
    "subject_after": "{subject_particles}",
    "phrase_break": r"^{phrase_break_particles}\Z",
    "noun_joiner": r"^{noun_joiners}\Z",
    "compared_case": r"^{compared_cases}\Z",
    "restricting_case": r"^{restricting_cases}\Z",
    "dative_case": r"^{dative_cases}\Z",
    "role_caption": r"^\(?{role_captions}\)?$",
    "place_suffix": r"{place_suffixes}\Z",
    # brackets and punctuation
    "open_bracket": r"^(?:{open_parens}|{open_quotes})\Z",
    "close_bracket": r"^(?:{close_parens}|{close_quotes})\Z",
    "open_paren": r"^{open_parens}\Z",
    "close_paren": r"^{close_parens}\Z",
    "comma": r"^{commas}\Z",
    "clause_break": r"^(?:{commas}|{periods})\Z",
    "named_phrase_break": r"(?:{commas}|{periods})",
    "named_bracket": r"{open_parens}",
    "period": "{periods}",
    "last_ideographic_comma": r"(?s:.*)({ideographic_comma})",
    # what body() strips: closing 。 and spaces, then white space
    "sentence_tail": r"\s*(?:{periods}|[ \u3000])*\Z",
}
_RX: dict[str, re.Pattern] = {name: re.compile(_WORDS.regex(t)) for name, t in TEMPLATES.items()}
_LINE_MARGIN = re.compile(r"^[ \u3000]+|[ \u3000]+\Z")  # spaces (U+3000 too) around a line


def patterns_using(list_name: str) -> list[re.Pattern]:
    """The compiled patterns that ``list_name`` of wording.yaml takes part in (for its examples)."""
    return [_RX[name] for name, t in TEMPLATES.items() if list_name in _WORDS.uses(t)]


def _is(name: str, text: str) -> bool:
    """``text`` (a token's surface, norm or POS, or a span) matches the pattern ``name``."""
    return _RX[name].search(text) is not None


class _WordTest(dict):
    """``_is(name, s)`` once per distinct token string (surfaces, norms and POS names are a bounded
    set that nlp interns per process): a token loop reads a dict instead of running the regex."""

    def __init__(self, name: str):
        super().__init__()
        self.search = _RX[name].search

    def __missing__(self, s: str) -> bool:
        v = self[s] = self.search(s) is not None
        return v


_TOKEN_TESTS: dict[str, _WordTest] = {}


def _token_test(name: str) -> _WordTest:
    test = _TOKEN_TESTS.get(name)
    if test is None:
        test = _TOKEN_TESTS[name] = _WordTest(name)
    return test


def _arg(p, name: str):
    """The first argument of proposition ``p`` whose case label matches the pattern ``name``."""
    rx = _RX[name]
    return next((a for a in p.args if rx.search(a.case)), None)


def _dedup_contained(hits: list[tuple[str, Finding]]) -> list[tuple[str, Finding]]:
    """One finding per place and rule: drop a finding lying inside a longer one."""
    hits = sorted(hits, key=lambda h: (h[1].start, -(h[1].end - h[1].start)))
    out: list[tuple[str, Finding]] = []
    reach = -1
    for eid, f in hits:
        if out and f.end <= reach:
            continue
        out.append((eid, f))
        reach = max(reach, f.end)
    return out


def _plain(scan: lx.Scan, m: lx.Match, severity: str | None = None) -> Finding:
    facts = scan.facts
    quote = facts.text[m.start:m.end]
    e = m.entry
    return facts.finding(e.rule, e.detail, severity or scan.severity(m), m.start, m.end,
                         e.render_message(quote), e.render_suggestion(quote))


# ---------------------------------------------------------------------------
# sentence context: where a word is not a contracting party's term
# ---------------------------------------------------------------------------
# Wording rules judge what a contract makes a party do. The same word in a
# definition, a purpose clause, a penal provision, a general clause about
# matters the document does not provide for, or a duty/power that a statute gives
# a public authority is not such a term and is not reported.

# Public bodies whose duties and powers come from statute, not from a contract, are the
# ``authority`` pattern (a body the document defines as a party, 北浜市（以下「市」という。）,
# stays a party).


class _Context:
    """Per-sentence facts the wording rules share (computed lazily, once per sentence)."""

    def __init__(self, scan: lx.Scan):
        self.scan = scan
        self.facts = scan.facts
        self._cache: dict[tuple[str, int], object] = {}
        self._party_forms = {fold(f) for p in getattr(self.facts, "parties", ()) or () for f in p.forms}
        self._stmt = {st.sent: st for st in (getattr(self.facts, "statements", ()) or ())}

    def _memo(self, key: str, si: int, fn):
        k = (key, si)
        if k not in self._cache:
            self._cache[k] = fn(si)
        return self._cache[k]

    def body(self, si: int) -> str:
        """The folded sentence without its closing 。 and brackets."""
        s = self.facts.sentences[si]
        return _RX["sentence_tail"].sub("", self.facts.folded[s.start:s.end], count=1)

    def topic(self, si: int) -> str | None:
        """The last depth-0 「Xは、」 of the sentence that names an actor (not ときは/場合は)."""
        opens, closes, topic_particle, particle = (_token_test(n) for n in (
            "open_bracket", "close_bracket", "topic_particle", "particle"))

        def run(si):
            toks = self.facts.sentences[si].tokens
            depth, out = 0, None
            for k, t in enumerate(toks):
                s = t.surface
                if opens[s]:
                    depth += 1
                elif closes[s]:
                    depth = max(0, depth - 1)
                elif depth == 0 and topic_particle[s] and particle[t.pos] and k > 0:
                    if _is("topic_stop", toks[k - 1].norm) or _is("topic_stop", toks[k - 1].surface):
                        continue
                    j = k = _before_parenthesis(toks, k)  # 市町村長（特別区の区長を含む。）は
                    while j > 0 and (_is("noun_or_affix", toks[j - 1].pos) or _is("genitive", toks[j - 1].surface)
                                     and j > 1 and _is("noun", toks[j - 2].pos)):
                        j -= 1
                    if j < k:
                        out = fold("".join(x.surface for x in toks[j:k]))
            return out
        return self._memo("topic", si, run)

    def is_party(self, word: str | None) -> bool:
        if not word:
            return False
        from ..analysis.parties import PARTY_WORDS
        return word in self._party_forms or word in PARTY_WORDS or any(
            word.endswith(f) for f in self._party_forms if len(f) >= 2)

    def authority(self, si: int) -> bool:
        """The sentence's actor is a public body acting under statute (国, 行政庁, …大臣, …の長)."""
        def run(si):
            st = self._stmt.get(si)
            if st is not None and st.bearers:
                return False
            t = self.topic(si)
            return bool(t) and not self.is_party(t) and _is("authority", t)
        return self._memo("authority", si, run)

    def holder_is_party(self, si: int) -> bool:
        st = self._stmt.get(si)
        if st is not None and st.bearers:
            return True
        return self.is_party(self.topic(si))

    def agreement_of_others(self, m: lx.Match) -> bool:
        """「構成団体の協議により」「関係地方公共団体の長が協議により」: the agreement is
        between named bodies that are not the contracting parties (a procedure, not a
        term the parties left open). 甲乙/双方/当事者 and parties' names keep it a deferral."""
        if m.i is None:
            return False
        toks = self.facts.sentences[m.sent].tokens
        k = m.i - 1
        while k >= 0 and _is("agreement_link", toks[k].surface):  # 甲と乙の間の協議
            k -= 1
        j = k
        while j >= 0 and _is("noun_or_affix", toks[j].pos):
            j -= 1
        if j == k:
            return False
        who = fold("".join(t.surface for t in toks[j + 1:k + 1]))
        if _is("party_letters", who) or _is("both_parties", who) or self.is_party(who):
            return False
        return True

    def not_a_term(self, si: int, offset: int) -> str | None:
        """Why a word at ``offset`` in sentence ``si`` is not a party's contract term, or None."""
        def run(si):
            b = self.body(si)
            if _is("penalty_end", b):
                return "penalty"
            if _one_bracket(b):
                return "caption"  # an article caption （適正な取得） names a topic
            if _is("definition_end", b):
                return "definition"
            if _is("purpose_end", b):
                return "purpose"
            clause = self.facts.clause_at(self.facts.sentences[si].start)
            art = self.facts.article_of(clause) if clause is not None else None
            if art is not None and art.caption and _is("purpose_caption", fold(art.caption)) \
                    and (not self._party_duty(si) or self._exchange(si)):
                # (a paragraph of the purpose article that binds a party is a term, unless it states the
                # exchange itself: 乙は…完成させて引き渡し、甲はその対価を支払う — the times are the 納期)
                return "purpose"
            if _is("general_clause", b):
                return "general"
            if self.authority(si):
                return "authority"
            return None
        why = self._memo("sent", si, run)
        if why:
            return why
        return "definition" if self.in_definition_parens(si, offset) else None

    def _statement(self, si: int):
        """The statement of sentence ``si`` (the table is built once per document)."""
        by_sent = self.__dict__.get("_duties")
        if by_sent is None:  # (setdefault would build it on every call)
            by_sent = self._duties = {st.sent: st for st in self.facts.statements}
        return by_sent.get(si)

    def _party_duty(self, si: int) -> bool:
        """Sentence ``si`` is a party's obligation (受託者が…場合は、…遵守しなければならない)."""
        st = self._statement(si)
        return st is not None and st.modality == "obligation" and bool(st.bearers) \
            and st.source in ("topic", "subject", "condition")

    def _exchange(self, si: int) -> bool:
        """Sentence ``si`` binds both parties (the vendor's performance and the client's payment)."""
        st = self._statement(si)
        return st is not None and len(set(st.bearers)) >= 2

    def in_definition_parens(self, si: int, offset: int) -> bool:
        """``offset`` lies in a parenthesised definition （…をいう。） / （以下「X」という。）."""
        s = self.facts.sentences[si]
        f = self.facts.folded
        depth, k = 0, offset - 1
        while k >= s.start:
            ch = f[k]
            if ch == ")":
                depth += 1
            elif ch == "(":
                if depth == 0:
                    break
                depth -= 1
            k -= 1
        if k < s.start:
            return False
        depth, e = 0, offset
        while e < s.end:
            ch = f[e]
            if ch == "(":
                depth += 1
            elif ch == ")":
                if depth == 0:
                    break
                depth -= 1
            e += 1
        return _RX["definition_inner"].search(f, k + 1, e) is not None


def _before_parenthesis(toks, k: int) -> int:
    """Index of the opening bracket of a parenthesis that closes right before ``toks[k]``
    (市町村長（特別区の区長を含む。）は), else ``k``."""
    if not _is("close_paren", toks[k - 1].surface):
        return k
    j, d = k, 0
    while j > 0:
        j -= 1
        if _is("close_paren", toks[j].surface):
            d += 1
        elif _is("open_paren", toks[j].surface):
            d -= 1
            if d == 0:
                break
    return j


# ---------------------------------------------------------------------------
# per rule
# ---------------------------------------------------------------------------


def _client_supervision(ctx: _Context, m: lx.Match) -> bool:
    """「区は、必要があると認めるときは、…調査することができる」: the client's power to
    inspect, audit or ask for reports. Its trigger is the client's legitimate discretion
    (corpora/README.md: the client's inspection right is not a unilateral right either),
    not a vagueness in what the vendor must do."""
    if ctx.scan.modality(m.sent) != "right":
        return False
    st = ctx._stmt.get(m.sent)
    parties = {p.label: p.role for p in (getattr(ctx.facts, "parties", ()) or ())}
    if st is None or not st.bearers or any(parties.get(b) != "client" for b in st.bearers):
        return False
    s = ctx.facts.sentences[m.sent]
    return _RX["supervision"].search(ctx.facts.folded, m.end, s.end) is not None


def _catch_all_item(ctx: _Context, m: lx.Match) -> bool:
    """The last item of an enumeration written as a noun phrase (「（５）その他発注者が必要と
    認める業務」「（３）甲が必要と認める事項」): the listed items say what is meant."""
    c = ctx.facts.clause_at(m.start)
    if c is None or c.kind not in ("item", "subitem"):
        return False
    return _is("catch_all_item", ctx.facts.folded[c.body_start or c.start:c.end].strip())


def _one_bracket(b: str) -> bool:
    """``b`` is one bracketed group （適正な取得）, not an item label and a note （(3) 修正（…。））."""
    if not (b.startswith("(") and b.endswith(")")):
        return False
    depth = 0
    for k, ch in enumerate(b):
        depth += (ch == "(") - (ch == ")")
        if depth == 0:
            return k == len(b) - 1
    return False


def _vague_applies(ctx: _Context, m: lx.Match) -> bool:
    """A vague word counts where it sets a party's term: not in definitions, purpose
    clauses, penal provisions, general clauses or a statutory authority's duties; a
    discretion word in a power (…することができる) only when a contracting party holds it,
    and not as the client's trigger to inspect or audit nor in a catch-all item; a degree
    word not in an article of basic principles (基本的事項), which later articles make concrete."""
    if ctx.not_a_term(m.sent, m.start):
        return False
    detail = m.entry.detail
    if detail == "discretion":
        if ctx.scan.modality(m.sent) == "right" and not ctx.holder_is_party(m.sent):
            return False
        if _client_supervision(ctx, m) or _catch_all_item(ctx, m):
            return False
    if detail == "degree":
        c = ctx.facts.clause_at(m.start)
        art = ctx.facts.article_of(c) if c is not None else None
        if art is not None and art.caption and _is("principle_caption", fold(art.caption).strip()):
            return False
    if detail == "deferral" and ctx.agreement_of_others(m):
        return False
    if detail == "time" and _counted_frequency(ctx.facts, m.sent, m.start):
        return False  # 「年2回の定期的な点検」: the count before the word fixes the timing
    return True


def _vague(scan: lx.Scan) -> Iterator[tuple[str, Finding]]:
    """One finding per vague phrase: overlapping entries (別途協議 + 協議して定める in
    「別途協議して定める」) are reported once over their union, under the first entry."""
    facts = scan.facts
    ctx = _Context(scan)
    groups: list[list[lx.Match]] = []
    for m in sorted((m for m in scan.by_rule.get(VAGUE, ()) if _vague_applies(ctx, m)),
                    key=lambda m: (m.start, -m.end)):
        # overlapping words, or two discretion words in one phrase (乙の判断により必要と認める)
        if groups and m.sent == groups[-1][0].sent and (
                m.start < max(x.end for x in groups[-1]) or
                m.entry.detail == groups[-1][-1].entry.detail == "discretion" and
                _is("discretion_gap", facts.folded[max(x.end for x in groups[-1]):m.start])):
            groups[-1].append(m)
        else:
            groups.append([m])
    for g in groups:
        head = g[0]
        end = max(x.end for x in g)
        quote = facts.text[head.start:end]
        sev = max((scan.severity(x) for x in g), key=SEVERITIES.index)
        e = head.entry
        f = facts.finding(e.rule, e.detail, sev, head.start, end, e.render_message(quote), e.render_suggestion(quote))
        for x in g:  # every entry is credited (the examples runner checks each)
            yield x.entry.id, f


def _deadline(scan: lx.Scan) -> Iterator[tuple[str, Finding]]:
    facts = scan.facts
    # a vague time (速やかに) or a vague length (相当の期間保存し、その後消去する): the deadline is there
    # but vague, and vague_wording reports it
    lengths = tuple(fold(w) for w in scan.lexset.settings.get(DEADLINE, {}).get("vague_lengths", ()))
    timing = {str(x) for x in scan.lexset.settings.get(DEADLINE, {}).get("timing_entries", ())}
    vague_time_sents = {m.sent for m in scan.by_rule.get(VAGUE, ())
                        if m.entry.detail == "time" or m.entry.id in timing or facts.folded.startswith(lengths, m.end)}
    ctx = _Context(scan)
    clients = _client_sentences(facts)
    spans: list[tuple[lx.Match, int, int, bool]] = []
    for m in scan.by_rule.get(DEADLINE, ()):
        if m.sent in vague_time_sents or m.i is None:
            continue  # 速やかに報告… is reported as vague_wording
        if (m.sent in clients or _client_act(facts, m)) and not _vendor_made_to(scan, m):
            continue  # the municipality's own act (甲は、…資料を乙に引き渡す): the reviewer's side sets its time
        if ctx.not_a_term(m.sent, m.start):
            continue  # a definition, penalty, purpose clause or a statutory authority's duty
        sent = facts.sentences[m.sent]
        if timeexpr.find_events(facts.folded, sent.start, sent.end):
            continue  # timing fixed by an event: 作業のつど, 申請書に添えて, 退職の際
        if _in_condition(facts, m.sent, m.start):
            continue  # 「廃棄し、又は消去するときは、…方法により行う」: the act is the condition, not the duty
        if _counted_frequency(facts, m.sent, m.start):
            continue  # 毎年度1回、…報告しなければならない: the count fixes the time
        if _lead_in_timed(scan, m.start):
            continue  # an item read with its lead-in: 「…を変更しようとするときは、次に掲げる手続をとること。ア …提出すること」
        if _timed_elsewhere(facts, m) or _role_article(facts, m.start):
            continue  # the same duty timed in its own article, or an article listing the parties' roles
        toks = facts.sentences[m.sent].tokens
        _kind, verb_end, modal_end = lx.governed_modal(toks, m.j)
        k = max(modal_end, m.j + 1)
        while k < len(toks) and _is("auxiliary", toks[k].pos):
            k += 1  # the polite form: quote 報告します / 報告するものとします, not 報告し
        end = toks[k - 1].end
        is_chain = modal_end == verb_end and verb_end < len(toks) and _is("comma", toks[verb_end].surface)
        # coordinated duties (返還し、又は廃棄するものとする; 返還し、又は甲の指示に従い消去しなければ
        # ならない; 返還するとともに、…消去しなければならない) are one finding
        gap = facts.folded[spans[-1][2]:m.start] if spans and spans[-1][0].sent == m.sent else None
        chained = spans and spans[-1][3] and gap is not None and not _is("period", gap)  # 消去し、その結果を…報告しなければならない
        if gap is not None and (_is("coordination", gap) or _is("coordination_lead", gap) or chained):
            first = spans[-1][0]
            spans[-1] = (first, first.start, max(end, spans[-1][2]), is_chain)
            continue
        spans.append((m, _object_start(facts, m), end, is_chain))
    for m, start, end, _chain in spans:
        quote = facts.text[start:end]
        e = m.entry
        yield e.id, facts.finding(e.rule, e.detail, scan.severity(m), start, end,
                                  e.render_message(quote), e.render_suggestion(quote))


def _vendor_made_to(scan: lx.Scan, m: lx.Match) -> bool:
    """The client makes the other party do it (「所管課は、受託者に…報告させる」): the act is the vendor's."""
    p = _act_at(scan.facts, m)
    return p is not None and p.causative and scan.party_made_to(m)


def _object_start(facts, m: lx.Match) -> int:
    """Where the quote of an untimed duty starts: at the thing handed over or done (「完了報告書を甲に
    提出しなければならない」) when its object stands just before the verb, else at the verb."""
    p = _act_at(facts, m)
    obj = _arg(p, "object_particle") if p is not None else None
    if obj is None or obj.end > m.start or m.start - obj.end > 12 or _is("period", facts.folded[obj.end:m.start]):
        return m.start
    # with what names it (「作業の結果を」「委託業務の完了報告書を」): the nominal whose genitive qualifies it
    gen = _genitive_of(facts, m.sent, obj)
    return gen.start if gen is not None and gen.start < obj.start and obj.start - gen.end <= 2 else obj.start


def _act_at(facts, m: lx.Match):
    """The (verbal) proposition whose predicate holds the match, or None."""
    return next((q for q in of_sentence(facts, m.sent) if q.start <= m.start < q.end and not q.nominal), None)


def _genitive_of(facts, si: int, obj):
    """The の-phrase of the nominal proposition that ``obj`` (an argument of sentence ``si``) ends with
    (「作業の結果」: 作業), or None."""
    return next((_arg(q, "genitive") for q in of_sentence(facts, si) if q.nominal and q.end == obj.end
                 and obj.head.endswith(q.act)), None)


def _timed_elsewhere(facts, m: lx.Match) -> bool:
    """Another sentence binds the same party to the same act on the same object and gives its time
    (「乙及び丙は、名簿情報の管理状況を甲に報告し」 and 「乙及び丙は、…管理状況を、同年4月30日までに甲に
    報告しなければならない」): the general statement needs no time of its own."""
    st = _statement_of(facts, m.sent)
    p = _act_at(facts, m)
    obj = _arg(p, "object_particle") if p is not None else None
    if st is None or not st.bearers or obj is None:
        return False
    # the object must be named the same specific way (名簿情報の管理状況), not just be another 報告書
    qual = _qualifier(facts, p, obj)
    if qual is None:
        return False
    for q in facts.propositions:
        if q.sent == m.sent or q.act != p.act or q.nominal or q.condition or q.negated:
            continue
        other = _arg(q, "object_particle")
        qs = _statement_of(facts, q.sent)
        if other is None or other.head != obj.head or qs is None or qs.bearers != st.bearers:
            continue
        theirs = _qualifier(facts, q, other)
        if theirs is None or not (theirs in qual or qual in theirs):
            continue
        sent = facts.sentences[q.sent]
        if timeexpr.find(facts.folded, sent.start, sent.end):
            return True
    return False


def _role_article(facts, offset: int) -> bool:
    """``offset`` is in an article whose caption lists the parties' roles (（役割）: wording.yaml
    role_captions): its sentences say who does what; the articles that follow set when."""
    c = facts.clause_at(offset)
    art = facts.article_of(c) if c is not None else None
    return bool(art is not None and art.caption and _is("role_caption", fold(art.caption)))


def _client_sentences(facts) -> set[int]:
    """Sentences whose duty only the client bears (委託者・甲・発注者・利用者 of a SaaS), when the document
    names a vendor too: deadline_missing asks the vendor's acts for a time, not the municipality's own
    (all such findings over the held-out rounds were false positives)."""
    roles = {p.label: p.role for p in facts.parties}
    if "vendor" not in roles.values():
        return set()
    return {st.sent for st in facts.statements
            if st.bearers and all(roles.get(b) == "client" for b in st.bearers)}


def _client_act(facts, m: lx.Match) -> bool:
    """The matched act's own subject is the client (「借主は、本件機器を…返還し、貸主は、…撤去する」: the
    sentence binds both, this act only the municipality), when the document names a vendor too."""
    roles = {form: p.role for p in facts.parties for form in p.forms}
    if "vendor" not in roles.values():
        return False
    for p in of_sentence(facts, m.sent):
        if p.start <= m.start < p.end:
            who = [a.text for a in p.args if _is("subject_marker", a.case) and a.text in roles]
            return bool(who) and all(roles.get(w) == "client" for w in who)
    return False


def _lead_in_timed(scan: lx.Scan, offset: int) -> bool:
    """``offset`` is in an item (号, イロハ) whose lead-in — the text of each enclosing unit before its
    first item — gives a time or an event (「…しようとするときは、次に掲げる手続をとること」
    「契約終了後10日以内に、次の措置を講じること」)."""
    facts = scan.facts
    c = facts.clause_at(offset)
    while c is not None and c.kind in ("item", "subitem") and c.parent is not None:
        parent = facts.clauses[c.parent]
        a = parent.body_start or parent.start
        b = min((k.start for k in facts.children_of(c.parent) if k.kind in ("item", "subitem")), default=c.start)
        if a < b and (timeexpr.find_events(facts.folded, a, b) or scan.times(a, b)):
            return True
        c = parent
    return False


def _counted_frequency(facts, si: int, offset: int) -> bool:
    """A counted frequency (毎年度1回, 四半期ごとに) governs the act at ``offset``: it stands in the act's
    own clause (after the last predicate that ends with 、 before it), or heads the sentence's chain
    of predicates (「乙は、週1回、会議を開催し、…報告しなければならない」: followed by 、 before the first
    predicate's objects)."""
    sent = facts.sentences[si]
    folded = facts.folded
    props = [p for p in of_sentence(facts, si) if not p.nominal and p.end <= offset]
    clause = max((p.end for p in props if _is("comma", folded[p.end:p.end + 1])), default=sent.start)
    if _RX["counted_frequency"].search(folded, clause, offset):
        return True
    first = min((a.start for p in props for a in p.args if a.case in OBJECT_CASES), default=None)
    if first is None:
        return False
    m = _RX["counted_frequency"].search(folded, sent.start, first)
    return m is not None and _is("comma", folded[m.end():m.end() + 1])


def _in_condition(facts, si: int, offset: int) -> bool:
    """The predicate at ``offset`` belongs to a condition (proposition layer): it heads a
    「…とき/…場合」 clause itself, or is coordinated with the one that does (廃棄し、又は消去するときは)."""
    props = [p for p in of_sentence(facts, si) if not p.nominal]
    k = next((n for n, p in enumerate(props) if p.start <= offset < p.end), None)
    if k is None:
        return False
    if props[k].condition:
        return True
    nxt = props[k + 1] if k + 1 < len(props) else None
    return bool(nxt is not None and nxt.condition and _is("coordination", facts.folded[props[k].end:nxt.start]))


def _object_before(toks, i: int) -> tuple[int, int] | None:
    """Token range of the noun compound right before ``toks[i]`` (を), prefixes like 本 dropped."""
    k = i
    while k > 0:
        t = toks[k - 1]
        if _is("nounish", t.pos) or _is("compound_mark", t.surface):
            k -= 1
            continue
        break
    if k == i:
        return None
    while k < i and _is("object_prefix", toks[k].surface):
        k += 1
    return (k, i) if k < i else None


def _core(toks, a: int, b: int) -> str:
    """The head of the object: its last two tokens (クラウドサービス of パブリック・クラウドサービス)."""
    parts = [t.surface for t in toks[a:b] if not _is("compound_mark", t.surface)]
    return fold("".join(parts[-2:]))


def _article_with_caption(facts, rx: re.Pattern):
    """Articles (第N条（目的）) and the numbered sections of a specification (「2. 業務の概要」) whose
    caption matches ``rx``."""
    for c in facts.clauses:
        if c.kind in ("article", "section") and c.caption and rx.search(fold(c.caption)):
            yield c


# the lead of an enumeration that lists what the work or the facility must comprise
# (``requirement_lead``): 「次に掲げる業務を行う」「次に掲げる設備を備えること」「次の要件を満たすこと」
# 「業務の内容は、次のとおり」 — unless it names a case or a ban (``lead_not_required``)


def _requirement_lists(scan: lx.Scan):
    """(span, parent clause) of each enumeration whose lead requires its items: the
    items are the work to do or the equipment to have (cached on the scan)."""
    cache = getattr(scan, "_wording_req_lists", None)
    if cache is not None:
        return cache
    facts = scan.facts
    out = []
    clauses = facts.clauses
    first_items = _first_items(clauses)
    for pi, parent in enumerate(clauses):
        if parent.kind in ("item", "subitem", "title", "preamble"):
            continue
        first = first_items.get(pi)
        if first is None:
            continue
        lead = facts.folded[parent.body_start or parent.start:first.start]
        if _is("requirement_lead", lead) and not _is("lead_not_required", lead):
            out.append((first.start, parent.end, parent))
    scan._wording_req_lists = out
    return out


def _first_items(clauses) -> dict:
    """Parent index -> its first item or subitem child (after it), in one pass over the clauses."""
    first: dict = {}
    for j, c in enumerate(clauses):
        p = c.parent
        if p is not None and p < j and p not in first and c.kind in ("item", "subitem"):
            first[p] = c
    return first


def _evidence(scan: lx.Scan, m: lx.Match, toks, obj: tuple[int, int], core: str,
              conditional_sents: set[int]) -> list[Related]:
    """Where the document makes the conditioned object mandatory: its title, purpose
    clause or purpose sentence, a scope-of-work or requirement clause (by caption), an
    enumeration of the work to do or the equipment to have (「次に掲げる業務を行う」
    「次に掲げる設備を備えること」), a scope table (別表 業務内容), or an unconditional
    duty to do the same act (or one of the same family: 設置/備える) with it. Words that
    imply the object (クラウド → データセンター, 住民情報の入力 → 個人情報, Tier3 →
    非常用発電機, from the lexicon's ``settings.implied_by``) count everywhere except
    in the same-act duty. The title and the captioned articles are all listed; of the
    later steps, the first that finds one is the evidence."""
    facts = scan.facts
    settings = scan.lexset.settings.get(CONDITIONAL, {})
    implied = [fold(w) for w in (settings.get("implied_by") or {}).get(core, [])]
    # the two words of the object the other way round (データ移行 / 移行データの抽出、変換及び投入)
    parts = [t.surface for t in toks[obj[0]:obj[1]] if not _is("compound_mark", t.surface)][-2:]
    swapped = [fold(parts[1] + parts[0])] if len(parts) == 2 and all(len(x) >= 2 for x in parts) else []
    words = [core] + implied + swapped
    out = _title_evidence(facts, m, words, core) + _caption_evidence(facts, m.start, words, core)
    if out:
        return out
    return (_purpose_sentence_evidence(facts, m, words, core) or _requirement_list_evidence(scan, m, words, core)
            or _scope_unit_naming(facts, m.start, words, _act_words(scan, m))
            or _scope_table_evidence(facts, m, words, core)
            or _same_act_evidence(scan, m, toks, obj, core, conditional_sents))


def _find_any(folded: str, a: int, b: int, words: list[str]) -> str | None:
    """The first of ``words`` that occurs in ``folded[a:b]``."""
    for w in words:
        if folded.find(w, a, b) >= 0:
            return w
    return None


def _title_evidence(facts, m: lx.Match, words: list[str], core: str) -> list[Related]:
    """The title names the object (or a word implying it)."""
    folded = facts.folded
    spans = [(c.start, c.end) for c in facts.clauses if c.kind == "title"]
    if not spans:  # an untagged first line that reads like a title (short, no 。)
        nl = folded.find("\n")
        first = folded[:nl if nl >= 0 else len(folded)]
        if first.strip() and len(first) <= 60 and not _is("period", first) and not (m.start < len(first)):
            spans = [(0, len(first))]
    for a, b in spans:
        w = _find_any(folded, a, b, words)
        if w:
            return [Related(a, b, f"題名に「{w}」とあり、{core}は前提です")]
    return []


# the articles, by caption, that make what they name a premise of the document (pattern, the
# object itself only, note): the definition article counts only for the object, not its implying words
_CAPTION_MESSAGES = (
    ("purpose_caption", False, "目的の条項（{path}）に「{word}」があり、{core}は前提です"),
    ("scope_caption", False, "業務の範囲・要件の条項（{path}）に「{word}」があり、{core}は前提です"),
    ("definition_caption", True, "定義の条項（{path}）に「{word}」があり、{core}は前提です"),
)


def _caption_evidence(facts, at: int, words: list[str], core: str) -> list[Related]:
    """A purpose, scope-of-work or definition article (other than the condition's own, at ``at``) names it."""
    out = []
    for name, object_only, note in _CAPTION_MESSAGES:
        for c in _article_with_caption(facts, _RX[name]):
            if c.start <= at < c.end:
                continue  # the condition's own article, or the section that holds it
            w = _find_any(facts.folded, c.body_start or c.start, c.end, [core] if object_only else words)
            if w:
                out.append(Related(c.start, c.end, note.format(path=c.path, word=w, core=core)))
                break
    return out


def _purpose_sentence_evidence(facts, m: lx.Match, words: list[str], core: str) -> list[Related]:
    """A purpose sentence without a caption (「この仕様書は、…へ移行するために必要な事項を定めることを
    目的とする。」) among the first 40 sentences names it."""
    for si, s in enumerate(facts.sentences[:40]):
        if si == m.sent or not _RX["purpose_sentence"].search(facts.folded, s.start, s.end):
            continue
        w = _find_any(facts.folded, s.start, s.end, words)
        if w:
            return [Related(s.start, s.end, f"目的の規定に「{w}」があり、{core}は前提です")]
    return []


def _requirement_list_evidence(scan: lx.Scan, m: lx.Match, words: list[str], core: str) -> list[Related]:
    """An item of an enumeration of the work or the equipment the document requires names it
    (an item that excludes or only names a case does not count)."""
    facts = scan.facts
    folded = facts.folded
    for a, b, parent in _requirement_lists(scan):
        if a <= m.start < b:
            named = _required_item_naming(facts, m.start, parent, words, _act_words(scan, m))
            if named:
                return named
            continue
        for s in facts.sentences_in(a, b):
            w = _find_any(folded, s.start, s.end, words)
            if w and not _RX["not_required"].search(folded, s.start, s.end):
                return [Related(s.start, s.end, f"必須の業務・設備の列挙（{facts.clause_path(s.start) or parent.path}）に「{w}」があり、{core}は前提です")]
    return []


def _required_item_naming(facts, offset: int, parent, words: list[str], act_words: tuple[str, ...] = ()) -> list[Related]:
    """The item of required work that holds the condition names its act in its caption
    (「(4)　面接指導の申出の勧奨」 over 「ア　…勧奨を行うに当たっては」): the work is listed as
    required, its subitems only say how; the items of the list around it do not count. With
    ``act_words`` the caption must name the act too (「(2)　データの移行」 for 「データを移行する場合は」)."""
    folded = facts.folded
    i = facts.clause_index_at(offset)
    c = facts.clauses[i] if i is not None else None
    while c is not None and c is not parent and c.parent is not None:
        up = facts.clauses[c.parent]
        if up is parent:
            break
        own = folded[up.body_start or up.start:c.start].strip() if up.kind in ("item", "subitem") else ""
        w = _names_work(own, words, act_words) if own and not _RX["period"].search(own) else None
        if w:
            return [Related(up.start, c.start, f"必須の業務の列挙の項目（{up.path}）が「{w}」を挙げており、"
                                               "行うかどうかは条件になりません")]
        c = up
    return []


def _names_work(caption: str, words: list[str], act_words: tuple[str, ...]) -> str | None:
    """The word of ``words`` a caption names, when it also names one of ``act_words`` (if any)."""
    w = _find_any(caption, 0, len(caption), words)
    return w if w and (not act_words or _find_any(caption, 0, len(caption), list(act_words))) else None


def _acts_needed(act: str, work_acts: set[str], families: list[set[str]]) -> tuple[str, ...]:
    """What a caption must name besides the object: nothing when ``act`` only does the work
    (``settings.work_acts``), else the act's family (``same_act``)."""
    return () if act in work_acts else tuple(next((f for f in families if act in f), {act}))


def _act_words(scan: lx.Scan, m: lx.Match) -> tuple[str, ...]:
    """:func:`_acts_needed` for the verb of the lexicon match ``m``."""
    settings = scan.lexset.settings.get(CONDITIONAL, {})
    toks = scan.facts.sentences[m.sent].tokens
    verb = toks[m.i + 1].norm if m.i is not None and m.i + 1 < len(toks) else ""
    return _acts_needed(verb, {fold(str(w)) for w in settings.get("work_acts") or []}, _families(settings))


def _scope_unit_naming(facts, offset: int, words: list[str], act_words: tuple[str, ...] = ()) -> list[Related]:
    """The condition lies in a unit of the scope of work whose caption names its object (「2 業務内容」 ›
    「2.1 データ移行」 › 「…データ移行を行う場合は」): the caption lists the work as part of the scope.
    With ``act_words`` the caption must name the act too."""
    i = facts.clause_index_at(offset)
    c = facts.clauses[i] if i is not None else None
    while c is not None and c.parent is not None:
        up = facts.clauses[c.parent]
        cap = fold(c.caption or "")
        if cap and up.caption and _RX["scope_caption"].search(fold(up.caption)):
            w = _names_work(cap, words, act_words)
            if w:
                return [Related(c.start, c.end, f"業務の内容（{up.path}）の項目「{c.caption}」が「{w}」を挙げており、"
                                                 "行うかどうかは条件になりません")]
        c = up
    return []


def _required_item_evidence(scan: lx.Scan, cond, obj, families: list[set[str]], work_acts: set[str]) -> list[Related]:
    """The condition lies in an item of a list of required work whose caption names its
    object — the work itself when the act only does it (``settings.work_acts``: 勧奨を行う),
    else the object with the act (データを移行する / 「データの移行」)."""
    words = [w for w in dict.fromkeys((obj.text, obj.head)) if len(w) >= 2]
    acts = _acts_needed(cond.act, work_acts, families)
    for a, b, parent in _requirement_lists(scan):
        if a <= cond.start < b:
            return _required_item_naming(scan.facts, cond.start, parent, words, acts)
    return _scope_unit_naming(scan.facts, cond.start, words, acts)


def _scope_table_evidence(facts, m: lx.Match, words: list[str], core: str) -> list[Related]:
    """A scope-of-work or requirement table (別表・別紙 whose head names the work) names it."""
    folded = facts.folded
    for c in facts.clauses:
        if c.kind != "appendix" or c.start <= m.start < c.end:
            continue
        head = folded[c.start:min(c.end, (c.body_start or c.start) + 60)]
        if _is("appendix_scope", head):
            w = _find_any(folded, c.body_start or c.start, c.end, words)
            if w:
                return [Related(c.start, c.end, f"業務内容の表（{c.path}）に「{w}」があり、{core}は前提です")]
    return []


def _same_act_evidence(scan: lx.Scan, m: lx.Match, toks, obj: tuple[int, int], core: str,
                       conditional_sents: set[int]) -> list[Related]:
    """An unconditional duty elsewhere to do the same act with the same object: the object,
    を, the same verb (or one of its family, ``settings.same_act``), and no condition (…とき /
    …場合) between that verb and the modal. The object itself only, not its implying words."""
    facts = scan.facts
    folded = facts.folded
    settings = scan.lexset.settings.get(CONDITIONAL, {})
    verbs = {t.norm for t in toks[obj[1] + 1:m.j + 1] if _is("verb_or_noun", t.pos) and not _is("act_stop", t.norm)}
    for fam in settings.get("same_act") or []:
        fam = {str(v) for v in fam}
        if verbs & fam:
            verbs |= fam
    for si, s in enumerate(facts.sentences):
        if si == m.sent or si in conditional_sents:
            continue
        k = folded.find(core, s.start, s.end)
        if k < 0 or scan.modality(si) != "obligation":
            continue
        if _RX["anaphora_before"].search(folded, max(s.start, k - 4), k):
            continue
        if not _unconditional_duty_on(s.tokens, k + len(core), verbs):
            continue
        return [Related(s.start, s.end, f"「{core}」を条件なしで義務付ける規定（{facts.clause_path(s.start) or '本文'}）")]
    return []


def _unconditional_duty_on(stoks, obj_end: int, verbs: set[str]) -> bool:
    """「<object>を<verb>…しなければならない」: the object ending at ``obj_end`` is the
    direct object of one of ``verbs`` and nothing after that verb turns it into a condition."""
    idx = next((n for n, t in enumerate(stoks) if t.start >= obj_end), None)
    if idx is None or idx + 1 >= len(stoks) or not _is("object_particle", stoks[idx].surface) \
            or stoks[idx + 1].norm not in verbs:
        return False
    return not any(_is("condition_norm", t.norm) for t in stoks[idx + 2:])


def _without_relative_clause(lead: list) -> list:
    """The lead without a relative clause that describes the object itself (本サービスの提供に[外部の
    事業者が運営する]データセンターを用いる場合): 「Xが…する」 right before the object is part of it."""
    if not lead or not _is("verbal", lead[-1].pos):
        return lead
    for n in range(len(lead) - 1, -1, -1):
        if _is("subject_particle", lead[n].surface) and _is("particle", lead[n].pos):
            k = n
            while k > 0 and _is("nounish_or_particle", lead[k - 1].pos) and not _is("phrase_break", lead[k - 1].surface):
                k -= 1
            return lead[:k]
    return lead


def _restricted_condition(toks, obj_start: int, cond_end: int, body_start: int) -> bool:
    """The condition narrows the case beyond the object itself (「…空域において航行を行う
    場合」, 「着陸するため降下飛行を行う場合」, 「前項の承認を得て委託する場合」) or is used
    as a noun modifier (「返金を行う場合の手数料」): a genuine condition, not a mandatory
    object written as one. A party subject or topic (乙は、乙が), nouns joined by の/・
    (パブリック・) and a qualifier about the document's own subject (本システムにおいて)
    do not narrow it."""
    j = cond_end + 1
    if j < len(toks) and _is("genitive", toks[j].surface):
        return True
    k = obj_start - 1
    while k >= 0 and not _is("clause_break", toks[k].surface) and toks[k].start >= body_start:
        k -= 1
    lead = _without_relative_clause(list(toks[k + 1:obj_start]))
    # drop the topic / subject 「乙は」「乙が」
    for n in range(len(lead) - 1, -1, -1):
        if _is("subject_marker", lead[n].surface) and _is("particle", lead[n].pos):
            lead = lead[n + 1:]
            break
    # a qualifier about the document's own subject (本業務において) before the rest of the lead
    own = next((n for n in range(len(lead), 0, -1)
                if _RX["own_subject"].match(fold("".join(t.surface for t in lead[:n])))), 0)
    lead = lead[own:]
    if not lead:
        return False
    return any(_is("predicate", t.pos) or (_is("particle", t.pos) and not _is("noun_joiner", t.surface))
               for t in lead)


def _conditional(scan: lx.Scan) -> Iterator[tuple[str, Finding]]:
    facts = scan.facts
    matches = scan.by_rule.get(CONDITIONAL, ())
    if not matches:
        return
    cond_sents = {m.sent for m in matches}
    ctx = _Context(scan)
    for m in matches:
        if m.i is None:
            continue
        toks = facts.sentences[m.sent].tokens
        obj = _object_before(toks, m.i)
        if obj is None:
            continue
        core = _core(toks, *obj)
        ignore = {fold(w) for w in scan.lexset.settings.get(CONDITIONAL, {}).get("ignore_objects", [])}
        if len(core) < 2 or core in ignore:
            continue
        cond_end = m.j
        clause = facts.clause_at(m.start)
        body = clause.body_start if clause is not None and clause.body_start is not None else 0
        if _restricted_condition(toks, obj[0], cond_end, body) or ctx.not_a_term(m.sent, m.start):
            continue
        if _others_act(facts, m.sent, m.start, m.end):
            continue  # 「発注者が…報告を行うときは、受注者はこれに協力する」: the other party's act, not this one's work
        related = _evidence(scan, m, toks, obj, core, cond_sents)
        if not related:
            continue
        start = toks[obj[0]].start
        end = m.end
        if _is("comma", toks[m.j].surface):  # 「…利用するとき、」: the comma is not quoted
            end = toks[m.j - 1].end
        quote = facts.text[start:end]
        e = m.entry
        yield e.id, facts.finding(e.rule, e.detail, scan.severity(m), start, end,
                                  e.render_message(quote), e.render_suggestion(quote), related)


def _others_act(facts, si: int, start: int, end: int) -> bool:
    """The condition at [start, end) is another party's act: its が names a party that the sentence's duty
    does not bind (「発注者が…報告を行うときは、受注者は、これに協力すること」)."""
    st = _statement_of(facts, si)
    if st is None or not st.bearers or st.source != "topic":
        return False  # (a bearer carried from the sentence before says nothing about this condition)
    forms = {fold(f): p.label for p in facts.parties for f in p.forms}
    for p in of_sentence(facts, si):
        if not p.condition or p.start > end or p.end < start:
            continue
        subj = _arg(p, "subject_particle")
        who = forms.get(subj.text) if subj is not None else _subject_before(facts, si, p.start, forms)
        if who is not None and who not in st.bearers:
            return True
    return False


def _subject_before(facts, si: int, end: int, forms: dict) -> str | None:
    """The party named first with が in the sentence before ``end`` (「発注者が個人情報の保護に関する法律…」,
    where the が-phrase was read as an argument of a word inside the law's name)."""
    lo = facts.sentences[si].start
    hits = [(k, label) for form, label in forms.items() for k in [facts.folded.find(form, lo, end)]
            if k >= 0 and _RX["subject_after"].match(facts.folded, k + len(form))]
    return min(hits)[1] if hits else None


def _families(settings: dict) -> list[set[str]]:
    return [{fold(str(v)) for v in fam} for fam in settings.get("same_act") or []]


def _same_act(a: str, b: str, families: list[set[str]]) -> bool:
    return a == b or any(a in fam and b in fam for fam in families)


def _proposition_evidence(facts, cond, obj, families: list[set[str]], rules: bool = False,
                          qualifier: str | None = None) -> list[Related]:
    """Where the document asserts, without condition, the act that ``cond`` (a condition
    proposition with object ``obj``) makes conditional: the same act (or one of its
    family) on the same object elsewhere — as a duty or statement (「…個人情報を取り扱う」),
    a presupposing relative clause (「乙が本業務において取り扱う個人情報」), the act written
    as a noun in a duty (「個人情報の取扱いに関する教育を行わなければならない」) — or the
    definition of the object itself saying it is done that way (「本サービス　…基盤上で
    提供する…をいう」 for 「本サービスを…基盤上で提供するときは」)."""
    others = {a.head for a in cond.args if not _is("core_case", a.case)} - {obj.head}
    defined = {fold(d.term) for d in facts.definitions} & {obj.text, obj.head}
    # the clause of the condition itself, from its predicate: a sentence that opens with the article's
    # label (「第１７条　所管課長は…」) starts in the article, its body in the first paragraph
    here = facts.clause_path(cond.start) or ""
    glossary = _glossary_items(facts, {obj.text, obj.head})
    named = _named_phrases(facts, {obj.text, obj.head})
    conditioned = _condition_arguments(facts)
    canon = _defined_heads(facts)
    for p in facts.propositions:
        if p.sent == cond.sent or p.condition or p.negated or not _same_act(p.act, cond.act, families):
            continue
        if p.nominal and any(a <= p.start < b for a, b in conditioned.get(p.sent, ())):
            continue  # the act as a noun inside another condition (「廃棄を事業者に委託するときは」) is not done
        s = facts.sentences[p.sent]
        if here and (facts.clause_path(s.start) or "").startswith(here):
            continue  # the items of the condition's own clause tell what to do in that case
        if any(a <= p.start < b for a, b in glossary):
            continue  # the definition of another term describes a class (所管課　…を使用して…事務を所掌する課)
        if p.nominal and any(a <= p.start < b for a, b in named):
            continue  # 「…サービスの利用を管理する者（以下「利用管理者」という。）」 names a post, not a use
        if p.modifies is not None and p.modifies.head == obj.head and not rules:
            return [Related(s.start, s.end, f"「{p.modifies.text}」を{cond.act}ことを前提とする記載"
                                            f"（{facts.clause_path(s.start) or '本文'}）")]
        if p.modifies is not None and p.passive:
            continue  # 「個人番号が記載された申請書」: the clause names a kind of 申請書, it asserts nothing
        if p.modifies is not None and not any(_is("subject_marker", a.case) for a in p.args):
            continue  # 「外部クラウドサービスを利用する職員を対象として」 names a class of people, no one's act
        target = _arg(p, "genitive" if p.nominal else "passive_object" if p.passive else "object_particle")
        same = target is not None and (target.head == obj.head or _party_owned(facts, obj, target)) \
            and _qualified(facts, s.start, target, qualifier)
        thing = None if same else _shared_defined(cond, p, canon)
        if not (same or thing) or _disagree(cond, p, canon) or _narrower(facts, cond, p):
            continue
        st = _statement_of(facts, p.sent)
        if p.nominal and (st is None or st.modality != "obligation"):
            continue
        if not p.nominal and st is not None and st.modality not in ("obligation", "none"):
            continue
        # (when the object is worded differently, the document's own thing named by both)
        what = f"「{thing}」{cond.act}" if thing else f"「{obj.text}」の{cond.act}"
        return [Related(s.start, s.end, f"{what}を条件なしで定める規定（{facts.clause_path(s.start) or '本文'}）")]
    return _definition_evidence(facts, cond, families, defined, others) if defined and others else []


def _party_owned(facts, obj, target) -> bool:
    """``obj`` is ``target`` with a party's word in front (本市機器, 発注者機器 for 機器: terms.yaml
    ``party_modifiers`` and the parties' own names) — the same things, said to be that party's."""
    from ..vocabulary import term_words

    rest = obj.text[:-len(target.text)] if len(target.text) >= 2 and obj.text.endswith(target.text) else ""
    words = set(term_words().party_modifiers) | {f for p in facts.parties for f in p.forms}
    return bool(rest) and fold(rest) in {fold(w) for w in words}


def _definition_evidence(facts, cond, families, defined: set, others: set) -> list[Related]:
    """The definition of the condition's object says it is done that way (「本サービス　…基盤上で提供する…
    をいう」 for 「本サービスを…基盤上で提供するときは」)."""
    for d in facts.definitions:
        if fold(d.term) not in defined:
            continue
        for p in facts.propositions:
            s = facts.sentences[p.sent]
            if p.sent == cond.sent or not (s.start <= d.start < s.end):
                continue
            if _same_act(p.act, cond.act, families) and others & {a.head for a in p.args}:
                return [Related(s.start, s.end, f"「{d.term}」の定義（{facts.clause_path(s.start) or '本文'}）が"
                                                f"条件の内容をすでに定めています")]
    return []


def _standing_evidence(facts, cond, obj, standing_acts: set[str]) -> list[Related]:
    """A thing kept in place (``settings.standing_acts``: 持出管理簿を備える場合は, 監視カメラを設置する場合は)
    that another clause already deals with as existing, without condition (「持出管理簿は、５年間保存する」):
    whether to have it is no longer open."""
    if cond.act not in standing_acts:
        return []
    here = facts.clause_path(cond.start) or ""
    for p in facts.propositions:
        if p.sent == cond.sent or p.condition or p.negated or p.nominal or p.past or p.modifies is not None:
            continue
        if not any(a.head == obj.head and a.text == obj.text and _is("core_case", a.case) for a in p.args):
            continue
        s = facts.sentences[p.sent]
        path = facts.clause_path(s.start) or ""
        st = _statement_of(facts, p.sent)
        if (here and path.startswith(here)) or (st is not None and st.modality not in ("obligation", "none")):
            continue
        return [Related(s.start, s.end, f"「{obj.text}」があることを前提とする規定（{path or '本文'}）")]
    return []


def _condition_arguments(facts) -> dict[int, list[tuple[int, int]]]:
    """Sentence -> spans of the arguments of its conditions' predicates: what a noun there names
    happens only in that case."""
    out = facts.extra.get("_condition_arguments")
    if out is None:
        out = facts.extra["_condition_arguments"] = {}
        for p in facts.propositions:
            if p.condition:
                out.setdefault(p.sent, []).extend((a.start, a.end) for a in p.args)
    return out


def _disagree(a, b, canon: dict | None = None) -> bool:
    """Two propositions with the same act and object are still different when another
    argument of the same case names something else (甲が乙に委託する / 乙が第三者に委託する);
    a defined term and the phrase it names (``canon``) are the same thing."""
    x, y = _first_by_case(a), _first_by_case(b)
    cases = x.keys() & y.keys()
    if a.causative or b.causative:  # 「児童生徒に持ち帰らせる」: に names who is made to act, not where to
        cases = {c for c in cases if not _is("dative_case", c)}
    if a.passive != b.passive:  # 「機器が設置される」: the passive's が is the other's を, compared already
        cases = {c for c in cases if not _is("subject_particle", c)}
    return any(_canonical(x[case], canon) != _canonical(y[case], canon) for case in cases)


def _canonical(arg, canon: dict | None) -> str:
    """The defined term an argument names (by its whole text or its head), else its head."""
    if canon:
        return canon.get(arg.text) or canon.get(arg.head) or arg.head
    return arg.head


def _defined_heads(facts) -> dict[str, str]:
    """Each bracket-defined term other than a party, and the longer noun phrase it abbreviates
    (認定調査用タブレット端末（以下「調査端末」という。）), mapped to the term (cached per document)."""
    out = facts.extra.get("_defined_heads")
    if out is None:
        out = facts.extra["_defined_heads"] = {}
        parties = {fold(f) for p in facts.parties for f in p.forms}
        for d in facts.definitions:
            # (a party is no thing of the document: every act names one)
            if d.kind != "bracket" or len(fold(d.term)) < 2 or fold(d.term) in parties:
                continue
            out.setdefault(fold(d.term), fold(d.term))
            # an abbreviation names a longer phrase (not 調査 for 認定調査)
            if len(fold(d.head)) > len(fold(d.term)):
                out[fold(d.head)] = fold(d.term)
    return out


def _shared_defined(cond, p, canon: dict) -> str | None:
    """The document's own defined thing (``canon``) that ``cond`` and ``p`` name in the same case, one
    that is neither core nor a means or place (``restricting_case``: で): 調査結果が調査端末に入力される場合 /
    調査票の内容を…調査端末に入力し — the same act into it, the object only worded otherwise.
    Returns the case phrase (「調査端末に」) or None."""
    theirs = {(a.case, _canonical(a, canon)) for a in p.args}
    for a in cond.args:
        term = _canonical(a, canon)
        if term in canon and not (_is("core_case", a.case) or _is("restricting_case", a.case)) \
                and (a.case, term) in theirs:
            return f"{a.text}{a.case}"
    return None


def _narrower(facts, cond, p) -> bool:
    """The condition names a place or means (``restricting_cases``: 甲の庁舎内で保守作業を行うときは) that
    the unconditional statement does not: it is one way of doing the required act, a genuine condition —
    unless the title names that place (ガバメントクラウド上で提供する場合 in a ガバメントクラウド移行の仕様書)."""
    heads = {a.head for a in p.args}
    title = _title_text(facts)
    for a in cond.args:
        if _is("restricting_case", a.case) and a.head not in heads:
            place = _RX["place_suffix"].sub("", a.head) or a.head
            if place not in title:
                return True
    return False


def _title_text(facts) -> str:
    spans = [(c.start, c.end) for c in facts.clauses if c.kind == "title"]
    return "".join(facts.folded[a:b] for a, b in spans)


def _first_by_case(p) -> dict:
    """The first argument of each compared case (``compared_case``: は が に へ から で)."""
    out: dict = {}
    for a in p.args:
        if _is("compared_case", a.case):
            out.setdefault(a.case, a)
    return out


def _narrowed(facts, cond, obj) -> bool:
    """Another predicate stands in the condition before its object (「前項の承認を得て個人情報を
    持ち出すときは」): the condition narrows the case to one occasion — a genuine condition."""
    sent = facts.sentences[cond.sent]
    last = _RX["last_ideographic_comma"].match(facts.folded, sent.start, obj.start)
    lo = last.end(1) if last else sent.start
    return any(p.sent == cond.sent and lo <= p.start and p.end <= obj.start and not p.nominal
               and p.modifies is None for p in facts.propositions)


def _occasion(facts, cond, settings: dict) -> bool:
    """The main clause times its duty from the conditioned event (「定期保守を行うときは、実施日の
    7日前までに通知する」): the condition names each occasion of a recurring act, not a mandatory
    way of doing the work. Markers: the lexicon's ``settings.occasion_markers``."""
    sent = facts.sentences[cond.sent]
    main = facts.folded[cond.end:sent.end]
    for w in (fold(str(w)) for w in settings.get("occasion_markers") or []):
        k = main.find(w)
        while k >= 0:
            if not _own_occasion(facts, cond, main, k):
                return True
            k = main.find(w, k + 1)
    return False


def _own_occasion(facts, cond, main: str, k: int) -> bool:
    """The marker at ``main[k]`` times an act of its own (「鍵の貸出しの都度」 after 「機器が設置される場合には」):
    a noun phrase with の right before it that names neither the condition's act nor its object."""
    if k == 0 or not _is("genitive", main[k - 1]):
        return False
    at = cond.end + k - 1  # the の: after a noun (貸出しの), not the pronoun of その都度
    toks = facts.sentences[cond.sent].tokens
    if not any(t.end == at and _is("noun_or_affix", t.pos) for t in toks):
        return False
    last = _RX["last_ideographic_comma"].match(main, 0, k - 1)
    before = main[last.end(1) if last else 0:k - 1]
    obj = _arg(cond, "passive_object") if cond.passive else _arg(cond, "object_particle")
    return bool(before) and cond.act not in before and (obj is None or obj.head not in before)


def _glossary_items(facts, keep: set[str]) -> list[tuple[int, int]]:
    """Spans of the definitions of terms other than ``keep``: a definition item (（２）所管課　…をいう) or a
    「X」とは sentence (「委託個人情報」とは、甲から提供を受けた個人情報及び乙が収集した個人情報をいう):
    what they say describes a class, not what the parties will do."""
    out = []
    title = _title_text(facts)
    for d in facts.definitions:
        if d.kind not in ("article_item", "toha") or fold(d.term) in keep:
            continue
        if title and fold(d.term) in title:
            continue  # the document's own subject: what its definition says happens to every instance
        if d.kind == "toha":
            s = facts.sentence_at(d.start)
            if s is not None:
                out.append((s.start, s.end))
            continue
        c = facts.clause_at(d.start)
        if c is not None:
            out.append((c.start, c.end))
    return out


def _named_phrases(facts, keep: set[str]) -> list[tuple[int, int]]:
    """Spans of the phrases that a bracket definition names (「所属の職員のうちから…を管理する者（以下
    「利用管理者」という。）」: from the last comma before it to its bracket), for terms other than ``keep``."""
    folded = facts.folded
    out = []
    for d in facts.definitions:
        if d.kind != "bracket" or fold(d.term) in keep:
            continue
        opens = list(_RX["named_bracket"].finditer(folded, max(0, d.start - 8), d.start))
        if not opens:
            continue
        k = opens[-1].start()
        s = facts.sentence_at(k)
        lo = s.start if s is not None else max(0, k - 200)
        breaks = list(_RX["named_phrase_break"].finditer(folded, lo, k))
        out.append((breaks[-1].end() if breaks else lo, k))
    return out


def _is_rulebook(facts, settings: dict) -> bool:
    """A document of rules for whoever does an act (運用要領, 取扱規程: ``settings.rulebook_profiles``), not
    one that commissions the acts: 「持ち出す外部記録媒体は」 there says what holds when it happens, not
    that it must happen."""
    prof = facts.extra.get("profile") or {}
    return prof.get("id") in {str(x) for x in settings.get("rulebook_profiles") or []}


def _statement_of(facts, si: int):
    return next((st for st in facts.statements if st.sent == si), None)


def _conditional_propositions(scan: lx.Scan, reported: list[tuple[int, int]]) -> Iterator[tuple[str, Finding]]:
    """Conditions whose act the document asserts elsewhere, whatever the verb (query over
    the proposition layer). Lexicon: ``settings.same_act`` (families of one act) and
    ``settings.ignore_objects`` (objects too general to compare)."""
    facts = scan.facts
    settings = scan.lexset.settings.get(CONDITIONAL, {})
    families = _families(settings)
    ignore = {fold(w) for w in settings.get("ignore_objects", [])}
    empty_acts = {fold(str(w)) for w in settings.get("ignore_acts") or []}
    standing_acts = {fold(str(w)) for w in settings.get("standing_acts") or []}
    work_acts = {fold(str(w)) for w in settings.get("work_acts") or []}
    e = next((x for x in scan.lexset.entries if x.rule == CONDITIONAL), None)
    if e is None or not facts.parties:  # what a party must do: statutes and memos have no parties
        return
    context = _Context(scan)
    rules = _is_rulebook(facts, settings)
    for cond in facts.propositions:
        if not cond.condition or cond.negated or cond.past or cond.act in empty_acts:
            continue
        obj = _arg(cond, "object_particle") or (_arg(cond, "subject_particle") if cond.passive else None)
        qualifier = _qualifier(facts, cond, obj) if obj is not None and len(obj.head) < 2 else None
        if obj is None or obj.head in ignore or (len(obj.head) < 2 and not qualifier):
            continue
        if any(a <= obj.start < b for a, b in reported):
            continue
        if context.not_a_term(cond.sent, obj.start) or _narrowed(facts, cond, obj) \
                or _others_act(facts, cond.sent, cond.start, cond.end):
            continue
        standing = _standing_evidence(facts, cond, obj, standing_acts)
        if not standing and _occasion(facts, cond, settings):
            continue  # (a thing kept in place has no occasions: 「持出しの都度」 there times another act)
        related = (_proposition_evidence(facts, cond, obj, families, rules, qualifier) or standing
                   or _required_item_evidence(scan, cond, obj, families, work_acts)
                   or _activity_evidence(facts, cond, obj, work_acts)
                   or _named_work_evidence(facts, cond, settings))
        if not related and not _party_keeps(facts, cond, standing_acts):
            continue
        end = _condition_end(facts, cond)
        quote = facts.text[obj.start:end]
        yield e.id, facts.finding(CONDITIONAL, e.detail, e.severity, obj.start, end,
                                  e.render_message(quote), e.render_suggestion(quote), related)


def _activity_evidence(facts, cond, obj, work_acts: set[str]) -> list[Related]:
    """An activity merely carried out (「リモート保守を実施する」: ``settings.work_acts``) that the purpose or the
    scope of work names as how the work is done (「本業務は、…リモート保守により…行うものである」 in 業務の概要):
    whether it happens is settled. Only an activity of four characters or more is compared (not 保守 alone)."""
    if cond.act not in work_acts or len(obj.text) < 4 or any(not _is("core_case", a.case) for a in cond.args):
        return []  # (「甲の庁舎内で保守作業を行うときは」: a place or means narrows it to some occasions)
    return _caption_evidence(facts, cond.start, [obj.text], obj.text)[:1]


def _named_work_evidence(facts, cond, settings: dict) -> list[Related]:
    """The act is the work the document commissions (「住民税申告書等データ入力業務委託契約書」: 入力する is the
    work, so 「電子計算機に入力する場合は」 always holds): the act's word with a work noun
    (``settings.named_work_nouns``: 業務, 作業) in the title or the preamble. A place or a manner
    (``settings.named_work_narrowing``: 庁舎外で入力するときは) makes it one occasion, not the work."""
    nouns = [fold(str(w)) for w in settings.get("named_work_nouns") or []]
    narrowing = {fold(str(w)) for w in settings.get("named_work_narrowing") or []}
    ignore = {fold(str(w)) for w in settings.get("named_work_ignore") or []}
    if len(cond.act) < 2 or cond.act in ignore or not nouns or any(a.case in narrowing for a in cond.args):
        return []
    spans = [c for c in facts.clauses if c.kind in ("title", "preamble")]
    for c in spans:
        text = facts.folded[c.start:c.end]
        for n in nouns:
            k = text.find(cond.act + n)
            if k >= 0:
                note = (f"題名に「{cond.act}{n}」とあり、{cond.act}はこの文書の業務そのものです" if c.kind == "title"
                        else f"前文に「{cond.act}{n}」とあり、{cond.act}はこの文書の業務そのものです")
                return [Related(c.start + k, c.start + k + len(cond.act + n), note)]
    return []


def _qualifier(facts, cond, obj) -> str | None:
    """The noun that makes an object specific (「個別避難計画の案を作成する場合は」: 個別避難計画, 名簿情報の
    管理状況), from the nominal proposition the object heads; None without one."""
    gen = _genitive_of(facts, cond.sent, obj)
    return gen.text if gen is not None and len(gen.head) >= 2 else None


def _qualified(facts, lo: int, target, qualifier: str | None) -> bool:
    """The other statement's object is qualified the same way: the qualifier stands just before it (within
    its sentence from ``lo``; a definition in between counts: 「…計画（以下「個別避難計画」という。）の案」)."""
    return qualifier is None or qualifier in facts.folded[max(lo, target.start - 40):target.start]


def _party_keeps(facts, cond, standing_acts: set[str]) -> bool:
    """A party's own equipment or post made a condition (「受託者は、入力作業室に入退室管理設備を設置して
    いる場合は」「受領者は、管理責任者を置くときは」): whether to have a safeguard is left to the party
    that should keep it. Every such condition the held-out writers met was a finding, with or without
    other evidence in the document; statutes (no parties) are not read this way."""
    if cond.act not in standing_acts or cond.passive or not facts.parties:
        return False
    st = _statement_of(facts, cond.sent)
    if st is None or st.modality not in ("obligation", "none"):
        return False
    if st.bearers:
        return True
    # a role word as the topic (受領者は、…を置くときは) in a document between two named parties
    from ..vocabulary import party_words

    pw = party_words()
    roles = set(pw.all) | set(pw.defined_client) | set(pw.defined_vendor)
    return any(_is("topic_particle", a.case) and a.text in roles for a in cond.args)


def _condition_end(facts, cond) -> int:
    """End of 「…とき(は|には)」「…場合(は|には)」 after the predicate."""
    toks = facts.sentences[cond.sent].tokens
    k = next((n for n, t in enumerate(toks) if t.start >= cond.end), len(toks))
    while k < len(toks) and not _is("condition_head", toks[k].norm):
        k += 1
    end = toks[k].end if k < len(toks) else cond.end
    k += 1
    while k < len(toks) and _is("condition_tail", toks[k].surface):
        end = toks[k].end
        k += 1
    return end


def _simple(rule: str):
    def run(scan: lx.Scan) -> Iterator[tuple[str, Finding]]:
        for m in scan.by_rule.get(rule, ()):
            yield m.entry.id, _plain(scan, m)
    return run


def _conditional_all(scan: lx.Scan) -> Iterator[tuple[str, Finding]]:
    hits = list(_conditional(scan))
    yield from hits
    yield from _conditional_propositions(scan, [(f.start, f.end) for _, f in hits])


def _filled_when_used(scan: lx.Scan, start: int) -> bool:
    """A date field that is filled at a known time: the execution date under the document's own signing
    formula (…甲乙記名押印の上、各自一通を保有する。) or a date in an annexed form (様式・別紙)."""
    settings = scan.lexset.settings.get(PLACEHOLDER, {}) if hasattr(scan.lexset, "settings") else {}
    folded = scan.facts.folded
    clause = scan.facts.clause_at(start)
    heads = tuple(settings.get("form_headings") or ())
    if clause is not None and clause.kind == "appendix" and heads and fold(clause.label or clause.path or "").startswith(heads):
        return True
    line_start = folded.rfind("\n", 0, start) + 1
    before = [_LINE_MARGIN.sub("", ln) for ln in folded[max(0, line_start - 600):line_start].split("\n")]
    before = [ln for ln in before if ln][-int(settings.get("signing_window") or 3):]
    if any(ln.startswith(heads) for ln in before if heads):
        return True
    return any(w in ln for ln in before for w in settings.get("signing_formulas") or ())


def _placeholder(scan: lx.Scan) -> Iterator[tuple[str, Finding]]:
    for m in scan.by_rule.get(PLACEHOLDER, ()):
        if m.entry.detail == "form_field" and _filled_when_used(scan, m.start):
            continue
        yield m.entry.id, _plain(scan, m)


def template_mode(facts, ctx) -> bool:
    """--template (a template handed out on purpose) or a profile with ``template: true``."""
    opts = getattr(ctx, "options", None) or {}
    return bool(opts.get("template")) or bool((facts.extra.get("profile") or {}).get("template"))


def _as_template(findings: list[Finding]) -> list[Finding]:
    """In a template the blanks are meant: each blank once, as info, with the number of places."""
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault("".join(fold(f.quote).split()), []).append(f)
    out = []
    for fs in groups.values():
        f = fs[0]
        where = f"（同じ空欄が全{len(fs)}箇所）" if len(fs) > 1 else ""
        out.append(dataclasses.replace(
            f, severity="info",
            message=f"ひな形の記入欄「{f.quote}」です{where}。相手方に渡す前提の空欄として一覧にしています。",
            suggestion="契約の締結時に記入する内容を確認してください。"))
    return out


_RUNNERS = {VAGUE: _vague, DEADLINE: _deadline, CONDITIONAL: _conditional_all,
            PLACEHOLDER: _placeholder, CONJUNCTION: _simple(CONJUNCTION)}


def lexicon_hits(facts, lexset: lx.LexiconSet, rule: str) -> Iterable[tuple[str, Finding]]:
    """(entry id, finding) for one rule, before deduplication (used by the examples runner)."""
    return list(_RUNNERS[rule](lexset.scan(facts)))


def check(facts, ctx) -> Iterator[Finding]:
    lexset = lx.of(ctx)
    select = getattr(ctx, "select", None)
    scan = lexset.scan(facts)
    for rule in RULE_IDS:
        if select is not None and rule not in select:
            continue
        found = [f for _, f in _dedup_contained(list(_RUNNERS[rule](scan)))]
        if rule == PLACEHOLDER and template_mode(facts, ctx):
            found = _as_template(found)
        yield from found
