"""Coverage: for each topic of the document's profile, present (with evidence) or absent.

A topic is recognised (``lexicons/profiles/topics.yaml``) by

* ``captions``: an article caption containing one of the strings, and
* ``match``: groups of terms that must co-occur in one sentence (an item
  reads together with the lead sentence of its paragraph).

A group is a list of slots; a slot lists alternatives separated by ``|``:
a folded substring (``漏ら`` covers 漏らす/漏らさない), ``~word`` a token whose
Sudachi normalized form or dictionary form is ``word`` (``~漏洩`` covers
漏えい/漏洩), ``/regex/`` on the folded text, or ``@kind`` a quantity
(duration, time_range, number, place, deadline, date; see :data:`QUANTITIES`).
A slot starting with ``!`` must NOT occur in the sentence. The evidence span is
where the first positive slot matched.

The analysis writes ``facts.extra["coverage"]``: one row per profile topic,
``{"topic","name","required","level","present","status","evidence":[{start,end}]}``
with status ``present`` / ``absent`` / ``delegated`` (the document hands
personal-information handling to a separate 個人情報取扱特記事項 that is not in the file)
/ ``subsumed`` (absent, but covered by the finding on its parent topic).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from typing import Any, Iterable, Optional

from ..memo import PerDocument
from ..textnorm import fold
from ..vocabulary import pattern_file
from .groups import Unit, match_group, may_hold

# Every word and Japanese mark of these patterns is in lexicons/vocab/coverage.yaml (with examples
# tests/test_vocab_definitions.py runs); the shape of each pattern is here ({list}: its alternatives).
COVERAGE_LISTS = (
    "continuation", "period", "personal_words", "quote_open", "quote_close", "personal_handling",
    "supplement_docs", "delegate_verbs", "open_brackets", "close_brackets", "doc_char", "deleg_docs",
    "doc_article", "deleg_ways", "deleg_verbs", "deleg_verb_starts", "other_marks", "body_char", "bodies",
    "body_links", "rule_name_char", "self_this", "self_docs", "law_docs", "annex_joins", "annexes",
    "clause_breaks", "topic_markers", "pause", "subject_markers", "whole_handling", "client_data", "not_period",
    "never", "access_acts", "refrain", "data_words", "to_data", "topic_ha", "touch_acts", "refrain_short",
    "permissions", "housing_titles", "amendments", "same_rule",
)
_VOCAB = pattern_file("coverage.yaml", COVERAGE_LISTS)
# name -> (how the code applies the pattern: search or match; its template)
TEMPLATES: dict[str, tuple[str, str]] = {
    # a sentence that goes on from the one before (ただし / この場合 …) reads with it
    "continuation": ("match", r"[\s\u3000]*{continuation}"),
    # 「…秘密についても同様とし」: the rule of the sentence before, applied to another object
    "same_rule": ("search", "{same_rule}"),
    # a substring holding one of these may cross from one sentence into the next
    "boundary": ("search", r"{period}|[\n\s]"),
    "personal": ("search", "{personal_words}"),
    # a document that amends an earlier contract (…委託契約の一部を変更する覚書): its topics are that contract's
    "amends": ("search", "{amendments}"),
    # personal-information handling handed to a separate 個人情報取扱特記事項 …
    "delegate": ("search", "{quote_open}?(?:{personal_handling}{supplement_docs}){quote_close}?"),
    "delegate_verb": ("search", "{delegate_verbs}"),
    "quote_trim": ("search", r"^(?:{quote_open}|{quote_close})+|(?:{quote_open}|{quote_close})+\Z"),
    # the characters that change the state of joined_sentences (found without groups: scanning is
    # three times faster) and their kinds
    "join_event": ("search", r"\n|[ \u3000\t\r\f]|\(|{open_brackets}|\)|{close_brackets}|{period}"),
    "join_kind": ("fullmatch", r"(?P<nl>\n)|(?P<space>[ \u3000\t\r\f])|(?P<open>\(|{open_brackets})"
                  r"|(?P<close>\)|{close_brackets})|(?P<stop>{period})"),
    # the document a topic is handed to, right before the verb that hands it over
    "deleg_doc": ("search", "(?P<doc>(?:{doc_char}{0,60}?)(?:{deleg_docs}){close_brackets}?(?:{doc_article})?)"
                  "(?:{deleg_ways})?(?P<verb>{deleg_verbs})"),
    # every verb of deleg_doc starts with one of these (a sentence without one needs no deleg_doc)
    "deleg_verb_any": ("search", "{deleg_verb_starts}"),
    # the handed-to document must be another one: named as separate, agreed separately or set by someone else
    "other": ("search", "{other_marks}"),
    # a rule of a named body: 東山市文書管理規程, 総務省の…ガイドライン
    "named_rule": ("match", "{body_char}{1,12}?{bodies}(?:{body_links})?{rule_name_char}{2,30}$"),
    "self": ("match", "{self_this}{self_docs}"),
    "law_doc": ("search", "{law_docs}"),
    "close_trim": ("search", r"^(?:{close_brackets})+|(?:{close_brackets})+\Z"),
    "annex": ("search", "(?:^|{annex_joins})(?P<annex>{annexes})"),
    "annex_word": ("search", "{annexes}"),
    # where the document phrase starts: after the last clause break before it
    "clause_break": ("search", "(?={clause_breaks})"),
    "topic_lead": ("match", "{topic_markers}{pause}?"),
    "subject": ("search", "(.+?){subject_markers}{pause}?$"),
    "whole_handling": ("search", "{whole_handling}"),
    # housing: the operator provides space, power and lines and never touches the client's data
    "no_access": ("search", "{client_data}{not_period}{0,30}?{never}{not_period}{0,10}?{access_acts}{refrain}"
                  "|{data_words}{to_data}(?:{topic_ha})?{pause}?{touch_acts}{refrain_short}"),
    "permission": ("search", "{permissions}"),
    "housing_title": ("search", "{housing_titles}"),
}
_RX = {name: re.compile(_VOCAB.regex(t)) for name, (_mode, t) in TEMPLATES.items()}
_ANNEXES = _VOCAB.regex("{annexes}")


def patterns_using(list_name: str) -> list[tuple[str, re.Pattern]]:
    """(mode, compiled pattern) of the patterns ``list_name`` of coverage.yaml takes part in."""
    return [(mode, _RX[name]) for name, (mode, t) in TEMPLATES.items() if list_name in _VOCAB.uses(t)]

_UNITS = PerDocument()
_WORDS = PerDocument()


def _token_words(facts) -> frozenset:
    """Every token form (normalized, dictionary, surface) of the document (cached per facts)."""
    hit = _WORDS.get(facts)
    if hit is not None:
        return hit
    return _WORDS.put(facts, frozenset(w for s in facts.sentences for t in s.tokens for w in (t.norm, t.lemma, t.surface)))


def units(facts) -> list[Unit]:
    """Every sentence of the document as a matching unit (cached per facts)."""
    hit = _UNITS.get(facts)
    if hit is not None:
        return hit
    out = []
    folded = facts.folded
    aliases = _term_aliases(facts)
    first_child: dict[int, int] = {}
    for c in facts.clauses:
        if c.parent is not None and c.parent not in first_child:
            first_child[c.parent] = c.start
    for i, s in enumerate(facts.sentences):
        ctx = ""
        c = facts.clause_at(s.start)
        if c is not None and c.kind in ("item", "subitem") and c.parent is not None:
            p = facts.clauses[c.parent]
            ctx = folded[p.start:first_child.get(c.parent, p.end)]
            if c.kind == "subitem" and p.parent is not None:
                pp = facts.clauses[p.parent]
                ctx = folded[pp.start:min(pp.end, p.start)] + ctx
        # the caption line: before the label (TXT 「（目的）\n第1条」), or the label with the caption
        # after it (a Word heading 「第1条　（目的）」, its body on the next line)
        cap = c is not None and c.kind == "article" and c.label_start is not None and (
            s.start < c.label_start
            or (c.caption is not None and "".join(folded[s.start:s.end].split()) == fold(c.label + c.caption)))
        if i > 0 and (_RX["continuation"].match(folded, s.start, s.end)
                      or _RX["same_rule"].search(folded, s.start, s.end)):
            prev = facts.sentences[i - 1]
            if facts.clause_at(max(prev.start, prev.end - 1)) is c:
                ctx = ctx + folded[prev.start:prev.end]
        out.append(Unit(s.start, s.end, folded[s.start:s.end], ctx, s.tokens, i, cap, aliases.get(i, ())))
    return _UNITS.put(facts, out)


def _term_aliases(facts) -> dict[int, tuple[tuple[str, int, int], ...]]:
    """Per sentence index, the defining phrases of the bracket-defined terms it uses, with where
    each use stands: 「認定調査に従事する者（以下「調査員」という。）」 makes a later 「調査員の氏名」
    read as that phrase too. The phrase runs from the last clause break before the parenthesis."""
    folded = facts.folded
    out: dict[int, list] = {}
    for d in facts.definitions:
        si = facts.sentence_index_at(d.start) if d.kind == "bracket" and d.uses else None
        if si is None:
            continue
        sent = facts.sentences[si]
        paren = folded.rfind("(", sent.start, d.start)
        if paren < 0:
            continue
        seg = folded[sent.start:paren]
        cut = max((b.start() for b in _RX["clause_break"].finditer(seg)), default=-1)
        phrase = seg[cut + 1:]
        lead = _RX["topic_lead"].match(phrase)
        phrase = phrase[lead.end():] if lead else phrase
        if not phrase:
            continue
        n = d.end - d.start
        for use in d.uses:
            k = facts.sentence_index_at(use)
            if k is not None:
                out.setdefault(k, []).append((phrase, use, use + n))
    return {k: tuple(v) for k, v in out.items()}


def caption_span(facts, clause) -> Optional[tuple[int, int]]:
    """Where the caption （…） of an article is written."""
    if not clause.caption:
        return None
    cap = fold(clause.caption)
    # the caption stands before the label (TXT: 「（目的）\n第1条」) or after it, before the body
    # (a Word heading 「第1条 （目的）」): either way before the body starts
    label_end = clause.label_start + len(clause.label or "") if clause.label_start is not None else None
    hi = max(x for x in (label_end, clause.body_start, clause.start) if x is not None)
    k = facts.folded.find(cap, clause.start, min(hi + len(cap) + 2, clause.end))
    if k < 0:
        k = facts.folded.find(cap.strip("()"), clause.start, clause.end)
        if k < 0:
            return None
        return k, k + len(cap.strip("()"))
    return k, k + len(cap)


def captioned_articles(facts) -> list:
    return [c for c in facts.clauses if c.kind == "article" and c.caption]


def _caption_article_matches(facts, topic, art) -> bool:
    """An article under the topic's caption whose sentences, read with the caption and the 別表/別紙/
    articles they cite, hold one of the topic's groups: （保存期間）「…保存期間は、別表第3のとおり」."""
    from .references import cited_nodes

    extra = fold(art.caption or "")
    for node in cited_nodes(facts, art.start, art.end):
        if not (node.start <= art.start < node.end):
            extra += facts.folded[node.start:node.end]
    for u in units(facts):
        if u.caption or not (art.start <= u.start < art.end):
            continue
        wide = replace(u, ctx=u.ctx + extra)
        if any(match_group(g, wide) is not None for g in topic.groups):
            return True
    return False


