"""Reading: bytes or text in JSON or YAML -> a plain JSON document, or findings.

The document model is JSON's: objects with string keys, arrays, strings, integers,
finite floats, booleans and null. YAML is read with the YAML 1.2 core schema on top
of libyaml (``NO`` and ``2025-01-01`` stay strings), and everything YAML has beyond
JSON's model (tags, non-string keys, ``.nan``, aliases that expand without bound) is
a finding, never an exception.

Every problem is a :class:`~citydiplomacy._base._report.Finding` of severity error whose
rule id starts with ``read.`` (see :data:`READ_RULES`). Positions are 1-based and
columns count characters (code points). When there is any finding the document is
``None``: a file that cannot be read faithfully is not passed on.

This module holds the entry points, the fast paths and the error messages; the jobs
behind them are apart: ``_source`` (the source, the limits, findings with positions),
``_json_scan`` (where each JSON value starts, and which keys repeat) and
``_yaml_build`` (libyaml's nodes to JSON values, duplicate keys and alias limits).

Speed. The valid-file path is tuned because CI and registries read thousands of
files; positions are computed on the slow path only (:func:`locate`). Measured on
the documents of ``tests/data/reading`` (CPython 3.11, orjson 3.11, PyYAML 6.0 with
libyaml; each pair interleaved, minimum of 200 rounds, on a busy 2-CPU machine)::

    JSON, 14.8 KB, canonical 2-space   orjson.loads(bytes)  23.7 us   read_text  38.3 us  1.62x
    JSON,  9.5 KB, minified            orjson.loads(bytes)  22.3 us   read_text  44.5 us  2.00x
    JSON, 19.1 KB, 4-space indent      orjson.loads(bytes)  24.1 us   read_text  50.3 us  2.09x
    YAML, 14.6 KB   yaml.load(text, Loader=yaml.CSafeLoader) 2863 us   read_text  1398 us  0.49x
    YAML,  2.0 MB   yaml.load(text, Loader=yaml.CSafeLoader) 3.41 s    read_text  0.45 s   0.13x

The JSON overhead is the re-serialisation below (about 9 us on a freshly parsed
tree, which also makes orjson cache UTF-8 copies of non-ASCII strings) plus one or
two byte counts (0.3 ns per byte each); canonical files skip the counts. The
target of 1.5x is not met: every exact duplicate check tried costs more (a regex
over the string tokens alone takes 95 us, a Python walk of the tree 60 us).

JSON: orjson silently keeps the last of duplicate keys, and Python-level walks of
the parsed tree cost more than the parse. So the parsed tree is re-serialised with
``orjson.dumps(OPT_INDENT_2)`` and checked with C-speed byte scans:

* duplicates: the number of ``:`` bytes in the source equals that of the dump exactly
  when no key was dropped (a ``:`` outside strings is a key separator; inside strings
  both sides hold the same ``:`` unless the source spelled one as ``\\u003a``, which
  sends the file to the slow path). A source byte-identical to the dump skips the
  counts;
* depth: a line indented by ``2 * MAX_DEPTH`` spaces exists in the dump only if the
  tree is at least ``MAX_DEPTH`` deep; only then is the depth measured exactly;
* integers beyond 64 bits, which orjson turns into floats: they dump as ``e+NN``, so
  a ``+`` in the dump sends the file to the exact slow path (``json.loads``).

The slow path (duplicates, escapes, huge numbers) re-scans the text with an
iterative tokenizer that knows positions. YAML: libyaml composes the node graph
(our resolver is a no-op, so no Python regex per scalar), then an iterative builder
applies the core schema. The cyclic GC is paused while reading and locating (and
restored as it was): the many small objects otherwise trigger collections that walk
everything built so far; ``CSafeLoader`` on the 2 MB file takes 3.41 s with the GC
running and 1.25 s with it paused.

Locating in JSON tokenises, in Python, only the containers on the way to the wanted
paths: every other value is skipped whole by the json module's C scanner, and the
walk stops once every wanted path has its offset. A wanted path still missing is not
settled when its container closes (a repeated key may open it again), so the walk
then goes on over the keys of the enclosing containers only. The full token scan
remains for duplicate keys (which needs every key) and for text the walk cannot vouch
for (invalid JSON, nesting deeper than the C scanner recurses); its offsets are the
reference the walk is tested against. On the 166 files of
``benchmarks/corpus/2000f-1x/json`` that read fine but have findings (23 KB, 1.2 paths
each; old and new interleaved, minimum of 15 rounds)::

    locate_many per file        full scan 1.15-1.26 ms   walk 0.11-0.13 ms   9-11x
    read_path_and_check, the 200 invalid files   1.55-1.61 ms -> 0.62-0.68 ms
    read_path_and_check, valid files (for scale) 0.41-0.49 ms, unchanged
"""

