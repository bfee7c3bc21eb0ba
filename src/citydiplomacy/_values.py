"""Small immutable value types: frozen maps, multilingual text, partial dates, durations."""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any, TypeVar, Union

import attrs

K = TypeVar("K")
V = TypeVar("V")

#: Any JSON value, as found in documents and in extensions.
JSONValue = Union[
    None, bool, int, float, str, "tuple[JSONValue, ...]", "FrozenDict[str, JSONValue]"
]


class FrozenDict(Mapping[K, V]):
    """An immutable, hashable mapping that keeps insertion order.

    Equality ignores order, like ``dict``.
    """

    __slots__ = ("_data", "_hash")

    def __init__(self, data: Mapping[K, V] | Iterable[tuple[K, V]] = (), /) -> None:
        self._data: dict[K, V] = dict(data)
        self._hash: int | None = None

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._data == dict(other.items())
        return NotImplemented

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._data!r})"


def freeze_json(value: Any) -> JSONValue:
    """Deep-freeze a JSON value: dicts become :class:`FrozenDict`, lists become tuples."""
    if isinstance(value, Mapping):
        return FrozenDict((str(k), freeze_json(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(freeze_json(v) for v in value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def thaw_json(value: JSONValue) -> Any:
    """Inverse of :func:`freeze_json`: plain ``dict`` and ``list`` again."""
    if isinstance(value, Mapping):
        return {k: thaw_json(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [thaw_json(v) for v in value]
    return value


class MultilingualText(FrozenDict[str, str]):
    """Human text in one or more languages: a map from BCP 47 tag to text.

    >>> name = MultilingualText({"fr": "Tiznit", "ar": "تزنيت", "zgh-Tfng": "ⵜⵉⵣⵏⵉⵜ"})
    >>> name["zgh-Tfng"]
    'ⵜⵉⵣⵏⵉⵜ'
    >>> name.text("en", "fr")
    'Tiznit'
    """

    __slots__ = ()

    def text(self, *preferred: str) -> str:
        """The text in the first preferred language present, else the first one stored.

        A preference ``"fr"`` also matches ``"fr-FR"``; ``"zgh"`` matches ``"zgh-Tfng"``.
        """
        for tag in preferred:
            if tag in self:
                return self[tag]
            prefix = tag.lower() + "-"
            for key in self:
                if key.lower().startswith(prefix):
                    return self[key]
        return next(iter(self.values()), "")


# ---------------------------------------------------------------- partial dates

_PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


@attrs.frozen(order=False)
class PartialDate:
    """A calendar date known to the day, to the month, or only to the year.

    Real records say "January 2025" or "2025": this type keeps exactly that precision
    and answers with the interval of possible days, never a guessed day.

    >>> d = PartialDate.parse("2025-01")
    >>> d.precision, d.earliest(), d.latest()
    ('month', datetime.date(2025, 1, 1), datetime.date(2025, 1, 31))
    >>> str(d)
    '2025-01'
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __attrs_post_init__(self) -> None:
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year {self.year} is outside 1..9999")
        if self.month is None:
            if self.day is not None:
                raise ValueError("a day needs a month")
            return
        if not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is outside 1..12")
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise ValueError(
                    f"{self.year:04d}-{self.month:02d} has no day {self.day} (it has {last})"
                )

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ``ValueError`` otherwise."""
        m = _PARTIAL_DATE.fullmatch(text) if isinstance(text, str) else None
        if m is None:
            raise ValueError(f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, found {text!r}")
        year, month, day = m.groups()
        return cls(int(year), int(month) if month else None, int(day) if day else None)

    @classmethod
    def from_date(cls, value: _dt.date) -> PartialDate:
        """A day-precise partial date from a :class:`datetime.date`."""
        return cls(value.year, value.month, value.day)

    @property
    def precision(self) -> str:
        """``"year"``, ``"month"`` or ``"day"``."""
        if self.month is None:
            return "year"
        return "month" if self.day is None else "day"

    @property
    def is_exact(self) -> bool:
        """True when the day is known."""
        return self.day is not None

    def earliest(self) -> _dt.date:
        """The first day this date may stand for."""
        return _dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> _dt.date:
        """The last day this date may stand for."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return _dt.date(self.year, month, day)

    def as_date(self) -> _dt.date:
        """The exact day; ``ValueError`` when only the year or month is known."""
        if self.day is None:
            raise ValueError(f"{self} is known only to the {self.precision}, not to the day")
        return self.earliest()

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


# ---------------------------------------------------------------- durations

_DURATION = re.compile(r"P(?=[0-9])(?:([0-9]+)Y)?(?:([0-9]+)M)?(?:([0-9]+)W)?(?:([0-9]+)D)?")


@attrs.frozen
class Duration:
    """A calendar duration in years, months, weeks and days (ISO 8601, e.g. ``P3Y``, ``P6M``).

    >>> Duration.parse("P1Y6M")
    Duration(years=1, months=6, weeks=0, days=0)
    >>> str(Duration(months=6))
    'P6M'
    """

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0

    def __attrs_post_init__(self) -> None:
        parts = (self.years, self.months, self.weeks, self.days)
        if any(p < 0 for p in parts):
            raise ValueError("a duration cannot be negative")
        if not any(parts):
            raise ValueError("a duration must not be zero")

    @classmethod
    def parse(cls, text: str) -> Duration:
        """Parse ``PnYnMnWnD`` (at least one part); raise ``ValueError`` otherwise."""
        m = _DURATION.fullmatch(text) if isinstance(text, str) else None
        if m is None:
            raise ValueError(
                f"expected an ISO 8601 duration such as P3Y, P6M, P2W or P30D, found {text!r}"
            )
        y, mo, w, d = (int(g) if g else 0 for g in m.groups())
        return cls(y, mo, w, d)

    def __str__(self) -> str:
        out = "P"
        for value, unit in (
            (self.years, "Y"),
            (self.months, "M"),
            (self.weeks, "W"),
            (self.days, "D"),
        ):
            if value:
                out += f"{value}{unit}"
        return out


# ---------------------------------------------------------------- local date-times

_LOCAL_DATETIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?"
)


def parse_local_datetime(text: str) -> _dt.datetime:
    """Parse a wall-clock time without offset, ``YYYY-MM-DDTHH:MM[:SS]``, as a naive datetime.

    Offsets and ``Z`` are refused: a meeting's zone is stored beside it, by name.
    """
    m = _LOCAL_DATETIME.fullmatch(text) if isinstance(text, str) else None
    if m is None:
        raise ValueError(
            f"expected a local date and time as YYYY-MM-DDTHH:MM (no offset), found {text!r}"
        )
    # The text has exactly the shape above, which fromisoformat reads the same way,
    # ten times faster than converting the groups (meeting times rarely repeat).
    return _dt.datetime.fromisoformat(text)


def format_local_datetime(value: _dt.datetime) -> str:
    """Inverse of :func:`parse_local_datetime`; seconds only when not zero."""
    if value.tzinfo is not None:
        raise ValueError("a local wall time carries no offset; store the zone separately")
    if value.microsecond:
        raise ValueError("wall times are stored to the second")
    fmt = "%Y-%m-%dT%H:%M:%S" if value.second else "%Y-%m-%dT%H:%M"
    return f"{value.year:04d}" + value.strftime(fmt)[4:]


# ---------------------------------------------------------------- exact numbers

#: Decimal places kept for money and indicator values: enough for every ISO 4217
#: minor unit, and few enough that a JSON number round-trips exactly.
MAX_DECIMAL_PLACES = 4
#: Digits kept, trailing zeros of large numbers included: what a JSON number (read
#: as a binary float by most parsers) carries exactly.
MAX_DECIMAL_DIGITS = 15


def decimal_problem(number: Decimal) -> str | None:
    """Why the model cannot keep a number exactly, or None when it can.

    >>> decimal_problem(Decimal("1200.5")) is None
    True
    >>> decimal_problem(Decimal("0.00001"))
    'more than 4 decimal places'
    >>> decimal_problem(Decimal("1E+20"))
    'more than 15 digits'
    """
    if not number.is_finite():
        return "no finite value"
    normal = number.normalize()
    exponent = normal.as_tuple().exponent
    assert isinstance(exponent, int)  # finite decimals have an int exponent
    if -exponent > MAX_DECIMAL_PLACES:
        return f"more than {MAX_DECIMAL_PLACES} decimal places"
    if len(normal.as_tuple().digits) + max(exponent, 0) > MAX_DECIMAL_DIGITS:
        return f"more than {MAX_DECIMAL_DIGITS} digits"
    return None
