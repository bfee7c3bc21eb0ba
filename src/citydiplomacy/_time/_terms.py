"""Terms: is a convention in force on a date, which period runs, when to give notice.

Every answer is about calendar days; a term has no time of day and no time zone.
The rules, applied in this order:

* **Start.** ``term.start`` is the first day in force. When it is absent the start is
  not known; if the convention records a signature date, the term cannot have
  started before the earliest day of that date (an instrument does not apply
  before it exists; a retroactive start would be written in ``term.start``).
* **End of the initial period.** ``term.end`` is the *last day in force*
  (inclusive). Without ``end``, the last day is ``start + duration - 1 day``:
  a term starting 2025-03-01 for ``P3Y`` is in force up to and including
  2028-02-29. When both are given, ``end`` wins. Calendar arithmetic is
  pendulum's: adding months to the 31st lands on the last day of a shorter month.
  With neither ``end`` nor ``duration`` the end is not known, so after the start
  the answer is "cannot tell" (in force, or already ended), unless the term is stated
  to be ``indefinite`` (no fixed end): it is then in force from its start until a
  termination. (``indefinite`` beside an ``end`` or a ``duration`` is the error
  ``term.indefinite-with-end``; the stated end or duration is then used.)
* **Renewals.** Each renewal period starts the day after the previous one ends and
  lasts ``renewal.period``, else the initial ``duration``. Period boundaries are
  counted from the original anchor (``start + duration + k * period``), so month-end
  clamping never drifts from one renewal to the next.

  - ``tacit``: the term renews unless a party gives notice, at most
    ``max_renewals`` times (unbounded when absent); after the last allowed period
    it has **expired**.
  - ``explicit``: the term renews only by a renewal instrument: each ``renewed_by``
    link in ``related_instruments`` grants one renewal (at most ``max_renewals``).
    Without one, the term has **expired** after its end.
  - ``none``: the term has **expired** after its end.
  - no ``renewal`` at all: the file does not say; after the end the answer is
    "cannot tell" (expired or renewed), unless a ``renewed_by`` link shows it was
    renewed (then treated as explicit).
* **Notice.** For a tacit renewal still ahead, the last day to give notice is the
  current period's last day minus ``notice_period`` (2028-02-29 - ``P3M`` =
  2027-11-29). The *notice window* is the ``notice_period`` that ends on that last
  day (2027-08-29 to 2027-11-29 here): the status is then ``NOTICE_WINDOW``. Once the
  deadline has passed the renewal is locked in and the status returns to in force.
* **Termination.** ``term.termination.date`` (or the deprecated ``terminated_on``;
  when both are given, ``termination.date`` is used) is the first day the convention
  no longer applies: on and after it the status is ``TERMINATED``, whatever the
  schedule says. Termination is absorbing. A ``termination`` recorded without a date
  says the convention was terminated on a day not stated: after the start, every
  day may already be after it, so the answer is "cannot tell" (terminated or not).
* **Suspension.** Each of ``term.suspensions`` runs from ``start`` to ``end``, both
  inclusive (``end`` is the last day suspended). On a day the term would be in force
  and a suspension covers, the status is ``SUSPENDED``: the term keeps running (its
  periods and notice deadlines do not move) but the convention does not apply, so
  :func:`is_in_force` is False. A suspension whose start or end is not stated may
  cover any day on that side: the answer is then "cannot tell". A suspension is one
  unbroken span, so its ``in_effect_on`` dates (days on which a source confirms it
  still applied) narrow that: every day from its start (or from the first attested
  day, when the start is not stated) up to the latest attested day is certainly
  suspended, even when ``end`` is not known. An attested date of reduced precision
  (``2023-06``) vouches only for its first possible day.

Reduced precision and uncertainty: a date is an EDTF value (``2025``, ``2025-21``,
``2019-10-23?``, ``XXXX-09``, ``2022-10/..``) and stands for every day of its
:meth:`PartialDate.possible_range` (widened for ``?``, ``~`` and ``%``; open or
unknown interval ends and unspecified years reach the supported range's ends).
Answers are computed for each possible day; when they agree the answer is certain,
otherwise the status is ``UNKNOWN``, ``possible`` lists what it may be and
``depends_on`` names the dates it hangs on. Dates derived from an uncertain date
come as :class:`DateBounds`, never as a guessed day. Every computation is bounded by
the question asked (the day, ``limit``, ``until``), not by how wide a date is.
"""

from __future__ import annotations

import datetime as _dt
import enum
import itertools
from collections.abc import Iterator

import attrs
import pendulum

from citydiplomacy._base._times import as_date, as_optional_date
from citydiplomacy._domain._codes import InstrumentRelation, RenewalMode
from citydiplomacy._domain._model import Convention, Term
from citydiplomacy._domain._values import (
    MAX_DATE,
    MIN_DATE,
    RANGE_TEXT,
    Duration,
    MultilingualText,
    PartialDate,
)

_ONE_DAY = _dt.timedelta(days=1)


class TermStatus(str, enum.Enum):
    """Where a term stands on a given day.

    >>> import citydiplomacy as cd, datetime as dt
    >>> conv = cd.load("examples/fictional-villebelle-tilelli.yaml")
    >>> [cd.term_status(conv, dt.date(year, 6, 1)).status.value for year in (2024, 2026, 2031)]
    ['not_yet_in_force', 'in_force', 'expired']
    >>> cd.TermStatus("in_force") is cd.TermStatus.IN_FORCE
    True
    """

    #: The term has not started yet.
    NOT_YET_IN_FORCE = "not_yet_in_force"
    #: In its initial period.
    IN_FORCE = "in_force"
    #: In force, and inside the window in which notice against a tacit renewal is due.
    NOTICE_WINDOW = "notice_window"
    #: In force in a renewal period (tacit, or granted by a renewal instrument).
    RENEWED = "renewed"
    #: The term runs, but a recorded suspension covers the day: the convention does
    #: not apply (see ``TermState.suspensions``).
    SUSPENDED = "suspended"
    #: The last period has ended and no renewal followed.
    EXPIRED = "expired"
    #: Ended early: on or after ``term.termination.date`` (or ``terminated_on``).
    TERMINATED = "terminated"
    #: The recorded facts do not decide; see ``TermState.possible`` and ``reason``.
    UNKNOWN = "unknown"


#: Statuses in which the convention applies (not ``SUSPENDED``: the term runs, but
#: the convention does not apply while suspended).
IN_FORCE_STATUSES = frozenset({TermStatus.IN_FORCE, TermStatus.NOTICE_WINDOW, TermStatus.RENEWED})
#: Statuses in which the term runs: in force, or suspended.
_RUNNING = IN_FORCE_STATUSES | {TermStatus.SUSPENDED}


