"""Meetings across time zones: the instant of a meeting and its local time for each party.

A meeting is recorded as a local wall time plus the IANA zone it was set in. This
module turns it into a UTC instant and shows it in each party's own zone, with the
zone rules of the ``tzdata`` package (see :mod:`citydiplomacy._time._tz`), whose version
every answer carries: on 2026-10-01, 10:00 in Europe/Paris is 08:00 in
Africa/Casablanca (permanent UTC+00 since 2026-09-20), not the 09:00 that stale
system zone data shows.

Wall times that do not exist (skipped by a forward clock change) are moved forward
by the gap, as clocks do; wall times that happen twice (a backward change) are taken
at their first occurrence (``fold=0``, as RFC 5545 also reads them). Both cases are
reported in ``notes``.

A meeting may also be recorded by ``date`` only (format 1.1): a day, several days
(``2023-08-30/2023-09-03``) or a date known less precisely (``2024-05``). It has no
instant and no clock time for anyone: its :class:`MeetingTime` carries the date,
``instant`` and the local times are ``None``, and :func:`format_meeting` shows the
date as stated.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

import attrs

from citydiplomacy._base._times import as_wall_time
from citydiplomacy._domain._model import Convention, Meeting, Party
from citydiplomacy._domain._values import RANGE_TEXT, MultilingualText, PartialDate
from citydiplomacy._time._tz import (
    UnknownTimeZone,
    WallTime,
    classify_wall_time,
    in_zone,
    to_instant,
    tz_database_version,
    zone,
)


@attrs.frozen
class PartyTime:
    """A meeting's start as one party's clock shows it.

    ``local`` is ``None`` when the party has no (known) time zone.

    >>> import citydiplomacy as cd
    >>> mt = meeting_times(cd.load("examples/fictional-villebelle-tilelli.yaml"))[0]
    >>> [(p.party, p.local.strftime("%H:%M")) for p in mt.parties if p.known]
    [('villebelle', '10:00'), ('tilelli', '09:00')]
    """

    party: str
    name: MultilingualText
    time_zone: str | None
    local: _dt.datetime | None

    @property
    def known(self) -> bool:
        """True when the party's local time is known."""
        return self.local is not None


@attrs.frozen(kw_only=True)
class MeetingTime:
    """When a meeting happens: instant, local times for every party, and caveats.

    For a meeting recorded by ``date`` only, ``date`` holds it and ``wall_time``,
    ``fold``, ``instant``, ``local_start`` and ``end_instant`` are ``None``: there is
    no clock time to show (``is_timed`` is False).

    >>> import citydiplomacy as cd
    >>> mt = meeting_times(cd.load("examples/fictional-villebelle-tilelli.yaml"))[0]
    >>> mt.instant.isoformat(), mt.local_start.isoformat(), mt.is_timed
    ('2025-04-15T08:00:00+00:00', '2025-04-15T10:00:00+02:00', True)
    """

    meeting: Meeting
    #: What the recorded wall time is in the meeting's zone.
    wall_time: WallTime | None
    #: The fold used to read the wall time (0: first occurrence when ambiguous).
    fold: int | None
    #: The start as a UTC instant.
    instant: _dt.datetime | None
    #: The start as the clocks of the meeting's zone show it (after a gap, later
    #: than the recorded wall time).
    local_start: _dt.datetime | None
    #: The end as a UTC instant, when an end is recorded.
    end_instant: _dt.datetime | None
    #: Every party, in the convention's order, with its local time or ``None``
    #: (empty for a meeting recorded by date only).
    parties: tuple[PartyTime, ...]
    #: Caveats in plain words: nonexistent or repeated wall times, unknown zones.
    notes: tuple[str, ...]
    #: IANA tz database release used, e.g. ``"2026f"``.
    tz_version: str
    #: The date of a meeting recorded by date only; ``None`` for a timed meeting.
    date: PartialDate | None = None

    @property
    def is_timed(self) -> bool:
        """True when the meeting has a clock time (a ``start`` and its zone)."""
        return self.instant is not None

    @property
    def unknown_parties(self) -> tuple[str, ...]:
        """Ids of the parties whose local time is unknown (no time zone recorded)."""
        return tuple(p.party for p in self.parties if p.local is None)


def _describe_wall(wall: _dt.datetime, zone_name: str) -> str:
    return f"{wall:%Y-%m-%d %H:%M} in {zone_name}"


