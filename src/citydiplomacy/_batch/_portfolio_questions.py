"""Questions across a portfolio, each answered as a :class:`Table` of plain values.

Every answer that depends on a date not known to the day says so: an uncertain day
is a range (``between 2027-12-31 and 2028-12-30``, and ``earliest`` / ``latest``
columns), an uncertain status is ``cannot tell`` with the dates it depends on.

* :func:`overview`: one row per instrument: parties, countries, kind, signature, in
  force on a day (effective term: renewals and supersessions of other files
  applied), next deadline, overdue follow-up.
* :func:`deadlines`: every term deadline (start, notice, end, renewal, termination,
  suspension) between two days, across instruments, in date order.
* :func:`overdue`: the follow-up meetings overdue on a day (and those that cannot be
  told), instrument by instrument.
* :func:`partners`: the parties by country and government level, each party once
  (the same identifier in the same scheme, else the same country, kind and name).
* :func:`budgets`: the budget lines of the actions by funder, currency, year and
  nature. Amounts are added only within one currency (never converted), and only
  when the line's period (else its action's) lies within one calendar year; a line
  whose period spans several years, or is not stated, is totalled under that span
  (``2025/2027``) or ``not stated``: an amount for a period is never split or
  repeated over years.
"""

from __future__ import annotations

import collections
import datetime as _dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Union

import attrs

from citydiplomacy._batch._portfolio import Portfolio, PortfolioFile
from citydiplomacy._domain._model import Convention, Party
from citydiplomacy._domain._values import MultilingualText, PartialDate
from citydiplomacy._time._followup import SlotStatus, follow_up
from citydiplomacy._time._terms import DateBounds, term_status, upcoming_deadlines

#: A cell: text, a number, a yes/no, or nothing (not stated, not known).
Cell = Union[str, int, Decimal, bool, None]


@attrs.frozen
class Table:
    """A question's answer: a title, named columns, rows of plain values, and notes
    (what the answer rests on, files left out)."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    notes: tuple[str, ...] = ()

    def records(self) -> list[dict[str, Cell]]:
        """The rows as mappings from column name to value."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def _lang(conv: Convention) -> tuple[str, ...]:
    return tuple(x for x in (conv.authoritative_language, *conv.languages, "en", "fr") if x)


def _title(conv: Convention) -> str:
    text = conv.title or conv.designation
    return text.text(*_lang(conv)) if text is not None else conv.id


def _bounds(b: DateBounds | None) -> tuple[str | None, str | None, str | None]:
    if b is None:
        return None, None, None
    return b.human(), b.earliest.isoformat(), b.latest.isoformat()


def _left_out(portfolio: Portfolio) -> tuple[str, ...]:
    bad = [f for f in portfolio.files if f.id is None]
    notes = [f"{p}: {m}" for p, m in portfolio.problems]
    if bad:
        notes.append(
            f"{len(bad)} file(s) left out: not valid conventions or unreadable "
            f"(first: {bad[0].path}); run citydiplomacy validate on them"
        )
    return tuple(notes)


def _wholes(portfolio: Portfolio) -> Iterator[tuple[PortfolioFile, Convention]]:
    """Each instrument once (its first file), whole, read one at a time."""
    for file, conv in portfolio.conventions():
        if portfolio.find(conv.id)[0] is file:
            yield file, conv


# ------------------------------------------------------------------ overview

OVERVIEW_COLUMNS = (
    "id",
    "title",
    "file",
    "kind",
    "parties",
    "countries",
    "signed",
    "in_force",
    "status",
    "depends_on",
    "next_deadline",
    "next_deadline_kind",
    "overdue_follow_up",
)


