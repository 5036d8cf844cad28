"""Clause tree: label styles, captions, sequencing traps, 附則 / 別表 / 目次, statute accuracy."""

from __future__ import annotations

import pytest
from conftest import LAWS

from shinsa.ingest.text import read_text
from shinsa.structure import parse


def _doc(text: str):
    return read_text(text.encode("utf-8"), "draft.txt")


def _tree(text: str):
    doc = _doc(text)
    clauses = parse(doc)
    return doc, clauses, {c.path: c for c in clauses}


def _at(doc, clause, n: int = 6) -> str:
    return doc.text[clause.start:clause.start + n]


def _check_invariants(doc, clauses):
    for i, c in enumerate(clauses):
        assert 0 <= c.start <= c.end <= len(doc.text), c
        if c.parent is not None:
            p = clauses[c.parent]
            assert c.parent < i
            assert p.start <= c.start and c.end <= p.end, (p.path, c.path)
            assert c.depth == p.depth + 1
        else:
            assert c.depth == 0
        if i:
            assert clauses[i - 1].start <= c.start
    assert len({c.path for c in clauses}) == len(clauses)


# --------------------------------------------------------------------------- articles

@pytest.mark.parametrize("line, label, caption, body", [
    ("第1条　この契約は、委託について定める。", "第1条", None, "この契約は"),
    ("第一条　この契約は、委託について定める。", "第一条", None, "この契約は"),
    ("第１条　この契約は、委託について定める。", "第１条", None, "この契約は"),
    ("第1条（契約の目的）本契約は、委託について定める。", "第1条", "（契約の目的）", "本契約は"),
    ("第１条（目的）　この契約は、委託について定める。", "第１条", "（目的）", "この契約は"),
    ("第1条 (目的) この契約は、委託について定める。", "第1条", "(目的)", "この契約は"),
    ("　第1条　この契約は、委託について定める。", "第1条", None, "この契約は"),
    ("第十二条　この契約は、委託について定める。", "第十二条", None, "この契約は"),
])
def test_article_label_styles(line, label, caption, body):
    doc, clauses, by = _tree(f"委託契約書\n\n{line}\n２　乙は、報告する。\n")
    n = 12 if "十二" in label else 1
    art = by[f"第{n}条"]
    assert art.kind == "article" and art.label == label and art.caption == caption
    assert art.start == doc.text.index(label)  # no caption line: starts at the label
    p1 = by[f"第{n}条第1項"]
    assert doc.text[p1.start:].startswith(body)
    p2 = by[f"第{n}条第2項"]
    assert p2.label == "２" and doc.text[p2.start] == "２"
    assert art.num == (n,)
    _check_invariants(doc, clauses)


def test_caption_on_previous_line_starts_the_article():
    doc, _clauses, by = _tree("（目的）\n第1条　この契約は、委託について定める。\n（秘密の保持）\n第2条　乙は、秘密を保持する。\n")
    a1, a2 = by["第1条"], by["第2条"]
    assert a1.caption == "（目的）" and a1.start == 0 and a1.label_start == doc.text.index("第1条")
    assert a2.caption == "（秘密の保持）" and doc.text[a2.start:].startswith("（秘密の保持）")
    # the caption of the next article is not part of the previous one
    assert doc.text[a1.start:a1.end].endswith("定める。")
    assert doc.text[by["第1条第1項"].start:].startswith("この契約は")


def test_caption_with_space_on_label_line_and_body_on_next_line():
    doc, _clauses, by = _tree("第1条 (目的)\n本契約は、委託について定める。\n第2条　（定義）\n　本契約において、次のとおり定める。\n")
    assert by["第1条"].caption == "(目的)"
    assert doc.text[by["第1条第1項"].start:].startswith("本契約は")
    assert by["第2条"].caption == "（定義）"
    assert doc.text[by["第2条第1項"].start:].startswith("本契約において")


def test_branch_articles_and_ranges():
    text = ("第三条　甲は、乙に委託する。\n第三条の二　乙は、再委託しない。\n"
            "第３条の３　乙は、報告する。\n第百条の二十三　削除\n第百一条及び第百二条　削除\n")
    doc, clauses, by = _tree(text)
    assert by["第3条の2"].num == (3, 2) and by["第3条の2"].label == "第三条の二"
    assert "第3条の3" in by
    assert by["第100条の23"].num == (100, 23)
    assert "第第101条から第第102条まで" in by
    _check_invariants(doc, clauses)


def test_sentence_starting_with_article_reference_is_not_an_article():
    text = ("第1条　甲は、乙に委託する。\n２　乙は、次の義務を負う。\n"
            "第1条の規定にかかわらず、乙は報告する。\n第3条（秘密保持）に定める義務は存続する。\n")
    _, _, by = _tree(text)
    assert [p for p in by if "条" in p and "項" not in p] == ["第1条"]


def test_repeated_article_number_on_a_heading_line_with_its_caption_is_an_article():
    # a Word heading 「第十二条　（指定の取消し）」 repeats the number of the article before it: an article
    # (its own node, so numbering_gap sees the repeat), as with the caption on the line before in TXT
    heading = ("第十一条　（保険）\n乙は、保険に加入しなければならない。\n第二章　取消し\n"
               "第十一条　（指定の取消し）\n甲は、指定を取り消すことができる。\n")
    caption_line = ("（保険）\n第十一条　乙は、保険に加入しなければならない。\n第二章　取消し\n"
                    "（指定の取消し）\n第十一条　甲は、指定を取り消すことができる。\n")
    for text in (heading, caption_line):
        doc, clauses, by = _tree(text)
        assert by["第11条#2"].caption == "（指定の取消し）"
        assert doc.text[by["第11条#2第1項"].start:].startswith("甲は")
        _check_invariants(doc, clauses)
    # a sentence that starts with the number of an earlier article stays a sentence
    _, _, by = _tree("第十一条　（保険）\n乙は、保険に加入する。\n第十一条の規定にかかわらず、乙は報告する。\n")
    assert [p for p in by if "条" in p and "項" not in p] == ["第11条"]


def test_tokki_style_articles_without_jo():
    text = ("個人情報取扱特記事項\n\n（基本的事項）\n第1　乙は、個人情報を適正に取り扱わなければならない。\n"
            "第２　秘密の保持\n　乙は、知り得た個人情報を他人に知らせてはならない。\n"
            "２　前項の規定は、契約終了後も同様とする。\n"
            "第3　乙は、第1項及び第1号の規定を遵守する。\n第1項の規定にかかわらず、甲は検査できる。\n"
            "第5　番号が飛んだ行\n")
    doc, clauses, by = _tree(text)
    arts = [c.path for c in clauses if c.kind == "article"]
    assert arts == ["第1", "第2", "第3"]
    assert by["第1"].caption == "（基本的事項）" and by["第1"].start == doc.text.index("（基本的事項）")
    assert by["第2"].caption == "秘密の保持" and by["第2"].label == "第２"
    assert doc.text[by["第2第1項"].start:].startswith("乙は、知り得た")
    assert by["第2第2項"].label == "２"
    _check_invariants(doc, clauses)


def test_tokki_style_branch_numbers():
    text = ("個人情報取扱特記事項\n\n第１　乙は、安全管理措置を講ずる。\n（要配慮情報）\n"
            "第１の２　乙は、要配慮情報を区分する。\n第２　乙は、第１の２の規定を遵守する。\n"
            "第１の１　順序の戻った行\n")
    doc, clauses, by = _tree(text)
    assert [c.path for c in clauses if c.kind == "article"] == ["第1", "第1の2", "第2"]
    assert by["第1の2"].caption == "（要配慮情報）" and by["第1の2"].label == "第１の２"
    _check_invariants(doc, clauses)


