"""What ``pip install`` gives is what we tested.

Builds the wheel from a copy of the checkout, installs it into a fresh venv in a
temporary folder, and scans a draft from another working directory: the findings
must equal the checkout's. Also: the wheel holds every package and the lexicons
(and no evaluation code), and a missing or broken lexicon folder in the installed
copy stops ``shinsa scan`` at start with exit 2 and file:line: reason.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "corpora" / "drafts" / "kojin_joho_tokki.txt"


def test_declared_packages_are_every_package():
    cfg = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    declared = set(cfg["packages"])
    on_disk = {"shinsa" + "".join("." + p for p in d.relative_to(ROOT / "pipeline" / "shinsa").parts)
               for d in (ROOT / "pipeline" / "shinsa").rglob("*") if (d / "__init__.py").exists()} | {"shinsa"}
    assert on_disk | {"shinsa.lexicons"} == declared


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(python of a fresh venv with the wheel installed, folder of that venv, wheel path)."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".venv", ".git", "out", "build", "*.egg-info",
                                                               "__pycache__", "corpora", "notebooks", "tests"))
    dist = tmp / "dist"
    built = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist),
                            str(src)], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    wheel = next(dist.glob("shinsa-*.whl"))
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    py = venv / "bin" / "python"
    site = Path(subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    # install the wheel itself (no dependencies) with this interpreter's pip, then let the
    # fresh venv see the test venv's dependencies (sudachipy, spacy …) after its own packages
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q",
                    "--target", str(site), str(wheel)], check=True, capture_output=True, timeout=300)
    (site / "zz_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return py, site, wheel


def _env():
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    return env


def _scan(py: Path, draft: Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(py), "-m", "shinsa.cli", "scan", str(draft), "--format", "json", "--fail-on", "never"],
                          cwd=cwd, capture_output=True, text=True, timeout=300, env=_env())


def _findings(stdout: str) -> list[tuple]:
    data = json.loads(stdout)
    docs = data if isinstance(data, list) else [data]
    return sorted((f["rule"], f.get("clause"), f["quote"], f["start"]) for d in docs for f in d["findings"])


def test_wheel_contents(installed):
    _, _, wheel = installed
    names = zipfile.ZipFile(wheel).namelist()
    assert "shinsa/lexicons/vague_time.yaml" in names
    assert any(n.startswith("shinsa/lexicons/profiles/") and n.endswith(".yaml") for n in names)
    assert any(n.startswith("shinsa/lexicons/consistency/") for n in names)
    assert "shinsa/lexicons/vocab/parties.yaml" in names
    assert not any(n.startswith(("pipeline/", "evaluation/", "lexicons/")) for n in names)


def test_installed_wheel_scans_like_the_checkout(installed, tmp_path):
    py, site, _ = installed
    where = subprocess.run([str(py), "-c", "import shinsa; print(shinsa.__file__)"], cwd=tmp_path,
                           capture_output=True, text=True, env=_env(), check=True).stdout.strip()
    assert Path(where).is_relative_to(site), where
    draft = tmp_path / "draft.txt"
    shutil.copy(DRAFT, draft)
    got = _scan(py, draft, tmp_path)
    assert got.returncode == 0, got.stderr
    here = _scan(Path(sys.executable), draft, ROOT)
    assert here.returncode == 0, here.stderr
    assert _findings(got.stdout) and _findings(got.stdout) == _findings(here.stdout)


def _broken_copy(installed, tmp_path, breaker) -> subprocess.CompletedProcess:
    py, site, _ = installed
    lex = site / "shinsa" / "lexicons"
    backup = tmp_path / "lexicons.bak"
    shutil.copytree(lex, backup)
    try:
        breaker(lex)
        draft = tmp_path / "draft.txt"
        shutil.copy(DRAFT, draft)
        return _scan(py, draft, tmp_path)
    finally:
        shutil.rmtree(lex, ignore_errors=True)
        shutil.copytree(backup, lex)


def test_broken_lexicon_is_a_startup_error(installed, tmp_path):
    def corrupt(lex: Path):
        (lex / "vague_time.yaml").write_text("version: 1\nrule: vague_wording\nentries:\n  - id: x\n    mach: [a]\n",
                                             encoding="utf-8")

    got = _broken_copy(installed, tmp_path, corrupt)
    assert got.returncode == 2, got.stdout + got.stderr
    assert "vague_time.yaml:5:" in got.stderr and "unknown key 'mach'" in got.stderr
    assert "内部エラー" not in got.stderr + got.stdout


def test_missing_lexicon_folder_is_a_startup_error(installed, tmp_path):
    got = _broken_copy(installed, tmp_path, lambda lex: [shutil.rmtree(p) if p.is_dir() else p.unlink()
                                                          for p in lex.iterdir() if p.name != "__init__.py"])
    assert got.returncode == 2, got.stdout + got.stderr
    assert "辞書" in got.stderr and "内部エラー" not in got.stderr + got.stdout
