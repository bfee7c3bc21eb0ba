"""Upgrading convention files from format 1.0 to 1.1, keeping everything else as written.

:func:`upgrade_text` takes the text of a file and returns the text of the same
convention in format 1.1, with what it changed and what a person should review.
Only two things change: ``schema_version`` becomes ``"1.1"``, and the deprecated
``term.terminated_on`` moves into ``term.termination.date``. Everything else stays
as it was written, byte for byte: the changes are made in the text itself, at the
positions a parser reports (ruamel.yaml in round-trip mode for YAML, a small scanner
for JSON), so comments, key order, quoting, indentation and line ends stay. A YAML
layout those edits do not handle (a folded scalar, say) is rewritten by ruamel.yaml
in round-trip mode, which keeps comments and key order too. Either way the result is
read back and must hold exactly the intended values.

Some 1.0 defaults are gone in 1.1 (an absent budget ``commitment`` no longer means
``indicative``, an absent meeting ``status`` no longer means ``planned``): the
upgrade never guesses what the source said, it lists each such place in
:attr:`UpgradeResult.notes` for a person to decide.

>>> result = upgrade_text('{"schema_version": "1.0", "id": "x", "parties": []}', format="json")
>>> result.text
'{"schema_version": "1.1", "id": "x", "parties": []}'
>>> result.changes
('$.schema_version: "1.0" -> "1.1"',)
"""

from __future__ import annotations

import copy
import io
import json
import re
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any, Final

import attrs
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from citydiplomacy._base._report import ConventionError, DocumentPath, format_path
from citydiplomacy._io._reading import Format, read_text

__all__ = ["UpgradeError", "UpgradeResult", "upgrade_text"]

#: The version files are upgraded from, and the version they are upgraded to.
FROM_VERSION: Final = "1.0"
TO_VERSION: Final = "1.1"


class UpgradeError(ValueError):
    """The text is a readable document, but not one the upgrade can rewrite.

    The message names the file, the place in it and what to do; ``file`` is the
    name given to :func:`upgrade_text`.

    >>> try:
    ...     upgrade_text('schema_version: "0.9"\\nid: x\\n', format="yaml", name="old.yaml")
    ... except UpgradeError as error:
    ...     print(error.file, "|", str(error).split(": this")[0])
    old.yaml | old.yaml: $.schema_version is "0.9"
    """

    def __init__(self, message: str, file: str | None = None) -> None:
        self.file = file
        super().__init__(f"{file}: {message}" if file else message)


@attrs.frozen
class UpgradeResult:
    """What :func:`upgrade_text` did to one file.

    Attributes:
        text: The upgraded text; the input itself, unchanged, when the file was
            already 1.1.
        changes: What the upgrade changed, one line each, starting with the path
            in the file's own key names (``$.term.terminated_on ...``).
        notes: What a person should review, one line each, with the path and the
            fix: places where a 1.0 default is gone, or where 1.1 can say more
            precisely what the source states.

    Examples:
        >>> old = 'schema_version: "1.0"\\nid: x\\nparties: []\\nterm:\\n  terminated_on: "2026"\\n'
        >>> result = upgrade_text(old, format="yaml")
        >>> for change in result.changes:
        ...     print(change)
        $.schema_version: "1.0" -> "1.1"
        $.term.terminated_on: moved to $.term.termination.date
        >>> print(result.text, end="")
        schema_version: "1.1"
        id: x
        parties: []
        term:
          termination:
            date: "2026"
    """

    text: str
    changes: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        """True when the upgrade changed the text (the file was 1.0)."""
        return bool(self.changes)


