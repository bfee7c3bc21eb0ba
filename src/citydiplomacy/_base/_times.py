"""Date and time values taken by the public API: standard library or pendulum alike.

Every public call that takes a day or a moment normalises it here, so that a
``pendulum.Date``/``pendulum.DateTime`` (subclasses of the standard-library types) and
a plain ``datetime.date``/``datetime.datetime`` give the same answer. The rules, the
same for every call (see docs/python.md, "Dates and times"):

* a **day** (``on=``, ``until=``, ``since=``, ``next_deadlines(after=)``, the day
  of ``PartialDate.may_contain`` or ``DateBounds.contains``) is a ``datetime.date``;
  a ``datetime`` given for a day stands for the date it shows (``value.date()``, on
  its own clock: no zone is needed, naive or aware);
* a **moment** (``next_meetings(after=)``, ``to_calendar(stamp=)``, ``in_zone``) is
  an aware ``datetime``; a naive one raises ``ValueError`` (it names no moment), a
  ``date`` raises ``TypeError``;
* a **wall time** (``to_instant``, ``classify_wall_time``) is a ``datetime`` read as
  the clock shows it: its zone, if any, is ignored.

Values returned are always plain standard-library ones, never pendulum's.
"""

from __future__ import annotations

import datetime as _dt


def as_date(value: object, name: str) -> _dt.date:
    """A plain ``datetime.date`` from a date, a datetime (the date it shows) or a pendulum value.

    >>> as_date(_dt.datetime(2026, 1, 2, 23, 0), "on")
    datetime.date(2026, 1, 2)
    >>> as_date("2026-01-02", "on")
    Traceback (most recent call last):
    TypeError: on must be a datetime.date (or a datetime, read as its date), not str
    """
    if type(value) is _dt.date:
        return value  # the common case, kept cheap: some callers sit in loops
    if not isinstance(value, _dt.date):
        raise TypeError(
            f"{name} must be a datetime.date (or a datetime, read as its date), "
            f"not {type(value).__name__}"
        )
    return _dt.date(value.year, value.month, value.day)


def as_optional_date(value: object, name: str) -> _dt.date | None:
    """:func:`as_date`, with ``None`` passed through (an argument left to its default).

    >>> as_optional_date(None, "until") is None
    True
    """
    return None if value is None else as_date(value, name)


def as_instant(value: object, name: str) -> _dt.datetime:
    """A plain aware ``datetime.datetime`` in UTC from an aware datetime (or pendulum).

    >>> as_instant(_dt.datetime(2026, 1, 2, 10, tzinfo=_dt.timezone(_dt.timedelta(hours=1))), "x")
    datetime.datetime(2026, 1, 2, 9, 0, tzinfo=datetime.timezone.utc)
    """
    if not isinstance(value, _dt.datetime):
        raise TypeError(
            f"{name} must be an aware datetime.datetime (a moment), not {type(value).__name__}"
        )
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            f"{name} is a naive datetime: a moment must be aware, with its zone or offset "
            "(e.g. datetime(2026, 10, 1, 10, tzinfo=ZoneInfo('Europe/Paris')))"
        )
    utc = value.astimezone(_dt.timezone.utc)
    return _dt.datetime(
        utc.year,
        utc.month,
        utc.day,
        utc.hour,
        utc.minute,
        utc.second,
        utc.microsecond,
        tzinfo=_dt.timezone.utc,
    )


def as_wall_time(value: object, name: str) -> _dt.datetime:
    """A plain naive ``datetime.datetime``: the clock reading of a datetime (its zone,
    if any, is dropped; pendulum's DateTime overrides arithmetic and zone handling).

    >>> as_wall_time(_dt.datetime(2026, 10, 1, 10, tzinfo=_dt.timezone.utc), "wall")
    datetime.datetime(2026, 10, 1, 10, 0)
    """
    if not isinstance(value, _dt.datetime):
        raise TypeError(
            f"{name} must be a datetime.datetime (a wall time), not {type(value).__name__}"
        )
    return _dt.datetime(
        value.year,
        value.month,
        value.day,
        value.hour,
        value.minute,
        value.second,
        value.microsecond,
    )


def today_utc() -> _dt.date:
    """Today's date in UTC: the default day of the questions that take one.

    >>> type(today_utc()) is _dt.date
    True
    """
    return _dt.datetime.now(_dt.timezone.utc).date()
