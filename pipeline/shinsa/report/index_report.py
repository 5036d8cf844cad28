"""``index.html`` for a batch: every file with its status and counts per rule,
and the defects that recur across files, grouped by fingerprint."""

from __future__ import annotations

import html
from collections import Counter, defaultdict

from ..rules import RULES


def _esc(s) -> str:
    return html.escape("" if s is None else str(s), quote=True)


def render(summaries, interrupted: bool = False, total: int | None = None) -> str:
    rules = [r for r in RULES if any(f["rule"] == r for s in summaries for f in s.findings)]
    head = "".join(f'<th title="{_esc(r)}">{_esc(RULES[r].name)}</th>' for r in rules)
    rows = []
    for s in summaries:
        counts = Counter(f["rule"] for f in s.findings)
        link = s.outputs.get("html")
        name = f'<a href="{_esc(link)}">{_esc(s.source)}</a>' if link else _esc(s.source)
        status = "OK" if s.status == "ok" else f'<span class="err">失敗：{_esc((s.error or "").splitlines()[0] if s.error else "")}</span>'
        cells = "".join(f"<td>{counts.get(r, '') or ''}</td>" for r in rules)
        sev = Counter(f["severity"] for f in s.findings)
        rows.append(f"<tr><td>{name}</td><td>{_esc(s.format)}</td><td>{status}</td>"
                    f"<td>{len(s.findings)}</td><td>{sev.get('warning', 0) + sev.get('error', 0)}</td>{cells}</tr>")
    groups: dict[str, list] = defaultdict(list)
    for s in summaries:
        for f in s.findings:
            groups[f["fingerprint"]].append((s, f))
    recurring = []
    for _fp, items in sorted(groups.items(), key=lambda kv: -len({s.source for s, _ in kv[1]})):
        files = sorted({s.source for s, _ in items})
        if len(files) < 2:
            continue
        f = items[0][1]
        recurring.append(f"<li>同じ指摘が{len(files)}件の文書にあります：{_esc(RULES[f['rule']].name if f['rule'] in RULES else f['rule'])}"
                         f"（{_esc(f['clause'] or '―')}）「{_esc(f['quote'])}」 — {_esc('、'.join(files))}</li>")
    note = ""
    if interrupted:
        note = f'<p class="err">中断されました：{total} 件中 {len(summaries)} 件の結果です。</p>'
    failed = [s for s in summaries if s.status != "ok"]
    return ("<!DOCTYPE html><html lang=ja><head><meta charset=utf-8><title>審査結果一覧</title><style>"
            "body{font-family:'IPAexGothic','Noto Sans CJK JP',sans-serif;margin:1rem}"
            "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem;font-size:.9rem}"
            "th{background:#f3f3f3;position:sticky;top:0}.err{color:#b00020}</style></head><body>"
            f"<h1>審査結果一覧</h1>{note}<p>{len(summaries)} 件のファイル、うち失敗 {len(failed)} 件。"
            f"指摘 {sum(len(s.findings) for s in summaries)} 件。</p>"
            f"<table><thead><tr><th>ファイル</th><th>形式</th><th>状態</th><th>指摘</th><th>警告以上</th>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
            f"<h2>複数の文書に共通する指摘</h2><ul>{''.join(recurring) or '<li>ありません</li>'}</ul>"
            "</body></html>\n")