def _read_wall(
    wall: _dt.datetime, zone_name: str, what: str, notes: list[str]
) -> tuple[WallTime, int, _dt.datetime]:
    # A pendulum DateTime's replace(tzinfo=...) normalises wall times in a gap; the
    # PEP 495 reading this module promises needs a plain one.
    wall = as_wall_time(wall, what)
    kind = classify_wall_time(wall, zone_name)
    instant = to_instant(wall, zone_name, fold=0)
    if kind is WallTime.NONEXISTENT:
        shown = in_zone(instant, zone_name)
        notes.append(
            f"the {what} {_describe_wall(wall, zone_name)} does not exist (the clocks jump "
            f"forward); taken as {shown:%H:%M}, {instant:%H:%M} UTC"
        )
    elif kind is WallTime.AMBIGUOUS:
        other = to_instant(wall, zone_name, fold=1)
        notes.append(
            f"the {what} {_describe_wall(wall, zone_name)} happens twice (the clocks go "
            f"back); the first occurrence is used (fold=0, {instant:%H:%M} UTC; "
            f"the second would be {other:%H:%M} UTC)"
        )
    return kind, 0, instant


def meeting_time(meeting: Meeting, parties: Convention | Iterable[Party] = ()) -> MeetingTime:
    """The instant of ``meeting`` and its local time for each party.

    ``parties`` is a convention (all its parties) or any parties. Parties without a
    time zone are listed with ``local=None`` and named in the notes. A meeting
    recorded by ``date`` only gets a :class:`MeetingTime` with that date and no
    instant (a ``date`` given beside a ``start`` is left to the rules to check).

    >>> from citydiplomacy._domain._values import MultilingualText as T
    >>> from citydiplomacy._domain._codes import PartyKind, PartyRole
    >>> def city(i, tz):
    ...     return Party(id=i, kind=PartyKind.LOCAL_GOVERNMENT, role=PartyRole.PARTNER,
    ...                  name=T({"fr": i.title()}), time_zone=tz)
    >>> m = Meeting(id="m", start=_dt.datetime(2026, 10, 1, 10), time_zone="Europe/Paris")
    >>> mt = meeting_time(m, [city("grenoble", "Europe/Paris"),
    ...                       city("tiznit", "Africa/Casablanca")])
    >>> mt.instant.isoformat()
    '2026-10-01T08:00:00+00:00'
    >>> format_meeting(mt)
    '2026-10-01 10:00 Europe/Paris (Grenoble 10:00, Tiznit 08:00)'
    """
    if meeting.start is None:
        return _date_only(meeting)
    if meeting.time_zone is None:
        raise ValueError(
            f"meeting {meeting.id!r} has a start but no time_zone: a wall time means "
            "nothing without its zone; add time_zone (an IANA name such as 'Europe/Paris')"
        )
    party_list = list(parties.parties if isinstance(parties, Convention) else parties)
    notes: list[str] = []
    try:
        kind, fold, instant = _read_wall(meeting.start, meeting.time_zone, "start", notes)
        local_start = in_zone(instant, meeting.time_zone)
        end_instant = None
        if meeting.end is not None:
            _, _, end_instant = _read_wall(meeting.end, meeting.time_zone, "end", notes)
    except OverflowError:
        return _outside_range(meeting)
    times: list[PartyTime] = []
    for party in party_list:
        local = None
        if party.time_zone is not None:
            try:
                zone(party.time_zone)
            except UnknownTimeZone:
                notes.append(f"{party.id}: {party.time_zone!r} is not a known time zone")
            else:
                try:
                    local = in_zone(instant, party.time_zone)
                except OverflowError:
                    notes.append(f"{party.id}: the local time falls outside {RANGE_TEXT}")
        times.append(PartyTime(party.id, party.name, party.time_zone, local))
    unknown = [t.party for t in times if t.local is None]
    if unknown:
        notes.append("local time unknown (no time zone recorded) for: " + ", ".join(unknown))
    return MeetingTime(
        meeting=meeting,
        wall_time=kind,
        fold=fold,
        instant=instant,
        local_start=local_start,
        end_instant=end_instant,
        parties=tuple(times),
        notes=tuple(notes),
        tz_version=tz_database_version(),
    )


def _date_only(meeting: Meeting) -> MeetingTime:
    date = meeting.date
    if date is None:
        raise ValueError(
            f"meeting {meeting.id!r} has neither a start nor a date; give its start "
            "(with time_zone) or its date"
        )
    if date.is_exact:
        note = "recorded by date only: no clock time"
    elif date.is_interval and _exact_days(date) is not None:
        note = "recorded by dates only, over several days: no clock time"
    else:
        first, last = date.possible_range()
        note = (
            f"the day is not known exactly ({date}: between {first.isoformat()} "
            f"and {last.isoformat()}); no clock time"
        )
    return MeetingTime(
        meeting=meeting,
        wall_time=None,
        fold=None,
        instant=None,
        local_start=None,
        end_instant=None,
        parties=(),
        notes=(note,),
        tz_version=tz_database_version(),
        date=date,
    )


