"""Short constructors: cd.text, cd.partial_date, cd.duration, enums from their codes."""

from __future__ import annotations

import datetime as dt

import attrs
import pendulum
import pytest

import citydiplomacy as cd


def test_text_from_a_mapping_keeps_the_order() -> None:
    name = cd.text({"fr": "Tiznit", "ar": "تيزنيت"})
    assert list(name) == ["fr", "ar"]
    assert name == cd.MultilingualText.of({"fr": "Tiznit", "ar": "تيزنيت"})


def test_text_from_one_language() -> None:
    assert cd.text("Tiznit", "fr") == cd.MultilingualText({"fr": "Tiznit"})
    with pytest.raises(ValueError, match="language"):
        cd.text("Tiznit")


@pytest.mark.parametrize(
    "value", ["2025", "2025-21", "2019-10-23?", "2023-08-30/2023-09-03", "[2019, 2021-06]"]
)
def test_date_from_its_edtf_string(value: str) -> None:
    assert cd.partial_date(value) == cd.PartialDate.parse(value)


def test_date_from_standard_library_and_pendulum_days() -> None:
    expected = cd.PartialDate.parse("2025-03-01")
    assert cd.partial_date(dt.date(2025, 3, 1)) == expected
    assert cd.partial_date(dt.datetime(2025, 3, 1, 23, 30)) == expected
    assert cd.partial_date(pendulum.date(2025, 3, 1)) == expected
    assert cd.partial_date(pendulum.datetime(2025, 3, 1, 12)) == expected


def test_date_refuses_what_is_not_a_date() -> None:
    with pytest.raises(ValueError, match="2025-02-30"):
        cd.partial_date("2025-02-30")
    with pytest.raises(TypeError, match="EDTF string"):
        cd.partial_date(2025)  # type: ignore[arg-type]


def test_duration_from_its_string() -> None:
    assert cd.duration("P1Y6M") == cd.Duration(years=1, months=6)
    with pytest.raises(ValueError, match="ISO 8601"):
        cd.duration("3 years")


def test_enums_from_their_codes() -> None:
    assert cd.InstrumentKind("framework_convention") is cd.InstrumentKind.FRAMEWORK_CONVENTION
    assert cd.Commitment("committed") == "committed"
    with pytest.raises(ValueError, match="not_a_code"):
        cd.Commitment("not_a_code")


def test_evolve_changes_one_field_and_keeps_the_rest() -> None:
    conv = cd.load("examples/fictional-villebelle-tilelli.yaml")
    assert conv.term is not None
    longer = attrs.evolve(conv, term=attrs.evolve(conv.term, duration=cd.duration("P5Y")))
    assert longer.term is not None
    assert longer.term.duration == cd.Duration(years=5)
    assert longer.parties == conv.parties
    assert [str(c) for c in cd.diff(conv, longer)] == ['~ $.term.duration: "P3Y" -> "P5Y"']
