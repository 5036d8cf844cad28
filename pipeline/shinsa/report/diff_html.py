"""新旧対照表 as one self-contained HTML file (no network).

Two columns 新 | 旧 per top-level clause (条, 別表, 附則 …): text added in NEW
is underlined in the 新 column, text removed is struck through in the 旧
column. Each row carries its 区分 and the follow-up of the findings inside it;
clicking a row (or Enter/Space on it) opens both versions in full with those
findings. ``@page`` prints on A4 landscape. Everything from the documents is
escaped, and the row details travel as escaped JSON (see
:func:`shinsa.report.html_report._json_for_script`).
"""

from __future__ import annotations

from ..compare import rows as table_rows
from ..compare import FINDING_STATUS_JA, STATUS_JA, status_ja
from .diff_json import pair_text
from .html_report import _esc, _json_for_script

def _side_html(ops, side: str, fallback: str) -> str:
    """One column's text with the changes marked (<ins> on the 新 side, <del> on the 旧 side)."""
    if not ops:
        return _esc(fallback)
    out = []
    for op in ops:
        piece = op.new if side == "new" else op.old
        if not piece:
            continue
        if op.op == "equal":
            out.append(_esc(piece))
        elif side == "new":
            out.append(f"<ins>{_esc(piece)}</ins>")
        else:
            out.append(f"<del>{_esc(piece)}</del>")
    return "".join(out)


def _row_html(i: int, row, cmp) -> str:
    p = row.pair
    new_text, old_text = pair_text(cmp.new, p.new), pair_text(cmp.old, p.old)
    status = status_ja(p)
    marks = " ".join(f'<span class="fs fs-{f.status}">{FINDING_STATUS_JA[f.status]}</span>' for f in row.findings)
    return (f'<tr class="row st-{p.status}" data-row="{i}" tabindex="0">'
            f'<td class="path">{_esc(p.new_path or "")}</td>'
            f'<td class="txt new">{_side_html(p.ops, "new", new_text) if p.new else ""}</td>'
            f'<td class="txt old">{_side_html(p.ops, "old", old_text) if p.old else ""}</td>'
            f'<td class="path">{_esc(p.old_path or "")}</td>'
            f'<td class="kubun">{_esc(status)}</td><td class="fstat">{marks}</td></tr>')


def _payload(rows, cmp) -> list[dict]:
    out = []
    for row in rows:
        p = row.pair
        out.append({"status": status_ja(p),
                    "new_path": p.new_path, "old_path": p.old_path,
                    "new": pair_text(cmp.new, p.new), "old": pair_text(cmp.old, p.old),
                    "ops": [[op.op, op.old, op.new] for op in p.ops],
                    "findings": [{"status": FINDING_STATUS_JA[f.status], "clause": f.finding.clause,
                                  "rule": f.finding.rule, "quote": f.finding.quote,
                                  "message": f.finding.message, "note": f.note} for f in row.findings]})
    return out


def _summary(cmp) -> str:
    c, f = cmp.counts(), cmp.finding_counts()
    parts = "".join(f"<li>{STATUS_JA[s]} {c[s]}</li>" for s in STATUS_JA if c.get(s))
    fparts = "".join(f"<li>{FINDING_STATUS_JA[s]} {f[s]}</li>" for s in ("resolved", "persisting", "new"))
    out = (f'<section class="summary"><p>新：{_esc(cmp.new.source)}　旧：{_esc(cmp.old.source)}</p>'
           f'<ul class="counts" id="pair-counts">{parts}</ul><ul class="counts" id="finding-counts">{fparts}</ul>')
    if cmp.dismissed:
        out += f"<p>審査者が削除した指摘 {cmp.dismissed} 件は表示していません。</p>"
    if cmp.template:
        out += _template(cmp.template)
    return out + "</section>"


def _template(t: dict) -> str:
    dels = "".join(f"<li>{_esc(d['message'])}</li>" for d in t["required_deletions"])
    items = "".join(f"<tr><td>{_esc(it['kind'])}</td><td>{_esc(it['new_path'] or '')}</td>"
                    f"<td>{_esc(it['old_path'] or '')}</td><td>{_esc(it['caption'])}</td></tr>" for it in t["items"])
    return ('<h2>加除修正事項（標準との比較）</h2>'
            f'<ul class="required">{dels or "<li>必須の記載事項を含む条項の削除はありません。</li>"}</ul>'
            '<table class="kajo"><thead><tr><th>区分</th><th>条項（草案）</th><th>条項（標準）</th><th>見出し</th></tr>'
            f'</thead><tbody>{items or "<tr><td colspan=4>標準からの変更はありません。</td></tr>"}</tbody></table>')


def _stale(cmp) -> str:
    if not cmp.stale:
        return ""
    items = "".join(f"<li>{_esc(f.clause)}「{_esc(f.quote)}」：{_esc(f.message)}</li>" for f in cmp.stale)
    return f'<section class="stale"><h2>番号変更に追随していない参照</h2><ul>{items}</ul></section>'


