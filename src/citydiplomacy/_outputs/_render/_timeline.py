"""The timeline of a convention, drawn as SVG (no script needed to see it).

Lanes: approval and signature, the term (periods, renewals, notice deadlines, entry
into force, termination, suspensions), each action's period, and meetings (held,
planned, overdue, and the expected meetings a cadence called for that were not held).
A day known exactly is a solid mark; a date known only to the month, the season or
the year, or uncertain, is drawn as the range of days it stands for
(:meth:`PartialDate.possible_range`), hatched and translucent. A "today" line marks
the day the page is read for.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import attrs

from citydiplomacy._domain._model import Convention, Meeting
from citydiplomacy._domain._values import MAX_DATE, MIN_DATE, PartialDate
from citydiplomacy._outputs._render._i18n import Messages, day_text, direction
from citydiplomacy._outputs._render._view import Text, page_follow_up
from citydiplomacy._time._followup import SlotStatus, first_day
from citydiplomacy._time._terms import DateBounds, DeadlineKind, term_periods, upcoming_deadlines

#: Geometry of the drawing, in SVG user units.
WIDTH = 960
LABEL_WIDTH = 190
RIGHT = 16
AXIS_HEIGHT = 30
LANE = 24
LEGEND = 58
#: Actions drawn each in its own lane; the rest share one lane.
MAX_ACTION_LANES = 24


@attrs.frozen
class Mark:
    """One thing on the timeline: a day or a range of days in a lane."""

    lane: int
    kind: str  # css class: sign, delib, term, renewal, notice, force, termination, ...
    label: str
    first: _dt.date
    last: _dt.date
    exact: bool
    #: For bars: the sure core (``None``: the whole bar is uncertain).
    core: tuple[_dt.date, _dt.date] | None = None
    open_end: bool = False


@attrs.frozen
class Lane:
    """A row of the timeline, with its label (a human text with its language)."""

    label: Text


def _bounds(date: PartialDate | None) -> DateBounds | None:
    if date is None:
        return None
    first, last = date.possible_range()
    return DateBounds(first, last)


def _finite(day: _dt.date) -> bool:
    return MIN_DATE < day < MAX_DATE


def _shift(day: _dt.date, days: int) -> _dt.date:
    """``day`` moved by ``days``, kept in the supported range."""
    if days >= 0:
        return day + _dt.timedelta(days=min(days, (MAX_DATE - day).days))
    return day - _dt.timedelta(days=min(-days, (day - MIN_DATE).days))


class _Collector:
    def __init__(self, convention: Convention, language: str, on: _dt.date) -> None:
        self.c = convention
        self.lang = language
        self.on = on
        self.t = Messages(language)
        self.lanes: list[Lane] = []
        self.marks: list[Mark] = []

    def lane(self, text: Text) -> int:
        self.lanes.append(Lane(text))
        return len(self.lanes) - 1

    def chrome(self, key: str) -> Text:
        return Text(self.t(key), self.lang, "ltr")

    def point(self, lane: int, kind: str, label: str, date: PartialDate | None) -> None:
        bounds = _bounds(date)
        if bounds is None or not (_finite(bounds.earliest) or _finite(bounds.latest)):
            return
        exact = date is not None and date.is_exact
        self.marks.append(Mark(lane, kind, label, bounds.earliest, bounds.latest, exact))

    def bounds_point(self, lane: int, kind: str, label: str, bounds: DateBounds) -> None:
        if not (_finite(bounds.earliest) or _finite(bounds.latest)):
            return
        self.marks.append(Mark(lane, kind, label, bounds.earliest, bounds.latest, bounds.is_exact))

    def bar(
        self,
        lane: int,
        kind: str,
        label: str,
        start: DateBounds | None,
        end: DateBounds | None,
    ) -> None:
        if start is None and end is None:
            return
        first = start.earliest if start is not None else None
        last = end.latest if end is not None else None
        if first is None or not _finite(first):
            # Unknown start: only the end can be drawn.
            if end is not None:
                self.bounds_point(lane, kind, label, end)
            return
        open_end = last is None or not _finite(last)
        core_from = start.latest if start is not None else first
        # An open end runs to the drawing's right edge (MAX_DATE is clamped there).
        core_to = MAX_DATE if open_end else end.earliest if end is not None else None
        core = (core_from, core_to) if core_to is not None and core_from <= core_to else None
        self.marks.append(
            Mark(
                lane,
                kind,
                label,
                first,
                last if last is not None and not open_end else first,
                exact=bool(
                    start is not None and start.is_exact and end is not None and end.is_exact
                ),
                core=core,
                open_end=open_end,
            )
        )

    def collect(self) -> None:
        c = self.c
        # Approval and signature.
        if c.deliberations or c.signature is not None:
            heading = f"{self.t('approval')} · {self.t('signature')}"
            lane = self.lane(Text(heading, self.lang, "ltr"))
            for d in c.deliberations:
                who = c.party(d.party).name.text(self.lang) if d.party in _ids(c) else d.party
                self.point(lane, "delib", f"{self.t('approval_lane')}: {who}", d.date)
            if c.signature is not None:
                self.point(lane, "sign", self.t("signature"), c.signature.date)
                for s in c.signature.signatories:
                    if s.date is not None:
                        self.point(lane, "sign", self.t("signature"), s.date)
        # Related instruments with dates.
        chain = [i for i in c.related_instruments if i.date is not None or i.start is not None]
        if chain:
            lane = self.lane(self.chrome("lane_chain"))
            for i in chain:
                name = i.title or i.designation
                label = name.text(self.lang) if name is not None else i.instrument
                if i.start is not None or i.end is not None:
                    self.bar(lane, "chain", label, _bounds(i.start), _bounds(i.end))
                else:
                    self.point(lane, "chain", label, i.date)
        # The term.
        if c.term is not None:
            lane = self.lane(self.chrome("lane_term"))
            self.term_lane(lane)
        # Actions.
        dated = [a for a in c.actions if a.period is not None and (a.period.start or a.period.end)]
        for a in dated[:MAX_ACTION_LANES]:
            tag, value = _first(a.title, self.lang)
            lane = self.lane(Text(value, tag, direction(tag)))
            assert a.period is not None
            self.bar(lane, "action", value, _bounds(a.period.start), _bounds(a.period.end))
        if len(dated) > MAX_ACTION_LANES:
            rest = dated[MAX_ACTION_LANES:]
            lane = self.lane(Text(f"+{len(rest)} {self.t('actions')}", self.lang, "ltr"))
            for a in rest:
                assert a.period is not None
                tag, value = _first(a.title, self.lang)
                self.bar(lane, "action", value, _bounds(a.period.start), _bounds(a.period.end))
        # Meetings.
        meetings = c.governance.meetings if c.governance is not None else ()
        fu = page_follow_up(c, self.on) if c.governance is not None else None
        overdue = (
            [s for b in fu.bodies for s in b.slots if s.status is SlotStatus.OVERDUE] if fu else []
        )
        if meetings or overdue:
            lane = self.lane(self.chrome("lane_meetings"))
            for m in meetings:
                state = meeting_state(m, self.on)
                label = _meeting_label(m, self.lang)
                self.bounds_point(lane, f"meeting-{state}", label, first_day(m))
            for slot in overdue:
                if slot.meeting is None:
                    self.bounds_point(
                        lane, "meeting-missed", self.t("overdue_slot"), slot.expected.window
                    )

    def term_lane(self, lane: int) -> None:
        c = self.c
        term = c.term
        assert term is not None
        known = [m.last for m in self.marks if _finite(m.last)] + [self.on]
        if term.start is not None:
            known.append(term.start.latest())
        # Renewals that go on forever are drawn a few years past the last known fact.
        horizon = _shift(max(known), 366 * 5)
        periods = list(term_periods(c, until=horizon, limit=60))
        for p in periods:
            name = self.t("initial_period") if p.index == 0 else self.t("renewal_n", n=p.index)
            self.bar(lane, "term" if p.index == 0 else "renewal", name, p.start, p.end)
        if periods and periods[0].start is not None:
            self.bounds_point(lane, "force", self.t("entry_into_force"), periods[0].start)
        start = periods[0].start.earliest if periods and periods[0].start else MIN_DATE
        for d in upcoming_deadlines(c, start, limit=60):
            if d.kind is DeadlineKind.NOTICE:
                self.bounds_point(lane, "notice", self.t("notice"), d.date)
            elif d.kind is DeadlineKind.TERMINATION:
                self.bounds_point(lane, "termination", self.t("termination"), d.date)
        tm = term.termination
        date = tm.date if tm is not None and tm.date is not None else term.terminated_on
        if date is not None:
            self.point(lane, "termination", self.t("termination"), date)
        for s in term.suspensions:
            self.bar(lane, "suspension", self.t("suspension"), _bounds(s.start), _bounds(s.end))


def meeting_state(m: Meeting, on: _dt.date) -> str:
    """held, planned, overdue (planned, surely past), postponed, cancelled or unstated."""
    status = m.status.value if m.status is not None else None
    if status in (None, "planned") and first_day(m).latest < on:
        return "overdue" if status == "planned" else "unstated"
    return status or "unstated"


def _ids(c: Convention) -> set[str]:
    return {p.id for p in c.parties}


def _first(text: Any, language: str) -> tuple[str, str]:
    for tag, value in text.items():
        if tag == language or tag.startswith(language + "-"):
            return tag, value
    tag = next(iter(text))
    return tag, text[tag]


def _meeting_label(m: Meeting, language: str) -> str:
    if m.title is not None:
        return str(m.title.text(language))
    return m.id


@attrs.frozen
class Timeline:
    """The drawing's parts, ready for the template, and its text alternative."""

    svg: dict[str, Any]
    items: list[dict[str, Any]]