# --------------------------------------------------------------------------- paragraphs

@pytest.mark.parametrize("lab2, lab3", [
    ("２　", "３　"), ("2 ", "3 "), ("2.", "3."), ("２．", "３．"), ("2）", "3）"), ("２)", "３)"),
])
def test_paragraph_label_styles(lab2, lab3):
    text = f"第5条　甲は、乙に委託する。\n{lab2}乙は、報告する。\n{lab3}甲は、検査する。\n"
    doc, clauses, by = _tree(text)
    assert by["第5条第2項"].label == lab2.strip()
    assert by["第5条第3項"].label == lab3.strip()
    assert doc.text[by["第5条第2項"].start:].startswith(lab2.strip())
    assert [c.kind for c in clauses].count("paragraph") == 3


def test_first_paragraph_labelled_one_after_caption_only_article():
    text = "第4条（報告）\n１．乙は、毎月報告する。\n２．甲は、検査する。\n"
    doc, _, by = _tree(text)
    assert by["第4条第1項"].label == "１．" and doc.text[by["第4条第1項"].start] == "１"
    assert by["第4条第2項"].label == "２．"


def test_stray_numbers_are_not_paragraphs():
    text = ("第1条　この契約は、次の日から効力を生ずる。\n2025年4月1日から施行する。\n"
            "3月31日までに報告する。\n２　乙は、報告する。\n5 個の成果物を納入する。\n")
    _, clauses, _by = _tree(text)
    paras = [c.path for c in clauses if c.kind == "paragraph"]
    assert paras == ["第1条第1項", "第1条第2項"]


def test_old_style_unnumbered_paragraphs():
    text = ("第二条　地方公共団体は、法人とする。\n　普通地方公共団体は、事務を処理する。\n"
            "　市町村は、基礎的な地方公共団体とする。\n　一　法定受託事務\n　二　自治事務\n"
            "　都道府県は、広域の地方公共団体とする。\n")
    doc, _, by = _tree(text)
    assert doc.text[by["第2条第2項"].start:].startswith("普通地方公共団体")
    assert "第2条第3項第2号" in by
    assert doc.text[by["第2条第4項"].start:].startswith("都道府県")


# --------------------------------------------------------------------------- items

@pytest.mark.parametrize("l1, l2", [
    ("（１）", "（２）"), ("(1) ", "(2) "), ("1) ", "2) "), ("一　", "二　"), ("　一　", "　二　"),
    ("ア　", "イ　"), ("①", "②"),
])
def test_item_label_styles(l1, l2):
    text = f"第7条　乙は、次に掲げる事項を守る。\n{l1}秘密の保持\n{l2}再委託の禁止\n２　甲は、検査する。\n"
    doc, clauses, by = _tree(text)
    i1, i2 = by["第7条第1項第1号"], by["第7条第1項第2号"]
    assert i1.kind == i2.kind == "item"
    assert i1.label == l1.strip() and i2.label == l2.strip()
    assert i1.start == doc.text.index(l1.strip()) and i2.num == (2,)
    assert "第7条第2項" in by
    _check_invariants(doc, clauses)


def test_subitems_and_branch_items():
    text = ("第9条　次に掲げる者は、申請できない。\n　一　法人\n　二　個人\n　　イ　成年者\n　　ロ　未成年者\n"
            "　　　（１）　法定代理人があるもの\n　　　（２）　ないもの\n　二の二　外国法人\n　三　団体\n")
    doc, clauses, by = _tree(text)
    assert by["第9条第1項第2号イ"].kind == "subitem"
    assert by["第9条第1項第2号ロ(1)"].label == "（１）"
    assert by["第9条第1項第2号の2"].num == (2, 2) and by["第9条第1項第2号の2"].label == "二の二"
    assert "第9条第1項第3号" in by
    _check_invariants(doc, clauses)


def test_paren_subitems_under_paren_items():
    text = ("第6条　乙は、次の措置を講ずる。\n（１）組織的措置\n　（ア）責任者の選任\n　（イ）規程の整備\n"
            "（２）技術的措置\n　①　アクセス制御\n　②　暗号化\n　　(i) 保存時\n　　(ii) 通信時\n")
    _, _clauses, by = _tree(text)
    assert by["第6条第1項第1号(ア)"].label == "（ア）"
    assert by["第6条第1項第2号②(ii)"].kind == "subitem"


def test_kanji_items_stay_inside_articles_and_keep_their_written_numbers():
    text = ("契約書\n\n一　委託業務名　庁舎清掃\n二　履行期間　一年\n\n"
            "第1条　乙は、次に掲げる業務を行う。\n一　清掃\n三　警備\n二　点検\n")
    doc, clauses, by = _tree(text)
    items = [c.path for c in clauses if c.kind in ("item", "subitem")]
    # out of order in the list layout: each line is its own item, numbered as written
    assert items == ["第1条第1項第1号", "第1条第1項第3号", "第1条第1項第2号"]
    assert doc.text[by["第1条第1項第2号"].start:].startswith("二　点検")
    assert doc.text[by["第1条第1項第3号"].start:by["第1条第1項第3号"].end] == "三　警備"
    assert by["前文"].kind == "preamble"


_ITEM_INTRO = "第8条　乙は、次に掲げる事項を遵守しなければならない。\n"


@pytest.mark.parametrize("labels, paths", [
    (["（１）", "（２）", "（４）"], ["第1号", "第2号", "第4号"]),          # skip
    (["（１）", "（２）", "（２）"], ["第1号", "第2号", "第2号#2"]),        # repeat
    (["(1) ", "(2) ", "(3) ", "(5) "], ["第1号", "第2号", "第3号", "第5号"]),
    (["1) ", "2) ", "4) "], ["第1号", "第2号", "第4号"]),
    (["1) ", "2) ", "2) "], ["第1号", "第2号", "第2号#2"]),
    (["一　", "二　", "四　"], ["第1号", "第2号", "第4号"]),
    (["　一　", "　二　", "　二　"], ["第1号", "第2号", "第2号#2"]),
    (["ア　", "イ　", "エ　"], ["第1号", "第2号", "第4号"]),
    (["イ　", "ロ　", "ニ　"], ["第1号", "第2号", "第4号"]),
])
@pytest.mark.parametrize("ending", ["すること。", "の禁止"])
def test_item_label_that_skips_or_repeats_gets_its_own_node(labels, paths, ending):
    bodies = ["秘密の保持", "目的外利用", "複写", "持出し"]
    lines = [f"{lab}{bodies[i]}{ending}" for i, lab in enumerate(labels)]
    text = _ITEM_INTRO + "\n".join(lines) + "\n２　甲は、検査することができる。\n"
    doc, clauses, by = _tree(text)
    items = [c for c in clauses if c.kind == "item"]
    assert [c.path for c in items] == ["第8条第1項" + p for p in paths]
    last = items[-1]
    # the out-of-sequence line is not folded into the previous item, and holds only its own line
    assert doc.text[last.start:last.end] == lines[-1].strip("\u3000")
    assert last.label == labels[-1].strip()
    assert doc.text[items[-2].start:items[-2].end] == lines[-2].strip("\u3000")
    assert by["第8条第2項"].label == "２"
    _check_invariants(doc, clauses)


