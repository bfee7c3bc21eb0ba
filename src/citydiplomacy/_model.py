"""The convention model: immutable attrs classes covering the whole domain.

Attribute names are the keys used in files, so ``$.actions[2].lead_party`` in a
document is ``convention.actions[2].lead_party`` in Python. Attribute order is the
canonical key order when writing. Absent facts are ``None`` (or an empty tuple):
the format says "not known" by leaving a field out, never by inventing a value.
Every object carries ``extensions``: namespaced keys (``"grenoble:budget_code"``)
that other cities add without forking the format.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import functools
import threading
import types
import typing
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import attrs

from ._codes import (
    ActionStatus,
    Commitment,
    DeliberationOutcome,
    DeliberationPurpose,
    FundingNature,
    HostRotation,
    InstrumentKind,
    InstrumentRelation,
    InstrumentStatus,
    MeetingMode,
    MeetingStatus,
    ParticipantRole,
    PartyKind,
    PartyRole,
    QuantityQualifier,
    RenewalMode,
    SignatureAct,
    VoteMajority,
)
from ._values import Duration, FrozenDict, JSONValue, MultilingualText, PartialDate

#: Extension members of an object: namespaced key to any JSON value.
Extensions = FrozenDict[str, JSONValue]


@attrs.frozen(kw_only=True)
class Document:
    """A document or source: the convention text, a deliberation record, minutes, an article."""

    id: str
    kind: str
    title: MultilingualText | None = None
    title_descriptive: bool | None = None
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
class Money:
    """An amount of money in a currency, as the source reports it ("about 2 million euros")."""

    amount: Decimal
    currency: str
    qualifier: QuantityQualifier | None = None
    note: MultilingualText | None = None
    sources: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Quantity:
    """A number as the source states it, possibly qualified: "about twelve actions"."""

    value: Decimal
    qualifier: QuantityQualifier | None = None
    unit: str | None = None
    note: MultilingualText | None = None
    sources: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Population:
    """A party's population as a source gives it, with its year and what it counts."""

    value: int
    qualifier: QuantityQualifier | None = None
    year: PartialDate | None = None
    scope: MultilingualText | None = None
    note: MultilingualText | None = None
    sources: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Officeholder:
    """A head of a party (mayor, head of council), who may differ from its signatory."""

    name: str
    name_variants: tuple[str, ...] = ()
    office: MultilingualText | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    in_office_on: tuple[PartialDate, ...] = ()
    note: MultilingualText | None = None
    sources: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class FormerName:
    """A name a party had before, and until when."""

    name: MultilingualText
    until: PartialDate | None = None
    sources: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Successor:
    """The body that succeeded a party (a merger of communes, a new grouping)."""

    name: MultilingualText
    date: PartialDate | None = None
    identifiers: tuple[Identifier, ...] = ()
    note: MultilingualText | None = None
    sources: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Party:
    """A local government or another organisation taking part in the instrument."""

    id: str
    kind: PartyKind | None = None
    role: PartyRole | None = None
    name: MultilingualText
    level: str | None = None
    level_name: MultilingualText | None = None
    part_of: str | None = None
    country: str | None = None
    country_note: MultilingualText | None = None
    subdivisions: tuple[str, ...] = ()
    identifiers: tuple[Identifier, ...] = ()
    time_zone: str | None = None
    url: str | None = None
    population: tuple[Population, ...] = ()
    heads: tuple[Officeholder, ...] = ()
    former_names: tuple[FormerName, ...] = ()
    successor: Successor | None = None
    sources: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class InstrumentLink:
    """Another instrument in the same chain, and how this one relates to it."""

    relation: InstrumentRelation
    instrument: str
    kind: InstrumentKind | None = None
    status: InstrumentStatus | None = None
    designation: MultilingualText | None = None
    title: MultilingualText | None = None
    parties: tuple[str, ...] = ()
    date: PartialDate | None = None
    date_note: MultilingualText | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None
    document: str | None = None
    url: str | None = None
    note: MultilingualText | None = None
    sources: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Votes:
    """How a council voted on a deliberation, when the record says."""

    in_favour: int | None = None
    against: int | None = None
    abstentions: int | None = None
    not_voting: int | None = None
    majority: VoteMajority | None = None
    note: MultilingualText | None = None
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Deliberation:
    """A decision of a party's council about the instrument: approving it, authorising
    its signature, renewing, suspending or terminating it."""

    id: str
    party: str
    body: MultilingualText | None = None
    purpose: DeliberationPurpose | None = None
    date: PartialDate | None = None
    date_note: MultilingualText | None = None
    reference: str | None = None
    outcome: DeliberationOutcome | None = None
    votes: Votes | None = None
    summary: MultilingualText | None = None
    document: str | None = None
    sources: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Signatory:
    """A person who signed for a party, with their office."""

    party: str
    name: str | None = None
    name_variants: tuple[str, ...] = ()
    office: MultilingualText | None = None
    act: SignatureAct | None = None
    date: PartialDate | None = None
    date_note: MultilingualText | None = None
    place: MultilingualText | None = None
    sources: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Attendee:
    """A person present at a signature who did not sign for a party: a witness, a
    governor, a consul, an association's director; or a group of them, with a count
    ("members of the executive office"). Needs a name, an office or an organisation."""

    name: str | None = None
    name_variants: tuple[str, ...] = ()
    office: MultilingualText | None = None
    party: str | None = None
    organisation: MultilingualText | None = None
    count: int | None = None
    count_qualifier: QuantityQualifier | None = None
    note: MultilingualText | None = None
    sources: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)

    def __attrs_post_init__(self) -> None:
        if self.name is None and self.office is None and self.organisation is None:
            raise ValueError(
                "an attendee needs at least one of name, office or organisation (for a "
                "group with a count: who they are); give whichever the source states"
            )


