"""A portfolio as a SQLite database (standard library ``sqlite3``), for SQL and for
tools such as Datasette or DB Browser.

The relational schema is :data:`SCHEMA` (shown in the documentation's reference).
Every table has an integer primary key ``key``; rows point at their parent with
``instrument_key``, ``party_key``, ``action_key``, ``body_key`` (foreign keys, ON).
An instrument id may be claimed by several files (rule ``portfolio.duplicate-id``):
``instruments.key`` tells them apart, ``instruments.id`` is the id as written.

Dates are kept as written (EDTF text: ``2025``, ``2019-10-23?``, ``2025-21``), and,
for the ones questions sort or filter by, with their first and last possible day
(``*_earliest``, ``*_latest``, ISO ``YYYY-MM-DD``). Amounts are decimal text, never
rounded (``CAST(amount AS REAL)`` to add them; never across currencies).

Multilingual text has its own table, ``texts``: one row per table, row, field and
language, with ``position`` the language's rank in the file (0 is the primary one).

The database is built in a private temporary folder, then written with the
library's atomic write (a temporary file in the target's folder, then renamed): a
reader never sees half of it. Its bytes are held in memory for that write (about
the size of the database).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from typing import Final

from citydiplomacy._base._files import write_atomic
from citydiplomacy._batch._portfolio import Portfolio
from citydiplomacy._domain._model import Convention
from citydiplomacy._domain._values import MultilingualText, PartialDate

#: The relational schema, in SQL.
SCHEMA: Final = """\
PRAGMA foreign_keys = ON;

CREATE TABLE instruments (
  key INTEGER PRIMARY KEY,
  id TEXT NOT NULL,              -- the instrument id as written (see portfolio.duplicate-id)
  file TEXT NOT NULL,            -- the file it was read from
  schema_version TEXT NOT NULL,
  kind TEXT,                     -- codelist instrument-kinds
  authoritative_language TEXT,
  signed TEXT,                   -- signature date, EDTF
  signed_earliest TEXT, signed_latest TEXT,
  term_start TEXT, term_start_earliest TEXT, term_start_latest TEXT,
  term_end TEXT, term_end_earliest TEXT, term_end_latest TEXT,
  duration TEXT,                 -- ISO 8601 duration, e.g. P3Y
  renewal_mode TEXT,             -- tacit, explicit, none
  notice_period TEXT,
  terminated TEXT                -- termination date (or the deprecated terminated_on)
);
CREATE INDEX instruments_id ON instruments (id);

CREATE TABLE parties (
  key INTEGER PRIMARY KEY,
  instrument_key INTEGER NOT NULL REFERENCES instruments (key),
  position INTEGER NOT NULL,
  id TEXT NOT NULL,
  kind TEXT,
  role TEXT,
  level TEXT,
  country TEXT,
  time_zone TEXT
);
CREATE INDEX parties_instrument ON parties (instrument_key);

CREATE TABLE party_identifiers (
  key INTEGER PRIMARY KEY,
  party_key INTEGER NOT NULL REFERENCES parties (key),
  scheme TEXT NOT NULL,
  value TEXT NOT NULL
);
CREATE INDEX party_identifiers_value ON party_identifiers (scheme, value);

CREATE TABLE links (
  key INTEGER PRIMARY KEY,
  instrument_key INTEGER NOT NULL REFERENCES instruments (key),
  position INTEGER NOT NULL,
  relation TEXT NOT NULL,        -- codelist instrument-relations, from this instrument
  target TEXT NOT NULL,          -- the other instrument's id
  target_key INTEGER REFERENCES instruments (key),  -- its file's row, when it has one
  kind TEXT, date TEXT, start TEXT, "end" TEXT
);
CREATE INDEX links_target ON links (target);

CREATE TABLE axes (
  key INTEGER PRIMARY KEY,
  instrument_key INTEGER NOT NULL REFERENCES instruments (key),
  position INTEGER NOT NULL,
  id TEXT NOT NULL
);

CREATE TABLE actions (
  key INTEGER PRIMARY KEY,
  instrument_key INTEGER NOT NULL REFERENCES instruments (key),
  position INTEGER NOT NULL,
  id TEXT NOT NULL,
  kind TEXT,
  lead_party_key INTEGER REFERENCES parties (key),
  status TEXT,
  period_start TEXT, period_start_earliest TEXT,
  period_end TEXT, period_end_latest TEXT
);

CREATE TABLE budget_lines (
  key INTEGER PRIMARY KEY,
  action_key INTEGER NOT NULL REFERENCES actions (key),
  position INTEGER NOT NULL,
  funder_party_key INTEGER REFERENCES parties (key),
  programme TEXT,
  amount TEXT,                   -- decimal text, never rounded
  amount_qualifier TEXT,
  currency TEXT,                 -- ISO 4217; never add amounts across currencies
  share TEXT,
  commitment TEXT,
  nature TEXT,
  period_start TEXT, period_end TEXT
);

