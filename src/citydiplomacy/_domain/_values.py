"""Small immutable value types: frozen maps, multilingual text, partial dates, durations."""

from __future__ import annotations

import calendar
import datetime as _dt
import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any, TypeVar, Union

import attrs

from citydiplomacy._base._times import as_date

K = TypeVar("K")
V = TypeVar("V")

#: Any JSON value, as found in documents and in extensions.
JSONValue = Union[
    None, bool, int, float, str, "tuple[JSONValue, ...]", "FrozenDict[str, JSONValue]"
]


def json_key(value: object) -> object:
    """A key that is equal for two JSON values exactly when they are the same JSON value.

    Python's ``True == 1 == 1.0`` (and their equal hashes) would make ``true``, ``1``
    and ``1.0`` in ``extensions`` the same value while they are written differently:
    the key tags each scalar with its JSON type. Object keys are compared as a set,
    array items in order.

    >>> json_key(True) == json_key(1), json_key(1) == json_key(1.0)
    (False, False)
    """
    if isinstance(value, Mapping):
        return ("o", frozenset((k, json_key(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return ("a", tuple(json_key(v) for v in value))
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, int):
        return ("i", value)
    if isinstance(value, float):
        return ("f", value)
    return ("s", value) if isinstance(value, str) else ("n", value)


class FrozenDict(Mapping[K, V]):
    """An immutable, hashable mapping that keeps insertion order.

    Equality ignores order, like ``dict``; values are compared as JSON values (see
    :func:`json_key`): ``{"a": true}``, ``{"a": 1}`` and ``{"a": 1.0}`` differ.

    >>> d = FrozenDict({"b": 1, "a": 2})
    >>> list(d), d == FrozenDict({"a": 2, "b": 1}), hash(d) == hash(FrozenDict(d))
    (['b', 'a'], True, True)
    >>> FrozenDict({"a": True}) == FrozenDict({"a": 1})
    False
    """

    __slots__ = ("_data", "_hash", "_key")

    def __init__(self, data: Mapping[K, V] | Iterable[tuple[K, V]] = (), /) -> None:
        self._data: dict[K, V] = dict(data)
        self._hash: int | None = None
        self._key: object = None

    def _json_key(self) -> object:
        if self._key is None:
            self._key = json_key(self._data)
        return self._key

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(self._json_key())
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenDict):
            return self._json_key() == other._json_key()
        if isinstance(other, Mapping):
            return self._json_key() == json_key(other)
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

    The order of the languages is meaning: the first stored language is the primary
    one, the one :meth:`text` falls back to. So equality and hash take the order into
    account (unlike a plain ``dict``), and canonical output keeps it.

    >>> name = MultilingualText({"fr": "Tiznit", "ar": "تزنيت", "zgh-Tfng": "ⵜⵉⵣⵏⵉⵜ"})
    >>> name["zgh-Tfng"]
    'ⵜⵉⵣⵏⵉⵜ'
    >>> name.text("en", "fr")
    'Tiznit'
    >>> name == MultilingualText({"ar": "تزنيت", "fr": "Tiznit", "zgh-Tfng": "ⵜⵉⵣⵏⵉⵜ"})
    False
    """

    __slots__ = ()

    @classmethod
    def of(cls, text: str | Mapping[str, str], language: str | None = None) -> MultilingualText:
        """Multilingual text from a mapping (copied in order) or from one text and its language.

        >>> MultilingualText.of("Grenoble", "fr")
        MultilingualText({'fr': 'Grenoble'})
        >>> MultilingualText.of({"en": "Twinning", "fr": "Jumelage"}).text()
        'Twinning'
        """
        if isinstance(text, str):
            if language is None:
                raise ValueError(
                    f"MultilingualText.of({text!r}) needs the text's language, "
                    f"e.g. MultilingualText.of({text!r}, 'fr')"
                )
            if not isinstance(language, str) or not language:
                raise TypeError(f"a language tag is a non-empty string, found {language!r}")
            return cls({language: text})
        if isinstance(text, Mapping):
            if language is not None:
                raise ValueError(
                    "MultilingualText.of(mapping) takes the languages from the mapping; "
                    "leave out the language argument"
                )
            for key, value in text.items():
                if not isinstance(key, str) or not isinstance(value, str):
                    raise TypeError(
                        f"a multilingual text maps language tags to strings, found "
                        f"{key!r}: {value!r}"
                    )
            return cls(text.items())
        raise TypeError(
            f"MultilingualText.of takes a string and its language, or a mapping from "
            f"language tag to text; found {type(text).__name__}"
        )

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(tuple(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, MultilingualText):
            return list(self._data.items()) == list(other._data.items())
        if isinstance(other, Mapping):
            return list(self._data.items()) == list(other.items())
        return NotImplemented

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


# ---------------------------------------------------------------- partial dates (EDTF)

#: The first day of the supported range: dates before it are refused, and open or
#: unknown starts and unspecified years reach it.
MIN_DATE = _dt.date(1, 1, 1)
#: The last day of the supported range (see :data:`MIN_DATE`).
MAX_DATE = _dt.date(9999, 12, 31)
#: The supported range in words, for messages and documentation.
RANGE_TEXT = "the supported range, 0001-01-01 to 9999-12-31"

_Bounds = tuple[_dt.date, _dt.date]

# The subset of EDTF the format accepts (spec section 1), one recogniser per shape.
# A single date: plain (fast path), qualified, with unspecified digits, or a season.
_PLAIN = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
_QUALIFIED = re.compile(r"([0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?)([?~%])")
_UNSPECIFIED = re.compile(
    r"(?P<decade>[0-9]{3}X)|(?P<century>[0-9]{2}XX)"
    r"|(?P<year>[0-9]{4})-XX(?:-XX)?|(?P<ym>[0-9]{4}-[0-9]{2})-XX"
    r"|XXXX-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?"
)
_SEASON = re.compile(r"([0-9]{4})-(2[1-4])")
# Interval ends are plain dates, qualified or not, or seasons; ".." is open, "" unknown.
_END = r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?[?~%]?"
_INTERVAL = re.compile(rf"({_END}|\.\.|)/({_END}|\.\.|)")
# "One of" sets: plain dates and ranges; an open range only first ("..b") or last ("a..").
_SET_ITEM = re.compile(
    r"(?P<open_start>\.\.)?(?P<a>[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?)"
    r"(?:(?P<range>\.\.)(?P<b>[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?)?)?"
)
_SEASON_NAMES = {21: "spring", 22: "summer", 23: "autumn", 24: "winter"}

_EXAMPLES = (
    "2025, 2025-01, 2025-01-15, 2019-10-23?, 2016-09~, 2022-XX, 201X, XXXX-09, "
    "2025-21 (spring), 2023-08-30/2023-09-03, 2022-10/.., [2019, 2021-06]"
)


def _clamp(value: tuple[int, int, int]) -> _dt.date:
    """A (year, month, day) from the edtf library, clamped to the supported range."""
    if value < (1, 1, 1):
        return MIN_DATE
    if value > (9999, 12, 31):
        return MAX_DATE
    return _dt.date(*value)


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _check_plain(text: str, year: int, month: int | None, day: int | None) -> None:
    """Raise a clear ``ValueError`` when a plain date's parts do not exist."""
    if year == 0:
        raise ValueError(
            f"{text!r}: year 0000 is outside the supported range 0001..9999; "
            "give the year as four digits from 0001"
        )
    if month is not None and not 1 <= month <= 12:
        raise ValueError(
            f"{text!r}: month {month:02d} is outside 01..12 (seasons are 21..24, e.g. 2025-21)"
        )
    if day is not None and month is not None:
        last = _last_day(year, month)
        if not 1 <= day <= last:
            raise ValueError(
                f"{text!r}: {year:04d}-{month:02d} has no day {day:02d} (it has {last})"
            )


def _plain_bounds(year: int, month: int | None, day: int | None) -> _Bounds:
    """The fast path: the first and last day of a plain YYYY[-MM[-DD]] date."""
    if month is None:
        return _dt.date(year, 1, 1), _dt.date(year, 12, 31)
    if day is None:
        return _dt.date(year, month, 1), _dt.date(year, month, _last_day(year, month))
    one = _dt.date(year, month, day)
    return one, one


@functools.lru_cache(maxsize=4096)
def _edtf_bounds(text: str) -> tuple[_Bounds, _Bounds]:
    """Strict and fuzzy bounds of one single (non-plain) date, from the edtf library.

    The library takes 4 to 10 ms a parse, so results are cached by string (bounded).
    """
    try:
        parsed = _edtf_parse(text)
    except Exception as exc:  # the recogniser above should have refused it already
        raise ValueError(f"{text!r} is not a date the edtf library can read ({exc})") from None
    strict = (_clamp(tuple(parsed.lower_strict()[:3])), _clamp(tuple(parsed.upper_strict()[:3])))
    fuzzy = (_clamp(tuple(parsed.lower_fuzzy()[:3])), _clamp(tuple(parsed.upper_fuzzy()[:3])))
    return strict, fuzzy


# The months of each season, as the edtf library reads them (its SEASON_MONTHS_RANGE):
# winter (24) is December of that year.
_SEASON_MONTHS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 12)}


