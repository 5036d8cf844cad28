"""Parties of a contract: who 甲 and 乙 are, their roles, and where they are mentioned.

Parties come from the party definitions of the definitions analysis
(東山市（以下「甲」という。）, 本業務を受託する事業者（以下「受注者」という。）,
北浜市（以下「市」という。）); when that analysis found none, the preamble is
parsed with the same bracket pattern. A definition is a party when its term is a
party word (甲/乙/丙/丁, 発注者/受注者, 委託者/受託者 …) or when the thing it
names is an organisation (…市/区/町/村/都/道/府/県, 株式会社 …).

Roles: ``client`` for a municipality or 発注者/委託者 (and 甲 when nothing else
tells), ``vendor`` for a company, 受注者/受託者/事業者 (and 乙). Aliases: the
party's name, a role word written with the name (委託者西原市), and role words
the document uses without defining them (受託者 in a 甲/乙 contract is 乙).

:func:`mentions` gives every party mention in a sentence as token ranges; the
modality analysis reads them. Statutes have no party definitions, so no parties.
The party words are in ``lexicons/vocab/parties.yaml``, the words and shapes of
definitions, names and mentions in ``lexicons/vocab/party_forms.yaml``.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from itertools import accumulate
from dataclasses import dataclass
from typing import Optional

from ..textnorm import fold
from ..vocabulary import party_words, pattern_file

_WORDS = party_words()  # lexicons/vocab/parties.yaml
LABEL_WORDS = _WORDS.labels
CLIENT_WORDS = _WORDS.client
VENDOR_WORDS = _WORDS.vendor
PARTY_WORDS = _WORDS.all
DEFINED_CLIENT = _WORDS.defined_client  # parties only when defined: 利用者, ユーザ, 当社 …
DEFINED_VENDOR = _WORDS.defined_vendor

# Every other word and pattern of this module is in lexicons/vocab/party_forms.yaml (with examples the
# tests run); the code keeps which list is read how. Holes the code fills: {provider_verbs} and
# {name_fields} from parties.yaml, {pf} {qf} {vs} {word} per document (the parties' forms, the verbs, a
# role word). A template \A{list}\Z is a word set, \A{list} a set of prefixes, {list}\Z of endings.
FORM_LISTS = ("municipal_endings", "municipal_bodies", "rulebook_titles", "label_separators", "company_marks", "head_leads", "description_marks", "description_prefixes",
              "field_line", "hereinafter", "preamble_definition", "head_particles", "naming_verbs",
              "opening_definition", "not_terms", "provides", "provider_term_prefixes", "implicit_labels",
              "label_joins", "topic_marks", "implicit_party", "role_topic", "client_by_default",
              "vendor_by_default", "generic_role_words", "disclosure_roles", "addressed_to", "not_giving",
              "received_from", "action_gap", "gives", "receives", "either_party")
_FILLED = ("provider_verbs", "name_fields")  # filled once from parties.yaml
RUNTIME = ("pf", "qf", "vs", "word")  # filled per document
VOCAB = pattern_file("party_forms.yaml", FORM_LISTS, fixed=_FILLED + RUNTIME)
TEMPLATES: dict[str, str] = {
    "municipal": "{municipal_endings}$",
    "municipal_body": "{municipal_bodies}",
    "rulebook_title": "{rulebook_titles}",
    "label_separator": "{label_separators}",
    "company": "{company_marks}",
    "description": "{description_marks}",
    "description_prefix": r"\A{description_prefixes}",
    "field_line": "{field_line}",
    "hereinafter": "{hereinafter}",
    "preamble_definition": "{preamble_definition}",
    "head_particle": "{head_particles}",
    "opening_definition": "{opening_definition}",
    "not_term": r"\A{not_terms}",
    "provides": "{provides}",
    "provider_term_prefix": r"\A{provider_term_prefixes}",
    "implicit_party": "{implicit_party}",
    "role_topic": "{role_topic}",
    "client_by_default": r"\A{client_by_default}\Z",
    "vendor_by_default": r"\A{vendor_by_default}\Z",
    "generic_role_word": r"\A{generic_role_words}\Z",
    "disclosure_role": r"\A{disclosure_roles}\Z",
    "gives": "{gives}",
    "receives": "{receives}",
    "either_party": r"\A{either_party}\Z",
}
_FLAGS = {"gives": re.M, "role_topic": re.M}


def _alternation(words) -> str:
    return "(?:" + "|".join(map(re.escape, words)) + ")"


_FILLS = {"provider_verbs": _alternation(_WORDS.provider_verbs), "name_fields": _alternation(_WORDS.name_fields)}
_RX = {name: re.compile(VOCAB.regex(t, **_FILLS), _FLAGS.get(name, 0)) for name, t in TEMPLATES.items()
       if not VOCAB.uses(t, _FILLED + RUNTIME) & set(RUNTIME)}
# the leads of a head phrase are taken off one after the other, in the order of the list
_HEAD_LEADS = tuple(re.compile(r"\A(?:" + w + ")") for w in VOCAB.get("head_leads").items)
# lists the code also reads as plain words (a sort order, the forms of a mention): no regex in them
WORD_LISTS = ("implicit_labels", "either_party")
_IMPLICIT_ORDER = VOCAB.get("implicit_labels").items
_GENERIC = VOCAB.get("either_party").items


@lru_cache(maxsize=256)
def _per_document(name: str, **fills: str) -> re.Pattern:
    """A template with holes filled per document (the parties' forms), compiled once per fill."""
    return re.compile(VOCAB.regex(TEMPLATES[name], **_FILLS, **fills), _FLAGS.get(name, 0))


def patterns_using(list_name: str) -> list[re.Pattern]:
    """The compiled patterns that ``list_name`` of party_forms.yaml takes part in (for its examples);
    the per-document holes are filled with words of parties.yaml: 甲/乙 for {pf}/{qf}, the commission
    and disclosure verbs for {vs}, the pair words for {word}."""
    if list_name == "head_leads":
        return list(_HEAD_LEADS)
    sample = {"pf": _alternation(LABEL_WORDS[:1]), "qf": _alternation(LABEL_WORDS[1:2]),
              "vs": _alternation(_WORDS.commission_verbs + _WORDS.disclose_verbs),
              "word": _alternation(w for pair in _WORDS.pairs for w in pair)}
    return [_RX[name] if name in _RX else _per_document(name, **sample)
            for name, t in TEMPLATES.items() if list_name in VOCAB.uses(t, _FILLED + RUNTIME)]


# grammar, not vocabulary: the spaces and punctuation that end or trim a name phrase or a quote
_SPACES = "\u3000 "
_EVIDENCE_LEAD = "、。, \u3000\n「(（."


@dataclass(frozen=True)
class Party:
    label: str  # the term the document uses (甲, 乙, 発注者, 市 …)
    name: str  # what it names (東山市, 株式会社みなと情報システム), or "" when unknown
    role: str  # client | vendor | both (a mutual NDA: each party discloses and receives)
    aliases: tuple[str, ...] = ()
    start: int = -1  # the definition's term span
    end: int = -1
    evidence: str = ""  # the words a role was inferred from (甲が乙に対して開示した, …が提供する)

    def to_json(self) -> dict:
        out = {"label": self.label, "name": self.name, "role": self.role, "aliases": list(self.aliases)}
        if self.evidence:
            out["evidence"] = self.evidence
        return out

    @property
    def forms(self) -> tuple[str, ...]:
        """Every string that refers to this party, longest first."""
        return tuple(sorted({self.label, *self.aliases}, key=len, reverse=True))


def _role_of(term: str, name: str) -> Optional[str]:
    if term in DEFINED_CLIENT:
        return "client"
    if term in DEFINED_VENDOR:
        return "vendor"
    n = name.strip()
    # what the name is decides before the role word: a municipality that rents equipment is the 借主,
    # one that lets a building the 貸主 (the role words read one way for one kind of contract only)
    if _RX["company"].search(n) and not _RX["municipal"].search(n):
        return "vendor"
    if _RX["municipal"].search(n) and not _RX["company"].search(n):
        return "client"
    for w in CLIENT_WORDS:
        if n.startswith(w) or term == w:
            return "client"
    for w in VENDOR_WORDS:
        if n.startswith(w) or term == w:
            return "vendor"
    if _RX["company"].search(n):
        return "vendor"
    if _RX["municipal"].search(n):
        return "client"
    if n.endswith(VENDOR_WORDS) or term.endswith(VENDOR_WORDS):  # 保守事業者
        return "vendor"
    return None


def _is_party_word(term: str) -> bool:
    return term in PARTY_WORDS or term in DEFINED_CLIENT or term in DEFINED_VENDOR


def _is_party(term: str, head: str) -> bool:
    if _is_party_word(term):
        return True
    h = head.strip()
    return bool(h) and len(term) <= 6 and (bool(_RX["company"].search(h)) or bool(_RX["municipal"].search(h)))


def _strip_role(name: str) -> tuple[str, Optional[str]]:
    for w in (*CLIENT_WORDS, *VENDOR_WORDS):
        if name.startswith(w) and len(name) > len(w) + 1:
            return name[len(w):].strip(_SPACES), w
    return name, None


_HEAD_STOP = "、。,)）「」\n"
_OPEN_PAREN, _OPEN_QUOTE, _CLOSE_QUOTE = "（", "「", "」"


def _head_before(folded: str, term_start: int) -> str:
    """The phrase before the parenthesis of （以下「X」という。）: back to the previous 、。,）「 or the
    line start (a name never crosses a line); a quoted head (「GIS … WG」（以下…）) is its inside."""
    k = max(folded.rfind("(", 0, term_start), folded.rfind(_OPEN_PAREN, 0, term_start))
    if k <= 0 or term_start - k > 12:
        return ""
    if folded[k - 1] == _CLOSE_QUOTE:
        q = folded.rfind(_OPEN_QUOTE, 0, k - 1)
        return folded[q + 1:k - 1] if q >= 0 and "\n" not in folded[q:k] else ""
    j = k
    while j > 0 and folded[j - 1] not in _HEAD_STOP and k - j < 60:
        j -= 1
    phrase = folded[j:k].strip(_SPACES)
    for lead in _HEAD_LEADS:
        m = lead.match(phrase)
        if m:
            phrase = phrase[m.end():]
    return phrase.strip(_SPACES + "・:：")


# 以下「X」という / 以下、Xという / 以下「X」）/ 以下「X」と称する, in the opening text
_PROVIDES = _RX["provides"] if _WORDS.provider_verbs else None
_OPENING_LIMIT = 1500


def _provider_by_action(folded: str, term: str, paren_end: int) -> bool:
    """「クシダ柔工（以下「運営者」）が提供する」: the defined one provides the service."""
    if _PROVIDES is None or _RX["provider_term_prefix"].match(term):
        return False
    return bool(_PROVIDES.match(folded, paren_end))


def _opening(facts) -> list[tuple[str, str, int, int]]:
    """Party definitions in the opening text written in forms the definitions analysis may not read
    (no 「」, no という): a party word, or the one who provides the service."""
    out = []
    folded = facts.folded
    for m in _RX["opening_definition"].finditer(folded, 0, min(len(folded), _OPENING_LIMIT)):
        term = m.group("term")
        if _RX["not_term"].match(term):
            continue
        head = _head_before(folded, m.start("term"))
        for t, *_ in out:  # 「当社と本サービスを利用する地方公共団体」: the name starts after the party before
            m2 = _RX["head_particle"].match(head, len(t)) if head.startswith(t) else None
            if m2:
                head = head[m2.end():]
        # (or a municipality named as the other side: 「本サービスを利用する地方公共団体（以下「利用団体」）」)
        if _is_party_word(term) or _provider_by_action(folded, term, m.end()) or (
                len(term) <= 6 and _RX["municipal"].search(head)):
            out.append((term, head, m.start("term"), m.end("term")))
    return out


def _from_definitions(facts) -> list[tuple[str, str, int, int]]:
    out = []
    preamble = {c.path for c in facts.clauses if c.kind == "preamble"}
    for d in facts.definitions:
        term = fold(d.term)
        # contract parties are defined in the preamble (甲/乙 may also be defined in an article; 利用者
        # defined in an article of a city's specification are the citizens, not a party)
        if getattr(d, "kind", "") not in ("party", "bracket") or (
                getattr(d, "clause", None) not in preamble and term not in LABEL_WORDS):
            continue
        head = _head_before(facts.folded, d.start)
        if _is_party(term, head):
            out.append((term, head, d.start, d.end))
    return out


def _candidates(facts) -> list[tuple[str, str, int, int]]:
    """(term, head, start, end) of party definitions, in document order."""
    out = _from_definitions(facts)
    seen = {c[0] for c in out}
    opening = _opening(facts)
    contract = any(c[0] in PARTY_WORDS for c in out)
    # a municipality defined as a party makes 利用者 defined later its staff or the citizens
    municipal = any(c[0] not in DEFINED_CLIENT and _RX["municipal"].search(c[1]) for c in out + opening)
    for c in opening:
        # beside 甲/乙 or 委託者/受託者, 利用者 defined in the text are the citizens, not a party
        if c[0] not in seen and not (contract and c[0] not in PARTY_WORDS) and not (municipal and c[0] in DEFINED_CLIENT):
            seen.add(c[0])
            out.append(c)
    if out:
        return sorted(out, key=lambda c: c[2])
    # no definitions analysis (or it found nothing): the preamble / first lines
    pre = [c for c in facts.clauses if c.kind == "preamble"]
    limit = pre[0].end if pre else min(len(facts.folded), 800)
    for m in _RX["preamble_definition"].finditer(facts.folded, 0, limit):
        term, head = m.group("term"), m.group("head")
        head = _RX["head_particle"].split(head)[-1] if _is_party(term, "") else head
        if _is_party(term, head):
            out.append((term, head.strip(), m.start("term"), m.end("term")))
    return out


def _implicit(facts) -> list[tuple[str, str, int, int]]:
    """甲/乙 used as parties with no definition (an excerpt, a clause pasted alone)."""
    seen: dict[str, int] = {}
    for m in _RX["implicit_party"].finditer(facts.folded):
        for g in (1, 2):
            ch = m.group(g)
            if ch and ch not in seen:
                seen[ch] = m.start()
    return [(label, "", -1, -1) for label in sorted(seen, key=_IMPLICIT_ORDER.index)]


_ROLE_PAIRS = _WORDS.pairs  # lexicons/vocab/parties.yaml


def _implicit_roles(facts) -> list[tuple[str, str, int, int]]:
    """委託者/受託者 or 発注者/受注者 used as parties with no definition (a specification that names
    the parties only by role): both words of a pair must be the topic of some sentence."""
    for client, vendor in _ROLE_PAIRS:
        # the literal test first: the pattern's leading alternation defeats the regex engine's own
        # literal search, and most documents contain neither word (a statute's text ran 8 scans)
        n = {w: len(_per_document("role_topic", word=w).findall(facts.folded))
             if w in facts.folded else 0 for w in (client, vendor)}
        if n[client] >= 1 and n[vendor] >= 1 and n[client] + n[vendor] >= 3:
            return [(client, "", -1, -1), (vendor, "", -1, -1)]
    return _self_and_vendor(facts)


def _self_and_vendor(facts) -> list[tuple[str, str, int, int]]:
    """A rulebook of the municipality (運用要領) that names itself (本市) and writes what a vendor word
    (事業者は、) does: the two are its parties, the municipality the client."""
    folded = facts.folded
    own = max(_WORDS.self_names, key=folded.count, default=None)
    if own is None or folded.count(own) < 2:
        return _defined_bodies(facts)
    n = {w: len(_per_document("role_topic", word=w).findall(folded))
         for w in VENDOR_WORDS if w in folded}
    vendor = max(n, key=lambda w: (n[w], len(w)), default=None)
    if vendor is None or n[vendor] < 2:
        return []
    return [(own, "", -1, -1), (vendor, "", -1, -1)]


def _defined_bodies(facts) -> list[tuple[str, str, int, int]]:
    """A rulebook that defines the bodies it binds (西笹原市教育委員会（以下「教育委員会」という。）, 小学校及び
    中学校（以下「学校」という。）, 保守事業者　…事業者をいう) and makes them the topic of its sentences
    (「学校は、」 twice or more): the municipal ones (a body of the municipality: 市教育委員会, 市立…学校) are
    the client side, a term ending in a vendor word (保守事業者) the vendor. Both sides needed, and a
    title that names a rulebook (要領, 規程): a statute defines bodies too."""
    folded = facts.folded
    title = next((folded[c.start:c.end] for c in facts.clauses if c.kind == "title"), "")
    if not _RX["rulebook_title"].search(title):
        return []
    clients, vendors, seen = [], [], set()
    for d in facts.definitions:
        term = fold(d.term)
        if d.kind not in ("bracket", "article_item", "toha") or term in seen or len(term) < 2:
            continue
        seen.add(term)
        if len(_per_document("role_topic", word=re.escape(term)).findall(folded)) < 2:
            continue
        # (the head from the last space on: a glossary item 「ア　学習用端末　西笹原市教育委員会（以下…）」)
        head = (_head_before(folded, d.start).split() or [""])[-1] if d.kind == "bracket" else ""
        if term.endswith(VENDOR_WORDS):
            vendors.append((term, head, d.start, d.end))
        elif head and _RX["municipal_body"].search(head) and not _RX["company"].search(head):
            clients.append((term, head, d.start, d.end))
    return clients + vendors if clients and vendors else []


_NAME_LEAD = "、,。・:：" + _SPACES


def _name_of(head: str) -> tuple[str, str, Optional[str]]:
    """(name, description, role word) of a definition's head phrase: 株式会社…・…市・Sumric・クシダ柔工 are
    names; 本業務を受託する事業者・登録ユーザーの皆さま are descriptions."""
    head = fold(head).split("\n")[-1].strip(_NAME_LEAD)
    if head.startswith(_OPEN_QUOTE) and head.endswith(_CLOSE_QUOTE):
        head = head[1:-1]
    name, role_word = _strip_role(head)
    name = name.strip(_NAME_LEAD)
    if _RX["company"].search(name) or _RX["municipal"].search(name):
        return name, "", role_word
    if not name or _RX["description"].search(name) or _RX["description_prefix"].match(name) or any(
            w in name for w in (*DEFINED_CLIENT, *DEFINED_VENDOR, *CLIENT_WORDS, *VENDOR_WORDS)):
        return "", name, role_word
    return name, "", role_word


def _field_name(facts, end: int) -> str:
    """The name given on a labelled line under the definition (委託者（以下「甲」という）\\n会社名：…)."""
    folded = facts.folded
    nl = folded.find("\n", end)
    k = folded.find(")", end, nl)
    if nl < 0 or k < 0 or folded[k + 1:nl].strip("。" + _SPACES):
        return ""
    if not _WORDS.name_fields:
        return ""
    for line in folded[nl + 1:nl + 300].split("\n")[:5]:
        if _RX["hereinafter"].search(line):
            break
        m = _RX["field_line"].match(line)
        if m:
            return m.group(1).strip(_NAME_LEAD)
    return ""


def _default_roles(parties: list[Party]) -> list[Party]:
    """Roles by label when nothing else tells (甲 client, 乙 vendor)."""
    roles = {p.role for p in parties if p.role}
    fixed = []
    for p in parties:
        role = p.role
        if not role:
            if _RX["client_by_default"].match(p.label) and "client" not in roles:
                role = "client"
            elif _RX["vendor_by_default"].match(p.label) or "client" in roles:
                role = "vendor"
            else:
                role = "client"
        fixed.append(dataclasses.replace(p, role=role))
    return fixed


def _build(facts, cands) -> list[Party]:
    parties: list[Party] = []
    seen: set[str] = set()
    for term, head, start, end in cands:
        if term in seen:
            continue
        seen.add(term)
        name, desc, role_word = _name_of(head)
        if not name and start >= 0:
            name = _field_name(facts, end)
        role = _role_of(term, name) or _role_of(term, desc) or (role_word and _role_of(role_word, "")) or None
        evidence = ""
        if role is None and start >= 0 and _provider_by_action(facts.folded, term, facts.folded.find(")", end) + 1):
            role = "vendor"
            k = facts.folded.find(")", end) + 1
            evidence = facts.text[k:k + 12]
        aliases = []
        if name and name != term:
            aliases.append(name)
        if role_word:
            aliases.append(role_word)
        parties.append(Party(term, name, role or "", tuple(aliases), start, end, evidence))
    return parties


def find_parties(facts) -> tuple[Party, ...]:
    cands = _candidates(facts) or _implicit(facts) or _implicit_roles(facts)
    parties = _build(facts, cands)
    if not parties:
        return ()
    parties = _counterpart(facts, _default_roles(parties))
    parties = _roles_by_action(facts, parties)
    # undefined role words used in the text refer to the party with that role
    folded = facts.folded
    taken = {a for p in parties for a in p.forms}
    out = []
    for p in parties:
        extra = []
        words = CLIENT_WORDS if p.role == "client" else VENDOR_WORDS if p.role == "vendor" else ()
        same_role = [q for q in parties if q.role == p.role]
        if len(same_role) == 1:
            for w in words:
                if w not in taken and not _RX["generic_role_word"].match(w) and w in folded:
                    extra.append(w)
        out.append(dataclasses.replace(p, aliases=tuple(dict.fromkeys((*p.aliases, *extra)))))
    return tuple(out)


def _counterpart(facts, parties: list[Party]) -> list[Party]:
    """A 利用規約 defines its provider (当社, 運営者, …が提供する) and often not its users: the customer
    word it uses most (利用者, ユーザー, 契約者 …) is the other party — and the reverse."""
    roles = {p.role for p in parties}
    if len(roles) != 1 or "both" in roles:
        return parties
    (role,) = roles
    by_role = _role_word_party(facts, parties, role)
    if by_role is not None:
        return [*parties, by_role]
    if not all(p.label in DEFINED_VENDOR or p.label in DEFINED_CLIENT or p.evidence for p in parties):
        return parties  # 甲/乙, 受注者 …: the other party is not a customer word
    words = DEFINED_CLIENT if role == "vendor" else DEFINED_VENDOR
    taken = {f for p in parties for f in p.forms}
    counts = {w: facts.folded.count(w) for w in words if w not in taken and not _RX["disclosure_role"].match(w)}
    best = max(counts, key=lambda w: (counts[w], len(w)), default=None)
    if best is None or counts[best] < 2:
        return parties
    other = "client" if role == "vendor" else "vendor"
    return [*parties, Party(best, "", other, (), -1, -1)]


def _role_word_party(facts, parties: list[Party], role: str) -> Optional[Party]:
    """The other side named only by its role word (「青葉県（以下「県」という。）」 and then 「受託者は、…」
    throughout): the role word of the other side of a role pair (受託者, 受注者) that is the topic of at
    least two sentences, and no form of a party already."""
    if role not in ("client", "vendor"):
        return None
    taken = {f for p in parties for f in p.forms}
    side = 1 if role == "client" else 0
    for pair in _ROLE_PAIRS:
        w = pair[side]
        if w in taken or w not in facts.folded:
            continue
        if len(_per_document("role_topic", word=w).findall(facts.folded)) >= 2:
            return Party(w, "", "vendor" if role == "client" else "client", (), -1, -1)
    return None


def _role_label(label: str) -> bool:
    """開示者 / 受領者 …: a role of an NDA, not the name of a party."""
    return bool(_RX["disclosure_role"].match(label))


def _action_hits(folded: str, p: Party, q: Party, verbs: tuple[str, ...], received: bool) -> Optional[re.Match]:
    """``p`` does one of ``verbs`` to ``q`` (甲は、乙に対し…委託する); with ``received`` also written from
    ``q``'s side (乙は、甲から開示を受けた)."""
    if not verbs:
        return None
    fills = {"pf": _alternation(p.forms), "qf": _alternation(q.forms), "vs": _alternation(verbs)}
    m = _per_document("gives", **fills).search(folded)
    if m is None and received:
        m = _per_document("receives", **fills).search(folded)
    return m


def _roles_by_action(facts, parties: list[Party]) -> list[Party]:
    """Two parties the names do not tell apart (two companies): the one that commissions or pays is the
    client; else, in an NDA, the one that discloses. Disclosure both ways (or a mutual phrase) makes
    both parties role ``both``. The evidence quote is kept on the party."""
    named = [p for p in parties if not _role_label(p.label)]
    if len(named) != 2 or named[0].role != named[1].role:
        return parties
    folded = facts.folded
    a, b = named
    for verbs in (_WORDS.commission_verbs, _WORDS.disclose_verbs):
        received = verbs is _WORDS.disclose_verbs  # a disclosure may be written as received (開示を受けた)
        ha, hb = _action_hits(folded, a, b, verbs, received), _action_hits(folded, b, a, verbs, received)
        mutual = verbs is _WORDS.disclose_verbs and any(w in folded for w in _WORDS.mutual)
        if (ha and hb) or mutual:
            k = next((folded.find(w) for w in _WORDS.mutual if w in folded), -1)
            m = ha or hb
            ev = (facts.text[m.start():m.end()].lstrip(_EVIDENCE_LEAD) if m
                  else facts.text[k:k + len(next(w for w in _WORDS.mutual if w in folded))])
            return [dataclasses.replace(p, role="both", evidence=ev) for p in named]
        if ha or hb:
            client, vendor, m = (a, b, ha) if ha else (b, a, hb)
            ev = facts.text[m.start():m.end()].lstrip(_EVIDENCE_LEAD)
            return [dataclasses.replace(p, role="client" if p is client else "vendor",
                                        evidence=ev if p is client else "") for p in parties if not _role_label(p.label)]
    return parties


# ---------------------------------------------------------------------------
# mentions
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    labels: tuple[str, ...]  # party labels; ("*",) for 当事者/双方 (either party); 甲乙 gives two
    i: int  # first token index in the sentence
    j: int  # one past the last token


class _FormTable:
    """The forms of a set of parties by first character, longest first and then the generic words
    (built once per party set)."""

    def __init__(self, parties: tuple[Party, ...]) -> None:
        forms = [(f, p.label) for p in parties for f in p.forms if f]
        forms.sort(key=lambda x: len(x[0]), reverse=True)
        self.by_first: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for form, label in forms:
            self.by_first.setdefault(form[0], []).append((form, (label,)))
        for g in _GENERIC:  # tried after every form of a party
            self.by_first.setdefault(g[0], []).append((g, ("*",)))
        self.labels = frozenset(p.label for p in parties if len(p.label) == 1)
        self.firsts = frozenset(self.by_first) | self.labels


_TABLES: dict[int, tuple] = {}


def _form_table(parties) -> _FormTable:
    hit = _TABLES.get(id(parties))
    if hit is not None and hit[0] is parties:
        return hit[1]
    if len(_TABLES) > 64:
        _TABLES.clear()
    table = _FormTable(tuple(parties))
    _TABLES[id(parties)] = (parties, table)
    return table


def mentions(tokens, parties: tuple[Party, ...]) -> list[Mention]:
    """Party mentions in a token sequence (a form must cover whole tokens).

    At each token the longest party form starting there that ends on a token
    boundary wins, then the generic words (当事者, 双方 …), then a token made of
    single-character labels only (甲乙)."""
    if not parties:
        return []
    table = _form_table(parties)
    by_first, labels, firsts = table.by_first, table.labels, table.firsts
    surfs = [t.surface for t in tokens]
    n = len(surfs)
    if not any(s[:1] in firsts for s in surfs):
        return []
    text = "".join(surfs)
    offsets = [0, *accumulate(map(len, surfs))]
    # an empty token: the first index at its offset, as a token-by-token walk would stop
    boundary = dict(zip(reversed(offsets), range(n, -1, -1)))
    out: list[Mention] = []
    k = 0
    while k < n:
        surf = surfs[k]
        if surf and surf[0] not in firsts:
            k += 1
            continue
        off = offsets[k]
        hit = None
        for form, label in by_first.get(text[off:off + 1], ()):
            j = boundary.get(off + len(form))
            if j is not None and text.startswith(form, off):
                hit = Mention(label, k, j)
                break
        core = _RX["label_separator"].sub("", surf) if hit is None and len(surf) > 1 else ""
        if len(core) > 1 and labels.issuperset(core):  # 甲乙 (or 甲、乙) is one token
            hit = Mention(tuple(dict.fromkeys(core)), k, k + 1)
        if hit is not None:
            # 甲の職員 / 甲が指定する者 are mentions too; 甲府 would not be a token match
            out.append(hit)
            k = hit.j
        else:
            k += 1
    return out


def analyze(facts):
    parties = find_parties(facts)
    return dataclasses.replace(facts, parties=parties)