@pytest.mark.parametrize("rows", [
    # a table inside an item list: cells separated by U+3000, no sentence
    ["（１）　秘密を保持すること。", "（２）　次の表のとおり点検すること。", "（５）　端末　随時"],
    ["一　秘密を保持すること。", "二　次の表のとおり点検すること。", "五　端末　随時　担当課"],
    # a date or a counter after the label
    ["（１）　秘密を保持すること。", "（２）　次の日までに報告すること。", "（５）　2025年4月1日"],
    ["一　秘密を保持すること。", "二　記録は、次の期間保存すること。", "五　年間"],
    # a cross reference continued on the next line
    ["（１）　秘密を保持すること。", "（２）　前条第１項（１）から（３）まで及び", "（５）　に定める措置"],
])
def test_out_of_sequence_label_that_is_not_an_item(rows):
    text = _ITEM_INTRO + "\n".join(rows) + "\n２　甲は、検査することができる。\n"
    doc, clauses, by = _tree(text)
    assert [c.path for c in clauses if c.kind == "item"] == ["第8条第1項第1号", "第8条第1項第2号"]
    i2 = by["第8条第1項第2号"]
    assert doc.text[i2.start:i2.end].endswith(rows[-1])
    _check_invariants(doc, clauses)


def test_repeated_item_in_a_list_whose_items_all_have_cells():
    """就業規則 style: (4) 実養父母の死亡　5日 / (4) 祖父母の死亡　2日 — every item has a cell."""
    text = ("第24条　会社は、次の場合に慶弔休暇を与える。\n(1) 本人の結婚　　5日\n(2) 配偶者の出産　2日\n"
            "(3) 子女の死亡　5日\n(3) 祖父母の死亡　　2日\n(4) 子の結婚　　2日\n２　慶弔休暇は有給とする。\n")
    doc, clauses, by = _tree(text)
    assert [c.path for c in clauses if c.kind == "item"] == [
        "第24条第1項第1号", "第24条第1項第2号", "第24条第1項第3号", "第24条第1項第3号#2", "第24条第1項第4号"]
    rep = by["第24条第1項第3号#2"]
    assert doc.text[rep.start:rep.end] == "(3) 祖父母の死亡　　2日" and rep.num == (3,)


def test_indented_body_lines_belong_to_their_item_not_to_new_paragraphs():
    text = ("第2条（委託業務）\n委託業務について、次のとおりとする。\n（1）委託期間\n"
            "　　　令和8年5月30日から令和18年5月30日までとする。\n（2）善管注意義務\n"
            "　　　乙は、善良なる管理者の注意をもって遂行するものとする。\n（3）その他の条件\n〇〇〇〇\n"
            "第3条（協議）\n甲乙協議の上定める。\n")
    doc, clauses, by = _tree(text)
    assert [c.path for c in clauses if c.path.startswith("第2条") and c.kind != "article"] == [
        "第2条第1項", "第2条第1項第1号", "第2条第1項第2号", "第2条第1項第3号"]
    i1 = by["第2条第1項第1号"]
    assert doc.text[i1.start:i1.end].endswith("までとする。")
    _check_invariants(doc, clauses)


def test_addressee_line_is_not_the_title():
    doc, clauses, by = _tree("株式会社estra御中\nプログラミングスクール申込書\n私は、次のとおり申し込みます。\n"
                             "第1条（適用）\n本規約は、受講契約に適用する。\n")
    assert by["題名"].label == "プログラミングスクール申込書"
    assert doc.text[by["前文"].start:].startswith("私は")
    _check_invariants(doc, clauses)


def test_numbered_table_rows_are_not_paragraphs():
    for indent in ("", "　"):
        rows = [f"{indent}番号　対象　頻度", f"{indent}1　サーバ　毎月", f"{indent}2　ネットワーク　毎年",
                f"{indent}5　端末　随時"]
        text = "第8条　乙は、次の表のとおり点検する。\n" + "\n".join(rows) + "\n２　甲は、検査する。\n"
        doc, clauses, by = _tree(text)
        assert [c.path for c in clauses if c.kind == "paragraph"] == ["第8条第1項", "第8条第2項"]
        assert doc.text[by["第8条第2項"].start:].startswith("２　甲は")
        assert "5　端末" in doc.text[by["第8条第1項"].start:by["第8条第1項"].end]


def test_wrapped_line_starting_with_a_label_is_not_an_item():
    """PDF text wrapped at a fixed width: a line may start with （５） in mid-sentence."""
    width = 34
    filler = "乙は、この契約による事務を処理するに当たり、個人情報の保護に関する法令を遵守し、" * 12
    wrapped = [filler[i:i + width] for i in range(0, width * 20, width)]
    item3 = "（３）　乙は、再委託先に対し、同等の安全管理措置を講じさせ、実施状況を別表"
    item3 = item3 + "第" * (width - len(item3))
    text = (_ITEM_INTRO + "\n".join(wrapped) + "\n（１）　秘密を保持すること。\n（２）　複写しないこと。\n"
            + item3 + "\n（５）　欄の様式で報告させること。\n２　甲は、検査することができる。\n")
    doc, clauses, by = _tree(text)
    assert [c.path for c in clauses if c.kind == "item"] == ["第8条第1項第1号", "第8条第1項第2号", "第8条第1項第3号"]
    assert doc.text[by["第8条第1項第3号"].start:by["第8条第1項第3号"].end].endswith("欄の様式で報告させること。")
    # the same line after a short (unwrapped) item line is an item
    short = text.replace(item3, "（３）　実施状況を報告させること")
    _doc2, _clauses2, by2 = _tree(short)
    assert "第8条第1項第5号" in by2


def test_kanji_rows_in_attachments_stay_as_they_are():
    text = ("第1条　乙は、別表第一に掲げる機械を点検する。\n\n別表第一（第一条関係）\n　一　ボイラー\n　二　クレーン\n"
            "　四　移動式クレーン\n　二　デリック\n")
    _doc, clauses, _by = _tree(text)
    assert [c.path for c in clauses if c.kind == "item"] == ["別表第一第1号", "別表第一第2号"]


def test_skipped_and_repeated_items_are_numbering_gaps():
    from shinsa.checks import CheckContext, run_checks
    from shinsa.facts import build_facts
    from shinsa.model import Document
    from shinsa.textnorm import fold

    text = ("第1条　乙は、次に掲げる事項を遵守しなければならない。\n（１）　秘密を保持すること。\n"
            "（２）　複写しないこと。\n（３）　持ち出さないこと。\n（５）　再委託しないこと。\n"
            "２　乙は、次に掲げる事項を報告しなければならない。\n一　事故の内容\n二　被害の状況\n二　再発防止策\n"
            "第2条　甲は、検査することができる。\n")
    f = build_facts(Document(source="t.txt", format="txt", text=text, folded=fold(text)))
    fs = [x for x in run_checks(f, CheckContext(select=frozenset({"numbering_gap"})))]
    got = sorted((x.detail, x.clause, x.quote, x.start) for x in fs)
    assert got == [("repeat", "第1条第2項第2号#2", "二", text.index("二　再発")),
                   ("skip", "第1条第1項第5号", "（５）", text.index("（５）"))]


def test_mixed_digit_items_and_paragraphs():
    text = "第2条（定義）\n本契約の用語は次のとおりとする。\n1) 個人情報\n2) 秘密情報\n2. 乙は前項の定義に従う。\n"
    _, _, by = _tree(text)
    assert by["第2条第1項第2号"].label == "2)"
    assert by["第2条第2項"].label == "2."


# --------------------------------------------------------------------------- 附則 / 別表 / 目次 / title

