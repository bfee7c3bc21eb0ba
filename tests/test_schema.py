"""Machine checks of the published JSON Schema and the codelists (after OCDS's ``jscc``).

The schema in ``schemas/convention.schema.json`` is the contract other cities'
validators and editors use, so it is checked here against the 2020-12 metaschema, the
model (one ``$defs`` entry per attrs class, same field names, same required fields),
the enums in ``_codes.py``, the CSV codelists, and several validators: Python
``jsonschema``, ``jsonschema-rs``, ``check-jsonschema`` and, when installed, ajv in
strict mode (``tests/ajv``). The 1.0 schema is kept beside it (``schemas/1.0/``): every
document it accepts, the 1.1 schema accepts too. The ``Date`` pattern is checked
against the ``edtf`` library on generated strings.
"""

from __future__ import annotations

import calendar
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
import regress
from edtf import parse_edtf
from hypothesis import given, settings
from hypothesis import strategies as st

from citydiplomacy._checking import _api, _schema
from citydiplomacy._domain import _codes, _model
from citydiplomacy._domain._convert import FILE_KEYS
from citydiplomacy._io import _writing

from .strategies import mutated

REPO = Path(__file__).parents[1]
SCHEMAS = REPO / "schemas"
SCHEMA_PATH = SCHEMAS / "convention.schema.json"
SCHEMA_1_0_PATH = SCHEMAS / "1.0" / "convention.schema.json"
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
SCHEMA_1_0: dict[str, Any] = json.loads(SCHEMA_1_0_PATH.read_text(encoding="utf-8"))


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
    assert SCHEMA["$id"] == "https://citydiplomacy.github.io/schema/1.1/convention.schema.json"
    assert SCHEMA["$ref"] == "#/$defs/Convention"
    assert DEFS["SchemaVersion"]["enum"] == ["1.0", "1.1"]
    assert DEFS["Convention"]["properties"]["schema_version"]["$ref"] == "#/$defs/SchemaVersion"
    assert "version 1.1" in SCHEMA["description"]
    assert DEFS["Convention"]["required"] == ["schema_version", "id", "parties"]


def test_the_1_0_schema_is_kept_beside_it() -> None:
    """``schemas/1.0/`` holds the 1.0 contract unchanged, for validators pinned to it."""
    assert SCHEMA_1_0["$id"] == "https://citydiplomacy.github.io/schema/1.0/convention.schema.json"
    assert SCHEMA_1_0["$defs"]["SchemaVersion"]["enum"] == ["1.0"]
    assert "PartialDate" in SCHEMA_1_0["$defs"]
    jsonschema.Draft202012Validator.check_schema(SCHEMA_1_0)
    assert [p.name for p in SCHEMAS.glob("*.json")] == ["convention.schema.json"]


def test_no_partial_date_is_left_and_every_date_field_is_a_date() -> None:
    assert "PartialDate" not in DEFS
    assert "PartialDate" not in json.dumps(SCHEMA)
    old_dates = {
        (name, prop)
        for name, definition in SCHEMA_1_0["$defs"].items()
        for prop, sub in definition.get("properties", {}).items()
        if sub.get("$ref") == "#/$defs/PartialDate"
    }
    assert old_dates
    for name, prop in old_dates:
        assert DEFS[name]["properties"][prop]["$ref"] == "#/$defs/Date", (name, prop)


def test_terminated_on_is_deprecated_and_nothing_else() -> None:
    deprecated = [p for p, node in _walk(SCHEMA) if node.get("deprecated") is True]
    assert deprecated == ["#/$defs/Term/properties/terminated_on"]
    assert "termination.date" in DEFS["Term"]["properties"]["terminated_on"]["description"]


def _present(*names: str) -> dict[str, Any]:
    return {"required": list(names), "properties": dict.fromkeys(names, True)}


@pytest.mark.parametrize(
    ("definition", "keyword", "value"),
    [
        ("Convention", "not", _present("authoritative_language", "authentic_languages")),
        ("Meeting", "anyOf", [_present("start"), _present("date")]),
        ("Meeting", "dependentRequired", {"start": ["time_zone"], "end": ["time_zone"]}),
        (
            "Attendee",
            "anyOf",
            [_present("name"), _present("office"), _present("organisation")],
        ),
        (
            "Participant",
            "anyOf",
            [_present("party"), _present("organisation"), _present("name"), _present("office")],
        ),
        ("BudgetLine", "dependentRequired", {"amount": ["currency"]}),
    ],
)
def test_combined_constraints(definition: str, keyword: str, value: object) -> None:
    """The constraints between members, as the 1.1 specification states them.

    Each ``required`` inside ``anyOf`` or ``not`` declares its members again (as
    ``true``) so that ajv's strictRequired, which does not look at the parent's
    ``properties`` from there (ajv issues 1571 and 1950), accepts the schema.
    """
    assert DEFS[definition][keyword] == value


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