def overview(portfolio: Portfolio, on: _dt.date) -> Table:
    """One row per instrument (see the module's documentation)."""
    rows: list[tuple[Cell, ...]] = []
    for file, conv in _wholes(portfolio):
        effective = portfolio.effective(conv.id, conv)
        state = term_status(effective, on)
        force = {True: "yes", False: "no", None: "cannot tell"}[state.in_force]
        upcoming = upcoming_deadlines(effective, on, limit=1)
        fu = follow_up(conv, on)
        unknown = any(b.reason is not None for b in fu.bodies) or any(
            s.status is SlotStatus.UNKNOWN for b in fu.bodies for s in b.slots
        )
        overdue_count = len(fu.overdue)
        overdue_cell: Cell = overdue_count if overdue_count or not unknown else "cannot tell"
        rows.append(
            (
                conv.id,
                _title(conv),
                file.path,
                conv.kind.value if conv.kind is not None else None,
                "; ".join(p.name.text(*_lang(conv)) for p in conv.parties),
                ", ".join(dict.fromkeys(p.country for p in conv.parties if p.country)),
                str(conv.signature.date)
                if conv.signature is not None and conv.signature.date is not None
                else None,
                force,
                state.status.value,
                ", ".join(state.depends_on) or None,
                upcoming[0].date.human() if upcoming else None,
                upcoming[0].kind.value if upcoming else None,
                overdue_cell,
            )
        )
    notes = (f"on {on.isoformat()}; terms with renewals and supersessions of other files",)
    return Table("Overview", OVERVIEW_COLUMNS, tuple(rows), notes + _left_out(portfolio))


# ------------------------------------------------------------------ deadlines

DEADLINE_COLUMNS = ("date", "earliest", "latest", "certain", "id", "kind", "description")

#: How many deadlines of one instrument are looked at, at most, between two days (a
#: tacit renewal goes on forever: three a year for a century).
_MAX_DEADLINES = 300


def deadlines(portfolio: Portfolio, start: _dt.date, end: _dt.date) -> Table:
    """Every term deadline that may fall between ``start`` and ``end`` (inclusive),
    across instruments, by earliest day then instrument."""
    if end < start:
        raise ValueError(f"the end {end} is before the start {start}")
    found: list[tuple[tuple[_dt.date, _dt.date, str], tuple[Cell, ...]]] = []
    for file in portfolio:
        if file.id is None or portfolio.find(file.id)[0] is not file:
            continue
        effective = portfolio.effective(file.id)
        for d in upcoming_deadlines(effective, start, limit=_MAX_DEADLINES):
            if d.date.earliest > end:
                break
            human, earliest, latest = _bounds(d.date)
            row = (human, earliest, latest, d.date.is_exact, file.id, d.kind.value, d.description)
            found.append(((d.date.earliest, d.date.latest, file.id), row))
    found.sort(key=lambda item: item[0])
    notes = (
        f"from {start.isoformat()} to {end.isoformat()}; a deadline not known to the day "
        "is listed when any of its possible days falls in that span",
    )
    return Table(
        "Deadlines", DEADLINE_COLUMNS, tuple(r for _, r in found), notes + _left_out(portfolio)
    )


# ------------------------------------------------------------------ overdue

OVERDUE_COLUMNS = ("id", "body", "status", "due", "earliest", "latest", "meeting", "note")


def overdue(portfolio: Portfolio, on: _dt.date) -> Table:
    """The follow-up meetings overdue on ``on``, and those that cannot be told."""
    rows: list[tuple[Cell, ...]] = []
    for _, conv in _wholes(portfolio):
        fu = follow_up(conv, on)
        for body in fu.bodies:
            name = body.name.text(*_lang(conv))
            if body.reason is not None:
                rows.append((conv.id, name, "cannot tell", None, None, None, None, body.reason))
                continue
            for slot in body.slots:
                if slot.status is SlotStatus.OVERDUE:
                    status = "overdue"
                elif slot.status is SlotStatus.UNKNOWN:
                    status = "cannot tell"
                else:
                    continue
                human, earliest, latest = _bounds(slot.expected.window)
                rows.append(
                    (conv.id, name, status, human, earliest, latest, slot.meeting, slot.note)
                )
    notes = (f"on {on.isoformat()}",)
    return Table("Overdue follow-up", OVERDUE_COLUMNS, tuple(rows), notes + _left_out(portfolio))


# ------------------------------------------------------------------ partners

PARTNER_COLUMNS = ("country", "level", "kind", "party", "identifiers", "instruments")


def _party_key(party: Party, conv: Convention) -> tuple[str, ...]:
    if party.identifiers:
        first = min((i.scheme, i.value) for i in party.identifiers)
        return ("id", *first)
    name = " ".join(party.name.text(*_lang(conv)).casefold().split())
    return ("name", party.country or "", party.kind.value if party.kind else "", name)


