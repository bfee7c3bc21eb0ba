"""Wrong uses of the public API: each line is rejected by mypy with the error code in
its ``# type: ignore[...]`` comment. With ``warn_unused_ignores`` (part of
``--strict``), a wrong use that stops being an error fails the check.

It is never run; ``tests/test_typing.py`` and the project's mypy run check it.
"""

from __future__ import annotations

import datetime as dt

import citydiplomacy as cd


def wrong(conv: cd.Convention) -> None:
    cd.in_force(conv, dt.date(2026, 1, 1))  # type: ignore[call-arg]
    cd.in_force(conv, on="2026-01-01")  # type: ignore[arg-type]
    cd.next_meetings(conv, after="2026-01-01")  # type: ignore[arg-type]
    cd.next_meetings(conv, limit="3")  # type: ignore[arg-type]
    cd.next_deadlines("examples/x.yaml")  # type: ignore[arg-type]
    cd.diff(conv, "examples/x.yaml")  # type: ignore[arg-type]
    cd.text(42)  # type: ignore[arg-type]
    cd.partial_date(2025)  # type: ignore[arg-type]
    cd.duration(3)  # type: ignore[arg-type]
    cd.load(42)  # type: ignore[arg-type]
    cd.dump(conv, 42)  # type: ignore[arg-type]
    cd.dumps(conv, format="toml")  # type: ignore[arg-type]
    answer: bool = cd.in_force(conv, on=dt.date(2026, 1, 1)).answer  # type: ignore[assignment]
    conv.id = "other"  # type: ignore[misc]
    cd.Party(id="p", kind="local_government", name=cd.text("P", "fr"))  # type: ignore[arg-type]
    cd.Convention(schema_version="1.1", id="c")  # type: ignore[call-arg]
    instant: str = cd.to_instant(dt.datetime(2026, 1, 1), "Europe/Paris")  # type: ignore[assignment]
    cd.in_zone(dt.date(2026, 1, 1), "Europe/Paris")  # type: ignore[arg-type]
    cd.to_ical(conv, stamp=dt.date(2026, 1, 1))  # type: ignore[arg-type]
    cd.term_status(conv, "2026-01-01")  # type: ignore[arg-type]
    cd.date("2025")  # type: ignore[attr-defined]
    del answer, instant
