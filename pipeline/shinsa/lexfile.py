"""Reading lexicon YAML with file and line: the loader shared by the rule
lexicons (``lexicon``), the vocabulary files (``vocabulary``), the profiles and
the consistency lexicons. A problem is reported as (file, line, reason) through
:class:`LexiconError`; nothing here knows any rule.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import yaml


def _builtin_dir() -> Path:
    """The built-in lexicon folder: package data ``shinsa.lexicons`` (top-level
    ``lexicons/`` in a checkout), found through importlib.resources so that an
    installed wheel reads its own copy. Absent (a broken install), the path still
    names where it was looked for and loading fails with a clear LexiconError."""
    from importlib.resources import files

    try:
        return Path(str(files("shinsa.lexicons")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent / "lexicons"


BUILTIN_DIR = _builtin_dir()
class LexiconError(Exception):
    """One or more problems in lexicon files; ``problems`` are (file, line, reason)."""

    def __init__(self, problems: list[tuple[str, int, str]]):
        self.problems = problems
        super().__init__("\n".join(f"{f}:{ln}: {r}" for f, ln, r in problems))


class _LDict(dict):
    """A mapping that remembers the line of itself and of each key (1-based)."""

    line = 0
    key_lines: dict


class _LList(list):
    line = 0
    item_lines: list


class _Loader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> _LDict:
    d = _LDict()
    d.line = node.start_mark.line + 1
    d.key_lines = {}
    dups = []
    for knode, vnode in node.value:
        key = loader.construct_object(knode, deep=True)
        if key in d:
            dups.append((key, knode.start_mark.line + 1))
        d[key] = loader.construct_object(vnode, deep=True)
        d.key_lines[key] = knode.start_mark.line + 1
    if dups:
        d.key_lines.setdefault("__dups__", dups)
    return d


def _construct_seq(loader: _Loader, node: yaml.SequenceNode) -> _LList:
    lst = _LList(loader.construct_object(n, deep=True) for n in node.value)
    lst.line = node.start_mark.line + 1
    lst.item_lines = [n.start_mark.line + 1 for n in node.value]
    return lst


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_seq)

_FastLoader = None
if getattr(yaml, "__with_libyaml__", False):
    class _FastLoader(yaml.CSafeLoader):  # type: ignore[no-redef]
        """The same constructors on libyaml's parser (8x faster; the same values and lines)."""

    _FastLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _FastLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_seq)


def load_yaml(text: str):
    """``yaml.load(text, Loader=_Loader)``, parsed by libyaml when PyYAML has it: parsing
    the built-in lexicons was two thirds of every process's start. A document libyaml
    rejects is parsed again by the Python loader, so problems read exactly as before."""
    if _FastLoader is not None:
        try:
            return yaml.load(text, Loader=_FastLoader)
        except yaml.YAMLError:
            pass
    return yaml.load(text, Loader=_Loader)


def _is_type(value: Any, typ) -> bool:
    types = typ if isinstance(typ, tuple) else (typ,)
    if bool in types:
        return isinstance(value, bool)
    if int in types and isinstance(value, bool):
        return False
    return isinstance(value, types)


def _type_name(typ) -> str:
    names = {str: "text", list: "list", dict: "mapping", bool: "true/false", int: "integer"}
    types = typ if isinstance(typ, tuple) else (typ,)
    return " or ".join(names.get(t, t.__name__) for t in types)


class _Problems(list):
    def add(self, file: str, line: int, reason: str) -> None:
        self.append((file, line, reason))


def _check_keys(d: _LDict, allowed: dict, file: str, where: str, probs: _Problems) -> None:
    for key, line in d.key_lines.get("__dups__", []):
        probs.add(file, line, f"duplicate key '{key}' in {where}")
    for key, value in d.items():
        line = d.key_lines.get(key, d.line)
        if key not in allowed:
            close = difflib.get_close_matches(str(key), list(allowed), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            probs.add(file, line, f"unknown key '{key}' in {where}{hint}")
        elif value is not None and not _is_type(value, allowed[key]):
            probs.add(file, line, f"'{key}' must be {_type_name(allowed[key])}")


def read_yaml(path: Path, probs: _Problems):
    """A YAML file read with line numbers (``_LDict``/``_LList``), or None with the problem added."""
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        probs.add(str(path), (mark.line + 1) if mark else 0, f"YAML syntax error: {e.problem or e}")
    except (OSError, UnicodeDecodeError) as e:
        probs.add(str(path), 0, f"cannot read: {e}")
    return None
