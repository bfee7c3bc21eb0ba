"""Terms: the end, the duration, renewals and termination agree, and meetings fall within
the term.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

from citydiplomacy._checking._rules._engine import (
    _ONE_DAY,
    ERROR,
    WARNING,
    RuleInfo,
    _bounds,
    _Checker,
    _dicts,
    _duration,
    _local_datetime,
    _obj,
    _plus,
    _r,
    _shift,
    _times,
)

#: The rules of this family, with what each checks and how to fix it.
RULES: tuple[RuleInfo, ...] = (
    _r(
        "term.duration-mismatch",
        WARNING,
        "The term gives `start`, `end` and `duration`, and the end is not start + "
        "duration - 1 day (the anniversary day itself is also accepted).",
        "Correct one of the three, or leave out `duration` (the end wins when both are given).",
    ),
    _r(
        "term.indefinite-with-end",
        ERROR,
        "The term says it is indefinite (`indefinite: true`: the instrument states that "
        "it has no fixed end) but also gives an `end` or a `duration`.",
        "Check the text: remove `indefinite` if the instrument has a fixed end, else remove "
        "`end` and `duration` (record an actual end in `termination`).",
    ),
    _r(
        "term.renewal-inconsistent",
        WARNING,
        "`renewal.mode` is `none` but a renewal `period` or `max_renewals` is given.",
        "Set the mode the text states (`tacit` or `explicit`), or remove the period and "
        "the maximum.",
    ),
    _r(
        "term.meeting-outside",
        WARNING,
        "A meeting certainly takes place before the term starts or after its last "
        "possible day (renewals included): its `start`, or else every day its `date` "
        "may stand for.",
        "Check the meeting date and the term; preparatory meetings before the start "
        "may be intended.",
    ),
    _r(
        "term.termination-mismatch",
        ERROR,
        "The term gives both the deprecated `terminated_on` and `termination.date`, and "
        "they cannot be the same date (one is certainly before the other).",
        "Keep `termination.date` with the right date and remove `terminated_on` "
        "(`citydiplomacy upgrade` moves it there).",
    ),
)


def _term_bounds(c: _Checker) -> tuple[_dt.date | None, _dt.date | None, str]:
    """(earliest possible start, latest possible last day, where that day comes from).

    Follows :mod:`citydiplomacy._time._terms` without iterating over periods, so a term
    renewing daily for a thousand years costs no more than any other.
    """
    term = _obj(c.document, "term")
    if term is None:
        return None, None, ""
    start = _bounds(term.get("start"))
    end = _bounds(term.get("end"))
    duration = _duration(term.get("duration"))
    renewal = _obj(term, "renewal") or {}
    mode = renewal.get("mode")
    granted = sum(
        1
        for _i, link in _dicts(c.document, "related_instruments")
        if link.get("relation") == "renewed_by"
    )
    if mode is None and granted:
        mode = "explicit"
    cap = renewal.get("max_renewals")
    if isinstance(cap, bool) or not isinstance(cap, int) or cap < 0:
        cap = None
    renewals: int | None = 0
    if mode == "tacit":
        renewals = cap
    elif mode == "explicit":
        renewals = granted if cap is None else min(granted, cap)
    step = _duration(renewal.get("period")) or duration
    last: _dt.date | None = None
    how = ""
    if renewals is None or (renewals and step is None):
        how = "renewals without a stated limit"
    elif end is not None:
        extra = _times(step, renewals) if step is not None and renewals else (0, 0, 0, 0)
        # An end that may be the calendar's last day (an open end) has no last day.
        shifted = _shift(end[1] + _ONE_DAY, extra) if end[1] < _dt.date.max else None
        last, how = (shifted - _ONE_DAY if shifted else None), "term.end"
    elif start is not None and duration is not None:
        extra = _times(step, renewals) if step is not None and renewals else (0, 0, 0, 0)
        shifted = _shift(start[1], _plus(duration, extra))
        last, how = (shifted - _ONE_DAY if shifted else None), "term.start and term.duration"
    if last is not None and renewals:
        how += f" and {renewals} renewal{'s' if renewals > 1 else ''}"
    termination = _obj(term, "termination") or {}
    for key, where in (
        (termination.get("date"), "term.termination.date"),
        (term.get("terminated_on"), "term.terminated_on"),
    ):
        terminated = _bounds(key)
        if terminated is not None:
            cut = terminated[1] - _ONE_DAY if terminated[1] > _dt.date.min else terminated[1]
            if last is None or cut < last:
                last, how = cut, f"the day before {where}"
            break
    return (start[0] if start is not None else None), last, how


def _term(c: _Checker) -> None:
    term = _obj(c.document, "term")
    if term is None:
        return
    renewal = _obj(term, "renewal")
    if renewal is not None and renewal.get("mode") == "none":
        extra = [k for k in ("period", "max_renewals") if k in renewal]
        if extra:
            c.add(
                "term.renewal-inconsistent",
                ("term", "renewal", "mode"),
                f"the mode is 'none' but {' and '.join(extra)} "
                f"{'is' if len(extra) == 1 else 'are'} given; set the mode the text "
                "states ('tacit' or 'explicit') or remove "
                f"{' and '.join(extra)}",
            )
    _duration_matches(c, term)
    if term.get("indefinite") is True:
        given = [k for k in ("end", "duration") if k in term]
        if given:
            c.add(
                "term.indefinite-with-end",
                ("term", "indefinite"),
                f"the term is stated to be indefinite (no fixed end) but gives "
                f"{' and '.join(given)}; remove `indefinite` if the instrument has a "
                f"fixed end, else remove {' and '.join(given)} (record an actual end "
                "in `termination`)",
            )
    lo, last, how = _term_bounds(c)
    c.term_bounds = (lo, last, how)
    if lo is None and last is None:
        return
    governance = _obj(c.document, "governance")
    for i, meeting in _dicts(governance, "meetings"):
        start_time = _local_datetime(meeting.get("start"))
        if start_time is not None:
            day = start_time.date()
            first, final, shown, key = day, day, day.isoformat(), "start"
        else:
            bounds = _bounds(meeting.get("date"))
            if bounds is None:
                continue
            first, final, shown, key = bounds[0], bounds[1], bounds[2], "date"
        path = ("governance", "meetings", i, key)
        if lo is not None and final < lo:
            c.add(
                "term.meeting-outside",
                path,
                f"the meeting ({shown}) is before the term starts "
                f"({lo.isoformat()}); check the date (a preparatory meeting may be meant)",
            )
        elif last is not None and first > last:
            c.add(
                "term.meeting-outside",
                path,
                f"the meeting ({shown}) is after the last day of the term "
                f"({last.isoformat()}, from {how}); check the date, or record the "
                "renewal in `term.renewal`",
            )


def _duration_matches(c: _Checker, term: Mapping[str, Any]) -> None:
    start = _bounds(term.get("start"))
    end = _bounds(term.get("end"))
    duration = _duration(term.get("duration"))
    if start is None or end is None or duration is None:
        return
    low = _shift(start[0], duration)
    high = _shift(start[1], duration)
    if low is None or high is None:
        return
    low -= _ONE_DAY
    if end[1] < low or end[0] > high:
        c.add(
            "term.duration-mismatch",
            ("term", "end"),
            f"the term ends {end[2]} but starts {start[2]} for {term.get('duration')}, so its "
            f"last day is {low.isoformat()}"
            + (f" to {high.isoformat()}" if high != low else "")
            + "; correct one of the three, or leave out `duration`",
        )
