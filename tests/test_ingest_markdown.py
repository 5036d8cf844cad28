"""Markdown ingest (shinsa.ingest.markdown): markup -> the TXT convention, offsets -> source lines."""

from __future__ import annotations

import re

import pytest

from shinsa.ingest.markdown import inline, read_markdown
from shinsa.structure import parse

PATH_KINDS = {"article", "paragraph", "item", "subitem", "appendix"}


def _doc(md: str):
    return read_markdown(md.encode("utf-8"), "t.md")


def _paths(doc) -> list[str]:
    return [c.path for c in parse(doc) if c.kind in PATH_KINDS]


def _articles(doc) -> list[tuple[str, str | None]]:
    return [(c.path, c.caption) for c in parse(doc) if c.kind == "article"]


@pytest.mark.parametrize("heading", ["### 第1条（目的）", "### 第1条 目的", "## 第１条　（目的）",
                                     "#### **第1条（目的）**", "**第1条（目的）**"])
def test_article_heading_forms(heading):
    doc = _doc(f"# 業務委託契約書\n\n{heading}\n\n本契約は、業務の委託について定める。\n")
    assert _articles(doc) == [("第1条", "（目的）")], doc.text
    assert "#" not in doc.text and "*" not in doc.text


def test_title_chapter_and_captions_read_like_txt():
    doc = _doc("# 個人情報取扱特記事項\n\n## 第1章 総則\n\n### 第1条（目的）\n\n乙は、次のとおり定める。\n")
    lines = doc.text.splitlines()
    assert lines[0] == "個人情報取扱特記事項"
    assert "第1章\u3000総則" in lines
    i = lines.index("（目的）")
    assert lines[i + 1] == "第1条\u3000乙は、次のとおり定める。"
    kinds = [(c.kind, c.path) for c in parse(doc)]
    assert ("chapter", "第1章") in kinds and ("title", "題名") in kinds


def test_repeated_one_under_article_are_paragraphs():
    doc = _doc("# 契約書\n\n### 第1条（秘密保持）\n\n1. 乙は、秘密を保持する。\n1. 乙は、従事者にも保持させる。\n"
               "1. 前二項の規定は、契約終了後も効力を有する。\n")
    assert _paths(doc) == ["第1条", "第1条第1項", "第1条第2項", "第1条第3項"]


def test_list_after_kakugo_lead_is_items():
    md = ("# 契約書\n\n### 第2条（定義）\n\nこの契約において、次の各号に掲げる用語の意義は、当該各号に定めるところによる。\n\n"
          "1. 個人情報　個人に関する情報\n1. 従事者　乙の指揮監督を受ける者\n")
    assert _paths(_doc(md)) == ["第2条", "第2条第1項", "第2条第1項第1号", "第2条第1項第2号"]


def test_items_nested_under_a_paragraph_list_item():
    md = ("# 契約書\n\n### 第3条（解除）\n\n"
          "1. 甲は、乙が次の各号のいずれかに該当するときは、契約を解除することができる。\n"
          "   1. 契約に違反したとき。\n"
          "   1. 破産手続開始の申立てがあったとき。\n"
          "1. 前項の解除により乙に損害が生じても、甲は賠償しない。\n")
    assert _paths(_doc(md)) == ["第3条", "第3条第1項", "第3条第1項第1号", "第3条第1項第2号", "第3条第2項"]


def test_bullets_after_announcing_lead_are_items_otherwise_lines():
    md = ("# 仕様書\n\n### 第4条（設備）\n\n乙は、次に掲げる設備を備えること。\n\n- 非常用発電機\n- 無停電電源装置\n\n"
          "### 第5条（備考）\n\n乙は、作業の記録を残す。\n\n* 紙の記録は施錠保管する\n")
    doc = _doc(md)
    assert _paths(doc) == ["第4条", "第4条第1項", "第4条第1項第1号", "第4条第1項第2号", "第5条", "第5条第1項"]
    assert "* 紙の記録は施錠保管する" in doc.text.splitlines()  # the bullet as written, as a TXT copy has it


def test_distinct_list_numbers_kept_as_written():
    """A drafting gap (1, 3) must stay visible to numbering_gap; a repeated 「1.」 is counted."""
    doc = _doc("# 契約書\n\n### 第1条（報告）\n\n1. 乙は、報告する。\n3. 甲は、確認する。\n")
    assert "3\u3000甲は、確認する。" in doc.text.splitlines()