def _unqualified_bounds(text: str) -> _Bounds:
    """Bounds of a season or a date with unspecified digits, without the edtf library.

    These forms carry no qualifier, so their bounds are plain arithmetic; computing
    them here keeps the edtf import (about 140 ms) off the one-file path when a file
    says "spring 2025". ``tests/test_values.py`` checks they agree with the library.
    """
    m = _SEASON.fullmatch(text)
    if m is not None:
        year = int(m.group(1))
        first, last = _SEASON_MONTHS[int(m.group(2))]
        return _dt.date(year, first, 1), _dt.date(year, last, _last_day(year, last))
    m = _UNSPECIFIED.fullmatch(text)
    if m is not None and not m.group("month"):
        if m.group("decade"):
            start = int(text[:3]) * 10
            return _dt.date(max(start, 1), 1, 1), _dt.date(start + 9, 12, 31)
        if m.group("century"):
            start = int(text[:2]) * 100
            return _dt.date(max(start, 1), 1, 1), _dt.date(start + 99, 12, 31)
        if m.group("year"):
            year = int(m.group("year"))
            return _dt.date(year, 1, 1), _dt.date(year, 12, 31)
        year, month = (int(p) for p in m.group("ym").split("-"))
        return _dt.date(year, month, 1), _dt.date(year, month, _last_day(year, month))
    return _edtf_bounds(text)[0]


