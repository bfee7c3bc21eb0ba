"""Value types: EDTF partial dates against the edtf library, multilingual text."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest
from edtf import parse_edtf
from hypothesis import given, settings
from hypothesis import strategies as st

from citydiplomacy import MultilingualText, PartialDate
from citydiplomacy._domain._values import MAX_DATE, MIN_DATE

from .strategies import edtf_texts, plain_date_texts

# The edtf library takes milliseconds a parse: fewer examples, no deadline.
LIBRARY = settings(max_examples=150, deadline=None)


def _library_day(value: Any, *, open_as: dt.date) -> dt.date:
    """A bound from the edtf library as a date: infinities are the range's ends, and
    years outside the supported range are clamped to it."""
    if isinstance(value, float):
        assert math.isinf(value)
        return open_as
    triple = tuple(value[:3])
    if triple < (1, 1, 1):
        return MIN_DATE
    if triple > (9999, 12, 31):
        return MAX_DATE
    return dt.date(*triple)


def _library_bounds(text: str) -> tuple[dt.date, dt.date, dt.date, dt.date]:
    parsed = parse_edtf(text)
    return (
        _library_day(parsed.lower_strict(), open_as=MIN_DATE),
        _library_day(parsed.upper_strict(), open_as=MAX_DATE),
        _library_day(parsed.lower_fuzzy(), open_as=MIN_DATE),
        _library_day(parsed.upper_fuzzy(), open_as=MAX_DATE),
    )


@LIBRARY
@given(plain_date_texts())
def test_fast_path_agrees_with_the_library(text: str) -> None:
    date = PartialDate.parse(text)
    first, last, fuzzy_first, fuzzy_last = _library_bounds(text)
    assert (date.earliest(), date.latest()) == (first, last)
    assert date.possible_range() == (fuzzy_first, fuzzy_last)
    assert str(parse_edtf(text)) == date.text == text


def _known_end(part: str) -> bool:
    return part not in ("", "..")


@LIBRARY
@given(edtf_texts())
def test_every_accepted_form_agrees_with_the_library(text: str) -> None:
    """Accepted means the library accepts it too, with the same bounds, except where the
    format decides otherwise: unknown interval ends (the library guesses ten years) and
    unknown years (the library says year 0) reach the supported range's ends."""
    date = PartialDate.parse(text)
    assert str(parse_edtf(text)) == date.text
    first, last, fuzzy_first, fuzzy_last = _library_bounds(date.text)
    if date.is_interval:
        start, end = date.text.split("/")
        if not _known_end(start):
            first = fuzzy_first = MIN_DATE
        if not _known_end(end):
            last = fuzzy_last = MAX_DATE
    if date.text.startswith("XXXX-"):
        # The library's year 0 (and, for 02-29, year 9999) become the first and last
        # years in range that have the day; the month and day are the library's.
        parsed = parse_edtf(text)
        low, high = tuple(parsed.lower_strict()[:3]), tuple(parsed.upper_strict()[:3])
        assert (low[0], high[0]) == (0, 9999)
        assert (date.earliest().month, date.earliest().day) == low[1:]
        assert (date.latest().month, date.latest().day) == high[1:]
        assert (date.earliest().year, date.latest().year) in ((1, 9999), (4, 9996))
        return
    assert (date.earliest(), date.latest()) == (first, last)
    assert date.possible_range() == (fuzzy_first, fuzzy_last)


@given(edtf_texts())
def test_bounds_are_ordered_and_in_range(text: str) -> None:
    date = PartialDate.parse(text)
    low, high = date.possible_range()
    assert MIN_DATE <= low <= date.earliest() <= date.latest() <= high <= MAX_DATE
    assert date.may_contain(date.earliest())
    assert date.may_contain(date.latest())
    assert not date.certainly_before(date)
    assert not date.certainly_after(date)
    assert PartialDate.parse(date.text) == date
    assert hash(PartialDate(date.text)) == hash(date)