@attrs.frozen
class DateBounds:
    """One calendar day known to lie between ``earliest`` and ``latest`` (inclusive).

    >>> b = DateBounds.of(PartialDate.parse("2025-01"))
    >>> b.is_exact, str(b)
    (False, '2025-01-01/2025-01-31')
    >>> str(DateBounds.exact(_dt.date(2028, 2, 29)))
    '2028-02-29'
    """

    earliest: _dt.date
    latest: _dt.date

    def __attrs_post_init__(self) -> None:
        if self.earliest > self.latest:
            raise ValueError(f"earliest {self.earliest} is after latest {self.latest}")

    @classmethod
    def exact(cls, day: _dt.date) -> DateBounds:
        """Bounds of a day known exactly (a ``datetime`` stands for its date).

        >>> str(DateBounds.exact(_dt.datetime(2026, 1, 15, 10)))
        '2026-01-15'
        """
        day = as_date(day, "day")
        return cls(day, day)

    @classmethod
    def of(cls, date: PartialDate) -> DateBounds:
        """The days a date may stand for: its :meth:`PartialDate.possible_range`
        (widened for ``?``, ``~`` and ``%``; open ends reach the supported range).

        >>> str(DateBounds.of(PartialDate.parse("2025-21")))
        '2025-03-01/2025-05-31'
        """
        first, last = date.possible_range()
        return cls(first, last)

    @property
    def is_exact(self) -> bool:
        """True when the day is known."""
        return self.earliest == self.latest

    def contains(self, day: _dt.date) -> bool:
        """True when ``day`` is one of the possible days (a ``datetime``: its date)."""
        return self.earliest <= as_date(day, "day") <= self.latest

    def human(self) -> str:
        """``2028-02-29``, or ``between 2027-12-31 and 2028-12-30`` when uncertain."""
        if self.is_exact:
            return self.earliest.isoformat()
        return f"between {self.earliest.isoformat()} and {self.latest.isoformat()}"

    def human_on(self) -> str:
        """``on 2028-02-29``, or ``between 2027-12-31 and 2028-12-30``."""
        return f"on {self.human()}" if self.is_exact else self.human()

    def __str__(self) -> str:
        """ISO 8601: the day, or the interval ``earliest/latest``."""
        if self.is_exact:
            return self.earliest.isoformat()
        return f"{self.earliest.isoformat()}/{self.latest.isoformat()}"


@attrs.frozen
class TermPeriod:
    """One period of a term: the initial period (``index`` 0) or the n-th renewal.

    ``end`` is the last day in force (inclusive); ``None`` when no end is stated.
    ``start`` is ``None`` when the start is not known.

    >>> import citydiplomacy as cd, datetime as dt
    >>> conv = cd.load("examples/fictional-villebelle-tilelli.yaml")
    >>> [p.human() for p in cd.term_periods(conv)]
    ['2025-03-01 to 2028-02-29', '2028-03-01 to 2029-02-28', '2029-03-01 to 2030-02-28']
    >>> renewal = list(cd.term_periods(conv))[1]
    >>> renewal.index, renewal.start.earliest
    (1, datetime.date(2028, 3, 1))
    """

    index: int
    start: DateBounds | None
    end: DateBounds | None

    @property
    def is_renewal(self) -> bool:
        """True for a renewal period (index 1 and up)."""
        return self.index > 0

    def human(self) -> str:
        """``2025-03-01 to 2028-02-29``, with ``unknown`` or ``open`` where not stated."""
        start = self.start.human() if self.start else "an unknown start"
        end = self.end.human() if self.end else "no stated end"
        return f"{start} to {end}"


@attrs.frozen
class SuspensionSpan:
    """One recorded suspension: the days it may start and end, both inclusive.

    ``index`` is its position in ``term.suspensions``; ``start`` or ``end`` is
    ``None`` when the file does not state it (the suspension may then reach any day
    on that side). ``in_effect_on`` holds the days on which a source confirms the
    suspension still applied (``Suspension.in_effect_on``).

    >>> import citydiplomacy as cd, datetime as dt
    >>> paused = cd.Suspension(start=cd.partial_date("2026-01-01"), end=cd.partial_date("2026-03"))
    >>> term = cd.Term(start=cd.partial_date("2025-03-01"), duration=cd.duration("P3Y"),
    ...                suspensions=(paused,))
    >>> span = cd.term_status(term, dt.date(2026, 2, 1)).suspensions[0]
    >>> span.index, str(span.start), str(span.end)
    (0, '2026-01-01', '2026-03-01/2026-03-31')
    """

    index: int
    start: DateBounds | None
    end: DateBounds | None
    reason: MultilingualText | None = None
    in_effect_on: tuple[DateBounds, ...] = ()

    def covers(self, day: _dt.date) -> bool | None:
        """True when the suspension surely covers ``day``, False when it surely does
        not, ``None`` when that depends on a day not known.

        Surely covered: from the start's latest possible day (or, start unknown, the
        first attested day's) to the end's earliest possible day or the latest
        attested day, whichever is later.
        """
        day = as_date(day, "day")
        if self.start is not None and day < self.start.earliest:
            return False
        if self.end is not None and day > self.end.latest:
            return False
        first, last = self.surely_from(), self.surely_until()
        if first is not None and last is not None and first <= day <= last:
            return True
        return None

    def surely_from(self) -> _dt.date | None:
        """The first day surely suspended when the span reaches on to it: the start's
        latest possible day, or an earlier attested day (None: no bound known)."""
        # Each attested day lies in its bounds, so the first one is on or before the
        # smallest ``latest``; the span is unbroken from the start to it.
        attested = min((b.latest for b in self.in_effect_on), default=None)
        if self.start is None:
            return attested
        return self.start.latest if attested is None else min(self.start.latest, attested)

    def surely_until(self) -> _dt.date | None:
        """The last day surely suspended when the span reaches back to it: the end's
        earliest possible day, or a later attested day (None: no bound known)."""
        attested = max((b.earliest for b in self.in_effect_on), default=None)
        if self.end is None:
            return attested
        return self.end.earliest if attested is None else max(self.end.earliest, attested)

    def human(self) -> str:
        """``from 2020-03-16 to 2021-06-30``, with ``an unstated day`` where not stated."""
        start = self.start.human() if self.start is not None else "an unstated day"
        end = self.end.human() if self.end is not None else "an unstated day"
        text = f"from {start} to {end}"
        if self.in_effect_on:
            attested = sorted(self.in_effect_on, key=lambda b: b.earliest)
            text += ", in effect on " + ", ".join(b.human() for b in attested)
        if self.reason is not None:
            text += f" (reason: {self.reason.text('en')})"
        return text


