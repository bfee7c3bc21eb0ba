"""Meetings: wall times that exist once in their zone, days that match, ends after starts."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

from citydiplomacy._base._report import DocumentPath
from citydiplomacy._checking._rules._engine import (
    _CLOCK_CHANGE_BOUND,
    ERROR,
    WARNING,
    RuleInfo,
    _accepts,
    _Checker,
    _dicts,
    _local_datetime,
    _obj,
    _offset,
    _partial_date,
    _r,
    _str,
    _tz,
    _zones,
)

#: The rules of this family, with what each checks and how to fix it.
RULES: tuple[RuleInfo, ...] = (
    _r(
        "meeting.nonexistent-time",
        ERROR,
        "A meeting's start or end is a wall time that never shows on the clocks of its "
        "time zone: it falls in the gap of a clock change (e.g. 2026-03-22T02:30 in "
        "Africa/Casablanca). Zone rules come from the `tzdata` package.",
        "Move the time out of the gap (the message gives the time the clocks show "
        "instead), or check the time zone.",
    ),
    _r(
        "meeting.ambiguous-time",
        WARNING,
        "A meeting's start or end is a wall time that happens twice in its time zone, "
        "when the clocks go back (e.g. 2026-02-15T02:30 in Africa/Casablanca).",
        "Pick a time that happens once, if you can; readers take the first occurrence.",
    ),
    _r(
        "meeting.date-mismatch",
        ERROR,
        "A meeting gives both `start` (a wall time) and `date`, and the day of the start "
        "is certainly not one of the days `date` stands for.",
        "Correct `start` or `date`: `date` is the day or days of the meeting (e.g. "
        "2023-08-30/2023-09-03 for a meeting over several days), `start` its first wall time.",
    ),
    _r(
        "meeting.end-before-start",
        ERROR,
        "A meeting ends before it starts (compared as instants in its time zone).",
        "Correct `start` or `end`; both are wall times in the meeting's `time_zone`.",
    ),
)


def _meetings(c: _Checker) -> None:
    governance = _obj(c.document, "governance")
    meetings = _dicts(governance, "meetings")
    if not meetings:
        return
    zones = _zones()
    for i, meeting in meetings:
        zone = _str(meeting.get("time_zone"))
        zone = zone if zone in zones and _accepts("TimeZone", zone) else None
        start = _local_datetime(meeting.get("start"))
        end = _local_datetime(meeting.get("end"))
        if start is not None:
            _meeting_day(c, meeting, start, i)
        if zone is not None:
            for key, wall in (("start", start), ("end", end)):
                if wall is not None:
                    _wall_time(c, wall, zone, ("governance", "meetings", i, key))
        if start is not None and end is not None and _certainly_before(end, start, zone):
            c.add(
                "meeting.end-before-start",
                ("governance", "meetings", i, "end"),
                f"the meeting ends ({meeting.get('end')}) before it starts "
                f"({meeting.get('start')}); correct `start` or `end` (both are wall times "
                f"in {zone or 'the meeting time zone'})",
            )


def _meeting_day(c: _Checker, meeting: Mapping[str, Any], start: _dt.datetime, i: int) -> None:
    """``meeting.date-mismatch``: the start's day is certainly not a day of ``date``."""
    date = _partial_date(meeting.get("date"))
    day = start.date()
    if date is not None and not date.may_contain(day):
        c.add(
            "meeting.date-mismatch",
            ("governance", "meetings", i, "date"),
            f"the meeting starts on {day.isoformat()} ({meeting.get('start')}), which is "
            f"not a day of its date {meeting.get('date')}; correct `start` or `date` "
            "(`date` holds the day or days of the meeting, e.g. 2023-08-30/2023-09-03)",
        )


def _certainly_before(a: _dt.datetime, b: _dt.datetime, zone: str | None) -> bool:
    """Whether every instant wall time ``a`` may be comes before every one of ``b``."""
    if a >= b:
        # Within one reading (fold) wall time only moves forward, so a wall time at
        # or after another is never certainly before it.
        return False
    if zone is None or abs(a - b) > _CLOCK_CHANGE_BOUND:
        return a < b
    to_instant = _tz().to_instant
    latest_a = max(to_instant(a, zone, fold=0), to_instant(a, zone, fold=1))
    earliest_b = min(to_instant(b, zone, fold=0), to_instant(b, zone, fold=1))
    return bool(latest_a < earliest_b)


def _wall_time(c: _Checker, wall: _dt.datetime, zone: str, path: DocumentPath) -> None:
    tzmod = _tz()
    kind = tzmod.classify_wall_time(wall, zone)
    if kind is tzmod.WallTime.NORMAL:
        return
    tz = f"{zone} (tz {tzmod.tz_database_version()})"
    before = _offset(wall.replace(fold=0), zone)
    after = _offset(wall.replace(fold=1), zone)
    if kind is tzmod.WallTime.NONEXISTENT:
        shown = tzmod.in_zone(tzmod.to_instant(wall, zone), zone)
        c.add(
            "meeting.nonexistent-time",
            path,
            f"{wall.isoformat(timespec='minutes')} does not exist in {tz}: the clocks skip "
            f"it when they change from {before} to {after}; the clocks show "
            f"{shown.strftime('%H:%M')} at that instant: pick a time outside the gap",
        )
    else:
        c.add(
            "meeting.ambiguous-time",
            path,
            f"{wall.isoformat(timespec='minutes')} happens twice in {tz}: first at {before}, "
            f"then at {after} when the clocks go back; readers take the first, so pick "
            "another time if the second is meant",
        )
