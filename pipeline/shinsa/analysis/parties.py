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
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Optional

from ..textnorm import fold
from ..vocabulary import party_words

_WORDS = party_words()  # lexicons/vocab/parties.yaml
LABEL_WORDS = _WORDS.labels
CLIENT_WORDS = _WORDS.client
VENDOR_WORDS = _WORDS.vendor
PARTY_WORDS = _WORDS.all
DEFINED_CLIENT = _WORDS.defined_client  # parties only when defined: 利用者, ユーザ, 当社 …
DEFINED_VENDOR = _WORDS.defined_vendor
_MUNICIPAL = re.compile(r"(?:市|区|町|村|都|道|府|県|市長|区長|町長|村長|知事|広域連合|一部事務組合|役所|役場)$")
_COMPANY = re.compile(r"株式会社|有限会社|合同会社|合資会社|合名会社|法人|協同組合|[(（]株[)）]|Inc\.?|Co\.|Ltd|LLC")
_PREAMBLE_DEF = re.compile(r"(?P<head>[^、。「」()（）\n]{2,40}?)[(（]以下「(?P<term>[^「」]{1,12})」という。?[)）]")


@dataclass(frozen=True)
class Party:
    label: str  # the term the document uses (甲, 乙, 発注者, 市 …)
    name: str  # what it names (東山市, 株式会社みなと情報システム), or "" when unknown
    role: str  # client | vendor
    aliases: tuple[str, ...] = ()
    start: int = -1  # the definition's term span
    end: int = -1

    def to_json(self) -> dict:
        return {"label": self.label, "name": self.name, "role": self.role, "aliases": list(self.aliases)}

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
    for w in CLIENT_WORDS:
        if n.startswith(w) or term == w:
            return "client"
    for w in VENDOR_WORDS:
        if n.startswith(w) or term == w:
            return "vendor"
    if _COMPANY.search(n):
        return "vendor"
    if _MUNICIPAL.search(n):
        return "client"
    if n.endswith(VENDOR_WORDS):
        return "vendor"
    return None


def _is_party(term: str, head: str) -> bool:
    if term in PARTY_WORDS or term in DEFINED_CLIENT or term in DEFINED_VENDOR:
        return True
    h = head.strip()
    return bool(h) and len(term) <= 6 and (bool(_COMPANY.search(h)) or bool(_MUNICIPAL.search(h)))


def _strip_role(name: str) -> tuple[str, Optional[str]]:
    for w in (*CLIENT_WORDS, *VENDOR_WORDS):
        if name.startswith(w) and len(name) > len(w) + 1:
            return name[len(w):].strip("\u3000 "), w
    return name, None


def _full_head(folded: str, term_start: int) -> str:
    """The whole phrase before （以下「X」という。）: back to the previous 、。）「 or line start."""
    k = max(folded.rfind("(", 0, term_start), folded.rfind("（", 0, term_start))
    if k <= 0:
        return ""
    j = k
    while j > 0 and folded[j - 1] not in "、。)）「」\n" and k - j < 60:
        j -= 1
    phrase = folded[j:k].strip("\u3000 ")
    for lead in ("と", "及び", "並びに", "は", "が"):
        if phrase.startswith(lead):
            phrase = phrase[len(lead):]
    return phrase


def _candidates(facts) -> list[tuple[str, str, int, int]]:
    """(term, head, start, end) of party definitions, in document order."""
    out = []
    defs = [d for d in facts.definitions if getattr(d, "kind", "") in ("party", "bracket")]
    for d in defs:
        # contract parties are defined in the preamble (甲/乙 may also be defined in an article)
        if getattr(d, "clause", None) != "前文" and fold(d.term) not in LABEL_WORDS:
            continue
        head = getattr(d, "head", "") or ""
        full = _full_head(facts.folded, d.start)
        if full and (_COMPANY.search(full) or _MUNICIPAL.search(full)) and (
                not (_COMPANY.search(head) or _MUNICIPAL.search(head)) or (full.endswith(head) and len(full) > len(head))):
            head = full  # 株式会社あおばクラウドサービス, not just クラウドサービス
        if _is_party(fold(d.term), head):
            out.append((fold(d.term), head, d.start, d.end))
    if out:
        return out
    # no definitions analysis (or it found nothing): the preamble / first lines
    pre = [c for c in facts.clauses if c.kind == "preamble"]
    limit = pre[0].end if pre else min(len(facts.folded), 800)
    for m in _PREAMBLE_DEF.finditer(facts.folded, 0, limit):
        term, head = m.group("term"), m.group("head")
        head = re.split(r"[はがとを]", head)[-1] if _is_party(term, "") else head
        if _is_party(term, head):
            out.append((term, head.strip(), m.start("term"), m.end("term")))
    return out


_IMPLICIT = re.compile(r"(?:^|[、。\s(（「])(甲|乙|丙)(?:及び|又は|並びに)?(?:甲|乙|丙)?(?:は、|が)")


