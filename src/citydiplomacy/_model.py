"""The convention model: immutable attrs classes covering the whole domain.

Attribute names are the keys used in files, so ``$.actions[2].lead_party`` in a
document is ``convention.actions[2].lead_party`` in Python. Attribute order is the
canonical key order when writing. Absent facts are ``None`` (or an empty tuple):
the format says "not known" by leaving a field out, never by inventing a value.
Every object carries ``extensions``: namespaced keys (``"grenoble:budget_code"``)
that other cities add without forking the format.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal

import attrs

from ._codes import (
    ActionStatus,
    Commitment,
    FundingNature,
    HostRotation,
    InstrumentKind,
    InstrumentRelation,
    MeetingMode,
    MeetingStatus,
    ParticipantRole,
    PartyKind,
    PartyRole,
    RenewalMode,
)
from ._values import Duration, FrozenDict, JSONValue, MultilingualText, PartialDate

#: Extension members of an object: namespaced key to any JSON value.
Extensions = FrozenDict[str, JSONValue]


@attrs.frozen(kw_only=True)
class Document:
    """A document or source: the convention text, a deliberation record, minutes, an article."""

    id: str
    kind: str
    title: MultilingualText
    publisher: str | None = None
    date: PartialDate | None = None
    url: str | None = None
    language: str | None = None
    accessed: PartialDate | None = None
    note: MultilingualText | None = None
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Identifier:
    """An identifier of a party in a named scheme (``insee_cog``, ``wikidata``, ...)."""

    scheme: str
    value: str
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Party:
    """A local government or another organisation taking part in the instrument."""

    id: str
    kind: PartyKind
    role: PartyRole
    name: MultilingualText
    level: str | None = None
    country: str | None = None
    subdivisions: tuple[str, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    time_zone: str | None = None
    url: str | None = None
    sources: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class InstrumentLink:
    """Another instrument in the same chain, and how this one relates to it."""

    relation: InstrumentRelation
    instrument: str
    kind: InstrumentKind | None = None
    title: MultilingualText | None = None
    date: PartialDate | None = None
    date_note: MultilingualText | None = None
    document: str | None = None
    sources: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Deliberation:
    """A decision of a party's council that approved the instrument."""

    id: str
    party: str
    body: MultilingualText | None = None
    date: PartialDate | None = None
    reference: str | None = None
    summary: MultilingualText | None = None
    document: str | None = None
    sources: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Signatory:
    """A person who signed for a party, with their office."""

    party: str
    name: str | None = None
    office: MultilingualText | None = None
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Signature:
    """When, where and by whom the instrument was signed."""

    date: PartialDate | None = None
    date_note: MultilingualText | None = None
    place: MultilingualText | None = None
    occasion: MultilingualText | None = None
    signatories: tuple[Signatory, ...] = ()
    sources: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Renewal:
    """How the term renews: not at all, tacitly (unless notice is given) or explicitly."""

    mode: RenewalMode
    period: Duration | None = None
    max_renewals: int | None = None
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Term:
    """When the instrument applies: start, end or duration, renewal, notice, termination."""

    start: PartialDate | None = None
    start_condition: MultilingualText | None = None
    end: PartialDate | None = None
    duration: Duration | None = None
    renewal: Renewal | None = None
    notice_period: Duration | None = None
    termination_clause: MultilingualText | None = None
    terminated_on: PartialDate | None = None
    sources: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Objective:
    """An objective the parties set themselves."""

    id: str
    text: MultilingualText
    axes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Axis:
    """A thematic axis of cooperation, classified by sector and Sustainable Development Goal."""

    id: str
    title: MultilingualText
    description: MultilingualText | None = None
    sectors: tuple[str, ...] = ()
    sdg_goals: tuple[int, ...] = ()
    sdg_targets: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Period:
    """A span of partial dates; either end may be unknown."""

    start: PartialDate | None = None
    end: PartialDate | None = None
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class BudgetLine:
    """Money or in-kind support for an action, from one funder."""

    funder: str
    amount: Decimal | None = None
    currency: str | None = None
    share: Decimal | None = None
    commitment: Commitment = Commitment.INDICATIVE
    nature: FundingNature = FundingNature.CASH
    period: Period | None = None
    description: MultilingualText | None = None
    sources: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Indicator:
    """How an expected result is measured."""

    id: str
    name: MultilingualText
    unit: str | None = None
    baseline: Decimal | None = None
    target: Decimal | None = None
    target_date: PartialDate | None = None
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Action:
    """Something the parties do under one or more axes."""

    id: str
    title: MultilingualText
    kind: str | None = None
    description: MultilingualText | None = None
    axes: tuple[str, ...] = ()
    instrument: str | None = None
    lead_party: str | None = None
    participants: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()
    period: Period | None = None
    status: ActionStatus | None = None
    budget: tuple[BudgetLine, ...] = ()
    expected_results: tuple[MultilingualText, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    sources: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Member:
    """Who sits on a governance body: a party's people in a role."""

    party: str
    role: ParticipantRole
    name: str | None = None
    office: MultilingualText | None = None
    count: int | None = None
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Cadence:
    """How often a body meets and who hosts: e.g. every six months, alternating hosts."""

    every: Duration
    rotation: HostRotation = HostRotation.UNSPECIFIED
    hosts: tuple[str, ...] = ()
    mode: MeetingMode | None = None
    first: PartialDate | None = None
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Body:
    """A governance body, such as a steering committee of elected officials and staff."""

    id: str
    name: MultilingualText
    kind: str | None = None
    members: tuple[Member, ...] = ()
    cadence: Cadence | None = None
    sources: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Participant:
    """People of one party, in one role, at a meeting."""

    party: str
    role: ParticipantRole
    name: str | None = None
    office: MultilingualText | None = None
    count: int | None = None
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Decision:
    """A decision taken at a meeting, possibly about some actions."""

    text: MultilingualText
    actions: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Meeting:
    """A meeting at a local wall time in a named IANA zone (never a UTC offset)."""

    id: str
    start: _dt.datetime
    time_zone: str
    body: str | None = None
    kind: str | None = None
    title: MultilingualText | None = None
    end: _dt.datetime | None = None
    status: MeetingStatus = MeetingStatus.PLANNED
    host: str | None = None
    place: MultilingualText | None = None
    mode: MeetingMode | None = None
    participants: tuple[Participant, ...] = ()
    agenda: tuple[MultilingualText, ...] = ()
    decisions: tuple[Decision, ...] = ()
    minutes: str | None = None
    sources: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Governance:
    """Follow-up: governance bodies and their meetings."""

    bodies: tuple[Body, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Convention:
    """One instrument of decentralised cooperation between local governments.

    Build one in code, or read one with :func:`citydiplomacy.load`.
    """

    schema_version: str
    id: str
    kind: InstrumentKind
    title: MultilingualText
    authoritative_language: str
    parties: tuple[Party, ...]
    languages: tuple[str, ...] = ()
    summary: MultilingualText | None = None
    related_instruments: tuple[InstrumentLink, ...] = ()
    deliberations: tuple[Deliberation, ...] = ()
    signature: Signature | None = None
    term: Term | None = None
    values: tuple[str, ...] = ()
    objectives: tuple[Objective, ...] = ()
    axes: tuple[Axis, ...] = ()
    actions: tuple[Action, ...] = ()
    governance: Governance | None = None
    documents: tuple[Document, ...] = ()
    sources: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)

    # -- small conveniences that read the model; time questions live in the time module.

    def party(self, party_id: str) -> Party:
        """The party with this id; ``KeyError`` if there is none."""
        for p in self.parties:
            if p.id == party_id:
                return p
        raise KeyError(party_id)

    def axis(self, axis_id: str) -> Axis:
        """The axis with this id; ``KeyError`` if there is none."""
        for a in self.axes:
            if a.id == axis_id:
                return a
        raise KeyError(axis_id)

    def action(self, action_id: str) -> Action:
        """The action with this id; ``KeyError`` if there is none."""
        for a in self.actions:
            if a.id == action_id:
                return a
        raise KeyError(action_id)

    def document(self, document_id: str) -> Document:
        """The document with this id; ``KeyError`` if there is none."""
        for d in self.documents:
            if d.id == document_id:
                return d
        raise KeyError(document_id)

    @property
    def local_governments(self) -> tuple[Party, ...]:
        """The parties that are local governments."""
        return tuple(p for p in self.parties if p.kind is PartyKind.LOCAL_GOVERNMENT)

    def actions_for_axis(self, axis_id: str) -> tuple[Action, ...]:
        """The actions that serve the given axis."""
        return tuple(a for a in self.actions if axis_id in a.axes)


#: Every model class, in dependency order (used by the converter and the docs).
MODEL_CLASSES: tuple[type, ...] = (
    Document,
    Identifier,
    Party,
    InstrumentLink,
    Deliberation,
    Signatory,
    Signature,
    Renewal,
    Term,
    Objective,
    Axis,
    Period,
    BudgetLine,
    Indicator,
    Action,
    Member,
    Cadence,
    Body,
    Participant,
    Decision,
    Meeting,
    Governance,
    Convention,
)