def upgrade_text(text: str, *, format: Format, name: str = "<string>") -> UpgradeResult:
    """Upgrade the text of a 1.0 convention file to format 1.1.

    ``format`` is ``"json"`` or ``"yaml"``; ``name`` is used in messages. A file
    that already says ``schema_version: "1.1"`` comes back unchanged, with no
    change and no note. The upgraded text is read back before it is returned and
    must give exactly the intended document: the upgrade never alters a value it
    was not meant to.

    Raises :class:`~citydiplomacy.ConventionError` when the text cannot be read
    (the reader's findings, with line and column), and :class:`UpgradeError` when
    it reads but is not a 1.0 or 1.1 convention file.

    >>> result = upgrade_text('schema_version: "1.0"  # the format\\nid: x\\n', format="yaml")
    >>> print(result.text, end="")
    schema_version: "1.1"  # the format
    id: x
    """
    if format not in ("json", "yaml"):
        raise ValueError(f"format must be 'json' or 'yaml', not {format!r}")
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    if bom:  # kept as it was, outside the edits
        result = upgrade_text(text[1:], format=format, name=name)
        return attrs.evolve(result, text=bom + result.text)
    document = _read(text, format, name)
    version = document.get("schema_version")
    if version == TO_VERSION:
        return UpgradeResult(text=text)
    if "schema_version" not in document:
        raise UpgradeError(
            f'$.schema_version is missing: add `schema_version: "{FROM_VERSION}"` first if '
            f"the file follows format {FROM_VERSION}, then upgrade it",
            name,
        )
    if version != FROM_VERSION and not (isinstance(version, float) and version == 1.0):
        raise UpgradeError(
            f"$.schema_version is {json.dumps(version)}: this upgrade rewrites files of "
            f'format {FROM_VERSION} (schema_version: "{FROM_VERSION}") as {TO_VERSION}, '
            "and knows no other version",
            name,
        )
    expected = copy.deepcopy(document)
    edits = _plan(expected)
    notes = tuple(_notes(document))
    rewrite = _rewrite_json if format == "json" else _rewrite_yaml
    new_text = rewrite(text, edits, name)
    _check_reads_back(new_text, format, name, expected)
    return UpgradeResult(text=new_text, changes=tuple(edit.change for edit in edits), notes=notes)


# ---------------------------------------------------------------- reading


def _read(text: str, format: Format, name: str) -> dict[str, Any]:
    """The plain document of ``text``, as the validator reads it."""
    _, document, findings = read_text(text, name=name, format=format)
    if findings or not isinstance(document, dict):
        raise ConventionError(findings, name)
    return document


# ---------------------------------------------------------------- the edits

#: A mapping of either tree: plain dicts (JSON, and the expected document) or
#: ruamel.yaml's ``CommentedMap``.
_Map = MutableMapping[str, Any]


@attrs.frozen
class _Edit:
    """One change: to a tree of mappings (the expected document, the YAML tree), and
    to JSON text, edited in place so that the rest of the text keeps its layout."""

    change: str
    apply: Callable[[_Map], None]
    apply_json: Callable[[str], str]
    apply_yaml: Callable[[str], str]


def _plan(document: dict[str, Any]) -> list[_Edit]:
    """The edits a 1.0 document needs, applied to ``document`` as they are planned."""
    edits: list[_Edit] = []
    old = document["schema_version"]
    shown = json.dumps(old)

    def set_version(root: _Map) -> None:
        root["schema_version"] = _like(root["schema_version"], TO_VERSION)

    def set_json_version(text: str) -> str:
        member = _json_member(text, ("schema_version",))
        return text[: member.value_start] + f'"{TO_VERSION}"' + text[member.value_end :]

    edits.append(
        _Edit(
            f'$.schema_version: {shown} -> "{TO_VERSION}"',
            set_version,
            set_json_version,
            _yaml_set_version,
        )
    )
    term = document.get("term")
    if isinstance(term, dict) and "terminated_on" in term:
        edit = _termination_edit(term)
        if edit is not None:
            edits.append(edit)
    for edit in edits:
        edit.apply(document)
    return edits


