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

import re
import weakref
from dataclasses import dataclass, replace
from typing import Any, Optional

from ..textnorm import fold

# ---------------------------------------------------------------------------
# quantities (folded text)
# ---------------------------------------------------------------------------

_NUM = r"(?:\d+(?:\.\d+)?|[〇一二三四五六七八九十百千]+|[○●◯X×]{1,4}|【[^】]{0,10}】)"
QUANTITIES: dict[str, re.Pattern] = {
    # a length of time: 1年, 3か月間, 五年, 30日, 永年, 契約期間中
    "duration": re.compile(
        rf"{_NUM}\s*(?:年間|年|か月間|か月|カ月|ヶ月|ケ月|箇月|ヵ月|月間|週間|日間|日|時間)(?!前)"
        r"|永年|永久|無期限|常用|契約期間中|契約期間の満了まで|契約の終了まで|終了するまで|完了するまで"),
    # a time range or round-the-clock statement
    "time_range": re.compile(
        rf"(?:午前|午後)?\s*{_NUM}\s*時(?:\s*{_NUM}\s*分)?\s*(?:から|~|〜|～|-|－|—|まで)"
        r"|\d{1,2}:\d{2}|24時間|二十四時間|終日|365日|三百六十五日"),
    # a count of people / units
    "number": re.compile(rf"{_NUM}\s*(?:名|人|台|班|チーム)"),
    # a place: an address, a building/room, or 'in Japan'
    "place": re.compile(
        r"[一-龥ぁ-んァ-ヶ]{1,12}(?:都|道|府|県|市|区|町|村)[一-龥ぁ-んァ-ヶ0-9\-]{0,16}"
        r"(?:丁目|番地|番|号|階|庁舎|役所|役場|分室|支所|ビル|室)"
        r"|東京都|北海道|(?:京都|大阪)府|[一-龥]{2,3}県(?!内外)"
        r"|庁舎|役場|分室|支所|\d+\s*階|号室|番地|丁目|日本国内|国内に所在|国内に設置|国内の(?:データセンター|施設)"),
}


def quantity_spans(kind: str, text: str) -> list[tuple[int, int]]:
    """Spans of quantities of ``kind`` in folded ``text`` (deadline/date use the shared helpers)."""
    if kind == "deadline":
        from .. import timeexpr

        return [(t.start, t.end) for t in timeexpr.find(text, 0, len(text))
                if getattr(t, "kind", "") in ("period", "date", "until")]
    if kind == "date":
        from ..dates import find_dates

        return [(d.start, d.end) for d in find_dates(text)]
    rx = QUANTITIES.get(kind)
    return [m.span() for m in rx.finditer(text)] if rx else []


QUANTITY_KINDS = (*QUANTITIES, "deadline", "date")

# ---------------------------------------------------------------------------
# term groups
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Alt:
    kind: str  # sub | tok | re | q
    value: str
    rx: Optional[re.Pattern] = None


@dataclass(frozen=True)
class Slot:
    alts: tuple[Alt, ...]
    negative: bool = False


Group = tuple[Slot, ...]


class GroupError(ValueError):
    pass


def compile_slot(spec: str) -> Slot:
    spec = str(spec).strip()
    neg = spec.startswith("!")
    if neg:
        spec = spec[1:]
    alts: list[Alt] = []
    raw = spec.split("|")
    parts, i = [], 0
    while i < len(raw):  # a /regex/ may itself contain |
        p = raw[i]
        if p.strip().startswith("/"):
            while not (len(p.strip()) > 1 and p.strip().endswith("/")) and i + 1 < len(raw):
                i += 1
                p += "|" + raw[i]
        parts.append(p)
        i += 1
    for p in (p.strip() for p in parts):
        if not p:
            continue
        if len(p) > 2 and p.startswith("/") and p.endswith("/"):
            try:
                alts.append(Alt("re", p, re.compile(p[1:-1])))
            except re.error as e:
                raise GroupError(f"bad regex {p}: {e}") from e
        elif p.startswith("~") and len(p) > 1:
            alts.append(Alt("tok", fold(p[1:])))
        elif p.startswith("@"):
            if p[1:] not in QUANTITY_KINDS:
                raise GroupError(f"unknown quantity '{p}' (one of {', '.join('@' + k for k in QUANTITY_KINDS)})")
            alts.append(Alt("q", p[1:]))
        else:
            alts.append(Alt("sub", fold(p)))
    if not alts:
        raise GroupError(f"empty slot '{spec}'")
    return Slot(tuple(alts), neg)


def compile_group(spec: Any) -> Group:
    items = spec if isinstance(spec, list) else [spec]
    group = tuple(compile_slot(s) for s in items)
    if not any(not s.negative for s in group):
        raise GroupError("a group needs at least one positive slot")
    return group


@dataclass
class Unit:
    """A sentence (absolute span) with its folded text and the lead text of its item."""

    start: int
    end: int
    text: str
    ctx: str
    tokens: tuple
    index: int
    caption: bool = False  # the caption line （…） of an article