@given(plain_date_texts())
def test_plain_dates_keep_their_1_0_meaning(text: str) -> None:
    date = PartialDate.parse(text)
    parts = [int(p) for p in text.split("-")]
    assert [date.year, date.month, date.day][: len(parts)] == parts
    assert date.precision == ("year", "month", "day")[len(parts) - 1]
    assert date.is_exact == (len(parts) == 3)
    assert date.start == date.end == date
    assert not (date.is_interval)
    assert not (date.is_set)
    assert not (date.is_uncertain)
    assert not date.is_approximate
    if date.is_exact:
        assert date.as_date() == date.earliest() == date.latest()
        assert PartialDate.from_date(date.as_date()) == date
    else:
        with pytest.raises(ValueError, match="not one known day"):
            date.as_date()


@given(st.dates(MIN_DATE, MAX_DATE))
def test_from_date_covers_the_whole_range(day: dt.date) -> None:
    assert PartialDate.from_date(day).as_date() == day


@pytest.mark.parametrize(
    ("text", "precision", "first", "last"),
    [
        ("2025-21", "season", dt.date(2025, 3, 1), dt.date(2025, 5, 31)),
        ("201X", "decade", dt.date(2010, 1, 1), dt.date(2019, 12, 31)),
        ("20XX", "century", dt.date(2000, 1, 1), dt.date(2099, 12, 31)),
        ("2022-XX", "year", dt.date(2022, 1, 1), dt.date(2022, 12, 31)),
        ("2022-09-XX", "month", dt.date(2022, 9, 1), dt.date(2022, 9, 30)),
        ("XXXX-09", "month", dt.date(1, 9, 1), dt.date(9999, 9, 30)),
        ("XXXX-09-15", "day", dt.date(1, 9, 15), dt.date(9999, 9, 15)),
        ("01XX", "century", dt.date(100, 1, 1), dt.date(199, 12, 31)),
        ("2022-10/..", "interval", dt.date(2022, 10, 1), MAX_DATE),
        ("2022/", "interval", dt.date(2022, 1, 1), MAX_DATE),
        ("../2022", "interval", MIN_DATE, dt.date(2022, 12, 31)),
        ("/2022", "interval", MIN_DATE, dt.date(2022, 12, 31)),
        ("[2022-10..]", "set", dt.date(2022, 10, 1), MAX_DATE),
        ("[..2019]", "set", MIN_DATE, dt.date(2019, 12, 31)),
        ("[2019..2021]", "set", dt.date(2019, 1, 1), dt.date(2021, 12, 31)),
        ("[2019, 2021-06]", "set", dt.date(2019, 1, 1), dt.date(2021, 6, 30)),
    ],
)
def test_bounds_of_each_form(text: str, precision: str, first: dt.date, last: dt.date) -> None:
    date = PartialDate.parse(text)
    assert (date.precision, date.earliest(), date.latest()) == (precision, first, last)
    assert date.year is None
    assert not date.is_exact


def test_unknown_year_matches_month_and_day_only() -> None:
    september = PartialDate.parse("XXXX-09")
    assert september.may_contain(dt.date(1990, 9, 3))
    assert not september.may_contain(dt.date(1990, 10, 3))
    assert PartialDate.parse("XXXX-02-29").earliest() == dt.date(4, 2, 29)


def test_a_set_contains_only_its_members() -> None:
    date = PartialDate.parse("[2019, 2021-06]")
    assert date.may_contain(dt.date(2019, 5, 1))
    assert date.may_contain(dt.date(2021, 6, 30))
    assert not date.may_contain(dt.date(2020, 5, 5))
    assert date.start is None
    assert date.end is None


def test_qualifiers_widen_the_possible_range_only() -> None:
    date = PartialDate.parse("2016-09~")
    assert date.is_approximate
    assert not date.is_uncertain
    assert (date.earliest(), date.latest()) == (dt.date(2016, 9, 1), dt.date(2016, 9, 30))
    assert date.possible_range() == (dt.date(2015, 8, 1), dt.date(2017, 10, 30))
    both = PartialDate.parse("2019%")
    assert both.is_uncertain
    assert both.is_approximate
    interval = PartialDate.parse("2019~/2021?")
    assert interval.is_uncertain
    assert interval.is_approximate
    assert interval.start == PartialDate.parse("2019~")
    assert interval.end == PartialDate.parse("2021?")


