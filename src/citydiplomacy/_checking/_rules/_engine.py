"""The rules' engine: one walk over a document, and the checker the families share.

The walk, built once from the schema, checks single values on the way (dates,
numbers, codes, language tags, zones, text: :data:`WALK_RULES`) and records ids and
references; then the checker runs each family of rules across objects, each in its
own module (see ``citydiplomacy._checking._rules``, the registry).

The schema checks shapes; these rules check meaning: ids are unique, references
resolve, dates exist and come in order, meetings happen at wall times that exist,
codes come from the codelists, language tags are well formed, and so on.

They run on the parsed document (plain JSON values), which may also break the
schema: every rule skips what does not have the shape it expects and never raises.
A value the schema already rejects (a date that does not match the date pattern,
say) is left to the schema, so one mistake gives one finding.

Every rule id is listed in the registry's ``RULES`` with its severity, what it checks
and how to fix it; the docs and ``citydiplomacy validate --list-rules`` print it.

Design decisions, stated once:

* **One id namespace per file.** The schema says every id is "unique among the ids
  in the file": a party, an axis and an action may not share an id, and the
  convention's own ``id`` counts too. A reference then names one object without
  context, and ids can serve as anchors in exports (reports, calendars).
* **Dates are compared honestly.** A date is an EDTF string (format 1.1): ``2025``
  stands for any day of 2025, ``2025-21`` for any day of spring 2025, ``2019-10-23?``
  for a day that may be off, ``2022-10/..`` for an interval without end. Each stands
  for the days of its :meth:`PartialDate.possible_range` (qualifiers widen it, open
  ends and unknown years reach the supported range's ends); two dates are out of
  order only when one is *certainly* before the other (every possible day of the
  first is after every possible day of the second). Overlapping dates give no finding.
* **A file says which version it is written in.** A ``schema_version: "1.0"`` file
  that uses anything 1.1 added (a member, a closed-codelist code, a date form beyond
  ``YYYY``/``YYYY-MM``/``YYYY-MM-DD``) gets one ``version.needs-1.1`` finding, at the
  first use in the file: readers of 1.0 would refuse it.
* **The term's last day** follows :mod:`citydiplomacy._time._terms`: ``end`` inclusive,
  else ``start + duration - 1 day``; tacit renewals extend it (without limit when
  ``max_renewals`` is absent), explicit renewals only by ``renewed_by`` links, and
  ``termination.date`` (or the deprecated ``terminated_on``) cuts it. Without a stated
  renewal only the initial period counts.
* **A target without its goal is a warning** (``sdg.target-goal-mismatch``): the
  target code names its goal, so the document keeps one meaning, but readers that
  filter axes by ``sdg_goals`` would miss the axis.
* **Blank text is an error, an empty list a warning.** Text made only of spaces says
  nothing and usually is an unfilled template; an empty list means the same as
  leaving the key out and is dropped when the file is written back.
* **A term starting before the signature is a warning** (``date.retroactive-start``),
  not an error: yearly implementing conventions are often signed in spring with
  effect from 1 January. Every other date order is an error.
* **Codes are checked against maintained lists**: countries, subdivisions and
  currencies against ISO 3166-1, 3166-2 and 4217 as shipped by ``pycountry``, language
  subtags against the IANA registry as shipped by ``langcodes``; the data files are read
  once per process, on first use (see :func:`_iso_codes` and :func:`_subtag_registry`).
"""

from __future__ import annotations

import calendar
import csv
import datetime as _dt
import difflib
import functools
import importlib.resources
import importlib.util
import json
import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

import attrs

from citydiplomacy._base._report import DocumentPath, Finding, Severity
from citydiplomacy._base._resources import SCHEMA_FILE, codelists_dir, schemas_dir
from citydiplomacy._checking._schema import schema
from citydiplomacy._domain._values import (
    MAX_DATE,
    MAX_DECIMAL_DIGITS,
    MAX_DECIMAL_PLACES,
    MIN_DATE,
    PartialDate,
    decimal_problem,
    parse_local_datetime,
)

ERROR = Severity.ERROR
WARNING = Severity.WARNING


@attrs.frozen
class RuleInfo:
    """One rule of the registry: its stable id, severity, what it checks, how to fix it."""

    id: str
    severity: Severity
    summary: str
    fix: str

    @property
    def family(self) -> str:
        """The part of the id before the first dot, e.g. ``date`` for ``date.order``."""
        return self.id.split(".", 1)[0]


def _r(rule_id: str, severity: Severity, summary: str, fix: str) -> RuleInfo:
    return RuleInfo(rule_id, severity, summary, fix)


#: The rules checked on single values during the walk (dates, numbers, codes, language
#: tags, zones, text); the rules across objects are in their family's module.
WALK_RULES: tuple[RuleInfo, ...] = (
    _r(
        "date.invalid",
        ERROR,
        "A date or a meeting time has the right shape but is not a real date: a day that "
        "does not exist (2025-02-30, 2026-04-31T10:00), a year outside 0001 to 9999, an "
        "interval that ends before it starts, or a date with no known digit (XXXX). Dates "
        "are EDTF strings (format 1.1): 2025-03-14, 2025-03, 2025, seasons such as 2025-21 "
        "(spring 2025), unspecified digits (2025-03-XX, 201X), qualifiers (2019-10-23? "
        "uncertain, 2016-09~ approximate), intervals (2023-08-30/2023-09-03, 2022-10/..) "
        "and sets ([2019, 2021-06], [2022-10..]).",
        "Give a real calendar day; write only what is known instead of guessing: 2025-03 "
        "for a month, 2025 for a year, 2025-21 for spring 2025, 2025-03-XX when the day is "
        "not stated, 2025-03-14? when it is uncertain; leave the date out when nothing of "
        "it is known.",
    ),
    _r(
        "number.too-precise",
        ERROR,
        "An amount, share, baseline or target has more than 4 decimal places or more "
        "than 15 digits (trailing zeros of large numbers count), which JSON numbers "
        "cannot carry exactly.",
        "Round the number (money needs at most 4 decimal places).",
    ),
    _r(
        "timezone.unknown",
        ERROR,
        "A time zone name is not in the IANA time zone database shipped in the `tzdata` "
        "package (e.g. Europe/Grenoble).",
        "Use the name of the zone's main city, such as Europe/Paris or "
        "Africa/Casablanca (the message suggests close matches).",
    ),
    _r(
        "codelist.unknown-code",
        WARNING,
        "A code of an open codelist (sectors, action kinds, target groups, government "
        "levels, meeting and body kinds, document kinds, identifier schemes, shared "
        "values) is not listed in the bundled codelist. Own codes are allowed; a listed "
        "code lets others compare conventions.",
        "Use a listed code where one fits (the message suggests close matches); keep "
        "your own snake_case code otherwise.",
    ),
    _r(
        "content.empty",
        ERROR,
        "A text is only white space: it says nothing (often a template left unfilled). "
        "Empty strings are reported by the schema (`schema.minLength`).",
        "Write the text, or leave the field out when it is not known.",
    ),
    _r(
        "content.empty-list",
        WARNING,
        "A list is empty. It means the same as leaving the key out and is dropped when "
        "the file is written back; often a template left unfilled.",
        "Fill the list, or remove the key.",
    ),
    _r(
        "language.malformed",
        ERROR,
        "A language tag is not well formed by the grammar of BCP 47 (RFC 5646, section "
        "2.1, including grandfathered and private-use tags), e.g. `fr-FR-FR` or "
        "`en-a`. Whether the subtags are registered is `language.unknown-subtag`.",
        "Write a tag such as fr, en, ar, zgh-Tfng, fr-MA or es-419.",
    ),
    _r(
        "language.unknown-subtag",
        ERROR,
        "A well-formed language tag has a subtag (language, extended language, script, "
        "region or variant) that the IANA Language Subtag Registry does not list, e.g. "
        "`fra` (the registered subtag is `fr`) or `en-UK` (the region is GB). The registry "
        "is the copy shipped with the `langcodes` package; extensions and private-use "
        "subtags are not checked.",
        "Use the registered subtag (the message suggests one when it can), e.g. fr, en, "
        "ar, zgh-Tfng, fr-MA or es-419.",
    ),
    _r(
        "language.duplicate",
        ERROR,
        "The same language tag appears twice in one text or in `languages`, differing "
        "only in letter case (tags are case-insensitive: fr and FR are the same).",
        "Keep one entry per language.",
    ),
    _r(
        "language.missing-authoritative",
        WARNING,
        "A text has no version in the convention's `authoritative_language` (a tag "
        "matches when it is the same or one extends the other, as fr and fr-FR). Not "
        "checked: files without `authoritative_language` or with `authentic_languages` "
        "(equally authentic versions); document titles and notes (they stay in the "
        "source's language); the instrument's own `designation`; a party's `country_note` "
        "(the sources' own words); and proper names given "
        "in one language only (names of parties, former names and successors, places of "
        "signature and meetings, organisations of witnesses, attendees and participants, "
        "names of funding programmes).",
        "Add the text in the authoritative language, which prevails over translations.",
    ),
    _r(
        "code.unknown-country",
        ERROR,
        "A country code is not an ISO 3166-1 alpha-2 code (as listed by the `pycountry` "
        "package), e.g. `UK` (the code of the United Kingdom is GB).",
        "Use the two-letter ISO 3166-1 code of the country, e.g. FR, MA, NG, CO, DZ, CZ or CN.",
    ),
    _r(
        "code.unknown-subdivision",
        ERROR,
        "A subdivision code is not an ISO 3166-2 code (as listed by the `pycountry` "
        "package), e.g. `FR-99`.",
        "Use the ISO 3166-2 code of the region, department or province (e.g. FR-38, "
        "FR-ARA, MA-09, MA-TIZ); the message suggests close codes of the same country.",
    ),
    _r(
        "code.unknown-currency",
        ERROR,
        "A currency code is not a current ISO 4217 code (as listed by the `pycountry` "
        "package), e.g. `DHS` for the Moroccan dirham (MAD).",
        "Use the three-letter ISO 4217 code, e.g. EUR, MAD, XOF, NGN, COP, DZD, CZK or CNY.",
    ),
)


