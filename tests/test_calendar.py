"""Calendar export: instants read back by two iCalendar parsers, stable bytes and UIDs."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import attrs
import icalendar
import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

from citydiplomacy._domain._codes import (
    HostRotation,
    InstrumentKind,
    MeetingStatus,
    PartyKind,
    PartyRole,
    RenewalMode,
)
from citydiplomacy._domain._model import (
    Body,
    Cadence,
    Convention,
    Document,
    Governance,
    Meeting,
    Party,
    Renewal,
    Term,
)
from citydiplomacy._domain._values import Duration, MultilingualText, PartialDate
from citydiplomacy._outputs._calendar import (
    default_stamp,
    expected_uid,
    meeting_uid,
    skipped_meetings,
    to_calendar,
    to_ical,
    vtimezone,
)
from citydiplomacy._time._meetings import meeting_time
from citydiplomacy._time._tz import available_zones, tz_database_version, zone


def prop(component: icalendar.cal.Component, name: str) -> Any:
    """A property of a component, untyped: icalendar types it as a union of every
    property type, and each test knows which one it reads."""
    return component[name]


def _own_zone(component: icalendar.cal.Component) -> dt.tzinfo:
    """The zone a VTIMEZONE defines, not the system's zone of the same name."""
    assert isinstance(component, icalendar.Timezone)
    zone_info: dt.tzinfo = component.to_tz(lookup_tzid=False)
    return zone_info


UTC = dt.timezone.utc
P = PartialDate.parse
T = MultilingualText


def city(pid: str, name: str, tz: str) -> Party:
    return Party(
        id=pid,
        kind=PartyKind.LOCAL_GOVERNMENT,
        role=PartyRole.PARTNER,
        name=T({"fr": name}),
        time_zone=tz,
    )


def meeting(
    mid: str,
    wall: str,
    tz: str,
    status: MeetingStatus = MeetingStatus.PLANNED,
    end: str | None = None,
) -> Meeting:
    return Meeting(
        id=mid,
        body="copil",
        start=dt.datetime.fromisoformat(wall),
        end=dt.datetime.fromisoformat(end) if end else None,
        time_zone=tz,
        status=status,
        title=T({"fr": f"Réunion {mid}", "en": f"Meeting {mid}"}),
    )


MEETINGS = (
    meeting("held", "2025-04-15T10:00", "Europe/Paris", MeetingStatus.HELD, "2025-04-15T16:00"),
    meeting("paris-oct", "2026-10-01T10:00", "Europe/Paris"),  # 08:00 UTC
    meeting("casa-oct", "2026-10-01T10:00", "Africa/Casablanca"),  # 10:00 UTC (+00 now)
    meeting("gap", "2026-03-22T02:30", "Africa/Casablanca"),  # does not exist
    meeting("twice", "2026-02-15T02:30", "Africa/Casablanca"),  # happens twice
    meeting("cancelled", "2026-05-05T09:00", "Europe/Paris", MeetingStatus.CANCELLED),
    meeting("postponed", "2026-06-05T09:00", "Europe/Paris", MeetingStatus.POSTPONED),
    meeting("far", "2040-07-01T09:30", "Africa/Casablanca"),
)


def convention(meetings: tuple[Meeting, ...] = MEETINGS, **changes: object) -> Convention:
    fields: dict[str, object] = {
        "schema_version": "1.0",
        "id": "grenoble-tiznit-test",
        "kind": InstrumentKind.FRAMEWORK_CONVENTION,
        "title": T({"fr": "Convention de test", "en": "Test convention"}),
        "authoritative_language": "fr",
        "parties": (
            city("grenoble", "Grenoble", "Europe/Paris"),
            city("tiznit", "Tiznit", "Africa/Casablanca"),
        ),
        "term": Term(
            start=P("2025-03-01"),
            duration=Duration(years=3),
            renewal=Renewal(mode=RenewalMode.NONE),
        ),
        "documents": (
            Document(id="doc", kind="minutes", title=T({"fr": "CR"}), date=P("2025-04-15")),
        ),
        "governance": Governance(
            bodies=(
                Body(
                    id="copil",
                    name=T({"fr": "Comité de pilotage", "en": "Steering committee"}),
                    cadence=Cadence(
                        every=Duration(months=6),
                        rotation=HostRotation.ALTERNATING,
                        hosts=("grenoble", "tiznit"),
                        first=P("2025-04"),
                    ),
                ),
            ),
            meetings=meetings,
        ),
    }
    fields.update(changes)
    return Convention(**fields)  # type: ignore[arg-type]