CREATE TABLE bodies (
  key INTEGER PRIMARY KEY,
  instrument_key INTEGER NOT NULL REFERENCES instruments (key),
  position INTEGER NOT NULL,
  id TEXT NOT NULL,
  kind TEXT
);

CREATE TABLE meetings (
  key INTEGER PRIMARY KEY,
  instrument_key INTEGER NOT NULL REFERENCES instruments (key),
  body_key INTEGER REFERENCES bodies (key),
  position INTEGER NOT NULL,
  id TEXT NOT NULL,
  kind TEXT,
  start TEXT, "end" TEXT,        -- local wall time, YYYY-MM-DDTHH:MM:SS, in time_zone
  time_zone TEXT,
  date TEXT,                     -- EDTF, for a meeting known by its day(s) only
  status TEXT,
  mode TEXT
);

CREATE TABLE documents (
  key INTEGER PRIMARY KEY,
  instrument_key INTEGER NOT NULL REFERENCES instruments (key),
  position INTEGER NOT NULL,
  id TEXT NOT NULL,
  kind TEXT NOT NULL,
  date TEXT,
  url TEXT,
  language TEXT
);

CREATE TABLE texts (
  key INTEGER PRIMARY KEY,
  "table" TEXT NOT NULL,         -- instruments, parties, links, axes, actions, ...
  row_key INTEGER NOT NULL,      -- that table's key
  field TEXT NOT NULL,           -- title, designation, name, ...
  language TEXT NOT NULL,        -- BCP 47 tag
  position INTEGER NOT NULL,     -- the language's rank in the file: 0 is the primary one
  text TEXT NOT NULL
);
CREATE INDEX texts_row ON texts ("table", row_key, field);
"""


def _text(value: PartialDate | None) -> str | None:
    return None if value is None else str(value)


def _first(value: PartialDate | None) -> str | None:
    return None if value is None else value.possible_range()[0].isoformat()


def _last(value: PartialDate | None) -> str | None:
    return None if value is None else value.possible_range()[1].isoformat()


class _Writer:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def insert(self, table: str, **values: object) -> int:
        columns = ", ".join(f'"{c}"' for c in values)
        marks = ", ".join("?" for _ in values)
        cursor = self.db.execute(
            f'INSERT INTO "{table}" ({columns}) VALUES ({marks})',
            tuple(values.values()),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def texts(self, table: str, key: int, **fields: MultilingualText | None) -> None:
        rows = [
            (table, key, field, language, position, text)
            for field, value in fields.items()
            if value is not None
            for position, (language, text) in enumerate(value.items())
        ]
        self.db.executemany(
            'INSERT INTO texts ("table", row_key, field, language, position, text) '
            "VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )

    def convention(self, path: str, conv: Convention) -> int:
        term = conv.term
        signed = conv.signature.date if conv.signature is not None else None
        start = term.start if term is not None else None
        end = term.end if term is not None else None
        terminated = None
        if term is not None:
            if term.termination is not None and term.termination.date is not None:
                terminated = term.termination.date
            elif term.terminated_on is not None:
                terminated = term.terminated_on
        key = self.insert(
            "instruments",
            id=conv.id,
            file=path,
            schema_version=conv.schema_version,
            kind=conv.kind.value if conv.kind is not None else None,
            authoritative_language=conv.authoritative_language,
            signed=_text(signed),
            signed_earliest=_first(signed),
            signed_latest=_last(signed),
            term_start=_text(start),
            term_start_earliest=_first(start),
            term_start_latest=_last(start),
            term_end=_text(end),
            term_end_earliest=_first(end),
            term_end_latest=_last(end),
            duration=str(term.duration) if term is not None and term.duration else None,
            renewal_mode=term.renewal.mode.value
            if term is not None and term.renewal is not None and term.renewal.mode is not None
            else None,
            notice_period=str(term.notice_period)
            if term is not None and term.notice_period
            else None,
            terminated=_text(terminated),
        )
        self.texts("instruments", key, title=conv.title, designation=conv.designation)
        parties: dict[str, int] = {}
        for position, party in enumerate(conv.parties):
            pk = self.insert(
                "parties",
                instrument_key=key,
                position=position,
                id=party.id,
                kind=party.kind.value if party.kind is not None else None,
                role=party.role.value if party.role is not None else None,
                level=party.level,
                country=party.country,
                time_zone=party.time_zone,
            )
            parties[party.id] = pk
            self.texts("parties", pk, name=party.name, level_name=party.level_name)
            for identifier in party.identifiers:
                self.insert(
                    "party_identifiers",
                    party_key=pk,
                    scheme=identifier.scheme,
                    value=identifier.value,
                )
        for position, link in enumerate(conv.related_instruments):
            lk = self.insert(
                "links",
                instrument_key=key,
                position=position,
                relation=link.relation.value,
                target=link.instrument,
                kind=link.kind.value if link.kind is not None else None,
                date=_text(link.date),
                start=_text(link.start),
                end=_text(link.end),
            )
            self.texts("links", lk, title=link.title, designation=link.designation, note=link.note)
        for position, axis in enumerate(conv.axes):
            ak = self.insert("axes", instrument_key=key, position=position, id=axis.id)
            self.texts("axes", ak, title=axis.title, description=axis.description)
        for position, action in enumerate(conv.actions):
            period = action.period
            ck = self.insert(
                "actions",
                instrument_key=key,
                position=position,
                id=action.id,
                kind=action.kind,
                lead_party_key=parties.get(action.lead_party or ""),
                status=action.status.value if action.status is not None else None,
                period_start=_text(period.start) if period else None,
                period_start_earliest=_first(period.start) if period else None,
                period_end=_text(period.end) if period else None,
                period_end_latest=_last(period.end) if period else None,
            )
            self.texts("actions", ck, title=action.title, description=action.description)
            for line_position, line in enumerate(action.budget):
                bk = self.insert(
                    "budget_lines",
                    action_key=ck,
                    position=line_position,
                    funder_party_key=parties.get(line.funder or ""),
                    programme=line.programme,
                    amount=None if line.amount is None else str(line.amount),
                    amount_qualifier=line.amount_qualifier.value
                    if line.amount_qualifier is not None
                    else None,
                    currency=line.currency,
                    share=None if line.share is None else str(line.share),
                    commitment=line.commitment.value if line.commitment is not None else None,
                    nature=line.nature.value if line.nature is not None else None,
                    period_start=_text(line.period.start) if line.period else None,
                    period_end=_text(line.period.end) if line.period else None,
                )
                self.texts(
                    "budget_lines",
                    bk,
                    funder_description=line.funder_description,
                    description=line.description,
                )
        governance = conv.governance
        bodies: dict[str, int] = {}
        for position, body in enumerate(governance.bodies if governance else ()):
            bk = self.insert(
                "bodies", instrument_key=key, position=position, id=body.id, kind=body.kind
            )
            bodies[body.id] = bk
            self.texts("bodies", bk, name=body.name)
        for position, meeting in enumerate(governance.meetings if governance else ()):
            mk = self.insert(
                "meetings",
                instrument_key=key,
                body_key=bodies.get(meeting.body or ""),
                position=position,
                id=meeting.id,
                kind=meeting.kind,
                start=meeting.start.isoformat() if meeting.start is not None else None,
                end=meeting.end.isoformat() if meeting.end is not None else None,
                time_zone=meeting.time_zone,
                date=_text(meeting.date),
                status=meeting.status.value if meeting.status is not None else None,
                mode=meeting.mode.value if meeting.mode is not None else None,
            )
            self.texts("meetings", mk, title=meeting.title, place=meeting.place)
        for position, document in enumerate(conv.documents):
            dk = self.insert(
                "documents",
                instrument_key=key,
                position=position,
                id=document.id,
                kind=document.kind,
                date=_text(document.date),
                url=document.url,
                language=document.language,
            )
            self.texts("documents", dk, title=document.title, note=document.note)
        return key


def to_sqlite_bytes(portfolio: Portfolio) -> bytes:
    """The portfolio's valid conventions (read whole, one at a time) as the bytes of a
    SQLite database with :data:`SCHEMA`."""
    # Built in a private temporary folder (``Connection.serialize`` needs Python 3.11),
    # then read back whole for the atomic write.
    with tempfile.TemporaryDirectory(prefix="citydiplomacy-") as folder:
        name = os.path.join(folder, "registry.db")
        db = sqlite3.connect(name)
        try:
            db.executescript(SCHEMA)
            writer = _Writer(db)
            with db:
                for file, conv in portfolio.conventions():
                    writer.convention(file.path, conv)
                # Links resolve to the first file of each id (see portfolio.duplicate-id).
                db.execute(
                    "UPDATE links SET target_key = "
                    "(SELECT MIN(key) FROM instruments WHERE instruments.id = links.target)"
                )
            problems = db.execute("PRAGMA foreign_key_check").fetchall()
            if problems:  # a bug, not the documents: every key above comes from an insert
                raise RuntimeError(f"foreign keys broken in the export: {problems[:3]}")
        finally:
            db.close()
        with open(name, "rb") as built:
            return built.read()


def write_sqlite(
    portfolio: Portfolio, path: str | os.PathLike[str], *, overwrite: bool = False
) -> None:
    """Write the portfolio as a SQLite database at ``path``, atomically; never replaces
    an existing file unless ``overwrite`` (``FileExistsError``)."""
    write_atomic(path, to_sqlite_bytes(portfolio), overwrite=overwrite)
