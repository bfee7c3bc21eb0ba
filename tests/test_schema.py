"""Machine checks of the published JSON Schema and the codelists (after OCDS's ``jscc``).

The schema in ``schemas/convention.schema.json`` is the contract other cities'
validators and editors use, so it is checked here against the 2020-12 metaschema, the
model (one ``$defs`` entry per attrs class, same field names, same required fields),
the enums in ``_codes.py``, the CSV codelists, and several validators: Python
``jsonschema``, ``jsonschema-rs``, ``check-jsonschema`` and, when installed, ajv in
strict mode (``tests/ajv``).
"""

from __future__ import annotations

import copy
import csv
import enum
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import jsonschema  # type: ignore[import-untyped, unused-ignore]  # until types-jsonschema
import jsonschema_rs
import pytest

from citydiplomacy import _api, _codes, _model, _schema, _writing

REPO = Path(__file__).parents[1]
SCHEMAS = REPO / "schemas"
SCHEMA_PATH = SCHEMAS / "convention.schema.json"
CODELISTS = SCHEMAS / "codelists"
AJV_DIR = Path(__file__).parent / "ajv"

CODELIST_HEADER = ["code", "title_en", "title_fr", "description"]
INDEX_HEADER = ["codelist", "openness", "schema_def", "title_en", "title_fr", "description"]

#: Keywords that constrain one JSON type; ajv's strictTypes wants ``type`` beside them.
TYPED_KEYWORDS = frozenset(
    {
        "pattern",
        "minLength",
        "maxLength",
        "format",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "items",
        "prefixItems",
        "minItems",
        "maxItems",
        "uniqueItems",
        "contains",
        "properties",
        "required",
        "additionalProperties",
        "patternProperties",
        "propertyNames",
        "minProperties",
        "maxProperties",
        "enum",
    }
)

Json = Any


def _load_schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


SCHEMA = _load_schema()
DEFS: dict[str, dict[str, Any]] = SCHEMA["$defs"]


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), f"{path.name} starts with a byte order mark"
    text = raw.decode("utf-8")  # strict: fails on anything that is not UTF-8
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body = rows[0], rows[1:]
    for number, row in enumerate(body, start=2):
        assert len(row) == len(header), f"{path.name}:{number}: {len(row)} fields"
    return header, [dict(zip(header, row, strict=True)) for row in body]


INDEX_HEADER_READ, INDEX_ROWS = _read_csv(CODELISTS / "index.csv")
INDEX = {row["codelist"]: row for row in INDEX_ROWS}
CSV_STEMS = sorted(p.stem for p in CODELISTS.glob("*.csv") if p.name != "index.csv")


def _codes_of(stem: str) -> list[str]:
    return [row["code"] for row in _read_csv(CODELISTS / f"{stem}.csv")[1]]


