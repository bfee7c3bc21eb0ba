"""Follow-up: the meetings a body's cadence calls for, the ones held, what is overdue or late.

Rules:

* **Expected meetings.** A body with a cadence (``every``) is expected to meet once in
  each slot of that length, counted from ``cadence.first`` (else the term's start):
  slot *i* runs from ``anchor + i * every`` to the day before ``anchor + (i + 1) *
  every``. A meeting anywhere in its slot is on time. When the anchor is known only
  to the month or year, the window runs from the slot's earliest possible opening to
  its latest possible closing, so it widens honestly instead of guessing a day. An
  anchor known less precisely than to the year (``201X``, ``XXXX-09``, an open
  interval) and wider than one slot cannot place any slot: no expected meeting is
  listed, and the follow-up says why.
* **Inside the term.** Windows are clipped to the widest span the term may cover
  (earliest start to latest last day, renewals included, up to the day before any
  termination); slots entirely outside it are not expected. A term that renews
  forever has no last day: ask with ``until`` or a ``limit``.
* **Hosts.** With ``alternating`` rotation, slot *i* is hosted by
  ``hosts[i % len(hosts)]``; with ``fixed``, by the first host; otherwise by the only
  host listed, if there is exactly one.
* **Matching.** Recorded meetings of the body that are ``held``, ``planned`` or have
  no stated status (not ``cancelled`` nor ``postponed``: those did not take place on
  their date) are matched to slots by their first day: the local date of a timed
  meeting, the (first) day of a meeting recorded by ``date``. Each slot, in order,
  takes the earliest unmatched meeting surely inside its window, the one nearest to
  the slot's opening. Windows are ordered, so this greedy choice matches as many
  slots as possible. A meeting whose first day is not known exactly (``2024-05``,
  ``2024-05-03?``) matches a slot only when every possible day is inside it; when
  only some are, the slot's status is ``unknown`` and the meeting is named in
  ``SlotCheck.possible``.
* **Overdue.** A slot whose window is entirely before the day asked about and that has
  no *held* meeting is overdue (a planned meeting in a past slot does not count: it
  is not recorded as held). A meeting with no stated status whose day has passed may
  or may not have been held: its slot is ``unknown``, not overdue nor held.
* **Late actions.** An action whose period ends surely before the day (the latest day
  its end may stand for, :meth:`PartialDate.possible_range`, is earlier) and whose
  status is not ``completed`` or ``cancelled`` is late; an action without a status
  counts as not completed.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import enum
import itertools
from collections.abc import Iterator

import attrs

from citydiplomacy._base._times import as_date, as_optional_date
from citydiplomacy._domain._codes import ActionStatus, HostRotation, MeetingMode, MeetingStatus
from citydiplomacy._domain._model import Body, Cadence, Convention, Meeting
from citydiplomacy._domain._values import MAX_DATE, MIN_DATE, MultilingualText
from citydiplomacy._time._terms import DateBounds, add_duration, term_span

_ONE_DAY = _dt.timedelta(days=1)
#: Statuses of the meetings matched to slots; ``None`` is a status not stated.
_COUNTED: frozenset[MeetingStatus | None] = frozenset(
    {MeetingStatus.HELD, MeetingStatus.PLANNED, None}
)
_DONE = frozenset({ActionStatus.COMPLETED, ActionStatus.CANCELLED})


@attrs.frozen
class ExpectedMeeting:
    """A meeting a body's cadence calls for: due on one of the days of ``window``.

    >>> import citydiplomacy as cd, datetime as dt
    >>> conv = cd.load("examples/fictional-villebelle-tilelli.yaml")
    >>> first = next(cd.expected_meetings(conv, "steering-committee"))
    >>> first.index, str(first.window), first.host, first.mode.value
    (0, '2025-04-01/2025-10-29', 'villebelle', 'hybrid')
    """

    body: str
    #: Slot number counted from the cadence's anchor (0 = the first slot).
    index: int
    window: DateBounds
    host: str | None
    mode: MeetingMode | None


class SlotStatus(str, enum.Enum):
    """Where an expected meeting stands on a given day.

    >>> import citydiplomacy as cd, datetime as dt
    >>> conv = cd.load("examples/fictional-villebelle-tilelli.yaml")
    >>> body = cd.follow_up(conv, dt.date(2026, 6, 1)).bodies[0]
    >>> [s.status.value for s in body.slots]
    ['held', 'overdue', 'scheduled', 'upcoming']
    >>> cd.SlotStatus("overdue") is cd.SlotStatus.OVERDUE
    True
    """

    #: A held meeting falls in the slot.
    HELD = "held"
    #: A planned meeting falls in the slot, which is not over.
    SCHEDULED = "scheduled"
    #: The slot is open today and nothing is held or planned in it yet.
    DUE = "due"
    #: The slot opens later and nothing is planned in it yet.
    UPCOMING = "upcoming"
    #: The slot is over and no held meeting falls in it.
    OVERDUE = "overdue"
    #: The recorded facts do not decide: a meeting whose day is not known exactly may
    #: fall in the slot, or the matched meeting's status is not stated and its day has
    #: passed (held or not). ``SlotCheck.note`` says which.
    UNKNOWN = "unknown"


@attrs.frozen
class SlotCheck:
    """An expected meeting, the recorded meeting matched to it (if any), and its status.

    ``possible`` lists the recorded meetings that may fall in the slot (their day is
    not known precisely enough to tell); ``note`` says why the status is ``unknown``.

    >>> import citydiplomacy as cd, datetime as dt
    >>> conv = cd.load("examples/fictional-villebelle-tilelli.yaml")
    >>> body = cd.follow_up(conv, dt.date(2026, 6, 1)).bodies[0]
    >>> [(str(s.expected.window), s.status.value, s.meeting) for s in body.slots[:2]]
    [('2025-04-01/2025-10-29', 'held', 'copil-2025-04'), ('2025-10-01/2026-04-29', 'overdue', None)]
    """

    expected: ExpectedMeeting
    status: SlotStatus
    meeting: str | None = None
    possible: tuple[str, ...] = ()
    note: str | None = None


@attrs.frozen(kw_only=True)
class BodyFollowUp:
    """The follow-up of one body on one day.

    >>> import citydiplomacy as cd, datetime as dt
    >>> conv = cd.load("examples/fictional-villebelle-tilelli.yaml")
    >>> body = cd.follow_up(conv, dt.date(2026, 6, 1)).bodies[0]
    >>> body.body, str(body.cadence.every), len(body.slots), body.unmatched, body.reason
    ('steering-committee', 'P6M', 4, (), None)
    """

    body: str
    name: MultilingualText
    cadence: Cadence | None
    slots: tuple[SlotCheck, ...]
    #: Recorded meetings (held, planned or with no stated status) that surely fall in
    #: no expected slot.
    unmatched: tuple[str, ...] = ()
    #: Why no expected meeting can be listed, when none can.
    reason: str | None = None

    @property
    def overdue(self) -> tuple[SlotCheck, ...]:
        """The slots that are over without a held meeting."""
        return tuple(s for s in self.slots if s.status is SlotStatus.OVERDUE)


@attrs.frozen
class LateAction:
    """An action whose period has ended while it is not completed or cancelled.

    >>> import citydiplomacy as cd, datetime as dt
    >>> action = cd.Action(id="study", title=cd.text("Étude (exemple fictif)", "fr"),
    ...                    period=cd.Period(end=cd.partial_date("2025-06")),
    ...                    status=cd.ActionStatus("in_progress"))
    >>> conv = cd.Convention(schema_version="1.1", id="villebelle-tilelli", parties=(),
    ...                      actions=(action,))
    >>> late = cd.late_actions(conv, dt.date(2025, 9, 1))[0]
    >>> late.action, str(late.due), late.status.value
    ('study', '2025-06-01/2025-06-30', 'in_progress')
    """

    action: str
    title: MultilingualText
    #: The days the action's period end may stand for (all before the day asked).
    due: DateBounds
    status: ActionStatus | None


@attrs.frozen(kw_only=True)
class FollowUp:
    """The follow-up of a convention on one day: every body, and late actions.

    >>> import citydiplomacy as cd, datetime as dt
    >>> conv = cd.load("examples/fictional-villebelle-tilelli.yaml")
    >>> report = cd.follow_up(conv, dt.date(2026, 6, 1))
    >>> report.on, [b.body for b in report.bodies], report.late_actions
    (datetime.date(2026, 6, 1), ['steering-committee'], ())
    """

    on: _dt.date
    bodies: tuple[BodyFollowUp, ...]
    late_actions: tuple[LateAction, ...]

    @property
    def overdue(self) -> tuple[SlotCheck, ...]:
        """Every overdue slot, body by body."""
        return tuple(s for b in self.bodies for s in b.overdue)


def _body(convention: Convention, body: Body | str) -> Body:
    if isinstance(body, Body):
        return body
    bodies = convention.governance.bodies if convention.governance is not None else ()
    for b in bodies:
        if b.id == body:
            return b
    raise KeyError(body)


def _anchor(convention: Convention, cadence: Cadence) -> DateBounds | None:
    if cadence.first is not None:
        return DateBounds.of(cadence.first)
    term = convention.term
    if term is not None and term.start is not None:
        return DateBounds.of(term.start)
    return None


def _host(cadence: Cadence, index: int) -> str | None:
    hosts = cadence.hosts
    if not hosts:
        return None
    if cadence.rotation is HostRotation.ALTERNATING:
        return hosts[index % len(hosts)]
    if cadence.rotation is HostRotation.FIXED or len(hosts) == 1:
        return hosts[0]
    return None


def _too_wide(anchor: DateBounds, cadence: Cadence) -> bool:
    """True when the anchor is known less precisely than to the year and more widely
    than one slot: then no slot can be told from the next."""
    if (anchor.latest - anchor.earliest).days <= 366:
        return False
    after_one = _plus(anchor.earliest, cadence, 1)
    return after_one is None or after_one <= anchor.latest


def _no_schedule_reason(convention: Convention, body: Body) -> str | None:
    if body.cadence is None:
        return "the file does not state how often this body meets"
    anchor = _anchor(convention, body.cadence)
    if anchor is None:
        return "neither the first meeting nor the start of the term is stated"
    if _too_wide(anchor, body.cadence):
        what = "the first meeting" if body.cadence.first is not None else "the term's start"
        return (
            f"{what} is known only {anchor.human()}: too imprecise to place a meeting "
            f"every {body.cadence.every}"
        )
    return None


def expected_meetings(
    convention: Convention,
    body: Body | str,
    *,
    until: _dt.date | None = None,
    limit: int | None = None,
    since: _dt.date | None = None,
) -> Iterator[ExpectedMeeting]:
    """The meetings ``body``'s cadence calls for over the term, lazily, in order.

    Stops at the term's last possible day, before the first slot that surely opens
    after ``until``, or after ``limit`` slots, whichever comes first. A term that
    renews forever with neither bound gives an endless iterator. Yields nothing when
    the body has no cadence, nothing anchors it, or the anchor is too imprecise (see
    :func:`follow_up` for why). Slots that surely close before the term starts (or
    before ``since``) are skipped without being counted one by one.

    >>> from citydiplomacy._domain._values import Duration, PartialDate, MultilingualText as T
    >>> from citydiplomacy._domain._codes import InstrumentKind
    >>> from citydiplomacy._domain._model import Governance, Term
    >>> body = Body(id="copil", name=T({"fr": "Comité"}),
    ...             cadence=Cadence(every=Duration(months=6), first=PartialDate.parse("2025-04"),
    ...                             rotation=HostRotation.ALTERNATING, hosts=("a", "b")))
    >>> term = Term(start=PartialDate.parse("2025-03-01"), duration=Duration(years=1))
    >>> conv = Convention(schema_version="1.0", id="c", kind=InstrumentKind.FRAMEWORK_CONVENTION,
    ...                   title=T({"fr": "C"}), authoritative_language="fr", term=term,
    ...                   parties=(), governance=Governance(bodies=(body,)))
    >>> [(e.index, str(e.window), e.host) for e in expected_meetings(conv, "copil")]
    [(0, '2025-04-01/2025-10-29', 'a'), (1, '2025-10-01/2026-02-28', 'b')]
    """
    until = as_optional_date(until, "until")
    since = as_optional_date(since, "since")
    found = _body(convention, body)
    cadence = found.cadence
    if cadence is None:
        return
    anchor = _anchor(convention, cadence)
    if anchor is None or _too_wide(anchor, cadence):
        return
    start, end = term_span(convention, until=until)
    low = start.earliest if start is not None else anchor.earliest
    high = end.latest if end is not None else None
    skip = _slots_before(anchor, cadence, max(low, since) if since is not None else low)
    counter = itertools.count(skip) if limit is None else range(skip, limit)
    for i in counter:
        opens = _plus(anchor.earliest, cadence, i)
        closes_after = _plus(anchor.latest, cadence, i + 1)
        if opens is None:
            return
        if high is not None and opens > high:
            return
        if until is not None and opens > until:
            return
        last = closes_after - _ONE_DAY if closes_after is not None else MAX_DATE
        if high is not None:
            last = min(last, high)
        first = max(opens, low)
        if last < first or (since is not None and last < since):
            continue
        yield ExpectedMeeting(found.id, i, DateBounds(first, last), _host(cadence, i), cadence.mode)


def _slots_before(anchor: DateBounds, cadence: Cadence, low: _dt.date) -> int:
    """How many slots surely close before ``low`` (a lower estimate: the loop skips any
    other one), computed from the average length of a slot instead of counted."""
    every = cadence.every
    average = every.years * 365.2425 + every.months * 30.436875 + every.weeks * 7 + every.days
    # Month arithmetic strays from the average by a few days at most: keep a margin.
    days = (low - anchor.latest).days - 7
    return max(0, int(days / average) - 2) if days > 0 else 0


def _plus(day: _dt.date, cadence: Cadence, times: int) -> _dt.date | None:
    try:
        return add_duration(day, cadence.every, times)
    except OverflowError:
        return None


def first_day(meeting: Meeting) -> DateBounds:
    """The days a recorded meeting's first day may be: the local date of its ``start``,
    else the (first) day of its ``date`` (an interval's start; the possible days of a
    date known to the month, uncertain, ...).

    >>> import datetime as dt
    >>> from citydiplomacy._domain._values import PartialDate
    >>> str(first_day(Meeting(id="m", date=PartialDate.parse("2023-08-30/2023-09-03"))))
    '2023-08-30'
    >>> str(first_day(Meeting(id="m", date=PartialDate.parse("2024-05"))))
    '2024-05-01/2024-05-31'
    """
    if meeting.start is not None:
        return DateBounds.exact(meeting.start.date())
    date = meeting.date
    if date is None:  # the schema requires start or date; a model built in code may not
        raise ValueError(f"meeting {meeting.id!r} has neither a start nor a date")
    whole = DateBounds.of(date)
    if date.is_interval and date.start is not None:
        first = DateBounds.of(date.start)
        return DateBounds(first.earliest, min(first.latest, whole.latest))
    return whole


def _meetings_of(convention: Convention, body_id: str) -> list[Meeting]:
    meetings = convention.governance.meetings if convention.governance is not None else ()
    return [m for m in meetings if m.body == body_id and m.status in _COUNTED]


def _order_key(meeting: Meeting) -> tuple[_dt.date, _dt.date, _dt.datetime, str]:
    day = first_day(meeting)
    return (day.earliest, day.latest, meeting.start or _dt.datetime.min, meeting.id)


def match_slots(
    expected: list[ExpectedMeeting], meetings: list[Meeting]
) -> tuple[list[tuple[ExpectedMeeting, Meeting | None]], list[Meeting]]:
    """Pair each expected slot with a recorded meeting surely inside its window, or ``None``.

    Only ``held`` and ``planned`` meetings and those with no stated status take part.
    Each slot, in order, takes the earliest unmatched meeting whose first day (see
    :func:`first_day`) surely falls in its window. Returns the pairs and the counted
    meetings left unmatched (including those whose day is too imprecise to match:
    :func:`check_slots` tells which slots they may fall in).

    >>> import citydiplomacy as cd, datetime as dt
    >>> conv = cd.load("examples/fictional-villebelle-tilelli.yaml")
    >>> slots = list(cd.expected_meetings(conv, "steering-committee", limit=3))
    >>> meetings = [m for m in conv.governance.meetings if m.body == "steering-committee"]
    >>> pairs, unmatched = cd.match_slots(slots, meetings)
    >>> [(slot.index, meeting.id if meeting else None) for slot, meeting in pairs]
    [(0, 'copil-2025-04'), (1, None), (2, 'copil-2026-10')]
    >>> unmatched
    []
    """
    pool = sorted((m for m in meetings if m.status in _COUNTED), key=_order_key)
    days = {m.id: first_day(m) for m in pool}
    used: set[str] = set()
    pairs: list[tuple[ExpectedMeeting, Meeting | None]] = []
    for slot in expected:
        window = slot.window
        match = next(
            (
                m
                for m in pool
                if m.id not in used
                and window.earliest <= days[m.id].earliest
                and days[m.id].latest <= window.latest
            ),
            None,
        )
        if match is not None:
            used.add(match.id)
        pairs.append((slot, match))
    return pairs, [m for m in pool if m.id not in used]


def check_slots(
    expected: list[ExpectedMeeting], meetings: list[Meeting], on: _dt.date
) -> tuple[list[SlotCheck], list[str]]:
    """Match meetings to slots (see :func:`match_slots`) and give each slot its status
    on ``on``; returns the checked slots and the ids of the meetings that surely fall
    in no slot. A slot with no sure match that an imprecisely dated meeting may fall
    in is ``unknown``, with that meeting in ``possible``."""
    pairs, rest = match_slots(expected, meetings)
    # A meeting whose day is not known exactly may belong to another slot than the
    # one it surely falls in: it stays a candidate for the slots left without one.
    imprecise = [m for _, m in pairs if m is not None and not first_day(m).is_exact]
    maybe_used: set[str] = set()
    checks: list[SlotCheck] = []
    for slot, match in pairs:
        if match is not None:
            checks.append(_check_matched(slot, match, on))
            continue
        candidates = sorted([*rest, *imprecise], key=_order_key)
        possible = tuple(m.id for m in candidates if _overlaps(first_day(m), slot.window))
        if possible:
            maybe_used.update(possible)
            checks.append(
                SlotCheck(
                    slot,
                    SlotStatus.UNKNOWN,
                    None,
                    possible,
                    "recorded meeting(s) "
                    + ", ".join(possible)
                    + " may fall in this slot: their day is not known precisely enough "
                    "to tell",
                )
            )
            continue
        checks.append(SlotCheck(slot, _slot_status(slot, None, on)))
    return checks, [m.id for m in rest if m.id not in maybe_used]


def _overlaps(a: DateBounds, b: DateBounds) -> bool:
    return a.earliest <= b.latest and b.earliest <= a.latest


def _check_matched(slot: ExpectedMeeting, match: Meeting, on: _dt.date) -> SlotCheck:
    if match.status is None and _last_day(match) < on:
        return SlotCheck(
            slot,
            SlotStatus.UNKNOWN,
            match.id,
            note=(
                f"meeting {match.id} is recorded without a status and its day has passed: "
                "whether it was held is not stated"
            ),
        )
    return SlotCheck(slot, _slot_status(slot, match, on), match.id)


def _last_day(meeting: Meeting) -> _dt.date:
    """The latest day a recorded meeting may still be going on."""
    if meeting.start is not None:
        return (meeting.end or meeting.start).date()
    assert meeting.date is not None
    return meeting.date.possible_range()[1]


def _slot_status(slot: ExpectedMeeting, match: Meeting | None, on: _dt.date) -> SlotStatus:
    if match is not None and match.status is MeetingStatus.HELD:
        return SlotStatus.HELD
    if slot.window.latest < on:
        return SlotStatus.OVERDUE
    if match is not None:
        return SlotStatus.SCHEDULED
    if slot.window.earliest <= on:
        return SlotStatus.DUE
    return SlotStatus.UPCOMING


#: How far back :func:`follow_up` looks by default: ten years of slots before the day
#: asked about, so that the work is bounded by the question (a daily cadence since
#: year 1 would otherwise list three million slots).
FOLLOW_UP_YEARS = 10


def follow_up(
    convention: Convention,
    on: _dt.date,
    *,
    until: _dt.date | None = None,
    since: _dt.date | None = None,
) -> FollowUp:
    """The follow-up on day ``on``: each body's slots from ``since`` up to ``until`` (by
    default, every slot that may still be open in the ten years before ``on``
    (:data:`FOLLOW_UP_YEARS`), up to ``on`` plus the next one), matched meetings,
    overdue slots, and late actions. Recorded meetings that surely ended before
    ``since`` are not matched or listed.

    >>> import citydiplomacy as cd, datetime as dt
    >>> conv = cd.load("examples/fictional-villebelle-tilelli.yaml")
    >>> report = cd.follow_up(conv, dt.date(2026, 6, 1))
    >>> for slot in report.bodies[0].slots:
    ...     print(slot.expected.index, slot.expected.window, slot.status.value, slot.meeting or "")
    0 2025-04-01/2025-10-29 held copil-2025-04
    1 2025-10-01/2026-04-29 overdue
    2 2026-04-01/2026-10-29 scheduled copil-2026-10
    3 2026-10-01/2027-04-29 upcoming
    """
    on = as_date(on, "on")
    until = as_optional_date(until, "until")
    since = as_optional_date(since, "since")
    if since is None:
        since = _years_before(on, FOLLOW_UP_YEARS)
    bodies = convention.governance.bodies if convention.governance is not None else ()
    out: list[BodyFollowUp] = []
    for body in bodies:
        reason = _no_schedule_reason(convention, body)
        expected: list[ExpectedMeeting] = []
        if reason is None:
            horizon = until if until is not None and until > on else on
            for slot in expected_meetings(convention, body, since=since):
                if slot.window.earliest > horizon:
                    if until is None:
                        expected.append(slot)  # the next one after today
                    break
                expected.append(slot)
            if not expected:
                reason = "no expected meeting falls inside the term"
        meetings = [m for m in _meetings_of(convention, body.id) if _last_day(m) >= since]
        checks, unmatched = check_slots(expected, meetings, on)
        out.append(
            BodyFollowUp(
                body=body.id,
                name=body.name,
                cadence=body.cadence,
                slots=tuple(checks),
                unmatched=tuple(unmatched),
                reason=reason,
            )
        )
    return FollowUp(on=on, bodies=tuple(out), late_actions=late_actions(convention, on))


def _years_before(day: _dt.date, years: int) -> _dt.date:
    """The same day ``years`` earlier (28 February for 29 February), at least MIN_DATE."""
    if day.year <= years:
        return MIN_DATE
    last = calendar.monthrange(day.year - years, day.month)[1]
    return day.replace(year=day.year - years, day=min(day.day, last))


def late_actions(convention: Convention, on: _dt.date) -> tuple[LateAction, ...]:
    """Actions whose period surely ended before ``on`` and that are not completed or cancelled.

    >>> import citydiplomacy as cd, datetime as dt
    >>> conv = cd.load("examples/fictional-villebelle-tilelli.yaml")
    >>> cd.late_actions(conv, dt.date(2027, 1, 1))  # the study was completed
    ()
    """
    on = as_date(on, "on")
    late: list[LateAction] = []
    for action in convention.actions:
        period = action.period
        if period is None or period.end is None or action.status in _DONE:
            continue
        if period.end.possible_range()[1] < on:
            late.append(
                LateAction(action.id, action.title, DateBounds.of(period.end), action.status)
            )
    return tuple(late)