def _termination_edit(term: dict[str, Any]) -> _Edit | None:
    """Move ``term.terminated_on`` into ``term.termination.date``, when that is safe."""
    value = term["terminated_on"]
    termination = term.get("termination")
    if termination is None:

        def move(root: _Map) -> None:
            node = root["term"]
            date = node["terminated_on"]
            _replace_key(node, "terminated_on", "termination", _new_map(node, {"date": date}))

        return _Edit(
            "$.term.terminated_on: moved to $.term.termination.date", move, _json_move, _yaml_move
        )
    if not isinstance(termination, dict):
        return None  # reported by a note; the schema says what is wrong
    if "date" not in termination:

        def fill(root: _Map) -> None:
            node = root["term"]
            _insert_first(node["termination"], "date", node["terminated_on"])
            _delete_key(node, "terminated_on")

        return _Edit(
            "$.term.terminated_on: moved to $.term.termination.date", fill, _json_fill, _yaml_fill
        )
    if termination["date"] == value:

        def drop(root: _Map) -> None:
            _delete_key(root["term"], "terminated_on")

        return _Edit(
            "$.term.terminated_on: removed, $.term.termination.date already says the same date",
            drop,
            _json_drop,
            _yaml_drop,
        )
    return None  # two different dates: a note asks which one the source states


# ---------------------------------------------------------------- notes for a person


_SEASONS: Final = {
    "21": ("spring", "printemps", "primavera", "frühling", "frühjahr", "lente", "wiosna"),
    "22": ("summer", "été", "ete", "verano", "estate", "verão", "verao", "sommer", "zomer"),
    "23": ("autumn", "fall", "automne", "otoño", "otono", "autunno", "outono", "herbst"),
    "24": ("winter", "hiver", "invierno", "inverno"),
}
_APPROXIMATE: Final = re.compile(
    r"\b(about|around|circa|ca\.|approximately|early|late|mid|vers|environ|début|fin|"
    r"mi-|hacia|alrededor|finales|principios)\b",
    re.IGNORECASE,
)
_UNCERTAIN: Final = re.compile(
    r"\?|\b(probably|possibly|uncertain|perhaps|probablement|peut-être|incertain|"
    r"sans doute|quizás|probablemente)\b",
    re.IGNORECASE,
)
_YEAR: Final = re.compile(r"^[0-9]{4}$")
_MONTH: Final = re.compile(r"^[0-9]{4}-[0-9]{2}$")
_TAG: Final = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


def _notes(document: dict[str, Any]) -> Iterator[str]:
    """What a person should review after the upgrade, in the order of the file."""
    yield from _budget_notes(document)
    yield from _meeting_notes(document)
    yield from _deliberation_notes(document)
    yield from _termination_notes(document)
    yield from _date_note_notes(document, ())
    yield from _language_order_notes(document)


def _items(document: dict[str, Any], *keys: str) -> Iterator[tuple[DocumentPath, dict[str, Any]]]:
    """The objects of the list at ``keys`` (e.g. ``governance``, ``meetings``), with paths."""
    node: Any = document
    for key in keys[:-1]:
        node = node.get(key) if isinstance(node, dict) else None
    values = node.get(keys[-1]) if isinstance(node, dict) else None
    if isinstance(values, list):
        for index, value in enumerate(values):
            if isinstance(value, dict):
                yield (*keys, index), value


def _budget_notes(document: dict[str, Any]) -> Iterator[str]:
    for action_path, action in _items(document, "actions"):
        lines = action.get("budget")
        if not isinstance(lines, list):
            continue
        for index, line in enumerate(lines):
            if not isinstance(line, dict):
                continue
            where = format_path((*action_path, "budget", index))
            if "commitment" not in line:
                yield (
                    f"{where} has no `commitment`: in 1.0 that meant `indicative` by default, "
                    "in 1.1 it means not known; add `commitment: indicative` (or `committed`) "
                    "if the source says so"
                )
            if "nature" not in line:
                yield (
                    f"{where} has no `nature`: in 1.0 that meant `cash` by default, in 1.1 it "
                    "means not known; add `nature: cash` (or `in_kind`) if the source says so"
                )


