"""A batch on a Dask distributed cluster (``shinsa scan --dask ADDRESS`` / ``--executor dask``).

Files are tasks. The client reads each file and submits its bytes, so workers need
no shared folder; a worker scans the file with the same code as a local worker
(:func:`shinsa.batch.render_one`) and sends back the summary and the rendered
outputs, which the client writes into the output folder as they arrive (so
JSON, HTML, the index and ``summary.xlsx`` are the files a local run writes).
At most a few tasks per worker thread are in flight, so the client never holds
the whole batch in memory. A task that raises is retried once (``retries=1``);
if it fails again the file is reported like any unreadable file and the batch
goes on.

Workers build the Sudachi pipeline and the lexicons once per process, on their
first task. A worker process runs one scan at a time (a lock), because the GIL
gives threads nothing on this work and the tokenizer is per process: start
workers with ``--nthreads 1`` and as many processes as cores. ``--lexicon``
folders are read by the workers, so they must exist at the same path there.

``dask.distributed`` is an optional dependency: ``pip install 'shinsa[dask]'``.
"""

from __future__ import annotations

import functools
import threading
from pathlib import Path
from typing import Callable, Optional

from .batch import FileSummary, _atomic_write, failed_summary, largest_first

_LOCK = threading.Lock()
# tasks in flight per worker thread: enough to keep every worker busy while results travel
IN_FLIGHT_PER_THREAD = 2
MISSING = ("dask がインストールされていません。pip install 'shinsa[dask]' でインストールしてください。 / "
           "dask.distributed is not installed: pip install 'shinsa[dask]'")


def available() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


def scan_task(data: bytes, name: str, display: str, formats: tuple[str, ...], ocr: bool,
              init_args: tuple) -> tuple[FileSummary, list[tuple[str, str, str | bytes]]]:
    """Runs on a worker: scan one file given as bytes; returns (summary, outputs)."""
    import tempfile

    from . import batch

    with _LOCK:
        batch._init_worker(*init_args)
        with tempfile.TemporaryDirectory(prefix="shinsa-") as tmp:
            src = Path(tmp) / name
            src.write_bytes(data)
            items = [item if isinstance(item, FileSummary) else (item[0], item[1], batch.output_data(item[2]))
                     for item in batch.render_one(str(src), display, formats, ocr)]
    return items[-1], items[:-1]


def runner(address: Optional[str] = None, workers: int = 2) -> Callable:
    """The ``runner`` for :func:`shinsa.batch.run_batch`: the cluster at ``address``, or a
    local cluster of ``workers`` processes when ``address`` is None."""
    return functools.partial(run_on_dask, address=address, workers=workers)


def run_on_dask(todo: list[tuple], init_args: tuple, record: Callable[[FileSummary], None],
                address: Optional[str] = None, workers: int = 2, task: Callable = scan_task) -> None:
    """Scan ``todo`` (the ``process_one`` argument tuples) on the cluster at ``address``, or
    on a local cluster of ``workers`` processes (loopback only) when ``address`` is None."""
    from distributed import Client, LocalCluster

    cluster = None
    if address:
        client = Client(address)
    else:
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None)
        client = Client(cluster)
    try:
        _stream(client, largest_first(todo), init_args, record, task)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _stream(client, todo: list[tuple], init_args: tuple, record: Callable[[FileSummary], None],
            task: Callable) -> None:
    """Submit a window of tasks, write each result as it completes, submit the next."""
    from distributed import as_completed

    window = max(2, IN_FLIGHT_PER_THREAD * sum(client.nthreads().values()))
    queue = iter(todo)
    inflight: dict[str, tuple] = {}  # task key -> (future, process_one arguments)
    pending = as_completed()

    def submit_next() -> None:
        for args in queue:
            path, display, _out, formats, ocr = args
            try:
                data = Path(path).read_bytes()
            except OSError as e:
                record(failed_summary(args, e))
                continue
            fut = client.submit(task, data, Path(path).name, display, formats, ocr, init_args,
                                retries=1, pure=False)
            inflight[fut.key] = (fut, args)
            pending.add(fut)
            return

    for _ in range(window):
        submit_next()
    try:
        for fut in pending:
            args = inflight.pop(fut.key)[1]
            try:
                summary, files = fut.result()
                for _kind, rel, data in files:
                    _atomic_write(Path(args[2]) / rel, data)
            except Exception as e:  # failed twice (or the worker died): report the file, go on
                summary = failed_summary(args, e)
            fut.release()
            record(summary)
            submit_next()
    except KeyboardInterrupt:
        client.cancel([f for f, _ in inflight.values()])
        raise
