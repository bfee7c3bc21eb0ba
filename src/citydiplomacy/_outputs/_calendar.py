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
* Meetings recorded by ``date`` only (format 1.1) are all-day events: one exact day
  gives ``DTSTART;VALUE=DATE``, an interval of exact days (``2023-08-30/2023-09-03``)
  a multi-day event whose ``DTEND`` is the day after the last (RFC 5545: exclusive).
  A date that cannot be placed on days (known to the month or season only, uncertain
  or approximate, unspecified digits, an open or unknown end, one of a set) is left
  out: :func:`skipped_meetings` lists each with the reason, and ``export --to ics``
  says how many on standard error.
* Expected meetings (a cadence slot not yet matched by a recorded meeting) are
  all-day, transparent, ``STATUS:TENTATIVE`` events spanning the slot's window, with
  "expected" in their summary and the category ``expected``.
* Cancelled and postponed meetings are ``STATUS:CANCELLED``; held and planned ones
  ``CONFIRMED``; a meeting whose status the file does not state has no ``STATUS``.
* Output is byte-stable: the same convention gives the same bytes. UIDs derive from
  the convention id and the meeting id (or body id and slot index), and ``DTSTAMP``
  from the convention's own dates (see :func:`default_stamp`).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import functools
import itertools
from collections.abc import Iterable

import attrs
import icalendar

from citydiplomacy._base._args import check_type
from citydiplomacy._base._times import as_instant, as_optional_date
from citydiplomacy._domain._codes import MeetingStatus
from citydiplomacy._domain._model import Convention, Meeting
from citydiplomacy._domain._values import (
    MAX_DATE,
    MIN_DATE,
    RANGE_TEXT,
    Duration,
    MultilingualText,
    PartialDate,
)
from citydiplomacy._time._followup import ExpectedMeeting, expected_meetings, match_slots
from citydiplomacy._time._meetings import (
    MeetingTime,
    format_meeting,
    instant_outside_range,
    meeting_times,
)
from citydiplomacy._time._terms import period_bounds, term_span
from citydiplomacy._time._tz import WallTime, tz_database_version, zone

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


@attrs.frozen
class SkippedMeeting:
    """A recorded meeting the calendar leaves out: its date cannot be placed on days.

    >>> import citydiplomacy as cd
    >>> visit = cd.Meeting(id="visit-2024", date=cd.partial_date("2024-05"))
    >>> conv = cd.Convention(schema_version="1.1", id="villebelle-tilelli", parties=(),
    ...                      governance=cd.Governance(meetings=(visit,)))
    >>> skipped = cd.skipped_meetings(conv)[0]
    >>> skipped.meeting, str(skipped.date), skipped.reason
    ('visit-2024', '2024-05', 'its date is known only to the month, not to the day')
    """

    #: The meeting's id.
    meeting: str
    #: Its date as recorded.
    date: PartialDate
    #: Why it cannot be placed, in plain words.
    reason: str

    def __str__(self) -> str:
        return f"meeting {self.meeting} ({self.date}): {self.reason}"


def _unplaceable(date: PartialDate) -> str | None:
    """Why a date-only meeting cannot be an all-day event; ``None`` when it can."""
    if date.is_set:
        return "its date is one of several possible dates, not known days"
    if date.is_interval:
        start, end = date.start, date.end
        if start is None or end is None:
            return "its date is an interval with an open or unknown end"
        if start.is_uncertain or start.is_approximate or end.is_uncertain or end.is_approximate:
            return "its dates are uncertain or approximate"
        if not (start.is_exact and end.is_exact):
            return "its first and last days are not both known to the day"
        if end.as_date() == MAX_DATE:
            return "it ends on the last supported day, 9999-12-31: no day after it to end on"
        return None
    if date.is_uncertain or date.is_approximate:
        return "its date is uncertain or approximate"
    if not date.is_exact:
        return f"its date is known only to the {date.precision}, not to the day"
    if date.as_date() == MAX_DATE:
        return "it is on the last supported day, 9999-12-31: no day after it to end on"
    return None


