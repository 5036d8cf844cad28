"""Make the version pairs of corpora/pairs/ from corpora/drafts/ by realistic edits.

Each recipe below names an OLD draft and a list of edits (insert an article,
delete one, move one, reword a phrase, change a 別表 row, renumber). The tool
applies them to the TXT with its own small line parser (not shinsa's
structure parser), writes NAME.new.txt (and a DOCX/PDF of it when the recipe
asks, through tools/make_corpus.py), and writes NAME.gold.yaml whose
``pairs`` follow from the edits themselves: the unit an edit inserted is
``added``, the one it deleted ``deleted``, a moved one ``moved``, a reworded
one ``modified``, every other one ``unchanged`` or ``renumbered`` by its
label. The ``findings`` and ``stale`` gold are written by hand in the recipe
(checked against the drafts). Format-only pairs (same TXT rendered as DOCX
and PDF) get ``identity: true``. See corpora/pairs/README.md.

    python tools/make_pairs.py
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DRAFTS = ROOT / "corpora" / "drafts"
PAIRS = ROOT / "corpora" / "pairs"
_FW = str.maketrans("0123456789", "０１２３４５６７８９")
_ARTICLE = re.compile(r"^第([0-9０-９]+)(条)?(?:の([0-9０-９]+))?\u3000")
_APPENDIX = re.compile(r"^別表第([0-9０-９]+)")
_CAPTION = re.compile(r"^（[^）]+）$")


@dataclass
class Unit:
    kind: str  # "head" (title and 前文) | "article" | "appendix"
    num: int
    lines: list[str]
    branch: int = 0  # 第3条の2 -> 2
    origin: str | None = None  # path in OLD (None for an inserted unit)
    status: str = "unchanged"
    merged_into: "Unit | None" = None
    split_from: "Unit | None" = None


@dataclass
class Draft:
    units: list[Unit]
    jo: str  # "条" or "" (特記事項 style 第1)
    fullwidth: bool


def _int(s: str) -> int:
    return int(s.translate({ord(c): ord("0") + i for i, c in enumerate("０１２３４５６７８９")}))


def parse(text: str) -> Draft:
    lines = text.split("\n")
    units = [Unit("head", 0, [])]
    jo, fullwidth = "条", False
    pending = False  # a caption line opened the unit the next article line belongs to
    for k, line in enumerate(lines):
        nxt = lines[k + 1] if k + 1 < len(lines) else ""
        m = _ARTICLE.match(line)
        if _CAPTION.match(line) and _ARTICLE.match(nxt):
            units.append(Unit("article", 0, []))
            pending = True
        elif m and not pending:
            units.append(Unit("article", 0, []))
        elif _APPENDIX.match(line):
            units.append(Unit("appendix", _int(_APPENDIX.match(line).group(1)), []))
        if m:
            units[-1].num = _int(m.group(1))
            units[-1].branch = _int(m.group(3)) if m.group(3) else 0
            jo, fullwidth = m.group(2) or "", bool(re.match("[０-９]", m.group(1)))
            pending = False
        units[-1].lines.append(line)
    d = Draft(units, jo, fullwidth)
    for u in units:
        u.origin = path_of(d, u) if u.kind != "head" else None
    return d


def label(d: Draft, u: Unit) -> str:
    n = str(u.num).translate(_FW) if d.fullwidth else str(u.num)
    b = ("の" + (str(u.branch).translate(_FW) if d.fullwidth else str(u.branch))) if u.branch else ""
    return f"第{n}{d.jo}{b}"


def path_of(d: Draft, u: Unit) -> str:
    if u.kind == "appendix":
        return f"別表第{u.num}"
    return f"第{u.num}{d.jo}" + (f"の{u.branch}" if u.branch else "")


def _find(d: Draft, path: str) -> Unit:
    return next(u for u in d.units if u.origin == path)


def _relabel(d: Draft, u: Unit) -> None:
    k = next(i for i, ln in enumerate(u.lines) if _ARTICLE.match(ln))
    u.lines[k] = _ARTICLE.sub(label(d, u) + "\u3000", u.lines[k], count=1)


def apply(d: Draft, edits: list[dict]) -> None:
    """Apply the recipe's edits in order; then renumber articles by position if asked."""
    for e in edits:
        op = e["op"]
        if op == "insert_after":
            at = d.units.index(_find(d, e["after"]))
            # 第3条の2 with ``branch``; otherwise the recipe renumbers afterwards
            u = Unit("article", d.units[at].num, [e["caption"], "第0\u3000" + e["body"], ""], origin=None,
                     status="added", branch=2 if e.get("branch") else 0)
            d.units.insert(at + 1, u)
            _relabel(d, u)
        elif op == "delete":
            u = _find(d, e["path"])
            u.status = "deleted"
        elif op == "merge":  # the body of ``path`` becomes a new last paragraph of ``into``
            u, into = _find(d, e["path"]), _find(d, e["into"])
            k = next(i for i, ln in enumerate(u.lines) if _ARTICLE.match(ln))
            body = [_ARTICLE.sub("", u.lines[k], count=1)] + [ln for ln in u.lines[k + 1:] if ln]
            last = max(i for i, ln in enumerate(into.lines) if ln)
            into.lines[last + 1:last + 1] = [e["label"] + "\u3000" + body[0]] + body[1:]
            u.status, u.merged_into = "merged", into
            into.status = "modified"
        elif op == "split":  # the paragraphs of ``path`` from the one starting with ``at`` become a new article
            u = _find(d, e["path"])
            k = next(i for i, ln in enumerate(u.lines) if ln.startswith(e["at"]))
            body = [ln for ln in u.lines[k:] if ln]
            u.lines = u.lines[:k] + [""]
            part = Unit("article", u.num, [e["caption"], "第0\u3000" + body[0][len(e["at"]):]] + body[1:] + [""],
                        status="split", split_from=u)
            d.units.insert(d.units.index(u) + 1, part)
            if u.status == "unchanged":
                u.status = "modified"
        elif op == "move":
            u = _find(d, e["path"])
            d.units.remove(u)
            d.units.insert(d.units.index(_find(d, e["before"])), u)
            u.status = "moved"
        elif op == "replace":
            u = _find(d, e["path"])
            joined = "\n".join(u.lines)
            if joined.count(e["old"]) != 1:
                raise SystemExit(f"{e['path']}: {e['old']!r} must occur once")
            u.lines = joined.replace(e["old"], e["new"]).split("\n")
            if u.status == "unchanged":
                u.status = "modified"
        else:
            raise SystemExit(f"unknown edit {op}")
    if any(e.get("renumber") for e in edits):
        n = 0
        for u in d.units:
            if u.kind == "article" and u.status not in ("deleted", "merged"):
                n += 1
                u.num, u.branch = n, 0
                _relabel(d, u)


