"""Follow-up: expected meetings from a cadence, matching, overdue slots, late actions."""

from __future__ import annotations

import datetime as dt
import itertools

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citydiplomacy._domain._codes import (
    ActionStatus,
    HostRotation,
    InstrumentKind,
    MeetingMode,
    MeetingStatus,
    PartyKind,
    PartyRole,
    RenewalMode,
)
from citydiplomacy._domain._model import (
    Action,
    Body,
    Cadence,
    Convention,
    Governance,
    Meeting,
    Party,
    Period,
    Renewal,
    Term,
)
from citydiplomacy._domain._values import Duration, MultilingualText, PartialDate
from citydiplomacy._time._followup import (
    SlotStatus,
    expected_meetings,
    follow_up,
    late_actions,
    match_slots,
)
from citydiplomacy._time._terms import DateBounds, term_periods

P = PartialDate.parse
D = dt.date.fromisoformat
T = MultilingualText


def city(pid: str, tz: str) -> Party:
    return Party(
        id=pid,
        kind=PartyKind.LOCAL_GOVERNMENT,
        role=PartyRole.PARTNER,
        name=T({"fr": pid.title()}),
        time_zone=tz,
    )


def meeting(
    mid: str, wall: str, status: MeetingStatus = MeetingStatus.HELD, **kw: object
) -> Meeting:
    return Meeting(
        id=mid,
        body=kw.pop("body", "copil"),  # type: ignore[arg-type]
        start=dt.datetime.fromisoformat(wall),
        time_zone=kw.pop("time_zone", "Europe/Paris"),  # type: ignore[arg-type]
        status=status,
    )


CADENCE = Cadence(
    every=Duration(months=6),
    rotation=HostRotation.ALTERNATING,
    hosts=("villebelle", "tilelli"),
    mode=MeetingMode.HYBRID,
    first=P("2025-04"),
)
TERM = Term(
    start=P("2025-03-01"),
    duration=Duration(years=3),
    renewal=Renewal(mode=RenewalMode.TACIT, period=Duration(years=1), max_renewals=2),
    notice_period=Duration(months=3),
)


def convention(
    *,
    cadence: Cadence | None = CADENCE,
    term: Term | None = TERM,
    meetings: tuple[Meeting, ...] = (),
    actions: tuple[Action, ...] = (),
) -> Convention:
    """Shaped like the fictional Villebelle-Tilelli example."""
    return Convention(
        schema_version="1.0",
        id="fictional",
        kind=InstrumentKind.FRAMEWORK_CONVENTION,
        title=T({"fr": "Convention"}),
        authoritative_language="fr",
        parties=(city("villebelle", "Europe/Paris"), city("tilelli", "Africa/Casablanca")),
        term=term,
        actions=actions,
        governance=Governance(
            bodies=(Body(id="copil", name=T({"fr": "Comité de pilotage"}), cadence=cadence),),
            meetings=meetings,
        ),
    )


RECORDED = (
    meeting("copil-2025-04", "2025-04-15T10:00"),
    meeting(
        "copil-2026-10", "2026-10-01T10:00", MeetingStatus.PLANNED, time_zone="Africa/Casablanca"
    ),
)


def test_windows_widen_with_a_month_precision_anchor_and_hosts_alternate() -> None:
    slots = list(expected_meetings(convention(), "copil", limit=4))
    assert [(s.index, str(s.window), s.host, s.mode) for s in slots] == [
        (0, "2025-04-01/2025-10-29", "villebelle", MeetingMode.HYBRID),
        (1, "2025-10-01/2026-04-29", "tilelli", MeetingMode.HYBRID),
        (2, "2026-04-01/2026-10-29", "villebelle", MeetingMode.HYBRID),
        (3, "2026-10-01/2027-04-29", "tilelli", MeetingMode.HYBRID),
    ]


def test_exact_anchor_gives_back_to_back_slots() -> None:
    cadence = attrs.evolve(CADENCE, first=P("2025-04-15"))
    slots = list(expected_meetings(convention(cadence=cadence), "copil", limit=3))
    assert [str(s.window) for s in slots] == [
        "2025-04-15/2025-10-14",
        "2025-10-15/2026-04-14",
        "2026-04-15/2026-10-14",
    ]


