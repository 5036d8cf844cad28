"""Definition checks: 以下同じ with nothing to receive it, unused, used before
definition, near variants the definition does not reach, and duplicates.

Everything is read from ``facts.definitions`` (term, scope ranges, uses and
near variants computed once by :mod:`shinsa.analysis.definitions`); no check
searches the text for terms.
"""

from __future__ import annotations

import re

from collections.abc import Iterable, Iterator

from ..model import Finding, Related

IKA, UNUSED, UNDEFINED, SCOPE, DUPLICATE = ("ika_onaji_no_antecedent", "unused_definition", "undefined_term_use",
                                            "term_scope_mismatch", "duplicate_definition")
RULE_IDS = (IKA, UNUSED, UNDEFINED, SCOPE, DUPLICATE)

_STRONG = ("bracket", "party", "toha", "article_item", "paren")  # kinds that state a meaning
_RX_WORDCHAR = re.compile(r"[一-龥々ァ-ヶー]")  # a character that continues a noun


def check(facts, ctx) -> Iterable[Finding]:
    defs = facts.definitions
    yield from _ika_onaji(facts, defs)
    yield from _unused(facts, defs)
    yield from _undefined(facts, defs)
    yield from _scope_mismatch(facts, defs)
    yield from _beyond_article(facts, defs)
    yield from _duplicates(facts, defs)
    yield from _explained_again(facts, defs)


def _rel(d, note: str = "定義箇所") -> Related:
    return Related(d.start, d.end, note)


def _separate_text(facts, p: int) -> bool:
    """``p`` lies in an amendment 附則 of a consolidated statute or in an excerpt (抄): another
    law's text, abridged, so uses of its definitions may have been left out."""
    tree = facts.extra.get("_tree")
    if tree is None:
        return False
    i = facts.clause_index_at(p)
    if i is None:
        return False
    g = tree.group_of[i]
    return g is not None and (tree.is_amendment_suppl(g) or tree.is_abridged(g))


def _ika_onaji(facts, defs) -> Iterator[Finding]:
    def separate_text(p: int) -> bool:
        return _separate_text(facts, p)

    for o in facts.extra.get("_definition_orphans", ()):
        if not facts.folded.startswith("以下", o.start) or separate_text(o.start):
            continue
        yield facts.finding(IKA, None, "warning", o.start, o.start + _ika_len(facts, o.start, o.end),
                            "「以下同じ」の括弧書きの前に、受ける語句がありません。",
                            "括弧書きを定義したい語句の直後に移すか、「以下同じ。」を削除してください。")
    for d in defs:
        if d.kind in ("paren", "paren_extend") and d.marker is not None and _bare_marker(facts, d.marker) \
                and not separate_text(d.marker[0]):
            # 「…方法に関する情報（以下同じ。）」: the parenthesis says nothing about what the words mean
            a, b = d.marker
            yield facts.finding(IKA, None, "warning", a, a + _ika_len(facts, a, b),
                                "括弧書きが「以下同じ。」だけで、語句の意味を定めていません（何を「同じ」とするのかが"
                                "ありません）。",
                                "「○○（…をいう。以下同じ。）」のように意味を定めるか、「以下同じ。」を削除してください。",
                                [_rel(d, "直前の語句")])
            continue
        if d.kind not in ("paren", "paren_extend") or d.marker is None or d.uses:
            continue
        if _redefined_locally(facts, d, defs):
            continue  # reported as duplicate_definition: the term is the document's already
        a, b = d.marker
        if not facts.folded.startswith("以下", a) or separate_text(a):
            continue
        yield facts.finding(IKA, None, "warning", a, a + _ika_len(facts, a, b),
                            f"「{d.term}」について「以下同じ」としていますが、その後「{d.term}」は使われていません。",
                            "「以下同じ。」を削除するか、後の条項で同じ語を使って意味をそろえてください。",
                            [_rel(d, "受ける語句")])


def _bare_marker(facts, marker: tuple[int, int]) -> bool:
    """The parenthesis holds 以下同じ and nothing else: （以下同じ。）."""
    a, b = marker
    f = facts.folded
    return a > 0 and f[a - 1] == "(" and f[a:b].startswith("以下同じ") and f[b:b + 2].lstrip("。").startswith(")")


def _ika_len(facts, a: int, b: int) -> int:
    """Quote 以下同じ itself when the marker is the plain form; else the whole marker."""
    s = facts.folded[a:b]
    return 4 if s.startswith("以下同じ") else max(1, b - a)


def _unused(facts, defs) -> Iterator[Finding]:
    for d in defs:
        if d.kind not in ("bracket", "party", "toha", "article_item") or d.uses:
            continue
        if any(e.key == d.key and e.start < d.start and e.covers(d.start) for e in defs):
            continue  # a redefinition: reported as duplicate_definition
        if not d.ranges or _separate_text(facts, d.start):
            continue
        if d.kind in ("bracket", "party") and d.before:
            continue  # used, but before its definition: undefined_term_use reports that
        yield facts.finding(UNUSED, None, "info", d.start, d.end,
                            f"定義した「{d.term}」が、定義の範囲内で一度も使われていません。",
                            "不要な定義なら削除し、使うはずの条項が抜けていないか確認してください。")


