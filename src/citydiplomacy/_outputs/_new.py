"""Start a new convention file: a valid, commented starting point for another city.

:func:`new_convention_text` turns a few answers (the partners, the kind of
instrument, the authoritative language) into YAML that is valid by construction and
whose comments guide the next steps: what to fill in, that a field left out means
"not known", how to validate. ``citydiplomacy new`` is the command-line face of it,
and ``examples/template.yaml`` is its output for the placeholder answers.

>>> grenoble = NewPartner(name="Grenoble", country="FR", time_zone="Europe/Paris")
>>> tiznit = NewPartner(name="Tiznit", country="MA", languages=["ar"])
>>> options = NewConventionOptions(partners=(grenoble, tiznit))
>>> document = new_convention_document(options)
>>> document["id"], document["authoritative_language"], document["languages"]
('grenoble-tiznit-framework-convention', 'ar', ['ar'])
>>> [party["id"] for party in document["parties"]]
['grenoble', 'tiznit']
"""

from __future__ import annotations

import csv
import functools
import importlib.resources
import json
import re
import textwrap
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import jinja2

from citydiplomacy._base._report import ConventionError
from citydiplomacy._base._resources import codelists_dir
from citydiplomacy._checking._api import validate_text
from citydiplomacy._checking._rules import is_well_formed_language_tag
from citydiplomacy._checking._schema import schema, schema_id
from citydiplomacy._domain._codes import InstrumentKind
from citydiplomacy._time._tz import UnknownTimeZone, zone

#: Where the documentation lives; comments in new files link to it.
DOCS_URL = "https://citydiplomacy.github.io/"

#: Names used when no partner is given: clearly placeholders, still valid.
PLACEHOLDER_PARTNERS = ("Your city", "Partner city")

#: The authoritative language used when none is known yet (a placeholder too).
PLACEHOLDER_LANGUAGE = "en"


# ---------------------------------------------------------------- checks of single answers


@functools.cache
def _pattern(definition: str) -> re.Pattern[str]:
    """The ``pattern`` of a ``$defs`` entry of the bundled schema, compiled."""
    return re.compile(str(schema()["$defs"][definition]["pattern"]))


def _matches(definition: str, value: str) -> bool:
    return _pattern(definition).search(value) is not None


_FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})


def check_text(value: str, what: str = "text") -> str:
    """Strip ``value`` and check it is one non-empty line of text; return it.

    >>> check_text("  Grenoble ")
    'Grenoble'
    """
    text = value.strip()
    if not text:
        raise ValueError(f"the {what} must not be empty")
    if any(unicodedata.category(c) in _FORBIDDEN_CATEGORIES for c in text):
        raise ValueError(f"the {what} must be one line of text without control characters")
    return text


@functools.lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    """ISO 3166-1 alpha-2 codes and English names, from the ``tzdata`` package."""
    tab = importlib.resources.files("tzdata").joinpath("zoneinfo").joinpath("iso3166.tab")
    out: dict[str, str] = {}
    for line in tab.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            code, _, name = line.partition("\t")
            out[code.strip()] = name.strip()
    return out


def check_country(value: str) -> str:
    """Check an ISO 3166-1 alpha-2 country code (any letter case); return it upper-cased.

    >>> check_country("ma")
    'MA'
    """
    code = value.strip().upper()
    if not _matches("CountryCode", code) or code not in _countries():
        raise ValueError(
            f"{value!r} is not an ISO 3166-1 alpha-2 country code; use two letters such as FR or MA"
        )
    return code