@attrs.frozen(kw_only=True)
class TermState:
    """The answer of :func:`term_status`: a status and what it rests on.

    ``status`` is ``UNKNOWN`` exactly when ``possible`` holds more than one status.
    ``current_period`` is the period running on the day (when every possibility in
    force agrees on which one), ``notice_deadline`` the last day to give notice
    against the next tacit renewal of that period (``None`` when no notice applies
    or it cannot be known), and ``reason`` says why, in plain words.

    ``termination`` holds the days the recorded termination may take effect (the
    whole span after the start when it is recorded without a date), ``suspensions``
    the recorded suspensions that may cover the day, and ``depends_on`` the fields
    (``term.start``, ``term.termination.date``, ...) whose unknown or imprecise day
    leaves the answer open (empty when the status is certain).

    >>> import citydiplomacy as cd, datetime as dt
    >>> conv = cd.load("examples/fictional-villebelle-tilelli.yaml")
    >>> state = cd.term_status(conv, dt.date(2027, 10, 1))
    >>> state.status.value, state.current_period.index, str(state.notice_deadline)
    ('notice_window', 0, '2027-11-29')
    >>> state.in_force, state.depends_on
    (True, ())
    """

    on: _dt.date
    status: TermStatus
    possible: tuple[TermStatus, ...]
    reason: str
    current_period: TermPeriod | None = None
    notice_deadline: DateBounds | None = None
    termination: DateBounds | None = None
    suspensions: tuple[SuspensionSpan, ...] = ()
    depends_on: tuple[str, ...] = ()

    @property
    def in_force(self) -> bool | None:
        """True or False when certain; ``None`` when the facts do not tell."""
        forces = {s in IN_FORCE_STATUSES for s in self.possible}
        return forces.pop() if len(forces) == 1 else None

    @property
    def certain(self) -> bool:
        """True when the status is known."""
        return self.status is not TermStatus.UNKNOWN


class DeadlineKind(str, enum.Enum):
    """What happens on a term deadline.

    >>> import citydiplomacy as cd, datetime as dt
    >>> conv = cd.load("examples/fictional-villebelle-tilelli.yaml")
    >>> [d.kind.value for d in cd.next_deadlines(conv, after=dt.date(2026, 1, 1), limit=3)]
    ['notice', 'end', 'renewal']
    >>> cd.DeadlineKind("notice") is cd.DeadlineKind.NOTICE
    True
    """

    #: The term starts (first day in force).
    START = "start"
    #: Last day to give notice against a tacit renewal.
    NOTICE = "notice"
    #: Last day of a period.
    END = "end"
    #: First day of a renewal period (tacit unless notice is given, or granted).
    RENEWAL = "renewal"
    #: First day no longer in force after a recorded termination.
    TERMINATION = "termination"
    #: First day of a recorded suspension.
    SUSPENSION = "suspension"
    #: Last day of a recorded suspension (the convention applies again the next day).
    SUSPENSION_END = "suspension_end"


@attrs.frozen
class Deadline:
    """A dated event of the term: start, notice, end of a period, renewal.

    >>> import citydiplomacy as cd, datetime as dt
    >>> conv = cd.load("examples/fictional-villebelle-tilelli.yaml")
    >>> first = cd.next_deadlines(conv, after=dt.date(2026, 1, 1))[0]
    >>> first.kind.value, str(first.date), first.period_index
    ('notice', '2027-11-29', 0)
    >>> first.description
    'last day to give notice against tacit renewal at the end of the initial period'
    """

    kind: DeadlineKind
    date: DateBounds
    period_index: int
    description: str


# ---------------------------------------------------------------- the plan


@attrs.frozen(kw_only=True)
class _Plan:
    """What the term states, normalised for computing."""

    start: DateBounds | None
    #: Lower bound of the start when the start itself is unknown (the signature).
    start_floor: _dt.date | None
    #: "duration": period ends follow from the start; "end": from the stated end;
    #: None: neither end nor duration is stated.
    anchor: str | None
    duration: Duration | None
    end: DateBounds | None
    step: Duration | None
    mode: RenewalMode | None
    #: How many periods the term has at most (1 + renewals); None when unbounded.
    max_periods: int | None
    #: False when the file does not say whether the term renews.
    renewal_known: bool
    granted: int
    notice: Duration | None
    terminated: DateBounds | None
    #: The field the termination day comes from (``term.termination.date``, the
    #: deprecated ``term.terminated_on``, or ``term.termination`` with no date).
    terminated_field: str | None = None
    termination_reason: MultilingualText | None = None
    suspensions: tuple[SuspensionSpan, ...] = ()
    start_note: MultilingualText | None = None
    end_note: MultilingualText | None = None
    #: The stated start and end, for messages.
    start_text: PartialDate | None = None
    end_text: PartialDate | None = None
    #: The term is stated to have no fixed end (used only without end and duration).
    indefinite: bool = False


def _termination(
    term: Term, start: DateBounds | None, floor: _dt.date | None
) -> tuple[DateBounds | None, str | None, MultilingualText | None]:
    """The days the termination may take effect, the field they come from, the reason."""
    termination = term.termination
    reason = termination.reason if termination is not None else None
    if termination is not None and termination.date is not None:
        return DateBounds.of(termination.date), "term.termination.date", reason
    if term.terminated_on is not None:
        return DateBounds.of(term.terminated_on), "term.terminated_on", reason
    if termination is not None:
        # Terminated on a day not stated: not before the term may start, any day after.
        low = start.earliest if start is not None else floor if floor is not None else MIN_DATE
        return DateBounds(low, MAX_DATE), "term.termination", reason
    return None, None, None


def _plan(source: Convention | Term) -> _Plan:
    if isinstance(source, Convention):
        term = source.term or Term()
        floor = (
            source.signature.date.possible_range()[0]
            if source.signature is not None and source.signature.date is not None
            else None
        )
        granted = sum(
            1
            for link in source.related_instruments
            if link.relation is InstrumentRelation.RENEWED_BY
        )
    else:
        term, floor, granted = source, None, 0
    start = DateBounds.of(term.start) if term.start is not None else None
    end = DateBounds.of(term.end) if term.end is not None else None
    anchor = "end" if end is not None else "duration" if term.duration is not None else None
    renewal = term.renewal
    mode = renewal.mode if renewal is not None else None
    if mode is None and granted:
        mode = RenewalMode.EXPLICIT
    cap = renewal.max_renewals if renewal is not None else None
    renewal_known = mode is not None
    if mode is RenewalMode.TACIT:
        max_periods = None if cap is None else 1 + cap
    elif mode is RenewalMode.EXPLICIT:
        max_periods = 1 + (granted if cap is None else min(granted, cap))
    else:
        max_periods = 1
    step = (renewal.period if renewal is not None else None) or term.duration
    terminated, terminated_field, termination_reason = _termination(term, start, floor)
    suspensions = tuple(
        SuspensionSpan(
            i,
            DateBounds.of(s.start) if s.start is not None else None,
            DateBounds.of(s.end) if s.end is not None else None,
            s.reason,
            tuple(DateBounds.of(d) for d in s.in_effect_on),
        )
        for i, s in enumerate(term.suspensions)
    )
    return _Plan(
        start=start,
        start_floor=floor,
        anchor=anchor,
        duration=term.duration,
        end=end,
        step=step,
        mode=mode,
        max_periods=max_periods,
        renewal_known=renewal_known,
        granted=granted,
        notice=term.notice_period,
        terminated=terminated,
        terminated_field=terminated_field,
        termination_reason=termination_reason,
        suspensions=suspensions,
        start_note=term.start_note,
        end_note=term.end_note,
        start_text=term.start,
        end_text=term.end,
        indefinite=term.indefinite is True and anchor is None,
    )


