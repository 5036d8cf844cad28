"""The batch on a Dask cluster (shinsa.cluster) writes the same files as the local pool.

A LocalCluster of 2 worker processes on the loopback interface (no other network);
skipped only when dask.distributed is not installed (``pip install '.[dask]'``).
"""

from __future__ import annotations

import functools
import shutil
import sys
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

from shinsa import cli, cluster  # noqa: E402
from shinsa.batch import BatchOptions, run_batch  # noqa: E402
from shinsa.scan import collect_inputs  # noqa: E402

DRAFTS = Path(__file__).resolve().parent.parent / "corpora" / "drafts"
NAMES = ("callcenter_shiyosho", "cloud_tokki", "vendor_shiyosho")


@pytest.fixture(scope="module")
def scheduler():
    import cloudpickle

    # the flaky tasks below are defined here: send them to the workers by value
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as c:
        yield c.scheduler_address
    cloudpickle.unregister_pickle_by_value(sys.modules[__name__])


@pytest.fixture()
def folder(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    for name in NAMES:
        for ext in (".txt", ".docx", ".pdf"):
            shutil.copy(DRAFTS / (name + ext), src / ("sub" if ext == ".pdf" else "") / (name + ext))
    (src / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    (src / "empty.txt").write_bytes(b"")
    return src


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_dask_outputs_byte_identical_to_jobs_2(folder, tmp_path, scheduler):
    inputs = collect_inputs([folder])
    local, _ = run_batch(inputs, BatchOptions(out=tmp_path / "local", jobs=2, use_cache=False))
    remote, interrupted = run_batch(inputs, BatchOptions(out=tmp_path / "dask", jobs=2, use_cache=False),
                                    runner=cluster.runner(scheduler))
    assert not interrupted
    a, b = _files(tmp_path / "local"), _files(tmp_path / "dask")
    assert {"index.html", "summary.xlsx", "summary.txt", "failed.txt", "sub/cloud_tokki.pdf.html",
            "cloud_tokki.docx.json"} <= set(a)
    assert sorted(a) == sorted(b)
    assert [k for k in a if a[k] != b[k]] == []  # every file, the cache included, byte for byte
    assert [s.status for s in local] == [s.status for s in remote]
    assert {s.source for s in remote if s.status != "ok"} == {"broken.pdf", "empty.txt"}


def test_rerun_on_dask_uses_the_cache(folder, tmp_path, scheduler):
    inputs = collect_inputs([folder])
    opts = BatchOptions(out=tmp_path / "o")
    run_batch(inputs, opts, runner=cluster.runner(scheduler))
    again, _ = run_batch(inputs, opts, runner=cluster.runner(scheduler))
    assert all(s.cached for s in again if s.status == "ok")


def flaky_task(markers, data, name, display, formats, ocr, init_args):
    """Fails the first attempt of every file (a marker file in ``markers``), then scans."""
    marker = Path(markers) / (display.replace("/", "_") + ".tried")
    if not marker.exists():
        marker.write_text("1")
        raise RuntimeError("first attempt fails")
    return cluster.scan_task(data, name, display, formats, ocr, init_args)


def broken_task(data, name, display, formats, ocr, init_args):
    if display.startswith("cloud_tokki"):
        raise RuntimeError("this file always fails")
    return cluster.scan_task(data, name, display, formats, ocr, init_args)


def test_failed_task_is_retried_once(folder, tmp_path, scheduler):
    inputs = collect_inputs([folder])[:3]
    got = []
    todo = [(str(p), d, str(tmp_path / "o"), ("json", "html"), True) for p, d in inputs]
    cluster.run_on_dask(todo, ((), None, None), got.append, address=scheduler,
                        task=functools.partial(flaky_task, str(tmp_path)))
    assert sorted(s.source for s in got) == sorted(d for _, d in inputs)
    assert all(s.status == "ok" for s in got if not s.source.startswith(("broken", "empty")))
    assert len(list(tmp_path.glob("*.tried"))) == 3  # each failed once, then succeeded
    assert (tmp_path / "o" / (inputs[0][1] + ".json")).exists()


def test_task_failing_twice_is_reported_like_a_bad_file(folder, tmp_path, scheduler):
    inputs = collect_inputs([folder])
    todo = [(str(p), d, str(tmp_path / "o"), ("json", "html"), True) for p, d in inputs]
    got = {}
    cluster.run_on_dask(todo, ((), None, None), lambda s: got.__setitem__(s.source, s), address=scheduler,
                        task=broken_task)
    assert len(got) == len(inputs)
    assert got["cloud_tokki.docx"].status == "error"
    assert "worker failed" in got["cloud_tokki.docx"].error and "always fails" in got["cloud_tokki.docx"].error
    assert got["callcenter_shiyosho.txt"].status == "ok"


def test_cli_dask_address(folder, tmp_path, scheduler, capsys):
    code = cli.main(["scan", str(folder), "--out", str(tmp_path / "o"), "--dask", scheduler, "--fail-on", "never",
                     "--format", "json"])
    assert code == cli.EXIT_ERROR  # broken.pdf and empty.txt
    assert "broken.pdf" in (tmp_path / "o" / "failed.txt").read_text(encoding="utf-8")
    assert (tmp_path / "o" / "summary.xlsx").exists()


def test_cli_without_dask_explains_the_install(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cluster, "available", lambda: False)
    code = cli.main(["scan", str(DRAFTS / "cloud_tokki.txt"), "--out", str(tmp_path), "--executor", "dask"])
    assert code == cli.EXIT_ERROR
    assert "pip install 'shinsa[dask]'" in capsys.readouterr().err