def _instants(conv: Convention) -> dict[str, tuple[dt.datetime, dt.datetime | None]]:
    """Our instants, by UID."""
    out: dict[str, tuple[dt.datetime, dt.datetime | None]] = {}
    for m in conv.governance.meetings:  # type: ignore[union-attr]
        mt = meeting_time(m, conv)
        assert mt.instant is not None
        end = mt.end_instant if mt.end_instant is not None and mt.end_instant > mt.instant else None
        out[meeting_uid(conv, m.id)] = (mt.instant, end)
    return out


def _read_with_icalendar(data: bytes) -> dict[str, tuple[dt.datetime, dt.datetime | None]]:
    """Instants as the file states them, reading zones from its own VTIMEZONEs.

    icalendar swaps a known TZID for the system's zone data when decoding, and this
    machine's is stale for Casablanca; building each zone from the VTIMEZONE in the
    file (``lookup_tzid=False``) checks what we wrote, whatever the machine.
    """
    cal = icalendar.Calendar.from_ical(data)
    zones = {str(prop(tz, "TZID")): _own_zone(tz) for tz in cal.walk("VTIMEZONE")}

    def instant(prop: icalendar.prop.vDDDTypes | None) -> dt.datetime | None:
        if prop is None:
            return None
        value = prop.dt
        assert isinstance(value, dt.datetime)
        if "TZID" not in prop.params:
            # A zone that never leaves UTC+00 is written in UTC (``...Z``).
            assert value.utcoffset() == dt.timedelta(0)
            return value.astimezone(UTC)
        wall = value.replace(tzinfo=None)
        return wall.replace(tzinfo=zones[str(prop.params["TZID"])]).astimezone(UTC)

    out = {}
    for event in cal.walk("VEVENT"):
        if not isinstance(prop(event, "DTSTART").dt, dt.datetime):
            continue  # an expected meeting: a window of days
        start = instant(prop(event, "DTSTART"))
        assert start is not None
        out[str(prop(event, "UID"))] = (
            start,
            instant(prop(event, "DTEND") if "DTEND" in event else None),
        )
    return out


def _read_with_vobject(data: bytes) -> dict[str, tuple[dt.datetime, dt.datetime | None]]:
    cal = vobject.readOne(data.decode("utf-8"))
    out = {}
    for event in cal.vevent_list:
        start = event.dtstart.value
        if not isinstance(start, dt.datetime):
            continue
        end = event.dtend.value.astimezone(UTC) if hasattr(event, "dtend") else None
        out[event.uid.value] = (start.astimezone(UTC), end)
    return out


def test_icalendar_reads_back_our_instants() -> None:
    conv = convention()
    read = _read_with_icalendar(to_ical(conv))
    assert read == _instants(conv)
    assert read[meeting_uid(conv, "paris-oct")][0] == dt.datetime(2026, 10, 1, 8, tzinfo=UTC)
    assert read[meeting_uid(conv, "casa-oct")][0] == dt.datetime(2026, 10, 1, 10, tzinfo=UTC)
    assert read[meeting_uid(conv, "twice")][0] == dt.datetime(2026, 2, 15, 1, 30, tzinfo=UTC)
    assert read[meeting_uid(conv, "gap")][0] == dt.datetime(2026, 3, 22, 2, 30, tzinfo=UTC)


def test_vobject_reads_back_the_same_instants() -> None:
    conv = convention()
    assert _read_with_vobject(to_ical(conv)) == _instants(conv)


def test_wall_times_and_zones_as_written() -> None:
    cal = to_calendar(convention())
    events = {str(prop(e, "UID")).split("@")[0]: e for e in cal.walk("VEVENT")}
    paris = prop(events["meeting.paris-oct"], "DTSTART")
    assert paris.params["TZID"] == "Europe/Paris"
    assert paris.to_ical() == b"20261001T100000"
    # A wall time in a gap is written as the clocks show it after the gap.
    assert prop(events["meeting.gap"], "DTSTART").to_ical() == b"20260322T033000"
    assert "does not exist" in str(prop(events["meeting.gap"], "DESCRIPTION"))
    # A repeated one is kept; RFC 5545 reads it as the first occurrence, like us.
    assert prop(events["meeting.twice"], "DTSTART").to_ical() == b"20260215T023000"
    assert "fold=0" in str(prop(events["meeting.twice"], "DESCRIPTION"))
    description = str(prop(events["meeting.paris-oct"], "DESCRIPTION"))
    assert "Grenoble 10:00, Tiznit 08:00" in description
    assert tz_database_version() in description
    assert sorted(str(prop(tz, "TZID")) for tz in cal.walk("VTIMEZONE")) == [
        "Africa/Casablanca",
        "Europe/Paris",
    ]