def test_suppl_plain_and_amendment():
    text = ("第1条　甲は、乙に委託する。\n\n　　　附　則\n　（施行期日）\n第一条　この法律は、公布の日から施行する。\n"
            "　一　第三条の規定　公布の日\n第二条　経過措置は、政令で定める。\n\n"
            "　　　附　則　（平成一五年五月三〇日法律第六一号）　抄\n　この法律は、公布の日から施行する。\n"
            "２　前項の規定は、適用しない。\n\n　　　附　則　（令和四年六月一七日法律第六八号）\n"
            "　（施行期日）\n１　この法律は、施行する。\n")
    doc, clauses, by = _tree(text)
    assert by["附則"].kind == "suppl" and by["附則"].label == "附　則"
    assert by["附則第1条"].caption == "（施行期日）"
    assert "附則第1条第1項第1号" in by and "附則第2条第1項" in by
    amend = "附則（平成一五年五月三〇日法律第六一号）"
    assert by[amend].caption == "平成一五年五月三〇日法律第六一号"
    assert doc.text[by[amend + "第1項"].start:].startswith("この法律は")
    assert by[amend + "第2項"].label == "２"
    p = by["附則（令和四年六月一七日法律第六八号）第1項"]
    assert p.caption == "（施行期日）" and doc.text[p.start:].startswith("（施行期日）")
    _check_invariants(doc, clauses)


def test_appendix_lists_get_items_tables_do_not():
    text = ("第1条　乙は、別表第一に掲げる機械を点検する。\n\n別表第一（第一条関係）\n　一　ボイラー\n　二　クレーン\n\n"
            "別表第二（第一条関係）\n　区分　金額\n　一　厚生労働大臣　健康保険\n\n"
            "別紙1　仕様書\n（１）保守\n（２）運用\n\n様式第１号（第1条関係）\n")
    doc, clauses, by = _tree(text)
    assert by["別表第一"].kind == "appendix" and by["別表第一"].caption == "（第一条関係）"
    assert "別表第一第2号" in by
    assert not [c for c in clauses if c.path.startswith("別表第二") and c.kind == "item"]
    assert by["別紙1第2号"].label == "（２）"
    assert by["様式第1号"].label == "様式第１号"
    _check_invariants(doc, clauses)


def test_table_row_starting_with_attachment_name_is_not_an_attachment():
    text = ("第1条　次の表の上欄の規定中同表の中欄の字句は、下欄の字句とする。\n"
            "別表第七　別表第十三\n　製造時等検査　個別検定\n２　乙は、報告する。\n")
    _, clauses, by = _tree(text)
    assert not [c for c in clauses if c.kind == "appendix"]
    assert "第1条第2項" in by


def test_toc_creates_no_chapters_or_articles():
    text = ("行政手続法\n（平成五年法律第八十八号）\n\n目次\n　第一章　総則（第一条―第四条）\n"
            "　第二章　申請に対する処分（第五条―第十一条）\n　附則\n\n"
            "　　　第一章　総則\n　（目的等）\n第一条　この法律は、行政運営の公正を確保する。\n"
            "　　　第二章　申請に対する処分\n第五条　行政庁は、審査基準を定める。\n")
    doc, clauses, by = _tree(text)
    assert by["題名"].kind == "title" and doc.text[by["題名"].start:by["題名"].end].endswith("号）")
    assert by["目次"].kind == "toc"
    chapters = [c for c in clauses if c.kind == "chapter"]
    assert [c.path for c in chapters] == ["第1章", "第2章"]
    assert all(c.start > doc.text.index("　　　第一章") for c in chapters)
    assert by["第1条"].parent == clauses.index(by["第1章"])
    assert by["第1章"].caption == "総則"
    assert "附則" not in by
    _check_invariants(doc, clauses)


def test_toc_without_blank_line_and_dotted_leaders():
    text = ("就業規則\n目次\n第1章　総則……1\n第2章　服務……3\n第1章　総則\n第1条　この規則は、従業員に適用する。\n"
            "第2章　服務\n第2条　従業員は、誠実に勤務する。\n")
    _, clauses, _by = _tree(text)
    assert [c.path for c in clauses if c.kind in ("chapter", "article")] == ["第1章", "第1条", "第2章", "第2条"]


def test_document_without_articles_gets_sections_not_articles():
    text = ("法令API仕様書\n\n目次\n1. 概要 ........ 1\n2. 機能 ........ 3\n\n1. 概要\n本書は、APIの仕様を定める。\n"
            "1.1 目的\n2025年4月1日から提供する。\n1.2 対象\n2. 機能\n2.1 一覧取得\n第1項の規定による。\n")
    doc, clauses, by = _tree(text)
    assert not [c for c in clauses if c.kind in ("article", "item")]
    assert [c.path for c in clauses if c.kind == "section"] == ["1", "1.1", "1.2", "2", "2.1"]
    assert by["1.2"].parent == clauses.index(by["1"])
    # a section holds its body as paragraphs, as an article does; a year is no paragraph label
    assert [c.path for c in clauses if c.kind == "paragraph"] == ["1第1項", "1.1第1項", "2.1第1項"]
    assert doc.text[by["1.1第1項"].start:by["1.1第1項"].end] == "2025年4月1日から提供する。"
    _check_invariants(doc, clauses)


def test_sections_of_a_specification_hold_paragraphs_and_items():
    text = ("業務仕様書\n\n1.\u3000件名\n\u3000庁舎清掃業務\n\n2.\u3000業務内容\n2.1\u3000日常清掃\n"
            "\u3000受注者は、次の作業を行うこと。\n(1) 床の清掃\n(2) ごみの回収\n\u3000作業の結果を報告すること。\n"
            "2.2\u3000定期清掃\n\u3000受注者は、毎月1回、窓を清掃すること。\n")
    doc, clauses, by = _tree(text)
    assert [c.path for c in clauses if c.kind == "section"] == ["1", "2", "2.1", "2.2"]
    assert [c.path for c in clauses if c.kind in ("paragraph", "item")] == [
        "1第1項", "2.1第1項", "2.1第1項第1号", "2.1第1項第2号", "2.2第1項"]
    assert by["2.1第1項第2号"].parent == clauses.index(by["2.1第1項"])
    _check_invariants(doc, clauses)


def test_sections_numbered_with_a_period_and_no_space():
    """「１．業務概要」 (a full-width period typed straight before the heading) numbers sections as
    「1　業務概要」 does; a sentence after such a number (「1.受注者は、…。」) opens none."""
    text = ("コールセンター運営業務委託仕様書\n\n１．業務概要\n（１）目的\n本仕様書は、業務の内容を定める。\n"
            "\n２．業務内容\n（１）受付業務\n受注者は、問合せに対応すること。\nア　電話受付\n"
            "\n３．個人情報の取扱い\n1.受注者は、個人情報を管理すること。\n")
    doc, clauses, by = _tree(text)
    assert [c.path for c in clauses if c.kind == "section"] == ["1", "2", "3"]
    assert "2第1項第1号" in by and "3第1項" in by
    _check_invariants(doc, clauses)


def test_a_proviso_on_its_own_indented_line_opens_no_paragraph():
    """A PDF that wraps 「…してはならない。」 and puts 「　ただし、…この限りでない。」 on the next, indented
    line: the proviso is still the first paragraph, and 「2」 below it is the second (no repeated 2)."""
    doc, clauses, by = _tree("覚書\n\n第13条（再委託の禁止）　乙は、本業務を第三者に委託してはならない。\n"
                             "\u3000ただし、甲の書面による承諾を得た場合は、この限りでない。\n"
                             "2\u3000乙は、再委託先に同等の義務を負わせなければならない。\n")
    assert [c.path for c in clauses if c.kind == "paragraph"] == ["第13条第1項", "第13条第2項"]
    p1 = by["第13条第1項"]
    assert "この限りでない" in doc.text[p1.start:p1.end]