def test_without_first_the_term_start_anchors_the_cadence() -> None:
    cadence = attrs.evolve(CADENCE, first=None)
    first = next(expected_meetings(convention(cadence=cadence), "copil"))
    assert str(first.window) == "2025-03-01/2025-08-31"


def test_expected_meetings_stop_at_the_end_of_the_term() -> None:
    slots = list(expected_meetings(convention(), "copil"))
    # Three years and up to two tacit renewals: 2025-03-01 to 2030-02-28.
    assert slots[-1].window.latest == D("2030-02-28")  # clipped to the last day
    assert slots[-1].index == 9
    until = list(expected_meetings(convention(), "copil", until=D("2026-06-30")))
    assert [s.index for s in until] == [0, 1, 2]


def test_rotation_fixed_and_unspecified() -> None:
    fixed = attrs.evolve(CADENCE, rotation=HostRotation.FIXED)
    assert {s.host for s in expected_meetings(convention(cadence=fixed), "copil")} == {"villebelle"}
    vague = attrs.evolve(CADENCE, rotation=HostRotation.UNSPECIFIED)
    assert {s.host for s in expected_meetings(convention(cadence=vague), "copil")} == {None}
    single = attrs.evolve(CADENCE, rotation=HostRotation.UNSPECIFIED, hosts=("tilelli",))
    assert {s.host for s in expected_meetings(convention(cadence=single), "copil")} == {"tilelli"}


def test_follow_up_of_the_fictional_convention() -> None:
    report = follow_up(convention(meetings=RECORDED), D("2026-09-01"))
    (body,) = report.bodies
    assert body.reason is None
    assert [(c.expected.index, c.status, c.meeting) for c in body.slots] == [
        (0, SlotStatus.HELD, "copil-2025-04"),
        (1, SlotStatus.OVERDUE, None),
        (2, SlotStatus.SCHEDULED, "copil-2026-10"),
        (3, SlotStatus.UPCOMING, None),  # the next one after the day asked about
    ]
    assert [c.expected.index for c in report.overdue] == [1]
    assert body.unmatched == ()


def test_follow_up_until_lists_more_slots_and_due() -> None:
    report = follow_up(convention(), D("2025-05-01"), until=D("2026-12-31"))
    statuses = [c.status for c in report.bodies[0].slots]
    assert statuses == [
        SlotStatus.DUE,
        SlotStatus.UPCOMING,
        SlotStatus.UPCOMING,
        SlotStatus.UPCOMING,
    ]


def test_planned_meeting_in_a_past_slot_is_still_overdue() -> None:
    planned = (meeting("m", "2025-05-01T10:00", MeetingStatus.PLANNED),)
    report = follow_up(convention(meetings=planned), D("2025-11-01"))
    first = report.bodies[0].slots[0]
    assert first.status is SlotStatus.OVERDUE
    assert first.meeting == "m"


@pytest.mark.parametrize("status", [MeetingStatus.CANCELLED, MeetingStatus.POSTPONED])
def test_cancelled_and_postponed_meetings_do_not_count(status: MeetingStatus) -> None:
    report = follow_up(
        convention(meetings=(meeting("m", "2025-05-01T10:00", status),)), D("2025-11-01")
    )
    assert report.bodies[0].slots[0].status is SlotStatus.OVERDUE
    assert report.bodies[0].slots[0].meeting is None


def test_matching_takes_the_earliest_meeting_in_the_slot_and_reports_extras() -> None:
    meetings = (
        meeting("b", "2025-06-01T10:00"),
        meeting("a", "2025-05-01T10:00"),
        meeting("c", "2025-09-01T10:00"),
        meeting("other-body", "2025-05-02T10:00", body="other"),
    )
    report = follow_up(convention(meetings=meetings), D("2026-01-01"))
    body = report.bodies[0]
    # All three fall in slot 0 (2025-04-01 to 2025-10-29): it takes the earliest, and
    # the others are extra meetings, not a stand-in for slot 1 (from 2025-10-01).
    assert [c.meeting for c in body.slots] == ["a", None, None]
    assert body.unmatched == ("b", "c")
    assert [c.status for c in body.slots] == [
        SlotStatus.HELD,
        SlotStatus.DUE,
        SlotStatus.UPCOMING,
    ]


