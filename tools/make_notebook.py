"""Write notebooks/walkthrough.ipynb (kept as code so the notebook stays reviewable)."""

from pathlib import Path

import nbformat as nbf

ROOT = Path(__file__).resolve().parent.parent

cells = [
    nbf.v4.new_markdown_cell(
        "# shinsa の流れ — 草案1件を点検する\n\n"
        "取り込み → 条項構造 → 形態素解析 → 分析（定義・参照・当事者）→ 点検 の各段階を、"
        "サンプル草案で順に確認します。テスト（`tests/test_notebook.py`）がこのノートブックを実行します。"),
    nbf.v4.new_code_cell(
        "from pathlib import Path\n"
        "import sys\n"
        "ROOT = Path.cwd().parent if Path.cwd().name == 'notebooks' else Path.cwd()\n"
        "sys.path.insert(0, str(ROOT))\n"
        "from shinsa.ingest import ingest\n"
        "from shinsa.scan import analyze_document\n"
        "drafts = sorted((ROOT / 'corpora' / 'drafts').glob('*.txt'))\n"
        "path = next((p for p in drafts if p.stem == 'kojin_joho_tokki'), drafts[0])\n"
        "doc = ingest(path)\n"
        "print(path.name, doc.format, len(doc.text), 'chars')\n"
        "print(doc.text[:300])"),
    nbf.v4.new_markdown_cell("## 条項ツリー\n\n各ノードの正規化パス（第3条第2項第1号）、見出し、書かれたままのラベル。"),
    nbf.v4.new_code_cell(
        "result = analyze_document(doc)\n"
        "facts = result.facts\n"
        "for c in facts.clauses:\n"
        "    if c.kind in ('article', 'paragraph', 'item', 'chapter', 'appendix'):\n"
        "        print('  ' * c.depth + f'{c.path:24s} {c.kind:9s} {c.label} {c.caption or \"\"}')\n"
        "assert any(c.kind == 'article' for c in facts.clauses)"),
    nbf.v4.new_markdown_cell("## 指摘事項\n\nルール、重大度、条項、引用、メッセージ、修正案。"),
    nbf.v4.new_code_cell(
        "from collections import Counter\n"
        "print(Counter(f.rule for f in result.findings))\n"
        "for f in result.findings[:25]:\n"
        "    print(f'{f.severity:7s} {f.rule:24s} {f.clause or \"-\":18s} 「{f.quote}」 {f.message}')"),
    nbf.v4.new_markdown_cell("## 形態素（Sudachi の正規化形）\n\n表記ゆれ（すみやかに／速やかに）は正規化形で照合します。"),
    nbf.v4.new_code_cell(
        "s = facts.sentences[min(5, len(facts.sentences) - 1)]\n"
        "print(doc.text[s.start:s.end])\n"
        "print([(t.surface, t.norm, t.pos) for t in s.tokens][:20])"),
]
nb = nbf.v4.new_notebook(cells=cells, metadata={
    "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
    "language_info": {"name": "python"}})
(ROOT / "notebooks").mkdir(exist_ok=True)
nbf.write(nb, ROOT / "notebooks" / "walkthrough.ipynb")
print("wrote notebooks/walkthrough.ipynb")