def skipped_meetings(convention: Convention) -> tuple[SkippedMeeting, ...]:
    """The recorded meetings :func:`to_calendar` leaves out, in recorded order, with why.

    Only meetings recorded by ``date`` without a ``start`` can be left out: a timed
    meeting is always placed, an exact day or an interval of exact days is an all-day
    event, and any other date (``2024-05``, ``2024-21``, ``2024-05-03?``,
    ``2024-05-03/..``, ``[2024-05, 2024-06]``) cannot be placed on days.

    >>> import citydiplomacy as cd
    >>> skipped_meetings(cd.load("examples/fictional-villebelle-tilelli.yaml"))  # all placed
    ()
    >>> visit = cd.Meeting(id="visit", date=cd.partial_date("2024-21"))  # spring 2024
    >>> conv = cd.Convention(schema_version="1.1", id="villebelle-tilelli", parties=(),
    ...                      governance=cd.Governance(meetings=(visit,)))
    >>> [s.meeting for s in skipped_meetings(conv)]
    ['visit']
    """
    governance = convention.governance
    meetings = governance.meetings if governance is not None else ()
    out: list[SkippedMeeting] = []
    for meeting in meetings:
        if instant_outside_range(meeting):
            out.append(
                SkippedMeeting(
                    meeting.id,
                    PartialDate.from_date(meeting.start.date()),  # type: ignore[union-attr]
                    f"its UTC instant falls outside {RANGE_TEXT}",
                )
            )
            continue
        if meeting.start is not None or meeting.date is None:
            continue
        reason = _unplaceable(meeting.date)
        if reason is not None:
            out.append(SkippedMeeting(meeting.id, meeting.date, reason))
    return tuple(out)


def meeting_uid(convention: Convention, meeting_id: str) -> str:
    """The stable UID of a recorded meeting.

    >>> from citydiplomacy._domain._codes import InstrumentKind
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
    deliberations and held meetings (planned meetings may lie in the future). A date
    known less precisely counts by its last day (by its first when its end is open or
    unknown: that end tells nothing). Without any, the Unix epoch.
    """
    days: list[_dt.date] = []
    for doc in convention.documents:
        days += [_last_known(d) for d in (doc.date, doc.accessed) if d is not None]
    if convention.signature is not None and convention.signature.date is not None:
        days.append(_last_known(convention.signature.date))
    days += [_last_known(d.date) for d in convention.deliberations if d.date is not None]
    if convention.governance is not None:
        for m in convention.governance.meetings:
            if m.status is not MeetingStatus.HELD:
                continue
            if m.start is not None:
                days.append((m.end or m.start).date())
            elif m.date is not None:
                days.append(_last_known(m.date))
    if not days:
        return _EPOCH
    last = max(days)
    last = last + _dt.timedelta(days=1) if last < MAX_DATE else last
    return _dt.datetime(last.year, last.month, last.day, tzinfo=_dt.timezone.utc)


def _last_known(date: PartialDate) -> _dt.date:
    last = date.latest()
    return last if last < MAX_DATE else date.earliest()


def _text(value: str) -> icalendar.vText:
    """Text for any iCalendar property: the library's own content-line escaping
    (backslash, ``;``, ``,``, and every line break, CR included, as ``\\n``), whatever
    type the library would pick for the property by name (``NAME`` and
    ``X-WR-CALNAME`` would not be escaped)."""
    text: icalendar.vText = icalendar.vText(value.replace("\r\n", "\n").replace("\r", "\n"))
    return text


def _lang(convention: Convention) -> tuple[str, ...]:
    # Without a preference a text comes in its first stored language, its primary
    # one (format 1.1 keeps the order of languages for that reason).
    first = convention.authoritative_language
    return (*((first,) if first is not None else ()), *convention.languages)


def _calendar_name(convention: Convention) -> str:
    """The title, else the instrument's own designation, else its id."""
    langs = _lang(convention)
    for text in (convention.title, convention.designation):
        if text is not None:
            return text.text(*langs)
    return convention.id


def _summary(convention: Convention, meeting: Meeting) -> str:
    langs = _lang(convention)
    if meeting.title is not None:
        return meeting.title.text(*langs)
    if meeting.body is not None and convention.governance is not None:
        for body in convention.governance.bodies:
            if body.id == meeting.body:
                return body.name.text(*langs)
    return meeting.kind or meeting.id


def _zone_name(mt: MeetingTime) -> str:
    name = mt.meeting.time_zone
    assert name is not None  # a timed meeting has its zone (checked by meeting_time)
    return name


def _wall(mt: MeetingTime) -> _dt.datetime:
    """The start to write, with its zone: after a gap, the time the clocks show."""
    shown = mt.local_start if mt.wall_time is WallTime.NONEXISTENT else mt.meeting.start
    assert shown is not None
    naive = _dt.datetime(shown.year, shown.month, shown.day, shown.hour, shown.minute, shown.second)
    return naive.replace(tzinfo=zone(_zone_name(mt)), fold=0)