def _meeting_notes(document: dict[str, Any]) -> Iterator[str]:
    for path, meeting in _items(document, "governance", "meetings"):
        if "status" not in meeting:
            yield (
                f"{format_path(path)} has no `status`: in 1.0 that meant `planned` by default, "
                "in 1.1 it means not stated; add `status: planned` (or `held`, `cancelled`...) "
                "if the source says so"
            )


def _deliberation_notes(document: dict[str, Any]) -> Iterator[str]:
    signature = document.get("signature")
    if not isinstance(signature, dict) or "date" not in signature:
        return  # without a signature date, 1.0 checked no order either
    for path, deliberation in _items(document, "deliberations"):
        if "purpose" not in deliberation and "date" in deliberation:
            yield (
                f"{format_path(path)} has no `purpose`: in 1.1 the rule that a deliberation "
                "comes before the signature applies only to deliberations whose purpose is "
                "`approve` or `authorise_signature`; add `purpose: approve` if it approved "
                "this instrument"
            )


def _termination_notes(document: dict[str, Any]) -> Iterator[str]:
    term = document.get("term")
    if not isinstance(term, dict) or "terminated_on" not in term:
        return
    termination = term.get("termination")
    if termination is None:
        return
    if not isinstance(termination, dict):
        yield (
            "$.term.termination is not an object, so $.term.terminated_on was left in place; "
            "write `termination: {date: ...}` and remove `terminated_on`"
        )
    elif "date" in termination and termination["date"] != term["terminated_on"]:
        yield (
            f"$.term.terminated_on ({json.dumps(term['terminated_on'])}) and "
            f"$.term.termination.date ({json.dumps(termination['date'])}) disagree "
            "(rule term.termination-mismatch): keep the date the source states in "
            "`termination.date` and remove the deprecated `terminated_on`"
        )


def _season(note: str) -> str | None:
    lowered = note.lower()
    for code, words in _SEASONS.items():
        if any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", lowered) for word in words):
            return code
    return None


def _date_note_notes(node: object, path: DocumentPath) -> Iterator[str]:
    """Suggest an EDTF form where a ``date_note`` says more than its date."""
    if isinstance(node, list):
        for index, value in enumerate(node):
            yield from _date_note_notes(value, (*path, index))
        return
    if not isinstance(node, dict) or path[-1:] == ("extensions",):
        return
    date, note = node.get("date"), node.get("date_note")
    if isinstance(date, str) and isinstance(note, dict) and note:
        texts = [str(v) for v in note.values()]
        where = format_path((*path, "date"))
        season = next((s for s in map(_season, texts) if s), None)
        if season and _YEAR.match(date):
            yield (
                f"{where} is {json.dumps(date)} with the note {texts[0]!r}: consider the EDTF "
                f'season "{date}-{season}" (1.1 dates can say the season; keep the note if it '
                "says more)"
            )
        elif any(_UNCERTAIN.search(t) for t in texts):
            yield (
                f"{where} is {json.dumps(date)} with the note {texts[0]!r}: if the source is "
                f'unsure of the date, 1.1 can say so: "{date}?"'
            )
        elif any(_APPROXIMATE.search(t) for t in texts) and (
            _YEAR.match(date) or _MONTH.match(date)
        ):
            yield (
                f"{where} is {json.dumps(date)} with the note {texts[0]!r}: if the date is "
                f'approximate, 1.1 can say so: "{date}~" (or an interval such as '
                f'"{date[:4]}-01/{date[:4]}-06")'
            )
    for key, value in node.items():
        if key != "extensions":
            yield from _date_note_notes(value, (*path, key))


def _texts(node: object, path: DocumentPath) -> Iterator[tuple[DocumentPath, dict[str, Any]]]:
    """The multilingual texts of a document: objects whose keys are all language tags."""
    if isinstance(node, list):
        for index, value in enumerate(node):
            yield from _texts(value, (*path, index))
    elif isinstance(node, dict):
        if (
            node
            and path
            and isinstance(path[-1], str)
            and all(isinstance(v, str) for v in node.values())
            and all(_TAG.match(k) for k in node)
        ):
            yield path, node
            return
        for key, value in node.items():
            if key != "extensions":
                yield from _texts(value, (*path, key))


