"""``citydiplomacy status FILE [--on DATE] [--format text|json]``: where a convention stands.

The text output is for a person: in force or not and why, upcoming term deadlines,
next meetings with the local time in each party's city, overdue follow-up, late
actions, and the tz database version used.

The JSON output (``--format json``) is for machines. Its keys are stable; dates are
``YYYY-MM-DD``, instants ``YYYY-MM-DDTHH:MM:SSZ``, local times ``YYYY-MM-DDTHH:MM:SS``
plus the UTC offset (``+01:00``), and an uncertain day is a *bounds* object
``{"earliest": date, "latest": date}`` (equal when the day is known)::

    {
      "format": "citydiplomacy-status/1",
      "on": date,
      "convention": {"id": str, "title": str, "language": str},
      "tz_database": {"iana_version": str, "tzdata_package": str},
      "term": {
        "status": str,                # a TermStatus value, "unknown" when uncertain
        "possible_statuses": [str],   # every status it may be, in a fixed order
        "in_force": bool | null,      # null: cannot tell
        "reason": str,
        "current_period": {"index": int, "start": bounds | null, "end": bounds | null} | null,
        "notice_deadline": bounds | null
      },
      "deadlines": [{"kind": "start" | "notice" | "end" | "renewal" | "termination",
                     "date": bounds, "period_index": int, "description": str}],
      "meetings": [{"id": str, "body": str | null, "title": str | null,
                    "status": "planned" | "held" | "postponed",
                    "wall_time": str,         # as recorded: YYYY-MM-DDTHH:MM:SS, no offset
                    "time_zone": str,
                    "wall_time_kind": "normal" | "nonexistent" | "ambiguous",
                    "instant": str, "end_instant": str | null,
                    "local_times": [{"party": str, "name": str, "time_zone": str | null,
                                     "local_time": str | null}],
                    "unknown_time_zone_parties": [str], "notes": [str],
                    "summary": str}],   # "2026-10-01 10:00 Europe/Paris (Grenoble 10:00, ...)"
      "expected_meetings": [{"body": str, "index": int, "window": bounds,
                             "host": str | null,
                             "status": "held" | "scheduled" | "due" | "upcoming" | "overdue",
                             "meeting": str | null}],     # the recorded meeting matched
      "overdue_follow_up": [same objects as expected_meetings],
      "follow_up_unknown": [{"body": str, "reason": str}],
      "late_actions": [{"id": str, "title": str, "period_end": bounds,
                        "status": str | null}]
    }

``meetings`` lists the next five recorded meetings whose local date is on or after
``--on`` (not cancelled), ``expected_meetings`` every slot checked (from the first one to the
next one after ``--on``), ``overdue_follow_up`` the overdue ones among them.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import re
from pathlib import Path
from typing import Any

from citydiplomacy import _api
from citydiplomacy._cli import Streams
from citydiplomacy._codes import MeetingStatus
from citydiplomacy._files import os_error_message
from citydiplomacy._followup import FollowUp, SlotCheck, SlotStatus, follow_up
from citydiplomacy._meetings import MeetingTime, format_meeting, meeting_times
from citydiplomacy._model import Convention
from citydiplomacy._report import ConventionError
from citydiplomacy._terms import DateBounds, Deadline, TermState, term_status, upcoming_deadlines
from citydiplomacy._text import human, json_text
from citydiplomacy._tz import tz_database_version, tzdata_package_version

FORMAT_ID = "citydiplomacy-status/1"
_DATE = re.compile(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_NEXT_MEETINGS = 5


def parse_day(text: str) -> _dt.date:
    """Parse ``YYYY-MM-DD`` strictly (argparse type: a bad value is a usage error)."""
    if not _DATE.match(text):
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, found {text!r}")
    try:
        return _dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a calendar date ({exc})") from None


def register(subparsers: Any) -> None:
    """Add the ``status`` subcommand."""
    parser = subparsers.add_parser(
        "status",
        help="show whether a convention is in force, its deadlines and follow-up",
        description=(
            "Show where a convention stands on a day: in force or not (and why), "
            "upcoming deadlines, next meetings in each party's local time, overdue "
            "follow-up and late actions."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="convention file (YAML or JSON)")
    parser.add_argument(
        "--on",
        type=parse_day,
        metavar="DATE",
        help="the day to look from, YYYY-MM-DD (default: today, UTC)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text for people (default), json for machines",
    )


def run(args: argparse.Namespace, streams: Streams) -> int:
    """Load the file, compute its status and print it; 0 on success, 1 on an invalid
    file, 2 on an unreadable one."""
    loaded = load_convention(args.file, streams)
    if isinstance(loaded, int):
        return loaded
    on: _dt.date = args.on or _dt.datetime.now(_dt.timezone.utc).date()
    report = build_status(loaded, on)
    if args.format == "json":
        streams.stdout.write(json_text(report))
    else:
        streams.stdout.write(render_text(report, loaded))
    return 0


def load_convention(path: str, streams: Streams) -> Convention | int:
    """Load a convention for a command, or print why not and return the exit code."""
    try:
        return _api.load(Path(path))
    except ConventionError as exc:
        for finding in exc.findings:
            streams.stderr.write(f"{finding}\n")  # escaped by Finding.__str__
        return 1
    except OSError as exc:
        streams.stderr.write(f"citydiplomacy: cannot read {human(path)}: {os_error_message(exc)}\n")
        return 2


# ---------------------------------------------------------------- the report


def _bounds(b: DateBounds | None) -> dict[str, str] | None:
    if b is None:
        return None
    return {"earliest": b.earliest.isoformat(), "latest": b.latest.isoformat()}


def _instant(value: _dt.datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _local(value: _dt.datetime | None) -> str | None:
    if value is None:
        return None
    return _dt.datetime.isoformat(value)


def _term(state: TermState) -> dict[str, Any]:
    period = state.current_period
    return {
        "status": state.status.value,
        "possible_statuses": [s.value for s in state.possible],
        "in_force": state.in_force,
        "reason": state.reason,
        "current_period": (
            None
            if period is None
            else {"index": period.index, "start": _bounds(period.start), "end": _bounds(period.end)}
        ),
        "notice_deadline": _bounds(state.notice_deadline),
    }


def _deadline(d: Deadline) -> dict[str, Any]:
    return {
        "kind": d.kind.value,
        "date": _bounds(d.date),
        "period_index": d.period_index,
        "description": d.description,
    }


def _meeting(mt: MeetingTime, langs: tuple[str, ...]) -> dict[str, Any]:
    m = mt.meeting
    return {
        "id": m.id,
        "body": m.body,
        "title": m.title.text(*langs) if m.title is not None else None,
        "status": m.status.value,
        "wall_time": m.start.strftime("%Y-%m-%dT%H:%M:%S"),
        "time_zone": m.time_zone,
        "wall_time_kind": mt.wall_time.value,
        "instant": _instant(mt.instant),
        "end_instant": _instant(mt.end_instant),
        "local_times": [
            {
                "party": p.party,
                "name": p.name.text(*langs),
                "time_zone": p.time_zone,
                "local_time": _local(p.local),
            }
            for p in mt.parties
        ],
        "unknown_time_zone_parties": list(mt.unknown_parties),
        "notes": list(mt.notes),
        "summary": format_meeting(mt, *langs),
    }


def _slot(check: SlotCheck) -> dict[str, Any]:
    e = check.expected
    return {
        "body": e.body,
        "index": e.index,
        "window": _bounds(e.window),
        "host": e.host,
        "status": check.status.value,
        "meeting": check.meeting,
    }


def build_status(convention: Convention, on: _dt.date) -> dict[str, Any]:
    """The status report as plain JSON values (the shape documented above)."""
    langs = (convention.authoritative_language, *convention.languages, "en")
    state = term_status(convention, on)
    upcoming = [
        mt
        for mt in meeting_times(convention)
        if mt.local_start.date() >= on and mt.meeting.status is not MeetingStatus.CANCELLED
    ][:_NEXT_MEETINGS]
    fu: FollowUp = follow_up(convention, on)
    slots = [s for b in fu.bodies for s in b.slots]
    report: dict[str, Any] = {
        "format": FORMAT_ID,
        "on": on.isoformat(),
        "convention": {
            "id": convention.id,
            "title": convention.title.text(*langs),
            "language": convention.authoritative_language,
        },
        "tz_database": {
            "iana_version": tz_database_version(),
            "tzdata_package": tzdata_package_version(),
        },
        "term": _term(state),
        "deadlines": [_deadline(d) for d in upcoming_deadlines(convention, on)],
        "meetings": [_meeting(mt, langs) for mt in upcoming],
        "expected_meetings": [_slot(s) for s in slots],
        "overdue_follow_up": [_slot(s) for s in fu.overdue],
        "follow_up_unknown": [
            {"body": b.body, "reason": b.reason} for b in fu.bodies if b.reason is not None
        ],
        "late_actions": [
            {
                "id": a.action,
                "title": a.title.text(*langs),
                "period_end": _bounds(a.due),
                "status": a.status.value if a.status is not None else None,
            }
            for a in fu.late_actions
        ],
    }
    return report


# ---------------------------------------------------------------- text


def _human(b: dict[str, str] | None) -> str:
    if b is None:
        return "unknown"
    if b["earliest"] == b["latest"]:
        return b["earliest"]
    return f"between {b['earliest']} and {b['latest']}"


def render_text(report: dict[str, Any], convention: Convention) -> str:
    """The report of :func:`build_status` as text for a person."""
    langs = (convention.authoritative_language, *convention.languages, "en")
    bodies = convention.governance.bodies if convention.governance is not None else ()
    body_names = {b.id: b.name.text(*langs) for b in bodies}
    party_names = {p.id: p.name.text(*langs) for p in convention.parties}
    out: list[str] = []
    conv = report["convention"]
    out.append(f"{conv['title']}")
    out.append(f"  id: {conv['id']}")
    out.append("")
    term = report["term"]
    verdict = {True: "in force", False: "not in force", None: "cannot tell whether it is in force"}
    out.append(f"On {report['on']}: {verdict[term['in_force']]}")
    out.append(f"  {term['reason']}")

    out.append("")
    out.append("Upcoming deadlines")
    if report["deadlines"]:
        for d in report["deadlines"]:
            out.append(f"  {_human(d['date'])}: {d['description']}")
    else:
        out.append("  none known")

    out.append("")
    out.append("Next meetings")
    shown = False
    for m in report["meetings"]:
        title = m["title"] or body_names.get(m["body"] or "", m["id"])
        out.append(f"  {m['summary']}: {title} [{m['status']}]")
        out.extend(f"    note: {n}" for n in m["notes"])
        shown = True
    for s in report["expected_meetings"]:
        if s["status"] not in {SlotStatus.DUE.value, SlotStatus.UPCOMING.value}:
            continue
        host = f", hosted by {party_names.get(s['host'], s['host'])}" if s["host"] else ""
        body = body_names.get(s["body"], s["body"])
        out.append(f"  expected: {body}, due {_human(s['window'])}{host} ({s['status']})")
        shown = True
    if not shown:
        out.append("  none recorded or expected")

    out.append("")
    out.append("Overdue follow-up")
    for s in report["overdue_follow_up"]:
        body = body_names.get(s["body"], s["body"])
        planned = f" (meeting {s['meeting']} planned, not recorded as held)" if s["meeting"] else ""
        out.append(f"  {body}: no meeting held {_human(s['window'])}{planned}")
    for u in report["follow_up_unknown"]:
        body = body_names.get(u["body"], u["body"])
        out.append(f"  cannot tell for {body}: {u['reason']}")
    if not report["overdue_follow_up"] and not report["follow_up_unknown"]:
        out.append("  none")

    out.append("")
    out.append("Late actions")
    if report["late_actions"]:
        for a in report["late_actions"]:
            status = a["status"] or "status not recorded"
            out.append(
                f"  {a['title']} ({a['id']}): period ended {_human(a['period_end'])}, {status}"
            )
    else:
        out.append("  none")

    out.append("")
    tz = report["tz_database"]
    out.append(f"Time zone data: IANA {tz['iana_version']} (tzdata {tz['tzdata_package']})")
    # Every line holds document text: each is escaped as a whole (one line, no control
    # sequence, no workflow command), which also covers what is added later.
    return "".join(human(line) + "\n" for line in out)
