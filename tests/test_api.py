"""Loading, writing and round trips, on the examples and on generated conventions."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import attrs
import pytest
from cattrs.errors import ClassValidationError
from hypothesis import given

import citydiplomacy as cd
from citydiplomacy._checking import _schema
from citydiplomacy._checking._schema import is_valid, reference_is_valid
from citydiplomacy._domain._convert import structure, structure_findings

from .conftest import EXAMPLES
from .strategies import conventions

POSITIVE = Path(__file__).parent / "example-files" / "positive"
EXAMPLE_FILES = sorted(
    p
    for folder in (EXAMPLES, POSITIVE)
    for p in folder.rglob("*")
    if p.suffix in (".yaml", ".yml", ".json")
)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.parent.name + "/" + p.name)
def test_examples_are_valid_and_round_trip(path: Path) -> None:
    report = cd.validate(path)
    assert report.valid, [str(f) for f in report.findings]
    conv = cd.load(path)
    for fmt in ("json", "yaml"):
        text = cd.dumps(conv, format=fmt)
        assert cd.loads(text, format=fmt) == conv
        assert cd.dumps(cd.loads(text), format=fmt) == text


def test_reference_json_is_the_canonical_form_of_the_yaml() -> None:
    # The YAML names its schema in a comment (yaml-language-server's modeline), the
    # JSON in its `$schema` member; the model keeps the member.
    yaml_conv = cd.load(EXAMPLES / "grenoble-tiznit.yaml")
    assert yaml_conv.schema is None
    conv = attrs.evolve(yaml_conv, schema=_schema.schema_id())
    assert cd.load(EXAMPLES / "grenoble-tiznit.json") == conv
    assert (EXAMPLES / "grenoble-tiznit.json").read_text("utf-8") == cd.dumps(conv, format="json")


def test_reference_example_keeps_unknowns_unknown() -> None:
    conv = cd.load(EXAMPLES / "grenoble-tiznit.yaml")
    assert conv.signature is not None
    assert conv.signature.date == cd.PartialDate.parse("2025-21")  # spring 2025
    assert conv.signature.date.precision == "season"
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
    del document["$schema"]  # the YAML names its schema in a comment
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


def test_language_order_survives_load_and_dump() -> None:
    conv = cd.load(EXAMPLES / "grenoble-tiznit.yaml")
    tiznit = conv.party("tiznit")
    reordered = {"zgh-Tfng": tiznit.name["zgh-Tfng"], **tiznit.name}
    doc = cd.to_document(conv)
    doc["parties"][1]["name"] = reordered
    for fmt in ("json", "yaml"):
        again = cd.loads(cd.dumps(cd.from_document(doc), format=fmt), format=fmt)
        assert list(again.party("tiznit").name) == list(reordered)
        assert again.party("tiznit").name.text() == "ⵜⵉⵣⵏⵉⵜ"
        assert again != conv  # the primary language is part of the meaning


def test_lookups_by_id() -> None:
    conv = cd.Convention(
        schema_version="1.1",
        id="x",
        parties=(cd.Party(id="a", kind=cd.PartyKind.LOCAL_GOVERNMENT, name=_fr("A")),),
        deliberations=(cd.Deliberation(id="d", party="a"),),
        objectives=(cd.Objective(id="o", text=_fr("O")),),
        programmes=(cd.Programme(id="p", name=_fr("P")),),
    )
    assert conv.deliberation("d").party == "a"
    assert conv.objective("o").text.text() == "O"
    assert conv.programme("p").name.text() == "P"
    for lookup in (conv.deliberation, conv.objective, conv.programme):
        with pytest.raises(KeyError):
            lookup("missing")


def _fr(text: str) -> cd.MultilingualText:
    return cd.MultilingualText.of(text, "fr")


def test_1_1_leaves_unknowns_unknown() -> None:
    conv = cd.loads(
        'schema_version: "1.1"\nid: x\n'
        "parties: [{id: a, kind: local_government, name: {fr: A}},\n"
        "          {id: b, kind: local_government, name: {fr: B}}]\n"
        "actions: [{id: act, title: {fr: X}, budget: [{currency: EUR, amount: 10}]}]\n"
        "governance: {meetings: [{id: m, date: 2023-08-30/2023-09-03}]}\n"
    )
    assert (conv.kind, conv.title, conv.authoritative_language) == (None, None, None)
    assert conv.parties[0].role is None
    line = conv.actions[0].budget[0]
    assert (line.funder, line.commitment, line.nature) == (None, None, None)
    assert conv.governance is not None
    meeting = conv.governance.meetings[0]
    assert (meeting.start, meeting.time_zone, meeting.status) == (None, None, None)
    assert meeting.date == cd.PartialDate.parse("2023-08-30/2023-09-03")


def test_model_refuses_what_the_schema_refuses() -> None:
    with pytest.raises(ValueError, match="name, office or organisation"):
        cd.Attendee()
    with pytest.raises(ValueError, match="party, organisation, name or office"):
        cd.Participant(count=3)
    with pytest.raises(ValueError, match=r"needs a start .* or a date"):
        cd.Meeting(id="m")
    with pytest.raises(ValueError, match="no time_zone"):
        cd.Meeting(id="m", start=datetime.datetime(2025, 4, 9, 10))


def test_booleans_are_not_guessed_from_strings() -> None:
    document = {
        "schema_version": "1.1",
        "id": "x",
        "title_descriptive": "false",
        "parties": [{"id": "a", "kind": "local_government", "name": {"fr": "A"}}],
    }
    with pytest.raises(ClassValidationError) as caught:
        structure(document, cd.Convention)
    (finding,) = structure_findings(caught.value)
    assert finding.path == ("title_descriptive",)
    assert "expected true or false" in finding.message


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


def test_schema_member_round_trips() -> None:
    """`$schema` (the editors' schema association) is read, kept first, and written back."""
    url = _schema.schema_id()
    document = json.loads((EXAMPLES / "grenoble-tiznit.json").read_text("utf-8"))
    assert next(iter(document)) == "$schema"
    conv = cd.loads(json.dumps(document), format="json")
    assert conv.schema == url
    for fmt in ("json", "yaml"):
        text = cd.dumps(conv, format=fmt)
        assert cd.loads(text, format=fmt) == conv
    assert next(iter(cd.to_document(conv))) == "$schema"
    assert cd.validate_document({**document, "$schema": "not a uri"}).valid is False
