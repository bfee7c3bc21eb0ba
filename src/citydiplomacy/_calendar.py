"""Calendar export: recorded and expected meetings as an iCalendar (RFC 5545) file.

* Recorded meetings keep their wall time and zone (``DTSTART;TZID=Africa/Casablanca``);
  every zone used comes with a ``VTIMEZONE`` built from the same ``tzdata`` rules as
  the library (see :func:`vtimezone`), so a reader that honours it places each
  meeting at the instant this library computes. Readers that know the zone name may
  use their own zone data instead: if theirs is stale (Morocco before IANA 2026c),
  they show the meeting an hour off; the description gives the UTC time too. A wall
  time that does not exist is written as the time the clocks show after the gap; one
  that happens twice is left as is, which RFC 5545 reads as its first occurrence, the
  library's own choice.
* Expected meetings (a cadence slot not yet matched by a recorded meeting) are
  all-day, transparent, ``STATUS:TENTATIVE`` events spanning the slot's window, with
  "expected" in their summary and the category ``expected``.
* Cancelled and postponed meetings are ``STATUS:CANCELLED``; the others ``CONFIRMED``.
* Output is byte-stable: the same convention gives the same bytes. UIDs derive from
  the convention id and the meeting id (or body id and slot index), and ``DTSTAMP``
  from the convention's own dates (see :func:`default_stamp`).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import functools
from collections.abc import Iterable

import icalendar

from ._args import check_date, check_type
from ._codes import MeetingStatus
from ._followup import ExpectedMeeting, expected_meetings, match_slots
from ._meetings import MeetingTime, format_meeting, meeting_times
from ._model import Convention, Meeting
from ._terms import period_bounds, term_span
from ._tz import WallTime, tz_database_version, zone
from ._values import Duration, MultilingualText

_PRODID = "-//citydiplomacy//citydiplomacy calendar export//EN"
_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
#: The span every VTIMEZONE covers at least.
_ZONE_SPAN = (_dt.date(1970, 1, 1), _dt.date(2050, 1, 1))

#: "Expected meeting" in the languages conventions are most often written in; other
#: languages fall back to English.
_EXPECTED = MultilingualText(
    {
        "en": "Expected meeting",
        "fr": "Réunion attendue",
        "es": "Reunión prevista",
        "pt": "Reunião prevista",
        "it": "Riunione prevista",
        "de": "Erwartete Sitzung",
        "ar": "اجتماع متوقع",
    }
)


def meeting_uid(convention: Convention, meeting_id: str) -> str:
    """The stable UID of a recorded meeting.

    >>> from citydiplomacy._codes import InstrumentKind
    >>> c = Convention(schema_version="1.0", id="gt-2025", kind=InstrumentKind.AMENDMENT,
    ...                title=MultilingualText({"fr": "T"}), authoritative_language="fr",
    ...                parties=())
    >>> meeting_uid(c, "copil-1")
    'meeting.copil-1@gt-2025.citydiplomacy'
    """
    return f"meeting.{meeting_id}@{convention.id}.citydiplomacy"


def expected_uid(convention: Convention, body_id: str, index: int) -> str:
    """The stable UID of expected slot ``index`` of a body (the index counts from the
    cadence's anchor, so it does not move when earlier slots are met)."""
    return f"expected.{body_id}.{index}@{convention.id}.citydiplomacy"


def default_stamp(convention: Convention) -> _dt.datetime:
    """A ``DTSTAMP`` derived from the convention itself, never from the clock.

    DTSTAMP says when the calendar data was made. Taking the current time would make
    every export differ from the last, so the export would not be byte-stable and
    tools could not tell a real change from a re-run. The convention's record is
    made no earlier than the latest event it reports as past, so this is midnight
    UTC after the latest such day: documents' dates and access dates, the signature,
    deliberations and held meetings (planned meetings may lie in the future). Without
    any, the Unix epoch.
    """
    days: list[_dt.date] = []
    for doc in convention.documents:
        days += [d.latest() for d in (doc.date, doc.accessed) if d is not None]
    if convention.signature is not None and convention.signature.date is not None:
        days.append(convention.signature.date.latest())
    days += [d.date.latest() for d in convention.deliberations if d.date is not None]
    if convention.governance is not None:
        days += [
            (m.end or m.start).date()
            for m in convention.governance.meetings
            if m.status is MeetingStatus.HELD
        ]
    if not days:
        return _EPOCH
    last = max(days) + _dt.timedelta(days=1)
    return _dt.datetime(last.year, last.month, last.day, tzinfo=_dt.timezone.utc)


def _text(value: str) -> icalendar.vText:
    """Text for any iCalendar property: the library's own content-line escaping
    (backslash, ``;``, ``,``, and every line break, CR included, as ``\\n``), whatever
    type the library would pick for the property by name (``NAME`` and
    ``X-WR-CALNAME`` would not be escaped)."""
    text: icalendar.vText = icalendar.vText(value.replace("\r\n", "\n").replace("\r", "\n"))
    return text


def _lang(convention: Convention) -> tuple[str, ...]:
    return (convention.authoritative_language, *convention.languages, "en")


def _summary(convention: Convention, meeting: Meeting) -> str:
    langs = _lang(convention)
    if meeting.title is not None:
        return meeting.title.text(*langs)
    if meeting.body is not None and convention.governance is not None:
        for body in convention.governance.bodies:
            if body.id == meeting.body:
                return body.name.text(*langs)
    return meeting.kind or meeting.id


def _wall(mt: MeetingTime) -> _dt.datetime:
    """The start to write, with its zone: after a gap, the time the clocks show."""
    shown = mt.local_start if mt.wall_time is WallTime.NONEXISTENT else mt.meeting.start
    naive = _dt.datetime(shown.year, shown.month, shown.day, shown.hour, shown.minute, shown.second)
    return naive.replace(tzinfo=zone(mt.meeting.time_zone), fold=0)


def _end_wall(mt: MeetingTime) -> _dt.datetime | None:
    if mt.meeting.end is None or mt.end_instant is None or mt.end_instant <= mt.instant:
        return None
    shown = mt.end_instant.in_timezone(zone(mt.meeting.time_zone))
    naive = _dt.datetime(shown.year, shown.month, shown.day, shown.hour, shown.minute, shown.second)
    return naive.replace(tzinfo=zone(mt.meeting.time_zone), fold=shown.fold)


def _meeting_event(convention: Convention, mt: MeetingTime, stamp: _dt.datetime) -> icalendar.Event:
    meeting = mt.meeting
    langs = _lang(convention)
    event = icalendar.Event()
    event.add("uid", meeting_uid(convention, meeting.id))
    event.add("dtstamp", stamp)
    event.add("dtstart", _wall(mt))
    end = _end_wall(mt)
    if end is not None:
        event.add("dtend", end)
    event.add("summary", _text(_summary(convention, meeting)))
    cancelled = meeting.status in {MeetingStatus.CANCELLED, MeetingStatus.POSTPONED}
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if meeting.place is not None:
        event.add("location", _text(meeting.place.text(*langs)))
    lines = [format_meeting(mt, *langs), f"{mt.instant:%Y-%m-%d %H:%M} UTC"]
    if meeting.status is MeetingStatus.POSTPONED:
        lines.append("postponed: a new date is to be set")
    lines += list(mt.notes)
    lines.append(f"time zone data: IANA {mt.tz_version}")
    event.add("description", _text("\n".join(lines)))
    if meeting.body is not None:
        event.add("categories", [meeting.body])
    return event


def _expected_event(
    convention: Convention, slot: ExpectedMeeting, stamp: _dt.datetime
) -> icalendar.Event:
    langs = _lang(convention)
    body_name = slot.body
    every: Duration | None = None
    if convention.governance is not None:
        for body in convention.governance.bodies:
            if body.id == slot.body:
                body_name = body.name.text(*langs)
                every = body.cadence.every if body.cadence is not None else None
    event = icalendar.Event()
    event.add("uid", expected_uid(convention, slot.body, slot.index))
    event.add("dtstamp", stamp)
    event.add("dtstart", slot.window.earliest)
    event.add("dtend", slot.window.latest + _dt.timedelta(days=1))
    event.add("summary", _text(f"{_EXPECTED.text(*langs)}: {body_name}"))
    event.add("status", "TENTATIVE")
    event.add("transp", "TRANSPARENT")
    event.add("categories", ["expected", slot.body])
    lines = [
        f"expected meeting (slot {slot.index}"
        + (f" of a cadence every {every}" if every is not None else "")
        + f"), due {slot.window.human()}"
    ]
    if slot.host is not None:
        host = slot.host
        with contextlib.suppress(KeyError):  # a dangling host id is shown as is
            host = convention.party(slot.host).name.text(*langs)
        lines.append(f"host: {host}")
    if slot.mode is not None:
        lines.append(f"mode: {slot.mode.value}")
    event.add("description", _text("\n".join(lines)))
    return event


def _expected_slots(convention: Convention, until: _dt.date | None) -> list[ExpectedMeeting]:
    """Unmatched expected slots over the term (or up to ``until``).

    A term without a known last day (renewing forever, or no end stated) is bounded
    by its initial period, so the default output never depends on today's date.
    """
    if until is None and term_span(convention)[1] is None:
        first = period_bounds(convention, 0)
        if first is None or first.end is None:
            return []
        until = first.end.latest
    governance = convention.governance
    if governance is None:
        return []
    slots: list[ExpectedMeeting] = []
    for body in governance.bodies:
        expected = list(expected_meetings(convention, body, until=until))
        recorded = [m for m in governance.meetings if m.body == body.id]
        pairs, _ = match_slots(expected, recorded)
        slots += [slot for slot, meeting in pairs if meeting is None]
    return slots


def _timezones(names: Iterable[str], first: _dt.date, last: _dt.date) -> list[icalendar.Timezone]:
    return [vtimezone(name, first, last) for name in sorted(set(names))]


_UTC = _dt.timezone.utc
_ONE_SECOND = _dt.timedelta(seconds=1)


def _state(instant: _dt.datetime, tz: _dt.tzinfo) -> tuple[_dt.timedelta, str, bool]:
    local = instant.astimezone(tz)
    offset = local.utcoffset()
    assert offset is not None
    return offset, local.tzname() or "", bool(local.dst())


def _transitions(
    name: str, first: _dt.date, last: _dt.date
) -> list[tuple[_dt.datetime, tuple[_dt.timedelta, str, bool]]]:
    """Every change of offset, abbreviation or DST flag in the zone, to the second."""
    tz = zone(name)
    t = _dt.datetime(first.year, first.month, first.day, tzinfo=_UTC)
    end = _dt.datetime(last.year, last.month, last.day, tzinfo=_UTC)
    state = _state(t, tz)
    out = [(t, state)]
    # A day at a time: no rule keeps an offset for less than a day (Morocco's Ramadan
    # months are the shortest in use), then bisect down to the second.
    step = _dt.timedelta(days=1)
    while t < end:
        nxt = min(t + step, end)
        new = _state(nxt, tz)
        if new != state:
            lo, hi = t, nxt
            while hi - lo > _ONE_SECOND:
                mid = lo + (hi - lo) / 2
                if _state(mid, tz) == state:
                    lo = mid
                else:
                    hi = mid
            out.append((hi, new))
            state = new
            t = hi
        else:
            t = nxt
    return out


@functools.lru_cache(maxsize=64)
def _vtimezone_ical(name: str, first: _dt.date, last: _dt.date) -> bytes:
    changes = _transitions(name, first, last)
    # Observances grouped as RFC 5545 wants them: one per (from, to, name, kind), its
    # first onset as DTSTART and the others as RDATE, all in local time before the
    # change (that is, at TZOFFSETFROM).
    groups: dict[tuple[_dt.timedelta, _dt.timedelta, str, bool], list[_dt.datetime]] = {}
    previous = changes[0][1][0]
    for instant, (offset, abbreviation, dst) in changes:
        onset = (instant + previous).replace(tzinfo=None)
        groups.setdefault((previous, offset, abbreviation, dst), []).append(onset)
        previous = offset
    tz = icalendar.Timezone()
    tz.add("tzid", name)
    tz.add("comment", f"IANA tz {tz_database_version()}, from {first} to {last}")
    for (offset_from, offset_to, abbreviation, dst), onsets in sorted(
        groups.items(), key=lambda item: item[1][0]
    ):
        rule = icalendar.TimezoneDaylight() if dst else icalendar.TimezoneStandard()
        rule.add("dtstart", onsets[0])
        # One RDATE per line: RFC 5545 allows a comma-separated list, but some
        # readers keep only its first value (vobject 0.9.9 does).
        for onset in onsets[1:]:
            rule.add("rdate", onset)
        rule.add("tzname", abbreviation or _offset_name(offset_to))
        rule.add("tzoffsetfrom", offset_from)
        rule.add("tzoffsetto", offset_to)
        tz.add_component(rule)
    data: bytes = tz.to_ical()
    return data


def _offset_name(offset: _dt.timedelta) -> str:
    sign = "-" if offset < _dt.timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}{minutes % 60:02d}"


