"""Loading and validating hand-edited YAML content.

Every problem names the file, the line, the place inside the document and what is
wrong, so that a person editing the YAML can find and fix it. The loaders in
``model`` and ``criteria`` read documents through :class:`Node`, which records
problems instead of raising at the first one; :func:`raise_problems` then raises one
:class:`ContentError` that lists them all.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

CONTENT_DIR = Path(os.environ.get("CIRKULAR_CONTENT_DIR") or Path(__file__).resolve().parent.parent / "content")
LANGUAGES = ("sv", "en")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

PathPart = str | int


class ProblemCode(StrEnum):
    YAML_SYNTAX = "yaml-syntax"
    MISSING_FILE = "missing-file"
    MISSING_FIELD = "missing-field"
    UNKNOWN_FIELD = "unknown-field"
    WRONG_TYPE = "wrong-type"
    MISSING_TRANSLATION = "missing-translation"
    DUPLICATE_ID = "duplicate-id"
    DANGLING_REFERENCE = "dangling-reference"
    BAD_VALUE = "bad-value"


@dataclass(frozen=True)
class Text:
    """A text in both interface languages."""

    sv: str
    en: str

    def get(self, language: str) -> str:
        """The text in ``language`` (``en`` or ``sv``; anything else gives Swedish)."""
        return self.en if language.startswith("en") else self.sv

    def __str__(self) -> str:
        return self.sv


@dataclass(frozen=True)
class Source:
    title: str
    url: str | None = None


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    place: str
    code: ProblemCode
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        place = f" {self.place}:" if self.place else ""
        return f"{where}:{place} {self.message}"


class ContentError(ValueError):
    """Raised when content does not validate; ``problems`` lists every finding."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the content:\n{lines}")


def format_place(path: Iterable[PathPart]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _line_index(node: yaml.Node, path: tuple[PathPart, ...], index: dict[tuple[PathPart, ...], int]) -> None:
    """Map each path to the line where it starts: for a mapping value, the line of its key."""
    index.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            index.setdefault((*path, key), key_node.start_mark.line + 1)
            _line_index(value_node, (*path, key), index)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _line_index(item, (*path, i), index)


class Document:
    """One YAML file with its data, a path → line index and the problems found in it."""

    def __init__(self, path: Path, label: str, problems: list[Problem]) -> None:
        self.path = path
        self.label = label
        self.problems = problems
        self.lines: dict[tuple[PathPart, ...], int] = {}
        self.data: Any = None
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.report((), ProblemCode.MISSING_FILE, "the file does not exist")
            return
        except UnicodeDecodeError as exc:
            self.report((), ProblemCode.YAML_SYNTAX, f"the file is not UTF-8 ({exc.reason})")
            return
        try:
            node = yaml.compose(raw, Loader=yaml.SafeLoader)
            self.data = yaml.safe_load(raw)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else None
            reason = getattr(exc, "problem", None) or str(exc)
            self.problems.append(Problem(label, line, "", ProblemCode.YAML_SYNTAX, f"YAML syntax error: {reason}"))
            return
        if node is not None:
            _line_index(node, (), self.lines)

    def line(self, path: tuple[PathPart, ...]) -> int | None:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())

    def report(self, path: tuple[PathPart, ...], code: ProblemCode, message: str) -> None:
        self.problems.append(Problem(self.label, self.line(path), format_place(path), code, message))

    def root(self) -> Node:
        return Node(self, (), self.data)


_MISSING = object()