def _shift(day: _dt.date, parts: tuple[int, int, int, int], sign: int = 1) -> _dt.date | None:
    """``day`` plus (years, months, weeks, days) times ``sign``; None past the calendar."""
    years, months, weeks, days = parts
    try:
        p = pendulum.Date(day.year, day.month, day.day)
        if sign > 0:
            r = p.add(years=years, months=months, weeks=weeks, days=days)
        else:
            r = p.subtract(years=years, months=months, weeks=weeks, days=days)
        return _dt.date(r.year, r.month, r.day)
    except (ValueError, OverflowError):
        return None


def _parts(d: Duration | None, times: int = 1) -> tuple[int, int, int, int]:
    if d is None:
        return (0, 0, 0, 0)
    return (d.years * times, d.months * times, d.weeks * times, d.days * times)


def add_duration(day: _dt.date, duration: Duration, times: int = 1) -> _dt.date:
    """``day`` plus ``times`` the duration, with pendulum's calendar rules.

    >>> add_duration(_dt.date(2025, 1, 31), Duration(months=1))
    datetime.date(2025, 2, 28)
    """
    out = _shift(day, _parts(duration, times))
    if out is None:
        raise OverflowError(f"{day} + {times} x {duration} is past the calendar")
    return out


def subtract_duration(day: _dt.date, duration: Duration) -> _dt.date:
    """``day`` minus the duration, with pendulum's calendar rules.

    >>> subtract_duration(_dt.date(2028, 2, 29), Duration(months=3))
    datetime.date(2027, 11, 29)
    """
    out = _shift(day, _parts(duration), -1)
    if out is None:
        raise OverflowError(f"{day} - {duration} is before the calendar")
    return out


def _approx_days(d: Duration) -> float:
    return d.years * 365.2425 + d.months * 30.436875 + d.weeks * 7 + d.days


class _Schedule:
    """Period boundaries for one possible value of the anchor day."""

    def __init__(self, plan: _Plan, value: _dt.date) -> None:
        self.plan = plan
        self.base: _dt.date | None
        self.end: _dt.date | None = None
        if plan.anchor == "duration":
            self.start: _dt.date | None = value
            self.base = value
            self.offset = _parts(plan.duration)
        else:
            self.start = None
            self.end = value
            # An end on the last supported day has no day after it in the calendar.
            self.base = value + _ONE_DAY if value < MAX_DATE else None
            self.offset = (0, 0, 0, 0)

    def boundary(self, k: int) -> _dt.date | None:
        """First day after period ``k``; None when past the calendar."""
        if self.base is None:
            return None
        if k == 0:
            if self.offset == (0, 0, 0, 0):
                return self.base
            return _shift(self.base, self.offset)
        if self.plan.step is None:
            return None
        y, m, w, d = _parts(self.plan.step, k)
        oy, om, ow, od = self.offset
        return _shift(self.base, (oy + y, om + m, ow + w, od + d))

    def period_start(self, k: int) -> _dt.date | None:
        return self.start if k == 0 else self.boundary(k - 1)

    def period_end(self, k: int) -> _dt.date | None:
        if k == 0 and self.start is None:
            return self.end  # the stated end, even on the calendar's last day
        b = self.boundary(k)
        return None if b is None else b - _ONE_DAY

    def index_on(self, on: _dt.date) -> int:
        """How many period boundaries are on or before ``on`` (the period running)."""
        b0 = self.boundary(0)
        if b0 is None or on < b0:
            return 0
        if self.plan.step is None:
            return 1
        k = max(1, int((on - b0).days / _approx_days(self.plan.step)))
        limit = self.plan.max_periods
        if limit is not None:
            k = min(k, limit)
        while k > 1 and not self._before_or_on(k - 1, on):
            k -= 1
        while (limit is None or k < limit) and self._before_or_on(k, on):
            k += 1
        return k

    def _before_or_on(self, k: int, on: _dt.date) -> bool:
        b = self.boundary(k)
        return b is not None and b <= on

    def notice_deadline(self, k: int) -> _dt.date | None:
        """Last day to give notice against the renewal after period ``k``, if any applies."""
        plan = self.plan
        if plan.mode is not RenewalMode.TACIT or plan.notice is None or plan.step is None:
            return None
        if plan.max_periods is not None and k + 1 >= plan.max_periods:
            return None
        end = self.period_end(k)
        return None if end is None else _shift(end, _parts(plan.notice), -1)


@attrs.frozen
class _Outcome:
    statuses: frozenset[TermStatus]
    index: int | None = None
    #: Where ``on`` falls in the schedule: (period, 0 before the notice window, 1 in
    #: it, 2 after the deadline). Two anchor days with the same phase bracket only
    #: days with that phase; the status alone does not (in force before and after a
    #: notice window look alike).
    phase: tuple[int, int] = attrs.field(default=(0, 0), eq=False)


def _outcome_started(plan: _Plan, value: _dt.date, on: _dt.date) -> _Outcome:
    """The status on ``on`` for one possible anchor day (start or end of the initial period)."""
    sched = _Schedule(plan, value)
    if sched.start is not None and on < sched.start:
        return _Outcome(frozenset({TermStatus.NOT_YET_IN_FORCE}), phase=(-1, 0))
    k = sched.index_on(on)
    if k >= 1 and not plan.renewal_known:
        return _Outcome(frozenset({TermStatus.EXPIRED, TermStatus.RENEWED}), phase=(1, 0))
    if plan.max_periods is not None and k >= plan.max_periods:
        return _Outcome(frozenset({TermStatus.EXPIRED}), phase=(k, 0))
    if k >= 1 and plan.step is None:
        maybe = {TermStatus.RENEWED, TermStatus.NOTICE_WINDOW}
        if plan.max_periods is not None:
            maybe.add(TermStatus.EXPIRED)
        return _Outcome(frozenset(maybe), phase=(1, 0))
    status = TermStatus.IN_FORCE if k == 0 else TermStatus.RENEWED
    sub = 0
    deadline = sched.notice_deadline(k)
    if deadline is not None and plan.notice is not None:
        period_start = sched.period_start(k)
        opens = _shift(deadline, _parts(plan.notice), -1)
        if opens is not None and period_start is not None:
            opens = max(opens, period_start)
        if on > deadline:
            sub = 2
        elif opens is not None and opens <= on:
            sub = 1
            status = TermStatus.NOTICE_WINDOW
    return _Outcome(frozenset({status}), k, phase=(k, sub))


