"""Many files: parallel scan with progress, per-file outputs, index and summary.

``run_batch`` scans every input in a process pool (one Sudachi pipeline per
worker, built once by the initializer). Each worker writes its file's outputs
itself (JSON, HTML, and a reviewed DOCX on request) atomically and returns a
compact summary; the parent writes ``index.html``, ``summary.xlsx``,
``summary.txt`` and ``failed.txt`` from those summaries. With a ``runner`` from
:mod:`shinsa.cluster` the files are tasks on a Dask cluster instead: the same
rendering runs on the workers and the outputs come back to be written here, so
both give the same files.

- A failed file never stops the batch: it is listed with its reason.
- Ctrl-C stops scheduling; files already finished keep complete outputs and
  the index/summary are written for them.
- A rerun skips files whose content, lexicons and shinsa version are
  unchanged (content-hash cache in ``OUT/.shinsa-cache.json``).
"""

from __future__ import annotations

import functools
import gc
import hashlib
import io
import json
import os
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Optional, TextIO

from . import __version__
from .memo import paused_gc

CACHE_NAME = ".shinsa-cache.json"


@dataclass
class BatchOptions:
    out: Path
    jobs: int = 1
    formats: tuple[str, ...] = ("json", "html")  # plus "docx" for reviewed Word files
    lexicon_dirs: tuple[str, ...] = ()
    select: Optional[frozenset[str]] = None
    profile: Optional[str] = None
    use_cache: bool = True
    ocr: bool = True  # read PDF pages without a text layer by OCR
    template: bool = False  # --template: blanks of a template are info, listed once


@dataclass
class FileSummary:
    source: str
    format: str
    status: str
    error: Optional[str]
    chars: int = 0
    pages: Optional[int] = None
    findings: list[dict] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # e.g. the OCR notice
    cached: bool = False
    seconds: float = 0.0


# ---------------------------------------------------------------- worker side
_CTX = None
_CTX_ARGS = None


def _make_context(lexicon_dirs: tuple[str, ...], select, profile, template: bool = False):
    from .checks import CheckContext
    from .lexicon import load_lexicons

    return CheckContext(lexicons=load_lexicons(list(lexicon_dirs)), select=select, profile=profile,
                        options={"template": True} if template else {})


def _init_worker(lexicon_dirs, select, profile, template: bool = False) -> None:
    """Build the Sudachi pipeline and compile the lexicons once per process.

    The parent calls this before forking the pool, so workers inherit both and
    the initializer finds them ready.
    """
    global _CTX, _CTX_ARGS
    from . import nlp

    nlp.tokenizer()
    args = (tuple(lexicon_dirs), select, profile, template)
    if _CTX is None or _CTX_ARGS != args:
        _CTX = _make_context(*args)
        _CTX_ARGS = args
        # what is loaded now (modules, lexicons, compiled patterns) lives as long as the
        # process: out of the garbage collector's way, or every full collection walks it
        gc.freeze()


def output_stem(display: str) -> str:
    return display


def _atomic_write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    if isinstance(data, str):
        tmp.write_text(data, encoding="utf-8")
    else:
        tmp.write_bytes(data)
    os.replace(tmp, path)


def render_one(path: str, display: str, formats: tuple[str, ...], ocr: bool = True) \
        -> Iterator[tuple[str, str, str | bytes] | FileSummary]:
    """Scan one file and render its outputs one at a time (where the file is scanned).

    Yields (kind, path relative to the output folder, data) per output, then the
    compact :class:`FileSummary`; data is a str, bytes, or a function writing text to a
    file (the JSON, so that it is streamed to disk, see :func:`write_output`). A generator, so a local worker writes each output
    and lets it go before the next is rendered; the Dask task collects them to send
    back. What only the analyses and checks read (tokens …) is dropped once the
    checks have run (:meth:`Facts.for_reports`)."""
    from .report import html_report, json_report
    from .scan import analyze_path

    t0 = time.perf_counter()
    # the collector stays paused until the tokens are dropped: the first collection after the
    # pause walks every object made during it, and most of them (tokens) die here by refcount
    with paused_gc():
        result = analyze_path(Path(path), _CTX, display=display, ocr=ocr)
        if result.facts is not None:
            result.facts = result.facts.for_reports()
    outputs = {}
    stem = output_stem(display)
    outputs["json"] = stem + ".json"
    yield "json", outputs["json"], functools.partial(json_report.dump, result)
    if "html" in formats:
        outputs["html"] = stem + ".html"
        yield "html", outputs["html"], html_report.render(result)
    if "docx" in formats and result.status == "ok" and result.format == "docx":
        import tempfile

        from .report import docx_comments

        outputs["docx"] = Path(display).with_suffix("").as_posix() + ".reviewed.docx"
        with tempfile.TemporaryDirectory() as tmp:
            dest = Path(tmp) / "reviewed.docx"
            docx_comments.write_reviewed(Path(path), result, dest)
            yield "docx", outputs["docx"], dest.read_bytes()
    pages = result.doc.meta.get("pages") if result.doc else None
    yield FileSummary(
        source=display, format=result.format, status=result.status, error=result.error,
        chars=len(result.doc.text) if result.doc else 0, pages=pages,
        findings=[{k: v for k, v in f.to_json().items() if k != "related"} for f in result.findings],
        outputs=outputs, notes=json_report.notes(result), seconds=time.perf_counter() - t0)


