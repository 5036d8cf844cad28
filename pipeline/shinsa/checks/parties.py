"""Party checks: one-sided exemptions and caps, unilateral rights, 甲/乙 role inversion.

They read the parties and the per-sentence statements of the modality analysis
(who bears what) and the lexicons ``exemption.yaml`` / ``causes.yaml`` (exemption
predicates, liability caps, broad causes), ``rights.yaml`` (termination / change /
suspension rights and discretionary grounds) and ``roles.yaml`` (duties that belong
to one side, breach phrases); the words that excuse or confirm a finding (planned
upkeep, consent, a statute's ground, the kinds of duty predicate) are in
``vocab/party_checks.yaml``. A document without parties (a statute) gets nothing.

- one_sided_exemption: an exemption or cap predicate that is the final predicate of
  a sentence borne by one party, with no clause giving the other party the same kind
  of exemption/cap. ``甲及び乙は…責任を負わない`` is symmetric. detail ``cause`` when a
  broad cause (停電, 通信回線の障害, システム障害, 第三者の行為, 天災) is in the sentence,
  ``cap`` for a cap, else ``exemption``.
- unilateral_right: a termination / change-of-terms / suspension right held by one
  party without an objective ground (no condition, or only its own judgement:
  必要と認めるとき, いつでも) and with no right of the same kind, on the same footing,
  for the other party. Rights conditioned on the other party's breach or on a
  specific event, and inspection/audit/report rights, are not flagged.
- party_role_inversion: (a) a remedy (解除・違約金・損害賠償の請求) whose ground is a
  breach by the very party that holds it; (b) a duty that belongs to the other side
  (roles.yaml) put on a party while the document puts the same kind of predicate on
  the usual party elsewhere.

Severity: warning when the one-sided clause favours the vendor (the usual risk for a
municipality), info when it favours the client.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from functools import lru_cache
from typing import Iterable, Iterator, Optional

from .. import lexicon as lx
from ..model import Finding, Related
from ..textnorm import fold
from ..vocabulary import party_words, pattern_file

OSE, UNI, INV = "one_sided_exemption", "unilateral_right", "party_role_inversion"
RULE_IDS = (OSE, UNI, INV)


ROLE_LABEL_JA = {"client": "委託者（市）", "vendor": "受託者（事業者）"}
# fragments of the messages: lists of parties and causes, the other side when no party is named
_MESSAGE_WORDS = {"and": " と ", "list": "、", "dot": "・", "other": "相手方"}

# Every word these checks read besides the rule lexicons is in lexicons/vocab/party_checks.yaml (with
# examples the tests run); the code keeps which list is read how. {forms} is filled per document with
# the parties' forms, {nouns} with roles.yaml settings.authority_nouns. A template \A{list}\Z is a set
# of words (a predicate, a token's norm), {list}\Z a set of endings; the others are searched.
CHECK_LISTS = ("report_verbs", "return_verbs", "payment_verbs", "claim_verbs", "fault_verbs", "equipment", "owner_links",
               "owner_phrase", "remedy_words", "damage_words", "fault_denials", "denied_fault", "end_words",
               "statutes", "statute_article", "by_statute", "statute_end_acts", "statute_end", "chain_breaks",
               "upkeep_works", "upkeep_purposes", "planned", "emergency_words", "emergency", "joint_acts",
               "approvals", "consent_denials", "consent_denied", "ground_statutes", "statute_ground",
               "listed_items", "conditions", "pronouns", "duty_modals", "particle_verbs", "part_words", "each_item",
               "staff_words", "staff_of", "staff_heads", "definition_end", "staff_links", "authority_qualifiers",
               "authority_of", "party_coordinators", "joint_parties", "accounts", "account_owner", "from_cases", "count_suffixes",
               "exception_clauses", "receipts")
RUNTIME = ("forms", "nouns")
VOCAB = pattern_file("party_checks.yaml", CHECK_LISTS, fixed=RUNTIME)
# the kinds of duty predicate (報告・返還・支払・障害の調査): a predicate in none is its own kind
_FAMILIES = ("report_verbs", "return_verbs", "payment_verbs", "fault_verbs", "claim_verbs")
TEMPLATES: dict[str, str] = {
    **{fam: r"\A{" + fam + r"}\Z" for fam in _FAMILIES},
    "owner_phrase": "{owner_phrase}",
    "account_owner": r"{account_owner}\Z",
    "from_case": r"\A{from_cases}\Z",
    "count_suffix": r"{count_suffixes}",
    "remedy_words": "{remedy_words}",
    "damage_words": "{damage_words}",
    "denied_fault": "{denied_fault}",
    "end_words": "{end_words}",
    "statute_end": "{statute_end}",
    "chain_breaks": "{chain_breaks}",
    "planned": "{planned}",
    "emergency": "{emergency}",
    "consent": "(?P<joint>{joint_acts})|{approvals}",
    "consent_denied": "{consent_denied}",
    "exception_clause": "{exception_clauses}",
    "receipt": "{receipts}",
    "statute_ground": "{statute_ground}",
    "listed_items": "{listed_items}",
    "conditions": "{conditions}",
    "pronouns": r"\A{pronouns}\Z",
    "part_words": r"\A{part_words}\Z",
    "duty_modals": "{duty_modals}",
    "particle_verbs": r"\A{particle_verbs}\Z",
    "each_item": "{each_item}",
    "staff_of": "{staff_of}",
    "joint_parties": "{joint_parties}",
    "party_coordinators": "{party_coordinators}",
    "staff_heads": r"{staff_heads}\Z",
    "definition_end": "{definition_end}",
    "staff_links": "{staff_links}",
    "authority_of": "{authority_of}",
}
_RX = {name: re.compile(VOCAB.regex(t)) for name, t in TEMPLATES.items() if not VOCAB.uses(t, RUNTIME) & set(RUNTIME)}


def _alternation(words) -> str:
    return "(?:" + "|".join(map(re.escape, words)) + ")"


@lru_cache(maxsize=256)
def _per_document(name: str, **fills: str) -> re.Pattern:
    """A template with holes filled per document (the parties' forms), compiled once per fill."""
    return re.compile(VOCAB.regex(TEMPLATES[name], **fills))


def patterns_using(list_name: str) -> list[re.Pattern]:
    """The compiled patterns that ``list_name`` of party_checks.yaml takes part in (for its examples);
    {forms} is filled with the labels of parties.yaml (甲 乙 丙 丁), {nouns} with the authority nouns of
    the built-in roles.yaml."""
    nouns = lx.default().settings.get(INV, {}).get("authority_nouns") or []
    sample = {"forms": _alternation(party_words().labels), "nouns": _alternation(w for fam in nouns for w in fam)}
    return [_RX[name] if name in _RX else _per_document(name, **sample)
            for name, t in TEMPLATES.items() if list_name in VOCAB.uses(t, RUNTIME)]


# Grammar, not vocabulary: the tokenizer's part-of-speech tags, the light verb する, and the particles
# and brackets that the token walks read.
_VERB, _NOUN, _SUFFIX, _AUX = "動詞", "名詞", "接尾辞", "助動詞"
_SURU = ("為る", "する")
_OBJ, _TOPIC, _SUBJ, _GEN, _DAT, _TE, _TA = "を", "は", "が", "の", "に", "て", "た"
_COMMA, _STOP = "、", "。"
_OPEN, _CLOSE, _QUOTE_OPEN, _QUOTE_CLOSE = ("(", "（"), (")", "）"), "「", "」"


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------


class _Ctx:
    def __init__(self, facts, scan: lx.Scan):
        self.facts = facts
        self.scan = scan
        self.parties = {p.label: p for p in facts.parties}
        self.by_sent = {st.sent: st for st in facts.statements}

    def party_ja(self, label: str) -> str:
        p = self.parties.get(label)
        if p is None:
            return label
        name = f"（{p.name}）" if p.name and p.name != label else ""
        return f"{label}{name}"

    def names_ja(self, labels, sep: str = _MESSAGE_WORDS["list"]) -> str:
        """Parties for a message (甲（東山市）、乙), or 相手方 when there are none."""
        return sep.join(self.party_ja(x) for x in labels) or _MESSAGE_WORDS["other"]

    def role(self, label: str) -> str:
        p = self.parties.get(label)
        return p.role if p is not None else ""

    def others(self, labels) -> list[str]:
        return [p for p in self.parties if p not in labels]

    def all_parties(self, labels) -> bool:
        return len(self.parties) >= 2 and set(self.parties) <= set(labels)

    def severity_for(self, beneficiary: str) -> str:
        return "warning" if self.role(beneficiary) == "vendor" else "info"

    def matches(self, rule: str, detail: Optional[str] = None, sent: Optional[int] = None):
        for m in self.scan.by_rule.get(rule, ()):
            if detail is not None and m.entry.detail != detail:
                continue
            if sent is not None and m.sent != sent:
                continue
            yield m


def _family(verb: str) -> Optional[str]:
    """The kind of duty predicate ``verb`` is (a list of party_checks.yaml), or None."""
    return next((fam for fam in _FAMILIES if _RX[fam].match(verb)), None)


def _same_kind(verb, fam: Optional[str], gov: str) -> bool:
    """``verb`` is a predicate of kind ``fam`` — or, for a predicate of no kind, ``gov`` itself."""
    if fam is None:
        return verb == gov
    return isinstance(verb, str) and _RX[fam].match(verb) is not None


# ---------------------------------------------------------------------------
# one_sided_exemption
# ---------------------------------------------------------------------------


def _kind(st) -> Optional[str]:
    return {"exemption": "exemption", "liability_cap": "cap"}.get(st.modality)


def _exemption_bearers(c: _Ctx, st) -> tuple[str, ...]:
    """Who a sentence exempts: its bearer; for a sentence with no party that excuses broad service
    causes (停電・通信回線・システム障害・不正アクセスについては、一切の責任を負わない), the vendor —
    those are the service provider's risks, and nobody else could be meant."""
    main = c.facts.folded[st.main_start:st.end]
    if st.source != "topic" and any(w in main for w in _either_party()):
        return tuple(c.parties)  # 「…遅延したときは、双方その責任を負わない」: both sides, whoever came before
    if st.bearers:
        return st.bearers
    if _kind(st) == "cap":
        owner = _cap_owner(c, st)
        if owner is not None:
            return (owner,)
    if any(True for _ in c.matches(OSE, "cause", st.sent)):
        vendors = [label for label in c.parties if c.role(label) == "vendor"]
        if len(vendors) == 1:
            return (vendors[0],)
    return ()


def _breach_of_other(c: _Ctx, st, bearers) -> bool:
    """The exemption is a consequence of the other party's breach, not a favour: its ground names
    the other party's breach or fault (乙の責めに帰すべき事由により / 乙がこの契約に違反したときは),
    or it settles the damages of a termination that the bearer may make only on such a ground
    (前項の規定により契約を解除した場合、甲は…損害を賠償しない)."""
    facts = c.facts
    pred0 = st.predicate[0] if st.predicate else st.end
    for m in c.matches(INV, "breach", st.sent):
        if m.start >= pred0:
            continue
        who = _breacher(c, m)
        if who is not None and who[0] not in bearers:
            # 乙の責めに帰すべき事由によらない / 帰さない: no fault of the other party, not a breach
            tail = facts.folded[m.end:m.end + 12]
            if not _RX["denied_fault"].match(tail):
                return True
    cond = facts.folded[st.start:max(st.main_start, pred0)]
    # a revocation or termination under a statute (地方自治法第244条の2第11項の規定により指定を取り消した
    # 場合): the law allows it only on the other party's failure (or the public interest), and the
    # resulting non-liability follows from the law, whichever way the parties are named
    if _RX["statute_end"].search(cond):
        return True
    ends = _RX["end_words"]
    if ends.search(cond):
        art = facts.article_of(facts.clause_at(st.start)) if facts.clause_at(st.start) else None
        lo, hi = (art.start, art.end) if art is not None else (st.start - 400, st.end)
        for o in facts.statements:
            if (o is not st and lo <= o.start < hi and o.modality == "right" and set(o.bearers) == set(bearers)
                    and ends.search(facts.folded[o.main_start:o.end])
                    and _footing(c, o, o.sent) == "grounded"):
                return True
    return False


def _counterparts(c: _Ctx) -> dict[str, list[tuple[str, set]]]:
    """Per party, the (kind, cause ids) of the exemptions that can make another party's exemption
    symmetric: an exemption of the same kind for that party alone (a mutual clause covers both and is
    no counterpart), not one that follows from a breach; for broad causes, the causes it names."""
    counterparts: dict[str, list[tuple[str, set]]] = {}
    for st in c.facts.statements:
        k = _kind(st)
        if not k:
            continue
        bearers = _exemption_bearers(c, st)
        if not bearers or c.all_parties(bearers) or _breach_of_other(c, st, bearers):
            continue
        causes = {cm.entry.id for cm in c.matches(OSE, "cause", st.sent)}
        for b in bearers:
            counterparts.setdefault(b, []).append((k, causes))
    return counterparts


def _forms_longest_first(facts) -> list[tuple[str, str]]:
    """(folded form, party label) of every party, longest form first (an alternation must try 受託者 before 受託)."""
    return sorted({(fold(f), p.label) for p in facts.parties for f in p.forms}, key=lambda x: -len(x[0]))


def _joint_condition(c: _Ctx, st) -> bool:
    """The condition names every party as one subject (当社又は利用者が本規約に関して相手方に損害賠償責任を
    負う場合、その額は…を上限とする): the cap that follows binds both sides."""
    forms = _forms_longest_first(c.facts)
    if len(c.parties) < 2 or not forms or st.main_start <= st.start:
        return False
    label_of = dict(forms)
    rx = _per_document("joint_parties", forms=_alternation(f for f, _ in forms))
    for m in rx.finditer(c.facts.folded, st.start, st.main_start):
        if c.all_parties({label_of.get(m.group(1)), label_of.get(m.group(2))}):
            return True
    return False


def _either_party() -> tuple[str, ...]:
    from ..analysis.parties import _GENERIC

    return tuple(fold(w) for w in _GENERIC)


def _cap_owner(c: _Ctx, st) -> str | None:
    """The one party whose liability a cap limits when the sentence's topic is the amount (「受注者が本件業務に
    関して発注者に対して負う損害賠償の額は、…を上限とする」): the が-party of the clause describing it."""
    facts = c.facts
    found = {label for p in facts.propositions if p.sent == st.sent and p.modifies is not None
             and p.start < st.main_start for a in p.args if a.case == _SUBJ
             for label in [_party_label(a.text, facts.parties)] if label}
    return next(iter(found)) if len(found) == 1 else None


def _one_sided(c: _Ctx, m: lx.Match, counterparts: dict) -> Optional[tuple[object, str, list[str]]]:
    """(statement with its bearers, kind, the other parties) when ``m`` is the final exemption or cap
    predicate of a sentence that exempts one side only; None when it is mutual, the consequence of the
    other party's breach, or matched by the same exemption (for the same causes) of the other party."""
    st = c.by_sent.get(m.sent)
    kind = _kind(st) if st is not None else None
    if kind is None or m.start < st.main_start:
        return None
    bearers = _exemption_bearers(c, st)
    if not bearers:
        return None
    if m.entry.detail == "cap" and (kind != "cap" or not _RX["damage_words"].search(c.facts.folded[st.start:st.end])):
        return None
    if c.all_parties(bearers) or (kind == "cap" and _joint_condition(c, st)):
        return None  # 甲及び乙は…責任を負わない / 当社又は利用者が…責任を負う場合、その額は…: mutual
    if _breach_of_other(c, st, bearers):
        return None  # the consequence of the other party's breach (解除した場合、甲は…賠償しない)
    others = c.others(bearers)
    own_causes = {cm.entry.id for cm in c.matches(OSE, "cause", m.sent) if cm.start < m.start}
    if others and all(any(k == kind and (not own_causes or own_causes <= cs) for k, cs in counterparts.get(o, []))
                      for o in others):
        return None  # the other party has the same exemption/cap (for the same causes) elsewhere
    return dataclasses.replace(st, bearers=bearers), kind, others


def _exemption_finding(c: _Ctx, m: lx.Match, st, kind: str, others: list[str]) -> tuple[list[str], Finding]:
    facts = c.facts
    causes = [cm for cm in c.matches(OSE, "cause", m.sent) if cm.start < m.start]
    detail = "cap" if kind == "cap" else ("cause" if causes else "exemption")
    who = c.names_ja(st.bearers, _MESSAGE_WORDS["and"])
    other = c.names_ja(others)
    quote = facts.text[m.start:m.end]
    muni_note = ("自治体が被った損害を回復できなくなります" if c.role(st.bearers[0]) == "vendor"
                 else "事業者側からは一方的と受け取られ、紛争の原因になります")
    if detail == "cause":
        causes_ja = _MESSAGE_WORDS["dot"].join(dict.fromkeys(facts.text[x.start:x.end] for x in causes))
        msg = (f"{who}だけが「{causes_ja}」を理由に免責されています（{other}に同じ免責はありません）。"
               f"これらは事業者の設備と対策で備えるべき危険で、免責すると{muni_note}。")
        sug = ("停電・回線障害・システム障害・第三者の行為を免責事由から外し、免責は「甲及び乙は、天災地変その他"
               "甲乙いずれの責めにも帰することができない事由により…責任を負わない」のように双方共通の不可抗力に限ってください。")
    elif detail == "cap":
        msg = (f"{who}の損害賠償責任だけに上限（「{quote}」）が設けられ、{other}の責任は制限されていません。"
               f"個人情報の漏えいなど大きな損害でも上限までしか請求できず、{muni_note}。")
        sug = ("上限を設けるなら甲乙双方に同じ上限とし、故意・重大な過失や個人情報の漏えいによる損害は上限の対象外と"
               "明記してください。")
    else:
        msg = (f"{who}だけが「{quote}」とされ、{other}には同じ免責がありません。免責の範囲が限定されておらず、{muni_note}。")
        sug = ("免責は相手方の責めに帰すべき事由や双方共通の不可抗力に限り、甲乙双方に同じ条件で定めてください。")
    related = [Related(x.start, x.end, "免責の理由とされた事由") for x in causes]
    # a cause finding quotes from the first cause it excuses to the exemption: the causes are the defect;
    # an exemption that keeps only the gravest fault (「乙の故意又は重大な過失による場合を除き、…責任を負わない」)
    # quotes from that exception, which is where the other faults are let go
    start = min(x.start for x in causes) if detail == "cause" else _exception_start(facts, st, m.start)
    f = facts.finding(OSE, detail, c.severity_for(st.bearers[0]), start, m.end, msg, sug, related)
    return [m.entry.id] + [x.entry.id for x in causes], f


def _exception_start(facts, st, end: int) -> int:
    """Start of the clause of an exception (「…による場合を除き、」: party_checks.yaml exception_clauses) before
    ``end`` in the statement, from the last 、 before it; else ``end``."""
    hits = list(_RX["exception_clause"].finditer(facts.folded, st.start, end))
    if not hits:
        return end
    return max(facts.folded.rfind(_COMMA, st.start, hits[-1].start()) + 1, st.start)


def _exemptions(c: _Ctx) -> Iterator[tuple[list[str], Finding]]:
    """Each exemption sentence is judged by its own bearer and causes (see :func:`_one_sided`)."""
    counterparts = _counterparts(c)
    done: set[int] = set()
    for m in c.matches(OSE):
        if m.entry.detail == "cause" or m.sent in done:
            continue
        hit = _one_sided(c, m, counterparts)
        if hit is None:
            continue
        done.add(m.sent)
        yield _exemption_finding(c, m, *hit)


# ---------------------------------------------------------------------------
# unilateral_right
# ---------------------------------------------------------------------------


def _right_head(c: _Ctx, m: lx.Match, st) -> Optional[tuple[int, int]]:
    """(start, end) of the right's predicate when ``m`` heads it (or a chain to it), else None."""
    if st is None or st.modality != "right" or st.predicate is None or m.start < st.main_start:
        return None
    toks = c.facts.sentences[m.sent].tokens
    k = m.j
    # the whole verb: 打ち切る (打ち + 切る), 取り|やめる — not only its last token
    while k is not None and k > (m.i or 0) and toks[k].pos.startswith(_VERB) and toks[k - 1].pos.startswith(_VERB):
        k -= 1
    last = toks[k] if k is not None else None
    start = last.start if last is not None else m.start
    p0, p1 = st.predicate
    if m.start < p1 and m.end > p0:
        return start, p1
    # a chain: 解除し、及び損害賠償を請求することができる
    if m.j is not None and m.j + 2 < len(toks) and toks[m.j + 1].norm in _SURU and toks[m.j + 2].surface in (_COMMA, _TE):
        between = c.facts.folded[m.end:p0]
        if not _RX["chain_breaks"].search(between):
            return start, p1
    return None


# A suspension is an ordinary operational right only when it serves planned upkeep (計画停止,
# 定期保守のため, 点検) or an emergency for safety (緊急のやむを得ない場合, 安全確保のため) — a purpose
# that limits it. Notice alone does not: 「甲に通知の上、電源又は回線の供給を一時停止することができる」
# lets the vendor stop whenever it likes, as long as it tells the client. Termination is not cured
# by notice either: ending the contract or the service on three months' notice is still unilateral.
# (party_checks.yaml: planned, emergency). The other party's consent or a joint decision makes a change
# of terms or price a mutual act: 甲の承諾を得て / 甲乙協議の上 / 書面による合意により — notice (甲に通知
# して) does not (party_checks.yaml: joint_acts, approvals).


def _limited_suspension(c: _Ctx, st) -> bool:
    """A purpose stated before the object and verb (定期保守のため / 部品の交換のため / 点検の時間帯に
    限り), not the object itself (保守を中止することができる says what stops, not why)."""
    end = st.predicate[0] if st.predicate else st.end
    if st.obj:
        end = min(end, st.obj[0])
    seg = c.facts.folded[st.start:end]
    return bool(_RX["planned"].search(seg) or _RX["emergency"].search(seg))


def _with_consent(c: _Ctx, st) -> bool:
    """The right needs the other party's consent or a joint decision (甲の承諾を得て, 甲乙協議の上,
    双方の合意により) — not the holder's own approval (乙の承認により), and not a consent that the
    sentence denies (甲の承諾を要しない)."""
    from ..analysis.parties import mentions

    facts = c.facts
    pred0 = st.predicate[0] if st.predicate else st.end
    toks = facts.sentences[st.sent].tokens
    ms = [m for m in mentions(toks, facts.parties) if "*" not in m.labels]
    for rm in _RX["consent"].finditer(facts.folded, st.start, pred0):
        tail = facts.folded[rm.end():rm.end() + 8]
        if _RX["consent_denied"].match(tail):
            continue
        if rm.group("joint"):
            return True  # a joint act whoever is named
        # the party whose approval it is: the nearest mention right before it (甲の承諾 / 甲が承諾)
        near = [m for m in ms if toks[m.j - 1].end <= rm.start() and rm.start() - toks[m.j - 1].end <= 3]
        if not near or any(label not in st.bearers for label in near[-1].labels):
            return True
    return False


def _listed_ground_sentences(c: _Ctx, st, sent: int) -> list[int]:
    """Sentences of the items a right's condition lists (「次の各号のいずれかに該当する場合には、…停止
    することができる」): its grounds are written there."""
    facts = c.facts
    if st is None or not _RX["listed_items"].search(facts.folded, st.start,
                                                    st.main_start if st.main_start > st.start else st.end):
        return []
    clause = facts.clause_at(st.start)
    if clause is None:
        return []
    k = next((i for i, x in enumerate(facts.clauses) if x is clause), None)
    out = []
    for item in facts.children_of(k) if k is not None else ():
        if item.kind in ("item", "subitem"):
            out.extend(facts.sentence_index_at(s_.start) for s_ in facts.sentences_in(item.start, item.end))
    return out


def _own_grounds(c: _Ctx, st, sent: int) -> list:
    """Grounds that are the holder's own situation or judgement (discretion: 必要と認めるとき, いつでも;
    own_ground: 経営上の理由, 部品の供給終了, 製造中止, 事業の廃止) — unless the sentence names the
    other party as their owner (甲の都合により is the client's doing, not the holder's whim)."""
    from ..analysis.parties import mentions

    toks = c.facts.sentences[sent].tokens
    ms = [m for m in mentions(toks, c.facts.parties) if "*" not in m.labels]
    out = []
    sents = [sent] + _listed_ground_sentences(c, st, sent)
    grounds = [g for s_ in sents for g in list(c.matches(UNI, "discretion", s_)) + list(c.matches(UNI, "own_ground", s_))]
    for g in grounds:
        if g.sent != sent:
            out.append(g)  # a ground listed as an item (三　その他乙が必要と判断した場合)
            continue
        if g.i is not None:
            # the nearest party before the ground in the same phrase, as its owner or actor
            # (乙の経営状況 / 乙が事業を廃止したとき)
            owner = [m for m in ms if m.j <= g.i and m.j < len(toks) and toks[m.j].surface in (_GEN, _SUBJ)
                     and not any(t.surface in (_COMMA, _STOP) for t in toks[m.j:g.i]) and g.i - m.j <= 6]
            if owner and not set(owner[-1].labels) & set(st.bearers):
                continue
        out.append(g)
    return out


def _footing(c: _Ctx, st, sent: int, detail: str = "") -> str:
    """discretionary | unconditioned | grounded: what the right's exercise depends on.

    The holder's own judgement or business situation (必要と認めるとき, 経営上の理由により…困難と
    なったとき) makes a right discretionary even under a とき condition: it is not the other party's
    breach nor an event outside the holder's sphere. A change of terms or price needs the other
    party's consent to be grounded (a mere event such as 物価の変動があったときは still lets the holder
    set the new terms alone); a suspension needs a purpose that limits it."""
    if _with_consent(c, st):
        return "grounded"
    lead_end = st.main_start if st.main_start > st.start else (st.predicate[0] if st.predicate else st.end)
    if _RX["statute_ground"].search(c.facts.folded, st.start, lead_end):
        return "grounded"  # a right the law gives on its ground (地方自治法第234条の3: a budget cut)
    if _own_grounds(c, st, sent):
        return "discretionary"
    if detail == "change":
        return "unconditioned"
    if detail == "suspension" and _limited_suspension(c, st):
        return "grounded"
    if st.main_start > st.start:
        if _RX["conditions"].search(c.facts.folded[st.start:st.main_start]):
            return "grounded"
    return "unconditioned"


_RIGHT_DETAILS = ("termination", "change", "suspension")


def _with_first_keys(entries) -> list:
    """(entry, [(pattern, the words its first required token may be — None: any)]): a pattern whose
    first required token is in none of a token run's norm/surface/lemma cannot match in it."""
    return [(e, [(p, lx._first_keys(p)) for p in e.patterns]) for e in entries]


def _token_keys(tokens) -> set[str]:
    return {w for t in tokens for w in (t.norm, t.surface, t.lemma)}


def _right_matches(c: _Ctx) -> Iterator[lx.Match]:
    """Right entries on each sentence: as the lexicon finds them, and — for entries of the form
    object + を + verb (料金を変更, サービスを終了) — also when the object stands apart from the final
    verb (「乙は、本サービスの料金を、改定日の60日前までに甲に通知することにより、改定することが
    できる」): the を-phrase is then read with the final predicate when a comma follows it or no other
    verb comes between them."""
    seen = set()
    for m in c.matches(UNI):
        if m.entry.detail in _RIGHT_DETAILS:
            st = c.by_sent.get(m.sent)
            if st is None or m.start >= st.main_start:  # one in the condition (仕様を変更しようとするときは) is not the right
                seen.add((m.sent, m.entry.id))
            yield m
    entries = _with_first_keys(e for e in c.scan.lexset.for_rule(UNI) if e.detail in _RIGHT_DETAILS
                               and e.patterns and any(len(p) > 2 for p in e.patterns))
    for st in c.facts.statements:
        if st.predicate is None or st.modality not in ("right", "obligation"):
            continue
        toks = c.facts.sentences[st.sent].tokens
        pred = [k for k, t in enumerate(toks) if st.predicate[0] <= t.start < st.predicate[1]]
        if not pred:
            continue
        for k, t in enumerate(toks):
            if t.surface != _OBJ or t.start < st.main_start or t.start >= st.predicate[0]:
                continue
            between = toks[k + 1:pred[0]]
            if between and between[0].surface != _COMMA and any(
                    x.pos.startswith(_VERB) and x.norm not in _SURU for x in between):
                continue
            if any(x.surface in (*_OPEN, _QUOTE_OPEN) for x in between):
                continue
            # the object before a parenthetical: この契約の条項（委託料に関するものを除く。）を変更
            a = _before_part(toks, _before_paren(toks, k))
            if a > 0 and _RX["pronouns"].match(toks[a - 1].surface):
                a = _antecedent(toks, st, pred, a)  # 仕様を変更しようとするときは、…これを変更することができる
            head = tuple(toks[max(0, a - 3):a]) + (toks[k],) + tuple(toks[x] for x in pred)
            off = a + 1 - max(0, a - 3)
            present = _token_keys(head)
            for e, patterns in entries:
                if (st.sent, e.id) in seen:
                    continue
                for p, first in patterns:
                    if first is not None and first.isdisjoint(present):
                        continue
                    r = lx.find_pattern(head, p)
                    if r and r[0] < off < r[1]:
                        v = pred[0] + (r[1] - 1 - off)
                        seen.add((st.sent, e.id))
                        yield lx.Match(e, toks[pred[0]].start, toks[v].end, st.sent, pred[0], v)
                        break


def _antecedent(toks, st, pred: list[int], a: int) -> int:
    """For 「これを」: the end of the object the condition gave the same verb (本サービスの仕様を
    変更しようとするときは、…これを変更することができる), else ``a``."""
    verb = toks[pred[0]].norm
    for k2 in range(len(toks) - 1):
        if toks[k2].start >= st.main_start:
            break
        if toks[k2].surface == _OBJ and toks[k2 + 1].norm == verb and k2 > 0:
            return k2
    return a


def _before_part(toks, a: int) -> int:
    """Index after the noun whose part is named (仕様の一部を, 機能の全部又は一部を → 仕様, 機能), else ``a``."""
    k = a
    while k > 0 and _RX["part_words"].match(toks[k - 1].surface):
        k -= 1
    if k < a and k > 1 and toks[k - 1].surface == _GEN:
        return k - 1
    return a


def _before_paren(toks, k: int) -> int:
    """Index after the noun that a parenthetical right before ``toks[k]`` explains (or ``k``)."""
    if k == 0 or toks[k - 1].surface not in _CLOSE:
        return k
    depth = 0
    for i in range(k - 1, -1, -1):
        if toks[i].surface in _CLOSE:
            depth += 1
        elif toks[i].surface in _OPEN:
            depth -= 1
            if depth == 0:
                return i
    return k


# a plain declarative ending the service is the vendor's termination right all the same:
# 「乙は、…製造中止により保守が困難となったときは、保守を終了する」 (not a duty: party_checks.yaml duty_modals)


def _as_right(c: _Ctx, st, m: lx.Match):
    if st is None or st.modality == "right" or st.predicate is None:
        return st
    if st.modality == "obligation" and m.entry.detail == "termination":
        if not _RX["duty_modals"].search(c.facts.folded[st.predicate[0]:st.predicate[1]]):
            return dataclasses.replace(st, modality="right")
    if m.j is not None and m.start >= st.main_start:
        # 「当社は、いつでも本規約を変更することができるものとし、変更後の本規約は…効力を生じるものとします」:
        # the right is the first predicate of the main clause, the sentence ends on what follows from it
        toks = c.facts.sentences[m.sent].tokens
        kind, verb_end, modal_end = lx.governed_modal(toks, m.j)
        if kind == "right" and modal_end > verb_end:
            return dataclasses.replace(st, modality="right", predicate=(m.start, toks[modal_end - 1].end))
    return st


def _rights(c: _Ctx) -> Iterator[tuple[list[str], Finding]]:
    found = []  # (match, statement, head span, footing)
    for m in _right_matches(c):
        st = _as_right(c, c.by_sent.get(m.sent), m)
        span = _right_head(c, m, st)
        if span is None or not st.bearers:
            continue
        found.append((m, st, span, _footing(c, st, m.sent, m.entry.detail)))
    free = {}  # (party, detail) for rights exercisable without an objective ground
    for m, st, _span, footing in found:
        if footing != "grounded" and not c.all_parties(st.bearers):
            for b in st.bearers:
                free.setdefault((b, m.entry.detail), []).append(st)
    done: set[tuple[int, str]] = set()
    for m, st, span, footing in found:
        if footing == "grounded" or c.all_parties(st.bearers):
            continue
        others = c.others(st.bearers)
        if others and all((o, m.entry.detail) in free for o in others):
            continue  # the other side has the same right on the same footing
        key = (m.sent, m.entry.detail)
        if key in done:
            continue
        done.add(key)
        holder = st.bearers[0]
        if c.role(holder) == "client" and others and all(c.role(o) == "vendor" for o in others):
            continue  # the municipality's own right (利用者は、…解約することができます): nothing to ask the vendor for
        yield _right_finding(c, m, st, span, holder, others)


def _holder_start(c: _Ctx, st, holder: str, start: int) -> int:
    """Where the finding starts: at the holder named as the sentence's topic
    (「ハルカゼは、…解約することができる」) — who holds the right is what makes it one-sided, so the
    highlight covers it as well as the predicate; ``start`` when the holder is not named there."""
    from ..analysis.parties import mentions

    toks = c.facts.sentences[st.sent].tokens
    for mn in mentions(toks, c.facts.parties):
        t0 = toks[mn.i].start
        if t0 >= start:
            break
        if holder in mn.labels and t0 >= st.start and mn.j < len(toks) and toks[mn.j].surface == _TOPIC:
            return t0
    return start


def _right_finding(c: _Ctx, m: lx.Match, st, span: tuple[int, int], holder: str,
                   others: list[str]) -> tuple[list[str], Finding]:
    """(entry ids, finding) of a one-sided right: why it is free (own grounds, own judgement, a notice
    alone), what it does to the other side, and how to write it instead."""
    facts = c.facts
    who = c.party_ja(holder)
    other = c.names_ja(others)
    quote = facts.text[span[0]:span[1]]
    start = _holder_start(c, st, holder, span[0])
    grounds = _own_grounds(c, st, m.sent)
    own = [g for g in grounds if g.entry.detail == "own_ground"]
    if own:
        why = ("「" + "・".join(facts.text[g.start:g.end] for g in own) + "」という自らの事業上の事情だけで"
               "（相手方の違反によらず）")
    elif grounds:
        why = "「" + "・".join(facts.text[g.start:g.end] for g in grounds) + "」という自らの判断だけで"
    else:
        why = "具体的な事由を要せず通知だけで"
    vendor = c.role(holder) == "vendor"
    if m.entry.detail == "termination":
        effect_note = ("事業者が撤退すると、自治体は代替の調達が間に合わず住民サービスが止まるおそれがあります" if vendor
                       else "事業者の投資回収の見通しが立たず、入札参加や価格に影響するおそれがあります")
        sug = ("解除は相手方の義務違反など具体的な事由がある場合に限るか、甲乙双方に同じ条件（相当の予告期間、"
               "引継ぎ・データ返還の義務）で認めてください。")
    elif m.entry.detail == "change":
        effect_note = ("自治体は議決・予算の範囲を超える料金や、個人情報保護の水準を下げる条件変更を拒めません" if vendor
                       else "相手方の同意なしに契約内容が変わり、紛争の原因になります")
        sug = "契約内容・料金の変更は甲乙の書面による合意によることとし、合意できない場合の扱い（解約・費用負担）を定めてください。"
    else:
        effect_note = ("住民向けサービスが予告なく止まっても、自治体は是正も減額も求められません" if vendor
                       else "相手方の業務計画に影響し、紛争の原因になります")
        sug = ("停止できる事由（定期保守、緊急の障害対応、法令に基づく場合）を限定し、事前の通知期間と停止中の"
               "利用料の扱いを定めてください。")
    msg = (f"{who}だけが{why}「{quote}」とされ、{other}には同じ条件の権利がありません。"
           f"この権利は{who}に有利で、{effect_note}。")
    related = [Related(g.start, g.end, "権利者自身の事情（相手方の違反ではありません）" if g.entry.detail == "own_ground"
                       else "権利の要件が権利者の判断に委ねられています") for g in grounds]
    f = facts.finding(UNI, m.entry.detail, c.severity_for(holder), start, span[1], msg, sug, related)
    return [m.entry.id] + [g.entry.id for g in grounds], f


# ---------------------------------------------------------------------------
# party_role_inversion
# ---------------------------------------------------------------------------


def _breacher(c: _Ctx, m: lx.Match) -> Optional[tuple[str, int]]:
    """(party label, start offset of its mention) whose breach ``m`` names: 甲が…違反 / 乙の責めに帰すべき."""
    from ..analysis.parties import mentions

    toks = c.facts.sentences[m.sent].tokens
    if m.i is None:
        return None
    ms = [x for x in mentions(toks, c.facts.parties) if x.j <= m.i and "*" not in x.labels]
    for x in reversed(ms):
        between = toks[x.j:m.i]
        if any(t.surface in (_COMMA, _STOP, _TOPIC) for t in between) or len(between) > 12:
            return None
        nxt = toks[x.j].surface if x.j < len(toks) else ""
        if nxt in (_SUBJ, _GEN) and len(x.labels) == 1:
            return x.labels[0], toks[x.i].start
        return None
    return None


def _remedy_holder(c: _Ctx, m: lx.Match):
    """The statement granting a remedy whose ground contains ``m``: its own sentence, or for an
    item (号) the lead sentence of the enumeration."""
    facts = c.facts
    st = c.by_sent.get(m.sent)
    if st is not None and st.modality == "right" and m.start < st.main_start:
        return st
    clause = facts.clause_at(m.start)
    while clause is not None and clause.kind in ("item", "subitem") and clause.parent is not None:
        parent = facts.clauses[clause.parent]
        leads = [s for s in facts.statements if parent.start <= s.start < clause.start
                 and facts.clause_at(s.start) is not None and facts.clause_at(s.start).kind not in ("item", "subitem")]
        if leads:
            return leads[-1]
        clause = parent
    return None


def _governed_object(toks, m: lx.Match, st) -> Optional[str]:
    """The predicate that ``m`` is (the head of) the を-object of — the final predicate (its verb),
    or a predicate chained to it (原因を調査し、…通知しなければならない → 調査), which shares its
    modality — or None when ``m`` is the object of a relative clause (報告書を受理した日から…通知する)."""
    if m.j is None:
        return None
    k = m.j + 1
    while k < len(toks) and toks[k].pos.startswith((_NOUN, _SUFFIX)) and k <= m.j + 2:
        k += 1
    if k >= len(toks) or toks[k].surface != _OBJ:
        return None
    p0 = st.predicate[0]
    for x in range(k + 1, len(toks)):
        t = toks[x]
        if t.start >= p0:
            return st.verb
        if t.pos.startswith(_VERB) and not _RX["particle_verbs"].match(t.norm):
            y = x + 1
            while y < len(toks) and toks[y].pos.startswith(_AUX):
                y += 1
            if y < len(toks) and toks[y].pos.startswith((_NOUN, _SUFFIX)) and toks[y].start < p0:
                return None
            if y < len(toks) and toks[y].surface in (_COMMA, _TE) and toks[y].start < p0:
                # a chained predicate: 調査し、 / 究明して
                head = toks[x - 1] if t.norm in _SURU and x > k + 1 else t
                return head.norm if head.pos.startswith(_NOUN) else head.lemma
    return st.verb


def _role_matches(c: _Ctx) -> Iterator[lx.Match]:
    """Role-duty entries (roles.yaml, detail vendor/client) matched on the depth-0 tokens of the
    main clause of each single-bearer obligation (parenthetical notes such as （以下「作業従事者」
    という。） skipped, so 従事する者（…）の名簿 reads 従事する者の名簿)."""
    from ..analysis.modality import bracket_depths

    entries = _with_first_keys(e for e in c.scan.lexset.for_rule(INV) if e.detail in ("vendor", "client")
                               and e.patterns)
    if not entries:
        return
    for st in c.facts.statements:
        if st.modality != "obligation" or len(st.bearers) != 1 or st.source != "topic" or st.predicate is None:
            continue
        toks = c.facts.sentences[st.sent].tokens
        depths = bracket_depths(toks)
        keep = [k for k, t in enumerate(toks) if not depths[k] and t.surface not in (*_OPEN, *_CLOSE, _QUOTE_OPEN, _QUOTE_CLOSE)
                and st.main_start <= t.start < st.predicate[0]]
        sub = tuple(toks[k] for k in keep)
        present = _token_keys(sub)
        for e, patterns in entries:
            for p, first in patterns:
                if first is not None and first.isdisjoint(present):
                    continue
                r = lx.find_pattern(sub, p)
                if r:
                    i, j = keep[r[0]], keep[r[1] - 1]
                    yield lx.Match(e, toks[i].start, toks[j].end, st.sent, i, j)
                    break


def _item_actor(c: _Ctx, flagged: set) -> Iterator[tuple[list[str], Finding]]:
    """甲は、乙が次の各号のいずれかに該当するときは、解除できる — and an item whose actor is 甲."""
    from ..analysis.parties import mentions

    facts = c.facts
    for st in facts.statements:
        if st.modality != "right" or len(st.bearers) != 1:
            continue
        cond = facts.folded[st.start:st.main_start]
        if not _RX["each_item"].search(cond) or not _RX["remedy_words"].search(facts.folded[st.main_start:st.end]):
            continue
        toks = facts.sentences[st.sent].tokens
        subj = [m for m in mentions(toks, facts.parties)
                if st.start <= toks[m.i].start < st.main_start and m.j < len(toks) and toks[m.j].surface == _SUBJ
                and len(m.labels) == 1]
        if not subj or subj[0].labels[0] == st.bearers[0]:
            continue
        holder = st.bearers[0]
        clause = facts.clause_at(st.start)
        if clause is None:
            continue
        idx = facts.clauses.index(clause)
        for item in facts.clauses:
            if item.parent != idx or item.kind not in ("item", "subitem") or item.path in flagged:
                continue
            body = item.body_start if item.body_start is not None else item.start
            sents = facts.sentences_in(body, item.end)
            if not sents:
                continue
            itoks = [t for t in sents[0].tokens if t.start >= body]
            ms = mentions(tuple(itoks), facts.parties)
            if not ms or ms[0].i > 1 or len(ms[0].labels) != 1 or ms[0].labels[0] != holder:
                continue
            if ms[0].j >= len(itoks) or itoks[ms[0].j].surface not in (_SUBJ, _TOPIC):
                continue
            a = itoks[ms[0].i].start
            e = facts.folded.find(_COMMA, a, item.end)
            e = e if e > 0 else item.end
            quote = facts.text[a:e].rstrip("。")
            end = a + len(quote)
            who, other = c.party_ja(holder), c.party_ja(subj[0].labels[0])
            msg = (f"{who}の解除・請求の事由は「{other}が次の各号のいずれかに該当するとき」とされていますが、この号は"
                   f"{who}自身の行為（「{quote}」）を事由にしています。{who}が自らの不履行を理由に解除できることになり、"
                   f"甲乙の取り違えのおそれがあります。")
            sug = f"この号の主体を{other}に改めるか、{other}の解除権の条に移してください。"
            flagged.add(item.path)
            yield [], facts.finding(INV, "breach", "warning", a, end, msg, sug,
                                    [Related(st.start, st.end, "各号を事由とする権利の柱書き")])


def _own_breach_remedies(c: _Ctx, flagged: set) -> Iterator[tuple[list[str], Finding]]:
    """(a) A remedy grounded on its own holder's breach (甲は、甲がこの契約に違反したときは、解除できる);
    the clause of each finding goes into ``flagged``."""
    facts = c.facts
    for m in c.matches(INV, "breach"):
        who = _breacher(c, m)
        if who is None:
            continue
        label, mstart = who
        holder = _remedy_holder(c, m)
        if holder is None or holder.modality != "right" or len(holder.bearers) != 1 or holder.bearers[0] != label:
            continue
        if not _RX["remedy_words"].search(facts.folded[holder.main_start:holder.end]):
            continue
        toks = facts.sentences[m.sent].tokens
        end = m.end
        k = m.j + 1 if m.j is not None else None
        while k is not None and k < len(toks) and toks[k].norm in (*_SURU, _TE, _TA) and toks[k].surface != _COMMA:
            end = toks[k].end
            k += 1
        other = c.names_ja(c.others([label]))
        quote = facts.text[mstart:end]
        msg = (f"「{quote}」は、{c.party_ja(label)}自身の違反を理由に{c.party_ja(label)}が解除・請求できることになっています。"
               f"違反し是正を求められるのは{other}のはずで、民間同士のひな形の流用で甲乙が入れ替わったまま残っている"
               f"おそれがあります。このままでは自治体が負うはずのない義務を負ったように読めます。")
        other_label = next(iter(c.others([label])), _MESSAGE_WORDS["other"])
        sug = (f"違反の主体を{other}に改めてください（例：「{other_label}がこの契約に違反して"
               f"{label}が是正を求めたにもかかわらず」）。")
        rel = [Related(holder.start, holder.end, "この違反を理由とする権利を定める文")]
        flagged.add(facts.clause_path(mstart))
        yield [m.entry.id], facts.finding(INV, "breach", "warning", mstart, end, msg, sug, rel)


def _inverted_duty(c: _Ctx, m: lx.Match, role_sents: dict) -> Optional[tuple]:
    """(statement, bearer, usual parties, evidence statements, owner phrase) when the role duty ``m``
    is put on the party that does not usually bear it, and the document shows the usual way round:
    the usual party bears the same kind of duty elsewhere (evidence), or — for a fault — the sentence
    names the usual party as the owner of the equipment; else None."""
    facts = c.facts
    st = c.by_sent.get(m.sent)
    bearer = st.bearers[0]
    if c.role(bearer) in (m.entry.detail, "both") or not c.role(bearer):
        return None  # a mutual NDA's party both discloses and receives: no duty is the other side's
    if m.start < st.main_start or st.predicate is None or m.end > st.predicate[0]:
        return None
    gov = _governed_object(facts.sentences[m.sent].tokens, m, st)
    if gov is None:
        return None
    usual = [p for p, party in c.parties.items() if party.role == m.entry.detail]
    fam = _family(gov)
    if fam == "claim_verbs":
        return None  # 「受注者は、…委託料を発注者に請求する」: the one who claims a fee receives it (see _payment_inversions)
    # the direction of a submission or report is part of the role: only one addressed to the
    # usual party is inverted (町は、整備計画書を議会に提出する is the town's own business), and
    # only the usual party's submissions to this party are evidence
    if fam == "report_verbs" and st.counterparty and not set(st.counterparty) & set(usual):
        return None
    evidence = [o for o in facts.statements if o is not st and o.modality in ("obligation", "indemnity")
                and any(u in o.bearers for u in usual) and bearer not in o.bearers and _same_kind(o.verb, fam, gov)
                and not (fam == "report_verbs" and o.counterparty and bearer not in o.counterparty)]
    # the same kind of role duty put on this party elsewhere too (a deliberate allocation, not a
    # slip): its own notices of what it observed (異常に気付いたときは連絡する) do not count
    own = [o for o in facts.statements if o is not st and o.modality == "obligation"
           and o.bearers == (bearer,) and _same_kind(o.verb, fam, gov) and o.source == "topic"
           and o.sent in role_sents.get(m.entry.detail, ()) and _actor(c, o) == bearer]
    owner = _owner_phrase(c, st, usual) if fam == "fault_verbs" else None
    if len(own) >= max(len(evidence), 1 if owner else 0) or not (evidence or owner):
        return None
    return st, bearer, usual, evidence, owner


def _duty_finding(c: _Ctx, m: lx.Match, st, bearer: str, usual: list[str], evidence: list,
                  owner: Optional[tuple[int, int]]) -> tuple[list[str], Finding]:
    facts = c.facts
    start = st.topic[0] if st.topic else m.start
    end = st.obj[1] + 1 if st.obj and m.end <= st.obj[1] <= m.end + 12 else m.end
    if end == m.end and facts.folded[end:end + 1] == _OBJ:
        end += 1  # 委託者は、…その原因を
    quote = facts.text[start:end]
    usual_ja = _MESSAGE_WORDS["list"].join(c.party_ja(u) for u in usual)
    who = f"{c.party_ja(bearer)}（{ROLE_LABEL_JA.get(c.role(bearer), '')}）"
    if evidence:
        msg = (f"「{quote}」：この種の義務（{facts.text[m.start:m.end]}）は、この文書の他の条項（"
               f"{'、'.join(dict.fromkeys(o.clause or '' for o in evidence[:3]))}）では{usual_ja}が負っていますが、"
               f"ここでは{who}に課されています。当事者の取り違えのおそれがあります。")
        rel = [Related(o.start, o.end, f"{usual_ja}が同じ種類の義務を負う文") for o in evidence[:3]]
    else:
        msg = (f"「{quote}」：{usual_ja}の設備（「{facts.text[owner[0]:owner[1]]}」）の障害の調査・復旧を"
               f"{who}に負わせています。設備を設置し管理する者が負うべき義務で、当事者の取り違えのおそれがあります。")
        rel = [Related(owner[0], owner[1], f"{usual_ja}が設置・管理する設備")]
    sug = f"義務を負う当事者を{usual_ja}に改め、報告・提出の相手方も入れ替えてください。"
    return [m.entry.id], facts.finding(INV, "duty", "warning", start, end, msg, sug, rel)


def _role_duties(c: _Ctx) -> Iterator[tuple[list[str], Finding]]:
    """(b) A duty that belongs to the other side (roles.yaml duty.* entries)."""
    role_hits = list(_role_matches(c))
    # sentences holding a duty of each kind of role (a vendor-role duty such as a status report)
    role_sents: dict[str, set] = {}
    for m in role_hits:
        role_sents.setdefault(m.entry.detail, set()).add(m.sent)
    for m in role_hits:
        hit = _inverted_duty(c, m, role_sents)
        if hit is not None:
            yield _duty_finding(c, m, *hit)


def _inversions(c: _Ctx) -> Iterator[tuple[list[str], Finding]]:
    flagged: set = set()
    yield from _own_breach_remedies(c, flagged)
    # (c) an item naming the holder as the actor in a list of the other party's grounds
    yield from _item_actor(c, flagged)
    yield from _role_duties(c)


def _owner_phrase(c: _Ctx, st, usual: list[str]) -> Optional[tuple[int, int]]:
    """The phrase naming one of ``usual`` as the owner or operator of the equipment the sentence is
    about (受託者が設置した機器 / 乙の管理するサーバ / 株式会社あさひデータのシステム), or None."""
    forms = sorted({f for u in usual for f in c.parties[u].forms}, key=len, reverse=True)
    if not forms:
        return None
    rx = _per_document("owner_phrase", forms=_alternation(forms))
    pred0 = st.predicate[0] if st.predicate else st.end
    m = rx.search(c.facts.folded, st.start, pred0)
    return (m.start(), m.end()) if m else None


# ---------------------------------------------------------------------------
# entry points
# ---------------------------------------------------------------------------

def _party_label(text: str, parties) -> str | None:
    """The party a noun phrase names (受注者, 市, 株式会社みなと), or None."""
    for p in parties:
        for f in p.forms:
            if text == fold(f):
                return p.label
    return None


def _bearer_of(facts, prop, statements: dict) -> str | None:
    for case in (_TOPIC, _SUBJ):
        a = prop.arg(case)
        if a is not None:
            label = _party_label(a.text, facts.parties)
            if label:
                return label
    st = statements.get(prop.sent)
    return st.bearers[0] if st is not None and len(st.bearers) == 1 else None


def _minority(groups: dict) -> Iterator[tuple[object, str]]:
    """(item, majority) for items whose key is a single instance against a majority of 2 or more
    the other way: (family, a, b) seen once while (family, b, a) is seen at least twice."""
    for (fam, a, b), items in groups.items():
        other = groups.get((fam, b, a), [])
        if len(items) == 1 and len(other) >= 2:
            yield items[0], b


def _flow_inversions(c: _Ctx) -> Iterator[tuple[list[str], Finding]]:
    """The direction of a transfer (報告・提出・届出・返還 …: who hands what to whom) or of an
    authority (承認・承諾・指示: whose consent or instruction governs the other's act) written
    once against the way the document itself writes it at least twice — the proposition layer
    gives bearer (は/が) and recipient (に) of each act. Families: roles.yaml
    ``settings.transfer_acts`` and ``settings.authority_nouns``."""
    facts = c.facts
    settings = c.scan.lexset.settings.get(INV, {})
    families = {fold(str(w)): n for n, fam in enumerate(settings.get("transfer_acts") or []) for w in fam}
    either_way = tuple(fold(str(w)) for w in settings.get("either_way_objects") or [])
    statements = {st.sent: st for st in facts.statements}
    transfers: dict = {}
    for p in facts.propositions:
        fam = families.get(p.act)
        if fam is None or p.condition or p.negated or p.nominal or p.modifies is not None:
            continue
        obj = p.arg(_OBJ)
        if obj is not None and either_way and any(w in obj.text for w in either_way):
            continue  # an application or request goes to whoever grants it (作業申請書を乙に提出)
        who, rec, to = _transfer_ends(facts, p, statements)
        if who and rec and who != rec:
            transfers.setdefault((fam, who, rec), []).append((p, to))
    for (p, to), _maj in _minority(transfers):
        st = statements.get(p.sent)
        end = _predicate_end(p, st)
        # from the bearer (「市は、」) to the predicate, as the duty entries quote it
        who = p.arg(_TOPIC) or p.arg(_SUBJ)
        start = who.start if who is not None and who.start < to.start else (
            st.topic[0] if st is not None and st.topic and st.topic[0] < to.start else to.start)
        yield [], facts.finding(INV, "flow", "warning", start, end,
                                f"「{facts.text[start:end]}」は、この文書の他の条項と受け渡しの向きが逆です。",
                                "民間同士のひな形の流用による取り違えでないか確認し、義務を負う当事者と相手方を正しく書き直してください。")
    yield from _authority_inversions(c, settings, statements)
    yield from _staff_inversions(c, settings, statements)
    yield from _obstruction_inversions(c, settings, statements)
    yield from _custody_inversions(c, settings)
    yield from _status_report_inversions(c, settings, statements)
    yield from _payment_inversions(c, settings, statements)
    yield from _penalty_inversions(c, settings, statements)
    yield from _damages_inversions(c, settings, statements)
    yield from _collection_inversions(c, settings, statements)
    yield from _loan_return_inversions(c, settings, statements)
    yield from _loan_direction_inversions(c, settings, statements)
    yield from _record_inversions(c, settings, statements)
    yield from _restoration_inversions(c, settings, statements)
    yield from _subcontract_inversions(c, settings, statements)
    yield from _neglect_inversions(c, settings, statements)
    yield from _document_breach_inversions(c, settings, statements)
    yield from _defined_flow_inversions(c, families, statements)


def _party_before(c: _Ctx, p, arg) -> Optional[tuple[str, int]]:
    """(party, offset) named with が before ``arg`` in the sentence of ``p`` (甲が…を怠った, 甲が本特記事項に違反)."""
    from ..analysis.parties import mentions

    toks = c.facts.sentences[p.sent].tokens
    hit = None
    for mn in mentions(toks, c.facts.parties):
        if toks[mn.i].start >= arg.start:
            break
        if "*" not in mn.labels and len(mn.labels) == 1 and mn.j < len(toks) and toks[mn.j].surface == _SUBJ:
            hit = (mn.labels[0], toks[mn.i].start)
    return hit


def _duty_bearers(c: _Ctx, noun: str, skip: int) -> set[str]:
    """Who the document's duties about ``noun`` bind: a duty with it as object (安全管理措置を講じ…), or a
    duty in the article captioned with it (（安全管理措置）第６　乙は、次に掲げる措置を講じなければならない)."""
    facts = c.facts
    captioned = [(a.start, a.end) for a in facts.clauses if a.kind == "article" and a.caption and noun in fold(a.caption)]
    out = set()
    for st in facts.statements:
        if st.sent == skip or st.modality != "obligation" or len(st.bearers) != 1 or st.predicate is None:
            continue
        if facts.folded.find(noun + _OBJ, st.start, st.predicate[1]) >= 0 or any(a <= st.start < b for a, b in captioned):
            out.add(st.bearers[0])
    return out


def _neglect_inversions(c: _Ctx, settings: dict, statements: dict) -> Iterator[tuple[list[str], Finding]]:
    """A remedy on the ground that a party neglected a duty (「甲が…安全管理措置を怠ったことにより…ときは」)
    where the document puts that duty only on the other party (「乙は、…安全管理措置を講じなければならない」):
    the ground presumes a breach by the party who bears no such duty. Acts: roles.yaml ``settings.neglect_acts``."""
    facts = c.facts
    acts = {fold(str(w)) for w in settings.get("neglect_acts") or []}
    for p in facts.propositions:
        obj = p.arg(_OBJ)
        if p.act not in acts or p.negated or obj is None or len(obj.head) < 2:
            continue
        who = _party_before(c, p, obj)
        if who is None:
            continue
        bearers = _duty_bearers(c, obj.head, p.sent)
        if not bearers or who[0] in bearers or len(bearers) != 1:
            continue
        duty = c.party_ja(bearers.pop())
        start, end = who[1], obj.end
        st = statements.get(p.sent)
        end = max(end, st.predicate[1] if st is not None and st.predicate else end)
        yield [], facts.finding(INV, "breach", "warning", start, end,
                                f"「{obj.text}」はこの文書では{duty}の義務ですが、ここでは{c.party_ja(who[0])}がそれを怠った場合を定めています。",
                                f"義務を負うのは{duty}です。怠った当事者と、是正・賠償を求める当事者を確認し、書き直してください。")


def _document_breach_inversions(c: _Ctx, settings: dict, statements: dict) -> Iterator[tuple[list[str], Finding]]:
    """A remedy on the ground that a party breached the document itself (「乙は、甲が本特記事項に違反したことにより
    損害を受けたときは…」) where every duty of the document binds the other party (a 特記事項 whose
    obligations are all 乙's): the ground presumes a breach by a party the document does not bind.
    Acts: roles.yaml ``settings.breach_acts``; the document's own names: ``settings.own_documents``."""
    facts = c.facts
    acts = {fold(str(w)) for w in settings.get("breach_acts") or []}
    own = {fold(str(w)) for w in settings.get("own_documents") or []}
    duties = [st.bearers[0] for st in facts.statements
              if st.modality in ("obligation", "prohibition") and len(st.bearers) == 1]
    bearers = set(duties)
    if not acts or not own or len(bearers) != 1 or len(duties) < int(settings.get("breach_min_duties") or 5):
        return
    duty = next(iter(bearers))
    for p in facts.propositions:
        doc = p.arg(_DAT)
        if p.act not in acts or p.negated or doc is None or doc.text not in own:
            continue
        who = _party_before(c, p, doc)
        if who is None or who[0] == duty:
            continue
        end = max(doc.end, p.end)
        yield [], facts.finding(INV, "breach", "warning", who[1], end,
                                f"この文書の義務はすべて{c.party_ja(duty)}が負っていますが、ここでは{c.party_ja(who[0])}が"
                                f"「{doc.text}」に違反した場合を定めています。",
                                f"違反しうるのは義務を負う{c.party_ja(duty)}です。違反した当事者と、賠償を求める当事者を"
                                "確認し、書き直してください。")


def _defined_flow_inversions(c: _Ctx, families: dict, statements: dict) -> Iterator[tuple[list[str], Finding]]:
    """A defined thing whose definition says who hands it to whom (「健診データ　甲が乙に提供する…情報」)
    handed the other way in the body (「乙は、…健診データを…甲に提供するものとする」)."""
    facts = c.facts
    props = sorted(facts.propositions, key=lambda p: p.start)
    starts = [p.start for p in props]
    spans = []
    for d in facts.definitions:
        if d.kind not in ("article_item", "toha", "bracket"):
            continue
        cl = facts.clause_at(d.start) if d.kind == "article_item" else None
        sent = facts.sentence_at(d.start)
        a, b = (cl.start, cl.end) if cl is not None else ((sent.start, sent.end) if sent is not None else (d.start, d.end))
        for p in props[bisect.bisect_left(starts, a):bisect.bisect_left(starts, b)]:
            if p.negated:
                continue
            # the giver and receiver the definition itself names (が/は and に; no sentence bearer), or,
            # for a term defined inside a duty to hand it over (乙は、…収納した水道料金等（以下「収納金」と
            # いう。）を…甲の指定金融機関に払い込まなければならない), the duty's bearer
            giver, to, _ = _transfer_ends(facts, p, statements if d.kind == "bracket" else {})
            if giver and to and giver != to:
                # a family of the transfer acts, or the act itself (提供)
                spans.append((fold(d.term), families.get(p.act, p.act), giver, to, a, b))
    for term, fam, giver, to, a, b in spans:
        for p in facts.propositions:
            obj = p.arg(_OBJ)
            if families.get(p.act, p.act) != fam or a <= p.start < b or p.condition or p.negated or p.nominal \
                    or obj is None or term not in obj.text:
                continue
            who, rec, dest = _transfer_ends(facts, p, statements)
            if (who, rec) != (to, giver) or dest is None:
                continue
            end = _predicate_end(p, statements.get(p.sent))
            yield [], facts.finding(INV, "flow", "warning", dest.start, end,
                                    f"「{term}」は定義では{c.party_ja(giver)}が{c.party_ja(to)}に渡すものですが、ここでは"
                                    f"{c.party_ja(who)}が{c.party_ja(rec)}に渡すことになっています。",
                                    "定義と本文で受け渡しの向きをそろえ、渡す当事者と受け取る当事者を正しく書き直してください。")


def _predicate_end(p, st) -> int:
    """End of the quote for proposition ``p``: its statement's predicate when that begins by the act
    (報告しなければならない) or follows it in a chain of acts of the same duty (「…大学に提出し、大学の確認を
    受けなければならない」: the handing over and what follows from it are one duty), else the act itself."""
    return max(p.end, st.predicate[1] if st is not None and st.predicate and p.start <= st.predicate[1] else p.end)


def _transfer_ends(facts, p, statements: dict) -> tuple[str | None, str | None, object]:
    """(bearer, recipient, recipient's argument) of a transfer: は/が (or the sentence's single bearer)
    and the party among the に-phrases (「5日以内に受注者に提出」: not the time)."""
    to = next((a for a in p.args if a.case == _DAT and _party_label(a.text, facts.parties)), None)
    if to is None:
        group = next(((a, g) for a in p.args if a.case == _DAT for g in [_party_group(a.text, facts.parties)] if g),
                     None)
        if group is not None and not p.causative:  # 「乙及び丙に提供する」: both, as one recipient
            return _bearer_of(facts, p, statements), group[1], group[0]
        return _bearer_of(facts, p, statements), *_account_of(facts, p)
    if p.causative:  # 「甲は、乙に報告させる」: the one made to act (に) hands it to the bearer
        return _party_label(to.text, facts.parties), _bearer_of(facts, p, statements), to
    return (_bearer_of(facts, p, statements), _party_label(to.text, facts.parties) if to is not None else None,
            to)


def _party_group(text: str, parties) -> str | None:
    """Parties named together (乙及び丙, 乙又は丙, 乙・丙): their labels joined by ・ (one recipient), or None."""
    parts = _RX["party_coordinators"].split(text)
    labels = [_party_label(x, parties) for x in parts]
    return _MESSAGE_WORDS["dot"].join(labels) if len(labels) >= 2 and all(labels) else None


def _account_of(facts, p) -> tuple[str | None, object]:
    """(party, argument) when ``p`` is a payment (party_checks.yaml payment_verbs) and one of its に-phrases
    is a party's account (乙の指定する口座に, 甲の指定金融機関に): a payment into it is a payment to that
    party; (None, None) otherwise."""
    forms = sorted({f for party in facts.parties for f in party.forms}, key=len, reverse=True)
    if not forms or not _RX["payment_verbs"].match(p.act):
        return None, None  # data handed to a bank (口座振替データを甲の指定金融機関に) is not paid to 甲
    rx = _per_document("account_owner", forms=_alternation(forms))
    lo = facts.sentences[p.sent].start
    for a in p.args:
        if a.case == _DAT:
            m = rx.search(facts.folded, max(lo, a.start - 16), a.end)
            label = _party_label(fold(m.group("owner")), facts.parties) if m else None
            if label:  # the phrase from the owner on: 「乙の指定する口座」
                return label, dataclasses.replace(a, start=m.start(), text=facts.folded[m.start():a.end])
    return None, None


def _loan_return_inversions(c: _Ctx, settings: dict, statements: dict) -> Iterator[tuple[list[str], Finding]]:
    """A return (返還) running the same way as the loan it ends: 「甲は、…資料を乙に貸与する」 and later
    「甲は、…貸与を受けた資料を…乙に返還しなければならない」 — what was lent goes back to the lender.
    The loan and the return name the same thing (the head of the object, or the loan word in the
    returned object: 貸与を受けた資料). Acts: roles.yaml ``settings.loan_acts`` and ``settings.return_acts``."""
    facts = c.facts
    lend = {fold(str(w)) for w in settings.get("loan_acts") or []}
    back = {fold(str(w)) for w in settings.get("return_acts") or []}
    if not lend or not back:
        return
    loans = []
    for p in facts.propositions:
        obj = p.arg(_OBJ)
        if p.act in lend and not p.condition and not p.negated and not p.nominal and obj is not None:
            who, rec, _to = _transfer_ends(facts, p, statements)
            if who and rec and who != rec:
                loans.append((who, rec, obj.head, p.act))
    for p in facts.propositions:
        obj = p.arg(_OBJ)
        if p.act not in back or p.negated or p.nominal or obj is None:
            continue
        who, rec, _to = _transfer_ends(facts, p, statements)
        # the lent thing among the returned ones (端末台帳及び…媒体を返還: the loan's 台帳 is one of them)
        lo = max(facts.sentences[p.sent].start, obj.start - 30)
        same = [x for x in loans if (x[0], x[1]) == (who, rec)
                and (x[2] == obj.head or (len(x[2]) >= 2 and x[2] in facts.folded[lo:obj.end])
                     # the returned thing named by that loan's own act (貸与を受けた資料 after a 貸与; not
                     # 貸与品 after the other party handed over its fees)
                     or x[3] in facts.folded[obj.start - 12:obj.end])]
        if not same or _received_from(facts, p, obj, rec):
            continue
        st = statements.get(p.sent)
        start, end = _bearer_to_predicate(st) if st is not None else (p.start, p.end)
        lender, holder = c.party_ja(who), c.party_ja(rec)
        yield [], facts.finding(INV, "flow", "warning", start, end,
                                f"「{obj.text}」は{lender}が{holder}に{same[0][3]}するものですが、ここでは{lender}が{holder}に返還することになっています。",
                                f"貸し出した物・提供した物を返還するのは受け取った側です。「{holder}は、…{lender}に返還しなければならない」と書き直してください。")


def _loans(facts, settings: dict, statements: dict) -> list[tuple]:
    """(lender, borrower, what is lent (folded phrase), statement) of every loan the document writes:
    an act (「甲は、資料を乙に貸与する」), or a thing described as lent to the sentence's bearer
    (「乙は、甲から貸与された資料を…」「甲から貸与を受けた資料」: the から-phrase lends). Acts: roles.yaml
    ``settings.lend_acts`` (lending only: information is provided both ways)."""
    lend = {fold(str(w)) for w in settings.get("lend_acts") or []}
    out = []
    for p in facts.propositions:
        st = statements.get(p.sent)
        if p.condition or p.negated or st is None:
            continue
        if p.modifies is None and not p.nominal and p.act in lend and p.arg(_OBJ) is not None:
            who, rec, _to = _transfer_ends(facts, p, statements)
            if who and rec and who != rec:
                out.append((who, rec, p.arg(_OBJ).text, st))
            continue
        obj = p.arg(_OBJ)
        loan_word = p.act in lend or (obj is not None and any(w in obj.text for w in lend))
        frm = next((a for a in p.args if _RX["from_case"].match(a.case)), None)
        if p.modifies is None or not loan_word or frm is None or len(st.bearers) != 1:
            continue
        lender = _party_label(frm.text, facts.parties)
        end = _phrase_end(facts, p.sent, p.modifies)
        if lender and lender != st.bearers[0]:
            out.append((lender, st.bearers[0], facts.folded[p.modifies.start:end], st))
    return out


def _loan_direction_inversions(c: _Ctx, settings: dict, statements: dict) -> Iterator[tuple[list[str], Finding]]:
    """The same thing lent both ways (「受託者は、委託者から貸与された資料を返還し」 and 「委託者は、受託者から
    貸与された端末及び資料を…管理すること」): the loan against the usual allocation — the client lends its
    materials and equipment to the vendor for the work (roles.yaml ``settings.lender_role``) — is the
    slip. Things lent one way only (a lease of the vendor's terminals, the client's documents the other
    way) are left alone: each side may lend something."""
    facts = c.facts
    usual = str(settings.get("lender_role") or "")
    loans = _loans(facts, settings, statements)
    done: set[int] = set()
    for lender, borrower, what, st in loans:
        if c.role(lender) == usual or c.role(borrower) != usual or st.sent in done:
            continue
        back = [x for x in loans if (x[0], x[1]) == (borrower, lender) and _same_thing(what, x[2])]
        if not back:
            continue
        done.add(st.sent)
        start, end = _bearer_to_predicate(st)
        yield [], facts.finding(INV, "flow", "warning", start, end,
                                f"「{what}」は、この文書の他の条項（{back[0][3].clause or ''}）では{c.party_ja(borrower)}が"
                                f"{c.party_ja(lender)}に貸与するものですが、ここでは{c.party_ja(lender)}から"
                                f"{c.party_ja(borrower)}に貸与されたことになっています。",
                                "貸与する側と借り受けて管理する側を確認し、主体を書き直してください。",
                                [Related(back[0][3].start, back[0][3].end, "逆の向きの貸与を書く文")])


def _phrase_end(facts, sent: int, head) -> int:
    """End of the object phrase that the noun ``head`` begins (端末 of 「端末及び資料を」): the を-phrase of a
    predicate of the sentence that holds it, else the noun itself."""
    for q in facts.propositions:
        obj = q.arg(_OBJ) if q.sent == sent and not q.nominal else None
        if obj is not None and head.start <= obj.end and obj.start - head.end <= 12 and obj.end >= head.end:
            return obj.end
    return head.end


def _record_key(facts, p, nouns: tuple[str, ...]) -> str | None:
    """The record ``p`` acts on, with its qualifier and without の (入退室の記録 → 入退室記録), or None when
    its object is no record or a bare one (記録)."""
    obj = p.arg(_OBJ)
    if obj is None or not obj.text.endswith(nouns):
        return None
    key = obj.text
    for q in facts.propositions:
        if q.sent == p.sent and q.nominal and q.act == obj.text and q.end == obj.end and q.args \
                and q.args[0].case == _GEN:
            key = q.args[0].text + obj.text
    return key if key not in nouns else None


def _record_inversions(c: _Ctx, settings: dict, statements: dict) -> Iterator[tuple[list[str], Finding]]:
    """A record of the work or the facility (入退室の記録) that the client is to make, while the document
    has the vendor keep or make the same record elsewhere (「受注者は、入退室記録、作業記録…を保管し」): the
    one who does the work records it. The client keeping what the vendor made and handed over is left
    alone — only making it (roles.yaml ``settings.record_make_acts``) is the slip."""
    facts = c.facts
    make = {fold(str(w)) for w in settings.get("record_make_acts") or []}
    keep = make | {fold(str(w)) for w in settings.get("record_keep_acts") or []}
    nouns = tuple(fold(str(w)) for w in settings.get("record_nouns") or [])
    if not make or not nouns:
        return
    gen = fold(_GEN)
    for p in facts.propositions:
        st = statements.get(p.sent)
        if p.act not in make or p.condition or p.negated or p.nominal or st is None or len(st.bearers) != 1 \
                or c.role(st.bearers[0]) != "client":
            continue
        key = _record_key(facts, p, nouns)
        if key is None:
            continue
        other = next((o for q in facts.propositions if q.act in keep and not q.condition and not q.negated
                      and q.arg(_OBJ) is not None
                      for o in [statements.get(q.sent)] if o is not None and len(o.bearers) == 1
                      and c.role(o.bearers[0]) == "vendor"
                      and key in facts.folded[o.main_start:q.arg(_OBJ).end].replace(gen, "")), None)
        if other is None:
            continue
        start, end = _bearer_to_predicate(st)
        yield [], facts.finding(INV, "duty", "warning", start, end,
                                f"「{key}」を作成するのは{c.party_ja(st.bearers[0])}とされて"
                                f"いますが、同じ記録を他の条項（{other.clause or ''}）では{c.party_ja(other.bearers[0])}が"
                                f"保管・作成することになっています。業務を行う側が記録するもので、当事者の取り違えのおそれがあります。",
                                f"記録を作成し保存する当事者を{c.party_ja(other.bearers[0])}に改めてください。",
                                [Related(other.start, other.end, "同じ記録を相手方が扱う文")])


def _keepers(facts, thing: str, acts: set[str], statements: dict) -> set[str]:
    """The parties the document makes keeper of ``thing`` (a defined facility or object): the bearer of
    an act of keeping it (乙は、本物件を使用する), or the one who carries out its keeping (「乙が本施設の管理を
    行う」)."""
    out: set[str] = set()
    defs = [d for d in facts.definitions if d.key == thing]
    for p in facts.propositions:
        if p.act not in acts or p.condition or p.negated:
            continue
        obj = p.arg(_OBJ) if not p.nominal else (p.args[0] if p.args and p.args[0].case == _GEN else None)
        if obj is None or (obj.text != thing and not any(d.key == thing and 0 <= d.start - obj.end <= 8 for d in defs)):
            continue  # the thing by its name, or by what it names (朝霧市総合体育館（以下「本施設」という。）)
        if not p.nominal:
            label = _bearer_of(facts, p, statements)
        else:  # 本施設の管理を行う: the doer of the light verb
            doer = next((q for q in facts.propositions if q.sent == p.sent and q.arg(_OBJ) is not None
                         and q.arg(_OBJ).end == p.end), None)
            # 「市が指定管理者に本施設の管理を行わせる」: the one made to do it keeps it
            a = None if doer is None else doer.arg(_DAT) if doer.causative else doer.arg(_SUBJ, _TOPIC)
            label = _party_label(a.text, facts.parties) if a is not None else None
        if label:
            out.add(label)
    return out


def _restoration_inversions(c: _Ctx, settings: dict, statements: dict) -> Iterator[tuple[list[str], Finding]]:
    """Restoring a thing to its original state (原状に回復する) put on a party the document never makes its
    keeper, while the other party keeps it (「乙が本施設の管理を行う」「甲は、…本施設を原状に回復し、乙に引き渡さ
    なければならない」): the one who used or managed it restores it. A lease where the municipality is the
    tenant makes the municipality the keeper, and its restoration stands. Words: roles.yaml
    ``settings.restore_acts``, ``settings.restore_states`` and ``settings.keeper_acts``."""
    facts = c.facts
    acts = {fold(str(w)) for w in settings.get("restore_acts") or []}
    states = tuple(fold(str(w)) for w in settings.get("restore_states") or [])
    keep = {fold(str(w)) for w in settings.get("keeper_acts") or []}
    if not acts or not states or not keep:
        return
    for p in facts.propositions:
        st = statements.get(p.sent)
        obj = p.arg(_OBJ)
        if p.act not in acts or p.condition or p.negated or p.nominal or obj is None or st is None \
                or len(st.bearers) != 1:
            continue
        if not (p.act.startswith(states) or any(a.text in states for a in p.args)):
            continue
        who = st.bearers[0]
        keepers = _keepers(facts, obj.text, keep, statements)
        if not keepers or who in keepers or len(keepers) != 1:
            continue
        keeper = next(iter(keepers))
        start, end = _bearer_to_predicate(st)
        yield [], facts.finding(INV, "duty", "warning", start, end,
                                f"「{obj.text}」を管理・使用するのは{c.party_ja(keeper)}ですが、ここでは"
                                f"{c.party_ja(who)}が原状に回復することになっています。原状回復は使用・管理してきた側の"
                                f"義務で、甲乙の取り違えのおそれがあります。",
                                f"「{c.party_ja(keeper)}は、その費用により{obj.text}を原状に回復し、{c.party_ja(who)}に"
                                f"引き渡さなければならない」のように、主体と相手方を入れ替えてください。")


def _subcontracts(facts, p, acts: set[str], marks: tuple[str, ...]) -> bool:
    """``p`` is subcontracting: 委託 written with its 再 (再委託する), or 委託 to a third party."""
    return p.act in acts and any(facts.folded[max(0, p.start - len(m)):p.start] == m for m in marks)


def _subcontract_inversions(c: _Ctx, settings: dict, statements: dict) -> Iterator[tuple[list[str], Finding]]:
    """Only the party that took the work subcontracts it and binds its subcontractor (「受託者は、…第三者に委託
    しようとするときは」): the client written as the one who subcontracts (「委託者は、…承諾を得て再委託する場合には」)
    or who must make the subcontractor bear duties (「甲は、再委託先に対し、…義務を負わせなければならない」) is a
    slip, when the document elsewhere has the vendor subcontract. Words: roles.yaml ``settings.subcontract_acts``,
    ``settings.subcontract_marks`` and ``settings.subcontractor_nouns``."""
    facts = c.facts
    acts = {fold(str(w)) for w in settings.get("subcontract_acts") or []}
    marks = tuple(fold(str(w)) for w in settings.get("subcontract_marks") or [])
    nouns = {fold(str(w)) for w in settings.get("subcontractor_nouns") or []}
    if not acts or not marks:
        return
    vendor_subcontracts = any(
        (p.act in acts or any(a.text in nouns for a in p.args)) and c.role(_bearer_of(facts, p, statements) or "") == "vendor"
        for p in facts.propositions if not p.negated)
    if not vendor_subcontracts:
        return
    causative = {q.sent for q in facts.propositions if q.causative}  # (負わせる: the one made to bear is the に-phrase)
    done = set()
    for p in facts.propositions:
        st = statements.get(p.sent)
        # the party the sentence is about (「委託者は、」), not one inside a modifier (ユーザが指定した再委託先に)
        who = st.bearers[0] if st is not None and len(st.bearers) == 1 else None
        if st is None or p.sent in done or p.negated or who is None or c.role(who) != "client":
            continue
        binds = st.modality == "obligation" and p.sent in causative and any(a.text in nouns for a in p.args)
        if not (_subcontracts(facts, p, acts, marks) or binds):
            continue
        done.add(p.sent)
        start, end = _bearer_to_predicate(st)
        vendor = c.names_ja([x for x in c.parties if c.role(x) == "vendor"])
        yield [], facts.finding(INV, "duty", "warning", start, end,
                                f"「{facts.text[start:end]}」：再委託をし、再委託先に義務を負わせるのは業務を受けた側"
                                f"（{vendor}）ですが、ここでは{c.party_ja(who)}がその主体になっています。"
                                f"甲乙の取り違えのおそれがあります。",
                                f"主体を{vendor}に改めてください（{vendor}は、…再委託先に対し、…義務を負わせなければならない）。")


def _same_thing(a: str, b: str) -> bool:
    """Two phrases naming a common lent thing: one's last word (資料, 端末) is in the other."""
    return any(len(w) >= 2 and w in other for w, other in ((a[-2:], b), (b[-2:], a)))


def _received_from(facts, p, obj, rec: str | None) -> bool:
    """The returned thing is described as received from the one it goes back to (「甲から提供を受けた記録媒体を
    …甲に返還」): the return runs the right way, whatever else the document hands over."""
    return any(q.sent == p.sent and q.modifies is not None and q.modifies.end == obj.end
               and any(_RX["from_case"].match(a.case) and _party_label(a.text, facts.parties) == rec for a in q.args)
               for q in facts.propositions)


def _fee_moves(c: _Ctx, settings: dict, statements: dict, fam: str) -> list[tuple]:
    """(fee word, bearer, recipient or None, proposition) of each act of ``fam`` on a fee (委託料を…)."""
    facts = c.facts
    fees = sorted({fold(str(w)) for w in settings.get("fees") or []}, key=len, reverse=True)
    out = []
    for p in facts.propositions:
        if p.condition or p.negated or p.nominal or not _RX[fam].match(p.act):
            continue
        obj = p.arg(_OBJ)
        fee = next((f for f in fees if obj is not None and f in obj.text), None)
        who = _bearer_of(facts, p, statements) if fee else None
        if who:
            to = next((_party_label(a.text, facts.parties) for a in p.args if a.case == _DAT
                       and _party_label(a.text, facts.parties)), None)
            out.append((fee, who, to, p))
    return out


def _payment_inversions(c: _Ctx, settings: dict, statements: dict) -> Iterator[tuple[list[str], Finding]]:
    """A party that requests a fee from the other (「受注者は、…委託料を発注者に請求する」) also written as
    paying that fee to it (「受注者は、…委託料を発注者に支払う」): whoever requests a fee receives it, so the
    payment runs the wrong way. Fees: roles.yaml ``settings.fees``; verbs: party_checks.yaml
    payment_verbs and claim_verbs."""
    claims = {(fee, who, to) for fee, who, to, _p in _fee_moves(c, settings, statements, "claim_verbs")}
    claimants: dict[str, set] = {}
    for fee, who, _to in claims:
        claimants.setdefault(fee, set()).add(who)
    for fee, who, to, p in _fee_moves(c, settings, statements, "payment_verbs"):
        if claimants.get(fee) != {who} or (to is not None and (fee, who, to) not in claims
                                            and (fee, who, None) not in claims):
            continue  # nobody, or both parties request it (license fees each way), or a third party paid
        st = statements.get(p.sent)
        if st is None:
            continue
        start, end = _bearer_to_predicate(st)
        yield [], c.facts.finding(INV, "payment", "warning", start, end,
                                  f"{c.party_ja(who)}は、この文書の他の条項では「{fee}」を請求する（受け取る）側ですが、"
                                  f"ここでは「{fee}」を支払う側になっています。",
                                  "支払う当事者と受け取る当事者が逆になっていないか確認し、書き直してください。")


def _duty_bearers_at(facts, si: int, statements: dict) -> tuple[str, ...]:
    """Who a sentence binds: its own bearers, or for an item (号) those of the nearest enclosing lead
    that names them (「受注者は、次に掲げる業務を行う。(2) 寄附金の収納代行　ア …寄附金の収納」)."""
    st = statements.get(si)
    if st is not None and st.bearers:
        return tuple(st.bearers)
    c = facts.clause_at(facts.sentences[si].start)
    while c is not None and c.kind in ("item", "subitem") and c.parent is not None:
        c = facts.clauses[c.parent]
        lead = [s for s in statements.values() if c.start <= s.start < c.end and s.bearers
                and facts.clause_at(s.start) is c]
        if lead:
            return tuple(lead[0].bearers)
    return ()


def _collection_inversions(c: _Ctx, settings: dict, statements: dict) -> Iterator[tuple[list[str], Finding]]:
    """Collected money (収納した寄附金, 収納金) paid to the party the document makes the collector: the one
    whose work is the collection (roles.yaml ``settings.collection_acts``, as a duty or an item of its work)
    hands the money over, it does not receive it (「町は、…収納した寄附金を、受注者の指定する口座に振り込む」
    where 「受注者は、次に掲げる業務を行う。…寄附金の収納」)."""
    facts = c.facts
    acts = {fold(str(w)) for w in settings.get("collection_acts") or []}
    if not acts:
        return
    pays = [p for p in facts.propositions if not (p.condition or p.negated or p.nominal)
            and _RX["payment_verbs"].match(p.act)]
    if not pays:
        return
    collectors: set[str] = set()
    for q in facts.propositions:
        if q.act in acts and q.modifies is None and not q.negated and not q.condition:
            collectors.update(_duty_bearers_at(facts, q.sent, statements))
    for p in pays:
        obj = p.arg(_OBJ)
        collected = obj is not None and (any(w in obj.text for w in acts) or any(
            q.sent == p.sent and q.act in acts and q.modifies is not None and q.modifies.end == obj.end
            for q in facts.propositions))
        who, rec, _to = _transfer_ends(facts, p, statements) if collected else (None, None, None)
        st = statements.get(p.sent)
        if not who or not rec or who in collectors or st is None:
            continue
        own = who == rec  # the party that does not collect pays the money into its own account
        if own and collectors - {who}:
            # (「甲は、乙が収納した家賃等を、…甲名義の口座に払い込まなければならない」): the collector pays it over
            collector = sorted(collectors - {who})[0]
            done, to = f"{c.party_ja(who)}が自分の口座に", f"{c.party_ja(who)}の口座に"
        elif not own and rec in collectors:
            collector = rec
            done, to = f"{c.party_ja(who)}が収納したお金を{c.party_ja(rec)}に", f"{c.party_ja(who)}に"
        else:
            continue
        start, end = _bearer_to_predicate(st)
        yield [], facts.finding(INV, "payment", "warning", start, end,
                                f"「{obj.text}」を収納するのは{c.party_ja(collector)}の業務ですが、ここでは{done}"
                                f"払い込むことになっています。",
                                f"収納したお金を引き渡すのは収納する側です。「{c.party_ja(collector)}は、…{to}"
                                f"払い込まなければならない」と書き直してください。")


def _cited_spans(facts, si: int) -> list[tuple[int, int]]:
    """(start, end) of every clause that sentence ``si`` cites (前条第1項の規定により)."""
    return [(facts.clauses[t].start, facts.clauses[t].end) for r in facts.references
            if facts.sentence_index_at(r.start) == si for t in r.targets]


def _cited_right_holders(facts, si: int, acts: set[str]) -> set[str]:
    """The parties who hold, in the clauses sentence ``si`` cites (前条第1項の規定により), a right to one
    of ``acts`` (甲は、…この契約を解除することができる)."""
    spans = _cited_spans(facts, si)
    out: set[str] = set()
    for st in facts.statements:
        if st.modality == "right" and st.verb in acts and any(a <= st.start < b for a, b in spans):
            out.update(st.bearers)
    return out


def _penalty_inversions(c: _Ctx, settings: dict, statements: dict) -> Iterator[tuple[list[str], Finding]]:
    """A penalty (違約金: roles.yaml ``settings.penalties``) for a termination under a cited clause, paid by
    the party that holds the right to terminate there (「前条第１項の規定によりこの契約が解除されたときは、
    甲は、…違約金として乙に支払わなければならない」 under 「甲は、乙が…違反したときは、解除することが
    できる」): the party terminated for its breach pays it, so the payment runs the wrong way."""
    facts = c.facts
    pens = tuple(fold(str(w)) for w in settings.get("penalties") or [])
    acts = {fold(str(w)) for w in settings.get("termination_acts") or []}
    if not pens or not acts:
        return
    for p in facts.propositions:
        if p.condition or p.negated or p.nominal or not _RX["payment_verbs"].match(p.act) \
                or not any(w in a.text for a in p.args for w in pens):
            continue
        who, rec, _to = _transfer_ends(facts, p, statements)
        holders = _cited_right_holders(facts, p.sent, acts) if who and rec and who != rec else set()
        st = statements.get(p.sent)
        if who not in holders or rec in holders or st is None:
            continue
        start, end = _bearer_to_predicate(st)
        yield [], facts.finding(INV, "payment", "warning", start, end,
                                f"違約金は解除された側が支払うものですが、ここでは解除する権利を持つ{c.party_ja(who)}が"
                                f"{c.party_ja(rec)}に支払うことになっています。",
                                f"「{c.party_ja(rec)}は、…違約金として{c.party_ja(who)}に支払わなければならない」と書き直してください。")


def _breachers_in(c: _Ctx, spans: list[tuple[int, int]]) -> set[str]:
    """The parties whose breach (roles.yaml breach.* entries: 乙がこの契約に違反 / 乙の責めに帰すべき) is
    named inside ``spans``."""
    out: set[str] = set()
    for m in c.matches(INV, "breach"):
        if any(a <= m.start < b for a, b in spans):
            who = _breacher(c, m)
            if who is not None:
                out.add(who[0])
    return out


def _harmed_party(facts, p, harm_acts: set[str]) -> str | None:
    """Whose loss the compensation ``p`` makes good: the party of the harm phrase describing its object
    (乙に生じた損害, 乙が被った損害), else its own に-phrase (乙に対し、その損害を賠償する)."""
    obj = p.arg(_OBJ)
    for q in facts.propositions:
        if obj is not None and q.sent == p.sent and q.act in harm_acts and q.modifies is not None \
                and q.modifies.end == obj.end:
            a = q.arg(_DAT, _SUBJ)
            label = _party_label(a.text, facts.parties) if a is not None else None
            if label:
                return label
    a = p.arg(_DAT)
    return _party_label(a.text, facts.parties) if a is not None else None


def _damages_inversions(c: _Ctx, settings: dict, statements: dict) -> Iterator[tuple[list[str], Finding]]:
    """Compensation owed to the party whose breach is its ground (「甲は、乙がこの覚書に違反したときは、…解除
    することができる。２　前項の規定により解除した場合において、甲は、これにより乙に生じた損害を賠償しなければ
    ならない」): the ground is read in the sentence's own condition and in the clauses it cites; the one who
    breached makes good the other's loss, so the compensation runs the wrong way. A termination for the
    holder's own convenience names no breach and is left alone. Acts: roles.yaml ``settings.damages_acts``
    and ``settings.harm_acts``."""
    facts = c.facts
    acts = {fold(str(w)) for w in settings.get("damages_acts") or []}
    harm = {fold(str(w)) for w in settings.get("harm_acts") or []}
    for p in facts.propositions:
        st = statements.get(p.sent)
        if p.act not in acts or p.condition or p.negated or p.nominal or st is None or len(st.bearers) != 1 \
                or st.modality not in ("obligation", "indemnity"):
            continue
        payer, harmed = st.bearers[0], _harmed_party(facts, p, harm)
        if harmed is None or harmed == payer:
            continue
        spans = [(st.start, st.main_start)] + _cited_spans(facts, p.sent)
        if _breachers_in(c, spans) != {harmed}:
            continue
        start, end = _bearer_to_predicate(st)
        yield [], facts.finding(INV, "breach", "warning", start, end,
                                f"この賠償の原因は{c.party_ja(harmed)}の違反ですが、ここでは{c.party_ja(payer)}が"
                                f"{c.party_ja(harmed)}の損害を賠償することになっています。甲乙の取り違えのおそれがあります。",
                                f"違反した側が相手方の損害を賠償します。「{c.party_ja(harmed)}は、これにより"
                                f"{c.party_ja(payer)}に生じた損害を賠償しなければならない」と書き直してください。")


def _custody_inversions(c: _Ctx, settings: dict) -> Iterator[tuple[list[str], Finding]]:
    """Keeping a defined thing safe (保管・管理・廃棄 of 秘密情報 / 個人情報) is written as one party's duty at
    least twice and once as the other's: that once is the other way round (「乙は、秘密情報を…管理しなければ
    ならない」「甲は、秘密情報を記録した書類…を保管庫に保管し」 in a one-way NDA). Acts: roles.yaml
    ``settings.custody_acts``; parties of both sides (mutual NDAs) are left alone."""
    facts = c.facts
    acts = {fold(str(w)) for w in settings.get("custody_acts") or []}
    terms = [d.key for d in facts.definitions if d.kind in ("bracket", "article_item", "paren", "toha")]
    if not acts or not terms or any(getattr(p, "role", "") == "both" for p in facts.parties):
        return
    statements = {st.sent: st for st in facts.statements}
    by: dict[tuple[str, str], list] = {}
    for p in facts.propositions:
        st = statements.get(p.sent)
        obj = p.arg(_OBJ)
        if p.act not in acts or p.condition or p.nominal or p.negated or obj is None or st is None \
                or st.modality != "obligation" or len(st.bearers) != 1 or p.causative:
            continue  # (made to keep it: 「…消去させる」 is the other one's act)
        if _RX["receipt"].search(facts.folded, st.start, st.main_start):
            continue  # 「乙は、物件の返還を受けたときは、…記録された本件データを…消去」: it is in the bearer's hands then
        # the whole phrase before を (秘密情報を記録した書類及び記録媒体), from the last 、 or topic
        a = max(facts.folded.rfind(_COMMA, st.start, obj.start), facts.folded.rfind(_TOPIC, st.start, obj.start), st.start)
        phrase = facts.folded[a:obj.end]
        t = next((t for t in terms if t in phrase), None)
        if t is not None and st not in by.get((t, st.bearers[0]), []):
            by.setdefault((t, st.bearers[0]), []).append(st)
    for (t, who), sts in by.items():
        others = [len(v) for (t2, w2), v in by.items() if t2 == t and w2 != who]
        if len(sts) != 1 or not others or max(others) < 2:
            continue
        st = sts[0]
        start, end = _bearer_to_predicate(st)
        yield [], facts.finding(INV, "custody", "warning", start, end,
                                f"「{t}」の保管・管理は、この文書のほかの条項では相手方の義務ですが、ここだけ"
                                f"{c.party_ja(who)}の義務になっています。",
                                "保管・管理の義務を負うのはどちらの当事者か確認し、主体を書き直してください。")


def _owner_by_genitive(facts, p, arg) -> str | None:
    """The party a の-phrase names as owner of ``arg`` in the sentence of ``p`` (当社のデータセンター)."""
    for q in facts.propositions:
        if q.sent == p.sent and q.nominal and q.end == arg.end and q.args and q.args[0].case == _GEN:
            label = _party_label(q.args[0].text, facts.parties)
            if label:
                return label
    return None


def _thing_of(facts, p, arg) -> str | None:
    """The の-phrase qualifying ``arg`` (申請データ of 申請データの管理状況), or None."""
    q = next((q for q in facts.propositions if q.sent == p.sent and q.nominal and q.end == arg.end
              and q.args and q.args[0].case == _GEN), None)
    return q.args[0].text if q is not None else None


def _status_report_inversions(c: _Ctx, settings: dict, statements: dict) -> Iterator[tuple[list[str], Finding]]:
    """A report on the state (``settings.status_nouns``: 管理状況) of what the recipient keeps, made by the
    other party to the recipient (「利用団体は、…当社のデータセンターにおける申請データの管理状況を当社に
    報告します」 where 「当社は、申請データを…保管します」): the keeper reports on its own keeping. The
    keeper is learned from the document (the bearers of ``settings.status_keep_acts`` on the thing) or named
    as the owner of the place the state is reported for."""
    facts = c.facts
    acts = {fold(str(w)) for w in settings.get("status_report_acts") or []}
    nouns = tuple(fold(str(w)) for w in settings.get("status_nouns") or [])
    custody = {fold(str(w)) for w in settings.get("status_keep_acts") or []}
    if not acts or not nouns or not custody:
        return
    keepers: dict[str, set] = {}
    for q in facts.propositions:
        obj = q.arg(_OBJ)
        if q.act in custody and not (q.negated or q.nominal) and q.modifies is None and obj is not None:
            who = _bearer_of(facts, q, statements)
            if who:
                for key in {obj.head, obj.text}:
                    keepers.setdefault(key, set()).add(who)
    for p in facts.propositions:
        obj = p.arg(_OBJ)
        if p.act not in acts or p.condition or p.negated or p.nominal or p.causative or obj is None \
                or not any(obj.text.endswith(w) for w in nouns):
            continue
        who, rec, _to = _transfer_ends(facts, p, statements)
        if not who or not rec or who == rec or _MESSAGE_WORDS["dot"] in who + rec:
            continue  # (parties reporting together 「乙及び丙は」 are left alone)
        thing = _thing_of(facts, p, obj)
        kept = keepers.get(thing, set()) if thing else set()
        places = {_owner_by_genitive(facts, p, a) for a in p.args if a.case != _OBJ and a is not _to}
        if not ((kept and rec in kept and who not in kept) or (rec in places and who not in kept)):
            continue
        st = statements.get(p.sent)
        if st is None:
            continue
        start, end = _bearer_to_predicate(st)
        yield [], facts.finding(INV, "flow", "warning", start, end,
                                f"「{obj.text}」を報告する対象は{c.party_ja(rec)}が自ら管理しているものですが、ここでは"
                                f"{c.party_ja(who)}が{c.party_ja(rec)}に報告することになっています。",
                                f"管理している側が報告します。「{c.party_ja(rec)}は、…{c.party_ja(who)}に報告する」と"
                                f"書き直してください。")


def _obstruction_inversions(c: _Ctx, settings: dict, statements: dict) -> Iterator[tuple[list[str], Finding]]:
    """A party forbidden to refuse or obstruct an act it performs itself (「市は、…実地に調査するものとする」
    then 「市は、前項の調査を…拒み、又は妨げてはならない」): the duty not to obstruct belongs to the other
    party. Verbs: roles.yaml ``settings.obstruct_verbs``."""
    facts = c.facts
    verbs = {fold(str(w)) for w in settings.get("obstruct_verbs") or []}
    if not verbs:
        return
    acts: dict[tuple[str, str], int] = {}  # (bearer, act) -> first offset where the bearer does it
    for p in facts.propositions:
        who = _bearer_of(facts, p, statements)
        if who and not p.negated and not p.nominal and not p.condition:
            acts.setdefault((who, p.act), p.start)
    for p in facts.propositions:
        if p.act not in verbs:
            continue
        st = statements.get(p.sent)
        obj = p.arg(_OBJ)
        if st is None or st.modality != "prohibition" or len(st.bearers) != 1 or obj is None:
            continue
        who = st.bearers[0]
        done = acts.get((who, obj.head)) or acts.get((who, obj.text))
        if done is None or done >= st.start:
            continue
        start, end = _bearer_to_predicate(st)
        yield [], facts.finding(INV, "obstruction", "warning", start, end,
                                f"「{facts.text[start:end]}」は、{c.party_ja(who)}自身が行う「{obj.head}」を"
                                f"{c.party_ja(who)}が妨げないという定めになっています。",
                                "妨げてはならない義務を負うのは相手方です。主体を確認し、書き直してください。")


def _bearer_to_predicate(st) -> tuple[int, int]:
    """The quote of a statement-level finding: from the bearer (「甲は、」) to the end of the predicate."""
    return (st.topic[0] if st.topic else st.start), (st.predicate[1] if st.predicate else st.end)


def _staff_owners(facts) -> dict[str, str]:
    """Defined terms for one party's people (従事者: 乙の役員、従業員その他乙の指揮監督を受けて…者) → that party."""
    forms = _forms_longest_first(facts)
    if not forms:
        return {}
    rx = _per_document("staff_of", forms=_alternation(f for f, _ in forms))
    label_of = dict(forms)
    out = {}
    for d in facts.definitions:
        if not _RX["staff_heads"].search(d.key) or d.key in label_of:  # a party (受注者) is nobody's staff
            continue
        body = facts.folded[d.end:d.end + 120]
        body = body[:e.start()] if (e := _RX["definition_end"].search(body)) else body
        owners = {label_of[m.group(1)] for m in rx.finditer(body)}
        if len(owners) == 1:
            out[d.key] = owners.pop()
    return out


def _staff_object(text: str, term: str) -> bool:
    """``term`` is the object of the act somewhere in ``text`` (従事者に対し / 従事者を / 従事者から)."""
    links = _RX["staff_links"]
    k = text.find(term)
    while k >= 0:
        if links.match(text, k + len(term)):
            return True
        k = text.find(term, k + 1)
    return False


def _actor(c: _Ctx, st) -> str | None:
    """Who does the act a statement binds its bearer to: the bearer, or for a causative predicate
    (「所管課は、受託者に、…周知させる」, the way a 要領 binds the vendor) the one made to act — None when
    that one is not named (「…消去させるものとする」)."""
    facts = c.facts
    for p in facts.propositions:
        if p.sent != st.sent or not p.causative or p.nominal or st.predicate is None \
                or not (p.start < st.predicate[1] and st.predicate[0] < p.end):
            continue
        to = next((a for a in p.args if a.case == _DAT and _party_label(a.text, facts.parties)), None)
        return _party_label(to.text, facts.parties) if to is not None else None
    return st.bearers[0] if len(st.bearers) == 1 else None


def _staff_inversions(c: _Ctx, settings: dict, statements: dict) -> Iterator[tuple[list[str], Finding]]:
    """A duty to train, supervise or bind one party's own people put on the other party (「甲は、従事者に
    対し、…を教育しなければならない」 where 従事者 are 乙's staff): each side manages its own people.
    Acts: roles.yaml ``settings.staff_acts``."""
    facts = c.facts
    acts = tuple(fold(str(w)) for w in settings.get("staff_acts") or [])
    owners = _staff_owners(facts) if acts else {}
    handed = _staff_handovers(c, settings, owners)
    for st in facts.statements:
        if st.modality != "obligation" or len(st.bearers) != 1 or st.predicate is None:
            continue
        text = facts.folded[st.start:st.end]
        for term, owner in owners.items():
            if owner != st.bearers[0] and (st.sent, owner) in handed \
                    and _names_people(text, term, handed[(st.sent, owner)]):
                yield [], _staff_handover_finding(c, st, term, owner)
                break
            if owner in (st.bearers[0], _actor(c, st)) or not _staff_object(text, term):
                continue
            if not any(a in facts.folded[st.predicate[0] - 8:st.predicate[1]] or a == st.verb for a in acts):
                continue
            start, end = _bearer_to_predicate(st)
            ja = c.party_ja(owner)
            yield [], facts.finding(INV, "staff", "warning", start, end,
                                    f"「{term}」は{ja}の従業員等ですが、その教育・監督を相手方が負うことになっています。",
                                    f"自らの従業員等を教育・監督するのは{ja}です。義務を負う当事者を確認し、書き直してください。")
            break


def _names_people(text: str, term: str, end: int) -> bool:
    """``term`` stands before ``end`` for the people themselves, not only as a count of them (受検者数, 受検率:
    party_checks.yaml count_suffixes)."""
    k = text.find(term, 0, end)
    while k >= 0:
        if not _RX["count_suffix"].match(text, k + len(term)):
            return True
        k = text.find(term, k + 1, end)
    return False


def _staff_handovers(c: _Ctx, settings: dict, owners: dict) -> dict[tuple[int, str], int]:
    """(sentence, recipient) → offset of the act in the sentence, for each transfer (届出・提出・報告:
    roles.yaml ``settings.transfer_acts`` except 返還) whose recipient (the に-phrase) owns staff terms."""
    if not owners:
        return {}
    facts = c.facts
    acts = {fold(str(w)) for fam in settings.get("transfer_acts") or [] for w in fam}
    acts -= {fold(str(w)) for w in settings.get("custody_acts") or []}  # 返還 is a return, not a report
    owning = set(owners.values())
    sents = {st.sent: st.start for st in facts.statements}
    out: dict[tuple[int, str], int] = {}
    for p in facts.propositions:
        if p.act not in acts or p.condition or p.negated or p.nominal or p.sent not in sents:
            continue
        for a in p.args:
            rec = _party_label(a.text, facts.parties) if a.case == _DAT else None
            if rec in owning:
                out.setdefault((p.sent, rec), a.start - sents[p.sent])
    return out


def _staff_handover_finding(c: _Ctx, st, term: str, owner: str) -> Finding:
    start, end = _bearer_to_predicate(st)
    ja = c.party_ja(owner)
    return c.facts.finding(INV, "staff", "warning", start, end,
                           f"「{term}」は{ja}の従業員等ですが、その名簿や報告を相手方が{ja}に届け出る定めになっています。",
                           f"自らの従業員等について届け出るのは{ja}です。届け出る当事者と届出先を確認し、書き直してください。")


def _authority_inversions(c: _Ctx, settings: dict, statements: dict) -> Iterator[tuple[list[str], Finding]]:
    facts = c.facts
    nouns = {fold(str(w)): n for n, fam in enumerate(settings.get("authority_nouns") or []) for w in fam}
    if not nouns:
        return
    forms = _forms_longest_first(facts)
    label_of = dict(forms)
    rx = _per_document("authority_of", forms=_alternation(f for f, _ in forms), nouns=_alternation(nouns))
    found: dict = {}
    for si, sent in enumerate(facts.sentences):
        st = statements.get(si)
        if st is None or len(st.bearers) != 1:
            continue
        for m in rx.finditer(facts.folded, sent.start, sent.end):
            holder = label_of[m.group(1)]
            if holder != st.bearers[0]:  # the bearer acts under the other's consent: the usual way round
                found.setdefault((nouns[m.group(2)], "other", holder), []).append(m)
            else:
                found.setdefault((nouns[m.group(2)], "self", holder), []).append(m)
    # inverted: the bearer needs the consent of the party that, everywhere else, is the one asking
    for (fam, kind, holder), items in found.items():
        if kind != "other" or len(items) != 1:
            continue
        usual = [h for (f2, k2, h) in found if f2 == fam and k2 == "other" and h != holder
                 and len(found[(f2, k2, h)]) >= 2]
        if not usual:
            continue
        m = items[0]
        yield [], facts.finding(INV, "authority", "warning", m.start(), m.end(),
                                f"「{facts.text[m.start():m.end()]}」は、この文書の他の条項と承認・指示をする当事者が逆です。",
                                "承認・指示をするのはどちらの当事者か確認し、主体と相手方を正しく書き直してください。")


def _inversions_all(c: _Ctx) -> Iterator[tuple[list[str], Finding]]:
    hits = list(_inversions(c))
    yield from hits
    facts = c.facts
    taken = {facts.sentence_at(f.start) for _, f in hits}
    for ids, f in _flow_inversions(c):
        sent = facts.sentence_at(f.start)
        if sent in taken:  # one finding per sentence: a duty entry (or an earlier flow) named it
            continue
        taken.add(sent)
        yield ids, f


_RUNNERS = {OSE: _exemptions, UNI: _rights, INV: _inversions_all}


def _pairs(facts, lexset: lx.LexiconSet, rule: str) -> list[tuple[list[str], Finding]]:
    if not facts.parties or not facts.statements:
        return []
    c = _Ctx(facts, lexset.scan(facts))
    return list(_RUNNERS[rule](c))


def lexicon_hits(facts, lexset: lx.LexiconSet, rule: str) -> Iterable[tuple[str, Finding]]:
    """(entry id, finding) for every lexicon entry that contributed to a finding (examples runner)."""
    out = []
    for ids, f in _pairs(facts, lexset, rule):
        for eid in ids:
            out.append((eid, f))
    return out


def check(facts, ctx) -> Iterator[Finding]:
    if not facts.parties:
        return
    lexset = lx.of(ctx)
    select = getattr(ctx, "select", None)
    for rule in RULE_IDS:
        if select is not None and rule not in select:
            continue
        for _, f in _pairs(facts, lexset, rule):
            yield f