_BOUNDARY = _RX["boundary"]


def _holding_units(facts, us: list[Unit], group) -> Optional[set[int]]:
    """Positions in ``us`` (the document's sentences, in order) of the sentences that hold every
    substring-only positive slot of ``group``, each slot found by one search of the whole text;
    None when the group has no such slot. Exact because a substring without 。, a line break or a
    space never crosses a sentence boundary, so a match inside a sentence is never hidden by one
    that started before it."""
    out = None
    starts = [u.start for u in us]
    for slot in group:
        if slot.negative or slot.subs is None or any(_BOUNDARY.search(a.value) for a in slot.alts):
            continue
        held = set()
        for m in slot.subs.finditer(facts.folded):
            k = bisect.bisect_right(starts, m.start()) - 1
            if k >= 0 and m.end() <= us[k].end:
                held.add(k)
        out = held if out is None else out & held
    return out


def _other_side_only(facts, pos: int, side: str) -> bool:
    """The sentence at ``pos`` is borne only by parties of the other side than ``side``, named as its
    topic or subject (a bearer the modality analysis only assumed does not count)."""
    si = facts.sentence_index_at(pos)
    st = next((x for x in facts.statements if x.sent == si), None) if si is not None else None
    if st is None or not st.bearers or st.source not in ("topic", "subject"):
        return False
    roles = {p.role for p in facts.parties if p.label in st.bearers}
    return bool(roles) and side not in roles


