"""Portfolios: many convention files read as one registry, and the chains across them.

:func:`load_portfolio` reads every convention file under the paths given (files,
folders searched recursively, glob patterns) with the batch engine that serves
``citydiplomacy validate`` (the same traversal, worker processes and per-file
reports), and keeps, for each valid file, an *outline* of its convention: identity,
kind, titles, parties, languages, links to other instruments, signature, term and
totals. That is what questions across files need, and it keeps memory flat: the
actions, governance, documents and texts of 20,000 files are not held at once. The
whole convention of a file is read again on demand (:meth:`PortfolioFile.load`,
:meth:`Portfolio.conventions`), or kept from the start with ``whole=True`` for small
portfolios.

Chains. Every file's ``related_instruments`` is a statement about two instruments;
read with its inverse (``amends`` / ``amended_by``, ...), all of them make a graph
whose connected parts are the chains (:meth:`Portfolio.chain`). An instrument that
other files link to but that has no file of its own is a *known-only* node, with
what the links say of it (kind, title, dates).

Effective term (:meth:`Portfolio.effective`): the outline of the instrument with
what other files of the portfolio say about its term applied:

* each instrument that states that it ``renews`` this one grants one renewal (as a
  ``renewed_by`` link in the file itself would; see ``_terms``);
* an instrument that states that it ``supersedes`` this one (or that this one
  states it is ``superseded_by``) ends it the day the superseding one starts
  (its ``term.start``, else its signature date), unless this one records its own
  termination.

Amendments are listed in the chain but not applied: what an amendment changes is
written in words, not in fields a program can apply.
"""

from __future__ import annotations

import collections
import datetime as _dt
import glob
import hashlib
import json
import os
import pickle
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import orjson

from citydiplomacy._base._report import Finding, Report
from citydiplomacy._batch import _engine as _batch
from citydiplomacy._checking._config import DEFAULT_INCLUDE
from citydiplomacy._domain._codes import InstrumentKind, InstrumentRelation
from citydiplomacy._domain._model import Convention, InstrumentLink, Term, Termination
from citydiplomacy._domain._values import MultilingualText, PartialDate

if TYPE_CHECKING:
    from citydiplomacy._time._terms import Deadline, TermState

#: A progress callback: called with (files done, files in all) after each file.
Progress = Callable[[int, int], None]

#: What an outline keeps: each top-level member, and for objects (or lists of
#: objects) the members kept in them (``None``: the whole value). Words written for
#: people (notes, clauses, summaries), sources, extensions and signatories are left
#: out with the rest; :meth:`PortfolioFile.load` has them.
OUTLINE: Mapping[str, frozenset[str] | None] = {
    "schema_version": None,
    "id": None,
    "kind": None,
    "designation": None,
    "title": None,
    "authoritative_language": None,
    "parties": frozenset(
        {"id", "kind", "role", "name", "level", "country", "subdivisions", "identifiers"}
    ),
    "languages": None,
    "related_instruments": frozenset(
        {"relation", "instrument", "kind", "designation", "title", "date", "start", "end"}
    ),
    "signature": frozenset({"date"}),
    "term": frozenset(
        {
            "start",
            "end",
            "duration",
            "renewal",
            "notice_period",
            "terminated_on",
            "termination",
            "suspensions",
        }
    ),
    "total_budget": frozenset({"amount", "currency", "qualifier"}),
    "action_count": frozenset({"value", "qualifier", "unit"}),
}
#: The top-level members of :data:`OUTLINE`.
OUTLINE_MEMBERS = tuple(OUTLINE)


#: Each relation and its inverse (``related_to`` is its own).
INVERSE: Mapping[InstrumentRelation, InstrumentRelation] = {
    InstrumentRelation.AMENDS: InstrumentRelation.AMENDED_BY,
    InstrumentRelation.AMENDED_BY: InstrumentRelation.AMENDS,
    InstrumentRelation.RENEWS: InstrumentRelation.RENEWED_BY,
    InstrumentRelation.RENEWED_BY: InstrumentRelation.RENEWS,
    InstrumentRelation.IMPLEMENTS: InstrumentRelation.IMPLEMENTED_BY,
    InstrumentRelation.IMPLEMENTED_BY: InstrumentRelation.IMPLEMENTS,
    InstrumentRelation.SUPERSEDES: InstrumentRelation.SUPERSEDED_BY,
    InstrumentRelation.SUPERSEDED_BY: InstrumentRelation.SUPERSEDES,
    InstrumentRelation.FOLLOWS: InstrumentRelation.FOLLOWED_BY,
    InstrumentRelation.FOLLOWED_BY: InstrumentRelation.FOLLOWS,
    InstrumentRelation.RELATED_TO: InstrumentRelation.RELATED_TO,
}