def test_an_item_with_a_heading_keeps_its_body_after_a_table():
    """「（１）ＫＰＩ」 (a short heading) then an indented sentence, a 「｜」 table and one more indented
    sentence: all of it is item (1), and 「（２）ＫＰＩの見直し」 is the next item, not a paragraph's text."""
    text = ("仕様書\n\n１．業務水準\n（１）ＫＰＩ\n\u3000受託者は、次の表に掲げる目標値を達成すること。\n"
            "指標｜目標値｜算定方法\n応答率｜９０％以上｜応答呼数÷着信呼数（月間の合計で算定する）\n\u3000受託者は、実績を月報に記載すること。\n"
            "（２）ＫＰＩの見直し\n\u3000委託者は、目標値を見直すことができる。\n"
            "２．体制\n（１）人員\n\u3000受託者は、責任者を置くこと。\n")
    doc, clauses, by = _tree(text)
    assert [c.path for c in clauses if c.kind in ("paragraph", "item")] == [
        "1第1項", "1第1項第1号", "1第1項第2号", "2第1項", "2第1項第1号"]
    assert "月報" in doc.text[by["1第1項第1号"].start:by["1第1項第1号"].end]
    _check_invariants(doc, clauses)


@pytest.mark.parametrize("text", ["", "\n\n", "ただの文章です。", "2025年4月1日\n(1)\n一　", "第\n附\n別表"])
def test_degenerate_documents_do_not_crash(text):
    doc = read_text((text or " ").encode("utf-8"), "x.txt") if text.strip() else None
    if doc is None:
        from shinsa.model import Document
        doc = Document("x.txt", "txt", text, text)
    clauses = parse(doc)
    assert not [c for c in clauses if c.kind == "article"]


def test_every_article_has_a_paragraph_and_page_is_none_for_text():
    _, clauses, by = _tree("第1条（目的）\n第2条　乙は、報告する。\n")
    assert "第1条第1項" in by and "第2条第1項" in by
    assert all(c.page is None for c in clauses)


# --------------------------------------------------------------------------- statutes

_STATUTES = sorted(p.stem for p in (LAWS / "text").glob("*.txt")) if (LAWS / "text").is_dir() else []


@pytest.fixture(scope="module")
def statute_results():
    if not _STATUTES:
        pytest.skip(f"{LAWS} not available")
    from evaluation.eval_structure import evaluate_laws

    return {r["name"]: r for r in evaluate_laws(LAWS)}


@pytest.mark.skipif(not _STATUTES, reason="shared statutes not available")
@pytest.mark.parametrize("name", _STATUTES)
def test_statute_accuracy(statute_results, name):
    r = statute_results[name]
    assert r["total"] > 0
    for kind, (found, total) in r["by_kind"].items():
        assert total == 0 or found / total >= 0.99, (kind, found, total, r["misses"][:5])
    assert r["found"] / r["total"] >= 0.99, r["misses"][:10]
    assert len(r["extra"]) <= max(3, r["total"] // 200), r["extra"][:10]


def test_numbered_caption_sections_in_pledges_without_articles():
    text = ("秘密保持誓約書\n私は、下記事項を遵守することを誓約いたします。\n記\n１（秘密保持の誓約）\n"
            "貴社の情報を秘密として保持します。\n①業務に関する情報\n②顧客に関する情報\n"
            "２（秘密の報告等）\n（１）直ちに報告します。\n（２）権利を譲渡します。\n3（返還）\n返還します。\n")
    doc, clauses, by = _tree(text)
    assert [c.path for c in clauses if c.kind == "article"] == ["第1", "第2", "第3"]
    assert by["第1"].caption == "（秘密保持の誓約）" and by["第1"].label == "１"
    assert by["第1第1項第2号"].label == "②" and by["第2第1項第2号"].label == "（２）"
    _check_invariants(doc, clauses)


def test_reviewer_note_after_caption_does_not_swallow_numbered_first_paragraph():
    text = ("第7条（営業秘密）営業秘密の遵守\n1．　甲及び乙は、営業秘密を管理する。ただし、次の各号に該当するものを除く。\n"
            "（１）既に所有していたもの\n（２）公知のもの\n２．前項にかかわらず、開示できる。\n３．甲は、返還する。\n")
    doc, _, by = _tree(text)
    assert by["第7条第1項"].label == "1．" and doc.text[by["第7条第1項"].start] == "1"
    assert "第7条第1項第2号" in by
    assert by["第7条第3項"].label == "３．"


def test_spec_table_rows_are_not_sections_or_attachments():
    text = ("仕様書\n変更履歴\n1 1.0版 2017/6/26 -　新規作成\n2 1.1版 2018/3/12\n目次\n1. 種類 ....... 2\n"
            "2. 利用方法 ....... 3\n1. 種類\n本書は種類を定める。\n別表　全半角 -（指定なし）\n2. 利用方法\n")
    _, clauses, by = _tree(text)
    assert [c.path for c in clauses if c.kind == "section"] == ["1", "2"]
    assert by["目次"].kind == "toc"
    assert not [c for c in clauses if c.kind == "appendix"]


# --------------------------------------------------------------------------- formats

_SKIP_DRAFT = """個人情報取扱特記事項

東山市（以下「甲」という。）と株式会社みなと（以下「乙」という。）は、次のとおり定める。

（遵守事項）
第1条　乙は、次に掲げる事項を遵守しなければならない。
（１）秘密を保持すること。
（２）目的外に利用しないこと。
（３）複写しないこと。
（５）持ち出さないこと。
２　乙は、次に掲げる事項を甲に報告しなければならない。
一　事故の内容
二　被害の状況
二　再発防止策
（検査）
第2条　甲は、次に掲げる事項を検査することができる。
ア　管理の状況
イ　記録の状況
エ　従事者の状況
"""


def test_skipped_and_repeated_items_get_the_same_paths_in_txt_docx_pdf(tmp_path):
    import importlib.util
    import sys

    from conftest import ROOT

    from shinsa.ingest import ingest

    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "tools" / "make_corpus.py")
    gen = sys.modules.get("make_corpus")
    if gen is None:
        gen = importlib.util.module_from_spec(spec)
        sys.modules["make_corpus"] = gen
        spec.loader.exec_module(gen)
    src = tmp_path / "skipdemo.txt"
    src.write_text(_SKIP_DRAFT, encoding="utf-8")
    formats = ["txt", "docx"]
    try:
        gen.find_font("ipaexm.ttf")
        gen.find_font("ipaexg.ttf")
        formats.append("pdf")
    except gen.FontMissing:
        pass
    gen.generate(src, tmp_path, formats=tuple(f for f in formats if f != "txt"))
    want = ["第1条第1項第1号", "第1条第1項第2号", "第1条第1項第3号", "第1条第1項第5号",
            "第1条第2項第1号", "第1条第2項第2号", "第1条第2項第2号#2",
            "第2条第1項第1号", "第2条第1項第2号", "第2条第1項第4号"]
    for fmt in formats:
        doc = ingest(tmp_path / f"skipdemo.{fmt}")
        items = [c for c in parse(doc) if c.kind == "item"]
        assert [c.path for c in items] == want, fmt
        fifth = items[3]
        assert doc.text[fifth.start:fifth.end].endswith("持ち出さないこと。"), fmt


# --------------------------------------------------------------------------------------
# real templates (issue 12): numbering a reader infers


def test_article_label_typed_with_spaces():
    _, _, by = _tree("秘密保持契約書\n\n第 1 条（定義）\n\n本契約で秘密情報とは、開示された情報をいう。\n\n第 2 条（義務）\n\n乙は、秘密を守る。\n")
    assert by["第1条"].label == "第 1 条" and by["第1条"].caption == "（定義）"
    assert "第2条第1項" in by