#: The severity of each semantic rule, filled by the registry (``_rules/__init__.py``)
#: from every family's rules.
_SEVERITY: dict[str, Severity] = {}

#: The families of rules across objects, in the order they run: each is a function
#: of its own module taking the checker, attached to it under this name by the
#: registry.
FAMILIES = (
    "_range",
    "_ids",
    "_references",
    "_parties",
    "_languages",
    "_dates",
    "_term",
    "_actions",
    "_meetings",
    "_sdgs",
)


# ------------------------------------------------------------------ document layout


@attrs.frozen
class _Field:
    """What a property of a schema object holds: a ``$defs`` name or a JSON type."""

    kind: str
    many: bool
    min_items: int = 0


@attrs.frozen
class _Layout:
    objects: dict[str, dict[str, _Field]]
    #: Schema patterns of leaf definitions (compiled on first use by :func:`_pattern`:
    #: the date pattern alone takes 5 to 15 ms to compile, and only a date that is not
    #: one needs it). The date pattern is under ``Date`` (``PartialDate`` in 1.0).
    patterns: dict[str, str | None]
    #: Open codelists by schema definition name.
    open_codelists: dict[str, str]
    #: Codes of the closed codelists (schema definitions with an ``enum``).
    enums: dict[str, frozenset[str]]


def _ref_name(sub: Mapping[str, Any]) -> str:
    ref = sub.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return ref[len("#/$defs/") :]
    kind = sub.get("type")
    return kind if isinstance(kind, str) else ""


@functools.lru_cache(maxsize=1)
def _layout() -> _Layout:
    """Which property holds what, read from the bundled schema (once)."""
    defs: Mapping[str, Any] = schema().get("$defs", {})
    objects: dict[str, dict[str, _Field]] = {}
    for name, definition in defs.items():
        properties = definition.get("properties") if isinstance(definition, Mapping) else None
        if definition.get("type") != "object" or not isinstance(properties, Mapping):
            continue
        fields = {}
        for prop, sub in properties.items():
            if sub.get("type") == "array" and isinstance(sub.get("items"), Mapping):
                fields[prop] = _Field(_ref_name(sub["items"]), True, int(sub.get("minItems", 0)))
            else:
                fields[prop] = _Field(_ref_name(sub), False)
        objects[name] = fields
    patterns: dict[str, str | None] = {}
    for name in _PATTERNED:
        source = "PartialDate" if name == "Date" and "Date" not in defs else name
        pattern = defs.get(source, {}).get("pattern")
        patterns[name] = pattern if isinstance(pattern, str) else None
    return _Layout(objects, patterns, _open_codelists(), _enums(defs))


@functools.cache
def _pattern(kind: str) -> re.Pattern[str] | None:
    """The schema's pattern for a leaf definition, compiled for Python (None: none, or
    not compilable: then every value is taken as accepted)."""
    pattern = _layout().patterns.get(kind)
    try:
        return re.compile(pattern) if pattern is not None else None
    except re.error:
        return None


#: Leaf definitions whose schema pattern the rules consult (see :func:`_accepts`).
_PATTERNED = (
    "Date",
    "LocalDateTime",
    "LanguageTag",
    "TimeZone",
    "CountryCode",
    "SubdivisionCode",
    "CurrencyCode",
)


def _enums(defs: Mapping[str, Any]) -> dict[str, frozenset[str]]:
    return {
        name: frozenset(v for v in definition["enum"] if isinstance(v, str))
        for name, definition in defs.items()
        if isinstance(definition, Mapping) and isinstance(definition.get("enum"), list)
    }


@attrs.frozen
class _Since:
    """What format 1.1 added to one object kind, for ``version.needs-1.1``."""

    #: Members that 1.0 does not define.
    members: frozenset[str]
    #: Member -> the codes of its closed codelist that 1.0 does not define.
    codes: dict[str, frozenset[str]]
    #: Members that 1.0 requires and 1.1 made optional (``Document.title``...).
    relaxed: frozenset[str] = frozenset()


@functools.lru_cache(maxsize=1)
def _since_1_0() -> dict[str, _Since]:
    """Per object kind, what the current schema adds to the 1.0 schema (read once).

    Both schemas ship with the package (the 1.0 one byte for byte as published), so
    the difference is computed, not listed by hand. Kinds that 1.0 lacks entirely
    (``Programme``...) can only be reached through a new member of an older kind,
    which is reported first.
    """
    try:
        old_text = (schemas_dir() / "1.0" / SCHEMA_FILE).read_text("utf-8")
    except OSError:
        return {}
    old_defs: Mapping[str, Any] = json.loads(old_text).get("$defs", {})
    old_layout = {
        name: definition.get("properties", {})
        for name, definition in old_defs.items()
        if isinstance(definition, Mapping) and isinstance(definition.get("properties"), Mapping)
    }
    old_enums = _enums(old_defs)
    layout = _layout()
    defs: Mapping[str, Any] = schema().get("$defs", {})
    out = {}
    for kind, fields in layout.objects.items():
        if kind not in old_layout:
            continue
        relaxed = frozenset(old_defs[kind].get("required", ())) - frozenset(
            defs[kind].get("required", ())
        )
        members = frozenset(fields) - frozenset(old_layout[kind])
        codes = {}
        for key, field in fields.items():
            if key in members or key == "schema_version" or field.kind not in old_enums:
                continue
            added = layout.enums.get(field.kind, frozenset()) - old_enums[field.kind]
            if added:
                codes[key] = added
        if members or codes or relaxed:
            out[kind] = _Since(members, codes, relaxed)
    return out


