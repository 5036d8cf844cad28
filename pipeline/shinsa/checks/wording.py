"""Wording checks driven by the lexicons: vague wording, duties without a
deadline, mandatory requirements phrased as conditions, placeholders left in
a draft and misused conjunctions.

The words live in ``lexicons/*.yaml``; this module adds what a word list
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
from ..analysis.propositions import of_sentence
from ..model import SEVERITIES, Finding, Related
from ..textnorm import fold

VAGUE, DEADLINE, CONDITIONAL = "vague_wording", "deadline_missing", "conditional_mandatory"
PLACEHOLDER, CONJUNCTION = "placeholder_leftover", "conjunction_misuse"
RULE_IDS = (VAGUE, DEADLINE, CONDITIONAL, PLACEHOLDER, CONJUNCTION)


_ANAPHORA = ("前項の", "前号の", "同項の", "同号の", "当該", "その", "上記の", "前条の", "同条の")
_OBJECT_PREFIXES = ("本", "当該", "同", "その", "各", "上記", "前記")
_NOUNISH = ("名詞", "接頭辞", "接尾辞", "形状詞")  # 形状詞: 非常用発電機 = 非常(形状詞)+用+発電+機
# captions of the articles that fix what the document is about
_PURPOSE_CAPTION = re.compile(r"目的|趣旨")
_SCOPE_CAPTION = re.compile(r"(?:業務|作業|委託|サービス|対象|事務)(?:の)?(?:範囲|内容|概要)|委託業務|対象業務|業務の実施|要件|仕様")
_DEFINITION_CAPTION = re.compile(r"定義|用語")
_OWN_SUBJECT = re.compile(r"^(?:本|当該|同)[^、。()]{1,20}?(?:において|で|上で?|により|に|のために?|に当たり|に当たって|に際し(?:て)?)$")


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

# public bodies whose duties and powers come from statute, not from a contract
# (a body the document defines as a party, 北浜市（以下「市」という。）, stays a party)
_AUTHORITY = re.compile(
    r"(?:^|[のと])?(?:国|政府|内閣|地方公共団体|都道府県|市町村|特別区|行政庁|行政機関(?:の長)?等?|"
    r"[^\s、。]*(?:大臣|長官|知事|市町村長|委員会|審査会|審議会|議会|議長|監査委員|裁判所|署長|局長)|[^\s、。]*の長)$")
_TOPIC_STOP = {"時", "とき", "場合", "際", "ため", "ほか", "外", "限り", "後", "前", "中", "上", "以外", "こと", "事", "もの", "物"}
# the general clause on matters the document does not provide for or whose reading is in doubt
_GENERAL_CLAUSE = re.compile(r"(?:定め|規定)(?:の|が)(?:ない|無い)|(?:契約|規約|約款|仕様書|特記事項|要領|本書|条項|規定|解釈)[^。]{0,12}疑義")
_BOTH_PARTIES = {"双方", "両者", "当事者", "当事者間", "両当事者", "相互", "双方間", "甲乙間", "別途"}
_PENALTY_END = re.compile(r"(?:に処する|に処す|を科する|を科す)$")
_DEFINITION_END = re.compile(r"(?:をいう|という|を意味する)$")
_CATCH_ALL = re.compile(r"その他の?[^、。\s]{0,5}$")


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
        return self.facts.folded[s.start:s.end].rstrip("。 \u3000").rstrip()

    def topic(self, si: int) -> str | None:
        """The last depth-0 「Xは、」 of the sentence that names an actor (not ときは/場合は)."""
        def run(si):
            toks = self.facts.sentences[si].tokens
            depth, out = 0, None
            for k, t in enumerate(toks):
                s = t.surface
                if s in ("(", "（", "「", "『"):
                    depth += 1
                elif s in (")", "）", "」", "』"):
                    depth = max(0, depth - 1)
                elif depth == 0 and s == "は" and t.pos.startswith("助詞") and k > 0:
                    if toks[k - 1].norm in _TOPIC_STOP or toks[k - 1].surface in _TOPIC_STOP:
                        continue
                    j = k
                    if toks[j - 1].surface in (")", "）"):  # 市町村長（特別区の区長を含む。）は
                        d = 0
                        while j > 0:
                            j -= 1
                            if toks[j].surface in (")", "）"):
                                d += 1
                            elif toks[j].surface in ("(", "（"):
                                d -= 1
                                if d == 0:
                                    break
                        k = j
                    while j > 0 and (toks[j - 1].pos.startswith(("名詞", "接尾辞", "接頭辞")) or toks[j - 1].surface == "の"
                                     and j > 1 and toks[j - 2].pos.startswith("名詞")):
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
            return bool(t) and not self.is_party(t) and bool(_AUTHORITY.search(t))
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
        while k >= 0 and toks[k].surface in ("の", "が", "間"):  # 甲と乙の間の協議
            k -= 1
        j = k
        while j >= 0 and toks[j].pos.startswith(("名詞", "接尾辞", "接頭辞")):
            j -= 1
        if j == k:
            return False
        who = fold("".join(t.surface for t in toks[j + 1:k + 1]))
        if all(ch in "甲乙丙丁" for ch in who) or who in _BOTH_PARTIES or self.is_party(who):
            return False
        return True

    def not_a_term(self, si: int, offset: int) -> str | None:
        """Why a word at ``offset`` in sentence ``si`` is not a party's contract term, or None."""
        def run(si):
            b = self.body(si)
            if _PENALTY_END.search(b):
                return "penalty"
            if b.startswith("(") and b.endswith(")"):
                return "caption"  # an article caption （適正な取得） names a topic
            if _DEFINITION_END.search(b) or re.search(r"とは、", b) and b.endswith("をいう"):
                return "definition"
            if b.endswith("目的とする") or b.endswith("目的とします"):
                return "purpose"
            clause = self.facts.clause_at(self.facts.sentences[si].start)
            art = self.facts.article_of(clause) if clause is not None else None
            if art is not None and art.caption and _PURPOSE_CAPTION.search(fold(art.caption)):
                return "purpose"
            if _GENERAL_CLAUSE.search(b):
                return "general"
            if self.authority(si):
                return "authority"
            return None
        why = self._memo("sent", si, run)
        if why:
            return why
        return "definition" if self.in_definition_parens(si, offset) else None

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
        inner = f[k + 1:e]
        return "をいう" in inner or "という" in inner