def test_markup_removed_blanks_kept():
    md = ("---\ntitle: x\nlayout: page\n---\n<!-- 作成メモ：\n差し替え予定 -->\n# 契約書\n\n"
          "**東山市**（以下「甲」という。）と[株式会社みなと](https://example.jp)（以下「乙」という。）は、"
          "`別紙`のとおり合意する。<!-- 要確認 -->\n\n"
          "令和＿＿年＿＿月＿＿日　住所____　氏名 \\*\n")
    doc = _doc(md)
    assert doc.text.splitlines()[0] == "契約書"
    assert "東山市（以下「甲」という。）と株式会社みなと（以下「乙」という。）は、別紙のとおり合意する。" in doc.text
    assert "令和＿＿年＿＿月＿＿日　住所____　氏名 *" in doc.text
    assert "title:" not in doc.text and "作成メモ" not in doc.text and "要確認" not in doc.text


@pytest.mark.parametrize("s, want", [("**強調**です", "強調です"), ("__強調__", "強調"), ("*斜体*", "斜体"),
                                     ("＿＿＿＿", "＿＿＿＿"), ("____", "____"), ("a_b_c", "a_b_c"),
                                     ("![図](x.png)", "図"), ("1\\. 項", "1. 項"), ("A&amp;B", "A&B"),
                                     ("**　東山市**", "**　東山市**")])
def test_inline(s, want):
    assert inline(s) == want


def test_soft_breaks_joined_unless_a_label_follows():
    md = "# 契約書\n\n### 第1条（目的）\n\n本契約は、甲が乙に\n委託する業務について定める。\n２　乙は、誠実に行う。\n"
    doc = _doc(md)
    assert "第1条\u3000本契約は、甲が乙に委託する業務について定める。" in doc.text.splitlines()
    assert _paths(doc) == ["第1条", "第1条第1項", "第1条第2項"]


def test_pipe_table_rows_become_cells():
    md = ("# 仕様書\n\n### 第1条（体制）\n\n乙は、別表第1の体制を置く。\n\n## 別表第1（第1条関係）\n\n"
          "| 区分 | 人数 |\n|:---|---:|\n| 監視要員 | 3名以上<br>（夜間2名） |\n")
    doc = _doc(md)
    assert "監視要員\u30003名以上（夜間2名）" in doc.text.splitlines()
    assert "別表第1" in _paths(doc)


def test_source_map_points_at_markdown_lines():
    md = ("# 契約書\n\n<!-- c -->\n### 第1条（目的）\n\n1. 本契約は、委託について\n   定める。\n1. 乙は、誠実に行う。\n")
    src = md.split("\n")
    doc = _doc(md)
    for span in doc.spans:
        # a list marker becomes a label: 「1.」 -> 「2　」 (counted), everything else is source text
        piece = re.sub(r"^(?:\d+|\(\d+\))\u3000", "", doc.text[span.start:span.end]).strip("\u3000")
        assert span.line is not None and 1 <= span.line <= len(src)
        assert piece and piece in src[span.line - 1], (piece, span)
    assert doc.locate(doc.text.index("定める")).line == 7
    assert doc.locate(doc.text.index("第1条")).line == 4     # the label comes from the heading line
    assert doc.locate(doc.text.index("乙は")).line == 8


def test_setext_title_and_code_block():
    doc = _doc("業務委託契約書\n=======\n\n```\n第9条　これはコード\n```\n")
    assert doc.text.splitlines()[0] == "業務委託契約書"
    assert "第9条　これはコード" in doc.text


def test_template_findings_do_not_cite_own_articles_as_dangling():
    """issue 13: headings not read as articles made every 第N条 a dangling_reference."""
    from shinsa.scan import analyze_document

    md = ("# 業務委託契約書\n\n甲と乙は、次のとおり契約を締結する。\n\n"
          + "".join(f"### 第{n}条（条項{n}）\n\n1. 乙は、第{n % 3 + 1}条の定めに従う。\n1. 前項の場合も同じとする。\n\n"
                    for n in range(1, 4)))
    res = analyze_document(_doc(md))
    assert not [f for f in res.findings if f.rule == "dangling_reference"], [f.quote for f in res.findings]


