"""Questions a developer asks a convention, each answered in one call, with reasons.

* :func:`next_meetings`: the meetings after a moment, recorded ones and those a body's
  cadence expects (and no recorded meeting fills yet), each with its instant and the
  wall time in every party's zone;
* :func:`next_deadlines`: the term's dated events after a moment (start, notice,
  end, renewal, termination, suspension);
* :func:`in_force`: whether the convention is in force on a day, as one
  :class:`InForce` answer (``yes``, ``no`` or ``unknown``, never ``None``).

Times come back as standard-library values (``datetime.datetime`` with a
``zoneinfo.ZoneInfo`` read from the ``tzdata`` package, ``datetime.date``); both
standard-library and pendulum values are accepted as input (see the Python guide).
"""

from __future__ import annotations

import datetime as _dt
import itertools
from typing import Literal

import attrs

from citydiplomacy._base._times import as_date, as_instant, today_utc
from citydiplomacy._domain._model import Convention, Meeting, Term
from citydiplomacy._time._followup import ExpectedMeeting, expected_meetings, first_day, match_slots
from citydiplomacy._time._meetings import PartyTime, meeting_time
from citydiplomacy._time._terms import (
    IN_FORCE_STATUSES,
    DateBounds,
    Deadline,
    TermState,
    TermStatus,
    term_status,
    upcoming_deadlines,
)

Answer = Literal["yes", "no", "unknown"]
#: How many expected slots of one body are looked at, at most, per question: a bound
#: on the work, whatever the cadence and the term.
_MAX_SLOTS = 10_000
#: Meeting statuses that are not a meeting to come.
_GONE = frozenset({"cancelled", "postponed"})


@attrs.frozen(kw_only=True)
class InForce:
    """Whether a convention is in force on a day, and why: the answer of :func:`in_force`.

    ``answer`` is ``"yes"``, ``"no"`` or ``"unknown"``; when it is ``"unknown"``,
    ``possible_answers`` holds both and ``depends_on`` names the dates the answer hangs
    on. ``status`` and ``possible`` are the finer :class:`TermStatus` values (a
    suspended or expired term is ``"no"``), ``state`` the full :class:`TermState`.
    An ``InForce`` has no truth value (``if cd.in_force(...)`` raises ``TypeError``):
    compare ``answer``, so that ``unknown`` is never read as yes or no.

    >>> from citydiplomacy._domain._model import Term
    >>> from citydiplomacy._domain._values import Duration, PartialDate
    >>> term = Term(start=PartialDate.parse("2025"), duration=Duration(years=3))
    >>> a = in_force(term, on=_dt.date(2025, 6, 1))
    >>> a.answer, a.possible_answers
    ('unknown', ('no', 'yes'))
    >>> a.depends_on
    ('term.start',)
    """

    on: _dt.date
    answer: Answer
    possible_answers: tuple[Answer, ...]
    reason: str
    status: TermStatus
    possible: tuple[TermStatus, ...]
    depends_on: tuple[str, ...]
    state: TermState

    def __bool__(self) -> bool:
        raise TypeError(
            "an InForce answer may be 'unknown': compare .answer ('yes', 'no' or 'unknown') "
            "instead of testing it as a boolean"
        )

    def __str__(self) -> str:
        return f"{self.answer}: {self.reason}"


def in_force(source: Convention | Term, *, on: _dt.date) -> InForce:
    """Whether ``source`` (a convention, or its :class:`Term`) is in force on ``on``.

    ``on`` is a ``datetime.date`` (a ``datetime`` or a pendulum value is taken as its
    date). Never ``None``: see :class:`InForce`. :func:`is_in_force` gives the same
    answer as ``True``/``False``/``None``.

    >>> from citydiplomacy._domain._model import Term
    >>> from citydiplomacy._domain._values import Duration, PartialDate
    >>> term = Term(start=PartialDate.parse("2025-03-01"), duration=Duration(years=3))
    >>> str(in_force(term, on=_dt.date(2026, 1, 1)))
    'yes: in force: initial period, 2025-03-01 to 2028-02-29'
    >>> in_force(term, on=_dt.date(2029, 1, 1)).answer
    'unknown'
    """
    day = as_date(on, "on")
    state = term_status(source, day)
    answers = sorted({"yes" if s in IN_FORCE_STATUSES else "no" for s in state.possible})
    answer: Answer = answers[0] if len(answers) == 1 else "unknown"  # type: ignore[assignment]
    return InForce(
        on=day,
        answer=answer,
        possible_answers=tuple(answers),  # type: ignore[arg-type]
        reason=state.reason,
        status=state.status,
        possible=state.possible,
        depends_on=state.depends_on,
        state=state,
    )


