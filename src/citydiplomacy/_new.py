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
import enum
import functools
import importlib.resources
import json
import re
import textwrap
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import attrs

from ._api import validate_text
from ._codes import InstrumentKind
from ._report import ConventionError
from ._resources import codelists_dir
from ._rules import is_well_formed_language_tag
from ._schema import schema, schema_id
from ._tz import UnknownTimeZone, zone

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


class _Kind(enum.Enum):
    YAML = "yaml"
    COMMENT = "comment"
    EXAMPLE = "example"


@attrs.frozen
class _Line:
    kind: _Kind
    indent: int
    text: str


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


class _Writer:
    def __init__(self) -> None:
        self.lines: list[_Line] = []

    def yaml(self, indent: int, text: str) -> None:
        self.lines.append(_Line(_Kind.YAML, indent, text))

    def comment(self, indent: int, *texts: str) -> None:
        for text in texts:
            self.lines.append(_Line(_Kind.COMMENT, indent, text))

    def example(self, indent: int, block: str) -> None:
        for text in block.strip("\n").splitlines():
            self.lines.append(_Line(_Kind.EXAMPLE, indent, text))

    def blank(self) -> None:
        self.lines.append(_Line(_Kind.COMMENT, -1, ""))

    def render(self, *, examples: bool) -> str:
        out = []
        for line in self.lines:
            if line.indent < 0:
                out.append("")
                continue
            pad = " " * line.indent
            if line.kind is _Kind.YAML or (line.kind is _Kind.EXAMPLE and examples):
                out.append(pad + line.text)
            else:
                out.append((pad + "# " + line.text).rstrip())
        return "\n".join(out) + "\n"


def _text_block(indent: int, text: dict[str, str]) -> Iterator[str]:
    for tag, value in text.items():
        yield " " * indent + f"{tag}: {scalar(value)}"