def _walk(node: Json, pointer: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object in the schema, with its JSON pointer (``examples`` skipped)."""
    if isinstance(node, dict):
        yield pointer, node
        for key, value in node.items():
            if key in {"examples", "enum", "default", "const"}:
                continue
            yield from _walk(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{pointer}/{i}")


def _documented_nodes() -> Iterator[tuple[str, dict[str, Any]]]:
    """The root, every ``$defs`` entry and every property of an object definition."""
    yield "#", SCHEMA
    for name, definition in DEFS.items():
        yield f"#/$defs/{name}", definition
        for prop, subschema in definition.get("properties", {}).items():
            yield f"#/$defs/{name}/properties/{prop}", subschema


def _model_classes() -> list[type]:
    return list(_model.MODEL_CLASSES)


def _fields(cls: type) -> tuple[attrs.Attribute[Any], ...]:
    return tuple(attrs.fields(cls))


def _has_default(field: attrs.Attribute[Any]) -> bool:
    return field.default is not attrs.NOTHING


# ---------------------------------------------------------------- the schema itself


def test_schema_passes_the_2020_12_metaschema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_root_describes_a_convention() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["$id"] == "https://citydiplomacy.github.io/schema/1.0/convention.schema.json"
    assert SCHEMA["$ref"] == "#/$defs/Convention"
    assert DEFS["SchemaVersion"]["enum"] == ["1.0"]
    assert DEFS["Convention"]["properties"]["schema_version"]["$ref"] == "#/$defs/SchemaVersion"


@pytest.mark.parametrize(
    ("pointer", "node"), [pytest.param(p, n, id=p) for p, n in _documented_nodes()]
)
def test_every_definition_and_property_has_title_and_description(
    pointer: str, node: dict[str, Any]
) -> None:
    for key in ("title", "description"):
        value = node.get(key)
        assert isinstance(value, str), f"{pointer} has no {key}"
        assert value.strip(), f"{pointer} has an empty {key}"


def test_every_ref_is_local_and_resolves() -> None:
    refs = [(p, n["$ref"]) for p, n in _walk(SCHEMA) if isinstance(n.get("$ref"), str)]
    assert refs
    for pointer, ref in refs:
        assert ref.startswith("#/$defs/"), f"{pointer}: $ref {ref!r} is not local"
        assert ref.removeprefix("#/$defs/") in DEFS, f"{pointer}: $ref {ref!r} does not resolve"
    for pointer, node in _walk(SCHEMA):
        assert "$dynamicRef" not in node, pointer
        assert "$id" not in node or pointer == "#", f"{pointer}: nested $id"


def test_every_definition_is_used() -> None:
    used = {n["$ref"].removeprefix("#/$defs/") for _, n in _walk(SCHEMA) if "$ref" in n}
    assert set(DEFS) - used == set()


def test_only_the_uri_format_is_used() -> None:
    formats = {n["format"] for _, n in _walk(SCHEMA) if isinstance(n.get("format"), str)}
    assert formats == {"uri"}


def test_every_constraint_has_a_type_beside_it() -> None:
    """ajv's strictTypes: each type-specific keyword sits next to ``type`` (a single type)."""
    for pointer, node in _walk(SCHEMA):
        if pointer.endswith(("/$defs", "/properties")) or pointer == "#":
            continue
        if TYPED_KEYWORDS & node.keys():
            assert isinstance(node.get("type"), str), f"{pointer} constrains without a type"


def test_no_null_is_accepted_anywhere() -> None:
    """Absence, not ``null``, says "not known": no schema admits the null type."""
    for pointer, node in _walk(SCHEMA):
        assert node.get("type") != "null", pointer
        assert "nullable" not in node, pointer


def test_every_object_definition_is_closed_and_extensible() -> None:
    for name, definition in DEFS.items():
        if "properties" not in definition:
            continue
        assert definition["type"] == "object", name
        assert definition["additionalProperties"] is False, name
        assert definition["properties"]["extensions"]["$ref"] == "#/$defs/Extensions", name


def test_arrays_of_codes_and_references_have_unique_items() -> None:
    object_defs = {name for name, d in DEFS.items() if d.get("type") == "object"}
    for name, definition in DEFS.items():
        for prop, subschema in definition.get("properties", {}).items():
            if subschema.get("type") != "array":
                continue
            item = subschema["items"]["$ref"].removeprefix("#/$defs/")
            if item in object_defs:
                assert "uniqueItems" not in subschema, f"{name}.{prop}"
            else:
                assert subschema.get("uniqueItems") is True, f"{name}.{prop}"


def test_parties_need_at_least_two() -> None:
    assert DEFS["Convention"]["properties"]["parties"]["minItems"] == 2


@pytest.mark.parametrize(
    ("definition", "prop"),
    [
        ("BudgetLine", "amount"),
        ("BudgetLine", "share"),
        ("Indicator", "baseline"),
        ("Indicator", "target"),
    ],
)
def test_decimal_fields_are_json_numbers(definition: str, prop: str) -> None:
    subschema = DEFS[definition]["properties"][prop]
    if "$ref" in subschema:
        subschema = DEFS[subschema["$ref"].removeprefix("#/$defs/")]
    assert subschema["type"] == "number"


# ---------------------------------------------------------------- schema and model


@pytest.mark.parametrize("cls", _model_classes(), ids=lambda c: c.__name__)
def test_each_model_class_has_a_definition_with_its_fields(cls: type) -> None:
    definition = DEFS.get(cls.__name__)
    assert definition is not None, f"no $defs/{cls.__name__}"
    fields = _fields(cls)
    assert list(definition["properties"]) == [f.name for f in fields]
    required = [f.name for f in fields if not _has_default(f)]
    assert definition.get("required", []) == required


@pytest.mark.parametrize("cls", _model_classes(), ids=lambda c: c.__name__)
def test_enum_defaults_are_annotated(cls: type) -> None:
    properties = DEFS[cls.__name__]["properties"]
    for field in _fields(cls):
        default = field.default
        if isinstance(default, enum.Enum) and default is not attrs.NOTHING:
            assert properties[field.name].get("default") == default.value, field.name
        else:
            assert "default" not in properties[field.name], field.name


# ---------------------------------------------------------------- codelists


@pytest.mark.parametrize("stem", sorted(_codes.CLOSED_CODELISTS))
def test_closed_codelist_matches_enum_and_schema(stem: str) -> None:
    enum_cls = _codes.CLOSED_CODELISTS[stem]
    values = [member.value for member in enum_cls]
    assert _codes_of(stem) == values
    assert INDEX[stem]["openness"] == "closed"
    assert INDEX[stem]["schema_def"] == enum_cls.__name__
    definition = DEFS[enum_cls.__name__]
    assert definition["type"] == "string"
    assert definition["enum"] == values


def test_every_enum_in_codes_is_a_closed_codelist() -> None:
    enums = {
        obj
        for obj in vars(_codes).values()
        if isinstance(obj, type)
        and issubclass(obj, enum.Enum)
        and obj.__module__ == _codes.__name__
    }
    assert enums == set(_codes.CLOSED_CODELISTS.values())


OPEN_STEMS = sorted(stem for stem, row in INDEX.items() if row["openness"] == "open")


def test_open_codelists_are_the_expected_ones() -> None:
    assert {INDEX[stem]["schema_def"] for stem in OPEN_STEMS} == {
        "GovernmentLevel",
        "Sector",
        "ActionKind",
        "TargetGroup",
        "MeetingKind",
        "BodyKind",
        "DocumentKind",
        "IdentifierScheme",
        "SharedValue",
    }


@pytest.mark.parametrize("stem", OPEN_STEMS)
def test_open_codelist_examples_are_the_csv_codes(stem: str) -> None:
    definition = DEFS[INDEX[stem]["schema_def"]]
    codes = _codes_of(stem)
    assert definition["type"] == "string"
    assert "enum" not in definition
    assert definition["examples"] == codes
    pattern = re.compile(definition["pattern"])
    for code in codes:
        assert pattern.fullmatch(code), f"{stem}: {code!r} does not match {pattern.pattern}"
    assert stem in definition["description"]


@pytest.mark.parametrize(
    "stem", sorted(stem for stem in INDEX if stem not in {"sdg-goals", "sdg-targets"})
)
def test_codelist_definition_describes_every_code(stem: str) -> None:
    """Editors show the description on hover: it lists each code with its meaning."""
    description = DEFS[INDEX[stem]["schema_def"]]["description"]
    assert f"schemas/codelists/{stem}.csv" in description
    for row in _read_csv(CODELISTS / f"{stem}.csv")[1]:
        assert f"\n- {row['code']}: {row['title_en']}. {row['description']}" in description


def test_index_lists_every_codelist_file_and_nothing_else() -> None:
    assert INDEX_HEADER_READ == INDEX_HEADER
    assert [row["codelist"] for row in INDEX_ROWS] == list(INDEX), "duplicate codelist in index"
    assert sorted(INDEX) == CSV_STEMS


@pytest.mark.parametrize("row", INDEX_ROWS, ids=lambda r: r["codelist"])
def test_index_rows_are_complete(row: dict[str, str]) -> None:
    assert row["openness"] in {"open", "closed"}
    assert row["schema_def"] in DEFS
    for column in ("title_en", "title_fr", "description"):
        assert row[column].strip(), f"{row['codelist']}: empty {column}"


@pytest.mark.parametrize("stem", CSV_STEMS)
def test_codelist_csv_is_well_formed(stem: str) -> None:
    header, rows = _read_csv(CODELISTS / f"{stem}.csv")
    assert header == CODELIST_HEADER
    assert rows, f"{stem} is empty"
    codes = [row["code"] for row in rows]
    assert len(codes) == len(set(codes)), f"{stem}: duplicate codes"
    for row in rows:
        for column in CODELIST_HEADER:
            assert row[column].strip(), f"{stem}: {row['code']!r} has an empty {column}"
            assert row[column] == row[column].strip(), f"{stem}: {row['code']!r} {column} padded"


def test_sdg_goals() -> None:
    assert INDEX["sdg-goals"]["schema_def"] == "SdgGoal"
    definition = DEFS["SdgGoal"]
    assert definition["type"] == "integer"
    goals = list(range(definition["minimum"], definition["maximum"] + 1))
    assert goals == list(range(1, 18))
    assert [int(code) for code in _codes_of("sdg-goals")] == goals
    items = DEFS["Axis"]["properties"]["sdg_goals"]
    assert items["items"] == {"$ref": "#/$defs/SdgGoal"}
    assert items["uniqueItems"] is True


def test_sdg_targets() -> None:
    assert INDEX["sdg-targets"]["schema_def"] == "SdgTarget"
    targets = DEFS["SdgTarget"]["enum"]
    assert len(targets) == 169
    assert targets == _codes_of("sdg-targets")
    assert {"1.1", "6.a", "11.3", "17.19"} <= set(targets)
    goals = {int(code.split(".")[0]) for code in targets}
    assert goals == set(range(1, 18))


# ---------------------------------------------------------------- other validators


def test_jsonschema_rs_compiles_the_schema() -> None:
    jsonschema_rs.validator_for(SCHEMA, validate_formats=True)


def test_check_jsonschema_accepts_the_schema() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--check-metaschema", str(SCHEMA_PATH)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# ---------------------------------------------------------------- documents


def _pointer_schema(pointer: str) -> dict[str, Any]:
    """The whole schema, rooted at ``pointer`` (so that its local ``$ref`` still resolve)."""
    return {**SCHEMA, "$ref": pointer}


def _python_validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    cls = jsonschema.Draft202012Validator
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _examples() -> Iterator[tuple[str, Json]]:
    for pointer, node in _documented_nodes():
        if pointer == "#":
            continue
        for i, example in enumerate(node.get("examples", [])):
            yield f"{pointer}/examples/{i}", example


@pytest.mark.parametrize(("pointer", "example"), [pytest.param(p, e, id=p) for p, e in _examples()])
def test_every_example_is_valid(pointer: str, example: Json) -> None:
    schema = _pointer_schema(pointer.rsplit("/examples/", 1)[0])
    errors = [e.message for e in _python_validator(schema).iter_errors(example)]
    assert errors == []
    assert jsonschema_rs.validator_for(schema, validate_formats=True).is_valid(example)


MINIMAL: Json = {
    "schema_version": "1.0",
    "id": "grenoble-tiznit-2025-framework",
    "kind": "framework_convention",
    "title": {"fr": "Convention-cadre de coopération décentralisée entre Grenoble et Tiznit"},
    "authoritative_language": "fr",
    "parties": [
        {
            "id": "grenoble",
            "kind": "local_government",
            "role": "partner",
            "name": {"fr": "Grenoble"},
        },
        {
            "id": "tiznit",
            "kind": "local_government",
            "role": "partner",
            "name": {"fr": "Tiznit", "ar": "تزنيت", "zgh-Tfng": "ⵜⵉⵣⵏⵉⵜ"},
        },
    ],
}

#: Every object definition of the schema appears at least once in this document.
FULL: Json = {
    **MINIMAL,
    "languages": ["fr"],
    "summary": {"en": "Framework convention between Grenoble and Tiznit."},
    "parties": [
        {
            "id": "grenoble",
            "kind": "local_government",
            "role": "partner",
            "name": {"fr": "Grenoble"},
            "level": "municipality",
            "country": "FR",
            "subdivisions": ["FR-ARA", "FR-38"],
            "identifiers": [
                {"scheme": "insee_cog", "value": "38185"},
                {"scheme": "wikidata", "value": "Q1289"},
            ],
            "time_zone": "Europe/Paris",
            "url": "https://www.grenoble.fr/",
            "sources": ["press-release"],
            "extensions": {"grenoble:service": "relations internationales"},
        },
        {
            "id": "tiznit",
            "kind": "local_government",
            "role": "partner",
            "name": {"fr": "Tiznit", "ar": "تزنيت", "zgh-Tfng": "ⵜⵉⵣⵏⵉⵜ"},
            "level": "municipality",
            "country": "MA",
            "subdivisions": ["MA-09", "MA-TIZ"],
            "identifiers": [{"scheme": "wikidata", "value": "Q587107"}],
            "time_zone": "Africa/Casablanca",
        },
    ],
    "related_instruments": [
        {
            "relation": "follows",
            "instrument": "grenoble-tiznit-2025-declaration",
            "kind": "declaration_of_intent",
            "date": "2025-01",
            "date_note": {"fr": "janvier 2025"},
            "sources": ["city-article"],
        }
    ],
    "deliberations": [{"id": "grenoble-deliberation", "party": "grenoble"}],
    "signature": {
        "date": "2025",
        "date_note": {"fr": "printemps 2025", "en": "spring 2025"},
        "place": {"fr": "Grenoble"},
        "occasion": {"fr": "Biennale des villes en transition"},
        "signatories": [{"party": "grenoble", "office": {"fr": "Maire de Grenoble"}}],
        "sources": ["city-article"],
    },
    "term": {
        "duration": "P3Y",
        "renewal": {"mode": "tacit", "period": "P1Y", "max_renewals": 2},
        "notice_period": "P3M",
    },
    "values": ["international_solidarity", "democracy", "ecological_transition", "human_rights"],
    "objectives": [
        {"id": "obj-skills", "text": {"fr": "Transfert de compétences"}, "axes": ["axis-env"]}
    ],
    "axes": [
        {
            "id": "axis-env",
            "title": {"fr": "Gestion environnementale"},
            "sectors": ["environment", "water_sanitation"],
            "sdg_goals": [6, 11],
            "sdg_targets": ["6.1", "6.a", "11.3"],
        }
    ],
    "actions": [
        {
            "id": "staff-training",
            "title": {"fr": "Formation des agents municipaux"},
            "kind": "training",
            "axes": ["axis-env"],
            "lead_party": "grenoble",
            "participants": ["tiznit"],
            "target_groups": ["municipal_staff"],
            "period": {"start": "2025", "end": "2026-06"},
            "status": "planned",
            "budget": [
                {
                    "funder": "grenoble",
                    "currency": "EUR",
                    "amount": 2500.5,
                    "share": 50,
                    "commitment": "committed",
                    "nature": "in_kind",
                    "period": {"start": "2025"},
                }
            ],
            "expected_results": [{"fr": "Des agents formés"}],
            "indicators": [
                {
                    "id": "ind-trained",
                    "name": {"fr": "Agents formés"},
                    "unit": "people",
                    "baseline": 0,
                    "target": 20,
                    "target_date": "2026-12-31",
                }
            ],
        }
    ],
    "governance": {
        "bodies": [
            {
                "id": "copil",
                "name": {"fr": "Comité de pilotage"},
                "kind": "steering_committee",
                "members": [{"party": "tiznit", "role": "elected_official", "count": 2}],
                "cadence": {
                    "every": "P6M",
                    "rotation": "alternating",
                    "hosts": ["grenoble", "tiznit"],
                    "mode": "hybrid",
                    "first": "2026",
                },
            }
        ],
        "meetings": [
            {
                "id": "copil-2026-10",
                "start": "2026-10-01T10:00",
                "end": "2026-10-01T12:30:00",
                "time_zone": "Europe/Paris",
                "body": "copil",
                "kind": "steering_committee",
                "status": "planned",
                "host": "grenoble",
                "mode": "online",
                "participants": [{"party": "grenoble", "role": "technical_staff", "count": 3}],
                "agenda": [{"fr": "Bilan 2026"}],
                "decisions": [{"text": {"fr": "Programme adopté"}, "actions": ["staff-training"]}],
            }
        ],
    },
    "documents": [
        {
            "id": "press-release",
            "kind": "press_release",
            "title": {"fr": "Grenoble et Tiznit"},
            "url": "https://grenobleencommun.fr/",
            "language": "fr",
            "accessed": "2025-11",
        },
        {
            "id": "city-article",
            "kind": "web_article",
            "title": {"fr": "Grenoble et Tiznit, une coopération tournée vers l'avenir"},
            "publisher": "Ville de Grenoble",
            "date": "2025-11-27",
        },
    ],
    "sources": ["press-release", "city-article"],
    "extensions": {"fr-ddct:atlas_id": 1234, "grenoble:budget": {"code": "048", "open": True}},
}

_DELETE = object()


def _changed(path: str, value: object) -> Json:
    """A copy of FULL with the value at a dotted path (list indices as numbers) set or deleted."""
    document = copy.deepcopy(FULL)
    *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
    node = document
    for key in parents:
        node = node[key]
    if value is _DELETE:
        del node[last]
    else:
        node[last] = value
    return document


INVALID: dict[str, Json] = {
    "missing schema_version": _changed("schema_version", _DELETE),
    "schema_version as a number": _changed("schema_version", 1.0),
    "unknown member": _changed("parties.0.mayor", "x"),
    "misspelt member": _changed("term.duraton", "P3Y"),
    "null for unknown": _changed("summary", None),
    "one party": _changed("parties", FULL["parties"][:1]),
    "unknown instrument kind": _changed("kind", "treaty"),
    "extension without namespace": _changed("extensions", {"budget_code": "1"}),
    "extension with upper-case namespace": _changed("extensions", {"Grenoble:x": "1"}),
    "empty multilingual text": _changed("title", {}),
    "empty text in one language": _changed("title", {"fr": ""}),
    "language key not a tag": _changed("title", {"french": "x", "f": "y"}),
    "month 13": _changed("signature.date", "2025-13"),
    "day 32": _changed("signature.date", "2025-01-32"),
    "year 0000": _changed("signature.date", "0000"),
    "date with time": _changed("signature.date", "2025-01-01T00:00"),
    "date in Arabic-Indic digits": _changed("signature.date", "٢٠٢٥"),
    "zero duration": _changed("term.duration", "P0Y"),
    "duration with time": _changed("term.duration", "PT1H"),
    "empty duration": _changed("term.duration", "P"),
    "meeting time with offset": _changed("governance.meetings.0.start", "2026-10-01T10:00+02:00"),
    "meeting time in UTC": _changed("governance.meetings.0.start", "2026-10-01T08:00Z"),
    "meeting hour 24": _changed("governance.meetings.0.start", "2026-10-01T24:00"),
    "offset as time zone": _changed("governance.meetings.0.time_zone", "+01:00"),
    "abbreviation as time zone": _changed("governance.meetings.0.time_zone", "CET"),
    "country in lower case": _changed("parties.0.country", "fr"),
    "subdivision without country": _changed("parties.0.subdivisions", ["38"]),
    "duplicate subdivision": _changed("parties.0.subdivisions", ["FR-38", "FR-38"]),
    "currency symbol": _changed("actions.0.budget.0.currency", "€"),
    "negative amount": _changed("actions.0.budget.0.amount", -1),
    "amount as text": _changed("actions.0.budget.0.amount", "2500"),
    "share above 100": _changed("actions.0.budget.0.share", 101),
    "goal 18": _changed("axes.0.sdg_goals", [18]),
    "goal as text": _changed("axes.0.sdg_goals", ["6"]),
    "duplicate goal": _changed("axes.0.sdg_goals", [6, 6]),
    "unknown target": _changed("axes.0.sdg_targets", ["6.z"]),
    "target as a number": _changed("axes.0.sdg_targets", [6.1]),
    "sector in camel case": _changed("axes.0.sectors", ["waterSanitation"]),
    "id with a space": _changed("parties.0.id", "ville de grenoble"),
    "id too long": _changed("parties.0.id", "g" * 129),
    "relative url": _changed("parties.0.url", "www.grenoble.fr"),
    "zero people": _changed("governance.bodies.0.members.0.count", 0),
    "unknown status": _changed("governance.meetings.0.status", "done"),
}

VALID: dict[str, Json] = {
    "minimal": MINIMAL,
    "full": FULL,
    "open code not listed": _changed("axes.0.sectors", ["mountain_areas"]),
    "date to the year": _changed("signature.date", "2025"),
    "date to the day": _changed("signature.date", "2025-03-31"),
    "duration mixing units": _changed("term.duration", "P1Y0M6D"),
    "three-part time zone": _changed("parties.0.time_zone", "America/Argentina/Buenos_Aires"),
    "time zone UTC": _changed("parties.0.time_zone", "UTC"),
    "language with script": _changed("languages", ["fr", "ar", "zgh-Tfng"]),
}


@pytest.mark.parametrize("name", list(VALID))
def test_valid_documents(name: str) -> None:
    document = VALID[name]
    errors = [
        f"{e.json_path}: {e.message}" for e in _python_validator(SCHEMA).iter_errors(document)
    ]
    assert errors == []
    assert jsonschema_rs.validator_for(SCHEMA, validate_formats=True).is_valid(document)


@pytest.mark.parametrize("name", list(INVALID))
def test_invalid_documents(name: str) -> None:
    document = INVALID[name]
    assert not _python_validator(SCHEMA).is_valid(document)
    assert not jsonschema_rs.validator_for(SCHEMA, validate_formats=True).is_valid(document)


def test_full_document_uses_every_object_definition() -> None:
    object_defs = {name for name, definition in DEFS.items() if "properties" in definition}
    assert _object_definitions_used(FULL, "Convention") == object_defs


def _object_definitions_used(instance: Json, definition_name: str) -> set[str]:
    """The object definitions an instance exercises, following the schema by hand."""
    definition = DEFS[definition_name]
    used = {definition_name}
    properties: dict[str, Any] = definition.get("properties", {})
    for key, value in instance.items():
        subschema = properties[key]
        target = subschema.get("items", subschema).get("$ref", "").removeprefix("#/$defs/")
        if "properties" not in DEFS.get(target, {}):
            continue
        for item in value if isinstance(value, list) else [value]:
            used |= _object_definitions_used(item, target)
    return used


# ---------------------------------------------------------------- ajv (strict mode)


def _ajv_runner() -> Callable[[list[Path]], subprocess.CompletedProcess[str]] | None:
    node = shutil.which("node")
    if node is None or not (AJV_DIR / "node_modules" / "ajv").is_dir():
        return None

    def run(documents: list[Path]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [node, str(AJV_DIR / "check.mjs"), str(SCHEMA_PATH), *map(str, documents)],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "NODE_NO_WARNINGS": "1"},
        )

    return run


