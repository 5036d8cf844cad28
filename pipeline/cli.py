"""Command line: ``shinsa scan``, ``shinsa explain``, ``shinsa --version``.

Exit codes: 0 no finding at or above ``--fail-on``; 1 findings at or above it;
2 usage error or an input that could not be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="shinsa",
        description="審査 — 契約書・仕様書の草案を条項ごとに点検します。 "
                    "Review Japanese contract and specification drafts clause by clause.",
        epilog="exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage error or unreadable input",
    )
    p.add_argument("--version", action="version", version=f"shinsa {__version__}")
    sub = p.add_subparsers(dest="command")

    s = sub.add_parser("scan", help="scan files or folders (PDF, DOCX, TXT, MD)")
    s.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to scan")
    s.add_argument("--out", metavar="DIR", help="write one JSON per file (and summaries) into DIR")
    s.add_argument("--format", choices=["json", "text"], default="text",
                   help="what to print on stdout (default: text)")
    s.add_argument("--fail-on", choices=["info", "warning", "error", "never"], default="warning",
                   help="exit 1 when a finding has at least this severity (default: warning)")
    s.add_argument("--lexicon", metavar="DIR", action="append", default=[],
                   help="extra lexicon folder that adds or overrides entries (repeatable)")
    s.add_argument("--select", metavar="RULES", help="comma-separated rule ids to run (default: all)")

    e = sub.add_parser("explain", help="explain a rule id in Japanese")
    e.add_argument("rule", nargs="?", help="rule id, e.g. vague_wording (omit to list all)")
    e.add_argument("--json", action="store_true", help="print as JSON")
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "scan":
        return cmd_scan(args)
    if args.command == "explain":
        return cmd_explain(args)
    parser.print_help()
    return EXIT_ERROR


def make_context(args) -> "object":
    from .checks import CheckContext

    select = None
    if getattr(args, "select", None):
        select = frozenset(s.strip() for s in args.select.split(",") if s.strip())
    return CheckContext(select=select)


def output_name(display: str) -> str:
    return display + ".json"


def cmd_scan(args) -> int:
    from .checks import iter_findings
    from .report import json_report, text_report
    from .scan import analyze_path, collect_inputs

    inputs = collect_inputs(args.paths)
    if not inputs:
        print("入力ファイルが見つかりません。 / no input files found", file=sys.stderr)
        return EXIT_ERROR
    ctx = make_context(args)
    out = Path(args.out) if args.out else None
    if out:
        out.mkdir(parents=True, exist_ok=True)
    results = []
    summary_lines: list[str] = []
    for path, display in inputs:
        if not path.exists():
            from .scan import Result

            r = Result(source=str(path), format="unknown", status="error", error_code="not_found",
                       error=f"ファイルがありません。 / file not found: {path}")
        else:
            r = analyze_path(path, ctx, display=display if path != Path(display) else None)
        results.append(r)
        if out:
            target = out / output_name(display)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json_report.dumps(r), encoding="utf-8")
        lines = list(text_report.lines(r))
        summary_lines.extend(lines)
        if args.format == "text":
            text_report.write([r])
    if args.format == "json" and not out:
        docs = [json_report.to_json(r) for r in results]
        json.dump(docs[0] if len(docs) == 1 else docs, sys.stdout, ensure_ascii=False, indent=1)
        print()
    ok = sum(r.status == "ok" for r in results)
    nfind = sum(len(r.findings) for r in results)
    tail = f"{len(results)} 件のファイル（成功 {ok}、失敗 {len(results) - ok}）、指摘 {nfind} 件"
    if out:
        (out / "summary.txt").write_text("\n".join(summary_lines + ["", tail]) + "\n", encoding="utf-8")
        tail += f" → {out}/"
    print(tail, file=sys.stderr)

    if any(r.status != "ok" for r in results):
        return EXIT_ERROR
    if args.fail_on != "never" and any(next(iter(iter_findings(r.findings, args.fail_on)), None)
                                       for r in results):
        return EXIT_FINDINGS
    return EXIT_CLEAN


def cmd_explain(args) -> int:
    from .checks import implemented_rules
    from .rules import RULES

    docs = implemented_rules()
    if not args.rule:
        for rid, r in RULES.items():
            status = "stable" if rid in docs else "planned"
            print(f"{rid:26s} {r.name}  [{status}]")
        return EXIT_CLEAN
    rule = RULES.get(args.rule)
    if rule is None:
        print(f"不明なルールです: {args.rule} / unknown rule: {args.rule}", file=sys.stderr)
        return EXIT_ERROR
    doc = docs.get(rule.id)
    if args.json:
        json.dump({"id": rule.id, "name": rule.name, "group": rule.group, "since": rule.since,
                   "status": "stable" if doc is not None else "planned", "doc": doc or ""},
                  sys.stdout, ensure_ascii=False, indent=1)
        print()
        return EXIT_CLEAN
    print(f"# {rule.id} — {rule.name}\n")
    print(doc if doc else "このルールはまだ実装されていません。 / not implemented yet.")
    return EXIT_CLEAN


if __name__ == "__main__":
    sys.exit(main())