# ---------------------------------------------------------------------------
# per rule
# ---------------------------------------------------------------------------


# an article that states the principle the following articles make concrete
_PRINCIPLE_CAPTION = re.compile(r"基本的(?:な)?(?:事項|責務|考え方)|基本(?:原則|方針|理念)|取扱いの(?:原則|基本)|^\(?原則\)?$")
# the client's own supervision of the vendor: inquiry, inspection, audit, requests for reports
_SUPERVISION = re.compile(r"調査|検査|監査|立ち?入|視察|閲覧|報告を求め|報告させ|提出を求め|説明を求め|資料の提出|状況を確認")
# an item that is a noun phrase naming work or matters (the catch-all item of a scope list)
_NOUN_ITEM_END = re.compile(r"(?:業務|事項|作業|事務|もの|サービス)$")


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
    return bool(_SUPERVISION.search(ctx.facts.folded, m.end, s.end))


def _catch_all_item(ctx: _Context, m: lx.Match) -> bool:
    """The last item of an enumeration written as a noun phrase (「（５）その他発注者が必要と
    認める業務」「（３）甲が必要と認める事項」): the listed items say what is meant."""
    c = ctx.facts.clause_at(m.start)
    if c is None or c.kind not in ("item", "subitem"):
        return False
    body = ctx.facts.folded[c.body_start or c.start:c.end].strip().rstrip("。").strip()
    return bool(_NOUN_ITEM_END.search(body))


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
        if art is not None and art.caption and _PRINCIPLE_CAPTION.search(fold(art.caption).strip()):
            return False
    if detail == "deferral" and ctx.agreement_of_others(m):
        return False
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
                facts.folded[max(x.end for x in groups[-1]):m.start].strip("、, ") == ""):
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


_COORD = re.compile(r"^[、,]?(?:又は|または|及び|および|若しくは|もしくは|並びに|ならびに|かつ)?[、,]?$")
_COORD_LEAD = re.compile(r"^(?:し|する)?[、,]?(?:又は|または|及び|および|若しくは|もしくは|並びに|ならびに|かつ|とともに)[^。]*$")


