"""The semantic rules: registry, language tags, agreement with the model and terms.

Each rule also has a negative example file (``tests/example-files/negative``); this
module checks what example files cannot show well: the registry is complete, the
grammar of language tags, the rules agree with the model's limits and the term
computations, and they never raise on any JSON value.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import types
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import citydiplomacy as cd
from citydiplomacy._base._report import Severity, format_path
from citydiplomacy._checking import _schema
from citydiplomacy._checking._api import from_document
from citydiplomacy._checking._rules import (
    EXTENSION_RULES,
    PORTFOLIO_RULES,
    REFERENCES,
    RULES,
    SEMANTIC_RULES,
    UNRESOLVED_REFERENCES,
    is_well_formed_language_tag,
    rule_findings,
)
from citydiplomacy._checking._rules import _engine as _rules
from citydiplomacy._domain._convert import check_decimal
from citydiplomacy._domain._values import decimal_problem
from citydiplomacy._io import _reading
from citydiplomacy._time._terms import term_span

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "example-files" / "positive" / "every-class.yaml"


def _example() -> dict[str, Any]:
    document = _reading.read_path(EXAMPLE)[1]
    assert isinstance(document, dict)
    return document


def _rules_of(document: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f.rule, format_path(f.path)) for f in rule_findings(document)]


# ------------------------------------------------------------------ the registry


def test_registry_is_sorted_and_complete() -> None:
    assert list(RULES) == sorted(RULES)
    for rule in SEMANTIC_RULES:
        assert RULES[rule.id] is rule
    for info in RULES.values():
        assert info.summary.endswith("."), info.id
        assert info.fix.endswith("."), info.id
        assert (
            info.family in {"read", "schema", "model", "internal"}
            or info in SEMANTIC_RULES
            or info in PORTFOLIO_RULES
            or info in EXTENSION_RULES
        )


def test_every_read_rule_is_documented() -> None:
    documented = {i for i in RULES if i.startswith("read.")}
    assert documented == set(_reading.READ_RULES)
    for rule_id in _reading.READ_RULES:
        assert RULES[rule_id].summary != "The file could not be read.", rule_id


_SCHEMA_MAPS = {"properties", "$defs", "patternProperties", "dependentSchemas"}
_SCHEMA_VALUES = {"items", "additionalProperties", "propertyNames", "not", "contains"}
_SCHEMA_LISTS = {"allOf", "anyOf", "oneOf", "prefixItems"}


def _keywords(schema: object) -> set[str]:
    """Every keyword used in a schema and its subschemas (not inside annotations)."""
    if not isinstance(schema, dict):
        return set()
    found = set(schema)
    for key, value in schema.items():
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            for sub in value.values():
                found |= _keywords(sub)
        elif key in _SCHEMA_VALUES:
            found |= _keywords(value)
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            for sub in value:
                found |= _keywords(sub)
    return found


def test_every_assertion_keyword_of_the_schema_has_a_schema_rule() -> None:
    annotations = {"$schema", "$id", "$ref", "$defs", "$comment", "title", "description"}
    annotations |= {"examples", "default", "items", "properties", "deprecated"}
    # Editor-only annotations (scripts/editor_annotations.py); validators ignore them.
    annotations |= {"markdownDescription", "markdownEnumDescriptions", "defaultSnippets"}
    for keyword in _keywords(_schema.schema()) - annotations:
        assert f"schema.{keyword}" in RULES, keyword


def test_semantic_rule_ids_are_kebab_case_and_prefixed() -> None:
    # Words in lower case joined by hyphens; a word may be a number or a version (1.1).
    for rule in SEMANTIC_RULES:
        family, _, name = rule.id.partition(".")
        assert re.fullmatch(r"[a-z]+", family), rule.id
        assert re.fullmatch(r"[a-z]+(?:-(?:[a-z]+|[0-9]+(?:\.[0-9]+)*))*", name), rule.id


def test_every_semantic_rule_has_a_negative_example_file() -> None:
    covered = set()
    for expected in (ROOT / "tests" / "example-files" / "negative").glob("*.expected.json"):
        covered |= {e["rule"] for e in json.loads(expected.read_text("utf-8"))}
    assert {r.id for r in SEMANTIC_RULES} <= covered


# ------------------------------------------------------------------ what the rules read


def test_every_reference_of_the_schema_is_resolved_or_knowingly_not() -> None:
    defs = _schema.schema()["$defs"]
    found = set()
    for name, definition in defs.items():
        for prop, sub in definition.get("properties", {}).items():
            target = sub.get("items", sub) if sub.get("type") == "array" else sub
            if target.get("$ref") == "#/$defs/IdRef" and prop != "sources":
                found.add((name, prop))
    assert found == set(REFERENCES) | set(UNRESOLVED_REFERENCES)


def test_open_codelists_are_read_from_the_schema_and_index() -> None:
    layout = _rules._layout()
    assert set(layout.open_codelists.values()) == {
        "government-levels",
        "sectors",
        "action-kinds",
        "target-groups",
        "meeting-kinds",
        "body-kinds",
        "document-kinds",
        "identifier-schemes",
        "shared-values",
        "programme-kinds",
    }
    used = {field.kind for fields in layout.objects.values() for field in fields.values()} & set(
        layout.open_codelists
    )
    assert used == set(layout.open_codelists)
    for codelist in layout.open_codelists.values():
        assert _rules.codelist_codes(codelist)


def test_schema_patterns_compile_for_python() -> None:
    for kind, pattern in _rules._layout().patterns.items():
        assert pattern is not None, kind
        assert _rules._pattern(kind) is not None, kind


@pytest.mark.parametrize("standard", sorted(_rules._ISO_FILES))
def test_iso_codes_read_by_pattern_agree_with_the_json(standard: str) -> None:
    file, field = _rules._ISO_FILES[standard]
    path = _rules._package_dir("pycountry") / "databases" / file
    entries = json.loads(path.read_text("utf-8"))[standard]
    codes = {entry[field] for entry in entries}
    assert _rules._iso_codes(standard) - _rules._USER_ASSIGNED_COUNTRIES == codes
    assert len(codes) > 150


# ------------------------------------------------------------------ language tags

WELL_FORMED = [
    "fr",
    "FR",
    "zgh-Tfng",
    "es-419",
    "sr-Latn-RS",
    "de-CH-1996",
    "sl-rozaj-biske-1994",
    "zh-yue-HK",
    "abc-def-ghi-jkl",
    "en-US-u-islamcal",
    "en-a-bbb-x-a-ccc",
    "qaa-Qaaa-QM-x-southern",
    "x-whatever",
    "en-GB-oed",
    "i-klingon",
    "zh-min-nan",
    "art-lojban",
    "tlh",
    "abcdefgh",
]
MALFORMED = [
    "",
    "f",
    "fr-",
    "-fr",
    "fr--FR",
    "fr-FR-FR",
    "en-a",
    "en-x",
    "en-a-b",
    "abc-def-ghi-jkl-mno",
    "abcdefghi",
    "de-1996-",
    "en_US",
    "fr FR",
    "\u212aa",  # KELVIN SIGN lower-cases to an ASCII k
    "fr-Latn-Latn",
    "1",
]


@pytest.mark.parametrize("tag", WELL_FORMED)
def test_well_formed_language_tags(tag: str) -> None:
    assert is_well_formed_language_tag(tag)


@pytest.mark.parametrize("tag", MALFORMED)
def test_malformed_language_tags(tag: str) -> None:
    assert not is_well_formed_language_tag(tag)


def test_long_language_tags_are_checked_quickly() -> None:
    tag = "en" + "-abcde" * 10_000 + "-"
    assert not is_well_formed_language_tag(tag)


def test_tags_the_schema_rejects_are_left_to_the_schema() -> None:
    document = _example()
    document["languages"] = ["fr", "x-private", "english"]
    assert ("language.malformed", "$.languages[1]") not in _rules_of(document)
    assert ("language.malformed", "$.languages[2]") not in _rules_of(document)


def test_authoritative_language_matches_extended_tags() -> None:
    document = _example()
    document["authoritative_language"] = "fr-FR"
    assert not [r for r, _ in _rules_of(document) if r == "language.missing-authoritative"]


# ------------------------------------------------------------------ agreement


@given(
    st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(
        lambda d: abs(d.adjusted()) < 40
    )
)
def test_number_limits_agree_with_the_model(number: Decimal) -> None:
    try:
        check_decimal(number)
    except (ValueError, ArithmeticError):
        assert decimal_problem(number) is not None
    else:
        assert decimal_problem(number) is None


@pytest.mark.parametrize(
    ("amount", "loadable"), [(10**14, True), (10**20, False), (123.4567, True), (1.23456, False)]
)
def test_validate_and_load_agree_on_large_and_precise_amounts(
    amount: float, loadable: bool
) -> None:
    document = cd.to_document(cd.load(ROOT / "examples" / "fictional-villebelle-tilelli.yaml"))
    document["actions"][0]["budget"][0]["amount"] = amount
    report = cd.validate_document(document)
    assert report.valid is loadable
    assert any(f.rule == "number.too-precise" for f in report.findings) is not loadable
    if loadable:
        cd.from_document(document)
    else:
        with pytest.raises(cd.ConventionError, match=r"number\.too-precise"):
            cd.from_document(document)


def test_term_bounds_follow_the_terms_module() -> None:
    cases = [
        {"start": "2025-03-01", "duration": "P3Y"},
        {"start": "2025-01-31", "duration": "P1M", "renewal": {"mode": "tacit", "max_renewals": 2}},
        {
            "start": "2025",
            "end": "2027-06",
            "renewal": {"mode": "tacit", "period": "P1Y", "max_renewals": 1},
        },
        {
            "start": "2025-03-01",
            "end": "2026-02-28",
            "renewal": {"mode": "explicit", "period": "P6M"},
        },
        {"start": "2025-03-01", "duration": "P2Y", "terminated_on": "2026-05"},
        {"start": "2025-03-01", "duration": "P2Y", "renewal": {"mode": "none"}},
    ]
    for term in cases:
        document = _example()
        document["term"] = term
        document["related_instruments"] = [{"relation": "renewed_by", "instrument": "renewal-1"}]
        convention = from_document(document)
        _, last = term_span(convention)
        checker = _rules._Checker(document)
        _, mine, _ = checker._term_bounds()
        assert (last.latest if last is not None else None) == mine, term
    # One deliberate difference: a renewal the file grants without saying how long it
    # lasts. term_span leaves it out; for "certainly outside the term" it means no end.
    document = _example()
    document["term"] = {"start": "2025-03-01", "end": "2026-02-28", "renewal": {"mode": "explicit"}}
    document["related_instruments"] = [{"relation": "renewed_by", "instrument": "renewal-1"}]
    assert _rules._Checker(document)._term_bounds()[1] is None


@given(
    st.recursive(
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.floats(allow_nan=False),
            st.text(max_size=12),
            st.sampled_from(
                [
                    "2025-02-30",
                    "2025",
                    "fr",
                    "Europe/Paris",
                    "6.1",
                    "2026-03-22T02:30",
                    "2025-21",
                    "2022-10/..",
                    "1.0",
                    "UK",
                    "FR-99",
                    "fra-UK",
                    "implements",
                    "approve",
                    "partnership_agreement",
                ]
            ),
        ),
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "id",
                        "parties",
                        "term",
                        "start",
                        "end",
                        "actions",
                        "governance",
                        "meetings",
                        "budget",
                        "share",
                        "period",
                        "axes",
                        "sdg_targets",
                        "time_zone",
                        "title",
                        "fr",
                        "kind",
                        "party",
                        "signature",
                        "date",
                        "languages",
                        "authoritative_language",
                        "schema_version",
                        "designation",
                        "termination",
                        "terminated_on",
                        "suspensions",
                        "purpose",
                        "related_instruments",
                        "relation",
                        "instrument",
                        "country",
                        "subdivisions",
                        "currency",
                        "programmes",
                        "heads",
                        "authentic_languages",
                    ]
                )
                | st.text(max_size=6),
                inner,
                max_size=5,
            )
        ),
        max_leaves=30,
    )
)
def test_rules_never_raise_on_any_json(value: Any) -> None:
    document = value if isinstance(value, dict) else {"parties": value}
    rule_findings(document)


@given(st.data())
def test_rules_never_raise_on_a_mangled_example(data: st.DataObject) -> None:
    document = _example()
    junk: st.SearchStrategy[Any] = st.one_of(
        st.none(), st.booleans(), st.integers(), st.text(max_size=5), st.just([])
    )
    for _ in range(data.draw(st.integers(1, 6))):
        node: Any = document
        while isinstance(node, (dict, list)) and node and data.draw(st.booleans()):
            key = data.draw(
                st.sampled_from(list(node) if isinstance(node, dict) else range(len(node)))
            )
            if not isinstance(node[key], (dict, list)):
                break
            node = node[key]
        if isinstance(node, dict) and node:
            node[data.draw(st.sampled_from(sorted(node)))] = data.draw(junk)
        elif isinstance(node, list) and node:
            node[data.draw(st.integers(0, len(node) - 1))] = data.draw(junk)
    rule_findings(copy.deepcopy(document))


# ------------------------------------------------------------------ behaviour details


def test_reduced_precision_dates_overlapping_give_no_finding() -> None:
    document = _example()
    document["deliberations"][0]["date"] = "2025"
    document["signature"]["date"] = "2025-03"
    document["term"]["start"] = "2025"
    assert not [r for r, _ in _rules_of(document) if r.startswith("date.")]


def test_certainly_out_of_order_reduced_dates_are_reported() -> None:
    document = _example()
    document["deliberations"][0]["date"] = "2025-04"
    document["deliberations"][0]["purpose"] = "approve"
    assert ("date.order", "$.deliberations[0].date") in _rules_of(document)


def test_actions_of_another_instrument_are_not_held_to_this_term() -> None:
    document = _example()
    document["actions"][0]["period"] = {"start": "2019", "end": "2040"}
    assert ("term.action-outside", "$.actions[0].period.start") in _rules_of(document)
    document["actions"][0]["instrument"] = "villebelle-tilelli-declaration-2024"
    assert not [r for r, _ in _rules_of(document) if r == "term.action-outside"]


def test_unlimited_tacit_renewal_has_no_last_day() -> None:
    document = _example()
    document["term"]["renewal"] = {"mode": "tacit"}
    document["governance"]["meetings"][1]["start"] = "2090-01-01T10:00"
    assert not [r for r, _ in _rules_of(document) if r == "term.meeting-outside"]


def test_daily_renewals_for_centuries_cost_nothing() -> None:
    document = _example()
    document["term"]["renewal"] = {"mode": "tacit", "period": "P1D", "max_renewals": 10**9}
    document["governance"]["meetings"][1]["start"] = "9999-01-01T10:00"
    rule_findings(document)


def test_shares_are_added_exactly_and_per_period() -> None:
    document = _example()
    budget = document["actions"][0]["budget"]
    for line, share in zip(budget, (40.4, 33.34, 26.26), strict=True):
        line["share"] = share
        line.pop("period", None)
    assert 40.4 + 33.34 + 26.26 > 100  # floating point would report it
    assert not [r for r, _ in _rules_of(document) if r == "budget.shares-over-100"]
    budget[0]["period"] = {"start": "2025"}
    budget[1]["period"] = {"start": "2026"}
    budget[0]["share"] = budget[1]["share"] = 80
    assert not [r for r, _ in _rules_of(document) if r == "budget.shares-over-100"]


def test_meeting_across_a_backward_clock_change_is_not_reversed() -> None:
    document = _example()
    meeting = document["governance"]["meetings"][0]
    meeting.update(time_zone="Europe/Paris", start="2025-10-26T02:50", end="2025-10-26T02:10")
    found = _rules_of(document)
    assert ("meeting.end-before-start", "$.governance.meetings[0].end") not in found
    assert ("meeting.ambiguous-time", "$.governance.meetings[0].start") in found


def test_references_into_a_broken_list_are_not_reported() -> None:
    document = _example()
    document["parties"][0] = "villebelle"
    assert not [
        r for r, _ in _rules_of(document) if r in {"ref.unresolved", "signatory.unknown-party"}
    ]


def test_a_date_the_schema_rejects_is_not_reported_twice() -> None:
    document = _example()
    document["signature"]["date"] = "2025-13-01"
    assert not [r for r, _ in _rules_of(document) if r == "date.invalid"]


def test_severities_come_from_the_registry() -> None:
    document = _example()
    document["axes"][0]["sdg_targets"].append("11.3")
    document["signature"]["date"] = "2025-02-30"
    for finding in rule_findings(document):
        assert finding.severity is RULES[finding.rule].severity
    assert RULES["sdg.target-goal-mismatch"].severity is Severity.WARNING


def test_the_valid_example_has_no_finding_on_every_run() -> None:
    # The value caches must not change an answer from one run to the next.
    document = _example()
    for _ in range(5):
        assert rule_findings(document) == []


def test_zone_suggestions_use_the_party_country() -> None:
    document = _example()
    document["parties"][1]["time_zone"] = "Africa/Tiznit"
    messages = [f.message for f in rule_findings(document) if f.rule == "timezone.unknown"]
    assert messages
    assert "Africa/Casablanca" in messages[0]


def test_dates_are_compared_by_day_not_by_text() -> None:
    assert _rules._partial_date("2025-02-28") is not None
    assert _rules._partial_date("2025-02-29") is None
    assert _rules._shift(dt.date(2025, 1, 31), (0, 1, 0, 0)) == dt.date(2025, 2, 28)
    assert _rules._shift(dt.date(9999, 1, 1), (1, 0, 0, 0)) is None


# ------------------------------------------------------------------ the walk and its caches


def test_the_walk_plan_covers_every_property_a_rule_reads() -> None:
    layout = _rules._layout()
    steps = _rules._steps()
    checked = set(_rules._LEAF_MODES) | set(layout.objects) | set(layout.open_codelists)
    for kind, fields in layout.objects.items():
        for key, field in fields.items():
            if field.kind in checked or field.many:
                assert key in steps[kind], (kind, key)
                many, min_items, mode, _arg = steps[kind][key]
                assert (many, min_items) == (field.many, field.min_items)
                assert mode != _rules._NONE or field.many, (kind, key)
            else:
                assert key not in steps[kind], (kind, key)


def test_value_caches_stay_bounded_and_keep_their_answers() -> None:
    # Far more distinct dates than the caches hold, then a wrong one at the very end:
    # the caches are cleared as they fill, and nothing is lost on the way.
    document = _example()
    template = document["actions"][0]
    count = _rules._CACHE_LIMIT + 500
    actions = []
    for n in range(count):
        action = copy.deepcopy(template)
        action["id"] = f"bulk-action-{n}"
        action.pop("instrument", None)
        year, month = 1000 + n // 12, n % 12 + 1
        action["period"] = {"start": f"{year:04d}-{month:02d}", "end": f"{year:04d}-{month:02d}"}
        actions.append(action)
    actions[-1]["period"] = {"start": "2025-03-01", "end": "2025-02-30"}
    actions[-2]["period"] = {"start": "2025-03", "end": "2025-02"}
    document["actions"] = actions
    document.pop("term", None)
    found = _rules_of(document)
    last = len(actions) - 1
    assert ("date.invalid", f"$.actions[{last}].period.end") in found
    assert ("date.order", f"$.actions[{last - 1}].period.end") in found
    for cache in (_rules._BOUNDS, _rules._DATE_PROBLEMS, _rules._ACCEPTS):
        assert 0 < len(cache) <= _rules._CACHE_LIMIT
    # Asked again, with the caches warm, the answers are the same.
    assert _rules_of(document) == found


def test_the_same_value_gives_the_same_finding_from_the_cache() -> None:
    document = _example()
    document["signature"]["date"] = "2025-02-30"
    document["actions"][0]["budget"][0]["amount"] = 0.00001
    first = _rules_of(document)
    assert ("date.invalid", "$.signature.date") in first
    assert ("number.too-precise", "$.actions[0].budget[0].amount") in first
    assert _rules_of(document) == first


def test_mappings_that_are_not_json_objects_are_skipped() -> None:
    # The rules read JSON values (dict, list, ...), as the reading layer gives; the
    # schema reports any other type (jsonschema-rs refuses a mappingproxy outright).
    document = _example()
    document["title"] = types.MappingProxyType({"fr": "   "})
    assert ("content.empty", "$.title.fr") not in _rules_of(document)
    assert rule_findings(types.MappingProxyType(document)) == []


def test_a_repeated_id_is_reported_where_it_repeats_in_the_file() -> None:
    # The walk visits properties in the schema's order; "first" is the file's order.
    document = _example()
    document["actions"][0]["id"] = document["parties"][0]["id"]
    reordered = {"actions": document.pop("actions"), **document}
    found = [f for f in rule_findings(reordered) if f.rule == "id.duplicate"]
    assert [format_path(f.path) for f in found] == ["$.parties[0].id"]
    assert "an action at $.actions[0]" in found[0].message
    in_order = document | {"actions": reordered["actions"]}
    found = [f for f in rule_findings(in_order) if f.rule == "id.duplicate"]
    assert [format_path(f.path) for f in found] == ["$.actions[0].id"]


def test_every_object_kind_has_a_walker() -> None:
    walkers = _rules._walkers()
    assert set(walkers) == set(_rules._layout().objects)
    for kind, steps in _rules._steps().items():
        assert walkers[kind].__name__ == f"walk_{kind}"
        for key in steps:
            assert key in _rules._PLANS[kind] or steps[key][1] > 0, (kind, key)


# ------------------------------------------------------------------ format 1.1


def _v11() -> dict[str, Any]:
    """The example as a 1.1 file (so that 1.1 members give no version.needs-1.1)."""
    document = _example()
    document["schema_version"] = "1.1"
    return document


def _found(document: dict[str, Any], rule: str) -> list[str]:
    return [path for r, path in _rules_of(document) if r == rule]


@pytest.mark.parametrize(
    ("deliberation", "signature", "reported"),
    [
        ("2025-21", "2025-04-10", False),  # spring 2025 may be before 10 April
        ("2025-23", "2025-21", True),  # autumn is certainly after spring
        ("2025-06-01?", "2025-03-01", False),  # uncertain: may be a year earlier
        ("2027-05-01?", "2025-03-01", True),  # even a year earlier is after
        ("XXXX-09", "2025-03-01", False),  # any September of any year
        ("2025-03-XX", "2025-03-01", False),  # any day of March 2025
        ("2025-04-XX", "2025-03-31", True),
        ("[2019, 2026]", "2025-03-01", False),  # one of: 2026 would be after, 2019 not
        ("2025-04/..", "2025-03-01", True),  # an interval from April 2025 on
        ("../2025-04", "2025-03-01", False),
    ],
)
def test_edtf_dates_are_out_of_order_only_when_certainly(
    deliberation: str, signature: str, reported: bool
) -> None:
    document = _v11()
    document["deliberations"][0].update(date=deliberation, purpose="approve")
    document["signature"]["date"] = signature
    document["term"]["start"] = signature
    assert bool(_found(document, "date.order")) is reported


@pytest.mark.parametrize(
    ("purpose", "reported"),
    [("approve", True), ("authorise_signature", True), ("terminate", False), (None, False)],
)
def test_only_approvals_must_come_before_the_signature(purpose: str | None, reported: bool) -> None:
    # A 2019 vote terminating a 2016 agreement is not out of order.
    document = _v11()
    document["signature"]["date"] = "2016-05-12"
    document["term"]["start"] = "2016-06"
    document["deliberations"][0]["date"] = "2019-11-04"
    if purpose is not None:
        document["deliberations"][0]["purpose"] = purpose
    assert bool(_found(document, "date.order")) is reported


def test_a_date_that_is_not_real_says_how_to_write_what_is_known() -> None:
    document = _v11()
    document["signature"]["date"] = "2025-02-30"
    messages = [f.message for f in rule_findings(document) if f.rule == "date.invalid"]
    assert len(messages) == 1
    assert "2025-02" in messages[0]
    assert "2025-21 for spring 2025" in messages[0]


@pytest.mark.parametrize("value", ["2025-21", "2019-10-23?", "201X", "2023-08-30/2023-09-03"])
def test_dates_of_the_edtf_subset_are_valid(value: str) -> None:
    document = _v11()
    document["signature"]["date"] = value
    assert not _found(document, "date.invalid")


def test_termination_and_terminated_on_must_agree() -> None:
    document = _v11()
    document["term"]["termination"] = {"date": "2026-06-30"}
    document["term"]["terminated_on"] = "2026"  # may be the same day: no finding
    assert not _found(document, "term.termination-mismatch")
    document["term"]["terminated_on"] = "2027-01-15"
    assert _found(document, "term.termination-mismatch") == ["$.term.terminated_on"]
    # Either cuts the term: a meeting after it is outside.
    del document["term"]["terminated_on"]
    document["governance"]["meetings"][1]["start"] = "2026-10-01T10:00"
    assert "$.governance.meetings[1].start" in _found(document, "term.meeting-outside")


def test_meetings_known_by_date_only() -> None:
    document = _v11()
    meeting = document["governance"]["meetings"][0]
    for key in ("start", "end"):
        meeting.pop(key, None)
    meeting["date"] = "2024"  # the term starts 2025-03-01: certainly before
    assert _found(document, "term.meeting-outside") == ["$.governance.meetings[0].date"]
    meeting["date"] = "2025-21"  # spring 2025: may be after the start
    assert not _found(document, "term.meeting-outside")
    # No wall time, no wall-time rule, whatever the zone says.
    meeting["time_zone"] = "Europe/Grenoble"
    assert not [r for r, _ in _rules_of(document) if r.startswith(("meeting.", "timezone."))]
    meeting["start"] = "2025-04-15T10:00"
    assert _found(document, "timezone.unknown") == ["$.governance.meetings[0].time_zone"]


@pytest.mark.parametrize(
    ("date", "reported"),
    [
        ("2025-04-15", False),
        ("2025-04", False),
        ("2025-04-14/2025-04-16", False),
        ("2025-04-16/2025-04-18", True),
        ("2025-05", True),
        ("2025-21", False),
    ],
)
def test_a_meeting_date_contains_its_start(date: str, reported: bool) -> None:
    document = _v11()
    meeting = document["governance"]["meetings"][0]
    assert meeting["start"].startswith("2025-04-15T")
    meeting["date"] = date
    found = _found(document, "meeting.date-mismatch")
    assert found == (["$.governance.meetings[0].date"] if reported else [])


def test_an_operating_convention_links_the_cooperation_it_implements() -> None:
    document = _v11()
    document["parties"][1]["kind"] = "association"
    assert _found(document, "party.too-few-local-governments") == ["$.parties"]
    message = next(
        f.message for f in rule_findings(document) if f.rule == "party.too-few-local-governments"
    )
    assert "relation: implements" in message
    document["related_instruments"].append(
        {"relation": "implements", "instrument": "villebelle-tilelli-cooperation"}
    )
    assert not _found(document, "party.too-few-local-governments")


def test_new_references_resolve() -> None:
    document = _v11()
    document["objectives"][0]["id"] = "safe-water"
    document["programmes"] = [
        {"id": "paris-fund", "name": {"fr": "Fonds"}, "funder": "villebele"},
    ]
    action = document["actions"][0]
    action["objectives"] = ["safe-watr"]
    action["programmes"] = ["paris-fund", "lyon-fund"]
    action["budget"][0]["programme"] = "paris-fund"
    document["signature"]["witnesses"] = [{"name": "A. Witness", "party": "tilelli"}]
    document["related_instruments"][0]["parties"] = ["villebelle", "nowhere"]
    document["term"]["termination"] = {
        "decisions": [{"party": "tilelli", "deliberation": "villebelle-councl"}]
    }
    found = {format_path(f.path): f.message for f in rule_findings(document)}
    unresolved = {
        format_path(f.path) for f in rule_findings(document) if f.rule == "ref.unresolved"
    }
    assert unresolved == {
        "$.programmes[0].funder",
        "$.actions[0].objectives[0]",
        "$.actions[0].programmes[1]",
        "$.related_instruments[0].parties[1]",
        "$.term.termination.decisions[0].deliberation",
    }
    assert "did you mean 'safe-water'" in found["$.actions[0].objectives[0]"]
    assert "a funding programme" in found["$.actions[0].programmes[1]"]
    deliberation = document["deliberations"][0]["id"]
    assert repr(deliberation) in found["$.term.termination.decisions[0].deliberation"]


def test_a_programme_id_is_unique_in_the_file() -> None:
    document = _v11()
    document["programmes"] = [{"id": document["parties"][0]["id"], "name": {"fr": "Fonds"}}]
    assert _found(document, "id.duplicate") == ["$.programmes[0].id"]


def test_a_1_0_file_using_1_1_gets_one_finding_at_the_first_use() -> None:
    document = _example()
    assert document["schema_version"] == "1.0"
    assert not _found(document, "version.needs-1.1")
    document["signature"]["date"] = "2025-21"
    document["actions"][0]["period"]["end"] = "2027~"
    found = [f for f in rule_findings(document) if f.rule == "version.needs-1.1"]
    assert [format_path(f.path) for f in found] == ["$.signature.date"]
    assert "'2025-21'" in found[0].message
    assert "1 other use" in found[0].message
    assert "citydiplomacy upgrade" in found[0].message
    document["schema_version"] = "1.1"
    assert not _found(document, "version.needs-1.1")


def test_the_1_1_additions_are_computed_from_the_two_schemas() -> None:
    since = _rules._since_1_0()
    assert "designation" in since["Convention"].members
    assert "date" in since["Meeting"].members
    assert "schema_version" not in since["Convention"].members
    assert "partnership_agreement" in since["Convention"].codes["kind"]
    document = _example()
    document["designation"] = {"fr": "accord-cadre portant jumelage"}
    document["kind"] = "partnership_agreement"
    found = [f for f in rule_findings(document) if f.rule == "version.needs-1.1"]
    # The first in the file: kind comes before designation.
    assert [format_path(f.path) for f in found] == ["$.kind"]
    assert "'partnership_agreement'" in found[0].message


@pytest.mark.parametrize(
    ("key", "value", "rule", "hint"),
    [
        ("country", "UK", "code.unknown-country", "'GB'"),
        ("country", "QQ", "code.unknown-country", "two-letter code"),
        ("subdivisions", ["FR-99"], "code.unknown-subdivision", "codes of FR"),
        ("subdivisions", ["MA-TIZZ"], None, ""),  # the schema's pattern refuses it
    ],
)
def test_country_and_subdivision_codes_are_real(
    key: str, value: Any, rule: str | None, hint: str
) -> None:
    document = _v11()
    document["parties"][0][key] = value
    found = [f for f in rule_findings(document) if f.rule.startswith("code.")]
    if rule is None:
        assert not found
        return
    assert [f.rule for f in found] == [rule]
    assert hint in found[0].message


def test_codes_of_the_real_lists_pass() -> None:
    document = _v11()
    document["parties"][1]["subdivisions"] = ["MA-09", "MA-TIZ"]
    document["parties"][0]["country"] = "XK"  # user-assigned, for Kosovo
    document["parties"][0].pop("subdivisions")
    document["actions"][0]["budget"][0]["currency"] = "XOF"
    assert not [r for r, _ in _rules_of(document) if r.startswith(("code.", "subdivision."))]


def test_a_subdivision_of_another_country_is_still_a_mismatch() -> None:
    document = _v11()
    document["parties"][1]["subdivisions"] = ["FR-38"]
    assert _found(document, "subdivision.country-mismatch") == ["$.parties[1].subdivisions[0]"]
    assert not _found(document, "code.unknown-subdivision")


def test_currency_codes_are_real() -> None:
    document = _v11()
    document["actions"][0]["budget"][0]["currency"] = "DHS"
    assert _found(document, "code.unknown-currency") == ["$.actions[0].budget[0].currency"]


@pytest.mark.parametrize(
    ("tag", "suggestion"),
    [("fra", "'fr'"), ("en-UK", "'en-GB'"), ("ar-Arbc", "'Arab'"), ("qaa-QM", None)],
)
def test_language_subtags_are_registered(tag: str, suggestion: str | None) -> None:
    document = _v11()
    document["title"][tag] = "Titre"
    found = [f for f in rule_findings(document) if f.rule == "language.unknown-subtag"]
    if suggestion is None:  # private use ranges are registered
        assert not found
        return
    assert [f.path for f in found] == [("title", tag)]
    assert suggestion in found[0].message


@pytest.mark.parametrize(
    "tag",
    ["fr", "en-GB", "zgh-Tfng", "es-419", "zh-Hans-CN", "de-CH-1996", "sr-Latn-RS", "ar-MA"],
)
def test_registered_tags_agree_with_langcodes(tag: str) -> None:
    langcodes = pytest.importorskip("langcodes")
    assert langcodes.tag_is_valid(tag)
    assert _rules.unregistered_subtags(tag) == []


@pytest.mark.parametrize("tag", ["i-klingon", "en-GB-oed", "x-ville", "fr-x-ville", "en-a-bbb-x-a"])
def test_grandfathered_private_use_and_extensions_are_not_looked_up(tag: str) -> None:
    assert is_well_formed_language_tag(tag)
    assert _rules.unregistered_subtags(tag) == []


def test_proper_names_in_one_language_are_not_missing_translations() -> None:
    document = _v11()
    document["parties"][1]["name"] = {"ar": "تيليلي"}
    document["designation"] = {"ar": "اتفاقية"}
    document["signature"]["place"] = {"zgh-Tfng": "ⵜⵉⵣⵏⵉⵜ"}
    assert not _found(document, "language.missing-authoritative")
    document["parties"][1]["name"] = {"ar": "تيليلي", "en": "Tilelli"}
    assert _found(document, "language.missing-authoritative") == ["$.parties[1].name"]


def test_equally_authentic_versions_need_no_authoritative_language() -> None:
    document = _v11()
    document["axes"][0]["title"] = {"ar": "الماء"}
    assert _found(document, "language.missing-authoritative") == ["$.axes[0].title"]
    document["authentic_languages"] = ["fr", "ar"]
    assert not _found(document, "language.missing-authoritative")


def test_code_lists_are_filled_into_the_sets_the_walkers_hold() -> None:
    rule_findings(_v11())
    assert "FR" in _rules._KNOWN_CODES[_rules._COUNTRY]
    assert "MA-TIZ" in _rules._KNOWN_CODES[_rules._SUBDIVISION]
    assert "MAD" in _rules._KNOWN_CODES[_rules._CURRENCY]
    check = _rules._PLANS["Party"]["country"]
    held = [cell.cell_contents for cell in check.__closure__ or ()]
    assert any(codes is _rules._KNOWN_CODES[_rules._COUNTRY] for codes in held)


def test_walkers_are_built_once_and_warm_up_keeps_them() -> None:
    walkers = _rules._walkers()
    document = _v11()
    found = rule_findings(document)
    assert _rules._WALKERS["Convention"] is walkers["Convention"]
    _rules.warm_up()
    assert all(w.__name__ == f"walk_{k}" for k, w in _rules._WALKERS.items())
    assert rule_findings(document) == found


# ------------------------------------------------------------------ format 1.1, second pass


def test_every_date_field_goes_through_the_date_check() -> None:
    """Every member whose schema type is Date (alone or in a list) is checked as a date
    by the walk, so a date the schema's pattern accepts but the model refuses is a
    finding, never a crash."""
    layout = _rules._layout()
    steps = _rules._steps()
    dated = [
        (kind, key)
        for kind, fields in layout.objects.items()
        for key, field in fields.items()
        if field.kind == "Date"
    ]
    assert ("Suspension", "in_effect_on") in dated
    assert ("Officeholder", "in_office_on") in dated
    assert ("BudgetLine", "decision_date") in dated
    for kind, key in dated:
        assert steps[kind][key][2] == _rules._DATE, (kind, key)


@pytest.mark.parametrize("reversed_date", ["2019/2018", "[2021..2019]", "2019-05/2019-04-30"])
def test_reversed_intervals_are_invalid_dates_at_their_place(reversed_date: str) -> None:
    """The schema's pattern accepts these shapes; the model refuses them: one
    ``date.invalid`` at each place, and validate reports them without raising."""
    pattern = _rules._pattern("Date")
    assert pattern is not None
    assert pattern.search(reversed_date)
    document = _v11()
    document["signature"]["date"] = reversed_date
    document["parties"][0]["heads"] = [{"name": "A. Mayor", "in_office_on": [reversed_date]}]
    document["term"]["suspensions"] = [{"in_effect_on": ["2020", reversed_date]}]
    document["actions"][0]["budget"][0]["decision_date"] = reversed_date
    assert sorted(_found(document, "date.invalid")) == sorted(
        [
            "$.signature.date",
            "$.parties[0].heads[0].in_office_on[0]",
            "$.term.suspensions[0].in_effect_on[1]",
            "$.actions[0].budget[0].decision_date",
        ]
    )
    message = next(f.message for f in rule_findings(document) if f.rule == "date.invalid")
    assert "ends before it starts" in message
    report = cd.validate_text(json.dumps(document), format="json")
    assert not report.valid
    assert {f.rule for f in report} >= {"date.invalid"}
    assert "internal.error" not in {f.rule for f in report}


def test_a_party_part_of_resolves_and_is_not_itself() -> None:
    document = _v11()
    document["parties"].append(
        {"id": "villebelle-international", "name": {"fr": "Direction"}, "part_of": "villebele"}
    )
    last = len(document["parties"]) - 1
    found = {format_path(f.path): f for f in rule_findings(document)}
    finding = found[f"$.parties[{last}].part_of"]
    assert finding.rule == "ref.unresolved"
    assert "did you mean 'villebelle'" in finding.message
    document["parties"][last]["part_of"] = "villebelle-international"
    assert _found(document, "ref.self-link") == [f"$.parties[{last}].part_of"]
    assert _found(document, "ref.unresolved") == []
    document["parties"][last]["part_of"] = "villebelle"
    assert rule_findings(document) == []


def test_a_party_of_unstated_kind_may_be_a_local_government() -> None:
    document = _v11()
    del document["parties"][1]["kind"]
    assert not _found(document, "party.too-few-local-governments")
    document["parties"][0]["kind"] = "association"
    finding = next(
        f for f in rule_findings(document) if f.rule == "party.too-few-local-governments"
    )
    assert finding.message.startswith("0 of the parties are local government (and 1 of")
    document["parties"].append({"id": "third", "name": {"fr": "Tiers"}})
    assert not _found(document, "party.too-few-local-governments")


@pytest.mark.parametrize(
    ("members", "reported"),
    [
        ({"indefinite": True}, False),
        ({"indefinite": False, "end": "2030"}, False),
        ({"indefinite": True, "end": "2030"}, True),
        ({"indefinite": True, "duration": "P3Y"}, True),
    ],
)
def test_an_indefinite_term_has_no_end(members: dict[str, Any], reported: bool) -> None:
    document = _v11()
    document["term"] = {"start": "2025-03-01", **members}
    assert _found(document, "term.indefinite-with-end") == (
        ["$.term.indefinite"] if reported else []
    )
    assert RULES["term.indefinite-with-end"].severity is Severity.ERROR


def test_attested_dates_fall_within_their_span() -> None:
    document = _v11()
    document["term"]["suspensions"] = [
        {"start": "2026-03", "end": "2026-09", "in_effect_on": ["2026-02-27", "2026-06", "2027"]}
    ]
    document["parties"][0]["heads"] = [
        {"name": "A. Mayor", "start": "2020", "in_office_on": ["2019-12-31", "2022"]}
    ]
    assert sorted(_found(document, "date.order")) == [
        "$.parties[0].heads[0].in_office_on[0]",
        "$.term.suspensions[0].in_effect_on[0]",
        "$.term.suspensions[0].in_effect_on[2]",
    ]


def test_a_country_as_the_sources_state_it_is_their_words() -> None:
    document = _v11()
    document["parties"][1]["country_note"] = {"ar": "المغرب"}
    assert not _found(document, "language.missing-authoritative")


def test_a_1_0_file_leaving_out_what_1_0_requires_needs_1_1() -> None:
    """Party.kind and Document.title became optional in 1.1: a file that says 1.0 and
    leaves them out is refused by 1.0 readers."""
    since = _rules._since_1_0()
    assert {"kind"} <= since["Party"].relaxed
    assert since["Document"].relaxed == {"title"}
    document = _example()
    del document["documents"][0]["title"]
    found = [f for f in rule_findings(document) if f.rule == "version.needs-1.1"]
    assert [format_path(f.path) for f in found] == ["$.documents[0]"]
    assert "a Document without 'title' (1.0 requires it)" in found[0].message
    document = _example()
    del document["parties"][1]["kind"]
    del document["kind"]
    found = [f for f in rule_findings(document) if f.rule == "version.needs-1.1"]
    assert [format_path(f.path) for f in found] == ["$.schema_version"]
    assert "1 other use" in found[0].message
    document["schema_version"] = "1.1"
    assert not _found(document, "version.needs-1.1")
