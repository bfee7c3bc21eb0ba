"""The JSON scanner: where each value of a JSON text starts, and which keys repeat.

``orjson`` gives neither positions nor duplicate keys, so the slow path (a document
with something to report) scans the text once with these patterns: ``_scan_json``
records the offset of each value wanted and, on request, each key seen twice in one
object; ``_seek_json`` walks straight down to one path. Valid files never come here.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from typing import Any, Final

import attrs

from citydiplomacy._base._report import DocumentPath
from citydiplomacy._io._source import _line_col, _LineIndex, _Position, _Problem


def _no_constant(text: str) -> object:
    """``json.loads``'s hook for NaN and Infinity: refuse them."""
    raise _Problem(
        "read.non-finite",
        f"{text} is not a number JSON allows; the document model has finite numbers only",
    )


@attrs.define
class _Scan:
    """What :func:`_scan_json` found: value offsets by path, and repeated keys."""

    positions: dict[DocumentPath, int] = attrs.Factory(dict)
    duplicates: list[tuple[DocumentPath, str, int, int]] = attrs.Factory(list)


_WHITESPACE: Final = re.compile(r"[ \t\n\r]+")


_STRING: Final = re.compile(
    r'"[^"\\\x00-\x1f]*(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\x00-\x1f]*)*"'
)


_SCALAR: Final = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|true|false|null")


def _key_text(token: str) -> str:
    """The key a JSON string token spells."""
    if "\\" in token:
        key: str = json.loads(token)
        return key
    return token[1:-1]


def _scan_json(text: str, *, want: set[DocumentPath] | None, find_duplicates: bool) -> _Scan:
    """Walk JSON tokens without recursion, noting where values start.

    Records the start offset of the value at every path in ``want`` (every path
    when ``want`` is None) and, with ``find_duplicates``, every repeated key as
    (object path, key, offset of the repeat, offset of the first). Stops quietly at
    the first token that is not valid JSON.
    """
    result = _Scan()
    positions = result.positions
    space = _WHITESPACE.match
    string = _STRING.match
    scalar = _SCALAR.match
    # Frames: [is_object, path, next index, keys seen (key -> offset)].
    stack: list[list[Any]] = []
    path: DocumentPath = ()
    pos = 0
    expect_value = True
    while True:
        gap = space(text, pos)
        if gap:
            pos = gap.end()
        if expect_value:
            if want is None or path in want:
                positions.setdefault(path, pos)
            char = text[pos : pos + 1]
            if char in ("{", "["):
                stack.append([char == "{", path, 0, {}])
                pos += 1
                gap = space(text, pos)
                if gap:
                    pos = gap.end()
                closer = "}" if char == "{" else "]"
                if text[pos : pos + 1] == closer:
                    stack.pop()
                    pos += 1
                    expect_value = False
                    continue
                if char == "[":
                    path = (*path, 0)
                    continue
                # fall through to reading the first key
            else:
                match = string(text, pos) if char == '"' else scalar(text, pos)
                if match is None:
                    return result
                pos = match.end()
                expect_value = False
                continue
        else:
            if not stack:
                return result
            char = text[pos : pos + 1]
            frame = stack[-1]
            if char == ",":
                pos += 1
                if not frame[0]:
                    frame[2] += 1
                    path = (*frame[1], frame[2])
                    expect_value = True
                    continue
                gap = space(text, pos)
                if gap:
                    pos = gap.end()
            elif char == ("}" if frame[0] else "]"):
                stack.pop()
                pos += 1
                continue
            else:
                return result
        # Read a key and its colon: the frame on top is an object.
        frame = stack[-1]
        match = string(text, pos)
        if match is None:
            return result
        key = _key_text(match.group())
        if find_duplicates:
            seen: dict[str, int] = frame[3]
            first = seen.get(key)
            if first is None:
                seen[key] = pos
            else:
                result.duplicates.append((frame[1], key, pos, first))
        pos = match.end()
        gap = space(text, pos)
        if gap:
            pos = gap.end()
        if text[pos : pos + 1] != ":":
            return result
        pos += 1
        path = (*frame[1], key)
        expect_value = True


# The seek below tokenises with the full scan's own string pattern, and skips values
# with the C scanner of the json module, refusing the constants it alone accepts.
_GAP: Final = "[ \t\n\r]*"


_FIRST_KEY: Final = re.compile(f"{_GAP}({_STRING.pattern}){_GAP}:{_GAP}|{_GAP}}}")


_NEXT_KEY: Final = re.compile(f"{_GAP}(?:,{_GAP}({_STRING.pattern}){_GAP}:{_GAP}|}})")