def _deadline(scan: lx.Scan) -> Iterator[tuple[str, Finding]]:
    facts = scan.facts
    # a vague time (速やかに) or a vague length (相当の期間保存し、その後消去する): the deadline is there
    # but vague, and vague_wording reports it
    lengths = tuple(fold(w) for w in scan.lexset.settings.get(DEADLINE, {}).get("vague_lengths", ()))
    vague_time_sents = {m.sent for m in scan.by_rule.get(VAGUE, ())
                        if m.entry.detail == "time" or facts.folded.startswith(lengths, m.end)}
    ctx = _Context(scan)
    spans: list[tuple[lx.Match, int, int, bool]] = []
    for m in scan.by_rule.get(DEADLINE, ()):
        if m.sent in vague_time_sents or m.i is None:
            continue  # 速やかに報告… is reported as vague_wording
        if ctx.not_a_term(m.sent, m.start):
            continue  # a definition, penalty, purpose clause or a statutory authority's duty
        sent = facts.sentences[m.sent]
        if timeexpr.find_events(facts.folded, sent.start, sent.end):
            continue  # timing fixed by an event: 作業のつど, 申請書に添えて, 退職の際
        if _in_condition(facts, m.sent, m.start):
            continue  # 「廃棄し、又は消去するときは、…方法により行う」: the act is the condition, not the duty
        toks = facts.sentences[m.sent].tokens
        _kind, verb_end, modal_end = lx.governed_modal(toks, m.j)
        end = toks[max(modal_end, m.j + 1) - 1].end
        is_chain = modal_end == verb_end and verb_end < len(toks) and toks[verb_end].surface in ("、", ",")
        # coordinated duties (返還し、又は廃棄するものとする; 返還し、又は甲の指示に従い消去しなければ
        # ならない; 返還するとともに、…消去しなければならない) are one finding
        gap = facts.folded[spans[-1][2]:m.start] if spans and spans[-1][0].sent == m.sent else None
        chained = spans and spans[-1][3] and gap is not None and "。" not in gap  # 消去し、その結果を…報告しなければならない
        if gap is not None and (_COORD.match(gap) or _COORD_LEAD.match(gap) or chained):
            first = spans[-1][0]
            spans[-1] = (first, first.start, max(end, spans[-1][2]), is_chain)
            continue
        spans.append((m, m.start, end, is_chain))
    for m, start, end, _chain in spans:
        quote = facts.text[start:end]
        e = m.entry
        yield e.id, facts.finding(e.rule, e.detail, scan.severity(m), start, end,
                                  e.render_message(quote), e.render_suggestion(quote))


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
    return bool(nxt is not None and nxt.condition and _COORD.match(facts.folded[props[k].end:nxt.start]))


def _object_before(toks, i: int) -> tuple[int, int] | None:
    """Token range of the noun compound right before ``toks[i]`` (を), prefixes like 本 dropped."""
    k = i
    while k > 0:
        t = toks[k - 1]
        if t.pos.startswith(_NOUNISH) or t.surface in ("・", "-", "－"):
            k -= 1
            continue
        break
    if k == i:
        return None
    while k < i and (toks[k].surface in _OBJECT_PREFIXES or toks[k].surface in ("・", "-")):
        k += 1
    return (k, i) if k < i else None


def _core(toks, a: int, b: int) -> str:
    """The head of the object: its last two tokens (クラウドサービス of パブリック・クラウドサービス)."""
    parts = [t.surface for t in toks[a:b] if t.surface not in ("・", "-")]
    return fold("".join(parts[-2:]))


def _article_with_caption(facts, rx: re.Pattern):
    for c in facts.clauses:
        if c.kind == "article" and c.caption and rx.search(fold(c.caption)):
            yield c


# the lead of an enumeration that lists what the work or the facility must comprise:
# 「次に掲げる業務を行う」「次に掲げる設備を備えること」「次の要件を満たすこと」「業務の内容は、次のとおり」
_REQ_LEAD = re.compile(
    r"次(?:の各号)?(?:に掲げる|の)[^、。]{0,10}?(?:業務|作業|設備|要件|機能|基準|条件|性能|水準|サービス|事務)"
    r"|(?:業務|作業|委託|サービス|事務)の?(?:内容|範囲|概要)は[、,]?次")
_NOT_REQUIRED = re.compile(r"ない|禁止|除く|除き|場合|とき")
_LEAD_NOT_REQ = re.compile(r"とき|場合|てはならない|ことができる|しない|禁止")
_APPENDIX_SCOPE = re.compile(r"(?:業務|作業|委託|サービス|事務)の?(?:内容|範囲|概要|一覧)|委託業務|対象業務|要件|仕様")