def _alt_span(alt: Alt, text: str, tokens: tuple, base: int) -> Optional[tuple[int, int]]:
    if alt.kind == "sub":
        k = text.find(alt.value)
        return (base + k, base + k + len(alt.value)) if k >= 0 else None
    if alt.kind == "re":
        m = alt.rx.search(text)
        return (base + m.start(), base + m.end()) if m else None
    if alt.kind == "tok":
        for t in tokens:
            if alt.value in (t.norm, t.lemma, t.surface):
                return t.start, t.end
        return None
    spans = quantity_spans(alt.value, text)
    return (base + spans[0][0], base + spans[0][1]) if spans else None


def slot_span(slot: Slot, text: str, tokens: tuple = (), base: int = 0) -> Optional[tuple[int, int]]:
    best = None
    for alt in slot.alts:
        s = _alt_span(alt, text, tokens, base)
        if s is not None and (best is None or s[0] < best[0]):
            best = s
    return best


def match_group(group: Group, unit: Unit) -> Optional[tuple[int, int]]:
    """The span of the first positive slot when every slot of ``group`` holds in ``unit``."""
    key = None
    for slot in group:
        span = slot_span(slot, unit.text, unit.tokens, unit.start)
        if slot.negative:
            if span is not None:
                return None
            continue
        if span is None:
            if key is None or not unit.ctx or slot_span(slot, unit.ctx) is None:
                return None
            continue
        if key is None:
            key = span
    return key


_UNITS: dict[int, tuple] = {}


def units(facts) -> list[Unit]:
    """Every sentence of the document as a matching unit (cached per facts)."""
    hit = _UNITS.get(id(facts))
    if hit is not None and hit[0]() is facts:
        return hit[1]
    out = []
    folded = facts.folded
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
        cap = c is not None and c.kind == "article" and c.label_start is not None and s.start < c.label_start
        out.append(Unit(s.start, s.end, folded[s.start:s.end], ctx, s.tokens, i, cap))
    if len(_UNITS) > 16:
        _UNITS.clear()
    _UNITS[id(facts)] = (weakref.ref(facts), out)
    return out


def caption_span(facts, clause) -> Optional[tuple[int, int]]:
    """Where the caption （…） of an article is written."""
    if not clause.caption:
        return None
    cap = fold(clause.caption)
    hi = clause.label_start if clause.label_start is not None else clause.body_start or clause.end
    k = facts.folded.find(cap, clause.start, max(hi, clause.start) + len(cap) + 2)
    if k < 0:
        k = facts.folded.find(cap.strip("()"), clause.start, clause.end)
        if k < 0:
            return None
        return k, k + len(cap.strip("()"))
    return k, k + len(cap)


def captioned_articles(facts) -> list:
    return [c for c in facts.clauses if c.kind == "article" and c.caption]


def topic_evidence(facts, topic, limit: int = 3) -> list[tuple[int, int]]:
    """Evidence spans for ``topic`` (a profile TopicDef): captions first, then sentences."""
    found: list[tuple[int, int]] = []
    if topic.captions:
        for art in captioned_articles(facts):
            cap = fold(art.caption)
            if any(c in cap for c in topic.captions):
                sp = caption_span(facts, art)
                if sp:
                    found.append(sp)
                    if len(found) >= limit:
                        return found
    for u in units(facts):
        for g in topic.groups:
            sp = match_group(g, u)
            if sp is not None:
                if not any(a <= sp[0] < b for a, b in found):
                    found.append(sp)
                break
        if len(found) >= limit:
            break
    return found


# ---------------------------------------------------------------------------
# the analysis
# ---------------------------------------------------------------------------

_PERSONAL = re.compile(r"個人情報|個人データ|特定個人情報|個人番号|マイナンバー|住民記録|住民基本台帳|氏名|基幹系|要配慮")
_DELEGATE = re.compile(
    r"「?(?:個人情報(?:の)?取扱(?:い)?(?:に関する)?(?:特記事項|特約条項|特約|特記仕様書))」?")
_DELEGATE_VERB = re.compile(r"遵守|守ら|守る|による|よる|従|定めるところ|適用")


def handles_personal_data(facts) -> bool:
    return bool(_PERSONAL.search(facts.folded))


def delegation_span(facts) -> Optional[tuple[int, int]]:
    """A sentence that hands personal-information handling to a separate 特記事項/特約."""
    for u in units(facts):
        m = _DELEGATE.search(u.text)
        if m and _DELEGATE_VERB.search(u.text, m.end()):
            name = m.group(0).strip("「」")
            # the referred document is in this file (別記 with its own title line): not a delegation
            if re.search(rf"(?m)^[\s\u3000]*(?:別記|別紙|別添)?[\s\u3000]*{re.escape(name)}[\s\u3000]*$", facts.folded):
                return None
            return u.start + m.start(), u.start + m.end()
    return None


def coverage_rows(facts, profile) -> list[dict]:
    personal = handles_personal_data(facts)
    deleg = delegation_span(facts) if profile.delegation else None
    rows: list[dict] = []
    by_id: dict[str, dict] = {}
    for pt in profile.topics:
        t = pt.topic
        level = pt.level
        if level == "required" and t.personal_data and not personal:
            level = "recommended"
        ev = topic_evidence(facts, pt)
        status = "present" if ev else "absent"
        if status == "absent" and deleg is not None and t.delegable:
            status = "delegated"
            ev = [deleg]
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