#: The relations read from the later instrument to the earlier one: a link is
#: reported in this direction whichever side states it.
ACTIVE = frozenset(
    {
        InstrumentRelation.AMENDS,
        InstrumentRelation.RENEWS,
        InstrumentRelation.IMPLEMENTS,
        InstrumentRelation.SUPERSEDES,
        InstrumentRelation.FOLLOWS,
        InstrumentRelation.RELATED_TO,
    }
)


# ------------------------------------------------------------------ loading


#: The periods of a convention's actions, for rules across files: (index of the
#: action, its period's start, its period's end), the dates as EDTF text.
ActionPeriods = tuple[tuple[int, str | None, str | None], ...]


def fingerprint(document: Mapping[str, Any]) -> bytes:
    """A hash of a document's content, whatever its format and key order: the same
    convention saved as YAML and as JSON has the same fingerprint, whether or not it
    names its schema (``$schema`` tells editors where the schema is, not what the
    convention says)."""
    if "$schema" in document:
        document = {k: v for k, v in document.items() if k != "$schema"}
    try:
        data = orjson.dumps(document, option=orjson.OPT_SORT_KEYS)
    except orjson.JSONEncodeError:  # an integer beyond 64 bits, which orjson refuses
        data = json.dumps(document, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.blake2b(data, digest_size=16).digest()


def _action_periods(document: Mapping[str, Any]) -> ActionPeriods:
    out: list[tuple[int, str | None, str | None]] = []
    for index, action in enumerate(document.get("actions") or ()):
        period = action.get("period") if isinstance(action, Mapping) else None
        if isinstance(period, Mapping) and (period.get("start") or period.get("end")):
            out.append((index, period.get("start"), period.get("end")))
    return tuple(out)


def outline_of(document: Mapping[str, Any], report: Report) -> tuple[str, bytes, bytes]:
    """The outline of a valid document (a :data:`_batch.Digest`): its id, its
    :func:`fingerprint`, and its convention with only what :data:`OUTLINE` keeps
    (with the periods of its actions), pickled and compressed.

    Measured on the generated benchmark corpus (``benchmarks/generate_corpus.py``):
    as objects an outline takes 5.6 KB, compressed 1.3 KB, and a portfolio holds
    1.6 KB a file in all (path, report, id, outline); that is what keeps a portfolio
    of 20,000 files small. Reading one back costs 0.2 ms, paid only by questions
    that need it.
    """
    from citydiplomacy._domain._convert import structure  # noqa: PLC0415 - only runs that load need it

    kept: dict[str, Any] = {}
    for key, members in OUTLINE.items():
        if key not in document:
            continue
        value = document[key]
        if members is not None:
            value = _trim(value, members)
        kept[key] = value
    convention: Convention = structure(kept, Convention)
    packed = _pack((convention, _action_periods(document)))
    return convention.id, fingerprint(document), packed


def _pack(value: tuple[Convention, ActionPeriods]) -> bytes:
    return zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)


def _unpack(data: bytes) -> tuple[Convention, ActionPeriods]:
    # Only ever bytes made by _pack in this process or its own workers.
    value: tuple[Convention, ActionPeriods] = pickle.loads(zlib.decompress(data))
    return value


def _trim(value: Any, members: frozenset[str]) -> Any:
    if isinstance(value, list):
        return [_trim(item, members) for item in value]
    if isinstance(value, Mapping):
        return {k: v for k, v in value.items() if k in members}
    return value


def whole_of(document: Mapping[str, Any], report: Report) -> tuple[str, bytes, Convention]:
    """The id, fingerprint and whole convention of a valid document (a
    :data:`_batch.Digest`)."""
    from citydiplomacy._domain._convert import structure  # noqa: PLC0415

    convention: Convention = structure(dict(document), Convention)
    return convention.id, fingerprint(document), convention