def _end_wall(mt: MeetingTime) -> _dt.datetime | None:
    if (
        mt.meeting.end is None
        or mt.end_instant is None
        or mt.instant is None
        or mt.end_instant <= mt.instant
    ):
        return None
    shown = mt.end_instant.astimezone(zone(_zone_name(mt)))
    naive = _dt.datetime(shown.year, shown.month, shown.day, shown.hour, shown.minute, shown.second)
    return naive.replace(tzinfo=zone(_zone_name(mt)), fold=shown.fold)


def _meeting_event(convention: Convention, mt: MeetingTime, stamp: _dt.datetime) -> icalendar.Event:
    meeting = mt.meeting
    langs = _lang(convention)
    event = icalendar.Event()
    event.add("uid", meeting_uid(convention, meeting.id))
    event.add("dtstamp", stamp)
    if mt.is_timed:
        event.add("dtstart", _wall(mt))
        end = _end_wall(mt)
        if end is not None:
            event.add("dtend", end)
    else:
        # An all-day event: the caller placed only exact days (see skipped_meetings).
        assert mt.date is not None
        first, last = mt.date.possible_range()
        event.add("dtstart", first)
        event.add("dtend", last + _dt.timedelta(days=1))
    event.add("summary", _text(_summary(convention, meeting)))
    cancelled = meeting.status in {MeetingStatus.CANCELLED, MeetingStatus.POSTPONED}
    if meeting.status is not None:  # no status stated: none written (it is optional)
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if meeting.place is not None:
        event.add("location", _text(meeting.place.text(*langs)))
    lines = [format_meeting(mt, *langs)]
    if mt.instant is not None:
        lines.append(f"{mt.instant:%Y-%m-%d %H:%M} UTC")
    if meeting.status is MeetingStatus.POSTPONED:
        lines.append("postponed: a new date is to be set")
    elif meeting.status is None:
        lines.append("status not stated")
    lines += list(mt.notes)
    if mt.is_timed:
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
    if slot.window.latest < MAX_DATE:
        event.add("dtend", slot.window.latest + _dt.timedelta(days=1))
    else:  # no day after the calendar's last: the same span as a duration
        event.add("duration", slot.window.latest - slot.window.earliest + _dt.timedelta(days=1))
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


#: At most this many expected meetings of each body go into a calendar: the work and
#: the file are bounded by the question (a monthly cadence over a 9,998-year term would
#: be 120,000 events); ``since`` and ``until`` (``export --from``/``--until``) choose
#: the window.
EXPECTED_EVENTS_LIMIT = 1000