def render(d: Draft) -> str:
    return "\n".join(ln for u in d.units if u.status not in ("deleted", "merged") for ln in u.lines)


def gold_pairs(d: Draft, extra: list[dict]) -> list[dict]:
    out = [{"old": "題名", "new": "題名", "status": "unchanged"},  # no recipe edits the title or 前文
           {"old": "前文", "new": "前文", "status": "unchanged"}]
    for u in d.units:
        if u.kind == "head":
            continue
        new = None if u.status == "deleted" else path_of(d, u.merged_into or u)
        status = "modified" if u.status in ("merged", "split") else u.status
        if status == "unchanged" and new != u.origin:
            status = "renumbered"
        old = u.split_from.origin if u.split_from else u.origin
        out.append({"old": old, "new": new, "status": status})
    return out + extra


RECIPES: list[dict] = [
    {"name": "callcenter_insert", "old": "drafts/callcenter_shiyosho.txt", "new_format": "docx",
     "note": "第4条の後に（受付方法）を挿入し、枝番の第3条の2も含めて通し番号に振り直し。別表第1の（第7条関係）は直し忘れ。",
     "edits": [{"op": "insert_after", "after": "第4条", "caption": "（受付方法）",
                "body": "受注者は、電話による問合せを、受付時間中は呼出しから30秒以内に受け付けなければならない。",
                "renumber": True}],
     "stale": [{"clause": "別表第1", "quote": "第7条"}]},
    {"name": "kojin_deadline", "old": "drafts/kojin_joho_tokki.pdf", "new_format": "txt", "base": "kojin_joho_tokki",
     "note": "事故報告の「速やかに」を具体的な期限に改め、指摘を解消（旧は PDF、新は TXT）。",
     "edits": [{"op": "replace", "path": "第15", "old": "速やかに",
                "new": "漏えい等を知った時から24時間以内に"}],
     "sub": [{"old": "第15第2項", "new": "第15第2項", "status": "modified"}],
     "findings": [{"status": "resolved", "rule": "vague_wording", "clause": "第15第2項", "quote": "速やかに"}]},
    {"name": "datacenter_delete", "old": "drafts/datacenter_tokki.txt", "new_format": "pdf",
     "note": "第7条（受付時間）を削除して繰り上げ。第13条の「第8条第1項」と別表第2の（第10条関係）は正しく直した。",
     "edits": [{"op": "delete", "path": "第7条"},
               {"op": "replace", "path": "第13条", "old": "第8条第1項", "new": "第7条第1項"},
               {"op": "replace", "path": "別表第2", "old": "（第10条関係）", "new": "（第9条関係）", "renumber": True}],
     "sub": [{"old": "第13条第2項", "new": "第12条第2項", "status": "modified"}],
     "findings": []},
    {"name": "cloud_move", "old": "drafts/cloud_tokki.docx", "new_format": "txt", "base": "cloud_tokki",
     "note": "第１２条（秘密の保持）を第４条の前へ移し、番号を振り直し（旧は DOCX）。",
     "edits": [{"op": "move", "path": "第12条", "before": "第4条", "renumber": True}],
     "findings": []},
    {"name": "callcenter_table", "old": "drafts/callcenter_shiyosho.txt", "new_format": "txt",
     "note": "別表第1の平日（通常期）の行を 3名 → 5名 に改め、第7条の「常時5名」との食い違いを解消。",
     "edits": [{"op": "replace", "path": "別表第1", "old": "平日（通常期）\u30003名", "new": "平日（通常期）\u30005名"}],
     "findings": [{"status": "resolved", "rule": "contradiction", "clause": "別表第1", "quote": "3名"}]},
    {"name": "kojin_template", "old": "drafts/kojin_joho_tokki.txt", "new_format": "txt", "template": True,
     "note": "標準の個人情報取扱特記事項から第14（再委託の禁止）を削除して繰り上げ（加除修正事項の例）。",
     "edits": [{"op": "delete", "path": "第14", "renumber": True}],
     "template_required": ["subcontract"],
     "findings": [{"status": "new", "rule": "missing_clause", "detail": "subcontract"}]},
]