def partners(portfolio: Portfolio) -> Table:
    """The parties by country and government level, each once, with the instruments
    they take part in."""
    seen: dict[tuple[str, ...], tuple[Party, Convention, list[str]]] = {}
    for file in portfolio:
        conv = file.convention
        if conv is None or portfolio.find(conv.id)[0] is not file:
            continue
        for party in conv.parties:
            key = _party_key(party, conv)
            if key not in seen:
                seen[key] = (party, conv, [])
            seen[key][2].append(conv.id)
    rows = sorted(
        (
            (
                party.country,
                party.level,
                party.kind.value if party.kind is not None else None,
                party.name.text(*_lang(conv)),
                ", ".join(f"{i.scheme}:{i.value}" for i in party.identifiers) or None,
                ", ".join(dict.fromkeys(instruments)),
            )
            for party, conv, instruments in seen.values()
        ),
        key=lambda r: tuple("" if c is None else str(c).casefold() for c in r[:4]),
    )
    notes = (
        "the same party is the same identifier in the same scheme, else the same "
        "country, kind and name",
    )
    return Table("Partners", PARTNER_COLUMNS, tuple(rows), notes + _left_out(portfolio))


# ------------------------------------------------------------------ budgets

BUDGET_COLUMNS = (
    "funder",
    "currency",
    "year",
    "nature",
    "amount",
    "lines",
    "approximate",
    "commitment",
)


def _year(*periods: tuple[PartialDate | None, PartialDate | None]) -> str:
    """The calendar year a period lies in, else its span, else ``not stated``."""
    for start, end in periods:
        if start is None and end is None:
            continue
        first = start.possible_range()[0] if start is not None else None
        last = end.possible_range()[1] if end is not None else None
        if first is not None and last is not None and first.year == last.year:
            return str(first.year)
        return f"{start or '..'}/{end or '..'}"
    return "not stated"


@attrs.define
class _Total:
    amount: Decimal = Decimal(0)
    lines: int = 0
    approximate: bool = False
    commitments: set[str] = attrs.Factory(set)


def budgets(portfolio: Portfolio) -> Table:
    """The budget lines of every action, totalled by funder, currency, year and nature
    (see the module's documentation)."""
    totals: dict[tuple[str, str, str, str], _Total] = collections.defaultdict(_Total)
    missing = 0
    for _, conv in _wholes(portfolio):
        names = {p.id: p.name.text(*_lang(conv)) for p in conv.parties}
        programmes = {p.id: p for p in conv.programmes}
        for action in conv.actions:
            action_period = (
                (action.period.start, action.period.end) if action.period else (None, None)
            )
            for line in action.budget:
                if line.amount is None or line.currency is None:
                    missing += 1
                    continue
                funder = _funder(line.funder, line.funder_description, names, conv)
                if funder is None and line.programme in programmes:
                    funder = programmes[line.programme].name.text(*_lang(conv))
                line_period = (line.period.start, line.period.end) if line.period else (None, None)
                year = _year(line_period, action_period)
                nature = line.nature.value if line.nature is not None else "not stated"
                total = totals[(funder or "not stated", line.currency, year, nature)]
                total.amount += line.amount
                total.lines += 1
                total.approximate = total.approximate or line.amount_qualifier is not None
                total.commitments.add(line.commitment.value if line.commitment else "not stated")
    rows = tuple(
        (
            funder,
            currency,
            year,
            nature,
            total.amount,
            total.lines,
            total.approximate,
            ", ".join(sorted(total.commitments)),
        )
        for (funder, currency, year, nature), total in sorted(
            totals.items(), key=lambda item: tuple(s.casefold() for s in item[0])
        )
    )
    notes = [
        "amounts are added within one currency only, and by calendar year only when the "
        "line's period (else its action's) lies in one year",
    ]
    if missing:
        notes.append(f"{missing} budget line(s) without an amount or a currency left out")
    return Table("Budgets", BUDGET_COLUMNS, rows, tuple(notes) + _left_out(portfolio))


def _funder(
    funder: str | None,
    description: MultilingualText | None,
    names: dict[str, str],
    conv: Convention,
) -> str | None:
    if funder is not None:
        return names.get(funder, funder)
    return description.text(*_lang(conv)) if description is not None else None


#: Every question by its command name.
QUESTIONS = ("overview", "deadlines", "overdue", "partners", "budgets")
