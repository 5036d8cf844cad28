"""Wording checks driven by the lexicons: vague wording, duties without a
deadline, mandatory requirements phrased as conditions, placeholders left in
a draft and misused conjunctions.

The words live in ``lexicons/*.yaml``; this module adds what a word list
cannot say: the span of a duty (報告しなければならない), the object of a
condition (クラウドサービスを利用するときは) and where the document makes that
object mandatory. All matching reads ``facts`` tokens through one
:meth:`pipeline.lexicon.LexiconSet.scan` per document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from .. import lexicon as lx
from ..model import SEVERITIES, Finding, Related
from ..textnorm import fold

VAGUE, DEADLINE, CONDITIONAL = "vague_wording", "deadline_missing", "conditional_mandatory"
PLACEHOLDER, CONJUNCTION = "placeholder_leftover", "conjunction_misuse"
RULE_IDS = (VAGUE, DEADLINE, CONDITIONAL, PLACEHOLDER, CONJUNCTION)

DOCS = {
    VAGUE: """\
## 何を検出するか
「速やかに」「遅滞なく」（時期）、「適切に」「必要な措置」（程度）、「必要に応じて」「甲が必要と認めるとき」
（裁量）、「別途協議」（先送り）、「努める」（努力義務）など、測れる内容を持たない表現。
detail は time / degree / discretion / deferral / best_effort。事故報告・返還・廃棄・消去に関する文では
warning、それ以外は info。「直ちに」は期限として明確なので対象外。同じ句の中に「（24時間以内に）」
のような具体的な期限があるときも対象外です。

## なぜ問題か
何をいつまでにすれば義務を果たしたことになるのかが決まらず、事故時の報告遅れやデータ返還・消去の
先送りを契約上とがめられません。審議会でも「『速やかに』では期限にならない」と繰り返し指摘されています。

## 例
乙は、事故が発生したときは、速やかに甲に報告しなければならない。

## 修正例
乙は、事故が発生したときは、事故を知った時から24時間以内に甲に報告しなければならない。
""",
    DEADLINE: """\
## 何を検出するか
報告・通知・届出・提出・返還・廃棄・消去・削除を「しなければならない」「ものとする」「すること」で
義務付けているのに、その文にも条項にも期限（N日以内、N時間以内、N営業日、〜までに、直ちに、
契約終了後N日、毎月N日、翌月N日まで など）がないもの。「速やかに」等のあいまいな時期表現は
vague_wording として別に指摘します。

## なぜ問題か
期限のない報告・返還・消去義務は、いつまでに履行されなければ違反になるのかが決まらず、
個人情報の事故報告やデータの返還・消去が遅れても是正を求める根拠になりません。

## 例
乙は、契約が終了したときは、個人情報を甲に返還しなければならない。

## 修正例
乙は、契約が終了したときは、契約終了後30日以内に個人情報を甲に返還しなければならない。
""",
    CONDITIONAL: """\
## 何を検出するか
「クラウドサービスを利用するときは」「データセンターを利用する場合は」のように、その文書の題名・
目的条項・無条件の義務規定で必須とされている対象を、条件として書いているもの。必須とする根拠の
箇所を related に示します。

## なぜ問題か
必須の事項を「利用するときは」と書くと、利用しない選択肢があるように読め、要件が任意に見えます。
審議会でも「クラウドサービスの導入が本事業の目的であり必須であるから、『利用するときは』の表現は
適切を欠く」と指摘されています。

## 例
乙は、クラウドサービスを利用するときは、国内のデータセンターに設置されたものを用いなければならない。

## 修正例
乙は、国内のデータセンターに設置されたクラウドサービスを用いなければならない。
""",
    PLACEHOLDER: """\
## 何を検出するか
○○、〇〇、●●、××、XX、＊＊、TBD、要確認、【要確認】【注：…】のような作成途中のメモや仮置きの
文字列。署名欄の空白（「住所　　　　」）や漢数字の〇（二〇二五年）は対象外です。

## なぜ問題か
仮置きのまま決裁・契約に進むと、当事者・金額・期間などが未確定の契約書になります。

## 例
受託者は、○○年○月○日までに報告書を提出しなければならない。【要確認：提出先】

## 修正例
受託者は、令和7年3月31日までに報告書を提出しなければならない。
""",
    CONJUNCTION: """\
## 何を検出するか
一つの文の中で「及び」を使わずに「並びに」を使っているもの、「又は」を使わずに「若しくは」を
使っているもの。

## なぜ問題か
法令用語では「並びに」は「及び」でつないだまとまりをさらに大きくつなぐとき、「若しくは」は
「又は」でつないだ選択肢の中をさらに細かく分けるときにだけ使います。単独で使うと、どの語と語が
結び付くのかが読み手によって変わります。

## 例
乙は、個人情報並びに関係資料を返還しなければならない。