def test_no_cadence_or_no_anchor_cannot_tell() -> None:
    none = follow_up(convention(cadence=None), D("2026-01-01")).bodies[0]
    assert none.slots == ()
    assert none.reason == "the file does not state how often this body meets"
    no_anchor = follow_up(
        convention(cadence=attrs.evolve(CADENCE, first=None), term=Term()), D("2026-01-01")
    ).bodies[0]
    assert no_anchor.slots == ()
    assert "neither the first meeting nor the start of the term" in (no_anchor.reason or "")
    assert list(expected_meetings(convention(cadence=None), "copil")) == []


def test_termination_cuts_the_expected_meetings() -> None:
    term = attrs.evolve(TERM, terminated_on=P("2026-01-15"))
    slots = list(expected_meetings(convention(term=term), "copil"))
    assert [str(s.window) for s in slots] == ["2025-04-01/2025-10-29", "2025-10-01/2026-01-14"]


def test_tacit_renewal_forever_is_lazy() -> None:
    term = attrs.evolve(TERM, renewal=Renewal(mode=RenewalMode.TACIT))
    slots = expected_meetings(convention(term=term), "copil")
    assert len(list(itertools.islice(slots, 500))) == 500
    assert len(list(expected_meetings(convention(term=term), "copil", limit=7))) == 7


def test_unknown_body_raises() -> None:
    with pytest.raises(KeyError):
        list(expected_meetings(convention(), "nope"))


def test_late_actions() -> None:
    def action(aid: str, end: str | None, status: ActionStatus | None) -> Action:
        period = Period(start=P("2025-01"), end=P(end)) if end else None
        return Action(id=aid, title=T({"fr": aid}), period=period, status=status)

    actions = (
        action("late", "2025-12", ActionStatus.IN_PROGRESS),
        action("late-unknown-status", "2025-12-31", None),
        action("done", "2025-12", ActionStatus.COMPLETED),
        action("cancelled", "2025-12", ActionStatus.CANCELLED),
        action("ends-this-year", "2026", ActionStatus.IN_PROGRESS),  # may still be on time
        action("no-end", None, ActionStatus.PLANNED),
    )
    late = late_actions(convention(actions=actions), D("2026-01-01"))
    assert [(a.action, a.status) for a in late] == [
        ("late", ActionStatus.IN_PROGRESS),
        ("late-unknown-status", None),
    ]
    assert late[0].due == DateBounds(D("2025-12-01"), D("2025-12-31"))
    assert follow_up(convention(actions=actions), D("2026-01-01")).late_actions == late


def test_match_slots_ignores_cancelled() -> None:
    slots = list(expected_meetings(convention(), "copil", limit=1))
    pairs, rest = match_slots(slots, [meeting("x", "2025-05-01T10:00", MeetingStatus.CANCELLED)])
    assert pairs == [(slots[0], None)]
    assert rest == []


# ---------------------------------------------------------------- properties


def _partial(day: dt.date, precision: str) -> PartialDate:
    if precision == "year":
        return P(f"{day.year:04d}")
    if precision == "month":
        return P(f"{day.year:04d}-{day.month:02d}")
    if precision == "season":
        return P(f"{day.year:04d}-{21 + (day.month - 3) % 12 // 3}")
    if precision == "uncertain":
        return P(f"{day.isoformat()}?")
    return PartialDate.from_date(day)


precisions = st.sampled_from(["day", "month", "year", "season", "uncertain"])


