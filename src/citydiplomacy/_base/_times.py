"""Date and time values taken by the public API: standard library or pendulum alike.

Every public call that takes a day or a moment goes through these helpers, so that a
``pendulum.Date``/``pendulum.DateTime`` (subclasses of the standard-library types) and
a plain ``datetime.date``/``datetime.datetime`` give the same answer. Values returned
are always standard-library ones.
"""

from __future__ import annotations

import datetime as _dt


def as_date(value: object, name: str) -> _dt.date:
    """A plain ``datetime.date`` from a date, a datetime (its own date) or a pendulum value.

    >>> as_date(_dt.datetime(2026, 1, 2, 23, 0), "on")
    datetime.date(2026, 1, 2)
    """
    if not isinstance(value, _dt.date):
        raise TypeError(f"{name} must be a datetime.date, not {type(value).__name__}")
    return _dt.date(value.year, value.month, value.day)


def as_instant(value: object, name: str) -> _dt.datetime:
    """A plain aware ``datetime.datetime`` in UTC from an aware datetime (or pendulum).

    >>> as_instant(_dt.datetime(2026, 1, 2, 10, tzinfo=_dt.timezone(_dt.timedelta(hours=1))), "x")
    datetime.datetime(2026, 1, 2, 9, 0, tzinfo=datetime.timezone.utc)
    """
    if not isinstance(value, _dt.datetime):
        raise TypeError(f"{name} must be a datetime.datetime, not {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            f"{name} is a naive datetime: a moment needs its zone or offset "
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