def _write(options: NewConventionOptions) -> _Writer:
    document = new_convention_document(options)
    language = document["authoritative_language"]
    placeholder = options.partners == _placeholder_partners() and options.language is None
    ids = options.party_ids()
    first, second = ids[0], ids[1]
    zones = [p.time_zone for p in options.partners if p.time_zone]
    meeting_zone = zones[0] if zones else "Europe/Paris"
    w = _Writer()

    # First line: the schema association yaml-language-server (VS Code, Neovim...) reads.
    w.comment(0, f"yaml-language-server: $schema={schema_id()}")
    w.comment(
        0,
        f"{_kind_titles()[options.kind.value]['en']} in the citydiplomacy format"
        f" (schema {document['schema_version']}).",
        "",
        "Next steps:",
    )
    if placeholder:
        w.comment(
            0,
            '  1. Replace the placeholders ("Your city", "Partner city", the title, the id',
            "     and the authoritative language) with what the signed instrument says.",
        )
    else:
        w.comment(
            0,
            "  1. Check what is filled in below against the signed instrument; the title",
            "     and the id were generated: reword them as the instrument does.",
        )
    w.comment(
        0,
        "  2. Add what you know, section by section: each commented block is an example",
        "     to uncomment and edit. Leave out what you do not know: a field that is",
        '     absent means "not known". Never invent a day or an amount.',
        "  3. Check the file:  citydiplomacy validate <this file>",
        "",
        "Dates are EDTF (Extended Date/Time Format): write only the precision the source",
        "gives, always in quotes.",
        '  "2025-03-14"  a day              "2025-03"  a month          "2025"  a year',
        '  "2025-21"     spring 2025 (2025-22 summer, 2025-23 autumn, 2025-24 winter)',
        '  "2019-10-23?" uncertain          "2016-09~"  approximate',
        '  "2022-XX"     a month of 2022, not stated    "XXXX-09"  September, year not stated',
        '  "2023-08-30/2023-09-03"  from one day to another    "2022-10/.."  since October 2022',
        '  "[..2019]"    one day in 2019 or before',
        f"Field reference: {DOCS_URL}reference/schema/",
        f"Step by step:    {DOCS_URL}tutorial/",
    )
    w.blank()
    w.comment(0, "Version of the format this file is written in.")
    w.yaml(0, f"schema_version: {scalar(document['schema_version'])}")
    w.comment(
        0,
        "Your id for this instrument, stable over time: letters, digits, '.', '-', '_'.",
    )
    w.yaml(0, f"id: {scalar(document['id'])}")
    w.comment(
        0,
        *textwrap.wrap(
            "Kind of instrument (codelist instrument-kinds): "
            + ", ".join(k.value for k in InstrumentKind)
            + ".",
            width=86,
        ),
    )
    w.yaml(0, f"kind: {scalar(document['kind'])}")
    w.comment(
        0,
        "What the instrument calls itself, as written in it, whatever the kind above.",
    )
    w.example(0, f"designation:\n  {_designation_example(language)}")
    w.comment(
        0,
        "The title per language (BCP 47 tag, then the text); the first language is the",
        "primary one.",
    )
    w.yaml(0, "title:")
    for line in _text_block(2, document["title"]):
        w.yaml(0, line)
    if document.get("title_descriptive"):
        w.comment(
            0,
            "true: the title above was composed for this file, it is not the instrument's",
            "own wording. Remove this line when you copy the instrument's title.",
        )
        w.yaml(0, "title_descriptive: true")
    w.comment(
        0,
        "The language whose version prevails if translations differ. If the instrument",
        "says its language versions are equally authentic, write instead of it:",
        "  authentic_languages: [fr, ar]",
        "and if it says neither, leave both out.",
    )
    w.yaml(0, f"authoritative_language: {scalar(language)}")
    w.comment(0, "The languages the instrument was drawn up in.")
    if "languages" in document:
        w.yaml(0, f"languages: {_flow(document['languages'])}")
    else:
        w.example(0, "languages: [en, fr]")
    w.comment(0, "A short summary for readers and registries.")
    w.example(
        0,
        """
summary:
  en: What the partners agree to do together, in two or three sentences.
""",
    )
    w.blank()

    w.comment(
        0,
        "The parties: the local governments that conclude the instrument, then any",
        "co-signatories, implementing partners or funders (kind and role come from the",
        "codelists party-kinds and party-roles). Other fields refer to a party by its id.",
    )
    w.yaml(0, "parties:")
    for number, (party, partner) in enumerate(
        zip(document["parties"], options.partners, strict=True), start=1
    ):
        w.yaml(2, f"- id: {scalar(party['id'])}")
        w.yaml(4, "kind: local_government")
        w.yaml(4, "role: partner")
        if number == 1:
            w.comment(
                4,
                "The name in each language and script it is known by (zgh-Tfng is",
                "Tamazight in Tifinagh script).",
            )
        w.yaml(4, "name:")
        for line in _text_block(6, party["name"]):
            w.yaml(0, line)
        for tag in partner.languages:
            if tag != language:
                w.comment(6, f"{tag}: <the name as written in {tag}>")
        _party_hints(w, partner, number == 1)
    w.example(
        0,
        f"""
  - id: association-example
    kind: association
    role: implementing_partner
    name:
      {language}: Name of an association that carries out actions
""",
    )
    w.blank()

    w.comment(
        0,
        "Other instruments of the same chain: the declaration of intent this one",
        "follows, the framework convention it implements, amendments, renewals.",
    )
    w.example(
        0,
        f"""
related_instruments:
  - relation: follows
    instrument: {first}-{second}-declaration-of-intent
    kind: declaration_of_intent
    date: "2025-01"            # known to the month only: never invent a day
""",
    )
    w.blank()
    w.comment(0, "The council decisions that approved the instrument.")
    w.example(
        0,
        f"""
deliberations:
  - id: {first}-council
    party: {first}
    body:
      en: City council
    date: "2025-02-10"
    reference: DEL-2025-017
""",
    )
    w.blank()
    w.comment(0, "When, where and by whom the instrument was signed.")
    w.example(
        0,
        f"""
signature:
  date: "2025-21"              # spring 2025: only what the source states
  place:
    en: {scalar(options.partners[0].name)}
  signatories:
    - party: {first}
      office:
        en: Mayor
  witnesses:                   # present, formally witnessing, not signing for a party
    - office:
        en: Consul general
      organisation:
        en: Consulate general
""",
    )
    w.blank()
    w.comment(0, "When the instrument applies; durations are ISO 8601 (P3Y: three years).")
    w.example(
        0,
        f"""
term:
  start: "2025-03-01"
  duration: P3Y
  renewal:
    mode: tacit                # none, tacit or explicit
    period: P3Y
  notice_period: P6M
  # Only if the instrument was ended: who decided, when (it can differ by
  # party), and why.
  termination:
    date: "2027-06"
    decisions:
      - party: {first}
        date: "2027-05-12"
    reason:
      en: The reason the source gives.
""",
    )
    w.blank()
    w.comment(0, "Values the parties share (open codelist shared-values).")
    w.example(0, "values: [international_solidarity, ecological_transition]")
    w.comment(0, "Objectives the parties set themselves.")
    w.example(
        0,
        """
objectives:
  - id: objective-water
    text:
      en: Give every household safe drinking water.
    axes: [water]
""",
    )
    w.blank()
    w.comment(
        0,
        "Thematic axes, classified by sector (open codelist sectors) and by Sustainable",
        "Development Goals (numbers 1 to 17) and targets.",
    )
    w.example(
        0,
        """
axes:
  - id: water
    title:
      en: Water management
    sectors: [water_sanitation]
    sdg_goals: [6]
    sdg_targets: ["6.1"]
""",
    )
    w.blank()
    w.comment(
        0,
        "What the parties do under the axes. Give a budget line only with the amount",
        "the source states; leave the amount out when it is not known, and leave out",
        "commitment (committed or indicative) and nature (cash or in_kind) unless the",
        "source says. A total the source states apart from its lines goes in",
        "total_budget; the qualifier (about, at_least, more_than...) says how exact it is.",
    )
    w.example(
        0,
        f"""
actions:
  - id: water-training
    title:
      en: Training for water utility staff
    kind: training
    axes: [water]
    lead_party: {first}
    participants: [{first}, {second}]
    target_groups: [municipal_staff]
    status: planned
    period:
      start: "2026"
    total_budget:
      amount: 40000
      currency: EUR
      qualifier: about
    programmes: [call-for-projects]
    budget:
      - funder: {first}
        currency: EUR
        amount: 15000
        commitment: indicative
      - funder_description:
          en: other partners
        programme: call-for-projects
        currency: EUR
        amount: 25000
""",
    )
    w.blank()
    w.comment(
        0,
        "The programmes or facilities that fund actions (open codelist programme-kinds):",
        "a funder's call for projects, a national fund, a development agency's facility.",
    )
    w.example(
        0,
        f"""
programmes:
  - id: call-for-projects
    name:
      {language}: Name of the call for projects
    kind: call_for_projects
""",
    )
    w.blank()
    w.comment(
        0,
        "Follow-up: governance bodies and their meetings. A meeting's start is a local",
        "wall time (no offset) in a named IANA zone, so it stays right when a country",
        "changes its clocks (Morocco did in 2026); when the source gives only the day,",
        "the days or the month, write a `date` instead.",
    )
    w.example(
        0,
        f"""
governance:
  bodies:
    - id: steering-committee
      name:
        en: Steering committee
      kind: steering_committee
      members:
        - party: {first}
          role: elected_official
        - party: {second}
          role: technical_staff
      cadence:
        every: P6M
        rotation: alternating
        hosts: [{first}, {second}]
  meetings:
    - id: steering-committee-2026-10
      body: steering-committee
      start: "2026-10-01T10:00"
      time_zone: {meeting_zone}
      host: {first}
    - id: visit-2027
      body: steering-committee
      date: "2027-05"          # known to the month only: no clock time, no zone
      host: {second}
""",
    )
    w.blank()
    w.comment(
        0,
        "Every document this file cites; `sources` lists (here and in each object) name",
        "the documents that state the facts, so a reader can check them.",
    )
    w.example(
        0,
        """
documents:
  - id: convention-text
    kind: convention_text
    title:
      en: Signed text of the convention
    url: https://www.example.org/convention.pdf
sources: [convention-text]
""",
    )
    w.blank()
    w.comment(
        0,
        "Facts this format has no field for go under `extensions`, in any object, with",
        "keys namespaced by your organisation.",
    )
    w.example(
        0,
        """
extensions:
  yourcity:budget_code: "6574-048"
""",
    )
    return w


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