def _over(plan: _Plan, bounds: DateBounds, on: _dt.date) -> list[_Outcome]:
    """Outcomes over every possible anchor day.

    Every boundary is a non-decreasing function of the anchor day, so the running
    phase (how many boundaries lie on or before ``on``) is monotonic in it: when the
    two ends of a range of anchor days are in the same phase, every day between is.
    Bisecting on that costs a few evaluations per phase instead of one per day. When
    the two ends are two or more periods apart, every period between them is running
    for some anchor day: their statuses are added at once, so a date as wide as
    ``XXXX-09`` (any year) costs no more than a precise one.
    """
    out: list[_Outcome] = []

    def walk(lo: _dt.date, hi: _dt.date, first: _Outcome, last: _Outcome) -> None:
        if first.phase == last.phase:
            out.append(first)
            return
        if (hi - lo).days <= 1:
            out.extend((first, last))
            return
        if first.phase[0] - last.phase[0] >= 2:
            out.extend((first, last, _between(plan, last.phase, first.phase)))
            return
        mid = lo + (hi - lo) // 2
        middle = _outcome_started(plan, mid, on)
        walk(lo, mid, first, middle)
        walk(mid, hi, middle, last)

    lo, hi = bounds.earliest, bounds.latest
    walk(lo, hi, _outcome_started(plan, lo, on), _outcome_started(plan, hi, on))
    return list(dict.fromkeys(out))


def _has_window(plan: _Plan, k: int) -> bool:
    """True when period ``k`` has a notice window (a tacit renewal follows it)."""
    if plan.mode is not RenewalMode.TACIT or plan.notice is None or plan.step is None:
        return False
    return plan.max_periods is None or k + 1 < plan.max_periods


def _phase_statuses(plan: _Plan, k: int, *, window: bool) -> set[TermStatus]:
    """The statuses of period ``k`` (as :func:`_outcome_started` gives them); with
    ``window``, its notice window too."""
    if k < 0:
        return {TermStatus.NOT_YET_IN_FORCE}
    if k >= 1 and not plan.renewal_known:
        return {TermStatus.EXPIRED, TermStatus.RENEWED}
    if plan.max_periods is not None and k >= plan.max_periods:
        return {TermStatus.EXPIRED}
    if k >= 1 and plan.step is None:
        maybe = {TermStatus.RENEWED, TermStatus.NOTICE_WINDOW}
        if plan.max_periods is not None:
            maybe.add(TermStatus.EXPIRED)
        return maybe
    out = {TermStatus.IN_FORCE if k == 0 else TermStatus.RENEWED}
    if window and _has_window(plan, k):
        out.add(TermStatus.NOTICE_WINDOW)
    return out


def _between(plan: _Plan, low: tuple[int, int], high: tuple[int, int]) -> _Outcome:
    """The statuses of every phase strictly between ``low`` and ``high`` (two or more
    periods apart); which period runs is then not known (index ``None``)."""
    (k_low, sub_low), (k_high, sub_high) = low, high
    statuses: set[TermStatus] = set()
    # The later phases of the lowest period, the earlier ones of the highest.
    statuses |= _phase_statuses(plan, k_low, window=sub_low == 0)
    statuses |= _phase_statuses(plan, k_high, window=sub_high == 2)
    # Periods strictly between: each status depends only on where k stands against
    # 0, 1 and the last period, so a few representatives stand for all of them.
    last = plan.max_periods if plan.max_periods is not None else k_high
    for k in {k_low + 1, k_high - 1, 0, 1, last - 1, last}:
        if k_low < k < k_high:
            statuses |= _phase_statuses(plan, k, window=True)
    return _Outcome(frozenset(statuses), None, phase=(k_low, sub_low))


def _reachable(plan: _Plan) -> set[TermStatus]:
    """Every status the schedule can produce, for answers that know nothing more."""
    out = {TermStatus.NOT_YET_IN_FORCE, TermStatus.IN_FORCE}
    if plan.anchor is None:
        return out if plan.indefinite else out | {TermStatus.EXPIRED}
    if plan.max_periods != 1 or not plan.renewal_known:
        out.add(TermStatus.RENEWED)
    if plan.mode is RenewalMode.TACIT and plan.notice is not None:
        out.add(TermStatus.NOTICE_WINDOW)
    if plan.max_periods is not None or not plan.renewal_known:
        out.add(TermStatus.EXPIRED)
    return out


def _order(statuses: set[TermStatus] | frozenset[TermStatus]) -> tuple[TermStatus, ...]:
    return tuple(s for s in TermStatus if s in statuses)


def period_bounds(source: Convention | Term, index: int) -> TermPeriod | None:
    """Period ``index`` of the schedule (0 = initial), or None if the term has no such period.

    Ignores termination: this is the schedule the term provides.
    """
    return _period(_plan(source), index)


def _anchor_bounds(plan: _Plan) -> DateBounds | None:
    if plan.anchor == "duration":
        return plan.start
    if plan.anchor == "end":
        return plan.end
    return None


def _period(plan: _Plan, index: int) -> TermPeriod | None:
    if plan.max_periods is not None and index >= plan.max_periods:
        return None
    if index > 0 and (plan.step is None or not plan.renewal_known):
        return None
    bounds = _anchor_bounds(plan)
    if bounds is None:
        return TermPeriod(index, plan.start, None) if index == 0 else None
    lo, hi = _Schedule(plan, bounds.earliest), _Schedule(plan, bounds.latest)
    start: DateBounds | None
    if index == 0:
        start = plan.start
    else:
        s_lo, s_hi = lo.period_start(index), hi.period_start(index)
        if s_lo is None:
            return None
        # Past the calendar for the latest anchor day: no later than its last day.
        start = DateBounds(s_lo, s_hi if s_hi is not None else MAX_DATE)
    e_lo, e_hi = lo.period_end(index), hi.period_end(index)
    if e_lo is None:
        return None
    return TermPeriod(index, start, DateBounds(e_lo, e_hi if e_hi is not None else MAX_DATE))


def _notice_for(plan: _Plan, index: int) -> DateBounds | None:
    bounds = _anchor_bounds(plan)
    if bounds is None:
        return None
    lo = _Schedule(plan, bounds.earliest).notice_deadline(index)
    hi = _Schedule(plan, bounds.latest).notice_deadline(index)
    if lo is None or hi is None:
        return None
    return DateBounds(lo, hi)


# ---------------------------------------------------------------- public questions