def write_output(path: Path, data: str | bytes | Callable) -> None:
    """Write one rendered output atomically (data as :func:`render_one` yields it)."""
    if not callable(data):
        _atomic_write(path, data)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "w", encoding="utf-8") as fp:
        data(fp)
    os.replace(tmp, path)


def output_data(data: str | bytes | Callable) -> str | bytes:
    """The content itself (to send it elsewhere), whatever form :func:`render_one` gave."""
    if not callable(data):
        return data
    buf = io.StringIO()
    data(buf)
    return buf.getvalue()


def process_one(path: str, display: str, out: str, formats: tuple[str, ...], ocr: bool = True) -> FileSummary:
    """Scan one file and write its outputs (runs in a worker process)."""
    outdir = Path(out)
    for item in render_one(path, display, formats, ocr):
        if isinstance(item, FileSummary):
            return item
        write_output(outdir / item[1], item[2])
    raise AssertionError("render_one yields a summary last")


def _process_in_worker(args) -> FileSummary:
    return process_one(*args)


# ---------------------------------------------------------------- parent side
def lexicon_digest(lexicon_dirs: tuple[str, ...]) -> str:
    """Hash of every lexicon file in effect (built-in and --lexicon folders)."""
    h = hashlib.sha256()
    for d in _lexicon_sources(lexicon_dirs):
        h.update(str(d).encode())
        h.update(d.read_bytes())
    return h.hexdigest()


def content_key(path: Path, lexicon_dirs: tuple[str, ...], formats: tuple[str, ...],
                lexicons: str | None = None) -> str:
    """Cache key: file bytes + lexicons + output formats + shinsa version."""
    h = hashlib.sha256()
    h.update(__version__.encode())
    h.update(",".join(sorted(formats)).encode())
    h.update((lexicons or lexicon_digest(lexicon_dirs)).encode())
    h.update(path.read_bytes() if path.exists() else b"")
    return h.hexdigest()


def _lexicon_sources(lexicon_dirs: tuple[str, ...]) -> list[Path]:
    from .lexicon import BUILTIN_DIR

    dirs = [BUILTIN_DIR, *map(Path, lexicon_dirs)]
    files = []
    for d in dirs:
        if d.is_dir():
            files.extend(sorted(d.rglob("*.yaml")))
            files.extend(sorted(d.rglob("*.yml")))
    return files


class Progress:
    """A bar on a terminal, plain log lines otherwise."""

    def __init__(self, total: int, stream: TextIO | None = None):
        self.total = total
        self.done = 0
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.t0 = time.perf_counter()

    def update(self, s: FileSummary) -> None:
        self.done += 1
        state = "キャッシュ" if s.cached else ("OK" if s.status == "ok" else "失敗")
        if self.tty:
            width = 30
            filled = int(width * self.done / max(1, self.total))
            rate = self.done / max(1e-9, time.perf_counter() - self.t0)
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} "
                              f"{rate:5.1f} files/s  {s.source[:40]:40s}")
            if self.done == self.total:
                self.stream.write("\n")
        else:
            self.stream.write(f"[{self.done}/{self.total}] {state} {s.source} "
                              f"({len(s.findings)} 件の指摘)\n")
        self.stream.flush()


def run_batch(inputs: list[tuple[Path, str]], opts: BatchOptions,
              progress: Callable[[FileSummary], None] | None = None,
              runner: Callable[[list, tuple, Callable[[FileSummary], None]], None] | None = None) \
        -> tuple[list[FileSummary], bool]:
    """Scan ``inputs`` into ``opts.out``. Returns (summaries, interrupted).

    ``runner(todo, init_args, record)`` replaces the local pool: it scans the
    ``process_one`` argument tuples of ``todo`` somewhere else, writes their outputs
    and calls ``record`` with each summary (:func:`shinsa.cluster.runner` for Dask)."""
    out = opts.out
    out.mkdir(parents=True, exist_ok=True)
    cache_path = out / CACHE_NAME
    cache = _read_cache(cache_path) if opts.use_cache else {}
    summaries, todo, keys = _from_cache(inputs, opts, cache, progress)
    init_args = (tuple(opts.lexicon_dirs), opts.select, opts.profile, opts.template)

    def record(s: FileSummary) -> None:
        summaries[s.source] = s
        if progress:
            progress(s)

    interrupted = _scan_todo(todo, opts.jobs, init_args, record, runner)
    ordered = [summaries[d] for _, d in inputs if d in summaries]
    _write_cache(cache_path, ordered, keys)
    write_summaries(ordered, out, interrupted=interrupted, total=len(inputs))
    return ordered, interrupted