def render(cmp) -> str:
    rows = table_rows(cmp)
    body = "".join(_row_html(i, r, cmp) for i, r in enumerate(rows))
    title = f"新旧対照表：{cmp.new.source}"
    return ("<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width\"><title>{_esc(title)}</title>"
            f"<style>{_CSS}</style></head><body><header><h1>{_esc(title)}</h1></header>"
            f"{_summary(cmp)}{_stale(cmp)}"
            '<p class="noprint"><label><input type="checkbox" id="hide-same"> 変更なしの条項を隠す</label>'
            "　行をクリックすると新旧の全文と指摘を表示します。</p>"
            '<table class="taisho"><thead><tr><th>条項（新）</th><th>新</th><th>旧</th><th>条項（旧）</th>'
            f"<th>区分</th><th>指摘の状況</th></tr></thead><tbody>{body}</tbody></table>"
            '<aside id="detail" class="noprint" hidden></aside>'
            f'<script type="application/json" id="rows">{_json_for_script(_payload(rows, cmp))}</script>'
            f"<script>{_JS}</script></body></html>\n")


_CSS = """
:root{font-family:"IPAexGothic","Noto Sans CJK JP","Hiragino Sans","Yu Gothic",sans-serif;color:#1a1a1a}
body{margin:1.5em}
h1{font-size:1.3em}
ul.counts{display:flex;gap:1.5em;list-style:none;padding:0}
table.kajo{border-collapse:collapse;margin:.5em 0}table.kajo td,table.kajo th{border:1px solid #888;padding:.2em .5em}
table.taisho{border-collapse:collapse;width:100%;table-layout:fixed}
table.taisho th,table.taisho td{border:1px solid #888;padding:.3em .5em;vertical-align:top}
table.taisho th{background:#eee}
th:nth-child(1),th:nth-child(4){width:7em}th:nth-child(5){width:5em}th:nth-child(6){width:7em}
td.txt{white-space:pre-wrap;line-height:1.6}
tr.row{cursor:pointer}
tr.row:hover,tr.row:focus{background:#f3f7ff;outline:2px solid #1f77b4}
tr.st-unchanged td.txt{color:#555}
ins{text-decoration:underline;text-decoration-thickness:2px;background:#fff3b0}
del{text-decoration:line-through;color:#a00;background:#fde2e2}
.fs{display:inline-block;border:1px solid #888;border-radius:3px;padding:0 .3em;margin:1px;font-size:.85em}
.fs-resolved{border-color:#2ca02c;color:#1b6e1b}.fs-new{border-color:#d62728;color:#a00}
.hidden{display:none}
#detail{position:fixed;right:1em;top:1em;bottom:1em;width:46%;overflow:auto;background:#fff;
  border:2px solid #1f77b4;padding:1em;box-shadow:0 0 1em rgba(0,0,0,.3)}
#detail .cols{display:grid;grid-template-columns:1fr 1fr;gap:1em}
#detail pre{white-space:pre-wrap;font-family:inherit;border:1px solid #ccc;padding:.5em}
@page{size:A4 landscape;margin:12mm}
@media print{.noprint,#detail{display:none!important}body{margin:0}tr.row{break-inside:avoid}
  ins{background:none}del{background:none}}
"""

# the detail panel is built with textContent only: nothing from the documents becomes markup
_JS = r"""
(function(){
  var rows = JSON.parse(document.getElementById('rows').textContent);
  var panel = document.getElementById('detail');
  function el(tag, cls, text){var e=document.createElement(tag); if(cls) e.className=cls;
    if(text!==undefined) e.textContent=text; return e;}
  function marked(r, side){  // the version with its changes as <ins>/<del>, built from the ops
    var pre = el('pre');
    if(!r[side]){ pre.textContent = '（なし）'; return pre; }
    if(!r.ops.length){ pre.textContent = r[side]; return pre; }
    r.ops.forEach(function(op){
      var piece = side === 'new' ? op[2] : op[1];
      if(!piece) return;
      if(op[0] === 'equal') pre.appendChild(document.createTextNode(piece));
      else pre.appendChild(el(side === 'new' ? 'ins' : 'del', '', piece));
    });
    return pre;
  }
  function show(i){
    var r = rows[i]; panel.textContent=''; panel.hidden=false;
    var close = el('button','close','閉じる'); close.onclick=function(){panel.hidden=true;}; panel.appendChild(close);
    panel.appendChild(el('h2','', r.status + '：' + (r.new_path||'－') + ' ← ' + (r.old_path||'－')));
    var cols = el('div','cols'); var n = el('div','ver-new'); var o = el('div','ver-old');
    n.appendChild(el('h3','','新（' + (r.new_path||'なし') + '）')); n.appendChild(marked(r, 'new'));
    o.appendChild(el('h3','','旧（' + (r.old_path||'なし') + '）')); o.appendChild(marked(r, 'old'));
    cols.appendChild(n); cols.appendChild(o); panel.appendChild(cols);
    if(r.findings.length){ var ul = el('ul','findings');
      r.findings.forEach(function(f){ ul.appendChild(el('li','finding',
        '【' + f.status + '】' + (f.clause||'') + '「' + f.quote + '」' + f.message + '（' + f.note + '）')); });
      panel.appendChild(el('h3','','指摘')); panel.appendChild(ul); }
  }
  document.querySelectorAll('tr.row').forEach(function(tr){
    tr.addEventListener('click', function(){ show(+tr.dataset.row); });
    tr.addEventListener('keydown', function(e){ if(e.key==='Enter'||e.key===' '){ e.preventDefault(); show(+tr.dataset.row);} });
  });
  document.getElementById('hide-same').addEventListener('change', function(e){
    document.querySelectorAll('tr.st-unchanged').forEach(function(tr){ tr.classList.toggle('hidden', e.target.checked); });
  });
  document.addEventListener('keydown', function(e){ if(e.key==='Escape') panel.hidden=true; });
})();
"""