def _language_order_notes(document: dict[str, Any]) -> Iterator[str]:
    """1.1 reads a text's first language as its primary one; 1.0 sorted languages."""
    language = document.get("authoritative_language")
    if not isinstance(language, str):
        return
    late = [
        path
        for path, text in _texts(document, ())
        if len(text) > 1
        and language in text
        and next(iter(text)) != language
        and path[:1] != ("parties",)
    ]
    if late:
        first = format_path(late[0])
        more = f" and {len(late) - 1} more" if len(late) > 1 else ""
        yield (
            f"{first}{more}: the text does not start with the authoritative language "
            f"{language!r}; in 1.1 a text's first language is its primary one (the one "
            "`text()` falls back to), while 1.0 sorted languages; put the primary "
            "language first"
        )


# ---------------------------------------------------------------- editing either tree


def _like(old: object, value: str) -> Any:
    """``value`` as a YAML string written with the same quotes as ``old``.

    A plain ``1.0`` (a number) becomes a double-quoted string: ``1.1`` unquoted
    would read as a number.
    """
    if isinstance(old, SingleQuotedScalarString):
        return SingleQuotedScalarString(value)
    if isinstance(old, DoubleQuotedScalarString) or not isinstance(old, str):
        return DoubleQuotedScalarString(value)
    return value


def _new_map(sibling: _Map, items: dict[str, Any]) -> _Map:
    """A new mapping of the same kind as ``sibling`` (``CommentedMap`` or ``dict``)."""
    if type(sibling) is dict:
        return dict(items)
    made = CommentedMap(items)
    if sibling.fa.flow_style():  # type: ignore[attr-defined]
        made.fa.set_flow_style()
    return made


def _replace_key(node: _Map, old: str, new: str, value: Any) -> None:
    """Put ``new: value`` where ``old`` was, keeping the order and ``old``'s comments."""
    keys = list(node)
    position = keys.index(old)
    comments = getattr(node, "ca", None)
    comment = comments.items.pop(old, None) if comments is not None else None
    del node[old]
    _insert(node, position, new, value)
    if comment is not None and comments is not None:
        comments.items[new] = comment


def _insert_first(node: _Map, key: str, value: Any) -> None:
    _insert(node, 0, key, value)


def _insert(node: _Map, position: int, key: str, value: Any) -> None:
    insert = getattr(node, "insert", None)
    if callable(insert):  # ruamel.yaml's CommentedMap
        insert(position, key, value)
        return
    items = list(node.items())
    items.insert(position, (key, value))
    node.clear()
    node.update(items)


def _delete_key(node: _Map, key: str) -> None:
    comments = getattr(node, "ca", None)
    if comments is not None:
        comments.items.pop(key, None)
    del node[key]


# ---------------------------------------------------------------- editing JSON text

# JSON is edited as text, member by member, so that a file laid out by hand (objects
# on one line, aligned values, escapes) keeps its layout everywhere else. The text
# has been read by the validator already: it is well-formed, without duplicate keys.

_WS: Final = re.compile(r"[ \t\n\r]*")
_STRING: Final = re.compile(r'"(?:[^"\\]|\\.)*"')
_SCALAR: Final = re.compile(r"[^,\]}\s]+")
_TERM: Final = ("term",)


@attrs.frozen
class _Member:
    """Where one member of a JSON object is in the text."""

    key: str
    key_start: int
    value_start: int
    value_end: int


def _skip(text: str, index: int) -> int:
    match = _WS.match(text, index)
    return match.end() if match else index


def _value_end(text: str, index: int) -> int:
    """The end of the JSON value that starts at ``index``."""
    if text[index] == '"':
        string = _STRING.match(text, index)
        assert string is not None  # the text is well-formed
        return string.end()
    if text[index] not in "{[":
        scalar = _SCALAR.match(text, index)
        assert scalar is not None
        return scalar.end()
    depth, position = 0, index
    while True:
        char = text[position]
        if char == '"':
            string = _STRING.match(text, position)
            assert string is not None
            position = string.end()
            continue
        if char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
            if depth == 0:
                return position + 1
        position += 1


