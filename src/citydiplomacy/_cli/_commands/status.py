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
      "convention": {"id": str, "title": str,   # the title, else designation, else id
                     "language": str | null},
      "tz_database": {"iana_version": str, "tzdata_package": str},
      "term": {
        "status": str,                # a TermStatus value, "unknown" when uncertain
        "possible_statuses": [str],   # every status it may be, in a fixed order
        "in_force": bool | null,      # null: cannot tell
        "reason": str,
        "current_period": {"index": int, "start": bounds | null, "end": bounds | null} | null,
        "notice_deadline": bounds | null,
        "termination": {"date": bounds | null,   # null: recorded without a date
                        "stated": str | null,    # the EDTF date as recorded
                        "reason": str | null} | null,
        "suspensions": [{"index": int, "start": bounds | null, "end": bounds | null,
                         "reason": str | null,
                         "covers_day": bool | null}],   # null: cannot tell
        "depends_on": [str]   # fields whose unknown day leaves the status open
      },
      "deadlines": [{"kind": "start" | "notice" | "end" | "renewal" | "termination"
                             | "suspension" | "suspension_end",
                     "date": bounds, "period_index": int, "description": str}],
      "meetings": [{"id": str, "body": str | null, "title": str | null,
                    "status": "planned" | "held" | "postponed" | null,  # null: not stated
                    "date": str | null,       # EDTF, for a meeting recorded by date only
                    "days": bounds,           # its first to last possible day
                    "wall_time": str | null,  # as recorded: YYYY-MM-DDTHH:MM:SS, no offset
                    "time_zone": str | null,
                    "wall_time_kind": "normal" | "nonexistent" | "ambiguous" | null,
                    "instant": str | null, "end_instant": str | null,
                    "local_times": [{"party": str, "name": str, "time_zone": str | null,
                                     "local_time": str | null}],
                    "unknown_time_zone_parties": [str], "notes": [str],
                    "summary": str}],   # "2026-10-01 10:00 Europe/Paris (Grenoble 10:00, ...)"
      "expected_meetings": [{"body": str, "index": int, "window": bounds,
                             "host": str | null,
                             "status": "held" | "scheduled" | "due" | "upcoming" | "overdue"
                                       | "unknown",
                             "meeting": str | null,     # the recorded meeting matched
                             "possible_meetings": [str],  # may fall in it (imprecise day)
                             "note": str | null}],      # why "unknown"
      "overdue_follow_up": [same objects as expected_meetings],
      "follow_up_unknown": [{"body": str, "reason": str}],
      "late_actions": [{"id": str, "title": str, "period_end": bounds,
                        "status": str | null}]
    }

``meetings`` lists the next five recorded meetings whose local date is on or after
``--on`` (not cancelled; a meeting recorded by date only while its last possible day
is), ``expected_meetings`` every slot checked (from the first one to the next one
after ``--on``), ``overdue_follow_up`` the overdue ones among them. Format 1.1 added
``term.termination``, ``term.suspensions``, ``term.depends_on``, the meeting keys
``date`` and ``days``, the slot keys ``possible_meetings`` and ``note``, and made
null possible where a meeting has no stated status or no clock time; every key of
the first version keeps its meaning.

With ``--portfolio DIR`` (repeatable: folders, files or glob patterns), the other
convention files are read too (see ``citydiplomacy._batch._portfolio``): the term is the
*effective* one, with the renewals and supersessions that other files state applied,
and the report gains the instrument's chain::

      "portfolio": {
        "paths": [str],
        "files": int,                 # convention files read
        "left_out": int,              # files not valid conventions, or unreadable
        "chain": {
          "nodes": [{"id": str, "file": str | null,   # null: known only from links
                     "known_only": bool, "kind": str | null,
                     "signed": str | null, "start": str | null, "end": str | null}],
          "links": [{"source": str, "relation": str, "target": str,
                     "stated_in": [str]}]
        }
      }

Without it, the key ``portfolio`` is absent.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs

from citydiplomacy._base._files import os_error_message
from citydiplomacy._base._report import ConventionError
from citydiplomacy._base._text import human, json_text
from citydiplomacy._batch._portfolio import Portfolio, load_portfolio
from citydiplomacy._checking import _api
from citydiplomacy._cli import Streams
from citydiplomacy._domain._codes import MeetingStatus
from citydiplomacy._domain._model import Convention
from citydiplomacy._time._followup import FollowUp, SlotCheck, SlotStatus, follow_up
from citydiplomacy._time._meetings import MeetingTime, format_meeting, meeting_times
from citydiplomacy._time._terms import (
    DateBounds,
    Deadline,
    SuspensionSpan,
    TermState,
    TermStatus,
    term_status,
    upcoming_deadlines,
)
from citydiplomacy._time._tz import tz_database_version, tzdata_package_version

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
    parser.add_argument(
        "--portfolio",
        action="append",
        default=None,
        metavar="DIR",
        help="read the other conventions under DIR (a folder, a file or a glob pattern; "
        "repeatable) too: the term then has the renewals and supersessions they state "
        "applied, and the instrument's chain is shown",
    )


def run(args: argparse.Namespace, streams: Streams) -> int:
    """Load the file, compute its status and print it; 0 on success, 1 on an invalid
    file, 2 on an unreadable one."""
    loaded = load_convention(args.file, streams)
    if isinstance(loaded, int):
        return loaded
    on: _dt.date = args.on or _dt.datetime.now(_dt.timezone.utc).date()
    portfolio = None
    if args.portfolio:
        portfolio = _portfolio(args.portfolio, streams)
        if portfolio is None:
            return 2
    report = build_status(loaded, on, portfolio=portfolio, paths=args.portfolio or ())
    if args.format == "json":
        streams.stdout.write(json_text(report))
    else:
        streams.stdout.write(render_text(report, loaded))
    return 0


def _portfolio(paths: list[str], streams: Streams) -> Portfolio | None:
    """The portfolio under ``paths``, or None (said on stderr) when a path is missing."""
    portfolio = load_portfolio(paths)
    for name, message in portfolio.problems:
        streams.stderr.write(f"citydiplomacy status: --portfolio {human(name)}: {human(message)}\n")
    if portfolio.problems:
        return None
    left_out = [f for f in portfolio.files if f.convention is None]
    if left_out:
        streams.stderr.write(
            f"citydiplomacy status: {len(left_out)} file(s) of the portfolio left out "
            "(not valid conventions or unreadable; run citydiplomacy validate on them), "
            f"e.g. {human(left_out[0].path)}\n"
        )
    return portfolio


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


def _termination(convention: Convention, state: TermState) -> dict[str, Any] | None:
    term = convention.term
    if term is None or state.termination is None:
        return None
    termination = term.termination
    stated = termination.date if termination is not None else None
    stated = stated if stated is not None else term.terminated_on
    reason = termination.reason if termination is not None else None
    langs = _langs(convention)
    return {
        "date": _bounds(state.termination) if stated is not None else None,
        "stated": str(stated) if stated is not None else None,
        "reason": reason.text(*langs) if reason is not None else None,
    }


def _suspensions(convention: Convention, on: _dt.date) -> list[dict[str, Any]]:
    term = convention.term
    if term is None:
        return []
    langs = _langs(convention)
    out = []
    for i, s in enumerate(term.suspensions):
        span = SuspensionSpan(
            i,
            DateBounds.of(s.start) if s.start is not None else None,
            DateBounds.of(s.end) if s.end is not None else None,
        )
        out.append(
            {
                "index": i,
                "start": _bounds(span.start),
                "end": _bounds(span.end),
                "reason": s.reason.text(*langs) if s.reason is not None else None,
                "covers_day": span.covers(on),
            }
        )
    return out