def _undefined(facts, defs) -> Iterator[Finding]:
    seen: set[str] = set()
    by_key: dict[str, list] = {}
    for d in defs:
        by_key.setdefault(d.key, []).append(d)
    for d in defs:
        if (d.kind not in ("bracket", "party", "paren") and d.scope != "annex") or not d.before or d.key in seen:
            continue
        others = [o for o in by_key[d.key] if o is not d]
        early = [p for p in d.before if not any(o.covers(p) for o in others) and not _in_law_title(facts, p, d.key)]
        if not early or any(o.start < d.start and o.kind in _STRONG for o in others):
            continue
        seen.add(d.key)
        p = early[0]
        yield facts.finding(UNDEFINED, None, "warning", p, p + len(d.key),
                            f"「{d.term}」は、この箇所より後（{d.clause or '後の条項'}）で定義されています。",
                            "最初に使う箇所で定義するか、定義条にまとめてください。", [_rel(d)])


_LAW_TITLE = re.compile(r"[^、。()（）「」]{0,20}?(?:に関する)?(?:法律|条例|規則|規程|基準|ポリシー)(?![一-龥ァ-ヶー])")


def _in_law_title(facts, p: int, key: str) -> bool:
    """The word at ``p`` is part of the title of a law or rule (「個人情報の保護に関する法律」), not a use."""
    return _LAW_TITLE.match(facts.folded, p + len(key)) is not None and \
        facts.folded.startswith("の", p + len(key))


def _scope_mismatch(facts, defs) -> Iterator[Finding]:
    done: set[tuple] = set()
    for d in defs:
        if d.kind not in _STRONG or not d.variants:
            continue
        for variant, offsets in d.variants:
            if variant in d.spliced and not facts.parties:
                continue  # a statute names related terms on purpose (地方独立行政法人 / 地方法人)
            for p in offsets:
                c = facts.clause_at(p)
                key = (variant, c.path if c else None)
                if key in done:
                    continue
                done.add(key)
                yield facts.finding(SCOPE, None, "warning", p, p + len(variant),
                                    f"「{variant}」は定義語「{d.term}」と似ていますが、定義が及びません。",
                                    f"定義語「{d.term}」にそろえるか、「{variant}」を別に定義してください。",
                                    [_rel(d)])


def _beyond_article(facts, defs) -> Iterator[Finding]:
    """A term defined for one article only (「第三者（以下この条において「再委託先」という。）」) used in another
    article: the definition does not reach there. Documents between parties only (a statute narrows a term
    to an article on purpose and uses the word plainly elsewhere)."""
    if not facts.parties:
        return
    folded = facts.folded
    for d in defs:
        if d.kind != "bracket" or d.scope != "article":
            continue
        done: set = set()
        k = folded.find(d.key, d.scope_end)
        while k >= 0:
            covered = any(e.key == d.key and e is not d and (e.covers(k) or e.start == k) for e in defs)
            c = facts.clause_at(k)
            if not covered and not _in_compound(folded, k, len(d.key)) and c is not None and c.path not in done:
                done.add(c.path)
                yield facts.finding(SCOPE, None, "warning", k, k + len(d.key),
                                    f"「{d.key}」は{d.clause or '前'}で「この条において」と範囲を限って定義されており、"
                                    f"この条には定義が及びません。",
                                    "定義を定義の条（又は最初に使う条）に移して文書全体に及ぼすか、この条でも定義してください。",
                                    [_rel(d)])
            k = folded.find(d.key, k + len(d.key))


def _in_compound(folded: str, k: int, n: int) -> bool:
    """The word at [k, k+n) is the tail of a longer noun (第二再委託先)."""
    return k > 0 and _RX_WORDCHAR.match(folded[k - 1]) is not None


def _redefined_locally(facts, d, defs) -> bool:
    """A contract term defined for the whole document (definitions article) and defined again for
    one article (「発注者データ（…をいう。以下この条において同じ。）」): two meanings of one term.
    Statutes narrow terms per article on purpose, so only documents between parties."""
    return bool(facts.parties) and d.scope == "article" and any(
        e.key == d.key and e.scope == "document" and e.kind in _STRONG and e.start < d.start for e in defs)