def _members(text: str, start: int) -> list[_Member]:
    """The members of the JSON object whose ``{`` is at ``start``."""
    index = _skip(text, start + 1)
    found: list[_Member] = []
    while text[index] != "}":
        key = _STRING.match(text, index)
        assert key is not None
        colon = _skip(text, key.end())
        value_start = _skip(text, colon + 1)
        value_end = _value_end(text, value_start)
        found.append(_Member(json.loads(key.group()), index, value_start, value_end))
        index = _skip(text, value_end)
        if text[index] == ",":
            index = _skip(text, index + 1)
    return found


def _json_members(text: str, path: tuple[str, ...]) -> list[_Member]:
    """The members of the object at ``path`` (keys from the top level)."""
    members = _members(text, _skip(text, 0))
    for key in path:
        members = _members(text, next(m for m in members if m.key == key).value_start)
    return members


def _json_member(text: str, path: tuple[str, ...]) -> _Member:
    return next(m for m in _json_members(text, path[:-1]) if m.key == path[-1])


def _indent_at(text: str, index: int) -> str | None:
    """The indentation of the line at ``index``, if only blanks come before it."""
    before = text[text.rfind("\n", 0, index) + 1 : index]
    return before if not before.strip(" \t") else None


def _json_move(text: str) -> str:
    """``"terminated_on": X`` becomes ``"termination": {"date": X}`` in its place."""
    term = _json_member(text, _TERM)
    member = _json_member(text, (*_TERM, "terminated_on"))
    value = text[member.value_start : member.value_end]
    indent, outer = _indent_at(text, member.key_start), _indent_at(text, term.key_start)
    if indent is None:
        replacement = f'"termination": {{"date": {value}}}'
    else:
        unit = indent[len(outer) :] if outer is not None and indent.startswith(outer) else ""
        inner = indent + (unit or "  ")
        replacement = f'"termination": {{\n{inner}"date": {value}\n{indent}}}'
    return text[: member.key_start] + replacement + text[member.value_end :]


def _json_fill(text: str) -> str:
    """Copy ``terminated_on`` into ``termination`` as its first member, then drop it."""
    value_member = _json_member(text, (*_TERM, "terminated_on"))
    value = text[value_member.value_start : value_member.value_end]
    termination = _json_member(text, (*_TERM, "termination"))
    members = _members(text, termination.value_start)
    if not members:
        text = (
            text[: termination.value_start] + f'{{"date": {value}}}' + text[termination.value_end :]
        )
    else:
        first = members[0].key_start
        indent = _indent_at(text, first)
        separator = f",\n{indent}" if indent is not None else ", "
        text = text[:first] + f'"date": {value}{separator}' + text[first:]
    return _json_drop(text)


def _json_drop(text: str) -> str:
    """Remove ``term.terminated_on`` with its comma, keeping the others' layout."""
    members = _json_members(text, _TERM)
    index = next(i for i, m in enumerate(members) if m.key == "terminated_on")
    member = members[index]
    if index + 1 < len(members):
        return text[: member.key_start] + text[members[index + 1].key_start :]
    return text[: members[index - 1].value_end] + text[member.value_end :]


def _rewrite_json(text: str, edits: list[_Edit], name: str) -> str:
    for edit in edits:
        text = edit.apply_json(text)
    return text


# ---------------------------------------------------------------- writing YAML


#: Layouts tried, in order, to find the one the file is written in: (mapping
#: indent, sequence dash offset). The first that writes the unchanged file back
#: byte for byte is used.
_LAYOUTS: Final = ((2, 2), (2, 0), (4, 2), (4, 0), (4, 4), (3, 0), (3, 2))


