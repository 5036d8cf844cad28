"""HTML report, batch outputs (index, xlsx, cache, failures) and escaping."""

import json
import re

import pytest

from shinsa.batch import BatchOptions, run_batch
from shinsa.model import Related
from shinsa.report import html_report
from shinsa.scan import analyze_path, collect_inputs

XSS = """業務委託契約書

（目的）
第１条　この契約は、<script>window.__pwned = 1</script>の業務を定める。
（報告）
第２条　乙は、"><img src=x onerror="window.__pwned=2">を速やかに報告しなければならない。
"""


def _result_with_findings(tmp_path, text=XSS):
    p = tmp_path / "xss.txt"
    p.write_text(text, encoding="utf-8")
    r = analyze_path(p)
    assert r.status == "ok"
    # a finding on the injected markup itself, with a related span
    start = r.doc.text.index('"><img')
    end = start + len('"><img src=x onerror="window.__pwned=2">')
    rel_start = r.doc.text.index("<script>")
    f = r.facts.finding("placeholder_leftover", None, "warning", start, end, "テスト用の指摘です。", "修正してください。",
                        related=(Related(rel_start, rel_start + 8, "関連箇所"),))
    r.findings = sorted([*r.findings, f], key=lambda x: x.start)
    return r


def test_html_escapes_document_text(tmp_path):
    r = _result_with_findings(tmp_path)
    page = html_report.render(r)
    body = page.split('<script type="application/json"')[0]
    assert "<script>window" not in page
    assert "<img" not in body
    assert "&lt;script&gt;" in body and "&lt;img src=x onerror=" in body
    data = re.search(r'<script type="application/json" id="findings-data">(.*?)</script>', page, re.S).group(1)
    assert "<" not in data and "</" not in data
    payload = json.loads(data)
    assert any('"><img' in f["quote"] for f in payload["findings"])
    # the page has exactly two scripts: the JSON block and the inline viewer
    assert page.count("<script") == 2


def test_html_has_toc_highlights_legend_and_filters(tmp_path):
    r = _result_with_findings(tmp_path)
    page = html_report.render(r)
    assert page.count('class="hl ') >= 1
    assert 'data-filter="s-warning"' in page and 'data-filter="r-placeholder_leftover"' in page
    assert "目次" in page and "凡例" in page and "@page{size:A4" in page
    assert 'id="rel-' in page  # related span anchor
    assert "http://" not in page and "https://" not in page  # self-contained


def test_html_for_failed_file(tmp_path):
    p = tmp_path / "bad.pdf"
    p.write_bytes(b"garbage")
    page = html_report.render(analyze_path(p))
    assert "読み込めませんでした" in page


def test_batch_outputs_cache_and_failures(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(XSS, encoding="utf-8")
    (src / "b.txt").write_text(XSS.replace("速やかに", "直ちに"), encoding="utf-8")
    (src / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    out = tmp_path / "out"
    inputs = collect_inputs([src])
    summaries, interrupted = run_batch(inputs, BatchOptions(out=out, jobs=1))
    assert not interrupted
    assert [s.source for s in summaries] == ["a.txt", "b.txt", "broken.pdf"]
    for name in ("a.txt.json", "a.txt.html", "b.txt.json", "index.html", "summary.xlsx", "summary.txt", "failed.txt"):
        assert (out / name).exists(), name
    assert "broken.pdf" in (out / "failed.txt").read_text(encoding="utf-8")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="a.txt.html"' in index and "失敗" in index

    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.load_workbook(out / "summary.xlsx")
    ws = wb["指摘一覧"]
    n_json = sum(len(json.loads((out / f"{n}.json").read_text(encoding="utf-8"))["findings"])
                 for n in ("a.txt", "b.txt", "broken.pdf"))
    assert ws.max_row - 1 == n_json
    assert [c.value for c in ws[1]][-1] == "対応状況"
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    assert wb["ファイル状況"].max_row == 4

    # rerun: unchanged files come from the cache, a changed one is rescanned
    (src / "b.txt").write_text(XSS + "\n（附則）\n", encoding="utf-8")
    again, _ = run_batch(inputs, BatchOptions(out=out, jobs=1))
    cached = {s.source: s.cached for s in again}
    assert cached == {"a.txt": True, "b.txt": False, "broken.pdf": False}


def test_batch_parallel_matches_serial(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(4):
        (src / f"d{i}.txt").write_text(XSS.replace("契約", f"契約{i}"), encoding="utf-8")
    one, _ = run_batch(collect_inputs([src]), BatchOptions(out=tmp_path / "o1", jobs=1, use_cache=False))
    two, _ = run_batch(collect_inputs([src]), BatchOptions(out=tmp_path / "o2", jobs=2, use_cache=False))
    assert [(s.source, len(s.findings)) for s in one] == [(s.source, len(s.findings)) for s in two]


def test_ctrl_c_keeps_finished_outputs(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"d{i}.txt").write_text(XSS, encoding="utf-8")
    out = tmp_path / "out"
    seen = []

    def progress(s):
        seen.append(s.source)
        if len(seen) == 2:
            raise KeyboardInterrupt

    summaries, interrupted = run_batch(collect_inputs([src]), BatchOptions(out=out, jobs=1, use_cache=False),
                                       progress=progress)
    assert interrupted
    assert [s.source for s in summaries] == ["d0.txt", "d1.txt"]
    for name in ("d0.txt.json", "d1.txt.json", "d1.txt.html", "index.html", "summary.txt"):
        assert (out / name).exists(), name
    assert not (out / "d2.txt.json").exists()
    assert not list(out.glob("*.part"))
    assert "中断" in (out / "index.html").read_text(encoding="utf-8")
