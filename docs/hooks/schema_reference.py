"""MkDocs hook: the schema and codelist references, written from ``schemas/`` at build time.

``docs/reference/schema.md`` and ``docs/reference/codelists.md`` each hold a marker
that this hook replaces with Markdown generated from ``schemas/convention.schema.json``
and ``schemas/codelists/*.csv``, so the reference cannot drift from the published
contract. Whatever the generator does not understand fails the build instead of being
left out: an unknown schema keyword, a codelist whose definition is missing, a closed
codelist whose codes differ from the schema's ``enum``.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

SCHEMA_MARKER = "<!-- generated: schema reference -->"
CODELISTS_MARKER = "<!-- generated: codelists -->"
SCHEMA_PAGE = "reference/schema.md"
CODELISTS_PAGE = "reference/codelists.md"

#: Keywords the generator renders. Any other keyword in the schema fails the build, so
#: a new kind of constraint is documented the day it is added.
KNOWN_KEYWORDS = frozenset(
    {
        "$schema", "$id", "$ref", "$defs", "$comment", "title", "description", "type",
        "properties", "required", "additionalProperties", "propertyNames", "items",
        "examples", "default", "enum", "const", "pattern", "format", "minLength",
        "maxLength", "minimum", "maximum", "minItems", "maxItems", "uniqueItems",
        "minProperties", "dependentRequired", "anyOf", "not", "deprecated",
        # Editor-only (scripts/editor_annotations.py): copies of the descriptions and
        # codelist titles rendered here already, and editor snippets.
        "markdownDescription", "markdownEnumDescriptions", "defaultSnippets",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Codelist:
    """One codelist of ``schemas/codelists/index.csv`` with its rows."""

    name: str
    openness: str
    schema_def: str
    title_en: str
    title_fr: str
    description: str
    rows: tuple[dict[str, str], ...]


def repo_root(config: MkDocsConfig) -> Path:
    """The folder of ``mkdocs.yml``: the repository root."""
    return Path(str(config.config_file_path)).resolve().parent


def load_schema(root: Path) -> dict[str, Any]:
    """The convention schema, read from the repository's ``schemas/`` folder."""
    data: dict[str, Any] = json.loads(
        (root / "schemas" / "convention.schema.json").read_text("utf-8")
    )
    return data


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_codelists(root: Path) -> list[Codelist]:
    """Every codelist named in ``schemas/codelists/index.csv``, in its order."""
    folder = root / "schemas" / "codelists"
    out = []
    for entry in _read_csv(folder / "index.csv"):
        path = folder / f"{entry['codelist']}.csv"
        if not path.is_file():
            raise PluginError(
                f"index.csv names codelist {entry['codelist']!r} but {path} is missing"
            )
        out.append(
            Codelist(
                name=entry["codelist"],
                openness=entry["openness"],
                schema_def=entry["schema_def"],
                title_en=entry["title_en"],
                title_fr=entry["title_fr"],
                description=entry["description"],
                rows=tuple(_read_csv(path)),
            )
        )
    return out


# ---------------------------------------------------------------- Markdown helpers

_CODE_SPAN = re.compile(r"(`+)(.+?)\1")


