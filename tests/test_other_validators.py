"""Other validators give the same schema verdict as ours.

Our schema verdict is the schema's alone: the semantic rules are ours, so a negative
file that only breaks a rule must be schema-valid for the other validators too.

Files that our reader rejects before the schema runs (duplicate keys, YAML tags, bad
syntax, NaN...) are left out: check-jsonschema reads YAML with ruamel.yaml and JSON
with the standard library, which accept or reject such files by their own rules, so
there is no common document to compare verdicts on.

The fast verdict (jsonschema-rs, ``_schema.is_valid``) must also equal the reference
one (Python jsonschema, ``_schema.reference_is_valid``), on every file and on
generated and mutated documents.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citydiplomacy import to_document
from citydiplomacy._checking import _schema
from citydiplomacy._io import _reading

from .strategies import conventions, mutated

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "schemas" / "convention.schema.json"
AJV = Path(__file__).resolve().parent / "ajv"
SUFFIXES = (".yaml", ".yml", ".json")


def _files() -> list[Path]:
    folders = [
        ROOT / "tests" / "example-files" / "positive",
        ROOT / "tests" / "example-files" / "negative",
        ROOT / "examples",
    ]
    return sorted(
        p
        for folder in folders
        for p in folder.iterdir()
        if p.name.endswith(SUFFIXES) and not p.name.endswith(".expected.json")
    )


FILES = _files()


def _document(path: Path) -> Any:
    """The document our reader gives, or None when it rejects the file."""
    _source, document, findings = _reading.read_path(path)
    return None if findings else document


def _id(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _tool(name: str) -> str | None:
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.exists() else shutil.which(name)


@pytest.fixture(scope="module")
def check_jsonschema_verdicts() -> dict[str, bool]:
    """check-jsonschema's verdict for each file, from one run over all of them."""
    tool = _tool("check-jsonschema")
    if tool is None:
        pytest.skip("check-jsonschema is not installed")
    files = [str(p) for p in FILES if _document(p) is not None]
    result = subprocess.run(
        [tool, "--output-format", "json", "--schemafile", str(SCHEMA), *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    failed = {e["filename"] for e in report.get("errors", [])}
    unparsed = {e["filename"] for e in report.get("parse_errors", [])}
    assert not unparsed, f"check-jsonschema could not parse {sorted(unparsed)}"
    return {f: f not in failed for f in files}


@pytest.mark.parametrize("path", FILES, ids=_id)
def test_check_jsonschema_agrees(path: Path, check_jsonschema_verdicts: dict[str, bool]) -> None:
    document = _document(path)
    if document is None:
        pytest.skip("our reader rejects the file before the schema runs")
    ours = not _schema.schema_findings(document)
    assert check_jsonschema_verdicts[str(path)] is ours


@pytest.mark.parametrize("path", FILES, ids=_id)
def test_fast_and_reference_verdicts_agree_on_files(path: Path) -> None:
    document = _document(path)
    if document is None:
        pytest.skip("our reader rejects the file before the schema runs")
    assert _schema.is_valid(document) is _schema.reference_is_valid(document)


def test_ajv_agrees(tmp_path: Path) -> None:
    node = shutil.which("node")
    script = AJV / "check.mjs"
    if not script.exists():
        pytest.skip("tests/ajv/check.mjs is missing")
    if node is None:
        pytest.skip("node is not installed")
    if not (AJV / "node_modules" / "ajv").is_dir():
        pytest.skip("ajv is not installed: run `npm install` in tests/ajv")
    ours: dict[str, bool] = {}
    for index, path in enumerate(FILES):
        document = _document(path)
        if document is None:
            continue
        copy_path = tmp_path / f"{index:03d}-{path.stem}.json"
        copy_path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        ours[str(copy_path)] = not _schema.schema_findings(document)
    result = subprocess.run(
        [node, str(script), str(SCHEMA), *ours],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = json.loads(result.stdout)
    assert "compile_error" not in output, output.get("compile_error")
    theirs = {r["file"]: r["valid"] for r in output["results"]}
    disagree = {
        Path(f).name: (ours[f], theirs.get(f)) for f in ours if theirs.get(f) is not ours[f]
    }
    assert not disagree, disagree


# ------------------------------------------------------------------ generated documents


EXAMPLES = [doc for p in FILES if isinstance(doc := _document(p), dict)]


def _example(index: int) -> dict[str, Any]:
    """The document of the example file at ``index`` (a name, so that the strategy's repr
    stays short: hypothesis warns about a repr of every example file)."""
    return EXAMPLES[index]


def mutated_examples() -> st.SearchStrategy[dict[str, Any]]:
    """An example file's or a generated convention's document, changed up to four times."""
    examples = st.integers(0, len(EXAMPLES) - 1).map(_example)
    return mutated(st.one_of(conventions().map(to_document), examples), min_changes=0)


@given(mutated_examples())
def test_fast_and_reference_verdicts_agree_on_mutations(document: Any) -> None:
    assert _schema.is_valid(document) is _schema.reference_is_valid(document)
