"""Editors: what VS Code's JSON support and yaml-language-server show for our files.

``tests/editors/check.mjs`` drives vscode-json-languageservice (VS Code's built-in JSON
support) and yaml-language-server (the YAML extension of VS Code, and the server
Neovim, Helix and others use) on the examples. Each example names its schema itself
(``$schema``, or the ``# yaml-language-server: $schema=...`` first line), and the
driver serves that address from ``schemas/`` (no network), so these tests check the
association, the absence of false diagnostics, hover text and codelist completion.

Skipped when node or the npm packages are missing (``npm install`` in tests/editors;
.ci/run does it).
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from citydiplomacy._checking import _schema

ROOT = Path(__file__).resolve().parents[1]
DRIVER = ROOT / "tests" / "editors" / "check.mjs"
MODULES = ROOT / "tests" / "editors" / "node_modules"
SCHEMA = ROOT / "schemas" / "convention.schema.json"
DEFS: dict[str, Any] = json.loads(SCHEMA.read_text("utf-8"))["$defs"]
URL = _schema.schema_id()
EXAMPLES = sorted(
    p for p in (ROOT / "examples").rglob("*") if p.suffix in {".yaml", ".yml", ".json"}
)
JSON_EXAMPLE = ROOT / "examples" / "grenoble-tiznit.json"
YAML_EXAMPLE = ROOT / "examples" / "grenoble-tiznit.yaml"


def _run(tmp_path: Path, documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    for package in ("vscode-json-languageservice", "yaml-language-server"):
        if not (MODULES / package).is_dir():
            pytest.skip(f"{package} is not installed: run `npm install` in tests/editors")
    request = tmp_path / "request.json"
    request.write_text(json.dumps({"schemas": {URL: str(SCHEMA)}, "documents": documents}))
    done = subprocess.run(
        [node, str(DRIVER), str(request)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    out: list[dict[str, Any]] = json.loads(done.stdout)["documents"]
    return out


def _position(path: Path, pattern: str, after: str = "") -> tuple[int, int]:
    """0-based line and character of the first match of ``pattern`` (in its group 1)."""
    text = path.read_text("utf-8")
    start = text.index(after) if after else 0
    match = re.compile(pattern, re.MULTILINE).search(text, start)
    assert match is not None, (path, pattern)
    offset = match.start(1)
    line = text.count("\n", 0, offset)
    return line, offset - (text.rfind("\n", 0, offset) + 1)


def _plain(text: str) -> str:
    """Markdown escapes and line breaks removed, for comparing with schema text."""
    return " ".join(text.replace("\\", "").split())


def test_examples_name_the_published_schema() -> None:
    for path in EXAMPLES:
        text = path.read_text("utf-8")
        if path.suffix == ".json":
            assert json.loads(text)["$schema"] == URL, path
        else:
            assert text.splitlines()[0] == f"# yaml-language-server: $schema={URL}", path


def test_no_false_diagnostics(tmp_path: Path) -> None:
    results = _run(tmp_path, [{"file": str(p)} for p in EXAMPLES])
    assert len(results) == len(EXAMPLES)
    for result in results:
        assert result["diagnostics"] == [], result["file"]


def test_a_fault_is_reported(tmp_path: Path) -> None:
    """The association works: a wrong code in the example is flagged by both services."""
    yaml_text = YAML_EXAMPLE.read_text("utf-8").replace(
        "kind: framework_convention", "kind: framework_konvention", 1
    )
    json_text = JSON_EXAMPLE.read_text("utf-8").replace(
        '"kind": "framework_convention"', '"kind": "framework_konvention"', 1
    )
    results = _run(
        tmp_path,
        [
            {"file": str(tmp_path / "bad.yaml"), "text": yaml_text},
            {"file": str(tmp_path / "bad.json"), "text": json_text},
        ],
    )
    for result in results:
        assert result["diagnostics"], result["file"]


# (example, pattern whose group 1 is the key to hover, text after which to search,
#  the $defs entry and property whose own description must show)
HOVERS = [
    (JSON_EXAMPLE, r'"(party)"', '"deliberations"', "Deliberation", "party"),
    (YAML_EXAMPLE, r"^ +(party):", "\ndeliberations:", "Deliberation", "party"),
    (JSON_EXAMPLE, r'^  "(kind)"', "", "Convention", "kind"),
    (YAML_EXAMPLE, r"^(kind):", "", "Convention", "kind"),
    (JSON_EXAMPLE, r'^  "(signature)"', "", "Convention", "signature"),
    (YAML_EXAMPLE, r"^(signature):", "", "Convention", "signature"),
]


@pytest.mark.parametrize("case", HOVERS, ids=lambda c: f"{c[0].suffix}-{c[4]}")
def test_hover_shows_the_fields_own_description(
    tmp_path: Path, case: tuple[Path, str, str, str, str]
) -> None:
    path, pattern, after, definition, prop = case
    line, character = _position(path, pattern, after)
    [result] = _run(
        tmp_path,
        [{"file": str(path), "probes": [{"kind": "hover", "line": line, "character": character}]}],
    )
    text = _plain(result["probes"][0]["text"])
    field = DEFS[definition]["properties"][prop]
    shared = DEFS[field["$ref"].removeprefix("#/$defs/")]
    assert _plain(field["description"]) in text
    assert _plain(shared["description"]) not in text
    if path.suffix != ".json":
        # yaml-language-server keeps the field's title too; VS Code's JSON service puts
        # the shared type's title above the field's description (its $ref merge).
        assert field["title"] in text


def _codelist(name: str) -> dict[str, str]:
    with (ROOT / "schemas" / "codelists" / f"{name}.csv").open(encoding="utf-8") as f:
        return {row["code"]: row["title_en"] for row in csv.DictReader(f)}


@pytest.mark.parametrize(
    ("path", "pattern"),
    [(JSON_EXAMPLE, r'^  "kind": "(f)ramework'), (YAML_EXAMPLE, r"^kind: (f)ramework")],
)
def test_codelist_completion_shows_titles(tmp_path: Path, path: Path, pattern: str) -> None:
    line, character = _position(path, pattern)
    [result] = _run(
        tmp_path,
        [
            {
                "file": str(path),
                "probes": [{"kind": "completion", "line": line, "character": character}],
            }
        ],
    )
    items = {i["label"].strip('"'): i["documentation"] for i in result["probes"][0]["items"]}
    titles = _codelist("instrument-kinds")
    assert set(DEFS["InstrumentKind"]["enum"]) <= set(items)
    for code, title in titles.items():
        assert title in items[code], code


def test_snippet_for_a_new_party(tmp_path: Path) -> None:
    text = f"# yaml-language-server: $schema={URL}\nschema_version: '1.1'\nparties:\n  - \n"
    [result] = _run(
        tmp_path,
        [
            {
                "file": str(tmp_path / "new.yaml"),
                "text": text,
                "probes": [{"kind": "completion", "line": 3, "character": 4}],
            }
        ],
    )
    labels = [i["label"] for i in result["probes"][0]["items"]]
    assert "local government" in labels


def test_editor_keywords_are_written_from_their_sources() -> None:
    """The schema's editor-only keywords are what scripts/editor_annotations.py writes."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "editor_annotations.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr

    # Every $ref that carries a description carries the same text for VS Code.
    def walk(node: Any) -> int:
        if isinstance(node, list):
            return sum(walk(v) for v in node)
        if not isinstance(node, dict):
            return 0
        here = 0
        if "$ref" in node and "description" in node:
            assert node["markdownDescription"] == node["description"]
            here = 1
        return here + sum(walk(v) for v in node.values())

    assert walk(DEFS) > 100