@attrs.frozen(kw_only=True)
class NextMeeting:
    """A meeting to come: recorded in the file, or expected by a body's cadence.

    ``kind`` is ``"recorded"`` (``meeting`` is set) or ``"expected"`` (``expected``
    is set: a slot of the body's cadence that no recorded meeting fills). ``instant``
    is the start as an aware UTC ``datetime`` for a recorded meeting with a clock time,
    and ``parties`` its wall time in each party's zone; both are empty for a meeting
    known by date only and for an expected one, whose ``days`` say when it falls
    (every day it may fall on). ``reason`` says why it is listed, in plain words.

    >>> import citydiplomacy as cd
    >>> conv = cd.load("examples/fictional-villebelle-tilelli.yaml")
    >>> first = next_meetings(conv, after=_dt.date(2026, 6, 1))[0]
    >>> first.kind, str(first.days), first.expected is not None
    ('expected', '2026-10-01/2027-04-29', True)
    """

    kind: Literal["recorded", "expected"]
    body: str | None
    days: DateBounds
    reason: str
    instant: _dt.datetime | None = None
    parties: tuple[PartyTime, ...] = ()
    meeting: Meeting | None = None
    expected: ExpectedMeeting | None = None
    notes: tuple[str, ...] = ()

    def __str__(self) -> str:
        when = self.instant.strftime("%Y-%m-%d %H:%M UTC") if self.instant else str(self.days)
        shown = ", ".join(
            f"{p.party} {p.local:%Y-%m-%d %H:%M}" for p in self.parties if p.local is not None
        )
        return f"{when}{f' ({shown})' if shown else ''}: {self.reason}"


def _after(after: _dt.date | None) -> tuple[_dt.datetime, _dt.date]:
    """The moment asked about as an aware UTC instant, and its day (in UTC)."""
    if after is None:
        now = _dt.datetime.now(_dt.timezone.utc)
        return now, now.date()
    if isinstance(after, _dt.datetime):
        instant = as_instant(after, "after")
        return instant, instant.date()
    day = as_date(after, "after")
    return _dt.datetime(day.year, day.month, day.day, tzinfo=_dt.timezone.utc), day


def _limit(limit: object) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int):
        raise TypeError(f"limit must be an int, not {type(limit).__name__}")
    if limit < 0:
        raise ValueError("limit must not be negative")
    return limit


def _recorded(convention: Convention, meeting: Meeting) -> NextMeeting:
    # A meeting known by date only may go on over several days: all of them count.
    days = first_day(meeting) if meeting.date is None else DateBounds.of(meeting.date)
    status = meeting.status.value if meeting.status is not None else "status not stated"
    what = f"recorded meeting {meeting.id}" + (f" of {meeting.body}" if meeting.body else "")
    if meeting.start is None:
        return NextMeeting(
            kind="recorded",
            body=meeting.body,
            days=days,
            reason=f"{what} ({status}), known by date only: {meeting.date}",
            meeting=meeting,
            notes=meeting_time(meeting).notes,
        )
    mt = meeting_time(meeting, convention)
    assert mt.instant is not None
    return NextMeeting(
        kind="recorded",
        body=meeting.body,
        days=days,
        reason=f"{what} ({status})",
        instant=mt.instant,
        parties=mt.parties,
        meeting=meeting,
        notes=mt.notes,
    )


def _expected(
    convention: Convention, after_day: _dt.date, limit: int
) -> list[tuple[ExpectedMeeting, str]]:
    governance = convention.governance
    if governance is None:
        return []
    out: list[tuple[ExpectedMeeting, str]] = []
    for body in governance.bodies:
        if body.cadence is None:
            continue
        meetings = [m for m in governance.meetings if m.body == body.id]
        # Slots are matched in order (see match_slots): every slot up to the ones
        # wanted is needed, and enough beyond to match every recorded meeting.
        slots: list[ExpectedMeeting] = []
        ahead = 0
        for slot in itertools.islice(expected_meetings(convention, body), _MAX_SLOTS):
            slots.append(slot)
            if slot.window.latest >= after_day:
                ahead += 1
                if ahead >= limit + len(meetings):
                    break
        pairs, _ = match_slots(slots, meetings)
        every = body.cadence.every
        for slot, match in pairs:
            if match is None and slot.window.latest >= after_day:
                reason = (
                    f"expected: {body.id} meets every {every} (slot {slot.index}); "
                    "no recorded meeting falls in this slot yet"
                )
                out.append((slot, reason))
    return out


