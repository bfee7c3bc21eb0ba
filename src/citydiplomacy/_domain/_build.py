"""Short constructors for building a convention in code: text, dates, durations.

Each one is a thin, typed shortcut for the value class's own constructor, so that a
convention written in Python reads like its YAML.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping

from citydiplomacy._base._times import as_date
from citydiplomacy._domain._values import Duration, MultilingualText, PartialDate


def text(value: str | Mapping[str, str], language: str | None = None) -> MultilingualText:
    """Multilingual text from a ``{language: text}`` mapping, or from one text and its
    language (the same as :meth:`MultilingualText.of`).

    >>> text({"fr": "Tiznit", "ar": "تيزنيت"}).text("ar")
    'تيزنيت'
    >>> text("Tiznit", "fr")
    MultilingualText({'fr': 'Tiznit'})
    """
    return MultilingualText.of(value, language)


def partial_date(value: str | _dt.date) -> PartialDate:
    """A :class:`PartialDate` from its EDTF string (``"2025-21"``: spring 2025,
    ``"2019-10-23?"``, ``"2023-08-30/2023-09-03"``) or from a ``datetime.date`` (a
    ``datetime`` or a pendulum value is taken as its date).

    Raises ``ValueError`` with the reason for a string that is not a supported date.
    (Not called ``date``: ``from citydiplomacy import *`` would hide ``datetime.date``.)

    >>> partial_date("2025-21").possible_range()
    (datetime.date(2025, 3, 1), datetime.date(2025, 5, 31))
    >>> str(partial_date(_dt.date(2025, 3, 1)))
    '2025-03-01'
    """
    if isinstance(value, str):
        return PartialDate.parse(value)
    if isinstance(value, _dt.date):
        return PartialDate.from_date(as_date(value, "value"))
    raise TypeError(
        f"partial_date() takes an EDTF string or a datetime.date, not {type(value).__name__}"
    )


def duration(value: str) -> Duration:
    """A :class:`Duration` from its ISO 8601 string (``"P3Y"``, ``"P6M"``, ``"P1Y6M"``).

    >>> duration("P3Y")
    Duration(years=3, months=0, weeks=0, days=0)
    """
    return Duration.parse(value)