@functools.lru_cache(maxsize=4096)
def _qualified_bounds(text: str) -> tuple[_Bounds, _Bounds]:
    """Strict and fuzzy bounds of a qualified plain date (``2019-10-23?``, ``2016-09~``).

    The same arithmetic as the edtf library (``UncertainOrApproximate``): a trailing
    qualifier applies to every part of the date, and each part given widens the range
    by one of its units (two for ``%``), years and months first, then days, as
    ``dateutil.relativedelta`` does; results beyond the supported range are clamped.
    Done here because the library parses in 4 to 40 ms a date (pyparsing), and a corpus
    of 2,000 files holds about 900 distinct qualified dates: 30 s of parsing.
    ``tests/test_values.py`` checks the two agree on generated dates.
    """
    m = _QUALIFIED.fullmatch(text)
    if m is None:
        return _edtf_bounds(text)
    plain = _PLAIN.fullmatch(m.group(1))
    assert plain is not None  # _QUALIFIED's first group is a plain date
    year, month, day = (int(g) if g else None for g in plain.groups())
    assert year is not None
    strict = _plain_bounds(year, month, day)
    units = 2 if m.group(2) == "%" else 1
    fuzzy = (
        _pad(strict[0], -units, month is not None, day is not None),
        _pad(strict[1], units, month is not None, day is not None),
    )
    return strict, fuzzy


def _pad(day: _dt.date, units: int, months: bool, days: bool) -> _dt.date:
    """``day`` moved by ``units`` years (and months, and days, when the date has them)."""
    month_index = day.year * 12 + day.month - 1 + units * 12 + (units if months else 0)
    year, month = divmod(month_index, 12)
    month += 1
    if year < 1:
        return MIN_DATE
    if year > 9999:
        return MAX_DATE
    moved = _dt.date(year, month, min(day.day, _last_day(year, month)))
    if not days:
        return moved
    try:
        return moved + _dt.timedelta(days=units)
    except OverflowError:
        return MIN_DATE if units < 0 else MAX_DATE