def build_timeline(
    convention: Convention, language: str, on: _dt.date, title: str
) -> Timeline | None:
    """The timeline of ``convention`` as seen on ``on``; ``None`` when no date is known."""
    col = _Collector(convention, language, on)
    col.collect()
    if not col.marks:
        return None
    used = sorted({m.lane for m in col.marks})
    renumber = {old: new for new, old in enumerate(used)}
    col.lanes = [col.lanes[i] for i in used]
    col.marks = [attrs.evolve(m, lane=renumber[m.lane]) for m in col.marks]
    t = col.t
    days = [d for m in col.marks for d in (m.first, m.last) if _finite(d)] + [on]
    low, high = min(days), max(days)
    span = (high - low).days
    pad = max(30, span // 25)
    low, high = _shift(low, -pad), _shift(high, pad)
    if (high - low).days < 365:
        extra = (365 - (high - low).days) // 2 + 1
        low, high = _shift(low, -extra), _shift(high, extra)
    plot_w = WIDTH - LABEL_WIDTH - RIGHT
    total = (high - low).days or 1

    def x(day: _dt.date, after: bool = False) -> float:
        """The x of a day's start, or of its end (``after``), clamped to the drawing."""
        day = min(max(day, low), high)
        days = (day - low).days + (1 if after and day < high else 0)
        return round(LABEL_WIDTH + plot_w * days / total, 1)

    height = AXIS_HEIGHT + LANE * len(col.lanes) + LEGEND
    ticks = _ticks(low, high, x)
    shapes: list[dict[str, Any]] = []
    for m in col.marks:
        y = AXIS_HEIGHT + LANE * m.lane
        tip = f"{m.label}: {_when(m, language)}"
        if m.core is not None or m.open_end:
            x0 = x(m.first)
            x1 = x(m.last, after=True) if not m.open_end else WIDTH - RIGHT
            shapes.append(
                {
                    "type": "bar",
                    "kind": m.kind,
                    "x": x0,
                    "y": y + 6,
                    "w": max(x1 - x0, 1.5),
                    "h": LANE - 12,
                    "title": tip,
                    "core": (x(m.core[0]), max(x(m.core[1], after=True) - x(m.core[0]), 1.5))
                    if m.core
                    else None,
                    "open_end": m.open_end,
                }
            )
        elif m.exact or m.first == m.last:
            shapes.append(
                {
                    "type": "point",
                    "kind": m.kind,
                    "cx": x(m.first),
                    "cy": y + LANE / 2,
                    "title": tip,
                }
            )
        else:
            x0, x1 = x(m.first), x(m.last, after=True)
            shapes.append(
                {
                    "type": "range",
                    "kind": m.kind,
                    "x": x0,
                    "y": y + 4,
                    "w": max(x1 - x0, 2.0),
                    "h": LANE - 8,
                    "title": tip,
                }
            )
    lanes = []
    for i, lane in enumerate(col.lanes):
        label = lane.label
        value = label.value if len(label.value) <= 30 else label.value[:29] + "…"
        lanes.append(
            {
                "y": AXIS_HEIGHT + LANE * i,
                "text": value,
                "full": label.value,
                "lang": label.lang,
                "rtl": label.dir == "rtl",
            }
        )
    today = x(on) if low <= on <= high else None
    svg = {
        "width": WIDTH,
        "height": height,
        "label_width": LABEL_WIDTH,
        "right": WIDTH - RIGHT,
        "axis": AXIS_HEIGHT,
        "lanes": lanes,
        "lane_h": LANE,
        "ticks": ticks,
        "shapes": shapes,
        "today": today,
        "today_label": f"{t('today')} ({day_text(on, language)})",
        "title": f"{t('timeline')}: {title}",
        "desc": t("timeline_desc", title=title),
        "legend_y": AXIS_HEIGHT + LANE * len(col.lanes) + 20,
        "lang": language,
        "legend": {
            "exact": t("date_exact"),
            "range": t("date_range"),
            "today": t("today"),
            "overdue": t("overdue"),
            "held": t("held"),
            "planned": t("planned"),
            "notice": t("notice"),
        },
    }
    items = []
    for m in sorted(col.marks, key=lambda m: (m.first, m.last, m.lane)):
        items.append(
            {
                "lane": col.lanes[m.lane].label,
                "label": m.label,
                "when": _when(m, language),
                "exact": m.exact,
                "sort": m.first,
            }
        )
    return Timeline(svg=svg, items=items)


def _when(m: Mark, language: str) -> str:
    t = Messages(language)

    def one(first: _dt.date, last: _dt.date) -> str:
        if first == last:
            return day_text(first, language)
        return t("range_between", a=day_text(first, language), b=day_text(last, language))

    if m.core is not None or m.open_end:
        start = day_text(m.first, language)
        end = t("open_end") if m.open_end else day_text(m.last, language)
        return f"{start} \u2013 {end}"
    return one(m.first, m.last)


def _ticks(low: _dt.date, high: _dt.date, x: Any) -> list[dict[str, Any]]:
    years = high.year - low.year
    # About a dozen labelled years at most: steps of 1, 2, 5, 10, 20, 50, 100...
    step = next((s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if years / s <= 12), 2000)
    out = []
    for year in range(low.year + 1, high.year + 1):
        if year % step:
            continue
        out.append({"x": x(_dt.date(year, 1, 1)), "label": str(year), "major": True})
    if years <= 3:
        for year in range(low.year, high.year + 1):
            for month in (4, 7, 10):
                day = _dt.date(year, month, 1)
                if low < day < high:
                    out.append({"x": x(day), "label": "", "major": False})
    return out