@attrs.frozen(kw_only=True)
class Signature:
    """When, where and by whom the instrument was signed, and who else was present."""

    date: PartialDate | None = None
    date_note: MultilingualText | None = None
    place: MultilingualText | None = None
    mode: MeetingMode | None = None
    occasion: MultilingualText | None = None
    signatories: tuple[Signatory, ...] = ()
    witnesses: tuple[Attendee, ...] = ()
    attendees: tuple[Attendee, ...] = ()
    note: MultilingualText | None = None
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
class PartyDecision:
    """One party's decision to end or suspend the instrument: when, why, and by which
    deliberation (parties often decide at different dates)."""

    party: str
    date: PartialDate | None = None
    date_note: MultilingualText | None = None
    deliberation: str | None = None
    reason: MultilingualText | None = None
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Termination:
    """The end of the instrument before (or instead of) its term: when it took effect,
    who decided, and why."""

    date: PartialDate | None = None
    date_note: MultilingualText | None = None
    decisions: tuple[PartyDecision, ...] = ()
    reason: MultilingualText | None = None
    note: MultilingualText | None = None
    sources: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Suspension:
    """A time when the instrument was suspended, who decided, and why."""

    start: PartialDate | None = None
    end: PartialDate | None = None
    in_effect_on: tuple[PartialDate, ...] = ()
    decisions: tuple[PartyDecision, ...] = ()
    reason: MultilingualText | None = None
    note: MultilingualText | None = None
    sources: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Term:
    """When the instrument applies: start, end or duration, renewal, notice, termination
    and suspensions.

    ``terminated_on`` is deprecated since format 1.1: use ``termination.date``.
    """

    start: PartialDate | None = None
    start_note: MultilingualText | None = None
    start_condition: MultilingualText | None = None
    end: PartialDate | None = None
    end_note: MultilingualText | None = None
    duration: Duration | None = None
    indefinite: bool | None = None
    renewal: Renewal | None = None
    notice_period: Duration | None = None
    termination_clause: MultilingualText | None = None
    amendment_clause: MultilingualText | None = None
    terminated_on: PartialDate | None = None
    termination: Termination | None = None
    suspensions: tuple[Suspension, ...] = ()
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
    priority: int | None = None
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
class Programme:
    """A programme or facility that funds actions: a national fund, a development
    agency's facility, a call for projects."""

    id: str
    name: MultilingualText
    kind: str | None = None
    funder: str | None = None
    funder_name: MultilingualText | None = None
    url: str | None = None
    period: Period | None = None
    note: MultilingualText | None = None
    sources: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class BudgetLine:
    """Money or in-kind support for an action, from one funder (named or not).

    An absent ``commitment`` or ``nature`` means not known (1.0 defaulted them to
    ``indicative`` and ``cash``).
    """

    funder: str | None = None
    funder_description: MultilingualText | None = None
    programme: str | None = None
    amount: Decimal | None = None
    amount_qualifier: QuantityQualifier | None = None
    currency: str | None = None
    per: Duration | None = None
    share: Decimal | None = None
    share_basis: MultilingualText | None = None
    commitment: Commitment | None = None
    nature: FundingNature | None = None
    decision_date: PartialDate | None = None
    decided_by: MultilingualText | None = None
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
    baseline_qualifier: QuantityQualifier | None = None
    target: Decimal | None = None
    target_qualifier: QuantityQualifier | None = None
    target_date: PartialDate | None = None
    value: Decimal | None = None
    value_qualifier: QuantityQualifier | None = None
    value_date: PartialDate | None = None
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Action:
    """Something the parties do under axes and objectives, possibly with a programme's funds."""

    id: str
    title: MultilingualText
    kind: str | None = None
    description: MultilingualText | None = None
    axes: tuple[str, ...] = ()
    objectives: tuple[str, ...] = ()
    instrument: str | None = None
    lead_party: str | None = None
    participants: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()
    period: Period | None = None
    status: ActionStatus | None = None
    status_date: PartialDate | None = None
    total_budget: Money | None = None
    programmes: tuple[str, ...] = ()
    budget: tuple[BudgetLine, ...] = ()
    expected_results: tuple[MultilingualText, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    sources: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Member:
    """Who sits on a governance body: a party's people, in a role when stated."""

    party: str
    role: ParticipantRole | None = None
    name: str | None = None
    name_variants: tuple[str, ...] = ()
    office: MultilingualText | None = None
    count: int | None = None
    count_qualifier: QuantityQualifier | None = None
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
    """People at a meeting: of one party or of another organisation, in a role when stated.

    Needs at least one of party, organisation, name or office.
    """

    party: str | None = None
    organisation: MultilingualText | None = None
    role: ParticipantRole | None = None
    name: str | None = None
    name_variants: tuple[str, ...] = ()
    office: MultilingualText | None = None
    count: int | None = None
    count_qualifier: QuantityQualifier | None = None
    extensions: Extensions = attrs.field(factory=FrozenDict)

    def __attrs_post_init__(self) -> None:
        if all(v is None for v in (self.party, self.organisation, self.name, self.office)):
            raise ValueError(
                "a participant needs at least one of party, organisation, name or "
                "office; give whichever the source states"
            )


@attrs.frozen(kw_only=True)
class Decision:
    """A decision taken at a meeting, possibly about some actions."""

    text: MultilingualText
    actions: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Meeting:
    """A meeting, at a local wall time in a named IANA zone (never a UTC offset), or on
    a day or days known by date only.

    Needs ``start`` or ``date`` (or both, ``date`` then holding the start's day);
    ``time_zone`` is required with ``start`` or ``end``. ``status`` ``None`` means not
    stated.
    """

    id: str
    body: str | None = None
    kind: str | None = None
    title: MultilingualText | None = None
    start: _dt.datetime | None = None
    end: _dt.datetime | None = None
    time_zone: str | None = None
    date: PartialDate | None = None
    date_note: MultilingualText | None = None
    status: MeetingStatus | None = None
    host: str | None = None
    place: MultilingualText | None = None
    mode: MeetingMode | None = None
    participants: tuple[Participant, ...] = ()
    agenda: tuple[MultilingualText, ...] = ()
    decisions: tuple[Decision, ...] = ()
    minutes: str | None = None
    sources: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)

    def __attrs_post_init__(self) -> None:
        if self.start is None and self.date is None:
            raise ValueError(
                f"meeting {self.id!r} needs a start (local wall time with time_zone) "
                "or a date (e.g. 2023-08-30, 2023-08-30/2023-09-03 or 2024-05)"
            )
        if self.time_zone is None and (self.start is not None or self.end is not None):
            raise ValueError(
                f"meeting {self.id!r} gives a wall time but no time_zone; add the IANA "
                "zone of the place, e.g. time_zone: Europe/Paris"
            )