def _edtf_parse(text: str) -> Any:
    # Imported on first use: importing edtf (and pyparsing) takes about 140 ms, and
    # plain dates, most of them, never need it.
    from edtf import parse_edtf  # noqa: PLC0415

    return parse_edtf(text)


@attrs.frozen
class _Single:
    """What one single date (not an interval, not a set) says."""

    text: str
    precision: str
    qualifier: str | None = None  # "?", "~" or "%"
    plain: tuple[int, int | None, int | None] | None = None  # year, month, day
    # For XXXX-MM[-DD]: the month and day, any year in the supported range.
    any_year: tuple[int, int | None] | None = None

    def bounds(self) -> _Bounds:
        if self.plain is not None:
            return _plain_bounds(*self.plain)
        if self.any_year is not None:
            month, day = self.any_year
            if (month, day) == (2, 29):  # the first and last leap years in range
                return _dt.date(4, 2, 29), _dt.date(9996, 2, 29)
            return (
                _dt.date(1, month, day or 1),
                _dt.date(9999, month, day or _last_day(9999, month)),
            )
        if self.qualifier is not None:
            return _qualified_bounds(self.text)[0]
        return _unqualified_bounds(self.text)

    def fuzzy(self) -> _Bounds:
        if self.qualifier is None:
            return self.bounds()
        return _qualified_bounds(self.text)[1]

    def may_contain(self, day: _dt.date) -> bool:
        first, last = self.fuzzy()
        if not first <= day <= last:
            return False
        if self.any_year is not None:
            month, which = self.any_year
            return day.month == month and which in (None, day.day)
        return True


def _single(text: str) -> _Single:
    """Recognise one single date of the subset, or raise a clear ``ValueError``."""
    m = _SEASON.fullmatch(text)
    if m is not None:
        _check_plain(text, int(m.group(1)), None, None)
        return _Single(text, "season")
    m = _PLAIN.fullmatch(text)
    if m is not None:
        year, month, day = (int(g) if g else None for g in m.groups())
        assert year is not None
        _check_plain(text, year, month, day)
        precision = "year" if month is None else "month" if day is None else "day"
        return _Single(text, precision, plain=(year, month, day))
    m = _QUALIFIED.fullmatch(text)
    if m is not None:
        inner = _single(m.group(1))
        if inner.plain is None:
            raise ValueError(
                f"{text!r}: a qualifier (?, ~ or %) follows only a plain date such as 2025, "
                "2025-01 or 2025-01-15; say the rest in the neighbouring date_note"
            )
        return _Single(text, inner.precision, qualifier=m.group(2))
    m = _UNSPECIFIED.fullmatch(text)
    if m is not None:
        if text.startswith(("000X", "00XX")):
            raise ValueError(
                f"{text!r} includes the year 0000, outside the supported range 0001..9999; "
                "give the years as a span instead, e.g. 0001/0009"
            )
        if m.group("decade"):
            return _Single(text, "decade")
        if m.group("century"):
            return _Single(text, "century")
        if m.group("year"):
            _check_plain(text, int(m.group("year")), None, None)
            return _Single(text, "year")
        if m.group("ym"):
            year, month = (int(p) for p in m.group("ym").split("-"))
            _check_plain(text, year, month, None)
            return _Single(text, "month")
        month = int(m.group("month"))
        day = int(m.group("day")) if m.group("day") else None
        _check_plain(text, 2000, month, day)  # 2000 is a leap year: 02-29 exists
        return _Single(text, "month" if day is None else "day", any_year=(month, day))
    raise ValueError(_why_not(text))


def _why_not(text: str) -> str:
    """The clearest message for a text that is not a date of the supported subset."""
    if text.strip() != text:
        return f"{text!r}: remove the spaces around the date"
    if text in ("XXXX", "XXXX-XX", "XXXX-XX-XX"):
        return f"{text!r} says nothing about the date: leave the date out instead"
    if "T" in text or ":" in text:
        return (
            f"{text!r}: a date has no time of day; write the day only (e.g. 2025-01-15) "
            "and put a meeting's clock time in its start"
        )
    if text.startswith(("-", "Y")) or re.match(r"[0-9]{5}", text):
        return (
            f"{text!r}: years are four digits in the supported range 0001..9999 "
            "(no negative or five-digit years)"
        )
    if "x" in text:
        return f"{text!r}: unspecified digits are written with a capital X (e.g. 201X)"
    if "X" in text:
        return (
            f"{text!r}: unspecified digits are supported only as 201X, 20XX, 2022-XX, "
            "2022-XX-XX, 2022-09-XX, XXXX-09 and XXXX-09-15"
        )
    return f"expected an EDTF date such as {_EXAMPLES}; found {text!r}"


