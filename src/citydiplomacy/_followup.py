"""Follow-up: the meetings a body's cadence calls for, the ones held, what is overdue or late.

Rules:

* **Expected meetings.** A body with a cadence (``every``) is expected to meet once in
  each slot of that length, counted from ``cadence.first`` (else the term's start):
  slot *i* runs from ``anchor + i * every`` to the day before ``anchor + (i + 1) *
  every``. A meeting anywhere in its slot is on time. When the anchor is known only
  to the month or year, the window runs from the slot's earliest possible opening to
  its latest possible closing, so it widens honestly instead of guessing a day.
* **Inside the term.** Windows are clipped to the widest span the term may cover
  (earliest start to latest last day, renewals included, up to the day before any
  termination); slots entirely outside it are not expected. A term that renews
  forever has no last day: ask with ``until`` or a ``limit``.
* **Hosts.** With ``alternating`` rotation, slot *i* is hosted by
  ``hosts[i % len(hosts)]``; with ``fixed``, by the first host; otherwise by the only
  host listed, if there is exactly one.
* **Matching.** Recorded meetings of the body that are ``held`` or ``planned`` (not
  ``cancelled`` nor ``postponed``: those did not take place on their date) are
  matched to slots by their local date: each slot, in order, takes the earliest
  unmatched meeting inside its window, the one nearest to the slot's opening. Windows
  are ordered, so this greedy choice matches as many slots as possible.
* **Overdue.** A slot whose window is entirely before the day asked about and that has
  no *held* meeting is overdue (a planned meeting in a past slot does not count: it
  is not recorded as held).
* **Late actions.** An action whose period ends surely before the day (the latest day
  its end may stand for is earlier) and whose status is not ``completed`` or
  ``cancelled`` is late; an action without a status counts as not completed.
"""

from __future__ import annotations

import datetime as _dt
import enum
import itertools
from collections.abc import Iterator

import attrs

from ._codes import ActionStatus, HostRotation, MeetingMode, MeetingStatus
from ._model import Body, Cadence, Convention, Meeting
from ._terms import DateBounds, add_duration, term_span
from ._values import MultilingualText

_ONE_DAY = _dt.timedelta(days=1)
_COUNTED = frozenset({MeetingStatus.HELD, MeetingStatus.PLANNED})
_DONE = frozenset({ActionStatus.COMPLETED, ActionStatus.CANCELLED})


@attrs.frozen
class ExpectedMeeting:
    """A meeting a body's cadence calls for: due on one of the days of ``window``."""

    body: str
    #: Slot number counted from the cadence's anchor (0 = the first slot).
    index: int
    window: DateBounds
    host: str | None
    mode: MeetingMode | None


class SlotStatus(str, enum.Enum):
    """Where an expected meeting stands on a given day."""

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


@attrs.frozen
class SlotCheck:
    """An expected meeting, the recorded meeting matched to it (if any), and its status."""

    expected: ExpectedMeeting
    status: SlotStatus
    meeting: str | None = None


@attrs.frozen(kw_only=True)
class BodyFollowUp:
    """The follow-up of one body on one day."""

    body: str
    name: MultilingualText
    cadence: Cadence | None
    slots: tuple[SlotCheck, ...]
    #: Recorded meetings (held or planned) that fall in no expected slot.
    unmatched: tuple[str, ...] = ()
    #: Why no expected meeting can be listed, when none can.
    reason: str | None = None

    @property
    def overdue(self) -> tuple[SlotCheck, ...]:
        """The slots that are over without a held meeting."""
        return tuple(s for s in self.slots if s.status is SlotStatus.OVERDUE)


@attrs.frozen
class LateAction:
    """An action whose period has ended while it is not completed or cancelled."""

    action: str
    title: MultilingualText
    #: The days the action's period end may stand for (all before the day asked).
    due: DateBounds
    status: ActionStatus | None


@attrs.frozen(kw_only=True)
class FollowUp:
    """The follow-up of a convention on one day: every body, and late actions."""

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


def _no_schedule_reason(convention: Convention, body: Body) -> str | None:
    if body.cadence is None:
        return "the file does not state how often this body meets"
    if _anchor(convention, body.cadence) is None:
        return "neither the first meeting nor the start of the term is stated"
    return None


