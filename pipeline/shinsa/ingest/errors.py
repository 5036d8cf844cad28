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
