"""The error every reader raises for a file it cannot read (kept apart from the
package ``__init__`` so that the format modules need not import it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class IngestError(Exception):
    """A file that cannot be read. ``code`` is stable; messages are for people."""

    code: str
    ja: str
    en: str

    def __str__(self) -> str:
        return f"{self.ja} / {self.en}"


def ingest_error(code: str, msg: tuple[str, str], detail: str = "") -> IngestError:
    """An IngestError from a (Japanese, English) message pair and an optional English detail."""
    ja, en = msg
    return IngestError(code, ja, f"{en}: {detail}" if detail else en)