def test_article_heading_followed_directly_by_items():
    """「#### 第5条（定義）」 then 「(1) …」 lines: the items belong to the article, not to its label line."""
    md = ("# ガイドライン\n\n#### 第5条（定義）\n(1) 「AI」とは、機械学習等の技術を用いて、\n"
          "    人間の知的行動を支援するシステムをいう。\n(2) 「生成AI」とは、AIのうち生成を行うものをいう。\n")
    doc = _doc(md)
    assert _paths(doc) == ["第5条", "第5条第1項", "第5条第1項第1号", "第5条第1項第2号"]
    assert "(1) 「AI」とは、機械学習等の技術を用いて、人間の知的行動を支援するシステムをいう。" in doc.text


def test_bullets_after_ika_no_are_items():
    md = "# 規約\n\n### 第3条（禁止事項）\n利用者は、以下の行為を行ってはなりません。\n\n- 法令に反する行為\n- 迷惑行為\n"
    assert _paths(_doc(md)) == ["第3条", "第3条第1項", "第3条第1項第1号", "第3条第1項第2号"]


def test_line_after_a_sentence_end_is_a_new_line():
    """One paragraph per source line, as Japanese drafters type it: 「。」 ends the line."""
    md = "# 規約\n\n### 第1条（目的）\n本規約は、利用条件を定める。\n利用者は、本規約に従う。\n"
    lines = _doc(md).text.splitlines()
    assert "第1条\u3000本規約は、利用条件を定める。" in lines and "利用者は、本規約に従う。" in lines


def test_heading_that_mentions_an_article_is_no_article():
    doc = _doc("# 解説\n\n## 第1条の趣旨\n\n本条は目的を定める。\n")
    assert _articles(doc) == [] and "第1条の趣旨" in doc.text.splitlines()


def test_real_template_layouts_read_like_their_txt():
    """Issue 12: an article line typed as text, a heading section, blank-separated paragraphs and
    nested bullets give the clause tree of the same text typed as TXT."""
    from shinsa.ingest.text import read_text

    body = ("第3条（個別契約）\n\n1. 甲と乙は、個別契約を締結する。\n1. 個別契約は、次の事項を定める。\n"
            "  1. 委託業務の内容\n  1. 納入期限\n1. 前項の事項は書面で定める。\n")
    md = _doc("# 基本契約書\n\n" + body)
    assert _paths(md) == ["第3条", "第3条第1項", "第3条第2項", "第3条第2項第1号", "第3条第2項第2号", "第3条第3項"]
    terms = ("利用規約\n\n利用停止\n当社は、次のいずれかのときは、利用を停止します。\n\n"
             "- 料金を支払わないとき。\n    - 支払期日を過ぎたとき。\n- 規約に反したとき。\n\n"
             "当社は、前項の停止を通知します。\n\n管轄\n紛争は、当社の本店所在地の裁判所の管轄とします。\n")
    txt = read_text(terms.encode("utf-8"), "t.txt")
    md = _doc(terms.replace("利用規約\n", "# 利用規約\n").replace("利用停止\n", "### 利用停止\n")
              .replace("管轄\n", "### 管轄\n"))
    want = [(c.kind, c.path) for c in parse(txt)]
    assert [(c.kind, c.path) for c in parse(md)] == want
    assert ("subitem", "利用停止第1項第1号(1)") in want and ("paragraph", "利用停止第2項") in want


def _txt_tree(text: str):
    from shinsa.ingest.text import read_text

    return [(c.kind, c.path) for c in parse(read_text(text.encode("utf-8"), "t.txt"))]


def test_heading_or_table_ends_an_announcing_lead():
    """「…は以下のとおりです。」, a table, then a heading and a list: the list holds the new
    section's paragraphs, not items announced by the lead above the table (real ds_paspit)."""
    md = ("# 方針\n\n### 8.委託\n当社は、次のサービスを利用しています。以下のとおりです。\n\n| 名称 | 目的 |\n|---|---|\n"
          "| A | 保管 |\n\n### 9.開示\n1. 当社は、請求があれば開示します。\n2. 当社は、訂正にも応じます。\n")
    paths = _paths(_doc(md))
    assert "9.開示第2項" in paths and not [p for p in paths if p.startswith("9.開示") and "号" in p], paths