def _expected_slots(
    convention: Convention, until: _dt.date | None, since: _dt.date | None = None
) -> list[ExpectedMeeting]:
    """Unmatched expected slots over the term (or from ``since``, up to ``until``), at
    most :data:`EXPECTED_EVENTS_LIMIT` per body.

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
        expected = list(
            itertools.islice(
                expected_meetings(convention, body, until=until, since=since),
                EXPECTED_EVENTS_LIMIT,
            )
        )
        recorded = [m for m in governance.meetings if m.body == body.id]
        pairs, _ = match_slots(expected, recorded)
        slots += [slot for slot, meeting in pairs if meeting is None]
    return slots


def _timezones(
    names: Iterable[str], windows: tuple[tuple[_dt.date, _dt.date], ...]
) -> list[icalendar.Timezone]:
    out = []
    for name in sorted(set(names)):
        component = icalendar.Timezone.from_ical(_vtimezone_ical(name, windows))
        assert isinstance(component, icalendar.Timezone)
        out.append(component)
    return out


def _zone_windows(days: Iterable[_dt.date]) -> tuple[tuple[_dt.date, _dt.date], ...]:
    """The days a VTIMEZONE is exact over: one fixed, generous span, and three days
    around each meeting day outside it (merged), so that the work is bounded by the
    meetings, not by the years between them (a meeting in year 1 costs three days,
    not 2,000 years scanned day by day)."""
    spans = [_ZONE_SPAN]
    for day in sorted(set(days)):
        if not _ZONE_SPAN[0] <= day <= _ZONE_SPAN[1]:
            low = day - _ONE_DAY if day > MIN_DATE else day
            high = day + _ONE_DAY if day < MAX_DATE else day
            spans.append((low, high))
    spans.sort()
    merged = [spans[0]]
    for low, high in spans[1:]:
        if low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return tuple(merged)


_UTC = _dt.timezone.utc
_ONE_SECOND = _dt.timedelta(seconds=1)
_ONE_DAY = _dt.timedelta(days=1)


def _state(instant: _dt.datetime, tz: _dt.tzinfo) -> tuple[_dt.timedelta, str, bool]:
    local = instant.astimezone(tz)
    offset = local.utcoffset()
    assert offset is not None
    return offset, local.tzname() or "", bool(local.dst())


def _transitions(
    name: str, windows: tuple[tuple[_dt.date, _dt.date], ...]
) -> list[tuple[_dt.datetime, tuple[_dt.timedelta, str, bool]]]:
    """Every change of offset, abbreviation or DST flag in the zone within the windows
    (in date order, not overlapping), to the second; the state at the start of each
    window counts as a change when it differs from the one before."""
    tz = zone(name)
    out: list[tuple[_dt.datetime, tuple[_dt.timedelta, str, bool]]] = []
    for low, high in windows:
        # Local times of the range's first and last UTC days may fall in year 0 or 10000.
        first, last = max(low, MIN_DATE + _ONE_DAY), min(high, MAX_DATE - _ONE_DAY)
        t = _dt.datetime(first.year, first.month, first.day, tzinfo=_UTC)
        end = _dt.datetime(last.year, last.month, last.day, tzinfo=_UTC)
        state = _state(t, tz)
        if not out or out[-1][1] != state:
            out.append((t, state))
        # A day at a time: no rule keeps an offset for less than a day (Morocco's
        # Ramadan months are the shortest in use), then bisect down to the second.
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
def _vtimezone_ical(name: str, windows: tuple[tuple[_dt.date, _dt.date], ...]) -> bytes:
    changes = _transitions(name, windows)
    first, last = windows[0][0], windows[-1][1]
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
    component = icalendar.Timezone.from_ical(_vtimezone_ical(name, ((first, last),)))
    assert isinstance(component, icalendar.Timezone)
    return component


def to_calendar(
    convention: Convention,
    *,
    until: _dt.date | None = None,
    stamp: _dt.datetime | None = None,
    since: _dt.date | None = None,
) -> icalendar.Calendar:
    """The convention's meetings as an :class:`icalendar.Calendar`.

    ``until`` bounds expected meetings (by default: the whole term, or its initial
    period when it has no known last day), ``since`` leaves out those that close
    before it; at most :data:`EXPECTED_EVENTS_LIMIT` expected meetings of each body
    are listed, the first ones of that window. ``stamp`` overrides :func:`default_stamp`.
    Meetings recorded by a date that cannot be placed on days are left out:
    :func:`skipped_meetings` lists them with the reason.

    >>> import citydiplomacy as cd
    >>> cal = to_calendar(cd.load("examples/fictional-villebelle-tilelli.yaml"))
    >>> sorted({c.name for c in cal.subcomponents})
    ['VEVENT', 'VTIMEZONE']
    """
    check_type("to_calendar", "convention", convention, Convention)
    until = as_optional_date(until, "to_calendar() argument 'until'")
    since = as_optional_date(since, "to_calendar() argument 'since'")
    stamp = as_instant(
        stamp if stamp is not None else default_stamp(convention),
        "to_calendar() argument 'stamp'",
    )
    cal = icalendar.Calendar()
    cal.add("prodid", _PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("name", _text(_calendar_name(convention)))
    cal.add("x-wr-calname", _text(_calendar_name(convention)))
    cal.add("x-citydiplomacy-tz-version", tz_database_version())

    skipped = {s.meeting for s in skipped_meetings(convention)}
    recorded = [mt for mt in meeting_times(convention) if mt.meeting.id not in skipped]
    timed = [mt for mt in recorded if mt.is_timed]
    expected = _expected_slots(convention, until, since)
    days = [mt.meeting.start.date() for mt in timed if mt.meeting.start is not None]
    days += [mt.meeting.end.date() for mt in timed if mt.meeting.end is not None]
    if timed:
        # One fixed, generous span (with a few days added around meetings outside it)
        # makes a zone's VTIMEZONE the same in every export: readers that cache zones
        # by TZID across files (vobject does) never apply a definition that stops short.
        for tz in _timezones((_zone_name(mt) for mt in timed), _zone_windows(days)):
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
    since: _dt.date | None = None,
) -> bytes:
    """The convention's meetings as iCalendar bytes (UTF-8, CRLF line ends); byte-stable.

    >>> import citydiplomacy as cd
    >>> to_ical(cd.load("examples/fictional-villebelle-tilelli.yaml")).splitlines()[0]
    b'BEGIN:VCALENDAR'
    """
    check_type("to_ical", "convention", convention, Convention)
    data: bytes = to_calendar(convention, until=until, stamp=stamp, since=since).to_ical()
    return data