def test_repeated_one_dot_counts_in_order_per_indentation():
    text = ("第1条（定義）\n1. 甲は、情報を開示する。\n1. 次のいずれかに該当する情報は除く。\n"
            "  1. 公知の情報\n  1. 独自に開発した情報\n1. 乙は、前項の情報を返還する。\n")
    _, clauses, by = _tree(text)
    assert [c.path for c in clauses if c.kind in ("paragraph", "item", "subitem")] == [
        "第1条第1項", "第1条第2項", "第1条第2項第1号", "第1条第2項第2号", "第1条第3項"]
    # distinct numbers are kept as written (a repeat stays visible)
    _, clauses, _ = _tree("第1条（定義）\n1. 甲は、開示する。\n2. 乙は、守る。\n2. 乙は、返す。\n")
    assert [c.path for c in clauses if c.kind == "paragraph"] == ["第1条第1項", "第1条第2項"]


def test_unnumbered_paragraphs_in_an_article_that_numbers_none():
    text = ("第5条（第三者提供）\n\n当社は、次に掲げる場合を除いて、個人情報を提供しません。\n"
            "    - 法令に基づく場合\n    - 人の生命の保護に必要な場合\n"
            "前項の定めにかかわらず、次に掲げる場合は第三者に該当しないものとします。\n\n"
            "- 業務を委託する場合\n- 事業を承継する場合\n\n当社は、提供の記録を保存します。\n"
            "\n第6条（開示）\n当社は、本人から求められたときは、開示します。\n")
    _, clauses, by = _tree(text)
    paths = [c.path for c in clauses if c.kind in ("paragraph", "item")]
    assert paths == ["第5条第1項", "第5条第1項第1号", "第5条第1項第2号", "第5条第2項", "第5条第2項第1号",
                     "第5条第2項第2号", "第5条第3項", "第6条第1項"]
    assert by["第5条第1項第1号"].label == "-"


def test_sentence_lines_are_not_paragraphs_when_the_article_numbers_its_paragraphs():
    text = "第1条　この契約は、次の日から効力を生ずる。\n2025年4月1日から施行する。\n２　乙は、報告する。\n"
    _, clauses, _ = _tree(text)
    assert [c.path for c in clauses if c.kind == "paragraph"] == ["第1条第1項", "第1条第2項"]


def test_closing_sentence_and_wrapped_lines_are_not_paragraphs():
    closing = ("第19条（協議）\nこの契約に定めのない事項は、甲乙協議して定める。\n"
               "この契約の締結を証するため、本書2通を作成し、各自1通を保有する。\n令和7年　月　日\n甲　東山市\n")
    _, clauses, _ = _tree(closing)
    assert [c.path for c in clauses if c.kind == "paragraph"] == ["第19条第1項"]
    # a hard-wrapped copy (every line as wide as the page): a line that happens to end with 。
    # at the margin is followed by the rest of its paragraph, not by a new one
    line = "乙は、甲の指示に従い、業務を誠実に遂行するものとし、必要な報告を行い"
    wrapped = "第1条（業務）\n" + "\n".join([line + "、"] * 10 + [line + "。"] + [line + "、"] * 12) + "\n"
    _, clauses, _ = _tree(wrapped)
    assert [c.path for c in clauses if c.kind == "paragraph"] == ["第1条第1項"]


def test_bullets_need_an_announcing_lead():
    _, clauses, _ = _tree("第4条（備考）\n乙は、作業の記録を残す。\n・紙の記録は施錠保管する\n")
    assert [c.kind for c in clauses].count("item") == 0
    _, clauses, by = _tree("第4条（設備）\n乙は、次の設備を備える。\n・発電機\n・蓄電池\n  ・予備の蓄電池\n")
    assert [c.path for c in clauses if c.kind in ("item", "subitem")] == [
        "第4条第1項第1号", "第4条第1項第2号", "第4条第1項第2号(1)"]


def test_heading_sections_in_a_document_without_articles():
    text = ("サービス利用規約\n総則\n規約の目的\n当社は、本規約を定めます。\n\n契約者は、本規約を守ります。\n\n"
            "利用停止\n当社は、次のいずれかに該当するときは、利用を停止します。\n* 料金を支払わないとき。\n"
            "* 前号のほか、規約に反したとき。\n\n当社は、前項の停止を通知します。\n\n住所\n氏名\n")
    _, clauses, by = _tree(text)
    assert by["総則"].kind == "section" and by["規約の目的"].parent == clauses.index(by["総則"])
    assert [c.path for c in clauses if c.kind in ("paragraph", "item")] == [
        "規約の目的第1項", "規約の目的第2項", "利用停止第1項", "利用停止第1項第1号", "利用停止第1項第2号",
        "利用停止第2項"]
    assert "住所" not in by and "氏名" not in by  # a signature block is no heading


def test_attachment_mark_above_the_title_is_not_an_appendix():
    """A 特記事項 sent as the 別記 of a contract starts with 「別記」: the file is the attachment."""
    from shinsa.structure import parse as build_tree
    from shinsa.model import Document
    from shinsa.textnorm import fold

    text = "別記\n\n個人情報取扱特記事項\n\n（基本的事項）\n第１　受託者は、個人情報を適正に取り扱わなければならない。\n第２　受託者は、第１の義務を守る。\n"
    clauses = build_tree(Document(source="t.txt", format="txt", text=text, folded=fold(text)))
    kinds = [(c.kind, c.label) for c in clauses]
    assert kinds[0] == ("title", "個人情報取扱特記事項") and ("appendix", "別記") not in kinds
    assert [c.label for c in clauses if c.kind == "article"] == ["第１", "第２"]


def test_skipped_tokki_number_under_a_caption_is_still_an_article():
    """第８ then 第１０ (第９ left out): the caption line says 第１０ is an article; numbering_gap reports the gap."""
    from shinsa.structure import parse
    from shinsa.model import Document
    from shinsa.textnorm import fold

    text = ("特記事項\n\n（秘密の保持）\n第１　受注者は、秘密を守らなければならない。\n（再委託）\n第２　受注者は、再委託してはならない。\n"
            "２　受注者は、承諾を得なければならない。\n\n（安全管理）\n第４　受注者は、安全管理の措置を講じなければならない。\n")
    clauses = parse(Document(source="t.txt", format="txt", text=text, folded=fold(text)))
    assert [c.label for c in clauses if c.kind == "article"] == ["第１", "第２", "第４"]
    # without a caption line a 第４ in running text stays text
    text2 = text.replace("（安全管理）\n", "")
    clauses2 = parse(Document(source="t.txt", format="txt", text=text2, folded=fold(text2)))
    assert [c.label for c in clauses2 if c.kind == "article"] == ["第１", "第２"]

def test_indented_bullets_with_full_width_spaces_are_items_not_table_rows():
    """「  * ○○銀行　○○支店」: a U+3000 inside an indented bullet line is no table cell
    (real rf_kihon_agile 第6条: the bank account lines, as their Markdown reads)."""
    doc, clauses, by = _tree("契約書\n\n第6条（支払）\n\n1. ユーザは、代金を次の銀行口座に振り込んで支払う。\n"
                             "  * （振込先銀行口座の表示）\n  * ○○銀行　○○支店\n  * 普通預金\n"
                             "  * 口座番号　○○\n2. 前項の手数料はユーザの負担とする。\n")
    _check_invariants(doc, clauses)
    assert [p for p in by if p.startswith("第6条第1項第")] == [f"第6条第1項第{n}号" for n in range(1, 5)]
    assert _at(doc, by["第6条第1項第4号"], 6) == "* 口座番号"
    assert "第6条第2項" in by