def _read_cache(cache_path: Path) -> dict:
    """The cache of an earlier run in the output folder ({} when absent or unreadable)."""
    if not cache_path.exists():
        return {}
    try:
        return json.loads(cache_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _from_cache(inputs: list[tuple[Path, str]], opts: BatchOptions, cache: dict,
                progress: Callable[[FileSummary], None] | None) -> tuple[dict, list, dict]:
    """(summaries found in the cache by display name, ``process_one`` arguments of the files still to
    scan, cache key of every input). A hit needs the same key and every output still on disk."""
    out = opts.out
    summaries: dict[str, FileSummary] = {}
    todo = []
    keys = {}
    lexicons = lexicon_digest(opts.lexicon_dirs)
    for path, display in inputs:
        key = content_key(path, opts.lexicon_dirs,
                          opts.formats + ((f"profile={opts.profile}",) if opts.profile else ())
                          + (("template",) if opts.template else ())
                          + (() if opts.ocr else ("no-ocr",)), lexicons)
        keys[display] = key
        hit = cache.get(display)
        if opts.use_cache and hit and hit.get("key") == key and all(
                (out / o).exists() for o in hit["summary"].get("outputs", {}).values()):
            s = FileSummary(**hit["summary"])
            s.cached = True
            summaries[display] = s
            if progress:
                progress(s)
        else:
            todo.append((str(path), display, str(out), opts.formats, opts.ocr))
    return summaries, todo, keys


def _scan_todo(todo: list[tuple], jobs: int, init_args: tuple, record: Callable[[FileSummary], None],
               runner: Callable[[list, tuple, Callable[[FileSummary], None]], None] | None) -> bool:
    """Scan ``todo`` (with ``runner``, in this process, or in a local pool); True when interrupted."""
    try:
        if runner is not None:
            runner(todo, init_args, record)
        elif jobs <= 1 or len(todo) <= 1:
            _init_worker(*init_args)
            for args in todo:
                record(process_one(*args))
        else:
            _run_pool(todo, jobs, init_args, record)
    except KeyboardInterrupt:
        return True
    return False


def _write_cache(cache_path: Path, ordered: list[FileSummary], keys: dict) -> None:
    """The cache of the files scanned fine, for the next run."""
    # the time a scan took is left out: the cache (like every output) depends only on the inputs
    new_cache = {s.source: {"key": keys[s.source],
                            "summary": {k: v for k, v in vars(s).items() if k not in ("cached", "seconds")}}
                 for s in ordered if s.status == "ok"}
    _atomic_write(cache_path, json.dumps(new_cache, ensure_ascii=False))


def largest_first(todo: list[tuple]) -> list[tuple]:
    """Largest files first, so the last ones to finish are short and no worker idles long."""
    return sorted(todo, key=lambda a: -os.path.getsize(a[0]) if os.path.exists(a[0]) else 0)


def failed_summary(args: tuple, error: BaseException) -> FileSummary:
    """The summary of a file whose worker or task failed (reported like any bad file)."""
    return FileSummary(source=args[1], format=Path(args[0]).suffix.lstrip("."), status="error",
                       error=f"処理中にエラーが発生しました。 / worker failed: {type(error).__name__}: {error}")


def _run_pool(todo: list[tuple], jobs: int, init_args: tuple, record: Callable[[FileSummary], None]) -> None:
    """Scan ``todo`` in a local process pool; each worker writes its own outputs."""
    todo = largest_first(todo)
    _init_worker(*init_args)  # built once here; forked workers inherit it
    # keep the inherited heap out of the workers' garbage collections: otherwise each
    # collection touches every inherited object and copy-on-write duplicates the pages
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=init_args) as ex:
            pending = {ex.submit(_process_in_worker, a): a for a in todo}
            try:
                while pending:
                    done, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for fut in done:
                        args = pending.pop(fut)
                        try:
                            s = fut.result()
                        except Exception as e:  # a crashed worker: record and go on
                            s = failed_summary(args, e)
                        record(s)
            except KeyboardInterrupt:
                for fut in pending:
                    fut.cancel()
                ex.shutdown(wait=True, cancel_futures=True)
                raise
    finally:
        gc.unfreeze()


def write_summaries(summaries: list[FileSummary], out: Path, interrupted: bool = False,
                    total: Optional[int] = None) -> None:
    from .report import index_report, text_report

    failed = [s for s in summaries if s.status != "ok"]
    _atomic_write(out / "failed.txt", "".join(f"{s.source}\t{(s.error or '').splitlines()[0] if s.error else ''}\n"
                                              for s in failed))
    lines = []
    for s in summaries:
        lines.extend(text_report.summary_lines(s))
    tail = (f"{len(summaries)} 件のファイル（成功 {len(summaries) - len(failed)}、失敗 {len(failed)}）、"
            f"指摘 {sum(len(s.findings) for s in summaries)} 件")
    if interrupted:
        tail += f"（中断：{total} 件中 {len(summaries)} 件まで）"
    _atomic_write(out / "summary.txt", "\n".join(lines + ["", tail]) + "\n")
    _atomic_write(out / "index.html", index_report.render(summaries, interrupted=interrupted, total=total))
    try:
        from .report import xlsx_report
    except ImportError:  # openpyxl missing: the other outputs still stand
        return
    xlsx_report.write(summaries, out / "summary.xlsx")