def topic_evidence(facts, topic, limit: int = 3) -> list[tuple[int, int]]:
    """Evidence spans for ``topic`` (a profile TopicDef): captions first, then sentences.

    A caption alone is not the topic: （再委託） over 「第三者に再委託することができる」 announces the
    subject but lacks its normative content (a duty, a prohibition, an approval). The caption counts
    only when a sentence of its article matches one of the topic's groups (a topic without groups is
    recognised by its captions alone)."""
    hits: list[tuple[int, int]] = []
    words = _token_words(facts)
    groups = [g for g in topic.groups if may_hold(g, facts.folded, words)]
    us = units(facts) if groups else []
    holders = [_holding_units(facts, us, g) for g in groups]
    if us and all(h is not None for h in holders):  # only the sentences some group may hold
        todo: Iterable[int] = sorted(set().union(*holders, (k for k, u in enumerate(us) if u.ctx or u.aliases)))
    else:
        todo = range(len(us))
    for k in todo:
        u = us[k]
        for g, held in zip(groups, holders):
            if held is not None and k not in held and not (u.ctx or u.aliases):
                continue  # a substring slot of the group is not in this sentence
            sp = match_group(g, u)
            if sp is not None and (topic.by is None or not _other_side_only(facts, sp[0], topic.by)):
                hits.append(sp)
                break
    found: list[tuple[int, int]] = []
    if topic.captions:
        for art in captioned_articles(facts):
            cap = fold(art.caption)
            if any(c in cap for c in topic.captions):
                if topic.groups and not any(art.start <= a < art.end for a, _ in hits) \
                        and not _caption_article_matches(facts, topic, art):
                    continue
                sp = caption_span(facts, art)
                if sp:
                    found.append(sp)
                    if len(found) >= limit:
                        return found
    for sp in hits:
        if not any(a <= sp[0] < b for a, b in found):
            found.append(sp)
        if len(found) >= limit:
            break
    return found


