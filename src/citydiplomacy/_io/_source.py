"""What every reader shares: the source of a document, the limits, and findings with positions."""

from __future__ import annotations

import bisect
import functools
from typing import Final, Literal

import attrs

from citydiplomacy._base._report import DocumentPath, Finding, Severity

#: The two formats a convention can be written in.
Format = Literal["json", "yaml"]


#: Deepest nesting of arrays and objects accepted; the top-level object is level 1.
MAX_DEPTH: Final = 64


#: Files larger than this (in bytes) are refused before parsing, unless the caller
#: raises the limit (``--max-bytes`` on the command line).
DEFAULT_MAX_BYTES: Final = 10 * 1024 * 1024


#: YAML aliases may repeat a node, but the document they expand to is limited to this
#: many nodes, or to ``ALIAS_EXPANSION_FACTOR`` times the nodes actually written,
#: whichever is larger ("billion laughs" protection).
MAX_ALIAS_EXPANSION: Final = 100_000


ALIAS_EXPANSION_FACTOR: Final = 10


#: Reading stops reporting after this many findings: past that, the file needs
#: fixing as a whole, and reporting every repeat of a pasted block costs seconds.
MAX_FINDINGS: Final = 1000


#: Every rule id this module emits, all of severity error.
READ_RULES: Final = (
    "read.alias-expansion",
    "read.duplicate-key",
    "read.empty",
    "read.encoding",
    "read.key-type",
    "read.multiple-documents",
    "read.non-finite",
    "read.not-an-object",
    "read.number-range",
    "read.recursive-alias",
    "read.syntax",
    "read.too-deep",
    "read.too-large",
    "read.yaml-tag",
)


_Position = tuple[int, int]


def _decode_or_none(raw: str | bytes | None) -> str | None:
    """The text of ``raw``, or None when it is not valid UTF-8."""
    if raw is None or isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


@attrs.frozen(init=False)
class Source:
    """What was read: the display name, the decoded text, and the format used.

    ``text`` is ``None`` when the bytes are not valid UTF-8. It excludes a leading
    byte order mark, so positions computed on it match the findings'. Built by
    :func:`read_text` from bytes, the text is decoded on first access only (the
    valid-file path never needs it).
    """

    name: str
    format: Format
    _raw: str | bytes | None = attrs.field(repr=False, eq=_decode_or_none)

    def __init__(self, name: str, text: str | None, format: Format) -> None:
        self.__attrs_init__(name, format, text)

    @classmethod
    def _lazy(cls, name: str, raw: str | bytes | None, format: Format) -> Source:
        """A source whose text is decoded from ``raw`` when first asked for."""
        source = cls.__new__(cls)
        source.__attrs_init__(name, format, raw)
        return source

    @functools.cached_property
    def text(self) -> str | None:
        """The decoded text, or ``None`` if it is not valid UTF-8."""
        return _decode_or_none(self._raw)


def _finding(rule: str, message: str, name: str, position: _Position | None) -> Finding:
    """An error finding about the whole document (path ``()``)."""
    line, column = position if position is not None else (None, None)
    return Finding(
        rule=rule,
        severity=Severity.ERROR,
        path=(),
        message=message,
        file=name,
        line=line,
        column=column,
    )


def _path_finding(
    rule: str, message: str, name: str, path: DocumentPath, position: _Position | None
) -> Finding:
    """An error finding about the value at ``path``."""
    return attrs.evolve(_finding(rule, message, name, position), path=path)


def _line_col(text: str, index: int) -> _Position:
    """1-based (line, column) of a character offset."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


class _LineIndex:
    """Offsets -> 1-based (line, column) for many offsets in the same text."""

    def __init__(self, text: str) -> None:
        self._starts = [0]
        find = text.find
        i = find("\n")
        while i != -1:
            self._starts.append(i + 1)
            i = find("\n", i + 1)

    def __call__(self, index: int) -> _Position:
        line = bisect.bisect_right(self._starts, index)
        return line, index - self._starts[line - 1] + 1


def _kind(value: object) -> str:
    """How a message names the type of a JSON value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _too_deep(name: str, path: DocumentPath, position: _Position | None) -> Finding:
    """``read.too-deep``."""
    message = f"nesting deeper than {MAX_DEPTH} levels; a convention needs far fewer"
    return _path_finding("read.too-deep", message, name, path, position)


class _Problem(Exception):
    """A scalar that JSON's data model cannot hold."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message