def test_ajv_strict_mode_agrees(tmp_path: Path) -> None:
    run = _ajv_runner()
    if run is None:
        pytest.skip("ajv not installed: run `npm install` in tests/ajv")
    cases = {f"valid {k}": (v, True) for k, v in VALID.items()}
    cases.update({f"invalid {k}": (v, False) for k, v in INVALID.items()})
    paths: dict[str, tuple[str, bool]] = {}
    for i, (name, (document, expected)) in enumerate(cases.items()):
        path = tmp_path / f"{i:03d}.json"
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        paths[str(path)] = (name, expected)
    result = run([Path(p) for p in paths])
    assert result.returncode in {0, 1}, result.stdout + result.stderr
    output = json.loads(result.stdout)
    assert output["strict_warnings"] == []
    verdicts = {r["file"]: r["valid"] for r in output["results"]}
    wrong = [name for f, (name, expected) in paths.items() if verdicts[f] is not expected]
    assert wrong == []


# ---------------------------------------------------------------- keys


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_unexpected_keys_point_at_each_key_with_a_close_match(suffix: str) -> None:
    """Two misspelt keys in one object: a finding each, on the key's own line and
    column, with the allowed key it is closest to."""
    document = _api.to_document(_api.load(REPO / "examples" / "fictional-villebelle-tilelli.yaml"))
    meeting = next(m for m in document["governance"]["meetings"] if "host" in m)
    meeting["hostt"] = meeting.pop("host")
    meeting["Mode"] = "in_person"
    text = _writing.to_json(document) if suffix == ".json" else _writing.to_yaml(document)
    report = _api.validate_text(text, format="json" if suffix == ".json" else "yaml")
    unexpected = {str(f.path[-1]): f for f in report if f.rule == "schema.additionalProperties"}
    assert set(unexpected) == {"hostt", "Mode"}
    assert "(did you mean 'host'?)" in unexpected["hostt"].message
    assert "(did you mean 'mode'?)" in unexpected["Mode"].message
    lines = text.splitlines()
    for key, finding in unexpected.items():
        assert finding.at_key
        assert finding.line is not None
        assert finding.column is not None
        at = lines[finding.line - 1][finding.column - 1 :]
        assert at.startswith(f'"{key}"' if suffix == ".json" else key), (key, at)


def test_suggest_key() -> None:
    assert _schema.suggest_key("hostt", ["body", "host", "mode"]) == "host"
    assert _schema.suggest_key("lead-party", ["lead_party", "participants"]) == "lead_party"
    assert _schema.suggest_key("signed_by", ["duration", "end", "start"]) is None