def test_one_again_after_bullet_lines_is_the_next_paragraph():
    """Markdown restarts 「1.」 after a 「- 」 list that interrupts the paragraphs 「1.」「2.」; the
    line goes on with the paragraphs (real strollia_terms 第3条・第6条), announced bullets or not."""
    text = ("利用規約\n\n第3条（内容）\n\n1. 本アプリは、記録を表示します。\n2. 本アプリは、次の機能を提供します。\n"
            "- 記録\n- 表示\n1. 運営者は、機能を変更できるものとします。\n\n第6条（精度）\n\n"
            "1. 位置情報には誤差があります。\n2. 運営者は、以下を含む事象について責任を負いません。\n- 記録漏れ\n"
            "1. 利用者は、参考情報であることを理解した上で利用するものとします。\n")
    doc, clauses, by = _tree(text)
    _check_invariants(doc, clauses)
    assert _at(doc, by["第3条第3項"], 7) == "1. 運営者は" and "第3条第2項第2号" in by
    assert _at(doc, by["第6条第3項"], 7) == "1. 利用者は"
    # a list of items (号) under a paragraph still starts at 1
    _doc2, _c2, by2 = _tree("規約\n\n第1条（禁止）\n\n1. 利用者は、次の行為をしてはならない。\n   1. 法令違反\n   2. 迷惑行為\n")
    assert "第1条第1項第1号" in by2 and "第1条第1項第2号" in by2


def test_indented_sentence_after_margin_items_is_the_next_paragraph():
    text = ("第7条（停止）\n\u3000当社は、次の各号のいずれかに該当するときは、停止することができる。\n"
            "（１）設備の保守を行うとき。\n（２）停電により提供が困難となったとき。\n"
            "\u3000当社は、前項第１号により停止するときは、事前に通知する。\n"
            "第8条（禁止）\n\u3000利用者は、次の行為をしてはならない。\n（１）法令に違反する行為\n"
            "（２）前号に掲げるもののほか、当社が不適切と判断する行為\n\u3000当社は、前項各号の行為があったときは、停止できる。\n"
            "第9条（期間）\n\u3000期間は、次のとおりとする。\n（１）委託期間\n\u3000令和8年5月30日から令和9年3月31日までとする。\n")
    doc, clauses, by = _tree(text)
    assert "第7条第2項" in by and "第8条第2項" in by
    assert doc.text[by["第7条第2項"].start:by["第7条第2項"].end].startswith("当社は、前項第１号")
    assert "第9条第2項" not in by  # 「（１）委託期間」: a short heading whose body is the indented line
    _check_invariants(doc, clauses)


def test_a_skipped_section_number_is_still_a_section_and_a_gap():
    from shinsa.checks import CheckContext, run_checks
    from shinsa.facts import build_facts

    text = ("仕様書\n\n1.\u3000概要\n\u3000本書は仕様を定める。\n2.\u3000作業\n2.1\u3000移行\n\u3000移行すること。\n"
            "2.2\u3000試験\n\u3000試験すること。\n2.4\u3000報告\n\u3000報告すること。\n3.\u3000その他\n\u3000協議する。\n")
    doc, clauses, by = _tree(text)
    assert [c.path for c in clauses if c.kind == "section"] == ["1", "2", "2.1", "2.2", "2.4", "3"]
    gaps = [f for f in run_checks(build_facts(doc), CheckContext(select=frozenset({"numbering_gap"})))]
    assert [(f.clause, f.quote) for f in gaps] == [("2.4", "2.4")]


def test_an_attachment_caption_may_hold_a_comma():
    """「別記　受注者が取得し、維持すべき第三者認証」 after the 附則 opens the 別記; a row of cells with a comma does not."""
    text = ("特記仕様書\n\n第1条　受注者は、認証を維持する。\n\n附　則\nこの特記仕様書は、令和7年4月1日から適用する。\n\n"
            "別記　受注者が取得し、維持すべき第三者認証\n1　ISO/IEC 27001　有効期限：2027年8月31日\n")
    doc, clauses, by = _tree(text)
    assert [c.kind for c in clauses][-1] == "appendix" and by["別記"].caption
    _d, c2, _b = _tree(text.replace("別記　受注者が取得し、維持すべき第三者認証", "別記　第1号　取得し、維持する"))
    assert "appendix" not in {c.kind for c in c2}


def test_an_attachments_numbered_sentences_without_captions_are_its_clauses():
    """「別記」 then 「1　受注者は、…。」「2　…。」「3　…前項の…」: clauses 1, 2, 3 (前項 in 3 is clause 2); a 備考 「１　…。」
    under a table is a note; an attachment clause whose number the body has is 別紙1の2."""
    from shinsa.facts import build_facts

    text = ("特記仕様書\n\n第1条　受注者は、別記の認証を維持する。\n\n別記\n1　受注者は、次に掲げる認証を取得しなければならない。\n"
            "(1)　ISO/IEC 27001認証\n2　受注者は、認証の有効期限を届け出なければならない。\n"
            "3　受注者は、前項の認証の更新を受けたときは、登録証の写しを提出しなければならない。\n")
    doc, clauses, by = _tree(text)
    _check_invariants(doc, clauses)
    assert {"1", "1第1項第1号", "2", "3"} <= set(by)
    ref = next(r for r in build_facts(doc).references if r.text == "前項")
    assert ref.target is not None and clauses[ref.target].path in ("2", "2第1項")
    table = ("契約書\n\n第1条　乙は、保守を行う。\n\n別表第１（第１条関係）\n保守料金\n区分　内容　月額\n定期点検　点検　１９８，０００円\n"
             "備考\n１　障害対応の料金は、定額とする。\n")
    _d, c2, _b = _tree(table)
    assert [c.kind for c in c2 if c.kind == "article"] == ["article"]
    spec = ("仕様書\n\n1　総則\n1-1　目的\n　定める。\n2　業務\n2-1　受付\n　受け付ける。\n\n別紙1　個人情報取扱特記事項\n"
            "（秘密の保持）\n1　受託者は、秘密を守る。\n（目的外利用の禁止）\n2　受託者は、目的外に利用しない。\n")
    _d, c3, b3 = _tree(spec)
    assert "別紙1の2" in b3 and "別紙12" not in b3


def test_hyphenated_sections_keep_their_hyphens_and_are_cited_so():
    """「1　総則」「1-1　業務の目的」「1-2　…」 (a 仕様書 numbered with hyphens): sections 1-1, 1-2 with their items,
    and 「2-4に定める方法」 is a reference to a section the document does not have."""
    from shinsa.facts import build_facts

    text = ("郵送請求事務センター運営業務委託仕様書\n\n1　総則\n1-1　業務の目的\n　本仕様書は、業務について定める。\n"
            "1-2　用語の定義\n　用語の意義は、次のとおりとする。\n（1）「請求者」とは、請求する者をいう。\n\n2　業務内容\n"
            "2-1　受付\n　受託者は、請求書を受け付ける。\n2-2　引渡し\n　受託者は、手数料を2-4に定める方法により引き渡す。\n")
    doc, clauses, by = _tree(text)
    _check_invariants(doc, clauses)
    assert [c.path for c in clauses if c.kind == "section"] == ["1", "1-1", "1-2", "2", "2-1", "2-2"]
    assert "1-2第1項第1号" in by
    refs = [r for r in build_facts(doc).references if r.text == "2-4"]
    assert len(refs) == 1 and refs[0].target is None
    # ranges and dates with hyphens in a sentence are no sections
    _d, c2, _b = _tree(text.replace("2-1　受付", "2-1から2-3までの受付は、次のとおり。"))
    assert "2-1" not in {c.path for c in c2}


