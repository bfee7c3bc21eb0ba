"""Questions in one call each: next meetings, next deadlines, in force (with reasons)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import attrs
import pendulum
import pytest

import citydiplomacy as cd
from citydiplomacy._domain._codes import MeetingStatus, RenewalMode
from citydiplomacy._domain._model import Convention, Meeting, Renewal, Term
from citydiplomacy._domain._values import Duration, PartialDate

EXAMPLE = "examples/fictional-villebelle-tilelli.yaml"
UTC = dt.timezone.utc


@pytest.fixture(scope="module")
def conv() -> Convention:
    return cd.load(EXAMPLE)


def _with_meetings(conv: Convention, *meetings: Meeting) -> Convention:
    assert conv.governance is not None
    governance = attrs.evolve(conv.governance, meetings=(*conv.governance.meetings, *meetings))
    return attrs.evolve(conv, governance=governance)


# ---------------------------------------------------------------- next meetings


def test_recorded_meeting_has_its_instant_and_every_party_wall_time(conv: Convention) -> None:
    found = [m for m in cd.next_meetings(conv, after=dt.date(2026, 6, 1)) if m.kind == "recorded"]
    first = found[0]
    assert first.meeting is not None
    assert first.meeting.id == "copil-2026-10"
    assert first.instant == dt.datetime(2026, 10, 1, 10, tzinfo=UTC)
    local = {p.party: p.local for p in first.parties if p.local is not None}
    assert local["villebelle"] == dt.datetime(2026, 10, 1, 10, tzinfo=UTC)
    assert local["villebelle"].utcoffset() == dt.timedelta(hours=2)
    assert local["tilelli"].utcoffset() == dt.timedelta(0)
    assert "planned" in first.reason


def test_expected_slots_filled_by_a_recorded_meeting_are_not_listed_twice(
    conv: Convention,
) -> None:
    items = cd.next_meetings(conv, after=dt.date(2026, 6, 1), limit=10)
    expected = [m.expected for m in items if m.expected is not None]
    assert len({e.index for e in expected}) == len(expected)
    assert all("no recorded meeting" in m.reason for m in items if m.kind == "expected")
    # The slot the recorded 2026-10 meeting fills is not among the expected ones.
    body = "steering-committee"
    slots = list(cd.expected_meetings(conv, body, limit=10))
    filled = next(s for s in slots if s.window.contains(dt.date(2026, 10, 1)))
    assert filled.index not in {e.index for e in expected}


def test_meetings_come_in_order_and_limit_counts(conv: Convention) -> None:
    items = cd.next_meetings(conv, after=dt.date(2026, 1, 1), limit=4)
    assert len(items) == 4
    firsts = [m.instant or dt.datetime.combine(m.days.earliest, dt.time(), UTC) for m in items]
    assert firsts == sorted(firsts)
    assert cd.next_meetings(conv, after=dt.date(2026, 1, 1), limit=0) == ()


def test_a_moment_after_the_start_leaves_the_meeting_out(conv: Convention) -> None:
    before = dt.datetime(2026, 10, 1, 9, 59, tzinfo=UTC)
    after = dt.datetime(2026, 10, 1, 10, 1, tzinfo=UTC)

    def ids(items: tuple[cd.NextMeeting, ...]) -> set[str]:
        return {m.meeting.id for m in items if m.meeting}

    assert "copil-2026-10" in ids(cd.next_meetings(conv, after=before, limit=10))
    assert "copil-2026-10" not in ids(cd.next_meetings(conv, after=after, limit=10))


def test_date_only_meetings_are_listed_with_their_days(conv: Convention) -> None:
    extra = Meeting(
        id="visit", body="steering-committee", date=PartialDate.parse("2030-05-03/2030-05-05")
    )
    items = cd.next_meetings(_with_meetings(conv, extra), after=dt.date(2030, 5, 4), limit=20)
    visit = [m for m in items if m.meeting is not None and m.meeting.id == "visit"]
    assert len(visit) == 1
    assert visit[0].instant is None
    assert visit[0].parties == ()
    assert str(visit[0].days) == "2030-05-03/2030-05-05"
    assert "date only" in visit[0].reason


def test_cancelled_and_postponed_meetings_are_left_out(conv: Convention) -> None:
    gone = [
        Meeting(id=f"m-{s.value}", date=PartialDate.parse("2030-01-10"), status=s)
        for s in (MeetingStatus.CANCELLED, MeetingStatus.POSTPONED)
    ]
    items = cd.next_meetings(_with_meetings(conv, *gone), after=dt.date(2030, 1, 1), limit=20)
    assert not [m for m in items if m.meeting is not None and m.meeting.id.startswith("m-")]


def test_pendulum_and_standard_library_moments_give_the_same_answer(conv: Convention) -> None:
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    std = cd.next_meetings(conv, after=dt.datetime(2026, 6, 1, 12, tzinfo=paris))
    pdl = cd.next_meetings(conv, after=pendulum.datetime(2026, 6, 1, 12, tz="Europe/Paris"))
    assert std == pdl
    assert cd.next_meetings(conv, after=dt.date(2026, 6, 1)) == cd.next_meetings(
        conv, after=pendulum.date(2026, 6, 1)
    )


def test_a_naive_moment_is_refused(conv: Convention) -> None:
    with pytest.raises(ValueError, match="naive"):
        cd.next_meetings(conv, after=dt.datetime(2026, 1, 1))
    with pytest.raises(TypeError, match="limit"):
        cd.next_meetings(conv, after=dt.date(2026, 1, 1), limit="3")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="negative"):
        cd.next_meetings(conv, after=dt.date(2026, 1, 1), limit=-1)


def test_no_governance_means_no_meetings() -> None:
    conv = cd.load("examples/grenoble-tiznit.yaml")
    assert cd.next_meetings(conv, after=dt.date(2026, 1, 1)) == ()


# ---------------------------------------------------------------- next deadlines


def test_next_deadlines_with_reasons(conv: Convention) -> None:
    got = cd.next_deadlines(conv, after=dt.date(2026, 1, 1), limit=3)
    assert [(d.kind.value, str(d.date)) for d in got] == [
        ("notice", "2027-11-29"),
        ("end", "2028-02-29"),
        ("renewal", "2028-03-01"),
    ]
    assert all(d.description for d in got)
    moment = pendulum.datetime(2026, 1, 1, tz="Asia/Tokyo")
    assert cd.next_deadlines(conv, after=moment, limit=3) == got


# ---------------------------------------------------------------- in force


def test_in_force_yes_no_unknown() -> None:
    term = Term(start=PartialDate.parse("2025-03-01"), duration=Duration(years=3))
    yes = cd.in_force(term, on=dt.date(2026, 1, 1))
    assert (yes.answer, yes.possible_answers, yes.depends_on) == ("yes", ("yes",), ())
    before = cd.in_force(term, on=dt.date(2024, 1, 1))
    assert before.answer == "no"
    assert before.status is cd.TermStatus.NOT_YET_IN_FORCE
    # Ended without a renewal clause: is_in_force says None, in_force says why.
    after = cd.in_force(term, on=dt.date(2029, 1, 1))
    assert cd.is_in_force(term, dt.date(2029, 1, 1)) is None
    assert after.answer == "unknown"
    assert after.possible_answers == ("no", "yes")
    assert after.reason


def test_in_force_with_an_uncertain_start_names_the_date_it_depends_on() -> None:
    term = Term(start=PartialDate.parse("2025"), duration=Duration(years=3))
    got = cd.in_force(term, on=dt.date(2025, 6, 1))
    assert got.answer == "unknown"
    assert got.depends_on == ("term.start",)
    assert set(got.possible) == {cd.TermStatus.NOT_YET_IN_FORCE, cd.TermStatus.IN_FORCE}


def test_in_force_expired_is_no() -> None:
    term = Term(
        start=PartialDate.parse("2020-01-01"),
        duration=Duration(years=1),
        renewal=Renewal(mode=RenewalMode.NONE),
    )
    got = cd.in_force(term, on=dt.date(2022, 1, 1))
    assert got.answer == "no"
    assert got.status is cd.TermStatus.EXPIRED


def test_in_force_agrees_with_is_in_force(conv: Convention) -> None:
    words = {True: "yes", False: "no", None: "unknown"}
    for year in range(2024, 2032):
        day = dt.date(year, 6, 1)
        assert cd.in_force(conv, on=day).answer == words[cd.is_in_force(conv, day)]


def test_in_force_has_no_truth_value_and_takes_pendulum_days(conv: Convention) -> None:
    got = cd.in_force(conv, on=pendulum.date(2026, 1, 1))
    assert got == cd.in_force(conv, on=dt.date(2026, 1, 1))
    assert type(got.on) is dt.date
    assert cd.in_force(conv, on=dt.datetime(2026, 1, 1, 23)).on == dt.date(2026, 1, 1)
    with pytest.raises(TypeError, match="answer"):
        bool(got)
    with pytest.raises(TypeError, match="date"):
        cd.in_force(conv, on="2026-01-01")  # type: ignore[arg-type]


# ---------------------------------------------------------------- one time type policy


def test_times_returned_are_standard_library_types(conv: Convention) -> None:
    mt = cd.meeting_times(conv)[0]
    assert type(mt.instant) is dt.datetime
    assert mt.instant is not None
    assert mt.instant.tzinfo is UTC
    assert type(mt.local_start) is dt.datetime
    assert all(type(p.local) is dt.datetime for p in mt.parties if p.local is not None)
    assert type(cd.zone("Europe/Paris")) is zoneinfo.ZoneInfo
    wall = pendulum.datetime(2026, 10, 1, 10, tz="Asia/Tokyo")
    assert type(cd.to_instant(wall, "Europe/Paris")) is dt.datetime
    assert cd.to_instant(wall, "Europe/Paris") == cd.to_instant(
        dt.datetime(2026, 10, 1, 10), "Europe/Paris"
    )
    shown = cd.in_zone(pendulum.datetime(2026, 10, 1, 8), "Africa/Casablanca")
    assert type(shown) is dt.datetime
    assert shown == cd.in_zone(dt.datetime(2026, 10, 1, 8, tzinfo=UTC), "Africa/Casablanca")
    found = cd.next_meetings(conv, after=dt.date(2026, 6, 1), limit=10)
    assert all(type(m.instant) is dt.datetime for m in found if m.instant is not None)