def term_status(source: Convention | Term, on: _dt.date) -> TermState:
    """Where the term stands on day ``on``; see the module documentation for the rules.

    Pass a :class:`Convention` rather than its :class:`Term` when you can: its
    signature date bounds an unknown start, and its ``renewed_by`` links grant
    explicit renewals.

    >>> from citydiplomacy._domain._model import Renewal
    >>> term = Term(start=PartialDate.parse("2025-03-01"), duration=Duration(years=3),
    ...             renewal=Renewal(mode=RenewalMode.TACIT, period=Duration(years=1)),
    ...             notice_period=Duration(months=3))
    >>> state = term_status(term, _dt.date(2027, 10, 1))
    >>> state.status.value, str(state.current_period.end), str(state.notice_deadline)
    ('notice_window', '2028-02-29', '2027-11-29')
    >>> term_status(Term(start=PartialDate.parse("2025")), _dt.date(2025, 6, 1)).status.value
    'unknown'
    """
    on = as_date(on, "on")
    plan = _plan(source)
    statuses: set[TermStatus] = set()
    notes: list[str] = []
    depends: list[str] = []

    live = True  # may the term still be running (not terminated) on this day?
    if plan.terminated is not None and on >= plan.terminated.earliest:
        statuses.add(TermStatus.TERMINATED)
        if on >= plan.terminated.latest:
            live = False
        else:
            notes.append(_terminated_words(plan))
            assert plan.terminated_field is not None
            depends.append(plan.terminated_field)

    outcomes: list[_Outcome] = []
    suspended: tuple[SuspensionSpan, ...] = ()
    if live:
        outcomes = _live_outcomes(plan, on, notes, depends)
        outcomes, suspended = _suspend(plan, outcomes, on, depends)
        for o in outcomes:
            statuses |= o.statuses

    possible = _order(statuses)
    status = possible[0] if len(possible) == 1 else TermStatus.UNKNOWN
    indexes = {o.index for o in outcomes if o.statuses & _RUNNING}
    current = None
    notice = None
    if len(indexes) == 1 and None not in indexes:
        (index,) = indexes
        assert index is not None
        current = _period(plan, index)
        if current is not None and current.start is None and current.end is None:
            current = None  # a period nothing is known about
        notice = _notice_for(plan, index)
    reason = _reason(
        plan,
        on=on,
        status=status,
        possible=possible,
        current=current,
        notice=notice,
        notes=notes,
        suspended=suspended,
    )
    return TermState(
        on=on,
        status=status,
        possible=possible,
        reason=reason,
        current_period=current,
        notice_deadline=notice,
        termination=plan.terminated,
        suspensions=suspended,
        depends_on=tuple(dict.fromkeys(depends)) if status is TermStatus.UNKNOWN else (),
    )


def _terminated_words(plan: _Plan) -> str:
    """``terminated on 2019-06-30 (reason: ...)``, or the same for a day not stated."""
    assert plan.terminated is not None
    if plan.terminated_field == "term.termination":
        text = "terminated on a day the file does not state"
    else:
        date = plan.terminated
        text = f"terminated {date.human_on()}"
    if plan.termination_reason is not None:
        text += f" (reason: {plan.termination_reason.text('en')})"
    return text


def _suspend(
    plan: _Plan, outcomes: list[_Outcome], on: _dt.date, depends: list[str]
) -> tuple[list[_Outcome], tuple[SuspensionSpan, ...]]:
    """Outcomes with the suspensions that may cover ``on`` applied to those in force."""
    spans = tuple(s for s in plan.suspensions if s.covers(on) is not False)
    if not spans:
        return outcomes, ()
    surely = any(s.covers(on) for s in spans)
    if not any(o.statuses & IN_FORCE_STATUSES for o in outcomes):
        return outcomes, ()  # a suspension matters only while the term runs
    if not surely:
        for span in spans:
            # A side matters only when the day is not surely past it (attested days
            # settle it as well as a stated date).
            first, last = span.surely_from(), span.surely_until()
            if first is None or on < first:
                depends.append(f"term.suspensions[{span.index}].start")
            if last is None or on > last:
                depends.append(f"term.suspensions[{span.index}].end")
    out: list[_Outcome] = []
    for o in outcomes:
        if not o.statuses & IN_FORCE_STATUSES:
            out.append(o)
            continue
        kept = o.statuses - IN_FORCE_STATUSES if surely else o.statuses
        out.append(attrs.evolve(o, statuses=frozenset(kept | {TermStatus.SUSPENDED})))
    return out, spans


def _live_outcomes(
    plan: _Plan, on: _dt.date, notes: list[str], depends: list[str]
) -> list[_Outcome]:
    """Outcomes for a term not (yet) terminated on ``on``; ``depends`` gets the fields
    whose unknown day makes them differ."""
    floor = plan.start_floor
    if plan.start is None and floor is not None and on < floor:
        notes.append(f"not signed before {floor.isoformat()}")
        return [_Outcome(frozenset({TermStatus.NOT_YET_IN_FORCE}))]
    if plan.anchor == "duration":
        if plan.start is None:
            notes.append("the file does not state when the term starts")
            depends.append("term.start")
            return [_Outcome(frozenset(_reachable(plan)))]
        over = _over(plan, plan.start, on)
        if len({o.statuses for o in over}) > 1:
            depends.append("term.start")
        return over
    # The start only decides "not yet in force"; the rest hangs on the stated end
    # (or on nothing when neither end nor duration is stated).
    out: list[_Outcome] = []
    if plan.start is None:
        notes.append("the file does not state when the term starts")
        # The start is on or before the last day of the initial period.
        may_not_have_started = plan.end is None or on <= plan.end.latest
        may_have_started = True
    else:
        may_not_have_started = on < plan.start.latest
        may_have_started = on >= plan.start.earliest
    if may_not_have_started:
        out.append(_Outcome(frozenset({TermStatus.NOT_YET_IN_FORCE})))
    if may_have_started:
        if may_not_have_started:
            depends.append("term.start")
        if plan.end is not None:
            over = _over(plan, plan.end, on)
            if len({o.statuses for o in over}) > 1:
                depends.append("term.end")
            out.extend(over)
        elif plan.indefinite:
            notes.append("the term is stated to be indefinite (no fixed end)")
            out.append(_Outcome(frozenset({TermStatus.IN_FORCE}), 0))
        else:
            notes.append("the file states neither an end date nor a duration")
            depends.append("term.end")
            out.append(_Outcome(frozenset({TermStatus.IN_FORCE, TermStatus.EXPIRED}), 0))
    return out


def _stated(date: PartialDate | None, bounds: DateBounds) -> str:
    """``on 2025-03-01``, ``between 2025-01-01 and 2025-12-31``, and for other forms
    than a plain day, month or year the text as stated: ``between 2018-09-22 and
    2020-11-24 (stated as 2019-10-23?, uncertain)``."""
    text = bounds.human_on()
    if date is None or date.year is not None:
        return text
    how = [
        word
        for flag, word in ((date.is_uncertain, "uncertain"), (date.is_approximate, "approximate"))
        if flag
    ]
    return f"{text} (stated as {date}{', ' + ', '.join(how) if how else ''})"