RECIPES += [
    {"name": "housing_merge", "old": "drafts/housing_setsubi_tokki.txt", "new_format": "txt",
     "note": "第7条（点検の頻度）を第6条（電源設備）の第3項に統合し、以降を繰り上げ。",
     "edits": [{"op": "merge", "path": "第7条", "into": "第6条", "label": "3", "renumber": True}],
     "sub": [],
     # the caption 「（点検の頻度）」 that empty_heading was about is gone with the merge
     "findings": [{"status": "resolved", "rule": "empty_heading", "clause": "第7条", "quote": "（点検の頻度）"}],
     "stale": [{"clause": "別表第1", "quote": "第12条"}]},
    {"name": "kyotei_branch", "old": "drafts/shitei_kanri_kyotei.txt", "new_format": "docx",
     "note": "第4条の2（管理業務の再委託）を枝番で挿入（以降の番号は変えない）。新は DOCX。",
     "edits": [{"op": "insert_after", "after": "第4条", "branch": True, "caption": "（管理業務の再委託）",
                "body": "指定管理者は、管理業務の全部を第三者に委託してはならない。"}],
     "findings": []},
    {"name": "kojin_paragraph", "old": "drafts/kojin_joho_tokki.docx", "new_format": "pdf",
     "base": "kojin_joho_tokki",
     "note": "第4に項を挿入（第2項→第3項）。旧は DOCX、新は PDF。",
     "edits": [
               {"op": "replace", "path": "第4", "old": "２　取扱責任者は、",
                "new": "２　乙は、取扱責任者又は従事者を変更するときは、変更の日の7日前までに甲に届け出なければならない。\n"
                       "３　取扱責任者は、"}],
     "sub": [{"old": None, "new": "第4第2項", "status": "added"}],
     "findings": []},
    {"name": "hoshu_split", "old": "drafts/hoshu_vendor_keiyaku.docx", "new_format": "txt",
     "base": "hoshu_vendor_keiyaku",
     "note": "第3条第4項を（保守料の変更）として独立させて以降を繰り下げ、第13条の参照（第8条又は第9条）は正しく直した。"
             "第9条は見出しを（秘密保持義務）に改め字句も修正（旧は DOCX）。",
     "edits": [{"op": "split", "path": "第3条", "at": "４\u3000", "caption": "（保守料の変更）"},
               {"op": "replace", "path": "第13条", "old": "第8条又は第9条", "new": "第9条又は第10条"},
               {"op": "replace", "path": "第9条", "old": "（秘密の保持）", "new": "（秘密保持義務）"},
               {"op": "replace", "path": "第9条", "old": "秘密を第三者に漏らしてはならない",
                "new": "秘密を第三者に開示し、又は漏えいしてはならない", "renumber": True}],
     "sub": [{"old": "第13条第1項", "new": "第14条第1項", "status": "modified"},
             {"old": "第13条第1項第2号", "new": "第14条第1項第2号", "status": "modified"},
             {"old": "第9条第1項", "new": "第10条第1項", "status": "modified"}],
     "findings": []},
    {"name": "kojin_move_edit", "old": "drafts/kojin_joho_tokki.txt", "new_format": "txt",
     "note": "第17（保存期間）を第12の前へ移して字句も修正し、番号を振り直し（移動と修正が重なる例）。",
     "edits": [{"op": "move", "path": "第17", "before": "第12"},
               {"op": "replace", "path": "第17", "old": "甲の指示に従い保存しなければならない",
                "new": "甲の指示に従い施錠できる保管庫に保存しなければならない", "renumber": True}],
     "sub": [{"old": "第17第1項", "new": "第12第1項", "status": "modified"}],
     "findings": []},
]

