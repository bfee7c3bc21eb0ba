"""Closed codelists as enums.

Each enum mirrors a closed codelist in ``schemas/codelists/`` and an ``enum`` in the
schema; a test keeps the three in agreement. Open codelists (sectors, target groups,
action kinds, ...) are plain strings in the model: use a listed code where one fits.
"""

from __future__ import annotations

import enum


class InstrumentKind(str, enum.Enum):
    """What kind of instrument a document records (codelist ``instrument-kinds``).

    >>> InstrumentKind("declaration_of_intent") is InstrumentKind.DECLARATION_OF_INTENT
    True
    """

    DECLARATION_OF_INTENT = "declaration_of_intent"
    MEMORANDUM_OF_UNDERSTANDING = "memorandum_of_understanding"
    FRAMEWORK_CONVENTION = "framework_convention"
    IMPLEMENTING_CONVENTION = "implementing_convention"
    AMENDMENT = "amendment"
    RENEWAL = "renewal"
    TWINNING_CHARTER = "twinning_charter"
    FRIENDSHIP_AGREEMENT = "friendship_agreement"
    COOPERATION_CONVENTION = "cooperation_convention"
    PARTNERSHIP_AGREEMENT = "partnership_agreement"
    COOPERATION_AGREEMENT = "cooperation_agreement"
    SISTER_CITY_AGREEMENT = "sister_city_agreement"
    PROTOCOL_OF_INTENT = "protocol_of_intent"
    PROJECT_CONVENTION = "project_convention"
    FUNDING_AGREEMENT = "funding_agreement"
    OPERATING_CONVENTION = "operating_convention"
    OTHER = "other"


class InstrumentRelation(str, enum.Enum):
    """How this instrument relates to another one (codelist ``instrument-relations``).

    >>> InstrumentRelation("amends") is InstrumentRelation.AMENDS
    True
    """

    AMENDS = "amends"
    AMENDED_BY = "amended_by"
    RENEWS = "renews"
    RENEWED_BY = "renewed_by"
    IMPLEMENTS = "implements"
    IMPLEMENTED_BY = "implemented_by"
    SUPERSEDES = "supersedes"
    SUPERSEDED_BY = "superseded_by"
    FOLLOWS = "follows"
    FOLLOWED_BY = "followed_by"
    RELATED_TO = "related_to"


class PartyKind(str, enum.Enum):
    """What kind of body a party is (codelist ``party-kinds``).

    >>> PartyKind("local_government") is PartyKind.LOCAL_GOVERNMENT
    True
    """

    LOCAL_GOVERNMENT = "local_government"
    ASSOCIATION = "association"
    NGO = "ngo"
    NETWORK = "network"
    STATE_BODY = "state_body"
    INTERNATIONAL_ORGANISATION = "international_organisation"
    UNIVERSITY = "university"
    COMPANY = "company"
    OTHER = "other"


class PartyRole(str, enum.Enum):
    """The part a party plays in the instrument (codelist ``party-roles``).

    >>> PartyRole("partner") is PartyRole.PARTNER
    True
    """

    PARTNER = "partner"
    CO_SIGNATORY = "co_signatory"
    IMPLEMENTING_PARTNER = "implementing_partner"
    FUNDER = "funder"
    TECHNICAL_PARTNER = "technical_partner"
    OBSERVER = "observer"
    STAKEHOLDER = "stakeholder"


class RenewalMode(str, enum.Enum):
    """How a term is renewed (codelist ``renewal-modes``).

    >>> RenewalMode("none") is RenewalMode.NONE
    True
    """

    NONE = "none"
    TACIT = "tacit"
    EXPLICIT = "explicit"


class ActionStatus(str, enum.Enum):
    """Where an action stands (codelist ``action-statuses``).

    >>> ActionStatus("proposed") is ActionStatus.PROPOSED
    True
    """

    PROPOSED = "proposed"
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    SUSPENDED = "suspended"
    CANCELLED = "cancelled"


class Commitment(str, enum.Enum):
    """Whether a budget line is a firm commitment (codelist ``budget-commitments``).

    >>> Commitment("committed") is Commitment.COMMITTED
    True
    """

    COMMITTED = "committed"
    INDICATIVE = "indicative"


class FundingNature(str, enum.Enum):
    """Cash or in kind (codelist ``funding-natures``).

    >>> FundingNature("cash") is FundingNature.CASH
    True
    """

    CASH = "cash"
    IN_KIND = "in_kind"


class MeetingMode(str, enum.Enum):
    """How people meet (codelist ``meeting-modes``).

    >>> MeetingMode("in_person") is MeetingMode.IN_PERSON
    True
    """

    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"