# ---------------------------------------------------------------------------
# the analysis
# ---------------------------------------------------------------------------

_PERSONAL, _DELEGATE, _DELEGATE_VERB = _RX["personal"], _RX["delegate"], _RX["delegate_verb"]


# ---------------------------------------------------------------------------
# delegation to another document
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Joined:
    """A sentence with its line breaks and layout spaces removed, and where each character came from."""

    text: str
    offsets: tuple[int, ...]

    def span(self, a: int, b: int) -> tuple[int, int]:
        return self.offsets[a], self.offsets[max(a, b - 1)] + 1


_JOINED = PerDocument()
_JOIN_EVENT = _RX["join_event"]


class _EventKind(dict):
    """The kind of a character of _JOIN_EVENT (its group name in join_kind: nl, space, open, close, stop),
    found once per distinct character."""

    def __missing__(self, ch: str):
        m = _RX["join_kind"].fullmatch(ch)
        v = self[ch] = m.lastgroup if m else None
        return v


_EVENT_KIND = _EventKind()


def joined_sentences(facts) -> list[Joined]:
    """Every sentence of the document on one line: a PDF or DOCX that wraps a sentence over several lines
    (or a TXT that breaks it by hand) reads the same as one written on a single line. Sentences end at
    「。」, at a blank line and where a clause (article, paragraph, item) begins."""
    hit = _JOINED.get(facts)
    if hit is not None:
        return hit
    f = facts.folded
    starts = set()
    for c in facts.clauses:
        if c.label_start is not None:
            starts.add(c.label_start)
        if c.kind not in ("paragraph", "item", "subitem") or c.label_start is not None:
            starts.add(c.start)  # not an unlabelled first paragraph: a wrapped line is not a new sentence
    out: list[Joined] = []
    buf: list[str] = []
    offs: list[int] = []

    def flush():
        if buf:
            out.append(Joined("".join(buf), tuple(offs)))
            buf.clear()
            offs.clear()

    depth = 0
    pos = 0
    # only clause starts and the characters of _JOIN_EVENT change the state; the runs between them are copied
    kinds = _EVENT_KIND
    for i in sorted(starts.union(m.start() for m in _JOIN_EVENT.finditer(f))):
        if i >= len(f):
            break
        if pos < i:
            buf.append(f[pos:i])
            offs.extend(range(pos, i))
        pos = i + 1
        kind = kinds[f[i]]
        if i in starts and depth == 0:
            flush()
        if kind == "nl":
            if f.startswith("\n\n", i):
                flush()
            continue
        if kind == "space":
            continue
        buf.append(f[i])
        offs.append(i)
        if kind == "open":
            depth += 1
        elif kind == "close" and depth > 0:
            depth -= 1
        elif kind == "stop" and depth == 0:
            flush()
    if pos < len(f):
        buf.append(f[pos:])
        offs.extend(range(pos, len(f)))
    flush()
    return _JOINED.put(facts, out)