@attrs.frozen(kw_only=True)
class Governance:
    """Follow-up: governance bodies and their meetings."""

    bodies: tuple[Body, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Convention:
    """One instrument of decentralised cooperation between local governments.

    Build one in code, or read one with :func:`citydiplomacy.load`. ``schema`` is the
    file's ``$schema`` member (the schema address editors use), kept as written.
    """

    schema: str | None = None
    schema_version: str
    id: str
    kind: InstrumentKind | None = None
    designation: MultilingualText | None = None
    title: MultilingualText | None = None
    title_descriptive: bool | None = None
    authoritative_language: str | None = None
    authentic_languages: tuple[str, ...] = ()
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
    total_budget: Money | None = None
    programmes: tuple[Programme, ...] = ()
    action_count: Quantity | None = None
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

    def objective(self, objective_id: str) -> Objective:
        """The objective with this id; ``KeyError`` if there is none."""
        for o in self.objectives:
            if o.id == objective_id:
                return o
        raise KeyError(objective_id)

    def programme(self, programme_id: str) -> Programme:
        """The programme with this id; ``KeyError`` if there is none."""
        for p in self.programmes:
            if p.id == programme_id:
                return p
        raise KeyError(programme_id)

    def deliberation(self, deliberation_id: str) -> Deliberation:
        """The deliberation with this id; ``KeyError`` if there is none."""
        for d in self.deliberations:
            if d.id == deliberation_id:
                return d
        raise KeyError(deliberation_id)

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
    Money,
    Quantity,
    Population,
    Officeholder,
    FormerName,
    Successor,
    Party,
    InstrumentLink,
    Votes,
    Deliberation,
    Signatory,
    Attendee,
    Signature,
    Renewal,
    PartyDecision,
    Termination,
    Suspension,
    Term,
    Objective,
    Axis,
    Period,
    Programme,
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


# ---------------------------------------------------------------- field types in code
#
# A model built in code checks its field types: ``BudgetLine(amount=15000)`` is a
# TypeError naming the field and the accepted types (an int is not converted: money is
# a Decimal, written Decimal("15000"), so that no float ever slips in). The converter
# builds objects only from documents the schema and the rules have checked, so it
# turns the checks off while it does (:func:`unchecked`): loading pays nothing for them.

_CHECKS = threading.local()


@contextlib.contextmanager
def unchecked() -> Iterator[None]:
    """Build model objects without checking field types (this thread only)."""
    before = getattr(_CHECKS, "off", False)
    _CHECKS.off = True
    try:
        yield
    finally:
        _CHECKS.off = before


_Check = Callable[[object], bool]


def _checker(hint: Any) -> tuple[_Check, str]:
    """A test of a value against a type hint of the model, and the hint in words."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        parts = [_checker(arg) for arg in typing.get_args(hint)]
        tests = [test for test, _ in parts]
        return (lambda v: any(test(v) for test in tests)), " or ".join(w for _, w in parts)
    if origin is tuple:
        item, words = _checker(typing.get_args(hint)[0])
        return (lambda v: type(v) is tuple and all(item(x) for x in v)), f"a tuple of {words}"
    if hint is type(None):
        return (lambda v: v is None), "None"
    if hint is bool:
        return (lambda v: type(v) is bool), "bool"
    if hint is int:
        return (lambda v: isinstance(v, int) and not isinstance(v, bool)), "int"
    runtime = origin if isinstance(origin, type) else hint
    return (lambda v: isinstance(v, runtime)), runtime.__name__


#: The field checks of each model class, built on first use.
_FIELD_CHECKS: dict[type, tuple[tuple[str, _Check, str], ...]] = {}


def _field_checks(cls: type) -> tuple[tuple[str, _Check, str], ...]:
    checks = _FIELD_CHECKS.get(cls)
    if checks is None:
        hints = typing.get_type_hints(cls, globalns=globals())
        checks = tuple((field.name, *_checker(hints[field.name])) for field in attrs.fields(cls))
        _FIELD_CHECKS[cls] = checks
    return checks


def _check_fields(instance: object) -> None:
    cls = type(instance)
    for name, test, words in _field_checks(cls):
        value = getattr(instance, name)
        if not test(value):
            raise TypeError(
                f"{cls.__name__}() field {name!r} must be {words}, not "
                f"{type(value).__name__} ({value!r:.60})"
            )


def _checked_init(cls: type) -> None:
    init = getattr(cls, "__init__")  # noqa: B009 - mypy refuses cls.__init__

    @functools.wraps(init)
    def __init__(self: object, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        if not getattr(_CHECKS, "off", False):
            _check_fields(self)

    cls.__init__ = __init__  # type: ignore[misc]


for _cls in MODEL_CLASSES:
    _checked_init(_cls)