# every draft: its DOCX against its PDF (the TXT is the source of both)
FORMAT_ONLY = sorted(p.stem for p in DRAFTS.glob("*.txt"))


def make(recipe: dict) -> Path:
    old_path = ROOT / "corpora" / recipe["old"]
    base = recipe.get("base") or old_path.stem
    d = parse((DRAFTS / f"{base}.txt").read_text(encoding="utf-8"))
    apply(d, recipe["edits"])
    name = recipe["name"]
    txt = PAIRS / f"{name}.new.txt"
    txt.write_text(render(d), encoding="utf-8")
    new_rel = f"pairs/{txt.name}"
    if recipe["new_format"] in ("docx", "pdf"):
        sys.path.insert(0, str(ROOT / "tools"))
        from make_corpus import generate

        generate(txt, PAIRS, formats=(recipe["new_format"],))
        new_rel = f"pairs/{name}.new.{recipe['new_format']}"
    gold = {"old": recipe["old"], "new": new_rel, "note": recipe["note"],
            "template": bool(recipe.get("template")),
            "pairs": gold_pairs(d, recipe.get("sub", [])),
            "findings": recipe.get("findings", []), "stale": recipe.get("stale", [])}
    if "template_required" in recipe:
        gold["template_required"] = recipe["template_required"]
    (PAIRS / f"{name}.gold.yaml").write_text(
        "# generated by tools/make_pairs.py from the recipe of the same name; do not edit by hand\n"
        + yaml.safe_dump(gold, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return txt


def main() -> int:
    PAIRS.mkdir(parents=True, exist_ok=True)
    for old in [*PAIRS.glob("*.gold.yaml"), *PAIRS.glob("*.new.*")]:  # a renamed recipe leaves nothing behind
        old.unlink()
    for r in RECIPES:
        print(make(r).name)
    for name in FORMAT_ONLY:
        gold = {"old": f"drafts/{name}.docx", "new": f"drafts/{name}.pdf", "identity": True,
                "note": "同じ原稿の DOCX と PDF（形式だけの違い、変更 0 件が正解）"}
        (PAIRS / f"format_{name}.gold.yaml").write_text(
            "# generated by tools/make_pairs.py; do not edit by hand\n"
            + yaml.safe_dump(gold, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
