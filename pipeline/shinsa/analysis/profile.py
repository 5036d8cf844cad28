"""Document profiles: which kind of document this is, and what it must cover.

Profiles live in ``lexicons/profiles/``: ``topics.yaml`` (``kind: topics``)
defines every coverage topic once (recognition, why councils ask for it, a
model sentence, flag/pass examples); each ``<profile id>.yaml``
(``kind: profile``) lists the topics of one document type with
``level: required|recommended`` and may add captions, match groups,
examples or its own ``why``/``suggestion`` per topic. Files are validated
like lexicons (``file:line: reason`` for every problem, via
:class:`shinsa.lexicon.LexiconError`). An extra lexicon folder given with
``--lexicon DIR`` may hold ``DIR/profiles/*.yaml`` that add or override
topics and profiles by id.

Detection (:func:`analyze`) writes ``facts.extra["profile"]``::

    {"id", "name", "source": "title"|"content"|"forced"|"none",
     "evidence": [{"start","end","text","why"}], "reason", "scores"}

A statute (法律/政令/省令/規則 with its law number under the title, or the
structure of a statute without contract parties) gets ``id: None`` and a
reason saying that no contract profile applies, so no ``missing_clause``
is reported on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional


from ..lexfile import BUILTIN_DIR, LexiconError, _check_keys, _LDict, _Problems
from ..lexfile import read_yaml as _read
from ..textnorm import fold
from .groups import Group, GroupError, compile_group

PROFILE_DIR = BUILTIN_DIR / "profiles"
LEVELS = ("required", "recommended")

TOPIC_KEYS = {"id": str, "name": str, "captions": list, "match": list, "why": str, "suggestion": str,
              "examples": dict, "personal_data": bool, "delegable": bool, "subsumed_by": str, "near": list,
              "subjects": list, "note": str, "data_access": bool, "settled_by_contract": list, "by": str,
              "presumes": list}
PTOPIC_KEYS = {"id": str, "level": str, "captions": list, "match": list, "why": str, "suggestion": str,
               "examples": dict, "note": str, "annex_level": str}
PROFILE_KEYS = {"version": int, "kind": str, "id": str, "name": str, "priority": int, "detect": dict,
                "topics": list, "delegation": bool, "description": str, "template": bool, "annex_titles": list}
TOPICS_FILE_KEYS = {"version": int, "kind": str, "topics": list, "description": str}
DETECT_KEYS = {"title": list, "content": list, "min_content": int, "weak_title": list, "not_title": list}


@dataclass(frozen=True)
class TopicDef:
    id: str
    name: str
    captions: tuple[str, ...]
    groups: tuple[Group, ...]
    why: str
    suggestion: str
    examples: tuple[tuple[str, str, int], ...]  # (expect, text, line)
    personal_data: bool = False
    delegable: bool = False
    subsumed_by: Optional[str] = None
    near: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()  # words naming the topic in a delegation (「設備水準については、別途…による」)
    data_access: bool = False  # only required when the vendor touches the data (not for pure housing)
    # regexes (folded text) by which a document says it supplements a contract (「業務委託契約書…に定めるもののほか」):
    # the topic is then the contract's, delegated, not missing
    settled_by_contract: tuple = ()
    # whose act the topic is (``client``: 実地検査 is the commissioning side's right): a sentence that
    # matches counts only when its bearer is not only the other side (乙が自らの従事者を点検する is no audit)
    by: Optional[str] = None
    # words of the act the topic presupposes (a certificate of deletion presupposes a deletion): when none of
    # them occurs in the document, the topic is only recommended (「返還」 alone leaves nothing to certify)
    presumes: tuple[str, ...] = ()
    file: str = ""
    line: int = 0


@dataclass(frozen=True)
class ProfileTopic:
    """A topic as a profile uses it (profile additions merged in)."""

    topic: TopicDef
    level: str
    captions: tuple[str, ...]
    groups: tuple[Group, ...]
    why: str
    suggestion: str
    examples: tuple[tuple[str, str, int], ...]
    file: str = ""
    line: int = 0
    annex_level: str = ""  # the level when the document holds its own annex (annex_titles of the profile)

    @property
    def id(self) -> str:
        return self.topic.id

    @property
    def name(self) -> str:
        return self.topic.name

    @property
    def by(self) -> Optional[str]:
        return self.topic.by


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    priority: int
    title: tuple[re.Pattern, ...]
    content: tuple[str, ...]
    min_content: int
    topics: tuple[ProfileTopic, ...]
    delegation: bool
    file: str
    # title words other kinds share (電子 of 電子化業務): they count only with a content word in the body
    weak_title: tuple[re.Pattern, ...] = ()
    not_title: tuple[re.Pattern, ...] = ()  # titles of another kind that share its words (運用保守業務特記仕様書)
    template: bool = False  # a template handed out on purpose: blanks are info, listed once
    # titles of an annex in the same file that carries the detailed topics (別記「個人情報取扱事項」):
    # with one, each topic takes its annex_level
    annex_titles: tuple[re.Pattern, ...] = ()

    def topic(self, tid: str) -> Optional[ProfileTopic]:
        return next((t for t in self.topics if t.id == tid), None)


@dataclass
class ProfileSet:
    topics: dict[str, TopicDef] = field(default_factory=dict)
    profiles: dict[str, Profile] = field(default_factory=dict)

    def ordered(self) -> list[Profile]:
        return sorted(self.profiles.values(), key=lambda p: (p.priority, p.id))


# ---------------------------------------------------------------------------
# loading
# ---------------------------------------------------------------------------


def _strs(v) -> tuple[str, ...]:
    return tuple(str(x) for x in (v or []))


def _groups(raw, file: str, line: int, probs: _Problems, where: str) -> tuple[Group, ...]:
    out = []
    lines = getattr(raw, "item_lines", [line] * len(raw or []))
    for spec, ln in zip(raw or [], lines):
        try:
            out.append(compile_group(spec))
        except GroupError as e:
            probs.add(file, ln, f"{where}: {e}")
    return tuple(out)


def _examples(raw, file: str, line: int, probs: _Problems, where: str, need: bool) -> tuple:
    out = []
    if raw is None:
        if need:
            probs.add(file, line, f"{where}: missing examples (flag: and pass:)")
        return ()
    _check_keys(raw, {"flag": list, "pass": list}, file, "examples", probs)
    for kind in ("flag", "pass"):
        items = raw.get(kind) or []
        if need and not items:
            probs.add(file, raw.line, f"{where}: examples need at least one '{kind}:' text")
        lines = getattr(items, "item_lines", [raw.line] * len(items))
        for item, ln in zip(items, lines):
            if not isinstance(item, str) or not item.strip():
                probs.add(file, ln, f"{where}: an example must be a text")
                continue
            out.append((kind, item, ln))
    return tuple(out)


def _load_topics(data: _LDict, file: str, probs: _Problems, out: dict[str, TopicDef]) -> None:
    _check_keys(data, TOPICS_FILE_KEYS, file, "topics file", probs)
    for raw in data.get("topics") or []:
        if not isinstance(raw, _LDict):
            probs.add(file, data.line, "a topic must be a mapping")
            continue
        _check_keys(raw, TOPIC_KEYS, file, "topic", probs)
        tid = raw.get("id")
        where = f"topic '{tid}'"
        if not tid:
            probs.add(file, raw.line, "topic without 'id'")
            continue
        for key in ("name", "why", "suggestion"):
            if not str(raw.get(key) or "").strip():
                probs.add(file, raw.line, f"{where}: missing '{key}'")
        if not raw.get("captions") and not raw.get("match"):
            probs.add(file, raw.line, f"{where}: give 'captions' or 'match' (how the topic is recognised)")
        groups = _groups(raw.get("match"), file, raw.key_lines.get("match", raw.line), probs, where)
        ex = _examples(raw.get("examples"), file, raw.line, probs, where, need=True)
        out[tid] = TopicDef(
            id=tid, name=str(raw.get("name") or tid), captions=tuple(fold(c) for c in _strs(raw.get("captions"))),
            groups=groups, why=str(raw.get("why") or ""), suggestion=str(raw.get("suggestion") or ""),
            examples=ex, personal_data=bool(raw.get("personal_data")), delegable=bool(raw.get("delegable")),
            subsumed_by=raw.get("subsumed_by"), near=_strs(raw.get("near")),
            subjects=tuple(fold(x) for x in _strs(raw.get("subjects"))), data_access=bool(raw.get("data_access")),
            settled_by_contract=_regexes(raw.get("settled_by_contract"), file, raw.line, probs, where),
            by=_side(raw, file, probs, where), presumes=tuple(fold(x) for x in _strs(raw.get("presumes"))),
            file=file, line=raw.line)


SIDES = ("client", "vendor")


def _side(raw, file: str, probs: _Problems, where: str) -> Optional[str]:
    side = raw.get("by")
    if side is not None and side not in SIDES:
        probs.add(file, raw.key_lines.get("by", raw.line), f"{where}: 'by' must be one of {', '.join(SIDES)}")
        return None
    return side


def _regexes(values, file: str, line: int, probs: _Problems, where: str) -> tuple:
    out = []
    for v in _strs(values):
        try:
            out.append(re.compile(v))
        except re.error as e:
            probs.add(file, line, f"{where}: bad regex {v!r}: {e}")
    return tuple(out)


def _title_patterns(det, key: str, file: str, probs: _Problems) -> list[re.Pattern]:
    out = []
    tl = getattr(det.get(key) or [], "item_lines", [])
    for pat, ln in zip(det.get(key) or [], tl or [det.line] * 99):
        try:
            out.append(re.compile(fold(str(pat))))
        except re.error as e:
            probs.add(file, ln, f"detect.{key}: bad regex {pat}: {e}")
    return out


def _load_profile(data: _LDict, file: str, probs: _Problems, topics: dict[str, TopicDef]) -> Optional[Profile]:
    _check_keys(data, PROFILE_KEYS, file, "profile", probs)
    pid = data.get("id")
    if not pid:
        probs.add(file, data.line, "profile without 'id'")
        return None
    det = data.get("detect") or _LDict()
    if isinstance(det, _LDict):
        _check_keys(det, DETECT_KEYS, file, "detect", probs)
    title = _title_patterns(det, "title", file, probs)
    weak = _title_patterns(det, "weak_title", file, probs)
    never = _title_patterns(det, "not_title", file, probs)
    ptopics = []
    seen = set()
    raw_topics = data.get("topics") or []
    if not raw_topics:
        probs.add(file, data.key_lines.get("topics", data.line), f"profile '{pid}': no topics")
    for raw in raw_topics:
        if not isinstance(raw, _LDict):
            probs.add(file, data.line, "a profile topic must be a mapping {id, level}")
            continue
        _check_keys(raw, PTOPIC_KEYS, file, "profile topic", probs)
        tid = raw.get("id")
        base = topics.get(tid)
        if base is None:
            if topics:  # when topics.yaml itself failed, its errors say enough
                probs.add(file, raw.line, f"unknown topic id '{tid}' (define it in topics.yaml)")
            continue
        if tid in seen:
            probs.add(file, raw.line, f"topic '{tid}' listed twice")
            continue
        seen.add(tid)
        level = raw.get("level")
        if level not in LEVELS:
            probs.add(file, raw.key_lines.get("level", raw.line), f"topic '{tid}': level must be one of {', '.join(LEVELS)}")
            continue
        annex_level = raw.get("annex_level") or ""
        if annex_level and annex_level not in LEVELS:
            probs.add(file, raw.key_lines.get("annex_level", raw.line),
                      f"topic '{tid}': annex_level must be one of {', '.join(LEVELS)}")
            annex_level = ""
        extra_groups = _groups(raw.get("match"), file, raw.key_lines.get("match", raw.line), probs, f"topic '{tid}'")
        ex = _examples(raw.get("examples"), file, raw.line, probs, f"topic '{tid}'", need=False)
        ptopics.append(ProfileTopic(
            topic=base, level=level,
            captions=base.captions + tuple(fold(c) for c in _strs(raw.get("captions"))),
            groups=base.groups + extra_groups, why=str(raw.get("why") or base.why),
            suggestion=str(raw.get("suggestion") or base.suggestion), examples=base.examples + ex,
            file=file, line=raw.line, annex_level=annex_level))
    return Profile(id=pid, name=str(data.get("name") or pid), priority=int(data.get("priority") or 100),
                   title=tuple(title), content=tuple(fold(c) for c in _strs(det.get("content"))),
                   min_content=int(det.get("min_content") or 4), topics=tuple(ptopics),
                   delegation=bool(data.get("delegation", pid != "kojin_joho_tokki")), file=file,
                   weak_title=tuple(weak), not_title=tuple(never), template=bool(data.get("template")),
                   annex_titles=tuple(_title_patterns(data, "annex_titles", file, probs)))


def _load(dirs: tuple[str, ...]) -> ProfileSet:
    probs = _Problems()
    ps = ProfileSet()
    loaded = []
    for d in dirs:
        for path in sorted(Path(d).glob("*.yaml")):
            data = _read(path, probs)
            if data is None:
                continue
            if not isinstance(data, _LDict):
                probs.add(str(path), 1, "a profile file must be a mapping")
                continue
            if data.get("version", 1) != 1:
                probs.add(str(path), data.key_lines.get("version", 1), "unsupported version (expected 1)")
            loaded.append((str(path), data))
    for file, data in loaded:  # topics first, so that profiles in any folder can use them
        if data.get("kind") == "topics":
            _load_topics(data, file, probs, ps.topics)
    for file, data in loaded:
        kind = data.get("kind")
        if kind == "profile":
            p = _load_profile(data, file, probs, ps.topics)
            if p is not None:
                ps.profiles[p.id] = p
        elif kind != "topics":
            probs.add(file, data.key_lines.get("kind", data.line), "kind must be 'topics' or 'profile'")
    for t in ps.topics.values():
        for ref in ([t.subsumed_by] if t.subsumed_by else []) + list(t.near):
            if ref not in ps.topics:
                probs.add(t.file, t.line, f"topic '{t.id}': unknown topic '{ref}' in subsumed_by/near")
    if probs:
        raise LexiconError(list(probs))
    return ps


@lru_cache(maxsize=8)
def load_profiles(dirs: tuple[str, ...] = (str(PROFILE_DIR),)) -> ProfileSet:
    return _load(dirs)


def profiles_for(options: Any = None) -> ProfileSet:
    """The built-in profiles plus ``profiles/`` inside any extra lexicon folder of the context."""
    dirs = [str(PROFILE_DIR)]
    lex = getattr(options, "lexicons", None)
    for d in getattr(lex, "dirs", ()) or ():
        p = Path(d) / "profiles"
        if p.is_dir() and p.resolve() != PROFILE_DIR.resolve():
            dirs.append(str(p))
    return load_profiles(tuple(dirs))


# ---------------------------------------------------------------------------
# detection
# ---------------------------------------------------------------------------

_LAW_NUMBER = re.compile(r"^[(（]\s*(?:明治|大正|昭和|平成|令和)[一二三四五六七八九十元〇0-9]+年"
                         r"[^()（）\n]{0,20}(?:法律|政令|省令|府令|規則|条例|告示|訓令)第[一二三四五六七八九十百千〇0-9]+号\s*[)）]$")
_LAW_TITLE = re.compile(r"(?:法律|法|政令|省令|府令|施行令|施行規則|規則|条例)$")
_PARTIES = re.compile(r"以下「(?:甲|乙|発注者|受注者|委託者|受託者|市|区|町|村|県|運用事業者|事業者|指定管理者|管理者)」という")


def _title(facts) -> tuple[str, int, int]:
    t = next((c for c in facts.clauses if c.kind == "title"), None)
    if t is not None:
        raw = facts.text[t.start:t.end]
        lines = [x.strip() for x in raw.strip().split("\n") if x.strip()]
        # 「別記」「別紙2」 above the title (the file is a contract's attachment): the title is the next line
        if len(lines) > 1 and _ATTACHED.fullmatch(_MARK_NUMBER.sub("", fold(lines[0]))):
            lines = lines[1:]
        line = lines[0] if lines else ""
        k = facts.text.find(line, t.start)
        return line, k, k + len(line)
    for _i, line in enumerate(facts.text.split("\n")):
        if line.strip():
            k = facts.text.find(line)
            return line.strip(), k, k + len(line)
    return "", 0, 0


def _statute(facts, title: str, ts: int, te: int) -> Optional[dict]:
    """Evidence that the document is a statute (no contract profile applies)."""
    nxt = facts.folded[te:te + 80].lstrip("\n").split("\n")[0].strip()
    if _LAW_NUMBER.match(nxt):
        k = facts.folded.find(nxt, te)
        return {"start": k, "end": k + len(nxt), "text": facts.text[k:k + len(nxt)], "why": "法令番号"}
    if _LAW_TITLE.search(fold(title)) and not _PARTIES.search(facts.folded[:5000]):
        return {"start": ts, "end": te, "text": title, "why": "法令の題名（当事者の定めがない）"}
    return None


_ATTACHED = re.compile(r"(?:別記|別紙|別添)")
_MARK_NUMBER = re.compile(r"[0-9〇一二三四五六七八九十]+$")


def _main_body(facts) -> str:
    """The folded text the document type is judged on: the main body before an attached 別記/別紙
    (a contract whose 別記 is a 個人情報取扱事項 is still a contract; the 別記's vocabulary must not
    outvote the body). The whole text when the attachment starts the document or the body is short."""
    for c in facts.clauses:
        if c.kind == "appendix" and _ATTACHED.match(fold(c.label or c.path or "")):
            if c.start >= 200:
                return facts.folded[:c.start]
            break
    return facts.folded


def detect(facts, options: Any = None) -> dict:
    ps = profiles_for(options)
    forced = getattr(options, "profile", None) if options is not None else None
    title, ts, te = _title(facts)
    if forced:
        p = ps.profiles.get(forced)
        if p is None:
            raise ValueError(f"unknown profile '{forced}' (one of {', '.join(sorted(ps.profiles))})")
        return {"id": p.id, "name": p.name, "source": "forced", "evidence": [], "template": p.template,
                "reason": f"--profile {p.id} により指定されました。"}
    st = _statute(facts, title, ts, te)
    if st is not None:
        return {"id": None, "name": "法令（契約書・仕様書ではない）", "source": "none", "kind": "statute",
                "evidence": [st],
                "reason": "法令と判断しました（" + st["why"] + "）。契約書・仕様書のプロファイルは適用せず、"
                          "条項の網羅性（missing_clause）は点検しません。"}
    ftitle = fold(title)
    body = _main_body(facts)
    for p in ps.ordered():
        weak_ok = any(w in body for w in p.content)  # 電子化業務特記仕様書 with nothing of a system: scanning
        if any(rx.search(ftitle) for rx in p.not_title):
            continue
        for rx in p.title + (p.weak_title if weak_ok else ()):
            m = rx.search(ftitle)
            if m:
                return {"id": p.id, "name": p.name, "source": "title", "template": p.template,
                        "evidence": [{"start": ts + m.start(), "end": ts + m.end(),
                                      "text": title[m.start():m.end()], "why": "題名"}],
                        "reason": f"題名「{title}」から{p.name}と判断しました。"}
    scores = {}
    hits: dict[str, list] = {}
    folded = body
    for p in ps.ordered():
        found = [(folded.find(w), w) for w in p.content if w in folded]
        scores[p.id] = len(found)
        hits[p.id] = found
    parties = _PARTIES.search(folded[:5000])
    best = max(ps.ordered(), key=lambda p: scores[p.id], default=None)
    if best is not None and parties and scores[best.id] >= best.min_content:
        ev = [{"start": k, "end": k + len(w), "text": facts.text[k:k + len(w)], "why": "本文の語"}
              for k, w in sorted(hits[best.id])[:5]]
        return {"id": best.id, "name": best.name, "source": "content", "evidence": ev, "scores": scores,
                "template": best.template,
                "reason": f"題名からは判断できず、本文の語（{'、'.join(w for _, w in sorted(hits[best.id])[:5])}）から"
                          f"{best.name}と判断しました。"}
    return {"id": None, "name": "判定できず", "source": "none", "evidence": [], "scores": scores,
            "reason": "題名と本文から文書の種類を判定できなかったため、条項の網羅性は点検しません"
                      "（--profile で指定できます）。"}


def analyze(facts, options: Any = None):
    extra = dict(facts.extra)
    extra["profile"] = detect(facts, options)
    return replace(facts, extra=extra)