def _order(item: NextMeeting) -> tuple[_dt.datetime, _dt.date, str]:
    if item.instant is not None:
        return item.instant, item.days.latest, item.kind
    first = item.days.earliest
    midnight = _dt.datetime(first.year, first.month, first.day, tzinfo=_dt.timezone.utc)
    return midnight, item.days.latest, item.kind


def next_meetings(
    convention: Convention, *, after: _dt.date | None = None, limit: int = 5
) -> tuple[NextMeeting, ...]:
    """The next ``limit`` meetings after ``after``, recorded and expected, in order.

    ``after`` is an aware ``datetime`` (a naive one raises ``ValueError``: a moment
    needs its zone), or a ``date`` (from 00:00 UTC that day); by default, now. A
    recorded meeting with a clock time is listed when it starts at or after that
    moment; one known by date only, or an expected one, while one of its days may
    still be on or after that day. Cancelled and postponed meetings are left out. An
    expected meeting is a slot of a body's cadence that no recorded meeting fills (see
    :func:`follow_up`). Ordered by instant; a meeting without a clock time sorts at
    00:00 UTC of its first possible day.

    >>> import citydiplomacy as cd
    >>> conv = cd.load("examples/fictional-villebelle-tilelli.yaml")
    >>> m = next_meetings(conv, after=_dt.date(2026, 6, 1), limit=3)
    >>> [(x.kind, str(x.days)) for x in m]  # doctest: +NORMALIZE_WHITESPACE
    [('expected', '2026-10-01/2027-04-29'), ('recorded', '2026-10-01'),
     ('expected', '2027-04-01/2027-10-29')]
    >>> m = [x for x in m if x.kind == "recorded"]
    >>> m[0].instant.isoformat(), m[0].reason
    ('2026-10-01T10:00:00+00:00', 'recorded meeting copil-2026-10 of steering-committee (planned)')
    >>> [(p.party, p.local.strftime("%H:%M %Z")) for p in m[0].parties if p.local]
    [('villebelle', '12:00 CEST'), ('tilelli', '10:00 +00')]
    """
    moment, after_day = _after(after)
    count = _limit(limit)
    out: list[NextMeeting] = []
    governance = convention.governance
    for meeting in governance.meetings if governance is not None else ():
        if meeting.status is not None and meeting.status.value in _GONE:
            continue
        item = _recorded(convention, meeting)
        if item.instant is not None and item.instant < moment:
            continue
        if item.instant is None and item.days.latest < after_day:
            continue
        out.append(item)
    for slot, reason in _expected(convention, after_day, count):
        out.append(
            NextMeeting(
                kind="expected", body=slot.body, days=slot.window, reason=reason, expected=slot
            )
        )
    out.sort(key=_order)
    return tuple(out[:count])


def next_deadlines(
    source: Convention | Term, *, after: _dt.date | None = None, limit: int = 5
) -> tuple[Deadline, ...]:
    """The next ``limit`` dated events of the term on or after ``after`` (a ``date``;
    a ``datetime`` stands for the date it shows; by default, today in UTC), in date order:
    start, last day to give notice, end of a period, renewal, termination, suspension.

    Each :class:`Deadline` carries its days (a :class:`DateBounds`: exact, or between
    two days when the dates it comes from are uncertain) and a ``description`` saying
    what happens. Same rules as :func:`upcoming_deadlines`.

    >>> import citydiplomacy as cd
    >>> conv = cd.load("examples/fictional-villebelle-tilelli.yaml")
    >>> for d in next_deadlines(conv, after=_dt.date(2026, 1, 1), limit=2):
    ...     print(d.date, d.description)
    2027-11-29 last day to give notice against tacit renewal at the end of the initial period
    2028-02-29 the initial period ends
    """
    day = today_utc() if after is None else as_date(after, "after")
    return tuple(upcoming_deadlines(source, day, limit=_limit(limit)))
