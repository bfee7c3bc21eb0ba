"""The workbook's shape, derived from the JSON Schema: which sheets, which columns.

Every array of objects (and every array of multilingual texts) is a sheet; the
objects and scalars inside one item are columns named by their path (``period/start``,
``total_budget/amount``); a multilingual text is one column per language
(``title/fr``, ``title/en``); an array of codes or of short texts is one cell
(codes separated by ``;``, texts by line breaks); ``extensions`` members are one
column each, holding a JSON value. Rows of a sheet point at the row they belong to
by key columns (``conventions:id``, ``actions:id``, ``suspensions:#``).

Nothing here is a hand-kept list of fields: the walk over ``$defs`` finds them, and a
test checks that every property of the schema is mapped.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any, Final, Literal

import attrs

from citydiplomacy._checking._schema import schema
from citydiplomacy._outputs._spreadsheet._labels import FRENCH, WORDS

Lang = Literal["en", "fr"]
LANGS: Final = ("en", "fr")

#: How a field's value sits in its cell(s).
Shape = Literal["string", "integer", "number", "boolean", "multilingual", "list", "extensions"]

#: Separator of codes in a list cell (codes, ids, dates and language tags never hold it).
CODE_SEPARATOR: Final = ";"
#: Separator of free texts in a list cell (``name_variants``).
TEXT_SEPARATOR: Final = "\n"

#: The sheet that holds the drop-down lists of a template; never read back.
CODELIST_SHEET: Final = "_codelists"

ROOT_DEFINITION: Final = "Convention"
TEXT_DEFINITION: Final = "MultilingualText"


@attrs.frozen
class Field:
    """One property of a sheet's item, at ``path`` below the item (one or more columns)."""

    path: tuple[str, ...]
    shape: Shape
    #: The ``$defs`` name of the value, or of a list's items (codelists, descriptions).
    definition: str | None
    #: For lists: the items' JSON type (``string`` or ``integer``) and separator.
    item_type: str = "string"
    separator: str = CODE_SEPARATOR
    title: str = ""
    description: str = ""

    def header(self, lang: Lang) -> str:
        """The column header (for a multilingual text or extensions, its prefix)."""
        return "/".join(word(part, lang) for part in self.path)


@attrs.frozen
class Sheet:
    """One kind of object: the items of the arrays at ``path`` (from the document root)."""

    path: tuple[str, ...]
    #: Where the array sits below the parent sheet's item.
    relative: tuple[str, ...]
    parent: int | None
    definition: str
    has_id: bool
    fields: tuple[Field, ...]
    #: Items without ids that other sheets' rows point at carry a ``#`` column.
    numbered: bool = False

    def name(self, lang: Lang) -> str:
        """The sheet's name in a workbook (at most 31 characters, as Excel wants)."""
        if not self.path:
            return word("conventions", lang)
        parts = self.path
        # An object at the top that is not an array (signature, term, governance) adds
        # nothing a reader needs: "meetings" is clearer than "governance.meetings".
        if len(parts) > 1 and _top_kind(parts[0]) == "object":
            parts = parts[1:]
        return ".".join(word(part, lang) for part in parts)

    def key_header(self, lang: Lang) -> str:
        """Header of the column by which rows of child sheets point at this sheet's rows."""
        return f"{self.name(lang)}:{'id' if self.has_id else word('number', lang)}"


def word(name: str, lang: Lang) -> str:
    """A property name (or workbook word) in the header language."""
    if name in WORDS:
        return WORDS[name][lang]
    return FRENCH.get(name, name) if lang == "fr" else name


def _name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _definitions() -> Mapping[str, Any]:
    defs: Mapping[str, Any] = schema()["$defs"]
    return defs


def _object_definition(node: Mapping[str, Any]) -> str | None:
    """The ``$defs`` name when ``node`` refers to an object with properties."""
    ref = node.get("$ref")
    if isinstance(ref, str) and "properties" in _definitions()[_name(ref)]:
        return _name(ref)
    return None


