"""Line starts that open a new structural unit (shared by the PDF and Markdown readers).

A wrapped line is joined to the line before it only when it does not begin with
one of these: an article / chapter label, a paragraph or item number, a bullet,
a caption （目的）, or a 別表/附則 heading.

The words of these patterns (別表, 附則, 記, 注, the draft and classification marks, and the
list leads and page words of the Markdown and PDF readers) are in ``lexicons/vocab/layout.yaml``,
with examples ``tests/test_vocab_ingest.py`` runs; numbering grammar, brackets and bullets stay here.
"""

from __future__ import annotations

import re

from ..textnorm import fold
from ..vocabulary import pattern_file

KANJI_NUM = "一二三四五六七八九十百千〇"

#: the lists of lexicons/vocab/layout.yaml: every word of the line-start and header patterns of the
#: readers (labels here, the list lead of markdown, the page numbers of pdf); the shape of each
#: pattern stays in its module, {list} stands for the alternatives of that list
LAYOUT_LISTS = ("draft_marks", "classification_marks", "appendix_heads", "alone_on_line", "note_heads",
                "list_leads", "list_lead_verbs", "page_words", "sheet_words", "latin_page_words",
                "latin_page_of", "sentence_continuations")
LAYOUT_WORDS = pattern_file("layout.yaml", LAYOUT_LISTS)
TEMPLATES: dict[str, str] = {
    # a unit label (numbering grammar, kept here) or an appendix heading word of layout.yaml
    "label": (
        r"^(?:"
        r"第\s*[0-9{kanji}]+\s*(?:条(?:\s*の\s*[0-9{kanji}]+)?|章|節|款|目|編|部)?(?=[\s　(（]|$)"  # 第3条 第1章 第1
        r"|[(（]\s*[0-9{kanji}]+\s*[)）]"                          # (1) （一）
        r"|[(（]\s*[ア-ンァ-ヶa-zA-Zｱ-ﾝイロハニホヘトチリヌルヲワカヨタレソツネナラム]\s*[)）]"  # (ア) (a)
        r"|[0-9]{1,3}\s*[.．、)）](?!\d)"                              # 1. 1) 1、 (not 27001） wrapped from ISO/IEC)
        r"|[0-9]+(?:[.．][0-9]+)+[\s　]"                               # 2.1　 (a section of a specification)
        r"|[0-9]{1,2}(?:[-－][0-9]{1,2}){1,3}[\s　]"                     # 2-1　 (hyphenated, the same)
        r"|[0-9]{1,3}[\s　]"                                          # ２　 (paragraph number)
        r"|[{kanji}]+[\s　、．.]"                                    # 一
        r"|[ア-ン][\s　、．.]"                                        # ア
        r"|[ｱ-ﾝ][\s　.]"
        r"|[a-zA-Z][.)]\s"                                           # a. b)
        r"|[①-⑳㉑-㉟㊱-㊿⑴-⒇⒈-⒛❶-❿➀-➉➊-➓]"                          # circled / parenthesised numbers
        r"|[・●○■□◆◇▶▷►※＊*•◎△▲▼▽★☆✓✔〇]"                             # bullets, notes
        r"|[-－‐ー―]\s"                                               # dash bullets
        r"|{appendix_heads}(?=第|[0-9{kanji}]|[\s　(（:：]|$)"       # 別表第1 附　則 様式第2号
        r"|{alone_on_line}$|{note_heads}[\s　:：0-9]"                  # 記 / 以上 / 注1
        r")"
    ),
    # a draft or classification mark standing alone on a line (a header, or above the title)
    "markers": r"^(?:[(\[【〔<＜《「]?\s*(?:{draft_marks}|{classification_marks})\s*[)\]】〕>＞》」]?)$",
}
_RX = {name: re.compile(LAYOUT_WORDS.regex(t, kanji=KANJI_NUM)) for name, t in TEMPLATES.items()}
LABEL = _RX["label"]
CAPTION = re.compile(r"^[(（][^()（）]{1,30}[)）]$")
LEADER = re.compile(r"(?:[.．・･…‥·]\s*){4,}")


def starts_structure(text: str) -> bool:
    s = fold(text).lstrip(" \u3000")
    if not s:
        return True
    return bool(LABEL.match(s) or CAPTION.match(s.strip(" \u3000")))


#: a label at a line start followed by one half-width space or tab (「第1条 乙は」「2 乙は」「（1）\t…」)
#: (a bare number only before Japanese text: 「200 OK」 in a table is no paragraph)
_LABEL_SPACE = re.compile(
    rf"(?m)^([\u3000 ]*(?:(?:第[0-9０-９{KANJI_NUM}]+条(?:の[0-9０-９{KANJI_NUM}]+)*|第[0-9０-９]+"
    rf"|[(（][0-9０-９{KANJI_NUM}]{{1,3}}[)）]|[{KANJI_NUM}]{{1,3}}|[ア-ン]|[(（][ア-ン][)）])[ \t](?=[^ \t\u3000\n])"
    rf"|[0-9０-９]{{1,2}}[ \t](?=[^\x00-\x7f\u3000])))")


def label_separators(text: str) -> str:
    """The separator after a leading label as U+3000, the TXT convention (same length).

    PDFs and Word files often set 「第1条 乙は」 or 「2 乙は」 with a half-width space (or
    a tab) where our TXT drafts type U+3000; the analyses read the label separator as
    U+3000, so every reader's text is normalised the same way.
    """
    return _LABEL_SPACE.sub(lambda m: m.group(1)[:-1] + "\u3000", text)


def label_separator_offsets(text: str) -> list[int]:
    """Where :func:`label_separators` puts its U+3000s (the same matches, left to right)."""
    return [m.end(1) - 1 for m in _LABEL_SPACE.finditer(text)]


#: a draft or classification mark standing alone on a line (the words: draft_marks, classification_marks)
MARKERS = _RX["markers"]


def patterns_using(list_name: str) -> list[re.Pattern]:
    """The compiled patterns of this module that ``list_name`` of layout.yaml takes part in."""
    return [_RX[name] for name, t in TEMPLATES.items() if list_name in LAYOUT_WORDS.uses(t, ("kanji",))]


def leading_marks(text: str) -> int:
    """Length of the prefix of ``text`` made of blank lines and lines holding only a draft or
    classification mark (「CONFIDENTIAL」「社外秘」「（案）」) above the title; 0 if none.

    The PDF reader drops such lines as headers; every other format drops them too, so the
    title (and the profile read from it) is the same whatever the file.
    """
    pos = 0
    cut = 0
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = re.sub(r"\s+", " ", fold(text[pos:end])).strip()
        if line and not MARKERS.match(line):
            break
        if line:
            cut = end + 1
        pos = end + 1
    if cut:  # and the blank lines after the last mark
        while cut < len(text) and text[cut] == "\n":
            cut += 1
    return min(cut, len(text))