def _requirement_lists(scan: lx.Scan):
    """(span, parent clause) of each enumeration whose lead requires its items: the
    items are the work to do or the equipment to have (cached on the scan)."""
    cache = getattr(scan, "_wording_req_lists", None)
    if cache is not None:
        return cache
    facts = scan.facts
    out = []
    clauses = facts.clauses
    for pi, parent in enumerate(clauses):
        if parent.kind in ("item", "subitem", "title", "preamble"):
            continue
        first = next((c for c in clauses[pi + 1:] if c.parent == pi and c.kind in ("item", "subitem")), None)
        if first is None:
            continue
        lead = facts.folded[parent.body_start or parent.start:first.start]
        if _REQ_LEAD.search(lead) and not _LEAD_NOT_REQ.search(lead):
            out.append((first.start, parent.end, parent))
    scan._wording_req_lists = out
    return out


def _evidence(scan: lx.Scan, m: lx.Match, toks, obj: tuple[int, int], core: str,
              conditional_sents: set[int]) -> list[Related]:
    """Where the document makes the conditioned object mandatory: its title, purpose
    clause or purpose sentence, a scope-of-work or requirement clause (by caption), an
    enumeration of the work to do or the equipment to have (「次に掲げる業務を行う」
    「次に掲げる設備を備えること」), a scope table (別表 業務内容), or an unconditional
    duty to do the same act (or one of the same family: 設置/備える) with it. Words that
    imply the object (クラウド → データセンター, 住民情報の入力 → 個人情報, Tier3 →
    非常用発電機, from the lexicon's ``settings.implied_by``) count everywhere except
    in the same-act duty."""
    facts = scan.facts
    folded = facts.folded
    settings = scan.lexset.settings.get(CONDITIONAL, {})
    implied = [fold(w) for w in (settings.get("implied_by") or {}).get(core, [])]
    words = [core] + implied
    out: list[Related] = []

    def find_any(a: int, b: int, words: list[str]) -> str | None:
        for w in words:
            if folded.find(w, a, b) >= 0:
                return w
        return None

    here = facts.article_of(facts.clause_at(m.start))
    spans = [(c.start, c.end) for c in facts.clauses if c.kind == "title"]
    if not spans:  # an untagged first line that reads like a title (short, no 。)
        nl = folded.find("\n")
        first = folded[:nl if nl >= 0 else len(folded)]
        if first.strip() and len(first) <= 60 and "。" not in first and not (m.start < len(first)):
            spans = [(0, len(first))]
    for a, b in spans:
        w = find_any(a, b, words)
        if w:
            out.append(Related(a, b, f"題名に「{w}」とあり、{core}は前提です"))
            break
    for kind, rx in (("目的", _PURPOSE_CAPTION), ("業務の範囲・要件", _SCOPE_CAPTION), ("定義", _DEFINITION_CAPTION)):
        for c in _article_with_caption(facts, rx):
            if here is not None and c.start == here.start:
                continue
            w = find_any(c.body_start or c.start, c.end, words if kind != "定義" else [core])
            if w:
                out.append(Related(c.start, c.end, f"{kind}の条項（{c.path}）に「{w}」があり、{core}は前提です"))
                break
    if out:
        return out
    # a purpose sentence without a caption (「この仕様書は、…へ移行するために必要な事項を定めることを目的とする。」)
    for si, s in enumerate(facts.sentences[:40]):
        if si == m.sent:
            continue
        b = folded[s.start:s.end].rstrip("。 \u3000")
        if b.endswith(("目的とする", "目的とします")):
            w = find_any(s.start, s.end, words)
            if w:
                out.append(Related(s.start, s.end, f"目的の規定に「{w}」があり、{core}は前提です"))
                return out
    # the items of an enumeration of the work or the equipment the document requires
    for a, b, parent in _requirement_lists(scan):
        if a <= m.start < b:
            continue
        for s in facts.sentences_in(a, b):
            w = find_any(s.start, s.end, words)
            if w and not _NOT_REQUIRED.search(folded, s.start, s.end):
                out.append(Related(s.start, s.end, f"必須の業務・設備の列挙（{facts.clause_path(s.start) or parent.path}）に「{w}」があり、{core}は前提です"))
                return out
    # a scope-of-work or requirement table (別表・別紙 whose head names the work)
    for c in facts.clauses:
        if c.kind != "appendix" or c.start <= m.start < c.end:
            continue
        head = folded[c.start:min(c.end, (c.body_start or c.start) + 60)]
        if _APPENDIX_SCOPE.search(head):
            w = find_any(c.body_start or c.start, c.end, words)
            if w:
                out.append(Related(c.start, c.end, f"業務内容の表（{c.path}）に「{w}」があり、{core}は前提です"))
                return out
    # an unconditional duty to do the same act with the same object elsewhere: the object,
    # を, the same verb (or one of its family), and no condition (…とき / …場合) between
    # that verb and the modal
    verbs = {t.norm for t in toks[obj[1] + 1:m.j + 1] if t.pos.startswith(("動詞", "名詞"))} - {"為る", "時", "場合"}
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
        if any(folded[max(s.start, k - 4):k].endswith(a) for a in _ANAPHORA):
            continue
        if not _unconditional_duty_on(s.tokens, k + len(core), verbs):
            continue
        out.append(Related(s.start, s.end, f"「{core}」を条件なしで義務付ける規定（{facts.clause_path(s.start) or '本文'}）"))
        break
    return out