from __future__ import annotations

import functools
import gc
import json
import math
import os
import re
import threading
from collections.abc import Iterable
from typing import IO, Final

import orjson
import yaml
from yaml.events import (
    MappingEndEvent,
    MappingStartEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode

from citydiplomacy._base._files import open_input, read_bounded
from citydiplomacy._base._report import DocumentPath, Finding
from citydiplomacy._io._json_scan import _locate_json, _no_constant, _scan_json
from citydiplomacy._io._source import (
    ALIAS_EXPANSION_FACTOR,
    DEFAULT_MAX_BYTES,
    MAX_ALIAS_EXPANSION,
    MAX_DEPTH,
    MAX_FINDINGS,
    READ_RULES,
    Format,
    Source,
    _finding,
    _kind,
    _line_col,
    _LineIndex,
    _path_finding,
    _Position,
    _Problem,
    _too_deep,
)
from citydiplomacy._io._yaml_build import (
    _PLAIN,
    _alias_problem,
    _build,
    _Composer,
    _kind_of_node,
    _mark_position,
    _scalar,
    _yaml_child,
)

__all__ = [
    "ALIAS_EXPANSION_FACTOR",
    "DEFAULT_MAX_BYTES",
    "MAX_ALIAS_EXPANSION",
    "MAX_DEPTH",
    "MAX_FINDINGS",
    "READ_RULES",
    "Format",
    "Source",
    "detect_format",
    "locate",
    "locate_many",
    "locate_places",
    "read_path",
    "read_stream",
    "read_text",
]


def detect_format(name: str | None, text: str) -> Format:
    """Pick the format from the name's suffix, else from the first non-blank character.

    ``.json`` is JSON and ``.yaml``/``.yml`` YAML (any case); otherwise text whose
    first non-whitespace character is ``{`` or ``[`` is JSON and anything else YAML.
    """
    by_name = _format_by_name(name)
    if by_name is not None:
        return by_name
    stripped = text.lstrip(" \t\r\n\ufeff")
    return "json" if stripped[:1] in ("{", "[") else "yaml"


def _format_by_name(name: str | None) -> Format | None:
    """The format a file name's suffix says, if any."""
    if name:
        lowered = name.lower()
        if lowered.endswith(".json"):
            return "json"
        if lowered.endswith((".yaml", ".yml")):
            return "yaml"
    return None


_FIRST_VISIBLE: Final = re.compile(rb"[ \t\r\n]*([\s\S]?)")


def _sniff(raw: bytes) -> Format:
    """:func:`detect_format`'s content rule, on bytes and without copying them."""
    match = _FIRST_VISIBLE.match(raw)
    return "json" if match is not None and match.group(1) in (b"{", b"[") else "yaml"


def read_path(
    path: str | os.PathLike[str],
    *,
    format: Format | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> tuple[Source, object | None, tuple[Finding, ...]]:
    """Read a file; like :func:`read_text`, with the path (as given) as display name.

    The format defaults to the file's suffix, else it is sniffed. A file larger than
    ``max_bytes`` is not read at all. Raises :class:`OSError` when the file cannot be
    opened or read (missing, a directory, no permission).
    """
    name = os.fspath(path)
    with open_input(path) as stream:
        size = os.fstat(stream.fileno()).st_size
        if size > max_bytes:
            return _refuse_size(name, format, size, max_bytes)
        # Read one byte past the size (a growing file lies about it, then reading goes
        # on up to one byte past the limit), in chunks: never a buffer of the limit.
        data = read_bounded(stream, max_bytes, first=size + 1)
    if len(data) > max_bytes:
        return _refuse_size(name, format, None, max_bytes)
    return read_text(data, name=name, format=format, max_bytes=max_bytes)


def read_stream(
    stream: IO[bytes],
    *,
    name: str,
    format: Format | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> tuple[Source, object | None, tuple[Finding, ...]]:
    """Read a stream (standard input) like :func:`read_text`, reading at most one byte
    past ``max_bytes``: input over the limit is reported without its size, unknown."""
    data = read_bounded(stream, max_bytes)
    if len(data) > max_bytes:
        return _refuse_size(name, format, None, max_bytes)
    return read_text(data, name=name, format=format, max_bytes=max_bytes)


def read_text(
    data: bytes | str,
    *,
    name: str = "<string>",
    format: Format | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> tuple[Source, object | None, tuple[Finding, ...]]:
    """Read a convention document from bytes or text.

    Returns ``(source, document, findings)``. ``document`` is plain JSON values
    (``dict``/``list``/``str``/``int``/``float``/``bool``/``None``) whose top level
    is a ``dict``, or ``None`` when there is any finding. Findings are errors with
    rule ids ``read.*`` (see :data:`READ_RULES`), ``file=name`` and a 1-based
    position whenever one is known, at most :data:`MAX_FINDINGS` of them. Never
    raises for bad input.

    ``format`` defaults to :func:`detect_format` on ``name`` and the content.
    """
    text: str | None = None
    if isinstance(data, str):
        if len(data) > max_bytes:
            return _refuse_size(name, format, len(data.encode("utf-8", "surrogatepass")), max_bytes)
        text = data[1:] if data.startswith("\ufeff") else data
        try:
            raw = text.encode("utf-8")
        except UnicodeEncodeError as exc:
            fmt = format or detect_format(name, text)
            line, column = _line_col(text, exc.start)
            message = (
                f"text contains a lone surrogate U+{ord(text[exc.start]):04X} at line {line}, "
                f"column {column}; it cannot be saved as UTF-8"
            )
            finding = _finding("read.encoding", message, name, (line, column))
            return Source._lazy(name, None, fmt), None, (finding,)
    else:
        raw = bytes(data)
    if len(raw) > max_bytes:
        return _refuse_size(name, format, len(raw), max_bytes)
    if text is None:
        bom_problem = _bom_problem(raw)
        if bom_problem is not None:
            fmt = format or _format_by_name(name) or "yaml"
            return (
                Source._lazy(name, None, fmt),
                None,
                (_finding("read.encoding", bom_problem, name, (1, 1)),),
            )
        if raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
    fmt = format or _format_by_name(name) or _sniff(raw)
    source = Source._lazy(name, raw if text is None else text, fmt)
    enabled = gc.isenabled()
    gc.disable()
    try:
        if fmt == "json":
            document, findings = _read_json(raw, source)
        else:
            document, findings = _read_yaml(raw, source)
    except Exception as exc:  # any parser failure is a finding, never a crash
        document, findings = None, [_finding("read.syntax", _internal_message(exc), name, None)]
    finally:
        if enabled:
            gc.enable()
    if findings:
        return source, None, tuple(sorted(findings, key=_finding_order)[:MAX_FINDINGS])
    return source, document, ()


def _internal_message(exc: BaseException) -> str:
    """The message for an exception no rule foresaw: a bug, reported as a finding."""
    return f"the file could not be read ({type(exc).__name__}: {exc})"


def _finding_order(f: Finding) -> tuple[int, int, str]:
    """Findings in the order of the file."""
    return (f.line or 0, f.column or 0, f.rule)


def _refuse_size(
    name: str, format: Format | None, size: int | None, max_bytes: int
) -> tuple[Source, object | None, tuple[Finding, ...]]:
    """The result for input over the size limit, which is not parsed."""
    fmt = format or _format_by_name(name) or "yaml"
    return Source._lazy(name, None, fmt), None, (_too_large(name, size, max_bytes),)


def _too_large(name: str, size: int | None, max_bytes: int) -> Finding:
    """``read.too-large``, saying how to raise the limit; placed at the file's start.

    ``size`` is None when it is not known (a stream, or a file that grew while read).
    """
    found = (
        "input is larger than the limit"
        if size is None
        else f"file is {_human_size(size)} ({size:,} bytes), more than the limit"
    )
    message = (
        f"{found} of "
        f"{_human_size(max_bytes)} ({max_bytes:,} bytes); a convention is far smaller, "
        "but if this file is legitimate raise the limit with --max-bytes"
    )
    return _finding("read.too-large", message, name, (1, 1))


def _human_size(size: int) -> str:
    """``12.3 MiB``, ``4.0 KiB`` or ``17 bytes``."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MiB"
    if size >= 1024:
        return f"{size / 1024:.1f} KiB"
    return f"{size} bytes"


def _bom_problem(raw: bytes) -> str | None:
    """Why ``raw`` is UTF-16 or UTF-32 rather than UTF-8, or None."""
    if raw[:1] not in (b"\xff", b"\xfe", b"\x00") and raw[1:2] != b"\x00":
        return None
    # UTF-32 LE starts with the UTF-16 LE BOM, so test it first.
    for bom, encoding in (
        (b"\xff\xfe\x00\x00", "UTF-32"),
        (b"\x00\x00\xfe\xff", "UTF-32"),
        (b"\xff\xfe", "UTF-16"),
        (b"\xfe\xff", "UTF-16"),
    ):
        if raw.startswith(bom):
            return (
                f"file is encoded as {encoding} (it starts with a {encoding} byte order mark); "
                "save the file as UTF-8"
            )
    if len(raw) >= 2 and (raw[0] == 0 or raw[1] == 0):
        return (
            "file starts with NUL bytes, so it looks like UTF-16 or UTF-32; save the file as UTF-8"
        )
    return None


def _encoding_finding(raw: bytes, name: str) -> Finding | None:
    """The finding for the first invalid UTF-8 byte, or None when ``raw`` is valid."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = exc.start
        line_start = raw.rfind(b"\n", 0, start) + 1
        line = raw.count(b"\n", 0, start) + 1
        column = len(raw[line_start:start].decode("utf-8", "replace")) + 1
        message = (
            f"file is not valid UTF-8: byte 0x{raw[start]:02x} at line {line}, column {column}; "
            "save the file as UTF-8"
        )
        return _finding("read.encoding", message, name, (line, column))
    return None


def _is_blank(text: str) -> bool:
    """Whitespace, comment lines (``#`` or ``//``) and nothing else."""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith(("#", "//")):
            return False
    return True


def _empty(name: str) -> Finding:
    """``read.empty``, at the start of the file so editors can show it."""
    message = "the file is empty (or only comments): expected a convention object"
    return _finding("read.empty", message, name, (1, 1))


def _not_an_object(found: str, name: str, position: _Position | None) -> Finding:
    """``read.not-an-object``."""
    message = f"expected a convention object at the top level, found {found}"
    return _finding("read.not-an-object", message, name, position)


def _too_deep_path(tree: object) -> DocumentPath | None:
    """Path of the first container nested deeper than MAX_DEPTH, iteratively."""
    stack: list[tuple[object, DocumentPath]] = [(tree, ())]
    while stack:
        value, path = stack.pop()
        items: Iterable[tuple[str | int, object]]
        if isinstance(value, dict):
            items = value.items()
        elif isinstance(value, list):
            items = enumerate(value)
        else:
            continue
        if len(path) >= MAX_DEPTH:
            return path
        # Reversed, so the walk and its answer follow the document's order.
        stack.extend(reversed([(child, (*path, key)) for key, child in items]))
    return None


# --------------------------------------------------------------------------- JSON

_DEEP_NEEDLE: Final = b"\n" + b" " * (2 * MAX_DEPTH)


def _read_json(raw: bytes, source: Source) -> tuple[object, list[Finding]]:
    """The fast path for JSON: orjson, then the byte-level checks of the module notes."""
    name = source.name
    try:
        tree = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        return None, _json_error(raw, source, exc)
    try:
        dumped = orjson.dumps(tree, option=orjson.OPT_INDENT_2)
    except orjson.JSONEncodeError:  # orjson's own recursion limit (~255 levels)
        dumped = _DEEP_NEEDLE
    if _DEEP_NEEDLE in dumped:
        deep = _too_deep_path(tree)
        if deep is not None:
            return None, [_too_deep(name, deep, locate(source, deep))]
    canonical = raw.startswith(dumped) and raw[len(dumped) :] in (b"", b"\n")
    if not canonical and (
        dumped.count(b":") != raw.count(b":") or (b"\\" in raw and b"\\u003" in raw)
    ):
        return _json_slow(source)
    if b"+" in dumped and b"e+" in dumped:
        return _json_slow(source)
    if type(tree) is not dict:
        return None, [_not_an_object(_kind(tree), name, (1, 1))]
    return tree, []


def _json_slow(source: Source) -> tuple[object, list[Finding]]:
    """Exact reading of JSON orjson accepted: duplicates with positions, big integers."""
    text = source.text
    assert text is not None
    name = source.name
    scan = _scan_json(text, want=set(), find_duplicates=True)
    if scan.duplicates:
        index = _LineIndex(text)
        findings = []
        for object_path, key, at, first in scan.duplicates[:MAX_FINDINGS]:
            line, column = index(first)
            message = (
                f"duplicate key {key!r} (first at line {line}, column {column}); "
                "keys in an object must be unique"
            )
            findings.append(
                _path_finding("read.duplicate-key", message, name, object_path, index(at))
            )
        return None, findings
    try:
        tree = json.loads(text, parse_float=_finite_float, parse_constant=_no_constant)
    except RecursionError:
        return None, [_too_deep(name, (), _line_col(text, _deep_bracket(text) or 0))]
    except json.JSONDecodeError as exc:
        message = f"invalid JSON: {exc.msg}"
        return None, [_finding("read.syntax", message, name, (exc.lineno, exc.colno))]
    except _Problem as problem:
        return None, [_finding(problem.rule, problem.message, name, None)]
    except ValueError:  # more digits than int() converts (sys.get_int_max_str_digits)
        match = _LONG_INT.search(text)
        position = _line_col(text, match.start()) if match else None
        digits = len(match.group().lstrip("-")) if match else 0
        message = f"integer with {digits:,} digits is too large to read; write it as a string"
        return None, [_finding("read.number-range", message, name, position)]
    deep = _too_deep_path(tree)
    if deep is not None:
        return None, [_too_deep(name, deep, locate(source, deep))]
    if type(tree) is not dict:
        return None, [_not_an_object(_kind(tree), name, (1, 1))]
    return tree, []


# The lookbehind keeps the search linear: it never restarts inside a run of digits.
_LONG_INT: Final = re.compile(r"(?<![0-9])-?[0-9]{4000,}")


def _finite_float(text: str) -> float:
    """``json.loads``'s float parser, refusing numbers that overflow to infinity."""
    number = float(text)
    if math.isinf(number):
        raise _Problem(
            "read.non-finite", f"{text} is too large for a 64-bit float (it would read as infinity)"
        )
    return number


_JSON_MESSAGES: Final = {
    "unexpected content after document": (
        "unexpected content after the end of the JSON document; a file holds exactly one "
        "object (remove what follows, or a stray closing bracket)"
    ),
    "trailing comma is not allowed": "trailing comma: JSON allows no ',' before ']' or '}'",
    "unexpected control character in string": (
        "raw control character in a string: write it escaped (\\n, \\t, \\u0001, ...)"
    ),
    "number with leading zero is not allowed": (
        "numbers cannot start with 0 in JSON (write 7, not 07)"
    ),
    "unexpected character, expected ':' after key": "expected ':' after the key",
    "unexpected character, expected ',' or '}'": "expected ',' or '}' after the member",
    "unexpected character, expected ',' or ']'": "expected ',' or ']' after the item",
    "unexpected character, expected a string key": (
        "expected a key in double quotes (JSON keys are always double-quoted strings)"
    ),
    "invalid escaped sequence in string": (
        'invalid escape in a string: JSON knows \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX'
    ),
    "no digit after sign": "a number needs digits: write 0.5 for .5, and no '+' sign",
    "no digit after decimal point": "a number needs digits after its decimal point (1.0, not 1.)",
    "no digit after exponent sign": "a number needs digits in its exponent (1e5, not 1e)",
    "no low surrogate in string": "invalid \\u escape: a high surrogate without its low half",
    "invalid high surrogate in string": "invalid \\u escape: a low surrogate without its high half",
}


def _json_error(raw: bytes, source: Source, exc: orjson.JSONDecodeError) -> list[Finding]:
    """Turn orjson's error into a finding with a human message and a position."""
    name = source.name
    encoding = _encoding_finding(raw, name)
    if encoding is not None:
        return [encoding]
    text = source.text
    assert text is not None
    if _is_blank(text):
        return [_empty(name)]
    pos = min(max(exc.pos, 0), len(text))
    position = _line_col(text, pos)
    msg = exc.msg
    rest = text[pos:]
    if msg.startswith("depth limit"):
        return [_too_deep(name, (), _line_col(text, _deep_bracket(text) or pos))]
    if text[pos - 1 : pos + 8] == "-Infinity":
        pos -= 1
        rest = text[pos:]
        position = _line_col(text, pos)
    for word in ("-Infinity", "Infinity", "NaN"):
        if rest.startswith(word):
            message = (
                f"{word} is not a number JSON allows; the document model has finite numbers only"
            )
            return [_finding("read.non-finite", message, name, position)]
    if "infinity when parsed" in msg:
        number = re.match(r"-?[0-9]+([.eE][0-9eE+-]*)?", rest)
        if number is not None and number.group(1) is None:
            return _json_slow(source)[1]  # an integer: exact, however long
        shown = number.group() if number else "number"
        message = f"{shown} is too large for a 64-bit float (it would read as infinity)"
        return [_finding("read.non-finite", message, name, position)]
    if msg.startswith("unexpected end of data"):
        return [_finding("read.syntax", _truncated_message(text), name, position)]
    known = None if rest[:1] == "'" else _JSON_MESSAGES.get(msg)
    message = known if known is not None else _unexpected_json(rest, msg)
    return [_finding("read.syntax", message, name, position)]


def _unexpected_json(rest: str, msg: str) -> str:
    """A message for an unexpected character, from what follows it (``rest``)."""
    char = rest[:1]
    if char == "'":
        return "strings and keys need double quotes in JSON, not single quotes"
    if msg.startswith(("unexpected character, expected a JSON value", "invalid literal")):
        if char in ("]", "}"):
            return f"expected a value before {char!r}"
        word = re.match(r"[A-Za-z_][A-Za-z0-9_.-]*", rest)
        if word:
            return (
                f"unexpected word {word.group()!r}: JSON values are strings in double quotes, "
                "numbers, true, false, null, objects and arrays"
            )
        if char in ("/", "#"):
            return "comments are not allowed in JSON"
        shown = repr(char) if char else "end of file"
        return (
            f"unexpected {shown}: expected a value "
            "(a string, number, true, false, null, object or array)"
        )
    shown = f" at {char!r}" if char else ""
    return f"invalid JSON{shown}: {msg}"


_BRACKETS: Final = re.compile(r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"|"|[\[\]{}]')


def _deep_bracket(text: str) -> int | None:
    """Offset of the first bracket that opens level MAX_DEPTH + 1 (JSON or YAML flow)."""
    depth = 0
    for match in _BRACKETS.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > MAX_DEPTH:
                return match.start()
        elif token in ("]", "}"):
            depth -= 1
    return None


def _truncated_message(text: str) -> str:
    """Say what a truncated JSON text leaves open: a string, or the innermost bracket."""
    stack: list[tuple[str, int]] = []
    for match in _BRACKETS.finditer(text):
        token = match.group()
        if token == '"':
            line, column = _line_col(text, match.start())
            return (
                f"unexpected end of file: the JSON is truncated inside the string "
                f"that starts at line {line}, column {column}"
            )
        if token in ("[", "{"):
            stack.append((token, match.start()))
        elif token in ("]", "}") and stack:
            stack.pop()
    if not stack:
        return "unexpected end of file: the JSON is truncated (expected a value)"
    opener, at = stack[-1]
    closer = "}" if opener == "{" else "]"
    line, column = _line_col(text, at)
    what = "object" if opener == "{" else "array"
    return (
        f"unexpected end of file: the JSON is truncated (expected a value or a closing "
        f"{closer!r} for the {what} opened at line {line}, column {column})"
    )


# --------------------------------------------------------------------------- YAML


@functools.cache
def _libyaml_limits_nesting() -> bool:
    """Whether this libyaml refuses deep nesting itself (upstream limit: 1000 levels)."""
    parser = _Composer(b"[" * 1100)
    try:
        while parser.get_event() is not None:
            pass
    except yaml.YAMLError as exc:
        return "nesting" in str(exc)
    finally:
        parser.dispose()
    return False


def _composer_is_safe() -> bool:
    """Whether libyaml's composer may recurse as deep as the input asks.

    The composer recurses in C once per nesting level (about 250 bytes each).
    libyaml's own limit of 1000 levels then needs a quarter of a MiB of stack: the
    main thread has 8 MiB, but other threads can have as little as 128 KiB (musl)
    and Python cannot ask how much the current thread has. Elsewhere, and with a
    libyaml that has no limit, :func:`_may_be_deep` and :func:`_depth_precheck` run
    first.
    """
    return _libyaml_limits_nesting() and threading.current_thread() is threading.main_thread()


#: A block collection nested in another starts at a greater column, or at the same
#: column for a sequence that is a mapping's value. On its first line, what precedes
#: it is indentation and the indicators ``-``, ``?`` and ``:`` (a compact mapping may
#: also follow an anchor or tag, but its own children then start on lines indented
#: further). So if no line starts with this many of those characters, block nesting
#: stays below about twice as many levels; flow nesting is below the number of ``[``
#: and ``{``. Either way the composer's recursion stays far from any thread's limit.
_BLOCK_COLUMNS: Final = 32
_LONG_PREFIX: Final = re.compile(rb"\n[ ?:-]{%d}" % _BLOCK_COLUMNS)


def _may_be_deep(raw: bytes) -> bool:
    """False when nesting provably stays around ``2 * _BLOCK_COLUMNS + MAX_DEPTH`` or less."""
    if raw.count(b"[") + raw.count(b"{") > MAX_DEPTH:
        return True
    if len(raw) >= _BLOCK_COLUMNS and not raw[:_BLOCK_COLUMNS].translate(None, b" ?:-"):
        return True
    return _LONG_PREFIX.search(raw) is not None


def _depth_precheck(raw: bytes) -> _Position | None:
    """Position of the first node deeper than MAX_DEPTH, from events (no recursion)."""
    parser = _Composer(raw)
    depth = 0
    try:
        while True:
            event = parser.get_event()
            kind = type(event)
            if kind is MappingStartEvent or kind is SequenceStartEvent:
                depth += 1
                if depth > MAX_DEPTH and event is not None and event.start_mark is not None:
                    mark = event.start_mark
                    return mark.line + 1, mark.column + 1
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                depth -= 1
            elif event is None or kind is StreamEndEvent:
                return None
    except yaml.YAMLError:
        return None  # composing will report it, before reaching any deeper level
    finally:
        parser.dispose()


def _compose(raw: bytes) -> Node | None:
    """The node graph of a single-document stream; raises :class:`yaml.YAMLError`."""
    composer = _Composer(raw)
    try:
        return composer.get_single_node()
    finally:
        composer.dispose()


def _read_yaml(raw: bytes, source: Source) -> tuple[object, list[Finding]]:
    """YAML: compose with libyaml, check aliases, build JSON values."""
    name = source.name
    if not _composer_is_safe() and _may_be_deep(raw):
        deep = _depth_precheck(raw)
        if deep is not None:
            return None, [_too_deep(name, (), deep)]
    try:
        root = _compose(raw)
    except yaml.YAMLError as exc:
        return None, [_yaml_error(raw, source, exc)]
    if root is None or (type(root) is ScalarNode and root.tag == _PLAIN and root.value == ""):
        return None, [_empty(name)]
    if type(root) is not MappingNode:
        found = _kind_of_node(root)
        if type(root) is ScalarNode:
            try:
                found = _kind(_scalar(root))
            except _Problem:
                found = "a number"
        return None, [_not_an_object(found, name, _mark_position(root))]
    if b"*" in raw and b"&" in raw:  # an alias needs both an anchor and a reference
        problem = _alias_problem(root, name)
        if problem is not None:
            return None, [problem]
    findings: list[Finding] = []
    document = _build(root, name, findings)
    return document, findings


_TAB_MESSAGE: Final = "tabs are not allowed for indentation in YAML; indent with spaces"


def _yaml_error(raw: bytes, source: Source, exc: yaml.YAMLError) -> Finding:
    """Turn libyaml's error into a finding with a human message and a position."""
    name = source.name
    encoding = _encoding_finding(raw, name)
    if encoding is not None:
        return encoding
    text = source.text
    assert text is not None
    if _is_blank(text):
        return _empty(name)
    if isinstance(exc, yaml.reader.ReaderError):
        offset = len(raw[: exc.position].decode("utf-8", "replace"))
        position = _line_col(text, offset)
        message = (
            f"character U+{exc.character:04X} is not allowed in YAML ({exc.reason}); "
            'write it escaped in a double-quoted string, e.g. "\\x01"'
        )
        return _finding("read.syntax", message, name, position)
    if not isinstance(exc, yaml.MarkedYAMLError) or exc.problem_mark is None:
        return _finding("read.syntax", f"invalid YAML: {exc}", name, None)
    mark = exc.problem_mark
    position = (mark.line + 1, mark.column + 1)
    problem = exc.problem or ""
    context = exc.context or ""
    context_mark = exc.context_mark
    char = text[mark.index : mark.index + 1] if 0 <= mark.index < len(text) else ""
    if "nesting depth" in problem:
        # libyaml's scanner runs ahead of its parser in flow context, so the events
        # may stop before level MAX_DEPTH + 1: then count flow brackets instead.
        deep = _depth_precheck(raw)
        bracket = _deep_bracket(text) if deep is None else None
        if bracket is not None:
            deep = _line_col(text, bracket)
        return _too_deep(name, (), deep or position)
    if "another document" in problem:
        message = (
            "a second document starts here ('---'); a file holds one convention, "
            "so split the stream into files"
        )
        return _finding("read.multiple-documents", message, name, position)
    if "tab" in problem or char == "\t":
        return _finding("read.syntax", _TAB_MESSAGE, name, position)
    where = ""
    if context_mark is not None:
        where = (
            f" (which started at line {context_mark.line + 1}, column {context_mark.column + 1})"
        )
    if "unexpected end of stream" in problem:
        what = context.removeprefix("while scanning ") or "value"
        message = f"unexpected end of file: the YAML is truncated inside {what}{where}"
    elif context and not text[mark.index :].strip():
        what = context.removeprefix("while parsing ").removeprefix("while scanning ")
        message = f"unexpected end of file: the YAML is truncated inside {what}{where} ({problem})"
    elif "mapping values are not allowed" in problem:
        message = (
            "unexpected ':' here; a value that contains ': ' must be quoted, "
            "and nested keys go on their own indented line"
        )
    elif "cannot start any token" in problem:
        message = f"found {char!r}, which cannot start any YAML token; quote the value"
    elif "undefined alias" in problem:
        message = "alias to an anchor that is not defined before it (*name needs an earlier &name)"
    elif "duplicate anchor" in context:
        message = "the same anchor (&name) is defined twice"
    elif context:
        message = f"{context}{where}: {problem}"
    else:
        message = problem or str(exc)
    return _finding("read.syntax", message, name, position)


# --------------------------------------------------------------------------- locate


def locate(source: Source, path: DocumentPath) -> _Position | None:
    """The 1-based (line, column) where the value at ``path`` starts.

    For a path that does not exist, the position of its deepest existing ancestor.
    ``None`` when the text is unavailable or cannot be parsed; never raises.
    """
    return locate_many(source, [path]).get(path)


def locate_many(
    source: Source, paths: Iterable[DocumentPath]
) -> dict[DocumentPath, _Position | None]:
    """:func:`locate` for many paths, parsing the text once."""
    return locate_places(source, paths)[0]


def locate_places(
    source: Source, paths: Iterable[DocumentPath], keys: Iterable[DocumentPath] = ()
) -> tuple[dict[DocumentPath, _Position | None], dict[DocumentPath, _Position | None]]:
    """Positions of values (``paths``) and of keys (``keys``: an object's path followed
    by the key), parsing the text once. A key that cannot be found falls back to the
    position of its value, or of its deepest existing ancestor."""
    wanted = list(dict.fromkeys(paths))
    wanted_keys = [k for k in dict.fromkeys(keys) if k and type(k[-1]) is str]
    enabled = gc.isenabled()
    gc.disable()
    try:
        text = source.text
        if text is None:
            return dict.fromkeys(wanted), dict.fromkeys(wanted_keys)
        if source.format == "json":
            return _locate_json(text, wanted, wanted_keys)
        return _locate_yaml(text, wanted, wanted_keys)
    except Exception:  # positions are a courtesy, never a crash
        return dict.fromkeys(wanted), dict.fromkeys(wanted_keys)
    finally:
        if enabled:
            gc.enable()


def _locate_yaml(
    text: str, paths: list[DocumentPath], keys: list[DocumentPath]
) -> tuple[dict[DocumentPath, _Position | None], dict[DocumentPath, _Position | None]]:
    """Positions in YAML text, from the marks of one composed node graph."""
    raw = text.encode("utf-8")
    if not _composer_is_safe() and _may_be_deep(raw) and _depth_precheck(raw) is not None:
        return dict.fromkeys(paths), dict.fromkeys(keys)
    try:
        root = _compose(raw)
    except yaml.YAMLError:
        return dict.fromkeys(paths), dict.fromkeys(keys)
    if root is None:
        return dict.fromkeys(paths, (1, 1)), dict.fromkeys(keys, (1, 1))
    members: dict[int, dict[object, tuple[Node, Node]]] = {}

    def walk(path: DocumentPath) -> tuple[Node, bool]:
        node = root
        for part in path:
            child = _yaml_child(node, part, members)
            if child is None:
                return node, False
            node = child[1]
        return node, True

    out: dict[DocumentPath, _Position | None] = {
        path: _mark_position(walk(path)[0]) for path in paths
    }
    out_keys: dict[DocumentPath, _Position | None] = {}
    for key in keys:
        parent, found = walk(key[:-1])
        entry = _yaml_child(parent, key[-1], members) if found else None
        out_keys[key] = _mark_position(entry[0] if entry is not None else parent)
    return out, out_keys
