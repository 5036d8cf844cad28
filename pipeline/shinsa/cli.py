"""Command line: ``shinsa scan``, ``shinsa diff``, ``shinsa explain``, ``shinsa --version``.

Exit codes: 0 no finding at or above ``--fail-on``; 1 findings at or above it;
2 usage error or an input that could not be read.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _add_scan_parser(sub) -> None:
    s = sub.add_parser("scan", help="scan files or folders (PDF, DOCX, TXT, MD)")
    s.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to scan")
    s.add_argument("--out", metavar="DIR",
                   help="write per-file JSON and HTML, index.html, summary.xlsx, summary.txt and failed.txt into DIR")
    s.add_argument("--format", type=parse_formats, default=("text",), metavar="FMT[,FMT]",
                   help="text: lines on stdout; json: JSON on stdout (without --out); "
                        "docx: NAME.reviewed.docx with Word comments (with --out); html is always written with --out")
    s.add_argument("--jobs", "-j", type=int, default=max(1, min(4, os.cpu_count() or 1)),
                   help="parallel worker processes with --out (default: number of cores, at most 4)")
    s.add_argument("--executor", choices=["local", "dask"], default=None,
                   help="with --out: local process pool (default), or dask: a Dask cluster "
                        "(--dask ADDRESS, or a local cluster of --jobs workers); needs pip install 'shinsa[dask]'")
    s.add_argument("--dask", metavar="ADDRESS",
                   help="with --out: scan on the Dask scheduler at ADDRESS (e.g. tcp://10.0.0.5:8786); "
                        "implies --executor dask")
    s.add_argument("--no-cache", action="store_true", help="rescan files even when unchanged")
    s.add_argument("--no-ocr", action="store_true",
                   help="do not read PDF pages without a text layer by OCR (scanned PDFs then fail)")
    s.add_argument("--fail-on", choices=["info", "warning", "error", "never"], default="warning",
                   help="exit 1 when a finding has at least this severity (default: warning)")
    s.add_argument("--lexicon", metavar="DIR", action="append", default=[],
                   help="extra lexicon folder that adds or overrides entries (repeatable)")
    s.add_argument("--select", metavar="RULES", help="comma-separated rule ids to run (default: all)")
    s.add_argument("--template", action="store_true",
                   help="the file is a template handed out on purpose: blanks (＿＿, ○○, 　年　月　日) become info, "
                        "each listed once")
    s.add_argument("--profile", metavar="ID",
                   help="force the document profile (kojin_joho_tokki, cloud_tokki, itaku_keiyaku, datacenter_tokki, "
                        "shiyosho, unyo_yoryo); default: detected from the title and content")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="shinsa",
        description="審査 — 契約書・仕様書の草案を条項ごとに点検します。 "
                    "Review Japanese contract and specification drafts clause by clause.",
        epilog="exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage error or unreadable input",
    )
    p.add_argument("--version", action="version", version=f"shinsa {__version__}")
    sub = p.add_subparsers(dest="command")

    _add_scan_parser(sub)

    from .diff import add_parser as add_diff_parser

    add_diff_parser(sub)

    e = sub.add_parser("explain", help="explain a rule id in Japanese")
    e.add_argument("rule", nargs="?", help="rule id, e.g. vague_wording (omit to list all)")
    e.add_argument("--json", action="store_true", help="print as JSON")

    es = sub.add_parser("explain-sentence",
                        help="show how a sentence is read: bearer, modality and propositions (文の読み取り結果)")
    es.add_argument("text", help="one or more sentences (a preamble defining 甲/乙 may precede them)")

    lx = sub.add_parser("lexicon", help="list or test the lexicons (辞書の一覧・例文テスト)")
    lxs = lx.add_subparsers(dest="lexicon_command")
    ll = lxs.add_parser("list", help="list every entry (built-in plus --lexicon folders)")
    ll.add_argument("--lexicon", metavar="DIR", action="append", default=[], help="extra lexicon folder")
    lt = lxs.add_parser("test", help="validate and run every entry's flag:/pass: examples")
    lt.add_argument("dir", nargs="?", help="a lexicon folder to test on top of the built-in one")
    lt.add_argument("--lexicon", metavar="DIR", action="append", default=[], help="extra lexicon folder")
    lt.add_argument("-v", "--verbose", action="store_true", help="also list the examples that pass")
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "scan":
        return cmd_scan(args)
    if args.command == "diff":
        from .diff import run as cmd_diff

        return cmd_diff(args, make_context)
    if args.command == "explain":
        return cmd_explain(args)
    if args.command == "lexicon":
        return cmd_lexicon(args)
    if args.command == "explain-sentence":
        return cmd_explain_sentence(args)
    parser.print_help()
    return EXIT_ERROR


def make_context(args) -> "object":
    """The check context for this run, with every lexicon loaded and validated now:
    a missing or broken lexicon folder stops the run before any file is read
    (file, line, reason; exit 2), instead of failing each file on its own."""
    from .checks import CheckContext

    select = None
    if getattr(args, "select", None):
        select = frozenset(s.strip() for s in args.select.split(",") if s.strip())
    ctx = CheckContext(select=select, lexicons=load_all_lexicons(getattr(args, "lexicon", None) or ()))
    profile = getattr(args, "profile", None)
    if profile:
        from .analysis.profile import profiles_for

        known = profiles_for(ctx).profiles
        if profile not in known:
            print(f"不明なプロファイルです: {profile}（{', '.join(sorted(known))}） / unknown profile", file=sys.stderr)
            raise SystemExit(EXIT_ERROR)
    return CheckContext(select=select, lexicons=ctx.lexicons, profile=profile,
                        options={"template": True} if getattr(args, "template", False) else {})


def load_all_lexicons(extra_dirs) -> "object":
    """Rule lexicons, profiles, consistency lexicons and vocabulary, built-in plus
    ``--lexicon`` folders; exits with status 2 and the problems on stderr."""
    from .lexicon import LexiconError, load
    from .rules import LOAD_ERROR
    from .vocabulary import check_pattern_files, party_words, quantity_words, term_words, time_words

    try:
        if LOAD_ERROR is not None:
            raise LOAD_ERROR
        # the vocabulary first: timeexpr and analysis.groups compile it when they are imported
        party_words()
        term_words()
        check_pattern_files()
        time_words()
        quantity_words()
        from .analysis import coverage, definitions, inventory  # noqa: F401  (compile their lexicons/vocab files)
        from .analysis.profile import profiles_for
        from .checks import CheckContext
        from .checks import wording  # noqa: F401  (compiles lexicons/vocab/wording.yaml when imported)
        from .checks.consistency import lexicon_for

        lexicons = load(extra_dirs)
        ctx = CheckContext(lexicons=lexicons)
        profiles_for(ctx)
        lexicon_for(ctx)
    except LexiconError as e:
        print(f"辞書に誤りがあります / invalid lexicon:\n{e}", file=sys.stderr)
        raise SystemExit(EXIT_ERROR) from e
    return lexicons


def cmd_explain_sentence(args) -> int:
    """Print, per sentence, the bearer and modality (analysis.modality) and every
    proposition (analysis.propositions) — what the semantic checks query."""
    from .analysis.propositions import of_sentence
    from .examples import example_facts

    facts = example_facts(args.text)
    statements = {st.sent: st for st in facts.statements}
    for si, sent in enumerate(facts.sentences):
        print(f"文 {si + 1}: {facts.text[sent.start:sent.end]}")
        st = statements.get(si)
        if st is not None:
            print(f"  担い手 bearer: {'・'.join(st.bearers) or 'なし'}  様相 modality: {st.modality}  "
                  f"述語 verb: {st.verb or '-'}")
        for p in of_sentence(facts, si):  # read on demand when the text names no parties
            print(f"  命題 proposition: {p.describe()}")
    return EXIT_CLEAN


def parse_formats(value: str, choices: tuple[str, ...] | None = None) -> tuple[str, ...]:
    choices = choices or FORMATS
    fmts = tuple(f.strip() for f in value.split(",") if f.strip())
    bad = [f for f in fmts if f not in choices]
    if bad:
        raise argparse.ArgumentTypeError(f"unknown format: {', '.join(bad)} (choose from {', '.join(choices)})")
    return fmts


FORMATS = ("text", "json", "html", "docx")


def cmd_scan(args) -> int:
    from .scan import collect_inputs

    inputs = collect_inputs(args.paths)
    if not inputs:
        print("入力ファイルが見つかりません。 / no input files found", file=sys.stderr)
        return EXIT_ERROR
    missing = [p for p, _ in inputs if not p.exists()]
    for p in missing:
        print(f"ファイルがありません。 / file not found: {p}", file=sys.stderr)
    inputs = [(p, d) for p, d in inputs if p.exists()]
    executor = "dask" if args.dask else (args.executor or "local")
    if executor == "dask":
        from .cluster import MISSING, available

        if not args.out:
            print("--dask / --executor dask には --out が必要です。 / --dask needs --out", file=sys.stderr)
            return EXIT_ERROR
        if not available():
            print(MISSING, file=sys.stderr)
            return EXIT_ERROR
    if args.out:
        return _scan_to_folder(args, inputs, missing, executor)
    return _scan_to_stdout(args, inputs, missing)


def _scan_to_folder(args, inputs: list, missing: list, executor: str) -> int:
    """``scan --out DIR``: the batch (local pool or Dask), per-file outputs, index and summary."""
    from .batch import BatchOptions, Progress, run_batch
    from .model import severity_rank
    from .report import text_report

    formats = args.format
    out = Path(args.out)
    opts = BatchOptions(out=out, jobs=max(1, args.jobs),
                        formats=tuple(f for f in ("json", "html", "docx") if f in formats or f != "docx"),
                        lexicon_dirs=tuple(args.lexicon), select=make_context(args).select,
                        profile=args.profile, use_cache=not args.no_cache, ocr=not args.no_ocr,
                        template=args.template)
    bar = Progress(len(inputs)) if "text" not in formats or not sys.stdout.isatty() else None
    runner = None
    if executor == "dask":
        from .cluster import runner as dask_runner

        runner = dask_runner(args.dask, workers=opts.jobs)
    summaries, interrupted = run_batch(inputs, opts, progress=bar.update if bar else None, runner=runner)
    if "text" in formats:
        for s in summaries:
            for line in text_report.summary_lines(s):
                print(line)
    ok = sum(s.status == "ok" for s in summaries)
    nfind = sum(len(s.findings) for s in summaries)
    print(f"{len(summaries)} 件のファイル（成功 {ok}、失敗 {len(summaries) - ok}）、指摘 {nfind} 件 → {out}/ "
          f"(index.html, summary.xlsx, summary.txt, ファイルごとの JSON/HTML)", file=sys.stderr)
    if interrupted:
        print("中断しました。完了したファイルの結果は保存済みです。 / interrupted; finished files are saved",
              file=sys.stderr)
        return 130
    worst = max((severity_rank(f["severity"]) for s in summaries for f in s.findings), default=-1)
    if len(summaries) - ok or missing:
        return EXIT_ERROR
    if args.fail_on != "never" and worst >= severity_rank(args.fail_on):
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _scan_to_stdout(args, inputs: list, missing: list) -> int:
    """``scan`` without ``--out``: text lines or JSON on stdout."""
    from .checks import iter_findings
    from .report import json_report, text_report
    from .scan import analyze_path

    formats = args.format
    ctx = make_context(args)
    results = []
    for path, display in inputs:
        r = analyze_path(path, ctx, display=display if path != Path(display) else None, ocr=not args.no_ocr)
        results.append(r)
        if "text" in formats:
            text_report.write([r])
    if "json" in formats:
        docs = [json_report.to_json(r) for r in results]
        json.dump(docs[0] if len(docs) == 1 else docs, sys.stdout, ensure_ascii=False, indent=1)
        print()
    ok = sum(r.status == "ok" for r in results)
    nfind = sum(len(r.findings) for r in results)
    print(f"{len(results)} 件のファイル（成功 {ok}、失敗 {len(results) - ok}）、指摘 {nfind} 件", file=sys.stderr)
    if missing or any(r.status != "ok" for r in results):
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
    if rule is None and _explain_profile(args.rule):
        return EXIT_CLEAN
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
    from .lexicon import LexiconError, default, explain_lines

    try:
        for line in explain_lines(default(), rule.id):
            print(line)
    except LexiconError as e:
        print(f"辞書の読み込みに失敗しました / lexicon error:\n{e}", file=sys.stderr)
    return EXIT_CLEAN


def _explain_profile(pid: str) -> bool:
    """``shinsa explain nda``: a profile's detection and checklist (topics with level and why)."""
    from .analysis.profile import load_profiles

    p = load_profiles().profiles.get(pid)
    if p is None:
        return False
    print(f"# {p.id} — {p.name}（文書の種類 / profile）\n")
    print("題名の判定: " + "、".join(rx.pattern for rx in p.title))
    print("本文の語: " + "、".join(p.content) + f"（{p.min_content}語以上と当事者の定めで判定）\n")
    print("## 書かれているべき事項（missing_clause）")
    for t in p.topics:
        print(f"- {t.id}（{'必須' if t.level == 'required' else '推奨'}）{t.name}：{t.why}")
    return True