def _unconditional_duty_on(stoks, obj_end: int, verbs: set[str]) -> bool:
    """「<object>を<verb>…しなければならない」: the object ending at ``obj_end`` is the
    direct object of one of ``verbs`` and nothing after that verb turns it into a condition."""
    idx = next((n for n, t in enumerate(stoks) if t.start >= obj_end), None)
    if idx is None or idx + 1 >= len(stoks) or stoks[idx].surface != "を" or stoks[idx + 1].norm not in verbs:
        return False
    return not any(t.norm in ("時", "とき", "場合") for t in stoks[idx + 2:])


def _without_relative_clause(lead: list) -> list:
    """The lead without a relative clause that describes the object itself (本サービスの提供に[外部の
    事業者が運営する]データセンターを用いる場合): 「Xが…する」 right before the object is part of it."""
    if not lead or not lead[-1].pos.startswith(("動詞", "助動詞")):
        return lead
    for n in range(len(lead) - 1, -1, -1):
        if lead[n].surface == "が" and lead[n].pos.startswith("助詞"):
            k = n
            while k > 0 and lead[k - 1].pos.startswith(_NOUNISH + ("助詞",)) and lead[k - 1].surface not in ("に", "で", "を", "は"):
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
    if j < len(toks) and toks[j].surface == "の":
        return True
    k = obj_start - 1
    while k >= 0 and toks[k].surface not in ("、", ",", "。") and toks[k].start >= body_start:
        k -= 1
    lead = _without_relative_clause(list(toks[k + 1:obj_start]))
    # drop the topic / subject 「乙は」「乙が」
    for n in range(len(lead) - 1, -1, -1):
        if lead[n].surface in ("は", "が") and lead[n].pos.startswith("助詞"):
            lead = lead[n + 1:]
            break
    if not lead:
        return False
    if _OWN_SUBJECT.match(fold("".join(t.surface for t in lead))):
        return False
    return any(t.pos.startswith(("動詞", "形容詞", "助動詞")) or
               (t.pos.startswith("助詞") and t.surface not in ("の", "・")) for t in lead)


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
        related = _evidence(scan, m, toks, obj, core, cond_sents)
        if not related:
            continue
        start = toks[obj[0]].start
        end = m.end
        if toks[m.j].surface in ("、", ","):  # 「…利用するとき、」: the comma is not quoted
            end = toks[m.j - 1].end
        quote = facts.text[start:end]
        e = m.entry
        yield e.id, facts.finding(e.rule, e.detail, scan.severity(m), start, end,
                                  e.render_message(quote), e.render_suggestion(quote), related)


def _families(settings: dict) -> list[set[str]]:
    return [{fold(str(v)) for v in fam} for fam in settings.get("same_act") or []]


def _same_act(a: str, b: str, families: list[set[str]]) -> bool:
    return a == b or any(a in fam and b in fam for fam in families)