_IN_PLACE = re.compile(r"^(#/\$defs/[A-Za-z]+)/(?:anyOf/[0-9]+|not)$")


def test_every_constraint_has_a_type_beside_it() -> None:
    """ajv's strictTypes: each type-specific keyword sits next to ``type`` (a single type).

    A branch of ``anyOf`` or ``not`` applies to the same value as its definition, whose
    ``type`` ajv carries into it.
    """
    for pointer, node in _walk(SCHEMA):
        if pointer.endswith(("/$defs", "/properties")) or pointer == "#":
            continue
        in_place = _IN_PLACE.match(pointer)
        if in_place:
            assert DEFS[in_place.group(1).removeprefix("#/$defs/")]["type"] == "object"
            assert set(node) <= {"required", "properties"}, pointer
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
            item = subschema["items"].get("$ref", "").removeprefix("#/$defs/")
            if item in object_defs:
                assert "uniqueItems" not in subschema, f"{name}.{prop}"
            else:
                assert subschema.get("uniqueItems") is True, f"{name}.{prop}"


def test_parties_need_at_least_one() -> None:
    """Two local governments are the rule's business (an operator convention has one)."""
    assert DEFS["Convention"]["properties"]["parties"]["minItems"] == 1


@pytest.mark.parametrize(
    ("definition", "prop"),
    [
        ("BudgetLine", "amount"),
        ("BudgetLine", "share"),
        ("Indicator", "baseline"),
        ("Indicator", "target"),
        ("Indicator", "value"),
        ("Money", "amount"),
        ("Quantity", "value"),
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
    keys = FILE_KEYS.get(cls, {})
    assert list(definition["properties"]) == [keys.get(f.name, f.name) for f in fields]
    required = [f.name for f in fields if not _has_default(f)]
    assert definition.get("required", []) == required


@pytest.mark.parametrize("cls", _model_classes(), ids=lambda c: c.__name__)
def test_enum_defaults_are_annotated(cls: type) -> None:
    properties = DEFS[cls.__name__]["properties"]
    keys = FILE_KEYS.get(cls, {})
    for field in _fields(cls):
        default = field.default
        prop = properties[keys.get(field.name, field.name)]
        if isinstance(default, enum.Enum) and default is not attrs.NOTHING:
            assert prop.get("default") == default.value, field.name
        else:
            assert "default" not in prop, field.name


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
        "ProgrammeKind",
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
    # The columns of other languages follow (tests/test_codelist_languages.py).
    assert INDEX_HEADER_READ[: len(INDEX_HEADER)] == INDEX_HEADER
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
    # The columns of other languages follow (tests/test_codelist_languages.py).
    assert header[: len(CODELIST_HEADER)] == CODELIST_HEADER
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

#: The smallest 1.1 document: what identifies it, and the party it names.
MINIMAL_1_1: Json = {
    "schema_version": "1.1",
    "id": "villebelle-association-2024",
    "parties": [{"id": "villebelle", "kind": "local_government", "name": {"fr": "Villebelle"}}],
}

#: A 1.1 document in which every object definition appears at least once.
FULL_1_1: Json = {
    **copy.deepcopy(FULL),
    "schema_version": "1.1",
    "kind": "partnership_agreement",
    "designation": {"fr": "accord-cadre portant jumelage"},
    "title": {"fr": "Accord entre Grenoble et Tiznit"},
    "title_descriptive": True,
    "authentic_languages": ["fr", "ar"],
    "total_budget": {"amount": 150000, "currency": "EUR", "qualifier": "about"},
    "programmes": [
        {
            "id": "call-2024",
            "name": {"fr": "Appel à projets 2024"},
            "kind": "call_for_projects",
            "funder_name": {"fr": "Ministère"},
            "url": "https://example.org/call",
            "period": {"start": "2024", "end": "2026"},
            "note": {"fr": "Deuxième vague"},
            "sources": ["press-release"],
        }
    ],
    "action_count": {"value": 12, "qualifier": "about", "unit": "actions"},
}
del FULL_1_1["authoritative_language"]
FULL_1_1["parties"] = copy.deepcopy(FULL["parties"])
FULL_1_1["parties"][0].update(
    {
        "level_name": {"fr": "commune"},
        "population": [
            {"value": 158000, "qualifier": "more_than", "year": "2021", "scope": {"en": "city"}}
        ],
        "heads": [
            {
                "name": "Jeanne Martin",
                "name_variants": ["J. Martin"],
                "office": {"fr": "Maire"},
                "start": "2020-07",
                "end": "2026~",
            }
        ],
        "former_names": [{"name": {"fr": "Gratianopolis"}, "until": "[..0400]"}],
    }
)
del FULL_1_1["parties"][1]["role"]
FULL_1_1["parties"][1]["successor"] = {
    "name": {"fr": "Nouvelle commune"},
    "date": "2030-01-01",
    "identifiers": [{"scheme": "wikidata", "value": "Q1"}],
}
FULL_1_1["related_instruments"][0].update(
    {
        "relation": "related_to",
        "designation": {"fr": "déclaration d'intention"},
        "parties": ["grenoble"],
        "date": "2025-01?",
        "start": "2025-01",
        "end": "2025-21/..",
        "url": "https://example.org/declaration",
        "note": {"fr": "Texte non publié"},
    }
)
FULL_1_1["deliberations"] = [
    {
        "id": "grenoble-deliberation",
        "party": "grenoble",
        "purpose": "authorise_signature",
        "date": "2025-02-10",
        "date_note": {"fr": "séance du 10 février"},
        "outcome": "adopted",
        "votes": {"in_favour": 40, "against": 3, "abstentions": 2, "not_voting": 0},
    },
    {"id": "tiznit-termination", "party": "tiznit", "purpose": "terminate", "date": "2030-XX"},
]
FULL_1_1["signature"] = {
    **FULL["signature"],
    "date": "2025-21",
    "signatories": [
        {
            "party": "grenoble",
            "name": "Jeanne Martin",
            "name_variants": ["جان مارتان"],
            "office": {"fr": "Maire de Grenoble"},
            "date": "2025-04-02",
            "date_note": {"fr": "à Grenoble"},
            "place": {"fr": "Grenoble"},
        }
    ],
    "witnesses": [{"office": {"fr": "Consul général"}}],
    "attendees": [
        {"name": "Ali Amrani", "organisation": {"fr": "Association X"}, "party": "tiznit"}
    ],
}
FULL_1_1["term"] = {
    **FULL["term"],
    "start": "2025-04-02",
    "start_note": {"fr": "à la dernière signature"},
    "end_note": {"fr": "trois ans"},
    "terminated_on": "2030",
    "termination": {
        "date": "2030",
        "date_note": {"fr": "courant 2030"},
        "decisions": [
            {
                "party": "tiznit",
                "date": "2030-XX",
                "date_note": {"fr": "vote du conseil"},
                "deliberation": "tiznit-termination",
                "reason": {"fr": "Fusion de communes"},
            }
        ],
        "reason": {"fr": "Fusion"},
        "note": {"fr": "Note"},
        "sources": ["press-release"],
    },
    "suspensions": [{"start": "2027-05~", "end": "2027-21", "decisions": [{"party": "grenoble"}]}],
}
FULL_1_1["actions"] = copy.deepcopy(FULL["actions"])
FULL_1_1["actions"][0].update(
    {
        "objectives": ["obj-skills"],
        "status_date": "2025-11",
        "total_budget": {"amount": 5000, "currency": "EUR"},
        "programmes": ["call-2024"],
    }
)
FULL_1_1["actions"][0]["budget"].append(
    {
        "funder_description": {"fr": "autres partenaires"},
        "programme": "call-2024",
        "amount": 1000,
        "amount_qualifier": "at_least",
        "currency": "EUR",
    }
)
FULL_1_1["actions"][0]["indicators"][0].update(
    {
        "baseline_qualifier": "about",
        "target_qualifier": "at_least",
        "value": 14,
        "value_qualifier": "about",
        "value_date": "2026-06",
    }
)
FULL_1_1["governance"] = copy.deepcopy(FULL["governance"])
FULL_1_1["governance"]["bodies"][0]["members"].append(
    {"party": "grenoble", "count": 3, "count_qualifier": "about", "name_variants": []}
)
FULL_1_1["governance"]["meetings"].append(
    {
        "id": "seminar-2023",
        "date": "2023-08-30/2023-09-03",
        "date_note": {"fr": "fin août"},
        "participants": [
            {"organisation": {"fr": "Ambassade"}, "count": 20, "count_qualifier": "more_than"}
        ],
    }
)

_DELETE = object()


def _changed(path: str, value: object, base: Json = FULL) -> Json:
    """A copy of ``base`` with the value at a dotted path (list indices as numbers) set or
    deleted."""
    document = copy.deepcopy(base)
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
    "no party": _changed("parties", []),
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
    # 1.1
    "schema_version 1.2": _changed("schema_version", "1.2"),
    "minimal without parties": {k: v for k, v in MINIMAL_1_1.items() if k != "parties"},
    "minimal without id": {k: v for k, v in MINIMAL_1_1.items() if k != "id"},
    "both language clauses": _changed("authoritative_language", "fr", FULL_1_1),
    "one authentic language": _changed("authentic_languages", ["fr"], FULL_1_1),
    "repeated authentic language": _changed("authentic_languages", ["fr", "fr"], FULL_1_1),
    "descriptive title as text": _changed("title_descriptive", "yes", FULL_1_1),
    "meeting start without zone": _changed("governance.meetings.0.time_zone", _DELETE, FULL_1_1),
    "meeting end without zone": _changed(
        "governance.meetings.1", {"id": "m", "date": "2026", "end": "2026-01-01T10:00"}, FULL_1_1
    ),
    "meeting with neither start nor date": _changed(
        "governance.meetings.1", {"id": "m", "time_zone": "Europe/Paris"}, FULL_1_1
    ),
    "meeting date with time": _changed("governance.meetings.1.date", "2023-08-30T10:00", FULL_1_1),
    "attendee with nothing to say who": _changed(
        "signature.witnesses.0", {"note": {"fr": "x"}}, FULL_1_1
    ),
    "participant with nothing to say who": _changed(
        "governance.meetings.1.participants.0", {"count": 3}, FULL_1_1
    ),
    "unknown quantity qualifier": _changed("action_count.qualifier", "roughly", FULL_1_1),
    "money without currency": _changed("total_budget.currency", _DELETE, FULL_1_1),
    "negative votes": _changed("deliberations.0.votes.against", -1, FULL_1_1),
    "votes as text": _changed("deliberations.0.votes.in_favour", "40", FULL_1_1),
    "population as a decimal": _changed("parties.0.population.0.value", 158000.5, FULL_1_1),
    "unknown deliberation purpose": _changed("deliberations.0.purpose", "vote", FULL_1_1),
    "unknown deliberation outcome": _changed("deliberations.0.outcome", "passed", FULL_1_1),
    "programme without name": _changed("programmes.0.name", _DELETE, FULL_1_1),
    "party decision without party": _changed(
        "term.termination.decisions.0.party", _DELETE, FULL_1_1
    ),
    "officeholder without name": _changed("parties.0.heads.0.name", _DELETE, FULL_1_1),
    "empty name variant": _changed("signature.signatories.0.name_variants", [""], FULL_1_1),
    "programme kind in camel case": _changed("programmes.0.kind", "callForProjects", FULL_1_1),
    "date XXXX alone": _changed("signature.date", "XXXX"),
    "qualified season": _changed("signature.date", "2025-21?"),
    "level 2 season": _changed("signature.date", "2025-25"),
    "interval of nothing": _changed("signature.date", "../.."),
    "date with negative year": _changed("signature.date", "-0500"),
    "date with five-digit year": _changed("signature.date", "Y12025"),
    "set of one date": _changed("signature.date", "[2019]"),
}

VALID: dict[str, Json] = {
    "minimal": MINIMAL,
    "full": FULL,
    "minimal 1.1": MINIMAL_1_1,
    "full 1.1": FULL_1_1,
    "1.1 with 1.0 members only": _changed("schema_version", "1.1"),
    "deprecated terminated_on alone": _changed("term.terminated_on", "2027-06"),
    "operator convention with one party": _changed("parties", FULL["parties"][:1]),
    "meeting by date only": _changed(
        "governance.meetings.0", {"id": "m", "date": "2024-05"}, FULL_1_1
    ),
    "meeting start and date": _changed("governance.meetings.0.date", "2026-10", FULL_1_1),
    "budget line with no funder": _changed("actions.0.budget.0.funder", _DELETE, FULL_1_1),
    "every kind of EDTF date": _changed(
        "governance.meetings",
        [
            {"id": f"m{i}", "date": date}
            for i, date in enumerate(
                [
                    "2019-10-23?",
                    "2016-09~",
                    "2016%",
                    "201X",
                    "20XX",
                    "2022-XX",
                    "2022-XX-XX",
                    "2022-09-XX",
                    "XXXX-09",
                    "XXXX-09-15",
                    "2025-24",
                    "2022-10/..",
                    "../2022",
                    "2022/",
                    "/2022",
                    "2019~/2021?",
                    "[2022-10..]",
                    "[..2019]",
                    "[2019..2021]",
                    "[2019, 2021-06]",
                ]
            )
        ],
        FULL_1_1,
    ),
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
    assert _object_definitions_used(FULL_1_1, "Convention") == object_defs


VALIDATOR_1_0 = jsonschema_rs.validator_for(SCHEMA_1_0, validate_formats=True)


def _valid_1_0(document: Json) -> bool:
    return bool(VALIDATOR_1_0.is_valid(document))


@pytest.mark.parametrize("name", [n for n, d in VALID.items() if _valid_1_0(d)])
def test_documents_valid_under_1_0_stay_valid(name: str) -> None:
    assert VALID[name]["schema_version"] == "1.0"
    assert _schema.is_valid(VALID[name])


@settings(max_examples=150, deadline=None)
@given(mutated(st.sampled_from([MINIMAL, FULL]), min_changes=0, max_changes=3))
def test_every_document_the_1_0_schema_accepts_the_1_1_schema_accepts(document: Json) -> None:
    """Every 1.0 file stays valid: the 1.1 schema only widens the 1.0 one."""
    if _valid_1_0(document):
        assert _schema.is_valid(document)
        assert _schema.reference_is_valid(document)


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


# ---------------------------------------------------------------- the EDTF date pattern

DATE_PATTERN: str = DEFS["Date"]["pattern"]
DATE_RE = re.compile(DATE_PATTERN)
DATE_ECMA = regress.Regex(DATE_PATTERN)

#: Shapes of the supported EDTF subset (format 1.1, section 1), each at least once.
DATES = [
    "2025",
    "2025-01",
    "2025-01-15",
    "0001",
    "0999-12-31",
    "9999-12-31",
    "2023-08-30/2023-09-03",
    "2019-10-23?",
    "2016-09~",
    "2016%",
    "201X",
    "20XX",
    "001X",
    "01XX",
    "2022-XX",
    "2022-XX-XX",
    "2022-09-XX",
    "XXXX-09",
    "XXXX-09-15",
    "2025-21",
    "2025-22",
    "2025-23",
    "2025-24",
    "2022-10/..",
    "../2022",
    "2022/",
    "/2022",
    "2019~/2021?",
    "2019-10-23%/2019-11",
    "2025-21/2025-22",
    "2019/2025-21",
    "2025-21/..",
    "[2022-10..]",
    "[..2019]",
    "[2019..2021]",
    "[2019, 2021-06]",
    "[2019,2021-06]",
    "[..2019, 2021]",
    "[2019, 2020..]",
    "[2019..2021, 2023]",
    "[2019-05..2019-06]",
    "[..2019-10-05]",
    "[2019-10-05..]",
]

#: Shapes outside the subset: the schema refuses them (the message says why).
NOT_DATES = [
    "",
    "0000",
    "000X",
    "00XX",
    "0000-01",
    "0000/2020",
    "[0000, 2020]",
    "XXXX",
    "XXXX-XX",
    "XXXX-09-XX",
    "2XXX",
    "2022-XX-15",
    "2025-13",
    "2025-00",
    "2025-01-00",
    "2025-01-32",
    "2025-1",
    "2025-01-1",
    "25",
    "12025",
    "Y12025",
    "-2025",
    "2025-25",
    "2025-21?",
    "XXXX-09?",
    "201X?",
    "2022-XX?",
    "2022-XX/2023",
    "201X/2021",
    "../..",
    "/",
    "../",
    "/..",
    "2025/2026/2027",
    "[2019]",
    "[2019?]",
    "[201X]",
    "[2025-21]",
    "[]",
    "[..2019..]",
    "[2019..2021-06]",
    "[2019,  2021]",
    "{2019, 2020}",
    "2025-01-01T10:00",
    "2025-01-15 ",
    " 2025",
    "2025\n",
    "٢٠٢٥",
    "2025-21-01",
    "01/03/2025",
]


def test_date_pattern_is_ecma_262_and_python_alike() -> None:
    assert "(?<" not in DATE_PATTERN, "no lookbehind or named group: ECMA-262 and every validator"
    assert "\\d" not in DATE_PATTERN, "\\d matches other digits in some engines: write [0-9]"
    assert DATE_PATTERN.startswith("^")
    assert DATE_PATTERN.endswith("$")


@pytest.mark.parametrize("text", DATES)
def test_date_pattern_accepts(text: str) -> None:
    assert DATE_RE.fullmatch(text)
    assert DATE_ECMA.find(text) is not None
    parse_edtf(text)


@pytest.mark.parametrize("text", NOT_DATES)
def test_date_pattern_refuses(text: str) -> None:
    assert not DATE_RE.fullmatch(text)
    assert DATE_ECMA.find(text) is None
    document = _changed("signature.date", text, FULL_1_1)
    assert not _schema.is_valid(document)
    assert not _schema.reference_is_valid(document)


_DAY = re.compile(r"([0-9]{4}|XXXX)-([0-9]{2})-([0-9]{2})")


def _has_impossible_day(text: str) -> bool:
    """Whether a date text names a day that does not exist (left to the validator's rules)."""
    for year, month, day in _DAY.findall(text):
        if month > "12" or month == "00" or day == "00":
            continue
        leap_year = 2000 if year == "XXXX" else int(year)  # XXXX-02-29 may exist
        last = calendar.monthrange(leap_year, int(month))[1]
        if int(day) > last:
            return True
    return False


@settings(max_examples=200, deadline=None)
@given(st.from_regex(DATE_PATTERN, fullmatch=True))
def test_every_string_the_date_pattern_accepts_the_edtf_library_parses(text: str) -> None:
    """The pattern accepts only EDTF the ``edtf`` library reads, but for impossible days.

    A day that does not exist (``2025-02-30``) passes the pattern and is refused by the
    validator's rules (``date.invalid``); the library refuses it too, except where its
    year is not stated. Every other string the pattern accepts, the library parses, and
    ECMA-262 (the regex dialect of JSON Schema, here ``regress``) agrees with Python.
    """
    assert DATE_ECMA.find(text) is not None
    try:
        parse_edtf(text)
    except Exception:
        assert _has_impossible_day(text), text


def _with_date(text: str) -> Json:
    return _changed("signature.date", text, FULL_1_1)


# ---------------------------------------------------------------- messages (_schema.py)


@pytest.mark.parametrize(
    ("document", "rule", "path", "words"),
    [
        (
            _changed("authoritative_language", "fr", FULL_1_1),
            "schema.not",
            (),
            "'authoritative_language' and 'authentic_languages' cannot both be given",
        ),
        (
            _changed("governance.meetings.1", {"id": "m"}, FULL_1_1),
            "schema.anyOf",
            ("governance", "meetings", 1),
            "at least one of 'start' or 'date' is required",
        ),
        (
            _changed("signature.witnesses.0", {"note": {"fr": "x"}}, FULL_1_1),
            "schema.anyOf",
            ("signature", "witnesses", 0),
            "at least one of 'name', 'office' or 'organisation' is required",
        ),
        (
            _changed("governance.meetings.0.time_zone", _DELETE, FULL_1_1),
            "schema.dependentRequired",
            ("governance", "meetings", 0),
            "'time_zone' is required when 'start' or 'end' is given",
        ),
        (
            _changed(
                "governance.meetings.1",
                {"id": "m", "date": "2026", "end": "2026-01-01T10:00"},
                FULL_1_1,
            ),
            "schema.dependentRequired",
            ("governance", "meetings", 1),
            "'time_zone' is required when 'end' is given",
        ),
        (_with_date("XXXX"), "schema.pattern", ("signature", "date"), "leave the date out"),
        (_with_date("0000"), "schema.pattern", ("signature", "date"), "supported range"),
        (_with_date("-0500"), "schema.pattern", ("signature", "date"), "four digits"),
        (_with_date("2025-01-15T10:00"), "schema.pattern", ("signature", "date"), "time of day"),
        (_with_date("2025-21?"), "schema.pattern", ("signature", "date"), "not a season"),
        (_with_date("01/03/2025"), "schema.pattern", ("signature", "date"), "'2025-03-31'"),
    ],
)
def test_findings_say_what_to_do(
    document: Json, rule: str, path: tuple[str | int, ...], words: str
) -> None:
    findings = _schema.schema_findings(document)
    assert [(f.rule, f.path) for f in findings] == [(rule, path)]
    assert words in findings[0].message


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