@attrs.frozen
class _Parsed:
    """What a whole date text says: one single date, an interval, or a set."""

    text: str  # canonical
    kind: str  # "single", "interval" or "set"
    single: _Single | None = None
    # interval: start and end; None for an open ("..") or unknown ("") end
    start: _Single | None = None
    end: _Single | None = None
    open_start: bool = False
    open_end: bool = False
    # set: members, each (first, last); None = open towards the range's end
    members: tuple[tuple[_Single | None, _Single | None], ...] = ()

    def bounds(self, fuzzy: bool) -> _Bounds:
        if self.single is not None:
            return self.single.fuzzy() if fuzzy else self.single.bounds()
        if self.kind == "interval":
            first = MIN_DATE
            last = MAX_DATE
            if self.start is not None:
                first = (self.start.fuzzy() if fuzzy else self.start.bounds())[0]
            if self.end is not None:
                last = (self.end.fuzzy() if fuzzy else self.end.bounds())[1]
            return first, last
        firsts = [a.bounds()[0] if a is not None else MIN_DATE for a, _ in self.members]
        lasts = [b.bounds()[1] if b is not None else MAX_DATE for _, b in self.members]
        return min(firsts), max(lasts)


@functools.lru_cache(maxsize=8192)
def _parse(text: str) -> _Parsed:
    """Recognise a date of the supported EDTF subset (cached by string)."""
    if not isinstance(text, str):
        raise ValueError(f"expected an EDTF date as a string, found {type(text).__name__}")
    if text.startswith("[") and text.endswith("]"):
        return _parse_set(text)
    if "/" in text:
        m = _INTERVAL.fullmatch(text)
        if m is None:
            raise ValueError(
                f"{text!r}: an interval is two dates separated by '/', each a date such as "
                "2025-01-15 (optionally followed by ?, ~ or %) or a season, '..' for an "
                "open end, or nothing for an unknown end (e.g. 2023-08-30/2023-09-03, "
                "2022-10/.., /2022)"
            )
        a, b = m.groups()
        if a in ("", "..") and b in ("", ".."):
            raise ValueError(f"{text!r}: an interval needs at least one known end")
        start = _single(a) if a not in ("", "..") else None
        end = _single(b) if b not in ("", "..") else None
        if start is not None and end is not None and end.bounds()[1] < start.bounds()[0]:
            raise ValueError(f"{text!r}: the interval ends before it starts; swap its ends")
        return _Parsed(
            text, "interval", start=start, end=end, open_start=a == "..", open_end=b == ".."
        )
    return _Parsed(text, "single", single=_single(text))


def _parse_set(text: str) -> _Parsed:
    items = re.split(r", ?", text[1:-1])  # "[2019,2021]" is written "[2019, 2021]"
    members: list[tuple[_Single | None, _Single | None]] = []
    for index, item in enumerate(items):
        m = _SET_ITEM.fullmatch(item)
        if m is None or (m.group("open_start") and m.group("range")):
            raise ValueError(
                f"{text!r}: a 'one of' set lists plain dates and ranges, such as "
                "[2019, 2021-06], [2019..2021], [..2019] or [2022-10..]; "
                f"{item!r} is not one of those"
            )
        first = _single(m.group("a"))
        if m.group("open_start"):
            if index != 0:
                raise ValueError(f"{text!r}: only the first member of a set may start with '..'")
            members.append((None, first))
        elif m.group("range") and not m.group("b"):
            if index != len(items) - 1:
                raise ValueError(f"{text!r}: only the last member of a set may end with '..'")
            members.append((first, None))
        elif m.group("range"):
            last = _single(m.group("b"))
            if last.precision != first.precision:
                raise ValueError(
                    f"{text!r}: the ends of the range {item} are given to different "
                    "precisions; give both to the year, month or day (e.g. 2019-01..2021-06)"
                )
            if last.bounds()[1] < first.bounds()[0]:
                raise ValueError(f"{text!r}: the range {item} ends before it starts; swap its ends")
            members.append((first, last))
        else:
            members.append((first, first))
    if len(members) == 1 and members[0][0] is members[0][1]:
        raise ValueError(
            f"{text!r}: a set of one date is that date; write {items[0]} without brackets"
        )
    return _Parsed("[" + ", ".join(items) + "]", "set", members=tuple(members))