def _langs(convention: Convention) -> tuple[str, ...]:
    # Without a preference a text comes in its first stored language, its primary
    # one (format 1.1 keeps the order of languages for that reason).
    first = convention.authoritative_language
    return (*((first,) if first is not None else ()), *convention.languages)


def _title(convention: Convention) -> str:
    langs = _langs(convention)
    for text in (convention.title, convention.designation):
        if text is not None:
            return text.text(*langs)
    return convention.id


def _term(state: TermState, convention: Convention) -> dict[str, Any]:
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
        "termination": _termination(convention, state),
        "suspensions": _suspensions(convention, state.on),
        "depends_on": list(state.depends_on),
    }


def _deadline(d: Deadline) -> dict[str, Any]:
    return {
        "kind": d.kind.value,
        "date": _bounds(d.date),
        "period_index": d.period_index,
        "description": d.description,
    }


def _days(mt: MeetingTime) -> DateBounds:
    """The first to the last day a recorded meeting may be held on (local dates)."""
    m = mt.meeting
    if m.start is not None:
        return DateBounds(m.start.date(), max(m.start.date(), (m.end or m.start).date()))
    assert m.date is not None
    return DateBounds.of(m.date)


def _meeting(mt: MeetingTime, langs: tuple[str, ...]) -> dict[str, Any]:
    m = mt.meeting
    return {
        "id": m.id,
        "body": m.body,
        "title": m.title.text(*langs) if m.title is not None else None,
        "status": m.status.value if m.status is not None else None,
        "date": str(m.date) if m.start is None and m.date is not None else None,
        "days": _bounds(_days(mt)),
        "wall_time": m.start.strftime("%Y-%m-%dT%H:%M:%S") if m.start is not None else None,
        "time_zone": m.time_zone,
        "wall_time_kind": mt.wall_time.value if mt.wall_time is not None else None,
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
        "possible_meetings": list(check.possible),
        "note": check.note,
    }


def _chain(portfolio: Portfolio, instrument: str, paths: Sequence[str]) -> dict[str, Any]:
    try:
        chain = portfolio.chain(instrument)
    except KeyError:  # the file is outside the portfolio, and nothing links to it
        nodes: list[dict[str, Any]] = []
        links: list[dict[str, Any]] = []
    else:
        nodes = [
            {
                "id": n.id,
                "file": n.file.path if n.file is not None else None,
                "known_only": n.known_only,
                "kind": n.kind.value if n.kind is not None else None,
                "signed": str(n.date) if n.date is not None else None,
                "start": str(n.start) if n.start is not None else None,
                "end": str(n.end) if n.end is not None else None,
            }
            for n in chain.nodes
        ]
        links = [
            {
                "source": k.source,
                "relation": k.relation.value,
                "target": k.target,
                "stated_in": list(k.stated_in),
            }
            for k in chain.links
        ]
    return {
        "paths": list(paths),
        "files": len(portfolio),
        "left_out": sum(1 for f in portfolio.files if f.convention is None),
        "chain": {"nodes": nodes, "links": links},
    }