@functools.cache
def zones_for_country(country: str) -> tuple[str, ...]:
    """The IANA zones used in a country, from ``zone.tab`` of the ``tzdata`` package.

    >>> zones_for_country("MA")
    ('Africa/Casablanca',)
    """
    tab = importlib.resources.files("tzdata").joinpath("zoneinfo").joinpath("zone.tab")
    found = []
    for line in tab.read_text("utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) >= 3 and fields[0] == country:
            found.append(fields[2])
    return tuple(found)


def check_time_zone(value: str) -> str:
    """Check an IANA zone name against the ``tzdata`` package and the schema; return it.

    Raises :class:`~citydiplomacy.UnknownTimeZone` (a ``ValueError``) for a name the
    database does not know, and ``ValueError`` for a legacy alias such as ``US/Eastern``.

    >>> check_time_zone("Africa/Casablanca")
    'Africa/Casablanca'
    """
    name = value.strip()
    zone(name)  # raises UnknownTimeZone
    if not _matches("TimeZone", name):
        raise UnknownTimeZone(
            f"{name!r} is a legacy alias; use the zone's Area/Location name, "
            "such as 'Europe/Paris' or 'America/New_York'"
        )
    return name


def check_language(value: str) -> str:
    """Check a BCP 47 language tag such as ``fr``, ``ar`` or ``zgh-Tfng``; return it.

    >>> check_language("zgh-Tfng")
    'zgh-Tfng'
    """
    tag = value.strip()
    if not _matches("LanguageTag", tag) or not is_well_formed_language_tag(tag):
        raise ValueError(
            f"{value!r} is not a BCP 47 language tag; use a tag such as fr, ar, en or zgh-Tfng"
        )
    return tag


def check_id(value: str) -> str:
    """Check an identifier: a letter or digit, then letters, digits, ``.``, ``-`` or ``_``.

    >>> check_id("grenoble-tiznit-2025")
    'grenoble-tiznit-2025'
    """
    ident = value.strip()
    if not _matches("Id", ident) or len(ident) > 128:
        raise ValueError(
            f"{value!r} is not a valid id: start with a letter or digit, then use letters, "
            "digits, '.', '-' or '_' (at most 128 characters)"
        )
    return ident


def check_kind(value: str | InstrumentKind) -> InstrumentKind:
    """The :class:`~citydiplomacy.InstrumentKind` named by ``value`` (its code).

    >>> check_kind("framework_convention")
    <InstrumentKind.FRAMEWORK_CONVENTION: 'framework_convention'>
    """
    if isinstance(value, InstrumentKind):
        return value
    code = value.strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return InstrumentKind(code)
    except ValueError:
        choices = ", ".join(k.value for k in InstrumentKind)
        raise ValueError(f"{value!r} is not a kind of instrument; use one of: {choices}") from None


def slug(text: str) -> str:
    """A lower-case ASCII id made from a name, or ``""`` when nothing Latin is left.

    >>> slug("Saint-Étienne")
    'saint-etienne'
    >>> slug("ⵜⵉⵣⵏⵉⵜ")
    ''
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40].strip("-")


# ---------------------------------------------------------------- options


def _optional_country(value: str | None) -> str | None:
    return check_country(value) if value is not None and value.strip() else None


def _optional_time_zone(value: str | None) -> str | None:
    return check_time_zone(value) if value is not None and value.strip() else None


def _optional_id(value: str | None) -> str | None:
    return check_id(value) if value is not None and value.strip() else None


def _optional_language(value: str | None) -> str | None:
    return check_language(value) if value is not None and value.strip() else None


def _optional_title(value: str | None) -> str | None:
    return check_text(value, "title") if value is not None and value.strip() else None


def _partner_name(value: str) -> str:
    return check_text(value, "partner name")


def _languages(values: Iterable[str]) -> tuple[str, ...]:
    if isinstance(values, str):
        values = [values]
    out: list[str] = []
    for value in values:
        if value.strip():
            tag = check_language(value)
            if tag.lower() not in {t.lower() for t in out}:
                out.append(tag)
    return tuple(out)


@attrs.frozen(kw_only=True)
class NewPartner:
    """One partner local government of a new convention.

    Only ``name`` is required; leave out what you do not know (it stays out of the
    file). Every value is checked when the object is built and a ``ValueError``
    says what is wrong.

    Attributes:
        name: The partner's name as the authoritative text writes it.
        country: ISO 3166-1 alpha-2 code, e.g. ``"MA"`` (any case).
        time_zone: IANA zone name, checked against the ``tzdata`` package.
        languages: BCP 47 tags of the languages the partner works in; together
            they make the convention's ``languages``.
        id: The party's id in the file; made from the name when left out.

    >>> NewPartner(name="Tiznit", country="ma", languages=("ar", "zgh-Tfng")).country
    'MA'
    """

    name: str = attrs.field(converter=_partner_name)
    country: str | None = attrs.field(default=None, converter=_optional_country)
    time_zone: str | None = attrs.field(default=None, converter=_optional_time_zone)
    languages: tuple[str, ...] = attrs.field(default=(), converter=_languages)
    id: str | None = attrs.field(default=None, converter=_optional_id)

    @classmethod
    def parse(cls, spec: str) -> NewPartner:
        r"""Read ``NAME[,COUNTRY[,TIME_ZONE[,LANGUAGE...]]]``, as given to ``--partner``.

        Empty fields are unknown facts and stay out of the file; write ``\,`` for a
        comma inside the name.

        >>> tiznit = NewPartner.parse("Tiznit,MA,Africa/Casablanca,ar,zgh-Tfng")
        >>> tiznit.name, tiznit.country, tiznit.time_zone, tiznit.languages
        ('Tiznit', 'MA', 'Africa/Casablanca', ('ar', 'zgh-Tfng'))
        >>> NewPartner.parse("Grenoble,,,fr").country is None
        True
        """
        fields = [f.replace("\x00", ",") for f in spec.replace("\\,", "\x00").split(",")]
        name, country, time_zone, *languages = [*fields, "", ""][: max(len(fields), 3)]
        return cls(name=name, country=country, time_zone=time_zone, languages=tuple(languages))


def _placeholder_partners() -> tuple[NewPartner, ...]:
    return tuple(NewPartner(name=name) for name in PLACEHOLDER_PARTNERS)


def _partners(values: Iterable[NewPartner]) -> tuple[NewPartner, ...]:
    partners = tuple(values)
    if len(partners) < 2:
        raise ValueError(
            "a convention is concluded by at least two local governments: give two partners or more"
        )
    return partners


@attrs.frozen(kw_only=True)
class NewConventionOptions:
    """What :func:`new_convention_text` needs to start a convention file.

    Every field has a default, so ``NewConventionOptions()`` gives the placeholder
    file of ``examples/template.yaml`` ("Your city" and "Partner city").

    Attributes:
        partners: The partner local governments, at least two.
        kind: The kind of instrument; a framework convention by default.
        id: The instrument's id; made from the partners and the kind when left out.
        language: The authoritative language (BCP 47); by default the first
            language of the first partner that has one, else ``"en"``.
        title: The title in the authoritative language; generated when left out.

    >>> NewConventionOptions(kind="declaration_of_intent").kind
    <InstrumentKind.DECLARATION_OF_INTENT: 'declaration_of_intent'>
    """

    partners: tuple[NewPartner, ...] = attrs.field(
        factory=_placeholder_partners, converter=_partners
    )
    kind: InstrumentKind = attrs.field(
        default=InstrumentKind.FRAMEWORK_CONVENTION, converter=check_kind
    )
    id: str | None = attrs.field(default=None, converter=_optional_id)
    language: str | None = attrs.field(default=None, converter=_optional_language)
    title: str | None = attrs.field(default=None, converter=_optional_title)

    def __attrs_post_init__(self) -> None:
        given = [p.id for p in self.partners if p.id]
        repeated = sorted({i for i in given if given.count(i) > 1})
        if repeated:
            raise ValueError(f"two partners have the same id {repeated[0]!r}")
        if self.id is not None and self.id in self.party_ids():
            raise ValueError(
                f"the instrument's id {self.id!r} is also a party's id; ids are unique in a file"
            )

    @property
    def authoritative_language(self) -> str:
        """The authoritative language that will be written."""
        if self.language:
            return self.language
        for partner in self.partners:
            if partner.languages:
                return partner.languages[0]
        return PLACEHOLDER_LANGUAGE

    @property
    def languages(self) -> tuple[str, ...]:
        """The convention's ``languages``: empty when no language was given at all."""
        given = [lang for p in self.partners for lang in p.languages]
        if self.language is None and not given:
            return ()
        return _languages([self.authoritative_language, *given])

    def party_ids(self) -> tuple[str, ...]:
        """The party ids, in partner order: given ones, else made from names, unique."""
        given = [p.id for p in self.partners if p.id]
        ids: list[str] = []
        for number, partner in enumerate(self.partners, start=1):
            if partner.id:
                ids.append(partner.id)
                continue
            base = slug(partner.name) or f"partner-{number}"
            candidate, suffix = base, 2
            while candidate in ids or candidate in given:
                candidate, suffix = f"{base}-{suffix}", suffix + 1
            ids.append(candidate)
        return tuple(ids)

    def convention_id(self) -> str:
        """The instrument's id: given, else ``<party>-<party>-<kind>``."""
        if self.id:
            return self.id
        ids = self.party_ids()
        head = "-".join(ids[:3]) + ("-and-others" if len(ids) > 3 else "")
        return f"{head}-{self.kind.value.replace('_', '-')}"[:128].rstrip("-._")


# ---------------------------------------------------------------- the document


@functools.cache
def _kind_titles() -> dict[str, dict[str, str]]:
    path = codelists_dir() / "instrument-kinds.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["code"]: {"en": row["title_en"], "fr": row["title_fr"]}
            for row in csv.DictReader(handle)
        }