def _party_hints(w: _Writer, partner: NewPartner, first: bool) -> None:
    """Commented lines for what is not known about a partner yet."""
    if first:
        w.comment(4, "Add what you know about the party; leave out the rest.")
    w.example(4, _note("level: municipality", "codelist government-levels"))
    if partner.country:
        w.yaml(4, f"country: {scalar(partner.country)}")
        w.comment(4, _note(f"subdivisions: [{partner.country}-...]", "ISO 3166-2 codes"))
    else:
        w.example(4, _note("country: FR", "ISO 3166-1 alpha-2"))
        w.example(4, _note("subdivisions: [FR-38]", "ISO 3166-2"))
    if first:
        w.example(4, _note("identifiers:", "codelist identifier-schemes"))
        w.example(4, _note("  - scheme: wikidata", "e.g. Grenoble's Wikidata item"))
        w.example(4, "    value: Q1289")
    if partner.time_zone:
        w.yaml(4, f"time_zone: {scalar(partner.time_zone)}")
    else:
        suggestions = zones_for_country(partner.country) if partner.country else ()
        suggestion = suggestions[0] if suggestions else "Europe/Paris"
        w.example(4, _note(f"time_zone: {suggestion}", "IANA zone, for meeting times"))
    w.example(4, "url: https://www.example.org/")


def _render(options: NewConventionOptions | None, *, examples: bool) -> str:
    return _write(options or NewConventionOptions()).render(examples=examples)


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