def test_line_left_of_an_indented_list_is_a_new_paragraph():
    """「    - …場合」 then 「前項の定めにかかわらず…」 at the margin: the TXT of the same lines reads
    a second paragraph, not a lazy continuation of the last bullet (real rf_app_privacy 第6条)."""
    body = ("第6条（開示）\n\n当社は、開示します。ただし、次のいずれかに該当する場合は開示しません。\n"
            "    - 権利利益を害するおそれがある場合\n    - 法令に違反する場合\n"
            "前項の定めにかかわらず、履歴情報は開示しません。\n")
    want = _txt_tree("規約\n\n" + body)
    assert ("paragraph", "第6条第2項") in want
    assert [(c.kind, c.path) for c in parse(_doc("# 規約\n\n## " + body))] == want


def test_list_nested_in_an_item_reads_like_its_txt():
    """A numbered list under an item (号) keeps its numbers: the subitems of the TXT copy
    (「第4号1.」), and bullets keep their marker, so quotes are those of the TXT."""
    body = ("第5条（提供）\n\n1. 当社は、次に掲げる場合を除いて、提供しません。\n"
            "   1. 法令に基づく場合\n   2. 次の事項を届け出たとき\n      1. 利用目的\n      2. 項目\n"
            "2. 前項にかかわらず、次に掲げる場合は第三者に該当しません。\n   - 委託する場合\n   - 承継する場合\n")
    want = _txt_tree("方針\n\n" + body)
    assert ("subitem", "第5条第1項第2号1.") in want and ("item", "第5条第2項第2号") in want
    doc = _doc("# 方針\n\n## " + body)
    assert [(c.kind, c.path) for c in parse(doc)] == want
    assert "- 委託する場合" in doc.text.splitlines()


def test_hard_wrapped_markdown_keeps_short_lines_and_reads_like_its_txt():
    """A source wrapped at a width (real hicre_itaku): wrapped breaks are joined as soft breaks,
    but 「委託者（以下「甲」という）」 / 「住所：…」 / 「会社名：…」 stay lines (the TXT's lines), so
    the name of 甲 is the 会社名 line, not one run-on line."""
    from test_ingest_text import WRAPPED

    from shinsa.ingest.text import read_text

    doc = _doc(WRAPPED)
    txt = read_text(WRAPPED.encode("utf-8"), "t.txt")
    lines = doc.text.splitlines()
    assert "委託者（以下「甲」という）" in lines and "会社名：株式会社みなと" in lines
    assert "協議によっても解決しない" in doc.text
    assert [(c.kind, c.path) for c in parse(doc)] == [(c.kind, c.path) for c in parse(txt)]


def test_one_again_after_a_bullet_list_continues_the_paragraphs():
    """「1.」「2.」, a 「- 」 list, then 「1.」: a renderer restarts the count, the reader (and the TXT
    copy) goes on with paragraph 3 (real strollia_terms)."""
    body = ("第3条（内容）\n\n1. 本アプリは、記録を表示します。\n2. 本アプリは、次の機能を提供します。\n"
            "- 記録\n- 表示\n1. 運営者は、機能を変更できるものとします。\n")
    want = _txt_tree("利用規約\n\n" + body)
    assert ("paragraph", "第3条第3項") in want
    doc = _doc("# 利用規約\n\n# **" + body.replace("\n", "**\n", 1))
    assert [(c.kind, c.path) for c in parse(doc)] == want


def test_a_caption_line_under_an_article_heading_leaves_its_list_the_paragraphs():
    from shinsa.facts import build_facts
    from shinsa.ingest import ingest

    import tempfile
    from pathlib import Path

    md = ("# 利用規約\n\n### 第7条\n\n（情報セキュリティ）\n\n1. 当社は、認証を取得しています。\n\n"
          "2. 当社は、バックアップを毎日取得します。\n")
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "t.md"
        p.write_text(md, encoding="utf-8")
        f = build_facts(ingest(p))
    assert [c.path for c in f.clauses if c.kind == "paragraph"] == ["第7条第1項", "第7条第2項"]
    assert next(c.caption for c in f.clauses if c.kind == "article") == "（情報セキュリティ）"