def test_statuses_summaries_and_language() -> None:
    cal = to_calendar(convention())
    events = {str(prop(e, "UID")).split("@")[0]: e for e in cal.walk("VEVENT")}
    assert prop(events["meeting.cancelled"], "STATUS") == "CANCELLED"
    assert prop(events["meeting.postponed"], "STATUS") == "CANCELLED"
    assert "postponed" in str(prop(events["meeting.postponed"], "DESCRIPTION"))
    assert prop(events["meeting.held"], "STATUS") == "CONFIRMED"
    assert prop(events["meeting.paris-oct"], "STATUS") == "CONFIRMED"
    assert prop(events["meeting.paris-oct"], "SUMMARY") == "Réunion paris-oct"
    english = to_calendar(convention(authoritative_language="en"))
    summaries = {str(prop(e, "SUMMARY")) for e in english.walk("VEVENT")}
    assert "Meeting paris-oct" in summaries
    assert any(s.startswith("Expected meeting: Steering committee") for s in summaries)


def test_expected_meetings_are_tentative_all_day_windows() -> None:
    conv = convention()
    cal = to_calendar(conv)
    expected = [e for e in cal.walk("VEVENT") if str(prop(e, "UID")).startswith("expected.")]
    # Recorded meetings fill slots 0 to 3 (held, twice, paris-oct, casa-oct).
    assert [str(prop(e, "UID")) for e in expected] == [
        expected_uid(conv, "copil", i) for i in (4, 5)
    ]
    first = expected[0]
    assert prop(first, "DTSTART").to_ical() == b"20270401"
    assert prop(first, "DTSTART").params["VALUE"] == "DATE"
    assert prop(first, "DTEND").dt == dt.date(2027, 10, 30)  # exclusive end: window to 2027-10-29
    assert prop(first, "STATUS") == "TENTATIVE"
    assert prop(first, "TRANSP") == "TRANSPARENT"
    assert "expected" in prop(first, "CATEGORIES").cats
    assert str(prop(first, "SUMMARY")) == "Réunion attendue: Comité de pilotage"
    assert "host: Grenoble" in str(prop(first, "DESCRIPTION"))
    last = expected[-1]
    assert prop(last, "DTEND").dt == dt.date(2028, 3, 1)  # the term's last day is 2028-02-29


def test_output_is_byte_stable_and_uids_are_unique() -> None:
    a = to_ical(convention())
    b = to_ical(convention())
    assert a == b
    uids = [str(prop(e, "UID")) for e in icalendar.Calendar.from_ical(a).walk("VEVENT")]
    assert len(uids) == len(set(uids))
    assert meeting_uid(convention(), "held") == "meeting.held@grenoble-tiznit-test.citydiplomacy"


def test_expected_uids_do_not_move_when_a_meeting_is_added() -> None:
    before = {str(prop(e, "UID")) for e in to_calendar(convention()).walk("VEVENT")}
    added = convention((*MEETINGS, meeting("new", "2025-11-05T10:00", "Europe/Paris")))
    after = {str(prop(e, "UID")) for e in to_calendar(added).walk("VEVENT")}
    assert after == (before - {expected_uid(added, "copil", 1)}) | {meeting_uid(added, "new")}


def test_dtstamp_derives_from_the_convention() -> None:
    conv = convention()
    # The latest past fact is the held meeting and its minutes, 2025-04-15.
    assert default_stamp(conv) == dt.datetime(2025, 4, 16, tzinfo=UTC)
    stamps = {prop(e, "DTSTAMP").dt for e in to_calendar(conv).walk("VEVENT")}
    assert stamps == {dt.datetime(2025, 4, 16, tzinfo=UTC)}
    chosen = dt.datetime(2030, 1, 1, 12, tzinfo=UTC)
    assert {prop(e, "DTSTAMP").dt for e in to_calendar(conv, stamp=chosen).walk("VEVENT")} == {
        chosen
    }
    with pytest.raises(ValueError, match="aware"):
        to_calendar(conv, stamp=dt.datetime(2030, 1, 1))
    bare = convention((), documents=())
    assert default_stamp(bare) == dt.datetime(1970, 1, 1, tzinfo=UTC)


def test_renewing_forever_is_bounded_by_the_initial_period_unless_until() -> None:
    term = Term(
        start=P("2025-03-01"),
        duration=Duration(years=1),
        renewal=Renewal(mode=RenewalMode.TACIT),
    )
    conv = convention((), term=term)
    default = list(to_calendar(conv).walk("VEVENT"))
    assert prop(default[-1], "DTEND").dt == dt.date(2026, 3, 1)
    longer = to_calendar(conv, until=dt.date(2027, 12, 31)).walk("VEVENT")
    assert len(longer) > len(default)