def instant_outside_range(meeting: Meeting) -> bool:
    """Whether a timed meeting's UTC instant (start or end) falls outside the supported
    range: ``0001-01-01T00:30`` in Tokyo is still year 0 in UTC."""
    if meeting.start is None or meeting.time_zone is None:
        return False
    try:
        to_instant(meeting.start, meeting.time_zone)
        if meeting.end is not None:
            to_instant(meeting.end, meeting.time_zone)
    except OverflowError:
        return True
    return False


def _outside_range(meeting: Meeting) -> MeetingTime:
    """A timed meeting whose instant is outside the supported range: no instant, its
    local day only (the rule `date.out-of-range` reports it)."""
    assert meeting.start is not None
    date = PartialDate.from_date(meeting.start.date())
    return MeetingTime(
        meeting=meeting,
        wall_time=None,
        fold=None,
        instant=None,
        local_start=None,
        end_instant=None,
        parties=(),
        notes=(f"its UTC instant falls outside {RANGE_TEXT}: no instant, no local times",),
        tz_version=tz_database_version(),
        date=date,
    )


def _exact_days(date: PartialDate) -> tuple[_dt.date, _dt.date] | None:
    """The first and last day of a date that is one exact day or an interval of two
    exact days; ``None`` for any other date."""
    if date.is_exact:
        day = date.as_date()
        return day, day
    if date.is_interval:
        start, end = date.start, date.end
        if start is not None and end is not None and start.is_exact and end.is_exact:
            return start.as_date(), end.as_date()
    return None


def _sort_key(mt: MeetingTime) -> tuple[_dt.datetime, _dt.date, str]:
    # Timed meetings by instant; date-only ones at midnight UTC of their first
    # possible day, then by their last possible day.
    if mt.instant is not None:
        return (mt.instant, _dt.date.min, mt.meeting.id)
    assert mt.date is not None
    first, last = mt.date.possible_range()
    midnight = _dt.datetime(first.year, first.month, first.day, tzinfo=_dt.timezone.utc)
    return (midnight, last, mt.meeting.id)


def meeting_times(convention: Convention) -> tuple[MeetingTime, ...]:
    """Every recorded meeting of the convention, in order of instant (then id); a
    meeting recorded by date only sorts at midnight UTC of its first possible day.

    >>> import citydiplomacy as cd
    >>> times = meeting_times(cd.load("examples/fictional-villebelle-tilelli.yaml"))
    >>> [(m.meeting.id, m.is_timed) for m in times]
    [('copil-2025-04', True), ('visite-tilelli-2025-11', False), ('copil-2026-10', True)]
    """
    governance = convention.governance
    meetings = governance.meetings if governance is not None else ()
    out = [meeting_time(m, convention) for m in meetings]
    return tuple(sorted(out, key=_sort_key))


def format_meeting(mt: MeetingTime, *languages: str) -> str:
    """One line for a person: the meeting's own clock, then each party's that is known.

    The date is repeated for a party only when its local date differs. Party names
    come in the first of ``languages`` present; parties without a time zone are left
    out of the line (``MeetingTime.notes`` names them). A meeting recorded by date
    only shows its date: ``2024-05-03 (all day)``, ``2023-08-30 to 2023-09-03``, or a
    date known less precisely as stated with its possible days,
    ``2024-05 (day not known: between 2024-05-01 and 2024-05-31)``.

    >>> import citydiplomacy as cd
    >>> mt = meeting_times(cd.load("examples/fictional-villebelle-tilelli.yaml"))[0]
    >>> format_meeting(mt)
    '2025-04-15 10:00 Europe/Paris (Villebelle (fictive) 10:00, Tilelli (fictive) 09:00)'
    """
    own = mt.local_start
    if own is None:
        assert mt.date is not None
        return describe_date(mt.date)
    head = f"{own:%Y-%m-%d %H:%M} {mt.meeting.time_zone}"
    shown: list[str] = []
    for p in mt.parties:
        if p.local is None:
            continue
        name = p.name.text(*languages)
        if p.local.date() != own.date():
            shown.append(f"{name} {p.local:%Y-%m-%d %H:%M}")
        else:
            shown.append(f"{name} {p.local:%H:%M}")
    return f"{head} ({', '.join(shown)})" if shown else head


def describe_date(date: PartialDate) -> str:
    """A meeting's date for a person.

    >>> describe_date(PartialDate.parse("2024-05-03"))
    '2024-05-03 (all day)'
    >>> describe_date(PartialDate.parse("2023-08-30/2023-09-03"))
    '2023-08-30 to 2023-09-03'
    >>> describe_date(PartialDate.parse("2024-05"))
    '2024-05 (day not known: between 2024-05-01 and 2024-05-31)'
    """
    days = _exact_days(date)
    if days is not None:
        first, last = days
        if first == last:
            return f"{first.isoformat()} (all day)"
        return f"{first.isoformat()} to {last.isoformat()}"
    first, last = date.possible_range()
    return f"{date} (day not known: between {first.isoformat()} and {last.isoformat()})"