_DELEG_DOC, _OTHER, _NAMED_RULE, _SELF, _LAW_DOC = (_RX[n] for n in ("deleg_doc", "other", "named_rule", "self",
                                                                       "law_doc"))


@dataclass(frozen=True)
class Delegation:
    start: int
    end: int
    text: str  # the joined sentence
    doc: str
    subject: str = ""  # what is handed over: 「…の設備水準」 in 「…の設備水準については、…による」


_DELEG_VERB_ANY = _RX["deleg_verb_any"]
_DELEGATIONS = PerDocument()
_ANNEX = _RX["annex"]


def _in_file_annex(name: str, apps: set) -> bool:
    """The document phrase hands the matter to a 別記/別紙/別添 that this file prints (its first
    document or one joined to it by 及び/並びに …)."""
    return any(m.group("annex") in apps for m in _ANNEX.finditer(name))


def delegations(facts) -> list[Delegation]:
    """Sentences that hand a matter over to another document (「…の設備水準については、別途締結する
    ハウジング契約による」「デジタル庁が定める…基準による」「別記「…特記事項」を遵守しなければならない」)."""
    hit = _DELEGATIONS.get(facts)
    if hit is not None:
        return hit
    apps = {fold(c.label or c.path)[:2] for c in facts.clauses if c.kind == "appendix"}
    out = []
    for js in joined_sentences(facts):
        if not _DELEG_VERB_ANY.search(js.text):  # no handing-over verb: no need for the slow pattern
            continue
        for m in _DELEG_DOC.finditer(js.text):
            doc = m.group("doc")
            # the document phrase: from the last clause break before it
            cut = max((b.start() for b in _RX["clause_break"].finditer(doc)), default=-1)
            name = doc[cut + 1:] if cut >= 0 else doc
            lead = _RX["topic_lead"].match(name)
            name = name[lead.end():] if lead else name
            if not (_OTHER.search(name) or _NAMED_RULE.match(name)) or _LAW_DOC.search(_RX["close_trim"].sub("", name)):
                continue
            if _SELF.match(name) and not _RX["annex_word"].search(name):
                continue
            # a 別記/別紙 printed in this very file is not another document, also when the phrase names it
            # with something else (「同法及び別記「…特記事項」を遵守」「この契約及び別紙…に定める」)
            if _in_file_annex(name, apps):
                continue
            head = js.text[:m.start("doc") + (cut + 1 if cut >= 0 else 0)]
            subj = _RX["subject"].search(head)
            a, b = js.span(0, m.end())
            out.append(Delegation(a, b, js.text, name, subj.group(1) if subj else ""))
            break
    return _DELEGATIONS.put(facts, out)


def delegated_topics(facts, topics) -> dict[str, tuple[int, int]]:
    """Topic id -> the delegation naming it (its ``subjects`` words appear in the delegating sentence)."""
    out: dict[str, tuple[int, int]] = {}
    for d in delegations(facts):
        for t in topics:
            if t.id not in out and any(w in d.subject or w in d.doc for w in getattr(t, "subjects", ())):
                out[t.id] = (d.start, d.end)
    return out


def handles_personal_data(facts) -> bool:
    return bool(_PERSONAL.search(facts.folded))


_NO_ACCESS, _HOUSING_TITLE = _RX["no_access"], _RX["housing_title"]


def no_data_access(facts) -> Optional[tuple[int, int]]:
    """Where the document states that the vendor never touches the client's data (pure housing):
    「乙は、本件機器に記録されたデータには一切アクセスしない」, or a ハウジング title."""
    for s in facts.sentences:
        t = facts.folded[s.start:s.end]
        m = _NO_ACCESS.search(t)
        if m and not _RX["permission"].search(t):
            return s.start + m.start(), s.start + m.end()
    title = next((c for c in facts.clauses if c.kind == "title"), None)
    if title is not None:
        m = _HOUSING_TITLE.search(facts.folded[title.start:title.end])
        if m:
            return title.start + m.start(), title.start + m.end()
    return None