## 修正例
乙は、個人情報及び関係資料を返還しなければならない。
""",
}

_ANAPHORA = ("前項の", "前号の", "同項の", "同号の", "当該", "その", "上記の", "前条の", "同条の")
_OBJECT_PREFIXES = ("本", "当該", "同", "その", "各", "上記", "前記")
_NOUNISH = ("名詞", "接頭辞", "接尾辞")
# captions of the articles that fix what the document is about
_PURPOSE_CAPTION = re.compile(r"目的|趣旨")
_SCOPE_CAPTION = re.compile(r"(?:業務|作業|委託|サービス|対象)(?:の)?(?:範囲|内容|概要)|委託業務|対象業務|業務の実施")
_DEFINITION_CAPTION = re.compile(r"定義|用語")



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
# per rule
# ---------------------------------------------------------------------------


def _vague(scan: lx.Scan) -> Iterator[tuple[str, Finding]]:
    """One finding per vague phrase: overlapping entries (別途協議 + 協議して定める in
    「別途協議して定める」) are reported once over their union, under the first entry."""
    facts = scan.facts
    groups: list[list[lx.Match]] = []
    for m in sorted(scan.by_rule.get(VAGUE, ()), key=lambda m: (m.start, -m.end)):
        if groups and m.start < max(x.end for x in groups[-1]) and m.sent == groups[-1][0].sent:
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


def _deadline(scan: lx.Scan) -> Iterator[tuple[str, Finding]]:
    facts = scan.facts
    vague_time_sents = {m.sent for m in scan.by_rule.get(VAGUE, ()) if m.entry.detail == "time"}
    spans: list[tuple[lx.Match, int, int]] = []
    for m in scan.by_rule.get(DEADLINE, ()):
        if m.sent in vague_time_sents or m.i is None:
            continue  # 速やかに報告… is reported as vague_wording
        toks = facts.sentences[m.sent].tokens
        _kind, _verb_end, modal_end = lx.governed_modal(toks, m.j)
        end = toks[max(modal_end, m.j + 1) - 1].end
        # coordinated duties (返還し、又は廃棄するものとする) are one finding
        if spans and spans[-1][0].sent == m.sent and _COORD.match(facts.folded[spans[-1][2]:m.start]):
            first = spans[-1][0]
            spans[-1] = (first, first.start, max(end, spans[-1][2]))
            continue
        spans.append((m, m.start, end))
    for m, start, end in spans:
        quote = facts.text[start:end]
        e = m.entry
        yield e.id, facts.finding(e.rule, e.detail, scan.severity(m), start, end,
                                  e.render_message(quote), e.render_suggestion(quote))


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


def _evidence(scan: lx.Scan, m: lx.Match, toks, obj: tuple[int, int], core: str,
              conditional_sents: set[int]) -> list[Related]:
    """Where the document makes the conditioned object mandatory: its title, purpose
    clause, scope-of-work clause or definitions, or an unconditional duty to do the
    same act with it. Words that imply the object (クラウド → データセンター, from the
    lexicon's ``settings.implied_by``) count in the title and purpose clause."""
    facts = scan.facts
    folded = facts.folded
    settings = scan.lexset.settings.get(CONDITIONAL, {})
    implied = [fold(w) for w in (settings.get("implied_by") or {}).get(core, [])]
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
        w = find_any(a, b, [core] + implied)
        if w:
            out.append(Related(a, b, f"題名に「{w}」とあり、{core}は前提です"))
            break
    for kind, rx, words in (("目的", _PURPOSE_CAPTION, [core] + implied), ("業務の範囲", _SCOPE_CAPTION, [core]),
                            ("定義", _DEFINITION_CAPTION, [core])):
        for c in _article_with_caption(facts, rx):
            if here is not None and c.start == here.start:
                continue
            w = find_any(c.body_start or c.start, c.end, words)
            if w:
                out.append(Related(c.start, c.end, f"{kind}の条項（{c.path}）に「{w}」があり、{core}は前提です"))
                break
    # an unconditional duty to do the same act with the same object elsewhere
    verbs = {t.norm for t in toks[obj[1] + 1:m.j + 1] if t.pos.startswith(("動詞", "名詞"))} - {"為る", "時", "場合"}
    for si, s in enumerate(facts.sentences):
        if si == m.sent or si in conditional_sents:
            continue
        k = folded.find(core, s.start, s.end)
        if k < 0 or scan.modality(si) != "obligation":
            continue
        if any(folded[max(s.start, k - 4):k].endswith(a) for a in _ANAPHORA):
            continue
        if not any(t.norm in verbs for t in s.tokens if t.start >= k):
            continue
        out.append(Related(s.start, s.end, f"「{core}」を条件なしで義務付ける規定（{facts.clause_path(s.start) or '本文'}）"))
        break
    return out


def _conditional(scan: lx.Scan) -> Iterator[tuple[str, Finding]]:
    facts = scan.facts
    matches = scan.by_rule.get(CONDITIONAL, ())
    if not matches:
        return
    cond_sents = {m.sent for m in matches}
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
        related = _evidence(scan, m, toks, obj, core, cond_sents)
        if not related:
            continue
        start = toks[obj[0]].start
        end = m.end
        if m.j + 1 < len(toks) and toks[m.j].surface == "に" and toks[m.j + 1].surface == "は":
            end = toks[m.j + 1].end
        quote = facts.text[start:end]
        e = m.entry
        yield e.id, facts.finding(e.rule, e.detail, scan.severity(m), start, end,
                                  e.render_message(quote), e.render_suggestion(quote), related)


def _simple(rule: str):
    def run(scan: lx.Scan) -> Iterator[tuple[str, Finding]]:
        for m in scan.by_rule.get(rule, ()):
            yield m.entry.id, _plain(scan, m)
    return run


_RUNNERS = {VAGUE: _vague, DEADLINE: _deadline, CONDITIONAL: _conditional,
            PLACEHOLDER: _simple(PLACEHOLDER), CONJUNCTION: _simple(CONJUNCTION)}


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
        for _, f in _dedup_contained(list(_RUNNERS[rule](scan))):
            yield f