@st.composite
def conventions_with_cadence(draw: st.DrawFn) -> Convention:
    start_day = draw(st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31)))
    start = _partial(start_day, draw(precisions))
    renewal = draw(
        st.none()
        | st.builds(
            Renewal,
            mode=st.sampled_from(RenewalMode),
            period=st.none() | st.builds(Duration, months=st.integers(1, 24)),
            max_renewals=st.integers(0, 3),
        )
    )
    term = Term(
        start=start,
        duration=Duration(years=draw(st.integers(0, 5)), months=draw(st.integers(1, 11))),
        renewal=renewal,
        terminated_on=draw(
            st.none()
            | st.integers(0, 3000).map(
                lambda n: PartialDate.from_date(start_day + dt.timedelta(days=n))
            )
        ),
    )
    first = None
    if draw(st.booleans()):
        first_day = start.latest() + dt.timedelta(days=draw(st.integers(0, 400)))
        first = _partial(first_day, draw(precisions))
    cadence = Cadence(
        every=Duration(months=draw(st.integers(0, 12)), days=draw(st.integers(1, 20)))
        if draw(st.booleans())
        else Duration(months=draw(st.integers(1, 12))),
        rotation=draw(st.sampled_from(HostRotation)),
        hosts=("villebelle", "tilelli"),
        first=first,
    )
    return convention(cadence=cadence, term=term)


@settings(max_examples=80, deadline=None)
@given(conventions_with_cadence())
def test_no_expected_meeting_falls_outside_the_term(conv: Convention) -> None:
    term = conv.term
    assert term is not None
    assert term.start is not None
    periods = list(term_periods(conv, limit=1000))
    finite = len(periods) < 1000
    slots = list(expected_meetings(conv, "copil", limit=200))
    for slot in slots:
        assert slot.window.earliest >= term.start.possible_range()[0]
        if finite and periods[-1].end is not None:
            assert slot.window.latest <= periods[-1].end.latest
        if term.terminated_on is not None:
            assert slot.window.latest < term.terminated_on.latest()
    for a, b in itertools.pairwise(slots):
        assert a.index < b.index
        assert a.window.earliest <= b.window.earliest
        assert a.window.latest <= b.window.latest


@settings(max_examples=40, deadline=None)
@given(conventions_with_cadence(), st.dates(dt.date(2000, 1, 1), dt.date(2050, 12, 31)))
def test_overdue_means_over_and_not_held(conv: Convention, on: dt.date) -> None:
    report = follow_up(conv, on)
    for check in report.bodies[0].slots:
        over = check.expected.window.latest < on
        assert (check.status is SlotStatus.OVERDUE) == over  # nothing is recorded as held


# ---------------------------------------------------------------- meetings known by date


def dated(mid: str, date: str, status: MeetingStatus | None = MeetingStatus.HELD) -> Meeting:
    return Meeting(id=mid, body="copil", date=P(date), status=status)


# Slots of CADENCE: 0 is 2025-04-01/2025-10-29, 1 is 2025-10-01/2026-04-29, 2 is
# 2026-04-01/2026-10-29 (the anchor 2025-04 is known to the month).


def test_a_meeting_known_by_day_matches_the_slot_of_that_day() -> None:
    report = follow_up(convention(meetings=(dated("d", "2025-05-03"),)), D("2026-01-01"))
    first = report.bodies[0].slots[0]
    assert (first.status, first.meeting) == (SlotStatus.HELD, "d")


def test_a_meeting_over_several_days_matches_by_its_first_day() -> None:
    meetings = (dated("several", "2025-10-30/2025-11-02"),)
    report = follow_up(convention(meetings=meetings), D("2026-06-01"))
    slots = report.bodies[0].slots
    assert [(c.status, c.meeting) for c in slots[:2]] == [
        (SlotStatus.OVERDUE, None),  # slot 0 closes on 2025-10-29
        (SlotStatus.HELD, "several"),
    ]


def test_a_month_precision_meeting_matches_only_where_surely_inside() -> None:
    # October 2025: surely inside slot 1, partly outside slot 0 (which it may be).
    report = follow_up(convention(meetings=(dated("oct", "2025-10"),)), D("2026-06-01"))
    body = report.bodies[0]
    first, second = body.slots[:2]
    assert (first.status, first.meeting, first.possible) == (SlotStatus.UNKNOWN, None, ("oct",))
    assert "not known precisely enough" in (first.note or "")
    assert (second.status, second.meeting) == (SlotStatus.HELD, "oct")
    assert report.overdue == ()
    assert body.unmatched == ()