@functools.lru_cache(maxsize=1)
def _open_codelists() -> dict[str, str]:
    """Schema definition name -> codelist name, for the open codelists of ``index.csv``."""
    out = {}
    with (codelists_dir() / "index.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("openness") == "open" and row.get("schema_def") and row.get("codelist"):
                out[row["schema_def"]] = row["codelist"]
    return out


@functools.cache
def codelist_codes(codelist: str) -> tuple[str, ...]:
    """The codes of a bundled codelist, in file order (read once per codelist)."""
    with (codelists_dir() / f"{codelist}.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(row["code"] for row in csv.DictReader(handle) if row.get("code"))


@functools.cache
def _country_zones(country: str) -> tuple[str, ...]:
    """The zones ``zone.tab`` of the tzdata package lists for an ISO 3166 country."""
    try:
        table = importlib.resources.files("tzdata").joinpath("zoneinfo").joinpath("zone.tab")
        lines = table.read_text("utf-8").splitlines()
    except (OSError, ModuleNotFoundError):
        return ()
    zones = []
    for line in lines:
        fields = line.split("\t")
        if len(fields) >= 3 and fields[0] == country:
            zones.append(fields[2])
    return tuple(zones)


def _code_set(codelist: str) -> frozenset[str]:
    return frozenset(codelist_codes(codelist))


#: Reference properties: (schema object, property) -> the kind of object referred to.
#: Every ``sources`` list refers to documents. ``InstrumentLink.instrument`` names an
#: instrument that may live in another file, so it is not resolved here.
REFERENCES: dict[tuple[str, str], str] = {
    ("Attendee", "party"): "Party",
    ("Party", "part_of"): "Party",
    ("PartyDecision", "party"): "Party",
    ("PartyDecision", "deliberation"): "Deliberation",
    ("InstrumentLink", "parties"): "Party",
    ("Action", "objectives"): "Objective",
    ("Action", "programmes"): "Programme",
    ("BudgetLine", "programme"): "Programme",
    ("Programme", "funder"): "Party",
    ("Deliberation", "party"): "Party",
    ("Deliberation", "document"): "Document",
    ("Signatory", "party"): "Party",
    ("InstrumentLink", "document"): "Document",
    ("Objective", "axes"): "Axis",
    ("Action", "axes"): "Axis",
    ("Action", "lead_party"): "Party",
    ("Action", "participants"): "Party",
    ("Action", "instrument"): "Instrument",
    ("BudgetLine", "funder"): "Party",
    ("Member", "party"): "Party",
    ("Cadence", "hosts"): "Party",
    ("Meeting", "body"): "Body",
    ("Meeting", "host"): "Party",
    ("Meeting", "minutes"): "Document",
    ("Participant", "party"): "Party",
    ("Decision", "actions"): "Action",
}
UNRESOLVED_REFERENCES = frozenset({("InstrumentLink", "instrument")})

_KIND_NAMES = {
    "Party": "a party",
    "Document": "a document",
    "Axis": "an axis",
    "Action": "an action",
    "Body": "a governance body",
    "Objective": "an objective",
    "Deliberation": "a deliberation",
    "Indicator": "an indicator",
    "Meeting": "a meeting",
    "Convention": "the convention itself",
    "Instrument": "an instrument",
    "Programme": "a funding programme",
}

#: Where the objects that references point to are listed.
_COLLECTIONS: dict[str, tuple[str, ...]] = {
    "Party": ("parties",),
    "Document": ("documents",),
    "Axis": ("axes",),
    "Action": ("actions",),
    "Body": ("governance", "bodies"),
    "Objective": ("objectives",),
    "Programme": ("programmes",),
    "Deliberation": ("deliberations",),
}

#: Texts that are not checked for the authoritative language: titles and notes of
#: source documents are bibliographic, in the source's own language.
_NO_AUTHORITATIVE_CHECK = frozenset({"Document"})
#: (object kind, member) of texts never checked for the authoritative language: the
#: instrument's own designation, as written in it, and words quoted from the sources.
_OWN_WORDS = frozenset(
    {
        ("Convention", "designation"),
        ("InstrumentLink", "designation"),
        # The country as the sources state it: their words, in their language.
        ("Party", "country_note"),
    }
)
#: (object kind, member) of proper names: not checked when given in one language
#: only (a name in its own language is not a missing translation).
_PROPER_NAMES = frozenset(
    {
        ("Party", "name"),
        ("FormerName", "name"),
        ("Successor", "name"),
        ("Signature", "place"),
        ("Meeting", "place"),
        ("Signatory", "place"),
        ("Attendee", "organisation"),
        ("Participant", "organisation"),
        ("Programme", "name"),
    }
)


# ------------------------------------------------------------------ language tags

_ALNUM = "[a-z0-9]"
_LANGTAG = (
    r"(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})"  # language, extlang
    r"(?:-[a-z]{4})?"  # script
    r"(?:-(?:[a-z]{2}|[0-9]{3}))?"  # region
    rf"(?:-(?:{_ALNUM}{{5,8}}|[0-9]{_ALNUM}{{3}}))*"  # variants
    rf"(?:-[0-9a-wy-z](?:-{_ALNUM}{{2,8}})+)*"  # extensions (singleton: not x)
    rf"(?:-x(?:-{_ALNUM}{{1,8}})+)?"  # private use
)
_PRIVATEUSE = rf"x(?:-{_ALNUM}{{1,8}})+"
_GRANDFATHERED = (
    "en-gb-oed|i-ami|i-bnn|i-default|i-enochian|i-hak|i-klingon|i-lux|i-mingo|"
    "i-navajo|i-pwn|i-tao|i-tay|i-tsu|sgn-be-fr|sgn-be-nl|sgn-ch-de|"
    "art-lojban|cel-gaulish|no-bok|no-nyn|zh-guoyu|zh-hakka|zh-min|zh-min-nan|zh-xiang"
)
_BCP47 = re.compile(rf"(?:{_LANGTAG}|{_PRIVATEUSE}|{_GRANDFATHERED})", re.ASCII)


def is_well_formed_language_tag(tag: str) -> bool:
    """True when ``tag`` is well formed by the ABNF of RFC 5646 (case-insensitive).

    >>> [is_well_formed_language_tag(t) for t in ("zgh-Tfng", "es-419", "en-GB-oed", "fr-FR-FR")]
    [True, True, True, False]
    """
    return isinstance(tag, str) and _well_formed(tag)


@functools.lru_cache(maxsize=1024)
def _well_formed(tag: str) -> bool:
    return tag.isascii() and _BCP47.fullmatch(tag.lower()) is not None


def _tags_match(a: str, b: str) -> bool:
    """Same language: equal, or one tag extends the other (fr, fr-FR), ignoring case."""
    a, b = a.lower(), b.lower()
    return a == b or a.startswith(b + "-") or b.startswith(a + "-")


# ------------------------------------------------------------------ registered codes
#
# Cost, measured on this project's machine (CPython 3.11, files in the page cache):
# ``import pycountry`` takes 25 ms and its first ``subdivisions.get`` 30 ms more (it
# builds an object per code), whereas reading its JSON data files into frozensets
# takes 0.3 ms (ISO 3166-1), 2 ms (3166-2, 5 ms with json.loads) and 0.6 ms (4217);
# the sets are kept for the life of the process. ``import langcodes``
# takes 25 ms (its CLDR tables), whereas reading the IANA registry file it ships takes
# about 1 ms and looking one subtag up in it (``bytes.find``) 10 to 400 us. A
# pre-commit hook checks one file in about 120 ms in all, so the data files are read
# directly, once per process and only when a code of their kind is met (``warm_up``
# reads them before the command forks its workers); langcodes is imported only to
# suggest a replacement for a subtag the registry does not list.

#: Data file of pycountry and the field holding the code, by ISO standard.
_ISO_FILES = {
    "3166-1": ("iso3166-1.json", "alpha_2"),
    "3166-2": ("iso3166-2.json", "code"),
    "4217": ("iso4217.json", "alpha_3"),
}
#: Codes outside ISO 3166-1 that real records use for a country: XK is the
#: user-assigned code for Kosovo used by the European Union and by CLDR.
_USER_ASSIGNED_COUNTRIES = frozenset({"XK"})
#: Exceptionally reserved ISO 3166-1 codes met in real records, and the code to use.
_RESERVED_COUNTRIES = {"UK": "GB", "EL": "GR"}


def _package_dir(package: str) -> Path:
    """Where an installed package's files are, without importing it (see above)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise OSError(f"the {package} package is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


@functools.cache
def _iso_codes(standard: str) -> frozenset[str]:
    """The codes of an ISO standard (``3166-1``, ``3166-2``, ``4217``) as pycountry ships them.

    The code fields are picked out of the JSON text with a pattern (2 ms for ISO
    3166-2, against 5 to 9 ms for ``json.loads``); a test checks that both agree.
    """
    file, field = _ISO_FILES[standard]
    data = (_package_dir("pycountry") / "databases" / file).read_bytes()
    pattern = re.compile(rb'"' + field.encode("ascii") + rb'"\s*:\s*"([^"\\]+)"')
    codes = frozenset(code.decode("ascii") for code in pattern.findall(data))
    return codes | _USER_ASSIGNED_COUNTRIES if standard == "3166-1" else codes


@functools.cache
def _pycountry_version() -> str:
    # Imported here: importlib.metadata takes 17 ms to import, and only a finding needs it.
    import importlib.metadata  # noqa: PLC0415

    try:
        return importlib.metadata.version("pycountry")
    except importlib.metadata.PackageNotFoundError:
        return "unknown version"


@attrs.frozen
class _Registry:
    """The IANA Language Subtag Registry, as the bytes of the file langcodes ships."""

    data: bytes
    #: Type -> (first, last) subtag of each range (private use: qaa..qtz, QM..QZ...).
    ranges: dict[str, tuple[tuple[str, str], ...]]
    #: The registry's File-Date.
    date: str

    def lists(self, kind: str, subtag: str) -> bool:
        """Whether the registry lists ``subtag`` (in its registry case) of type ``kind``."""
        if self.data.find(f"Type: {kind}\nSubtag: {subtag}\n".encode("ascii")) >= 0:
            return True
        return any(
            len(first) == len(subtag) and first <= subtag <= last
            for first, last in self.ranges.get(kind, ())
        )

    def subtags(self, kind: str) -> list[str]:
        """Every subtag of a type (a scan of the file: for suggestions only)."""
        pattern = re.compile(rb"Type: " + kind.encode("ascii") + rb"\nSubtag: ([A-Za-z0-9]+)\n")
        return [m.decode("ascii") for m in pattern.findall(self.data)]


@functools.cache
def _subtag_registry() -> _Registry:
    data = (_package_dir("langcodes") / "data" / "language-subtag-registry.txt").read_bytes()
    ranges: dict[str, list[tuple[str, str]]] = {}
    # A handful of ranges ("Subtag: qaa..qtz"): found with bytes.find (0.6 ms), as a
    # regular expression over the whole file takes 6 ms.
    at = data.find(b"..")
    while at >= 0:
        start = data.rfind(b"\n", 0, at) + 1
        kind_line = data.rfind(b"\nType: ", 0, start)
        m = _RANGE_LINE.match(data, start)
        kind = _TYPE_LINE.match(data, kind_line + 1) if kind_line >= 0 else None
        if m is not None and kind is not None and data.rfind(b"%%", kind_line, start) < 0:
            first, last = m.group(1).decode("ascii"), m.group(2).decode("ascii")
            ranges.setdefault(kind.group(1).decode("ascii"), []).append((first, last))
        at = data.find(b"..", at + 2)
    date = re.match(rb"File-Date: ([0-9-]+)", data)
    return _Registry(
        data,
        {kind: tuple(pairs) for kind, pairs in ranges.items()},
        date.group(1).decode("ascii") if date else "unknown date",
    )


_RANGE_LINE = re.compile(rb"Subtag: ([A-Za-z0-9]+)\.\.([A-Za-z0-9]+)\n")
_TYPE_LINE = re.compile(rb"Type: ([a-z]+)\n")
_GRANDFATHERED_TAGS = frozenset(_GRANDFATHERED.split("|"))


def unregistered_subtags(tag: str) -> list[tuple[str, str]]:
    """The (type, subtag) pairs of a well-formed tag that the IANA registry does not list.

    Language, extended language, script, region and variant subtags are looked up
    (in the registry's letter case); extensions and private-use subtags are not, and
    grandfathered tags are registered whole.

    >>> unregistered_subtags("zgh-Tfng"), unregistered_subtags("fra-UK")
    ([], [('language', 'fra'), ('region', 'UK')])
    """
    lowered = tag.lower()
    if lowered in _GRANDFATHERED_TAGS or lowered.startswith("x-"):
        return []
    registry = _subtag_registry()
    parts = lowered.split("-")
    out: list[tuple[str, str]] = []

    def check(kind: str, subtag: str) -> None:
        if not registry.lists(kind, subtag):
            out.append((kind, subtag))

    check("language", parts[0])
    i = 1
    while i < len(parts) and i <= 3 and len(parts[i]) == 3 and parts[i].isalpha():
        check("extlang", parts[i])
        i += 1
    if i < len(parts) and len(parts[i]) == 4 and parts[i].isalpha():
        check("script", parts[i].title())
        i += 1
    if i < len(parts) and (len(parts[i]) == 2 or (len(parts[i]) == 3 and parts[i].isdigit())):
        check("region", parts[i].upper())
        i += 1
    while i < len(parts) and len(parts[i]) > 1:
        check("variant", parts[i])
        i += 1
    return out


# ------------------------------------------------------------------ small helpers

#: Purposes of the deliberations that come before the signature.
_APPROVALS = frozenset({"approve", "authorise_signature"})
#: The date forms of format 1.0 (a valid date of another form needs 1.1; 2025-21 is
#: the season spring 2025, not a month).
_DATE_SHAPE = re.compile(r"^[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-[0-9]{2})?)?$")
_DATETIME_SHAPE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2})?$")
_ONE_DAY = _dt.timedelta(days=1)
_COUNTRY_SHAPE = re.compile(r"^[A-Z]{2}$")
#: No clock change moves wall time by more than this (Samoa skipped a whole day in
#: 2011): wall times further apart compare the same as their instants.
_CLOCK_CHANGE_BOUND = _dt.timedelta(hours=26)
_DURATION = re.compile(r"^P(?=[0-9])(?:([0-9]+)Y)?(?:([0-9]+)M)?(?:([0-9]+)W)?(?:([0-9]+)D)?$")


def _partial_date(value: object) -> PartialDate | None:
    """The partial date a value stands for, or None when it is not one."""
    if not isinstance(value, str):
        return None
    return _partial_date_of(value)


def _date_problem(value: str) -> str | None:
    """Why a string is not a date of the format (the model's own words), or None."""
    try:
        PartialDate.parse(value)
    except ValueError as exc:
        return str(exc).rstrip(".")
    return None


@functools.lru_cache(maxsize=4096)
def _partial_date_of(value: str) -> PartialDate | None:
    # Cached: the same dates recur across a document and across a corpus (and the
    # model parses forms beyond YYYY-MM-DD with the edtf package, in milliseconds).
    try:
        return PartialDate.parse(value)
    except ValueError:
        return None


#: The forms of dates, for messages about a date that is not one.
_DATE_FORMS = (
    "write a day that exists (2025-03-14), or only what is known: 2025-03 for a month, "
    "2025 for a year, 2025-21 for spring 2025 (-22 summer, -23 autumn, -24 winter), "
    "2025-03-XX when the day is not stated, 2025-03-14? when it is uncertain, 2025-03~ "
    "when it is approximate, 2023-08-30/2023-09-03 for several days; leave the date out "
    "when nothing of it is known"
)


def _local_datetime(value: object) -> _dt.datetime | None:
    """The wall time a local date-time stands for (cached), or None."""
    if not isinstance(value, str):
        return None
    wall: _dt.datetime | None = _WALLS.get(value, _UNSEEN)
    if wall is _UNSEEN:
        try:
            wall = parse_local_datetime(value) if _DATETIME_SHAPE.match(value) else None
        except ValueError:
            wall = None
        _remember(_WALLS, value, wall)
    return wall


def _duration(value: object) -> tuple[int, int, int, int] | None:
    if not isinstance(value, str):
        return None
    m = _DURATION.match(value)
    if m is None:
        return None
    parts = tuple(int(g) if g else 0 for g in m.groups())
    if not any(parts):
        return None
    return parts[0], parts[1], parts[2], parts[3]


def _times(parts: tuple[int, int, int, int], n: int) -> tuple[int, int, int, int]:
    return parts[0] * n, parts[1] * n, parts[2] * n, parts[3] * n


def _plus(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    return a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]


def _shift(day: _dt.date, parts: tuple[int, int, int, int]) -> _dt.date | None:
    """``day`` plus a duration, the day clamped to the month's last (as pendulum does).

    None when the result is past the calendar.
    """
    years, months, weeks, days = parts
    total = day.year * 12 + day.month - 1 + years * 12 + months
    year, month0 = divmod(total, 12)
    if not 1 <= year <= 9999:
        return None
    last = calendar.monthrange(year, month0 + 1)[1]
    try:
        return _dt.date(year, month0 + 1, min(day.day, last)) + _dt.timedelta(days=weeks * 7 + days)
    except OverflowError:
        return None


#: The largest count of each duration part (years, months, weeks, days) that fits in
#: the supported range: a longer duration can never be added to any date of it.
_RANGE_PARTS = (
    MAX_DATE.year - MIN_DATE.year,
    (MAX_DATE.year - MIN_DATE.year + 1) * 12 - 1,
    (MAX_DATE - MIN_DATE).days // 7,
    (MAX_DATE - MIN_DATE).days,
)


def _beyond_range(parts: tuple[int, int, int, int]) -> bool:
    """Whether a duration is longer than the whole supported range (cheap bounds first,
    then the exact sum from the first day, without converting huge numbers)."""
    if any(p > limit for p, limit in zip(parts, _RANGE_PARTS, strict=True)):
        return True
    return _shift(MIN_DATE, parts) is None


def _number(value: object) -> Decimal | None:
    """A JSON number as an exact Decimal (``0.1`` stays 0.1), or None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _number_problem(value: float) -> str | None:
    """Why the model would refuse a JSON number, or None."""
    number = _number(value)
    return None if number is None else decimal_problem(number)


@functools.cache
def _tz() -> ModuleType:
    """The time zone module, imported on first use: pendulum costs about 40 ms to import
    and only documents with time zones need it."""
    from citydiplomacy._time import _tz as module  # noqa: PLC0415 - deferred on purpose, see docstring

    return module


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _dicts(node: object, key: str) -> list[tuple[int, dict[str, Any]]]:
    """The (index, item) pairs of the list ``node[key]`` whose items are objects."""
    if not isinstance(node, dict):
        return []
    items = node.get(key)
    if not isinstance(items, list):
        return []
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)]


def _obj(node: object, key: str) -> dict[str, Any] | None:
    if not isinstance(node, dict):
        return None
    value = node.get(key)
    return value if isinstance(value, dict) else None


def _file_order(document: object, parent: DocumentPath, last: str | int) -> tuple[int, ...]:
    """Where a value stands in the file: its path with every key as its rank in its object."""
    order = []
    node = document
    for step in (*parent, last):
        if isinstance(node, dict):
            order.append(list(node).index(step))
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int):
            order.append(step)
            node = node[step]
    return tuple(order)


def _quote(value: object, limit: int = 60) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


#: Close-match suggestions cost a scan of the candidates each; a document gets this
#: many, so that a file with thousands of wrong references stays fast to check.
_SUGGESTIONS_PER_DOCUMENT = 50
_MAX_CANDIDATES = 1000
#: And a bound on their total work: comparing two strings costs up to the product of
#: their lengths, and about five million such units take a second. Many long, similar
#: ids (a 91 KB file took 44 s) exhaust it; the suggestions then stop.
_SUGGESTION_WORK_PER_DOCUMENT = 5_000_000


def _suggest(value: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for a close match, else an empty string."""
    options = list(choices)
    if not options or len(options) > _MAX_CANDIDATES:
        return ""
    close = difflib.get_close_matches(value, options, n=2, cutoff=0.7)
    if not close:
        lowered = {o.lower(): o for o in options}
        if value.lower() in lowered:
            close = [lowered[value.lower()]]
    if not close:
        return ""
    return " (did you mean " + " or ".join(repr(c) for c in close) + "?)"


def _listing(choices: Sequence[str], limit: int = 12) -> str:
    shown = ", ".join(choices[:limit])
    return shown + (f", ... ({len(choices)} in all)" if len(choices) > limit else "")


# ------------------------------------------------------------------ the checker
#
# Speed. A corpus of thousands of files is checked in CI, so the walk is the hot path
# (about 500 values and 100 objects in a 20 KB convention). It runs one walker per
# schema object kind (see _walkers), built once from the schema as plain closures: a
# walker goes over the members the object holds, in the file's order (most of a
# kind's members are absent), and calls the check of each member a rule looks at,
# specialised for its value type, against bounded per-process caches of what a value
# gives. A path is built only for a finding: ids and references are recorded as
# (parent path, last step). The cross-object rules then run once over the collected
# records and, for actions, in one pass. Measured on the 2,000-file benchmark corpus
# (CPython 3.11, each document seen once): 0.70 ms per document with a schema-driven
# interpreter of the plan, 0.35 ms with walkers generated as source and run through
# exec. The closures replaced those generated walkers: on the example and positive
# test files, in one process, the walk takes 2 to 8 % longer than the generated code
# did (best of 60 interleaved rounds), for code that reads as it runs.


class _Checker:
    """One pass over a document: leaf checks while walking, then cross-object rules."""

    #: Attached by the registry from their families' modules: ``version.needs-1.1``,
    #: and the term's bounds (earliest start, latest last day, where that day comes
    #: from), which other families read too.
    _version: Callable[[], None]
    _term_bounds: Callable[[], tuple[_dt.date | None, _dt.date | None, str]]

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document
        self.findings: list[Finding] = []
        #: (object kind, parent path, last step, id) for every id, in file order.
        self.ids: list[tuple[str, DocumentPath, str | int, str]] = []
        #: (what it refers to, rule, parent path, last step, value) for every reference.
        self.refs: list[tuple[str, str, DocumentPath, str | int, str]] = []
        authoritative = document.get("authoritative_language")
        authentic = document.get("authentic_languages")
        #: The authoritative language when it is a well-formed tag (else not checked);
        #: None too when the language versions are equally authentic.
        self.authoritative: str | None = (
            authoritative
            if isinstance(authoritative, str)
            and is_well_formed_language_tag(authoritative)
            and not (isinstance(authentic, list) and authentic)
            else None
        )
        #: Whether the file says it is format 1.0.
        self.v10 = document.get("schema_version") == "1.0"
        #: (parent path, last step, what) of each use of something 1.1 added, in a 1.0 file.
        self.newer: list[tuple[DocumentPath, str | int, str]] = []
        #: (earliest start, latest last day, where that day comes from), by _term.
        self.term_bounds: tuple[_dt.date | None, _dt.date | None, str] = (None, None, "")
        self._suggestions_left = _SUGGESTIONS_PER_DOCUMENT
        self._suggestion_work_left = _SUGGESTION_WORK_PER_DOCUMENT
        self._countries: dict[str, str] | None = None

    def suggest(self, value: str, choices: Iterable[str]) -> str:
        """A close match (see :func:`_suggest`), while the document's budget lasts."""
        if self._suggestions_left <= 0:
            return ""
        options = list(choices)
        work = len(value) * sum(len(o) for o in options)
        if work > self._suggestion_work_left:
            return ""
        self._suggestions_left -= 1
        self._suggestion_work_left -= work
        return _suggest(value, options)

    def add(self, rule: str, path: DocumentPath, message: str) -> None:
        """Record a finding of a rule of this module."""
        self.findings.append(Finding(rule, _SEVERITY[rule], path, message))

    def run(self) -> list[Finding]:
        """Every finding of the semantic rules, in no particular order."""
        # Each family runs guarded: a bug in one gives its own `internal.rule-error`
        # finding and never hides the findings of the others (one try per family,
        # not per value: the walk stays the hot path it was).
        self._guarded("walk", lambda: self._object("Convention", self.document, ()))
        for name in FAMILIES:
            self._guarded(name.lstrip("_"), getattr(self, name))
        if self.newer:
            self._guarded("version", self._version)
        return self.findings

    def _guarded(self, family: str, run: Callable[[], None]) -> None:
        """Run one rule family; an exception becomes its `internal.rule-error` finding."""
        try:
            run()
        except Exception as exc:
            self.findings.append(
                Finding(
                    "internal.rule-error",
                    Severity.ERROR,
                    (),
                    f"the {family} rules failed on this document ({type(exc).__name__}: "
                    f"{exc}); the other rules' findings are reported; please report this "
                    "with the file",
                )
            )

    # -- walking, driven by the schema's layout

    def _object(self, kind: str, node: Mapping[str, Any], path: DocumentPath) -> None:
        """Walk an object of a schema kind (and everything in it): see :func:`_walkers`."""
        walker = _WALKERS.get(kind)
        if walker is not None:
            walker(self, node, path)

    def _empty_list(self, path: DocumentPath) -> None:
        self.add(
            "content.empty-list",
            path,
            f"the list {path[-1]!r} is empty; fill it in, or remove the key "
            "(leaving a key out says the same and is what gets written back)",
        )

    def _leaf(  # noqa: PLR0917 - the walk's hot path: positional calls cost less
        self,
        mode: int,
        arg: Any,
        owner: str,
        value: object,
        parent: DocumentPath,
        last: str | int,
    ) -> None:
        """Check one value; its path is ``(*parent, last)``, built only for a finding."""
        if mode == _TEXT:
            if isinstance(value, dict):
                self._text(owner, value, parent, last)
        elif mode == _DATE:
            if isinstance(value, str):
                problem = _cached(_DATE_PROBLEMS, value, _date_leaf_problem)
                if problem:
                    opening = (
                        problem
                        if problem.startswith(repr(value))
                        else f"{value!r} is not a real date: {problem}"
                    )
                    self.add("date.invalid", (*parent, last), f"{opening}; {_DATE_FORMS}")
                elif problem is not None and self.v10:
                    self.newer.append((parent, last, f"the date form {value!r}"))
        elif mode == _ID:
            if isinstance(value, str):
                self.ids.append((owner, parent, last, value))
        elif mode == _NUMBER:
            if value.__class__ is int:
                if -_EXACT_INT < value < _EXACT_INT:
                    return
            elif value.__class__ is not float:
                return
            problem = _cached(_NUMBER_PROBLEMS, value, _number_problem)
            if problem is not None:
                self.add(
                    "number.too-precise",
                    (*parent, last),
                    f"{value} has {problem}: numbers are kept exactly with at most "
                    f"{MAX_DECIMAL_PLACES} decimal places and {MAX_DECIMAL_DIGITS} "
                    "digits; round the number",
                )
        elif mode == _CODE:
            codelist, codes = arg
            if isinstance(value, str) and value and value not in codes:
                self._unknown_code(codelist, value, (*parent, last))
        elif mode == _DATETIME:
            if isinstance(value, str):
                problem = _cached(_DATETIME_PROBLEMS, value, _datetime_leaf_problem)
                if problem is not None:
                    self.add("date.invalid", (*parent, last), problem)
        elif mode == _LANGUAGE:
            if isinstance(value, str) and value not in _GOOD_TAGS:
                self._language(value, (*parent, last))
        elif mode == _PLAIN:
            if isinstance(value, str) and value.isspace():
                self._blank((*parent, last))
        elif mode == _ZONE and isinstance(value, str) and value not in _zones():
            self._zone(owner, value, parent, last)
        elif mode in _ISO and isinstance(value, str):
            self._iso_code(mode, value, parent, last)

    # -- leaf checks (the slow paths)

    def _text(
        self, owner: str, value: Mapping[str, Any], parent: DocumentPath, last: str | int
    ) -> None:
        if value.keys() <= _LOWERCASE_GOOD_TAGS:
            # Every tag is known good and in lower case, so no two are the same tag.
            for tag, text in value.items():
                if isinstance(text, str) and text.isspace():
                    self._blank((*parent, last, tag))
        else:
            good = _GOOD_TAGS
            for tag, text in value.items():
                if not isinstance(tag, str):
                    continue
                if isinstance(text, str) and text.isspace():
                    self._blank((*parent, last, tag))
                if tag not in good:
                    self._language(tag, (*parent, last, tag))
            if len({tag.lower() for tag in value if isinstance(tag, str)}) < len(value):
                self._duplicate_tags(value, (*parent, last))
        authoritative = self.authoritative
        if (
            authoritative is not None
            and authoritative not in value
            and value
            and owner not in _NO_AUTHORITATIVE_CHECK
        ):
            keys = [k for k in value if isinstance(k, str)]
            if (
                keys
                and not any(_tags_match(authoritative, k) for k in keys)
                and (owner, last) not in _OWN_WORDS
                and not (len(keys) == 1 and (owner, last) in _PROPER_NAMES)
            ):
                self.add(
                    "language.missing-authoritative",
                    (*parent, last),
                    f"no text in the authoritative language {authoritative!r} (given: "
                    f"{', '.join(keys)}); add the {authoritative!r} version, which prevails "
                    "over translations",
                )

    def _duplicate_tags(self, value: Mapping[str, Any], path: DocumentPath) -> None:
        tags = [tag for tag in value if isinstance(tag, str)]
        seen: dict[str, str] = {}
        for tag in tags:
            folded = tag.lower()
            if folded in seen:
                self.add(
                    "language.duplicate",
                    (*path, tag),
                    f"language {tag!r} is already given as {seen[folded]!r} (language tags "
                    "ignore letter case); merge the two entries into one",
                )
            else:
                seen[folded] = tag

    def _blank(self, path: DocumentPath) -> None:
        self.add(
            "content.empty",
            path,
            "the text is only white space; write the text, or leave the field out "
            "when it is not known",
        )

    def _language(self, value: object, path: DocumentPath) -> None:
        if not isinstance(value, str) or not _accepts("LanguageTag", value):
            return
        if is_well_formed_language_tag(value):
            unknown = _cached(_UNREGISTERED, value, unregistered_subtags)
            if unknown:
                self._unregistered(value, unknown, path)
            elif len(_GOOD_TAGS) < _CACHE_LIMIT:
                _GOOD_TAGS.add(value)
                if value.islower():
                    _LOWERCASE_GOOD_TAGS.add(value)
        else:
            self.add(
                "language.malformed",
                path,
                f"{value!r} is not a well-formed BCP 47 language tag (RFC 5646): expected a "
                "language subtag, then optionally a 4-letter script, a region (2 letters or "
                "3 digits) and variants, e.g. fr, zgh-Tfng, fr-MA, es-419",
            )

    def _unregistered(
        self, value: str, unknown: Sequence[tuple[str, str]], path: DocumentPath
    ) -> None:
        registry = _subtag_registry()
        named = " and ".join(f"the {_SUBTAG_NAMES[kind]} subtag {sub!r}" for kind, sub in unknown)
        self.add(
            "language.unknown-subtag",
            path,
            f"{value!r} is well formed, but the IANA Language Subtag Registry (of "
            f"{registry.date}, as shipped with langcodes) does not list {named}"
            f"{self._tag_suggestion(value, unknown)}; use registered subtags, e.g. fr, en, "
            "ar, zgh-Tfng, fr-MA, es-419",
        )

    def _tag_suggestion(self, value: str, unknown: Sequence[tuple[str, str]]) -> str:
        """`` (did you mean ...?)`` from langcodes' normalisation or the registry."""
        if self._suggestions_left <= 0:
            return ""
        self._suggestions_left -= 1
        # Imported here only: it costs 25 ms, and only an unregistered subtag needs it.
        import langcodes  # noqa: PLC0415

        try:
            standard = langcodes.standardize_tag(value)
        except (ValueError, LookupError):
            standard = value
        if standard.lower() != value.lower() and not unregistered_subtags(standard):
            return f" (did you mean {standard!r}?)"
        close = []
        for kind, sub in unknown:
            if kind in {"script", "region", "variant"}:
                close += difflib.get_close_matches(
                    sub, _subtag_registry().subtags(kind), n=2, cutoff=0.6
                )
        return " (did you mean " + " or ".join(map(repr, close)) + "?)" if close else ""

    def _iso_code(self, mode: int, value: str, parent: DocumentPath, last: str | int) -> None:
        standard, definition, what = _ISO[mode]
        known = _KNOWN_CODES[mode]
        if not known:
            known.update(_iso_codes(standard))
        if value in known or not _accepts(definition, value):
            return
        version = f"pycountry {_pycountry_version()}"
        if mode == _COUNTRY:
            hint = (
                f" (did you mean {_RESERVED_COUNTRIES[value]!r}? {value} is only "
                "exceptionally reserved)"
                if value in _RESERVED_COUNTRIES
                else self.suggest(value, sorted(known))
            )
            fix = "use the two-letter code of the country, e.g. FR, MA, NG, CO"
            rule = "code.unknown-country"
        elif mode == _SUBDIVISION:
            country = value.split("-", 1)[0]
            local = sorted(c for c in known if c.startswith(country + "-"))
            hint = self.suggest(value, local)
            fix = (
                f"use the code of the region, department or province ({len(local)} codes "
                f"of {country}, such as {', '.join(local[:4])})"
                if local
                else f"{country!r} is not a country with ISO 3166-2 subdivisions: check the code"
            )
            rule = "code.unknown-subdivision"
        else:
            hint = self.suggest(value, sorted(known))
            fix = "use the three-letter code, e.g. EUR, MAD, XOF, NGN, COP, DZD"
            rule = "code.unknown-currency"
        self.add(rule, (*parent, last), f"{value!r} is not {what} ({version}){hint}; {fix}")

    def _zone(self, owner: str, value: str, parent: DocumentPath, last: str | int) -> None:
        if not _accepts("TimeZone", value):
            return
        node = self._node_at(parent)
        if (
            owner == "Meeting"
            and isinstance(node, dict)
            and "start" not in node
            and "end" not in node
        ):
            return  # a meeting known by its date only: no wall time is read in its zone
        country = self._country_near(owner, node)
        local = _country_zones(country) if country else ()
        hint = (
            f"the zones of {country} are: {', '.join(local)}"
            if local
            else "use a zone name such as 'Europe/Paris' or 'Africa/Casablanca'"
        )
        self.add(
            "timezone.unknown",
            (*parent, last),
            f"{value!r} is not a time zone of the IANA database (tz {_tz().tz_database_version()}, "
            f"from the tzdata package){self.suggest(value, local or _zones())}; {hint}",
        )

    def _node_at(self, path: DocumentPath) -> object:
        """The value at ``path`` in the document, or None."""
        node: object = self.document
        for step in path:
            if isinstance(node, dict) and isinstance(step, str):
                node = node.get(step)
            elif isinstance(node, list) and isinstance(step, int) and step < len(node):
                node = node[step]
            else:
                return None
        return node

    def _country_near(self, owner: str, node: object) -> str | None:
        """The country of the party ``node``, or of the host of the meeting ``node``."""
        if not isinstance(node, dict):
            return None
        if owner == "Meeting":
            if self._countries is None:
                self._countries = {
                    p["id"]: p["country"]
                    for _i, p in _dicts(self.document, "parties")
                    if isinstance(p.get("id"), str) and isinstance(p.get("country"), str)
                }
            host = node.get("host")
            return self._countries.get(host) if isinstance(host, str) else None
        country = node.get("country")
        return country if isinstance(country, str) else None

    def _unknown_code(self, codelist: str, value: str, path: DocumentPath) -> None:
        codes = codelist_codes(codelist)
        self.add(
            "codelist.unknown-code",
            path,
            f"{value!r} is not in the open codelist {codelist!r}"
            f"{self.suggest(value, codes)}; use a listed code where one "
            f"fits ({_listing(codes, 8)}), else keep your own code",
        )

    # -- format version

    def _since(self, kind: str, node: Mapping[str, Any], path: DocumentPath) -> None:
        """Note each member and code of ``node`` that format 1.1 added, and each member
        1.0 requires that it leaves out (a 1.0 file)."""
        since = _since_1_0()[kind]
        for key in sorted(since.relaxed - node.keys()):
            # An absent member has no place of its own: the object (or, at the top,
            # the version that promises 1.0) stands for it.
            parent, last = (path[:-1], path[-1]) if path else ((), "schema_version")
            self.newer.append((parent, last, f"a {kind} without {key!r} (1.0 requires it)"))
        for key, value in node.items():
            if key in since.members:
                self.newer.append((path, key, f"the member {key!r} (in {kind})"))
            elif key in since.codes and _uses(value, since.codes[key]):
                values = value if isinstance(value, list) else [value]
                code = next(v for v in values if isinstance(v, str) and v in since.codes[key])
                self.newer.append((path, key, f"the {key} code {code!r}"))

    # -- ids and references

    # -- parties

    # -- languages (texts are checked for the authoritative language while walking)

    # -- dates

    # -- term

    # -- money

    # -- meetings

    # -- Sustainable Development Goals


def _offset(aware_candidate: _dt.datetime, zone_name: str) -> str:
    offset = aware_candidate.replace(tzinfo=_tz().zone(zone_name)).utcoffset()
    if offset is None:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}" + (f":{mins:02d}" if mins else "")


def warm_up() -> None:
    """Read the schema layout, the codelists, the zone names, the ISO code lists and the
    language subtag registry, and build the walkers.

    The command line calls this before it forks worker processes, so that they
    inherit the caches instead of each building them again.
    """
    _walkers()
    _zones()
    for mode, (standard, _definition, _what) in _ISO.items():
        _KNOWN_CODES[mode].update(_iso_codes(standard))
    _subtag_registry()


def rule_findings(document: Mapping[str, Any]) -> list[Finding]:
    """Findings of the semantic rules for a parsed document (which may break the schema).

    The document is plain JSON values (``dict``, ``list``, ``str``, numbers, ``bool``,
    ``None``), as the reading layer gives; other mappings are not JSON and are
    skipped like any other value of the wrong type. Never raises on bad content: what
    does not have the expected shape is skipped (the schema reports it).
    """
    if not isinstance(document, dict):
        return []
    if not _WALKERS:
        _walkers()
    return _Checker(document).run()


# ------------------------------------------------------------------ plans and caches

#: How the walk checks a property (see :func:`_steps`).
(
    _NONE,
    _WALK,
    _TEXT,
    _DATE,
    _ID,
    _REF,
    _NUMBER,
    _CODE,
    _DATETIME,
    _LANGUAGE,
    _PLAIN,
    _ZONE,
    _COUNTRY,
    _SUBDIVISION,
    _CURRENCY,
) = range(15)

#: The modes checked against an ISO list: (standard, schema definition, what it is).
_ISO: dict[int, tuple[str, str, str]] = {
    _COUNTRY: ("3166-1", "CountryCode", "an ISO 3166-1 alpha-2 country code"),
    _SUBDIVISION: ("3166-2", "SubdivisionCode", "an ISO 3166-2 subdivision code"),
    _CURRENCY: ("4217", "CurrencyCode", "a current ISO 4217 currency code"),
}
#: The codes of each ISO mode, filled on first use (the walkers hold these very sets,
#: so a known code costs one ``in``; see the cost note above :data:`_ISO_FILES`).
_KNOWN_CODES: dict[int, set[str]] = {mode: set() for mode in _ISO}

_SUBTAG_NAMES = {
    "language": "language",
    "extlang": "extended language",
    "script": "script",
    "region": "region",
    "variant": "variant",
}

#: How each leaf value type (schema $defs name or JSON type) is checked.
_LEAF_MODES: dict[str, int] = {
    "MultilingualText": _TEXT,
    "Date": _DATE,
    "PartialDate": _DATE,
    "LocalDateTime": _DATETIME,
    "CountryCode": _COUNTRY,
    "SubdivisionCode": _SUBDIVISION,
    "CurrencyCode": _CURRENCY,
    "LanguageTag": _LANGUAGE,
    "TimeZone": _ZONE,
    "Amount": _NUMBER,
    "Percentage": _NUMBER,
    "number": _NUMBER,
    "string": _PLAIN,
    "Id": _ID,
    "IdRef": _REF,
}

_Step = tuple[bool, int, int, Any]
_Walker = Callable[["_Checker", Mapping[str, Any], DocumentPath], None]
_Check = Callable[["_Checker", Any, DocumentPath, "str | int"], None]

#: The walker of each object kind (see :func:`_walkers`), once built.
_WALKERS: dict[str, _Walker] = {}
#: The plan of each walker: the check of each member it looks at, by member name.
_PLANS: dict[str, dict[str, _Check]] = {}


@functools.lru_cache(maxsize=1)
def _steps() -> dict[str, dict[str, _Step]]:
    """The walk's plan, built once from the schema: one dict lookup per property.

    Properties no rule looks at are left out, except lists (an empty list is
    reported whatever it holds). The argument is the object kind to walk into, the
    (target kind, rule) of a reference, or the (name, codes) of an open codelist.
    """
    layout = _layout()

    def how(owner: str, key: str, kind: str) -> tuple[int, Any]:
        if kind in layout.objects:
            return _WALK, kind
        mode = _LEAF_MODES.get(kind)
        if mode == _REF:
            if (owner, key) in UNRESOLVED_REFERENCES:
                return _REF, ("", "ref.self-link")
            target = "Document" if key == "sources" else REFERENCES.get((owner, key))
            if target is None:
                return _NONE, None
            rule = "signatory.unknown-party" if owner == "Signatory" else "ref.unresolved"
            return _REF, (target, rule)
        if mode is not None:
            return mode, None
        codelist = layout.open_codelists.get(kind)
        if codelist is not None:
            try:
                return _CODE, (codelist, _code_set(codelist))
            except OSError:
                return _NONE, None
        return _NONE, None

    plans: dict[str, dict[str, _Step]] = {}
    for owner, fields in layout.objects.items():
        steps = {}
        for key, field in fields.items():
            mode, arg = how(owner, key, field.kind)
            if mode != _NONE or field.many:
                steps[key] = (field.many, field.min_items, mode, arg)
        plans[owner] = steps
    return plans


def _check(mode: int, arg: Any, owner: str, walkers: Mapping[str, _Walker]) -> _Check | None:
    """The check of one value of a property (``mode``, ``arg``: see :func:`_steps`).

    A check is called as ``check(c, value, parent, last)``, the value's path being
    ``(*parent, last)``, built only for a finding. The common case (a value that is
    fine) costs one call and a test or two: the rest goes to :meth:`_Checker._leaf`.
    """
    if mode == _NONE:
        return None
    if mode == _WALK:
        into = walkers[arg]

        def walk(c: _Checker, v: Any, parent: DocumentPath, last: str | int) -> None:
            if isinstance(v, dict):
                into(c, v, (*parent, last))

        return walk
    if mode == _REF:
        target, rule = arg

        def ref(c: _Checker, v: Any, parent: DocumentPath, last: str | int) -> None:
            if isinstance(v, str):
                c.refs.append((target, rule, parent, last, v))

        return ref
    if mode == _TEXT:

        def text(c: _Checker, v: Any, parent: DocumentPath, last: str | int) -> None:
            if isinstance(v, dict):
                c._text(owner, v, parent, last)

        return text
    if mode == _ID:

        def ident(c: _Checker, v: Any, parent: DocumentPath, last: str | int) -> None:
            if isinstance(v, str):
                c.ids.append((owner, parent, last, v))

        return ident
    if mode == _CODE:
        codelist, codes = arg

        def code(c: _Checker, v: Any, parent: DocumentPath, last: str | int) -> None:
            if isinstance(v, str) and v and v not in codes:
                c._unknown_code(codelist, v, (*parent, last))

        return code
    if mode in _ISO:
        known = _KNOWN_CODES[mode]

        def iso(c: _Checker, v: Any, parent: DocumentPath, last: str | int) -> None:
            if isinstance(v, str) and v not in known:
                c._leaf(mode, arg, owner, v, parent, last)

        return iso
    if mode == _DATE:
        problems = _DATE_PROBLEMS

        def date(c: _Checker, v: Any, parent: DocumentPath, last: str | int) -> None:
            if isinstance(v, str) and problems.get(v, _UNSEEN) is not None:
                c._leaf(mode, arg, owner, v, parent, last)

        return date
    if mode == _NUMBER:

        def number(c: _Checker, v: Any, parent: DocumentPath, last: str | int) -> None:
            if not (v.__class__ is int and -_EXACT_INT < v < _EXACT_INT):
                c._leaf(mode, arg, owner, v, parent, last)

        return number

    def leaf(c: _Checker, v: Any, parent: DocumentPath, last: str | int) -> None:
        c._leaf(mode, arg, owner, v, parent, last)

    return leaf


def _since_test(since: _Since | None) -> Callable[[Mapping[str, Any]], bool] | None:
    """Whether an object uses anything format 1.1 added to its kind (a 1.0 file)."""
    if since is None:
        return None
    members, codes, relaxed = since.members, tuple(since.codes.items()), since.relaxed

    def uses_1_1(node: Mapping[str, Any]) -> bool:
        return (
            not members.isdisjoint(node)
            or any(_uses(node.get(key), added) for key, added in codes)
            or not relaxed <= node.keys()
        )

    return uses_1_1


def _each(check: _Check | None, may_be_empty: bool, into: _Walker | None = None) -> _Check:
    """The check of a list member: ``check`` on each item (or, for a list of objects,
    their walker ``into``, called straight); an empty list is reported when the schema
    allows it (else the schema's own finding says it)."""

    def each(c: _Checker, v: Any, path: DocumentPath, key: str | int) -> None:
        if isinstance(v, list):
            if v:
                if check is not None:
                    here = (*path, key)
                    for i, x in enumerate(v):
                        check(c, x, here, i)
            elif may_be_empty:
                c._empty_list((*path, key))

    def each_object(c: _Checker, v: Any, path: DocumentPath, key: str | int) -> None:
        if isinstance(v, list):
            if v:
                here = (*path, key)
                for i, x in enumerate(v):
                    if isinstance(x, dict):
                        into(c, x, (*here, i))  # type: ignore[misc]  # set with each_object
            elif may_be_empty:
                c._empty_list((*path, key))

    return each if into is None else each_object


def _walker(owner: str, since: _Since | None) -> tuple[_Walker, dict[str, _Check]]:
    """The walker of one object kind, and its plan (the check of each member), filled
    once every walker exists: objects nest in each other, and a check calls the walker
    of the kind it holds."""
    plan: dict[str, _Check] = {}
    uses_1_1 = _since_test(since)

    def walk(c: _Checker, node: Mapping[str, Any], path: DocumentPath) -> None:
        if uses_1_1 is not None and c.v10 and uses_1_1(node):
            c._since(owner, node, path)
        # The members present, in the file's order: most of a kind's members are absent.
        for key, v in node.items():
            check = plan.get(key)
            if check is not None and v is not None:
                check(c, v, path, key)

    walk.__qualname__ = walk.__name__ = f"walk_{owner}"
    return walk, plan


def _walkers() -> dict[str, _Walker]:
    """One walker per object kind, built once from the plan (see :func:`_steps`).

    A walker reads each property the plan names (``node.get``) and checks its value
    with the check of its mode (see :func:`_check`), which calls the walker of each
    nested object.
    """
    since_1_0 = _since_1_0()
    steps = _steps()
    built = {owner: _walker(owner, since_1_0.get(owner)) for owner in steps}
    walkers = {owner: walk for owner, (walk, _) in built.items()}
    for owner, (_, plan) in built.items():
        for key, (many, min_items, mode, arg) in steps[owner].items():
            check = _check(mode, arg, owner, walkers)
            if many:
                into = walkers[arg] if mode == _WALK else None
                plan[key] = _each(check, min_items == 0, into)
            elif check is not None:
                plan[key] = check
    _PLANS.update((owner, plan) for owner, (_, plan) in built.items())
    _WALKERS.update(walkers)
    return walkers


#: Per-process caches of what a value gives, keyed by the value: the same dates,
#: tags and amounts recur across a document and a corpus. Each is cleared when it
#: reaches this many entries, so memory stays flat over any number of files.
_CACHE_LIMIT = 4096
_UNSEEN: Any = object()
_DATE_PROBLEMS: dict[str, str | None] = {}
_DATETIME_PROBLEMS: dict[str, str | None] = {}
_NUMBER_PROBLEMS: dict[float | int, str | None] = {}
_BOUNDS: dict[str, tuple[_dt.date, _dt.date, str] | None] = {}
_WALLS: dict[str, _dt.datetime | None] = {}
_ACCEPTS: dict[tuple[str, str], bool] = {}
_UNREGISTERED: dict[str, list[tuple[str, str]]] = {}
#: Integers below this in size have at most MAX_DECIMAL_DIGITS digits: always exact.
_EXACT_INT = 10**MAX_DECIMAL_DIGITS

#: Language tags already found well formed and accepted by the schema pattern: the
#: same few tags recur in every text, so they are checked once per process.
_GOOD_TAGS: set[str] = set()
#: The good tags written in lower case: two of them are never the same tag.
_LOWERCASE_GOOD_TAGS: set[str] = set()

_K = TypeVar("_K", bound=Hashable)
_V = TypeVar("_V")


def _remember(cache: dict[_K, _V], key: _K, value: _V) -> _V:
    """Store ``value`` in a bounded cache and return it."""
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[key] = value
    return value


def _cached(cache: dict[_K, _V], key: _K, compute: Callable[[_K], _V]) -> _V:
    """``compute(key)``, from a bounded cache (see :func:`_remember`)."""
    found = cache.get(key, _UNSEEN)
    return _remember(cache, key, compute(key)) if found is _UNSEEN else found


def _accepts(kind: str, value: str) -> bool:
    """Whether the schema's pattern for a value type accepts the value (else the schema
    reports it, and the rules say nothing more)."""
    key = (kind, value)
    accepted = _ACCEPTS.get(key)
    if accepted is None:
        pattern = _pattern(kind)
        accepted = _remember(_ACCEPTS, key, pattern is None or pattern.search(value) is not None)
    return accepted


def _date_leaf_problem(value: str) -> str | None:
    """Why a date the schema accepts is not a real date, or None.

    A valid date in a form format 1.1 added (anything but ``YYYY[-MM[-DD]]``) gives
    the empty string: the walkers then call the leaf check, which notes the form for
    ``version.needs-1.1`` when the file says it is 1.0 (and does nothing otherwise).
    """
    if _bounds(value) is not None:
        return None if _DATE_SHAPE.match(value) else ""
    if not _accepts("Date", value):
        return None
    return _date_problem(value) or "not a date of the format"


def _datetime_leaf_problem(value: str) -> str | None:
    """The ``date.invalid`` message for a wall time the schema accepts, or None."""
    if _local_datetime(value) is not None or not _accepts("LocalDateTime", value):
        return None
    if _DATETIME_SHAPE.match(value):
        return (
            f"{value!r} is not a real date and time (the day {value[:10]} does not "
            "exist); give a real day, as YYYY-MM-DDTHH:MM"
        )
    return None


#: The earliest and latest day a date may stand for (its possible range: qualifiers
#: widen it, open ends reach the supported range's ends), and the date as written.
_Bounds = tuple[_dt.date, _dt.date, str]
_Dated = tuple[DocumentPath, _Bounds]


def _bounds(value: object) -> _Bounds | None:
    """The days a partial date may stand for (cached), or None for no real date."""
    if not isinstance(value, str):
        return None
    found: _Bounds | None = _BOUNDS.get(value, _UNSEEN)
    if found is _UNSEEN:
        date = _partial_date_of(value)
        if date is None:
            found = _remember(_BOUNDS, value, None)
        else:
            first, last = date.possible_range()
            found = _remember(_BOUNDS, value, (first, last, value))
    return found


def _dated(path: DocumentPath, value: object) -> _Dated | None:
    """A date with its path, for order checks; None when it is no real date."""
    bounds = _bounds(value)
    return None if bounds is None else (path, bounds)


def _uses(value: object, codes: frozenset[str]) -> bool:
    """Whether a value (a code or a list of codes) is or holds one of ``codes``."""
    if isinstance(value, str):
        return value in codes
    return isinstance(value, list) and any(isinstance(v, str) and v in codes for v in value)


def _share(value: object) -> Decimal | int | None:
    """A budget share as an exact number (ints as they are), or None."""
    if value.__class__ is int:
        return value
    return _number(value)


@functools.cache
def _zones() -> frozenset[str]:
    """Every zone name of the tzdata package."""
    zones: frozenset[str] = _tz().available_zones()
    return zones