@attrs.frozen
class PortfolioFile:
    """One file of a portfolio: its path, its report, and its convention.

    ``id`` is the instrument id and ``convention`` the outline of the convention (see
    the module's documentation: read back from a compact form each time it is
    asked for), or the whole convention when the portfolio was loaded with
    ``whole=True``; both are ``None`` when the file is not a valid convention (its
    ``report`` says why) or could not be read (``problem`` says why).

    >>> import citydiplomacy as cd
    >>> portfolio = cd.load_portfolio(["examples/fictional-villebelle-tilelli.yaml",
    ...                                "examples/fictional-villebelle-tilelli-amendment-1.yaml"])
    >>> file = portfolio["fictional-villebelle-tilelli-2025-amendment-1"]
    >>> file.path, file.report.valid, file.convention.kind.value
    ('examples/fictional-villebelle-tilelli-amendment-1.yaml', True, 'amendment')
    """

    path: str
    report: Report
    id: str | None = None
    problem: str | None = None
    #: A hash of the document's content (see :func:`fingerprint`).
    fingerprint: bytes | None = attrs.field(default=None, repr=False)
    _data: bytes | Convention | None = attrs.field(default=None, alias="data", repr=False)

    @property
    def whole(self) -> bool:
        """True when the whole convention is kept (``load_portfolio(whole=True)``)."""
        return isinstance(self._data, Convention)

    @property
    def convention(self) -> Convention | None:
        """The outline (or the whole convention when kept); ``None`` for a file that
        is not a valid convention."""
        if self._data is None or isinstance(self._data, Convention):
            return self._data
        return _unpack(self._data)[0]

    def action_periods(self) -> ActionPeriods:
        """The periods of the convention's actions: (index, start, end) as EDTF
        text, for the actions whose period states a start or an end."""
        if self._data is None:
            return ()
        if isinstance(self._data, Convention):
            return tuple(
                (
                    index,
                    str(a.period.start) if a.period.start is not None else None,
                    str(a.period.end) if a.period.end is not None else None,
                )
                for index, a in enumerate(self._data.actions)
                if a.period is not None and (a.period.start or a.period.end)
            )
        return _unpack(self._data)[1]

    def load(self) -> Convention:
        """The whole convention, read again from the file unless it was kept.

        Raises :class:`ConventionError` when the file is not (or no longer) a valid
        convention, and ``OSError`` when it cannot be read.
        """
        if isinstance(self._data, Convention):
            return self._data
        from citydiplomacy._checking._api import load  # noqa: PLC0415

        return load(self.path)


@attrs.frozen
class ChainNode:
    """An instrument of a chain: with its file, or known only from links to it.

    For a known-only instrument, ``kind``, ``title``, ``designation``, ``date``
    (signature), ``start`` and ``end`` are what the links to it say (the first link
    that states each, in the order of the files).

    >>> import citydiplomacy as cd
    >>> portfolio = cd.load_portfolio(["examples/fictional-villebelle-tilelli.yaml",
    ...                                "examples/fictional-villebelle-tilelli-amendment-1.yaml"])
    >>> chain = portfolio.chain("fictional-villebelle-tilelli-2025")
    >>> [(node.id, node.known_only) for node in chain.nodes]  # doctest: +NORMALIZE_WHITESPACE
    [('fictional-villebelle-tilelli-2024-protocol', True),
     ('fictional-villebelle-tilelli-2025', False),
     ('fictional-villebelle-tilelli-2025-amendment-1', False)]
    >>> str(chain.node("fictional-villebelle-tilelli-2024-protocol").date)
    '2024-10~'
    """

    id: str
    file: PortfolioFile | None
    kind: InstrumentKind | None = None
    title: MultilingualText | None = None
    designation: MultilingualText | None = None
    date: PartialDate | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None

    @property
    def known_only(self) -> bool:
        """True when no file of the portfolio holds this instrument."""
        return self.file is None