def _implicit(facts) -> list[tuple[str, str, int, int]]:
    """甲/乙 used as parties with no definition (an excerpt, a clause pasted alone)."""
    seen: dict[str, int] = {}
    for m in _IMPLICIT.finditer(facts.folded):
        for ch in m.group(0):
            if ch in "甲乙丙" and ch not in seen:
                seen[ch] = m.start()
    return [(label, "", -1, -1) for label in sorted(seen, key="甲乙丙".index)]


_ROLE_PAIRS = _WORDS.pairs  # lexicons/vocab/parties.yaml


def _implicit_roles(facts) -> list[tuple[str, str, int, int]]:
    """委託者/受託者 or 発注者/受注者 used as parties with no definition (a specification that names
    the parties only by role): both words of a pair must be the topic of some sentence."""
    for client, vendor in _ROLE_PAIRS:
        # the literal test first: the pattern's leading alternation defeats the regex engine's own
        # literal search, and most documents contain neither word (a statute's text ran 8 scans)
        n = {w: len(re.findall(rf"(?:^|[、。\s(（「]){w}(?:は、|は|が)", facts.folded, re.M))
             if w in facts.folded else 0 for w in (client, vendor)}
        if n[client] >= 1 and n[vendor] >= 1 and n[client] + n[vendor] >= 3:
            return [(client, "", -1, -1), (vendor, "", -1, -1)]
    return []


def find_parties(facts) -> tuple[Party, ...]:
    cands = _candidates(facts) or _implicit(facts) or _implicit_roles(facts)
    parties: list[Party] = []
    seen: set[str] = set()
    for term, head, start, end in cands:
        if term in seen:
            continue
        seen.add(term)
        name, role_word = _strip_role(fold(head))
        name = name.strip()
        # a head like 本業務を受託する事業者 is a description, not a name
        if not (_COMPANY.search(name) or _MUNICIPAL.search(name)):
            desc = name
            name = ""
        else:
            desc = ""
        role = _role_of(term, name) or _role_of(term, desc) or (role_word and _role_of(role_word, "")) or None
        aliases = []
        if name and name != term:
            aliases.append(name)
        if role_word:
            aliases.append(role_word)
        parties.append(Party(term, name, role or "", tuple(aliases), start, end))
    if not parties:
        return ()
    # default roles by label when nothing else tells (甲 client, 乙 vendor)
    roles = {p.role for p in parties if p.role}
    fixed = []
    for p in parties:
        role = p.role
        if not role:
            if p.label == "甲" and "client" not in roles:
                role = "client"
            elif p.label in ("乙", "丙", "丁") or "client" in roles:
                role = "vendor"
            else:
                role = "client"
        fixed.append(dataclasses.replace(p, role=role))
    parties = fixed
    # undefined role words used in the text refer to the party with that role
    folded = facts.folded
    taken = {a for p in parties for a in p.forms}
    out = []
    for p in parties:
        extra = []
        words = CLIENT_WORDS if p.role == "client" else VENDOR_WORDS
        same_role = [q for q in parties if q.role == p.role]
        if len(same_role) == 1:
            for w in words:
                if w not in taken and w != "事業者" and w in folded:
                    extra.append(w)
        out.append(dataclasses.replace(p, aliases=tuple(dict.fromkeys((*p.aliases, *extra)))))
    return tuple(out)


# ---------------------------------------------------------------------------
# mentions
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    labels: tuple[str, ...]  # party labels; ("*",) for 当事者/双方 (either party); 甲乙 gives two
    i: int  # first token index in the sentence
    j: int  # one past the last token


_GENERIC = ("甲乙双方", "両当事者", "各当事者", "当事者", "双方")


def mentions(tokens, parties: tuple[Party, ...]) -> list[Mention]:
    """Party mentions in a token sequence (a form must cover whole tokens)."""
    if not parties:
        return []
    forms = [(f, p.label) for p in parties for f in p.forms]
    forms.sort(key=lambda x: len(x[0]), reverse=True)
    labels = {p.label for p in parties if len(p.label) == 1}
    out: list[Mention] = []
    n = len(tokens)
    k = 0
    while k < n:
        hit = None
        for form, label in forms:
            acc = ""
            j = k
            while j < n and len(acc) < len(form):
                acc += tokens[j].surface
                j += 1
            if acc == form:
                hit = Mention((label,), k, j)
                break
        if hit is None:
            surf = tokens[k].surface
            for g in _GENERIC:
                acc, j = "", k
                while j < n and len(acc) < len(g):
                    acc += tokens[j].surface
                    j += 1
                if acc == g:
                    hit = Mention(("*",), k, j)
                    break
            if hit is not None:
                pass
            elif len(surf) > 1 and all(ch in labels for ch in surf):  # 甲乙 is one token
                hit = Mention(tuple(dict.fromkeys(surf)), k, k + 1)
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