def _names_joined(names: Sequence[str], conjunction: str) -> str:
    if len(names) <= 2:
        return f" {conjunction} ".join(names)
    return ", ".join(names[:-1]) + f" {conjunction} " + names[-1]


def _is_language(tag: str, base: str) -> bool:
    """True when ``tag`` is ``base`` or extends it (``fr-FR`` is French)."""
    return tag.lower() == base or tag.lower().startswith(base + "-")


def _title(options: NewConventionOptions) -> dict[str, str]:
    language = options.authoritative_language
    if options.title:
        return {language: options.title}
    names = [p.name for p in options.partners]
    titles = _kind_titles()[options.kind.value]
    out: dict[str, str] = {}
    if not _is_language(language, "en") and not _is_language(language, "fr"):
        # No wording in that language to generate: the names alone, as given.
        out[language] = " \u2013 ".join(names)  # an en dash
    for base, between, conjunction in (("fr", "entre", "et"), ("en", "between", "and")):
        if base == "en" or any(_is_language(t, base) for t in (language, *options.languages)):
            key = language if _is_language(language, base) else base
            out[key] = f"{titles[base]} {between} {_names_joined(names, conjunction)}"
    # The authoritative language first.
    return {language: out[language], **{k: v for k, v in out.items() if k != language}}