def test_decimal_sections_under_chapters_start_at_the_chapters_number():
    """「第1章　総則」 then 「1.1　目的」, 「第2章」 then 「2.1」: the chapter is the section's first number."""
    text = ("運用保守業務仕様書\n\n第1章　総則\n\n1.1　目的\n本仕様書は、業務について定める。\n\n1.2　用語の定義\n"
            "用語の意義は、次のとおりとする。\n(1)　障害　停止する状態をいう。\n\n第2章　業務内容\n\n2.1　運用業務\n"
            "受注者は、次の運用業務を行う。\n(1)　稼働監視\n\n2.3　障害対応\n受注者は、障害に対応する。\n")
    doc, clauses, by = _tree(text)
    _check_invariants(doc, clauses)
    assert [c.path for c in clauses if c.kind == "section"] == ["1.1", "1.2", "2.1", "2.3"]
    assert by["2.1"].parent == clauses.index(by["第2章"]) and "1.2第1項第1号" in by
    # decimals that do not start at the chapter's number stay text
    _d, c2, _b = _tree(text.replace("1.1　目的", "3.1　目的"))
    assert "3.1" not in {c.path for c in c2}


def test_a_skipped_tokki_number_written_as_a_heading_line_is_an_article():
    """「第７　返還及び消去」 … 「第９　検査」 (第８ left out), each heading on its own line above its paragraphs:
    第９ is the next article and the gap is reported; a 第９ inside running text stays text."""
    text = ("運用要領\n\n第１　趣旨\n　この要領は、事務について定める。\n\n第２　返還\n１　所管課は、返還させる。\n"
            "２　所管課は、報告させる。\n\n第４　検査\n１　所管課は、検査を行う。\n２　所管課は、記録する。\n")
    doc, clauses, by = _tree(text)
    assert [c.label for c in clauses if c.kind == "article"] == ["第１", "第２", "第４"]
    assert "第4第2項" in by
    text2 = text.replace("第４　検査\n", "第４の規定により検査する。\n")
    assert [c.label for c in _tree(text2)[1] if c.kind == "article"] == ["第１", "第２"]


def test_clauses_numbered_without_dai_under_caption_lines():
    """「（秘密の保持）」 then 「３　受託者は、…。」: clauses 1, 2, 3 … in a 特記事項 without 第, also with a blank line
    between caption and clause (Markdown), and in the 別紙 of a contract of articles; items (1) inside them."""
    body = ("（基本的事項）\n１　受託者は、個人情報を適正に取り扱わなければならない。\n（定義）\n"
            "２　この特記事項において、次の各号に掲げる用語の意義は、当該各号に定めるところによる。\n(1) 従事者　従業者をいう。\n"
            "（秘密の保持）\n３　受託者は、秘密を漏らしてはならない。\n")
    for text in ("個人情報取扱特記事項\n\n" + body, "個人情報取扱特記事項\n\n" + body.replace("）\n", "）\n\n")):
        doc, clauses, by = _tree(text)
        _check_invariants(doc, clauses)
        assert [c.path for c in clauses if c.kind == "article"] == ["1", "2", "3"], text
        assert "2第1項第1号" in by
    contract = ("賃貸借契約書\n\n（目的）\n第１条　甲は、物件を借り受ける。\n（解除）\n第２条　甲は、解除できる。\n\n"
                "別紙　個人情報の取扱いに関する特記事項\n\n" + body)
    doc, clauses, by = _tree(contract)
    assert [c.path for c in clauses if c.kind == "article"] == ["第1条", "第2条", "1", "2", "3"]
    # a numbered line under no caption stays what it was (a paragraph of the article before)
    _d, c2, by2 = _tree("特記事項\n\n１　受託者は、守る。\n２　受託者は、報告する。\n")
    assert not [c for c in c2 if c.kind == "article"]


def test_circled_paragraphs_that_open_on_the_label_line():
    """「第1条（目的）①本契約は、…。」 then 「②　乙は、…」 (Word puts a space after the number): ② is paragraph 2."""
    doc, clauses, by = _tree("秘密保持契約書\n\n第1条（目的）①本契約は、目的を定める。\n②　乙は、報告書を提出する。\n"
                             "第2条（定義）①秘密情報とは、開示された情報をいう。\n")
    assert "第1条第2項" in by and doc.text[by["第1条第2項"].start:].startswith("②")


def test_items_quoted_by_an_amendment_are_the_clauses_items():
    """An amending 覚書 quotes the items it adds over several lines (「(1)　…」 … 「(3)　…。」): the
    opening quotation mark does not hide the first item, so 「次の各号」 and 「前項各号」 have items; a
    quotation closed on its own line is text, not an item."""
    text = ("覚書\n\n第１条　原契約第５中「必要な措置」を「次に掲げる措置」に改め、同第５に次の各号を加える。\n"
            "「(1)　端末の利用者を認証すること。\n(2)　アクセスの記録を保存すること。\n(3)　送信するデータを暗号化すること。」\n"
            "２　乙は、前項各号の措置を講ずるものとする。\n"
            "第２条　原契約第８中「(1)　研修を行う。」を削る。\n")
    doc, clauses, by = _tree(text)
    _check_invariants(doc, clauses)
    assert {"第1条第1項第1号", "第1条第1項第2号", "第1条第1項第3号", "第1条第2項"} <= set(by)
    assert doc.text[by["第1条第1項第1号"].start:].startswith("(1)　端末")
    assert not any(p.startswith("第2条第1項第") for p in by)


def test_circled_numbers_opening_an_article_are_its_paragraphs():
    """第2条（定義）\\n① …次の各号に…\\n(1) …\\n② …: ①② number the paragraphs, (1) the items of ①. ① under
    a lead sentence is an item."""
    text = ("第1条（定義）\n① この協定において、次の各号に掲げる用語の意義は、当該各号に定めるところによる。\n"
            "(1) 提供データ　市が提供する情報をいう。\n(2) 対照表　対応関係を示す表をいう。\n"
            "② 市は、提供データを大学に提供する。\n"
            "第2条（提供の方法）\n　市は、次の方法により提供する。\n① 暗号化した媒体に記録する方法\n② 閲覧させる方法\n")
    paths = [(c.kind, c.path) for c in _tree(text)[1] if c.kind in ("paragraph", "item")]
    assert paths == [("paragraph", "第1条第1項"), ("item", "第1条第1項第1号"), ("item", "第1条第1項第2号"),
                     ("paragraph", "第1条第2項"), ("paragraph", "第2条第1項"), ("item", "第2条第1項第1号"),
                     ("item", "第2条第1項第2号")]


def test_a_bracketed_note_right_below_the_title_belongs_to_it():
    from shinsa.facts import build_facts
    from shinsa.ingest.text import read_text

    for text in ("利用規約\n（夕凪市 契約審査用）\n\n（目的）\n第1条　本規約は、条件を定める。\n",
                 "利用規約\n（夕凪市 契約審査用）\n\n第1条（目的）\n本規約は、条件を定める。\n",
                 "運用要領\n（令和７年３月２５日　総務部長決定）\n第１章　総則\n（目的）\n第１条　この要領は、事項を定める。\n"):
        f = build_facts(read_text(text.encode("utf-8"), "<t>", "txt"))
        assert [c.kind for c in f.clauses if c.kind in ("title", "preamble")] == ["title"], text
    # a caption right below the title is the first article's
    f = build_facts(read_text("利用規約\n（目的）\n第1条　本規約は、条件を定める。\n".encode(), "<t>", "txt"))
    assert next(c.caption for c in f.clauses if c.kind == "article") == "（目的）"
