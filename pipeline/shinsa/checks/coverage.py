"""missing_clause: required topics of the document's profile that the draft does not cover,
and personal data collected without a stated purpose.

Reads ``facts.extra["coverage"]`` (:mod:`shinsa.analysis.coverage`) and
``facts.extra["personal_data"]`` (:mod:`shinsa.analysis.inventory`).

* One ``warning`` per absent *required* topic, ``detail`` = topic id. A
  topic subsumed by an absent parent (no 返還・消去 at all → no separate
  certificate finding) or delegated to a separate 個人情報取扱特記事項 is not
  reported. The finding is placed where the clause belongs (the evidence of a
  related topic, e.g. the 返還・廃棄 article for a missing certificate), else
  on the title (run_checks keeps one missing_clause per span *and* detail).
* Rule-id mapping for the inventory (no new id is invented): 性別 or 生年月日
  in a collection list (入力項目, 記入事項 …) with no stated purpose is a
  statement the draft lacks — the purpose of collecting that item — so it is
  reported as ``missing_clause`` with ``detail: purpose_of_collection`` and
  severity ``info`` (data minimisation; the council asked why a public comment
  form collects 性別). One finding per list, on the first such item.
"""

from __future__ import annotations

from typing import Iterable

from ..model import Finding

RULE_IDS = ("missing_clause",)


def _title_span(facts) -> tuple[int, int]:
    """Where findings about absent clauses go when no related clause exists: the title line."""
    title = next((c for c in facts.clauses if c.kind == "title"), None)
    if title is not None:
        line = facts.text[title.start:title.end].strip().split("\n")[0]
        k = facts.text.find(line, title.start)
        if line and k >= 0:
            return k, k + len(line)
    text = facts.text
    k = len(text) - len(text.lstrip())
    end = text.find("\n", k)
    return k, (end if end > k else min(len(text), k + 20))


def missing_topics(facts, ctx=None) -> Iterable[Finding]:
    from ..analysis.coverage import caption_span
    from ..analysis.profile import profiles_for

    prof = facts.extra.get("profile") or {}
    pid = prof.get("id") if isinstance(prof, dict) else None
    rows = facts.extra.get("coverage") or []
    if not pid or not rows:
        return
    profile = profiles_for(ctx).profiles.get(pid)
    if profile is None:
        return
    by_id = {r["topic"]: r for r in rows}
    title = _title_span(facts)
    for row in rows:
        if row["status"] != "absent" or not row["required"]:
            continue
        pt = profile.topic(row["topic"])
        if pt is None:
            continue
        cands = []
        for near in pt.topic.near:
            for ev in (by_id.get(near) or {}).get("evidence") or []:
                if (by_id.get(near) or {}).get("status") == "present":
                    # the caption of the related article reads best; else the evidence itself
                    art = facts.article_of(facts.clause_at(ev["start"]))
                    sp = caption_span(facts, art) if art is not None else None
                    cands.append(sp or (ev["start"], ev["end"]))
        if _announced_heading(facts, pt.topic, ctx):
            continue  # （保存期間） over a body without a period: the heading is there, empty_heading says it is empty
        span = cands[0] if cands else title
        msg = f"{profile.name}に必要な「{pt.name}」の定めが見当たりません。{pt.why}"
        yield facts.finding("missing_clause", pt.id, "warning", span[0], span[1], msg, pt.suggestion)


def _announced_heading(facts, topic, ctx) -> bool:
    """An article captioned with the topic (（保存期間）) whose caption announces a quantity that
    empty_heading checks: the drafter wrote the clause, and its missing content is that rule's finding."""
    from ..analysis.coverage import captioned_articles
    from .consistency import _announcement, caption_parts, lexicon_for

    if not topic.captions:
        return False
    lex = None
    for art in captioned_articles(facts):
        # the part of the caption that names the topic announces it (（契約期間・解約）: 契約期間 announces a
        # period, 解約 is the topic's and announces nothing)
        for part in caption_parts(art.caption):
            if any(c in part for c in topic.captions):
                lex = lex or lexicon_for(ctx)
                if _announcement(lex, part) is not None:
                    return True
    return False


_MINIMISE = ("sex", "birthdate")


def collection_without_purpose(facts) -> Iterable[Finding]:
    inv = facts.extra.get("personal_data") or {}
    names = {"sex": "性別", "birthdate": "生年月日"}
    for lst in inv.get("collection_lists") or []:
        if lst.get("purpose"):
            continue
        hits = [m for m in lst.get("mentions") or [] if m["item"] in _MINIMISE]
        if not hits:
            continue
        first = min(hits, key=lambda m: m["start"])
        items = "・".join(names[i] for i in _MINIMISE if any(m["item"] == i for m in hits))
        where = lst.get("label") or "入力項目の一覧"
        msg = (f"{where}で{items}を収集していますが、収集する目的（なぜその項目が必要か）が書かれていません。"
               "必要のない個人情報は収集しないこと（データの最小化）が求められ、審議会でも性別・生年月日の"
               "収集の必要性が問われています。")
        sug = (f"{items}が業務に必要なら、その目的を一覧か本文に書いてください（例：「生年月日は本人確認のため」）。"
               "必要がなければ項目から削るか任意にしてください。")
        yield facts.finding("missing_clause", "purpose_of_collection", "info", first["start"], first["end"], msg, sug)


def check(facts, ctx) -> Iterable[Finding]:
    out = list(missing_topics(facts, ctx))
    out.extend(collection_without_purpose(facts))
    return out