def _resolved(node: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = node.get("$ref")
    if isinstance(ref, str):
        target: Mapping[str, Any] = _definitions()[_name(ref)]
        return target
    return node


def _is_code(node: Mapping[str, Any]) -> bool:
    """A string whose pattern or enum keeps separators and line breaks out of it."""
    resolved = _resolved(node)
    return "pattern" in resolved or "enum" in resolved


def _scalar_shape(node: Mapping[str, Any]) -> Shape:
    kind = _resolved(node).get("type")
    if kind in ("integer", "number", "boolean"):
        shape: Shape = kind
        return shape
    return "string"


def _walk(
    definition: str, prefix: tuple[str, ...], root: tuple[str, ...], out: list[_Pending]
) -> list[Field]:
    """The fields of one item (inline objects flattened), adding child sheets to ``out``."""
    fields: list[Field] = []
    properties: Mapping[str, Any] = _definitions()[definition]["properties"]
    for key, node in properties.items():
        path = (*prefix, key)
        title = str(node.get("title", ""))
        description = str(node.get("description", ""))
        ref = _name(node["$ref"]) if "$ref" in node else None
        if key == "extensions":
            fields.append(Field(path, "extensions", ref, title=title, description=description))
        elif ref == TEXT_DEFINITION:
            fields.append(Field(path, "multilingual", ref, title=title, description=description))
        elif _object_definition(node) is not None:
            fields.extend(_walk(str(ref), path, root, out))
        elif node.get("type") == "array":
            items: Mapping[str, Any] = node["items"]
            item_ref = _name(items["$ref"]) if "$ref" in items else None
            if _object_definition(items) is not None or item_ref == TEXT_DEFINITION:
                out.append(_Pending((*root, *path), path, str(item_ref)))
            else:
                code = _is_code(items) or _scalar_shape(items) == "integer"
                fields.append(
                    Field(
                        path,
                        "list",
                        item_ref,
                        item_type="integer" if _scalar_shape(items) == "integer" else "string",
                        separator=CODE_SEPARATOR if code else TEXT_SEPARATOR,
                        title=title,
                        description=description,
                    )
                )
        else:
            fields.append(
                Field(path, _scalar_shape(node), ref, title=title, description=description)
            )
    return fields


@attrs.frozen
class _Pending:
    path: tuple[str, ...]
    relative: tuple[str, ...]
    definition: str


@functools.cache
def sheets() -> tuple[Sheet, ...]:
    """Every sheet, parents before their children, in the schema's order."""
    out: list[Sheet] = []

    def add(
        path: tuple[str, ...], relative: tuple[str, ...], parent: int | None, definition: str
    ) -> None:
        pending: list[_Pending] = []
        if definition == TEXT_DEFINITION:
            fields = [Field(("text",), "multilingual", TEXT_DEFINITION, title="Text")]
            has_id = False
        else:
            fields = _walk(definition, (), path, pending)
            has_id = "id" in _definitions()[definition].get("required", ())
        index = len(out)
        out.append(Sheet(path, relative, parent, definition, has_id, tuple(fields)))
        if pending and not has_id:
            out[index] = attrs.evolve(out[index], numbered=True)
        for child in pending:
            add(child.path, child.relative, index, child.definition)

    add((), (), None, ROOT_DEFINITION)
    return tuple(out)


def _top_kind(key: str) -> str:
    node: Mapping[str, Any] = _definitions()[ROOT_DEFINITION]["properties"][key]
    return "array" if node.get("type") == "array" else "object"


def ancestors(index: int) -> list[int]:
    """The sheets above ``index``, root first."""
    chain: list[int] = []
    parent = sheets()[index].parent
    while parent is not None:
        chain.append(parent)
        parent = sheets()[parent].parent
    return chain[::-1]


def key_headers(index: int, lang: Lang) -> list[str]:
    """Headers of the key columns of a sheet (none for the conventions sheet)."""
    return [sheets()[a].key_header(lang) for a in ancestors(index)]


def children(index: int) -> list[int]:
    """The sheets whose rows belong to rows of sheet ``index``."""
    return [i for i, s in enumerate(sheets()) if s.parent == index]


#: A BCP 47-like language tag, as the schema's MultilingualText keys.
LANGUAGE_TAG: Final = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
#: An extension key, as the schema's Extensions property names.
EXTENSION_KEY: Final = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*:[A-Za-z_][A-Za-z0-9_.-]*$")


def mapped_properties() -> set[tuple[str, str]]:
    """Every (definition, property) pair the workbook represents (for the tests)."""
    found: set[tuple[str, str]] = set()
    defs = _definitions()

    def mark(definition: str, prefix: tuple[str, ...], taken: set[tuple[str, ...]]) -> None:
        for key, node in defs[definition]["properties"].items():
            path = (*prefix, key)
            ref = _object_definition(node)
            if path in taken:
                found.add((definition, key))
            elif ref is not None and any(p[: len(path)] == path for p in taken):
                found.add((definition, key))
                mark(ref, path, taken)

    for index, sheet in enumerate(sheets()):
        if sheet.definition != TEXT_DEFINITION:
            taken = {f.path for f in sheet.fields} | {sheets()[c].relative for c in children(index)}
            mark(sheet.definition, (), taken)
    return found
