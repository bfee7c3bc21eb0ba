"""Intended uses of the public API: this file must type-check under ``mypy --strict``.

It is never run; ``tests/test_typing.py`` and the project's mypy run check it.
"""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo
from decimal import Decimal

import attrs
import pendulum

import citydiplomacy as cd


def build() -> cd.Convention:
    party = cd.Party(
        id="villebelle",
        kind=cd.PartyKind("local_government"),
        name=cd.text("Villebelle", "fr"),
        time_zone="Europe/Paris",
    )
    line = cd.BudgetLine(amount=Decimal("1000"), currency="EUR", commitment=cd.Commitment.COMMITTED)
    action = cd.Action(id="a", title=cd.text({"fr": "A"}), budget=(line,))
    term = cd.Term(start=cd.partial_date("2025-03-01"), duration=cd.duration("P3Y"))
    return cd.Convention(
        schema_version="1.1", id="c", parties=(party,), actions=(action,), term=term
    )


def ask(conv: cd.Convention) -> None:
    answer: cd.InForce = cd.in_force(conv, on=dt.date(2026, 1, 1))
    word: str = answer.answer
    also: cd.InForce = cd.in_force(conv, on=pendulum.date(2026, 1, 1))
    meetings: tuple[cd.NextMeeting, ...] = cd.next_meetings(
        conv, after=dt.datetime(2026, 1, 1, tzinfo=zoneinfo.ZoneInfo("Europe/Paris")), limit=3
    )
    for m in meetings:
        instant: dt.datetime | None = m.instant
        days: cd.DateBounds = m.days
        locals_: list[dt.datetime | None] = [p.local for p in m.parties]
        del instant, days, locals_
    deadlines: tuple[cd.Deadline, ...] = cd.next_deadlines(conv, after=pendulum.now("UTC"))
    changes: tuple[cd.Change, ...] = cd.diff(conv, cd.to_document(conv))
    lines: str = "\n".join(map(str, changes))
    older: bool | None = cd.is_in_force(conv, dt.date(2026, 1, 1))
    del word, also, deadlines, lines, older


def times() -> None:
    instant: dt.datetime = cd.to_instant(dt.datetime(2026, 10, 1, 10), "Europe/Paris")
    local: dt.datetime = cd.in_zone(instant, "Africa/Casablanca")
    tz: zoneinfo.ZoneInfo = cd.zone("Europe/Paris")
    del local, tz


def time_inputs(conv: cd.Convention) -> None:
    # Days and moments of either library: pendulum's types subclass the standard ones.
    tokyo = pendulum.now("Asia/Tokyo")
    state: cd.TermState = cd.term_status(conv, tokyo)
    follow: cd.FollowUp = cd.follow_up(
        conv, dt.datetime.now(dt.timezone.utc), until=pendulum.date(2027, 1, 1)
    )
    ics: bytes = cd.to_ical(conv, until=tokyo, stamp=tokyo)
    svg: str = cd.render_timeline_svg(conv, on=tokyo)
    kind: cd.WallTime = cd.classify_wall_time(pendulum.datetime(2026, 3, 29, 2, 30), "UTC")
    del state, follow, ics, svg, kind


def change(conv: cd.Convention) -> cd.Convention:
    return attrs.evolve(conv, id="c-2")


def streams(conv: cd.Convention) -> None:
    text = io.StringIO()
    cd.dump(conv, text)
    cd.dump(conv, io.BytesIO(), format="json")
    again: cd.Convention = cd.load(io.StringIO(text.getvalue()))
    from_bytes: cd.Convention = cd.load(io.BytesIO(text.getvalue().encode()))
    del again, from_bytes
