"""Make corpora/real_public/NAME.txt from the published NAME.md, changing markup only.

The conversion is deliberately trivial so that the TXT measures how shinsa reads
the real document: heading marks (``#``), emphasis (``**``), HTML tags, link
targets (``[text](url)`` keeps ``text``) and horizontal rules (``---``) are
removed; trailing spaces are dropped. Nothing else changes: list bullets and
``1.`` numbers stay as written, nothing is renumbered, reworded or added.
Sources published as plain text (``NAME.txt`` without ``NAME.md``) are already
the TXT and are left alone.

    python tools/real_public_txt.py            # rewrite every NAME.txt that has a NAME.md
    python tools/real_public_txt.py --check    # exit 1 when a NAME.txt is stale
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "corpora" / "real_public"

_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]*")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_RULE = re.compile(r"^[ \t]*-{3,}[ \t]*$")


def convert(md: str) -> str:
    out = []
    for line in md.splitlines():
        if _RULE.match(line):
            out.append("")
            continue
        line = _HEADING.sub("", line)
        line = line.replace("**", "")
        line = _TAG.sub("", line)
        line = _LINK.sub(r"\1", line)
        out.append(line.rstrip())
    return "\n".join(out).rstrip("\n") + "\n"


def main(argv: list[str]) -> int:
    stale = []
    for md in sorted(FOLDER.glob("*.md")):
        if md.name in ("README.md", "INDEX.md"):
            continue
        txt = md.with_suffix(".txt")
        text = convert(md.read_text(encoding="utf-8"))
        if "--check" in argv:
            if not txt.exists() or txt.read_text(encoding="utf-8") != text:
                stale.append(txt.name)
        else:
            txt.write_text(text, encoding="utf-8")
    if stale:
        print("stale: " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