def expected_meetings(
    convention: Convention,
    body: Body | str,
    *,
    until: _dt.date | None = None,
    limit: int | None = None,
) -> Iterator[ExpectedMeeting]:
    """The meetings ``body``'s cadence calls for over the term, lazily, in order.

    Stops at the term's last possible day, before the first slot that surely opens
    after ``until``, or after ``limit`` slots, whichever comes first. A term that
    renews forever with neither bound gives an endless iterator. Yields nothing when
    the body has no cadence or nothing anchors it (see :func:`follow_up` for why).

    >>> from citydiplomacy._values import Duration, PartialDate, MultilingualText as T
    >>> from citydiplomacy._codes import InstrumentKind
    >>> from citydiplomacy._model import Governance, Term
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
    found = _body(convention, body)
    cadence = found.cadence
    if cadence is None:
        return
    anchor = _anchor(convention, cadence)
    if anchor is None:
        return
    start, end = term_span(convention, until=until)
    low = start.earliest if start is not None else anchor.earliest
    high = end.latest if end is not None else None
    counter = itertools.count() if limit is None else range(limit)
    for i in counter:
        opens = _plus(anchor.earliest, cadence, i)
        closes_after = _plus(anchor.latest, cadence, i + 1)
        if opens is None:
            return
        if high is not None and opens > high:
            return
        if until is not None and opens > until:
            return
        last = closes_after - _ONE_DAY if closes_after is not None else _dt.date.max
        if high is not None:
            last = min(last, high)
        first = max(opens, low)
        if last < first:
            continue
        yield ExpectedMeeting(found.id, i, DateBounds(first, last), _host(cadence, i), cadence.mode)


def _plus(day: _dt.date, cadence: Cadence, times: int) -> _dt.date | None:
    try:
        return add_duration(day, cadence.every, times)
    except OverflowError:
        return None


def _meetings_of(convention: Convention, body_id: str) -> list[Meeting]:
    meetings = convention.governance.meetings if convention.governance is not None else ()
    counted = [m for m in meetings if m.body == body_id and m.status in _COUNTED]
    return sorted(counted, key=lambda m: (m.start, m.id))


def match_slots(
    expected: list[ExpectedMeeting], meetings: list[Meeting]
) -> tuple[list[tuple[ExpectedMeeting, Meeting | None]], list[Meeting]]:
    """Pair each expected slot with a recorded meeting inside its window, or ``None``.

    Only ``held`` and ``planned`` meetings take part. Each slot, in order, takes the
    earliest unmatched meeting whose local date falls in its window. Returns the
    pairs and the counted meetings left unmatched.
    """
    pool = sorted((m for m in meetings if m.status in _COUNTED), key=lambda m: (m.start, m.id))
    used: set[str] = set()
    pairs: list[tuple[ExpectedMeeting, Meeting | None]] = []
    for slot in expected:
        match = next(
            (m for m in pool if m.id not in used and slot.window.contains(m.start.date())),
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
    on ``on``; returns the checked slots and the ids of the meetings left unmatched."""
    pairs, rest = match_slots(expected, meetings)
    checks = [
        SlotCheck(slot, _slot_status(slot, match, on), match.id if match else None)
        for slot, match in pairs
    ]
    return checks, [m.id for m in rest]


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


def follow_up(convention: Convention, on: _dt.date, *, until: _dt.date | None = None) -> FollowUp:
    """The follow-up on day ``on``: each body's slots up to ``until`` (by default, every
    slot opening up to ``on`` plus the next one), matched meetings, overdue slots, and
    late actions.
    """
    bodies = convention.governance.bodies if convention.governance is not None else ()
    out: list[BodyFollowUp] = []
    for body in bodies:
        reason = _no_schedule_reason(convention, body)
        expected: list[ExpectedMeeting] = []
        if reason is None:
            horizon = until if until is not None and until > on else on
            for slot in expected_meetings(convention, body):
                if slot.window.earliest > horizon:
                    if until is None:
                        expected.append(slot)  # the next one after today
                    break
                expected.append(slot)
            if not expected:
                reason = "no expected meeting falls inside the term"
        meetings = _meetings_of(convention, body.id)
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


def late_actions(convention: Convention, on: _dt.date) -> tuple[LateAction, ...]:
    """Actions whose period surely ended before ``on`` and that are not completed or cancelled."""
    late: list[LateAction] = []
    for action in convention.actions:
        period = action.period
        if period is None or period.end is None or action.status in _DONE:
            continue
        if period.end.latest() < on:
            late.append(
                LateAction(action.id, action.title, DateBounds.of(period.end), action.status)
            )
    return tuple(late)