def test_a_year_precision_meeting_makes_each_slot_it_may_fall_in_unknown() -> None:
    report = follow_up(convention(meetings=(dated("y", "2025"),)), D("2026-06-01"))
    body = report.bodies[0]
    assert [(c.status, c.possible) for c in body.slots[:3]] == [
        (SlotStatus.UNKNOWN, ("y",)),
        (SlotStatus.UNKNOWN, ("y",)),
        (SlotStatus.DUE, ()),
    ]
    assert body.unmatched == ()
    # Outside every window it is an extra meeting, as a timed one would be.
    far = follow_up(convention(meetings=(dated("far", "2040-21"),)), D("2026-06-01"))
    assert far.bodies[0].unmatched == ("far",)


def test_an_uncertain_day_is_not_a_sure_match() -> None:
    # 2025-05-03? may be any day from 2024-04-02 to 2026-06-04.
    report = follow_up(convention(meetings=(dated("u", "2025-05-03?"),)), D("2026-01-01"))
    assert {c.status for c in report.bodies[0].slots} == {SlotStatus.UNKNOWN}


def test_a_past_meeting_without_status_is_not_said_held_nor_overdue() -> None:
    report = follow_up(convention(meetings=(dated("n", "2025-05-03", None),)), D("2026-01-01"))
    first = report.bodies[0].slots[0]
    assert (first.status, first.meeting) == (SlotStatus.UNKNOWN, "n")
    assert "whether it was held is not stated" in (first.note or "")
    assert report.overdue == ()


def test_a_future_meeting_without_status_is_scheduled() -> None:
    future = (meeting("n", "2026-05-03T10:00", None),)  # type: ignore[arg-type]
    report = follow_up(convention(meetings=future), D("2026-04-15"))
    third = report.bodies[0].slots[2]
    assert (third.status, third.meeting) == (SlotStatus.SCHEDULED, "n")


def test_match_slots_counts_meetings_without_status() -> None:
    slots = list(expected_meetings(convention(), "copil", limit=1))
    pairs, rest = match_slots(slots, [dated("n", "2025-05-03", None)])
    assert [m.id if m else None for _, m in pairs] == ["n"]
    assert rest == []


def test_an_anchor_coarser_than_a_year_and_wider_than_a_slot_places_nothing() -> None:
    for first in ("201X", "XXXX-04", "2025-04/.."):
        conv = convention(cadence=attrs.evolve(CADENCE, first=P(first)))
        assert list(expected_meetings(conv, "copil")) == []
        body = follow_up(conv, D("2026-01-01")).bodies[0]
        assert body.slots == ()
        assert "too imprecise to place a meeting every P6M" in (body.reason or "")
    # A year is still placed, with wide windows, as before.
    year = convention(cadence=attrs.evolve(CADENCE, first=P("2025")))
    assert next(expected_meetings(year, "copil")).window == DateBounds(
        D("2025-03-01"), D("2026-06-29")
    )


def test_slots_before_the_term_are_skipped_without_counting_them() -> None:
    cadence = attrs.evolve(CADENCE, every=Duration(months=1), first=P("0001-01-01"))
    slots = list(expected_meetings(convention(cadence=cadence), "copil", until=D("2025-05-15")))
    assert [(s.index, str(s.window)) for s in slots] == [
        (24290, "2025-03-01/2025-03-31"),
        (24291, "2025-04-01/2025-04-30"),
        (24292, "2025-05-01/2025-05-31"),
    ]


def test_an_uncertain_action_end_is_not_late_while_it_may_be_ahead() -> None:
    action = Action(
        id="a",
        title=T({"fr": "a"}),
        period=Period(end=P("2025-12?")),
        status=ActionStatus.IN_PROGRESS,
    )
    conv = convention(actions=(action,))
    # 2025-12? may be any month from 2024-11 to 2027-01 (edtf's fuzzy bounds).
    assert late_actions(conv, D("2026-06-01")) == ()
    (late,) = late_actions(conv, D("2027-02-01"))
    assert late.due == DateBounds(D("2024-11-01"), D("2027-01-31"))
