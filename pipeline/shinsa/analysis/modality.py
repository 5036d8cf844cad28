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
from typing import Optional

from .parties import Mention, mentions

MODALITIES = ("obligation", "prohibition", "right", "best_effort", "exemption", "liability_cap",
              "indemnity", "none")
BALANCE_KEYS = ("obligation", "best_effort", "prohibition", "right", "termination_right", "exemption",
                "liability_cap", "indemnity")

_OPEN = {"(", "（", "「", "『", "[", "［", "【", "〔"}
_CLOSE = {")", "）", "」", "』", "]", "］", "】", "〕"}
_PUNCT = {"。", "、", ",", ".", " ", "\u3000"}
_JOIN = {"及び", "又は", "並びに", "若しくは", "と", "、", "・", "或いは", "もしくは", "および", "または"}

# final-predicate patterns on the depth-0 surface text of the sentence body (order matters)
_TAIL = [
    ("liability_cap", re.compile(r"(?:上限|限度|最高限度)と(?:する|します|なる)$|を超えない(?:ものとする|範囲[^。]*)$")),
    ("exemption", re.compile(r"(?:責任|責め|責|義務)(?:を|は|も)?(?:一切)?(?:負わ|負いません|負うものではない|負うものではありません)"
                             r"(?:ない|ず)?(?:ものとする)?$|(?:免れる|免責される|免責とする|免除される)(?:ものとする)?$")),
    ("best_effort", re.compile(r"(?:努め|努力し)(?:なければならない|るものとする|ること|る|ます)$|努力(?:するものとする|する)$")),
    ("prohibition", re.compile(r"(?:ては|では)ならない$|ないものとする$|(?:禁止|禁ずる|禁じる)(?:する|とする|します)?$"
                               r"|こと(?:が|は)でき(?:ない|ません)$|(?:でき|出来)(?:ない|ません)$")),
    # 利用規約 style: 変更できるものとします, 停止することがあります (the provider may do it)
    ("right", re.compile(r"ことができる$|ことができます$|妨げない$|(?:でき|出来)(?:る|ます)$"
                         r"|(?:でき|出来)るものと(?:する|します)$|ことがあ(?:る|ります)$")),
    ("obligation", re.compile(r"(?:なければ|ねば)ならない$|ものとする$|ものとします$|こと$|を要する$|義務を負う$")),
]
_PROVISO = re.compile(r"この限りでない$|この限りではない$")
_SAME = re.compile(r"同様とする$|同様とします$")
_STATIVE = re.compile(r"(?:て|で)(?:いる|おり|おる|ある)$|である$|ている(?:ものとする)?$")
_INDEMNITY = re.compile(r"(?:賠償|補償|填補|てん補)(?:し|する)(?:なければならない|ものとする|責任を負う|こと)?$|(?:賠償|補償)の責め?を負う$"
                        r"|(?:賠償|補償)する責任を負う$")
_CAP_IN_EXEMPTION = re.compile(r"(?:額|金額|料)を超える")
# a plain negative predicate (乙は、個人情報を第三者に提供しない。) is a prohibition; a negated
# compensation (甲は、…損害を賠償しない。) exempts its bearer
_NEG_PLAIN = re.compile(r"(?:ない|ません)$")
_NEG_INDEMNITY = re.compile(r"(?:賠償|補償|填補|てん補|補填|補てん)(?:を|は|も)?(?:し|いたし)?(?:ない|ません)$")
# a possessive bearer of liability: 乙の責任は / 受託者の損害賠償責任は / 乙の賠償額は
_LIABILITY_NOUNS = {"責任", "責め", "責", "賠償", "義務", "負担"}
# predicates that state a rule of the document, not a party's act
_RULE_VERBS = {"よる", "因る", "依る", "定める", "準拠", "解釈", "適用", "提起", "含む", "除く", "帰属", "施行", "従う",
               "する", "為る", "とおり", "通り", "限る", "準用", "だ", "ある", "有る"}