def _yaml(mapping: int, offset: int) -> Any:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # never fold a long line
    yaml.indent(mapping=mapping, sequence=offset + 2, offset=offset)
    # ruamel.yaml writes a null in a block mapping as nothing at all; "null" says it.
    yaml.representer.add_representer(type(None), _represent_null)
    return yaml


def _represent_null(representer: Any, _value: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def _dump(yaml: Any, tree: object) -> str:
    stream = io.StringIO()
    yaml.dump(tree, stream)
    return stream.getvalue()


def _rewrite_yaml(text: str, edits: list[_Edit], name: str) -> str:
    """Edit the text where the changes are; else rewrite it with ruamel.yaml."""
    try:
        edited = text
        for edit in edits:
            edited = edit.apply_yaml(edited)
    except _Layout:
        return _dump_yaml(text, edits, name)
    return edited


def _dump_yaml(text: str, edits: list[_Edit], name: str) -> str:
    """The edited tree written by ruamel.yaml, in the layout the file uses if one fits."""
    chosen = None
    for mapping, offset in _LAYOUTS:
        yaml = _yaml(mapping, offset)
        tree = _load_yaml(yaml, text, name)
        if _dump(yaml, tree) == text:
            chosen = yaml, tree
            break
    if chosen is None:
        # No layout gives the file back byte for byte: use the usual one. The values
        # are still checked to read back the same (see _check_reads_back).
        yaml = _yaml(*_LAYOUTS[0])
        chosen = yaml, _load_yaml(yaml, text, name)
    yaml, tree = chosen
    for edit in edits:
        edit.apply(tree)
    return _dump(yaml, tree)


def _load_yaml(yaml: Any, text: str, name: str) -> Any:
    try:
        return yaml.load(text)
    except YAMLError as exc:  # read_text accepted it: a difference of the two parsers
        raise UpgradeError(
            f"ruamel.yaml cannot read this file, which the validator reads ({exc}); "
            "nothing was changed: please report this file",
            name,
        ) from None


# ---------------------------------------------------------------- editing YAML text

# Most edits touch one scalar or one member: they are made in the text itself, at the
# positions ruamel.yaml reports, so that everything else stays byte for byte (line
# ends, spacing, document markers). A layout these edits do not handle raises
# _Layout, and the file is then rewritten by ruamel.yaml instead (_dump_yaml).


class _Layout(Exception):
    """The YAML text is laid out in a way the text edits do not handle."""


_YAML_TOKEN: Final = re.compile(
    r""""(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s,\[\]{}#'"|>&*!%@`][^\s,\]}]*"""
)


@attrs.frozen
class _Place:
    """Where a key and its one-line scalar value are in the text."""

    key_start: int
    value_start: int
    value_end: int
    key_column: int


def _yaml_tree(text: str) -> Any:
    yaml = YAML(typ="rt")
    try:
        return yaml.load(text)
    except YAMLError:
        raise _Layout from None


def _offsets(text: str) -> list[int]:
    starts = [0]
    for index, char in enumerate(text):
        if char == "\n":
            starts.append(index + 1)
    return starts


def _place(text: str, node: Any, key: str) -> _Place:
    """The place of ``key`` and of its value, a scalar on the key's line."""
    starts = _offsets(text)
    key_line, key_column = node.lc.key(key)
    value_line, value_column = node.lc.value(key)
    if value_line != key_line or isinstance(node[key], (dict, list)):
        raise _Layout
    value_start = starts[value_line] + value_column
    token = _YAML_TOKEN.match(text, value_start)
    if token is None:
        raise _Layout
    key_start = starts[key_line] + key_column
    if not text.startswith(key, key_start):
        raise _Layout  # a quoted or complex key
    return _Place(key_start, value_start, token.end(), key_column)


def _newline(text: str, index: int) -> str:
    """The line end of the line at ``index``: ``\\r\\n`` or ``\\n``."""
    end = text.find("\n", index)
    return "\r\n" if end > 0 and text[end - 1] == "\r" else "\n"


def _yaml_set_version(text: str) -> str:
    tree = _yaml_tree(text)
    place = _place(text, tree, "schema_version")
    old = text[place.value_start : place.value_end]
    new = f"'{TO_VERSION}'" if old.startswith("'") else f'"{TO_VERSION}"'
    return text[: place.value_start] + new + text[place.value_end :]


def _term(tree: Any) -> Any:
    term = tree["term"]
    if not hasattr(term, "lc"):
        raise _Layout
    return term


def _yaml_move(text: str) -> str:
    """``terminated_on: X`` becomes ``termination: {date: X}`` (in block style if the term is)."""
    tree = _yaml_tree(text)
    term = _term(tree)
    place = _place(text, term, "terminated_on")
    value = text[place.value_start : place.value_end]
    if term.fa.flow_style():
        replacement = f"termination: {{date: {value}}}"
    else:
        line_start = text.rfind("\n", 0, place.key_start) + 1
        if text[line_start : place.key_start].strip(" "):
            raise _Layout  # the key shares its line with something else
        unit = place.key_column - tree.lc.key("term")[1]
        newline = _newline(text, place.key_start)
        indent = " " * (place.key_column + (unit if unit > 0 else 2))
        replacement = f"termination:{newline}{indent}date: {value}"
    return text[: place.key_start] + replacement + text[place.value_end :]


def _yaml_fill(text: str) -> str:
    """Copy ``terminated_on`` into ``termination`` as its first member, then drop it."""
    tree = _yaml_tree(text)
    term = _term(tree)
    value_place = _place(text, term, "terminated_on")
    value = text[value_place.value_start : value_place.value_end]
    termination = term["termination"]
    if not hasattr(termination, "lc"):
        raise _Layout
    starts = _offsets(text)
    if not termination:
        line, column = term.lc.value("termination")
        start = starts[line] + column
        if not text.startswith("{}", start):
            raise _Layout
        text = text[:start] + f"{{date: {value}}}" + text[start + 2 :]
    else:
        first = next(iter(termination))
        line, column = termination.lc.key(first)
        start = starts[line] + column
        if termination.fa.flow_style():
            text = text[:start] + f"date: {value}, " + text[start:]
        else:
            if text[starts[line] : start].strip(" "):
                raise _Layout
            newline = _newline(text, start)
            text = text[:start] + f"date: {value}{newline}" + " " * column + text[start:]
    return _yaml_drop(text)


def _yaml_drop(text: str) -> str:
    """Remove ``term.terminated_on``: its line, or its place in a flow mapping."""
    tree = _yaml_tree(text)
    term = _term(tree)
    place = _place(text, term, "terminated_on")
    if term.fa.flow_style():
        after = re.compile(r"[ \t]*,[ \t]*").match(text, place.value_end)
        if after is not None:
            return text[: place.key_start] + text[after.end() :]
        before = re.compile(r",[ \t]*$").search(text, 0, place.key_start)
        if before is None:
            raise _Layout
        return text[: before.start()] + text[place.value_end :]
    line_start = text.rfind("\n", 0, place.key_start) + 1
    line_end = text.find("\n", place.value_end)
    rest = text[place.value_end : len(text) if line_end < 0 else line_end]
    tail = rest.strip(" \t\r")
    if text[line_start : place.key_start].strip(" ") or (tail and not tail.startswith("#")):
        raise _Layout
    return text[:line_start] + ("" if line_end < 0 else text[line_end + 1 :])


def _check_reads_back(text: str, format: Format, name: str, expected: dict[str, Any]) -> None:
    """Refuse a rewrite that does not read back as exactly the intended document."""
    _, document, findings = read_text(text, name=name, format=format)
    if findings or _exact(document) != _exact(expected):
        raise UpgradeError(
            "the upgraded text would not read back as the same convention (a difference "
            "between the YAML libraries); nothing was changed: please report this file",
            name,
        )


def _exact(document: object) -> str:
    """A text that differs whenever two documents differ in a value, type or key order."""
    return json.dumps(document, ensure_ascii=False, allow_nan=True)
