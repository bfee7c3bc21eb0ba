"""The YAML builder: libyaml's node tree to plain JSON values, the YAML 1.2 way.

Scalars are resolved by the YAML 1.2 core schema (``NO`` stays a string, dates stay
strings), tags outside it are refused, duplicate keys are findings with both places,
and aliases that would expand beyond the limits are refused before building.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from typing import Any, Final

from yaml._yaml import CParser
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from citydiplomacy._base._report import DocumentPath, Finding
from citydiplomacy._io._source import (
    ALIAS_EXPANSION_FACTOR,
    MAX_ALIAS_EXPANSION,
    MAX_DEPTH,
    MAX_FINDINGS,
    _finding,
    _kind,
    _path_finding,
    _Position,
    _Problem,
    _too_deep,
)

_STR: Final = "tag:yaml.org,2002:str"


_INT: Final = "tag:yaml.org,2002:int"


_FLOAT: Final = "tag:yaml.org,2002:float"


_BOOL: Final = "tag:yaml.org,2002:bool"


_NULL: Final = "tag:yaml.org,2002:null"


_MAP: Final = "tag:yaml.org,2002:map"


_SEQ: Final = "tag:yaml.org,2002:seq"


#: The tag our resolver gives untagged plain scalars: resolved by the core schema later.
_PLAIN: Final = "?"


class _Composer(CParser):
    """libyaml's parser and composer with a resolver that does nothing.

    PyYAML's resolver runs Python regexes on every scalar during composition; here
    untagged plain scalars are marked :data:`_PLAIN` and resolved in one pass by
    :func:`_build` with the YAML 1.2 core schema.
    """

    def resolve(self, kind: type[Node], value: str | None, implicit: Any) -> str:
        """The tag of an untagged node: only plain scalars are left to resolve."""
        if kind is ScalarNode:
            return _PLAIN if implicit[0] else _STR
        return _MAP if kind is MappingNode else _SEQ

    def descend_resolver(self, parent: Node | None, index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


_NOT_A_WORD: Final = object()


_WORDS: Final[dict[str, object]] = {
    "": None,
    "~": None,
    "null": None,
    "Null": None,
    "NULL": None,
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}


#: First characters of plain scalars that may be something other than a string.
_SPECIAL_FIRST: Final = frozenset("0123456789+-.~nNtTfF") | {""}


_NUMBER: Final = re.compile(
    r"(?P<int>[-+]?[0-9]+)"
    r"|0o(?P<oct>[0-7]+)"
    r"|0x(?P<hex>[0-9a-fA-F]+)"
    r"|(?P<float>[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)"
    r"|(?P<inf>[-+]?\.(?:inf|Inf|INF))"
    r"|(?P<nan>\.(?:nan|NaN|NAN))"
)


def _core_scalar(value: str) -> object:
    """Resolve a plain scalar with the YAML 1.2 core schema (JSON's data model)."""
    word = _WORDS.get(value, _NOT_A_WORD)
    if word is not _NOT_A_WORD:
        return word
    match = _NUMBER.fullmatch(value)
    if match is None:
        return value
    kind = match.lastgroup
    try:
        if kind == "int":
            return int(value)
        if kind == "oct":
            return int(match.group("oct"), 8)
        if kind == "hex":
            return int(match.group("hex"), 16)
    except ValueError:
        raise _Problem(
            "read.number-range",
            f"integer with {len(value)} digits is too large to read; write it as a string",
        ) from None
    if kind == "float":
        number = float(value)
        if math.isinf(number):
            raise _Problem(
                "read.non-finite",
                f"{value} is too large for a 64-bit float (it would read as infinity)",
            )
        return number
    raise _Problem(
        "read.non-finite",
        f"{value} is not a finite number; the document model is JSON, which has none",
    )


def _short_tag(tag: str) -> str:
    """How a tag is written in a file: ``!!binary``, ``!local`` or ``!<uri>``."""
    if tag.startswith("tag:yaml.org,2002:"):
        return "!!" + tag[len("tag:yaml.org,2002:") :]
    return tag if tag.startswith("!") else f"!<{tag}>"


def _bad_tag(tag: str) -> _Problem:
    """The problem for a tag outside JSON's data model."""
    return _Problem(
        "read.yaml-tag",
        f"tag {_short_tag(tag)} is not allowed: the document model is JSON; "
        "remove the tag and write the value as a plain string, number, list or mapping",
    )


def _tagged_scalar(tag: str, value: str) -> object:
    """A scalar with an explicit tag: core tags convert, any other tag is refused."""
    if tag == _STR:
        return value
    if tag in (_INT, _FLOAT, _BOOL, _NULL):
        resolved = _core_scalar(value)
        if tag == _FLOAT and type(resolved) is int:
            return float(resolved)
        expected = {_INT: int, _FLOAT: float, _BOOL: bool, _NULL: type(None)}[tag]
        if type(resolved) is not expected:
            raise _Problem(
                "read.yaml-tag",
                f"{value!r} is not a valid {_short_tag(tag)}; remove the tag or fix the value",
            )
        return resolved
    raise _bad_tag(tag)


def _scalar(node: ScalarNode) -> object:
    """The JSON value of a scalar node; raises :class:`_Problem`."""
    tag = node.tag
    if tag == _PLAIN:
        return _core_scalar(node.value)
    if tag == _STR:
        return node.value
    return _tagged_scalar(tag, node.value)


def _mark_position(node: Node) -> _Position:
    """1-based (line, column) where a node starts."""
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


def _kind_of_node(node: Node) -> str:
    """How a message names the kind of a node."""
    if isinstance(node, MappingNode):
        return "an object"
    if isinstance(node, SequenceNode):
        return "a list"
    return "a scalar"


def _build(root: MappingNode, name: str, findings: list[Finding]) -> dict[str, Any]:
    """Turn a composed node graph into JSON values, iteratively.

    Aliases are expanded (the caller has bounded the expansion and excluded cycles).
    Problems become findings; the entry they are in is left out and building goes on,
    so one pass reports them all. Plain strings, by far the most common scalars, are
    recognised inline by their first character.
    """
    plain, string, special = _PLAIN, _STR, _SPECIAL_FIRST
    scalar_node, mapping_node = ScalarNode, MappingNode
    top: dict[str, Any] = _container(root, (), name, findings)
    firsts: dict[int, dict[str, Node]] = {}
    stack: list[tuple[Node, Any, DocumentPath]] = [(root, top, ())]
    too_deep = False
    while stack and len(findings) < MAX_FINDINGS:
        node, out, path = stack.pop()
        is_map = type(node) is mapping_node
        entries: Iterable[tuple[Any, Node]] = node.value if is_map else enumerate(node.value)
        for key_node, value_node in entries:
            key: Any = key_node
            if is_map:
                if type(key_node) is scalar_node and (
                    key_node.tag == string
                    or (key_node.tag == plain and key_node.value[:1] not in special)
                ):
                    key = key_node.value
                else:
                    key = _key(key_node, path, name, findings)
                    if key is None:
                        continue
                if key in out:
                    findings.append(_duplicate(node, key, key_node, path, name, firsts=firsts))
                    if len(findings) >= MAX_FINDINGS:
                        break
                    continue
            if type(value_node) is scalar_node:
                tag = value_node.tag
                value = value_node.value
                if tag == string or (tag == plain and value[:1] not in special):
                    out[key] = value
                    continue
                try:
                    out[key] = _scalar(value_node)
                except _Problem as problem:
                    position = _mark_position(value_node)
                    findings.append(
                        _path_finding(problem.rule, problem.message, name, (*path, key), position)
                    )
                continue
            child_path = (*path, key)
            if len(child_path) >= MAX_DEPTH:
                if not too_deep:
                    too_deep = True
                    findings.append(_too_deep(name, child_path, _mark_position(value_node)))
                continue
            child = _container(value_node, child_path, name, findings)
            out[key] = child
            stack.append((value_node, child, child_path))
    return top


def _container(node: Node, path: DocumentPath, name: str, findings: list[Finding]) -> Any:
    """An empty dict or list for a collection node, checking its tag."""
    tag = node.tag
    if type(node) is MappingNode:
        if tag != _MAP:
            findings.append(
                _path_finding(
                    "read.yaml-tag", _bad_tag(tag).message, name, path, _mark_position(node)
                )
            )
        return {}
    if tag != _SEQ:
        findings.append(
            _path_finding("read.yaml-tag", _bad_tag(tag).message, name, path, _mark_position(node))
        )
    return [None] * len(node.value)


def _key(node: Node, path: DocumentPath, name: str, findings: list[Finding]) -> str | None:
    """The string key of a mapping entry, or None after a ``read.key-type`` finding."""
    if type(node) is ScalarNode:
        tag = node.tag
        value: str = node.value
        if tag == _STR or (tag == _PLAIN and value[:1] not in _SPECIAL_FIRST):
            return value
        try:
            key = _scalar(node)
        except _Problem:
            key = math.nan
        if type(key) is str:
            return key
        quoted = json.dumps(value, ensure_ascii=False) if "'" in value else f"'{value}'"
        shown = value or "an empty key"
        message = f"keys must be strings; {shown} reads as {_kind(key)}, quote it: {quoted}"
    else:
        message = f"keys must be strings, found {_kind_of_node(node)} used as a key"
    findings.append(_path_finding("read.key-type", message, name, path, _mark_position(node)))
    return None


def _duplicate(
    mapping: Node,
    key: str,
    repeat: Node,
    path: DocumentPath,
    name: str,
    *,
    firsts: dict[int, dict[str, Node]],
) -> Finding:
    """``read.duplicate-key`` at the repeat, naming the first occurrence.

    ``firsts`` caches, per mapping, the first key node of each key, so that many
    repeats in one mapping cost one pass over it.
    """
    table = firsts.get(id(mapping))
    if table is None:
        table = {}
        for key_node, _ in mapping.value:
            found = _key(key_node, path, name, [])
            if found is not None:
                table.setdefault(found, key_node)
        firsts[id(mapping)] = table
    line, column = _mark_position(table[key])
    message = (
        f"duplicate key {key!r} (first at line {line}, column {column}); "
        "keys in a mapping must be unique"
    )
    return _path_finding("read.duplicate-key", message, name, path, _mark_position(repeat))


def _collections_in(node: Node) -> list[Node]:
    """The mappings and sequences directly inside a node (as keys or values)."""
    if type(node) is MappingNode:
        return [child for pair in node.value for child in pair if type(child) is not ScalarNode]
    return [child for child in node.value if type(child) is not ScalarNode]


_RECURSIVE_MESSAGE: Final = (
    "recursive alias: a node contains an alias to itself, which has no JSON form"
)


def _alias_problem(root: MappingNode, name: str) -> Finding | None:
    """Refuse recursive aliases and aliases that expand beyond the limit.

    A memoised depth-first walk over the composed graph (shared nodes are visited
    once) computes how many nodes the document has once every alias is expanded.
    Only collections are walked: a scalar counts one wherever it appears.
    """
    expanded: dict[int, int] = {}
    on_path: set[int] = set()
    written = 0
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            children = _collections_in(node)
            own = 1 + len(node.value) * (2 if type(node) is MappingNode else 1) - len(children)
            expanded[key] = own + sum(expanded[id(child)] for child in children)
            written += own
            continue
        if key in expanded:
            continue
        on_path.add(key)
        stack.append((node, True))
        for child in _collections_in(node):
            child_key = id(child)
            if child_key in on_path:
                return _finding(
                    "read.recursive-alias", _RECURSIVE_MESSAGE, name, _mark_position(child)
                )
            if child_key not in expanded:
                stack.append((child, False))
    total = expanded[id(root)]
    limit = max(MAX_ALIAS_EXPANSION, ALIAS_EXPANSION_FACTOR * written)
    if total <= limit:
        return None
    message = (
        f"aliases expand the document to {total:,} nodes from about {written:,} written "
        f"(limit {limit:,}); this looks like an alias bomb"
    )
    # Point at the top-level entry that expands the most.
    key_node, value_node = max(root.value, key=lambda pair: expanded.get(id(pair[1]), 1))
    path: DocumentPath = (key_node.value,) if type(key_node) is ScalarNode else ()
    return _path_finding("read.alias-expansion", message, name, path, _mark_position(value_node))


def _yaml_child(
    node: Node, part: str | int, members: dict[int, dict[object, tuple[Node, Node]]]
) -> tuple[Node, Node] | None:
    """The (key, value) nodes at ``part`` inside ``node`` (for a list item, the item
    twice), with mapping lookups cached in ``members``; the first of repeated keys."""
    if type(node) is SequenceNode:
        if type(part) is int and 0 <= part < len(node.value):
            child: Node = node.value[part]
            return child, child
        return None
    if type(node) is not MappingNode or type(part) is not str:
        return None
    table = members.get(id(node))
    if table is None:
        table = {}
        for key_node, value_node in node.value:
            if type(key_node) is ScalarNode:
                try:
                    key = _scalar(key_node)
                except _Problem:
                    continue
                if type(key) is str:
                    table.setdefault(key, (key_node, value_node))
        members[id(node)] = table
    return table.get(part)
