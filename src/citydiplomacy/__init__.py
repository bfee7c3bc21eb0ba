"""citydiplomacy: the format, typed model and validator for decentralised cooperation conventions.

Read a convention, ask it questions, write it back::

    import citydiplomacy as cd

    conv = cd.load("examples/grenoble-tiznit.yaml")
    [p.name.text("fr") for p in conv.parties]      # ['Grenoble', 'Tiznit']
    report = cd.validate("examples/grenoble-tiznit.yaml")
    text = cd.dumps(conv, format="json")
"""

from __future__ import annotations

__version__ = "0.1.0"

from ._api import (
    dump,
    dumps,
    from_document,
    load,
    loads,
    to_document,
    validate,
    validate_document,
    validate_text,
)
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
from ._model import (
    Action,
    Axis,
    Body,
    BudgetLine,
    Cadence,
    Convention,
    Decision,
    Deliberation,
    Document,
    Governance,
    Identifier,
    Indicator,
    InstrumentLink,
    Meeting,
    Member,
    Objective,
    Participant,
    Party,
    Period,
    Renewal,
    Signatory,
    Signature,
    Term,
)
from ._report import ConventionError, Finding, Report, Severity
from ._resources import schema_path
from ._schema import schema, schema_id, schema_version
from ._tz import (
    UnknownTimeZone,
    WallTime,
    classify_wall_time,
    tz_database_version,
    zone,
)
from ._values import Duration, FrozenDict, MultilingualText, PartialDate

__all__ = [
    "Action",
    "ActionStatus",
    "Axis",
    "Body",
    "BudgetLine",
    "Cadence",
    "Commitment",
    "Convention",
    "ConventionError",
    "Decision",
    "Deliberation",
    "Document",
    "Duration",
    "Finding",
    "FrozenDict",
    "FundingNature",
    "Governance",
    "HostRotation",
    "Identifier",
    "Indicator",
    "InstrumentKind",
    "InstrumentLink",
    "InstrumentRelation",
    "Meeting",
    "MeetingMode",
    "MeetingStatus",
    "Member",
    "MultilingualText",
    "Objective",
    "ParticipantRole",
    "PartialDate",
    "Participant",
    "Party",
    "PartyKind",
    "PartyRole",
    "Period",
    "Renewal",
    "RenewalMode",
    "Report",
    "Severity",
    "Signatory",
    "Signature",
    "Term",
    "UnknownTimeZone",
    "WallTime",
    "__version__",
    "classify_wall_time",
    "dump",
    "dumps",
    "from_document",
    "load",
    "loads",
    "schema",
    "schema_id",
    "schema_path",
    "schema_version",
    "to_document",
    "tz_database_version",
    "validate",
    "validate_document",
    "validate_text",
    "zone",
]