@dataclass
class Node:
    """A cursor on one value of a document; reading through it records problems."""

    doc: Document
    path: tuple[PathPart, ...]
    value: Any
    seen: set[str] = field(default_factory=set)

    @property
    def place(self) -> str:
        return format_place(self.path)

    def report(self, code: ProblemCode, message: str, key: PathPart | None = None) -> None:
        path = self.path if key is None else (*self.path, key)
        self.doc.report(path, code, message)

    def is_mapping(self) -> bool:
        return isinstance(self.value, dict)

    def _get(self, key: str, required: bool) -> Any:
        self.seen.add(key)
        if not isinstance(self.value, dict):
            return _MISSING
        if key not in self.value or self.value[key] is None:
            if required:
                self.report(ProblemCode.MISSING_FIELD, f"'{key}' is missing")
            return _MISSING
        return self.value[key]

    def child(self, key: str, required: bool = True) -> Node | None:
        value = self._get(key, required)
        if value is _MISSING:
            return None
        return Node(self.doc, (*self.path, key), value)

    def has(self, key: str) -> bool:
        return isinstance(self.value, dict) and self.value.get(key) is not None

    def string(self, key: str, required: bool = True, default: str = "") -> str:
        value = self._get(key, required)
        if value is _MISSING:
            return default
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.report(ProblemCode.WRONG_TYPE, f"'{key}' must be a text, not {type(value).__name__}", key)
            return default
        text = str(value).strip()
        if required and not text:
            self.report(ProblemCode.MISSING_FIELD, f"'{key}' is empty", key)
        return text

    def ident(self, key: str = "id", pattern: re.Pattern[str] = ID_RE) -> str:
        value = self.string(key)
        if value and not pattern.match(value):
            self.report(ProblemCode.BAD_VALUE, f"'{key}' '{value}' does not have the form {pattern.pattern}", key)
        return value

    def boolean(self, key: str, default: bool = False) -> bool:
        value = self._get(key, False)
        if value is _MISSING:
            return default
        if not isinstance(value, bool):
            self.report(ProblemCode.WRONG_TYPE, f"'{key}' must be true or false", key)
            return default
        return value

    def integer(self, key: str, required: bool = True, default: int = 0) -> int:
        value = self._get(key, required)
        if value is _MISSING:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.report(ProblemCode.WRONG_TYPE, f"'{key}' must be a whole number", key)
            return default
        return value

    def number(self, key: str, required: bool = True) -> float | None:
        value = self._get(key, required)
        if value is _MISSING:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.report(ProblemCode.WRONG_TYPE, f"'{key}' must be a number", key)
            return None
        return float(value)

    def date(self, key: str) -> dt.date | None:
        value = self._get(key, True)
        if value is _MISSING:
            return None
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            self.report(ProblemCode.WRONG_TYPE, f"'{key}' must be a date (YYYY-MM-DD)", key)
            return None
        return value

    def choice(self, key: str, allowed: Iterable[str]) -> str:
        options = tuple(allowed)
        value = self.string(key)
        if value and value not in options:
            self.report(ProblemCode.BAD_VALUE, f"'{key}' is '{value}', expected one of: {', '.join(options)}", key)
        return value

    def text(self, key: str, required: bool = True) -> Text | None:
        value = self._get(key, required)
        if value is _MISSING:
            return None if not required else Text("", "")
        return Node(self.doc, (*self.path, key), value).as_text()

    def as_text(self) -> Text:
        if not isinstance(self.value, dict):
            self.report(ProblemCode.WRONG_TYPE, "must be a mapping with the languages sv and en")
            return Text("", "")
        parts: dict[str, str] = {}
        for lang in LANGUAGES:
            raw = self.value.get(lang)
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                self.report(ProblemCode.MISSING_TRANSLATION, f"the '{lang}' translation is missing")
                parts[lang] = ""
            elif not isinstance(raw, str):
                self.report(ProblemCode.WRONG_TYPE, f"the '{lang}' text must be a string", lang)
                parts[lang] = str(raw)
            else:
                parts[lang] = raw.strip()
        for extra in sorted(set(self.value) - set(LANGUAGES)):
            self.report(ProblemCode.UNKNOWN_FIELD, f"unknown language '{extra}' (expected sv and en)", extra)
        return Text(parts["sv"], parts["en"])

    def items(self, key: str, required: bool = True, min_items: int = 0) -> list[Node]:
        value = self._get(key, required)
        if value is _MISSING:
            return []
        if not isinstance(value, list):
            self.report(ProblemCode.WRONG_TYPE, f"'{key}' must be a list", key)
            return []
        if len(value) < min_items:
            self.report(ProblemCode.BAD_VALUE, f"'{key}' needs at least {min_items} item(s), has {len(value)}", key)
        return [Node(self.doc, (*self.path, key, i), item) for i, item in enumerate(value)]

    def mappings(self, key: str, required: bool = True, min_items: int = 0) -> Iterator[Node]:
        for node in self.items(key, required, min_items):
            if node.is_mapping():
                yield node
            else:
                node.report(ProblemCode.WRONG_TYPE, "must be a mapping")

    def texts(self, key: str, required: bool = True, min_items: int = 0) -> tuple[Text, ...]:
        return tuple(n.as_text() for n in self.items(key, required, min_items))

    def strings(self, key: str, required: bool = True, min_items: int = 0) -> tuple[str, ...]:
        out: list[str] = []
        for node in self.items(key, required, min_items):
            if isinstance(node.value, bool) or not isinstance(node.value, str | int):
                node.report(ProblemCode.WRONG_TYPE, "must be a text")
            else:
                out.append(str(node.value))
        return tuple(out)

    def sources(self, key: str = "sources", required: bool = False) -> tuple[Source, ...]:
        out = []
        for node in self.mappings(key, required, min_items=1 if required else 0):
            url = node.string("url", required=False) or None
            if url and not url.startswith(("https://", "http://")):
                node.report(ProblemCode.BAD_VALUE, f"'url' must start with https:// or http://, not '{url}'", "url")
            out.append(Source(node.string("title"), url))
            node.done()
        return tuple(out)

    def done(self) -> None:
        """Report keys that no reader asked for: usually a typo in a field name."""
        if isinstance(self.value, dict):
            for key in self.value:
                if key not in self.seen:
                    self.report(ProblemCode.UNKNOWN_FIELD, f"unknown field '{key}'", key)


