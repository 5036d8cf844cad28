"""``shinsa diff OLD NEW``: the subcommand's options and its run.

Exit codes follow diff(1): 0 no clause changed, 1 clauses changed, 2 usage
error or an input that could not be read.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

DIFF_FORMATS = ("text", "json", "html", "xlsx", "docx")
FILE_FORMATS = ("json", "html", "xlsx", "docx")
EXIT_SAME, EXIT_CHANGED, EXIT_ERROR = 0, 1, 2


def parse_formats(value: str) -> tuple[str, ...]:
    import argparse

    fmts = tuple(f.strip() for f in value.split(",") if f.strip())
    bad = [f for f in fmts if f not in DIFF_FORMATS]
    if bad:
        raise argparse.ArgumentTypeError(f"unknown format: {', '.join(bad)} (choose from {', '.join(DIFF_FORMATS)})")
    return fmts


def add_parser(sub) -> None:
    d = sub.add_parser("diff", help="compare two versions clause by clause (新旧対照表)",
                       description="新旧対照表：2つの版を条項単位で対応付け、変更と指摘の対応状況を示します。 "
                                   "Compare OLD and NEW (PDF, DOCX, TXT, MD in any mix) clause by clause.",
                       epilog="exit codes: 0 no clause changed, 1 clauses changed, 2 usage error or unreadable input")
    d.add_argument("old", metavar="OLD", help="the earlier version (or the standard, with --template)")
    d.add_argument("new", metavar="NEW", help="the revised version (or the draft, with --template)")
    d.add_argument("--out", metavar="DIR", help="write diff.json, diff.html, diff.xlsx, diff.docx into DIR")
    d.add_argument("--format", type=parse_formats, default=None, metavar="FMT[,FMT]",
                   help="text (stdout), json (stdout without --out), html, xlsx, docx (files, need --out); "
                        "default: text, plus every file format with --out")
    d.add_argument("--findings", metavar="OLD.json",
                   help="the reviewers' findings on OLD (our scan JSON, rows may be deleted) instead of scanning OLD")
    d.add_argument("--template", action="store_true",
                   help="OLD is a standard: list the 加除修正事項 and flag deleted clauses the profile requires")
    d.add_argument("--lexicon", metavar="DIR", action="append", default=[], help="extra lexicon folder")
    d.add_argument("--profile", metavar="ID", help="force the document profile of both versions")


def _outputs(args) -> tuple[str, ...] | None:
    fmts = args.format or (("text",) + FILE_FORMATS if args.out else ("text",))
    if not args.out and any(f in fmts for f in ("html", "xlsx", "docx")):
        print("html・xlsx・docx には --out DIR が必要です。 / html, xlsx and docx need --out DIR", file=sys.stderr)
        return None
    return fmts


def run(args, make_context) -> int:
    from .report import diff_json, diff_text
    from .scan import analyze_path
    from .compare import compare
    from .compare.followup import FindingsFileError, load_findings

    fmts = _outputs(args)
    if fmts is None:
        return EXIT_ERROR
    for p in (args.old, args.new):
        if not Path(p).exists():
            print(f"ファイルがありません。 / file not found: {p}", file=sys.stderr)
            return EXIT_ERROR
    reviewed = None
    if args.findings:
        try:
            reviewed = load_findings(args.findings)
        except FindingsFileError as e:
            print(e, file=sys.stderr)
            return EXIT_ERROR
    ctx = make_context(args)
    old, new = analyze_path(args.old, ctx), analyze_path(args.new, ctx)
    for r in (old, new):
        if r.status != "ok":
            print(f"{r.source}: {(r.error or '').splitlines()[0]}", file=sys.stderr)
            return EXIT_ERROR
    cmp = compare(old, new, reviewed=reviewed, template=args.template)
    if "text" in fmts:
        for line in diff_text.lines(cmp):
            print(line)
    if args.out:
        write_files(cmp, Path(args.out), [f for f in fmts if f in FILE_FORMATS])
    elif "json" in fmts:
        json.dump(diff_json.to_json(cmp), sys.stdout, ensure_ascii=False, indent=1)
        print()
    print(diff_text.summary(cmp) + (f" → {args.out}/" if args.out else ""), file=sys.stderr)
    return EXIT_CHANGED if cmp.changes else EXIT_SAME


def write_files(cmp, out: Path, fmts) -> list[Path]:
    """Write diff.<fmt> for each format into ``out``; returns the paths written."""
    from .report import diff_json

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for f in fmts:
        path = out / f"diff.{f}"
        if f == "json":
            path.write_text(diff_json.dumps(cmp), encoding="utf-8")
        elif f == "html":
            from .report import diff_html

            path.write_text(diff_html.render(cmp), encoding="utf-8")
        elif f == "xlsx":
            from .report import diff_xlsx

            diff_xlsx.write(cmp, path)
        elif f == "docx":
            from .report import diff_docx

            diff_docx.write(cmp, path)
        written.append(path)
    return written