def _widened(facts, defs) -> Iterator[Finding]:
    """A term of the document's glossary widened later for the rest of the text (「学習用端末（教職員が…使用
    する指導者用端末を含む。以下同じ。）」 after 「学習用端末　…児童生徒に…貸与する…端末をいう」): from there
    on the term means something else. Documents between parties only (statutes extend terms per chapter)."""
    if not facts.parties:
        return
    for d in defs:
        if d.kind != "paren_extend" or d.scope != "until-end" or d.marker is None:
            continue
        e = next((e for e in defs if e.key == d.key and e.kind in _STRONG and e.scope == "document"
                  and e.start < d.start), None)
        if e is None:
            continue
        close = facts.folded.find(")", d.marker[1])
        open_ = facts.folded.rfind("(", d.end, d.marker[0])
        start = open_ + 1 if open_ >= 0 else d.start
        end = close if 0 <= close - d.marker[1] < 4 else d.marker[1]
        yield facts.finding(DUPLICATE, None, "warning", start, end,
                            f"「{d.term}」は{e.clause or '前'}で定義されていますが、ここで範囲を変えて定義し直しています（以下同じ）。",
                            "定義は一か所にまとめ、範囲の違うものには別の語を使ってください（この条だけなら「以下この条において同じ」）。",
                            [_rel(e, "先の定義")])


def _same_phrase(facts, d, e) -> bool:
    """Two bracket definitions of one term name the same phrase: the words right before each （以下「X」という。）
    agree (other kinds of definition are not compared)."""
    if d.kind != "bracket" or e.kind != "bracket":
        return True
    phrases = []
    for x in (d, e):
        k = facts.folded.rfind("(", max(0, x.start - 8), x.start)
        if k < 0:
            return True
        phrases.append(facts.folded[max(0, k - 8):k])
    return phrases[0] == phrases[1]


def _explained_again(facts, defs) -> Iterator[Finding]:
    """A defined term explained again in a parenthesis right after a later use (第2条の「秘密情報」とは…, then
    第6条 「秘密情報（甲が秘密である旨を明示して開示した情報をいう。）」): a second meaning for the same word.
    A parenthesis that cites where the meaning is set (…第2条第1項に規定する秘密情報をいう。) restates it;
    a parenthesis that is itself a definition (以下同じ) is read by the duplicate check. Documents between
    parties only (a statute explains another law's term this way)."""
    from ..analysis.definitions import _RX as _DEF_RX

    if not facts.parties:
        return
    folded = facts.folded
    taken = {x.start for x in defs}
    seen = set()
    for d in defs:
        if d.kind not in ("toha", "bracket", "article_item") or d.scope not in ("document", "until-end"):
            continue
        for p in d.uses:
            k = p + len(d.key)
            if p <= d.end or folded[k:k + 1] != "(" or k in seen:
                continue
            close = folded.find(")", k)
            inner = folded[k + 1:close] if close > k else ""
            if not inner or "(" in inner or not _DEF_RX["explains_end"].search(inner) or any(
                    k < x < close for x in taken):
                continue
            if any(k < r.start < close for r in facts.references):
                continue
            seen.add(k)
            end = k + 1 + len(_DEF_RX["period_trail"].sub("", inner))
            yield facts.finding(DUPLICATE, None, "warning", p, end,  # the term and its second explanation
                                f"「{d.term}」は{d.clause or '前'}で既に定義されていますが、ここで括弧書きにより別の意味で"
                                f"説明されています（重複定義）。",
                                "括弧書きを削って定義を一か所にまとめるか、範囲の違うものには別の語を使ってください。",
                                [_rel(d, "先の定義")])


def _duplicates(facts, defs) -> Iterator[Finding]:
    yield from _widened(facts, defs)
    for i, d in enumerate(defs):
        local = d.kind in _STRONG and _redefined_locally(facts, d, defs)
        if d.kind not in _STRONG or (d.scope not in ("until-end", "document") and not local):
            continue  # (a definition inside quoted wording has scope "quoted")
        for e in defs[:i]:
            if e.key != d.key or e.kind not in _STRONG or e.start == d.start:
                continue
            if not e.covers(d.start) and not (e.scope == "document" and d.scope == "document"):
                continue
            if e.scope not in ("until-end", "document") and d.scope == "until-end":
                continue
            if len(d.head) >= 2 and d.head == e.head and not local and _same_phrase(facts, d, e):
                continue  # the same thing restated (a one-character head, 者 of 「…に従事する者」, names nothing;
                # 「受託者が…取り扱う場所」 and 「所管課が承認した場所」 share a head but not a meaning)
            end = d.end
            if local and d.marker is not None:  # the whole local definition: 発注者データ（…をいう。以下この条において同じ。）
                close = facts.folded.find(")", d.marker[1])
                end = close + 1 if 0 <= close - d.marker[1] < 4 else max(d.end, d.marker[1])
            yield facts.finding(DUPLICATE, None, "warning", d.start, end,
                                f"「{d.term}」は{e.clause or '前'}で既に定義されています（重複定義）。",
                                "定義を一か所にまとめ、範囲の違うものには別の語を使ってください。",
                                [_rel(e, "先の定義")])
            break