def _with_note(text: str, note: MultilingualText | None) -> str:
    return f"{text} ({note.text('en')})" if note is not None else text


def _reason(
    plan: _Plan,
    *,
    on: _dt.date,
    status: TermStatus,
    possible: tuple[TermStatus, ...],
    current: TermPeriod | None,
    notice: DateBounds | None,
    notes: list[str],
    suspended: tuple[SuspensionSpan, ...] = (),
) -> str:
    day = on.isoformat()
    starts = (
        _with_note(f"the term starts {_stated(plan.start_text, plan.start)}", plan.start_note)
        if plan.start is not None
        else None
    )
    if status is TermStatus.TERMINATED:
        assert plan.terminated is not None
        return f"{_terminated_words(plan)}: no longer in force from that day"
    if status is TermStatus.NOT_YET_IN_FORCE:
        if starts is not None:
            return f"not yet in force on {day}: {starts}"
        return f"not yet in force on {day}: " + "; ".join(notes)
    if status is TermStatus.EXPIRED:
        last = _last_period(plan)
        ended = f" {last.end.human_on()}" if last is not None and last.end is not None else ""
        if plan.mode is RenewalMode.TACIT:
            why = f"at most {_renewals(plan)} tacit renewal(s)"
        elif plan.mode is RenewalMode.EXPLICIT and plan.granted == 0:
            why = "renewal is explicit and no renewal instrument is recorded"
        elif plan.mode is RenewalMode.EXPLICIT:
            why = f"{plan.granted} renewal instrument(s) recorded, all their periods are over"
        else:
            why = "the term does not renew"
        return _with_note(f"expired: the term ended{ended} ({why})", plan.end_note)
    if status is TermStatus.SUSPENDED:
        spans = "; ".join(s.human() for s in suspended if s.covers(on))
        text = f"suspended on {day}: {spans}"
        if current is not None:
            period = "initial period" if current.index == 0 else f"renewal {current.index}"
            text += f"; the term itself runs ({period}, {current.human()})"
        return text
    if status in IN_FORCE_STATUSES and current is None:
        label = status.value.replace("_", " ")
        if _runs_past_range(plan):
            started = plan.start.human_on() if plan.start else ""
            return (
                f"in force ({label}): the term started {started}"
                f" and its duration {plan.duration} runs past 9999-12-31, outside "
                f"{RANGE_TEXT}: its end cannot be computed (the rule date.out-of-range "
                "reports it)"
            )
        return f"in force ({label}); which period runs depends on days not recorded"
    if status in IN_FORCE_STATUSES:
        assert current is not None
        period = "initial period" if current.index == 0 else f"renewal {current.index}"
        text = f"in force: {period}, {current.human()}"
        if plan.indefinite:
            text += " (the term is stated to be indefinite: no fixed end)"
        if notice is not None:
            passed = on > notice.latest
            text += (
                f"; notice against tacit renewal was due by {notice.human()}"
                if passed
                else f"; last day to give notice against tacit renewal: {notice.human()}"
            )
        return text
    # UNKNOWN
    may = ", ".join(s.value.replace("_", " ") for s in possible)
    details = list(dict.fromkeys(notes))
    if starts is not None and plan.start is not None and not plan.start.is_exact:
        details.append(starts)
    if plan.end is not None and not plan.end.is_exact:
        details.append(
            _with_note(f"the initial period ends {_stated(plan.end_text, plan.end)}", plan.end_note)
        )
    elif plan.anchor == "duration" and plan.start is not None and not plan.start.is_exact:
        first = _period(plan, 0)
        if first is not None and first.end is not None:
            details.append(f"so the initial period ends {first.end.human_on()}")
    if not plan.renewal_known and plan.anchor is not None and TermStatus.RENEWED in possible:
        details.append("the file does not say whether the term renews")
    if plan.step is None and plan.renewal_known and TermStatus.RENEWED in possible:
        details.append("the length of a renewal period is not stated")
    if TermStatus.SUSPENDED in possible:
        details += [f"a suspension {s.human()} may cover this day" for s in suspended]
    why = "; ".join(details) if details else "the recorded dates are not precise enough"
    return f"cannot tell on {day} (may be {may}): {why}"


def _renewals(plan: _Plan) -> int:
    return (plan.max_periods or 1) - 1


def _last_period(plan: _Plan) -> TermPeriod | None:
    if plan.max_periods is None:
        return None
    return _period(plan, plan.max_periods - 1)


def is_in_force(source: Convention | Term, on: _dt.date) -> bool | None:
    """True or False when the facts tell; ``None`` when they do not.

    :func:`in_force` answers the same question with its reason and, when the answer
    is not known, the possible answers and the dates they hang on (never ``None``).

    >>> is_in_force(Term(start=PartialDate.parse("2025-03-01"), duration=Duration(years=3)),
    ...             _dt.date(2026, 1, 1))
    True
    """
    return term_status(source, on).in_force


def term_periods(
    source: Convention | Term,
    *,
    limit: int | None = None,
    until: _dt.date | None = None,
) -> Iterator[TermPeriod]:
    """The periods of the term: the initial period, then each renewal, lazily.

    Tacit renewal without ``max_renewals`` goes on forever: bound it with ``limit``
    (how many periods) or ``until`` (stop before the first period that surely starts
    after that day). A renewal whose length or very existence the file does not state
    is not listed. Termination is ignored: this is the schedule the term provides.

    >>> from citydiplomacy._domain._model import Renewal
    >>> term = Term(start=PartialDate.parse("2025-03-01"), duration=Duration(years=3),
    ...             renewal=Renewal(mode=RenewalMode.TACIT, period=Duration(years=1)))
    >>> [p.human() for p in term_periods(term, limit=3)]
    ['2025-03-01 to 2028-02-29', '2028-03-01 to 2029-02-28', '2029-03-01 to 2030-02-28']
    """
    if limit is not None and limit < 0:
        raise ValueError("limit must not be negative")
    until = as_optional_date(until, "until")
    plan = _plan(source)
    counter = itertools.count() if limit is None else iter(range(limit))
    for index in counter:
        period = _period(plan, index)
        if period is None:
            return
        if until is not None and period.start is not None and period.start.earliest > until:
            return
        yield period


def renewal_periods(
    source: Convention | Term,
    *,
    limit: int | None = None,
    until: _dt.date | None = None,
) -> Iterator[TermPeriod]:
    """The renewal periods only (index 1 and up), lazily; ``limit`` counts renewals.

    >>> from citydiplomacy._domain._model import Renewal
    >>> term = Term(start=PartialDate.parse("2025"), duration=Duration(years=3),
    ...             renewal=Renewal(mode=RenewalMode.TACIT, max_renewals=1))
    >>> [p.human() for p in renewal_periods(term)]
    ['between 2028-01-01 and 2028-12-31 to between 2030-12-31 and 2031-12-30']
    """
    periods = term_periods(source, until=until)
    renewals = (p for p in periods if p.index > 0)
    yield from (renewals if limit is None else itertools.islice(renewals, limit))