def new_convention_document(options: NewConventionOptions | None = None) -> dict[str, Any]:
    """The plain document that :func:`new_convention_text` writes (without comments).

    >>> new_convention_document()["parties"][0]["name"]
    {'en': 'Your city'}
    """
    options = options or NewConventionOptions()
    language = options.authoritative_language
    document: dict[str, Any] = {
        "schema_version": _schema_version(),
        "id": options.convention_id(),
        "kind": options.kind.value,
        "title": _title(options),
    }
    if not options.title:
        # The title is composed here, not the instrument's own wording: say so.
        document["title_descriptive"] = True
    document["authoritative_language"] = language
    if options.languages:
        document["languages"] = list(options.languages)
    parties = []
    for party_id, partner in zip(options.party_ids(), options.partners, strict=True):
        party: dict[str, Any] = {
            "id": party_id,
            "kind": "local_government",
            "role": "partner",
            "name": {language: partner.name},
        }
        if partner.country:
            party["country"] = partner.country
        if partner.time_zone:
            party["time_zone"] = partner.time_zone
        parties.append(party)
    document["parties"] = parties
    return document


def _schema_version() -> str:
    versions = schema()["$defs"]["SchemaVersion"]["enum"]
    return str(versions[-1])


# ---------------------------------------------------------------- writing YAML with comments


#: Plain words that YAML 1.1 tools read as booleans, null or numbers: always quoted.
_YAML_WORDS = frozenset(
    ["y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", ".nan", ".inf", "-.inf"]
)
_PLAIN = re.compile(r"[^\W\d_](?:[\w.'()/+-]| (?=\S))*")
_ESCAPE_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp", "Cn", "Co"})