@attrs.frozen
class ChainLink:
    """``source`` ``relation`` ``target`` (``amendment amends framework``), read in
    the direction of :data:`ACTIVE` whichever side states it; ``stated_in`` lists the
    files that state it (either way), ``links`` the statements themselves, in the
    same order.

    >>> import citydiplomacy as cd
    >>> portfolio = cd.load_portfolio(["examples/fictional-villebelle-tilelli.yaml",
    ...                                "examples/fictional-villebelle-tilelli-amendment-1.yaml"])
    >>> link = portfolio.chain("fictional-villebelle-tilelli-2025").links[-1]
    >>> link.source, link.relation.value, link.target
    ('fictional-villebelle-tilelli-2025-amendment-1', 'amends', 'fictional-villebelle-tilelli-2025')
    >>> link.stated_in  # doctest: +NORMALIZE_WHITESPACE
    ('examples/fictional-villebelle-tilelli.yaml',
     'examples/fictional-villebelle-tilelli-amendment-1.yaml')
    """

    source: str
    relation: InstrumentRelation
    target: str
    stated_in: tuple[str, ...]
    links: tuple[InstrumentLink, ...]


@attrs.frozen
class Chain:
    """Every instrument reachable from one through links, in either direction.

    ``nodes`` come in date order (the earliest possible day of the signature, else
    of the start; undated ones last), then by id; ``links`` in the order of their
    source then target nodes.

    >>> import citydiplomacy as cd
    >>> portfolio = cd.load_portfolio(["examples/fictional-villebelle-tilelli.yaml",
    ...                                "examples/fictional-villebelle-tilelli-amendment-1.yaml"])
    >>> chain = portfolio.chain("fictional-villebelle-tilelli-2025-amendment-1")
    >>> chain.root, len(chain.nodes), len(chain.links)
    ('fictional-villebelle-tilelli-2025-amendment-1', 3, 2)
    >>> related = chain.related("fictional-villebelle-tilelli-2025")
    >>> [(relation.value, other) for relation, other in related]  # doctest: +NORMALIZE_WHITESPACE
    [('follows', 'fictional-villebelle-tilelli-2024-protocol'),
     ('amended_by', 'fictional-villebelle-tilelli-2025-amendment-1')]
    """

    root: str
    nodes: tuple[ChainNode, ...]
    links: tuple[ChainLink, ...]

    def node(self, instrument: str) -> ChainNode:
        """The node of this instrument; ``KeyError`` if it is not in the chain."""
        for node in self.nodes:
            if node.id == instrument:
                return node
        raise KeyError(instrument)

    def related(self, instrument: str) -> tuple[tuple[InstrumentRelation, str], ...]:
        """How ``instrument`` relates to its neighbours, in its own words: (relation,
        other id) for every link that touches it (``amended_by`` for the framework
        of an amendment)."""
        out: list[tuple[InstrumentRelation, str]] = []
        for link in self.links:
            if link.source == instrument:
                out.append((link.relation, link.target))
            elif link.target == instrument:
                out.append((INVERSE[link.relation], link.source))
        return tuple(out)


@attrs.frozen
class _Statement:
    """A link as stated in a file: by instrument ``source`` of file ``path``, the
    ``position``-th of its ``related_instruments``, about ``instrument``. The link
    itself is read back from the file's outline when a chain needs it."""

    source: str
    path: str
    relation: InstrumentRelation
    instrument: str
    index: int
    position: int