def upcoming_deadlines(
    source: Convention | Term, on: _dt.date, *, limit: int = 5
) -> list[Deadline]:
    """The next dated events of the term on or after ``on``: start, notice, end, renewal.

    An uncertain date is listed while it may still be ahead (its latest day is on or
    after ``on``). A recorded termination still ahead is listed, and cuts off what
    would follow it; nothing is listed once the term has surely been terminated.
    The start and end of recorded suspensions still ahead are listed too. Deadlines
    come in date order. The periods looked at start from the one that may run on
    ``on``: the cost does not grow with how long ago the term started.

    >>> from citydiplomacy._domain._model import Renewal
    >>> term = Term(start=PartialDate.parse("2025-03-01"), duration=Duration(years=3),
    ...             renewal=Renewal(mode=RenewalMode.TACIT, period=Duration(years=1),
    ...                             max_renewals=2), notice_period=Duration(months=3))
    >>> [(d.kind.value, str(d.date)) for d in upcoming_deadlines(term, _dt.date(2026, 1, 1))]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('notice', '2027-11-29'), ('end', '2028-02-29'), ('renewal', '2028-03-01'),
     ('notice', '2028-11-28'), ('end', '2029-02-28')]
    """
    on = as_date(on, "on")
    plan = _plan(source)
    cut = plan.terminated
    if cut is not None and on >= cut.latest:
        return []
    out: list[Deadline] = []
    if plan.start is not None and plan.start.latest >= on:
        starts = _with_note("the term starts", plan.start_note)
        out.append(Deadline(DeadlineKind.START, plan.start, 0, starts))
    if cut is not None and plan.terminated_field != "term.termination":
        out.append(
            Deadline(DeadlineKind.TERMINATION, cut, 0, "terminated: no longer in force from then")
        )
    for span in plan.suspensions:
        if span.start is not None and span.start.latest >= on:
            out.append(
                Deadline(DeadlineKind.SUSPENSION, span.start, 0, "a recorded suspension starts")
            )
        if span.end is not None and span.end.latest >= on:
            out.append(
                Deadline(
                    DeadlineKind.SUSPENSION_END,
                    span.end,
                    0,
                    "last day of a recorded suspension",
                )
            )
    scheduled: list[Deadline] = []
    index = _first_index(plan, on)
    while len(scheduled) < limit + 2:
        period = _period(plan, index)
        if period is None or period.end is None:
            break
        if cut is not None and period.start is not None and period.start.earliest >= cut.latest:
            break
        notice = _notice_for(plan, period.index)
        name = "the initial period" if period.index == 0 else f"renewal {period.index}"
        if notice is not None and notice.latest >= on:
            scheduled.append(
                Deadline(
                    DeadlineKind.NOTICE,
                    notice,
                    period.index,
                    f"last day to give notice against tacit renewal at the end of {name}",
                )
            )
        if period.end.latest >= on:
            scheduled.append(Deadline(DeadlineKind.END, period.end, period.index, f"{name} ends"))
        following = _period(plan, period.index + 1)
        if following is not None and following.start is not None and following.start.latest >= on:
            how = "tacitly, unless notice is given" if plan.mode is RenewalMode.TACIT else "granted"
            scheduled.append(
                Deadline(
                    DeadlineKind.RENEWAL,
                    following.start,
                    following.index,
                    f"renewal {following.index} starts ({how})",
                )
            )
        index += 1
    out += scheduled
    if cut is not None:
        out = [d for d in out if d.kind is DeadlineKind.TERMINATION or d.date.earliest < cut.latest]
    out.sort(key=lambda d: (d.date.earliest, d.date.latest))
    return out[:limit]


def _first_index(plan: _Plan, on: _dt.date) -> int:
    """The first period whose end may be on or after ``on``: every earlier one surely
    ended before it (computed, not counted up to, however long ago the term started)."""
    bounds = _anchor_bounds(plan)
    if bounds is None or plan.step is None:
        return 0
    # The latest anchor day gives the latest boundaries: with it, the period running
    # on ``on`` has the smallest index any anchor day gives.
    sched = _Schedule(plan, bounds.latest)
    if sched.start is not None and on < sched.start:
        return 0
    return max(0, sched.index_on(on) - 1)


def term_span(
    source: Convention | Term, *, until: _dt.date | None = None
) -> tuple[DateBounds | None, DateBounds | None]:
    """The widest span the term may cover: (start, last day), each possibly unknown.

    The last day is the end of the last scheduled period (renewals included, up to
    ``until`` when renewals go on forever) and, after a termination, the day before
    ``term.termination.date`` (or ``terminated_on``). ``None`` for the end means no
    end is known (open-ended, or renewing forever and no ``until`` given). A
    termination recorded without a date may have come any day after the start: the
    last day then ranges up to the end of the schedule.
    """
    plan = _plan(source)
    end: DateBounds | None = None
    if plan.max_periods is not None or until is not None:
        last = _last_listed(plan, until)
        end = last.end if last is not None else None
    if plan.terminated is not None:
        cut = DateBounds(_day_before(plan.terminated.earliest), _day_before(plan.terminated.latest))
        if end is None:
            end = cut
        elif cut.latest < end.latest:
            end = DateBounds(min(cut.earliest, end.earliest), cut.latest)
    return plan.start, end


def _runs_past_range(plan: _Plan) -> bool:
    """Whether the stated start plus duration ends past the supported range."""
    if plan.anchor != "duration" or plan.start is None or plan.duration is None:
        return False
    return _shift(plan.start.earliest, _parts(plan.duration)) is None


def _last_listed(plan: _Plan, until: _dt.date | None) -> TermPeriod | None:
    """The last period :func:`term_periods` would list, found by bisection.

    Whether period ``k`` is listed only changes once as ``k`` grows (periods are in
    date order, and none exists past the supported range), so the cost is a few dozen
    periods whatever ``max_renewals`` says (a one-day renewal repeated a billion times
    would otherwise be walked day by day up to 9999).
    """

    def listed(k: int) -> TermPeriod | None:
        if plan.max_periods is not None and k >= plan.max_periods:
            return None
        period = _period(plan, k)
        if period is None:
            return None
        if until is not None and period.start is not None and period.start.earliest > until:
            return None
        return period

    if listed(0) is None:
        return None
    low = 0  # listed
    high = 1  # first index to try: doubled until it is not listed
    while listed(high) is not None:
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        if listed(middle) is not None:
            low = middle
        else:
            high = middle
    return listed(low)


def _day_before(day: _dt.date) -> _dt.date:
    """The day before, kept in the supported range."""
    return day - _ONE_DAY if day > MIN_DATE else day