def delegation_span(facts) -> Optional[tuple[int, int]]:
    """A sentence that hands personal-information handling to a separate 特記事項/特約 (read on joined
    sentences, so a line break inside the sentence or the document's name does not hide it)."""
    for js in joined_sentences(facts):
        m = _DELEGATE.search(js.text)
        if m and _DELEGATE_VERB.search(js.text, m.end()):
            name = _RX["quote_trim"].sub("", m.group(0))
            # the referred document is in this file (別記 with its own title line): not a delegation
            flat = re.sub(r"[ \u3000\t]", "", facts.folded)
            if re.search(rf"(?m)^{_ANNEXES}?{re.escape(name)}$", flat):
                return None
            return js.span(m.start(), m.end())
    return None


def _supplement_span(facts, patterns) -> Optional[tuple[int, int]]:
    """Where the document says it supplements a contract (in its first sentences)."""
    for s in facts.sentences[:6]:
        for rx in patterns:
            m = rx.search(facts.folded, s.start, s.end)
            if m:
                return s.start, s.end
    return None


def amendment_span(facts) -> Optional[tuple[int, int]]:
    """Where the title (or the opening sentence) says the document amends an earlier contract."""
    head = facts.folded[:400]
    m = _RX["amends"].search(head)
    return (m.start(), m.end()) if m else None


def _has_annex(facts, titles) -> bool:
    """The file holds an annex (別記・別紙) titled as one of ``titles`` in its first lines
    (別記\n個人情報取扱事項): the detailed topics are the document's own, not left to another text."""
    if not titles:
        return False
    for c in facts.clauses:
        if c.kind == "appendix":
            head = facts.folded[c.start:min(c.end, c.start + 60)]
            if any(rx.search(head) for rx in titles):
                return True
    return False


def coverage_rows(facts, profile) -> list[dict]:
    personal = handles_personal_data(facts)
    housing = no_data_access(facts)
    deleg = delegation_span(facts) if profile.delegation else None
    if deleg is None and profile.delegation:
        # 「個人情報の取扱いについては、別記特記事項による」: the whole of personal-information handling
        whole = next((d for d in delegations(facts) if _RX["whole_handling"].search(d.subject)), None)
        deleg = (whole.start, whole.end) if whole else None
    named = delegated_topics(facts, [pt.topic for pt in profile.topics])
    amends = amendment_span(facts)
    annexed = _has_annex(facts, getattr(profile, "annex_titles", ()))
    rows: list[dict] = []
    by_id: dict[str, dict] = {}
    for pt in profile.topics:
        t = pt.topic
        level = pt.annex_level if annexed and pt.annex_level else pt.level
        if level == "required" and t.personal_data and not personal:
            level = "recommended"
        if level == "required" and getattr(t, "data_access", False) and housing is not None:
            level = "recommended"  # pure housing: nobody of the vendor's handles the data
        if level == "required" and t.presumes and not any(w in facts.folded for w in t.presumes):
            level = "recommended"  # a certificate of deletion where nothing is deleted (all is returned)
        ev = topic_evidence(facts, pt)
        status = "present" if ev else "absent"
        if status == "absent" and deleg is not None and t.delegable:
            status = "delegated"
            ev = [deleg]
        elif status == "absent" and t.id in named:
            status = "delegated"
            ev = [named[t.id]]
        elif status == "absent" and t.settled_by_contract:
            sup = _supplement_span(facts, t.settled_by_contract)
            if sup is not None:
                status, ev = "delegated", [sup]
        if status == "absent" and amends is not None:
            status, ev = "delegated", [amends]  # the amended contract holds it
        row = {"topic": t.id, "name": t.name, "required": level == "required", "level": level,
               "present": status == "present", "status": status,
               "evidence": [{"start": a, "end": b} for a, b in ev]}
        rows.append(row)
        by_id[t.id] = row
    for row in rows:
        t = profile.topic(row["topic"]).topic
        if row["status"] == "absent" and t.subsumed_by and by_id.get(t.subsumed_by, {}).get("status") == "absent":
            row["status"] = "subsumed"
    return rows


def analyze(facts, options: Any = None):
    prof = facts.extra.get("profile") or {}
    pid = prof.get("id") if isinstance(prof, dict) else None
    extra = dict(facts.extra)
    if not pid:
        extra["coverage"] = []
        return replace(facts, extra=extra)
    from .profile import profiles_for

    profile = profiles_for(options).profiles.get(pid)
    extra["coverage"] = coverage_rows(facts, profile) if profile else []
    return replace(facts, extra=extra)