def prose(text: str) -> str:
    """Text from the schema as Markdown: code spans kept, HTML and table syntax escaped."""
    out, last = [], 0
    for match in _CODE_SPAN.finditer(text):
        out.append(_escape(text[last : match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(_escape(text[last:]))
    return "".join(out).replace("\n", " ")


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("|", "\\|")
        .replace("*", "\\*")
        .replace("[", "\\[")
        .replace("]", "\\]")
    )


def code(value: object) -> str:
    """A value as an inline code span (JSON for anything but a plain string pattern)."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def json_code(value: object) -> str:
    """A JSON value as an inline code span."""
    return code(json.dumps(value, ensure_ascii=False))


#: Languages written right to left, among those of the codelists' columns.
RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur"})


def in_language(html: str, tag: str) -> str:
    """Escaped text marked with its language, and its direction when right to left, so
    that a browser lays out Arabic in its own order inside a left-to-right page."""
    if not html:
        return html
    direction = ' dir="rtl"' if tag.partition("-")[0] in RTL_LANGUAGES else ""
    return f'<span lang="{tag}"{direction}>{html}</span>'


def cell(text: str) -> str:
    """A rendered fragment made safe for one table cell (pipes in code spans are safe)."""
    return text.replace("\n", " ")


# ---------------------------------------------------------------- the schema


class SchemaIndex:
    """What the generator needs to know about the ``$defs`` of the schema."""

    def __init__(self, schema: Mapping[str, Any], codelists: Sequence[Codelist]) -> None:
        self.schema = schema
        self.defs: dict[str, dict[str, Any]] = dict(schema.get("$defs", {}))
        self.codelists = {c.schema_def: c for c in codelists}
        self._check_keywords(schema, "#")
        for codelist in codelists:
            if codelist.schema_def not in self.defs:
                raise PluginError(
                    f"codelist {codelist.name!r} names schema definition "
                    f"{codelist.schema_def!r}, which is not in $defs"
                )
            self._check_codes(codelist)
        self.used_by: dict[str, list[tuple[str, str]]] = {}
        for owner, definition in self.defs.items():
            for field, prop in definition.get("properties", {}).items():
                target = self.target(prop)
                if target:
                    self.used_by.setdefault(target, []).append((owner, field))

    def _check_keywords(self, node: object, where: str) -> None:
        if isinstance(node, Mapping):
            unknown = set(node) - KNOWN_KEYWORDS
            if unknown:
                raise PluginError(
                    f"schema reference: keyword(s) {sorted(unknown)} at {where} are not "
                    "rendered; teach docs/hooks/schema_reference.py about them"
                )
            for key, value in node.items():
                if key in {"properties", "$defs"}:
                    for name, sub in value.items():
                        self._check_keywords(sub, f"{where}/{key}/{name}")
                elif key in {"items", "additionalProperties", "propertyNames", "not"}:
                    self._check_keywords(value, f"{where}/{key}")
                elif key == "anyOf":
                    for number, sub in enumerate(value):
                        self._check_keywords(sub, f"{where}/{key}/{number}")

    def _check_codes(self, codelist: Codelist) -> None:
        definition = self.defs[codelist.schema_def]
        codes = [row["code"] for row in codelist.rows]
        if len(set(codes)) != len(codes):
            raise PluginError(f"codelist {codelist.name!r} repeats a code")
        if codelist.openness == "closed":
            if "enum" in definition:
                expected = [str(v) for v in definition["enum"]]
            elif definition.get("type") == "integer":
                expected = [str(v) for v in range(definition["minimum"], definition["maximum"] + 1)]
            else:
                raise PluginError(f"closed codelist {codelist.name!r} has no enum to compare")
            if codes != expected:
                raise PluginError(
                    f"closed codelist {codelist.name!r} differs from $defs/"
                    f"{codelist.schema_def}: {sorted(set(codes) ^ set(expected))[:10]}"
                )
        elif codelist.openness == "open":
            pattern = definition.get("pattern")
            bad = [c for c in codes if pattern and not re.search(pattern, c)]
            if bad:
                raise PluginError(f"open codelist {codelist.name!r}: codes {bad} break the pattern")
        else:
            raise PluginError(f"codelist {codelist.name!r}: openness must be open or closed")

    @staticmethod
    def ref_name(node: Mapping[str, Any]) -> str | None:
        """The ``$defs`` name a ``$ref`` points to, if any."""
        ref = node.get("$ref")
        if ref is None:
            return None
        if not str(ref).startswith("#/$defs/"):
            raise PluginError(f"schema reference: cannot render $ref {ref!r}")
        return str(ref)[len("#/$defs/") :]

    def target(self, prop: Mapping[str, Any]) -> str | None:
        """The definition a property uses, directly or as its list items."""
        name = self.ref_name(prop)
        if name is None and isinstance(prop.get("items"), Mapping):
            name = self.ref_name(prop["items"])
        return name

    def is_object(self, name: str) -> bool:
        definition = self.defs[name]
        return definition.get("type") == "object" and "properties" in definition

    def object_order(self) -> list[str]:
        """Object definitions in the order a reader meets them in a file."""
        root = self.ref_name(self.schema) or ""
        order: list[str] = []

        def visit(name: str) -> None:
            if name in order or name not in self.defs or not self.is_object(name):
                return
            order.append(name)
            for prop in self.defs[name].get("properties", {}).values():
                target = self.target(prop)
                if target:
                    visit(target)

        visit(root)
        order.extend(n for n in self.defs if self.is_object(n) and n not in order)
        return order


def type_of(index: SchemaIndex, node: Mapping[str, Any], base: str = "") -> str:
    """A node's type as Markdown, with links to definitions."""
    name = index.ref_name(node)
    if name is not None:
        return f"[{name}]({base}#{name})"
    kind = node.get("type")
    if kind == "array":
        return "list of " + type_of(index, node.get("items", {}), base)
    if isinstance(kind, list):
        return " or ".join(str(k) for k in kind)
    return str(kind or "any JSON value")


def constraints(index: SchemaIndex, node: Mapping[str, Any], base: str = "") -> list[str]:
    """The constraints of a node, in words."""
    out = []
    if "const" in node:
        out.append(f"always {json_code(node['const'])}")
    if "enum" in node and index.ref_name(node) is None:
        out.append("one of " + ", ".join(json_code(v) for v in node["enum"]))
    if "pattern" in node:
        out.append(f"matches {code(node['pattern'])}")
    if "format" in node:
        out.append(f"format {code(node['format'])}")
    for key, words in (
        ("minLength", "at least {} character(s)"),
        ("maxLength", "at most {} characters"),
        ("minimum", "at least {}"),
        ("maximum", "at most {}"),
        ("minItems", "at least {} item(s)"),
        ("maxItems", "at most {} items"),
        ("minProperties", "at least {} entry"),
    ):
        if key in node:
            out.append(words.format(node[key]))
    if node.get("uniqueItems"):
        out.append("no repeated items")
    if isinstance(node.get("propertyNames"), Mapping):
        keys = node["propertyNames"]
        out.append(
            "keys: " + ", ".join([type_of(index, keys, base), *constraints(index, keys, base)])
        )
    if isinstance(node.get("additionalProperties"), Mapping):
        values = node["additionalProperties"]
        out.append(
            "values: "
            + ", ".join([type_of(index, values, base), *constraints(index, values, base)])
        )
    if isinstance(node.get("items"), Mapping) and index.ref_name(node["items"]) is None:
        out.extend(constraints(index, node["items"], base))
    return out


def codelist_link(codelist: Codelist, base: str = "codelists.md") -> str:
    """A link to a codelist's section of the codelists page."""
    return f"[{codelist.name}]({base}#{codelist.name}) ({codelist.openness})"


def _field_description(index: SchemaIndex, prop: Mapping[str, Any]) -> str:
    parts = []
    title = prop.get("title")
    description = prop.get("description", "")
    if title:
        parts.append(f"**{prose(str(title))}.** {prose(str(description))}".strip())
    elif description:
        parts.append(prose(str(description)))
    target = index.target(prop)
    if target in index.codelists:
        parts.append("Codelist: " + codelist_link(index.codelists[target]))
    rules = constraints(index, prop)
    if rules:
        parts.append("Constraints: " + "; ".join(rules))
    if "default" in prop:
        parts.append(f"Default: {json_code(prop['default'])}")
    if prop.get("examples"):
        parts.append("Examples: " + ", ".join(json_code(e) for e in prop["examples"]))
    return "<br>".join(parts)


def _heading(name: str, definition: Mapping[str, Any]) -> Iterator[str]:
    """A definition's heading with its anchor, its title when it says more, its description."""
    yield f"### {name} {{ #{name} }}"
    yield ""
    title = definition.get("title")
    if title and title != name:
        yield f"*{prose(str(title))}*"
        yield ""
    yield from _paragraphs(str(definition.get("description", "")))


def _paragraphs(text: str) -> Iterator[str]:
    """A description as Markdown: its ``\n- `` lines as a list, the rest as paragraphs."""
    in_list = False
    for line in text.split("\n"):
        is_item = line.startswith("- ")
        if in_list and not is_item:
            yield ""
        yield "- " + prose(line[2:]) if is_item else prose(line)
        if not is_item:
            yield ""
        in_list = is_item
    if in_list:
        yield ""


def render_object(index: SchemaIndex, name: str) -> Iterator[str]:
    """The section of one object definition: description and table of fields."""
    definition = index.defs[name]
    yield from _heading(name, definition)
    users = index.used_by.get(name, [])
    if users:
        yield "Used in: " + ", ".join(f"[`{o}.{f}`](#{o}.{f})" for o, f in users) + "."
        yield ""
    required = set(definition.get("required", []))
    dependent: dict[str, list[str]] = {}
    for trigger, fields in definition.get("dependentRequired", {}).items():
        for field in fields:
            dependent.setdefault(field, []).append(trigger)
    yield "| Field | Type | Required | Description |"
    yield "| --- | --- | --- | --- |"
    for field, prop in definition["properties"].items():
        anchor = f'<a id="{name}.{field}"></a>`{field}`'
        if field in required:
            need = "**required**"
        elif field in dependent:
            need = "with " + " or ".join(f"`{t}`" for t in dependent[field])
        else:
            need = "optional"
        if prop.get("deprecated") is True:
            need += ", **deprecated**"
        row = [anchor, type_of(index, prop), need, _field_description(index, prop)]
        yield "| " + " | ".join(cell(c) for c in row) + " |"
    yield ""
    for trigger, fields in definition.get("dependentRequired", {}).items():
        unknown = [f for f in [trigger, *fields] if f not in definition["properties"]]
        if unknown:
            raise PluginError(f"$defs/{name}: dependentRequired names unknown fields {unknown}")
        listed = ", ".join(f"`{f}`" for f in fields)
        yield f"When `{trigger}` is given, {listed} must be given too."
        yield ""
    yield from _combined(name, definition)
    if definition.get("additionalProperties") is False:
        yield (
            "No other field is allowed: put facts the format has no field for under "
            "[`extensions`](#Extensions)."
            if "extensions" in definition["properties"]
            else "No other field is allowed."
        )
        yield ""


def _required_members(name: str, where: str, node: object) -> list[str]:
    """The members a ``{"required": [...]}`` branch of ``anyOf`` or ``not`` names."""
    keys = set(node) if isinstance(node, Mapping) else set()
    required = node.get("required") if isinstance(node, Mapping) else None
    if not isinstance(required, list) or keys - {"required", "properties"}:
        raise PluginError(
            f"$defs/{name}/{where}: only branches of `required` members are rendered; "
            "teach docs/hooks/schema_reference.py about this one"
        )
    return [str(member) for member in required]


def _combined(name: str, definition: Mapping[str, Any]) -> Iterator[str]:
    """Sentences for the constraints between members (``anyOf``, ``not``)."""
    known = definition.get("properties", {})
    if "anyOf" in definition:
        members = [
            member
            for number, branch in enumerate(definition["anyOf"])
            for member in _required_members(name, f"anyOf/{number}", branch)
        ]
        listed = ", ".join(f"`{m}`" for m in members[:-1]) + f" or `{members[-1]}`"
        yield f"Give at least one of {listed}."
        yield ""
    else:
        members = []
    if "not" in definition:
        together = _required_members(name, "not", definition["not"])
        members += together
        listed = ", ".join(f"`{m}`" for m in together[:-1]) + f" and `{together[-1]}`"
        yield (
            f"Do not give both {listed}." if len(together) == 2 else f"Do not give all of {listed}."
        )
        yield ""
    unknown = [m for m in members if m not in known]
    if unknown:
        raise PluginError(f"$defs/{name}: anyOf or not names unknown fields {unknown}")


def render_value(index: SchemaIndex, name: str) -> Iterator[str]:
    """The section of a value type or codelist definition."""
    definition = index.defs[name]
    yield from _heading(name, definition)
    yield f"- Type: {type_of(index, definition)}"
    codelist = index.codelists.get(name)
    if codelist is not None:
        yield f"- Codelist: {codelist_link(codelist)}"
    if "enum" in definition and codelist is not None:
        yield "- Codes: " + ", ".join(json_code(v) for v in definition["enum"])
    for rule in constraints(index, definition):
        yield f"- {rule[0].upper()}{rule[1:]}"
    if "default" in definition:
        yield f"- Default: {json_code(definition['default'])}"
    if definition.get("examples"):
        yield "- Examples: " + ", ".join(json_code(e) for e in definition["examples"])
    users = index.used_by.get(name, [])
    if users:
        yield "- Used in: " + ", ".join(f"[`{o}.{f}`](#{o}.{f})" for o, f in users)
    yield ""


def render_schema(schema: Mapping[str, Any], codelists: Sequence[Codelist]) -> str:
    """The whole generated part of the schema reference page."""
    index = SchemaIndex(schema, codelists)
    objects = index.object_order()
    codelist_defs = [n for n in index.defs if n in index.codelists]
    values = [n for n in index.defs if n not in objects and n not in index.codelists]
    lines = [
        "| | |",
        "| --- | --- |",
        f"| `$id` | `{schema.get('$id', '')}` |",
        f"| `$schema` | `{schema.get('$schema', '')}` |",
        f"| Root | [{index.ref_name(schema)}](#{index.ref_name(schema)}) |",
        f"| Definitions | {len(index.defs)}: {len(objects)} objects, {len(values)} value "
        f"types, {len(codelist_defs)} codelists |",
        "",
        prose(str(schema.get("description", ""))),
        "",
        "## Structure",
        "",
        "The objects of a file, nested as they appear in it (lists marked `[]`):",
        "",
    ]
    lines.extend(_tree(index, index.ref_name(schema) or "", "", set()))
    lines += ["", "## Objects", ""]
    for name in objects:
        lines.extend(render_object(index, name))
    lines += [
        "## Value types",
        "",
        "Formats shared by many fields: dates, durations, times, text, ids and codes.",
        "",
    ]
    for name in values:
        lines.extend(render_value(index, name))
    lines += [
        "## Codelist types",
        "",
        "Fields whose values come from a codelist. A *closed* codelist is an `enum`: only its "
        "codes are valid. An *open* codelist has a pattern; use a listed code where one "
        "fits, else your own `snake_case` code. The codes with their English and French "
        "titles are on the [Codelists](codelists.md) page.",
        "",
    ]
    for name in codelist_defs:
        lines.extend(render_value(index, name))
    return "\n".join(lines).rstrip() + "\n"


def _tree(index: SchemaIndex, name: str, indent: str, seen: set[str]) -> Iterator[str]:
    definition = index.defs[name]
    for field, prop in definition.get("properties", {}).items():
        target = index.target(prop)
        if target is None or not index.is_object(target):
            continue
        brackets = "[]" if prop.get("type") == "array" else ""
        yield f"{indent}- [`{field}{brackets}`](#{name}.{field}): [{target}](#{target})"
        if target not in seen:
            yield from _tree(index, target, indent + "    ", seen | {target})


# ---------------------------------------------------------------- the codelists


def render_codelists(
    schema: Mapping[str, Any], codelists: Sequence[Codelist], downloads: str = ""
) -> str:
    """The generated part of the codelists page: a summary, then one section per list.

    ``downloads`` is the relative address of the published codelists (see
    publish_schemas.py); with it, each list links to its CSV and JSON files.
    """
    index = SchemaIndex(schema, codelists)
    lines = [
        "| Codelist | Titre | Kind | Codes | Used in |",
        "| --- | --- | --- | --- | --- |",
    ]
    for c in codelists:
        used_in = ", ".join(
            f"[`{o}.{f}`](schema.md#{o}.{f})" for o, f in index.used_by.get(c.schema_def, [])
        )
        lines.append(
            "| "
            + " | ".join(
                cell(x)
                for x in (
                    f"[{prose(c.title_en)}](#{c.name})",
                    prose(c.title_fr),
                    c.openness,
                    str(len(c.rows)),
                    used_in,
                )
            )
            + " |"
        )
    lines.append("")
    for c in codelists:
        definition = index.defs[c.schema_def]
        lines += [
            f"## {prose(c.title_en)} {{ #{c.name} }}",
            "",
            f"*{prose(c.title_fr)}* · **{c.openness}** codelist · file "
            f"`schemas/codelists/{c.name}.csv` · schema definition "
            f"[`{c.schema_def}`](schema.md#{c.schema_def})"
            + (
                f" · download [CSV]({downloads}{c.name}.csv), [JSON]({downloads}{c.name}.json)"
                if downloads
                else ""
            ),
            "",
            prose(c.description),
            "",
        ]
        if c.openness == "open":
            lines += [
                "Open: use a listed code where one fits, else your own code matching "
                f"{code(definition.get('pattern', ''))}.",
                "",
            ]
        users = index.used_by.get(c.schema_def, [])
        if users:
            lines += [
                "Used in: " + ", ".join(f"[`{o}.{f}`](schema.md#{o}.{f})" for o, f in users) + ".",
                "",
            ]
        arabic = in_language("العربية", "ar")
        lines += [
            f"| Code | English | Français | {arabic} | Español | Description |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for row in c.rows:
            lines.append(
                "| "
                + " | ".join(
                    cell(x)
                    for x in (
                        code(row["code"]),
                        prose(row.get("title_en", "")),
                        prose(row.get("title_fr", "")),
                        in_language(prose(row.get("title_ar", "")), "ar"),
                        prose(row.get("title_es", "")),
                        prose(row.get("description", "")),
                    )
                )
                + " |"
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# ---------------------------------------------------------------- the MkDocs events


def _replace(markdown: str, marker: str, page: Page, generate: Any) -> str:
    if marker not in markdown:
        raise PluginError(f"{page.file.src_uri} must contain the marker {marker!r}")
    return markdown.replace(marker, generate())


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Replace the markers of the schema and codelists pages with generated Markdown."""
    uri = page.file.src_uri
    if uri not in {SCHEMA_PAGE, CODELISTS_PAGE}:
        return markdown
    root = repo_root(config)
    schema = load_schema(root)
    codelists = load_codelists(root)
    if uri == SCHEMA_PAGE:
        return _replace(markdown, SCHEMA_MARKER, page, lambda: render_schema(schema, codelists))
    # The codelists are published beside the current schema (publish_schemas.py).
    folder = str(schema["$id"]).removeprefix(config.site_url or "").rsplit("/", 1)[0]
    downloads = f"../{folder}/codelists/"
    return _replace(
        markdown, CODELISTS_MARKER, page, lambda: render_codelists(schema, codelists, downloads)
    )
