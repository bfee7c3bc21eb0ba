"""Writing: a plain JSON document -> canonical JSON or YAML text (files are written by
:func:`citydiplomacy._base._files.write_atomic`, re-exported here).

Canonical means deterministic: the same document always gives the same text, keys
in the order given (the model layer orders them), 2-space indentation, UTF-8
characters written as themselves, one trailing newline. Reading the text back with
:func:`citydiplomacy._io._reading.read_text` gives the same document, type for type.

YAML output is read the same way by YAML 1.2 (core schema) and YAML 1.1 readers:
every string that either would read as something else (``NO``, ``yes``, ``on``,
``~``, ``0o17``, ``1e3``, ``1_000``, ``12:30``, ``2025-01-01``, ``<<``, ...) is
quoted. Reduced-precision dates such as ``2025-01``, and the other EDTF date forms
(``2019-10-23?``, ``201X``, ``2022-10/..``), are quoted too, so every date in a file
looks alike.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from citydiplomacy._base._files import write_atomic
from citydiplomacy._io._reading import MAX_DEPTH

__all__ = ["to_json", "to_yaml", "write_atomic"]


def to_json(document: object) -> str:
    """Canonical JSON text of a plain JSON document.

    2-space indentation, non-ASCII characters unescaped, keys in the given order,
    floats written by ``repr``, a trailing newline. Raises :class:`ValueError` for
    NaN or infinite floats, strings that cannot be UTF-8 (lone surrogates) and
    nesting deeper than ``MAX_DEPTH`` (or a cycle); :class:`TypeError` for values
    JSON has no form for and for non-string keys.
    """
    return json.dumps(_plain(document), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def to_yaml(document: object) -> str:
    """Canonical YAML text of a plain JSON document.

    Block style, 2-space indentation, no line folding, non-ASCII characters written
    as themselves, keys in the given order, a trailing newline. Strings that a YAML
    1.1 or 1.2 reader would take for something else are quoted; multi-line strings
    use a literal block (``|``) when the emitter can write one that reads back exactly.
    Raises like :func:`to_json`.
    """
    text: str = yaml.dump(
        _plain(document),
        Dumper=_Dumper,
        allow_unicode=True,
        default_flow_style=False,
        sort_keys=False,
        width=_NO_FOLDING,
        indent=2,
    )
    return text


def _plain(document: object) -> Any:
    """A checked copy of ``document`` made of exact JSON types, built iteratively.

    Subclasses (``str`` enums, ``IntEnum``, ``OrderedDict``) become their base type
    and tuples become lists, so both writers see the same plain values.
    """
    holder: list[Any] = [None]
    stack: list[tuple[object, Any, Any, int]] = [(document, holder, 0, 0)]
    while stack:
        value, parent, key, depth = stack.pop()
        if value is None or value is True or value is False:
            parent[key] = value
        elif isinstance(value, str):
            parent[key] = _text(value)
        elif isinstance(value, int):
            parent[key] = value if type(value) is int else int(value)
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise ValueError(f"{value!r} has no JSON form: numbers must be finite")
            parent[key] = value if type(value) is float else float(value)
        elif isinstance(value, (Mapping, list, tuple)):
            if depth >= MAX_DEPTH:
                raise ValueError(
                    f"document is nested deeper than {MAX_DEPTH} levels (or contains a cycle)"
                )
            if isinstance(value, Mapping):
                out: dict[str, Any] = {}
                for child_key, child in value.items():
                    if not isinstance(child_key, str):
                        raise TypeError(
                            f"object keys must be strings, not {type(child_key).__name__}: "
                            f"{child_key!r}"
                        )
                    plain_key = _text(child_key)
                    out[plain_key] = None
                    stack.append((child, out, plain_key, depth + 1))
                parent[key] = out
            else:
                items: Sequence[object] = value
                array: list[Any] = [None] * len(items)
                stack.extend((child, array, index, depth + 1) for index, child in enumerate(items))
                parent[key] = array
        else:
            raise TypeError(f"{type(value).__name__} has no JSON form: {value!r}")
    return holder[0]


def _text(value: str) -> str:
    """A plain ``str`` that UTF-8 can encode; raises :class:`ValueError` otherwise."""
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValueError(
                f"string contains a lone surrogate U+{ord(value[exc.start]):04X}, "
                "which UTF-8 cannot encode"
            ) from None
    return value if type(value) is str else str.__str__(value)


# YAML 1.1 and YAML 1.2 core resolution, merged: a plain scalar matching any of
# these is not a string for some reader, so strings that match are quoted.
_RESOLVERS: Final = (
    (
        "tag:yaml.org,2002:bool",
        r"y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF",
    ),
    ("tag:yaml.org,2002:null", r"~|null|Null|NULL|"),
    (
        "tag:yaml.org,2002:int",
        r"[-+]?[0-9]+"
        r"|0o[0-7]+"
        r"|[-+]?0b[0-1_]+"
        r"|[-+]?0[0-7_]+"
        r"|[-+]?(?:0|[1-9][0-9_]*)"
        r"|[-+]?0x[0-9a-fA-F_]+"
        r"|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+",
    ),
    (
        "tag:yaml.org,2002:float",
        r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?(?:[0-9][0-9_]*)?\.[0-9._]*(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*"
        r"|[-+]?\.(?:inf|Inf|INF)"
        r"|\.(?:nan|NaN|NAN)",
    ),
    (
        # YAML 1.1 timestamps, and reduced-precision dates (2025, 2025-01) for a
        # uniform look: the int rule already quotes a bare year.
        "tag:yaml.org,2002:timestamp",
        r"[0-9]{4}-[0-9]{1,2}(?:-[0-9]{1,2}(?:(?:[Tt]|[ \t]+).*)?)?",
    ),
    (
        # EDTF dates beyond YYYY-MM-DD (2019-10-23?, 201X, XXXX-09, 2022-10/.., /2022)
        # are plain strings for every reader, and quoted only so that every date in a
        # file looks alike.
        "tag:yaml.org,2002:timestamp",
        r"(?:[0-9X]{4}(?:-[0-9X]{2}){0,2}[?~%]?|\.\.)?/(?:[0-9X]{4}(?:-[0-9X]{2}){0,2}[?~%]?|\.\.)?"
        r"|[0-9X]{4}(?:-[0-9X]{2}){0,2}[?~%]?",
    ),
    ("tag:yaml.org,2002:merge", r"<<"),
    ("tag:yaml.org,2002:value", r"="),
)

# PyYAML folds plain and quoted scalars longer than the line width; never here.
_NO_FOLDING: Final = 2**31 - 1

# YAML 1.1 readers fold these line breaks inside plain, single-quoted and block
# scalars; only double quotes (as \N, \L, \P) keep them.
_UNICODE_BREAKS: Final = re.compile("[\x85\u2028\u2029]")


class _Dumper(yaml.SafeDumper):
    """PyYAML's Python emitter with JSON-model representers and a cautious resolver.

    Not libyaml's emitter: it escapes every character outside the Basic
    Multilingual Plane (``"\\U0001F389"`` for an emoji), which hides real text.
    Block sequences are indented under their key (yamllint's default).
    """

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 - PyYAML's class-level registry

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


for _tag, _pattern in _RESOLVERS:
    _Dumper.add_implicit_resolver(_tag, re.compile(f"(?:{_pattern})\\Z"), None)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> ScalarNode:
    """Multi-line strings as literal blocks; line separators double-quoted."""
    style: str | None = None
    if _UNICODE_BREAKS.search(data):
        style = '"'
    elif "\n" in data:
        # A literal block when the emitter allows one; it falls back to quotes itself.
        style = "|"
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _represent_key(dumper: yaml.SafeDumper, data: str) -> ScalarNode:
    # Keys are never literal blocks, which would need a "? |" complex key.
    """A mapping key: like a string value, but never a block scalar."""
    style = '"' if _UNICODE_BREAKS.search(data) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _represent_float(dumper: yaml.SafeDumper, data: float) -> ScalarNode:
    """A float as ``repr`` writes it, with a dot so that YAML 1.1 reads a float too."""
    text = repr(data)
    if "." not in text and "e" in text:
        # 1e+16 is a float for YAML 1.2 but a string for YAML 1.1, 1.0e+16 for both.
        text = text.replace("e", ".0e", 1)
    return dumper.represent_scalar("tag:yaml.org,2002:float", text)


def _represent_dict(dumper: yaml.SafeDumper, data: dict[str, Any]) -> MappingNode:
    """A mapping in the order given, keys through :func:`_represent_key`."""
    pairs: list[tuple[Node, Node]] = [
        (_represent_key(dumper, key), dumper.represent_data(value)) for key, value in data.items()
    ]
    return MappingNode("tag:yaml.org,2002:map", pairs, flow_style=False)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(float, _represent_float)
_Dumper.add_representer(dict, _represent_dict)