class Portfolio:
    """Convention files read as one registry (see :func:`load_portfolio`).

    Iterating gives the files that hold a valid convention, in the order found;
    ``portfolio["some-id"]`` the file of an instrument (the first one when several
    files claim the id: :meth:`find` gives them all); ``len`` counts valid files.
    ``files`` holds every file, valid or not, with its report; ``problems`` the
    paths given that could not be read at all, with why.

    >>> import citydiplomacy as cd
    >>> portfolio = cd.load_portfolio(["examples/fictional-villebelle-tilelli.yaml",
    ...                                "examples/fictional-villebelle-tilelli-amendment-1.yaml"])
    >>> len(portfolio), portfolio.valid, portfolio.ids()  # doctest: +NORMALIZE_WHITESPACE
    (2, True, ['fictional-villebelle-tilelli-2025',
               'fictional-villebelle-tilelli-2025-amendment-1'])
    >>> import datetime as dt
    >>> portfolio.term_status("fictional-villebelle-tilelli-2025", dt.date(2026, 1, 1)).status.value
    'in_force'
    """

    def __init__(
        self,
        files: Iterable[PortfolioFile],
        problems: Iterable[tuple[str, str]] = (),
    ) -> None:
        self.files: tuple[PortfolioFile, ...] = tuple(files)
        self.problems: tuple[tuple[str, str], ...] = tuple(problems)
        self._by_id: dict[str, list[int]] = {}
        for index, file in enumerate(self.files):
            if file.id is not None:
                self._by_id.setdefault(file.id, []).append(index)
        self._graph: dict[str, list[_Statement]] | None = None

    # -- a registry

    def __iter__(self) -> Iterator[PortfolioFile]:
        return (f for f in self.files if f.id is not None)

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_id.values())

    def __contains__(self, instrument: object) -> bool:
        return instrument in self._by_id

    def __getitem__(self, instrument: str) -> PortfolioFile:
        indexes = self._by_id.get(instrument)
        if not indexes:
            raise KeyError(instrument)
        return self.files[indexes[0]]

    def get(self, instrument: str) -> PortfolioFile | None:
        """The file of an instrument, or ``None``."""
        indexes = self._by_id.get(instrument)
        return self.files[indexes[0]] if indexes else None

    def find(self, instrument: str) -> tuple[PortfolioFile, ...]:
        """Every file whose convention has this id (more than one is an error of the
        portfolio: rule ``portfolio.duplicate-id``)."""
        return tuple(self.files[i] for i in self._by_id.get(instrument, ()))

    def ids(self) -> list[str]:
        """The instrument ids, in the order of their first file."""
        return list(self._by_id)

    @property
    def reports(self) -> tuple[Report, ...]:
        """Every file's report, in order."""
        return tuple(f.report for f in self.files)

    @property
    def valid(self) -> bool:
        """True when every file was read and is a valid convention."""
        return not self.problems and all(f.problem is None and f.report.valid for f in self.files)

    def conventions(self) -> Iterator[tuple[PortfolioFile, Convention]]:
        """Each valid file with its whole convention, read again one at a time (so
        that memory stays flat), in order; a file that changed since and is no
        longer valid is skipped."""
        from citydiplomacy._base._report import ConventionError  # noqa: PLC0415

        for file in self:
            try:
                yield file, file.load()
            except (ConventionError, OSError):
                continue

    def cross_file_findings(self) -> tuple[Finding, ...]:
        """The findings of the rules across files (the ``portfolio.*`` rules of the
        rule reference), each placed in one file with the position of what it
        conflicts with in the other file in its message; by file, then position."""
        from citydiplomacy._batch._portfolio_rules import portfolio_findings  # noqa: PLC0415

        return portfolio_findings(self)

    # -- chains

    def _statements(self) -> dict[str, list[_Statement]]:
        """For each instrument id, the links that touch it (stated by it, or about
        it), built once."""
        if self._graph is None:
            graph: dict[str, list[_Statement]] = collections.defaultdict(list)
            for index, file in enumerate(self.files):
                conv = file.convention
                if conv is None:
                    continue
                source = conv.id
                for position, link in enumerate(conv.related_instruments):
                    statement = _Statement(
                        source, file.path, link.relation, link.instrument, index, position
                    )
                    graph[source].append(statement)
                    if link.instrument != source:
                        graph[link.instrument].append(statement)
            self._graph = dict(graph)
        return self._graph

    def chain(self, instrument: str) -> Chain:
        """The chain of an instrument: every instrument linked to it, directly or
        through others, in either direction, with the links between them.

        ``KeyError`` when the portfolio neither holds nor links to the instrument.
        """
        graph = self._statements()
        if instrument not in self._by_id and instrument not in graph:
            raise KeyError(instrument)
        seen = {instrument}
        queue = collections.deque([instrument])
        statements: list[_Statement] = []
        counted: set[int] = set()
        while queue:
            current = queue.popleft()
            for statement in graph.get(current, ()):
                if id(statement) not in counted:
                    counted.add(id(statement))
                    statements.append(statement)
                for other in (statement.source, statement.instrument):
                    if other not in seen:
                        seen.add(other)
                        queue.append(other)
        nodes = sorted((self._node(i, statements) for i in seen), key=_node_order)
        order = {node.id: index for index, node in enumerate(nodes)}
        links = self._merge(statements)
        links.sort(key=lambda k: (order[k.source], order[k.target], k.relation.value))
        return Chain(instrument, tuple(nodes), tuple(links))

    def _link(self, statement: _Statement) -> InstrumentLink:
        conv = self.files[statement.index].convention
        assert conv is not None
        return conv.related_instruments[statement.position]

    def _merge(self, statements: Sequence[_Statement]) -> list[ChainLink]:
        """One :class:`ChainLink` per pair and relation, read in the active direction."""
        merged: dict[
            tuple[str, InstrumentRelation, str], tuple[list[str], list[InstrumentLink]]
        ] = {}
        for statement in statements:
            relation = statement.relation
            source, target = statement.source, statement.instrument
            if relation not in ACTIVE:
                relation, source, target = INVERSE[relation], target, source
            if relation is InstrumentRelation.RELATED_TO and target < source:
                source, target = target, source
            paths, links = merged.setdefault((source, relation, target), ([], []))
            paths.append(statement.path)
            links.append(self._link(statement))
        return [
            ChainLink(source, relation, target, tuple(paths), tuple(links))
            for (source, relation, target), (paths, links) in merged.items()
        ]

    def _node(self, instrument: str, statements: Sequence[_Statement]) -> ChainNode:
        file = self.get(instrument)
        conv = file.convention if file is not None else None
        if conv is not None:
            term = conv.term or Term()
            return ChainNode(
                instrument,
                file,
                kind=conv.kind,
                title=conv.title,
                designation=conv.designation,
                date=conv.signature.date if conv.signature is not None else None,
                start=term.start,
                end=term.end,
            )
        said: dict[str, Any] = {}
        for statement in statements:
            if statement.instrument != instrument:
                continue
            link = self._link(statement)
            for name in ("kind", "title", "designation", "date", "start", "end"):
                if said.get(name) is None and getattr(link, name) is not None:
                    said[name] = getattr(link, name)
        return ChainNode(instrument, None, **said)

    # -- effective terms

    def effective(self, instrument: str, convention: Convention | None = None) -> Convention:
        """The instrument's convention (its outline, or the whole one when kept) with
        renewals and supersession stated in other files applied to its term (see the
        module's documentation). ``KeyError`` when no valid file holds it.

        With ``convention`` (the instrument's own, read elsewhere, for instance a file
        outside the portfolio), that one is completed instead, whatever its id is in
        the portfolio.
        """
        if convention is None:
            convention = self[instrument].convention
            assert convention is not None
        conv = convention
        links = list(conv.related_instruments)
        stated_renewals = {
            link.instrument for link in links if link.relation is InstrumentRelation.RENEWED_BY
        }
        superseded_from: list[PartialDate] = []
        superseders = {
            link.instrument for link in links if link.relation is InstrumentRelation.SUPERSEDED_BY
        }
        for statement in self._statements().get(instrument, ()):
            if statement.source == instrument:
                continue
            relation = statement.relation
            if relation is InstrumentRelation.RENEWS and statement.source not in stated_renewals:
                stated_renewals.add(statement.source)
                links.append(
                    InstrumentLink(
                        relation=InstrumentRelation.RENEWED_BY, instrument=statement.source
                    )
                )
            elif relation is InstrumentRelation.SUPERSEDES:
                superseders.add(statement.source)
        for other in sorted(superseders):
            begins = self._begins(other)
            if begins is not None:
                superseded_from.append(begins)
        term = conv.term
        ended = term is not None and (
            term.termination is not None or term.terminated_on is not None
        )
        if superseded_from and not ended:
            first = min(superseded_from, key=lambda d: d.possible_range())
            term = attrs.evolve(
                term or Term(),
                termination=Termination(
                    date=first,
                    note=MultilingualText.of(
                        "superseded by another instrument of the portfolio", "en"
                    ),
                ),
            )
        if term is conv.term and len(links) == len(conv.related_instruments):
            return conv
        return attrs.evolve(conv, related_instruments=tuple(links), term=term)

    def _begins(self, instrument: str) -> PartialDate | None:
        """When an instrument of the portfolio starts to apply: its term's start, else
        its signature date; ``None`` when neither is known."""
        file = self.get(instrument)
        conv = file.convention if file is not None else None
        if conv is None:
            return None
        if conv.term is not None and conv.term.start is not None:
            return conv.term.start
        if conv.signature is not None:
            return conv.signature.date
        return None

    def term_status(self, instrument: str, on: _dt.date) -> TermState:
        """:func:`term_status` of the instrument's effective term (see
        :meth:`effective`)."""
        from citydiplomacy._time._terms import term_status  # noqa: PLC0415 - time questions only

        return term_status(self.effective(instrument), on)

    def upcoming_deadlines(
        self, instrument: str, on: _dt.date, *, limit: int = 5
    ) -> list[Deadline]:
        """:func:`upcoming_deadlines` of the instrument's effective term."""
        from citydiplomacy._time._terms import upcoming_deadlines  # noqa: PLC0415

        return upcoming_deadlines(self.effective(instrument), on, limit=limit)