class MeetingStatus(str, enum.Enum):
    """Whether a meeting is planned, took place, or did not (codelist ``meeting-statuses``).

    >>> MeetingStatus("planned") is MeetingStatus.PLANNED
    True
    """

    PLANNED = "planned"
    HELD = "held"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"


class HostRotation(str, enum.Enum):
    """Who hosts successive meetings of a body (codelist ``host-rotations``).

    >>> HostRotation("alternating") is HostRotation.ALTERNATING
    True
    """

    ALTERNATING = "alternating"
    FIXED = "fixed"
    UNSPECIFIED = "unspecified"


class ParticipantRole(str, enum.Enum):
    """In what capacity a person takes part (codelist ``participant-roles``).

    >>> ParticipantRole("elected_official") is ParticipantRole.ELECTED_OFFICIAL
    True
    """

    ELECTED_OFFICIAL = "elected_official"
    TECHNICAL_STAFF = "technical_staff"
    CIVIL_SOCIETY = "civil_society"
    EXPERT = "expert"
    CITIZEN = "citizen"
    DIPLOMATIC_REPRESENTATIVE = "diplomatic_representative"
    FUNDER_REPRESENTATIVE = "funder_representative"
    OTHER = "other"


class QuantityQualifier(str, enum.Enum):
    """How a stated number relates to the true one (codelist ``quantity-qualifiers``).

    Absent means the number is as stated.

    >>> QuantityQualifier("about") is QuantityQualifier.ABOUT
    True
    """

    ABOUT = "about"
    AT_LEAST = "at_least"
    MORE_THAN = "more_than"
    AT_MOST = "at_most"
    LESS_THAN = "less_than"


class DeliberationPurpose(str, enum.Enum):
    """What a council deliberation decided about (codelist ``deliberation-purposes``).

    >>> DeliberationPurpose("approve") is DeliberationPurpose.APPROVE
    True
    """

    APPROVE = "approve"
    AUTHORISE_SIGNATURE = "authorise_signature"
    RATIFY = "ratify"
    AMEND = "amend"
    RENEW = "renew"
    SUSPEND = "suspend"
    TERMINATE = "terminate"
    OTHER = "other"


class DeliberationOutcome(str, enum.Enum):
    """What became of a deliberation (codelist ``deliberation-outcomes``).

    >>> DeliberationOutcome("adopted") is DeliberationOutcome.ADOPTED
    True
    """

    ADOPTED = "adopted"
    REJECTED = "rejected"
    POSTPONED = "postponed"
    WITHDRAWN = "withdrawn"


class InstrumentStatus(str, enum.Enum):
    """Where a linked instrument stands (codelist ``instrument-statuses``).

    An announced twinning is not yet signed.

    >>> InstrumentStatus("announced") is InstrumentStatus.ANNOUNCED
    True
    """

    ANNOUNCED = "announced"
    PLANNED = "planned"
    SIGNED = "signed"
    IN_FORCE = "in_force"
    SUSPENDED = "suspended"
    ENDED = "ended"


class SignatureAct(str, enum.Enum):
    """What a signatory did to the text (codelist ``signature-acts``); absent: not stated.

    >>> SignatureAct("signed") is SignatureAct.SIGNED
    True
    """

    SIGNED = "signed"
    INITIALLED = "initialled"


class VoteMajority(str, enum.Enum):
    """By what majority a council adopted a deliberation (codelist ``vote-majorities``).

    >>> VoteMajority("unanimous") is VoteMajority.UNANIMOUS
    True
    """

    UNANIMOUS = "unanimous"
    LARGE_MAJORITY = "large_majority"
    MAJORITY = "majority"


CLOSED_CODELISTS: dict[str, type[enum.Enum]] = {
    "instrument-kinds": InstrumentKind,
    "instrument-relations": InstrumentRelation,
    "party-kinds": PartyKind,
    "party-roles": PartyRole,
    "renewal-modes": RenewalMode,
    "action-statuses": ActionStatus,
    "budget-commitments": Commitment,
    "funding-natures": FundingNature,
    "meeting-modes": MeetingMode,
    "meeting-statuses": MeetingStatus,
    "host-rotations": HostRotation,
    "participant-roles": ParticipantRole,
    "quantity-qualifiers": QuantityQualifier,
    "deliberation-purposes": DeliberationPurpose,
    "deliberation-outcomes": DeliberationOutcome,
    "instrument-statuses": InstrumentStatus,
    "signature-acts": SignatureAct,
    "vote-majorities": VoteMajority,
}
