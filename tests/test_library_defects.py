"""Defects of libraries that make us keep code of our own: each a minimal reproducer.

Each test asserts what the library should do and is marked ``xfail(strict=True)``:
the day a release fixes the defect, the test passes, strict xfail turns that into a
failure, and the hand-written code it names can be replaced by the library's.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import icalendar
import pytest
import tzdata


def _offset_changes(component: icalendar.Timezone, year: int) -> list[dt.datetime]:
    """The local times at which the VTIMEZONE's offset changes within ``year``."""
    starts: list[dt.datetime] = []
    for sub in component.subcomponents:
        start: Any = sub["DTSTART"]
        starts.append(start.dt)
        rdates: Any = sub.get("RDATE", [])
        for rdate in rdates if isinstance(rdates, list) else [rdates]:
            starts.extend(period.dt for period in rdate.dts)
    return sorted(s for s in starts if s.year == year)


def test_zoneinfo_has_morocco_ramadan_2012() -> None:
    # The premise of the reproducer below: tzdata has the 31-day Ramadan window.
    casablanca = zoneinfo.ZoneInfo("Africa/Casablanca")
    assert tzdata.IANA_VERSION
    assert dt.datetime(2012, 7, 1, 12, tzinfo=casablanca).utcoffset() == dt.timedelta(hours=1)
    assert dt.datetime(2012, 8, 1, 12, tzinfo=casablanca).utcoffset() == dt.timedelta(0)


@pytest.mark.xfail(
    strict=True,
    reason="icalendar's Timezone.from_tzinfo scans in 64-day strides and misses Morocco's "
    "Ramadan months (2012-07-20 to 2012-08-20): citydiplomacy._outputs._calendar keeps "
    "its own VTIMEZONE writer (vtimezone)",
)
def test_icalendar_vtimezone_keeps_morocco_ramadan_2012() -> None:
    casablanca = zoneinfo.ZoneInfo("Africa/Casablanca")
    component = icalendar.Timezone.from_tzinfo(
        casablanca,
        tzid="Africa/Casablanca",
        first_date=dt.date(2012, 1, 1),
        last_date=dt.date(2012, 12, 31),
    )
    days = [start.date() for start in _offset_changes(component, 2012)]
    assert dt.date(2012, 7, 20) in days
    assert dt.date(2012, 8, 20) in days