_FIRST_ITEM: Final = re.compile(f"{_GAP}(])?")


_NEXT_ITEM: Final = re.compile(f"{_GAP}(?:(,){_GAP}|])")


_SKIPPER: Final = json.JSONDecoder(parse_constant=_no_constant)


def _seek_json(
    text: str, want: set[DocumentPath], key_offsets: dict[DocumentPath, int] | None = None
) -> dict[DocumentPath, int] | None:
    """:func:`_scan_json`'s positions for ``want`` (closed under prefixes), found faster.

    Only the containers on the way to a wanted path are tokenised here; any other
    value is skipped whole by the C scanner of the json module, and the walk stops as
    soon as every wanted path has its offset. A wanted path still missing when its
    container closes is not settled then: a repeated key may open the same path
    again (where the first occurrence counts, as in the full scan), so the walk goes
    on over the keys of the enclosing containers.

    With ``key_offsets``, the offset of the key of every wanted path reached through
    an object member is recorded there too (the first occurrence of a repeated key).

    Returns ``None`` when a token or a skipped value is not valid for the full scan
    (or the C scanner refuses it, e.g. as too deep): the caller then runs the full
    scan, which knows where invalid JSON stops it. So a result, when there is one, is
    the full scan's: every token passed is one that the full scan also passes.
    """
    positions: dict[DocumentPath, int] = {}
    left = len(want)
    if not left:
        return positions
    inner = {path[:-1] for path in want if path}
    skip = _SKIPPER.raw_decode
    # Frames: [is_object, path, index of the current item].
    stack: list[list[Any]] = []
    path: DocumentPath = ()
    pos = len(text) - len(text.lstrip(" \t\n\r"))
    match: re.Match[str] | None
    while True:
        # The value at ``path`` starts at ``pos``.
        if path in want and path not in positions:
            positions[path] = pos
            left -= 1
            if not left:
                return positions
        char = text[pos : pos + 1]
        if char == "{" and path in inner:
            match = _FIRST_KEY.match(text, pos + 1)
            if match is None:
                return None
            pos = match.end()
            if match.group(1) is not None:
                stack.append([True, path, 0])
                path = (*path, _key_text(match.group(1)))
                if key_offsets is not None and path in want:
                    key_offsets.setdefault(path, match.start(1))
                continue
        elif char == "[" and path in inner:
            match = _FIRST_ITEM.match(text, pos + 1)
            assert match is not None  # it matches the empty string
            pos = match.end()
            if match.group(1) is None:
                stack.append([False, path, 0])
                path = (*path, 0)
                continue
        else:
            try:
                pos = skip(text, pos)[1]
            except (ValueError, RecursionError, _Problem):
                return None
        # After a value: the next member, or the end of its container.
        while stack:
            frame = stack[-1]
            match = (_NEXT_KEY if frame[0] else _NEXT_ITEM).match(text, pos)
            if match is None:
                return None
            pos = match.end()
            if match.group(1) is not None:
                if frame[0]:
                    path = (*frame[1], _key_text(match.group(1)))
                    if key_offsets is not None and path in want:
                        key_offsets.setdefault(path, match.start(1))
                else:
                    frame[2] += 1
                    path = (*frame[1], frame[2])
                break
            stack.pop()
        else:
            return positions


def _prefixes(paths: Iterable[DocumentPath]) -> set[DocumentPath]:
    """Every path and all of its ancestors."""
    out: set[DocumentPath] = set()
    for path in paths:
        for end in range(len(path) + 1):
            out.add(path[:end])
    return out


def _locate_json(
    text: str, paths: list[DocumentPath], keys: list[DocumentPath]
) -> tuple[dict[DocumentPath, _Position | None], dict[DocumentPath, _Position | None]]:
    """Positions in JSON text, from one walk that skips what it does not need."""
    want = _prefixes([*paths, *keys])
    key_offsets: dict[DocumentPath, int] = {}
    positions = _seek_json(text, want, key_offsets)
    if positions is None:  # not valid JSON: the full scan knows where it stops
        positions = _scan_json(text, want=want, find_duplicates=False).positions
    index = _LineIndex(text) if len(paths) + len(keys) > 4 else functools.partial(_line_col, text)

    def place(path: DocumentPath) -> _Position | None:
        for end in range(len(path), -1, -1):
            offset = positions.get(path[:end])
            if offset is not None:
                return index(offset)
        return None

    out = {path: place(path) for path in paths}
    out_keys = {key: index(key_offsets[key]) if key in key_offsets else place(key) for key in keys}
    return out, out_keys