def test_no_meeting_no_cadence_gives_an_empty_calendar() -> None:
    conv = convention((), governance=None)
    data = to_ical(conv)
    cal = icalendar.Calendar.from_ical(data)
    assert cal.walk("VEVENT") == []
    assert str(prop(cal, "PRODID")).startswith("-//citydiplomacy//")


# ---------------------------------------------------------------- meetings known by date


def dated(mid: str, date: str, status: MeetingStatus | None = MeetingStatus.HELD) -> Meeting:
    return Meeting(
        id=mid,
        body="copil",
        date=P(date),
        status=status,
        title=T({"fr": f"Réunion {mid}", "en": f"Meeting {mid}"}),
    )


DATED = (
    dated("day", "2025-04-15"),
    dated("days", "2023-08-30/2023-09-03"),
    dated("month", "2025-10"),
    dated("spring", "2026-21", None),
    dated("uncertain", "2026-05-03?", MeetingStatus.PLANNED),
    dated("open", "2026-05-03/..", MeetingStatus.PLANNED),
    dated("one-of", "[2026-05, 2026-06]", MeetingStatus.PLANNED),
    dated("future", "2026-11-03", None),
)


def _all_day(data: bytes) -> dict[str, tuple[dt.date, dt.date | None]]:
    """All-day recorded meetings by UID, as icalendar reads them: (start, end)."""
    out: dict[str, tuple[dt.date, dt.date | None]] = {}
    for event in icalendar.Calendar.from_ical(data).walk("VEVENT"):
        uid = str(prop(event, "UID"))
        if not uid.startswith("meeting."):
            continue
        start = prop(event, "DTSTART")
        assert start.params["VALUE"] == "DATE"
        out[uid] = (start.dt, prop(event, "DTEND").dt if "DTEND" in event else None)
    return out


def test_meetings_known_by_day_are_all_day_events() -> None:
    conv = convention(DATED)
    data = to_ical(conv)
    assert _all_day(data) == {
        meeting_uid(conv, "day"): (dt.date(2025, 4, 15), dt.date(2025, 4, 16)),
        # Several days: DTEND is the day after the last (exclusive).
        meeting_uid(conv, "days"): (dt.date(2023, 8, 30), dt.date(2023, 9, 4)),
        meeting_uid(conv, "future"): (dt.date(2026, 11, 3), dt.date(2026, 11, 4)),
    }
    assert b"DTSTART;VALUE=DATE:20230830\r\nDTEND;VALUE=DATE:20230904" in data
    # No zone is needed for days: no VTIMEZONE when no meeting has a clock time.
    assert icalendar.Calendar.from_ical(data).walk("VTIMEZONE") == []


def test_vobject_reads_the_all_day_events_the_same() -> None:
    conv = convention(DATED)
    parsed = vobject.readOne(to_ical(conv).decode("utf-8"))
    read = {
        e.uid.value: (e.dtstart.value, e.dtend.value)
        for e in parsed.vevent_list
        if e.uid.value.startswith("meeting.")
    }
    assert read == _all_day(to_ical(conv))


def test_meetings_that_cannot_be_placed_are_skipped_with_a_reason() -> None:
    conv = convention(DATED)
    skipped = skipped_meetings(conv)
    assert [(s.meeting, str(s.date), s.reason) for s in skipped] == [
        ("month", "2025-10", "its date is known only to the month, not to the day"),
        ("spring", "2026-21", "its date is known only to the season, not to the day"),
        ("uncertain", "2026-05-03?", "its date is uncertain or approximate"),
        ("open", "2026-05-03/..", "its date is an interval with an open or unknown end"),
        (
            "one-of",
            "[2026-05, 2026-06]",
            "its date is one of several possible dates, not known days",
        ),
    ]
    assert str(skipped[0]) == (
        "meeting month (2025-10): its date is known only to the month, not to the day"
    )
    uids = {str(prop(e, "UID")) for e in to_calendar(conv).walk("VEVENT")}
    assert not {meeting_uid(conv, s.meeting) for s in skipped} & uids
    assert skipped_meetings(convention()) == ()  # timed meetings are always placed


def test_interval_ends_must_both_be_exact_days() -> None:
    for date, why in [
        ("2023-08/2023-09", "not both known to the day"),
        ("2023-08-30~/2023-09-03", "uncertain or approximate"),
        ("/2023-09-03", "open or unknown end"),
    ]:
        (skipped,) = skipped_meetings(convention((dated("m", date),)))
        assert why in skipped.reason


