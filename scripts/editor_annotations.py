"""Write (or check) the editor-only keywords of the convention schema.

Editors read a few keywords that JSON Schema does not define, the ones SchemaStore's
schemas use for VS Code and yaml-language-server:

- ``markdownDescription`` beside each ``$ref`` that carries the field's own
  description: vscode-json-languageservice merges a ``$ref`` target over its
  siblings, so without it the hover shows the shared type's text (e.g. "Identifier
  reference") instead of the field's own; the copy is the field's description,
  unchanged (the descriptions are written in Markdown already);
- ``markdownEnumDescriptions`` on each closed codelist's enum: the codelist's English
  title and description per code, in enum order, from ``schemas/codelists/*.csv``;
- ``defaultSnippets`` on the objects written most often (see ``SNIPPETS``).

The descriptions, codelists and snippets here are the sources; the schema holds the
result. ``python scripts/editor_annotations.py`` rewrites ``schemas/convention.schema.json``;
``--check`` exits 1 when the file is not what this script would write (a test runs it).
Validators ignore these keywords; ajv's strict mode needs them declared
(``ajv.addKeyword``), as docs/editors.md explains.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schemas" / "convention.schema.json"
CODELISTS = ROOT / "schemas" / "codelists"

#: The editor-only keywords this script writes, declared to ajv in tests/ajv.
KEYWORDS = ("markdownDescription", "markdownEnumDescriptions", "defaultSnippets")

#: Snippets offered where an object of this ``$defs`` entry is expected. Placeholders
#: only: a snippet never puts a fact in a file.
SNIPPETS: dict[str, list[dict[str, Any]]] = {
    "Party": [
        {
            "label": "local government",
            "description": "A local government party: id, kind, name, country.",
            "body": {
                "id": "$1",
                "kind": "local_government",
                "name": {"${2:fr}": "$3"},
                "country": "${4:FR}",
            },
        }
    ],
    "Identifier": [
        {
            "label": "identifier",
            "description": "A scheme-qualified identifier (e.g. scheme wikidata, value Q1289).",
            "body": {"scheme": "${1:wikidata}", "value": "$2"},
        }
    ],
    "Document": [
        {
            "label": "source document",
            "description": "A source document: id, kind, title, url.",
            "body": {
                "id": "$1",
                "kind": "${2:press_release}",
                "title": {"${3:fr}": "$4"},
                "url": "https://$5",
            },
        }
    ],
    "Axis": [
        {
            "label": "thematic axis",
            "description": "A thematic axis: id and title.",
            "body": {"id": "$1", "title": {"${2:fr}": "$3"}},
        }
    ],
}


def _enum_descriptions(codelist: str, enum: list[Any]) -> list[str]:
    with (CODELISTS / f"{codelist}.csv").open(encoding="utf-8", newline="") as f:
        rows = {row["code"]: row for row in csv.DictReader(f)}
    out = []
    for code in enum:
        row = rows[str(code)]
        out.append(f"**{row['title_en']}**: {row['description']}")
    return out


def _with_ref_descriptions(node: Any) -> Any:
    if isinstance(node, list):
        return [_with_ref_descriptions(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: _with_ref_descriptions(v) for k, v in node.items()}
    out.pop("markdownDescription", None)
    if "$ref" in out and "description" in out:
        # Right after the description, so the two read together in the file.
        rebuilt: dict[str, Any] = {}
        for key, value in out.items():
            rebuilt[key] = value
            if key == "description":
                rebuilt["markdownDescription"] = value
        out = rebuilt
    return out


def annotated(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with its editor-only keywords (re)written from their sources."""
    result: dict[str, Any] = _with_ref_descriptions(schema)
    defs = result["$defs"]
    with (CODELISTS / "index.csv").open(encoding="utf-8", newline="") as f:
        index = list(csv.DictReader(f))
    for entry in index:
        definition = defs[entry["schema_def"]]
        definition.pop("markdownEnumDescriptions", None)
        if "enum" in definition:
            definition["markdownEnumDescriptions"] = _enum_descriptions(
                entry["codelist"], definition["enum"]
            )
    for name, definition in defs.items():
        definition.pop("defaultSnippets", None)
        if name in SNIPPETS:
            definition["defaultSnippets"] = SNIPPETS[name]
    return result


def render(schema: dict[str, Any]) -> str:
    """The schema file's text: two-space indent, UTF-8, final newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    """Rewrite the schema, or with ``--check`` report whether it is up to date."""
    text = SCHEMA.read_text(encoding="utf-8")
    expected = render(annotated(json.loads(text)))
    if argv[1:] == ["--check"]:
        if text != expected:
            print(f"{SCHEMA}: editor keywords out of date; run scripts/editor_annotations.py")
            return 1
        return 0
    if text != expected:
        SCHEMA.write_text(expected, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