_SUB_HEADS = {"時", "とき", "場合", "際"}
# verbs inside compound particles (により, に対し, について, に関し, に基づき)
_PARTICLE_VERBS = {"よる", "因る", "依る", "対する", "付く", "就く", "関する", "当たる", "基づく", "伴う", "於く"}
# performative verbs of a recital (甲は、本業務を乙に委託し、乙は、これを受託する): no duty
_PERFORMATIVE = {"受託", "委託", "締結", "合意", "保有", "押印", "申し込む", "申込む", "申込", "契約"}


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
        while m < hi and tokens[m].surface in ("は", "に", "において", "も", "お", "いて", "で", "には"):
            m += 1
        if m < hi and tokens[m].surface in ("、", ","):
            out.append(m + 1)
        elif m > k + 1 and m < hi and tokens[m - 1].surface in ("は", "も"):
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
    skip = {"為る", "する", "せる", "させる", "れる", "られる", "て", "で", "居る", "いる", "こと", "事", "物", "もの",
            "ない", "ず", "ぬ", "を", "の", "と", "が", "は", "なる", "成る", "得る", "う", "だ", "た", "です", "ます",
            "無い", "おく", "置く", "しまう"}
    while k >= lo:
        t = tokens[k]
        if depths[k] or t.surface in _PUNCT or t.surface in _CLOSE:
            k -= 1
            continue
        if t.norm in skip and not (t.pos.startswith("名詞") and t.norm not in ("こと", "事", "物", "もの")):
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
        if t.surface == "を":
            break
        if t.surface == "。" or (t.pos.startswith("動詞") and k < head - 1 and t.norm not in _PARTICLE_VERBS):
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
        if t.pos.startswith(("名詞", "接頭辞", "接尾辞", "代名詞")) or t.surface in ("の", "・") or t.surface in _OPEN:
            s -= 1
            continue
        break
    while s < e and tokens[s].surface in ("の", "・"):
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
    if _PROVISO.search(text):
        return "proviso", None, text
    for kind, rx in _TAIL:
        m = rx.search(text)
        if m:
            k = idx[m.start()] if m.start() < len(idx) else None
            if kind == "exemption" and _CAP_IN_EXEMPTION.search(text):
                kind = "liability_cap"
            if kind in ("obligation",) and _INDEMNITY.search(text[:m.start()] + text[m.start():]):
                kind = "indemnity"
            if kind == "obligation" and text.endswith("こと") and not re.search(r"(?:する|しない|る|う|く|す|つ|ぬ|む|ぶ|ぐ|た|ない)こと$", text):
                return "none", None, text  # a noun item ending in こと (…の事) is not a duty
            if kind == "obligation" and _STATIVE.search(text[:m.start()]):
                return "none", k, text
            return kind, k, text
    if _SAME.search(text):
        return "same", None, text
    if _INDEMNITY.search(text):
        k = idx[_INDEMNITY.search(text).start()]
        return "indemnity", k, text
    # a plain final verb (乙は、…を提供する): an undertaking when a party is the topic
    last = hi - 1
    while last >= lo and (depths[last] or tokens[last].surface in _PUNCT or tokens[last].surface in _CLOSE):
        last -= 1
    if last >= lo:
        t = tokens[last]
        if _STATIVE.search(text):
            return "stative", None, text
        if t.pos.startswith(("動詞", "助動詞")) and not text.endswith(("とする", "による", "である", "だ", "をいう", "という", "いう")):
            k = last
            while k > lo and tokens[k - 1].pos.startswith(("動詞", "助動詞")) and not depths[k - 1]:
                k -= 1
            if _NEG_PLAIN.search(text):
                if _NEG_INDEMNITY.search(text):
                    return "plain_exemption", k, text
                return "plain_neg", k, text
            return "plain", k, text
    return "none", None, text


def _each_of(tokens, j: int) -> bool:
    """発注者及び受注者のいずれも / 甲乙の双方は: the parties named before it, each of them, as topic."""
    return (j + 2 < len(tokens) and tokens[j].surface == "の" and tokens[j + 1].surface in ("いずれ", "双方", "両者")
            and tokens[j + 2].surface in ("も", "は"))


def _bearer(tokens, depths, lo: int, hi: int, ms: list[Mention], subs: list[int]):
    """(labels, source, topic token range, main clause start token)."""
    main = subs[-1] if subs else lo
    groups = _groups([m for m in ms if m.i >= lo and not depths[m.i]], tokens)
    topics = [g for g in groups if (_after(tokens, g.j) in ("は", "も") or _each_of(tokens, g.j)) and g.j < hi
              and not (g.i > 0 and tokens[g.i - 1].surface in ("の",))]
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
        if g.i < main or _after(tokens, g.j) != "の":
            continue
        k = g.j + 1
        nouns = []
        while k < hi and k <= g.j + 5 and tokens[k].pos.startswith(("名詞", "接尾辞")) and not depths[k]:
            nouns.append(tokens[k].norm)
            k += 1
        if nouns and k < hi and tokens[k].surface == "は" and _LIABILITY_NOUNS & set(nouns):
            return tuple(g.labels), "topic", (g.i, k + 1), main
    # 甲乙協議して定める / 発注者と受注者が協議して: a party group acting in the main clause
    for g in groups:
        if g.i >= main and len(g.labels) >= 2 and _after(tokens, g.j) not in ("の",):
            return tuple(g.labels), "subject", (g.i, g.j), main
    subj = [g for g in groups if _after(tokens, g.j) == "が"]
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


