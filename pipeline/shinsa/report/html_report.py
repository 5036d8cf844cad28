"""Self-contained HTML report for one document (council members' view).

One file, no network: inline CSS and JS. The draft's full text is laid out by
article with its captions and labels as written; every finding is a
highlight (colour *and* underline style per rule, so it survives black-and-white
printing) that opens its explanation on click, Enter or Space. A summary panel
shows counts per rule and severity, the party balance and the definitions
table when those facts exist, and filters hide highlights by severity or rule.

Everything taken from the document is escaped; the findings travel as JSON in a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped,
so a draft containing ``</script>`` or ``"><img onerror=…>`` renders as text.
"""

from __future__ import annotations

import bisect
import html
import json
from collections import Counter
from typing import Any, Iterable

from ..model import Finding
from ..rules import RULES
from ..model import Result
from ..memo import paused_gc
from .json_report import summary_json

# (colour, underline style) per rule, in RULES order; styles cycle so that
# neighbouring families differ in print.
_PALETTE = ["#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
            "#17becf", "#bcbd22", "#7f7f7f"]
_LINES = ["solid", "dashed", "dotted", "double", "wavy"]
SEVERITY_JA = {"error": "重大", "warning": "警告", "info": "情報"}
BALANCE_JA = {"obligation": "義務", "best_effort": "努力義務", "prohibition": "禁止", "right": "権利",
              "termination_right": "解除権", "exemption": "免責", "liability_cap": "責任制限",
              "indemnity": "賠償・補償", "change_right": "変更権", "suspension_right": "停止権"}