def _proposition_evidence(facts, cond, obj, families: list[set[str]]) -> list[Related]:
    """Where the document asserts, without condition, the act that ``cond`` (a condition
    proposition with object ``obj``) makes conditional: the same act (or one of its
    family) on the same object elsewhere — as a duty or statement (「…個人情報を取り扱う」),
    a presupposing relative clause (「乙が本業務において取り扱う個人情報」), the act written
    as a noun in a duty (「個人情報の取扱いに関する教育を行わなければならない」) — or the
    definition of the object itself saying it is done that way (「本サービス　…基盤上で
    提供する…をいう」 for 「本サービスを…基盤上で提供するときは」)."""
    others = {a.head for a in cond.args if a.case not in ("は", "が", "を")} - {obj.head}
    defined = {fold(d.term) for d in facts.definitions} & {obj.text, obj.head}
    here = facts.clause_path(facts.sentences[cond.sent].start) or ""
    for p in facts.propositions:
        if p.sent == cond.sent or p.condition or p.negated or not _same_act(p.act, cond.act, families):
            continue
        s = facts.sentences[p.sent]
        if here and (facts.clause_path(s.start) or "").startswith(here):
            continue  # the items of the condition's own clause tell what to do in that case
        if p.modifies is not None and p.modifies.head == obj.head:
            return [Related(s.start, s.end, f"「{p.modifies.text}」を{cond.act}ことを前提とする記載"
                                            f"（{facts.clause_path(s.start) or '本文'}）")]
        target = p.arg("の") if p.nominal else p.arg("を", "が" if p.passive else "を")
        if target is None or target.head != obj.head or _disagree(cond, p):
            continue
        st = _statement_of(facts, p.sent)
        if p.nominal and (st is None or st.modality != "obligation"):
            continue
        if not p.nominal and st is not None and st.modality not in ("obligation", "none"):
            continue
        return [Related(s.start, s.end, f"「{obj.text}」の{cond.act}を条件なしで定める規定"
                                        f"（{facts.clause_path(s.start) or '本文'}）")]
    if defined and others:
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


def _disagree(a, b) -> bool:
    """Two propositions with the same act and object are still different when another
    argument of the same case names something else (甲が乙に委託する / 乙が第三者に委託する)."""
    for case in ("は", "が", "に", "へ", "から", "で"):
        x, y = a.arg(case), b.arg(case)
        if x is not None and y is not None and x.head != y.head:
            return True
    return False


def _narrowed(facts, cond, obj) -> bool:
    """Another predicate stands in the condition before its object (「前項の承認を得て個人情報を
    持ち出すときは」): the condition narrows the case to one occasion — a genuine condition."""
    sent = facts.sentences[cond.sent]
    comma = facts.folded.rfind("、", sent.start, obj.start)
    lo = comma + 1 if comma >= 0 else sent.start
    return any(p.sent == cond.sent and lo <= p.start and p.end <= obj.start and not p.nominal
               and p.modifies is None for p in facts.propositions)


def _occasion(facts, cond, settings: dict) -> bool:
    """The main clause times its duty from the conditioned event (「定期保守を行うときは、実施日の
    7日前までに通知する」): the condition names each occasion of a recurring act, not a mandatory
    way of doing the work. Markers: the lexicon's ``settings.occasion_markers``."""
    sent = facts.sentences[cond.sent]
    main = facts.folded[cond.end:sent.end]
    return any(fold(str(w)) in main for w in settings.get("occasion_markers") or [])


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
    e = next((x for x in scan.lexset.entries if x.rule == CONDITIONAL), None)
    if e is None or not facts.parties:  # what a party must do: statutes and memos have no parties
        return
    context = _Context(scan)
    for cond in facts.propositions:
        if not cond.condition or cond.negated or cond.past:
            continue
        obj = cond.arg("を") or (cond.arg("が") if cond.passive else None)
        if obj is None or obj.head in ignore or len(obj.head) < 2:
            continue
        if any(a <= obj.start < b for a, b in reported):
            continue
        if context.not_a_term(cond.sent, obj.start) or _narrowed(facts, cond, obj):
            continue
        if _occasion(facts, cond, settings):
            continue
        related = _proposition_evidence(facts, cond, obj, families)
        if not related:
            continue
        end = _condition_end(facts, cond)
        quote = facts.text[obj.start:end]
        yield e.id, facts.finding(CONDITIONAL, e.detail, e.severity, obj.start, end,
                                  e.render_message(quote), e.render_suggestion(quote), related)


def _condition_end(facts, cond) -> int:
    """End of 「…とき(は|には)」「…場合(は|には)」 after the predicate."""
    toks = facts.sentences[cond.sent].tokens
    k = next((n for n, t in enumerate(toks) if t.start >= cond.end), len(toks))
    while k < len(toks) and toks[k].norm not in ("時", "場合"):
        k += 1
    end = toks[k].end if k < len(toks) else cond.end
    k += 1
    while k < len(toks) and toks[k].surface in ("に", "は"):
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
    before = [ln.strip(" \u3000") for ln in folded[max(0, line_start - 600):line_start].split("\n")]
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