def test_a_date_only_meeting_with_no_status_says_so_and_mixes_with_timed_ones() -> None:
    conv = convention((*MEETINGS, *DATED))
    cal = to_calendar(conv)
    events = {str(prop(e, "UID")).split("@")[0]: e for e in cal.walk("VEVENT")}
    future = events["meeting.future"]
    assert "STATUS" not in future  # not stated: not said confirmed
    description = str(prop(future, "DESCRIPTION"))
    assert description.startswith("2026-11-03 (all day)\nstatus not stated")
    assert "UTC" not in description
    # Timed meetings keep their zones, and both readers agree on them.
    assert _read_with_vobject(to_ical(conv)) == _instants(convention())


def test_a_held_meeting_known_by_day_fills_its_slot_and_dates_the_stamp() -> None:
    conv = convention((dated("day", "2025-04-15"),))
    assert default_stamp(conv) == dt.datetime(2025, 4, 16, tzinfo=UTC)
    uids = {str(prop(e, "UID")) for e in to_calendar(conv).walk("VEVENT")}
    assert expected_uid(conv, "copil", 0) not in uids
    assert expected_uid(conv, "copil", 1) in uids
    # An open end tells nothing about when the record was made: its start counts.
    open_end = convention((dated("open", "2026-05-03/.."),), documents=())
    assert default_stamp(open_end) == dt.datetime(2026, 5, 4, tzinfo=UTC)


def test_the_calendar_is_named_without_a_title() -> None:
    designation = convention(title=None, designation=T({"fr": "accord-cadre"}))
    assert str(prop(to_calendar(designation), "NAME")) == "accord-cadre"
    bare = convention(title=None, authoritative_language=None)
    assert str(prop(to_calendar(bare), "X-WR-CALNAME")) == "grenoble-tiznit-test"


# ---------------------------------------------------------------- properties


@functools.cache
def _zones() -> list[str]:
    return sorted(available_zones())


_CHANGING = [
    "Africa/Casablanca",
    "Europe/Paris",
    "Europe/Dublin",
    "America/St_Johns",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Antarctica/Troll",
]

walls = st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2040, 12, 31, 23, 59)).map(
    lambda d: d.replace(second=0, microsecond=0)
)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_zones()) | st.sampled_from(_CHANGING), walls),
        min_size=1,
        max_size=4,
    )
)
def test_exported_instants_match_for_any_zone(items: list[tuple[str, dt.datetime]]) -> None:
    meetings = tuple(
        attrs.evolve(meeting(f"m{i}", "2026-01-01T00:00", zone), start=wall)
        for i, (zone, wall) in enumerate(items)
    )
    conv = convention(meetings, governance=Governance(meetings=meetings))
    data = to_ical(conv)
    ours = _instants(conv)
    assert _read_with_icalendar(data) == ours
    assert _read_with_vobject(data) == ours


def test_short_ramadan_periods_are_in_the_vtimezone() -> None:
    """Morocco left +01 for Ramadan 2012 (2012-07-20 to 2012-08-20): a 31-day period
    that icalendar's own ``Timezone.from_tzinfo`` skips over."""
    meetings = (meeting("ramadan-2012", "2012-08-01T10:00", "Africa/Casablanca"),)
    conv = convention(meetings)
    data = to_ical(conv)
    expected = dt.datetime(2012, 8, 1, 10, tzinfo=UTC)  # +00 during Ramadan
    assert _instants(conv)[meeting_uid(conv, "ramadan-2012")][0] == expected
    assert _read_with_icalendar(data)[meeting_uid(conv, "ramadan-2012")][0] == expected
    assert _read_with_vobject(data)[meeting_uid(conv, "ramadan-2012")][0] == expected


@settings(max_examples=30, deadline=None)
@given(
    st.sampled_from(_zones()) | st.sampled_from(_CHANGING),
    st.lists(
        st.datetimes(dt.datetime(1970, 1, 2), dt.datetime(2049, 12, 31)), min_size=1, max_size=20
    ),
)
def test_vtimezone_offsets_match_tzdata(zone_name: str, instants: list[dt.datetime]) -> None:
    component = vtimezone(zone_name, dt.date(1970, 1, 1), dt.date(2050, 1, 1))
    assert str(prop(component, "TZID")) == zone_name
    theirs = component.to_tz(lookup_tzid=False)
    ours = zone(zone_name)
    for naive in instants:
        instant = naive.replace(tzinfo=UTC)
        assert instant.astimezone(theirs).utcoffset() == instant.astimezone(ours).utcoffset()
