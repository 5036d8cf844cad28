"""Line starts that open a new structural unit (shared by the PDF and Markdown readers).

A wrapped line is joined to the line before it only when it does not begin with
one of these: an article / chapter label, a paragraph or item number, a bullet,
a caption （目的）, or a 別表/附則 heading.
"""

from __future__ import annotations

import re

from ..textnorm import fold

KANJI_NUM = "一二三四五六七八九十百千〇"
LABEL = re.compile(
    r"^(?:"
    rf"第\s*[0-9{KANJI_NUM}]+\s*(?:条(?:\s*の\s*[0-9{KANJI_NUM}]+)?|章|節|款|目|編|部)?(?=[\s　(（]|$)"  # 第3条 第1章 第1
    rf"|[(（]\s*[0-9{KANJI_NUM}]+\s*[)）]"                       # (1) （一）
    r"|[(（]\s*[ア-ンァ-ヶa-zA-Zｱ-ﾝイロハニホヘトチリヌルヲワカヨタレソツネナラム]\s*[)）]"  # (ア) (a)
    r"|[0-9]+\s*[.．、)）](?!\d)"                                 # 1. 1) 1、
    r"|[0-9]+[\s　]"                                             # ２　 (paragraph number)
    rf"|[{KANJI_NUM}]+[\s　、．.]"                               # 一
    r"|[ア-ン][\s　、．.]"                                        # ア
    r"|[ｱ-ﾝ][\s　.]"
    r"|[a-zA-Z][.)]\s"                                           # a. b)
    r"|[①-⑳㉑-㉟㊱-㊿⑴-⒇⒈-⒛❶-❿➀-➉➊-➓]"                          # circled / parenthesised numbers
    r"|[・●○■□◆◇▶▷►※＊*•◎△▲▼▽★☆✓✔〇]"                             # bullets, notes
    r"|[-－‐ー―]\s"                                               # dash bullets
    rf"|(?:別表|別紙|別記|別添|附\s*則|付\s*則|様式|目\s*次|備考)(?=第|[0-9{KANJI_NUM}]|[\s　(（:：]|$)"
    r"|記$|以\s*上$|注[\s　:：0-9]"
    r")"
)
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


#: a draft or classification mark standing alone on a line (a header, or above the title)
MARKERS = re.compile(
    r"^(?:[(\[【〔<＜《「]?\s*(?:案|素案|原案|修正案|改正案|未定稿|たたき台|検討用|協議用|内部資料|"
    r"社外秘|部外秘|関係者外秘|極秘|厳秘|機密|社内限り|部内限り|秘|取扱注意|取扱い注意|取扱厳重注意|複製禁止|"
    r"DRAFT|Draft|draft|CONFIDENTIAL|Confidential|INTERNAL USE ONLY)\s*[)\]】〕>＞》」]?)$")


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