@dataclass(frozen=True)
class Located:
    """Where an id was defined or referenced, to report duplicates and dangling references."""

    doc: Document
    path: tuple[PathPart, ...]

    def report(self, code: ProblemCode, message: str) -> None:
        self.doc.report(self.path, code, message)


class IdRegistry:
    """Collects ids of one kind and reports the second definition of any of them."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.first: dict[str, Located] = {}

    def add(self, ident: str, node: Node, key: str = "id") -> None:
        if not ident:
            return
        where = Located(node.doc, (*node.path, key))
        if ident in self.first:
            earlier = self.first[ident]
            line = earlier.doc.line(earlier.path)
            at = f"{earlier.doc.label}:{line}" if line else earlier.doc.label
            where.report(ProblemCode.DUPLICATE_ID, f"duplicate {self.kind} id '{ident}' (first defined at {at})")
        else:
            self.first[ident] = where

    def __contains__(self, ident: object) -> bool:
        return ident in self.first


def check_refs(
    node: Node, key: str, refs: Iterable[str], known: IdRegistry | set[str] | frozenset[str], kind: str
) -> None:
    """Report each reference in ``refs`` (read from ``node[key]``) that ``known`` lacks."""
    for i, ref in enumerate(refs):
        if ref not in known:
            node.doc.report((*node.path, key, i), ProblemCode.DANGLING_REFERENCE, f"unknown {kind} '{ref}'")


UNREADABLE = frozenset({ProblemCode.YAML_SYNTAX, ProblemCode.MISSING_FILE})


def unreadable(problems: list[Problem]) -> bool:
    """True when a file could not be read at all: then references into it are not checked,
    since every one of them would be reported as dangling and hide the real problem."""
    return any(p.code in UNREADABLE for p in problems)


def raise_problems(problems: list[Problem]) -> None:
    if problems:
        raise ContentError(problems)