def build_status(
    convention: Convention,
    on: _dt.date,
    *,
    portfolio: Portfolio | None = None,
    paths: Sequence[str] = (),
) -> dict[str, Any]:
    """The status report as plain JSON values (the shape documented above); with a
    ``portfolio``, the term is the effective one and the chain is added."""
    langs = _langs(convention)
    if portfolio is not None:
        effective = portfolio.effective(convention.id, convention)
        convention = attrs.evolve(
            convention, term=effective.term, related_instruments=effective.related_instruments
        )
    state = term_status(convention, on)
    upcoming = [
        mt
        for mt in meeting_times(convention)
        if _still_ahead(mt, on) and mt.meeting.status is not MeetingStatus.CANCELLED
    ][:_NEXT_MEETINGS]
    fu: FollowUp = follow_up(convention, on)
    slots = [s for b in fu.bodies for s in b.slots]
    report: dict[str, Any] = {
        "format": FORMAT_ID,
        "on": on.isoformat(),
        "convention": {
            "id": convention.id,
            "title": _title(convention),
            "language": convention.authoritative_language,
        },
        "tz_database": {
            "iana_version": tz_database_version(),
            "tzdata_package": tzdata_package_version(),
        },
        "term": _term(state, convention),
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
    if portfolio is not None:
        report["portfolio"] = _chain(portfolio, convention.id, paths)
    return report


def _still_ahead(mt: MeetingTime, on: _dt.date) -> bool:
    if mt.local_start is not None:
        return mt.local_start.date() >= on
    assert mt.date is not None
    return mt.date.possible_range()[1] >= on


# ---------------------------------------------------------------- text


def _human(b: dict[str, str] | None) -> str:
    if b is None:
        return "unknown"
    if b["earliest"] == b["latest"]:
        return b["earliest"]
    return f"between {b['earliest']} and {b['latest']}"


def _chain_text(report: dict[str, Any], out: list[str]) -> None:
    """The chain section of the text output (with ``--portfolio``)."""
    me = report["convention"]["id"]
    chain = report["portfolio"]["chain"]
    out.append("")
    out.append(f"Chain (portfolio of {report['portfolio']['files']} conventions)")
    if len(chain["nodes"]) < 2:
        out.append("  no other instrument linked")
        return
    for node in chain["nodes"]:
        when = node["signed"] or node["start"] or "date not known"
        where = node["file"] if node["file"] is not None else "no file: known only from links"
        relations = [
            f"{k['relation']} {k['target']}" for k in chain["links"] if k["source"] == node["id"]
        ]
        this = " (this one)" if node["id"] == me else ""
        kind = node["kind"] or "kind not stated"
        line = f"  {when}: {node['id']}{this}, {kind}, {where}"
        if relations:
            line += "; " + ", ".join(relations)
        out.append(line)


def render_text(report: dict[str, Any], convention: Convention) -> str:
    """The report of :func:`build_status` as text for a person."""
    langs = _langs(convention)
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
    if term["status"] == TermStatus.SUSPENDED.value:
        out.append(f"On {report['on']}: suspended (not applied, though its term runs)")
    else:
        out.append(f"On {report['on']}: {verdict[term['in_force']]}")
    out.append(f"  {term['reason']}")
    ended = term["termination"]
    if ended is not None and term["status"] != TermStatus.TERMINATED.value:
        when = (
            f"from {_human(ended['date'])}" if ended["date"] is not None else "on a day not stated"
        )
        why = f" (reason: {ended['reason']})" if ended["reason"] else ""
        out.append(f"  termination recorded: no longer in force {when}{why}")
    for sp in term["suspensions"]:
        if sp["covers_day"] is False or term["status"] == TermStatus.SUSPENDED.value:
            continue
        start = _human(sp["start"]) if sp["start"] is not None else "a day not stated"
        end = _human(sp["end"]) if sp["end"] is not None else "a day not stated"
        out.append(f"  may be suspended on that day: suspension from {start} to {end}")
    if term["depends_on"]:
        out.append(
            "  depends on dates not stated or not known to the day: "
            + ", ".join(term["depends_on"])
        )

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
        out.append(f"  {m['summary']}: {title} [{m['status'] or 'status not stated'}]")
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
    unknown = [s for s in report["expected_meetings"] if s["status"] == SlotStatus.UNKNOWN.value]
    for s in unknown:
        body = body_names.get(s["body"], s["body"])
        out.append(f"  cannot tell for {body}, due {_human(s['window'])}: {s['note']}")
    if not report["overdue_follow_up"] and not report["follow_up_unknown"] and not unknown:
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

    if "portfolio" in report:
        _chain_text(report, out)

    out.append("")
    tz = report["tz_database"]
    out.append(f"Time zone data: IANA {tz['iana_version']} (tzdata {tz['tzdata_package']})")
    # Every line holds document text: each is escaped as a whole (one line, no control
    # sequence, no workflow command), which also covers what is added later.
    return "".join(human(line) + "\n" for line in out)
