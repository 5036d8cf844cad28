"""Personal-data inventory: which personal-data items a draft handles.

Writes ``facts.extra["personal_data"]``::

    {"items": [{"item", "name", "category", "mentions": [{start,end}], "collected", "purpose_stated"}],
     "specific": bool,   # 個人番号 → 特定個人情報 (番号法の上乗せ規制)
     "sensitive": bool,  # 要配慮個人情報 (病歴、障害、犯罪の経歴 …)
     "collection_lists": [{"start","end","label","items","purpose": bool}]}

``category`` is ``basic``, ``specific`` (特定個人情報) or ``sensitive``
(要配慮個人情報, 個人情報保護法第2条第3項). The legal definition of 個人情報
(「氏名、生年月日その他の記述等により特定の個人を識別することができるもの」)
names items without handling them and is skipped.

A *collection list* is an attachment table whose header names input/collection
items (入力項目, 記入事項, 収集する項目 …), numbered items under a lead that collects
(「次に掲げる事項を収集する」 (1) 氏名 (2) 性別 …), or a sentence that enumerates two or more
items with a collection verb (収集, 取得, 入力, 記入, 登録 …). When 性別 or
生年月日 appears in one and neither the list nor the clause that points to it
states a purpose (目的, ため, 用途 …), :mod:`shinsa.checks.coverage` reports an
``info`` finding (data minimisation, DOMAIN.md §9).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from ..vocabulary import pattern_file

# (id, category) of each personal-data item; the words of an item are the list of the same name in
# lexicons/vocab/personal_data.yaml (with examples tests/test_vocab_definitions.py runs)
ITEM_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("name", "basic"), ("address", "basic"), ("birthdate", "basic"), ("age", "basic"), ("sex", "basic"),
    ("phone", "basic"), ("email", "basic"), ("account", "basic"), ("card", "basic"), ("my_number", "specific"),
    ("race", "sensitive"), ("creed", "sensitive"), ("social_status", "sensitive"), ("medical", "sensitive"),
    ("criminal", "sensitive"), ("victim", "sensitive"), ("disability", "sensitive"),
)
# how the inventory (and the HTML report) names each item
ITEM_LABEL_JA: dict[str, str] = {
    "name": "氏名", "address": "住所", "birthdate": "生年月日", "age": "年齢", "sex": "性別", "phone": "電話番号",
    "email": "メールアドレス", "account": "口座", "card": "クレジットカード番号", "my_number": "個人番号（特定個人情報）",
    "race": "人種", "creed": "信条", "social_status": "社会的身分", "medical": "病歴", "criminal": "犯罪の経歴",
    "victim": "犯罪により害を被った事実", "disability": "障害",
}
_STATUTE_NOTE = "法令のため棚卸しの対象外"

INVENTORY_LISTS = tuple(i for i, _ in ITEM_CATEGORIES) + ("legal_definition", "list_headers", "collect_verbs",
                                                          "purposes")
_WORDS = pattern_file("personal_data.yaml", INVENTORY_LISTS)
# each pattern is one list: the items in order (at one position the first listed wins)
TEMPLATES: dict[str, str] = {name: f"{{{name}}}" for name in INVENTORY_LISTS}
_RX = {name: re.compile(_WORDS.regex(t)) for name, t in TEMPLATES.items()}

# (id, Japanese name, category, regex on folded text)
ITEMS: tuple[tuple[str, str, str, re.Pattern], ...] = tuple((i, ITEM_LABEL_JA[i], c, _RX[i]) for i, c in ITEM_CATEGORIES)

# the legal definition of 個人情報 (「…その他の記述等により特定の個人を識別することができるもの」)
_LEGAL_DEF = _RX["legal_definition"]
_LIST_HEADER = _RX["list_headers"]
_COLLECT = _RX["collect_verbs"]
_PURPOSE = _RX["purposes"]


def patterns_using(list_name: str) -> list[tuple[str, re.Pattern]]:
    """(mode, compiled pattern) of the patterns ``list_name`` of personal_data.yaml takes part in."""
    return [("search", _RX[name]) for name, t in TEMPLATES.items() if list_name in _WORDS.uses(t)]


def _scan(text: str, base: int) -> list[tuple[str, int, int]]:
    out = []
    for iid, _n, _c, rx in ITEMS:
        for m in rx.finditer(text):
            out.append((iid, base + m.start(), base + m.end()))
    return out


def _appendix_lists(facts) -> list[dict]:
    """Attachment tables whose header row names collected items."""
    lists = []
    folded = facts.folded
    for c in facts.clauses:
        if c.kind != "appendix":
            continue
        body = folded[c.start:c.end]
        lines = body.split("\n")
        header = next((ln for ln in lines[1:] if ln.strip()), "")
        if not _LIST_HEADER.search(header):
            continue
        found = [x for x in _scan(body, c.start) if not _LEGAL_DEF.search(body)]
        if not found:
            continue
        label = c.label or c.path
        purpose = bool(_PURPOSE.search(body))
        if not purpose:  # the clause that points to the table may give the purpose
            for s in facts.sentences:
                t = folded[s.start:s.end]
                if c.start <= s.start < c.end:
                    continue
                if label and label in facts.text[s.start:s.end] and _PURPOSE.search(t) and _COLLECT.search(t):
                    purpose = True
                    break
        lists.append({"start": c.start, "end": c.end, "label": label, "items": sorted({i for i, _, _ in found}),
                      "purpose": purpose, "mentions": found})
    return lists


def _sentence_lists(facts, skip: list[tuple[int, int]]) -> list[dict]:
    lists = []
    folded = facts.folded
    for s in facts.sentences:
        if any(a <= s.start < b for a, b in skip):
            continue
        t = folded[s.start:s.end]
        if _LEGAL_DEF.search(t) or not _COLLECT.search(t):
            continue
        found = _scan(t, s.start)
        if len({i for i, _, _ in found}) < 2:
            continue
        c = facts.clause_at(s.start)
        lists.append({"start": s.start, "end": s.end, "label": c.path if c else "", "mentions": found,
                      "items": sorted({i for i, _, _ in found}), "purpose": bool(_PURPOSE.search(t))})
    return lists


def _item_lists(facts, skip: list[tuple[int, int]]) -> list[dict]:
    """Collection lists written as numbered items: a lead that collects (「次に掲げる事項を記入させる」
    「収集する個人情報は、次のとおりとする」) followed by items (1) 氏名 (2) 性別 …; the lead and the
    items are read together (a purpose may be stated in either)."""
    lists = []
    folded = facts.folded
    children: dict[int, list] = {}
    for c in facts.clauses:
        if c.kind == "item" and c.parent is not None:
            children.setdefault(c.parent, []).append(c)
    for pi, items in children.items():
        parent = facts.clauses[pi]
        if any(a <= items[0].start < b for a, b in skip):
            continue
        lead = folded[parent.start:items[0].start]
        if _LEGAL_DEF.search(lead) or not (_COLLECT.search(lead) or _LIST_HEADER.search(lead)):
            continue
        found = []
        for it in items:
            found += _scan(folded[it.start:it.end], it.start)
        if len({i for i, _, _ in found}) < 2:
            continue
        body = lead + "".join(folded[it.start:it.end] for it in items)
        lists.append({"start": parent.start, "end": items[-1].end, "label": parent.path, "mentions": found,
                      "items": sorted({i for i, _, _ in found}), "purpose": bool(_PURPOSE.search(body))})
    return lists


def inventory(facts) -> dict:
    folded = facts.folded
    mentions: dict[str, list] = {}
    for s in facts.sentences:
        t = folded[s.start:s.end]
        if _LEGAL_DEF.search(t):
            continue
        for iid, a, b in _scan(t, s.start):
            mentions.setdefault(iid, []).append((a, b))
    app = _appendix_lists(facts)
    items_l = _item_lists(facts, [(x["start"], x["end"]) for x in app])
    lists = app + items_l + _sentence_lists(facts, [(x["start"], x["end"]) for x in app + items_l])
    collected = {i for lst in lists for i in lst["items"]}
    items = []
    for iid, name, cat, _rx in ITEMS:
        if iid not in mentions:
            continue
        purpose = all(lst["purpose"] for lst in lists if iid in lst["items"]) if iid in collected else None
        items.append({"item": iid, "name": name, "category": cat, "collected": iid in collected,
                      "purpose_stated": purpose,
                      "mentions": [{"start": a, "end": b} for a, b in mentions[iid][:5]]})
    return {"items": items,
            "specific": any(i["category"] == "specific" for i in items),
            "sensitive": any(i["category"] == "sensitive" for i in items),
            "collection_lists": [{k: v for k, v in lst.items() if k != "mentions"}
                                 | {"mentions": [{"item": i, "start": a, "end": b} for i, a, b in lst["mentions"]]}
                                 for lst in lists]}


def analyze(facts, options: Any = None):
    extra = dict(facts.extra)
    prof = extra.get("profile") or {}
    if isinstance(prof, dict) and prof.get("kind") == "statute":
        extra["personal_data"] = {"items": [], "specific": False, "sensitive": False, "collection_lists": [],
                                  "note": _STATUTE_NOTE}
    else:
        extra["personal_data"] = inventory(facts)
    return replace(facts, extra=extra)