def cmd_lexicon(args) -> int:
    from .examples import run_examples
    from .lexicon import LexiconError, list_lines, load

    dirs = list(getattr(args, "lexicon", []) or [])
    if getattr(args, "dir", None):
        dirs.append(args.dir)
    try:
        lexset = load(dirs)
    except LexiconError as e:
        print(f"辞書に誤りがあります / invalid lexicon:\n{e}", file=sys.stderr)
        return EXIT_ERROR
    if args.lexicon_command == "list":
        for line in list_lines(lexset):
            print(line)
        return EXIT_CLEAN
    if args.lexicon_command == "test":
        only = None
        if getattr(args, "dir", None):  # test the entries of that folder (and what they override)
            from pathlib import Path as _P

            root = str(_P(args.dir).resolve())
            only = [e.id for e in lexset.entries if e.file.startswith(root)]
        results = run_examples(lexset, only)
        bad = [r for r in results if not r.ok]
        for r in results:
            if not r.ok or args.verbose:
                print(("NG " if not r.ok else "OK ") + r.describe())
        print(f"例文 {len(results)} 件中 {len(results) - len(bad)} 件成功、{len(bad)} 件失敗 / "
              f"{len(results)} examples, {len(bad)} failed", file=sys.stderr)
        return EXIT_FINDINGS if bad else EXIT_CLEAN
    print("使い方: shinsa lexicon list | shinsa lexicon test [DIR]", file=sys.stderr)
    return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
