"""Dates: events come in order (compared honestly, see the engine's notes) and stay within
the supported range.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from citydiplomacy._base._report import DocumentPath, format_path
from citydiplomacy._checking._rules._engine import (
    _APPROVALS,
    ERROR,
    WARNING,
    RuleInfo,
    _accepts,
    _beyond_range,
    _Bounds,
    _bounds,
    _Checker,
    _Dated,
    _dated,
    _dicts,
    _duration,
    _local_datetime,
    _obj,
    _quote,
    _r,
    _shift,
    _str,
    _tz,
    _zones,
)
from citydiplomacy._domain._values import (
    RANGE_TEXT,
)

#: The rules of this family, with what each checks and how to fix it.
RULES: tuple[RuleInfo, ...] = (
    _r(
        "date.order",
        ERROR,
        "Dates are certainly in the wrong order: a deliberation that approves the "
        "instrument or authorises its signature (`purpose` `approve` or "
        "`authorise_signature`) after the signature, an end before its start (term, "
        "action, budget line, programme, suspension, linked instrument, head of a party), "
        "a termination before the start or the signature, a document accessed before it "
        "was published, a date of a suspension's `in_effect_on` (or of a head's "
        "`in_office_on`) outside its start and end. Reduced-precision, uncertain and "
        "approximate dates are out of order only when every day they may stand for is "
        "(deliberations with another or no `purpose`, such as a termination vote, are not "
        "compared with the signature).",
        "Check both dates against the sources and correct the wrong one.",
    ),
    _r(
        "date.retroactive-start",
        WARNING,
        "The term starts before the signature date: the instrument applies retroactively. "
        "This happens (a yearly convention signed in spring, in force from 1 January), "
        "but is more often a typing mistake.",
        "Check `term.start` and `signature.date`; if the start really is retroactive, keep it.",
    ),
    _r(
        "date.out-of-range",
        ERROR,
        "A value reaches outside the supported range of dates, 0001-01-01 to 9999-12-31: "
        "a duration (term, renewal period, notice period, cadence, budget period) longer "
        "than the range itself (P99999999999999999999Y), a term whose start plus duration "
        "ends after 9999-12-31, or a meeting whose wall time, read in its time zone, is "
        "in year 0 or 10000 in UTC. Nothing about such a value can be computed.",
        "Correct the value: a duration is usually a few years (P3Y), and a date near year "
        "1 or 9999 is usually a typing mistake.",
    ),
)


def _dates(c: _Checker) -> None:
    signature = _at(c, "signature", "date")
    start = _at(c, "term", "start")
    end = _at(c, "term", "end")
    terminated = _termination(c)
    if signature is not None:
        for i, deliberation in _dicts(c.document, "deliberations"):
            if deliberation.get("purpose") not in _APPROVALS:
                continue  # a vote to amend or terminate comes after the signature
            date = _bounds(deliberation.get("date"))
            if date is not None and date[0] > signature[1][1]:
                _order(
                    c,
                    (("deliberations", i, "date"), date),
                    signature,
                    "a council approves an instrument before it is signed: check both dates",
                    report_first=True,
                )
    _order(
        c,
        signature,
        start,
        "the term starts before the signature (a retroactive start); check both dates",
        "date.retroactive-start",
    )
    _order(c, start, end, "a term ends on or after its start: check both dates")
    _order(c, start, terminated, "an instrument is terminated after it starts: check both dates")
    term = _obj(c.document, "term")
    for i, suspension in _dicts(term, "suspensions"):
        _pair(c, suspension, ("term", "suspensions", i), "a suspension")
        if "in_effect_on" in suspension:
            _within(c, suspension, "in_effect_on", ("term", "suspensions", i), "suspension")
    for i, link in _dicts(c.document, "related_instruments"):
        _pair(c, link, ("related_instruments", i), "a linked instrument's term")
    for i, programme in _dicts(c.document, "programmes"):
        period = _obj(programme, "period")
        if period is not None:
            _pair(c, period, ("programmes", i, "period"), "a programme's period")
    for i, party in _dicts(c.document, "parties"):
        for j, head in _dicts(party, "heads"):
            _pair(c, head, ("parties", i, "heads", j), "a term of office")
            if "in_office_on" in head:
                _within(c, head, "in_office_on", ("parties", i, "heads", j), "term of office")
    if start is None:
        _order(
            c,
            signature,
            terminated,
            "an instrument is terminated after it is signed: check both dates",
        )
    for i, document in _dicts(c.document, "documents"):
        published = _bounds(document.get("date"))
        accessed = _bounds(document.get("accessed"))
        if published is not None and accessed is not None and published[0] > accessed[1]:
            _order(
                c,
                (("documents", i, "date"), published),
                (("documents", i, "accessed"), accessed),
                "a document is accessed after it is published: check both dates",
            )


def _order(
    c: _Checker,
    first: _Dated | None,
    second: _Dated | None,
    why: str,
    rule: str = "date.order",
    *,
    report_first: bool = False,
) -> None:
    """Report when ``second`` is certainly before ``first`` (at ``second`` by default)."""
    if first is None or second is None or first[1][0] <= second[1][1]:
        return
    (path_a, (_, _, a)), (path_b, (_, _, b)) = first, second
    if report_first:
        c.add(rule, path_a, f"{a} is after {format_path(path_b)} {b}; {why}")
    else:
        c.add(rule, path_b, f"{b} is before {format_path(path_a)} {a}; {why}")


def _at(c: _Checker, *path: str) -> _Dated | None:
    node: object = c.document
    for key in path:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return _dated(path, node)


def _pair(c: _Checker, node: Mapping[str, Any], path: DocumentPath, what: str) -> None:
    """``node.start`` and ``node.end`` in order."""
    start = _bounds(node.get("start"))
    end = _bounds(node.get("end"))
    if start is not None and end is not None and start[0] > end[1]:
        _order(
            c,
            ((*path, "start"), start),
            ((*path, "end"), end),
            f"{what} ends on or after its start: check both dates",
        )


def _within(c: _Checker, node: Mapping[str, Any], key: str, path: DocumentPath, what: str) -> None:
    """Each date of the list ``node[key]`` not certainly before ``node.start`` nor
    certainly after ``node.end`` (a source attests the state on that day)."""
    days = node.get(key)
    if not isinstance(days, list):
        return
    start = _dated((*path, "start"), node.get("start"))
    end = _dated((*path, "end"), node.get("end"))
    why = f"a source attests the {what} on that date, so it falls within it: check the dates"
    for k, value in enumerate(days):
        day = _dated((*path, key, k), value)
        _order(c, start, day, why)
        _order(c, day, end, why, report_first=True)


def _period(
    c: _Checker, period: Mapping[str, Any], action: int, line: int | None = None
) -> tuple[_Bounds | None, _Bounds | None]:
    """The bounds of an action's (or its budget line's) period, checked to be in order."""
    start = _bounds(period.get("start"))
    end = _bounds(period.get("end"))
    if start is not None and end is not None and start[0] > end[1]:
        path: DocumentPath = (
            ("actions", action, "period")
            if line is None
            else ("actions", action, "budget", line, "period")
        )
        _order(
            c,
            ((*path, "start"), start),
            ((*path, "end"), end),
            "a period ends on or after its start: check both dates",
        )
    return start, end


def _range(c: _Checker) -> None:
    """``date.out-of-range``: durations longer than the supported range, a term
    whose stated duration ends after it, meetings whose UTC instant is outside it."""
    term = _obj(c.document, "term")
    places: list[tuple[DocumentPath, object]] = []
    if term is not None:
        places.append((("term", "duration"), term.get("duration")))
        places.append((("term", "notice_period"), term.get("notice_period")))
        renewal = _obj(term, "renewal")
        if renewal is not None:
            places.append((("term", "renewal", "period"), renewal.get("period")))
    governance = _obj(c.document, "governance")
    for i, body in _dicts(governance, "bodies"):
        cadence = _obj(body, "cadence")
        if cadence is not None:
            every = cadence.get("every")
            places.append((("governance", "bodies", i, "cadence", "every"), every))
    for i, action in _dicts(c.document, "actions"):
        for j, line in _dicts(action, "budget"):
            places.append((("actions", i, "budget", j, "per"), line.get("per")))
    too_long = False
    for path, value in places:
        parts = _duration(value)
        if parts is not None and _beyond_range(parts):
            too_long = True
            c.add(
                "date.out-of-range",
                path,
                f"the duration {_quote(value)} is longer than {RANGE_TEXT}; "
                "correct it (a duration is usually a few years, such as P3Y)",
            )
    if term is not None and not too_long:
        start = _bounds(term.get("start"))
        duration = _duration(term.get("duration"))
        if start is not None and duration is not None and _shift(start[0], duration) is None:
            c.add(
                "date.out-of-range",
                ("term", "duration"),
                f"the term starts {start[2]} and lasts {term.get('duration')}: it would "
                f"end after 9999-12-31, outside {RANGE_TEXT}; correct the start or "
                "the duration",
            )
    zones = _zones()
    for i, meeting in _dicts(governance, "meetings"):
        zone = _str(meeting.get("time_zone"))
        if zone is None or zone not in zones or not _accepts("TimeZone", zone):
            continue
        for key in ("start", "end"):
            wall = _local_datetime(meeting.get(key))
            if wall is None or 2 <= wall.year <= 9998:
                continue  # only the first and last year can leave the range in UTC
            try:
                _tz().to_instant(wall, zone)
            except OverflowError:
                c.add(
                    "date.out-of-range",
                    ("governance", "meetings", i, key),
                    f"the meeting's {key} {meeting.get(key)} in {zone} is in year "
                    f"{'0' if wall.year == 1 else '10000'} in UTC, outside "
                    f"{RANGE_TEXT}; correct the date or the time zone",
                )


def _termination(c: _Checker) -> _Dated | None:
    """When the instrument was terminated: ``termination.date``, else ``terminated_on``.

    Reports ``term.termination-mismatch`` when both are given and cannot be the
    same date.
    """
    terminated = _at(c, "term", "terminated_on")
    ended = _at(c, "term", "termination", "date")
    if terminated is not None and ended is not None:
        (_, (lo_a, hi_a, a)), (_, (lo_b, hi_b, b)) = terminated, ended
        if hi_a < lo_b or hi_b < lo_a:
            c.add(
                "term.termination-mismatch",
                ("term", "terminated_on"),
                f"terminated_on {a} and termination.date {b} cannot be the same date; "
                "keep the right one in `termination.date` and remove the deprecated "
                "`terminated_on` (citydiplomacy upgrade moves it there)",
            )
    return ended or terminated