def vtimezone(name: str, first: _dt.date, last: _dt.date) -> icalendar.Timezone:
    """A VTIMEZONE for the named zone from the library's tzdata, exact from ``first``
    to ``last``: every change of offset, found by scanning day by day and bisecting to
    the second.

    icalendar's ``Timezone.from_tzinfo`` is not used: it scans in 64-day strides and
    misses shorter periods, such as Morocco's Ramadan months before 2026 (in 2012 it
    leaves out 2012-07-20 to 2012-08-20), so its VTIMEZONE places meetings an hour off.
    """
    component = icalendar.Timezone.from_ical(_vtimezone_ical(name, first, last))
    assert isinstance(component, icalendar.Timezone)
    return component


def to_calendar(
    convention: Convention,
    *,
    until: _dt.date | None = None,
    stamp: _dt.datetime | None = None,
) -> icalendar.Calendar:
    """The convention's meetings as an :class:`icalendar.Calendar`.

    ``until`` bounds expected meetings (by default: the whole term, or its initial
    period when it has no known last day); ``stamp`` overrides :func:`default_stamp`.
    """
    check_type("to_calendar", "convention", convention, Convention)
    check_date("to_calendar", "until", until)
    check_type("to_calendar", "stamp", stamp, _dt.datetime, type(None))
    stamp = stamp if stamp is not None else default_stamp(convention)
    if stamp.tzinfo is None:
        raise ValueError("stamp must be an aware datetime")
    stamp = stamp.astimezone(_dt.timezone.utc)
    langs = _lang(convention)
    cal = icalendar.Calendar()
    cal.add("prodid", _PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("name", _text(convention.title.text(*langs)))
    cal.add("x-wr-calname", _text(convention.title.text(*langs)))
    cal.add("x-citydiplomacy-tz-version", tz_database_version())

    recorded = list(meeting_times(convention))
    expected = _expected_slots(convention, until)
    days = [mt.meeting.start.date() for mt in recorded]
    days += [(mt.meeting.end or mt.meeting.start).date() for mt in recorded]
    if recorded:
        # One fixed, generous span (widened only for meetings outside it) makes a
        # zone's VTIMEZONE the same in every export: readers that cache zones by TZID
        # across files (vobject does) never apply a definition that stops short.
        first = min(_ZONE_SPAN[0], min(days) - _dt.timedelta(days=1))
        last = max(_ZONE_SPAN[1], max(days) + _dt.timedelta(days=1))
        for tz in _timezones((mt.meeting.time_zone for mt in recorded), first, last):
            cal.add_component(tz)
    for mt in recorded:
        cal.add_component(_meeting_event(convention, mt, stamp))
    for slot in expected:
        cal.add_component(_expected_event(convention, slot, stamp))
    return cal


def to_ical(
    convention: Convention,
    *,
    until: _dt.date | None = None,
    stamp: _dt.datetime | None = None,
) -> bytes:
    """The convention's meetings as iCalendar bytes (UTF-8, CRLF line ends); byte-stable."""
    check_type("to_ical", "convention", convention, Convention)
    data: bytes = to_calendar(convention, until=until, stamp=stamp).to_ical()
    return data
