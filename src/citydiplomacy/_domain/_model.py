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

from citydiplomacy._domain._codes import (
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
from citydiplomacy._domain._values import (
    Duration,
    FrozenDict,
    JSONValue,
    MultilingualText,
    PartialDate,
)

#: Extension members of an object: namespaced key to any JSON value.
Extensions = FrozenDict[str, JSONValue]


@attrs.frozen(kw_only=True)
class Document:
    """A document or source: the convention text, a deliberation record, minutes, an article.

    >>> import citydiplomacy as cd
    >>> conv = cd.load("examples/grenoble-tiznit.yaml")
    >>> doc = conv.document("city-article")
    >>> doc.kind, doc.publisher, str(doc.date)
    ('web_article', 'Ville de Grenoble', '2025-11-27')
    """

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
    """An identifier of a party in a named scheme (``insee_cog``, ``wikidata``, ...).

    >>> import citydiplomacy as cd
    >>> conv = cd.load("examples/grenoble-tiznit.yaml")
    >>> [(i.scheme, i.value) for i in conv.party("grenoble").identifiers]
    [('insee_cog', '38185'), ('wikidata', 'Q1289')]
    """

    scheme: str
    value: str
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Money:
    """An amount of money in a currency, as the source reports it ("about 2 million euros").

    >>> import citydiplomacy as cd
    >>> conv = cd.load("examples/fictional-villebelle-tilelli.yaml")
    >>> money = conv.total_budget
    >>> money.amount, money.currency, money.qualifier.value
    (Decimal('70000'), 'EUR', 'about')
    """

    amount: Decimal
    currency: str
    qualifier: QuantityQualifier | None = None
    note: MultilingualText | None = None
    sources: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Quantity:
    """A number as the source states it, possibly qualified: "about twelve actions".

    >>> import citydiplomacy as cd
    >>> conv = cd.load("examples/fictional-villebelle-tilelli.yaml")
    >>> count = conv.action_count
    >>> count.value, count.qualifier.value, count.unit
    (Decimal('12'), 'about', 'actions')
    """

    value: Decimal
    qualifier: QuantityQualifier | None = None
    unit: str | None = None
    note: MultilingualText | None = None
    sources: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Population:
    """A party's population as a source gives it, with its year and what it counts.

    >>> import citydiplomacy as cd
    >>> conv = cd.load("examples/grenoble-tiznit.yaml")
    >>> about, census = conv.party("tiznit").population
    >>> about.value, about.qualifier.value
    (90000, 'about')
    >>> census.value, str(census.year)
    (74699, '2014')
    """

    value: int
    qualifier: QuantityQualifier | None = None
    year: PartialDate | None = None
    scope: MultilingualText | None = None
    note: MultilingualText | None = None
    sources: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Officeholder:
    """A head of a party (mayor, head of council), who may differ from its signatory.

    >>> import citydiplomacy as cd
    >>> conv = cd.load("examples/fictional-villebelle-tilelli.yaml")
    >>> head = conv.party("tilelli").heads[0]
    >>> head.name, head.office.text("fr"), str(head.start)
    ('Youssef Exemple', 'Président du conseil communal de Tilelli', '2021-09')
    """

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
    """A name a party had before, and until when.

    >>> import citydiplomacy as cd
    >>> conv = cd.load("examples/fictional-villebelle-tilelli.yaml")
    >>> former = conv.party("tilelli").former_names[0]
    >>> former.name.text(), str(former.until)
    ('Tilelli-Centre (fictive)', '2015')
    """

    name: MultilingualText
    until: PartialDate | None = None
    sources: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Successor:
    """The body that succeeded a party (a merger of communes, a new grouping).

    >>> import citydiplomacy as cd
    >>> conv = cd.load("examples/fictional-villebelle-tilelli.yaml")
    >>> successor = conv.party("fonds-exemple").successor
    >>> successor.name.text(), str(successor.date)
    ('Agence exemple pour la coopération (fictive)', '2026-01')
    """

    name: MultilingualText
    date: PartialDate | None = None
    identifiers: tuple[Identifier, ...] = ()
    note: MultilingualText | None = None
    sources: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Party:
    """A local government or another organisation taking part in the instrument.

    >>> import citydiplomacy as cd
    >>> conv = cd.load("examples/grenoble-tiznit.yaml")
    >>> tiznit = conv.party("tiznit")
    >>> tiznit.name.text("ar"), tiznit.country, tiznit.time_zone
    ('تزنيت', 'MA', 'Africa/Casablanca')
    >>> mine = cd.Party(id="villebelle", name=cd.text("Villebelle (fictive)", "fr"))
    >>> mine.kind is None  # not known until stated
    True
    """

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
    """Another instrument in the same chain, and how this one relates to it.

    >>> import citydiplomacy as cd
    >>> conv = cd.load("examples/grenoble-tiznit.yaml")
    >>> link = conv.related_instruments[0]
    >>> link.relation.value, link.instrument, str(link.date)
    ('follows', 'grenoble-tiznit-declaration-of-intent-2025', '2025-01')
    """

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
    """How a council voted on a deliberation, when the record says.

    >>> import citydiplomacy as cd
    >>> conv = cd.load("examples/fictional-villebelle-tilelli.yaml")
    >>> votes = conv.deliberation("villebelle-council-2025-02").votes
    >>> votes.in_favour, votes.against, votes.abstentions
    (41, 2, 6)
    """

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
    its signature, renewing, suspending or terminating it.

    >>> import citydiplomacy as cd
    >>> conv = cd.load("examples/grenoble-tiznit.yaml")
    >>> d = conv.deliberation("grenoble-city-council")
    >>> d.party, d.purpose.value, d.outcome.value, d.date  # the date is not known
    ('grenoble', 'approve', 'adopted', None)
    """

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
    """A person who signed for a party, with their office.

    >>> import citydiplomacy as cd
    >>> conv = cd.load("examples/fictional-villebelle-tilelli.yaml")
    >>> [(s.party, s.name) for s in conv.signature.signatories]
    [('villebelle', 'Camille Exemple'), ('tilelli', 'Youssef Exemple')]
    """

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
    ("members of the executive office"). Needs a name, an office or an organisation.

    >>> import citydiplomacy as cd
    >>> conv = cd.load("examples/fictional-villebelle-tilelli.yaml")
    >>> witness = conv.signature.witnesses[0]
    >>> witness.name, witness.office.text()
    ('Sophie Témoin', 'Consule générale (fictive)')
    >>> cd.Attendee(office=cd.text("Directrice", "fr"), party="eau-partagee").name is None
    True
    """

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
    """When, where and by whom the instrument was signed, and who else was present.

    >>> import citydiplomacy as cd
    >>> conv = cd.load("examples/grenoble-tiznit.yaml")
    >>> signature = conv.signature
    >>> str(signature.date), signature.place.text()  # spring 2025, in Grenoble
    ('2025-21', 'Grenoble')
    >>> signature.date.possible_range()
    (datetime.date(2025, 3, 1), datetime.date(2025, 5, 31))
    """

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
    """How the term renews: not at all, tacitly (unless notice is given) or explicitly.

    >>> import citydiplomacy as cd
    >>> conv = cd.load("examples/fictional-villebelle-tilelli.yaml")
    >>> renewal = conv.term.renewal
    >>> renewal.mode.value, str(renewal.period), renewal.max_renewals
    ('tacit', 'P1Y', 2)
    """

    mode: RenewalMode
    period: Duration | None = None
    max_renewals: int | None = None
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class PartyDecision:
    """One party's decision to end or suspend the instrument: when, why, and by which
    deliberation (parties often decide at different dates).

    >>> import citydiplomacy as cd
    >>> ending = cd.PartyDecision(party="villebelle", date=cd.partial_date("2026-05"))
    >>> termination = cd.Termination(decisions=(ending,))
    >>> termination.date is None, str(termination.decisions[0].date)
    (True, '2026-05')
    """

    party: str
    date: PartialDate | None = None
    date_note: MultilingualText | None = None
    deliberation: str | None = None
    reason: MultilingualText | None = None
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Termination:
    """The end of the instrument before (or instead of) its term: when it took effect,
    who decided, and why.

    >>> import citydiplomacy as cd, datetime as dt
    >>> term = cd.Term(start=cd.partial_date("2025-03-01"), duration=cd.duration("P3Y"),
    ...                termination=cd.Termination(date=cd.partial_date("2026-07-01")))
    >>> cd.in_force(term, on=dt.date(2026, 8, 1)).answer
    'no'
    """

    date: PartialDate | None = None
    date_note: MultilingualText | None = None
    decisions: tuple[PartyDecision, ...] = ()
    reason: MultilingualText | None = None
    note: MultilingualText | None = None
    sources: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Suspension:
    """A time when the instrument was suspended, who decided, and why.

    >>> import citydiplomacy as cd, datetime as dt
    >>> paused = cd.Suspension(start=cd.partial_date("2026-01-01"), end=cd.partial_date("2026-03"))
    >>> term = cd.Term(start=cd.partial_date("2025-03-01"), duration=cd.duration("P3Y"),
    ...                suspensions=(paused,))
    >>> cd.term_status(term, dt.date(2026, 2, 1)).status.value
    'suspended'
    """

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

    >>> import citydiplomacy as cd
    >>> conv = cd.load("examples/fictional-villebelle-tilelli.yaml")
    >>> term = conv.term
    >>> str(term.start), str(term.duration), str(term.notice_period)
    ('2025-03-01', 'P3Y', 'P3M')
    >>> import datetime as dt
    >>> cd.in_force(term, on=dt.date(2026, 1, 1)).answer
    'yes'
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
    """An objective the parties set themselves.

    >>> import citydiplomacy as cd
    >>> conv = cd.load("examples/grenoble-tiznit.yaml")
    >>> [o.id for o in conv.objectives]
    ['support-tiznit', 'daily-life', 'skills-transfer']
    """

    id: str
    text: MultilingualText
    axes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Axis:
    """A thematic axis of cooperation, classified by sector and Sustainable Development Goal.

    >>> import citydiplomacy as cd
    >>> conv = cd.load("examples/grenoble-tiznit.yaml")
    >>> axis = conv.axis("sustainable-urbanism")
    >>> axis.title.text("en"), axis.sectors
    ('Sustainable urbanism', ('urban_planning',))
    """

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
    """A span of partial dates; either end may be unknown.

    >>> import citydiplomacy as cd
    >>> conv = cd.load("examples/fictional-villebelle-tilelli.yaml")
    >>> period = conv.action("water-network-study").period
    >>> str(period.start), str(period.end)
    ('2025-04', '2026-03')
    >>> cd.Period(start=cd.partial_date("2025-21")).end is None  # end not known
    True
    """

    start: PartialDate | None = None
    end: PartialDate | None = None
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Programme:
    """A programme or facility that funds actions: a national fund, a development
    agency's facility, a call for projects.

    >>> import citydiplomacy as cd
    >>> conv = cd.load("examples/fictional-villebelle-tilelli.yaml")
    >>> programme = conv.programme("appel-2025")
    >>> programme.funder, programme.kind
    ('fonds-exemple', 'call_for_projects')
    """

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

    >>> import citydiplomacy as cd
    >>> conv = cd.load("examples/fictional-villebelle-tilelli.yaml")
    >>> lines = conv.action("water-network-study").budget
    >>> [(b.funder, b.amount, b.currency, b.nature.value) for b in lines]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('villebelle', Decimal('24000'), 'EUR', 'cash'),
     ('fonds-exemple', Decimal('30000'), 'EUR', 'cash'),
     ('tilelli', Decimal('65000'), 'MAD', 'in_kind')]
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
    """How an expected result is measured.

    >>> import citydiplomacy as cd
    >>> conv = cd.load("examples/fictional-villebelle-tilelli.yaml")
    >>> indicator = conv.action("water-network-study").indicators[0]
    >>> indicator.unit, indicator.baseline, indicator.target, str(indicator.target_date)
    ('%', Decimal('20'), Decimal('100'), '2026-03')
    """

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
    """Something the parties do under axes and objectives, possibly with a programme's funds.

    >>> import citydiplomacy as cd
    >>> conv = cd.load("examples/grenoble-tiznit.yaml")
    >>> action = conv.action("staff-training")
    >>> action.title.text("en"), action.axes, action.target_groups
    ('Training for municipal staff', ('local-authorities-transitions',), ('municipal_staff',))
    """

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
    """Who sits on a governance body: a party's people, in a role when stated.

    >>> import citydiplomacy as cd
    >>> conv = cd.load("examples/grenoble-tiznit.yaml")
    >>> body = conv.governance.bodies[0]
    >>> [(m.party, m.role.value) for m in body.members][:2]
    [('grenoble', 'elected_official'), ('grenoble', 'technical_staff')]
    """

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
    """How often a body meets and who hosts: e.g. every six months, alternating hosts.

    >>> import citydiplomacy as cd
    >>> cadence = cd.Cadence(every=cd.duration("P6M"), rotation=cd.HostRotation("alternating"),
    ...                      hosts=("villebelle", "tilelli"), first=cd.partial_date("2025-04"))
    >>> str(cadence.every), cadence.rotation.value
    ('P6M', 'alternating')
    """

    every: Duration
    rotation: HostRotation = HostRotation.UNSPECIFIED
    hosts: tuple[str, ...] = ()
    mode: MeetingMode | None = None
    first: PartialDate | None = None
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Body:
    """A governance body, such as a steering committee of elected officials and staff.

    >>> import citydiplomacy as cd
    >>> conv = cd.load("examples/grenoble-tiznit.yaml")
    >>> body = conv.governance.bodies[0]
    >>> body.id, body.cadence is None  # how often it meets is not stated
    ('follow-up-meetings', True)
    """

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

    >>> import citydiplomacy as cd
    >>> conv = cd.load("examples/fictional-villebelle-tilelli.yaml")
    >>> visit = conv.governance.meetings[2]
    >>> [(p.party, p.role.value, p.count) for p in visit.participants]
    [('villebelle', 'technical_staff', 3), (None, 'expert', 4)]
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
    """A decision taken at a meeting, possibly about some actions.

    >>> import citydiplomacy as cd
    >>> conv = cd.load("examples/fictional-villebelle-tilelli.yaml")
    >>> decision = conv.governance.meetings[0].decisions[0]
    >>> decision.actions
    ('water-network-study',)
    """

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

    >>> import citydiplomacy as cd, datetime as dt
    >>> meeting = cd.Meeting(id="copil-1", start=dt.datetime(2026, 10, 1, 10),
    ...                      time_zone="Europe/Paris")
    >>> cd.meeting_time(meeting).instant.isoformat()
    '2026-10-01T08:00:00+00:00'
    >>> visit = cd.Meeting(id="visit", date=cd.partial_date("2025-11-17/2025-11-19"))
    >>> visit.start is None
    True
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
    """Follow-up: governance bodies and their meetings.

    >>> import citydiplomacy as cd
    >>> conv = cd.load("examples/fictional-villebelle-tilelli.yaml")
    >>> governance = conv.governance
    >>> [b.id for b in governance.bodies], [m.id for m in governance.meetings]
    (['steering-committee'], ['copil-2025-04', 'copil-2026-10', 'visite-tilelli-2025-11'])
    """

    bodies: tuple[Body, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    extensions: Extensions = attrs.field(factory=FrozenDict)


@attrs.frozen(kw_only=True)
class Convention:
    """One instrument of decentralised cooperation between local governments.

    Build one in code, or read one with :func:`citydiplomacy.load`. ``schema`` is the
    file's ``$schema`` member (the schema address editors use), kept as written.

    >>> import citydiplomacy as cd
    >>> conv = cd.load("examples/grenoble-tiznit.yaml")
    >>> conv.kind.value, [p.id for p in conv.parties], len(conv.actions)
    ('framework_convention', ['grenoble', 'tiznit'], 10)
    >>> mine = cd.Convention(schema_version="1.1", id="villebelle-tilelli", parties=())
    >>> mine.term is None
    True
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