def analyze_sentence(facts, si: int, parties, agents: tuple, prev: Optional[Statement]) -> Statement:
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
    depths = bracket_depths(tokens)
    start = tokens[lo].start if lo < len(tokens) else sent.start
    end = tokens[hi - 1].end if hi > lo else sent.end
    path = clause.path if clause is not None else None
    if hi <= lo:
        return Statement(si, start, end, path, (), "none", main_start=start)
    kind, modal_k, text = _classify(tokens, depths, lo, hi)
    ms = mentions(tokens, parties)
    # agents: 業務責任者 / 作業従事者 defined as persons a party appoints count as that party as topic
    if agents:
        seen = {k for m in ms for k in range(m.i, m.j)}
        for m in mentions(tokens, agents):
            if m.i not in seen and _after(tokens, m.j) == "は" and not depths[m.i]:
                ms.append(m)
        ms.sort(key=lambda m: m.i)
    subs = _sub_ends(tokens, depths, lo, hi)
    labels, source, topic, main = _bearer(tokens, depths, lo, hi, ms, subs)
    labels = _resolve_star(labels, parties)
    is_item = clause is not None and clause.kind in ("item", "subitem")

    modality = kind
    if kind in ("proviso", "stative"):
        modality = "none"
        if kind == "proviso":
            labels, source = (), "none"
    elif kind == "same":
        if prev is not None and prev.clause == path:
            return dataclasses.replace(prev, sent=si, start=start, end=end, source="inherited",
                                       predicate=None, obj=None, topic=None, main_start=start)
        modality = "none"
    elif kind in ("plain", "plain_neg", "plain_exemption"):
        # In a contract the plain form of a party's sentence is an undertaking: 乙は、…を甲に報告する
        # (obligation), 乙は、…を提供しない (prohibition), 甲は、…損害を賠償しない (exemption).
        # The party must be the topic, a joint subject (甲乙協議して定める), or a が-subject that
        # governs the final predicate directly (…に要する費用は、乙が負担する). Polite forms are
        # undertakings too (利用規約: 受託者は、…を報告します), except the performative statements of
        # a form or letter (申し込みます, 誓約します).
        polite = text.endswith(("ます", "です"))
        direct = source == "subject" and topic is not None and modal_k is not None and not any(
            tokens[x].pos.startswith("動詞") and tokens[x].norm not in _PARTICLE_VERBS and not depths[x]
            and tokens[x].norm not in ("為る", "する")
            for x in range(topic[1], _chain_start(tokens, depths, modal_k, lo)))
        if labels and (source == "topic" or (source == "subject" and (len(labels) > 1 or direct))):
            modality = {"plain": "obligation", "plain_neg": "prohibition", "plain_exemption": "exemption"}[kind]
            if polite and _verb_at(tokens, depths, modal_k, lo) in _POLITE_PERFORMATIVE:
                modality = "none"
        else:
            modality = "none"
    if is_item:
        if re.search(r"(?:とき|場合|もの|をいう|いう|者|こと)$", text) and modality not in ("obligation", "prohibition"):
            return Statement(si, start, end, path, (), "none", main_start=start)
        if re.search(r"(?:とき|場合)$", text):
            return Statement(si, start, end, path, (), "none", main_start=start)
    # predicate, object, counterparty
    head = _verb_head(tokens, depths, modal_k, lo) if modal_k is not None else None
    chain_verb = ""
    if kind.startswith("plain") and modal_k is not None:
        cs = _chain_start(tokens, depths, modal_k, lo)
        if tokens[cs].pos.startswith("動詞") and tokens[cs].norm not in ("為る", "する", "出来る", "できる") \
                and tokens[cs].lemma not in _LIGHT_VERBS:
            head = cs
            chain_verb = _verb_at(tokens, depths, modal_k, lo)
    verb = ""
    predicate = obj = None
    if head is not None:
        verb = chain_verb or (tokens[head].norm if tokens[head].pos.startswith("名詞") else tokens[head].lemma)
        pend = tokens[hi - 1].end
        predicate = (tokens[head].start, pend)
        o = _object(tokens, depths, head, main)
        if o:
            obj = (tokens[o[0]].start, tokens[o[1] - 1].end)
    counter = []
    for m in _groups([m for m in ms if m.i >= main and not depths[m.i]], tokens):
        nxt = _after(tokens, m.j)
        if nxt in ("に", "へ", "から") and (nxt != "に" or _after(tokens, m.j + 1) not in ("は", "おい", "おいて", "よる", "より")):
            counter.extend(m.labels)
    counter = [c for c in _resolve_star(tuple(counter), parties) if c not in labels]

    if not labels and modality not in ("none",):
        if is_item and clause.parent is not None and modality in ("obligation", "prohibition"):
            lead = _lead_statement(facts, clause)
            if lead is not None and lead.bearers:
                labels, source = lead.bearers, "item"
        if not labels and prev is not None and prev.clause == path and prev.bearers:
            labels, source = prev.bearers, "inherited"
        if not labels and modality in ("obligation", "prohibition") and verb not in _RULE_VERBS:
            vendors = [p.label for p in parties if p.role == "vendor"]
            if len(vendors) == 1:
                labels, source = (vendors[0],), "default"
    if verb in _RULE_VERBS and source in ("condition", "subject", "default") and len(labels) < 2:
        modality = "none"
    if kind == "plain" and verb in _PERFORMATIVE:  # a recital (委託し…受託する); 委託しない is a prohibition
        modality = "none"
    if "。" not in facts.folded[start:end + 1] and "\u3000" in facts.folded[start:end]:
        return Statement(si, start, end, path, (), "none", main_start=start)  # a table row, not a sentence
    if modality == "none" and source in ("condition", "subject"):
        labels, source = (), "none"
    if modality in ("obligation", "prohibition") and not labels and verb in _RULE_VERBS:
        modality = "none"
    main_start = tokens[main].start if main < len(tokens) else start
    topic_span = (tokens[topic[0]].start, tokens[min(topic[1], len(tokens)) - 1].end) if topic else None
    return Statement(si, start, end, path, tuple(labels), modality, predicate, verb, obj, tuple(dict.fromkeys(counter)),
                     topic_span, main_start, source)