def rule_style(rule: str) -> tuple[str, str]:
    ids = list(RULES)
    i = ids.index(rule) if rule in ids else len(ids) + sum(map(ord, rule))
    return _PALETTE[i % len(_PALETTE)], _LINES[(i // len(_PALETTE) + i) % len(_LINES)]


def _esc(s: Any) -> str:
    return html.escape("" if s is None else str(s), quote=True)


def _json_for_script(data: Any) -> str:
    s = json.dumps(data, ensure_ascii=False)
    return s.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e") \
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _segments(text: str, start: int, end: int, findings: list[tuple[int, Finding]],
              related: list[tuple[str, int, int]]) -> str:
    """HTML for text[start:end] with highlight spans for overlapping findings."""
    cuts = {start, end}
    for _, f in findings:
        if f.end > start and f.start < end:
            cuts.add(max(start, f.start))
            cuts.add(min(end, f.end))
    for _, a, b in related:
        if b > start and a < end:
            cuts.add(max(start, a))
    order = sorted(cuts)
    anchors = {}
    for rid, a, _ in related:
        if start <= a < end:
            anchors.setdefault(max(start, a), []).append(rid)
    out = []
    for a, b in zip(order, order[1:]):
        for rid in anchors.get(a, []):
            out.append(f'<span class="anchor" id="{rid}"></span>')
        piece = _esc(text[a:b])
        covering = [(i, f) for i, f in findings if f.start <= a and b <= f.end and f.start < f.end]
        if not covering:
            out.append(piece)
            continue
        ids = " ".join(str(i) for i, _ in covering)
        top = max(covering, key=lambda x: ({"error": 2, "warning": 1}.get(x[1].severity, 0), -x[0]))[1]
        classes = " ".join(sorted({f"r-{f.rule}" for _, f in covering} | {f"s-{f.severity}" for _, f in covering}))
        label = "、".join(sorted({RULES[f.rule].name if f.rule in RULES else f.rule for _, f in covering}))
        out.append(f'<mark class="hl {classes} top-{_esc(top.rule)}" data-f="{ids}" tabindex="0" '
                   f'role="button" aria-label="指摘: {_esc(label)}">{piece}</mark>')
    return "".join(out)


def _sections(result: Result) -> list[tuple[int, int, str, str]]:
    """(start, end, anchor id, title) chunks: the preamble, each article / top-level unit."""
    facts = result.facts
    text = result.doc.text
    heads = [c for c in facts.clauses
             if c.kind in ("article", "appendix", "suppl", "chapter", "part", "section") and c.start < len(text)]
    cuts = sorted({0, *(c.start for c in heads)})
    titles = {}
    for c in heads:
        titles.setdefault(c.start, (c.path, f"{c.label}{(' ' + c.caption) if c.caption else ''}"))
    chunks = []
    for i, a in enumerate(cuts):
        b = cuts[i + 1] if i + 1 < len(cuts) else len(text)
        if a >= b:
            continue
        path, title = titles.get(a, ("前文", "前文"))
        chunks.append((a, b, f"sec-{i}", path, title))
    return chunks


def render(result: Result) -> str:
    with paused_gc():  # many small strings and tuples, no cycles (as json_report.dumps)
        return _render(result)


def _render(result: Result) -> str:
    data = summary_json(result)
    name = _esc(result.source)
    if result.status != "ok" or result.doc is None or result.facts is None:
        return _page(name, f'<section class="error"><h2>読み込めませんでした</h2><p>{_esc(result.error)}</p></section>',
                     "", {"findings": []})
    text = result.doc.text
    findings = list(enumerate(result.findings))
    rel_ids: list[tuple[str, int, int]] = []
    finding_json = []
    for i, f in findings:
        rels = []
        for k, r in enumerate(f.related):
            rid = f"rel-{i}-{k}"
            rel_ids.append((rid, r.start, r.end))
            rels.append({"id": rid, "note": r.note, "quote": text[r.start:r.end][:80],
                         "clause": result.facts.clause_path(r.start)})
        d = f.to_json()
        d.update({"id": i, "rule_name": RULES[f.rule].name if f.rule in RULES else f.rule,
                  "severity_ja": SEVERITY_JA.get(f.severity, f.severity), "related": rels})
        finding_json.append(d)

    body = []
    toc = []
    # findings by start, to take those overlapping a section by bisect (a scan of every finding for
    # every section grew with their product on a long statute)
    by_start = sorted(findings, key=lambda x: (x[1].start, x[0]))
    starts = [f.start for _, f in by_start]
    longest = max((f.end - f.start for _, f in findings), default=0)
    for a, b, sid, path, title in _sections(result):
        lo, hi = bisect.bisect_left(starts, a - longest), bisect.bisect_left(starts, b)
        inside = sorted(((i, f) for i, f in by_start[lo:hi] if f.end > a), key=lambda x: x[0])
        n = len({i for i, f in inside if a <= f.start < b})
        toc.append(f'<li><a href="#{sid}">{_esc(title)}</a>'
                   f'{f" <span class=count>{n}</span>" if n else ""}</li>')
        body.append(f'<section class="clause" id="{sid}" data-path="{_esc(path)}">'
                    f'<div class="text">{_segments(text, a, b, inside, rel_ids)}</div></section>')

    summary = _summary(result, data)
    filters = _filters(result.findings)
    legend = _legend(result.findings)
    main_html = (f'<nav class="toc" aria-label="目次"><h2>目次</h2><ol>{"".join(toc)}</ol></nav>'
                 f'<main><div class="doc">{"".join(body)}</div></main>'
                 f'<aside id="detail" aria-live="polite" tabindex="-1"><h2>指摘の説明</h2>'
                 f'<p class="hint">ハイライトをクリック（またはTabで選んでEnter）すると説明が表示されます。</p></aside>')
    notice = "".join(f'<p class="notice" role="note">{_esc(n)}</p>' for n in data.get("notes", ()))
    return _page(name, notice + summary + filters + legend, main_html, {"findings": finding_json})


def _summary(result: Result, data: dict) -> str:
    fs = result.findings
    by_rule = Counter(f.rule for f in fs)
    by_sev = Counter(f.severity for f in fs)
    rows = "".join(f'<tr><th scope="row"><span class="swatch r-{_esc(r)}"></span>{_esc(RULES[r].name if r in RULES else r)}'
                   f' <code>{_esc(r)}</code></th><td>{n}</td></tr>' for r, n in sorted(by_rule.items()))
    sev = " ".join(f'<span class="sev s-{s}">{SEVERITY_JA[s]} {by_sev.get(s, 0)}</span>'
                   for s in ("error", "warning", "info"))
    parts = [f'<section class="summary"><h2>概要</h2><p>指摘 {len(fs)} 件：{sev}</p>'
             f'<table class="counts"><caption>ルール別の件数</caption><tbody>{rows}</tbody></table>']
    profile = data.get("profile")
    if profile:
        label = profile.get("name") or profile.get("id") if isinstance(profile, dict) else profile
        reason = profile.get("reason") if isinstance(profile, dict) else None
        parts.append(f'<p>文書の種類（推定）：{_esc(label)}</p>'
                     + (f'<p class="hint">{_esc(reason)}</p>' if reason else ""))
    balance = data.get("balance")
    if balance:
        parts.append(_balance_table(balance))
    if data.get("definitions"):
        drows = "".join(f'<tr><td>{_esc(d.get("term"))}</td><td>{_esc(d.get("clause"))}</td>'
                        f'<td>{_esc(d.get("scope"))}</td><td>{_esc(d.get("uses"))}</td></tr>'
                        for d in data["definitions"])
        parts.append(f'<details><summary>定義語 {len(data["definitions"])} 件</summary><table class="defs">'
                     f'<thead><tr><th>用語</th><th>定義箇所</th><th>範囲</th><th>使用回数</th></tr></thead>'
                     f'<tbody>{drows}</tbody></table></details>')
    coverage = data.get("coverage")
    if coverage:
        mark = {"present": "✔", "delegated": "委任"}
        crows = "".join(f'<tr class="{ "ok" if c.get("present") or c.get("status") == "delegated" else "missing"}">'
                        f'<td>{mark.get(c.get("status"), "✔" if c.get("present") else "✘")}</td>'
                        f'<td>{_esc(c.get("name") or c.get("topic"))}</td>'
                        f'<td>{"必須" if c.get("required") else "推奨"}</td></tr>'
                        for c in coverage if isinstance(c, dict))
        parts.append(f'<details open><summary>記載事項チェックリスト</summary><table class="coverage">'
                     f'<tbody>{crows}</tbody></table></details>')
    pdata = data.get("personal_data")
    if isinstance(pdata, dict) and pdata.get("items"):
        cat = {"specific": "特定個人情報", "sensitive": "要配慮個人情報", "basic": ""}
        prow = "".join(f'<tr><td>{_esc(i.get("name"))}</td><td>{_esc(cat.get(i.get("category"), ""))}</td>'
                       f'<td>{"収集" if i.get("collected") else ""}'
                       f'{"（目的の記載なし）" if i.get("purpose_stated") is False else ""}</td></tr>'
                       for i in pdata["items"] if isinstance(i, dict))
        parts.append(f'<details><summary>取り扱う個人情報 {len(pdata["items"])} 項目</summary><table class="pdata">'
                     f'<thead><tr><th>項目</th><th>区分</th><th>収集</th></tr></thead><tbody>{prow}</tbody></table>'
                     f'</details>')
    parts.append("</section>")
    return "".join(parts)


def _balance_table(balance: Any) -> str:
    """Render the party balance: {party: {category: count or {count, clauses}}}."""
    if isinstance(balance, list):
        balance = {str(b.get("party") or b.get("label")): b for b in balance if isinstance(b, dict)}
    if not isinstance(balance, dict):
        return ""
    cats: list[str] = []
    for v in balance.values():
        if isinstance(v, dict):
            for k in v:
                if k not in cats and k not in ("party", "label", "name", "role"):
                    cats.append(k)
    head = "".join(f'<th title="{_esc(c)}">{_esc(BALANCE_JA.get(c, c))}</th>' for c in cats)
    rows = []
    for party, v in balance.items():
        cells = []
        for c in cats:
            x = v.get(c) if isinstance(v, dict) else None
            if isinstance(x, dict):
                x = x.get("count", len(x.get("clauses", [])))
            elif isinstance(x, list):
                x = len(x)
            cells.append(f"<td>{_esc(x if x is not None else 0)}</td>")
        name = v.get("name") if isinstance(v, dict) else None
        rows.append(f"<tr><th scope=row>{_esc(party)}{('（' + _esc(name) + '）') if name else ''}</th>{''.join(cells)}</tr>")
    return (f'<table class="balance"><caption>当事者ごとの義務・権利の数</caption>'
            f'<thead><tr><th>当事者</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _filters(findings: Iterable[Finding]) -> str:
    rules = sorted({f.rule for f in findings})
    sev = "".join(f'<label><input type="checkbox" checked data-filter="s-{s}"> {SEVERITY_JA[s]}</label>'
                  for s in ("error", "warning", "info"))
    fam = "".join(f'<label><input type="checkbox" checked data-filter="r-{_esc(r)}"> '
                  f'{_esc(RULES[r].name if r in RULES else r)}</label>' for r in rules)
    return (f'<section class="filters" aria-label="絞り込み"><h2>絞り込み</h2>'
            f'<fieldset><legend>重大度</legend>{sev}</fieldset>'
            f'<fieldset><legend>種類</legend>{fam}</fieldset></section>')


def _legend(findings: Iterable[Finding]) -> str:
    rules = sorted({f.rule for f in findings})
    items = "".join(f'<li><span class="sample r-{_esc(r)}">見本</span> {_esc(RULES[r].name if r in RULES else r)}</li>'
                    for r in rules)
    return f'<section class="legend"><h2>凡例</h2><ul>{items}</ul></section>' if items else ""


def _rule_css() -> str:
    rules = list(RULES)
    out = []
    for r in rules:
        colour, line = rule_style(r)
        out.append(f".r-{r}{{--c:{colour};}} mark.top-{r}{{text-decoration-style:{line};}} "
                   f".sample.r-{r}{{text-decoration-style:{line};}}")
    return "\n".join(out)


_CSS = """
:root{--bg:#fff;--fg:#1a1a1a;--muted:#666;font-family:"IPAexGothic","Noto Sans CJK JP","Hiragino Sans","Yu Gothic",sans-serif}
body{margin:0;color:var(--fg);background:var(--bg);line-height:1.8}
header{padding:.6rem 1rem;border-bottom:1px solid #ccc}
header h1{font-size:1.2rem;margin:0}
.top{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:.5rem 1.5rem;padding:0 1rem}
.layout{display:grid;grid-template-columns:14rem minmax(0,1fr) 22rem;gap:1rem;padding:0 1rem}
nav.toc{font-size:.85rem;position:sticky;top:0;max-height:100vh;overflow:auto}
nav.toc ol{list-style:none;padding-left:0}
.count{display:inline-block;min-width:1.3em;border-radius:.6em;background:#b00020;color:#fff;text-align:center;font-size:.75rem}
.doc .text{white-space:pre-wrap;word-break:break-all}
section.clause{border-bottom:1px dotted #ddd;padding:.3rem 0}
mark.hl{--c:#d62728;background:color-mix(in srgb,var(--c) 16%,transparent);color:inherit;text-decoration-line:underline;
  text-decoration-color:var(--c);text-decoration-thickness:2px;text-underline-offset:3px;cursor:pointer;border-radius:2px}
mark.hl:focus,mark.hl.active{outline:2px solid #000;outline-offset:1px}
mark.hl.hidden{background:none;text-decoration:none;cursor:text}
.sample{text-decoration-line:underline;text-decoration-color:var(--c);text-decoration-thickness:2px;
  background:color-mix(in srgb,var(--c) 16%,transparent)}
.swatch{display:inline-block;width:.8em;height:.8em;background:var(--c);margin-right:.3em}
aside#detail{position:sticky;top:0;max-height:100vh;overflow:auto;border-left:1px solid #ccc;padding-left:1rem}
aside .finding{border:1px solid #ccc;border-radius:4px;padding:.5rem;margin:.5rem 0}
.sev{padding:0 .4em;border:1px solid #999;border-radius:3px}
.s-error.sev{background:#fde0e0}.s-warning.sev{background:#fff1cc}.s-info.sev{background:#e0f0ff}
table{border-collapse:collapse;font-size:.85rem}table.balance th{white-space:nowrap}td,th{border:1px solid #ccc;padding:.1rem .4rem;text-align:left}
.anchor:target+*{outline:3px solid orange}
.flash{animation:flash 1.2s}@keyframes flash{from{background:orange}to{background:none}}
fieldset{border:1px solid #ccc;margin:.2rem 0}fieldset label{margin-right:.6rem;white-space:nowrap}
.hint{color:var(--muted);font-size:.85rem}
.error{padding:1rem;color:#b00020}
.notice{margin:.5rem 0;padding:.5rem .8rem;border:2px solid #b26a00;background:#fff4e0;font-weight:bold}
tr.missing td{color:#b00020}
@media (max-width:900px){.layout{grid-template-columns:1fr}nav.toc,aside#detail{position:static;max-height:none}}
@media print{
  @page{size:A4;margin:15mm}
  .filters,nav.toc,.hint{display:none}
  .layout{display:block}
  aside#detail{display:none}
  mark.hl{background:none!important;text-decoration-color:#000!important}
  mark.hl.hidden{text-decoration:none}
  section.clause{break-inside:auto}
  #print-list{display:block!important}
}
#print-list{display:none;font-size:.8rem}
"""

_JS = r"""
(function(){
  var data = JSON.parse(document.getElementById('findings-data').textContent);
  var byId = {}; data.findings.forEach(function(f){ byId[f.id] = f; });
  var detail = document.getElementById('detail');
  function el(tag, cls, text){ var e = document.createElement(tag); if(cls) e.className = cls; if(text!=null) e.textContent = text; return e; }
  function show(mark){
    document.querySelectorAll('mark.hl.active').forEach(function(m){ m.classList.remove('active'); });
    mark.classList.add('active');
    while(detail.children.length > 1) detail.removeChild(detail.lastChild);
    mark.getAttribute('data-f').split(' ').forEach(function(id){
      var f = byId[id]; if(!f) return;
      var box = el('div', 'finding');
      var h = el('h3', null, f.rule_name + '（' + f.rule + (f.detail ? '/' + f.detail : '') + '）');
      box.appendChild(h);
      var meta = el('p', null, null);
      meta.appendChild(el('span', 'sev s-' + f.severity, f.severity_ja));
      meta.appendChild(document.createTextNode(' 条項：' + (f.clause || '―') + (f.page ? '　' + f.page + 'ページ' : '')));
      box.appendChild(meta);
      box.appendChild(el('p', 'quote', '「' + f.quote + '」'));
      box.appendChild(el('p', 'message', f.message));
      var sug = el('p', 'suggestion', null); sug.appendChild(el('strong', null, '修正案：')); sug.appendChild(document.createTextNode(f.suggestion)); box.appendChild(sug);
      (f.related || []).forEach(function(r){
        var a = el('a', 'related', '→ ' + r.note + '（' + (r.clause || '') + '）「' + r.quote + '」');
        a.href = '#' + r.id;
        a.addEventListener('click', function(ev){ ev.preventDefault(); var t = document.getElementById(r.id); if(t){ t.scrollIntoView({block:'center'}); var n = t.nextSibling; if(n && n.classList){ n.classList.add('flash'); setTimeout(function(){ n.classList.remove('flash'); }, 1300);} } });
        box.appendChild(el('p', null, null)).appendChild(a);
      });
      detail.appendChild(box);
    });
  }
  document.querySelectorAll('mark.hl').forEach(function(m){
    m.addEventListener('click', function(){ if(!m.classList.contains('hidden')) show(m); });
    m.addEventListener('keydown', function(ev){ if(ev.key === 'Enter' || ev.key === ' '){ ev.preventDefault(); if(!m.classList.contains('hidden')) show(m); } });
  });
  var boxes = document.querySelectorAll('input[data-filter]');
  function apply(){
    var off = {}; boxes.forEach(function(b){ if(!b.checked) off[b.getAttribute('data-filter')] = true; });
    document.querySelectorAll('mark.hl').forEach(function(m){
      var visible = m.getAttribute('data-f').split(' ').some(function(id){
        var f = byId[id]; return f && !off['s-' + f.severity] && !off['r-' + f.rule];
      });
      m.classList.toggle('hidden', !visible);
      if(visible){ m.setAttribute('tabindex', '0'); } else { m.removeAttribute('tabindex'); }
    });
  }
  boxes.forEach(function(b){ b.addEventListener('change', apply); });
})();
"""


def _print_list(findings: list[dict]) -> str:
    rows = "".join(f"<li>{_esc(f['clause'] or '―')}：{_esc(f['rule_name'])}「{_esc(f['quote'])}」 {_esc(f['message'])}"
                   f" 修正案：{_esc(f['suggestion'])}</li>" for f in findings)
    return f'<section id="print-list"><h2>指摘一覧</h2><ol>{rows}</ol></section>'


def _page(name: str, top: str, main_html: str, payload: dict) -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'; img-src data:\">"
        f"<title>審査レポート：{name}</title><style>{_CSS}\n{_rule_css()}</style></head><body>"
        f"<header><h1>審査レポート：{name}</h1></header>"
        f'<div class="top">{top}</div><div class="layout">{main_html}</div>'
        f"{_print_list(payload['findings'])}"
        f'<script type="application/json" id="findings-data">{_json_for_script(payload)}</script>'
        f"<script>{_JS}</script></body></html>\n"
    )