def _node_order(node: ChainNode) -> tuple[int, _dt.date, str]:
    day = node.date or node.start
    if day is None:
        return (1, _dt.date.max, node.id)
    return (0, day.possible_range()[0], node.id)


# ------------------------------------------------------------------ the loader


def expand(paths: Sequence[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """The paths, with each glob pattern (``*``, ``?``, ``[``) that names no existing
    path replaced by what it matches (sorted; ``**`` crosses folders); a pattern that
    matches nothing is a problem."""
    out: list[str] = []
    problems: list[tuple[str, str]] = []
    for path in paths:
        if path == _batch.STDIN or os.path.lexists(path) or not glob.has_magic(path):
            out.append(path)
            continue
        found = sorted(glob.glob(path, recursive=True))
        if not found:
            problems.append((path, "no file matches this pattern; check the path"))
        out.extend(found)
    return out, problems


def load_portfolio(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    jobs: int | None = None,
    progress: Progress | None = None,
    whole: bool = False,
    include: Sequence[str] = DEFAULT_INCLUDE,
) -> Portfolio:
    """Read every convention file under ``paths`` (files, folders searched
    recursively for ``include`` patterns, hidden entries skipped, glob patterns) into
    a :class:`Portfolio`, in worker processes when there are files enough to pay for
    them (at most ``jobs``; default: the CPUs available; 1: in this process).

    Never raises on bad content: each file's report says what is wrong with it, and
    ``Portfolio.problems`` which paths could not be read. ``progress`` is called with
    (files done, files in all) after each file. ``whole=True`` keeps every whole
    convention instead of its outline (more memory; see the module's documentation).

    >>> portfolio = load_portfolio(["examples/fictional-villebelle-tilelli.yaml",
    ...                             "examples/fictional-villebelle-tilelli-amendment-1.yaml"])
    >>> [n.id for n in portfolio.chain("fictional-villebelle-tilelli-2025").nodes]
    ... # doctest: +NORMALIZE_WHITESPACE
    ['fictional-villebelle-tilelli-2024-protocol', 'fictional-villebelle-tilelli-2025',
     'fictional-villebelle-tilelli-2025-amendment-1']
    """
    from citydiplomacy._base._args import check_type  # noqa: PLC0415

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    paths = list(paths)
    for value in paths:
        check_type("load_portfolio", "paths", value, str, os.PathLike)
    arguments = [os.fspath(p) for p in paths]
    if jobs is not None and (not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1):
        raise ValueError(f"load_portfolio: jobs must be a whole number of at least 1, not {jobs!r}")
    arguments, problems = expand(arguments)
    include = tuple(include)
    jobs = jobs or _batch.default_jobs()
    digest = whole_of if whole else outline_of
    files: list[PortfolioFile] = []
    with _batch.early_pool(arguments, include, jobs) as pool:
        targets, found = _batch.collect(arguments, include)
        problems.extend((p.name, p.message) for p in found if not p.note)
        total = len(targets)
        outcomes = _batch.run_checks(
            targets, max_bytes=_batch.DEFAULT_MAX_BYTES, jobs=jobs, pool=pool, digest=digest
        )
        for done, outcome in enumerate(outcomes, 1):
            report = Report(file=outcome.name, findings=outcome.findings)
            instrument, print_, data = (
                outcome.value if outcome.value is not None else (None, None, None)
            )
            files.append(
                PortfolioFile(outcome.name, report, instrument, outcome.problem, print_, data=data)
            )
            if progress is not None:
                progress(done, total)
    return Portfolio(files, problems)