# light verbs whose object names the act (必要な教育を行う → 教育, 承認を得る → 承認)
_LIGHT_VERBS = {"行う", "講ずる", "講じる", "得る", "受ける", "図る", "取る", "執る"}
_POLITE_PERFORMATIVE = {"申し込む", "申込む", "申込", "誓約", "同意", "承諾", "届け出る", "届出", "申請", "依頼",
                        "提出", "報告", "請求", "お願い", "願う"}


def _chain_start(tokens, depths, modal_k: int, lo: int) -> int:
    """First token of the content-verb chain that ends the sentence (引き|渡す, 打ち|切る)."""
    k = modal_k
    while k > lo and not depths[k - 1] and tokens[k - 1].pos.startswith("動詞") and tokens[k].pos.startswith("動詞") \
            and tokens[k - 1].norm not in ("為る", "する"):
        k -= 1
    return k


def _verb_at(tokens, depths, modal_k: Optional[int], lo: int) -> str:
    """The final predicate as a word: 引き渡す, 支払う, 報告 (noun + する)."""
    if modal_k is None:
        return ""
    k = _chain_start(tokens, depths, modal_k, lo)
    if tokens[k].norm in ("為る", "する") and k > lo and tokens[k - 1].pos.startswith("名詞"):
        return tokens[k - 1].norm
    verbs = []
    x = k
    while x < len(tokens) and tokens[x].pos.startswith("動詞"):
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
    lead = [s for s in stmts if parent.start <= s.start < item_clause.start]
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
        if not term.endswith(("責任者", "従事者", "管理者", "担当者", "要員", "作業員")):
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

_TERMINATION = {"解除", "解約", "終了"}
# ending the contract or the service is a termination whatever the verb (終了・廃止・打ち切る)
_END_SERVICE = re.compile(r"(?:契約|サービス|提供|業務|利用|取引)を(?:終了|廃止|打ち切|打切|取りやめ|取り止め)")


def is_termination(facts, st: Statement) -> bool:
    if st.modality != "right":
        return False
    a = st.main_start
    seg = facts.folded[a:st.end]
    return (any(w in seg for w in ("解除", "解約")) or st.verb in _TERMINATION
            or bool(_END_SERVICE.search(seg)))


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
