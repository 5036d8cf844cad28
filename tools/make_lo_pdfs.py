#!/usr/bin/env python3
"""PDFs exported by LibreOffice from our DOCX drafts, committed as parity fixtures (issue 13).

LibreOffice lays a Word file out differently from our own PDF writer (hanging indents
under heading-style articles, labels followed by a tab gap instead of a character,
full-width indents exported as offsets, Asian/Western autospace, justified lines),
which is what many real PDFs look like. CI has no LibreOffice, so a few exports are
committed under ``tests/fixtures/libreoffice/`` (about 120 KB each);
tests/test_format_parity.py also converts every draft when ``soffice`` is installed.

Usage: python tools/make_lo_pdfs.py [DOCX ...]   (default: FIXTURE_DRAFTS)
Needs Debian ``libreoffice-writer`` (or -nogui) and ``fonts-ipaexfont``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "libreoffice"
#: one of each layout family: Word auto-numbered heading articles with tables (cloud_tokki),
#: 第1 articles with subitems (kojin_joho_tokki), kanji numbering with chapters and a branch
#: article (seijo_keiyaku), a held-out contract with a signature block and a 別表 (mura_hoshu_keiyaku)
FIXTURE_DRAFTS = ["corpora/drafts/cloud_tokki.docx", "corpora/drafts/kojin_joho_tokki.docx",
                  "corpora/drafts/seijo_keiyaku.docx", "corpora/heldout_b/mura_hoshu_keiyaku.docx"]


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(docx: list[Path], out_dir: Path, timeout: float = 300) -> list[Path]:
    """Convert DOCX files to PDF with headless LibreOffice (one process, a private profile)."""
    exe = soffice()
    if exe is None:
        raise FileNotFoundError("soffice not found (apt-get install libreoffice-writer-nogui)")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, HOME=home)
        subprocess.run([exe, "--headless", f"-env:UserInstallation=file://{home}/profile", "--convert-to", "pdf",
                        "--outdir", str(out_dir), *map(str, docx)],
                       check=True, env=env, timeout=timeout, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return [out_dir / f"{p.stem}.pdf" for p in docx]


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    docx = [ROOT / a for a in (args or FIXTURE_DRAFTS)]
    for pdf in convert(docx, OUT):
        print(f"{pdf.relative_to(ROOT)} {pdf.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
