"""Time zones from the ``tzdata`` package, never from possibly stale system data.

Morocco moved to permanent UTC+00 on 2026-09-20 (IANA tz 2026c). Machines with older
system zone files still show Casablanca an hour off after that date, so every zone
the library uses is read from the ``tzdata`` wheel, whose version is reported by
:func:`tz_database_version`.
"""

from __future__ import annotations

import datetime as _dt
import enum
import functools
import importlib.resources
import re
import zoneinfo
from typing import IO

import tzdata

from citydiplomacy._base._times import as_instant, as_wall_time

# The public API returns standard-library values (``datetime`` with a ``ZoneInfo`` read
# from the tzdata package): see docs/python.md, "Dates and times". pendulum values are
# accepted as input everywhere (they subclass the standard-library types).

_ZONE_NAME = re.compile(r"^[A-Za-z0-9_+-]+(?:/[A-Za-z0-9_+-]+)*$")


class UnknownTimeZone(ValueError):
    """The name is not a zone of the IANA database shipped in ``tzdata``.

    >>> try:
    ...     zone("Europe/Atlantis")
    ... except UnknownTimeZone as error:
    ...     print(str(error)[:42])
    'Europe/Atlantis' is not an IANA time zone
    """


def tz_database_version() -> str:
    """The IANA tz database release in use, e.g. ``"2026f"``.

    >>> tz_database_version() >= "2026c"
    True
    """
    return str(tzdata.IANA_VERSION)


def tzdata_package_version() -> str:
    """The version of the ``tzdata`` Python package in use, e.g. ``"2026.6"``."""
    import importlib.metadata  # noqa: PLC0415 - rarely needed, and slow to import

    return importlib.metadata.version("tzdata")


@functools.cache
def available_zones() -> frozenset[str]:
    """Every zone name in the ``tzdata`` package."""
    root = importlib.resources.files("tzdata").joinpath("zones")
    return frozenset(line.strip() for line in root.read_text("utf-8").splitlines() if line.strip())


@functools.cache
def zone(name: str) -> zoneinfo.ZoneInfo:
    """The named IANA zone, read from the ``tzdata`` package (a ``zoneinfo.ZoneInfo``).

    Raises :class:`UnknownTimeZone` for a name that is not in the database.

    >>> zone("Africa/Casablanca").key
    'Africa/Casablanca'
    """
    return _zone_rules(name)


@functools.cache
def _zone_rules(name: str) -> zoneinfo.ZoneInfo:
    """The zone's rules as a standard-library tzinfo (the same file as :func:`zone`)."""
    with _zone_file(name) as handle:
        return zoneinfo.ZoneInfo.from_file(handle, key=name)


def _zone_file(name: str) -> IO[bytes]:
    if not isinstance(name, str) or not _ZONE_NAME.match(name) or name not in available_zones():
        raise UnknownTimeZone(
            f"{name!r} is not an IANA time zone name (tz {tz_database_version()}); "
            "use a name such as 'Europe/Paris' or 'Africa/Casablanca'"
        )
    return importlib.resources.files("tzdata").joinpath("zoneinfo", *name.split("/")).open("rb")


class WallTime(str, enum.Enum):
    """What a local wall time is in its zone.

    >>> WallTime("ambiguous") is WallTime.AMBIGUOUS
    True
    """

    NORMAL = "normal"
    #: Skipped by a forward clock change: it never shows on the clock.
    NONEXISTENT = "nonexistent"
    #: Shown twice, on both sides of a backward clock change.
    AMBIGUOUS = "ambiguous"


def classify_wall_time(wall: _dt.datetime, zone_name: str) -> WallTime:
    """Whether ``wall`` (naive local time) exists once, never or twice in the zone.

    >>> import datetime as dt
    >>> classify_wall_time(dt.datetime(2026, 3, 22, 2, 30), "Africa/Casablanca")
    <WallTime.NONEXISTENT: 'nonexistent'>
    >>> classify_wall_time(dt.datetime(2026, 2, 15, 2, 30), "Africa/Casablanca")
    <WallTime.AMBIGUOUS: 'ambiguous'>
    """
    return _classify(as_wall_time(wall, "wall"), zone_name)


@functools.lru_cache(maxsize=8192)
def _classify(naive: _dt.datetime, zone_name: str) -> WallTime:
    # Cached: zone rules do not change while the process runs, and meetings recur.
    tz = _zone_rules(zone_name)
    early = naive.replace(tzinfo=tz, fold=0)
    late = naive.replace(tzinfo=tz, fold=1)
    if early.utcoffset() == late.utcoffset():
        # PEP 495: the two folds differ in offset exactly in a gap or an overlap.
        return WallTime.NORMAL
    if not _round_trips(early, tz, naive) and not _round_trips(late, tz, naive):
        return WallTime.NONEXISTENT
    return WallTime.AMBIGUOUS


def _round_trips(aware: _dt.datetime, tz: _dt.tzinfo, naive: _dt.datetime) -> bool:
    back = aware.astimezone(_dt.timezone.utc).astimezone(tz).replace(tzinfo=None)
    return back == naive


def to_instant(wall: _dt.datetime, zone_name: str, *, fold: int = 0) -> _dt.datetime:
    """The UTC instant of a local wall time in a zone, as an aware ``datetime`` in UTC.

    For an ambiguous wall time ``fold=0`` picks the first occurrence, ``fold=1`` the
    second; a nonexistent one is moved forward by the gap, as clocks do. ``wall`` may
    be a standard-library or a pendulum datetime (its zone, if any, is ignored).

    >>> to_instant(_dt.datetime(2026, 10, 1, 10), "Europe/Paris")
    datetime.datetime(2026, 10, 1, 8, 0, tzinfo=datetime.timezone.utc)
    """
    wall = as_wall_time(wall, "wall")
    tz = zone(zone_name)
    if classify_wall_time(wall, zone_name) is WallTime.NONEXISTENT:
        # PEP 495: in a gap, fold=0 applies the offset from before the change, which
        # lands the instant after the gap (02:30 in a 02:00->03:00 gap becomes 03:30).
        fold = 0
    return wall.replace(tzinfo=tz, fold=fold).astimezone(_dt.timezone.utc)


def in_zone(instant: _dt.datetime, zone_name: str) -> _dt.datetime:
    """An aware instant shown in the named zone (tzdata rules), as a ``datetime``
    whose ``tzinfo`` is that zone's ``ZoneInfo``.

    >>> utc = _dt.datetime(2026, 10, 1, 8, tzinfo=_dt.timezone.utc)
    >>> in_zone(utc, "Africa/Casablanca").strftime("%H:%M %Z")
    '08:00 +00'
    """
    local = as_instant(instant, "instant").astimezone(zone(zone_name))
    return _dt.datetime(
        local.year,
        local.month,
        local.day,
        local.hour,
        local.minute,
        local.second,
        local.microsecond,
        tzinfo=local.tzinfo,
        fold=local.fold,
    )