def scalar(value: object) -> str:
    """A YAML scalar for ``value``: plain when that is unambiguous, else double-quoted.

    Quoting follows JSON, which YAML reads the same way; words that YAML 1.1 tools
    would read as booleans or null (``no``, ``on``, ``null``) are quoted too.

    >>> scalar("Grenoble"), scalar("No"), scalar("2025"), scalar("a: b")
    ('Grenoble', '"No"', '"2025"', '"a: b"')
    """
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, (int, float)):
        return json.dumps(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS:
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    return "".join(
        f"\\u{ord(c):04x}"
        if unicodedata.category(c) in _ESCAPE_CATEGORIES and ord(c) <= 0xFFFF
        else (f"\\U{ord(c):08x}" if unicodedata.category(c) in _ESCAPE_CATEGORIES else c)
        for c in quoted
    )


def _flow(values: Iterable[object]) -> str:
    return "[" + ", ".join(scalar(v) for v in values) + "]"


#: The file ``new`` writes, as it reads (see the comment at its top).
_TEMPLATE = "new-convention.yaml.j2"
#: An example line of the template: commented out unless examples are wanted.
_EXAMPLE_LINE = re.compile(r"( *)#~(.*)")


@functools.cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("citydiplomacy._outputs", "templates"),
        # YAML, not HTML: every answer goes through the scalar filter (YAML quoting).
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.filters["scalar"] = scalar
    environment.filters["flow"] = _flow
    return environment.get_template(_TEMPLATE)


def _designation_example(language: str) -> str:
    """A ``designation`` example line in the authoritative language, if one is at hand."""
    if _is_language(language, "fr"):
        return f"{language}: convention-cadre de coopération décentralisée"
    if _is_language(language, "es"):
        return f"{language}: memorando de entendimiento"
    return "en: framework agreement"


def _note(text: str, note: str) -> str:
    """``text`` followed by a trailing ``# note``, aligned with its neighbours."""
    return f"{text:<28} # {note}"


def _zone_suggestion(partner: NewPartner) -> str:
    """The first zone of the partner's country, for the commented ``time_zone`` line."""
    suggestions = zones_for_country(partner.country) if partner.country else ()
    return suggestions[0] if suggestions else "Europe/Paris"


def _render(options: NewConventionOptions | None, *, examples: bool) -> str:
    """The template filled with the answers; its examples uncommented on request."""
    options = options or NewConventionOptions()
    document = new_convention_document(options)
    ids = options.party_ids()
    zones = [p.time_zone for p in options.partners if p.time_zone]
    text = _template().render(
        document=document,
        language=document["authoritative_language"],
        placeholder=options.partners == _placeholder_partners() and options.language is None,
        kind_title=_kind_titles()[options.kind.value]["en"],
        kind_comment=textwrap.wrap(
            "Kind of instrument (codelist instrument-kinds): "
            + ", ".join(k.value for k in InstrumentKind)
            + ".",
            width=86,
        ),
        designation=_designation_example(document["authoritative_language"]),
        parties=list(zip(document["parties"], options.partners, strict=True)),
        first=ids[0],
        second=ids[1],
        first_name=options.partners[0].name,
        meeting_zone=zones[0] if zones else "Europe/Paris",
        docs_url=DOCS_URL,
        schema_id=schema_id(),
        note=_note,
        zone_suggestion=_zone_suggestion,
    )
    lines = []
    for written in text.splitlines():
        example = _EXAMPLE_LINE.fullmatch(written)
        if example is None:
            lines.append(written)
        else:
            pad, rest = example.groups()
            lines.append(pad + rest if examples else (pad + "# " + rest).rstrip())
    return "\n".join(lines) + "\n"


def new_convention_text(options: NewConventionOptions | None = None) -> str:
    """A new convention as commented YAML text, valid against the schema and the rules.

    Without options it is the placeholder file ``examples/template.yaml``. The text
    is validated before it is returned; a :class:`~citydiplomacy.ConventionError`
    would mean a bug in this function, never in your answers (those are checked
    when the options are built).

    >>> import citydiplomacy as cd
    >>> text = new_convention_text(
    ...     NewConventionOptions(partners=(NewPartner(name="Grenoble"), NewPartner(name="Tiznit")))
    ... )
    >>> cd.validate_text(text).valid
    True
    >>> cd.loads(text).parties[1].name.text()
    'Tiznit'
    """
    text = _render(options, examples=False)
    report = validate_text(text, format="yaml", name="<new convention>")
    if not report.valid:
        raise ConventionError(report.errors, "<new convention>")
    return text
