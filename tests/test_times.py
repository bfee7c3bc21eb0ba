"""One time policy for every public call: standard-library and pendulum values alike.

A day (``on=``, ``until=``, ``since=``, ``next_deadlines(after=)``) may be a ``date``,
a ``datetime`` (the date it shows, naive or aware) or pendulum's ``Date``/``DateTime``;
a moment (``next_meetings(after=)``, ``to_calendar(stamp=)``, ``in_zone``) an aware
``datetime`` of either library; a wall time (``to_instant``, ``classify_wall_time``) a
``datetime`` of either library read as its clock shows it. The same value in any of
these forms gives the same answer, and what comes back is standard-library only.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from typing import Any

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import citydiplomacy as cd

from .strategies import ZONES

EXAMPLE = "examples/fictional-villebelle-tilelli.yaml"
CONV = cd.load(EXAMPLE)
BODY = "steering-committee"
UTC = dt.timezone.utc
STAMP = dt.datetime(2026, 1, 1, tzinfo=UTC)

#: Every public call that takes a day, as a function of that day.
DAY_QUESTIONS: dict[str, Callable[[dt.date], object]] = {
    "term_status": lambda d: cd.term_status(CONV, d),
    "is_in_force": lambda d: cd.is_in_force(CONV, d),
    "in_force": lambda d: cd.in_force(CONV, on=d),
    "upcoming_deadlines": lambda d: cd.upcoming_deadlines(CONV, d),
    "next_deadlines": lambda d: cd.next_deadlines(CONV, after=d),
    "term_periods": lambda d: list(cd.term_periods(CONV, until=d)),
    "renewal_periods": lambda d: list(cd.renewal_periods(CONV, until=d, limit=3)),
    "follow_up": lambda d: cd.follow_up(CONV, d),
    "follow_up until since": lambda d: cd.follow_up(
        CONV, dt.date(2026, 1, 1), until=d, since=dt.date(2024, 1, 1)
    ),
    "expected_meetings": lambda d: list(cd.expected_meetings(CONV, BODY, until=d, since=d)),
    "late_actions": lambda d: cd.late_actions(CONV, d),
    "to_ical": lambda d: cd.to_ical(CONV, since=d, until=d, stamp=STAMP),
    "render_timeline_svg": lambda d: cd.render_timeline_svg(CONV, on=d),
}

days = st.dates(dt.date(2015, 1, 1), dt.date(2040, 12, 31))
zones = st.sampled_from(ZONES)
clock = st.times()


def _forms(day: dt.date, at: dt.time, zone: str) -> dict[str, dt.date]:
    """The same day in every accepted form: a datetime stands for the date it shows."""
    return {
        "date": day,
        "naive datetime": dt.datetime.combine(day, at),
        "aware datetime": dt.datetime.combine(day, at, tzinfo=zoneinfo.ZoneInfo(zone)),
        "pendulum Date": pendulum.date(day.year, day.month, day.day),
        "pendulum DateTime": pendulum.datetime(
            day.year, day.month, day.day, at.hour, at.minute, tz=zone
        ),
    }


def _plain(value: Any) -> None:
    """No pendulum value anywhere in an answer (attrs objects, tuples, lists)."""
    assert not type(value).__module__.startswith("pendulum"), value
    if isinstance(value, (list, tuple)):
        for item in value:
            _plain(item)
    elif hasattr(value, "__attrs_attrs__"):
        for field in value.__attrs_attrs__:
            _plain(getattr(value, field.name))


@pytest.mark.parametrize("name", sorted(DAY_QUESTIONS))
@settings(max_examples=20)  # five forms per example, fourteen calls
@given(day=days, at=clock, zone=zones)
def test_a_day_gives_the_same_answer_in_every_form(
    name: str, day: dt.date, at: dt.time, zone: str
) -> None:
    ask = DAY_QUESTIONS[name]
    expected = ask(day)
    for form, value in _forms(day, at, zone).items():
        got = ask(value)
        assert got == expected, form
        _plain(got)


@pytest.mark.parametrize("name", sorted(DAY_QUESTIONS))
def test_a_day_of_the_wrong_type_is_refused_by_name(name: str) -> None:
    with pytest.raises(TypeError, match=r"datetime\.date"):
        DAY_QUESTIONS[name]("2026-01-01")  # type: ignore[arg-type]


def test_the_answer_holds_a_plain_date() -> None:
    moment = pendulum.datetime(2027, 10, 1, 23, 30, tz="Asia/Tokyo")
    assert type(cd.term_status(CONV, moment).on) is dt.date
    assert type(cd.follow_up(CONV, moment).on) is dt.date
    assert type(cd.in_force(CONV, on=moment).on) is dt.date
    # The date it shows, on its own clock: 1 October in Tokyo is still 30 September
    # in UTC, but the day asked about is the one the caller sees.
    assert cd.in_force(CONV, on=moment).on == dt.date(2027, 10, 1)


instants = st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2032, 12, 31), timezones=st.just(UTC))


@given(instant=instants, zone=zones)
def test_a_moment_gives_the_same_answer_in_every_form_and_zone(
    instant: dt.datetime, zone: str
) -> None:
    expected = cd.next_meetings(CONV, after=instant, limit=3)
    elsewhere = instant.astimezone(zoneinfo.ZoneInfo(zone))
    assert cd.next_meetings(CONV, after=elsewhere, limit=3) == expected
    assert cd.next_meetings(CONV, after=pendulum.instance(elsewhere), limit=3) == expected
    _plain(expected)
    shown = cd.in_zone(pendulum.instance(elsewhere), "Africa/Casablanca")
    assert shown == cd.in_zone(instant, "Africa/Casablanca")
    assert type(shown) is dt.datetime
    stamp = cd.to_ical(CONV, stamp=pendulum.instance(elsewhere), until=dt.date(2026, 1, 1))
    assert stamp == cd.to_ical(CONV, stamp=instant, until=dt.date(2026, 1, 1))


@given(wall=st.datetimes(dt.datetime(2020, 1, 1), dt.datetime(2032, 12, 31)), zone=zones)
def test_a_wall_time_is_read_as_its_clock_shows_it(wall: dt.datetime, zone: str) -> None:
    expected = cd.to_instant(wall, zone)
    as_pendulum = pendulum.datetime(
        wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second, wall.microsecond,
        tz="Asia/Tokyo",
    )  # fmt: skip
    assert cd.to_instant(as_pendulum, zone) == expected
    assert type(cd.to_instant(as_pendulum, zone)) is dt.datetime
    assert cd.classify_wall_time(as_pendulum, zone) is cd.classify_wall_time(wall, zone)


@pytest.mark.parametrize(
    "call",
    [
        lambda v: cd.next_meetings(CONV, after=v),
        lambda v: cd.to_ical(CONV, stamp=v),
        lambda v: cd.in_zone(v, "Europe/Paris"),
    ],
    ids=["next_meetings", "to_ical", "in_zone"],
)
def test_a_moment_must_be_aware(call: Callable[[dt.datetime], object]) -> None:
    with pytest.raises(ValueError, match="naive datetime: a moment must be aware"):
        call(dt.datetime(2026, 1, 1, 10))
    with pytest.raises(ValueError, match="naive datetime"):
        call(pendulum.naive(2026, 1, 1, 10))


def test_a_day_is_not_a_moment_nor_a_wall_time() -> None:
    with pytest.raises(TypeError, match=r"aware datetime\.datetime"):
        cd.in_zone(dt.date(2026, 1, 1), "Europe/Paris")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"aware datetime\.datetime"):
        cd.to_ical(CONV, stamp=pendulum.date(2026, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="wall time"):
        cd.to_instant(dt.date(2026, 1, 1), "Europe/Paris")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="wall time"):
        cd.classify_wall_time(pendulum.date(2026, 1, 1), "Europe/Paris")  # type: ignore[arg-type]


@settings(max_examples=30)
@given(day=days, at=clock, zone=zones)
def test_value_methods_read_a_day_the_same_way(day: dt.date, at: dt.time, zone: str) -> None:
    bounds = cd.DateBounds(dt.date(2020, 1, 1), dt.date(2030, 12, 31))
    season = cd.partial_date("2025-21")
    span = cd.term_status(TERM_SUSPENDED, dt.date(2026, 2, 1)).suspensions[0]
    for form, value in _forms(day, at, zone).items():
        assert bounds.contains(value) is bounds.contains(day), form
        assert season.may_contain(value) is season.may_contain(day), form
        assert span.covers(value) is span.covers(day), form
        assert cd.DateBounds.exact(value) == cd.DateBounds.exact(day), form
        assert type(cd.DateBounds.exact(value).earliest) is dt.date, form
        assert cd.PartialDate.from_date(value) == cd.partial_date(day), form


TERM_SUSPENDED = cd.Term(
    start=cd.partial_date("2025-03-01"),
    duration=cd.duration("P3Y"),
    suspensions=(cd.Suspension(start=cd.partial_date("2026-01"), end=cd.partial_date("2026-03")),),
)
