"""Loading, writing and round trips, on the examples and on generated conventions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given

import citydiplomacy as cd
from citydiplomacy._schema import is_valid, reference_is_valid

from .conftest import EXAMPLES
from .strategies import conventions

EXAMPLE_FILES = sorted(p for p in EXAMPLES.glob("*.y*ml")) + sorted(EXAMPLES.glob("*.json"))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_examples_are_valid_and_round_trip(path: Path) -> None:
    report = cd.validate(path)
    assert report.valid, [str(f) for f in report.findings]
    conv = cd.load(path)
    for fmt in ("json", "yaml"):
        text = cd.dumps(conv, format=fmt)
        assert cd.loads(text, format=fmt) == conv
        assert cd.dumps(cd.loads(text), format=fmt) == text


def test_reference_json_is_the_canonical_form_of_the_yaml() -> None:
    conv = cd.load(EXAMPLES / "grenoble-tiznit.yaml")
    assert cd.load(EXAMPLES / "grenoble-tiznit.json") == conv
    assert (EXAMPLES / "grenoble-tiznit.json").read_text("utf-8") == cd.dumps(conv, format="json")


def test_reference_example_keeps_unknowns_unknown() -> None:
    conv = cd.load(EXAMPLES / "grenoble-tiznit.yaml")
    assert conv.signature is not None
    assert conv.signature.date == cd.PartialDate(2025)
    assert conv.signature.signatories == ()
    assert conv.term is not None
    assert conv.term.start is None
    assert conv.term.end is None
    assert all(not a.budget for a in conv.actions)
    tiznit = conv.party("tiznit")
    assert tiznit.name["ar"] == "تزنيت"
    assert tiznit.name["zgh-Tfng"] == "ⵜⵉⵣⵏⵉⵜ"
    cited = {s for a in conv.actions for s in a.sources} | set(conv.sources)
    assert cited <= {d.id for d in conv.documents}


def test_load_accepts_text_bytes_and_documents() -> None:
    path = EXAMPLES / "grenoble-tiznit.yaml"
    conv = cd.load(path)
    assert cd.load(str(path)) == conv
    assert cd.loads(path.read_text("utf-8")) == conv
    assert cd.loads(path.read_bytes()) == conv
    assert cd.loads(b"\xef\xbb\xbf" + path.read_bytes()) == conv
    document = json.loads((EXAMPLES / "grenoble-tiznit.json").read_text("utf-8"))
    assert cd.from_document(document) == conv
    assert cd.to_document(conv) == document


def test_invalid_document_raises_one_error_with_every_problem() -> None:
    text = """
schema_version: "1.0"
id: x
kind: treaty
title: {fr: T}
authoritative_language: fr
parties:
  - {id: a, kind: local_government, role: partner, name: {fr: A}}
  - {id: b, kind: local_government, role: partner, name: {fr: B}, time_zone: Mars/Olympus}
actions:
  - {id: act, title: {fr: X}, lead_party: nobody}
"""
    with pytest.raises(cd.ConventionError) as caught:
        cd.loads(text, name="bad.yaml")
    error = caught.value
    rules = {f.rule for f in error.findings}
    assert "schema.enum" in rules
    paths = {f.path for f in error.findings}
    assert ("kind",) in paths
    kind = next(f for f in error.findings if f.path == ("kind",))
    assert (kind.file, kind.line, kind.column) == ("bad.yaml", 4, 7)
    assert "framework_convention" in kind.message
    assert "bad.yaml:4:7" in str(error)


def test_extensions_survive_load_and_dump() -> None:
    conv = cd.load(EXAMPLES / "fictional-villebelle-tilelli.yaml")
    assert conv.extensions["example:fictional"] is True
    again = cd.loads(cd.dumps(conv, format="json"))
    assert again.extensions == conv.extensions


def test_yaml_reads_with_json_data_model() -> None:
    conv = cd.load(EXAMPLES / "grenoble-tiznit.yaml")
    doc = cd.to_document(conv)
    doc["parties"][1]["name"]["no"] = "NO"  # Norwegian tag, value that YAML 1.1 reads as False
    text = cd.dumps(cd.from_document(doc), format="yaml")
    assert cd.loads(text).party("tiznit").name["no"] == "NO"


def test_dump_is_atomic_and_refuses_to_overwrite(tmp_path: Path) -> None:
    conv = cd.load(EXAMPLES / "grenoble-tiznit.yaml")
    target = tmp_path / "out.json"
    cd.dump(conv, target)
    assert cd.load(target) == conv
    with pytest.raises(FileExistsError):
        cd.dump(conv, target)
    cd.dump(conv, target, overwrite=True)
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_dumps_refuses_an_invalid_convention_built_in_code() -> None:
    conv = cd.load(EXAMPLES / "grenoble-tiznit.yaml")
    broken = cd.Convention(
        schema_version="1.0",
        id=conv.id,
        kind=conv.kind,
        title=conv.title,
        authoritative_language="fr",
        parties=conv.parties[:1],
    )
    with pytest.raises(cd.ConventionError) as caught:
        cd.dumps(broken)
    assert any(f.path == ("parties",) for f in caught.value.findings)


@given(conventions())
def test_generated_conventions_dump_to_schema_valid_documents(conv: cd.Convention) -> None:
    document = cd.to_document(conv)
    assert is_valid(document)
    assert reference_is_valid(document)
    report = cd.validate_document(document)
    assert report.valid, [str(f) for f in report.errors]


@given(conventions())
def test_generated_conventions_round_trip_through_json_and_yaml(conv: cd.Convention) -> None:
    for fmt in ("json", "yaml"):
        text = cd.dumps(conv, format=fmt)
        again = cd.loads(text, format=fmt)
        assert again == conv
        assert cd.dumps(again, format=fmt) == text
