"""The JSON output contract (``schema_version`` 1, see ARCHITECTURE.md)."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from .. import SCHEMA_VERSION
from ..model import Result
from ..memo import paused_gc


_SCALARS = (str, int, float, bool, type(None))


def _plain(v: Any) -> Any:
    t = type(v)
    if t in _SCALARS:  # most values (the offsets of a long statute's references): nothing to convert
        return v
    if t is dict:
        return {k: x if type(x) in _SCALARS else _plain(x) for k, x in v.items()}
    if t is list or t is tuple:
        return [x if type(x) in _SCALARS else _plain(x) for x in v]
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        if hasattr(v, "to_json"):
            return v.to_json()
        return {k: _plain(x) for k, x in dataclasses.asdict(v).items()}
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    return v


def clause_json(facts) -> list[dict]:
    return [{"path": c.path, "label": c.label, "kind": c.kind, "caption": c.caption,
             "start": c.start, "end": c.end, "page": c.page} for c in facts.clauses]


def to_json(result: Result) -> dict:
    facts = result.facts
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "source": result.source,
        "format": result.format,
        "status": result.status,
        "error": result.error,
        "text": result.doc.text if result.doc else "",
        "clauses": clause_json(facts) if facts else [],
        "definitions": [_plain(d) for d in facts.definitions] if facts else [],
        "parties": [_plain(p) for p in facts.parties] if facts else [],
        "findings": [f.to_json() for f in result.findings],
    }
    if result.error_code:
        out["error_code"] = result.error_code
    ocr = result.doc.meta.get("ocr") if result.doc else None
    if ocr:
        # per page: "ocr" true/false (with confidence, seconds, skew and the box of each
        # visual line for OCR pages); the notice once for the document
        out["notes"] = notes(result)
        out["ocr"] = {"note": ocr["note"], "engine": ocr["engine"],
                      "pages": [p["page"] for p in ocr["pages"] if p["ocr"]]}
        out["pages"] = ocr["pages"]
    _add_extra(out, facts)
    return out


def _add_extra(out: dict, facts) -> None:
    if facts is not None:
        for key, value in facts.extra.items():  # e.g. balance, coverage, profile
            if key not in out and not key.startswith("_"):
                out[key] = _plain(value)


def summary_json(result: Result) -> dict:
    """The document-level part of :func:`to_json` (definitions, notes and the analyses' extras:
    profile, coverage, balance …) without the text, clauses and findings: what a report's
    summary reads."""
    facts = result.facts
    out: dict[str, Any] = {"definitions": [_plain(d) for d in facts.definitions] if facts else []}
    if result.doc is not None and result.doc.meta.get("ocr"):
        out["notes"] = notes(result)
    _add_extra(out, facts)
    return out


def notes(result: Result) -> list[str]:
    """Notices a reader must see with the findings (the OCR notice)."""
    ocr = result.doc.meta.get("ocr") if result.doc else None
    return [ocr["note"]] if ocr else []


def dump(result: Result, fp) -> None:
    """Write :func:`dumps` to the text file ``fp`` in pieces: the text of a large statute is
    several MB of JSON, never held all at once."""
    with paused_gc():
        for piece in _pieces(to_json(result)):
            fp.write(piece)


# Layout: the top-level keys one per line; a list of records (clauses, definitions, references,
# findings …) one record per line, each record encoded by the C encoder (an indented dump runs the
# pure-Python encoder over millions of small values: on the statutes it took 0.18 s of 0.28). The
# result is plain JSON, and a diff of two runs shows one line per changed record.
_COMPACT = json.JSONEncoder(ensure_ascii=False)


def _pieces(data: dict):
    enc = _COMPACT.encode
    yield "{"
    for n, (key, value) in enumerate(data.items()):
        yield ("\n " if n == 0 else ",\n ") + enc(key) + ": "
        if isinstance(value, list) and value:
            yield "[\n  " + ",\n  ".join(map(enc, value)) + "\n ]"
        elif isinstance(value, dict) and value:
            yield "{\n  " + ",\n  ".join(enc(k) + ": " + enc(v) for k, v in value.items()) + "\n }"
        else:
            yield enc(value)
    yield "\n}\n" if data else "}\n"


def dumps(result: Result) -> str:
    # the cyclic collector paused: building and encoding a long statute's JSON makes millions of
    # small objects (no cycles), and each collection walked the whole heap (per character the time
    # grew with the document)
    with paused_gc():
        return "".join(_pieces(to_json(result)))