@attrs.frozen
class PartialDate:
    """A date as a source gives it: an EDTF string (Extended Date/Time Format, ISO 8601-2).

    Real records say "January 2025", "spring 2025", "around September 2016" or
    "October 2022 or later": this type keeps exactly what was stated and answers with
    the interval of possible days, never a guessed day. Equality and hash are those of
    the canonical text. Dates are in the supported range :data:`MIN_DATE` ..
    :data:`MAX_DATE`; open or unknown ends and unknown years reach its ends.

    >>> d = PartialDate.parse("2025-01")
    >>> d.precision, d.earliest(), d.latest()
    ('month', datetime.date(2025, 1, 1), datetime.date(2025, 1, 31))
    >>> str(d)
    '2025-01'
    >>> spring = PartialDate.parse("2025-21")
    >>> spring.precision, spring.earliest(), spring.latest()
    ('season', datetime.date(2025, 3, 1), datetime.date(2025, 5, 31))
    >>> PartialDate.parse("2022-10/..").latest()
    datetime.date(9999, 12, 31)
    >>> PartialDate.parse("2019").certainly_before(PartialDate.parse("2020-01-01?"))
    False
    """

    text: str = attrs.field()

    @text.validator
    def _check(self, _attribute: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str):
            raise ValueError(f"expected an EDTF date as a string, found {type(value).__name__}")
        canonical = _parse(value).text
        if canonical != value:
            raise ValueError(
                f"{value!r} is not in canonical form ({canonical!r}); use PartialDate.parse"
            )

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse a date of the supported EDTF subset; ``ValueError`` with a clear message.

        >>> PartialDate.parse("[2019,2021-06]")
        PartialDate(text='[2019, 2021-06]')
        """
        if not isinstance(text, str):
            raise ValueError(f"expected an EDTF date as a string, found {type(text).__name__}")
        return cls(_parse(text).text)

    @classmethod
    def from_date(cls, value: _dt.date) -> PartialDate:
        """A day-precise date from a :class:`datetime.date` (a ``datetime``: its date).

        >>> PartialDate.from_date(_dt.date(2025, 4, 9))
        PartialDate(text='2025-04-09')
        """
        value = as_date(value, "value")
        return cls(f"{value.year:04d}-{value.month:02d}-{value.day:02d}")

    def __str__(self) -> str:
        return self.text

    @property
    def _parsed(self) -> _Parsed:
        return _parse(self.text)

    @property
    def precision(self) -> str:
        """``"day"``, ``"month"``, ``"season"``, ``"year"``, ``"decade"`` or ``"century"``
        for a single date; ``"interval"`` or ``"set"`` otherwise.

        >>> [PartialDate.parse(t).precision for t in ("2022-XX", "201X", "2019/2020")]
        ['year', 'decade', 'interval']
        """
        parsed = self._parsed
        return parsed.single.precision if parsed.single is not None else parsed.kind

    @property
    def is_exact(self) -> bool:
        """True when this is one known day, with no qualifier and no unspecified digit."""
        single = self._parsed.single
        return single is not None and single.plain is not None and single.plain[2] is not None

    @property
    def is_interval(self) -> bool:
        """True for an interval such as ``2023-08-30/2023-09-03`` or ``2022-10/..``."""
        return self._parsed.kind == "interval"

    @property
    def is_set(self) -> bool:
        """True for a "one of" set such as ``[2019, 2021-06]`` or ``[2022-10..]``."""
        return self._parsed.kind == "set"

    def _qualifiers(self) -> set[str]:
        parsed = self._parsed
        parts = [parsed.single, parsed.start, parsed.end]
        return {p.qualifier for p in parts if p is not None and p.qualifier is not None}

    @property
    def is_uncertain(self) -> bool:
        """True when any part is marked uncertain (``?`` or ``%``)."""
        return bool(self._qualifiers() & {"?", "%"})

    @property
    def is_approximate(self) -> bool:
        """True when any part is marked approximate (``~`` or ``%``)."""
        return bool(self._qualifiers() & {"~", "%"})

    @property
    def year(self) -> int | None:
        """The year of a plain ``YYYY[-MM[-DD]]`` date; ``None`` for any other form."""
        single = self._parsed.single
        return single.plain[0] if single is not None and single.plain is not None else None

    @property
    def month(self) -> int | None:
        """The month of a plain ``YYYY-MM[-DD]`` date; ``None`` otherwise."""
        single = self._parsed.single
        return single.plain[1] if single is not None and single.plain is not None else None

    @property
    def day(self) -> int | None:
        """The day of a plain ``YYYY-MM-DD`` date; ``None`` otherwise."""
        single = self._parsed.single
        return single.plain[2] if single is not None and single.plain is not None else None

    @property
    def start(self) -> PartialDate | None:
        """An interval's start (``None`` when open or unknown); a single date's self;
        ``None`` for a set."""
        parsed = self._parsed
        if parsed.kind == "single":
            return self
        if parsed.start is not None:
            return PartialDate(parsed.start.text)
        return None

    @property
    def end(self) -> PartialDate | None:
        """An interval's end (``None`` when open or unknown); a single date's self;
        ``None`` for a set."""
        parsed = self._parsed
        if parsed.kind == "single":
            return self
        if parsed.end is not None:
            return PartialDate(parsed.end.text)
        return None

    def earliest(self) -> _dt.date:
        """The first day the stated value may stand for (qualifiers ignored)."""
        return self._parsed.bounds(fuzzy=False)[0]

    def latest(self) -> _dt.date:
        """The last day the stated value may stand for (qualifiers ignored)."""
        return self._parsed.bounds(fuzzy=False)[1]

    def possible_range(self) -> tuple[_dt.date, _dt.date]:
        """The first and last possible day, widened for ``?``, ``~`` and ``%`` as the
        ``edtf`` library's fuzzy bounds are, and clamped to the supported range.

        >>> PartialDate.parse("2016-09~").possible_range()
        (datetime.date(2015, 8, 1), datetime.date(2017, 10, 30))
        """
        return self._parsed.bounds(fuzzy=True)

    def certainly_before(self, other: PartialDate) -> bool:
        """True when every possible day of this date is before every one of ``other``."""
        return self.possible_range()[1] < other.possible_range()[0]

    def certainly_after(self, other: PartialDate) -> bool:
        """True when every possible day of this date is after every one of ``other``."""
        return self.possible_range()[0] > other.possible_range()[1]

    def may_contain(self, day: _dt.date) -> bool:
        """True when ``day`` may be (or be within) the stated date.

        >>> PartialDate.parse("[2019, 2021-06]").may_contain(_dt.date(2020, 5, 5))
        False
        >>> PartialDate.parse("XXXX-09").may_contain(_dt.date(1990, 9, 3))
        True
        """
        day = as_date(day, "day")  # a datetime or a pendulum value: its date
        parsed = self._parsed
        if parsed.single is not None:
            return parsed.single.may_contain(day)
        if parsed.kind == "interval":
            first, last = parsed.bounds(fuzzy=True)
            return first <= day <= last
        for a, b in parsed.members:
            first = a.bounds()[0] if a is not None else MIN_DATE
            last = b.bounds()[1] if b is not None else MAX_DATE
            if first <= day <= last:
                return True
        return False

    def as_date(self) -> _dt.date:
        """The exact day; ``ValueError`` when the date is not one known day."""
        if not self.is_exact:
            raise ValueError(
                f"{self} is not one known day (it is known to the {self.precision}"
                + (", with a qualifier" if self._qualifiers() else "")
                + ")"
            )
        return self.earliest()


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
    # Written field by field: strftime's %Y does not pad years below 1000 on every
    # platform ("1-01-01" on glibc), and the format's years always have four digits.
    text = f"{value.year:04d}-{value.month:02d}-{value.day:02d}T{value.hour:02d}:{value.minute:02d}"
    return text + f":{value.second:02d}" if value.second else text


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