def test_certainly_before_only_when_no_overlap() -> None:
    signed = PartialDate.parse("2019-10-23?")
    assert not signed.certainly_before(PartialDate.parse("2020-01"))
    assert signed.certainly_before(PartialDate.parse("2021"))
    assert PartialDate.parse("2021").certainly_after(signed)
    assert PartialDate.parse("2019-10-22").certainly_before(PartialDate.parse("2019-10-23"))


def test_sets_are_written_canonically() -> None:
    assert PartialDate.parse("[2019,2021-06]").text == "[2019, 2021-06]"
    with pytest.raises(ValueError, match="canonical"):
        PartialDate("[2019,2021-06]")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("XXXX", "leave the date out"),
        ("0000", "outside the supported range 0001..9999"),
        ("-0100", "four digits"),
        ("12345", "four digits"),
        ("2025-01-15T10:00", "no time of day"),
        ("2025-02-30", "has no day 30"),
        ("2025-13", "month 13 is outside 01..12"),
        ("2019/2018", "ends before it starts"),
        ("[2019..2018]", "ends before it starts"),
        ("[2019]", "without brackets"),
        ("[2019..2021-06]", "different precisions"),
        ("[2019, ..2020]", "only the first member"),
        ("[2019.., 2020]", "only the last member"),
        ("../..", "at least one known end"),
        ("2019-XX-15", "supported only as"),
        ("2XXX", "supported only as"),
        ("000X", "includes the year 0000"),
        ("00XX", "includes the year 0000"),
        ("2025-21?", "follows only a plain date"),
        ("2025-21~/2026", "follows only a plain date"),
        ("201x", "capital X"),
        (" 2019", "remove the spaces"),
        ("2019-25", "outside 01..12"),
        ("2022-XX/2023", "an interval is two dates"),
        ("{2019, 2020}", "expected an EDTF date"),
        ("", "expected an EDTF date"),
    ],
)
def test_refusals_say_why(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("?", r"\?").replace(".", r"\.")):
        PartialDate.parse(text)


def test_a_non_string_is_refused() -> None:
    with pytest.raises(ValueError, match="as a string"):
        PartialDate.parse(2025)  # type: ignore[arg-type]


# ---------------------------------------------------------------- multilingual text


def test_multilingual_text_order_is_meaning() -> None:
    fr_first = MultilingualText({"fr": "Jumelage", "ar": "توأمة"})
    ar_first = MultilingualText({"ar": "توأمة", "fr": "Jumelage"})
    assert fr_first != ar_first
    assert len({fr_first, ar_first, MultilingualText(fr_first)}) == 2
    assert fr_first.text() == "Jumelage"
    assert ar_first.text() == "توأمة"
    assert fr_first == MultilingualText.of({"fr": "Jumelage", "ar": "توأمة"})
    assert fr_first == {"fr": "Jumelage", "ar": "توأمة"}
    assert fr_first != {"ar": "توأمة", "fr": "Jumelage"}


def test_multilingual_text_of_a_string_needs_its_language() -> None:
    assert MultilingualText.of("Grenoble", "fr") == MultilingualText({"fr": "Grenoble"})
    with pytest.raises(ValueError, match="needs the text's language"):
        MultilingualText.of("Grenoble")
    with pytest.raises(TypeError, match="non-empty string"):
        MultilingualText.of("Grenoble", "")
    with pytest.raises(ValueError, match="leave out the language"):
        MultilingualText.of({"fr": "Grenoble"}, "fr")
    with pytest.raises(TypeError, match="mapping from language tag"):
        MultilingualText.of(["Grenoble"])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="maps language tags to strings"):
        MultilingualText.of({"fr": 3})  # type: ignore[dict-item]


def test_seasons_and_unspecified_digits_need_no_library_import() -> None:
    """The reference example says "spring 2025" (2025-21): checking it must not import the
    edtf library (about 140 ms), which a pre-commit hook would pay on every run."""
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    example = Path(__file__).parent.parent / "examples" / "grenoble-tiznit.yaml"
    code = (
        "import sys, citydiplomacy as cd\n"
        f"report = cd.validate({str(example)!r})\n"
        "assert report.valid, report\n"
        "d = cd.PartialDate.parse('2025-21'); d.possible_range()\n"
        "cd.PartialDate.parse('201X').possible_range()\n"
        "cd.PartialDate.parse('2022-XX-XX').possible_range()\n"
        "assert 'edtf' not in sys.modules, 'edtf was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
